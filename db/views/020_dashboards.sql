-- 020_dashboards: the dashboards' materialized views (history that may be up to 5 minutes old).
-- They live in the private schema, have no RLS and are granted to nobody: the SECURITY DEFINER
-- readers in db/functions/100_dashboards.sql filter them by the caller's farms. Each has a UNIQUE
-- index so private.refresh_dashboard_views() refreshes it CONCURRENTLY (readers never wait).
-- `ifarm migrate` re-applies this file only when it changes; it then rebuilds the views with data.
-- Exact "now" numbers do not come from here: see the summary tables of V0013. "Today" is each
-- tenant's own date on the refresh day (private.tenant_today, which follows the clock).

DROP MATERIALIZED VIEW IF EXISTS private.dashboard_finance_monthly;
DROP MATERIALIZED VIEW IF EXISTS private.dashboard_herd_daily;
DROP MATERIALIZED VIEW IF EXISTS private.dashboard_breeding;
DROP MATERIALIZED VIEW IF EXISTS private.dashboard_adg;

-- Money per farm and month: approved and paid expenses by category (DOMAIN: only they count),
-- animal sales (category "animals") and product sales (category = the product), per currency.
CREATE MATERIALIZED VIEW private.dashboard_finance_monthly AS
SELECT e.tenant_id, e.farm_id, date_trunc('month', e.spent_on)::date AS month, 'expense'::text AS kind,
       c.code AS category, e.currency::text AS currency, sum(e.amount) AS amount, count(*) AS entries
FROM public.expenses e
JOIN public.expense_categories c ON c.tenant_id = e.tenant_id AND c.id = e.category_id
WHERE e.status IN ('approved', 'paid')
GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL
SELECT s.tenant_id, s.farm_id, date_trunc('month', s.sold_on)::date, 'revenue', 'animals', s.currency::text,
       sum(s.price), count(*)
FROM public.animal_sales s
GROUP BY 1, 2, 3, 4, 5, 6
UNION ALL
SELECT s.tenant_id, s.farm_id, date_trunc('month', s.sold_on)::date, 'revenue', s.product, s.currency::text,
       sum(s.total), count(*)
FROM public.product_sales s
GROUP BY 1, 2, 3, 4, 5, 6;
CREATE UNIQUE INDEX dashboard_finance_monthly_key
    ON private.dashboard_finance_monthly (tenant_id, farm_id, month, kind, category, currency);

-- Herd changes per farm and day over the last 400 days (and any later date): entries, exits and
-- deaths. An animal enters on its acquisition date, else its birth date, else the day it was
-- registered, and exits on its exit date (sold, deceased, culled, transferred); it counts on its
-- current farm. Group heads enter and leave through their count events. Soft-deleted animals and
-- groups count nowhere. Mortality over a window is computed from these (private.dashboard_herd).
CREATE MATERIALIZED VIEW private.dashboard_herd_daily AS
SELECT x.tenant_id, x.farm_id, x.day, sum(x.entries)::bigint AS entries, sum(x.exits)::bigint AS exits,
       sum(x.deaths)::bigint AS deaths
FROM (SELECT a.tenant_id, a.farm_id, coalesce(a.acquired_on, a.birth_date, a.created_at::date) AS day,
             1 AS entries, 0 AS exits, 0 AS deaths
      FROM public.animals a WHERE a.deleted_at IS NULL
      UNION ALL
      SELECT a.tenant_id, a.farm_id, a.exit_date, 0, 1, (a.status = 'deceased')::int
      FROM public.animals a WHERE a.deleted_at IS NULL AND a.exit_date IS NOT NULL
      UNION ALL
      SELECT e.tenant_id, g.farm_id, e.occurred_on,
             greatest(e.female_delta + e.male_delta + e.unknown_delta, 0),
             greatest(-(e.female_delta + e.male_delta + e.unknown_delta), 0),
             CASE WHEN e.event_type = 'death' THEN -(e.female_delta + e.male_delta + e.unknown_delta) ELSE 0 END
      FROM public.group_count_events e
      JOIN public.animal_groups g ON g.tenant_id = e.tenant_id AND g.id = e.group_id
      WHERE g.deleted_at IS NULL) x
WHERE x.day > private.today() - 401
GROUP BY 1, 2, 3;
CREATE UNIQUE INDEX dashboard_herd_daily_key ON private.dashboard_herd_daily (tenant_id, farm_id, day);

-- Breeding per farm and species of the dam: repeat heat (api.repeat_heat_watch's rule on the
-- refresh day, by the animal's farm), services of the last 365 days with a known outcome and those
-- conceived (confirmed or delivered; failed = not), by the service's farm, and the calving interval:
-- each dam's latest interval between her two last calving dates, by the farm of her latest birth.
CREATE MATERIALIZED VIEW private.dashboard_breeding AS
WITH days AS (SELECT t.id AS tenant_id, private.tenant_today(t.id) AS today FROM public.tenants t),
heat AS (
    SELECT a.tenant_id, a.farm_id, a.species, count(*) AS repeat_heat
    FROM (SELECT DISTINCT ON (s.tenant_id, s.dam_id) s.tenant_id, s.dam_id, s.id, s.status, s.served_on, d.today
          FROM public.breeding_services s JOIN days d ON d.tenant_id = s.tenant_id WHERE s.served_on <= d.today
          ORDER BY s.tenant_id, s.dam_id, s.served_on DESC) s
    JOIN public.animals a ON a.tenant_id = s.tenant_id AND a.id = s.dam_id
    JOIN public.species sp ON sp.code = a.species
    WHERE a.status = 'active' AND a.deleted_at IS NULL AND a.sex = 'female' AND s.status IN ('served', 'failed')
      AND s.today - s.served_on >= sp.cycle_days
      AND NOT EXISTS (SELECT 1 FROM public.pregnancy_checks c
                      WHERE c.tenant_id = s.tenant_id AND c.service_id = s.id AND c.result = 'positive')
    GROUP BY 1, 2, 3),
services AS (
    SELECT s.tenant_id, s.farm_id, a.species, count(*) AS services,
           count(*) FILTER (WHERE s.status IN ('confirmed', 'delivered')) AS conceived
    FROM public.breeding_services s
    JOIN days d ON d.tenant_id = s.tenant_id
    JOIN public.animals a ON a.tenant_id = s.tenant_id AND a.id = s.dam_id
    WHERE s.served_on > d.today - 365 AND s.status IN ('confirmed', 'delivered', 'failed')
    GROUP BY 1, 2, 3),
calvings AS (
    SELECT c.tenant_id, c.farm_id, a.species, count(*) AS calving_cows, sum(c.interval_days) AS calving_days
    FROM (SELECT b.tenant_id, b.dam_id, b.farm_id, b.born_on - lag(b.born_on) OVER w AS interval_days,
                 row_number() OVER (PARTITION BY b.tenant_id, b.dam_id ORDER BY b.born_on DESC) AS latest
          FROM (SELECT DISTINCT ON (b.tenant_id, b.dam_id, b.born_on) b.tenant_id, b.dam_id, b.born_on, b.farm_id
                FROM public.births b ORDER BY b.tenant_id, b.dam_id, b.born_on, b.created_at DESC) b
          WINDOW w AS (PARTITION BY b.tenant_id, b.dam_id ORDER BY b.born_on)) c
    JOIN public.animals a ON a.tenant_id = c.tenant_id AND a.id = c.dam_id
    WHERE c.latest = 1 AND c.interval_days IS NOT NULL
    GROUP BY 1, 2, 3)
SELECT k.tenant_id, k.farm_id, k.species, coalesce(h.repeat_heat, 0) AS repeat_heat,
       coalesce(s.services, 0) AS services, coalesce(s.conceived, 0) AS conceived,
       coalesce(c.calving_cows, 0) AS calving_cows, coalesce(c.calving_days, 0) AS calving_days
FROM (SELECT tenant_id, farm_id, species FROM heat UNION SELECT tenant_id, farm_id, species FROM services
      UNION SELECT tenant_id, farm_id, species FROM calvings) k
LEFT JOIN heat h USING (tenant_id, farm_id, species)
LEFT JOIN services s USING (tenant_id, farm_id, species)
LEFT JOIN calvings c USING (tenant_id, farm_id, species);
CREATE UNIQUE INDEX dashboard_breeding_key ON private.dashboard_breeding (tenant_id, farm_id, species);

-- Average daily gain per farm and species over the last 30, 90 and 365 days (as of the refresh
-- day): each animal weighed at least twice in the window gains (last - first weight) / days between
-- them (DOMAIN.md); a group's ADG is the mean of these, so the sum and the count are kept.
CREATE MATERIALIZED VIEW private.dashboard_adg AS
SELECT x.tenant_id, a.farm_id, a.species, x.window_days, count(*) AS animals, sum(x.adg) AS adg_sum
FROM (SELECT w.tenant_id, w.animal_id, win.days AS window_days,
             ((array_agg(w.weight_kg ORDER BY w.weighed_on DESC))[1] - (array_agg(w.weight_kg ORDER BY w.weighed_on))[1])
             / (max(w.weighed_on) - min(w.weighed_on)) AS adg
      FROM (VALUES (30), (90), (365)) win (days)
      CROSS JOIN (SELECT t.id AS tenant_id, private.tenant_today(t.id) AS today FROM public.tenants t) d
      JOIN public.animal_weights w ON w.tenant_id = d.tenant_id
                                  AND w.weighed_on > d.today - win.days AND w.weighed_on <= d.today
      GROUP BY 1, 2, 3
      HAVING count(*) >= 2) x
JOIN public.animals a ON a.tenant_id = x.tenant_id AND a.id = x.animal_id
WHERE a.deleted_at IS NULL
GROUP BY 1, 2, 3, 4;
CREATE UNIQUE INDEX dashboard_adg_key ON private.dashboard_adg (tenant_id, farm_id, species, window_days);

-- Nobody but their owner reads the views (the readers are SECURITY DEFINER).
REVOKE ALL ON private.dashboard_finance_monthly, private.dashboard_herd_daily, private.dashboard_breeding,
    private.dashboard_adg FROM PUBLIC, anon, authenticated, service_role;

INSERT INTO private.dashboard_refreshes (view_name, refreshed_at)
SELECT v, now() FROM unnest(ARRAY['dashboard_finance_monthly', 'dashboard_herd_daily', 'dashboard_breeding',
                                  'dashboard_adg']) v
ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at;
