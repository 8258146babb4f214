--
-- PostgreSQL database dump
--

\restrict ifarm


SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: api; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA api;


--
-- Name: auth; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA auth;


--
-- Name: outbox; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA outbox;


--
-- Name: private; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA private;


--
-- Name: schema_version_type; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.schema_version_type AS ENUM (
    'auto',
    'manual'
);


--
-- Name: accept_invitation(text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.accept_invitation(token text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_uid uuid := private.require_user();
    v_inv public.invitations;
    v_email text;
    v_tenant public.tenants;
BEGIN
    SELECT * INTO v_inv FROM public.invitations i
    WHERE i.token_hash = pg_catalog.sha256(pg_catalog.convert_to(accept_invitation.token, 'UTF8'))
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'invitation not found', HINT = 'invitation_not_found';
    END IF;
    IF v_inv.accepted_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT410', MESSAGE = 'invitation already used',
            DETAIL = format('accepted_at=%s', v_inv.accepted_at), HINT = 'invitation_used';
    END IF;
    IF v_inv.expires_at <= now() THEN
        RAISE EXCEPTION USING ERRCODE = 'PT410', MESSAGE = 'invitation expired',
            DETAIL = format('expires_at=%s', v_inv.expires_at), HINT = 'invitation_expired: ask for a new one';
    END IF;
    SELECT lower(u.email) INTO v_email FROM auth.users u WHERE u.id = v_uid;
    IF v_email IS DISTINCT FROM v_inv.email THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'this invitation is for another email address',
            HINT = 'invitation_email_mismatch: sign in as the invited user';
    END IF;
    IF EXISTS (SELECT 1 FROM public.tenant_members m WHERE m.tenant_id = v_inv.tenant_id AND m.user_id = v_uid) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'you are already a member of this tenant',
            HINT = 'already_member';
    END IF;
    INSERT INTO public.tenant_members (tenant_id, user_id, role) VALUES (v_inv.tenant_id, v_uid, v_inv.role);
    UPDATE public.invitations i SET accepted_at = now(), accepted_by = v_uid
    WHERE i.tenant_id = v_inv.tenant_id AND i.id = v_inv.id;
    PERFORM private.ensure_profile(v_uid);
    SELECT * INTO v_tenant FROM public.tenants t WHERE t.id = v_inv.tenant_id;
    RETURN private.tenant_json(v_tenant, v_inv.role);
END
$$;


--
-- Name: change_animal_status(uuid, uuid, text, date, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.change_animal_status(tenant_id uuid, animal_id uuid, status text, exit_date date DEFAULT NULL::date, exit_reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: change_member_role(uuid, uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_member public.tenant_members;
BEGIN
    PERFORM private.require_permission(change_member_role.tenant_id, 'members.manage');
    IF NOT EXISTS (SELECT 1 FROM public.roles r WHERE r.role = change_member_role.role) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown role %L', change_member_role.role),
            HINT = 'one of: ' || (SELECT string_agg(r.role, ', ' ORDER BY r.rank) FROM public.roles r);
    END IF;
    UPDATE public.tenant_members m SET role = change_member_role.role
    WHERE m.tenant_id = change_member_role.tenant_id AND m.user_id = change_member_role.user_id
    RETURNING * INTO v_member;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'member not found', HINT = 'member_not_found';
    END IF;
    RETURN jsonb_build_object('tenant_id', v_member.tenant_id, 'user_id', v_member.user_id, 'role', v_member.role);
END
$$;


--
-- Name: create_animal(uuid, uuid, text, text, text, text, uuid, date, text, date, numeric, uuid, uuid, uuid, numeric, text, jsonb); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text, name text DEFAULT NULL::text, breed_id uuid DEFAULT NULL::uuid, birth_date date DEFAULT NULL::date, acquisition text DEFAULT 'born'::text, acquired_on date DEFAULT NULL::date, acquisition_cost numeric DEFAULT NULL::numeric, sire_id uuid DEFAULT NULL::uuid, dam_id uuid DEFAULT NULL::uuid, location_id uuid DEFAULT NULL::uuid, estimated_value numeric DEFAULT NULL::numeric, notes text DEFAULT NULL::text, tags jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: create_breed(uuid, text, text, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_breed(tenant_id uuid, species text, name text, gestation_days integer DEFAULT NULL::integer) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: create_farm(uuid, text, text, numeric, numeric, numeric, text, boolean); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_farm(tenant_id uuid, name text, farm_type text DEFAULT 'mixed'::text, latitude numeric DEFAULT NULL::numeric, longitude numeric DEFAULT NULL::numeric, area_hectares numeric DEFAULT NULL::numeric, timezone text DEFAULT NULL::text, is_organic boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
BEGIN
    PERFORM private.require_permission(create_farm.tenant_id, 'farms.manage');
    IF create_farm.timezone IS NOT NULL AND NOT private.is_time_zone(create_farm.timezone) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown time zone %L', create_farm.timezone);
    END IF;
    BEGIN
        INSERT INTO public.farms (tenant_id, id, name, farm_type, latitude, longitude, area_hectares, timezone,
                                  is_organic)
        VALUES (create_farm.tenant_id, v_id, btrim(create_farm.name), create_farm.farm_type, create_farm.latitude,
                create_farm.longitude, create_farm.area_hectares, create_farm.timezone, create_farm.is_organic);
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('a farm named %L exists', btrim(create_farm.name)),
            HINT = 'farm_name_taken';
    END;
    RETURN (SELECT private.farm_json(f) FROM public.farms f WHERE f.tenant_id = create_farm.tenant_id AND f.id = v_id);
END
$$;


--
-- Name: create_group(uuid, uuid, text, text, integer, integer, integer, text, uuid, date); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_group(tenant_id uuid, farm_id uuid, name text, species text, female_count integer DEFAULT 0, male_count integer DEFAULT 0, unknown_count integer DEFAULT 0, purpose text DEFAULT NULL::text, location_id uuid DEFAULT NULL::uuid, started_on date DEFAULT NULL::date) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
BEGIN
    PERFORM private.require_permission(create_group.tenant_id, 'livestock.write');
    INSERT INTO public.animal_groups (tenant_id, id, farm_id, location_id, name, species, purpose, started_on)
    VALUES (create_group.tenant_id, v_id, create_group.farm_id, create_group.location_id, btrim(create_group.name),
            create_group.species, create_group.purpose, coalesce(create_group.started_on, current_date));
    IF coalesce(create_group.female_count, 0) + coalesce(create_group.male_count, 0)
       + coalesce(create_group.unknown_count, 0) > 0 THEN
        PERFORM api.record_group_event(create_group.tenant_id, v_id, 'addition', create_group.female_count,
            create_group.male_count, create_group.unknown_count, coalesce(create_group.started_on, current_date),
            'opening count');
    END IF;
    RETURN (SELECT to_jsonb(g) - 'deleted_at' FROM public.animal_groups g
            WHERE g.tenant_id = create_group.tenant_id AND g.id = v_id);
END
$$;


--
-- Name: create_location(uuid, uuid, text, text, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_location(tenant_id uuid, farm_id uuid, name text, kind text DEFAULT 'other'::text, capacity integer DEFAULT NULL::integer) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: create_tenant(text, text, text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_tenant(name text, slug text, country text DEFAULT 'US'::text, currency text DEFAULT 'USD'::text, timezone text DEFAULT 'UTC'::text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_uid uuid := private.require_user();
    v_tenant public.tenants;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = v_uid) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'unknown user', HINT = 'sign up first';
    END IF;
    BEGIN
        INSERT INTO public.tenants (name, slug, country, currency, timezone, created_by)
        VALUES (btrim(create_tenant.name), lower(create_tenant.slug), upper(create_tenant.country),
                upper(create_tenant.currency), create_tenant.timezone, v_uid)
        RETURNING * INTO v_tenant;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('the slug %L is taken', lower(create_tenant.slug)),
            HINT = 'slug_taken: choose another slug';
    END;
    INSERT INTO public.tenant_members (tenant_id, user_id, role) VALUES (v_tenant.id, v_uid, 'owner');
    PERFORM private.ensure_profile(v_uid);
    RETURN private.tenant_json(v_tenant, 'owner');
END
$$;


--
-- Name: delete_animal(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_animal(tenant_id uuid, animal_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: delete_farm(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_farm(tenant_id uuid, farm_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: get_animal(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.get_animal(tenant_id uuid, animal_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: get_my_profile(); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.get_my_profile() RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_uid uuid := private.require_user();
    v_profile jsonb;
BEGIN
    SELECT jsonb_build_object('id', p.id, 'email', p.email, 'full_name', p.full_name, 'phone', p.phone,
               'avatar_url', p.avatar_url, 'updated_at', p.updated_at)
    INTO v_profile
    FROM public.profiles p WHERE p.id = v_uid;
    RETURN coalesce(v_profile, jsonb_build_object('id', v_uid, 'email', lower(auth.jwt() ->> 'email'),
        'full_name', NULL, 'phone', NULL, 'avatar_url', NULL, 'updated_at', NULL));
END
$$;


--
-- Name: get_tenant(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.get_tenant(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_tenant public.tenants;
BEGIN
    PERFORM private.require_permission(get_tenant.tenant_id, 'tenant.read');
    SELECT * INTO v_tenant FROM public.tenants t WHERE t.id = get_tenant.tenant_id;
    RETURN private.tenant_json(v_tenant, private.member_role(get_tenant.tenant_id));
END
$$;


--
-- Name: grant_farm_access(uuid, uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(grant_farm_access.tenant_id, 'members.manage');
    INSERT INTO public.farm_access (tenant_id, user_id, farm_id, granted_by)
    VALUES (grant_farm_access.tenant_id, grant_farm_access.user_id, grant_farm_access.farm_id, auth.uid())
    ON CONFLICT DO NOTHING;
    RETURN jsonb_build_object('tenant_id', grant_farm_access.tenant_id, 'user_id', grant_farm_access.user_id,
        'farm_id', grant_farm_access.farm_id, 'granted', true);
END
$$;


--
-- Name: invite_member(uuid, text, text, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.invite_member(tenant_id uuid, email text, role text DEFAULT 'viewer'::text, valid_days integer DEFAULT 7) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_email text := lower(btrim(invite_member.email));
    v_token text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
    v_id uuid;
    v_expires timestamptz;
BEGIN
    PERFORM private.require_permission(invite_member.tenant_id, 'members.manage');
    IF invite_member.valid_days IS NULL OR invite_member.valid_days NOT BETWEEN 1 AND 30 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'valid_days must be between 1 and 30';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.roles r WHERE r.role = invite_member.role) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown role %L', invite_member.role),
            HINT = 'one of: ' || (SELECT string_agg(r.role, ', ' ORDER BY r.rank) FROM public.roles r);
    END IF;
    -- Inviting the same email again replaces the open invitation (and its token).
    DELETE FROM public.invitations i
    WHERE i.tenant_id = invite_member.tenant_id AND i.email = v_email AND i.accepted_at IS NULL;
    INSERT INTO public.invitations (tenant_id, email, role, token_hash, invited_by, expires_at)
    VALUES (invite_member.tenant_id, v_email, invite_member.role, sha256(convert_to(v_token, 'UTF8')),
            auth.uid(), now() + make_interval(days => invite_member.valid_days))
    RETURNING id, expires_at INTO v_id, v_expires;
    RETURN jsonb_build_object('id', v_id, 'tenant_id', invite_member.tenant_id, 'email', v_email,
        'role', invite_member.role, 'expires_at', v_expires, 'token', v_token);
END
$$;


--
-- Name: list_animals(uuid, uuid, text, text, text, text, date, date, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_animals(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid, species text DEFAULT NULL::text, status text DEFAULT NULL::text, sex text DEFAULT NULL::text, search text DEFAULT NULL::text, born_from date DEFAULT NULL::date, born_to date DEFAULT NULL::date, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_pattern text := '%' || replace(replace(replace(list_animals.search, '\', '\\'), '%', '\%'), '_', '\_') || '%';
BEGIN
    PERFORM private.require_permission(list_animals.tenant_id, 'livestock.read');
    PERFORM private.check_page(list_animals."limit", list_animals."offset");
    RETURN (
        WITH matching AS (
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


--
-- Name: list_breeds(uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_breeds(tenant_id uuid, species text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: list_farms(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_farms(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_farms.tenant_id, 'farms.read');
    RETURN (SELECT coalesce(jsonb_agg(private.farm_json(f) ORDER BY f.name, f.id), '[]'::jsonb)
            FROM public.farms f
            WHERE f.tenant_id = list_farms.tenant_id
              AND f.id IN (SELECT private.accessible_farm_ids(list_farms.tenant_id)));
END
$$;


--
-- Name: list_group_events(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_group_events(tenant_id uuid, group_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_group_events.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(e) ORDER BY e.occurred_on DESC, e.created_at DESC), '[]'::jsonb)
            FROM public.group_count_events e
            WHERE e.tenant_id = list_group_events.tenant_id AND e.group_id = list_group_events.group_id);
END
$$;


--
-- Name: list_groups(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_groups(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_groups.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(g) - 'deleted_at' ORDER BY g.name), '[]'::jsonb)
            FROM public.animal_groups g
            WHERE g.tenant_id = list_groups.tenant_id AND g.deleted_at IS NULL
              AND (list_groups.farm_id IS NULL OR g.farm_id = list_groups.farm_id));
END
$$;


--
-- Name: list_invitations(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_invitations(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_invitations.tenant_id, 'members.manage');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'email', i.email, 'role', i.role,
                'invited_by', i.invited_by, 'created_at', i.created_at, 'expires_at', i.expires_at,
                'accepted_at', i.accepted_at) ORDER BY i.created_at DESC), '[]'::jsonb)
            FROM public.invitations i WHERE i.tenant_id = list_invitations.tenant_id);
END
$$;


--
-- Name: list_locations(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_locations(tenant_id uuid, farm_id uuid DEFAULT NULL::uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_locations.tenant_id, 'farms.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(l) - 'deleted_at' ORDER BY l.name), '[]'::jsonb)
            FROM public.locations l
            WHERE l.tenant_id = list_locations.tenant_id AND l.deleted_at IS NULL
              AND (list_locations.farm_id IS NULL OR l.farm_id = list_locations.farm_id));
END
$$;


--
-- Name: list_members(uuid, integer, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_members(tenant_id uuid, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_members.tenant_id, 'members.read');
    PERFORM private.check_page(list_members."limit", list_members."offset");
    RETURN jsonb_build_object(
        'count', (SELECT count(*) FROM public.tenant_members m WHERE m.tenant_id = list_members.tenant_id),
        'results', (
            SELECT coalesce(jsonb_agg(jsonb_build_object('user_id', m.user_id, 'role', m.role,
                        'email', p.email, 'full_name', p.full_name, 'joined_at', m.created_at)
                    ORDER BY r.rank, m.created_at, m.user_id), '[]'::jsonb)
            FROM (SELECT * FROM public.tenant_members m
                  WHERE m.tenant_id = list_members.tenant_id
                  ORDER BY m.created_at, m.user_id
                  LIMIT list_members."limit" OFFSET list_members."offset") m
            JOIN public.roles r ON r.role = m.role
            LEFT JOIN public.profiles p ON p.id = m.user_id));
END
$$;


--
-- Name: list_movements(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_movements(tenant_id uuid, animal_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_permission(list_movements.tenant_id, 'livestock.read');
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.moved_at DESC), '[]'::jsonb)
            FROM public.animal_movements m
            WHERE m.tenant_id = list_movements.tenant_id AND m.animal_id = list_movements.animal_id);
END
$$;


--
-- Name: list_my_tenants(); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_my_tenants() RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(jsonb_agg(private.tenant_json(t, m.role) ORDER BY t.name, t.id), '[]'::jsonb)
    FROM public.tenants t
    JOIN public.tenant_members m ON m.tenant_id = t.id AND m.user_id = auth.uid()
$$;


--
-- Name: move_animal(uuid, uuid, uuid, uuid, timestamp with time zone, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid, to_location_id uuid DEFAULT NULL::uuid, moved_at timestamp with time zone DEFAULT NULL::timestamp with time zone, reason text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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
            coalesce(move_animal.moved_at, now()), move_animal.reason);
    RETURN (SELECT to_jsonb(m) FROM public.animal_movements m WHERE m.tenant_id = move_animal.tenant_id AND m.id = v_id);
END
$$;


--
-- Name: my_permissions(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.my_permissions(tenant_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_role text;
BEGIN
    PERFORM private.require_user();
    v_role := private.member_role(my_permissions.tenant_id);
    IF v_role IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you are not a member of this tenant',
            DETAIL = format('tenant_id=%s', my_permissions.tenant_id), HINT = 'not_a_member';
    END IF;
    RETURN jsonb_build_object(
        'tenant_id', my_permissions.tenant_id,
        'role', v_role,
        'permissions', (SELECT coalesce(jsonb_agg(rp.permission ORDER BY rp.permission), '[]'::jsonb)
                        FROM public.role_permissions rp WHERE rp.role = v_role),
        'all_farms', private.has_permission(my_permissions.tenant_id, 'farms.all'),
        'farm_ids', (SELECT coalesce(jsonb_agg(f ORDER BY f), '[]'::jsonb)
                     FROM private.accessible_farm_ids(my_permissions.tenant_id) f));
END
$$;


--
-- Name: record_group_event(uuid, uuid, text, integer, integer, integer, date, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_group_event(tenant_id uuid, group_id uuid, event_type text, female integer DEFAULT 0, male integer DEFAULT 0, unknown integer DEFAULT 0, occurred_on date DEFAULT NULL::date, note text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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
        coalesce(record_group_event.occurred_on, current_date), v_sign * coalesce(record_group_event.female, 0),
        v_sign * coalesce(record_group_event.male, 0), v_sign * coalesce(record_group_event.unknown, 0),
        record_group_event.note)
    RETURNING * INTO v_event;
    RETURN to_jsonb(v_event) || jsonb_build_object('group', (
        SELECT jsonb_build_object('female_count', g.female_count, 'male_count', g.male_count,
                                  'unknown_count', g.unknown_count)
        FROM public.animal_groups g WHERE g.tenant_id = v_event.tenant_id AND g.id = v_event.group_id));
END
$$;


--
-- Name: remove_member(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.remove_member(tenant_id uuid, user_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF remove_member.user_id IS DISTINCT FROM auth.uid() THEN
        PERFORM private.require_permission(remove_member.tenant_id, 'members.manage');
    END IF;
    DELETE FROM public.tenant_members m
    WHERE m.tenant_id = remove_member.tenant_id AND m.user_id = remove_member.user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'member not found', HINT = 'member_not_found';
    END IF;
    RETURN jsonb_build_object('tenant_id', remove_member.tenant_id, 'user_id', remove_member.user_id, 'removed', true);
END
$$;


--
-- Name: revoke_farm_access(uuid, uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM private.require_permission(revoke_farm_access.tenant_id, 'members.manage');
    DELETE FROM public.farm_access a
    WHERE a.tenant_id = revoke_farm_access.tenant_id AND a.user_id = revoke_farm_access.user_id
      AND a.farm_id = revoke_farm_access.farm_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'no such farm access', HINT = 'farm_access_not_found';
    END IF;
    RETURN jsonb_build_object('tenant_id', revoke_farm_access.tenant_id, 'user_id', revoke_farm_access.user_id,
        'farm_id', revoke_farm_access.farm_id, 'granted', false);
END
$$;


--
-- Name: update_animal(uuid, uuid, text, text, uuid, text, date, uuid, uuid, uuid, numeric, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_animal(tenant_id uuid, animal_id uuid, tag_number text DEFAULT NULL::text, name text DEFAULT NULL::text, breed_id uuid DEFAULT NULL::uuid, sex text DEFAULT NULL::text, birth_date date DEFAULT NULL::date, sire_id uuid DEFAULT NULL::uuid, dam_id uuid DEFAULT NULL::uuid, location_id uuid DEFAULT NULL::uuid, estimated_value numeric DEFAULT NULL::numeric, notes text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: update_farm(uuid, uuid, text, text, numeric, numeric, numeric, text, boolean); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_farm(tenant_id uuid, farm_id uuid, name text DEFAULT NULL::text, farm_type text DEFAULT NULL::text, latitude numeric DEFAULT NULL::numeric, longitude numeric DEFAULT NULL::numeric, area_hectares numeric DEFAULT NULL::numeric, timezone text DEFAULT NULL::text, is_organic boolean DEFAULT NULL::boolean) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: update_my_profile(text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_my_profile(full_name text DEFAULT NULL::text, phone text DEFAULT NULL::text, avatar_url text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_uid uuid := private.require_user();
BEGIN
    PERFORM private.ensure_profile(v_uid);
    UPDATE public.profiles p SET
        full_name = coalesce(update_my_profile.full_name, p.full_name),
        phone = coalesce(update_my_profile.phone, p.phone),
        avatar_url = coalesce(update_my_profile.avatar_url, p.avatar_url)
    WHERE p.id = v_uid;
    RETURN api.get_my_profile();
END
$$;


--
-- Name: update_tenant(uuid, text, text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_tenant(tenant_id uuid, name text DEFAULT NULL::text, country text DEFAULT NULL::text, currency text DEFAULT NULL::text, timezone text DEFAULT NULL::text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_tenant public.tenants;
BEGIN
    PERFORM private.require_permission(update_tenant.tenant_id, 'tenant.update');
    UPDATE public.tenants t SET
        name = coalesce(btrim(update_tenant.name), t.name),
        country = coalesce(upper(update_tenant.country), t.country),
        currency = coalesce(upper(update_tenant.currency), t.currency),
        timezone = coalesce(update_tenant.timezone, t.timezone)
    WHERE t.id = update_tenant.tenant_id
    RETURNING * INTO v_tenant;
    RETURN private.tenant_json(v_tenant, private.member_role(update_tenant.tenant_id));
END
$$;


--
-- Name: whoami(); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.whoami() RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('role', current_user, 'user_id', auth.uid(), 'claims', auth.jwt(),
        'method', nullif(current_setting('request.method', true), ''),
        'path', nullif(current_setting('request.path', true), ''))
$$;


--
-- Name: email(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.email() RETURNS text
    LANGUAGE sql STABLE
    AS $$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim.email', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
        )::text
    $$;


--
-- Name: jwt(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.jwt() RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim', true), ''),
            nullif(current_setting('request.jwt.claims', true), '')
        )::jsonb
    $$;


--
-- Name: role(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.role() RETURNS text
    LANGUAGE sql STABLE
    AS $$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim.role', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
        )::text
    $$;


--
-- Name: uid(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim.sub', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
        )::uuid
    $$;


--
-- Name: backlog(); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.backlog() RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT jsonb_build_object('pending', count(*),
        'oldest_age_seconds', coalesce(extract(epoch FROM now() - min(e.created_at)), 0))
    FROM outbox.events e WHERE e.published_at IS NULL
$$;


--
-- Name: capture(); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.capture() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_row jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END)
                   - 'token_hash' - 'encrypted_password';
    v_tenant uuid := coalesce(v_row ->> 'tenant_id', CASE WHEN TG_TABLE_NAME = 'tenants' THEN v_row ->> 'id' END)::uuid;
    v_type text := TG_TABLE_NAME || '.' || CASE TG_OP WHEN 'INSERT' THEN 'created'
                                                       WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
BEGIN
    INSERT INTO outbox.events (topic, key, tenant_id, payload, headers)
    VALUES (TG_ARGV[0], coalesce(v_tenant::text, v_row ->> 'id'), v_tenant,
        jsonb_build_object('type', v_type, 'table', TG_TABLE_NAME, 'tenant_id', v_tenant,
            'id', v_row -> 'id', 'actor', auth.uid(), 'occurred_at', now(), 'data', v_row),
        jsonb_build_object('event_type', v_type, 'tenant_id', v_tenant));
    PERFORM pg_notify('ifarm_outbox', '');
    RETURN NULL;
END
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: events; Type: TABLE; Schema: outbox; Owner: -
--

CREATE TABLE outbox.events (
    id bigint NOT NULL,
    topic text NOT NULL,
    key text,
    payload jsonb NOT NULL,
    headers jsonb DEFAULT '{}'::jsonb NOT NULL,
    tenant_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    published_at timestamp with time zone,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    CONSTRAINT events_topic_check CHECK ((topic ~ '^[a-z_]+\.events$'::text))
);


--
-- Name: claim_batch(integer); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.claim_batch(p_limit integer) RETURNS SETOF outbox.events
    LANGUAGE sql
    AS $$
    SELECT * FROM outbox.events e
    WHERE e.published_at IS NULL
    ORDER BY e.id
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
$$;


--
-- Name: mark_failed(bigint[], text); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.mark_failed(p_ids bigint[], p_error text) RETURNS bigint
    LANGUAGE sql
    AS $$
    WITH failed AS (
        UPDATE outbox.events e SET attempts = e.attempts + 1, last_error = left(p_error, 2000)
        WHERE e.id = ANY (p_ids) AND e.published_at IS NULL
        RETURNING 1)
    SELECT count(*) FROM failed
$$;


--
-- Name: mark_published(bigint[]); Type: FUNCTION; Schema: outbox; Owner: -
--

CREATE FUNCTION outbox.mark_published(p_ids bigint[]) RETURNS bigint
    LANGUAGE sql
    AS $$
    WITH done AS (
        UPDATE outbox.events e SET published_at = now(), attempts = e.attempts + 1, last_error = NULL
        WHERE e.id = ANY (p_ids) AND e.published_at IS NULL
        RETURNING 1)
    SELECT count(*) FROM done
$$;


--
-- Name: accessible_farm_ids(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.accessible_farm_ids(p_tenant_id uuid) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT f.id
    FROM public.farms f
    WHERE f.tenant_id = p_tenant_id
      AND f.deleted_at IS NULL
      AND (
          EXISTS (
              SELECT 1 FROM public.tenant_members m
              JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = 'farms.all'
              WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
          )
          OR EXISTS (
              SELECT 1 FROM public.farm_access a
              WHERE a.tenant_id = p_tenant_id AND a.user_id = auth.uid() AND a.farm_id = f.id
          )
      )
$$;


--
-- Name: uuid7(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.uuid7() RETURNS uuid
    LANGUAGE sql PARALLEL SAFE
    AS $$SELECT pg_catalog.uuidv7()$$;


--
-- Name: animals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animals (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    location_id uuid,
    tag_number text NOT NULL,
    name text,
    species text NOT NULL,
    breed_id uuid,
    tenant_breed_id uuid,
    sex text NOT NULL,
    birth_date date,
    status text DEFAULT 'active'::text NOT NULL,
    exit_date date,
    exit_reason text,
    acquisition text DEFAULT 'born'::text NOT NULL,
    acquired_on date,
    acquisition_cost numeric(14,2),
    sire_id uuid,
    dam_id uuid,
    estimated_value numeric(14,2),
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT animals_acquisition_check CHECK ((acquisition = ANY (ARRAY['born'::text, 'purchased'::text]))),
    CONSTRAINT animals_acquisition_cost_check CHECK ((acquisition_cost >= (0)::numeric)),
    CONSTRAINT animals_check CHECK (((breed_id IS NULL) OR (tenant_breed_id IS NULL))),
    CONSTRAINT animals_check1 CHECK (((sire_id IS DISTINCT FROM id) AND (dam_id IS DISTINCT FROM id))),
    CONSTRAINT animals_check2 CHECK (((status = 'active'::text) = (exit_date IS NULL))),
    CONSTRAINT animals_estimated_value_check CHECK ((estimated_value >= (0)::numeric)),
    CONSTRAINT animals_exit_reason_check CHECK ((length(exit_reason) <= 500)),
    CONSTRAINT animals_name_check CHECK ((length(name) <= 100)),
    CONSTRAINT animals_notes_check CHECK ((length(notes) <= 2000)),
    CONSTRAINT animals_sex_check CHECK ((sex = ANY (ARRAY['female'::text, 'male'::text, 'unknown'::text]))),
    CONSTRAINT animals_status_check CHECK ((status = ANY (ARRAY['active'::text, 'sold'::text, 'deceased'::text, 'culled'::text, 'transferred'::text]))),
    CONSTRAINT animals_tag_number_check CHECK (((length(btrim(tag_number)) >= 1) AND (length(btrim(tag_number)) <= 50)))
);

ALTER TABLE ONLY public.animals FORCE ROW LEVEL SECURITY;


--
-- Name: animal_json(public.animals); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.animal_json(a public.animals) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT to_jsonb(a) - 'deleted_at' - 'breed_id' - 'tenant_breed_id'
        || jsonb_build_object(
            'breed_id', coalesce(a.breed_id, a.tenant_breed_id),
            'breed', coalesce((SELECT b.name FROM public.breeds b WHERE b.id = a.breed_id),
                              (SELECT b.name FROM public.tenant_breeds b
                               WHERE b.tenant_id = a.tenant_id AND b.id = a.tenant_breed_id)),
            'tags', coalesce((SELECT jsonb_object_agg(t.kind, t.value) FROM public.animal_tags t
                              WHERE t.tenant_id = a.tenant_id AND t.animal_id = a.id), '{}'::jsonb))
$$;


--
-- Name: apply_group_count_event(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.apply_group_count_event() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_group public.animal_groups;
BEGIN
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


--
-- Name: apply_movement(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.apply_movement() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: auth_logout(uuid, uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_logout(p_user_id uuid, p_session_id uuid, p_scope text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_count bigint;
BEGIN
    IF p_scope NOT IN ('global', 'local', 'others') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'scope must be global, local or others',
            HINT = 'validation_failed';
    END IF;
    UPDATE private.refresh_tokens t SET revoked_at = now()
    WHERE t.user_id = p_user_id AND t.revoked_at IS NULL
      AND CASE p_scope WHEN 'global' THEN true
                       WHEN 'local' THEN t.session_id = p_session_id
                       ELSE t.session_id IS DISTINCT FROM p_session_id END;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: auth_password_login_begin(text, inet); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_password_login_begin(p_email text, p_ip inet) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_email text := lower(btrim(p_email));
    v_window timestamptz := now() - interval '15 minutes';
BEGIN
    IF (SELECT count(*) FROM private.login_attempts a
        WHERE a.email = v_email AND NOT a.succeeded AND a.attempted_at > v_window) >= 5
       OR (p_ip IS NOT NULL AND (SELECT count(*) FROM private.login_attempts a
        WHERE a.ip = p_ip AND NOT a.succeeded AND a.attempted_at > v_window) >= 20) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT429', MESSAGE = 'Too many sign-in attempts; try again later',
            HINT = 'over_request_rate_limit';
    END IF;
    RETURN (SELECT jsonb_build_object('user_id', u.id, 'password_hash', u.encrypted_password)
            FROM auth.users u
            WHERE lower(u.email) = v_email AND u.deleted_at IS NULL
              AND (u.banned_until IS NULL OR u.banned_until < now()));
END
$$;


--
-- Name: auth_password_login_finish(text, inet, uuid, boolean, interval); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_password_login_finish(p_email text, p_ip inet, p_user_id uuid, p_succeeded boolean, p_ttl interval) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
BEGIN
    INSERT INTO private.login_attempts (email, ip, succeeded) VALUES (lower(btrim(p_email)), p_ip, p_succeeded);
    IF NOT p_succeeded THEN
        RETURN NULL;
    END IF;
    RETURN private.auth_start_session(p_user_id, p_ttl);
END
$$;


--
-- Name: auth_refresh(text, interval); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_refresh(p_token text, p_ttl interval) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_old private.refresh_tokens;
    v_token text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
BEGIN
    SELECT * INTO v_old FROM private.refresh_tokens t
    WHERE t.token_hash = sha256(convert_to(coalesce(p_token, ''), 'UTF8'))
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('error', jsonb_build_object('status', 400,
            'code', 'refresh_token_not_found', 'message', 'Invalid Refresh Token: Refresh Token Not Found'));
    END IF;
    IF v_old.rotated_at IS NOT NULL OR v_old.revoked_at IS NOT NULL THEN
        UPDATE private.refresh_tokens t SET revoked_at = now()
        WHERE t.session_id = v_old.session_id AND t.revoked_at IS NULL;
        RETURN jsonb_build_object('error', jsonb_build_object('status', 400,
            'code', 'refresh_token_already_used', 'message', 'Invalid Refresh Token: Already Used',
            'details', 'the session was revoked'));
    END IF;
    IF v_old.expires_at <= now() THEN
        RETURN jsonb_build_object('error', jsonb_build_object('status', 400,
            'code', 'session_expired', 'message', 'Invalid Refresh Token: Session Expired'));
    END IF;
    UPDATE private.refresh_tokens t SET rotated_at = now() WHERE t.id = v_old.id;
    INSERT INTO private.refresh_tokens (token_hash, user_id, session_id, parent_id, expires_at)
    VALUES (sha256(convert_to(v_token, 'UTF8')), v_old.user_id, v_old.session_id, v_old.id, now() + p_ttl);
    RETURN jsonb_build_object('user', private.auth_user_json(v_old.user_id), 'session_id', v_old.session_id,
        'refresh_token', v_token);
END
$$;


--
-- Name: auth_session_is_live(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_session_is_live(p_session_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (SELECT 1 FROM private.refresh_tokens t
                   WHERE t.session_id = p_session_id AND t.revoked_at IS NULL AND t.expires_at > now())
$$;


--
-- Name: auth_signup(text, text, jsonb); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_signup(p_email text, p_password_hash text, p_user_metadata jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
DECLARE
    v_email text := lower(btrim(p_email));
    v_id uuid := private.uuid7();
BEGIN
    IF v_email IS NULL OR v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' OR length(v_email) > 255 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'Unable to validate email address: invalid format',
            HINT = 'validation_failed';
    END IF;
    IF jsonb_typeof(coalesce(p_user_metadata, '{}'::jsonb)) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'data must be a JSON object', HINT = 'validation_failed';
    END IF;
    IF EXISTS (SELECT 1 FROM auth.users u WHERE lower(u.email) = v_email) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'User already registered', HINT = 'user_already_exists';
    END IF;
    INSERT INTO auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    VALUES (v_id, 'authenticated', 'authenticated', v_email, p_password_hash, now(),
        '{"provider": "email", "providers": ["email"]}'::jsonb, coalesce(p_user_metadata, '{}'::jsonb), now(), now());
    PERFORM private.ensure_profile(v_id);
    RETURN private.auth_user_json(v_id);
END
$_$;


--
-- Name: auth_start_session(uuid, interval); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_start_session(p_user_id uuid, p_ttl interval) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_token text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
    v_session uuid := gen_random_uuid();
BEGIN
    INSERT INTO private.refresh_tokens (token_hash, user_id, session_id, expires_at)
    VALUES (sha256(convert_to(v_token, 'UTF8')), p_user_id, v_session, now() + p_ttl);
    UPDATE auth.users u SET last_sign_in_at = now() WHERE u.id = p_user_id;
    RETURN jsonb_build_object('user', private.auth_user_json(p_user_id), 'session_id', v_session,
        'refresh_token', v_token);
END
$$;


--
-- Name: auth_user_json(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.auth_user_json(p_user_id uuid) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT jsonb_build_object('id', u.id, 'aud', u.aud, 'role', u.role, 'email', u.email,
        'email_confirmed_at', u.email_confirmed_at, 'last_sign_in_at', u.last_sign_in_at,
        'app_metadata', coalesce(u.raw_app_meta_data, '{}'::jsonb),
        'user_metadata', coalesce(u.raw_user_meta_data, '{}'::jsonb),
        'created_at', u.created_at, 'updated_at', u.updated_at, 'is_anonymous', u.is_anonymous)
    FROM auth.users u WHERE u.id = p_user_id
$$;


--
-- Name: can_see_animal(uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.can_see_animal(p_tenant_id uuid, p_animal_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.animals a
        JOIN public.farm_access fa ON fa.tenant_id = a.tenant_id AND fa.farm_id = a.farm_id
        WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id AND fa.user_id = auth.uid())
$$;


--
-- Name: can_see_group(uuid, uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.can_see_group(p_tenant_id uuid, p_group_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.animal_groups g
        JOIN public.farm_access fa ON fa.tenant_id = g.tenant_id AND fa.farm_id = g.farm_id
        WHERE g.tenant_id = p_tenant_id AND g.id = p_group_id AND fa.user_id = auth.uid())
$$;


--
-- Name: check_animal(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_animal() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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
            NEW.exit_date := coalesce(NEW.exit_date, current_date);
        END IF;
    END IF;
    IF NEW.exit_date IS NOT NULL AND NEW.birth_date IS NOT NULL AND NEW.exit_date < NEW.birth_date THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'exit date is before the birth date', HINT = 'invalid_exit_date';
    END IF;
    IF NEW.birth_date > current_date THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'birth date is in the future', HINT = 'invalid_birth_date';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: check_page(integer, integer); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_page(p_limit integer, p_offset integer) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
    IF p_limit IS NULL OR p_limit < 1 OR p_limit > 100 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'limit must be between 1 and 100',
            DETAIL = format('limit=%s', p_limit), HINT = 'page with limit and offset';
    END IF;
    IF p_offset IS NULL OR p_offset < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'offset must be 0 or more',
            DETAIL = format('offset=%s', p_offset);
    END IF;
END
$$;


--
-- Name: check_plan_limit(uuid, text, bigint); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_limit integer := private.plan_limit(p_tenant_id, p_resource);
    v_plan text;
BEGIN
    IF v_limit IS NOT NULL AND p_count > v_limit THEN
        SELECT p.name INTO v_plan FROM public.tenants t JOIN public.plans p ON p.code = t.plan_code
        WHERE t.id = p_tenant_id;
        RAISE EXCEPTION USING ERRCODE = 'PT402',
            MESSAGE = format('plan limit reached: the %s plan allows %s %s', v_plan, v_limit, p_resource),
            DETAIL = format('limit=%s, would have=%s', v_limit, p_count),
            HINT = format('plan_limit_%s: upgrade the plan', p_resource);
    END IF;
END
$$;


--
-- Name: check_tenant(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.check_tenant() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT private.is_time_zone(NEW.timezone) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown time zone %L', NEW.timezone),
            HINT = 'use an IANA name such as Africa/Nairobi';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: cleanup_expired_sessions(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.cleanup_expired_sessions(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_tokens bigint;
    v_attempts bigint;
    v_invitations bigint;
BEGIN
    DELETE FROM private.refresh_tokens t WHERE t.expires_at < p_as_of - interval '1 day';
    GET DIAGNOSTICS v_tokens = ROW_COUNT;
    DELETE FROM private.login_attempts a WHERE a.attempted_at < p_as_of - interval '1 day';
    GET DIAGNOSTICS v_attempts = ROW_COUNT;
    DELETE FROM public.invitations i WHERE i.accepted_at IS NULL AND i.expires_at < p_as_of - interval '30 days';
    GET DIAGNOSTICS v_invitations = ROW_COUNT;
    RETURN v_tokens + v_attempts + v_invitations;
END
$$;


--
-- Name: enforce_plan_limits(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.enforce_plan_limits() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_tenant uuid;
    v_count bigint;
BEGIN
    FOR v_tenant IN SELECT DISTINCT n.tenant_id FROM new_rows n LOOP
        PERFORM pg_advisory_xact_lock(hashtext('ifarm-plan-' || TG_ARGV[0]), hashtext(v_tenant::text));
        IF TG_ARGV[0] = 'animals' THEN
            SELECT count(*) INTO v_count FROM public.animals a
            WHERE a.tenant_id = v_tenant AND a.deleted_at IS NULL AND a.status = 'active';
        ELSIF TG_ARGV[0] = 'farms' THEN
            SELECT count(*) INTO v_count FROM public.farms f WHERE f.tenant_id = v_tenant AND f.deleted_at IS NULL;
        ELSE
            SELECT count(*) INTO v_count FROM public.tenant_members m WHERE m.tenant_id = v_tenant;
        END IF;
        PERFORM private.check_plan_limit(v_tenant, TG_ARGV[0], v_count);
    END LOOP;
    RETURN NULL;
END
$$;


--
-- Name: ensure_profile(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.ensure_profile(p_user_id uuid) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    INSERT INTO public.profiles (id, email, full_name)
    SELECT u.id, lower(u.email), u.raw_user_meta_data ->> 'full_name'
    FROM auth.users u WHERE u.id = p_user_id
    ON CONFLICT (id) DO NOTHING
$$;


--
-- Name: farms; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.farms (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    farm_type text DEFAULT 'mixed'::text NOT NULL,
    latitude numeric(9,6),
    longitude numeric(9,6),
    area_hectares numeric(12,2),
    timezone text,
    is_organic boolean DEFAULT false NOT NULL,
    CONSTRAINT farms_area_hectares_check CHECK ((area_hectares >= (0)::numeric)),
    CONSTRAINT farms_farm_type_check CHECK ((farm_type = ANY (ARRAY['dairy'::text, 'beef'::text, 'poultry'::text, 'small_ruminant'::text, 'pig'::text, 'mixed'::text]))),
    CONSTRAINT farms_latitude_check CHECK (((latitude >= ('-90'::integer)::numeric) AND (latitude <= (90)::numeric))),
    CONSTRAINT farms_longitude_check CHECK (((longitude >= ('-180'::integer)::numeric) AND (longitude <= (180)::numeric))),
    CONSTRAINT farms_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200)))
);

ALTER TABLE ONLY public.farms FORCE ROW LEVEL SECURITY;


--
-- Name: farm_json(public.farms); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.farm_json(f public.farms) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', f.id, 'tenant_id', f.tenant_id, 'name', f.name, 'farm_type', f.farm_type,
        'latitude', f.latitude, 'longitude', f.longitude, 'area_hectares', f.area_hectares,
        'timezone', f.timezone, 'is_organic', f.is_organic, 'created_at', f.created_at, 'updated_at', f.updated_at)
$$;


--
-- Name: grant_farm_to_creator(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.grant_farm_to_creator() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_uid uuid := auth.uid();
BEGIN
    IF v_uid IS NOT NULL AND NOT private.has_permission(NEW.tenant_id, 'farms.all')
       AND private.is_member(NEW.tenant_id) THEN
        INSERT INTO public.farm_access (tenant_id, user_id, farm_id, granted_by)
        VALUES (NEW.tenant_id, v_uid, NEW.id, v_uid)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: guard_animal_change(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.guard_animal_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: guard_invitations(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.guard_invitations() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.role = 'owner' AND auth.uid() IS NOT NULL AND private.member_role(NEW.tenant_id) IS DISTINCT FROM 'owner' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only an owner can invite an owner',
            HINT = 'owner_required';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: guard_tenant_members(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.guard_tenant_members() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
DECLARE
    v_uid uuid := auth.uid();
BEGIN
    PERFORM 1 FROM public.tenants t WHERE t.id = OLD.tenant_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN OLD;  -- the tenant itself is being deleted: its members go with it
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.role = OLD.role THEN
        RETURN NEW;
    END IF;
    IF v_uid IS NOT NULL
       AND (OLD.role = 'owner' OR (TG_OP = 'UPDATE' AND NEW.role = 'owner'))
       AND NOT (TG_OP = 'DELETE' AND OLD.user_id = v_uid)
       AND NOT EXISTS (SELECT 1 FROM public.tenant_members m
                       WHERE m.tenant_id = OLD.tenant_id AND m.user_id = v_uid AND m.role = 'owner') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only an owner can grant or take the owner role',
            HINT = 'owner_required';
    END IF;
    IF OLD.role = 'owner' AND (TG_OP = 'DELETE' OR NEW.role <> 'owner')
       AND NOT EXISTS (SELECT 1 FROM public.tenant_members m
                       WHERE m.tenant_id = OLD.tenant_id AND m.role = 'owner' AND m.user_id <> OLD.user_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'a tenant must keep at least one owner',
            DETAIL = format('user_id=%s is the last owner', OLD.user_id),
            HINT = 'last_owner: make another member owner first';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: has_permission(uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.has_permission(p_tenant_id uuid, p_permission text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (
        SELECT 1
        FROM public.tenant_members m
        JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = p_permission
        WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
    )
$$;


--
-- Name: is_member(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.is_member(p_tenant_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.tenant_members m WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
    )
$$;


--
-- Name: is_shared_breed(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.is_shared_breed(p_breed_id uuid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT EXISTS (SELECT 1 FROM public.breeds b WHERE b.id = p_breed_id)
$$;


--
-- Name: is_time_zone(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.is_time_zone(tz text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = tz)
$$;


--
-- Name: job_finished(bigint, bigint, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.job_finished(p_run_id bigint, p_rows bigint, p_error text) RETURNS void
    LANGUAGE sql
    AS $$
    UPDATE private.job_runs SET finished_at = clock_timestamp(), rows_affected = p_rows, error = p_error,
        status = CASE WHEN p_error IS NULL THEN 'succeeded' ELSE 'failed' END
    WHERE id = p_run_id
$$;


--
-- Name: job_started(text, timestamp with time zone, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.job_started(p_job text, p_scheduled_for timestamp with time zone, p_runner text) RETURNS bigint
    LANGUAGE sql
    AS $$
    INSERT INTO private.job_runs (job, scheduled_for, runner) VALUES (p_job, p_scheduled_for, p_runner)
    ON CONFLICT (job, scheduled_for) DO NOTHING
    RETURNING id
$$;


--
-- Name: member_role(uuid); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.member_role(p_tenant_id uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT m.role FROM public.tenant_members m WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
$$;


--
-- Name: my_colleague_ids(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.my_colleague_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT DISTINCT other.user_id
    FROM public.tenant_members mine
    JOIN public.tenant_members other ON other.tenant_id = mine.tenant_id
    WHERE mine.user_id = auth.uid()
$$;


--
-- Name: my_farms(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.my_farms() RETURNS TABLE(tenant_id uuid, farm_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT f.tenant_id, f.id
    FROM public.tenant_members m
    JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = 'farms.all'
    JOIN public.farms f ON f.tenant_id = m.tenant_id
    WHERE m.user_id = auth.uid()
    UNION
    SELECT a.tenant_id, a.farm_id FROM public.farm_access a WHERE a.user_id = auth.uid()
$$;


--
-- Name: my_tenant_ids(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.my_tenant_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT m.tenant_id FROM public.tenant_members m WHERE m.user_id = auth.uid()
$$;


--
-- Name: my_tenant_ids_with(text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.my_tenant_ids_with(p_permission text) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT m.tenant_id
    FROM public.tenant_members m
    JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = p_permission
    WHERE m.user_id = auth.uid()
$$;


--
-- Name: plan_limit(uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.plan_limit(p_tenant_id uuid, p_resource text) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    SELECT CASE p_resource WHEN 'animals' THEN p.max_animals WHEN 'farms' THEN p.max_farms
                           WHEN 'members' THEN p.max_members WHEN 'devices' THEN p.max_devices END
    FROM public.tenants t JOIN public.plans p ON p.code = t.plan_code
    WHERE t.id = p_tenant_id
$$;


--
-- Name: purge_published_events(timestamp with time zone); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.purge_published_events(p_as_of timestamp with time zone) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_count bigint;
BEGIN
    DELETE FROM outbox.events e WHERE e.published_at < p_as_of - interval '7 days';
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: require_permission(uuid, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.require_permission(p_tenant_id uuid, p_permission text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    PERFORM private.require_user();
    IF NOT private.is_member(p_tenant_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you are not a member of this tenant',
            DETAIL = format('tenant_id=%s', p_tenant_id), HINT = 'not_a_member';
    END IF;
    IF NOT private.has_permission(p_tenant_id, p_permission) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('your role (%s) lacks the permission %s', private.member_role(p_tenant_id), p_permission),
            DETAIL = format('permission=%s', p_permission), HINT = 'permission_denied';
    END IF;
END
$$;


--
-- Name: require_user(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.require_user() RETURNS uuid
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    v_uid uuid := auth.uid();
BEGIN
    IF v_uid IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'sign in first',
            HINT = 'send Authorization: Bearer <access token>';
    END IF;
    RETURN v_uid;
END
$$;


--
-- Name: seed_demo(text, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.seed_demo(p_email text, p_password_hash text) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_owner uuid;
    v_worker uuid;
    v_tenant uuid;
    v_farm uuid;
BEGIN
    SELECT u.id INTO v_owner FROM auth.users u WHERE lower(u.email) = lower(p_email);
    IF v_owner IS NULL THEN
        v_owner := (private.auth_signup(p_email, p_password_hash, '{"full_name": "Demo Owner"}'::jsonb) ->> 'id')::uuid;
    END IF;
    SELECT u.id INTO v_worker FROM auth.users u WHERE lower(u.email) = 'worker@' || split_part(lower(p_email), '@', 2);
    IF v_worker IS NULL THEN
        v_worker := (private.auth_signup('worker@' || split_part(lower(p_email), '@', 2), p_password_hash,
                     '{"full_name": "Demo Worker"}'::jsonb) ->> 'id')::uuid;
    END IF;
    SELECT t.id INTO v_tenant FROM public.tenants t WHERE t.slug = 'demo';
    IF v_tenant IS NULL THEN
        INSERT INTO public.tenants (name, slug, country, currency, timezone, created_by)
        VALUES ('Demo Farms Ltd', 'demo', 'KE', 'KES', 'Africa/Nairobi', v_owner)
        RETURNING id INTO v_tenant;
    END IF;
    INSERT INTO public.tenant_members (tenant_id, user_id, role) VALUES
        (v_tenant, v_owner, 'owner'), (v_tenant, v_worker, 'worker')
    ON CONFLICT DO NOTHING;
    INSERT INTO public.farms (tenant_id, name) VALUES (v_tenant, 'Green Valley Dairy'), (v_tenant, 'Hilltop Poultry')
    ON CONFLICT DO NOTHING;
    SELECT f.id INTO v_farm FROM public.farms f WHERE f.tenant_id = v_tenant AND f.name = 'Green Valley Dairy';
    INSERT INTO public.farm_access (tenant_id, user_id, farm_id) VALUES (v_tenant, v_worker, v_farm)
    ON CONFLICT DO NOTHING;
    RETURN v_tenant;
END
$$;


--
-- Name: tenants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenants (
    id uuid DEFAULT private.uuid7() NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    country character(2) DEFAULT 'US'::bpchar NOT NULL,
    currency character(3) DEFAULT 'USD'::bpchar NOT NULL,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    plan_code text DEFAULT 'trial'::text NOT NULL,
    CONSTRAINT tenants_country_check CHECK ((country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT tenants_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT tenants_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
    CONSTRAINT tenants_slug_check CHECK ((slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'::text)),
    CONSTRAINT tenants_status_check CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text, 'cancelled'::text])))
);

ALTER TABLE ONLY public.tenants FORCE ROW LEVEL SECURITY;


--
-- Name: tenant_json(public.tenants, text); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.tenant_json(t public.tenants, p_role text) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', t.id, 'name', t.name, 'slug', t.slug, 'status', t.status,
        'country', t.country, 'currency', t.currency, 'timezone', t.timezone,
        'role', p_role, 'created_at', t.created_at)
$$;


--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;


--
-- Name: users; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.users (
    instance_id uuid,
    id uuid NOT NULL,
    aud character varying(255),
    role character varying(255),
    email character varying(255),
    encrypted_password character varying(255),
    email_confirmed_at timestamp with time zone,
    last_sign_in_at timestamp with time zone,
    raw_app_meta_data jsonb,
    raw_user_meta_data jsonb,
    is_super_admin boolean,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    phone text,
    banned_until timestamp with time zone,
    deleted_at timestamp with time zone,
    is_anonymous boolean DEFAULT false NOT NULL
);


--
-- Name: events_id_seq; Type: SEQUENCE; Schema: outbox; Owner: -
--

ALTER TABLE outbox.events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME outbox.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: processed_events; Type: TABLE; Schema: outbox; Owner: -
--

CREATE TABLE outbox.processed_events (
    consumer text NOT NULL,
    event_id bigint NOT NULL,
    processed_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: deployed_sql_files; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.deployed_sql_files (
    path text NOT NULL,
    checksum text NOT NULL,
    deployed_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: job_runs; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.job_runs (
    id bigint NOT NULL,
    job text NOT NULL,
    scheduled_for timestamp with time zone NOT NULL,
    started_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    finished_at timestamp with time zone,
    status text DEFAULT 'running'::text NOT NULL,
    rows_affected bigint,
    error text,
    runner text NOT NULL,
    CONSTRAINT job_runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text])))
);


--
-- Name: job_last_runs; Type: VIEW; Schema: private; Owner: -
--

CREATE VIEW private.job_last_runs AS
 SELECT DISTINCT ON (job) job,
    scheduled_for,
    started_at,
    finished_at,
    status,
    rows_affected,
    error
   FROM private.job_runs r
  ORDER BY job, started_at DESC;


--
-- Name: job_runs_id_seq; Type: SEQUENCE; Schema: private; Owner: -
--

ALTER TABLE private.job_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME private.job_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: login_attempts; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.login_attempts (
    id bigint NOT NULL,
    email text NOT NULL,
    ip inet,
    succeeded boolean NOT NULL,
    attempted_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: login_attempts_id_seq; Type: SEQUENCE; Schema: private; Owner: -
--

ALTER TABLE private.login_attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME private.login_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: refresh_tokens; Type: TABLE; Schema: private; Owner: -
--

CREATE TABLE private.refresh_tokens (
    id uuid DEFAULT private.uuid7() NOT NULL,
    token_hash bytea NOT NULL,
    user_id uuid NOT NULL,
    session_id uuid NOT NULL,
    parent_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    rotated_at timestamp with time zone,
    revoked_at timestamp with time zone
);


--
-- Name: animal_groups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animal_groups (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    location_id uuid,
    name text NOT NULL,
    species text NOT NULL,
    purpose text,
    started_on date DEFAULT CURRENT_DATE NOT NULL,
    female_count integer DEFAULT 0 NOT NULL,
    male_count integer DEFAULT 0 NOT NULL,
    unknown_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT animal_groups_female_count_check CHECK ((female_count >= 0)),
    CONSTRAINT animal_groups_male_count_check CHECK ((male_count >= 0)),
    CONSTRAINT animal_groups_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 100))),
    CONSTRAINT animal_groups_purpose_check CHECK ((length(purpose) <= 100)),
    CONSTRAINT animal_groups_unknown_count_check CHECK ((unknown_count >= 0))
);

ALTER TABLE ONLY public.animal_groups FORCE ROW LEVEL SECURITY;


--
-- Name: animal_movements; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animal_movements (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    animal_id uuid NOT NULL,
    from_farm_id uuid,
    from_location_id uuid,
    to_farm_id uuid NOT NULL,
    to_location_id uuid,
    moved_at timestamp with time zone DEFAULT now() NOT NULL,
    reason text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT animal_movements_reason_check CHECK ((length(reason) <= 500))
);

ALTER TABLE ONLY public.animal_movements FORCE ROW LEVEL SECURITY;


--
-- Name: animal_tags; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.animal_tags (
    tenant_id uuid NOT NULL,
    animal_id uuid NOT NULL,
    kind text NOT NULL,
    value text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT animal_tags_kind_check CHECK ((kind = ANY (ARRAY['ear_tag'::text, 'eid'::text, 'rfid'::text, 'tattoo'::text, 'brand'::text, 'leg_band'::text]))),
    CONSTRAINT animal_tags_value_check CHECK (((length(btrim(value)) >= 1) AND (length(btrim(value)) <= 64)))
);

ALTER TABLE ONLY public.animal_tags FORCE ROW LEVEL SECURITY;


--
-- Name: breeds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.breeds (
    id uuid DEFAULT private.uuid7() NOT NULL,
    species text NOT NULL,
    name text NOT NULL,
    gestation_days integer,
    CONSTRAINT breeds_gestation_days_check CHECK ((gestation_days > 0))
);

ALTER TABLE ONLY public.breeds FORCE ROW LEVEL SECURITY;


--
-- Name: farm_access; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.farm_access (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    farm_id uuid NOT NULL,
    granted_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.farm_access FORCE ROW LEVEL SECURITY;


--
-- Name: group_count_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.group_count_events (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    group_id uuid NOT NULL,
    event_type text NOT NULL,
    occurred_on date DEFAULT CURRENT_DATE NOT NULL,
    female_delta integer DEFAULT 0 NOT NULL,
    male_delta integer DEFAULT 0 NOT NULL,
    unknown_delta integer DEFAULT 0 NOT NULL,
    note text,
    recorded_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT group_count_events_check CHECK (((female_delta <> 0) OR (male_delta <> 0) OR (unknown_delta <> 0))),
    CONSTRAINT group_count_events_check1 CHECK (
CASE
    WHEN (event_type = ANY (ARRAY['addition'::text, 'birth'::text, 'hatch'::text, 'transfer_in'::text])) THEN ((female_delta >= 0) AND (male_delta >= 0) AND (unknown_delta >= 0))
    ELSE ((female_delta <= 0) AND (male_delta <= 0) AND (unknown_delta <= 0))
END),
    CONSTRAINT group_count_events_event_type_check CHECK ((event_type = ANY (ARRAY['addition'::text, 'birth'::text, 'hatch'::text, 'death'::text, 'cull'::text, 'sale'::text, 'transfer_in'::text, 'transfer_out'::text]))),
    CONSTRAINT group_count_events_note_check CHECK ((length(note) <= 500))
);

ALTER TABLE ONLY public.group_count_events FORCE ROW LEVEL SECURITY;


--
-- Name: invitations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invitations (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    email text NOT NULL,
    role text NOT NULL,
    token_hash bytea NOT NULL,
    invited_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    accepted_at timestamp with time zone,
    accepted_by uuid,
    CONSTRAINT invitations_email_check CHECK (((email ~ '^[^@\s]+@[^@\s]+$'::text) AND (email = lower(email)))),
    CONSTRAINT invitations_token_hash_check CHECK ((length(token_hash) = 32))
);

ALTER TABLE ONLY public.invitations FORCE ROW LEVEL SECURITY;


--
-- Name: locations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.locations (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    farm_id uuid NOT NULL,
    name text NOT NULL,
    kind text DEFAULT 'other'::text NOT NULL,
    capacity integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT locations_capacity_check CHECK ((capacity > 0)),
    CONSTRAINT locations_kind_check CHECK ((kind = ANY (ARRAY['barn'::text, 'pen'::text, 'paddock'::text, 'pasture'::text, 'coop'::text, 'shed'::text, 'parlour'::text, 'other'::text]))),
    CONSTRAINT locations_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 100)))
);

ALTER TABLE ONLY public.locations FORCE ROW LEVEL SECURITY;


--
-- Name: plans; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.plans (
    code text NOT NULL,
    name text NOT NULL,
    max_animals integer,
    max_farms integer,
    max_members integer,
    max_devices integer,
    CONSTRAINT plans_code_check CHECK ((code ~ '^[a-z_]+$'::text)),
    CONSTRAINT plans_max_animals_check CHECK ((max_animals >= 0)),
    CONSTRAINT plans_max_devices_check CHECK ((max_devices >= 0)),
    CONSTRAINT plans_max_farms_check CHECK ((max_farms >= 0)),
    CONSTRAINT plans_max_members_check CHECK ((max_members >= 0))
);

ALTER TABLE ONLY public.plans FORCE ROW LEVEL SECURITY;


--
-- Name: profiles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.profiles (
    id uuid NOT NULL,
    email text,
    full_name text,
    phone text,
    avatar_url text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT profiles_avatar_url_check CHECK ((length(avatar_url) <= 2000)),
    CONSTRAINT profiles_email_check CHECK ((email = lower(email))),
    CONSTRAINT profiles_full_name_check CHECK ((length(full_name) <= 200)),
    CONSTRAINT profiles_phone_check CHECK ((length(phone) <= 40))
);

ALTER TABLE ONLY public.profiles FORCE ROW LEVEL SECURITY;


--
-- Name: role_permissions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.role_permissions (
    role text NOT NULL,
    permission text NOT NULL,
    CONSTRAINT role_permissions_permission_check CHECK ((permission ~ '^[a-z_]+\.[a-z_]+$'::text))
);

ALTER TABLE ONLY public.role_permissions FORCE ROW LEVEL SECURITY;


--
-- Name: roles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.roles (
    role text NOT NULL,
    rank smallint NOT NULL,
    description text NOT NULL,
    CONSTRAINT roles_role_check CHECK ((role ~ '^[a-z_]{2,30}$'::text))
);

ALTER TABLE ONLY public.roles FORCE ROW LEVEL SECURITY;


--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    version bigint NOT NULL,
    description text NOT NULL,
    type public.schema_version_type DEFAULT 'auto'::public.schema_version_type NOT NULL,
    installed_by text NOT NULL,
    installed_on timestamp without time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.schema_version FORCE ROW LEVEL SECURITY;


--
-- Name: species; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.species (
    code text NOT NULL,
    name text NOT NULL,
    gestation_days integer,
    incubation_days integer,
    cycle_days integer DEFAULT 21 NOT NULL,
    is_dairy boolean DEFAULT false NOT NULL,
    kept_by_count boolean DEFAULT false NOT NULL,
    CONSTRAINT species_check CHECK (((gestation_days IS NULL) <> (incubation_days IS NULL))),
    CONSTRAINT species_code_check CHECK ((code ~ '^[a-z_]+$'::text)),
    CONSTRAINT species_cycle_days_check CHECK ((cycle_days > 0)),
    CONSTRAINT species_gestation_days_check CHECK ((gestation_days > 0)),
    CONSTRAINT species_incubation_days_check CHECK ((incubation_days > 0))
);

ALTER TABLE ONLY public.species FORCE ROW LEVEL SECURITY;


--
-- Name: species_products; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.species_products (
    species text NOT NULL,
    product text NOT NULL,
    unit text NOT NULL,
    CONSTRAINT species_products_product_check CHECK ((product = ANY (ARRAY['milk'::text, 'eggs'::text, 'wool'::text, 'weight_gain'::text, 'honey'::text, 'meat'::text]))),
    CONSTRAINT species_products_unit_check CHECK ((unit = ANY (ARRAY['l'::text, 'kg'::text, 'count'::text, 'g'::text])))
);

ALTER TABLE ONLY public.species_products FORCE ROW LEVEL SECURITY;


--
-- Name: tenant_breeds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenant_breeds (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT private.uuid7() NOT NULL,
    species text NOT NULL,
    name text NOT NULL,
    gestation_days integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_breeds_gestation_days_check CHECK ((gestation_days > 0)),
    CONSTRAINT tenant_breeds_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 100)))
);

ALTER TABLE ONLY public.tenant_breeds FORCE ROW LEVEL SECURITY;


--
-- Name: tenant_members; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenant_members (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.tenant_members FORCE ROW LEVEL SECURITY;


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: outbox; Owner: -
--

ALTER TABLE ONLY outbox.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: processed_events processed_events_pkey; Type: CONSTRAINT; Schema: outbox; Owner: -
--

ALTER TABLE ONLY outbox.processed_events
    ADD CONSTRAINT processed_events_pkey PRIMARY KEY (consumer, event_id);


--
-- Name: deployed_sql_files deployed_sql_files_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.deployed_sql_files
    ADD CONSTRAINT deployed_sql_files_pkey PRIMARY KEY (path);


--
-- Name: job_runs job_runs_job_scheduled_for_key; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.job_runs
    ADD CONSTRAINT job_runs_job_scheduled_for_key UNIQUE (job, scheduled_for);


--
-- Name: job_runs job_runs_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.job_runs
    ADD CONSTRAINT job_runs_pkey PRIMARY KEY (id);


--
-- Name: login_attempts login_attempts_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.login_attempts
    ADD CONSTRAINT login_attempts_pkey PRIMARY KEY (id);


--
-- Name: refresh_tokens refresh_tokens_pkey; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.refresh_tokens
    ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id);


--
-- Name: refresh_tokens refresh_tokens_token_hash_key; Type: CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.refresh_tokens
    ADD CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash);


--
-- Name: animal_groups animal_groups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_groups
    ADD CONSTRAINT animal_groups_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: animal_movements animal_movements_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: animal_tags animal_tags_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_tags
    ADD CONSTRAINT animal_tags_pkey PRIMARY KEY (tenant_id, kind, value);


--
-- Name: animals animals_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: breeds breeds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.breeds
    ADD CONSTRAINT breeds_pkey PRIMARY KEY (id);


--
-- Name: breeds breeds_species_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.breeds
    ADD CONSTRAINT breeds_species_name_key UNIQUE (species, name);


--
-- Name: farm_access farm_access_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.farm_access
    ADD CONSTRAINT farm_access_pkey PRIMARY KEY (tenant_id, user_id, farm_id);


--
-- Name: farms farms_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.farms
    ADD CONSTRAINT farms_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: group_count_events group_count_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.group_count_events
    ADD CONSTRAINT group_count_events_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: invitations invitations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: locations locations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: plans plans_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_pkey PRIMARY KEY (code);


--
-- Name: profiles profiles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_pkey PRIMARY KEY (id);


--
-- Name: role_permissions role_permissions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT role_permissions_pkey PRIMARY KEY (role, permission);


--
-- Name: roles roles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roles
    ADD CONSTRAINT roles_pkey PRIMARY KEY (role);


--
-- Name: roles roles_rank_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roles
    ADD CONSTRAINT roles_rank_key UNIQUE (rank);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: species species_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.species
    ADD CONSTRAINT species_pkey PRIMARY KEY (code);


--
-- Name: species_products species_products_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.species_products
    ADD CONSTRAINT species_products_pkey PRIMARY KEY (species, product, unit);


--
-- Name: tenant_breeds tenant_breeds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_breeds
    ADD CONSTRAINT tenant_breeds_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: tenant_breeds tenant_breeds_tenant_id_species_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_breeds
    ADD CONSTRAINT tenant_breeds_tenant_id_species_name_key UNIQUE (tenant_id, species, name);


--
-- Name: tenant_members tenant_members_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_pkey PRIMARY KEY (tenant_id, user_id);


--
-- Name: tenants tenants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);


--
-- Name: tenants tenants_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_slug_key UNIQUE (slug);


--
-- Name: users_email_key; Type: INDEX; Schema: auth; Owner: -
--

CREATE UNIQUE INDEX users_email_key ON auth.users USING btree (lower((email)::text));


--
-- Name: events_published_at_idx; Type: INDEX; Schema: outbox; Owner: -
--

CREATE INDEX events_published_at_idx ON outbox.events USING btree (published_at) WHERE (published_at IS NOT NULL);


--
-- Name: events_unpublished_idx; Type: INDEX; Schema: outbox; Owner: -
--

CREATE INDEX events_unpublished_idx ON outbox.events USING btree (id) WHERE (published_at IS NULL);


--
-- Name: job_runs_job_started_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX job_runs_job_started_idx ON private.job_runs USING btree (job, started_at DESC);


--
-- Name: login_attempts_email_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX login_attempts_email_idx ON private.login_attempts USING btree (email, attempted_at) WHERE (NOT succeeded);


--
-- Name: login_attempts_ip_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX login_attempts_ip_idx ON private.login_attempts USING btree (ip, attempted_at) WHERE (NOT succeeded);


--
-- Name: refresh_tokens_expires_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX refresh_tokens_expires_idx ON private.refresh_tokens USING btree (expires_at);


--
-- Name: refresh_tokens_session_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX refresh_tokens_session_idx ON private.refresh_tokens USING btree (session_id);


--
-- Name: refresh_tokens_user_idx; Type: INDEX; Schema: private; Owner: -
--

CREATE INDEX refresh_tokens_user_idx ON private.refresh_tokens USING btree (user_id);


--
-- Name: animal_groups_farm_name_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX animal_groups_farm_name_key ON public.animal_groups USING btree (tenant_id, farm_id, lower(name)) WHERE (deleted_at IS NULL);


--
-- Name: animal_movements_animal_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animal_movements_animal_idx ON public.animal_movements USING btree (tenant_id, animal_id, moved_at DESC);


--
-- Name: animal_tags_animal_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animal_tags_animal_idx ON public.animal_tags USING btree (tenant_id, animal_id);


--
-- Name: animals_dam_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animals_dam_idx ON public.animals USING btree (tenant_id, dam_id) WHERE (dam_id IS NOT NULL);


--
-- Name: animals_farm_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animals_farm_idx ON public.animals USING btree (tenant_id, farm_id, status) WHERE (deleted_at IS NULL);


--
-- Name: animals_live_tag_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX animals_live_tag_key ON public.animals USING btree (tenant_id, lower(tag_number)) WHERE (deleted_at IS NULL);


--
-- Name: animals_sire_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX animals_sire_idx ON public.animals USING btree (tenant_id, sire_id) WHERE (sire_id IS NOT NULL);


--
-- Name: farm_access_farm_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX farm_access_farm_idx ON public.farm_access USING btree (tenant_id, farm_id);


--
-- Name: farm_access_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX farm_access_user_id_idx ON public.farm_access USING btree (user_id, tenant_id, farm_id);


--
-- Name: farms_tenant_id_name_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX farms_tenant_id_name_key ON public.farms USING btree (tenant_id, lower(name)) WHERE (deleted_at IS NULL);


--
-- Name: group_count_events_group_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX group_count_events_group_idx ON public.group_count_events USING btree (tenant_id, group_id, occurred_on);


--
-- Name: invitations_open_email_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX invitations_open_email_key ON public.invitations USING btree (tenant_id, email) WHERE (accepted_at IS NULL);


--
-- Name: invitations_token_hash_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invitations_token_hash_idx ON public.invitations USING btree (token_hash);


--
-- Name: locations_farm_name_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX locations_farm_name_key ON public.locations USING btree (tenant_id, farm_id, lower(name)) WHERE (deleted_at IS NULL);


--
-- Name: tenant_members_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tenant_members_user_id_idx ON public.tenant_members USING btree (user_id, tenant_id);


--
-- Name: group_count_events apply_group_count_event; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER apply_group_count_event BEFORE INSERT ON public.group_count_events FOR EACH ROW EXECUTE FUNCTION private.apply_group_count_event();


--
-- Name: animal_movements apply_movement; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER apply_movement BEFORE INSERT ON public.animal_movements FOR EACH ROW EXECUTE FUNCTION private.apply_movement();


--
-- Name: animals check_animal; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_animal BEFORE INSERT OR UPDATE ON public.animals FOR EACH ROW EXECUTE FUNCTION private.check_animal();


--
-- Name: tenants check_tenant; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_tenant BEFORE INSERT OR UPDATE OF timezone ON public.tenants FOR EACH ROW EXECUTE FUNCTION private.check_tenant();


--
-- Name: animals enforce_plan_limits; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enforce_plan_limits AFTER INSERT ON public.animals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.enforce_plan_limits('animals');


--
-- Name: farms enforce_plan_limits; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enforce_plan_limits AFTER INSERT ON public.farms REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.enforce_plan_limits('farms');


--
-- Name: tenant_members enforce_plan_limits; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER enforce_plan_limits AFTER INSERT ON public.tenant_members REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.enforce_plan_limits('members');


--
-- Name: farms grant_farm_to_creator; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grant_farm_to_creator AFTER INSERT ON public.farms FOR EACH ROW EXECUTE FUNCTION private.grant_farm_to_creator();


--
-- Name: animals guard_animal_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_animal_change BEFORE UPDATE ON public.animals FOR EACH ROW EXECUTE FUNCTION private.guard_animal_change();


--
-- Name: invitations guard_invitations; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_invitations BEFORE INSERT ON public.invitations FOR EACH ROW EXECUTE FUNCTION private.guard_invitations();


--
-- Name: tenant_members guard_tenant_members; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_tenant_members BEFORE DELETE OR UPDATE ON public.tenant_members FOR EACH ROW EXECUTE FUNCTION private.guard_tenant_members();


--
-- Name: animal_movements outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_capture AFTER INSERT ON public.animal_movements FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events');


--
-- Name: animals outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.animals FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events');


--
-- Name: farms outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.farms FOR EACH ROW EXECUTE FUNCTION outbox.capture('tenant.events');


--
-- Name: group_count_events outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_capture AFTER INSERT ON public.group_count_events FOR EACH ROW EXECUTE FUNCTION outbox.capture('animal.events');


--
-- Name: invitations outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.invitations FOR EACH ROW EXECUTE FUNCTION outbox.capture('user.events');


--
-- Name: tenant_members outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.tenant_members FOR EACH ROW EXECUTE FUNCTION outbox.capture('user.events');


--
-- Name: tenants outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.tenants FOR EACH ROW EXECUTE FUNCTION outbox.capture('tenant.events');


--
-- Name: animal_groups touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.animal_groups FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: animals touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.animals FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: farms touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.farms FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: locations touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.locations FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: profiles touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: tenant_members touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.tenant_members FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: tenants touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.tenants FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


--
-- Name: refresh_tokens refresh_tokens_parent_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.refresh_tokens
    ADD CONSTRAINT refresh_tokens_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES private.refresh_tokens(id) ON DELETE SET NULL;


--
-- Name: refresh_tokens refresh_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: private; Owner: -
--

ALTER TABLE ONLY private.refresh_tokens
    ADD CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: animal_groups animal_groups_species_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_groups
    ADD CONSTRAINT animal_groups_species_fkey FOREIGN KEY (species) REFERENCES public.species(code);


--
-- Name: animal_groups animal_groups_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_groups
    ADD CONSTRAINT animal_groups_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id);


--
-- Name: animal_groups animal_groups_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_groups
    ADD CONSTRAINT animal_groups_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: animal_groups animal_groups_tenant_id_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_groups
    ADD CONSTRAINT animal_groups_tenant_id_location_id_fkey FOREIGN KEY (tenant_id, location_id) REFERENCES public.locations(tenant_id, id) ON DELETE SET NULL (location_id);


--
-- Name: animal_movements animal_movements_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animal_movements animal_movements_tenant_id_from_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_tenant_id_from_farm_id_fkey FOREIGN KEY (tenant_id, from_farm_id) REFERENCES public.farms(tenant_id, id);


--
-- Name: animal_movements animal_movements_tenant_id_from_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_tenant_id_from_location_id_fkey FOREIGN KEY (tenant_id, from_location_id) REFERENCES public.locations(tenant_id, id) ON DELETE SET NULL (from_location_id);


--
-- Name: animal_movements animal_movements_tenant_id_to_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_tenant_id_to_farm_id_fkey FOREIGN KEY (tenant_id, to_farm_id) REFERENCES public.farms(tenant_id, id);


--
-- Name: animal_movements animal_movements_tenant_id_to_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_movements
    ADD CONSTRAINT animal_movements_tenant_id_to_location_id_fkey FOREIGN KEY (tenant_id, to_location_id) REFERENCES public.locations(tenant_id, id) ON DELETE SET NULL (to_location_id);


--
-- Name: animal_tags animal_tags_tenant_id_animal_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animal_tags
    ADD CONSTRAINT animal_tags_tenant_id_animal_id_fkey FOREIGN KEY (tenant_id, animal_id) REFERENCES public.animals(tenant_id, id) ON DELETE CASCADE;


--
-- Name: animals animals_breed_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_breed_id_fkey FOREIGN KEY (breed_id) REFERENCES public.breeds(id);


--
-- Name: animals animals_species_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_species_fkey FOREIGN KEY (species) REFERENCES public.species(code);


--
-- Name: animals animals_tenant_id_dam_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_dam_id_fkey FOREIGN KEY (tenant_id, dam_id) REFERENCES public.animals(tenant_id, id) ON DELETE SET NULL (dam_id);


--
-- Name: animals animals_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id);


--
-- Name: animals animals_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: animals animals_tenant_id_location_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_location_id_fkey FOREIGN KEY (tenant_id, location_id) REFERENCES public.locations(tenant_id, id) ON DELETE SET NULL (location_id);


--
-- Name: animals animals_tenant_id_sire_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_sire_id_fkey FOREIGN KEY (tenant_id, sire_id) REFERENCES public.animals(tenant_id, id) ON DELETE SET NULL (sire_id);


--
-- Name: animals animals_tenant_id_tenant_breed_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.animals
    ADD CONSTRAINT animals_tenant_id_tenant_breed_id_fkey FOREIGN KEY (tenant_id, tenant_breed_id) REFERENCES public.tenant_breeds(tenant_id, id);


--
-- Name: breeds breeds_species_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.breeds
    ADD CONSTRAINT breeds_species_fkey FOREIGN KEY (species) REFERENCES public.species(code);


--
-- Name: farm_access farm_access_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.farm_access
    ADD CONSTRAINT farm_access_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: farm_access farm_access_tenant_id_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.farm_access
    ADD CONSTRAINT farm_access_tenant_id_user_id_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES public.tenant_members(tenant_id, user_id) ON DELETE CASCADE;


--
-- Name: farms farms_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.farms
    ADD CONSTRAINT farms_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: group_count_events group_count_events_tenant_id_group_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.group_count_events
    ADD CONSTRAINT group_count_events_tenant_id_group_id_fkey FOREIGN KEY (tenant_id, group_id) REFERENCES public.animal_groups(tenant_id, id) ON DELETE CASCADE;


--
-- Name: invitations invitations_role_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_role_fkey FOREIGN KEY (role) REFERENCES public.roles(role);


--
-- Name: invitations invitations_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: invitations invitations_tenant_id_invited_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_tenant_id_invited_by_fkey FOREIGN KEY (tenant_id, invited_by) REFERENCES public.tenant_members(tenant_id, user_id) ON DELETE SET NULL (invited_by);


--
-- Name: locations locations_tenant_id_farm_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_tenant_id_farm_id_fkey FOREIGN KEY (tenant_id, farm_id) REFERENCES public.farms(tenant_id, id) ON DELETE CASCADE;


--
-- Name: locations locations_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.locations
    ADD CONSTRAINT locations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: profiles profiles_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_id_fkey FOREIGN KEY (id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: role_permissions role_permissions_role_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT role_permissions_role_fkey FOREIGN KEY (role) REFERENCES public.roles(role) ON DELETE CASCADE;


--
-- Name: species_products species_products_species_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.species_products
    ADD CONSTRAINT species_products_species_fkey FOREIGN KEY (species) REFERENCES public.species(code) ON DELETE CASCADE;


--
-- Name: tenant_breeds tenant_breeds_species_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_breeds
    ADD CONSTRAINT tenant_breeds_species_fkey FOREIGN KEY (species) REFERENCES public.species(code);


--
-- Name: tenant_breeds tenant_breeds_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_breeds
    ADD CONSTRAINT tenant_breeds_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: tenant_members tenant_members_role_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_role_fkey FOREIGN KEY (role) REFERENCES public.roles(role);


--
-- Name: tenant_members tenant_members_tenant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: tenant_members tenant_members_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: tenants tenants_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;


--
-- Name: tenants tenants_plan_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_plan_code_fkey FOREIGN KEY (plan_code) REFERENCES public.plans(code);


--
-- Name: animal_groups; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animal_groups ENABLE ROW LEVEL SECURITY;

--
-- Name: animal_movements; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animal_movements ENABLE ROW LEVEL SECURITY;

--
-- Name: animal_tags; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animal_tags ENABLE ROW LEVEL SECURITY;

--
-- Name: animals; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.animals ENABLE ROW LEVEL SECURITY;

--
-- Name: species_products anyone reads species products; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads species products" ON public.species_products FOR SELECT TO anon, authenticated USING (true);


--
-- Name: plans anyone reads the plans; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads the plans" ON public.plans FOR SELECT TO anon, authenticated USING (true);


--
-- Name: roles anyone reads the roles; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads the roles" ON public.roles FOR SELECT TO anon, authenticated USING (true);


--
-- Name: breeds anyone reads the shared breeds; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads the shared breeds" ON public.breeds FOR SELECT TO anon, authenticated USING (true);


--
-- Name: species anyone reads the species; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads the species" ON public.species FOR SELECT TO anon, authenticated USING (true);


--
-- Name: role_permissions anyone reads what each role may do; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads what each role may do" ON public.role_permissions FOR SELECT TO anon, authenticated USING (true);


--
-- Name: breeds; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.breeds ENABLE ROW LEVEL SECURITY;

--
-- Name: locations farm managers add locations on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "farm managers add locations on their farms" ON public.locations FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with))));


--
-- Name: locations farm managers change locations on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "farm managers change locations on their farms" ON public.locations FOR UPDATE TO authenticated USING ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with)))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with)));


--
-- Name: farms farm managers create farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "farm managers create farms" ON public.farms FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with)));


--
-- Name: farms farm managers update the farms they can access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "farm managers update the farms they can access" ON public.farms FOR UPDATE TO authenticated USING ((((tenant_id, id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with)))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.manage'::text) AS my_tenant_ids_with)));


--
-- Name: farm_access; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.farm_access ENABLE ROW LEVEL SECURITY;

--
-- Name: farms; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.farms ENABLE ROW LEVEL SECURITY;

--
-- Name: group_count_events; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.group_count_events ENABLE ROW LEVEL SECURITY;

--
-- Name: invitations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.invitations ENABLE ROW LEVEL SECURITY;

--
-- Name: animals livestock managers add animals on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers add animals on their farms" ON public.animals FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with))));


--
-- Name: tenant_breeds livestock managers add breeds; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers add breeds" ON public.tenant_breeds FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)));


--
-- Name: animal_groups livestock managers add groups on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers add groups on their farms" ON public.animal_groups FOR INSERT TO authenticated WITH CHECK ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with))));


--
-- Name: animal_groups livestock managers change groups on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers change groups on their farms" ON public.animal_groups FOR UPDATE TO authenticated USING ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)));


--
-- Name: animal_tags livestock managers tag animals they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers tag animals they see" ON public.animal_tags FOR INSERT TO authenticated WITH CHECK (((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)) AND ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR private.can_see_animal(tenant_id, animal_id))));


--
-- Name: animal_tags livestock managers untag animals they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "livestock managers untag animals they see" ON public.animal_tags FOR DELETE TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)) AND ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR private.can_see_animal(tenant_id, animal_id))));


--
-- Name: locations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.locations ENABLE ROW LEVEL SECURITY;

--
-- Name: tenant_members member managers change roles; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers change roles" ON public.tenant_members FOR UPDATE TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with))) WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: farm_access member managers grant farm access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers grant farm access" ON public.farm_access FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: invitations member managers invite; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers invite" ON public.invitations FOR INSERT TO authenticated WITH CHECK ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: invitations member managers read invitations; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers read invitations" ON public.invitations FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: tenant_members member managers remove members and members leave; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers remove members and members leave" ON public.tenant_members FOR DELETE TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)) OR (user_id = ( SELECT auth.uid() AS uid))));


--
-- Name: farm_access member managers revoke farm access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers revoke farm access" ON public.farm_access FOR DELETE TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: invitations member managers withdraw invitations; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "member managers withdraw invitations" ON public.invitations FOR DELETE TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with)));


--
-- Name: animals members read animals on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read animals on their farms" ON public.animals FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: group_count_events members read count events of groups they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read count events of groups they see" ON public.group_count_events FOR SELECT TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)) AND private.can_see_group(tenant_id, group_id))));


--
-- Name: animal_groups members read groups on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read groups on their farms" ON public.animal_groups FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: locations members read locations on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read locations on their farms" ON public.locations FOR SELECT TO authenticated USING (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: animal_movements members read movements of animals they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read movements of animals they see" ON public.animal_movements FOR SELECT TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)) AND private.can_see_animal(tenant_id, animal_id))));


--
-- Name: animal_tags members read tags of animals they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read tags of animals they see" ON public.animal_tags FOR SELECT TO authenticated USING (((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)) AND private.can_see_animal(tenant_id, animal_id))));


--
-- Name: farms members read the farms they can access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read the farms they can access" ON public.farms FOR SELECT TO authenticated USING (((tenant_id, id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: farm_access members read their own farm access and managers all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their own farm access and managers all" ON public.farm_access FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR (tenant_id IN ( SELECT private.my_tenant_ids_with('members.manage'::text) AS my_tenant_ids_with))));


--
-- Name: tenant_breeds members read their tenant's breeds; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenant's breeds" ON public.tenant_breeds FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: tenant_members members read their tenant's members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenant's members" ON public.tenant_members FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: tenants members read their tenants; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenants" ON public.tenants FOR SELECT TO authenticated USING ((id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: group_count_events members record count events on groups they see; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members record count events on groups they see" ON public.group_count_events FOR INSERT TO authenticated WITH CHECK ((((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR private.can_see_group(tenant_id, group_id)) AND
CASE
    WHEN (event_type = 'death'::text) THEN (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.death'::text) AS my_tenant_ids_with))
    WHEN (event_type = ANY (ARRAY['sale'::text, 'cull'::text])) THEN (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.exit'::text) AS my_tenant_ids_with))
    ELSE (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with))
END));


--
-- Name: animals members with livestock rights change animals on their farms; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members with livestock rights change animals on their farms" ON public.animals FOR UPDATE TO authenticated USING ((((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND ((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.write'::text) AS my_tenant_ids_with)) OR (tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.death'::text) AS my_tenant_ids_with))))) WITH CHECK (((tenant_id, farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))));


--
-- Name: tenants owners and admins update their tenant; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "owners and admins update their tenant" ON public.tenants FOR UPDATE TO authenticated USING ((id IN ( SELECT private.my_tenant_ids_with('tenant.update'::text) AS my_tenant_ids_with))) WITH CHECK ((id IN ( SELECT private.my_tenant_ids_with('tenant.update'::text) AS my_tenant_ids_with)));


--
-- Name: tenants owners delete their tenant; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "owners delete their tenant" ON public.tenants FOR DELETE TO authenticated USING ((id IN ( SELECT private.my_tenant_ids_with('tenant.delete'::text) AS my_tenant_ids_with)));


--
-- Name: plans; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.plans ENABLE ROW LEVEL SECURITY;

--
-- Name: profiles; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;

--
-- Name: role_permissions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.role_permissions ENABLE ROW LEVEL SECURITY;

--
-- Name: roles; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.roles ENABLE ROW LEVEL SECURITY;

--
-- Name: schema_version; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.schema_version ENABLE ROW LEVEL SECURITY;

--
-- Name: species; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.species ENABLE ROW LEVEL SECURITY;

--
-- Name: species_products; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.species_products ENABLE ROW LEVEL SECURITY;

--
-- Name: tenant_breeds; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tenant_breeds ENABLE ROW LEVEL SECURITY;

--
-- Name: tenant_members; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tenant_members ENABLE ROW LEVEL SECURITY;

--
-- Name: tenants; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tenants ENABLE ROW LEVEL SECURITY;

--
-- Name: schema_version the migrating role keeps its migration log; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "the migrating role keeps its migration log" ON public.schema_version TO postgres USING (true) WITH CHECK (true);


--
-- Name: profiles users create their own profile; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "users create their own profile" ON public.profiles FOR INSERT TO authenticated WITH CHECK ((id = ( SELECT auth.uid() AS uid)));


--
-- Name: profiles users edit their own profile; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "users edit their own profile" ON public.profiles FOR UPDATE TO authenticated USING ((id = ( SELECT auth.uid() AS uid))) WITH CHECK ((id = ( SELECT auth.uid() AS uid)));


--
-- Name: profiles users read their own and their colleagues' profiles; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "users read their own and their colleagues' profiles" ON public.profiles FOR SELECT TO authenticated USING (((id = ( SELECT auth.uid() AS uid)) OR (id IN ( SELECT private.my_colleague_ids() AS my_colleague_ids))));


--
-- Name: animal_movements workers move animals between farms they can access; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "workers move animals between farms they can access" ON public.animal_movements FOR INSERT TO authenticated WITH CHECK (((tenant_id IN ( SELECT private.my_tenant_ids_with('livestock.move'::text) AS my_tenant_ids_with)) AND ((tenant_id, to_farm_id) IN ( SELECT f.tenant_id,
    f.farm_id
   FROM private.my_farms() f(tenant_id, farm_id))) AND ((tenant_id IN ( SELECT private.my_tenant_ids_with('farms.all'::text) AS my_tenant_ids_with)) OR private.can_see_animal(tenant_id, animal_id))));


--
-- Name: SCHEMA api; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA api TO anon;
GRANT USAGE ON SCHEMA api TO authenticated;
GRANT USAGE ON SCHEMA api TO service_role;


--
-- Name: SCHEMA auth; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA auth TO anon;
GRANT USAGE ON SCHEMA auth TO authenticated;
GRANT USAGE ON SCHEMA auth TO service_role;


--
-- Name: SCHEMA outbox; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA outbox TO authenticated;
GRANT USAGE ON SCHEMA outbox TO anon;
GRANT USAGE ON SCHEMA outbox TO service_role;


--
-- Name: SCHEMA private; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA private TO anon;
GRANT USAGE ON SCHEMA private TO authenticated;
GRANT USAGE ON SCHEMA private TO service_role;


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA public TO anon;
GRANT USAGE ON SCHEMA public TO authenticated;
GRANT USAGE ON SCHEMA public TO service_role;


--
-- Name: FUNCTION accept_invitation(token text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.accept_invitation(token text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.accept_invitation(token text) TO authenticated;
GRANT ALL ON FUNCTION api.accept_invitation(token text) TO service_role;


--
-- Name: FUNCTION change_animal_status(tenant_id uuid, animal_id uuid, status text, exit_date date, exit_reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.change_animal_status(tenant_id uuid, animal_id uuid, status text, exit_date date, exit_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.change_animal_status(tenant_id uuid, animal_id uuid, status text, exit_date date, exit_reason text) TO authenticated;
GRANT ALL ON FUNCTION api.change_animal_status(tenant_id uuid, animal_id uuid, status text, exit_date date, exit_reason text) TO service_role;


--
-- Name: FUNCTION change_member_role(tenant_id uuid, user_id uuid, role text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) TO authenticated;
GRANT ALL ON FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) TO service_role;


--
-- Name: FUNCTION create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text, name text, breed_id uuid, birth_date date, acquisition text, acquired_on date, acquisition_cost numeric, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text, tags jsonb); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text, name text, breed_id uuid, birth_date date, acquisition text, acquired_on date, acquisition_cost numeric, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text, tags jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text, name text, breed_id uuid, birth_date date, acquisition text, acquired_on date, acquisition_cost numeric, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text, tags jsonb) TO authenticated;
GRANT ALL ON FUNCTION api.create_animal(tenant_id uuid, farm_id uuid, tag_number text, species text, sex text, name text, breed_id uuid, birth_date date, acquisition text, acquired_on date, acquisition_cost numeric, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text, tags jsonb) TO service_role;


--
-- Name: FUNCTION create_breed(tenant_id uuid, species text, name text, gestation_days integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_breed(tenant_id uuid, species text, name text, gestation_days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_breed(tenant_id uuid, species text, name text, gestation_days integer) TO authenticated;
GRANT ALL ON FUNCTION api.create_breed(tenant_id uuid, species text, name text, gestation_days integer) TO service_role;


--
-- Name: FUNCTION create_farm(tenant_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_farm(tenant_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_farm(tenant_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) TO authenticated;
GRANT ALL ON FUNCTION api.create_farm(tenant_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) TO service_role;


--
-- Name: FUNCTION create_group(tenant_id uuid, farm_id uuid, name text, species text, female_count integer, male_count integer, unknown_count integer, purpose text, location_id uuid, started_on date); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_group(tenant_id uuid, farm_id uuid, name text, species text, female_count integer, male_count integer, unknown_count integer, purpose text, location_id uuid, started_on date) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_group(tenant_id uuid, farm_id uuid, name text, species text, female_count integer, male_count integer, unknown_count integer, purpose text, location_id uuid, started_on date) TO authenticated;
GRANT ALL ON FUNCTION api.create_group(tenant_id uuid, farm_id uuid, name text, species text, female_count integer, male_count integer, unknown_count integer, purpose text, location_id uuid, started_on date) TO service_role;


--
-- Name: FUNCTION create_location(tenant_id uuid, farm_id uuid, name text, kind text, capacity integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_location(tenant_id uuid, farm_id uuid, name text, kind text, capacity integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_location(tenant_id uuid, farm_id uuid, name text, kind text, capacity integer) TO authenticated;
GRANT ALL ON FUNCTION api.create_location(tenant_id uuid, farm_id uuid, name text, kind text, capacity integer) TO service_role;


--
-- Name: FUNCTION create_tenant(name text, slug text, country text, currency text, timezone text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_tenant(name text, slug text, country text, currency text, timezone text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_tenant(name text, slug text, country text, currency text, timezone text) TO authenticated;
GRANT ALL ON FUNCTION api.create_tenant(name text, slug text, country text, currency text, timezone text) TO service_role;


--
-- Name: FUNCTION delete_animal(tenant_id uuid, animal_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_animal(tenant_id uuid, animal_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_animal(tenant_id uuid, animal_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.delete_animal(tenant_id uuid, animal_id uuid) TO service_role;


--
-- Name: FUNCTION delete_farm(tenant_id uuid, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_farm(tenant_id uuid, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_farm(tenant_id uuid, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.delete_farm(tenant_id uuid, farm_id uuid) TO service_role;


--
-- Name: FUNCTION get_animal(tenant_id uuid, animal_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.get_animal(tenant_id uuid, animal_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.get_animal(tenant_id uuid, animal_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.get_animal(tenant_id uuid, animal_id uuid) TO service_role;


--
-- Name: FUNCTION get_my_profile(); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.get_my_profile() FROM PUBLIC;
GRANT ALL ON FUNCTION api.get_my_profile() TO authenticated;
GRANT ALL ON FUNCTION api.get_my_profile() TO service_role;


--
-- Name: FUNCTION get_tenant(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.get_tenant(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.get_tenant(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.get_tenant(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) TO service_role;


--
-- Name: FUNCTION invite_member(tenant_id uuid, email text, role text, valid_days integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.invite_member(tenant_id uuid, email text, role text, valid_days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.invite_member(tenant_id uuid, email text, role text, valid_days integer) TO authenticated;
GRANT ALL ON FUNCTION api.invite_member(tenant_id uuid, email text, role text, valid_days integer) TO service_role;


--
-- Name: FUNCTION list_animals(tenant_id uuid, farm_id uuid, species text, status text, sex text, search text, born_from date, born_to date, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_animals(tenant_id uuid, farm_id uuid, species text, status text, sex text, search text, born_from date, born_to date, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_animals(tenant_id uuid, farm_id uuid, species text, status text, sex text, search text, born_from date, born_to date, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_animals(tenant_id uuid, farm_id uuid, species text, status text, sex text, search text, born_from date, born_to date, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_breeds(tenant_id uuid, species text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_breeds(tenant_id uuid, species text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_breeds(tenant_id uuid, species text) TO authenticated;
GRANT ALL ON FUNCTION api.list_breeds(tenant_id uuid, species text) TO service_role;


--
-- Name: FUNCTION list_farms(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_farms(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_farms(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_farms(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION list_group_events(tenant_id uuid, group_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_group_events(tenant_id uuid, group_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_group_events(tenant_id uuid, group_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_group_events(tenant_id uuid, group_id uuid) TO service_role;


--
-- Name: FUNCTION list_groups(tenant_id uuid, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_groups(tenant_id uuid, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_groups(tenant_id uuid, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_groups(tenant_id uuid, farm_id uuid) TO service_role;


--
-- Name: FUNCTION list_invitations(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_invitations(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_invitations(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_invitations(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION list_locations(tenant_id uuid, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_locations(tenant_id uuid, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_locations(tenant_id uuid, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_locations(tenant_id uuid, farm_id uuid) TO service_role;


--
-- Name: FUNCTION list_members(tenant_id uuid, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_members(tenant_id uuid, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_members(tenant_id uuid, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_members(tenant_id uuid, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_movements(tenant_id uuid, animal_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_movements(tenant_id uuid, animal_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_movements(tenant_id uuid, animal_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_movements(tenant_id uuid, animal_id uuid) TO service_role;


--
-- Name: FUNCTION list_my_tenants(); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_my_tenants() FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_my_tenants() TO authenticated;
GRANT ALL ON FUNCTION api.list_my_tenants() TO service_role;


--
-- Name: FUNCTION move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid, to_location_id uuid, moved_at timestamp with time zone, reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid, to_location_id uuid, moved_at timestamp with time zone, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid, to_location_id uuid, moved_at timestamp with time zone, reason text) TO authenticated;
GRANT ALL ON FUNCTION api.move_animal(tenant_id uuid, animal_id uuid, to_farm_id uuid, to_location_id uuid, moved_at timestamp with time zone, reason text) TO service_role;


--
-- Name: FUNCTION my_permissions(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.my_permissions(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.my_permissions(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.my_permissions(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION record_group_event(tenant_id uuid, group_id uuid, event_type text, female integer, male integer, unknown integer, occurred_on date, note text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_group_event(tenant_id uuid, group_id uuid, event_type text, female integer, male integer, unknown integer, occurred_on date, note text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_group_event(tenant_id uuid, group_id uuid, event_type text, female integer, male integer, unknown integer, occurred_on date, note text) TO authenticated;
GRANT ALL ON FUNCTION api.record_group_event(tenant_id uuid, group_id uuid, event_type text, female integer, male integer, unknown integer, occurred_on date, note text) TO service_role;


--
-- Name: FUNCTION remove_member(tenant_id uuid, user_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.remove_member(tenant_id uuid, user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.remove_member(tenant_id uuid, user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.remove_member(tenant_id uuid, user_id uuid) TO service_role;


--
-- Name: FUNCTION revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) TO service_role;


--
-- Name: FUNCTION update_animal(tenant_id uuid, animal_id uuid, tag_number text, name text, breed_id uuid, sex text, birth_date date, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_animal(tenant_id uuid, animal_id uuid, tag_number text, name text, breed_id uuid, sex text, birth_date date, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_animal(tenant_id uuid, animal_id uuid, tag_number text, name text, breed_id uuid, sex text, birth_date date, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text) TO authenticated;
GRANT ALL ON FUNCTION api.update_animal(tenant_id uuid, animal_id uuid, tag_number text, name text, breed_id uuid, sex text, birth_date date, sire_id uuid, dam_id uuid, location_id uuid, estimated_value numeric, notes text) TO service_role;


--
-- Name: FUNCTION update_farm(tenant_id uuid, farm_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_farm(tenant_id uuid, farm_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_farm(tenant_id uuid, farm_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) TO authenticated;
GRANT ALL ON FUNCTION api.update_farm(tenant_id uuid, farm_id uuid, name text, farm_type text, latitude numeric, longitude numeric, area_hectares numeric, timezone text, is_organic boolean) TO service_role;


--
-- Name: FUNCTION update_my_profile(full_name text, phone text, avatar_url text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_my_profile(full_name text, phone text, avatar_url text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_my_profile(full_name text, phone text, avatar_url text) TO authenticated;
GRANT ALL ON FUNCTION api.update_my_profile(full_name text, phone text, avatar_url text) TO service_role;


--
-- Name: FUNCTION update_tenant(tenant_id uuid, name text, country text, currency text, timezone text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_tenant(tenant_id uuid, name text, country text, currency text, timezone text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_tenant(tenant_id uuid, name text, country text, currency text, timezone text) TO authenticated;
GRANT ALL ON FUNCTION api.update_tenant(tenant_id uuid, name text, country text, currency text, timezone text) TO service_role;


--
-- Name: FUNCTION whoami(); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.whoami() FROM PUBLIC;
GRANT ALL ON FUNCTION api.whoami() TO authenticated;
GRANT ALL ON FUNCTION api.whoami() TO service_role;
GRANT ALL ON FUNCTION api.whoami() TO anon;


--
-- Name: FUNCTION email(); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.email() FROM PUBLIC;
GRANT ALL ON FUNCTION auth.email() TO anon;
GRANT ALL ON FUNCTION auth.email() TO authenticated;
GRANT ALL ON FUNCTION auth.email() TO service_role;


--
-- Name: FUNCTION jwt(); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.jwt() FROM PUBLIC;
GRANT ALL ON FUNCTION auth.jwt() TO anon;
GRANT ALL ON FUNCTION auth.jwt() TO authenticated;
GRANT ALL ON FUNCTION auth.jwt() TO service_role;


--
-- Name: FUNCTION role(); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.role() FROM PUBLIC;
GRANT ALL ON FUNCTION auth.role() TO anon;
GRANT ALL ON FUNCTION auth.role() TO authenticated;
GRANT ALL ON FUNCTION auth.role() TO service_role;


--
-- Name: FUNCTION uid(); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.uid() FROM PUBLIC;
GRANT ALL ON FUNCTION auth.uid() TO anon;
GRANT ALL ON FUNCTION auth.uid() TO authenticated;
GRANT ALL ON FUNCTION auth.uid() TO service_role;


--
-- Name: FUNCTION backlog(); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.backlog() FROM PUBLIC;
GRANT ALL ON FUNCTION outbox.backlog() TO anon;
GRANT ALL ON FUNCTION outbox.backlog() TO authenticated;
GRANT ALL ON FUNCTION outbox.backlog() TO service_role;


--
-- Name: FUNCTION capture(); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.capture() FROM PUBLIC;


--
-- Name: FUNCTION claim_batch(p_limit integer); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.claim_batch(p_limit integer) FROM PUBLIC;


--
-- Name: FUNCTION mark_failed(p_ids bigint[], p_error text); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.mark_failed(p_ids bigint[], p_error text) FROM PUBLIC;


--
-- Name: FUNCTION mark_published(p_ids bigint[]); Type: ACL; Schema: outbox; Owner: -
--

REVOKE ALL ON FUNCTION outbox.mark_published(p_ids bigint[]) FROM PUBLIC;


--
-- Name: FUNCTION accessible_farm_ids(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.accessible_farm_ids(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.accessible_farm_ids(p_tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.accessible_farm_ids(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION uuid7(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.uuid7() FROM PUBLIC;
GRANT ALL ON FUNCTION private.uuid7() TO anon;
GRANT ALL ON FUNCTION private.uuid7() TO authenticated;
GRANT ALL ON FUNCTION private.uuid7() TO service_role;


--
-- Name: TABLE animals; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.animals TO authenticated;
GRANT ALL ON TABLE public.animals TO service_role;


--
-- Name: COLUMN animals.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.location_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(location_id),UPDATE(location_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.tag_number; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tag_number),UPDATE(tag_number) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.species; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(species) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.breed_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(breed_id),UPDATE(breed_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.tenant_breed_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_breed_id),UPDATE(tenant_breed_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.sex; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(sex),UPDATE(sex) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.birth_date; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(birth_date),UPDATE(birth_date) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.status; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(status) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.exit_date; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(exit_date) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.exit_reason; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(exit_reason) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.acquisition; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(acquisition),UPDATE(acquisition) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.acquired_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(acquired_on),UPDATE(acquired_on) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.acquisition_cost; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(acquisition_cost),UPDATE(acquisition_cost) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.sire_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(sire_id),UPDATE(sire_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.dam_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(dam_id),UPDATE(dam_id) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.estimated_value; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(estimated_value),UPDATE(estimated_value) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.notes; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE public.animals TO authenticated;


--
-- Name: COLUMN animals.deleted_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE public.animals TO authenticated;


--
-- Name: FUNCTION animal_json(a public.animals); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.animal_json(a public.animals) FROM PUBLIC;
GRANT ALL ON FUNCTION private.animal_json(a public.animals) TO authenticated;
GRANT ALL ON FUNCTION private.animal_json(a public.animals) TO service_role;


--
-- Name: FUNCTION apply_group_count_event(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.apply_group_count_event() FROM PUBLIC;


--
-- Name: FUNCTION apply_movement(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.apply_movement() FROM PUBLIC;


--
-- Name: FUNCTION auth_logout(p_user_id uuid, p_session_id uuid, p_scope text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_logout(p_user_id uuid, p_session_id uuid, p_scope text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_logout(p_user_id uuid, p_session_id uuid, p_scope text) TO service_role;


--
-- Name: FUNCTION auth_password_login_begin(p_email text, p_ip inet); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_password_login_begin(p_email text, p_ip inet) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_password_login_begin(p_email text, p_ip inet) TO service_role;


--
-- Name: FUNCTION auth_password_login_finish(p_email text, p_ip inet, p_user_id uuid, p_succeeded boolean, p_ttl interval); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_password_login_finish(p_email text, p_ip inet, p_user_id uuid, p_succeeded boolean, p_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_password_login_finish(p_email text, p_ip inet, p_user_id uuid, p_succeeded boolean, p_ttl interval) TO service_role;


--
-- Name: FUNCTION auth_refresh(p_token text, p_ttl interval); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_refresh(p_token text, p_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_refresh(p_token text, p_ttl interval) TO service_role;


--
-- Name: FUNCTION auth_session_is_live(p_session_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_session_is_live(p_session_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_session_is_live(p_session_id uuid) TO service_role;


--
-- Name: FUNCTION auth_signup(p_email text, p_password_hash text, p_user_metadata jsonb); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_signup(p_email text, p_password_hash text, p_user_metadata jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_signup(p_email text, p_password_hash text, p_user_metadata jsonb) TO service_role;


--
-- Name: FUNCTION auth_start_session(p_user_id uuid, p_ttl interval); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_start_session(p_user_id uuid, p_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_start_session(p_user_id uuid, p_ttl interval) TO service_role;


--
-- Name: FUNCTION auth_user_json(p_user_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.auth_user_json(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.auth_user_json(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION can_see_animal(p_tenant_id uuid, p_animal_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.can_see_animal(p_tenant_id uuid, p_animal_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.can_see_animal(p_tenant_id uuid, p_animal_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.can_see_animal(p_tenant_id uuid, p_animal_id uuid) TO service_role;


--
-- Name: FUNCTION can_see_group(p_tenant_id uuid, p_group_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.can_see_group(p_tenant_id uuid, p_group_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.can_see_group(p_tenant_id uuid, p_group_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.can_see_group(p_tenant_id uuid, p_group_id uuid) TO service_role;


--
-- Name: FUNCTION check_animal(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_animal() FROM PUBLIC;


--
-- Name: FUNCTION check_page(p_limit integer, p_offset integer); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) TO anon;
GRANT ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) TO authenticated;
GRANT ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) TO service_role;


--
-- Name: FUNCTION check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION private.check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint) TO authenticated;
GRANT ALL ON FUNCTION private.check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint) TO service_role;


--
-- Name: FUNCTION check_tenant(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_tenant() FROM PUBLIC;


--
-- Name: FUNCTION cleanup_expired_sessions(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.cleanup_expired_sessions(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION enforce_plan_limits(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.enforce_plan_limits() FROM PUBLIC;


--
-- Name: FUNCTION ensure_profile(p_user_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.ensure_profile(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.ensure_profile(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.ensure_profile(p_user_id uuid) TO service_role;


--
-- Name: TABLE farms; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.farms TO authenticated;
GRANT ALL ON TABLE public.farms TO service_role;


--
-- Name: COLUMN farms.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.deleted_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.farm_type; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_type),UPDATE(farm_type) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.latitude; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(latitude),UPDATE(latitude) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.longitude; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(longitude),UPDATE(longitude) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.area_hectares; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(area_hectares),UPDATE(area_hectares) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.timezone; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(timezone),UPDATE(timezone) ON TABLE public.farms TO authenticated;


--
-- Name: COLUMN farms.is_organic; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(is_organic),UPDATE(is_organic) ON TABLE public.farms TO authenticated;


--
-- Name: FUNCTION farm_json(f public.farms); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.farm_json(f public.farms) FROM PUBLIC;
GRANT ALL ON FUNCTION private.farm_json(f public.farms) TO authenticated;
GRANT ALL ON FUNCTION private.farm_json(f public.farms) TO service_role;


--
-- Name: FUNCTION grant_farm_to_creator(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.grant_farm_to_creator() FROM PUBLIC;


--
-- Name: FUNCTION guard_animal_change(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.guard_animal_change() FROM PUBLIC;


--
-- Name: FUNCTION guard_invitations(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.guard_invitations() FROM PUBLIC;


--
-- Name: FUNCTION guard_tenant_members(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.guard_tenant_members() FROM PUBLIC;


--
-- Name: FUNCTION has_permission(p_tenant_id uuid, p_permission text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.has_permission(p_tenant_id uuid, p_permission text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.has_permission(p_tenant_id uuid, p_permission text) TO authenticated;
GRANT ALL ON FUNCTION private.has_permission(p_tenant_id uuid, p_permission text) TO service_role;


--
-- Name: FUNCTION is_member(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.is_member(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_member(p_tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.is_member(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION is_shared_breed(p_breed_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.is_shared_breed(p_breed_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_shared_breed(p_breed_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.is_shared_breed(p_breed_id uuid) TO service_role;


--
-- Name: FUNCTION is_time_zone(tz text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.is_time_zone(tz text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_time_zone(tz text) TO anon;
GRANT ALL ON FUNCTION private.is_time_zone(tz text) TO authenticated;
GRANT ALL ON FUNCTION private.is_time_zone(tz text) TO service_role;


--
-- Name: FUNCTION job_finished(p_run_id bigint, p_rows bigint, p_error text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.job_finished(p_run_id bigint, p_rows bigint, p_error text) FROM PUBLIC;


--
-- Name: FUNCTION job_started(p_job text, p_scheduled_for timestamp with time zone, p_runner text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.job_started(p_job text, p_scheduled_for timestamp with time zone, p_runner text) FROM PUBLIC;


--
-- Name: FUNCTION member_role(p_tenant_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.member_role(p_tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.member_role(p_tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.member_role(p_tenant_id uuid) TO service_role;


--
-- Name: FUNCTION my_colleague_ids(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.my_colleague_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_colleague_ids() TO authenticated;
GRANT ALL ON FUNCTION private.my_colleague_ids() TO service_role;


--
-- Name: FUNCTION my_farms(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.my_farms() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_farms() TO authenticated;
GRANT ALL ON FUNCTION private.my_farms() TO service_role;


--
-- Name: FUNCTION my_tenant_ids(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.my_tenant_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids() TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids() TO service_role;


--
-- Name: FUNCTION my_tenant_ids_with(p_permission text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.my_tenant_ids_with(p_permission text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids_with(p_permission text) TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids_with(p_permission text) TO service_role;


--
-- Name: FUNCTION plan_limit(p_tenant_id uuid, p_resource text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.plan_limit(p_tenant_id uuid, p_resource text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.plan_limit(p_tenant_id uuid, p_resource text) TO authenticated;
GRANT ALL ON FUNCTION private.plan_limit(p_tenant_id uuid, p_resource text) TO service_role;


--
-- Name: FUNCTION purge_published_events(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.purge_published_events(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION require_permission(p_tenant_id uuid, p_permission text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.require_permission(p_tenant_id uuid, p_permission text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.require_permission(p_tenant_id uuid, p_permission text) TO authenticated;
GRANT ALL ON FUNCTION private.require_permission(p_tenant_id uuid, p_permission text) TO service_role;


--
-- Name: FUNCTION require_user(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.require_user() FROM PUBLIC;
GRANT ALL ON FUNCTION private.require_user() TO anon;
GRANT ALL ON FUNCTION private.require_user() TO authenticated;
GRANT ALL ON FUNCTION private.require_user() TO service_role;


--
-- Name: FUNCTION seed_demo(p_email text, p_password_hash text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.seed_demo(p_email text, p_password_hash text) FROM PUBLIC;


--
-- Name: TABLE tenants; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.tenants TO authenticated;
GRANT ALL ON TABLE public.tenants TO service_role;


--
-- Name: COLUMN tenants.name; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(name) ON TABLE public.tenants TO authenticated;


--
-- Name: COLUMN tenants.country; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(country) ON TABLE public.tenants TO authenticated;


--
-- Name: COLUMN tenants.currency; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(currency) ON TABLE public.tenants TO authenticated;


--
-- Name: COLUMN tenants.timezone; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(timezone) ON TABLE public.tenants TO authenticated;


--
-- Name: COLUMN tenants.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE public.tenants TO authenticated;


--
-- Name: FUNCTION tenant_json(t public.tenants, p_role text); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.tenant_json(t public.tenants, p_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.tenant_json(t public.tenants, p_role text) TO authenticated;
GRANT ALL ON FUNCTION private.tenant_json(t public.tenants, p_role text) TO service_role;


--
-- Name: FUNCTION touch_updated_at(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.touch_updated_at() FROM PUBLIC;
GRANT ALL ON FUNCTION private.touch_updated_at() TO anon;
GRANT ALL ON FUNCTION private.touch_updated_at() TO authenticated;
GRANT ALL ON FUNCTION private.touch_updated_at() TO service_role;


--
-- Name: TABLE animal_groups; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.animal_groups TO authenticated;
GRANT ALL ON TABLE public.animal_groups TO service_role;


--
-- Name: COLUMN animal_groups.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.location_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(location_id),UPDATE(location_id) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.species; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(species) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.purpose; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(purpose),UPDATE(purpose) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.started_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(started_on) ON TABLE public.animal_groups TO authenticated;


--
-- Name: COLUMN animal_groups.deleted_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE public.animal_groups TO authenticated;


--
-- Name: TABLE animal_movements; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.animal_movements TO authenticated;
GRANT ALL ON TABLE public.animal_movements TO service_role;


--
-- Name: COLUMN animal_movements.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.to_farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(to_farm_id) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.to_location_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(to_location_id) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.moved_at; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(moved_at) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.reason; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(reason) ON TABLE public.animal_movements TO authenticated;


--
-- Name: COLUMN animal_movements.recorded_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(recorded_by) ON TABLE public.animal_movements TO authenticated;


--
-- Name: TABLE animal_tags; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.animal_tags TO authenticated;
GRANT ALL ON TABLE public.animal_tags TO service_role;


--
-- Name: COLUMN animal_tags.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.animal_tags TO authenticated;


--
-- Name: COLUMN animal_tags.animal_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(animal_id) ON TABLE public.animal_tags TO authenticated;


--
-- Name: COLUMN animal_tags.kind; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(kind) ON TABLE public.animal_tags TO authenticated;


--
-- Name: COLUMN animal_tags.value; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(value) ON TABLE public.animal_tags TO authenticated;


--
-- Name: TABLE breeds; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.breeds TO anon;
GRANT SELECT ON TABLE public.breeds TO authenticated;
GRANT ALL ON TABLE public.breeds TO service_role;


--
-- Name: TABLE farm_access; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.farm_access TO authenticated;
GRANT ALL ON TABLE public.farm_access TO service_role;


--
-- Name: COLUMN farm_access.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.farm_access TO authenticated;


--
-- Name: COLUMN farm_access.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.farm_access TO authenticated;


--
-- Name: COLUMN farm_access.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id) ON TABLE public.farm_access TO authenticated;


--
-- Name: COLUMN farm_access.granted_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(granted_by) ON TABLE public.farm_access TO authenticated;


--
-- Name: TABLE group_count_events; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.group_count_events TO authenticated;
GRANT ALL ON TABLE public.group_count_events TO service_role;


--
-- Name: COLUMN group_count_events.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.group_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(group_id) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.event_type; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(event_type) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.occurred_on; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(occurred_on) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.female_delta; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(female_delta) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.male_delta; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(male_delta) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.unknown_delta; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(unknown_delta) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.note; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(note) ON TABLE public.group_count_events TO authenticated;


--
-- Name: COLUMN group_count_events.recorded_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(recorded_by) ON TABLE public.group_count_events TO authenticated;


--
-- Name: TABLE invitations; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.invitations TO authenticated;
GRANT ALL ON TABLE public.invitations TO service_role;


--
-- Name: COLUMN invitations.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.email; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(email) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.role; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(role) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.token_hash; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(token_hash) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.invited_by; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(invited_by) ON TABLE public.invitations TO authenticated;


--
-- Name: COLUMN invitations.expires_at; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(expires_at) ON TABLE public.invitations TO authenticated;


--
-- Name: TABLE locations; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.locations TO authenticated;
GRANT ALL ON TABLE public.locations TO service_role;


--
-- Name: COLUMN locations.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.farm_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(farm_id) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.kind; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(kind),UPDATE(kind) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.capacity; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(capacity),UPDATE(capacity) ON TABLE public.locations TO authenticated;


--
-- Name: COLUMN locations.deleted_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE public.locations TO authenticated;


--
-- Name: TABLE plans; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.plans TO anon;
GRANT SELECT ON TABLE public.plans TO authenticated;
GRANT ALL ON TABLE public.plans TO service_role;


--
-- Name: TABLE profiles; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.profiles TO authenticated;
GRANT ALL ON TABLE public.profiles TO service_role;


--
-- Name: COLUMN profiles.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.full_name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(full_name),UPDATE(full_name) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.phone; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(phone),UPDATE(phone) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.avatar_url; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(avatar_url),UPDATE(avatar_url) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE public.profiles TO authenticated;


--
-- Name: TABLE role_permissions; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.role_permissions TO anon;
GRANT SELECT ON TABLE public.role_permissions TO authenticated;
GRANT ALL ON TABLE public.role_permissions TO service_role;


--
-- Name: TABLE roles; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.roles TO anon;
GRANT SELECT ON TABLE public.roles TO authenticated;
GRANT ALL ON TABLE public.roles TO service_role;


--
-- Name: TABLE species; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.species TO anon;
GRANT SELECT ON TABLE public.species TO authenticated;
GRANT ALL ON TABLE public.species TO service_role;


--
-- Name: TABLE species_products; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.species_products TO anon;
GRANT SELECT ON TABLE public.species_products TO authenticated;
GRANT ALL ON TABLE public.species_products TO service_role;


--
-- Name: TABLE tenant_breeds; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.tenant_breeds TO authenticated;
GRANT ALL ON TABLE public.tenant_breeds TO service_role;


--
-- Name: COLUMN tenant_breeds.tenant_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tenant_id) ON TABLE public.tenant_breeds TO authenticated;


--
-- Name: COLUMN tenant_breeds.id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(id) ON TABLE public.tenant_breeds TO authenticated;


--
-- Name: COLUMN tenant_breeds.species; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(species) ON TABLE public.tenant_breeds TO authenticated;


--
-- Name: COLUMN tenant_breeds.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name) ON TABLE public.tenant_breeds TO authenticated;


--
-- Name: COLUMN tenant_breeds.gestation_days; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(gestation_days) ON TABLE public.tenant_breeds TO authenticated;


--
-- Name: TABLE tenant_members; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,DELETE ON TABLE public.tenant_members TO authenticated;
GRANT ALL ON TABLE public.tenant_members TO service_role;


--
-- Name: COLUMN tenant_members.role; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(role) ON TABLE public.tenant_members TO authenticated;


--
-- Name: COLUMN tenant_members.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE public.tenant_members TO authenticated;


--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: -; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE ALL ON FUNCTIONS FROM PUBLIC;


--
-- PostgreSQL database dump complete
--

\unrestrict ifarm

