-- 060_health: health checks, vaccinations and treatments; the withdrawal-period rules (clearance
-- date per product); an animal's current health status; their policies and api functions.
--
-- Withdrawal rules (DOMAIN.md), decided here:
--   * the label period per product is kept in hours (days x 24); the effective period is rounded UP
--     to whole days (36 h -> 2 days) after the rules below, which work in hours;
--   * cascade (off-label) use: at least 1.5 x the label period for that product, or, where the label
--     gives none (null), the statutory minimum from public.cascade_withdrawal_minimums;
--   * organic farm (farms.is_organic at the time of the treatment): the period is doubled, with a
--     minimum of 48 hours (2 days) even when the label period is zero or absent;
--   * clearance date = course_end + effective days; a product dated from course_start up to the day
--     BEFORE the clearance date is withheld, from the clearance date on it is clear; an effective
--     period of 0 days withholds nothing (clearance date null);
--   * overlapping treatments: the latest clearance date per product wins;
--   * a treatment of a group applies to the group's production.

-- ===================================================================== helpers

-- The farm, species and organic status of the live animal or group a health or production row is about.
-- Called only by the SECURITY DEFINER triggers below, so it sees the row whatever the caller's farm
-- access (the trigger copies the farm onto the row and the policies then decide); it answers only
-- members of the tenant (and trusted server roles). Not granted to clients. PL/pgSQL, not SQL: it
-- runs once per inserted row and PL/pgSQL keeps its plans.
CREATE OR REPLACE FUNCTION private.record_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid,
    OUT farm_id uuid, OUT species text, OUT is_organic boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_uid uuid := auth.uid();
BEGIN
    IF v_uid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public.tenant_members m
                                         WHERE m.tenant_id = p_tenant_id AND m.user_id = v_uid) THEN
        RETURN;
    END IF;
    IF p_animal_id IS NOT NULL AND p_group_id IS NULL THEN
        SELECT a.farm_id, a.species, f.is_organic INTO farm_id, species, is_organic
        FROM public.animals a JOIN public.farms f ON f.tenant_id = a.tenant_id AND f.id = a.farm_id
        WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id AND a.deleted_at IS NULL;
    ELSIF p_group_id IS NOT NULL AND p_animal_id IS NULL THEN
        SELECT g.farm_id, g.species, f.is_organic INTO farm_id, species, is_organic
        FROM public.animal_groups g JOIN public.farms f ON f.tenant_id = g.tenant_id AND f.id = g.farm_id
        WHERE g.tenant_id = p_tenant_id AND g.id = p_group_id AND g.deleted_at IS NULL;
    END IF;
END
$$;

-- Effective withdrawal days for one product of one treatment (the rules in the banner above).
CREATE OR REPLACE FUNCTION private.withdrawal_days(p_product text, p_label_hours integer, p_is_cascade boolean,
    p_is_organic boolean) RETURNS integer
LANGUAGE sql STABLE AS $$
    WITH base AS (
        SELECT CASE
                   WHEN NOT p_is_cascade THEN coalesce(p_label_hours, 0)::numeric
                   WHEN p_label_hours IS NOT NULL THEN p_label_hours * 1.5
                   ELSE coalesce((SELECT m.min_days FROM public.cascade_withdrawal_minimums m
                                  WHERE m.product = p_product), 0) * 24
               END AS hours),
    organic AS (
        SELECT CASE WHEN p_is_organic THEN greatest(b.hours * 2, 48) ELSE b.hours END AS hours FROM base b)
    SELECT ceil(o.hours / 24)::integer FROM organic o
$$;

-- The treatment that withholds a product of an animal or group on a day, and its clearance date:
-- the one clearing last (overlap: the latest clearance wins). Nulls = the product is clear.
-- Called only by SECURITY DEFINER code (the production trigger, private.reflag_production), so a
-- worker recording milk is flagged by a treatment whatever they may read. Not granted to clients.
CREATE OR REPLACE FUNCTION private.withholding_treatment(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid,
    p_product text, p_on date, OUT treatment_id uuid, OUT clear_on date)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF p_product NOT IN ('milk', 'eggs', 'meat') THEN
        RETURN;
    END IF;
    IF p_animal_id IS NOT NULL THEN
        SELECT t.id, c.clear_on INTO treatment_id, clear_on
        FROM public.treatments t
        CROSS JOIN LATERAL (SELECT CASE p_product WHEN 'milk' THEN t.milk_clear_on WHEN 'eggs' THEN t.eggs_clear_on
                                                  WHEN 'meat' THEN t.meat_clear_on END) c (clear_on)
        WHERE t.tenant_id = p_tenant_id AND t.animal_id = p_animal_id
          AND t.course_start <= p_on AND p_on < c.clear_on
        ORDER BY c.clear_on DESC, t.id DESC
        LIMIT 1;
    ELSE
        SELECT t.id, c.clear_on INTO treatment_id, clear_on
        FROM public.treatments t
        CROSS JOIN LATERAL (SELECT CASE p_product WHEN 'milk' THEN t.milk_clear_on WHEN 'eggs' THEN t.eggs_clear_on
                                                  WHEN 'meat' THEN t.meat_clear_on END) c (clear_on)
        WHERE t.tenant_id = p_tenant_id AND t.group_id = p_group_id
          AND t.course_start <= p_on AND p_on < c.clear_on
        ORDER BY c.clear_on DESC, t.id DESC
        LIMIT 1;
    END IF;
END
$$;

-- The latest clearance date per product of an animal (or group) over all its treatments, with the
-- treatment that sets it (overlap: latest wins). Invoker: the caller's policies apply.
CREATE OR REPLACE FUNCTION private.clearances(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid)
RETURNS TABLE (product text, clear_on date, treatment_id uuid, medicine text)
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT ON (v.product) v.product, v.clear_on, t.id, t.medicine
    FROM public.treatments t
    CROSS JOIN LATERAL (VALUES ('meat', t.meat_clear_on), ('milk', t.milk_clear_on), ('eggs', t.eggs_clear_on))
        AS v (product, clear_on)
    WHERE t.tenant_id = p_tenant_id AND (t.animal_id = p_animal_id OR t.group_id = p_group_id)
      AND v.clear_on IS NOT NULL
    ORDER BY v.product, v.clear_on DESC, t.id DESC
$$;

-- An animal's current health status, first match wins:
--   under_treatment  a treatment course covers the day (course_start <= day <= course_end);
--   sick             its latest health check (on or before the day) found it sick;
--   in_withdrawal    a product of it is still inside a withdrawal period (day < a clearance date);
--   healthy          otherwise.
-- The day defaults to today in the tenant's time zone. Invoker: the caller's policies apply.
CREATE OR REPLACE FUNCTION private.animal_health_status(p_tenant_id uuid, p_animal_id uuid, p_on date DEFAULT NULL)
RETURNS text
LANGUAGE sql STABLE AS $$
    WITH d AS (SELECT coalesce(p_on, private.tenant_today(p_tenant_id)) AS day)
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM public.treatments t, d
                     WHERE t.tenant_id = p_tenant_id AND t.animal_id = p_animal_id
                       AND d.day BETWEEN t.course_start AND t.course_end) THEN 'under_treatment'
        WHEN (SELECT h.is_sick FROM public.health_checks h, d
              WHERE h.tenant_id = p_tenant_id AND h.animal_id = p_animal_id AND h.checked_on <= d.day
              ORDER BY h.checked_on DESC, h.id DESC LIMIT 1) THEN 'sick'
        WHEN EXISTS (SELECT 1 FROM public.treatments t, d
                     WHERE t.tenant_id = p_tenant_id AND t.animal_id = p_animal_id AND t.course_start <= d.day
                       AND d.day < greatest(t.meat_clear_on, t.milk_clear_on, t.eggs_clear_on)) THEN 'in_withdrawal'
        ELSE 'healthy' END
    FROM d
$$;
COMMENT ON FUNCTION private.animal_health_status(uuid, uuid, date) IS
    'healthy / under_treatment / in_withdrawal / sick on a day (default today); see the comment above it.';

-- Raises 404 unless the caller can see the live animal or group the row is about (and exactly one
-- of them is given). Returns its farm. api functions call it so that a refusal is a clear error.
CREATE OR REPLACE FUNCTION private.require_subject(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid)
RETURNS uuid
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_farm uuid;
BEGIN
    IF num_nonnulls(p_animal_id, p_group_id) <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'give exactly one of animal_id and group_id',
            HINT = 'animal_or_group';
    END IF;
    IF p_animal_id IS NOT NULL THEN
        SELECT a.farm_id INTO v_farm FROM public.animals a
        WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id AND a.deleted_at IS NULL;
    ELSE
        SELECT g.farm_id INTO v_farm FROM public.animal_groups g
        WHERE g.tenant_id = p_tenant_id AND g.id = p_group_id AND g.deleted_at IS NULL;
    END IF;
    IF v_farm IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404',
            MESSAGE = CASE WHEN p_animal_id IS NOT NULL THEN 'animal not found' ELSE 'group not found' END,
            DETAIL = format('tenant_id=%s, %s', p_tenant_id,
                            coalesce('animal_id=' || p_animal_id, 'group_id=' || p_group_id)),
            HINT = CASE WHEN p_animal_id IS NOT NULL THEN 'animal_not_found' ELSE 'group_not_found' END;
    END IF;
    RETURN v_farm;
END
$$;

REVOKE EXECUTE ON FUNCTION private.record_subject(uuid, uuid, uuid),
    private.withholding_treatment(uuid, uuid, uuid, text, date) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION private.record_subject(uuid, uuid, uuid),
    private.withholding_treatment(uuid, uuid, uuid, text, date) TO service_role;
GRANT EXECUTE ON FUNCTION private.withdrawal_days(text, integer, boolean, boolean),
    private.clearances(uuid, uuid, uuid), private.animal_health_status(uuid, uuid, date),
    private.require_subject(uuid, uuid, uuid)
    TO authenticated, service_role;

-- ===================================================================== triggers

-- Health rows carry the farm of their animal or group (for the farm-access policies) and who
-- recorded them; clients cannot choose either. A check or vaccination without a date is dated the
-- tenant's today (one trigger function per table, since their date columns differ and a shared one
-- would name a column the other table lacks). SECURITY DEFINER: see private.record_subject.
CREATE OR REPLACE FUNCTION private.prepare_health_record() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.farm_id := (private.record_subject(NEW.tenant_id, NEW.animal_id, NEW.group_id)).farm_id;
        NEW.recorded_by := coalesce(auth.uid(), NEW.recorded_by);
        NEW.checked_on := coalesce(NEW.checked_on, private.tenant_today(NEW.tenant_id));
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS prepare_health_record ON public.health_checks;
CREATE TRIGGER prepare_health_record BEFORE INSERT OR UPDATE ON public.health_checks
    FOR EACH ROW EXECUTE FUNCTION private.prepare_health_record();

CREATE OR REPLACE FUNCTION private.prepare_vaccination() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.farm_id := (private.record_subject(NEW.tenant_id, NEW.animal_id, NEW.group_id)).farm_id;
        NEW.recorded_by := coalesce(auth.uid(), NEW.recorded_by);
        NEW.given_on := coalesce(NEW.given_on, private.tenant_today(NEW.tenant_id));
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS prepare_health_record ON public.vaccinations;
DROP TRIGGER IF EXISTS prepare_vaccination ON public.vaccinations;
CREATE TRIGGER prepare_vaccination BEFORE INSERT OR UPDATE ON public.vaccinations
    FOR EACH ROW EXECUTE FUNCTION private.prepare_vaccination();

-- A treatment gets its farm, the farm's organic status, and per product the effective withdrawal
-- days and the clearance date (the rules in the banner). SECURITY DEFINER: see private.record_subject.
CREATE OR REPLACE FUNCTION private.prepare_treatment() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_subject record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        v_subject := private.record_subject(NEW.tenant_id, NEW.animal_id, NEW.group_id);
        NEW.farm_id := v_subject.farm_id;  -- null for a non-member: the policy then refuses the row
        NEW.is_organic := coalesce(v_subject.is_organic, false);
        NEW.recorded_by := coalesce(auth.uid(), NEW.recorded_by);
    END IF;
    NEW.meat_withdrawal_days := private.withdrawal_days('meat', NEW.meat_withdrawal_hours, NEW.is_cascade, NEW.is_organic);
    NEW.milk_withdrawal_days := private.withdrawal_days('milk', NEW.milk_withdrawal_hours, NEW.is_cascade, NEW.is_organic);
    NEW.eggs_withdrawal_days := private.withdrawal_days('eggs', NEW.eggs_withdrawal_hours, NEW.is_cascade, NEW.is_organic);
    NEW.meat_clear_on := CASE WHEN NEW.meat_withdrawal_days > 0 THEN NEW.course_end + NEW.meat_withdrawal_days END;
    NEW.milk_clear_on := CASE WHEN NEW.milk_withdrawal_days > 0 THEN NEW.course_end + NEW.milk_withdrawal_days END;
    NEW.eggs_clear_on := CASE WHEN NEW.eggs_withdrawal_days > 0 THEN NEW.course_end + NEW.eggs_withdrawal_days END;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS prepare_treatment ON public.treatments;
CREATE TRIGGER prepare_treatment BEFORE INSERT OR UPDATE ON public.treatments
    FOR EACH ROW EXECUTE FUNCTION private.prepare_treatment();

-- Recomputes the withheld flag of the milk, eggs and meat of an animal or group from a day on
-- (private.prepare_production computes the same for each row it touches). SECURITY DEFINER: the
-- vet recording a treatment may not be allowed to write production.
CREATE OR REPLACE FUNCTION private.reflag_production(p_tenant_id uuid, p_animal_id uuid, p_group_id uuid,
    p_from date) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
    UPDATE public.production_records p
    SET is_withheld = c.treatment_id IS NOT NULL, withheld_until = c.clear_on, withheld_treatment_id = c.treatment_id
    FROM (SELECT r.id, w.treatment_id, w.clear_on
          FROM public.production_records r
          CROSS JOIN LATERAL private.withholding_treatment(r.tenant_id, r.animal_id, r.group_id, r.product,
                                                           r.recorded_on) w
          WHERE r.tenant_id = p_tenant_id
            AND (r.animal_id = p_animal_id OR r.group_id = p_group_id)
            AND r.product IN ('milk', 'eggs', 'meat')
            AND r.recorded_on >= p_from) c
    WHERE p.tenant_id = p_tenant_id AND p.id = c.id
      AND (p.withheld_until, p.withheld_treatment_id) IS DISTINCT FROM (c.clear_on, c.treatment_id)
$$;

-- A treatment recorded (or changed, or removed) after the production it affects re-flags that
-- production from the course start on.
CREATE OR REPLACE FUNCTION private.treatment_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM private.reflag_production(OLD.tenant_id, OLD.animal_id, OLD.group_id, OLD.course_start);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM private.reflag_production(NEW.tenant_id, NEW.animal_id, NEW.group_id, NEW.course_start);
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS treatment_changed ON public.treatments;
CREATE TRIGGER treatment_changed AFTER INSERT OR UPDATE OR DELETE ON public.treatments
    FOR EACH ROW EXECUTE FUNCTION private.treatment_changed();

-- ===================================================================== policies

DROP POLICY IF EXISTS "members read health checks on their farms" ON public.health_checks;
CREATE POLICY "members read health checks on their farms" ON public.health_checks
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "health recorders check animals on their farms" ON public.health_checks;
CREATE POLICY "health recorders check animals on their farms" ON public.health_checks
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('health.write')));

DROP POLICY IF EXISTS "members read vaccinations on their farms" ON public.vaccinations;
CREATE POLICY "members read vaccinations on their farms" ON public.vaccinations
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "health recorders vaccinate animals on their farms" ON public.vaccinations;
CREATE POLICY "health recorders vaccinate animals on their farms" ON public.vaccinations
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('health.write')));

DROP POLICY IF EXISTS "members read treatments on their farms" ON public.treatments;
CREATE POLICY "members read treatments on their farms" ON public.treatments
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "health recorders treat animals on their farms" ON public.treatments;
CREATE POLICY "health recorders treat animals on their farms" ON public.treatments
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('health.write')));

DROP POLICY IF EXISTS "anyone reads the cascade withdrawal minimums" ON public.cascade_withdrawal_minimums;
CREATE POLICY "anyone reads the cascade withdrawal minimums" ON public.cascade_withdrawal_minimums
    FOR SELECT TO anon, authenticated USING (true);

-- ===================================================================== api

-- JSON of a health check.
CREATE OR REPLACE FUNCTION private.health_check_json(h public.health_checks) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', h.id, 'tenant_id', h.tenant_id, 'farm_id', h.farm_id, 'animal_id', h.animal_id,
        'group_id', h.group_id, 'checked_on', h.checked_on, 'temperature_c', h.temperature_c,
        'body_condition_score', h.body_condition_score, 'is_sick', h.is_sick, 'diagnosis', h.diagnosis,
        'vet_name', h.vet_name, 'notes', h.notes, 'recorded_by', h.recorded_by, 'created_at', h.created_at)
$$;

-- JSON of a vaccination.
CREATE OR REPLACE FUNCTION private.vaccination_json(v public.vaccinations) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', v.id, 'tenant_id', v.tenant_id, 'farm_id', v.farm_id, 'animal_id', v.animal_id,
        'group_id', v.group_id, 'vaccine', v.vaccine, 'dose', v.dose, 'batch_number', v.batch_number,
        'given_on', v.given_on, 'next_due_on', v.next_due_on, 'vet_name', v.vet_name, 'notes', v.notes,
        'recorded_by', v.recorded_by, 'created_at', v.created_at)
$$;

-- JSON of a treatment, with its withdrawal per product (label hours, effective days, clearance date).
CREATE OR REPLACE FUNCTION private.treatment_json(t public.treatments) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', t.id, 'tenant_id', t.tenant_id, 'farm_id', t.farm_id, 'animal_id', t.animal_id,
        'group_id', t.group_id, 'diagnosis', t.diagnosis, 'medicine', t.medicine, 'dose', t.dose, 'route', t.route,
        'course_start', t.course_start, 'course_end', t.course_end, 'is_cascade', t.is_cascade,
        'is_organic', t.is_organic,
        'withdrawal', jsonb_build_object(
            'meat', jsonb_build_object('label_hours', t.meat_withdrawal_hours, 'days', t.meat_withdrawal_days,
                                       'clear_on', t.meat_clear_on),
            'milk', jsonb_build_object('label_hours', t.milk_withdrawal_hours, 'days', t.milk_withdrawal_days,
                                       'clear_on', t.milk_clear_on),
            'eggs', jsonb_build_object('label_hours', t.eggs_withdrawal_hours, 'days', t.eggs_withdrawal_days,
                                       'clear_on', t.eggs_clear_on)),
        'vet_name', t.vet_name, 'notes', t.notes, 'recorded_by', t.recorded_by, 'created_at', t.created_at)
$$;

-- A label period given in days or in hours, as hours (not both; never negative).
CREATE OR REPLACE FUNCTION private.label_hours(p_product text, p_days integer, p_hours integer) RETURNS integer
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_days IS NOT NULL AND p_hours IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('give the %s withdrawal in days or in hours, not both', p_product),
            HINT = 'withdrawal_days_or_hours';
    END IF;
    IF coalesce(p_days, p_hours) < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('the %s withdrawal cannot be negative', p_product),
            HINT = 'withdrawal_negative';
    END IF;
    RETURN coalesce(p_days * 24, p_hours);
END
$$;

GRANT EXECUTE ON FUNCTION private.health_check_json(public.health_checks), private.vaccination_json(public.vaccinations),
    private.treatment_json(public.treatments), private.label_hours(text, integer, integer)
    TO authenticated, service_role;

-- Record a health check of an animal or a group (health.write, on a farm the caller can access).
-- is_sick defaults to "a diagnosis was given".
CREATE OR REPLACE FUNCTION api.record_health_check(tenant_id uuid, animal_id uuid DEFAULT NULL,
    group_id uuid DEFAULT NULL, checked_on date DEFAULT NULL, temperature_c numeric DEFAULT NULL,
    body_condition_score numeric DEFAULT NULL, diagnosis text DEFAULT NULL, is_sick boolean DEFAULT NULL,
    vet_name text DEFAULT NULL, notes text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.health_checks;
BEGIN
    PERFORM private.require_permission(record_health_check.tenant_id, 'health.write');
    PERFORM private.require_subject(record_health_check.tenant_id, record_health_check.animal_id,
                                    record_health_check.group_id);
    INSERT INTO public.health_checks (tenant_id, animal_id, group_id, checked_on, temperature_c, body_condition_score,
        is_sick, diagnosis, vet_name, notes)
    VALUES (record_health_check.tenant_id, record_health_check.animal_id, record_health_check.group_id,
        coalesce(record_health_check.checked_on, private.tenant_today(record_health_check.tenant_id)),
        record_health_check.temperature_c, record_health_check.body_condition_score,
        coalesce(record_health_check.is_sick, nullif(btrim(record_health_check.diagnosis), '') IS NOT NULL),
        nullif(btrim(record_health_check.diagnosis), ''), record_health_check.vet_name, record_health_check.notes)
    RETURNING * INTO v_row;
    RETURN private.health_check_json(v_row);
END
$$;
COMMENT ON FUNCTION api.record_health_check(uuid, uuid, uuid, date, numeric, numeric, text, boolean, text, text) IS
    'Record a health check (temperature, body condition score 1-5, diagnosis) of an animal or a group.';

-- Record a vaccination of an animal or a group.
CREATE OR REPLACE FUNCTION api.record_vaccination(tenant_id uuid, vaccine text, animal_id uuid DEFAULT NULL,
    group_id uuid DEFAULT NULL, given_on date DEFAULT NULL, dose text DEFAULT NULL, batch_number text DEFAULT NULL,
    next_due_on date DEFAULT NULL, vet_name text DEFAULT NULL, notes text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.vaccinations;
BEGIN
    PERFORM private.require_permission(record_vaccination.tenant_id, 'health.write');
    PERFORM private.require_subject(record_vaccination.tenant_id, record_vaccination.animal_id,
                                    record_vaccination.group_id);
    INSERT INTO public.vaccinations (tenant_id, animal_id, group_id, vaccine, dose, batch_number, given_on,
        next_due_on, vet_name, notes)
    VALUES (record_vaccination.tenant_id, record_vaccination.animal_id, record_vaccination.group_id,
        btrim(record_vaccination.vaccine), record_vaccination.dose, record_vaccination.batch_number,
        coalesce(record_vaccination.given_on, private.tenant_today(record_vaccination.tenant_id)),
        record_vaccination.next_due_on, record_vaccination.vet_name, record_vaccination.notes)
    RETURNING * INTO v_row;
    RETURN private.vaccination_json(v_row);
END
$$;
COMMENT ON FUNCTION api.record_vaccination(uuid, text, uuid, uuid, date, text, text, date, text, text) IS
    'Record a vaccination (vaccine, dose, batch, next due date) of an animal or a group.';

-- Record a treatment course. Withdrawal per product is the label's, in days or in hours; the
-- clearance dates come back in "withdrawal" (rules in this file's banner).
CREATE OR REPLACE FUNCTION api.record_treatment(tenant_id uuid, medicine text, course_start date,
    animal_id uuid DEFAULT NULL, group_id uuid DEFAULT NULL, course_end date DEFAULT NULL, dose text DEFAULT NULL,
    route text DEFAULT NULL, diagnosis text DEFAULT NULL, is_cascade boolean DEFAULT false,
    meat_withdrawal_days integer DEFAULT NULL, milk_withdrawal_days integer DEFAULT NULL,
    eggs_withdrawal_days integer DEFAULT NULL, meat_withdrawal_hours integer DEFAULT NULL,
    milk_withdrawal_hours integer DEFAULT NULL, eggs_withdrawal_hours integer DEFAULT NULL,
    vet_name text DEFAULT NULL, notes text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.treatments;
BEGIN
    PERFORM private.require_permission(record_treatment.tenant_id, 'health.write');
    PERFORM private.require_subject(record_treatment.tenant_id, record_treatment.animal_id, record_treatment.group_id);
    IF record_treatment.course_end < record_treatment.course_start THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'course_end is before course_start',
            DETAIL = format('course_start=%s, course_end=%s', record_treatment.course_start, record_treatment.course_end),
            HINT = 'course_end_before_start';
    END IF;
    INSERT INTO public.treatments (tenant_id, animal_id, group_id, diagnosis, medicine, dose, route, course_start,
        course_end, is_cascade, meat_withdrawal_hours, milk_withdrawal_hours, eggs_withdrawal_hours, vet_name, notes)
    VALUES (record_treatment.tenant_id, record_treatment.animal_id, record_treatment.group_id,
        record_treatment.diagnosis, btrim(record_treatment.medicine), record_treatment.dose, record_treatment.route,
        record_treatment.course_start, coalesce(record_treatment.course_end, record_treatment.course_start),
        coalesce(record_treatment.is_cascade, false),
        private.label_hours('meat', record_treatment.meat_withdrawal_days, record_treatment.meat_withdrawal_hours),
        private.label_hours('milk', record_treatment.milk_withdrawal_days, record_treatment.milk_withdrawal_hours),
        private.label_hours('eggs', record_treatment.eggs_withdrawal_days, record_treatment.eggs_withdrawal_hours),
        record_treatment.vet_name, record_treatment.notes)
    RETURNING * INTO v_row;
    RETURN private.treatment_json(v_row);
END
$$;
COMMENT ON FUNCTION api.record_treatment(uuid, text, date, uuid, uuid, date, text, text, text, boolean, integer,
    integer, integer, integer, integer, integer, text, text) IS
    'Record a treatment course with its withdrawal periods; returns the clearance date per product.';

-- Health events (checks, vaccinations, treatments) newest first, filtered by farm, animal, group,
-- kind (check, vaccination, treatment) and date range, page by page.
CREATE OR REPLACE FUNCTION api.list_health_events(tenant_id uuid, farm_id uuid DEFAULT NULL,
    animal_id uuid DEFAULT NULL, group_id uuid DEFAULT NULL, kind text DEFAULT NULL, "from" date DEFAULT NULL,
    "to" date DEFAULT NULL, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_result jsonb;
BEGIN
    PERFORM private.require_permission(list_health_events.tenant_id, 'livestock.read');
    PERFORM private.check_page(list_health_events."limit", list_health_events."offset");
    IF list_health_events.kind NOT IN ('check', 'vaccination', 'treatment') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown kind %L', list_health_events.kind),
            HINT = 'one of: check, vaccination, treatment';
    END IF;
    WITH events AS (
        SELECT 'check' AS kind, h.id, h.checked_on AS event_on, h.farm_id, h.animal_id, h.group_id
        FROM public.health_checks h
        WHERE h.tenant_id = list_health_events.tenant_id AND coalesce(list_health_events.kind, 'check') = 'check'
        UNION ALL
        SELECT 'vaccination', v.id, v.given_on, v.farm_id, v.animal_id, v.group_id
        FROM public.vaccinations v
        WHERE v.tenant_id = list_health_events.tenant_id
          AND coalesce(list_health_events.kind, 'vaccination') = 'vaccination'
        UNION ALL
        SELECT 'treatment', t.id, t.course_start, t.farm_id, t.animal_id, t.group_id
        FROM public.treatments t
        WHERE t.tenant_id = list_health_events.tenant_id
          AND coalesce(list_health_events.kind, 'treatment') = 'treatment'),
    filtered AS (
        SELECT e.kind, e.id, e.event_on FROM events e
        WHERE (list_health_events.farm_id IS NULL OR e.farm_id = list_health_events.farm_id)
          AND (list_health_events.animal_id IS NULL OR e.animal_id = list_health_events.animal_id)
          AND (list_health_events.group_id IS NULL OR e.group_id = list_health_events.group_id)
          AND (list_health_events."from" IS NULL OR e.event_on >= list_health_events."from")
          AND (list_health_events."to" IS NULL OR e.event_on <= list_health_events."to")),
    page AS (
        SELECT * FROM filtered f ORDER BY f.event_on DESC, f.id DESC
        LIMIT list_health_events."limit" OFFSET list_health_events."offset")
    SELECT jsonb_build_object(
        'count', (SELECT count(*) FROM filtered),
        'results', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', p.kind, 'id', p.id, 'event_on', p.event_on,
                        'data', CASE p.kind
                            WHEN 'check' THEN (SELECT private.health_check_json(h) FROM public.health_checks h
                                               WHERE h.tenant_id = list_health_events.tenant_id AND h.id = p.id)
                            WHEN 'vaccination' THEN (SELECT private.vaccination_json(v) FROM public.vaccinations v
                                               WHERE v.tenant_id = list_health_events.tenant_id AND v.id = p.id)
                            ELSE (SELECT private.treatment_json(t) FROM public.treatments t
                                  WHERE t.tenant_id = list_health_events.tenant_id AND t.id = p.id) END)
                        ORDER BY p.event_on DESC, p.id DESC), '[]'::jsonb)
                    FROM page p))
    INTO v_result;
    RETURN v_result;
END
$$;
COMMENT ON FUNCTION api.list_health_events(uuid, uuid, uuid, uuid, text, date, date, integer, integer) IS
    'Health checks, vaccinations and treatments, newest first, with filters and paging.';

-- Everything about one animal's health: checks, vaccinations, treatments, the current clearance
-- date per product (latest wins) and its health status.
CREATE OR REPLACE FUNCTION api.animal_health_records(tenant_id uuid, animal_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_today date := private.tenant_today(animal_health_records.tenant_id);
BEGIN
    PERFORM private.require_permission(animal_health_records.tenant_id, 'livestock.read');
    PERFORM private.require_subject(animal_health_records.tenant_id, animal_health_records.animal_id, NULL);
    RETURN jsonb_build_object(
        'animal_id', animal_health_records.animal_id,
        'status', private.animal_health_status(animal_health_records.tenant_id, animal_health_records.animal_id),
        'withdrawals', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('product', c.product, 'clear_on', c.clear_on,
                        'treatment_id', c.treatment_id, 'medicine', c.medicine,
                        'is_withheld_today', v_today < c.clear_on) ORDER BY c.product), '[]'::jsonb)
            FROM private.clearances(animal_health_records.tenant_id, animal_health_records.animal_id, NULL) c),
        'checks', (
            SELECT coalesce(jsonb_agg(private.health_check_json(h) ORDER BY h.checked_on DESC, h.id DESC), '[]'::jsonb)
            FROM public.health_checks h
            WHERE h.tenant_id = animal_health_records.tenant_id AND h.animal_id = animal_health_records.animal_id),
        'vaccinations', (
            SELECT coalesce(jsonb_agg(private.vaccination_json(v) ORDER BY v.given_on DESC, v.id DESC), '[]'::jsonb)
            FROM public.vaccinations v
            WHERE v.tenant_id = animal_health_records.tenant_id AND v.animal_id = animal_health_records.animal_id),
        'treatments', (
            SELECT coalesce(jsonb_agg(private.treatment_json(t) ORDER BY t.course_start DESC, t.id DESC), '[]'::jsonb)
            FROM public.treatments t
            WHERE t.tenant_id = animal_health_records.tenant_id AND t.animal_id = animal_health_records.animal_id));
END
$$;
COMMENT ON FUNCTION api.animal_health_records(uuid, uuid) IS
    'An animal''s health checks, vaccinations, treatments, current withdrawal clearances and health status.';

-- One kind of health event as a page of its own records (GET health-checks, vaccinations,
-- treatments): api.list_health_events filtered to the kind, each result the record itself.
CREATE OR REPLACE FUNCTION private.health_events_of_kind(p_page jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('count', p_page -> 'count',
        'results', coalesce((SELECT jsonb_agg(e -> 'data' ORDER BY o) FROM jsonb_array_elements(p_page -> 'results')
                             WITH ORDINALITY AS r (e, o)), '[]'::jsonb))
$$;
GRANT EXECUTE ON FUNCTION private.health_events_of_kind(jsonb) TO authenticated, service_role;

-- Health checks newest first, with filters and paging.
CREATE OR REPLACE FUNCTION api.list_health_checks(tenant_id uuid, farm_id uuid DEFAULT NULL,
    animal_id uuid DEFAULT NULL, group_id uuid DEFAULT NULL, "from" date DEFAULT NULL, "to" date DEFAULT NULL,
    "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT private.health_events_of_kind(api.list_health_events(tenant_id, farm_id, animal_id, group_id, 'check',
                                                                "from", "to", "limit", "offset"))
$$;
COMMENT ON FUNCTION api.list_health_checks(uuid, uuid, uuid, uuid, date, date, integer, integer) IS
    'Health checks, newest first, with filters and paging.';

-- Vaccinations newest first, with filters and paging.
CREATE OR REPLACE FUNCTION api.list_vaccinations(tenant_id uuid, farm_id uuid DEFAULT NULL,
    animal_id uuid DEFAULT NULL, group_id uuid DEFAULT NULL, "from" date DEFAULT NULL, "to" date DEFAULT NULL,
    "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT private.health_events_of_kind(api.list_health_events(tenant_id, farm_id, animal_id, group_id,
                                                                'vaccination', "from", "to", "limit", "offset"))
$$;
COMMENT ON FUNCTION api.list_vaccinations(uuid, uuid, uuid, uuid, date, date, integer, integer) IS
    'Vaccinations, newest first, with filters and paging.';

-- Treatments newest first (by course start), with filters and paging.
CREATE OR REPLACE FUNCTION api.list_treatments(tenant_id uuid, farm_id uuid DEFAULT NULL,
    animal_id uuid DEFAULT NULL, group_id uuid DEFAULT NULL, "from" date DEFAULT NULL, "to" date DEFAULT NULL,
    "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT private.health_events_of_kind(api.list_health_events(tenant_id, farm_id, animal_id, group_id,
                                                                'treatment', "from", "to", "limit", "offset"))
$$;
COMMENT ON FUNCTION api.list_treatments(uuid, uuid, uuid, uuid, date, date, integer, integer) IS
    'Treatments with their withdrawal clearance dates, newest first, with filters and paging.';
