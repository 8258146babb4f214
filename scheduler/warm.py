"""The cache-warming job: renders the cached dashboards of the busiest tenants' owners into Redis
with the same keys the API uses (app/cache.py), so their next dashboard read is a hit.

Each entry is rendered by the owner's own api.* call (their role and claims, RLS and farm access
included) and stored under the tenant's cache version read BEFORE the rendering -- the order the API
uses -- so a write that lands meanwhile makes the entry unreachable instead of stale.
"""

from __future__ import annotations

import time
from datetime import datetime

import orjson
import psycopg
import redis
from psycopg import sql

from app.cache import LOOKUP_SCRIPT, TTL_SECONDS, key_suffix, tenant_prefix, version_key
from app.config import Config
from app.routes.table import CACHED_ENDPOINTS

MAX_TENANTS = 200
CACHED = CACHED_ENDPOINTS


def warm_dashboard_cache(conn: psycopg.Connection, scheduled_for: datetime, redis_url: str | None = None) -> int:
    """Returns the number of entries written (0 without Redis)."""
    redis_url = redis_url if redis_url is not None else Config().redis_url
    if not redis_url:
        return 0
    client = redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2)
    lookup = client.register_script(LOOKUP_SCRIPT)
    targets = conn.execute("select tenant_id::text, user_id::text, email from private.cache_warm_targets(%s, %s)",
                           (scheduled_for, MAX_TENANTS)).fetchall()
    written = 0
    try:
        for tenant_id, user_id, email in targets:
            claims = orjson.dumps({"sub": user_id, "role": "authenticated", "aud": "authenticated",
                                   "email": email}).decode()
            for function in CACHED:
                suffix = key_suffix(function, user_id, {})
                version, entry = lookup(keys=[version_key(tenant_id, function)],
                                        args=[tenant_prefix(tenant_id), suffix, str(int(time.time() * 1000))])
                if entry:
                    continue
                try:
                    with conn.transaction():
                        conn.execute("set transaction read only")
                        conn.execute("select set_config('role', 'authenticated', true), "
                                     "set_config('request.jwt.claims', %s, true), "
                                     "set_config('request.jwt.claim.sub', %s, true)", (claims, user_id))
                        text = conn.execute(sql.SQL("select api.{}(tenant_id => %s)::text").format(
                            sql.Identifier(function)), (tenant_id,)).fetchone()[0]
                except psycopg.Error:
                    continue  # e.g. a plan without dashboards; the API answers that request itself
                client.set(f"{tenant_prefix(tenant_id)}{version.decode()}{suffix}", text, ex=TTL_SECONDS)
                written += 1
    finally:
        client.close()
    return written
