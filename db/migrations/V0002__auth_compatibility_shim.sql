-- V0002: on plain PostgreSQL, the part of Supabase's `auth` schema that policies and the
-- self-hosted auth endpoints use. Created only when schema auth does not exist: a real Supabase
-- auth schema is never touched.
DO $shim$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'auth') THEN
        RAISE NOTICE 'schema auth exists (Supabase): compatibility shim skipped';
        RETURN;
    END IF;

    CREATE SCHEMA auth;
    GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;

    -- The columns of Supabase's auth.users that iFarm reads or writes.
    CREATE TABLE auth.users (
        instance_id uuid,
        id uuid PRIMARY KEY,
        aud varchar(255),
        role varchar(255),
        email varchar(255),
        encrypted_password varchar(255),
        email_confirmed_at timestamptz,
        last_sign_in_at timestamptz,
        raw_app_meta_data jsonb,
        raw_user_meta_data jsonb,
        is_super_admin boolean,
        created_at timestamptz,
        updated_at timestamptz,
        phone text,
        banned_until timestamptz,
        deleted_at timestamptz,
        is_anonymous boolean NOT NULL DEFAULT false
    );
    CREATE UNIQUE INDEX users_email_key ON auth.users (lower(email));

    -- Supabase's definitions: the newer request.jwt.claims setting, falling back to the
    -- legacy per-claim settings.
    CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $f$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim.sub', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
        )::uuid
    $f$;
    CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $f$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim.role', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
        )::text
    $f$;
    CREATE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS $f$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim.email', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
        )::text
    $f$;
    CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $f$
        SELECT coalesce(
            nullif(current_setting('request.jwt.claim', true), ''),
            nullif(current_setting('request.jwt.claims', true), '')
        )::jsonb
    $f$;
    GRANT EXECUTE ON FUNCTION auth.uid(), auth.role(), auth.email(), auth.jwt()
        TO anon, authenticated, service_role;
END
$shim$;
