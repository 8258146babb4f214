-- 000_base: small helpers every domain file uses, and the clock every business date comes from.

-- ===================================================================== the clock

-- The moment business rules take as "now". It is the transaction's now() unless the setting
-- ifarm.now holds a timestamp: tests and demos set it (per transaction with set_config(..., true),
-- or per database with ALTER DATABASE ... SET ifarm.now) so "today" is a value, never the calendar.
-- Only a session that runs SQL of its own can set it: the API and PostgREST set no such name.
-- Technical timestamps (created_at, token expiry, leases) keep the real now().
CREATE OR REPLACE FUNCTION private.now() RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(nullif(current_setting('ifarm.now', true), '')::timestamptz, now())
$$;

-- The platform's date (UTC): subscriptions, trials, usage and the jobs count days in UTC.
CREATE OR REPLACE FUNCTION private.today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (private.now() AT TIME ZONE 'UTC')::date
$$;

-- Today in the tenant's time zone: farm records are dated in local dates, so every "not in the
-- future" check and every default date of a farm record uses this (UTC for an unknown tenant).
CREATE OR REPLACE FUNCTION private.tenant_today(p_tenant_id uuid) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (private.now() AT TIME ZONE coalesce((SELECT t.timezone FROM public.tenants t WHERE t.id = p_tenant_id),
                                                'UTC'))::date
$$;
GRANT EXECUTE ON FUNCTION private.now(), private.today(), private.tenant_today(uuid) TO authenticated, service_role;

-- ===================================================================== helpers

-- Keeps updated_at honest on every UPDATE, whoever makes it.
CREATE OR REPLACE FUNCTION private.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- The caller's user id, or a 401-mapped error when the request is anonymous or its token names a
-- user who no longer exists (deleted -- by Supabase's admin API, say -- while the token lives on: a
-- signature proves who the user was, not that they still are). SECURITY DEFINER: clients may not read
-- auth.users.
CREATE OR REPLACE FUNCTION private.require_user() RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_uid uuid := auth.uid();
BEGIN
    IF v_uid IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'sign in first',
            HINT = 'send Authorization: Bearer <access token>';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = v_uid) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT401', MESSAGE = 'the user of this token no longer exists',
            HINT = 'user_not_found: sign in again';
    END IF;
    RETURN v_uid;
END
$$;
GRANT EXECUTE ON FUNCTION private.touch_updated_at(), private.require_user() TO anon, authenticated, service_role;

-- True when tz is a time zone name PostgreSQL knows.
CREATE OR REPLACE FUNCTION private.is_time_zone(tz text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = tz)
$$;
GRANT EXECUTE ON FUNCTION private.is_time_zone(text) TO anon, authenticated, service_role;

-- Paging arguments checked once, the same way everywhere: limit 1..100, offset >= 0.
CREATE OR REPLACE FUNCTION private.check_page(p_limit integer, p_offset integer) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
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
GRANT EXECUTE ON FUNCTION private.check_page(integer, integer) TO anon, authenticated, service_role;
