"""Logical replication to the backup on two embedded PostgreSQL clusters, the backup set up like a
Supabase project (tests/integration/replication_support.py): setup, what a Supabase client sees on the
backup, and migrations of both databases with replication running."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time

import psycopg
import pytest

from app import replication
from app.cli import seed_demo
from tests.conftest import ROOT, TODAY
from tests.integration.conftest import until
from tests.integration.replication_support import (
    Clusters,
    as_user,
    count,
    drop_pair,
    new_pair,
    new_user,
    tenant_of,
)

pytestmark = pytest.mark.xdist_group("replication")

quiet = (lambda *a: print(f"{time.monotonic():.1f}", *a)) if os.environ.get("IFARM_TEST_VERBOSE") else (lambda *_: None)


@pytest.fixture
def pair(clusters: Clusters) -> replication.Pair:
    p = new_pair(clusters)
    yield p
    drop_pair(clusters, p)


@pytest.fixture
def live(pair: replication.Pair) -> replication.Pair:
    """A pair with replication set up."""
    replication.setup(pair, say=quiet)
    return pair


def published_counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        tables = [r[0] for r in conn.execute("select table_name from private.replicated_tables()")]
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def dashboards(dsn: str, owner: str, tenant: str) -> dict:
    return {fn: as_user(dsn, owner, f"select api.{fn}(tenant_id => %s)", (tenant,))[0][0]
            for fn in ("dashboard_stats", "dashboard_financial_summary", "dashboard_analytics",
                       "dashboard_activities", "dashboard_recent_sales")}


def without_freshness(answer):
    """A dashboard answer without the moments its views were refreshed (each database refreshed its own)."""
    if isinstance(answer, dict):
        return {k: without_freshness(v) for k, v in answer.items() if k != "as_of"}
    if isinstance(answer, list):
        return [without_freshness(v) for v in answer]
    return answer


def test_setup_copies_a_seeded_primary_and_the_backup_answers_alike(clusters: Clusters):
    pair = new_pair(clusters, fresh_backup=True)  # setup migrates it, as it would a new Supabase project
    try:
        quiet("seeding")
        tenant = seed_demo(pair.primary, TODAY)
        quiet("seeded")
        result = replication.setup(pair, say=quiet)
        assert result["copied"] is True
        counts = published_counts(pair.primary)
        assert counts["public.production_records"] > 1000 and counts["audit.log"] > 1000
        assert published_counts(pair.backup) == counts
        owner = str(count(pair.primary, "select user_id from tenant_members where tenant_id = %s and role = 'owner'",
                          (tenant,)))
        primary_answers = dashboards(pair.primary, owner, tenant)
        assert primary_answers["dashboard_stats"]["animals"]["total"] > 0
        assert {k: without_freshness(v) for k, v in dashboards(pair.backup, owner, tenant).items()} == \
            {k: without_freshness(v) for k, v in primary_answers.items()}

        again = replication.setup(pair, say=quiet)  # idempotent: nothing copied twice
        assert again["copied"] is False
        assert published_counts(pair.backup) == counts
        assert count(pair.backup, "select count(*) from pg_subscription") == 1
    finally:
        drop_pair(clusters, pair)


def test_a_write_on_the_primary_is_applied_on_the_backup_and_status_says_streaming(clusters: Clusters, live):
    owner = new_user(live.primary)
    tenant = tenant_of(live.primary, owner)
    farm = as_user(live.primary, owner, "select api.create_farm(tenant_id => %s, name => 'North') ->> 'id'",
                   (tenant,))[0][0]
    assert until(lambda: count(live.backup, "select count(*) from farms where id = %s", (farm,)) == 1, 10)
    env = {**os.environ, **clusters.env(live)}
    status = subprocess.run([sys.executable, "-m", "app.cli", "replication", "status"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert status.returncode == 0, status.stdout + status.stderr
    lines = status.stdout.splitlines()
    assert lines[0].startswith("primary  active   epoch 1, async")
    assert any(line.strip().startswith(f"slot {live.name}: streaming (async), lag ") for line in lines)
    assert lines[2].startswith("backup   standby  epoch 1")
    assert any(f"subscription {live.name}: enabled" in line for line in lines)
    assert any(line.startswith("active   primary at epoch 1; last switch: setup") for line in lines)


def test_status_fails_when_the_backup_is_not_streaming(clusters: Clusters, live):
    with psycopg.connect(live.backup, autocommit=True) as conn:
        conn.execute(f"alter subscription {live.name} disable")
    env = {**os.environ, **clusters.env(live)}
    status = subprocess.run([sys.executable, "-m", "app.cli", "replication", "status"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert status.returncode == 1
    assert f"subscription {live.name}: DISABLED" in status.stdout


def test_a_supabase_client_reading_the_backup_sees_only_its_tenant_and_cannot_write(live):
    alice, bob = new_user(live.primary), new_user(live.primary)
    alices, bobs = tenant_of(live.primary, alice), tenant_of(live.primary, bob)
    as_user(live.primary, alice, "select api.create_farm(tenant_id => %s, name => 'Alice Farm')", (alices,))
    as_user(live.primary, bob, "select api.create_farm(tenant_id => %s, name => 'Bob Farm')", (bobs,))
    assert until(lambda: count(live.backup, "select count(*) from farms") == 2, 10)

    assert as_user(live.backup, alice, "select name from farms") == [("Alice Farm",)]
    assert as_user(live.backup, alice, "select count(*) from tenants")[0][0] == 1
    for statement, params in (("insert into farms (tenant_id, name) values (%s, 'Sneaked in')", (alices,)),
                              ("select api.create_farm(tenant_id => %s, name => 'Via the API function')", (alices,)),
                              ("update farms set name = 'Renamed' where tenant_id = %s", (alices,))):
        with pytest.raises(psycopg.Error) as refused:
            as_user(live.backup, alice, statement, params)
        assert refused.value.sqlstate == "PT503"
        assert refused.value.diag.message_hint.startswith("read_only_standby")
    assert count(live.backup, "select count(*) from farms where name <> all ('{Alice Farm,Bob Farm}')") == 0
    assert count(live.primary, "select count(*) from farms") == 2


ADDITIVE = """
-- test: an additive change, as a later release would make it
ALTER TABLE public.farms ADD COLUMN nickname text;
CREATE TABLE public.gadgets (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    label text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
ALTER TABLE public.gadgets ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.gadgets FORCE ROW LEVEL SECURITY;
"""


@pytest.fixture
def next_release(tmp_path):
    """This checkout's db/ with one more, additive, migration."""
    db_dir = tmp_path / "db"
    shutil.copytree(ROOT / "db", db_dir)
    (db_dir / "migrations" / "V0090__test_additive.sql").write_text(ADDITIVE)
    return db_dir


def test_an_additive_migration_reaches_both_databases_and_the_subscription_keeps_streaming(live, next_release):
    result = replication.migrate_pair(live, next_release, say=quiet)
    assert result["order"] == ["backup", "primary"] and result["versions"] == {"primary": 90, "backup": 90}
    owner = new_user(live.primary)
    tenant = tenant_of(live.primary, owner)
    with psycopg.connect(live.primary, autocommit=True) as conn:
        conn.execute("insert into farms (tenant_id, name, nickname) values (%s, 'Hill', 'the windy one')", (tenant,))
        conn.execute("insert into gadgets (tenant_id, label) values (%s, 'gate sensor')", (tenant,))
    assert until(lambda: count(live.backup, "select count(*) from farms where nickname = 'the windy one'") == 1, 10)
    assert until(lambda: count(live.backup, "select count(*) from gadgets where label = 'gate sensor'") == 1, 10)
    assert count(live.backup, "select count(*) from pg_trigger where tgrelid = 'public.gadgets'::regclass "
                              "and tgname = 'refuse_writes_unless_active'") == 1
    status = replication.statuses(live)
    assert status["backup"]["subscriptions"][0]["apply_error_count"] == 0


def test_migrate_refuses_a_database_with_a_migration_this_checkout_does_not_know(live, next_release):
    with psycopg.connect(live.backup, autocommit=True) as conn:
        conn.execute("insert into public.schema_version (version, description, installed_by) "
                     "values (9999, 'from a newer release', 'someone')")
    with pytest.raises(replication.ReplicationError, match="V9999"):
        replication.migrate_pair(live, next_release, say=quiet)
    assert 90 not in replication.applied_versions(live.primary)  # the primary was left as it was
    assert 90 not in replication.applied_versions(live.backup)


def test_migrate_refuses_when_the_backup_cannot_be_reached(live, next_release):
    from app.embedded import free_port

    gone = live.backup.replace(f":{live.backup.split(':')[-1].split('/')[0]}/", f":{free_port()}/")
    unreachable = replication.Pair(primary=live.primary, backup=gone, name=live.name)
    with pytest.raises(replication.ReplicationError, match="cannot be reached"):
        replication.migrate_pair(unreachable, next_release, say=quiet)
    assert 90 not in replication.applied_versions(live.primary)  # the primary was left as it was


# ---------------------------------------------------------------- the monitor's decisions


def monitor_of(pair: replication.Pair, primary_dsn: str | None = None, automatic: bool = True) -> replication.Monitor:
    """A monitor as a process runs it, here in the test; `primary_dsn` may point where nothing listens."""
    dsns = {"primary": primary_dsn or pair.primary, "backup": pair.backup}
    return replication.Monitor(replication.Router(dsns), dsns,
                               replication.FailoverSettings(automatic=automatic, interval=0, failures=3, timeout=2))


def ticks(monitor: replication.Monitor, n: int) -> list[bool]:
    async def run() -> list[bool]:
        try:
            return [await monitor.tick() for _ in range(n)]
        finally:
            for side in replication.SIDES:
                await monitor._drop(side)

    return asyncio.run(run())


def roles(pair: replication.Pair) -> dict:
    return {side: (s.get("role"), s.get("epoch")) for side, s in replication.statuses(pair).items()}


def unreachable(pair: replication.Pair) -> str:
    from app.embedded import free_port

    return pair.primary.replace(pair.primary.split("@")[1].split("/")[0], f"127.0.0.1:{free_port()}")


def test_a_monitor_promotes_a_complete_standby_after_the_configured_failed_probes(live):
    monitor = monitor_of(live, unreachable(live))
    monitor.router.switch("primary", 1)  # it wrote to the primary at epoch 1 before losing it
    assert ticks(monitor, 2) == [False, False]
    assert roles(live)["backup"] == ("standby", 1)
    assert ticks(monitor, 1) == [True]
    assert roles(live)["backup"] == ("active", 2)
    assert (monitor.router.side, monitor.router.epoch, monitor.promotions) == ("backup", 2, 1)
    assert count(live.backup, f"select count(*) from pg_subscription where subname = '{live.name}' "
                              "and subenabled") == 0


def test_a_monitor_never_promotes_when_automatic_failover_is_off(live):
    monitor = monitor_of(live, unreachable(live), automatic=False)
    monitor.router.switch("primary", 1)
    ticks(monitor, 5)
    assert roles(live)["backup"] == ("standby", 1) and monitor.promotions == 0


def test_a_monitor_never_promotes_a_standby_whose_subscription_is_disabled(live):
    with psycopg.connect(live.backup, autocommit=True) as conn:
        conn.execute(f"alter subscription {live.name} disable")
    monitor = monitor_of(live, unreachable(live))
    monitor.router.switch("primary", 1)
    ticks(monitor, 5)
    assert roles(live)["backup"] == ("standby", 1)


def test_a_monitor_that_never_saw_the_primary_never_promotes(live):
    ticks(monitor_of(live, unreachable(live)), 5)
    assert roles(live)["backup"] == ("standby", 1)


def test_a_monitor_fences_a_primary_still_active_at_an_older_epoch_and_follows_the_newer(live):
    with psycopg.connect(live.backup, autocommit=True) as conn:  # promoted behind the primary's back
        conn.execute("select private.promote(1, 'test')")
    monitor = monitor_of(live)
    assert ticks(monitor, 1) == [True]
    assert roles(live) == {"primary": ("fenced", 1), "backup": ("active", 2)}
    assert (monitor.router.side, monitor.router.epoch) == ("backup", 2)
    assert "ifarm.epoch=2" in monitor.router.dsn()


def test_a_primary_that_answers_with_an_error_is_not_a_failed_probe(live):
    """Only an unreachable database counts towards promotion: one that answers (here a database without
    the schema) is there, and promoting the other side would split the pair."""
    reachable_but_wrong = live.primary.rsplit("/", 1)[0] + "/postgres"
    monitor = monitor_of(live, reachable_but_wrong)
    monitor.router.switch("primary", 1)
    ticks(monitor, 5)
    assert roles(live)["backup"] == ("standby", 1) and monitor.failures == 0
    assert "schema \"private\" does not exist" in monitor.summary()["sides"]["primary"]["error"]
