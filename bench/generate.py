"""`ifarm bench generate --scale S|M|L`: benchmark data, built with set-based SQL.

| scale | tenants | animals | production rows |
|---|---|---|---|
| S | 10 | 5,000 | 100,000 |
| M | 100 | 50,000 | 1,000,000 |
| L | 1,000 | 500,000 | 10,000,000 |

Tenant sizes are skewed (weight i^-0.9): at scale L the largest tenant has about 48,000 animals and
the median about 180. Every tenant has an owner (`bench-owner-<n>@bench.ifarm`, password
`bench-password`), farms (one per 2,500 animals, at most 20), cattle, goats and sheep with tags and
birth dates, a laying flock, and daily milk (am/pm) and egg records going back from today. The
dashboard summaries are rebuilt at the end (private.rebuild_dashboard_counters).

The rows are valid by construction; they are inserted with `session_replication_role = replica`
(triggers and foreign-key checks off) because per-row triggers would make scale L take hours. It
therefore needs a superuser connection: DATABASE_URL, the database of a running `ifarm up`, or else
the embedded PostgreSQL under .ifarm/, started for the run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import Config  # noqa: E402

SCALES = {"S": (10, 5_000, 100_000), "M": (100, 50_000, 1_000_000), "L": (1_000, 500_000, 10_000_000)}
SKEW = 0.9


def progress(label: str, done: int, total: int, started: float) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.monotonic() - started, 1e-6)
    sys.stderr.write(f"\r{label:<12} [{'#' * filled}{'.' * (width - filled)}] {done:>11,}/{total:,} "
                     f"{rate:>10,.0f}/s")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


SETUP = """
create temp table bench_sizes as
with w as (select i, power(i, -%(skew)s) as w from generate_series(1, %(tenants)s) i)
select i, greatest(1, round(%(animals)s * w / sum(w) over ()))::int as animals,
       greatest(1, least(20, ceil(round(%(animals)s * w / sum(w) over ()) / 2500.0)))::int as farms,
       gen_random_uuid() as tenant_id, gen_random_uuid() as owner_id
from w;
"""

STEPS = [
    ("users", """
        insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
            raw_user_meta_data, created_at, updated_at)
        select owner_id, 'authenticated', 'authenticated', 'bench-owner-' || i || '@bench.ifarm', %(hash)s, now(),
               '{"provider": "email", "providers": ["email"]}', '{}', now(), now()
        from bench_sizes"""),
    ("tenants", """
        insert into public.tenants (id, name, slug, country, currency, timezone, created_by)
        select tenant_id, 'Bench Farm ' || i, 'bench-' || lpad(i::text, 5, '0'), 'KE', 'KES', 'Africa/Nairobi',
               owner_id
        from bench_sizes;
        insert into public.subscriptions (tenant_id, plan_code, status, current_period_start, current_period_end,
            next_billing_on)
        select tenant_id, 'enterprise', 'active', current_date, current_date + 30, current_date + 30
        from bench_sizes"""),
    ("members", """
        insert into public.tenant_members (tenant_id, user_id, role)
        select tenant_id, owner_id, 'owner' from bench_sizes;
        insert into public.profiles (id, email, full_name)
        select owner_id, 'bench-owner-' || i || '@bench.ifarm', 'Bench Owner ' || i from bench_sizes"""),
    ("farms", """
        insert into public.farms (tenant_id, name, farm_type)
        select s.tenant_id, 'Farm ' || f, case when f = 1 then 'dairy' else 'mixed' end
        from bench_sizes s cross join lateral generate_series(1, s.farms) f;
        create temp table bench_farms as
        select tenant_id, array_agg(id order by name) as ids from public.farms
        where tenant_id in (select tenant_id from bench_sizes) group by tenant_id"""),
]

ANIMALS = """
insert into public.animals (tenant_id, farm_id, tag_number, species, sex, birth_date, acquisition, estimated_value)
select s.tenant_id, bf.ids[1 + g %% s.farms], 'B-' || lpad(g::text, 6, '0'),
       case when g %% 10 < 7 then 'cattle' when g %% 10 < 9 then 'goat' else 'sheep' end,
       case when g %% 20 = 0 then 'male' else 'female' end,
       current_date - 300 - (hashtext(s.i || '-' || g) & 2047), 'born',
       case when g %% 10 < 7 then 80000 else 12000 end + (hashtext(g::text) & 4095)
from bench_sizes s
join bench_farms bf on bf.tenant_id = s.tenant_id
cross join lateral generate_series(1, s.animals) g
where s.i between %(lo)s and %(hi)s
"""

FLOCKS = """
insert into public.animal_groups (tenant_id, farm_id, name, species, purpose, started_on, female_count)
select s.tenant_id, bf.ids[1], 'Layer Flock', 'chicken', 'layers', current_date - 400,
       greatest(50, s.animals / 4)
from bench_sizes s join bench_farms bf on bf.tenant_id = s.tenant_id;
insert into public.group_count_events (tenant_id, group_id, event_type, occurred_on, female_delta, note)
select g.tenant_id, g.id, 'addition', g.started_on, g.female_count, 'bench'
from public.animal_groups g where g.tenant_id in (select tenant_id from bench_sizes);
create temp table bench_production as
select s.i, s.tenant_id, m.milkers,
       greatest(1, ceil(%(rows)s::numeric * 0.95 * s.animals / sum(s.animals) over () / (2 * m.milkers)))::int as days,
       greatest(1, round(%(rows)s::numeric * 0.05 * s.animals / sum(s.animals) over ()))::int as egg_days
from bench_sizes s
join (select a.tenant_id, count(*) as milkers from public.animals a
      where a.sex = 'female' and a.species in ('cattle', 'goat') group by a.tenant_id) m on m.tenant_id = s.tenant_id;
"""

# Per tenant: each milking female twice a day (am, pm) for the last `days` days, and one egg
# record a day for the flock for the last `egg_days` days: about 95% milk and 5% eggs.
PRODUCTION = """
insert into public.production_records (tenant_id, farm_id, animal_id, product, quantity, unit, recorded_on,
    session, recorded_by)
select a.tenant_id, a.farm_id, a.id, 'milk', 6 + (hashtext(a.id::text || d) & 1023) / 100.0, 'l',
       current_date - d, s.session, bs.owner_id
from bench_production p
join bench_sizes bs on bs.tenant_id = p.tenant_id
join public.animals a on a.tenant_id = p.tenant_id and a.sex = 'female' and a.species in ('cattle', 'goat')
cross join generate_series(0, p.days - 1) d
cross join (values ('am'), ('pm')) s (session)
where p.i between %(lo)s and %(hi)s;
insert into public.production_records (tenant_id, farm_id, group_id, product, quantity, unit, recorded_on,
    recorded_by)
select g.tenant_id, g.farm_id, g.id, 'eggs', round(g.female_count * 0.8) + (d & 31), 'count', current_date - d,
       bs.owner_id
from bench_production p
join bench_sizes bs on bs.tenant_id = p.tenant_id
join public.animal_groups g on g.tenant_id = p.tenant_id and g.name = 'Layer Flock'
cross join generate_series(0, p.egg_days - 1) d
where p.i between %(lo)s and %(hi)s
"""


def connect_url(config: Config) -> tuple[str, object]:
    """DATABASE_URL, else the database of a running `ifarm up`, else the embedded one started now."""
    if config.database_url:
        return config.database_url, None
    state = config.data_dir / "state.json"
    if state.exists():
        return json.loads(state.read_text())["database_url"], None
    from app.cli import _remember_port, _remembered_port
    from app.embedded import EmbeddedPostgres
    from app.migrate import migrate

    config.data_dir.mkdir(parents=True, exist_ok=True)
    pg = EmbeddedPostgres(config.pg_dir, port=_remembered_port(config, "postgres")).start()
    _remember_port(config, "postgres", pg.url)
    migrate(pg.url)
    return pg.url, pg


def chunks(conn: psycopg.Connection, total_tenants: int, weights: list[int], per_chunk: int):
    """Tenant index ranges whose summed weight is about per_chunk (the largest tenants alone)."""
    lo, acc = 1, 0
    for i in range(1, total_tenants + 1):
        acc += weights[i - 1]
        if acc >= per_chunk or i == total_tenants:
            yield lo, i, acc
            lo, acc = i + 1, 0


def generate(url: str, scale: str, reset: bool) -> None:
    from argon2 import PasswordHasher

    tenants, animals, rows = SCALES[scale]
    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("select exists (select 1 from tenants where slug like 'bench-%')").fetchone()[0]:
            if not reset:
                raise SystemExit("bench data exists; pass --reset to replace it")
            t = time.monotonic()
            conn.execute("set session_replication_role = replica")
            for table in ("production_records", "group_count_events", "animal_groups", "animal_tags", "animals",
                          "farm_access", "farms", "tenant_members", "profiles"):
                conn.execute(f"delete from public.{table} where " + (
                    "id in (select id from auth.users where email like 'bench-owner-%')" if table == "profiles"
                    else "tenant_id in (select id from tenants where slug like 'bench-%')"))
            conn.execute("delete from tenants where slug like 'bench-%'")
            conn.execute("delete from auth.users where email like 'bench-owner-%'")
            conn.execute("set session_replication_role = origin")
            print(f"removed earlier bench data in {time.monotonic() - t:.1f} s", file=sys.stderr)
        conn.execute("set session_replication_role = replica")
        conn.execute("set synchronous_commit = off")
        conn.execute(SETUP, {"skew": SKEW, "tenants": tenants, "animals": animals})
        password = PasswordHasher().hash("bench-password")
        for label, sql in STEPS:
            t = time.monotonic()
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(statement, {"hash": password} if "%(hash)s" in statement else None)
            progress(label, 1, 1, t)
        weights = [r[0] for r in conn.execute("select animals from bench_sizes order by i")]
        t, done = time.monotonic(), 0
        for lo, hi, n in chunks(conn, tenants, weights, 50_000):
            conn.execute(ANIMALS, {"lo": lo, "hi": hi})
            done += n
            progress("animals", done, sum(weights), t)
        conn.execute("""insert into public.animal_tags (tenant_id, animal_id, kind, value)
                        select tenant_id, id, 'eid', '982' || lpad(abs(hashtext(id::text))::text, 12, '0')
                        from public.animals where tenant_id in (select tenant_id from bench_sizes)
                        on conflict do nothing""")
        for statement in filter(str.strip, FLOCKS.split(";")):
            conn.execute(statement, {"rows": rows} if "%(rows)s" in statement else None)
        per_tenant = [r[0] for r in conn.execute(
            "select 2 * milkers * days + egg_days from bench_production order by i")]
        t, done = time.monotonic(), 0
        for lo, hi, n in chunks(conn, tenants, per_tenant, 250_000):
            for statement in PRODUCTION.split(";"):
                conn.execute(statement, {"lo": lo, "hi": hi})
            done += n
            progress("production", done, sum(per_tenant), t)
        conn.execute("set session_replication_role = origin")
        t = time.monotonic()
        conn.execute("analyze")
        progress("analyze", 1, 1, t)
        # The rows went in with triggers off: recompute the dashboard summaries and refresh their views.
        t = time.monotonic()
        conn.execute("select private.rebuild_dashboard_counters(), private.refresh_dashboard_views()")
        conn.execute("analyze public.animal_counts, public.production_daily_totals, public.open_lactation_counts")
        progress("dashboards", 1, 1, t)
        largest = conn.execute("select i, animals from bench_sizes order by animals desc limit 1").fetchone()
        median = conn.execute("select percentile_disc(0.5) within group (order by animals) from bench_sizes").fetchone()
        counts = conn.execute("""select (select count(*) from animals a join bench_sizes s using (tenant_id)),
                                        (select count(*) from production_records p join bench_sizes s using (tenant_id))
                              """).fetchone()
    elapsed = time.monotonic() - started
    print(f"scale {scale}: {tenants:,} tenants, {counts[0]:,} animals, {counts[1]:,} production rows in "
          f"{elapsed:.1f} s ({(counts[0] + counts[1]) / elapsed:,.0f} rows/s); largest tenant bench-{largest[0]:05} "
          f"with {largest[1]:,} animals, median {median[0]:,}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ifarm bench generate")
    p.add_argument("--scale", choices=sorted(SCALES), default="S")
    p.add_argument("--reset", action="store_true", help="replace earlier bench data")
    args = p.parse_args(argv)
    config = Config()
    url, server = connect_url(config)
    try:
        generate(url, args.scale, args.reset)
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
