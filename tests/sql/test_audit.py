"""The audit log: who changed what, from the JWT and the request headers; append-only for every role;
read by owners and admins of the tenant only; monthly partitions made ahead, archived and restored."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime

import psycopg
import pytest

from tests.conftest import Actor, World, conn_dsn
from tests.sql.test_animals import refused
from tests.sql.test_catalog import tenant_scoped


def entries(world: World, tenant: str, table: str | None = None) -> list[dict]:
    rows = world.admin.execute("select to_jsonb(l) from audit.log l where tenant_id = %s "
                               "and (%s::text is null or table_name = %s) order by occurred_at, id",
                               (tenant, table, table)).fetchall()
    return [r[0] for r in rows]


def as_request(actor: Actor, request_id: str, address: str):
    """What the API sets per request, besides the claims."""
    class Request:
        def __enter__(self):
            self.tx = actor.tx()
            conn = self.tx.__enter__()
            conn.execute("select set_config('request.headers', %s, true)",
                         (json.dumps({"x-request-id": request_id, "x-forwarded-for": address}),))
            return conn

        def __exit__(self, *exc):
            return self.tx.__exit__(*exc)
    return Request()


def test_a_change_is_written_with_who_what_and_only_the_changed_columns(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    session = str(uuid.uuid4())
    owner.claims["session_id"] = session
    with as_request(owner, "req-1", "203.0.113.7") as c:
        farm = c.execute("select api.create_farm(tenant_id => %s, name => 'North') ->> 'id'", (tenant,)).fetchone()[0]
    with as_request(owner, "req-2", "203.0.113.7") as c:
        c.execute("select api.update_farm(tenant_id => %s, farm_id => %s, name => 'North Field')", (tenant, farm))
    inserted, updated = entries(world, tenant, "farms")
    assert (inserted["action"], inserted["row_key"], inserted["new_values"]["name"], inserted["old_values"]) == (
        "insert", {"id": farm}, "North", None)
    # The inserted row whole, but for its NULL columns and the tenant id (the entry's own column).
    row = world.admin.execute("select to_jsonb(f) from farms f where id = %s", (farm,)).fetchone()[0]
    assert inserted["new_values"] == {k: v for k, v in row.items() if v is not None and k != "tenant_id"} | {
        "name": "North", "updated_at": inserted["new_values"]["updated_at"]}
    assert any(v is None for v in row.values()) and inserted["tenant_id"] == tenant
    assert (inserted["actor_id"], inserted["actor_role"], inserted["session_id"], inserted["request_id"],
            inserted["client_addr"]) == (owner.id, "authenticated", session, "req-1", "203.0.113.7")
    assert updated["action"] == "update" and updated["request_id"] == "req-2"
    assert (updated["old_values"], updated["new_values"]) == ({"name": "North"}, {"name": "North Field"})


def test_a_delete_keeps_the_row_and_a_job_is_recorded_as_its_database_role(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    worker = world.member(tenant, "worker")
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'F') ->> 'id'", (tenant,))
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)", (tenant, worker.id, farm))
    owner.one("select api.revoke_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)", (tenant, worker.id, farm))
    granted, revoked = entries(world, tenant, "farm_access")
    assert granted["action"] == "insert" and revoked["action"] == "delete"
    assert revoked["row_key"] == {"user_id": worker.id, "farm_id": farm} and revoked["old_values"]["farm_id"] == farm
    world.admin.execute("update farms set name = 'By a DBA' where id = %s", (farm,))
    dba = entries(world, tenant, "farms")[-1]
    assert (dba["actor_id"], dba["actor_role"]) == (None, world.admin.info.user)


def test_a_bulk_insert_writes_one_entry_per_row(world: World):
    from tests.sql.test_health import herd

    h = herd(world)
    records = [{"animal_id": h.cow, "product": "milk", "quantity": 5, "unit": "l", "recorded_on": f"2026-02-{d:02d}"}
               for d in range(1, 21)]
    h.owner.one("select api.record_production_bulk(tenant_id => %s, records => %s)", (h.tenant, json.dumps(records)))
    rows = entries(world, h.tenant, "production_records")
    assert len(rows) == 20 and {r["action"] for r in rows} == {"insert"}
    assert len({r["row_key"]["id"] for r in rows}) == 20


def test_security_relevant_changes_also_go_to_audit_events(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    member = world.member(tenant, "worker")
    owner.one("select api.change_member_role(tenant_id => %s, user_id => %s, role => 'manager')", (tenant, member.id))
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'F') ->> 'id'", (tenant,))  # not security
    types = [r[0] for r in world.admin.execute(
        "select payload ->> 'type' from outbox.events where topic = 'audit.events' and tenant_id = %s order by id",
        (tenant,))]
    assert types == ["security_member_added", "security_member_invited", "security_member_added",
                     "security_member_role_changed"]
    event = world.admin.execute("select payload from outbox.events where topic = 'audit.events' "
                                "and payload ->> 'type' = 'security_member_role_changed'").fetchone()[0]
    assert event["payload"]["old_values"] == {"role": "worker"} and event["aggregate"] == "audit_entry"
    assert farm


def test_sign_in_and_sign_out_are_audited_without_a_tenant(world: World):
    user = world.user("signer@example.test")
    service = Actor(world.api_conn, {"role": "service_role"})
    session = service.one("select private.auth_password_login_finish('Signer@example.test', '198.51.100.4', %s, "
                          "true, interval '1 day') ->> 'session_id'", (user.id,))
    service.one("select private.auth_password_login_finish('signer@example.test', '198.51.100.4', null, false, "
                "interval '1 day')")
    service.one("select private.auth_logout(%s, %s, 'local')", (user.id, session))
    rows = world.admin.execute("select action, actor_id::text, session_id, client_addr, new_values from audit.log "
                               "where table_name = 'auth' order by occurred_at, id").fetchall()
    assert [(a, s, ip) for a, _, s, ip, _ in rows] == [
        ("sign_in", session, "198.51.100.4"), ("sign_in_failed", None, "198.51.100.4"), ("sign_out", session, None)]
    assert rows[0][1] == user.id and rows[1][4] == {"email": "signer@example.test"}
    types = [r[0] for r in world.admin.execute(
        "select payload ->> 'type' from outbox.events where topic = 'audit.events' and tenant_id is null order by id")]
    assert types == ["security_sign_in", "security_sign_in_failed", "security_sign_out"]


# ---------------------------------------------------------------- append-only


@pytest.mark.parametrize("role", ["anon", "authenticated", "service_role"])
def test_no_application_role_writes_or_reads_around_the_log(world: World, role: str):
    owner = world.user()
    world.tenant(owner)
    actor = Actor(world.api_conn, {**owner.claims, "role": role})
    for statement in ("update audit.log set action = 'forged'", "delete from audit.log", "truncate audit.log",
                      "insert into audit.log (actor_role, table_name, action) values ('x', 'x', 'insert')",
                      "select count(*) from audit.log_default"):
        refused(lambda s=statement: actor.rowcount(s), "42501")


def test_not_even_the_owner_updates_deletes_or_truncates_it(world: World):
    owner = world.user()
    world.tenant(owner)
    partition = world.admin.execute("select tableoid::regclass::text from audit.log limit 1").fetchone()[0]
    for statement in ("update audit.log set action = 'forged'", "delete from audit.log", "truncate audit.log",
                      f"truncate {partition}", f"delete from {partition}", "truncate audit.log_default"):
        err = refused(lambda s=statement: world.admin.execute(s), "42501")
        assert err.diag.message_hint == "audit_log_append_only", statement
    assert world.admin.execute("select count(*) from audit.log where action = 'forged'").fetchone()[0] == 0


# ---------------------------------------------------------------- reading


def test_owners_and_admins_read_their_trail_with_filters_and_nobody_else(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    admin = world.member(tenant, "admin")
    worker = world.member(tenant, "worker")
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'A') ->> 'id'", (tenant,))
    admin.one("select api.update_farm(tenant_id => %s, farm_id => %s, name => 'B')", (tenant, farm))
    page = admin.one("select api.list_audit_log(tenant_id => %s, table_name => 'farms')", (tenant,))
    assert page["count"] == 2 and [e["action"] for e in page["results"]] == ["update", "insert"]  # newest first
    by_admin = owner.one("select api.list_audit_log(tenant_id => %s, user_id => %s)", (tenant, admin.id))
    assert {e["actor_id"] for e in by_admin["results"]} == {admin.id} and by_admin["count"] >= 2
    one_row = owner.one("select api.list_audit_log(tenant_id => %s, row_id => %s, \"limit\" => 1)", (tenant, farm))
    assert one_row["count"] == 2 and len(one_row["results"]) == 1
    future = owner.one("select api.list_audit_log(tenant_id => %s, from_at => now() + interval '1 hour')", (tenant,))
    assert future == {"count": 0, "results": []}
    err = refused(lambda: worker.one("select api.list_audit_log(tenant_id => %s)", (tenant,)), "42501")
    assert err.diag.message_hint == "permission_denied"
    assert worker.one("select count(*) from audit.log") == 0  # RLS: no audit.read, no rows
    stranger = world.user()
    world.tenant(stranger)
    refused(lambda: stranger.one("select api.list_audit_log(tenant_id => %s)", (tenant,)), "42501")
    assert stranger.one("select count(*) from audit.log where tenant_id = %s", (tenant,)) == 0
    assert owner.one("select count(*) from audit.log") == owner.one(
        "select count(*) from audit.log where tenant_id = %s", (tenant,)) > 0
    refused(lambda: owner.one("select api.list_audit_log(tenant_id => %s, \"limit\" => 101)", (tenant,)), "22023")


# ---------------------------------------------------------------- partitions, archive, restore


def month(y: int, m: int) -> datetime:
    return datetime(y, m, 1, tzinfo=UTC)


def old_entry(world: World, at: datetime) -> None:
    world.admin.execute("insert into audit.log (occurred_at, actor_role, table_name, action) "
                        "values (%s, 'test', 'farms', 'insert')", (at,))


def test_a_missed_month_lands_in_the_default_partition_and_moves_into_its_own(world: World):
    # A year past the last month the partition job made (which months those are depends on the day the
    # template migrated, so the test asks rather than assumes).
    last = world.admin.execute("select max(to_date(substr(c.relname, 5), 'YYYY_MM')) from pg_inherits i "
                               "join pg_class c on c.oid = i.inhrelid where i.inhparent = 'audit.log'::regclass "
                               "and c.relname ~ '^log_[0-9]{4}_[0-9]{2}$'").fetchone()[0]
    missed = month(last.year + 1, last.month)
    old_entry(world, missed.replace(day=10))
    assert world.admin.execute("select count(*) from audit.log_default").fetchone()[0] == 1
    assert world.admin.execute("select audit.ensure_partitions(%s, 0)", (missed,)).fetchone()[0] == 1
    assert world.admin.execute("select count(*) from audit.log_default").fetchone()[0] == 0
    assert world.admin.execute(f"select count(*) from audit.log_{missed:%Y_%m}").fetchone()[0] == 1
    assert world.admin.execute("select audit.ensure_partitions(%s, 0)", (missed,)).fetchone()[0] == 0


def test_the_archive_moves_only_old_months_twice_at_once_is_safe_and_restore_brings_them_back(world: World):
    for y, m in ((2024, 1), (2024, 2), (2025, 11)):
        world.admin.execute("select audit.ensure_partitions(%s, 0)", (month(y, m),))
        old_entry(world, month(y, m).replace(day=15))
    as_of = datetime(2025, 3, 5, tzinfo=UTC)  # 365 days back: 2024-03-05; January and February are older
    results = []

    def archive():
        with psycopg.connect(conn_dsn(world.admin), autocommit=True) as conn:
            results.append(conn.execute("select audit.archive_partitions(%s, 365)", (as_of,)).fetchone()[0])

    threads = [threading.Thread(target=archive) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(results) == [0, 2]
    archived = {r[0] for r in world.admin.execute(
        "select relname from pg_class where relnamespace = 'audit_archive'::regnamespace and relkind = 'r'")}
    assert archived == {"log_2024_01", "log_2024_02"}
    assert world.admin.execute("select count(*) from audit.log where occurred_at < '2024-03-01'").fetchone()[0] == 0
    assert world.admin.execute("select count(*) from audit.log where occurred_at >= '2025-11-01' "
                               "and occurred_at < '2025-12-01'").fetchone()[0] == 1
    refused(lambda: world.admin.execute("delete from audit_archive.log_2024_01"), "42501")  # still append-only
    assert world.admin.execute("select audit.restore_partition('2024-02-01')").fetchone()[0] == 1
    assert world.admin.execute("select count(*) from audit.log where occurred_at >= '2024-02-01' "
                               "and occurred_at < '2024-03-01'").fetchone()[0] == 1
    refused(lambda: world.admin.execute("select audit.restore_partition('2023-01-01')"), "PT404")


# ---------------------------------------------------------------- the catalog keeps it so


def test_every_tenant_table_is_audited_unless_it_says_why_not(world: World):
    unaudited = {r[0] for r in world.admin.execute("select table_name from audit.unaudited_tables()")}
    rows = world.admin.execute("""
        select c.relname, array_agg(t.tgname::text order by t.tgname)
        from pg_class c left join pg_trigger t on t.tgrelid = c.oid and t.tgname like 'audit\\_%%'
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' group by 1""").fetchall()
    audited = {name for name, triggers in rows if triggers == ["audit_delete", "audit_insert", "audit_update"]}
    assert tenant_scoped(world) - unaudited - audited == set()
    assert {"tenants", "profiles"} <= audited and unaudited <= tenant_scoped(world)
    rls = world.admin.execute("select relrowsecurity, relforcerowsecurity from pg_class "
                              "where oid = 'audit.log'::regclass").fetchone()
    assert rls == (True, True)
