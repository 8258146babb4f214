"""Sales, invoices and payments over HTTP."""

from __future__ import annotations

from datetime import timedelta

from tests.api.conftest import Api
from tests.api.test_request_path import assert_error
from tests.conftest import TODAY


def test_sale_invoice_and_payment_over_http(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    h = owner["headers"]
    t = f"/api/v1/tenants/{tenant}"
    farm = api.http.post(f"{t}/farms", json={"name": "Main"}, headers=h).json()["id"]
    steer = api.http.post(f"{t}/animals", headers=h, json={
        "farm_id": farm, "tag_number": "ST-1", "species": "cattle", "sex": "male", "birth_date": "2023-01-01"}).json()
    start = (TODAY - timedelta(days=3)).isoformat()
    treated = api.http.post(f"{t}/treatments", headers=h, json={
        "animal_id": steer["id"], "medicine": "Penstrep", "course_start": start, "course_end": start,
        "meat_withdrawal_days": 3})
    assert treated.status_code == 201, treated.text
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    refused = api.http.post(f"{t}/sales/animals", json={"animal_id": steer["id"], "price": 90000,
                                                         "sold_on": yesterday}, headers=h)
    body = assert_error(refused, 409, "PT409")
    assert "Penstrep" in body["message"] and body["hint"].startswith("meat_withdrawal")
    sale = api.http.post(f"{t}/sales/animals", headers=h, json={"animal_id": steer["id"], "price": 90000})
    assert sale.status_code == 201, sale.text  # today is the clearance date: clear
    inv = api.http.post(f"{t}/invoices", json={"animal_sale_ids": [sale.json()["id"]], "tax_rate": 0.16},
                        headers=h).json()
    assert inv["status"] == "draft" and float(inv["total"]) == 104400.0
    issued = api.http.post(f"{t}/invoices/{inv['id']}/issue", headers=h).json()
    assert issued["number"].startswith(f"INV-{TODAY.year}-")
    over = api.http.post(f"{t}/invoices/{inv['id']}/payments", json={"amount": 104400.01}, headers=h)
    assert assert_error(over, 409, "PT409")["hint"] == "overpayment"
    paid = api.http.post(f"{t}/invoices/{inv['id']}/payments", json={"amount": 104400, "method": "mobile_money"},
                         headers=h)
    assert paid.status_code == 201 and paid.json()["status"] == "paid"
    page = api.http.get(f"{t}/invoices?status=paid", headers=h)
    assert page.json()["count"] == 1 and page.headers["content-range"] == "0-0/1"
