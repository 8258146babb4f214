"""Fuzzing every operation of the API's own OpenAPI document with schemathesis (not a test; the bounded run
is tests/api/test_fuzz.py, which uses this module).

    ifarm bench fuzz [--examples 100] [--seed 0] [--operations REGEX] [--workers 1] [--url URL] [--trace FILE]

Starts an embedded PostgreSQL with the schema and `ifarm api` on it (as the other benchmarks do), signs up
the principals -- two tenants' owners, a worker of the first tenant, a device key and anon -- seeds the
first tenant with one of each thing (farm, animal, expense, invoice, device ...), then, for each operation
of /openapi.json, draws --examples cases from schemathesis's strategies (valid and invalid data alike),
each sent as one of the principals, with the ids and codes of its path, query and body often replaced by real
ones so that cases reach the rules and not only the 404s (operations that delete, revoke, void or cancel run
last). Every response is checked: no 5xx, a status, content type and headers the document lists, a body that
matches the documented schema, and every error in PostgREST's shape {code, message, details, hint}. Prints
the figures and each failing case as a curl command (with --url, fuzzes a running API instead).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import hypothesis  # noqa: E402
import schemathesis  # noqa: E402
from hypothesis import HealthCheck, Phase, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.core.failures import FailureGroup  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

ERROR_KEYS = ("code", "message", "details", "hint")


@schemathesis.check
def postgrest_error_shape(ctx, response, case) -> bool | None:
    """Every error body is a JSON object with PostgREST's four keys, code and message as strings."""
    if response.status_code < 400:
        return None
    try:
        body = response.json()
    except ValueError as exc:
        raise AssertionError(f"a {response.status_code} whose body is not JSON: {response.text[:200]!r}") from exc
    if not isinstance(body, dict) or any(k not in body for k in ERROR_KEYS):
        raise AssertionError(f"a {response.status_code} not in PostgREST's shape: {response.text[:300]}")
    if not isinstance(body["code"], str) or not isinstance(body["message"], str):
        raise AssertionError(f"code and message must be strings: {response.text[:300]}")
    return True


@schemathesis.check
def no_server_error(ctx, response, case) -> bool | None:
    """No 5xx, except 503/504 (the database unavailable or timed out: the client should retry)."""
    if response.status_code >= 500 and response.status_code not in (503, 504):
        raise AssertionError(f"server error {response.status_code}: {response.text[:300]}")
    return True


CHECKS = [no_server_error, postgrest_error_shape, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]

T = "/api/v1/tenants/{tenant_id}"
PASSWORD = "fuzz-password-123"

# The first tenant's things, created in order by its owner; each step's answer gives the id named first
# ("{x}" in a path or body is an id made by an earlier step). A GET step takes the first row of a list.
SEED: tuple[tuple[str, str, str, dict | None], ...] = (
    ("farm_id", "POST", f"{T}/farms", {"name": "Fuzz farm", "farm_type": "dairy"}),
    ("location_id", "POST", f"{T}/locations", {"farm_id": "{farm_id}", "name": "Barn", "kind": "barn"}),
    ("breed_id", "POST", f"{T}/breeds", {"species": "cattle", "name": "Fuzz Friesian"}),
    ("animal_id", "POST", f"{T}/animals", {"farm_id": "{farm_id}", "tag_number": "FZ-1", "species": "cattle",
                                           "sex": "female", "birth_date": "2020-03-01", "breed_id": "{breed_id}"}),
    ("group_id", "POST", f"{T}/groups", {"farm_id": "{farm_id}", "name": "Layers", "species": "chicken",
                                         "female_count": 50}),
    ("category_id", "GET", f"{T}/expense-categories", None),
    ("counterparty_id", "POST", f"{T}/counterparties", {"name": "Fuzz Feeds", "kind": "both"}),
    ("expense_id", "POST", f"{T}/expenses", {"farm_id": "{farm_id}", "category_id": "{category_id}", "amount": 120,
                                             "description": "feed"}),
    ("record_id", "POST", f"{T}/production", {"product": "milk", "quantity": 12.5, "unit": "l",
                                              "animal_id": "{animal_id}"}),
    ("service_id", "POST", f"{T}/breeding/services", {"dam_id": "{animal_id}", "served_on": "2026-04-01",
                                                         "method": "natural"}),
    ("product_sale_id", "POST", f"{T}/sales/products", {"farm_id": "{farm_id}", "product": "milk", "quantity": 5,
                                                        "unit": "l", "unit_price": 60}),
    ("invoice_id", "POST", f"{T}/invoices", {"product_sale_ids": ["{product_sale_id}"],
                                             "customer_id": "{counterparty_id}"}),
    ("media_id", "POST", f"{T}/animals/{{animal_id}}/media", {"content_type": "image/jpeg"}),
    ("device_id", "POST", f"{T}/devices", {"farm_id": "{farm_id}", "device_type": "temperature_humidity_sensor",
                                           "serial_number": "FZ-SN-1"}),
    ("threshold_id", "POST", f"{T}/devices/{{device_id}}/thresholds", {"metric": "temperature", "max_value": 30}),
    ("key_id", "POST", f"{T}/devices/{{device_id}}/keys/rotate", {"grace_seconds": 0}),  # a key shown to us
)
# Reference codes the document lists no enum for (rows of reference tables, not CHECKs): valid values a
# case may carry, as it may carry real ids.
CODES = {"species": ["cattle", "chicken", "goat"], "role": ["admin", "manager", "worker", "viewer"],
         "plan_code": ["starter", "professional"], "device_type": ["temperature_humidity_sensor", "milk_meter"],
         "metric": ["temperature", "humidity", "milk_yield"], "content_type": ["image/jpeg", "application/pdf"],
         "currency": ["KES", "USD"], "product": ["milk", "eggs"], "timezone": ["Africa/Nairobi", "UTC"]}
# Operations that take the seeded things away run last (in document order otherwise), so the others meet them.
DESTRUCTIVE = re.compile(r"^DELETE |delete|remove|retire|revoke|void|cancel")
# Arguments that take an id of the same kind under another name.
ALIASES = {"to_farm_id": "farm_id", "to_location_id": "location_id", "dam_id": "animal_id", "sire_id": "animal_id",
           "vendor_id": "counterparty_id", "customer_id": "counterparty_id", "buyer_id": "counterparty_id",
           "performed_by": "user_id"}


@dataclass
class World:
    """Who sends the cases, and the real ids they may carry."""

    principals: dict[str, dict]  # name -> headers
    ids: dict[str, list[str]]  # argument name -> real ids (or codes) for it


def build_world(http: httpx.Client) -> World:
    """Two tenants' owners, a worker of the first, a device of the first tenant, anon; and one of each thing."""

    def signup() -> dict:
        email = f"fuzz-{uuid.uuid4().hex[:12]}@example.test"
        r = http.post("/auth/v1/signup", json={"email": email, "password": PASSWORD})
        r.raise_for_status()
        return {"email": email, "id": r.json()["user"]["id"],
                "headers": {"Authorization": f"Bearer {r.json()['access_token']}"}}

    def call(method: str, path: str, who: dict, body=None) -> dict | list:
        r = http.request(method, path, json=body, headers=who["headers"])
        assert r.status_code < 300, f"{method} {path}: {r.status_code} {r.text}"
        return r.json()

    owner_a, owner_b, worker = signup(), signup(), signup()
    tenants = [call("POST", "/api/v1/tenants", owner, {"name": name, "slug": f"fuzz-{uuid.uuid4().hex[:12]}"})["id"]
               for name, owner in (("A", owner_a), ("B", owner_b))]
    token = call("POST", f"/api/v1/tenants/{tenants[0]}/invitations", owner_a,
                 {"email": worker["email"], "role": "worker"})["token"]
    call("POST", "/api/v1/invitations/accept", worker, {"token": token})
    ids: dict[str, list[str]] = {"tenant_id": [tenants[0], tenants[0], tenants[1]],  # mostly the seeded one
                                 "user_id": [owner_a["id"], worker["id"], owner_b["id"]], **CODES}
    made = {"tenant_id": tenants[0]}
    for name, method, path, body in SEED:
        answer = call(method, _fill(path, made), owner_a, _fill(body, made))
        row = answer[0] if isinstance(answer, list) else answer
        made[name] = row.get("id") or row[name]
        ids[name] = [made[name]]
        if name == "farm_id":
            call("PUT", f"/api/v1/tenants/{tenants[0]}/farms/{made['farm_id']}/access/{worker['id']}", owner_a)
    ids["farm_id"].append(call("POST", f"/api/v1/tenants/{tenants[1]}/farms", owner_b, {"name": "B farm"})["id"])
    for alias, name in ALIASES.items():
        ids[alias] = ids[name]
    principals = {"owner_a": owner_a["headers"], "owner_b": owner_b["headers"], "worker_a": worker["headers"],
                  "anon": {}, "device": {"X-Device-Key": row["key"]}}  # the last step made the key
    return World(principals, ids)


def _fill(value, made: dict):
    if isinstance(value, str):
        return re.sub(r"\{(\w+)\}", lambda m: made.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [_fill(v, made) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, made) for k, v in value.items()}
    return value


@dataclass
class Report:
    operations: int = 0
    examples: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[str, list[str]] = field(default_factory=dict)  # operation label -> failure reports
    failing_examples: int = 0
    seconds: float = 0.0
    succeeded: set[str] = field(default_factory=set)  # operations that answered a 2xx at least once
    cases: list[tuple[str, str, int, str]] = field(default_factory=list)  # operation, principal, status, code

    def summary(self) -> str:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        return (f"{self.operations} operations ({len(self.succeeded)} answered a 2xx at least once), "
                f"{self.examples} examples in {self.seconds:.1f} s; {self.failing_examples} failing examples "
                f"in {len(self.failures)} operations; statuses {codes}")

    def details(self, limit: int = 3) -> str:
        lines = []
        for label, reports in self.failures.items():
            lines.append(f"== {label}: {len(reports)} failing")
            lines += reports[:limit]
        return "\n".join(lines)


def _with_real_ids(draw, world: World, values: dict | None) -> dict | None:
    """Some of the ids in path, query or body replaced by real ones (the same name or an alias)."""
    if not isinstance(values, dict):
        return values
    out = dict(values)
    for name in values:
        pool = world.ids.get(name)
        if pool and draw(st.integers(0, 3)) < 3:  # a real one about three times in four, and in the simplest case
            out[name] = draw(st.sampled_from(pool))
    return out


def fuzz_operation(operation, base_url: str, world: World, examples: int, seed: int, report: Report,
                   session: requests.Session) -> None:
    """`examples` cases of one operation, valid and invalid, as drawn principals; failures kept in the report."""
    strategy = st.one_of(operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
                         operation.as_strategy(schemathesis.GenerationMode.NEGATIVE))
    names = ["owner_a", "owner_a", "worker_a", "owner_b", "anon", "device"]  # the first tenant's owner most often

    @hypothesis.seed(seed)
    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=False, report_multiple_bugs=False)
    @hypothesis.given(data=st.data())
    def run(data) -> None:
        case = data.draw(strategy, label="case")
        who = data.draw(st.sampled_from(names), label="principal")
        case.path_parameters = _with_real_ids(data.draw, world, case.path_parameters)
        case.query = _with_real_ids(data.draw, world, case.query)
        case.body = _with_real_ids(data.draw, world, case.body)
        report.examples += 1
        try:
            response = case.call_and_validate(base_url=base_url, session=session, headers=world.principals[who],
                                              checks=CHECKS)
            report.statuses[response.status_code] = report.statuses.get(response.status_code, 0) + 1
            if response.status_code < 300:
                report.succeeded.add(operation.label)
            code = response.json().get("code", "") if response.status_code >= 400 else ""
            report.cases.append((operation.label, who, response.status_code, code))
        except FailureGroup as group:
            report.failing_examples += 1
            report.failures.setdefault(operation.label, []).append(f"-- as {who}\n{group.args[0].strip()}")

    try:
        run()
    except Exception as exc:  # noqa: BLE001 - a hung or dropped connection, a case that could not be sent
        report.failing_examples += 1
        report.failures.setdefault(operation.label, []).append(f"-- the run stopped: {type(exc).__name__}: {exc}")


def load_schema(base_url: str):
    document = httpx.get(f"{base_url}/openapi.json", timeout=30).json()
    return schemathesis.openapi.from_dict(document)


def fuzz(base_url: str, world: World, examples: int, seed: int = 0,
         select: Callable[[str], bool] = lambda label: True) -> Report:
    """Every selected operation of the API's /openapi.json, `examples` cases each."""
    schema = load_schema(base_url)
    report = Report()
    start = time.perf_counter()
    operations = [op for op in (result.ok() for result in schema.get_all_operations()) if select(op.label)]
    operations.sort(key=lambda op: bool(DESTRUCTIVE.search(op.label)))
    with requests.Session() as session:
        for operation in operations:
            report.operations += 1
            fuzz_operation(operation, base_url, world, examples, seed, report, session)
    report.seconds = time.perf_counter() - start
    return report


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--examples", type=int, default=100, help="cases per operation")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--operations", default="", help="only operations whose 'METHOD /path' matches this regex")
    p.add_argument("--workers", type=int, default=1, help="Sanic workers")
    p.add_argument("--trace", default="", help="write each case's operation, principal, status and code here")
    p.add_argument("--url", default="", help="fuzz this running API instead (it gets three users and two tenants)")
    args = p.parse_args()
    from bench.common import stack

    pattern = re.compile(args.operations)

    def run(base: str) -> Report:
        with httpx.Client(base_url=base, timeout=30) as http:
            world = build_world(http)
        return fuzz(base, world, args.examples, args.seed, lambda label: bool(pattern.search(label)))

    if args.url:
        report = run(args.url.rstrip("/"))
    else:
        with stack(args.workers) as (base, _db):
            report = run(base)
    print(report.summary())
    if args.trace:
        Path(args.trace).write_text("".join("\t".join(map(str, case)) + "\n" for case in report.cases))
    if report.failures:
        print(report.details())
    sys.exit(1 if report.failures else 0)


if __name__ == "__main__":
    main()
