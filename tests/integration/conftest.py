"""What the integration tests share: a broker of the test's own, a PostgreSQL server a test may stop and
start, and waiting for what other threads do."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from app.consumer import DEAD_LETTER_TOPIC
from app.embedded import EmbeddedKafka, EmbeddedPostgres
from app.migrate import migrate
from app.relay import ensure_topics, run_until_stopped
from tests.conftest import TODAY, noon_utc, set_database_clock
from tests.integration.replication_support import Clusters, start_clusters, stop_clusters


@pytest.fixture
def broker(tmp_path) -> EmbeddedKafka:
    """A broker of this test's own: no other test's messages on its topics."""
    b = EmbeddedKafka(tmp_path / "kafka").start()
    ensure_topics(b.bootstrap, extra=(DEAD_LETTER_TOPIC,))
    yield b
    b.stop()


@contextmanager
def restartable_postgres(data_dir: Path) -> Iterator[tuple[EmbeddedPostgres, str]]:
    """A PostgreSQL server of the caller's own, with a migrated database `app` whose "today" is TODAY:
    (server, url of `app`). The caller may stop and start it (the test suite's shared server must stay up)."""
    server = EmbeddedPostgres(data_dir, settings={"fsync": "off"}).start()
    try:
        with psycopg.connect(server.url, autocommit=True) as conn:
            conn.execute("create database app")
        url = server.url.rsplit("/", 1)[0] + "/app"
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            set_database_clock(conn, noon_utc(TODAY))
        yield server, url
    finally:
        server.stop()


@pytest.fixture
def own_postgres(tmp_path) -> Iterator[tuple[EmbeddedPostgres, str]]:
    """A PostgreSQL server this test may stop and start."""
    with restartable_postgres(tmp_path / "pg") as pair:
        yield pair


@pytest.fixture(scope="session")
def clusters(tmp_path_factory) -> Clusters:
    """The primary and the Supabase-like backup cluster the replication tests share (they run in one xdist
    group, so on one worker; a test that kills the primary starts it again before it ends)."""
    pair = start_clusters(tmp_path_factory.mktemp("replication"))
    yield pair
    stop_clusters(pair)


def until(condition, seconds: float = 30):
    """The condition's first truthy value within the time, else its last (falsy) one."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    return condition()


def running(worker, restarting: bool = False) -> threading.Thread:
    """A relay or consumer on a thread: its run(), or with restarting its process loop (as the CLI runs it)."""
    thread = threading.Thread(target=run_until_stopped if restarting else worker.run,
                              args=(worker,) if restarting else (), daemon=True)
    thread.start()
    return thread


def stop(*pairs) -> None:
    for worker, thread in pairs:
        worker.stop_event.set()
        thread.join(30)
