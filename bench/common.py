"""What the benchmarks share: a throwaway embedded PostgreSQL with the schema, an `ifarm api` on it (or the
whole stack as `ifarm up` runs it), and the sign-up and seeding steps every benchmark starts with."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.embedded import EmbeddedKafka, EmbeddedPostgres, EmbeddedSmtp, EmbeddedValkey, free_port  # noqa: E402
from app.migrate import migrate  # noqa: E402

SECRET = "bench-secret-bench-secret-bench-secret"
PASSWORD = "bench-password"


def service_env(db_url: str, data_dir: str, extra_env: dict | None = None) -> dict:
    """The environment of an `ifarm` process of a benchmark: this database, the bench JWT secret, quiet logs."""
    return {**os.environ, "DATABASE_URL": db_url, "JWT_SECRET": SECRET, "IFARM_DATA_DIR": data_dir,
            "LOG_LEVEL": "WARNING", **(extra_env or {})}


def _spawn(args: list[str], env: dict, log_dir: str | None, name: str) -> subprocess.Popen:
    """`ifarm <args>` in a session of its own, its output to log_dir/<name>.log (or nowhere)."""
    out = open(Path(log_dir, f"{name}.log"), "ab") if log_dir else subprocess.DEVNULL
    try:
        return subprocess.Popen([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    finally:
        if log_dir:
            out.close()


@contextmanager
def api_server(db_url: str, workers: int, data_dir: str, extra_env: dict | None = None, log_dir: str | None = None):
    """Yields the base URL and pid of an `ifarm api` with N workers on db_url, up and healthy; stops it after.
    With log_dir, its output goes to log_dir/api.log."""
    port = free_port()
    env = {**service_env(db_url, data_dir, extra_env), "PORT": str(port)}
    api = _spawn(["api", "--workers", str(workers)], env, log_dir, "api")
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a busy machine: 2 workers took over 30 s to come up here
        while not _healthy(base):
            if api.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the API did not come up (exit code {api.poll()})")
            time.sleep(0.1)
        yield base, api.pid
    finally:
        stop_processes([api], 30)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def processes(env: dict, which: tuple[str, ...], log_dir: str | None = None):
    """`ifarm <what>` for each of `which` (relay, consumer, scheduler), as a dict name -> Popen; stopped after.
    With log_dir, each one's output goes to log_dir/<what>.log."""
    procs = {what: _spawn([what], env, log_dir, what) for what in which}
    try:
        yield procs
    finally:
        stop_processes(list(procs.values()), 20)


def stop_processes(procs: list[subprocess.Popen], seconds: float) -> None:
    """SIGTERM, then after `seconds` SIGKILL to the process's whole group (an API master's workers and helpers
    would outlive it otherwise); each was started in a session of its own."""
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(seconds)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def bench_database(pg: EmbeddedPostgres) -> str:
    """A migrated database `bench` on the server; returns its owner's URL."""
    with psycopg.connect(pg.url, autocommit=True) as conn:
        conn.execute("create database bench")
    db_url = pg.url.rsplit("/", 1)[0] + "/bench"
    migrate(db_url)
    return db_url


@contextmanager
def stack(workers: int, extra_env: dict | None = None):
    """Yields (api base URL, owner database URL); stops both afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pg").start()
        try:
            db_url = bench_database(pg)
            env = {"REDIS_URL": "", "DB_POOL_MAX": "16", **(extra_env or {})}  # no cache unless asked
            with api_server(db_url, workers, tmp, env) as (base, _):
                yield base, db_url
        finally:
            pg.stop()


@dataclass
class FullStack:
    base: str
    db_url: str
    api_pid: int
    procs: dict  # scheduler, relay, consumer -> Popen
    postmaster: int
    log_dir: str


@contextmanager
def full_stack(workers: int, extra_env: dict | None = None):
    """What `ifarm up` runs, on embedded services in a temporary directory: PostgreSQL (a migrated database),
    Valkey, the Kafka-protocol broker and the SMTP sink; `ifarm api` with N workers, `ifarm scheduler`,
    `ifarm relay` and `ifarm consumer` as separate processes, their output under log_dir. Stops it all after."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as running:
        pg = EmbeddedPostgres(Path(tmp) / "pg").start()
        running.callback(pg.stop)
        db_url = bench_database(pg)
        valkey = EmbeddedValkey(Path(tmp) / "valkey").start()
        running.callback(valkey.stop)
        kafka = EmbeddedKafka(Path(tmp) / "kafka").start()
        running.callback(kafka.stop)
        smtp = EmbeddedSmtp(Path(tmp) / "mail").start()
        running.callback(smtp.stop)
        env = {"REDIS_URL": valkey.url, "KAFKA_BOOTSTRAP_SERVERS": kafka.bootstrap, "SMTP_URL": smtp.url,
               **(extra_env or {})}
        logs = str(Path(tmp) / "logs")
        os.makedirs(logs)
        try:
            base, api_pid = running.enter_context(api_server(db_url, workers, tmp, env, logs))
            procs = running.enter_context(processes(service_env(db_url, tmp, env),
                                                    ("scheduler", "relay", "consumer"), logs))
            postmaster = int((pg.data_dir / "postmaster.pid").read_text().split()[0])
            yield FullStack(base, db_url, api_pid, procs, postmaster, logs)
        except BaseException:
            for log in sorted(Path(logs).glob("*.log")):  # what the processes said, before it is deleted
                tail = log.read_text(errors="replace").splitlines()[-15:]
                print(f"--- {log.name}, last lines:\n" + "\n".join(tail), file=sys.stderr)
            raise


def sign_up(base: str, email: str = "bench@example.test", slug: str = "bench") -> dict:
    """A user with a tenant; returns the auth headers, the tenant id, the user id and the email."""
    session = httpx.post(f"{base}/auth/v1/signup", json={"email": email, "password": PASSWORD}).json()
    auth = {"Authorization": f"Bearer {session['access_token']}"}
    tenant = httpx.post(f"{base}/api/v1/tenants", json={"name": slug.title(), "slug": slug}, headers=auth).json()
    return {"headers": auth, "tenant_id": tenant["id"], "user_id": session["user"]["id"], "email": email}


def join_tenant(base: str, owner: dict, email: str, role: str) -> dict:
    """A new user invited by the owner into the owner's tenant with this role (signed up, invitation
    accepted); returned like sign_up's."""
    tenant = owner["tenant_id"]
    invitation = httpx.post(f"{base}/api/v1/tenants/{tenant}/invitations", json={"email": email, "role": role},
                            headers=owner["headers"])
    invitation.raise_for_status()
    session = httpx.post(f"{base}/auth/v1/signup", json={"email": email, "password": PASSWORD}).json()
    auth = {"Authorization": f"Bearer {session['access_token']}"}
    httpx.post(f"{base}/api/v1/invitations/accept", json={"token": invitation.json()["token"]},
               headers=auth).raise_for_status()
    return {"headers": auth, "tenant_id": tenant, "user_id": session["user"]["id"], "email": email}


def seed_herd(db_url: str, tenant: str, farm: str, cows: int) -> list[str]:
    """The tenant on the enterprise plan (no limits) and `cows` dairy cows on the farm, inserted directly;
    returns their ids."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("update subscriptions set plan_code = 'enterprise' where tenant_id = %s", (tenant,))
        return [str(r[0]) for r in conn.execute(
            "insert into animals (tenant_id, farm_id, tag_number, species, sex, birth_date) "
            "select %s, %s, 'C-' || i, 'cattle', 'female', date '2020-01-01' from generate_series(1, %s) i "
            "returning id", (tenant, farm, cows))]


class HttpClient:
    """HTTP/1.1 over keep-alive connections with as little work per request as can be, for load that must not
    load the machine it measures: httpx's AsyncClient took 2.45 ms of CPU a request here (a quarter of a core
    at 100 requests/s), this 0.08 ms. As many connections as requests in flight; an idle one that the server
    closed meanwhile is replaced and the request sent again (the server never read it)."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port, self.netloc = parts.hostname, parts.port, parts.netloc
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def request(self, method: str, path: str, headers: dict, body: bytes | None = None
                      ) -> tuple[int, dict, bytes]:
        """-> status, headers (lower-case names), body."""
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.netloc}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        message = head.encode() + b"\r\n" + (body or b"")
        while True:
            reused = bool(self.idle)
            conn = self.idle.pop() if reused else await asyncio.open_connection(self.host, self.port)
            try:
                answer = await self._exchange(conn, message)
            except ConnectionError:
                conn[1].close()
                if reused:
                    continue
                raise
            except BaseException:
                conn[1].close()
                raise
            if answer[1].get("connection") == "close":
                conn[1].close()
            else:
                self.idle.append(conn)
            return answer

    @staticmethod
    async def _exchange(conn, message: bytes) -> tuple[int, dict, bytes]:
        reader, writer = conn
        writer.write(message)
        line = await reader.readline()
        if not line:
            raise ConnectionResetError("the server closed the connection")
        status, fields = int(line.split()[1]), {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            fields[name.strip().lower()] = value.strip()
        if fields.get("transfer-encoding") == "chunked":
            data = b""
            while size := int((await reader.readline()).split(b";")[0], 16):
                data += await reader.readexactly(size)
                await reader.readline()
            await reader.readline()
        else:
            data = await reader.readexactly(int(fields.get("content-length", 0)))
        return status, fields, data

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
