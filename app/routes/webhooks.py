"""POST /webhooks/payments: the payment provider reports payment_succeeded / payment_failed.

The request is authenticated by its signature, not a JWT: header `X-Signature: t=<unix seconds>,
v1=<hex HMAC-SHA256 of "<t>.<raw body>" under PAYMENT_WEBHOOK_SECRET>` (several v1 values are
accepted, for rotating the secret). A bad or missing signature, or a timestamp outside the tolerance,
is refused before any SQL runs; the event itself is validated and recorded once, by id, in SQL.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime

import orjson
from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app.errors import ApiError

bp = Blueprint("webhooks")


def digest(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The X-Signature header value a provider sends (used by the tests)."""
    return f"t={timestamp},v1={digest(secret, timestamp, body)}"


def verify(header: str, body: bytes, secret: str, tolerance: int, now: float) -> int:
    """Returns the signed timestamp, or raises 401."""
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        parts.setdefault(key, []).append(value)
    try:
        timestamp = int(parts["t"][0])
    except (KeyError, ValueError) as exc:
        raise ApiError(401, "PGRST301", "the webhook signature is missing or malformed",
                       hint="webhook_bad_signature") from exc
    expected = digest(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, given) for given in parts.get("v1", [])):
        raise ApiError(401, "PGRST301", "the webhook signature does not match", hint="webhook_bad_signature")
    if abs(now - timestamp) > tolerance:
        raise ApiError(401, "PGRST301", "the webhook timestamp is outside the tolerance",
                       details=f"tolerance={tolerance}s", hint="webhook_stale_timestamp")
    return timestamp


@bp.post("/webhooks/payments")
async def payment_webhook(request: Request) -> HTTPResponse:
    config = request.app.ctx.config
    signed_at = verify(request.headers.get("x-signature", ""), request.body or b"", config.webhook_secret(),
                       config.webhook_tolerance, time.time())
    try:
        event = orjson.loads(request.body)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, "PGRST102", "Empty or invalid json", details=str(exc)) from exc
    text = await request.app.ctx.db.call_internal(
        "select private.record_payment_event(%s, %s::jsonb, %s)::text",
        (config.payment_provider, orjson.dumps(event).decode(), datetime.fromtimestamp(signed_at, UTC)))
    return HTTPResponse(text, status=200, content_type="application/json")
