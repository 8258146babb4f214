"""The consumers on a real Kafka-protocol broker: each event applied once through the inbox, redelivery
harmless, a poison message dead-lettered without blocking its partition and replayed later, the cache
invalidated for changes the API did not make, and payment events from another service applied."""

from __future__ import annotations

import time
import uuid

import orjson
import pytest
import redis
from kafka import KafkaConsumer, KafkaProducer

from app.cache import version_key
from app.consumer import DEAD_LETTER_TOPIC, Consumer, Handler, replay
from app.embedded import EmbeddedKafka, EmbeddedValkey
from app.relay import Relay
from tests.conftest import World, conn_dsn
from tests.integration.conftest import running, stop, until
from tests.sql.test_subscriptions import activate


@pytest.fixture
def effects(world18: World):
    """A table the test handlers write one row per effect into, to count effects rather than log lines."""
    world18.admin.execute("create table public.test_effects (event_id uuid, handler text)")
    world18.admin.execute("alter table public.test_effects enable row level security")
    return world18


COUNT = Handler("counting", ("tenant.events",), None,
                sql="insert into public.test_effects select (%(event)s::jsonb ->> 'event_id')::uuid, 'counting'")


def envelope(type_: str, tenant: str | None, aggregate: str, aggregate_id: str, payload: dict) -> dict:
    return {"event_id": str(uuid.uuid4()), "type": type_, "tenant_id": tenant, "aggregate": aggregate,
            "aggregate_id": aggregate_id, "occurred_at": "2026-06-17T12:00:00+00:00", "actor_id": None,
            "schema_version": 1, "payload": payload}


def produce(bootstrap: str, topic: str, *values: bytes) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    for v in values:
        producer.send(topic, value=v)
    producer.flush(10)
    producer.close()


def test_each_event_is_applied_once_and_a_redelivery_changes_nothing(effects: World, broker: EmbeddedKafka):
    world = effects
    owner = world.user()
    tenant = world.tenant(owner)
    for n in range(5):
        owner.one("select api.update_tenant(tenant_id => %s, name => %s)", (tenant, f"T{n}"))
    published = world.admin.execute("select count(*) from outbox.events where topic = 'tenant.events'").fetchone()[0]
    relay = Relay(conn_dsn(world.admin), broker.bootstrap, poll_seconds=0.1)
    consumer = Consumer(conn_dsn(world.admin), broker.bootstrap, handlers=(COUNT,))
    threads = [(relay, running(relay)), (consumer, running(consumer))]
    try:
        assert until(lambda: world.admin.execute("select count(*) from public.test_effects").fetchone()[0]
                     == published)
    finally:
        stop(*threads)
    # Every message again, to a consumer of another group (as a rebalance or a crash redelivers them).
    again = Consumer(conn_dsn(world.admin), broker.bootstrap, handlers=(COUNT,), group="ifarm-backend-again")
    thread = running(again)
    try:
        assert until(lambda: again.seen >= published)
    finally:
        stop((again, thread))
    assert again.applied == 0
    counts = world.admin.execute("select count(*), count(distinct event_id) from public.test_effects").fetchone()
    assert counts == (published, published)


def test_a_crash_between_the_transaction_and_the_commit_applies_nothing_twice(effects: World, broker: EmbeddedKafka):
    world = effects
    owner = world.user()
    world.tenant(owner)
    relay = Relay(conn_dsn(world.admin), broker.bootstrap, poll_seconds=0.1)
    relay_thread = running(relay)
    assert until(lambda: world.admin.execute("select count(*) from outbox.events where published_at is null")
                 .fetchone()[0] == 0)
    stop((relay, relay_thread))

    class KilledBeforeItsCommit(Consumer):
        def commit(self, kafka, tp, next_offset):  # the inbox transactions are done; the offset is not
            raise SystemExit("killed between the inbox transaction and the offset commit")

    first = KilledBeforeItsCommit(conn_dsn(world.admin), broker.bootstrap, handlers=(COUNT,))
    with pytest.raises(SystemExit):
        first.run()
    applied = world.admin.execute("select count(*) from public.test_effects").fetchone()[0]
    assert applied == first.applied > 0
    second = Consumer(conn_dsn(world.admin), broker.bootstrap, handlers=(COUNT,))  # same group: redelivered
    thread = running(second)
    try:
        assert until(lambda: second.seen >= first.seen)
    finally:
        stop((second, thread))
    assert second.applied == 0
    assert world.admin.execute("select count(*), count(distinct event_id) from public.test_effects").fetchone() == (
        applied, applied)


def test_a_poison_message_is_dead_lettered_and_the_partition_moves_on(effects: World, broker: EmbeddedKafka):
    world = effects
    bad = envelope("tenant_updated", None, "tenant", "x", {"boom": True})
    good = envelope("tenant_updated", None, "tenant", "y", {})
    fails_on_boom = Handler("picky", ("tenant.events",), None, sql=(
        "insert into public.test_effects select (%(event)s::jsonb ->> 'event_id')::uuid, "
        "case when (%(event)s::jsonb -> 'payload' ->> 'boom') is null then 'picky' "
        "else (1 / 0)::text end"))
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
    for value in (orjson.dumps(bad), b"not json at all", orjson.dumps(good)):
        producer.send("tenant.events", value=value, partition=0)
    producer.flush(10)
    producer.close()
    consumer = Consumer(conn_dsn(world.admin), broker.bootstrap, handlers=(fails_on_boom,), retry_seconds=0.05)
    thread = running(consumer)
    try:
        assert until(lambda: world.admin.execute("select count(*) from public.test_effects").fetchone()[0] == 1)
    finally:
        stop((consumer, thread))
    assert world.admin.execute("select event_id::text from public.test_effects").fetchone()[0] == good["event_id"]
    dead = world.admin.execute("select consumer, event_id::text, attempts, error from outbox.dead_letters"
                               ).fetchall()
    assert [(c, e, a) for c, e, a, _ in dead] == [("picky", bad["event_id"], 3)] and "division by zero" in dead[0][3]
    dlq = KafkaConsumer(DEAD_LETTER_TOPIC, bootstrap_servers=broker.bootstrap, auto_offset_reset="earliest",
                        consumer_timeout_ms=4000, group_id=None)
    letters = sorted((dict(m.headers)["dead_letter_handler"], m.value) for m in dlq)  # partitions: no order
    dlq.close()
    assert letters == [(b"envelope", b"not json at all"), (b"picky", orjson.dumps(bad))]
    assert world.admin.execute("select outbox.consumer_state() ->> 'dead_letters'").fetchone()[0] == "1"
    # Replay: still failing, it stays; once the handler can apply it, it is applied once and marked.
    assert replay_with(world, broker, fails_on_boom) == (0, 1)
    healed = Handler("picky", ("tenant.events",), None, sql=COUNT.sql)
    assert replay_with(world, broker, healed) == (1, 0)
    assert replay_with(world, broker, healed) == (0, 0)
    assert world.admin.execute("select count(*) from public.test_effects").fetchone()[0] == 2


def replay_with(world: World, broker: EmbeddedKafka, handler: Handler) -> tuple[int, int]:
    return replay(conn_dsn(world.admin), broker.bootstrap, handlers=(handler,))


def test_a_direct_table_write_invalidates_the_dashboards_through_the_consumer(world18: World, broker: EmbeddedKafka,
                                                                              valkey: EmbeddedValkey):
    owner = world18.user()
    direct = world18.tenant(owner)
    via_api = world18.tenant(owner)
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'F') ->> 'id'", (direct,))
    cow = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'C1', species => 'cattle', "
                    "sex => 'female') ->> 'id'", (direct, farm))
    client = redis.Redis.from_url(valkey.url)
    for tenant in (direct, via_api):
        for endpoint in ("dashboard_stats", "dashboard_activities"):
            client.set(version_key(tenant, endpoint), 100)
    world18.admin.execute("update outbox.events set published_at = now() where published_at is null")
    # A Supabase client's insert, straight into the table as `authenticated` (no API, no source header).
    owner.one("insert into activities (tenant_id, animal_id, activity_type) values (%s, %s, 'cleaning') returning id",
              (direct, cow))
    with owner.tx() as c:  # as the API does it: it marks its transactions and bumps the version itself
        c.execute("select set_config('ifarm.source', 'api', true)")
        c.execute("select api.create_farm(tenant_id => %s, name => 'Through the API')", (via_api,))
    relay = Relay(conn_dsn(world18.admin), broker.bootstrap, poll_seconds=0.1)
    consumer = Consumer(conn_dsn(world18.admin), broker.bootstrap, redis_url=valkey.url)
    threads = [(relay, running(relay)), (consumer, running(consumer))]
    try:
        assert until(lambda: int(client.get(version_key(direct, "dashboard_activities"))) > 100)
        time.sleep(1)
    finally:
        stop(*threads)
    assert int(client.get(version_key(direct, "dashboard_stats"))) == 100  # an activity changes only activities
    assert int(client.get(version_key(via_api, "dashboard_stats"))) == 100  # the API already did it


def test_payment_events_from_another_service_settle_the_invoice_once(world18: World, broker: EmbeddedKafka):
    owner = world18.user()
    tenant = world18.tenant(owner)
    activate(world18, tenant)
    world18.admin.execute("select private.process_recurring_billing(private.now())")
    invoice = world18.admin.execute("select id::text from subscription_invoices where tenant_id = %s",
                                    (tenant,)).fetchone()[0]
    paid = envelope("payment_succeeded", tenant, "subscription_invoice", invoice,
                    {"provider": "payments-svc", "reference": "PAY-1", "amount": "99.00", "currency": "USD"})
    produce(broker.bootstrap, "payment.events", orjson.dumps(paid), orjson.dumps(paid))  # sent twice
    relay = Relay(conn_dsn(world18.admin), broker.bootstrap, poll_seconds=0.1)  # also publishes iFarm's own events
    consumer = Consumer(conn_dsn(world18.admin), broker.bootstrap)
    threads = [(relay, running(relay)), (consumer, running(consumer))]
    try:
        assert until(lambda: world18.admin.execute(
            "select status from subscription_invoices where id = %s", (invoice,)).fetchone()[0] == "paid")
        # iFarm's own payment_succeeded (the attempt it recorded) reaches the consumer too: nothing to do.
        assert until(lambda: world18.admin.execute(
            "select count(*) from outbox.inbox i join outbox.events e on e.event_id = i.event_id "
            "where i.consumer = 'payments' and e.payload ->> 'type' = 'payment_succeeded'").fetchone()[0] == 1)
    finally:
        stop(*threads)
    attempts = world18.admin.execute("select status, provider, external_id from payment_attempts where tenant_id = %s",
                                     (tenant,)).fetchall()
    assert attempts == [("succeeded", "payments-svc", "PAY-1")]
    assert world18.admin.execute("select count(*) from outbox.dead_letters").fetchone()[0] == 0
    assert world18.admin.execute("select status from subscriptions where tenant_id = %s", (tenant,)).fetchone()[0] \
        == "active"
