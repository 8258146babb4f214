"""Differential test of /rest/v1: generated queries (tables x filters x orders x ranges, as an owner and
as a worker who sees one farm) run through the HTTP API and, for comparison, as hand-written SQL in a
transaction as the same role with the same claims. Same rows, same order, same counts."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlsplit, urlunsplit

import jwt
import psycopg
import pytest

from tests.api.conftest import REST_MAX_ROWS, RestApi
from tests.conftest import TODAY


@dataclass(frozen=True)
class Filter:
    """One filter in both languages: the query-string pair and the SQL condition with its parameters."""

    key: str
    value: str
    sql: str
    params: tuple = ()


@dataclass(frozen=True)
class Spec:
    table: str
    columns: str
    filters: tuple[Filter, ...]
    orders: tuple[tuple[str, str], ...]  # (order= value, ORDER BY)


def specs(data: dict) -> list[Spec]:
    cows = data["cows"]
    north = data["north"]
    day = TODAY.isoformat()
    since = (TODAY - timedelta(days=4)).isoformat()
    noon = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC) - timedelta(days=3)
    return [
        Spec("animals", "tag_number,sex,name,birth_date,estimated_value,species", (
            Filter("sex", "eq.female", "sex = %s", ("female",)),
            Filter("sex", "neq.female", "sex <> %s", ("female",)),
            Filter("name", "is.null", "name is null"),
            Filter("name", "not.is.null", "name is not null"),
            Filter("estimated_value", "gt.560", "estimated_value > %s", (560,)),
            Filter("estimated_value", "lte.550", "estimated_value <= %s", (550,)),
            Filter("birth_date", "gte.2024-06-01", "birth_date >= %s", (date(2024, 6, 1),)),
            Filter("birth_date", "lt.2024-04-15", "birth_date < %s", (date(2024, 4, 15),)),
            Filter("tag_number", "like.N01*", "tag_number like %s", ("N01%",)),
            Filter("name", "ilike.*COW 2*", "name ilike %s", ("%cow 2%",)),
            Filter("tag_number", "in.(N001,N005,S02,N020)", "tag_number = any(%s)", (["N001", "N005", "S02", "N020"],)),
            Filter("species", "eq.goat", "species = %s", ("goat",)),
            Filter("farm_id", f"eq.{north}", "farm_id = %s", (north,)),
            Filter("or", "(sex.eq.male,estimated_value.lt.560)", "(sex = %s or estimated_value < %s)", ("male", 560)),
            Filter("and", "(birth_date.gte.2024-03-01,birth_date.lt.2024-09-01)",
                   "(birth_date >= %s and birth_date < %s)", (date(2024, 3, 1), date(2024, 9, 1))),
            Filter("not.or", "(name.is.null,sex.eq.male)", "not (name is null or sex = %s)", ("male",)),
            Filter("estimated_value", "not.in.(500,525)", "not (estimated_value = any(%s))", ([500, 525],)),
        ), (
            ("tag_number.asc", "tag_number asc"),
            ("birth_date.desc.nullslast", "birth_date desc nulls last"),
            ("estimated_value.asc.nullsfirst", "estimated_value asc nulls first"),
            ("name.desc.nullsfirst", "name desc nulls first"),
            ("species,sex.desc", "species, sex desc"),
        )),
        Spec("production_records", "animal_id,recorded_on,session,quantity,fat_pct", (
            Filter("quantity", "gt.10", "quantity > %s", (10,)),
            Filter("quantity", "lte.9.5", "quantity <= %s", (9.5,)),
            Filter("session", "eq.am", "session = %s", ("am",)),
            Filter("recorded_on", f"gte.{since}", "recorded_on >= %s", (date.fromisoformat(since),)),
            Filter("recorded_on", f"neq.{day}", "recorded_on <> %s", (TODAY,)),
            Filter("fat_pct", "is.null", "fat_pct is null"),
            Filter("fat_pct", "not.is.null", "fat_pct is not null"),
            Filter("animal_id", f"in.({cows[0]},{cows[3]},{cows[-1]})", "animal_id = any(%s)",
                   ([cows[0], cows[3], cows[-1]],)),
            Filter("or", "(session.eq.pm,quantity.lt.9)", "(session = %s or quantity < %s)", ("pm", 9)),
            Filter("fat_pct", "gte.4", "fat_pct >= %s", (4,)),
        ), (
            ("recorded_on.desc,session", "recorded_on desc, session"),
            ("quantity.desc", "quantity desc"),
            ("fat_pct.asc.nullslast", "fat_pct asc nulls last"),
            ("animal_id,recorded_on", "animal_id, recorded_on"),
        )),
        Spec("animal_weights", "animal_id,weighed_on,weight_kg,method", (
            Filter("weight_kg", "gte.320", "weight_kg >= %s", (320,)),
            Filter("weight_kg", "lt.310", "weight_kg < %s", (310,)),
            Filter("weighed_on", "lt.2026-03-01", "weighed_on < %s", (date(2026, 3, 1),)),
            Filter("method", "is.null", "method is null"),
            Filter("method", "eq.scale", "method = %s", ("scale",)),
            Filter("animal_id", f"eq.{cows[1]}", "animal_id = %s", (cows[1],)),
            Filter("or", "(method.is.null,weight_kg.gt.330)", "(method is null or weight_kg > %s)", (330,)),
        ), (
            ("weighed_on.desc", "weighed_on desc"),
            ("weight_kg,weighed_on", "weight_kg, weighed_on"),
            ("method.asc.nullsfirst", "method asc nulls first"),
        )),
        Spec("activities", "activity_type,performed_at,duration_minutes,notes", (
            Filter("activity_type", "in.(feeding,cleaning)", "activity_type = any(%s)", (["feeding", "cleaning"],)),
            Filter("activity_type", "neq.feeding", "activity_type <> %s", ("feeding",)),
            Filter("duration_minutes", "gt.30", "duration_minutes > %s", (30,)),
            Filter("duration_minutes", "is.null", "duration_minutes is null"),
            Filter("notes", "not.is.null", "notes is not null"),
            Filter("notes", "like.*barn*", "notes like %s", ("%barn%",)),
            Filter("performed_at", f"gte.{quote(noon.isoformat())}", "performed_at >= %s", (noon,)),
            Filter("or", "(duration_minutes.lt.20,notes.is.null)", "(duration_minutes < %s or notes is null)", (20,)),
        ), (
            ("performed_at.desc", "performed_at desc"),
            ("duration_minutes.desc.nullslast", "duration_minutes desc nulls last"),
            ("activity_type,duration_minutes.asc.nullsfirst", "activity_type, duration_minutes asc nulls first"),
        )),
    ]


RANGES = ((None, None), (0, 5), (3, 7), (10, 20), (0, 1), (25, None))


@pytest.fixture(scope="module")
def farm_data(rest_api: RestApi) -> dict:
    owner, tenant, (north, south) = rest_api.owner_with_farm(2)
    worker = rest_api.join(owner, tenant, "worker")
    rest_api.rpc("grant_farm_access", owner, tenant_id=tenant, user_id=worker["user"]["id"], farm_id=north)
    animals = [{"tenant_id": tenant, "farm_id": north if n < 30 else south,
                "tag_number": f"N{n:03}" if n < 30 else f"S{n - 30:02}",
                "species": "goat" if n % 10 == 9 else "cattle", "sex": "female" if n % 3 else "male",
                "name": None if n % 5 == 0 else f"cow {n % 7}",
                "birth_date": None if n % 11 == 10 else (date(2024, 1, 1) + timedelta(days=13 * n)).isoformat(),
                "estimated_value": None if n % 4 == 0 else 500 + 25 * (n % 5)} for n in range(40)]
    made = rest_api.rest("POST", "animals?select=id,tag_number,sex,species", owner, json=animals,
                         headers={"Prefer": "return=representation"}).json()
    cows = sorted(a["id"] for a in made if a["sex"] == "female" and a["species"] == "cattle")
    production = [{"tenant_id": tenant, "animal_id": cow, "product": "milk", "unit": "l", "session": s,
                   "recorded_on": (TODAY - timedelta(days=d)).isoformat(), "quantity": 8 + (i * 7 + d * 3) % 9 / 2,
                   "fat_pct": None if (i + d) % 4 == 0 else 3.5 + (i + d) % 3 / 2}
                  for i, cow in enumerate(cows[:16]) for d in range(8) for s in ("am", "pm")]
    r = rest_api.rest("POST", "production_records", owner, json=production)
    assert r.status_code == 201, r.text
    weights = [{"tenant_id": tenant, "animal_id": a["id"], "weighed_on": f"2026-0{m}-1{i % 9}",
                "weight_kg": 300 + (i * 3 + m * 7) % 40, "method": None if (i + m) % 3 == 0 else "scale"}
               for i, a in enumerate(made) for m in (1, 3, 5)]
    assert rest_api.rest("POST", "animal_weights", owner, json=weights).status_code == 201
    start = datetime(TODAY.year, TODAY.month, TODAY.day, 6, tzinfo=UTC)
    kinds = ("feeding", "cleaning", "milking", "moving", "other")
    activities = [{"tenant_id": tenant, "animal_id": made[i % 40]["id"], "activity_type": kinds[i % 5],
                   "performed_at": (start - timedelta(hours=7 * i)).isoformat(),
                   "duration_minutes": None if i % 6 == 0 else (i * 11) % 90,
                   "notes": None if i % 4 == 0 else ("in the barn" if i % 3 else "field")} for i in range(70)]
    assert rest_api.rest("POST", "activities", owner, json=activities).status_code == 201
    return {"owner": owner, "worker": worker, "north": north, "cows": cows}


def queries(data: dict, n_per_table: int = 30) -> list[tuple[Spec, list[Filter], tuple[str, str], tuple]]:
    rng = random.Random(2026)
    out = []
    for spec in specs(data):
        seen = set()
        while len([q for q in out if q[0].table == spec.table]) < n_per_table:
            filters = rng.sample(spec.filters, rng.choice((0, 1, 1, 2, 2, 3)))
            order = rng.choice(spec.orders)
            span = rng.choice(RANGES)
            key = (tuple(f.key + f.value for f in filters), order, span)
            if key not in seen:
                seen.add(key)
                out.append((spec, filters, order, span))
    return out


def via_sql(conn: psycopg.Connection, claims: dict, spec: Spec, filters: list[Filter], order: tuple[str, str],
            span: tuple) -> tuple[list, int]:
    where = " and ".join(f.sql for f in filters) or "true"
    params = [p for f in filters for p in f.params]
    offset, limit = span
    limit = REST_MAX_ROWS if limit is None else min(limit, REST_MAX_ROWS)
    with conn.transaction():
        conn.execute("select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
                     (claims["role"], json.dumps(claims)))
        rows = conn.execute(f"select row_to_json(x)::text from (select {spec.columns} from public.{spec.table} "
                            f"where {where} order by {order[1]}, id limit {limit} offset {offset or 0}) x",
                            params).fetchall()
        count = conn.execute(f"select count(*) from public.{spec.table} where {where}", params).fetchone()[0]
    return [json.loads(r[0]) for r in rows], count


def via_rest(rest_api: RestApi, session: dict, spec: Spec, filters: list[Filter], order: tuple[str, str],
             span: tuple) -> tuple[list, int, str]:
    parts = [f"select={spec.columns}"] + [f"{f.key}={f.value}" for f in filters] + [f"order={order[0]},id"]
    offset, limit = span
    if offset is not None:
        parts.append(f"offset={offset}")
    if limit is not None:
        parts.append(f"limit={limit}")
    url = f"{spec.table}?{'&'.join(parts)}"
    r = rest_api.rest("GET", url, session, headers={"Prefer": "count=exact"})
    if r.status_code == 416:
        return [], int(r.headers["content-range"].split("/")[1]), url
    assert r.status_code in (200, 206), (url, r.text)
    return r.json(), int(r.headers["content-range"].split("/")[1]), url


def test_generated_queries_return_what_the_same_sql_returns_as_the_same_role(rest_api: RestApi, farm_data: dict):
    generated = queries(farm_data)
    assert len(generated) >= 100
    parts = urlsplit(rest_api.db_url)
    authenticator = urlunsplit(parts._replace(netloc="authenticator@" + parts.netloc.rsplit("@", 1)[-1]))
    users = [farm_data["owner"], farm_data["worker"]]
    claims = [jwt.decode(u["access_token"], options={"verify_signature": False}) for u in users]
    compared = nonempty = 0
    with psycopg.connect(authenticator) as conn:
        for i, (spec, filters, order, span) in enumerate(generated):
            who = i % 2
            rows, count = via_sql(conn, claims[who], spec, filters, order, span)
            got, got_count, url = via_rest(rest_api, users[who], spec, filters, order, span)
            assert got == rows, url
            assert got_count == count, url
            compared += 1
            nonempty += bool(rows)
    assert compared == len(generated) and nonempty > len(generated) // 2  # most queries return rows
