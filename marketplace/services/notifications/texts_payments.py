"""Notification sentences for payments kinds (merged into texts.TEXTS); payload keys as in texts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

TEXTS: dict[str, Any] = {
    "contract.chargeback": _l(
        "%(title)s is frozen: the card payment was disputed with the bank; an administrator "
        "will review it"
    ),
    # Admin alerts from Stripe's platform events (services/payments/stripe_*).
    "payments.late_payment_refunded": _l(
        "A payment for %(title)s arrived after the contract stopped waiting for it; "
        "it is being refunded"
    ),
    "payments.external_refund": _l(
        "Stripe refunded money on %(title)s that the app did not ask for (charge %(charge)s); "
        "check the escrow and the platform's losses"
    ),
    "payments.chargeback_opened": _l(
        "A card chargeback was opened on %(title)s (%(reason)s); the contract is frozen"
    ),
    "payments.amount_mismatch": _l(
        "Stripe reported a payment for %(title)s of another amount than asked; it was not "
        "counted: check it in the Stripe dashboard"
    ),
    "payments.chargeback_closed": _l("The card chargeback on %(title)s closed: %(outcome)s"),
    "payments.refund_failed": _l(
        "A refund for %(title)s was not made (%(code)s); check the payment and refund by hand"
    ),
    # Connect: releases to KOLs' Stripe accounts, reversals, bank payouts.
    "payments.release_failed": _l(
        "Stripe refused the transfer of your earnings for %(title)s; they stay available"
    ),
    "payments.release_failed_admin": _l(
        "Stripe refused the release for %(title)s (%(code)s); the KOL's net stays available"
    ),
    "payments.transfer_reversed": _l(
        "A transfer for %(title)s was reversed at Stripe; the money is back in its escrow"
    ),
    "payments.bank_payout_failed": _l(
        "Stripe could not pay %(amount)s to your bank; check your bank details at Stripe"
    ),
}
