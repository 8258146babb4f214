"""Expenses: the approval workflow, the four-eyes rule, limits per role, immutability, corrections."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Actor, World
from tests.sql.test_animals import animal, grant, refused


@pytest.fixture
def books(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'Main') ->> 'id'", (tenant,))
    feed = owner.one("select id from expense_categories where tenant_id = %s and code = 'feed'", (tenant,))
    world.admin.execute("update subscriptions set plan_code = 'professional' where tenant_id = %s", (tenant,))
    members = {}
    for role in ("admin", "manager", "accountant", "worker", "viewer"):
        members[role] = world.member(tenant, role)
        grant(owner, tenant, members[role], farm)
    members["owner"] = owner
    return world, tenant, farm, feed, members


def expense(actor: Actor, tenant: str, farm: str, category: str, amount, submit: bool = True, **extra) -> dict:
    args = "".join(f", {k} => %({k})s" for k in extra)
    return actor.one("select api.create_expense(tenant_id => %(t)s, farm_id => %(f)s, category_id => %(c)s, "
                     "amount => %(a)s, description => 'maize bran', submit => %(s)s" + args + ")",
                     {"t": tenant, "f": farm, "c": category, "a": amount, "s": submit, **extra})


def move(actor: Actor, tenant: str, fn: str, expense_id: str, **extra) -> dict:
    args = "".join(f", {k} => %({k})s" for k in extra)
    return actor.one(f"select api.{fn}(tenant_id => %(t)s, expense_id => %(e)s" + args + ")",
                     {"t": tenant, "e": expense_id, **extra})


@pytest.mark.parametrize(("approver", "amount", "allowed"), [
    ("manager", "1000", True), ("manager", "1000.01", False), ("accountant", "10000", True),
    ("accountant", "10000.01", False), ("admin", "250000", True), ("owner", "250000", True), ("worker", "10", False),
    ("viewer", "10", False),
])
def test_approval_limits_per_role(books, approver: str, amount, allowed: bool):
    world, tenant, farm, feed, m = books
    submitter = m["worker"] if approver != "worker" else m["manager"]
    e = expense(submitter, tenant, farm, feed, amount)
    if allowed:
        done = move(m[approver], tenant, "approve_expense", e["id"])
        assert done["status"] == "approved" and done["decided_by"] == m[approver].id
    else:
        err = refused(lambda: move(m[approver], tenant, "approve_expense", e["id"]), "42501")
        if approver in ("manager", "accountant"):
            assert err.diag.message_hint == "over_approval_limit"
        assert world.admin.execute("select status from expenses where id = %s", (e["id"],)).fetchone()[0] == "submitted"


def test_nobody_approves_or_rejects_their_own_expense(books):
    _, tenant, farm, feed, m = books
    mine = expense(m["owner"], tenant, farm, feed, 50)
    assert refused(lambda: move(m["owner"], tenant, "approve_expense", mine["id"]), "42501").diag.message_hint \
        == "self_approval"
    refused(lambda: move(m["owner"], tenant, "reject_expense", mine["id"], reason="no"), "42501")
    # Directly on the table the same rule holds.
    refused(lambda: m["owner"].rowcount("update expenses set status = 'approved' where id = %s", (mine["id"],)),
            "42501")
    assert move(m["admin"], tenant, "approve_expense", mine["id"])["status"] == "approved"


def test_the_workflow_allows_only_its_transitions(books):
    _, tenant, farm, feed, m = books
    draft = expense(m["worker"], tenant, farm, feed, 80, submit=False)
    assert draft["status"] == "draft"
    assert refused(lambda: move(m["manager"], tenant, "approve_expense", draft["id"]), "PT409").diag.message_hint \
        == "invalid_expense_transition"
    refused(lambda: move(m["accountant"], tenant, "mark_expense_paid", draft["id"]), "PT409")
    move(m["worker"], tenant, "submit_expense", draft["id"])
    rejected = move(m["manager"], tenant, "reject_expense", draft["id"], reason="no receipt")
    assert rejected["status"] == "rejected" and rejected["rejection_reason"] == "no receipt"
    err = refused(lambda: move(m["accountant"], tenant, "mark_expense_paid", draft["id"]), "PT409")
    assert err.diag.message_hint == "rejected_cannot_be_paid"
    assert refused(lambda: move(m["manager"], tenant, "reject_expense", draft["id"], reason="again"), "PT409") \
        .diag.message_hint == "already_rejected"
    back = move(m["worker"], tenant, "withdraw_expense", draft["id"])
    assert back["status"] == "draft" and back["rejection_reason"] is None
    move(m["worker"], tenant, "submit_expense", draft["id"])
    move(m["manager"], tenant, "approve_expense", draft["id"])
    paid = move(m["accountant"], tenant, "mark_expense_paid", draft["id"], payment_reference="MPESA-QX12")
    assert paid["status"] == "paid" and paid["paid_by"] == m["accountant"].id
    assert paid["payment_reference"] == "MPESA-QX12"


def test_a_rejection_needs_a_reason(books):
    _, tenant, farm, feed, m = books
    e = expense(m["worker"], tenant, farm, feed, 80)
    refused(lambda: move(m["manager"], tenant, "reject_expense", e["id"], reason="  "), "22023")


def test_approved_expenses_are_immutable_and_corrected_by_new_rows(books):
    world, tenant, farm, feed, m = books
    e = expense(m["worker"], tenant, farm, feed, 400)
    move(m["manager"], tenant, "approve_expense", e["id"])
    err = refused(lambda: m["owner"].one("select api.update_expense(tenant_id => %s, expense_id => %s, amount => 1)",
                                         (tenant, e["id"])), "PT409")
    assert err.diag.message_hint.startswith("expense_immutable")
    refused(lambda: m["owner"].rowcount("update expenses set amount = 1 where id = %s", (e["id"],)), "PT409")
    refused(lambda: move(m["worker"], tenant, "delete_expense", e["id"]), "PT409")
    fix = m["worker"].one("select api.correct_expense(tenant_id => %s, expense_id => %s, amount_change => -40, "
                          "reason => 'price was 360')", (tenant, e["id"]))
    assert fix["corrects_id"] == e["id"] and fix["amount"] == -40 and fix["status"] == "draft"
    move(m["worker"], tenant, "submit_expense", fix["id"])
    move(m["manager"], tenant, "approve_expense", fix["id"])
    assert world.admin.execute("select amount from expenses where id = %s", (e["id"],)).fetchone()[0] == 400
    summary = m["accountant"].one("select api.expense_summary(tenant_id => %s, from_date => private.today() - 1, "
                                  "to_date => private.today())", (tenant,))
    assert float(summary["total"]) == 360.0


def test_only_approved_and_paid_expenses_count_in_reports(books):
    _, tenant, farm, feed, m = books
    amounts = {"draft": 1, "submitted": 20, "rejected": 300, "approved": 4000, "paid": 50000}
    for status, amount in amounts.items():
        e = expense(m["worker"], tenant, farm, feed, amount, submit=status != "draft")
        if status == "rejected":
            move(m["admin"], tenant, "reject_expense", e["id"], reason="duplicate")
        if status in ("approved", "paid"):
            move(m["admin"], tenant, "approve_expense", e["id"])
        if status == "paid":
            move(m["accountant"], tenant, "mark_expense_paid", e["id"])
    summary = m["owner"].one("select api.expense_summary(tenant_id => %s, from_date => private.today(), "
                             "to_date => private.today())", (tenant,))
    assert float(summary["total"]) == 54000.0 and summary["by_category"][0]["expenses"] == 2
    refused(lambda: m["worker"].one("select api.expense_summary(tenant_id => %s, from_date => private.today(), "
                                    "to_date => private.today())", (tenant,)), "42501")


def test_submitters_see_their_own_expenses_and_finance_readers_those_on_their_farms(books):
    world, tenant, farm, feed, m = books
    south = m["owner"].one("select api.create_farm(tenant_id => %s, name => 'South') ->> 'id'", (tenant,))
    mine = expense(m["worker"], tenant, farm, feed, 10)
    expense(m["owner"], tenant, farm, feed, 20)
    expense(m["owner"], tenant, south, feed, 30)
    seen = lambda actor: sorted(float(e["amount"]) for e in actor.one(  # noqa: E731
        "select api.list_expenses(tenant_id => %s)", (tenant,))["results"])
    assert seen(m["worker"]) == [10.0]
    assert seen(m["accountant"]) == [10.0, 20.0]  # no access to South
    assert seen(m["owner"]) == [10.0, 20.0, 30.0]
    refused(lambda: m["viewer"].one("select api.list_expenses(tenant_id => %s)", (tenant,)), "42501")
    refused(lambda: expense(m["viewer"], tenant, farm, feed, 5), "42501")
    refused(lambda: expense(m["worker"], tenant, south, feed, 5), "42501")
    assert m["worker"].one("select api.get_expense(tenant_id => %s, expense_id => %s) ->> 'id'",
                           (tenant, mine["id"])) == mine["id"]


def test_an_expense_is_shared_out_per_head(books):
    world, tenant, farm, feed, m = books
    cow = animal(m["owner"], tenant, farm, "C-1")
    flock = m["owner"].one("select api.create_group(tenant_id => %s, farm_id => %s, name => 'L', species => 'chicken', "
                           "female_count => 9) ->> 'id'", (tenant, farm))
    e = expense(m["manager"], tenant, farm, feed, 100, submit=False,
                allocate_to=f'[{{"animal_id": "{cow["id"]}"}}, {{"group_id": "{flock}"}}]')
    shares = {(a["animal_id"] or a["group_id"]): (a["heads"], float(a["amount"])) for a in e["allocations"]}
    assert shares == {cow["id"]: (1, 10.0), flock: (9, 90.0)}
    three = [cow["id"], animal(m["owner"], tenant, farm, "C-2")["id"], animal(m["owner"], tenant, farm, "C-3")["id"]]
    odd = expense(m["manager"], tenant, farm, feed, 100, submit=False,
                  allocate_to=json.dumps([{"animal_id": a} for a in three]))
    assert sum(float(a["amount"]) for a in odd["allocations"]) == 100.0
    refused(lambda: expense(m["manager"], tenant, farm, feed, 10, allocate_to='[{"animal_id": null}]'), "22023")
    empty = m["owner"].one("select api.create_group(tenant_id => %s, farm_id => %s, name => 'E', "
                           "species => 'chicken') ->> 'id'", (tenant, farm))
    refused(lambda: expense(m["manager"], tenant, farm, feed, 10, allocate_to=f'[{{"group_id": "{empty}"}}]'), "22023")


def test_bad_amounts_are_refused(books):
    _, tenant, farm, feed, m = books
    for amount in (0, -5):
        refused(lambda a=amount: expense(m["worker"], tenant, farm, feed, a), "22023")
    refused(lambda: expense(m["worker"], tenant, farm, feed, "1000000000000000"), "22003")


def test_new_tenants_get_default_categories_and_limits(books):
    _, tenant, _, _, m = books
    codes = [c["code"] for c in m["worker"].one("select api.list_expense_categories(tenant_id => %s)", (tenant,))]
    assert {"feed", "veterinary", "labour", "fuel", "equipment", "utilities"} <= set(codes)
    limits = {row["role"]: row["max_amount"] for row in m["worker"].one(
        "select api.list_approval_limits(tenant_id => %s)", (tenant,))}
    assert limits == {"owner": None, "admin": None, "manager": 1000, "accountant": 10000}
    refused(lambda: m["manager"].one("select api.set_approval_limit(tenant_id => %s, role => 'manager', "
                                     "max_amount => 99999)", (tenant,)), "42501")
    after = m["owner"].one("select api.set_approval_limit(tenant_id => %s, role => 'manager', max_amount => 5000)",
                           (tenant,))
    assert {r["role"]: r["max_amount"] for r in after}["manager"] == 5000
