"""The PostgREST request contract (DESIGN section 4): one pooled connection, one transaction, one
round of transaction-local settings, one `api.*` function call whose jsonb comes back as text --
all sent to the server as one message.

The pool connects as `authenticator` and each request switches to `anon`, `authenticated` or
`service_role` with set_config('role', ..., true): the setting ends with the transaction, so a
connection never carries one request's role or claims into the next.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import select
import time
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

import orjson
import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool, PoolClosed, PoolTimeout

from app.errors import ApiError, from_database
from app.rest.catalog import Catalog, Table
from app.rest.catalog import load as load_catalog

API_ROLES = frozenset({"anon", "authenticated", "service_role"})
REST_CACHE_SIZE = 2048  # /rest/v1 request shapes kept composed (past it, the cache starts over)
# /rest/v1 queries one pooled connection keeps prepared (past it, the oldest is deallocated); the bench
# read's prepared statement holds about 130 KB of the server's memory.
REST_PREPARED_PER_CONNECTION = 50

# What PostgREST and Supabase Storage set for a request, plus `ifarm.source`: outbox events say which
# door a change came through ('api' for the function routes, which invalidate their own cache;
# 'rest' for /rest/v1, whose changes the dashboard_cache consumer invalidates as Supabase clients').
SETTING_NAMES = ("role", "request.jwt.claims", "request.jwt.claim.sub", "request.jwt.claim.role", "request.method",
                 "request.path", "request.headers", "statement_timeout", "ifarm.source")


def settings_sql() -> sql.Composed:
    """One `select set_config(...), ...` for every setting, with positional placeholders."""
    calls = [sql.SQL("set_config({}, %s, true)").format(sql.Literal(name)) for name in SETTING_NAMES]
    return sql.SQL("select ") + sql.SQL(", ").join(calls)


_SETTINGS = settings_sql()
_SERVICE_ROLE = sql.SQL("select set_config('role', 'service_role', true)")
# The ingest endpoint's role (V0018): it may execute private.ingest_readings and nothing else.
INGEST_ROLE = "device_ingest"
_INGEST_SETTINGS = sql.SQL(
    "select set_config('role', 'device_ingest', true), set_config('request.jwt.claims', %s, true),"
    " set_config('request.headers', %s, true), set_config('statement_timeout', %s, true)"
)
_INGEST_CLAIMS = orjson.dumps({"role": INGEST_ROLE}).decode()
_INGEST_CALL = sql.SQL("select private.ingest_readings(%s::bytea, %s::text, %s::text)::text")
_ANON_ROLE = sql.SQL("select set_config('role', 'anon', true)")
_BEGIN = {False: sql.SQL("begin"), True: sql.SQL("begin read only")}
_BEGIN_READ_ONLY = sql.SQL("set transaction read only")

_SIGNATURES = """
select p.proname,
       coalesce(p.proargnames[1:p.pronargs], '{}') as names,
       array(select format_type(t, null) from unnest(p.proargtypes) t) as types,
       p.pronargdefaults,
       p.provolatile,
       obj_description(p.oid, 'pg_proc') as summary,
       p.prorettype = 'void'::regtype as returns_void
from pg_proc p
where p.pronamespace = 'api'::regnamespace and p.prokind = 'f'
"""

# What /openapi.json says of a text argument, from the CHECK constraints of the public columns of its name:
# the values of CHECK (col IN (...)), a length(col) <= N, a length(btrim(col)) >= 1 (not blank). Each is
# used when every table that checks it agrees (a name that means different things in different tables,
# like status or kind, gets no enum).
_TEXT_CHECKS = r"""
with checks as (
    select c.conrelid, a.attname as col, pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'c' and cardinality(c.conkey) = 1 and c.connamespace = 'public'::regnamespace),
columns as (  -- what each table's checks say of its column
    select col,
           max(array(select m[1] from regexp_matches(def, '''([^'']*)''::text', 'g') m)::text)
             filter (where def ~ '^CHECK \(\(\w+ = ANY \(ARRAY\[[^]]*\]\)\)\)$') as vals,
           min((regexp_match(def, 'length\((?:btrim\()?\w+\)?\) <= (\d+)'))[1]::int) as max_length,
           bool_or(def ~ 'length\(btrim\(\w+\)\) >= 1') as not_blank
    from checks group by conrelid, col)
select col,
       case when count(distinct vals) = 1 then min(vals)::text[] end,
       case when count(distinct max_length) = 1 then min(max_length) end,
       coalesce(bool_and(not_blank) filter (where max_length is not null or not_blank), false)
from columns
group by col
having count(distinct vals) = 1 or count(distinct max_length) = 1 or bool_or(not_blank)
"""


def text_schema(values: list[str] | None, max_length: int | None, not_blank: bool) -> dict:
    """JSON Schema keywords for a text argument from what its column's checks say (_TEXT_CHECKS)."""
    if values:
        return {"enum": list(values)}
    schema: dict = {"maxLength": max_length} if max_length else {}
    if not_blank:  # btrim() trims spaces only
        schema.update(minLength=1, pattern="[^ ]")
    return schema


# Each API role's statement_timeout as PostgreSQL would apply it at login: a setting for the role in this
# database (ALTER ROLE ... IN DATABASE) before one for the role everywhere; other databases' are ignored.
_ROLE_TIMEOUTS = """
select distinct on (r.rolname) r.rolname, substr(s.setting, length('statement_timeout=') + 1)
from pg_db_role_setting d
join pg_roles r on r.oid = d.setrole
cross join unnest(d.setconfig) as s(setting)
where r.rolname = any(%s) and s.setting like 'statement_timeout=%%'
  and d.setdatabase in (0, (select oid from pg_database where datname = current_database()))
order by r.rolname, d.setdatabase desc
"""


@dataclass(frozen=True)
class Signature:
    name: str
    params: tuple[tuple[str, str], ...]  # (name, SQL type) in order
    required: frozenset[str]
    volatile: bool
    summary: str | None
    returns_void: bool = False

    def param_types(self) -> dict[str, str]:
        return dict(self.params)


@dataclass
class Caller:
    """Who the request runs as and what PostgREST would put in request.*."""

    role: str
    claims: dict
    method: str = "POST"
    path: str = "/"
    headers: dict | None = None

    @property
    def anonymous(self) -> bool:
        return self.role == "anon"

    def settings(self, timeout: str, source: str) -> tuple[str, ...]:
        """The values of SETTING_NAMES for this caller, in order."""
        return (self.role, orjson.dumps(self.claims).decode(), str(self.claims.get("sub") or ""), self.role,
                self.method, self.path, orjson.dumps(self.headers or {}).decode(), timeout, source)


def _text(value, sql_type: str, name: str):
    """A JSON value as the text PostgreSQL casts to the parameter's type."""
    if value is None:
        return None
    if sql_type in ("jsonb", "json"):
        return Jsonb(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _no_nul(value, name)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and sql_type.endswith("[]"):
        return [None if v is None else _no_nul(str(v), name) for v in value]
    raise ApiError(400, "22P02", f"argument {name} must be a scalar of type {sql_type}",
                   details=f"got {type(value).__name__}", hint="check the argument types in /openapi.json")


def _no_nul(text: str, name: str) -> str:
    """PostgreSQL text cannot hold U+0000 (psycopg refuses to send it): the 400 PostgreSQL itself gives
    for a \\u0000 in JSON converted to text."""
    if "\x00" in text:
        raise ApiError(400, "22P05", "unsupported Unicode escape sequence",
                       details=f"argument {name}: \\u0000 cannot be converted to text.",
                       hint="remove the NUL characters")
    return text


def closed_by_server(conn: psycopg.AsyncConnection) -> bool:
    """Whether the server has ended this idle connection (PostgreSQL restarted, or an administrator's
    pg_terminate_backend): an idle connection has nothing to read unless the server said goodbye (its FATAL
    message, then end of file). One poll() of the socket, no round trip. (The rare other unprompted message,
    a ParameterStatus after a configuration reload, costs a reconnection, nothing more.)"""
    if conn.closed:
        return True
    poller = select.poll()
    poller.register(conn.pgconn.socket, select.POLLIN)
    return bool(poller.poll(0))


RECONNECT_SECONDS = 3.0  # see Database._reconnect_failed


async def _regrow(pool: AsyncConnectionPool) -> None:
    with suppress(PoolClosed):  # closed meanwhile (repoint, shutdown): nothing to regrow
        await pool.check()


_VALUE = re.compile(rb"%%|%\(p(\d+)\)s")  # in a composed /rest/v1 statement: a literal % or value p<index>


@dataclass(eq=False)
class RestMessage:
    """A /rest/v1 request shape's message, rendered once. Its last statement -- the query -- runs as a
    prepared statement, as PostgREST's do: PostgreSQL parses, rewrites and plans it once per
    connection (and keeps a generic plan when that is no costlier, plan_cache_mode auto), and each
    request EXECUTEs it with its values, still bound client-side as literals. Statements before the
    query (the EXPLAIN of count=planned|estimated) are sent as text. Placeholders are positional:
    the settings' first, then `indexes` picks the request's values (Query.params()) for the rest."""

    head: bytes  # BEGIN [READ ONLY]; the settings
    before: bytes  # the statements before the query, each followed by "; "
    query: bytes  # the query with $1..$n for its values
    args: bytes  # b"(%s, %s)": its arguments, or b""
    commit: bool
    indexes: tuple[int, ...]  # which of the request's values the placeholders after the settings take

    @classmethod
    def render(cls, statements: list[sql.Composable], read_only: bool, commit: bool) -> RestMessage:
        before: list[int] = []  # one per placeholder
        args: list[int] = []  # one per value: $n is args[n - 1]

        def positional(m: re.Match) -> bytes:
            if m.group(1) is None:
                return m.group(0)  # stays escaped: the message is %-formatted when sent
            before.append(int(m.group(1)))
            return b"%s"

        def numbered(m: re.Match) -> bytes:
            if m.group(1) is None:
                return m.group(0)
            if int(m.group(1)) not in args:
                args.append(int(m.group(1)))
            return b"$%d" % (args.index(int(m.group(1))) + 1)

        texts = b"".join(_VALUE.sub(positional, s.as_bytes(None)) + b"; " for s in statements[:-1])
        query = _VALUE.sub(numbered, statements[-1].as_bytes(None))
        return cls(head=sql.SQL("{}; {}").format(_BEGIN[read_only], _SETTINGS).as_bytes(None), before=texts,
                   query=query, args=b"(" + b", ".join(b"%s" for _ in args) + b")" if args else b"", commit=commit,
                   indexes=(*before, *args))

    def rest(self, name: bytes) -> bytes:
        """What follows the settings once the query is prepared as `name`."""
        return self.before + b"execute " + name + self.args + (b"; commit" if self.commit else b"")

    def values(self, params: list) -> list:
        """The request's values for the placeholders after the settings."""
        return [params[i] for i in self.indexes]


# A synchronous commit whose wait for the standby was cancelled: PostgreSQL reports success with this
# WARNING, though the backup may not have the change (research: replication-failover.md, section 3).
UNCONFIRMED_COMMIT = "committed locally, but might not have been replicated"


class Database:
    """The API's pool. `dsn` may be a callable (app.replication.Router.dsn) read at every new connection,
    so when the active database changes, `repoint()` gives the pool's connections a new target."""

    def __init__(self, dsn: str | Callable[[], str], min_size: int = 2, max_size: int = 10, timeout: float = 5):
        self.dsn = dsn
        self._pool_args = {"min_size": min_size, "max_size": max_size, "timeout": timeout}
        self._regrowing: set[asyncio.Task] = set()
        self._unconfirmed: set[int] = set()  # connections whose last commit was not confirmed by the standby
        self.pool = self._new_pool()
        self.signatures: dict[str, Signature] = {}
        self.text_checks: dict[str, dict] = {}  # argument name -> JSON Schema keywords from its column's CHECKs
        self.catalog: Catalog | None = None  # /rest/v1's schema cache
        # Rendered once per (function, argument names[, read only]): statement text is not rebuilt per request.
        self._calls: dict[tuple, sql.Composed] = {}
        self._messages: dict[tuple, bytes] = {}
        # /rest/v1: statements composed per request shape, and their messages (cleared with the cache);
        # per pooled connection, the messages whose query it has prepared, by role (see _rest_send).
        self._rest_statements: dict[tuple, object] = {}
        self._rest_messages: dict[tuple, RestMessage] = {}  # by (statement, read only, commit)
        self._prepared: weakref.WeakKeyDictionary[psycopg.AsyncConnection, dict] = weakref.WeakKeyDictionary()
        self._names = itertools.count(1)
        self.timeouts: dict[str, str] = {}
        self._default_timeout = "0"
        self._loaded_at = 0.0
        self._reload_lock = asyncio.Lock()

    def _new_pool(self) -> AsyncConnectionPool:
        # psycopg prepares nothing by itself (prepare_threshold None): the statements the API prepares are
        # its own (/rest/v1's, see _rest_send), and psycopg's DEALLOCATE ALL after a ROLLBACK never drops them.
        return AsyncConnectionPool(self.dsn, open=False, configure=self._configure,
                                   kwargs={"autocommit": True, "application_name": "ifarm-api",
                                           "prepare_threshold": None},
                                   reconnect_timeout=RECONNECT_SECONDS, reconnect_failed=self._reconnect_failed,
                                   **self._pool_args)

    def _reconnect_failed(self, pool: AsyncConnectionPool) -> None:
        """psycopg_pool doubles its wait between attempts to reconnect (1, 2, 4, 8 ... s) for up to
        reconnect_timeout: after a long outage the API would go on answering 503 for about as long again
        once PostgreSQL is back (5.9 s after an 8-s outage in tests/integration/test_faults_under_load.py).
        So an attempt gives up after RECONNECT_SECONDS and a fresh one starts at once (pool.check() grows
        the pool again): attempts are never more than 2 s apart."""
        if not pool.closed:
            task = asyncio.get_running_loop().create_task(_regrow(pool))
            self._regrowing.add(task)
            task.add_done_callback(self._regrowing.discard)

    async def _configure(self, conn: psycopg.AsyncConnection) -> None:
        key = id(conn)

        def notice(diag: psycopg.errors.Diagnostic) -> None:
            if UNCONFIRMED_COMMIT in (diag.message_detail or ""):
                self._unconfirmed.add(key)

        conn.add_notice_handler(notice)

    async def open(self) -> None:
        await self.pool.open(wait=True, timeout=30)
        await self.reload()

    async def repoint(self) -> None:
        """After a switch of the active database: a new pool connecting to it at once, the old one closed.
        (pool.drain() would replace only idle connections; when the old database died, the pool has none
        and is waiting out its reconnect backoff, seconds that would add to the failover's downtime.)"""
        old, self.pool = self.pool, self._new_pool()
        await self.pool.open(wait=False)
        asyncio.get_running_loop().create_task(old.close(timeout=2))

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def connection(self, timeout: float | None = None) -> AsyncIterator[psycopg.AsyncConnection]:
        """A pooled connection the server has not ended. Connections cut while idle in the pool (by a
        restart of PostgreSQL) are closed, so the pool replaces them, before a request gets one: without
        this, the first request on each of them after the restart would fail."""
        pool = self.pool  # the one to give it back to, even if repoint() replaces self.pool meanwhile
        tries = self._pool_args["max_size"]
        conn = await pool.getconn(timeout)
        while tries and closed_by_server(conn):
            await conn.close()
            await pool.putconn(conn)
            conn = await pool.getconn(timeout)
            tries -= 1
        try:
            yield conn
        finally:
            await pool.putconn(conn)

    async def reload(self) -> None:
        """Reads the api function signatures and per-role timeouts (PostgREST's schema cache)."""
        async with self.connection() as conn:
            rows = await (await conn.execute(_SIGNATURES)).fetchall()
            checks = await (await conn.execute(_TEXT_CHECKS)).fetchall()
            timeouts = await (await conn.execute(_ROLE_TIMEOUTS, ([*API_ROLES, INGEST_ROLE],))).fetchall()
            default = await (await conn.execute("select current_setting('statement_timeout')")).fetchone()
            catalog = await load_catalog(conn)
        signatures = {}
        for name, names, types, ndefaults, volatility, summary, returns_void in rows:
            params = tuple(zip(names, types, strict=True))
            required = frozenset(n for n, _ in params[: len(params) - ndefaults])
            signatures[name] = Signature(name, params, required, volatility == "v", summary, returns_void)
        self.signatures = signatures
        self.text_checks = {name: text_schema(*facts) for name, *facts in checks}
        self.catalog = catalog
        self._calls.clear()
        self._messages.clear()
        self._rest_statements.clear()
        self._rest_messages.clear()
        self.timeouts = dict(timeouts)
        self._default_timeout = default[0]
        self._loaded_at = time.monotonic()

    async def signature(self, fn: str) -> Signature:
        sig = self.signatures.get(fn)
        if sig is None and time.monotonic() - self._loaded_at > 1.0:
            async with self._reload_lock:
                if time.monotonic() - self._loaded_at > 1.0:
                    await self.reload()
            sig = self.signatures.get(fn)
        if sig is None:
            raise ApiError(404, "PGRST202", f"Could not find the function api.{fn}",
                           hint="see /openapi.json for the functions this API offers")
        return sig

    async def table(self, schema: str, name: str) -> Table:
        """A table of /rest/v1's schema cache; a name it lacks reloads the cache (at most once a second)
        before the 404, in case a migration's NOTIFY was missed."""
        try:
            return self.catalog.table(schema, name)
        except ApiError:
            if time.monotonic() - self._loaded_at <= 1.0:
                raise
        async with self._reload_lock:
            if time.monotonic() - self._loaded_at > 1.0:
                await self.reload()
        return self.catalog.table(schema, name)

    def _statement(self, sig: Signature, args: dict) -> tuple[tuple, sql.Composed, list]:
        types = sig.param_types()
        unknown = sorted(set(args) - set(types))
        if unknown:
            raise ApiError(400, "PGRST204", f"unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}",
                           details=f"api.{sig.name} takes: {', '.join(types) or 'no arguments'}",
                           hint="remove the unknown fields")
        missing = sorted(sig.required - set(args))
        if missing:
            plural = "s" if len(missing) > 1 else ""
            raise ApiError(400, "PGRST103", f"missing required field{plural}: {', '.join(missing)}",
                           details=f"api.{sig.name} requires: {', '.join(sorted(sig.required))}")
        given = tuple(name for name, _ in sig.params if name in args)
        values = [_text(args[name], types[name], name) for name in given]
        query = self._calls.get((sig.name, given))
        if query is None:
            parts = [sql.SQL("{} => %s::{}").format(sql.Identifier(name), sql.SQL(types[name])) for name in given]
            query = sql.SQL("select {}.{}({})::text").format(
                sql.Identifier("api"), sql.Identifier(sig.name), sql.SQL(", ").join(parts))
            self._calls[(sig.name, given)] = query
        return (sig.name, given), query, values

    async def call(self, fn: str, args: dict, caller: Caller, read_only: bool = False) -> str:
        """Runs api.fn(args) in one transaction as the caller; returns its jsonb as JSON text."""
        sig = await self.signature(fn)
        key, query, values = self._statement(sig, args)
        settings = caller.settings(self.timeouts.get(caller.role, self._default_timeout), "api")
        value = await self._transaction(_SETTINGS, settings, query, values, read_only, caller.anonymous,
                                        cache_key=(*key, read_only))
        return value if value is not None else "null"


    @asynccontextmanager
    async def as_caller(self, caller: Caller, read_only: bool = False) -> AsyncIterator[psycopg.AsyncConnection]:
        """A transaction as the caller (the same settings as `call`) for a few statements with work between
        them: /storage/v1 keeps an upload's row and its bytes in step. Database errors are left to the
        caller to map (Storage's error shape is not PostgREST's)."""
        async with self.connection() as conn, conn.transaction():
            if read_only:
                await conn.execute(_BEGIN_READ_ONLY)
            await conn.execute(_SETTINGS, caller.settings(self.timeouts.get(caller.role, self._default_timeout), "api"))
            yield conn

    async def ingest(self, key_hash: bytes, body: str, fmt: str, headers: dict) -> str:
        """One batch of device readings: private.ingest_readings as device_ingest, the key's SHA-256 and the
        body passed through untouched (PostgreSQL parses it), in one transaction and one message."""
        timeout = self.timeouts.get(INGEST_ROLE, self._default_timeout)
        settings = (_INGEST_CLAIMS, orjson.dumps(headers).decode(), timeout)
        return await self._transaction(_INGEST_SETTINGS, settings, _INGEST_CALL, [key_hash, body, fmt], False, True,
                                       cache_key=("ingest",))

    def rest_statement(self, shape: tuple, compose: Callable[[], object]):
        """The statement of a /rest/v1 request shape: composed (and its names checked) once per shape
        and schema cache, then reused with each request's values."""
        found = self._rest_statements.get(shape)
        if found is None:
            found = compose()
            if len(self._rest_statements) >= REST_CACHE_SIZE:
                self._rest_statements.clear()
                self._rest_messages.clear()
            self._rest_statements[shape] = found
        return found

    def _rest_message(self, statement, read_only: bool, commit: bool) -> RestMessage:
        found = self._rest_messages.get((statement, read_only, commit))
        if found is None:
            found = RestMessage.render(statement.parts(), read_only, commit)
            self._rest_messages[(statement, read_only, commit)] = found
        return found

    async def _rest_send(self, conn: psycopg.AsyncConnection, cur: psycopg.AsyncClientCursor, message: RestMessage,
                         role: str, settings: tuple, values: list) -> bool:
        """Sends the request's message; True when it began with BEGIN and the settings. The query is
        prepared once per connection and role: the first time, BEGIN, the settings and the PREPARE go
        ahead as a message of their own (the PREPARE last, so it exists exactly when that succeeded),
        then the rest; after that, the whole request is one message that EXECUTEs it."""
        prepared = self._prepared.setdefault(conn, {})  # (message, role) -> (name, the whole message)
        found = prepared.get((message, role))
        if found is not None:
            await cur.execute(found[1], (*settings, *values))
            return True
        name = b"ifarm_rest_%d" % next(self._names)
        evict = b""
        if len(prepared) >= REST_PREPARED_PER_CONNECTION:  # forgotten first: at worst one stays behind unused
            evict = b"deallocate %s; " % prepared.pop(next(iter(prepared)))[0]
        await cur.execute(message.head + b"; " + evict + b"prepare " + name + b" as " + message.query, settings)
        rest = message.rest(name)
        prepared[(message, role)] = (name, message.head + b"; " + rest)
        await cur.execute(rest, values)
        return False

    async def rest(self, caller: Caller, statement, params: list, read_only: bool,
                   decide: Callable[[list], None] | None = None) -> list:
        """A /rest/v1 request (`statement` from app/rest/query.py, `params` its values by index): BEGIN;
        the settings; its statements; COMMIT -- one message, one round trip (two the first time a
        connection sees the statement, see _rest_send) -- returning each statement's first row. With
        `decide`, COMMIT waits for decide(rows) and goes as a further message; decide raises to roll
        back (a single-object write that touched other than one row, a max-affected limit exceeded)."""
        settings = caller.settings(self.timeouts.get(caller.role, self._default_timeout), "rest")
        message = self._rest_message(statement, read_only, decide is None)
        try:
            async with self.connection() as conn:
                cur = psycopg.AsyncClientCursor(conn)
                try:
                    if await self._rest_send(conn, cur, message, caller.role, settings, message.values(params)):
                        cur.nextset()  # past BEGIN
                        cur.nextset()  # past the settings
                    rows = []
                    for _ in range(statement.count):
                        rows.append(await cur.fetchone())
                        cur.nextset()
                    if decide is not None:
                        try:
                            decide(rows)
                        except ApiError:
                            await conn.execute("rollback")
                            raise
                        await conn.execute("commit")
                except psycopg.Error as exc:
                    if isinstance(exc, psycopg.errors.InvalidSqlStatementName):
                        self._prepared.pop(conn, None)  # out of step with the server: prepare afresh
                    if not conn.closed:
                        await conn.execute("rollback")
                    raise
        except PoolTimeout as exc:  # no connection within DB_POOL_TIMEOUT: PostgreSQL down, or every one busy
            raise ApiError(503, "PGRST003", "timed out waiting for a database connection",
                           hint="retry shortly") from exc
        except psycopg.Error as exc:
            if exc.diag.sqlstate is None and isinstance(exc, psycopg.OperationalError):
                raise ApiError(503, "PGRST001", "database unavailable", hint="retry shortly") from exc
            raise from_database(exc, caller.anonymous) from exc
        return rows

    async def call_internal(self, statement: str, params: tuple) -> object:
        """A trusted server-side call (auth endpoints) as service_role; returns the single value."""
        return await self._transaction(_SERVICE_ROLE, (), sql.SQL(statement), list(params), False, True)

    async def _transaction(self, settings: sql.Composable, settings_params: tuple, query: sql.Composable,
                           values: list, read_only: bool, anonymous: bool, timeout: float | None = None,
                           cache_key: tuple | None = None):
        """BEGIN; the settings; the query; COMMIT -- sent as one message, so one round trip.

        Values are bound client-side by psycopg (escaped literals); the role switch runs before the
        query is planned, so the query's privileges are the caller's. On error the server skips the
        rest of the message and the transaction is rolled back before the connection is pooled again.
        """
        message = self._messages.get(cache_key) if cache_key else None
        if message is None:
            message = sql.SQL("{}; {}; {}; commit").format(_BEGIN[read_only], settings, query).as_bytes(None)
            if cache_key:
                self._messages[cache_key] = message
        try:
            async with self.connection(timeout) as conn:
                cur = psycopg.AsyncClientCursor(conn)
                try:
                    await cur.execute(message, (*settings_params, *values))
                except psycopg.Error:
                    if not conn.closed:
                        await conn.execute("rollback")
                    raise
                cur.nextset()  # past BEGIN
                cur.nextset()  # past the settings
                row = await cur.fetchone()
                if self._unconfirmed and id(conn) in self._unconfirmed:
                    self._unconfirmed.discard(id(conn))
                    raise ApiError(503, "PT503", "the write committed on the active database, but the standby's "
                                   "copy of it is not confirmed", details="synchronous replication wait cancelled",
                                   hint="commit_unconfirmed: read it back before writing it again")
        except PoolTimeout as exc:  # no connection within DB_POOL_TIMEOUT: PostgreSQL down, or every one busy
            raise ApiError(503, "PGRST003", "timed out waiting for a database connection",
                           hint="retry shortly") from exc
        except psycopg.Error as exc:
            if exc.diag.sqlstate is None and isinstance(exc, psycopg.OperationalError):
                raise ApiError(503, "PGRST001", "database unavailable", hint="retry shortly") from exc
            raise from_database(exc, anonymous) from exc
        return row[0] if row else None

    async def ping(self) -> float:
        start = time.perf_counter()
        async with self.connection(2) as conn:
            await conn.execute("select 1")
        return (time.perf_counter() - start) * 1000

    async def outbox_backlog(self) -> dict:
        return await self._transaction(_ANON_ROLE, (), sql.SQL("select outbox.backlog()"), [], True, True,
                                       timeout=2)

    async def consumer_state(self) -> dict:
        """Consumer lag per group and partition, and dead letters waiting (outbox.consumer_state())."""
        return await self._transaction(_ANON_ROLE, (), sql.SQL("select outbox.consumer_state()"), [], True, True,
                                       timeout=2)
