"""`ifarm api` with two workers: a stop signal at any point of its start-up ends it, leaving no process
behind (upstream Sanic spins forever on a SIGTERM that arrives while its workers start: sanic issue 2997)."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time

import psutil
import pytest

from tests.api.conftest import launch_api
from tests.integration.conftest import until


def descendants(proc: psutil.Process) -> set[psutil.Process]:
    try:
        return set(proc.children(recursive=True))
    except psutil.NoSuchProcess:
        return set()


def test_sigterm_while_the_workers_start_stops_the_api_and_all_its_processes(api_db, tmp_path):
    proc, _, errors = launch_api(api_db, {}, tmp_path, workers=2)
    main = psutil.Process(proc.pid)
    seen: set[psutil.Process] = set()

    def left() -> list[psutil.Process]:
        return [p for p in [main, *seen] if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]

    try:
        # The signal goes as soon as the workers exist: they take about a second to import and build the
        # app, so the manager is still waiting for their acknowledgements.
        deadline = time.monotonic() + 30
        while len(seen) < 3 and time.monotonic() < deadline and proc.poll() is None:
            seen.update(descendants(main))
            time.sleep(0.01)
        assert len(seen) >= 3, errors.read_text(errors="replace")[-2000:]
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            pytest.fail("the API did not stop within 20 s of SIGTERM")
        assert until(lambda: not left(), 15), [" ".join(p.cmdline())[:120] for p in left()]
    finally:
        for p in left():
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
