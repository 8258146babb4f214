-- V0004: self-hosted auth bookkeeping (refresh tokens, login attempts), the transactional
-- outbox, and the scheduler's job log. All in unexposed schemas: no client reads them directly.

-- A refresh token, stored as its SHA-256. Tokens of one sign-in form a family (the session):
-- each refresh rotates to a new token; presenting a rotated token again revokes the family.
CREATE TABLE private.refresh_tokens (
    id uuid PRIMARY KEY DEFAULT private.uuid7(),
    token_hash bytea NOT NULL UNIQUE,
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    session_id uuid NOT NULL,
    parent_id uuid REFERENCES private.refresh_tokens (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    rotated_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON private.refresh_tokens (session_id);
CREATE INDEX refresh_tokens_user_idx ON private.refresh_tokens (user_id);
CREATE INDEX refresh_tokens_expires_idx ON private.refresh_tokens (expires_at);

-- Password sign-in attempts, for rate limiting per account and per client address.
CREATE TABLE private.login_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    ip inet,
    succeeded boolean NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON private.login_attempts (email, attempted_at) WHERE NOT succeeded;
CREATE INDEX login_attempts_ip_idx ON private.login_attempts (ip, attempted_at) WHERE NOT succeeded;

-- The transactional outbox: a domain change and its event commit together. The relay publishes
-- unpublished rows in id order and stamps them. Ids come from a local sequence: the outbox is
-- not replicated, it belongs to whichever database is serving.
CREATE TABLE outbox.events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic text NOT NULL CHECK (topic ~ '^[a-z_]+\.events$'),
    key text,
    payload jsonb NOT NULL,
    headers jsonb NOT NULL DEFAULT '{}'::jsonb,
    tenant_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    last_error text
);
CREATE INDEX events_unpublished_idx ON outbox.events (id) WHERE published_at IS NULL;
CREATE INDEX events_published_at_idx ON outbox.events (published_at) WHERE published_at IS NOT NULL;

-- Events a consumer has applied, so that a redelivery changes nothing.
CREATE TABLE outbox.processed_events (
    consumer text NOT NULL,
    event_id bigint NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- One row per scheduled job run. (job, scheduled_for) is unique, so a run fires once even if two
-- schedulers both believe they lead.
CREATE TABLE private.job_runs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job text NOT NULL,
    scheduled_for timestamptz NOT NULL,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    rows_affected bigint,
    error text,
    runner text NOT NULL,
    UNIQUE (job, scheduled_for)
);
CREATE INDEX job_runs_job_started_idx ON private.job_runs (job, started_at DESC);
