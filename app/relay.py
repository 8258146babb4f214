"""`ifarm relay`: moves outbox rows to Kafka.

Several may run; one leads (a session advisory lock, taken over when the leader's connection goes),
so events leave in id order and one aggregate's events keep their commit order even across retries.
Woken by NOTIFY ifarm_outbox (polling once a second as a fallback), the leader claims the oldest
unpublished events, publishes them with acks=all, waits for every acknowledgement, and only then
stamps them published in the same transaction. A crash between publish and commit republishes
(at-least-once); consumers deduplicate by the event_id header. With Kafka down, events simply wait
in the outbox.
"""

from __future__ import annotations

import logging
import threading

import orjson
import psycopg
from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError
from kafka.partitioner.default import murmur2

from app.replication import generation, resolve

log = logging.getLogger("ifarm.relay")

TOPICS = ("tenant.events", "user.events", "animal.events", "production.events", "expense.events",
          "payment.events", "audit.events", "device.events")
# The relays' leader lock (session level, on the LISTEN connection). Advisory lock keys in use:
# 4242_0001 migrate, 4242_0002 scheduler leader, 4242_0003 relay leader, 42420011 audit partitions.
RELAY_LOCK = 4242_0003


def ensure_topics(bootstrap: str, partitions: int = 3, extra: tuple[str, ...] = ()) -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="ifarm-relay-admin", request_timeout_ms=10000,
                             bootstrap_timeout_ms=5000)
    try:
        for topic in TOPICS + extra:
            try:
                admin.create_topics([NewTopic(topic, partitions, 1)])
            except TopicAlreadyExistsError:
                pass
    finally:
        admin.close()


class Relay:
    def __init__(self, dsn: str, bootstrap: str, batch_size: int = 2000, poll_seconds: float = 1.0):
        self.dsn = dsn
        self.bootstrap = bootstrap
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.stop_event = threading.Event()
        self.published = 0
        self.leading = False
        self._producer: KafkaProducer | None = None
        self._partitions: dict[tuple[str, bytes], int] = {}

    def producer(self) -> KafkaProducer:
        if self._producer is None:
            ensure_topics(self.bootstrap)
            # Large producer batches: a claimed batch leaves in a few requests per partition, not hundreds.
            self._producer = KafkaProducer(
                bootstrap_servers=self.bootstrap, client_id="ifarm-relay", acks="all", linger_ms=5,
                batch_size=1024 * 1024, retries=3, max_in_flight_requests_per_connection=1,
                request_timeout_ms=10000, bootstrap_timeout_ms=5000, max_block_ms=10000,
            )
        return self._producer

    def partition(self, topic: str, key: bytes | None) -> int | None:
        """kafka-python's default partitioner (murmur2 of the key over the topic's partitions), once per
        key: it is a fifth of the producer's time per event otherwise."""
        if key is None:
            return None
        cached = self._partitions.get((topic, key))
        if cached is None:
            partitions = sorted(self.producer().partitions_for(topic))
            cached = self._partitions[(topic, key)] = partitions[(murmur2(key) & 0x7FFFFFFF) % len(partitions)]
        return cached

    def drop_producer(self) -> None:
        if self._producer is not None:
            discard(self._producer)
            self._producer = None
            self._partitions.clear()

    def publish_batch(self, conn: psycopg.Connection) -> int:
        """Publishes one batch; returns how many events it published."""
        with conn.transaction():
            # The envelope goes out as PostgreSQL renders it: no parse and re-serialize per event.
            rows = conn.execute(
                "select id, event_id::text, topic, key, payload::text, headers::text "
                "from outbox.claim_batch(%s)", (self.batch_size,)
            ).fetchall()
            if not rows:
                return 0
            ids = [r[0] for r in rows]
            try:
                producer = self.producer()
                futures = []
                for _, event_id, topic, key, payload, headers in rows:
                    raw_key = key.encode() if key is not None else None
                    futures.append(producer.send(
                        topic, key=raw_key, value=payload.encode(), partition=self.partition(topic, raw_key),
                        headers=[("event_id", event_id.encode())]
                        + [(k, str(v).encode()) for k, v in orjson.loads(headers).items()]))
                producer.flush(timeout=15)
                for f in futures:
                    f.get(timeout=0)
            except (KafkaError, OSError) as exc:
                error = f"{type(exc).__name__}: {exc}"
                self.drop_producer()
                raise PublishFailed(ids, error) from exc
            conn.execute("select outbox.mark_published(%s::bigint[])", (ids,))
        self.published += len(ids)
        return len(ids)

    def run(self) -> None:
        """Until stopped, or until the active database changes (with a backup database, self.dsn is a
        Router): run_until_stopped then runs it again on the new one."""
        backoff = 0.5
        self.leading = False  # a new connection holds no lock yet
        seen = generation(self.dsn)
        dsn = resolve(self.dsn)
        try:
            with psycopg.connect(dsn, autocommit=True, application_name="ifarm-relay") as listen, \
                    psycopg.connect(dsn, application_name="ifarm-relay") as work:
                listen.execute("listen ifarm_outbox")
                while not self.stop_event.is_set() and generation(self.dsn) == seen:
                    if not self.leading:
                        self.leading = listen.execute("select pg_try_advisory_lock(%s)",
                                                      (RELAY_LOCK,)).fetchone()[0]
                        if not self.leading:  # another relay leads; take over when it goes
                            self.stop_event.wait(self.poll_seconds)
                            continue
                    try:
                        count = self.publish_batch(work)
                        backoff = 0.5
                    except PublishFailed as exc:
                        log.warning("publish failed; events stay in the outbox",
                                    extra={"fields": {"error": exc.error}})
                        with work.transaction():
                            work.execute("select outbox.mark_failed(%s::bigint[], %s)", (exc.ids, exc.error))
                        self.stop_event.wait(backoff)
                        backoff = min(backoff * 2, 10)
                        continue
                    if count == self.batch_size:
                        continue
                    for _ in listen.notifies(timeout=self.poll_seconds, stop_after=1):
                        pass
        finally:
            self.drop_producer()


def discard(producer: KafkaProducer) -> None:
    """Closes a producer whose broker may be gone. kafka-python's close() flushes first and raises when
    batches cannot be delivered, and its __del__ would raise the same again later: after a failed close,
    stop its I/O thread and mark it closed (what it held is still in the outbox, or will be redelivered)."""
    try:
        producer.close(timeout=2)
    except Exception:  # noqa: BLE001 - it is being discarded either way
        if producer._sender is not None:
            producer._sender.force_close()
        producer._closed = True


class PublishFailed(Exception):
    def __init__(self, ids: list[int], error: str):
        super().__init__(error)
        self.ids = ids
        self.error = error


def run_until_stopped(worker) -> None:
    """Keeps a relay or a consumer (anything with run() and stop_event) going through database or broker
    trouble: the outbox keeps unpublished events, and Kafka redelivers what was not committed."""
    while not worker.stop_event.is_set():
        try:
            worker.run()
        except Exception as exc:  # noqa: BLE001 - restart the loop, never lose the process
            log.warning("restarting", extra={"fields": {"worker": type(worker).__name__, "error": str(exc)[:300]}})
            worker.stop_event.wait(2)
