"""The Sanic application factory: configuration in, app out; connections opened in listeners."""

from __future__ import annotations

import asyncio
import gzip
import logging
import secrets
import sys
import time
from functools import partial

import orjson
import redis.asyncio as aioredis
from sanic import Request, Sanic
from sanic.exceptions import SanicException
from sanic.http import Http
from sanic.response import HTTPResponse
from sanic.server.protocols.http_protocol import HttpProtocol

from app import metrics
from app.auth import TokenIssuer, TokenVerifier
from app.cache import Cache
from app.config import Config
from app.db import Database
from app.errors import ApiError
from app.ratelimit import RateLimiter, client_address, trusted_networks
from app.routes.table import CACHED_ENDPOINTS
from app.storage.backends import make_backend
from app.storage.errors import StorageError
from app.usage import ApiCallCounter

log = logging.getLogger("ifarm.api")
GZIP_MIN_BYTES = 200
# On every response: no MIME sniffing, no framing, no referrer; and unless a route sets its own (/docs),
# a Content-Security-Policy that lets a response loaded as a page run or load nothing.
SECURITY_HEADERS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "no-referrer"}
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": round(record.created, 3), "level": record.levelname.lower(), "logger": record.name,
                 "msg": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry).decode()


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("sanic.access", "kafka"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _error_response(exc: ApiError) -> HTTPResponse:
    return HTTPResponse(exc.body(), status=exc.status, content_type="application/json", headers=exc.headers)


def create_app(config: Config | None = None, name: str = "ifarm") -> Sanic:
    config = config or Config()
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = config.max_body_bytes
    app.config.FALLBACK_ERROR_FORMAT = "json"
    # Behind nginx, the client address (for rate limits and the audit log) comes from X-Forwarded-For,
    # believed only from a peer in TRUSTED_PROXIES (app/ratelimit.py client_address).
    app.config.PROXIES_COUNT = config.proxies_count
    trusted_proxies = trusted_networks(config.trusted_proxies)
    app.config.OAS = False
    app.config.CORS_ORIGINS = config.cors_origins
    app.config.CORS_ALLOW_HEADERS = ("authorization,content-type,apikey,prefer,x-request-id,x-client-info,"
                                     "accept-profile,content-profile,range,range-unit,x-supabase-api-version,"
                                     "x-retry-count")
    app.config.CORS_EXPOSE_HEADERS = ("content-range,x-request-id,location,preference-applied,content-profile,"
                                      "x-supabase-api-version,retry-after")  # a browser reads a 429's wait
    app.ctx.config = config
    app.ctx.db = None
    app.ctx.redis = None
    app.ctx.ratelimit = RateLimiter(None, {}, config.rate_limit_timeout, "")
    secret = config.secret() if (config.jwt_secret or not config.jwks_url) else None
    app.ctx.verifier = TokenVerifier(secret, config.jwks_url, config.jwt_aud)
    app.ctx.issuer = TokenIssuer(secret, config.jwt_expiry) if secret else None

    from sanic_ext import Extend

    Extend(app, config={"cors": True, "oas": False, "health": False, "templating": False,
                        "injection": False, "logging": False})

    from app.routes import api, auth, ingest, ops, rest, unsubscribe, webhooks
    from app.storage import routes as storage

    app.blueprint(ops.bp)
    app.blueprint(auth.bp)
    app.blueprint(api.bp)
    app.blueprint(rest.bp)
    app.blueprint(webhooks.bp)
    app.blueprint(storage.bp)
    app.ctx.storage = make_backend(config)
    app.ctx.storage_secret = config.secret()
    app.blueprint(unsubscribe.bp)
    app.blueprint(ingest.bp)
    _add_head_and_options(app)
    app.ctx.api_calls = ApiCallCounter()

    app.ctx.monitor = None

    @app.before_server_start
    async def open_connections(app: Sanic) -> None:
        configure_logging(config.log_level)
        dsn = config.api_dsn()
        if config.backup_database_url:
            # Every worker follows the active database of the pair, and may promote the backup.
            from app.replication import FailoverSettings, Monitor, Router

            dsns = {"primary": config.api_dsn(), "backup": config.backup_api_dsn()}
            monitor = Monitor(Router(dsns), dsns, FailoverSettings.from_config(config), as_service_role=True)
            await monitor.tick()  # start on the active database
            app.ctx.monitor = monitor
            dsn = monitor.router.dsn
        db = Database(dsn, config.db_pool_min, config.db_pool_max, config.db_pool_timeout)
        await db.open()
        app.ctx.db = db
        if app.ctx.monitor is not None:
            app.ctx.monitor.on_switch = db.repoint
            app.add_task(app.ctx.monitor.run(lambda: False), name="replication-monitor")
        if config.redis_url:
            app.ctx.redis = aioredis.from_url(config.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
        app.ctx.cache = Cache(app.ctx.redis, CACHED_ENDPOINTS)
        app.ctx.ratelimit = RateLimiter(app.ctx.redis, config.rate_limits, config.rate_limit_timeout, config.secret())
        await app.ctx.ratelimit.load()
        if app.ctx.redis is None and any(config.rate_limits.values()):
            log.warning("REDIS_URL is not set: rate limits are not enforced")
        for result in ("hit", "miss", "error"):
            metrics.CACHE.labels(result)  # export the series at 0 before the first lookup
        app.add_task(_pool_metrics(app), name="pool-metrics")
        app.add_task(_schema_reloads(app, config.api_dsn()), name="schema-reloads")
        app.add_task(app.ctx.api_calls.run(db), name="api-call-counts")

    app.before_server_stop(finish_tasks)

    @app.before_server_stop
    async def flush_counts(app: Sanic) -> None:
        if app.ctx.db is not None:
            await app.ctx.api_calls.flush(app.ctx.db)

    @app.after_server_stop
    async def close_connections(app: Sanic) -> None:
        if app.ctx.redis is not None:
            await app.ctx.redis.aclose()
        if app.ctx.db is not None:
            await app.ctx.db.close()
        await app.ctx.storage.close()

    @app.on_request
    async def authenticate(request: Request) -> None:
        request.ctx.start = time.perf_counter()
        rid = request.headers.get("x-request-id", "")
        request.ctx.request_id = rid if 0 < len(rid) <= 200 and rid.isprintable() else secrets.token_hex(16)
        request.ctx.claims = {"role": "anon"}
        request.ctx.client_ip = client_address(request, config.proxies_count, trusted_proxies)
        # Signatures (webhooks), device keys (ingest, app/routes/ingest.py), signed tokens (unsubscribe) and
        # Supabase Storage's own rules (/storage/v1, app/storage/routes.py) instead of the JWT check here.
        if request.path.startswith(("/health", "/metrics", "/openapi.json", "/docs", "/webhooks/", "/storage/v1/",
                                    "/unsubscribe", "/ingest/")):
            return
        apikey = request.headers.get("apikey") or request.args.get("apikey")
        request.ctx.claims = await app.ctx.verifier.claims(request.headers.get("authorization"), apikey)

    @app.on_request
    async def rate_limit(request: Request) -> None:
        """After authentication (the tenant limit counts per user); 429 before any handler runs."""
        await app.ctx.ratelimit.check(request)

    @app.on_response
    async def finish(request: Request, response: HTTPResponse) -> None:
        response.headers["x-request-id"] = getattr(request.ctx, "request_id", "")
        response.headers.update(SECURITY_HEADERS)
        response.headers.setdefault("content-security-policy", API_CSP)
        body = response.body
        if (body and len(body) > GZIP_MIN_BYTES and "gzip" in request.headers.get("accept-encoding", "")
                and "content-encoding" not in response.headers):
            response.body = gzip.compress(body, compresslevel=5)
            response.headers["content-encoding"] = "gzip"
            response.headers["vary"] = "Accept-Encoding"
            response.headers["content-length"] = str(len(response.body))
        start = getattr(request.ctx, "start", None)
        if start is None:
            return
        elapsed = time.perf_counter() - start
        tenant_id = request.match_info.get("tenant_id") if request.route else None
        if tenant_id is not None and response.status < 400:
            app.ctx.api_calls.count(str(tenant_id))
        route = request.route.path if request.route else "unmatched"
        metrics.REQUESTS.labels(request.method, route, str(response.status)).inc()
        metrics.LATENCY.labels(request.method, route).observe(elapsed)
        fields = {"request_id": request.ctx.request_id, "method": request.method, "path": request.path,
                  "status": response.status, "ms": round(elapsed * 1000, 2),
                  "user": request.ctx.claims.get("sub") if hasattr(request.ctx, "claims") else None}
        if elapsed * 1000 > config.slow_request_ms:
            log.warning("slow request", extra={"fields": fields})
        else:
            log.info("request", extra={"fields": fields})

    @app.exception(ApiError)
    async def api_error(request: Request, exc: ApiError) -> HTTPResponse:
        if exc.status >= 500 and exc.status not in (503, 504):
            log.error("server error", extra={"fields": {"request_id": getattr(request.ctx, "request_id", None),
                                                        "code": exc.code, "error": exc.internal or exc.message}})
        return _error_response(exc)

    @app.exception(SanicException)
    async def sanic_error(request: Request, exc: SanicException) -> HTTPResponse:
        status = getattr(exc, "status_code", 500) or 500
        if status >= 500:
            log.error("server error", exc_info=exc,
                      extra={"fields": {"request_id": getattr(request.ctx, "request_id", None)}})
        if request.path.startswith("/storage/v1/"):  # Storage's error shape there (app/storage/errors.py)
            return StorageError(status, {404: "NotFound", 405: "MethodNotAllowed"}.get(status, "InvalidRequest"),
                                {404: "Route not found"}.get(status, str(exc) or exc.__class__.__name__)).response()
        codes = {404: "PGRST125", 405: "PGRST117", 413: "PGRST413", 400: "PGRST102"}
        message = {404: "no such route", 413: f"the body exceeds {config.max_body_bytes} bytes"}.get(
            status, str(exc) or exc.__class__.__name__)
        return _error_response(ApiError(status, codes.get(status, f"HTTP{status}"), message,
                                        details=f"{request.method} {request.path}"))

    @app.exception(Exception)
    async def unexpected(request: Request, exc: Exception) -> HTTPResponse:
        log.exception("unhandled error", extra={"fields": {"request_id": getattr(request.ctx, "request_id", None)}})
        return _error_response(ApiError(500, "XX000", "internal error",
                                        hint=f"request_id={getattr(request.ctx, 'request_id', '')}"))

    return app


TASKS_STOP_SECONDS = 5.0


async def finish_tasks(app: Sanic) -> None:
    """Cancels the app's background tasks and waits (at most TASKS_STOP_SECONDS) until they have ended,
    while the event loop still runs. Sanic 25.12 waits for them later, in `shutdown_tasks`, with its loop
    stopped: a task still finishing then (the replication monitor closing its connections to a dead
    server) can never end, and that wait spins forever, so the worker never exits."""
    pending = [task for task in app.tasks if not task.done() and task.get_name() != "RunServer"]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=TASKS_STOP_SECONDS)
    app.purge_tasks()


async def _schema_reloads(app: Sanic, dsn: str) -> None:
    """PostgREST's schema-cache reload: `NOTIFY pgrst, 'reload schema'` (or an empty payload) reloads
    the function signatures and /rest/v1's catalog in this worker; `ifarm migrate` sends it. After a
    lost connection the cache is reloaded anyway, since notifications may have been missed."""
    import psycopg

    delay = 0.5
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(dsn, autocommit=True,
                                                             application_name="ifarm-api-listen") as conn:
                await conn.execute("listen pgrst")
                if delay > 0.5:
                    await app.ctx.db.reload()
                delay = 0.5
                async for note in conn.notifies():
                    if note.payload in ("", "reload schema"):
                        await app.ctx.db.reload()
                        log.info("schema cache reloaded", extra={"fields": {"channel": note.channel}})
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the database went away: retry, then reload what may have changed
            log.warning("schema reload listener lost its connection", extra={"fields": {"error": str(exc)}})
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)


async def _pool_metrics(app: Sanic) -> None:
    while True:
        if app.ctx.db is not None:
            metrics.record_pool(app.ctx.db.pool.get_stats())
        await asyncio.sleep(5)


async def _head(request: Request, *args, get_handler, **kwargs) -> HTTPResponse:
    return await get_handler(request, *args, **kwargs)  # Sanic sends the headers without the body


async def _options(request: Request, *args, methods: str, **kwargs) -> HTTPResponse:
    return HTTPResponse(status=204, headers={"allow": methods})  # sanic-ext's CORS adds the preflight headers


def _add_head_and_options(app: Sanic) -> None:
    """HEAD beside every GET and OPTIONS (a CORS preflight) on every path, as sanic-ext's HTTP_AUTO_HEAD and
    HTTP_AUTO_OPTIONS would add them -- but here, before the server starts. sanic-ext adds them in a
    before_server_start listener, where every route added re-finalizes Sanic's routers: 4-8 s of each
    worker's start for the ~170 routes, against a few milliseconds now; it leaves paths that have them alone."""
    for group in list(app.router.groups.values()):
        methods = set(group.methods)
        common = {"strict_slashes": group.strict, "unquote": group.unquote, "error_format": "json"}
        for route in group:
            if "GET" in route.methods and "HEAD" not in methods:
                app.add_route(partial(_head, get_handler=route.handler), group.uri, methods=["HEAD"],
                              name=f"{route.name}_head", **common)
        if "OPTIONS" not in methods:
            allow = ",".join(sorted(methods | {"HEAD"} if "GET" in methods else methods) + ["OPTIONS"])
            app.add_route(partial(_options, methods=allow), group.uri, methods=["OPTIONS"],
                          name=f"{next(iter(group)).name}_options", **common)


class _Http(Http):
    __slots__ = ()

    async def http1(self) -> None:
        try:
            await super().http1()
        finally:
            if getattr(self, "request_body", None):  # the connection ends with a body not read to its end
                self.protocol.linger = True


class LingeringHttpProtocol(HttpProtocol):
    """Sanic's HTTP/1.1 protocol with nginx's "lingering close". When the API answers without reading a
    request's whole body -- 413 for a body over MAX_BODY_BYTES, 401 for an upload with a bad key -- Sanic
    closes the connection with the rest of the body unread, and the kernel then sends a reset: a client
    still sending the body (nginx, which sends it all before reading) never reads the answer, and nginx
    answered 502. Here the connection is shut for writing after the answer instead, and what the client
    still sends is read and dropped until it closes its side, for at most LINGER_SECONDS.
    (tests/api/test_request_path.py test_a_body_refused_unread_still_gets_its_answer)"""

    __slots__ = ("linger", "_lingering")
    HTTP_CLASS = _Http
    LINGER_SECONDS = 5.0  # nginx's lingering_timeout

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.linger = False
        self._lingering: asyncio.TimerHandle | None = None

    def close(self, timeout: float | None = None) -> None:
        transport = self.transport
        if not self.linger or transport is None or transport.is_closing() or not transport.can_write_eof():
            return super().close(timeout)
        self.linger = False  # a second close (the timer, a server shutdown) closes at once
        if self._callback_check_timeouts:
            self._callback_check_timeouts.cancel()
        self.recv_buffer.clear()
        transport.write_eof()  # once the answer is sent
        transport.resume_reading()
        self._lingering = self.loop.call_later(self.LINGER_SECONDS, super().close)
        return None

    def data_received(self, data: bytes) -> None:
        if self._lingering is None:
            super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._lingering is not None:
            self._lingering.cancel()
        super().connection_lost(exc)


def serve_workers(app: Sanic, loader) -> None:
    """Sanic.serve with a worker manager that a stop signal ends cleanly at any moment. Upstream (25.12):
    - a SIGTERM or SIGINT before every worker has acknowledged makes the manager's wait loop re-send the
      shutdown message to itself forever (sanic issue 2997);
    - its signal handler stops the workers itself, through the multiprocessing manager's connection that
      the main thread may be in the middle of using (it polls the workers' states on it): a reply read by
      the wrong caller fails the handler, some workers are never told to stop, and they outlive the main
      process;
    - a signal before the manager exists kills the main process, orphaning multiprocessing's manager.
    Here the handler only records the request and wakes the monitor loop; the main thread then stops the
    workers, and an early SIGTERM exits through serve()'s own clean-up."""
    import signal

    import sanic.mixins.startup
    from sanic.worker.manager import WorkerManager

    class StopSafeWorkerManager(WorkerManager):
        stop_requested = False

        def shutdown_signal(self, signum, frame) -> None:
            if self.stop_requested:  # a second signal: upstream's "kill now"
                super().shutdown_signal(signum, frame)
                return
            self.stop_requested = True
            self.monitor_publisher.send(None)  # ends the wait for acknowledgements, then the monitor loop

        def _all_workers_ack(self) -> bool:
            return self.stop_requested or super()._all_workers_ack()

        def monitor(self) -> None:
            super().monitor()
            if self.stop_requested and not self._shutting_down:
                self.shutdown()  # terminate every worker, from the main thread

    def exit_early(signum: int, frame) -> None:  # replaced by the manager's own handler once it exists
        raise SystemExit(128 + signum)

    sanic.mixins.startup.WorkerManager = StopSafeWorkerManager
    signal.signal(signal.SIGTERM, exit_early)
    Sanic.serve(primary=app, app_loader=loader)
