-- V0013: dashboards -- the summary tables triggers keep exact (animal counts and herd value, daily
-- production totals, open lactations), the indexes the dashboard functions read through, and the
-- refresh log of the materialized views. Triggers, policies and functions:
-- db/functions/100_dashboards.sql; materialized views: db/views/020_dashboards.sql.
--
-- The summary tables hold per-farm deltas written by statement-level triggers (one aggregate per
-- statement, so bulk inserts stay fast). private.rebuild_dashboard_counters() recomputes them from
-- the base tables, for data loaded with triggers off (bench/generate.py) or after a failover.

-- Animals per farm, species and status (soft-deleted animals are not counted), with the sum of
-- their estimated values: the herd value is the estimated_value of the active animals.
CREATE TABLE public.animal_counts (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    farm_id uuid NOT NULL,
    species text NOT NULL,
    status text NOT NULL,
    head integer NOT NULL DEFAULT 0,
    valued integer NOT NULL DEFAULT 0,
    value numeric(18, 2) NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, farm_id, species, status),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE
);

-- Production per farm, day, product, unit and species of the animal or group (as recorded): total
-- and withheld quantity and the number of records. "Today" and the daily trends read it.
CREATE TABLE public.production_daily_totals (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    farm_id uuid NOT NULL,
    recorded_on date NOT NULL,
    product text NOT NULL,
    unit text NOT NULL,
    species text NOT NULL,
    quantity numeric(18, 3) NOT NULL DEFAULT 0,
    withheld numeric(18, 3) NOT NULL DEFAULT 0,
    records integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, recorded_on, farm_id, product, unit, species),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE
);

-- Lactations not dried off, per farm (of the lactation) and species of the dam.
CREATE TABLE public.open_lactation_counts (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    farm_id uuid NOT NULL,
    species text NOT NULL,
    open integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, farm_id, species),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE
);

-- When each dashboard materialized view was last refreshed (the "as_of" of dashboard answers).
CREATE TABLE private.dashboard_refreshes (
    view_name text PRIMARY KEY,
    refreshed_at timestamptz NOT NULL
);

-- Indexes the dashboard functions read through.
-- Animals inside a withdrawal period: treatments whose latest clearance date is after today.
CREATE INDEX treatments_clearance_idx
    ON public.treatments (tenant_id, (greatest(meat_clear_on, milk_clear_on, eggs_clear_on)))
    WHERE greatest(meat_clear_on, milk_clear_on, eggs_clear_on) IS NOT NULL;
-- Lactations dried off today or later still count as in lactation today.
CREATE INDEX lactations_dried_off_idx ON public.lactations (tenant_id, dried_off_on) WHERE dried_off_on IS NOT NULL;
-- The latest product sales per farm.
CREATE INDEX product_sales_sold_idx ON public.product_sales (tenant_id, farm_id, sold_on);

ALTER TABLE public.animal_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.animal_counts FORCE ROW LEVEL SECURITY;
ALTER TABLE public.production_daily_totals ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.production_daily_totals FORCE ROW LEVEL SECURITY;
ALTER TABLE public.open_lactation_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.open_lactation_counts FORCE ROW LEVEL SECURITY;

-- Clients read (RLS: their farms); only iFarm's triggers and jobs write.
GRANT SELECT ON public.animal_counts, public.production_daily_totals, public.open_lactation_counts TO authenticated;
GRANT ALL ON public.animal_counts, public.production_daily_totals, public.open_lactation_counts TO service_role;
