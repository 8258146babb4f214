"""`ifarm bench events`: the relay, the consumers and the audit triggers, measured (not a test).

    ifarm bench events [--backlog 100000] [--rate 500] [--seconds 20] [--bulk-batches 8] [--writes 400]

Runs an embedded PostgreSQL and an embedded broker (Tansu) in a temporary directory, with the real
`ifarm relay` and `ifarm consumer` processes:

1. relay throughput: a backlog of events in the outbox, drained by one relay (first to last stamp);
2. end to end: activities recorded at a steady rate (one transaction each, as a signed-in user with
   no API in between, as a Supabase client writes), relay and consumer running; latency from each
   write's COMMIT to the consumer's transaction for its event (the `dashboard_cache` handler's inbox
   row), p50/p95/p99;
3. the audit triggers' cost, in one run: bulk production inserts (5,000 records a call, rows/s, and
   rows per second of the backend's CPU time, which other load on the machine does not skew) and
   single writes (p95), with the audit triggers on and off, alternating.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.embedded import EmbeddedKafka, EmbeddedPostgres  # noqa: E402
from bench.common import bench_database, percentile, seed_herd, service_env  # noqa: E402
from bench.common import processes as common_processes  # noqa: E402


class Caller:
    """SQL as a signed-in user: authenticator, role and claims per transaction (the API's request path)."""

    def __init__(self, dsn: str, user_id: str):
        self.conn = psycopg.connect(dsn.replace("postgres@", "authenticator@", 1))
        self.claims = json.dumps({"sub": user_id, "role": "authenticated", "aud": "authenticated"})

    def cpu_seconds(self) -> float:
        """The CPU time this connection's backend has used (user + system, from /proc: the server is
        local): unlike the wall clock, it does not count the time other processes had the cores."""
        pid = self.conn.info.backend_pid
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def one(self, query: str, params=()):
        with self.conn.transaction():
            self.conn.execute("select set_config('role', 'authenticated', true), "
                              "set_config('request.jwt.claims', %s, true)", (self.claims,))
            row = self.conn.execute(query, params).fetchone()
        return row[0] if row else None


@contextmanager
def processes(dsn: str, bootstrap: str, data_dir: str, which: tuple[str, ...] = ("relay", "consumer")):
    env = service_env(dsn, data_dir, {"KAFKA_BOOTSTRAP_SERVERS": bootstrap, "REDIS_URL": "", "LOG_LEVEL": "ERROR"})
    with common_processes(env, which) as procs:
        yield list(procs.values())


def wait_for(conn: psycopg.Connection, query: str, params=(), seconds: float = 300) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if conn.execute(query, params).fetchone()[0]:
            return time.monotonic() - started
        time.sleep(0.05)
    raise TimeoutError(query)


def setup(dsn: str) -> tuple[str, str, str, list[str]]:
    """An owner with a tenant on the enterprise plan, a farm and 500 cows; returns (user, tenant, farm, cows)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        user = str(uuid.uuid4())
        conn.execute("insert into auth.users (id, aud, role, email, created_at, updated_at) "
                     "values (%s, 'authenticated', 'authenticated', 'bench@example.test', now(), now())", (user,))
    owner = Caller(dsn, user)
    tenant = owner.one("select api.create_tenant(name => 'Bench', slug => 'bench') ->> 'id'")
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'Dairy') ->> 'id'", (tenant,))
    cows = seed_herd(dsn, tenant, farm, 500)
    owner.conn.close()
    return user, tenant, farm, cows


def backlog_throughput(dsn: str, bootstrap: str, tmp: str, backlog: int) -> dict:
    """A backlog through the relay alone (first to last stamp), then through the consumer alone."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        tenant = conn.execute("select id::text from tenants limit 1").fetchone()[0]
        conn.execute("update outbox.events set published_at = now() where published_at is null")
        conn.execute("select outbox.publish('tenant.events', 'bench_event', %s, 'bench', g::text, "
                     "jsonb_build_object('n', g, 'pad', repeat('x', 200))) from generate_series(1, %s) g",
                     (tenant, backlog))
        with processes(dsn, bootstrap, tmp, ("relay",)):
            wait_for(conn, "select count(*) = 0 from outbox.events where published_at is null")
        first, last = conn.execute("select min(published_at), max(published_at) from outbox.events "
                                   "where payload ->> 'type' = 'bench_event'").fetchone()
        with processes(dsn, bootstrap, tmp, ("consumer",)):
            wait_for(conn, "select count(*) >= %s from outbox.inbox where event_type = 'bench_event'", (backlog,))
        applied_first, applied_last = conn.execute("select min(processed_at), max(processed_at) from outbox.inbox "
                                                   "where event_type = 'bench_event'").fetchone()
    relay = max((last - first).total_seconds(), 1e-6)
    consumer = max((applied_last - applied_first).total_seconds(), 1e-6)
    return {"events": backlog, "relay_seconds": relay, "relay_per_second": backlog / relay,
            "consumer_seconds": consumer, "consumer_per_second": backlog / consumer}


def end_to_end(dsn: str, bootstrap: str, tmp: str, user: str, tenant: str, cows: list[str], rate: int,
               seconds: float, writers: int = 2) -> dict:
    committed: dict[str, float] = {}

    def write(k: int) -> None:
        writer = Caller(dsn, user)
        interval, started, n = writers / rate, time.perf_counter(), 0
        while time.perf_counter() - started < seconds:
            activity = writer.one("select api.record_activity(tenant_id => %s, activity_type => 'feeding', "
                                  "animal_id => %s) ->> 'id'", (tenant, cows[(n * writers + k) % len(cows)]))
            committed[activity] = time.time()
            n += 1
            pause = started + n * interval - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        writer.conn.close()

    with processes(dsn, bootstrap, tmp), psycopg.connect(dsn, autocommit=True) as conn:
        time.sleep(5)  # the consumer joins its group
        started = time.perf_counter()
        threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        achieved = len(committed) / (time.perf_counter() - started)
        wait_for(conn, "select count(*) >= %s from outbox.inbox i join outbox.events e using (event_id) "
                       "where i.consumer = 'dashboard_cache' and e.payload ->> 'type' = 'activity_recorded'",
                 (len(committed),), 120)
        seen = conn.execute("select e.payload ->> 'aggregate_id', extract(epoch from i.processed_at), "
                            "extract(epoch from e.published_at) "
                            "from outbox.inbox i join outbox.events e using (event_id) "
                            "where i.consumer = 'dashboard_cache' and e.payload ->> 'type' = 'activity_recorded'"
                            ).fetchall()
    latencies = [(float(at) - committed[a]) * 1000 for a, at, _ in seen if a in committed]
    relayed = [(float(pub) - committed[a]) * 1000 for a, _, pub in seen if a in committed]
    return {"writes": len(committed), "rate": achieved, "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95), "p99": percentile(latencies, 99),
            "relay_p50": percentile(relayed, 50), "relay_p95": percentile(relayed, 95)}


def set_audit(dsn: str, on: bool) -> None:
    verb = "enable" if on else "disable"
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table, trigger in conn.execute("select tgrelid::regclass::text, tgname from pg_trigger "
                                           "where tgname in ('audit_insert', 'audit_update', 'audit_delete')"
                                           ).fetchall():
            conn.execute(f"alter table {table} {verb} trigger {trigger}")


def audit_cost(dsn: str, user: str, tenant: str, cows: list[str], batches: int, writes: int) -> list[dict]:
    caller = Caller(dsn, user)
    results = []
    day = date(2026, 12, 1)
    slot = 0

    def batch() -> str:
        nonlocal slot
        rows = []
        for _ in range(5000):
            cow, s = cows[slot % len(cows)], slot // len(cows)
            rows.append({"animal_id": cow, "product": "milk", "quantity": 8, "unit": "l", "session": "am" if s % 2
                         else "pm", "recorded_on": (day - timedelta(days=s // 2)).isoformat()})
            slot += 1
        return json.dumps(rows)

    for on in (True, False, True, False):  # interleaved, so a drift of the machine shows
        set_audit(dsn, on)
        times = []
        cpu = 0.0
        for _ in range(batches):
            records = batch()
            c, t = caller.cpu_seconds(), time.perf_counter()
            caller.one("select api.record_production_bulk(tenant_id => %s, records => %s)", (tenant, records))
            times.append(time.perf_counter() - t)
            cpu += caller.cpu_seconds() - c
        single = []
        for n in range(writes):
            t = time.perf_counter()
            caller.one("select api.record_activity(tenant_id => %s, activity_type => 'cleaning', animal_id => %s)",
                       (tenant, cows[n % len(cows)]))
            single.append((time.perf_counter() - t) * 1000)
        results.append({"audit": on, "rows_per_second": 5000 / percentile(times, 50),
                        "rows_per_cpu_second": 5000 * batches / cpu,
                        "single_p95": percentile(single, 95), "single_p50": percentile(single, 50)})
    set_audit(dsn, True)
    caller.conn.close()
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ifarm bench events")
    p.add_argument("--backlog", type=int, default=100_000)
    p.add_argument("--skip-audit", action="store_true")
    p.add_argument("--rate", type=int, default=500)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--bulk-batches", type=int, default=8)
    p.add_argument("--writes", type=int, default=400)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pg").start()
        backlog_broker = EmbeddedKafka(Path(tmp) / "kafka-backlog").start()
        broker = EmbeddedKafka(Path(tmp) / "kafka").start()  # a fresh one: no backlog ahead of the steady writes
        try:
            dsn = bench_database(pg)
            user, tenant, _, cows = setup(dsn)
            print(f"ifarm bench events, {datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores, "
                  f"embedded PostgreSQL and Tansu\n")
            r = backlog_throughput(dsn, backlog_broker.bootstrap, tmp, args.backlog)
            backlog_broker.stop()
            print(f"relay: {r['events']:,} events drained in {r['relay_seconds']:.1f} s = "
                  f"{r['relay_per_second']:,.0f} events/s (goal >= 10,000)")
            print(f"consumer: the same {r['events']:,} applied by dashboard_cache in {r['consumer_seconds']:.1f} s = "
                  f"{r['consumer_per_second']:,.0f} events/s")
            e = end_to_end(dsn, broker.bootstrap, tmp, user, tenant, cows, args.rate, args.seconds)
            print(f"end to end: {e['writes']:,} writes at {e['rate']:.0f}/s; COMMIT -> consumer transaction "
                  f"p50 {e['p50']:.1f} ms, p95 {e['p95']:.1f} ms, p99 {e['p99']:.1f} ms (goal p95 <= 100 ms); "
                  f"of which COMMIT -> stamped by the relay p50 {e['relay_p50']:.1f} ms, p95 {e['relay_p95']:.1f} ms")
            if args.skip_audit:
                return 0
            print("\naudit triggers (bulk: 5,000 milk records a call; single: api.record_activity)")
            print(f"{'audit':>6} {'bulk rows/s':>12} {'rows/CPU-s':>11} {'single p50 ms':>14} {'single p95 ms':>14}")
            rows = audit_cost(dsn, user, tenant, cows, args.bulk_batches, args.writes)
            for row in rows:
                print(f"{'on' if row['audit'] else 'off':>6} {row['rows_per_second']:12,.0f} "
                      f"{row['rows_per_cpu_second']:11,.0f} {row['single_p50']:14.2f} {row['single_p95']:14.2f}")
            cpu = {on: sum(r["rows_per_cpu_second"] for r in rows if r["audit"] is on) for on in (True, False)}
            slower = 1 - cpu[True] / cpu[False]
            print(f"bulk insert with the audit triggers, by the backend's CPU time: {slower:.1%} slower "
                  f"(goal <= 15%: {'met' if slower <= 0.15 else 'MISSED'})")
        finally:
            backlog_broker.stop()
            broker.stop()
            pg.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
