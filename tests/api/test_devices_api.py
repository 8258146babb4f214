"""Devices over real HTTP: registering (the key shown once), POST /ingest/v1/readings with the key in a header
(JSON and CSV), what a device key may not do, PostgREST-shaped errors naming bad readings, key rotation and
revocation, readings and alerts through the route table, and the plan limit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tests.api.conftest import Api
from tests.api.test_request_path import assert_error
from tests.conftest import TODAY

INGEST = "/ingest/v1/readings"
NOON = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)  # the API database's clock


@dataclass
class Farm:
    owner: dict
    tenant: str
    farm: str

    @property
    def base(self) -> str:
        return f"/api/v1/tenants/{self.tenant}"


def setup_farm(api: Api) -> Farm:
    owner = api.signup()
    tenant = api.tenant(owner)
    r = api.http.post(f"/api/v1/tenants/{tenant}/farms", json={"name": "Home"}, headers=owner["headers"])
    assert r.status_code == 201, r.text
    return Farm(owner, tenant, r.json()["id"])


def register(api: Api, f: Farm, serial: str, device_type: str = "temperature_humidity_sensor") -> dict:
    r = api.http.post(f"{f.base}/devices", headers=f.owner["headers"],
                      json={"farm_id": f.farm, "device_type": device_type, "serial_number": serial})
    assert r.status_code == 201, r.text
    return r.json()


def at(minutes_ago: float) -> str:
    return (NOON - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def temperatures(*values: float, start: float = 60) -> list[dict]:
    return [{"metric": "temperature", "value": v, "unit": "degC", "measured_at": at(start - 5 * i)}
            for i, v in enumerate(values)]


def send(api: Api, key: str, readings, header: str = "authorization", media: str = "application/json"):
    body = readings if isinstance(readings, (str, bytes)) else json.dumps(readings)
    headers = {"authorization": f"Device {key}"} if header == "authorization" else {"x-device-key": key}
    return api.http.post(INGEST, content=body, headers={**headers, "content-type": media})


def test_a_registered_device_gets_a_key_shown_only_in_that_answer(api: Api):
    f = setup_farm(api)
    device = register(api, f, "TH-A1")
    key = device["api_key"]["key"]
    assert key.startswith(device["api_key"]["prefix"] + "_") and len(key) == 4 + 8 + 1 + 64
    shown = api.http.get(f"{f.base}/devices/{device['id']}", headers=f.owner["headers"])
    keys = api.http.get(f"{f.base}/devices/{device['id']}/keys", headers=f.owner["headers"])
    assert shown.status_code == keys.status_code == 200
    assert key not in shown.text + keys.text and keys.json()[0]["is_live"] is True
    listed = api.http.get(f"{f.base}/devices?page_size=5", headers=f.owner["headers"])
    assert listed.status_code == 200 and listed.json()["count"] == 1 and "Content-Range" in listed.headers
    types = api.http.get("/api/v1/device-types", headers=f.owner["headers"]).json()
    assert {m["metric"]: m["unit"] for t in types if t["code"] == "weighing_scale" for m in t["metrics"]} == {
        "battery": "%", "body_weight": "kg"}


def test_a_device_sends_json_or_csv_with_its_key_in_a_header_and_reads_come_back(api: Api):
    f = setup_farm(api)
    device = register(api, f, "TH-B1")
    key = device["api_key"]["key"]
    r = send(api, key, temperatures(20, 22))
    assert r.status_code == 200, r.text
    assert {k: r.json()[k] for k in ("accepted", "stored", "duplicates")} == {
        "accepted": 2, "stored": 2, "duplicates": 0}
    csv = f"metric,value,unit,measured_at\nhumidity,61.5,%,{at(50)}\ntemperature,24,degC,{at(40)}\n"
    r = send(api, key, csv, header="x-device-key", media="text/csv; charset=utf-8")
    assert r.status_code == 200 and r.json()["stored"] == 2, r.text
    again = send(api, key, temperatures(20, 22))
    assert again.status_code == 200 and again.json()["duplicates"] == 2
    readings = api.http.get(f"{f.base}/devices/{device['id']}/readings?metric=temperature&resolution=raw",
                            headers=f.owner["headers"])
    assert readings.status_code == 200
    assert [p["value"] for p in readings.json()["series"][0]["points"]] == [20, 22, 24]
    hourly = api.http.get(f"{f.base}/devices/{device['id']}/readings", headers=f.owner["headers"]).json()
    assert {s["metric"]: sum(p["count"] for p in s["points"]) for s in hourly["series"]} == {
        "battery": 0, "humidity": 1, "temperature": 3}
    latest = api.http.get(f"{f.base}/devices/latest", headers=f.owner["headers"]).json()
    assert {r["metric"]: r["value"] for r in latest[0]["readings"]} == {"humidity": 61.5, "temperature": 24}


def test_a_device_key_is_no_bearer_token_and_never_travels_in_the_url(api: Api):
    f = setup_farm(api)
    key = register(api, f, "TH-C1")["api_key"]["key"]
    assert_error(api.http.get("/api/v1/tenants", headers={"Authorization": f"Bearer {key}"}), 401, "PGRST301")
    assert_error(api.http.get(f"{f.base}/devices", headers={"Authorization": f"Device {key}"}), 401, "PGRST301")
    in_url = api.http.post(f"{INGEST}?key={key}", content="[]", headers={"content-type": "application/json"})
    assert assert_error(in_url, 400)["hint"].startswith("device_key_in_url")
    missing = api.http.post(INGEST, content="[]", headers={"content-type": "application/json"})
    assert assert_error(missing, 401, "PT401") and missing.headers["www-authenticate"] == "Device"
    assert_error(send(api, key[:-1], temperatures(20)), 401, "PT401")
    unknown = send(api, key[:-1] + ("0" if key[-1] != "0" else "1"), temperatures(20))
    assert assert_error(unknown, 401, "PT401")["hint"].startswith("device_key_invalid")
    bearer = api.http.post(INGEST, content="[]", headers={"Authorization": f"Bearer {api.token()}",
                                                           "content-type": "application/json"})
    assert_error(bearer, 401, "PT401")
    ingest_role_token = api.token(role="device_ingest")  # a JWT naming the ingest role is refused before SQL
    as_ingest_role = api.http.get("/api/v1/tenants", headers={"Authorization": f"Bearer {ingest_role_token}"})
    assert_error(as_ingest_role, 401, "PGRST301")


def test_bad_readings_come_back_as_one_postgrest_error_naming_each_index(api: Api):
    f = setup_farm(api)
    device = register(api, f, "TH-D1")
    readings = temperatures(20, 21) + [{"metric": "temperature", "value": 20, "unit": "F", "measured_at": at(1)},
                                       {"metric": "humidity", "value": 50, "unit": "%"}]
    body = assert_error(send(api, device["api_key"]["key"], readings), 422, "PT422")
    assert body["message"] == "2 of 4 readings are invalid; nothing was stored"
    assert [(p["index"], p["field"]) for p in json.loads(body["details"])] == [(2, "unit"), (3, "measured_at")]
    readings = api.http.get(f"{f.base}/devices/{device['id']}/readings?resolution=raw&metric=temperature",
                            headers=f.owner["headers"]).json()
    assert readings["series"][0]["points"] == []
    assert_error(send(api, device["api_key"]["key"], "{not json"), 400, "22023")
    assert_error(send(api, device["api_key"]["key"], "a,b", media="text/plain"), 415, "PT415")
    huge = b"[" + b" " * (4 * 1024 * 1024) + b"]"
    assert_error(send(api, device["api_key"]["key"], huge), 413, "PGRST413")


def test_keys_rotate_and_revoke_over_http(api: Api):
    f = setup_farm(api)
    device = register(api, f, "TH-E1")
    old = device["api_key"]["key"]
    r = api.http.post(f"{f.base}/devices/{device['id']}/keys/rotate", json={"grace_seconds": 0},
                      headers=f.owner["headers"])
    assert r.status_code == 201, r.text
    new = r.json()
    assert_error(send(api, old, temperatures(20)), 401, "PT401")
    assert send(api, new["key"], temperatures(20)).status_code == 200
    assert_error(api.http.post(f"{f.base}/devices/{device['id']}/keys", headers=f.owner["headers"]), 409, "PT409")
    r = api.http.delete(f"{f.base}/devices/{device['id']}/keys/{new['id']}", headers=f.owner["headers"])
    assert r.status_code == 200 and r.json()["revoked_at"]
    assert_error(send(api, new["key"], temperatures(21, start=30)), 401, "PT401")
    r = api.http.post(f"{f.base}/devices/{device['id']}/keys", headers=f.owner["headers"])
    assert r.status_code == 201 and send(api, r.json()["key"], temperatures(21, start=30)).status_code == 200
    worker = api.join(f.owner, f.tenant, "worker")
    assert_error(api.http.post(f"{f.base}/devices/{device['id']}/keys/rotate", headers=worker["headers"]), 403,
                 "42501")


def test_a_key_stores_readings_for_its_own_device_only(api: Api):
    f = setup_farm(api)
    a, b = register(api, f, "TH-F1"), register(api, f, "TH-F2")
    sneaky = [{**temperatures(20)[0], "device_id": b["id"]}]
    assert json.loads(assert_error(send(api, a["api_key"]["key"], sneaky), 422)["details"]) == [
        {"index": 0, "error": "unknown field(s): device_id"}]
    assert send(api, a["api_key"]["key"], temperatures(20)).json()["device_id"] == a["id"]
    of_b = api.http.get(f"{f.base}/devices/{b['id']}/readings?metric=temperature&resolution=raw",
                        headers=f.owner["headers"]).json()
    assert of_b["series"][0]["points"] == []


def test_thresholds_open_alerts_and_a_change_closes_them_over_http(api: Api):
    f = setup_farm(api)
    device = register(api, f, "TH-G1")
    r = api.http.post(f"{f.base}/devices/{device['id']}/thresholds", headers=f.owner["headers"],
                      json={"metric": "temperature", "max_value": 30, "for_seconds": 300})
    assert r.status_code == 201, r.text
    threshold = r.json()
    result = send(api, device["api_key"]["key"], temperatures(29, 31, 32, 33, start=50)).json()
    assert result["alerts_opened"] == 1
    alerts = api.http.get(f"{f.base}/device-alerts", headers=f.owner["headers"])
    assert alerts.status_code == 200 and alerts.json()["count"] == 1
    assert alerts.json()["results"][0]["opening_value"] == 32  # 5 minutes after 31 began the breach
    r = api.http.patch(f"{f.base}/devices/{device['id']}/thresholds/{threshold['id']}", headers=f.owner["headers"],
                       json={"max_value": 35})
    assert r.status_code == 200, r.text
    assert api.http.get(f"{f.base}/device-alerts", headers=f.owner["headers"]).json()["count"] == 0
    closed = api.http.get(f"{f.base}/device-alerts?status=closed", headers=f.owner["headers"]).json()
    assert closed["results"][0]["close_reason"] == "threshold_changed"


def test_the_plan_limit_on_devices_is_a_402(api: Api):
    f = setup_farm(api)
    limit = api.sql("select max_devices from plans where code = 'trial'")[0][0]
    for n in range(limit):
        register(api, f, f"TH-H{n}")
    r = api.http.post(f"{f.base}/devices", headers=f.owner["headers"],
                      json={"farm_id": f.farm, "device_type": "water_meter", "serial_number": "WM-X"})
    assert assert_error(r, 402, "PT402")["hint"].startswith("plan_limit_devices")


def test_openapi_documents_the_ingest_endpoint_and_its_key(api: Api):
    doc = api.http.get("/openapi.json").json()
    ingest = doc["paths"][INGEST]["post"]
    assert ingest["security"] == [{"device_key": []}] and set(ingest["requestBody"]["content"]) == {
        "application/json", "text/csv"}
    assert doc["components"]["securitySchemes"]["device_key"]["in"] == "header"
    assert "get" in doc["paths"]["/api/v1/tenants/{tenant_id}/devices/{device_id}/readings"]
