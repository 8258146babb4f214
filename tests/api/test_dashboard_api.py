"""Dashboards over HTTP through the Redis cache: hits after the first read, read-your-writes after the
client's own write, other tenants refused, and correct answers with Redis stopped mid-test."""

from __future__ import annotations

import time

import httpx

from app.embedded import EmbeddedValkey
from tests.api.conftest import Api, start_api, stop_api

ENDPOINTS = ("stats", "animals", "analytics", "activities", "recent-sales", "financial-summary")


def farm_with_cows(api: Api, owner: dict, tenant: str, cows: int) -> str:
    t = f"/api/v1/tenants/{tenant}"
    farm = api.http.post(f"{t}/farms", json={"name": "Dairy"}, headers=owner["headers"]).json()["id"]
    for i in range(cows):
        r = api.http.post(f"{t}/animals", headers=owner["headers"], json={
            "farm_id": farm, "tag_number": f"C-{i}", "species": "cattle", "sex": "female"})
        assert r.status_code == 201, r.text
    return farm


def cache_counts(base: str) -> dict:
    text = httpx.get(f"{base}/metrics").text
    counts = {}
    for line in text.splitlines():
        if line.startswith("ifarm_cache_requests_total{"):
            result = line.split('result="')[1].split('"')[0]
            counts[result] = float(line.rsplit(" ", 1)[1])
    return counts


def test_every_dashboard_is_served_then_cached_and_gzipped(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    farm_with_cows(api, owner, tenant, 2)
    for name in ENDPOINTS:
        url = f"/api/v1/tenants/{tenant}/dashboard/{name}"
        first = api.http.get(url, headers=owner["headers"])
        assert first.status_code == 200, (name, first.text)
        second = api.http.get(url, headers=owner["headers"])
        assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit"), name
        assert second.json() == first.json()
    raw = httpx.get(f"{api.base_url}/api/v1/tenants/{tenant}/dashboard/analytics",
                    headers={**owner["headers"], "Accept-Encoding": "gzip"})
    assert raw.headers.get("content-encoding") == "gzip"
    other = api.signup()
    refused = api.http.get(f"/api/v1/tenants/{tenant}/dashboard/stats", headers=other["headers"])
    assert refused.status_code == 403  # never from another tenant's (or user's) cache entry


def test_a_read_right_after_the_clients_own_write_shows_it(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    farm = farm_with_cows(api, owner, tenant, 1)
    url = f"/api/v1/tenants/{tenant}/dashboard/stats"
    before = api.http.get(url, headers=owner["headers"]).json()
    assert api.http.get(url, headers=owner["headers"]).headers["x-cache"] == "hit"
    for i in range(3):
        api.http.post(f"/api/v1/tenants/{tenant}/animals", headers=owner["headers"], json={
            "farm_id": farm, "tag_number": f"N-{i}", "species": "goat", "sex": "female"})
        after = api.http.get(url, headers=owner["headers"])
        assert after.headers["x-cache"] == "miss"
        assert after.json()["animals"]["total"] == before["animals"]["total"] + i + 1


def test_rpc_of_a_stable_function_keeps_the_cache_and_a_volatile_one_refreshes_it(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    farm = farm_with_cows(api, owner, tenant, 1)
    url = f"/api/v1/tenants/{tenant}/dashboard/stats"
    api.http.get(url, headers=owner["headers"])
    listed = api.http.post("/rpc/list_locations", json={"tenant_id": tenant}, headers=owner["headers"])
    assert listed.status_code == 200 and listed.json() == []
    assert api.http.get(url, headers=owner["headers"]).headers["x-cache"] == "hit"  # a read changes nothing
    made = api.http.post("/rpc/create_animal", headers=owner["headers"], json={
        "tenant_id": tenant, "farm_id": farm, "tag_number": "RPC-1", "species": "cattle", "sex": "female"})
    assert made.status_code == 200, made.text
    after = api.http.get(url, headers=owner["headers"])
    assert after.headers["x-cache"] == "miss" and after.json()["animals"]["total"] == 2


def test_redis_stopped_mid_test_still_gives_correct_answers(api_db, tmp_path):
    valkey = EmbeddedValkey(tmp_path / "valkey").start()
    proc, base = start_api(api_db, {"REDIS_URL": valkey.url}, tmp_path / "api")
    api = Api(base, api_db)
    try:
        owner = api.signup()
        tenant = api.tenant(owner)
        farm = farm_with_cows(api, owner, tenant, 2)
        url = f"/api/v1/tenants/{tenant}/dashboard/stats"
        assert api.http.get(url, headers=owner["headers"]).json()["animals"]["total"] == 2
        assert api.http.get(url, headers=owner["headers"]).headers["x-cache"] == "hit"
        valkey.stop()
        api.http.post(f"/api/v1/tenants/{tenant}/animals", headers=owner["headers"], json={
            "farm_id": farm, "tag_number": "X-1", "species": "cattle", "sex": "female"})
        down = api.http.get(url, headers=owner["headers"])
        assert down.status_code == 200 and down.json()["animals"]["total"] == 3
        assert down.headers["x-cache"] == "miss"
        assert cache_counts(base).get("error", 0) >= 1
        valkey.start()  # the same data directory: the old entries may still be there
        api.http.post(f"/api/v1/tenants/{tenant}/animals", headers=owner["headers"], json={
            "farm_id": farm, "tag_number": "X-2", "species": "cattle", "sex": "female"})

        time.sleep(5.5)  # past the pause after a failure
        back = api.http.get(url, headers=owner["headers"])
        assert back.status_code == 200 and back.json()["animals"]["total"] == 4
    finally:
        stop_api(proc)
        valkey.stop()


def test_a_write_invalidates_only_the_dashboards_it_can_change(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    farm_with_cows(api, owner, tenant, 1)
    t = f"/api/v1/tenants/{tenant}"
    cow = api.http.get(f"{t}/dashboard/animals", headers=owner["headers"]).json()["results"][0]["id"]
    for name in ("stats", "activities"):
        api.http.get(f"{t}/dashboard/{name}", headers=owner["headers"])
    activity = api.http.post(f"{t}/activities", headers=owner["headers"],
                             json={"activity_type": "feeding", "animal_id": cow})
    assert activity.status_code == 201, activity.text
    stats = api.http.get(f"{t}/dashboard/stats", headers=owner["headers"])
    assert stats.headers["x-cache"] == "hit"  # an activity is on no other dashboard
    recent = api.http.get(f"{t}/dashboard/activities", headers=owner["headers"])
    assert recent.headers["x-cache"] == "miss" and recent.json()[0]["id"] == activity.json()["id"]
