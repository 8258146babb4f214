"""Expenses over HTTP: the workflow through the routes, and its errors in PostgREST's shape."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.api.test_request_path import assert_error


def test_an_expense_goes_from_draft_to_paid_over_http(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    h = owner["headers"]
    farm = api.http.post(f"/api/v1/tenants/{tenant}/farms", json={"name": "Main"}, headers=h).json()["id"]
    manager = api.join(owner, tenant, "manager")
    api.http.put(f"/api/v1/tenants/{tenant}/farms/{farm}/access/{manager['user']['id']}", headers=h)
    feed = next(c["id"] for c in api.http.get(f"/api/v1/tenants/{tenant}/expense-categories", headers=h).json()
                if c["code"] == "feed")
    vendor = api.http.post(f"/api/v1/tenants/{tenant}/counterparties", json={"name": "Unga Feeds"}, headers=h).json()
    created = api.http.post(f"/api/v1/tenants/{tenant}/expenses", headers=manager["headers"], json={
        "farm_id": farm, "category_id": feed, "vendor_id": vendor["id"], "amount": 750, "description": "dairy meal"})
    assert created.status_code == 201
    assert created.json()["status"] == "draft" and created.json()["vendor"] == "Unga Feeds"
    eid = created.json()["id"]
    base = f"/api/v1/tenants/{tenant}/expenses/{eid}"
    assert api.http.post(f"{base}/submit", headers=manager["headers"]).json()["status"] == "submitted"
    own = api.http.post(f"{base}/approve", headers=manager["headers"])
    assert assert_error(own, 403, "42501")["hint"] == "self_approval"
    assert api.http.post(f"{base}/approve", headers=h).json()["status"] == "approved"
    locked = api.http.patch(base, json={"amount": 1}, headers=h)
    assert assert_error(locked, 409, "PT409")["hint"].startswith("expense_immutable")
    paid = api.http.post(f"{base}/pay", json={"payment_reference": "CHQ-881"}, headers=h)
    assert paid.json()["status"] == "paid"
    page = api.http.get(f"/api/v1/tenants/{tenant}/expenses?status=paid", headers=h)
    assert page.json()["count"] == 1 and page.headers["content-range"] == "0-0/1"
    summary = api.http.get(f"/api/v1/tenants/{tenant}/expenses/summary",
                           params={"from_date": "2000-01-01", "to_date": "2100-01-01"}, headers=h).json()
    assert float(summary["total"]) == 750.0
