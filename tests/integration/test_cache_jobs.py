"""The cache outside the API: the warming job renders owners' dashboards under the tenant's current
version, and the relay invalidates a tenant's entries for changes the API did not make."""

from __future__ import annotations

import threading
import time

import orjson
import psycopg
import redis
from psycopg.types.json import Jsonb

from app.cache import key_suffix, tenant_prefix, version_key
from app.embedded import EmbeddedKafka, EmbeddedValkey
from app.relay import Relay
from scheduler.warm import CACHED, warm_dashboard_cache
from tests.conftest import World, conn_dsn, noon_utc


def test_warming_renders_the_busiest_owners_dashboards_once(world18: World, valkey: EmbeddedValkey):
    owner = world18.user()
    busy = world18.tenant(owner)
    idle = world18.tenant(world18.user())
    world18.admin.execute("select private.record_api_calls(%s)", (Jsonb({busy: 3}),))
    with psycopg.connect(conn_dsn(world18.admin), autocommit=True) as conn:
        assert warm_dashboard_cache(conn, noon_utc(world18.today), valkey.url) == len(CACHED) == 6
        assert warm_dashboard_cache(conn, noon_utc(world18.today), valkey.url) == 0  # already there
    client = redis.Redis.from_url(valkey.url)
    version = client.get(version_key(busy, "dashboard_stats")).decode()
    entry = client.get(f"{tenant_prefix(busy)}{version}{key_suffix('dashboard_stats', owner.id, {})}")
    assert orjson.loads(entry) == owner.one("select api.dashboard_stats(tenant_id => %s)", (busy,))
    assert client.get(version_key(idle, "dashboard_stats")) is None  # no API use, nothing rendered


def test_the_relay_bumps_versions_for_changes_the_api_did_not_make(world18: World, kafka: EmbeddedKafka,
                                                                   valkey: EmbeddedValkey):
    owner = world18.user()
    direct = world18.tenant(owner)
    via_api = world18.tenant(owner)
    client = redis.Redis.from_url(valkey.url)
    stats = "dashboard_stats"
    client.set(version_key(direct, stats), 100)
    client.set(version_key(via_api, stats), 100)
    world18.admin.execute("update outbox.events set published_at = now() where published_at is null")
    owner.one("select api.create_farm(tenant_id => %s, name => 'Direct')", (direct,))
    with owner.tx() as c:  # as the API does it: it marks its transactions and bumps the version itself
        c.execute("select set_config('ifarm.source', 'api', true)")
        c.execute("select api.create_farm(tenant_id => %s, name => 'Through the API')", (via_api,))
    sources = world18.admin.execute("select tenant_id::text, headers ->> 'source' from outbox.events "
                                    "where published_at is null").fetchall()
    assert (via_api, "api") in sources and (direct, None) in sources
    relay = Relay(conn_dsn(world18.admin), kafka.bootstrap, poll_seconds=0.2, redis_url=valkey.url)
    thread = threading.Thread(target=relay.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while int(client.get(version_key(direct, stats))) == 100 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        relay.stop_event.set()
        thread.join(10)
    assert int(client.get(version_key(direct, stats))) > 100
    assert int(client.get(version_key(via_api, stats))) == 100
