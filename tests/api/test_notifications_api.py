"""The in-app inbox, preferences and the unsubscribe link over real HTTP (`ifarm api`)."""

from __future__ import annotations

import base64

from app.notifications import unsubscribe_token
from tests.api.conftest import UNSUBSCRIBE_SECRET, Api


def inbox(api: Api, tenant: str, user_id: str, n: int) -> list[str]:
    """n rendered in-app notices for a user, oldest first, as the notifier leaves them."""
    return [str(api.sql("insert into notifications (tenant_id, user_id, channel, kind, subject, body, status, "
                        "sent_at, dedupe_key, created_at) values (%s, %s, 'in_app', 'birth_due', %s, 'Due soon.', "
                        "'sent', now(), %s, now() + %s * interval '1 second') returning id",
                        (tenant, user_id, f"Birth due {i}", f"api{i}:{user_id}", i))[0][0]) for i in range(n)]


def preferences(api: Api, session: dict, tenant: str) -> dict:
    r = api.http.get(f"/api/v1/tenants/{tenant}/notification-preferences", headers=session["headers"])
    assert r.status_code == 200, r.text
    return {p["kind"]: p for p in r.json()}


def test_the_inbox_pages_unread_first_and_marks_read(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    base = f"/api/v1/tenants/{tenant}/notifications"
    ids = inbox(api, tenant, owner["user"]["id"], 3)
    r = api.http.post(f"{base}/{ids[2]}/read", headers=owner["headers"])
    assert r.status_code == 200 and r.json()["is_read"] is True
    r = api.http.get(base, params={"limit": 2}, headers=owner["headers"])
    assert r.status_code == 200, r.text
    page = r.json()
    assert page["count"] == 3 and [n["id"] for n in page["results"]] == [ids[1], ids[0]]
    assert r.headers["content-range"] == "0-1/3" and page["next"] is not None
    assert api.http.get(f"{base}/unread-count", headers=owner["headers"]).json() == {"unread": 2}
    assert api.http.post(f"{base}/read-all", headers=owner["headers"]).json() == {"marked": 2}
    assert api.http.get(f"{base}/unread-count", headers=owner["headers"]).json() == {"unread": 0}


def test_another_members_notice_is_not_found_and_anonymous_is_refused(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    admin = api.join(owner, tenant, "admin")
    (notice,) = inbox(api, tenant, owner["user"]["id"], 1)
    r = api.http.post(f"/api/v1/tenants/{tenant}/notifications/{notice}/read", headers=admin["headers"])
    assert r.status_code == 404 and r.json()["hint"] == "notification_not_found"
    assert api.http.get(f"/api/v1/tenants/{tenant}/notifications", headers=admin["headers"]).json()["count"] == 0
    assert api.http.get(f"/api/v1/tenants/{tenant}/notifications").status_code == 401
    assert api.sql("select read_at from notifications where id = %s", (notice,)) == [(None,)]


def test_preferences_are_set_per_kind_and_security_notices_stay_in_the_app(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    url = f"/api/v1/tenants/{tenant}/notification-preferences"
    r = api.http.put(f"{url}/birth_due", json={"email": False}, headers=owner["headers"])
    assert r.status_code == 200 and r.json() == {"kind": "birth_due", "title": "Birth due", "is_security": False,
                                                 "email": False, "in_app": True}
    r = api.http.put(f"{url}/payment_failed", json={"in_app": False}, headers=owner["headers"])
    assert r.status_code == 409 and r.json()["hint"] == "security_notice_in_app"
    r = api.http.put(f"{url}/horoscope", json={"email": False}, headers=owner["headers"])
    assert r.status_code == 400 and r.json()["hint"] == "unknown_notification_kind"
    prefs = preferences(api, owner, tenant)
    assert prefs["birth_due"]["email"] is False and prefs["payment_failed"]["in_app"] is True
    assert all(p["email"] for k, p in prefs.items() if k != "birth_due")


def test_the_unsubscribe_link_shows_a_page_and_one_click_post_records_the_opt_out(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    admin = api.join(owner, tenant, "admin")
    token = unsubscribe_token(UNSUBSCRIBE_SECRET, tenant, owner["user"]["id"], "invoice_overdue")
    r = api.http.get("/unsubscribe", params={"token": token})  # what a link scanner does: nothing changes
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "Unsubscribe" in r.text and "invoice overdue" in r.text and "Tenant t-" in r.text
    assert preferences(api, owner, tenant)["invoice_overdue"]["email"] is True
    r = api.http.post("/unsubscribe", params={"token": token}, content=b"List-Unsubscribe=One-Click",
                      headers={"content-type": "application/x-www-form-urlencoded"})  # RFC 8058
    assert r.status_code == 200 and "no more emails" in r.text
    assert preferences(api, owner, tenant)["invoice_overdue"] == {
        "kind": "invoice_overdue", "title": "Invoice overdue", "is_security": False, "email": False, "in_app": True}
    assert preferences(api, admin, tenant)["invoice_overdue"]["email"] is True  # only the token's member
    r = api.http.post("/unsubscribe", data={"token": token})  # the page's own button, a second time
    assert r.status_code == 200


def test_a_tampered_or_foreign_unsubscribe_token_changes_nothing(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    admin = api.join(owner, tenant, "admin")
    token = unsubscribe_token(UNSUBSCRIBE_SECRET, tenant, owner["user"]["id"], "birth_due")
    payload, signature = token.split(".")
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    forged_payload = decoded.replace(owner["user"]["id"], admin["user"]["id"])  # the admin, with the owner's signature
    forged = base64.urlsafe_b64encode(forged_payload.encode()).rstrip(b"=").decode() + "." + signature
    other_secret = unsubscribe_token("not-the-server-secret", tenant, admin["user"]["id"], "birth_due")
    for bad in (forged, other_secret, token[:-2], "garbage", ""):
        for method in ("GET", "POST"):
            r = api.http.request(method, "/unsubscribe", params={"token": bad})
            assert r.status_code == 400 and "not valid" in r.text, (bad, method)
    security = unsubscribe_token(UNSUBSCRIBE_SECRET, tenant, owner["user"]["id"], "payment_failed")
    r = api.http.post("/unsubscribe", params={"token": security})
    assert r.status_code == 400 and "no unsubscribe link" in r.text
    stranger = api.signup()
    r = api.http.post("/unsubscribe", params={"token": unsubscribe_token(UNSUBSCRIBE_SECRET, tenant,
                                                                          stranger["user"]["id"], "birth_due")})
    assert r.status_code == 404
    assert api.sql("select count(*) from notification_preferences where tenant_id = %s", (tenant,)) == [(0,)]


def test_vaccine_schedules_over_http(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    url = f"/api/v1/tenants/{tenant}/vaccine-schedules"
    r = api.http.put(url, json={"vaccine": "Lumpy Skin", "primary_doses": 2, "primary_interval_days": 28,
                                "booster_interval_days": 365}, headers=owner["headers"])
    assert r.status_code == 200 and r.json()["booster_interval_days"] == 365
    r = api.http.put(url, json={"vaccine": "lumpy skin", "booster_interval_days": 180}, headers=owner["headers"])
    assert r.status_code == 200 and r.json()["vaccine"] == "Lumpy Skin" and r.json()["primary_doses"] == 1
    assert [s["booster_interval_days"] for s in api.http.get(url, headers=owner["headers"]).json()] == [180]
