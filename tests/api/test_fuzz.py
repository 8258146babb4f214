"""Every operation of /openapi.json fuzzed with schemathesis (the harness is bench/fuzz.py; `ifarm bench fuzz
--examples N` is the long run): valid and invalid cases, sent as two tenants' owners, a worker, a device and
anon, must never get a 5xx, and every answer must be one the document lists -- its status, its content type,
its schema -- with every error in PostgREST's shape {code, message, details, hint}.

Bounded and deterministic: EXAMPLES cases per operation from a fixed seed, the operations split into SHARDS
tests so that pytest-xdist runs them on both workers. They use the API the other tests use: the fuzzer acts
as users and tenants it signs up itself (and as anon), so its writes never meet another test's data.
"""

from __future__ import annotations

import zlib

import httpx
import pytest

from bench.fuzz import build_world, fuzz, load_schema
from tests.api.conftest import Api

EXAMPLES = 10
SEED = 20260617
SHARDS = 2


@pytest.fixture
def fuzz_api(api: Api) -> str:
    return api.base_url


def in_shard(label: str, shard: int) -> bool:
    return zlib.crc32(label.encode()) % SHARDS == shard


def test_the_document_types_every_argument_from_sql_and_the_tables_checks(fuzz_api):
    schema = load_schema(fuzz_api)
    labels = [result.ok().label for result in schema.get_all_operations()]
    assert len(labels) > 250 and len(labels) == len(set(labels))
    assert all(sum(in_shard(label, s) for label in labels) > 100 for s in range(SHARDS))
    doc = httpx.get(f"{fuzz_api}/openapi.json").json()
    animal = doc["paths"]["/api/v1/tenants/{tenant_id}/animals"]
    body = animal["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["sex"]["enum"] == ["female", "male", "unknown"]  # the column's CHECK
    assert body["properties"]["birth_date"] == {"type": "string", "format": "date"}
    assert body["properties"]["tag_number"] == {"type": "string", "maxLength": 50, "minLength": 1, "pattern": "[^ ]"}
    assert body["properties"]["estimated_value"] == {"type": "number"}
    status = doc["paths"]["/api/v1/tenants/{tenant_id}/animals/{animal_id}/status"]["post"]
    assert "enum" not in status["requestBody"]["content"]["application/json"]["schema"]["properties"]["status"]
    assert [p["schema"] for p in status["parameters"]] == [{"type": "string", "format": "uuid"}] * 2
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
