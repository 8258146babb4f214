-- 071_growth_activities: body weights with average daily gain (DOMAIN.md: an animal's ADG =
-- (last weight - first weight) / days between them, over the period, from at least two weighings;
-- a group's ADG = the mean of its animals' ADGs, never total gain over total days), and activities.

DROP TRIGGER IF EXISTS a_stamp_farm ON public.animal_weights;
CREATE TRIGGER a_stamp_farm BEFORE INSERT ON public.animal_weights
    FOR EACH ROW EXECUTE FUNCTION private.stamp_record_farm();
DROP TRIGGER IF EXISTS a_stamp_farm ON public.activities;
CREATE TRIGGER a_stamp_farm BEFORE INSERT ON public.activities
    FOR EACH ROW EXECUTE FUNCTION private.stamp_record_farm();

-- A weighing is dated between the animal's birth and today.
CREATE OR REPLACE FUNCTION private.check_weight() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    IF private.is_outsider(NEW.tenant_id) THEN
        RETURN NEW;  -- the insert policy refuses
    END IF;
    IF NEW.weighed_on > private.tenant_today(NEW.tenant_id) OR NEW.weighed_on < (SELECT a.birth_date FROM public.animals a
                                                          WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.animal_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'a weighing must fall between the animal''s birth and today',
            HINT = 'invalid_date';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS b_check_weight ON public.animal_weights;
CREATE TRIGGER b_check_weight BEFORE INSERT ON public.animal_weights
    FOR EACH ROW EXECUTE FUNCTION private.check_weight();

DROP POLICY IF EXISTS "members read weights on their farms" ON public.animal_weights;
CREATE POLICY "members read weights on their farms" ON public.animal_weights
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "weighers record weights on their farms" ON public.animal_weights;
CREATE POLICY "weighers record weights on their farms" ON public.animal_weights
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('weights.write')));
DROP POLICY IF EXISTS "livestock managers delete weights on their farms" ON public.animal_weights;
CREATE POLICY "livestock managers delete weights on their farms" ON public.animal_weights
    FOR DELETE TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
           AND tenant_id IN (SELECT private.my_tenant_ids_with('livestock.write')));
DROP POLICY IF EXISTS "members read activities on their farms" ON public.activities;
CREATE POLICY "members read activities on their farms" ON public.activities
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "members record activities on their farms" ON public.activities;
CREATE POLICY "members record activities on their farms" ON public.activities
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('activities.write')));

-- Record a weighing (one per animal and day).
CREATE OR REPLACE FUNCTION api.record_weight(tenant_id uuid, animal_id uuid, weight_kg numeric,
    weighed_on date DEFAULT NULL, method text DEFAULT 'scale') RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.animal_weights;
BEGIN
    PERFORM private.require_permission(record_weight.tenant_id, 'weights.write');
    -- 404 for an animal the caller cannot see, exactly as for one that does not exist (the farm trigger
    -- reads it whatever the caller sees, and RLS would then refuse with 403: an existence oracle)
    PERFORM private.require_subject(record_weight.tenant_id, record_weight.animal_id, NULL);
    BEGIN
        INSERT INTO public.animal_weights (tenant_id, animal_id, weighed_on, weight_kg, method)
        VALUES (record_weight.tenant_id, record_weight.animal_id,
                coalesce(record_weight.weighed_on, private.tenant_today(record_weight.tenant_id)),
                record_weight.weight_kg, record_weight.method)
        RETURNING * INTO v_row;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'this animal was already weighed that day',
            HINT = 'weight_exists';
    END;
    RETURN to_jsonb(v_row);
END
$$;
COMMENT ON FUNCTION api.record_weight(uuid, uuid, numeric, date, text) IS 'Record an animal''s body weight.';

-- Per animal: first and last weighing in the period and the gain per day between them (null
-- with fewer than two weighings).
CREATE OR REPLACE FUNCTION private.animal_adg(p_tenant_id uuid, p_from date, p_to date)
RETURNS TABLE (animal_id uuid, first_on date, first_kg numeric, last_on date, last_kg numeric, adg_kg numeric)
LANGUAGE sql STABLE AS $$
    SELECT w.animal_id, min(w.weighed_on), (array_agg(w.weight_kg ORDER BY w.weighed_on))[1],
           max(w.weighed_on), (array_agg(w.weight_kg ORDER BY w.weighed_on DESC))[1],
           CASE WHEN count(*) >= 2 THEN round(((array_agg(w.weight_kg ORDER BY w.weighed_on DESC))[1]
                 - (array_agg(w.weight_kg ORDER BY w.weighed_on))[1]) / (max(w.weighed_on) - min(w.weighed_on)), 3) END
    FROM public.animal_weights w
    WHERE w.tenant_id = p_tenant_id AND w.weighed_on BETWEEN p_from AND p_to
    GROUP BY w.animal_id
$$;
GRANT EXECUTE ON FUNCTION private.animal_adg(uuid, date, date) TO authenticated, service_role;

-- An animal's weights and its average daily gain over a period (default: all its weighings).
CREATE OR REPLACE FUNCTION api.animal_growth(tenant_id uuid, animal_id uuid, from_date date DEFAULT NULL,
    to_date date DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_from date := coalesce(animal_growth.from_date, '-infinity'::date);
    v_to date := coalesce(animal_growth.to_date, 'infinity'::date);
BEGIN
    PERFORM private.require_permission(animal_growth.tenant_id, 'livestock.read');
    RETURN jsonb_build_object(
        'weights', (SELECT coalesce(jsonb_agg(jsonb_build_object('weighed_on', w.weighed_on, 'weight_kg', w.weight_kg)
                        ORDER BY w.weighed_on), '[]'::jsonb)
                    FROM public.animal_weights w
                    WHERE w.tenant_id = animal_growth.tenant_id AND w.animal_id = animal_growth.animal_id
                      AND w.weighed_on BETWEEN v_from AND v_to),
        'adg_kg_per_day', (SELECT g.adg_kg FROM private.animal_adg(animal_growth.tenant_id, v_from, v_to) g
                           WHERE g.animal_id = animal_growth.animal_id));
END
$$;
COMMENT ON FUNCTION api.animal_growth(uuid, uuid, date, date) IS 'An animal''s weights and average daily gain.';

-- Average daily gain of a set of animals (a farm, a species, a location): the mean of each
-- animal's ADG, over animals weighed at least twice in the period.
CREATE OR REPLACE FUNCTION api.average_daily_gain(tenant_id uuid, from_date date, to_date date,
    farm_id uuid DEFAULT NULL, species text DEFAULT NULL, location_id uuid DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(average_daily_gain.tenant_id, 'livestock.read');
    RETURN (SELECT jsonb_build_object('animals', count(*), 'mean_adg_kg_per_day', round(avg(g.adg_kg), 3),
                'per_animal', coalesce(jsonb_agg(jsonb_build_object('animal_id', a.id, 'tag_number', a.tag_number,
                    'adg_kg_per_day', g.adg_kg) ORDER BY a.tag_number), '[]'::jsonb))
            FROM private.animal_adg(average_daily_gain.tenant_id, average_daily_gain.from_date,
                                    average_daily_gain.to_date) g
            JOIN public.animals a ON a.tenant_id = average_daily_gain.tenant_id AND a.id = g.animal_id
            WHERE g.adg_kg IS NOT NULL
              AND (average_daily_gain.farm_id IS NULL OR a.farm_id = average_daily_gain.farm_id)
              AND (average_daily_gain.species IS NULL OR a.species = average_daily_gain.species)
              AND (average_daily_gain.location_id IS NULL OR a.location_id = average_daily_gain.location_id));
END
$$;
COMMENT ON FUNCTION api.average_daily_gain(uuid, date, date, uuid, text, uuid) IS
    'Mean of the animals'' average daily gains over a period (filter by farm, species, location).';

-- Record work done for an animal or a group (by the caller unless another member is named).
CREATE OR REPLACE FUNCTION api.record_activity(tenant_id uuid, activity_type text, animal_id uuid DEFAULT NULL,
    group_id uuid DEFAULT NULL, performed_at timestamptz DEFAULT NULL, performed_by uuid DEFAULT NULL,
    duration_minutes integer DEFAULT NULL, notes text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.activities;
BEGIN
    PERFORM private.require_permission(record_activity.tenant_id, 'activities.write');
    -- one animal or one group the caller can see: 404 for another farm's, as for one that does not exist
    PERFORM private.require_subject(record_activity.tenant_id, record_activity.animal_id, record_activity.group_id);
    INSERT INTO public.activities (tenant_id, animal_id, group_id, activity_type, performed_at, performed_by,
        duration_minutes, notes)
    VALUES (record_activity.tenant_id, record_activity.animal_id, record_activity.group_id, record_activity.activity_type,
        coalesce(record_activity.performed_at, private.now()), record_activity.performed_by, record_activity.duration_minutes,
        record_activity.notes)
    RETURNING * INTO v_row;
    RETURN to_jsonb(v_row);
END
$$;
COMMENT ON FUNCTION api.record_activity(uuid, text, uuid, uuid, timestamptz, uuid, integer, text) IS
    'Record feeding, cleaning, weighing... for an animal or a group.';

-- Activities on the caller's farms, newest first, paged.
CREATE OR REPLACE FUNCTION api.list_activities(tenant_id uuid, farm_id uuid DEFAULT NULL, animal_id uuid DEFAULT NULL,
    group_id uuid DEFAULT NULL, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_activities.tenant_id, 'livestock.read');
    PERFORM private.check_page(list_activities."limit", list_activities."offset");
    RETURN (
        WITH matching AS NOT MATERIALIZED (
            SELECT x.* FROM public.activities x
            WHERE x.tenant_id = list_activities.tenant_id
              AND (list_activities.farm_id IS NULL OR x.farm_id = list_activities.farm_id)
              AND (list_activities.animal_id IS NULL OR x.animal_id = list_activities.animal_id)
              AND (list_activities.group_id IS NULL OR x.group_id = list_activities.group_id))
        SELECT jsonb_build_object('count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(to_jsonb(p) ORDER BY p.performed_at DESC, p.id)
                                 FROM (SELECT * FROM matching m ORDER BY m.performed_at DESC, m.id
                                       LIMIT list_activities."limit" OFFSET list_activities."offset") p), '[]'::jsonb)));
END
$$;
COMMENT ON FUNCTION api.list_activities(uuid, uuid, uuid, uuid, integer, integer) IS
    'Activities on the caller''s farms, newest first.';
