-- V0005: the livestock core -- farm details, locations, species and breeds, animals with their ID
-- tags and pedigree, groups kept by head count, movements, plans (limits only; billing comes
-- later) and the livestock permissions. Rules and policies: db/functions/050_livestock.sql.

-- Farm details.
ALTER TABLE public.farms
    ADD COLUMN farm_type text NOT NULL DEFAULT 'mixed'
        CHECK (farm_type IN ('dairy', 'beef', 'poultry', 'small_ruminant', 'pig', 'mixed')),
    ADD COLUMN latitude numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
    ADD COLUMN longitude numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
    ADD COLUMN area_hectares numeric(12, 2) CHECK (area_hectares >= 0),
    ADD COLUMN timezone text,
    ADD COLUMN is_organic boolean NOT NULL DEFAULT false;
GRANT INSERT (farm_type, latitude, longitude, area_hectares, timezone, is_organic),
      UPDATE (farm_type, latitude, longitude, area_hectares, timezone, is_organic) ON public.farms TO authenticated;

-- A place inside a farm: barn, pen, paddock, coop...
CREATE TABLE public.locations (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    kind text NOT NULL DEFAULT 'other'
        CHECK (kind IN ('barn', 'pen', 'paddock', 'pasture', 'coop', 'shed', 'parlour', 'other')),
    capacity integer CHECK (capacity > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX locations_farm_name_key ON public.locations (tenant_id, farm_id, lower(name)) WHERE deleted_at IS NULL;

-- Species: reference data with reproduction constants (DOMAIN.md). cycle_days drives the
-- repeat-heat watch; incubation_days is for birds.
CREATE TABLE public.species (
    code text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    name text NOT NULL,
    gestation_days integer CHECK (gestation_days > 0),
    incubation_days integer CHECK (incubation_days > 0),
    cycle_days integer NOT NULL DEFAULT 21 CHECK (cycle_days > 0),
    is_dairy boolean NOT NULL DEFAULT false,
    kept_by_count boolean NOT NULL DEFAULT false,
    CHECK ((gestation_days IS NULL) <> (incubation_days IS NULL))
);

-- Which products a species yields, in which units (production is validated against it).
CREATE TABLE public.species_products (
    species text NOT NULL REFERENCES public.species (code) ON DELETE CASCADE,
    product text NOT NULL CHECK (product IN ('milk', 'eggs', 'wool', 'weight_gain', 'honey', 'meat')),
    unit text NOT NULL CHECK (unit IN ('l', 'kg', 'count', 'g')),
    PRIMARY KEY (species, product, unit)
);

-- Breeds every tenant shares; a breed may override its species' gestation.
CREATE TABLE public.breeds (
    id uuid PRIMARY KEY DEFAULT private.uuid7(),
    species text NOT NULL REFERENCES public.species (code),
    name text NOT NULL,
    gestation_days integer CHECK (gestation_days > 0),
    UNIQUE (species, name)
);

-- Breeds a tenant defines for itself.
CREATE TABLE public.tenant_breeds (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    species text NOT NULL REFERENCES public.species (code),
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    gestation_days integer CHECK (gestation_days > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, species, name)
);

-- An animal kept individually.
CREATE TABLE public.animals (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    location_id uuid,
    tag_number text NOT NULL CHECK (length(btrim(tag_number)) BETWEEN 1 AND 50),
    name text CHECK (length(name) <= 100),
    species text NOT NULL REFERENCES public.species (code),
    breed_id uuid REFERENCES public.breeds (id),
    tenant_breed_id uuid,
    sex text NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
    birth_date date,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'sold', 'deceased', 'culled', 'transferred')),
    exit_date date,
    exit_reason text CHECK (length(exit_reason) <= 500),
    acquisition text NOT NULL DEFAULT 'born' CHECK (acquisition IN ('born', 'purchased')),
    acquired_on date,
    acquisition_cost numeric(14, 2) CHECK (acquisition_cost >= 0),
    sire_id uuid,
    dam_id uuid,
    estimated_value numeric(14, 2) CHECK (estimated_value >= 0),
    notes text CHECK (length(notes) <= 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, location_id) REFERENCES public.locations (tenant_id, id) ON DELETE SET NULL (location_id),
    FOREIGN KEY (tenant_id, tenant_breed_id) REFERENCES public.tenant_breeds (tenant_id, id)
        ON DELETE SET NULL (tenant_breed_id),
    FOREIGN KEY (tenant_id, sire_id) REFERENCES public.animals (tenant_id, id) ON DELETE SET NULL (sire_id),
    FOREIGN KEY (tenant_id, dam_id) REFERENCES public.animals (tenant_id, id) ON DELETE SET NULL (dam_id),
    CHECK (breed_id IS NULL OR tenant_breed_id IS NULL),
    CHECK (sire_id IS DISTINCT FROM id AND dam_id IS DISTINCT FROM id),
    CHECK ((status = 'active') = (exit_date IS NULL))
);
-- A tag number names one live animal per tenant.
CREATE UNIQUE INDEX animals_live_tag_key ON public.animals (tenant_id, lower(tag_number)) WHERE deleted_at IS NULL;
CREATE INDEX animals_farm_idx ON public.animals (tenant_id, farm_id, status) WHERE deleted_at IS NULL;
CREATE INDEX animals_sire_idx ON public.animals (tenant_id, sire_id) WHERE sire_id IS NOT NULL;
CREATE INDEX animals_dam_idx ON public.animals (tenant_id, dam_id) WHERE dam_id IS NOT NULL;

-- Further identifiers of an animal: ear tag, EID/RFID, tattoo, brand, leg band.
CREATE TABLE public.animal_tags (
    tenant_id uuid NOT NULL,
    animal_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('ear_tag', 'eid', 'rfid', 'tattoo', 'brand', 'leg_band')),
    value text NOT NULL CHECK (length(btrim(value)) BETWEEN 1 AND 64),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, kind, value),
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX animal_tags_animal_idx ON public.animal_tags (tenant_id, animal_id);

-- Animals kept by count (a laying flock, a batch of broilers): head count by sex, changed only
-- through group_count_events.
CREATE TABLE public.animal_groups (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    farm_id uuid NOT NULL,
    location_id uuid,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    species text NOT NULL REFERENCES public.species (code),
    purpose text CHECK (length(purpose) <= 100),
    started_on date NOT NULL DEFAULT current_date,
    female_count integer NOT NULL DEFAULT 0 CHECK (female_count >= 0),
    male_count integer NOT NULL DEFAULT 0 CHECK (male_count >= 0),
    unknown_count integer NOT NULL DEFAULT 0 CHECK (unknown_count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, location_id) REFERENCES public.locations (tenant_id, id) ON DELETE SET NULL (location_id)
);
CREATE UNIQUE INDEX animal_groups_farm_name_key ON public.animal_groups (tenant_id, farm_id, lower(name))
    WHERE deleted_at IS NULL;

-- Every change to a group's head count. Additions are positive, losses negative.
CREATE TABLE public.group_count_events (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    group_id uuid NOT NULL,
    event_type text NOT NULL CHECK (event_type IN ('addition', 'birth', 'hatch', 'death', 'cull', 'sale',
        'transfer_in', 'transfer_out')),
    occurred_on date NOT NULL DEFAULT current_date,
    female_delta integer NOT NULL DEFAULT 0,
    male_delta integer NOT NULL DEFAULT 0,
    unknown_delta integer NOT NULL DEFAULT 0,
    note text CHECK (length(note) <= 500),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups (tenant_id, id) ON DELETE CASCADE,
    CHECK (female_delta <> 0 OR male_delta <> 0 OR unknown_delta <> 0),
    CHECK (CASE WHEN event_type IN ('addition', 'birth', 'hatch', 'transfer_in')
                THEN female_delta >= 0 AND male_delta >= 0 AND unknown_delta >= 0
                ELSE female_delta <= 0 AND male_delta <= 0 AND unknown_delta <= 0 END)
);
CREATE INDEX group_count_events_group_idx ON public.group_count_events (tenant_id, group_id, occurred_on);

-- Where an animal went; the newest movement sets its current farm and location.
CREATE TABLE public.animal_movements (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    animal_id uuid NOT NULL,
    from_farm_id uuid,
    from_location_id uuid,
    to_farm_id uuid NOT NULL,
    to_location_id uuid,
    moved_at timestamptz NOT NULL DEFAULT now(),
    reason text CHECK (length(reason) <= 500),
    recorded_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, from_farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, to_farm_id) REFERENCES public.farms (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, from_location_id) REFERENCES public.locations (tenant_id, id) ON DELETE SET NULL (from_location_id),
    FOREIGN KEY (tenant_id, to_location_id) REFERENCES public.locations (tenant_id, id) ON DELETE SET NULL (to_location_id)
);
CREATE INDEX animal_movements_animal_idx ON public.animal_movements (tenant_id, animal_id, moved_at DESC);

-- Plans cap what a tenant may hold (prices and billing come with the subscriptions issue).
CREATE TABLE public.plans (
    code text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    name text NOT NULL,
    max_animals integer CHECK (max_animals >= 0),
    max_farms integer CHECK (max_farms >= 0),
    max_members integer CHECK (max_members >= 0),
    max_devices integer CHECK (max_devices >= 0)
);
INSERT INTO public.plans (code, name, max_animals, max_farms, max_members, max_devices) VALUES
    ('trial', 'Trial', 500, 3, 5, 5),
    ('starter', 'Starter', 1000, 3, 10, 10),
    ('professional', 'Professional', 10000, 20, 50, 100),
    ('enterprise', 'Enterprise', NULL, NULL, NULL, NULL);
ALTER TABLE public.tenants ADD COLUMN plan_code text NOT NULL DEFAULT 'trial' REFERENCES public.plans (code);

-- Reference data.
INSERT INTO public.species (code, name, gestation_days, incubation_days, cycle_days, is_dairy, kept_by_count) VALUES
    ('cattle', 'Cattle', 283, NULL, 21, true, false),
    ('buffalo', 'Buffalo', 310, NULL, 21, true, false),
    ('goat', 'Goat', 150, NULL, 21, true, false),
    ('sheep', 'Sheep', 147, NULL, 17, true, false),
    ('pig', 'Pig', 114, NULL, 21, false, false),
    ('horse', 'Horse', 340, NULL, 21, false, false),
    ('rabbit', 'Rabbit', 31, NULL, 21, false, false),
    ('chicken', 'Chicken', NULL, 21, 21, false, true),
    ('duck', 'Duck', NULL, 28, 21, false, true),
    ('turkey', 'Turkey', NULL, 28, 21, false, true);
INSERT INTO public.species_products (species, product, unit) VALUES
    ('cattle', 'milk', 'l'), ('cattle', 'milk', 'kg'), ('cattle', 'weight_gain', 'kg'), ('cattle', 'meat', 'kg'),
    ('buffalo', 'milk', 'l'), ('buffalo', 'milk', 'kg'), ('buffalo', 'weight_gain', 'kg'), ('buffalo', 'meat', 'kg'),
    ('goat', 'milk', 'l'), ('goat', 'milk', 'kg'), ('goat', 'weight_gain', 'kg'), ('goat', 'meat', 'kg'),
    ('goat', 'wool', 'kg'),
    ('sheep', 'milk', 'l'), ('sheep', 'milk', 'kg'), ('sheep', 'wool', 'kg'), ('sheep', 'weight_gain', 'kg'),
    ('sheep', 'meat', 'kg'),
    ('pig', 'weight_gain', 'kg'), ('pig', 'meat', 'kg'),
    ('horse', 'weight_gain', 'kg'),
    ('rabbit', 'weight_gain', 'kg'), ('rabbit', 'meat', 'kg'), ('rabbit', 'wool', 'g'),
    ('chicken', 'eggs', 'count'), ('chicken', 'meat', 'kg'), ('chicken', 'weight_gain', 'kg'),
    ('duck', 'eggs', 'count'), ('duck', 'meat', 'kg'), ('duck', 'weight_gain', 'kg'),
    ('turkey', 'eggs', 'count'), ('turkey', 'meat', 'kg'), ('turkey', 'weight_gain', 'kg');
INSERT INTO public.breeds (species, name, gestation_days) VALUES
    ('cattle', 'Holstein Friesian', 279), ('cattle', 'Jersey', 279), ('cattle', 'Ayrshire', 279),
    ('cattle', 'Boran', 285), ('cattle', 'Brown Swiss', 290), ('cattle', 'Angus', 281),
    ('goat', 'Saanen', NULL), ('goat', 'Toggenburg', NULL), ('goat', 'Boer', NULL), ('goat', 'Galla', NULL),
    ('sheep', 'Dorper', NULL), ('sheep', 'Merino', 150), ('pig', 'Large White', NULL), ('pig', 'Landrace', NULL),
    ('chicken', 'Isa Brown', NULL), ('chicken', 'Kienyeji', NULL), ('chicken', 'Cobb 500', NULL),
    ('buffalo', 'Murrah', NULL), ('horse', 'Thoroughbred', NULL), ('rabbit', 'New Zealand White', NULL),
    ('duck', 'Pekin', NULL), ('turkey', 'Broad Breasted White', NULL);

-- Livestock permissions. Owners and admins: everything; managers: all livestock writes; workers:
-- daily records (production, activities, weights, movements, deaths) but no deletes or sales; vets:
-- health and breeding; accountants and viewers read.
INSERT INTO public.role_permissions (role, permission)
SELECT r.role, p.permission
FROM (VALUES
    ('livestock.read', '{owner,admin,manager,worker,vet,accountant,viewer}'),
    ('livestock.write', '{owner,admin,manager}'),
    ('livestock.delete', '{owner,admin,manager}'),
    ('livestock.exit', '{owner,admin,manager}'),
    ('livestock.death', '{owner,admin,manager,worker,vet}'),
    ('livestock.move', '{owner,admin,manager,worker}'),
    ('production.write', '{owner,admin,manager,worker}'),
    ('activities.write', '{owner,admin,manager,worker,vet}'),
    ('weights.write', '{owner,admin,manager,worker,vet}'),
    ('health.write', '{owner,admin,manager,vet}'),
    ('breeding.write', '{owner,admin,manager,vet}')
) AS p (permission, roles)
CROSS JOIN LATERAL unnest(p.roles::text[]) AS r (role);

-- RLS: enabled and forced on every table (policies in db/functions/050_livestock.sql).
ALTER TABLE public.locations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.locations FORCE ROW LEVEL SECURITY;
ALTER TABLE public.species ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.species FORCE ROW LEVEL SECURITY;
ALTER TABLE public.species_products ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.species_products FORCE ROW LEVEL SECURITY;
ALTER TABLE public.breeds ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.breeds FORCE ROW LEVEL SECURITY;
ALTER TABLE public.tenant_breeds ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.tenant_breeds FORCE ROW LEVEL SECURITY;
ALTER TABLE public.animals ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.animals FORCE ROW LEVEL SECURITY;
ALTER TABLE public.animal_tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.animal_tags FORCE ROW LEVEL SECURITY;
ALTER TABLE public.animal_groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.animal_groups FORCE ROW LEVEL SECURITY;
ALTER TABLE public.group_count_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.group_count_events FORCE ROW LEVEL SECURITY;
ALTER TABLE public.animal_movements ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.animal_movements FORCE ROW LEVEL SECURITY;
ALTER TABLE public.plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.plans FORCE ROW LEVEL SECURITY;

GRANT SELECT ON public.species, public.species_products, public.breeds, public.plans TO anon, authenticated;
GRANT SELECT, INSERT (tenant_id, id, farm_id, name, kind, capacity),
      UPDATE (name, kind, capacity, deleted_at) ON public.locations TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, species, name, gestation_days) ON public.tenant_breeds TO authenticated;
GRANT SELECT,
      INSERT (tenant_id, id, farm_id, location_id, tag_number, name, species, breed_id, tenant_breed_id, sex,
              birth_date, acquisition, acquired_on, acquisition_cost, sire_id, dam_id, estimated_value, notes),
      UPDATE (location_id, tag_number, name, breed_id, tenant_breed_id, sex, birth_date, status, exit_date,
              exit_reason, acquisition, acquired_on, acquisition_cost, sire_id, dam_id, estimated_value, notes,
              deleted_at)
      ON public.animals TO authenticated;
GRANT SELECT, INSERT (tenant_id, animal_id, kind, value), DELETE ON public.animal_tags TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, farm_id, location_id, name, species, purpose, started_on),
      UPDATE (location_id, name, purpose, deleted_at) ON public.animal_groups TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, group_id, event_type, occurred_on, female_delta, male_delta, unknown_delta,
      note, recorded_by) ON public.group_count_events TO authenticated;
GRANT SELECT, INSERT (tenant_id, id, animal_id, to_farm_id, to_location_id, moved_at, reason, recorded_by)
      ON public.animal_movements TO authenticated;
GRANT ALL ON public.locations, public.species, public.species_products, public.breeds, public.tenant_breeds,
    public.animals, public.animal_tags, public.animal_groups, public.group_count_events, public.animal_movements,
    public.plans TO service_role;
