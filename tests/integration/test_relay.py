"""The transactional outbox and the relay, against a real Kafka-protocol broker (Tansu)."""

from __future__ import annotations

import threading
import time

import orjson
from kafka import KafkaConsumer

from app.embedded import EmbeddedKafka, free_port
from app.relay import Relay
from tests.conftest import World, conn_dsn


def pending(world: World) -> int:
    return world.admin.execute("select count(*) from outbox.events where published_at is null").fetchone()[0]


def test_a_change_and_its_event_commit_together(world18: World):
    owner = world18.user()
    tenant = world18.tenant(owner)
    events = world18.admin.execute(
        "select topic, key, payload ->> 'type', payload -> 'data' ->> 'slug' from outbox.events order by id").fetchall()
    assert ("tenant.events", tenant, "tenants.created") == events[0][:3]
    assert ("user.events", tenant, "tenant_members.created") in [e[:3] for e in events]
    # A failed transaction leaves neither the change nor the event.
    before = world18.admin.execute("select count(*) from outbox.events").fetchone()[0]
    try:
        owner.one("select api.create_tenant(name => 'Dup', slug => (select slug from tenants where id = %s))",
                  (tenant,))
    except Exception:  # noqa: BLE001 - the slug conflict is the point
        pass
    assert world18.admin.execute("select count(*) from outbox.events").fetchone()[0] == before


def test_secrets_never_enter_the_outbox(world18: World):
    owner = world18.user()
    tenant = world18.tenant(owner)
    owner.one("select api.invite_member(tenant_id => %s, email => 'x@example.test')", (tenant,))
    payloads = [r[0] for r in world18.admin.execute("select payload::text from outbox.events")]
    assert not any("token_hash" in p or "encrypted_password" in p for p in payloads)


def test_relay_publishes_with_acks_all_and_marks_events_published(world18: World, kafka: EmbeddedKafka):
    owner = world18.user()
    tenant = world18.tenant(owner)
    assert pending(world18) >= 2
    relay = Relay(conn_dsn(world18.admin), kafka.bootstrap, poll_seconds=0.2)
    thread = threading.Thread(target=relay.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while pending(world18) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pending(world18) == 0
        # A later change is picked up through NOTIFY without waiting for a poll.
        owner.one("select api.update_tenant(tenant_id => %s, name => 'Renamed')", (tenant,))
        deadline = time.monotonic() + 10
        while pending(world18) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pending(world18) == 0
    finally:
        relay.stop_event.set()
        thread.join(10)
    assert relay._producer is None or relay._producer.config["acks"] == -1
    consumer = KafkaConsumer("tenant.events", bootstrap_servers=kafka.bootstrap, auto_offset_reset="earliest",
                             consumer_timeout_ms=4000, group_id=None)
    seen = [(m.key.decode(), orjson.loads(m.value)["type"], dict(m.headers)) for m in consumer]
    consumer.close()
    mine = [s for s in seen if s[0] == tenant]
    assert [t for _, t, _ in mine] == ["tenants.created", "tenants.updated"]
    assert all(h["event_id"] and h["event_type"] for _, _, h in mine)


def test_with_kafka_down_events_wait_in_the_outbox_and_nothing_is_lost(world18: World, tmp_path):
    owner = world18.user()
    world18.tenant(owner)
    waiting = pending(world18)
    port = free_port()
    relay = Relay(conn_dsn(world18.admin), f"127.0.0.1:{port}", poll_seconds=0.2)
    thread = threading.Thread(target=relay.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        attempts, error = 0, None
        while not attempts and time.monotonic() < deadline:
            time.sleep(0.2)
            attempts, error = world18.admin.execute(
                "select max(attempts), max(last_error) from outbox.events where published_at is null").fetchone()
        assert attempts >= 1 and error
        assert pending(world18) == waiting
        broker = EmbeddedKafka(tmp_path / "late", port=port).start()
        try:
            deadline = time.monotonic() + 40
            while pending(world18) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert pending(world18) == 0
        finally:
            relay.stop_event.set()
            thread.join(15)
            broker.stop()
    finally:
        relay.stop_event.set()
