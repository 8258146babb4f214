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
-- Name: create_farm(uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_farm(tenant_id uuid, name text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id uuid := private.uuid7();
BEGIN
    PERFORM private.require_permission(create_farm.tenant_id, 'farms.manage');
    BEGIN
        INSERT INTO public.farms (tenant_id, id, name) VALUES (create_farm.tenant_id, v_id, btrim(create_farm.name));
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('a farm named %L exists', btrim(create_farm.name)),
            HINT = 'farm_name_taken';
    END;
    RETURN (SELECT private.farm_json(f) FROM public.farms f WHERE f.tenant_id = create_farm.tenant_id AND f.id = v_id);
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
-- Name: uuid7(); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.uuid7() RETURNS uuid
    LANGUAGE sql PARALLEL SAFE
    AS $$SELECT pg_catalog.uuidv7()$$;


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
    CONSTRAINT farms_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200)))
);

ALTER TABLE ONLY public.farms FORCE ROW LEVEL SECURITY;


--
-- Name: farm_json(public.farms); Type: FUNCTION; Schema: private; Owner: -
--

CREATE FUNCTION private.farm_json(f public.farms) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object('id', f.id, 'tenant_id', f.tenant_id, 'name', f.name,
        'created_at', f.created_at, 'updated_at', f.updated_at)
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
-- Name: invitations invitations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_pkey PRIMARY KEY (tenant_id, id);


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
-- Name: invitations_open_email_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX invitations_open_email_key ON public.invitations USING btree (tenant_id, email) WHERE (accepted_at IS NULL);


--
-- Name: invitations_token_hash_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invitations_token_hash_idx ON public.invitations USING btree (token_hash);


--
-- Name: tenant_members_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tenant_members_user_id_idx ON public.tenant_members USING btree (user_id, tenant_id);


--
-- Name: tenants check_tenant; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_tenant BEFORE INSERT OR UPDATE OF timezone ON public.tenants FOR EACH ROW EXECUTE FUNCTION private.check_tenant();


--
-- Name: farms grant_farm_to_creator; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grant_farm_to_creator AFTER INSERT ON public.farms FOR EACH ROW EXECUTE FUNCTION private.grant_farm_to_creator();


--
-- Name: invitations guard_invitations; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_invitations BEFORE INSERT ON public.invitations FOR EACH ROW EXECUTE FUNCTION private.guard_invitations();


--
-- Name: tenant_members guard_tenant_members; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER guard_tenant_members BEFORE DELETE OR UPDATE ON public.tenant_members FOR EACH ROW EXECUTE FUNCTION private.guard_tenant_members();


--
-- Name: farms outbox_capture; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_capture AFTER INSERT OR DELETE OR UPDATE ON public.farms FOR EACH ROW EXECUTE FUNCTION outbox.capture('tenant.events');


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
-- Name: farms touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.farms FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();


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
-- Name: roles anyone reads the roles; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads the roles" ON public.roles FOR SELECT TO anon, authenticated USING (true);


--
-- Name: role_permissions anyone reads what each role may do; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "anyone reads what each role may do" ON public.role_permissions FOR SELECT TO anon, authenticated USING (true);


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
-- Name: invitations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.invitations ENABLE ROW LEVEL SECURITY;

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
-- Name: tenant_members members read their tenant's members; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenant's members" ON public.tenant_members FOR SELECT TO authenticated USING ((tenant_id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: tenants members read their tenants; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "members read their tenants" ON public.tenants FOR SELECT TO authenticated USING ((id IN ( SELECT private.my_tenant_ids() AS my_tenant_ids)));


--
-- Name: tenants owners and admins update their tenant; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "owners and admins update their tenant" ON public.tenants FOR UPDATE TO authenticated USING ((id IN ( SELECT private.my_tenant_ids_with('tenant.update'::text) AS my_tenant_ids_with))) WITH CHECK ((id IN ( SELECT private.my_tenant_ids_with('tenant.update'::text) AS my_tenant_ids_with)));


--
-- Name: tenants owners delete their tenant; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "owners delete their tenant" ON public.tenants FOR DELETE TO authenticated USING ((id IN ( SELECT private.my_tenant_ids_with('tenant.delete'::text) AS my_tenant_ids_with)));


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
-- Name: FUNCTION change_member_role(tenant_id uuid, user_id uuid, role text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) TO authenticated;
GRANT ALL ON FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) TO service_role;


--
-- Name: FUNCTION create_farm(tenant_id uuid, name text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_farm(tenant_id uuid, name text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_farm(tenant_id uuid, name text) TO authenticated;
GRANT ALL ON FUNCTION api.create_farm(tenant_id uuid, name text) TO service_role;


--
-- Name: FUNCTION create_tenant(name text, slug text, country text, currency text, timezone text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_tenant(name text, slug text, country text, currency text, timezone text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_tenant(name text, slug text, country text, currency text, timezone text) TO authenticated;
GRANT ALL ON FUNCTION api.create_tenant(name text, slug text, country text, currency text, timezone text) TO service_role;


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
-- Name: FUNCTION list_farms(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_farms(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_farms(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_farms(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION list_invitations(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_invitations(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_invitations(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.list_invitations(tenant_id uuid) TO service_role;


--
-- Name: FUNCTION list_members(tenant_id uuid, "limit" integer, "offset" integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_members(tenant_id uuid, "limit" integer, "offset" integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_members(tenant_id uuid, "limit" integer, "offset" integer) TO authenticated;
GRANT ALL ON FUNCTION api.list_members(tenant_id uuid, "limit" integer, "offset" integer) TO service_role;


--
-- Name: FUNCTION list_my_tenants(); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_my_tenants() FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_my_tenants() TO authenticated;
GRANT ALL ON FUNCTION api.list_my_tenants() TO service_role;


--
-- Name: FUNCTION my_permissions(tenant_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.my_permissions(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.my_permissions(tenant_id uuid) TO authenticated;
GRANT ALL ON FUNCTION api.my_permissions(tenant_id uuid) TO service_role;


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
-- Name: FUNCTION check_page(p_limit integer, p_offset integer); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) TO anon;
GRANT ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) TO authenticated;
GRANT ALL ON FUNCTION private.check_page(p_limit integer, p_offset integer) TO service_role;


--
-- Name: FUNCTION check_tenant(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.check_tenant() FROM PUBLIC;


--
-- Name: FUNCTION cleanup_expired_sessions(p_as_of timestamp with time zone); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.cleanup_expired_sessions(p_as_of timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION ensure_profile(p_user_id uuid); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.ensure_profile(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.ensure_profile(p_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.ensure_profile(p_user_id uuid) TO service_role;


--
-- Name: FUNCTION uuid7(); Type: ACL; Schema: private; Owner: -
--

REVOKE ALL ON FUNCTION private.uuid7() FROM PUBLIC;
GRANT ALL ON FUNCTION private.uuid7() TO anon;
GRANT ALL ON FUNCTION private.uuid7() TO authenticated;
GRANT ALL ON FUNCTION private.uuid7() TO service_role;


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

