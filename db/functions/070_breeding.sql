-- 070_breeding: services, pregnancy checks, births and lactations (DOMAIN.md, Reproduction).
--  * expected due date = service date + gestation days of the dam's breed, else of her species;
--  * a positive check confirms the pregnancy, a negative one fails it; a new service fails the
--    previous unconfirmed one, and a confirmed pregnancy refuses a new service;
--  * a birth closes the dam's open pregnancy, creates the offspring with dam and sire set and, for
--    dairy species, starts lactation number previous + 1 (drying off the previous one);
--  * repeat-heat watch: females served at least one cycle (species' cycle_days) ago, with no
--    positive check and no later service.

-- ===================================================================== triggers

-- Is the caller a signed-in user who is not a member of the tenant? Rule triggers then stay silent
-- (their messages would describe another tenant's rows) and leave the refusal to RLS.
CREATE OR REPLACE FUNCTION private.is_outsider(p_tenant_id uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT auth.uid() IS NOT NULL AND NOT private.is_member(p_tenant_id)
$$;
GRANT EXECUTE ON FUNCTION private.is_outsider(uuid) TO authenticated, service_role;

-- Copies the farm of the record's animal, group or service onto the record (RLS filters by farm)
-- and stamps who recorded it. SECURITY DEFINER: it reads the parent whatever the caller sees;
-- the insert policy then checks the caller may work on that farm.
CREATE OR REPLACE FUNCTION private.stamp_record_farm() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_row jsonb := to_jsonb(NEW);
    v_farm uuid;
    v_stamp jsonb;
BEGIN
    IF v_row ? 'service_id' AND TG_TABLE_NAME = 'pregnancy_checks' THEN
        SELECT s.farm_id INTO v_farm FROM public.breeding_services s
        WHERE s.tenant_id = NEW.tenant_id AND s.id = (v_row ->> 'service_id')::uuid;
    ELSIF v_row ->> 'group_id' IS NOT NULL THEN
        SELECT g.farm_id INTO v_farm FROM public.animal_groups g
        WHERE g.tenant_id = NEW.tenant_id AND g.id = (v_row ->> 'group_id')::uuid AND g.deleted_at IS NULL;
    ELSE
        SELECT a.farm_id INTO v_farm FROM public.animals a
        WHERE a.tenant_id = NEW.tenant_id AND a.id = coalesce(v_row ->> 'animal_id', v_row ->> 'dam_id')::uuid
          AND a.deleted_at IS NULL;
    END IF;
    IF v_farm IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'the animal, group or service does not exist',
            HINT = 'subject_not_found';
    END IF;
    v_stamp := jsonb_build_object('farm_id', v_farm);
    IF v_row ? 'recorded_by' AND v_row ->> 'recorded_by' IS NULL THEN
        v_stamp := v_stamp || jsonb_build_object('recorded_by', auth.uid());
    END IF;
    IF v_row ? 'performed_by' AND v_row ->> 'performed_by' IS NULL THEN
        v_stamp := v_stamp || jsonb_build_object('performed_by', auth.uid());
    END IF;
    NEW := jsonb_populate_record(NEW, v_stamp);
    RETURN NEW;
END
$$;

-- Gestation days for a dam: her breed's, else her species'.
CREATE OR REPLACE FUNCTION private.gestation_days(p_tenant_id uuid, p_animal_id uuid) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT coalesce(b.gestation_days, tb.gestation_days, s.gestation_days)
    FROM public.animals a
    JOIN public.species s ON s.code = a.species
    LEFT JOIN public.breeds b ON b.id = a.breed_id
    LEFT JOIN public.tenant_breeds tb ON tb.tenant_id = a.tenant_id AND tb.id = a.tenant_breed_id
    WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id
$$;

-- A service needs an active female of a species that gestates, a male sire of her species, a date
-- not in the future; it computes the due date and settles the dam's previous service.
CREATE OR REPLACE FUNCTION private.check_service() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_dam public.animals;
    v_sire public.animals;
    v_confirmed public.breeding_services;
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;  -- not a member: say nothing about the tenant's rows; the insert policy refuses
    END IF;
    SELECT * INTO v_dam FROM public.animals a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.dam_id;
    IF v_dam.sex <> 'female' OR v_dam.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'only an active female can be served', HINT = 'invalid_dam';
    END IF;
    IF NEW.sire_id IS NOT NULL THEN
        SELECT * INTO v_sire FROM public.animals a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.sire_id;
        IF v_sire.sex <> 'male' OR v_sire.species <> v_dam.species THEN
            RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the sire must be a male of the dam''s species',
                HINT = 'invalid_sire';
        END IF;
    END IF;
    IF NEW.served_on > private.tenant_today(NEW.tenant_id) OR NEW.served_on < v_dam.birth_date THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the service date must be between the dam''s birth and today',
            HINT = 'invalid_date';
    END IF;
    NEW.expected_due_on := NEW.served_on + private.gestation_days(NEW.tenant_id, NEW.dam_id);
    IF NEW.expected_due_on IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = format('%s do not gestate (they incubate)', v_dam.species),
            HINT = 'invalid_species';
    END IF;
    SELECT * INTO v_confirmed FROM public.breeding_services s
    WHERE s.tenant_id = NEW.tenant_id AND s.dam_id = NEW.dam_id AND s.status = 'confirmed' AND s.served_on <= NEW.served_on;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = format('the dam is confirmed pregnant (due %s)', v_confirmed.expected_due_on),
            HINT = 'already_pregnant: record the birth or a negative check first';
    END IF;
    UPDATE public.breeding_services s SET status = 'failed'
    WHERE s.tenant_id = NEW.tenant_id AND s.dam_id = NEW.dam_id AND s.status = 'served' AND s.served_on <= NEW.served_on;
    RETURN NEW;
END
$$;

-- A pregnancy check confirms or fails its service.
CREATE OR REPLACE FUNCTION private.apply_pregnancy_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_service public.breeding_services;
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;  -- not a member: say nothing about the tenant's rows; the insert policy refuses
    END IF;
    SELECT * INTO v_service FROM public.breeding_services s
    WHERE s.tenant_id = NEW.tenant_id AND s.id = NEW.service_id FOR UPDATE;
    IF NEW.checked_on < v_service.served_on OR NEW.checked_on > private.tenant_today(NEW.tenant_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'a check must fall between the service and today',
            HINT = 'invalid_date';
    END IF;
    IF v_service.status = 'delivered' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'this pregnancy has ended in a birth', HINT = 'delivered';
    END IF;
    IF EXISTS (SELECT 1 FROM public.breeding_services s WHERE s.tenant_id = NEW.tenant_id
               AND s.dam_id = v_service.dam_id AND s.served_on > v_service.served_on) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the dam has been served again since', HINT = 'superseded';
    END IF;
    IF NEW.result <> 'uncertain' THEN
        UPDATE public.breeding_services s
        SET status = CASE NEW.result WHEN 'positive' THEN 'confirmed' ELSE 'failed' END
        WHERE s.tenant_id = NEW.tenant_id AND s.id = NEW.service_id;
    END IF;
    RETURN NEW;
END
$$;

-- A birth: the dam must be an active female; it closes her open pregnancy (service -> delivered,
-- sire taken from it when not given).
CREATE OR REPLACE FUNCTION private.apply_birth() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_dam public.animals;
    v_service public.breeding_services;
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;  -- not a member: say nothing about the tenant's rows; the insert policy refuses
    END IF;
    SELECT * INTO v_dam FROM public.animals a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.dam_id FOR UPDATE;
    IF v_dam.sex <> 'female' OR v_dam.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'only an active female gives birth', HINT = 'invalid_dam';
    END IF;
    IF NEW.born_on > private.tenant_today(NEW.tenant_id) OR NEW.born_on < v_dam.birth_date THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the birth date must be between the dam''s birth and today',
            HINT = 'invalid_date';
    END IF;
    SELECT * INTO v_service FROM public.breeding_services s
    WHERE s.tenant_id = NEW.tenant_id AND s.dam_id = NEW.dam_id AND s.status IN ('served', 'confirmed')
      AND s.served_on < NEW.born_on AND (NEW.service_id IS NULL OR s.id = NEW.service_id)
    ORDER BY s.served_on DESC LIMIT 1;
    IF FOUND THEN
        NEW.service_id := v_service.id;
        NEW.sire_id := coalesce(NEW.sire_id, v_service.sire_id);
        UPDATE public.breeding_services s SET status = 'delivered' WHERE s.tenant_id = NEW.tenant_id AND s.id = v_service.id;
    END IF;
    RETURN NEW;
END
$$;

-- After a birth of a dairy species: dry off the dam's open lactation and start the next one.
CREATE OR REPLACE FUNCTION private.start_lactation() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_number integer;
BEGIN
    IF EXISTS (SELECT 1 FROM public.animals a JOIN public.species sp ON sp.code = a.species
               WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.dam_id AND sp.is_dairy) THEN
        UPDATE public.lactations l SET dried_off_on = greatest(l.started_on, NEW.born_on - 1)
        WHERE l.tenant_id = NEW.tenant_id AND l.animal_id = NEW.dam_id AND l.dried_off_on IS NULL;
        SELECT coalesce(max(l.number), 0) + 1 INTO v_number FROM public.lactations l
        WHERE l.tenant_id = NEW.tenant_id AND l.animal_id = NEW.dam_id;
        INSERT INTO public.lactations (tenant_id, farm_id, animal_id, number, started_on, birth_id)
        VALUES (NEW.tenant_id, NEW.farm_id, NEW.dam_id, v_number, NEW.born_on, NEW.id);
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS a_stamp_farm ON public.breeding_services;
CREATE TRIGGER a_stamp_farm BEFORE INSERT ON public.breeding_services
    FOR EACH ROW EXECUTE FUNCTION private.stamp_record_farm();
DROP TRIGGER IF EXISTS b_check_service ON public.breeding_services;
CREATE TRIGGER b_check_service BEFORE INSERT ON public.breeding_services
    FOR EACH ROW EXECUTE FUNCTION private.check_service();
DROP TRIGGER IF EXISTS a_stamp_farm ON public.pregnancy_checks;
CREATE TRIGGER a_stamp_farm BEFORE INSERT ON public.pregnancy_checks
    FOR EACH ROW EXECUTE FUNCTION private.stamp_record_farm();
DROP TRIGGER IF EXISTS b_apply_pregnancy_check ON public.pregnancy_checks;
CREATE TRIGGER b_apply_pregnancy_check BEFORE INSERT ON public.pregnancy_checks
    FOR EACH ROW EXECUTE FUNCTION private.apply_pregnancy_check();
DROP TRIGGER IF EXISTS a_stamp_farm ON public.births;
CREATE TRIGGER a_stamp_farm BEFORE INSERT ON public.births
    FOR EACH ROW EXECUTE FUNCTION private.stamp_record_farm();
DROP TRIGGER IF EXISTS b_apply_birth ON public.births;
CREATE TRIGGER b_apply_birth BEFORE INSERT ON public.births
    FOR EACH ROW EXECUTE FUNCTION private.apply_birth();
-- AFTER: the lactation references the birth row.
DROP TRIGGER IF EXISTS start_lactation ON public.births;
CREATE TRIGGER start_lactation AFTER INSERT ON public.births
    FOR EACH ROW EXECUTE FUNCTION private.start_lactation();

-- ===================================================================== policies

DROP POLICY IF EXISTS "members read services on their farms" ON public.breeding_services;
CREATE POLICY "members read services on their farms" ON public.breeding_services
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "breeders record services on their farms" ON public.breeding_services;
CREATE POLICY "breeders record services on their farms" ON public.breeding_services
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('breeding.write')));
DROP POLICY IF EXISTS "members read pregnancy checks on their farms" ON public.pregnancy_checks;
CREATE POLICY "members read pregnancy checks on their farms" ON public.pregnancy_checks
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "breeders record pregnancy checks on their farms" ON public.pregnancy_checks;
CREATE POLICY "breeders record pregnancy checks on their farms" ON public.pregnancy_checks
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('breeding.write')));
DROP POLICY IF EXISTS "members read births on their farms" ON public.births;
CREATE POLICY "members read births on their farms" ON public.births
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "breeders record births on their farms" ON public.births;
CREATE POLICY "breeders record births on their farms" ON public.births
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('breeding.write')));
DROP POLICY IF EXISTS "members read lactations on their farms" ON public.lactations;
CREATE POLICY "members read lactations on their farms" ON public.lactations
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "breeders dry off lactations on their farms" ON public.lactations;
CREATE POLICY "breeders dry off lactations on their farms" ON public.lactations
    FOR UPDATE TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
           AND tenant_id IN (SELECT private.my_tenant_ids_with('breeding.write')))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('breeding.write')));

-- ===================================================================== api

-- Record a natural service or an insemination; returns it with its expected due date.
CREATE OR REPLACE FUNCTION api.record_service(tenant_id uuid, dam_id uuid, served_on date, method text DEFAULT 'ai',
    sire_id uuid DEFAULT NULL, semen_straw_id text DEFAULT NULL, technician text DEFAULT NULL,
    notes text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid := private.uuid7();
BEGIN
    PERFORM private.require_permission(record_service.tenant_id, 'breeding.write');
    INSERT INTO public.breeding_services (tenant_id, id, dam_id, method, sire_id, semen_straw_id, technician,
        served_on, notes)
    VALUES (record_service.tenant_id, v_id, record_service.dam_id, record_service.method, record_service.sire_id,
        record_service.semen_straw_id, record_service.technician, record_service.served_on, record_service.notes);
    RETURN (SELECT to_jsonb(s) FROM public.breeding_services s WHERE s.tenant_id = record_service.tenant_id AND s.id = v_id);
END
$$;
COMMENT ON FUNCTION api.record_service(uuid, uuid, date, text, uuid, text, text, text) IS
    'Record a mating or insemination; the due date follows from the breed or species gestation.';

-- Record a pregnancy diagnosis of a service.
CREATE OR REPLACE FUNCTION api.record_pregnancy_check(tenant_id uuid, service_id uuid, checked_on date, result text,
    method text DEFAULT NULL, notes text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid := private.uuid7();
BEGIN
    PERFORM private.require_permission(record_pregnancy_check.tenant_id, 'breeding.write');
    INSERT INTO public.pregnancy_checks (tenant_id, id, service_id, checked_on, result, method, notes)
    VALUES (record_pregnancy_check.tenant_id, v_id, record_pregnancy_check.service_id, record_pregnancy_check.checked_on,
        record_pregnancy_check.result, record_pregnancy_check.method, record_pregnancy_check.notes);
    RETURN (SELECT to_jsonb(c) || jsonb_build_object('service_status', s.status, 'expected_due_on', s.expected_due_on)
            FROM public.pregnancy_checks c
            JOIN public.breeding_services s ON s.tenant_id = c.tenant_id AND s.id = c.service_id
            WHERE c.tenant_id = record_pregnancy_check.tenant_id AND c.id = v_id);
END
$$;
COMMENT ON FUNCTION api.record_pregnancy_check(uuid, uuid, date, text, text, text) IS
    'Record a pregnancy check: positive confirms, negative fails the service.';

-- SECURITY DEFINER: a birth creates animals, which holders of breeding.write (vets) may do only
-- this way; the caller's permission and farm access are checked here first.
CREATE OR REPLACE FUNCTION private.create_offspring(p_tenant_id uuid, p_birth_id uuid, p_offspring jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_birth public.births;
    v_dam public.animals;
    v_result jsonb;
BEGIN
    SELECT * INTO v_birth FROM public.births b WHERE b.tenant_id = p_tenant_id AND b.id = p_birth_id;
    IF NOT private.has_permission(p_tenant_id, 'breeding.write')
       OR v_birth.farm_id NOT IN (SELECT private.accessible_farm_ids(p_tenant_id)) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you may not record births on this farm',
            HINT = 'permission_denied';
    END IF;
    SELECT * INTO v_dam FROM public.animals a WHERE a.tenant_id = p_tenant_id AND a.id = v_birth.dam_id;
    BEGIN
        WITH born AS (
            INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, name, species, breed_id,
                tenant_breed_id, sex, birth_date, acquisition, acquired_on, sire_id, dam_id)
            SELECT p_tenant_id, v_dam.farm_id, v_dam.location_id, btrim(o ->> 'tag_number'), o ->> 'name', v_dam.species,
                v_dam.breed_id, v_dam.tenant_breed_id, coalesce(o ->> 'sex', 'unknown'), v_birth.born_on, 'born',
                v_birth.born_on, v_birth.sire_id, v_dam.id
            FROM jsonb_array_elements(p_offspring) o
            RETURNING *)
        SELECT coalesce(jsonb_agg(private.animal_json(born) ORDER BY born.tag_number), '[]'::jsonb) INTO v_result FROM born;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'an offspring tag number is already in use', HINT = 'tag_taken';
    END;
    RETURN v_result;
END
$$;

-- Record a birth: creates the offspring (dam and sire set), closes the pregnancy and, for dairy
-- species, starts the next lactation.
CREATE OR REPLACE FUNCTION api.record_birth(tenant_id uuid, dam_id uuid, born_on date, offspring jsonb DEFAULT '[]',
    sire_id uuid DEFAULT NULL, service_id uuid DEFAULT NULL, stillborn_count integer DEFAULT 0,
    notes text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid := private.uuid7();
    v_offspring jsonb;
BEGIN
    PERFORM private.require_permission(record_birth.tenant_id, 'breeding.write');
    IF jsonb_typeof(record_birth.offspring) <> 'array'
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(record_birth.offspring) o
                  WHERE jsonb_typeof(o) <> 'object' OR coalesce(o ->> 'tag_number', '') = '') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'offspring must be a list of {"tag_number", "sex", "name"}',
            HINT = 'every offspring needs a tag_number';
    END IF;
    INSERT INTO public.births (tenant_id, id, dam_id, sire_id, service_id, born_on, offspring_count, stillborn_count,
        notes)
    VALUES (record_birth.tenant_id, v_id, record_birth.dam_id, record_birth.sire_id, record_birth.service_id,
        record_birth.born_on, jsonb_array_length(record_birth.offspring), record_birth.stillborn_count,
        record_birth.notes);
    v_offspring := private.create_offspring(record_birth.tenant_id, v_id, record_birth.offspring);
    RETURN (SELECT to_jsonb(b) || jsonb_build_object('offspring', v_offspring,
                'lactation', (SELECT to_jsonb(l) FROM public.lactations l
                              WHERE l.tenant_id = b.tenant_id AND l.birth_id = b.id))
            FROM public.births b WHERE b.tenant_id = record_birth.tenant_id AND b.id = v_id);
END
$$;
COMMENT ON FUNCTION api.record_birth(uuid, uuid, date, jsonb, uuid, uuid, integer, text) IS
    'Record a birth with its offspring; closes the pregnancy and starts the next lactation.';

-- End a dam's open lactation.
CREATE OR REPLACE FUNCTION api.dry_off(tenant_id uuid, animal_id uuid, dried_off_on date DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.lactations;
BEGIN
    PERFORM private.require_permission(dry_off.tenant_id, 'breeding.write');
    UPDATE public.lactations l SET dried_off_on = coalesce(dry_off.dried_off_on, private.tenant_today(dry_off.tenant_id))
    WHERE l.tenant_id = dry_off.tenant_id AND l.animal_id = dry_off.animal_id AND l.dried_off_on IS NULL
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'the animal has no open lactation', HINT = 'no_open_lactation';
    END IF;
    RETURN to_jsonb(v_row);
END
$$;
COMMENT ON FUNCTION api.dry_off(uuid, uuid, date) IS 'Dry off a dam: end her open lactation.';

-- An animal's breeding history: services with their checks, births and lactations (days in milk).
CREATE OR REPLACE FUNCTION api.animal_breeding_records(tenant_id uuid, animal_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t uuid := animal_breeding_records.tenant_id;
    a uuid := animal_breeding_records.animal_id;
BEGIN
    PERFORM private.require_permission(t, 'livestock.read');
    RETURN jsonb_build_object(
        'services', (SELECT coalesce(jsonb_agg(to_jsonb(s) || jsonb_build_object('checks',
                         (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.checked_on), '[]'::jsonb)
                          FROM public.pregnancy_checks c WHERE c.tenant_id = s.tenant_id AND c.service_id = s.id))
                     ORDER BY s.served_on DESC), '[]'::jsonb)
                     FROM public.breeding_services s WHERE s.tenant_id = t AND s.dam_id = a),
        'births', (SELECT coalesce(jsonb_agg(to_jsonb(b) ORDER BY b.born_on DESC), '[]'::jsonb)
                   FROM public.births b WHERE b.tenant_id = t AND b.dam_id = a),
        'lactations', (SELECT coalesce(jsonb_agg(to_jsonb(l) || jsonb_build_object('days_in_milk',
                           coalesce(l.dried_off_on, private.tenant_today(t)) - l.started_on) ORDER BY l.number DESC), '[]'::jsonb)
                       FROM public.lactations l WHERE l.tenant_id = t AND l.animal_id = a));
END
$$;
COMMENT ON FUNCTION api.animal_breeding_records(uuid, uuid) IS
    'An animal''s services, pregnancy checks, births and lactations.';

-- Females to watch for returning heat: served at least one cycle ago (species' cycle length,
-- 21 days where unknown) with no positive check and no later service.
CREATE OR REPLACE FUNCTION api.repeat_heat_watch(tenant_id uuid, as_of date DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_day date := coalesce(repeat_heat_watch.as_of, private.tenant_today(repeat_heat_watch.tenant_id));
BEGIN
    PERFORM private.require_permission(repeat_heat_watch.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('animal_id', a.id, 'tag_number', a.tag_number,
                'name', a.name, 'species', a.species, 'farm_id', a.farm_id, 'served_on', s.served_on,
                'days_since_service', v_day - s.served_on, 'cycle_days', sp.cycle_days,
                'next_heat_expected_on', s.served_on + sp.cycle_days * ceil((v_day - s.served_on)::numeric / sp.cycle_days)::int)
            ORDER BY s.served_on, a.tag_number), '[]'::jsonb)
            FROM public.animals a
            JOIN public.species sp ON sp.code = a.species
            JOIN LATERAL (SELECT * FROM public.breeding_services s
                          WHERE s.tenant_id = a.tenant_id AND s.dam_id = a.id AND s.served_on <= v_day
                          ORDER BY s.served_on DESC LIMIT 1) s ON true
            WHERE a.tenant_id = repeat_heat_watch.tenant_id AND a.status = 'active' AND a.deleted_at IS NULL
              AND a.sex = 'female'
              AND s.status IN ('served', 'failed')
              AND v_day - s.served_on >= sp.cycle_days
              AND NOT EXISTS (SELECT 1 FROM public.pregnancy_checks c WHERE c.tenant_id = s.tenant_id
                              AND c.service_id = s.id AND c.result = 'positive'));
END
$$;
COMMENT ON FUNCTION api.repeat_heat_watch(uuid, date) IS
    'Served females to watch for repeat heat: a cycle or more since service, no positive check, no later service.';

-- Pregnancies due within a number of days.
CREATE OR REPLACE FUNCTION api.births_due(tenant_id uuid, within_days integer DEFAULT 30) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(births_due.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('service_id', s.id, 'dam_id', s.dam_id,
                'tag_number', a.tag_number, 'status', s.status, 'served_on', s.served_on,
                'expected_due_on', s.expected_due_on) ORDER BY s.expected_due_on), '[]'::jsonb)
            FROM public.breeding_services s
            JOIN public.animals a ON a.tenant_id = s.tenant_id AND a.id = s.dam_id
            WHERE s.tenant_id = births_due.tenant_id AND s.status IN ('served', 'confirmed')
              AND s.expected_due_on <= private.tenant_today(births_due.tenant_id) + births_due.within_days);
END
$$;
COMMENT ON FUNCTION api.births_due(uuid, integer) IS 'Open pregnancies due within the given number of days.';

GRANT EXECUTE ON FUNCTION private.create_offspring(uuid, uuid, jsonb) TO authenticated, service_role;
