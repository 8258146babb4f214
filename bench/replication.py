"""`ifarm bench replication`: the backup database, measured (not a test).

    ifarm bench replication [--seconds 10] [--rate 200] [--clients 8] [--kills 5]

Runs two embedded PostgreSQL clusters in a temporary directory -- the primary, and a backup set up like a
Supabase project (app/embedded.py prepare_supabase_like) -- with replication set up by app/replication.py:

1. lag at a steady write rate (asynchronous): activities recorded at --rate per second as a signed-in user
   (one transaction each, the API's request path without HTTP); the lag of each is the moment the backup's
   apply worker wrote it (a bench-only ENABLE ALWAYS trigger on the backup notes clock_timestamp()) minus
   the moment its COMMIT was acknowledged on the primary; p50/p95/max;
2. writes, asynchronous then synchronous: one client writing back to back (p50/p95 of a single-row write)
   and --clients clients (writes/s);
3. RTO over --kills kills: `ifarm api` (two workers, the failover monitor in each) with a client writing
   through it; the primary is stopped with `pg_ctl stop -m immediate` (kill -9); RTO = from the kill to the
   first acknowledged write; the acknowledged writes missing on the promoted backup are counted; then the
   primary is started again (it comes back fenced) and `failback` returns to it before the next kill.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import jwt
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import replication  # noqa: E402
from app.embedded import SUPABASE_ADMIN, EmbeddedPostgres, prepare_supabase_like  # noqa: E402
from app.migrate import migrate  # noqa: E402
from bench.common import SECRET, api_server, percentile  # noqa: E402

REPLICATOR_PASSWORD = "bench-replicator-password"
BACKUP_PASSWORD = "bench-backup-password"
APPLIED = """
create table public.bench_applied (id uuid primary key, applied_at timestamptz not null);
create function public.bench_note_applied() returns trigger language plpgsql as $$
begin
    insert into public.bench_applied values (new.id, clock_timestamp()) on conflict do nothing;
    return null;
end $$;
create trigger bench_note_applied after insert on public.activities
    for each row execute function public.bench_note_applied();
alter table public.activities enable always trigger bench_note_applied;
"""
APPLIED_DROP = "drop table public.bench_applied; drop function public.bench_note_applied() cascade;"


class Caller:
    """SQL as a signed-in user: authenticator, role and claims per transaction (the API's request path)."""

    def __init__(self, dsn: str, user_id: str):
        self.conn = psycopg.connect(dsn, user="authenticator", autocommit=True)
        self.claims = json.dumps({"sub": user_id, "role": "authenticated", "aud": "authenticated"})

    def one(self, query: str, params=()):
        with self.conn.transaction():
            self.conn.execute("select set_config('role', 'authenticated', true), "
                              "set_config('request.jwt.claims', %s, true)", (self.claims,))
            row = self.conn.execute(query, params).fetchone()
        return row[0] if row else None

    def record(self, tenant: str, cow: str) -> str:
        return self.one("select api.record_activity(tenant_id => %s, activity_type => 'feeding', animal_id => %s) "
                        "->> 'id'", (tenant, cow))


def start(root: Path) -> tuple[EmbeddedPostgres, EmbeddedPostgres, replication.Pair]:
    primary = EmbeddedPostgres(root / "primary", scram_users=("ifarm_replicator",)).start()
    backup = EmbeddedPostgres(root / "backup", superuser=SUPABASE_ADMIN, scram_users=("postgres",)).start()
    with psycopg.connect(primary.url, autocommit=True) as conn:
        conn.execute("create database bench")
    migrate(primary.url_for("bench"))
    backup_url = prepare_supabase_like(backup, "bench", BACKUP_PASSWORD)
    pair = replication.Pair(primary=primary.url_for("bench"), backup=backup_url, name="ifarm_backup",
                            primary_conninfo=f"host=127.0.0.1 port={primary.port} dbname=bench "
                                             f"user=ifarm_replicator password={REPLICATOR_PASSWORD}",
                            backup_conninfo=backup_url)
    replication.setup(pair, say=lambda *_: None)
    return primary, backup, pair


def farm(dsn: str) -> tuple[str, str, str]:
    """An owner with a tenant on the enterprise plan, a farm and a cow; returns (user, tenant, cow)."""
    user = str(uuid.uuid4())
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("insert into auth.users (id, aud, role, email, created_at, updated_at) "
                     "values (%s, 'authenticated', 'authenticated', 'bench@example.test', now(), now())", (user,))
    owner = Caller(dsn, user)
    tenant = owner.one("select api.create_tenant(name => 'Bench', slug => 'bench') ->> 'id'")
    farm_id = owner.one("select api.create_farm(tenant_id => %s, name => 'Dairy') ->> 'id'", (tenant,))
    cow = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'C-1', "
                    "species => 'cattle', sex => 'female') ->> 'id'", (tenant, farm_id))
    owner.conn.close()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("update subscriptions set plan_code = 'enterprise' where tenant_id = %s", (tenant,))
    return user, tenant, cow


def lag(pair: replication.Pair, user: str, tenant: str, cow: str, rate: int, seconds: float) -> dict:
    with psycopg.connect(pair.backup, autocommit=True) as conn:
        conn.execute(APPLIED)
    caller = Caller(pair.primary, user)
    acked: dict[str, float] = {}
    started = time.monotonic()
    for k in range(int(rate * seconds)):
        time.sleep(max(0.0, started + k / rate - time.monotonic()))
        activity = caller.record(tenant, cow)
        acked[activity] = time.time()
    elapsed = time.monotonic() - started
    caller.conn.close()
    replication.wait_caught_up(pair, "primary", 60)
    with psycopg.connect(pair.backup, autocommit=True) as conn:
        applied = dict(conn.execute("select id::text, extract(epoch from applied_at)::float8 from bench_applied "
                                    "where id = any(%s)", (list(acked),)).fetchall())
        conn.execute(APPLIED_DROP)
    lags = [(applied[a] - t) * 1000 for a, t in acked.items() if a in applied]
    return {"writes": len(acked), "rate": len(acked) / elapsed, "missing": len(acked) - len(lags),
            "p50": percentile(lags, 50), "p95": percentile(lags, 95), "max": max(lags)}


def writes(pair: replication.Pair, user: str, tenant: str, cow: str, clients: int, seconds: float) -> dict:
    caller = Caller(pair.primary, user)
    single = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        t = time.perf_counter()
        caller.record(tenant, cow)
        single.append((time.perf_counter() - t) * 1000)
    caller.conn.close()
    done = [0] * clients

    def client(i: int) -> None:
        c = Caller(pair.primary, user)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            c.record(tenant, cow)
            done[i] += 1
        c.conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"p50": percentile(single, 50), "p95": percentile(single, 95),
            "throughput": sum(done) / (time.monotonic() - started)}


def wait_until(what: str, seconds: float, condition) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.02)


def wait_sync(pair: replication.Pair) -> None:
    wait_until("the standby to be synchronous", 60, lambda: any(
        s["sync_state"] == "sync" for s in replication.statuses(pair)["primary"]["slots"]))


def one_kill(primary: EmbeddedPostgres, pair: replication.Pair, http: httpx.Client, headers: dict, tenant: str,
             cow: str) -> dict:
    """A client writing through the API; the primary killed; until the first write after the kill is
    acknowledged. Then the primary restarted and `failback` run, ready for the next kill."""
    answers: list[tuple[float, float, int, str]] = []
    stop = threading.Event()

    def write() -> None:
        while not stop.is_set():
            key, sent = uuid.uuid4().hex, time.monotonic()
            try:
                status = http.post(f"/api/v1/tenants/{tenant}/activities", headers=headers,
                                   json={"activity_type": "feeding", "animal_id": cow, "notes": key}).status_code
            except httpx.HTTPError:
                status = 0
            answers.append((sent, time.monotonic(), status, key))

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(2)
    primary.stop("immediate")
    killed = time.monotonic()
    wait_until("a write after the kill", 60, lambda: any(t >= killed and 200 <= s < 300 for t, _, s, _ in answers))
    time.sleep(0.5)
    stop.set()
    writer.join()
    recovered = next(done for t, done, s, _ in answers if t >= killed and 200 <= s < 300)
    acked = [k for t, _, s, k in answers if t < killed and 200 <= s < 300]
    with psycopg.connect(pair.backup) as conn:
        found = conn.execute("select count(*) from activities where notes = any(%s)", (acked,)).fetchone()[0]
    errors = sorted({s for t, _, s, _ in answers if t >= killed and not 200 <= s < 300})
    primary.start()
    replication.failback(pair, say=lambda *_: None)
    wait_until("the API back on the primary", 30,
               lambda: http.get("/health").json()["checks"]["replication"]["active"] == "primary")
    return {"rto": recovered - killed, "acked": len(acked), "lost": len(acked) - found, "errors": errors}


def rto(primary: EmbeddedPostgres, pair: replication.Pair, user: str, tenant: str, cow: str, kills: int,
        tmp: str) -> list[dict]:
    now = int(time.time())
    headers = {"Authorization": "Bearer " + jwt.encode({"sub": user, "role": "authenticated", "aud": "authenticated",
                                                         "iat": now, "exp": now + 7200}, SECRET, algorithm="HS256")}
    env = {"BACKUP_DATABASE_URL": pair.backup, "REPLICATION_NAME": pair.name, "REDIS_URL": "",
           "REPLICATION_PRIMARY_URL": pair.primary_conninfo}
    with api_server(pair.primary, 2, tmp, env) as (base, _), httpx.Client(base_url=base, timeout=30) as http:
        return [one_kill(primary, pair, http, headers, tenant, cow) for _ in range(kills)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ifarm bench replication")
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--rate", type=int, default=200)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--kills", type=int, default=5)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        primary = backup = None
        try:
            primary, backup, pair = start(Path(tmp))
            user, tenant, cow = farm(pair.primary)
            with psycopg.connect(pair.primary) as conn:
                version = conn.execute("show server_version").fetchone()[0]
            print(f"ifarm bench replication, {datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores, two embedded "
                  f"PostgreSQL {version} clusters (the backup set up like Supabase), loopback\n")
            r = lag(pair, user, tenant, cow, args.rate, args.seconds)
            print(f"lag (async): {r['writes']:,} writes at {r['rate']:.0f}/s; COMMIT acknowledged -> applied on the "
                  f"backup p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms "
                  f"(goal p95 <= 100 ms); {r['missing']} not applied")
            print(f"\n{'mode':<6} {'single write p50 ms':>20} {'p95 ms':>8} {f'writes/s, {args.clients} clients':>22}")
            measured = {}
            for mode in ("async", "sync"):
                replication.set_mode(dataclasses.replace(pair, mode=mode), "primary")
                if mode == "sync":
                    wait_sync(pair)
                w = measured[mode] = writes(pair, user, tenant, cow, args.clients, args.seconds)
                print(f"{mode:<6} {w['p50']:20.2f} {w['p95']:8.2f} {w['throughput']:22,.0f}")
            print(f"sync / async single-write p95: {measured['sync']['p95'] / measured['async']['p95']:.2f}x "
                  "(goal <= 2x)")
            replication.set_mode(pair, "primary")
            if args.kills:
                print(f"\nRTO over {args.kills} kills (pg_ctl stop -m immediate; `ifarm api`, 2 workers, "
                      "failover after 3 failed probes 0.5 s apart; async)")
                rows = rto(primary, pair, user, tenant, cow, args.kills, tmp)
                for i, row in enumerate(rows, 1):
                    print(f"kill {i}: RTO {row['rto']:.2f} s; {row['lost']} of {row['acked']} acknowledged writes "
                          f"lost; answers other than 2xx after the kill: {row['errors'] or 'none'}")
                print(f"RTO max {max(r['rto'] for r in rows):.2f} s (goal <= 5 s every time)")
        finally:
            for server in (primary, backup):
                if server is not None:
                    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
