"""The world the attack matrix (test_attack_matrix.py) runs in: a victim tenant and a rival's tenant, each
seeded through the API with one row of each kind a route or function can name; the attackers; and a
superuser's view of the victim's data (a checksum per table, and what each attacker's row-level security
lets them see).

Every name in the victim's rows contains MARK (the rival's, RIVAL), so a response that shows one is
caught by its text."""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import jwt
import psycopg

from tests.api.conftest import SECRET, Api
from tests.conftest import TODAY

MARK = "zqv"  # in every name, tag, email and note of the victim's rows
RIVAL = "zqr"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MARKED = re.compile(MARK + r"[^\"\\,]*", re.IGNORECASE)
# Tables whose rows change on their own while the matrix runs, and why (nothing else may change).
VOLATILE_TABLES = {
    "private.api_calls": "each API worker adds its count of a tenant's successful requests every 10 seconds",
}


@dataclass
class Attacker:
    """Who calls: the Authorization header they send, and who they are in the database (None: no user)."""

    name: str
    headers: dict
    user_id: str | None = None
    claims: dict | None = None  # what row-level security sees; None: nothing (anon, dead tokens)
    own_tenant: str | None = None
    email: str | None = None
    shown: dict[str, str] = field(default_factory=dict)  # path -> the cached answer they were shown as a member

    @property
    def own(self) -> set[str]:
        """What the caller knows of themselves (their id, email and what their token says, such as its
        session id): it may come back to them."""
        token = self.headers.get("Authorization", " ").split(" ", 1)[1]
        said = jwt.decode(token, options={"verify_signature": False}) if token else {}
        return {v.lower() for v in (self.user_id, self.email) if v} | secrets_of([json.dumps(said)])


@dataclass
class Tenant:
    """A seeded tenant: its owner and the rows each argument or path parameter name can name."""

    id: str
    owner: dict
    ids: dict[str, str]  # argument or path parameter name -> the tenant's row it names
    json_args: dict[str, object]  # jsonb arguments that carry the tenant's row ids
    path_only: dict[str, str] = field(default_factory=lambda: {"kind": "birth_due"})  # name no row

    def value(self, name: str) -> object | None:
        return self.ids.get(name, self.json_args.get(name))


# The names whose row belongs to a farm (a member without the farm may not see them).
FARM_SCOPED = frozenset({"farm_id", "to_farm_id", "location_id", "to_location_id", "animal_id", "dam_id", "sire_id",
                         "group_id", "record_id", "service_id", "expense_id", "media_id", "device_id", "key_id",
                         "threshold_id", "records", "allocate_to", "animal_sale_ids", "product_sale_ids"})


def ok(r, status: int = 200) -> dict:
    assert r.status_code in (status, 200, 201), f"seeding: {r.request.method} {r.request.url}: {r.status_code} {r.text}"
    return r.json()


def dead_token(user: dict, seconds_ago: int = 120) -> str:
    """The user's own claims, correctly signed, expired."""
    now = int(time.time())
    claims = {"sub": user["user"]["id"], "role": "authenticated", "aud": "authenticated", "email": user["email"],
              "iat": now - 3600, "exp": now - seconds_ago}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def seed_tenant(api: Api, mark: str, with_members: bool) -> tuple[Tenant, dict[str, dict]]:
    """A tenant with a farm and one row of every kind, made by its owner through the API, every name in it
    marked; with its members (a manager with the farm, a worker without it, a viewer, and two to remove
    and to delete) when asked."""
    h = api.http
    tag = uuid.uuid4().hex[:8]
    owner = api.signup(f"{mark}-owner-{tag}@example.test")
    hd = owner["headers"]
    r = h.post("/api/v1/tenants", json={"name": f"{mark} Holdings {tag}", "slug": f"{mark}-tenant-{tag}"},
               headers=hd)
    tenant = ok(r, 201)["id"]
    # room for the owner and five members (the trial plan allows five in all)
    api.sql("update subscriptions set plan_code = 'professional' where tenant_id = %s", (tenant,))
    t = f"/api/v1/tenants/{tenant}"
    day = lambda n: (TODAY - timedelta(days=n)).isoformat()  # noqa: E731
    farm = ok(h.post(f"{t}/farms", json={"name": f"{mark} North Farm"}, headers=hd))["id"]
    location = ok(h.post(f"{t}/locations", json={"farm_id": farm, "name": f"{mark} Barn", "kind": "barn"},
                         headers=hd))["id"]
    breed = ok(h.post(f"{t}/breeds", json={"species": "cattle", "name": f"{mark} Breed"}, headers=hd))["id"]
    cow = ok(h.post(f"{t}/animals", headers=hd, json={
        "farm_id": farm, "tag_number": f"{mark.upper()}-COW-1", "species": "cattle", "sex": "female",
        "name": f"{mark} Daisy", "breed_id": breed, "birth_date": "2022-01-10", "location_id": location,
        "estimated_value": 900, "notes": f"{mark} note"}))["id"]
    steer = ok(h.post(f"{t}/animals", headers=hd, json={
        "farm_id": farm, "tag_number": f"{mark.upper()}-STEER-2", "species": "cattle", "sex": "male",
        "birth_date": "2023-03-01"}))["id"]
    group = ok(h.post(f"{t}/groups", headers=hd, json={
        "farm_id": farm, "name": f"{mark} Flock", "species": "sheep", "female_count": 10}))["id"]
    ok(h.post(f"{t}/animals/{cow}/movements", json={"to_farm_id": farm, "to_location_id": location,
                                                    "reason": f"{mark} move"}, headers=hd))
    ok(h.post(f"{t}/health-checks", json={"animal_id": cow, "diagnosis": f"{mark} sniffles", "checked_on": day(3)},
              headers=hd))
    ok(h.post(f"{t}/vaccinations", json={"animal_id": cow, "vaccine": f"{mark}-vax", "given_on": day(20)},
              headers=hd))
    ok(h.post(f"{t}/treatments", headers=hd, json={
        "animal_id": cow, "medicine": f"{mark}-med", "course_start": day(60), "course_end": day(58),
        "meat_withdrawal_days": 1, "milk_withdrawal_days": 1}))
    record = ok(h.post(f"{t}/production", headers=hd, json={
        "animal_id": cow, "product": "milk", "quantity": 12, "unit": "l", "recorded_on": day(1), "session": "am"}))
    service = ok(h.post(f"{t}/breeding/services", json={"dam_id": cow, "served_on": day(40),
                                                         "technician": f"{mark} tech",
                                                         "semen_straw_id": f"{mark}-straw"}, headers=hd))["id"]
    ok(h.post(f"{t}/breeding/services/{service}/checks", json={"checked_on": day(5), "result": "positive"},
              headers=hd))
    ok(h.post(f"{t}/animals/{cow}/weights", json={"weight_kg": 512, "weighed_on": day(2)}, headers=hd))
    ok(h.post(f"{t}/activities", json={"activity_type": "feeding", "animal_id": cow, "notes": f"{mark} hay"},
              headers=hd))
    category = ok(h.post(f"{t}/expense-categories", json={"code": f"{mark}_feed", "name": f"{mark} Feed"},
                         headers=hd))["id"]
    party = ok(h.post(f"{t}/counterparties", json={"name": f"{mark} Trading", "kind": "both",
                                                   "email": f"{mark}-trading@example.test"}, headers=hd))["id"]
    expense = ok(h.post(f"{t}/expenses", headers=hd, json={
        "farm_id": farm, "category_id": category, "amount": 50, "description": f"{mark} hay bales",
        "vendor_id": party, "spent_on": day(4)}))["id"]
    product_sale = ok(h.post(f"{t}/sales/products", headers=hd, json={
        "farm_id": farm, "product": "milk", "quantity": 2, "unit": "l", "unit_price": 1.5, "buyer_id": party,
        "sold_on": day(1)}))["id"]
    animal_sale = ok(h.post(f"{t}/sales/animals", headers=hd, json={
        "animal_id": steer, "price": 700, "buyer_id": party, "sold_on": day(1), "for_slaughter": False}))["id"]
    invoice = ok(h.post(f"{t}/invoices", headers=hd, json={
        "customer_id": party, "lines": [{"description": f"{mark} cheese", "quantity": 1, "unit_price": 5}],
        "notes": f"{mark} invoice"}))["id"]
    media = ok(h.post(f"{t}/animals/{cow}/media", json={"content_type": "image/jpeg", "title": f"{mark} photo"},
                      headers=hd))["id"]
    device = ok(h.post(f"{t}/devices", headers=hd, json={
        "farm_id": farm, "device_type": "temperature_humidity_sensor", "serial_number": f"{mark.upper()}-SN-1",
        "name": f"{mark} sensor", "location_id": location}))
    device_id, key_id = device["id"], device["api_key"]["id"]
    threshold = ok(h.post(f"{t}/devices/{device_id}/thresholds", json={"metric": "temperature", "max_value": 30},
                          headers=hd))["id"]
    noon = f"{TODAY.isoformat()}T11:00:00Z"
    r = h.post("/ingest/v1/readings", headers={"authorization": f"Device {device['api_key']['key']}"},
               json=[{"metric": "temperature", "value": 35, "unit": "degC", "measured_at": noon}])
    assert r.status_code == 200 and r.json()["alerts_opened"] == 1, r.text
    ok(h.post(f"{t}/invitations", json={"email": f"{mark}-invitee-{tag}@example.test", "role": "viewer"},
              headers=hd))
    ok(h.put(f"{t}/vaccine-schedules", json={"vaccine": f"{mark}-vax", "booster_interval_days": 365}, headers=hd))
    ok(h.put(f"{t}/approval-limits", json={"role": "manager", "max_amount": 500}, headers=hd))
    ok(h.put(f"{t}/notification-preferences/birth_due", json={"email": False}, headers=hd))
    (notification,) = api.sql(
        "insert into notifications (tenant_id, user_id, channel, kind, subject, body, status, sent_at, dedupe_key) "
        "values (%s, %s, 'in_app', 'birth_due', %s, %s, 'sent', now(), %s) returning id::text",
        (tenant, owner["user"]["id"], f"{mark} birth due", f"{mark} body", f"{mark}-{tag}"))[0]

    members = {role: join(api, owner, tenant, role, f"{mark}-{role}-{tag}@example.test")
               for role in (("manager", "worker", "viewer", "removed", "deleted") if with_members else ())}
    for role in ("manager", "removed"):
        if role in members:
            ok(h.put(f"{t}/farms/{farm}/access/{members[role]['user']['id']}", headers=hd))
    for path in ("stats", "animals", "financial-summary"):  # the owner's dashboards are in the cache
        ok(h.get(f"{t}/dashboard/{path}", headers=hd))
    for role in ("removed", "deleted"):  # and theirs, while they were members
        if role in members:
            ok(h.get(f"{t}/dashboard/stats", headers=members[role]["headers"]))
    someone = members.get("manager", owner)["user"]["id"]  # a member other than the caller where there is one
    ids = {"tenant_id": tenant, "farm_id": farm, "to_farm_id": farm, "location_id": location,
           "to_location_id": location, "breed_id": breed, "animal_id": cow, "dam_id": cow, "sire_id": steer,
           "group_id": group, "record_id": record["id"], "service_id": service, "expense_id": expense,
           "category_id": category, "vendor_id": party, "buyer_id": party, "customer_id": party,
           "invoice_id": invoice, "media_id": media, "notification_id": notification, "device_id": device_id,
           "key_id": key_id, "threshold_id": threshold, "user_id": someone, "performed_by": someone}
    json_args = {"records": [{"animal_id": cow, "product": "milk", "quantity": 1, "unit": "l"}],
                 "allocate_to": [{"animal_id": cow}], "animal_sale_ids": [animal_sale],
                 "product_sale_ids": [product_sale]}
    return Tenant(tenant, owner, ids, json_args), members


def join(api: Api, owner: dict, tenant: str, role: str, email: str) -> dict:
    api_role = {"removed": "manager", "deleted": "admin"}.get(role, role)
    member = api.signup(email)
    r = api.http.post(f"/api/v1/tenants/{tenant}/invitations", json={"email": email, "role": api_role},
                      headers=owner["headers"])
    token = ok(r)["token"]
    ok(api.http.post("/api/v1/invitations/accept", json={"token": token}, headers=member["headers"]))
    return member


def attackers(api: Api, victim: Tenant, rival: Tenant, members: dict[str, dict]) -> dict[str, Attacker]:
    """Every kind of caller who must not reach the victim. The removed member is removed through the API
    (as an owner would); the deleted user is deleted from auth.users (as Supabase's admin API does)."""
    t = f"/api/v1/tenants/{victim.id}"
    removed, deleted = members["removed"], members["deleted"]
    ok(api.http.get(f"{t}/animals", headers=removed["headers"]))  # both read the victim while members
    ok(api.http.get(f"{t}/animals", headers=deleted["headers"]))
    ok(api.http.delete(f"{t}/members/{removed['user']['id']}", headers=victim.owner["headers"]))
    last = api.http.get(f"{t}/dashboard/stats", headers=deleted["headers"])  # cached for them, their last act
    ok(last)
    api.sql("delete from auth.users where id = %s", (deleted["user"]["id"],))
    stranger = api.signup(f"outsider-{uuid.uuid4().hex[:8]}@example.test")

    def user(name: str, session: dict, own_tenant: str | None = None) -> Attacker:
        claims = {"sub": session["user"]["id"], "role": "authenticated", "aud": "authenticated",
                  "email": session["email"]}
        return Attacker(name, session["headers"], session["user"]["id"], claims, own_tenant, session["email"])

    return {
        "anon": Attacker("anon", {}),
        "expired_token": Attacker("expired_token", {"Authorization": f"Bearer {dead_token(victim.owner)}"}),
        "deleted_user": Attacker("deleted_user", deleted["headers"], deleted["user"]["id"], email=deleted["email"],
                                 shown={f"{t}/dashboard/stats": last.text}),
        "non_member": user("non_member", stranger),
        "other_tenant": user("other_tenant", rival.owner, rival.id),
        "removed_member": user("removed_member", removed),
        "worker_without_farm": user("worker_without_farm", members["worker"]),
        "viewer": user("viewer", members["viewer"]),
    }


# ---------------------------------------------------------------- the superuser's view of the victim


def tenant_tables(conn: psycopg.Connection) -> list[str]:
    """Every table holding tenant rows (a tenant_id column), partitioned parents once, from the catalog."""
    rows = conn.execute("""
        select format('%I.%I', n.nspname, c.relname)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        where c.relkind in ('r', 'p') and not c.relispartition
          and n.nspname not in ('pg_catalog', 'information_schema')
        order by 1""").fetchall()
    return [name for (name,) in rows if name not in VOLATILE_TABLES]


# Victim rows outside the tenant tables: the tenant itself and its members' profiles (colleagues read them).
OTHER_SOURCES = {
    "public.tenants": "t.id = %(t)s",
    "public.profiles": "t.id in (select m.user_id from public.tenant_members m where m.tenant_id = %(t)s)",
}


class Ledger:
    """Checksums of the victim's rows per table, and what row-level security shows each attacker."""

    def __init__(self, db_url: str, tenant: str):
        self.conn = psycopg.connect(db_url, autocommit=True)
        self.tenant = tenant
        self.sources = {name: "t.tenant_id = %(t)s" for name in tenant_tables(self.conn)} | OTHER_SOURCES
        self._checksum = " union all ".join(
            f"select '{name}', md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from {name} t "
            f"where {where}" for name, where in self.sources.items())
        self.readable = self._readable_columns()

    def close(self) -> None:
        self.conn.close()

    def checksum(self) -> dict[str, str]:
        return dict(self.conn.execute(self._checksum, {"t": self.tenant}).fetchall())

    def rows(self, claims: dict | None = None) -> list[str]:
        """Every victim row as JSON text: all of them as the superuser, or, as the claims' user, what
        row-level security and column grants show them (a table they may not read shows nothing)."""
        out: list[str] = []
        with self.conn.transaction():
            if claims is not None:
                self.conn.execute("select set_config('role', 'authenticated', true), "
                                  "set_config('request.jwt.claims', %s, true)", (json.dumps(claims),))
            for name, where in self.sources.items():
                columns = self.readable[name] if claims is not None else ["*"]
                if not columns:
                    continue
                row = "to_jsonb(t)" if columns == ["*"] else "jsonb_build_object(" + ", ".join(
                    f"'{c}', t.\"{c}\"" for c in columns) + ")"
                out += [r for (r,) in self.conn.execute(f"select {row}::text from {name} t where {where}",
                                                        {"t": self.tenant}).fetchall()]
        return out

    def _readable_columns(self) -> dict[str, list[str]]:
        """The columns of each victim table that the role authenticated may select."""
        rows = self.conn.execute("""
            select format('%I.%I', n.nspname, c.relname), a.attname
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where format('%I.%I', n.nspname, c.relname) = any(%s)
              and has_schema_privilege('authenticated', n.oid, 'usage')
              and has_column_privilege('authenticated', c.oid, a.attnum, 'select')
            order by 1, a.attnum""".replace("%I", "%%I"), (list(self.sources),)).fetchall()
        readable: dict[str, list[str]] = {name: [] for name in self.sources}
        for name, column in rows:
            readable[name].append(column)
        return readable


def secrets_of(texts: list[str]) -> set[str]:
    """The ids and marked names in rows' JSON texts."""
    found: set[str] = set()
    for text in texts:
        found.update(UUID.findall(text))
        found.update(m.lower() for m in MARKED.findall(text))
    return found
