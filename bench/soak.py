"""`ifarm bench soak`: the whole stack under a steady mixed load for N minutes (not a test; figures go in
the README).

    ifarm bench soak [--minutes 30] [--rate 100] [--interval 60] [--warmup 600] [--tenants 4] [--drain 60]

Starts what `ifarm up` runs, on embedded services in a temporary directory (PostgreSQL, Valkey, the
Kafka-protocol broker, the SMTP sink): `ifarm api` with 2 workers, `ifarm scheduler`, `ifarm relay` and
`ifarm consumer`, each its own process. Signs up --tenants tenants, each with an owner, a worker (invited,
granted the farm) and 500 cows, then sends requests at a fixed rate (open loop: a request leaves every
1/rate s whatever the answers do; over keep-alive connections by common.HttpClient, which costs the client
a thirtieth of httpx's CPU) for N minutes, each drawn from TRAFFIC by weight, for a random tenant
and one of its users. Every answer's status is checked against the one its kind expects; anything else
(or no answer) is an error, counted by kind and status.

Rate limits stay on (each request runs the limiter's Redis script) but are set so that this traffic never
meets them (SOAK_ENV below): the sign-ins alone, one a second from one address, would exceed the
default 30 per 5 minutes.

Every --interval seconds: requests, errors, p50/p95 latency of that interval, memory of each process
(RSS of the API's master, its workers and its multiprocessing helpers, of the scheduler, the relay and the
consumer; for PostgreSQL, all its processes as one: their private memory, Pss_Anon, and in brackets the
shared memory they touch, Pss_Shmem, mostly shared_buffers, which fills up to its set size by design), the
PostgreSQL connections (pg_stat_activity) and the outbox backlog (events not yet published). At the end:
totals, errors by kind and status with the first answer of each, latency by kind, p95 by interval, memory
after the first interval and after the warm-up (--warmup s of traffic, at most a third of the run) vs at
the end of the traffic, the
time the outbox took to drain once the traffic stopped, the scheduler's job runs during the run by status,
and a PASS/FAIL line per goal; the exit status is 1 when a goal fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import orjson
import psutil
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.auth import api_keys  # noqa: E402
from bench import common  # noqa: E402
from bench.common import FullStack, percentile  # noqa: E402

COWS = 500
BULK = 100  # records per bulk insert
DASHBOARDS = ("stats", "animals", "analytics", "financial-summary", "activities", "recent-sales")
WORKER_DASHBOARDS = ("stats", "animals", "analytics", "activities")  # the others need finance.read
# The stack's settings for the run: rate limits that this traffic never meets (see above), and the API's
# pools opened at their full size, so that PostgreSQL serves the same backends from start to end and its
# memory compares like for like (a pool that grows under a burst adds backends, not a leak).
SOAK_ENV = {"RATE_LIMIT_SIGNIN_EMAIL": "100000/60", "RATE_LIMIT_SIGNIN_ADDRESS": "100000/60",
            "RATE_LIMIT_SIGNUP_EMAIL": "1000/60", "RATE_LIMIT_SIGNUP_ADDRESS": "1000/60",
            "RATE_LIMIT_TENANT": "100000/60", "DB_POOL_MIN": "10", "DB_POOL_MAX": "10"}
# PostgreSQL processes that come and go on their own: left out of its memory (one reading would hold them
# and the next not)
TRANSIENT_PG = ("autovacuum worker", "parallel worker")
TIMEOUT = 30  # seconds for an answer; no answer by then is an error
GOAL_MEMORY = 0.10  # each process's memory at the end within +-10% of what it was after the warm-up
# Why a 10-minute warm-up by default: each of the 20 API backends' heaps grows to its high-water mark as it
# meets the heaviest requests (bulk inserts, dashboards), then grows little; the first 2026-12-03 quiet run
# rose 491 -> 573 MiB in 9 minutes, then about 1 MiB a minute (593 at minute 30), while one backend's memory
# contexts stayed at 16.2-16.3 MiB (pg_log_backend_memory_contexts at minutes 7 and 15). The summary also
# prints the change since the first interval.


@dataclass
class Tenant:
    id: str
    farm: str
    cows: list[str]
    users: dict  # "owner", "worker" -> what common.sign_up returns
    slot: int = 0  # production records handed out: (cow, day, session) never repeats
    animals: int = 0

    def user(self, who: str, rng: random.Random) -> dict:
        return self.users[who] if who in self.users else self.users[rng.choice(("owner", "worker"))]

    def records(self, n: int) -> list[dict]:
        """n milk records no earlier one has used: cow by cow, then a session further back in time."""
        out = []
        for k in range(self.slot, self.slot + n):
            cow, back = self.cows[k % len(self.cows)], k // len(self.cows)
            out.append({"animal_id": cow, "product": "milk", "quantity": 6 + k % 9, "unit": "l",
                        "recorded_on": (date.today() - timedelta(days=1 + back // 2)).isoformat(),
                        "session": "am" if back % 2 == 0 else "pm"})
        self.slot += n
        return out

    def new_animal(self) -> dict:
        self.animals += 1
        return {"farm_id": self.farm, "tag_number": f"S-{self.animals}", "species": "cattle", "sex": "female",
                "birth_date": "2024-03-01"}


def api(t: Tenant) -> str:
    return f"/api/v1/tenants/{t.id}"


@dataclass(frozen=True)
class Kind:
    name: str
    weight: int  # share of the traffic
    who: str  # owner, worker or any (either, at random)
    method: str
    expect: int  # the status every answer must have
    request: Callable[[Tenant, dict, random.Random], tuple[str, dict | None]]  # -> path, JSON body
    auth: str = "bearer"  # bearer: the user's token; rest: plus the anon apikey; none


# The traffic mix. Dashboards are cached in Valkey; the writes to the same tenants invalidate them, so
# dashboard reads are a mix of hits and of misses right after writes (the run reports the hit rate).
TRAFFIC: tuple[Kind, ...] = (
    Kind("list animals", 23, "any", "GET", 200,
         lambda t, u, r: (f"{api(t)}/animals?page_size=20&page={r.randint(1, 5)}", None)),
    Kind("list production", 6, "any", "GET", 200, lambda t, u, r: (f"{api(t)}/production?page_size=20", None)),
    Kind("rest: animals", 13, "any", "GET", 200,
         lambda t, u, r: (f"/rest/v1/animals?select=id,tag_number,species,status&tenant_id=eq.{t.id}"
                          f"&deleted_at=is.null&order=tag_number&limit=20&offset={20 * r.randint(0, 4)}", None),
         auth="rest"),
    Kind("rest: production", 6, "any", "GET", 200,
         lambda t, u, r: (f"/rest/v1/production_records?select=id,animal_id,quantity,recorded_on,session"
                          f"&tenant_id=eq.{t.id}&order=recorded_on.desc,id&limit=20", None), auth="rest"),
    Kind("dashboard (owner)", 16, "owner", "GET", 200,
         lambda t, u, r: (f"{api(t)}/dashboard/{r.choice(DASHBOARDS)}", None)),
    Kind("dashboard (worker)", 11, "worker", "GET", 200,
         lambda t, u, r: (f"{api(t)}/dashboard/{r.choice(WORKER_DASHBOARDS)}", None)),
    Kind("create animal", 4, "owner", "POST", 201, lambda t, u, r: (f"{api(t)}/animals", t.new_animal())),
    Kind("record production", 17, "any", "POST", 201, lambda t, u, r: (f"{api(t)}/production", t.records(1)[0])),
    Kind(f"bulk production ({BULK})", 2, "any", "POST", 201,
         lambda t, u, r: (f"{api(t)}/production/bulk", {"records": t.records(BULK)})),
    Kind("sign in", 1, "any", "POST", 200,
         lambda t, u, r: ("/auth/v1/token?grant_type=password", {"email": u["email"], "password": common.PASSWORD}),
         auth="none"),
    Kind("worker creates animal (403)", 1, "worker", "POST", 403,
         lambda t, u, r: (f"{api(t)}/animals", t.new_animal())),
)


@dataclass
class Tally:
    """What the answers were: one for the whole run, one per interval."""

    requests: int = 0
    skipped: int = 0  # not sent: the sender was more than 1 s behind its schedule (the rate was not held)
    latencies: dict = field(default_factory=dict)  # kind -> [ms]
    errors: Counter = field(default_factory=Counter)  # (kind, what) -> n
    samples: dict = field(default_factory=dict)  # (kind, what) -> the first answer's text
    cache: Counter = field(default_factory=Counter)  # x-cache: hit / miss

    def add(self, kind: str, ms: float, error: str | None, text: str, cache: str | None) -> None:
        self.requests += 1
        self.latencies.setdefault(kind, []).append(ms)
        if error:
            self.errors[(kind, error)] += 1
            self.samples.setdefault((kind, error), text)
        if cache:
            self.cache[cache] += 1

    def all_latencies(self) -> list[float]:
        return [ms for values in self.latencies.values() for ms in values]


class Monitor:
    """Memory of each process, PostgreSQL connections and the outbox backlog, read from /proc (psutil) and SQL."""

    def __init__(self, stack: FullStack):
        self.stack = stack
        self.conn = psycopg.connect(stack.db_url, autocommit=True)
        self.api = psutil.Process(stack.api_pid)

    def processes(self) -> dict[str, list[psutil.Process]]:
        """API master, its workers (they listen on the API's port), its helpers (multiprocessing's manager,
        which holds Sanic's shared state, and resource tracker), scheduler, relay, consumer."""
        port = int(self.stack.base.rsplit(":", 1)[1])
        workers, helpers = [], []
        try:
            children = sorted(self.api.children(), key=lambda c: c.pid)
        except psutil.Error:  # the master is gone (the end's check says so)
            children = []
        for child in children:
            try:
                sockets = child.net_connections("tcp")
            except psutil.Error:  # ended meanwhile
                continue
            listens = any(c.laddr.port == port and c.status == psutil.CONN_LISTEN for c in sockets)
            (workers if listens else helpers).append(child)
        found = {"api master": [self.api]}
        found.update({f"api worker {n}": [p] for n, p in enumerate(workers, 1)})
        found["api helpers"] = helpers
        found.update({name: [psutil.Process(p.pid)] for name, p in self.stack.procs.items()})
        return found

    def memory(self, readings: int = 5, pause: float = 0.2) -> dict[str, tuple[int, int]]:
        """name -> (bytes, shared bytes), each the least of `readings` readings `pause` s apart, so that a
        transient peak (a sign-in's argon2 hash takes 64 MiB for a moment) is not taken for the level.
        Python processes: RSS. PostgreSQL, its lasting processes (not TRANSIENT_PG) as one, from
        /proc/<pid>/smaps_rollup: their private memory (Pss_Anon: the backends' heaps and caches) and apart
        the shared memory they touch (Pss_Shmem: mostly shared_buffers, which fills up to its size by design)."""
        least: dict[str, tuple[int, int]] = {}
        for k in range(readings):
            if k:
                time.sleep(pause)
            for name, value in self._memory().items():
                least[name] = min(least.get(name, value), value)
        return least

    def _memory(self) -> dict[str, tuple[int, int]]:
        out = {name: (sum(rss(p) for p in procs), 0) for name, procs in self.processes().items()}
        anon = shmem = 0
        pg = psutil.Process(self.stack.postmaster)
        for p in [pg, *pg.children(recursive=True)]:
            try:
                if any(w in " ".join(p.cmdline()) for w in TRANSIENT_PG):
                    continue
            except psutil.Error:
                continue
            fields = smaps_rollup(p.pid)
            anon, shmem = anon + fields.get("Pss_Anon", 0), shmem + fields.get("Pss_Shmem", 0)
        out["postgres"] = (anon, shmem)
        return out

    def cpu(self) -> tuple[float, dict[str, float]]:
        """(when, name -> CPU seconds used so far): each process as in memory(), PostgreSQL's summed, and this
        client's, to tell the stack's share of the machine from the client's and from other work on it."""
        out = {name: sum(cpu_seconds(p) for p in procs) for name, procs in self.processes().items()}
        pg = psutil.Process(self.stack.postmaster)
        out["postgres"] = sum(cpu_seconds(p) for p in [pg, *pg.children(recursive=True)])
        out["client (bench)"] = cpu_seconds(psutil.Process())
        return time.perf_counter(), out

    def pids(self) -> dict[str, int]:
        return {name: procs[0].pid for name, procs in self.processes().items() if name != "api helpers"}

    def dead(self, expected: dict[str, int]) -> list[str]:
        """The processes of `expected` (name -> pid) that are no longer running (an API worker that Sanic
        restarted has a new pid: it counts as gone too)."""
        def running(pid: int) -> bool:
            try:
                return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
            except psutil.Error:
                return False

        return [name for name, pid in expected.items() if not running(pid)]

    def one(self, query: str, params=()):
        return self.conn.execute(query, params).fetchone()[0]

    def connections(self) -> int:
        return self.one("select count(*) from pg_stat_activity where datname = current_database() "
                        "and backend_type = 'client backend' and pid <> pg_backend_pid()")

    def backlog(self) -> int:
        return int(self.one("select outbox.backlog() ->> 'pending'"))


def setup(base: str, db_url: str, count: int) -> list[Tenant]:
    """count tenants: an owner who signed up, a farm with COWS cows, a worker invited and granted the farm."""
    tenants = []
    for n in range(1, count + 1):
        owner = common.sign_up(base, f"soak-owner-{n}@example.test", f"soak-{n}")
        path = f"{base}/api/v1/tenants/{owner['tenant_id']}"
        farm = httpx.post(f"{path}/farms", json={"name": f"Dairy {n}"}, headers=owner["headers"])
        farm.raise_for_status()
        cows = common.seed_herd(db_url, owner["tenant_id"], farm.json()["id"], COWS)
        worker = common.join_tenant(base, owner, f"soak-worker-{n}@example.test", "worker")
        httpx.put(f"{path}/farms/{farm.json()['id']}/access/{worker['user_id']}",
                  headers=owner["headers"]).raise_for_status()
        tenants.append(Tenant(owner["tenant_id"], farm.json()["id"], cows, {"owner": owner, "worker": worker}))
    return tenants


async def send(client: common.HttpClient, kind: Kind, tenant: Tenant, user: dict, rng: random.Random,
               tallies: Callable[[], tuple[Tally, ...]], anon: str) -> None:
    """One request; its answer goes to the tallies current when it arrives."""
    path, body = kind.request(tenant, user, rng)
    headers = {} if kind.auth == "none" else dict(user["headers"])
    if kind.auth == "rest":
        headers["apikey"] = anon
    started = time.perf_counter()
    cache = None
    try:
        status, fields, data = await asyncio.wait_for(
            client.request(kind.method, path, headers, None if body is None else orjson.dumps(body)), TIMEOUT)
        error = None if status == kind.expect else f"HTTP {status}"
        text, cache = data[:300].decode(errors="replace"), fields.get("x-cache")
    except (OSError, EOFError, ValueError, IndexError) as exc:  # TimeoutError is an OSError
        error, text = type(exc).__name__, str(exc)[:300]
    ms = (time.perf_counter() - started) * 1000
    for tally in tallies():
        tally.add(kind.name, ms, error, text, cache)


class Soak:
    def __init__(self, stack: FullStack, tenants: list[Tenant], args):
        self.stack, self.tenants, self.args = stack, tenants, args
        self.total = Tally()
        self.interval = Tally()
        self.rows: list[dict] = []  # one per interval
        self.monitor = Monitor(stack)
        self.rng = random.Random(14)

    async def drive(self, seconds: float) -> None:
        """Requests at a fixed rate for `seconds`; returns once each is answered or timed out."""
        weights = [k.weight for k in TRAFFIC]
        anon = api_keys(common.SECRET)["anon"]
        pending: set[asyncio.Task] = set()
        client = common.HttpClient(self.stack.base)
        try:
            start, n = time.perf_counter(), 0
            while (due := start + n / self.args.rate) < start + seconds:
                late = time.perf_counter() - due
                if late > 1:  # the sender fell behind (a busy machine): what is overdue is not sent at all
                    missed = int(late * self.args.rate)
                    self.total.skipped += missed
                    self.interval.skipped += missed
                    n += missed
                    continue
                await asyncio.sleep(max(0.0, -late))
                kind = self.rng.choices(TRAFFIC, weights)[0]
                tenant = self.rng.choice(self.tenants)
                task = asyncio.create_task(send(client, kind, tenant, tenant.user(kind.who, self.rng), self.rng,
                                                lambda: (self.total, self.interval), anon))
                pending.add(task)
                task.add_done_callback(pending.discard)
                n += 1
            await asyncio.gather(*pending)
        finally:
            client.close()

    def observe(self, tally: Tally, elapsed: float) -> None:
        """An interval's line, printed and kept with the process figures read now."""
        latencies = tally.all_latencies()
        row = {"end": elapsed, "requests": tally.requests, "errors": sum(tally.errors.values()),
               "p50": percentile(latencies, 50) if latencies else 0.0,
               "p95": percentile(latencies, 95) if latencies else 0.0,
               "memory": self.monitor.memory(), "connections": self.monitor.connections(),
               "backlog": self.monitor.backlog()}
        self.rows.append(row)
        seconds = elapsed - (self.rows[-2]["end"] if len(self.rows) > 1 else 0)
        memory = ", ".join(f"{name} {mib(used)}" + (f" (+{mib(shared)} shared)" if shared else "")
                           for name, (used, shared) in row["memory"].items())
        print(f"[{clock(elapsed)}] {row['requests']:,} requests ({row['requests'] / max(seconds, 1e-9):.1f}/s), "
              + (f"{tally.skipped:,} not sent (sender behind), " if tally.skipped else "")
              + f"{row['errors']:,} errors, p50 {row['p50']:.1f} ms, p95 {row['p95']:.1f} ms, "
              f"PostgreSQL connections {row['connections']}, outbox backlog {row['backlog']}\n"
              f"{'':11}memory MiB: {memory}", flush=True)

    async def run(self) -> dict:
        seconds = self.args.minutes * 60
        warmup = min(self.args.warmup, seconds / 3)
        started = time.perf_counter()
        pids = self.monitor.pids()
        marks: dict = {}

        async def report() -> None:
            k = 1
            while k * self.args.interval < seconds - 0.5:  # the last interval is closed after the traffic
                await asyncio.sleep(max(0.0, started + k * self.args.interval - time.perf_counter()))
                tally, self.interval = self.interval, Tally()
                await asyncio.to_thread(self.observe, tally, time.perf_counter() - started)
                k += 1

        async def after_warmup() -> None:
            await asyncio.sleep(warmup)
            marks["cpu_start"] = await asyncio.to_thread(self.monitor.cpu)
            marks["start"] = await asyncio.to_thread(self.monitor.memory)
            marks["connections_start"] = await asyncio.to_thread(self.monitor.connections)

        reporter = asyncio.create_task(report())
        warm = asyncio.create_task(after_warmup())
        await self.drive(seconds)
        elapsed = time.perf_counter() - started
        marks["cpu_end"] = await asyncio.to_thread(self.monitor.cpu)
        reporter.cancel()
        await warm
        if self.interval.requests:
            await asyncio.to_thread(self.observe, self.interval, elapsed)
        return {"elapsed": elapsed, "warmup": warmup, "pids": pids, **marks}


def cpu_seconds(p: psutil.Process) -> float:
    try:
        times = p.cpu_times()
    except psutil.Error:
        return 0.0
    return times.user + times.system


def rss(p: psutil.Process) -> int:
    try:
        return p.memory_info().rss
    except psutil.Error:
        return 0


def smaps_rollup(pid: int) -> dict[str, int]:
    """A process's memory totals in bytes (Rss, Pss, Pss_Anon, Pss_Shmem, ...); {} once it has ended."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
    except OSError:
        return {}
    return {k: int(v.split()[0]) * 1024 for k, _, v in (line.partition(":") for line in lines)}


def mib(n: int) -> str:
    return f"{n / 2**20:.1f}"


def clock(seconds: float) -> str:
    return f"{int(seconds // 60):>3}:{int(seconds % 60):02d}"


def drain(monitor: Monitor, seconds: float) -> float | None:
    """Seconds until the outbox backlog is 0 (None if it is not within `seconds`)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if monitor.backlog() == 0:
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def summary(soak: Soak, result: dict, end_memory: dict, drained: float | None, since: datetime) -> bool:
    """Prints the totals and a PASS/FAIL line per goal; True when every goal is met."""
    args, total, monitor = soak.args, soak.total, soak.monitor
    errors = sum(total.errors.values())
    print(f"\ntotals: {total.requests:,} requests in {result['elapsed']:.1f} s "
          f"({total.requests / result['elapsed']:.1f}/s, asked {args.rate:g}/s), {errors:,} errors; load average "
          f"{os.getloadavg()[0]:.2f}" + (f"\n{total.skipped:,} requests not sent: the sender fell more than 1 s "
                                         "behind (a busy machine), so the rate was not held" if total.skipped else ""))
    print(f"\n{'kind':<30} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind in TRAFFIC:
        values = total.latencies.get(kind.name, [])
        wrong = sum(n for (name, _), n in total.errors.items() if name == kind.name)
        if values:
            print(f"{kind.name:<30} {len(values):>9,} {percentile(values, 50):8.1f} {percentile(values, 95):8.1f} "
                  f"{percentile(values, 99):8.1f} {wrong:7d}")
    for (kind, what), n in sorted(total.errors.items()):
        print(f"  error: {kind}: {what} x{n}: {total.samples[(kind, what)][:200]}")
    reads = total.cache["hit"] + total.cache["miss"]
    if reads:
        print(f"dashboard cache: {total.cache['hit'] / reads:.1%} hits of {reads:,} cached reads")
    print("p95 by interval (ms): " + ", ".join(f"{clock(r['end']).strip()} {r['p95']:.1f}" for r in soak.rows))
    print(f"\nmemory after the first interval, after the {result['warmup']:.0f} s warm-up -> at the end of the traffic "
          "(MiB; RSS; PostgreSQL: the private memory of its processes, the shared memory they touch apart), the "
          "change since the warm-up and since the first interval, and CPU from the warm-up on (% of one core):")
    start, first, worst = result["start"], soak.rows[0]["memory"], []
    (t0, cpu0), (t1, cpu1) = result["cpu_start"], result["cpu_end"]
    for name in [*end_memory, "client (bench)"]:
        cpu = f"CPU {(cpu1.get(name, 0) - cpu0.get(name, 0)) / (t1 - t0):6.1%}"
        if name not in end_memory:
            print(f"  {name:<14} {'':>29}  {cpu}")
            continue
        (before, shared_before), (after, shared) = start.get(name, (0, 0)), end_memory[name]
        change = (after - before) / before if before else 0.0
        early = first.get(name, (0, 0))[0]
        since_first = f"{(after - early) / early:+7.1%}" if early else f"{'':>7}"
        worst.append((abs(change), name, change))
        extra = f"   shared {mib(shared_before)} -> {mib(shared)}" if shared else ""
        print(f"  {name:<14} {mib(early):>8}, {mib(before):>8} -> {mib(after):>8}  {change:+7.1%} {since_first}  "
              f"{cpu}{extra}")
    print(f"PostgreSQL connections: {result['connections_start']} after the warm-up, {soak.rows[-1]['connections']} "
          "at the end")
    print("outbox backlog after the traffic stopped: "
          + (f"0 after {drained:.1f} s" if drained is not None else f"{monitor.backlog()} still after {args.drain} s"))
    runs = monitor.conn.execute("select status, count(*), string_agg(distinct job, ', ' order by job) "
                                "from private.job_runs where started_at >= %s group by status order by status",
                                (since,)).fetchall()
    failed = {status: n for status, n, _ in runs}.get("failed", 0)
    print("scheduler job runs during the run: " + ("; ".join(f"{status} {n} ({jobs})" for status, n, jobs in runs)
                                                   or "none"))
    dead_letters = monitor.one("select outbox.consumer_state() -> 'dead_letters'")
    print(f"consumer dead letters: {dead_letters}")
    gone = monitor.dead(result["pids"])
    biggest = max(worst)
    goals = [
        (errors == 0, f"errors: {errors} (goal 0)"),
        (biggest[0] <= GOAL_MEMORY, f"memory: largest change {biggest[1]} {biggest[2]:+.1%} (goal within "
                                    f"+-{GOAL_MEMORY:.0%} of the value after the warm-up)"),
        (drained is not None, "outbox backlog drained after the traffic: "
         + (f"in {drained:.1f} s" if drained is not None else "no") + f" (goal: within {args.drain:g} s)"),
        (failed == 0, f"scheduler job runs failed: {failed} (goal 0)"),
        (not gone, "processes: " + (f"gone or restarted: {', '.join(gone)}" if gone else
                                    f"all {len(result['pids'])} still running (goal: none gone)")),
    ]
    print()
    for ok, text in goals:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for ok, _ in goals)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ifarm bench soak")
    p.add_argument("--minutes", type=float, default=30, help="how long the traffic runs")
    p.add_argument("--rate", type=float, default=100, help="requests per second, fixed")
    p.add_argument("--interval", type=float, default=60, help="seconds between progress lines")
    p.add_argument("--warmup", type=float, default=600,
                   help="seconds of traffic before the memory baseline (at most a third of the run)")
    p.add_argument("--tenants", type=int, default=4)
    p.add_argument("--workers", type=int, default=2, help="API workers")
    p.add_argument("--drain", type=float, default=60, help="seconds allowed for the outbox to drain after the traffic")
    args = p.parse_args(argv)
    started = time.monotonic()
    with common.full_stack(args.workers, SOAK_ENV) as stack:
        up = time.monotonic() - started
        tenants = setup(stack.base, stack.db_url, args.tenants)
        soak = Soak(stack, tenants, args)
        share = sum(k.weight for k in TRAFFIC)
        print(f"ifarm bench soak, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.2f}: {args.minutes:g} min at {args.rate:g} requests/s, {args.tenants} tenants "
              f"(owner + worker, {COWS} cows each), API {args.workers} workers + scheduler + relay + consumer on "
              f"embedded PostgreSQL, Valkey and Tansu\nmix: "
              + ", ".join(f"{k.name} {k.weight / share:.0%}" for k in TRAFFIC)
              + f"\nstack up in {up:.1f} s, tenants set up in {time.monotonic() - started - up:.1f} s\n", flush=True)
        since = soak.monitor.one("select now()")
        result = asyncio.run(soak.run())
        end_memory = soak.monitor.memory()
        drained = drain(soak.monitor, args.drain)
        ok = summary(soak, result, end_memory, drained, since)
        soak.monitor.conn.close()
        stopping = time.monotonic()
    print(f"stack stopped in {time.monotonic() - stopping:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
