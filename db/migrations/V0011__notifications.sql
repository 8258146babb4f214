-- V0011: notifications (rows a dispatcher sends by email, SMS or in the app; dispatch comes with the
-- events issue). A dedupe key makes each notice once-only.

CREATE TABLE public.notifications (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms', 'in_app')),
    kind text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
    subject text NOT NULL CHECK (length(subject) <= 200),
    body text NOT NULL CHECK (length(body) <= 5000),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    dedupe_key text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, dedupe_key)
);
CREATE INDEX notifications_pending_idx ON public.notifications (created_at) WHERE status = 'pending';
CREATE INDEX notifications_user_idx ON public.notifications (user_id, created_at DESC);

ALTER TABLE public.notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.notifications FORCE ROW LEVEL SECURITY;
GRANT SELECT ON public.notifications TO authenticated;
GRANT ALL ON public.notifications TO service_role;
