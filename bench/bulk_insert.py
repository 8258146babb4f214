"""`ifarm bench bulk-insert`: production records through the API's bulk endpoint (not a test).

    ifarm bench bulk-insert [--batches 20] [--batch-size 5000] [--clients 1,2] [--workers N]

Starts the embedded PostgreSQL and `ifarm api`, registers a farm with 500 cows as a signed-in owner,
then sends batches of milk records (each one all-or-nothing in one transaction: parsed, validated
against the species' products and units, checked against withdrawal periods and duplicates, then
inserted set-based) and prints rows per second and per-batch latency for each client count.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, seed_herd, sign_up, stack  # noqa: E402

COWS = 500


def batches(cows: list[str], count: int, size: int, offset: int):
    """Distinct (cow, day, session) records: cow by cow, then back one session at a time."""
    n = offset
    for _ in range(count):
        rows = []
        for _ in range(size):
            cow, slot = cows[n % len(cows)], n // len(cows)
            rows.append({"animal_id": cow, "product": "milk", "quantity": 8 + n % 7, "unit": "l",
                         "recorded_on": (date.today() - timedelta(days=slot // 2)).isoformat(),
                         "session": "am" if slot % 2 == 0 else "pm"})
            n += 1
        yield rows


def run(base: str, path: str, headers: dict, cows: list[str], clients: int, count: int, size: int,
        start_at: int) -> tuple[float, list[float], int]:
    latencies, errors = [], 0
    lock = threading.Lock()
    per_client = count // clients

    def client(k: int) -> None:
        nonlocal errors
        with httpx.Client(headers=headers, timeout=120) as http:
            for rows in batches(cows, per_client, size, start_at + k * per_client * size):
                t = time.perf_counter()
                r = http.post(base + path, json={"records": rows})
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    errors += r.status_code != 201 and r.status_code != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, errors


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ifarm bench bulk-insert")
    p.add_argument("--batches", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=5000)
    p.add_argument("--clients", default="1,2")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = p.parse_args(argv)
    with stack(args.workers) as (base, db_url):
        owner = sign_up(base)
        tenant, headers = owner["tenant_id"], owner["headers"]
        farm = httpx.post(f"{base}/api/v1/tenants/{tenant}/farms", json={"name": "Dairy"}, headers=headers).json()
        cows = seed_herd(db_url, tenant, farm["id"], COWS)
        path = f"/api/v1/tenants/{tenant}/production/bulk"
        print(f"bulk insert through the API: {args.workers} Sanic worker(s), batches of {args.batch_size:,} "
              f"milk records\n")
        print(f"{'clients':>7} {'rows':>10} {'seconds':>8} {'rows/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
        start_at = 0
        for clients in (int(c) for c in args.clients.split(",")):
            elapsed, latencies, errors = run(base, path, headers, cows, clients, args.batches, args.batch_size,
                                             start_at)
            rows = len(latencies) * args.batch_size
            start_at += rows
            print(f"{clients:>7} {rows:>10,} {elapsed:8.1f} {rows / elapsed:9,.0f} {percentile(latencies, 50):8.0f} "
                  f"{percentile(latencies, 95):8.0f} {errors:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
