"""Benchmark of the PostgREST-style request path (not a test; figures go in the README).

    ifarm bench request-path [--seconds 10] [--connections 64] [--workers N]

Starts the embedded PostgreSQL and an `ifarm api` with N workers (default: one per core), signs up a
user with a tenant, then measures, for each endpoint:
  - latency p50/p95/p99 with one client (sequential requests on one keep-alive connection, from a
    bare-socket client), and
  - throughput at --connections concurrent connections with wrk (installed from Debian when missing
    and running as root), or with the built-in asyncio client when wrk cannot be had.
Endpoints: /health (no SQL beyond a ping), POST /rpc/whoami as anon (the full transaction: pool
checkout, BEGIN, one set_config round, one api.* call, COMMIT), GET /api/v1/tenants as a user (the
same plus RLS over tenants and members).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, sign_up, stack  # noqa: E402


def one_client(url: str, method: str, headers: dict, seconds: float, before=None) -> tuple[list[float], int]:
    """Sequential requests on one keep-alive connection, over a bare socket so that the client adds
    microseconds, not the half millisecond an HTTP library in Python would. `before()` runs before
    each request, outside the timed interval."""
    parts = urlsplit(url)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = (f"{method} {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n{head}"
               f"Content-Length: 0\r\n\r\n").encode()
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

        for _ in range(200):  # warm-up: prepared plans, pool connections
            if before:
                before()
            roundtrip()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            if before:
                before()
            start = time.perf_counter()
            status = roundtrip()
            samples.append((time.perf_counter() - start) * 1000)
            errors += status >= 400
    return samples, errors


def ensure_wrk() -> str | None:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    return shutil.which("wrk")


def wrk_throughput(wrk: str, url: str, method: str, headers: dict, seconds: int, connections: int) -> tuple[float, int]:
    script = None
    args = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    if method != "GET":
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(f'wrk.method = "{method}"\n')
        script.close()
        args += ["-s", script.name]
    out = subprocess.run(args + [url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    count = int(errors.group(1)) if errors else 0
    if socket_errors:
        count += sum(int(g) for g in socket_errors.groups())
    return rps, count


async def asyncio_throughput(url: str, method: str, headers: dict, seconds: int, connections: int) -> tuple[float, int]:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    done = errors = 0
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=10) as client:
        deadline = time.perf_counter() + seconds

        async def worker():
            nonlocal done, errors
            while time.perf_counter() < deadline:
                r = await client.request(method, url)
                done += 1
                errors += r.status_code >= 400

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return done / (time.perf_counter() - start), errors


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ifarm bench request-path")
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = p.parse_args(argv)
    with stack(args.workers) as (base, _):
        auth = sign_up(base)["headers"]
        cases = [("GET /health", "GET", "/health", {}),
                 ("POST /rpc/whoami (anon)", "POST", "/rpc/whoami", {}),
                 ("GET /api/v1/tenants (user, RLS)", "GET", "/api/v1/tenants", auth)]
        wrk = ensure_wrk()
        tool = "wrk" if wrk else "asyncio client"
        print(f"iFarm request path: {args.workers} Sanic worker(s), {os.cpu_count()} cores, "
              f"throughput by {tool} at {args.connections} connections, {args.seconds} s each\n")
        print(f"{'endpoint':<34} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>9} {'errors':>7}")
        for name, method, path, headers in cases:
            samples, errors = one_client(base + path, method, headers, min(args.seconds, 5))
            if wrk:
                rps, more = wrk_throughput(wrk, base + path, method, headers, args.seconds, args.connections)
            else:
                rps, more = asyncio.run(asyncio_throughput(base + path, method, headers, args.seconds,
                                                           args.connections))
            print(f"{name:<34} {percentile(samples, 50):8.2f} {percentile(samples, 95):8.2f} "
                  f"{percentile(samples, 99):8.2f} {rps:9.0f} {errors + more:7d}")
        print(f"\n(one-client samples per endpoint: {len(samples)}; mean {statistics.mean(samples):.2f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
