-- 095_subscriptions: iFarm's SaaS billing. Every tenant starts on a trial of the trial plan;
-- recurring billing raises one invoice per subscription and period (a unique key, so running it
-- twice, or on two schedulers at once, charges once) with a payment attempt through the built-in
-- manual provider (the invoice stays open until a payment is recorded). Payments, retries, plan
-- changes and usage: 096_billing.sql.

-- A new tenant's trial subscription, on the trial plan (a paid plan may be chosen during the trial).
CREATE OR REPLACE FUNCTION private.start_trial() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_days integer := greatest(coalesce((SELECT p.trial_days FROM public.plans p WHERE p.code = 'trial'), 14), 1);
BEGIN
    INSERT INTO public.subscriptions (tenant_id, plan_code, status, trial_ends_on, current_period_start,
        current_period_end, next_billing_on)
    VALUES (NEW.id, 'trial', 'trial', private.today() + v_days, private.today(), private.today() + v_days, NULL)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS start_trial ON public.tenants;
CREATE TRIGGER start_trial AFTER INSERT ON public.tenants
    FOR EACH ROW EXECUTE FUNCTION private.start_trial();
-- Tenants from before subscriptions get their trial too (idempotent).
INSERT INTO public.subscriptions (tenant_id, plan_code, status, trial_ends_on, current_period_start,
    current_period_end)
SELECT t.id, 'trial', 'trial', private.today() + 14, private.today(), private.today() + 14 FROM public.tenants t
ON CONFLICT DO NOTHING;

-- What one period of a plan costs on a billing cycle.
CREATE OR REPLACE FUNCTION private.plan_price(p_plan_code text, p_cycle text) RETURNS numeric
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT CASE p_cycle WHEN 'yearly' THEN p.price_yearly ELSE p.price_monthly END
    FROM public.plans p WHERE p.code = p_plan_code
$$;

-- The end of the billing period that contains p_start: the first anchor + n cycles after it, where a
-- day the month lacks is the month's last (anchored on 31 January: 28 or 29 February, 31 March, 30
-- April, ...; on 29 February: 28 February in the next years, 29 again in a leap year). Adding one
-- month to the previous end instead would drift to the 28th for ever after.
DROP FUNCTION IF EXISTS private.period_end(date, text);
CREATE OR REPLACE FUNCTION private.period_end(p_anchor date, p_start date, p_cycle text) RETURNS date
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
    WITH c AS (SELECT CASE p_cycle WHEN 'yearly' THEN 12 ELSE 1 END AS step,
                      ((extract(year FROM p_start) - extract(year FROM p_anchor)) * 12
                       + extract(month FROM p_start) - extract(month FROM p_anchor))::int AS months)
    SELECT min(e.day)
    FROM c CROSS JOIN LATERAL generate_series(greatest(c.months / c.step, 0), greatest(c.months / c.step, 0) + 2) k
    CROSS JOIN LATERAL (SELECT (p_anchor + make_interval(months => k * c.step))::date AS day) e
    WHERE e.day > p_start
$$;

-- The anchor a period starting on p_start bills from: the current one while p_start is one of its
-- period boundaries on the same cycle, else p_start itself (first billing, a cycle change, or a
-- billing day moved by hand).
CREATE OR REPLACE FUNCTION private.billing_anchor(p_anchor date, p_start date, p_cycle text, p_new_cycle text)
RETURNS date
LANGUAGE sql IMMUTABLE SET search_path = '' AS $$
    SELECT CASE WHEN p_anchor IS NOT NULL AND p_cycle = p_new_cycle
                     AND (p_anchor = p_start OR private.period_end(p_anchor, p_start - 1, p_cycle) = p_start)
                THEN p_anchor ELSE p_start END
$$;

-- Raises an invoice and its first payment attempt; a free invoice is paid at once. Returns its id.
CREATE OR REPLACE FUNCTION private.raise_subscription_invoice(p_sub public.subscriptions, p_kind text,
    p_start date, p_end date, p_amount numeric, p_due date) RETURNS uuid
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_invoice uuid;
BEGIN
    INSERT INTO public.subscription_invoices AS i (tenant_id, subscription_id, plan_code, kind, period_start,
        period_end, amount, currency, due_on, status, paid_at)
    SELECT p_sub.tenant_id, p_sub.id, p_sub.plan_code, p_kind, p_start, p_end, p_amount, p.currency, p_due,
           CASE WHEN p_amount = 0 THEN 'paid' ELSE 'open' END, CASE WHEN p_amount = 0 THEN now() END
    FROM public.plans p WHERE p.code = p_sub.plan_code
    ON CONFLICT (tenant_id, subscription_id, period_start) WHERE kind = 'recurring' DO NOTHING
    RETURNING i.id INTO v_invoice;
    IF v_invoice IS NOT NULL AND p_amount > 0 THEN
        INSERT INTO public.payment_attempts (tenant_id, invoice_id, provider, attempt_no, amount)
        VALUES (p_sub.tenant_id, v_invoice, 'manual', 1, p_amount);
    END IF;
    RETURN v_invoice;
END
$$;

-- Job: every active or past-due subscription whose billing date has come ends its period: a
-- cancellation takes effect, a downgrade chosen during the period applies, and the new period's
-- invoice is raised with a payment attempt -- once per subscription and period, whoever runs it and
-- how often (a unique key; rows locked SKIP LOCKED). Catches up a missed day: a subscription several
-- periods behind is billed for each. Then failed payments due for a retry get their next attempt.
-- Returns the number of invoices raised plus retries made.
CREATE OR REPLACE FUNCTION private.process_recurring_billing(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = '' AS $$
DECLARE
    v_sub public.subscriptions;
    v_end date;
    v_count bigint := 0;
BEGIN
    FOR v_sub IN
        SELECT * FROM public.subscriptions s
        WHERE s.status IN ('active', 'past_due') AND s.next_billing_on <= (p_as_of AT TIME ZONE 'UTC')::date
        ORDER BY s.next_billing_on
        FOR UPDATE SKIP LOCKED
    LOOP
        WHILE v_sub.next_billing_on <= (p_as_of AT TIME ZONE 'UTC')::date LOOP
            IF v_sub.cancel_at_period_end THEN
                UPDATE public.subscriptions s
                SET status = 'cancelled', cancelled_at = p_as_of, next_billing_on = NULL, next_retry_on = NULL
                WHERE s.tenant_id = v_sub.tenant_id AND s.id = v_sub.id;
                EXIT;
            END IF;
            UPDATE public.subscriptions s
            SET plan_code = coalesce(s.pending_plan_code, s.plan_code),
                billing_cycle = coalesce(s.pending_billing_cycle, s.billing_cycle),
                billing_anchor_on = private.billing_anchor(s.billing_anchor_on, s.next_billing_on, s.billing_cycle,
                                                           coalesce(s.pending_billing_cycle, s.billing_cycle)),
                pending_plan_code = NULL, pending_billing_cycle = NULL
            WHERE s.tenant_id = v_sub.tenant_id AND s.id = v_sub.id
            RETURNING * INTO v_sub;
            v_end := private.period_end(v_sub.billing_anchor_on, v_sub.next_billing_on, v_sub.billing_cycle);
            IF private.raise_subscription_invoice(v_sub, 'recurring', v_sub.next_billing_on, v_end,
                   private.plan_price(v_sub.plan_code, v_sub.billing_cycle), v_sub.next_billing_on) IS NOT NULL THEN
                v_count := v_count + 1;
            END IF;
            UPDATE public.subscriptions s
            SET current_period_start = v_sub.next_billing_on, current_period_end = v_end, next_billing_on = v_end
            WHERE s.tenant_id = v_sub.tenant_id AND s.id = v_sub.id
            RETURNING * INTO v_sub;
        END LOOP;
    END LOOP;
    RETURN v_count + private.retry_failed_payments(p_as_of);
END
$$;

DROP TRIGGER IF EXISTS touch_updated_at ON public.subscriptions;
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON public.subscriptions
    FOR EACH ROW EXECUTE FUNCTION private.touch_updated_at();

DROP POLICY IF EXISTS "members read their tenant's subscription" ON public.subscriptions;
CREATE POLICY "members read their tenant's subscription" ON public.subscriptions
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids()));
DROP POLICY IF EXISTS "billing managers read subscription invoices" ON public.subscription_invoices;
CREATE POLICY "billing managers read subscription invoices" ON public.subscription_invoices
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids_with('billing.manage')));
DROP POLICY IF EXISTS "billing managers read payment attempts" ON public.payment_attempts;
CREATE POLICY "billing managers read payment attempts" ON public.payment_attempts
    FOR SELECT TO authenticated USING (tenant_id IN (SELECT private.my_tenant_ids_with('billing.manage')));

-- The tenant's subscription: plan (and any change waiting for the period's end), status, period,
-- usage against the plan's limits, the latest usage metrics, invoices (for billing managers).
CREATE OR REPLACE FUNCTION api.get_subscription(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t uuid := get_subscription.tenant_id;
BEGIN
    PERFORM private.require_permission(t, 'tenant.read');
    RETURN (SELECT to_jsonb(s) || jsonb_build_object(
                'plan', (SELECT to_jsonb(p) FROM public.plans p WHERE p.code = s.plan_code),
                'usage', private.tenant_usage(t),
                'usage_metrics', (SELECT to_jsonb(m) - 'tenant_id' FROM public.usage_metrics m
                                  WHERE m.tenant_id = t ORDER BY m.period_start DESC LIMIT 1),
                'invoices', (SELECT coalesce(jsonb_agg(to_jsonb(i) ORDER BY i.created_at DESC), '[]'::jsonb)
                             FROM public.subscription_invoices i WHERE i.tenant_id = t))
            FROM public.subscriptions s WHERE s.tenant_id = t);
END
$$;
COMMENT ON FUNCTION api.get_subscription(uuid) IS 'The tenant''s plan, subscription status, usage against limits, invoices.';

-- ===================================================================== trials

-- Job: owners hear 3 days before their trial ends (one notice per trial, however often this runs);
-- trials that have ended expire (on the free trial plan) or fall due (on a paid plan chosen during
-- the trial: billing starts at the trial's end). Returns notices created + subscriptions moved.
CREATE OR REPLACE FUNCTION private.check_trial_expirations(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_day date := (p_as_of AT TIME ZONE 'UTC')::date;
    v_notices bigint;
    v_moved bigint;
BEGIN
    v_notices := private.queue_notifications('trial_ending', p_as_of);  -- rule: 115_notifications.sql
    UPDATE public.subscriptions s
    SET status = CASE WHEN p.price_monthly = 0 AND p.price_yearly = 0 THEN 'expired' ELSE 'past_due' END,
        next_billing_on = CASE WHEN p.price_monthly = 0 AND p.price_yearly = 0 THEN NULL ELSE s.trial_ends_on END
    FROM public.plans p
    WHERE p.code = s.plan_code AND s.status = 'trial' AND s.trial_ends_on <= v_day;
    GET DIAGNOSTICS v_moved = ROW_COUNT;
    RETURN v_notices + v_moved;
END
$$;
