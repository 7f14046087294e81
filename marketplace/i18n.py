"""Locale selection and Babel-backed formatting helpers for templates."""

from __future__ import annotations

from collections.abc import Iterable

from babel.lists import format_list as babel_format_list
from babel.numbers import format_compact_decimal
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
    return money.format_money(amount, currency, _locale(), compact=compact)


def format_bps(bps: int | None) -> str:
    """Basis points for the current locale: 1500 -> "15%"."""
    return money.format_bps(bps, _locale())


def _locale() -> str:
    return str(get_locale() or "en")


def format_count(value: int | None, *, compact: bool = False) -> str:
    """A count for the current locale; `compact` shortens it per locale: "3.5M", "348.7万"."""
    if compact:
        return format_compact_decimal(value or 0, locale=_locale(), fraction_digits=1)
    return format_decimal(value or 0)


def format_list(items: Iterable[object]) -> str:
    """Words joined the locale's way: "a, b, and c" in English, "a、b和c" in Chinese."""
    return babel_format_list([str(item) for item in items], locale=_locale())


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["bps"] = format_bps
    app.jinja_env.filters["count"] = format_count
    app.jinja_env.filters["compact_count"] = lambda value: format_count(value, compact=True)
    app.jinja_env.filters["join_list"] = format_list
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
