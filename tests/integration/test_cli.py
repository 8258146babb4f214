"""The README's run command end to end: `ifarm up` on embedded services, then Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx
import jwt
import psutil
import pytest
from supabase import create_client

from app.cli import DEMO_EMAIL, DEMO_PASSWORD
from app.embedded import free_port
from tests.conftest import ROOT

CLEAN_ENV = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "REDIS_URL", "KAFKA_BOOTSTRAP_SERVERS", "JWT_SECRET", "API_DATABASE_URL")}


def ifarm(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env={**CLEAN_ENV, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def start_up(data_dir, port: int) -> tuple[subprocess.Popen, float, list[str]]:
    env = {**CLEAN_ENV, "IFARM_DATA_DIR": str(data_dir), "PORT": str(port), "WEB_CONCURRENCY": "1"}
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "up"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if "Ctrl-C stops everything" in line:
            return proc, time.monotonic() - start, lines
    raise AssertionError("ifarm up did not come up:\n" + "".join(lines[-40:]))


def leftovers(*marks: str) -> list[str]:
    """Processes whose command line names our data directory or our ports."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        cmd = " ".join(p.info["cmdline"] or [])
        if any(m in cmd for m in marks):
            found.append(cmd[:160])
    return found


def stop(proc: subprocess.Popen) -> int:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc.returncode


def test_up_serves_the_demo_and_ctrl_c_leaves_nothing_running(tmp_path):
    data_dir = tmp_path / "ifarm"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc, cold, lines = start_up(data_dir, port)
    try:
        text = "".join(lines)
        assert f"API        {base}" in text and f"{base}/docs" in text and DEMO_EMAIL in text
        health = httpx.get(f"{base}/health").json()
        assert health["status"] == "ok", health
        assert {k: v["status"] for k, v in health["checks"].items() if k != "outbox"} == \
            {"postgres": "ok", "redis": "ok", "rate_limits": "ok", "kafka": "ok"}
        r = httpx.post(f"{base}/auth/v1/token?grant_type=password",
                       json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
        assert r.status_code == 200, r.text
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        tenants = httpx.get(f"{base}/api/v1/tenants", headers=headers).json()
        assert [t["slug"] for t in tenants] == ["demo"]
        # The demo sensor's key is printed with a curl example; a reading sent with it shows as the latest.
        key = re.search(r"Demo sensor TH-0001 .*key (ifd_\w+)", text).group(1)
        reading = [{"metric": "humidity", "value": 66.6, "unit": "%",
                    "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}]
        r = httpx.post(f"{base}/ingest/v1/readings", json=reading, headers={"Authorization": f"Device {key}"})
        assert r.status_code == 200 and r.json()["stored"] == 1, r.text
        latest = httpx.get(f"{base}/api/v1/tenants/{tenants[0]['id']}/devices/latest", headers=headers).json()
        assert {"humidity": 66.6} in [{x["metric"]: x["value"]} for d in latest for x in d["readings"]
                                      if x["metric"] == "humidity"]
        # The relay drains the outbox (the demo seed wrote events) into the embedded broker.
        deadline = time.monotonic() + 30
        while httpx.get(f"{base}/health").json()["checks"]["outbox"]["pending"] and time.monotonic() < deadline:
            time.sleep(0.3)
        assert httpx.get(f"{base}/health").json()["checks"]["outbox"]["pending"] == 0
        status = ifarm("status", env={"IFARM_DATA_DIR": str(data_dir), "PORT": str(port)})
        assert status.returncode == 0, status.stdout + status.stderr
        assert "postgres   ok" in status.stdout and "PostgreSQL 18" in status.stdout
        assert "api        ok" in status.stdout and "kafka      ok" in status.stdout
        # The README's Supabase snippet: the keys of the running instance, the real client, unchanged.
        keys = ifarm("keys", env={"IFARM_DATA_DIR": str(data_dir), "PORT": str(port)})
        assert keys.returncode == 0 and f"API URL           {base}" in keys.stdout, keys.stdout + keys.stderr
        client = create_client(base, re.search(r"anon key\s+(\S+)", keys.stdout).group(1))
        client.auth.sign_in_with_password({"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
        herd = client.table("animals").select("tag_number,farm:farms(name)", count="exact").limit(3).execute()
        assert herd.count > 3 and len(herd.data) == 3 and herd.data[0]["farm"]["name"]
    finally:
        assert stop(proc) == 0
    time.sleep(0.5)
    ports = [f"127.0.0.1:{p}" for p in _service_ports(lines)]
    assert leftovers(str(data_dir), *ports) == []

    # A second start reuses the data: same demo tenant, and quicker than a cold start.
    proc, warm, _ = start_up(data_dir, port)
    try:
        r = httpx.post(f"{base}/auth/v1/token?grant_type=password",
                       json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        assert [t["id"] for t in httpx.get(f"{base}/api/v1/tenants", headers=headers).json()] == \
            [t["id"] for t in tenants]
    finally:
        assert stop(proc) == 0
    assert warm < 15, f"second start took {warm:.1f} s"
    print(f"\nifarm up: cold start {cold:.1f} s, warm start {warm:.1f} s")


def _service_ports(lines: list[str]) -> list[str]:
    return re.findall(r"127\.0\.0\.1:(\d+)", "".join(lines))


def test_keys_are_the_anon_and_service_role_jwts_of_the_instances_secret(tmp_path):
    secret = "a-secret-for-the-keys-test-long-enough"
    r = ifarm("keys", env={"JWT_SECRET": secret, "IFARM_DATA_DIR": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    keys = dict(re.findall(r"(anon|service_role) key\s+(\S+)", r.stdout))
    assert {role: jwt.decode(key, secret, algorithms=["HS256"])["role"] for role, key in keys.items()} == {
        "anon": "anon", "service_role": "service_role"}
    assert ifarm("keys", env={"JWT_SECRET": secret, "IFARM_DATA_DIR": str(tmp_path)}).stdout == r.stdout  # stable
    missing = ifarm("keys", env={"IFARM_DATA_DIR": str(tmp_path / "empty")})
    assert missing.returncode == 1 and missing.stderr.startswith("ifarm keys: no JWT secret yet")


def test_errors_are_one_line_and_a_nonzero_exit():
    r = ifarm("migrate", env={"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/nope"})
    assert r.returncode == 1
    assert r.stderr.startswith("ifarm migrate: ") and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_debug_shows_the_traceback():
    r = ifarm("--debug", "migrate", env={"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/nope"})
    assert r.returncode != 0 and "Traceback" in r.stderr


def test_status_says_what_is_down(tmp_path):
    r = ifarm("status", env={"IFARM_DATA_DIR": str(tmp_path), "PORT": str(free_port()),
                             "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/x"})
    assert r.returncode == 1
    assert "postgres   DOWN" in r.stdout and "api        DOWN" in r.stdout


@pytest.mark.parametrize("command", ["scheduler", "relay", "api"])
def test_service_commands_need_a_database_url(command: str, tmp_path):
    r = ifarm(command, env={"IFARM_DATA_DIR": str(tmp_path)}, timeout=30)
    assert r.returncode == 1 and "DATABASE_URL is not set" in r.stderr


def test_seed_demo_today_dates_the_demo_history_to_end_on_that_day(world18):
    from tests.conftest import conn_dsn

    env = {"DATABASE_URL": conn_dsn(world18.admin)}
    r = ifarm("seed", "demo", "--today", "2028-02-29", env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    latest = world18.admin.execute("select max(recorded_on)::text, min(recorded_on)::text from production_records"
                                   ).fetchone()
    assert latest == ("2028-02-29", "2027-09-03")  # 180 days ending on the leap day
    invoices = world18.admin.execute("select status, count(*) from invoices group by 1 order by 1").fetchall()
    # Weekly milk sales from 2027-09-14 (168 days before) to 2028-02-22: six months invoiced, the latest unpaid.
    assert invoices == [("issued", 1), ("paid", 5)]
    assert world18.admin.execute("select max(performed_at) < '2028-02-29 12:00:01+00' from activities"
                                 ).fetchone()[0]
    again = ifarm("seed", "demo", "--today", "2028-03-01", env=env, timeout=120)
    assert again.returncode == 0 and world18.admin.execute("select count(*) from invoices").fetchone()[0] == 6
    bad = ifarm("seed", "demo", "--today", "2027-02-29", env=env)
    assert bad.returncode == 2 and "invalid fromisoformat value" in bad.stderr


def test_audit_restore_attaches_an_archived_month_again(world18):
    from tests.conftest import conn_dsn

    world18.admin.execute("select audit.ensure_partitions('2024-01-01', 0)")
    world18.admin.execute("insert into audit.log (occurred_at, actor_role, table_name, action) "
                          "values ('2024-01-20', 'test', 'farms', 'insert')")
    assert world18.admin.execute("select audit.archive_partitions(now(), 365)").fetchone()[0] == 1
    env = {"DATABASE_URL": conn_dsn(world18.admin)}
    r = ifarm("audit", "restore", "2024-01", env=env)
    assert r.returncode == 0 and "1 entries" in r.stdout, r.stderr
    assert world18.admin.execute("select count(*) from audit.log where occurred_at < '2024-02-01'").fetchone()[0] == 1
    again = ifarm("audit", "restore", "2024-01", env=env)
    assert again.returncode == 1 and "no archived audit partition log_2024_01" in again.stderr
