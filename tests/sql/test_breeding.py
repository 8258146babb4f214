"""Breeding, lactations, weights and activities (DOMAIN.md, Reproduction and Growth)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import TODAY, World
from tests.sql.test_animals import animal, grant, refused


def days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


@pytest.fixture
def herd(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    farm_id = owner.one("select api.create_farm(tenant_id => %s, name => 'Main') ->> 'id'", (tenant,))
    cow = animal(owner, tenant, farm_id, "COW", birth_date="2019-01-01")
    bull = animal(owner, tenant, farm_id, "BULL", sex="male", birth_date="2018-01-01")
    return world, owner, tenant, farm_id, cow, bull


def serve(actor, tenant, dam, served_on, **extra):
    args = "".join(f", {k} => %({k})s" for k in extra)
    return actor.one("select api.record_service(tenant_id => %(t)s, dam_id => %(d)s, served_on => %(s)s" + args + ")",
                     {"t": tenant, "d": dam, "s": served_on, **extra})


@pytest.mark.parametrize(("species", "breed", "gestation"), [
    ("cattle", None, 283), ("cattle", "Holstein Friesian", 279), ("goat", None, 150), ("sheep", None, 147),
    ("pig", None, 114), ("sheep", "Merino", 150), ("buffalo", None, 310),
])
def test_due_date_is_service_date_plus_breed_or_species_gestation(herd, species, breed, gestation):
    world, owner, tenant, farm_id, *_ = herd
    breed_id = str(world.admin.execute("select id from breeds where name = %s", (breed,)).fetchone()[0]) if breed \
        else None
    dam = animal(owner, tenant, farm_id, f"D-{species}", species=species, birth_date="2020-01-01",
                 **({"breed_id": breed_id} if breed_id else {}))
    service = serve(owner, tenant, dam["id"], "2026-01-10", method="ai", semen_straw_id="STRAW-1")
    assert service["expected_due_on"] == (date(2026, 1, 10) + timedelta(days=gestation)).isoformat()


def test_a_tenant_breed_overrides_gestation(herd):
    _, owner, tenant, farm_id, *_ = herd
    breed = owner.one("select api.create_breed(tenant_id => %s, species => 'goat', name => 'Long', "
                      "gestation_days => 155) ->> 'id'", (tenant,))
    doe = animal(owner, tenant, farm_id, "DOE", species="goat", breed_id=breed, birth_date="2021-01-01")
    assert serve(owner, tenant, doe["id"], "2026-02-01", method="natural")["expected_due_on"] == "2026-07-06"


def test_services_need_a_female_dam_and_a_male_sire_of_her_species(herd):
    _, owner, tenant, farm_id, cow, bull = herd
    buck = animal(owner, tenant, farm_id, "BUCK", species="goat", sex="male", birth_date="2020-01-01")
    hen = animal(owner, tenant, farm_id, "HEN", species="chicken", birth_date="2024-01-01")
    assert refused(lambda: serve(owner, tenant, bull["id"], days_ago(5), method="natural"), "PT422") \
        .diag.message_hint == "invalid_dam"
    assert refused(lambda: serve(owner, tenant, cow["id"], days_ago(5), method="natural", sire_id=buck["id"]),
                   "PT422").diag.message_hint == "invalid_sire"
    assert refused(lambda: serve(owner, tenant, hen["id"], days_ago(5), method="natural"), "PT422") \
        .diag.message_hint == "invalid_species"
    assert refused(lambda: serve(owner, tenant, cow["id"], days_ago(-3), method="natural"), "PT422") \
        .diag.message_hint == "invalid_date"
    refused(lambda: serve(owner, tenant, cow["id"], days_ago(5), method="ai"), "23514")  # AI names sire or straw


def test_checks_confirm_or_fail_and_a_confirmed_dam_refuses_a_new_service(herd):
    _, owner, tenant, _, cow, bull = herd
    first = serve(owner, tenant, cow["id"], days_ago(100), method="natural", sire_id=bull["id"])
    check = "select api.record_pregnancy_check(tenant_id => %s, service_id => %s, checked_on => %s, result => %s)"
    assert owner.one(check, (tenant, first["id"], days_ago(60), "negative"))["service_status"] == "failed"
    second = serve(owner, tenant, cow["id"], days_ago(50), method="natural", sire_id=bull["id"])
    assert owner.one(check, (tenant, second["id"], days_ago(10), "positive"))["service_status"] == "confirmed"
    err = refused(lambda: serve(owner, tenant, cow["id"], days_ago(1), method="natural"), "PT409")
    assert err.diag.message_hint.startswith("already_pregnant")
    refused(lambda: owner.one(check, (tenant, first["id"], days_ago(5), "positive")), "PT409")  # superseded


def test_a_birth_creates_offspring_closes_the_pregnancy_and_starts_a_lactation(herd):
    world, owner, tenant, _, cow, bull = herd
    service = serve(owner, tenant, cow["id"], days_ago(290), method="natural", sire_id=bull["id"])
    birth = owner.one("select api.record_birth(tenant_id => %s, dam_id => %s, born_on => %s, offspring => %s)",
                      (tenant, cow["id"], days_ago(5),
                       '[{"tag_number": "CALF-1", "sex": "female"}, {"tag_number": "CALF-2", "sex": "male"}]'))
    assert birth["service_id"] == service["id"] and birth["sire_id"] == bull["id"] and birth["offspring_count"] == 2
    calves = birth["offspring"]
    assert [(c["tag_number"], c["dam_id"], c["sire_id"], c["birth_date"], c["species"]) for c in calves] == [
        ("CALF-1", cow["id"], bull["id"], days_ago(5), "cattle"),
        ("CALF-2", cow["id"], bull["id"], days_ago(5), "cattle")]
    assert birth["lactation"]["number"] == 1 and birth["lactation"]["started_on"] == days_ago(5)
    assert world.admin.execute("select status from breeding_services where id = %s",
                               (service["id"],)).fetchone()[0] == "delivered"
    again = owner.one("select api.record_birth(tenant_id => %s, dam_id => %s, born_on => %s)",
                      (tenant, cow["id"], days_ago(1)))
    assert again["lactation"]["number"] == 2
    lactations = owner.one("select api.animal_breeding_records(tenant_id => %s, animal_id => %s)",
                           (tenant, cow["id"]))["lactations"]
    assert [(lac["number"], lac["dried_off_on"]) for lac in lactations] == [(2, None), (1, days_ago(2))]


def test_a_goat_birth_without_a_service_still_starts_a_lactation_and_pigs_have_none(herd):
    _, owner, tenant, farm_id, *_ = herd
    doe = animal(owner, tenant, farm_id, "DOE", species="goat", birth_date="2021-01-01")
    sow = animal(owner, tenant, farm_id, "SOW", species="pig", birth_date="2021-01-01")
    birth = "select api.record_birth(tenant_id => %s, dam_id => %s, born_on => %s, offspring => %s)"
    kid = owner.one(birth, (tenant, doe["id"], days_ago(3), '[{"tag_number": "KID-1"}]'))
    assert kid["lactation"]["number"] == 1 and kid["offspring"][0]["sex"] == "unknown"
    assert owner.one(birth, (tenant, sow["id"], days_ago(3), '[{"tag_number": "PIG-1"}]'))["lactation"] is None


def test_a_bad_offspring_list_or_a_taken_tag_writes_nothing(herd):
    world, owner, tenant, *_ = herd
    cow = herd[4]
    birth = "select api.record_birth(tenant_id => %s, dam_id => %s, born_on => %s, offspring => %s)"
    refused(lambda: owner.one(birth, (tenant, cow["id"], days_ago(2), '[{"sex": "female"}]')), "22023")
    refused(lambda: owner.one(birth, (tenant, cow["id"], days_ago(2), '[{"tag_number": "BULL"}]')), "PT409")
    refused(lambda: owner.one(birth, (tenant, herd[5]["id"], days_ago(2), '[]')), "PT422")
    assert world.admin.execute("select count(*) from births where tenant_id = %s", (tenant,)).fetchone()[0] == 0
    assert world.admin.execute("select count(*) from lactations where tenant_id = %s", (tenant,)).fetchone()[0] == 0


def test_repeat_heat_watch_lists_served_females_without_a_positive_check(herd):
    world, owner, tenant, farm_id, cow, bull = herd
    ewe = animal(owner, tenant, farm_id, "EWE", species="sheep", birth_date="2021-01-01")
    heifer = animal(owner, tenant, farm_id, "HEIFER", birth_date="2023-01-01")
    confirmed = animal(owner, tenant, farm_id, "CONF", birth_date="2020-01-01")
    serve(owner, tenant, cow["id"], days_ago(22), method="natural")       # 22 >= 21: watch
    serve(owner, tenant, ewe["id"], days_ago(18), method="natural")       # sheep cycle 17: watch
    serve(owner, tenant, heifer["id"], days_ago(20), method="natural")    # 20 < 21: not yet
    s = serve(owner, tenant, confirmed["id"], days_ago(40), method="natural")
    owner.one("select api.record_pregnancy_check(tenant_id => %s, service_id => %s, checked_on => %s, "
              "result => 'positive')", (tenant, s["id"], days_ago(5)))
    watch = owner.one("select api.repeat_heat_watch(tenant_id => %s)", (tenant,))
    assert sorted(w["tag_number"] for w in watch) == ["COW", "EWE"]
    serve(owner, tenant, cow["id"], days_ago(1), method="natural")        # served again: off the list
    assert [w["tag_number"] for w in owner.one("select api.repeat_heat_watch(tenant_id => %s)", (tenant,))] == ["EWE"]


def test_vets_record_breeding_including_births_and_workers_cannot(herd):
    world, owner, tenant, farm_id, cow, bull = herd
    vet = world.member(tenant, "vet")
    worker = world.member(tenant, "worker")
    for member in (vet, worker):
        grant(owner, tenant, member, farm_id)
    assert serve(vet, tenant, cow["id"], days_ago(290), method="natural", sire_id=bull["id"])["status"] == "served"
    refused(lambda: serve(worker, tenant, cow["id"], days_ago(280), method="natural"), "42501")
    birth = vet.one("select api.record_birth(tenant_id => %s, dam_id => %s, born_on => %s, offspring => %s)",
                    (tenant, cow["id"], days_ago(2), '[{"tag_number": "V-CALF", "sex": "male"}]'))
    assert birth["offspring"][0]["tag_number"] == "V-CALF"
    refused(lambda: animal(vet, tenant, farm_id, "V-2"), "42501")  # but not other animals


def test_adg_is_per_animal_and_a_group_mean_of_animals(herd):
    world, owner, tenant, farm_id, *_ = herd
    a = animal(owner, tenant, farm_id, "STEER-A", sex="male", birth_date="2025-01-01")
    b = animal(owner, tenant, farm_id, "STEER-B", sex="male", birth_date="2025-01-01")
    c = animal(owner, tenant, farm_id, "STEER-C", sex="male", birth_date="2025-01-01")
    weigh = "select api.record_weight(tenant_id => %s, animal_id => %s, weight_kg => %s, weighed_on => %s)"
    # A gains 100 kg in 100 days (1.0/day); B gains 10 kg in 10 days (1.0/day)... and C 30 kg in 10 days (3.0).
    for animal_id, points in ((a["id"], [(200, 110), (300, 10)]), (b["id"], [(250, 20), (260, 10)]),
                              (c["id"], [(250, 20), (280, 10)])):
        for kg, ago in points:
            owner.one(weigh, (tenant, animal_id, kg, days_ago(ago)))
    growth = owner.one("select api.animal_growth(tenant_id => %s, animal_id => %s)", (tenant, a["id"]))
    assert float(growth["adg_kg_per_day"]) == 1.0 and len(growth["weights"]) == 2
    mean = owner.one("select api.average_daily_gain(tenant_id => %s, from_date => %s, to_date => %s)",
                     (tenant, days_ago(365), days_ago(0)))
    # mean of (1.0, 1.0, 3.0) = 1.667 -- not total gain / total days = 140 / 120 = 1.167
    assert mean["animals"] == 3 and float(mean["mean_adg_kg_per_day"]) == 1.667
    refused(lambda: owner.one(weigh, (tenant, a["id"], 305, days_ago(10))), "PT409")
    refused(lambda: owner.one(weigh, (tenant, a["id"], -5, days_ago(3))), "23514")
    refused(lambda: owner.one(weigh, (tenant, a["id"], 305, "2024-06-01")), "PT422")  # before birth


def test_one_weighing_gives_no_adg(herd):
    _, owner, tenant, farm_id, *_ = herd
    a = animal(owner, tenant, farm_id, "ONE", birth_date="2025-01-01")
    owner.one("select api.record_weight(tenant_id => %s, animal_id => %s, weight_kg => 100)", (tenant, a["id"]))
    assert owner.one("select api.animal_growth(tenant_id => %s, animal_id => %s)", (tenant, a["id"]))[
        "adg_kg_per_day"] is None


def test_activities_are_recorded_by_members_on_their_farms(herd):
    world, owner, tenant, farm_id, cow, _ = herd
    worker = world.member(tenant, "worker")
    viewer = world.member(tenant, "viewer")
    record = "select api.record_activity(tenant_id => %s, activity_type => 'feeding', animal_id => %s)"
    # no access to the farm yet: its animal is not there for them, as one that does not exist (404, no oracle)
    refused(lambda: worker.one(record, (tenant, cow["id"])), "PT404")
    grant(owner, tenant, worker, farm_id)
    grant(owner, tenant, viewer, farm_id)
    done = worker.one(record, (tenant, cow["id"]))
    assert done["performed_by"] == worker.id and done["farm_id"] == farm_id
    refused(lambda: viewer.one(record, (tenant, cow["id"])), "42501")
    page = viewer.one("select api.list_activities(tenant_id => %s)", (tenant,))
    assert page["count"] == 1
    refused(lambda: owner.one("select api.record_activity(tenant_id => %s, activity_type => 'feeding')", (tenant,)),
            "22023")
