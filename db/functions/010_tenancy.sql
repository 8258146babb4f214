-- 010_tenancy: who belongs to which tenant, with which role and permissions, and which farms
-- they reach. The private.* helpers are SECURITY DEFINER so that policies can ask about
-- membership without recursing into tenant_members' own policies; policies wrap them in
-- (select ...) so PostgreSQL evaluates them once per statement, not once per row.

-- ===================================================================== helpers

-- The tenants the caller belongs to.
CREATE OR REPLACE FUNCTION private.my_tenant_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT m.tenant_id FROM public.tenant_members m WHERE m.user_id = auth.uid()
$$;

-- The tenants in which the caller's role grants a permission.
CREATE OR REPLACE FUNCTION private.my_tenant_ids_with(p_permission text) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT m.tenant_id
    FROM public.tenant_members m
    JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = p_permission
    WHERE m.user_id = auth.uid()
$$;

-- Is the caller a member of the tenant?
CREATE OR REPLACE FUNCTION private.is_member(p_tenant_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.tenant_members m WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
    )
$$;

-- Does the caller's role in the tenant grant the permission?
CREATE OR REPLACE FUNCTION private.has_permission(p_tenant_id uuid, p_permission text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT EXISTS (
        SELECT 1
        FROM public.tenant_members m
        JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = p_permission
        WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
    )
$$;

-- The caller's role in the tenant, or null.
CREATE OR REPLACE FUNCTION private.member_role(p_tenant_id uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT m.role FROM public.tenant_members m WHERE m.tenant_id = p_tenant_id AND m.user_id = auth.uid()
$$;

-- The live farms of the tenant the caller may work on: all of them for roles with farms.all
-- (owner, admin), else those granted in farm_access.
CREATE OR REPLACE FUNCTION private.accessible_farm_ids(p_tenant_id uuid) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
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

-- Every farm (live or soft-deleted) the caller may see, across tenants: the form policies use.
CREATE OR REPLACE FUNCTION private.my_farms() RETURNS TABLE (tenant_id uuid, farm_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT f.tenant_id, f.id
    FROM public.tenant_members m
    JOIN public.role_permissions rp ON rp.role = m.role AND rp.permission = 'farms.all'
    JOIN public.farms f ON f.tenant_id = m.tenant_id
    WHERE m.user_id = auth.uid()
    UNION
    SELECT a.tenant_id, a.farm_id FROM public.farm_access a WHERE a.user_id = auth.uid()
$$;

-- The users who share at least one tenant with the caller (they may read each other's profile).
CREATE OR REPLACE FUNCTION private.my_colleague_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT DISTINCT other.user_id
    FROM public.tenant_members mine
    JOIN public.tenant_members other ON other.tenant_id = mine.tenant_id
    WHERE mine.user_id = auth.uid()
$$;

-- Raises 403 with the permission's name unless the caller holds it in the tenant. api functions
-- call it first so a refusal is a clear error rather than an empty result.
CREATE OR REPLACE FUNCTION private.require_permission(p_tenant_id uuid, p_permission text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
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

-- Creates the caller's profile from auth.users when missing (Supabase has no trigger on
-- auth.users here: the real auth schema is never touched).
CREATE OR REPLACE FUNCTION private.ensure_profile(p_user_id uuid) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
    INSERT INTO public.profiles (id, email, full_name)
    SELECT u.id, lower(u.email), u.raw_user_meta_data ->> 'full_name'
    FROM auth.users u WHERE u.id = p_user_id
    ON CONFLICT (id) DO NOTHING
$$;

GRANT EXECUTE ON FUNCTION private.my_tenant_ids(), private.my_tenant_ids_with(text),
    private.is_member(uuid), private.has_permission(uuid, text), private.member_role(uuid),
    private.accessible_farm_ids(uuid), private.my_farms(), private.my_colleague_ids(),
    private.require_permission(uuid, text)
    TO authenticated, service_role;

-- ===================================================================== triggers

-- A tenant's time zone must be one PostgreSQL knows (dates are computed in it).
CREATE OR REPLACE FUNCTION private.check_tenant() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT private.is_time_zone(NEW.timezone) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown time zone %L', NEW.timezone),
            HINT = 'use an IANA name such as Africa/Nairobi';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS check_tenant ON public.tenants;
CREATE TRIGGER check_tenant BEFORE INSERT OR UPDATE OF timezone ON public.tenants
    FOR EACH ROW EXECUTE FUNCTION private.check_tenant();

-- The owner role is granted and taken only by owners, and a tenant always keeps one owner.
-- Membership changes of one tenant are serialized on its row so the last-owner check cannot race.
CREATE OR REPLACE FUNCTION private.guard_tenant_members() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
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
DROP TRIGGER IF EXISTS guard_tenant_members ON public.tenant_members;
CREATE TRIGGER guard_tenant_members BEFORE UPDATE OR DELETE ON public.tenant_members
    FOR EACH ROW EXECUTE FUNCTION private.guard_tenant_members();

-- Only an owner may invite someone as owner, however the row is written.
CREATE OR REPLACE FUNCTION private.guard_invitations() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.role = 'owner' AND auth.uid() IS NOT NULL AND private.member_role(NEW.tenant_id) IS DISTINCT FROM 'owner' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only an owner can invite an owner',
            HINT = 'owner_required';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS guard_invitations ON public.invitations;
CREATE TRIGGER guard_invitations BEFORE INSERT ON public.invitations
    FOR EACH ROW EXECUTE FUNCTION private.guard_invitations();

-- Whoever creates a farm without access to all farms gets access to the new one.
CREATE OR REPLACE FUNCTION private.grant_farm_to_creator() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
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
DROP TRIGGER IF EXISTS grant_farm_to_creator ON public.farms;
CREATE TRIGGER grant_farm_to_creator AFTER INSERT ON public.farms
    FOR EACH ROW EXECUTE FUNCTION private.grant_farm_to_creator();

DROP TRIGGER IF EXISTS touch_updated_at ON public.tenants;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.tenants
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();
DROP TRIGGER IF EXISTS touch_updated_at ON public.tenant_members;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.tenant_members
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();
DROP TRIGGER IF EXISTS touch_updated_at ON public.farms;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.farms
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();
DROP TRIGGER IF EXISTS touch_updated_at ON public.profiles;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.profiles
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();

-- ===================================================================== policies

DROP POLICY IF EXISTS "anyone reads the roles" ON public.roles;
CREATE POLICY "anyone reads the roles" ON public.roles
    FOR SELECT TO anon, authenticated USING (true);

DROP POLICY IF EXISTS "anyone reads what each role may do" ON public.role_permissions;
CREATE POLICY "anyone reads what each role may do" ON public.role_permissions
    FOR SELECT TO anon, authenticated USING (true);

DROP POLICY IF EXISTS "members read their tenants" ON public.tenants;
CREATE POLICY "members read their tenants" ON public.tenants
    FOR SELECT TO authenticated USING (id IN (SELECT private.my_tenant_ids()));
DROP POLICY IF EXISTS "owners and admins update their tenant" ON public.tenants;
CREATE POLICY "owners and admins update their tenant" ON public.tenants
    FOR UPDATE TO authenticated
    USING (id IN (SELECT private.my_tenant_ids_with('tenant.update')))
    WITH CHECK (id IN (SELECT private.my_tenant_ids_with('tenant.update')));
DROP POLICY IF EXISTS "owners delete their tenant" ON public.tenants;
CREATE POLICY "owners delete their tenant" ON public.tenants
    FOR DELETE TO authenticated USING (id IN (SELECT private.my_tenant_ids_with('tenant.delete')));

DROP POLICY IF EXISTS "members read their tenant's members" ON public.tenant_members;
CREATE POLICY "members read their tenant's members" ON public.tenant_members
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids()));
DROP POLICY IF EXISTS "member managers change roles" ON public.tenant_members;
CREATE POLICY "member managers change roles" ON public.tenant_members
    FOR UPDATE TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')));
DROP POLICY IF EXISTS "member managers remove members and members leave" ON public.tenant_members;
CREATE POLICY "member managers remove members and members leave" ON public.tenant_members
    FOR DELETE TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')) OR user_id = (SELECT auth.uid()));

DROP POLICY IF EXISTS "members read the farms they can access" ON public.farms;
CREATE POLICY "members read the farms they can access" ON public.farms
    FOR SELECT TO authenticated
    USING ((tenant_id, id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "farm managers create farms" ON public.farms;
CREATE POLICY "farm managers create farms" ON public.farms
    FOR INSERT TO authenticated
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('farms.manage')));
DROP POLICY IF EXISTS "farm managers update the farms they can access" ON public.farms;
CREATE POLICY "farm managers update the farms they can access" ON public.farms
    FOR UPDATE TO authenticated
    USING ((tenant_id, id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
           AND tenant_id IN (SELECT private.my_tenant_ids_with('farms.manage')))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('farms.manage')));

DROP POLICY IF EXISTS "members read their own farm access and managers all" ON public.farm_access;
CREATE POLICY "members read their own farm access and managers all" ON public.farm_access
    FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid()) OR tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')));
DROP POLICY IF EXISTS "member managers grant farm access" ON public.farm_access;
CREATE POLICY "member managers grant farm access" ON public.farm_access
    FOR INSERT TO authenticated
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')));
DROP POLICY IF EXISTS "member managers revoke farm access" ON public.farm_access;
CREATE POLICY "member managers revoke farm access" ON public.farm_access
    FOR DELETE TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')));

DROP POLICY IF EXISTS "users read their own and their colleagues' profiles" ON public.profiles;
CREATE POLICY "users read their own and their colleagues' profiles" ON public.profiles
    FOR SELECT TO authenticated
    USING (id = (SELECT auth.uid()) OR id IN (SELECT private.my_colleague_ids()));
DROP POLICY IF EXISTS "users create their own profile" ON public.profiles;
CREATE POLICY "users create their own profile" ON public.profiles
    FOR INSERT TO authenticated WITH CHECK (id = (SELECT auth.uid()));
DROP POLICY IF EXISTS "users edit their own profile" ON public.profiles;
CREATE POLICY "users edit their own profile" ON public.profiles
    FOR UPDATE TO authenticated USING (id = (SELECT auth.uid())) WITH CHECK (id = (SELECT auth.uid()));

DROP POLICY IF EXISTS "member managers read invitations" ON public.invitations;
CREATE POLICY "member managers read invitations" ON public.invitations
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')));
DROP POLICY IF EXISTS "member managers invite" ON public.invitations;
CREATE POLICY "member managers invite" ON public.invitations
    FOR INSERT TO authenticated WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')));
DROP POLICY IF EXISTS "member managers withdraw invitations" ON public.invitations;
CREATE POLICY "member managers withdraw invitations" ON public.invitations
    FOR DELETE TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids_with('members.manage')));
