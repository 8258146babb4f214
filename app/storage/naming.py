"""Object names, signed-URL tokens and content types: the small rules /storage/v1 checks in Python.

Names follow Supabase Storage's rules (src/storage/limits.ts: S3-safe characters only), plus what a
filesystem backend needs: no empty, `.` or `..` segment, no leading or trailing slash. A signed URL's
token is the JWT Supabase Storage signs: {"url": "<bucket>/<name>", "scope": "download", "iat", "exp"},
HS256 with the project's JWT secret. Content types are read from the bytes by puremagic, never taken
from the request.
"""

from __future__ import annotations

import re
import time

import jwt
import puremagic

from app.storage import errors

VALID_OBJECT_KEY = re.compile(r"^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$")
VALID_BUCKET_NAME = re.compile(r"^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$")
MAX_KEY_LENGTH = 1024
SNIFF_BYTES = 4096  # enough for every signature puremagic matches for the accepted types
SCOPE_DOWNLOAD = "download"
# puremagic names some types differently from the IANA names buckets list.
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": "application/pdf"}


def valid_bucket(bucket: str) -> str:
    if not bucket or len(bucket) > 100 or not VALID_BUCKET_NAME.match(bucket):
        raise errors.invalid_bucket_name(bucket)
    return bucket


def valid_key(key: str) -> str:
    """An object name safe for every backend, or InvalidKey."""
    if (not key or len(key) > MAX_KEY_LENGTH or not VALID_OBJECT_KEY.match(key) or key.startswith("/")
            or key.endswith("/") or any(part in ("", ".", "..") for part in key.split("/"))):
        raise errors.invalid_key(key)
    return key


def sniff(head: bytes) -> str:
    """The content type the bytes say they are ("application/octet-stream" when unknown)."""
    if not head:
        return "application/x-empty"
    try:
        found = puremagic.from_string(head, mime=True)
    except (puremagic.PureError, ValueError):
        return "application/octet-stream"
    return _ALIASES.get(found, found) or "application/octet-stream"


def type_allowed(content_type: str, allowed: list[str] | None) -> bool:
    """Storage's validateMimeType: exact types or `type/*` wildcards; no list means anything."""
    if not allowed:
        return True
    kind, _, sub = content_type.partition("/")
    return any(a == content_type or a == f"{kind}/*" for a in allowed) and bool(sub)


def sign(secret: str, bucket: str, name: str, expires_in: int, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    claims = {"url": f"{bucket}/{name}", "scope": SCOPE_DOWNLOAD, "iat": issued, "exp": issued + expires_in}
    return jwt.encode(claims, secret, algorithm="HS256")


def verify(secret: str, token: str, bucket: str, name: str) -> dict:
    """Storage's verifyObjectSignature: signature, then scope, then the object, then expiry."""
    try:
        payload = jwt.decode(token, secret, algorithms=["HS256"],
                             options={"verify_exp": False, "verify_aud": False, "require": ["exp", "url"]})
    except jwt.PyJWTError as exc:
        raise errors.invalid_jwt(str(exc)) from exc
    scope = payload.get("scope")
    if scope != SCOPE_DOWNLOAD and not (scope is None and "upsert" not in payload):
        raise errors.invalid_signature(f"Token is not scoped for {SCOPE_DOWNLOAD}")
    if payload.get("url") != f"{bucket}/{name}":
        raise errors.invalid_signature()
    if payload["exp"] < time.time():
        raise errors.expired_token()
    return payload


def expires_in(value) -> int:
    """expiresIn as the clients send it: a number (supabase-js) or a numeric string (supabase-py)."""
    if isinstance(value, str) and value.strip().isdigit():
        seconds = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    elif isinstance(value, float) and value.is_integer():
        seconds = int(value)
    else:
        seconds = 0
    if not 1 <= seconds <= 10 * 365 * 86400:
        raise errors.invalid_request("expiresIn must be a positive integer")
    return seconds
