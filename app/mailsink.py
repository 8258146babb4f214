"""The embedded SMTP server (`ifarm up`, the tests, `ifarm bench notifications`): a real SMTP server
(aiosmtpd) that stores every message it accepts as a file, `<directory>/<nanoseconds>-<n>.eml`, with
`Return-Path` and `Delivered-To` headers added as a mail server's delivery would. `ifarm mail` reads them.

    python -m app.mailsink --port 2525 --dir .ifarm/mail

A file `behaviour.json` in the directory, read at each transaction, makes it misbehave for tests:
{"reject_rcpt": "451 4.3.0 try later", "reject_data": "550 5.7.1 no", "delay_data": 5.0,
"drop_after_data": true} (the last: store the message, then close the connection without replying).
"""

from __future__ import annotations

import argparse
import asyncio
import email
import email.policy
import itertools
import json
import os
import signal
import threading
import time
from pathlib import Path

BEHAVIOUR = "behaviour.json"


class Sink:
    """aiosmtpd handler: stores each accepted message as a file."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self._seq = itertools.count(1)

    def behaviour(self) -> dict:
        path = self.directory / BEHAVIOUR
        try:
            return json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            return {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: N802 - aiosmtpd
        reject = self.behaviour().get("reject_rcpt")
        if reject:
            return reject
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd
        behaviour = self.behaviour()
        if behaviour.get("delay_data"):
            await asyncio.sleep(float(behaviour["delay_data"]))
        if behaviour.get("reject_data"):
            return behaviour["reject_data"]
        name = self.store(envelope.mail_from, envelope.rcpt_tos, envelope.content)
        if behaviour.get("drop_after_data"):
            server.transport.close()  # stored, but the client never hears back
            return "250 2.0.0 dropped"
        return f"250 2.0.0 Ok: stored as {name}"

    def store(self, mail_from: str, rcpt_tos: list[str], content: bytes) -> str:
        head = f"Return-Path: <{mail_from}>\r\n" + "".join(f"Delivered-To: {r}\r\n" for r in rcpt_tos)
        name = f"{time.time_ns()}-{next(self._seq):06d}.eml"
        tmp = self.directory / f".{name}.tmp"
        tmp.write_bytes(head.encode() + content)
        os.replace(tmp, self.directory / name)
        return name


# ---------------------------------------------------------------- reading what was received


def message_files(directory: Path) -> list[Path]:
    """The stored messages, oldest first."""
    if not directory.exists():
        return []
    return sorted(directory.glob("*.eml"), key=lambda p: tuple(int(x) for x in p.stem.split("-")))


def read_message(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def text_of(message: email.message.EmailMessage, subtype: str = "plain") -> str:
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else ""


# ---------------------------------------------------------------- the process


def serve(directory: Path, host: str, port: int) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(Sink(directory), hostname=host, port=port, ready_timeout=10,
                            data_size_limit=10 * 1024 * 1024)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"SMTP sink on {host}:{port}, storing into {directory}", flush=True)
    stop.wait()
    controller.stop()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m app.mailsink", description="an SMTP server that stores what it gets")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", type=Path, required=True)
    args = p.parse_args(argv)
    serve(args.dir, args.host, args.port)


if __name__ == "__main__":
    main()
