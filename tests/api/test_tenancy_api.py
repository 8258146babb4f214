"""Tenancy over HTTP: the route table, pagination, and isolation between tenants through the API."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.api.test_request_path import assert_error


def test_create_list_and_read_a_tenant(api: Api):
    s = api.signup()
    tenant = api.tenant(s, slug=f"x-{s['user']['id'][-8:]}")
    mine = api.http.get("/api/v1/tenants", headers=s["headers"]).json()
    assert [(t["id"], t["role"]) for t in mine] == [(tenant, "owner")]
    one = api.http.get(f"/api/v1/tenants/{tenant}", headers=s["headers"])
    assert one.status_code == 200 and one.json()["id"] == tenant
    patched = api.http.patch(f"/api/v1/tenants/{tenant}", json={"name": "Renamed", "timezone": "Africa/Nairobi"},
                             headers=s["headers"])
    assert patched.status_code == 200 and patched.json()["name"] == "Renamed"


def test_invite_accept_and_permissions_over_http(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    vet = api.join(owner, tenant, "vet")
    perms = api.http.get(f"/api/v1/tenants/{tenant}/permissions", headers=vet["headers"]).json()
    assert perms["role"] == "vet" and "members.manage" not in perms["permissions"]
    invitations = api.http.get(f"/api/v1/tenants/{tenant}/invitations", headers=owner["headers"]).json()
    assert [i["email"] for i in invitations] == [vet["email"]] and invitations[0]["accepted_at"]
    assert "token" not in invitations[0]


def test_members_paginate_with_content_range(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    for _ in range(4):
        api.join(owner, tenant, "viewer")
    r = api.http.get(f"/api/v1/tenants/{tenant}/members?page=2&page_size=2", headers=owner["headers"])
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 5 and len(body["results"]) == 2
    assert r.headers["content-range"] == "2-3/5"
    assert "offset=4" in body["next"] and "offset=0" in body["previous"]
    last = api.http.get(body["next"].replace(api.base_url, ""), headers=owner["headers"]).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert_error(api.http.get(f"/api/v1/tenants/{tenant}/members?page_size=500", headers=owner["headers"]), 400)
    assert_error(api.http.get(f"/api/v1/tenants/{tenant}/members?page=0", headers=owner["headers"]), 400)


def test_role_change_and_removal_over_http(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    worker = api.join(owner, tenant, "worker")
    wid = worker["user"]["id"]
    r = api.http.patch(f"/api/v1/tenants/{tenant}/members/{wid}", json={"role": "manager"}, headers=owner["headers"])
    assert r.status_code == 200 and r.json()["role"] == "manager"
    last = api.http.delete(f"/api/v1/tenants/{tenant}/members/{owner['user']['id']}", headers=owner["headers"])
    assert assert_error(last, 409, "PT409")["hint"].startswith("last_owner")
    gone = api.http.delete(f"/api/v1/tenants/{tenant}/members/{wid}", headers=owner["headers"])
    assert gone.status_code == 200
    assert api.http.get("/api/v1/tenants", headers=worker["headers"]).json() == []


def test_farms_and_farm_access_over_http(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    worker = api.join(owner, tenant, "worker")
    farm = api.http.post(f"/api/v1/tenants/{tenant}/farms", json={"name": "East"}, headers=owner["headers"])
    assert farm.status_code == 201
    fid = farm.json()["id"]
    dup = api.http.post(f"/api/v1/tenants/{tenant}/farms", json={"name": "east"}, headers=owner["headers"])
    assert_error(dup, 409, "PT409")
    assert api.http.get(f"/api/v1/tenants/{tenant}/farms", headers=worker["headers"]).json() == []
    r = api.http.put(f"/api/v1/tenants/{tenant}/farms/{fid}/access/{worker['user']['id']}", headers=owner["headers"])
    assert r.status_code == 200
    assert [f["id"] for f in api.http.get(f"/api/v1/tenants/{tenant}/farms", headers=worker["headers"]).json()] == [fid]
    assert_error(api.http.post(f"/api/v1/tenants/{tenant}/farms", json={"name": "W"}, headers=worker["headers"]), 403)


def test_another_tenants_member_reaches_nothing_through_the_api(api: Api):
    owner_a = api.signup()
    a = api.tenant(owner_a)
    worker_a = api.join(owner_a, a, "worker")
    owner_b = api.signup()
    api.tenant(owner_b)
    before = api.sql("select md5(string_agg(x::text, ',' order by x::text)) from ("
                     "select to_jsonb(t) x from tenants t where id = %(a)s union all "
                     "select to_jsonb(m) from tenant_members m where tenant_id = %(a)s union all "
                     "select to_jsonb(f) from farms f where tenant_id = %(a)s union all "
                     "select to_jsonb(i) - 'created_at' from invitations i where tenant_id = %(a)s) s", {"a": a})
    h = owner_b["headers"]
    wid = worker_a["user"]["id"]
    attempts = [
        api.http.get(f"/api/v1/tenants/{a}", headers=h),
        api.http.patch(f"/api/v1/tenants/{a}", json={"name": "Mine now"}, headers=h),
        api.http.get(f"/api/v1/tenants/{a}/members", headers=h),
        api.http.get(f"/api/v1/tenants/{a}/permissions", headers=h),
        api.http.get(f"/api/v1/tenants/{a}/farms", headers=h),
        api.http.post(f"/api/v1/tenants/{a}/farms", json={"name": "Spy"}, headers=h),
        api.http.get(f"/api/v1/tenants/{a}/invitations", headers=h),
        api.http.post(f"/api/v1/tenants/{a}/invitations", json={"email": "spy@example.test", "role": "admin"},
                      headers=h),
        api.http.patch(f"/api/v1/tenants/{a}/members/{wid}", json={"role": "owner"}, headers=h),
        api.http.delete(f"/api/v1/tenants/{a}/members/{wid}", headers=h),
    ]
    for r in attempts:
        assert_error(r, 403, "42501")
    assert api.http.get("/api/v1/tenants", headers=h).json()[0]["id"] != a
    after = api.sql("select md5(string_agg(x::text, ',' order by x::text)) from ("
                    "select to_jsonb(t) x from tenants t where id = %(a)s union all "
                    "select to_jsonb(m) from tenant_members m where tenant_id = %(a)s union all "
                    "select to_jsonb(f) from farms f where tenant_id = %(a)s union all "
                    "select to_jsonb(i) - 'created_at' from invitations i where tenant_id = %(a)s) s", {"a": a})
    assert before == after


def test_profile_read_and_update(api: Api):
    s = api.signup()
    assert api.http.get("/api/v1/me", headers=s["headers"]).json()["email"] == s["email"]
    r = api.http.patch("/api/v1/me", json={"full_name": "Wanjiru Kamau"}, headers=s["headers"])
    assert r.status_code == 200 and r.json()["full_name"] == "Wanjiru Kamau"
    assert_error(api.http.get("/api/v1/me"), 401, "42501")
