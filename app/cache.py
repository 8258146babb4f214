"""Versioned per-tenant cache of rendered JSON (DESIGN section 5).

Key: ``ifarm:v1:{<tenant>}:<version>:<endpoint>:<user>:<params hash>``. ``version`` is a per-tenant
counter in Redis, one per cached endpoint (``ifarm:v1:{<tenant>}:version:<endpoint>``); a write bumps
the counters of the endpoints it can change (app/routes/table.py says which; unknown writes bump them
all), so every older entry is unreachable at once -- no KEYS or SCAN -- and expires by its TTL. The
API bumps on its own writes before it answers (read-your-writes); the `dashboard_cache` consumer
(app/consumer.py) bumps what each event can change for changes the API did not make (Supabase
clients, jobs); TTLs bound what a missed bump can cost.

A lookup is one round trip: a Lua script reads the version and the entry together (the braces make
the tenant's keys one Redis Cluster slot). Redis being down never fails a request: the caller is
served from PostgreSQL, and lookups are skipped for a few seconds before Redis is tried again. A bump
that failed is retried before this process uses the cache again, so an outage cannot leave this
process serving a tenant's pre-write entry.

A missing version counter (first use, or evicted) starts at the current time in milliseconds, never
at a number an older entry may carry.
"""

from __future__ import annotations

import hashlib
import logging
import time

import orjson
from redis.exceptions import RedisError

from app import metrics

log = logging.getLogger("ifarm.cache")

PREFIX = "ifarm:v1"
TTL_SECONDS = 300
RETRY_AFTER_SECONDS = 5.0

# KEYS[1] = the tenant's version key; ARGV[1] = the key prefix ("ifarm:v1:{t}:"), ARGV[2] = the key
# suffix (":endpoint:user:hash"), ARGV[3] = now in ms. Returns {version, entry or false}.
LOOKUP_SCRIPT = """
local v = redis.call('GET', KEYS[1])
if not v then
  v = ARGV[3]
  redis.call('SET', KEYS[1], v, 'NX')
  v = redis.call('GET', KEYS[1])
end
return {v, redis.call('GET', ARGV[1] .. v .. ARGV[2])}
"""
# KEYS = version keys of one tenant; ARGV[1] = now in ms. INCR each, or start it from now.
BUMP_SCRIPT = """
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('INCR', key) else redis.call('SET', key, ARGV[1]) end
end
return #KEYS
"""


def tenant_prefix(tenant_id: str) -> str:
    return f"{PREFIX}:{{{tenant_id}}}:"


def version_key(tenant_id: str, endpoint: str) -> str:
    return f"{tenant_prefix(tenant_id)}version:{endpoint}"


def key_suffix(endpoint: str, user: str, params: dict) -> str:
    digest = hashlib.blake2b(orjson.dumps(params, option=orjson.OPT_SORT_KEYS), digest_size=8).hexdigest()
    return f":{endpoint}:{user}:{digest}"


def _now_ms() -> str:
    return str(int(time.time() * 1000))


class Cache:
    def __init__(self, redis, endpoints: tuple[str, ...]) -> None:
        self.redis = redis
        self.endpoints = endpoints  # every cached endpoint: what a write of unknown reach bumps
        self._lookup = redis.register_script(LOOKUP_SCRIPT) if redis is not None else None
        self._bump = redis.register_script(BUMP_SCRIPT) if redis is not None else None
        self._down_until = 0.0
        self._unbumped: set[tuple[str, str]] = set()  # (tenant, endpoint)

    @property
    def available(self) -> bool:
        return self.redis is not None and time.monotonic() >= self._down_until

    def _failed(self, exc: Exception) -> None:
        metrics.CACHE.labels("error").inc()
        if time.monotonic() >= self._down_until:
            log.warning("redis unavailable; serving from PostgreSQL", extra={"fields": {"error": str(exc)}})
        self._down_until = time.monotonic() + RETRY_AFTER_SECONDS

    async def _catch_up(self) -> None:
        """Bumps that failed while Redis was away, before this process trusts the cache again."""
        while self._unbumped:
            tenant, endpoint = next(iter(self._unbumped))
            await self._bump(keys=[version_key(tenant, endpoint)], args=[_now_ms()])
            self._unbumped.discard((tenant, endpoint))

    async def get(self, tenant_id: str, endpoint: str, suffix: str) -> tuple[str | None, bytes | None]:
        """(version, entry): entry None on a miss; version None when the cache is not usable."""
        if not self.available:
            return None, None
        try:
            if self._unbumped:
                await self._catch_up()
            version, entry = await self._lookup(keys=[version_key(tenant_id, endpoint)],
                                                args=[tenant_prefix(tenant_id), suffix, _now_ms()])
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return None, None
        metrics.CACHE.labels("hit" if entry else "miss").inc()
        return version.decode() if isinstance(version, bytes) else str(version), entry or None

    async def put(self, tenant_id: str, version: str, suffix: str, body: bytes | str) -> None:
        if not self.available:
            return
        try:
            await self.redis.set(f"{tenant_prefix(tenant_id)}{version}{suffix}", body, ex=TTL_SECONDS)
        except (RedisError, OSError) as exc:
            self._failed(exc)

    async def bump(self, tenant_id: str, endpoints: tuple[str, ...] | None = None) -> None:
        """A write to the tenant: the cached entries of these endpoints (None: all) are unreachable now."""
        if self.redis is None:
            return
        endpoints = self.endpoints if endpoints is None else endpoints
        if not endpoints:
            return
        if not self.available:
            self._unbumped.update((tenant_id, e) for e in endpoints)
            return
        try:
            await self._bump(keys=[version_key(tenant_id, e) for e in endpoints], args=[_now_ms()])
        except (RedisError, OSError) as exc:
            self._unbumped.update((tenant_id, e) for e in endpoints)
            self._failed(exc)
