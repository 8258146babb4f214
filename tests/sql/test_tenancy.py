"""Tenancy rules in SQL, exercised as Supabase clients reach them: as `authenticated` with claims."""

from __future__ import annotations

import threading

import psycopg
import pytest

from tests.conftest import Actor, World

ROLES = ["owner", "admin", "manager", "worker", "vet", "accountant", "viewer"]


def perms(world: World, actor: Actor, tenant: str) -> dict:
    return actor.one("select api.my_permissions(tenant_id => %s)", (tenant,))


def test_creator_of_a_tenant_becomes_its_owner(world: World):
    alice = world.user()
    tenant = world.tenant(alice, slug="green-acres")
    mine = alice.one("select api.list_my_tenants()")
    assert [(t["id"], t["slug"], t["role"]) for t in mine] == [(tenant, "green-acres", "owner")]
    assert perms(world, alice, tenant)["role"] == "owner"


def test_tenant_slug_taken_is_a_409_conflict(world: World):
    world.tenant(world.user(), slug="taken")
    with pytest.raises(psycopg.Error) as err:
        world.tenant(world.user(), slug="taken")
    assert err.value.diag.sqlstate == "PT409"
    assert "slug" in err.value.diag.message_primary


def test_tenant_with_unknown_time_zone_is_refused(world: World):
    with pytest.raises(psycopg.Error) as err:
        world.user().one("select api.create_tenant(name => 'X', slug => 'tz-x', timezone => 'Mars/Olympus')")
    assert err.value.diag.sqlstate == "22023"
    assert world.admin.execute("select count(*) from tenants where slug = 'tz-x'").fetchone()[0] == 0


def test_anonymous_cannot_create_a_tenant(world: World):
    with pytest.raises(psycopg.Error) as err:
        world.anon().one("select api.create_tenant(name => 'X', slug => 'anon-x')")
    assert err.value.diag.sqlstate == "42501"


@pytest.mark.parametrize("role", ROLES[1:])
def test_each_role_gets_exactly_its_permissions(world: World, role: str):
    owner = world.user()
    tenant = world.tenant(owner)
    member = world.member(tenant, role)
    expected = [r[0] for r in world.admin.execute(
        "select permission from role_permissions where role = %s order by permission", (role,))]
    got = perms(world, member, tenant)
    assert got["role"] == role
    assert got["permissions"] == expected
    assert got["all_farms"] == (role in ("owner", "admin"))


def test_permission_matrix_matches_the_documented_roles(world: World):
    rows = world.admin.execute("select role, permission from role_permissions").fetchall()
    matrix = {}
    for role, perm in rows:
        matrix.setdefault(role, set()).add(perm)
    assert "tenant.delete" in matrix["owner"] and "tenant.delete" not in matrix["admin"]
    assert {"members.manage", "farms.all"} <= matrix["admin"]
    for role in ("manager", "worker", "vet", "accountant", "viewer"):
        assert "members.manage" not in matrix[role], role
        assert "farms.all" not in matrix[role], role
        assert "tenant.read" in matrix[role], role


def test_only_member_managers_invite(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    worker = world.member(tenant, "worker")
    with pytest.raises(psycopg.Error) as err:
        worker.one("select api.invite_member(tenant_id => %s, email => 'x@example.test')", (tenant,))
    assert err.value.diag.sqlstate == "42501"
    assert "members.manage" in err.value.diag.message_primary


def test_invitation_token_is_stored_only_as_its_hash(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    inv = owner.one("select api.invite_member(tenant_id => %s, email => 'New@Example.test', role => 'vet')", (tenant,))
    assert len(inv["token"]) == 64 and inv["email"] == "new@example.test"
    stored = world.admin.execute("select token_hash, email from invitations where id = %s", (inv["id"],)).fetchone()
    assert bytes(stored[0]) != inv["token"].encode()
    assert inv["token"] not in str(world.admin.execute("select to_jsonb(i) from invitations i").fetchall())


def test_invitation_is_accepted_once(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    bob = world.user()
    token = owner.one("select api.invite_member(tenant_id => %s, email => %s, role => 'manager') ->> 'token'",
                      (tenant, bob.claims["email"]))
    joined = bob.one("select api.accept_invitation(token => %s)", (token,))
    assert joined["id"] == tenant and joined["role"] == "manager"
    with pytest.raises(psycopg.Error) as err:
        bob.one("select api.accept_invitation(token => %s)", (token,))
    assert err.value.diag.sqlstate == "PT410"
    assert err.value.diag.message_primary == "invitation already used"


def test_expired_invitation_is_refused_and_changes_nothing(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    bob = world.user()
    inv = owner.one("select api.invite_member(tenant_id => %s, email => %s)", (tenant, bob.claims["email"]))
    world.admin.execute("update invitations set expires_at = now() - interval '1 second' where id = %s", (inv["id"],))
    with pytest.raises(psycopg.Error) as err:
        bob.one("select api.accept_invitation(token => %s)", (inv["token"],))
    assert err.value.diag.sqlstate == "PT410"
    assert "expired" in err.value.diag.message_primary
    assert world.admin.execute("select count(*) from tenant_members where tenant_id = %s",
                               (tenant,)).fetchone()[0] == 1


def test_invitation_for_another_email_is_refused(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    token = owner.one("select api.invite_member(tenant_id => %s, email => 'someone@example.test') ->> 'token'",
                      (tenant,))
    with pytest.raises(psycopg.Error) as err:
        world.user().one("select api.accept_invitation(token => %s)", (token,))
    assert err.value.diag.sqlstate == "42501"


def test_unknown_invitation_token_is_404(world: World):
    with pytest.raises(psycopg.Error) as err:
        world.user().one("select api.accept_invitation(token => 'nope')")
    assert err.value.diag.sqlstate == "PT404"


def test_inviting_again_replaces_the_open_invitation(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    first = owner.one("select api.invite_member(tenant_id => %s, email => 'x@example.test') ->> 'token'", (tenant,))
    owner.one("select api.invite_member(tenant_id => %s, email => 'x@example.test')", (tenant,))
    assert world.admin.execute("select count(*) from invitations where tenant_id = %s", (tenant,)).fetchone()[0] == 1
    x = world.user(email="x@example.test")
    with pytest.raises(psycopg.Error):
        x.one("select api.accept_invitation(token => %s)", (first,))


def test_only_an_owner_invites_an_owner(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    admin = world.member(tenant, "admin")
    with pytest.raises(psycopg.Error) as err:
        admin.one("select api.invite_member(tenant_id => %s, email => 'o@example.test', role => 'owner')", (tenant,))
    assert err.value.diag.sqlstate == "42501"
    assert owner.one("select api.invite_member(tenant_id => %s, email => 'o@example.test', role => 'owner') ->> 'role'",
                     (tenant,)) == "owner"


def test_last_owner_can_be_neither_removed_nor_demoted(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    for call in ("select api.remove_member(tenant_id => %s, user_id => %s)",
                 "select api.change_member_role(tenant_id => %s, user_id => %s, role => 'admin')"):
        with pytest.raises(psycopg.Error) as err:
            owner.one(call, (tenant, owner.id))
        assert err.value.diag.sqlstate == "PT409"
        assert "at least one owner" in err.value.diag.message_primary
    # Directly on the table, as a Supabase client could try, the same rule holds.
    with pytest.raises(psycopg.Error) as err:
        owner.rowcount("delete from tenant_members where tenant_id = %s", (tenant,))
    assert err.value.diag.sqlstate == "PT409"
    assert perms(world, owner, tenant)["role"] == "owner"


def test_an_owner_may_step_down_once_another_owner_exists(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    second = world.member(tenant, "owner")
    owner.one("select api.change_member_role(tenant_id => %s, user_id => %s, role => 'viewer')", (tenant, owner.id))
    assert perms(world, owner, tenant)["role"] == "viewer"
    with pytest.raises(psycopg.Error) as err:
        second.one("select api.remove_member(tenant_id => %s, user_id => %s)", (tenant, second.id))
    assert err.value.diag.sqlstate == "PT409"


def test_two_owners_demoting_each_other_at_once_leave_one_owner(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    other = world.member(tenant, "owner")
    conns = [psycopg.connect(world.api_conn.info.dsn) for _ in range(2)]
    barrier = threading.Barrier(2)
    results = []

    def demote(conn, me: Actor, target: Actor):
        actor = Actor(conn, me.claims)
        barrier.wait()
        try:
            actor.one("select api.change_member_role(tenant_id => %s, user_id => %s, role => 'admin')",
                      (tenant, target.id))
            results.append("ok")
        except psycopg.Error as exc:
            results.append(exc.diag.sqlstate)

    threads = [threading.Thread(target=demote, args=(conns[0], owner, other)),
               threading.Thread(target=demote, args=(conns[1], other, owner))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in conns:
        c.close()
    assert sorted(results) in (["42501", "ok"], ["PT409", "ok"])
    owners = world.admin.execute("select count(*) from tenant_members where tenant_id = %s and role = 'owner'",
                                 (tenant,)).fetchone()[0]
    assert owners == 1


def test_admin_cannot_take_the_owner_role_from_an_owner(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    world.member(tenant, "owner")
    admin = world.member(tenant, "admin")
    with pytest.raises(psycopg.Error) as err:
        admin.one("select api.change_member_role(tenant_id => %s, user_id => %s, role => 'viewer')", (tenant, owner.id))
    assert err.value.diag.sqlstate == "42501"
    with pytest.raises(psycopg.Error) as err:
        admin.one("select api.change_member_role(tenant_id => %s, user_id => %s, role => 'owner')", (tenant, admin.id))
    assert err.value.diag.sqlstate == "42501"


def test_a_member_may_leave_but_not_remove_others(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    a = world.member(tenant, "worker")
    b = world.member(tenant, "viewer")
    with pytest.raises(psycopg.Error) as err:
        a.one("select api.remove_member(tenant_id => %s, user_id => %s)", (tenant, b.id))
    assert err.value.diag.sqlstate == "42501"
    assert a.one("select api.remove_member(tenant_id => %s, user_id => %s) ->> 'removed'", (tenant, a.id)) == "true"
    assert a.one("select api.list_my_tenants()") == []


def test_unknown_role_is_refused_with_the_valid_ones(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.invite_member(tenant_id => %s, email => 'r@example.test', role => 'boss')", (tenant,))
    assert err.value.diag.sqlstate == "22023"
    assert "owner, admin, manager" in err.value.diag.message_hint


def test_workers_see_only_the_farms_granted_to_them(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    north = owner.one("select api.create_farm(tenant_id => %s, name => 'North') ->> 'id'", (tenant,))
    owner.one("select api.create_farm(tenant_id => %s, name => 'South')", (tenant,))
    worker = world.member(tenant, "worker")
    assert worker.one("select api.list_farms(tenant_id => %s)", (tenant,)) == []
    assert worker.all("select id from farms where tenant_id = %s", (tenant,)) == []
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)", (tenant, worker.id, north))
    assert [f["name"] for f in worker.one("select api.list_farms(tenant_id => %s)", (tenant,))] == ["North"]
    assert perms(world, worker, tenant)["farm_ids"] == [north]
    owner.one("select api.revoke_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
              (tenant, worker.id, north))
    assert worker.one("select api.list_farms(tenant_id => %s)", (tenant,)) == []


def test_a_manager_who_creates_a_farm_can_work_on_it(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    manager = world.member(tenant, "manager")
    farm = manager.one("select api.create_farm(tenant_id => %s, name => 'Mine')", (tenant,))
    assert farm["name"] == "Mine"
    assert [f["id"] for f in manager.one("select api.list_farms(tenant_id => %s)", (tenant,))] == [farm["id"]]


def test_a_worker_cannot_create_farms(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    worker = world.member(tenant, "worker")
    with pytest.raises(psycopg.Error) as err:
        worker.one("select api.create_farm(tenant_id => %s, name => 'Nope')", (tenant,))
    assert err.value.diag.sqlstate == "42501"
    with pytest.raises(psycopg.Error) as err:  # and not through the table either
        worker.rowcount("insert into farms (tenant_id, name) values (%s, 'Nope')", (tenant,))
    assert err.value.diag.sqlstate == "42501"
    assert world.admin.execute("select count(*) from farms where tenant_id = %s", (tenant,)).fetchone()[0] == 0


def test_members_page_counts_and_pages(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    for _ in range(4):
        world.member(tenant, "viewer")
    page = owner.one("select api.list_members(tenant_id => %s, \"limit\" => 2, \"offset\" => 2)", (tenant,))
    assert page["count"] == 5 and len(page["results"]) == 2
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.list_members(tenant_id => %s, \"limit\" => 101)", (tenant,))
    assert err.value.diag.sqlstate == "22023"


def test_profiles_are_visible_to_colleagues_only(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    colleague = world.member(tenant, "viewer")
    stranger = world.user()
    stranger.one("select api.update_my_profile(full_name => 'Stranger')")
    owner.one("select api.update_my_profile(full_name => 'Olive Owner')")
    names = {r[0] for r in colleague.all("select full_name from profiles")}
    assert "Olive Owner" in names and "Stranger" not in names
    assert stranger.all("select full_name from profiles") == [("Stranger",)]
    assert stranger.rowcount("update profiles set full_name = 'hacked' where id = %s", (owner.id,)) == 0
    assert owner.one("select api.get_my_profile() ->> 'full_name'") == "Olive Owner"


def test_a_token_whose_user_was_deleted_is_refused_with_401_not_answered_as_a_strangers(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    admin = world.member(tenant, "admin")
    world.admin.execute("delete from auth.users where id = %s", (admin.id,))  # as Supabase's admin API does
    for query, args in (("select api.get_tenant(tenant_id => %s)", (tenant,)), ("select api.list_my_tenants()", ()),
                        ("select api.list_device_types()", ()), ("select api.get_my_profile()", ()),
                        ("select api.create_tenant(name => 'Again', slug => 'again-after-deletion')", ())):
        with pytest.raises(psycopg.Error) as err:
            admin.one(query, args)
        assert (err.value.diag.sqlstate, err.value.diag.message_hint) == ("PT401", "user_not_found: sign in again")
    assert owner.one("select api.list_my_tenants()")[0]["id"] == tenant  # a live user is unaffected
