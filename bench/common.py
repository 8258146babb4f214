"""What the benchmarks share: a throwaway embedded PostgreSQL with the schema, and an `ifarm api` on it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.embedded import EmbeddedPostgres, free_port  # noqa: E402
from app.migrate import migrate  # noqa: E402

SECRET = "bench-secret-bench-secret-bench-secret"


@contextmanager
def api_server(db_url: str, workers: int, data_dir: str, extra_env: dict | None = None):
    """Yields the base URL of an `ifarm api` with N workers on db_url, up and healthy; stops it after."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "JWT_SECRET": SECRET, "PORT": str(port),
           "IFARM_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING", **(extra_env or {})}
    api = subprocess.Popen([sys.executable, "-m", "app.cli", "api", "--workers", str(workers)],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base, api.pid
    finally:
        api.terminate()
        try:
            api.wait(30)
        except subprocess.TimeoutExpired:
            api.kill()


@contextmanager
def stack(workers: int, extra_env: dict | None = None):
    """Yields (api base URL, owner database URL); stops both afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pg").start()
        try:
            with psycopg.connect(pg.url, autocommit=True) as conn:
                conn.execute("create database bench")
            db_url = pg.url.rsplit("/", 1)[0] + "/bench"
            migrate(db_url)
            env = {"REDIS_URL": "", "DB_POOL_MAX": "16", **(extra_env or {})}  # no cache unless asked
            with api_server(db_url, workers, tmp, env) as (base, _):
                yield base, db_url
        finally:
            pg.stop()


def sign_up(base: str, email: str = "bench@example.test") -> dict:
    """A user with a tenant; returns the auth headers and the tenant id."""
    session = httpx.post(f"{base}/auth/v1/signup", json={"email": email, "password": "bench-password"}).json()
    auth = {"Authorization": f"Bearer {session['access_token']}"}
    tenant = httpx.post(f"{base}/api/v1/tenants", json={"name": "Bench", "slug": "bench"}, headers=auth).json()
    return {"headers": auth, "tenant_id": tenant["id"], "user_id": session["user"]["id"]}


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
