"""`ifarm`: the one command-line entry point.

    ifarm up [--with-backup] embedded services (when their URL is unset) + migrate + seed + API,
                             scheduler and relay; with a second embedded PostgreSQL as the backup
                             database; Ctrl-C stops everything it started
    ifarm migrate [--primary-first]
                             pgmigrate, then changed db/functions and db/views; both databases
                             (the backup first) when BACKUP_DATABASE_URL is set
    ifarm seed demo [--today YYYY-MM-DD]
                             the demo tenant (idempotent), its history ending today or on that day
    ifarm api [--workers N]  the HTTP API
    ifarm scheduler          the job scheduler
    ifarm relay              the outbox -> Kafka relay
    ifarm consumer           the Kafka consumers (group ifarm-backend): cache invalidation, payments
    ifarm events replay [--handler NAME] [--event-id ID]
                             re-drive dead-lettered events through their handlers
    ifarm status             each component: reachable, version, migration level, backlog, jobs, replication
    ifarm keys               the anon and service_role API keys for the Supabase clients
    ifarm replication setup|status|failover|failback|resync
                             the backup database (BACKUP_DATABASE_URL): logical replication from the
                             primary, failover to the backup and back (app/replication.py)
    ifarm audit restore YYYY-MM
                             attach an archived month of the audit log again
    ifarm backup [--out DIR] a checked logical backup (pg_dump custom format + manifest with checksum)
    ifarm restore DIR        restore a backup into an empty database (DATABASE_URL), counts verified
    ifarm mail [show N] [--raw]
                             the mail the embedded SMTP server received (newest last)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

from app.config import Config

DEMO_EMAIL = "demo@ifarm.local"
DEMO_PASSWORD = "ifarm-demo-2026"


class CliError(Exception):
    pass


def _state_path(config: Config) -> Path:
    return config.data_dir / "state.json"


def _config_from_state(config: Config) -> Config:
    """Outside `ifarm up`, fall back to the URLs of a running `ifarm up` on this checkout."""
    path = _state_path(config)
    if config.database_url or not path.exists():
        return config
    state = json.loads(path.read_text())
    return config.with_(database_url=state.get("database_url"), redis_url=config.redis_url or state.get("redis_url"),
                        kafka_bootstrap_servers=config.kafka_bootstrap_servers or state.get("kafka"),
                        backup_database_url=config.backup_database_url or state.get("backup_database_url"),
                        replication_password=config.replication_password or state.get("replication_password"))


def cmd_migrate(config: Config, args) -> int:
    from app.migrate import migrate

    if config.backup_database_url:
        from app.replication import Pair, migrate_pair

        result = migrate_pair(Pair.from_config(config), primary_first=getattr(args, "primary_first", False))
        print(f"migrated both databases ({' then '.join(result['order'])}) to version "
              f"{max(result['versions'].values())}")
        return 0
    result = migrate(config.require_database())
    changed = ", ".join(result.reapplied) or "none changed"
    print(f"migrated to version {result.version}; functions and views re-applied: {changed}")
    return 0


def cmd_replication(config: Config, args) -> int:
    from app import replication

    config = _config_from_state(config)
    if args.mode:
        config = config.with_(replication_mode=args.mode)
    pair = replication.Pair.from_config(config)
    if args.action == "status":
        return print_replication_status(replication.statuses(pair), pair)
    if args.action == "setup":
        replication.setup(pair)
    elif args.action == "failover":
        replication.failover(pair, reason=args.reason)
    elif args.action == "resync":
        replication.resync(pair)
    elif args.action == "failback":
        replication.failback(pair)
    return 0


def _age(stamp: str | None) -> str:
    if not stamp:
        return "never"
    from datetime import datetime

    return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M:%S %Z")


def print_replication_status(states: dict, pair) -> int:
    """Each side's role and epoch, the way between them (lag in bytes and seconds, the subscription's
    state and errors), the last switch and open incidents. Exit status 1 when no side is active or the
    standby is not streaming."""
    from app.replication import active_of, other

    found = active_of({s: v for s, v in states.items() if "error" not in v})
    for side in ("primary", "backup"):
        state = states[side]
        if "error" in state:
            print(f"{side:<8} DOWN     {state['error']}")
            continue
        if state.get("fresh"):
            print(f"{side:<8} -        not migrated yet (`ifarm replication setup`)")
            continue
        print(f"{side:<8} {state['role']:<8} epoch {state['epoch']}, {state['mode']}, PostgreSQL "
              f"{state['server_version'] // 10000}" + (f", since {_age(state['changed_at'])} ({state['reason']})"
                                                       if state.get("reason") else ""))
        for slot in state["slots"]:
            lag = "" if slot["replay_lag_seconds"] is None else f" / {float(slot['replay_lag_seconds']):.3f} s"
            print(f"{'':<8} slot {slot['name']}: {'streaming' if slot['active'] else 'INACTIVE'}"
                  f" ({slot['sync_state'] or '-'}), lag {slot['lag_bytes']} bytes{lag}, WAL {slot['wal_status']}")
        for sub in state["subscriptions"]:
            print(f"{'':<8} subscription {sub['name']}: {'enabled' if sub['enabled'] else 'DISABLED'}, worker "
                  f"{sub['worker_pid'] or 'none'}, {sub['tables_ready']}/{sub['tables']} tables copied, errors: "
                  f"apply {sub['apply_error_count']}, copy {sub['sync_error_count']}, last message "
                  f"{_age(sub['last_msg_receipt_time'])}")
    if found is None:
        print("active   NONE: no database of the pair takes writes")
        return 1
    active, epoch = found
    state = states[active]
    switch = state.get("last_switch")
    print(f"active   {active} at epoch {epoch}; last switch: "
          + (f"{switch['kind']} at {_age(switch['switched_at'])} (epoch {switch['epoch']})" if switch else "none"))
    incidents = state.get("open_incidents") or []
    print("incidents " + (", ".join(f"{i['kind']} since {_age(i['opened_at'])}" for i in incidents) or "none"))
    standby = states[other(active)]
    streaming = any(s["active"] for s in state["slots"]) and any(
        s["enabled"] and s["worker_pid"] for s in standby.get("subscriptions", []))
    return 0 if streaming else 1


def seed_demo(dsn: str, today: date | None = None) -> str:
    """One transaction; with `today`, the database clock (private.now()) reads noon UTC of that day for
    it, which is that day in every time zone from UTC-11 to UTC+11."""
    import psycopg
    from argon2 import PasswordHasher

    with psycopg.connect(dsn) as conn:
        if today:
            conn.execute("select set_config('ifarm.now', %s, true)", (f"{today.isoformat()} 12:00:00+00",))
        known = conn.execute("select encrypted_password from auth.users where email = %s", (DEMO_EMAIL,)).fetchone()
        hashed = known[0] if known else PasswordHasher().hash(DEMO_PASSWORD)
        tenant = conn.execute("select private.seed_demo(%s, %s)", (DEMO_EMAIL, hashed)).fetchone()[0]
        conn.execute("select private.refresh_dashboard_views()")  # the demo's history, on its first dashboard
    return str(tenant)


def queue_demo_notices(dsn: str) -> int:
    """Runs every notice rule once (the jobs would within the hour), so the demo's mail is there at once."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        return conn.execute("select private.produce_notifications(null, private.now())").fetchone()[0]


def cmd_mail(config: Config, args) -> int:
    """Lists what the embedded SMTP server received, or prints one message (its text part, or --raw)."""
    from app.mailsink import message_files, read_message, text_of

    files = message_files(config.mail_dir)
    if args.action == "show":
        if not files:
            raise CliError(f"no mail in {config.mail_dir}")
        index = args.number if args.number is not None else len(files)
        if not 1 <= index <= len(files):
            raise CliError(f"there are {len(files)} messages: choose 1 to {len(files)}")
        path = files[index - 1]
        if args.raw:
            sys.stdout.write(path.read_bytes().decode(errors="replace"))
            return 0
        msg = read_message(path)
        for header in ("Date", "From", "To", "Subject", "Message-ID", "List-Unsubscribe"):
            if msg[header]:
                print(f"{header}: {msg[header]}")
        print()
        print(text_of(msg) or text_of(msg, "html"))
        return 0
    print(f"{len(files)} message(s) in {config.mail_dir}")
    for n, path in enumerate(files, 1):
        msg = read_message(path)
        print(f"{n:>4}  {str(msg['Date'] or '')[:25]:<25}  {str(msg['To'] or '')[:34]:<34}  {msg['Subject'] or ''}")
    return 0


def demo_device_key(dsn: str) -> str | None:
    """A fresh key for the demo's barn sensor (the previous one ends): keys are shown once, so `ifarm up` issues
    one each start to print a working ingest example."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        row = conn.execute("select private.issue_device_key(d.tenant_id, d.id, true, 0) ->> 'key' from devices d "
                           "join tenants t on t.id = d.tenant_id where t.slug = 'demo' and d.serial_number = 'TH-0001' "
                           "and d.status = 'active'").fetchone()
    return row[0] if row else None


def cmd_seed(config: Config, args) -> int:
    tenant = seed_demo(config.require_database(), args.today)
    print(f"demo tenant {tenant}: sign in as {DEMO_EMAIL} / {DEMO_PASSWORD}")
    return 0


def cmd_api(config: Config, args) -> int:
    from functools import partial

    if args.workers:
        config = config.with_(workers=args.workers)
    if args.port:
        config = config.with_(port=args.port)
    config.require_database()
    metrics_dir = config.data_dir / "metrics" / f"api-{config.port}"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    config.secret()  # create the shared secret before workers race to

    from sanic import Sanic
    from sanic.worker.loader import AppLoader

    from app.server import LingeringHttpProtocol, create_app, serve_workers

    loader = AppLoader(factory=partial(create_app, config))
    app = loader.load()
    app.prepare(host=config.host, port=config.port, workers=max(1, config.workers), access_log=False,
                motd=False, single_process=config.workers <= 1, protocol=LingeringHttpProtocol)
    if config.workers <= 1:
        Sanic.serve_single(primary=app)
    else:
        serve_workers(app, loader)
    return 0


def cmd_scheduler(config: Config, args) -> int:
    import threading

    from app.notifications import Notifier, NotifierLoop
    from app.relay import run_until_stopped
    from app.replication import process_router
    from app.server import configure_logging
    from scheduler.main import Scheduler

    configure_logging(config.log_level)
    Notifier(config).close()  # a bad SMTP_URL, MAIL_FROM or lease stops the scheduler here, not in a loop
    dsn, monitor = process_router(config, can_promote=True)
    sched = Scheduler(dsn)
    if monitor is not None:
        monitor.monitor.on_switch = sched.after_switch
    sched.start()
    notifier = NotifierLoop(dsn, config)  # delivers notices as soon as they are queued (NOTIFY)
    thread = threading.Thread(target=run_until_stopped, args=(notifier,), name="notifier", daemon=True)
    thread.start()
    _wait_for_signal()
    notifier.stop_event.set()
    sched.stop()
    thread.join(15)
    if monitor is not None:
        monitor.stop()
    return 0


def cmd_relay(config: Config, args) -> int:
    from app.relay import Relay, run_until_stopped
    from app.replication import process_router
    from app.server import configure_logging

    configure_logging(config.log_level)
    config.require_database()
    if not config.kafka_bootstrap_servers:
        raise CliError("KAFKA_BOOTSTRAP_SERVERS is not set")
    dsn, monitor = process_router(config, can_promote=False)
    relay = Relay(dsn, config.kafka_bootstrap_servers)
    signal.signal(signal.SIGTERM, lambda *_: relay.stop_event.set())
    signal.signal(signal.SIGINT, lambda *_: relay.stop_event.set())
    run_until_stopped(relay)
    if monitor is not None:
        monitor.stop()
    return 0


def cmd_consumer(config: Config, args) -> int:
    from app.consumer import Consumer
    from app.relay import run_until_stopped
    from app.replication import process_router
    from app.server import configure_logging

    configure_logging(config.log_level)
    config.require_database()
    if not config.kafka_bootstrap_servers:
        raise CliError("KAFKA_BOOTSTRAP_SERVERS is not set")
    dsn, monitor = process_router(config, can_promote=False)
    consumer = Consumer(dsn, config.kafka_bootstrap_servers, redis_url=config.redis_url)
    signal.signal(signal.SIGTERM, lambda *_: consumer.stop_event.set())
    signal.signal(signal.SIGINT, lambda *_: consumer.stop_event.set())
    run_until_stopped(consumer)
    if monitor is not None:
        monitor.stop()
    return 0


def cmd_events(config: Config, args) -> int:
    from app.consumer import replay

    config = _config_from_state(config)
    done, failed = replay(config.require_database(), config.kafka_bootstrap_servers or "", config.redis_url,
                          args.handler, args.event_id)
    print(f"replayed {done} dead-lettered event(s); {failed} still failing")
    return 0 if failed == 0 else 1


def _wait_for_signal() -> None:
    stop = {"now": False}

    def handler(*_):
        stop["now"] = True

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    while not stop["now"]:
        time.sleep(0.2)


def _wait_http(url: str, seconds: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise CliError(f"the API exited with code {proc.returncode} (see its output above)")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise CliError(f"the API did not answer {url} within {seconds:.0f} s")


def cmd_up(config: Config, args) -> int:
    from app.embedded import EmbeddedKafka, EmbeddedPostgres, EmbeddedSmtp, EmbeddedValkey, port_open

    started_at = time.monotonic()
    if port_open(config.host, config.port):
        raise CliError(f"port {config.port} is in use; set PORT to another one")
    config.data_dir.mkdir(parents=True, exist_ok=True)
    services: list = []
    children: list[subprocess.Popen] = []
    env = dict(os.environ)
    try:
        if not config.database_url:
            # With a backup, the subscription's role must send a password (it is not a superuser there).
            scram = (config.replication_user,) if args.with_backup else ()
            pg = EmbeddedPostgres(config.pg_dir, port=_remembered_port(config, "postgres"), scram_users=scram).start()
            services.append(pg)
            config = config.with_(database_url=pg.url)
        if args.with_backup:
            config = _start_backup(config, services)
        if not config.redis_url:
            valkey = EmbeddedValkey(config.data_dir / "valkey").start()
            services.append(valkey)
            config = config.with_(redis_url=valkey.url)
        if not config.kafka_bootstrap_servers:
            kafka = EmbeddedKafka(config.data_dir / "kafka").start()
            services.append(kafka)
            config = config.with_(kafka_bootstrap_servers=kafka.bootstrap)
        if not config.smtp_url:
            smtp = EmbeddedSmtp(config.mail_dir).start()
            services.append(smtp)
            config = config.with_(smtp_url=smtp.url)
        _remember_port(config, "postgres", config.database_url)
        env.update(DATABASE_URL=config.database_url, REDIS_URL=config.redis_url,
                   KAFKA_BOOTSTRAP_SERVERS=config.kafka_bootstrap_servers, JWT_SECRET=config.secret(),
                   SMTP_URL=config.smtp_url, UNSUBSCRIBE_SECRET=config.unsubscribe_secret(),
                   IFARM_DATA_DIR=str(config.data_dir))
        if config.backup_database_url:
            env.update(BACKUP_DATABASE_URL=config.backup_database_url,
                       REPLICATION_PASSWORD=config.replication_password or "")
        cmd_migrate(config, args)
        active_url = _replication_up(config) if config.backup_database_url else config.database_url
        tenant = seed_demo(active_url)
        queue_demo_notices(active_url)
        device_key = demo_device_key(active_url)
        exe = [sys.executable, "-m", "app.cli"]
        api_cmd = exe + ["api"] + (["--workers", str(args.workers)] if args.workers else [])
        for cmd in (api_cmd, exe + ["scheduler"], exe + ["relay"], exe + ["consumer"]):
            # Own sessions: a terminal's Ctrl-C reaches only us, and we stop the children in order.
            children.append(subprocess.Popen(cmd, env=env, start_new_session=True))
        base = f"http://{config.host}:{config.port}"
        _wait_http(f"{base}/health", 60, children[0])
        _state_path(config).write_text(json.dumps({
            "database_url": config.database_url, "redis_url": config.redis_url, "smtp_url": config.smtp_url,
            "kafka": config.kafka_bootstrap_servers, "api_url": base, "pid": os.getpid(),
            "backup_database_url": config.backup_database_url,
            "replication_password": config.replication_password}))
        print(f"\niFarm is up in {time.monotonic() - started_at:.1f} s", flush=True)
        print(f"  API        {base}   (health: {base}/health)")
        print(f"  Docs       {base}/docs   (OpenAPI: {base}/openapi.json)")
        print(f"  Database   {config.database_url}")
        print(f"  Redis      {config.redis_url}")
        print(f"  Kafka      {config.kafka_bootstrap_servers}")
        if any(isinstance(s, EmbeddedSmtp) for s in services):
            print(f"  Mail       {config.smtp_url} -> {config.mail_dir}  (read it: ifarm mail)")
        else:
            print(f"  Mail       {config.smtp_url}")
        print(f"  Supabase   supabase.create_client('{base}', '<anon key>')   (`ifarm keys` prints the keys)")
        if config.backup_database_url:
            print(f"  Backup     {_hide_password(config.backup_database_url)}   (`ifarm replication status`)")
            print(f"             try a failover: kill -9 the primary's postmaster (first line of "
                  f"{config.pg_dir}/postmaster.pid); the API keeps answering from the backup")
        print(f"  Demo login {DEMO_EMAIL} / {DEMO_PASSWORD}  (tenant {tenant})")
        print(f"             curl -s -X POST '{base}/auth/v1/token?grant_type=password' "
              f"-H 'content-type: application/json' "
              f"-d '{{\"email\":\"{DEMO_EMAIL}\",\"password\":\"{DEMO_PASSWORD}\"}}'")
        if device_key:
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            print(f"  Demo sensor TH-0001 (barn climate), key {device_key} (a new one each start)")
            print(f"             curl -s -X POST {base}/ingest/v1/readings -H 'Authorization: Device {device_key}' "
                  f"-H 'content-type: application/json' "
                  f"-d '[{{\"metric\":\"temperature\",\"value\":24.5,\"unit\":\"degC\",\"measured_at\":\"{now}\"}}]'")
        print("  Ctrl-C stops everything.\n", flush=True)
        _supervise(children)
    finally:
        _stop_children(children)
        for service in reversed(services):
            service.stop()
        _state_path(config).unlink(missing_ok=True)
    return 0


def _start_backup(config: Config, services: list) -> Config:
    """The backup database for `ifarm up --with-backup`: BACKUP_DATABASE_URL when set, else a second
    embedded PostgreSQL set up like a Supabase project (app/embedded.py prepare_supabase_like)."""
    from app.embedded import SUPABASE_ADMIN, EmbeddedPostgres, prepare_supabase_like

    config = config.with_(replication_password=config.replication_password
                          or config.local_secret("replication_password"))
    if config.backup_database_url:
        return config
    backup = EmbeddedPostgres(config.data_dir / "pg-backup", port=_remembered_port(config, "postgres-backup"),
                              superuser=SUPABASE_ADMIN, scram_users=("postgres",)).start()
    services.append(backup)
    _remember_port(config, "postgres-backup", backup.url)
    url = prepare_supabase_like(backup, "postgres", config.local_secret("backup_postgres_password"))
    return config.with_(backup_database_url=url)


def _replication_up(config: Config) -> str:
    """Replication set up (idempotent) unless the backup serves since a failover; the active database's URL."""
    from app import replication

    pair = replication.Pair.from_config(config)
    states = replication.statuses(pair)
    if states["backup"].get("role") == "active" and states["backup"].get("side") == "backup":
        print(f"the backup serves since a failover (epoch {states['backup']['epoch']}); the primary comes back "
              "fenced: run `ifarm replication failback` to switch back to it")
        return pair.backup
    replication.setup(pair)
    return pair.primary


def _hide_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if not parts.password:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))


def _supervise(children: list[subprocess.Popen]) -> None:
    stop = {"now": False}

    def handler(*_):
        stop["now"] = True

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    while not stop["now"]:
        for child in children:
            if child.poll() is not None:
                raise CliError(f"{' '.join(child.args[3:])} exited with code {child.returncode}; stopping")
        time.sleep(0.2)


def _stop_children(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _remembered_port(config: Config, name: str) -> int:
    from app.embedded import port_open

    path = config.data_dir / f"{name}.port"
    if path.exists():
        port = int(path.read_text())
        if not port_open("127.0.0.1", port):
            return port
    return 0


def _remember_port(config: Config, name: str, url: str) -> None:
    from urllib.parse import urlsplit

    port = urlsplit(url).port
    if port:
        (config.data_dir / f"{name}.port").write_text(str(port))


def cmd_audit(config: Config, args) -> int:
    import psycopg

    month = date.fromisoformat(f"{args.month}-01")
    with psycopg.connect(_config_from_state(config).require_database()) as conn:
        rows = conn.execute("select audit.restore_partition(%s)", (month,)).fetchone()[0]
    print(f"audit log {args.month}: attached again, {rows} entries")
    return 0


def cmd_backup(config: Config, args) -> int:
    from app.backup import backup

    folder = backup(_config_from_state(config).require_database(), Path(args.out or config.data_dir / "backups"))
    manifest = json.loads((folder / "manifest.json").read_text())
    print(f"backup {folder}: {len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
          f"{manifest['bytes']} bytes, sha256 {manifest['sha256'][:16]}...")
    return 0


def cmd_restore(config: Config, args) -> int:
    from app.backup import restore

    result = restore(Path(args.folder), config.require_database())
    if result.mismatched:
        for table, (expected, got) in sorted(result.mismatched.items()):
            print(f"  {table}: {got} rows restored, {expected} in the backup", file=sys.stderr)
        raise CliError(f"restored, but {len(result.mismatched)} table(s) differ from the backup's manifest")
    print(f"restored {result.tables} tables, {result.rows} rows; every count matches the backup's manifest")
    return 0


def cmd_status(config: Config, args) -> int:
    config = _config_from_state(config)
    ok = True
    ok &= _status_postgres(config)
    ok &= _status_replication(config)
    ok &= _status_redis(config)
    ok &= _status_kafka(config)
    ok &= _status_api(config)
    return 0 if ok else 1


def _line(name: str, ok: bool, text: str) -> bool:
    print(f"{name:<10} {'ok  ' if ok else 'DOWN'}  {text}")
    return ok


def _status_postgres(config: Config) -> bool:
    import psycopg

    if not config.database_url:
        return _line("postgres", False, "DATABASE_URL is not set and no `ifarm up` is running")
    try:
        with psycopg.connect(config.database_url, connect_timeout=3) as conn:
            version = conn.execute("show server_version").fetchone()[0]
            level = conn.execute("select max(version) from public.schema_version").fetchone()[0]
            backlog = conn.execute("select outbox.backlog()").fetchone()[0]
            consumers = conn.execute("select outbox.consumer_state()").fetchone()[0]
            notices = conn.execute("select private.notification_backlog()").fetchone()[0]
            jobs = conn.execute("select job, status, started_at, rows_affected from private.job_last_runs "
                                "order by job").fetchall()
    except psycopg.Error as exc:
        return _line("postgres", False, str(exc).strip().splitlines()[0])
    _line("postgres", True, f"PostgreSQL {version}, migration {level}")
    print(f"{'outbox':<10} {'ok  '}  {backlog['pending']} pending, oldest {float(backlog['oldest_age_seconds']):.0f} s")
    lag = {}
    for x in consumers["lag"]:
        lag.setdefault(x["group"], []).append(x)
    for group, parts in sorted(lag.items()):
        print(f"{'consumers':<10} ok    {group}: lag {sum(p['lag'] for p in parts)} over {len(parts)} partitions "
              f"(measured {min(p['age_seconds'] for p in parts):.0f} s ago)")
    print(f"{'notices':<10} {'ok  ' if not notices['failed'] else 'FAIL'}  {notices['pending']} pending "
          f"(oldest {float(notices['oldest_pending_seconds']):.0f} s), {notices['failed']} failed")
    dead = consumers["dead_letters"]
    print(f"{'dlq':<10} {'ok  ' if not dead else 'FAIL'}  {dead} dead-lettered event(s)"
          + (" -- `ifarm events replay`" if dead else ""))
    if not jobs:
        print(f"{'jobs':<10} ok    no job has run yet")
    for job, status, started, rows in jobs:
        print(f"{'job':<10} {'ok  ' if status != 'failed' else 'FAIL'}  {job}: {status} at {started:%Y-%m-%d %H:%M:%S}"
              f" ({rows} rows)")
    return True


def _status_replication(config: Config) -> bool:
    if not config.backup_database_url:
        return _line("backup", True, "not configured (BACKUP_DATABASE_URL)")
    from app.replication import Pair, active_of, other, statuses

    states = statuses(Pair.from_config(config))
    found = active_of({s: v for s, v in states.items() if "error" not in v})
    if found is None:
        return _line("backup", False, "no database of the pair is active (`ifarm replication status`)")
    active, epoch = found
    slot = next(iter(states[active]["slots"]), None)
    standby = states[other(active)]
    text = (f"active {active} at epoch {epoch}; {other(active)} "
            + (standby["role"] if "error" not in standby else "DOWN"))
    if slot:
        text += f"; lag {slot['lag_bytes']} bytes" + (f" / {float(slot['replay_lag_seconds']):.3f} s"
                                                     if slot["replay_lag_seconds"] is not None else "")
    switch = states[active].get("last_switch")
    if switch:
        text += f"; last switch {switch['kind']} at {_age(switch['switched_at'])}"
    return _line("backup", bool(slot and slot["active"]), text)


def _status_redis(config: Config) -> bool:
    if not config.redis_url:
        return _line("redis", True, "not configured (served from PostgreSQL)")
    import redis

    try:
        info = redis.Redis.from_url(config.redis_url, socket_timeout=2).info("server")
    except redis.RedisError as exc:
        return _line("redis", False, str(exc))
    version = info.get("valkey_version") or info.get("redis_version")
    return _line("redis", True, f"{info.get('server_name', 'redis')} {version}")


def _status_kafka(config: Config) -> bool:
    from app.embedded import port_open

    if not config.kafka_bootstrap_servers:
        return _line("kafka", True, "not configured (events wait in the outbox)")
    host, _, port = config.kafka_bootstrap_servers.split(",")[0].rpartition(":")
    reachable = port_open(host, int(port), 2)
    return _line("kafka", reachable, config.kafka_bootstrap_servers)


def _status_api(config: Config) -> bool:
    url = f"http://{config.host}:{config.port}/health"
    try:
        with urllib.request.urlopen(url, timeout=3) as resp:
            body = json.loads(resp.read())
            return _line("api", True, f"{url}: {body['status']}")
    except OSError as exc:
        return _line("api", False, f"{url}: {exc}")


def cmd_keys(config: Config, args) -> int:
    """The anon and service_role keys of this instance (JWTs signed with its JWT secret), as Supabase
    shows them, for `supabase.create_client(url, key)`."""
    from app.auth import api_keys

    config = _config_from_state(config)
    if not config.jwt_secret and not (config.data_dir / "jwt_secret").exists():
        raise CliError("no JWT secret yet: set JWT_SECRET or start the instance (`ifarm up`) first")
    state = _state_path(config)
    url = json.loads(state.read_text()).get("api_url") if state.exists() else f"http://{config.host}:{config.port}"
    keys = api_keys(config.secret())
    print(f"API URL           {url}")
    print(f"anon key          {keys['anon']}")
    print(f"service_role key  {keys['service_role']}   (bypasses row-level security: servers only)")
    return 0


def cmd_bench(config: Config, args) -> int:
    import runpy

    script = Path(__file__).resolve().parent.parent / "bench" / f"{args.what.replace('-', '_')}.py"
    sys.argv = [str(script), *args.rest]
    runpy.run_path(str(script), run_name="__main__")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ifarm", description="iFarm backend")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="run everything, on embedded services unless their URLs are set")
    up.add_argument("--workers", type=int, default=0)
    up.add_argument("--with-backup", action="store_true",
                    help="a second embedded PostgreSQL, set up like Supabase, as the backup database")
    migrate = sub.add_parser("migrate", help="apply migrations and changed functions/views (both databases "
                             "when BACKUP_DATABASE_URL is set)")
    migrate.add_argument("--primary-first", action="store_true",
                         help="migrate the primary before the backup (for a change that removes a column)")
    repl = sub.add_parser("replication", help="the backup database: logical replication, failover, failback")
    repl.add_argument("action", choices=["setup", "status", "failover", "failback", "resync"])
    repl.add_argument("--mode", choices=["async", "sync"], default=None,
                      help="setup: asynchronous (default, REPLICATION_MODE) or synchronous replication")
    repl.add_argument("--reason", default="manual", help="failover: why, kept with the switch")
    seed = sub.add_parser("seed", help="load data")
    seed.add_argument("what", choices=["demo"])
    seed.add_argument("--today", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                      help="date the demo's history as if today were this day (default: the real today)")
    api = sub.add_parser("api", help="run the HTTP API")
    api.add_argument("--workers", type=int, default=0)
    api.add_argument("--port", type=int, default=0)
    sub.add_parser("scheduler", help="run the job scheduler")
    sub.add_parser("relay", help="run the outbox relay")
    sub.add_parser("consumer", help="run the Kafka consumers")
    events = sub.add_parser("events", help="the consumers' dead letters")
    events.add_argument("action", choices=["replay"])
    events.add_argument("--handler", default=None)
    events.add_argument("--event-id", default=None)
    sub.add_parser("status", help="show each component's state")
    sub.add_parser("keys", help="print the anon and service_role API keys (for the Supabase clients)")
    audit = sub.add_parser("audit", help="the audit log's archive")
    audit.add_argument("action", choices=["restore"])
    audit.add_argument("month", metavar="YYYY-MM")
    backup = sub.add_parser("backup", help="a checked logical backup of the database")
    backup.add_argument("--out", default=None, metavar="DIR", help="where to write it (default: .ifarm/backups)")
    restore = sub.add_parser("restore", help="restore a backup into an empty database (DATABASE_URL)")
    restore.add_argument("folder", metavar="DIR")
    mail = sub.add_parser("mail", help="the mail the embedded SMTP server received")
    mail.add_argument("action", nargs="?", choices=["list", "show"], default="list")
    mail.add_argument("number", nargs="?", type=int, default=None, help="which message (default: the newest)")
    mail.add_argument("--raw", action="store_true", help="the whole message as received")
    bench = sub.add_parser("bench", help="run a benchmark from bench/")
    bench.add_argument("what", choices=["request-path", "generate", "bulk-insert", "dashboard", "events",
                                        "notifications", "ingest", "rest", "replication", "fuzz", "soak"])
    bench.add_argument("rest", nargs=argparse.REMAINDER)
    return p


COMMANDS = {"up": cmd_up, "migrate": cmd_migrate, "seed": cmd_seed, "api": cmd_api,
            "scheduler": cmd_scheduler, "relay": cmd_relay, "consumer": cmd_consumer, "events": cmd_events,
            "status": cmd_status, "audit": cmd_audit, "backup": cmd_backup, "restore": cmd_restore,
            "mail": cmd_mail, "keys": cmd_keys, "replication": cmd_replication,
            "bench": cmd_bench}


def main(argv: list[str] | None = None) -> int:
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    args = parser().parse_args(argv)
    debug = args.debug or os.environ.get("IFARM_DEBUG") == "1"
    try:
        return COMMANDS[args.command](Config(), args) or 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if debug:
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"ifarm {args.command}: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
