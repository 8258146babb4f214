"""The outbox's events: every tenant table publishes (or says why not), one envelope, types named from the
change, one aggregate's events in commit order, and the README's list of types equal to the SQL's."""

from __future__ import annotations

import re
import threading

import psycopg

from tests.conftest import ROOT, World, conn_dsn
from tests.sql.test_animals import animal
from tests.sql.test_catalog import tenant_scoped

ENVELOPE = {"event_id", "type", "tenant_id", "aggregate", "aggregate_id", "occurred_at", "actor_id",
            "schema_version", "payload"}


def events(world: World, since: int = 0) -> list[dict]:
    return [r[0] for r in world.admin.execute("select payload from outbox.events where id > %s order by id",
                                              (since,))]


def last_id(world: World) -> int:
    return world.admin.execute("select coalesce(max(id), 0) from outbox.events").fetchone()[0]


def test_every_tenant_table_publishes_or_says_why_not(world: World):
    sources = {r[0] for r in world.admin.execute("select table_name from outbox.sources()")}
    silent = {r[0] for r in world.admin.execute("select table_name from outbox.silent_tables()")}
    assert sources & silent == set()
    assert tenant_scoped(world) - sources - silent == set()
    triggers = {r[0] for r in world.admin.execute(
        "select c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid "
        "where t.tgname = 'a_outbox_capture' and c.relnamespace = 'public'::regnamespace")}
    assert triggers == sources


def test_named_statuses_are_every_status_the_table_allows(world: World):
    rows = world.admin.execute("""
        select s.table_name, s.statuses, pg_get_constraintdef(c.oid)
        from outbox.sources() s
        join pg_constraint c on c.conrelid = ('public.' || s.table_name)::regclass and c.contype = 'c'
        where s.status_mode = 'named' and pg_get_constraintdef(c.oid) like '%%(status = ANY (ARRAY[%%'""").fetchall()
    assert {r[0] for r in rows} == {"tenants", "breeding_services", "expenses", "invoices", "subscriptions",
                                    "subscription_invoices", "payment_attempts", "media_files"}
    for table, statuses, check in rows:
        assert sorted(statuses) == sorted(re.findall(r"'(\w+)'::text", check)), table


def test_an_event_has_the_envelope_and_the_tenant_as_its_key(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    row = world.admin.execute("select event_id, key, headers, payload from outbox.events "
                              "where payload ->> 'type' = 'tenant_created'").fetchone()
    event_id, key, headers, envelope = row
    assert set(envelope) == ENVELOPE
    assert (envelope["event_id"], envelope["tenant_id"], envelope["aggregate"], envelope["aggregate_id"]) == (
        str(event_id), tenant, "tenant", tenant)
    assert key == tenant and envelope["actor_id"] == owner.id and envelope["schema_version"] == 1
    assert headers == {"event_type": "tenant_created", "schema_version": "1", "tenant_id": tenant}
    assert envelope["payload"]["row"]["slug"].startswith("t-") and "previous" not in envelope["payload"]


def test_types_name_the_change_and_an_update_carries_only_what_changed(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'Main') ->> 'id'", (tenant,))
    since = last_id(world)
    cow = animal(owner, tenant, farm, "COW-1")
    owner.one("select api.update_animal(tenant_id => %s, animal_id => %s, name => 'Daisy')", (tenant, cow["id"]))
    world.admin.execute("update animals set name = name where id = %s", (cow["id"],))  # no change: no event
    owner.one("select api.change_animal_status(tenant_id => %s, animal_id => %s, status => 'deceased')",
              (tenant, cow["id"]))
    other = animal(owner, tenant, farm, "COW-2")
    owner.one("select api.delete_animal(tenant_id => %s, animal_id => %s)", (tenant, other["id"]))
    seen = [(e["type"], e["aggregate_id"]) for e in events(world, since) if e["aggregate"] == "animal"]
    assert seen == [("animal_created", cow["id"]), ("animal_updated", cow["id"]), ("animal_status_changed", cow["id"]),
                    ("animal_created", other["id"]), ("animal_deleted", other["id"])]
    update = next(e for e in events(world, since) if e["type"] == "animal_updated")
    assert update["payload"]["previous"] == {"name": None} and update["payload"]["row"]["name"] == "Daisy"
    status = next(e for e in events(world, since) if e["type"] == "animal_status_changed")
    assert set(status["payload"]["previous"]) == {"status", "exit_date"}


def test_the_expense_workflow_publishes_each_step(world: World):
    owner = world.user()
    tenant = world.tenant(owner)
    approver = world.member(tenant, "admin")
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'Main') ->> 'id'", (tenant,))
    category = world.admin.execute("select id::text from expense_categories where tenant_id = %s and code = 'feed'",
                                   (tenant,)).fetchone()[0]
    since = last_id(world)
    expense = owner.one("select api.create_expense(tenant_id => %s, farm_id => %s, category_id => %s, "
                        "amount => 100, description => 'hay') ->> 'id'", (tenant, farm, category))
    owner.one("select api.submit_expense(tenant_id => %s, expense_id => %s)", (tenant, expense))
    approver.one("select api.approve_expense(tenant_id => %s, expense_id => %s)", (tenant, expense))
    mine = [e for e in events(world, since) if e["aggregate"] == "expense"]
    assert [e["type"] for e in mine] == ["expense_created", "expense_submitted", "expense_approved"]
    assert mine[-1]["actor_id"] == approver.id and mine[-1]["payload"]["previous"]["status"] == "submitted"


def test_one_aggregates_events_take_ids_in_commit_order(world: World):
    """The second writer waits for the first's row lock, so its event's id comes after the first's commit."""
    owner = world.user()
    tenant = world.tenant(owner)
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'Main') ->> 'id'", (tenant,))
    cow = animal(owner, tenant, farm, "COW-1")["id"]
    first = psycopg.connect(conn_dsn(world.admin))
    second = psycopg.connect(conn_dsn(world.admin))
    try:
        first.execute("update animals set name = 'first' where id = %s", (cow,))
        waiting = threading.Thread(target=lambda: (second.execute(
            "update animals set name = 'second' where id = %s", (cow,)), second.commit()))
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()  # blocked on the row lock
        first.execute("select pg_sleep(0.2)")
        first.commit()
        waiting.join(5)
    finally:
        first.close()
        second.close()
    names = [e["payload"]["row"]["name"] for e in events(world) if e["aggregate_id"] == cow
             and e["type"] == "animal_updated"]
    assert names == ["first", "second"]


def test_the_readme_lists_every_event_type_and_no_other(world: World):
    produced = set(world.admin.execute("select source, topic, type from outbox.event_types()").fetchall())
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Event types", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| `([\w.]+)` \| [^|]+ \| ([^|]+) \|$", section, re.M)
    listed = {(table, topic, t) for table, topic, types in rows for t in re.findall(r"`(\w+)`", types)}
    assert listed == produced
