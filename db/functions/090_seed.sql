-- 090_seed: the demo tenant `ifarm seed demo` (and `ifarm up`) creates. Idempotent: running it
-- again changes nothing. The API hashes the demo password; only the hash arrives here. Every date
-- is relative to the tenant's today on the clock (private.tenant_today), so a demo seeded with
-- `ifarm seed demo --today 2028-02-29` (the clock set for its transaction) looks the same relative
-- to that day as one seeded today.

-- Demo user (owner), a worker, two farms; returns the demo tenant id.
CREATE OR REPLACE FUNCTION private.seed_demo(p_email text, p_password_hash text) RETURNS uuid
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_owner uuid;
    v_worker uuid;
    v_tenant uuid;
    v_farm uuid;
BEGIN
    SELECT u.id INTO v_owner FROM auth.users u WHERE lower(u.email) = lower(p_email);
    IF v_owner IS NULL THEN
        v_owner := (private.auth_signup(p_email, p_password_hash, '{"full_name": "Demo Owner"}'::jsonb) ->> 'id')::uuid;
    END IF;
    SELECT u.id INTO v_worker FROM auth.users u WHERE lower(u.email) = 'worker@' || split_part(lower(p_email), '@', 2);
    IF v_worker IS NULL THEN
        v_worker := (private.auth_signup('worker@' || split_part(lower(p_email), '@', 2), p_password_hash,
                     '{"full_name": "Demo Worker"}'::jsonb) ->> 'id')::uuid;
    END IF;
    SELECT t.id INTO v_tenant FROM public.tenants t WHERE t.slug = 'demo';
    IF v_tenant IS NULL THEN
        INSERT INTO public.tenants (name, slug, country, currency, timezone, created_by)
        VALUES ('Demo Farms Ltd', 'demo', 'KE', 'KES', 'Africa/Nairobi', v_owner)
        RETURNING id INTO v_tenant;
    END IF;
    INSERT INTO public.tenant_members (tenant_id, user_id, role) VALUES
        (v_tenant, v_owner, 'owner'), (v_tenant, v_worker, 'worker')
    ON CONFLICT DO NOTHING;
    INSERT INTO public.farms (tenant_id, name) VALUES (v_tenant, 'Green Valley Dairy'), (v_tenant, 'Hilltop Poultry')
    ON CONFLICT DO NOTHING;
    SELECT f.id INTO v_farm FROM public.farms f WHERE f.tenant_id = v_tenant AND f.name = 'Green Valley Dairy';
    INSERT INTO public.farm_access (tenant_id, user_id, farm_id) VALUES (v_tenant, v_worker, v_farm)
    ON CONFLICT DO NOTHING;
    PERFORM private.seed_demo_livestock(v_tenant);
    PERFORM private.seed_demo_devices(v_tenant);
    RETURN v_tenant;
END
$$;

-- The demo herd, once (when the demo tenant has no animals yet): locations, a dairy herd with
-- bulls and calves, goats, a laying flock and a broiler batch, breeding history (services, checks,
-- births that started lactations), and monthly weights of the young stock. Set-based and
-- deterministic (a fixed seed), so every demo database looks the same.
CREATE OR REPLACE FUNCTION private.seed_demo_livestock(p_tenant_id uuid) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_dairy uuid;
    v_poultry uuid;
    v_barn uuid;
    v_paddock uuid;
    v_coop uuid;
    v_holstein uuid := (SELECT b.id FROM public.breeds b WHERE b.name = 'Holstein Friesian');
    v_jersey uuid := (SELECT b.id FROM public.breeds b WHERE b.name = 'Jersey');
    v_saanen uuid := (SELECT b.id FROM public.breeds b WHERE b.name = 'Saanen');
    v_tz text := (SELECT t.timezone FROM public.tenants t WHERE t.id = p_tenant_id);
    v_today date := private.tenant_today(p_tenant_id);
    v_now timestamptz := private.now();
    v_count bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM public.animals a WHERE a.tenant_id = p_tenant_id) THEN
        RETURN 0;
    END IF;
    PERFORM setseed(0.42);
    UPDATE public.subscriptions s SET plan_code = 'professional' WHERE s.tenant_id = p_tenant_id;
    SELECT f.id INTO v_dairy FROM public.farms f WHERE f.tenant_id = p_tenant_id AND f.name = 'Green Valley Dairy';
    SELECT f.id INTO v_poultry FROM public.farms f WHERE f.tenant_id = p_tenant_id AND f.name = 'Hilltop Poultry';
    UPDATE public.farms f SET farm_type = 'dairy', latitude = -0.3031, longitude = 36.0800, area_hectares = 42.5
    WHERE f.tenant_id = p_tenant_id AND f.id = v_dairy;
    UPDATE public.farms f SET farm_type = 'poultry', latitude = -0.2800, longitude = 36.1100, area_hectares = 6
    WHERE f.tenant_id = p_tenant_id AND f.id = v_poultry;
    INSERT INTO public.locations (tenant_id, farm_id, name, kind, capacity) VALUES
        (p_tenant_id, v_dairy, 'Main Barn', 'barn', 200), (p_tenant_id, v_dairy, 'East Paddock', 'paddock', 150),
        (p_tenant_id, v_poultry, 'Coop A', 'coop', 2000);
    SELECT l.id INTO v_barn FROM public.locations l WHERE l.tenant_id = p_tenant_id AND l.name = 'Main Barn';
    SELECT l.id INTO v_paddock FROM public.locations l WHERE l.tenant_id = p_tenant_id AND l.name = 'East Paddock';
    SELECT l.id INTO v_coop FROM public.locations l WHERE l.tenant_id = p_tenant_id AND l.name = 'Coop A';

    -- 3 bulls and 120 cows, 80 goats (75 does, 5 bucks).
    INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, name, species, breed_id, sex, birth_date,
        acquisition, acquired_on, acquisition_cost, estimated_value)
    SELECT p_tenant_id, v_dairy, v_barn, 'GV-B' || lpad(i::text, 2, '0'), 'Bull ' || i, 'cattle', v_holstein, 'male',
           date '2018-03-01' + (i * 97), 'purchased', date '2020-06-01', 180000, 220000
    FROM generate_series(1, 3) i;
    INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, name, species, breed_id, sex, birth_date,
        acquisition, acquired_on, acquisition_cost, estimated_value)
    SELECT p_tenant_id, v_dairy, CASE WHEN i % 3 = 0 THEN v_paddock ELSE v_barn END, 'GV-' || lpad(i::text, 4, '0'),
           NULL, 'cattle', CASE WHEN i % 4 = 0 THEN v_jersey ELSE v_holstein END, 'female',
           date '2018-01-01' + (random() * 1500)::int, CASE WHEN i % 5 = 0 THEN 'purchased' ELSE 'born' END,
           NULL, NULL, 90000 + (random() * 60000)::int
    FROM generate_series(1, 120) i;
    INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, species, breed_id, sex, birth_date,
        estimated_value)
    SELECT p_tenant_id, v_dairy, v_paddock, 'GT-' || lpad(i::text, 4, '0'), 'goat', v_saanen,
           CASE WHEN i <= 5 THEN 'male' ELSE 'female' END, date '2021-01-01' + (random() * 900)::int,
           12000 + (random() * 8000)::int
    FROM generate_series(1, 80) i;
    INSERT INTO public.animal_tags (tenant_id, animal_id, kind, value)
    SELECT a.tenant_id, a.id, 'eid', '982' || lpad((row_number() OVER (ORDER BY a.tag_number))::text, 12, '0')
    FROM public.animals a WHERE a.tenant_id = p_tenant_id;

    -- Breeding: 60 cows calved between 10 and 170 days ago (service 283 days earlier, positive
    -- check at 45 days), 40 more served 5 to 120 days ago, some of them checked.
    WITH cows AS (
        SELECT a.id, (row_number() OVER (ORDER BY a.tag_number))::int AS n FROM public.animals a
        WHERE a.tenant_id = p_tenant_id AND a.species = 'cattle' AND a.sex = 'female'),
    bulls AS (SELECT array_agg(a.id ORDER BY a.tag_number) AS ids FROM public.animals a
              WHERE a.tenant_id = p_tenant_id AND a.species = 'cattle' AND a.sex = 'male')
    INSERT INTO public.breeding_services (tenant_id, dam_id, method, sire_id, semen_straw_id, served_on, technician)
    SELECT p_tenant_id, c.id, CASE WHEN c.n % 2 = 0 THEN 'ai' ELSE 'natural' END, bulls.ids[1 + c.n % 3],
           CASE WHEN c.n % 2 = 0 THEN 'STRAW-' || c.n END,
           CASE WHEN c.n <= 60 THEN v_today - (10 + (c.n * 8) % 160) - 283 ELSE v_today - (5 + (c.n * 7) % 115) END,
           'J. Kiprono'
    FROM cows c, bulls WHERE c.n <= 100;
    INSERT INTO public.pregnancy_checks (tenant_id, service_id, checked_on, result, method)
    SELECT s.tenant_id, s.id, s.served_on + 45, CASE WHEN random() < 0.7 OR s.served_on < v_today - 283
                                                     THEN 'positive' ELSE 'negative' END, 'ultrasound'
    FROM public.breeding_services s
    WHERE s.tenant_id = p_tenant_id AND s.served_on + 45 <= v_today;
    INSERT INTO public.births (tenant_id, dam_id, born_on, offspring_count)
    SELECT s.tenant_id, s.dam_id, s.served_on + 283, 1
    FROM public.breeding_services s
    WHERE s.tenant_id = p_tenant_id AND s.served_on + 283 < v_today AND s.status = 'confirmed';
    INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, species, breed_id, sex, birth_date,
        acquisition, sire_id, dam_id, estimated_value)
    SELECT b.tenant_id, v_dairy, v_barn, 'GV-C' || lpad((row_number() OVER (ORDER BY b.born_on, b.dam_id))::text, 3, '0'),
           'cattle', d.breed_id, CASE WHEN random() < 0.5 THEN 'female' ELSE 'male' END, b.born_on, 'born', b.sire_id,
           b.dam_id, 25000
    FROM public.births b JOIN public.animals d ON d.tenant_id = b.tenant_id AND d.id = b.dam_id
    WHERE b.tenant_id = p_tenant_id;

    -- Monthly weights of the calves: about 35 kg at birth, 0.6 to 0.9 kg a day since.
    INSERT INTO public.animal_weights (tenant_id, animal_id, weighed_on, weight_kg, method)
    SELECT a.tenant_id, a.id, a.birth_date + m * 30,
           round(35 + (0.6 + (abs(hashtext(a.tag_number)) % 30) / 100.0) * m * 30, 1), 'tape'
    FROM public.animals a CROSS JOIN generate_series(0, 6) m
    WHERE a.tenant_id = p_tenant_id AND a.tag_number LIKE 'GV-C%' AND a.birth_date + m * 30 <= v_today;

    -- The laying flock and a broiler batch, kept by head count.
    INSERT INTO public.animal_groups (tenant_id, farm_id, location_id, name, species, purpose, started_on)
    VALUES (p_tenant_id, v_poultry, v_coop, 'Layer Flock A', 'chicken', 'layers', v_today - 200),
           (p_tenant_id, v_poultry, v_coop, 'Broiler Batch 7', 'chicken', 'broilers', v_today - 30);
    INSERT INTO public.group_count_events (tenant_id, group_id, event_type, occurred_on, female_delta, male_delta,
        unknown_delta, note)
    SELECT g.tenant_id, g.id, 'addition', g.started_on, CASE WHEN g.purpose = 'layers' THEN 1200 ELSE 0 END, 0,
           CASE WHEN g.purpose = 'broilers' THEN 500 ELSE 0 END, 'delivered from hatchery'
    FROM public.animal_groups g WHERE g.tenant_id = p_tenant_id;
    INSERT INTO public.group_count_events (tenant_id, group_id, event_type, occurred_on, female_delta, note)
    SELECT g.tenant_id, g.id, 'death', v_today - d, -(1 + d % 3), 'found dead'
    FROM public.animal_groups g CROSS JOIN generate_series(5, 180, 9) d
    WHERE g.tenant_id = p_tenant_id AND g.purpose = 'layers';

    -- Health: an FMD vaccination round 90 days ago, Newcastle for the flock, checks, and mastitis
    -- treatments (milk withdrawal 72 h, meat 7 days) -- two of them this week, so some milk today
    -- is withheld -- and one flock treatment with a 7-day egg withdrawal 60 days ago.
    INSERT INTO public.vaccinations (tenant_id, animal_id, vaccine, dose, batch_number, given_on, next_due_on)
    SELECT a.tenant_id, a.id, 'FMD (foot-and-mouth) trivalent', '2 ml', 'FMD-2026-07', v_today - 90, v_today + 90
    FROM public.animals a WHERE a.tenant_id = p_tenant_id AND a.species = 'cattle' AND a.birth_date < v_today - 120;
    INSERT INTO public.vaccinations (tenant_id, group_id, vaccine, given_on, next_due_on)
    SELECT g.tenant_id, g.id, 'Newcastle disease (Lasota)', g.started_on + 14, v_today + 30
    FROM public.animal_groups g WHERE g.tenant_id = p_tenant_id;
    INSERT INTO public.health_checks (tenant_id, animal_id, checked_on, temperature_c, body_condition_score, is_sick,
        diagnosis, vet_name)
    SELECT a.tenant_id, a.id, v_today - (abs(hashtext(a.tag_number)) % 170), 38.5 + (abs(hashtext(a.id::text)) % 20) / 10.0,
           2.5 + (abs(hashtext(a.tag_number)) % 4) / 2.0, abs(hashtext(a.tag_number)) % 9 = 0,
           CASE WHEN abs(hashtext(a.tag_number)) % 9 = 0 THEN 'clinical mastitis' END, 'Dr. A. Wambui'
    FROM public.animals a WHERE a.tenant_id = p_tenant_id AND a.species = 'cattle' AND a.sex = 'female'
      AND a.tag_number LIKE 'GV-0%';
    INSERT INTO public.treatments (tenant_id, animal_id, diagnosis, medicine, dose, route, course_start, course_end,
        milk_withdrawal_hours, meat_withdrawal_hours, vet_name)
    SELECT l.tenant_id, l.animal_id, 'clinical mastitis', 'Cloxacillin intramammary', '1 tube per quarter',
           'intramammary', d - 2, d, 72, 168, 'Dr. A. Wambui'
    FROM (SELECT l.*, row_number() OVER (ORDER BY l.started_on) AS n FROM public.lactations l
          WHERE l.tenant_id = p_tenant_id) l
    CROSS JOIN LATERAL (SELECT CASE WHEN l.n <= 2 THEN v_today - l.n::int
                                    ELSE greatest(l.started_on + 3, v_today - (l.n::int * 13) % 150) END AS d) x
    WHERE l.n <= 12 AND x.d - 2 >= l.started_on;
    INSERT INTO public.treatments (tenant_id, group_id, diagnosis, medicine, route, course_start, course_end,
        eggs_withdrawal_hours, meat_withdrawal_hours, vet_name)
    SELECT g.tenant_id, g.id, 'coccidiosis', 'Amprolium', 'in_water', v_today - 64, v_today - 60, 168, 72,
           'Dr. A. Wambui'
    FROM public.animal_groups g WHERE g.tenant_id = p_tenant_id AND g.purpose = 'layers';

    -- Production: milk twice a day from every open lactation since calving (at most 180 days), the
    -- Saanen does in the morning, and the flock's eggs every day; treated animals' milk and the
    -- flock's eggs inside withdrawal are flagged withheld by the production trigger.
    INSERT INTO public.production_records (tenant_id, animal_id, product, quantity, unit, recorded_on, session,
        fat_pct, protein_pct)
    SELECT l.tenant_id, l.animal_id, 'milk',
           round((9 + (abs(hashtext(l.animal_id::text)) % 60) / 10.0
                  + 3 * exp(-power(((d - l.started_on) - 50) / 60.0, 2))
                  + (abs(hashtext(l.animal_id::text || d || s)) % 20) / 10.0)::numeric, 1),
           'l', d, s, 3.4 + (abs(hashtext(l.animal_id::text)) % 12) / 10.0, 3.0 + (abs(hashtext(l.animal_id::text)) % 6) / 10.0
    FROM public.lactations l
    CROSS JOIN LATERAL generate_series(greatest(l.started_on, v_today - 179), v_today, interval '1 day') g (ts)
    CROSS JOIN LATERAL (SELECT g.ts::date AS d) x
    CROSS JOIN (VALUES ('am'), ('pm')) v (s)
    WHERE l.tenant_id = p_tenant_id AND l.dried_off_on IS NULL;
    INSERT INTO public.production_records (tenant_id, animal_id, product, quantity, unit, recorded_on, session)
    SELECT a.tenant_id, a.id, 'milk', round((1.5 + (abs(hashtext(a.id::text || d)) % 15) / 10.0)::numeric, 1), 'l', d, 'am'
    FROM public.animals a
    CROSS JOIN LATERAL (SELECT (v_today - k) AS d FROM generate_series(0, 179) k) x
    WHERE a.tenant_id = p_tenant_id AND a.species = 'goat' AND a.sex = 'female' AND a.tag_number <= 'GT-0025';
    INSERT INTO public.production_records (tenant_id, group_id, product, quantity, unit, recorded_on)
    SELECT g.tenant_id, g.id, 'eggs', round(g.female_count * (0.78 + (abs(hashtext(d::text)) % 10) / 100.0)), 'count', d
    FROM public.animal_groups g
    CROSS JOIN LATERAL (SELECT (v_today - k) AS d FROM generate_series(0, 179) k) x
    WHERE g.tenant_id = p_tenant_id AND g.purpose = 'layers';

    -- A week of routine: two cows milked twice a day by the worker, the flocks fed every morning.
    INSERT INTO public.activities (tenant_id, farm_id, animal_id, activity_type, performed_at, performed_by,
        duration_minutes, notes)
    SELECT a.tenant_id, a.farm_id, a.id, 'milking', ((v_today - k) + m.at) AT TIME ZONE v_tz,
           (SELECT fa.user_id FROM public.farm_access fa WHERE fa.tenant_id = p_tenant_id AND fa.farm_id = v_dairy
            LIMIT 1), 15, m.notes
    FROM public.animals a
    CROSS JOIN generate_series(0, 6) k
    CROSS JOIN (VALUES (time '05:00', 'morning milking'), (time '17:00', 'evening milking')) m (at, notes)
    WHERE a.tenant_id = p_tenant_id AND a.tag_number IN ('GV-0001', 'GV-0002')
      AND ((v_today - k) + m.at) AT TIME ZONE v_tz <= v_now;
    INSERT INTO public.activities (tenant_id, farm_id, group_id, activity_type, performed_at, duration_minutes, notes)
    SELECT g.tenant_id, g.farm_id, g.id, 'feeding', ((v_today - k) + time '06:30') AT TIME ZONE v_tz, 40,
           'morning ration'
    FROM public.animal_groups g CROSS JOIN generate_series(0, 6) k
    WHERE g.tenant_id = p_tenant_id AND ((v_today - k) + time '06:30') AT TIME ZONE v_tz <= v_now;

    PERFORM private.seed_demo_finance(p_tenant_id, v_dairy);
    SELECT count(*) INTO v_count FROM public.animals a WHERE a.tenant_id = p_tenant_id;
    RETURN v_count;
END
$$;

-- The demo books: a feed vendor and a milk buyer; monthly feed, labour and vet expenses (paid,
-- approved, one submitted, one rejected, one draft); weekly milk sales to the dairy, invoiced monthly,
-- all paid but the latest month's invoice (so some money is always outstanding).
CREATE OR REPLACE FUNCTION private.seed_demo_finance(p_tenant_id uuid, p_farm_id uuid) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_worker uuid := (SELECT m.user_id FROM public.tenant_members m WHERE m.tenant_id = p_tenant_id AND m.role = 'worker'
                      LIMIT 1);
    v_vendor uuid;
    v_buyer uuid;
    v_invoice uuid;
    v_month date;
    v_latest boolean;
    v_today date := private.tenant_today(p_tenant_id);
BEGIN
    INSERT INTO public.counterparties (tenant_id, kind, name, phone) VALUES
        (p_tenant_id, 'vendor', 'Unga Feeds Ltd', '+254700000001'),
        (p_tenant_id, 'customer', 'Brookside Dairy', '+254700000002');
    SELECT c.id INTO v_vendor FROM public.counterparties c WHERE c.tenant_id = p_tenant_id AND c.name = 'Unga Feeds Ltd';
    SELECT c.id INTO v_buyer FROM public.counterparties c WHERE c.tenant_id = p_tenant_id AND c.name = 'Brookside Dairy';
    INSERT INTO public.expenses (tenant_id, farm_id, category_id, vendor_id, amount, spent_on, description, created_by)
    SELECT p_tenant_id, p_farm_id, c.id, CASE WHEN c.code = 'feed' THEN v_vendor END,
           CASE c.code WHEN 'feed' THEN 180000 WHEN 'labour' THEN 95000 ELSE 12000 END + m * 1500,
           v_today - 175 + m * 30,
           CASE c.code WHEN 'feed' THEN 'Dairy meal, 70 kg bags' WHEN 'labour' THEN 'Farm hands, monthly wages'
                       ELSE 'Vet visit and drugs' END, v_worker
    FROM public.expense_categories c CROSS JOIN generate_series(0, 5) m
    WHERE c.tenant_id = p_tenant_id AND c.code IN ('feed', 'labour', 'veterinary');
    -- Move them through the workflow as iFarm's own seed (no signed-in user: limits do not apply).
    UPDATE public.expenses e SET status = 'submitted' WHERE e.tenant_id = p_tenant_id;
    UPDATE public.expenses e SET status = 'approved'
    WHERE e.tenant_id = p_tenant_id AND e.spent_on < v_today - 30;
    UPDATE public.expenses e SET status = 'paid', payment_reference = 'MPESA-' || upper(left(md5(e.id::text), 8))
    WHERE e.tenant_id = p_tenant_id AND e.status = 'approved' AND e.spent_on < v_today - 50;
    UPDATE public.expenses e SET status = 'rejected', rejection_reason = 'duplicate of an earlier bill'
    WHERE e.tenant_id = p_tenant_id AND e.id = (SELECT x.id FROM public.expenses x WHERE x.tenant_id = p_tenant_id
                                                AND x.status = 'submitted' ORDER BY x.amount LIMIT 1);
    UPDATE public.expenses e SET status = 'draft'
    WHERE e.tenant_id = p_tenant_id AND e.id = (SELECT x.id FROM public.expenses x WHERE x.tenant_id = p_tenant_id
                                                AND x.status = 'submitted' ORDER BY x.amount DESC LIMIT 1);

    -- Weekly milk sales of 80% of the week's saleable milk, in date order (each checks the stock).
    INSERT INTO public.product_sales (tenant_id, farm_id, product, quantity, unit, unit_price, sold_on, buyer_id)
    SELECT p_tenant_id, p_farm_id, 'milk', w.qty, 'l', 55, w.day, v_buyer
    FROM (SELECT d.day, round(0.8 * (SELECT coalesce(sum(p.quantity), 0) FROM public.production_records p
                                     WHERE p.tenant_id = p_tenant_id AND p.farm_id = p_farm_id AND p.product = 'milk'
                                       AND NOT p.is_withheld AND p.recorded_on BETWEEN d.day - 6 AND d.day)) AS qty
          FROM (SELECT (v_today - 168 + k * 7) AS day FROM generate_series(0, 23) k) d) w
    WHERE w.qty > 0
    ORDER BY w.day;
    -- One invoice per month of sales, issued; paid except the latest.
    FOR v_month, v_latest IN SELECT m.month, m.month = max(m.month) OVER ()
                             FROM (SELECT DISTINCT date_trunc('month', s.sold_on)::date AS month
                                   FROM public.product_sales s WHERE s.tenant_id = p_tenant_id) m
                             ORDER BY 1 LOOP
        INSERT INTO public.invoices (tenant_id, customer_id, notes) VALUES (p_tenant_id, v_buyer, 'Milk deliveries')
        RETURNING id INTO v_invoice;
        INSERT INTO public.invoice_lines (tenant_id, invoice_id, position, description, quantity, unit_price, tax_rate,
            product_sale_id)
        SELECT p_tenant_id, v_invoice, row_number() OVER (ORDER BY s.sold_on), 'Milk ' || s.quantity || ' l, ' || s.sold_on,
               s.quantity, s.unit_price, 0, s.id
        FROM public.product_sales s
        WHERE s.tenant_id = p_tenant_id AND date_trunc('month', s.sold_on) = v_month;
        UPDATE public.invoices i SET status = 'issued' WHERE i.tenant_id = p_tenant_id AND i.id = v_invoice;
        IF NOT v_latest THEN
            INSERT INTO public.payments (tenant_id, invoice_id, amount, paid_on, method, reference)
            SELECT p_tenant_id, v_invoice, i.total, least(v_today, (v_month + interval '1 month 10 days')::date),
                   'bank_transfer', 'BRK-' || to_char(v_month, 'YYYYMM')
            FROM public.invoices i WHERE i.tenant_id = p_tenant_id AND i.id = v_invoice;
        END IF;
    END LOOP;
END
$$;

-- The demo's devices, once (when the demo tenant has none): a climate sensor in the main barn with
-- two days of readings every 10 minutes and a threshold (above 28 degC for 30 minutes), so the
-- afternoon heat has opened and closed alerts; and a calf scale that weighed ten calves this
-- morning, which recorded their weights through the readings' trigger. `ifarm up` issues the sensor
-- a fresh key and prints it.
CREATE OR REPLACE FUNCTION private.seed_demo_devices(p_tenant_id uuid) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_dairy uuid;
    v_barn uuid;
    v_sensor uuid;
    v_scale uuid;
    v_tz text := (SELECT t.timezone FROM public.tenants t WHERE t.id = p_tenant_id);
    v_now timestamptz := date_trunc('minute', private.now());
BEGIN
    IF EXISTS (SELECT 1 FROM public.devices d WHERE d.tenant_id = p_tenant_id) THEN
        RETURN 0;
    END IF;
    SELECT f.id INTO v_dairy FROM public.farms f WHERE f.tenant_id = p_tenant_id AND f.name = 'Green Valley Dairy';
    SELECT l.id INTO v_barn FROM public.locations l WHERE l.tenant_id = p_tenant_id AND l.name = 'Main Barn';
    IF v_dairy IS NULL THEN
        RETURN 0;
    END IF;
    INSERT INTO public.devices (tenant_id, farm_id, device_type, serial_number, name, location_id)
    VALUES (p_tenant_id, v_dairy, 'temperature_humidity_sensor', 'TH-0001', 'Main barn climate', v_barn)
    RETURNING id INTO v_sensor;
    INSERT INTO public.devices (tenant_id, farm_id, device_type, serial_number, name, location_id)
    VALUES (p_tenant_id, v_dairy, 'weighing_scale', 'WS-0001', 'Calf scale', v_barn)
    RETURNING id INTO v_scale;
    INSERT INTO public.device_thresholds (tenant_id, device_id, metric, max_value, for_seconds)
    VALUES (p_tenant_id, v_sensor, 'temperature', 28, 1800);
    -- Temperature follows the day (coolest at 05:00 local, about 30 degC at 15:00), humidity the
    -- other way; every 10 minutes for 48 hours up to now.
    INSERT INTO public.device_readings (tenant_id, device_id, metric, measured_at, value)
    SELECT p_tenant_id, v_sensor, m.metric, x.at,
           CASE m.metric WHEN 'temperature' THEN round((22 + 8 * x.warmth)::numeric, 1)
                         WHEN 'humidity' THEN round((72 - 18 * x.warmth)::numeric, 1)
                         ELSE round((100 - 2 * extract(epoch FROM v_now - x.at) / 3600 / 24)::numeric, 1) END
    FROM generate_series(v_now - interval '48 hours', v_now, interval '10 minutes') g (at)
    CROSS JOIN LATERAL (SELECT g.at AS at,
        cos(2 * pi() * (extract(hour FROM g.at AT TIME ZONE v_tz) + extract(minute FROM g.at AT TIME ZONE v_tz) / 60
                        - 15) / 24) AS warmth) x
    CROSS JOIN (VALUES ('temperature'), ('humidity'), ('battery')) m (metric)
    ORDER BY m.metric, x.at;
    -- Ten calves walked over the scale at 07:00 local today (or an hour ago, if that is later).
    INSERT INTO public.device_readings (tenant_id, device_id, metric, measured_at, value, animal_id)
    SELECT p_tenant_id, v_scale, 'body_weight',
           least((private.tenant_today(p_tenant_id) + time '07:00') AT TIME ZONE v_tz, v_now - interval '1 hour')
               + make_interval(mins => c.n::integer),
           round((35 + (0.6 + (abs(hashtext(c.tag_number)) % 30) / 100.0) * (private.tenant_today(p_tenant_id)
                  - c.birth_date))::numeric, 1), c.id
    FROM (SELECT a.id, a.tag_number, a.birth_date, row_number() OVER (ORDER BY a.tag_number) AS n
          FROM public.animals a
          WHERE a.tenant_id = p_tenant_id AND a.tag_number LIKE 'GV-C%' AND a.status = 'active'
            AND a.birth_date < private.tenant_today(p_tenant_id)
            AND NOT EXISTS (SELECT 1 FROM public.animal_weights w WHERE w.tenant_id = a.tenant_id AND w.animal_id = a.id
                            AND w.weighed_on = private.tenant_today(p_tenant_id))
          ORDER BY a.tag_number LIMIT 10) c;
    RETURN 2;
END
$$;
