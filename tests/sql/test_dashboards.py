"""Dashboards: every number equals a direct computation from the base tables, on the caller's farms only;
summary counters follow writes and rebuild; the views refresh concurrently without blocking readers."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

import psycopg
import pytest
from psycopg.types.json import set_json_loads

from tests.conftest import Actor, World, conn_dsn
from tests.sql.test_animals import refused

decimal_json = partial(json.loads, parse_float=Decimal)


def actor_of(world: World, user_id) -> Actor:
    email = world.admin.execute("select email from auth.users where id = %s", (user_id,)).fetchone()[0]
    return Actor(world.api_conn, {"sub": str(user_id), "role": "authenticated", "aud": "authenticated", "email": email})


def rows(world: World, query: str, params=None) -> list:
    return world.admin.execute(query, params).fetchall()


def one(world: World, query: str, params=None):
    return world.admin.execute(query, params).fetchone()[0]


def build_demo(world: World) -> tuple:
    """The demo tenant (two farms; the worker is granted the dairy only) plus exits, a soft delete, pigs with
    weights on the poultry farm, a second calving per dam for intervals, a flock treatment withholding today's
    eggs, activities, an animal sale and an approved expense this month; views refreshed."""
    set_json_loads(decimal_json, world.api_conn)
    tenant = str(one(world, "select private.seed_demo('owner@demo.test', 'x')"))
    owner = actor_of(world, one(world, "select user_id from tenant_members where tenant_id = %s and role = 'owner'",
                                (tenant,)))
    worker = actor_of(world, one(world, "select user_id from tenant_members where tenant_id = %s and role = 'worker'",
                                 (tenant,)))
    dairy, poultry = (one(world, "select id from farms where tenant_id = %s and name = %s", (tenant, name))
                      for name in ("Green Valley Dairy", "Hilltop Poultry"))
    a = world.admin
    a.execute("update animals set status = 'deceased', exit_date = private.today() - 3 where tenant_id = %s "
              "and tag_number = 'GV-0119'", (tenant,))
    a.execute("update animals set status = 'culled', exit_date = private.today() - 40 where tenant_id = %s "
              "and tag_number = 'GV-0117'", (tenant,))
    a.execute("update animals set deleted_at = now() where tenant_id = %s and tag_number = 'GT-0079'", (tenant,))
    a.execute("insert into animals (tenant_id, farm_id, tag_number, species, sex, birth_date) values "
              "(%(t)s, %(f)s, 'HP-PIG1', 'pig', 'female', private.today() - 200), "
              "(%(t)s, %(f)s, 'HP-PIG2', 'pig', 'male', private.today() - 190)", {"t": tenant, "f": poultry})
    a.execute("""insert into animal_weights (tenant_id, animal_id, weighed_on, weight_kg)
                 select a.tenant_id, a.id, private.today() - w.ago, w.kg from animals a
                 join (values ('HP-PIG1', 20, 40.0), ('HP-PIG1', 5, 52.5), ('HP-PIG2', 25, 30.0), ('HP-PIG2', 1, 45.2),
                              ('HP-PIG2', 60, 21.0)) w (tag, ago, kg) on w.tag = a.tag_number
                 where a.tenant_id = %s""", (tenant,))
    # Earlier calvings, loaded as history (no triggers: no lactations, no status changes).
    a.execute("set session_replication_role = replica")
    a.execute("""insert into births (tenant_id, farm_id, dam_id, born_on, offspring_count)
                 select b.tenant_id, b.farm_id, b.dam_id,
                        b.born_on - (360 + (row_number() over (order by b.dam_id))::int), 1
                 from births b where b.tenant_id = %s""", (tenant,))
    a.execute("set session_replication_role = origin")
    flock = one(world, "select id from animal_groups where tenant_id = %s and purpose = 'layers'", (tenant,))
    a.execute("insert into treatments (tenant_id, group_id, medicine, course_start, course_end, eggs_withdrawal_hours) "
              "values (%s, %s, 'Tylosin', private.today() - 1, private.today(), 120)", (tenant, flock))
    cow = one(world, "select id from animals where tenant_id = %s and tag_number = 'GV-0002'", (tenant,))
    a.execute("""insert into activities (tenant_id, animal_id, group_id, activity_type, performed_at, performed_by)
                 values (%(t)s, %(cow)s, null, 'milking', private.now() - interval '1 hour', %(w)s),
                        (%(t)s, null, %(flock)s, 'feeding', private.now() - interval '2 hours', %(w)s),
                        (%(t)s, %(cow)s, null, 'cleaning', private.now() - interval '3 days', null),
                        (%(t)s, null, %(flock)s, 'cleaning', private.now() - interval '30 minutes', null)""",
              {"t": tenant, "cow": cow, "flock": flock, "w": worker.id})
    a.execute("insert into animal_sales (tenant_id, animal_id, sold_on, price, for_slaughter) "
              "select tenant_id, id, private.today() - 2, 95000, false from animals "
              "where tenant_id = %s and tag_number = 'GV-0118'", (tenant,))
    feed = one(world, "select id from expense_categories where tenant_id = %s and code = 'feed'", (tenant,))
    expense = one(world, "insert into expenses (tenant_id, farm_id, category_id, amount, spent_on, description) "
                         "values (%s, %s, %s, 4200, private.today(), 'layer mash') returning id",
                  (tenant, poultry, feed))
    a.execute("update expenses set status = 'submitted' where id = %s", (expense,))
    a.execute("update expenses set status = 'approved' where id = %s", (expense,))
    a.execute("select private.refresh_dashboard_views()")
    today = one(world, "select private.tenant_today(%s)", (tenant,))
    assert today == world.today
    return world, tenant, owner, worker, [dairy, poultry], [dairy], today


@pytest.fixture
def demo(world: World):
    return build_demo(world)


def farms_of(demo, who: str) -> tuple[Actor, list]:
    _, _, owner, worker, all_farms, dairy_only, _ = demo
    return (owner, all_farms) if who == "owner" else (worker, dairy_only)


# ---------------------------------------------------------------- direct computations from the base tables


def expected_stats(world: World, tenant, farms, today, with_finance: bool) -> dict:
    p = {"t": tenant, "f": farms, "d": today}
    animals = rows(world, """select species, status, count(*), sum(estimated_value), count(*) - count(estimated_value)
                             from animals where tenant_id = %(t)s and deleted_at is null and farm_id = any(%(f)s)
                             group by 1, 2""", p)
    by_status, by_species = {}, {}
    for species, status, n, _, _ in animals:
        by_status[status] = by_status.get(status, 0) + n
        s = by_species.setdefault(species, {"active": 0, "total": 0})
        s["total"] += n
        s["active"] += n if status == "active" else 0
    active = [r for r in animals if r[1] == "active"]
    milk = rows(world, """select unit, sum(quantity), coalesce(sum(quantity) filter (where is_withheld), 0)
                          from production_records where tenant_id = %(t)s and recorded_on = %(d)s and product = 'milk'
                            and farm_id = any(%(f)s) group by 1 order by 1""", p)
    eggs, eggs_withheld = world.admin.execute(
        """select coalesce(sum(quantity), 0), coalesce(sum(quantity) filter (where is_withheld), 0)
           from production_records where tenant_id = %(t)s and recorded_on = %(d)s and product = 'eggs'
             and farm_id = any(%(f)s)""", p).fetchone()
    cows = one(world, """select count(*) from lactations l
                         join animals a on a.tenant_id = l.tenant_id and a.id = l.animal_id
                         where l.tenant_id = %(t)s and a.species = 'cattle' and l.started_on <= %(d)s
                           and (l.dried_off_on is null or l.dried_off_on >= %(d)s) and l.farm_id = any(%(f)s)""", p)
    cattle_milk = rows(world, """select r.unit, sum(r.quantity), round(sum(r.quantity) / nullif(%(cows)s, 0), 2)
                                 from production_records r
                                 join animals a on a.tenant_id = r.tenant_id and a.id = r.animal_id
                                 where r.tenant_id = %(t)s and r.recorded_on = %(d)s and r.product = 'milk'
                                   and a.species = 'cattle' and r.farm_id = any(%(f)s) group by 1 order by 1""",
                       {**p, "cows": cows})
    withdrawal = ("greatest(tr.meat_clear_on, tr.milk_clear_on, tr.eggs_clear_on) > %(d)s "
                  "and tr.course_start <= %(d)s")
    groups = world.admin.execute(
        f"""select count(*), coalesce(sum(female_count + male_count + unknown_count), 0),
                   count(*) filter (where exists (select 1 from treatments tr
                                                  where tr.group_id = g.id and {withdrawal}))
            from animal_groups g where g.tenant_id = %(t)s and g.deleted_at is null and g.farm_id = any(%(f)s)""",
        p).fetchone()
    result = {
        "today": today.isoformat(),
        "farms": len(farms),
        "animals": {
            "total": sum(r[2] for r in animals), "active": sum(r[2] for r in active),
            "herd_value": sum((r[3] or Decimal(0)) for r in active), "unvalued": sum(r[4] for r in active),
            "by_status": by_status, "by_species": by_species,
            "in_withdrawal": one(world, f"""select count(distinct a.id) from treatments tr
                                            join animals a on a.tenant_id = tr.tenant_id and a.id = tr.animal_id
                                            where tr.tenant_id = %(t)s and {withdrawal} and a.status = 'active'
                                              and a.deleted_at is null and a.farm_id = any(%(f)s)""", p),
        },
        "groups": {"count": groups[0], "heads": groups[1], "in_withdrawal": groups[2]},
        "breeding": {
            "births_due_30_days": one(world, """select count(*) from breeding_services where tenant_id = %(t)s
                                                and status in ('served', 'confirmed') and farm_id = any(%(f)s)
                                                and expected_due_on <= %(d)s + 30""", p),
        },
        "production": {
            "milk_today": [{"unit": u, "quantity": q, "withheld": w} for u, q, w in milk],
            "eggs_today": eggs, "eggs_withheld_today": eggs_withheld,
            "milk_per_lactating_cow": {"cows_in_lactation": cows, "milk": [
                {"unit": u, "quantity": q, "per_cow": per_cow} for u, q, per_cow in cattle_milk if q > 0]},
        },
    }
    if with_finance:
        month = today.replace(day=1)
        last = (month - timedelta(days=1)).replace(day=1)
        result["finance"] = {"this_month": money(world, tenant, farms, month, today),
                             "last_month": money(world, tenant, farms, last, last)}
    return result


def money(world: World, tenant, farms, start, end) -> list[dict]:
    """Revenue (sales) and approved or paid expenses per currency dated between start and the end of end's month."""
    found = rows(world, """
        with m as (
            select currency::text, price as revenue, 0 as expenses from animal_sales
            where tenant_id = %(t)s and farm_id = any(%(f)s) and sold_on >= %(s)s
              and sold_on < date_trunc('month', %(e)s::date) + interval '1 month'
            union all
            select currency::text, total, 0 from product_sales
            where tenant_id = %(t)s and farm_id = any(%(f)s) and sold_on >= %(s)s
              and sold_on < date_trunc('month', %(e)s::date) + interval '1 month'
            union all
            select currency::text, 0, amount from expenses
            where tenant_id = %(t)s and farm_id = any(%(f)s) and status in ('approved', 'paid') and spent_on >= %(s)s
              and spent_on < date_trunc('month', %(e)s::date) + interval '1 month')
        select currency, sum(revenue), sum(expenses) from m group by 1 order by 1""",
                 {"t": tenant, "f": farms, "s": start, "e": end})
    return [{"currency": c, "revenue": r, "expenses": e, "profit": r - e} for c, r, e in found]


# ---------------------------------------------------------------- stats


@pytest.mark.parametrize("who", ["owner", "worker"])
def test_stats_equal_a_direct_computation_on_the_callers_farms(demo, who):
    check_stats(demo, who)


def check_stats(demo, who: str) -> None:
    world, tenant, *_, today = demo
    actor, farms = farms_of(demo, who)
    got = actor.one("select api.dashboard_stats(tenant_id => %s)", (tenant,))
    expected = expected_stats(world, tenant, farms, today, with_finance=(who == "owner"))
    assert got["as_of"] is not None
    heat = actor.one("select api.repeat_heat_watch(tenant_id => %s)", (tenant,))
    expected["breeding"]["repeat_heat"] = len([h for h in heat if h["farm_id"] in map(str, farms)])
    got = {k: v for k, v in got.items() if k != "as_of"}
    if who == "worker":
        assert got.pop("finance") is None
    assert got == expected
    # The demo makes these non-trivial, so the comparison is not of zeros.
    assert got["animals"]["by_status"].get("deceased", 0) + got["animals"]["in_withdrawal"] > 0
    if who == "owner":
        assert got["animals"]["unvalued"] == 2 and got["groups"]["in_withdrawal"] == 1
        assert got["breeding"]["repeat_heat"] > 0 and got["finance"]["this_month"][0]["expenses"] == Decimal("4200.00")


def test_a_worker_sees_only_the_farm_granted(demo):
    world, tenant, owner, worker, farms, dairy_only, today = demo
    mine = worker.one("select api.dashboard_stats(tenant_id => %s)", (tenant,))
    everything = owner.one("select api.dashboard_stats(tenant_id => %s)", (tenant,))
    assert mine["farms"] == 1 and everything["farms"] == 2
    assert mine["groups"]["count"] == 0 and everything["groups"]["count"] == 2
    assert "pig" not in mine["animals"]["by_species"] and "pig" in everything["animals"]["by_species"]
    page = worker.one("select api.dashboard_animals(tenant_id => %s, page_size => 100)", (tenant,))
    assert {a["farm_id"] for a in page["results"]} == {str(dairy_only[0])}
    trend = worker.one("select api.dashboard_analytics(tenant_id => %s)", (tenant,))["production_trend"]
    assert {p["product"] for p in trend} == {"milk"}
    acts = worker.one("select api.dashboard_activities(tenant_id => %s)", (tenant,))
    assert {a["farm_id"] for a in acts} == {str(dairy_only[0])}


# ---------------------------------------------------------------- animal list


def test_animal_pages_match_the_base_tables(demo):
    world, tenant, owner, _, farms, _, today = demo
    expected = rows(world, """
        select a.id::text, a.tag_number, f.name, coalesce(b.name, tb.name),
               private.animal_health_status(a.tenant_id, a.id, %s)
        from animals a join farms f on f.tenant_id = a.tenant_id and f.id = a.farm_id
        left join breeds b on b.id = a.breed_id
        left join tenant_breeds tb on tb.tenant_id = a.tenant_id and tb.id = a.tenant_breed_id
        where a.tenant_id = %s and a.deleted_at is null and a.status = 'active' order by lower(a.tag_number)""",
                    (today, tenant))
    seen = []
    page, got = 1, None
    while page:
        got = owner.one("select api.dashboard_animals(tenant_id => %s, page => %s, page_size => 100)", (tenant, page))
        assert got["count"] == len(expected) and got["previous"] == (page - 1 or None)
        seen += [(a["id"], a["tag_number"], a["farm"], a["breed"], a["health_status"]) for a in got["results"]]
        page = got["next"]
    assert seen == [tuple(r) for r in expected]
    assert {s[4] for s in seen} >= {"healthy", "in_withdrawal"}
    assert "HP-PIG1" in {s[1] for s in seen} and "GT-0079" not in {s[1] for s in seen}
    refused(lambda: owner.one("select api.dashboard_animals(tenant_id => %s, page => 0)", (tenant,)), "22023")
    refused(lambda: owner.one("select api.dashboard_animals(tenant_id => %s, page_size => 101)", (tenant,)), "22023")


# ---------------------------------------------------------------- analytics


def expected_mortality(world: World, tenant, farms, today, days: int) -> dict:
    p = {"t": tenant, "f": farms, "s": today - timedelta(days=days - 1), "d": today}
    deaths = one(world, """
        select (select count(*) from animals where tenant_id = %(t)s and deleted_at is null and farm_id = any(%(f)s)
                  and status = 'deceased' and exit_date between %(s)s and %(d)s)
             + (select coalesce(-sum(e.female_delta + e.male_delta + e.unknown_delta), 0) from group_count_events e
                join animal_groups g on g.tenant_id = e.tenant_id and g.id = e.group_id
                where e.tenant_id = %(t)s and g.deleted_at is null and g.farm_id = any(%(f)s)
                  and e.event_type = 'death' and e.occurred_on between %(s)s and %(d)s)""", p)
    mean_head, rate = world.admin.execute("""
        with h as (
            select avg((select count(*) from animals a where a.tenant_id = %(t)s and a.deleted_at is null
                          and a.farm_id = any(%(f)s) and coalesce(a.acquired_on, a.birth_date, a.created_at::date) <= d
                          and (a.exit_date is null or a.exit_date > d))
                     + (select coalesce(sum(e.female_delta + e.male_delta + e.unknown_delta), 0)
                        from group_count_events e
                        join animal_groups g on g.tenant_id = e.tenant_id and g.id = e.group_id
                        where e.tenant_id = %(t)s and g.deleted_at is null and g.farm_id = any(%(f)s)
                          and e.occurred_on <= d)) as mean
            from generate_series(%(s)s::date, %(d)s::date, interval '1 day') d)
        select round(mean, 2), case when mean > 0 then round(%(deaths)s / mean * 100, 2) end from h""",
                                          {**p, "deaths": deaths}).fetchone()
    return {"deaths": deaths, "average_head_count": mean_head, "rate_pct": rate}


@pytest.mark.parametrize(("who", "days"), [("owner", 30), ("owner", 90), ("worker", 30)])
def test_analytics_equal_a_direct_computation(demo, who, days):
    check_analytics(demo, who, days)


def check_analytics(demo, who: str, days: int) -> None:
    world, tenant, *_, today = demo
    actor, farms = farms_of(demo, who)
    got = actor.one("select api.dashboard_analytics(tenant_id => %s, days => %s)", (tenant, days))
    p = {"t": tenant, "f": farms, "d": today, "n": days}
    trend = rows(world, """select recorded_on, product, unit, sum(quantity),
                                  coalesce(sum(quantity) filter (where is_withheld), 0)
                           from production_records where tenant_id = %(t)s and farm_id = any(%(f)s)
                             and recorded_on > %(d)s::date - %(n)s and recorded_on <= %(d)s
                           group by 1, 2, 3 order by 2, 3, 1""", p)
    assert got["production_trend"] == [{"day": d.isoformat(), "product": pr, "unit": u, "quantity": q, "withheld": w}
                                       for d, pr, u, q, w in trend]
    assert len(got["production_trend"]) >= days
    assert got["mortality"] == expected_mortality(world, tenant, farms, today, days)
    assert got["mortality"]["deaths"] > 0
    window = 30 if days <= 30 else 90
    adg = rows(world, """
        select a.farm_id::text, f.name, a.species, count(*), round(avg(x.adg), 3) from (
            select w.animal_id, ((array_agg(w.weight_kg order by w.weighed_on desc))[1]
                                 - (array_agg(w.weight_kg order by w.weighed_on))[1])
                                / (max(w.weighed_on) - min(w.weighed_on)) as adg
            from animal_weights w where w.tenant_id = %(t)s and w.weighed_on > %(d)s::date - %(w)s
              and w.weighed_on <= %(d)s group by 1 having count(*) >= 2) x
        join animals a on a.tenant_id = %(t)s and a.id = x.animal_id
        join farms f on f.tenant_id = a.tenant_id and f.id = a.farm_id
        where a.farm_id = any(%(f)s) and a.deleted_at is null group by 1, 2, 3 order by 2, 3""", {**p, "w": window})
    assert got["average_daily_gain"] == {"window_days": window, "groups": [
        {"farm_id": f, "farm": n, "species": s, "animals": c, "adg_kg_per_day": v} for f, n, s, c, v in adg]}
    calving = rows(world, """
        select a.species, count(*), round(avg(x.interval_days), 1) from (
            select b.dam_id, b.farm_id, b.born_on - lag(b.born_on) over w as interval_days,
                   row_number() over (partition by b.dam_id order by b.born_on desc) as latest
            from (select distinct on (dam_id, born_on) * from births where tenant_id = %(t)s
                  order by dam_id, born_on, created_at desc) b
            window w as (partition by b.dam_id order by b.born_on)) x
        join animals a on a.tenant_id = %(t)s and a.id = x.dam_id
        where x.latest = 1 and x.interval_days is not null and x.farm_id = any(%(f)s) group by 1 order by 1""", p)
    assert got["calving_interval"] == [{"species": s, "cows": c, "mean_interval_days": m} for s, c, m in calving]
    services, conceived, rate = world.admin.execute(
        """select count(*), count(*) filter (where status in ('confirmed', 'delivered')),
                  round(count(*) filter (where status in ('confirmed', 'delivered'))::numeric
                        / nullif(count(*), 0) * 100, 2)
           from breeding_services
           where tenant_id = %(t)s and farm_id = any(%(f)s) and served_on > %(d)s::date - 365
             and status in ('confirmed', 'delivered', 'failed')""", p).fetchone()
    assert got["conception_rate"] == {"services": services, "conceived": conceived, "rate_pct": rate}
    assert services > 0
    if who == "worker":
        assert got["revenue_vs_expenses"] is None
        # Only the worker's farm (the demo's calf scale weighed calves today, so the dairy has an ADG).
        assert {g["farm_id"] for g in got["average_daily_gain"]["groups"]} <= {str(f) for f in farms}
    else:
        assert got["calving_interval"][0]["cows"] > 0 and got["average_daily_gain"]["groups"]
        months = got["revenue_vs_expenses"]
        assert len(months) == 12 and months[-1]["month"] == today.replace(day=1).isoformat()
        for m in months:
            start = date.fromisoformat(m["month"])
            expected = money(world, tenant, farms, start, start) or [
                {"currency": "KES", "revenue": 0, "expenses": 0, "profit": 0}]
            assert {k: m[k] for k in ("currency", "revenue", "expenses", "profit")} == expected[0]
    refused(lambda: actor.one("select api.dashboard_analytics(tenant_id => %s, days => 0)", (tenant,)), "22023")


# ---------------------------------------------------------------- finance, activities, sales


def test_financial_summary_equals_a_direct_computation(demo):
    check_financial_summary(demo)


def check_financial_summary(demo) -> None:
    world, tenant, owner, worker, farms, _, today = demo
    got = owner.one("select api.dashboard_financial_summary(tenant_id => %s)", (tenant,))
    start = (today.replace(day=1) - timedelta(days=330)).replace(day=1)
    assert got["from_month"] == start.isoformat()
    p = {"t": tenant, "f": farms, "s": start}
    by_category = rows(world, """select c.code, c.name, e.currency::text, sum(e.amount) from expenses e
                                 join expense_categories c on c.tenant_id = e.tenant_id and c.id = e.category_id
                                 where e.tenant_id = %(t)s and e.status in ('approved', 'paid') and e.spent_on >= %(s)s
                                 group by 1, 2, 3 order by 3, 4 desc, 1""", p)
    assert got["expenses_by_category"] == [{"category": c, "name": n, "currency": cur, "amount": a}
                                           for c, n, cur, a in by_category]
    totals = money(world, tenant, farms, start, today)
    assert got["totals"] == totals and totals[0]["revenue"] > 0 and totals[0]["expenses"] > 0
    months = [m for m in got["by_month"]]
    assert sum(m["revenue"] for m in months) == totals[0]["revenue"]
    for m in months:
        first = date.fromisoformat(m["month"])
        assert [m] == [dict(x, month=m["month"]) for x in money(world, tenant, farms, first, first)]
    sources = rows(world, """select 'animals', sum(price) from animal_sales where tenant_id = %(t)s and sold_on >= %(s)s
                             union all
                             select product, sum(total) from product_sales where tenant_id = %(t)s and sold_on >= %(s)s
                             group by 1""", p)
    assert {(s["source"], s["amount"]) for s in got["revenue_by_source"]} == set(sources)
    outstanding = {c: (n, late, amount) for c, n, late, amount in rows(world, """
        select currency::text, count(*), count(*) filter (where status = 'overdue' or due_on < %(d)s),
               sum(total - amount_paid)
        from invoices where tenant_id = %(t)s and status in ('issued', 'overdue') group by 1""", {**p, "d": today})}
    currency = one(world, "select currency::text from tenants where id = %s", (tenant,))
    outstanding.setdefault(currency, (0, 0, 0))  # the tenant's currency is always listed
    assert [(o["currency"], o["invoices"], o["overdue"], o["amount"]) for o in got["outstanding_invoices"]] == [
        (c, *outstanding[c]) for c in sorted(outstanding)]
    assert outstanding[currency][0] > 0  # the demo leaves its latest month's invoice unpaid
    refused(lambda: worker.one("select api.dashboard_financial_summary(tenant_id => %s)", (tenant,)), "42501")
    refused(lambda: worker.one("select api.dashboard_recent_sales(tenant_id => %s)", (tenant,)), "42501")


def test_with_nothing_owed_the_tenants_currency_is_listed_with_zeros(world: World):
    owner = world.user()
    tenant = owner.one("select api.create_tenant(name => 'New', slug => 'new-farm', currency => 'KES') ->> 'id'")
    got = owner.one("select api.dashboard_financial_summary(tenant_id => %s)", (tenant,))
    assert got["outstanding_invoices"] == [{"currency": "KES", "invoices": 0, "overdue": 0, "amount": 0}]
    assert got["totals"] == [] and got["by_month"] == []


def test_activities_and_recent_sales_are_the_latest_on_the_callers_farms(demo):
    world, tenant, owner, worker, farms, _, _ = demo
    latest = rows(world, """select id::text from activities where tenant_id = %s order by performed_at desc, id desc
                            limit 3""", (tenant,))
    got = owner.one("select api.dashboard_activities(tenant_id => %s, \"limit\" => 3)", (tenant,))
    assert [a["id"] for a in got] == [r[0] for r in latest]
    assert got[1]["performed_by_name"] == "Demo Worker" and got[1]["tag_number"] == "GV-0002"
    sales = rows(world, """select id::text, sold_on from (
                               select id, sold_on, created_at from animal_sales where tenant_id = %(t)s
                               union all select id, sold_on, created_at from product_sales where tenant_id = %(t)s) s
                           order by sold_on desc, created_at desc, id desc limit 5""", {"t": tenant})
    got = owner.one("select api.dashboard_recent_sales(tenant_id => %s, \"limit\" => 5)", (tenant,))
    assert [s["id"] for s in got] == [r[0] for r in sales]
    assert "animal" in {s["kind"] for s in got} and "product" in {s["kind"] for s in got}
    refused(lambda: owner.one("select api.dashboard_activities(tenant_id => %s, \"limit\" => 0)", (tenant,)), "22023")


# ---------------------------------------------------------------- summary tables


SUMMARIES = ("animal_counts", "production_daily_totals", "open_lactation_counts")


def summary_state(world: World) -> dict:
    """The summary rows that say something (rows that fell to zero may linger until the next reconcile)."""
    nonzero = {"animal_counts": "head <> 0", "production_daily_totals": "records <> 0",
               "open_lactation_counts": "open <> 0"}
    return {t: sorted(rows(world, f"select * from {t} where {nonzero[t]}")) for t in SUMMARIES}


def test_counters_follow_every_kind_of_write(demo):
    world, tenant, owner, _, farms, _, _ = demo
    dairy, poultry = farms
    cow = one(world, "select id from animals where tenant_id = %s and tag_number = 'GV-0003'", (tenant,))
    owner.one("select api.move_animal(tenant_id => %s, animal_id => %s, to_farm_id => %s)", (tenant, cow, poultry))
    owner.one("select api.update_animal(tenant_id => %s, animal_id => %s, estimated_value => 1)", (tenant, cow))
    owner.one("select api.record_production(tenant_id => %s, animal_id => %s, product => 'milk', quantity => 7, "
              "unit => 'kg', recorded_on => private.today() - 200)", (tenant, cow))
    record = one(world, "select id from production_records where tenant_id = %s order by recorded_on desc limit 1",
                 (tenant,))
    owner.one("select api.correct_production(tenant_id => %s, record_id => %s, quantity => 99, reason => 'typo')",
              (tenant, record))
    dam = one(world, "select animal_id from lactations where tenant_id = %s and dried_off_on is null limit 1",
              (tenant,))
    owner.one("select api.record_treatment(tenant_id => %s, animal_id => %s, medicine => 'Oxytetracycline', "
              "course_start => private.today() - 5, course_end => private.today() - 4, milk_withdrawal_days => 3)",
              (tenant, dam))
    owner.one("select api.dry_off(tenant_id => %s, animal_id => %s)", (tenant, dam))
    world.admin.execute("delete from production_records where tenant_id = %s and recorded_on = private.today() - 1 "
                        "and product = 'eggs'", (tenant,))
    world.admin.execute("update animals set deleted_at = now() where tenant_id = %s and tag_number = 'GT-0078'",
                        (tenant,))
    before = summary_state(world)
    assert one(world, "select private.rebuild_dashboard_counters(%s)", (tenant,)) == 0
    assert summary_state(world) == before


def test_rebuild_repairs_data_loaded_with_triggers_off_and_is_idempotent(demo):
    world, tenant, *_ = demo
    truth = summary_state(world)
    world.admin.execute("set session_replication_role = replica")
    world.admin.execute("delete from animal_counts where tenant_id = %s", (tenant,))
    world.admin.execute("update production_daily_totals set quantity = quantity + 1 where tenant_id = %s", (tenant,))
    world.admin.execute("delete from open_lactation_counts where tenant_id = %s", (tenant,))
    world.admin.execute("set session_replication_role = origin")
    assert summary_state(world) != truth
    assert one(world, "select private.rebuild_dashboard_counters()") > 0
    assert summary_state(world) == truth
    assert one(world, "select private.rebuild_dashboard_counters(null)") == 0


def test_update_daily_summaries_repairs_the_latest_days_and_is_idempotent(demo):
    world, tenant, *_ = demo
    truth = summary_state(world)
    world.admin.execute("update production_daily_totals set quantity = 0, records = 1 where tenant_id = %s "
                        "and recorded_on = private.today() - 1", (tenant,))
    world.admin.execute("update production_daily_totals set withheld = withheld + 5 where tenant_id = %s "
                        "and recorded_on = private.today() - 10", (tenant,))
    assert one(world, "select private.update_daily_summaries(private.now())") > 0
    repaired = summary_state(world)
    assert repaired != truth  # ten days ago is outside the job's window
    assert one(world, "select private.update_daily_summaries(private.now())") == 0
    assert summary_state(world) == repaired
    world.admin.execute("update production_daily_totals set withheld = withheld - 5 where tenant_id = %s "
                        "and recorded_on = private.today() - 10", (tenant,))
    assert summary_state(world) == truth


# ---------------------------------------------------------------- views and security


def test_refreshing_the_views_concurrently_neither_fails_nor_blocks_readers(demo):
    world, tenant, owner, *_ = demo
    refresher = psycopg.connect(conn_dsn(world.admin), autocommit=False)
    try:
        refresher.execute("select private.refresh_dashboard_views()")  # holds its locks until commit
        results, errors = [], []

        def read():
            reader = psycopg.connect(conn_dsn(world.admin, "authenticator"), autocommit=False)
            try:
                set_json_loads(decimal_json, reader)
                reader_actor = Actor(reader, owner.claims)
                with reader_actor.tx() as c:
                    c.execute("set local lock_timeout = '2s'")
                    results.append(c.execute("select api.dashboard_analytics(tenant_id => %s)",
                                             (tenant,)).fetchone()[0])
                    results.append(c.execute("select api.dashboard_financial_summary(tenant_id => %s)",
                                             (tenant,)).fetchone()[0])
            except psycopg.Error as exc:
                errors.append(exc)
            finally:
                reader.close()

        thread = threading.Thread(target=read)
        thread.start()
        thread.join(10)
        assert not thread.is_alive() and errors == [] and len(results) == 2
        assert results[0]["mortality"]["deaths"] > 0
        refresher.commit()
    finally:
        refresher.close()
    # Two refreshes may also run one after the other in separate transactions without error.
    assert one(world, "select private.refresh_dashboard_views()") > 0


def test_members_of_another_tenant_get_42501_from_every_dashboard(demo):
    world, tenant, *_ = demo
    stranger = world.user()
    world.tenant(stranger)
    for call in ("dashboard_stats(tenant_id => %s)", "dashboard_animals(tenant_id => %s)",
                 "dashboard_analytics(tenant_id => %s)", "dashboard_activities(tenant_id => %s)",
                 "dashboard_recent_sales(tenant_id => %s)", "dashboard_financial_summary(tenant_id => %s)"):
        err = refused(partial(stranger.one, f"select api.{call}", (tenant,)), "42501")
        assert err.diag.message_hint == "not_a_member", call
    refused(lambda: stranger.one("select count(*) from private.dashboard_finance(%s, '2000-01-01')", (tenant,)),
            "42501")
    refused(lambda: stranger.one("select private.dashboard_herd(%s, private.today(), 30)", (tenant,)), "42501")
    assert stranger.one("select count(*) from animal_counts where tenant_id = %s", (tenant,)) == 0
    refused(lambda: world.anon().one("select api.dashboard_stats(tenant_id => %s)", (tenant,)), "42501")


def test_clients_cannot_read_the_views_or_run_the_jobs(demo):
    world, tenant, owner, *_ = demo
    for view in ("dashboard_finance_monthly", "dashboard_herd_daily", "dashboard_breeding", "dashboard_adg"):
        refused(partial(owner.one, f"select count(*) from private.{view}"), "42501")
    for job in ("private.refresh_dashboard_views()", "private.update_daily_summaries(private.now())",
                "private.rebuild_dashboard_counters()"):
        refused(partial(owner.one, f"select {job}"), "42501")
    refused(lambda: owner.rowcount("update animal_counts set head = 0 where tenant_id = %s", (tenant,)), "42501")
