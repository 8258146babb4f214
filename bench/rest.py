"""Benchmark of /rest/v1 beside the function routes (not a test; figures go in the README).

    ifarm bench rest [--scale L] [--seconds 10] [--connections 64] [--workers N]

Runs as `ifarm bench dashboard` does: the embedded PostgreSQL of the data directory (or DATABASE_URL)
holding `ifarm bench generate --scale X` data (generated first when missing) and `ifarm api` with N
workers; load from this machine. On the largest tenant, as its owner (a tenant member), it measures
one-client p50/p95/p99 (sequential requests on one keep-alive connection), throughput at --connections
connections (wrk; the built-in asyncio client when wrk cannot be had) and, during that run, the server's
CPU per request -- PostgreSQL's processes and the API's, read from /proc as `ifarm bench ingest` does,
a figure that depends little on what else loads the machine -- of:
  - a filtered select of 20 rows -- one farm's active cattle, ordered by tag -- through
      /rest/v1 with `Prefer: count=exact` (the same work as the function route: the page and the total),
      /rest/v1 without a count (what supabase-js sends by default), and
      GET /api/v1/tenants/{t}/animals (api.list_animals, which always counts);
  - a single-row insert (an activity), through POST /rest/v1/activities (return=minimal, the clients'
    default) and POST /api/v1/tenants/{t}/activities (api.record_activity).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import orjson
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.auth import api_keys  # noqa: E402
from app.config import Config  # noqa: E402
from bench.common import SECRET, api_server, percentile  # noqa: E402
from bench.dashboard import token  # noqa: E402
from bench.generate import connect_url, generate  # noqa: E402
from bench.ingest import ServerCpu  # noqa: E402
from bench.request_path import ensure_wrk  # noqa: E402


def one_client(url: str, method: str, headers: dict, body: bytes, seconds: float) -> tuple[list[float], int]:
    """Sequential requests on one keep-alive connection from a bare socket (the client adds microseconds)."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = (f"{method} {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n{head}"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    samples, errors = [], 0
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reader = sock.makefile("rb")

        def roundtrip() -> int:
            sock.sendall(request)
            status = int(reader.readline().split()[1])
            length = 0
            while (line := reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            reader.read(length)
            return status

        for _ in range(100):  # warm-up: pool connections, plans, caches
            roundtrip()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            status = roundtrip()
            samples.append((time.perf_counter() - start) * 1000)
            errors += status >= 400
    return samples, errors


def wrk_run(wrk: str, url: str, method: str, headers: dict, body: bytes, seconds: int,
            connections: int) -> tuple[float, int, int]:
    """Requests/s, errors and requests made."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f"wrk.method = {orjson.dumps(method).decode()}\n")
        if body:
            script.write(f"wrk.body = {orjson.dumps(body.decode()).decode()}\n")
    args = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    out = subprocess.run(args + [url], capture_output=True, text=True).stdout
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    made = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return rps, (int(errors.group(1)) if errors else 0) + (sum(map(int, sockets.groups())) if sockets else 0), made


async def asyncio_run(url: str, method: str, headers: dict, body: bytes, seconds: int,
                      connections: int) -> tuple[float, int, int]:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    done = errors = 0
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=10) as client:
        deadline = time.perf_counter() + seconds

        async def worker():
            nonlocal done, errors
            while time.perf_counter() < deadline:
                r = await client.request(method, url, content=body or None)
                done += 1
                errors += r.status_code >= 400

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return done / (time.perf_counter() - start), errors, done


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ifarm bench rest")
    p.add_argument("--scale", choices=["S", "M", "L"], default="L")
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--sample-seconds", type=float, default=5, help="one-client time per case")
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
            if not conn.execute("select count(*) from tenants where slug like 'bench-%'").fetchone()[0]:
                generate(url, args.scale, False)
            tenant, user_id, email, animals, farm, cow = conn.execute("""
                select t.id::text, m.user_id::text, u.email, s.head, f.farm_id::text, c.id::text
                from tenants t
                join tenant_members m on m.tenant_id = t.id and m.role = 'owner'
                join auth.users u on u.id = m.user_id
                cross join lateral (select count(*) as head from animals a where a.tenant_id = t.id) s
                cross join lateral (select a.farm_id, count(*) from animals a
                                    where a.tenant_id = t.id and a.species = 'cattle' and a.status = 'active'
                                    group by a.farm_id order by 2 desc limit 1) f
                cross join lateral (select a.id from animals a where a.tenant_id = t.id and a.farm_id = f.farm_id
                                    and a.status = 'active' limit 1) c
                where t.slug like 'bench-%' order by s.head desc limit 1""").fetchone()
            on_farm = conn.execute("select count(*) from animals where tenant_id = %s and farm_id = %s "
                                   "and species = 'cattle' and status = 'active' and deleted_at is null",
                                   (tenant, farm)).fetchone()[0]
        base, _ = cleanup.enter_context(api_server(url, args.workers, tmp, {"REDIS_URL": ""}))
        user = token(user_id, email)
        rest = {"apikey": api_keys(SECRET)["anon"], "Authorization": f"Bearer {user}"}
        api = {"Authorization": f"Bearer {user}"}
        json_body = {"Content-Type": "application/json"}
        read = (f"/rest/v1/animals?select=*&tenant_id=eq.{tenant}&farm_id=eq.{farm}&species=eq.cattle"
                f"&status=eq.active&deleted_at=is.null&order=tag_number,id&limit=20")
        activity = orjson.dumps({"tenant_id": tenant, "animal_id": cow, "activity_type": "feeding"})
        cases = [
            ("read 20: /rest/v1, count=exact", "GET", read, {**rest, "Prefer": "count=exact"}, b""),
            ("read 20: /rest/v1, no count", "GET", read, rest, b""),
            ("read 20: api.list_animals route", "GET",
             f"/api/v1/tenants/{tenant}/animals?farm_id={farm}&species=cattle&status=active&page_size=20", api, b""),
            ("insert 1: POST /rest/v1/activities", "POST", "/rest/v1/activities", {**rest, **json_body}, activity),
            ("insert 1: api.record_activity route", "POST", f"/api/v1/tenants/{tenant}/activities",
             {**api, **json_body}, orjson.dumps({"animal_id": cow, "activity_type": "feeding"})),
        ]
        for _, method, path, headers, body in cases:
            r = httpx.request(method, base + path, headers=headers, content=body or None)
            assert r.status_code < 300, (path, r.status_code, r.text)
        wrk = ensure_wrk()
        print(f"iFarm /rest/v1, scale {args.scale}: largest tenant {animals:,} animals; the read's farm holds "
              f"{on_farm:,} active cattle; {args.workers} Sanic worker(s) on {os.cpu_count()} cores; throughput by "
              f"{'wrk' if wrk else 'asyncio client'} at {args.connections} connections, {args.seconds} s each\n")
        print(f"{'case':<38} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>9} {'errors':>7} "
              f"{'pg cpu ms/req':>14} {'api cpu ms/req':>15}")
        results = {}
        meter = ServerCpu(url)
        for name, method, path, headers, body in cases:
            samples, errors = one_client(base + path, method, headers, body, args.sample_seconds)
            pg_before, api_before = meter.read()
            if wrk:
                rps, more, made = wrk_run(wrk, base + path, method, headers, body, args.seconds, args.connections)
            else:
                rps, more, made = asyncio.run(asyncio_run(base + path, method, headers, body, args.seconds,
                                                          args.connections))
            pg_after, api_after = meter.read()
            p95 = percentile(samples, 95)
            results[name] = (p95, rps)
            print(f"{name:<38} {percentile(samples, 50):8.2f} {p95:8.2f} {percentile(samples, 99):8.2f} "
                  f"{rps:9,.0f} {errors + more:7d} {(pg_after - pg_before) * 1000 / made:14.3f} "
                  f"{(api_after - api_before) * 1000 / made:15.3f}")
        rest_p95, rest_rps = results[cases[0][0]]
        fn_p95, fn_rps = results[cases[2][0]]
        plain_rps = results[cases[1][0]][1]
        near = rest_p95 <= 1.2 * fn_p95 and rest_rps * 1.2 >= fn_rps
        print(f"\n/rest/v1 (counted) vs the function route: p95 {rest_p95 / fn_p95:.2f}x, requests/s "
              f"{rest_rps / fn_rps:.2f}x the route's (goal: within 1.2x) -- {'met' if near else 'MISSED'}")
        print(f"the filtered read through /rest/v1: {plain_rps:,.0f} requests/s without a count, {rest_rps:,.0f} "
              f"with one (goal: >= 2,000) -- {'met' if plain_rps >= 2000 else 'MISSED'} without a count")
    return 0


if __name__ == "__main__":
    sys.exit(main())
