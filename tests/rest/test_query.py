"""The schema cache and the SQL composer of /rest/v1 against a migrated database (PostgreSQL 18, and 15
when IFARM_TEST_PG15_URL is set): every table is known with its keys, the composite tenant foreign keys
resolve as relationships, client input never reaches the SQL text except as quoted identifiers that
exist in the catalog or as placeholders, and the composed statements run as the caller."""

from __future__ import annotations

import asyncio
import json

import psycopg
import pytest

from app.errors import ApiError
from app.rest import query as q
from app.rest.catalog import Catalog, load
from app.rest.grammar import Media, Prefer, Query, parse_query
from tests.conftest import World, conn_dsn


def catalog_of(world: World) -> Catalog:
    async def go() -> Catalog:
        async with await psycopg.AsyncConnection.connect(conn_dsn(world.admin, "authenticator")) as conn:
            return await load(conn)

    return asyncio.run(go())


def parsed(query: str) -> Query:
    return parse_query([tuple(p.split("=", 1)) for p in query.split("&") if p])[0]


def planner(catalog: Catalog, table: str, query: str | Query, max_rows: int | None = 1000) -> tuple[q.Planner, dict]:
    """A Planner for the query string, and its values by placeholder name (p<index>)."""
    query = parsed(query) if isinstance(query, str) else query
    return q.Planner(catalog, catalog.table("public", table), query, max_rows), {
        f"p{i}": v for i, v in enumerate(query.params())}


def test_every_public_table_is_in_the_cache_with_its_primary_key(world: World):
    catalog = catalog_of(world)
    tables = {r[0] for r in world.admin.execute(
        "select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p', 'v', 'm')"
        " and not relispartition").fetchall()}
    assert {name for (_, name) in catalog.tables} == tables
    assert catalog.table("public", "animals").primary_key == ("tenant_id", "id")
    assert catalog.table("public", "approval_limits").primary_key == ("tenant_id", "role")
    animals = catalog.table("public", "animals")
    assert animals.columns["tag_number"].type == "text" and not animals.columns["tenant_id"].nullable
    assert animals.columns["id"].default == "private.uuid7()"  # qualified: usable under any search_path


def test_composite_tenant_keys_resolve_as_relationships_both_ways(world: World):
    catalog = catalog_of(world)
    animals, farms = catalog.table("public", "animals"), catalog.table("public", "farms")
    to_farm = catalog.relationship(animals, "farms", None)
    assert (to_farm.cardinality, to_farm.pairs) == ("many-to-one", (("tenant_id", "tenant_id"), ("farm_id", "id")))
    assert catalog.relationship(animals, "farm_id", None) == to_farm  # the key's own column names it
    back = catalog.relationship(farms, "animals", None)
    assert back.cardinality == "one-to-many" and back.pairs == (("tenant_id", "tenant_id"), ("id", "farm_id"))
    movements = catalog.table("public", "animal_movements")
    with pytest.raises(ApiError) as ambiguous:
        catalog.relationship(movements, "farms", None)
    assert ambiguous.value.status == 300 and ambiguous.value.code == "PGRST201"
    assert catalog.relationship(movements, "farms", "to_farm_id").pairs[1] == ("to_farm_id", "id")
    assert catalog.relationship(animals, "dam_id", None).pairs[1] == ("dam_id", "id")  # the dam, to-one
    offspring = catalog.relationship(animals, "animals", "dam_id")
    assert offspring.cardinality == "one-to-many" and offspring.pairs[1] == ("id", "dam_id")
    with pytest.raises(ApiError) as none:
        catalog.relationship(animals, "plans", None)
    assert none.value.code == "PGRST200"


INJECTIONS = ["x'; drop table public.animals; --", "x\"; drop table public.animals; --", "%(v0)s", "%s",
              "') or true --", "\\'; select pg_sleep(5); --"]


def test_client_values_reach_the_sql_only_as_placeholders(world: World):
    catalog = catalog_of(world)
    for bad in INJECTIONS:
        quoted = bad.replace("\\", "\\\\").replace('"', '\\"')
        plain = "".join(ch for ch in bad if ch not in '(),"')
        plan, params = planner(catalog, "animals", f"select=tag_number,farm:farms(name)&tag_number=eq.{bad}"
                               f'&name=in.("{quoted}",b)&notes=like.{bad}&or=(name.eq.{plain},sex.eq.f)'
                               f"&farm.name=neq.{bad}&limit=5")
        statement = q.read(plan, Prefer(count="exact"), Media("json"), head=False)
        text = statement.query.as_string(None)
        assert "drop table" not in text and "pg_sleep" not in text and " or true" not in text
        assert bad in params.values() and f'"{quoted}"' in params["p1"]  # the values, apart from the text


def test_client_chosen_names_are_checked_or_quoted_and_percent_is_escaped(world: World):
    catalog = catalog_of(world)
    for bad in ('tag_number"; drop table animals; --', "tag_number;drop", "nope"):
        with pytest.raises(ApiError):
            planner(catalog, "animals", f"select={bad}")
    plan, _ = planner(catalog, "animals", 'select="a%(p0)s":tag_number,"b\\"c":name&tag_number=eq.x')
    text = q.read(plan, Prefer(), Media("json"), head=False).query.as_string(None)
    assert '"a%%(p0)s"' in text and '"b""c"' in text


def test_composed_reads_and_writes_run_as_the_caller_under_rls(world: World):
    catalog = catalog_of(world)
    owner, other = world.user(), world.user()
    tenant = world.tenant(owner)
    world.tenant(other)
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'F') ->> 'id'", (tenant,))
    table = catalog.table("public", "animals")
    rows = [{"tenant_id": tenant, "farm_id": farm, "tag_number": f"Q{n}", "species": "cattle", "sex": "female"}
            for n in range(3)]
    query = parsed("select=tag_number")
    data = q.payload(table, rows, None, False, query.value)
    plan, params = planner(catalog, "animals", query)
    insert = q.insert(plan, data, Prefer(representation="representation"), Media("json"), None)
    with owner.tx() as c:
        page, body, _, _ = c.execute(insert.query, params).fetchone()
    assert page == 3 and json.loads(body) == [{"tag_number": f"Q{n}"} for n in range(3)]
    plan, params = planner(catalog, "animals", "select=tag_number,farm:farms(name)&order=tag_number.desc&limit=2")
    read = q.read(plan, Prefer(count="exact"), Media("json"), head=False)
    for actor, expected in ((owner, (3, 2)), (other, (0, 0))):
        with actor.tx() as c:
            total, shown, body = c.execute(read.query, params).fetchone()
        assert (total, shown) == expected
    with owner.tx() as c:
        assert json.loads(c.execute(read.query, params).fetchone()[2])[0] == {
            "tag_number": "Q2", "farm": {"name": "F"}}
    query = parsed("tag_number=eq.Q0")
    data = q.payload(table, {"notes": "n"}, None, True, query.value)
    plan, params = planner(catalog, "animals", query)
    update = q.update(plan, data, Prefer(), Media("json"))
    with other.tx() as c:
        assert c.execute(update.query, params).fetchone()[0] == 0  # RLS: not theirs
    with owner.tx() as c:
        assert c.execute(update.query, params).fetchone()[0] == 1
