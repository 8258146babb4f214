"""The subscription lifecycle after the first invoice: payment outcomes, the retry schedule and
suspension, a read-only suspended tenant, provider events recorded once, plan changes with proration,
downgrades at the period's end, cancellation and usage metrics."""

from __future__ import annotations

from datetime import date, timedelta

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.conftest import Actor, World, noon_utc
from tests.sql.test_subscriptions import activate

EVENT = "select private.record_payment_event('gateway', %s, private.now())"


def open_invoice(world: World, tenant: str) -> tuple[str, float]:
    row = world.admin.execute("select id::text, amount::float from subscription_invoices where tenant_id = %s "
                              "and status = 'open' order by created_at limit 1", (tenant,)).fetchone()
    return row[0], row[1]


def subscription(world: World, tenant: str) -> dict:
    cur = world.admin.execute("select status, plan_code, failed_attempts, next_retry_on, pending_plan_code, "
                              "cancel_at_period_end, current_period_start, current_period_end "
                              "from subscriptions where tenant_id = %s", (tenant,))
    names = [d.name for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


def attempts(world: World, tenant: str) -> list[tuple]:
    return world.admin.execute("select attempt_no, status from payment_attempts where tenant_id = %s "
                               "order by attempt_no", (tenant,)).fetchall()


def event(invoice: str, kind: str, event_id: str, **data) -> Jsonb:
    return Jsonb({"id": event_id, "type": kind, "data": {"invoice_id": invoice, **data}})


def bill(world: World, day: date) -> int:
    return world.admin.execute("select private.process_recurring_billing(%s)", (noon_utc(day),)).fetchone()[0]


def billed_tenant(world: World) -> tuple[str, Actor]:
    owner = world.user()
    tenant = world.tenant(owner)
    activate(world, tenant)
    bill(world, world.today)
    return tenant, owner


def test_failed_payments_retry_on_days_1_3_7_then_suspend(world: World):
    tenant, _ = billed_tenant(world)
    invoice, amount = open_invoice(world, tenant)
    due = world.today
    assert attempts(world, tenant) == [(1, "pending")]
    expected_retries = [due + timedelta(days=d) for d in (1, 3, 7)]
    for n, retry_on in enumerate(expected_retries, start=1):
        world.admin.execute(EVENT, (event(invoice, "payment_failed", f"evt-fail-{n}", error="card_declined"),))
        sub = subscription(world, tenant)
        assert (sub["status"], sub["failed_attempts"], sub["next_retry_on"]) == ("past_due", n, retry_on)
        assert bill(world, retry_on - timedelta(days=1)) == 0  # not yet
        assert len(attempts(world, tenant)) == n
        assert bill(world, retry_on) == 1  # the retry
        assert bill(world, retry_on) == 0  # once
        assert attempts(world, tenant)[-1] == (n + 1, "pending")
    world.admin.execute(EVENT, (event(invoice, "payment_failed", "evt-fail-4"),))
    sub = subscription(world, tenant)
    assert (sub["status"], sub["failed_attempts"], sub["next_retry_on"]) == ("suspended", 4, None)
    assert [s for _, s in attempts(world, tenant)] == ["failed"] * 4
    # Paying later brings the subscription back.
    world.admin.execute(EVENT, (event(invoice, "payment_succeeded", "evt-paid", amount=str(amount), currency="USD",
                                      reference="ch_1"),))
    sub = subscription(world, tenant)
    assert (sub["status"], sub["failed_attempts"]) == ("active", 0)
    assert world.admin.execute("select status from subscription_invoices where id = %s",
                               (invoice,)).fetchone()[0] == "paid"
    assert attempts(world, tenant)[-1] == (5, "succeeded")


def test_a_suspended_tenant_reads_but_cannot_write(world: World):
    tenant, owner = billed_tenant(world)
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'North') ->> 'id'", (tenant,))
    world.admin.execute("update subscriptions set status = 'suspended' where tenant_id = %s", (tenant,))
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.create_farm(tenant_id => %s, name => 'South')", (tenant,))
    assert err.value.sqlstate == "PT402" and err.value.diag.message_hint.startswith("subscription_inactive")
    # A Supabase client writing the table directly meets the same refusal.
    for statement in ("update farms set name = 'Renamed' where tenant_id = %s",
                      "insert into expense_categories (tenant_id, code, name) values (%s, 'bees', 'Bees')",
                      "delete from approval_limits where tenant_id = %s"):
        with pytest.raises(psycopg.Error) as err:
            owner.rowcount(statement, (tenant,))
        assert err.value.sqlstate == "PT402"
    assert owner.one("select name from farms where tenant_id = %s and id = %s", (tenant, farm)) == "North"
    assert len(owner.one("select api.list_farms(tenant_id => %s)", (tenant,))) == 1
    # Billing stays open so the tenant can get back: upgrading is allowed.
    owner.one("select api.change_plan(tenant_id => %s, plan_code => 'enterprise')", (tenant,))
    # Jobs are not users: the overdue-invoice job and the like still write.
    world.admin.execute("update farms set name = 'By a job' where tenant_id = %s", (tenant,))


def test_cancelled_and_expired_tenants_are_read_only_too(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    owner.one("select api.cancel_subscription(tenant_id => %s)", (tenant,))  # a trial ends at once
    assert subscription(world, tenant)["status"] == "cancelled"
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.create_farm(tenant_id => %s, name => 'x')", (tenant,))
    assert err.value.sqlstate == "PT402"
    # Owners may still delete the whole tenant, rows and all.
    assert owner.rowcount("delete from tenants where id = %s", (tenant,)) == 1


def test_a_replayed_or_invalid_event_is_refused_and_writes_nothing(world: World):
    tenant, _ = billed_tenant(world)
    invoice, amount = open_invoice(world, tenant)
    world.admin.execute(EVENT, (event(invoice, "payment_failed", "evt-1"),))

    def snapshot():
        return world.admin.execute(
            "select (select count(*) from private.payment_events), (select count(*) from payment_attempts), "
            "(select failed_attempts from subscriptions where tenant_id = %s), "
            "(select status from subscription_invoices where id = %s)", (tenant, invoice)).fetchone()

    before = snapshot()
    cases = [
        (event(invoice, "payment_succeeded", "evt-1"), "PT409", "webhook_replayed"),
        (event(invoice, "payment_refunded", "evt-2"), "PT400", "webhook_invalid_event"),
        (Jsonb({"type": "payment_succeeded", "data": {"invoice_id": invoice}}), "PT400", "webhook_invalid_event"),
        (event("not-a-uuid", "payment_succeeded", "evt-3"), "PT400", "webhook_invalid_event"),
        (event("00000000-0000-0000-0000-000000000000", "payment_succeeded", "evt-4"), "PT404",
         "subscription_invoice_not_found"),
        (event(invoice, "payment_succeeded", "evt-5", amount=str(amount - 1)), "PT400", "webhook_amount_mismatch"),
        (event(invoice, "payment_succeeded", "evt-6", amount=str(amount), currency="EUR"), "PT400",
         "webhook_amount_mismatch"),
    ]
    for payload, code, hint in cases:
        with pytest.raises(psycopg.Error) as err:
            world.admin.execute(EVENT, (payload,))
        assert (err.value.sqlstate, err.value.diag.message_hint) == (code, hint), payload.obj
    assert snapshot() == before


def test_a_paid_invoice_cannot_be_paid_twice(world: World):
    tenant, _ = billed_tenant(world)
    invoice, _ = open_invoice(world, tenant)
    world.admin.execute(EVENT, (event(invoice, "payment_succeeded", "evt-a"),))
    with pytest.raises(psycopg.Error) as err:
        world.admin.execute(EVENT, (event(invoice, "payment_succeeded", "evt-b"),))
    assert err.value.diag.message_hint == "subscription_invoice_not_open"


def test_manual_payments_are_recorded_by_the_service_role_only(world: World):
    tenant, owner = billed_tenant(world)
    invoice, _ = open_invoice(world, tenant)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        owner.one("select api.record_subscription_payment(invoice_id => %s)", (invoice,))
    service = Actor(owner.conn, {"role": "service_role"})
    result = service.one("select api.record_subscription_payment(invoice_id => %s, reference => 'bank-42')",
                         (invoice,))
    assert result["invoice_status"] == "paid" and result["subscription_status"] == "active"
    assert world.admin.execute("select provider, external_id, status from payment_attempts where invoice_id = %s",
                               (invoice,)).fetchall() == [("manual", "bank-42", "succeeded")]


def set_period(world: World, tenant: str, start: date, end: date) -> None:
    world.admin.execute("update subscriptions set current_period_start = %s, current_period_end = %s, "
                        "next_billing_on = %s where tenant_id = %s", (start, end, end, tenant))


def test_an_upgrade_applies_now_and_charges_the_rest_of_the_period_prorated(world: World):
    tenant, owner = billed_tenant(world)
    today = world.today
    set_period(world, tenant, today - timedelta(days=10), today + timedelta(days=20))
    result = owner.one("select api.change_plan(tenant_id => %s, plan_code => 'enterprise')", (tenant,))
    # (499 - 99) a month, for 20 of the period's 30 days.
    assert float(result["charged_now"]) == round(400 * 20 / 30, 2) == 266.67
    assert result["plan_code"] == "enterprise" and result["status"] == "active"
    row = world.admin.execute("select kind, amount::float, period_start, period_end, status from subscription_invoices "
                              "where id = %s", (result["invoice_id"],)).fetchone()
    assert row == ("proration", 266.67, today, today + timedelta(days=20), "open")
    assert world.admin.execute("select count(*) from payment_attempts where invoice_id = %s",
                               (result["invoice_id"],)).fetchone()[0] == 1
    # The next period is billed at the new price.
    bill(world, today + timedelta(days=20))
    assert world.admin.execute("select amount::float from subscription_invoices where tenant_id = %s "
                               "and kind = 'recurring' order by period_start desc limit 1",
                               (tenant,)).fetchone()[0] == 499.0


def test_a_downgrade_waits_for_the_period_end_and_is_refused_over_the_target_limits(world: World):
    tenant, owner = billed_tenant(world)
    world.admin.execute("insert into plans (code, name, max_animals, max_farms, max_members, max_devices, "
                        "price_monthly, price_yearly) values ('mini', 'Mini', 1, 1, 5, 0, 5, 50)")
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'F') ->> 'id'", (tenant,))
    for tag in ("A1", "A2"):
        owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => %s, species => 'cattle', "
                  "sex => 'female')", (tenant, farm, tag))
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.change_plan(tenant_id => %s, plan_code => 'mini')", (tenant,))
    assert err.value.sqlstate == "PT409" and err.value.diag.message_hint.startswith("plan_usage_exceeds_limits")
    assert '"animals": {"limit": 1, "usage": 2}' in err.value.diag.message_detail
    assert subscription(world, tenant)["pending_plan_code"] is None
    world.admin.execute("update animals set status = 'sold' where tenant_id = %s and tag_number = 'A2'", (tenant,))
    result = owner.one("select api.change_plan(tenant_id => %s, plan_code => 'mini')", (tenant,))
    pending = (result["plan_code"], result["pending_plan_code"], float(result["charged_now"]))
    assert pending == ("professional", "mini", 0)
    end = subscription(world, tenant)["current_period_end"]
    bill(world, end)
    sub = subscription(world, tenant)
    assert (sub["plan_code"], sub["pending_plan_code"], sub["current_period_start"]) == ("mini", None, end)
    assert world.admin.execute("select amount::float from subscription_invoices where tenant_id = %s "
                               "and period_start = %s", (tenant, end)).fetchone()[0] == 5.0


def test_a_plan_chosen_during_the_trial_is_billed_when_it_ends(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    result = owner.one("select api.change_plan(tenant_id => %s, plan_code => 'starter', billing_cycle => 'yearly')",
                       (tenant,))
    assert (result["status"], result["plan_code"], float(result["charged_now"])) == ("trial", "starter", 0)
    world.admin.execute("update subscriptions set trial_ends_on = private.today() where tenant_id = %s", (tenant,))
    world.admin.execute("select private.check_trial_expirations(private.now())")
    bill(world, world.today)
    assert world.admin.execute("select amount::float from subscription_invoices where tenant_id = %s",
                               (tenant,)).fetchall() == [(290.0,)]


def test_cancel_at_period_end_stops_billing_and_resume_undoes_it(world: World):
    tenant, owner = billed_tenant(world)
    owner.one("select api.cancel_subscription(tenant_id => %s)", (tenant,))
    owner.one("select api.resume_subscription(tenant_id => %s)", (tenant,))
    assert subscription(world, tenant)["cancel_at_period_end"] is False
    owner.one("select api.cancel_subscription(tenant_id => %s)", (tenant,))
    sub = subscription(world, tenant)
    assert (sub["status"], sub["cancel_at_period_end"]) == ("active", True)
    assert bill(world, sub["current_period_end"]) == 0
    assert subscription(world, tenant)["status"] == "cancelled"
    assert world.admin.execute("select count(*) from subscription_invoices where tenant_id = %s",
                               (tenant,)).fetchone()[0] == 1  # only the first period's
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.cancel_subscription(tenant_id => %s)", (tenant,))
    assert err.value.diag.message_hint == "subscription_not_active"
    # Choosing a plan again starts a new period, invoiced now.
    result = owner.one("select api.change_plan(tenant_id => %s, plan_code => 'starter')", (tenant,))
    assert result["status"] == "active" and float(result["charged_now"]) == 29.0


@pytest.mark.parametrize("role", ["manager", "accountant", "worker", "viewer"])
def test_only_billing_managers_change_or_cancel_the_plan(world: World, role: str):
    owner = world.user()
    tenant = world.tenant(owner)
    member = world.member(tenant, role)
    for call in ("api.change_plan(tenant_id => %s, plan_code => 'starter')",
                 "api.cancel_subscription(tenant_id => %s)"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            member.one(f"select {call}", (tenant,))
    assert subscription(world, tenant)["status"] == "trial"


def test_usage_metrics_count_the_period_and_keep_the_peak(world: World):
    tenant, owner = billed_tenant(world)
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'F') ->> 'id'", (tenant,))
    for tag in ("U1", "U2", "U3"):
        owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => %s, species => 'goat', "
                  "sex => 'female')", (tenant, farm, tag))
    world.admin.execute("select private.record_api_calls(%s)", (Jsonb({tenant: 40, "not-a-tenant": 5}),))
    world.admin.execute("select private.record_api_calls(%s)", (Jsonb({tenant: 2}),))
    run = "select private.aggregate_usage_metrics(%s::timestamptz)"
    assert world.admin.execute(run, ("now",)).fetchone()[0] >= 1
    world.admin.execute("update animals set status = 'sold' where tenant_id = %s and tag_number = 'U3'", (tenant,))
    world.admin.execute(run, ("now",))
    world.admin.execute(run, ("2000-01-01",))  # a late catch-up run does not overwrite a newer reading
    row = world.admin.execute("select animals, peak_animals, farms, members, api_calls from usage_metrics "
                              "where tenant_id = %s", (tenant,)).fetchone()
    assert row == (2, 3, 1, 1, 42)
    sub = owner.one("select api.get_subscription(tenant_id => %s)", (tenant,))
    assert sub["usage"]["animals"] == 2 and sub["usage_metrics"]["api_calls"] == 42


def test_a_tenant_cannot_pay_itself_or_lift_its_own_suspension(world: World):
    tenant, owner = billed_tenant(world)
    invoice, _ = open_invoice(world, tenant)
    world.admin.execute("update subscriptions set status = 'suspended' where tenant_id = %s", (tenant,))
    attempts_before = attempts(world, tenant)
    break_ins = [
        "update subscriptions set status = 'active' where tenant_id = %(t)s",
        "update subscription_invoices set status = 'paid' where tenant_id = %(t)s",
        "insert into payment_attempts (tenant_id, invoice_id, status) values (%(t)s, %(i)s, 'succeeded')",
        "insert into usage_metrics (tenant_id, period_start, period_end, measured_at) "
        "values (%(t)s, private.today(), private.today() + 1, now())",
        "select private.record_payment_event('gateway', jsonb_build_object('id', 'evt-self', "
        "'type', 'payment_succeeded', 'data', jsonb_build_object('invoice_id', %(i)s::text)), now())",
        "select private.settle_subscription_payment(%(t)s, %(i)s, true, 'manual', null, null, null, now())",
        "select private.record_api_calls(jsonb_build_object(%(t)s::text, 0))",
    ]
    for statement in break_ins:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            owner.one(statement, {"t": tenant, "i": invoice})
    assert subscription(world, tenant)["status"] == "suspended"
    assert attempts(world, tenant) == attempts_before
