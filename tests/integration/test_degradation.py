"""Only PostgreSQL is essential: without Redis the API serves and says it is degraded; without
PostgreSQL /health answers 503 and the API recovers when the database returns."""

from __future__ import annotations

import httpx
import orjson

from app.embedded import free_port
from tests.api.conftest import start_api, stop_api
from tests.integration.conftest import until


def test_health_is_503_while_postgres_is_down_and_recovers(own_postgres, tmp_path):
    server, url = own_postgres
    proc, base = start_api(url, {"REDIS_URL": "", "DB_POOL_TIMEOUT": "2"}, tmp_path / "api")
    try:
        assert httpx.get(f"{base}/health").status_code == 200
        server.stop()
        r = httpx.get(f"{base}/health", timeout=10)
        assert r.status_code == 503
        assert r.json()["status"] == "down" and r.json()["checks"]["postgres"]["status"] == "down"
        call = httpx.post(f"{base}/rpc/whoami", timeout=20)
        assert call.status_code == 503 and set(call.json()) >= {"code", "message", "details", "hint"}
        server.start()
        assert until(lambda: httpx.get(f"{base}/health", timeout=10).status_code == 200, 20)
        assert httpx.post(f"{base}/rpc/whoami").json()["role"] == "anon"
    finally:
        stop_api(proc)


def test_without_redis_the_api_serves_and_reports_degraded(own_postgres, tmp_path):
    _, url = own_postgres
    proc, base = start_api(url, {"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}, tmp_path / "api")
    try:
        body = httpx.get(f"{base}/health").json()
        assert body["status"] == "degraded"
        assert body["checks"]["redis"]["status"] == "down" and body["checks"]["postgres"]["status"] == "ok"
        assert httpx.post(f"{base}/rpc/whoami").status_code == 200
    finally:
        stop_api(proc)


def test_slow_requests_are_logged_as_warnings_with_their_request_id(own_postgres, tmp_path):
    _, url = own_postgres
    log = tmp_path / "api.log"
    proc, base = start_api(url, {"SLOW_REQUEST_MS": "0", "LOG_LEVEL": "INFO"}, tmp_path / "api", stdout=log)
    try:
        httpx.post(f"{base}/rpc/whoami", headers={"X-Request-Id": "slow-one"})
    finally:
        stop_api(proc)
    entries = [orjson.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    slow = [e for e in entries if e.get("request_id") == "slow-one"]
    assert slow and slow[0]["level"] == "warning" and slow[0]["msg"] == "slow request"
    assert slow[0]["path"] == "/rpc/whoami" and slow[0]["status"] == 200
