-- V0006: health (checks, vaccinations, treatments with withdrawal periods), the statutory cascade
-- minimums, and production records with their corrections. Rules, triggers and policies live in
-- db/functions/060_health.sql and db/functions/061_production.sql; this file holds the tables, keys,
-- indexes, grants and RLS enablement.
--
-- Every health and production row is about exactly one animal or one group (two nullable keys and a
-- CHECK), and carries the farm of that animal or group at record time (set by a trigger) so that
-- policies can filter by farm access without a join.

-- Statutory minimum withdrawal (days) for a medicine used off-label ("cascade") when its label gives
-- no period for the product (UK VMR 2013 Schedule 4). Data, not code: other countries differ.
CREATE TABLE public.cascade_withdrawal_minimums (
    product text PRIMARY KEY CHECK (product IN ('milk', 'eggs', 'meat')),
    min_days integer NOT NULL CHECK (min_days >= 0),
    source text NOT NULL CHECK (length(source) <= 200)
);
INSERT INTO public.cascade_withdrawal_minimums (product, min_days, source) VALUES
    ('milk', 7, 'UK VMR 2013 Schedule 4'),
    ('eggs', 14, 'UK VMR 2013 Schedule 4'),
    ('meat', 28, 'UK VMR 2013 Schedule 4');

-- A health check of an animal or a group: temperature, body condition, diagnosis. The latest check
-- of an animal says whether it is sick (private.animal_health_status).
CREATE TABLE public.health_checks (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    checked_on date NOT NULL DEFAULT current_date,
    temperature_c numeric(4, 1) CHECK (temperature_c BETWEEN 30 AND 45),
    body_condition_score numeric(2, 1) CHECK (body_condition_score BETWEEN 1 AND 5),
    is_sick boolean NOT NULL DEFAULT false,
    diagnosis text CHECK (length(diagnosis) <= 500),
    vet_name text CHECK (length(vet_name) <= 200),
    notes text CHECK (length(notes) <= 2000),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups (tenant_id, id) ON DELETE CASCADE,
    CHECK (num_nonnulls(animal_id, group_id) = 1)
);
CREATE INDEX health_checks_animal_idx ON public.health_checks (tenant_id, animal_id, checked_on DESC)
    WHERE animal_id IS NOT NULL;
CREATE INDEX health_checks_group_idx ON public.health_checks (tenant_id, group_id, checked_on DESC)
    WHERE group_id IS NOT NULL;
CREATE INDEX health_checks_farm_idx ON public.health_checks (tenant_id, farm_id, checked_on);

-- A vaccination given to an animal or a group, with the date the next dose is due.
CREATE TABLE public.vaccinations (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    vaccine text NOT NULL CHECK (length(btrim(vaccine)) BETWEEN 1 AND 200),
    dose text CHECK (length(dose) <= 100),
    batch_number text CHECK (length(batch_number) <= 100),
    given_on date NOT NULL DEFAULT current_date,
    next_due_on date,
    vet_name text CHECK (length(vet_name) <= 200),
    notes text CHECK (length(notes) <= 2000),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups (tenant_id, id) ON DELETE CASCADE,
    CHECK (num_nonnulls(animal_id, group_id) = 1),
    CHECK (next_due_on >= given_on)
);
CREATE INDEX vaccinations_animal_idx ON public.vaccinations (tenant_id, animal_id, given_on DESC)
    WHERE animal_id IS NOT NULL;
CREATE INDEX vaccinations_group_idx ON public.vaccinations (tenant_id, group_id, given_on DESC)
    WHERE group_id IS NOT NULL;
CREATE INDEX vaccinations_farm_idx ON public.vaccinations (tenant_id, farm_id, given_on);

-- A course of medicine for an animal or a group. The label's withdrawal period per product is kept
-- in hours as given (days x 24); the effective days (hours rounded up, cascade and organic rules
-- applied) and the clearance date per product are computed by a trigger so queries stay simple.
-- A null clearance date means the product is not withheld by this treatment.
CREATE TABLE public.treatments (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    diagnosis text CHECK (length(diagnosis) <= 500),
    medicine text NOT NULL CHECK (length(btrim(medicine)) BETWEEN 1 AND 200),
    dose text CHECK (length(dose) <= 100),
    route text CHECK (route IN ('oral', 'injection', 'intramuscular', 'intravenous', 'subcutaneous', 'topical',
        'intramammary', 'intrauterine', 'in_water', 'in_feed', 'other')),
    course_start date NOT NULL,
    course_end date NOT NULL,
    is_cascade boolean NOT NULL DEFAULT false,
    meat_withdrawal_hours integer CHECK (meat_withdrawal_hours BETWEEN 0 AND 87600),
    milk_withdrawal_hours integer CHECK (milk_withdrawal_hours BETWEEN 0 AND 87600),
    eggs_withdrawal_hours integer CHECK (eggs_withdrawal_hours BETWEEN 0 AND 87600),
    is_organic boolean NOT NULL DEFAULT false,
    meat_withdrawal_days integer NOT NULL DEFAULT 0 CHECK (meat_withdrawal_days >= 0),
    milk_withdrawal_days integer NOT NULL DEFAULT 0 CHECK (milk_withdrawal_days >= 0),
    eggs_withdrawal_days integer NOT NULL DEFAULT 0 CHECK (eggs_withdrawal_days >= 0),
    meat_clear_on date,
    milk_clear_on date,
    eggs_clear_on date,
    vet_name text CHECK (length(vet_name) <= 200),
    notes text CHECK (length(notes) <= 2000),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups (tenant_id, id) ON DELETE CASCADE,
    CHECK (num_nonnulls(animal_id, group_id) = 1),
    CHECK (course_end >= course_start)
);
CREATE INDEX treatments_animal_idx ON public.treatments (tenant_id, animal_id, course_start)
    WHERE animal_id IS NOT NULL;
CREATE INDEX treatments_group_idx ON public.treatments (tenant_id, group_id, course_start)
    WHERE group_id IS NOT NULL;
CREATE INDEX treatments_farm_idx ON public.treatments (tenant_id, farm_id, course_start);

-- What an animal or a group yielded on a day (or in a milking session). Milk and body weight never
-- share a column: the product says what the quantity measures and the unit is validated against
-- the species. Milk, eggs and meat inside a withdrawal period are stored but flagged withheld (set
-- by a trigger): they count in production volume, never in saleable volume.
CREATE TABLE public.production_records (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    product text NOT NULL CHECK (product IN ('milk', 'eggs', 'wool', 'weight_gain', 'honey', 'meat')),
    quantity numeric(12, 3) NOT NULL CHECK (quantity > 0),
    unit text NOT NULL CHECK (unit IN ('l', 'kg', 'count', 'g')),
    recorded_on date NOT NULL DEFAULT current_date,
    session text CHECK (session IN ('am', 'pm')),
    fat_pct numeric(5, 2) CHECK (fat_pct BETWEEN 0 AND 100),
    protein_pct numeric(5, 2) CHECK (protein_pct BETWEEN 0 AND 100),
    somatic_cell_count integer CHECK (somatic_cell_count >= 0),
    is_withheld boolean NOT NULL DEFAULT false,
    withheld_until date,
    withheld_treatment_id uuid,
    notes text CHECK (length(notes) <= 2000),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, withheld_treatment_id) REFERENCES public.treatments (tenant_id, id)
        ON DELETE SET NULL (withheld_treatment_id),
    CHECK (num_nonnulls(animal_id, group_id) = 1),
    CHECK (product = 'milk' OR (fat_pct IS NULL AND protein_pct IS NULL AND somatic_cell_count IS NULL)),
    CHECK (is_withheld = (withheld_until IS NOT NULL))
);
-- One record per animal (or group), product, date and session (null session = the day's total);
-- changing it is a correction (api.correct_production), which keeps the old value.
CREATE UNIQUE INDEX production_records_animal_key
    ON public.production_records (tenant_id, animal_id, product, recorded_on, (coalesce(session, 'day')))
    WHERE animal_id IS NOT NULL;
CREATE UNIQUE INDEX production_records_group_key
    ON public.production_records (tenant_id, group_id, product, recorded_on, (coalesce(session, 'day')))
    WHERE group_id IS NOT NULL;
CREATE INDEX production_records_farm_idx ON public.production_records (tenant_id, farm_id, recorded_on);
CREATE INDEX production_records_animal_date_idx ON public.production_records (tenant_id, animal_id, recorded_on DESC)
    WHERE animal_id IS NOT NULL;
CREATE INDEX production_records_treatment_idx ON public.production_records (tenant_id, withheld_treatment_id)
    WHERE withheld_treatment_id IS NOT NULL;

-- The value a production record had before each correction, who changed it and why. Written only
-- by a trigger; nobody edits it.
CREATE TABLE public.production_record_revisions (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    record_id uuid NOT NULL,
    farm_id uuid NOT NULL,
    old_quantity numeric(12, 3) NOT NULL,
    new_quantity numeric(12, 3) NOT NULL,
    unit text NOT NULL,
    reason text CHECK (length(reason) <= 500),
    corrected_by uuid,
    corrected_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, record_id) REFERENCES public.production_records (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX production_record_revisions_record_idx ON public.production_record_revisions (tenant_id, record_id);

-- RLS: enabled and forced on every table (policies in db/functions/060_health.sql and 061_production.sql).
ALTER TABLE public.cascade_withdrawal_minimums ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.cascade_withdrawal_minimums FORCE ROW LEVEL SECURITY;
ALTER TABLE public.health_checks ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.health_checks FORCE ROW LEVEL SECURITY;
ALTER TABLE public.vaccinations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.vaccinations FORCE ROW LEVEL SECURITY;
ALTER TABLE public.treatments ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.treatments FORCE ROW LEVEL SECURITY;
ALTER TABLE public.production_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.production_records FORCE ROW LEVEL SECURITY;
ALTER TABLE public.production_record_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.production_record_revisions FORCE ROW LEVEL SECURITY;

-- Least privilege. farm_id, recorded_by and the computed withdrawal and withheld columns are set by
-- triggers, so clients cannot write them.
GRANT SELECT ON public.cascade_withdrawal_minimums TO anon, authenticated;
GRANT SELECT,
      INSERT (tenant_id, id, animal_id, group_id, checked_on, temperature_c, body_condition_score, is_sick,
              diagnosis, vet_name, notes)
      ON public.health_checks TO authenticated;
GRANT SELECT,
      INSERT (tenant_id, id, animal_id, group_id, vaccine, dose, batch_number, given_on, next_due_on, vet_name, notes)
      ON public.vaccinations TO authenticated;
GRANT SELECT,
      INSERT (tenant_id, id, animal_id, group_id, diagnosis, medicine, dose, route, course_start, course_end,
              is_cascade, meat_withdrawal_hours, milk_withdrawal_hours, eggs_withdrawal_hours, vet_name, notes)
      ON public.treatments TO authenticated;
GRANT SELECT,
      INSERT (tenant_id, id, animal_id, group_id, product, quantity, unit, recorded_on, session, fat_pct,
              protein_pct, somatic_cell_count, notes),
      UPDATE (quantity, fat_pct, protein_pct, somatic_cell_count, notes)
      ON public.production_records TO authenticated;
GRANT SELECT ON public.production_record_revisions TO authenticated;
GRANT ALL ON public.cascade_withdrawal_minimums, public.health_checks, public.vaccinations, public.treatments,
    public.production_records, public.production_record_revisions TO service_role;
