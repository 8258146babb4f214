"""The generic handlers: one for every row of the route table, and POST/GET /rpc/{function}."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import orjson
from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app.cache import key_suffix
from app.db import Caller
from app.errors import ApiError
from app.routes.table import ROUTES, Route
from app.storage.media import add_signed_urls

bp = Blueprint("api")
FUNCTION_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
JSON = "application/json"


def json_body(request: Request) -> dict:
    if not request.body:
        return {}
    try:
        body = orjson.loads(request.body)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, "PGRST102", "Empty or invalid json", details=str(exc)) from exc
    if not isinstance(body, dict):
        raise ApiError(400, "PGRST102", "the body must be a JSON object", details=f"got {type(body).__name__}")
    return body


def query_args(request: Request) -> dict:
    return {k: v[-1] for k, v in request.args.items()}


def paging(args: dict) -> dict:
    """page/page_size (or limit/offset) as limit and offset; page_size at most 100."""
    if "page" in args or "page_size" in args:
        try:
            page = int(args.pop("page", 1))
            size = int(args.pop("page_size", 20))
        except ValueError as exc:
            raise ApiError(400, "22P02", "page and page_size must be integers") from exc
        if page < 1:
            raise ApiError(400, "22023", "page must be 1 or more")
        args["limit"] = size
        args["offset"] = (page - 1) * size
    return args


def caller_for(request: Request) -> Caller:
    """request.headers as PostgREST sets them, less credentials; the request id and the client address
    are the API's own (a client cannot forge them: the audit log records them)."""
    headers = {k.lower(): v for k, v in request.headers.items()
               if k.lower() not in ("authorization", "cookie", "apikey")}
    headers["x-request-id"] = request.ctx.request_id
    headers["x-forwarded-for"] = request.ctx.client_ip
    return Caller(role=request.ctx.claims["role"], claims=request.ctx.claims, method=request.method,
                  path=request.path, headers=headers)


def page_response(request: Request, text: str, status: int) -> HTTPResponse:
    """Adds next/previous links and Content-Range to a {count, results} page from SQL."""
    page = orjson.loads(text)
    count, results = page["count"], page["results"]
    limit = int(request.ctx.args.get("limit", 20))
    offset = int(request.ctx.args.get("offset", 0))
    base = request.url.split("?")[0]
    params = {k: v for k, v in query_args(request).items() if k not in ("page", "page_size", "limit", "offset")}

    def link(new_offset: int) -> str:
        return f"{base}?{urlencode({**params, 'limit': limit, 'offset': new_offset})}"

    body = {"count": count,
            "next": link(offset + limit) if offset + limit < count else None,
            "previous": link(max(offset - limit, 0)) if offset > 0 else None,
            "results": results}
    end = offset + len(results) - 1
    content_range = f"{offset}-{end}/{count}" if results else f"*/{count}"
    return HTTPResponse(orjson.dumps(body), status=status, content_type=JSON,
                        headers={"Content-Range": content_range})


def make_handler(route: Route):
    async def handler(request: Request, **path_params) -> HTTPResponse:
        if route.method in ("GET", "DELETE"):
            args = query_args(request)
        else:
            args = json_body(request)
        clash = sorted(set(args) & set(path_params))
        if clash:
            raise ApiError(400, "PGRST204", f"{', '.join(clash)} is given by the path", hint="remove it from the body")
        if route.cached:
            return await cached_call(request, route, args, str(path_params["tenant_id"]), path_params)
        args.update({k: str(v) for k, v in path_params.items()})
        if route.paginated:
            args = paging(args)
        request.ctx.args = args
        text = await request.app.ctx.db.call(route.function, args, caller_for(request), read_only=route.read_only)
        if route.signs_media:
            text = await add_signed_urls(request.app, text)
        if not route.read_only and "tenant_id" in path_params:
            await request.app.ctx.cache.bump(str(path_params["tenant_id"]), route.invalidates)  # read-your-writes
        if route.paginated:
            return page_response(request, text, route.status)
        return HTTPResponse(text, status=route.status, content_type=JSON)

    handler.__name__ = f"{route.method.lower()}_{route.function}"
    return handler


async def cached_call(request: Request, route: Route, args: dict, tenant_id: str, path_params: dict) -> HTTPResponse:
    """A read served from the tenant's current cache version, else from PostgreSQL and then kept."""
    cache = request.app.ctx.cache
    claims = request.ctx.claims
    suffix = key_suffix(route.function, claims.get("sub") or claims["role"], args)
    version, entry = await cache.get(tenant_id, route.function, suffix)
    if entry is not None:
        return HTTPResponse(entry, status=route.status, content_type=JSON, headers={"x-cache": "hit"})
    args.update({k: str(v) for k, v in path_params.items()})
    text = await request.app.ctx.db.call(route.function, args, caller_for(request), read_only=True)
    if version is not None:
        await cache.put(tenant_id, version, suffix, text)
    return HTTPResponse(text, status=route.status, content_type=JSON, headers={"x-cache": "miss"})


_names: set[str] = set()
for _route in ROUTES:
    _name = f"{_route.method}_{_route.function}"
    _name = _name if _name not in _names else f"{_name}_{len(_names)}"  # one function may serve several paths
    _names.add(_name)
    bp.add_route(make_handler(_route), _route.path, methods=[_route.method], name=_name, error_format="json")


@bp.route("/rpc/<function:str>", methods=["GET", "POST"], name="rpc")
async def rpc(request: Request, function: str) -> HTTPResponse:
    """Any function in schema api, by name, with named arguments (PostgREST's /rpc)."""
    if not FUNCTION_NAME.match(function):
        raise ApiError(404, "PGRST202", f"Could not find the function api.{function}")
    args = query_args(request) if request.method == "GET" else json_body(request)
    # As PostgREST: a STABLE or IMMUTABLE function runs read-only, whatever the method; it changes
    # nothing, so it leaves the tenant's cached answers alone.
    writes = request.method == "POST" and (await request.app.ctx.db.signature(function)).volatile
    text = await request.app.ctx.db.call(function, args, caller_for(request), read_only=not writes)
    if writes and isinstance(args.get("tenant_id"), str):
        await request.app.ctx.cache.bump(args["tenant_id"])  # read-your-writes
    return HTTPResponse(text, status=200, content_type=JSON)
