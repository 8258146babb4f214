"""`ifarm bench notifications`: the notifier's throughput to the embedded SMTP server (not a test).

    ifarm bench notifications [--notices 2000] [--notifiers 1,2] [--batch 100]

Runs an embedded PostgreSQL and the embedded SMTP server (aiosmtpd in its own process, storing each
message as a file) in a temporary directory. For each number of notifiers: queues N pending email
notices (rendered from the trial_ending templates, each to its own user), starts that many notifier
processes (each `Notifier.drain`, as the scheduler runs it: claim a batch with a lease, render, send
over one reused SMTP connection, record each result) and measures from their start until every notice
is recorded sent. Prints notices/s, the messages the server stored and any duplicate Message-ID.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import Config  # noqa: E402
from app.embedded import EmbeddedPostgres, EmbeddedSmtp  # noqa: E402
from app.mailsink import message_files, read_message  # noqa: E402
from bench.common import bench_database  # noqa: E402


def setup(dsn: str, users: int) -> str:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("insert into auth.users (id, aud, role, email, created_at, updated_at) "
                     "select gen_random_uuid(), 'authenticated', 'authenticated', 'farmer' || n || '@bench.test', "
                     "now(), now() from generate_series(1, %s) n", (users,))
        return str(conn.execute("insert into tenants (name, slug) values ('Bench Dairy Ltd', 'bench') "
                                "returning id").fetchone()[0])


def queue(dsn: str, tenant: str, notices: int, run: int) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("delete from notifications")
        conn.execute(
            "insert into notifications (tenant_id, user_id, channel, kind, facts, dedupe_key) "
            "select %s, u.id, 'email', 'trial_ending', jsonb_build_object('trial_ends_on', %s::date, "
            "'days_left', 3, 'plan', 'Professional', 'plan_code', 'professional'), 'bench:' || %s || ':' || u.id "
            "from (select id from auth.users where email like '%%@bench.test' order by email limit %s) u",
            (tenant, date(2026, 6, 20), run, notices))


def warm(_: int) -> int:
    import app.notifications  # noqa: F401 - imports and template loader ready before the clock starts

    return 0


def drain(config: Config) -> int:
    from app.notifications import Notifier

    notifier = Notifier(config)
    try:
        with psycopg.connect(config.database_url, autocommit=True) as conn:
            return notifier.drain(conn)
    finally:
        notifier.close()


def main() -> None:
    p = argparse.ArgumentParser(prog="ifarm bench notifications")
    p.add_argument("--notices", type=int, default=2000)
    p.add_argument("--notifiers", default="1,2")
    p.add_argument("--batch", type=int, default=100)
    args = p.parse_args()
    counts = [int(x) for x in args.notifiers.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pg").start()
        smtp = EmbeddedSmtp(Path(tmp) / "mail").start()
        try:
            dsn = bench_database(pg)
            tenant = setup(dsn, args.notices)
            config = Config().with_(database_url=dsn, smtp_url=smtp.url, data_dir=Path(tmp), notify_batch=args.batch,
                                    public_url_env="https://bench.test", unsubscribe_secret_env="bench-secret",
                                    mail_from="iFarm <notices@bench.test>")
            print(f"{args.notices} email notices (trial_ending, rendered: subject, text and HTML), batches of "
                  f"{args.batch}, to the embedded SMTP server (aiosmtpd, one process)")
            print(f"{'notifiers':>9} {'seconds':>8} {'notices/s':>10} {'stored':>7} {'duplicates':>10}")
            ctx = multiprocessing.get_context("spawn")
            for run, n in enumerate(counts):
                for f in message_files(smtp.data_dir):
                    f.unlink()
                queue(dsn, tenant, args.notices, run)
                with ctx.Pool(n) as pool:
                    pool.map(warm, range(n))
                    started = time.perf_counter()
                    handled = sum(pool.map(drain, [config] * n))
                    elapsed = time.perf_counter() - started
                with psycopg.connect(dsn) as conn:
                    sent = conn.execute("select count(*) from notifications where status = 'sent'").fetchone()[0]
                files = message_files(smtp.data_dir)
                ids = [read_message(f)["Message-ID"] for f in files]
                assert handled == sent == args.notices, (handled, sent)
                print(f"{n:>9} {elapsed:>8.2f} {args.notices / elapsed:>10,.0f} {len(files):>7} "
                      f"{len(ids) - len(set(ids)):>10}")
        finally:
            smtp.stop()
            pg.stop()


if __name__ == "__main__":
    main()
