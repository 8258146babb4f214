"""`ifarm bench ingest`: device readings through POST /ingest/v1/readings, and the 24-hour chart query with
10 M readings in the table (not a test).

    ifarm bench ingest [--batch-sizes 1000,10000] [--clients 1,2] [--readings 200000]
                       [--table-readings 10000000] [--queries 300] [--workers N] [--skip-table]

1. Throughput: an embedded PostgreSQL and `ifarm api` (one worker per core); a tenant with one
   temperature/humidity sensor per client, each with its key. Every client posts JSON batches built
   beforehand (new readings each batch: temperature and humidity each second, going back in time from
   now) with `Authorization: Device <key>`. Printed per batch size and client count: readings stored per
   second of wall time, batch latency p50/p95, errors.
2. The chart query: the readings table filled set-based up to --table-readings (100 sensors, one
   temperature a minute each, back from now; rollups kept by the same statement trigger as the ingest
   path), then `GET /devices/{id}/readings?metric=temperature&resolution=hour` (the last 24 hours of
   one sensor, hourly) --queries times from one client: p50/p95/p99 over HTTP, and the same
   api.device_readings call on a direct connection as the signed-in owner (the SQL's share).

The load average is printed before and after: other work on the machine changes these figures. So is
the CPU time the server spent (PostgreSQL's processes and the API's, read from /proc, so Linux only) per
10,000 readings and per query: unlike wall time it hardly depends on what else runs, and it bounds what
an idle machine would do (cores / CPU per reading).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, sign_up, stack  # noqa: E402

SENSORS = 100
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, reaped: bool = False) -> float:
    """User and system CPU of a process, and with `reaped` that of its children that have exited."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15 if reaped else 13]) / TICK


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


class ServerCpu:
    """CPU seconds of PostgreSQL (the postmaster and its children) and of the API (this process's children)."""

    def __init__(self, db_url: str):
        with psycopg.connect(db_url) as conn:
            data_dir = conn.execute("show data_directory").fetchone()[0]
        self.postmaster = int(Path(data_dir, "postmaster.pid").read_text().split()[0])

    def read(self) -> tuple[float, float]:
        backends = descendants(self.postmaster)
        # a backend that exits between two readings leaves its CPU in the postmaster's reaped children's
        pg = cpu_seconds(self.postmaster, reaped=True) + sum(cpu_seconds(p) for p in backends)
        api = sum(cpu_seconds(p) for p in descendants(os.getpid()) if p != self.postmaster and p not in backends)
        return pg, api


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def batch(start: datetime, first: int, size: int) -> bytes:
    """`size` readings: temperature and humidity for each second, seconds counted back from `start`."""
    rows = []
    for n in range(first, first + size):
        at = (start - timedelta(seconds=n // 2)).strftime("%Y-%m-%dT%H:%M:%SZ")
        if n % 2 == 0:
            rows.append({"metric": "temperature", "value": round(18 + (n % 120) / 10, 1), "unit": "degC",
                         "measured_at": at})
        else:
            rows.append({"metric": "humidity", "value": 40 + n % 50, "unit": "%", "measured_at": at})
    return json.dumps(rows).encode()


def throughput(base: str, keys: list[str], clients: int, size: int, readings: int, start: datetime,
               offset: int) -> tuple[float, list[float], int, int]:
    per_client = max(1, readings // size // clients)
    bodies = [[batch(start, offset + b * size, size) for b in range(per_client)] for _ in range(clients)]
    latencies: list[float] = []
    stored = [0] * clients
    errors = [0] * clients
    lock = threading.Lock()

    def client(k: int) -> None:
        headers = {"Authorization": f"Device {keys[k]}", "content-type": "application/json"}
        with httpx.Client(timeout=120) as http:
            for body in bodies[k]:
                t = time.perf_counter()
                r = http.post(f"{base}/ingest/v1/readings", content=body, headers=headers)
                elapsed = (time.perf_counter() - t) * 1000
                with lock:
                    latencies.append(elapsed)
                if r.status_code == 200:
                    stored[k] += r.json()["stored"]
                else:
                    errors[k] += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, sum(stored), sum(errors)


def fill(db_url: str, tenant: str, farm: str, target: int) -> tuple[str, float, int]:
    """Readings up to `target` in the table, set-based: SENSORS sensors, one temperature a minute each."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        have = conn.execute("select count(*) from device_readings").fetchone()[0]
        per_sensor = max(0, (target - have) // SENSORS)
        conn.execute("select private.ensure_reading_partitions(now() - make_interval(days => %s), %s)",
                     (per_sensor // 1440 + 31, per_sensor // 1440 // 28 + 4))
        sensors = [str(r[0]) for r in conn.execute(
            "insert into devices (tenant_id, farm_id, device_type, serial_number) "
            "select %s, %s, 'temperature_humidity_sensor', 'FILL-' || i from generate_series(1, %s) i returning id",
            (tenant, farm, SENSORS))]
        started = time.perf_counter()
        for sensor in sensors:
            conn.execute("""
                insert into device_readings (tenant_id, device_id, metric, measured_at, value)
                select %s, %s, 'temperature', date_trunc('minute', now()) - make_interval(mins => i),
                       round((20 + 6 * sin(i / 229.0) + (i %% 17) / 10.0)::numeric, 1)
                from generate_series(0, %s - 1) i""", (tenant, sensor, per_sensor))
        conn.execute("vacuum analyze device_readings")
        conn.execute("vacuum analyze device_readings_hourly")
        total = conn.execute("select count(*) from device_readings").fetchone()[0]
    return sensors[0], time.perf_counter() - started, total


def query_latencies(base: str, headers: dict, tenant: str, device: str, n: int) -> list[float]:
    url = f"{base}/api/v1/tenants/{tenant}/devices/{device}/readings?metric=temperature&resolution=hour"
    samples = []
    with httpx.Client(headers=headers, timeout=10) as http:
        for _ in range(n):
            t = time.perf_counter()
            r = http.get(url)
            samples.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200 and r.json()["series"][0]["points"], r.text
    return samples


def whoami_latencies(base: str, n: int) -> list[float]:
    """The cheapest full request (anon, one transaction): how fast the machine is right now."""
    samples = []
    with httpx.Client(timeout=10) as http:
        for _ in range(n):
            t = time.perf_counter()
            assert http.post(f"{base}/rpc/whoami").status_code == 200
            samples.append((time.perf_counter() - t) * 1000)
    return samples


def sql_latencies(db_url: str, user_id: str, tenant: str, device: str, n: int) -> tuple[list[float], float]:
    """Latencies of api.device_readings on one direct connection, and its backend's CPU seconds."""
    claims = json.dumps({"sub": user_id, "role": "authenticated", "aud": "authenticated"})
    samples = []
    with psycopg.connect(db_url.replace("postgres@", "authenticator@", 1)) as conn:
        backend = conn.execute("select pg_backend_pid()").fetchone()[0]
        conn.commit()
        cpu = 0.0
        for i in range(n + 20):  # the first 20 cache the plans, as in the API's pooled connections
            if i == 20:
                samples, cpu = [], cpu_seconds(backend)
            t = time.perf_counter()
            with conn.transaction():
                conn.execute("select set_config('role', 'authenticated', true), "
                             "set_config('request.jwt.claims', %s, true)", (claims,))
                conn.execute("select api.device_readings(tenant_id => %s, device_id => %s, metric => 'temperature', "
                             "resolution => 'hour')::text", (tenant, device)).fetchone()
            samples.append((time.perf_counter() - t) * 1000)
        cpu = cpu_seconds(backend) - cpu
    return samples, cpu


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ifarm bench ingest")
    p.add_argument("--batch-sizes", default="1000,10000")
    p.add_argument("--clients", default="1,2")
    p.add_argument("--readings", type=int, default=200_000, help="readings per batch size and client count")
    p.add_argument("--table-readings", type=int, default=10_000_000)
    p.add_argument("--queries", type=int, default=300)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--skip-table", action="store_true", help="only the throughput part")
    args = p.parse_args(argv)
    clients = [int(c) for c in args.clients.split(",")]
    print(f"ingest benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {load()}")
    with stack(args.workers) as (base, db_url):
        owner = sign_up(base)
        tenant, headers = owner["tenant_id"], owner["headers"]
        farm = httpx.post(f"{base}/api/v1/tenants/{tenant}/farms", json={"name": "Sensors"}, headers=headers).json()
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute("update subscriptions set plan_code = 'enterprise' where tenant_id = %s", (tenant,))
            conn.execute("select private.ensure_reading_partitions(now() - interval '62 days', 3)")
        keys = []
        for k in range(max(clients)):
            r = httpx.post(f"{base}/api/v1/tenants/{tenant}/devices", headers=headers,
                           json={"farm_id": farm["id"], "device_type": "temperature_humidity_sensor",
                                 "serial_number": f"BENCH-{k}"})
            keys.append(r.json()["api_key"]["key"])
        start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
        meter = ServerCpu(db_url)
        print(f"\nPOST /ingest/v1/readings, JSON batches, {args.workers} API worker(s), "
              f"{args.readings:,} readings per row; server CPU in ms per 10,000 readings\n")
        print(f"{'batch':>7} {'clients':>7} {'readings':>9} {'seconds':>8} {'readings/s':>11} {'p50 ms':>8} "
              f"{'p95 ms':>8} {'errors':>7} {'pg cpu':>7} {'api cpu':>8} {'idle estimate/s':>16}")
        offset = 0
        for size in (int(s) for s in args.batch_sizes.split(",")):
            for n in clients:
                pg0, api0 = meter.read()
                elapsed, latencies, stored, errors = throughput(base, keys, n, size, args.readings, start, offset)
                pg1, api1 = meter.read()
                offset += args.readings
                per = 10_000 / max(stored, 1)
                pg_ms, api_ms = (pg1 - pg0) * 1000 * per, (api1 - api0) * 1000 * per
                idle = (os.cpu_count() or 1) * 10_000 / max((pg_ms + api_ms) / 1000, 1e-9)
                print(f"{size:>7,} {n:>7} {stored:>9,} {elapsed:8.1f} {stored / elapsed:11,.0f} "
                      f"{percentile(latencies, 50):8.0f} {percentile(latencies, 95):8.0f} {errors:7d} "
                      f"{pg_ms:7.0f} {api_ms:8.0f} {idle:16,.0f}", flush=True)
        print(f"\n{load()}")
        if args.skip_table:
            return 0
        print(f"\nfilling the readings table to {args.table_readings:,} (set-based, {SENSORS} sensors) ...", flush=True)
        sensor, seconds, total = fill(db_url, tenant, farm["id"], args.table_readings)
        print(f"{total:,} readings in the table; filled in {seconds:.0f} s ({(total / max(seconds, 1)):,.0f} rows/s, "
              f"rollups included)")
        query_latencies(base, headers, tenant, sensor, 20)  # warm up both workers' plans
        pg0, api0 = meter.read()
        http = query_latencies(base, headers, tenant, sensor, args.queries)
        pg1, api1 = meter.read()
        direct, direct_cpu = sql_latencies(db_url, owner["user_id"], tenant, sensor, args.queries)
        whoami_latencies(base, 20)
        pg2, api2 = meter.read()
        baseline = whoami_latencies(base, args.queries)
        pg3, api3 = meter.read()
        buckets = len(httpx.get(f"{base}/api/v1/tenants/{tenant}/devices/{sensor}/readings?metric=temperature",
                                headers=headers).json()["series"][0]["points"])
        print(f"\nlast 24 hours of one sensor, hourly ({buckets} buckets), one client; server CPU in ms per query:\n")
        print(f"{'path':<40} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'pg cpu':>7} {'api cpu':>8}")
        for label, samples, pg_cpu, api_cpu in (
                ("GET .../devices/{id}/readings (HTTP)", http, pg1 - pg0, api1 - api0),
                ("api.device_readings (SQL, direct)", direct, direct_cpu, 0.0),
                ("POST /rpc/whoami (baseline: anon)", baseline, pg3 - pg2, api3 - api2)):
            print(f"{label:<40} {percentile(samples, 50):7.2f} {percentile(samples, 95):7.2f} "
                  f"{percentile(samples, 99):7.2f} {pg_cpu * 1000 / len(samples):7.2f} "
                  f"{api_cpu * 1000 / len(samples):8.2f}")
        print(f"\n{load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
