-- 030_outbox: the transactional outbox. A trigger on a domain table writes the event in the same
-- transaction as the change; the relay (`ifarm relay`) claims unpublished rows, publishes them to
-- Kafka with acks=all and stamps them.

-- Generic AFTER ROW trigger: TG_ARGV[0] is the topic. The key is the tenant (so one tenant's
-- events keep their order in a partition). Secrets never enter the payload. The header `source` is
-- 'api' when the iFarm API made the change (it has already invalidated the tenant's cache).
CREATE OR REPLACE FUNCTION outbox.capture() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_row jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END)
                   - 'token_hash' - 'encrypted_password';
    v_tenant uuid := coalesce(v_row ->> 'tenant_id', CASE WHEN TG_TABLE_NAME = 'tenants' THEN v_row ->> 'id' END)::uuid;
    v_type text := TG_TABLE_NAME || '.' || CASE TG_OP WHEN 'INSERT' THEN 'created'
                                                       WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END;
BEGIN
    INSERT INTO outbox.events (topic, key, tenant_id, payload, headers)
    VALUES (TG_ARGV[0], coalesce(v_tenant::text, v_row ->> 'id'), v_tenant,
        jsonb_build_object('type', v_type, 'table', TG_TABLE_NAME, 'tenant_id', v_tenant,
            'id', v_row -> 'id', 'actor', auth.uid(), 'occurred_at', now(), 'data', v_row),
        jsonb_build_object('event_type', v_type, 'tenant_id', v_tenant)
            || jsonb_strip_nulls(jsonb_build_object('source', nullif(current_setting('ifarm.source', true), ''))));
    PERFORM pg_notify('ifarm_outbox', '');
    RETURN NULL;
END
$$;

-- Statement-level AFTER INSERT trigger for high-volume tables (production records arrive 5,000 at
-- a time): one event per tenant and statement, carrying the new rows' ids, instead of one per row.
-- TG_ARGV[0] is the topic; attach with REFERENCING NEW TABLE AS new_rows.
CREATE OR REPLACE FUNCTION outbox.capture_rows() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
    INSERT INTO outbox.events (topic, key, tenant_id, payload, headers)
    SELECT TG_ARGV[0], n.tenant_id::text, n.tenant_id,
           jsonb_build_object('type', TG_TABLE_NAME || '.created', 'table', TG_TABLE_NAME, 'tenant_id', n.tenant_id,
               'actor', auth.uid(), 'occurred_at', now(), 'count', count(*), 'ids', jsonb_agg(n.id)),
           jsonb_build_object('event_type', TG_TABLE_NAME || '.created', 'tenant_id', n.tenant_id)
               || jsonb_strip_nulls(jsonb_build_object('source', nullif(current_setting('ifarm.source', true), '')))
    FROM new_rows n
    GROUP BY n.tenant_id;
    PERFORM pg_notify('ifarm_outbox', '');
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS outbox_capture ON public.tenants;
CREATE TRIGGER outbox_capture AFTER INSERT OR UPDATE OR DELETE ON public.tenants
    FOR EACH ROW EXECUTE FUNCTION outbox.capture('tenant.events');
DROP TRIGGER IF EXISTS outbox_capture ON public.farms;
CREATE TRIGGER outbox_capture AFTER INSERT OR UPDATE OR DELETE ON public.farms
    FOR EACH ROW EXECUTE FUNCTION outbox.capture('tenant.events');
DROP TRIGGER IF EXISTS outbox_capture ON public.tenant_members;
CREATE TRIGGER outbox_capture AFTER INSERT OR UPDATE OR DELETE ON public.tenant_members
    FOR EACH ROW EXECUTE FUNCTION outbox.capture('user.events');
DROP TRIGGER IF EXISTS outbox_capture ON public.invitations;
CREATE TRIGGER outbox_capture AFTER INSERT OR UPDATE OR DELETE ON public.invitations
    FOR EACH ROW EXECUTE FUNCTION outbox.capture('user.events');

-- Claims the oldest unpublished events for this transaction; SKIP LOCKED lets relays run side by side.
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

-- How many events wait, and how old the oldest is (for /metrics, /health and `ifarm status`).
CREATE OR REPLACE FUNCTION outbox.backlog() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT jsonb_build_object('pending', count(*),
        'oldest_age_seconds', coalesce(extract(epoch FROM now() - min(e.created_at)), 0))
    FROM outbox.events e WHERE e.published_at IS NULL
$$;
GRANT USAGE ON SCHEMA outbox TO authenticated, anon, service_role;
GRANT EXECUTE ON FUNCTION outbox.backlog() TO anon, authenticated, service_role;
