"""Rate limits: token buckets in Redis, one script call per request.

What is counted is the table RULES: a limit's name, the requests it applies to, and whose bucket such a
request takes from. How much is configuration (RATE_LIMIT_<NAME> = "N/S", app/config.py). A request takes
a token from every bucket that applies to it, atomically in one EVALSHA of BUCKET_SCRIPT, or from none
when one is empty: then it is answered 429 with Retry-After before its handler runs, so nothing reaches
the database. The script reads the time from Redis (TIME), so the API workers' clocks play no part.

Redis down, or slower than RATE_LIMIT_TIMEOUT: the request passes -- the limits protect the service and
must not become its outage -- the failure is logged once per outage, /health says rate limiting is
degraded, and Redis is left alone for a few seconds before the next try (as app/cache.py does).

The client address is the socket peer; X-Forwarded-For counts only with PROXIES_COUNT > 0 and only from a
peer in TRUSTED_PROXIES, so a client that reaches the API directly cannot choose its address.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import orjson
from redis.exceptions import RedisError
from sanic import Request

from app import metrics
from app.config import ConfigError
from app.errors import ApiError
from app.routes.ingest import device_key

log = logging.getLogger("ifarm.ratelimit")
RETRY_AFTER_SECONDS = 5.0  # after a failure, requests pass unchecked this long before Redis is tried again
# Every bucket carries the same Redis Cluster hash tag, since one script call touches several buckets
# (an account's and an address's); on a cluster they live on one shard.
KEY_PREFIX = "{ifarm:rl}"

# KEYS[i]: a bucket (a hash: tokens, at = Redis time in ms); ARGV[2i-1]: its size, ARGV[2i]: its refill
# in tokens per second. Takes one token from every bucket, or none when one holds less than one.
# Returns {i, ms}: i = the bucket that refused (0: allowed), ms = until it holds a token again.
BUCKET_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local levels, refused, wait = {}, 0, 0
for i, key in ipairs(KEYS) do
  local size, rate = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i]) / 1000
  local stored = redis.call('HMGET', key, 'tokens', 'at')
  local level = size
  if stored[1] then
    level = math.min(size, tonumber(stored[1]) + math.max(0, now - tonumber(stored[2])) * rate)
  end
  levels[i] = level
  if level < 1 and (1 - level) / rate > wait then
    refused, wait = i, (1 - level) / rate
  end
end
if refused == 0 then
  for i, key in ipairs(KEYS) do
    local size, rate = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i]) / 1000
    redis.call('HSET', key, 'tokens', tostring(levels[i] - 1), 'at', tostring(now))
    -- full again by then, which is what a missing bucket means: let it go
    redis.call('PEXPIRE', key, math.ceil((size - levels[i] + 1) / rate))
  end
end
return {refused, math.ceil(wait)}
"""


# ---------------------------------------------------------------- which requests, whose bucket


def _route(request: Request) -> str:
    return request.route.path if request.route else ""


def _password_sign_in(request: Request) -> bool:
    return (request.method == "POST" and _route(request) == "auth/v1/token"
            and request.args.get("grant_type") == "password")


def _sign_up(request: Request) -> bool:
    return request.method == "POST" and _route(request) == "auth/v1/signup"


def _recover(request: Request) -> bool:
    return request.method == "POST" and _route(request) == "auth/v1/recover"


def _verify(request: Request) -> bool:
    return request.method in ("GET", "POST") and _route(request) == "auth/v1/verify"


def _webhook(request: Request) -> bool:
    return _route(request).startswith("webhooks/")


def _ingest(request: Request) -> bool:
    return _route(request) == "ingest/v1/readings"


def _data_api(request: Request) -> bool:
    """The routes that read and write tenants' data; not CORS preflights, not service_role (servers)."""
    return (_route(request).startswith(("api/v1/", "rest/v1/", "rpc/")) and request.method != "OPTIONS"
            and request.ctx.claims.get("role") != "service_role")


def _address(request: Request) -> str:
    """The client address; an IPv6 client by its /64, which one subscriber gets whole."""
    try:
        ip = ipaddress.ip_address(request.ctx.client_ip)
    except ValueError:  # not an IP address (a UNIX socket): as it is
        return request.ctx.client_ip
    return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)


def _email(request: Request) -> str | None:
    try:
        body = orjson.loads(request.body or b"null")
    except orjson.JSONDecodeError:
        return None
    email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) or not email.strip():
        return None
    return email.strip().lower()


def _device(request: Request) -> str | None:
    try:
        return device_key(request)
    except ApiError:  # no key or a malformed one: the handler refuses it, the address bucket counts it
        return None


def _caller_in_tenant(request: Request) -> str:
    """The tenant the path names (if any) and the signed-in user, else the address."""
    tenant = request.match_info.get("tenant_id")
    sub = request.ctx.claims.get("sub")
    return f"{tenant or '-'}:{f'user:{sub}' if sub else f'addr:{_address(request)}'}"


@dataclass(frozen=True)
class Rule:
    name: str  # RATE_LIMIT_<NAME> (app/config.py) says how much
    applies: Callable[[Request], bool]
    bucket: Callable[[Request], str | None]  # whose bucket; None: this request is not counted


RULES: tuple[Rule, ...] = (
    Rule("signin_email", _password_sign_in, _email),
    Rule("signin_address", _password_sign_in, _address),
    Rule("signup_email", _sign_up, _email),
    Rule("signup_address", _sign_up, _address),
    Rule("recover_email", _recover, _email),
    Rule("recover_address", _recover, _address),
    Rule("verify_address", _verify, _address),
    Rule("webhook_address", _webhook, _address),
    Rule("ingest_device", _ingest, _device),
    Rule("ingest_address", _ingest, _address),
    Rule("tenant", _data_api, _caller_in_tenant),
)


# ---------------------------------------------------------------- the client address


def trusted_networks(spec: str) -> tuple | None:
    """TRUSTED_PROXIES as networks; None means any peer ("*")."""
    if spec.strip() == "*":
        return None
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip())
    except ValueError as exc:
        raise ConfigError(f"TRUSTED_PROXIES: {exc}") from exc


def client_address(request: Request, proxies_count: int, trusted: tuple | None) -> str:
    """The peer, or the address X-Forwarded-For gives (PROXIES_COUNT entries from its end) when the peer is
    a trusted proxy and the entry is an address."""
    peer = request.ip
    if not proxies_count:
        return peer
    try:
        peer_ip = ipaddress.ip_address(peer)
        if trusted is not None and not any(peer_ip in net for net in trusted):
            return peer
        return str(ipaddress.ip_address(request.remote_addr.strip("[]")))
    except ValueError:
        return peer


# ---------------------------------------------------------------- the limiter


class RateLimiter:
    def __init__(self, redis, limits: dict, timeout: float, secret: str) -> None:
        self.redis = redis
        self.rules = tuple((rule, limits[rule.name]) for rule in RULES if limits.get(rule.name))
        self.timeout = timeout
        self._script = redis.register_script(BUCKET_SCRIPT) if redis is not None and self.rules else None
        self._salt = hashlib.sha256(secret.encode()).digest()  # bucket keys hold no email or address
        self._down_until = 0.0
        self._error: str | None = None

    async def load(self) -> None:
        """SCRIPT LOAD once at start (EVALSHA reloads it by itself after a Redis restart)."""
        if self._script is not None:
            try:
                await asyncio.wait_for(self.redis.script_load(BUCKET_SCRIPT), 1.0)
            except (RedisError, OSError) as exc:
                self._failed(exc)

    def _key(self, name: str, who: str) -> str:
        return f"{KEY_PREFIX}:{name}:{hashlib.blake2b(who.encode(), digest_size=12, key=self._salt).hexdigest()}"

    def _failed(self, exc: BaseException) -> None:
        if time.monotonic() >= self._down_until:
            log.warning("rate limiting unavailable; requests pass unchecked",
                        extra={"fields": {"error": f"{type(exc).__name__}: {exc}"[:300]}})
        self._error = f"{type(exc).__name__}: {exc}"[:300]
        self._down_until = time.monotonic() + RETRY_AFTER_SECONDS

    async def check(self, request: Request) -> None:
        """Takes this request's tokens, or raises 429 (ApiError) when a bucket is empty."""
        if self._script is None:
            return
        counted = [(rule, limit, who) for rule, limit in self.rules
                   if rule.applies(request) and (who := rule.bucket(request)) is not None]
        if not counted:
            return
        if time.monotonic() < self._down_until:
            metrics.RATE_LIMIT_UNCHECKED.inc()
            return
        keys = [self._key(rule.name, who) for rule, _, who in counted]
        args = [value for _, (size, rate), _ in counted for value in (size, repr(rate))]
        try:
            refused, wait_ms = await asyncio.wait_for(self._script(keys=keys, args=args), self.timeout)
        except (RedisError, OSError) as exc:  # TimeoutError is an OSError
            metrics.RATE_LIMIT_UNCHECKED.inc()
            self._failed(exc)
            return
        self._error = None
        if refused:
            rule, limit, _ = counted[int(refused) - 1]
            metrics.RATE_LIMITED.labels(rule.name).inc()
            raise too_many_requests(rule.name, limit, int(wait_ms), request.path)

    def health(self, redis_ok: bool) -> dict:
        """/health's rate_limits: ok, degraded (requests pass unchecked), off or not_configured."""
        if not self.rules:
            return {"status": "off"}
        if self.redis is None:
            return {"status": "not_configured"}
        if time.monotonic() < self._down_until or not redis_ok:
            return {"status": "degraded", "limits": len(self.rules),
                    "error": self._error or "redis is unreachable; requests pass unchecked"}
        return {"status": "ok", "limits": len(self.rules)}


def too_many_requests(name: str, limit: tuple[int, float], wait_ms: int, path: str) -> ApiError:
    """429 in PostgREST's shape (plus GoTrue's error_code and msg on /auth/v1, which supabase clients read)."""
    size, rate = limit
    seconds = max(1, math.ceil(wait_ms / 1000))
    message = f"Too many requests; try again in {seconds} s"
    extra = {"error_code": "over_request_rate_limit", "msg": message} if path.startswith("/auth/v1/") else None
    return ApiError(429, "PT429", message, details=f"rate limit {name}: {size} per {size / rate:g} s",
                    hint="over_request_rate_limit", headers={"Retry-After": str(seconds)}, extra=extra)
