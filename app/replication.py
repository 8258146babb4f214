"""The backup database (DESIGN section 8): PostgreSQL logical replication from the primary to a backup
(a Supabase project), automatic failover, fencing and failback.

Two databases make a pair: the *primary side* (DATABASE_URL) and the *backup side* (BACKUP_DATABASE_URL).
Each keeps its role in private.node_state -- active (takes application writes), standby (subscribes to
the active one; client writes refused) or fenced (a former primary seen again after a failover) -- and an
epoch that grows at every switch. A process writes to the active database of the highest epoch (Router),
and each of its connections says which epoch it writes for (`ifarm.epoch`), which the write fence in the
database checks (db/functions/120_replication.sql).

Names (REPLICATION_NAME, default ifarm_backup): the forward direction is publication, subscription and
slot `<name>` (primary side -> backup side); the failback direction `<name>_failback`.

Steps PostgreSQL runs only outside a transaction (CREATE/DROP SUBSCRIPTION, REFRESH PUBLICATION) are here;
every decision about roles and epochs is one SQL function (private.promote, private.fence,
private.set_node_role, private.empty_for_resync).
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.json import Jsonb

from app.migrate import DB_DIR, migrate

log = logging.getLogger("ifarm.replication")

SIDES = ("primary", "backup")


class ReplicationError(RuntimeError):
    pass


def other(side: str) -> str:
    return "backup" if side == "primary" else "primary"


def with_options(dsn: str, **settings) -> str:
    """The DSN with `-c name=value` added to its options (server settings for every session on it)."""
    params = conninfo_to_dict(dsn)
    extra = " ".join(f"-c {k}={v}" for k, v in settings.items() if v is not None)
    if not extra:
        return dsn
    options = " ".join(x for x in (params.get("options"), extra) if x)
    return make_conninfo(dsn, options=options)


def resolve(source) -> str:
    """A DSN, or the current one of a Router (or of any callable returning one)."""
    if isinstance(source, Router):
        return source.dsn()
    return source() if callable(source) else source


def database_unavailable(exc: BaseException) -> bool:
    """The database is gone or is not the one to write to (the write fence, PT503): retry on the active
    one; never the message's or the request's fault."""
    if isinstance(exc, psycopg.OperationalError):
        return True
    return isinstance(exc, psycopg.Error) and getattr(exc, "sqlstate", None) == "PT503"


def generation(source) -> int:
    """Grows when the database behind `source` changes: a loop holding connections reconnects."""
    return source.generation if isinstance(source, Router) else 0


def _admin(dsn: str) -> psycopg.Connection:
    """An owner session for a replication step: autocommit, and its commits never wait for a synchronous
    standby (an admin step must not hang on the backup it is repairing)."""
    return psycopg.connect(with_options(dsn, synchronous_commit="local"), autocommit=True, connect_timeout=5,
                           application_name="ifarm-replication")


def _set_role(conn: psycopg.Connection, role: str, epoch: int, side: str, pair: Pair, reason: str) -> None:
    conn.execute("select private.set_node_role(%s, %s, %s, %s, %s, %s)",
                 (role, epoch, side, pair.name, pair.mode, reason))


def _status(conn: psycopg.Connection) -> dict:
    return conn.execute("select private.replication_status()").fetchone()[0]


def _wait(what: str, seconds: float, check: Callable[[], object], every: float = 0.05):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise ReplicationError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(every)


@dataclass(frozen=True)
class Pair:
    """The two databases and what connects them."""

    primary: str  # owner DSN of the primary side (DATABASE_URL)
    backup: str  # owner DSN of the backup side (BACKUP_DATABASE_URL)
    name: str = "ifarm_backup"
    primary_conninfo: str = ""  # how the backup's subscription reaches the primary (replication role)
    backup_conninfo: str = ""  # how the primary's failback subscription reaches the backup
    mode: str = "async"
    wait_seconds: float = 600

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,50}", self.name):
            raise ReplicationError(f"REPLICATION_NAME {self.name!r}: lower-case letters, digits and _ only")
        if self.mode not in ("async", "sync"):
            raise ReplicationError(f"REPLICATION_MODE {self.mode!r}: async or sync")

    @classmethod
    def from_config(cls, config) -> Pair:
        if not config.backup_database_url:
            raise ReplicationError("BACKUP_DATABASE_URL is not set")
        return cls(primary=config.require_database(), backup=config.backup_database_url,
                   name=config.replication_name, primary_conninfo=config.replication_primary_conninfo(),
                   backup_conninfo=config.replication_backup_conninfo(), mode=config.replication_mode,
                   wait_seconds=config.replication_wait_seconds)

    def dsn(self, side: str) -> str:
        return self.primary if side == "primary" else self.backup

    def conninfo(self, side: str) -> str:
        """What a subscription on the other side connects to `side` with."""
        return self.primary_conninfo if side == "primary" else self.backup_conninfo

    def channel(self, publisher_side: str) -> str:
        """The publication, subscription and slot name for a direction, named by its publisher."""
        return self.name if publisher_side == "primary" else f"{self.name}_failback"


# ---------------------------------------------------------------- reading the pair


def statuses(pair: Pair) -> dict[str, dict]:
    """Each side's private.replication_status(), or {"error": ...} when it cannot be reached."""
    result = {}
    for side in SIDES:
        try:
            with _admin(pair.dsn(side)) as conn:
                result[side] = _status(conn)
        except (psycopg.errors.UndefinedFunction, psycopg.errors.InvalidSchemaName):
            result[side] = {"role": None, "epoch": 0, "fresh": True}  # not migrated yet
        except psycopg.Error as exc:
            result[side] = {"error": str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}
    return result


def active_of(states: dict[str, dict | None]) -> tuple[str, int] | None:
    """The reachable side that is active at the highest epoch."""
    live = [(s["epoch"], side) for side, s in states.items() if s and s.get("role") == "active"]
    if not live:
        return None
    epoch, side = max(live)
    return side, epoch


def promotable(state: dict | None) -> bool:
    """A standby that holds a full copy: an enabled subscription whose tables are all copied."""
    if not state or state.get("role") != "standby":
        return False
    return any(s["enabled"] and s["tables"] > 0 and s["tables"] == s["tables_ready"]
               for s in state.get("subscriptions", []))


# ---------------------------------------------------------------- migrations on both databases


def repo_versions(db_dir: Path = DB_DIR) -> set[int]:
    return {int(m.group(1)) for p in (db_dir / "migrations").glob("V*__*.sql")
            if (m := re.match(r"V(\d+)__", p.name))}


def applied_versions(dsn: str) -> set[int]:
    with _admin(dsn) as conn:
        if conn.execute("select to_regclass('public.schema_version')").fetchone()[0] is None:
            return set()
        return {r[0] for r in conn.execute("select version from public.schema_version")}


def _node_role(dsn: str) -> str | None:
    with _admin(dsn) as conn:
        if conn.execute("select to_regclass('private.node_state')").fetchone()[0] is None:
            return None
        return conn.execute("select role from private.node_state").fetchone()[0]


def _migrate_side(dsn: str, role: str | None, db_dir: Path) -> None:
    # A standby's fence refuses writes; the migrations (DDL, and data they change) pass it.
    migrate(dsn if role in (None, "active") else with_options(dsn, **{"ifarm.bypass_fence": "on"}), db_dir)


def migrate_pair(pair: Pair, db_dir: Path = DB_DIR, primary_first: bool = False, say=print) -> dict:
    """`ifarm migrate` with a backup: both databases to the checkout's level, the subscriber first (an
    added column must exist where rows are applied before the publisher sends it; `primary_first` for a
    change that removes something). Refused, changing nothing, when either database has a migration
    this checkout does not know, or the backup cannot be reached. Afterwards the publication follows
    the registry (new tables are published and copied) and every published column has somewhere to go."""
    repo = repo_versions(db_dir)
    applied = {}
    for side in SIDES:
        try:
            applied[side] = applied_versions(pair.dsn(side))
        except psycopg.OperationalError as exc:
            raise ReplicationError(f"the {side} database cannot be reached, so migrating would leave the two at "
                                   f"different versions: {str(exc).strip().splitlines()[0]}") from exc
        unknown = sorted(applied[side] - repo)
        if unknown:
            raise ReplicationError(f"the {side} database has migrations this checkout does not know "
                                   f"({', '.join(f'V{v:04d}' for v in unknown)}): deploy the newer checkout")
    roles = {side: _node_role(pair.dsn(side)) for side in SIDES}
    publisher = next((s for s in SIDES if roles[s] == "active"), "primary")
    subscriber = other(publisher)
    order = [publisher, subscriber] if primary_first else [subscriber, publisher]
    for side in order:
        before = max(applied[side], default=0)
        _migrate_side(pair.dsn(side), roles[side], db_dir)
        after = max(applied_versions(pair.dsn(side)), default=0)
        say(f"{side}: migrated {'to' if after != before else 'already at'} version {after}")
    refresh_publication(pair, publisher)
    problems = schema_problems(pair, publisher)
    if problems:
        raise ReplicationError("the backup cannot apply what the primary publishes: " + "; ".join(problems))
    return {"versions": {s: max(applied_versions(pair.dsn(s)), default=0) for s in SIDES}, "order": order}


def refresh_publication(pair: Pair, publisher: str) -> None:
    """The publication follows the registry, and the subscriber copies the tables it gained."""
    channel = pair.channel(publisher)
    with _admin(pair.dsn(publisher)) as pub:
        if pub.execute("select 1 from pg_publication where pubname = %s", (channel,)).fetchone() is None:
            return  # replication is not set up
        pub.execute("select private.sync_publication(%s, null, %s)", (channel, _reader(pair, publisher)))
    with _admin(pair.dsn(other(publisher))) as sub:
        row = sub.execute("select subenabled from pg_subscription s join pg_database d on d.oid = s.subdbid "
                          "where d.datname = current_database() and s.subname = %s", (channel,)).fetchone()
        if row and row[0]:
            sub.execute(sql.SQL("alter subscription {} refresh publication with (copy_data = true)")
                        .format(sql.Identifier(channel)))


_COLUMNS = """
select n.nspname || '.' || c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.atthasdef or a.attidentity <> '' or a.attgenerated <> ''
from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
where a.attnum > 0 and not a.attisdropped and (n.nspname || '.' || c.relname) = any(%s)
"""


def schema_problems(pair: Pair, publisher: str) -> list[str]:
    """What would stop the apply: a published column missing on the subscriber, a different type, or a
    subscriber-only column that is NOT NULL without a default."""
    with _admin(pair.dsn(publisher)) as pub:
        tables = [r[0] for r in pub.execute(
            "select schemaname || '.' || tablename from pg_publication_tables where pubname = %s",
            (pair.channel(publisher),))]
        if not tables:
            return []
        source = {(t, c): ty for t, c, ty, _, _ in pub.execute(_COLUMNS, (tables,))}
    with _admin(pair.dsn(other(publisher))) as sub:
        target = {(t, c): (ty, notnull, default) for t, c, ty, notnull, default in sub.execute(_COLUMNS, (tables,))}
    problems = [f"{t}.{c} is missing on the {other(publisher)}" for (t, c) in source if (t, c) not in target]
    problems += [f"{t}.{c} is {target[(t, c)][0]} on the {other(publisher)}, {ty} on the {publisher}"
                 for (t, c), ty in source.items() if (t, c) in target and target[(t, c)][0] != ty]
    problems += [f"{t}.{c} is NOT NULL without a default on the {other(publisher)} only"
                 for (t, c), (_, notnull, default) in target.items()
                 if (t, c) not in source and notnull and not default]
    return sorted(problems)


# ---------------------------------------------------------------- the steps


def _server_version(conn: psycopg.Connection) -> int:
    return int(conn.execute("show server_version_num").fetchone()[0])


def ensure_replication_role(conn: psycopg.Connection, conninfo: str) -> None:
    """The role the backup's subscription logs in as on the primary: REPLICATION to stream and BYPASSRLS
    (without it the initial copy of a tenant table copies nothing and reports success); SELECT on the
    published tables comes with the publication (private.sync_publication). Created or updated when the
    subscription's conninfo names a password."""
    params = conninfo_to_dict(conninfo)
    user, password = params.get("user"), params.get("password")
    if not user or not password:
        return
    exists = conn.execute("select 1 from pg_roles where rolname = %s", (user,)).fetchone()
    verb = sql.SQL("alter role") if exists else sql.SQL("create role")
    conn.execute(sql.SQL("{} {} with login replication bypassrls password {}")
                 .format(verb, sql.Identifier(user), sql.Literal(password)))


def _reader(pair: Pair, publisher: str) -> str | None:
    """The role the other side's subscription logs in as (it reads the tables for the initial copy)."""
    return conninfo_to_dict(pair.conninfo(publisher)).get("user")


def drop_channel(pair: Pair, publisher: str) -> None:
    """Removes one direction: the subscription (its slot dropped on the publisher when reachable), a
    leftover slot, and the failback publication. Safe when any part is already gone."""
    channel = pair.channel(publisher)
    subscriber = other(publisher)
    with _admin(pair.dsn(subscriber)) as sub:
        if sub.execute("select 1 from pg_subscription s join pg_database d on d.oid = s.subdbid "
                       "where d.datname = current_database() and s.subname = %s", (channel,)).fetchone():
            name = sql.Identifier(channel)
            sub.execute(sql.SQL("alter subscription {} disable").format(name))
            sub.execute(sql.SQL("alter subscription {} set (slot_name = none)").format(name))
            sub.execute(sql.SQL("drop subscription {}").format(name))
    try:
        with _admin(pair.dsn(publisher)) as pub:
            _wait(f"slot {channel} to be released", 30, lambda: not pub.execute(
                "select 1 from pg_replication_slots where slot_name = %s and active", (channel,)).fetchone())
            pub.execute("select pg_drop_replication_slot(slot_name) from pg_replication_slots "
                        "where slot_name = %s", (channel,))
            if publisher == "backup":
                pub.execute(sql.SQL("drop publication if exists {}").format(sql.Identifier(channel)))
    except psycopg.OperationalError:
        if publisher == "backup":
            raise
        # The primary is gone: its slot goes with it, or is dropped when it comes back (resync).


def subscribe(pair: Pair, publisher: str, copy_data: bool, tables: list[str] | None = None) -> None:
    """The subscription of the other side to `publisher`'s publication. With copy_data the subscriber's
    replicated tables are emptied first and copied again. Options: the apply worker runs as the
    subscription's owner (run_as_owner, PostgreSQL >= 16), which on Supabase is `postgres`, BYPASSRLS, so
    forced RLS does not stop it; origin = none (>= 16) sends back nothing that was applied from elsewhere;
    synchronous_commit = local (with the default, off, a synchronous primary waited ~200 ms per commit)."""
    channel = pair.channel(publisher)
    subscriber = other(publisher)
    with _admin(pair.dsn(publisher)) as pub:
        pub.execute("select private.sync_publication(%s, %s, %s)", (channel, tables, _reader(pair, publisher)))
        leftover = pub.execute("select active from pg_replication_slots where slot_name = %s", (channel,)).fetchone()
        if leftover and not leftover[0]:
            pub.execute("select pg_drop_replication_slot(%s)", (channel,))
    with _admin(pair.dsn(subscriber)) as sub:
        if copy_data:
            sub.execute("select private.empty_for_resync(%s)", (tables,))
        version = _server_version(sub)
        options = [sql.SQL("copy_data = {}").format(sql.Literal(copy_data)),
                   sql.SQL("synchronous_commit = 'local'")]
        if version >= 160000:
            options += [sql.SQL("run_as_owner = true"), sql.SQL("origin = none")]
        sub.execute(sql.SQL("create subscription {} connection {} publication {} with ({})").format(
            sql.Identifier(channel), sql.Literal(pair.conninfo(publisher)), sql.Identifier(channel),
            sql.SQL(", ").join(options)))


def wait_copied(pair: Pair, subscriber: str, say=print) -> None:
    """Until every table of the subscription is copied and in step (pg_subscription_rel state r)."""
    channel = pair.channel(other(subscriber))
    with _admin(pair.dsn(subscriber)) as sub:
        said = [0.0]

        def copied() -> bool:
            total, ready, errors = sub.execute(
                "select count(*), count(*) filter (where r.srsubstate = 'r'), "
                "coalesce(max(st.sync_error_count + st.apply_error_count), 0) "
                "from pg_subscription s left join pg_subscription_rel r on r.srsubid = s.oid "
                "left join pg_stat_subscription_stats st on st.subid = s.oid where s.subname = %s",
                (channel,)).fetchone()
            done = total > 0 and total == ready
            if done or time.monotonic() - said[0] > 5:
                say(f"{subscriber}: {ready} of {total} tables copied" + (f", {errors} error(s) so far "
                                                                         "(see the server log)" if errors else ""))
                said[0] = time.monotonic()
            return done

        _wait(f"the initial copy of {channel}", pair.wait_seconds, copied, every=0.1)


def wait_caught_up(pair: Pair, source: str, seconds: float | None = None) -> float:
    """A beat written on `source` and waited for on the other side: once it arrives, every change
    committed on `source` before it has been applied there. Returns the seconds it took."""
    start = time.monotonic()
    with _admin(pair.dsn(source)) as src:
        token = src.execute("select private.beat(%s)", (source,)).fetchone()[0]
    with _admin(pair.dsn(other(source))) as dst:
        _wait(f"the {other(source)} to apply everything the {source} committed", seconds or pair.wait_seconds,
              lambda: dst.execute("select 1 from private.replication_beats where source = %s and token = %s",
                                  (source, token)).fetchone(), every=0.01)
    return time.monotonic() - start


def wait_for_older_transactions(conn: psycopg.Connection, seconds: float = 30) -> None:
    """Until every transaction that began before now has ended: a writer that passed the fence before a
    freeze commits before the marker that follows the freeze, so the marker arrives after its changes."""
    horizon = conn.execute("select pg_snapshot_xmax(pg_current_snapshot())").fetchone()[0]
    _wait("transactions older than the freeze", seconds, lambda: conn.execute(
        "select pg_snapshot_xmin(pg_current_snapshot()) >= %s::xid8", (horizon,)).fetchone()[0])


def _drain_outbox(conn: psycopg.Connection, seconds: float) -> int:
    """Lets the relay publish the events of a frozen database's last writes (the outbox is not
    replicated): until none is pending, the backlog stops shrinking for a second (no relay, or Kafka
    down), or `seconds` pass. Returns how many are left."""
    deadline = time.monotonic() + seconds
    pending = conn.execute("select outbox.backlog()").fetchone()[0]["pending"]
    progress_at = time.monotonic()
    while pending and time.monotonic() < deadline and time.monotonic() - progress_at < 1.0:
        time.sleep(0.05)
        now = conn.execute("select outbox.backlog()").fetchone()[0]["pending"]
        if now < pending:
            progress_at = time.monotonic()
        pending = now
    return pending


def set_mode(pair: Pair, active: str) -> None:
    """Synchronous mode: the active database's commits wait until the standby's subscription has the
    change (synchronous_standby_names names it; cluster-wide, so other databases of that server wait too).
    Asynchronous: nothing waits. Needs a role that may ALTER SYSTEM."""
    channel = pair.channel(active)
    with _admin(pair.dsn(active)) as conn:
        current = conn.execute("show synchronous_standby_names").fetchone()[0]
        wanted = f'FIRST 1 ("{channel}")' if pair.mode == "sync" else ""
        if pair.mode == "async" and channel not in current:
            return  # someone else's synchronous standby, not ours to clear
        if current != wanted:
            conn.execute(sql.SQL("alter system set synchronous_standby_names = {}").format(sql.Literal(wanted)))
            conn.execute("select pg_reload_conf()")


def _stop_waiting_for(dsn: str) -> None:
    """A database that stops being active stops naming a synchronous standby: nothing would ever confirm."""
    with _admin(dsn) as conn:
        if conn.execute("show synchronous_standby_names").fetchone()[0]:
            conn.execute("alter system reset synchronous_standby_names")
            conn.execute("select pg_reload_conf()")


def setup(pair: Pair, db_dir: Path = DB_DIR, say=print) -> dict:
    """Publication on the primary, the backup migrated like it and subscribed, the initial copy waited
    for, the mode applied. Safe to run again: what exists is kept (new tables are added and copied)."""
    states = statuses(pair)
    for side in SIDES:
        if "error" in states[side]:
            raise ReplicationError(f"the {side} database cannot be reached: {states[side]['error']}")
    if states["backup"].get("side") == "backup" and states["backup"]["role"] == "active":
        raise ReplicationError(f"the backup serves since a failover (epoch {states['backup']['epoch']}): "
                               "run `ifarm replication failback`")
    with _admin(pair.primary) as p:
        if p.execute("show wal_level").fetchone()[0] != "logical":
            raise ReplicationError("the primary's wal_level is not logical (set wal_level = logical and restart it)")
    migrate_pair(pair, db_dir, say=say)
    epoch = max(states["primary"]["epoch"], states["backup"]["epoch"], 1)
    with _admin(pair.primary) as p:
        ensure_replication_role(p, pair.primary_conninfo)
        _set_role(p, "active", epoch, "primary", pair, "setup")
    with _admin(pair.backup) as b:
        _set_role(b, "standby", epoch, "backup", pair, "setup")
        existing = b.execute("select subenabled from pg_subscription s join pg_database d on d.oid = s.subdbid "
                             "where d.datname = current_database() and s.subname = %s", (pair.name,)).fetchone()
    if existing:
        with _admin(pair.backup) as b:
            name = sql.Identifier(pair.name)
            b.execute(sql.SQL("alter subscription {} connection {}").format(name, sql.Literal(pair.primary_conninfo)))
            if not existing[0]:
                b.execute(sql.SQL("alter subscription {} enable").format(name))
        refresh_publication(pair, "primary")
        say(f"backup: subscription {pair.name} exists; publication refreshed")
    else:
        subscribe(pair, "primary", copy_data=True)
        say(f"backup: subscription {pair.name} created; copying")
    wait_copied(pair, "backup", say)
    lag = wait_caught_up(pair, "primary")
    with _admin(pair.backup) as b:
        b.execute("select private.refresh_dashboard_views()")
    set_mode(pair, "primary")
    if not existing:
        with _admin(pair.primary) as p:
            p.execute("select private.record_switch('setup', %s, 'primary', %s)", (epoch, Jsonb({"mode": pair.mode})))
    say(f"replication {pair.name} is set up ({pair.mode}); the backup applied a marker {lag * 1000:.0f} ms after it "
        "was written")
    return {"epoch": epoch, "mode": pair.mode, "copied": not existing}


def failover(pair: Pair, reason: str = "manual", say=print) -> int:
    """Makes the backup active under a new epoch. When the primary still answers this is a switchover that
    loses nothing: the primary is fenced first, and the backup promoted once it has applied everything
    the primary committed. Otherwise the backup is promoted at once (asynchronous mode loses what it had
    not received). Returns the new epoch."""
    states = statuses(pair)
    backup = states["backup"]
    if "error" in backup:
        raise ReplicationError(f"the backup cannot be reached: {backup['error']}")
    if backup["role"] == "active":
        say(f"the backup is already active (epoch {backup['epoch']})")
        return backup["epoch"]
    if not promotable(backup):
        raise ReplicationError("the backup holds no complete copy (no enabled subscription with every table "
                               "copied): run `ifarm replication setup` first")
    primary = states["primary"]
    if "error" not in primary and primary["role"] == "active":
        with _admin(pair.primary) as p:
            _set_role(p, "fenced", primary["epoch"], "primary", pair, f"switchover: {reason}")
            wait_for_older_transactions(p)
        took = wait_caught_up(pair, "primary")
        say(f"primary fenced; the backup caught up in {took * 1000:.0f} ms")
    with _admin(pair.backup) as b:
        epoch = b.execute("select private.promote(%s, %s)", (backup["epoch"], reason)).fetchone()[0]
        _wait("the backup's apply worker to stop", 10, lambda: not b.execute(
            "select 1 from pg_stat_subscription where pid is not null and subname = %s", (pair.name,)).fetchone())
    say(f"the backup is active at epoch {epoch}")
    return epoch


def resync(pair: Pair, db_dir: Path = DB_DIR, say=print) -> dict:
    """Makes the side that is not active a fresh standby of the active one: its replicated tables emptied
    and copied again, then streaming. After a failover this re-syncs the former primary from the backup
    (the safe way: nothing it held that the backup never confirmed survives); otherwise it re-copies the
    backup. Refuses when no side is active or the other side cannot be reached."""
    states = statuses(pair)
    found = active_of({s: v for s, v in states.items() if "error" not in v})
    if found is None:
        raise ReplicationError("no database of the pair is active")
    active, epoch = found
    standby = other(active)
    if "error" in states[standby]:
        raise ReplicationError(f"the {standby} database cannot be reached: {states[standby]['error']}")
    _stop_waiting_for(pair.dsn(standby))
    _migrate_side(pair.dsn(standby), "fenced", db_dir)  # a new server replacing a lost primary starts empty
    with _admin(pair.dsn(standby)) as conn:
        if conn.execute("select private.fence(%s, 'resync')", (epoch,)).fetchone()[0]:
            say(f"{standby}: fenced (it was active at an older epoch)")
    with _admin(pair.dsn(active)) as a:
        tables = [r[0] for r in a.execute("select table_name from private.replicated_tables()")]
        if active == "primary":
            ensure_replication_role(a, pair.primary_conninfo)
    # While the standby is copied nothing can confirm a synchronous commit: the active database runs
    # asynchronously until the copy has caught up (set_mode below), instead of stopping every write.
    _stop_waiting_for(pair.dsn(active))
    for publisher in SIDES:
        drop_channel(pair, publisher)
    with _admin(pair.dsn(standby)) as s:
        _set_role(s, "standby", epoch, standby, pair, "resync")
    subscribe(pair, active, copy_data=True, tables=tables)
    say(f"{standby}: emptied and subscribed to the {active}; copying")
    wait_copied(pair, standby, say)
    wait_caught_up(pair, active)
    with _admin(pair.dsn(standby)) as s:
        s.execute("select private.refresh_dashboard_views()")
    if active == "primary":
        set_mode(pair, "primary")
    with _admin(pair.dsn(active)) as a:
        a.execute("select private.record_switch('resync', %s, %s, %s)",
                  (epoch, active, Jsonb({"standby": standby})))
    say(f"{standby} is a standby of the {active} again (epoch {epoch})")
    return {"active": active, "standby": standby, "epoch": epoch}


def failback(pair: Pair, db_dir: Path = DB_DIR, say=print, drain_seconds: float = 10) -> int:
    """After a failover: the primary re-synced from the backup (unless it already is its standby), the
    backup frozen, the primary given everything the backup committed, then the primary active under a
    new epoch and the backup its standby again (a new forward subscription with nothing to copy, created
    while nothing writes). Returns the new epoch."""
    states = statuses(pair)
    if "error" in states["backup"] or states["backup"]["role"] != "active":
        raise ReplicationError("failback needs the backup active (after a failover); "
                               f"it is {states['backup'].get('role') or states['backup'].get('error')}")
    if "error" in states["primary"]:
        raise ReplicationError(f"the primary cannot be reached: {states['primary']['error']}")
    if not promotable(states["primary"]):
        resync(pair, db_dir, say)
    epoch = statuses(pair)["backup"]["epoch"]
    start = time.monotonic()
    with _admin(pair.backup) as b:
        _set_role(b, "standby", epoch, "backup", pair, "failback: frozen")
        wait_for_older_transactions(b)
        left = _drain_outbox(b, drain_seconds)
        if left:
            say(f"backup: {left} event(s) stay unpublished in its outbox (is the relay running?); the relay "
                "publishes them if the backup serves again")
    wait_caught_up(pair, "backup")
    drop_channel(pair, "backup")
    drop_channel(pair, "primary")  # a forward subscription left from before the failover, if any
    with _admin(pair.primary) as p:
        ensure_replication_role(p, pair.primary_conninfo)  # a new primary server has none yet
    subscribe(pair, "primary", copy_data=False)
    with _admin(pair.primary) as p:
        _set_role(p, "active", epoch + 1, "primary", pair, "failback")
    with _admin(pair.backup) as b:
        _set_role(b, "standby", epoch + 1, "backup", pair, "failback")
    frozen = time.monotonic() - start
    set_mode(pair, "primary")
    with _admin(pair.primary) as p:
        p.execute("select private.record_switch('failback', %s, 'primary', %s)",
                  (epoch + 1, Jsonb({"writes_refused_seconds": round(frozen, 3)})))
        p.execute("select private.refresh_dashboard_views()")
    say(f"the primary is active again at epoch {epoch + 1} (writes were refused for {frozen:.1f} s)")
    return epoch + 1


# ---------------------------------------------------------------- following the active database


class Router:
    """Where this process writes: the active database of the pair and the epoch it holds. Thread-safe;
    `generation` grows at every switch, so pools and loops know to reconnect."""

    def __init__(self, dsns: dict[str, str], side: str = "primary"):
        self.dsns = dsns
        self.side = side
        self.epoch: int | None = None
        self.generation = 0
        self._lock = threading.Lock()

    def dsn(self) -> str:
        """The active database's DSN; its sessions carry ifarm.epoch, which the fence checks."""
        with self._lock:
            side, epoch = self.side, self.epoch
        return with_options(self.dsns[side], **({"ifarm.epoch": epoch} if epoch is not None else {}))

    def switch(self, side: str, epoch: int) -> bool:
        with self._lock:
            if (side, epoch) == (self.side, self.epoch):
                return False
            self.side, self.epoch = side, epoch
            self.generation += 1
        log.warning("writing to the %s database now (epoch %s)", side, epoch,
                    extra={"fields": {"side": side, "epoch": epoch}})
        return True


@dataclass(frozen=True)
class FailoverSettings:
    automatic: bool = True
    interval: float = 0.5  # seconds between probes
    failures: int = 3  # consecutive failed probes of the active database before promoting the standby
    timeout: float = 1.0  # seconds a probe may take

    @classmethod
    def from_config(cls, config) -> FailoverSettings:
        return cls(config.failover_automatic, config.failover_probe_interval, config.failover_probe_failures,
                   config.failover_probe_timeout)


@dataclass
class Monitor:
    """Probes both databases every `interval`: follows the active one of the highest epoch, fences a
    former primary that comes back still active at an older epoch, and -- when allowed -- promotes the
    standby after `failures` consecutive failed probes of the active database (only a standby that
    holds a complete copy and was at the epoch this process last wrote under)."""

    router: Router
    probe_dsns: dict[str, str]
    settings: FailoverSettings = field(default_factory=FailoverSettings)
    can_promote: bool = True
    as_service_role: bool = False  # the API probes as authenticator and promotes as service_role
    on_switch: Callable | None = None
    states: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    failures: int = 0
    promotions: int = 0
    _conns: dict = field(default_factory=dict)

    async def _connect(self, side: str) -> psycopg.AsyncConnection:
        conn = self._conns.get(side)
        if conn is None or conn.closed:
            conn = await asyncio.wait_for(psycopg.AsyncConnection.connect(
                self.probe_dsns[side], autocommit=True, connect_timeout=max(2, int(self.settings.timeout + 0.999)),
                application_name="ifarm-monitor"), self.settings.timeout)
            self._conns[side] = conn
        return conn

    async def _drop(self, side: str) -> None:
        conn = self._conns.pop(side, None)
        if conn is not None:
            try:
                await asyncio.wait_for(conn.close(), 0.5)
            except Exception:  # noqa: BLE001 - it is being discarded
                pass

    async def probe(self, side: str) -> dict | None:
        """The side's status; None when it cannot be reached (only that counts as a failed probe). A side
        that answers with an error (not migrated, no privilege) is reachable with no role: never promoted,
        never followed, and not a reason to promote the other."""
        try:
            conn = await self._connect(side)
            cur = await asyncio.wait_for(conn.execute("select private.replication_status()"), self.settings.timeout)
            row = await cur.fetchone()
            self.errors.pop(side, None)
            return row[0]
        except (psycopg.OperationalError, OSError, TimeoutError) as exc:
            self.errors[side] = f"{type(exc).__name__}: {str(exc).strip()[:200]}"
            await self._drop(side)
            return None
        except psycopg.Error as exc:
            self.errors[side] = f"{type(exc).__name__}: {str(exc).strip()[:200]}"
            await self._drop(side)
            return {"role": None, "epoch": None, "error": self.errors[side]}

    async def _call(self, side: str, statement: str, params: tuple):
        conn = await self._connect(side)
        async with conn.transaction():
            if self.as_service_role:
                await conn.execute("select set_config('role', 'service_role', true)")
            cur = await asyncio.wait_for(conn.execute(statement, params), max(5.0, self.settings.timeout))
            return (await cur.fetchone())[0]

    async def tick(self) -> bool:
        """One round of probes and decisions; True when the router switched."""
        found = await asyncio.gather(*(self.probe(side) for side in SIDES))
        self.states = dict(zip(SIDES, found, strict=True))
        changed = False
        best = active_of(self.states)
        if best is not None:
            side, epoch = best
            for stale, state in self.states.items():
                if stale != side and state and state["role"] == "active" and state["epoch"] < epoch:
                    await self.fence(stale, epoch)
            changed = self.router.switch(side, epoch)
        current = self.router.side
        self.failures = 0 if self.states.get(current) else self.failures + 1
        standby = self.states.get(other(current))
        if (self.can_promote and self.settings.automatic and self.failures >= self.settings.failures
                and promotable(standby) and standby["epoch"] == self.router.epoch):
            epoch = await self.promote(other(current), standby["epoch"])
            if epoch is not None:
                changed = self.router.switch(other(current), epoch) or changed
                self.failures = 0
        if changed and self.on_switch is not None:
            result = self.on_switch()
            if asyncio.iscoroutine(result):
                await result
        return changed

    async def promote(self, side: str, expected: int) -> int | None:
        reason = f"{self.settings.failures} failed probes of the {other(side)}: {self.errors.get(other(side), '')}"
        try:
            epoch = await self._call(side, "select private.promote(%s, %s)", (expected, reason[:500]))
        except psycopg.Error as exc:
            log.error("promotion failed", extra={"fields": {"side": side, "error": str(exc)[:300]}})
            await self._drop(side)
            return None
        self.promotions += 1
        log.warning("promoted the %s database to active (epoch %s)", side, epoch,
                    extra={"fields": {"side": side, "epoch": epoch, "reason": reason}})
        return epoch

    async def fence(self, side: str, epoch: int) -> None:
        try:
            if await self._call(side, "select private.fence(%s, %s)", (epoch, "seen active at an older epoch")):
                log.warning("fenced the %s database (a newer epoch %s is active)", side, epoch)
        except psycopg.Error as exc:
            log.error("fencing failed", extra={"fields": {"side": side, "error": str(exc)[:300]}})
            await self._drop(side)

    async def run(self, stopped: Callable[[], bool]) -> None:
        try:
            while not stopped():
                started = time.monotonic()
                try:
                    await self.tick()
                except Exception:  # noqa: BLE001 - the monitor must outlive any one bad round
                    log.exception("replication monitor round failed")
                await asyncio.sleep(max(0.0, self.settings.interval - (time.monotonic() - started)))
        finally:
            for side in list(self._conns):
                await self._drop(side)

    def summary(self) -> dict:
        """For /health, /metrics and logs: the sides as last probed, and the way to the standby."""
        sides = {}
        for side in SIDES:
            state = self.states.get(side)
            sides[side] = ({"reachable": True, "role": state["role"], "epoch": state["epoch"]} if state
                           else {"reachable": False, "error": self.errors.get(side)})
            if state and state.get("error"):
                sides[side]["error"] = state["error"]
        active = self.states.get(self.router.side) or {}
        standby_state = self.states.get(other(self.router.side)) or {}
        slot = next(iter(active.get("slots") or []), None)
        sub = next(iter(standby_state.get("subscriptions") or []), None)
        streaming = bool(slot and slot["active"] and sub and sub["enabled"])
        lag_bytes = slot["lag_bytes"] if slot else None
        # pg_stat_replication shows no lag once the standby has caught up and nothing is written.
        lag_seconds = (slot.get("replay_lag_seconds") or 0.0) if slot and slot["active"] else None
        status = "ok" if (active.get("role") == "active" and streaming) else (
            "down" if not active else "degraded")
        return {"status": status, "active": self.router.side, "epoch": self.router.epoch,
                "automatic_failover": self.settings.automatic and self.can_promote, "sides": sides,
                "streaming": streaming, "lag_bytes": lag_bytes, "lag_seconds": lag_seconds,
                "subscription": sub, "mode": active.get("mode"), "last_switch": active.get("last_switch"),
                "open_incidents": [i["kind"] for i in active.get("open_incidents") or []]}


class MonitorThread:
    """A Monitor on a thread of its own (the scheduler, the relay and the consumers are not asyncio)."""

    def __init__(self, monitor: Monitor):
        self.monitor = monitor
        self._stop = threading.Event()
        self._ready = threading.Event()
        self.thread = threading.Thread(target=self._main, name="ifarm-monitor", daemon=True)

    def _main(self) -> None:
        async def main() -> None:
            await self.monitor.tick()
            self._ready.set()
            await self.monitor.run(self._stop.is_set)

        try:
            asyncio.run(main())
        finally:
            self._ready.set()

    def start(self, wait: float = 5.0) -> MonitorThread:
        self.thread.start()
        self._ready.wait(wait)
        return self

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(10)


def process_router(config, can_promote: bool, on_switch: Callable | None = None
                   ) -> tuple[str | Router, MonitorThread | None]:
    """For the scheduler, the relay and the consumers: where to write (a Router following the active
    database when a backup is configured, else DATABASE_URL) and the monitor thread keeping it current."""
    if not config.backup_database_url:
        return config.require_database(), None
    dsns = {"primary": config.require_database(), "backup": config.backup_database_url}
    router = Router(dsns)
    monitor = Monitor(router, dsns, FailoverSettings.from_config(config), can_promote=can_promote,
                      on_switch=on_switch)
    return router, MonitorThread(monitor).start()
