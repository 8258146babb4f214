"""Supabase Storage's error shape: {"statusCode": "404", "code", "error", "message"} with HTTP 400 for
every error but a 500 (supabase/storage src/internal/errors: StorageBackendError.userStatusCode), and
the mapping of database errors Storage applies (src/storage/database/errors.ts)."""

from __future__ import annotations

import orjson
import psycopg
from sanic.response import HTTPResponse


class StorageError(Exception):
    def __init__(self, status: int, code: str, message: str, error: str | None = None):
        super().__init__(message)
        self.status = status  # Storage's own status, reported in the body
        self.code = code
        self.message = message
        self.error = error or code

    @property
    def http_status(self) -> int:
        return 500 if self.status >= 500 else 400

    def response(self) -> HTTPResponse:
        body = {"statusCode": str(self.status), "code": self.code, "error": self.error, "message": self.message}
        return HTTPResponse(orjson.dumps(body), status=self.http_status, content_type="application/json")


def no_such_bucket() -> StorageError:
    return StorageError(404, "NoSuchBucket", "Bucket not found", "Bucket not found")


def no_such_key() -> StorageError:
    return StorageError(404, "NoSuchKey", "Object not found", "not_found")


def invalid_key(key: str) -> StorageError:
    return StorageError(400, "InvalidKey", f"Invalid key: {key}")


def invalid_bucket_name(bucket: str) -> StorageError:
    return StorageError(400, "InvalidBucketName", "Bucket name invalid", "Invalid Input")


def invalid_request(message: str) -> StorageError:
    return StorageError(400, "InvalidRequest", message)


def access_denied(message: str) -> StorageError:
    return StorageError(403, "AccessDenied", message or "Access denied", "Unauthorized")


def invalid_mime_type(mime_type: str) -> StorageError:
    return StorageError(415, "InvalidMimeType", f"mime type {mime_type} is not supported", "invalid_mime_type")


def entity_too_large() -> StorageError:
    return StorageError(413, "EntityTooLarge", "The object exceeded the maximum allowed size", "Payload too large")


def already_exists() -> StorageError:
    return StorageError(409, "KeyAlreadyExists", "The resource already exists", "Duplicate")


def invalid_jwt(message: str) -> StorageError:
    return StorageError(400, "InvalidJWT", message or "Invalid JWT")


def invalid_signature(message: str = "Invalid signature") -> StorageError:
    return StorageError(400, "InvalidSignature", message)


def expired_token() -> StorageError:
    return StorageError(400, "ExpiredToken", "The provided token has expired.")


def internal(message: str = "Internal Server Error") -> StorageError:
    return StorageError(500, "InternalError", message, "Internal")


def from_database(exc: psycopg.Error) -> StorageError:
    """A database error as Storage reports it."""
    if isinstance(exc, psycopg.OperationalError) and exc.diag.sqlstate is None:
        return StorageError(503, "DatabaseError", "database unavailable")
    state = exc.diag.sqlstate or ""
    message = exc.diag.message_primary or str(exc)
    hint = exc.diag.message_hint or ""
    if state == "42501":
        return access_denied("new row violates row-level security policy" if "row-level security" in message
                             else message)
    if state == "23505":
        return already_exists()
    if state == "PT404":
        return no_such_bucket() if hint == "bucket_not_found" else no_such_key()
    if state == "PT415":
        return StorageError(415, "InvalidMimeType", message, "invalid_mime_type")
    if state.startswith("PT") and state[2:].isdigit():
        return StorageError(int(state[2:]), "InvalidRequest", message)
    if state == "57014":
        return StorageError(544, "DatabaseTimeout", "Query timeout")
    if state[:2] in ("22", "23"):
        return invalid_request(message)
    return StorageError(500, "DatabaseError", f"database error, code: {state or 'unknown'}")
