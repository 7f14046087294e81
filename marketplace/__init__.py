"""The Flask application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from marketplace.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(load_config(Path(app.instance_path), config))
    register_logging(app)
    register_request_tracking(app)
    register_extensions(app)
    register_converters(app)
    register_input_guards(app)
    register_blueprints(app)
    register_security(app)
    register_operations_endpoints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_jobs(app)
    return app


def register_logging(app: Flask) -> None:
    from marketplace.observability.logs import configure_logging

    configure_logging(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])


def register_request_tracking(app: Flask) -> None:
    """Request ids, access log and latency: before every other hook, so all are timed."""
    from marketplace.observability.request_tracking import register

    register(app)


def register_extensions(app: Flask) -> None:
    from marketplace import db_events, models  # noqa: F401  (mappers, engine events)
    from marketplace.admin.guard import register as register_admin_guard
    from marketplace.extensions import babel, bootstrap, csrf, db, login_manager, migrate
    from marketplace.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    register_admin_guard(app)  # before CSRF: non-admins get 404 even on a POST
    csrf.init_app(app)
    bootstrap.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "translations"),
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(session_id: str):  # type: ignore[no-untyped-def]
        from marketplace.services.accounts.sessions import user_for_session

        return user_for_session(session_id)


def register_converters(app: Flask) -> None:
    from marketplace.routing import register_converters as register

    register(app)


def register_input_guards(app: Flask) -> None:
    from marketplace.input_guard import register

    register(app)


def register_blueprints(app: Flask) -> None:
    from marketplace.admin import bp as admin_bp
    from marketplace.api import bp as api_bp
    from marketplace.auth import bp as auth_bp
    from marketplace.brands import bp as brands_bp
    from marketplace.briefs import bp as briefs_bp
    from marketplace.browse import bp as browse_bp
    from marketplace.contracts import bp as contracts_bp
    from marketplace.extensions import csrf
    from marketplace.kols import bp as kols_bp
    from marketplace.main import bp as main_bp
    from marketplace.notifications import bp as notifications_bp
    from marketplace.stripe_hooks import bp as stripe_hooks_bp
    from marketplace.tracking import bp as tracking_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(kols_bp, url_prefix="/kol")
    app.register_blueprint(brands_bp, url_prefix="/brand")
    app.register_blueprint(briefs_bp, url_prefix="/briefs")
    app.register_blueprint(browse_bp, url_prefix="/browse")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(contracts_bp)
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    csrf.exempt(stripe_hooks_bp)
    app.register_blueprint(stripe_hooks_bp)
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(tracking_bp)
    app.register_blueprint(tracking_bp)


def register_security(app: Flask) -> None:
    """Trusted proxies, rate limits and security headers (after the blueprints they name)."""
    from marketplace import limits, security

    security.trust_proxies(app)
    limits.register(app)
    security.register(app)


def register_operations_endpoints(app: Flask) -> None:
    """/healthz, /readyz and /metrics (after the limiter exists, to exempt them)."""
    from marketplace.observability.views import register

    register(app)


def register_errorhandlers(app: Flask) -> None:
    from marketplace.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from marketplace.i18n import register_template_helpers as register_i18n
    from marketplace.match_labels import register as register_match_labels

    register_i18n(app)
    register_match_labels(app)


def register_jobs(app: Flask) -> None:
    """The in-process sweep, when configured (SWEEP_IN_PROCESS without REDIS_URL)."""
    from marketplace.jobs.in_process import register

    register(app)


def register_commands(app: Flask) -> None:
    from marketplace.cli import register

    register(app)
