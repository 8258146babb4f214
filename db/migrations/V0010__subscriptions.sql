-- V0010: iFarm's own SaaS billing, first part -- plan prices, one subscription per tenant (a trial
-- from the start), the subscription invoices recurring billing raises (one per subscription and
-- period: billing twice charges once), and payment attempts. Rules: db/functions/095_subscriptions.sql.

ALTER TABLE public.plans
    ADD COLUMN price_monthly numeric(14, 2) NOT NULL DEFAULT 0 CHECK (price_monthly >= 0),
    ADD COLUMN price_yearly numeric(14, 2) NOT NULL DEFAULT 0 CHECK (price_yearly >= 0),
    ADD COLUMN currency char(3) NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    ADD COLUMN trial_days integer NOT NULL DEFAULT 0 CHECK (trial_days >= 0),
    ADD COLUMN features jsonb NOT NULL DEFAULT '[]'::jsonb;
UPDATE public.plans SET trial_days = 14 WHERE code = 'trial';
UPDATE public.plans SET price_monthly = 29, price_yearly = 290, features = '["livestock", "production", "finance"]'
WHERE code = 'starter';
UPDATE public.plans SET price_monthly = 99, price_yearly = 990,
    features = '["livestock", "production", "finance", "dashboards", "devices"]' WHERE code = 'professional';
UPDATE public.plans SET price_monthly = 499, price_yearly = 4990,
    features = '["livestock", "production", "finance", "dashboards", "devices", "sla"]' WHERE code = 'enterprise';

-- A tenant's subscription: trial -> active -> past_due -> suspended | cancelled | expired.
CREATE TABLE public.subscriptions (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    plan_code text NOT NULL REFERENCES public.plans (code),
    status text NOT NULL DEFAULT 'trial'
        CHECK (status IN ('trial', 'active', 'past_due', 'suspended', 'cancelled', 'expired')),
    billing_cycle text NOT NULL DEFAULT 'monthly' CHECK (billing_cycle IN ('monthly', 'yearly')),
    trial_ends_on date,
    current_period_start date NOT NULL,
    current_period_end date NOT NULL,
    next_billing_on date,
    cancel_at_period_end boolean NOT NULL DEFAULT false,
    failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    next_retry_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (current_period_end > current_period_start)
);
-- One subscription per tenant.
CREATE UNIQUE INDEX subscriptions_tenant_key ON public.subscriptions (tenant_id);
CREATE INDEX subscriptions_due_idx ON public.subscriptions (next_billing_on) WHERE status IN ('active', 'past_due');

-- What a subscription period costs; (subscription, period start) is unique, so billing is idempotent.
CREATE TABLE public.subscription_invoices (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    subscription_id uuid NOT NULL,
    plan_code text NOT NULL REFERENCES public.plans (code),
    period_start date NOT NULL,
    period_end date NOT NULL,
    amount numeric(14, 2) NOT NULL CHECK (amount >= 0),
    currency char(3) NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'failed', 'void')),
    created_at timestamptz NOT NULL DEFAULT now(),
    paid_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, subscription_id, period_start),
    FOREIGN KEY (tenant_id, subscription_id) REFERENCES public.subscriptions (tenant_id, id) ON DELETE CASCADE
);

-- Each attempt to collect a subscription invoice, through a payment provider.
CREATE TABLE public.payment_attempts (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT private.uuid7(),
    invoice_id uuid NOT NULL,
    provider text NOT NULL DEFAULT 'manual',
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    external_id text,
    error text,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES public.subscription_invoices (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE public.subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.subscriptions FORCE ROW LEVEL SECURITY;
ALTER TABLE public.subscription_invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.subscription_invoices FORCE ROW LEVEL SECURITY;
ALTER TABLE public.payment_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.payment_attempts FORCE ROW LEVEL SECURITY;

-- Clients read; every change goes through api functions and jobs.
GRANT SELECT ON public.subscriptions, public.subscription_invoices, public.payment_attempts TO authenticated;
GRANT ALL ON public.subscriptions, public.subscription_invoices, public.payment_attempts TO service_role;
