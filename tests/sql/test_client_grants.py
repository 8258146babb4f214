"""What Supabase clients may do to each table of schema `public`, straight through /rest/v1 or on the
Supabase backup: the grants, pinned as data. RLS then narrows every privilege to the caller's tenants,
farms and role, and the triggers hold direct writes to the same rules as the API (tests/api/test_rest.py).

A change here is a decision: a new table needs its row (and the README's table of client privileges)."""

from __future__ import annotations

from tests.conftest import World

# table: (anon, authenticated), each a subset of "SIUD" (Select, Insert, Update, Delete; column-level
# grants count). Decisions behind it:
#  - anon reads reference data only (species, breeds, plans, roles, withdrawal minimums);
#  - members write the livestock, health, production, breeding and finance records their role allows,
#    with column-level INSERT/UPDATE grants (no client sets ids of other tenants' rows, computed totals,
#    invoice numbers or statuses that only triggers may move);
#  - nobody writes invoice numbers (invoice_counters), billing (subscriptions, subscription_invoices,
#    payment_attempts, usage_metrics), notifications, the dashboard summaries or production revisions:
#    jobs, triggers and security-definer functions do; a member only marks their own in-app notices read
#    (UPDATE of read_at, narrowed by the policy);
#  - devices are registered and changed by device managers (RLS); a key is only ever revoked directly
#    (UPDATE of revoked_at, revoked_by): keys are made by api.create_device_key, which shows one once;
#    readings, their rollups, the latest values, threshold states and alerts are written by the ingest
#    call only; device types and metrics are reference data;
#  - members keep their own notification preferences, health writers the vaccine schedules, and media
#    rows follow private.media_allowed (RLS);
#  - animals, farms, locations and groups are deleted softly (UPDATE deleted_at), so they keep their
#    history: no DELETE grant; tenants are deleted by their owner (RLS), which removes every row.
CLIENT_PRIVILEGES: dict[str, tuple[str, str]] = {
    "activities": ("", "SI"),
    "animal_counts": ("", "S"),
    "animal_groups": ("", "SIU"),
    "animal_movements": ("", "SI"),
    "animal_sales": ("", "SI"),
    "animal_tags": ("", "SID"),
    "animal_weights": ("", "SID"),
    "animals": ("", "SIU"),
    "approval_limits": ("", "SIUD"),
    "births": ("", "SI"),
    "breeding_services": ("", "SI"),
    "breeds": ("S", "S"),
    "cascade_withdrawal_minimums": ("S", "S"),
    "counterparties": ("", "SIU"),
    "device_alerts": ("", "S"),
    "device_keys": ("", "SU"),
    "device_latest_readings": ("", "S"),
    "device_metrics": ("S", "S"),
    "device_readings": ("", "S"),
    "device_readings_daily": ("", "S"),
    "device_readings_hourly": ("", "S"),
    "device_threshold_states": ("", "S"),
    "device_thresholds": ("", "SIUD"),
    "device_types": ("S", "S"),
    "devices": ("", "SIU"),
    "expense_allocations": ("", "SID"),
    "expense_categories": ("", "SI"),
    "expenses": ("", "SIUD"),
    "farm_access": ("", "SID"),
    "farms": ("", "SIU"),
    "group_count_events": ("", "SI"),
    "health_checks": ("", "SI"),
    "invitations": ("", "SID"),
    "invoice_counters": ("", "S"),
    "invoice_lines": ("", "SID"),
    "invoices": ("", "SIUD"),
    "lactations": ("", "SU"),
    "locations": ("", "SIU"),
    "media_files": ("", "SIUD"),
    "notification_preferences": ("", "SIUD"),
    "notifications": ("", "SU"),
    "open_lactation_counts": ("", "S"),
    "payment_attempts": ("", "S"),
    "payments": ("", "SI"),
    "plans": ("S", "S"),
    "pregnancy_checks": ("", "SI"),
    "product_sales": ("", "SI"),
    "production_daily_totals": ("", "S"),
    "production_record_revisions": ("", "S"),
    "production_records": ("", "SIU"),
    "profiles": ("", "SIU"),
    "role_permissions": ("S", "S"),
    "roles": ("S", "S"),
    "schema_version": ("", ""),
    "species": ("S", "S"),
    "species_products": ("S", "S"),
    "subscription_invoices": ("", "S"),
    "subscriptions": ("", "S"),
    "tenant_breeds": ("", "SI"),
    "tenant_members": ("", "SUD"),
    "tenants": ("", "SUD"),
    "treatments": ("", "SI"),
    "usage_metrics": ("", "S"),
    "vaccinations": ("", "SI"),
    "vaccine_schedules": ("", "SIUD"),
}

_GRANTED = """
with t as (select c.oid, c.relname from pg_class c
           where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition)
select t.relname, r.role, string_agg(v.letter, '' order by v.n)
from t cross join (values ('anon'), ('authenticated')) r(role)
cross join (values (1, 'S', 'SELECT'), (2, 'I', 'INSERT'), (3, 'U', 'UPDATE'), (4, 'D', 'DELETE')) v(n, letter, priv)
where has_table_privilege(r.role, t.oid, v.priv)
   or (v.priv <> 'DELETE' and has_any_column_privilege(r.role, t.oid, v.priv))
group by t.relname, r.role
"""


def granted(world: World) -> dict[str, tuple[str, str]]:
    tables = {r[0] for r in world.admin.execute(
        "select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p', 'v', 'm')"
        " and not relispartition").fetchall()}
    out = {t: ["", ""] for t in tables}
    for table, role, letters in world.admin.execute(_GRANTED).fetchall():
        out[table][0 if role == "anon" else 1] = letters
    return {t: tuple(v) for t, v in out.items()}


def test_client_privileges_on_every_public_table_are_the_decided_ones(world: World):
    actual = granted(world)
    missing = sorted(set(actual) - set(CLIENT_PRIVILEGES))
    assert not missing, f"decide what clients may do with {missing}: add them to CLIENT_PRIVILEGES"
    assert {t: actual[t] for t in CLIENT_PRIVILEGES if t in actual} == CLIENT_PRIVILEGES


def test_the_privilege_check_sees_a_new_grant(world: World):
    world.admin.execute("grant insert on public.invoice_counters to authenticated")
    assert granted(world)["invoice_counters"] == ("", "SI")


def test_the_service_role_may_do_everything_and_bypasses_rls(world: World):
    row = world.admin.execute("select rolbypassrls from pg_roles where rolname = 'service_role'").fetchone()
    assert row == (True,)
    lacking = world.admin.execute("""
        select c.relname from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.relname <> 'schema_version'
          and not (has_table_privilege('service_role', c.oid, 'SELECT')
                   and has_table_privilege('service_role', c.oid, 'INSERT'))""").fetchall()
    assert lacking == []
