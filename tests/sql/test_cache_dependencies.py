"""The cache's dependency map (app/routes/table.py INVALIDATES) against the SQL: a representative
write of each listed route tag, then a refresh of the materialized views, and every dashboard whose
answer changed (its `as_of` aside) must be among the ones the tag invalidates -- else a client could
read a stale dashboard after its own write."""

from __future__ import annotations

import pytest

from app.routes.table import CACHED_ENDPOINTS, INVALIDATES
from tests.sql.test_dashboards import demo, one  # noqa: F401 - demo is a fixture

WRITES = {
    "activities": ["select api.record_activity(tenant_id => %(t)s, activity_type => 'feeding', animal_id => %(cow)s)"],
    "production": ["select api.record_production(tenant_id => %(t)s, product => 'milk', quantity => 7.5, unit => 'l', "
                   "animal_id => %(cow)s)"],
    "growth": ["select api.record_weight(tenant_id => %(t)s, animal_id => %(pig)s, weight_kg => 61.5)"],
    "health": ["select api.record_treatment(tenant_id => %(t)s, medicine => 'Oxytet', course_start => private.today(), "
               "animal_id => %(cow)s, meat_withdrawal_days => 21, milk_withdrawal_days => 4)",
               "select api.record_health_check(tenant_id => %(t)s, animal_id => %(calf)s, is_sick => true)"],
    "finance": ["select api.create_expense(tenant_id => %(t)s, farm_id => %(farm)s, category_id => %(feed)s, "
                "amount => 300, description => 'hay', submit => true) ->> 'id'"],
    "invoices": ["select api.issue_invoice(tenant_id => %(t)s, invoice_id => (api.create_invoice(tenant_id => %(t)s, "
                 "animal_sale_ids => %(sales)s) ->> 'id')::uuid)"],
    "billing": ["select api.change_plan(tenant_id => %(t)s, plan_code => 'enterprise')"],
    "none": ["select api.invite_member(tenant_id => %(t)s, email => 'new.hand@example.test')"],
    "media": ["select api.create_media(tenant_id => %(t)s, animal_id => %(cow)s, content_type => 'image/jpeg')"],
}


def without_as_of(value):
    if isinstance(value, dict):
        return {k: without_as_of(v) for k, v in value.items() if k != "as_of"}
    if isinstance(value, list):
        return [without_as_of(v) for v in value]
    return value


def dashboards(owner, tenant) -> dict:
    return {fn: without_as_of(owner.one(f"select api.{fn}(tenant_id => %s)", (tenant,))) for fn in CACHED_ENDPOINTS}


def test_every_tag_with_a_narrow_invalidation_has_a_representative_write():
    assert set(WRITES) == set(INVALIDATES)


@pytest.mark.parametrize("tag", sorted(WRITES))
def test_a_write_changes_only_the_dashboards_its_tag_invalidates(demo, tag):  # noqa: F811
    world, tenant, owner, _, (dairy, _), _, _ = demo
    params = {
        "t": tenant, "farm": dairy,
        "cow": one(world, "select id from animals where tenant_id = %s and tag_number = 'GV-0002'", (tenant,)),
        "pig": one(world, "select id from animals where tenant_id = %s and tag_number = 'HP-PIG1'", (tenant,)),
        "calf": one(world, "select id from animals where tenant_id = %s and tag_number = 'GV-0003'", (tenant,)),
        "feed": one(world, "select id from expense_categories where tenant_id = %s and code = 'feed'", (tenant,)),
        "sales": f'["{one(world, "select id from animal_sales where tenant_id = %s limit 1", (tenant,))}"]',
    }
    before = dashboards(owner, tenant)
    for statement in WRITES[tag]:
        result = owner.one(statement, params)
        if tag == "finance":  # approved by another member: only approved expenses count
            admin = world.member(tenant, "admin")
            admin.one("select api.approve_expense(tenant_id => %s, expense_id => %s)", (tenant, result))
    world.admin.execute("select private.refresh_dashboard_views()")
    after = dashboards(owner, tenant)
    changed = {fn for fn in CACHED_ENDPOINTS if before[fn] != after[fn]}
    assert changed <= set(INVALIDATES[tag]), f"{tag} writes also change {changed - set(INVALIDATES[tag])}"
    if INVALIDATES[tag]:
        assert changed, f"the {tag} write changed no dashboard: the test does not exercise the map"
