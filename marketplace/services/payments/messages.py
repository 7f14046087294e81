"""What a payer is told when the gateway declines, in the payer's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

_DECLINES = {
    "card_declined": _l("Your card was declined."),
    "insufficient_funds": _l("Your card has insufficient funds."),
    "expired_card": _l("Your card has expired."),
    "incorrect_cvc": _l("Your card's security code is incorrect."),
    "processing_error": _l("An error occurred while processing your card. Try again shortly."),
    "resource_missing": _l("This payment method is not known. Choose one of the test cards."),
}


def decline_message(code: str) -> str:
    """The translated reason for a decline code (Stripe's codes), with a generic fallback."""
    return str(_DECLINES.get(code, _l("Your card was declined.")))


def unavailable_message() -> str:
    return str(
        _l("The payment service did not answer. Nothing was charged twice: try again in a moment.")
    )
