"""Two embedded PostgreSQL 18 clusters set up as the backup needs them: a primary whose replication role
must send a password (scram), and a backup set up like a Supabase project (superuser supabase_admin; the
user's role `postgres` NOSUPERUSER REPLICATION BYPASSRLS with pg_create_subscription). Each cluster keeps
a migrated template, so a test's pair of databases is two CREATE DATABASE ... TEMPLATE away."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from app import replication
from app.embedded import SUPABASE_ADMIN, EmbeddedPostgres, prepare_supabase_like
from app.migrate import migrate
from tests.conftest import TODAY, noon_utc, set_database_clock

REPLICATOR_PASSWORD = "replicator-test-password"
BACKUP_PASSWORD = "backup-test-password"
# Fast and unsafe on a crash (fine for tests); synchronous_commit stays on: synchronous mode needs it.
SETTINGS = {"fsync": "off", "full_page_writes": "off"}
TEMPLATE = "ifarm_template"


@dataclass
class Clusters:
    primary: EmbeddedPostgres
    backup: EmbeddedPostgres

    def pair(self, dbname: str, mode: str = "async") -> replication.Pair:
        backup_url = self.backup.url_for(dbname, "postgres", BACKUP_PASSWORD)
        return replication.Pair(
            primary=self.primary.url_for(dbname), backup=backup_url, name=f"ifarm_{dbname}", mode=mode,
            primary_conninfo=f"host=127.0.0.1 port={self.primary.port} dbname={dbname} "
                             f"user=ifarm_replicator password={REPLICATOR_PASSWORD}",
            backup_conninfo=backup_url, wait_seconds=120)

    def env(self, pair: replication.Pair) -> dict:
        """What a process of the pair is started with (`ifarm api`, `ifarm relay`, ...)."""
        return {"DATABASE_URL": pair.primary, "BACKUP_DATABASE_URL": pair.backup, "REPLICATION_NAME": pair.name,
                "REPLICATION_PRIMARY_URL": pair.primary_conninfo, "REPLICATION_MODE": pair.mode}


def start_clusters(root: Path) -> Clusters:
    primary = EmbeddedPostgres(root / "primary", settings=SETTINGS, scram_users=("ifarm_replicator",)).start()
    backup = EmbeddedPostgres(root / "backup", settings=SETTINGS, superuser=SUPABASE_ADMIN,
                              scram_users=("postgres",)).start()
    with psycopg.connect(primary.url, autocommit=True) as conn:
        conn.execute(f"create database {TEMPLATE}")
    migrate(primary.url_for(TEMPLATE))
    migrate(prepare_supabase_like(backup, TEMPLATE, BACKUP_PASSWORD))  # migrated by the backup's `postgres`
    return Clusters(primary, backup)


def stop_clusters(clusters: Clusters) -> None:
    clusters.primary.stop()
    clusters.backup.stop()


def new_pair(clusters: Clusters, mode: str = "async", fresh_backup: bool = False) -> replication.Pair:
    """A primary database cloned from the migrated template and a backup cloned from its own (or, with
    fresh_backup, an empty one that setup has to migrate), both with the tests' clock."""
    dbname = f"r{uuid.uuid4().hex[:10]}"
    with psycopg.connect(clusters.primary.url, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {} template {}").format(sql.Identifier(dbname), sql.Identifier(TEMPLATE)))
    with psycopg.connect(clusters.backup.url, autocommit=True) as conn:
        template = sql.SQL("") if fresh_backup else sql.SQL(" template {}").format(sql.Identifier(TEMPLATE))
        conn.execute(sql.SQL("create database {} owner postgres{}").format(sql.Identifier(dbname), template))
    pair = clusters.pair(dbname, mode)
    for url in (clusters.primary.url_for(dbname), clusters.backup.url_for(dbname)):
        with psycopg.connect(url, autocommit=True) as conn:
            set_database_clock(conn, noon_utc(TODAY))
    return pair


def drop_pair(clusters: Clusters, pair: replication.Pair) -> None:
    for publisher in replication.SIDES:
        try:
            replication.drop_channel(pair, publisher)
        except (psycopg.Error, replication.ReplicationError):
            pass
    dbname = pair.name.removeprefix("ifarm_")
    for server in (clusters.primary, clusters.backup):
        try:
            with psycopg.connect(server.url, autocommit=True) as conn:
                conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(dbname)))
        except psycopg.OperationalError:
            pass  # a test left that cluster stopped


def as_user(dsn: str, user_id: str, query: str, params=()):
    """One statement as a Supabase client would run it: authenticator, role and JWT claims set per
    transaction."""
    with psycopg.connect(dsn, user="authenticator") as conn:
        with conn.transaction():
            conn.execute("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true)",
                         (json.dumps({"sub": user_id, "role": "authenticated", "aud": "authenticated"}),))
            cur = conn.execute(query, params)
            return cur.fetchall() if cur.description else cur.rowcount


def new_user(dsn: str, email: str | None = None) -> str:
    uid = str(uuid.uuid4())
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("insert into auth.users (id, aud, role, email, created_at, updated_at) "
                     "values (%s, 'authenticated', 'authenticated', %s, now(), now())",
                     (uid, email or f"u{uid[:8]}@example.test"))
    return uid


def tenant_of(dsn: str, owner: str, slug: str | None = None) -> str:
    slug = slug or f"t-{uuid.uuid4().hex[:10]}"
    return as_user(dsn, owner, "select api.create_tenant(name => %s, slug => %s) ->> 'id'", (slug, slug))[0][0]


def count(dsn: str, query: str, params=()) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute(query, params).fetchone()[0]
