"""The notifier: renders the notices SQL queued (db/functions/115_notifications.sql) and delivers them --
in-app ones by storing their rendered text, email ones by SMTP. `ifarm scheduler` runs it every 5
minutes and, between runs, whenever NOTIFY ifarm_notifications says a statement queued notices.

Python only renders and sends: the facts, the recipients, the channels, the claim and lease, the
retry rule and the dedupe keys are SQL. Each batch:

1. `private.claim_notifications` locks due rows SKIP LOCKED, leases them to this notifier
   (NOTIFY_LEASE_SECONDS) and counts the attempt, then commits; several notifiers never hold one row.
2. Each notice is rendered from its kind's templates (Jinja2, app/templates/notifications/<language>/)
   and, for email, sent over one reused SMTP connection. A send has a hard deadline of SMTP_TIMEOUT
   (a watchdog closes the socket), and a notice is only started while the lease has at least twice
   that left, so no send outlives its lease and is claimed again meanwhile; the rest is released.
3. Each email's outcome is recorded at once (`private.record_notification_results`): sent with the
   server's reply, or failed -- a 5xx reply fails for good, anything else is retried with growing
   back-off, at most 3 attempts.

The Message-ID is derived from the notice id, so a notice sent again after a crash between the
server's reply and the record (or a reply lost on the wire) is the same message to the receiver.
"""

from __future__ import annotations

import base64
import email.policy
import hashlib
import hmac
import logging
import os
import smtplib
import socket
import ssl
import threading
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from email.charset import QP, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import orjson
import psycopg
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, pass_context, select_autoescape

from app.config import Config, ConfigError

log = logging.getLogger("ifarm.notifier")

_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP  # readable in the stored .eml, safe on the wire
_WIRE = email.policy.compat32.clone(linesep="\r\n", max_line_length=0)  # CRLF lines; headers unfolded (< 998)

TEMPLATES = Path(__file__).resolve().parent / "templates"
WAKE_CHANNEL = "ifarm_notifications"
DEFAULT_LANGUAGE = "en"

# ---------------------------------------------------------------- templates

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


@pass_context
def _day(context, value) -> str:
    """'2026-06-18' (or a timestamp) -> '18 June 2026' in the template's language."""
    if value is None:
        return ""
    text = str(value)[:10]
    year, month, day = (int(x) for x in text.split("-"))
    months = MONTHS.get(context.get("language"), MONTHS[DEFAULT_LANGUAGE])
    return f"{day} {months[month - 1]} {year}"


def _money(amount, currency: str | None = None) -> str:
    """12345.5, 'KES' -> 'KES 12,345.50'."""
    try:
        value = f"{Decimal(str(amount)):,.2f}"
    except (InvalidOperation, ValueError):
        value = str(amount)
    return f"{currency} {value}" if currency else value


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None


class Renderer:
    """One template per kind and language: `<kind>.subject.txt`, `<kind>.txt` and `<kind>.html`, the
    last two extending the language's `layout.txt` / `layout.html`. HTML is autoescaped; a missing
    fact is an error, never an empty string. A language without a kind's template falls back to English."""

    def __init__(self, directory: Path = TEMPLATES / "notifications"):
        self.directory = directory
        self.env = Environment(
            loader=FileSystemLoader(str(directory)),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.filters.update(day=_day, money=_money)

    def languages(self) -> list[str]:
        return sorted(p.name for p in self.directory.iterdir() if p.is_dir())

    def kinds(self, language: str = DEFAULT_LANGUAGE) -> set[str]:
        """The kinds with a subject template in a language."""
        return {p.name.removesuffix(".subject.txt") for p in (self.directory / language).glob("*.subject.txt")}

    def language_for(self, kind: str, language: str | None) -> str:
        if language and (self.directory / language / f"{kind}.subject.txt").exists():
            return language
        return DEFAULT_LANGUAGE

    def render(self, kind: str, language: str | None, context: dict, html: bool = True) -> Rendered:
        lang = self.language_for(kind, language)
        ctx = {**context, "language": lang, "kind": kind}
        subject = " ".join(self.env.get_template(f"{lang}/{kind}.subject.txt").render(ctx).split())
        text = self.env.get_template(f"{lang}/{kind}.txt").render(ctx).strip() + "\n"
        body = self.env.get_template(f"{lang}/{kind}.html").render(ctx) if html else None
        return Rendered(subject, text, body)


# ---------------------------------------------------------------- unsubscribe tokens

_TOKEN_CONTEXT = b"ifarm-unsubscribe-v1:"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def unsubscribe_token(secret: str, tenant_id: str, user_id: str, kind: str) -> str:
    """A link token naming one member of one tenant and one kind, signed with HMAC-SHA256 under
    UNSUBSCRIBE_SECRET: changing any part of it breaks the signature. It does not expire."""
    payload = f"{tenant_id}:{user_id}:{kind}".encode()
    signature = hmac.new(secret.encode(), _TOKEN_CONTEXT + payload, hashlib.sha256).digest()
    return f"{_b64(payload)}.{_b64(signature)}"


def read_unsubscribe_token(secret: str, token: str) -> tuple[str, str, str] | None:
    """(tenant_id, user_id, kind) of a genuine token, else None."""
    try:
        payload_b64, signature_b64 = token.split(".")
        payload, signature = _unb64(payload_b64), _unb64(signature_b64)
    except (ValueError, TypeError):
        return None
    expected = hmac.new(secret.encode(), _TOKEN_CONTEXT + payload, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        return None
    try:
        tenant_id, user_id, kind = payload.decode().split(":")
        return str(uuid.UUID(tenant_id)), str(uuid.UUID(user_id)), kind
    except ValueError:
        return None


def unsubscribe_url(config: Config, tenant_id: str, user_id: str, kind: str) -> str:
    token = unsubscribe_token(config.unsubscribe_secret(), tenant_id, user_id, kind)
    return f"{config.public_url()}/unsubscribe?{urlencode({'token': token})}"


# ---------------------------------------------------------------- SMTP


@dataclass(frozen=True)
class SmtpTarget:
    """SMTP_URL: smtp://[user:password@]host[:port] (plain; add ?starttls=true to upgrade with
    STARTTLS, required then) or smtps://... (TLS from the first byte). Port defaults: 25, 465."""

    host: str
    port: int
    user: str | None = None
    password: str | None = None
    security: str = "plain"  # plain | starttls | tls

    @classmethod
    def parse(cls, url: str) -> SmtpTarget:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ConfigError(f"SMTP_URL must be smtp://host[:port] or smtps://host[:port], got {url!r}")
        query = parse_qs(parts.query)
        starttls = query.get("starttls", ["false"])[-1].lower() in ("1", "true", "yes", "required")
        security = "tls" if parts.scheme == "smtps" else ("starttls" if starttls else "plain")
        return cls(host=parts.hostname, port=parts.port or (465 if security == "tls" else 25),
                   user=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None, security=security)


class SendError(Exception):
    def __init__(self, error: str, reply: str | None = None, permanent: bool = False):
        super().__init__(error)
        self.error = error
        self.reply = reply
        self.permanent = permanent


class Watchdog:
    """Closes a socket when a send outlives its budget: smtplib's timeout bounds each read, not a whole
    message (a server answering a byte at a time would keep it going)."""

    def __init__(self):
        self._cond = threading.Condition()
        self._sock: socket.socket | None = None
        self._at: float | None = None
        self._stopped = False
        self.fired = False
        threading.Thread(target=self._run, name="smtp-watchdog", daemon=True).start()

    def arm(self, sock: socket.socket, seconds: float) -> None:
        with self._cond:
            self._sock, self._at, self.fired = sock, time.monotonic() + seconds, False
            self._cond.notify()

    def disarm(self) -> bool:
        """Returns whether it fired."""
        with self._cond:
            self._sock, self._at = None, None
            return self.fired

    def close(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()

    def _run(self) -> None:
        with self._cond:
            while not self._stopped:
                if self._at is None:
                    self._cond.wait()
                    continue
                remaining = self._at - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                try:
                    self._sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                self.fired, self._at = True, None


class Mailer:
    """One SMTP connection, reused from message to message; each message has SMTP_TIMEOUT in all."""

    def __init__(self, target: SmtpTarget, timeout: float):
        self.target = target
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None
        self._watchdog = Watchdog()

    def _connect(self) -> smtplib.SMTP:
        t = self.target
        if t.security == "tls":
            smtp = smtplib.SMTP_SSL(t.host, t.port, timeout=self.timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(t.host, t.port, timeout=self.timeout)
            if t.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        smtp.ehlo_or_helo_if_needed()
        if t.user:
            smtp.login(t.user, t.password or "")
        return smtp

    def send(self, sender: str, recipient: str, data: bytes) -> str:
        """Sends one message; returns the server's final reply or raises SendError."""
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            smtp = self._smtp
            self._watchdog.arm(smtp.sock, self.timeout)
            try:
                for verb, call, ok in (("MAIL FROM", lambda: smtp.mail(sender), (250,)),
                                       ("RCPT TO", lambda: smtp.rcpt(recipient), (250, 251)),
                                       ("DATA", lambda: smtp.data(data), (250,))):
                    code, message = call()
                    if code not in ok:
                        reply = f"{code} {message.decode(errors='replace')}"
                        self._reset()
                        raise SendError(f"{verb} refused: {reply}", reply, permanent=500 <= code < 600)
            finally:
                self._watchdog.disarm()
            return f"{code} {message.decode(errors='replace')}"
        except SendError:
            raise
        except smtplib.SMTPResponseException as exc:
            text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
            reply = f"{exc.smtp_code} {text}"
            self.drop()
            raise SendError(f"refused: {reply}", reply, permanent=500 <= exc.smtp_code < 600) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.drop()
            # The watchdog, or the socket's own timeout first (smtplib wraps it in SMTPServerDisconnected)
            if self._watchdog.fired or isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
                raise SendError(f"no reply within SMTP_TIMEOUT ({self.timeout:g} s)") from exc
            raise SendError(f"{type(exc).__name__}: {exc}".strip()) from exc

    def _reset(self) -> None:
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.drop()

    def drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            except OSError:
                pass
            self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.drop()
        self._watchdog.close()


def compose_message(rendered: Rendered, mail_from: str, full_name: str | None, email: str, message_id: str,
                    kind: str, unsubscribe: str | None = None) -> bytes:
    """A message as sent: multipart/alternative (text, HTML), quoted-printable UTF-8. Built with the
    compat32 email classes, which are several times faster than EmailMessage's header registry (it
    was two thirds of the notifier's time); every header value is one line by construction."""
    text = MIMEText(rendered.text, "plain", _UTF8)
    if rendered.html:
        msg = MIMEMultipart("alternative")
        msg.attach(text)
        msg.attach(MIMEText(rendered.html, "html", _UTF8))
    else:
        msg = text
    subject = " ".join(rendered.subject.split())
    msg["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
    msg["From"] = mail_from
    msg["To"] = formataddr((" ".join((full_name or "").split()), "".join(email.split())), charset="utf-8")
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-iFarm-Kind"] = kind
    if unsubscribe:  # RFC 2369 and RFC 8058 one-click
        msg["List-Unsubscribe"] = f"<{unsubscribe}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return msg.as_bytes(policy=_WIRE)


# ---------------------------------------------------------------- the notifier

_CLAIM = ("select tenant_id, id, user_id, channel, kind, facts, subject, body, attempts, email, full_name, language, "
          "tenant_name, is_security from private.claim_notifications(%s, %s, make_interval(secs => %s), %s)")


@dataclass
class Notice:
    tenant_id: uuid.UUID
    id: uuid.UUID
    user_id: uuid.UUID
    channel: str
    kind: str
    facts: dict
    subject: str | None
    body: str | None
    attempts: int
    email: str | None
    full_name: str | None
    language: str | None
    tenant_name: str
    is_security: bool


class Notifier:
    """Claims, renders, sends and records notices; see the module docstring."""

    def __init__(self, config: Config, renderer: Renderer | None = None, worker: str | None = None):
        self.config = config
        self.renderer = renderer or Renderer()
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.mailer: Mailer | None = None
        self.sender = parseaddr(config.mail_from)[1]
        if config.smtp_url:
            if config.notify_lease <= 2 * config.smtp_timeout:
                raise ConfigError(f"NOTIFY_LEASE_SECONDS ({config.notify_lease:g}) must exceed twice SMTP_TIMEOUT "
                                  f"({config.smtp_timeout:g}): a send must end before its lease does")
            if "@" not in self.sender:
                raise ConfigError(f"MAIL_FROM needs an address, got {config.mail_from!r}")
            self.mailer = Mailer(SmtpTarget.parse(config.smtp_url), config.smtp_timeout)
        self.domain = self.sender.rpartition("@")[2] or "ifarm.local"
        self.sent = 0
        self.failed = 0

    @property
    def channels(self) -> list[str]:
        """Without SMTP_URL, email notices wait (pending) and only in-app ones are delivered."""
        return ["in_app", "email"] if self.mailer else ["in_app"]

    def close(self) -> None:
        if self.mailer is not None:
            self.mailer.close()

    def drain(self, conn: psycopg.Connection, stop: threading.Event | None = None) -> int:
        """Delivers batch after batch until nothing is due; returns the notices handled."""
        total = 0
        while stop is None or not stop.is_set():
            handled = self.deliver(conn)
            total += handled
            if handled < self.config.notify_batch:
                break
        return total

    def deliver(self, conn: psycopg.Connection) -> int:
        """One batch: claim, render and send, record. `conn` is in autocommit mode."""
        started = time.monotonic()
        rows = conn.execute(_CLAIM, (self.worker, self.config.notify_batch, self.config.notify_lease,
                                     self.channels)).fetchall()
        if not rows:
            return 0
        lease_ends = started + self.config.notify_lease
        in_app: list[dict] = []
        handled = 0
        for index, row in enumerate(rows):
            notice = Notice(*row)
            if notice.channel == "email":
                if time.monotonic() + 2 * self.config.smtp_timeout > lease_ends:
                    self._release(conn, rows[index:])
                    break
                self._record(conn, [self._send(notice)])
            else:
                in_app.append(self._render_in_app(notice))
            handled += 1
        if in_app:
            self._record(conn, in_app)
        return handled

    def _record(self, conn: psycopg.Connection, results: list[dict]) -> None:
        conn.execute("select private.record_notification_results(%s, %s::jsonb, make_interval(secs => %s))",
                     (self.worker, orjson.dumps(results).decode(), self.config.notify_retry_base))
        for r in results:
            if r["ok"]:
                self.sent += 1
            else:
                self.failed += 1
                log.warning("notice not delivered", extra={"fields": {
                    "notification_id": r["id"], "error": r["error"], "permanent": r["permanent"]}})

    def _release(self, conn: psycopg.Connection, rows: list) -> None:
        notices = [{"tenant_id": str(r[0]), "id": str(r[1])} for r in rows]
        conn.execute("select private.release_notifications(%s, %s::jsonb)",
                     (self.worker, orjson.dumps(notices).decode()))

    @staticmethod
    def _result(notice: Notice, ok: bool, subject: str | None = None, body: str | None = None,
                reply: str | None = None, error: str | None = None, permanent: bool = False) -> dict:
        return {"tenant_id": str(notice.tenant_id), "id": str(notice.id), "ok": ok, "subject": subject, "body": body,
                "reply": reply, "error": error, "permanent": permanent}

    def _context(self, notice: Notice, unsubscribe: str | None) -> dict:
        return {"facts": notice.facts, "tenant_name": notice.tenant_name, "channel": notice.channel,
                "recipient_name": notice.full_name or notice.email or "", "unsubscribe_url": unsubscribe,
                "app_url": self.config.public_url()}

    def _render_in_app(self, notice: Notice) -> dict:
        if notice.subject is not None:  # queued before templates: kept as written
            return self._result(notice, True, reply="stored in the app")
        try:
            rendered = self.renderer.render(notice.kind, notice.language, self._context(notice, None), html=False)
        except TemplateError as exc:
            return self._result(notice, False, error=f"template: {exc}", permanent=True)
        return self._result(notice, True, rendered.subject, rendered.text, reply="stored in the app")

    def _send(self, notice: Notice) -> dict:
        if not notice.email:
            return self._result(notice, False, error="the user has no email address", permanent=True)
        unsubscribe = None if notice.is_security else unsubscribe_url(
            self.config, str(notice.tenant_id), str(notice.user_id), notice.kind)
        try:
            if notice.subject is not None:  # queued before templates: kept as written
                rendered = Rendered(notice.subject, notice.body or "", None)
            else:
                rendered = self.renderer.render(notice.kind, notice.language, self._context(notice, unsubscribe))
            data = self.compose(notice, rendered, unsubscribe)
        except (TemplateError, ValueError) as exc:
            return self._result(notice, False, error=f"template: {exc}", permanent=True)
        try:
            reply = self.mailer.send(self.sender, notice.email, data)
        except SendError as exc:
            return self._result(notice, False, rendered.subject, rendered.text, exc.reply, exc.error, exc.permanent)
        return self._result(notice, True, rendered.subject, rendered.text, reply)

    def message_id(self, notice_id: uuid.UUID | str) -> str:
        """The same for every attempt of a notice: a receiver sees a re-sent notice as the same message."""
        return f"<{notice_id}@{self.domain}>"

    def compose(self, notice: Notice, rendered: Rendered, unsubscribe: str | None) -> bytes:
        """A notice's message: see compose_message; its Message-ID is the notice's (message_id)."""
        return compose_message(rendered, self.config.mail_from, notice.full_name, notice.email,
                               self.message_id(notice.id), notice.kind, unsubscribe)


class NotifierLoop:
    """The notifier between scheduled runs: LISTEN ifarm_notifications, drain on every wake-up, and
    every NOTIFY_POLL_SECONDS anyway (retries come due without a NOTIFY). Any number may run."""

    def __init__(self, dsn, config: Config):
        self.dsn = dsn  # a DSN, or the Router of app/replication.py that follows the active database
        self.config = config
        self.stop_event = threading.Event()

    def run(self) -> None:
        """Until stopped, or until the active database changes (then run_until_stopped calls it again)."""
        from app.replication import generation, resolve

        notifier = Notifier(self.config)
        seen, dsn = generation(self.dsn), resolve(self.dsn)
        try:
            with psycopg.connect(dsn, autocommit=True, application_name="ifarm-notifier") as listen, \
                    psycopg.connect(dsn, autocommit=True, application_name="ifarm-notifier") as work:
                listen.execute(f"listen {WAKE_CHANNEL}")
                last_drain = 0.0
                woken = True
                while not self.stop_event.is_set() and generation(self.dsn) == seen:
                    if woken or time.monotonic() - last_drain >= self.config.notify_poll:
                        notifier.drain(work, self.stop_event)
                        last_drain = time.monotonic()
                    woken = any(True for _ in listen.notifies(timeout=1.0, stop_after=1))
        finally:
            notifier.close()



# ---------------------------------------------------------------- account emails


def send_account_email(config: Config, kind: str, email: str, context: dict) -> str:
    """An account email (password recovery) sent at once over SMTP_URL, as Supabase Auth's mailer sends
    its own: it carries a one-time secret, which must not wait in a table as a queued notice would.
    Templates: app/templates/auth/<language>/. Returns the server's reply; raises SendError."""
    if not config.smtp_url:
        raise SendError("email is off (no SMTP_URL)", permanent=True)
    sender = parseaddr(config.mail_from)[1]
    rendered = Renderer(TEMPLATES / "auth").render(kind, None, context)
    data = compose_message(rendered, config.mail_from, context.get("recipient_name"), email,
                           f"<{uuid.uuid4()}@{sender.rpartition('@')[2] or 'ifarm.local'}>", kind)
    mailer = Mailer(SmtpTarget.parse(config.smtp_url), config.smtp_timeout)
    try:
        return mailer.send(sender, email, data)
    finally:
        mailer.close()
