"""Production rules in SQL: units per species, duplicates and corrections, the withheld flag inside
withdrawal periods, the all-or-nothing bulk insert, permissions, farm access and tenant isolation."""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.conftest import Actor, World
from tests.sql.test_health import Herd, call, herd, make_animal, make_farm, make_group, sqlstate, treat


def produce(actor: Actor, h: Herd, **args) -> dict:
    args.setdefault("product", "milk")
    args.setdefault("quantity", "12.5")
    args.setdefault("unit", "l")
    if "group_id" not in args:
        args.setdefault("animal_id", h.cow)
    return call(actor, "record_production", tenant_id=h.tenant, **args)


def bulk(actor: Actor, h: Herd, records: list[dict]) -> dict:
    return actor.one("select api.record_production_bulk(tenant_id => %s, records => %s)",
                     (h.tenant, json.dumps(records)))


def count(world: World, table: str = "production_records") -> int:
    return world.admin.execute(f"select count(*) from {table}").fetchone()[0]


# ---------------------------------------------------------------- withdrawal flagging


def test_milk_is_withheld_the_day_before_clearance_and_clear_on_the_clearance_date(world: World):
    h = herd(world)
    t = treat(h.owner, h, course_start="2026-03-08", course_end="2026-03-10", milk_withdrawal_days=3)
    flags = {day: produce(h.owner, h, recorded_on=day) for day in
             ("2026-03-07", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", "2026-03-14")}
    assert {d: r["is_withheld"] for d, r in flags.items()} == {
        "2026-03-07": False, "2026-03-10": True, "2026-03-11": True, "2026-03-12": True,
        "2026-03-13": False, "2026-03-14": False}
    assert flags["2026-03-12"]["withheld_until"] == "2026-03-13"
    assert flags["2026-03-12"]["withheld_treatment_id"] == t["id"]
    assert flags["2026-03-12"]["quantity"] == 12.5  # stored: counts in production volume


def test_a_treatment_recorded_late_flags_the_milk_already_recorded(world: World):
    h = herd(world)
    before = produce(h.owner, h, recorded_on="2026-03-11")
    assert before["is_withheld"] is False
    treat(h.owner, h, course_end="2026-03-10", milk_withdrawal_days=3)
    assert h.owner.one("select is_withheld from production_records where id = %s", (before["id"],)) is True


def test_removing_a_treatment_clears_the_withheld_flag(world: World):
    h = herd(world)
    t = treat(h.owner, h, milk_withdrawal_days=3)
    produce(h.owner, h, recorded_on="2026-03-11")
    world.admin.execute("delete from treatments where id = %s", (t["id"],))
    assert world.admin.execute("select is_withheld, withheld_until, withheld_treatment_id from production_records"
                               ).fetchone() == (False, None, None)


def test_a_treatment_that_changes_no_flag_rewrites_no_production(world: World):
    h = herd(world)
    produce(h.owner, h, recorded_on="2026-03-20")
    treat(h.owner, h, milk_withdrawal_days=3)
    assert world.admin.execute("select count(*) from outbox.events where payload ->> 'type' = "
                               "'production_record_updated'").fetchone()[0] == 0


def test_overlapping_treatments_the_latest_clearance_wins(world: World):
    h = herd(world)
    long = treat(h.owner, h, course_start="2026-03-01", course_end="2026-03-10", milk_withdrawal_days=5)
    treat(h.owner, h, course_start="2026-03-11", course_end="2026-03-12", milk_withdrawal_days=1)
    on_14 = produce(h.owner, h, recorded_on="2026-03-14")
    assert on_14["is_withheld"] is True and on_14["withheld_until"] == "2026-03-15"
    assert on_14["withheld_treatment_id"] == long["id"]
    assert produce(h.owner, h, recorded_on="2026-03-15")["is_withheld"] is False


def test_a_group_treatment_flags_the_groups_eggs_only(world: World):
    h = herd(world)
    other = make_group(h.owner, h.tenant, h.farm, name="Other layers")
    treat(h.owner, h, group_id=h.flock, course_end="2026-03-10", eggs_withdrawal_days=7)
    eggs = produce(h.owner, h, group_id=h.flock, product="eggs", quantity=240, unit="count", recorded_on="2026-03-16")
    assert eggs["is_withheld"] is True and eggs["withheld_until"] == "2026-03-17"
    assert produce(h.owner, h, group_id=h.flock, product="eggs", quantity=240, unit="count",
                   recorded_on="2026-03-17")["is_withheld"] is False
    assert produce(h.owner, h, group_id=other, product="eggs", quantity=240, unit="count",
                   recorded_on="2026-03-16")["is_withheld"] is False
    assert produce(h.owner, h, recorded_on="2026-03-16")["is_withheld"] is False


def test_products_without_withdrawal_are_never_withheld(world: World):
    h = herd(world)
    treat(h.owner, h, is_cascade=True)
    assert produce(h.owner, h, product="weight_gain", unit="kg", quantity=1, recorded_on="2026-03-11")[
        "is_withheld"] is False
    assert produce(h.owner, h, recorded_on="2026-03-11")["is_withheld"] is True  # cascade: milk 7 days


# ---------------------------------------------------------------- validation


def test_wrong_unit_is_refused_naming_the_allowed_units(world: World):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        produce(h.owner, h, unit="count")
    assert sqlstate(err) == "22023" and err.value.diag.message_hint == "invalid_unit"
    assert "allowed units: kg, l" in err.value.diag.message_primary
    assert produce(h.owner, h, unit="kg")["unit"] == "kg"


def test_a_product_the_species_does_not_yield_is_refused(world: World):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        produce(h.owner, h, product="eggs", unit="count")
    assert sqlstate(err) == "22023" and err.value.diag.message_hint == "invalid_product"
    assert "cattle does not yield eggs" in err.value.diag.message_primary
    with pytest.raises(psycopg.Error) as err:
        produce(h.owner, h, group_id=h.flock, product="milk", unit="l")
    assert "chicken does not yield milk" in err.value.diag.message_primary
    assert count(world) == 0


@pytest.mark.parametrize("quantity", ["0", "-3"])
def test_quantity_must_be_above_zero(world: World, quantity: str):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        produce(h.owner, h, quantity=quantity)
    assert sqlstate(err) == "22023" and err.value.diag.message_hint == "invalid_quantity"
    assert count(world) == 0


def test_a_client_writing_the_table_directly_meets_the_same_unit_rule(world: World):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        h.owner.one("insert into production_records (tenant_id, animal_id, product, quantity, unit) "
                    "values (%s, %s, 'milk', 3, 'count') returning id", (h.tenant, h.cow))
    assert sqlstate(err) == "22023"
    with pytest.raises(psycopg.Error) as err:
        h.owner.one("insert into production_records (tenant_id, animal_id, product, quantity, unit) "
                    "values (%s, %s, 'milk', 0, 'l') returning id", (h.tenant, h.cow))
    assert sqlstate(err) == "23514"
    with pytest.raises(psycopg.Error) as err:
        h.owner.one("insert into production_records (tenant_id, animal_id, product, quantity, unit, is_withheld) "
                    "values (%s, %s, 'milk', 3, 'l', false) returning id", (h.tenant, h.cow))
    assert sqlstate(err) == "42501"  # the withheld flag is not the client's to set


def test_a_client_writing_directly_gets_the_farm_and_recorder_set_for_it(world: World):
    h = herd(world)
    rid = h.owner.one("insert into production_records (tenant_id, animal_id, product, quantity, unit) "
                      "values (%s, %s, 'milk', 3, 'l') returning id", (h.tenant, h.cow))
    assert world.admin.execute("select farm_id::text, recorded_by::text from production_records where id = %s",
                               (rid,)).fetchone() == (h.farm, h.owner.id)
    with pytest.raises(psycopg.Error) as err:
        h.owner.one("insert into production_records (tenant_id, animal_id, product, quantity, unit, farm_id) "
                    "values (%s, %s, 'milk', 3, 'l', %s) returning id", (h.tenant, h.cow, h.farm))
    assert sqlstate(err) == "42501"


def test_production_of_a_deleted_animal_is_refused(world: World):
    h = herd(world)
    world.admin.execute("update animals set deleted_at = now() where id = %s", (h.cow,))
    with pytest.raises(psycopg.Error) as err:
        produce(h.owner, h)
    assert sqlstate(err) == "PT404"
    with pytest.raises(psycopg.Error) as err:
        h.owner.one("insert into production_records (tenant_id, animal_id, product, quantity, unit) "
                    "values (%s, %s, 'milk', 3, 'l') returning id", (h.tenant, h.cow))
    assert sqlstate(err) == "42501"
    assert count(world) == 0


def test_milk_quality_fields_are_for_milk_only(world: World):
    h = herd(world)
    milk = produce(h.owner, h, session="am", fat_pct="4.1", protein_pct="3.3", somatic_cell_count=120000)
    assert (milk["fat_pct"], milk["somatic_cell_count"], milk["session"]) == (4.1, 120000, "am")
    with pytest.raises(psycopg.Error) as err:
        produce(h.owner, h, product="weight_gain", unit="kg", fat_pct="4.1")
    assert sqlstate(err) == "22023" and err.value.diag.message_hint == "milk_quality_for_milk_only"


def test_the_same_animal_product_date_and_session_twice_is_a_409(world: World):
    h = herd(world)
    produce(h.owner, h, recorded_on="2026-03-01", session="am")
    with pytest.raises(psycopg.Error) as err:
        produce(h.owner, h, recorded_on="2026-03-01", session="am", quantity=99)
    assert sqlstate(err) == "PT409" and err.value.diag.message_hint == "duplicate_production_record"
    assert produce(h.owner, h, recorded_on="2026-03-01", session="pm")["session"] == "pm"
    assert produce(h.owner, h, recorded_on="2026-03-02", session="am")["recorded_on"] == "2026-03-02"
    assert count(world) == 3


def test_a_correction_keeps_the_old_value_and_the_reason(world: World):
    h = herd(world)
    rec = produce(h.owner, h, recorded_on="2026-03-01", quantity="12.5")
    fixed = call(h.owner, "correct_production", tenant_id=h.tenant, record_id=rec["id"], quantity="15",
                 reason="meter misread")
    assert fixed["quantity"] == 15
    assert [(r["old_quantity"], r["new_quantity"], r["reason"]) for r in fixed["revisions"]] == [
        (12.5, 15, "meter misread")]
    assert fixed["revisions"][0]["corrected_by"] == h.owner.id


def test_a_correction_without_a_reason_or_quantity_is_refused(world: World):
    h = herd(world)
    rec = produce(h.owner, h)
    for quantity, reason, hint in (("15", " ", "reason_required"), ("0", "typo", "invalid_quantity")):
        with pytest.raises(psycopg.Error) as err:
            call(h.owner, "correct_production", tenant_id=h.tenant, record_id=rec["id"], quantity=quantity,
                 reason=reason)
        assert err.value.diag.message_hint == hint
    assert count(world, "production_record_revisions") == 0


def test_a_direct_update_of_the_quantity_also_keeps_the_old_value(world: World):
    h = herd(world)
    rec = produce(h.owner, h, quantity="12.5")
    h.owner.one("update production_records set quantity = 11 where id = %s returning id", (rec["id"],))
    assert world.admin.execute("select old_quantity, new_quantity, reason from production_record_revisions"
                               ).fetchall() == [(12.5, 11, None)]
    with pytest.raises(psycopg.Error) as err:
        h.owner.one("update production_record_revisions set old_quantity = 1 returning id")
    assert sqlstate(err) == "42501"


def test_correcting_an_unknown_record_is_a_404(world: World):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        call(h.owner, "correct_production", tenant_id=h.tenant, record_id="00000000-0000-0000-0000-000000000001",
             quantity="1", reason="x")
    assert sqlstate(err) == "PT404"


# ---------------------------------------------------------------- bulk


def test_a_bulk_of_5000_records_is_written_in_one_call(world: World):
    h = herd(world)
    cows = [h.cow] + [make_animal(h.owner, h.tenant, h.farm) for _ in range(49)]
    treat(h.owner, h, course_start="2026-01-08", course_end="2026-01-10", milk_withdrawal_days=3)
    records = [{"animal_id": cow, "product": "milk", "quantity": 10 + i % 7, "unit": "l",
                "recorded_on": f"2026-01-{1 + d // 2:02d}" if d < 62 else f"2026-03-{1 + (d - 62) // 2:02d}",
                "session": "am" if d % 2 == 0 else "pm"}
               for i, (cow, d) in enumerate((cow, d) for d in range(100) for cow in cows)]
    assert len(records) == 5000
    result = bulk(h.owner, h, records)
    # COW-1 is in withdrawal 2026-01-08 .. 01-12: 5 days x 2 sessions.
    assert result == {"inserted": 5000, "withheld": 10}
    assert count(world) == 5000
    # One event for the whole statement, naming every new record.
    events = world.admin.execute("select payload from outbox.events where topic = 'production.events'").fetchall()
    assert len(events) == 1 and events[0][0]["type"] == "production_recorded"
    batch = events[0][0]["payload"]
    assert batch["count"] == 5000 and len(set(batch["ids"])) == 5000
    assert (batch["first_recorded_on"], batch["last_recorded_on"]) == ("2026-01-01", "2026-03-19")


def test_a_bulk_with_one_bad_record_writes_nothing_and_names_its_index(world: World):
    h = herd(world)
    records = [{"animal_id": h.cow, "product": "milk", "quantity": 10, "unit": "l", "recorded_on": f"2026-02-{d:02d}"}
               for d in range(1, 11)]
    records[3]["unit"] = "count"
    with pytest.raises(psycopg.Error) as err:
        bulk(h.owner, h, records)
    assert sqlstate(err) == "22023"
    assert err.value.diag.message_primary == "1 of 10 records are invalid; nothing was written"
    detail = json.loads(err.value.diag.message_detail)
    assert [d["index"] for d in detail] == [3] and "allowed units: kg, l" in detail[0]["error"]
    assert count(world) == 0 and count(world, "outbox.events where topic = 'production.events'") == 0


def test_a_bulk_lists_every_bad_record_with_its_reason(world: World):
    h = herd(world)
    good = {"animal_id": h.cow, "product": "milk", "quantity": 10, "unit": "l"}
    records = [
        {**good, "recorded_on": "2026-02-01"},
        {**good, "recorded_on": "2026-02-02", "quantity": 0},
        {**good, "recorded_on": "2026-02-30"},
        {**good, "recorded_on": "2026-02-01"},
        {**good, "recorded_on": "2026-02-04", "animal_id": "not-a-uuid"},
        {**good, "recorded_on": "2026-02-05", "colour": "white"},
        "not an object",
        {**good, "recorded_on": "2026-02-06", "group_id": h.flock},
        {**good, "recorded_on": "2026-02-07", "quantity": "lots"},
        {**good, "recorded_on": "2026-02-08", "session": "noon"},
    ]
    with pytest.raises(psycopg.Error) as err:
        bulk(h.owner, h, records)
    detail = {d["index"]: d["error"] for d in json.loads(err.value.diag.message_detail)}
    assert sorted(detail) == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert detail[1] == "quantity must be greater than 0"
    assert "date" in detail[2]
    assert detail[3].startswith("duplicate of record 0 in this batch")
    assert detail[4] == "animal_id is not a uuid"
    assert detail[5] == "unknown field(s): colour"
    assert detail[6] == "each record must be a JSON object"
    assert detail[7] == "give exactly one of animal_id and group_id"
    assert detail[8] == "quantity must be a number"
    assert "session" in detail[9]
    assert count(world) == 0


def test_a_bulk_repeating_stored_records_is_a_409(world: World):
    h = herd(world)
    produce(h.owner, h, recorded_on="2026-02-01")
    with pytest.raises(psycopg.Error) as err:
        bulk(h.owner, h, [{"animal_id": h.cow, "product": "milk", "quantity": 5, "unit": "l",
                           "recorded_on": d} for d in ("2026-02-02", "2026-02-01")])
    assert sqlstate(err) == "PT409"
    assert [d["index"] for d in json.loads(err.value.diag.message_detail)] == [1]
    assert count(world) == 1


def test_a_bulk_of_more_than_5000_records_is_refused(world: World):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        bulk(h.owner, h, [{}] * 5001)
    assert sqlstate(err) == "PT413"
    with pytest.raises(psycopg.Error) as err:
        h.owner.one("select api.record_production_bulk(tenant_id => %s, records => '{}')", (h.tenant,))
    assert sqlstate(err) == "22023"


# ---------------------------------------------------------------- reading


def test_production_lists_filter_and_page_newest_first(world: World):
    h = herd(world)
    for day in ("2026-03-01", "2026-03-02", "2026-03-03"):
        produce(h.owner, h, recorded_on=day, session="am")
        produce(h.owner, h, recorded_on=day, session="pm")
    produce(h.owner, h, group_id=h.flock, product="eggs", unit="count", quantity=200, recorded_on="2026-03-03")
    page = call(h.owner, "list_production", tenant_id=h.tenant, animal_id=h.cow, **{'"limit"': 4})
    assert page["count"] == 6
    assert [(r["recorded_on"], r["session"]) for r in page["results"]] == [
        ("2026-03-03", "pm"), ("2026-03-03", "am"), ("2026-03-02", "pm"), ("2026-03-02", "am")]
    assert call(h.owner, "list_production", tenant_id=h.tenant, product="eggs")["count"] == 1
    assert call(h.owner, "list_production", tenant_id=h.tenant, **{'"from"': "2026-03-02", '"to"': "2026-03-02"}
                )["count"] == 2
    assert call(h.owner, "list_production", tenant_id=h.tenant, farm_id=h.farm)["count"] == 7
    with pytest.raises(psycopg.Error) as err:
        call(h.owner, "list_production", tenant_id=h.tenant, **{'"limit"': 500})
    assert sqlstate(err) == "22023"


def test_a_tenants_newest_production_page_is_read_along_an_index_not_sorted(world: World):
    """api.list_production's order (and /rest/v1's newest first) is an index's (V0025): a page costs
    the same on a tenant with a million records as on one with ten. Scans that would sort are disabled, so
    the plan shows whether an index gives the order."""
    h = herd(world)
    produce(h.owner, h, recorded_on="2026-03-01", session="am")
    with world.admin.transaction():
        world.admin.execute("set local enable_seqscan = off")
        world.admin.execute("set local enable_bitmapscan = off")
        plans = ["\n".join(r[0] for r in world.admin.execute(
            f"explain select id from production_records where tenant_id = %s order by {order} limit 20",
            (h.tenant,))) for order in ("recorded_on desc, session desc nulls last, id desc",
                                        "recorded_on, session nulls first, id")]
    for plan in plans:
        assert "production_records_recent_idx" in plan and "Sort" not in plan, plan


def test_animal_production_history_is_newest_first_30_by_default(world: World):
    h = herd(world)
    bulk(h.owner, h, [{"animal_id": h.cow, "product": "milk", "quantity": d, "unit": "l",
                       "recorded_on": f"2026-01-{d:02d}"} for d in range(1, 32)])
    history = call(h.owner, "animal_production_history", tenant_id=h.tenant, animal_id=h.cow)
    assert len(history) == 30 and history[0]["recorded_on"] == "2026-01-31" and history[-1]["recorded_on"] == \
        "2026-01-02"
    assert len(call(h.owner, "animal_production_history", tenant_id=h.tenant, animal_id=h.cow,
                    **{'"limit"': 5})) == 5


# ---------------------------------------------------------------- who may do what


@pytest.mark.parametrize("role", ["owner", "admin", "manager", "worker"])
def test_production_writers_record_production(world: World, role: str):
    h = herd(world)
    actor = h.owner if role == "owner" else world.member(h.tenant, role)
    if role in ("manager", "worker"):
        h.owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
                    (h.tenant, actor.id, h.farm))
    rec = produce(actor, h)
    assert rec["recorded_by"] == actor.id
    assert bulk(actor, h, [{"animal_id": h.cow, "product": "milk", "quantity": 1, "unit": "l",
                            "recorded_on": "2020-01-01"}])["inserted"] == 1


@pytest.mark.parametrize("role", ["vet", "accountant", "viewer"])
def test_other_roles_cannot_record_production_but_can_read_it(world: World, role: str):
    h = herd(world)
    rec = produce(h.owner, h)
    actor = world.member(h.tenant, role)
    h.owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
                (h.tenant, actor.id, h.farm))
    attempts = [lambda: produce(actor, h, recorded_on="2020-01-01"),
                lambda: bulk(actor, h, [{"animal_id": h.cow, "product": "milk", "quantity": 1, "unit": "l"}]),
                lambda: call(actor, "correct_production", tenant_id=h.tenant, record_id=rec["id"], quantity=1,
                             reason="x")]
    for attempt in attempts:
        with pytest.raises(psycopg.Error) as err:
            attempt()
        assert sqlstate(err) == "42501" and "production.write" in err.value.diag.message_primary
    with pytest.raises(psycopg.Error) as err:
        actor.one("insert into production_records (tenant_id, animal_id, product, quantity, unit, recorded_on) "
                  "values (%s, %s, 'milk', 3, 'l', '2020-01-01') returning id", (h.tenant, h.cow))
    assert sqlstate(err) == "42501"
    assert actor.rowcount("update production_records set quantity = 1") == 0
    assert call(actor, "list_production", tenant_id=h.tenant)["count"] == 1


def test_a_worker_without_access_to_the_farm_can_neither_record_nor_read(world: World):
    h = herd(world)
    produce(h.owner, h)
    other_farm = make_farm(h.owner, h.tenant, name="Other")
    worker = world.member(h.tenant, "worker")
    h.owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
                (h.tenant, worker.id, other_farm))
    with pytest.raises(psycopg.Error) as err:
        produce(worker, h, recorded_on="2020-01-01")
    assert sqlstate(err) == "PT404" and err.value.diag.message_hint == "animal_not_found"
    with pytest.raises(psycopg.Error) as err:
        bulk(worker, h, [{"animal_id": h.cow, "product": "milk", "quantity": 1, "unit": "l"}])
    assert json.loads(err.value.diag.message_detail) == [{"index": 0, "error": "animal not found"}]
    with pytest.raises(psycopg.Error) as err:
        worker.one("insert into production_records (tenant_id, animal_id, product, quantity, unit, recorded_on) "
                   "values (%s, %s, 'milk', 3, 'l', '2020-01-01') returning id", (h.tenant, h.cow))
    assert sqlstate(err) == "42501"
    assert call(worker, "list_production", tenant_id=h.tenant)["count"] == 0
    assert worker.one("select count(*) from production_records") == 0
    with pytest.raises(psycopg.Error) as err:
        call(worker, "animal_production_history", tenant_id=h.tenant, animal_id=h.cow)
    assert sqlstate(err) == "PT404"
    assert count(world) == 1


def test_a_production_record_cannot_point_at_another_tenants_animal(world: World):
    mine = herd(world)
    theirs = herd(world)
    with pytest.raises(psycopg.Error) as err:
        produce(mine.owner, mine, animal_id=theirs.cow)
    assert sqlstate(err) == "PT404"
    with pytest.raises(psycopg.Error) as err:
        bulk(mine.owner, mine, [{"animal_id": theirs.cow, "product": "milk", "quantity": 1, "unit": "l"}])
    assert "animal not found" in err.value.diag.message_detail
    for tenant in (mine.tenant, theirs.tenant):
        with pytest.raises(psycopg.Error) as err:
            mine.owner.one("insert into production_records (tenant_id, animal_id, product, quantity, unit) "
                           "values (%s, %s, 'milk', 3, 'l') returning id", (tenant, theirs.cow))
        assert sqlstate(err) in ("42501", "23503")
    with pytest.raises(psycopg.Error) as err:
        call(mine.owner, "list_production", tenant_id=theirs.tenant)
    assert sqlstate(err) == "42501"
    assert count(world) == 0
