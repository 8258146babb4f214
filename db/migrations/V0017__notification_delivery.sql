-- V0017: notification delivery. A notice's facts are computed in SQL (jsonb) and rendered by the
-- notifier from templates; each row is one notice on one channel (in_app or email) for one user,
-- delivered by `ifarm scheduler` with a lease, retries with back-off and the SMTP reply kept. Also
-- per-user preferences (which channels, per kind), the tenant's language for templates, and
-- vaccination schedules (primary course and booster interval per vaccine) for booster reminders.
-- Rules, policies and functions: db/functions/115_notifications.sql.

-- Rows queued before this migration keep their subject and body and are sent as written; new rows
-- carry facts and get their subject and body when rendered. One row per channel: the dedupe key is
-- unique per tenant and channel.
ALTER TABLE public.notifications
    ALTER COLUMN subject DROP NOT NULL,
    ALTER COLUMN body DROP NOT NULL,
    ADD COLUMN facts jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(facts) = 'object'),
    ADD COLUMN attempts smallint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN locked_until timestamptz,
    ADD COLUMN locked_by text CHECK (length(locked_by) <= 200),
    ADD COLUMN last_error text CHECK (length(last_error) <= 2000),
    ADD COLUMN smtp_reply text CHECK (length(smtp_reply) <= 1000),
    ADD COLUMN read_at timestamptz,
    DROP CONSTRAINT notifications_tenant_id_dedupe_key_key,
    ADD CONSTRAINT notifications_dedupe_key UNIQUE (tenant_id, dedupe_key, channel);

-- The notifier claims due rows in this order.
DROP INDEX public.notifications_pending_idx;
CREATE INDEX notifications_due_idx ON public.notifications (next_attempt_at) WHERE status = 'pending';
-- A user's inbox in a tenant (newest first) and its unread count.
CREATE INDEX notifications_inbox_idx ON public.notifications (tenant_id, user_id, created_at DESC)
    WHERE channel = 'in_app';
CREATE INDEX notifications_unread_idx ON public.notifications (tenant_id, user_id)
    WHERE channel = 'in_app' AND read_at IS NULL;

-- Users mark their own in-app notices read (the policy decides which rows).
GRANT UPDATE (read_at) ON public.notifications TO authenticated;

-- Which channels a member wants for each kind of notice in a tenant (no row: every channel). Security
-- notices stay in the app whatever is chosen (a trigger refuses turning that off).
CREATE TABLE public.notification_preferences (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
    is_email_enabled boolean NOT NULL DEFAULT true,
    is_in_app_enabled boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id, kind),
    FOREIGN KEY (tenant_id, user_id) REFERENCES public.tenant_members (tenant_id, user_id) ON DELETE CASCADE
);
ALTER TABLE public.notification_preferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.notification_preferences FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT (tenant_id, user_id, kind, is_email_enabled, is_in_app_enabled),
    UPDATE (is_email_enabled, is_in_app_enabled, updated_at), DELETE ON public.notification_preferences TO authenticated;
GRANT ALL ON public.notification_preferences TO service_role;

-- The language notices to a tenant's members are written in (templates fall back to English).
ALTER TABLE public.tenants ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2}$');
GRANT UPDATE (language) ON public.tenants TO authenticated;

-- A vaccine's schedule in a tenant: a primary course of n doses given primary_interval_days apart,
-- then a booster every booster_interval_days (null: no booster). A vaccination of this vaccine
-- (same name, any case) without a next due date gets one from it; the booster reminder reads it.
CREATE TABLE public.vaccine_schedules (
    tenant_id uuid NOT NULL REFERENCES public.tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT private.uuid7(),
    vaccine text NOT NULL CHECK (length(btrim(vaccine)) BETWEEN 1 AND 200),
    primary_doses smallint NOT NULL DEFAULT 1 CHECK (primary_doses BETWEEN 1 AND 5),
    primary_interval_days integer CHECK (primary_interval_days BETWEEN 1 AND 365),
    booster_interval_days integer CHECK (booster_interval_days BETWEEN 1 AND 3650),
    notes text CHECK (length(notes) <= 1000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (primary_doses = 1 OR primary_interval_days IS NOT NULL)
);
CREATE UNIQUE INDEX vaccine_schedules_vaccine_key ON public.vaccine_schedules (tenant_id, lower(btrim(vaccine)));
-- The booster rule reads vaccinations by their next due date.
CREATE INDEX vaccinations_due_idx ON public.vaccinations (tenant_id, next_due_on) WHERE next_due_on IS NOT NULL;
ALTER TABLE public.vaccine_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.vaccine_schedules FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT (tenant_id, id, vaccine, primary_doses, primary_interval_days, booster_interval_days, notes),
    UPDATE (primary_doses, primary_interval_days, booster_interval_days, notes, updated_at), DELETE
    ON public.vaccine_schedules TO authenticated;
GRANT ALL ON public.vaccine_schedules TO service_role;
