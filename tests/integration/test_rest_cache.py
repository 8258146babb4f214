"""A write through /rest/v1 reaches the cached dashboards the way any Supabase client's write does: its
outbox event says `source: rest`, the relay publishes it, and the dashboard_cache consumer bumps only
the dashboards it can change."""

from __future__ import annotations

import time

import redis

from app.auth import api_keys
from app.cache import version_key
from app.consumer import Consumer
from app.embedded import EmbeddedKafka, EmbeddedValkey
from app.relay import Relay
from tests.api.conftest import SECRET, Api, start_api, stop_api
from tests.conftest import World, conn_dsn
from tests.integration.conftest import running, stop, until


def test_a_rest_write_invalidates_the_dashboards_it_changes_through_the_consumer(world18: World, broker: EmbeddedKafka,
                                                                                 valkey: EmbeddedValkey, tmp_path):
    owner = world18.user()
    tenant = world18.tenant(owner)
    farm = owner.one("select api.create_farm(tenant_id => %s, name => 'F') ->> 'id'", (tenant,))
    cow = owner.one("select api.create_animal(tenant_id => %s, farm_id => %s, tag_number => 'C1', species => 'cattle', "
                    "sex => 'female') ->> 'id'", (tenant, farm))
    client = redis.Redis.from_url(valkey.url)
    for endpoint in ("dashboard_stats", "dashboard_activities"):
        client.set(version_key(tenant, endpoint), 100)
    world18.admin.execute("update outbox.events set published_at = now() where published_at is null")
    process, base = start_api(conn_dsn(world18.admin), {"REDIS_URL": valkey.url}, tmp_path)
    try:
        api = Api(base, conn_dsn(world18.admin))
        token = api.token(sub=owner.id, email=owner.claims["email"])
        r = api.http.post("/rest/v1/activities", json={"tenant_id": tenant, "animal_id": cow,
                                                      "activity_type": "cleaning"},
                          headers={"apikey": api_keys(SECRET)["anon"], "Authorization": f"Bearer {token}"})
        assert r.status_code == 201, r.text
    finally:
        stop_api(process)
    sources = world18.admin.execute("select headers ->> 'source' from outbox.events where published_at is null"
                                    ).fetchall()
    assert sources and {s for (s,) in sources} == {"rest"}
    assert int(client.get(version_key(tenant, "dashboard_activities"))) == 100  # nothing bumped it yet
    relay = Relay(conn_dsn(world18.admin), broker.bootstrap, poll_seconds=0.1)
    consumer = Consumer(conn_dsn(world18.admin), broker.bootstrap, redis_url=valkey.url)
    threads = [(relay, running(relay)), (consumer, running(consumer))]
    try:
        assert until(lambda: int(client.get(version_key(tenant, "dashboard_activities"))) > 100)
        time.sleep(1)
    finally:
        stop(*threads)
    assert int(client.get(version_key(tenant, "dashboard_stats"))) == 100  # an activity changes only activities
