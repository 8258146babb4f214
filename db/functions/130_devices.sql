-- 130_devices: farm devices (tables: V0018) -- the registry, device keys, thresholds and the reads
-- of readings, rollups, latest values and alerts. The ingest path and what a stored reading sets off
-- (rollups, farm records, alerts, the partitions): 131_device_ingest.sql.
--
-- Who may do what: every member reads the devices (and their readings, thresholds and alerts) on
-- the farms they can access; owners, admins and managers (devices.manage) register, change and
-- retire devices and manage their keys and thresholds. Plan limits count the active devices.
--
-- Device keys: `ifd_<8 hex>_<64 hex>`, made in SQL from gen_random_uuid() (PostgreSQL's strong
-- random source; 8 + 64 hex digits of which 244 bits are random). Only the SHA-256 of the whole key
-- is kept: a fast hash is enough for a random key of that size (nobody can search 2^244 keys, which
-- is what slow password hashes defend against), and it lets the ingest path find the key with one
-- index probe. The prefix is kept in clear for support. A rotation issues a new key and lets the old
-- ones live for a grace period (a gateway buffering readings needs both while it is reconfigured).

-- ===================================================================== helpers

-- The devices on the farms the caller may access, across tenants: the form the policies use.
CREATE OR REPLACE FUNCTION private.my_devices() RETURNS TABLE (tenant_id uuid, device_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT d.tenant_id, d.id
    FROM private.my_farms() f
    JOIN public.devices d ON d.tenant_id = f.tenant_id AND d.farm_id = f.farm_id
$$;

-- The tenant of a device key's hash and whether it is live now (for tests and support tools).
CREATE OR REPLACE FUNCTION private.device_key_is_live(k public.device_keys) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > private.now())
$$;

GRANT EXECUTE ON FUNCTION private.my_devices(), private.device_key_is_live(public.device_keys)
    TO authenticated, service_role;

-- JSON of a device: its row, its last contact (the newest reading received) and its live keys'
-- prefixes.
CREATE OR REPLACE FUNCTION private.device_json(d public.devices) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', d.id, 'tenant_id', d.tenant_id, 'farm_id', d.farm_id,
        'device_type', d.device_type, 'serial_number', d.serial_number, 'name', d.name, 'animal_id', d.animal_id,
        'location_id', d.location_id, 'status', d.status, 'notes', d.notes, 'registered_by', d.registered_by,
        'created_at', d.created_at, 'updated_at', d.updated_at, 'retired_at', d.retired_at,
        'last_seen_at', (SELECT max(l.received_at) FROM public.device_latest_readings l
                         WHERE l.tenant_id = d.tenant_id AND l.device_id = d.id))
$$;
GRANT EXECUTE ON FUNCTION private.device_json(public.devices) TO authenticated, service_role;

-- The device, as the caller sees it (RLS), or 404.
CREATE OR REPLACE FUNCTION private.require_device(p_tenant_id uuid, p_device_id uuid) RETURNS public.devices
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_row public.devices;
BEGIN
    SELECT * INTO v_row FROM public.devices d WHERE d.tenant_id = p_tenant_id AND d.id = p_device_id;
    IF v_row.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'device not found',
            DETAIL = format('device_id=%s', p_device_id), HINT = 'device_not_found';
    END IF;
    RETURN v_row;
END
$$;
GRANT EXECUTE ON FUNCTION private.require_device(uuid, uuid) TO authenticated, service_role;

-- The unit a device type reports a metric in, or 422 naming the type's metrics.
CREATE OR REPLACE FUNCTION private.require_metric(p_device_type text, p_metric text) RETURNS public.device_metrics
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_row public.device_metrics;
BEGIN
    SELECT * INTO v_row FROM public.device_metrics m WHERE m.device_type = p_device_type AND m.metric = p_metric;
    IF v_row.metric IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422',
            MESSAGE = format('a %s does not measure %s', p_device_type, coalesce(p_metric, '(none)')),
            DETAIL = format('metrics: %s', (SELECT string_agg(m.metric, ', ' ORDER BY m.metric)
                                            FROM public.device_metrics m WHERE m.device_type = p_device_type)),
            HINT = 'invalid_metric';
    END IF;
    RETURN v_row;
END
$$;
GRANT EXECUTE ON FUNCTION private.require_metric(text, text) TO authenticated, service_role;

-- ===================================================================== keys

-- Issues a new key for a device and returns it with the key itself (the only time it is shown).
-- With p_retire_others, the device's other live keys end: after p_grace_seconds (a rotation), or at
-- once when that is 0. Called by the api functions after their checks, and by the demo seed; no
-- client role may execute it.
CREATE OR REPLACE FUNCTION private.issue_device_key(p_tenant_id uuid, p_device_id uuid, p_retire_others boolean,
    p_grace_seconds integer) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_prefix text := 'ifd_' || left(replace(gen_random_uuid()::text, '-', ''), 8);
    v_key text := v_prefix || '_' || replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
    v_row public.device_keys;
    v_ended integer := 0;
BEGIN
    IF p_retire_others THEN
        UPDATE public.device_keys k
        SET expires_at = CASE WHEN p_grace_seconds > 0
                              THEN least(coalesce(k.expires_at, 'infinity'),
                                         private.now() + make_interval(secs => p_grace_seconds))
                              ELSE k.expires_at END,
            revoked_at = CASE WHEN p_grace_seconds > 0 THEN NULL ELSE now() END,
            revoked_by = CASE WHEN p_grace_seconds > 0 THEN NULL ELSE auth.uid() END
        WHERE k.tenant_id = p_tenant_id AND k.device_id = p_device_id AND private.device_key_is_live(k);
        GET DIAGNOSTICS v_ended = ROW_COUNT;
    END IF;
    INSERT INTO public.device_keys (tenant_id, device_id, prefix, token_hash, created_by)
    VALUES (p_tenant_id, p_device_id, v_prefix, pg_catalog.sha256(pg_catalog.convert_to(v_key, 'UTF8')), auth.uid())
    RETURNING * INTO v_row;
    RETURN jsonb_build_object('id', v_row.id, 'device_id', v_row.device_id, 'prefix', v_row.prefix, 'key', v_key,
        'created_at', v_row.created_at, 'expires_at', v_row.expires_at, 'previous_keys_ending', v_ended,
        'previous_keys_end_at', CASE WHEN v_ended > 0 THEN
            CASE WHEN p_grace_seconds > 0 THEN private.now() + make_interval(secs => p_grace_seconds) ELSE now() END END);
END
$$;
REVOKE EXECUTE ON FUNCTION private.issue_device_key(uuid, uuid, boolean, integer) FROM PUBLIC, anon, authenticated;

-- The checks before a key is issued: the caller manages devices and sees this active device.
CREATE OR REPLACE FUNCTION private.require_manageable_device(p_tenant_id uuid, p_device_id uuid) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_status text;
BEGIN
    PERFORM private.require_permission(p_tenant_id, 'devices.manage');
    SELECT d.status INTO v_status FROM public.devices d
    WHERE d.tenant_id = p_tenant_id AND d.id = p_device_id
      AND (d.tenant_id, d.id) IN (SELECT m.tenant_id, m.device_id FROM private.my_devices() m);
    IF v_status IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'device not found',
            DETAIL = format('device_id=%s', p_device_id), HINT = 'device_not_found';
    ELSIF v_status = 'retired' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the device is retired', HINT = 'device_retired';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION private.require_manageable_device(uuid, uuid) TO authenticated, service_role;

-- Issue a device its first key (or a new one after a revocation). SECURITY DEFINER: keys are made in
-- SQL only; clients have no INSERT on device_keys, so no client can choose its own (weak) key.
CREATE OR REPLACE FUNCTION api.create_device_key(tenant_id uuid, device_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    PERFORM private.require_manageable_device(create_device_key.tenant_id, create_device_key.device_id);
    IF EXISTS (SELECT 1 FROM public.device_keys k
               WHERE k.tenant_id = create_device_key.tenant_id AND k.device_id = create_device_key.device_id
                 AND private.device_key_is_live(k)) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the device already has a live key',
            HINT = 'device_key_exists: rotate it instead';
    END IF;
    RETURN private.issue_device_key(create_device_key.tenant_id, create_device_key.device_id, false, 0);
END
$$;
COMMENT ON FUNCTION api.create_device_key(uuid, uuid) IS
    'Issue a device key when it has none live; the key is shown in this answer only.';

-- Replace a device's key: a new key now, the old ones live for grace_seconds more (0 = revoked at
-- once; at most 7 days). SECURITY DEFINER: as api.create_device_key.
CREATE OR REPLACE FUNCTION api.rotate_device_key(tenant_id uuid, device_id uuid, grace_seconds integer DEFAULT 3600)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    PERFORM private.require_manageable_device(rotate_device_key.tenant_id, rotate_device_key.device_id);
    IF rotate_device_key.grace_seconds IS NULL OR rotate_device_key.grace_seconds NOT BETWEEN 0 AND 604800 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'grace_seconds must be between 0 and 604800 (7 days)',
            DETAIL = format('grace_seconds=%s', rotate_device_key.grace_seconds), HINT = 'invalid_grace';
    END IF;
    RETURN private.issue_device_key(rotate_device_key.tenant_id, rotate_device_key.device_id, true,
                                    rotate_device_key.grace_seconds);
END
$$;
COMMENT ON FUNCTION api.rotate_device_key(uuid, uuid, integer) IS
    'Issue a new device key; the old ones stay valid for grace_seconds (default 1 hour).';

-- Revoke one key of a device now.
CREATE OR REPLACE FUNCTION api.revoke_device_key(tenant_id uuid, device_id uuid, key_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_key jsonb;
BEGIN
    PERFORM private.require_permission(revoke_device_key.tenant_id, 'devices.manage');
    -- Clients may not read token_hash, so the answer names its columns.
    UPDATE public.device_keys k SET revoked_at = coalesce(k.revoked_at, now()),
        revoked_by = coalesce(k.revoked_by, auth.uid())
    WHERE k.tenant_id = revoke_device_key.tenant_id AND k.device_id = revoke_device_key.device_id
      AND k.id = revoke_device_key.key_id
    RETURNING jsonb_build_object('id', k.id, 'device_id', k.device_id, 'prefix', k.prefix, 'created_at', k.created_at,
        'expires_at', k.expires_at, 'revoked_at', k.revoked_at, 'revoked_by', k.revoked_by, 'is_live', false)
    INTO v_key;
    IF v_key IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'device key not found',
            DETAIL = format('key_id=%s', revoke_device_key.key_id), HINT = 'device_key_not_found';
    END IF;
    RETURN v_key;
END
$$;
COMMENT ON FUNCTION api.revoke_device_key(uuid, uuid, uuid) IS 'Revoke a device key now.';

-- A device's keys, newest first: prefix, dates and whether each is live (never the key or its hash).
CREATE OR REPLACE FUNCTION api.list_device_keys(tenant_id uuid, device_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_device_keys.tenant_id, 'devices.manage');
    PERFORM private.require_device(list_device_keys.tenant_id, list_device_keys.device_id);
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('id', k.id, 'prefix', k.prefix, 'created_at', k.created_at,
                                'created_by', k.created_by, 'expires_at', k.expires_at, 'revoked_at', k.revoked_at,
                                'is_live', k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > private.now()))
                                ORDER BY k.created_at DESC, k.id DESC), '[]'::jsonb)
            FROM public.device_keys k
            WHERE k.tenant_id = list_device_keys.tenant_id AND k.device_id = list_device_keys.device_id);
END
$$;
COMMENT ON FUNCTION api.list_device_keys(uuid, uuid) IS 'A device''s keys (prefix, dates, live or not), newest first.';

-- ===================================================================== registry rules

-- Whoever registers a device is recorded; its animal and its location must be on its farm (and the
-- animal alive); a retired device stays retired (register the hardware again instead). SECURITY
-- DEFINER: it reads the animal and location whatever the caller sees; the policies then decide.
CREATE OR REPLACE FUNCTION private.prepare_device() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    NEW.serial_number := btrim(NEW.serial_number);
    IF TG_OP = 'INSERT' THEN
        NEW.registered_by := coalesce(auth.uid(), NEW.registered_by);
        IF NEW.status = 'retired' THEN
            NEW.retired_at := coalesce(NEW.retired_at, now());
        END IF;
    ELSE
        IF OLD.status = 'retired' AND NEW.status = 'active' THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'a retired device cannot be reactivated',
                HINT = 'device_retired: register the hardware again';
        END IF;
        IF NEW.status = 'retired' AND OLD.status = 'active' THEN
            NEW.retired_at := coalesce(NEW.retired_at, now());
        END IF;
        NEW.updated_at := now();
    END IF;
    IF NEW.location_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM public.locations l WHERE l.tenant_id = NEW.tenant_id AND l.id = NEW.location_id
              AND l.farm_id = NEW.farm_id AND l.deleted_at IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the location is not on the device''s farm',
            DETAIL = format('location_id=%s, farm_id=%s', NEW.location_id, NEW.farm_id), HINT = 'invalid_location';
    END IF;
    IF NEW.animal_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.animal_id IS DISTINCT FROM OLD.animal_id
                                      OR NEW.farm_id IS DISTINCT FROM OLD.farm_id) AND NOT EXISTS (
            SELECT 1 FROM public.animals a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.animal_id
              AND a.farm_id = NEW.farm_id AND a.deleted_at IS NULL AND a.status = 'active') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = 'the animal is not a live animal of the device''s farm',
            DETAIL = format('animal_id=%s, farm_id=%s', NEW.animal_id, NEW.farm_id), HINT = 'invalid_animal';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS prepare_device ON public.devices;
CREATE TRIGGER prepare_device BEFORE INSERT OR UPDATE ON public.devices
    FOR EACH ROW EXECUTE FUNCTION private.prepare_device();

-- A device that is retired can no longer send: its keys are revoked and its open alerts closed.
CREATE OR REPLACE FUNCTION private.device_retired() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    UPDATE public.device_keys k SET revoked_at = now(), revoked_by = auth.uid()
    WHERE k.tenant_id = NEW.tenant_id AND k.device_id = NEW.id AND k.revoked_at IS NULL;
    PERFORM private.close_alerts(NEW.tenant_id, NEW.id, NULL, 'device_retired');
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS device_retired ON public.devices;
CREATE TRIGGER device_retired AFTER UPDATE OF status ON public.devices
    FOR EACH ROW WHEN (OLD.status = 'active' AND NEW.status = 'retired')
    EXECUTE FUNCTION private.device_retired();

-- Readings have no foreign key (see V0018): a deleted device (a deleted tenant) takes them along here.
CREATE OR REPLACE FUNCTION private.device_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    DELETE FROM public.device_readings r
    USING gone g WHERE r.tenant_id = g.tenant_id AND r.device_id = g.id;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS device_deleted ON public.devices;
CREATE TRIGGER device_deleted AFTER DELETE ON public.devices REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION private.device_deleted();

-- Plan limits count the active devices (private.usage_count).
DROP TRIGGER IF EXISTS enforce_plan_limits ON public.devices;
CREATE TRIGGER enforce_plan_limits AFTER INSERT ON public.devices REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION private.enforce_plan_limits('devices');

-- ===================================================================== thresholds and alerts

-- Closes the open alerts of a device (and one threshold, if given) for a reason other than
-- recovery, and forgets the thresholds' evaluation state so the next readings start afresh.
CREATE OR REPLACE FUNCTION private.close_alerts(p_tenant_id uuid, p_device_id uuid, p_threshold_id uuid,
    p_reason text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_closed integer;
BEGIN
    UPDATE public.device_alerts a SET status = 'closed', closed_at = private.now(), close_reason = p_reason
    WHERE a.tenant_id = p_tenant_id AND a.device_id = p_device_id AND a.status = 'open'
      AND (p_threshold_id IS NULL OR a.threshold_id = p_threshold_id);
    GET DIAGNOSTICS v_closed = ROW_COUNT;
    DELETE FROM public.device_threshold_states s
    WHERE s.tenant_id = p_tenant_id AND s.device_id = p_device_id
      AND (p_threshold_id IS NULL OR s.threshold_id = p_threshold_id);
    RETURN v_closed;
END
$$;
REVOKE EXECUTE ON FUNCTION private.close_alerts(uuid, uuid, uuid, text) FROM PUBLIC, anon, authenticated;

-- A threshold measures a metric of its device's type; a changed threshold closes its open alert
-- (reason threshold_changed) and is evaluated afresh; a removed one closes it (threshold_removed).
CREATE OR REPLACE FUNCTION private.prepare_threshold() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM private.close_alerts(OLD.tenant_id, OLD.device_id, OLD.id, 'threshold_removed');
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := coalesce(auth.uid(), NEW.created_by);
        PERFORM private.require_metric(d.device_type, NEW.metric)
        FROM public.devices d WHERE d.tenant_id = NEW.tenant_id AND d.id = NEW.device_id;
    ELSE
        NEW.updated_at := now();
        IF (NEW.min_value, NEW.max_value, NEW.for_seconds, NEW.is_enabled)
           IS DISTINCT FROM (OLD.min_value, OLD.max_value, OLD.for_seconds, OLD.is_enabled) THEN
            PERFORM private.close_alerts(OLD.tenant_id, OLD.device_id, OLD.id, 'threshold_changed');
        END IF;
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS prepare_threshold ON public.device_thresholds;
CREATE TRIGGER prepare_threshold BEFORE INSERT OR UPDATE OR DELETE ON public.device_thresholds
    FOR EACH ROW EXECUTE FUNCTION private.prepare_threshold();

-- Who hears of an alert is the notification rule's (private.notices_device_alert, 115_notifications.sql).
DROP FUNCTION IF EXISTS private.device_alert_recipients(uuid, uuid);

-- ===================================================================== policies

DROP POLICY IF EXISTS "anyone reads the device types" ON public.device_types;
CREATE POLICY "anyone reads the device types" ON public.device_types FOR SELECT TO anon, authenticated USING (true);
DROP POLICY IF EXISTS "anyone reads what each device type measures" ON public.device_metrics;
CREATE POLICY "anyone reads what each device type measures" ON public.device_metrics
    FOR SELECT TO anon, authenticated USING (true);

DROP POLICY IF EXISTS "members read devices on their farms" ON public.devices;
CREATE POLICY "members read devices on their farms" ON public.devices
    FOR SELECT TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f));
DROP POLICY IF EXISTS "device managers register devices on their farms" ON public.devices;
CREATE POLICY "device managers register devices on their farms" ON public.devices
    FOR INSERT TO authenticated
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('devices.manage')));
DROP POLICY IF EXISTS "device managers change devices on their farms" ON public.devices;
CREATE POLICY "device managers change devices on their farms" ON public.devices
    FOR UPDATE TO authenticated
    USING ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
           AND tenant_id IN (SELECT private.my_tenant_ids_with('devices.manage')))
    WITH CHECK ((tenant_id, farm_id) IN (SELECT f.tenant_id, f.farm_id FROM private.my_farms() f)
                AND tenant_id IN (SELECT private.my_tenant_ids_with('devices.manage')));

DROP POLICY IF EXISTS "device managers read the keys of their devices" ON public.device_keys;
CREATE POLICY "device managers read the keys of their devices" ON public.device_keys
    FOR SELECT TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('devices.manage'))
           AND (tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d));
DROP POLICY IF EXISTS "device managers revoke the keys of their devices" ON public.device_keys;
CREATE POLICY "device managers revoke the keys of their devices" ON public.device_keys
    FOR UPDATE TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('devices.manage'))
           AND (tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('devices.manage')));

DROP POLICY IF EXISTS "members read readings of devices on their farms" ON public.device_readings;
CREATE POLICY "members read readings of devices on their farms" ON public.device_readings
    FOR SELECT TO authenticated
    USING ((tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d));
DROP POLICY IF EXISTS "members read hourly readings of devices on their farms" ON public.device_readings_hourly;
CREATE POLICY "members read hourly readings of devices on their farms" ON public.device_readings_hourly
    FOR SELECT TO authenticated
    USING ((tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d));
DROP POLICY IF EXISTS "members read daily readings of devices on their farms" ON public.device_readings_daily;
CREATE POLICY "members read daily readings of devices on their farms" ON public.device_readings_daily
    FOR SELECT TO authenticated
    USING ((tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d));
DROP POLICY IF EXISTS "members read the latest readings of devices on their farms" ON public.device_latest_readings;
CREATE POLICY "members read the latest readings of devices on their farms" ON public.device_latest_readings
    FOR SELECT TO authenticated
    USING ((tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d));
DROP POLICY IF EXISTS "members read threshold states of devices on their farms" ON public.device_threshold_states;
CREATE POLICY "members read threshold states of devices on their farms" ON public.device_threshold_states
    FOR SELECT TO authenticated
    USING ((tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d));
DROP POLICY IF EXISTS "members read alerts of devices on their farms" ON public.device_alerts;
CREATE POLICY "members read alerts of devices on their farms" ON public.device_alerts
    FOR SELECT TO authenticated
    USING ((tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d));

DROP POLICY IF EXISTS "members read thresholds of devices on their farms" ON public.device_thresholds;
CREATE POLICY "members read thresholds of devices on their farms" ON public.device_thresholds
    FOR SELECT TO authenticated
    USING ((tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d));
DROP POLICY IF EXISTS "device managers set thresholds on their devices" ON public.device_thresholds;
CREATE POLICY "device managers set thresholds on their devices" ON public.device_thresholds
    FOR INSERT TO authenticated
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('devices.manage'))
                AND (tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d));
DROP POLICY IF EXISTS "device managers change thresholds on their devices" ON public.device_thresholds;
CREATE POLICY "device managers change thresholds on their devices" ON public.device_thresholds
    FOR UPDATE TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('devices.manage'))
           AND (tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d))
    WITH CHECK (tenant_id IN (SELECT private.my_tenant_ids_with('devices.manage')));
DROP POLICY IF EXISTS "device managers remove thresholds on their devices" ON public.device_thresholds;
CREATE POLICY "device managers remove thresholds on their devices" ON public.device_thresholds
    FOR DELETE TO authenticated
    USING (tenant_id IN (SELECT private.my_tenant_ids_with('devices.manage'))
           AND (tenant_id, device_id) IN (SELECT d.tenant_id, d.device_id FROM private.my_devices() d));

-- ===================================================================== api: the registry

-- The kinds of device and, for each, the metrics it reports with their unit and plausible range.
CREATE OR REPLACE FUNCTION api.list_device_types() RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_user();  -- signed-in users only, as the grant says: 401 for a deleted user's token
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('code', t.code, 'name', t.name,
                'description', t.description,
                'metrics', (SELECT jsonb_agg(jsonb_build_object('metric', m.metric, 'unit', m.unit,
                                 'min_value', m.min_value, 'max_value', m.max_value, 'creates', m.creates,
                                 'description', m.description) ORDER BY m.metric)
                            FROM public.device_metrics m WHERE m.device_type = t.code)) ORDER BY t.code), '[]'::jsonb)
            FROM public.device_types t);
END
$$;
COMMENT ON FUNCTION api.list_device_types() IS 'Kinds of device and the metrics (with units and ranges) each reports.';

-- Register a device on a farm; returns it with its first key (shown this once). A serial number
-- names one active device per tenant (409 serial_taken); the plan limits active devices (402).
CREATE OR REPLACE FUNCTION api.register_device(tenant_id uuid, farm_id uuid, device_type text, serial_number text,
    name text DEFAULT NULL, animal_id uuid DEFAULT NULL, location_id uuid DEFAULT NULL, notes text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.devices;
BEGIN
    PERFORM private.require_permission(register_device.tenant_id, 'devices.manage');
    IF NOT EXISTS (SELECT 1 FROM public.device_types t WHERE t.code = register_device.device_type) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422', MESSAGE = format('unknown device type %L', register_device.device_type),
            DETAIL = format('device types: %s', (SELECT string_agg(t.code, ', ' ORDER BY t.code)
                                                 FROM public.device_types t)),
            HINT = 'invalid_device_type';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.farms f WHERE f.tenant_id = register_device.tenant_id
                   AND f.id = register_device.farm_id AND f.deleted_at IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'farm not found',
            DETAIL = format('farm_id=%s', register_device.farm_id), HINT = 'farm_not_found';
    END IF;
    BEGIN
        INSERT INTO public.devices (tenant_id, farm_id, device_type, serial_number, name, animal_id, location_id, notes)
        VALUES (register_device.tenant_id, register_device.farm_id, register_device.device_type,
            register_device.serial_number, register_device.name, register_device.animal_id,
            register_device.location_id, register_device.notes)
        RETURNING * INTO v_row;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'an active device already has this serial number',
            DETAIL = format('serial_number=%s', btrim(register_device.serial_number)), HINT = 'serial_taken';
    END;
    RETURN private.device_json(v_row)
        || jsonb_build_object('api_key', api.create_device_key(register_device.tenant_id, v_row.id));
END
$$;
COMMENT ON FUNCTION api.register_device(uuid, uuid, text, text, text, uuid, uuid, text) IS
    'Register a device on a farm; the answer carries its first API key, shown once.';

-- Change a device's name, farm, animal, location or notes; absent fields keep their value
-- (detach_animal / detach_location clear them).
CREATE OR REPLACE FUNCTION api.update_device(tenant_id uuid, device_id uuid, name text DEFAULT NULL,
    farm_id uuid DEFAULT NULL, animal_id uuid DEFAULT NULL, location_id uuid DEFAULT NULL, notes text DEFAULT NULL,
    detach_animal boolean DEFAULT false, detach_location boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.devices;
BEGIN
    PERFORM private.require_permission(update_device.tenant_id, 'devices.manage');
    UPDATE public.devices d SET name = coalesce(update_device.name, d.name),
        farm_id = coalesce(update_device.farm_id, d.farm_id),
        animal_id = CASE WHEN update_device.detach_animal THEN NULL ELSE coalesce(update_device.animal_id, d.animal_id) END,
        location_id = CASE WHEN update_device.detach_location THEN NULL
                           ELSE coalesce(update_device.location_id, d.location_id) END,
        notes = coalesce(update_device.notes, d.notes)
    WHERE d.tenant_id = update_device.tenant_id AND d.id = update_device.device_id
    RETURNING * INTO v_row;
    IF v_row.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'device not found',
            DETAIL = format('device_id=%s', update_device.device_id), HINT = 'device_not_found';
    END IF;
    RETURN private.device_json(v_row);
END
$$;
COMMENT ON FUNCTION api.update_device(uuid, uuid, text, uuid, uuid, uuid, text, boolean, boolean) IS
    'Change a device''s name, farm, animal, location or notes.';

-- Retire a device: it stops counting towards the plan, its keys are revoked and its open alerts
-- closed; its readings stay.
CREATE OR REPLACE FUNCTION api.retire_device(tenant_id uuid, device_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.devices;
BEGIN
    PERFORM private.require_permission(retire_device.tenant_id, 'devices.manage');
    UPDATE public.devices d SET status = 'retired'
    WHERE d.tenant_id = retire_device.tenant_id AND d.id = retire_device.device_id
    RETURNING * INTO v_row;
    IF v_row.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'device not found',
            DETAIL = format('device_id=%s', retire_device.device_id), HINT = 'device_not_found';
    END IF;
    RETURN private.device_json(v_row);
END
$$;
COMMENT ON FUNCTION api.retire_device(uuid, uuid) IS 'Retire a device: keys revoked, alerts closed, readings kept.';

-- A device with its latest reading per metric, thresholds and open alerts.
CREATE OR REPLACE FUNCTION api.get_device(tenant_id uuid, device_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_row public.devices;
BEGIN
    PERFORM private.require_permission(get_device.tenant_id, 'devices.read');
    v_row := private.require_device(get_device.tenant_id, get_device.device_id);
    RETURN private.device_json(v_row) || jsonb_build_object(
        'latest', private.latest_readings_json(v_row.tenant_id, v_row.id, v_row.device_type),
        'thresholds', (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.metric), '[]'::jsonb)
                       FROM public.device_thresholds t WHERE t.tenant_id = v_row.tenant_id AND t.device_id = v_row.id),
        'open_alerts', (SELECT coalesce(jsonb_agg(to_jsonb(a) ORDER BY a.opened_at DESC), '[]'::jsonb)
                        FROM public.device_alerts a
                        WHERE a.tenant_id = v_row.tenant_id AND a.device_id = v_row.id AND a.status = 'open'));
END
$$;
COMMENT ON FUNCTION api.get_device(uuid, uuid) IS 'A device with its latest readings, thresholds and open alerts.';

-- Devices on the caller's farms, filtered by farm, type and status (default: active), paged.
CREATE OR REPLACE FUNCTION api.list_devices(tenant_id uuid, farm_id uuid DEFAULT NULL, device_type text DEFAULT NULL,
    status text DEFAULT 'active', "limit" integer DEFAULT 20, "offset" integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_devices.tenant_id, 'devices.read');
    PERFORM private.check_page(list_devices."limit", list_devices."offset");
    RETURN (
        WITH matching AS (
            SELECT d.* FROM public.devices d
            WHERE d.tenant_id = list_devices.tenant_id
              AND (list_devices.farm_id IS NULL OR d.farm_id = list_devices.farm_id)
              AND (list_devices.device_type IS NULL OR d.device_type = list_devices.device_type)
              AND (list_devices.status IS NULL OR d.status = list_devices.status))
        SELECT jsonb_build_object('count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(private.device_json(p) ORDER BY p.serial_number, p.id)
                                 FROM (SELECT * FROM matching m ORDER BY m.serial_number, m.id
                                       LIMIT list_devices."limit" OFFSET list_devices."offset") p), '[]'::jsonb)));
END
$$;
COMMENT ON FUNCTION api.list_devices(uuid, uuid, text, text, integer, integer) IS
    'Devices on the caller''s farms, by farm, type and status.';

-- ===================================================================== api: readings

-- The latest value of each metric a device reports, with its unit.
CREATE OR REPLACE FUNCTION private.latest_readings_json(p_tenant_id uuid, p_device_id uuid, p_device_type text)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('metric', l.metric, 'unit', m.unit, 'value', l.value,
                        'measured_at', l.measured_at, 'received_at', l.received_at) ORDER BY l.metric), '[]'::jsonb)
    FROM public.device_latest_readings l
    JOIN public.device_metrics m ON m.device_type = p_device_type AND m.metric = l.metric
    WHERE l.tenant_id = p_tenant_id AND l.device_id = p_device_id
$$;
GRANT EXECUTE ON FUNCTION private.latest_readings_json(uuid, uuid, text) TO authenticated, service_role;

-- A device's readings over [from, to): raw values (at most `limit`, oldest first), or hourly or
-- daily buckets (count, min, max, avg, sum) from the rollups. Defaults: the last 24 hours (30 days
-- for daily). Without a metric, every metric the device type reports. Hours are UTC; days are the
-- tenant's.
CREATE OR REPLACE FUNCTION api.device_readings(tenant_id uuid, device_id uuid, metric text DEFAULT NULL,
    "from" timestamptz DEFAULT NULL, "to" timestamptz DEFAULT NULL, resolution text DEFAULT 'hour',
    "limit" integer DEFAULT 1000) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t uuid := device_readings.tenant_id;
    v_device public.devices;
    v_to timestamptz := coalesce(device_readings."to", private.now());
    v_from timestamptz;
    v_metrics text[];
    v_series jsonb;
BEGIN
    PERFORM private.require_permission(t, 'devices.read');
    v_device := private.require_device(t, device_readings.device_id);
    IF device_readings.metric IS NOT NULL THEN
        v_metrics := ARRAY[(private.require_metric(v_device.device_type, device_readings.metric)).metric];
    ELSE
        v_metrics := ARRAY(SELECT m.metric FROM public.device_metrics m WHERE m.device_type = v_device.device_type);
    END IF;
    IF device_readings.resolution IS NULL OR device_readings.resolution NOT IN ('raw', 'hour', 'day') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'resolution must be raw, hour or day',
            DETAIL = format('resolution=%s', device_readings.resolution), HINT = 'invalid_resolution';
    END IF;
    v_from := coalesce(device_readings."from",
                       v_to - CASE WHEN device_readings.resolution = 'day' THEN interval '30 days' ELSE interval '1 day' END);
    IF v_from >= v_to OR v_to - v_from > interval '3660 days' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'from must come before to, at most 10 years apart',
            DETAIL = format('from=%s, to=%s', v_from, v_to), HINT = 'invalid_range';
    END IF;
    IF device_readings."limit" IS NULL OR device_readings."limit" NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'limit must be between 1 and 10000',
            DETAIL = format('limit=%s', device_readings."limit"), HINT = 'invalid_limit';
    END IF;
    -- One simple statement per resolution (each keeps its cached plan).
    IF device_readings.resolution = 'hour' THEN
        SELECT jsonb_agg(jsonb_build_object('metric', m.metric, 'unit', m.unit, 'points', coalesce((
                   SELECT jsonb_agg(jsonb_build_object('t', h.hour, 'count', h.readings, 'min', h.min, 'max', h.max,
                              'avg', trim_scale(round(h.sum / h.readings, 6)), 'sum', h.sum) ORDER BY h.hour)
                   FROM public.device_readings_hourly h
                   WHERE h.tenant_id = t AND h.device_id = v_device.id AND h.metric = m.metric
                     AND h.hour >= date_trunc('hour', v_from, 'UTC') AND h.hour < v_to), '[]'::jsonb))
                   ORDER BY m.metric)
        INTO v_series
        FROM public.device_metrics m WHERE m.device_type = v_device.device_type AND m.metric = ANY (v_metrics);
    ELSIF device_readings.resolution = 'day' THEN
        SELECT jsonb_agg(jsonb_build_object('metric', m.metric, 'unit', m.unit, 'points', coalesce((
                   SELECT jsonb_agg(jsonb_build_object('t', dd.day, 'count', dd.readings, 'min', dd.min, 'max', dd.max,
                              'avg', trim_scale(round(dd.sum / dd.readings, 6)), 'sum', dd.sum) ORDER BY dd.day)
                   FROM public.device_readings_daily dd
                   WHERE dd.tenant_id = t AND dd.device_id = v_device.id AND dd.metric = m.metric
                     AND dd.day >= (v_from AT TIME ZONE tn.timezone)::date
                     AND dd.day <= ((v_to - interval '1 microsecond') AT TIME ZONE tn.timezone)::date), '[]'::jsonb))
                   ORDER BY m.metric)
        INTO v_series
        FROM public.device_metrics m CROSS JOIN public.tenants tn
        WHERE m.device_type = v_device.device_type AND m.metric = ANY (v_metrics) AND tn.id = t;
    ELSE
        SELECT jsonb_agg(jsonb_build_object('metric', m.metric, 'unit', m.unit, 'points', coalesce((
                   SELECT jsonb_agg(jsonb_build_object('t', r.measured_at, 'value', r.value)
                                    || CASE WHEN r.animal_id IS NOT NULL THEN jsonb_build_object('animal_id', r.animal_id)
                                            ELSE '{}' END ORDER BY r.measured_at)
                   FROM (SELECT * FROM public.device_readings r
                         WHERE r.tenant_id = t AND r.device_id = v_device.id AND r.metric = m.metric
                           AND r.measured_at >= v_from AND r.measured_at < v_to
                         ORDER BY r.measured_at LIMIT device_readings."limit") r), '[]'::jsonb))
                   ORDER BY m.metric)
        INTO v_series
        FROM public.device_metrics m WHERE m.device_type = v_device.device_type AND m.metric = ANY (v_metrics);
    END IF;
    RETURN jsonb_build_object('device_id', v_device.id, 'resolution', device_readings.resolution, 'from', v_from,
                              'to', v_to, 'series', coalesce(v_series, '[]'::jsonb));
END
$$;
COMMENT ON FUNCTION api.device_readings(uuid, uuid, text, timestamptz, timestamptz, text, integer) IS
    'A device''s readings over a time range: raw, hourly or daily (count, min, max, avg, sum).';

-- The devices on the caller's farms (a farm's, if given) with their latest readings and their open
-- alerts: the dashboard's device panel.
CREATE OR REPLACE FUNCTION api.latest_device_readings(tenant_id uuid, farm_id uuid DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(latest_device_readings.tenant_id, 'devices.read');
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('device_id', d.id, 'name', d.name,
                        'serial_number', d.serial_number, 'device_type', d.device_type, 'farm_id', d.farm_id,
                        'animal_id', d.animal_id, 'location_id', d.location_id,
                        'last_seen_at', (SELECT max(l.received_at) FROM public.device_latest_readings l
                                         WHERE l.tenant_id = d.tenant_id AND l.device_id = d.id),
                        'readings', private.latest_readings_json(d.tenant_id, d.id, d.device_type),
                        'open_alerts', (SELECT count(*) FROM public.device_alerts a
                                        WHERE a.tenant_id = d.tenant_id AND a.device_id = d.id AND a.status = 'open'))
                        ORDER BY d.serial_number, d.id), '[]'::jsonb)
            FROM public.devices d
            WHERE d.tenant_id = latest_device_readings.tenant_id AND d.status = 'active'
              AND (latest_device_readings.farm_id IS NULL OR d.farm_id = latest_device_readings.farm_id));
END
$$;
COMMENT ON FUNCTION api.latest_device_readings(uuid, uuid) IS
    'Active devices on the caller''s farms with their latest reading per metric and open alerts.';

-- ===================================================================== api: thresholds and alerts

-- A device's thresholds.
CREATE OR REPLACE FUNCTION api.list_device_thresholds(tenant_id uuid, device_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_device_thresholds.tenant_id, 'devices.read');
    PERFORM private.require_device(list_device_thresholds.tenant_id, list_device_thresholds.device_id);
    RETURN (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.metric), '[]'::jsonb) FROM public.device_thresholds t
            WHERE t.tenant_id = list_device_thresholds.tenant_id AND t.device_id = list_device_thresholds.device_id);
END
$$;
COMMENT ON FUNCTION api.list_device_thresholds(uuid, uuid) IS 'A device''s thresholds.';

-- Set a threshold on a metric of a device: values below min_value or above max_value for at least
-- for_seconds open an alert (one threshold per device and metric: 409 threshold_exists).
CREATE OR REPLACE FUNCTION api.create_device_threshold(tenant_id uuid, device_id uuid, metric text,
    min_value numeric DEFAULT NULL, max_value numeric DEFAULT NULL, for_seconds integer DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_row public.device_thresholds;
BEGIN
    PERFORM private.require_permission(create_device_threshold.tenant_id, 'devices.manage');
    PERFORM private.require_device(create_device_threshold.tenant_id, create_device_threshold.device_id);
    PERFORM private.check_threshold(create_device_threshold.min_value, create_device_threshold.max_value,
                                    create_device_threshold.for_seconds);
    BEGIN
        INSERT INTO public.device_thresholds (tenant_id, device_id, metric, min_value, max_value, for_seconds)
        VALUES (create_device_threshold.tenant_id, create_device_threshold.device_id, create_device_threshold.metric,
            create_device_threshold.min_value, create_device_threshold.max_value,
            coalesce(create_device_threshold.for_seconds, 0))
        RETURNING * INTO v_row;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'this metric of the device already has a threshold',
            HINT = 'threshold_exists: change it instead';
    END;
    RETURN to_jsonb(v_row);
END
$$;
COMMENT ON FUNCTION api.create_device_threshold(uuid, uuid, text, numeric, numeric, integer) IS
    'Alert when a device''s metric stays below min_value or above max_value for for_seconds.';

-- The bounds of a threshold make sense: at least one, min <= max, a duration of 0 to 7 days.
CREATE OR REPLACE FUNCTION private.check_threshold(p_min numeric, p_max numeric, p_for integer) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_min IS NULL AND p_max IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'give min_value, max_value or both', HINT = 'invalid_threshold';
    END IF;
    IF p_min > p_max THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'min_value must not exceed max_value',
            DETAIL = format('min_value=%s, max_value=%s', p_min, p_max), HINT = 'invalid_threshold';
    END IF;
    IF p_for IS NOT NULL AND p_for NOT BETWEEN 0 AND 604800 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'for_seconds must be between 0 and 604800 (7 days)',
            DETAIL = format('for_seconds=%s', p_for), HINT = 'invalid_threshold';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION private.check_threshold(numeric, numeric, integer) TO authenticated, service_role;

-- Change a threshold (absent fields keep their value; clear_min / clear_max remove a bound). Its
-- open alert closes (threshold_changed) and evaluation starts afresh.
CREATE OR REPLACE FUNCTION api.update_device_threshold(tenant_id uuid, device_id uuid, threshold_id uuid,
    min_value numeric DEFAULT NULL, max_value numeric DEFAULT NULL, for_seconds integer DEFAULT NULL,
    is_enabled boolean DEFAULT NULL, clear_min boolean DEFAULT false, clear_max boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_old public.device_thresholds;
    v_row public.device_thresholds;
BEGIN
    PERFORM private.require_permission(update_device_threshold.tenant_id, 'devices.manage');
    SELECT * INTO v_old FROM public.device_thresholds x
    WHERE x.tenant_id = update_device_threshold.tenant_id AND x.device_id = update_device_threshold.device_id
      AND x.id = update_device_threshold.threshold_id;
    IF v_old.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'threshold not found', HINT = 'threshold_not_found';
    END IF;
    v_row := v_old;
    v_row.min_value := CASE WHEN update_device_threshold.clear_min THEN NULL
                            ELSE coalesce(update_device_threshold.min_value, v_old.min_value) END;
    v_row.max_value := CASE WHEN update_device_threshold.clear_max THEN NULL
                            ELSE coalesce(update_device_threshold.max_value, v_old.max_value) END;
    v_row.for_seconds := coalesce(update_device_threshold.for_seconds, v_old.for_seconds);
    PERFORM private.check_threshold(v_row.min_value, v_row.max_value, v_row.for_seconds);
    UPDATE public.device_thresholds x SET min_value = v_row.min_value, max_value = v_row.max_value,
        for_seconds = v_row.for_seconds, is_enabled = coalesce(update_device_threshold.is_enabled, x.is_enabled)
    WHERE x.tenant_id = v_old.tenant_id AND x.id = v_old.id
    RETURNING * INTO v_row;
    IF v_row.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'your role may not change this threshold',
            HINT = 'permission_denied';
    END IF;
    RETURN to_jsonb(v_row);
END
$$;
COMMENT ON FUNCTION api.update_device_threshold(uuid, uuid, uuid, numeric, numeric, integer, boolean, boolean,
    boolean) IS 'Change a threshold; its open alert closes and evaluation starts afresh.';

-- Remove a threshold; its open alert closes (threshold_removed), past alerts stay.
CREATE OR REPLACE FUNCTION api.delete_device_threshold(tenant_id uuid, device_id uuid, threshold_id uuid)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM private.require_permission(delete_device_threshold.tenant_id, 'devices.manage');
    DELETE FROM public.device_thresholds x
    WHERE x.tenant_id = delete_device_threshold.tenant_id AND x.device_id = delete_device_threshold.device_id
      AND x.id = delete_device_threshold.threshold_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'threshold not found', HINT = 'threshold_not_found';
    END IF;
    RETURN jsonb_build_object('id', delete_device_threshold.threshold_id, 'deleted', true);
END
$$;
COMMENT ON FUNCTION api.delete_device_threshold(uuid, uuid, uuid) IS 'Remove a threshold (its open alert closes).';

-- Alerts on the caller's farms, newest first: open ones by default (status => 'closed' or null for
-- the others), by device or farm, paged.
CREATE OR REPLACE FUNCTION api.list_device_alerts(tenant_id uuid, status text DEFAULT 'open',
    device_id uuid DEFAULT NULL, farm_id uuid DEFAULT NULL, "limit" integer DEFAULT 20, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM private.require_permission(list_device_alerts.tenant_id, 'devices.read');
    PERFORM private.check_page(list_device_alerts."limit", list_device_alerts."offset");
    RETURN (
        WITH matching AS (
            SELECT a.*, d.farm_id, d.serial_number, d.name AS device_name, d.device_type, m.unit
            FROM public.device_alerts a
            JOIN public.devices d ON d.tenant_id = a.tenant_id AND d.id = a.device_id
            JOIN public.device_metrics m ON m.device_type = d.device_type AND m.metric = a.metric
            WHERE a.tenant_id = list_device_alerts.tenant_id
              AND (list_device_alerts.status IS NULL OR a.status = list_device_alerts.status)
              AND (list_device_alerts.device_id IS NULL OR a.device_id = list_device_alerts.device_id)
              AND (list_device_alerts.farm_id IS NULL OR d.farm_id = list_device_alerts.farm_id))
        SELECT jsonb_build_object('count', (SELECT count(*) FROM matching),
            'results', coalesce((SELECT jsonb_agg(to_jsonb(p) ORDER BY p.opened_at DESC, p.id DESC)
                                 FROM (SELECT * FROM matching x ORDER BY x.opened_at DESC, x.id DESC
                                       LIMIT list_device_alerts."limit" OFFSET list_device_alerts."offset") p),
                                '[]'::jsonb)));
END
$$;
COMMENT ON FUNCTION api.list_device_alerts(uuid, text, uuid, uuid, integer, integer) IS
    'Device alerts on the caller''s farms, newest first (open ones by default).';
