"""Benchmark of the dashboards (not a test; figures go in the README).

    ifarm bench dashboard [--scale L] [--seconds 10] [--connections 64] [--workers N]

Runs the way `make run` does: the embedded PostgreSQL of the data directory (.ifarm, or DATABASE_URL)
holding `ifarm bench generate --scale X` data (generated first when missing), an embedded Valkey, and
`ifarm api` with N Sanic workers (default one per core). Load comes from this machine. Prints:
  - per endpoint, for the largest and the median tenant, p50/p95/p99 with one client, cached (the
    entry is in Redis) and uncached (the tenant's cache version is bumped before every request, so each
    one runs the SQL; the bump is outside the timed interval);
  - throughput of cached dashboard stats at --connections connections (wrk when it can be had) and
    the error count;
  - a 95% read / 5% write mix: each connection is the owner of one of the --connections largest
    tenants, reads a random dashboard, and one request in twenty records an activity and then reads
    the recent activities, which must list it (a stale read is counted); the cache hit rate is
    hits / (hits + misses) over the reads, from the x-cache header;
  - peak memory (proportional set size, sampled every 0.5 s) of the API processes and of PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import jwt
import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.cache import version_key  # noqa: E402
from app.config import Config  # noqa: E402
from app.embedded import EmbeddedValkey, free_port  # noqa: E402
from bench.common import percentile  # noqa: E402
from bench.generate import connect_url, generate  # noqa: E402
from bench.request_path import asyncio_throughput, ensure_wrk, one_client, wrk_throughput  # noqa: E402

SECRET = "bench-secret-bench-secret-bench-secret"
ENDPOINTS = ("stats", "animals", "analytics", "financial-summary", "activities", "recent-sales")


def token(user_id: str, email: str) -> str:
    now = int(time.time())
    return jwt.encode({"sub": user_id, "role": "authenticated", "aud": "authenticated", "email": email,
                       "iat": now, "exp": now + 24 * 3600}, SECRET, algorithm="HS256")


def pss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def tree(root: int) -> list[int]:
    """root and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int(Path(entry, "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


class MemoryPeaks(threading.Thread):
    def __init__(self, roots: dict[str, int]):
        super().__init__(daemon=True)
        self.roots = roots
        self.peaks = dict.fromkeys(roots, 0)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for name, root in self.roots.items():
                self.peaks[name] = max(self.peaks[name], pss_kb(tree(root)))
            self.stop.wait(0.5)


async def mixed_load(base: str, owners: list[tuple[str, str, str]], seconds: int) -> dict:
    stats = {"reads": 0, "hits": 0, "misses": 0, "writes": 0, "stale": 0, "errors": 0}
    limits = httpx.Limits(max_connections=len(owners), max_keepalive_connections=len(owners))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        deadline = time.perf_counter() + seconds

        async def user(tenant: str, user_id: str, email: str, animal: str) -> None:
            headers = {"Authorization": f"Bearer {token(user_id, email)}"}
            rng = random.Random(user_id)
            t = f"/api/v1/tenants/{tenant}"
            while time.perf_counter() < deadline:
                if rng.random() < 0.05:
                    w = await client.post(f"{t}/activities", headers=headers, json={
                        "activity_type": "feeding", "animal_id": animal, "notes": f"bench {rng.random():.6f}"})
                    stats["writes"] += 1
                    if w.status_code != 201:
                        stats["errors"] += 1
                        continue
                    r = await client.get(f"{t}/dashboard/activities", headers=headers)
                    ids = [a["id"] for a in r.json()] if r.status_code == 200 else []
                    stats["stale"] += w.json()["id"] not in ids
                else:
                    r = await client.get(f"{t}/dashboard/{rng.choice(ENDPOINTS)}", headers=headers)
                stats["reads"] += 1
                stats["errors"] += r.status_code >= 400
                stats["hits" if r.headers.get("x-cache") == "hit" else "misses"] += 1

        await asyncio.gather(*(user(*o) for o in owners))
    return stats


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ifarm bench dashboard")
    p.add_argument("--scale", choices=["S", "M", "L"], default="L")
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--sample-seconds", type=float, default=3, help="one-client time per endpoint and case")
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = p.parse_args(argv)
    config = Config()
    url, server = connect_url(config)
    tmp = tempfile.TemporaryDirectory()
    valkey = api = None
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            have = conn.execute("select count(*) from tenants where slug like 'bench-%'").fetchone()[0]
        if not have:
            generate(url, args.scale, False)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("select private.refresh_dashboard_views()")
            rows = conn.execute("""
                select t.id::text, m.user_id::text, u.email, (select a.id::text from animals a
                    where a.tenant_id = t.id and a.status = 'active' limit 1), s.head
                from tenants t
                join tenant_members m on m.tenant_id = t.id and m.role = 'owner'
                join auth.users u on u.id = m.user_id
                cross join lateral (select count(*) as head from animals a where a.tenant_id = t.id) s
                where t.slug like 'bench-%' order by s.head desc""").fetchall()
            pg_pid = conn.execute("select pid from pg_stat_activity where backend_type = 'postmaster'").fetchone()
            pg_root = pg_pid[0] if pg_pid else int(
                Path(conn.execute("show data_directory").fetchone()[0], "postmaster.pid").read_text().split()[0])
        largest, median = rows[0], rows[len(rows) // 2]
        valkey = EmbeddedValkey(Path(tmp.name) / "valkey").start()
        port = free_port()
        env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": valkey.url, "JWT_SECRET": SECRET,
               "PORT": str(port), "IFARM_DATA_DIR": tmp.name, "LOG_LEVEL": "WARNING"}
        api = subprocess.Popen([sys.executable, "-m", "app.cli", "api", "--workers", str(args.workers)], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        memory = MemoryPeaks({"api": api.pid, "postgres": pg_root})
        memory.start()
        r = redis.Redis.from_url(valkey.url)
        print(f"iFarm dashboards, scale {args.scale}: {len(rows):,} tenants; largest {largest[4]:,} animals, "
              f"median {median[4]:,}; {args.workers} Sanic worker(s) on {os.cpu_count()} cores\n")
        print(f"{'endpoint':<20} {'tenant':<8} {'cached p50/p95/p99 ms':>24} {'uncached p50/p95/p99 ms':>26}")
        for name in ENDPOINTS:
            for label, (tenant, user_id, email, _, _) in (("largest", largest), ("median", median)):
                headers = {"Authorization": f"Bearer {token(user_id, email)}"}
                path = f"/api/v1/tenants/{tenant}/dashboard/{name}"
                cold, errors = one_client(base + path, "GET", headers, args.sample_seconds,
                                          before=lambda tenant=tenant: r.incr(version_key(tenant)))
                warm, more = one_client(base + path, "GET", headers, args.sample_seconds)
                errors += more
                fmt = "{:.2f}/{:.2f}/{:.2f}"
                print(f"{name:<20} {label:<8} {fmt.format(*(percentile(warm, q) for q in (50, 95, 99))):>24} "
                      f"{fmt.format(*(percentile(cold, q) for q in (50, 95, 99))):>26}"
                      + (f"  errors {errors}" if errors else ""))
        headers = {"Authorization": f"Bearer {token(largest[1], largest[2])}"}
        stats_url = f"{base}/api/v1/tenants/{largest[0]}/dashboard/stats"
        httpx.get(stats_url, headers=headers)
        wrk = ensure_wrk()
        if wrk:
            rps, errors = wrk_throughput(wrk, stats_url, "GET", headers, args.seconds, args.connections)
        else:
            rps, errors = asyncio.run(asyncio_throughput(stats_url, "GET", headers, args.seconds, args.connections))
        print(f"\ncached stats at {args.connections} connections ({'wrk' if wrk else 'asyncio client'}): "
              f"{rps:,.0f} requests/s, {errors} errors")
        owners = [(t, u, e, f) for t, u, e, f, _ in rows[: args.connections]]
        mix = asyncio.run(mixed_load(base, owners, args.seconds))
        hit_rate = mix["hits"] / max(mix["hits"] + mix["misses"], 1)
        print(f"95/5 read/write mix, {len(owners)} owners: {mix['reads']:,} reads, {mix['writes']:,} writes, "
              f"hit rate {hit_rate:.1%}, stale reads after own write {mix['stale']}, errors {mix['errors']}")
        memory.stop.set()
        memory.join()
        print(f"peak memory (PSS): API {memory.peaks['api'] / 1024:,.0f} MiB, "
              f"PostgreSQL {memory.peaks['postgres'] / 1024:,.0f} MiB")
    finally:
        if api is not None:
            api.terminate()
            try:
                api.wait(30)
            except subprocess.TimeoutExpired:
                api.kill()
        if valkey is not None:
            valkey.stop()
        if server is not None:
            server.stop()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
