-- 050_livestock: who sees and changes which livestock records, and the rules on animals, groups,
-- movements and plan limits. Farm-scoped rows are visible to members who can access the farm
-- (owners and admins: all farms). Child rows of an animal or a group follow their parent.

-- ===================================================================== helpers

-- Can the caller see this animal (it is on a farm they can access)? Policies call it only for
-- members without access to all farms; owners and admins short-circuit on a hashed subplan.
CREATE OR REPLACE FUNCTION private.can_see_animal(p_tenant_id uuid, p_animal_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.animals a
        JOIN public.farm_access fa ON fa.tenant_id = a.tenant_id AND fa.farm_id = a.farm_id
        WHERE a.tenant_id = p_tenant_id AND a.id = p_animal_id AND fa.user_id = auth.uid())
$$;

-- Can the caller see this group (it is on a farm they can access)?
CREATE OR REPLACE FUNCTION private.can_see_group(p_tenant_id uuid, p_group_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.animal_groups g
        JOIN public.farm_access fa ON fa.tenant_id = g.tenant_id AND fa.farm_id = g.farm_id
        WHERE g.tenant_id = p_tenant_id AND g.id = p_group_id AND fa.user_id = auth.uid())
$$;

-- The plan a tenant is on: its subscription's (the trial plan if it has none).
CREATE OR REPLACE FUNCTION private.tenant_plan(p_tenant_id uuid) RETURNS public.plans
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT p.* FROM public.plans p
    WHERE p.code = coalesce((SELECT s.plan_code FROM public.subscriptions s WHERE s.tenant_id = p_tenant_id), 'trial')
$$;

-- The plan limit a tenant is under for one resource (null = unlimited).
CREATE OR REPLACE FUNCTION private.plan_limit(p_tenant_id uuid, p_resource text) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT CASE p_resource WHEN 'animals' THEN p.max_animals WHEN 'farms' THEN p.max_farms
                           WHEN 'members' THEN p.max_members WHEN 'devices' THEN p.max_devices END
    FROM private.tenant_plan(p_tenant_id) p
$$;

-- What a tenant holds of a resource the plans limit: live active animals, live farms, members,
-- active (not retired) devices.
CREATE OR REPLACE FUNCTION private.usage_count(p_tenant_id uuid, p_resource text) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    RETURN CASE p_resource
        WHEN 'animals' THEN (SELECT count(*) FROM public.animals a
                             WHERE a.tenant_id = p_tenant_id AND a.deleted_at IS NULL AND a.status = 'active')
        WHEN 'farms' THEN (SELECT count(*) FROM public.farms f WHERE f.tenant_id = p_tenant_id AND f.deleted_at IS NULL)
        WHEN 'members' THEN (SELECT count(*) FROM public.tenant_members m WHERE m.tenant_id = p_tenant_id)
        WHEN 'devices' THEN (SELECT count(*) FROM public.devices d WHERE d.tenant_id = p_tenant_id AND d.status = 'active')
    END;
END
$$;

-- Raises 402 naming the limit when a tenant holds more than its plan allows. Called by statement
-- triggers after the rows are in, under a per-tenant lock so concurrent inserts cannot both pass.
CREATE OR REPLACE FUNCTION private.check_plan_limit(p_tenant_id uuid, p_resource text, p_count bigint) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_limit integer := private.plan_limit(p_tenant_id, p_resource);
    v_plan text;
BEGIN
    IF v_limit IS NOT NULL AND p_count > v_limit THEN
        SELECT p.name INTO v_plan FROM private.tenant_plan(p_tenant_id) p;
        RAISE EXCEPTION USING ERRCODE = 'PT402',
            MESSAGE = format('plan limit reached: the %s plan allows %s %s', v_plan, v_limit, p_resource),
            DETAIL = format('limit=%s, would have=%s', v_limit, p_count),
            HINT = format('plan_limit_%s: upgrade the plan', p_resource);
    END IF;
END
$$;

GRANT EXECUTE ON FUNCTION private.can_see_animal(uuid, uuid), private.can_see_group(uuid, uuid),
    private.tenant_plan(uuid), private.usage_count(uuid, text),
    private.plan_limit(uuid, text), private.check_plan_limit(uuid, text, bigint) TO authenticated, service_role;

-- ===================================================================== plan limits

-- After rows are added: count per touched tenant and compare with the plan.
CREATE OR REPLACE FUNCTION private.enforce_plan_limits() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_tenant uuid;
BEGIN
    FOR v_tenant IN SELECT DISTINCT n.tenant_id FROM new_rows n LOOP
        PERFORM pg_advisory_xact_lock(hashtext('ifarm-plan-' || TG_ARGV[0]), hashtext(v_tenant::text));
        PERFORM private.check_plan_limit(v_tenant, TG_ARGV[0], private.usage_count(v_tenant, TG_ARGV[0]));
    END LOOP;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS enforce_plan_limits ON public.animals;
CREATE TRIGGER enforce_plan_limits AFTER INSERT ON public.animals REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION private.enforce_plan_limits('animals');
DROP TRIGGER IF EXISTS enforce_plan_limits ON public.farms;
CREATE TRIGGER enforce_plan_limits AFTER INSERT ON public.farms REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION private.enforce_plan_limits('farms');
DROP TRIGGER IF EXISTS enforce_plan_limits ON public.tenant_members;
CREATE TRIGGER enforce_plan_limits AFTER INSERT ON public.tenant_members REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION private.enforce_plan_limits('members');

-- ===================================================================== policies

DROP POLICY IF EXISTS "anyone reads the species" ON public.species;
CREATE POLICY "anyone reads the species" ON public.species FOR SELECT TO anon, authenticated USING (true);
DROP POLICY IF EXISTS "anyone reads species products" ON public.species_products;
CREATE POLICY "anyone reads species products" ON public.species_products
    FOR SELECT TO anon, authenticated USING (true);
DROP POLICY IF EXISTS "anyone reads the shared breeds" ON public.breeds;
CREATE POLICY "anyone reads the shared breeds" ON public.breeds FOR SELECT TO anon, authenticated USING (true);
DROP POLICY IF EXISTS "anyone reads the plans" ON public.plans;
CREATE POLICY "anyone reads the plans" ON public.plans FOR SELECT TO anon, authenticated USING (true);

DROP POLICY IF EXISTS "members read their tenant's breeds" ON public.tenant_breeds;
CREATE POLICY "members read their tenant's breeds" ON public.tenant_breeds
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids()));
DROP POLICY IF EXISTS "livestock managers add breeds" ON public.tenant_breeds;
CREATE POLICY "livestock managers add breeds" ON public.tenant_breeds
    FOR INSERT TO authenticated WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('livestock.write')));

DROP POLICY IF EXISTS "members read locations on their farms" ON public.locations;
CREATE POLICY "members read locations on their farms" ON public.locations
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "farm managers add locations on their farms" ON public.locations;
CREATE POLICY "farm managers add locations on their farms" ON public.locations
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('farms.manage')));
DROP POLICY IF EXISTS "farm managers change locations on their farms" ON public.locations;
CREATE POLICY "farm managers change locations on their farms" ON public.locations
    FOR UPDATE TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
           AND tenant_id IN (SELECT private.my_tenant_ids_with('farms.manage')))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('farms.manage')));

DROP POLICY IF EXISTS "members read animals on their farms" ON public.animals;
CREATE POLICY "members read animals on their farms" ON public.animals
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "livestock managers add animals on their farms" ON public.animals;
CREATE POLICY "livestock managers add animals on their farms" ON public.animals
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('livestock.write')));
-- Which columns a role may change is checked by private.guard_animal_change (workers and vets
-- may only record a death).
DROP POLICY IF EXISTS "members with livestock rights change animals on their farms" ON public.animals;
CREATE POLICY "members with livestock rights change animals on their farms" ON public.animals
    FOR UPDATE TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
           AND (tenant_id IN (SELECT private.my_tenant_ids_with('livestock.write'))
                OR tenant_id IN (SELECT private.my_tenant_ids_with('livestock.death'))))
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));

DROP POLICY IF EXISTS "members read tags of animals they see" ON public.animal_tags;
CREATE POLICY "members read tags of animals they see" ON public.animal_tags
    FOR SELECT TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('farms.all'))
           OR (tenant_id IN (SELECT private.my_tenant_ids()) AND private.can_see_animal(tenant_id, animal_id)));
DROP POLICY IF EXISTS "livestock managers tag animals they see" ON public.animal_tags;
CREATE POLICY "livestock managers tag animals they see" ON public.animal_tags
    FOR INSERT TO authenticated
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('livestock.write'))
                AND (tenant_id IN (SELECT private.my_tenant_ids_with('farms.all'))
                     OR private.can_see_animal(tenant_id, animal_id)));
DROP POLICY IF EXISTS "livestock managers untag animals they see" ON public.animal_tags;
CREATE POLICY "livestock managers untag animals they see" ON public.animal_tags
    FOR DELETE TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('livestock.write'))
           AND (tenant_id IN (SELECT private.my_tenant_ids_with('farms.all'))
                OR private.can_see_animal(tenant_id, animal_id)));

DROP POLICY IF EXISTS "members read groups on their farms" ON public.animal_groups;
CREATE POLICY "members read groups on their farms" ON public.animal_groups
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "livestock managers add groups on their farms" ON public.animal_groups;
CREATE POLICY "livestock managers add groups on their farms" ON public.animal_groups
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('livestock.write')));
DROP POLICY IF EXISTS "livestock managers change groups on their farms" ON public.animal_groups;
CREATE POLICY "livestock managers change groups on their farms" ON public.animal_groups
    FOR UPDATE TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
           AND tenant_id IN (SELECT private.my_tenant_ids_with('livestock.write')))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('livestock.write')));

DROP POLICY IF EXISTS "members read count events of groups they see" ON public.group_count_events;
CREATE POLICY "members read count events of groups they see" ON public.group_count_events
    FOR SELECT TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('farms.all'))
           OR (tenant_id IN (SELECT private.my_tenant_ids()) AND private.can_see_group(tenant_id, group_id)));
-- Additions and transfers need livestock.write, sales and culls livestock.exit, deaths livestock.death.
DROP POLICY IF EXISTS "members record count events on groups they see" ON public.group_count_events;
CREATE POLICY "members record count events on groups they see" ON public.group_count_events
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id IN (SELECT private.my_tenant_ids_with('farms.all'))
                 OR private.can_see_group(tenant_id, group_id))
                AND CASE WHEN event_type = 'death' THEN tenant_id IN (SELECT private.my_tenant_ids_with('livestock.death'))
                         WHEN event_type IN ('sale', 'cull') THEN tenant_id IN (SELECT private.my_tenant_ids_with('livestock.exit'))
                         ELSE tenant_id IN (SELECT private.my_tenant_ids_with('livestock.write')) END);

DROP POLICY IF EXISTS "members read movements of animals they see" ON public.animal_movements;
CREATE POLICY "members read movements of animals they see" ON public.animal_movements
    FOR SELECT TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('farms.all'))
           OR (tenant_id IN (SELECT private.my_tenant_ids()) AND private.can_see_animal(tenant_id, animal_id)));
DROP POLICY IF EXISTS "workers move animals between farms they can access" ON public.animal_movements;
CREATE POLICY "workers move animals between farms they can access" ON public.animal_movements
    FOR INSERT TO authenticated
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('livestock.move'))
                AND (tenant_id, to_farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND (tenant_id IN (SELECT private.my_tenant_ids_with('farms.all'))
                     OR private.can_see_animal(tenant_id, animal_id)));
