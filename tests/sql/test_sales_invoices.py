"""Sales, invoices and payments: withdrawal at sale, saleable stock, gapless numbers, payments."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import psycopg
import pytest

from tests.conftest import TODAY, Actor, World
from tests.sql.test_animals import animal, refused


def ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


@pytest.fixture
def shop(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'Main') ->> 'id'", (tenant,))
    return world, owner, tenant, farm


def sell(actor: Actor, tenant: str, **args) -> dict:
    names = "".join(f", {k} => %({k})s" for k in args)
    return actor.one("select api.record_animal_sale(tenant_id => %(t)s" + names + ")", {"t": tenant, **args})


def invoice(actor: Actor, tenant: str, lines: list[dict], **args) -> dict:
    names = "".join(f", {k} => %({k})s" for k in args)
    return actor.one("select api.create_invoice(tenant_id => %(t)s, lines => %(l)s" + names + ")",
                     {"t": tenant, "l": json.dumps(lines), **args})


def test_a_sale_inside_meat_withdrawal_is_refused_and_allowed_from_the_clearance_date(shop):
    world, owner, tenant, farm = shop
    steer = animal(owner, tenant, farm, "STEER", sex="male", birth_date="2023-01-01")
    owner.one("select api.record_treatment(tenant_id => %s, animal_id => %s, medicine => 'Penstrep', "
              "course_start => %s, course_end => %s, meat_withdrawal_days => 28)",
              (tenant, steer["id"], ago(32), ago(30)))
    clear_on = ago(2)  # course end 30 days ago + 28 days
    err = refused(lambda: sell(owner, tenant, animal_id=steer["id"], price=80000, sold_on=ago(5)), "PT409")
    assert "Penstrep" in err.diag.message_primary and clear_on in err.diag.message_primary
    assert err.diag.message_hint.startswith("meat_withdrawal")
    refused(lambda: sell(owner, tenant, animal_id=steer["id"], price=80000, sold_on=ago(-1)), "PT422")  # future
    day_before = ago(3)
    refused(lambda: sell(owner, tenant, animal_id=steer["id"], price=80000, sold_on=day_before), "PT409")
    assert world.admin.execute("select status from animals where id = %s", (steer["id"],)).fetchone()[0] == "active"
    sold = sell(owner, tenant, animal_id=steer["id"], price=80000, sold_on=clear_on)
    assert sold["farm_id"] == farm
    assert world.admin.execute("select status, exit_date::text from animals where id = %s",
                               (steer["id"],)).fetchone() == ("sold", clear_on)
    refused(lambda: sell(owner, tenant, animal_id=steer["id"], price=1, sold_on=clear_on), "PT409")  # sold already


def test_a_group_sale_takes_heads_out_and_never_below_zero(shop):
    world, owner, tenant, farm = shop
    flock = owner.one("select api.create_group(tenant_id => %s, farm_id => %s, name => 'Broilers', "
                      "species => 'chicken', unknown_count => 100) ->> 'id'", (tenant, farm))
    sell(owner, tenant, group_id=flock, unknown=40, price=24000)
    assert world.admin.execute("select unknown_count from animal_groups where id = %s", (flock,)).fetchone()[0] == 60
    refused(lambda: sell(owner, tenant, group_id=flock, unknown=61, price=1000), "PT409")
    refused(lambda: sell(owner, tenant, group_id=flock, price=1000), "23514")  # no heads named


def test_withheld_milk_is_never_sold(shop):
    world, owner, tenant, farm = shop
    cow = animal(owner, tenant, farm, "COW", birth_date="2020-01-01")
    owner.one("select api.record_treatment(tenant_id => %s, animal_id => %s, medicine => 'Cloxacillin', "
              "course_start => %s, course_end => %s, milk_withdrawal_days => 3)", (tenant, cow["id"], ago(6), ago(5)))
    for day in range(7):  # 10 l a day: days 6..3 ago are withheld (course start to clearance - 1)
        owner.one("select api.record_production(tenant_id => %s, animal_id => %s, product => 'milk', quantity => 10, "
                  "unit => 'l', recorded_on => %s)", (tenant, cow["id"], ago(day)))
    stock = owner.one("select api.saleable_stock(tenant_id => %s, farm_id => %s, product => 'milk', unit => 'l')",
                      (tenant, farm))
    assert (float(stock["produced"]), float(stock["withheld"]), float(stock["available"])) == (70.0, 40.0, 30.0)
    sale = "select api.record_product_sale(tenant_id => %s, farm_id => %s, product => 'milk', quantity => %s, " \
           "unit => 'l', unit_price => 55)"
    err = refused(lambda: owner.one(sale, (tenant, farm, 70)), "PT409")
    assert err.diag.message_hint.startswith("exceeds_saleable_stock")
    assert float(owner.one(sale, (tenant, farm, 25))["total"]) == 1375.0
    refused(lambda: owner.one(sale, (tenant, farm, "5.5")), "PT409")
    owner.one(sale, (tenant, farm, 5))


def test_invoice_totals_are_computed_from_lines(shop):
    _, owner, tenant, _ = shop
    inv = invoice(owner, tenant, [{"description": "Heifer", "quantity": 1, "unit_price": 95000, "tax_rate": 0},
                                  {"description": "Milk", "quantity": 33.333, "unit_price": 55.55, "tax_rate": 0.16}])
    line = round(33.333 * 55.55, 2)  # 1851.65
    assert [float(x["line_total"]) for x in inv["lines"]] == [95000.0, line]
    assert float(inv["tax_total"]) == round(line * 0.16, 2)
    assert float(inv["total"]) == round(95000.0 + line + round(line * 0.16, 2), 2)
    assert inv["status"] == "draft" and inv["number"] is None


def test_invoice_numbers_are_gapless_under_twenty_concurrent_issuers(shop):
    world, owner, tenant, _ = shop
    ids = [invoice(owner, tenant, [{"description": "x", "quantity": 1, "unit_price": 10}])["id"] for _ in range(20)]
    barrier = threading.Barrier(20)
    numbers, errors = [], []

    def issue(invoice_id: str) -> None:
        with psycopg.connect(world.api_conn.info.dsn) as conn:
            actor = Actor(conn, owner.claims)
            barrier.wait()
            try:
                numbers.append(actor.one("select api.issue_invoice(tenant_id => %s, invoice_id => %s) ->> 'number'",
                                         (tenant, invoice_id)))
            except psycopg.Error as exc:
                errors.append(exc)

    threads = [threading.Thread(target=issue, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    year = TODAY.year
    assert sorted(numbers) == [f"INV-{year}-{n:06d}" for n in range(1, 21)]


def test_void_keeps_the_number_and_drafts_alone_are_deleted(shop):
    world, owner, tenant, _ = shop
    a = invoice(owner, tenant, [{"description": "x", "quantity": 1, "unit_price": 10}])
    b = invoice(owner, tenant, [{"description": "y", "quantity": 1, "unit_price": 10}])
    refused(lambda: owner.one("select api.issue_invoice(tenant_id => %s, invoice_id => %s)",
                              (tenant, invoice(owner, tenant, [])["id"])), "PT409")  # empty
    first = owner.one("select api.issue_invoice(tenant_id => %s, invoice_id => %s)", (tenant, a["id"]))
    voided = owner.one("select api.void_invoice(tenant_id => %s, invoice_id => %s)", (tenant, a["id"]))
    assert voided["status"] == "void" and voided["number"] == first["number"]
    second = owner.one("select api.issue_invoice(tenant_id => %s, invoice_id => %s)", (tenant, b["id"]))
    assert second["sequence"] == first["sequence"] + 1
    refused(lambda: owner.rowcount("delete from invoices where id = %s", (a["id"],)), "PT409")
    refused(lambda: owner.one("select api.void_invoice(tenant_id => %s, invoice_id => %s)", (tenant, a["id"])),
            "PT409")


def test_payments_partial_allowed_overpayment_refused_paid_at_total(shop):
    world, owner, tenant, _ = shop
    inv = invoice(owner, tenant, [{"description": "Bull", "quantity": 1, "unit_price": 1000}])
    pay = "select api.record_payment(tenant_id => %s, invoice_id => %s, amount => %s)"
    refused(lambda: owner.one(pay, (tenant, inv["id"], 10)), "PT409")  # draft takes no payment
    owner.one("select api.issue_invoice(tenant_id => %s, invoice_id => %s)", (tenant, inv["id"]))
    after = owner.one(pay, (tenant, inv["id"], 400))
    assert after["status"] == "issued" and float(after["outstanding"]) == 600.0
    err = refused(lambda: owner.one(pay, (tenant, inv["id"], "600.01")), "PT409")
    assert err.diag.message_hint == "overpayment"
    assert owner.one(pay, (tenant, inv["id"], 600))["status"] == "paid"
    refused(lambda: owner.one(pay, (tenant, inv["id"], 1)), "PT409")
    refused(lambda: owner.one("select api.void_invoice(tenant_id => %s, invoice_id => %s)", (tenant, inv["id"])),
            "PT409")
    assert world.admin.execute("select sum(amount) from payments where invoice_id = %s",
                               (inv["id"],)).fetchone()[0] == 1000


def test_overdue_job_marks_issued_invoices_past_due(shop):
    world, owner, tenant, _ = shop
    inv = invoice(owner, tenant, [{"description": "x", "quantity": 1, "unit_price": 10}], due_on=ago(0))
    owner.one("select api.issue_invoice(tenant_id => %s, invoice_id => %s)", (tenant, inv["id"]))
    overdue = "select private.mark_overdue_invoices(private.now() + interval '2 days')"
    assert world.admin.execute(overdue).fetchone()[0] == 1
    assert world.admin.execute("select status from invoices where id = %s", (inv["id"],)).fetchone()[0] == "overdue"
    assert owner.one("select api.record_payment(tenant_id => %s, invoice_id => %s, amount => 10) ->> 'status'",
                     (tenant, inv["id"])) == "paid"


def test_sales_and_invoices_need_finance_rights(shop):
    world, owner, tenant, farm = shop
    world.admin.execute("update subscriptions set plan_code = 'professional' where tenant_id = %s", (tenant,))
    worker = world.member(tenant, "worker")
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)", (tenant, worker.id, farm))
    cow = animal(owner, tenant, farm, "C", birth_date="2020-01-01")
    refused(lambda: sell(worker, tenant, animal_id=cow["id"], price=10), "42501")
    refused(lambda: invoice(worker, tenant, [{"description": "x", "quantity": 1, "unit_price": 1}]), "42501")
    accountant = world.member(tenant, "accountant")
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)",
              (tenant, accountant.id, farm))
    assert sell(accountant, tenant, animal_id=cow["id"], price=10)["price"] == 10


def test_an_invoice_naming_a_sale_not_of_its_tenant_is_refused_and_nothing_is_created(shop):
    world, owner, tenant, farm = shop
    steer = animal(owner, tenant, farm, "STEER", sex="male", birth_date="2023-01-01")
    mine = sell(owner, tenant, animal_id=steer["id"], price=500, sold_on=ago(1))
    other = world.user()
    other_tenant = world.tenant(other)
    other_farm = other.one("select api.create_farm(tenant_id => %s, name => 'Theirs') ->> 'id'", (other_tenant,))
    theirs = sell(other, other_tenant, animal_id=animal(other, other_tenant, other_farm, "OX", sex="male",
                                                        birth_date="2023-01-01")["id"], price=900, sold_on=ago(1))
    for ids in ([theirs["id"]], [mine["id"], theirs["id"]], ["not-a-uuid"]):
        err = refused(lambda ids=ids: invoice(owner, tenant, [], animal_sale_ids=json.dumps(ids)), "PT404")
        assert err.diag.message_hint == "sale_not_found" and mine["id"] not in err.diag.message_detail
    refused(lambda: invoice(owner, tenant, [], product_sale_ids=json.dumps([theirs["id"]])), "PT404")
    assert world.admin.execute("select count(*) from invoices where tenant_id = %s", (tenant,)).fetchone()[0] == 0
    made = invoice(owner, tenant, [], animal_sale_ids=json.dumps([mine["id"]]))
    assert [line["animal_sale_id"] for line in made["lines"]] == [mine["id"]]
