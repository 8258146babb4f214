"""Faults on a real `ifarm api` process: PostgreSQL stopped (pg_ctl fast and immediate) and started again, or
crashed (a backend killed), while client threads read and write through the API; an idle pool across a
restart; statements cut by the role's statement_timeout or by the stack depth limit.

Every request is answered, within twice the pool timeout, with 2xx or a 503 in PostgREST's shape (never a
500, never a hang); the API recovers by itself once PostgreSQL is back; no acknowledged write (201) is lost;
a statement timeout is a 504 and leaves every pooled connection usable."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import psycopg
import pytest

from app.errors import http_status
from tests.api.conftest import Api, start_api, stop_api
from tests.integration.conftest import restartable_postgres, until

POOL_TIMEOUT = 2  # DB_POOL_TIMEOUT of the API under test: how long a request waits for a connection
LATENCY_BOUND = 2 * POOL_TIMEOUT  # no request takes longer, outage or not
OUTAGE = 8.0  # seconds PostgreSQL stays down (long enough for psycopg_pool to back off to 8 s between attempts)
RECOVERY_BOUND = 3.0  # seconds after PostgreSQL accepts connections again, every request succeeds
ERROR_KEYS = {"code", "message", "details", "hint"}


@pytest.fixture(scope="module")
def restartable(tmp_path_factory):
    """One migrated server and one API process for the module (migrating and starting take seconds each);
    each test uses its own tenant, and leaves PostgreSQL up and the API recovered (or fails)."""
    path = tmp_path_factory.mktemp("faults")
    with restartable_postgres(path / "pg") as (server, url):
        proc, base = start_api(url, {"REDIS_URL": "", "DB_POOL_TIMEOUT": str(POOL_TIMEOUT), "DB_POOL_MIN": "2",
                                     "DB_POOL_MAX": "2"}, path / "api")
        try:
            yield server, url, Api(base, url)
        finally:
            stop_api(proc)


@dataclass
class Outcome:
    kind: str
    started: float  # time.monotonic()
    ended: float
    status: int | None  # None: no answer (the error says why)
    body: object = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Load:
    """Client threads, one per kind of request, each repeating its request until stopped and recording
    every outcome (a request that gets no answer within 3x the pool timeout is recorded as an error)."""

    def __init__(self, base_url: str, kinds: dict[str, Callable[[httpx.Client, int], httpx.Response]]):
        self.base_url = base_url
        self.kinds = kinds
        self.outcomes: list[Outcome] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(kind,), daemon=True) for kind in kinds]

    def _run(self, kind: str) -> None:
        request = self.kinds[kind]
        with httpx.Client(base_url=self.base_url, timeout=3 * POOL_TIMEOUT) as client:
            n = 0
            while not self._stop.is_set():
                started = time.monotonic()
                try:
                    r = request(client, n)
                    outcome = Outcome(kind, started, time.monotonic(), r.status_code, _json(r))
                except httpx.HTTPError as exc:
                    outcome = Outcome(kind, started, time.monotonic(), None, error=repr(exc))
                with self._lock:
                    self.outcomes.append(outcome)
                n += 1
                time.sleep(0.005)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(10)


def _json(r: httpx.Response):
    try:
        return r.json()
    except ValueError:
        return r.text


def farm_owner(api: Api) -> tuple[dict, str, str]:
    """A signed-up owner, their tenant (on a plan without an animal limit) and a farm."""
    owner = api.signup()
    tenant = api.tenant(owner)
    api.sql("update subscriptions set plan_code = 'enterprise' where tenant_id = %s", (tenant,))
    r = api.http.post(f"/api/v1/tenants/{tenant}/farms", json={"name": "Main"}, headers=owner["headers"])
    assert r.status_code == 201, r.text
    return owner, tenant, r.json()["id"]


def cut_postgres(server, url: str, mode: str) -> tuple[float, float]:
    """Takes PostgreSQL away and brings it back: pg_ctl stop (fast or immediate), OUTAGE seconds, start; or
    "crash", a backend killed with SIGKILL, after which PostgreSQL ends every session and restarts by itself.
    Returns when the outage began and when PostgreSQL accepted connections again (time.monotonic())."""
    if mode == "crash":
        with psycopg.connect(url, autocommit=True) as victim:
            down = time.monotonic()
            os.kill(victim.info.backend_pid, signal.SIGKILL)
        assert until(lambda: accepts_connections(url), 30)
    else:
        server.stop(mode)
        down = time.monotonic()
        time.sleep(OUTAGE)
        server.start()
    return down, time.monotonic()


def accepts_connections(url: str) -> bool:
    try:
        psycopg.connect(url, connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


@pytest.mark.parametrize("mode", ["fast", "immediate", "crash"])
def test_postgres_cut_under_load_gives_quick_503s_then_recovers_and_loses_no_acknowledged_write(
        restartable, mode):
    server, url, api = restartable
    owner, tenant, farm = farm_owner(api)
    h = owner["headers"]
    animals = f"/api/v1/tenants/{tenant}/animals"
    created: list[str] = []

    def create(client: httpx.Client, n: int, prefix: str) -> httpx.Response:
        r = client.post(animals, headers=h, json={"farm_id": farm, "tag_number": f"{prefix}-{n}",
                                                  "species": "cattle", "sex": "female"})
        if r.status_code == 201:
            created.append(r.json()["id"])
        return r

    kinds = {
        "whoami": lambda c, n: c.post("/rpc/whoami"),
        "list": lambda c, n: c.get(f"{animals}?page_size=5", headers=h),
        "create-a": lambda c, n: create(c, n, "A"),
        "create-b": lambda c, n: create(c, n, "B"),
    }
    with Load(api.base_url, kinds) as load:
        time.sleep(1)
        cut = time.monotonic()
        down, up = cut_postgres(server, url, mode)
        time.sleep(RECOVERY_BOUND + 1)
    outcomes = load.outcomes

    unanswered = [o for o in outcomes if o.status is None]
    assert not unanswered, unanswered[:3]
    slowest = max(o.ended - o.started for o in outcomes)
    assert slowest < LATENCY_BOUND, slowest
    odd = {(o.status, str(o.body)[:200]) for o in outcomes if o.status not in (200, 201, 503)}
    assert not odd  # never a 500
    for o in outcomes:
        if o.status == 503:
            assert isinstance(o.body, dict) and ERROR_KEYS <= set(o.body), o.body
    assert all(o.ok for o in outcomes if o.ended < cut)  # before the fault: all served
    failures = [o for o in outcomes if not o.ok]
    if mode != "crash":  # (a crash restarts in a fraction of a second: requests may all wait it out)
        assert {o.kind for o in failures} == set(kinds)  # reads and writes alike felt it
    if mode != "crash":  # answered while PostgreSQL was down: 503s
        during = [o for o in outcomes if down <= o.ended <= up]
        assert during and all(o.status == 503 for o in during)
    recovered = max((o.ended for o in failures), default=up) - up
    assert recovered < RECOVERY_BOUND, recovered
    after = [o for o in outcomes if o.started > up + RECOVERY_BOUND]
    assert {o.kind for o in after} == set(kinds) and all(o.ok for o in after)
    stored = {str(r[0]) for r in api.sql("select id from animals where tenant_id = %s", (tenant,))}
    assert set(created) <= stored  # every 201 is in the database
    first = min(o.ended for o in outcomes if o.ok and o.ended > up) - up
    codes = Counter(o.body["code"] for o in failures)
    print(f"\n{mode}: {up - down:.2f} s without PostgreSQL, {len(outcomes)} requests, 503s {dict(codes)}, "
          f"slowest {slowest * 1000:.0f} ms, first 2xx {first:.2f} s after PostgreSQL was back and no 503 ending later "
          f"than {max(recovered, 0):.2f} s after, "
          f"{len(created)} writes acknowledged, all stored")


def test_idle_pooled_connections_cut_by_a_restart_are_replaced_before_use(restartable):
    """No traffic while PostgreSQL restarts: the pool's idle connections are dead when it is back, and
    the first requests must not be the ones to find out."""
    server, url, api = restartable
    pooled = "select count(*) from pg_stat_activity where application_name = 'ifarm-api' and state = 'idle'"
    assert until(lambda: api.sql(pooled)[0][0] == 2, 10)
    server.stop("fast")
    server.start()
    answers = [api.http.post("/rpc/whoami") for _ in range(4)]
    assert [r.status_code for r in answers] == [200] * 4, [r.text for r in answers]


STATEMENT_TIMEOUT_MS = 500
# Test-only functions in schema api, so /rpc reaches them, and a short statement_timeout for authenticated
# in this database (the API reads role timeouts into its schema cache, which NOTIFY pgrst reloads).
SLOW_SQL = f"""
create function api.testing_nap(seconds double precision) returns jsonb language sql
    as $$ select pg_sleep(seconds); select jsonb_build_object('pid', pg_backend_pid()) $$;
create function api.testing_recurse(depth integer) returns integer language plpgsql
    as $$ begin return api.testing_recurse(depth + 1); end $$;
grant execute on function api.testing_nap(double precision), api.testing_recurse(integer) to authenticated;
alter role authenticated in database app set statement_timeout = '{STATEMENT_TIMEOUT_MS}ms';
notify pgrst, 'reload schema';
"""
NO_SLOW_SQL = """
drop function api.testing_nap(double precision);
drop function api.testing_recurse(integer);
alter role authenticated in database app reset statement_timeout;
notify pgrst, 'reload schema';
"""


@pytest.fixture(scope="module")
def slow_sql(restartable):
    """Once for the module's last tests (a schema reload still running from a previous change could
    otherwise overwrite this one's): ready when a 1-s nap is cut by the timeout."""
    _, _, api = restartable
    api.sql(SLOW_SQL)
    headers = {"Authorization": f"Bearer {api.token()}"}
    assert until(lambda: api.http.post("/rpc/testing_nap", json={"seconds": 1}, headers=headers).status_code == 504,
                 10)
    yield api, headers
    api.sql(NO_SLOW_SQL)


def test_a_statement_past_the_roles_timeout_is_a_504_and_every_pooled_connection_serves_on(slow_sql):
    api, headers = slow_sql
    pooled = "select pid, state from pg_stat_activity where application_name = 'ifarm-api'"
    assert until(lambda: len(api.sql(pooled)) == 2, 10)
    before = {pid for pid, _ in api.sql(pooled)}

    def nap(seconds: float) -> httpx.Response:
        return httpx.post(f"{api.base_url}/rpc/testing_nap", json={"seconds": seconds}, headers=headers, timeout=10)

    with ThreadPoolExecutor(2) as clients:  # one on each pooled connection
        started = time.monotonic()
        cut = list(clients.map(nap, [5, 5]))
        took = time.monotonic() - started
    for r in cut:
        assert r.status_code == 504, r.text
        body = r.json()
        assert set(body) == ERROR_KEYS and body["code"] == "57014"
        assert body["message"] == "canceling statement due to statement timeout"
    assert took < 4 * STATEMENT_TIMEOUT_MS / 1000  # cut at the timeout, not after the 5 s asked for
    with ThreadPoolExecutor(4) as clients:
        after = list(clients.map(nap, [0] * 40))
    assert [r.status_code for r in after] == [200] * 40
    assert {r.json()["pid"] for r in after} == before  # the same two connections, both serving
    assert {state for _, state in api.sql(pooled)} == {"idle"}  # none left in an aborted transaction
    assert api.http.get("/health").status_code == 200


def test_a_runaway_recursion_is_a_500_in_postgrest_shape_and_the_api_serves_on(slow_sql):
    api, headers = slow_sql
    r = api.http.post("/rpc/testing_recurse", json={"depth": 0}, headers=headers)
    assert r.status_code == 500, r.text  # 54001 statement_too_complex: a server fault, not a 413
    assert set(r.json()) == ERROR_KEYS and r.json()["code"] == "54001"
    assert api.http.post("/rpc/testing_nap", json={"seconds": 0}, headers=headers).status_code == 200


@pytest.mark.parametrize(("sqlstate", "status"), [
    ("54001", 500), ("54000", 500), ("54023", 500), ("53400", 500), ("53300", 503), ("53100", 503),
    ("57014", 504), ("57P01", 503), ("57P02", 503), ("57P03", 503), ("08006", 503),
])
def test_outage_timeout_and_limit_sqlstates_get_their_statuses(sqlstate: str, status: int):
    assert http_status(sqlstate, anonymous=False) == status
