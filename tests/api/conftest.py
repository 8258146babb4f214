"""A real API process (`ifarm api`) over real HTTP, against a database cloned from the migrated template."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import httpx
import jwt
import psycopg
import pytest

from app.embedded import free_port
from tests.conftest import ROOT, TODAY, dsn, noon_utc, set_database_clock

SECRET = "test-secret-that-is-long-enough-for-hs256"
WEBHOOK_SECRET = "whsec-test-shared-secret"


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


def start_api(db_url: str, env_extra: dict, data_dir, stdout=None, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "JWT_SECRET": SECRET,
           "PAYMENT_WEBHOOK_SECRET": WEBHOOK_SECRET, "IFARM_DATA_DIR": str(data_dir),
           "PORT": str(port), "DB_POOL_MIN": "1", "DB_POOL_MAX": "2", "LOG_LEVEL": "WARNING", **env_extra}
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115 - the process owns it
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "api", "--workers", str(workers)], cwd=ROOT, env=env,
                            stdout=out, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"api exited: {proc.stderr.read().decode()[-2000:]}")
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
