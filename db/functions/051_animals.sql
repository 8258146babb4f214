-- 051_animals: the rules on animals, groups and movements (pedigree, status transitions, who may
-- change what, head counts) and the api.* functions for farms' details, locations, breeds,
-- animals, groups and movements.

-- ===================================================================== rules (triggers)

-- Pedigree, breed, location and status rules for an animal, however it is written.
--  * a dam is female, a sire male, both of the offspring's species and born before it;
--  * an animal is never its own ancestor;
--  * a breed belongs to the animal's species, a location to its farm;
--  * status: active -> sold | deceased | culled | transferred, and transferred -> active;
--    leaving active stamps exit_date (today unless given), coming back clears it.
-- SECURITY DEFINER: parents may sit on farms the caller cannot see.
CREATE OR REPLACE FUNCTION private.check_animal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_parent public.animals;
    v_role text;
BEGIN
    FOREACH v_role IN ARRAY ARRAY['dam', 'sire'] LOOP
        SELECT * INTO v_parent FROM public.animals p
        WHERE p.tenant_id = NEW.tenant_id AND p.id = CASE v_role WHEN 'dam' THEN NEW.dam_id ELSE NEW.sire_id END;
        CONTINUE WHEN NOT FOUND;
        IF v_parent.sex <> (CASE v_role WHEN 'dam' THEN 'female' ELSE 'male' END) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT422',
                MESSAGE = format('the %s must be %s', v_role, CASE v_role WHEN 'dam' THEN 'female' ELSE 'male' END),
                DETAIL = format('%s_id=%s is %s', v_role, v_parent.id, v_parent.sex), HINT = 'invalid_' || v_role;
        END IF;
        IF v_parent.species <> NEW.species THEN
            RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = format('the %s must be of the same species', v_role),
                DETAIL = format('%s is %s, offspring is %s', v_role, v_parent.species, NEW.species),
                HINT = 'invalid_' || v_role;
        END IF;
        IF v_parent.birth_date IS NOT NULL AND NEW.birth_date IS NOT NULL AND v_parent.birth_date >= NEW.birth_date THEN
            RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = format('the %s must be born before the offspring', v_role),
                DETAIL = format('%s born %s, offspring born %s', v_role, v_parent.birth_date, NEW.birth_date),
                HINT = 'invalid_' || v_role;
        END IF;
    END LOOP;
    IF TG_OP = 'UPDATE' AND (NEW.sire_id, NEW.dam_id) IS DISTINCT FROM (OLD.sire_id, OLD.dam_id) AND EXISTS (
        WITH RECURSIVE ancestors (id) AS (
            SELECT unnest(ARRAY[NEW.sire_id, NEW.dam_id])
            UNION
            SELECT unnest(ARRAY[a.sire_id, a.dam_id]) FROM public.animals a
            JOIN ancestors ON a.tenant_id = NEW.tenant_id AND a.id = ancestors.id)
        SELECT 1 FROM ancestors WHERE ancestors.id = NEW.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'an animal cannot be its own ancestor',
            HINT = 'pedigree_cycle';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.sex, NEW.species, NEW.birth_date) IS DISTINCT FROM (OLD.sex, OLD.species, OLD.birth_date)
       AND EXISTS (SELECT 1 FROM public.animals c
                   WHERE c.tenant_id = NEW.tenant_id AND (c.dam_id = NEW.id OR c.sire_id = NEW.id)
                     AND (c.species <> NEW.species
                          OR (c.dam_id = NEW.id AND NEW.sex <> 'female') OR (c.sire_id = NEW.id AND NEW.sex <> 'male')
                          OR c.birth_date <= NEW.birth_date)) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'this change would make the animal an impossible parent',
            HINT = 'invalid_parent_change';
    END IF;
    IF NEW.breed_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM public.breeds b WHERE b.id = NEW.breed_id AND b.species = NEW.species) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the breed is not of the animal''s species', HINT = 'invalid_breed';
    END IF;
    IF NEW.tenant_breed_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM public.tenant_breeds b
        WHERE b.tenant_id = NEW.tenant_id AND b.id = NEW.tenant_breed_id AND b.species = NEW.species) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the breed is not of the animal''s species', HINT = 'invalid_breed';
    END IF;
    IF NEW.location_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM public.locations l
        WHERE l.tenant_id = NEW.tenant_id AND l.id = NEW.location_id AND l.farm_id = NEW.farm_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the location is not on the animal''s farm',
            HINT = 'invalid_location';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'a new animal is active', HINT = 'invalid_status';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT ((OLD.status = 'active' AND NEW.status IN ('sold', 'deceased', 'culled', 'transferred'))
                OR (OLD.status = 'transferred' AND NEW.status = 'active')) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409',
                MESSAGE = format('an animal that is %s cannot become %s', OLD.status, NEW.status),
                HINT = 'invalid_status_transition';
        END IF;
        IF NEW.status = 'active' THEN
            NEW.exit_date := NULL;
            NEW.exit_reason := NULL;
        ELSE
            NEW.exit_date := coalesce(NEW.exit_date, private.tenant_today(NEW.tenant_id));
        END IF;
    END IF;
    IF NEW.exit_date IS NOT NULL AND NEW.birth_date IS NOT NULL AND NEW.exit_date < NEW.birth_date THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'exit date is before the birth date', HINT = 'invalid_exit_date';
    END IF;
    IF NEW.birth_date > private.tenant_today(NEW.tenant_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'birth date is in the future', HINT = 'invalid_birth_date';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS check_animal ON public.animals;
CREATE TRIGGER check_animal BEFORE INSERT OR UPDATE ON public.animals
    FOR EACH ROW EXECUTE FUNCTION private.check_animal();

-- Who may change what on an animal: livestock.write for details, livestock.exit to sell, cull or
-- transfer, livestock.death to record a death (the only change workers and vets may make),
-- livestock.delete to delete. Changes made by iFarm's own triggers (movements) pass.
CREATE OR REPLACE FUNCTION private.guard_animal_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_writer boolean;
BEGIN
    IF auth.uid() IS NULL OR pg_trigger_depth() > 1 THEN
        RETURN NEW;
    END IF;
    v_writer := private.has_permission(NEW.tenant_id, 'livestock.write');
    IF NEW.deleted_at IS DISTINCT FROM OLD.deleted_at AND NOT private.has_permission(NEW.tenant_id, 'livestock.delete') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may not delete animals', HINT = 'permission_denied';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NEW.status = 'deceased' AND NOT (v_writer OR private.has_permission(NEW.tenant_id, 'livestock.death')) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may not record deaths', HINT = 'permission_denied';
        END IF;
        IF NEW.status <> 'deceased' AND NOT private.has_permission(NEW.tenant_id, 'livestock.exit') THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = format('your role may not mark animals %s', NEW.status), HINT = 'permission_denied';
        END IF;
    END IF;
    IF NOT v_writer AND (to_jsonb(NEW) - ARRAY['status', 'exit_date', 'exit_reason', 'updated_at'])
                        IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'exit_date', 'exit_reason', 'updated_at']) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may only record deaths of animals',
            HINT = 'permission_denied';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS guard_animal_change ON public.animals;
CREATE TRIGGER guard_animal_change BEFORE UPDATE ON public.animals
    FOR EACH ROW EXECUTE FUNCTION private.guard_animal_change();
DROP TRIGGER IF EXISTS touch_updated_at ON public.animals;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.animals
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();
-- A group started without a date starts on the tenant's today.
CREATE OR REPLACE FUNCTION private.default_group_start() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.started_on := coalesce(NEW.started_on, private.tenant_today(NEW.tenant_id));
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS default_group_start ON public.animal_groups;
CREATE TRIGGER default_group_start BEFORE INSERT ON public.animal_groups
    FOR EACH ROW EXECUTE FUNCTION private.default_group_start();
DROP TRIGGER IF EXISTS touch_updated_at ON public.animal_groups;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.animal_groups
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();
DROP TRIGGER IF EXISTS touch_updated_at ON public.locations;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.locations
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();

-- A movement starts where the animal is and must land on a location of the target farm; the
-- newest movement sets the animal's farm and location.
CREATE OR REPLACE FUNCTION private.apply_movement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_animal public.animals;
BEGIN
    SELECT * INTO v_animal FROM public.animals a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.animal_id FOR UPDATE;
    IF v_animal.status <> 'active' OR v_animal.deleted_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('an animal that is %s cannot move', v_animal.status),
            HINT = 'animal_not_active';
    END IF;
    IF NEW.to_location_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM public.locations l
        WHERE l.tenant_id = NEW.tenant_id AND l.id = NEW.to_location_id AND l.farm_id = NEW.to_farm_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the location is not on the target farm',
            HINT = 'invalid_location';
    END IF;
    NEW.from_farm_id := v_animal.farm_id;
    NEW.from_location_id := v_animal.location_id;
    NEW.recorded_by := coalesce(NEW.recorded_by, auth.uid());
    IF NOT EXISTS (SELECT 1 FROM public.animal_movements m
                   WHERE m.tenant_id = NEW.tenant_id AND m.animal_id = NEW.animal_id AND m.moved_at > NEW.moved_at) THEN
        UPDATE public.animals a SET farm_id = NEW.to_farm_id, location_id = NEW.to_location_id
        WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.animal_id;
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS apply_movement ON public.animal_movements;
CREATE TRIGGER apply_movement BEFORE INSERT ON public.animal_movements
    FOR EACH ROW EXECUTE FUNCTION private.apply_movement();

-- A group's head count changes only through its events and never goes below zero. An event
-- without a date happened on the tenant's today.
CREATE OR REPLACE FUNCTION private.apply_group_count_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_group public.animal_groups;
BEGIN
    NEW.occurred_on := coalesce(NEW.occurred_on, private.tenant_today(NEW.tenant_id));
    SELECT * INTO v_group FROM public.animal_groups g
    WHERE g.tenant_id = NEW.tenant_id AND g.id = NEW.group_id FOR UPDATE;
    IF v_group.deleted_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the group is deleted', HINT = 'group_deleted';
    END IF;
    IF v_group.female_count + NEW.female_delta < 0 OR v_group.male_count + NEW.male_delta < 0
       OR v_group.unknown_count + NEW.unknown_delta < 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the head count would go below zero',
            DETAIL = format('group has female=%s male=%s unknown=%s; event changes them by %s, %s, %s',
                            v_group.female_count, v_group.male_count, v_group.unknown_count,
                            NEW.female_delta, NEW.male_delta, NEW.unknown_delta),
            HINT = 'head_count_negative';
    END IF;
    NEW.recorded_by := coalesce(NEW.recorded_by, auth.uid());
    UPDATE public.animal_groups g SET female_count = g.female_count + NEW.female_delta,
        male_count = g.male_count + NEW.male_delta, unknown_count = g.unknown_count + NEW.unknown_delta
    WHERE g.tenant_id = NEW.tenant_id AND g.id = NEW.group_id;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS apply_group_count_event ON public.group_count_events;
CREATE TRIGGER apply_group_count_event BEFORE INSERT ON public.group_count_events
    FOR EACH ROW EXECUTE FUNCTION private.apply_group_count_event();
