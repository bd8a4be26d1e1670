"""Configuration defaults and how the environment overrides them.

Order of precedence (last wins): the defaults below, ``instance/config.py``,
environment variables, then the ``test_config`` mapping given to ``create_app``.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class Defaults:
    LMS_ENV = "development"
    SECRET_KEY = None
    SQLALCHEMY_DATABASE_URI = None  # default: sqlite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A pooled connection unused for longer than this is tested before a request gets it
    # (lms.database.ping_connections_after_idle); -1: never.
    DATABASE_PING_AFTER_IDLE_SECONDS = 1.0
    REDIS_URL = None
    # Requests talk to Redis with short timeouts behind a circuit breaker (lms/redis_client.py).
    REDIS_CONNECT_TIMEOUT = 0.5  # seconds
    REDIS_SOCKET_TIMEOUT = 0.5  # seconds
    REDIS_BREAKER_THRESHOLD = 3  # failures in a row that open the breaker
    REDIS_BREAKER_COOLDOWN_SECONDS = 30  # how long it stays open before one trial call
    LMS_BASE_URL = "http://127.0.0.1:5000"
    ORGANISATION_NAME = "Skill Tracks"
    SELF_REGISTRATION = False
    # Mail: SMTP when MAIL_SERVER is set, otherwise .eml files in instance/mail/.
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = "Skill Tracks <no-reply@localhost>"
    MAIL_TIMEOUT = 10
    OUTBOX_MAX_ATTEMPTS = 8  # deliveries tried (with backoff) before an email is marked failed
    # Accounts
    INVITATION_MAX_AGE_HOURS = 72
    PASSWORD_RESET_MAX_AGE_HOURS = 2
    PASSWORD_MIN_LENGTH = 10
    LOGIN_FAILURE_LIMIT = 5  # failures per window, per account and per address
    LOGIN_FAILURE_WINDOW_SECONDS = 60
    PASSWORD_RESET_REQUEST_LIMIT = 5  # requests per window, per address and per email
    PASSWORD_RESET_REQUEST_WINDOW_SECONDS = 3600
    RATELIMIT_KEY_PREFIX = "lms:ratelimit:"  # Redis keys (when REDIS_URL is set)
    # Behind a reverse proxy: how many proxies set X-Forwarded-For (werkzeug ProxyFix).
    # 0 trusts no header: the client address is the TCP peer.
    PROXY_FIX_X_FOR = 0
    REMEMBER_COOKIE_DURATION_DAYS = 14
    # Uploads
    MAX_CONTENT_LENGTH = 50 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    # The page cache (lms/pagecache): a page is served again while nothing it read has changed,
    # and for at most this long (what the clock alone changes: "due in 2 hours"). 0 turns it off.
    PAGE_CACHE_SECONDS = 60
    PAGE_CACHE_MAX_MEGABYTES = 64  # per app server process
    # Without a separate scheduler, requests start the periodic tasks that are due (lms.jobs).
    JOBS_TICK_ON_REQUESTS = True


def _as_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _convert(value: str, default):
    """Read an environment string as the type of the setting's default."""
    if isinstance(default, bool):
        return _as_bool(value)
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, (list, tuple, set, frozenset)):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def from_environment(environ, config, keys) -> dict:
    """The settings among ``keys`` that the environment defines, typed like their defaults.

    Every setting the application defines (here or in a feature's defaults) can be set
    this way; ``DATABASE_URL`` sets ``SQLALCHEMY_DATABASE_URI``.
    """
    settings: dict = {}
    for name in keys:
        if name.isupper() and environ.get(name):
            settings[name] = _convert(environ[name], config.get(name))
    if environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    return settings


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs given without one."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class ConfigurationError(RuntimeError):
    """The application cannot start with this configuration."""


def finalise(config: dict, instance_path: str) -> None:
    """Fill in derived settings and refuse unsafe production configurations."""
    instance = Path(instance_path)
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        instance.mkdir(parents=True, exist_ok=True)
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'lms.sqlite'}"
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    if not config.get("SECRET_KEY"):
        if config.get("LMS_ENV") == "production":
            raise ConfigurationError(
                "SECRET_KEY is not set. In production (LMS_ENV=production) every process "
                "must share one secret key, or sessions and signed links break between "
                "them: set SECRET_KEY in the environment or in instance/config.py."
            )
        config["SECRET_KEY"] = _development_secret_key(instance)
    secure = str(config.get("LMS_BASE_URL", "")).startswith("https://")
    # Flask's own defaults already hold these keys (SameSite None): set them, not setdefault.
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    config["SESSION_COOKIE_SECURE"] = secure
    config["REMEMBER_COOKIE_SECURE"] = secure
    config["REMEMBER_COOKIE_HTTPONLY"] = True
    config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    config["REMEMBER_COOKIE_DURATION"] = timedelta(days=config.get("REMEMBER_COOKIE_DURATION_DAYS", 14))


def _development_secret_key(instance: Path) -> str:
    """Generate a random key once and keep it in the instance folder."""
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / "secret_key"
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # another process created it first
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()
