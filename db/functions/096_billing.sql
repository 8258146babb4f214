-- 096_billing: the subscription lifecycle after the first invoice. Payment outcomes (recorded by
-- iFarm staff for the manual provider, or by the provider's signed webhook, each event once); a
-- failed payment makes the subscription past_due with retries on days 1, 3 and 7 after the due
-- date, and suspends it when the last retry fails; a suspended, expired or cancelled tenant is
-- read-only (writes get 402, whichever way they arrive). Plan changes: an upgrade applies now and
-- charges the rest of the period prorated; a downgrade applies at the period's end; either is
-- refused while the tenant holds more than the target plan allows. Usage metrics every 30 minutes.

-- ===================================================================== usage

-- What the tenant holds of each resource the plans limit (null for a user who is not a member).
CREATE OR REPLACE FUNCTION private.tenant_usage(p_tenant_id uuid) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT jsonb_object_agg(r, private.usage_count(p_tenant_id, r))
    FROM unnest(ARRAY['animals', 'farms', 'members', 'devices']) r
    WHERE auth.uid() IS NULL OR private.is_member(p_tenant_id)
$$;
GRANT EXECUTE ON FUNCTION private.tenant_usage(uuid) TO authenticated, service_role;

-- The resources a tenant holds more of than a plan allows: {resource: {limit, usage}}, or {}.
CREATE OR REPLACE FUNCTION private.usage_over_plan(p_tenant_id uuid, p_plan_code text) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$
    SELECT coalesce(jsonb_object_agg(l.resource, jsonb_build_object('limit', l.max, 'usage', u.value::bigint)),
                    '{}'::jsonb)
    FROM public.plans p
    CROSS JOIN LATERAL (VALUES ('animals', p.max_animals), ('farms', p.max_farms), ('members', p.max_members),
                               ('devices', p.max_devices)) AS l (resource, max)
    JOIN jsonb_each_text(private.tenant_usage(p_tenant_id)) u ON u.key = l.resource
    WHERE p.code = p_plan_code AND l.max IS NOT NULL AND u.value::bigint > l.max
$$;

-- API calls counted by the API workers: {tenant_id: calls} added to today's row. Unknown tenants
-- (a request naming a tenant that does not exist) are ignored.
CREATE OR REPLACE FUNCTION private.record_api_calls(p_counts jsonb) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_rows bigint;
BEGIN
    INSERT INTO private.api_calls AS c (tenant_id, day, calls)
    SELECT t.id, private.today(), sum(e.value::bigint)
    FROM jsonb_each_text(p_counts) e
    JOIN public.tenants t ON t.id::text = lower(e.key)
    WHERE e.value ~ '^[0-9]{1,18}$'
    GROUP BY t.id
    ON CONFLICT (tenant_id, day) DO UPDATE SET calls = c.calls + EXCLUDED.calls;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;
GRANT EXECUTE ON FUNCTION private.record_api_calls(jsonb) TO service_role;

-- Job (every 30 minutes): each live subscription's usage in its current period -- the counts now,
-- the period's peak animals, the API calls so far. A late (catch-up) run never overwrites a newer
-- reading. Returns the rows written.
CREATE OR REPLACE FUNCTION private.aggregate_usage_metrics(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_rows bigint;
BEGIN
    INSERT INTO public.usage_metrics AS m (tenant_id, period_start, period_end, animals, peak_animals, farms,
        members, devices, api_calls, measured_at)
    SELECT s.tenant_id, s.current_period_start, s.current_period_end, (u ->> 'animals')::integer,
           (u ->> 'animals')::integer, (u ->> 'farms')::integer, (u ->> 'members')::integer,
           (u ->> 'devices')::integer,
           coalesce((SELECT sum(c.calls) FROM private.api_calls c
                     WHERE c.tenant_id = s.tenant_id AND c.day >= s.current_period_start
                       AND c.day < s.current_period_end), 0),
           p_as_of
    FROM public.subscriptions s
    CROSS JOIN LATERAL private.tenant_usage(s.tenant_id) u
    WHERE s.status IN ('trial', 'active', 'past_due', 'suspended')
    ON CONFLICT (tenant_id, period_start) DO UPDATE
    SET period_end = EXCLUDED.period_end, animals = EXCLUDED.animals,
        peak_animals = greatest(m.peak_animals, EXCLUDED.animals), farms = EXCLUDED.farms,
        members = EXCLUDED.members, devices = EXCLUDED.devices, api_calls = EXCLUDED.api_calls,
        measured_at = EXCLUDED.measured_at
    WHERE m.measured_at <= EXCLUDED.measured_at;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;

DROP POLICY IF EXISTS "members read their tenant's usage" ON public.usage_metrics;
CREATE POLICY "members read their tenant's usage" ON public.usage_metrics
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids()));

-- ===================================================================== payments

-- The number of an invoice's next payment attempt (attempt n is unique per invoice).
CREATE OR REPLACE FUNCTION private.next_attempt_no(p_tenant_id uuid, p_invoice_id uuid) RETURNS integer
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT coalesce(max(a.attempt_no), 0) + 1 FROM public.payment_attempts a
    WHERE a.tenant_id = p_tenant_id AND a.invoice_id = p_invoice_id
$$;
GRANT EXECUTE ON FUNCTION private.next_attempt_no(uuid, uuid) TO service_role;

-- Records the outcome of a payment of an open subscription invoice. Success pays it (and, with no
-- other invoice open, makes the subscription active again); failure n = 1, 2, 3 makes it past_due
-- with a retry on day 1, 3, 7 after the due date; failure 4 suspends it.
CREATE OR REPLACE FUNCTION private.settle_subscription_payment(p_tenant_id uuid, p_invoice_id uuid,
    p_succeeded boolean, p_provider text, p_reference text, p_error text, p_event_id text, p_at timestamptz)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_invoice public.subscription_invoices;
    v_sub public.subscriptions;
    v_attempt uuid;
    v_failures integer;
    v_retry_days CONSTANT integer[] := ARRAY[1, 3, 7];
BEGIN
    SELECT * INTO v_invoice FROM public.subscription_invoices i
    WHERE i.tenant_id = p_tenant_id AND i.id = p_invoice_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'no such subscription invoice',
            DETAIL = format('invoice_id=%s', p_invoice_id), HINT = 'subscription_invoice_not_found';
    END IF;
    IF v_invoice.status <> 'open' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('the invoice is %s', v_invoice.status),
            DETAIL = format('invoice_id=%s', p_invoice_id), HINT = 'subscription_invoice_not_open';
    END IF;
    SELECT * INTO v_sub FROM public.subscriptions s
    WHERE s.tenant_id = p_tenant_id AND s.id = v_invoice.subscription_id FOR UPDATE;

    -- The pending attempt this outcome answers, else (a payment nobody asked for) a new attempt.
    UPDATE public.payment_attempts a
    SET status = CASE WHEN p_succeeded THEN 'succeeded' ELSE 'failed' END, provider = p_provider,
        external_id = p_reference, error = p_error, event_id = p_event_id, completed_at = p_at
    WHERE (a.tenant_id, a.id) = (SELECT a2.tenant_id, a2.id FROM public.payment_attempts a2
                                 WHERE a2.tenant_id = p_tenant_id AND a2.invoice_id = p_invoice_id
                                   AND a2.status = 'pending'
                                 ORDER BY a2.attempt_no DESC LIMIT 1)
    RETURNING a.id INTO v_attempt;
    IF v_attempt IS NULL THEN
        INSERT INTO public.payment_attempts (tenant_id, invoice_id, provider, attempt_no, amount, status,
            external_id, error, event_id, completed_at)
        VALUES (p_tenant_id, p_invoice_id, p_provider, private.next_attempt_no(p_tenant_id, p_invoice_id),
                v_invoice.amount, CASE WHEN p_succeeded THEN 'succeeded' ELSE 'failed' END, p_reference, p_error,
                p_event_id, p_at);
    END IF;

    IF p_succeeded THEN
        UPDATE public.subscription_invoices i SET status = 'paid', paid_at = p_at
        WHERE i.tenant_id = p_tenant_id AND i.id = p_invoice_id;
        IF NOT EXISTS (SELECT 1 FROM public.subscription_invoices i
                       WHERE i.tenant_id = p_tenant_id AND i.subscription_id = v_sub.id AND i.status = 'open') THEN
            UPDATE public.subscriptions s
            SET status = CASE WHEN s.status IN ('past_due', 'suspended') THEN 'active' ELSE s.status END,
                failed_attempts = 0, next_retry_on = NULL, suspended_at = NULL
            WHERE s.tenant_id = p_tenant_id AND s.id = v_sub.id;
        END IF;
    ELSIF v_sub.status IN ('active', 'past_due', 'suspended') THEN
        v_failures := v_sub.failed_attempts + 1;
        UPDATE public.subscriptions s
        SET failed_attempts = v_failures,
            status = CASE WHEN v_failures > cardinality(v_retry_days) THEN 'suspended' ELSE 'past_due' END,
            next_retry_on = CASE WHEN v_failures <= cardinality(v_retry_days)
                                 THEN greatest(v_invoice.due_on + v_retry_days[v_failures],
                                               (p_at AT TIME ZONE 'UTC')::date) END,
            suspended_at = CASE WHEN v_failures > cardinality(v_retry_days) THEN coalesce(s.suspended_at, p_at) END
        WHERE s.tenant_id = p_tenant_id AND s.id = v_sub.id;
    END IF;
    RETURN (SELECT jsonb_build_object('invoice_id', i.id, 'invoice_status', i.status, 'subscription_status', s.status,
                                      'failed_attempts', s.failed_attempts, 'next_retry_on', s.next_retry_on)
            FROM public.subscription_invoices i
            JOIN public.subscriptions s ON s.tenant_id = i.tenant_id AND s.id = i.subscription_id
            WHERE i.tenant_id = p_tenant_id AND i.id = p_invoice_id);
END
$$;

-- Job step (run by process_recurring_billing): past-due subscriptions whose retry day has come get
-- the next attempt on each open invoice -- once: the retry date is cleared until the outcome.
CREATE OR REPLACE FUNCTION private.retry_failed_payments(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_sub public.subscriptions;
    v_count bigint := 0;
BEGIN
    FOR v_sub IN
        SELECT * FROM public.subscriptions s
        WHERE s.status = 'past_due' AND s.next_retry_on <= (p_as_of AT TIME ZONE 'UTC')::date
        FOR UPDATE SKIP LOCKED
    LOOP
        INSERT INTO public.payment_attempts (tenant_id, invoice_id, provider, attempt_no, amount)
        SELECT i.tenant_id, i.id, 'manual', private.next_attempt_no(i.tenant_id, i.id), i.amount
        FROM public.subscription_invoices i
        WHERE i.tenant_id = v_sub.tenant_id AND i.subscription_id = v_sub.id AND i.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM public.payment_attempts a
                          WHERE a.tenant_id = i.tenant_id AND a.invoice_id = i.id AND a.status = 'pending');
        UPDATE public.subscriptions s SET next_retry_on = NULL WHERE s.tenant_id = v_sub.tenant_id AND s.id = v_sub.id;
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END
$$;

-- The payment provider's webhook (POST /webhooks/payments; the API checks the signature and the
-- timestamp): {id, type: payment_succeeded | payment_failed, data: {invoice_id, amount?, currency?,
-- reference?, error?}}. Each event id is recorded once per provider: a replay is refused (409) and
-- changes nothing, as does any invalid event. SECURITY DEFINER: the event log is private.
CREATE OR REPLACE FUNCTION private.record_payment_event(p_provider text, p_event jsonb, p_signed_at timestamptz)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_id text := p_event ->> 'id';
    v_type text := p_event ->> 'type';
    v_data jsonb := p_event -> 'data';
    v_invoice public.subscription_invoices;
    v_inserted boolean;
BEGIN
    IF jsonb_typeof(p_event) <> 'object' OR jsonb_typeof(p_event -> 'id') IS DISTINCT FROM 'string'
       OR length(v_id) NOT BETWEEN 1 AND 200 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'the event needs a string id',
            HINT = 'webhook_invalid_event';
    END IF;
    IF v_type IS NULL OR v_type NOT IN ('payment_succeeded', 'payment_failed') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = format('unknown event type %L', v_type),
            DETAIL = 'type must be payment_succeeded or payment_failed', HINT = 'webhook_invalid_event';
    END IF;
    IF jsonb_typeof(v_data) IS DISTINCT FROM 'object'
       OR coalesce(v_data ->> 'invoice_id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'data.invoice_id must be a uuid',
            HINT = 'webhook_invalid_event';
    END IF;
    SELECT * INTO v_invoice FROM public.subscription_invoices i WHERE i.id = (v_data ->> 'invoice_id')::uuid;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'no such subscription invoice',
            DETAIL = format('invoice_id=%s', v_data ->> 'invoice_id'), HINT = 'subscription_invoice_not_found';
    END IF;
    IF v_data ? 'amount' AND (jsonb_typeof(v_data -> 'amount') NOT IN ('number', 'string')
                              OR (v_data ->> 'amount') !~ '^[0-9]{1,12}(\.[0-9]{1,2})?$'
                              OR (v_data ->> 'amount')::numeric <> v_invoice.amount
                              OR upper(coalesce(v_data ->> 'currency', v_invoice.currency)) <> v_invoice.currency) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'the amount does not match the invoice',
            DETAIL = format('invoice amount=%s %s, event amount=%s %s', v_invoice.amount, v_invoice.currency,
                            v_data ->> 'amount', coalesce(v_data ->> 'currency', v_invoice.currency)),
            HINT = 'webhook_amount_mismatch';
    END IF;
    INSERT INTO private.payment_events (provider, event_id, type, tenant_id, invoice_id, signed_at, payload)
    VALUES (p_provider, v_id, v_type, v_invoice.tenant_id, v_invoice.id, p_signed_at, p_event)
    ON CONFLICT DO NOTHING
    RETURNING true INTO v_inserted;
    IF v_inserted IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'this event was already received',
            DETAIL = format('event_id=%s', v_id), HINT = 'webhook_replayed';
    END IF;
    RETURN jsonb_build_object('event_id', v_id, 'type', v_type)
        || private.settle_subscription_payment(v_invoice.tenant_id, v_invoice.id, v_type = 'payment_succeeded',
               p_provider, v_data ->> 'reference', v_data ->> 'error', v_id, p_signed_at);
END
$$;
GRANT EXECUTE ON FUNCTION private.record_payment_event(text, jsonb, timestamptz),
    private.settle_subscription_payment(uuid, uuid, boolean, text, text, text, text, timestamptz) TO service_role;

-- Consumer `payments` (app/consumer.py): a payment_succeeded or payment_failed event from Kafka
-- topic payment.events, as the plan's handle_successful_payment. An event iFarm published itself
-- (its payload holds the attempt row it recorded) was applied when it was recorded: nothing to do.
-- Any other producer's event (a payment service; aggregate_id = the subscription invoice, payload
-- {amount?, currency?, reference?, error?, provider?}) is applied like the provider's webhook:
-- validated, recorded once per provider and event id, and settled. Returns what it did.
CREATE OR REPLACE FUNCTION private.apply_payment_event(p_event jsonb) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_payload jsonb := coalesce(p_event -> 'payload', '{}'::jsonb);
    v_hint text;
BEGIN
    IF v_payload ? 'row' THEN
        RETURN 'recorded_by_ifarm';
    END IF;
    PERFORM private.record_payment_event(coalesce(v_payload ->> 'provider', 'kafka'),
        jsonb_build_object('id', p_event ->> 'event_id', 'type', p_event ->> 'type',
                           'data', v_payload || jsonb_build_object('invoice_id', p_event ->> 'aggregate_id')),
        coalesce((p_event ->> 'occurred_at')::timestamptz, now()));
    RETURN 'settled';
EXCEPTION WHEN SQLSTATE 'PT409' THEN
    GET STACKED DIAGNOSTICS v_hint = PG_EXCEPTION_HINT;
    IF v_hint IN ('webhook_replayed', 'subscription_invoice_not_open') THEN
        RETURN v_hint;  -- received before, or the invoice was settled another way (the webhook): no-op
    END IF;
    RAISE;
END
$$;
REVOKE EXECUTE ON FUNCTION private.apply_payment_event(jsonb) FROM PUBLIC, anon, authenticated;

-- The manual provider: iFarm staff (service role) record a payment received, or a failed one.
CREATE OR REPLACE FUNCTION api.record_subscription_payment(invoice_id uuid, succeeded boolean DEFAULT true,
    reference text DEFAULT NULL, error text DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_tenant uuid := (SELECT i.tenant_id FROM public.subscription_invoices i
                      WHERE i.id = record_subscription_payment.invoice_id);
BEGIN
    RETURN private.settle_subscription_payment(v_tenant, record_subscription_payment.invoice_id,
        coalesce(record_subscription_payment.succeeded, true), 'manual', record_subscription_payment.reference,
        record_subscription_payment.error, NULL, now());
END
$$;
COMMENT ON FUNCTION api.record_subscription_payment(uuid, boolean, text, text) IS
    'Service role only: record a manual payment (or a failed one) of a subscription invoice.';

-- ===================================================================== plan changes

-- The subscription's row, locked, for a billing manager of the tenant.
CREATE OR REPLACE FUNCTION private.lock_subscription(p_tenant_id uuid) RETURNS public.subscriptions
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_sub public.subscriptions;
BEGIN
    PERFORM private.require_permission(p_tenant_id, 'billing.manage');
    SELECT * INTO v_sub FROM public.subscriptions s WHERE s.tenant_id = p_tenant_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'the tenant has no subscription',
            HINT = 'subscription_not_found';
    END IF;
    RETURN v_sub;
END
$$;

-- Change plan (and billing cycle). During a trial: the plan billed when the trial ends. On a
-- cancelled or expired subscription: a new period starts today and is invoiced now. Otherwise an
-- upgrade (a dearer plan per month) applies now and the rest of the period is invoiced at the price
-- difference, prorated by days; a downgrade or a cycle change applies when the period ends. Refused
-- (409) while the tenant holds more than the target plan allows.
CREATE OR REPLACE FUNCTION api.change_plan(tenant_id uuid, plan_code text, billing_cycle text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    t uuid := change_plan.tenant_id;
    v_sub public.subscriptions := private.lock_subscription(t);
    v_plan public.plans;
    v_cycle text := coalesce(change_plan.billing_cycle, v_sub.billing_cycle);
    v_over jsonb;
    v_today date := private.today();
    v_amount numeric := 0;
    v_invoice uuid;
BEGIN
    SELECT * INTO v_plan FROM public.plans p WHERE p.code = change_plan.plan_code AND p.code <> 'trial';
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = format('no plan %L to change to', change_plan.plan_code),
            HINT = 'plan_not_found';
    END IF;
    IF v_cycle NOT IN ('monthly', 'yearly') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT400', MESSAGE = 'billing_cycle must be monthly or yearly',
            HINT = 'invalid_billing_cycle';
    END IF;
    v_over := private.usage_over_plan(t, v_plan.code);
    IF v_over <> '{}'::jsonb THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = format('the tenant holds more than the %s plan allows', v_plan.name),
            DETAIL = v_over::text, HINT = 'plan_usage_exceeds_limits: remove what is over the limits first';
    END IF;

    IF v_sub.status = 'trial' THEN
        UPDATE public.subscriptions s SET plan_code = v_plan.code, billing_cycle = v_cycle,
            pending_plan_code = NULL, pending_billing_cycle = NULL
        WHERE s.tenant_id = t AND s.id = v_sub.id;
    ELSIF v_sub.status IN ('cancelled', 'expired') THEN
        UPDATE public.subscriptions s SET plan_code = v_plan.code, billing_cycle = v_cycle, status = 'active',
            current_period_start = v_today, current_period_end = private.period_end(v_today, v_today, v_cycle),
            next_billing_on = private.period_end(v_today, v_today, v_cycle), billing_anchor_on = v_today,
            cancel_at_period_end = false,
            pending_plan_code = NULL, pending_billing_cycle = NULL, failed_attempts = 0, next_retry_on = NULL,
            cancelled_at = NULL
        WHERE s.tenant_id = t AND s.id = v_sub.id
        RETURNING * INTO v_sub;
        v_amount := private.plan_price(v_plan.code, v_cycle);
        v_invoice := private.raise_subscription_invoice(v_sub, 'recurring', v_today, v_sub.current_period_end,
                                                        v_amount, v_today);
    ELSIF private.plan_price(v_plan.code, 'monthly') > private.plan_price(v_sub.plan_code, 'monthly') THEN
        -- Upgrade: the rest of this period at the difference, on the current cycle's prices.
        v_amount := round((private.plan_price(v_plan.code, v_sub.billing_cycle)
                           - private.plan_price(v_sub.plan_code, v_sub.billing_cycle))
                          * (v_sub.current_period_end - greatest(v_today, v_sub.current_period_start))
                          / (v_sub.current_period_end - v_sub.current_period_start), 2);
        UPDATE public.subscriptions s SET plan_code = v_plan.code, pending_plan_code = NULL,
            pending_billing_cycle = nullif(v_cycle, v_sub.billing_cycle)
        WHERE s.tenant_id = t AND s.id = v_sub.id
        RETURNING * INTO v_sub;
        IF v_amount > 0 THEN
            v_invoice := private.raise_subscription_invoice(v_sub, 'proration', v_today, v_sub.current_period_end,
                                                            v_amount, v_today);
        END IF;
    ELSE
        -- Downgrade, the same plan on another cycle, or back to the current plan (cancels a pending change).
        UPDATE public.subscriptions s SET pending_plan_code = nullif(v_plan.code, v_sub.plan_code),
            pending_billing_cycle = nullif(v_cycle, v_sub.billing_cycle)
        WHERE s.tenant_id = t AND s.id = v_sub.id;
    END IF;
    RETURN api.get_subscription(t) || jsonb_build_object('charged_now', v_amount, 'invoice_id', v_invoice);
END
$$;
COMMENT ON FUNCTION api.change_plan(uuid, text, text) IS
    'Change plan: an upgrade now (the rest of the period prorated), a downgrade at the period''s end.';

-- Cancel: at the period's end (default), or now. A trial or a suspended subscription ends now.
CREATE OR REPLACE FUNCTION api.cancel_subscription(tenant_id uuid, at_period_end boolean DEFAULT true)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    t uuid := cancel_subscription.tenant_id;
    v_sub public.subscriptions := private.lock_subscription(t);
BEGIN
    IF v_sub.status IN ('cancelled', 'expired') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = format('the subscription is already %s', v_sub.status),
            HINT = 'subscription_not_active';
    END IF;
    IF coalesce(cancel_subscription.at_period_end, true) AND v_sub.status IN ('active', 'past_due') THEN
        UPDATE public.subscriptions s SET cancel_at_period_end = true, pending_plan_code = NULL,
            pending_billing_cycle = NULL
        WHERE s.tenant_id = t AND s.id = v_sub.id;
    ELSE
        UPDATE public.subscriptions s SET status = 'cancelled', cancelled_at = private.now(), next_billing_on = NULL,
            next_retry_on = NULL, cancel_at_period_end = false, pending_plan_code = NULL,
            pending_billing_cycle = NULL
        WHERE s.tenant_id = t AND s.id = v_sub.id;
    END IF;
    RETURN api.get_subscription(t);
END
$$;
COMMENT ON FUNCTION api.cancel_subscription(uuid, boolean) IS
    'Cancel the subscription at the period''s end (default) or now; the tenant then becomes read-only.';

-- Undo a cancellation at the period's end while the period lasts.
CREATE OR REPLACE FUNCTION api.resume_subscription(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    t uuid := resume_subscription.tenant_id;
    v_sub public.subscriptions := private.lock_subscription(t);
BEGIN
    IF NOT v_sub.cancel_at_period_end THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the subscription is not set to cancel',
            HINT = 'subscription_not_cancelling';
    END IF;
    UPDATE public.subscriptions s SET cancel_at_period_end = false WHERE s.tenant_id = t AND s.id = v_sub.id;
    RETURN api.get_subscription(t);
END
$$;
COMMENT ON FUNCTION api.resume_subscription(uuid) IS 'Keep a subscription that was set to cancel at the period''s end.';

-- ===================================================================== read-only tenants

-- Tables a tenant with an inactive subscription may still write: the billing it needs to pay or
-- change plan, what the system writes for it, and its members' notices (read marks, unsubscribing).
CREATE OR REPLACE FUNCTION private.writable_when_inactive() RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
    SELECT ARRAY['subscriptions', 'subscription_invoices', 'payment_attempts', 'usage_metrics', 'notifications',
                 'notification_preferences']
$$;

-- Statement trigger on every other tenant-scoped table: a user's write into a tenant whose
-- subscription is suspended, expired or cancelled is refused with 402 (jobs and the service role
-- are not users; deleting the tenant takes its rows along).
CREATE OR REPLACE FUNCTION private.refuse_writes_when_inactive() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
DECLARE
    v_status text;
BEGIN
    IF current_user NOT IN ('authenticated', 'anon') THEN
        RETURN NULL;
    END IF;
    SELECT s.status INTO v_status FROM public.subscriptions s
    WHERE s.tenant_id IN (SELECT DISTINCT c.tenant_id FROM changed_rows c)
      AND s.status IN ('suspended', 'expired', 'cancelled')
    LIMIT 1;
    IF v_status IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT402',
            MESSAGE = format('the subscription is %s: the tenant is read-only', v_status),
            DETAIL = format('status=%s', v_status),
            HINT = 'subscription_inactive: pay the open invoice or choose a plan';
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    v_table text;
BEGIN
    FOR v_table IN
        SELECT c.relname FROM pg_class c
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
          AND c.relname <> ALL (private.writable_when_inactive())
    LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS refuse_inserts_when_inactive ON public.%I', v_table);
        EXECUTE format('DROP TRIGGER IF EXISTS refuse_updates_when_inactive ON public.%I', v_table);
        EXECUTE format('DROP TRIGGER IF EXISTS refuse_deletes_when_inactive ON public.%I', v_table);
        EXECUTE format('CREATE TRIGGER refuse_inserts_when_inactive AFTER INSERT ON public.%I '
                       'REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT '
                       'EXECUTE FUNCTION private.refuse_writes_when_inactive()', v_table);
        EXECUTE format('CREATE TRIGGER refuse_updates_when_inactive AFTER UPDATE ON public.%I '
                       'REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT '
                       'EXECUTE FUNCTION private.refuse_writes_when_inactive()', v_table);
        EXECUTE format('CREATE TRIGGER refuse_deletes_when_inactive AFTER DELETE ON public.%I '
                       'REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT '
                       'EXECUTE FUNCTION private.refuse_writes_when_inactive()', v_table);
    END LOOP;
END
$$;
