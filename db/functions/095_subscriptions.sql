-- 095_subscriptions: iFarm's SaaS billing, first part. Every tenant starts on a trial of the
-- trial plan; recurring billing raises one invoice per subscription and period (a unique key, so
-- running it twice, or on two schedulers at once, charges once) with a payment attempt through the
-- built-in manual provider (the invoice stays open until a payment is recorded).

-- A new tenant's trial subscription.
CREATE OR REPLACE FUNCTION private.start_trial() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE
    v_days integer := coalesce((SELECT p.trial_days FROM public.plans p WHERE p.code = NEW.plan_code), 14);
BEGIN
    INSERT INTO public.subscriptions (tenant_id, plan_code, status, trial_ends_on, current_period_start,
        current_period_end, next_billing_on)
    VALUES (NEW.id, NEW.plan_code, 'trial', current_date + greatest(v_days, 1), current_date,
        current_date + greatest(v_days, 1), NULL)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS start_trial ON public.tenants;
CREATE TRIGGER start_trial AFTER INSERT ON public.tenants
    FOR EACH ROW EXECUTE FUNCTION private.start_trial();
-- Tenants from before this file get one too (idempotent).
INSERT INTO public.subscriptions (tenant_id, plan_code, status, trial_ends_on, current_period_start,
    current_period_end)
SELECT t.id, t.plan_code, 'trial', current_date + 14, current_date, current_date + 14 FROM public.tenants t
ON CONFLICT DO NOTHING;

-- Job: for every active or past-due subscription whose billing date has come, the period's invoice
-- and a payment attempt -- once per subscription and period, whoever runs it and how often.
-- Returns the number of invoices raised.
CREATE OR REPLACE FUNCTION private.process_recurring_billing(p_as_of timestamptz) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_sub public.subscriptions;
    v_plan public.plans;
    v_invoice uuid;
    v_end date;
    v_count bigint := 0;
BEGIN
    FOR v_sub IN
        SELECT * FROM public.subscriptions s
        WHERE s.status IN ('active', 'past_due') AND s.next_billing_on <= p_as_of::date
        ORDER BY s.next_billing_on
        FOR UPDATE SKIP LOCKED
    LOOP
        SELECT * INTO v_plan FROM public.plans p WHERE p.code = v_sub.plan_code;
        v_end := (v_sub.next_billing_on + CASE v_sub.billing_cycle WHEN 'yearly' THEN interval '1 year'
                                                                     ELSE interval '1 month' END)::date;
        INSERT INTO public.subscription_invoices (tenant_id, subscription_id, plan_code, period_start, period_end,
            amount, currency)
        VALUES (v_sub.tenant_id, v_sub.id, v_sub.plan_code, v_sub.next_billing_on, v_end,
            CASE v_sub.billing_cycle WHEN 'yearly' THEN v_plan.price_yearly ELSE v_plan.price_monthly END,
            v_plan.currency)
        ON CONFLICT (tenant_id, subscription_id, period_start) DO NOTHING
        RETURNING id INTO v_invoice;
        IF v_invoice IS NOT NULL THEN
            INSERT INTO public.payment_attempts (tenant_id, invoice_id, provider) VALUES (v_sub.tenant_id, v_invoice, 'manual');
            v_count := v_count + 1;
        END IF;
        UPDATE public.subscriptions s SET current_period_start = v_sub.next_billing_on, current_period_end = v_end,
            next_billing_on = v_end
        WHERE s.tenant_id = v_sub.tenant_id AND s.id = v_sub.id;
    END LOOP;
    RETURN v_count;
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

-- The tenant's subscription: plan, status, period, usage against the plan's limits, invoices.
CREATE OR REPLACE FUNCTION api.get_subscription(tenant_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    t uuid := get_subscription.tenant_id;
BEGIN
    PERFORM private.require_permission(t, 'tenant.read');
    RETURN (SELECT to_jsonb(s) || jsonb_build_object(
                'plan', (SELECT to_jsonb(p) FROM public.plans p WHERE p.code = s.plan_code),
                'usage', jsonb_build_object(
                    'animals', (SELECT count(*) FROM public.animals a
                                WHERE a.tenant_id = t AND a.deleted_at IS NULL AND a.status = 'active'),
                    'farms', (SELECT count(*) FROM public.farms f WHERE f.tenant_id = t AND f.deleted_at IS NULL),
                    'members', (SELECT count(*) FROM public.tenant_members m WHERE m.tenant_id = t)),
                'invoices', (SELECT coalesce(jsonb_agg(to_jsonb(i) ORDER BY i.period_start DESC), '[]'::jsonb)
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
    v_day date := p_as_of::date;
    v_notices bigint;
    v_moved bigint;
BEGIN
    INSERT INTO public.notifications (tenant_id, user_id, channel, kind, subject, body, dedupe_key)
    SELECT s.tenant_id, m.user_id, 'email', 'trial_ending',
           format('Your iFarm trial for %s ends on %s', t.name, s.trial_ends_on),
           format('The trial of %s ends on %s. Choose a plan to keep your records flowing.', t.name, s.trial_ends_on),
           format('trial_ending:%s:%s:%s', s.id, s.trial_ends_on, m.user_id)
    FROM public.subscriptions s
    JOIN public.tenants t ON t.id = s.tenant_id
    JOIN public.tenant_members m ON m.tenant_id = s.tenant_id AND m.role = 'owner'
    WHERE s.status = 'trial' AND s.trial_ends_on > v_day AND s.trial_ends_on <= v_day + 3
    ON CONFLICT (tenant_id, dedupe_key) DO NOTHING;
    GET DIAGNOSTICS v_notices = ROW_COUNT;
    UPDATE public.subscriptions s
    SET status = CASE WHEN p.price_monthly = 0 AND p.price_yearly = 0 THEN 'expired' ELSE 'past_due' END,
        next_billing_on = CASE WHEN p.price_monthly = 0 AND p.price_yearly = 0 THEN NULL ELSE s.trial_ends_on END
    FROM public.plans p
    WHERE p.code = s.plan_code AND s.status = 'trial' AND s.trial_ends_on <= v_day;
    GET DIAGNOSTICS v_moved = ROW_COUNT;
    RETURN v_notices + v_moved;
END
$$;

DROP POLICY IF EXISTS "users read their own notifications" ON public.notifications;
CREATE POLICY "users read their own notifications" ON public.notifications
    FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid()) AND tenant_id IN (SELECT private.my_tenant_ids()));
