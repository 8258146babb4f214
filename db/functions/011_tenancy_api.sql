-- 011_tenancy_api: the api.* functions for tenants, members, invitations, farms and profiles.
-- SECURITY INVOKER unless noted: the caller's RLS policies decide what they may touch, so the
-- same rules hold for Supabase clients writing the tables directly.

-- JSON of a tenant as the caller sees it.
CREATE OR REPLACE FUNCTION private.tenant_json(t public.tenants, p_role text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', t.id, 'name', t.name, 'slug', t.slug, 'status', t.status,
        'country', t.country, 'currency', t.currency, 'timezone', t.timezone, 'language', t.language,
        'role', p_role, 'created_at', t.created_at)
$$;
GRANT EXECUTE ON FUNCTION private.tenant_json(public.tenants, text) TO authenticated, service_role;

-- Who is calling: database role, user id and claims (for clients and for tests of the request path).
CREATE OR REPLACE FUNCTION api.whoami() RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('role', current_user, 'user_id', auth.uid(), 'claims', auth.jwt(),
        'method', nullif(current_setting('request.method', true), ''),
        'path', nullif(current_setting('request.path', true), ''))
$$;
COMMENT ON FUNCTION api.whoami() IS 'Who the request runs as: database role, user id and JWT claims.';

-- SECURITY DEFINER: the creator is not yet a member, so no policy could let them add the first
-- membership; the function checks the caller itself and makes them owner.
CREATE OR REPLACE FUNCTION api.create_tenant(name text, slug text, country text DEFAULT 'US',
    currency text DEFAULT 'USD', timezone text DEFAULT 'UTC') RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
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
COMMENT ON FUNCTION api.create_tenant(text, text, text, text, text) IS
    'Create a farm business; the caller becomes its owner.';

-- The tenants the caller belongs to, with their role in each.
CREATE OR REPLACE FUNCTION api.list_my_tenants() RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_uid uuid := private.require_user();  -- 401 for a token whose user was deleted, not an empty list
BEGIN
    RETURN (SELECT coalesce(jsonb_agg(private.tenant_json(t, m.role) ORDER BY t.name, t.id), '[]'::jsonb)
            FROM public.tenants t
            JOIN public.tenant_members m ON m.tenant_id = t.id AND m.user_id = v_uid);
END
$$;
COMMENT ON FUNCTION api.list_my_tenants() IS 'The tenants the caller belongs to, with their role in each.';

-- One tenant, if the caller belongs to it.
CREATE OR REPLACE FUNCTION api.get_tenant(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_tenant public.tenants;
BEGIN
    PERFORM private.require_permission(get_tenant.tenant_id, 'tenant.read');
    SELECT * INTO v_tenant FROM public.tenants t WHERE t.id = get_tenant.tenant_id;
    RETURN private.tenant_json(v_tenant, private.member_role(get_tenant.tenant_id));
END
$$;
COMMENT ON FUNCTION api.get_tenant(uuid) IS 'One tenant the caller belongs to.';

-- Rename or re-settle a tenant (owners and admins); language: the notices' language (ISO 639-1).
DROP FUNCTION IF EXISTS api.update_tenant(uuid, text, text, text, text);
CREATE OR REPLACE FUNCTION api.update_tenant(tenant_id uuid, name text DEFAULT NULL, country text DEFAULT NULL,
    currency text DEFAULT NULL, timezone text DEFAULT NULL, language text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_tenant public.tenants;
BEGIN
    PERFORM private.require_permission(update_tenant.tenant_id, 'tenant.update');
    UPDATE public.tenants t SET
        name = coalesce(btrim(update_tenant.name), t.name),
        country = coalesce(upper(update_tenant.country), t.country),
        currency = coalesce(upper(update_tenant.currency), t.currency),
        timezone = coalesce(update_tenant.timezone, t.timezone),
        language = coalesce(lower(update_tenant.language), t.language)
    WHERE t.id = update_tenant.tenant_id
    RETURNING * INTO v_tenant;
    RETURN private.tenant_json(v_tenant, private.member_role(update_tenant.tenant_id));
END
$$;
COMMENT ON FUNCTION api.update_tenant(uuid, text, text, text, text, text) IS
    'Change a tenant''s name, country, currency, time zone or language.';

-- The caller's role, permissions and farms in a tenant.
CREATE OR REPLACE FUNCTION api.my_permissions(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
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
COMMENT ON FUNCTION api.my_permissions(uuid) IS 'The caller''s role, permissions and accessible farms in a tenant.';

-- The members of a tenant, page by page.
CREATE OR REPLACE FUNCTION api.list_members(tenant_id uuid, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
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
COMMENT ON FUNCTION api.list_members(uuid, integer, integer) IS 'The members of a tenant with their roles.';

-- Invite someone by email. The token is returned once and only its hash is kept.
CREATE OR REPLACE FUNCTION api.invite_member(tenant_id uuid, email text, role text DEFAULT 'viewer',
    valid_days integer DEFAULT 7) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
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
COMMENT ON FUNCTION api.invite_member(uuid, text, text, integer) IS
    'Invite an email to a tenant with a role; returns the one-time token.';

-- SECURITY DEFINER: the invitee is not a member yet, so RLS hides the invitation from them; the
-- token (hashed), its expiry, single use and the invitee's email are checked here instead.
CREATE OR REPLACE FUNCTION api.accept_invitation(token text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
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
COMMENT ON FUNCTION api.accept_invitation(text) IS 'Join a tenant with an invitation token (once, before it expires).';

-- Open invitations of a tenant (tokens are never shown again).
CREATE OR REPLACE FUNCTION api.list_invitations(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_invitations.tenant_id, 'members.manage');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'email', i.email, 'role', i.role,
                'invited_by', i.invited_by, 'created_at', i.created_at, 'expires_at', i.expires_at,
                'accepted_at', i.accepted_at) ORDER BY i.created_at DESC), '[]'::jsonb)
            FROM public.invitations i WHERE i.tenant_id = list_invitations.tenant_id);
END
$$;
COMMENT ON FUNCTION api.list_invitations(uuid) IS 'The invitations of a tenant.';

-- Change a member's role; owner changes need an owner, and the last owner stays owner (trigger).
CREATE OR REPLACE FUNCTION api.change_member_role(tenant_id uuid, user_id uuid, role text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
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
COMMENT ON FUNCTION api.change_member_role(uuid, uuid, text) IS 'Change a member''s role.';

-- Remove a member, or leave (remove yourself); the last owner can do neither (trigger).
CREATE OR REPLACE FUNCTION api.remove_member(tenant_id uuid, user_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
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
COMMENT ON FUNCTION api.remove_member(uuid, uuid) IS 'Remove a member from a tenant (or leave it).';

-- JSON of a farm.
CREATE OR REPLACE FUNCTION private.farm_json(f public.farms) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', f.id, 'tenant_id', f.tenant_id, 'name', f.name, 'farm_type', f.farm_type,
        'latitude', f.latitude, 'longitude', f.longitude, 'area_hectares', f.area_hectares,
        'timezone', f.timezone, 'is_organic', f.is_organic, 'created_at', f.created_at, 'updated_at', f.updated_at)
$$;
GRANT EXECUTE ON FUNCTION private.farm_json(public.farms) TO authenticated, service_role;

-- Create a farm; a creator without access to all farms is granted this one.
DROP FUNCTION IF EXISTS api.create_farm(uuid, text);
CREATE OR REPLACE FUNCTION api.create_farm(tenant_id uuid, name text, farm_type text DEFAULT 'mixed',
    latitude numeric DEFAULT NULL, longitude numeric DEFAULT NULL, area_hectares numeric DEFAULT NULL,
    timezone text DEFAULT NULL, is_organic boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
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
COMMENT ON FUNCTION api.create_farm(uuid, text, text, numeric, numeric, numeric, text, boolean) IS
    'Create a farm in a tenant.';

-- The live farms the caller may work on.
CREATE OR REPLACE FUNCTION api.list_farms(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_farms.tenant_id, 'farms.read');
    RETURN (SELECT coalesce(jsonb_agg(private.farm_json(f) ORDER BY f.name, f.id), '[]'::jsonb)
            FROM public.farms f
            WHERE f.tenant_id = list_farms.tenant_id
              AND f.id IN (SELECT private.accessible_farm_ids(list_farms.tenant_id)));
END
$$;
COMMENT ON FUNCTION api.list_farms(uuid) IS 'The farms of a tenant the caller may work on.';

-- Give a member access to a farm.
CREATE OR REPLACE FUNCTION api.grant_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(grant_farm_access.tenant_id, 'members.manage');
    INSERT INTO public.farm_access (tenant_id, user_id, farm_id, granted_by)
    VALUES (grant_farm_access.tenant_id, grant_farm_access.user_id, grant_farm_access.farm_id, auth.uid())
    ON CONFLICT DO NOTHING;
    RETURN jsonb_build_object('tenant_id', grant_farm_access.tenant_id, 'user_id', grant_farm_access.user_id,
        'farm_id', grant_farm_access.farm_id, 'granted', true);
END
$$;
COMMENT ON FUNCTION api.grant_farm_access(uuid, uuid, uuid) IS 'Give a member access to a farm.';

-- Take a member's access to a farm away.
CREATE OR REPLACE FUNCTION api.revoke_farm_access(tenant_id uuid, user_id uuid, farm_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
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
COMMENT ON FUNCTION api.revoke_farm_access(uuid, uuid, uuid) IS 'Take a member''s access to a farm away.';

-- The caller's profile (from the token until they first save one).
CREATE OR REPLACE FUNCTION api.get_my_profile() RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
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
COMMENT ON FUNCTION api.get_my_profile() IS 'The caller''s profile.';

-- Edit the caller's profile; absent fields keep their value.
CREATE OR REPLACE FUNCTION api.update_my_profile(full_name text DEFAULT NULL, phone text DEFAULT NULL,
    avatar_url text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
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
COMMENT ON FUNCTION api.update_my_profile(text, text, text) IS 'Edit the caller''s profile.';

GRANT EXECUTE ON FUNCTION private.ensure_profile(uuid) TO authenticated, service_role;
