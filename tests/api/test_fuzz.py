"""Every operation of /openapi.json fuzzed with schemathesis (the harness is bench/fuzz.py; `ifarm bench fuzz
--examples N` is the long run): valid and invalid cases, sent as two tenants' owners, a worker, a device and
anon, must never get a 5xx, and every answer must be one the document lists -- its status, its content type,
its schema -- with every error in PostgREST's shape {code, message, details, hint}.

Bounded and deterministic: EXAMPLES cases per operation from a fixed seed, the operations split into SHARDS
tests so that pytest-xdist runs them on both workers; on a database and an API of their own, so the fuzzer's
writes never meet another test's data.
"""

from __future__ import annotations

import os
import zlib

import httpx
import psycopg
import pytest

from bench.fuzz import build_world, fuzz, load_schema
from tests.api.conftest import start_api, stop_api
from tests.conftest import TODAY, dsn, noon_utc, set_database_clock

EXAMPLES = 10
SEED = 20260617
SHARDS = 2


@pytest.fixture(scope="module")
def fuzz_api(pg18_proc, valkey, tmp_path_factory) -> str:
    name = f"ifarm_fuzz_{os.getpid()}"
    admin = dsn(pg18_proc.host, pg18_proc.port, "postgres", "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}" template "{pg18_proc.template_dbname}"')
    url = dsn(pg18_proc.host, pg18_proc.port, "postgres", name)
    with psycopg.connect(url, autocommit=True) as conn:
        set_database_clock(conn, noon_utc(TODAY))
    proc, base = start_api(url, {"REDIS_URL": valkey.url}, tmp_path_factory.mktemp("fuzz"))
    yield base
    stop_api(proc)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


def in_shard(label: str, shard: int) -> bool:
    return zlib.crc32(label.encode()) % SHARDS == shard


def test_the_document_lists_every_route_and_function_with_typed_arguments(fuzz_api):
    schema = load_schema(fuzz_api)
    labels = [result.ok().label for result in schema.get_all_operations()]
    assert len(labels) > 250 and len(labels) == len(set(labels))
    assert {in_shard(label, s) for label in labels for s in range(SHARDS)} == {True, False}
    doc = httpx.get(f"{fuzz_api}/openapi.json").json()
    animal = doc["paths"]["/api/v1/tenants/{tenant_id}/animals"]
    body = animal["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["sex"]["enum"] == ["female", "male", "unknown"]  # the column's CHECK
    assert body["properties"]["birth_date"] == {"type": "string", "format": "date"}
    assert "status" not in body["properties"] or "enum" not in body["properties"]["status"]
    assert {"farm_id", "tag_number", "species", "sex"} <= set(body["required"])
    assert animal["get"]["responses"]["200"]["content"]["application/json"]["schema"] == \
        {"$ref": "#/components/schemas/Page"}
    assert doc["components"]["schemas"]["Error"]["required"] == ["code", "message", "details", "hint"]


@pytest.mark.parametrize("shard", range(SHARDS))
def test_fuzzing_every_operation_finds_no_5xx_and_only_documented_postgrest_shaped_answers(fuzz_api, shard):
    with httpx.Client(base_url=fuzz_api, timeout=30) as http:
        world = build_world(http)
    report = fuzz(fuzz_api, world, EXAMPLES, SEED, lambda label: in_shard(label, shard))
    print(report.summary())
    assert not report.failures, f"{report.summary()}\n{report.details()}"
    assert report.operations > 100 and report.examples >= report.operations * EXAMPLES // 2
    assert report.succeeded, "no case got through: the principals or the seeded ids are wrong"
