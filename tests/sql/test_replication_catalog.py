"""What the backup database receives, and the write fence that keeps all but the active database from taking
application writes (db/functions/120_replication.sql). The registry is read from the catalog, so these
checks cover tables other migrations add: each is published -- with a key and no ids from a sequence -- or
left out with its reason."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import psycopg
import pytest

from tests.conftest import ROOT, World, noon_utc

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


def published(world: World) -> set[str]:
    return {r[0] for r in world.admin.execute("select table_name from private.replicated_tables()")}


def left_out(world: World) -> dict[str, str]:
    return dict(world.admin.execute("select table_name, why from private.unreplicated_tables()").fetchall())


def all_tables(world: World) -> dict[str, str]:
    """Every ordinary or partitioned table that is not a partition, by schema-qualified name -> schema."""
    return {f"{s}.{t}": s for s, t in world.admin.execute("""
        select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and not c.relispartition and n.nspname <> all (%s)
          and n.nspname not like 'pg_temp%%'""", (list(SYSTEM_SCHEMAS),))}


def sequence_or_key_violations(world: World) -> list[tuple[str, str]]:
    """Published tables without a primary key (UPDATE and DELETE would fail on the primary) or taking a
    column's value from a sequence (its state is not replicated: the backup would hand out used ids)."""
    rows = world.admin.execute("""
        select r.table_name,
               exists (select 1 from pg_constraint k where k.conrelid = r.table_name::regclass and k.contype = 'p'),
               exists (select 1 from pg_attribute a
                       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                       where a.attrelid = r.table_name::regclass and a.attnum > 0 and not a.attisdropped
                         and (a.attidentity <> '' or pg_get_expr(d.adbin, d.adrelid) like 'nextval(%%'))
        from private.replicated_tables() r""").fetchall()
    return ([(t, "no primary key") for t, has_key, _ in rows if not has_key]
            + [(t, "a sequence") for t, _, uses_sequence in rows if uses_sequence])


def unfenced(world: World) -> list[str]:
    return [r[0] for r in world.admin.execute("""
        select r.table_name from private.replicated_tables() r
        where not exists (select 1 from pg_trigger t where t.tgrelid = r.table_name::regclass
                          and t.tgname = 'refuse_writes_unless_active')""")]


# ---------------------------------------------------------------- the registry


def test_every_table_is_published_or_left_out_with_a_reason(world: World):
    schemas = {r[0] for r in world.admin.execute("select schema_name from private.replicated_schemas()")}
    unlisted_schemas = {r[0] for r in world.admin.execute("select schema_name from private.unreplicated_schemas()")}
    tables = all_tables(world)
    assert {s for s in tables.values()} <= schemas | unlisted_schemas, "a schema in neither list"
    reasons = left_out(world)
    assert all(why.strip() for why in reasons.values())
    assert set(reasons) <= set(tables), "a table left out that does not exist"
    in_scope = {t for t, s in tables.items() if s in schemas}
    assert published(world) | set(reasons) == in_scope
    assert published(world) & set(reasons) == set()
    assert {"public.animals", "auth.users", "private.refresh_tokens", "audit.log", "outbox.inbox"} <= published(world)


def test_a_table_a_new_migration_adds_is_published_without_being_listed(world: World):
    world.admin.execute("create table public.gadgets (tenant_id uuid not null, id uuid not null, "
                        "primary key (tenant_id, id))")
    assert "public.gadgets" in published(world)


def test_published_tables_have_a_key_and_take_no_ids_from_a_sequence(world: World):
    assert sequence_or_key_violations(world) == []


def test_the_key_and_sequence_check_catches_a_serial_id_and_a_missing_key(world: World):
    world.admin.execute("create table public.counted (id bigint generated always as identity primary key)")
    world.admin.execute("create table public.keyless (tenant_id uuid not null, note text)")
    assert sorted(sequence_or_key_violations(world)) == [("public.counted", "a sequence"),
                                                         ("public.keyless", "no primary key")]


def migration_insert_targets() -> set[str]:
    found = set()
    for path in sorted((ROOT / "db" / "migrations").glob("V*.sql")):
        found |= {m.lower() for m in re.findall(r"insert\s+into\s+([a-z_]+\.[a-z_]+)", path.read_text(), re.I)}
    return found


def test_no_migration_inserts_rows_into_a_published_table(world: World):
    """Migrations run on both databases: a row a migration inserts on the primary would arrive at the
    backup, which already inserted its own copy, and stop the apply."""
    targets = migration_insert_targets()
    assert "public.roles" in targets  # the scan sees the reference data V0003 inserts
    assert targets & published(world) == set()


# ---------------------------------------------------------------- the write fence


def test_every_published_table_carries_the_write_fence(world: World):
    assert unfenced(world) == []


def test_the_fence_check_catches_a_table_created_after_the_functions_ran(world: World):
    world.admin.execute("create table public.latecomer (tenant_id uuid not null, primary key (tenant_id))")
    assert unfenced(world) == ["public.latecomer"]


def set_role(world: World, role: str, epoch: int = 1) -> None:
    world.admin.execute("select private.set_node_role(%s, %s, 'backup', 'ifarm_backup', 'async', 'test')",
                        (role, epoch))


def farms(world: World, tenant: str) -> list[str]:
    return [r[0] for r in world.admin.execute("select name from farms where tenant_id = %s order by name", (tenant,))]


@pytest.mark.parametrize("role, hint", [("standby", "read_only_standby"), ("fenced", "fenced")])
def test_a_database_that_is_not_active_refuses_client_writes_and_still_answers_reads(world: World, role, hint):
    owner = world.user()
    tenant = world.tenant(owner)
    owner.one("select api.create_farm(tenant_id => %s, name => 'Before')", (tenant,))
    set_role(world, role)
    with pytest.raises(psycopg.Error) as refused:
        owner.one("select api.create_farm(tenant_id => %s, name => 'During')", (tenant,))
    assert refused.value.sqlstate == "PT503" and refused.value.diag.message_hint.startswith(hint)
    with pytest.raises(psycopg.Error):
        owner.one("insert into public.farms (tenant_id, name) values (%s, 'Direct')", (tenant,))
    assert owner.all("select name from farms") == [("Before",)]
    assert farms(world, tenant) == ["Before"]


def test_the_active_database_takes_writes(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    set_role(world, "active")
    owner.one("select api.create_farm(tenant_id => %s, name => 'Now')", (tenant,))
    assert farms(world, tenant) == ["Now"]


def test_a_writer_of_another_epoch_is_refused_and_one_of_this_epoch_is_not(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    set_role(world, "active", epoch=7)
    with owner.tx() as conn:
        conn.execute("select set_config('ifarm.epoch', '7', true)")
        conn.execute("select api.create_farm(tenant_id => %s, name => 'Current')", (tenant,))
    with pytest.raises(psycopg.Error) as refused:
        with owner.tx() as conn:
            conn.execute("select set_config('ifarm.epoch', '6', true)")
            conn.execute("select api.create_farm(tenant_id => %s, name => 'Stale')", (tenant,))
    assert refused.value.sqlstate == "PT503" and refused.value.diag.message_hint.startswith("epoch_changed")
    assert farms(world, tenant) == ["Current"]


def test_client_roles_cannot_pass_the_fence_but_the_owners_maintenance_can(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    set_role(world, "standby")
    with pytest.raises(psycopg.Error):
        with owner.tx() as conn:
            conn.execute("select set_config('ifarm.bypass_fence', 'on', true)")
            conn.execute("insert into public.farms (tenant_id, name) values (%s, 'Sneaky')", (tenant,))
    with world.admin.transaction():
        world.admin.execute("select set_config('ifarm.bypass_fence', 'on', true)")
        world.admin.execute("insert into public.farms (tenant_id, name) values (%s, 'Maintenance')", (tenant,))
    assert farms(world, tenant) == ["Maintenance"]


def test_the_apply_path_passes_the_fence_of_a_standby(world: World):
    """The logical replication apply worker runs with session_replication_role = replica, where ordinary
    triggers do not fire: what it applies lands on a standby."""
    owner = world.user()
    tenant = world.tenant(owner)
    set_role(world, "standby")
    with world.admin.transaction():
        world.admin.execute("set local session_replication_role = replica")
        world.admin.execute("insert into public.farms (tenant_id, name) values (%s, 'Applied')", (tenant,))
    assert farms(world, tenant) == ["Applied"]


# ---------------------------------------------------------------- switching roles


def node(world: World) -> tuple:
    return world.admin.execute("select role, epoch from private.node_state").fetchone()


def switches(world: World) -> list[tuple]:
    return world.admin.execute("select kind, epoch from private.replication_switches order by switched_at").fetchall()


def test_promotion_is_a_compare_and_set_on_the_epoch(world: World):
    set_role(world, "standby", epoch=3)
    with pytest.raises(psycopg.Error) as refused:
        world.admin.execute("select private.promote(2, 'a monitor that saw an older epoch')")
    assert refused.value.sqlstate == "PT409"
    assert node(world) == ("standby", 3) and switches(world) == []
    assert world.admin.execute("select private.promote(3, 'primary down')").fetchone()[0] == 4
    assert world.admin.execute("select private.promote(3, 'a second monitor, racing')").fetchone()[0] == 4
    assert node(world) == ("active", 4) and switches(world) == [("failover", 4)]


def test_only_an_active_database_at_an_older_epoch_is_fenced(world: World):
    set_role(world, "active", epoch=2)
    assert world.admin.execute("select private.fence(2)").fetchone()[0] is False
    assert node(world) == ("active", 2)
    assert world.admin.execute("select private.fence(3)").fetchone()[0] is True
    assert node(world) == ("fenced", 2)


def test_epochs_never_go_back(world: World):
    set_role(world, "active", epoch=5)
    with pytest.raises(psycopg.Error) as refused:
        set_role(world, "standby", epoch=4)
    assert refused.value.sqlstate == "PT409"
    assert node(world) == ("active", 5)


def test_the_active_database_is_never_emptied_for_a_resync(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    set_role(world, "active")
    with pytest.raises(psycopg.Error) as refused:
        world.admin.execute("select private.empty_for_resync()")
    assert refused.value.sqlstate == "PT409"
    assert world.admin.execute("select count(*) from tenants where id = %s", (tenant,)).fetchone()[0] == 1


def test_a_standby_is_emptied_for_a_resync_audit_log_included(world: World):
    owner = world.user()
    world.tenant(owner)
    set_role(world, "standby")
    world.admin.execute("select private.empty_for_resync()")
    for table in ("public.tenants", "auth.users", "audit.log"):
        assert world.admin.execute(f"select count(*) from {table}").fetchone()[0] == 0, table
    assert world.admin.execute("select count(*) from public.plans").fetchone()[0] > 0  # reference data stays


def test_the_subscribers_role_may_read_what_is_published_and_nothing_else(world: World):
    reader = "authenticator"  # any login role; the grants live in this test's own database
    before = world.admin.execute("select has_table_privilege(%s, 'public.animals', 'select')", (reader,)).fetchone()
    assert before == (False,)
    world.admin.execute("select private.sync_publication('ifarm_test', null, %s)", (reader,))
    readable = {r[0] for r in world.admin.execute("""
        select table_schema || '.' || table_name from information_schema.role_table_grants
        where grantee = %s and privilege_type = 'SELECT'""", (reader,))}
    assert readable == published(world)


def test_the_publication_holds_exactly_the_registry_and_follows_it(world: World):
    world.admin.execute("select private.sync_publication('ifarm_test')")
    listed = {r[0] for r in world.admin.execute(
        "select schemaname || '.' || tablename from pg_publication_tables where pubname = 'ifarm_test'")}
    assert listed == published(world)
    world.admin.execute("create table public.gadgets (tenant_id uuid not null, primary key (tenant_id))")
    world.admin.execute("select private.sync_publication('ifarm_test')")
    assert world.admin.execute("select count(*) from pg_publication_tables where pubname = 'ifarm_test' "
                               "and tablename = 'gadgets'").fetchone()[0] == 1


# ---------------------------------------------------------------- the health job


def incidents(world: World) -> list[tuple]:
    return world.admin.execute("select kind, opened_at, last_seen_at, closed_at from private.replication_incidents "
                               "order by opened_at, kind").fetchall()


def test_the_health_job_does_nothing_where_replication_is_not_set_up(world: World):
    at = noon_utc(world.today)
    assert world.admin.execute("select private.record_replication_health(%s)", (at,)).fetchone()[0] == 0
    assert incidents(world) == []


def test_the_health_job_records_one_incident_per_kind_and_closes_it_when_it_is_gone(world18: World):
    world = world18
    slot = f"ifarm_health_{uuid.uuid4().hex[:12]}"
    world.admin.execute("select private.set_node_role('active', 1, 'primary', %s, 'async', 'test')", (slot,))
    t1 = noon_utc(world.today)
    t2, t3 = t1 + timedelta(seconds=30), t1 + timedelta(seconds=60)
    assert world.admin.execute("select private.record_replication_health(%s)", (t1,)).fetchone()[0] == 1
    assert world.admin.execute("select private.record_replication_health(%s)", (t2,)).fetchone()[0] == 1
    assert incidents(world) == [("no_standby", t1, t2, None)]
    world.admin.execute("select pg_create_logical_replication_slot(%s, 'pgoutput')", (slot,))
    try:
        assert world.admin.execute("select private.record_replication_health(%s)", (t3,)).fetchone()[0] == 1
        assert incidents(world) == [("no_standby", t1, t2, t3), ("standby_disconnected", t3, t3, None)]
        status = world.admin.execute("select private.replication_status()").fetchone()[0]
        assert [i["kind"] for i in status["open_incidents"]] == ["standby_disconnected"]
        assert status["slots"][0]["name"] == slot and status["slots"][0]["active"] is False
        assert status["beats"]["primary"]["token"]
    finally:
        world.admin.execute("select pg_drop_replication_slot(%s)", (slot,))
