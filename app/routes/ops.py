"""Operational endpoints: /health, /metrics, /openapi.json and /docs."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import orjson
import swagger_ui
from sanic import Blueprint, Request
from sanic.response import HTTPResponse, file, html

from app import metrics
from app.embedded import port_open
from app.errors import ApiError
from app.routes.table import ROUTES

bp = Blueprint("ops")


async def _check(coro, timeout: float = 2.0) -> dict:
    start = time.perf_counter()
    try:
        await asyncio.wait_for(coro, timeout)
        return {"status": "ok", "latency_ms": round((time.perf_counter() - start) * 1000, 2)}
    except Exception as exc:  # noqa: BLE001 - any failure means the dependency is down
        return {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:300]}


async def _kafka_reachable(bootstrap: str) -> None:
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    if not await asyncio.to_thread(port_open, host or "127.0.0.1", int(port), 1.0):
        raise ConnectionError(f"{bootstrap} refuses connections")


@bp.get("/health")
async def health(request: Request) -> HTTPResponse:
    """ok when every dependency answers; degraded when Redis or Kafka does not (the API still serves,
    events wait in the outbox, requests pass the rate limits unchecked) or the backup database is not
    streaming; down, with 503, only when PostgreSQL does not."""
    ctx = request.app.ctx
    checks = {"postgres": await _check(ctx.db.ping())}
    if ctx.redis is not None:
        checks["redis"] = await _check(ctx.redis.ping())
    else:
        checks["redis"] = {"status": "not_configured"}
    checks["rate_limits"] = ctx.ratelimit.health(checks["redis"]["status"] == "ok")
    if ctx.config.kafka_bootstrap_servers:
        checks["kafka"] = await _check(_kafka_reachable(ctx.config.kafka_bootstrap_servers))
    else:
        checks["kafka"] = {"status": "not_configured"}
    if checks["postgres"]["status"] == "ok":
        try:
            checks["outbox"] = await ctx.db.outbox_backlog()
        except Exception as exc:  # noqa: BLE001
            checks["outbox"] = {"status": "unknown", "error": str(exc)[:200]}
    if ctx.monitor is not None:  # the backup database: the sides as this worker last probed them
        checks["replication"] = ctx.monitor.summary()
    if checks["postgres"]["status"] != "ok":
        status, code = "down", 503
    elif any(c.get("status") in ("down", "degraded") for c in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return HTTPResponse(orjson.dumps({"status": status, "checks": checks}), status=code,
                        content_type="application/json")


@bp.get("/metrics")
async def metrics_endpoint(request: Request) -> HTTPResponse:
    extra = []
    try:
        backlog = await request.app.ctx.db.outbox_backlog()
        extra = ["# HELP ifarm_outbox_pending_events Events waiting in the outbox",
                 "# TYPE ifarm_outbox_pending_events gauge",
                 f"ifarm_outbox_pending_events {backlog['pending']}",
                 "# HELP ifarm_outbox_oldest_age_seconds Age of the oldest unpublished event",
                 "# TYPE ifarm_outbox_oldest_age_seconds gauge",
                 f"ifarm_outbox_oldest_age_seconds {float(backlog['oldest_age_seconds']):.3f}"]
        consumers = await request.app.ctx.db.consumer_state()
        extra += ["# HELP ifarm_consumer_lag Messages not yet consumed, per group and partition (as last measured)",
                  "# TYPE ifarm_consumer_lag gauge"]
        extra += [f'ifarm_consumer_lag{{group="{x["group"]}",topic="{x["topic"]}",partition="{x["partition"]}"}} '
                  f'{x["lag"]}' for x in consumers["lag"]]
        extra += ["# HELP ifarm_dead_letters Events the consumers gave up on, waiting for a replay",
                  "# TYPE ifarm_dead_letters gauge", f"ifarm_dead_letters {consumers['dead_letters']}"]
    except Exception:  # noqa: BLE001 - metrics must render even when the database is down
        pass
    if request.app.ctx.monitor is not None:
        extra += replication_metrics(request.app.ctx.monitor.summary(), request.app.ctx.monitor.promotions)
    metrics.record_pool(request.app.ctx.db.pool.get_stats())
    return HTTPResponse(metrics.render(extra), content_type="text/plain; version=0.0.4; charset=utf-8")


def replication_metrics(summary: dict, promotions: int) -> list[str]:
    """The pair as this worker sees it (app/replication.py Monitor.summary)."""
    lines = ["# HELP ifarm_replication_epoch Epoch of the database this worker writes to",
             "# TYPE ifarm_replication_epoch gauge", f"ifarm_replication_epoch {summary['epoch'] or 0}",
             "# HELP ifarm_replication_active 1 for the side this worker writes to",
             "# TYPE ifarm_replication_active gauge"]
    lines += [f'ifarm_replication_active{{side="{side}"}} {int(side == summary["active"])}'
              for side in summary["sides"]]
    lines += ["# HELP ifarm_replication_reachable 1 when the side answered the last probe",
              "# TYPE ifarm_replication_reachable gauge"]
    lines += [f'ifarm_replication_reachable{{side="{side}"}} {int(s["reachable"])}'
              for side, s in summary["sides"].items()]
    lines += ["# HELP ifarm_replication_streaming 1 when the standby's subscription is streaming from the active side",
              "# TYPE ifarm_replication_streaming gauge", f"ifarm_replication_streaming {int(summary['streaming'])}",
              "# HELP ifarm_replication_promotions_total Standbys this worker promoted",
              "# TYPE ifarm_replication_promotions_total counter", f"ifarm_replication_promotions_total {promotions}"]
    if summary["lag_bytes"] is not None:
        lines += ["# HELP ifarm_replication_lag_bytes WAL the standby has not confirmed",
                  "# TYPE ifarm_replication_lag_bytes gauge", f"ifarm_replication_lag_bytes {summary['lag_bytes']}"]
    if summary["lag_seconds"] is not None:
        lines += ["# HELP ifarm_replication_lag_seconds Replay lag of the standby",
                  "# TYPE ifarm_replication_lag_seconds gauge",
                  f"ifarm_replication_lag_seconds {float(summary['lag_seconds']):.6f}"]
    return lines


_PARAM = re.compile(r"<(\w+):(\w+)>")
# JSON Schema for each SQL argument type (format_type names), with the range an integer's type holds.
_SCHEMA = {"uuid": {"type": "string", "format": "uuid"}, "text": {"type": "string"},
           "integer": {"type": "integer", "format": "int32", "minimum": -2**31, "maximum": 2**31 - 1},
           "smallint": {"type": "integer", "minimum": -2**15, "maximum": 2**15 - 1},
           "bigint": {"type": "integer", "format": "int64", "minimum": -2**63, "maximum": 2**63 - 1},
           "boolean": {"type": "boolean"}, "numeric": {"type": "number"}, "double precision": {"type": "number"},
           "jsonb": {"description": "any JSON value"}, "json": {"description": "any JSON value"},
           "date": {"type": "string", "format": "date"},
           "timestamp with time zone": {"type": "string", "format": "date-time"}}
_ERROR_STATUSES = {"4XX": "The request was refused (PostgREST's mapping of the SQLSTATE in code)",
                   "503": "The database is unavailable or the pool exhausted: retry shortly",
                   "504": "The statement timed out (the caller's role's statement_timeout)"}
ERROR_SCHEMA = {"type": "object", "required": ["code", "message", "details", "hint"], "properties": {
    "code": {"type": "string", "description": "the SQLSTATE, PTxyz, or PGRSTnnn"}, "message": {"type": "string"},
    "details": {"type": "string", "nullable": True}, "hint": {"type": "string", "nullable": True}}}
# A paginated route's answer (app/routes/api.py page_response), and the {count, results} its function returns.
PAGE_SCHEMA = {"type": "object", "required": ["count", "next", "previous", "results"], "properties": {
    "count": {"type": "integer", "minimum": 0}, "next": {"type": "string", "nullable": True},
    "previous": {"type": "string", "nullable": True}, "results": {"type": "array", "items": {"type": "object"}}}}
ROWS_SCHEMA = {"type": "object", "required": ["count", "results"], "properties": {
    "count": {"type": "integer", "minimum": 0}, "results": {"type": "array", "items": {"type": "object"}}}}


def _schema(sql_type: str, name: str = "", text_checks: dict | None = None) -> dict:
    if sql_type.endswith("[]"):
        return {"type": "array", "items": _schema(sql_type[:-2])}
    schema = dict(_SCHEMA.get(sql_type, {"type": "string", "description": sql_type}))
    if sql_type == "text" and text_checks:
        schema.update(text_checks.get(name, {}))
    return schema


def _body(params: list[tuple[str, str]], required: set[str], text_checks: dict) -> dict:
    """A function's arguments as a JSON object: typed, the ones without a default required, no others."""
    schema: dict = {"type": "object", "additionalProperties": False,
                    "properties": {n: _schema(t, n, text_checks) for n, t in params}}
    if required:
        schema["required"] = sorted(required)
    return schema


def _responses(status: int, schema: dict | None, page: bool = False) -> dict:
    """The success answer (its schema where known) and the errors, all in PostgREST's shape."""
    ok: dict = {"description": "OK", "content": {"application/json": {"schema": schema} if schema else {}}}
    if page:
        ok["headers"] = {"Content-Range": {"required": True, "schema": {"type": "string"},
                                           "description": "first-last/total, as PostgREST sends it"}}
    errors = {code: {"description": text, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}} for code, text in _ERROR_STATUSES.items()}
    return {str(status): ok, **errors}


_READING = {"type": "object", "additionalProperties": False, "required": ["metric", "value", "unit", "measured_at"],
            "properties": {"metric": {"type": "string"}, "value": {"type": "number"}, "unit": {"type": "string"},
                           "measured_at": {"type": "string", "format": "date-time"},
                           "animal_id": {"type": "string", "format": "uuid"}}}


def _ingest_operation() -> dict:
    """POST /ingest/v1/readings (app/routes/ingest.py): not in the route table, since a device key, not a JWT,
    authorizes it."""
    return {"post": {
        "operationId": "ingest_readings", "tags": ["devices"], "security": [{"device_key": []}],
        "summary": "Store a batch of device readings (JSON array or CSV with a header row), all or nothing.",
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"type": "array", "maxItems": 20000, "items": _READING}},
            "text/csv": {"schema": {"type": "string", "example": "metric,value,unit,measured_at\n"
                                                                 "temperature,24.5,degC,2026-06-17T09:30:00Z\n"}}}},
        "responses": _responses(200, {"type": "object"})}}


def _route_operation(route, sig, text_checks: dict) -> dict:
    """One row of the route table: path arguments typed from the function, the others as the query (GET,
    DELETE) or the JSON body."""
    in_path = {n for n, _ in _PARAM.findall(route.path)}
    params = [{"name": n, "in": "path", "required": True, "schema": _schema(t, n, text_checks)}
              for n, t in sig.params if n in in_path]
    rest = [(n, t) for n, t in sig.params if n not in in_path]
    schema = {"$ref": "#/components/schemas/Page"} if route.paginated else None
    op: dict = {"operationId": route.function, "summary": sig.summary or route.function, "tags": [route.tag],
                "responses": _responses(route.status, schema, page=route.paginated)}
    if route.method in ("GET", "DELETE"):
        if route.paginated:  # page/page_size are the API's own spelling of limit/offset (app/routes/api.py)
            rest += [("page", "integer"), ("page_size", "integer")]
        params += [{"name": n, "in": "query", "required": n in sig.required, "schema": _schema(t, n, text_checks)}
                   for n, t in rest]
    elif rest:
        required = sig.required - in_path
        op["requestBody"] = {"required": bool(required), "content": {
            "application/json": {"schema": _body(rest, required, text_checks)}}}
    if params:
        op["parameters"] = params
    return op


def openapi_document(signatures: dict, text_checks: dict | None = None) -> dict:
    """OpenAPI 3 from the route table and the api functions' signatures and COMMENTs (summaries), with what
    the tables' CHECK constraints say of text arguments: values, length, not blank (app/db.py _TEXT_CHECKS)."""
    text_checks = text_checks or {}
    paths: dict = {}
    paginated = {route.function for route in ROUTES if route.paginated}
    for route in ROUTES:
        sig = signatures.get(route.function)
        if sig is not None:
            paths.setdefault(_PARAM.sub(r"{\1}", route.path), {})[route.method.lower()] = \
                _route_operation(route, sig, text_checks)
    paths["/ingest/v1/readings"] = _ingest_operation()
    for name, sig in sorted(signatures.items()):
        op: dict = {"operationId": f"rpc_{name}", "summary": sig.summary or name, "tags": ["rpc"],
                    "responses": _responses(200, ROWS_SCHEMA if name in paginated else None)}
        if sig.params:
            op["requestBody"] = {"required": bool(sig.required), "content": {
                "application/json": {"schema": _body(list(sig.params), set(sig.required), text_checks)}}}
        paths[f"/rpc/{name}"] = {"post": op}
    return {
        "openapi": "3.0.3",
        "info": {"title": "iFarm API", "version": "1", "description": "Multi-tenant livestock farm management."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                                "device_key": {"type": "apiKey", "in": "header", "name": "X-Device-Key",
                                               "description": "or Authorization: Device <key>"}},
            "schemas": {"Error": ERROR_SCHEMA, "Page": PAGE_SCHEMA}},
        "security": [{"bearer": []}, {}],
    }


@bp.get("/openapi.json")
async def openapi(request: Request) -> HTTPResponse:
    db = request.app.ctx.db
    return HTTPResponse(orjson.dumps(openapi_document(db.signatures, db.text_checks)), content_type="application/json")


# /docs serves Swagger UI from the swagger-ui-py wheel (its static files only), never from a CDN: the
# page works on an offline farm network and trusts no third party with the docs' origin.
SWAGGER_STATIC = Path(swagger_ui.__file__).resolve().parent / "static"
DOCS_ASSETS = {"swagger-ui.css": SWAGGER_STATIC, "swagger-ui-bundle.js": SWAGGER_STATIC,
               "favicon-32x32.png": SWAGGER_STATIC, "docs.js": Path(__file__).resolve().parent.parent / "static"}
DOCS = """<!doctype html><html><head><meta charset="utf-8"><title>iFarm API</title>
<link rel="icon" href="/docs/static/favicon-32x32.png"><link rel="stylesheet" href="/docs/static/swagger-ui.css">
</head><body><div id="ui"></div><script src="/docs/static/swagger-ui-bundle.js"></script>
<script src="/docs/static/docs.js"></script></body></html>"""
# The docs page may run scripts and load styles and images from this origin only (Swagger UI sets
# inline styles); every other response may load nothing at all (see app/server.py).
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


@bp.get("/docs")
async def docs(request: Request) -> HTTPResponse:
    return html(DOCS, headers={"content-security-policy": DOCS_CSP})


@bp.get("/docs/static/<name:str>")
async def docs_asset(request: Request, name: str) -> HTTPResponse:
    folder = DOCS_ASSETS.get(name)
    if folder is None:
        raise ApiError(404, "PGRST125", "no such route", details=f"GET {request.path}")
    return await file(folder / name, headers={"cache-control": "public, max-age=86400"})
