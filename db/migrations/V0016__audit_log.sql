-- V0016: the audit log -- who changed what, when, in which tenant -- partitioned by month and
-- append-only. Triggers, the partition and archive jobs and the reader: db/functions/110_audit.sql.
--
-- A row is written by the audit triggers of every tenant table (or by audit.record() for actions
-- that change no table row, such as a sign-in). Nobody updates or deletes one: a trigger refuses
-- UPDATE, DELETE and TRUNCATE for every role, the owner's included, outside the archive job's
-- maintenance mode. Old partitions are detached into audit_archive by the weekly archive job and
-- can be attached again with one command (`ifarm audit restore YYYY-MM`).
CREATE SCHEMA IF NOT EXISTS audit;
CREATE SCHEMA IF NOT EXISTS audit_archive;
REVOKE ALL ON SCHEMA audit, audit_archive FROM PUBLIC;

CREATE TABLE audit.log (
    id uuid NOT NULL DEFAULT private.uuid7(),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    tenant_id uuid,                 -- null for an action outside any tenant (a sign-in, a profile)
    actor_id uuid,                  -- the JWT's sub; null for jobs and migrations
    actor_role text NOT NULL,       -- the JWT's role, else the database role (a job, a DBA)
    session_id text,                -- the JWT's session_id
    request_id text,                -- x-request-id of the API request
    client_addr text,               -- the client's address as the API saw it
    table_name text NOT NULL,
    row_key jsonb,                  -- the row's primary key without tenant_id, e.g. {"id": "..."}
    action text NOT NULL CHECK (action ~ '^[a-z_]+$'),  -- insert, update, delete, sign_in, ...
    old_values jsonb,               -- update: the changed columns' old values; delete: the row
    new_values jsonb,               -- insert: the row; update: the changed columns' new values
    PRIMARY KEY (occurred_at, id)
) PARTITION BY RANGE (occurred_at);
-- Writes never fail for want of a partition: the partition job keeps three months ahead, and
-- anything it missed lands here until the job moves it into its month.
CREATE TABLE audit.log_default PARTITION OF audit.log DEFAULT;
CREATE INDEX log_tenant_time_idx ON audit.log (tenant_id, occurred_at DESC, id DESC);
CREATE INDEX log_tenant_row_idx ON audit.log (tenant_id, table_name, (row_key ->> 'id'), occurred_at DESC);

ALTER TABLE audit.log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit.log FORCE ROW LEVEL SECURITY;

-- Owners and admins read their tenant's trail.
INSERT INTO public.role_permissions (role, permission) VALUES ('owner', 'audit.read'), ('admin', 'audit.read');
