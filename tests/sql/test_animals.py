"""Animals, groups, movements and plan limits: the livestock core's rules, as Supabase clients meet them."""

from __future__ import annotations

import psycopg
import pytest

from tests.conftest import Actor, World


@pytest.fixture
def farm(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    farm_id = owner.one("select api.create_farm(tenant_id => %s, name => 'Main') ->> 'id'", (tenant,))
    return world, owner, tenant, farm_id


def animal(actor: Actor, tenant: str, farm_id: str, tag: str, sex: str = "female", species: str = "cattle",
           **extra) -> dict:
    args = ", ".join(f"{k} => %({k})s" for k in extra)
    sql = ("select api.create_animal(tenant_id => %(t)s, farm_id => %(f)s, tag_number => %(tag)s, species => %(sp)s, "
           "sex => %(sex)s" + (", " + args if args else "") + ")")
    return actor.one(sql, {"t": tenant, "f": farm_id, "tag": tag, "sp": species, "sex": sex, **extra})


def grant(owner: Actor, tenant: str, member: Actor, farm_id: str) -> None:
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
              (tenant, member.id, farm_id))


def refused(fn, sqlstate: str) -> psycopg.Error:
    with pytest.raises(psycopg.Error) as err:
        fn()
    assert err.value.diag.sqlstate == sqlstate, (err.value.diag.sqlstate, err.value.diag.message_primary)
    return err.value


def test_an_animal_is_registered_with_tags_breed_and_parents(farm):
    world, owner, tenant, farm_id = farm
    dam = animal(owner, tenant, farm_id, "D-1", birth_date="2019-03-01")
    sire = animal(owner, tenant, farm_id, "S-1", sex="male", birth_date="2018-05-01")
    breed = world.admin.execute("select id from breeds where name = 'Jersey'").fetchone()[0]
    calf = animal(owner, tenant, farm_id, "C-1", birth_date="2024-01-10", dam_id=dam["id"], sire_id=sire["id"],
                  breed_id=str(breed), tags='{"eid": "982000111", "ear_tag": "KE-77"}')
    assert calf["breed"] == "Jersey" and calf["tags"] == {"eid": "982000111", "ear_tag": "KE-77"}
    assert calf["dam_id"] == dam["id"] and calf["status"] == "active" and calf["acquired_on"] == "2024-01-10"


def test_tag_numbers_are_unique_per_tenant_among_live_animals(farm):
    world, owner, tenant, farm_id = farm
    first = animal(owner, tenant, farm_id, "T-9")
    err = refused(lambda: animal(owner, tenant, farm_id, "t-9"), "PT409")
    assert err.diag.message_hint == "tag_taken"
    owner.one("select api.delete_animal(tenant_id => %s, animal_id => %s)", (tenant, first["id"]))
    assert animal(owner, tenant, farm_id, "T-9")["tag_number"] == "T-9"
    other_owner = world.user()
    other = world.tenant(other_owner)
    other_farm = other_owner.one("select api.create_farm(tenant_id => %s, name => 'X') ->> 'id'", (other,))
    assert animal(other_owner, other, other_farm, "T-9")["tag_number"] == "T-9"


def test_a_dam_must_be_female_of_the_same_species_and_older(farm):
    world, owner, tenant, farm_id = farm
    bull = animal(owner, tenant, farm_id, "B-1", sex="male", birth_date="2018-01-01")
    goat = animal(owner, tenant, farm_id, "G-1", species="goat", birth_date="2018-01-01")
    young = animal(owner, tenant, farm_id, "Y-1", birth_date="2025-01-01")
    for dam, hint in ((bull["id"], "invalid_dam"), (goat["id"], "invalid_dam"), (young["id"], "invalid_dam")):
        err = refused(lambda d=dam: animal(owner, tenant, farm_id, f"X-{d[-4:]}", birth_date="2024-01-01", dam_id=d),
                      "PT422")
        assert err.diag.message_hint == hint
    cow = animal(owner, tenant, farm_id, "COW", birth_date="2018-01-01")
    err = refused(lambda: animal(owner, tenant, farm_id, "X-2", birth_date="2024-01-01", sire_id=cow["id"]), "PT422")
    assert err.diag.message_hint == "invalid_sire"
    assert world.admin.execute("select count(*) from animals where tag_number like 'X-%'").fetchone()[0] == 0


def test_an_animal_can_never_be_its_own_ancestor(farm):
    _, owner, tenant, farm_id = farm
    grandma = animal(owner, tenant, farm_id, "GM")
    mother = animal(owner, tenant, farm_id, "M", dam_id=grandma["id"])
    daughter = animal(owner, tenant, farm_id, "D", dam_id=mother["id"])
    err = refused(lambda: owner.one("select api.update_animal(tenant_id => %s, animal_id => %s, dam_id => %s)",
                                    (tenant, grandma["id"], daughter["id"])), "PT422")
    assert err.diag.message_hint == "pedigree_cycle"
    err = refused(lambda: owner.one("select api.update_animal(tenant_id => %s, animal_id => %s, dam_id => %s)",
                                    (tenant, mother["id"], mother["id"])), "PT422")
    assert err.diag.message_hint == "pedigree_cycle"


def test_a_parent_cannot_change_into_an_impossible_parent(farm):
    _, owner, tenant, farm_id = farm
    mother = animal(owner, tenant, farm_id, "M", birth_date="2019-01-01")
    animal(owner, tenant, farm_id, "C", birth_date="2023-01-01", dam_id=mother["id"])
    refused(lambda: owner.one("select api.update_animal(tenant_id => %s, animal_id => %s, sex => 'male')",
                              (tenant, mother["id"])), "PT422")
    refused(lambda: owner.one("select api.update_animal(tenant_id => %s, animal_id => %s, birth_date => '2023-06-01')",
                              (tenant, mother["id"])), "PT422")


def test_a_parent_from_another_tenant_is_impossible(farm):
    world, owner, tenant, farm_id = farm
    other_owner = world.user()
    other = world.tenant(other_owner)
    other_farm = other_owner.one("select api.create_farm(tenant_id => %s, name => 'X') ->> 'id'", (other,))
    foreign_cow = animal(other_owner, other, other_farm, "F-1")
    refused(lambda: animal(owner, tenant, farm_id, "C-1", dam_id=foreign_cow["id"]), "23503")
    refused(lambda: animal(owner, tenant, other_farm, "C-2"), "42501")


def test_breed_must_match_the_species(farm):
    world, owner, tenant, farm_id = farm
    saanen = world.admin.execute("select id from breeds where name = 'Saanen'").fetchone()[0]
    err = refused(lambda: animal(owner, tenant, farm_id, "C-1", breed_id=str(saanen)), "PT422")
    assert err.diag.message_hint == "invalid_breed"


@pytest.mark.parametrize(("start", "to", "ok"), [
    ("active", "sold", True), ("active", "deceased", True), ("active", "culled", True),
    ("active", "transferred", True), ("transferred", "active", True), ("sold", "active", False),
    ("deceased", "active", False), ("culled", "sold", False), ("sold", "deceased", False),
])
def test_status_transitions(farm, start: str, to: str, ok: bool):
    _, owner, tenant, farm_id = farm
    cow = animal(owner, tenant, farm_id, "S-1")
    status = "select api.change_animal_status(tenant_id => %s, animal_id => %s, status => %s)"
    if start != "active":
        owner.one(status, (tenant, cow["id"], start))
    if ok:
        changed = owner.one(status, (tenant, cow["id"], to))
        assert changed["status"] == to
        assert (changed["exit_date"] is None) == (to == "active")
    else:
        err = refused(lambda: owner.one(status, (tenant, cow["id"], to)), "PT409")
        assert err.diag.message_hint == "invalid_status_transition"


def test_workers_record_deaths_but_cannot_sell_edit_or_delete(farm):
    world, owner, tenant, farm_id = farm
    worker = world.member(tenant, "worker")
    grant(owner, tenant, worker, farm_id)
    cow = animal(owner, tenant, farm_id, "W-1")
    calf = animal(owner, tenant, farm_id, "W-2")
    status = "select api.change_animal_status(tenant_id => %s, animal_id => %s, status => %s)"
    refused(lambda: worker.one(status, (tenant, cow["id"], "sold")), "42501")
    refused(lambda: worker.one("select api.update_animal(tenant_id => %s, animal_id => %s, name => 'Daisy')",
                               (tenant, cow["id"])), "42501")
    refused(lambda: worker.one("select api.delete_animal(tenant_id => %s, animal_id => %s)", (tenant, cow["id"])),
            "42501")
    refused(lambda: worker.rowcount("update animals set name = 'Sneaky' where id = %s", (cow["id"],)), "42501")
    refused(lambda: animal(worker, tenant, farm_id, "W-3"), "42501")
    assert worker.one(status, (tenant, calf["id"], "deceased"))["status"] == "deceased"
    assert world.admin.execute("select status, name from animals where id = %s", (cow["id"],)).fetchone() == \
        ("active", None)


def test_viewers_and_accountants_only_read(farm):
    world, owner, tenant, farm_id = farm
    cow = animal(owner, tenant, farm_id, "V-1")
    for role in ("viewer", "accountant"):
        member = world.member(tenant, role)
        owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
                  (tenant, member.id, farm_id))
        assert member.one("select api.get_animal(tenant_id => %s, animal_id => %s) ->> 'tag_number'",
                          (tenant, cow["id"])) == "V-1"
        refused(lambda m=member, r=role: animal(m, tenant, farm_id, f"{r}-1"), "42501")
        refused(lambda m=member: m.one("select api.change_animal_status(tenant_id => %s, animal_id => %s, "
                                       "status => 'deceased')", (tenant, cow["id"])), "42501")


def test_members_see_only_animals_on_farms_they_can_access(farm):
    world, owner, tenant, farm_id = farm
    south = owner.one("select api.create_farm(tenant_id => %s, name => 'South') ->> 'id'", (tenant,))
    animal(owner, tenant, farm_id, "N-1")
    animal(owner, tenant, south, "S-1")
    manager = world.member(tenant, "manager")
    grant(owner, tenant, manager, south)
    page = manager.one("select api.list_animals(tenant_id => %s)", (tenant,))
    assert [a["tag_number"] for a in page["results"]] == ["S-1"] and page["count"] == 1
    refused(lambda: animal(manager, tenant, farm_id, "N-2"), "42501")
    assert animal(manager, tenant, south, "S-2")["farm_id"] == south


def test_list_animals_filters_and_searches(farm):
    _, owner, tenant, farm_id = farm
    animal(owner, tenant, farm_id, "K-100", name="Daisy", birth_date="2020-01-01")
    animal(owner, tenant, farm_id, "K-200", sex="male", birth_date="2022-06-01")
    animal(owner, tenant, farm_id, "G-1", species="goat", birth_date="2023-01-01")
    q = "select api.list_animals(tenant_id => %s, {}) "
    tags = lambda cond, *p: [a["tag_number"] for a in owner.one(q.format(cond), (tenant, *p))["results"]]  # noqa: E731
    assert tags("species => 'cattle'") == ["K-100", "K-200"]
    assert tags("sex => 'male'") == ["K-200"]
    assert tags("search => 'dais'") == ["K-100"]
    assert tags("search => 'k-2'") == ["K-200"]
    assert tags("search => '%%'") == []
    assert tags("born_from => '2021-01-01', born_to => '2022-12-31'") == ["K-200"]
    page = owner.one("select api.list_animals(tenant_id => %s, \"limit\" => 2, \"offset\" => 2)", (tenant,))
    assert page["count"] == 3 and len(page["results"]) == 1


def test_a_group_head_count_changes_only_through_events_and_never_below_zero(farm):
    world, owner, tenant, farm_id = farm
    flock = owner.one("select api.create_group(tenant_id => %s, farm_id => %s, name => 'Layers', species => 'chicken', "
                      "female_count => 500, male_count => 5)", (tenant, farm_id))
    event = "select api.record_group_event(tenant_id => %s, group_id => %s, event_type => %s, female => %s)"
    after = owner.one(event, (tenant, flock["id"], "death", 3))
    assert after["group"]["female_count"] == 497 and after["female_delta"] == -3
    owner.one(event, (tenant, flock["id"], "hatch", 40))
    err = refused(lambda: owner.one(event, (tenant, flock["id"], "sale", 600)), "PT409")
    assert err.diag.message_hint == "head_count_negative"
    refused(lambda: owner.one(event, (tenant, flock["id"], "death", -5)), "22023")
    # Counts are not writable directly, and always equal the sum of the events.
    refused(lambda: owner.rowcount("update animal_groups set female_count = 1 where id = %s", (flock["id"],)), "42501")
    sums = world.admin.execute("""
        select g.female_count, sum(e.female_delta) from animal_groups g
        join group_count_events e on e.tenant_id = g.tenant_id and e.group_id = g.id
        where g.id = %s group by g.female_count""", (flock["id"],)).fetchone()
    assert sums == (537, 537)


def test_workers_record_deaths_in_groups_but_not_sales(farm):
    world, owner, tenant, farm_id = farm
    worker = world.member(tenant, "worker")
    grant(owner, tenant, worker, farm_id)
    flock = owner.one("select api.create_group(tenant_id => %s, farm_id => %s, name => 'B', species => 'chicken', "
                      "unknown_count => 50) ->> 'id'", (tenant, farm_id))
    event = "select api.record_group_event(tenant_id => %s, group_id => %s, event_type => %s, unknown => 2)"
    assert worker.one(event, (tenant, flock, "death"))["group"]["unknown_count"] == 48
    refused(lambda: worker.one(event, (tenant, flock, "sale")), "42501")
    refused(lambda: worker.one(event, (tenant, flock, "addition")), "42501")


def test_the_newest_movement_sets_where_an_animal_is(farm):
    _, owner, tenant, farm_id = farm
    south = owner.one("select api.create_farm(tenant_id => %s, name => 'South') ->> 'id'", (tenant,))
    pen = owner.one("select api.create_location(tenant_id => %s, farm_id => %s, name => 'Pen 1', kind => 'pen') "
                    "->> 'id'", (tenant, south))
    cow = animal(owner, tenant, farm_id, "M-1")
    move = ("select api.move_animal(tenant_id => %s, animal_id => %s, to_farm_id => %s, to_location_id => %s, "
            "moved_at => %s)")
    moved = owner.one(move, (tenant, cow["id"], south, pen, "2026-05-02T10:00:00Z"))
    assert moved["from_farm_id"] == farm_id
    # A movement recorded late, for an earlier date, is history: it does not move the animal.
    owner.one(move, (tenant, cow["id"], farm_id, None, "2026-04-01T10:00:00Z"))
    now = owner.one("select api.get_animal(tenant_id => %s, animal_id => %s)", (tenant, cow["id"]))
    assert (now["farm_id"], now["location_id"]) == (south, pen)
    assert len(owner.one("select api.list_movements(tenant_id => %s, animal_id => %s)", (tenant, cow["id"]))) == 2
    err = refused(lambda: owner.one(move, (tenant, cow["id"], farm_id, pen, "2026-06-01T00:00:00Z")), "PT422")
    assert err.diag.message_hint == "invalid_location"


def test_plan_limits_refuse_with_402_naming_the_limit(farm):
    world, owner, tenant, farm_id = farm
    world.admin.execute("insert into plans (code, name, max_animals, max_farms, max_members) "
                        "values ('tiny', 'Tiny', 2, 1, 2)")
    world.admin.execute("update subscriptions set plan_code = 'tiny' where tenant_id = %s", (tenant,))
    animal(owner, tenant, farm_id, "P-1")
    animal(owner, tenant, farm_id, "P-2")
    err = refused(lambda: animal(owner, tenant, farm_id, "P-3"), "PT402")
    assert err.diag.message_primary == "plan limit reached: the Tiny plan allows 2 animals"
    assert err.diag.message_hint.startswith("plan_limit_animals")
    refused(lambda: owner.one("select api.create_farm(tenant_id => %s, name => 'Second')", (tenant,)), "PT402")
    world.member(tenant, "viewer")
    refused(lambda: world.member(tenant, "viewer"), "PT402")
    assert world.admin.execute("select count(*) from animals where tenant_id = %s", (tenant,)).fetchone()[0] == 2


def test_a_multi_row_insert_over_the_limit_writes_nothing(farm):
    world, owner, tenant, farm_id = farm
    world.admin.execute("insert into plans (code, name, max_animals) values ('small', 'Small', 3)")
    world.admin.execute("update subscriptions set plan_code = 'small' where tenant_id = %s", (tenant,))
    refused(lambda: owner.rowcount(
        "insert into animals (tenant_id, farm_id, tag_number, species, sex) "
        "select %s, %s, 'B-' || i, 'cattle', 'female' from generate_series(1, 5) i", (tenant, farm_id)), "PT402")
    assert world.admin.execute("select count(*) from animals where tenant_id = %s", (tenant,)).fetchone()[0] == 0


def test_a_location_in_use_cannot_be_removed(farm):
    _, owner, tenant, farm_id = farm
    pen = owner.one("select api.create_location(tenant_id => %s, farm_id => %s, name => 'Pen', kind => 'pen') "
                    "->> 'id'", (tenant, farm_id))
    cow = animal(owner, tenant, farm_id, "L-1", location_id=pen)
    renamed = owner.one("select api.update_location(tenant_id => %s, location_id => %s, capacity => 12)", (tenant, pen))
    assert renamed["capacity"] == 12 and renamed["name"] == "Pen"
    err = refused(lambda: owner.one("select api.delete_location(tenant_id => %s, location_id => %s)", (tenant, pen)),
                  "PT409")
    assert err.diag.message_hint.startswith("location_in_use")
    owner.one("select api.change_animal_status(tenant_id => %s, animal_id => %s, status => 'sold')",
              (tenant, cow["id"]))
    assert owner.one("select api.delete_location(tenant_id => %s, location_id => %s) ->> 'deleted'",
                     (tenant, pen)) == "true"
    assert owner.one("select api.list_locations(tenant_id => %s)", (tenant,)) == []
