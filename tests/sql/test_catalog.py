"""The catalog keeps the security rules true for every table and function, including future ones."""

from __future__ import annotations

from tests.conftest import World

# SECURITY DEFINER api functions, each with the reason it must be one (also written above the function).
DEFINER_API_FUNCTIONS = {
    "create_tenant": "the creator is not a member yet, so no policy could admit the first membership",
    "accept_invitation": "the invitee is not a member yet, so RLS hides the invitation from them",
    # Members only read subscriptions and their invoices; these check billing.manage, then write them.
    "change_plan": "subscriptions and their invoices are written by billing code only, never by clients",
    "cancel_subscription": "subscriptions are written by billing code only, never by clients",
    "resume_subscription": "subscriptions are written by billing code only, never by clients",
}
# Reference data every client may read.
PUBLIC_REFERENCE_TABLES = {"roles", "role_permissions", "species", "species_products", "breeds", "plans",
                           "cascade_withdrawal_minimums"}


def tables(world: World) -> list[str]:
    return [r[0] for r in world.admin.execute(
        "select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace "
        "and c.relkind in ('r', 'p') order by 1")]


def tenant_scoped(world: World) -> set[str]:
    return {r[0] for r in world.admin.execute(
        "select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid "
        "where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') "
        "and a.attname = 'tenant_id' and not a.attisdropped")}


def rls_violations(world: World) -> list[str]:
    rows = world.admin.execute("""
        select c.relname, c.relrowsecurity, c.relforcerowsecurity,
               (select count(*) from pg_policy p where p.polrelid = c.oid)
        from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
    """).fetchall()
    assert rows
    return [name for name, rls, forced, n in rows if not (rls and forced and n > 0)]


def test_every_public_table_has_rls_enabled_forced_and_a_policy(world: World):
    assert rls_violations(world) == [], "tables without RLS enabled + forced + a policy"


def test_the_rls_check_catches_a_table_without_forced_rls(world: World):
    world.admin.execute("create table public.sneaky (tenant_id uuid not null, primary key (tenant_id))")
    world.admin.execute("alter table public.sneaky enable row level security")
    assert rls_violations(world) == ["sneaky"]


def test_every_policy_names_its_roles(world: World):
    rows = world.admin.execute("select tablename, policyname, roles from pg_policies where schemaname = 'public'")
    assert [(t, p) for t, p, roles in rows if "public" in roles] == []


def test_tenant_scoped_tables_use_private_helpers_in_every_policy(world: World):
    scoped = tenant_scoped(world)
    rows = world.admin.execute("""
        select tablename, policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '')
        from pg_policies where schemaname = 'public'""").fetchall()
    bad = [(t, p) for t, p, expr in rows if (t in scoped or t == "tenants") and "private." not in expr]
    assert bad == []


def test_tenant_id_is_in_every_tenant_scoped_key(world: World):
    assert {"tenant_members", "farms", "farm_access", "invitations"} <= tenant_scoped(world)
    assert key_violations(world) == []


def test_the_key_check_catches_keys_without_tenant_id(world: World):
    world.admin.execute("""
        create table public.leaky (tenant_id uuid not null references public.tenants (id), id uuid not null,
            farm_id uuid, code text, primary key (id), unique (code),
            foreign key (tenant_id, farm_id) references public.farms (tenant_id, id));
        create table public.leaky_child (tenant_id uuid not null, id uuid, leaky_id uuid references public.leaky (id),
            primary key (tenant_id, id))""")
    found = {v[:2] for v in key_violations(world)}
    assert found == {("leaky", "leaky_pkey"), ("leaky", "leaky_code_key"), ("leaky_child", "leaky_child_leaky_id_fkey")}


def key_violations(world: World) -> list[tuple]:
    scoped = tenant_scoped(world)
    not_null = world.admin.execute("""
        select c.relname from pg_attribute a join pg_class c on c.oid = a.attrelid
        where c.relnamespace = 'public'::regnamespace and a.attname = 'tenant_id' and not a.attnotnull
          and c.relkind in ('r', 'p')""").fetchall()
    assert not_null == []
    keys = world.admin.execute("""
        select c.relname, con.conname, con.contype,
               array(select a.attname from unnest(con.conkey) k join pg_attribute a
                     on a.attrelid = con.conrelid and a.attnum = k)::text[],
               ref.relname,
               array(select a.attname from unnest(con.confkey) k join pg_attribute a
                     on a.attrelid = con.confrelid and a.attnum = k)::text[]
        from pg_constraint con
        join pg_class c on c.oid = con.conrelid
        left join pg_class ref on ref.oid = con.confrelid
        where c.relnamespace = 'public'::regnamespace and con.contype in ('p', 'u', 'f')
    """).fetchall()
    bad = []
    for table, name, kind, cols, ref, ref_cols in keys:
        if table not in scoped:
            if kind == "f" and ref in scoped:
                bad.append((table, name, "non-tenant table references a tenant-scoped one"))
            continue
        if kind in ("p", "u") and "tenant_id" not in cols:
            bad.append((table, name, cols))
        if kind == "f" and ref in scoped and not ("tenant_id" in cols and "tenant_id" in ref_cols
                                                  and cols.index("tenant_id") == ref_cols.index("tenant_id")):
            bad.append((table, name, cols, ref, ref_cols))
        if kind == "f" and ref == "tenants" and cols != ["tenant_id"]:
            bad.append((table, name, cols, ref))
    unique_indexes = world.admin.execute("""
        select c.relname, i.relname, pg_get_indexdef(i.oid)
        from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
        where c.relnamespace = 'public'::regnamespace and x.indisunique""").fetchall()
    bad += [(t, i) for t, i, d in unique_indexes
            if t in scoped and "tenant_id" not in d and (t, i) not in {(b[0], b[1]) for b in bad}]
    return bad


def test_api_functions_are_invoker_unless_documented(world: World):
    rows = world.admin.execute("""
        select p.proname, p.prosecdef, coalesce(p.proconfig, '{}')
        from pg_proc p where p.pronamespace = 'api'::regnamespace""").fetchall()
    definers = {name: config for name, secdef, config in rows if secdef}
    assert set(definers) == set(DEFINER_API_FUNCTIONS)
    for name, config in definers.items():
        assert 'search_path=""' in config, name


def test_every_security_definer_function_pins_its_search_path(world: World):
    rows = world.admin.execute("""
        select n.nspname || '.' || p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
          and not coalesce(p.proconfig, '{}') @> array['search_path=""']""").fetchall()
    assert rows == []


def test_every_api_function_has_a_summary(world: World):
    rows = world.admin.execute("""
        select p.proname from pg_proc p where p.pronamespace = 'api'::regnamespace
          and coalesce(obj_description(p.oid, 'pg_proc'), '') = ''""").fetchall()
    assert rows == []


def test_no_function_is_executable_by_public(world: World):
    rows = world.admin.execute("""
        select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname not in ('pg_catalog', 'information_schema', 'public')
          and (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0))""").fetchall()
    assert rows == []


def test_anon_reaches_only_reference_data_and_whoami(world: World):
    table_privs = world.admin.execute("""
        select table_name, privilege_type from information_schema.role_table_grants
        where grantee = 'anon' and table_schema = 'public'""").fetchall()
    assert {t for t, _ in table_privs} <= PUBLIC_REFERENCE_TABLES
    assert {p for _, p in table_privs} <= {"SELECT"}
    callable_api = [r[0] for r in world.admin.execute("""
        select p.proname from pg_proc p where p.pronamespace = 'api'::regnamespace
          and has_function_privilege('anon', p.oid, 'EXECUTE')""")]
    assert callable_api == ["whoami"]


def test_authenticator_can_become_only_the_three_api_roles(world: World):
    granted = {r[0] for r in world.admin.execute("""
        select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid
        join pg_roles u on u.oid = m.member where u.rolname = 'authenticator'""")}
    assert granted == {"anon", "authenticated", "service_role"}
    attrs = world.admin.execute("""
        select rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolbypassrls from pg_roles
        where rolname = 'authenticator'""").fetchone()
    assert attrs == (False, False, False, False, False)


def test_role_statement_timeouts_are_set_as_on_supabase(world: World):
    rows = dict(world.admin.execute("""
        select r.rolname, s.setconfig from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
        where r.rolname in ('anon', 'authenticated') and s.setdatabase = 0""").fetchall())
    assert "statement_timeout=3s" in rows["anon"] and "statement_timeout=8s" in rows["authenticated"]


def test_every_route_calls_an_api_function_that_takes_its_path_parameters(world: World):
    import re

    from app.routes.table import ROUTES

    functions = {name: set(args or []) for name, args in world.admin.execute(
        "select proname, proargnames from pg_proc where pronamespace = 'api'::regnamespace")}
    problems = []
    for route in ROUTES:
        if route.function not in functions:
            problems.append((route.method, route.path, "no such function"))
            continue
        params = set(re.findall(r"<(\w+):", route.path))
        if not params <= functions[route.function]:
            problems.append((route.method, route.path, sorted(params - functions[route.function])))
    assert problems == []
    assert len({(r.method, r.path) for r in ROUTES}) == len(ROUTES), "a method and path appear twice"


def test_every_tenant_scoped_table_refuses_writes_from_an_inactive_tenant(world: World):
    """A suspended, expired or cancelled tenant is read-only: each table with a tenant_id carries the
    three statement triggers (insert, update, delete), except the billing tables it needs to pay."""
    rows = world.admin.execute("""
        select c.relname, count(t.tgname)
        from pg_class c
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        left join pg_trigger t on t.tgrelid = c.oid and t.tgname like 'refuse_%_when_inactive'
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
          and c.relname <> all (private.writable_when_inactive())
        group by c.relname""").fetchall()
    assert len(rows) > 25
    assert [name for name, triggers in rows if triggers != 3] == []


# ---------------------------------------------------------------- static check of every PL/pgSQL function

# Every PL/pgSQL function of iFarm's schemas, and every trigger function once per table it is attached to
# (with that trigger's transition tables), through plpgsql_check. Errors and warnings fail; "extra"
# warnings (an unused variable) and performance hints do not, and neither does a parameter named after a
# reserved word (`limit`, `offset`, `from`, `to`: the API's query-string names, on purpose).
PLPGSQL_CHECK = """
    with targets as (
        select p.oid, 0::oid as rel, null::name as newt, null::name as oldt
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.prolang = (select oid from pg_language where lanname = 'plpgsql')
          and n.nspname in ('api', 'private', 'outbox', 'audit', 'auth', 'storage')
          and p.prorettype <> 'trigger'::regtype
        union
        select t.tgfoid, t.tgrelid, t.tgnewtable, t.tgoldtable
        from pg_trigger t join pg_proc p on p.oid = t.tgfoid join pg_namespace n on n.oid = p.pronamespace
        where not t.tgisinternal and p.prolang = (select oid from pg_language where lanname = 'plpgsql')
          and n.nspname in ('api', 'private', 'outbox', 'audit', 'auth', 'storage'))
    select t.oid::regprocedure::text, t.rel::regclass::text, c.lineno, c.level, c.message
    from targets t
    cross join lateral plpgsql_check_function_tb(t.oid, t.rel, newtable => t.newt, oldtable => t.oldt,
                                                 other_warnings => true) c
    where c.level in ('error', 'warning') and c.message not like 'name of parameter "%%" is reserved keyword'
    order by 1, 2, 3"""


def test_plpgsql_check_would_catch_a_function_naming_a_missing_column(world15: World):
    world15.admin.execute("create extension if not exists plpgsql_check")
    world15.admin.execute("create function private.broken() returns int language plpgsql as "
                          "$$ begin return (select no_such_column from public.farms limit 1); end $$")
    found = world15.admin.execute(PLPGSQL_CHECK).fetchall()
    assert [(f, level) for f, _, _, level, _ in found] == [("private.broken()", "error")]


def test_plpgsql_check_finds_nothing_wrong_in_any_function(world15: World):
    """PostgreSQL 15 only: Debian packages plpgsql_check for it (`.ci/run` installs it); nothing packages it
    for the embedded PostgreSQL 18 (see the README)."""
    world15.admin.execute("create extension if not exists plpgsql_check")
    checked = world15.admin.execute("select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
                                    "where n.nspname in ('api', 'private', 'outbox', 'audit') "
                                    "and p.prolang = (select oid from pg_language where lanname = 'plpgsql')"
                                    ).fetchone()[0]
    assert checked > 150
    assert world15.admin.execute(PLPGSQL_CHECK).fetchall() == []
