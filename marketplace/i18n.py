"""Locale selection and Babel-backed formatting helpers for templates."""

from __future__ import annotations

from babel.numbers import format_currency as babel_format_currency
from babel.numbers import get_currency_precision
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_decimal, format_percent, get_locale
from flask_login import current_user


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


def minor_to_major(amount: int, currency: str) -> float:
    return amount / (10 ** get_currency_precision(currency.upper()))


def format_money(amount: int | None, currency: str | None) -> str:
    """Format an integer amount in the currency's smallest unit for the current locale."""
    if amount is None or not currency:
        return ""
    code = currency.upper()
    return babel_format_currency(
        minor_to_major(amount, code), code, locale=str(get_locale() or "en")
    )


def format_count(value: int | None) -> str:
    return format_decimal(value or 0)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["money"] = lambda amount, currency: format_money(amount, currency)
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
