"""`/rest/v1`: the tables and views of schema `public` in PostgREST's grammar, and `/rest/v1/rpc/{fn}`
over schema `api`, for the Supabase clients (supabase-py, supabase-js) pointed at iFarm.

The HTTP side only: profiles, media types, Prefer, Range, status codes and headers as PostgREST gives
them (its Response.hs). The query is composed in app/rest/query.py and runs in one transaction as the
caller's role with the same settings as every other route (app/db.py), so RLS, grants and triggers
decide everything; GET and HEAD run read-only. A write's outbox events carry `source: rest`, and the
dashboard_cache consumer invalidates the cached dashboards they can change, as for any Supabase
client's write.
"""

from __future__ import annotations

from urllib.parse import quote

import orjson
from sanic import Blueprint, Request
from sanic.response import HTTPResponse, empty

from app.errors import ApiError
from app.rest import query as q
from app.rest.grammar import (
    Condition,
    Media,
    Prefer,
    applied,
    negotiate,
    parse_prefer,
    parse_query,
    parse_range,
)
from app.routes.api import FUNCTION_NAME, caller_for, json_body

bp = Blueprint("rest", url_prefix="/rest/v1")
TABLE_SCHEMA = "public"
# The profiles a client may name: tables come from `public`; /rpc reaches schema `api` (where iFarm's
# functions live) under either, so `.rpc()` works with the clients' default profile.
PROFILES = ("public", "api")
METHODS = ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"]


def _profile(request: Request) -> str:
    header = "accept-profile" if request.method in ("GET", "HEAD") else "content-profile"
    value = request.headers.get(header)
    if value is None:
        return TABLE_SCHEMA
    if value not in PROFILES:
        raise ApiError(406, "PGRST106", f"Invalid schema: {value}",
                       hint="Only the following schemas are exposed: " + ", ".join(PROFILES))
    return value


def _body(request: Request) -> object:
    ctype = (request.headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise ApiError(400, "PGRST102", f"Content-Type not acceptable: {ctype}",
                       hint="send the body as application/json")
    try:
        return orjson.loads(request.body or b"")
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, "PGRST102", "Empty or invalid json", details=str(exc)) from exc


def _intersect(header: tuple[int, int | None] | None, offset: int | None, limit: int | None) -> tuple[int, int | None]:
    """The top-level range: the Range header intersected with offset/limit (PostgREST's rangeIntersection)."""
    lower = max(header[0] if header else 0, offset or 0)
    uppers = [u for u in ((header[0] + header[1] - 1) if header and header[1] is not None else None,
                          ((offset or 0) + limit - 1) if limit is not None else None) if u is not None]
    return lower, (max(0, min(uppers) - lower + 1) if uppers else None)


def content_range(lower: int, upper: int, total: int | None) -> str:
    """PostgREST's contentRangeH: `0-19/5734`, `0-19/*`, `*/0`."""
    shown = f"{lower}-{upper}" if total != 0 and lower <= upper else "*"
    return f"{shown}/{'*' if total is None else total}"


def _single_error(rows: int) -> ApiError:
    return ApiError(406, "PGRST116", "Cannot coerce the result to a single JSON object",
                    details=f"The result contains {rows} rows")


def _headers(media: Media | None, schema: str, prefer: Prefer | None, method: str, has_key: bool) -> dict:
    headers = {"Content-Profile": schema}
    if media is not None:
        headers["Content-Type"] = media.content_type
    pref = applied(prefer, method, has_key) if prefer else None
    if pref:
        headers["Preference-Applied"] = pref
    return headers


@bp.route("/<name:str>", methods=METHODS, name="table")
async def table_route(request: Request, name: str) -> HTTPResponse:
    schema = _profile(request)
    db = request.app.ctx.db
    table = await db.table(schema, name)
    query, _ = parse_query(request.get_query_args(keep_blank_values=True))
    prefer = parse_prefer(request.headers.getall("prefer", []))
    media = negotiate(request.headers.get("accept"))
    caller = caller_for(request)
    method = request.method
    if method in ("GET", "HEAD"):
        return await _read(request, table, query, prefer, media, caller, schema)
    if method == "DELETE" and not query.root_filters():
        raise ApiError(400, "21000", "DELETE requires a WHERE clause")
    if method == "PATCH" and not query.root_filters():
        raise ApiError(400, "21000", "UPDATE requires a WHERE clause")
    data = None if method == "DELETE" else q.payload(table, _body(request), query.columns, method != "POST",
                                                     query.value)
    if method == "PUT":
        _check_put(table, query, data)
    shape = (method, schema, table.name, query.shape(), _prefer_shape(prefer), media, data and data.columns)

    def compose() -> q.Statement:
        planner = q.Planner(db.catalog, table, query)
        if method == "POST":
            return q.insert(planner, data, prefer, media, query.on_conflict)
        if method == "PUT":
            return q.insert(planner, data, prefer, media, None, put=True)
        if method == "PATCH":
            return q.update(planner, data, prefer, media)
        return q.delete(planner, prefer, media)

    statement = db.rest_statement(shape, compose)
    return await _write(request, table, statement, query.params(), prefer, media, caller, schema)


def _prefer_shape(prefer: Prefer) -> tuple:
    """What of Prefer changes the SQL text."""
    return prefer.representation, prefer.count, prefer.resolution, prefer.missing


async def _read(request: Request, table, query, prefer: Prefer, media: Media, caller, schema: str) -> HTTPResponse:
    config = request.app.ctx.config
    db = request.app.ctx.db
    given_offset, given_limit = query.offsets.get(()), query.limits.get(())
    lower, limit = _intersect(parse_range(request.headers.get("range")), given_offset and given_offset.v,
                              given_limit and given_limit.v)
    # The top level: offset, and at most REST_MAX_ROWS rows (PostgREST's db-max-rows).
    query.offsets[()] = query.value(lower)
    query.limits[()] = query.value(config.rest_max_rows if limit is None else min(limit, config.rest_max_rows))
    head = request.method == "HEAD"
    shape = ("GET", schema, table.name, query.shape(), prefer.count, media, head)
    statement = db.rest_statement(shape, lambda: q.read(
        q.Planner(db.catalog, table, query, max_rows=config.rest_max_rows), prefer, media, head))
    rows = await db.rest(caller, statement, query.params(), read_only=True)
    total, page, body = rows[-1]
    if statement.explain is not None:
        planned = int(rows[0][0][0]["Plan"]["Plan Rows"])
        if prefer.count == "planned" or (total is not None and total > config.rest_max_rows):
            total = planned
    if total is not None and lower > total:
        raise ApiError(416, "PGRST103", "Requested range not satisfiable",
                       details=f"An offset of {lower} was requested, but there are only {total} rows.",
                       headers={"Content-Range": f"*/{total}"})
    if media.kind == "object" and page != 1:
        raise _single_error(page)
    status = 206 if total is not None and page < total else 200
    headers = _headers(media, schema, prefer, "GET", False)
    headers["Content-Range"] = content_range(lower, lower + page - 1, total)
    return HTTPResponse(None if head else body, status=status, headers=headers)


def _check_put(table, query, data: q.Payload) -> None:
    """PUT is a single-row upsert named by its whole primary key: `pk=eq.value` filters only, no
    limit or offset, and the body carries the same key values (PostgREST's rules)."""
    if query.limits.get(()) is not None or query.offsets.get(()):
        raise ApiError(400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT")
    filters = query.root_filters()
    by_column = {f.field.name: f for f in filters if isinstance(f, Condition)}
    if (not table.primary_key or len(filters) != len(table.primary_key) or set(by_column) != set(table.primary_key)
            or any(f.op != "eq" or f.negate or f.quantifier or f.field.path for f in by_column.values())):
        raise ApiError(405, "PGRST105", "Filters must include all and only primary key columns with 'eq' operators")
    row = data.rows[0]
    if any(str(row.get(c)) != by_column[c].value.v for c in table.primary_key):
        raise ApiError(400, "PGRST115", "Payload values do not match URL in primary key column(s)")


async def _write(request: Request, table, statement: q.Statement, params: list, prefer: Prefer,
                 media: Media, caller, schema: str) -> HTTPResponse:
    method = request.method

    def decide(rows: list) -> None:
        page = rows[0][0]
        if media.kind == "object" and prefer.representation == "representation" and page != 1:
            raise _single_error(page)
        if (prefer.handling == "strict" and prefer.max_affected is not None and method in ("PATCH", "DELETE")
                and page > prefer.max_affected):
            raise ApiError(400, "PGRST124", "Query result exceeds max-affected preference constraint",
                           details=f"The query affects {page} rows")

    rows = await request.app.ctx.db.rest(caller, statement, params, read_only=False, decide=decide)
    page, body, location, inserted = rows[0]
    representation = prefer.representation == "representation"
    has_key = bool(table.primary_key) or bool(request.args.get("on_conflict"))
    headers = _headers(media if representation else None, schema, prefer, method, has_key)
    counted = page if prefer.count else None
    if method == "POST":
        headers["Content-Range"] = content_range(1, 0, counted)
        if location:
            keys = orjson.loads(location)
            headers["Location"] = f"/{table.name}?" + "&".join(
                f"{quote(k)}={'is.null' if v is None else 'eq.' + quote(str(v), safe='')}" for k, v in keys.items())
        status = 200 if prefer.resolution == "merge-duplicates" and inserted is not None and inserted <= 0 else 201
    elif method == "PUT":
        status = 201 if inserted and inserted > 0 else 200
    elif method == "PATCH":
        headers["Content-Range"] = content_range(0, page - 1, counted)
        status = 200
    else:
        headers["Content-Range"] = content_range(1, 0, counted)
        status = 200
    if not representation:
        return empty(status=204 if method in ("PATCH", "DELETE", "PUT") else status, headers=headers)
    return HTTPResponse(body, status=status, headers=headers)


@bp.route("/rpc/<function:str>", methods=["GET", "HEAD", "POST"], name="rpc")
async def rpc(request: Request, function: str) -> HTTPResponse:
    """A function of schema `api` by name (PostgREST's /rpc): POST takes the arguments as a JSON object,
    GET and HEAD in the query string; GET, HEAD and a POST to a stable function run read-only."""
    schema = _profile(request)
    if not FUNCTION_NAME.match(function):
        raise ApiError(404, "PGRST202", f"Could not find the function api.{function} in the schema cache")
    db = request.app.ctx.db
    sig = await db.signature(function)
    if request.method == "POST":
        args = json_body(request)
    else:
        args = dict(parse_query(request.get_query_args(keep_blank_values=True), rpc=True)[1])
    read_only = request.method != "POST" or not sig.volatile
    text = await db.call(function, args, caller_for(request), read_only=read_only)
    if not read_only and isinstance(args.get("tenant_id"), str):
        await request.app.ctx.cache.bump(args["tenant_id"])  # read-your-writes, as POST /rpc
    if sig.returns_void:
        return empty(status=204, headers={"Content-Profile": schema})
    headers = {"Content-Profile": schema, "Content-Type": "application/json; charset=utf-8",
               "Content-Range": "0-0/*"}
    return HTTPResponse(None if request.method == "HEAD" else text, status=200, headers=headers)
