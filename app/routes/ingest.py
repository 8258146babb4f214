"""POST /ingest/v1/readings: a device sends a batch of readings with its key.

The key comes in a header -- `Authorization: Device <key>` or `X-Device-Key: <key>` -- never in the URL
(URLs land in logs); a key in the query string is refused. It is not a JWT and reaches nothing else:
the JWT middleware skips this path, and the database role the call runs as (device_ingest) may execute
private.ingest_readings and nothing more. Python checks only the HTTP shape (the key's format, the media
type, the size) and passes the SHA-256 of the key and the body, unparsed, to that one SQL function, which
finds the device, validates every reading and stores the batch (db/functions/131_device_ingest.sql).
"""

from __future__ import annotations

import hashlib
import re

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app.errors import ApiError

bp = Blueprint("ingest")
KEY_SHAPE = re.compile(r"ifd_[0-9a-f]{8}_[0-9a-f]{64}")
FORMATS = {"application/json": "json", "text/csv": "csv"}
KEY_PARAMETERS = ("key", "api_key", "apikey", "private_key", "device_key", "token")


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, "PT401", message, hint="device_key_invalid: send Authorization: Device <key>",
                    headers={"WWW-Authenticate": "Device"})


def device_key(request: Request) -> str:
    """The device key from the headers, in its issued shape, or 401 (a key in the URL is 400)."""
    if any(name in request.args for name in KEY_PARAMETERS):
        raise ApiError(400, "PGRST100", "never send a device key in the URL",
                       hint="device_key_in_url: send Authorization: Device <key> or X-Device-Key, and rotate this key")
    authorization = request.headers.get("authorization")
    if authorization:
        scheme, _, key = authorization.partition(" ")
        if scheme.lower() != "device":
            raise _unauthorized("Authorization must be 'Device <key>' on the ingest endpoint")
    else:
        key = request.headers.get("x-device-key", "")
    key = key.strip()
    if not KEY_SHAPE.fullmatch(key):
        raise _unauthorized("the device key is missing or malformed")
    return key


async def read_body(request: Request, limit: int) -> str:
    """The body as text, read in chunks up to `limit` bytes (413 beyond it)."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise ApiError(413, "PGRST413", f"the body exceeds {limit} bytes", hint="batch_too_large: split the batch")
    body = bytearray()
    while True:
        chunk = await request.stream.read()
        if chunk is None:
            break
        body += chunk
        if len(body) > limit:
            raise ApiError(413, "PGRST413", f"the body exceeds {limit} bytes", hint="batch_too_large: split the batch")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "PGRST102", "the body is not UTF-8", details=str(exc)) from exc
    if "\x00" in text:
        raise ApiError(400, "PGRST102", "the body contains a NUL character")
    return text


@bp.post("/ingest/v1/readings", stream=True)
async def ingest_readings(request: Request) -> HTTPResponse:
    """Store a batch of readings (a JSON array or CSV with a header row), all or nothing."""
    key = device_key(request)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = FORMATS.get(media)
    if fmt is None:
        raise ApiError(415, "PT415", "send application/json or text/csv", details=f"content-type={media or '(none)'}",
                       hint="unsupported_media_type")
    body = await read_body(request, request.app.ctx.config.ingest_max_body_bytes)
    headers = {"x-request-id": request.ctx.request_id, "x-forwarded-for": request.ctx.client_ip}
    text = await request.app.ctx.db.ingest(hashlib.sha256(key.encode()).digest(), body, fmt, headers)
    return HTTPResponse(text, status=200, content_type="application/json")
