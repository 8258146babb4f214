-- V0012: the rest of the subscription lifecycle -- plan changes (an upgrade is charged now, prorated;
-- a downgrade waits for the period's end), cancellation, failed payments with a retry schedule and
-- suspension, the payment provider's webhook events (each recorded once), usage metrics per billing
-- period and the API call counts they read. The subscription now holds the plan: the copy on the
-- tenant row goes. Rules: db/functions/095_subscriptions.sql and 096_billing.sql.

ALTER TABLE public.tenants DROP COLUMN plan_code;

ALTER TABLE public.subscriptions
    ADD COLUMN pending_plan_code text REFERENCES public.plans (code),
    ADD COLUMN pending_billing_cycle text CHECK (pending_billing_cycle IN ('monthly', 'yearly')),
    ADD COLUMN suspended_at timestamptz,
    ADD COLUMN cancelled_at timestamptz;

-- A recurring invoice is unique per subscription and period; a proration invoice (an upgrade
-- within a period) is not tied to a period start.
ALTER TABLE public.subscription_invoices
    DROP CONSTRAINT subscription_invoices_tenant_id_subscription_id_period_star_key,
    ADD COLUMN kind text NOT NULL DEFAULT 'recurring' CHECK (kind IN ('recurring', 'proration')),
    ADD COLUMN due_on date;
UPDATE public.subscription_invoices SET due_on = period_start;
ALTER TABLE public.subscription_invoices ALTER COLUMN due_on SET NOT NULL;
CREATE UNIQUE INDEX subscription_invoices_period_key ON public.subscription_invoices (tenant_id, subscription_id,
    period_start) WHERE kind = 'recurring';
-- The provider's webhook names an invoice by its id alone.
CREATE INDEX subscription_invoices_id_idx ON public.subscription_invoices (id);
CREATE INDEX subscription_invoices_open_idx ON public.subscription_invoices (tenant_id, subscription_id)
    WHERE status = 'open';

-- Attempt n of an invoice is made once, however often the retry job runs.
ALTER TABLE public.payment_attempts
    ADD COLUMN attempt_no integer NOT NULL DEFAULT 1 CHECK (attempt_no >= 1),
    ADD COLUMN amount numeric(14, 2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    ADD COLUMN completed_at timestamptz,
    ADD COLUMN event_id text,
    ADD CONSTRAINT payment_attempts_attempt_key UNIQUE (tenant_id, invoice_id, attempt_no);

-- Each provider event, recorded once: a replayed event id is refused.
CREATE TABLE private.payment_events (
    provider text NOT NULL,
    event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 200),
    type text NOT NULL CHECK (type IN ('payment_succeeded', 'payment_failed')),
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    invoice_id uuid NOT NULL,
    signed_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    payload jsonb NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- What a tenant used in a billing period: the latest counts, the period's peak animals and the API
-- calls so far. One row per tenant and period, refreshed every 30 minutes.
CREATE TABLE public.usage_metrics (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    period_start date NOT NULL,
    period_end date NOT NULL,
    animals integer NOT NULL DEFAULT 0 CHECK (animals >= 0),
    peak_animals integer NOT NULL DEFAULT 0 CHECK (peak_animals >= 0),
    farms integer NOT NULL DEFAULT 0 CHECK (farms >= 0),
    members integer NOT NULL DEFAULT 0 CHECK (members >= 0),
    devices integer NOT NULL DEFAULT 0 CHECK (devices >= 0),
    api_calls bigint NOT NULL DEFAULT 0 CHECK (api_calls >= 0),
    measured_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, period_start),
    CHECK (period_end > period_start)
);
ALTER TABLE public.usage_metrics ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.usage_metrics FORCE ROW LEVEL SECURITY;
GRANT SELECT ON public.usage_metrics TO authenticated;
GRANT ALL ON public.usage_metrics TO service_role;

-- API calls per tenant and day, added to by each API worker every few seconds.
CREATE TABLE private.api_calls (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    day date NOT NULL,
    calls bigint NOT NULL CHECK (calls >= 0),
    PRIMARY KEY (tenant_id, day)
);
