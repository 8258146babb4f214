-- 052_animals_api: api.* functions for farm details, locations, breeds, animals, groups and
-- movements. SECURITY INVOKER: RLS and the triggers in 051_animals.sql decide.

-- Change a farm's details; absent fields keep their value.
CREATE OR REPLACE FUNCTION api.update_farm(tenant_id uuid, farm_id uuid, name text DEFAULT NULL,
    farm_type text DEFAULT NULL, latitude numeric DEFAULT NULL, longitude numeric DEFAULT NULL,
    area_hectares numeric DEFAULT NULL, timezone text DEFAULT NULL, is_organic boolean DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_farm public.farms;
BEGIN
    PERFORM private.require_permission(update_farm.tenant_id, 'farms.manage');
    IF update_farm.timezone IS NOT NULL AND NOT private.is_time_zone(update_farm.timezone) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown time zone %L', update_farm.timezone);
    END IF;
    UPDATE public.farms f SET name = coalesce(btrim(update_farm.name), f.name),
        farm_type = coalesce(update_farm.farm_type, f.farm_type), latitude = coalesce(update_farm.latitude, f.latitude),
        longitude = coalesce(update_farm.longitude, f.longitude),
        area_hectares = coalesce(update_farm.area_hectares, f.area_hectares),
        timezone = coalesce(update_farm.timezone, f.timezone), is_organic = coalesce(update_farm.is_organic, f.is_organic)
    WHERE f.tenant_id = update_farm.tenant_id AND f.id = update_farm.farm_id AND f.deleted_at IS NULL
    RETURNING * INTO v_farm;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'farm not found', HINT = 'farm_not_found';
    END IF;
    RETURN private.farm_json(v_farm);
END
$$;
COMMENT ON FUNCTION api.update_farm(uuid, uuid, text, text, numeric, numeric, numeric, text, boolean) IS
    'Change a farm''s details.';

-- Soft-delete a farm that keeps no active animals.
CREATE OR REPLACE FUNCTION api.delete_farm(tenant_id uuid, farm_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(delete_farm.tenant_id, 'farms.manage');
    IF EXISTS (SELECT 1 FROM public.animals a WHERE a.tenant_id = delete_farm.tenant_id AND a.farm_id = delete_farm.farm_id
               AND a.status = 'active' AND a.deleted_at IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the farm still has active animals',
            HINT = 'farm_has_animals: move or exit them first';
    END IF;
    UPDATE public.farms f SET deleted_at = now()
    WHERE f.tenant_id = delete_farm.tenant_id AND f.id = delete_farm.farm_id AND f.deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'farm not found', HINT = 'farm_not_found';
    END IF;
    RETURN jsonb_build_object('id', delete_farm.farm_id, 'deleted', true);
END
$$;
COMMENT ON FUNCTION api.delete_farm(uuid, uuid) IS 'Delete a farm without active animals (kept as history).';

-- Add a barn, pen, paddock... to a farm.
CREATE OR REPLACE FUNCTION api.create_location(tenant_id uuid, farm_id uuid, name text, kind text DEFAULT 'other',
    capacity integer DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.locations;
BEGIN
    PERFORM private.require_permission(create_location.tenant_id, 'farms.manage');
    INSERT INTO public.locations (tenant_id, farm_id, name, kind, capacity)
    VALUES (create_location.tenant_id, create_location.farm_id, btrim(create_location.name), create_location.kind,
            create_location.capacity)
    RETURNING * INTO v_row;
    RETURN to_jsonb(v_row) - 'deleted_at';
END
$$;
COMMENT ON FUNCTION api.create_location(uuid, uuid, text, text, integer) IS 'Add a location (barn, pen, paddock...) to a farm.';

-- Rename a location or change its kind or capacity.
CREATE OR REPLACE FUNCTION api.update_location(tenant_id uuid, location_id uuid, name text DEFAULT NULL,
    kind text DEFAULT NULL, capacity integer DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.locations;
BEGIN
    PERFORM private.require_permission(update_location.tenant_id, 'farms.manage');
    UPDATE public.locations l SET name = coalesce(btrim(update_location.name), l.name),
        kind = coalesce(update_location.kind, l.kind), capacity = coalesce(update_location.capacity, l.capacity)
    WHERE l.tenant_id = update_location.tenant_id AND l.id = update_location.location_id AND l.deleted_at IS NULL
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'location not found', HINT = 'location_not_found';
    END IF;
    RETURN to_jsonb(v_row) - 'deleted_at';
END
$$;
COMMENT ON FUNCTION api.update_location(uuid, uuid, text, text, integer) IS 'Change a location''s name, kind or capacity.';

-- Remove a location no live animal or group is kept in (kept as history).
CREATE OR REPLACE FUNCTION api.delete_location(tenant_id uuid, location_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(delete_location.tenant_id, 'farms.manage');
    IF EXISTS (SELECT 1 FROM public.animals a WHERE a.tenant_id = delete_location.tenant_id
               AND a.location_id = delete_location.location_id AND a.status = 'active' AND a.deleted_at IS NULL)
       OR EXISTS (SELECT 1 FROM public.animal_groups g WHERE g.tenant_id = delete_location.tenant_id
                  AND g.location_id = delete_location.location_id AND g.deleted_at IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'animals are still kept in this location',
            HINT = 'location_in_use: move them first';
    END IF;
    UPDATE public.locations l SET deleted_at = now()
    WHERE l.tenant_id = delete_location.tenant_id AND l.id = delete_location.location_id AND l.deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'location not found', HINT = 'location_not_found';
    END IF;
    RETURN jsonb_build_object('id', delete_location.location_id, 'deleted', true);
END
$$;
COMMENT ON FUNCTION api.delete_location(uuid, uuid) IS 'Remove an empty location (kept as history).';

-- The locations on the farms the caller may work on.
CREATE OR REPLACE FUNCTION api.list_locations(tenant_id uuid, farm_id uuid DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_locations.tenant_id, 'farms.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(l) - 'deleted_at' ORDER BY l.name), '[]'::jsonb)
            FROM public.locations l
            WHERE l.tenant_id = list_locations.tenant_id AND l.deleted_at IS NULL
              AND (list_locations.farm_id IS NULL OR l.farm_id = list_locations.farm_id));
END
$$;
COMMENT ON FUNCTION api.list_locations(uuid, uuid) IS 'The locations on the farms the caller may work on.';

-- Shared breeds plus the tenant's own.
CREATE OR REPLACE FUNCTION api.list_breeds(tenant_id uuid, species text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_breeds.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(b ORDER BY b ->> 'species', b ->> 'name'), '[]'::jsonb) FROM (
        SELECT jsonb_build_object('id', s.id, 'species', s.species, 'name', s.name,
                   'gestation_days', coalesce(s.gestation_days, sp.gestation_days), 'shared', true) AS b
        FROM public.breeds s JOIN public.species sp ON sp.code = s.species
        WHERE list_breeds.species IS NULL OR s.species = list_breeds.species
        UNION ALL
        SELECT jsonb_build_object('id', t.id, 'species', t.species, 'name', t.name,
                   'gestation_days', coalesce(t.gestation_days, sp.gestation_days), 'shared', false)
        FROM public.tenant_breeds t JOIN public.species sp ON sp.code = t.species
        WHERE t.tenant_id = list_breeds.tenant_id AND (list_breeds.species IS NULL OR t.species = list_breeds.species)
    ) x (b));
END
$$;
COMMENT ON FUNCTION api.list_breeds(uuid, text) IS 'The breeds a tenant can use: shared ones and its own.';

-- Define a breed for this tenant (may override the species' gestation).
CREATE OR REPLACE FUNCTION api.create_breed(tenant_id uuid, species text, name text, gestation_days integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.tenant_breeds;
BEGIN
    PERFORM private.require_permission(create_breed.tenant_id, 'livestock.write');
    INSERT INTO public.tenant_breeds (tenant_id, species, name, gestation_days)
    VALUES (create_breed.tenant_id, create_breed.species, btrim(create_breed.name), create_breed.gestation_days)
    RETURNING * INTO v_row;
    RETURN to_jsonb(v_row);
END
$$;
COMMENT ON FUNCTION api.create_breed(uuid, text, text, integer) IS 'Define a breed of the tenant''s own.';

-- JSON of an animal with its identifiers and names of what it points at.
CREATE OR REPLACE FUNCTION private.animal_json(a public.animals) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT to_jsonb(a) - 'deleted_at' - 'breed_id' - 'tenant_breed_id'
        || jsonb_build_object(
            'breed_id', coalesce(a.breed_id, a.tenant_breed_id),
            'breed', coalesce((SELECT b.name FROM public.breeds b WHERE b.id = a.breed_id),
                              (SELECT b.name FROM public.tenant_breeds b
                               WHERE b.tenant_id = a.tenant_id AND b.id = a.tenant_breed_id)),
            'tags', coalesce((SELECT jsonb_object_agg(t.kind, t.value) FROM public.animal_tags t
                              WHERE t.tenant_id = a.tenant_id AND t.animal_id = a.id), '{}'::jsonb))
$$;
GRANT EXECUTE ON FUNCTION private.animal_json(public.animals) TO authenticated, service_role;

-- Which breed column an id belongs in: shared breed or the tenant's own.
CREATE OR REPLACE FUNCTION private.is_shared_breed(p_breed_id uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM public.breeds b WHERE b.id = p_breed_id)
$$;
GRANT EXECUTE ON FUNCTION private.is_shared_breed(uuid) TO authenticated, service_role;

-- Register an animal (born on the farm or purchased), with its ID tags.
CREATE OR REPLACE FUNCTION api.create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text,
    name text DEFAULT NULL, breed_id uuid DEFAULT NULL, birth_date date DEFAULT NULL, acquisition text DEFAULT 'born',
    acquired_on date DEFAULT NULL, acquisition_cost numeric DEFAULT NULL, sire_id uuid DEFAULT NULL,
    dam_id uuid DEFAULT NULL, location_id uuid DEFAULT NULL, estimated_value numeric DEFAULT NULL,
    notes text DEFAULT NULL, tags jsonb DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.animals;
BEGIN
    PERFORM private.require_permission(create_animal.tenant_id, 'livestock.write');
    IF create_animal.tags IS NOT NULL AND jsonb_typeof(create_animal.tags) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'tags must be an object such as {"eid": "982..."}';
    END IF;
    BEGIN
        INSERT INTO public.animals (tenant_id, farm_id, location_id, tag_number, name, species, breed_id,
            tenant_breed_id, sex, birth_date, acquisition, acquired_on, acquisition_cost, sire_id, dam_id,
            estimated_value, notes)
        VALUES (create_animal.tenant_id, create_animal.farm_id, create_animal.location_id, btrim(create_animal.tag_number),
            create_animal.name, create_animal.species,
            CASE WHEN private.is_shared_breed(create_animal.breed_id) THEN create_animal.breed_id END,
            CASE WHEN NOT private.is_shared_breed(create_animal.breed_id) THEN create_animal.breed_id END,
            create_animal.sex, create_animal.birth_date, create_animal.acquisition,
            coalesce(create_animal.acquired_on, create_animal.birth_date), create_animal.acquisition_cost,
            create_animal.sire_id, create_animal.dam_id, create_animal.estimated_value, create_animal.notes)
        RETURNING * INTO v_row;
        INSERT INTO public.animal_tags (tenant_id, animal_id, kind, value)
        SELECT v_row.tenant_id, v_row.id, t.key, btrim(t.value)
        FROM jsonb_each_text(coalesce(create_animal.tags, '{}'::jsonb)) t;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the tag number or an ID tag is already in use',
            DETAIL = format('tag_number=%s', create_animal.tag_number), HINT = 'tag_taken';
    END;
    RETURN private.animal_json(v_row);
END
$$;
COMMENT ON FUNCTION api.create_animal(uuid, uuid, text, text, text, text, uuid, date, text, date, numeric, uuid, uuid,
    uuid, numeric, text, jsonb) IS 'Register an animal with its tags, breed and parents.';

-- One animal the caller can see.
CREATE OR REPLACE FUNCTION api.get_animal(tenant_id uuid, animal_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_row public.animals;
BEGIN
    PERFORM private.require_permission(get_animal.tenant_id, 'livestock.read');
    SELECT * INTO v_row FROM public.animals a
    WHERE a.tenant_id = get_animal.tenant_id AND a.id = get_animal.animal_id AND a.deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'animal not found', HINT = 'animal_not_found';
    END IF;
    RETURN private.animal_json(v_row);
END
$$;
COMMENT ON FUNCTION api.get_animal(uuid, uuid) IS 'One animal with its tags and breed.';

-- Animals on the caller's farms, filtered and paged.
CREATE OR REPLACE FUNCTION api.list_animals(tenant_id uuid, farm_id uuid DEFAULT NULL, species text DEFAULT NULL,
    status text DEFAULT NULL, sex text DEFAULT NULL, search text DEFAULT NULL, born_from date DEFAULT NULL,
    born_to date DEFAULT NULL, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_pattern text := '%' || replace(replace(replace(list_animals.search, '\', '\\'), '%', '\%'), '_', '\_') || '%';
BEGIN
    PERFORM private.require_permission(list_animals.tenant_id, 'livestock.read');
    PERFORM private.check_page(list_animals."limit", list_animals."offset");
    RETURN (
        WITH matching AS NOT MATERIALIZED (
            SELECT a.* FROM public.animals a
            WHERE a.tenant_id = list_animals.tenant_id AND a.deleted_at IS NULL
              AND (list_animals.farm_id IS NULL OR a.farm_id = list_animals.farm_id)
              AND (list_animals.species IS NULL OR a.species = list_animals.species)
              AND (list_animals.status IS NULL OR a.status = list_animals.status)
              AND (list_animals.sex IS NULL OR a.sex = list_animals.sex)
              AND (list_animals.born_from IS NULL OR a.birth_date >= list_animals.born_from)
              AND (list_animals.born_to IS NULL OR a.birth_date <= list_animals.born_to)
              AND (list_animals.search IS NULL OR a.tag_number ILIKE v_pattern OR a.name ILIKE v_pattern))
        SELECT jsonb_build_object('count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(private.animal_json(p) ORDER BY p.tag_number, p.id)
                                 FROM (SELECT * FROM matching m ORDER BY m.tag_number, m.id
                                       LIMIT list_animals."limit" OFFSET list_animals."offset") p), '[]'::jsonb)));
END
$$;
COMMENT ON FUNCTION api.list_animals(uuid, uuid, text, text, text, text, date, date, integer, integer) IS
    'Animals on the caller''s farms: filter by farm, species, status, sex, tag or name, birth dates.';

-- Change an animal's details; absent fields keep their value. Status changes: change_animal_status.
CREATE OR REPLACE FUNCTION api.update_animal(tenant_id uuid, animal_id uuid, tag_number text DEFAULT NULL,
    name text DEFAULT NULL, breed_id uuid DEFAULT NULL, sex text DEFAULT NULL, birth_date date DEFAULT NULL,
    sire_id uuid DEFAULT NULL, dam_id uuid DEFAULT NULL, location_id uuid DEFAULT NULL,
    estimated_value numeric DEFAULT NULL, notes text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.animals;
BEGIN
    PERFORM private.require_permission(update_animal.tenant_id, 'livestock.write');
    BEGIN
        UPDATE public.animals a SET tag_number = coalesce(btrim(update_animal.tag_number), a.tag_number),
            name = coalesce(update_animal.name, a.name),
            breed_id = CASE WHEN update_animal.breed_id IS NULL THEN a.breed_id
                            WHEN private.is_shared_breed(update_animal.breed_id) THEN update_animal.breed_id END,
            tenant_breed_id = CASE WHEN update_animal.breed_id IS NULL THEN a.tenant_breed_id
                                   WHEN NOT private.is_shared_breed(update_animal.breed_id) THEN update_animal.breed_id END,
            sex = coalesce(update_animal.sex, a.sex), birth_date = coalesce(update_animal.birth_date, a.birth_date),
            sire_id = coalesce(update_animal.sire_id, a.sire_id), dam_id = coalesce(update_animal.dam_id, a.dam_id),
            location_id = coalesce(update_animal.location_id, a.location_id),
            estimated_value = coalesce(update_animal.estimated_value, a.estimated_value),
            notes = coalesce(update_animal.notes, a.notes)
        WHERE a.tenant_id = update_animal.tenant_id AND a.id = update_animal.animal_id AND a.deleted_at IS NULL
        RETURNING * INTO v_row;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the tag number is already in use', HINT = 'tag_taken';
    END;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'animal not found', HINT = 'animal_not_found';
    END IF;
    RETURN private.animal_json(v_row);
END
$$;
COMMENT ON FUNCTION api.update_animal(uuid, uuid, text, text, uuid, text, date, uuid, uuid, uuid, numeric, text) IS
    'Change an animal''s details.';

-- Sell, cull, transfer, record a death, or bring a transferred animal back.
CREATE OR REPLACE FUNCTION api.change_animal_status(tenant_id uuid, animal_id uuid, status text,
    exit_date date DEFAULT NULL, exit_reason text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.animals;
BEGIN
    PERFORM private.require_permission(change_animal_status.tenant_id, 'livestock.read');
    UPDATE public.animals a SET status = change_animal_status.status, exit_date = change_animal_status.exit_date,
        exit_reason = change_animal_status.exit_reason
    WHERE a.tenant_id = change_animal_status.tenant_id AND a.id = change_animal_status.animal_id
      AND a.deleted_at IS NULL
    RETURNING * INTO v_row;
    IF NOT FOUND THEN
        IF EXISTS (SELECT 1 FROM public.animals a WHERE a.tenant_id = change_animal_status.tenant_id
                   AND a.id = change_animal_status.animal_id AND a.deleted_at IS NULL) THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may not change this animal''s status',
                HINT = 'permission_denied';
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'animal not found', HINT = 'animal_not_found';
    END IF;
    RETURN private.animal_json(v_row);
END
$$;
COMMENT ON FUNCTION api.change_animal_status(uuid, uuid, text, date, text) IS
    'Change an animal''s status (sold, deceased, culled, transferred, or back to active).';

-- Delete an animal record (kept as history; its tag number becomes free).
CREATE OR REPLACE FUNCTION api.delete_animal(tenant_id uuid, animal_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(delete_animal.tenant_id, 'livestock.delete');
    UPDATE public.animals a SET deleted_at = now()
    WHERE a.tenant_id = delete_animal.tenant_id AND a.id = delete_animal.animal_id AND a.deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'animal not found', HINT = 'animal_not_found';
    END IF;
    RETURN jsonb_build_object('id', delete_animal.animal_id, 'deleted', true);
END
$$;
COMMENT ON FUNCTION api.delete_animal(uuid, uuid) IS 'Delete an animal (soft: history stays).';

-- Create a group kept by head count, with its opening count as an addition event.
CREATE OR REPLACE FUNCTION api.create_group(tenant_id uuid, farm_id uuid, name text, species text,
    female_count integer DEFAULT 0, male_count integer DEFAULT 0, unknown_count integer DEFAULT 0,
    purpose text DEFAULT NULL, location_id uuid DEFAULT NULL, started_on date DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid := private.uuid7();
    v_started date;
BEGIN
    PERFORM private.require_permission(create_group.tenant_id, 'livestock.write');
    INSERT INTO public.animal_groups (tenant_id, id, farm_id, location_id, name, species, purpose, started_on)
    VALUES (create_group.tenant_id, v_id, create_group.farm_id, create_group.location_id, btrim(create_group.name),
            create_group.species, create_group.purpose, create_group.started_on)  -- null: the tenant's today
    RETURNING animal_groups.started_on INTO v_started;
    IF coalesce(create_group.female_count, 0) + coalesce(create_group.male_count, 0)
       + coalesce(create_group.unknown_count, 0) > 0 THEN
        PERFORM api.record_group_event(create_group.tenant_id, v_id, 'addition', create_group.female_count,
            create_group.male_count, create_group.unknown_count, v_started, 'opening count');
    END IF;
    RETURN (SELECT to_jsonb(g) - 'deleted_at' FROM public.animal_groups g
            WHERE g.tenant_id = create_group.tenant_id AND g.id = v_id);
END
$$;

-- Record a change of a group's head count. Counts are given as positive numbers; the event type
-- says whether they are added (addition, birth, hatch, transfer_in) or taken away.
CREATE OR REPLACE FUNCTION api.record_group_event(tenant_id uuid, group_id uuid, event_type text,
    female integer DEFAULT 0, male integer DEFAULT 0, unknown integer DEFAULT 0, occurred_on date DEFAULT NULL,
    note text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_sign integer := CASE WHEN record_group_event.event_type IN ('addition', 'birth', 'hatch', 'transfer_in')
                           THEN 1 ELSE -1 END;
    v_event public.group_count_events;
BEGIN
    PERFORM private.require_permission(record_group_event.tenant_id, 'livestock.read');
    IF least(record_group_event.female, record_group_event.male, record_group_event.unknown) < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'counts are given as positive numbers',
            HINT = 'the event type says whether heads are added or taken away';
    END IF;
    INSERT INTO public.group_count_events (tenant_id, group_id, event_type, occurred_on, female_delta, male_delta,
        unknown_delta, note)
    VALUES (record_group_event.tenant_id, record_group_event.group_id, record_group_event.event_type,
        record_group_event.occurred_on, v_sign * coalesce(record_group_event.female, 0),  -- null: the tenant's today
        v_sign * coalesce(record_group_event.male, 0), v_sign * coalesce(record_group_event.unknown, 0),
        record_group_event.note)
    RETURNING * INTO v_event;
    RETURN to_jsonb(v_event) || jsonb_build_object('group', (
        SELECT jsonb_build_object('female_count', g.female_count, 'male_count', g.male_count,
                                  'unknown_count', g.unknown_count)
        FROM public.animal_groups g WHERE g.tenant_id = v_event.tenant_id AND g.id = v_event.group_id));
END
$$;
COMMENT ON FUNCTION api.record_group_event(uuid, uuid, text, integer, integer, integer, date, text) IS
    'Record an addition, birth, hatch, death, cull, sale or transfer of heads in a group.';
COMMENT ON FUNCTION api.create_group(uuid, uuid, text, text, integer, integer, integer, text, uuid, date) IS
    'Create a group (flock, batch) kept by head count.';

-- Groups on the caller's farms.
CREATE OR REPLACE FUNCTION api.list_groups(tenant_id uuid, farm_id uuid DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_groups.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(g) - 'deleted_at' ORDER BY g.name), '[]'::jsonb)
            FROM public.animal_groups g
            WHERE g.tenant_id = list_groups.tenant_id AND g.deleted_at IS NULL
              AND (list_groups.farm_id IS NULL OR g.farm_id = list_groups.farm_id));
END
$$;
COMMENT ON FUNCTION api.list_groups(uuid, uuid) IS 'Groups (flocks, batches) on the caller''s farms.';

-- A group's count events, newest first.
CREATE OR REPLACE FUNCTION api.list_group_events(tenant_id uuid, group_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_group_events.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(e) ORDER BY e.occurred_on DESC, e.created_at DESC), '[]'::jsonb)
            FROM public.group_count_events e
            WHERE e.tenant_id = list_group_events.tenant_id AND e.group_id = list_group_events.group_id);
END
$$;
COMMENT ON FUNCTION api.list_group_events(uuid, uuid) IS 'The head-count events of a group.';

-- Move an animal to another farm or location; the newest movement sets where it is.
CREATE OR REPLACE FUNCTION api.move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid,
    to_location_id uuid DEFAULT NULL, moved_at timestamptz DEFAULT NULL, reason text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid := private.uuid7();
BEGIN
    PERFORM private.require_permission(move_animal.tenant_id, 'livestock.move');
    IF NOT EXISTS (SELECT 1 FROM public.animals a WHERE a.tenant_id = move_animal.tenant_id
                   AND a.id = move_animal.animal_id AND a.deleted_at IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'animal not found', HINT = 'animal_not_found';
    END IF;
    INSERT INTO public.animal_movements (tenant_id, id, animal_id, to_farm_id, to_location_id, moved_at, reason)
    VALUES (move_animal.tenant_id, v_id, move_animal.animal_id, move_animal.to_farm_id, move_animal.to_location_id,
            coalesce(move_animal.moved_at, private.now()), move_animal.reason);
    RETURN (SELECT to_jsonb(m) FROM public.animal_movements m WHERE m.tenant_id = move_animal.tenant_id AND m.id = v_id);
END
$$;
COMMENT ON FUNCTION api.move_animal(uuid, uuid, uuid, uuid, timestamptz, text) IS
    'Move an animal to another farm or location.';

-- An animal's movements, newest first.
CREATE OR REPLACE FUNCTION api.list_movements(tenant_id uuid, animal_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_movements.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.moved_at DESC), '[]'::jsonb)
            FROM public.animal_movements m
            WHERE m.tenant_id = list_movements.tenant_id AND m.animal_id = list_movements.animal_id);
END
$$;
COMMENT ON FUNCTION api.list_movements(uuid, uuid) IS 'Where an animal has been moved, newest first.';
