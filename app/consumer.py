"""`ifarm consumer`: applies the events on Kafka, each one once.

Handlers are data (HANDLERS, like the route table): the topics and event types each takes, and one SQL
statement (or a small function) that does its work. Every consumer process joins the group
`ifarm-backend`; Kafka shares the partitions among them. For each message and each handler that takes
it, one PostgreSQL transaction records (handler, event_id) in outbox.inbox and applies the effect: a
redelivered event finds its inbox row and changes nothing. Offsets are committed only after those
transactions (never automatically), so a crash redelivers, and redelivery is harmless.

A handler that keeps failing on a message (MAX_ATTEMPTS, with a growing pause) sends it to the
dead-letter topic with the error, records it in outbox.dead_letters, and the partition moves on;
`ifarm events replay` re-drives the recorded dead letters through the same handlers. PostgreSQL being
unreachable is not the message's fault: the consumer stops committing, reconnects and redelivers.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import orjson
import psycopg
from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata
from psycopg.types.json import Jsonb

from app.relay import TOPICS, discard, ensure_topics
from app.replication import database_unavailable, generation, resolve

log = logging.getLogger("ifarm.consumer")

GROUP = "ifarm-backend"
DEAD_LETTER_TOPIC = "ifarm.dead_letter"
MAX_ATTEMPTS = 3
LAG_EVERY_SECONDS = 5.0


@dataclass(frozen=True)
class Handler:
    name: str  # the inbox's consumer name
    topics: tuple[str, ...]
    types: frozenset[str] | None  # the event types it takes; None = every type on its topics
    sql: str = ""  # one statement taking %(event)s, the envelope as jsonb
    run: Callable | None = None  # instead of sql: run(consumer, conn, event, headers) inside the transaction
    # Or, for effects that tolerate repetition: run_batch(consumer, conn, events) for a poll's new events,
    # in one transaction with their inbox rows (on failure the events are taken one by one with run).
    run_batch: Callable | None = None
    skip_api_changes: bool = False  # events with header source=api (the API already did this work)

    def takes(self, topic: str, event_type: str) -> bool:
        return topic in self.topics and (self.types is None or event_type in self.types)


def bump_dashboards(consumer: Consumer, conn: psycopg.Connection, event: dict, headers: dict) -> None:
    bump_dashboards_of(consumer, conn, [event])


def bump_dashboards_of(consumer: Consumer, conn: psycopg.Connection, events: list[dict]) -> None:
    """The tenants' cached dashboards that the events can change (app/routes/table.py, the API's own map),
    each tenant's once per batch. A repeated bump costs one cache miss, so a redelivery is harmless."""
    from app.routes.table import AGGREGATE_TAGS, CACHED_ENDPOINTS, INVALIDATES

    if consumer.cache is None:
        return
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.get("tenant_id"):
            endpoints = INVALIDATES.get(AGGREGATE_TAGS.get(event.get("aggregate") or "", ""), CACHED_ENDPOINTS)
            wanted.setdefault(event["tenant_id"], set()).update(endpoints)
    for tenant_id, endpoints in wanted.items():
        if endpoints:
            consumer.cache.bump(tenant_id, tuple(sorted(endpoints)))


HANDLERS: tuple[Handler, ...] = (
    # Changes the API made were invalidated by the API before it answered.
    Handler("dashboard_cache", TOPICS, None, run=bump_dashboards, run_batch=bump_dashboards_of,
            skip_api_changes=True),
    Handler("payments", ("payment.events",), frozenset({"payment_succeeded", "payment_failed"}),
            sql="select private.apply_payment_event(%(event)s)"),
)


class CacheBumper:
    """Bumps versions in Redis (app/cache.py). Redis down costs freshness until the entries' TTL, never
    the event: failures are logged and the handler still succeeds."""

    def __init__(self, redis_url: str):
        import redis

        from app.cache import BUMP_SCRIPT

        self.client = redis.Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1)
        self.script = self.client.register_script(BUMP_SCRIPT)

    def bump(self, tenant_id: str, endpoints: tuple[str, ...]) -> None:
        from app.cache import version_key

        try:
            self.script(keys=[version_key(tenant_id, e) for e in endpoints], args=[str(int(time.time() * 1000))])
        except Exception as exc:  # noqa: BLE001 - Redis trouble never stops the consumer
            log.warning("cache invalidation failed", extra={"fields": {"error": str(exc)[:300]}})


class Consumer:
    def __init__(self, dsn: str, bootstrap: str, redis_url: str | None = None,
                 handlers: tuple[Handler, ...] = HANDLERS, group: str = GROUP, max_attempts: int = MAX_ATTEMPTS,
                 retry_seconds: float = 0.2, client_id: str = "ifarm-consumer"):
        self.dsn = dsn
        self.bootstrap = bootstrap
        self.cache = CacheBumper(redis_url) if redis_url else None
        self.handlers = handlers
        self.group = group
        self.max_attempts = max_attempts
        self.retry_seconds = retry_seconds
        self.client_id = client_id
        self.stop_event = threading.Event()
        self.seen = 0  # messages handled
        self.applied = 0  # handler effects applied (redeliveries change nothing and do not count)
        self.dead = 0
        self._producer: KafkaProducer | None = None
        self._lag_at = 0.0

    @property
    def topics(self) -> list[str]:
        return sorted({t for h in self.handlers for t in h.topics})

    # ------------------------------------------------------------------ one message
    def handle(self, conn: psycopg.Connection, messages: list) -> None:
        """One poll's messages of a partition, in order: every handler that takes a message applies it
        once; one that keeps failing on a message dead-letters it. Messages are (topic, partition,
        offset, value, headers)."""
        parsed = []
        for topic, partition, offset, value, headers in messages:
            self.seen += 1
            try:
                event = orjson.loads(value)
                if not (event["event_id"] and event["type"]):
                    raise KeyError("event_id")
            except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
                self.dead_letter(conn, "envelope", topic, partition, offset, value, headers, f"not an event: {exc}", 1)
                continue
            parsed.append((topic, partition, offset, value, headers, event))
        for handler in self.handlers:
            mine = [m for m in parsed if handler.takes(m[0], m[5]["type"])
                    and not (handler.skip_api_changes and m[4].get("source") == "api")]
            if not mine:
                continue
            if handler.run_batch is not None and self.apply_batch(conn, handler, [m[5] for m in mine]):
                continue
            for topic, partition, offset, value, headers, event in mine:
                self.apply_with_retries(conn, handler, event, headers, topic, partition, offset, value)

    def apply_batch(self, conn: psycopg.Connection, handler: Handler, events: list[dict]) -> bool:
        """The new events' inbox rows and the handler's effect for them, in one transaction. False when
        it failed (the caller takes the events one by one, so that only a poison one is dead-lettered)."""
        try:
            with conn.transaction():
                fresh = {r[0] for r in conn.execute(
                    "select outbox.begin_handling_batch(%s, %s)",
                    (handler.name, Jsonb([{"event_id": e["event_id"], "type": e["type"],
                                           "tenant_id": e.get("tenant_id")} for e in events]))).fetchall()}
                new = [e for e in events if str(e["event_id"]) in fresh]
                if new:
                    handler.run_batch(self, conn, new)
        except Exception as exc:  # noqa: BLE001 - fall back to one at a time
            if database_unavailable(exc):
                raise
            log.warning("batch failed; one event at a time", extra={"fields": {"handler": handler.name,
                                                                              "error": str(exc)[:300]}})
            return False
        self.applied += len(new)
        return True

    def apply_with_retries(self, conn, handler: Handler, event: dict, headers: dict, topic: str, partition: int,
                           offset: int, value: bytes) -> None:
        error = ""
        for attempt in range(1, self.max_attempts + 1):
            try:
                self.apply(conn, handler, event, headers)
                return
            except Exception as exc:  # noqa: BLE001 - any handler failure counts as an attempt
                if database_unavailable(exc):
                    raise  # the database, not the message: reconnect and redeliver
                error = f"{type(exc).__name__}: {str(exc).strip()[:1000]}"
                log.warning("handler failed", extra={"fields": {"handler": handler.name, "attempt": attempt,
                                                                "event_id": event.get("event_id"), "error": error}})
                if attempt < self.max_attempts:
                    self.stop_event.wait(self.retry_seconds * 2 ** (attempt - 1))
        self.dead_letter(conn, handler.name, topic, partition, offset, value, headers, error, self.max_attempts,
                         event)

    def apply(self, conn: psycopg.Connection, handler: Handler, event: dict, headers: dict) -> bool:
        """One transaction: the inbox row and the effect. False when the event was applied before."""
        with conn.transaction():
            fresh = conn.execute("select outbox.begin_handling(%s, %s, %s, %s)",
                                 (handler.name, event["event_id"], event["type"], event.get("tenant_id"))).fetchone()[0]
            if not fresh:
                return False
            if handler.run is not None:
                handler.run(self, conn, event, headers)
            else:
                conn.execute(handler.sql, {"event": Jsonb(event)})
        self.applied += 1
        return True

    def dead_letter(self, conn, handler_name: str, topic: str, partition: int, offset: int, value: bytes,
                    headers: dict, error: str, attempts: int, event: dict | None = None) -> None:
        """To the dead-letter topic (best effort: the broker may be the trouble) and into the database."""
        self.dead += 1
        dlq_headers = {**headers, "dead_letter_handler": handler_name, "dead_letter_error": error[:500],
                       "original_topic": topic, "original_partition": str(partition),
                       "original_offset": str(offset)}
        try:
            producer = self.producer()
            producer.send(DEAD_LETTER_TOPIC, value=value, key=((event or {}).get("tenant_id") or "").encode() or None,
                          headers=[(k, str(v).encode()) for k, v in dlq_headers.items()]).get(timeout=10)
        except (KafkaError, OSError) as exc:
            log.warning("dead-letter topic unreachable", extra={"fields": {"error": str(exc)[:300]}})
        if event is None:  # not an event at all: nothing a handler could ever replay
            log.error("message is not an event", extra={"fields": {"topic": topic, "offset": offset}})
            return
        with conn.transaction():
            conn.execute("select outbox.record_dead_letter(%s, %s, %s, %s, %s, %s, %s, %s)",
                         (handler_name, event["event_id"], topic, partition, offset, Jsonb(event), error, attempts))
        log.error("event dead-lettered", extra={"fields": {"handler": handler_name, "event_id": event["event_id"],
                                                           "error": error[:300]}})

    def producer(self) -> KafkaProducer:
        if self._producer is None:
            self._producer = KafkaProducer(bootstrap_servers=self.bootstrap, client_id=f"{self.client_id}-dlq",
                                           acks="all", request_timeout_ms=10000, max_block_ms=10000)
        return self._producer

    # ------------------------------------------------------------------ the loop
    def kafka_consumer(self) -> KafkaConsumer:
        ensure_topics(self.bootstrap, extra=(DEAD_LETTER_TOPIC,))
        # Tansu joins slowly with kafka-python's defaults (DESIGN.md): short session and heartbeat. A
        # fetch waits at most 20 ms for data (the default 500 ms was most of the end-to-end latency).
        return KafkaConsumer(*self.topics, bootstrap_servers=self.bootstrap, group_id=self.group,
                             client_id=self.client_id, enable_auto_commit=False, auto_offset_reset="earliest",
                             session_timeout_ms=6000, heartbeat_interval_ms=1000, max_poll_interval_ms=60000,
                             request_timeout_ms=30000, max_poll_records=500, fetch_max_wait_ms=20)

    def run(self) -> None:
        kafka = self.kafka_consumer()
        try:
            while not self.stop_event.is_set():
                # With a backup database, self.dsn is a Router: when the active database changes, the
                # connection follows it between polls (the Kafka consumer stays in its group).
                seen = generation(self.dsn)
                with psycopg.connect(resolve(self.dsn), application_name="ifarm-consumer") as conn:
                    while not self.stop_event.is_set() and generation(self.dsn) == seen:
                        batch = kafka.poll(timeout_ms=500)
                        for tp, messages in batch.items():
                            self.handle(conn, [(m.topic, m.partition, m.offset, m.value,
                                                {k: v.decode(errors="replace") for k, v in (m.headers or [])})
                                               for m in messages])
                            self.commit(kafka, tp, messages[-1].offset + 1)
                        self.record_lag(kafka, conn)
        finally:
            kafka.close(autocommit=False)
            if self._producer is not None:
                discard(self._producer)
                self._producer = None

    def commit(self, kafka: KafkaConsumer, tp, next_offset: int) -> None:
        """Only after every transaction of the messages before next_offset has committed."""
        kafka.commit({tp: OffsetAndMetadata(next_offset, "", -1)})

    def record_lag(self, kafka: KafkaConsumer, conn: psycopg.Connection, force: bool = False) -> None:
        if not force and time.monotonic() - self._lag_at < LAG_EVERY_SECONDS:
            return
        self._lag_at = time.monotonic()
        assigned = list(kafka.assignment())
        if not assigned:
            return
        try:
            ends = kafka.end_offsets(assigned)
        except KafkaError:
            return
        rows = [{"topic": tp.topic, "partition": tp.partition, "committed": kafka.committed(tp) or 0,
                 "end_offset": ends.get(tp, 0)} for tp in assigned]
        with conn.transaction():
            conn.execute("select outbox.record_lag(%s, %s)", (self.group, Jsonb(rows)))


def replay(dsn: str, bootstrap: str, redis_url: str | None = None, handler_name: str | None = None,
           event_id: str | None = None, handlers: tuple[Handler, ...] = HANDLERS) -> tuple[int, int]:
    """Re-drives recorded dead letters through their handlers; returns (replayed, still failing)."""
    consumer = Consumer(dsn, bootstrap, redis_url, handlers=handlers, max_attempts=1)
    by_name = {h.name: h for h in consumer.handlers}
    done = failed = 0
    with psycopg.connect(dsn, application_name="ifarm-events-replay") as conn:
        rows = conn.execute("select consumer, event from outbox.dead_letters where replayed_at is null "
                            "and (%s::text is null or consumer = %s) and (%s::uuid is null or event_id = %s::uuid) "
                            "order by failed_at", (handler_name, handler_name, event_id, event_id)).fetchall()
        conn.commit()
        for name, event in rows:
            handler = by_name.get(name)
            try:
                if handler is None:
                    raise LookupError(f"no handler {name!r}")
                consumer.apply(conn, handler, event, {})
            except psycopg.OperationalError:
                raise
            except Exception as exc:  # noqa: BLE001 - report and keep it for the next replay
                failed += 1
                with conn.transaction():
                    conn.execute("update outbox.dead_letters set error = %s, attempts = attempts + 1, "
                                 "failed_at = now() where consumer = %s and event_id = %s",
                                 (f"{type(exc).__name__}: {exc}"[:4000], name, event["event_id"]))
                continue
            done += 1
            with conn.transaction():
                conn.execute("update outbox.dead_letters set replayed_at = now() where consumer = %s "
                             "and event_id = %s", (name, event["event_id"]))
    return done, failed
