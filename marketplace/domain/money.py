"""Money: the only place that parses, checks and formats amounts and percentages.

Amounts are `int` in the currency's smallest unit (fen, cents) with its ISO 4217
exponent from `EXPONENTS`; conversions go through `Decimal`, never `float`. Parsing
raises `MoneyError` with a stable `code` and parameters; the service layer words it in
the user's language (see `services/validation.py`), so this module stays free of Flask.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.numbers import format_compact_currency, format_currency, format_percent

# ISO 4217 minor-unit exponents; a new currency is one line (e.g. "jpy": 0).
EXPONENTS: dict[str, int] = {"cny": 2, "usd": 2}
DEFAULT_CURRENCY = "cny"
# What people write around an amount, per currency (after NFKC, so "￥" is "¥").
MARKERS: dict[str, tuple[str, ...]] = {
    "cny": ("cn¥", "rmb", "cny", "¥", "元"),
    "usd": ("us$", "usd", "$"),
}
MAX_INPUT_LENGTH = 40  # characters left after removing spaces
MAX_RAW_LENGTH = 1000  # longer input is refused before it is normalised at all
BPS_PER_WHOLE = 10_000
PERCENT_EXPONENT = 2  # basis points are percent with two decimals
# Lists show 12,345 and more compactly (1.2万, 12.3K); smaller amounts in full.
COMPACT_FROM = 10_000

SIGNS = ("+", "-")  # a tuple: `"" in "+-"` would be true
_NUMBER = re.compile(r"\+?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d*)?", re.ASCII)
_SPACES = re.compile(r"\s+")


class MoneyError(ValueError):
    """Input that is not an acceptable amount; `code` says why, `params` fill the message.

    Codes: empty, too_long, not_a_number, negative, too_many_decimals, other_currency,
    below_minimum, above_maximum.
    """

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Money:
    """An amount in the smallest unit of a currency (lowercase ISO code)."""

    amount: int
    currency: str


def exponent(currency: str | None) -> int:
    """Decimal places of a currency (2 for cny and usd); unknown codes use the default's."""
    return EXPONENTS.get((currency or "").lower(), EXPONENTS[DEFAULT_CURRENCY])


def to_minor(major: Decimal | int, currency: str | None) -> int:
    """A whole or decimal amount in major units (12.5) as the smallest unit (1250)."""
    scaled = Decimal(major).scaleb(exponent(currency))
    if not scaled.is_finite() or scaled != scaled.to_integral_value():
        raise MoneyError("too_many_decimals", places=exponent(currency))
    return int(scaled)


def minor_ceiling(maximum_major: int) -> int:
    """The largest smallest-unit amount any currency allows under a cap in major units.

    The API speaks minor units; its documented maximum is this (exact per currency in the
    service's error)."""
    return max(to_minor(maximum_major, currency) for currency in EXPONENTS)


def to_major(amount: int, currency: str | None) -> Decimal:
    """The smallest unit as an exact Decimal in major units: 1250 -> Decimal("12.50")."""
    return Decimal(amount).scaleb(-exponent(currency))


def input_text(amount: int | None, currency: str | None) -> str:
    """What an edit form shows in an amount box: "3000.50", or "3000" for whole amounts."""
    if amount is None:
        return ""
    major = to_major(amount, currency)
    if major == major.to_integral_value():
        return str(int(major))
    return f"{major:.{exponent(currency)}f}"


def percent_input_text(bps: int | None) -> str:
    """What an edit form shows in a percent box: 1500 -> "15", 1250 -> "12.5"."""
    if bps is None:
        return ""
    return format(Decimal(bps).scaleb(-PERCENT_EXPONENT).normalize(), "f")


def _normalise(text: object) -> str:
    if text is None:
        raise MoneyError("empty")
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        raise MoneyError("not_a_number")
    if len(text) > MAX_RAW_LENGTH:
        raise MoneyError("too_long", n=MAX_INPUT_LENGTH)
    # NFKC turns full-width input (１２３４．５, ￥, ，) into ASCII; other scripts' digits
    # stay non-ASCII and are refused below.
    cleaned = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    if not cleaned:
        raise MoneyError("empty")
    if len(cleaned) > MAX_INPUT_LENGTH:
        raise MoneyError("too_long", n=MAX_INPUT_LENGTH)
    return cleaned.lower()


def _without_marker(text: str, currency: str) -> str:
    """Remove this currency's symbol or code before or after the number, if there is one."""
    for marker in sorted(MARKERS.get(currency, ()), key=len, reverse=True):
        if text.startswith(marker):
            return text[len(marker) :]
        if text.endswith(marker):
            return text[: -len(marker)]
    return text


def _decimal(text: str, currency: str | None = None) -> Decimal:
    """A non-negative Decimal from "1,234.5", "-¥5" or "¥-5" (currency markers removed)."""
    sign, text = (text[0], text[1:]) if text[:1] in SIGNS else ("", text)
    if currency is not None:
        text = _without_marker(text, currency)
    if not sign and text[:1] in SIGNS:
        sign, text = text[0], text[1:]
    if not _NUMBER.fullmatch(text) or not any(c.isdigit() for c in text):
        foreign = (m for other, ms in MARKERS.items() if other != currency for m in ms)
        if currency is not None and any(m in text for m in foreign):
            raise MoneyError("other_currency", currency=currency)
        raise MoneyError("not_a_number")
    amount = Decimal(text.replace(",", ""))
    if sign == "-" and amount:
        raise MoneyError("negative")
    return abs(amount)


def parse(text: object, currency: str | None) -> int:
    """What a person typed ("1,234.5", "¥1234", "US$12", "１２３４") in the smallest unit.

    Refuses, with a MoneyError: empty or over-long input, anything but a plain decimal
    number (so no NaN, inf, exponents or other scripts' digits), a negative amount, more
    decimals than the currency has, and another currency's symbol.
    """
    code = (currency or DEFAULT_CURRENCY).lower()
    return to_minor(_decimal(_normalise(text), code), code)


def parse_percent(text: object) -> int:
    """A percentage as typed ("15", "12.5%", "１５％") in basis points (1500, 1250)."""
    scaled = _decimal(_normalise(text).removesuffix("%")).scaleb(PERCENT_EXPONENT)
    if scaled != scaled.to_integral_value():
        raise MoneyError("too_many_decimals", places=PERCENT_EXPONENT)
    return int(scaled)


def check_range(amount: int, currency: str | None, *, minimum: int, maximum: int) -> int:
    """`amount` if minimum <= amount <= maximum (all in the smallest unit), else MoneyError."""
    if amount < minimum:
        raise MoneyError("below_minimum", limit=Money(minimum, currency or DEFAULT_CURRENCY))
    if amount > maximum:
        raise MoneyError("above_maximum", limit=Money(maximum, currency or DEFAULT_CURRENCY))
    return amount


@cache
def _whole_pattern(locale: str) -> str:
    """The locale's currency pattern without decimals ("¤#,##0.00" -> "¤#,##0")."""
    return Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")


def format_money(
    amount: int | None, currency: str | None, locale: str = "en", *, compact: bool = False
) -> str:
    """An amount for people: "CN¥1,234.50", "¥3,000" (no ".00"), compact "¥1.2万" / "$12.3K"."""
    if amount is None or not currency:
        return ""
    code = currency.upper()
    major = to_major(amount, currency)
    if compact and abs(major) >= COMPACT_FROM:
        return format_compact_currency(major, code, locale=locale, fraction_digits=1)
    if major == major.to_integral_value():
        pattern = _whole_pattern(locale)
        return format_currency(major, code, pattern, locale=locale, currency_digits=False)
    return format_currency(major, code, locale=locale)


def format_bps(bps: int | None, locale: str = "en") -> str:
    """Basis points as a percentage: 1500 -> "15%", 1250 -> "12.5%"."""
    if bps is None:
        return ""
    return format_percent(Decimal(bps) / BPS_PER_WHOLE, "#,##0.##%", locale=locale)
