"""Notices delivered to a real SMTP server (aiosmtpd, app/mailsink.py, in its own process): what arrives,
retries and back-off on refusals and a closed port, the send deadline inside the lease, two notifiers
at once, a reply lost after the message was stored, the NOTIFY wake-up, and `ifarm mail`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from app.config import Config, ConfigError
from app.embedded import EmbeddedSmtp, free_port
from app.mailsink import message_files, read_message, text_of
from app.notifications import Notifier, NotifierLoop, read_unsubscribe_token
from app.relay import run_until_stopped
from tests.conftest import ROOT, World, conn_dsn
from tests.integration.conftest import until
from tests.sql.test_notifications import billed

SECRET = "unsubscribe-test-secret"


@pytest.fixture
def smtp(tmp_path) -> EmbeddedSmtp:
    server = EmbeddedSmtp(tmp_path / "mail").start()
    yield server
    server.stop()


def behave(smtp: EmbeddedSmtp, **behaviour) -> None:
    """How the SMTP server answers from now on (app/mailsink.py); nothing = accept."""
    (smtp.data_dir / "behaviour.json").write_text(json.dumps(behaviour))


def configured(world: World, smtp_url: str | None, tmp_path: Path, **changes) -> Config:
    base = Config().with_(database_url=conn_dsn(world.admin), smtp_url=smtp_url, data_dir=tmp_path,
                          mail_from="iFarm <notices@farm.test>", public_url_env="https://farm.test",
                          unsubscribe_secret_env=SECRET, smtp_timeout=2.0, notify_lease=10.0,
                          notify_retry_base=0.2, notify_batch=100, notify_poll=30.0)
    return base.with_(**changes)


@contextmanager
def notifier(config: Config):
    n = Notifier(config)
    try:
        with psycopg.connect(config.database_url, autocommit=True) as conn:
            yield n, conn
    finally:
        n.close()


def trial_ending(world: World, name: str = "Mwangi & Sons <Dairy>") -> tuple[str, str]:
    """A tenant whose owner is told their trial ends: one email and one in-app notice queued."""
    owner = world.user()
    tenant = world.tenant(owner)
    owner.one("select api.update_tenant(tenant_id => %s, name => %s)", (tenant, name))
    world.admin.execute("update subscriptions set trial_ends_on = private.today() + 2 where tenant_id = %s", (tenant,))
    assert world.admin.execute("select private.queue_notifications('trial_ending', private.now())").fetchone()[0] == 1
    return tenant, owner.id


def queue_emails(world: World, n: int) -> str:
    """n email notices (trial_ending facts) to n users of one tenant, as the rule would queue them."""
    tenant = world.tenant(world.user())
    for i in range(n):
        user = world.user()
        world.admin.execute(
            "insert into notifications (tenant_id, user_id, channel, kind, facts, dedupe_key) "
            "values (%s, %s, 'email', 'trial_ending', %s, %s)",
            (tenant, user.id, json.dumps({"trial_ends_on": "2026-06-20", "days_left": 3, "plan": "Trial",
                                          "plan_code": "trial"}), f"bulk:{i}:{user.id}"))
    return tenant


def row(world: World, channel: str = "email", tenant: str | None = None) -> dict:
    query = ("select status, attempts, last_error, smtp_reply, subject, body, "
             "extract(epoch from next_attempt_at)::float as next_at, id::text "
             "from notifications where channel = %s" + (" and tenant_id = %s" if tenant else ""))
    cur = world.admin.execute(query, (channel, tenant) if tenant else (channel,))
    values = cur.fetchone()
    return dict(zip([d.name for d in cur.description], values, strict=True))


# ---------------------------------------------------------------- what arrives


def test_an_email_arrives_rendered_with_its_message_id_and_one_click_unsubscribe(world18: World, smtp, tmp_path):
    tenant, owner = trial_ending(world18)
    with notifier(configured(world18, smtp.url, tmp_path)) as (n, conn):
        assert n.drain(conn) == 2
    (path,) = message_files(smtp.data_dir)
    msg = read_message(path)
    email_row, in_app_row = row(world18), row(world18, "in_app")
    assert msg["Message-ID"] == f"<{email_row['id']}@farm.test>"
    assert msg["Delivered-To"] == world18.admin.execute("select email from auth.users where id = %s",
                                                        (owner,)).fetchone()[0]
    assert msg["Subject"] == "Your iFarm trial for Mwangi & Sons <Dairy> ends on 19 June 2026"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = msg["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://farm.test/unsubscribe?token=")
    token = url.split("token=", 1)[1]
    assert read_unsubscribe_token(SECRET, token) == (tenant, owner, "trial_ending")
    text, html = text_of(msg), text_of(msg, "html")
    assert "Mwangi & Sons <Dairy>" in text and url in text and "in 2 days" in text
    assert "Mwangi &amp; Sons &lt;Dairy&gt;" in html and "<Dairy>" not in html
    assert email_row["status"] == "sent" and email_row["attempts"] == 1
    assert email_row["smtp_reply"].startswith("250 2.0.0 Ok: stored as")
    assert email_row["subject"] == msg["Subject"]
    assert in_app_row["status"] == "sent" and in_app_row["subject"] == msg["Subject"]
    assert "unsubscribe" not in in_app_row["body"].lower()


def test_a_security_email_carries_no_unsubscribe_link(world18: World, smtp, tmp_path):
    tenant, owner, invoice = billed(world18)
    world18.admin.execute("select api.record_subscription_payment(invoice_id => %s, succeeded => false, "
                          "error => 'card declined')", (invoice,))
    assert world18.admin.execute("select private.queue_notifications('payment_failed', private.now())").fetchone()[0]
    with notifier(configured(world18, smtp.url, tmp_path)) as (n, conn):
        n.drain(conn)
    (path,) = message_files(smtp.data_dir)
    msg = read_message(path)
    assert msg["List-Unsubscribe"] is None and msg["X-iFarm-Kind"] == "payment_failed"
    assert "card declined" in text_of(msg) and "security notice" in text_of(msg)


def test_a_notice_queued_before_templates_is_sent_as_written(world18: World, smtp, tmp_path):
    user = world18.user()
    tenant = world18.tenant(user)
    world18.admin.execute("insert into notifications (tenant_id, user_id, kind, subject, body, dedupe_key) "
                          "values (%s, %s, 'trial_ending', 'Old subject', 'Old body.', 'legacy')", (tenant, user.id))
    with notifier(configured(world18, smtp.url, tmp_path)) as (n, conn):
        assert n.drain(conn) == 1
    msg = read_message(message_files(smtp.data_dir)[0])
    assert msg["Subject"] == "Old subject" and text_of(msg).strip() == "Old body."


def test_without_smtp_email_waits_and_the_app_is_served(world18: World, tmp_path):
    trial_ending(world18)
    with notifier(configured(world18, None, tmp_path)) as (n, conn):
        assert n.drain(conn) == 1
    assert row(world18, "in_app")["status"] == "sent"
    assert row(world18)["status"] == "pending" and row(world18)["attempts"] == 0


# ---------------------------------------------------------------- failures and retries


def test_a_451_is_retried_with_growing_back_off_then_fails_after_three_attempts(world18: World, smtp, tmp_path):
    trial_ending(world18)
    behave(smtp, reject_rcpt="451 4.3.0 mailbox busy, try later")
    base = 1.0
    with notifier(configured(world18, smtp.url, tmp_path, notify_retry_base=base)) as (n, conn):
        for attempt in (1, 2, 3):
            deadline = time.monotonic() + 15
            while True:  # the attempt is made once its back-off has passed, not before
                before = time.time()
                handled = n.deliver(conn)
                after = time.time()
                if handled or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            r = row(world18)
            assert handled and r["attempts"] == attempt  # the first batch also renders the in-app notice
            if attempt < 3:  # due again base x 4^(n-1) after this attempt was recorded: 1 s, then 4 s
                delay = base * 4 ** (attempt - 1)
                assert before - 0.05 <= r["next_at"] - delay <= after + 0.05, (attempt, r["next_at"], before, after)
                assert r["status"] == "pending" and n.deliver(conn) == 0  # not due again before its back-off
    assert r["status"] == "failed" and r["last_error"].startswith("RCPT TO refused: 451 4.3.0")
    assert r["smtp_reply"] == "451 4.3.0 mailbox busy, try later"
    assert message_files(smtp.data_dir) == []


def test_a_refusal_then_acceptance_delivers_once(world18: World, smtp, tmp_path):
    trial_ending(world18)
    behave(smtp, reject_data="452 4.3.1 insufficient storage")
    with notifier(configured(world18, smtp.url, tmp_path)) as (n, conn):
        n.drain(conn)
        assert row(world18)["status"] == "pending"
        behave(smtp)
        assert until(lambda: n.deliver(conn) > 0, 5)
    assert row(world18)["status"] == "sent" and row(world18)["attempts"] == 2
    assert len(message_files(smtp.data_dir)) == 1


def test_a_550_fails_at_once(world18: World, smtp, tmp_path):
    trial_ending(world18)
    behave(smtp, reject_data="550 5.7.1 relaying denied")
    with notifier(configured(world18, smtp.url, tmp_path)) as (n, conn):
        n.drain(conn)
    r = row(world18)
    assert r["status"] == "failed" and r["attempts"] == 1 and "550 5.7.1" in r["last_error"]


def test_a_closed_port_is_retried_later(world18: World, tmp_path):
    trial_ending(world18)
    with notifier(configured(world18, f"smtp://127.0.0.1:{free_port()}", tmp_path)) as (n, conn):
        n.drain(conn)
    r = row(world18)
    assert r["status"] == "pending" and r["attempts"] == 1 and "Connection refused" in r["last_error"]


# ---------------------------------------------------------------- the lease and the deadline


def test_a_lease_not_longer_than_twice_the_send_timeout_is_refused(world18: World, smtp, tmp_path):
    with pytest.raises(ConfigError):
        Notifier(configured(world18, smtp.url, tmp_path, smtp_timeout=5.0, notify_lease=10.0))


def test_a_send_slower_than_the_timeout_is_cut_before_its_lease_ends(world18: World, smtp, tmp_path):
    trial_ending(world18)
    behave(smtp, delay_data=6)
    with notifier(configured(world18, smtp.url, tmp_path, smtp_timeout=0.5, notify_lease=1.5)) as (n, conn):
        started = time.monotonic()
        n.drain(conn)
        elapsed = time.monotonic() - started
    r = row(world18)
    assert elapsed < 1.5, "the send outlived its lease"
    assert r["status"] == "pending" and r["attempts"] == 1
    assert r["last_error"] == "no reply within SMTP_TIMEOUT (0.5 s)"


def test_notices_a_lease_cannot_cover_are_released_not_sent_late(world18: World, smtp, tmp_path):
    queue_emails(world18, 5)
    behave(smtp, delay_data=0.4)
    config = configured(world18, smtp.url, tmp_path, smtp_timeout=1.0, notify_lease=2.3)
    with notifier(config) as (n, conn):
        started = time.monotonic()
        # The first starts at once with 2.3 s of lease; the second would start 0.4 s in or later, when
        # less than twice the timeout (2 s) is left: it and the rest are released.
        assert n.deliver(conn) == 1
        assert time.monotonic() - started < 2.3
        counts = dict(world18.admin.execute("select status, count(*) from notifications group by 1").fetchall())
        assert counts == {"sent": 1, "pending": 4}
        assert world18.admin.execute("select count(*) from notifications where status = 'pending' and attempts = 0 "
                                     "and locked_by is null").fetchone()[0] == 4
        assert until(lambda: n.deliver(conn) == 0 and len(message_files(smtp.data_dir)) == 5, 20)
    ids = [read_message(p)["Message-ID"] for p in message_files(smtp.data_dir)]
    assert len(set(ids)) == 5


def test_two_notifiers_at_once_send_every_notice_exactly_once(world18: World, smtp, tmp_path):
    queue_emails(world18, 300)
    config = configured(world18, smtp.url, tmp_path, notify_batch=40)
    done = []

    def work():
        with notifier(config) as (n, conn):
            done.append(n.drain(conn))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sum(done) == 300 and all(done), done  # both took part
    files = message_files(smtp.data_dir)
    ids = {read_message(p)["Message-ID"] for p in files}
    assert len(files) == 300 and len(ids) == 300
    assert world18.admin.execute("select count(*) from notifications where status = 'sent' and attempts = 1"
                                 ).fetchone()[0] == 300


def test_a_reply_lost_after_the_message_was_stored_sends_it_again_as_the_same_message(world18: World, smtp,
                                                                                      tmp_path):
    trial_ending(world18)
    behave(smtp, drop_after_data=True)
    with notifier(configured(world18, smtp.url, tmp_path)) as (n, conn):
        n.drain(conn)
        assert row(world18)["status"] == "pending"
        behave(smtp)
        assert until(lambda: n.deliver(conn) > 0, 5)
    files = message_files(smtp.data_dir)
    assert len(files) == 2  # at least once: the receiver got it twice ...
    assert len({read_message(p)["Message-ID"] for p in files}) == 1  # ... as one message
    assert row(world18)["status"] == "sent"


# ---------------------------------------------------------------- the scheduler's loop and `ifarm mail`


def test_a_queued_notice_is_sent_at_once_not_at_the_next_run(world18: World, smtp, tmp_path):
    loop = NotifierLoop(conn_dsn(world18.admin), configured(world18, smtp.url, tmp_path, notify_poll=600.0))
    thread = threading.Thread(target=run_until_stopped, args=(loop,), daemon=True)
    thread.start()
    try:
        time.sleep(1.0)  # listening, first drain done
        trial_ending(world18)
        queued = time.monotonic()
        assert until(lambda: len(message_files(smtp.data_dir)) == 1, 10)
        assert time.monotonic() - queued < 5
    finally:
        loop.stop_event.set()
        thread.join(10)


def test_ifarm_mail_lists_and_shows_what_the_embedded_server_received(world18: World, smtp, tmp_path):
    trial_ending(world18, "Kamau Farm")
    with notifier(configured(world18, smtp.url, tmp_path)) as (n, conn):
        n.drain(conn)
    env = {**os.environ, "IFARM_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    listed = subprocess.run([sys.executable, "-m", "app.cli", "mail"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=30)
    assert listed.returncode == 0, listed.stderr
    assert "1 message(s)" in listed.stdout and "Your iFarm trial for Kamau Farm" in listed.stdout
    shown = subprocess.run([sys.executable, "-m", "app.cli", "mail", "show", "1"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=30)
    assert shown.returncode == 0, shown.stderr
    assert "Subject: Your iFarm trial for Kamau Farm" in shown.stdout and "Choose a plan" in shown.stdout
    missing = subprocess.run([sys.executable, "-m", "app.cli", "mail", "show", "9"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=30)
    assert missing.returncode == 1 and "choose 1 to 1" in missing.stderr


def test_names_outside_ascii_arrive_intact_and_a_line_break_cannot_add_a_header(world18: World, smtp, tmp_path):
    tenant, owner = trial_ending(world18, "Café Kilimo \u2013 Ng\u02bcombe")
    world18.admin.execute("update profiles set full_name = %s where id = %s",
                          ("Wanjik\u0169\r\nBcc: x@evil.test", owner))
    with notifier(configured(world18, smtp.url, tmp_path)) as (n, conn):
        n.drain(conn)
    (path,) = message_files(smtp.data_dir)
    msg = read_message(path)
    assert msg["Subject"] == "Your iFarm trial for Café Kilimo \u2013 Ng\u02bcombe ends on 19 June 2026"
    assert msg["To"].addresses[0].display_name == "Wanjik\u0169 Bcc: x@evil.test"
    assert msg["Bcc"] is None and msg.get_all("Delivered-To") == [msg["To"].addresses[0].addr_spec]
    assert "Café Kilimo" in text_of(msg)


def test_the_scheduler_jobs_queue_an_expense_for_approval_and_send_it(world18: World, smtp, tmp_path, monkeypatch):
    from scheduler.jobs import REGISTRY
    from scheduler.main import Scheduler
    from tests.conftest import noon_utc

    monkeypatch.setenv("SMTP_URL", smtp.url)
    monkeypatch.setenv("IFARM_DATA_DIR", str(tmp_path))
    owner = world18.user()
    tenant = world18.tenant(owner)
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'Dairy') ->> 'id'", (tenant,))
    worker = world18.member(tenant, "worker")
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)", (tenant, worker.id, farm))
    feed = owner.one("select id from expense_categories where tenant_id = %s and code = 'feed'", (tenant,))
    worker.one("select api.create_expense(tenant_id => %s, farm_id => %s, category_id => %s, amount => 450, "
               "description => 'mineral lick', submit => true)", (tenant, farm, feed))
    jobs = {j.name: j for j in REGISTRY}
    scheduler = Scheduler(conn_dsn(world18.admin), jobs=tuple(jobs.values()))
    try:
        at = noon_utc(world18.today)
        assert scheduler.run_job(jobs["queue_urgent_notifications"], at) == "succeeded"
        assert scheduler.run_job(jobs["queue_daily_notifications"], at) == "succeeded"
        assert scheduler.run_job(jobs["send_pending_notifications"], at) == "succeeded"
    finally:
        scheduler.stop()
    rows = dict(world18.admin.execute("select job, rows_affected from private.job_runs "
                                      "where job like '%%notifications'"))
    assert rows == {"queue_urgent_notifications": 1, "queue_daily_notifications": 0, "send_pending_notifications": 2}
    (path,) = message_files(smtp.data_dir)
    assert read_message(path)["Subject"] == "Expense to approve: USD 450.00 for mineral lick"
