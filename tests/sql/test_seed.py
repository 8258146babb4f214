"""The demo data `ifarm up` loads: idempotent, and consistent with every rule it seeds around."""

from __future__ import annotations

from app.cli import DEMO_EMAIL, demo_device_key, seed_demo
from tests.conftest import World, conn_dsn


def test_the_demo_seed_is_idempotent_and_consistent(world18: World):
    dsn = conn_dsn(world18.admin)
    tenant = seed_demo(dsn)
    q = world18.admin.execute

    def counts():
        return q("""select (select count(*) from animals where tenant_id = %(t)s),
                           (select count(*) from production_records where tenant_id = %(t)s),
                           (select count(*) from treatments where tenant_id = %(t)s),
                           (select count(*) from tenant_members where tenant_id = %(t)s)""", {"t": tenant}).fetchone()

    first = counts()
    assert seed_demo(dsn) == tenant and counts() == first
    animals, production, treatments, members = first
    assert 250 <= animals <= 350 and production > 10_000 and treatments > 0 and members == 2
    assert q("select count(*) from farms where tenant_id = %s", (tenant,)).fetchone()[0] == 2
    species = {r[0] for r in q("select distinct species from animals where tenant_id = %s", (tenant,))}
    assert species == {"cattle", "goat"}
    days = q("select max(recorded_on) - min(recorded_on) from production_records where tenant_id = %s and "
             "product = 'eggs'", (tenant,)).fetchone()[0]
    assert days == 179
    # Withheld milk exists, and only inside a treatment's withdrawal.
    assert q("select count(*) from production_records where tenant_id = %s and is_withheld", (tenant,)).fetchone()[0]
    outside = q("""select count(*) from production_records p where p.tenant_id = %s and p.is_withheld
                   and not exists (select 1 from treatments t where t.tenant_id = p.tenant_id
                       and (t.animal_id = p.animal_id or t.group_id = p.group_id)
                       and p.recorded_on between t.course_start and coalesce(t.milk_clear_on, t.eggs_clear_on) - 1)""",
                (tenant,)).fetchone()[0]
    assert outside == 0
    # Head counts equal the sum of their events; calves have their dams and dams are older.
    assert q("""select count(*) from animal_groups g where g.tenant_id = %s and g.female_count <>
                (select sum(e.female_delta) from group_count_events e where e.group_id = g.id)""",
             (tenant,)).fetchone()[0] == 0
    assert q("""select count(*) from animals c join animals d on d.tenant_id = c.tenant_id and d.id = c.dam_id
                where c.tenant_id = %s and (d.birth_date >= c.birth_date or d.sex <> 'female')""",
             (tenant,)).fetchone()[0] == 0
    assert q("select count(*) from lactations where tenant_id = %s", (tenant,)).fetchone()[0] > 0
    assert q("select count(*) from auth.users where email = %s", (DEMO_EMAIL,)).fetchone()[0] == 1
    # The books: every expense status, gapless invoice numbers, milk sold never beyond saleable milk.
    statuses = {r[0] for r in q("select distinct status from expenses where tenant_id = %s", (tenant,))}
    assert statuses == {"draft", "submitted", "rejected", "paid"}
    sequences = [r[0] for r in q("select sequence from invoices where tenant_id = %s order by sequence", (tenant,))]
    assert sequences == list(range(1, len(sequences) + 1)) and len(sequences) >= 5
    sold, saleable = q("""select (select sum(quantity) from product_sales where tenant_id = %(t)s),
                                 (select sum(quantity) from production_records where tenant_id = %(t)s
                                  and product = 'milk' and not is_withheld)""", {"t": tenant}).fetchone()
    assert 0 < sold <= saleable


def test_the_demo_has_devices_whose_readings_went_through_the_ingest_rules(world18: World):
    dsn = conn_dsn(world18.admin)
    tenant = seed_demo(dsn)
    q = world18.admin.execute
    assert {r[0] for r in q("select serial_number from devices where tenant_id = %s", (tenant,))} == {
        "TH-0001", "WS-0001"}
    assert q("select count(*) from device_readings where tenant_id = %s", (tenant,)).fetchone()[0] > 800
    # The afternoon heat opened alerts through the threshold; the scale recorded the calves' weights.
    assert q("select count(*) from device_alerts where tenant_id = %s", (tenant,)).fetchone()[0] >= 1
    assert q("select count(*) from animal_weights where tenant_id = %s and device_id is not null",
             (tenant,)).fetchone()[0] == 10
    assert q("""select count(*) from device_readings_hourly h where h.tenant_id = %s and h.readings <> (
                    select count(*) from device_readings r where r.tenant_id = h.tenant_id and r.device_id = h.device_id
                      and r.metric = h.metric and date_trunc('hour', r.measured_at, 'UTC') = h.hour)""",
             (tenant,)).fetchone()[0] == 0
    assert seed_demo(dsn) == tenant
    assert q("select count(*) from devices where tenant_id = %s", (tenant,)).fetchone()[0] == 2
    first, second = demo_device_key(dsn), demo_device_key(dsn)
    live = q("select prefix from device_keys k join devices d on d.tenant_id = k.tenant_id and d.id = k.device_id "
             "where d.serial_number = 'TH-0001' and k.revoked_at is null").fetchall()
    assert first != second and live == [(second[:12],)]
