"""Money and percentage input errors, worded in the unit the person typed.

`domain.money` raises `MoneyError` with a code and parameters; this is the one place that
turns them into translated sentences, with limits formatted for the user's locale.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from marketplace.domain import money


def locale_name() -> str:
    """The current request's locale ("en", "zh"), or the default one outside requests."""
    return str(get_locale() or "en")


def money_message(error: money.MoneyError, currency: str | None) -> str:
    """A money input error in the unit the person typed: yuan or dollars, not fen or cents."""
    params = error.params
    limit = params.get("limit")
    if isinstance(limit, money.Money):
        amount = money.format_money(limit.amount, limit.currency, locale_name())
        if error.code == "above_maximum":
            return str(_l("Must be at most %(amount)s.", amount=amount))
        if limit.amount > 0:
            return str(_l("Must be at least %(amount)s.", amount=amount))
    messages = {
        "empty": _l("Enter an amount."),
        "too_long": _l("Must be at most %(n)d characters.", n=params.get("n", 0)),
        "negative": _l("Must not be negative."),
        "below_minimum": _l("Must not be negative."),
        "other_currency": _l(
            "Enter the amount in %(currency)s.", currency=(currency or "").upper()
        ),
        "too_many_decimals": _l("Use at most %(n)d decimal places.", n=params.get("places", 0))
        if params.get("places")
        else _l("Enter a whole amount."),
    }
    if error.code in messages:
        return str(messages[error.code])
    example = money.input_text(300_050, currency) if money.exponent(currency) else "3000"
    return str(_l("Enter an amount like %(example)s.", example=example))


def percent_message(error: money.MoneyError) -> str:
    """A percentage input error (commission, shares), worded in percent."""
    if error.code == "negative":
        return str(_l("Must not be negative."))
    if error.code == "too_many_decimals":
        return str(_l("Use at most %(n)d decimal places.", n=error.params.get("places", 0)))
    return str(_l("Enter a percentage like 12.5."))
