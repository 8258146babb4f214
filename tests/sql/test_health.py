"""Health rules in SQL: treatments and their withdrawal periods (DOMAIN.md), health status, checks and
vaccinations, permissions and farm access -- called as `authenticated` with real claims."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import psycopg
import pytest

from tests.conftest import Actor, World


@dataclass
class Herd:
    tenant: str
    owner: Actor
    farm: str
    cow: str
    flock: str


def call(actor: Actor, function: str, **args):
    """select api.<function>(name => value, ...) as the actor; values go as text and PostgreSQL casts them."""
    names = ", ".join(f"{k} => %s" for k in args)
    values = [None if v is None else ("true" if v is True else "false" if v is False else str(v))
              for v in args.values()]
    return actor.one(f"select api.{function}({names})", values)


def sqlstate(err: pytest.ExceptionInfo) -> str:
    return err.value.diag.sqlstate


def make_farm(owner: Actor, tenant: str, name: str = "Home", organic: bool = False) -> str:
    farm = owner.one("select api.create_farm(tenant_id => %s, name => %s) ->> 'id'", (tenant, name))
    if organic:
        owner.one("update farms set is_organic = true where tenant_id = %s and id = %s returning id", (tenant, farm))
    return farm


def make_animal(owner: Actor, tenant: str, farm: str, species: str = "cattle", tag: str | None = None) -> str:
    tag = tag or f"A-{uuid.uuid4().hex[:10]}"
    return str(owner.one("insert into animals (tenant_id, farm_id, tag_number, species, sex, birth_date) "
                         "values (%s, %s, %s, %s, 'female', '2022-01-01') returning id",
                         (tenant, farm, tag, species)))


def make_group(owner: Actor, tenant: str, farm: str, species: str = "chicken", name: str = "Layers") -> str:
    return str(owner.one("insert into animal_groups (tenant_id, farm_id, name, species) values (%s, %s, %s, %s) "
                         "returning id", (tenant, farm, name, species)))


def herd(world: World, organic: bool = False) -> Herd:
    owner = world.user()
    tenant = world.tenant(owner)
    farm = make_farm(owner, tenant, organic=organic)
    cow = make_animal(owner, tenant, farm, tag="COW-1")
    flock = make_group(owner, tenant, farm)
    return Herd(tenant, owner, farm, cow, flock)


def treat(actor: Actor, h: Herd, **args) -> dict:
    args.setdefault("medicine", "Oxytetracycline")
    args.setdefault("course_start", "2026-03-08")
    args.setdefault("course_end", "2026-03-10")
    if "group_id" not in args:
        args.setdefault("animal_id", h.cow)
    return call(actor, "record_treatment", tenant_id=h.tenant, **args)


def clear_on(treatment: dict, product: str) -> str | None:
    return treatment["withdrawal"][product]["clear_on"]


# ---------------------------------------------------------------- clearance dates


def test_clearance_date_is_the_last_dose_plus_the_withdrawal_days(world: World):
    h = herd(world)
    t = treat(h.owner, h, milk_withdrawal_days=3, meat_withdrawal_days=14)
    assert clear_on(t, "milk") == "2026-03-13"
    assert clear_on(t, "meat") == "2026-03-24"
    assert t["withdrawal"]["milk"]["days"] == 3


def test_no_withdrawal_on_the_label_withholds_nothing_on_a_conventional_farm(world: World):
    h = herd(world)
    t = treat(h.owner, h, milk_withdrawal_days=0)
    assert clear_on(t, "milk") is None and clear_on(t, "meat") is None and clear_on(t, "eggs") is None


def test_withdrawal_hours_are_rounded_up_to_whole_days(world: World):
    h = herd(world)
    t = treat(h.owner, h, milk_withdrawal_hours=36, meat_withdrawal_hours=1)
    assert t["withdrawal"]["milk"] == {"label_hours": 36, "days": 2, "clear_on": "2026-03-12"}
    assert t["withdrawal"]["meat"]["days"] == 1


def test_withdrawal_hours_on_a_whole_day_are_not_rounded_further(world: World):
    h = herd(world)
    t = treat(h.owner, h, milk_withdrawal_hours=48)
    assert t["withdrawal"]["milk"]["days"] == 2 and clear_on(t, "milk") == "2026-03-12"


def test_withdrawal_given_in_both_days_and_hours_is_refused(world: World):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        treat(h.owner, h, milk_withdrawal_days=2, milk_withdrawal_hours=36)
    assert sqlstate(err) == "22023" and err.value.diag.message_hint == "withdrawal_days_or_hours"


def test_negative_withdrawal_is_refused(world: World):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        treat(h.owner, h, milk_withdrawal_days=-1)
    assert sqlstate(err) == "22023"


def test_course_ending_before_it_starts_is_refused(world: World):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        treat(h.owner, h, course_start="2026-03-10", course_end="2026-03-09")
    assert sqlstate(err) == "22023" and err.value.diag.message_hint == "course_end_before_start"
    assert world.admin.execute("select count(*) from treatments").fetchone()[0] == 0


def test_organic_farm_doubles_the_withdrawal_period(world: World):
    h = herd(world, organic=True)
    t = treat(h.owner, h, milk_withdrawal_days=3)
    assert t["is_organic"] is True
    assert t["withdrawal"]["milk"]["days"] == 6 and clear_on(t, "milk") == "2026-03-16"


def test_organic_farm_withdrawal_is_at_least_two_days(world: World):
    h = herd(world, organic=True)
    t = treat(h.owner, h, milk_withdrawal_hours=12)
    assert t["withdrawal"]["milk"]["days"] == 2
    # Even a medicine with no period on its label withholds for 48 h on an organic farm.
    assert t["withdrawal"]["meat"]["days"] == 2 and clear_on(t, "meat") == "2026-03-12"


def test_conventional_farm_does_not_double(world: World):
    h = herd(world, organic=False)
    t = treat(h.owner, h, milk_withdrawal_hours=12)
    assert t["is_organic"] is False and t["withdrawal"]["milk"]["days"] == 1


def test_cascade_treatment_gets_one_and_a_half_times_the_label_period_rounded_up(world: World):
    h = herd(world)
    t = treat(h.owner, h, is_cascade=True, milk_withdrawal_days=3, meat_withdrawal_days=10)
    assert t["withdrawal"]["milk"]["days"] == 5  # 4.5 rounded up
    assert t["withdrawal"]["meat"]["days"] == 15
    assert clear_on(t, "milk") == "2026-03-15"


def test_cascade_treatment_without_a_label_period_gets_the_statutory_minimum(world: World):
    h = herd(world)
    t = treat(h.owner, h, is_cascade=True)
    assert (t["withdrawal"]["milk"]["days"], t["withdrawal"]["eggs"]["days"], t["withdrawal"]["meat"]["days"]) == \
        (7, 14, 28)
    plain = treat(h.owner, h)
    assert (plain["withdrawal"]["milk"]["days"], plain["withdrawal"]["meat"]["days"]) == (0, 0)


def test_statutory_cascade_minimums_are_data_that_can_change(world: World):
    h = herd(world)
    world.admin.execute("update cascade_withdrawal_minimums set min_days = 10 where product = 'milk'")
    assert treat(h.owner, h, is_cascade=True)["withdrawal"]["milk"]["days"] == 10
    assert world.anon().one("select count(*) from cascade_withdrawal_minimums") == 3


def test_cascade_on_an_organic_farm_doubles_the_statutory_minimum(world: World):
    h = herd(world, organic=True)
    assert treat(h.owner, h, is_cascade=True)["withdrawal"]["milk"]["days"] == 14


# ---------------------------------------------------------------- status and records


def status(h: Herd, day: str) -> str:
    return h.owner.one("select private.animal_health_status(%s, %s, %s)", (h.tenant, h.cow, day))


def test_health_status_follows_checks_treatments_and_withdrawal(world: World):
    h = herd(world)
    assert status(h, "2026-03-01") == "healthy"
    call(h.owner, "record_health_check", tenant_id=h.tenant, animal_id=h.cow, checked_on="2026-03-01",
         temperature_c="40.2", diagnosis="Mastitis")
    assert status(h, "2026-03-01") == "sick"
    treat(h.owner, h, course_start="2026-03-02", course_end="2026-03-05", milk_withdrawal_days=3)
    assert status(h, "2026-03-03") == "under_treatment"
    assert status(h, "2026-03-06") == "sick"  # still sick until a later check says otherwise
    call(h.owner, "record_health_check", tenant_id=h.tenant, animal_id=h.cow, checked_on="2026-03-06",
         temperature_c="38.6")
    assert status(h, "2026-03-07") == "in_withdrawal"
    assert status(h, "2026-03-08") == "healthy"


def test_animal_health_records_show_the_latest_clearance_per_product(world: World):
    h = herd(world)
    call(h.owner, "record_health_check", tenant_id=h.tenant, animal_id=h.cow, checked_on="2026-03-01",
         body_condition_score="3.5")
    call(h.owner, "record_vaccination", tenant_id=h.tenant, animal_id=h.cow, vaccine="Bovilis BVD",
         given_on="2026-03-01", next_due_on="2027-03-01", batch_number="B-77")
    long = treat(h.owner, h, course_end="2026-03-10", milk_withdrawal_days=5, meat_withdrawal_days=20)
    treat(h.owner, h, course_start="2026-03-11", course_end="2026-03-12", milk_withdrawal_days=1,
          meat_withdrawal_days=3)
    rec = call(h.owner, "animal_health_records", tenant_id=h.tenant, animal_id=h.cow)
    assert len(rec["checks"]) == 1 and rec["checks"][0]["body_condition_score"] == 3.5
    assert rec["vaccinations"][0]["next_due_on"] == "2027-03-01"
    assert len(rec["treatments"]) == 2
    withdrawals = {w["product"]: w for w in rec["withdrawals"]}
    assert withdrawals["milk"]["clear_on"] == "2026-03-15" and withdrawals["milk"]["treatment_id"] == long["id"]
    assert withdrawals["meat"]["clear_on"] == "2026-03-30"
    assert "eggs" not in withdrawals
    assert rec["status"] in ("healthy", "in_withdrawal", "under_treatment", "sick")


def test_body_condition_score_outside_one_to_five_is_refused(world: World):
    h = herd(world)
    assert call(h.owner, "record_health_check", tenant_id=h.tenant, animal_id=h.cow,
                body_condition_score="4.5")["body_condition_score"] == 4.5
    with pytest.raises(psycopg.Error) as err:
        call(h.owner, "record_health_check", tenant_id=h.tenant, animal_id=h.cow, body_condition_score="5.5")
    assert sqlstate(err) == "23514"


def test_vaccination_due_before_it_was_given_is_refused(world: World):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        call(h.owner, "record_vaccination", tenant_id=h.tenant, animal_id=h.cow, vaccine="X",
             given_on="2026-03-01", next_due_on="2026-02-01")
    assert sqlstate(err) == "23514"


def test_a_health_record_needs_exactly_one_of_animal_and_group(world: World):
    h = herd(world)
    for args in ({}, {"animal_id": h.cow, "group_id": h.flock}):
        with pytest.raises(psycopg.Error) as err:
            call(h.owner, "record_health_check", tenant_id=h.tenant, **args)
        assert sqlstate(err) == "22023"


def test_health_events_are_listed_newest_first_with_filters(world: World):
    h = herd(world)
    call(h.owner, "record_health_check", tenant_id=h.tenant, animal_id=h.cow, checked_on="2026-03-01")
    call(h.owner, "record_vaccination", tenant_id=h.tenant, group_id=h.flock, vaccine="Newcastle",
         given_on="2026-03-02")
    treat(h.owner, h, course_start="2026-03-03", course_end="2026-03-04")
    page = call(h.owner, "list_health_events", tenant_id=h.tenant)
    assert page["count"] == 3 and [e["kind"] for e in page["results"]] == ["treatment", "vaccination", "check"]
    assert call(h.owner, "list_health_events", tenant_id=h.tenant, animal_id=h.cow)["count"] == 2
    assert call(h.owner, "list_health_events", tenant_id=h.tenant, kind="vaccination")["count"] == 1
    assert call(h.owner, "list_health_events", tenant_id=h.tenant, **{'"from"': "2026-03-02"})["count"] == 2
    paged = call(h.owner, "list_health_events", tenant_id=h.tenant, **{'"limit"': 1, '"offset"': 1})
    assert paged["count"] == 3 and [e["kind"] for e in paged["results"]] == ["vaccination"]
    with pytest.raises(psycopg.Error) as err:
        call(h.owner, "list_health_events", tenant_id=h.tenant, kind="surgery")
    assert sqlstate(err) == "22023"


def test_a_treatment_is_an_animal_event_in_the_outbox(world: World):
    h = herd(world)
    t = treat(h.owner, h, milk_withdrawal_days=3)
    row = world.admin.execute("select topic, payload from outbox.events where payload ->> 'type' = "
                              "'treatment_recorded'").fetchone()
    assert row[0] == "animal.events" and row[1]["aggregate_id"] == t["id"] == row[1]["payload"]["row"]["id"]


# ---------------------------------------------------------------- who may do what


@pytest.mark.parametrize("role", ["owner", "admin", "manager", "vet"])
def test_health_writers_record_treatments(world: World, role: str):
    h = herd(world)
    actor = h.owner if role == "owner" else world.member(h.tenant, role)
    if role not in ("owner", "admin"):
        h.owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
                    (h.tenant, actor.id, h.farm))
    assert treat(actor, h, milk_withdrawal_days=1)["recorded_by"] == actor.id


@pytest.mark.parametrize("role", ["worker", "accountant", "viewer"])
def test_other_roles_cannot_record_health_but_can_read_it(world: World, role: str):
    h = herd(world)
    treat(h.owner, h, milk_withdrawal_days=1)
    actor = world.member(h.tenant, role)
    h.owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
                (h.tenant, actor.id, h.farm))
    for attempt in (lambda: treat(actor, h),
                    lambda: call(actor, "record_health_check", tenant_id=h.tenant, animal_id=h.cow),
                    lambda: call(actor, "record_vaccination", tenant_id=h.tenant, animal_id=h.cow, vaccine="X")):
        with pytest.raises(psycopg.Error) as err:
            attempt()
        assert sqlstate(err) == "42501"
        assert "health.write" in err.value.diag.message_primary
    with pytest.raises(psycopg.Error) as err:
        actor.one("insert into treatments (tenant_id, animal_id, medicine, course_start, course_end) "
                  "values (%s, %s, 'X', '2026-03-01', '2026-03-01') returning id", (h.tenant, h.cow))
    assert sqlstate(err) == "42501"
    assert len(call(actor, "animal_health_records", tenant_id=h.tenant, animal_id=h.cow)["treatments"]) == 1


def test_a_vet_without_access_to_the_farm_can_neither_treat_nor_read(world: World):
    h = herd(world)
    treat(h.owner, h, milk_withdrawal_days=1)
    vet = world.member(h.tenant, "vet")
    with pytest.raises(psycopg.Error) as err:
        treat(vet, h)
    assert sqlstate(err) == "PT404" and err.value.diag.message_hint == "animal_not_found"
    with pytest.raises(psycopg.Error) as err:
        vet.one("insert into treatments (tenant_id, animal_id, medicine, course_start, course_end) "
                "values (%s, %s, 'X', '2026-03-01', '2026-03-01') returning id", (h.tenant, h.cow))
    assert sqlstate(err) == "42501"
    with pytest.raises(psycopg.Error) as err:
        call(vet, "animal_health_records", tenant_id=h.tenant, animal_id=h.cow)
    assert sqlstate(err) == "PT404"
    assert vet.one("select count(*) from treatments") == 0
    assert call(vet, "list_health_events", tenant_id=h.tenant)["count"] == 0
    assert world.admin.execute("select count(*) from treatments").fetchone()[0] == 1


def test_a_treatment_cannot_point_at_another_tenants_animal(world: World):
    mine = herd(world)
    theirs = herd(world)
    with pytest.raises(psycopg.Error) as err:
        call(mine.owner, "record_treatment", tenant_id=mine.tenant, animal_id=theirs.cow, medicine="X",
             course_start="2026-03-01")
    assert sqlstate(err) == "PT404"
    with pytest.raises(psycopg.Error) as err:
        mine.owner.one("insert into treatments (tenant_id, animal_id, medicine, course_start, course_end) "
                       "values (%s, %s, 'X', '2026-03-01', '2026-03-01') returning id", (mine.tenant, theirs.cow))
    assert sqlstate(err) in ("42501", "23503")
    with pytest.raises(psycopg.Error) as err:
        mine.owner.one("insert into treatments (tenant_id, animal_id, medicine, course_start, course_end) "
                       "values (%s, %s, 'X', '2026-03-01', '2026-03-01') returning id", (theirs.tenant, theirs.cow))
    assert sqlstate(err) == "42501"
    assert world.admin.execute("select count(*) from treatments").fetchone()[0] == 0


def test_clients_cannot_write_the_computed_withdrawal_columns(world: World):
    h = herd(world)
    with pytest.raises(psycopg.Error) as err:
        h.owner.one("insert into treatments (tenant_id, animal_id, medicine, course_start, course_end, milk_clear_on) "
                    "values (%s, %s, 'X', '2026-03-01', '2026-03-01', '2026-03-02') returning id", (h.tenant, h.cow))
    assert sqlstate(err) == "42501"
    # Written directly (as a Supabase client may), the trigger still computes the clearance.
    h.owner.one("insert into treatments (tenant_id, animal_id, medicine, course_start, course_end, "
                "milk_withdrawal_hours) values (%s, %s, 'X', '2026-03-01', '2026-03-01', 36) returning id",
                (h.tenant, h.cow))
    assert h.owner.one("select milk_clear_on::text from treatments") == "2026-03-03"
