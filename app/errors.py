"""Errors in PostgREST's shape and with PostgREST's status mapping (its mapSQLtoHTTP).

Every error body is {"code", "message", "details", "hint"}; a function raises `PTxyz` to choose the
HTTP status xyz itself (e.g. PT402 for a plan limit, PT409 for a domain conflict).
"""

from __future__ import annotations

import orjson

# Where this differs from PostgREST's current table (its docs' "HTTP Status Codes", serverErrorStatus):
# 57014 query_canceled (a statement timeout) is 504, not 500, so a client can tell a slow request from a
# bug; 57P02 (a crash of another backend ended the session) and 57P03 (the server is starting or stopping)
# are 503 like 57P01: the same outage, seen from a connection that was open. As in PostgREST: class 54
# (statement too complex, e.g. a runaway recursion) is 500 -- it was 413 until PostgREST's issue 3255 (a
# server fault, not a request too large) -- and 53400 configuration_limit_exceeded is 500 where the rest of
# class 53 (out of resources) is 503.
_EXACT = {
    "23503": 409, "23505": 409, "23502": 400, "23514": 400, "22P02": 400, "P0001": 400,
    "P0002": 404, "42883": 404, "42P01": 404, "25006": 405, "57P01": 503, "57P02": 503, "57P03": 503,
    "57014": 504, "40001": 409, "40P01": 409, "53400": 500,
}
_BY_CLASS = {"08": 503, "53": 503, "22": 400, "23": 400, "42": 400, "28": 403, "0L": 403, "0P": 403}


def http_status(sqlstate: str | None, anonymous: bool) -> int:
    """The HTTP status for a SQLSTATE, as PostgREST maps it."""
    if not sqlstate:
        return 500
    if sqlstate == "42501":
        return 401 if anonymous else 403
    if sqlstate.startswith("PT") and sqlstate[2:].isdigit():
        status = int(sqlstate[2:])
        return status if 100 <= status <= 599 else 500
    if sqlstate in _EXACT:
        return _EXACT[sqlstate]
    return _BY_CLASS.get(sqlstate[:2], 500)


class ApiError(Exception):
    """An error raised outside the database (bad HTTP shape, auth), rendered like a database one."""

    def __init__(self, status: int, code: str, message: str, details: str | None = None,
                 hint: str | None = None, headers: dict | None = None, extra: dict | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.hint = hint
        self.headers = headers or {}
        self.extra = extra or {}
        self.internal: str | None = None  # what a 5xx hides from the client, for the log

    def body(self) -> bytes:
        return orjson.dumps({"code": self.code, "message": self.message, "details": self.details,
                             "hint": self.hint, **self.extra})


def from_database(exc, anonymous: bool) -> ApiError:
    """A psycopg error as an ApiError, keeping the SQLSTATE as the code."""
    diag = exc.diag
    sqlstate = diag.sqlstate or getattr(exc, "sqlstate", None)
    status = http_status(sqlstate, anonymous)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    cause = diag.message_primary or str(exc).strip()
    hidden = status >= 500 and status not in (503, 504)
    error = ApiError(status, sqlstate or "XX000", "internal database error" if hidden else cause,
                     diag.message_detail, diag.message_hint, headers)
    error.internal = f"{type(exc).__name__}: {cause}" if hidden else None
    return error
