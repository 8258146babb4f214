"""Subscriptions over HTTP: the provider's signed webhook, plan changes, a suspended tenant's 402,
and API calls counted into usage."""

from __future__ import annotations

import time

import orjson

from app.routes.webhooks import sign
from tests.api.conftest import WEBHOOK_SECRET, Api
from tests.api.test_request_path import assert_error


def billed(api: Api) -> tuple[dict, str, str]:
    owner = api.signup()
    tenant = api.tenant(owner)
    api.sql("update subscriptions set status = 'active', plan_code = 'professional', next_billing_on = private.today() "
            "where tenant_id = %s", (tenant,))
    api.sql("select private.process_recurring_billing(private.now())")
    invoice = api.sql("select id::text from subscription_invoices where tenant_id = %s", (tenant,))[0][0]
    return owner, tenant, invoice


def post_event(api: Api, event: dict, secret: str = WEBHOOK_SECRET, at: int | None = None, signature=None):
    body = orjson.dumps(event)
    header = signature if signature is not None else sign(secret, at or int(time.time()), body)
    return api.http.post("/webhooks/payments", content=body,
                         headers={"X-Signature": header, "Content-Type": "application/json"})


def state(api: Api, tenant: str) -> tuple:
    return api.sql("select (select count(*) from private.payment_events where tenant_id = %s), "
                   "(select string_agg(status, ',' order by attempt_no) from payment_attempts where tenant_id = %s), "
                   "(select status from subscriptions where tenant_id = %s)", (tenant, tenant, tenant))[0]


def test_the_payment_webhook_checks_signature_time_and_replay(api: Api):
    _, tenant, invoice = billed(api)
    event = {"id": f"evt_{invoice}", "type": "payment_failed", "data": {"invoice_id": invoice, "error": "declined"}}
    before = state(api, tenant)
    assert before == (0, "pending", "active")
    refusals = [
        (post_event(api, event, secret="not-the-secret"), "webhook_bad_signature"),
        (post_event(api, event, signature=""), "webhook_bad_signature"),
        (post_event(api, event, signature="t=abc,v1=00"), "webhook_bad_signature"),
        (post_event(api, event, at=int(time.time()) - 301), "webhook_stale_timestamp"),
        (post_event(api, event, at=int(time.time()) + 301), "webhook_stale_timestamp"),
    ]
    for response, hint in refusals:
        assert assert_error(response, 401, "PGRST301")["hint"] == hint
    # A body changed after signing no longer matches its signature.
    body = orjson.dumps(event)
    tampered = api.http.post("/webhooks/payments", content=body.replace(b"payment_failed", b"payment_succeeded"),
                             headers={"X-Signature": sign(WEBHOOK_SECRET, int(time.time()), body)})
    assert assert_error(tampered, 401, "PGRST301")["hint"] == "webhook_bad_signature"
    assert state(api, tenant) == before

    accepted = post_event(api, event)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["subscription_status"] == "past_due" and accepted.json()["failed_attempts"] == 1
    after = state(api, tenant)
    assert after == (1, "failed", "past_due")
    replay = post_event(api, event)
    assert assert_error(replay, 409, "PT409")["hint"] == "webhook_replayed"
    invalid = post_event(api, {"id": "evt_x", "type": "refund", "data": {"invoice_id": invoice}})
    assert assert_error(invalid, 400, "PT400")["hint"] == "webhook_invalid_event"
    assert state(api, tenant) == after

    paid = post_event(api, {"id": f"evt_paid_{invoice}", "type": "payment_succeeded",
                            "data": {"invoice_id": invoice, "amount": "99.00", "currency": "USD"}})
    assert paid.status_code == 200 and paid.json()["subscription_status"] == "active"


def test_plan_change_and_cancel_over_http_and_the_402_of_a_suspended_tenant(api: Api):
    owner, tenant, _ = billed(api)
    h = owner["headers"]
    t = f"/api/v1/tenants/{tenant}"
    upgraded = api.http.post(f"{t}/subscription/plan", json={"plan_code": "enterprise"}, headers=h)
    assert upgraded.status_code == 200, upgraded.text
    assert upgraded.json()["plan_code"] == "enterprise" and float(upgraded.json()["charged_now"]) > 0
    unknown = api.http.post(f"{t}/subscription/plan", json={"plan_code": "platinum"}, headers=h)
    assert assert_error(unknown, 404, "PT404")["hint"] == "plan_not_found"
    worker = api.join(owner, tenant, "worker")
    assert api.http.post(f"{t}/subscription/cancel", headers=worker["headers"]).status_code == 403

    api.sql("update subscriptions set status = 'suspended' where tenant_id = %s", (tenant,))
    refused = api.http.post(f"{t}/farms", json={"name": "New"}, headers=h)
    body = assert_error(refused, 402, "PT402")
    assert body["hint"].startswith("subscription_inactive") and "suspended" in body["message"]
    assert api.http.get(f"{t}/farms", headers=h).status_code == 200  # reads go on
    cancelled = api.http.post(f"{t}/subscription/cancel", json={"at_period_end": False}, headers=h)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_api_calls_are_counted_per_tenant_for_usage(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    for _ in range(5):
        assert api.http.get(f"/api/v1/tenants/{tenant}/farms", headers=owner["headers"]).status_code == 200
    other = api.signup()
    assert api.http.get(f"/api/v1/tenants/{tenant}/farms", headers=other["headers"]).status_code == 403  # not counted
    deadline = time.monotonic() + 20  # workers add their counts every 10 s
    calls = []
    while time.monotonic() < deadline:
        calls = api.sql("select calls from private.api_calls where tenant_id = %s", (tenant,))
        if calls:
            break
        time.sleep(0.5)
    assert calls == [(5,)]
    api.sql("select private.aggregate_usage_metrics(private.now())")
    sub = api.http.get(f"/api/v1/tenants/{tenant}/subscription", headers=owner["headers"]).json()
    assert sub["usage_metrics"]["api_calls"] == 5
