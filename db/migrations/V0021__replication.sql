-- V0021: the backup database (DESIGN section 8): each database's role in the pair and the epoch it
-- holds, the history of switches, incidents seen by the replication health job, and the beats that
-- measure the way from one database to the other. Functions, the registry of what is replicated and
-- the write fence: db/functions/120_replication.sql. The driver: app/replication.py.

-- This database's role in the pair: active (takes application writes), standby (a subscriber of the
-- active one: client writes refused) or fenced (a former primary seen again after a failover: refuses
-- application writes until failback). The epoch grows by one at every switch; a writer that says
-- which epoch it writes for is refused by a database holding another. One row, never replicated:
-- each database knows what it is. A database nobody set up is active at epoch 0.
CREATE TABLE private.node_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    role text NOT NULL DEFAULT 'active' CHECK (role IN ('active', 'standby', 'fenced')),
    epoch bigint NOT NULL DEFAULT 0 CHECK (epoch >= 0),
    side text CHECK (side IN ('primary', 'backup')),   -- which URL reaches it (DATABASE_URL or BACKUP_DATABASE_URL)
    replication_name text CHECK (replication_name ~ '^[a-z_][a-z0-9_]*$'),  -- publication, subscription and slot
    mode text NOT NULL DEFAULT 'async' CHECK (mode IN ('async', 'sync')),
    reason text,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO private.node_state DEFAULT VALUES;

-- Every switch of roles (setup, failover, failback, resync), written on the database that serves
-- after it; replicated, so the history follows whichever database serves.
CREATE TABLE private.replication_switches (
    id uuid PRIMARY KEY DEFAULT private.uuid7(),
    switched_at timestamptz NOT NULL DEFAULT now(),
    kind text NOT NULL CHECK (kind IN ('setup', 'failover', 'switchover', 'resync', 'failback')),
    epoch bigint NOT NULL,
    active_side text NOT NULL CHECK (active_side IN ('primary', 'backup')),
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX replication_switches_at_idx ON private.replication_switches (switched_at DESC);

-- What the replication health job saw going wrong (backup disconnected, lag over the bound, a slot
-- losing WAL, no backup at all): one open incident per kind, closed when the job no longer sees it.
CREATE TABLE private.replication_incidents (
    id uuid PRIMARY KEY DEFAULT private.uuid7(),
    kind text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
    opened_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    closed_at timestamptz,
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE UNIQUE INDEX replication_incidents_open_idx ON private.replication_incidents (kind) WHERE closed_at IS NULL;
CREATE INDEX replication_incidents_opened_idx ON private.replication_incidents (opened_at DESC);

-- A beat written on one database and read on the other: the marker a switch waits for (every change
-- committed before it has been applied once it arrives) and the health job's end-to-end lag.
CREATE TABLE private.replication_beats (
    source text PRIMARY KEY CHECK (source IN ('primary', 'backup')),
    token uuid NOT NULL,
    beat_at timestamptz NOT NULL
);

-- The monitors of the API probe as authenticator (private.replication_status(), granted in the
-- functions file); client roles read the node's role from the write fence's trigger.
GRANT USAGE ON SCHEMA private TO authenticator;
GRANT SELECT ON private.node_state TO anon, authenticated, service_role;
