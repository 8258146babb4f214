"""Tenant isolation on every table in public, through direct SQL as `authenticated` with
request.jwt.claims set -- the path a Supabase client takes. New tables are covered automatically;
the seeding below must give them rows, or the first test fails and says which table is empty."""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest
from psycopg import sql

from tests.conftest import Actor, World
from tests.sql.test_catalog import PUBLIC_REFERENCE_TABLES, tables, tenant_scoped


def seed_tenant(world: World) -> tuple[str, Actor, list[Actor]]:
    """A tenant with a row in every tenant-scoped table."""
    owner = world.user()
    tenant = world.tenant(owner)
    worker = world.member(tenant, "worker")
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'Isolated Farm') ->> 'id'", (tenant,))
    owner.one("select api.grant_farm_access(tenant_id => %s, user_id => %s, farm_id => %s)", (tenant, worker.id, farm))
    owner.one("select api.invite_member(tenant_id => %s, email => 'pending@example.test')", (tenant,))
    owner.one("select api.update_my_profile(full_name => 'Owner A')")
    # ---- livestock core
    barn = owner.one("select api.create_location(tenant_id => %s, farm_id => %s, name => 'Barn') ->> 'id'",
                     (tenant, farm))
    breed = owner.one("select api.create_breed(tenant_id => %s, species => 'cattle', name => 'Local') ->> 'id'",
                      (tenant,))
    cow = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'A-1', "
                    "species => 'cattle', sex => 'female', breed_id => %s, "
                    "tags => '{\"eid\": \"982000000000001\"}') ->> 'id'",
                    (tenant, farm, breed))
    owner.one("select api.move_animal(tenant_id => %s, animal_id => %s, to_farm_id => %s, to_location_id => %s)",
              (tenant, cow, farm, barn))
    owner.one("select api.create_group(tenant_id => %s, farm_id => %s, name => 'Layers', species => 'chicken', "
              "female_count => 100)", (tenant, farm))
    # ---- health and production
    flock = owner.one("select id from animal_groups where tenant_id = %s limit 1", (tenant,))
    owner.one("select api.record_health_check(tenant_id => %s, animal_id => %s, temperature_c => 38.6)", (tenant, cow))
    owner.one("select api.record_vaccination(tenant_id => %s, group_id => %s, vaccine => 'Newcastle')", (tenant, flock))
    owner.one("select api.record_treatment(tenant_id => %s, animal_id => %s, medicine => 'Penicillin', "
              "course_start => private.today() - 2, milk_withdrawal_days => 4)", (tenant, cow))
    milk = owner.one("select api.record_production(tenant_id => %s, animal_id => %s, product => 'milk', "
                     "quantity => 12.5, unit => 'l') ->> 'id'", (tenant, cow))
    owner.one("select api.correct_production(tenant_id => %s, record_id => %s, quantity => 13, reason => 'misread')",
              (tenant, milk))
    # ---- breeding, weights and activities
    bull = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'BULL', "
                     "species => 'cattle', sex => 'male', birth_date => '2018-01-01') ->> 'id'", (tenant, farm))
    owner.one("select api.update_animal(tenant_id => %s, animal_id => %s, birth_date => '2019-01-01')", (tenant, cow))
    service = owner.one("select api.record_service(tenant_id => %s, dam_id => %s, served_on => private.today() - 300, "
                        "method => 'natural', sire_id => %s) ->> 'id'", (tenant, cow, bull))
    owner.one("select api.record_pregnancy_check(tenant_id => %s, service_id => %s, "
              "checked_on => private.today() - 250, result => 'positive')", (tenant, service))
    owner.one("select api.record_birth(tenant_id => %s, dam_id => %s, born_on => private.today() - 10, "
              "offspring => '[{\"tag_number\": \"CALF-1\", \"sex\": \"female\"}]')", (tenant, cow))
    owner.one("select api.record_weight(tenant_id => %s, animal_id => %s, weight_kg => 510)", (tenant, cow))
    owner.one("select api.record_activity(tenant_id => %s, activity_type => 'feeding', animal_id => %s)", (tenant, cow))
    # ---- finance
    feed = owner.one("select id from expense_categories where tenant_id = %s and code = 'feed'", (tenant,))
    owner.one("select api.create_counterparty(tenant_id => %s, name => 'Unga Feeds')", (tenant,))
    owner.one("select api.create_expense(tenant_id => %s, farm_id => %s, category_id => %s, amount => 300, "
              "description => 'dairy meal', allocate_to => %s)",
              (tenant, farm, feed, f'[{{"animal_id": "{cow}"}}]'))
    bull_sale = owner.one("select api.record_animal_sale(tenant_id => %s, animal_id => %s, price => 90000) ->> 'id'",
                          (tenant, bull))
    milker = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'MILKER', "
                       "species => 'cattle', sex => 'female') ->> 'id'", (tenant, farm))
    owner.one("select api.record_production(tenant_id => %s, animal_id => %s, product => 'milk', quantity => 20, "
              "unit => 'l', recorded_on => private.today() - 1)", (tenant, milker))
    milk_sale = owner.one("select api.record_product_sale(tenant_id => %s, farm_id => %s, product => 'milk', "
                          "quantity => 5, unit => 'l', unit_price => 60) ->> 'id'", (tenant, farm))
    invoice = owner.one("select api.create_invoice(tenant_id => %s, animal_sale_ids => %s, product_sale_ids => %s) "
                        "->> 'id'", (tenant, f'["{bull_sale}"]', f'["{milk_sale}"]'))
    owner.one("select api.issue_invoice(tenant_id => %s, invoice_id => %s)", (tenant, invoice))
    owner.one("select api.record_payment(tenant_id => %s, invoice_id => %s, amount => 100)", (tenant, invoice))
    # ---- media: an uploaded photo (its storage object too) and a pending document
    pic = owner.one("select api.create_media(tenant_id => %s, animal_id => %s, content_type => 'image/jpeg')",
                    (tenant, cow))
    owner.one("select private.storage_put_object(%s, %s, false, '{\"mimetype\": \"image/jpeg\", \"size\": 3}', null)",
              (pic["bucket"], pic["path"]))
    owner.one("select api.create_media(tenant_id => %s, invoice_id => %s, content_type => 'application/pdf')",
              (tenant, invoice))
    # ---- subscriptions (billing is a job, not a client action)
    world.admin.execute("update subscriptions set status = 'active', plan_code = 'professional', "
                        "next_billing_on = private.today() where tenant_id = %s", (tenant,))
    world.admin.execute("select private.process_recurring_billing(private.now())")
    world.admin.execute("select private.aggregate_usage_metrics(private.now())")
    world.admin.execute("insert into notifications (tenant_id, user_id, kind, subject, body, dedupe_key) "
                        "values (%s, %s, 'welcome', 'Welcome', 'Welcome to iFarm', 'welcome')", (tenant, owner.id))
    return tenant, owner, [owner, worker]


@pytest.fixture
def two_tenants(world: World):
    a, owner_a, users_a = seed_tenant(world)
    b, owner_b, _ = seed_tenant(world)
    return world, a, users_a, b, owner_b


def row_filter(world: World, table: str, tenant: str, users: list[Actor]) -> tuple[sql.Composable, list]:
    if table in tenant_scoped(world):
        return sql.SQL("tenant_id = %s"), [tenant]
    if table == "tenants":
        return sql.SQL("id = %s"), [tenant]
    if table == "profiles":
        return sql.SQL("id = any(%s::uuid[])"), [[u.id for u in users]]
    return sql.SQL("true"), []


def test_every_table_is_seeded_for_the_isolation_checks(two_tenants):
    world, a, users_a, _, _ = two_tenants
    for table in tables(world):
        where, params = row_filter(world, table, a, users_a)
        count = world.admin.execute(sql.SQL("select count(*) from {} where ").format(sql.Identifier(table)) + where,
                                    params).fetchone()[0]
        assert count > 0, f"seed_tenant() leaves {table} empty: give it a row so isolation is really checked"


def test_a_member_of_another_tenant_reads_none_of_its_rows(two_tenants):
    world, a, users_a, _, owner_b = two_tenants
    for table in tables(world):
        if table in PUBLIC_REFERENCE_TABLES:
            continue
        where, params = row_filter(world, table, a, users_a)
        query = sql.SQL("select count(*) from {} where ").format(sql.Identifier(table)) + where
        assert _count_or_denied(owner_b, query, params) == 0, table


def test_a_member_of_another_tenant_writes_none_of_its_rows(two_tenants):
    world, a, users_a, _, owner_b = two_tenants
    for table in tables(world):
        where, params = row_filter(world, table, a, users_a)
        before = world.admin.execute(sql.SQL("select md5(string_agg(t::text, ',' order by t::text)) from {} t where ")
                                     .format(sql.Identifier(table)) + where, params).fetchone()[0]
        updatable = [r[0] for r in world.admin.execute(
            "select column_name from information_schema.column_privileges where grantee = 'authenticated' "
            "and table_schema = 'public' and table_name = %s and privilege_type = 'UPDATE'", (table,))]
        for column in updatable:
            stmt = sql.SQL("update {t} set {c} = {c} where ").format(t=sql.Identifier(table),
                                                                      c=sql.Identifier(column)) + where
            assert _rows_or_denied(owner_b, stmt, params) == 0, (table, column)
        stmt = sql.SQL("delete from {} where ").format(sql.Identifier(table)) + where
        assert _rows_or_denied(owner_b, stmt, params) == 0, table
        after = world.admin.execute(sql.SQL("select md5(string_agg(t::text, ',' order by t::text)) from {} t where ")
                                    .format(sql.Identifier(table)) + where, params).fetchone()[0]
        assert before == after, table


def test_a_member_of_another_tenant_inserts_nothing_into_it(two_tenants):
    world, a, users_a, _, owner_b = two_tenants
    for table in sorted(tenant_scoped(world)):
        row = world.admin.execute(sql.SQL("select to_jsonb(t) from {} t where tenant_id = %s limit 1")
                                  .format(sql.Identifier(table)), (a,)).fetchone()[0]
        if "id" in row:
            row["id"] = str(uuid.uuid4())
        insertable = [r[0] for r in world.admin.execute(
            "select column_name from information_schema.column_privileges where grantee = 'authenticated' "
            "and table_schema = 'public' and table_name = %s and privilege_type = 'INSERT'", (table,))]
        if not insertable:
            continue  # no INSERT privilege at all: nothing to try
        cols = [c for c in insertable if c in row]
        stmt = sql.SQL("insert into {t} ({cols}) select {cols} from jsonb_populate_record(null::{t}, %s)").format(
            t=sql.Identifier(table), cols=sql.SQL(", ").join(map(sql.Identifier, cols)))
        with pytest.raises(psycopg.Error) as err:
            owner_b.rowcount(stmt, (json.dumps(row),))
        assert err.value.diag.sqlstate == "42501", (table, err.value.diag.message_primary)


def test_anon_sees_nothing_but_reference_data(two_tenants):
    world = two_tenants[0]
    anon = world.anon()
    for table in tables(world):
        query = sql.SQL("select count(*) from {}").format(sql.Identifier(table))
        if table in PUBLIC_REFERENCE_TABLES:
            assert anon.one(query) > 0
            continue
        with pytest.raises(psycopg.Error) as err:
            anon.one(query)
        assert err.value.diag.sqlstate == "42501", table


def test_api_functions_refuse_another_tenants_id(two_tenants):
    world, a, users_a, _, owner_b = two_tenants
    worker_a = users_a[1]
    calls = [
        ("select api.get_tenant(tenant_id => %s)", (a,)),
        ("select api.my_permissions(tenant_id => %s)", (a,)),
        ("select api.list_members(tenant_id => %s)", (a,)),
        ("select api.list_farms(tenant_id => %s)", (a,)),
        ("select api.list_invitations(tenant_id => %s)", (a,)),
        ("select api.invite_member(tenant_id => %s, email => 'spy@example.test', role => 'admin')", (a,)),
        ("select api.create_farm(tenant_id => %s, name => 'Spy farm')", (a,)),
        ("select api.update_tenant(tenant_id => %s, name => 'Owned')", (a,)),
        ("select api.change_member_role(tenant_id => %s, user_id => %s, role => 'owner')", (a, worker_a.id)),
        ("select api.remove_member(tenant_id => %s, user_id => %s)", (a, worker_a.id)),
    ]
    for query, params in calls:
        with pytest.raises(psycopg.Error) as err:
            owner_b.one(query, params)
        assert err.value.diag.sqlstate == "42501", query
        assert err.value.diag.message_hint == "not_a_member", query


def _rows_or_denied(actor: Actor, stmt, params) -> int:
    try:
        return actor.rowcount(stmt, params)
    except psycopg.errors.InsufficientPrivilege:
        return 0


def _count_or_denied(actor: Actor, query, params) -> int:
    try:
        return actor.one(query, params)
    except psycopg.errors.InsufficientPrivilege:
        return 0


def test_an_owner_deleting_the_tenant_removes_every_row_of_it(two_tenants):
    world, a, users_a, b, _ = two_tenants
    owner_a = users_a[0]
    assert owner_a.rowcount("delete from tenants where id = %s", (a,)) == 1
    for table in sorted(tenant_scoped(world)):
        count = sql.SQL("select count(*) from {} where tenant_id = %s").format(sql.Identifier(table))
        assert world.admin.execute(count, (a,)).fetchone()[0] == 0, table
        assert world.admin.execute(count, (b,)).fetchone()[0] > 0, table


def test_only_an_owner_deletes_a_tenant(two_tenants):
    world, a, users_a, _, owner_b = two_tenants
    worker_a = users_a[1]
    assert worker_a.rowcount("delete from tenants where id = %s", (a,)) == 0
    assert owner_b.rowcount("delete from tenants where id = %s", (a,)) == 0
    assert world.admin.execute("select count(*) from tenants where id = %s", (a,)).fetchone()[0] == 1


def test_the_audit_trail_of_a_tenant_is_read_by_nobody_outside_it(two_tenants):
    world, a, users_a, b, owner_b = two_tenants
    owner_a, worker_a = users_a[0], users_a[1]
    assert world.admin.execute("select count(*) from audit.log where tenant_id = %s", (a,)).fetchone()[0] > 20
    assert owner_b.one("select count(*) from audit.log where tenant_id = %s", (a,)) == 0
    assert owner_b.one("select count(*) from audit.log where tenant_id = %s", (b,)) > 0
    assert worker_a.one("select count(*) from audit.log") == 0
    assert owner_a.one("select count(distinct tenant_id) from audit.log") == 1
    for actor in (owner_b, worker_a, world.anon()):
        with pytest.raises(psycopg.Error) as err:
            actor.one("select api.list_audit_log(tenant_id => %s)", (a,))
        assert err.value.diag.sqlstate == "42501"
