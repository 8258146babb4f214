"""Every setting, read from the environment in one place. The README lists each with its default."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default


def _api_url_from(database_url: str) -> str:
    """The API connects as `authenticator` on the same server as DATABASE_URL."""
    return _as_user(database_url, "authenticator", os.environ.get("AUTHENTICATOR_PASSWORD"))


def _as_user(url: str, user: str, password: str | None) -> str:
    """The same server and database as `url`, logged in as another user (URL or key=value form)."""
    if "://" not in url:
        from psycopg.conninfo import make_conninfo

        return make_conninfo(url, user=user, password=password) if password else make_conninfo(url, user=user)
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    auth = user + (f":{quote(password, safe='')}" if password else "")
    netloc = f"{auth}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class ConfigError(RuntimeError):
    pass


# Where X-Forwarded-For may come from (with PROXIES_COUNT > 0): loopback and private networks.
DEFAULT_TRUSTED_PROXIES = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"


def _rate_limit_settings() -> dict[str, str]:
    """Each rate limit (app/ratelimit.py RULES says what it counts) as "N/S": a token bucket of N requests
    that refills in S seconds ("30/300": 30 at once, then one every 10 s); "off" turns it off."""
    return {
        # password sign-ins per account (failed ones also meet the SQL limit, README "API")
        "signin_email": os.environ.get("RATE_LIMIT_SIGNIN_EMAIL") or "10/300",
        # per client address: Supabase Auth's default for sign-in and sign-up
        "signin_address": os.environ.get("RATE_LIMIT_SIGNIN_ADDRESS") or "30/300",
        "signup_email": os.environ.get("RATE_LIMIT_SIGNUP_EMAIL") or "5/3600",
        "signup_address": os.environ.get("RATE_LIMIT_SIGNUP_ADDRESS") or "30/3600",
        # recovery emails asked per address and per client address; codes and links tried per client address
        "recover_email": os.environ.get("RATE_LIMIT_RECOVER_EMAIL") or "5/3600",
        "recover_address": os.environ.get("RATE_LIMIT_RECOVER_ADDRESS") or "30/3600",
        "verify_address": os.environ.get("RATE_LIMIT_VERIFY_ADDRESS") or "30/300",
        # payment webhooks per sender address: 10/s, bursts of 100
        "webhook_address": os.environ.get("RATE_LIMIT_WEBHOOK_ADDRESS") or "100/10",
        # ingest batches per device key: 1/s, 60 after an outage
        "ingest_device": os.environ.get("RATE_LIMIT_INGEST_DEVICE") or "60/60",
        # per address: a gateway may front many devices
        "ingest_address": os.environ.get("RATE_LIMIT_INGEST_ADDRESS") or "600/60",
        # data requests per member and tenant (per caller where the path names no tenant): 20/s
        "tenant": os.environ.get("RATE_LIMIT_TENANT") or "1200/60",
    }


def _rate(name: str, spec: str) -> tuple[int, float] | None:
    """"N/S" as (bucket size N, refill N/S tokens per second); None when the limit is off."""
    spec = spec.strip().lower()
    if spec in ("off", "0"):
        return None
    count, _, seconds = spec.partition("/")
    try:
        burst, period = int(count), float(seconds)
    except ValueError:
        burst, period = 0, 0.0
    if burst < 1 or not 0 < period < float("inf"):
        raise ConfigError(f"RATE_LIMIT_{name.upper()}={spec!r}: write N/S (N requests per S seconds) or off")
    return burst, burst / period


def _rate_limits() -> dict[str, tuple[int, float] | None]:
    settings = _rate_limit_settings()
    if os.environ.get("RATE_LIMITS", "on").lower() in ("off", "0", "false"):
        return dict.fromkeys(settings)
    return {name: _rate(name, spec) for name, spec in settings.items()}


@dataclass(frozen=True)
class Config:
    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("IFARM_DATA_DIR", ROOT / ".ifarm")))
    database_url: str | None = field(default_factory=lambda: os.environ.get("DATABASE_URL"))
    api_database_url: str | None = field(default_factory=lambda: os.environ.get("API_DATABASE_URL"))
    redis_url: str | None = field(default_factory=lambda: os.environ.get("REDIS_URL"))
    kafka_bootstrap_servers: str | None = field(default_factory=lambda: os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))
    jwt_secret: str | None = field(default_factory=lambda: os.environ.get("JWT_SECRET"))
    jwks_url: str | None = field(default_factory=lambda: os.environ.get("JWKS_URL"))
    jwt_aud: str = field(default_factory=lambda: os.environ.get("JWT_AUD", "authenticated"))
    jwt_expiry: int = field(default_factory=lambda: _int("JWT_EXPIRY", 3600))
    refresh_token_ttl_days: int = field(default_factory=lambda: _int("REFRESH_TOKEN_TTL_DAYS", 30))
    host: str = field(default_factory=lambda: os.environ.get("HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: _int("PORT", 8000))
    workers: int = field(default_factory=lambda: _int("WEB_CONCURRENCY", os.cpu_count() or 1))
    db_pool_min: int = field(default_factory=lambda: _int("DB_POOL_MIN", 2))
    db_pool_max: int = field(default_factory=lambda: _int("DB_POOL_MAX", 10))
    db_pool_timeout: int = field(default_factory=lambda: _int("DB_POOL_TIMEOUT", 5))
    max_body_bytes: int = field(default_factory=lambda: _int("MAX_BODY_BYTES", 1024 * 1024))
    ingest_max_body_bytes: int = field(default_factory=lambda: _int("INGEST_MAX_BODY_BYTES", 4 * 1024 * 1024))
    slow_request_ms: int = field(default_factory=lambda: _int("SLOW_REQUEST_MS", 1000))
    proxies_count: int = field(default_factory=lambda: _int("PROXIES_COUNT", 0))
    trusted_proxies: str = field(default_factory=lambda: os.environ.get("TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES))
    # name -> (bucket size, tokens per second), None = off; see _rate_limit_settings.
    rate_limits: dict = field(default_factory=_rate_limits)
    rate_limit_timeout: float = field(default_factory=lambda: _float("RATE_LIMIT_TIMEOUT", 0.25))
    cors_origins: str = field(default_factory=lambda: os.environ.get("CORS_ORIGINS", "*"))
    webhook_secret_env: str | None = field(default_factory=lambda: os.environ.get("PAYMENT_WEBHOOK_SECRET"))
    webhook_tolerance: int = field(default_factory=lambda: _int("PAYMENT_WEBHOOK_TOLERANCE", 300))
    payment_provider: str = field(default_factory=lambda: os.environ.get("PAYMENT_PROVIDER", "gateway"))
    rest_max_rows: int = field(default_factory=lambda: _int("REST_MAX_ROWS", 1000))
    audit_retention_days: int = field(default_factory=lambda: _int("AUDIT_RETENTION_DAYS", 365))
    storage_backend: str = field(default_factory=lambda: os.environ.get("STORAGE_BACKEND", "local"))
    storage_dir_env: str | None = field(default_factory=lambda: os.environ.get("STORAGE_DIR"))
    supabase_url: str | None = field(default_factory=lambda: os.environ.get("SUPABASE_URL"))
    supabase_service_key: str | None = field(default_factory=lambda: os.environ.get("SUPABASE_SERVICE_KEY"))
    signed_url_ttl: int = field(default_factory=lambda: _int("STORAGE_SIGNED_URL_TTL", 3600))
    smtp_url: str | None = field(default_factory=lambda: os.environ.get("SMTP_URL"))
    mail_from: str = field(default_factory=lambda: os.environ.get("MAIL_FROM", "iFarm <notifications@ifarm.local>"))
    public_url_env: str | None = field(default_factory=lambda: os.environ.get("PUBLIC_URL"))
    # Password recovery (/auth/v1/recover): where the email's link lands, what else it may land on, and
    # how long the link and code last -- the names Supabase's self-hosted Auth uses.
    site_url_env: str | None = field(default_factory=lambda: os.environ.get("SITE_URL"))
    redirect_urls: tuple[str, ...] = field(default_factory=lambda: tuple(
        u.strip() for u in os.environ.get("ADDITIONAL_REDIRECT_URLS", "").split(",") if u.strip()))
    recovery_ttl: int = field(default_factory=lambda: _int("MAILER_OTP_EXP", 3600))
    unsubscribe_secret_env: str | None = field(default_factory=lambda: os.environ.get("UNSUBSCRIBE_SECRET"))
    smtp_timeout: float = field(default_factory=lambda: _float("SMTP_TIMEOUT", 10.0))
    notify_lease: float = field(default_factory=lambda: _float("NOTIFY_LEASE_SECONDS", 120.0))
    notify_batch: int = field(default_factory=lambda: _int("NOTIFY_BATCH_SIZE", 100))
    notify_retry_base: float = field(default_factory=lambda: _float("NOTIFY_RETRY_SECONDS", 60.0))
    notify_poll: float = field(default_factory=lambda: _float("NOTIFY_POLL_SECONDS", 30.0))
    log_level: str = field(default_factory=lambda: os.environ.get("LOG_LEVEL", "INFO"))
    # The backup database (app/replication.py): the pair, what connects it, and the failover monitor.
    backup_database_url: str | None = field(default_factory=lambda: os.environ.get("BACKUP_DATABASE_URL") or None)
    backup_api_database_url: str | None = field(default_factory=lambda: os.environ.get("BACKUP_API_DATABASE_URL"))
    replication_name: str = field(default_factory=lambda: os.environ.get("REPLICATION_NAME", "ifarm_backup"))
    replication_mode: str = field(default_factory=lambda: os.environ.get("REPLICATION_MODE", "async"))
    replication_user: str = field(default_factory=lambda: os.environ.get("REPLICATION_USER", "ifarm_replicator"))
    replication_password: str | None = field(default_factory=lambda: os.environ.get("REPLICATION_PASSWORD"))
    replication_primary_url: str | None = field(default_factory=lambda: os.environ.get("REPLICATION_PRIMARY_URL"))
    replication_backup_url: str | None = field(default_factory=lambda: os.environ.get("REPLICATION_BACKUP_URL"))
    replication_wait_seconds: float = field(default_factory=lambda: _float("REPLICATION_WAIT_SECONDS", 600))
    replication_max_lag_seconds: float = field(default_factory=lambda: _float("REPLICATION_MAX_LAG_SECONDS", 30))
    failover_automatic: bool = field(default_factory=lambda: os.environ.get("FAILOVER_AUTOMATIC", "1") != "0")
    failover_probe_interval: float = field(default_factory=lambda: _float("FAILOVER_PROBE_INTERVAL", 0.5))
    failover_probe_failures: int = field(default_factory=lambda: _int("FAILOVER_PROBE_FAILURES", 3))
    failover_probe_timeout: float = field(default_factory=lambda: _float("FAILOVER_PROBE_TIMEOUT", 1.0))
    debug: bool = field(default_factory=lambda: os.environ.get("IFARM_DEBUG", "") == "1")

    @property
    def pg_dir(self) -> Path:
        return self.data_dir / "pg"

    @property
    def storage_dir(self) -> Path:
        """Where the local storage backend keeps objects (and every backend stages uploads)."""
        return Path(self.storage_dir_env) if self.storage_dir_env else self.data_dir / "media"

    def require_database(self) -> str:
        if not self.database_url:
            raise ConfigError("DATABASE_URL is not set (run `ifarm up` to start the embedded stack)")
        return self.database_url

    def api_dsn(self) -> str:
        return self.api_database_url or _api_url_from(self.require_database())

    def backup_api_dsn(self) -> str | None:
        """The API's connection to the backup: BACKUP_API_DATABASE_URL, else authenticator on the backup's
        server (on Supabase, whose authenticator password is not yours, set it to the postgres user's URL)."""
        if not self.backup_database_url:
            return None
        return self.backup_api_database_url or _api_url_from(self.backup_database_url)

    def replication_primary_conninfo(self) -> str:
        """What the backup's subscription connects to the primary with: REPLICATION_PRIMARY_URL, else the
        primary's server as REPLICATION_USER with REPLICATION_PASSWORD (a subscription owned by a role that
        is not a superuser, as on Supabase, must send a password, and the primary must ask for it)."""
        if self.replication_primary_url:
            return self.replication_primary_url
        return _as_user(self.require_database(), self.replication_user, self.replication_password)

    def replication_backup_conninfo(self) -> str:
        """What the primary's failback subscription connects to the backup with (its owner, on Supabase
        `postgres`: REPLICATION and BYPASSRLS)."""
        return self.replication_backup_url or self.backup_database_url or ""

    def secret(self) -> str:
        """JWT_SECRET, or a random one kept in the data directory so every process agrees."""
        return self.jwt_secret or self._kept_secret("jwt_secret")

    def webhook_secret(self) -> str:
        """PAYMENT_WEBHOOK_SECRET, or a random one kept in the data directory."""
        return self.webhook_secret_env or self._kept_secret("payment_webhook_secret")

    def unsubscribe_secret(self) -> str:
        """UNSUBSCRIBE_SECRET (signs the unsubscribe links in emails), or a random one kept in the data directory."""
        return self.unsubscribe_secret_env or self._kept_secret("unsubscribe_secret")

    def public_url(self) -> str:
        """Where users reach the API from outside (links in emails): PUBLIC_URL, else http://HOST:PORT."""
        return (self.public_url_env or f"http://{self.host}:{self.port}").rstrip("/")

    def site_url(self) -> str:
        """The app users are sent back to from an email link: SITE_URL, else the API's public URL."""
        return (self.site_url_env or self.public_url()).rstrip("/")

    @property
    def mail_dir(self) -> Path:
        """Where the embedded SMTP server (`ifarm up`) keeps what it receives."""
        return self.data_dir / "mail"

    def local_secret(self, name: str) -> str:
        """A random secret kept in the data directory (embedded services' passwords)."""
        return self._kept_secret(name)

    def _kept_secret(self, name: str) -> str:
        path = self.data_dir / name
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(secrets.token_urlsafe(48))
            tmp.chmod(0o600)
            os.replace(tmp, path)
        return path.read_text().strip()

    def with_(self, **changes) -> Config:
        return replace(self, **changes)
