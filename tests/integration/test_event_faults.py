"""Faults on the way from a commit to a consumer's effect, on the real processes: the broker frozen for 30 s
under a steady stream of writes through the API, and the relay killed between publishing and stamping.
Nothing committed is lost, one tenant's events keep their order, and no effect is applied twice -- counted
as effects, not log lines."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import orjson
import psycopg
from kafka import KafkaConsumer

from app.consumer import Consumer, Handler
from app.embedded import EmbeddedKafka
from app.relay import TOPICS, Relay
from tests.api.conftest import Api, api, api_db  # noqa: F401 - fixtures
from tests.conftest import ROOT, World, conn_dsn
from tests.integration.conftest import running, until

COUNT = Handler("counting", TOPICS, None,
                sql="insert into testing.effects select (%(event)s::jsonb ->> 'event_id')::uuid")


def with_effects_table(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("create schema if not exists testing")
        conn.execute("drop table if exists testing.effects")
        conn.execute("create table testing.effects (event_id uuid not null)")
        conn.execute("update outbox.events set published_at = now() where published_at is null")


def kafka_messages(bootstrap: str) -> list[tuple[str, int, int, dict]]:
    """(topic, partition, offset, envelope) of every message on the event topics."""
    consumer = KafkaConsumer(*TOPICS, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             consumer_timeout_ms=5000, group_id=None)
    found = [(m.topic, m.partition, m.offset, orjson.loads(m.value)) for m in consumer]
    consumer.close()
    return found


def first_seen_order(messages, tenant: str, topic: str) -> list[str]:
    """A tenant's event ids on a topic in the order a consumer of its partition first sees them."""
    seen, order = set(), []
    for _, _, _, event in sorted((m for m in messages if m[3]["tenant_id"] == tenant and m[0] == topic),
                                 key=lambda m: (m[1], m[2])):
        if event["event_id"] not in seen:
            seen.add(event["event_id"])
            order.append(event["event_id"])
    return order


def test_a_frozen_broker_loses_nothing_reorders_nothing_and_applies_nothing_twice(api: Api, broker: EmbeddedKafka):  # noqa: F811
    with_effects_table(api.db_url)
    owner = api.signup()
    tenant = api.tenant(owner)
    farm = api.http.post(f"/api/v1/tenants/{tenant}/farms", json={"name": "F"}, headers=owner["headers"]).json()["id"]
    relay = Relay(api.db_url, broker.bootstrap, poll_seconds=0.2)
    consumer = Consumer(api.db_url, broker.bootstrap, handlers=(COUNT,), retry_seconds=0.1)
    threads = [(relay, running(relay, restarting=True)), (consumer, running(consumer, restarting=True))]
    writes, stop_writing = [], threading.Event()

    def write() -> None:  # a steady stream through the API: farm renames, each one commit and one event
        n = 0
        while not stop_writing.is_set():
            r = api.http.patch(f"/api/v1/tenants/{tenant}/farms/{farm}", json={"name": f"F{n}"},
                               headers=owner["headers"])
            assert r.status_code == 200, r.text
            writes.append(n)
            n += 1
            time.sleep(0.05)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        time.sleep(5)
        os.kill(broker._proc.pid, signal.SIGSTOP)  # the broker hangs: no error, no answer
        time.sleep(30)
        os.kill(broker._proc.pid, signal.SIGCONT)
        time.sleep(5)
    finally:
        stop_writing.set()
        writer.join(30)
    try:
        with psycopg.connect(api.db_url, autocommit=True) as conn:
            ours = [str(r[0]) for r in conn.execute("select event_id from outbox.events where tenant_id = %s "
                                                    "order by id", (tenant,))]
            by_topic = {}
            for topic, event_id in conn.execute("select topic, event_id::text from outbox.events "
                                                "where tenant_id = %s order by id", (tenant,)):
                by_topic.setdefault(topic, []).append(event_id)
            assert until(lambda: conn.execute("select count(distinct event_id) from testing.effects e "
                                              "where e.event_id = any(%s::uuid[])", (ours,)).fetchone()[0]
                         == len(ours), 120)
            effects = conn.execute("select count(*) from testing.effects where event_id = any(%s::uuid[])",
                                   (ours,)).fetchone()[0]
            waited = conn.execute("select count(*) from outbox.events where tenant_id = %s and attempts > 1",
                                  (tenant,)).fetchone()[0]
    finally:
        for obj, thread in threads:
            obj.stop_event.set()
            thread.join(30)
    assert len(writes) > 300 and len(ours) >= len(writes)  # writes went on while the broker hung
    assert effects == len(ours)  # every committed change's event applied, and once
    assert waited > 0  # some events really waited out the freeze in the outbox
    messages = kafka_messages(broker.bootstrap)
    for topic, events in by_topic.items():  # nothing lost, each topic's events in commit order
        assert first_seen_order(messages, tenant, topic) == events, topic
    print(f"\nbroker frozen 30 s: {len(ours)} events, {sum(1 for m in messages if m[3]['tenant_id'] == tenant)} "
          f"messages on Kafka, {effects} effects")


def test_a_relay_killed_between_publishing_and_stamping_duplicates_messages_not_effects(world18: World,
                                                                                         broker: EmbeddedKafka):
    dsn = conn_dsn(world18.admin)
    with_effects_table(dsn)
    owner = world18.user()
    tenant = world18.tenant(owner)
    for n in range(20):
        owner.one("select api.update_tenant(tenant_id => %s, name => %s)", (tenant, f"T{n}"))
    ours = [str(r[0]) for r in world18.admin.execute("select event_id from outbox.events where published_at is null "
                                                     "and tenant_id = %s order by id", (tenant,))]
    env = {**os.environ, "DATABASE_URL": dsn, "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap, "LOG_LEVEL": "WARNING"}
    with psycopg.connect(dsn) as blocker:
        # Stamping needs ROW EXCLUSIVE on the outbox, which SHARE refuses; claiming (FOR UPDATE) does not.
        blocker.execute("lock table outbox.events in share mode")
        relay = subprocess.Popen([sys.executable, "-m", "app.cli", "relay"], cwd=ROOT, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert until(lambda: {m[3]["event_id"] for m in kafka_messages(broker.bootstrap)} >= set(ours), 60)
        finally:
            relay.send_signal(signal.SIGKILL)  # published, not stamped
            relay.wait(10)
        blocker.rollback()
    assert world18.admin.execute("select count(*) from outbox.events where published_at is null and tenant_id = %s",
                                 (tenant,)).fetchone()[0] == len(ours)
    again = Relay(dsn, broker.bootstrap, poll_seconds=0.1)
    consumer = Consumer(dsn, broker.bootstrap, handlers=(COUNT,))
    threads = [(again, running(again)), (consumer, running(consumer))]
    effects = "select count(distinct event_id) from testing.effects where event_id = any(%s::uuid[])"
    try:
        assert until(lambda: world18.admin.execute(effects, (ours,)).fetchone()[0] == len(ours), 60)
        time.sleep(2)  # the duplicates behind them
    finally:
        for obj, thread in threads:
            obj.stop_event.set()
            thread.join(20)
    on_kafka = [m[3]["event_id"] for m in kafka_messages(broker.bootstrap) if m[3]["tenant_id"] == tenant]
    assert len(on_kafka) == 2 * len(ours) and set(on_kafka) == set(ours)
    assert world18.admin.execute("select count(*), count(distinct event_id) from testing.effects "
                                 "where event_id = any(%s::uuid[])", (ours,)).fetchone() == (len(ours), len(ours))
