-- 120_replication: the backup database (tables: V0021). What is replicated (a registry read from the
-- catalog, so a new table is published unless it is listed below with its reason), the write fence
-- that keeps every database but the active one from taking application writes, the switches of roles
-- (promote, fence, the owner's set_node_role), the status the monitors and `ifarm replication status`
-- read, and the replication health job. The steps that PostgreSQL runs only outside a transaction
-- (CREATE/DROP SUBSCRIPTION) are driven by app/replication.py.

-- ===================================================================== what is replicated

-- The schemas whose tables are published, and those that are not (with why). A catalog test holds
-- every schema that has tables to one list or the other.
CREATE OR REPLACE FUNCTION private.replicated_schemas() RETURNS TABLE (schema_name text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('public'), ('private'), ('auth'), ('audit'), ('outbox'), ('storage')
$$;

CREATE OR REPLACE FUNCTION private.unreplicated_schemas() RETURNS TABLE (schema_name text, why text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('api', 'functions only, created by the migrations on each database'),
           ('audit_archive', 'months detached from the audit log stay on the database that archived them')
$$;

-- Tables of those schemas that are not published, and why. Everything else is, so a table another
-- migration adds is on the backup without anyone listing it (the catalog test then checks that it has
-- a primary key and takes no ids from a sequence: a sequence's state is not replicated).
CREATE OR REPLACE FUNCTION private.unreplicated_tables() RETURNS TABLE (table_name text, why text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('public.schema_version', 'pgmigrate''s log of its own: `ifarm migrate` migrates each database'),
           ('private.deployed_sql_files', 'which function files this database has deployed (`ifarm migrate`)'),
           ('private.node_state', 'this database''s own role and epoch in the pair'),
           ('outbox.events', 'ids from a local sequence: the outbox belongs to whichever database serves'),
           ('private.job_runs', 'ids from a local sequence: each database''s own job log (jobs are idempotent '
                                || 'through their own keys)'),
           ('private.login_attempts', 'ids from a local sequence: the sign-in rate-limit window starts afresh '
                                      || 'after a switch'),
           ('private.dashboard_refreshes', 'when this database refreshed its materialized views, which are not '
                                           || 'replicated either'),
           -- Reference data: the migrations insert it on both databases, so a published copy would
           -- collide with the backup's own rows. Change it with a migration.
           ('public.roles', 'reference data written by migrations, which run on both databases'),
           ('public.role_permissions', 'reference data written by migrations, which run on both databases'),
           ('public.species', 'reference data written by migrations, which run on both databases'),
           ('public.species_products', 'reference data written by migrations, which run on both databases'),
           ('public.breeds', 'reference data written by migrations, which run on both databases'),
           ('public.plans', 'reference data written by migrations, which run on both databases'),
           ('public.cascade_withdrawal_minimums', 'reference data written by migrations, which run on both databases'),
           ('storage.buckets', 'reference data written by migrations, which run on both databases'),
           ('public.device_types', 'reference data written by migrations, which run on both databases'),
           ('public.device_metrics', 'reference data written by migrations, which run on both databases')
$$;

-- The published tables: every table of the replicated schemas that the application's migrations
-- created (owned by the role that owns schema private; on Supabase its own auth tables are not ours),
-- not a partition (the audit log is published through its root), not an extension's, not listed above.
CREATE OR REPLACE FUNCTION private.replicated_tables() RETURNS TABLE (table_name text)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname IN (SELECT s.schema_name FROM private.replicated_schemas() s)
      AND c.relowner = (SELECT p.nspowner FROM pg_catalog.pg_namespace p WHERE p.nspname = 'private')
      AND pg_catalog.format('%I.%I', n.nspname, c.relname) NOT IN (SELECT u.table_name FROM private.unreplicated_tables() u)
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                      WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1
$$;

-- The publication of this database (created when missing) holding exactly the given tables, or this
-- database's registry; the role the subscriber logs in as (p_reader) may read them, which the initial
-- copy of a table needs. The audit log is published through its root, so the backup's partitions may
-- differ from the primary's.
CREATE OR REPLACE FUNCTION private.sync_publication(p_name text, p_tables text[] DEFAULT NULL,
    p_reader text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    v_tables text[] := ARRAY(SELECT t::pg_catalog.regclass::text
                             FROM unnest(coalesce(p_tables, ARRAY(SELECT r.table_name FROM private.replicated_tables() r))) t);
    v_schema text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication p WHERE p.pubname = p_name) THEN
        EXECUTE pg_catalog.format('CREATE PUBLICATION %I WITH (publish_via_partition_root = true)', p_name);
    END IF;
    EXECUTE pg_catalog.format('ALTER PUBLICATION %I SET TABLE %s', p_name, array_to_string(v_tables, ', '));
    IF p_reader IS NOT NULL AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = p_reader) THEN
        FOR v_schema IN SELECT DISTINCT c.relnamespace::regnamespace::text FROM pg_catalog.pg_class c
                        WHERE c.oid = ANY (v_tables::pg_catalog.regclass[]) LOOP
            EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA %s TO %I', v_schema, p_reader);
        END LOOP;
        EXECUTE pg_catalog.format('GRANT SELECT ON %s TO %I', array_to_string(v_tables, ', '), p_reader);
    END IF;
    RETURN cardinality(v_tables);
END
$$;

-- ===================================================================== the write fence

-- Statement trigger on every replicated table: a write is refused unless this database is the active
-- one of the pair and, when the writer says which epoch it writes for (ifarm.epoch, set on every
-- connection of the API, the scheduler, the relay and the consumers), unless that epoch is this
-- database's. So the backup takes no client write until a failover promotes it, a former primary that
-- comes back takes none until failback, and a process that has not seen a switch yet is refused by the
-- new primary instead of writing under the old epoch. The logical replication apply worker never fires
-- it (it applies with session_replication_role = replica), so the standby keeps applying. The owner's
-- maintenance sessions may pass with ifarm.bypass_fence = on; the client roles never can.
CREATE OR REPLACE FUNCTION private.refuse_writes_unless_active() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_role text;
    v_epoch bigint;
    v_claimed text := nullif(pg_catalog.current_setting('ifarm.epoch', true), '');
BEGIN
    SELECT n.role, n.epoch INTO v_role, v_epoch FROM private.node_state n;
    IF v_role = 'active' AND (v_claimed IS NULL OR v_claimed = v_epoch::text) THEN
        RETURN NULL;
    END IF;
    IF pg_catalog.current_setting('ifarm.bypass_fence', true) = 'on'
       AND current_user NOT IN ('anon', 'authenticated', 'service_role') THEN
        RETURN NULL;
    END IF;
    IF v_role = 'standby' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT503',
            MESSAGE = 'this database is the standby of the pair: it takes writes only after a failover promotes it',
            DETAIL = pg_catalog.format('role=standby epoch=%s table=%s', v_epoch, TG_TABLE_NAME),
            HINT = 'read_only_standby: write to the active database';
    ELSIF v_role = 'fenced' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT503',
            MESSAGE = 'this database was the primary before a failover: it takes writes again only after failback',
            DETAIL = pg_catalog.format('role=fenced epoch=%s table=%s', v_epoch, TG_TABLE_NAME),
            HINT = 'fenced: write to the active database';
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'PT503',
        MESSAGE = pg_catalog.format('the writer expected epoch %s but this database holds epoch %s', v_claimed, v_epoch),
        DETAIL = pg_catalog.format('role=%s epoch=%s table=%s', v_role, v_epoch, TG_TABLE_NAME),
        HINT = 'epoch_changed: the active database changed; retry';
END
$$;

-- The fence on every replicated table, made again whenever this file is applied, so a table a new
-- migration adds is fenced as soon as it exists (pgmigrate applies every callback file after a
-- migration); a table taken off the registry loses it.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT tg.tgrelid::regclass::text AS rel FROM pg_catalog.pg_trigger tg
             WHERE tg.tgname = 'refuse_writes_unless_active' AND NOT tg.tgisinternal
               AND tg.tgrelid::regclass::text NOT IN (SELECT r.table_name FROM private.replicated_tables() r) LOOP
        EXECUTE format('DROP TRIGGER refuse_writes_unless_active ON %s', t.rel);
    END LOOP;
    FOR t IN SELECT r.table_name FROM private.replicated_tables() r LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER refuse_writes_unless_active '
                       'BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION private.refuse_writes_unless_active()', t.table_name);
    END LOOP;
END
$$;

-- ===================================================================== switching roles

-- The owner sets this database's role in the pair (setup, resync, failback). Epochs never go back, and
-- the commit never waits for a synchronous standby (an admin step must not hang on a missing backup).
CREATE OR REPLACE FUNCTION private.set_node_role(p_role text, p_epoch bigint, p_side text, p_name text,
    p_mode text, p_reason text) RETURNS void
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    v_epoch bigint;
BEGIN
    PERFORM pg_catalog.set_config('synchronous_commit', 'local', true);
    SELECT n.epoch INTO v_epoch FROM private.node_state n FOR UPDATE;
    IF p_epoch < v_epoch THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('epochs never go back: this database holds %s, asked for %s', v_epoch, p_epoch),
            HINT = 'epoch_changed';
    END IF;
    UPDATE private.node_state SET role = p_role, epoch = p_epoch, side = p_side, replication_name = p_name,
        mode = coalesce(p_mode, mode), reason = p_reason, changed_at = now();
END
$$;

-- A switch in the history (written past the fence: the writer's epoch is the old one).
CREATE OR REPLACE FUNCTION private.record_switch(p_kind text, p_epoch bigint, p_active_side text,
    p_detail jsonb DEFAULT '{}'::jsonb) RETURNS void
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', 'on', true);
    INSERT INTO private.replication_switches (kind, epoch, active_side, detail)
    VALUES (p_kind, p_epoch, p_active_side, p_detail);
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', '', true);
END
$$;

-- Failover: makes this standby the active database under the next epoch, once. A compare-and-set on
-- the epoch the caller saw: many monitors racing to promote make one switch, and the others get the
-- new epoch back. Its subscriptions are disabled in the same transaction, so nothing from the old
-- primary is applied after the switch, and the old primary (in synchronous mode) can no longer
-- acknowledge a commit.
CREATE OR REPLACE FUNCTION private.promote(p_expected_epoch bigint, p_reason text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_node private.node_state;
    v_sub text;
BEGIN
    PERFORM pg_catalog.set_config('synchronous_commit', 'local', true);
    SELECT * INTO v_node FROM private.node_state FOR UPDATE;
    IF v_node.role = 'active' AND v_node.epoch > p_expected_epoch THEN
        RETURN v_node.epoch;  -- promoted already, by another monitor
    END IF;
    IF v_node.role <> 'standby' OR v_node.epoch <> p_expected_epoch THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('this database is %s at epoch %s; a promotion expected a standby at epoch %s',
                                        v_node.role, v_node.epoch, p_expected_epoch),
            HINT = 'epoch_changed';
    END IF;
    FOR v_sub IN SELECT s.subname FROM pg_catalog.pg_subscription s
                 JOIN pg_catalog.pg_database d ON d.oid = s.subdbid
                 WHERE d.datname = pg_catalog.current_database() AND s.subenabled LOOP
        EXECUTE pg_catalog.format('ALTER SUBSCRIPTION %I DISABLE', v_sub);
    END LOOP;
    UPDATE private.node_state SET role = 'active', epoch = v_node.epoch + 1, reason = p_reason, changed_at = now();
    PERFORM private.record_switch('failover', v_node.epoch + 1, coalesce(v_node.side, 'backup'),
                                  jsonb_build_object('reason', p_reason));
    RETURN v_node.epoch + 1;
END
$$;

-- A former primary seen again after a failover, still active at an older epoch: fenced, it refuses
-- application writes until failback. True when this call fenced it.
CREATE OR REPLACE FUNCTION private.fence(p_active_epoch bigint, p_reason text DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    PERFORM pg_catalog.set_config('synchronous_commit', 'local', true);
    UPDATE private.node_state SET role = 'fenced', reason = p_reason, changed_at = now()
    WHERE role = 'active' AND epoch < p_active_epoch;
    RETURN FOUND;
END
$$;

-- Empties the replicated tables of a database about to be copied again from the active one (resync,
-- failback). Never the active database's: that would be the only copy.
CREATE OR REPLACE FUNCTION private.empty_for_resync(p_tables text[] DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    v_role text;
    v_tables text[] := ARRAY(SELECT t::pg_catalog.regclass::text
                             FROM unnest(coalesce(p_tables, ARRAY(SELECT r.table_name FROM private.replicated_tables() r))) t);
BEGIN
    SELECT n.role INTO v_role FROM private.node_state n;
    IF v_role = 'active' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'this database is the active one: it is copied from, never emptied',
            HINT = 'active_database';
    END IF;
    PERFORM pg_catalog.set_config('synchronous_commit', 'local', true);
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', 'on', true);
    PERFORM pg_catalog.set_config('ifarm.audit_maintenance', 'on', true);  -- the audit log refuses TRUNCATE otherwise
    EXECUTE 'TRUNCATE ' || array_to_string(v_tables, ', ');
    PERFORM pg_catalog.set_config('ifarm.audit_maintenance', 'off', true);
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', '', true);
    RETURN cardinality(v_tables);
END
$$;

-- A beat from this side: the marker a switch waits for on the other database (every change committed
-- here before it has been applied there once it arrives), and the health job's end-to-end lag.
CREATE OR REPLACE FUNCTION private.beat(p_source text) RETURNS uuid
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    v_token uuid := private.uuid7();
BEGIN
    PERFORM pg_catalog.set_config('synchronous_commit', 'local', true);
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', 'on', true);
    INSERT INTO private.replication_beats (source, token, beat_at) VALUES (p_source, v_token, clock_timestamp())
    ON CONFLICT (source) DO UPDATE SET token = excluded.token, beat_at = excluded.beat_at;
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', '', true);
    RETURN v_token;
END
$$;

-- ===================================================================== status

-- This database's role, epoch and replication state: the slots of its publication (and their lag as
-- the subscriber confirmed it), its subscriptions (worker, tables copied, errors), the last switch and
-- the open incidents. Read by the monitors every probe, by /health, /metrics and `ifarm replication
-- status`; security definer because the walsender and subscription views show their details only to
-- monitoring roles.
CREATE OR REPLACE FUNCTION private.replication_status() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_node private.node_state;
BEGIN
    SELECT * INTO v_node FROM private.node_state;
    RETURN jsonb_build_object(
        'role', v_node.role, 'epoch', v_node.epoch, 'side', v_node.side, 'name', v_node.replication_name,
        'mode', v_node.mode, 'reason', v_node.reason, 'changed_at', v_node.changed_at,
        'server_version', pg_catalog.current_setting('server_version_num')::int,
        'synchronous_standby_names', pg_catalog.current_setting('synchronous_standby_names'),
        'last_switch', (SELECT to_jsonb(s) - 'id' FROM private.replication_switches s
                        ORDER BY s.switched_at DESC LIMIT 1),
        'open_incidents', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', i.kind, 'opened_at', i.opened_at,
                                                                        'detail', i.detail) ORDER BY i.opened_at), '[]')
                           FROM private.replication_incidents i WHERE i.closed_at IS NULL),
        'slots', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'name', s.slot_name, 'active', s.active, 'wal_status', s.wal_status,
                      'lag_bytes', pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), s.confirmed_flush_lsn),
                      'state', r.state, 'sync_state', r.sync_state,
                      'replay_lag_seconds', extract(epoch FROM r.replay_lag)) ORDER BY s.slot_name), '[]')
                  FROM pg_catalog.pg_replication_slots s
                  LEFT JOIN pg_catalog.pg_stat_replication r ON r.pid = s.active_pid
                  WHERE s.database = pg_catalog.current_database() AND s.slot_type = 'logical'),
        'subscriptions', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'name', sub.subname, 'enabled', sub.subenabled, 'worker_pid', w.pid,
                      'received_lsn', w.received_lsn::text, 'last_msg_receipt_time', w.last_msg_receipt_time,
                      'latest_end_time', w.latest_end_time,
                      'tables', (SELECT count(*) FROM pg_catalog.pg_subscription_rel r WHERE r.srsubid = sub.oid),
                      'tables_ready', (SELECT count(*) FROM pg_catalog.pg_subscription_rel r
                                       WHERE r.srsubid = sub.oid AND r.srsubstate = 'r'),
                      'apply_error_count', st.apply_error_count, 'sync_error_count', st.sync_error_count)
                      ORDER BY sub.subname), '[]')
                  FROM pg_catalog.pg_subscription sub
                  JOIN pg_catalog.pg_database d ON d.oid = sub.subdbid AND d.datname = pg_catalog.current_database()
                  LEFT JOIN LATERAL (SELECT x.pid, x.received_lsn, x.last_msg_receipt_time, x.latest_end_time
                                     FROM pg_catalog.pg_stat_subscription x
                                     WHERE x.subid = sub.oid AND x.relid IS NULL ORDER BY x.pid LIMIT 1) w ON true
                  LEFT JOIN pg_catalog.pg_stat_subscription_stats st ON st.subid = sub.oid),
        'beats', (SELECT coalesce(jsonb_object_agg(b.source, jsonb_build_object('token', b.token, 'beat_at', b.beat_at)),
                                  '{}') FROM private.replication_beats b)
    );
END
$$;
GRANT EXECUTE ON FUNCTION private.replication_status() TO authenticator, service_role;
GRANT EXECUTE ON FUNCTION private.promote(bigint, text), private.fence(bigint, text) TO service_role;

-- ===================================================================== the health job

-- Job (every 30 s, on the active database): what is wrong with the way to the standby, each kind one
-- open incident until it is no longer seen -- no standby at all (running alone after a failover),
-- the standby disconnected, lag over the bound, the slot's WAL at risk, and in synchronous mode no
-- synchronous standby (every commit waits). Writes a beat for the standby's end-to-end lag. Returns
-- the number of open incidents.
CREATE OR REPLACE FUNCTION private.record_replication_health(p_at timestamptz, p_max_lag_seconds numeric DEFAULT 30,
    p_max_lag_bytes bigint DEFAULT 67108864) RETURNS bigint
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    v_node private.node_state;
    v_slot record;
    v_seen jsonb := '{}'::jsonb;
    v_kind text;
    v_open bigint;
BEGIN
    SELECT * INTO v_node FROM private.node_state;
    IF v_node.replication_name IS NULL OR v_node.role <> 'active' THEN
        RETURN 0;
    END IF;
    PERFORM private.beat(coalesce(v_node.side, 'primary'));
    SELECT s.active, s.wal_status, r.sync_state,
           pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), s.confirmed_flush_lsn) AS lag_bytes,
           extract(epoch FROM r.replay_lag) AS lag_seconds
    INTO v_slot
    FROM pg_catalog.pg_replication_slots s
    LEFT JOIN pg_catalog.pg_stat_replication r ON r.pid = s.active_pid
    WHERE s.database = pg_catalog.current_database()
      AND s.slot_name = CASE WHEN v_node.side = 'backup' THEN v_node.replication_name || '_failback'
                             ELSE v_node.replication_name END;
    IF NOT FOUND THEN
        v_seen := jsonb_build_object('no_standby', jsonb_build_object(
            'side', v_node.side, 'epoch', v_node.epoch,
            'action', CASE WHEN v_node.side = 'backup' THEN 'ifarm replication failback'
                           ELSE 'ifarm replication setup' END));
    ELSE
        IF NOT v_slot.active THEN
            v_seen := v_seen || jsonb_build_object('standby_disconnected', jsonb_build_object('lag_bytes', v_slot.lag_bytes));
        END IF;
        IF v_slot.lag_seconds > p_max_lag_seconds OR v_slot.lag_bytes > p_max_lag_bytes THEN
            v_seen := v_seen || jsonb_build_object('lag_high', jsonb_build_object(
                'lag_bytes', v_slot.lag_bytes, 'lag_seconds', v_slot.lag_seconds,
                'max_lag_seconds', p_max_lag_seconds, 'max_lag_bytes', p_max_lag_bytes));
        END IF;
        IF v_slot.wal_status IN ('unreserved', 'lost') THEN
            v_seen := v_seen || jsonb_build_object('slot_wal_at_risk', jsonb_build_object('wal_status', v_slot.wal_status));
        END IF;
        IF v_node.mode = 'sync' AND v_slot.sync_state IS DISTINCT FROM 'sync' THEN
            v_seen := v_seen || jsonb_build_object('sync_standby_missing', jsonb_build_object(
                'sync_state', v_slot.sync_state,
                'synchronous_standby_names', pg_catalog.current_setting('synchronous_standby_names')));
        END IF;
    END IF;
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', 'on', true);
    UPDATE private.replication_incidents i SET closed_at = p_at
    WHERE i.closed_at IS NULL AND NOT v_seen ? i.kind;
    FOR v_kind IN SELECT jsonb_object_keys(v_seen) LOOP
        INSERT INTO private.replication_incidents (kind, opened_at, last_seen_at, detail)
        VALUES (v_kind, p_at, p_at, v_seen -> v_kind)
        ON CONFLICT (kind) WHERE closed_at IS NULL
        DO UPDATE SET last_seen_at = excluded.last_seen_at, detail = excluded.detail;
    END LOOP;
    PERFORM pg_catalog.set_config('ifarm.bypass_fence', '', true);
    SELECT count(*) INTO v_open FROM private.replication_incidents i WHERE i.closed_at IS NULL;
    RETURN v_open;
END
$$;
