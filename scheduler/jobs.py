"""The job registry: name -> timetable and the SQL function it calls with the run's scheduled time.

Jobs hold no business rules: each is `select private.<fn>(scheduled_for)` returning a row count.
Later domains add their jobs here (billing, trials, usage, views, notifications, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

# Interval jobs are anchored here so every scheduler process computes the same firing times.
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Job:
    name: str
    sql: str  # one statement taking %(scheduled_for)s and returning a row count
    cron: dict = field(default_factory=dict)  # CronTrigger fields, in UTC
    every_seconds: int = 0  # or an interval
    run: Callable | None = None  # instead of sql: run(conn, scheduled_for) -> rows, for jobs that reach Redis

    def trigger(self):
        if self.every_seconds:
            return IntervalTrigger(seconds=self.every_seconds, start_date=EPOCH, timezone="UTC")
        return CronTrigger(timezone="UTC", **self.cron)

    def scheduled_for(self, now: datetime) -> datetime:
        """The firing this moment belongs to: the same value on every scheduler process."""
        if self.every_seconds:
            elapsed = int((now - EPOCH).total_seconds())
            return datetime.fromtimestamp(EPOCH.timestamp() + elapsed - elapsed % self.every_seconds, UTC)
        return now.replace(second=0, microsecond=0)


def _warm(conn, scheduled_for: datetime) -> int:
    from scheduler.warm import warm_dashboard_cache

    return warm_dashboard_cache(conn, scheduled_for)


def _archive_audit(conn, scheduled_for: datetime) -> int:
    from app.config import Config

    with conn.transaction():
        return conn.execute("select audit.archive_partitions(%s, %s)",
                            (scheduled_for, Config().audit_retention_days)).fetchone()[0]


def _replication_health(conn, scheduled_for: datetime) -> int:
    from app.config import Config

    with conn.transaction():
        return conn.execute("select private.record_replication_health(%s, %s)",
                            (scheduled_for, Config().replication_max_lag_seconds)).fetchone()[0]


def _remove_orphaned_media(conn, scheduled_for: datetime) -> int:
    """Media rows never uploaded expire; objects whose row is gone lose their bytes (through the storage
    backend: files, or Supabase Storage), then their storage.objects rows."""
    import asyncio

    from app.config import Config
    from app.storage.backends import make_backend

    with conn.transaction():
        expired = conn.execute("select private.expire_pending_media(%s)", (scheduled_for,)).fetchone()[0]
    orphans: dict[str, list[str]] = {}
    for bucket, name in conn.execute("select bucket_id, name from private.orphaned_media_objects(1000)"):
        orphans.setdefault(bucket, []).append(name)

    async def delete() -> None:
        backend = make_backend(Config())
        try:
            for bucket, names in orphans.items():
                await backend.delete(bucket, names)
        except Exception as exc:  # noqa: BLE001 - recorded as the run's error; the rows stay for the next run
            raise OSError(f"storage backend: {exc}") from exc
        finally:
            await backend.close()

    asyncio.run(delete())
    removed = 0
    with conn.transaction():
        for bucket, names in orphans.items():
            removed += conn.execute("select private.forget_media_objects(%s, %s)", (bucket, names)).fetchone()[0]
    return expired + removed
def _send_notifications(conn, scheduled_for: datetime) -> int:
    """The plan's send-pending-notifications (every 5 minutes); between runs the scheduler's
    NotifierLoop delivers at once on NOTIFY. Several at once never send a notice twice (SQL claims)."""
    from app.config import Config
    from app.notifications import Notifier

    notifier = Notifier(Config())
    try:
        return notifier.drain(conn)
    finally:
        notifier.close()


REGISTRY: tuple[Job, ...] = (
    Job("cleanup_expired_sessions", "select private.cleanup_expired_sessions(%(scheduled_for)s)",
        cron={"hour": 3, "minute": 0}),
    Job("purge_published_events", "select private.purge_published_events(%(scheduled_for)s)",
        cron={"hour": 3, "minute": 30}),
    Job("process_recurring_billing", "select private.process_recurring_billing(%(scheduled_for)s)",
        cron={"hour": 0, "minute": 0}),
    Job("check_trial_expirations", "select private.check_trial_expirations(%(scheduled_for)s)",
        cron={"hour": 6, "minute": 0}),
    Job("aggregate_usage_metrics", "select private.aggregate_usage_metrics(%(scheduled_for)s)",
        every_seconds=30 * 60),
    Job("mark_overdue_invoices", "select private.mark_overdue_invoices(%(scheduled_for)s)",
        cron={"hour": 0, "minute": 30}),
    Job("refresh_dashboard_views", "select private.refresh_dashboard_views()", every_seconds=5 * 60),
    Job("update_daily_summaries", "select private.update_daily_summaries(%(scheduled_for)s)",
        cron={"hour": 1, "minute": 0}),
    Job("warm_dashboard_cache", "", every_seconds=4 * 60, run=_warm),
    Job("ensure_audit_partitions", "select audit.ensure_partitions(%(scheduled_for)s)", cron={"hour": 0, "minute": 15}),
    Job("ensure_reading_partitions", "select private.ensure_reading_partitions(%(scheduled_for)s)",
        cron={"hour": 0, "minute": 20}),
    Job("archive_audit_log", "", cron={"day_of_week": "mon", "hour": 2, "minute": 0}, run=_archive_audit),
    # On the active database: incidents of the way to the backup (none when replication is not set up).
    Job("replication_health", "", every_seconds=30, run=_replication_health),
    Job("remove_orphaned_media", "", every_seconds=15 * 60, run=_remove_orphaned_media),
    # Notices: the rules of private.notification_kinds() by cadence, then delivery.
    Job("queue_urgent_notifications", "select private.produce_notifications('minute', %(scheduled_for)s)",
        every_seconds=60),
    Job("queue_daily_notifications", "select private.produce_notifications('daily', %(scheduled_for)s)",
        cron={"minute": 5}),
    Job("send_pending_notifications", "", every_seconds=5 * 60, run=_send_notifications),
)
