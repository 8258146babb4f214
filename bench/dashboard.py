"""Benchmark of the dashboards (not a test; figures go in the README).

    ifarm bench dashboard [--scale L] [--seconds 10] [--connections 64] [--workers N]

Runs the way `make run` does: the embedded PostgreSQL of the data directory (.ifarm, or DATABASE_URL)
holding `ifarm bench generate --scale X` data (generated first when missing), an embedded Valkey, and
`ifarm api` with N Sanic workers (default one per core). Load comes from this machine. Prints:
  - per endpoint, for the largest, the median and a ~100-animal tenant, p50/p95/p99 with one client, cached (the
    entry is in Redis) and uncached (the tenant's cache version is bumped before every request, so each
    one runs the SQL; the bump is outside the timed interval);
  - throughput of cached dashboard stats at --connections connections (wrk when it can be had) and
    the error count;
  - a 95% read / 5% write mix after a warm-up read of every dashboard: each connection is the owner of
    one of the --connections largest tenants and reads a random dashboard; one request in twenty is a
    write, half of them an activity (the recent activities read next must list it), half a milk record
    (today's milk in the stats read before and after must differ by it); a read that misses the write
    is a stale read; the cache hit rate is hits / (hits + misses) over all reads, from x-cache;
  - peak memory (proportional set size, sampled every 0.5 s) of the API processes and of PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
import jwt
import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.cache import version_key  # noqa: E402
from app.config import Config  # noqa: E402
from app.embedded import EmbeddedValkey  # noqa: E402
from bench.common import SECRET, api_server, percentile  # noqa: E402
from bench.generate import connect_url, generate  # noqa: E402
from bench.request_path import asyncio_throughput, ensure_wrk, one_client, wrk_throughput  # noqa: E402

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


def milk_today(stats: dict) -> float:
    return sum(float(m["quantity"]) for m in stats["production"]["milk_today"] if m["unit"] == "l")


async def mixed_load(base: str, owners: list[tuple[str, str, str, list[str]]], seconds: int) -> dict:
    """Each owner: 95% reads of a random dashboard, 5% writes -- half an activity (then the recent
    activities must list it), half a milk record (then today's milk in the stats must include it)."""
    stats = {"reads": 0, "hits": 0, "misses": 0, "writes": 0, "stale": 0, "errors": 0, "checks": 0, "check_hits": 0}
    limits = httpx.Limits(max_connections=len(owners), max_keepalive_connections=len(owners))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def read(path: str, headers: dict, check: bool = False) -> httpx.Response:
            r = await client.get(path, headers=headers)
            stats["reads"] += 1
            stats["errors"] += r.status_code >= 400
            hit = r.headers.get("x-cache") == "hit"
            stats["hits" if hit else "misses"] += 1
            stats["checks"] += check  # the read right after the client's own write
            stats["check_hits"] += check and hit
            return r

        async def user(tenant: str, user_id: str, email: str, cows: list[str]) -> None:
            headers = {"Authorization": f"Bearer {token(user_id, email)}"}
            rng = random.Random(user_id)
            t = f"/api/v1/tenants/{tenant}/"
            for name in ENDPOINTS:  # steady state: what the warming job keeps in Redis
                await client.get(t + f"dashboard/{name}", headers=headers)
            await started.wait()
            while time.perf_counter() < deadline:
                if rng.random() >= 0.05:
                    await read(t + f"dashboard/{rng.choice(ENDPOINTS)}", headers)
                    continue
                stats["writes"] += 1
                if cows and rng.random() < 0.5:
                    before = milk_today((await read(t + "dashboard/stats", headers)).json())
                    w = await client.post(t + "production", headers=headers, json={
                        "product": "milk", "quantity": 7.5, "unit": "l", "animal_id": cows.pop()})
                    if w.status_code != 201:
                        stats["errors"] += 1
                        continue
                    after = milk_today((await read(t + "dashboard/stats", headers, check=True)).json())
                    stats["stale"] += round(after - before, 3) != 7.5
                else:
                    w = await client.post(t + "activities", headers=headers, json={
                        "activity_type": "feeding", "animal_id": cows[0] if cows else None})
                    if w.status_code != 201:
                        stats["errors"] += 1
                        continue
                    r = await read(t + "dashboard/activities", headers, check=True)
                    stats["stale"] += w.json()["id"] not in [a["id"] for a in r.json()]

        started = asyncio.Event()
        tasks = [asyncio.create_task(user(*o)) for o in owners]
        await asyncio.sleep(0.5 + len(owners) * 0.05)
        deadline = time.perf_counter() + seconds
        started.set()
        await asyncio.gather(*tasks)
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
    with ExitStack() as cleanup:
        if server is not None:
            cleanup.callback(server.stop)
        tmp = cleanup.enter_context(tempfile.TemporaryDirectory())
        with psycopg.connect(url, autocommit=True) as conn:
            have = conn.execute("select count(*) from tenants where slug like 'bench-%'").fetchone()[0]
        if not have:
            generate(url, args.scale, False)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("select private.refresh_dashboard_views()")
            rows = conn.execute("""
                select t.id::text, m.user_id::text, u.email, array(
                    select a.id::text from animals a
                    where a.tenant_id = t.id and a.status = 'active' and a.species = 'cattle' and a.sex = 'female'
                      and a.deleted_at is null and not exists (
                          select 1 from production_records p where p.tenant_id = a.tenant_id and p.animal_id = a.id
                            and p.recorded_on = current_date and p.session is null)
                    limit 400), s.head
                from tenants t
                join tenant_members m on m.tenant_id = t.id and m.role = 'owner'
                join auth.users u on u.id = m.user_id
                cross join lateral (select count(*) as head from animals a where a.tenant_id = t.id) s
                where t.slug like 'bench-%' order by s.head desc""").fetchall()
            data_dir = conn.execute("show data_directory").fetchone()[0]
        pg_root = int(Path(data_dir, "postmaster.pid").read_text().split()[0])
        largest, median = rows[0], rows[len(rows) // 2]
        small = min(rows, key=lambda row: abs(row[4] - 100))  # the tenant nearest 100 animals
        valkey = EmbeddedValkey(Path(tmp) / "valkey").start()
        cleanup.callback(valkey.stop)
        base, api_pid = cleanup.enter_context(api_server(url, args.workers, tmp, {
            "REDIS_URL": valkey.url, "RATE_LIMIT_TENANT": "100000000/1"}))  # limits checked, never reached
        memory = MemoryPeaks({"api": api_pid, "postgres": pg_root})
        memory.start()
        r = redis.Redis.from_url(valkey.url)
        print(f"iFarm dashboards, scale {args.scale}: {len(rows):,} tenants; largest {largest[4]:,} animals, "
              f"median {median[4]:,}, small {small[4]:,}; {args.workers} Sanic worker(s) on {os.cpu_count()} cores\n")
        print(f"{'endpoint':<20} {'tenant':<8} {'cached p50/p95/p99 ms':>24} {'uncached p50/p95/p99 ms':>26}")
        for name in ENDPOINTS:
            for label, (tenant, user_id, email, _, _) in (("largest", largest), ("median", median), ("~100", small)):
                headers = {"Authorization": f"Bearer {token(user_id, email)}"}
                path = f"/api/v1/tenants/{tenant}/dashboard/{name}"
                cold, errors = one_client(base + path, "GET", headers, args.sample_seconds,
                                          before=lambda tenant=tenant, name=name: r.incr(
                                              version_key(tenant, "dashboard_" + name.replace("-", "_"))))
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
        other = mix["reads"] - mix["checks"]
        print(f"95/5 read/write mix, {len(owners)} owners: {mix['reads']:,} reads, {mix['writes']:,} writes, "
              f"hit rate {hit_rate:.1%} (reads other than the one right after the client's own write: "
              f"{(mix['hits'] - mix['check_hits']) / max(other, 1):.1%} of {other:,}), stale reads after own write "
              f"{mix['stale']}, errors {mix['errors']}")
        memory.stop.set()
        memory.join()
        print(f"peak memory (PSS): API {memory.peaks['api'] / 1024:,.0f} MiB, "
              f"PostgreSQL {memory.peaks['postgres'] / 1024:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
