"""iFarm's own /storage/v1: the paths, bodies and errors of Supabase Storage's API (what storage3 and
storage-js send), so the same clients work against a self-hosted iFarm.

Each operation is one SQL function of db/functions/121_storage_api.sql run as the caller, so the
policies on storage.objects decide (upload = INSERT, upsert = INSERT + SELECT + UPDATE, download,
info, list and sign = SELECT, remove = DELETE); Python checks the HTTP shape, streams bytes through
the backend (app/storage/backends.py) and signs or verifies signed-URL tokens.

Authentication as Supabase does it: `Authorization: Bearer <JWT>` (a user's access token or a key),
else the `apikey` header (or query parameter) when it is a JWT, else anon; a token that is not a JWT
(a new-format `sb_...` key) means anon too. A JWT that fails verification is refused (AccessDenied).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import jwt
import orjson
import psycopg
from psycopg.types.json import Jsonb
from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app.db import Caller
from app.errors import ApiError
from app.routes.api import caller_for
from app.storage import errors, naming
from app.storage.upload import drain, receive

bp = Blueprint("storage", url_prefix="/storage/v1")
JSON = "application/json"
SERVICE = Caller(role="service_role", claims={"role": "service_role"})
SORT_COLUMNS = ("name", "updated_at", "created_at", "last_accessed_at")


@bp.exception(errors.StorageError)
async def storage_error(request: Request, exc: errors.StorageError) -> HTTPResponse:
    return exc.response()


def _json(body, status: int = 200) -> HTTPResponse:
    return HTTPResponse(orjson.dumps(body), status=status, content_type=JSON)


def _is_jwt(token: str | None) -> bool:
    if not token or token.count(".") != 2:
        return False
    try:
        jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return False
    return True


async def caller(request: Request) -> Caller:
    """The caller as Supabase Storage sees it (see the module's docstring)."""
    scheme, _, bearer = (request.headers.get("authorization") or "").partition(" ")
    bearer = bearer.strip() if scheme.lower() == "bearer" else ""
    apikey = request.headers.get("apikey") or request.args.get("apikey")
    token = bearer if _is_jwt(bearer) else apikey if _is_jwt(apikey) else None
    claims = {"role": "anon"}
    if token:
        try:
            claims = await request.app.ctx.verifier.verify(token)
        except ApiError as exc:
            raise errors.access_denied(exc.message) from exc
    request.ctx.claims = claims
    return caller_for(request)


async def run(request: Request, statement: str, params: tuple, read_only: bool = False, as_service: bool = False):
    """One storage function as the caller (or, for verified signed URLs, the service role)."""
    who = SERVICE if as_service else await caller(request)
    try:
        async with request.app.ctx.db.as_caller(who, read_only) as conn:
            row = await (await conn.execute(statement, params)).fetchone()
    except psycopg.Error as exc:
        raise errors.from_database(exc) from exc
    return row[0]


def _body(request: Request) -> dict:
    try:
        body = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError as exc:
        raise errors.invalid_request("Body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise errors.invalid_request("Body must be a JSON object")
    return body


def _object(bucket: str, path: str) -> tuple[str, str]:
    return naming.valid_bucket(bucket), naming.valid_key(path)


async def _send(request: Request, bucket: str, name: str, obj: dict) -> HTTPResponse:
    """Streams an object's bytes with the headers Storage sends."""
    size, body = await request.app.ctx.storage.open(bucket, name)
    metadata = obj.get("metadata") or {}
    headers = {"cache-control": metadata.get("cacheControl") or "no-cache", "etag": metadata.get("eTag") or "",
               "last-modified": metadata.get("lastModified") or "", "x-content-type-options": "nosniff"}
    if size is not None:
        headers["content-length"] = str(size)
    download = request.args.get("download")
    if download is not None:
        filename = download or name.rsplit("/", 1)[-1]
        headers["content-disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response = await request.respond(status=200, headers=headers,
                                     content_type=metadata.get("mimetype") or "application/octet-stream")
    async for chunk in body:
        await response.send(chunk)
    await response.eof()
    return response


# ---------------------------------------------------------------- buckets


@bp.get("/bucket")
async def list_buckets(request: Request) -> HTTPResponse:
    return _json(await run(request, "select private.storage_list_buckets()", (), read_only=True))


@bp.get("/bucket/<bucket_id:str>")
async def get_bucket(request: Request, bucket_id: str) -> HTTPResponse:
    await caller(request)
    return _json(await run(request, "select private.storage_bucket(%s)", (naming.valid_bucket(bucket_id),),
                           read_only=True))


# ---------------------------------------------------------------- objects: upload


@bp.route("/object/<bucket:str>/<path:path>", methods=["POST", "PUT"], stream=True, name="upload")
async def upload(request: Request, bucket: str, path: str) -> HTTPResponse:
    """Upload (POST; `x-upsert: true` overwrites) or update (PUT, an upsert). As Storage does: try the
    row first (rolled back), then receive the bytes, then write the row and move the bytes in place
    in one transaction as the caller."""
    storage = request.app.ctx.storage
    try:
        bucket, name = _object(bucket, path)
        upsert = request.method == "PUT" or request.headers.get("x-upsert", "").lower() == "true"
        found = await run(request, "select private.storage_can_upload(%s, %s, %s)", (bucket, name, upsert))
        staged = storage.stage(found["file_size_limit"], found["allowed_mime_types"])
        try:
            fields = await receive(request, staged)
        except BaseException:
            staged.discard()
            raise
    except errors.StorageError:
        await drain(request)
        raise
    try:
        cache = f"max-age={fields['cacheControl']}" if (fields["cacheControl"] or "").isdigit() else "no-cache"
        metadata = {"eTag": staged.etag, "size": staged.size, "mimetype": staged.content_type,
                    "cacheControl": cache, "contentLength": staged.size, "httpStatusCode": 200,
                    "lastModified": datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")}
        user_metadata = _user_metadata(fields["metadata"])
        try:
            async with request.app.ctx.db.as_caller(caller_for(request)) as conn:
                row = await (await conn.execute("select private.storage_put_object(%s, %s, %s, %s, %s)",
                                                (bucket, name, upsert, Jsonb(metadata), user_metadata))).fetchone()
                await storage.commit(staged, bucket, name, cache)
        except psycopg.Error as exc:
            raise errors.from_database(exc) from exc
    finally:
        staged.discard()
    return _json({"Id": row[0]["id"], "Key": f"{bucket}/{name}"})


def _user_metadata(raw: str | None) -> Jsonb | None:
    if not raw:
        return None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None  # Storage ignores metadata it cannot parse
    return Jsonb(value) if isinstance(value, dict) else None


# ---------------------------------------------------------------- objects: read


@bp.get("/object/<bucket:str>/<path:path>", name="download")
async def download(request: Request, bucket: str, path: str) -> HTTPResponse:
    bucket, name = _object(bucket, path)
    obj = await run(request, "select private.storage_object(%s, %s)", (bucket, name), read_only=True)
    return await _send(request, bucket, name, obj)


@bp.get("/object/authenticated/<bucket:str>/<path:path>", name="download_authenticated")
async def download_authenticated(request: Request, bucket: str, path: str) -> HTTPResponse:
    bucket, name = _object(bucket, path)
    if (await caller(request)).anonymous:
        raise errors.access_denied("Access denied: JWT is not authenticated")
    obj = await run(request, "select private.storage_object(%s, %s)", (bucket, name), read_only=True)
    return await _send(request, bucket, name, obj)


@bp.get("/object/public/<bucket:str>/<path:path>", name="download_public")
async def download_public(request: Request, bucket: str, path: str) -> HTTPResponse:
    bucket, name = _object(bucket, path)
    obj = await run(request, "select private.storage_public_object(%s, %s)", (bucket, name), read_only=True)
    return await _send(request, bucket, name, obj)


@bp.get("/object/info/<bucket:str>/<path:path>", name="info")
async def info(request: Request, bucket: str, path: str) -> HTTPResponse:
    bucket, name = _object(bucket, path)
    obj = await run(request, "select private.storage_object(%s, %s)", (bucket, name), read_only=True)
    metadata = obj.get("metadata") or {}
    return _json({**obj, "size": metadata.get("size"), "content_type": metadata.get("mimetype"),
                  "cache_control": metadata.get("cacheControl"), "etag": metadata.get("eTag"),
                  "last_modified": obj.get("updated_at")})


# ---------------------------------------------------------------- signed URLs


@bp.post("/object/sign/<bucket:str>/<path:path>", name="sign")
async def sign(request: Request, bucket: str, path: str) -> HTTPResponse:
    bucket, name = _object(bucket, path)
    seconds = naming.expires_in(_body(request).get("expiresIn"))
    await run(request, "select private.storage_object(%s, %s)", (bucket, name), read_only=True)
    token = naming.sign(request.app.ctx.storage_secret, bucket, name, seconds)
    return _json({"signedURL": f"/object/sign/{bucket}/{quote(name)}?token={token}"})


@bp.post("/object/sign/<bucket:str>", name="sign_many")
async def sign_many(request: Request, bucket: str) -> HTTPResponse:
    bucket = naming.valid_bucket(bucket)
    body = _body(request)
    paths = body.get("paths")
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
        raise errors.invalid_request("paths must be a non-empty list of object names")
    seconds = naming.expires_in(body.get("expiresIn"))
    readable = set(await run(request, "select private.storage_readable_names(%s, %s)", (bucket, paths),
                             read_only=True))
    secret = request.app.ctx.storage_secret
    return _json([{"error": None, "path": p,
                   "signedURL": f"/object/sign/{bucket}/{quote(p)}?token={naming.sign(secret, bucket, p, seconds)}"}
                  if p in readable else
                  {"error": "Either the object does not exist or you do not have access to it", "path": p,
                   "signedURL": None} for p in paths])


@bp.get("/object/sign/<bucket:str>/<path:path>", name="download_signed")
async def download_signed(request: Request, bucket: str, path: str) -> HTTPResponse:
    bucket, name = _object(bucket, path)
    token = request.args.get("token")
    if not token:
        raise errors.StorageError(400, "MissingParameter", "Missing Required Parameter token")
    naming.verify(request.app.ctx.storage_secret, token, bucket, name)
    obj = await run(request, "select private.storage_signed_object(%s, %s)", (bucket, name), read_only=True,
                    as_service=True)
    return await _send(request, bucket, name, obj)


# ---------------------------------------------------------------- list and remove


@bp.post("/object/list/<bucket:str>", name="list")
async def list_objects(request: Request, bucket: str) -> HTTPResponse:
    bucket = naming.valid_bucket(bucket)
    body = _body(request)
    prefix, search = body.get("prefix"), body.get("search") or ""
    limit, offset = body.get("limit", 100), body.get("offset", 0)
    sort = body.get("sortBy") or {}
    if not isinstance(prefix, str) or not isinstance(search, str) or not isinstance(sort, dict):
        raise errors.invalid_request("body must have a string prefix (and search), sortBy an object")
    if type(limit) is not int or type(offset) is not int or limit < 1 or offset < 0:
        raise errors.invalid_request("limit must be an integer >= 1 and offset >= 0")
    column, order = sort.get("column", "name"), sort.get("order", "asc")
    if column not in SORT_COLUMNS or order not in ("asc", "desc"):
        raise errors.invalid_request(f"sortBy.column must be one of {', '.join(SORT_COLUMNS)}; order asc or desc")
    if prefix and not prefix.endswith("/"):
        prefix += "/"  # a prefix is a folder, as in Storage
    return _json(await run(request, "select private.storage_list(%s, %s, %s, %s, %s, %s, %s)",
                           (bucket, prefix, min(limit, 1000), offset, search, column, order), read_only=True))


@bp.delete("/object/<bucket:str>", name="remove")
async def remove(request: Request, bucket: str) -> HTTPResponse:
    """Deletes the rows the caller may delete (RLS), then their bytes; returns the deleted objects."""
    bucket = naming.valid_bucket(bucket)
    prefixes = _body(request).get("prefixes")
    if not isinstance(prefixes, list) or not 1 <= len(prefixes) <= 1000 or not all(
            isinstance(p, str) for p in prefixes):
        raise errors.invalid_request("prefixes must be a list of 1 to 1000 object names")
    removed = await run(request, "select private.storage_remove(%s, %s)", (bucket, prefixes))
    await request.app.ctx.storage.delete(bucket, [o["name"] for o in removed])
    return _json(removed)
