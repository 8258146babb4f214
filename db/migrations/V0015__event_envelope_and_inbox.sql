-- V0015: one envelope for every event (db/functions/030_outbox.sql builds it) and the consumers'
-- inbox.
--
-- Every event gets a uuid: the Kafka header and the envelope carry it, and consumers deduplicate by
-- it. The bigint id stays the publish order (it is assigned under the row locks of the change, so
-- two changes of one aggregate get ids in their commit order).
ALTER TABLE outbox.events ADD COLUMN event_id uuid NOT NULL DEFAULT private.uuid7();
CREATE UNIQUE INDEX events_event_id_key ON outbox.events (event_id);

-- The events each consumer has applied: its handler's effect and this row commit together, so a
-- redelivered event changes nothing. (It replaces processed_events, which no consumer used: its
-- bigint ids were local to one database.)
DROP TABLE outbox.processed_events;
CREATE TABLE outbox.inbox (
    consumer text NOT NULL CHECK (consumer ~ '^[a-z_]+$'),
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    tenant_id uuid,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_processed_at_idx ON outbox.inbox (processed_at);

-- Messages a consumer gave up on after its attempts (also sent to the dead-letter topic), until
-- `ifarm events replay` re-drives them.
CREATE TABLE outbox.dead_letters (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    topic text NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset bigint NOT NULL,
    event jsonb NOT NULL,
    error text NOT NULL,
    attempts integer NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now(),
    replayed_at timestamptz,
    PRIMARY KEY (consumer, event_id)
);

-- Each consumer group's position per partition, as its consumers last saw it (for /metrics and
-- `ifarm status`; Kafka keeps the authoritative committed offsets).
CREATE TABLE outbox.consumer_lag (
    group_id text NOT NULL,
    topic text NOT NULL,
    kafka_partition integer NOT NULL,
    committed bigint NOT NULL,
    end_offset bigint NOT NULL,
    measured_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, kafka_partition)
);
