"""The livestock core over HTTP: route table rows, paging, error shapes and permissions."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.api.test_request_path import assert_error


def setup_farm(api: Api) -> tuple[dict, str, str]:
    owner = api.signup()
    tenant = api.tenant(owner)
    farm = api.http.post(f"/api/v1/tenants/{tenant}/farms", json={"name": "Main", "farm_type": "dairy",
                                                                  "is_organic": True}, headers=owner["headers"])
    assert farm.status_code == 201 and farm.json()["is_organic"] is True
    return owner, tenant, farm.json()["id"]


def test_animals_crud_and_paging_over_http(api: Api):
    owner, tenant, farm = setup_farm(api)
    h = owner["headers"]
    for i in range(3):
        r = api.http.post(f"/api/v1/tenants/{tenant}/animals", headers=h, json={
            "farm_id": farm, "tag_number": f"KE-{i:03}", "species": "cattle", "sex": "female",
            "birth_date": "2021-02-03", "tags": {"eid": f"98200000{i}"}})
        assert r.status_code == 201, r.text
    page = api.http.get(f"/api/v1/tenants/{tenant}/animals?species=cattle&page=1&page_size=2", headers=h)
    assert page.status_code == 200 and page.headers["content-range"] == "0-1/3"
    body = page.json()
    assert [a["tag_number"] for a in body["results"]] == ["KE-000", "KE-001"] and body["next"]
    cow = body["results"][0]
    patched = api.http.patch(f"/api/v1/tenants/{tenant}/animals/{cow['id']}", json={"name": "Wanjiku"}, headers=h)
    assert patched.json()["name"] == "Wanjiku"
    sold = api.http.post(f"/api/v1/tenants/{tenant}/animals/{cow['id']}/status",
                         json={"status": "sold", "exit_reason": "market"}, headers=h)
    assert sold.json()["status"] == "sold" and sold.json()["exit_date"]
    again = api.http.post(f"/api/v1/tenants/{tenant}/animals/{cow['id']}/status", json={"status": "active"}, headers=h)
    assert assert_error(again, 409, "PT409")["hint"] == "invalid_status_transition"
    gone = api.http.delete(f"/api/v1/tenants/{tenant}/animals/{cow['id']}", headers=h)
    assert gone.status_code == 200
    assert_error(api.http.get(f"/api/v1/tenants/{tenant}/animals/{cow['id']}", headers=h), 404, "PT404")


def test_bad_animal_input_is_refused_and_writes_nothing(api: Api):
    owner, tenant, farm = setup_farm(api)
    h = owner["headers"]
    before = api.sql("select count(*) from animals where tenant_id = %s", (tenant,))[0][0]
    cases = [
        ({"farm_id": farm, "tag_number": "X", "species": "cattle", "sex": "bull"}, 400, "23514"),
        ({"farm_id": farm, "tag_number": "X", "species": "dragon", "sex": "female"}, 409, "23503"),
        ({"farm_id": farm, "tag_number": "X", "species": "cattle", "sex": "female", "birth_date": "2024-02-31"},
         400, "22008"),
        ({"farm_id": farm, "tag_number": "X", "species": "cattle", "sex": "female", "birth_date": "2999-01-01"},
         422, "PT422"),
        ({"farm_id": "not-a-uuid", "tag_number": "X", "species": "cattle", "sex": "female"}, 400, "22P02"),
        ({"tag_number": "X", "species": "cattle", "sex": "female"}, 400, "PGRST103"),
    ]
    for payload, status, code in cases:
        assert_error(api.http.post(f"/api/v1/tenants/{tenant}/animals", json=payload, headers=h), status, code)
    assert api.sql("select count(*) from animals where tenant_id = %s", (tenant,))[0][0] == before


def test_groups_and_movements_over_http(api: Api):
    owner, tenant, farm = setup_farm(api)
    h = owner["headers"]
    flock = api.http.post(f"/api/v1/tenants/{tenant}/groups", headers=h, json={
        "farm_id": farm, "name": "Layers A", "species": "chicken", "female_count": 300})
    assert flock.status_code == 201 and flock.json()["female_count"] == 300
    gid = flock.json()["id"]
    event = api.http.post(f"/api/v1/tenants/{tenant}/groups/{gid}/events", headers=h,
                          json={"event_type": "death", "female": 4})
    assert event.status_code == 201 and event.json()["group"]["female_count"] == 296
    below = api.http.post(f"/api/v1/tenants/{tenant}/groups/{gid}/events", headers=h,
                          json={"event_type": "sale", "female": 1000})
    assert assert_error(below, 409)["hint"] == "head_count_negative"
    barn = api.http.post(f"/api/v1/tenants/{tenant}/locations", headers=h,
                         json={"farm_id": farm, "name": "Barn 1", "kind": "barn", "capacity": 40}).json()
    cow = api.http.post(f"/api/v1/tenants/{tenant}/animals", headers=h, json={
        "farm_id": farm, "tag_number": "M-1", "species": "cattle", "sex": "female"}).json()
    moved = api.http.post(f"/api/v1/tenants/{tenant}/animals/{cow['id']}/movements", headers=h,
                          json={"to_farm_id": farm, "to_location_id": barn["id"], "reason": "housing"})
    assert moved.status_code == 201
    assert api.http.get(f"/api/v1/tenants/{tenant}/animals/{cow['id']}", headers=h).json()["location_id"] == barn["id"]


def test_a_worker_over_http_gets_403_for_what_their_role_cannot_do(api: Api):
    owner, tenant, farm = setup_farm(api)
    worker = api.join(owner, tenant, "worker")
    api.http.put(f"/api/v1/tenants/{tenant}/farms/{farm}/access/{worker['user']['id']}", headers=owner["headers"])
    cow = api.http.post(f"/api/v1/tenants/{tenant}/animals", headers=owner["headers"], json={
        "farm_id": farm, "tag_number": "Q-1", "species": "cattle", "sex": "female"}).json()
    w = worker["headers"]
    assert_error(api.http.post(f"/api/v1/tenants/{tenant}/animals", headers=w, json={
        "farm_id": farm, "tag_number": "Q-2", "species": "cattle", "sex": "female"}), 403, "42501")
    assert_error(api.http.post(f"/api/v1/tenants/{tenant}/animals/{cow['id']}/status", headers=w,
                               json={"status": "sold"}), 403, "42501")
    assert_error(api.http.delete(f"/api/v1/tenants/{tenant}/animals/{cow['id']}", headers=w), 403, "42501")
    dead = api.http.post(f"/api/v1/tenants/{tenant}/animals/{cow['id']}/status", headers=w,
                         json={"status": "deceased", "exit_reason": "bloat"})
    assert dead.status_code == 200 and dead.json()["status"] == "deceased"


def test_plan_limit_is_402_over_http(api: Api):
    owner, tenant, farm = setup_farm(api)
    api.sql("insert into plans (code, name, max_animals) values ('one_cow', 'One Cow', 1) on conflict do nothing")
    api.sql("update subscriptions set plan_code = 'one_cow' where tenant_id = %s", (tenant,))
    body = {"farm_id": farm, "species": "cattle", "sex": "female"}
    assert api.http.post(f"/api/v1/tenants/{tenant}/animals", headers=owner["headers"],
                         json={**body, "tag_number": "L-1"}).status_code == 201
    over = api.http.post(f"/api/v1/tenants/{tenant}/animals", headers=owner["headers"],
                         json={**body, "tag_number": "L-2"})
    assert "One Cow plan allows 1 animals" in assert_error(over, 402, "PT402")["message"]
