"""Amounts typed on pages in major units ("3000.00" yuan) <-> integers in the smallest unit.

Parsed with Decimal, never floats, so 0.1 + 0.2 problems cannot creep into money.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_precision
from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField
from wtforms.validators import ValidationError

from marketplace.domain.taxonomy import CURRENCIES

# More digits than any accepted amount; keeps Decimal from building huge integers.
MAX_DIGITS = 15


def _precision(currency: str) -> int:
    return get_currency_precision((currency or "cny").upper())


def to_minor(text: str, currency: str) -> int:
    """Parse "3,000.50" into 300050 for a two-decimal currency; ValueError when not an amount."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError("not a number") from error
    if not amount.is_finite() or amount.adjusted() >= MAX_DIGITS:
        raise ValueError("not a usable amount")
    scaled = amount.scaleb(_precision(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError("too many decimals")
    return int(scaled)


def to_major_text(amount: int | None, currency: str) -> str:
    """300050 -> "3000.50": the value an edit form shows in its amount field."""
    if amount is None:
        return ""
    places = _precision(currency)
    return f"{Decimal(amount).scaleb(-places):.{places}f}"


class AmountField(StringField):
    """A text field for an amount in major units of the currency in `currency_field`."""

    def __init__(self, label=None, validators=None, currency_field: str = "currency", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.currency_field = currency_field
        self.minor: int | None = None

    def currency(self, form) -> str:
        """The currency code: a form field's value, or a plain string attribute of the form."""
        source = getattr(form, self.currency_field, None)
        value = source.data if isinstance(source, Field) else source
        return value if isinstance(value, str) and value in CURRENCIES else CURRENCIES[0]

    def pre_validate(self, form) -> None:
        self.minor = None
        if not (self.data or "").strip():
            return
        try:
            self.minor = to_minor(self.data, self.currency(form))
        except ValueError:
            places = _precision(self.currency(form))
            example = to_major_text(300000, self.currency(form)) if places else "3000"
            raise ValidationError(
                _l(
                    "Enter an amount like %(example)s (at most %(n)d decimals).",
                    example=example,
                    n=places,
                )
            ) from None
