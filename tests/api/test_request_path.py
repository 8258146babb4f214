"""The PostgREST request contract over real HTTP: JWT checks, error shapes, /rpc, pooling, ops endpoints."""

from __future__ import annotations

import gzip
import json
import socket
import time
import uuid

import httpx
import jwt
import pytest

from tests.api.conftest import SECRET, Api

ERROR_KEYS = {"code", "message", "details", "hint"}


def assert_error(r: httpx.Response, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert ERROR_KEYS <= set(body), body
    if code:
        assert body["code"] == code, body
    return body


def whoami(api: Api, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api.http.post("/rpc/whoami", headers=headers)


ESCALATIONS = ["postgres", "authenticator", "supabase_admin", "supabase_auth_admin", "pg_read_all_data",
               "Authenticated", "authenticated ", ["authenticated"], None]


@pytest.mark.parametrize("case", ["alg_none", "alg_none_upper", "bad_signature", "wrong_aud", "expired", "exp_now",
                                  "exp_not_a_number", "nbf_future", "iat_future", "role_postgres",
                                  "role_missing_aud", "garbage", "not_bearer", "no_exp", "empty_bearer",
                                  "truncated_signature", "signature_stripped"]
                         + [f"escalate_{i}" for i in range(len(ESCALATIONS))])
def test_bad_tokens_are_401_with_the_postgrest_body(api: Api, case: str):
    now = int(time.time())
    good = {"sub": str(uuid.uuid4()), "role": "authenticated", "aud": "authenticated", "exp": now + 60}
    headers = None
    if case.startswith("escalate_"):
        role = ESCALATIONS[int(case.split("_")[1])]
        token = jwt.encode({**good, "role": role} if role is not None else {**good, "role": None}, SECRET,
                           algorithm="HS256")
    elif case == "alg_none_upper":
        token = jwt.encode(good, None, algorithm="none").replace(
            jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode(),
            jwt.utils.base64url_encode(b'{"alg":"NONE","typ":"JWT"}').decode())
    elif case == "exp_now":
        token = jwt.encode({**good, "exp": now - 1}, SECRET, algorithm="HS256")
    elif case == "exp_not_a_number":
        token = jwt.encode({**good, "exp": "tomorrow"}, SECRET, algorithm="HS256")
    elif case == "nbf_future":
        token = jwt.encode({**good, "nbf": now + 300}, SECRET, algorithm="HS256")
    elif case == "iat_future":
        token = jwt.encode({**good, "iat": now + 300}, SECRET, algorithm="HS256")
    elif case == "empty_bearer":
        token, headers = None, {"Authorization": "Bearer"}
    elif case == "truncated_signature":
        token = jwt.encode(good, SECRET, algorithm="HS256")[:-4]
    elif case == "signature_stripped":
        token = jwt.encode(good, SECRET, algorithm="HS256").rsplit(".", 1)[0] + "."
    elif case == "alg_none":
        token = jwt.encode(good, None, algorithm="none")
    elif case == "bad_signature":
        token = jwt.encode(good, "another-secret-of-sufficient-length!!", algorithm="HS256")
    elif case == "wrong_aud":
        token = jwt.encode({**good, "aud": "someone-else"}, SECRET, algorithm="HS256")
    elif case == "expired":
        token = jwt.encode({**good, "exp": now - 5}, SECRET, algorithm="HS256")
    elif case == "role_postgres":
        token = jwt.encode({**good, "role": "postgres"}, SECRET, algorithm="HS256")
    elif case == "role_missing_aud":
        token = jwt.encode({k: v for k, v in good.items() if k != "aud"}, SECRET, algorithm="HS256")
    elif case == "no_exp":
        token = jwt.encode({k: v for k, v in good.items() if k != "exp"}, SECRET, algorithm="HS256")
    elif case == "garbage":
        token = "not.a.jwt"
    elif case == "not_bearer":
        token = None
        headers = {"Authorization": "Basic dXNlcjpwYXNz"}
    r = api.http.post("/rpc/whoami", headers=headers or {"Authorization": f"Bearer {token}"})
    assert_error(r, 401, "PGRST301")
    assert "Bearer" in r.headers["www-authenticate"]


def test_an_oversized_token_is_refused_before_any_sql(api: Api):
    now = int(time.time())
    token = jwt.encode({"sub": str(uuid.uuid4()), "role": "authenticated", "aud": "authenticated",
                        "exp": now + 60, "pad": "x" * 20_000}, SECRET, algorithm="HS256")
    r = api.http.post("/rpc/whoami", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code in (400, 413, 431) and ERROR_KEYS <= set(r.json()), r.text


def test_a_token_whose_subject_is_not_a_uuid_is_refused_not_a_server_error(api: Api):
    now = int(time.time())
    token = jwt.encode({"sub": "1; drop table farms", "role": "authenticated", "aud": "authenticated",
                        "exp": now + 60}, SECRET, algorithm="HS256")
    r = api.http.get("/api/v1/tenants", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code in (400, 401) and ERROR_KEYS <= set(r.json()), r.text


def test_a_valid_token_runs_as_authenticated_with_its_claims(api: Api):
    sub = str(uuid.uuid4())
    body = whoami(api, api.token(sub=sub, email="c@example.test")).json()
    assert body["role"] == "authenticated" and body["user_id"] == sub
    assert body["claims"]["email"] == "c@example.test" and body["claims"]["role"] == "authenticated"
    assert body["method"] == "POST" and body["path"] == "/rpc/whoami"


def test_no_token_runs_as_anon(api: Api):
    assert whoami(api).json() == {"role": "anon", "claims": {"role": "anon"}, "user_id": None,
                                  "method": "POST", "path": "/rpc/whoami"}


def test_service_role_token_runs_as_service_role(api: Api):
    token = jwt.encode({"role": "service_role", "exp": int(time.time()) + 60}, SECRET, algorithm="HS256")
    assert whoami(api, token).json()["role"] == "service_role"


def test_the_pool_never_leaks_role_or_claims_to_the_next_request(api: Api):
    user_token = api.token(sub=str(uuid.uuid4()))
    for _ in range(15):  # the API has one worker and a two-connection pool: connections are reused
        assert whoami(api, user_token).json()["role"] == "authenticated"
        anon = whoami(api).json()
        assert anon["role"] == "anon" and anon["user_id"] is None and anon["claims"] == {"role": "anon"}


def test_rpc_unknown_function_is_404(api: Api):
    assert_error(api.http.post("/rpc/no_such_function"), 404, "PGRST202")


@pytest.mark.parametrize("name", ["private.seed_demo", "pg_sleep", "auth.uid", "version", "job_started", "set_config",
                                  "WHOAMI", "whoami;drop"])
def test_rpc_reaches_nothing_outside_schema_api(api: Api, name: str):
    r = api.http.post(f"/rpc/{name}", json={})
    assert r.status_code == 404, r.text


def test_rpc_takes_arguments_by_name_and_refuses_unknown_ones(api: Api):
    session = api.signup()
    r = api.http.post("/rpc/create_tenant", json={"name": "By RPC", "slug": f"rpc-{uuid.uuid4().hex[:8]}"},
                      headers=session["headers"])
    assert r.status_code == 200 and r.json()["role"] == "owner"
    body = assert_error(api.http.post("/rpc/create_tenant", json={"name": "x", "slug": "y", "evil": 1},
                                      headers=session["headers"]), 400, "PGRST204")
    assert "evil" in body["message"]


def test_malformed_json_is_400_and_writes_nothing(api: Api):
    session = api.signup()
    before = api.sql("select count(*) from tenants")[0][0]
    for body in (b'{"name": "x", "slug":', b"[1, 2]", b'"just a string"'):
        assert_error(api.http.post("/api/v1/tenants", content=body, headers=session["headers"]), 400, "PGRST102")
    assert api.sql("select count(*) from tenants")[0][0] == before


def test_wrong_types_unknown_and_missing_fields_are_400_and_write_nothing(api: Api):
    session = api.signup()
    tenant = api.tenant(session)
    before = api.sql("select count(*) from invitations")[0][0]
    bad = [
        ({"email": "a@example.test", "valid_days": "seven"}, "22P02"),
        ({"email": "a@example.test", "valid_days": {"n": 7}}, "22P02"),
        ({"email": "a@example.test", "colour": "red"}, "PGRST204"),
        ({"role": "viewer"}, "PGRST103"),
        ({"email": "a@example.test", "valid_days": 0}, "22023"),
    ]
    for payload, code in bad:
        assert_error(api.http.post(f"/api/v1/tenants/{tenant}/invitations", json=payload,
                                   headers=session["headers"]), 400, code)
    assert api.sql("select count(*) from invitations")[0][0] == before


def test_a_body_over_one_mebibyte_is_413(api: Api):
    session = api.signup()
    r = api.http.post("/api/v1/tenants", content=b'{"name": "' + b"x" * (1024 * 1024 + 10) + b'"}',
                      headers={**session["headers"], "content-type": "application/json"})
    assert_error(r, 413)


def send_like_a_proxy(api: Api, path: str, headers: dict, size: int) -> tuple[int, dict]:
    """What nginx does with a request it forwards: the whole body sent, then the answer read (status, JSON
    body). A reset on the way -- the API closing with the body unread -- is what nginx turns into a 502."""
    host, port = api.base_url.removeprefix("http://").split(":")
    head = "".join(f"{k}: {v}\r\n" for k, v in {"Host": "api", "Content-Length": size, **headers}.items())
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(f"POST {path} HTTP/1.1\r\n{head}\r\n".encode())
        chunk = b"x" * 65536
        for offset in range(0, size, len(chunk)):
            conn.sendall(chunk[: size - offset])
        answer = b""
        while data := conn.recv(65536):
            answer += data
    status_line, _, rest = answer.partition(b"\r\n")
    _, _, body = rest.partition(b"\r\n\r\n")
    return int(status_line.split()[1]), json.loads(body)


@pytest.mark.parametrize(("path", "headers", "size", "status", "code"), [
    ("/rpc/whoami", {"Content-Type": "application/json"}, 8 * 1024 * 1024, 413, "PGRST413"),  # over MAX_BODY_BYTES
    ("/ingest/v1/readings", {"Content-Type": "application/json", "Authorization": "Device not-a-key"},
     4 * 1024 * 1024, 401, "PT401"),  # a batch nginx lets through, refused before it is read
])
def test_a_body_refused_unread_still_gets_its_answer(api: Api, path: str, headers: dict, size: int, status: int,
                                                     code: str):
    got_status, body = send_like_a_proxy(api, path, headers, size)
    assert got_status == status and ERROR_KEYS <= set(body) and body["code"] == code, body
    assert whoami(api).status_code == 200


def test_unknown_route_is_404_and_wrong_method_405(api: Api):
    assert_error(api.http.get("/api/v1/nothing-here"), 404)
    assert api.http.put("/api/v1/tenants").status_code == 405


def test_permission_denied_is_403_for_a_user_and_401_for_anon(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    outsider = api.signup()
    body = assert_error(api.http.get(f"/api/v1/tenants/{tenant}/members", headers=outsider["headers"]), 403, "42501")
    assert body["hint"] == "not_a_member"
    assert_error(api.http.get(f"/api/v1/tenants/{tenant}/members"), 401, "42501")


def test_health_reports_each_dependency(api: Api):
    r = api.http.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["checks"]["postgres"]["status"] == "ok" and body["checks"]["redis"]["status"] == "ok"
    assert body["checks"]["kafka"]["status"] == "not_configured"
    assert "pending" in body["checks"]["outbox"]


def test_metrics_in_prometheus_text_format(api: Api):
    api.http.get("/health")
    api.http.post("/rpc/whoami")
    text = api.http.get("/metrics").text
    assert 'ifarm_http_requests_total{method="POST",route="rpc/<function:str>",status="200"}' in text
    assert "ifarm_http_request_duration_seconds_bucket" in text
    assert "ifarm_db_pool_connections" in text
    assert "ifarm_outbox_pending_events" in text
    assert "# TYPE ifarm_cache_requests_total counter" in text


def test_metrics_show_consumer_lag_and_dead_letters(api: Api):
    api.sql("insert into outbox.consumer_lag (group_id, topic, kafka_partition, committed, end_offset) "
            "values ('metrics-test', 'animal.events', 2, 40, 47) on conflict do nothing")
    api.sql("insert into outbox.dead_letters (consumer, event_id, topic, kafka_partition, kafka_offset, event, error, "
            "attempts) values ('metrics-test', gen_random_uuid(), 'animal.events', 2, 41, '{}', 'boom', 3)")
    text = api.http.get("/metrics").text
    assert 'ifarm_consumer_lag{group="metrics-test",topic="animal.events",partition="2"} 7' in text
    waiting = api.sql("select count(*) from outbox.dead_letters where replayed_at is null")[0][0]
    assert f"ifarm_dead_letters {waiting}" in text and waiting >= 1
    assert "ifarm_outbox_oldest_age_seconds" in text


def test_gzip_when_accepted_and_the_body_is_large(api: Api):
    raw = httpx.get(f"{api.base_url}/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    small = api.http.post("/rpc/whoami", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    plain = api.http.get("/openapi.json", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    with httpx.stream("GET", f"{api.base_url}/openapi.json", headers={"Accept-Encoding": "gzip"}) as r:
        compressed = b"".join(r.iter_raw())
    assert gzip.decompress(compressed) == plain.content


def test_request_id_is_echoed_or_made(api: Api):
    assert api.http.get("/health", headers={"X-Request-Id": "abc-123"}).headers["x-request-id"] == "abc-123"
    assert len(api.http.get("/health").headers["x-request-id"]) == 32


def test_openapi_lists_routes_with_function_summaries(api: Api):
    doc = api.http.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    op = doc["paths"]["/api/v1/tenants"]["post"]
    assert op["summary"] == "Create a farm business; the caller becomes its owner."
    assert op["requestBody"]["content"]["application/json"]["schema"]["required"] == ["name", "slug"]
    assert "/rpc/whoami" in doc["paths"]
    assert "swagger-ui" in api.http.get("/docs").text


def test_get_runs_in_a_read_only_transaction(api: Api):
    s = api.signup()
    r = api.http.get("/rpc/update_my_profile", params={"full_name": "Written by GET"}, headers=s["headers"])
    assert_error(r, 405, "25006")
    assert api.sql("select count(*) from profiles where full_name = 'Written by GET'")[0][0] == 0
    ok = api.http.post("/rpc/update_my_profile", json={"full_name": "Written by POST"}, headers=s["headers"])
    assert ok.status_code == 200 and ok.json()["full_name"] == "Written by POST"


def test_a_failed_call_leaves_its_pooled_connection_clean(api: Api):
    s = api.signup()
    for _ in range(6):  # more errors than pooled connections
        assert api.http.post("/rpc/create_tenant", json={"name": "", "slug": "!!"}, headers=s["headers"]).status_code \
            == 400
        me = api.http.post("/rpc/whoami").json()
        assert me["role"] == "anon" and me["user_id"] is None


def test_a_nul_character_in_a_text_argument_is_a_400_and_changes_nothing(api: Api):
    """Found by the fuzzer (tests/api/test_fuzz.py): PostgreSQL text cannot hold U+0000, and psycopg refused to
    send it, which was a 500."""
    s = api.signup()
    slug = f"nul-{uuid.uuid4().hex[:8]}"
    body = assert_error(api.http.post("/api/v1/tenants", json={"name": "a\u0000b", "slug": slug}, headers=s["headers"]),
                        400, "22P05")
    assert "name" in body["details"]
    assert api.sql("select count(*) from tenants where slug = %s", (slug,))[0][0] == 0
    tenant = api.tenant(s)
    assert_error(api.http.get(f"/api/v1/tenants/{tenant}/animals", params={"search": "a\u0000"}, headers=s["headers"]),
                 400, "22P05")
    assert_error(api.http.post("/rpc/update_my_profile", json={"full_name": "\u0000"}, headers=s["headers"]),
                 400, "22P05")


@pytest.mark.parametrize("path", ["/rest/v1/animals", "/api/v1/tenants/{tenant}/animals", "/rpc/whoami",
                                  "/storage/v1/object/animal-photos/{tenant}/x.jpg", "/auth/v1/token"])
def test_every_path_answers_a_cors_preflight_without_running_its_handler(api: Api, path: str):
    path = path.format(tenant=uuid.uuid4())
    r = api.http.options(path, headers={"Origin": "https://farm.example", "Access-Control-Request-Method": "POST",
                                        "Access-Control-Request-Headers": "authorization,content-type,apikey,prefer"})
    assert r.status_code == 204, r.text
    assert r.content == b""
    assert r.headers["access-control-allow-origin"] in ("*", "https://farm.example")
    assert "POST" in r.headers["access-control-allow-methods"].upper()
    assert {"authorization", "apikey", "prefer"} <= set(r.headers["access-control-allow-headers"].lower().split(","))
    assert "OPTIONS" in r.headers["allow"]


def test_head_answers_a_gets_status_and_headers_without_a_body(api: Api):
    owner = api.signup()
    tenant = api.tenant(owner)
    url = f"/api/v1/tenants/{tenant}/animals"
    get = api.http.get(url, headers=owner["headers"])
    head = api.http.head(url, headers=owner["headers"])
    assert (get.status_code, head.status_code, head.content) == (200, 200, b"")
    assert head.headers["content-range"] == get.headers["content-range"]
    assert head.headers["content-type"] == get.headers["content-type"]
    assert api.http.head(url).status_code == 401  # the same checks as the GET
