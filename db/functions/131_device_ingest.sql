-- 131_device_ingest: readings from devices (POST /ingest/v1/readings) and what a stored reading sets
-- off. One SQL call per batch: private.ingest_readings(key hash, body, format) finds the device by
-- its key, parses the body (a JSON array or CSV with a header row), checks every reading against the
-- device type's metrics, units and ranges, and stores the batch set-based -- all or nothing, with
-- every bad reading's index and reason in one error. A resent reading (same device, metric and
-- measured_at) is ignored, so a gateway may resend a batch.
--
-- One statement trigger on the readings (never a row trigger) then, from the batch's new rows:
-- adds them to the hourly and daily rollups, moves the latest value per metric, creates the weight
-- or milk record a reading of an animal stands for (through the same tables, triggers and
-- withdrawal flags as a manual record), evaluates the thresholds (alerts open and close), and
-- publishes one device_readings_ingested event per device and batch.
--
-- Rollups are kept by that trigger rather than by a job or a materialized view: they are exact the
-- moment a batch commits (a chart never lags), cost one grouped upsert per batch (a handful of rows,
-- locked in key order so concurrent batches cannot deadlock), and a resent batch adds nothing since
-- only rows actually inserted reach the trigger.

-- ===================================================================== parsing

-- Text as a timestamptz, or null when it is not one (the slow path that names the bad readings
-- after the fast path's cast failed; a subtransaction per call, so never on the fast path).
CREATE OR REPLACE FUNCTION private.try_timestamptz(p text) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN p::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- Whether text has the shape of an ISO 8601 time with a zone (2026-06-17T06:30:00Z, ...+03,
-- ...+0300, ...+03:00): the timestamptz cast checks the rest. String tests, not a regular expression:
-- this runs for every reading and a regular expression costs about 2 microseconds each. It keeps out
-- a time without a zone (read in the server's zone) and the special words ('now', 'infinity', ...).
CREATE OR REPLACE FUNCTION private.looks_like_timestamptz(p text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT length(p) BETWEEN 16 AND 40 AND substr(p, 1, 1) BETWEEN '0' AND '9' AND substr(p, 5, 1) = '-'
       AND substr(p, 11, 1) IN ('T', 't', ' ')
       AND (right(p, 1) IN ('Z', 'z') OR substr(p, length(p) - 2, 1) IN ('+', '-')
            OR substr(p, length(p) - 4, 1) IN ('+', '-') OR substr(p, length(p) - 5, 1) IN ('+', '-'))
$$;

-- The fields a reading may have.
CREATE OR REPLACE FUNCTION private.reading_fields() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['metric', 'value', 'unit', 'measured_at', 'animal_id']
$$;

-- A JSON array of readings as rows: index (from 0), a shape problem if any, and the fields as given.
-- value must be a JSON number; the other fields are strings.
CREATE OR REPLACE FUNCTION private.readings_from_json(p_readings jsonb)
RETURNS TABLE (idx integer, line integer, shape_error text, metric text, value numeric, value_given boolean,
               unit text, at_text text, animal_text text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT (e.o - 1)::integer, NULL::integer,
           CASE WHEN jsonb_typeof(e.r) <> 'object' THEN 'a reading must be a JSON object'
                WHEN e.r - private.reading_fields() <> '{}'::jsonb
                    THEN 'unknown field(s): ' || (SELECT string_agg(k, ', ' ORDER BY k)
                                                   FROM jsonb_object_keys(e.r - private.reading_fields()) k)
                WHEN e.r ? 'value' AND jsonb_typeof(e.r -> 'value') <> 'number' THEN 'value must be a JSON number'
           END,
           e.r ->> 'metric',
           CASE WHEN jsonb_typeof(e.r -> 'value') = 'number' THEN (e.r -> 'value')::numeric END,
           jsonb_typeof(e.r) = 'object' AND e.r ? 'value',
           e.r ->> 'unit', e.r ->> 'measured_at', e.r ->> 'animal_id'
    FROM jsonb_array_elements(p_readings) WITH ORDINALITY AS e (r, o)
$$;

-- CSV readings as the same rows. The first line names the columns (metric, value, unit, measured_at
-- and optionally animal_id, in any order); fields are separated by commas (none of them contains
-- one), surrounding spaces and double quotes are dropped, blank lines are skipped, CRLF is fine.
-- The index counts the data rows from 0; line is the line number in the upload.
CREATE OR REPLACE FUNCTION private.readings_from_csv(p_csv text)
RETURNS TABLE (idx integer, line integer, shape_error text, metric text, value numeric, value_given boolean,
               unit text, at_text text, animal_text text)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_header text[];
    v_unknown text;
    v_missing text;
BEGIN
    IF p_csv IS NULL THEN
        RETURN;
    END IF;
    SELECT array_agg(lower(btrim(h, ' "')) ORDER BY n) INTO v_header
    FROM unnest(string_to_array(rtrim(split_part(p_csv, E'\n', 1), E'\r'), ',')) WITH ORDINALITY AS x (h, n);
    SELECT string_agg(h, ', ') INTO v_unknown FROM unnest(v_header) h WHERE h <> ALL (private.reading_fields());
    SELECT string_agg(f, ', ') INTO v_missing FROM unnest(ARRAY['metric', 'value', 'unit', 'measured_at']) f
    WHERE f <> ALL (coalesce(v_header, '{}'));
    IF v_unknown IS NOT NULL OR v_missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'the CSV header must name the columns metric, value, unit, measured_at (and optionally animal_id)',
            DETAIL = concat_ws('; ', 'unknown: ' || v_unknown, 'missing: ' || v_missing), HINT = 'invalid_csv_header';
    END IF;
    RETURN QUERY
    WITH lines AS (
        SELECT l.n::integer AS line, string_to_array(rtrim(l.text, E'\r'), ',') AS f
        FROM string_to_table(p_csv, E'\n') WITH ORDINALITY AS l (text, n)
        WHERE l.n > 1 AND btrim(l.text, E' \r\t') <> ''),
    fields AS (
        SELECT (row_number() OVER (ORDER BY l.line) - 1)::integer AS idx, l.line, l.f,
               nullif(btrim(l.f[array_position(v_header, 'value')], ' "'), '') AS value_text
        FROM lines l)
    SELECT x.idx, x.line,
           CASE WHEN cardinality(x.f) <> cardinality(v_header)
                    THEN format('expected %s fields, found %s', cardinality(v_header), cardinality(x.f))
                WHEN x.value_text IS NOT NULL AND private.try_numeric(x.value_text) IS NULL
                    THEN 'value must be a number' END,
           nullif(btrim(x.f[array_position(v_header, 'metric')], ' "'), ''),
           private.try_numeric(x.value_text),
           x.value_text IS NOT NULL,
           nullif(btrim(x.f[array_position(v_header, 'unit')], ' "'), ''),
           nullif(btrim(x.f[array_position(v_header, 'measured_at')], ' "'), ''),
           nullif(btrim(x.f[array_position(v_header, 'animal_id')], ' "'), '')
    FROM fields x;
END
$$;

-- ===================================================================== checking a batch

-- Every reading of a batch checked for one device: the stored values, and for a bad reading the
-- field and the first reason. The rules: the metric is one the device type reports, value a number
-- inside the metric's plausible range, unit the metric's unit, measured_at an ISO 8601 time with a
-- zone, not before 2000 (an unset device clock) and at most p_skew ahead of the clock; animal_id a
-- live animal of the tenant (and the device's own, if it is attached to one); a weighing not before
-- the animal's birth, milk only of a species that yields it. p_safe: parse measured_at with a
-- subtransaction per reading (used only after the fast cast failed, to name the bad readings).
CREATE OR REPLACE FUNCTION private.check_readings(p_tenant_id uuid, p_device_type text, p_device_animal uuid,
    p_tz text, p_now timestamptz, p_skew interval, p_format text, p_body jsonb, p_csv text, p_safe boolean)
RETURNS TABLE (idx integer, line integer, metric text, value numeric, measured_at timestamptz, animal_id uuid,
               field text, error text)
LANGUAGE sql STABLE AS $$
    WITH given AS (
        SELECT * FROM private.readings_from_json(p_body) WHERE p_format = 'json'
        UNION ALL
        SELECT * FROM private.readings_from_csv(p_csv) WHERE p_format = 'csv'),
    typed AS MATERIALIZED (  -- materialized: each value computed once, not once per use below; the
                              -- animal is looked up (subplans) only for readings that name one
        SELECT g.*, m.unit AS expected_unit, m.min_value, m.max_value, m.creates,
               CASE WHEN private.looks_like_timestamptz(g.at_text)
                    THEN CASE WHEN p_safe THEN private.try_timestamptz(g.at_text) ELSE g.at_text::timestamptz END
               END AS at,
               private.try_uuid(g.animal_text) AS given_animal,
               coalesce(private.try_uuid(g.animal_text), p_device_animal) AS animal,
               CASE WHEN coalesce(private.try_uuid(g.animal_text), p_device_animal) IS NOT NULL THEN (
                   SELECT a.species FROM public.animals a
                   WHERE a.tenant_id = p_tenant_id AND a.id = coalesce(private.try_uuid(g.animal_text), p_device_animal)
                     AND a.deleted_at IS NULL) END AS species,
               CASE WHEN coalesce(private.try_uuid(g.animal_text), p_device_animal) IS NOT NULL AND m.creates = 'weight'
                    THEN (SELECT a.birth_date FROM public.animals a
                          WHERE a.tenant_id = p_tenant_id
                            AND a.id = coalesce(private.try_uuid(g.animal_text), p_device_animal)) END AS birth_date
        FROM given g
        LEFT JOIN public.device_metrics m ON m.device_type = p_device_type AND m.metric = g.metric),
    judged AS (
        SELECT s.*,
            CASE
                WHEN s.shape_error IS NOT NULL THEN array[CASE WHEN s.shape_error LIKE 'value%' THEN 'value' END,
                                                          s.shape_error]
                WHEN s.metric IS NULL THEN array['metric', 'metric is required']
                WHEN s.expected_unit IS NULL THEN array['metric', format('a %s does not measure %s; it measures %s',
                    p_device_type, s.metric, (SELECT string_agg(m.metric, ', ' ORDER BY m.metric)
                                              FROM public.device_metrics m WHERE m.device_type = p_device_type))]
                WHEN NOT s.value_given THEN array['value', 'value is required']
                WHEN s.value < s.min_value OR s.value > s.max_value OR s.value = 'NaN'::numeric
                    THEN array['value', format('%s must be between %s and %s %s', s.metric, s.min_value, s.max_value,
                                               s.expected_unit)]
                WHEN s.unit IS NULL THEN array['unit', format('unit is required (%s for %s)', s.expected_unit, s.metric)]
                WHEN s.unit <> s.expected_unit
                    THEN array['unit', format('%s is measured in %s, not %s', s.metric, s.expected_unit, s.unit)]
                WHEN s.at_text IS NULL THEN array['measured_at', 'measured_at is required']
                WHEN s.at IS NULL THEN array['measured_at',
                    'measured_at must be an ISO 8601 time with a zone, e.g. 2026-06-17T06:30:00Z']
                WHEN s.at < '2000-01-01T00:00:00Z' THEN array['measured_at',
                    'measured_at is before 2000: is the device clock set?']
                WHEN s.at > p_now + p_skew THEN array['measured_at',
                    format('measured_at is in the future (more than %s ahead of the server clock)', p_skew)]
                WHEN s.animal_text IS NOT NULL AND s.given_animal IS NULL THEN array['animal_id', 'animal_id is not a uuid']
                WHEN s.given_animal IS NOT NULL AND p_device_animal IS NOT NULL AND s.given_animal <> p_device_animal
                    THEN array['animal_id', format('the device is attached to animal %s', p_device_animal)]
                WHEN s.animal IS NOT NULL AND s.species IS NULL THEN array['animal_id', 'animal not found']
                WHEN s.creates = 'weight' AND s.species IS NOT NULL
                     AND (s.at AT TIME ZONE p_tz)::date < s.birth_date
                    THEN array['measured_at', 'a weighing must fall between the animal''s birth and today']
                WHEN s.creates = 'milk' AND s.species IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM public.species_products sp
                        WHERE sp.species = s.species AND sp.product = 'milk' AND sp.unit = s.expected_unit)
                    THEN array['animal_id', (SELECT u.error FROM private.production_unit_problem(s.species, 'milk',
                                                                                            s.expected_unit) u)]
            END AS problem
        FROM typed s)
    SELECT j.idx, j.line, j.metric, j.value, j.at, j.given_animal, j.problem[1], j.problem[2] FROM judged j
$$;

-- ===================================================================== the ingest call

-- The whole ingest of one batch, as the role device_ingest (which may call nothing else): the key's
-- hash names the device; p_format is 'json' or 'csv'. Answers {accepted, stored, duplicates,
-- weights_recorded, production_recorded, records_skipped, alerts_opened, alerts_closed}.
-- Errors (nothing is written): 401 device_key_invalid (unknown, revoked or expired key, retired
-- device); 402 subscription_inactive; 400 invalid_json / invalid_csv_header / empty_batch;
-- 413 batch_too_large; 422 invalid_readings with DETAIL a JSON array of {index, line (CSV), field,
-- error} (the first 100) and the count in the message.
-- SECURITY DEFINER: the caller is the device, not a member; its key is its only credential.
CREATE OR REPLACE FUNCTION private.ingest_readings(p_token_hash bytea, p_body text, p_format text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_now timestamptz := private.now();
    v_skew interval := interval '5 minutes';
    v_max integer := 20000;
    v_device record;
    v_json jsonb;
    v_csv text := CASE WHEN p_format = 'csv' THEN p_body END;
    v_total integer;
    v_bad integer;
    v_errors jsonb;
    v_stored integer;
    v_summary jsonb;
BEGIN
    SELECT k.tenant_id, k.device_id, d.device_type, d.animal_id, tn.timezone, s.status AS subscription
    INTO v_device
    FROM public.device_keys k
    JOIN public.devices d ON d.tenant_id = k.tenant_id AND d.id = k.device_id AND d.status = 'active'
    JOIN public.tenants tn ON tn.id = k.tenant_id
    LEFT JOIN public.subscriptions s ON s.tenant_id = k.tenant_id
    WHERE k.token_hash = p_token_hash AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > v_now);
    IF v_device.device_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT401', MESSAGE = 'the device key is not valid',
            HINT = 'device_key_invalid: it is unknown, revoked or expired, or its device is retired';
    END IF;
    IF v_device.subscription IN ('suspended', 'expired', 'cancelled') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT402',
            MESSAGE = format('the subscription is %s: the tenant is read-only', v_device.subscription),
            HINT = 'subscription_inactive: pay the open invoice or choose a plan';
    END IF;
    IF p_format = 'json' THEN
        BEGIN
            v_json := p_body::jsonb;
        EXCEPTION WHEN invalid_text_representation OR invalid_parameter_value THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the body is not valid JSON', HINT = 'invalid_json';
        END;
        IF jsonb_typeof(v_json) IS DISTINCT FROM 'array' THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the body must be a JSON array of readings',
                HINT = 'invalid_json';
        END IF;
        v_total := jsonb_array_length(v_json);
    ELSIF p_format = 'csv' THEN
        v_total := (SELECT count(*) FROM string_to_table(p_body, E'\n') WITH ORDINALITY AS l (text, n)
                    WHERE l.n > 1 AND btrim(l.text, E' \r\t') <> '');
    ELSE
        RAISE EXCEPTION USING ERRCODE = 'PT415', MESSAGE = 'send application/json or text/csv',
            HINT = 'unsupported_media_type';
    END IF;
    IF v_total = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the batch has no readings', HINT = 'empty_batch';
    END IF;
    IF v_total > v_max THEN
        RAISE EXCEPTION USING ERRCODE = 'PT413', MESSAGE = format('at most %s readings per batch', v_max),
            DETAIL = format('readings=%s', v_total), HINT = 'batch_too_large: split the batch';
    END IF;
    PERFORM set_config('ifarm.readings_summary', '', true);
    BEGIN
        -- The fast path: timestamps cast directly (a cast that fails, e.g. 2026-02-30, lands below), and
        -- readings already stored skipped by an anti-join over the batch's time range, then a plain
        -- insert: a third cheaper than INSERT ... ON CONFLICT. A duplicate the anti-join cannot see (twice
        -- in the batch, or stored by a concurrent batch) raises unique_violation: then the batch goes
        -- again with ON CONFLICT DO NOTHING.
        WITH checked AS MATERIALIZED (
            SELECT * FROM private.check_readings(v_device.tenant_id, v_device.device_type, v_device.animal_id,
                v_device.timezone, v_now, v_skew, p_format, v_json, v_csv, false)),
        bad AS (SELECT * FROM checked c WHERE c.error IS NOT NULL),
        span AS (SELECT min(c.measured_at) AS first_at, max(c.measured_at) AS last_at FROM checked c),
        stored AS (
            INSERT INTO public.device_readings (tenant_id, device_id, metric, measured_at, value, animal_id)
            SELECT v_device.tenant_id, v_device.device_id, c.metric, c.measured_at, c.value, c.animal_id
            FROM checked c
            WHERE NOT EXISTS (SELECT 1 FROM bad)
              AND NOT EXISTS (SELECT 1 FROM public.device_readings r
                              WHERE r.tenant_id = v_device.tenant_id AND r.device_id = v_device.device_id
                                AND r.measured_at BETWEEN (SELECT x.first_at FROM span x) AND (SELECT x.last_at FROM span x)
                                AND r.metric = c.metric AND r.measured_at = c.measured_at)
            RETURNING 1)
        SELECT (SELECT count(*) FROM bad), private.reading_errors((SELECT jsonb_agg(to_jsonb(b)) FROM bad b)),
               (SELECT count(*) FROM stored)
        INTO v_bad, v_errors, v_stored;
    EXCEPTION
        WHEN unique_violation THEN
            WITH stored AS (
                INSERT INTO public.device_readings (tenant_id, device_id, metric, measured_at, value, animal_id)
                SELECT v_device.tenant_id, v_device.device_id, c.metric, c.measured_at, c.value, c.animal_id
                FROM private.check_readings(v_device.tenant_id, v_device.device_type, v_device.animal_id,
                    v_device.timezone, v_now, v_skew, p_format, v_json, v_csv, false) c
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT 0, NULL::jsonb, count(*)::integer INTO v_bad, v_errors, v_stored FROM stored;
        WHEN invalid_datetime_format OR datetime_field_overflow OR invalid_time_zone_displacement_value THEN
            SELECT count(*), private.reading_errors(jsonb_agg(to_jsonb(c)))
            INTO v_bad, v_errors
            FROM private.check_readings(v_device.tenant_id, v_device.device_type, v_device.animal_id,
                                        v_device.timezone, v_now, v_skew, p_format, v_json, v_csv, true) c
            WHERE c.error IS NOT NULL;
    END;
    IF v_bad > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT422',
            MESSAGE = format('%s of %s readings are invalid; nothing was stored', v_bad, v_total),
            DETAIL = v_errors::text,
            HINT = 'invalid_readings: fix the listed readings (index from 0) and send the batch again';
    END IF;
    v_summary := coalesce(nullif(current_setting('ifarm.readings_summary', true), '')::jsonb, '{}'::jsonb);
    RETURN jsonb_build_object('device_id', v_device.device_id, 'accepted', v_total, 'stored', v_stored,
                              'duplicates', v_total - v_stored) || v_summary;
END
$$;

-- The bad readings of a batch as the error's DETAIL: [{index, line (CSV only), field, error}], the
-- first 100 by index.
CREATE OR REPLACE FUNCTION private.reading_errors(p_bad jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('index', b.idx, 'line', b.line, 'field', b.field,
                                                          'error', b.error)) ORDER BY b.idx)
    FROM (SELECT * FROM jsonb_to_recordset(p_bad) AS x (idx integer, line integer, field text, error text)
          ORDER BY x.idx LIMIT 100) b
$$;

REVOKE EXECUTE ON FUNCTION private.ingest_readings(bytea, text, text) FROM PUBLIC, anon, authenticated;
GRANT USAGE ON SCHEMA private TO device_ingest;
GRANT EXECUTE ON FUNCTION private.ingest_readings(bytea, text, text) TO device_ingest, service_role;

-- ===================================================================== what a stored reading sets off

-- Statement trigger on the readings (REFERENCING NEW TABLE AS new_readings: the rows this
-- statement stored, duplicates excluded). Each step is one set-based statement, upserting in key
-- order (concurrent batches cannot deadlock); steps a batch does not need (farm records, thresholds)
-- are skipped. Leaves a summary in the transaction-local setting ifarm.readings_summary for
-- private.ingest_readings. SECURITY DEFINER: devices are not members; nothing here is a client's.
CREATE OR REPLACE FUNCTION private.readings_stored() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_needs_records boolean;
    v_needs_thresholds boolean;
    v_devices jsonb;
    v_weights bigint := 0;
    v_weight_days bigint := 0;
    v_milk bigint := 0;
    v_milk_sessions bigint := 0;
    v_alerts jsonb;
    v_opened bigint := 0;
    v_closed bigint := 0;
    v record;
BEGIN
    -- One pass over the new rows: quarter-hour groups (every time zone's offset is a multiple of 15
    -- minutes, so they roll up exactly into UTC hours and into any tenant's days), then the hourly
    -- and daily rollups, the latest value per metric (an older reading arriving late moves only the
    -- last contact), and what the later steps need to know.
    WITH q AS MATERIALIZED (
        SELECT n.tenant_id, n.device_id, n.metric,
               date_bin('15 minutes', n.measured_at, timestamptz '2000-01-01 00:00:00+00') AS quarter,
               count(*) AS readings, sum(n.value) AS sum, min(n.value) AS min, max(n.value) AS max,
               min(n.measured_at) AS first_at, max(n.measured_at) AS last_at, max(n.received_at) AS received_at
        FROM new_readings n
        GROUP BY 1, 2, 3, 4),
    hourly AS (
        INSERT INTO public.device_readings_hourly AS h (tenant_id, device_id, metric, hour, readings, sum, min, max)
        SELECT q.tenant_id, q.device_id, q.metric, date_trunc('hour', q.quarter, 'UTC'), sum(q.readings), sum(q.sum),
               min(q.min), max(q.max)
        FROM q GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, device_id, metric, hour) DO UPDATE
        SET readings = h.readings + excluded.readings, sum = h.sum + excluded.sum, min = least(h.min, excluded.min),
            max = greatest(h.max, excluded.max)),
    daily AS (
        INSERT INTO public.device_readings_daily AS dd (tenant_id, device_id, metric, day, readings, sum, min, max)
        SELECT q.tenant_id, q.device_id, q.metric, (q.quarter AT TIME ZONE t.timezone)::date, sum(q.readings),
               sum(q.sum), min(q.min), max(q.max)
        FROM q JOIN public.tenants t ON t.id = q.tenant_id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, device_id, metric, day) DO UPDATE
        SET readings = dd.readings + excluded.readings, sum = dd.sum + excluded.sum, min = least(dd.min, excluded.min),
            max = greatest(dd.max, excluded.max)),
    metrics AS (
        SELECT q.tenant_id, q.device_id, q.metric, max(q.last_at) AS last_at, max(q.received_at) AS received_at
        FROM q GROUP BY 1, 2, 3),
    latest AS (
        INSERT INTO public.device_latest_readings AS l (tenant_id, device_id, metric, measured_at, value, received_at)
        SELECT m.tenant_id, m.device_id, m.metric, m.last_at, n.value, m.received_at
        FROM metrics m
        JOIN new_readings n ON n.tenant_id = m.tenant_id AND n.device_id = m.device_id AND n.metric = m.metric
                           AND n.measured_at = m.last_at
        ORDER BY 1, 2, 3
        ON CONFLICT (tenant_id, device_id, metric) DO UPDATE
        SET value = CASE WHEN excluded.measured_at >= l.measured_at THEN excluded.value ELSE l.value END,
            measured_at = greatest(l.measured_at, excluded.measured_at),
            received_at = greatest(l.received_at, excluded.received_at))
    SELECT EXISTS (SELECT 1 FROM metrics m
                   JOIN public.devices d ON d.tenant_id = m.tenant_id AND d.id = m.device_id
                   JOIN public.device_metrics dm ON dm.device_type = d.device_type AND dm.metric = m.metric
                   WHERE dm.creates IS NOT NULL),
           EXISTS (SELECT 1 FROM metrics m
                   JOIN public.device_thresholds t ON t.tenant_id = m.tenant_id AND t.device_id = m.device_id
                                                  AND t.metric = m.metric
                   WHERE t.is_enabled),
           (SELECT jsonb_agg(jsonb_build_object('tenant_id', x.tenant_id, 'device_id', x.device_id,
                       'count', x.readings, 'metrics', x.metrics, 'first_measured_at', x.first_at,
                       'last_measured_at', x.last_at) ORDER BY x.tenant_id, x.device_id)
            FROM (SELECT q.tenant_id, q.device_id, sum(q.readings) AS readings, jsonb_agg(DISTINCT q.metric) AS metrics,
                         min(q.first_at) AS first_at, max(q.last_at) AS last_at
                  FROM q GROUP BY 1, 2) x)
    INTO v_needs_records, v_needs_thresholds, v_devices;

    -- Farm records from readings of an animal (the reading's, else the device's): the day's first
    -- weighing becomes its weight, unless one is recorded for that day already; a milking session's
    -- milk (am before noon, pm after, in the tenant's time) becomes its production record unless
    -- one exists. The tables' own triggers stamp the farm and flag withheld milk.
    IF v_needs_records THEN
        WITH source AS (
            SELECT n.tenant_id, n.device_id, n.measured_at, n.value, m.creates, m.unit,
                   coalesce(n.animal_id, d.animal_id) AS animal,
                   least((n.measured_at AT TIME ZONE t.timezone)::date, private.tenant_today(n.tenant_id)) AS day,
                   CASE WHEN extract(hour FROM n.measured_at AT TIME ZONE t.timezone) < 12 THEN 'am' ELSE 'pm' END
                       AS session
            FROM new_readings n
            JOIN public.devices d ON d.tenant_id = n.tenant_id AND d.id = n.device_id
            JOIN public.device_metrics m ON m.device_type = d.device_type AND m.metric = n.metric
            JOIN public.tenants t ON t.id = n.tenant_id
            WHERE m.creates IS NOT NULL AND coalesce(n.animal_id, d.animal_id) IS NOT NULL AND n.value > 0),
        weights AS (
            SELECT DISTINCT ON (s.tenant_id, s.animal, s.day) s.tenant_id, s.animal, s.day,
                   round(s.value, 2) AS kg, s.device_id
            FROM source s WHERE s.creates = 'weight'
            ORDER BY s.tenant_id, s.animal, s.day, s.measured_at),
        weighed AS (
            INSERT INTO public.animal_weights (tenant_id, animal_id, weighed_on, weight_kg, method, device_id)
            SELECT w.tenant_id, w.animal, w.day, w.kg, 'scale', w.device_id FROM weights w
            ORDER BY w.tenant_id, w.animal, w.day
            ON CONFLICT (tenant_id, animal_id, weighed_on) DO NOTHING
            RETURNING 1),
        milk AS (
            SELECT s.tenant_id, s.animal, s.day, s.session, s.unit, sum(s.value) AS quantity,
                   min(s.device_id::text)::uuid AS device_id
            FROM source s WHERE s.creates = 'milk'
            GROUP BY s.tenant_id, s.animal, s.day, s.session, s.unit),
        milked AS (
            INSERT INTO public.production_records (tenant_id, animal_id, product, quantity, unit, recorded_on, session,
                device_id)
            SELECT k.tenant_id, k.animal, 'milk', k.quantity, k.unit, k.day, k.session, k.device_id FROM milk k
            ORDER BY k.tenant_id, k.animal, k.day, k.session
            ON CONFLICT DO NOTHING
            RETURNING 1)
        SELECT (SELECT count(*) FROM weighed), (SELECT count(*) FROM weights),
               (SELECT count(*) FROM milked), (SELECT count(*) FROM milk)
        INTO v_weights, v_weight_days, v_milk, v_milk_sessions;
    END IF;

    -- Thresholds, in time order per threshold, carrying on from its state. A run is a stretch of
    -- readings outside the bounds; an inside reading ends it. A run opens an alert at its first
    -- reading at least for_seconds after the run began (the run may have begun in an earlier batch)
    -- -- once per run; the inside reading that ends the run closes it. Readings older than the newest
    -- one a threshold has seen do not change its alerts. One statement decides (small jsonb: the
    -- alerts to open and close, the new states), three apply it, so an alert that opens and closes
    -- in one batch publishes device_alert_opened, then device_alert_closed.
    IF v_needs_thresholds THEN
        WITH th AS (
            SELECT t.tenant_id, t.id AS threshold_id, t.device_id, t.metric, t.min_value, t.max_value, t.for_seconds,
                   s.last_measured_at, s.breach_started_at, s.open_alert_id
            FROM public.device_thresholds t
            LEFT JOIN public.device_threshold_states s ON s.tenant_id = t.tenant_id AND s.threshold_id = t.id
            WHERE t.is_enabled
              AND (t.tenant_id, t.device_id, t.metric) IN (SELECT n.tenant_id, n.device_id, n.metric
                                                           FROM new_readings n)),
        r AS (
            SELECT th.*, n.measured_at AS at, n.value,
                   (n.value < th.min_value OR n.value > th.max_value) IS TRUE AS outside,
                   CASE WHEN n.value > th.max_value THEN 'above' ELSE 'below' END AS condition
            FROM th JOIN new_readings n ON n.tenant_id = th.tenant_id AND n.device_id = th.device_id
                                       AND n.metric = th.metric
            WHERE th.last_measured_at IS NULL OR n.measured_at > th.last_measured_at),
        g AS MATERIALIZED (  -- grp: the inside readings up to this one; run k = the outside ones with grp = k
            SELECT r.*, count(*) FILTER (WHERE NOT r.outside) OVER (PARTITION BY r.threshold_id ORDER BY r.at) AS grp
            FROM r),
        runs AS (
            SELECT g.threshold_id, g.grp,
                   CASE WHEN g.grp = 0 THEN coalesce(min(g.breach_started_at), min(g.at)) ELSE min(g.at) END
                       AS started_at
            FROM g WHERE g.outside GROUP BY g.threshold_id, g.grp),
        qualified AS (  -- the reading that opens each run's alert
            SELECT DISTINCT ON (g.threshold_id, g.grp) g.*, u.started_at
            FROM g JOIN runs u ON u.threshold_id = g.threshold_id AND u.grp = g.grp
            WHERE g.outside AND g.at - u.started_at >= make_interval(secs => g.for_seconds)
            ORDER BY g.threshold_id, g.grp, g.at),
        closers AS (  -- the inside reading that ends run k has grp = k + 1
            SELECT DISTINCT ON (g.threshold_id, g.grp) g.threshold_id, g.grp - 1 AS run, g.at AS closed_at,
                   g.value AS closing_value
            FROM g WHERE NOT g.outside ORDER BY g.threshold_id, g.grp, g.at),
        opened AS MATERIALIZED (
            SELECT private.uuid7() AS id, q.tenant_id, q.device_id, q.threshold_id, q.metric, q.condition,
                   q.min_value, q.max_value, q.for_seconds, q.started_at AS breach_started_at, q.at AS opened_at,
                   q.value AS opening_value, q.grp
            FROM qualified q
            WHERE NOT (q.grp = 0 AND q.open_alert_id IS NOT NULL)),
        closed AS (
            SELECT o.tenant_id, o.id, c.closed_at, c.closing_value
            FROM opened o JOIN closers c ON c.threshold_id = o.threshold_id AND c.run = o.grp
            UNION ALL
            SELECT th.tenant_id, th.open_alert_id, c.closed_at, c.closing_value
            FROM th JOIN closers c ON c.threshold_id = th.threshold_id AND c.run = 0
            WHERE th.open_alert_id IS NOT NULL),
        last AS (  -- each threshold's newest reading and the run it is in
            SELECT DISTINCT ON (g.threshold_id) g.tenant_id, g.threshold_id, g.device_id, g.at, g.outside, g.grp,
                   g.open_alert_id
            FROM g ORDER BY g.threshold_id, g.at DESC),
        states AS (
            SELECT l.tenant_id, l.threshold_id, l.device_id, l.at AS last_measured_at,
                   CASE WHEN l.outside THEN u.started_at END AS breach_started_at,
                   CASE WHEN NOT l.outside THEN NULL
                        WHEN o.id IS NOT NULL THEN o.id
                        WHEN l.grp = 0 THEN l.open_alert_id END AS open_alert_id
            FROM last l
            LEFT JOIN runs u ON u.threshold_id = l.threshold_id AND u.grp = l.grp
            LEFT JOIN opened o ON o.threshold_id = l.threshold_id AND o.grp = l.grp)
        SELECT jsonb_build_object(
            'opened', coalesce((SELECT jsonb_agg(to_jsonb(o) - 'grp') FROM opened o), '[]'::jsonb),
            'closed', coalesce((SELECT jsonb_agg(to_jsonb(c)) FROM closed c), '[]'::jsonb),
            'states', coalesce((SELECT jsonb_agg(to_jsonb(s)) FROM states s), '[]'::jsonb))
        INTO v_alerts;
        INSERT INTO public.device_alerts (tenant_id, id, device_id, threshold_id, metric, condition, min_value,
            max_value, for_seconds, breach_started_at, opened_at, opening_value)
        SELECT a.tenant_id, a.id, a.device_id, a.threshold_id, a.metric, a.condition, a.min_value, a.max_value,
               a.for_seconds, a.breach_started_at, a.opened_at, a.opening_value
        FROM jsonb_to_recordset(v_alerts -> 'opened') AS a (tenant_id uuid, id uuid, device_id uuid,
            threshold_id uuid, metric text, condition text, min_value numeric, max_value numeric, for_seconds integer,
            breach_started_at timestamptz, opened_at timestamptz, opening_value numeric)
        ORDER BY a.opened_at, a.id;
        GET DIAGNOSTICS v_opened = ROW_COUNT;
        UPDATE public.device_alerts a SET status = 'closed', closed_at = c.closed_at, closing_value = c.closing_value,
            close_reason = 'recovered'
        FROM jsonb_to_recordset(v_alerts -> 'closed') AS c (tenant_id uuid, id uuid, closed_at timestamptz,
                                                             closing_value numeric)
        WHERE a.tenant_id = c.tenant_id AND a.id = c.id AND a.status = 'open';
        GET DIAGNOSTICS v_closed = ROW_COUNT;
        IF v_opened > 0 THEN  -- the farm's device managers hear of it now, not on the next minute
            PERFORM private.queue_notifications('device_alert', private.now());
        END IF;
        INSERT INTO public.device_threshold_states AS st (tenant_id, threshold_id, device_id, last_measured_at,
            breach_started_at, open_alert_id)
        SELECT s.tenant_id, s.threshold_id, s.device_id, s.last_measured_at, s.breach_started_at, s.open_alert_id
        FROM jsonb_to_recordset(v_alerts -> 'states') AS s (tenant_id uuid, threshold_id uuid, device_id uuid,
            last_measured_at timestamptz, breach_started_at timestamptz, open_alert_id uuid)
        ORDER BY s.tenant_id, s.threshold_id
        ON CONFLICT (tenant_id, threshold_id) DO UPDATE
        SET last_measured_at = excluded.last_measured_at, breach_started_at = excluded.breach_started_at,
            open_alert_id = excluded.open_alert_id;
    END IF;

    -- One event per device and batch.
    FOR v IN SELECT * FROM jsonb_array_elements(coalesce(v_devices, '[]'::jsonb)) d (e) LOOP
        PERFORM outbox.publish('device.events', 'device_readings_ingested', (v.e ->> 'tenant_id')::uuid, 'device',
            v.e ->> 'device_id', v.e - 'tenant_id' - 'device_id');
    END LOOP;

    PERFORM set_config('ifarm.readings_summary', jsonb_build_object('weights_recorded', v_weights,
        'production_recorded', v_milk, 'records_skipped', (v_weight_days - v_weights) + (v_milk_sessions - v_milk),
        'alerts_opened', v_opened, 'alerts_closed', v_closed)::text, true);
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS readings_stored ON public.device_readings;
CREATE TRIGGER readings_stored AFTER INSERT ON public.device_readings REFERENCING NEW TABLE AS new_readings
    FOR EACH STATEMENT EXECUTE FUNCTION private.readings_stored();
DROP FUNCTION IF EXISTS private.threshold_runs(jsonb);
REVOKE EXECUTE ON FUNCTION private.readings_stored() FROM PUBLIC, anon, authenticated;

-- ===================================================================== partitions

-- The partition of the month holding p_month: device_data.device_readings_YYYY_MM.
CREATE OR REPLACE FUNCTION private.reading_partition_name(p_month date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'device_readings_' || to_char(p_month, 'YYYY_MM')
$$;

-- Job (daily 00:20 UTC): the partitions of this month and the next p_ahead months exist, and so do
-- those of any month a reading fell into the default partition for (a late upload of old readings,
-- a missed run); those readings move into their month. Returns the partitions created.
CREATE OR REPLACE FUNCTION private.ensure_reading_partitions(p_as_of timestamptz, p_ahead integer DEFAULT 3)
RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_month date;
    v_name text;
    v_from timestamptz;
    v_to timestamptz;
    v_created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(42420018);
    FOR v_month IN
        SELECT (date_trunc('month', p_as_of AT TIME ZONE 'UTC') + make_interval(months => k))::date
        FROM generate_series(0, p_ahead) k
        UNION
        SELECT DISTINCT date_trunc('month', r.measured_at AT TIME ZONE 'UTC')::date
        FROM device_data.device_readings_default r
        ORDER BY 1
    LOOP
        v_name := private.reading_partition_name(v_month);
        CONTINUE WHEN to_regclass('device_data.' || v_name) IS NOT NULL;
        v_from := v_month::timestamp AT TIME ZONE 'UTC';
        v_to := (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        EXECUTE format('CREATE TABLE device_data.%I (LIKE public.device_readings INCLUDING DEFAULTS '
                       'INCLUDING CONSTRAINTS)', v_name);
        EXECUTE format('WITH moved AS (DELETE FROM device_data.device_readings_default '
                       'WHERE measured_at >= %L AND measured_at < %L RETURNING *) '
                       'INSERT INTO device_data.%I SELECT * FROM moved', v_from, v_to, v_name);
        EXECUTE format('ALTER TABLE public.device_readings ATTACH PARTITION device_data.%I FOR VALUES FROM (%L) TO (%L)',
                       v_name, v_from, v_to);
        v_created := v_created + 1;
    END LOOP;
    RETURN v_created;
END
$$;
REVOKE EXECUTE ON FUNCTION private.ensure_reading_partitions(timestamptz, integer) FROM PUBLIC, anon, authenticated;

-- Partitions for now and the next three months (the daily job keeps it so).
SELECT private.ensure_reading_partitions(now());
