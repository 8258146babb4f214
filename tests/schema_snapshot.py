"""The committed schema snapshot (db/schema.sql): pg_dump --schema-only of a freshly migrated database.

Regenerate after an intended schema change with `make schema`; the drift test fails until you do.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

from app.embedded import EmbeddedPostgres, _pg_bin
from app.migrate import migrate

SNAPSHOT = Path(__file__).resolve().parent.parent / "db" / "schema.sql"


def dump_schema(dsn: str) -> str:
    """pg_dump of the schema, made deterministic (no owners, a fixed restrict key, no version banner, and
    none of the monthly partitions of the audit log and the device readings: which months exist depends on
    the day it migrated)."""
    out = subprocess.run(
        [str(_pg_bin() / "pg_dump"), "--schema-only", "--no-owner", "--restrict-key=ifarm", "--no-comments",
         "--exclude-table-data=*", "--exclude-table=audit.log_2*", "--exclude-table=device_data.device_readings_2*",
         "-d", dsn],
        check=True, capture_output=True, text=True,
    ).stdout
    out = re.sub(r"^-- Dumped (from|by) .*\n", "", out, flags=re.M)
    return out


def build() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedPostgres(Path(tmp) / "pg", settings={"fsync": "off"}).start()
        try:
            with psycopg.connect(server.url, autocommit=True) as conn:
                conn.execute("create database snapshot")
            url = server.url.rsplit("/", 1)[0] + "/snapshot"
            migrate(url)
            return dump_schema(url)
        finally:
            server.stop()


if __name__ == "__main__":
    sys.stdout.write(build())
