"""Health and production over HTTP: the route table rows, status codes, PostgREST error bodies,
pagination, the bulk insert and the permission matrix."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from tests.api.conftest import Api
from tests.api.test_request_path import assert_error


@dataclass
class Farm:
    owner: dict
    tenant: str
    farm: str
    cow: str
    flock: str

    @property
    def base(self) -> str:
        return f"/api/v1/tenants/{self.tenant}"


def animal(api: Api, tenant: str, farm: str, species: str = "cattle") -> str:
    return str(api.sql("insert into animals (tenant_id, farm_id, tag_number, species, sex, birth_date) "
                       "values (%s, %s, %s, %s, 'female', '2022-01-01') returning id",
                       (tenant, farm, f"T-{uuid.uuid4().hex[:10]}", species))[0][0])


def setup_farm(api: Api) -> Farm:
    owner = api.signup()
    tenant = api.tenant(owner)
    r = api.http.post(f"/api/v1/tenants/{tenant}/farms", json={"name": "Home"}, headers=owner["headers"])
    assert r.status_code == 201, r.text
    farm = r.json()["id"]
    flock = str(api.sql("insert into animal_groups (tenant_id, farm_id, name, species) "
                        "values (%s, %s, 'Layers', 'chicken') returning id", (tenant, farm))[0][0])
    return Farm(owner, tenant, farm, animal(api, tenant, farm), flock)


def milk(f: Farm, day: str, **extra) -> dict:
    return {"animal_id": f.cow, "product": "milk", "quantity": 12.5, "unit": "l", "recorded_on": day, **extra}


def test_treatment_withholds_milk_until_the_clearance_date_over_http(api: Api):
    f = setup_farm(api)
    h = f.owner["headers"]
    r = api.http.post(f"{f.base}/treatments", headers=h, json={
        "animal_id": f.cow, "medicine": "Cloxacillin", "route": "intramammary", "course_start": "2026-03-08",
        "course_end": "2026-03-10", "milk_withdrawal_hours": 60, "meat_withdrawal_days": 7})
    assert r.status_code == 201, r.text
    assert r.json()["withdrawal"]["milk"] == {"label_hours": 60, "days": 3, "clear_on": "2026-03-13"}
    before = api.http.post(f"{f.base}/production", json=milk(f, "2026-03-12"), headers=h)
    on = api.http.post(f"{f.base}/production", json=milk(f, "2026-03-13"), headers=h)
    assert before.status_code == on.status_code == 201
    assert before.json()["is_withheld"] is True and on.json()["is_withheld"] is False
    records = api.http.get(f"{f.base}/animals/{f.cow}/health-records", headers=h)
    assert records.status_code == 200
    body = records.json()
    assert {w["product"]: w["clear_on"] for w in body["withdrawals"]} == {"milk": "2026-03-13", "meat": "2026-03-17"}
    assert body["status"] in ("healthy", "in_withdrawal", "under_treatment", "sick")
    history = api.http.get(f"{f.base}/animals/{f.cow}/production-history", headers=h).json()
    assert [p["recorded_on"] for p in history] == ["2026-03-13", "2026-03-12"]


def test_health_checks_vaccinations_and_events_over_http(api: Api):
    f = setup_farm(api)
    h = f.owner["headers"]
    r = api.http.post(f"{f.base}/health-checks", json={"animal_id": f.cow, "checked_on": "2026-03-01",
                                                       "temperature_c": 39.9, "diagnosis": "Lameness"}, headers=h)
    assert r.status_code == 201 and r.json()["is_sick"] is True
    r = api.http.post(f"{f.base}/vaccinations", json={"group_id": f.flock, "vaccine": "Newcastle",
                                                      "given_on": "2026-03-02", "next_due_on": "2026-06-02"}, headers=h)
    assert r.status_code == 201
    assert_error(api.http.post(f"{f.base}/health-checks", json={"animal_id": f.cow, "body_condition_score": 7},
                               headers=h), 400, "23514")
    page = api.http.get(f"{f.base}/health-events?limit=1", headers=h)
    assert page.status_code == 200 and page.headers["content-range"] == "0-0/2"
    assert page.json()["results"][0]["kind"] == "vaccination" and page.json()["next"]
    only_checks = api.http.get(f"{f.base}/health-events?kind=check&from=2026-03-01&to=2026-03-01", headers=h).json()
    assert only_checks["count"] == 1
    checks = api.http.get(f"{f.base}/health-checks?animal_id={f.cow}", headers=h)
    assert checks.status_code == 200 and [c["diagnosis"] for c in checks.json()["results"]] == ["Lameness"]
    vaccinations = api.http.get(f"{f.base}/vaccinations", headers=h).json()
    assert vaccinations["count"] == 1 and vaccinations["results"][0]["next_due_on"] == "2026-06-02"
    assert api.http.get(f"{f.base}/treatments", headers=h).json() == {"count": 0, "next": None, "previous": None,
                                                                       "results": []}


def test_production_errors_have_the_postgrest_shape_and_status(api: Api):
    f = setup_farm(api)
    h = f.owner["headers"]
    wrong_unit = assert_error(api.http.post(f"{f.base}/production", json=milk(f, "2026-03-01", unit="count"),
                                            headers=h), 400, "22023")
    assert "allowed units: kg, l" in wrong_unit["message"] and wrong_unit["hint"] == "invalid_unit"
    assert_error(api.http.post(f"{f.base}/production", json=milk(f, "2026-03-01", quantity=-1), headers=h), 400)
    assert api.http.post(f"{f.base}/production", json=milk(f, "2026-03-01"), headers=h).status_code == 201
    dup = assert_error(api.http.post(f"{f.base}/production", json=milk(f, "2026-03-01"), headers=h), 409, "PT409")
    assert dup["hint"] == "duplicate_production_record"
    other = animal(api, f.tenant, f.farm)
    missing = api.http.post(f"{f.base}/production", json=milk(f, "2026-03-01", animal_id=str(uuid.uuid4())), headers=h)
    assert_error(missing, 404, "PT404")
    assert api.http.post(f"{f.base}/production", json=milk(f, "2026-03-01", animal_id=other),
                         headers=h).status_code == 201


def test_a_correction_over_http_keeps_the_old_value(api: Api):
    f = setup_farm(api)
    h = f.owner["headers"]
    rec = api.http.post(f"{f.base}/production", json=milk(f, "2026-03-01"), headers=h).json()
    r = api.http.post(f"{f.base}/production/{rec['id']}/corrections", json={"quantity": 14, "reason": "misread"},
                      headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["quantity"] == 14 and r.json()["revisions"][0]["old_quantity"] == 12.5
    assert_error(api.http.post(f"{f.base}/production/{rec['id']}/corrections", json={"quantity": 14}, headers=h), 400)


def test_bulk_over_http_is_all_or_nothing_and_names_bad_indexes(api: Api):
    f = setup_farm(api)
    h = f.owner["headers"]
    records = [milk(f, f"2026-02-{d:02d}") for d in range(1, 21)]
    records[7]["unit"] = "g"
    records[12]["quantity"] = 0
    bad = assert_error(api.http.post(f"{f.base}/production/bulk", json={"records": records}, headers=h), 400, "22023")
    assert [d["index"] for d in json.loads(bad["details"])] == [7, 12]
    assert bad["hint"].startswith("bulk_invalid_records")
    assert api.http.get(f"{f.base}/production", headers=h).json()["count"] == 0
    records[7]["unit"] = "kg"
    records[12]["quantity"] = 3
    ok = api.http.post(f"{f.base}/production/bulk", json={"records": records}, headers=h)
    assert ok.status_code == 201 and ok.json() == {"inserted": 20, "withheld": 0}
    page = api.http.get(f"{f.base}/production?product=milk&from=2026-02-05&to=2026-02-14&page=2&page_size=4",
                        headers=h)
    assert page.status_code == 200 and page.json()["count"] == 10 and page.headers["content-range"] == "4-7/10"


def test_a_bulk_of_5000_records_over_http(api: Api):
    f = setup_farm(api)
    cows = [f.cow] + [animal(api, f.tenant, f.farm) for _ in range(49)]
    records = [{"animal_id": cow, "product": "milk", "quantity": 9.5, "unit": "l",
                "recorded_on": f"2025-{1 + d // 62:02d}-{1 + (d % 62) // 2:02d}", "session": ("am", "pm")[d % 2]}
               for d in range(100) for cow in cows]
    r = api.http.post(f"{f.base}/production/bulk", json={"records": records}, headers=f.owner["headers"], timeout=60)
    assert r.status_code == 201, r.text
    assert r.json()["inserted"] == 5000


def test_the_permission_matrix_over_http(api: Api):
    f = setup_farm(api)
    members = {role: api.join(f.owner, f.tenant, role) for role in ("worker", "vet", "viewer", "accountant")}
    for m in members.values():
        r = api.http.put(f"{f.base}/farms/{f.farm}/access/{m['user']['id']}", headers=f.owner["headers"])
        assert r.status_code == 200
    treatment = {"animal_id": f.cow, "medicine": "X", "course_start": "2026-03-01"}
    assert api.http.post(f"{f.base}/production", json=milk(f, "2026-03-01"),
                         headers=members["worker"]["headers"]).status_code == 201
    assert_error(api.http.post(f"{f.base}/treatments", json=treatment, headers=members["worker"]["headers"]),
                 403, "42501")
    assert api.http.post(f"{f.base}/treatments", json=treatment, headers=members["vet"]["headers"]).status_code == 201
    assert_error(api.http.post(f"{f.base}/production", json=milk(f, "2026-03-02"), headers=members["vet"]["headers"]),
                 403, "42501")
    for role in ("viewer", "accountant"):
        hdr = members[role]["headers"]
        assert_error(api.http.post(f"{f.base}/production", json=milk(f, "2026-03-03"), headers=hdr), 403, "42501")
        assert_error(api.http.post(f"{f.base}/treatments", json=treatment, headers=hdr), 403, "42501")
        assert api.http.get(f"{f.base}/production", headers=hdr).json()["count"] == 1
        assert len(api.http.get(f"{f.base}/animals/{f.cow}/health-records", headers=hdr).json()["treatments"]) == 1


def test_another_tenant_reaches_no_health_or_production_through_the_api(api: Api):
    f = setup_farm(api)
    api.http.post(f"{f.base}/production", json=milk(f, "2026-03-01"), headers=f.owner["headers"])
    stranger = api.signup()
    mine = setup_farm(api)
    h = stranger["headers"]
    attempts = [
        api.http.get(f"{f.base}/production", headers=h),
        api.http.post(f"{f.base}/production", json=milk(f, "2026-03-02"), headers=h),
        api.http.post(f"{f.base}/production/bulk", json={"records": [milk(f, "2026-03-02")]}, headers=h),
        api.http.post(f"{f.base}/treatments", json={"animal_id": f.cow, "medicine": "X", "course_start": "2026-03-01"},
                      headers=h),
        api.http.get(f"{f.base}/animals/{f.cow}/health-records", headers=h),
        api.http.get(f"{f.base}/health-events", headers=h),
    ]
    for r in attempts:
        assert_error(r, 403, "42501")
    # The owner of another tenant cannot point their own records at this tenant's animal either.
    assert_error(api.http.post(f"{mine.base}/production", json=milk(f, "2026-03-02"), headers=mine.owner["headers"]),
                 404, "PT404")
    assert api.http.get(f"{f.base}/production", headers=f.owner["headers"]).json()["count"] == 1
