-- 030_outbox: the transactional outbox. Triggers on the domain tables write each change's event in
-- the same transaction as the change; the relay (`ifarm relay`, one leader at a time) publishes
-- them to Kafka in id order with acks=all and stamps them; consumers (`ifarm consumer`) apply each
-- event once through the inbox.
--
-- One envelope for every event (value of the Kafka message, JSON):
--   {event_id, type, tenant_id, aggregate, aggregate_id, occurred_at, actor_id, schema_version,
--    payload}
-- Kafka key: the tenant id (the aggregate id for a change outside any tenant), so one tenant's events
-- share a partition. Headers: event_id, event_type, schema_version, tenant_id, and source = 'api'
-- when the iFarm API made the change (it has already invalidated the tenant's cache).
-- Order: events of one aggregate arrive in the order their changes committed (the change holds the
-- aggregate's row lock while its event takes the next id, and one relay publishes in id order).
-- Payload of a row event: {"row": <the row after the change; before it for a delete>} and, for an
-- update, "previous": {<each changed column>: <its old value>}. Secrets never enter it.

-- ===================================================================== sources

-- Which tables publish, and how their events are named. Data, not code: the block at the end of
-- this file attaches the triggers from it, outbox.event_types() lists every type from it, and the
-- README's table of event types is checked against that list.
--   name: the type prefix (<name>_created, <name>_updated, <name>_deleted; a soft delete, deleted_at
--     set, is <name>_deleted too);
--   aggregate / aggregate_key: what the event is about and the column holding its id (a change that
--     moves a parent -- a head count event, a payment on an invoice -- belongs to the parent);
--   status_mode: 'named' = a status change is <name>_<new status> (expense_approved), 'changed' =
--     <name>_status_changed, 'none' = an update like any other; statuses: the values 'named' knows;
--   created_type / deleted_type: a better word than created / deleted where there is one.
-- What does not publish is listed, with the reason, in outbox.silent_tables().
CREATE OR REPLACE FUNCTION outbox.sources()
RETURNS TABLE (table_name text, topic text, name text, aggregate text, aggregate_key text, status_mode text,
               statuses text[], created_type text, deleted_type text, per_statement boolean)
LANGUAGE sql IMMUTABLE AS $$
    VALUES
    ('tenants', 'tenant.events', 'tenant', 'tenant', 'id', 'named', '{active,suspended,cancelled}'::text[],
        NULL, NULL, false),
    ('farms', 'tenant.events', 'farm', 'farm', 'id', 'none', NULL, NULL, NULL, false),
    ('locations', 'tenant.events', 'location', 'location', 'id', 'none', NULL, NULL, NULL, false),
    ('tenant_breeds', 'tenant.events', 'breed', 'breed', 'id', 'none', NULL, NULL, NULL, false),
    ('tenant_members', 'user.events', 'member', 'member', 'user_id', 'none', NULL, 'member_added',
        'member_removed', false),
    ('farm_access', 'user.events', 'farm_access', 'member', 'user_id', 'none', NULL, 'farm_access_granted',
        'farm_access_revoked', false),
    ('invitations', 'user.events', 'invitation', 'invitation', 'id', 'none', NULL, 'invitation_sent', NULL, false),
    ('profiles', 'user.events', 'profile', 'user', 'id', 'none', NULL, NULL, NULL, false),
    ('animals', 'animal.events', 'animal', 'animal', 'id', 'changed', NULL, NULL, NULL, false),
    ('animal_tags', 'animal.events', 'animal_tag', 'animal', 'animal_id', 'none', NULL, NULL, NULL, false),
    ('animal_groups', 'animal.events', 'animal_group', 'animal_group', 'id', 'none', NULL, NULL, NULL, false),
    ('group_count_events', 'animal.events', 'group_count', 'animal_group', 'group_id', 'none', NULL,
        'group_count_changed', NULL, false),
    ('animal_movements', 'animal.events', 'animal_movement', 'animal', 'animal_id', 'none', NULL, 'animal_moved',
        NULL, false),
    ('health_checks', 'animal.events', 'health_check', 'health_check', 'id', 'none', NULL,
        'health_check_recorded', NULL, false),
    ('vaccinations', 'animal.events', 'vaccination', 'vaccination', 'id', 'none', NULL, 'vaccination_recorded',
        NULL, false),
    ('treatments', 'animal.events', 'treatment', 'treatment', 'id', 'none', NULL, 'treatment_recorded', NULL, false),
    ('breeding_services', 'animal.events', 'breeding_service', 'breeding_service', 'id', 'named',
        '{served,confirmed,failed,delivered}'::text[], 'breeding_service_recorded', NULL, false),
    ('pregnancy_checks', 'animal.events', 'pregnancy_check', 'breeding_service', 'service_id', 'none', NULL,
        'pregnancy_check_recorded', NULL, false),
    ('births', 'animal.events', 'birth', 'animal', 'dam_id', 'none', NULL, 'birth_recorded', NULL, false),
    ('lactations', 'animal.events', 'lactation', 'lactation', 'id', 'none', NULL, 'lactation_started', NULL, false),
    ('animal_weights', 'animal.events', 'weight', 'animal_weight', 'id', 'none', NULL, 'weight_recorded', NULL,
        false),
    ('activities', 'animal.events', 'activity', 'activity', 'id', 'none', NULL, 'activity_recorded', NULL, false),
    ('production_records', 'production.events', 'production_record', 'production_record', 'id', 'none', NULL,
        'production_recorded', NULL, true),
    ('expenses', 'expense.events', 'expense', 'expense', 'id', 'named',
        '{draft,submitted,approved,rejected,paid}'::text[], NULL, NULL, false),
    ('expense_categories', 'expense.events', 'expense_category', 'expense_category', 'id', 'none', NULL, NULL, NULL,
        false),
    ('counterparties', 'expense.events', 'counterparty', 'counterparty', 'id', 'none', NULL, NULL, NULL, false),
    ('approval_limits', 'expense.events', 'approval_limit', 'approval_limit', 'role', 'none', NULL, NULL, NULL,
        false),
    ('animal_sales', 'payment.events', 'animal_sale', 'animal_sale', 'id', 'none', NULL, 'animal_sale_recorded',
        NULL, false),
    ('product_sales', 'payment.events', 'product_sale', 'product_sale', 'id', 'none', NULL, 'product_sale_recorded',
        NULL, false),
    ('invoices', 'payment.events', 'invoice', 'invoice', 'id', 'named', '{draft,issued,paid,overdue,void}'::text[],
        NULL, NULL, false),
    ('payments', 'payment.events', 'invoice_payment', 'invoice', 'invoice_id', 'none', NULL,
        'invoice_payment_recorded', NULL, false),
    ('subscriptions', 'payment.events', 'subscription', 'subscription', 'id', 'named',
        '{trial,active,past_due,suspended,cancelled,expired}'::text[], NULL, NULL, false),
    ('subscription_invoices', 'payment.events', 'subscription_invoice', 'subscription_invoice', 'id', 'named',
        '{open,paid,failed,void}'::text[], NULL, NULL, false),
    ('payment_attempts', 'payment.events', 'payment', 'subscription_invoice', 'invoice_id', 'named',
        '{pending,succeeded,failed}'::text[], 'payment_attempted', NULL, false),
    ('media_files', 'tenant.events', 'media', 'media', 'id', 'named', '{pending,ready}'::text[], 'media_added',
        'media_removed', false)
$$;

-- Tables with a tenant that publish nothing, and why (a catalog test holds every tenant table to
-- one list or the other).
CREATE OR REPLACE FUNCTION outbox.silent_tables() RETURNS TABLE (table_name text, why text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('notifications', 'a delivery queue, not a domain change'),
           ('usage_metrics', 'measurements the usage job writes every 30 minutes'),
           ('animal_counts', 'a dashboard summary kept by triggers'),
           ('production_daily_totals', 'a dashboard summary kept by triggers'),
           ('open_lactation_counts', 'a dashboard summary kept by triggers'),
           ('invoice_counters', 'the invoice numbering counter; invoice_issued carries the number'),
           ('invoice_lines', 'written with their invoice, before it is issued'),
           ('expense_allocations', 'written with their expense'),
           ('production_record_revisions', 'production_record_updated carries the change')
$$;

-- Security-relevant actions: their audit entries (db/functions/110_audit.sql) also go to topic
-- audit.events as security_<name>, payload = the audit entry. A change matches a row when its
-- table and action match, the column `changed` (if given) is among its changed columns, and the
-- new status is one of `statuses` (if given; '<status>' in the name is replaced by it). Actions
-- that change no table (sign-in, sign-out) have no table.
CREATE OR REPLACE FUNCTION outbox.security_events()
RETURNS TABLE (table_name text, action text, changed text, statuses text[], name text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('tenant_members', 'insert', NULL, NULL, 'member_added'),
           ('tenant_members', 'delete', NULL, NULL, 'member_removed'),
           ('tenant_members', 'update', 'role', NULL, 'member_role_changed'),
           ('invitations', 'insert', NULL, NULL, 'member_invited'),
           ('farm_access', 'insert', NULL, NULL, 'farm_access_granted'),
           ('farm_access', 'delete', NULL, NULL, 'farm_access_revoked'),
           ('expenses', 'update', 'status', '{approved,rejected}'::text[], 'expense_<status>'),
           ('payments', 'insert', NULL, NULL, 'invoice_payment_recorded'),
           ('payment_attempts', 'update', 'status', '{succeeded,failed}'::text[], 'payment_<status>'),
           ('subscriptions', 'update', 'plan_code', NULL, 'plan_changed'),
           ('subscriptions', 'update', 'pending_plan_code', NULL, 'plan_change_scheduled'),
           ('subscriptions', 'update', 'status', '{active,past_due,suspended,cancelled,expired}'::text[],
            'subscription_<status>'),
           ('tenants', 'delete', NULL, NULL, 'tenant_deleted'),
           (NULL, 'sign_in', NULL, NULL, 'sign_in'),
           (NULL, 'sign_in_failed', NULL, NULL, 'sign_in_failed'),
           (NULL, 'sign_out', NULL, NULL, 'sign_out')
$$;

-- Every event type: its source table, topic and aggregate, and what makes it happen.
CREATE OR REPLACE FUNCTION outbox.event_types()
RETURNS TABLE (type text, source text, topic text, aggregate text, happens_when text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT x.type, x.source, x.topic, x.aggregate, x.happens_when
    FROM (
        SELECT coalesce(s.created_type, s.name || '_created') AS type, s.table_name AS source, s.topic, s.aggregate,
               CASE WHEN s.per_statement
                    THEN 'a statement inserts rows (one event per tenant: {count, ids, farm_ids, '
                         || 'first_recorded_on, last_recorded_on})'
                    ELSE 'a row is inserted' END AS happens_when
        FROM outbox.sources() s
        UNION ALL
        SELECT s.name || '_updated', s.table_name, s.topic, s.aggregate, 'a row changes' FROM outbox.sources() s
        UNION ALL
        SELECT coalesce(s.deleted_type, s.name || '_deleted'), s.table_name, s.topic, s.aggregate,
               'a row is deleted (or soft-deleted)'
        FROM outbox.sources() s
        UNION ALL
        SELECT s.name || '_' || st, s.table_name, s.topic, s.aggregate, 'status becomes ' || st
        FROM outbox.sources() s CROSS JOIN LATERAL unnest(s.statuses) st WHERE s.status_mode = 'named'
        UNION ALL
        SELECT s.name || '_status_changed', s.table_name, s.topic, s.aggregate, 'status changes'
        FROM outbox.sources() s WHERE s.status_mode = 'changed'
        UNION ALL
        SELECT 'security_' || replace(e.name, '<status>', coalesce(st, '')), coalesce(e.table_name, 'auth'),
               'audit.events', 'audit_entry',
               CASE e.action WHEN 'sign_in' THEN 'a user signs in' WHEN 'sign_in_failed' THEN 'a sign-in is refused'
                             WHEN 'sign_out' THEN 'a user signs out'
                    ELSE 'an audited ' || e.action || ' of a row' || coalesce(' changing ' || e.changed, '')
                         || coalesce(' to ' || st, '') END
        FROM outbox.security_events() e LEFT JOIN LATERAL unnest(e.statuses) st ON true) x
$$;

-- ===================================================================== writing events

-- Writes one event in the caller's transaction and wakes the relay. The only way into the outbox.
CREATE OR REPLACE FUNCTION outbox.publish(p_topic text, p_type text, p_tenant_id uuid, p_aggregate text,
    p_aggregate_id text, p_payload jsonb) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_event_id uuid := private.uuid7();
    v_source text := nullif(pg_catalog.current_setting('ifarm.source', true), '');
BEGIN
    INSERT INTO outbox.events (event_id, topic, key, tenant_id, payload, headers)
    VALUES (v_event_id, p_topic, coalesce(p_tenant_id::text, p_aggregate_id), p_tenant_id,
        jsonb_build_object('event_id', v_event_id, 'type', p_type, 'tenant_id', p_tenant_id,
            'aggregate', p_aggregate, 'aggregate_id', p_aggregate_id, 'occurred_at', now(), 'actor_id', auth.uid(),
            'schema_version', 1, 'payload', p_payload),
        jsonb_strip_nulls(jsonb_build_object('event_type', p_type, 'schema_version', '1', 'tenant_id', p_tenant_id,
            'source', v_source)));
    PERFORM pg_notify('ifarm_outbox', '');
    RETURN v_event_id;
END
$$;

-- Row trigger. TG_ARGV: topic, name, aggregate, aggregate_key, status_mode, created_type,
-- deleted_type ('' = the default word). An update that changes nothing but updated_at publishes
-- nothing.
CREATE OR REPLACE FUNCTION outbox.capture() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'token_hash' - 'encrypted_password' END;
    v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'token_hash' - 'encrypted_password' END;
    v_row jsonb := coalesce(v_new, v_old);
    v_name text := TG_ARGV[1];
    v_deleted text := coalesce(nullif(TG_ARGV[6], ''), v_name || '_deleted');
    v_previous jsonb;
    v_type text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        v_type := coalesce(nullif(TG_ARGV[5], ''), v_name || '_created');
    ELSIF TG_OP = 'DELETE' THEN
        v_type := v_deleted;
    ELSE
        SELECT jsonb_object_agg(k, v_old -> k) INTO v_previous
        FROM jsonb_object_keys(v_new) k
        WHERE k <> 'updated_at' AND v_new -> k IS DISTINCT FROM v_old -> k;
        IF v_previous IS NULL THEN
            RETURN NULL;
        END IF;
        v_type := CASE
            WHEN v_previous ? 'deleted_at' AND v_old ->> 'deleted_at' IS NULL THEN v_deleted
            WHEN v_previous ? 'status' AND TG_ARGV[4] = 'named' THEN v_name || '_' || (v_new ->> 'status')
            WHEN v_previous ? 'status' AND TG_ARGV[4] = 'changed' THEN v_name || '_status_changed'
            ELSE v_name || '_updated' END;
    END IF;
    PERFORM outbox.publish(TG_ARGV[0], v_type,
        coalesce(v_row ->> 'tenant_id', CASE WHEN TG_TABLE_NAME = 'tenants' THEN v_row ->> 'id' END)::uuid,
        TG_ARGV[2], v_row ->> TG_ARGV[3],
        jsonb_build_object('row', v_row)
            || CASE WHEN v_previous IS NOT NULL THEN jsonb_build_object('previous', v_previous) ELSE '{}' END);
    RETURN NULL;
END
$$;

-- Statement trigger for tables whose inserts arrive in thousands (production, 5,000 records a
-- batch): one event per tenant and statement, with the new rows' ids. TG_ARGV: topic, type,
-- aggregate. Attach with REFERENCING NEW TABLE AS new_rows.
CREATE OR REPLACE FUNCTION outbox.capture_rows() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v record;
BEGIN
    FOR v IN SELECT n.tenant_id, count(*) AS n, jsonb_agg(n.id ORDER BY n.id) AS ids,
                    jsonb_agg(DISTINCT n.farm_id) AS farm_ids, min(n.recorded_on) AS first_on,
                    max(n.recorded_on) AS last_on
             FROM new_rows n GROUP BY n.tenant_id LOOP
        PERFORM outbox.publish(TG_ARGV[0], TG_ARGV[1], v.tenant_id, TG_ARGV[2], NULL,
            jsonb_build_object('count', v.n, 'ids', v.ids, 'farm_ids', v.farm_ids,
                               'first_recorded_on', v.first_on, 'last_recorded_on', v.last_on));
    END LOOP;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION outbox.publish(text, text, uuid, text, text, jsonb), outbox.capture(),
    outbox.capture_rows() FROM PUBLIC, anon, authenticated;

-- The triggers, from outbox.sources(): every outbox trigger is dropped and made again, so a table
-- taken out of the list stops publishing and a changed row of the list takes effect. Their names
-- sort first among a table's AFTER triggers, so a row's own event comes before the events of what
-- its other triggers do (tenant_created before the default categories, a payment before
-- invoice_paid).
DO $$
DECLARE
    t record;
    s record;
BEGIN
    FOR t IN SELECT tg.tgname, tg.tgrelid::regclass AS rel FROM pg_catalog.pg_trigger tg
             WHERE tg.tgname IN ('outbox_capture', 'outbox_capture_rows', 'a_outbox_capture', 'a_outbox_capture_rows')
               AND NOT tg.tgisinternal LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.rel);
    END LOOP;
    FOR s IN SELECT * FROM outbox.sources() LOOP
        EXECUTE format('CREATE TRIGGER a_outbox_capture AFTER %s ON public.%I FOR EACH ROW '
                       'EXECUTE FUNCTION outbox.capture(%L, %L, %L, %L, %L, %L, %L)',
                       CASE WHEN s.per_statement THEN 'UPDATE OR DELETE' ELSE 'INSERT OR UPDATE OR DELETE' END,
                       s.table_name, s.topic, s.name, s.aggregate, s.aggregate_key, s.status_mode,
                       coalesce(s.created_type, ''), coalesce(s.deleted_type, ''));
        IF s.per_statement THEN
            EXECUTE format('CREATE TRIGGER a_outbox_capture_rows AFTER INSERT ON public.%I '
                           'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT '
                           'EXECUTE FUNCTION outbox.capture_rows(%L, %L, %L)',
                           s.table_name, s.topic, s.created_type, s.aggregate);
        END IF;
    END LOOP;
END
$$;

-- ===================================================================== the relay

-- Claims the oldest unpublished events for this transaction, in id order. One relay leads at a time
-- (app/relay.py holds an advisory lock), so a tenant's events leave in order even when a batch has
-- to be retried; SKIP LOCKED keeps a stale second claimer from waiting.
CREATE OR REPLACE FUNCTION outbox.claim_batch(p_limit integer) RETURNS SETOF outbox.events
LANGUAGE sql VOLATILE AS $$
    SELECT * FROM outbox.events e
    WHERE e.published_at IS NULL
    ORDER BY e.id
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
$$;

-- Stamps events the broker acknowledged.
CREATE OR REPLACE FUNCTION outbox.mark_published(p_ids bigint[]) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    WITH done AS (
        UPDATE outbox.events e SET published_at = now(), attempts = e.attempts + 1, last_error = NULL
        WHERE e.id = ANY (p_ids) AND e.published_at IS NULL
        RETURNING 1)
    SELECT count(*) FROM done
$$;

-- Records a failed publish; the events stay unpublished and are retried.
CREATE OR REPLACE FUNCTION outbox.mark_failed(p_ids bigint[], p_error text) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    WITH failed AS (
        UPDATE outbox.events e SET attempts = e.attempts + 1, last_error = left(p_error, 2000)
        WHERE e.id = ANY (p_ids) AND e.published_at IS NULL
        RETURNING 1)
    SELECT count(*) FROM failed
$$;

-- ===================================================================== consumers

-- Claims an event for a consumer inside the transaction that applies it: true the first time,
-- false when the consumer has applied it before (a redelivery), so the caller skips its effect.
CREATE OR REPLACE FUNCTION outbox.begin_handling(p_consumer text, p_event_id uuid, p_type text, p_tenant_id uuid)
RETURNS boolean
LANGUAGE sql VOLATILE AS $$
    WITH claimed AS (
        INSERT INTO outbox.inbox (consumer, event_id, event_type, tenant_id)
        VALUES (p_consumer, p_event_id, p_type, p_tenant_id)
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM claimed)
$$;

-- The same for a batch of events ([{event_id, type, tenant_id}]): returns the ids of those the
-- consumer has not applied before.
CREATE OR REPLACE FUNCTION outbox.begin_handling_batch(p_consumer text, p_events jsonb) RETURNS SETOF text
LANGUAGE sql VOLATILE AS $$
    INSERT INTO outbox.inbox (consumer, event_id, event_type, tenant_id)
    SELECT p_consumer, x.event_id, x.type, x.tenant_id
    FROM jsonb_to_recordset(p_events) AS x (event_id uuid, type text, tenant_id uuid)
    ON CONFLICT DO NOTHING
    RETURNING event_id::text
$$;

-- A message a consumer gave up on (it also went to the dead-letter topic); a second failure of
-- the same event (after a replay) updates the record.
CREATE OR REPLACE FUNCTION outbox.record_dead_letter(p_consumer text, p_event_id uuid, p_topic text,
    p_partition integer, p_offset bigint, p_event jsonb, p_error text, p_attempts integer) RETURNS void
LANGUAGE sql VOLATILE AS $$
    INSERT INTO outbox.dead_letters AS d (consumer, event_id, topic, kafka_partition, kafka_offset, event, error,
        attempts)
    VALUES (p_consumer, p_event_id, p_topic, p_partition, p_offset, p_event, left(p_error, 4000), p_attempts)
    ON CONFLICT (consumer, event_id) DO UPDATE
    SET error = excluded.error, attempts = d.attempts + excluded.attempts, failed_at = now(), replayed_at = NULL
$$;

-- Each consumer group's lag per partition, as its consumers measured it: [{topic, partition,
-- committed, end_offset}].
CREATE OR REPLACE FUNCTION outbox.record_lag(p_group text, p_partitions jsonb) RETURNS void
LANGUAGE sql VOLATILE AS $$
    INSERT INTO outbox.consumer_lag AS l (group_id, topic, kafka_partition, committed, end_offset, measured_at)
    SELECT p_group, x.topic, x.partition, x.committed, x.end_offset, now()
    FROM jsonb_to_recordset(p_partitions) AS x (topic text, partition integer, committed bigint, end_offset bigint)
    ON CONFLICT (group_id, topic, kafka_partition) DO UPDATE
    SET committed = excluded.committed, end_offset = excluded.end_offset, measured_at = excluded.measured_at
$$;

-- Lag per group and partition, the dead letters waiting for a replay (for /metrics and status).
CREATE OR REPLACE FUNCTION outbox.consumer_state() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT jsonb_build_object(
        'lag', (SELECT coalesce(jsonb_agg(jsonb_build_object('group', l.group_id, 'topic', l.topic,
                    'partition', l.kafka_partition, 'lag', greatest(l.end_offset - l.committed, 0),
                    'age_seconds', round(extract(epoch FROM now() - l.measured_at)::numeric, 1))
                    ORDER BY l.group_id, l.topic, l.kafka_partition), '[]'::jsonb)
                FROM outbox.consumer_lag l),
        'dead_letters', (SELECT count(*) FROM outbox.dead_letters d WHERE d.replayed_at IS NULL))
$$;
GRANT EXECUTE ON FUNCTION outbox.consumer_state() TO anon, authenticated, service_role;

-- How many events wait, and how old the oldest is (for /metrics, /health and `ifarm status`).
CREATE OR REPLACE FUNCTION outbox.backlog() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT jsonb_build_object('pending', count(*),
        'oldest_age_seconds', coalesce(extract(epoch FROM now() - min(e.created_at)), 0))
    FROM outbox.events e WHERE e.published_at IS NULL
$$;
GRANT USAGE ON SCHEMA outbox TO authenticated, anon, service_role;
GRANT EXECUTE ON FUNCTION outbox.backlog() TO anon, authenticated, service_role;
