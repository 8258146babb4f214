"""The calendar's edges: every date-sensitive rule, run with "today" set to each day that breaks naive date
arithmetic -- the first and last day of a month, 28/29 February in a leap and a non-leap year, New Year's
Eve and Day -- and to the real today. The database clock (private.now()) is set for each; every expected
value is computed here in Python from that day, never from the clock."""

from __future__ import annotations

import calendar
import uuid
from datetime import date, datetime, timedelta

import psycopg
import pytest

from tests.conftest import World, conn_dsn
from tests.sql.test_animals import animal, refused
from tests.sql.test_dashboards import build_demo, check_analytics, check_financial_summary, check_stats
from tests.sql.test_sales_invoices import invoice, sell
from tests.sql.test_subscriptions import activate

EDGES = {
    "new-years-day": date(2027, 1, 1),
    "month-end-31": date(2026, 1, 31),
    "feb-28-non-leap": date(2026, 2, 28),
    "mar-1-non-leap": date(2026, 3, 1),
    "month-end-30": date(2026, 4, 30),
    "first-of-month": date(2026, 6, 1),
    "feb-28-leap": date(2028, 2, 28),
    "leap-day": date(2028, 2, 29),
    "mar-1-leap": date(2028, 3, 1),
    "new-years-eve": date(2026, 12, 31),
    "today": date.today(),  # the day the suite runs: the one day a fixed list would miss
}
DAYS = pytest.mark.parametrize("day", list(EDGES.values()), ids=list(EDGES))


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, on the same day of the month or the month's last day when it is shorter."""
    y, m = divmod(day.month - 1 + months, 12)
    return date(day.year + y, m + 1, min(day.day, calendar.monthrange(day.year + y, m + 1)[1]))


def at(day: date, hh: int, mm: int = 0, ss: int = 0, offset: str = "+00:00") -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T{hh:02}:{mm:02}:{ss:02}{offset}")


def one(world: World, query: str, params=None):
    return world.admin.execute(query, params).fetchone()[0]


def a_farm_on(world: World, day: date) -> tuple:
    """Today set to `day`, and a new owner with a tenant and a farm."""
    world.set_today(day)
    owner = world.user()
    tenant = world.tenant(owner)
    return owner, tenant, owner.one("select api.create_farm(tenant_id => %s, name => 'Main') ->> 'id'", (tenant,))


def in_zone(owner, timezone: str) -> str:
    """A tenant of the owner's in a time zone."""
    return owner.one("select api.create_tenant(name => %s, slug => %s, timezone => %s) ->> 'id'",
                     (timezone, f"tz-{uuid.uuid4().hex[:12]}", timezone))


def test_the_helpers_here_know_the_calendar():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28) and add_months(date(2028, 2, 29), 48).day == 29


def test_the_clock_is_the_transactions_now_unless_a_session_sets_it(world: World):
    assert one(world, "select private.today()") == world.today  # the fixture set this database's clock
    with psycopg.connect(conn_dsn(world.admin), autocommit=True) as conn:
        conn.execute("set ifarm.now = ''")  # unset: the real now()
        assert conn.execute("select private.now() = now()").fetchone()[0]
        with conn.transaction():
            conn.execute("select set_config('ifarm.now', '2030-01-01 00:30:00+00', true)")  # this transaction only
            assert conn.execute("select private.now() = now(), private.today(), private.tenant_today(null)"
                                ).fetchone() == (False, date(2030, 1, 1), date(2030, 1, 1))
        assert conn.execute("select private.now() = now()").fetchone()[0]
    owner = world.user()
    world.set_clock(at(date(2030, 1, 1), 0, 30))
    assert one(world, "select private.tenant_today(%s)", (in_zone(owner, "America/New_York"),)) == date(2029, 12, 31)
    assert one(world, "select private.tenant_today(%s)", (in_zone(owner, "Asia/Tokyo"),)) == date(2030, 1, 1)


# ---------------------------------------------------------------- dashboards over the demo


@DAYS
def test_dashboards_equal_a_direct_computation_on_every_edge(world18: World, day: date):
    """On PostgreSQL 18 only: the dashboards' SQL is the same on 15 (tests/sql/test_dashboards.py runs it
    there at TODAY), and seeding the demo takes seconds per date."""
    world = world18
    world.set_today(day)
    demo = build_demo(world)
    for who in ("owner", "worker"):
        check_stats(demo, who)
    check_analytics(demo, "owner", 30)
    check_analytics(demo, "owner", 90)
    check_financial_summary(demo)


# ---------------------------------------------------------------- subscriptions


@DAYS
def test_monthly_billing_keeps_the_anchor_day_for_a_year(world: World, day: date):
    world.set_today(day)
    tenant = world.tenant(world.user())
    activate(world, tenant, due=day)
    for k in range(13):  # the scheduler running at midnight UTC of each billing day
        world.set_clock(at(add_months(day, k), 0, 0))
        assert one(world, "select private.process_recurring_billing(private.now())") == 1
    periods = world.admin.execute("select period_start, period_end from subscription_invoices where tenant_id = %s "
                                  "order by period_start", (tenant,)).fetchall()
    assert periods == [(add_months(day, k), add_months(day, k + 1)) for k in range(13)]
    sub = world.admin.execute("select current_period_start, current_period_end, next_billing_on, billing_anchor_on "
                              "from subscriptions where tenant_id = %s", (tenant,)).fetchone()
    assert sub == (add_months(day, 12), add_months(day, 13), add_months(day, 13), day)


@DAYS
def test_yearly_billing_renews_on_the_anchor_day_or_the_end_of_february(world: World, day: date):
    world.set_today(day)
    tenant = world.tenant(world.user())
    activate(world, tenant, cycle="yearly", due=day)
    world.set_clock(at(add_months(day, 48), 12))  # four years late: the job catches up every period
    assert one(world, "select private.process_recurring_billing(private.now())") == 5
    periods = world.admin.execute("select period_start, period_end from subscription_invoices where tenant_id = %s "
                                  "order by period_start", (tenant,)).fetchall()
    assert periods == [(add_months(day, 12 * k), add_months(day, 12 * (k + 1))) for k in range(5)]


@DAYS
def test_billing_at_the_last_second_before_the_billing_day_bills_nothing(world: World, day: date):
    world.set_today(day)
    tenant = world.tenant(world.user())
    activate(world, tenant, due=day)
    assert one(world, "select private.process_recurring_billing(%s)", (at(day - timedelta(days=1), 23, 59, 59),)) == 0
    assert one(world, "select private.process_recurring_billing(%s)", (at(day, 0, 0),)) == 1


@DAYS
def test_a_trial_warns_three_days_ahead_and_ends_at_midnight_utc(world: World, day: date):
    world.set_today(day)
    owner = world.user()
    tenant = world.tenant(owner)
    ends = day + timedelta(days=14)
    assert one(world, "select trial_ends_on from subscriptions where tenant_id = %s", (tenant,)) == ends
    check = "select private.check_trial_expirations(%s)"
    notices = "select count(*) from notifications where tenant_id = %s and kind = 'trial_ending' and channel = 'email'"
    assert one(world, check, (at(ends - timedelta(days=3), 0, 0) - timedelta(seconds=1),)) == 0
    assert one(world, notices, (tenant,)) == 0
    assert one(world, check, (at(ends - timedelta(days=3), 0, 0),)) == 1
    assert one(world, check, (at(ends, 0, 0) - timedelta(seconds=1),)) == 0  # once; not yet over
    assert one(world, "select status from subscriptions where tenant_id = %s", (tenant,)) == "trial"
    assert one(world, check, (at(ends, 0, 0),)) == 1
    assert one(world, "select status from subscriptions where tenant_id = %s", (tenant,)) == "expired"
    assert one(world, notices, (tenant,)) == 1


# ---------------------------------------------------------------- invoices


@DAYS
def test_an_invoice_is_numbered_in_its_year_and_overdue_from_the_tenants_next_midnight(world: World, day: date):
    world.set_today(day)
    owner = world.user()
    tenant = in_zone(owner, "Africa/Nairobi")
    inv = invoice(owner, tenant, [{"description": "milk", "quantity": 10, "unit_price": 55}])
    issued = owner.one("select api.issue_invoice(tenant_id => %s, invoice_id => %s)", (tenant, inv["id"]))
    due = day + timedelta(days=30)
    assert (issued["number"], issued["issued_on"], issued["due_on"]) == (
        f"INV-{day.year}-000001", day.isoformat(), due.isoformat())
    overdue = "select private.mark_overdue_invoices(%s)"
    # Nairobi is UTC+3: its day after the due date starts at 21:00 UTC on the due date.
    assert one(world, overdue, (at(due, 20, 59, 59),)) == 0
    assert one(world, overdue, (at(due, 21, 0),)) == 1
    assert one(world, "select status from invoices where id = %s", (inv["id"],)) == "overdue"


def test_invoice_numbers_restart_at_the_tenants_new_year(world: World):
    owner = world.user()
    tenant = in_zone(owner, "Pacific/Auckland")
    numbers = []
    # 10:59 UTC on 31 December is 23:59 in Auckland (UTC+13 in summer); 11:00 UTC is already 1 January.
    for instant in (at(date(2026, 12, 31), 10, 59), at(date(2026, 12, 31), 11, 0), at(date(2026, 12, 31), 12, 0)):
        world.set_clock(instant)
        inv = invoice(owner, tenant, [{"description": "eggs", "quantity": 1, "unit_price": 5}])
        issued = owner.one("select api.issue_invoice(tenant_id => %s, invoice_id => %s)", (tenant, inv["id"]))
        numbers.append((issued["number"], issued["issued_on"]))
    assert numbers == [("INV-2026-000001", "2026-12-31"), ("INV-2027-000001", "2027-01-01"),
                       ("INV-2027-000002", "2027-01-01")]


# ---------------------------------------------------------------- health, breeding, "not in the future"


@DAYS
def test_withdrawal_clears_on_the_last_dose_plus_its_days_across_the_edge(world: World, day: date):
    owner, tenant, farm = a_farm_on(world, day)
    cow = animal(owner, tenant, farm, "COW", birth_date="2020-01-01")
    last_dose = day - timedelta(days=2)
    treatment = owner.one("select api.record_treatment(tenant_id => %s, animal_id => %s, medicine => 'Oxytet', "
                          "course_start => %s, course_end => %s, milk_withdrawal_hours => 36, "
                          "meat_withdrawal_days => 2)",
                          (tenant, cow["id"], last_dose - timedelta(days=1), last_dose))
    withdrawal = treatment["withdrawal"]
    assert withdrawal["milk"]["days"] == 2  # 36 h, rounded up to whole days
    assert withdrawal["milk"]["clear_on"] == withdrawal["meat"]["clear_on"] == day.isoformat()
    milk = "select api.record_production(tenant_id => %s, animal_id => %s, product => 'milk', quantity => 8, " \
           "unit => 'l', recorded_on => %s) ->> 'is_withheld'"
    assert owner.one(milk, (tenant, cow["id"], day - timedelta(days=1))) == "true"
    assert owner.one(milk, (tenant, cow["id"], day)) == "false"
    refused(lambda: sell(owner, tenant, animal_id=cow["id"], price=1000, sold_on=(day - timedelta(days=1))), "PT409")
    refused(lambda: sell(owner, tenant, animal_id=cow["id"], price=1000, sold_on=(day + timedelta(days=1))), "PT422")
    assert sell(owner, tenant, animal_id=cow["id"], price=1000)["sold_on"] == day.isoformat()  # today by default


@DAYS
def test_due_dates_and_repeat_heat_count_days_across_the_edge(world: World, day: date):
    owner, tenant, farm = a_farm_on(world, day)
    watched = animal(owner, tenant, farm, "C-21", birth_date="2020-01-01")
    early = animal(owner, tenant, farm, "C-20", birth_date="2020-01-01")
    served = {}
    for cow, ago in ((watched, 21), (early, 20)):
        served[cow["tag_number"]] = owner.one(
            "select api.record_service(tenant_id => %s, dam_id => %s, served_on => %s, method => 'natural')",
            (tenant, cow["id"], day - timedelta(days=ago)))
    assert served["C-21"]["expected_due_on"] == (day - timedelta(days=21) + timedelta(days=283)).isoformat()
    heat = owner.one("select api.repeat_heat_watch(tenant_id => %s)", (tenant,))
    assert [(h["tag_number"], h["days_since_service"], h["next_heat_expected_on"]) for h in heat] == [
        ("C-21", 21, day.isoformat())]
    due_in = (day - timedelta(days=20) + timedelta(days=283) - day).days  # the later due date, in days from today
    due = "select jsonb_array_length(api.births_due(tenant_id => %s, within_days => %s))"
    assert owner.one(due, (tenant, due_in)) == 2 and owner.one(due, (tenant, due_in - 1)) == 1
    refused(lambda: owner.one("select api.record_service(tenant_id => %s, dam_id => %s, served_on => %s, "
                              "method => 'natural')", (tenant, early["id"], day + timedelta(days=1))), "PT422")


@pytest.mark.parametrize("day", [date(2026, 12, 31), date(2028, 2, 28), date(2026, 6, 30)],
                         ids=["new-year", "leap-day", "month-end"])
def test_not_in_the_future_means_the_tenants_today_not_the_servers(world: World, day: date):
    world.set_clock(at(day, 22, 30))  # 22:30 UTC: already the next day in Nairobi (UTC+3), not in UTC
    owner = world.user()
    local = in_zone(owner, "Africa/Nairobi")
    utc = world.tenant(owner)
    tomorrow = day + timedelta(days=1)
    for tenant, allowed in ((local, True), (utc, False)):
        farm = owner.one("select api.create_farm(tenant_id => %s, name => 'Main') ->> 'id'", (tenant,))
        calf = animal(owner, tenant, farm, "CALF", birth_date=day.isoformat())
        weigh = lambda t=tenant, c=calf: owner.one(  # noqa: E731
            "select api.record_weight(tenant_id => %s, animal_id => %s, weight_kg => 40, weighed_on => %s)",
            (t, c["id"], tomorrow))
        if allowed:
            assert weigh()["weighed_on"] == tomorrow.isoformat()
            assert one(world, "select private.tenant_today(%s)", (tenant,)) == tomorrow
        else:
            refused(weigh, "PT422")
            assert one(world, "select private.tenant_today(%s)", (tenant,)) == day
    groups = owner.one("select api.create_group(tenant_id => %s, farm_id => %s, name => 'Layers', "
                       "species => 'chicken', purpose => 'layers', female_count => 10) ->> 'started_on'",
                       (local, owner.one("select id::text from farms where tenant_id = %s", (local,))))
    assert groups == tomorrow.isoformat()  # a default date is the tenant's today too
