"""Subscriptions: a trial from the start, and recurring billing that charges once per period."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import psycopg

from tests.conftest import World, conn_dsn


def activate(world: World, tenant: str, plan: str = "professional", cycle: str = "monthly",
             due: date | None = None) -> None:
    world.admin.execute("update subscriptions set status = 'active', plan_code = %s, billing_cycle = %s, "
                        "next_billing_on = %s where tenant_id = %s", (plan, cycle, due or world.today, tenant))


def invoices(world: World, tenant: str) -> list[tuple]:
    return world.admin.execute("select period_start, period_end, amount::float, status from subscription_invoices "
                               "where tenant_id = %s order by period_start", (tenant,)).fetchall()


def test_a_new_tenant_starts_on_a_trial(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    sub = owner.one("select api.get_subscription(tenant_id => %s)", (tenant,))
    assert sub["status"] == "trial" and sub["plan_code"] == "trial"
    assert sub["trial_ends_on"] == (world.today + timedelta(days=14)).isoformat()
    assert sub["usage"] == {"animals": 0, "farms": 0, "members": 1, "devices": 0} and sub["plan"]["max_animals"] == 500


def test_billing_twice_raises_one_invoice_and_one_attempt_per_period(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    activate(world, tenant)
    run = "select private.process_recurring_billing(private.now())"
    first = world.admin.execute(run).fetchone()[0]
    assert first >= 1
    assert world.admin.execute(run).fetchone()[0] == 0  # the period is billed; the next is a month away
    today = world.today
    next_month = world.admin.execute("select (private.today() + interval '1 month')::date").fetchone()[0]
    rows = invoices(world, tenant)
    assert rows == [(today, next_month, 99.0, "open")]
    attempts = world.admin.execute("select count(*), min(provider) from payment_attempts where tenant_id = %s",
                                   (tenant,)).fetchone()
    assert attempts == (1, "manual")
    # Even rewinding the schedule cannot bill the same period twice.
    world.admin.execute("update subscriptions set next_billing_on = %s where tenant_id = %s", (today, tenant))
    world.admin.execute(run)
    assert len(invoices(world, tenant)) == 1


def test_two_schedulers_billing_at_once_charge_once(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    activate(world, tenant, cycle="yearly")
    barrier = threading.Barrier(2)
    results = []

    def bill() -> None:
        with psycopg.connect(conn_dsn(world.admin), autocommit=False) as conn:
            barrier.wait()
            results.append(conn.execute("select private.process_recurring_billing(private.now())").fetchone()[0])
            conn.commit()

    threads = [threading.Thread(target=bill) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = invoices(world, tenant)
    assert len(rows) == 1 and rows[0][2] == 990.0  # the yearly price
    attempts = world.admin.execute("select count(*) from payment_attempts where tenant_id = %s", (tenant,))
    assert attempts.fetchone()[0] == 1


def test_trials_and_cancelled_subscriptions_are_not_billed(world: World):
    owner = world.user()
    trial = world.tenant(owner)
    cancelled = world.tenant(owner)
    world.admin.execute("update subscriptions set next_billing_on = private.today() where tenant_id = %s", (trial,))
    activate(world, cancelled)
    world.admin.execute("update subscriptions set status = 'cancelled' where tenant_id = %s", (cancelled,))
    world.admin.execute("select private.process_recurring_billing(private.now())")
    assert invoices(world, trial) == [] and invoices(world, cancelled) == []


def test_only_billing_managers_see_subscription_invoices(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    viewer = world.member(tenant, "viewer")
    activate(world, tenant)
    world.admin.execute("select private.process_recurring_billing(private.now())")
    assert owner.one("select count(*) from subscription_invoices where tenant_id = %s", (tenant,)) == 1
    assert viewer.one("select count(*) from subscription_invoices where tenant_id = %s", (tenant,)) == 0
    assert viewer.one("select api.get_subscription(tenant_id => %s) ->> 'status'", (tenant,)) == "active"


def test_owners_hear_once_three_days_before_their_trial_ends(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    world.member(tenant, "owner")
    world.member(tenant, "manager")
    world.admin.execute("update subscriptions set trial_ends_on = private.today() + 3 where tenant_id = %s", (tenant,))
    check = "select private.check_trial_expirations(private.now() + %s * interval '1 day')"
    world.admin.execute(check, (-1,))  # four days before: nothing yet
    assert owner.one("select count(*) from notifications") == 0
    world.admin.execute(check, (0,))
    world.admin.execute(check, (1,))
    rows = world.admin.execute("select kind, channel, status, count(*) from notifications where tenant_id = %s "
                               "group by 1, 2, 3", (tenant,)).fetchall()
    # both owners, once each, by email and in the app (tests/sql/test_notifications.py: the channels)
    assert sorted(rows) == [("trial_ending", "email", "pending", 2), ("trial_ending", "in_app", "pending", 2)]
    assert owner.one("select count(*) from notifications") == 2  # each reads only their own


def test_ended_trials_expire_or_fall_due_on_a_paid_plan(world: World):
    owner = world.user()
    free = world.tenant(owner)
    paid = world.tenant(owner)
    world.admin.execute("update subscriptions set trial_ends_on = private.today() where tenant_id in (%s, %s)",
                        (free, paid))
    world.admin.execute("update subscriptions set plan_code = 'starter' where tenant_id = %s", (paid,))
    world.admin.execute("select private.check_trial_expirations(private.now())")
    status = dict(world.admin.execute("select tenant_id::text, status from subscriptions where tenant_id in (%s, %s)",
                                      (free, paid)).fetchall())
    assert status == {free: "expired", paid: "past_due"}
    world.admin.execute("select private.process_recurring_billing(private.now())")
    assert invoices(world, paid)[0][2] == 29.0 and invoices(world, free) == []
