"""Locale selection and Babel-backed formatting helpers for templates."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_decimal, format_percent, get_locale
from flask_login import current_user

from marketplace.domain import money


def select_locale() -> str:
    """A chosen language (session, then the user's setting) wins over Accept-Language."""
    languages = list(current_app.config["LANGUAGES"])
    if not has_request_context():  # CLI commands and background jobs
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or languages[0]


def format_money(amount: int | None, currency: str | None, *, compact: bool = False) -> str:
    """An amount in the smallest unit for the current locale; `compact` for lists (1.2万)."""
    return money.format_money(amount, currency, str(get_locale() or "en"), compact=compact)


def format_bps(bps: int | None) -> str:
    """Basis points for the current locale: 1500 -> "15%"."""
    return money.format_bps(bps, str(get_locale() or "en"))


def format_count(value: int | None) -> str:
    return format_decimal(value or 0)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["bps"] = format_bps
    app.jinja_env.filters["count"] = format_count
    app.jinja_env.filters["percent"] = lambda value, digits=1: format_percent(
        value or 0, format="#,##0." + "0" * digits + "%"
    )

    @app.context_processor
    def inject_locale() -> dict[str, object]:
        return {
            "current_locale": str(get_locale() or "en"),
            "languages": current_app.config["LANGUAGES"],
            "payments_test_mode": current_app.config["PAYMENTS_PROVIDER"] == "sandbox",
        }
