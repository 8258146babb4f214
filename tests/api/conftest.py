"""A real API process (`ifarm api`) over real HTTP, against a database cloned from the migrated template."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import jwt
import psycopg
import pytest

from app.embedded import free_port
from app.ratelimit import RULES
from tests.conftest import ROOT, SERVERS, TODAY, dsn, noon_utc, set_database_clock

SECRET = "test-secret-that-is-long-enough-for-hs256"
WEBHOOK_SECRET = "whsec-test-shared-secret"
UNSUBSCRIBE_SECRET = "unsubscribe-links-test-secret"
# Every test API runs the rate limiter (one script call per request) with buckets no test empties: the
# tests sign up hundreds of users from one address. tests/api/test_rate_limits.py sets small ones.
GENEROUS_RATE_LIMITS = {f"RATE_LIMIT_{rule.name.upper()}": "1000000/1" for rule in RULES}


class Api:
    def __init__(self, base_url: str, db_url: str):
        self.base_url = base_url
        self.db_url = db_url
        self.http = httpx.Client(base_url=base_url, timeout=10)

    def sql(self, query: str, params=None):
        with psycopg.connect(self.db_url, autocommit=True) as conn:
            cur = conn.execute(query, params)
            return cur.fetchall() if cur.description else cur.rowcount

    def signup(self, email: str | None = None, password: str = "correct horse battery") -> dict:
        email = email or f"u{uuid.uuid4().hex[:10]}@example.test"
        r = self.http.post("/auth/v1/signup", json={"email": email, "password": password})
        assert r.status_code == 200, r.text
        session = r.json()
        session["email"] = email
        session["password"] = password
        session["headers"] = {"Authorization": f"Bearer {session['access_token']}"}
        return session

    def token(self, **claims) -> str:
        now = int(time.time())
        base = {"sub": str(uuid.uuid4()), "role": "authenticated", "aud": "authenticated", "exp": now + 600,
                "iat": now}
        base.update(claims)
        return jwt.encode({k: v for k, v in base.items() if v is not None}, SECRET, algorithm="HS256")

    def tenant(self, session: dict, slug: str | None = None) -> str:
        slug = slug or f"t-{uuid.uuid4().hex[:12]}"
        r = self.http.post("/api/v1/tenants", json={"name": f"Tenant {slug}", "slug": slug},
                           headers=session["headers"])
        assert r.status_code == 201, r.text
        return r.json()["id"]

    def join(self, owner: dict, tenant: str, role: str) -> dict:
        member = self.signup()
        r = self.http.post(f"/api/v1/tenants/{tenant}/invitations", json={"email": member["email"], "role": role},
                           headers=owner["headers"])
        assert r.status_code == 201, r.text
        r = self.http.post("/api/v1/invitations/accept", json={"token": r.json()["token"]},
                           headers=member["headers"])
        assert r.status_code == 200, r.text
        return member


@pytest.fixture(scope="session")
def api_db(pg18_proc) -> str:
    name = f"ifarm_api_{os.getpid()}"
    admin = dsn(pg18_proc.host, pg18_proc.port, "postgres", "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}" template "{pg18_proc.template_dbname}"')
    url = dsn(pg18_proc.host, pg18_proc.port, "postgres", name)
    with psycopg.connect(url, autocommit=True) as conn:
        set_database_clock(conn, noon_utc(TODAY))  # the API's "today" is TODAY too
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


def launch_api(db_url: str, env_extra: dict, data_dir, stdout=None,
               workers: int = 1) -> tuple[subprocess.Popen, str, Path]:
    """`ifarm api` started, not yet waited for: (process, base URL, its stderr file)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "JWT_SECRET": SECRET,
           "PAYMENT_WEBHOOK_SECRET": WEBHOOK_SECRET, "UNSUBSCRIBE_SECRET": UNSUBSCRIBE_SECRET,
           "IFARM_DATA_DIR": str(data_dir),
           "PORT": str(port), "DB_POOL_MIN": "1", "DB_POOL_MAX": "2", "LOG_LEVEL": "WARNING",
           **GENEROUS_RATE_LIMITS, **env_extra}
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115 - the process owns it
    # stderr goes to a file: a pipe nobody reads fills up, and a worker logging its shutdown into it hangs.
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    errors = Path(data_dir) / f"api-{port}.stderr"
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "api", "--workers", str(workers)], cwd=ROOT, env=env,
                            stdout=out, stderr=errors.open("wb"))
    return proc, f"http://127.0.0.1:{port}", errors


def start_api(db_url: str, env_extra: dict, data_dir, stdout=None, workers: int = 1) -> tuple[subprocess.Popen, str]:
    proc, base, errors = launch_api(db_url, env_extra, data_dir, stdout, workers)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"api exited: {errors.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code in (200, 503):
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("api did not start")


def stop_api(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def api(api_db, valkey, tmp_path_factory) -> Api:
    proc, base = start_api(api_db, {"REDIS_URL": valkey.url}, tmp_path_factory.mktemp("api"))
    yield Api(base, api_db)
    stop_api(proc)


# ---------------------------------------------------------------- /rest/v1 on every server under test

REST_MAX_ROWS = 50  # small, so the cap is tested without thousands of rows


class RestApi(Api):
    """An API for the /rest/v1 tests, with Supabase's keys and a few helpers."""

    def __init__(self, base_url: str, db_url: str, server: str):
        super().__init__(base_url, db_url)
        from app.auth import api_keys

        self.server = server
        self.keys = api_keys(SECRET)

    def headers(self, session: dict | None = None, **extra) -> dict:
        """What supabase-py sends: apikey, a Bearer (the key until someone signs in), the profiles."""
        token = session["access_token"] if session else self.keys["anon"]
        return {"apikey": self.keys["anon"], "Authorization": f"Bearer {token}", "Accept-Profile": "public",
                "Content-Profile": "public", **extra}

    def rest(self, method: str, path: str, session: dict | None = None, headers: dict | None = None, **kw):
        return self.http.request(method, f"/rest/v1/{path}", headers=self.headers(session, **(headers or {})), **kw)

    def rpc(self, fn: str, session: dict | None, **args):
        r = self.rest("POST", f"rpc/{fn}", session, json=args)
        assert r.status_code == 200, r.text
        return r.json()

    def owner_with_farm(self, farms: int = 1) -> tuple[dict, str, list[str]]:
        owner = self.signup()
        tenant = self.rpc("create_tenant", owner, name="Rest", slug=f"r-{uuid.uuid4().hex[:12]}")["id"]
        farm_ids = [self.rpc("create_farm", owner, tenant_id=tenant, name=f"Farm {n}")["id"] for n in range(farms)]
        return owner, tenant, farm_ids


@pytest.fixture(scope="session", params=SERVERS)
def rest_api(request, valkey, tmp_path_factory) -> RestApi:
    """`ifarm api` on a clone of the migrated template, once per PostgreSQL server under test (18, and 15
    when IFARM_TEST_PG15_URL is set), so the SQL /rest/v1 composes runs on both."""
    proc = request.getfixturevalue(f"{request.param}_proc")
    name = f"ifarm_rest_{os.getpid()}"
    admin = dsn(proc.host, proc.port, proc.user, proc.maintenance_dbname, proc.password or None)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}" template "{proc.template_dbname}"')
    url = dsn(proc.host, proc.port, proc.user, name, proc.password or None)
    with psycopg.connect(url, autocommit=True) as conn:
        set_database_clock(conn, noon_utc(TODAY))
    process, base = start_api(url, {"REDIS_URL": valkey.url, "REST_MAX_ROWS": str(REST_MAX_ROWS)},
                              tmp_path_factory.mktemp(f"rest-{request.param}"))
    yield RestApi(base, url, request.param)
    stop_api(process)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
