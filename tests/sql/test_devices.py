"""Devices in SQL: the registry and its plan limit, keys (shown once, hashed, rotated, revoked), the ingest
call as the device_ingest role (validation by index, idempotent resends, CSV), rollups equal to the raw
readings, farm records through the manual rules, thresholds and alerts, partitions, and who sees what."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import psycopg
import pytest

from tests.conftest import Actor, World
from tests.sql.test_health import Herd, make_animal, make_farm, sqlstate, treat

KEY = re.compile(r"ifd_[0-9a-f]{8}_[0-9a-f]{64}")


@dataclass
class Site:
    world: World
    tenant: str
    owner: Actor
    farm: str

    def register(self, device_type: str = "temperature_humidity_sensor", serial: str | None = None,
                 actor: Actor | None = None, **extra) -> dict:
        args = ", ".join(f"{k} => %({k})s" for k in extra)
        serial = serial or f"SN-{device_type[:4]}-{self.world.admin.execute('select gen_random_uuid()').fetchone()[0]}"
        return (actor or self.owner).one(
            "select api.register_device(tenant_id => %(t)s, farm_id => %(f)s, device_type => %(dt)s, "
            "serial_number => %(sn)s" + (", " + args if args else "") + ")",
            {"t": self.tenant, "f": self.farm, "dt": device_type, "sn": serial, **extra})

    def threshold(self, device: dict, metric: str = "temperature", **bounds) -> dict:
        args = ", ".join(f"{k} => %({k})s" for k in bounds)
        return self.owner.one(f"select api.create_device_threshold(tenant_id => %(t)s, device_id => %(d)s, "
                              f"metric => %(m)s, {args})", {"t": self.tenant, "d": device["id"], "m": metric, **bounds})


def site(world: World) -> Site:
    owner = world.user()
    tenant = world.tenant(owner)
    return Site(world, tenant, owner, make_farm(owner, tenant))


def noon(world: World) -> datetime:
    return datetime(world.today.year, world.today.month, world.today.day, 12, tzinfo=UTC)


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def reading(metric: str, value, unit: str, at: datetime, **extra) -> dict:
    return {"metric": metric, "value": value, "unit": unit, "measured_at": iso(at), **extra}


def temperatures(world: World, values: list, start_minutes_ago: int = 60, step_minutes: int = 5) -> list[dict]:
    start = noon(world) - timedelta(minutes=start_minutes_ago)
    return [reading("temperature", v, "degC", start + timedelta(minutes=i * step_minutes))
            for i, v in enumerate(values)]


def ingest(world: World, key: str, body, fmt: str = "json") -> dict:
    """What the ingest endpoint does: one call of private.ingest_readings as the role device_ingest."""
    text = body if isinstance(body, str) else json.dumps(body)
    conn = world.api_conn
    with conn.transaction():
        conn.execute("select set_config('role', 'device_ingest', true)")
        return conn.execute("select private.ingest_readings(%s, %s, %s)",
                            (hashlib.sha256(key.encode()).digest(), text, fmt)).fetchone()[0]


def refused(world: World, key: str, body, fmt: str = "json") -> psycopg.Error:
    with pytest.raises(psycopg.Error) as err:
        ingest(world, key, body, fmt)
    return err.value


def problems(err: psycopg.Error) -> list[dict]:
    assert err.diag.sqlstate == "PT422", err.diag.message_primary
    assert err.diag.message_hint.startswith("invalid_readings")
    return json.loads(err.diag.message_detail)


def count(world: World, query: str, params=None):
    return world.admin.execute(query, params).fetchone()[0]


# ---------------------------------------------------------------- keys


def test_a_device_key_is_shown_once_and_only_its_sha256_is_kept(world: World):
    s = site(world)
    device = s.register()
    key = device["api_key"]["key"]
    assert KEY.fullmatch(key) and device["api_key"]["prefix"] == key[:12]
    stored = world.admin.execute("select token_hash, prefix from device_keys where device_id = %s",
                                 (device["id"],)).fetchall()
    assert stored == [(hashlib.sha256(key.encode()).digest(), key[:12])]
    again = s.owner.one("select api.get_device(tenant_id => %s, device_id => %s)", (s.tenant, device["id"]))
    listed = s.owner.one("select api.list_device_keys(tenant_id => %s, device_id => %s)", (s.tenant, device["id"]))
    assert key not in json.dumps(again) + json.dumps(listed) and listed[0]["prefix"] == key[:12]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        s.owner.one("select token_hash from device_keys")
    trail = world.admin.execute("select new_values::text from audit.log where table_name = 'device_keys'").fetchall()
    events = world.admin.execute("select payload::text from outbox.events where payload ->> 'type' like "
                                 "'%%device_key_created'").fetchall()
    assert len(trail) == 1 and len(events) == 2  # the device event and the security event
    assert all("token_hash" not in text and key[13:] not in text for (text,) in trail + events)


def test_a_second_key_is_refused_while_one_is_live(world: World):
    s = site(world)
    device = s.register()
    with pytest.raises(psycopg.Error) as err:
        s.owner.one("select api.create_device_key(tenant_id => %s, device_id => %s)", (s.tenant, device["id"]))
    assert sqlstate(err) == "PT409" and err.value.diag.message_hint.startswith("device_key_exists")


def test_a_rotated_key_works_until_its_grace_period_ends(world: World):
    s = site(world)
    device = s.register()
    old = device["api_key"]["key"]
    new = s.owner.one("select api.rotate_device_key(tenant_id => %s, device_id => %s, grace_seconds => 600)",
                      (s.tenant, device["id"]))["key"]
    assert ingest(world, old, temperatures(world, [20]))["stored"] == 1
    assert ingest(world, new, temperatures(world, [21], start_minutes_ago=30))["stored"] == 1
    world.set_clock(noon(world) + timedelta(minutes=11))
    assert refused(world, old, temperatures(world, [22], 1)).diag.sqlstate == "PT401"
    assert ingest(world, new, temperatures(world, [23], start_minutes_ago=1))["stored"] == 1


def test_a_rotation_without_grace_and_a_revocation_end_a_key_at_once(world: World):
    s = site(world)
    device = s.register()
    first = device["api_key"]["key"]
    second = s.owner.one("select api.rotate_device_key(tenant_id => %s, device_id => %s, grace_seconds => 0)",
                         (s.tenant, device["id"]))
    assert refused(world, first, temperatures(world, [20])).diag.sqlstate == "PT401"
    assert ingest(world, second["key"], temperatures(world, [20]))["stored"] == 1
    s.owner.one("select api.revoke_device_key(tenant_id => %s, device_id => %s, key_id => %s)",
                (s.tenant, device["id"], second["id"]))
    assert refused(world, second["key"], temperatures(world, [21], 30)).diag.sqlstate == "PT401"
    third = s.owner.one("select api.create_device_key(tenant_id => %s, device_id => %s)", (s.tenant, device["id"]))
    assert ingest(world, third["key"], temperatures(world, [21], 30))["stored"] == 1


def test_a_retired_device_is_refused_keeps_its_readings_and_frees_its_serial(world: World):
    s = site(world)
    device = s.register(serial="TH-42")
    key = device["api_key"]["key"]
    ingest(world, key, temperatures(world, [20, 21]))
    retired = s.owner.one("select api.retire_device(tenant_id => %s, device_id => %s)", (s.tenant, device["id"]))
    assert retired["status"] == "retired" and retired["retired_at"]
    assert refused(world, key, temperatures(world, [22], 1)).diag.sqlstate == "PT401"
    assert count(world, "select count(*) from device_keys where device_id = %s and revoked_at is null",
                 (device["id"],)) == 0
    with pytest.raises(psycopg.Error) as err:
        s.owner.one("select api.create_device_key(tenant_id => %s, device_id => %s)", (s.tenant, device["id"]))
    assert sqlstate(err) == "PT409"
    with pytest.raises(psycopg.Error) as err:
        s.owner.one("update devices set status = 'active' where id = %s returning id", (device["id"],))
    assert sqlstate(err) == "PT409"
    assert count(world, "select count(*) from device_readings where device_id = %s", (device["id"],)) == 2
    assert s.register(serial="th-42")["status"] == "active"  # the replacement hardware


def test_a_key_reaches_its_own_device_only(world: World):
    s = site(world)
    a, b = s.register(), s.register()
    assert ingest(world, a["api_key"]["key"], temperatures(world, [20, 21, 22]))["device_id"] == a["id"]
    assert count(world, "select count(*) from device_readings where device_id = %s", (b["id"],)) == 0
    err = refused(world, a["api_key"]["key"], [{**temperatures(world, [23], 1)[0], "device_id": b["id"]}])
    assert problems(err) == [{"index": 0, "error": "unknown field(s): device_id"}]


def test_the_ingest_role_reads_and_calls_nothing_else(world: World):
    conn = world.api_conn
    for statement in ("select count(*) from devices", "select count(*) from device_readings",
                      "select api.list_device_types()", "select private.issue_device_key(gen_random_uuid(), "
                      "gen_random_uuid(), false, 0)", "insert into device_readings values (gen_random_uuid(), "
                      "gen_random_uuid(), 'temperature', now(), 1)"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            with conn.transaction():
                conn.execute("select set_config('role', 'device_ingest', true)")
                conn.execute(statement)


# ---------------------------------------------------------------- validation


def test_bad_readings_are_named_by_index_and_nothing_is_stored(world: World):
    s = site(world)
    key = s.register()["api_key"]["key"]
    at = noon(world) - timedelta(minutes=5)
    batch = [
        reading("temperature", 21.5, "degC", at),
        reading("temperature", 21.5, "F", at + timedelta(seconds=1)),
        reading("body_weight", 300, "kg", at),
        reading("humidity", 101, "%", at),
        reading("humidity", "55", "%", at),
        "not an object",
        {"metric": "humidity", "value": 50, "unit": "%"},
        reading("humidity", 50, "%", at, colour="red"),
        {"metric": "humidity", "value": 50, "unit": "%", "measured_at": "2026-06-17 11:00:00"},
        reading("humidity", 50, "%", at, animal_id="cow-1"),
    ]
    listed = problems(refused(world, key, batch))
    assert [(p["index"], p.get("field")) for p in listed] == [
        (1, "unit"), (2, "metric"), (3, "value"), (4, "value"), (5, None), (6, "measured_at"), (7, None),
        (8, "measured_at"), (9, "animal_id")]
    assert listed[0]["error"] == "temperature is measured in degC, not F"
    assert listed[1]["error"].startswith("a temperature_humidity_sensor does not measure body_weight")
    assert listed[2]["error"] == "humidity must be between 0 and 100 %"
    assert count(world, "select count(*) from device_readings") == 0
    assert count(world, "select count(*) from device_readings_hourly") == 0
    assert count(world, "select count(*) from outbox.events where topic = 'device.events' "
                        "and payload ->> 'type' = 'device_readings_ingested'") == 0


def test_a_well_formed_impossible_time_is_named_not_a_crash(world: World):
    s = site(world)
    key = s.register()["api_key"]["key"]
    batch = temperatures(world, [20, 21]) + [{"metric": "temperature", "value": 22, "unit": "degC",
                                              "measured_at": "2026-02-30T10:00:00Z"}]
    assert problems(refused(world, key, batch)) == [{"index": 2, "field": "measured_at", "error": (
        "measured_at must be an ISO 8601 time with a zone, e.g. 2026-06-17T06:30:00Z")}]


def test_a_reading_beyond_the_clock_skew_or_before_2000_is_refused(world: World):
    s = site(world)
    key = s.register()["api_key"]["key"]
    assert ingest(world, key, [reading("temperature", 20, "degC", noon(world) + timedelta(minutes=4))])["stored"] == 1
    listed = problems(refused(world, key, [reading("temperature", 20, "degC", noon(world) + timedelta(minutes=6)),
                                           reading("temperature", 20, "degC", datetime(1970, 1, 1, tzinfo=UTC))]))
    assert [p["error"] for p in listed] == [
        "measured_at is in the future (more than 00:05:00 ahead of the server clock)",
        "measured_at is before 2000: is the device clock set?"]


def test_a_batch_must_be_a_non_empty_json_array_within_the_limit(world: World):
    s = site(world)
    key = s.register()["api_key"]["key"]
    for body, hint in (("{\"metric\": 1}", "invalid_json"), ("[1, ", "invalid_json"), ("[]", "empty_batch")):
        assert refused(world, key, body).diag.message_hint == hint
    big = json.dumps([{"metric": "humidity"}] * 20001)
    err = refused(world, key, big)
    assert err.diag.sqlstate == "PT413"


def test_csv_with_a_header_row_in_any_order_is_stored_like_json(world: World):
    s = site(world)
    key = s.register()["api_key"]["key"]
    at = noon(world) - timedelta(minutes=10)
    csv = (f"measured_at,metric,unit,value\r\n{iso(at)},temperature,degC,21.5\r\n\r\n"
           f"\"{iso(at)}\", humidity ,%,64\n{iso(at + timedelta(minutes=1))},temperature,degC,-3.25e0\n")
    result = ingest(world, key, csv, "csv")
    assert (result["accepted"], result["stored"], result["duplicates"]) == (3, 3, 0)
    stored = world.admin.execute("select metric, value from device_readings order by measured_at, metric").fetchall()
    assert stored == [("humidity", Decimal("64")), ("temperature", Decimal("21.5")), ("temperature", Decimal("-3.25"))]
    bad = f"metric,value,unit,measured_at\ntemperature,NaN,degC,{iso(at)}\ntemperature,1,degC\n"
    assert problems(refused(world, key, bad, "csv")) == [
        {"index": 0, "line": 2, "field": "value", "error": "value must be a number"},
        {"index": 1, "line": 3, "error": "expected 4 fields, found 3"}]
    header = refused(world, key, f"metric,value,units,measured_at\ntemperature,1,degC,{iso(at)}\n", "csv")
    assert header.diag.message_hint == "invalid_csv_header" and header.diag.message_detail == (
        "unknown: units; missing: unit")


def test_a_resent_batch_stores_nothing_twice(world: World):
    s = site(world)
    device = s.register()
    batch = temperatures(world, [20, 21, 22, 23])
    first = ingest(world, device["api_key"]["key"], batch)
    again = ingest(world, device["api_key"]["key"], batch + batch[:1] + temperatures(world, [30], 1))
    assert (first["stored"], first["duplicates"]) == (4, 0)
    assert (again["accepted"], again["stored"], again["duplicates"]) == (6, 1, 5)
    assert count(world, "select sum(readings) from device_readings_hourly") == 5
    assert count(world, "select count(*) from device_readings") == 5
    events = [r[0] for r in world.admin.execute(
        "select payload -> 'payload' from outbox.events where payload ->> 'type' = 'device_readings_ingested' "
        "order by id")]
    assert [e["count"] for e in events] == [4, 1] and events[0]["metrics"] == ["temperature"]


# ---------------------------------------------------------------- rollups and latest


def test_hourly_and_daily_rollups_equal_the_raw_readings(world: World):
    s = site(world)
    world.admin.execute("update tenants set timezone = 'Asia/Kathmandu' where id = %s", (s.tenant,))  # UTC+05:45
    device = s.register()
    key = device["api_key"]["key"]
    start = noon(world) - timedelta(days=2)
    batches = [[reading("temperature", round(15 + ((i * 37 + b * 11) % 200) / 10, 1), "degC",
                        start + timedelta(minutes=7 * i + b)) for i in range(120)] for b in range(4)]
    batches.append(batches[1][:50])  # a resend
    batches.append([reading("humidity", 40 + i % 50, "%", start + timedelta(minutes=9 * i)) for i in range(300)])
    for batch in batches:
        ingest(world, key, batch)
    raw_hourly = world.admin.execute("""
        select metric, date_trunc('hour', measured_at, 'UTC'), count(*), sum(value), min(value), max(value)
        from device_readings group by 1, 2 order by 1, 2""").fetchall()
    hourly = world.admin.execute("select metric, hour, readings, sum, min, max from device_readings_hourly "
                                 "order by 1, 2").fetchall()
    raw_daily = world.admin.execute("""
        select metric, (measured_at at time zone 'Asia/Kathmandu')::date, count(*), sum(value), min(value), max(value)
        from device_readings group by 1, 2 order by 1, 2""").fetchall()
    daily = world.admin.execute("select metric, day, readings, sum, min, max from device_readings_daily "
                                "order by 1, 2").fetchall()
    assert len(hourly) > 40 and hourly == raw_hourly
    assert len(daily) >= 3 and daily == raw_daily


def test_the_latest_reading_moves_forward_only(world: World):
    s = site(world)
    device = s.register()
    key = device["api_key"]["key"]
    ingest(world, key, temperatures(world, [20, 25], start_minutes_ago=10))
    ingest(world, key, temperatures(world, [30], start_minutes_ago=60))  # an older reading, late
    latest = s.owner.one("select api.latest_device_readings(tenant_id => %s)", (s.tenant,))
    assert [(d["device_id"], [(r["metric"], r["value"], r["measured_at"]) for r in d["readings"]]) for d in latest] == [
        (device["id"], [("temperature", 25, iso(noon(world) - timedelta(minutes=5)).replace("Z", "+00:00"))])]
    assert latest[0]["last_seen_at"] is not None and latest[0]["open_alerts"] == 0


def test_readings_are_read_raw_hourly_and_daily_in_a_time_range(world: World):
    s = site(world)
    device = s.register()
    ingest(world, device["api_key"]["key"], temperatures(world, [20, 22, 24, 26], start_minutes_ago=120,
                                                         step_minutes=30))

    def read(**args) -> dict:
        names = ", ".join(f'"{k}" => %({k})s' for k in args)
        return s.owner.one(f"select api.device_readings(tenant_id => %(t)s, device_id => %(d)s, {names})",
                           {"t": s.tenant, "d": device["id"], **args})

    hourly = read(metric="temperature")
    assert hourly["resolution"] == "hour" and len(hourly["series"]) == 1
    assert [(p["count"], p["min"], p["max"], p["avg"]) for p in hourly["series"][0]["points"]] == [
        (2, 20, 22, 21), (2, 24, 26, 25)]
    raw = read(metric="temperature", resolution="raw", limit=3)
    assert [p["value"] for p in raw["series"][0]["points"]] == [20, 22, 24]
    daily = read(resolution="day")
    assert {x["metric"]: [p["count"] for p in x["points"]] for x in daily["series"]} == {
        "battery": [], "humidity": [], "temperature": [4]}
    for args, state in (({"resolution": "minute"}, "22023"), ({"metric": "speed"}, "PT422"),
                        ({"from": iso(noon(world)), "to": iso(noon(world) - timedelta(hours=1))}, "22023")):
        with pytest.raises(psycopg.Error) as err:
            read(**args)
        assert sqlstate(err) == state, args


# ---------------------------------------------------------------- farm records through the manual rules


def test_a_scale_reading_of_an_animal_records_its_weight_once_a_day(world: World):
    s = site(world)
    calf = make_animal(s.owner, s.tenant, s.farm, tag="CALF-1")
    scale = s.register("weighing_scale")
    key = scale["api_key"]["key"]
    at = noon(world) - timedelta(hours=3)
    first = ingest(world, key, [reading("body_weight", 182.456, "kg", at, animal_id=calf),
                                reading("body_weight", 190, "kg", at + timedelta(minutes=1), animal_id=calf)])
    assert (first["weights_recorded"], first["records_skipped"]) == (1, 0)
    weights = world.admin.execute("select weighed_on, weight_kg, method, device_id::text, farm_id::text "
                                  "from animal_weights where animal_id = %s", (calf,)).fetchall()
    assert weights == [(world.today, Decimal("182.46"), "scale", scale["id"], s.farm)]
    later = ingest(world, key, [reading("body_weight", 185, "kg", at + timedelta(hours=1), animal_id=calf)])
    assert (later["stored"], later["weights_recorded"], later["records_skipped"]) == (1, 0, 1)
    assert count(world, "select count(*) from outbox.events where payload ->> 'type' = 'weight_recorded'") == 1
    unborn = make_animal(s.owner, s.tenant, s.farm, tag="CALF-2")
    world.admin.execute("update animals set birth_date = %s where id = %s", (world.today, unborn))
    listed = problems(refused(world, key, [reading("body_weight", 40, "kg", at - timedelta(days=1), animal_id=unborn),
                                           reading("body_weight", 40, "kg", at, animal_id=str(uuid.uuid4()))]))
    assert listed == [
        {"index": 0, "field": "measured_at", "error": "a weighing must fall between the animal's birth and today"},
        {"index": 1, "field": "animal_id", "error": "animal not found"}]


def test_milk_meter_readings_become_production_records_flagged_withheld_like_manual_ones(world: World):
    s = site(world)
    cow = make_animal(s.owner, s.tenant, s.farm, tag="COW-1")
    treat(s.owner, Herd(s.tenant, s.owner, s.farm, cow, ""), course_start=str(world.today - timedelta(days=2)),
          course_end=str(world.today), milk_withdrawal_days=3)
    meter = s.register("milk_meter")
    key = meter["api_key"]["key"]
    morning = noon(world) - timedelta(hours=6)  # 06:00 UTC: the tenant is on UTC, so the am session
    result = ingest(world, key, [reading("milk_yield", 6.5, "l", morning, animal_id=cow),
                                 reading("milk_yield", 2.25, "l", morning + timedelta(minutes=20), animal_id=cow),
                                 reading("milk_conductivity", 5.1, "mS/cm", morning, animal_id=cow)])
    assert (result["production_recorded"], result["records_skipped"]) == (1, 0)
    record = world.admin.execute(
        "select product, quantity, unit, recorded_on, session, is_withheld, withheld_until, device_id::text "
        "from production_records where animal_id = %s", (cow,)).fetchone()
    assert record == ("milk", Decimal("8.750"), "l", world.today, "am", True, world.today + timedelta(days=3),
                      meter["id"])
    again = ingest(world, key, [reading("milk_yield", 1, "l", morning + timedelta(hours=1), animal_id=cow)])
    assert (again["production_recorded"], again["records_skipped"]) == (0, 1)  # the am session is recorded
    pig = make_animal(s.owner, s.tenant, s.farm, species="pig", tag="PIG-1")
    listed = problems(refused(world, key, [reading("milk_yield", 1, "l", morning, animal_id=pig)]))
    assert listed[0]["field"] == "animal_id" and listed[0]["error"].startswith("pig does not yield milk")


def test_a_device_attached_to_an_animal_reads_for_it_and_for_no_other(world: World):
    s = site(world)
    cow, other = (make_animal(s.owner, s.tenant, s.farm, tag=t) for t in ("COW-1", "COW-2"))
    scale = s.register("weighing_scale", animal_id=cow)
    key = scale["api_key"]["key"]
    at = noon(world) - timedelta(hours=1)
    assert ingest(world, key, [reading("body_weight", 510, "kg", at)])["weights_recorded"] == 1
    assert count(world, "select count(*) from animal_weights where animal_id = %s", (cow,)) == 1
    listed = problems(refused(world, key, [reading("body_weight", 400, "kg", at, animal_id=other)]))
    assert listed == [{"index": 0, "field": "animal_id", "error": f"the device is attached to animal {cow}"}]
    elsewhere = make_farm(s.owner, s.tenant, "Other farm")
    beast = make_animal(s.owner, s.tenant, elsewhere, tag="FAR-1")
    with pytest.raises(psycopg.Error) as err:
        s.register("gps_collar", animal_id=beast)
    assert sqlstate(err) == "PT422" and err.value.diag.message_hint == "invalid_animal"


# ---------------------------------------------------------------- thresholds and alerts


def alerts(world: World) -> list[tuple]:
    return world.admin.execute("select status, condition, opened_at, opening_value, closed_at, closing_value, "
                               "close_reason from device_alerts order by opened_at").fetchall()


def alert_events(world: World) -> list[str]:
    return [r[0] for r in world.admin.execute("select payload ->> 'type' from outbox.events where payload ->> 'type' "
                                              "like 'device_alert%%' order by id")]


def test_an_alert_opens_once_after_values_stay_outside_for_the_duration_and_closes_when_they_return(world: World):
    s = site(world)
    device = s.register()
    key = device["api_key"]["key"]
    s.threshold(device, max_value=30, for_seconds=600)
    t0 = noon(world) - timedelta(hours=2)

    def send(minutes_and_values):
        return ingest(world, key, [reading("temperature", v, "degC", t0 + timedelta(minutes=m))
                                   for m, v in minutes_and_values])

    assert send([(0, 29), (5, 31), (10, 32)])["alerts_opened"] == 0  # outside for 5 minutes only
    assert send([(15, 33)])["alerts_opened"] == 1  # 10 minutes outside since minute 5
    assert send([(20, 35), (25, 31)])["alerts_opened"] == 0  # still the same alert
    assert alerts(world) == [("open", "above", t0 + timedelta(minutes=15), Decimal("33"), None, None, None)]
    open_list = s.owner.one("select api.list_device_alerts(tenant_id => %s)", (s.tenant,))
    assert open_list["count"] == 1 and open_list["results"][0]["unit"] == "degC"
    assert send([(30, 30), (35, 36)])["alerts_closed"] == 1  # 30 is inside: closed; 36 starts a new breach
    assert send([(40, 29)])["alerts_opened"] == 0  # the new breach lasted 5 minutes: no alert
    assert alerts(world) == [("closed", "above", t0 + timedelta(minutes=15), Decimal("33"),
                              t0 + timedelta(minutes=30), Decimal("30"), "recovered")]
    assert alert_events(world) == ["device_alert_opened", "device_alert_closed"]


def test_an_alert_can_open_and_close_in_one_batch_and_late_readings_change_nothing(world: World):
    s = site(world)
    device = s.register()
    key = device["api_key"]["key"]
    s.threshold(device, min_value=5, max_value=30)  # for_seconds 0: at once
    t0 = noon(world) - timedelta(hours=2)
    result = ingest(world, key, [reading("temperature", v, "degC", t0 + timedelta(minutes=m))
                                 for m, v in ((0, 20), (1, 4), (2, 3), (3, 10), (4, 31), (5, 12))])
    assert (result["alerts_opened"], result["alerts_closed"]) == (2, 2)
    assert [(a[0], a[1], a[3], a[5]) for a in alerts(world)] == [
        ("closed", "below", Decimal("4"), Decimal("10")), ("closed", "above", Decimal("31"), Decimal("12"))]
    assert alert_events(world) == ["device_alert_opened", "device_alert_opened", "device_alert_closed",
                                   "device_alert_closed"]
    late = ingest(world, key, [reading("temperature", 50, "degC", t0 + timedelta(seconds=30))])
    assert (late["stored"], late["alerts_opened"]) == (1, 0)


def test_changing_or_removing_a_threshold_or_retiring_the_device_closes_its_alert(world: World):
    s = site(world)
    device = s.register()
    key = device["api_key"]["key"]
    threshold = s.threshold(device, max_value=30)
    t0 = noon(world) - timedelta(hours=1)
    ingest(world, key, [reading("temperature", 35, "degC", t0)])
    s.owner.one("select api.update_device_threshold(tenant_id => %s, device_id => %s, threshold_id => %s, "
                "max_value => 40)", (s.tenant, device["id"], threshold["id"]))
    assert [a[6] for a in alerts(world)] == ["threshold_changed"]
    ingest(world, key, [reading("temperature", 45, "degC", t0 + timedelta(minutes=1))])
    s.owner.one("select api.delete_device_threshold(tenant_id => %s, device_id => %s, threshold_id => %s)",
                (s.tenant, device["id"], threshold["id"]))
    again = s.threshold(device, max_value=30)
    ingest(world, key, [reading("temperature", 45, "degC", t0 + timedelta(minutes=2))])
    s.owner.one("select api.retire_device(tenant_id => %s, device_id => %s)", (s.tenant, device["id"]))
    assert [a[6] for a in alerts(world)] == ["threshold_changed", "threshold_removed", "device_retired"]
    assert again["for_seconds"] == 0


def test_a_threshold_needs_a_metric_of_the_device_sane_bounds_and_no_twin(world: World):
    s = site(world)
    device = s.register()
    s.threshold(device, max_value=30)
    for metric, bounds, state in (("speed", {"max_value": 1}, "PT422"), ("humidity", {"min_value": 9, "max_value": 1},
                                  "22023"), ("humidity", {"for_seconds": 60}, "22023"),
                                  ("temperature", {"max_value": 2}, "PT409")):
        with pytest.raises(psycopg.Error) as err:
            s.threshold(device, metric, **bounds)
        assert sqlstate(err) == state, (metric, bounds)


# ---------------------------------------------------------------- partitions


def partition_of(world: World, device_id: str) -> list[str]:
    return [r[0] for r in world.admin.execute("select distinct tableoid::regclass::text from device_readings "
                                              "where device_id = %s order by 1", (device_id,))]


def test_partitions_are_made_ahead_and_the_default_partition_catches_the_rest(world: World):
    s = site(world)
    device = s.register()
    key = device["api_key"]["key"]
    made = count(world, "select private.ensure_reading_partitions(private.now(), 3)")
    months = [f"device_data.device_readings_{(world.today.replace(day=1) + timedelta(days=31 * k)):%Y_%m}"
              for k in range(4)]
    existing = {r[0] for r in world.admin.execute(
        "select inhrelid::regclass::text from pg_inherits where inhparent = 'device_readings'::regclass")}
    assert set(months) <= existing and made <= 4
    assert count(world, "select private.ensure_reading_partitions(private.now(), 3)") == 0
    ingest(world, key, temperatures(world, [20, 21]))
    assert partition_of(world, device["id"]) == [months[0]]
    old = datetime(2024, 2, 10, 8, tzinfo=UTC)
    ingest(world, key, [reading("temperature", 19, "degC", old)])
    assert partition_of(world, device["id"]) == [months[0], "device_data.device_readings_default"]
    hourly = world.admin.execute("select hour, readings from device_readings_hourly order by 1").fetchall()
    assert count(world, "select private.ensure_reading_partitions(private.now(), 3)") == 1
    assert partition_of(world, device["id"]) == ["device_data.device_readings_2024_02", months[0]]
    assert world.admin.execute("select hour, readings from device_readings_hourly order by 1").fetchall() == hourly
    assert count(world, "select count(*) from device_readings where device_id = %s", (device["id"],)) == 3


def test_a_query_of_one_sensors_day_reads_one_partition_through_the_key(world: World):
    s = site(world)
    device = s.register()
    world.admin.execute("select private.ensure_reading_partitions(private.now(), 1)")
    plan = "\n".join(r[0] for r in world.admin.execute(
        "explain select * from device_readings where tenant_id = %s and device_id = %s and metric = 'temperature' "
        "and measured_at >= %s and measured_at < %s",
        (s.tenant, device["id"], noon(world) - timedelta(hours=2), noon(world))))
    assert f"device_readings_{world.today:%Y_%m}" in plan and "device_readings_default" not in plan
    assert "Index" in plan


# ---------------------------------------------------------------- who sees and does what


def test_members_see_devices_and_readings_only_on_their_farms_and_workers_manage_none(world: World):
    s = site(world)
    other_farm = make_farm(s.owner, s.tenant, "Far field")
    worker = world.member(s.tenant, "worker")
    s.owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
                (s.tenant, worker.id, s.farm))
    mine = s.register()
    theirs = s.owner.one("select api.register_device(tenant_id => %s, farm_id => %s, device_type => 'water_meter', "
                         "serial_number => 'WM-1')", (s.tenant, other_farm))
    s.threshold(mine, max_value=30)
    ingest(world, mine["api_key"]["key"], temperatures(world, [31]))
    ingest(world, theirs["api_key"]["key"], [reading("water_volume", 12, "l", noon(world))])
    for table in ("devices", "device_readings", "device_readings_hourly", "device_readings_daily",
                  "device_latest_readings", "device_thresholds", "device_threshold_states", "device_alerts"):
        column = "id" if table == "devices" else "device_id"
        seen = {r[0] for r in worker.all(f"select {column}::text from {table}")}
        assert seen == {mine["id"]}, table
    assert [d["id"] for d in worker.one("select api.list_devices(tenant_id => %s)", (s.tenant,))["results"]] == [
        mine["id"]]
    with pytest.raises(psycopg.Error) as err:
        worker.one("select api.get_device(tenant_id => %s, device_id => %s)", (s.tenant, theirs["id"]))
    assert sqlstate(err) == "PT404"
    for call in ("select api.register_device(tenant_id => %(t)s, farm_id => %(f)s, device_type => 'other', "
                 "serial_number => 'X')",
                 "select api.create_device_threshold(tenant_id => %(t)s, device_id => %(d)s, metric => 'humidity', "
                 "max_value => 90)",
                 "select api.rotate_device_key(tenant_id => %(t)s, device_id => %(d)s)"):
        with pytest.raises(psycopg.Error) as err:
            worker.one(call, {"t": s.tenant, "f": s.farm, "d": mine["id"]})
        assert sqlstate(err) == "42501", call
    assert worker.rowcount("update device_keys set revoked_at = now()") == 0
    stranger = site(world).owner
    assert stranger.all("select id from devices where tenant_id = %s", (s.tenant,)) == []


def test_the_plan_counts_active_devices(world: World):
    s = site(world)
    trial = count(world, "select max_devices from plans where code = 'trial'")
    devices = [s.register() for _ in range(trial)]
    with pytest.raises(psycopg.Error) as err:
        s.register()
    assert sqlstate(err) == "PT402" and err.value.diag.message_hint.startswith("plan_limit_devices")
    s.owner.one("select api.retire_device(tenant_id => %s, device_id => %s)", (s.tenant, devices[0]["id"]))
    s.register()
    world.admin.execute("select private.aggregate_usage_metrics(private.now())")
    assert count(world, "select devices from usage_metrics where tenant_id = %s", (s.tenant,)) == trial
    usage = s.owner.one("select api.get_subscription(tenant_id => %s)", (s.tenant,))
    assert usage["usage"]["devices"] == trial


def test_a_serial_number_names_one_active_device_per_tenant(world: World):
    s = site(world)
    s.register(serial="MM-1")
    with pytest.raises(psycopg.Error) as err:
        s.register(serial=" mm-1 ")
    assert sqlstate(err) == "PT409" and err.value.diag.message_hint == "serial_taken"
    assert site(world).register(serial="MM-1")["serial_number"] == "MM-1"  # another tenant


def test_an_inactive_subscription_refuses_readings(world: World):
    s = site(world)
    key = s.register()["api_key"]["key"]
    world.admin.execute("update subscriptions set status = 'suspended' where tenant_id = %s", (s.tenant,))
    err = refused(world, key, temperatures(world, [20]))
    assert err.diag.sqlstate == "PT402" and err.diag.message_hint.startswith("subscription_inactive")


def test_the_same_batch_from_two_connections_at_once_is_stored_once(world: World):
    """The second batch waits on the first's uncommitted rows, then finds them: ON CONFLICT takes over."""
    import threading

    from tests.conftest import conn_dsn

    s = site(world)
    key = s.register()["api_key"]["key"]
    body = json.dumps(temperatures(world, list(range(20, 40)), start_minutes_ago=100))
    digest = hashlib.sha256(key.encode()).digest()
    first = psycopg.connect(conn_dsn(world.admin, "authenticator"))
    second = psycopg.connect(conn_dsn(world.admin, "authenticator"))
    results = {}
    try:
        for conn in (first, second):
            conn.execute("select set_config('role', 'device_ingest', true)")
        results["first"] = first.execute("select private.ingest_readings(%s, %s, 'json')", (digest, body)).fetchone()[0]

        def later() -> None:
            results["second"] = second.execute("select private.ingest_readings(%s, %s, 'json')",
                                               (digest, body)).fetchone()[0]
            second.commit()

        waiting = threading.Thread(target=later)
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()  # blocked on the first batch's rows
        first.commit()
        waiting.join(10)
    finally:
        first.close()
        second.close()
    assert (results["first"]["stored"], results["second"]["stored"], results["second"]["duplicates"]) == (20, 0, 20)
    assert count(world, "select sum(readings) from device_readings_hourly") == 20


def test_the_readings_table_carries_no_row_trigger_only_its_statement_trigger(world: World):
    """Row triggers (audit, outbox, foreign keys) would cost every reading: one statement trigger does the work."""
    world.admin.execute("select private.ensure_reading_partitions(private.now(), 1)")
    rows = world.admin.execute("""
        select c.oid::regclass::text, t.tgname, (t.tgtype & 1) = 1 as per_row
        from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where c.oid = 'device_readings'::regclass
           or c.oid in (select inhrelid from pg_inherits where inhparent = 'device_readings'::regclass)""").fetchall()
    assert [r for r in rows if r[2]] == []
    # Statement triggers only: the ingest's own, and the subscription gate and replication fence every
    # replicated tenant table carries (one check per statement, whatever its rows).
    assert {(table, name) for table, name, _ in rows} == {
        ("device_readings", "readings_stored"), ("device_readings", "refuse_writes_unless_active")}


def test_an_opened_alert_notifies_the_farms_device_managers_at_once_and_once(world: World):
    from tests.sql.test_notifications import notices, queue, render_all

    s = site(world)
    other_farm = make_farm(s.owner, s.tenant, "Far")
    manager, elsewhere, worker = (world.member(s.tenant, r) for r in ("manager", "manager", "worker"))
    for member, farm in ((manager, s.farm), (elsewhere, other_farm), (worker, s.farm)):
        s.owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
                    (s.tenant, member.id, farm))
    device = s.register(name="Barn sensor")
    s.threshold(device, max_value=30, for_seconds=600)
    key, t0 = device["api_key"]["key"], noon(world) - timedelta(hours=1)
    ingest(world, key, [reading("temperature", v, "degC", t0 + timedelta(minutes=m)) for m, v in ((0, 31), (5, 32))])
    assert notices(world, s.tenant, "device_alert") == {}  # outside for 5 minutes: no alert, no notice
    ingest(world, key, [reading("temperature", 33, "degC", t0 + timedelta(minutes=10))])
    told = notices(world, s.tenant, "device_alert")  # queued by the ingest itself, not by the next job
    assert set(told) == {s.owner.id, manager.id}  # the worker and the other farm's manager are not told
    facts = told[manager.id]
    assert (facts["device"], facts["metric"], facts["condition"], facts["limit"], facts["value"], facts["unit"],
            facts["for_minutes"], facts["is_open"]) == ("Barn sensor", "temperature", "above", 30, 33, "degC", 10, True)
    assert notices(world, s.tenant, "device_alert", "in_app").keys() == told.keys()
    assert queue(world, "device_alert") == 0  # the minute job finds nothing new
    render_all(world, "device_alert")


def test_an_alert_that_opened_and_closed_in_one_batch_is_still_told(world: World):
    from tests.sql.test_notifications import notices, queue

    s = site(world)
    device = s.register()
    s.threshold(device, max_value=30)
    t0 = noon(world) - timedelta(hours=1)
    ingest(world, device["api_key"]["key"], [reading("temperature", v, "degC", t0 + timedelta(minutes=m))
                                             for m, v in ((0, 35), (1, 20))])
    told = notices(world, s.tenant, "device_alert")
    assert set(told) == {s.owner.id} and told[s.owner.id]["is_open"] is False
    world.set_today(world.today + timedelta(days=2))
    assert queue(world, "device_alert") == 0
