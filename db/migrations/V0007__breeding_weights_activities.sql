-- V0007: breeding (services, pregnancy checks, births, lactations), weights and activities.
-- Each record carries the farm it happened on (copied from the animal by a trigger) so that RLS
-- can filter by farm without joining other RLS tables.

-- A service: natural mating or insemination of a dam. Its status follows the pregnancy:
-- served -> confirmed (positive check) | failed (negative check) -> delivered (birth).
CREATE TABLE public.breeding_services (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    dam_id uuid NOT NULL,
    method text NOT NULL CHECK (method IN ('natural', 'ai')),
    sire_id uuid,
    semen_straw_id text CHECK (length(semen_straw_id) <= 64),
    technician text CHECK (length(technician) <= 100),
    served_on date NOT NULL,
    expected_due_on date NOT NULL,
    status text NOT NULL DEFAULT 'served' CHECK (status IN ('served', 'confirmed', 'failed', 'delivered')),
    notes text CHECK (length(notes) <= 1000),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, dam_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, sire_id) REFERENCES public.animals (tenant_id, id) ON DELETE SET NULL (sire_id),
    CHECK (method = 'natural' OR sire_id IS NOT NULL OR semen_straw_id IS NOT NULL)
);
CREATE INDEX breeding_services_dam_idx ON public.breeding_services (tenant_id, dam_id, served_on DESC);
CREATE INDEX breeding_services_due_idx ON public.breeding_services (tenant_id, expected_due_on)
    WHERE status IN ('served', 'confirmed');

-- A pregnancy diagnosis of a service.
CREATE TABLE public.pregnancy_checks (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    service_id uuid NOT NULL,
    checked_on date NOT NULL,
    result text NOT NULL CHECK (result IN ('positive', 'negative', 'uncertain')),
    method text CHECK (method IN ('palpation', 'ultrasound', 'blood', 'milk', 'observation')),
    notes text CHECK (length(notes) <= 1000),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, service_id) REFERENCES public.breeding_services (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX pregnancy_checks_service_idx ON public.pregnancy_checks (tenant_id, service_id);

-- A birth (calving, kidding, lambing, farrowing...): its offspring are animals with dam and sire set.
CREATE TABLE public.births (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    dam_id uuid NOT NULL,
    sire_id uuid,
    service_id uuid,
    born_on date NOT NULL,
    offspring_count integer NOT NULL CHECK (offspring_count BETWEEN 0 AND 30),
    stillborn_count integer NOT NULL DEFAULT 0 CHECK (stillborn_count >= 0),
    notes text CHECK (length(notes) <= 1000),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, dam_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, sire_id) REFERENCES public.animals (tenant_id, id) ON DELETE SET NULL (sire_id),
    FOREIGN KEY (tenant_id, service_id) REFERENCES public.breeding_services (tenant_id, id) ON DELETE SET NULL (service_id)
);
CREATE INDEX births_dam_idx ON public.births (tenant_id, dam_id, born_on DESC);

-- A lactation of a dairy female: numbered from 1, started by a birth, ended by drying off.
CREATE TABLE public.lactations (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    animal_id uuid NOT NULL,
    number integer NOT NULL CHECK (number > 0),
    started_on date NOT NULL,
    dried_off_on date,
    birth_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, animal_id, number),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, birth_id) REFERENCES public.births (tenant_id, id) ON DELETE SET NULL (birth_id),
    CHECK (dried_off_on IS NULL OR dried_off_on >= started_on)
);
-- At most one open lactation per animal.
CREATE UNIQUE INDEX lactations_open_key ON public.lactations (tenant_id, animal_id) WHERE dried_off_on IS NULL;

-- Body weight history (never mixed with milk: DOMAIN.md).
CREATE TABLE public.animal_weights (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    animal_id uuid NOT NULL,
    weighed_on date NOT NULL,
    weight_kg numeric(8, 2) NOT NULL CHECK (weight_kg > 0 AND weight_kg < 5000),
    method text CHECK (method IN ('scale', 'tape', 'estimate')),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, animal_id, weighed_on),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE
);

-- Work done for an animal or a group (feeding, cleaning, weighing...), by a member.
CREATE TABLE public.activities (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    animal_id uuid,
    group_id uuid,
    activity_type text NOT NULL CHECK (activity_type IN ('feeding', 'cleaning', 'weighing', 'milking', 'deworming',
        'vaccination', 'treatment', 'moving', 'shearing', 'hoof_trimming', 'other')),
    performed_at timestamptz NOT NULL DEFAULT now(),
    performed_by uuid,  -- null once the member has left the tenant
    duration_minutes integer CHECK (duration_minutes BETWEEN 0 AND 1440),
    notes text CHECK (length(notes) <= 1000),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, performed_by) REFERENCES public.tenant_members (tenant_id, user_id)
        ON DELETE SET NULL (performed_by),
    CHECK (animal_id IS NULL OR group_id IS NULL)
);
CREATE INDEX activities_farm_idx ON public.activities (tenant_id, farm_id, performed_at DESC);

ALTER TABLE public.breeding_services ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.breeding_services FORCE ROW LEVEL SECURITY;
ALTER TABLE public.pregnancy_checks ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.pregnancy_checks FORCE ROW LEVEL SECURITY;
ALTER TABLE public.births ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.births FORCE ROW LEVEL SECURITY;
ALTER TABLE public.lactations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.lactations FORCE ROW LEVEL SECURITY;
ALTER TABLE public.animal_weights ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.animal_weights FORCE ROW LEVEL SECURITY;
ALTER TABLE public.activities ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.activities FORCE ROW LEVEL SECURITY;

GRANT SELECT, INSERT (tenant_id, id, dam_id, method, sire_id, semen_straw_id, technician, served_on, notes,
    recorded_by) ON public.breeding_services TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, service_id, checked_on, result, method, notes, recorded_by)
    ON public.pregnancy_checks TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, dam_id, sire_id, service_id, born_on, offspring_count, stillborn_count, notes,
    recorded_by) ON public.births TO authenticated;
GRANT SELECT, UPDATE (dried_off_on) ON public.lactations TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, animal_id, weighed_on, weight_kg, method, recorded_by), DELETE
    ON public.animal_weights TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, animal_id, group_id, activity_type, performed_at, performed_by,
    duration_minutes, notes) ON public.activities TO authenticated;
GRANT ALL ON public.breeding_services, public.pregnancy_checks, public.births, public.lactations,
    public.animal_weights, public.activities TO service_role;
