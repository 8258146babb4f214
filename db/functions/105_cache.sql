-- 105_cache: what the cache-warming job (every 4 minutes) renders ahead of time: the dashboards of
-- the owners of the tenants that used the API today or yesterday, busiest first.

CREATE OR REPLACE FUNCTION private.cache_warm_targets(p_as_of timestamptz, p_limit integer)
RETURNS TABLE (tenant_id uuid, user_id uuid, email text)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT m.tenant_id, m.user_id, u.email::text
    FROM (SELECT c.tenant_id, sum(c.calls) AS calls FROM private.api_calls c
          WHERE c.day >= (p_as_of AT TIME ZONE 'UTC')::date - 1
          GROUP BY c.tenant_id ORDER BY sum(c.calls) DESC LIMIT p_limit) busy
    JOIN public.tenant_members m ON m.tenant_id = busy.tenant_id AND m.role = 'owner'
    JOIN auth.users u ON u.id = m.user_id
    ORDER BY busy.calls DESC, m.user_id
$$;
