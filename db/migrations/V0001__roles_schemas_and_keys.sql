-- V0001: the roles Supabase has, the schemas every later migration uses, the UUIDv7 key
-- generator and least-privilege defaults.

-- Roles as on Supabase: created only when absent (a Supabase database already has them).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
        CREATE ROLE anon NOLOGIN NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
        CREATE ROLE authenticated NOLOGIN NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
        CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticator') THEN
        CREATE ROLE authenticator LOGIN NOINHERIT;
    END IF;
END
$$;

-- The API connects as authenticator and switches to one of these three, never to anything else.
GRANT anon, authenticated, service_role TO authenticator;

-- Statement timeouts per role as on Supabase; the API applies them on every role switch.
ALTER ROLE anon SET statement_timeout = '3s';
ALTER ROLE authenticated SET statement_timeout = '8s';

CREATE SCHEMA IF NOT EXISTS private;
CREATE SCHEMA IF NOT EXISTS api;
CREATE SCHEMA IF NOT EXISTS outbox;

-- Nobody gets EXECUTE on a new function by default; each file grants what it means to.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
REVOKE ALL ON SCHEMA private FROM PUBLIC;
REVOKE ALL ON SCHEMA outbox FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Supabase grants everything in public to anon and authenticated by default: undo that here so
-- each table is granted explicitly.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON FUNCTIONS FROM anon, authenticated, service_role;

GRANT USAGE ON SCHEMA public, api TO anon, authenticated, service_role;
-- Policies call the private.* helpers as the caller, so the caller needs USAGE on the schema;
-- EXECUTE is granted per helper, and only to the helpers policies use.
GRANT USAGE ON SCHEMA private TO anon, authenticated, service_role;

-- Time-ordered UUIDv7 keys: the server's uuidv7() on PostgreSQL 18, else the same layout in SQL
-- (48-bit Unix milliseconds, version 7, random rest).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'uuidv7' AND pronamespace = 'pg_catalog'::regnamespace) THEN
        EXECUTE $f$
            CREATE OR REPLACE FUNCTION private.uuid7() RETURNS uuid
            LANGUAGE sql VOLATILE PARALLEL SAFE AS 'SELECT pg_catalog.uuidv7()'
        $f$;
    ELSE
        EXECUTE $f$
            CREATE OR REPLACE FUNCTION private.uuid7() RETURNS uuid
            LANGUAGE sql VOLATILE PARALLEL SAFE AS '
                SELECT encode(
                    set_bit(set_bit(
                        overlay(uuid_send(gen_random_uuid())
                            PLACING substring(int8send(
                                (extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                            FROM 1 FOR 6),
                        52, 1), 53, 1), ''hex'')::uuid'
        $f$;
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION private.uuid7() TO anon, authenticated, service_role;

-- pgmigrate's own bookkeeping (public.schema_version, created before this file runs): RLS on and
-- forced like every table in public, readable only by the role that migrates.
REVOKE ALL ON public.schema_version FROM PUBLIC;
ALTER TABLE public.schema_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.schema_version FORCE ROW LEVEL SECURITY;
CREATE POLICY "the migrating role keeps its migration log" ON public.schema_version
    FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- Which version of each db/functions and db/views file is deployed (see `ifarm migrate`).
CREATE TABLE private.deployed_sql_files (
    path text PRIMARY KEY,
    checksum text NOT NULL,
    deployed_at timestamptz NOT NULL DEFAULT now()
);
