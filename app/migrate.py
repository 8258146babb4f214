"""`ifarm migrate`: pgmigrate for the append-only migrations, then the CREATE OR REPLACE files in
db/functions and db/views re-applied when their content changed.

pgmigrate runs its afterAll callbacks only when a migration is pending, so an edit to a function
alone would never deploy through it; the checksums in private.deployed_sql_files close that gap.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg

DB_DIR = Path(__file__).resolve().parent.parent / "db"
CALLBACK_DIRS = ("functions", "views")
# One migration at a time per database (two `ifarm migrate` or a scheduler and a deploy).
MIGRATE_LOCK = 4242_0001


class MigrationError(RuntimeError):
    pass


@dataclass
class MigrateResult:
    version: int | None
    reapplied: list[str]


def callback_files(db_dir: Path = DB_DIR) -> list[Path]:
    return [p for d in CALLBACK_DIRS for p in sorted((db_dir / d).glob("*.sql"))]


def run_pgmigrate(dsn: str, db_dir: Path = DB_DIR) -> None:
    """The same command a DBA runs: `pgmigrate -d db -t latest -c DSN migrate`."""
    exe = Path(sys.executable).with_name("pgmigrate")
    cmd = [str(exe) if exe.exists() else "pgmigrate", "-d", str(db_dir), "-t", "latest", "-c", dsn, "migrate"]
    result = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PGAPPNAME": "ifarm-migrate"})
    if result.returncode != 0:
        lines = [ln for ln in (result.stderr or result.stdout).splitlines() if ln.strip()]
        raise MigrationError("pgmigrate failed: " + " | ".join(lines[-6:]))


def apply_changed_callbacks(dsn: str, db_dir: Path = DB_DIR) -> list[str]:
    """Re-apply, in one transaction, every functions/views file whose checksum changed."""
    files = callback_files(db_dir)
    with psycopg.connect(dsn, autocommit=False, application_name="ifarm-migrate") as conn:
        conn.execute("select pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        deployed = dict(conn.execute("select path, checksum from private.deployed_sql_files").fetchall())
        changed = []
        for path in files:
            text = path.read_text(encoding="ascii")
            rel = path.relative_to(db_dir).as_posix()
            checksum = hashlib.sha256(text.encode()).hexdigest()
            if deployed.get(rel) == checksum:
                continue
            try:
                conn.execute(text)
            except psycopg.Error as exc:
                raise MigrationError(f"{rel}: {exc.diag.message_primary or exc}") from exc
            conn.execute(
                "insert into private.deployed_sql_files (path, checksum) values (%s, %s) "
                "on conflict (path) do update set checksum = excluded.checksum, deployed_at = now()",
                (rel, checksum),
            )
            changed.append(rel)
        conn.commit()
    return changed


def schema_version(dsn: str) -> int | None:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "select case when to_regclass('public.schema_version') is null then null "
            "else (select max(version) from public.schema_version) end"
        ).fetchone()
        return row[0]


def set_authenticator_password(dsn: str, password: str) -> None:
    """The API logs in as authenticator; servers that require passwords need one set (roles are
    created without one, as PostgREST's docs do, and trust auth serves the embedded default)."""
    from psycopg import sql

    with psycopg.connect(dsn, autocommit=True, application_name="ifarm-migrate") as conn:
        conn.execute(sql.SQL("alter role authenticator with login password {}").format(sql.Literal(password)))


def notify_schema_reload(dsn: str) -> None:
    """What PostgREST listens for: every API worker reloads its schema cache (app/server.py)."""
    with psycopg.connect(dsn, autocommit=True, application_name="ifarm-migrate") as conn:
        conn.execute("notify pgrst, 'reload schema'")


def migrate(dsn: str, db_dir: Path = DB_DIR) -> MigrateResult:
    run_pgmigrate(dsn, db_dir)
    reapplied = apply_changed_callbacks(dsn, db_dir)
    if os.environ.get("AUTHENTICATOR_PASSWORD"):
        set_authenticator_password(dsn, os.environ["AUTHENTICATOR_PASSWORD"])
    notify_schema_reload(dsn)
    return MigrateResult(version=schema_version(dsn), reapplied=reapplied)
