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
        "select topic, key, payload ->> 'type', payload -> 'payload' -> 'row' ->> 'slug' from outbox.events "
        "order by id").fetchall()
    assert ("tenant.events", tenant, "tenant_created") == events[0][:3]
    assert ("user.events", tenant, "member_added") in [e[:3] for e in events]
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
    assert [t for _, t, _ in mine] == ["tenant_created", "tenant_updated"]
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


def test_one_of_two_relays_leads_and_the_other_takes_over_in_order(world18: World, kafka: EmbeddedKafka):
    owner = world18.user()
    tenant = world18.tenant(owner)
    first, second = (Relay(conn_dsn(world18.admin), kafka.bootstrap, poll_seconds=0.1) for _ in range(2))
    threads = [threading.Thread(target=r.run, daemon=True) for r in (first, second)]
    for t in threads:
        t.start()
    try:
        for n in range(20):
            owner.one("select api.update_tenant(tenant_id => %s, name => %s)", (tenant, f"Name {n}"))
        deadline = time.monotonic() + 20
        while pending(world18) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pending(world18) == 0
        leader, follower = (first, second) if first.leading else (second, first)
        assert leader.leading and not follower.leading and follower.published == 0
        leader.stop_event.set()
        threads[[first, second].index(leader)].join(10)
        for n in range(20, 30):
            owner.one("select api.update_tenant(tenant_id => %s, name => %s)", (tenant, f"Name {n}"))
        deadline = time.monotonic() + 20
        while pending(world18) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pending(world18) == 0 and follower.leading and follower.published >= 10
    finally:
        for r in (first, second):
            r.stop_event.set()
        for t in threads:
            t.join(10)
    consumer = KafkaConsumer("tenant.events", bootstrap_servers=kafka.bootstrap, auto_offset_reset="earliest",
                             consumer_timeout_ms=4000, group_id=None)
    names = [orjson.loads(m.value)["payload"]["row"]["name"] for m in consumer if m.key.decode() == tenant]
    consumer.close()
    renames = [n for n in names if n.startswith("Name ")]
    assert renames == [f"Name {n}" for n in range(30)]  # each once, in commit order
