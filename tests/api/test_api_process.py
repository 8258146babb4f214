"""`ifarm api` with two workers: a stop signal at any point of its start-up ends it, leaving no process
behind (upstream Sanic spins forever on a SIGTERM that arrives while its workers start: sanic issue 2997)."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time

import httpx
import psutil
import pytest

from app.embedded import free_port
from tests.api.conftest import launch_api
from tests.conftest import ROOT
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


SLOW_TO_STOP_APP = """
import asyncio, sys
from sanic import Sanic
from sanic.response import text
from app.server import finish_tasks

app = Sanic("slow_to_stop")

async def slow_to_stop():
    try:
        await asyncio.sleep(3600)
    finally:
        await asyncio.sleep(1)  # as the replication monitor closes its connections to a dead server

@app.before_server_start
async def start(app):
    app.add_task(slow_to_stop(), name="slow")

app.before_server_stop(finish_tasks)

@app.get("/")
async def root(request):
    return text("up")

app.run(host="127.0.0.1", port=int(sys.argv[1]), single_process=True, access_log=False, motd=False)
"""


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).text == "up"
    except httpx.HTTPError:
        return False


def test_a_background_task_slow_to_stop_does_not_keep_the_server_from_exiting(tmp_path):
    """Sanic waits for cancelled tasks with its event loop stopped, so a task that needs the loop to end
    kept the process spinning forever (found as an orphaned worker after a failover test); finish_tasks
    waits for them while the loop runs."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SLOW_TO_STOP_APP, str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=(tmp_path / "stderr").open("wb"))
    try:
        # serving (the port alone opens before the signal handlers are set): the slow task runs by then
        assert until(lambda: answers(f"http://127.0.0.1:{port}/"), 30), (tmp_path / "stderr").read_text()[-2000:]
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
    except subprocess.TimeoutExpired:
        pytest.fail("the server was still running 15 s after SIGTERM")
    finally:
        if proc.poll() is None:
            proc.kill()
