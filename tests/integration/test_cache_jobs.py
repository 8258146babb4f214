"""The cache outside the API: the warming job renders owners' dashboards under the tenant's current
version (the consumer's invalidation of changes the API did not make: tests/integration/test_consumer.py)."""

from __future__ import annotations

import orjson
import psycopg
import redis
from psycopg.types.json import Jsonb

from app.cache import key_suffix, tenant_prefix, version_key
from app.embedded import EmbeddedValkey
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
