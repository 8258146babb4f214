"""The attack matrix (issue 14): every route of the route table (app/routes/table.py) and every function of
schema api through `/rpc/{fn}` and `/rest/v1/rpc/{fn}`, called by every kind of caller who must not reach a
victim tenant, with the victim's ids in the path, the query and the body. Generated from the route table
and pg_proc, so it grows with them; it asserts a lower bound on its size so it cannot silently shrink.

Callers: anonymous, an expired token (the victim owner's own), a deleted user's token, a signed-in
stranger, a removed member, the owner of another tenant, a worker of the victim without its farm, a
viewer of the victim (writes). Every case asserts no 5xx, and that nothing of the victim that the
caller's row-level security would not show them comes back (its ids and names, beyond what the request
itself sent), and that nothing of the victim changes (a superuser's checksum of every tenant table's
victim rows after each answered write and after each function's cases). Statuses, as README "API" and
"Domain errors" document them:

- no live user behind the token (anonymous, expired, deleted user): 401 (a deleted user's token: 403 for a
  function its role may not execute at all, refused before any user is looked at);
- a user of no tenant, another tenant's owner, a removed member, naming the victim's tenant: 403 or 404;
- a viewer writing: 403 or 404;
- the other tenant's owner in their own tenant, naming one of the victim's rows among their own, and the
  worker naming a row of the farm they may not see: the answer to the same request with that row's id
  replaced by one that exists nowhere (its "twin"), status and code -- a row of another tenant or farm
  is not there, indistinguishable from one that never was -- and never a success for a write.

One answer is let through, and counted: a cached dashboard that is byte for byte the one the same
caller was shown while still a member (see `replayed`). A case a caller may legitimately make (a function
granted to anon, a viewer's read, a member's own preferences, a request naming nothing of the victim's in
the caller's own tenant) is skipped with its reason, counted and printed.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx
import pytest

from app.routes.table import ROUTES
from tests.api.attack_world import (
    FARM_SCOPED,
    MARK,
    RIVAL,
    UUID,
    VOLATILE_TABLES,
    Attacker,
    Ledger,
    Tenant,
    attackers,
    secrets_of,
    seed_tenant,
)
from tests.api.conftest import Api
from tests.conftest import TODAY

pytestmark = pytest.mark.xdist_group("attack_matrix")

MIN_CASES = 4000  # the matrix may grow; it may not silently shrink (4,350 cases when this was written)
UNAUTHENTICATED = ("anon", "expired_token", "deleted_user")  # no live user behind the request: 401
DOORS = ("route", "rpc", "rest_rpc")
REFUSED = frozenset({403, 404})  # 42501 (not_a_member, permission_denied) -> 403; PT404 for a row not seen
CLIENT_ERRORS = frozenset(range(400, 500)) - {401}
# Functions a member calls on their own rows only: the viewer's call changes the viewer's own
# preferences or notices, never the victim's (the checksum would count it, so the case is not made).
SELF_SERVICE = {
    "set_notification_preference": "a member sets their own channel for a kind",
    "mark_all_notifications_read": "a member marks their own notices read",
}
# Values for required arguments that name no row: valid where the function checks them, so the
# refusal under test comes from who calls and what they name, not from a malformed request.
SAMPLE_BY_NAME: dict[str, object] = {
    "species": "cattle", "sex": "female", "product": "milk", "unit": "l", "status": "culled", "role": "owner",
    "metric": "temperature", "device_type": "temperature_humidity_sensor", "content_type": "image/jpeg",
    "event_type": "addition", "activity_type": "feeding", "result": "positive", "plan_code": "professional",
    "email": "attacker@example.test", "token": "not-an-invitation-token", "price": 10, "amount": 1,
    "quantity": 1, "unit_price": 1, "weight_kg": 100, "amount_change": 1, "offspring": [], "lines": [],
}
SAMPLE_BY_TYPE: dict[str, object] = {
    "text": "attack", "integer": 1, "numeric": 1, "boolean": True, "date": TODAY.isoformat(),
    "timestamp with time zone": f"{TODAY.isoformat()}T10:00:00Z", "jsonb": [], "text[]": [],
}
UNIQUE_NAMES = ("slug", "serial_number", "code", "name", "vaccine", "medicine", "tag_number")
# Optional arguments given anyway, so the request is one the function would carry out for a member.
ALWAYS = {"female": 1}  # a group event counts at least one head
# Optional arguments that come with another of the tenant's rows (an activity is for an animal or a group).
COMPANIONS = {"performed_by": "animal_id"}


@dataclass(frozen=True)
class Function:
    name: str
    params: tuple[tuple[str, str, bool], ...]  # (name, SQL type, required)
    volatile: bool
    anon: bool  # executable by anon (pg_proc's grant): meant for callers without a user
    authenticated: bool  # executable by authenticated; if not, the database refuses every user (403)


@dataclass
class Case:
    door: str
    method: str
    path: str
    function: Function
    attacker: Attacker
    args: dict
    sent: set[str]  # ids and names the request itself carries: an answer may repeat them
    expect: frozenset[int] | None  # None: the caller's own data, any answer short of 5xx
    writes: bool
    twin: Case | None = None  # the same request with the victim's rows replaced by rows that exist nowhere

    def __str__(self) -> str:
        args = "" if self.door == "route" and self.method in ("GET", "DELETE") else f" {self.args}"
        return f"{self.attacker.name}: {self.method} {self.path}{args}"


@dataclass
class Matrix:
    cases: list[Case] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)


def catalog(api: Api) -> dict[str, Function]:
    """The functions of schema api, from pg_proc."""
    rows = api.sql("""
        select p.proname, coalesce(p.proargnames[1:p.pronargs], '{}'),
               array(select format_type(t, null) from unnest(p.proargtypes) t), p.pronargdefaults,
               p.provolatile = 'v', has_function_privilege('anon', p.oid, 'execute'),
               has_function_privilege('authenticated', p.oid, 'execute')
        from pg_proc p where p.pronamespace = 'api'::regnamespace and p.prokind = 'f'""")
    functions = {}
    for name, names, types, ndefaults, volatile, anon, authenticated in rows:
        required = len(names) - ndefaults
        params = tuple((n, t, i < required) for i, (n, t) in enumerate(zip(names, types, strict=True)))
        functions[name] = Function(name, params, volatile, anon, authenticated)
    return functions


def sample(name: str, sql_type: str) -> object:
    if sql_type == "uuid":
        return str(uuid.uuid4())
    if name in UNIQUE_NAMES:  # lower-case letters: valid as a code, a slug or a name, and new each time
        return "atk" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:12])
    return SAMPLE_BY_NAME.get(name, SAMPLE_BY_TYPE.get(sql_type, "attack"))


def argument_sets(fn: Function, tenant: Tenant, given: dict, subject_in_path: bool) -> list[dict]:
    """The arguments of a function's cases: each required one is the tenant's row when its name names
    one, else a valid sample; each optional argument naming a row makes a case of its own (they are
    often alternatives: an animal or a group), unless the route's path already names the subject."""
    base, optional = {}, []
    for name, sql_type, required in fn.params:
        if name in given:
            continue
        value = tenant.value(name)
        if required:
            base[name] = value if value is not None else sample(name, sql_type)
        elif name in ALWAYS:
            base[name] = ALWAYS[name]
        elif value is not None and not subject_in_path:
            companion = COMPANIONS.get(name)
            optional.append({name: value} | ({companion: tenant.value(companion)} if companion else {}))
    return [{**base, **extra} for extra in optional] or [base]


def route_path(path: str, tenant: Tenant) -> tuple[str, dict]:
    """The route's path with each <name:type> replaced by the tenant's row; the names used."""
    used, out = {}, []
    for part in path.split("/"):
        if part.startswith("<"):
            name = part[1:-1].split(":")[0]
            value = tenant.ids.get(name, tenant.path_only.get(name))
            assert value is not None, f"path parameter {name} of {path}: seed a row for it (attack_world.py)"
            used[name] = value
            out.append(value)
        else:
            out.append(part)
    return "/".join(out), used


def requests(functions: dict[str, Function], tenant: Tenant):
    """(door, method, path, function, path parameters, arguments) of every route and every function."""
    for route in ROUTES:
        path, path_ids = route_path(route.path, tenant)
        fn = functions[route.function]
        for args in argument_sets(fn, tenant, path_ids, subject_in_path=bool(set(path_ids) - {"tenant_id"})):
            yield "route", route.method, path, fn, path_ids, args
    for fn in functions.values():
        for args in argument_sets(fn, tenant, {}, subject_in_path=False):
            yield "rpc", "POST", f"/rpc/{fn.name}", fn, {}, args
            yield "rest_rpc", "POST", f"/rest/v1/rpc/{fn.name}", fn, {}, args


def foreign(rival: Tenant, victim: Tenant, path: str, path_ids: dict, args: dict):
    """The rival's own request with one of its rows at a time replaced by the victim's row of that name."""
    for name in sorted(set(path_ids) | set(args)):
        mine, theirs = {**path_ids, **args}[name], victim.value(name)
        if name == "tenant_id" or theirs is None or mine != rival.value(name):
            continue
        if name in path_ids:
            yield path.replace(f"/{mine}", f"/{theirs}"), {**path_ids, name: theirs}, args
        else:
            yield path, path_ids, {**args, name: theirs}


def twin_of(case: Case, secrets: set[str]) -> Case:
    """The case with each of the victim's ids the caller may not see replaced by an id that exists nowhere."""
    text = json.dumps([case.path, case.args])
    for found in sorted(set(UUID.findall(text)) & secrets):
        text = text.replace(found, str(uuid.uuid4()))
    path, args = json.loads(text)
    return Case(case.door, case.method, path, case.function, case.attacker, args, set(), None, case.writes)


def expectation(who: str, fn: Function, names_victim: bool, own_tenant: bool, names_farm: bool,
                writes: bool) -> tuple[frozenset[int] | None, bool, str | None]:
    """(the statuses the answer may have -- None: any short of 5xx --, whether it must equal its twin's)
    or the reason the case is not made."""
    if who in UNAUTHENTICATED:
        if fn.anon and who != "expired_token":
            return None, False, f"api.{fn.name} is executable by anon (pg_proc grants it): no user needed"
        if who == "deleted_user" and not fn.authenticated:
            return frozenset({403}), False, None  # the token's role may not execute it: refused before any user
        return frozenset({401}), False, None
    if not fn.authenticated:
        return frozenset({403}), False, None  # the role authenticated may not execute it at all
    if not names_victim:
        if own_tenant or (who in ("viewer", "worker_without_farm") and writes):
            return None, False, "a request in the caller's own tenant naming nothing of the victim's"
        if who == "viewer":
            return None, False, "a viewer reads the tenant (role viewer): only writes are attacks"
        return None, False, None  # the caller's own data: any answer short of 5xx, nothing of the victim's in it
    if who == "viewer":
        if not writes:
            return None, False, "a viewer reads the tenant (role viewer): only writes are attacks"
        if fn.name in SELF_SERVICE:
            return None, False, f"{SELF_SERVICE[fn.name]}: api.{fn.name}"
        return REFUSED, False, None
    if who == "worker_without_farm" and not names_farm:
        if writes:
            return None, False, "a worker's write naming nothing of the farm: their role decides, not the farm"
        return None, False, None  # a read of their own tenant: whatever it answers, nothing of the farm in it
    if own_tenant or who == "worker_without_farm":  # rows they may not see: as if they did not exist
        return (CLIENT_ERRORS if writes else CLIENT_ERRORS | {200}), True, None
    return REFUSED, False, None


def build(api: Api, victim: Tenant, rival: Tenant, callers: dict[str, Attacker],
          secrets: dict[str, set[str]]) -> Matrix:
    functions = catalog(api)
    missing = sorted({r.function for r in ROUTES} - set(functions))
    assert not missing, f"routes whose api function is not in pg_proc: {missing}"
    m = Matrix()

    def add(door, method, path, fn, attacker, path_ids, args, own_tenant: bool):
        named = {k for k, v in {**path_ids, **args}.items() if v == victim.value(k)}  # the victim's rows named
        writes = method != "GET" and fn.volatile
        expect, twin, reason = expectation(attacker.name, fn, bool(named), own_tenant, bool(named & FARM_SCOPED),
                                           writes)
        if reason:
            m.skipped[reason] += 1
            return
        case = Case(door, method, path, fn, attacker, args, secrets_of([path, json.dumps(args)]), expect, writes)
        case.twin = twin_of(case, secrets[attacker.name]) if twin else None
        m.cases.append(case)

    for attacker in callers.values():
        for door, method, path, fn, path_ids, args in requests(functions, victim):
            add(door, method, path, fn, attacker, path_ids, args, own_tenant=False)
    rival_owner = callers["other_tenant"]
    for door, method, path, fn, path_ids, args in requests(functions, rival):
        if "tenant_id" in path_ids or "tenant_id" in args:
            for foreign_path, foreign_ids, foreign_args in foreign(rival, victim, path, path_ids, args):
                add(door, method, foreign_path, fn, rival_owner, foreign_ids, foreign_args, own_tenant=True)
    # a function's cases together (one checksum after them), the cached routes' first: before any answered
    # POST bumps the victim's cache versions, entries cached for callers while they were members still live
    cached = {route.function for route in ROUTES if route.cached}
    m.cases.sort(key=lambda c: (not (c.door == "route" and c.function.name in cached), c.function.name))
    return m


def call(http: httpx.Client, case: Case) -> httpx.Response:
    if case.method in ("GET", "DELETE"):
        params = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in case.args.items()}
        return http.request(case.method, case.path, params=params, headers=case.attacker.headers)
    return http.request(case.method, case.path, json=case.args, headers=case.attacker.headers)


def code(r: httpx.Response) -> str | None:
    try:
        body = r.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


def replayed(case: Case, r: httpx.Response) -> bool:
    """A cached route's answer that is byte for byte the one this caller was shown while still a member:
    the cache keys entries by user, so a hit can only replay it, until the next write to the tenant bumps
    its versions or the dashboard_cache consumer does (for a change made outside the API, such as a user
    deleted from auth.users) -- nothing the caller had not seen."""
    return r.headers.get("x-cache") == "hit" and case.attacker.shown.get(case.path) == r.text


def statuses_text(statuses: frozenset[int]) -> str:
    if CLIENT_ERRORS <= statuses:
        return "4xx but 401" + "".join(f" or {s}" for s in sorted(statuses - CLIENT_ERRORS))
    return " or ".join(map(str, sorted(statuses)))


def judge(http: httpx.Client, case: Case, r: httpx.Response, secrets: set[str]) -> list[str]:
    problems = []
    if replayed(case, r):
        return problems
    if r.status_code >= 500:
        problems.append("5xx")
    elif case.expect is not None and r.status_code not in case.expect:
        problems.append(f"status {r.status_code}, expected {statuses_text(case.expect)}")
    if case.twin is not None:
        t = call(http, case.twin)
        if (t.status_code, code(t)) != (r.status_code, code(r)):
            problems.append(f"a row that exists nowhere gets {t.status_code} {code(t)}: an existence oracle")
    body = r.text.lower()
    shown = sorted(s for s in secrets - case.sent if s in body)
    if shown:
        problems.append(f"shows the victim's {shown[:4]}")
    return problems


def test_no_caller_outside_the_victim_reads_or_changes_it(api: Api):
    started = time.monotonic()
    victim, members = seed_tenant(api, MARK, with_members=True)
    rival, _ = seed_tenant(api, RIVAL, with_members=False)
    callers = attackers(api, victim, rival, members)
    ledger = Ledger(api.db_url, victim.id)
    try:
        everything = secrets_of(ledger.rows())
        assert victim.id in everything and f"{MARK} north farm" in everything, "the victim is not seeded"
        # what a caller may see of the victim is what their row-level security shows them; the rest is secret
        secrets = {name: everything - (secrets_of(ledger.rows(a.claims)) if a.claims else set()) - a.own
                   for name, a in callers.items()}
        assert secrets["other_tenant"] == everything - callers["other_tenant"].own, "RLS shows another tenant"
        matrix = build(api, victim, rival, callers, secrets)
        seeded = time.monotonic()
        statuses: Counter = Counter()
        by_caller: Counter = Counter()
        failures: list[str] = []
        replays = 0
        baseline = ledger.checksum()

        def unchanged(after: str) -> None:
            nonlocal baseline
            now = ledger.checksum()
            if now != baseline:
                failures.append(f"{after} changed the victim's {sorted(k for k in now if now[k] != baseline[k])}")
                baseline = now

        with httpx.Client(base_url=api.base_url, timeout=30) as http:
            for i, case in enumerate(matrix.cases):
                r = call(http, case)
                statuses[r.status_code] += 1
                by_caller[case.attacker.name, r.status_code] += 1
                replays += replayed(case, r)
                problems = judge(http, case, r, secrets[case.attacker.name])
                if problems:
                    failures.append(f"{case} -> {r.status_code} {'; '.join(problems)}: {r.text[:240]}")
                if case.writes and r.status_code < 300:
                    unchanged(f"{case} -> {r.status_code}")
                if i + 1 == len(matrix.cases) or matrix.cases[i + 1].function is not case.function:
                    unchanged(f"the cases of api.{case.function.name}")
        report(matrix, statuses, by_caller, failures, replays, time.monotonic() - started,
               time.monotonic() - seeded)
        assert len(matrix.cases) >= MIN_CASES, f"the matrix shrank to {len(matrix.cases)} cases"
        assert not failures, f"{len(failures)} of {len(matrix.cases)} cases failed:\n" + "\n".join(failures[:60])
    finally:
        ledger.close()


def report(matrix: Matrix, statuses: Counter, by_caller: Counter, failures: list[str], replays: int,
           elapsed: float, run: float) -> None:
    twins = sum(1 for c in matrix.cases if c.twin)
    print(f"\nattack matrix: {len(matrix.cases)} cases (+{twins} twins), {sum(matrix.skipped.values())} skipped, "
          f"{len(failures)} failed; {elapsed:.1f} s in all, {run:.1f} s for the cases")
    print("  doors: " + ", ".join(f"{d} {sum(1 for c in matrix.cases if c.door == d)}" for d in DOORS))
    print("  statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    for name in sorted({c for c, _ in by_caller}):
        print(f"  {name}: " + ", ".join(f"{s}: {n}" for (c, s), n in sorted(by_caller.items()) if c == name))
    for reason, n in matrix.skipped.most_common():
        print(f"  skipped {n}: {reason}")
    print(f"  cached answers replayed to the caller they were made for: {replays}")
    print(f"  left out of the checksum: {VOLATILE_TABLES}")
