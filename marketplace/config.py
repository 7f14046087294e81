"""Settings read from the environment, with safe embedded defaults."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

TRUE_VALUES = {"1", "true", "yes", "on"}


class ConfigError(RuntimeError):
    """Raised when the environment cannot produce a safe configuration."""


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in TRUE_VALUES


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {value!r}") from exc


def _development_secret(instance_path: Path) -> str:
    """A random key generated once and kept in instance/ so sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _normalise_database_url(url: str) -> str:
    """Let plain postgres:// URLs use the psycopg 3 driver that requirements pin."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the settings dict; `overrides` (tests, scripts) win over the environment."""
    overrides = dict(overrides or {})
    app_env = overrides.get("APP_ENV") or os.environ.get("APP_ENV", "development")
    production = app_env == "production"

    secret = overrides.get("SECRET_KEY") or os.environ.get("SECRET_KEY")
    if not secret:
        if production:
            raise ConfigError("SECRET_KEY must be set when APP_ENV=production")
        secret = _development_secret(instance_path)

    redis_url = os.environ.get("REDIS_URL", "")
    session_lifetime_s = _env_int("SESSION_LIFETIME_S", 30 * 24 * 3600)
    database_url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{instance_path / 'marketplace.sqlite3'}"
    )
    config: dict[str, Any] = {
        "APP_ENV": app_env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "SESSION_LIFETIME_S": session_lifetime_s,
        "REMEMBER_COOKIE_NAME": "remember_token",
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=session_lifetime_s),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "LANGUAGES": {"en": "English", "zh": "中文"},
        "BOOTSTRAP_SERVE_LOCAL": True,
        "PAYMENTS_PROVIDER": os.environ.get("PAYMENTS_PROVIDER", "sandbox"),
        "STRIPE_SECRET_KEY": os.environ.get("STRIPE_SECRET_KEY", ""),
        "STRIPE_WEBHOOK_SECRET": os.environ.get("STRIPE_WEBHOOK_SECRET", ""),
        "STRIPE_CONNECT_WEBHOOK_SECRET": os.environ.get("STRIPE_CONNECT_WEBHOOK_SECRET", ""),
        "STRIPE_PUBLISHABLE_KEY": os.environ.get("STRIPE_PUBLISHABLE_KEY", ""),
        # A local fake (localstripe) instead of api.stripe.com, for tests.
        "STRIPE_API_BASE": os.environ.get("STRIPE_API_BASE", ""),
        # Where Stripe.js is loaded from: Stripe's own host, or a local fake's copy in tests.
        "STRIPE_JS_URL": os.environ.get("STRIPE_JS_URL", "https://js.stripe.com/v3/"),
        # The country of new KOL Express accounts, unless the KOL's profile says otherwise.
        "STRIPE_CONNECT_COUNTRY": os.environ.get("STRIPE_CONNECT_COUNTRY", "US"),
        "PLATFORM_FEE_BPS": _env_int("PLATFORM_FEE_BPS", 1000),
        # Contract timers, in seconds (run by `flask jobs run-due`).
        "OFFER_TTL_S": _env_int("OFFER_TTL_S", 3 * 24 * 3600),
        "FUNDING_TTL_S": _env_int("FUNDING_TTL_S", 3 * 24 * 3600),
        "REVIEW_WINDOW_S": _env_int("REVIEW_WINDOW_S", 3 * 24 * 3600),
        # Reviews stay hidden until both sides wrote one, or this long after completion.
        "REVIEW_REVEAL_S": _env_int("REVIEW_REVEAL_S", 14 * 24 * 3600),
        # The other side of a dispute answers within this (Upwork gives 5 days too).
        "DISPUTE_RESPONSE_S": _env_int("DISPUTE_RESPONSE_S", 5 * 24 * 3600),
        # Commission deals: an accrual becomes payable this long after the sale (Taobao's
        # window for confirming receipt); sales stop accruing this long after completion.
        "COMMISSION_HOLD_S": _env_int("COMMISSION_HOLD_S", 15 * 24 * 3600),
        "COMMISSION_WINDOW_S": _env_int("COMMISSION_WINDOW_S", 30 * 24 * 3600),
        # Shop hosts a product URL may point at besides Taobao and Tmall (comma-separated).
        "EXTRA_SHOP_HOSTS": [
            host.strip().lower()
            for host in os.environ.get("EXTRA_SHOP_HOSTS", "").split(",")
            if host.strip()
        ],
        # Signed postbacks: the timestamp may be this old (or this far ahead) at most.
        "POSTBACK_TOLERANCE_S": _env_int("POSTBACK_TOLERANCE_S", 300),
        "REDIS_URL": redis_url,
        # Clients behind this many reverse proxies: X-Forwarded-* from them is trusted.
        "TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
        # Flask-Limiter, per client address; limits use its syntax ("20 per hour").
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI")
        or redis_url
        or "memory://",
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "kol"),
        "RATELIMIT_API": os.environ.get("RATELIMIT_API", "1200 per minute"),
        "RATELIMIT_SIGNUP": os.environ.get("RATELIMIT_SIGNUP", "20 per hour"),
        "RATELIMIT_TOKEN": os.environ.get("RATELIMIT_TOKEN", "60 per hour"),
        # A rate-limit store that is down degrades to per-process memory, never to a 500.
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "LOGIN_MAX_FAILURES": _env_int("LOGIN_MAX_FAILURES", 5),
        "LOGIN_FAILURE_WINDOW_S": _env_int("LOGIN_FAILURE_WINDOW_S", 15 * 60),
        "UPLOAD_FOLDER": str(instance_path / "uploads"),
        # Browse and search totals: each worker reuses a count this long (0 = always count).
        "SEARCH_COUNT_TTL_S": _env_int("SEARCH_COUNT_TTL_S", 10),
        # A brief's match ranking: each worker reuses it this long while nothing changed.
        "MATCH_RANKING_TTL_S": _env_int("MATCH_RANKING_TTL_S", 10),
        "MATCH_INDEX_PATH": os.environ.get("MATCH_INDEX_PATH", str(instance_path / "match_index")),
        # Email through the outbox: SMTP when MAIL_SERVER is set, else printed to the console.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _env_int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _env_bool("MAIL_USE_SSL", False),
        "MAIL_TIMEOUT_S": _env_int("MAIL_TIMEOUT_S", 10),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "KOL Marketplace <no-reply@kol.localhost>"),
        # Links in emails point here.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "OUTBOX_MAX_ATTEMPTS": _env_int("OUTBOX_MAX_ATTEMPTS", 8),
        "OUTBOX_RETRY_BASE_S": _env_int("OUTBOX_RETRY_BASE_S", 30),
        # The periodic sweep (run_due, outbox, pruning): every this many seconds.
        "SWEEP_INTERVAL_S": _env_int("SWEEP_INTERVAL_S", 60),
        # Run the sweep on a thread of the web process (the embedded default, no Redis).
        "SWEEP_IN_PROCESS": _env_bool("SWEEP_IN_PROCESS", False),
        "RQ_QUEUE": os.environ.get("RQ_QUEUE", "kol"),
        # Who may read /metrics: comma-separated addresses or networks.
        "METRICS_ALLOW": [
            network.strip()
            for network in os.environ.get("METRICS_ALLOW", "127.0.0.0/8,::1").split(",")
            if network.strip()
        ],
        # "json" (one object per line) or "text".
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "json"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
    }
    if config["STRIPE_SECRET_KEY"] and "PAYMENTS_PROVIDER" not in os.environ:
        config["PAYMENTS_PROVIDER"] = "stripe"
    config.update(overrides)
    return config
