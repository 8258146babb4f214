-- 100_dashboards: the dashboard summaries and the api.dashboard_* functions.
--
-- Where each number comes from (no request scans a tenant's animals or production rows):
--  * exact "now" numbers -- animals by farm, species and status, herd value, production per day,
--    open lactations -- from summary tables (V0013) kept by statement-level triggers below;
--  * exact "today" numbers that are few rows -- animals in withdrawal, births due, lactations dried
--    off today -- from indexed range reads of the base tables;
--  * history -- finance by month, breeding KPIs, herd entries, exits and deaths per day, average
--    daily gain -- from the materialized views in db/views/020_dashboards.sql, refreshed every 5
--    minutes (private.refresh_dashboard_views); answers carry their refresh time as "as_of".
-- Farm access: every number is filtered to private.accessible_farm_ids(tenant), so a worker granted
-- one farm sees that farm's numbers only. Definitions (DOMAIN.md) are written above each function.
-- Functions reading the materialized views are PL/pgSQL: this file is applied before db/views.

-- ===================================================================== summary triggers

-- The rows a statement added (+1) and removed (-1), as SQL over its transition tables.
CREATE OR REPLACE FUNCTION private.transition_rows(p_op text, p_columns text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_op
        WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM new_rows r', p_columns)
        WHEN 'DELETE' THEN format('SELECT -1 AS sign, %s FROM old_rows r', p_columns)
        ELSE format('SELECT 1 AS sign, %1$s FROM new_rows r UNION ALL SELECT -1, %1$s FROM old_rows r', p_columns)
    END
$$;

-- Adds what a statement did to animals to public.animal_counts (soft-deleted animals count
-- nowhere). One aggregate per statement (dynamic SQL: one upsert for INSERT, UPDATE and DELETE);
-- changes that cancel out write nothing; rows of farms or tenants being deleted are skipped (their
-- counts go with them by cascade); keys are written in order so concurrent writers cannot deadlock.
CREATE OR REPLACE FUNCTION private.count_animals() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    EXECUTE format($q$
        INSERT INTO public.animal_counts AS c (tenant_id, farm_id, species, status, head, valued, value)
        SELECT d.tenant_id, d.farm_id, d.species, d.status, sum(d.sign), sum(d.sign * d.valued),
               sum(d.sign * d.value)
        FROM (%s) d
        JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
        JOIN public.tenants t ON t.id = d.tenant_id
        WHERE d.deleted_at IS NULL
        GROUP BY 1, 2, 3, 4
        HAVING sum(d.sign) <> 0 OR sum(d.sign * d.valued) <> 0 OR sum(d.sign * d.value) <> 0
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, farm_id, species, status) DO UPDATE
        SET head = c.head + excluded.head, valued = c.valued + excluded.valued, value = c.value + excluded.value
    $q$, private.transition_rows(TG_OP, 'r.tenant_id, r.farm_id, r.species, r.status, r.deleted_at, '
                                        || '(r.estimated_value IS NOT NULL)::int AS valued, '
                                        || 'coalesce(r.estimated_value, 0) AS value'));
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS count_animals_inserted ON public.animals;
CREATE TRIGGER count_animals_inserted AFTER INSERT ON public.animals REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION private.count_animals();
DROP TRIGGER IF EXISTS count_animals_updated ON public.animals;
CREATE TRIGGER count_animals_updated AFTER UPDATE ON public.animals
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION private.count_animals();
DROP TRIGGER IF EXISTS count_animals_deleted ON public.animals;
CREATE TRIGGER count_animals_deleted AFTER DELETE ON public.animals REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION private.count_animals();

-- Adds what a statement did to production records to public.production_daily_totals, keyed by
-- the species of the record's animal or group. A record whose animal or group no longer exists
-- (hard-deleted by a service role; iFarm soft-deletes) is skipped: private.rebuild_dashboard_counters
-- repairs that, and the 01:00 job repairs the latest days.
CREATE OR REPLACE FUNCTION private.total_production() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    EXECUTE format($q$
        INSERT INTO public.production_daily_totals AS p (tenant_id, farm_id, recorded_on, product, unit, species,
            quantity, withheld, records)
        SELECT d.tenant_id, d.farm_id, d.recorded_on, d.product, d.unit, coalesce(a.species, g.species),
               sum(d.sign * d.quantity), sum(d.sign * d.withheld), sum(d.sign)
        FROM (%s) d
        JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
        JOIN public.tenants t ON t.id = d.tenant_id
        LEFT JOIN public.animals a ON a.tenant_id = d.tenant_id AND a.id = d.animal_id
        LEFT JOIN public.animal_groups g ON g.tenant_id = d.tenant_id AND g.id = d.group_id
        WHERE coalesce(a.species, g.species) IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(d.sign * d.quantity) <> 0 OR sum(d.sign * d.withheld) <> 0 OR sum(d.sign) <> 0
        ORDER BY 1, 3, 2, 4, 5, 6
        ON CONFLICT (tenant_id, recorded_on, farm_id, product, unit, species) DO UPDATE
        SET quantity = p.quantity + excluded.quantity, withheld = p.withheld + excluded.withheld,
            records = p.records + excluded.records
    $q$, private.transition_rows(TG_OP, 'r.tenant_id, r.farm_id, r.animal_id, r.group_id, r.recorded_on, r.product, '
                                        || 'r.unit, r.quantity, CASE WHEN r.is_withheld THEN r.quantity ELSE 0 END '
                                        || 'AS withheld'));
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS total_production_inserted ON public.production_records;
CREATE TRIGGER total_production_inserted AFTER INSERT ON public.production_records
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.total_production();
DROP TRIGGER IF EXISTS total_production_updated ON public.production_records;
CREATE TRIGGER total_production_updated AFTER UPDATE ON public.production_records
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION private.total_production();
DROP TRIGGER IF EXISTS total_production_deleted ON public.production_records;
CREATE TRIGGER total_production_deleted AFTER DELETE ON public.production_records
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.total_production();

-- Adds what a statement did to lactations to public.open_lactation_counts (open = not dried off),
-- by the farm of the lactation and the species of the dam.
CREATE OR REPLACE FUNCTION private.count_open_lactations() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    EXECUTE format($q$
        INSERT INTO public.open_lactation_counts AS c (tenant_id, farm_id, species, open)
        SELECT d.tenant_id, d.farm_id, a.species, sum(d.sign)
        FROM (%s) d
        JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
        JOIN public.tenants t ON t.id = d.tenant_id
        JOIN public.animals a ON a.tenant_id = d.tenant_id AND a.id = d.animal_id
        WHERE d.dried_off_on IS NULL
        GROUP BY 1, 2, 3
        HAVING sum(d.sign) <> 0
        ORDER BY 1, 2, 3
        ON CONFLICT (tenant_id, farm_id, species) DO UPDATE SET open = c.open + excluded.open
    $q$, private.transition_rows(TG_OP, 'r.tenant_id, r.farm_id, r.animal_id, r.dried_off_on'));
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS count_open_lactations_inserted ON public.lactations;
CREATE TRIGGER count_open_lactations_inserted AFTER INSERT ON public.lactations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_open_lactations();
DROP TRIGGER IF EXISTS count_open_lactations_updated ON public.lactations;
CREATE TRIGGER count_open_lactations_updated AFTER UPDATE ON public.lactations
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION private.count_open_lactations();
DROP TRIGGER IF EXISTS count_open_lactations_deleted ON public.lactations;
CREATE TRIGGER count_open_lactations_deleted AFTER DELETE ON public.lactations
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_open_lactations();

-- ===================================================================== rebuilding the summaries

-- Brings the summary rows of a tenant (null: all tenants) in line with the base tables; returns
-- the number of rows changed. Race-free while others write: truth and summary are read in one
-- snapshot and only their difference is added (ON CONFLICT applies it to the latest row version),
-- so a concurrent trigger's delta is never lost. Rows of farms that no longer exist are removed.
-- Production can be limited to a date range (the 01:00 job reconciles the latest days only).
CREATE OR REPLACE FUNCTION private.reconcile_dashboard_counters(p_tenant_id uuid, p_from date DEFAULT NULL,
    p_to date DEFAULT NULL, p_production_only boolean DEFAULT false) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_rows bigint;
    v_total bigint := 0;
    v_from date := coalesce(p_from, '-infinity'::date);
    v_to date := coalesce(p_to, 'infinity'::date);
BEGIN
    DELETE FROM public.animal_counts c WHERE (p_tenant_id IS NULL OR c.tenant_id = p_tenant_id)
        AND NOT EXISTS (SELECT 1 FROM public.farms f WHERE f.tenant_id = c.tenant_id AND f.id = c.farm_id);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_total := v_total + v_rows;
    DELETE FROM public.production_daily_totals c WHERE (p_tenant_id IS NULL OR c.tenant_id = p_tenant_id)
        AND NOT EXISTS (SELECT 1 FROM public.farms f WHERE f.tenant_id = c.tenant_id AND f.id = c.farm_id);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_total := v_total + v_rows;
    DELETE FROM public.open_lactation_counts c WHERE (p_tenant_id IS NULL OR c.tenant_id = p_tenant_id)
        AND NOT EXISTS (SELECT 1 FROM public.farms f WHERE f.tenant_id = c.tenant_id AND f.id = c.farm_id);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_total := v_total + v_rows;

    IF NOT p_production_only THEN
        WITH d AS (
            SELECT a.tenant_id, a.farm_id, a.species, a.status, count(*) AS head, count(a.estimated_value) AS valued,
                   coalesce(sum(a.estimated_value), 0) AS value
            FROM public.animals a
            WHERE a.deleted_at IS NULL AND (p_tenant_id IS NULL OR a.tenant_id = p_tenant_id)
            GROUP BY 1, 2, 3, 4
            UNION ALL
            SELECT c.tenant_id, c.farm_id, c.species, c.status, -c.head, -c.valued, -c.value
            FROM public.animal_counts c WHERE p_tenant_id IS NULL OR c.tenant_id = p_tenant_id)
        INSERT INTO public.animal_counts AS c (tenant_id, farm_id, species, status, head, valued, value)
        SELECT d.tenant_id, d.farm_id, d.species, d.status, sum(d.head), sum(d.valued), sum(d.value)
        FROM d JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
        GROUP BY 1, 2, 3, 4
        HAVING sum(d.head) <> 0 OR sum(d.valued) <> 0 OR sum(d.value) <> 0
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, farm_id, species, status) DO UPDATE
        SET head = c.head + excluded.head, valued = c.valued + excluded.valued, value = c.value + excluded.value;
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        v_total := v_total + v_rows;

        WITH d AS (
            SELECT l.tenant_id, l.farm_id, a.species, count(*) AS open
            FROM public.lactations l JOIN public.animals a ON a.tenant_id = l.tenant_id AND a.id = l.animal_id
            WHERE l.dried_off_on IS NULL AND (p_tenant_id IS NULL OR l.tenant_id = p_tenant_id)
            GROUP BY 1, 2, 3
            UNION ALL
            SELECT c.tenant_id, c.farm_id, c.species, -c.open
            FROM public.open_lactation_counts c WHERE p_tenant_id IS NULL OR c.tenant_id = p_tenant_id)
        INSERT INTO public.open_lactation_counts AS c (tenant_id, farm_id, species, open)
        SELECT d.tenant_id, d.farm_id, d.species, sum(d.open)
        FROM d JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
        GROUP BY 1, 2, 3 HAVING sum(d.open) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (tenant_id, farm_id, species) DO UPDATE SET open = c.open + excluded.open;
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        v_total := v_total + v_rows;
    END IF;

    WITH d AS (
        SELECT r.tenant_id, r.farm_id, r.recorded_on, r.product, r.unit, coalesce(a.species, g.species) AS species,
               sum(r.quantity) AS quantity, coalesce(sum(r.quantity) FILTER (WHERE r.is_withheld), 0) AS withheld,
               count(*) AS records
        FROM public.production_records r
        LEFT JOIN public.animals a ON a.tenant_id = r.tenant_id AND a.id = r.animal_id
        LEFT JOIN public.animal_groups g ON g.tenant_id = r.tenant_id AND g.id = r.group_id
        WHERE (p_tenant_id IS NULL OR r.tenant_id = p_tenant_id) AND r.recorded_on BETWEEN v_from AND v_to
        GROUP BY 1, 2, 3, 4, 5, 6
        UNION ALL
        SELECT c.tenant_id, c.farm_id, c.recorded_on, c.product, c.unit, c.species, -c.quantity, -c.withheld,
               -c.records
        FROM public.production_daily_totals c
        WHERE (p_tenant_id IS NULL OR c.tenant_id = p_tenant_id) AND c.recorded_on BETWEEN v_from AND v_to)
    INSERT INTO public.production_daily_totals AS c (tenant_id, farm_id, recorded_on, product, unit, species,
        quantity, withheld, records)
    SELECT d.tenant_id, d.farm_id, d.recorded_on, d.product, d.unit, d.species, sum(d.quantity), sum(d.withheld),
           sum(d.records)
    FROM d JOIN public.farms f ON f.tenant_id = d.tenant_id AND f.id = d.farm_id
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(d.quantity) <> 0 OR sum(d.withheld) <> 0 OR sum(d.records) <> 0
    ORDER BY 1, 3, 2, 4, 5, 6
    ON CONFLICT (tenant_id, recorded_on, farm_id, product, unit, species) DO UPDATE
    SET quantity = c.quantity + excluded.quantity, withheld = c.withheld + excluded.withheld,
        records = c.records + excluded.records;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    v_total := v_total + v_rows;

    -- Rows that add up to nothing are noise (a concurrent delta re-checks the predicate: it stays).
    DELETE FROM public.production_daily_totals c
    WHERE (p_tenant_id IS NULL OR c.tenant_id = p_tenant_id) AND c.recorded_on BETWEEN v_from AND v_to
      AND c.records = 0 AND c.quantity = 0 AND c.withheld = 0;
    RETURN v_total;
END
$$;

-- Recompute every dashboard summary table of a tenant (null or no argument: all tenants) from the
-- base tables: after loading data with triggers off (bench/generate.py), or on a promoted backup.
-- Returns the number of summary rows changed (0 when they were already right).
CREATE OR REPLACE FUNCTION private.rebuild_dashboard_counters(p_tenant_id uuid DEFAULT NULL) RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
    SELECT private.reconcile_dashboard_counters(p_tenant_id)
$$;

-- Job (01:00): reconcile the daily production totals of the days around p_as_of (yesterday and
-- today in every time zone: the UTC date - 2 .. + 1) and the animal and lactation counts of all
-- tenants, then refresh the dashboard views. Idempotent: a second run changes no summary row and
-- returns 0 (the view refresh is not counted).
CREATE OR REPLACE FUNCTION private.update_daily_summaries(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_day date := (p_as_of AT TIME ZONE 'UTC')::date;
    v_rows bigint;
BEGIN
    v_rows := private.reconcile_dashboard_counters(NULL, v_day - 2, v_day + 1);
    PERFORM private.refresh_dashboard_views();
    RETURN v_rows;
END
$$;

-- Job (every 5 minutes): refresh the dashboard materialized views CONCURRENTLY (readers are never
-- blocked) and stamp their refresh time; returns the number of rows they hold. SECURITY DEFINER:
-- only the owner of a materialized view may refresh it.
CREATE OR REPLACE FUNCTION private.refresh_dashboard_views() RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_view text;
    v_rows bigint;
    v_total bigint := 0;
BEGIN
    FOREACH v_view IN ARRAY ARRAY['dashboard_finance_monthly', 'dashboard_herd_daily', 'dashboard_breeding',
                                  'dashboard_adg'] LOOP
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY private.%I', v_view);
        EXECUTE format('SELECT count(*) FROM private.%I', v_view) INTO v_rows;
        v_total := v_total + v_rows;
        INSERT INTO private.dashboard_refreshes (view_name, refreshed_at) VALUES (v_view, clock_timestamp())
        ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at;
    END LOOP;
    RETURN v_total;
END
$$;

REVOKE EXECUTE ON FUNCTION private.count_animals(), private.total_production(), private.count_open_lactations(),
    private.reconcile_dashboard_counters(uuid, date, date, boolean), private.rebuild_dashboard_counters(uuid),
    private.update_daily_summaries(timestamptz), private.refresh_dashboard_views() FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION private.transition_rows(text, text) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.rebuild_dashboard_counters(uuid), private.update_daily_summaries(timestamptz),
    private.refresh_dashboard_views() TO service_role;

-- ===================================================================== policies

DROP POLICY IF EXISTS "members read animal counts of their farms" ON public.animal_counts;
CREATE POLICY "members read animal counts of their farms" ON public.animal_counts
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "members read production totals of their farms" ON public.production_daily_totals;
CREATE POLICY "members read production totals of their farms" ON public.production_daily_totals
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "members read lactation counts of their farms" ON public.open_lactation_counts;
CREATE POLICY "members read lactation counts of their farms" ON public.open_lactation_counts
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));

-- ===================================================================== readers of the views

-- The materialized views have no RLS and are granted to nobody: these SECURITY DEFINER readers are
-- the only way in. Each checks the caller's permission and keeps the caller's accessible farms.

-- Herd history for a window of p_days days ending p_today (days d with p_today - p_days < d <=
-- p_today), from the views:
--   repeat_heat      females to watch for heat (api.repeat_heat_watch's rule, as of the refresh day);
--   services, conceived   services of the last 365 days with a known outcome, and those that led to
--                    a confirmed pregnancy (a service still "served" has no outcome yet);
--   calving          per species of the dam: cows with two or more calvings and the sum of each
--                    one's latest calving interval (days between her last two calving dates);
--   deaths           animals that died (status deceased, by exit date) and group deaths in the window;
--   net_weighted     sum over herd changes (entries - exits) dated after the window's first day of
--                    change x min(day - first day, p_days): head count of day d = head now - changes
--                    after d, so the window's mean head count = head now - net_weighted / p_days;
--   adg              per farm and species, the mean of the animals' average daily gains over the
--                    smallest precomputed window (30, 90, 365 days) covering p_days.
CREATE OR REPLACE FUNCTION private.dashboard_herd(p_tenant_id uuid, p_today date, p_days integer) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_farms uuid[];
    v_start date := p_today - p_days + 1;
    v_window integer := CASE WHEN p_days <= 30 THEN 30 WHEN p_days <= 90 THEN 90 ELSE 365 END;
BEGIN
    PERFORM private.require_permission(p_tenant_id, 'livestock.read');
    v_farms := ARRAY(SELECT private.accessible_farm_ids(p_tenant_id));
    RETURN jsonb_build_object(
        'as_of', (SELECT min(r.refreshed_at) FROM private.dashboard_refreshes r),
        'repeat_heat', (SELECT coalesce(sum(b.repeat_heat), 0) FROM private.dashboard_breeding b
                        WHERE b.tenant_id = p_tenant_id AND b.farm_id = ANY (v_farms)),
        'services', (SELECT coalesce(sum(b.services), 0) FROM private.dashboard_breeding b
                     WHERE b.tenant_id = p_tenant_id AND b.farm_id = ANY (v_farms)),
        'conceived', (SELECT coalesce(sum(b.conceived), 0) FROM private.dashboard_breeding b
                      WHERE b.tenant_id = p_tenant_id AND b.farm_id = ANY (v_farms)),
        'calving', (SELECT coalesce(jsonb_agg(jsonb_build_object('species', x.species, 'cows', x.cows,
                        'mean_interval_days', round(x.days::numeric / x.cows, 1)) ORDER BY x.species), '[]'::jsonb)
                    FROM (SELECT b.species, sum(b.calving_cows) AS cows, sum(b.calving_days) AS days
                          FROM private.dashboard_breeding b
                          WHERE b.tenant_id = p_tenant_id AND b.farm_id = ANY (v_farms)
                          GROUP BY b.species HAVING sum(b.calving_cows) > 0) x),
        'deaths', (SELECT coalesce(sum(h.deaths), 0) FROM private.dashboard_herd_daily h
                   WHERE h.tenant_id = p_tenant_id AND h.farm_id = ANY (v_farms) AND h.day BETWEEN v_start AND p_today),
        'net_weighted', (SELECT coalesce(sum((h.entries - h.exits) * least(h.day - v_start, p_days)), 0)
                         FROM private.dashboard_herd_daily h
                         WHERE h.tenant_id = p_tenant_id AND h.farm_id = ANY (v_farms) AND h.day > v_start),
        'adg', jsonb_build_object('window_days', v_window, 'groups', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('farm_id', g.farm_id, 'farm', f.name, 'species', g.species,
                       'animals', g.animals, 'adg_kg_per_day', round(g.adg_sum / g.animals, 3))
                       ORDER BY f.name, g.species), '[]'::jsonb)
            FROM private.dashboard_adg g JOIN public.farms f ON f.tenant_id = g.tenant_id AND f.id = g.farm_id
            WHERE g.tenant_id = p_tenant_id AND g.window_days = v_window AND g.farm_id = ANY (v_farms))));
END
$$;

-- Finance by month (from p_from), kind (revenue | expense), category (expense category code; for
-- revenue "animals" or the product) and currency, over the caller's farms. Needs finance.read.
CREATE OR REPLACE FUNCTION private.dashboard_finance(p_tenant_id uuid, p_from date)
RETURNS TABLE (month date, kind text, category text, currency text, amount numeric, entries bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    PERFORM private.require_permission(p_tenant_id, 'finance.read');
    RETURN QUERY
        SELECT m.month, m.kind, m.category, m.currency, sum(m.amount), sum(m.entries)::bigint
        FROM private.dashboard_finance_monthly m
        WHERE m.tenant_id = p_tenant_id AND m.month >= p_from
          AND m.farm_id = ANY (ARRAY(SELECT private.accessible_farm_ids(p_tenant_id)))
        GROUP BY 1, 2, 3, 4;
END
$$;

-- When the views were last refreshed (null before the first refresh).
CREATE OR REPLACE FUNCTION private.dashboard_as_of() RETURNS timestamptz
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT min(r.refreshed_at) FROM private.dashboard_refreshes r
$$;

GRANT EXECUTE ON FUNCTION private.dashboard_herd(uuid, date, integer), private.dashboard_finance(uuid, date),
    private.dashboard_as_of() TO authenticated, service_role;

-- Revenue, expenses and profit per currency for the months from p_from to p_to (month starts).
CREATE OR REPLACE FUNCTION private.dashboard_money(p_tenant_id uuid, p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('currency', x.currency, 'revenue', x.revenue,
               'expenses', x.expenses, 'profit', x.revenue - x.expenses) ORDER BY x.currency), '[]'::jsonb)
    FROM (SELECT f.currency, coalesce(sum(f.amount) FILTER (WHERE f.kind = 'revenue'), 0) AS revenue,
                 coalesce(sum(f.amount) FILTER (WHERE f.kind = 'expense'), 0) AS expenses
          FROM private.dashboard_finance(p_tenant_id, p_from) f
          WHERE f.month <= p_to
          GROUP BY f.currency) x
$$;
GRANT EXECUTE ON FUNCTION private.dashboard_money(uuid, date, date) TO authenticated, service_role;

-- ===================================================================== api

-- The heavy dashboards run in SECURITY DEFINER private.dashboard_* bodies behind thin api wrappers:
-- they check the caller's permission first and filter every read by private.accessible_farm_ids,
-- which the row policies would only repeat (one private.my_farms() call per table read, about a
-- third of the time of a stats request on the largest tenant).

-- The dashboard's headline numbers over the caller's farms.
--   animals.total / active / by_status / by_species: animals not deleted (active = status active);
--   animals.herd_value: sum of the active animals' estimated_value (the value a farmer keeps on the
--     animal, in the tenant's currency); unvalued = active animals without one;
--   animals.in_withdrawal: active animals with a treatment that started on or before today and whose
--     latest clearance date (any product) is after today, i.e. some produce of theirs is withheld today;
--   groups: live groups (flocks, batches) and their head count;
--   breeding.births_due_30_days: open pregnancies (served or confirmed) due on or before today + 30
--     (overdue included, as api.births_due); breeding.repeat_heat: as of the views' refresh;
--   production: today's milk per unit (withheld included, DOMAIN: it counts in volume) and eggs;
--     milk per lactating cow = today's cattle milk / cattle in lactation today (lactation started on
--     or before today, not dried off before today);
--   finance (finance.read only, else null): revenue (animal and product sales) and approved and paid
--     expenses this month and last month, per currency, as of the views' refresh.
-- "today" is the tenant's local date; "as_of" is when the views were refreshed.
CREATE OR REPLACE FUNCTION private.dashboard_stats(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    t uuid := dashboard_stats.tenant_id;
    v_farms uuid[];
    v_today date;
    v_month date;
    v_herd jsonb;
    v_animals jsonb;
    v_cows bigint;
    v_finance jsonb;
BEGIN
    PERFORM private.require_permission(t, 'livestock.read');
    v_farms := ARRAY(SELECT private.accessible_farm_ids(t));
    v_today := private.tenant_today(t);
    v_month := date_trunc('month', v_today)::date;
    v_herd := private.dashboard_herd(t, v_today, 30);
    WITH c AS (
        SELECT c.species, c.status, c.head, c.valued, c.value FROM public.animal_counts c
        WHERE c.tenant_id = t AND c.farm_id = ANY (v_farms) AND c.head <> 0)
    SELECT jsonb_build_object(
        'total', coalesce(sum(c.head), 0),
        'active', coalesce(sum(c.head) FILTER (WHERE c.status = 'active'), 0),
        'herd_value', coalesce(sum(c.value) FILTER (WHERE c.status = 'active'), 0),
        'unvalued', coalesce(sum(c.head - c.valued) FILTER (WHERE c.status = 'active'), 0),
        'by_status', (SELECT coalesce(jsonb_object_agg(s.status, s.head), '{}'::jsonb)
                      FROM (SELECT c.status, sum(c.head) AS head FROM c GROUP BY c.status) s),
        'by_species', (SELECT coalesce(jsonb_object_agg(s.species, jsonb_build_object('active', s.active,
                           'total', s.total)), '{}'::jsonb)
                       FROM (SELECT c.species, sum(c.head) AS total,
                                    coalesce(sum(c.head) FILTER (WHERE c.status = 'active'), 0) AS active
                             FROM c GROUP BY c.species) s))
    INTO v_animals FROM c;
    v_cows := (SELECT coalesce(sum(o.open), 0) FROM public.open_lactation_counts o
               WHERE o.tenant_id = t AND o.farm_id = ANY (v_farms) AND o.species = 'cattle')
            + (SELECT count(*) FROM public.lactations l
               JOIN public.animals a ON a.tenant_id = l.tenant_id AND a.id = l.animal_id
               WHERE l.tenant_id = t AND l.dried_off_on >= v_today AND l.started_on <= v_today
                 AND a.species = 'cattle' AND l.farm_id = ANY (v_farms));
    IF private.has_permission(t, 'finance.read') THEN
        v_finance := jsonb_build_object(
            'this_month', private.dashboard_money(t, v_month, v_month),
            'last_month', private.dashboard_money(t, (v_month - interval '1 month')::date,
                                                  (v_month - interval '1 month')::date));
    END IF;
    RETURN jsonb_build_object(
        'as_of', v_herd -> 'as_of',
        'today', v_today,
        'farms', cardinality(v_farms),
        'animals', v_animals || jsonb_build_object(
            'in_withdrawal', (
                SELECT count(DISTINCT tr.animal_id) FROM public.treatments tr
                JOIN public.animals a ON a.tenant_id = tr.tenant_id AND a.id = tr.animal_id
                WHERE tr.tenant_id = t AND greatest(tr.meat_clear_on, tr.milk_clear_on, tr.eggs_clear_on) > v_today
                  AND tr.course_start <= v_today AND a.status = 'active' AND a.deleted_at IS NULL
                  AND a.farm_id = ANY (v_farms))),
        'groups', (SELECT jsonb_build_object('count', count(*),
                              'heads', coalesce(sum(g.female_count + g.male_count + g.unknown_count), 0),
                              'in_withdrawal', count(*) FILTER (WHERE EXISTS (
                                  SELECT 1 FROM public.treatments tr
                                  WHERE tr.tenant_id = g.tenant_id AND tr.group_id = g.id
                                    AND greatest(tr.meat_clear_on, tr.milk_clear_on, tr.eggs_clear_on) > v_today
                                    AND tr.course_start <= v_today)))
                   FROM public.animal_groups g
                   WHERE g.tenant_id = t AND g.deleted_at IS NULL AND g.farm_id = ANY (v_farms)),
        'breeding', jsonb_build_object(
            'births_due_30_days', (SELECT count(*) FROM public.breeding_services s
                                   WHERE s.tenant_id = t AND s.status IN ('served', 'confirmed')
                                     AND s.expected_due_on <= v_today + 30 AND s.farm_id = ANY (v_farms)),
            'repeat_heat', v_herd -> 'repeat_heat'),
        'production', (
            SELECT jsonb_build_object(
                'milk_today', coalesce(jsonb_agg(jsonb_build_object('unit', p.unit, 'quantity', p.quantity,
                                  'withheld', p.withheld) ORDER BY p.unit) FILTER (WHERE p.product = 'milk'),
                                  '[]'::jsonb),
                'eggs_today', coalesce(sum(p.quantity) FILTER (WHERE p.product = 'eggs'), 0),
                'eggs_withheld_today', coalesce(sum(p.withheld) FILTER (WHERE p.product = 'eggs'), 0),
                'milk_per_lactating_cow', jsonb_build_object(
                    'cows_in_lactation', v_cows,
                    'milk', coalesce(jsonb_agg(jsonb_build_object('unit', p.unit, 'quantity', p.cattle,
                                'per_cow', CASE WHEN v_cows > 0 THEN round(p.cattle / v_cows, 2) END)
                                ORDER BY p.unit) FILTER (WHERE p.product = 'milk' AND p.cattle > 0), '[]'::jsonb)))
            FROM (SELECT d.product, d.unit, sum(d.quantity) AS quantity, sum(d.withheld) AS withheld,
                         coalesce(sum(d.quantity) FILTER (WHERE d.species = 'cattle'), 0) AS cattle
                  FROM public.production_daily_totals d
                  WHERE d.tenant_id = t AND d.recorded_on = v_today AND d.farm_id = ANY (v_farms)
                    AND d.product IN ('milk', 'eggs') AND d.records <> 0
                  GROUP BY d.product, d.unit) p),
        'finance', v_finance);
END
$$;
CREATE OR REPLACE FUNCTION api.dashboard_stats(tenant_id uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT private.dashboard_stats(tenant_id)
$$;
COMMENT ON FUNCTION api.dashboard_stats(uuid) IS
    'Dashboard headline numbers over the caller''s farms: animals, herd value, breeding, today''s production, finance.';

-- A page of the active animals on the caller's farms, by tag number, with farm name, breed name
-- and current health status (private.animal_health_status), and their count.
CREATE OR REPLACE FUNCTION private.dashboard_animals(tenant_id uuid, page integer, page_size integer) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    t uuid := dashboard_animals.tenant_id;
    v_farms uuid[];
    v_today date;
    v_count bigint;
    v_offset bigint;
    v_ids uuid[];
BEGIN
    PERFORM private.require_permission(t, 'livestock.read');
    IF dashboard_animals.page IS NULL OR dashboard_animals.page < 1 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'page must be 1 or more',
            DETAIL = format('page=%s', dashboard_animals.page), HINT = 'invalid_page';
    END IF;
    PERFORM private.check_page(dashboard_animals.page_size, 0);
    v_offset := (dashboard_animals.page - 1)::bigint * dashboard_animals.page_size;
    v_farms := ARRAY(SELECT private.accessible_farm_ids(t));
    v_today := private.tenant_today(t);
    v_count := (SELECT coalesce(sum(c.head), 0) FROM public.animal_counts c
                WHERE c.tenant_id = t AND c.farm_id = ANY (v_farms) AND c.status = 'active');
    -- The page's animals, in tag order along the live-tag index. Members who see every farm need no
    -- farm filter, and this statement's cached generic plan serves every tenant size; a filtered
    -- page is planned for its own farms on each call (a generic plan there can sort a whole herd).
    IF private.has_permission(t, 'farms.all') THEN
        v_ids := ARRAY(SELECT a.id FROM public.animals a
                       WHERE a.tenant_id = t AND a.deleted_at IS NULL AND a.status = 'active'
                       ORDER BY lower(a.tag_number)
                       LIMIT dashboard_animals.page_size OFFSET v_offset);
    ELSE
        EXECUTE 'SELECT ARRAY(SELECT a.id FROM public.animals a
                              WHERE a.tenant_id = $1 AND a.deleted_at IS NULL AND a.status = ''active''
                                AND a.farm_id = ANY ($2)
                              ORDER BY lower(a.tag_number) LIMIT $3 OFFSET $4)'
        INTO v_ids USING t, v_farms, dashboard_animals.page_size, v_offset;
    END IF;
    RETURN jsonb_build_object(
        'count', v_count,
        'page', dashboard_animals.page,
        'page_size', dashboard_animals.page_size,
        'next', CASE WHEN dashboard_animals.page * dashboard_animals.page_size < v_count
                     THEN dashboard_animals.page + 1 END,
        'previous', CASE WHEN dashboard_animals.page > 1 THEN dashboard_animals.page - 1 END,
        'results', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'tag_number', a.tag_number, 'name', a.name,
                       'species', a.species, 'sex', a.sex, 'status', a.status, 'birth_date', a.birth_date,
                       'estimated_value', a.estimated_value, 'farm_id', a.farm_id, 'farm', f.name,
                       'breed_id', coalesce(a.breed_id, a.tenant_breed_id), 'breed', coalesce(b.name, tb.name),
                       'health_status', private.animal_health_status(t, a.id, v_today))
                       ORDER BY x.n), '[]'::jsonb)
            FROM unnest(v_ids) WITH ORDINALITY x (id, n)
            JOIN public.animals a ON a.tenant_id = t AND a.id = x.id
            JOIN public.farms f ON f.tenant_id = a.tenant_id AND f.id = a.farm_id
            LEFT JOIN public.breeds b ON b.id = a.breed_id
            LEFT JOIN public.tenant_breeds tb ON tb.tenant_id = a.tenant_id AND tb.id = a.tenant_breed_id));
END
$$;
CREATE OR REPLACE FUNCTION api.dashboard_animals(tenant_id uuid, page integer DEFAULT 1, page_size integer DEFAULT 20)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT private.dashboard_animals(tenant_id, page, page_size)
$$;
COMMENT ON FUNCTION api.dashboard_animals(uuid, integer, integer) IS
    'A page of the active animals on the caller''s farms with farm, breed and health status, and their count.';

-- Trends and KPIs over the last `days` days (1 to 366, default 30) on the caller's farms:
--   production_trend: per day, product and unit, the quantity and withheld quantity (exact);
--   average_daily_gain: mean of the animals' ADGs (DOMAIN.md) per farm and species (see
--     private.dashboard_herd for the window);
--   mortality: deaths in the window / mean daily head count (animals and group heads) x 100;
--   calving_interval: per species, the mean of each dam's latest calving interval (herd calving index);
--   conception_rate: services that led to a confirmed pregnancy / services with a known outcome, x 100,
--     over the last 365 days;
--   revenue_vs_expenses (finance.read only, else null): the last 12 months, per month and currency.
CREATE OR REPLACE FUNCTION private.dashboard_analytics(tenant_id uuid, days integer) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    t uuid := dashboard_analytics.tenant_id;
    n integer := dashboard_analytics.days;
    v_farms uuid[];
    v_today date;
    v_herd jsonb;
    v_head_now numeric;
    v_mean_head numeric;
    v_deaths numeric;
    v_first_month date;
    v_money jsonb;
BEGIN
    PERFORM private.require_permission(t, 'livestock.read');
    IF n IS NULL OR n < 1 OR n > 366 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'days must be between 1 and 366',
            DETAIL = format('days=%s', n), HINT = 'invalid_days';
    END IF;
    v_farms := ARRAY(SELECT private.accessible_farm_ids(t));
    v_today := private.tenant_today(t);
    v_herd := private.dashboard_herd(t, v_today, n);
    v_head_now := (SELECT coalesce(sum(c.head), 0) FROM public.animal_counts c
                   WHERE c.tenant_id = t AND c.farm_id = ANY (v_farms) AND c.status = 'active')
                + (SELECT coalesce(sum(g.female_count + g.male_count + g.unknown_count), 0) FROM public.animal_groups g
                   WHERE g.tenant_id = t AND g.deleted_at IS NULL AND g.farm_id = ANY (v_farms));
    v_mean_head := v_head_now - (v_herd ->> 'net_weighted')::numeric / n;
    v_deaths := (v_herd ->> 'deaths')::numeric;
    IF private.has_permission(t, 'finance.read') THEN
        v_first_month := (date_trunc('month', v_today) - interval '11 months')::date;
        SELECT coalesce(jsonb_agg(jsonb_build_object('month', m.month, 'currency', c.currency,
                   'revenue', coalesce(x.revenue, 0), 'expenses', coalesce(x.expenses, 0),
                   'profit', coalesce(x.revenue, 0) - coalesce(x.expenses, 0)) ORDER BY c.currency, m.month), '[]'::jsonb)
        INTO v_money
        FROM (SELECT (v_first_month + make_interval(months => k))::date AS month FROM generate_series(0, 11) k) m
        CROSS JOIN (SELECT tn.currency::text AS currency FROM public.tenants tn WHERE tn.id = t
                    UNION SELECT f.currency FROM private.dashboard_finance(t, v_first_month) f) c
        LEFT JOIN (SELECT f.month, f.currency, sum(f.amount) FILTER (WHERE f.kind = 'revenue') AS revenue,
                          sum(f.amount) FILTER (WHERE f.kind = 'expense') AS expenses
                   FROM private.dashboard_finance(t, v_first_month) f GROUP BY 1, 2) x
            ON x.month = m.month AND x.currency = c.currency;
    END IF;
    RETURN jsonb_build_object(
        'as_of', v_herd -> 'as_of',
        'today', v_today,
        'days', n,
        'production_trend', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('day', p.recorded_on, 'product', p.product, 'unit', p.unit,
                       'quantity', p.quantity, 'withheld', p.withheld) ORDER BY p.product, p.unit, p.recorded_on),
                       '[]'::jsonb)
            FROM (SELECT d.recorded_on, d.product, d.unit, sum(d.quantity) AS quantity, sum(d.withheld) AS withheld
                  FROM public.production_daily_totals d
                  WHERE d.tenant_id = t AND d.recorded_on > v_today - n AND d.recorded_on <= v_today
                    AND d.farm_id = ANY (v_farms)
                  GROUP BY 1, 2, 3 HAVING sum(d.records) > 0) p),
        'average_daily_gain', v_herd -> 'adg',
        'mortality', jsonb_build_object('deaths', v_deaths, 'average_head_count', round(v_mean_head, 2),
            'rate_pct', CASE WHEN v_mean_head > 0 THEN round(v_deaths / v_mean_head * 100, 2) END),
        'calving_interval', v_herd -> 'calving',
        'conception_rate', jsonb_build_object('services', v_herd -> 'services', 'conceived', v_herd -> 'conceived',
            'rate_pct', CASE WHEN (v_herd ->> 'services')::numeric > 0
                             THEN round((v_herd ->> 'conceived')::numeric / (v_herd ->> 'services')::numeric * 100, 2)
                        END),
        'revenue_vs_expenses', v_money);
END
$$;
CREATE OR REPLACE FUNCTION api.dashboard_analytics(tenant_id uuid, days integer DEFAULT 30) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT private.dashboard_analytics(tenant_id, days)
$$;
COMMENT ON FUNCTION api.dashboard_analytics(uuid, integer) IS
    'Production trend, average daily gain, mortality, calving interval, conception rate and monthly money over a window.';

-- The latest activities (feeding, milking, treatments...) on the caller's farms, newest first:
-- the top of each farm's index, merged.
CREATE OR REPLACE FUNCTION api.dashboard_activities(tenant_id uuid, "limit" integer DEFAULT 10) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t uuid := dashboard_activities.tenant_id;
    n integer := dashboard_activities."limit";
BEGIN
    PERFORM private.require_permission(t, 'livestock.read');
    PERFORM private.check_page(n, 0);
    RETURN (
        SELECT coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'activity_type', x.activity_type,
                   'performed_at', x.performed_at, 'farm_id', x.farm_id, 'farm', f.name, 'animal_id', x.animal_id,
                   'tag_number', a.tag_number, 'group_id', x.group_id, 'group', g.name,
                   'performed_by', x.performed_by, 'performed_by_name', pr.full_name,
                   'duration_minutes', x.duration_minutes, 'notes', x.notes)
                   ORDER BY x.performed_at DESC, x.id DESC), '[]'::jsonb)
        FROM (SELECT y.* FROM unnest(ARRAY(SELECT private.accessible_farm_ids(t))) fa (farm_id)
              CROSS JOIN LATERAL (SELECT ac.* FROM public.activities ac
                                  WHERE ac.tenant_id = t AND ac.farm_id = fa.farm_id
                                  ORDER BY ac.performed_at DESC, ac.id DESC LIMIT n) y
              ORDER BY y.performed_at DESC, y.id DESC LIMIT n) x
        JOIN public.farms f ON f.tenant_id = x.tenant_id AND f.id = x.farm_id
        LEFT JOIN public.animals a ON a.tenant_id = x.tenant_id AND a.id = x.animal_id
        LEFT JOIN public.animal_groups g ON g.tenant_id = x.tenant_id AND g.id = x.group_id
        LEFT JOIN public.profiles pr ON pr.id = x.performed_by);
END
$$;
COMMENT ON FUNCTION api.dashboard_activities(uuid, integer) IS 'The latest activities on the caller''s farms.';

-- The latest sales (animals and produce) on the caller's farms, newest first. Needs finance.read.
CREATE OR REPLACE FUNCTION api.dashboard_recent_sales(tenant_id uuid, "limit" integer DEFAULT 10) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t uuid := dashboard_recent_sales.tenant_id;
    n integer := dashboard_recent_sales."limit";
BEGIN
    PERFORM private.require_permission(t, 'finance.read');
    PERFORM private.check_page(n, 0);
    RETURN (
        SELECT coalesce(jsonb_agg(jsonb_build_object('kind', x.kind, 'id', x.id, 'sold_on', x.sold_on,
                   'farm_id', x.farm_id, 'farm', f.name, 'description', x.description, 'amount', x.amount,
                   'currency', x.currency, 'buyer_id', x.buyer_id, 'buyer', cp.name, 'invoice_id', x.invoice_id)
                   ORDER BY x.sold_on DESC, x.created_at DESC, x.id DESC), '[]'::jsonb)
        FROM (SELECT y.* FROM unnest(ARRAY(SELECT private.accessible_farm_ids(t))) fa (farm_id)
              CROSS JOIN LATERAL (
                  (SELECT 'animal' AS kind, s.id, s.tenant_id, s.farm_id, s.sold_on, s.created_at,
                          coalesce(an.tag_number, gr.name || ' x ' || (s.female + s.male + s.unknown)) AS description,
                          s.price AS amount, s.currency::text AS currency, s.buyer_id, s.invoice_id
                   FROM public.animal_sales s
                   LEFT JOIN public.animals an ON an.tenant_id = s.tenant_id AND an.id = s.animal_id
                   LEFT JOIN public.animal_groups gr ON gr.tenant_id = s.tenant_id AND gr.id = s.group_id
                   WHERE s.tenant_id = t AND s.farm_id = fa.farm_id
                   ORDER BY s.sold_on DESC, s.created_at DESC, s.id DESC LIMIT n)
                  UNION ALL
                  (SELECT 'product', s.id, s.tenant_id, s.farm_id, s.sold_on, s.created_at,
                          s.product || ' ' || s.quantity || ' ' || s.unit, s.total, s.currency::text, s.buyer_id,
                          s.invoice_id
                   FROM public.product_sales s
                   WHERE s.tenant_id = t AND s.farm_id = fa.farm_id
                   ORDER BY s.sold_on DESC, s.created_at DESC, s.id DESC LIMIT n)) y
              ORDER BY y.sold_on DESC, y.created_at DESC, y.id DESC LIMIT n) x
        JOIN public.farms f ON f.tenant_id = x.tenant_id AND f.id = x.farm_id
        LEFT JOIN public.counterparties cp ON cp.tenant_id = x.tenant_id AND cp.id = x.buyer_id);
END
$$;
COMMENT ON FUNCTION api.dashboard_recent_sales(uuid, integer) IS 'The latest animal and product sales on the caller''s farms.';

-- Money over the last 12 months (this month included) on the caller's farms, per currency:
-- revenue (animal and product sales) and approved and paid expenses by month, expenses by category,
-- revenue by source, totals and profit (revenue - expenses), as of the views' refresh; and the
-- invoices still to be paid now (issued or overdue: total - paid) per currency, the tenant's own
-- currency always listed (zeros when nothing is outstanding, so a client renders "0" without a
-- special case). Invoices belong to the tenant, not to a farm, so every finance reader sees them
-- all (as their policy says).
CREATE OR REPLACE FUNCTION api.dashboard_financial_summary(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t uuid := dashboard_financial_summary.tenant_id;
    v_today date;
    v_from date;
BEGIN
    PERFORM private.require_permission(t, 'finance.read');
    v_today := private.tenant_today(t);
    v_from := (date_trunc('month', v_today) - interval '11 months')::date;
    RETURN (
        WITH f AS MATERIALIZED (SELECT * FROM private.dashboard_finance(t, v_from))
        SELECT jsonb_build_object(
            'as_of', private.dashboard_as_of(),
            'today', v_today,
            'from_month', v_from,
            'by_month', (SELECT coalesce(jsonb_agg(jsonb_build_object('month', m.month, 'currency', m.currency,
                             'revenue', m.revenue, 'expenses', m.expenses, 'profit', m.revenue - m.expenses)
                             ORDER BY m.currency, m.month), '[]'::jsonb)
                         FROM (SELECT f.month, f.currency,
                                      coalesce(sum(f.amount) FILTER (WHERE f.kind = 'revenue'), 0) AS revenue,
                                      coalesce(sum(f.amount) FILTER (WHERE f.kind = 'expense'), 0) AS expenses
                               FROM f GROUP BY 1, 2) m),
            'expenses_by_category', (
                SELECT coalesce(jsonb_agg(jsonb_build_object('category', c.category, 'name', ec.name,
                           'currency', c.currency, 'amount', c.amount) ORDER BY c.currency, c.amount DESC, c.category),
                           '[]'::jsonb)
                FROM (SELECT f.category, f.currency, sum(f.amount) AS amount FROM f WHERE f.kind = 'expense'
                      GROUP BY 1, 2) c
                LEFT JOIN public.expense_categories ec ON ec.tenant_id = t AND ec.code = c.category),
            'revenue_by_source', (
                SELECT coalesce(jsonb_agg(jsonb_build_object('source', c.category, 'currency', c.currency,
                           'amount', c.amount) ORDER BY c.currency, c.amount DESC, c.category), '[]'::jsonb)
                FROM (SELECT f.category, f.currency, sum(f.amount) AS amount FROM f WHERE f.kind = 'revenue'
                      GROUP BY 1, 2) c),
            'totals', (SELECT coalesce(jsonb_agg(jsonb_build_object('currency', x.currency, 'revenue', x.revenue,
                           'expenses', x.expenses, 'profit', x.revenue - x.expenses) ORDER BY x.currency), '[]'::jsonb)
                       FROM (SELECT f.currency, coalesce(sum(f.amount) FILTER (WHERE f.kind = 'revenue'), 0) AS revenue,
                                    coalesce(sum(f.amount) FILTER (WHERE f.kind = 'expense'), 0) AS expenses
                             FROM f GROUP BY 1) x),
            'outstanding_invoices', (
                SELECT jsonb_agg(jsonb_build_object('currency', c.currency, 'invoices', coalesce(o.invoices, 0),
                           'overdue', coalesce(o.overdue, 0), 'amount', coalesce(o.amount, 0)) ORDER BY c.currency)
                FROM (SELECT tn.currency::text AS currency FROM public.tenants tn WHERE tn.id = t) c
                FULL JOIN (SELECT i.currency::text AS currency, count(*) AS invoices,
                                  count(*) FILTER (WHERE i.status = 'overdue' OR i.due_on < v_today) AS overdue,
                                  sum(i.total - i.amount_paid) AS amount
                           FROM public.invoices i
                           WHERE i.tenant_id = t AND i.status IN ('issued', 'overdue')
                           GROUP BY 1) o USING (currency))));
END
$$;
COMMENT ON FUNCTION api.dashboard_financial_summary(uuid) IS
    'Revenue, approved expenses and profit by month and category over 12 months, and outstanding invoices.';

GRANT EXECUTE ON FUNCTION private.dashboard_stats(uuid), private.dashboard_animals(uuid, integer, integer),
    private.dashboard_analytics(uuid, integer) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION api.dashboard_stats(uuid), api.dashboard_animals(uuid, integer, integer),
    api.dashboard_analytics(uuid, integer), api.dashboard_activities(uuid, integer),
    api.dashboard_recent_sales(uuid, integer), api.dashboard_financial_summary(uuid) TO authenticated, service_role;
