-- 110_audit: the audit log (table: V0016). Triggers on every tenant table write who changed what;
-- audit.record() writes actions that change no row (sign-in, sign-out). Security-relevant entries
-- also go to Kafka topic audit.events (outbox.security_events() says which). The log is
-- append-only; monthly partitions are created ahead by a daily job and archived by a weekly one.

-- ===================================================================== who

-- The actor of the current statement, as PostgREST and the iFarm API describe it: the JWT claims
-- (sub, role, session_id) and the request headers (x-request-id, and x-forwarded-for, which the
-- API sets to the client address it saw). Without claims (a job, a DBA): the database role.
CREATE OR REPLACE FUNCTION audit.actor(OUT actor_id uuid, OUT actor_role text, OUT session_id text,
    OUT request_id text, OUT client_addr text)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT auth.uid(), coalesce(c ->> 'role', session_user::text), c ->> 'session_id', h ->> 'x-request-id',
           nullif(btrim(split_part(h ->> 'x-forwarded-for', ',', 1)), '')
    FROM (SELECT nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb AS c,
                 nullif(pg_catalog.current_setting('request.headers', true), '')::jsonb AS h) s
$$;

-- ===================================================================== writing entries

-- Publishes an audit entry that is security-relevant (outbox.security_events()) to audit.events.
CREATE OR REPLACE FUNCTION audit.publish_security(p_entry audit.log, p_changed jsonb) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_name text;
BEGIN
    SELECT replace(e.name, '<status>', coalesce(p_entry.new_values ->> 'status', '')) INTO v_name
    FROM outbox.security_events() e
    WHERE e.table_name IS NOT DISTINCT FROM CASE WHEN p_entry.table_name = 'auth' THEN NULL
                                                 ELSE p_entry.table_name END
      AND e.action = p_entry.action
      AND (e.changed IS NULL OR p_changed ? e.changed)
      AND (e.statuses IS NULL OR p_entry.new_values ->> 'status' = ANY (e.statuses))
    LIMIT 1;
    IF v_name IS NOT NULL THEN
        PERFORM outbox.publish('audit.events', 'security_' || v_name, p_entry.tenant_id, 'audit_entry',
            p_entry.id::text, to_jsonb(p_entry));
    END IF;
    RETURN v_name IS NOT NULL;
END
$$;

-- An action that changes no table row (sign-in, sign-out): written with the actor given, since
-- the request has no claims yet (or any more).
CREATE OR REPLACE FUNCTION audit.record(p_action text, p_actor_id uuid, p_client_addr text,
    p_details jsonb DEFAULT NULL, p_session_id text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_entry audit.log;
BEGIN
    INSERT INTO audit.log (tenant_id, actor_id, actor_role, session_id, request_id, client_addr, table_name,
        row_key, action, new_values)
    SELECT NULL, p_actor_id, CASE WHEN p_actor_id IS NULL THEN 'anon' ELSE 'authenticated' END,
           coalesce(p_session_id, a.session_id), a.request_id, coalesce(p_client_addr, a.client_addr), 'auth',
           CASE WHEN p_actor_id IS NOT NULL THEN jsonb_build_object('user_id', p_actor_id) END, p_action, p_details
    FROM audit.actor() a
    RETURNING * INTO v_entry;
    PERFORM audit.publish_security(v_entry, NULL);
END
$$;

-- Statement trigger for INSERT (REFERENCING NEW TABLE AS audit_rows) and DELETE (OLD TABLE AS
-- audit_rows): one INSERT ... SELECT per statement, so a bulk of 5,000 production records costs one
-- statement here, and the statement is static, so its plan is cached per table (PL/pgSQL keeps one
-- instance of a trigger function per table). The inserted or deleted row is kept whole but for its
-- NULL columns (absent means NULL) and its tenant id (the entry's own column): about 60% fewer
-- bytes for a production record. TG_ARGV: the tenant column ('' for none); flags ('security': the
-- table has security events; 'secrets': it has a token_hash to leave out); then the primary key
-- columns but tenant_id.
CREATE OR REPLACE FUNCTION audit.capture_rows() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_tenant text := nullif(TG_ARGV[0], '');
    v_security boolean := TG_ARGV[1] LIKE '%security%';
    v_secrets boolean := TG_ARGV[1] LIKE '%secrets%';
    v_keys text[] := TG_ARGV[2:];
    v_published bigint;
BEGIN
    WITH written AS (
        INSERT INTO audit.log (tenant_id, actor_id, actor_role, session_id, request_id, client_addr, table_name,
            row_key, action, old_values, new_values)
        SELECT (x.r ->> v_tenant)::uuid, a.actor_id, a.actor_role, a.session_id, a.request_id, a.client_addr,
               TG_TABLE_NAME,
               CASE WHEN v_keys = ARRAY['id'] THEN jsonb_build_object('id', x.r -> 'id')
                    ELSE (SELECT jsonb_object_agg(k, x.r -> k) FROM unnest(v_keys) k) END,
               lower(TG_OP), CASE WHEN TG_OP = 'DELETE' THEN x.v END, CASE WHEN TG_OP = 'INSERT' THEN x.v END
        FROM (SELECT r, jsonb_strip_nulls(r - 'tenant_id') AS v
              FROM (SELECT CASE WHEN v_secrets THEN to_jsonb(t) - 'token_hash' ELSE to_jsonb(t) END AS r
                    FROM audit_rows t) rows) x
        CROSS JOIN audit.actor() a
        RETURNING *)
    SELECT count(*) FILTER (WHERE audit.publish_security(w, NULL)) INTO v_published
    FROM written w WHERE v_security;
    RETURN NULL;
END
$$;

-- Row trigger for UPDATE: only the changed columns, old and new (updated_at alone is no change).
-- TG_ARGV as for audit.capture_rows().
CREATE OR REPLACE FUNCTION audit.capture_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_old jsonb := to_jsonb(OLD) - 'token_hash';
    v_new jsonb := to_jsonb(NEW) - 'token_hash';
    v_changed text[];
    v_entry audit.log;
BEGIN
    SELECT array_agg(k) INTO v_changed FROM jsonb_object_keys(v_new) k
    WHERE k <> 'updated_at' AND v_new -> k IS DISTINCT FROM v_old -> k;
    IF v_changed IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO audit.log (tenant_id, actor_id, actor_role, session_id, request_id, client_addr, table_name,
        row_key, action, old_values, new_values)
    SELECT (v_new ->> nullif(TG_ARGV[0], ''))::uuid, a.actor_id, a.actor_role, a.session_id, a.request_id,
           a.client_addr, TG_TABLE_NAME, (SELECT jsonb_object_agg(k, v_new -> k) FROM unnest(TG_ARGV[2:]) k),
           'update', (SELECT jsonb_object_agg(k, v_old -> k) FROM unnest(v_changed) k),
           (SELECT jsonb_object_agg(k, v_new -> k) FROM unnest(v_changed) k)
    FROM audit.actor() a
    RETURNING * INTO v_entry;
    IF TG_ARGV[1] LIKE '%security%' THEN
        PERFORM audit.publish_security(v_entry, to_jsonb(v_changed));
    END IF;
    RETURN NULL;
END
$$;

-- Tables with a tenant that are not audited, and why (a catalog test holds every other tenant
-- table to its three audit triggers).
CREATE OR REPLACE FUNCTION audit.unaudited_tables() RETURNS TABLE (table_name text, why text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('animal_counts', 'a dashboard summary kept by triggers'),
           ('production_daily_totals', 'a dashboard summary kept by triggers'),
           ('open_lactation_counts', 'a dashboard summary kept by triggers'),
           ('invoice_counters', 'the numbering counter; the invoice''s own entry has its number'),
           ('usage_metrics', 'measurements the usage job writes every 30 minutes'),
           ('notifications', 'a delivery queue written by jobs'),
           ('production_record_revisions', 'itself the history of production corrections')
$$;

-- The triggers: every table of public with a tenant (and tenants and profiles themselves) but
-- those above. Made again whenever this file is applied, so a new table is covered as soon as
-- its migration runs (pgmigrate applies every callback file after a migration).
DO $$
DECLARE
    t record;
    v_args text;
BEGIN
    FOR t IN SELECT tg.tgname, tg.tgrelid::regclass AS rel FROM pg_catalog.pg_trigger tg
             WHERE tg.tgname IN ('audit_insert', 'audit_update', 'audit_delete') AND NOT tg.tgisinternal LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.rel);
    END LOOP;
    FOR t IN
        SELECT c.oid, c.relname,
               CASE WHEN c.relname = 'tenants' THEN 'id'
                    WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid
                                 AND a.attname = 'tenant_id' AND NOT a.attisdropped) THEN 'tenant_id'
                    ELSE '' END AS tenant_column,
               (SELECT array_agg(a.attname::text ORDER BY k.n)
                FROM pg_catalog.pg_constraint con
                CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k (attnum, n)
                JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                WHERE con.conrelid = c.oid AND con.contype = 'p' AND a.attname <> 'tenant_id') AS keys
        FROM pg_catalog.pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
          AND (c.relname IN ('tenants', 'profiles')
               OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid
                          AND a.attname = 'tenant_id' AND NOT a.attisdropped))
          AND c.relname NOT IN (SELECT u.table_name FROM audit.unaudited_tables() u)
    LOOP
        v_args := format('%L, %L', t.tenant_column,
                         concat_ws(',',
                             CASE WHEN EXISTS (SELECT 1 FROM outbox.security_events() e WHERE e.table_name = t.relname)
                                  THEN 'security' END,
                             CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.oid
                                               AND a.attname = 'token_hash' AND NOT a.attisdropped)
                                  THEN 'secrets' END))
                  || (SELECT coalesce(string_agg(format(', %L', k), ''), '') FROM unnest(t.keys) k);
        EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON public.%I REFERENCING NEW TABLE AS audit_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows(%s)', t.relname, v_args);
        EXECUTE format('CREATE TRIGGER audit_delete AFTER DELETE ON public.%I REFERENCING OLD TABLE AS audit_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_rows(%s)', t.relname, v_args);
        EXECUTE format('CREATE TRIGGER audit_update AFTER UPDATE ON public.%I '
                       'FOR EACH ROW EXECUTE FUNCTION audit.capture_update(%s)', t.relname, v_args);
    END LOOP;
END
$$;

-- ===================================================================== append-only

-- UPDATE, DELETE and TRUNCATE of the log are refused for everyone, its owner included. The archive
-- and partition jobs move rows only in their maintenance mode (a transaction-local setting they
-- set themselves; the log's privileges keep every application role out of it anyway).
CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF pg_catalog.current_setting('ifarm.audit_maintenance', true) = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('the audit log is append-only (%s refused)', TG_OP),
        HINT = 'audit_log_append_only';
END
$$;
DROP TRIGGER IF EXISTS refuse_change ON audit.log;
CREATE TRIGGER refuse_change BEFORE UPDATE OR DELETE ON audit.log
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
DROP TRIGGER IF EXISTS refuse_truncate ON audit.log;
CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON audit.log
    FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
DROP TRIGGER IF EXISTS refuse_truncate ON audit.log_default;
CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON audit.log_default
    FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

-- ===================================================================== partitions

-- The partition of the month holding p_month: audit.log_YYYY_MM.
CREATE OR REPLACE FUNCTION audit.partition_name(p_month date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'log_' || to_char(p_month, 'YYYY_MM')
$$;

-- Job (daily): the partitions of this month and the next p_ahead months exist. Rows that fell
-- into the default partition for want of one (the job did not run) move into it. Returns the
-- partitions created.
CREATE OR REPLACE FUNCTION audit.ensure_partitions(p_as_of timestamptz, p_ahead integer DEFAULT 3) RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_month date;
    v_name text;
    v_created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(42420011);
    FOR v_month IN SELECT (date_trunc('month', p_as_of AT TIME ZONE 'UTC') + make_interval(months => k))::date
                   FROM generate_series(0, p_ahead) k LOOP
        v_name := audit.partition_name(v_month);
        CONTINUE WHEN to_regclass('audit.' || v_name) IS NOT NULL;
        EXECUTE format('CREATE TABLE audit.%I (LIKE audit.log INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_name);
        PERFORM set_config('ifarm.audit_maintenance', 'on', true);
        EXECUTE format('WITH moved AS (DELETE FROM audit.log_default WHERE occurred_at >= %L AND occurred_at < %L '
                       'RETURNING *) INSERT INTO audit.%I SELECT * FROM moved',
                       v_month::timestamp AT TIME ZONE 'UTC', (v_month + interval '1 month') AT TIME ZONE 'UTC',
                       v_name);
        PERFORM set_config('ifarm.audit_maintenance', 'off', true);
        EXECUTE format('ALTER TABLE audit.log ATTACH PARTITION audit.%I FOR VALUES FROM (%L) TO (%L)', v_name,
                       v_month::timestamp AT TIME ZONE 'UTC', (v_month + interval '1 month') AT TIME ZONE 'UTC');
        EXECUTE format('CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON audit.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()', v_name);
        v_created := v_created + 1;
    END LOOP;
    RETURN v_created;
END
$$;

-- Job (Mondays 02:00): partitions whose month ended more than p_retention_days before p_as_of
-- are detached and moved to schema audit_archive (kept, not dropped: `ifarm audit restore`
-- attaches one again). Idempotent; two at once serialize on a lock. Returns the partitions moved.
CREATE OR REPLACE FUNCTION audit.archive_partitions(p_as_of timestamptz, p_retention_days integer)
RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_part record;
    v_moved integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(42420011);
    FOR v_part IN
        SELECT c.relname
        FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit.log'::regclass AND c.relname ~ '^log_[0-9]{4}_[0-9]{2}$'
          AND (to_date(substr(c.relname, 5), 'YYYY_MM') + interval '1 month')::timestamp AT TIME ZONE 'UTC'
              <= p_as_of - make_interval(days => p_retention_days)
        ORDER BY c.relname
    LOOP
        EXECUTE format('ALTER TABLE audit.log DETACH PARTITION audit.%I', v_part.relname);
        EXECUTE format('ALTER TABLE audit.%I SET SCHEMA audit_archive', v_part.relname);
        -- Detaching drops the triggers cloned from the log: the archive stays append-only by its own.
        EXECUTE format('CREATE TRIGGER refuse_change_archived BEFORE UPDATE OR DELETE ON audit_archive.%I '
                       'FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()', v_part.relname);
        v_moved := v_moved + 1;
    END LOOP;
    RETURN v_moved;
END
$$;

-- Attaches an archived month again (`ifarm audit restore YYYY-MM`). Returns its rows.
CREATE OR REPLACE FUNCTION audit.restore_partition(p_month date) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_name text := audit.partition_name(date_trunc('month', p_month)::date);
    v_month date := date_trunc('month', p_month)::date;
    v_rows bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(42420011);
    IF to_regclass('audit_archive.' || v_name) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = format('no archived audit partition %s', v_name),
            HINT = 'audit_partition_not_found';
    END IF;
    EXECUTE format('DROP TRIGGER IF EXISTS refuse_change_archived ON audit_archive.%I', v_name);
    EXECUTE format('ALTER TABLE audit_archive.%I SET SCHEMA audit', v_name);
    EXECUTE format('ALTER TABLE audit.log ATTACH PARTITION audit.%I FOR VALUES FROM (%L) TO (%L)', v_name,
                   v_month::timestamp AT TIME ZONE 'UTC', (v_month + interval '1 month') AT TIME ZONE 'UTC');
    EXECUTE format('SELECT count(*) FROM audit.%I', v_name) INTO v_rows;
    RETURN v_rows;
END
$$;

-- Partitions for now and the next three months (the daily job keeps it so).
SELECT audit.ensure_partitions(now());

-- ===================================================================== reading

DROP POLICY IF EXISTS "auditors read their tenant's trail" ON audit.log;
CREATE POLICY "auditors read their tenant's trail" ON audit.log
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids_with('audit.read')));
GRANT USAGE ON SCHEMA audit TO authenticated, service_role;
GRANT SELECT ON audit.log TO authenticated;
REVOKE EXECUTE ON FUNCTION audit.publish_security(audit.log, jsonb), audit.capture_rows(), audit.capture_update(),
    audit.ensure_partitions(timestamptz, integer), audit.archive_partitions(timestamptz, integer),
    audit.restore_partition(date), audit.record(text, uuid, text, jsonb, text) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION audit.actor() TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION audit.record(text, uuid, text, jsonb, text) TO service_role;

-- The tenant's audit trail, newest first: filters by table, row id, user and time range
-- (from_at inclusive, to_at exclusive). Owners and admins (audit.read) only.
CREATE OR REPLACE FUNCTION api.list_audit_log(tenant_id uuid, table_name text DEFAULT NULL, row_id text DEFAULT NULL,
    user_id uuid DEFAULT NULL, from_at timestamptz DEFAULT NULL, to_at timestamptz DEFAULT NULL,
    "limit" integer DEFAULT 50, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t uuid := list_audit_log.tenant_id;
BEGIN
    PERFORM private.require_permission(t, 'audit.read');
    PERFORM private.check_page(list_audit_log."limit", list_audit_log."offset");
    RETURN (
        WITH matching AS (
            SELECT l.* FROM audit.log l
            WHERE l.tenant_id = t
              AND (list_audit_log.table_name IS NULL OR l.table_name = list_audit_log.table_name)
              AND (list_audit_log.row_id IS NULL OR l.row_key ->> 'id' = list_audit_log.row_id)
              AND (list_audit_log.user_id IS NULL OR l.actor_id = list_audit_log.user_id)
              AND (list_audit_log.from_at IS NULL OR l.occurred_at >= list_audit_log.from_at)
              AND (list_audit_log.to_at IS NULL OR l.occurred_at < list_audit_log.to_at))
        SELECT jsonb_build_object(
            'count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(to_jsonb(p) ORDER BY p.occurred_at DESC, p.id DESC)
                                 FROM (SELECT * FROM matching m ORDER BY m.occurred_at DESC, m.id DESC
                                       LIMIT list_audit_log."limit" OFFSET list_audit_log."offset") p),
                                '[]'::jsonb)));
END
$$;
COMMENT ON FUNCTION api.list_audit_log(uuid, text, text, uuid, timestamptz, timestamptz, integer, integer) IS
    'The tenant''s audit trail, newest first, filtered by table, row, user and time (owners and admins).';
