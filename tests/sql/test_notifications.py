"""Notices in SQL: every rule, its recipients and its dedupe key; channels from preferences; the in-app
inbox and its RLS; the notifier's claim, lease, retry and release (db/functions/115_notifications.sql)."""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta

import psycopg
import pytest

from app.notifications import Renderer
from tests.conftest import Actor, World, conn_dsn, noon_utc

QUEUE = "select private.queue_notifications(%s, private.now())"


def queue(world: World, kind: str) -> int:
    return world.admin.execute(QUEUE, (kind,)).fetchone()[0]


def notices(world: World, tenant: str, kind: str, channel: str = "email") -> dict[str, dict]:
    """{user_id: facts} of the queued notices of a kind on a channel."""
    rows = world.admin.execute("select user_id::text, facts from notifications where tenant_id = %s and kind = %s "
                               "and channel = %s", (tenant, kind, channel)).fetchall()
    assert len(rows) == len({r[0] for r in rows}), "a user got the same kind twice"
    return dict(rows)


def render_all(world: World, kind: str) -> None:
    """Every queued notice of a kind renders with its templates (subject, text and HTML)."""
    renderer = Renderer()
    for facts, tenant_name in world.admin.execute(
            "select n.facts, t.name from notifications n join tenants t on t.id = n.tenant_id where n.kind = %s",
            (kind,)).fetchall():
        rendered = renderer.render(kind, "en", {"facts": facts, "tenant_name": tenant_name, "channel": "email",
                                                "recipient_name": "Ann", "unsubscribe_url": "http://x/u",
                                                "app_url": "http://x"})
        assert rendered.subject and rendered.text.strip() and "<html" in rendered.html


def farm_of(owner: Actor, tenant: str, name: str = "Main") -> str:
    return owner.one("select api.create_farm(tenant_id => %s, name => %s) ->> 'id'", (tenant, name))


def grant(owner: Actor, tenant: str, user: Actor, farm: str) -> None:
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)", (tenant, user.id, farm))


def animal(owner: Actor, tenant: str, farm: str, tag: str, sex: str = "female") -> str:
    return owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => %s, species => 'cattle', "
                     "sex => %s, birth_date => '2020-01-01') ->> 'id'", (tenant, farm, tag, sex))


# ---------------------------------------------------------------- the registry and the templates


def test_every_kind_sql_produces_has_a_template_and_every_template_a_kind(world18: World):
    kinds = {r[0] for r in world18.admin.execute("select kind from private.notification_kinds()")}
    renderer = Renderer()
    assert kinds == renderer.kinds("en")
    for language in renderer.languages():
        assert renderer.kinds(language) <= kinds, language
    for kind in kinds:
        for suffix in (".subject.txt", ".txt", ".html"):
            assert (renderer.directory / "en" / f"{kind}{suffix}").exists(), (kind, suffix)


def test_every_rule_runs_and_a_second_run_queues_nothing(world: World):
    assert world.admin.execute("select private.produce_notifications(null, private.now())").fetchone()[0] == 0
    with pytest.raises(psycopg.Error) as err:
        queue(world, "no_such_kind")
    assert err.value.diag.sqlstate == "22023"


# ---------------------------------------------------------------- rules


def test_trial_ending_reaches_owners_by_email_and_in_the_app_once(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    manager = world.member(tenant, "manager")
    world.admin.execute("update subscriptions set trial_ends_on = private.today() + 3 where tenant_id = %s", (tenant,))
    assert queue(world, "trial_ending") == 1
    assert queue(world, "trial_ending") == 0
    assert set(notices(world, tenant, "trial_ending")) == {owner.id}
    assert set(notices(world, tenant, "trial_ending", "in_app")) == {owner.id}
    assert manager.id not in notices(world, tenant, "trial_ending")
    assert notices(world, tenant, "trial_ending")[owner.id]["days_left"] == 3
    render_all(world, "trial_ending")


def billed(world: World) -> tuple[str, Actor, str]:
    """An active tenant with its first invoice raised (a payment attempt pending)."""
    owner = world.user()
    tenant = world.tenant(owner)
    world.admin.execute("update subscriptions set status = 'active', plan_code = 'professional', "
                        "next_billing_on = private.today() where tenant_id = %s", (tenant,))
    world.admin.execute("select private.process_recurring_billing(private.now())")
    invoice = world.admin.execute("select id from subscription_invoices where tenant_id = %s",
                                  (tenant,)).fetchone()[0]
    return tenant, owner, str(invoice)


def test_payment_failed_reaches_billing_managers_once_per_failed_attempt(world: World):
    tenant, owner, invoice = billed(world)
    admin = world.member(tenant, "admin")
    accountant = world.member(tenant, "accountant")
    fail = "select api.record_subscription_payment(invoice_id => %s, succeeded => false, error => 'card declined')"
    world.admin.execute(fail, (invoice,))
    assert queue(world, "payment_failed") == 2
    assert queue(world, "payment_failed") == 0
    got = notices(world, tenant, "payment_failed")
    assert set(got) == {owner.id, admin.id} and accountant.id not in got
    assert got[owner.id]["error"] == "card declined" and got[owner.id]["attempt_no"] == 1
    # The retry fails too: a new attempt, a new notice.
    world.admin.execute("select private.process_recurring_billing(private.now() + interval '1 day')")
    world.admin.execute(fail, (invoice,))
    assert queue(world, "payment_failed") == 2
    render_all(world, "payment_failed")


def test_no_payment_failed_notice_once_the_invoice_is_paid(world: World):
    tenant, owner, invoice = billed(world)
    world.admin.execute("select api.record_subscription_payment(invoice_id => %s, succeeded => false)", (invoice,))
    world.admin.execute("select api.record_subscription_payment(invoice_id => %s, succeeded => true)", (invoice,))
    assert queue(world, "payment_failed") == 0


def test_subscription_suspended_is_a_security_notice_always_in_the_app(world: World):
    tenant, owner, invoice = billed(world)
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.set_notification_preference(tenant_id => %s, kind => 'subscription_suspended', "
                  "in_app => false)", (tenant,))
    assert err.value.diag.sqlstate == "PT409" and err.value.diag.message_hint == "security_notice_in_app"
    owner.one("select api.set_notification_preference(tenant_id => %s, kind => 'subscription_suspended', "
              "email => false)", (tenant,))
    world.admin.execute("update subscriptions set status = 'suspended', suspended_at = private.now(), "
                        "failed_attempts = 4 where tenant_id = %s", (tenant,))
    assert queue(world, "subscription_suspended") == 1
    assert queue(world, "subscription_suspended") == 0
    assert notices(world, tenant, "subscription_suspended") == {}
    facts = notices(world, tenant, "subscription_suspended", "in_app")[owner.id]
    assert facts["open_invoices"] == 1 and float(facts["amount_due"]) > 0
    render_all(world, "subscription_suspended")


@pytest.mark.parametrize("due", [date(2027, 1, 31), date(2028, 2, 29), date(2026, 12, 31)])
def test_invoice_overdue_from_the_day_after_its_due_date_to_finance_writers(world: World, due: date):
    world.set_today(due - timedelta(days=30))
    owner = world.user()
    tenant = world.tenant(owner)
    accountant = world.member(tenant, "accountant")
    worker = world.member(tenant, "worker")
    inv = owner.one("select api.create_invoice(tenant_id => %s, lines => %s) ->> 'id'",
                    (tenant, json.dumps([{"description": "milk", "quantity": 10, "unit_price": 55}])))
    owner.one("select api.issue_invoice(tenant_id => %s, invoice_id => %s)", (tenant, inv))
    assert owner.one("select due_on from invoices where id = %s", (inv,)) == due
    world.set_today(due)
    assert queue(world, "invoice_overdue") == 0
    world.set_today(due + timedelta(days=1))  # the next month (or year) begins
    assert queue(world, "invoice_overdue") == 2
    assert queue(world, "invoice_overdue") == 0
    got = notices(world, tenant, "invoice_overdue")
    assert set(got) == {owner.id, accountant.id} and worker.id not in got
    assert got[owner.id]["days_overdue"] == 1 and float(got[owner.id]["outstanding"]) == 550
    render_all(world, "invoice_overdue")


def test_expense_approval_reaches_those_who_may_approve_it(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    dairy, poultry = farm_of(owner, tenant, "Dairy"), farm_of(owner, tenant, "Poultry")
    worker = world.member(tenant, "worker")
    accountant = world.member(tenant, "accountant")
    manager_here = world.member(tenant, "manager")
    manager_elsewhere = world.member(tenant, "manager")
    for user, farm in ((worker, dairy), (accountant, dairy), (manager_here, dairy), (manager_elsewhere, poultry)):
        grant(owner, tenant, user, farm)
    feed = owner.one("select id from expense_categories where tenant_id = %s and code = 'feed'", (tenant,))
    create = ("select api.create_expense(tenant_id => %s, farm_id => %s, category_id => %s, amount => %s, "
              "description => 'dairy meal', submit => true) ->> 'id'")
    small = worker.one(create, (tenant, dairy, feed, 800))
    large = worker.one(create, (tenant, dairy, feed, 5000))
    assert queue(world, "expense_approval") == 5  # small: owner, accountant, manager_here; large: owner, accountant
    assert queue(world, "expense_approval") == 0
    rows = world.admin.execute("select user_id::text, facts ->> 'expense_id' from notifications "
                               "where tenant_id = %s and kind = 'expense_approval' and channel = 'email'",
                               (tenant,)).fetchall()
    by_expense = {e: {u for u, x in rows if x == e} for e in (small, large)}
    assert by_expense[small] == {owner.id, accountant.id, manager_here.id}
    assert by_expense[large] == {owner.id, accountant.id}  # over the manager's limit of 1,000
    assert worker.id not in {u for u, _ in rows} and manager_elsewhere.id not in {u for u, _ in rows}
    # Withdrawn and submitted again: a new submission, asked again.
    worker.one("select api.withdraw_expense(tenant_id => %s, expense_id => %s)", (tenant, small))
    worker.one("select api.submit_expense(tenant_id => %s, expense_id => %s)", (tenant, small))
    assert queue(world, "expense_approval") == 3
    render_all(world, "expense_approval")


def test_nobody_is_asked_to_approve_their_own_expense(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    farm = farm_of(owner, tenant)
    feed = owner.one("select id from expense_categories where tenant_id = %s and code = 'feed'", (tenant,))
    owner.one("select api.create_expense(tenant_id => %s, farm_id => %s, category_id => %s, amount => 100, "
              "description => 'salt lick', submit => true)", (tenant, farm, feed))
    assert queue(world, "expense_approval") == 0


def treat(owner: Actor, tenant: str, animal_id: str, start: date, end: date, milk_hours: int = 0,
          meat_hours: int = 0, medicine: str = "Cloxacillin") -> None:
    owner.one("select api.record_treatment(tenant_id => %s, animal_id => %s, medicine => %s, course_start => %s, "
              "course_end => %s, milk_withdrawal_hours => %s, meat_withdrawal_hours => %s)",
              (tenant, animal_id, medicine, start, end, milk_hours or None, meat_hours or None))


def test_withdrawal_ending_on_new_years_day_is_told_on_new_years_eve_to_the_farms_people(world: World):
    world.set_today(date(2026, 12, 31))
    owner = world.user()
    tenant = world.tenant(owner)
    dairy, other = farm_of(owner, tenant, "Dairy"), farm_of(owner, tenant, "Other")
    worker_here, worker_elsewhere = world.member(tenant, "worker"), world.member(tenant, "worker")
    viewer = world.member(tenant, "viewer")
    for user, farm in ((worker_here, dairy), (worker_elsewhere, other), (viewer, dairy)):
        grant(owner, tenant, user, farm)
    cow = animal(owner, tenant, dairy, "COW-1")
    # milk: 72 h after a course ending 29 December -> clear on 1 January; meat: 96 h -> 2 January.
    treat(owner, tenant, cow, date(2026, 12, 27), date(2026, 12, 29), milk_hours=72, meat_hours=96)
    assert owner.one("select milk_clear_on from treatments where animal_id = %s", (cow,)) == date(2027, 1, 1)
    assert queue(world, "withdrawal_ending") == 2
    assert queue(world, "withdrawal_ending") == 0
    got = notices(world, tenant, "withdrawal_ending")
    assert set(got) == {owner.id, worker_here.id}
    assert got[owner.id]["products"] == [{"product": "milk", "medicine": "Cloxacillin"}]
    assert got[owner.id]["clear_on"] == "2027-01-01" and got[owner.id]["last_withheld_on"] == "2026-12-31"
    render_all(world, "withdrawal_ending")
    world.set_today(date(2027, 1, 1))  # the meat clears on the 2nd
    assert queue(world, "withdrawal_ending") == 2


def test_a_later_treatment_moves_the_withdrawal_end_and_no_notice_comes(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    farm = farm_of(owner, tenant)
    cow = animal(owner, tenant, farm, "COW-2")
    today = world.today
    treat(owner, tenant, cow, today - timedelta(days=4), today - timedelta(days=2), milk_hours=72)  # clears tomorrow
    treat(owner, tenant, cow, today - timedelta(days=1), today, milk_hours=120, medicine="Oxytetracycline")
    assert queue(world, "withdrawal_ending") == 0


def test_birth_due_within_seven_days_once_to_breeders_on_her_farm(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    farm = farm_of(owner, tenant)
    vet, worker = world.member(tenant, "vet"), world.member(tenant, "worker")
    for user in (vet, worker):
        grant(owner, tenant, user, farm)
    today = world.today
    cows = {n: animal(owner, tenant, farm, f"DAM-{n}") for n in (0, 7, 8)}
    for days_left, cow in cows.items():  # cattle: 283 days of gestation
        owner.one("select api.record_service(tenant_id => %s, dam_id => %s, served_on => %s, method => 'ai', "
                  "semen_straw_id => 'S-1')", (tenant, cow, today + timedelta(days=days_left - 283)))
    assert queue(world, "birth_due") == 4  # due today and in 7 days, to the owner and the vet; 8 days: not yet
    assert queue(world, "birth_due") == 0
    got = world.admin.execute("select user_id::text, facts ->> 'tag_number', (facts ->> 'days_left')::int "
                              "from notifications where tenant_id = %s and kind = 'birth_due' and channel = 'email'",
                              (tenant,)).fetchall()
    assert sorted(got) == sorted([(u, f"DAM-{n}", n) for u in (owner.id, vet.id) for n in (0, 7)])
    render_all(world, "birth_due")
    world.set_today(today + timedelta(days=1))
    assert queue(world, "birth_due") == 2  # DAM-8 comes within the week


def test_vaccination_schedule_sets_the_next_dose_and_the_booster_is_told_a_week_ahead(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    farm = farm_of(owner, tenant)
    cow = animal(owner, tenant, farm, "VAX-1")
    owner.one("select api.set_vaccine_schedule(tenant_id => %s, vaccine => 'Lumpy Skin', primary_doses => 2, "
              "primary_interval_days => 28, booster_interval_days => 365)", (tenant,))
    today = world.today
    vaccinate = "select api.record_vaccination(tenant_id => %s, vaccine => %s, animal_id => %s, given_on => %s) ->> "
    first = owner.one(vaccinate + "'next_due_on'", (tenant, "lumpy skin", cow, today - timedelta(days=21)))
    assert first == str(today + timedelta(days=7))  # dose 2 of the primary course, 28 days on
    assert queue(world, "vaccination_due") == 1
    assert queue(world, "vaccination_due") == 0
    facts = notices(world, tenant, "vaccination_due")[owner.id]
    assert facts["is_booster"] is False and facts["doses_given"] == 1 and facts["days_left"] == 7
    render_all(world, "vaccination_due")
    second = owner.one(vaccinate + "'next_due_on'", (tenant, "Lumpy Skin", cow, today))
    assert second == str(today + timedelta(days=365))  # the course is complete: the yearly booster
    world.set_today(today + timedelta(days=7))  # the first dose's due day: the second dose was given
    assert queue(world, "vaccination_due") == 0
    world.set_today(today + timedelta(days=365 - 7))
    assert queue(world, "vaccination_due") == 1
    assert world.admin.execute("select count(*) from notifications where kind = 'vaccination_due' and channel = "
                               "'email' and (facts ->> 'is_booster')::boolean").fetchone()[0] == 1


def test_a_vaccine_schedule_refuses_a_course_without_an_interval(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.set_vaccine_schedule(tenant_id => %s, vaccine => 'FMD', primary_doses => 2)", (tenant,))
    assert err.value.diag.sqlstate == "23514"
    worker = world.member(tenant, "worker")
    with pytest.raises(psycopg.Error) as err:
        worker.one("select api.set_vaccine_schedule(tenant_id => %s, vaccine => 'FMD')", (tenant,))
    assert err.value.diag.sqlstate == "42501"
    assert world.admin.execute("select count(*) from vaccine_schedules").fetchone()[0] == 0


def test_daily_rules_wait_for_six_in_the_morning_in_the_tenants_time_zone(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    owner.one("select api.update_tenant(tenant_id => %s, timezone => 'Pacific/Auckland')", (tenant,))
    farm = farm_of(owner, tenant)
    cow = animal(owner, tenant, farm, "NZ-1")
    # Noon UTC is midnight in Auckland (UTC+12 in June): the tenant's day has just begun.
    local_today = world.today + timedelta(days=1)
    owner.one("select api.record_service(tenant_id => %s, dam_id => %s, served_on => %s, method => 'natural')",
              (tenant, cow, local_today + timedelta(days=3 - 283)))
    assert queue(world, "birth_due") == 0
    world.set_clock(datetime.fromisoformat(f"{world.today.isoformat()}T18:00:00+00:00"))  # 06:00 in Auckland
    assert queue(world, "birth_due") == 1
    assert notices(world, tenant, "birth_due")[owner.id]["days_left"] == 3


# ---------------------------------------------------------------- preferences


def test_preferences_choose_the_channels_of_each_kind(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    owner.one("select api.set_notification_preference(tenant_id => %s, kind => 'trial_ending', email => false)",
              (tenant,))
    prefs = {p["kind"]: p for p in owner.one("select api.get_notification_preferences(tenant_id => %s)", (tenant,))}
    assert prefs["trial_ending"]["email"] is False and prefs["trial_ending"]["in_app"] is True
    assert prefs["payment_failed"]["is_security"] is True and prefs["birth_due"]["email"] is True
    world.admin.execute("update subscriptions set trial_ends_on = private.today() + 2 where tenant_id = %s", (tenant,))
    assert queue(world, "trial_ending") == 1
    assert notices(world, tenant, "trial_ending") == {}
    assert set(notices(world, tenant, "trial_ending", "in_app")) == {owner.id}
    # Turning email on later does not send the old notice again.
    owner.one("select api.set_notification_preference(tenant_id => %s, kind => 'trial_ending', email => true)",
              (tenant,))
    assert queue(world, "trial_ending") == 0


def test_a_preference_for_an_unknown_kind_is_refused_and_changes_nothing(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.set_notification_preference(tenant_id => %s, kind => 'lottery_win', email => false)",
                  (tenant,))
    assert err.value.diag.sqlstate == "PT400" and err.value.diag.message_hint == "unknown_notification_kind"
    assert world.admin.execute("select count(*) from notification_preferences").fetchone()[0] == 0


def test_a_member_cannot_set_another_members_preferences(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    worker = world.member(tenant, "worker")
    with pytest.raises(psycopg.Error) as err:
        owner.rowcount("insert into notification_preferences (tenant_id, user_id, kind, is_email_enabled) "
                       "values (%s, %s, 'birth_due', false)", (tenant, worker.id))
    assert err.value.diag.sqlstate == "42501"


def test_unsubscribing_turns_off_that_kinds_email_for_that_member_only(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    admin = world.member(tenant, "admin")
    unsubscribe = "select private.unsubscribe(%s, %s, %s, %s)"
    assert world.admin.execute(unsubscribe, (tenant, owner.id, "birth_due", False)).fetchone()[0][
        "is_email_enabled"] is True
    world.admin.execute(unsubscribe, (tenant, owner.id, "birth_due", True))
    prefs = world.admin.execute("select user_id::text, kind, is_email_enabled, is_in_app_enabled "
                                "from notification_preferences").fetchall()
    assert prefs == [(owner.id, "birth_due", False, True)]
    assert admin.id not in {p[0] for p in prefs}
    for kind in ("payment_failed", "no_such_kind"):
        with pytest.raises(psycopg.Error) as err:
            world.admin.execute(unsubscribe, (tenant, owner.id, kind, True))
        assert err.value.diag.message_hint == "unsubscribe_not_allowed"
    stranger = world.user()
    with pytest.raises(psycopg.Error) as err:
        world.admin.execute(unsubscribe, (tenant, stranger.id, "birth_due", True))
    assert err.value.diag.message_hint == "member_not_found"


# ---------------------------------------------------------------- the in-app inbox


def delivered(world: World, tenant: str, user: Actor, n: int) -> list[str]:
    """n rendered in-app notices for a user, oldest first (as the notifier leaves them)."""
    ids = []
    for i in range(n):
        ids.append(str(world.admin.execute(
            "insert into notifications (tenant_id, user_id, channel, kind, subject, body, status, sent_at, dedupe_key, "
            "created_at) values (%s, %s, 'in_app', 'birth_due', %s, 'body', 'sent', now(), %s, "
            "now() + %s * interval '1 second') returning id",
            (tenant, user.id, f"notice {i}", f"k{i}:{user.id}", i)).fetchone()[0]))
    return ids


def test_the_inbox_lists_unread_first_counts_and_marks_read(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    ids = delivered(world, tenant, owner, 4)
    owner.one("select api.mark_notification_read(tenant_id => %s, notification_id => %s)", (tenant, ids[3]))
    page = owner.one("select api.list_notifications(tenant_id => %s, \"limit\" => 3)", (tenant,))
    assert page["count"] == 4
    assert [r["id"] for r in page["results"]] == [ids[2], ids[1], ids[0]]  # unread, newest first; the read last
    assert owner.one("select api.unread_notification_count(tenant_id => %s)", (tenant,)) == {"unread": 3}
    unread = owner.one("select api.list_notifications(tenant_id => %s, unread_only => true)", (tenant,))
    assert unread["count"] == 3
    assert owner.one("select api.mark_all_notifications_read(tenant_id => %s)", (tenant,)) == {"marked": 3}
    assert owner.one("select api.unread_notification_count(tenant_id => %s)", (tenant,)) == {"unread": 0}
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.list_notifications(tenant_id => %s, \"limit\" => 101)", (tenant,))
    assert err.value.diag.sqlstate == "22023"


def test_a_user_reads_and_marks_only_their_own_notices(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    admin = world.member(tenant, "admin")
    mine = delivered(world, tenant, owner, 2)
    delivered(world, tenant, admin, 1)
    assert admin.one("select count(*) from notifications") == 1
    assert admin.one("select api.list_notifications(tenant_id => %s)", (tenant,))["count"] == 1
    with pytest.raises(psycopg.Error) as err:
        admin.one("select api.mark_notification_read(tenant_id => %s, notification_id => %s)", (tenant, mine[0]))
    assert err.value.diag.sqlstate == "PT404" and err.value.diag.message_hint == "notification_not_found"
    assert admin.rowcount("update notifications set read_at = now() where id = %s", (mine[0],)) == 0
    assert world.admin.execute("select count(*) from notifications where read_at is not null").fetchone()[0] == 0
    outsider = world.user()
    with pytest.raises(psycopg.Error) as err:
        outsider.one("select api.list_notifications(tenant_id => %s)", (tenant,))
    assert err.value.diag.message_hint == "not_a_member"
    with pytest.raises(psycopg.Error) as err:  # only read_at may change
        owner.rowcount("update notifications set status = 'pending' where id = %s", (mine[0],))
    assert err.value.diag.sqlstate == "42501"


# ---------------------------------------------------------------- the notifier's claim


def pending(world: World, tenant: str, user: Actor, n: int) -> None:
    for i in range(n):
        world.admin.execute("insert into notifications (tenant_id, user_id, channel, kind, facts, dedupe_key) "
                            "values (%s, %s, 'email', 'birth_due', '{}', %s)", (tenant, user.id, f"p{i}:{user.id}"))


CLAIM = "select id from private.claim_notifications(%s, %s, make_interval(secs => %s), '{email,in_app}')"


def test_two_claims_at_once_never_take_the_same_notice(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    pending(world, tenant, owner, 10)
    with psycopg.connect(conn_dsn(world.admin)) as a, psycopg.connect(conn_dsn(world.admin)) as b:
        first = {r[0] for r in a.execute(CLAIM, ("a", 6, 60)).fetchall()}  # a's transaction still open: rows locked
        second = {r[0] for r in b.execute(CLAIM, ("b", 6, 60)).fetchall()}
        assert len(first) == 6 and len(second) == 4 and not first & second
        a.commit()
        b.commit()
    assert world.admin.execute(CLAIM, ("c", 10, 60)).fetchall() == []  # leased


def test_a_lease_that_runs_out_makes_the_notice_claimable_again_and_counts_attempts(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    pending(world, tenant, owner, 1)
    for attempt in (1, 2, 3):
        assert len(world.admin.execute(CLAIM, (f"w{attempt}", 10, 0.2)).fetchall()) == 1
        assert world.admin.execute("select attempts from notifications").fetchone()[0] == attempt
        time.sleep(0.3)
    # Three attempts that never reported back: the notice fails, it is not claimed a fourth time.
    assert world.admin.execute(CLAIM, ("w4", 10, 0.2)).fetchall() == []
    status, error = world.admin.execute("select status, last_error from notifications").fetchone()
    assert status == "failed" and "never reported back" in error


def test_results_are_recorded_only_by_the_notifier_holding_the_lease_with_growing_back_off(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    pending(world, tenant, owner, 1)
    (notice,) = world.admin.execute(CLAIM, ("w1", 10, 60)).fetchone()
    result = [{"tenant_id": tenant, "id": str(notice), "ok": False, "error": "451 later", "reply": "451 later"}]
    record = "select private.record_notification_results(%s, %s::jsonb, interval '10 seconds')"
    assert world.admin.execute(record, ("intruder", json.dumps(result))).fetchone()[0] == 0
    delays = []
    for attempt in (1, 2, 3):
        if attempt > 1:
            world.admin.execute("update notifications set next_attempt_at = now()")  # the back-off has passed
            assert world.admin.execute(CLAIM, ("w1", 10, 60)).fetchone()[0] == notice
        assert world.admin.execute(record, ("w1", json.dumps(result))).fetchone()[0] == 1
        row = world.admin.execute("select status, extract(epoch from next_attempt_at - now()), last_error "
                                  "from notifications").fetchone()
        delays.append(round(float(row[1])))
    assert row[0] == "failed" and row[2] == "451 later"
    assert delays[:2] == [10, 40]  # base, then 4 x base; the third attempt was the last


def test_a_released_notice_is_not_counted_as_an_attempt(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    pending(world, tenant, owner, 1)
    (notice,) = world.admin.execute(CLAIM, ("w1", 10, 60)).fetchone()
    world.admin.execute("select private.release_notifications('w1', %s::jsonb)",
                        (json.dumps([{"tenant_id": tenant, "id": str(notice)}]),))
    assert world.admin.execute("select attempts, locked_by from notifications").fetchone() == (0, None)
    assert world.admin.execute(CLAIM, ("w2", 10, 60)).fetchone()[0] == notice


def test_queueing_a_notice_wakes_the_notifiers(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    with psycopg.connect(conn_dsn(world.admin), autocommit=True) as listen:
        listen.execute("listen ifarm_notifications")
        world.admin.execute("update subscriptions set trial_ends_on = private.today() + 1 where tenant_id = %s",
                            (tenant,))
        queue(world, "trial_ending")
        assert [n.channel for n in listen.notifies(timeout=5, stop_after=1)] == ["ifarm_notifications"]


def test_the_clock_of_the_rules_is_the_jobs_instant(world: World):
    """A job run for another instant than the database's clock uses that instant (a missed run catching up)."""
    owner = world.user()
    tenant = world.tenant(owner)
    world.admin.execute("update subscriptions set trial_ends_on = private.today() + 10 where tenant_id = %s", (tenant,))
    assert world.admin.execute("select private.queue_notifications('trial_ending', %s)",
                               (noon_utc(world.today + timedelta(days=7)),)).fetchone()[0] == 1


def test_a_read_only_tenants_members_still_mark_notices_read_and_choose_channels(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    delivered(world, tenant, owner, 1)
    world.admin.execute("update subscriptions set status = 'suspended' where tenant_id = %s", (tenant,))
    with pytest.raises(psycopg.Error) as err:  # the tenant is read-only ...
        owner.one("select api.create_farm(tenant_id => %s, name => 'More')", (tenant,))
    assert err.value.diag.sqlstate == "PT402"
    # ... but its notices are still theirs to read and silence.
    assert owner.one("select api.mark_all_notifications_read(tenant_id => %s)", (tenant,)) == {"marked": 1}
    assert owner.one("select api.set_notification_preference(tenant_id => %s, kind => 'birth_due', email => false) "
                     "->> 'email'", (tenant,)) == "false"


def test_the_tenants_language_chooses_the_templates_and_falls_back_to_english(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    assert owner.one("select api.update_tenant(tenant_id => %s, language => 'SW') ->> 'language'", (tenant,)) == "sw"
    with pytest.raises(psycopg.Error) as err:
        owner.one("select api.update_tenant(tenant_id => %s, language => 'swahili')", (tenant,))
    assert err.value.diag.sqlstate == "23514"
    assert world.admin.execute("select language from tenants where id = %s", (tenant,)).fetchone()[0] == "sw"
    renderer = Renderer()
    assert renderer.language_for("birth_due", "sw") == "en" and renderer.language_for("birth_due", "en") == "en"
