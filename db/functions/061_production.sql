-- 061_production: production records (milk, eggs, wool, weight gain, honey, meat) of an animal or a
-- group, validated against the species; the withheld flag for produce inside a withdrawal period
-- (rules in 060_health.sql); corrections that keep the old value; policies and api functions,
-- including an all-or-nothing bulk insert of up to 5,000 records.

-- ===================================================================== helpers

-- Why a product and unit are wrong for a species (null error = fine): the species must yield the
-- product (public.species_products) in that unit. The message names what is allowed.
-- PL/pgSQL so that the per-row call keeps its plans.
CREATE OR REPLACE FUNCTION private.production_unit_problem(p_species text, p_product text, p_unit text,
    OUT error text, OUT hint text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_units text[];
BEGIN
    SELECT array_agg(sp.unit ORDER BY sp.unit) INTO v_units
    FROM public.species_products sp WHERE sp.species = p_species AND sp.product = p_product;
    IF v_units IS NULL THEN
        error := format('%s does not yield %s; products of %s: %s', p_species, coalesce(p_product, '(none)'), p_species,
            coalesce((SELECT string_agg(DISTINCT sp.product, ', ' ORDER BY sp.product) FROM public.species_products sp
                      WHERE sp.species = p_species), '(none)'));
        hint := 'invalid_product';
    ELSIF p_unit IS NULL OR NOT (p_unit = ANY (v_units)) THEN
        error := format('unit %s is not allowed for %s of %s; allowed units: %s', coalesce(p_unit, '(none)'),
            p_product, p_species, array_to_string(v_units, ', '));
        hint := 'invalid_unit';
    END IF;
END
$$;

-- Text from JSON as a uuid, a number, an integer or a date; null when it is not one (bulk input is
-- checked row by row without aborting on the first bad value).
CREATE OR REPLACE FUNCTION private.try_uuid(p text) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN p::uuid END
$$;
CREATE OR REPLACE FUNCTION private.try_numeric(p text) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN length(p) <= 40 AND p ~ '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$' THEN p::numeric END
$$;
CREATE OR REPLACE FUNCTION private.try_integer(p text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p ~ '^[0-9]{1,9}$' THEN p::integer END
$$;
CREATE OR REPLACE FUNCTION private.try_date(p text) RETURNS date
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        RETURN NULL;
    END IF;
    RETURN p::date;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- Production records given as JSON objects, parsed and checked as a set: one row per record with
-- its index (from 0), its values and, when it is bad, the first reason, the SQLSTATE to raise and a
-- stable hint. Checks: the shape, the animal or group (visible to the caller: RLS applies), product
-- and unit for the species, quantity > 0, date, session, milk-only quality fields, and duplicates
-- within the batch and against stored records (same animal or group, product, date and session).
CREATE OR REPLACE FUNCTION private.parse_production(p_tenant_id uuid, p_records jsonb)
RETURNS TABLE (idx integer, animal_id uuid, group_id uuid, product text, quantity numeric, unit text,
    recorded_on date, session text, fat_pct numeric, protein_pct numeric, somatic_cell_count integer, notes text,
    error text, error_code text, error_hint text)
LANGUAGE sql STABLE AS $$
    WITH raw AS (
        SELECT (e.o - 1)::integer AS idx, CASE WHEN jsonb_typeof(e.r) = 'object' THEN e.r END AS r
        FROM jsonb_array_elements(p_records) WITH ORDINALITY AS e (r, o)),
    parsed AS (
        SELECT raw.idx, raw.r,
               (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(coalesce(raw.r, '{}')) k
                WHERE k NOT IN ('animal_id', 'group_id', 'product', 'quantity', 'unit', 'recorded_on', 'session',
                                'fat_pct', 'protein_pct', 'somatic_cell_count', 'notes')) AS unknown_keys,
               private.try_uuid(raw.r ->> 'animal_id') AS animal_id,
               private.try_uuid(raw.r ->> 'group_id') AS group_id,
               raw.r ->> 'product' AS product,
               private.try_numeric(raw.r ->> 'quantity') AS quantity,
               raw.r ->> 'unit' AS unit,
               coalesce(private.try_date(raw.r ->> 'recorded_on'),
                        CASE WHEN raw.r ->> 'recorded_on' IS NULL THEN today.day END) AS recorded_on,
               raw.r ->> 'session' AS session,
               private.try_numeric(raw.r ->> 'fat_pct') AS fat_pct,
               private.try_numeric(raw.r ->> 'protein_pct') AS protein_pct,
               private.try_integer(raw.r ->> 'somatic_cell_count') AS somatic_cell_count,
               raw.r ->> 'notes' AS notes
        FROM raw CROSS JOIN (SELECT private.tenant_today(p_tenant_id) AS day) today),
    subject AS (
        SELECT p.*, coalesce(a.species, g.species) AS species,
               (a.id IS NOT NULL OR g.id IS NOT NULL) AS found
        FROM parsed p
        LEFT JOIN public.animals a
            ON a.tenant_id = p_tenant_id AND a.id = p.animal_id AND p.group_id IS NULL AND a.deleted_at IS NULL
        LEFT JOIN public.animal_groups g
            ON g.tenant_id = p_tenant_id AND g.id = p.group_id AND p.animal_id IS NULL AND g.deleted_at IS NULL),
    checked AS (
        SELECT s.*,
               CASE WHEN s.found AND sp.unit IS NULL
                    THEN (SELECT array[u.error, u.hint]
                          FROM private.production_unit_problem(s.species, s.product, s.unit) u) END AS unit_problem,
               min(s.idx) OVER (PARTITION BY s.animal_id, s.group_id, s.product, s.recorded_on,
                                             coalesce(s.session, 'day')) AS first_idx
        FROM subject s
        LEFT JOIN public.species_products sp
            ON sp.species = s.species AND sp.product = s.product AND sp.unit = s.unit),
    judged AS (
        SELECT c.*,
            CASE
                WHEN c.r IS NULL THEN array['each record must be a JSON object', '22023', 'invalid_record']
                WHEN c.unknown_keys IS NOT NULL
                    THEN array['unknown field(s): ' || c.unknown_keys, '22023', 'invalid_record']
                WHEN c.r ->> 'animal_id' IS NOT NULL AND c.animal_id IS NULL
                    THEN array['animal_id is not a uuid', '22023', 'invalid_record']
                WHEN c.r ->> 'group_id' IS NOT NULL AND c.group_id IS NULL
                    THEN array['group_id is not a uuid', '22023', 'invalid_record']
                WHEN num_nonnulls(c.animal_id, c.group_id) <> 1
                    THEN array['give exactly one of animal_id and group_id', '22023', 'animal_or_group']
                WHEN NOT c.found AND c.animal_id IS NOT NULL THEN array['animal not found', 'PT404', 'animal_not_found']
                WHEN NOT c.found THEN array['group not found', 'PT404', 'group_not_found']
                WHEN c.product IS NULL THEN array['product is required', '22023', 'invalid_product']
                WHEN c.r ->> 'quantity' IS NULL THEN array['quantity is required', '22023', 'invalid_quantity']
                WHEN c.quantity IS NULL THEN array['quantity must be a number', '22023', 'invalid_quantity']
                WHEN c.quantity <= 0 THEN array['quantity must be greater than 0', '22023', 'invalid_quantity']
                WHEN c.quantity >= 1000000000 THEN array['quantity is too large', '22023', 'invalid_quantity']
                WHEN c.unit_problem IS NOT NULL THEN array[c.unit_problem[1], '22023', c.unit_problem[2]]
                WHEN c.recorded_on IS NULL
                    THEN array['recorded_on must be a date (YYYY-MM-DD)', '22023', 'invalid_date']
                WHEN c.session IS NOT NULL AND c.session NOT IN ('am', 'pm')
                    THEN array['session must be am or pm (or absent for the day''s total)', '22023', 'invalid_session']
                WHEN c.product <> 'milk' AND (c.r ? 'fat_pct' OR c.r ? 'protein_pct' OR c.r ? 'somatic_cell_count')
                    THEN array['fat_pct, protein_pct and somatic_cell_count are for milk only', '22023',
                               'milk_quality_for_milk_only']
                WHEN (c.r ->> 'fat_pct' IS NOT NULL AND (c.fat_pct IS NULL OR c.fat_pct NOT BETWEEN 0 AND 100))
                  OR (c.r ->> 'protein_pct' IS NOT NULL
                      AND (c.protein_pct IS NULL OR c.protein_pct NOT BETWEEN 0 AND 100))
                    THEN array['fat_pct and protein_pct must be numbers between 0 and 100', '22023',
                               'invalid_milk_quality']
                WHEN c.r ->> 'somatic_cell_count' IS NOT NULL AND c.somatic_cell_count IS NULL
                    THEN array['somatic_cell_count must be a whole number, 0 or more', '22023', 'invalid_milk_quality']
                WHEN length(c.notes) > 2000 THEN array['notes are longer than 2000 characters', '22023', 'invalid_record']
                WHEN c.first_idx < c.idx
                    THEN array[format('duplicate of record %s in this batch (same %s, product, date and session)',
                                      c.first_idx, CASE WHEN c.animal_id IS NOT NULL THEN 'animal' ELSE 'group' END),
                               'PT409', 'duplicate_production_record']
                WHEN EXISTS (SELECT 1 FROM public.production_records pr
                             WHERE pr.tenant_id = p_tenant_id AND c.animal_id IS NOT NULL AND pr.animal_id = c.animal_id
                               AND pr.product = c.product AND pr.recorded_on = c.recorded_on
                               AND coalesce(pr.session, 'day') = coalesce(c.session, 'day'))
                  OR EXISTS (SELECT 1 FROM public.production_records pr
                             WHERE pr.tenant_id = p_tenant_id AND c.group_id IS NOT NULL AND pr.group_id = c.group_id
                               AND pr.product = c.product AND pr.recorded_on = c.recorded_on
                               AND coalesce(pr.session, 'day') = coalesce(c.session, 'day'))
                    THEN array[format('%s %s of %s (%s) is already recorded; correct it instead',
                                      c.product, CASE WHEN c.animal_id IS NOT NULL THEN 'of this animal'
                                                      ELSE 'of this group' END,
                                      c.recorded_on, coalesce(c.session, 'day total')),
                               'PT409', 'duplicate_production_record']
            END AS problem
        FROM checked c)
    SELECT j.idx, j.animal_id, j.group_id, j.product, j.quantity, j.unit, j.recorded_on, j.session, j.fat_pct,
           j.protein_pct, j.somatic_cell_count, j.notes, j.problem[1], j.problem[2], j.problem[3]
    FROM judged j
$$;

GRANT EXECUTE ON FUNCTION private.production_unit_problem(text, text, text), private.try_uuid(text),
    private.try_numeric(text), private.try_integer(text), private.try_date(text),
    private.parse_production(uuid, jsonb)
    TO authenticated, service_role;

-- ===================================================================== triggers

-- However a production record is written (api or a Supabase client), it gets the farm of its animal
-- or group (at record time), who recorded it, a product and unit valid for the species, and the
-- withheld flag: milk, eggs and meat dated inside a withdrawal period of the animal or group
-- (private.withholding_treatment; latest clearance wins) are stored with is_withheld = true.
-- SECURITY DEFINER: it must see the animal and its treatments whatever the caller may read (the
-- policies judge the finished row).
CREATE OR REPLACE FUNCTION private.prepare_production() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_subject record;
    v_species text;
    v_held record;
    v_error text;
    v_hint text;
BEGIN
    IF TG_OP = 'INSERT' OR (NEW.product, NEW.unit, NEW.animal_id, NEW.group_id)
                           IS DISTINCT FROM (OLD.product, OLD.unit, OLD.animal_id, OLD.group_id) THEN
        v_subject := private.record_subject(NEW.tenant_id, NEW.animal_id, NEW.group_id);
        v_species := v_subject.species;
        IF TG_OP = 'INSERT' THEN
            NEW.farm_id := v_subject.farm_id;  -- null for a non-member: the policy then refuses the row
        END IF;
        IF v_species IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM public.species_products sp
                WHERE sp.species = v_species AND sp.product = NEW.product AND sp.unit = NEW.unit) THEN
            SELECT u.error, u.hint INTO v_error, v_hint
            FROM private.production_unit_problem(v_species, NEW.product, NEW.unit) u;
            IF v_error IS NOT NULL THEN
                RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = v_error,
                    DETAIL = format('species=%s, product=%s, unit=%s', v_species, NEW.product, NEW.unit),
                    HINT = v_hint;
            END IF;
        END IF;
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.recorded_by := coalesce(auth.uid(), NEW.recorded_by);
        NEW.recorded_on := coalesce(NEW.recorded_on, private.tenant_today(NEW.tenant_id));
    ELSE
        NEW.updated_at := now();
    END IF;
    v_held := private.withholding_treatment(NEW.tenant_id, NEW.animal_id, NEW.group_id, NEW.product, NEW.recorded_on);
    NEW.withheld_treatment_id := v_held.treatment_id;
    NEW.withheld_until := v_held.clear_on;
    NEW.is_withheld := NEW.withheld_until IS NOT NULL;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS prepare_production ON public.production_records;
CREATE TRIGGER prepare_production BEFORE INSERT OR UPDATE ON public.production_records
    FOR EACH ROW EXECUTE FUNCTION private.prepare_production();

-- A changed quantity keeps the old value, who changed it and why (the reason comes from
-- api.correct_production through the transaction-local setting ifarm.correction_reason).
-- SECURITY DEFINER: clients cannot write revisions themselves.
CREATE OR REPLACE FUNCTION private.keep_production_revision() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    INSERT INTO public.production_record_revisions (tenant_id, record_id, farm_id, old_quantity, new_quantity, unit,
        reason, corrected_by)
    VALUES (OLD.tenant_id, OLD.id, OLD.farm_id, OLD.quantity, NEW.quantity, OLD.unit,
        nullif(pg_catalog.current_setting('ifarm.correction_reason', true), ''), auth.uid());
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS keep_production_revision ON public.production_records;
CREATE TRIGGER keep_production_revision AFTER UPDATE OF quantity ON public.production_records
    FOR EACH ROW WHEN (OLD.quantity IS DISTINCT FROM NEW.quantity)
    EXECUTE FUNCTION private.keep_production_revision();

-- ===================================================================== policies

DROP POLICY IF EXISTS "members read production on their farms" ON public.production_records;
CREATE POLICY "members read production on their farms" ON public.production_records
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "workers record production on their farms" ON public.production_records;
CREATE POLICY "workers record production on their farms" ON public.production_records
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('production.write')));
DROP POLICY IF EXISTS "workers correct production on their farms" ON public.production_records;
CREATE POLICY "workers correct production on their farms" ON public.production_records
    FOR UPDATE TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
           AND tenant_id IN (SELECT private.my_tenant_ids_with('production.write')))
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('production.write')));

DROP POLICY IF EXISTS "members read production corrections on their farms" ON public.production_record_revisions;
CREATE POLICY "members read production corrections on their farms" ON public.production_record_revisions
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));

-- ===================================================================== api

-- JSON of a production record.
CREATE OR REPLACE FUNCTION private.production_json(p public.production_records) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', p.id, 'tenant_id', p.tenant_id, 'farm_id', p.farm_id, 'animal_id', p.animal_id,
        'group_id', p.group_id, 'product', p.product, 'quantity', p.quantity, 'unit', p.unit,
        'recorded_on', p.recorded_on, 'session', p.session, 'fat_pct', p.fat_pct, 'protein_pct', p.protein_pct,
        'somatic_cell_count', p.somatic_cell_count, 'is_withheld', p.is_withheld,
        'withheld_until', p.withheld_until, 'withheld_treatment_id', p.withheld_treatment_id, 'notes', p.notes,
        'recorded_by', p.recorded_by, 'created_at', p.created_at, 'updated_at', p.updated_at)
$$;
GRANT EXECUTE ON FUNCTION private.production_json(public.production_records) TO authenticated, service_role;

-- Record what an animal or a group yielded. Quantity and unit must suit the species; the same
-- animal (or group), product, date and session twice is a 409 (correct the record instead); milk,
-- eggs and meat inside a withdrawal period are stored with is_withheld = true.
CREATE OR REPLACE FUNCTION api.record_production(tenant_id uuid, product text, quantity numeric, unit text,
    animal_id uuid DEFAULT NULL, group_id uuid DEFAULT NULL, recorded_on date DEFAULT NULL,
    session text DEFAULT NULL, fat_pct numeric DEFAULT NULL, protein_pct numeric DEFAULT NULL,
    somatic_cell_count integer DEFAULT NULL, notes text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_in record;
    v_row public.production_records;
BEGIN
    PERFORM private.require_permission(record_production.tenant_id, 'production.write');
    SELECT * INTO v_in FROM private.parse_production(record_production.tenant_id, jsonb_build_array(jsonb_strip_nulls(
        jsonb_build_object('animal_id', record_production.animal_id, 'group_id', record_production.group_id,
            'product', record_production.product, 'quantity', record_production.quantity,
            'unit', record_production.unit, 'recorded_on', record_production.recorded_on,
            'session', record_production.session, 'fat_pct', record_production.fat_pct,
            'protein_pct', record_production.protein_pct,
            'somatic_cell_count', record_production.somatic_cell_count, 'notes', record_production.notes)))) p;
    IF v_in.error IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = v_in.error_code, MESSAGE = v_in.error, HINT = v_in.error_hint,
            DETAIL = format('product=%s, unit=%s, quantity=%s', record_production.product, record_production.unit,
                            record_production.quantity);
    END IF;
    BEGIN
        INSERT INTO public.production_records (tenant_id, animal_id, group_id, product, quantity, unit, recorded_on,
            session, fat_pct, protein_pct, somatic_cell_count, notes)
        VALUES (record_production.tenant_id, v_in.animal_id, v_in.group_id, v_in.product, v_in.quantity, v_in.unit,
            v_in.recorded_on, v_in.session, v_in.fat_pct, v_in.protein_pct, v_in.somatic_cell_count, v_in.notes)
        RETURNING * INTO v_row;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'this production is already recorded; correct it instead',
            HINT = 'duplicate_production_record';
    END;
    RETURN private.production_json(v_row);
END
$$;
COMMENT ON FUNCTION api.record_production(uuid, text, numeric, text, uuid, uuid, date, text, numeric, numeric, integer,
    text) IS 'Record milk, eggs, wool, weight gain, honey or meat of an animal or a group.';

-- Record up to 5,000 production records in one statement, all or nothing. When any record is bad,
-- nothing is written and one error lists every bad record: DETAIL is a JSON array of
-- {"index", "error"} (index from 0; the first 100 bad records). The status is 409 when every bad
-- record is a duplicate, else 400.
CREATE OR REPLACE FUNCTION api.record_production_bulk(tenant_id uuid, records jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_total integer;
    v_bad integer;
    v_errors jsonb;
    v_all_conflicts boolean;
    v_inserted integer;
    v_withheld integer;
BEGIN
    PERFORM private.require_permission(record_production_bulk.tenant_id, 'production.write');
    IF jsonb_typeof(record_production_bulk.records) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'records must be a JSON array of production records',
            HINT = 'invalid_records';
    END IF;
    v_total := jsonb_array_length(record_production_bulk.records);
    IF v_total = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'records is empty', HINT = 'invalid_records';
    END IF;
    IF v_total > 5000 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT413', MESSAGE = 'at most 5000 records per call',
            DETAIL = format('records=%s', v_total), HINT = 'bulk_too_large: split the batch';
    END IF;
    BEGIN
        WITH parsed AS MATERIALIZED (
            SELECT * FROM private.parse_production(record_production_bulk.tenant_id, record_production_bulk.records)),
        bad AS (SELECT * FROM parsed p WHERE p.error IS NOT NULL),
        ins AS (
            INSERT INTO public.production_records (tenant_id, animal_id, group_id, product, quantity, unit,
                recorded_on, session, fat_pct, protein_pct, somatic_cell_count, notes)
            SELECT record_production_bulk.tenant_id, p.animal_id, p.group_id, p.product, p.quantity, p.unit,
                p.recorded_on, p.session, p.fat_pct, p.protein_pct, p.somatic_cell_count, p.notes
            FROM parsed p
            WHERE NOT EXISTS (SELECT 1 FROM bad)
            ORDER BY p.idx
            RETURNING is_withheld)
        SELECT (SELECT count(*) FROM bad),
               (SELECT jsonb_agg(jsonb_build_object('index', b.idx, 'error', b.error) ORDER BY b.idx)
                FROM (SELECT * FROM bad ORDER BY bad.idx LIMIT 100) b),
               (SELECT bool_and(b.error_code = 'PT409') FROM bad b),
               (SELECT count(*) FROM ins),
               (SELECT count(*) FROM ins WHERE ins.is_withheld)
        INTO v_bad, v_errors, v_all_conflicts, v_inserted, v_withheld;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'a record of this batch was recorded meanwhile; nothing was written',
            HINT = 'duplicate_production_record';
    END;
    IF v_bad > 0 THEN
        RAISE EXCEPTION USING ERRCODE = CASE WHEN v_all_conflicts THEN 'PT409' ELSE '22023' END,
            MESSAGE = format('%s of %s records are invalid; nothing was written', v_bad, v_total),
            DETAIL = v_errors::text,
            HINT = 'bulk_invalid_records: fix the listed records (index from 0) and send the batch again';
    END IF;
    RETURN jsonb_build_object('inserted', v_inserted, 'withheld', v_withheld);
END
$$;
COMMENT ON FUNCTION api.record_production_bulk(uuid, jsonb) IS
    'Record up to 5,000 production records at once, all or nothing; errors list each bad record''s index.';

-- Correct the quantity of a production record; the old value, who changed it and the reason are
-- kept in production_record_revisions.
CREATE OR REPLACE FUNCTION api.correct_production(tenant_id uuid, record_id uuid, quantity numeric, reason text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.production_records;
BEGIN
    PERFORM private.require_permission(correct_production.tenant_id, 'production.write');
    IF correct_production.quantity IS NULL OR correct_production.quantity <= 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'quantity must be greater than 0',
            DETAIL = format('quantity=%s', correct_production.quantity), HINT = 'invalid_quantity';
    END IF;
    IF coalesce(btrim(correct_production.reason), '') = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'give the reason for the correction',
            HINT = 'reason_required';
    END IF;
    PERFORM set_config('ifarm.correction_reason', left(btrim(correct_production.reason), 500), true);
    UPDATE public.production_records p SET quantity = correct_production.quantity
    WHERE p.tenant_id = correct_production.tenant_id AND p.id = correct_production.record_id
    RETURNING * INTO v_row;
    PERFORM set_config('ifarm.correction_reason', '', true);
    IF v_row.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'production record not found',
            DETAIL = format('record_id=%s', correct_production.record_id), HINT = 'production_record_not_found';
    END IF;
    RETURN private.production_json(v_row) || jsonb_build_object('revisions', (
        SELECT coalesce(jsonb_agg(jsonb_build_object('old_quantity', r.old_quantity, 'new_quantity', r.new_quantity,
                    'unit', r.unit, 'reason', r.reason, 'corrected_by', r.corrected_by,
                    'corrected_at', r.corrected_at) ORDER BY r.corrected_at, r.id), '[]'::jsonb)
        FROM public.production_record_revisions r
        WHERE r.tenant_id = correct_production.tenant_id AND r.record_id = correct_production.record_id));
END
$$;
COMMENT ON FUNCTION api.correct_production(uuid, uuid, numeric, text) IS
    'Correct a production record''s quantity, keeping the old value and the reason.';

-- Production records newest first, filtered by farm, animal, group, product and date range, page by page.
CREATE OR REPLACE FUNCTION api.list_production(tenant_id uuid, farm_id uuid DEFAULT NULL, animal_id uuid DEFAULT NULL,
    group_id uuid DEFAULT NULL, product text DEFAULT NULL, "from" date DEFAULT NULL, "to" date DEFAULT NULL,
    "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_result jsonb;
BEGIN
    PERFORM private.require_permission(list_production.tenant_id, 'livestock.read');
    PERFORM private.check_page(list_production."limit", list_production."offset");
    WITH filtered AS NOT MATERIALIZED (
        SELECT p.id, p.recorded_on, p.session FROM public.production_records p
        WHERE p.tenant_id = list_production.tenant_id
          AND (list_production.farm_id IS NULL OR p.farm_id = list_production.farm_id)
          AND (list_production.animal_id IS NULL OR p.animal_id = list_production.animal_id)
          AND (list_production.group_id IS NULL OR p.group_id = list_production.group_id)
          AND (list_production.product IS NULL OR p.product = list_production.product)
          AND (list_production."from" IS NULL OR p.recorded_on >= list_production."from")
          AND (list_production."to" IS NULL OR p.recorded_on <= list_production."to")),
    page AS (
        SELECT f.id FROM filtered f
        ORDER BY f.recorded_on DESC, f.session DESC NULLS LAST, f.id DESC
        LIMIT list_production."limit" OFFSET list_production."offset")
    SELECT jsonb_build_object(
        'count', (SELECT count(*) FROM filtered),
        'results', (SELECT coalesce(jsonb_agg(private.production_json(r)
                                              ORDER BY r.recorded_on DESC, r.session DESC NULLS LAST, r.id DESC),
                                    '[]'::jsonb)
                    FROM page JOIN public.production_records r
                        ON r.tenant_id = list_production.tenant_id AND r.id = page.id))
    INTO v_result;
    RETURN v_result;
END
$$;
COMMENT ON FUNCTION api.list_production(uuid, uuid, uuid, uuid, text, date, date, integer, integer) IS
    'Production records, newest first, with filters and paging.';

-- The latest production records of one animal, newest first (default 30, at most 100).
CREATE OR REPLACE FUNCTION api.animal_production_history(tenant_id uuid, animal_id uuid, "limit" integer DEFAULT 30)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(animal_production_history.tenant_id, 'livestock.read');
    PERFORM private.check_page(animal_production_history."limit", 0);
    PERFORM private.require_subject(animal_production_history.tenant_id, animal_production_history.animal_id, NULL);
    RETURN (SELECT coalesce(jsonb_agg(private.production_json(h.p)
                                      ORDER BY (h.p).recorded_on DESC, (h.p).session DESC NULLS LAST, (h.p).id DESC),
                            '[]'::jsonb)
            FROM (SELECT p FROM public.production_records p
                  WHERE p.tenant_id = animal_production_history.tenant_id
                    AND p.animal_id = animal_production_history.animal_id
                  ORDER BY p.recorded_on DESC, p.session DESC NULLS LAST, p.id DESC
                  LIMIT animal_production_history."limit") h);
END
$$;
COMMENT ON FUNCTION api.animal_production_history(uuid, uuid, integer) IS
    'An animal''s latest production records, newest first (default 30).';
