"""Failover, fencing and failback with the real processes: `ifarm api` with two workers under a writing
client while the primary is killed (pg_ctl stop -m immediate, as kill -9), the old primary coming back,
failback, a second failover; synchronous mode; the relay, the consumers and the scheduler following a
switch. RTO and the acknowledged writes lost are printed here and measured by `ifarm bench replication`."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
import time
import uuid

import httpx
import psycopg
import pytest

from app import replication
from app.embedded import EmbeddedKafka, EmbeddedPostgres
from tests.api.conftest import ROOT, SECRET, start_api, stop_api
from tests.integration.conftest import until
from tests.integration.replication_support import Clusters, as_user, count, drop_pair, new_pair, new_user, tenant_of

pytestmark = pytest.mark.xdist_group("replication")

quiet = (lambda *a: print(*a)) if os.environ.get("IFARM_TEST_VERBOSE") else (lambda *_: None)


def token(user_id: str) -> dict:
    import jwt

    now = int(time.time())
    claims = {"sub": user_id, "role": "authenticated", "aud": "authenticated", "iat": now, "exp": now + 3600}
    return {"Authorization": f"Bearer {jwt.encode(claims, SECRET, algorithm='HS256')}"}


class Farm:
    """A tenant with a cow on the primary, replicated to the backup: what the writer writes about."""

    def __init__(self, pair: replication.Pair):
        self.owner = new_user(pair.primary)
        self.tenant = tenant_of(pair.primary, self.owner)
        farm = as_user(pair.primary, self.owner, "select api.create_farm(tenant_id => %s, name => 'Dairy') ->> 'id'",
                       (self.tenant,))[0][0]
        self.cow = as_user(pair.primary, self.owner, "select api.create_animal(tenant_id => %s, farm_id => %s, "
                           "tag_number => 'COW-1', species => 'cattle', sex => 'female') ->> 'id'",
                           (self.tenant, farm))[0][0]
        self.headers = token(self.owner)
        assert until(lambda: count(pair.backup, "select count(*) from animals where id = %s", (self.cow,)) == 1, 20)


class Writer(threading.Thread):
    """One client writing activities through the API as fast as it can, each with its own key in `notes`,
    keeping every answer: (sent at, answered at, status, key)."""

    def __init__(self, base: str, farm: Farm):
        super().__init__(daemon=True)
        self.base, self.farm = base, farm
        self.results: list[tuple[float, float, int, str]] = []
        self.stop = threading.Event()

    def write(self, http: httpx.Client) -> tuple[int, str]:
        key = uuid.uuid4().hex
        try:
            r = http.post(f"/api/v1/tenants/{self.farm.tenant}/activities", headers=self.farm.headers,
                          json={"activity_type": "feeding", "animal_id": self.farm.cow, "notes": key})
            return r.status_code, key
        except httpx.HTTPError:
            return 0, key

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as http:
            while not self.stop.is_set():
                sent = time.monotonic()
                status, key = self.write(http)
                self.results.append((sent, time.monotonic(), status, key))

    def acknowledged(self, after: float = 0.0, before: float = float("inf")) -> set[str]:
        """Keys of the writes answered 2xx that were sent in [after, before)."""
        return {k for t, _, s, k in self.results if 200 <= s < 300 and after <= t < before}

    def answers_after(self, moment: float) -> list[int]:
        return [s for t, _, s, _ in self.results if t >= moment]

    def first_success_after(self, moment: float) -> float | None:
        """When the first write sent after `moment` was acknowledged (RTO: minus the moment)."""
        return next((done for t, done, s, _ in self.results if t >= moment and 200 <= s < 300), None)

    def finish(self, seconds_after_recovery: float, moment: float, limit: float = 60) -> None:
        until(lambda: self.first_success_after(moment) is not None, limit)
        time.sleep(seconds_after_recovery)
        self.stop.set()
        self.join(30)


def present(dsn: str, keys: set[str]) -> set[str]:
    with psycopg.connect(dsn) as conn:
        return {r[0] for r in conn.execute("select notes from activities where notes = any(%s)", (list(keys),))}


def health(base: str) -> dict:
    return httpx.get(f"{base}/health", timeout=10).json()["checks"]["replication"]


def every_worker_writes_to(base: str, side: str, tries: int = 12) -> bool:
    """Several /health answers (the kernel spreads connections over both workers): all on `side`."""
    return all(health(base)["active"] == side for _ in range(tries))


def kill(clusters: Clusters) -> float:
    clusters.primary.stop("immediate")
    return time.monotonic()


@pytest.fixture
def pair(clusters: Clusters) -> replication.Pair:
    p = new_pair(clusters)
    yield p
    if not (clusters.primary.data_dir / "postmaster.pid").exists():
        clusters.primary.start()  # a test that killed it leaves it running for the next one
    for server in (clusters.primary, clusters.backup):
        with psycopg.connect(server.url, autocommit=True) as conn:  # synchronous mode is cluster-wide
            conn.execute("alter system reset synchronous_standby_names")
            conn.execute("select pg_reload_conf()")
    drop_pair(clusters, p)


def api_for(clusters: Clusters, pair: replication.Pair, tmp_path) -> tuple[subprocess.Popen, str]:
    return start_api(pair.primary, {**clusters.env(pair), "REDIS_URL": "", "LOG_LEVEL": "WARNING"},
                     tmp_path / "api", stdout=tmp_path / "api.log", workers=2)


def test_a_killed_primary_fails_over_under_write_load_is_fenced_when_back_and_failback_returns_every_write(
        clusters: Clusters, pair: replication.Pair, tmp_path):
    replication.setup(pair, say=quiet)
    farm = Farm(pair)
    api, base = api_for(clusters, pair, tmp_path)
    try:
        writer = Writer(base, farm)
        writer.start()
        assert until(lambda: len(writer.acknowledged()) >= 20, 30)
        killed_at = kill(clusters)
        writer.finish(1.0, killed_at)

        # The API kept answering, without a restart, and said only 503 while it switched.
        assert api.poll() is None
        after_kill = writer.answers_after(killed_at)
        assert after_kill and {s for s in after_kill if not 200 <= s < 300} <= {503}
        recovered = writer.first_success_after(killed_at)
        assert recovered is not None
        assert until(lambda: every_worker_writes_to(base, "backup"), 10)
        acked_before = writer.acknowledged(before=killed_at)
        lost = acked_before - present(pair.backup, acked_before)
        during = writer.acknowledged(after=killed_at)
        assert present(pair.backup, during) == during
        print(f"\nasync failover: RTO {recovered - killed_at:.2f} s, {len(lost)} of {len(acked_before)} "
              f"acknowledged writes lost, {len(after_kill) - len(during)} answered 503 during the switch")

        # The old primary comes back fenced: the monitors see a newer epoch elsewhere.
        clusters.primary.start()
        assert until(lambda: replication.statuses(pair)["primary"].get("role") == "fenced", 20)
        with pytest.raises(psycopg.Error) as refused:
            as_user(pair.primary, farm.owner, "select api.record_activity(tenant_id => %s, activity_type => "
                    "'feeding', animal_id => %s)", (farm.tenant, farm.cow))
        assert refused.value.diag.message_hint.startswith("fenced")

        # Failback: every write made during the failover is on the primary, and the API follows.
        replication.failback(pair, say=quiet, drain_seconds=0)
        assert present(pair.primary, during) == during
        assert until(lambda: every_worker_writes_to(base, "primary"), 10)
        second = Writer(base, farm)
        status, key = second.write(httpx.Client(base_url=base, timeout=30))
        assert status == 201 and present(pair.primary, {key}) == {key}
        assert until(lambda: present(pair.backup, {key}) == {key}, 10)

        # A second failover works too.
        second.start()
        assert until(lambda: len(second.acknowledged()) >= 5, 30)
        killed_again = kill(clusters)
        second.finish(0.5, killed_again)
        assert second.first_success_after(killed_again) is not None
        assert {s for s in second.answers_after(killed_again) if not 200 <= s < 300} <= {503}
        assert present(pair.backup, second.acknowledged(after=killed_again)) == second.acknowledged(after=killed_again)
        assert replication.statuses(pair)["backup"]["epoch"] == 4
    finally:
        stop_api(api)


def test_synchronous_mode_loses_no_acknowledged_write_when_the_primary_is_killed(
        clusters: Clusters, pair: replication.Pair, tmp_path):
    sync = dataclasses.replace(pair, mode="sync")
    replication.setup(sync, say=quiet)
    assert replication.statuses(sync)["primary"]["slots"][0]["sync_state"] == "sync"
    farm = Farm(sync)
    api, base = api_for(clusters, sync, tmp_path)
    try:
        writer = Writer(base, farm)
        writer.start()
        assert until(lambda: len(writer.acknowledged()) >= 20, 30)
        killed_at = kill(clusters)
        writer.finish(0.5, killed_at)
        acked = writer.acknowledged()
        assert present(sync.backup, acked) == acked
        recovered = writer.first_success_after(killed_at)
        print(f"\nsync failover: RTO {recovered - killed_at:.2f} s, 0 of {len(acked)} acknowledged writes lost")
    finally:
        stop_api(api)


def test_a_cancelled_synchronous_wait_is_answered_as_unconfirmed_not_as_success(
        clusters: Clusters, pair: replication.Pair, tmp_path):
    sync = dataclasses.replace(pair, mode="sync")
    replication.setup(sync, say=quiet)
    farm = Farm(sync)
    quiet(f"{time.monotonic():.1f} farm")
    api, base = api_for(clusters, sync, tmp_path)
    quiet(f"{time.monotonic():.1f} api")
    try:
        with psycopg.connect(sync.backup, autocommit=True) as conn:  # the standby stops confirming
            conn.execute(f"alter subscription {sync.name} disable")
        writer = Writer(base, farm)
        answer: dict = {}

        def write() -> None:
            answer["status"], answer["key"] = writer.write(httpx.Client(base_url=base, timeout=60))

        thread = threading.Thread(target=write)
        thread.start()
        with psycopg.connect(clusters.primary.url, autocommit=True) as conn:
            waiting = until(lambda: conn.execute("select count(*) from pg_stat_activity where wait_event = 'SyncRep' "
                                                 "and application_name = 'ifarm-api'").fetchone()[0] == 1, 20)
            assert waiting, "the API's commit did not wait for the standby"
            conn.execute("select pg_cancel_backend(pid) from pg_stat_activity where wait_event = 'SyncRep' "
                         "and application_name = 'ifarm-api'")
        thread.join(30)
        assert answer["status"] == 503
        # PostgreSQL kept the row (it committed locally): the client was told the outcome is unconfirmed.
        assert present(sync.primary, {answer["key"]}) == {answer["key"]}
    finally:
        with psycopg.connect(sync.backup, autocommit=True) as conn:
            conn.execute(f"alter subscription {sync.name} enable")
        with psycopg.connect(clusters.primary.url, autocommit=True) as conn:  # nothing waits any more, so
            conn.execute("alter system reset synchronous_standby_names")   # the API's own commits finish
            conn.execute("select pg_reload_conf()")
        stop_api(api)
        assert api.wait(20) is not None


def test_failback_onto_a_new_primary_server_when_the_old_one_is_lost(clusters: Clusters, pair: replication.Pair,
                                                                     tmp_path):
    """Three clusters: the primary dies for good, the backup serves, and a new server takes the primary's
    place (DATABASE_URL pointed at it): failback builds it from the backup and makes it active."""
    replication.setup(pair, say=quiet)
    owner = new_user(pair.primary)
    tenant = tenant_of(pair.primary, owner)
    as_user(pair.primary, owner, "select api.create_farm(tenant_id => %s, name => 'Before')", (tenant,))
    replication.wait_caught_up(pair, "primary", 30)
    kill(clusters)
    replication.failover(pair, reason="the primary's disk is gone", say=quiet)
    as_user(pair.backup, owner, "select api.create_farm(tenant_id => %s, name => 'During')", (tenant,))

    new_server = EmbeddedPostgres(tmp_path / "new-primary", settings={"fsync": "off"},
                                  scram_users=("ifarm_replicator",)).start()
    try:
        with psycopg.connect(new_server.url, autocommit=True) as conn:
            conn.execute("create database ifarm")
        moved = dataclasses.replace(
            pair, primary=new_server.url_for("ifarm"),
            primary_conninfo=pair.primary_conninfo.replace(f"port={clusters.primary.port} ",
                                                           f"port={new_server.port} ").replace(
                f"dbname={pair.name.removeprefix('ifarm_')}", "dbname=ifarm"))
        assert replication.failback(moved, say=quiet) == 3
        farms = "select string_agg(name, ',' order by name) from farms"
        assert count(moved.primary, farms) == count(moved.backup, farms) == "Before,During"
        as_user(moved.primary, owner, "select api.create_farm(tenant_id => %s, name => 'After')", (tenant,))
        assert until(lambda: count(moved.backup, farms) == "After,Before,During", 10)
    finally:
        try:
            replication.drop_channel(moved, "primary")
        except (psycopg.Error, replication.ReplicationError, NameError):
            pass
        new_server.stop()


def processes(clusters: Clusters, pair: replication.Pair, bootstrap: str, tmp_path) -> list[subprocess.Popen]:
    env = {**os.environ, **clusters.env(pair), "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "REDIS_URL": "",
           "IFARM_DATA_DIR": str(tmp_path), "LOG_LEVEL": "WARNING"}
    return [subprocess.Popen([sys.executable, "-m", "app.cli", what], cwd=ROOT, env=env,
                             stdout=open(tmp_path / f"{what}.log", "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115
            for what in ("relay", "consumer", "scheduler")]


def delivered(dsn: str, farm_id: str) -> bool:
    """The farm's event was published by the relay and applied by the consumers, on this database."""
    with psycopg.connect(dsn) as conn:
        return conn.execute(
            "select exists (select 1 from outbox.events e join outbox.inbox i on i.event_id = e.event_id "
            "where e.published_at is not null and e.payload ->> 'aggregate_id' = %s)", (farm_id,)).fetchone()[0]


def test_the_relay_the_consumers_and_the_scheduler_follow_a_switch_and_the_way_back(
        clusters: Clusters, pair: replication.Pair, broker: EmbeddedKafka, tmp_path):
    replication.setup(pair, say=quiet)
    owner = new_user(pair.primary)
    tenant = tenant_of(pair.primary, owner)
    procs = processes(clusters, pair, broker.bootstrap, tmp_path)
    try:
        def farm_on(dsn: str, name: str) -> str:
            return as_user(dsn, owner, "select api.create_farm(tenant_id => %s, name => %s) ->> 'id'",
                           (tenant, name))[0][0]

        first = farm_on(pair.primary, "Before")
        assert until(lambda: delivered(pair.primary, first), 60)

        replication.failover(pair, reason="test switchover", say=quiet)
        during = farm_on(pair.backup, "During")
        assert until(lambda: delivered(pair.backup, during), 60)
        refreshed = ("select count(*) from private.job_runs where job = 'refresh_dashboard_views' "
                     "and status = 'succeeded'")
        assert until(lambda: count(pair.backup, refreshed) >= 1, 30)

        replication.failback(pair, say=quiet)
        after = farm_on(pair.primary, "After")
        assert until(lambda: delivered(pair.primary, after), 60)
        assert all(p.poll() is None for p in procs), "a process exited"
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
