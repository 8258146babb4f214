"""The scheduler: one leader by advisory lock, every firing recorded once in private.job_runs."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scheduler.jobs import REGISTRY, Job
from scheduler.main import Scheduler
from tests.conftest import World, conn_dsn
from tests.integration.conftest import until

TICK = Job("tick", "select extract(epoch from %(scheduled_for)s::timestamptz)::bigint %% 7", every_seconds=1)


def runs(world: World, job: str) -> list[tuple]:
    return world.admin.execute("select scheduled_for, status, runner from private.job_runs where job = %s "
                               "order by scheduled_for", (job,)).fetchall()


def test_two_schedulers_fire_each_job_once(world18: World):
    dsn = conn_dsn(world18.admin)
    a, b = Scheduler(dsn, jobs=(TICK,)), Scheduler(dsn, jobs=(TICK,))
    a.start()
    b.start()
    time.sleep(4.5)
    a.stop()
    b.stop()
    rows = runs(world18, "tick")
    assert 3 <= len(rows) <= 6
    assert len({r[0] for r in rows}) == len(rows)  # each firing once
    assert {r[1] for r in rows} == {"succeeded"}
    assert len({r[2] for r in rows}) == 1  # all by the leader


def test_a_follower_takes_over_when_the_leader_stops(world18: World):
    dsn = conn_dsn(world18.admin)
    leader, follower = Scheduler(dsn, jobs=(TICK,)), Scheduler(dsn, jobs=(TICK,))
    assert leader.is_leader() and not follower.is_leader()
    now = datetime.now(UTC).replace(microsecond=0)
    assert follower.run_job(TICK, now) == "follower"
    assert leader.run_job(TICK, now) == "succeeded"
    leader.stop()
    assert follower.run_job(TICK, now + timedelta(seconds=1)) == "succeeded"
    follower.stop()


def test_a_firing_that_already_ran_is_not_run_again(world18: World):
    s = Scheduler(conn_dsn(world18.admin), jobs=(TICK,))
    when = datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
    assert s.run_job(TICK, when) == "succeeded"
    assert s.run_job(TICK, when) == "already_ran"
    s.stop()
    assert len(runs(world18, "tick")) == 1


def test_a_failing_job_is_recorded_with_its_error(world18: World):
    broken = Job("broken", "select 1 / 0", every_seconds=60)
    s = Scheduler(conn_dsn(world18.admin), jobs=(broken,))
    assert s.run_job(broken) == "failed"
    s.stop()
    status, error = world18.admin.execute(
        "select status, error from private.job_runs where job = 'broken'").fetchone()
    assert status == "failed" and "division by zero" in error


def test_cleanup_job_forgets_expired_sessions_and_attempts(world18: World):
    user = world18.user()
    world18.admin.execute("""
        insert into private.refresh_tokens (token_hash, user_id, session_id, expires_at) values
          (sha256('old'), %(u)s, gen_random_uuid(), now() - interval '2 days'),
          (sha256('live'), %(u)s, gen_random_uuid(), now() + interval '2 days')""", {"u": user.id})
    world18.admin.execute("""
        insert into private.login_attempts (email, succeeded, attempted_at) values
          ('a@example.test', false, now() - interval '3 days'), ('a@example.test', false, now())""")
    job = next(j for j in REGISTRY if j.name == "cleanup_expired_sessions")
    s = Scheduler(conn_dsn(world18.admin), jobs=(job,))
    assert s.run_job(job) == "succeeded"
    s.stop()
    assert world18.admin.execute("select rows_affected from private.job_runs where job = %s",
                                 (job.name,)).fetchone()[0] == 2
    assert world18.admin.execute("select count(*) from private.refresh_tokens").fetchone()[0] == 1
    assert world18.admin.execute("select count(*) from private.login_attempts").fetchone()[0] == 1


def test_interval_firings_are_identical_on_every_process():
    job = Job("x", "select 1", every_seconds=300)
    t = datetime(2026, 11, 29, 10, 7, 31, tzinfo=UTC)
    assert job.scheduled_for(t) == datetime(2026, 11, 29, 10, 5, tzinfo=UTC)
    cron = Job("y", "select 1", cron={"hour": 3})
    assert cron.scheduled_for(t) == datetime(2026, 11, 29, 10, 7, tzinfo=UTC)


@pytest.mark.parametrize(("instant", "five_minutes", "cron_minute"), [
    # the last millisecond before midnight on New Year's Eve, and midnight itself
    (datetime(2026, 12, 31, 23, 59, 59, 999000, tzinfo=UTC), datetime(2026, 12, 31, 23, 55, tzinfo=UTC),
     datetime(2026, 12, 31, 23, 59, tzinfo=UTC)),
    (datetime(2027, 1, 1, 0, 0, tzinfo=UTC), datetime(2027, 1, 1, 0, 0, tzinfo=UTC),
     datetime(2027, 1, 1, 0, 0, tzinfo=UTC)),
    # into and out of a leap day, and a 5-minute boundary to the microsecond
    (datetime(2028, 2, 29, 0, 4, 59, 999999, tzinfo=UTC), datetime(2028, 2, 29, 0, 0, tzinfo=UTC),
     datetime(2028, 2, 29, 0, 4, tzinfo=UTC)),
    (datetime(2028, 3, 1, 0, 5, tzinfo=UTC), datetime(2028, 3, 1, 0, 5, tzinfo=UTC),
     datetime(2028, 3, 1, 0, 5, tzinfo=UTC)),
])
def test_firings_on_the_calendars_edges(instant: datetime, five_minutes: datetime, cron_minute: datetime):
    assert Job("x", "select 1", every_seconds=300).scheduled_for(instant) == five_minutes
    assert Job("y", "select 1", cron={"hour": 0}).scheduled_for(instant) == cron_minute


# A job that records its firing, then takes as long as the test says: killed mid-run, its row rolls back.
SLOW = Job("slow", "select tests_slow_job(%(scheduled_for)s)", every_seconds=60)
SLOW_SQL = """
create table tests_slow_effects (scheduled_for timestamptz not null);
create table tests_slow_pause (seconds float8 not null);
insert into tests_slow_pause values (60);
create function tests_slow_job(p_at timestamptz) returns bigint language plpgsql as $$
begin
    insert into tests_slow_effects values (p_at);
    perform pg_sleep((select seconds from tests_slow_pause));
    return 1;
end $$;
"""
KILLABLE_RUNNER = """
import sys
from datetime import datetime
from scheduler.jobs import Job
from scheduler.main import Scheduler
job = Job("slow", "select tests_slow_job(%(scheduled_for)s)", every_seconds=60)
Scheduler(sys.argv[1], jobs=(job,)).run_job(job, datetime.fromisoformat(sys.argv[2]))
"""
FIRING = datetime(2026, 6, 17, 12, 0, tzinfo=UTC)


def kill_mid_run(world: World) -> None:
    """Starts a scheduler process on the slow job, kills it (SIGKILL) while the job's query runs."""
    world.admin.execute(SLOW_SQL)
    child = subprocess.Popen([sys.executable, "-c", KILLABLE_RUNNER, conn_dsn(world.admin), FIRING.isoformat()],
                             cwd=Path(__file__).resolve().parents[2])
    try:
        assert until(lambda: world.admin.execute(
            "select 1 from pg_stat_activity where application_name = 'ifarm-job-slow' "
            "and query like 'select tests_slow_job%%' and state = 'active'").fetchone(), 20)
    finally:
        child.kill()
        child.wait()
    world.admin.execute("update tests_slow_pause set seconds = 0")


def test_a_scheduler_killed_mid_job_leaves_the_firing_to_the_next_leader_who_runs_it_once(world18: World):
    kill_mid_run(world18)
    assert runs(world18, "slow")[0][1] == "running"
    s = Scheduler(conn_dsn(world18.admin), jobs=(SLOW,))
    try:
        # The dead runner's query is cancelled within a second (client_connection_check_interval);
        # until then its lock is held and the firing is not taken over.
        retried = until(lambda: s.retry_abandoned(now=FIRING + timedelta(minutes=1)), 20)
        assert retried == [("slow", FIRING, "succeeded")]
        assert s.retry_abandoned(now=FIRING + timedelta(minutes=1)) == []
        assert s.run_job(SLOW, FIRING) == "already_ran"
    finally:
        s.stop()
    status, attempts, error = world18.admin.execute(
        "select status, attempts, error from private.job_runs where job = 'slow'").fetchone()
    assert (status, attempts) == ("succeeded", 2) and "attempt 1" in error and "stopped mid-run; retried" in error
    # the killed attempt's work rolled back with its connection: the firing's work is there once
    assert world18.admin.execute("select count(*) from tests_slow_effects").fetchone()[0] == 1


def test_a_started_scheduler_sweeps_abandoned_runs_by_itself(world18: World):
    """start() puts the sweep in the timetable with a first run at once: nobody calls retry_abandoned."""
    kill_mid_run(world18)
    # the first sweep runs at start: let the dead runner's backend go first, or it would still hold the run
    assert until(lambda: not world18.admin.execute(
        "select 1 from pg_stat_activity where application_name = 'ifarm-job-slow'").fetchone(), 20)
    s = Scheduler(conn_dsn(world18.admin), jobs=(SLOW,), clock=lambda: FIRING + timedelta(minutes=1))
    s.start()
    try:
        assert "retry-abandoned" in {job.id for job in s.scheduler.get_jobs()}
        assert until(lambda: runs(world18, "slow")[0][1] == "succeeded", 30)
    finally:
        s.stop()
    assert world18.admin.execute("select count(*) from tests_slow_effects").fetchone()[0] == 1


def test_a_firing_abandoned_longer_ago_than_the_grace_time_is_closed_as_failed(world18: World):
    kill_mid_run(world18)
    s = Scheduler(conn_dsn(world18.admin), jobs=(SLOW,))
    try:
        def closed_as_failed() -> bool:
            assert s.retry_abandoned(now=FIRING + timedelta(hours=2)) == []
            return runs(world18, "slow")[0][1] == "failed"

        assert until(closed_as_failed, 20)
    finally:
        s.stop()
    status, error = world18.admin.execute("select status, error from private.job_runs where job = 'slow'").fetchone()
    assert status == "failed" and "too late to retry" in error
    assert world18.admin.execute("select count(*) from tests_slow_effects").fetchone()[0] == 0


def test_a_running_job_is_not_taken_over(world18: World):
    """A live runner holds its run's lock: another scheduler neither retries nor re-runs the firing."""
    world18.admin.execute(SLOW_SQL)
    world18.admin.execute("update tests_slow_pause set seconds = 3")
    a, b = Scheduler(conn_dsn(world18.admin), jobs=(SLOW,)), Scheduler(conn_dsn(world18.admin), jobs=(SLOW,))
    worker = threading.Thread(target=a.run_job, args=(SLOW, FIRING))
    worker.start()
    try:
        assert until(lambda: runs(world18, "slow"), 20)
        a.stop()  # gives up leadership while its job still runs
        assert b.retry_abandoned(now=FIRING) == []
        assert b.run_job(SLOW, FIRING) == "already_ran"
    finally:
        worker.join()
        b.stop()
    assert runs(world18, "slow")[0][1] == "succeeded"
    assert world18.admin.execute("select count(*) from tests_slow_effects").fetchone()[0] == 1
