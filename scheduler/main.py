"""`ifarm scheduler`: APScheduler with a PostgreSQL advisory-lock leader.

Every scheduler process runs the same timetable, but a job body runs only in the process that holds
the session-level advisory lock (the leader); followers retry for the lock every few seconds and take
over when the leader's connection drops. Each run is also claimed in private.job_runs by (job,
scheduled time), so even two processes that both think they lead run a firing once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg
from apscheduler.schedulers.background import BackgroundScheduler
from redis.exceptions import RedisError

from app.replication import generation, resolve
from scheduler.jobs import REGISTRY, Job

log = logging.getLogger("ifarm.scheduler")
LEADER_LOCK = 4242_0002
MISFIRE_GRACE_SECONDS = 3600  # a firing missed (or abandoned mid-run) is still run within this time
RETRY_SWEEP_SECONDS = 60  # how often the leader looks for runs abandoned by a dead runner


class Scheduler:
    """`dsn` is DATABASE_URL, or with a backup database a Router (app/replication.py): every job run
    connects to the active database, and leadership is held there."""

    def __init__(self, dsn, jobs: tuple[Job, ...] = REGISTRY, clock: Callable[[], datetime] | None = None):
        self.dsn = dsn
        self.jobs = jobs
        self.clock = clock or (lambda: datetime.now(UTC))  # "now" for firings; a test sets it
        self.runner = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._leader_conn: psycopg.Connection | None = None
        self._leader_generation = 0
        self._lock = threading.Lock()
        self.scheduler = BackgroundScheduler(timezone="UTC", job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS})

    # ------------------------------------------------------------------ leadership
    def is_leader(self) -> bool:
        with self._lock:
            conn = self._leader_conn
            if conn is not None and not conn.closed and self._leader_generation != generation(self.dsn):
                conn.close()  # the lock was held on a database that is no longer the active one
            if conn is not None and not conn.closed:
                try:
                    conn.execute("select 1")
                    return True
                except psycopg.Error:
                    conn.close()
                    self._leader_conn = None
            try:
                self._leader_generation = generation(self.dsn)
                conn = psycopg.connect(resolve(self.dsn), autocommit=True, application_name="ifarm-scheduler-leader")
            except psycopg.Error:
                return False
            if conn.execute("select pg_try_advisory_lock(%s)", (LEADER_LOCK,)).fetchone()[0]:
                self._leader_conn = conn
                log.info("became scheduler leader", extra={"fields": {"runner": self.runner}})
                return True
            conn.close()
            return False

    # ------------------------------------------------------------------ running a job
    def run_job(self, job: Job, scheduled_for: datetime | None = None) -> str:
        """Runs one firing of a job if this process leads; returns what happened. A SQL job's run is
        closed in the job's own transaction: it reads 'succeeded' exactly when the work committed."""
        scheduled_for = scheduled_for or job.scheduled_for(self.clock())
        if not self.is_leader():
            return "follower"
        # The server notices within a second that this process died mid-query, rolls the job back
        # and frees the run's lock (private.job_started), so the next leader can retry the firing.
        with psycopg.connect(resolve(self.dsn), autocommit=True, application_name=f"ifarm-job-{job.name}",
                             options="-c client_connection_check_interval=1000") as conn:
            run_id = conn.execute("select private.job_started(%s, %s, %s)",
                                  (job.name, scheduled_for, self.runner)).fetchone()[0]
            if run_id is None:
                return "already_ran"
            try:
                if job.run is not None:
                    rows = job.run(conn, scheduled_for)
                    conn.execute("select private.job_finished(%s, %s, null)", (run_id, rows))
                else:
                    with conn.transaction():
                        rows = conn.execute(job.sql, {"scheduled_for": scheduled_for}).fetchone()[0]
                        conn.execute("select private.job_finished(%s, %s, null)", (run_id, rows))
                return "succeeded"
            except (psycopg.Error, OSError, RedisError) as exc:
                conn.execute("select private.job_finished(%s, null, %s)", (run_id, str(exc)[:2000]))
                log.error("job failed", extra={"fields": {"job": job.name, "error": str(exc)[:500]}})
                return "failed"

    def retry_abandoned(self, now: datetime | None = None) -> list[tuple[str, datetime, str]]:
        """Runs again the firings whose runner stopped mid-run (killed, or cut from the database) within
        the misfire grace time; older ones are closed as failed. Returns (job, firing, outcome)."""
        if not self.is_leader():
            return []
        cutoff = (now or self.clock()) - timedelta(seconds=MISFIRE_GRACE_SECONDS)
        with self._lock:
            if self._leader_conn is None:
                return []
            abandoned = self._leader_conn.execute("select job, scheduled_for from private.abandoned_job_runs(%s)",
                                                  (cutoff,)).fetchall()
        jobs = {job.name: job for job in self.jobs}
        return [(name, when, self.run_job(jobs[name], when)) for name, when in abandoned if name in jobs]

    def after_switch(self) -> None:
        """The active database changed: its dashboard views are as old as its last refresh there, so
        refresh them now rather than at the next five-minute firing."""
        for job in self.jobs:
            if job.name == "refresh_dashboard_views" and self.scheduler.running:
                self.scheduler.add_job(self.run_job, args=[job, self.clock()], id="refresh-after-switch",
                                       replace_existing=True)

    def start(self) -> None:
        for job in self.jobs:
            self.scheduler.add_job(self.run_job, job.trigger(), args=[job], id=job.name, name=job.name,
                                   replace_existing=True)
        # Its own entry in the timetable, first run at once: a retried run never delays a firing.
        self.scheduler.add_job(self.retry_abandoned, "interval", seconds=RETRY_SWEEP_SECONDS, id="retry-abandoned",
                               name="retry abandoned runs", next_run_time=datetime.now(UTC), replace_existing=True)
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        with self._lock:
            if self._leader_conn is not None:
                self._leader_conn.close()
                self._leader_conn = None
