"""Notification sentences for payments kinds (merged into texts.TEXTS); payload keys as in texts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

TEXTS: dict[str, Any] = {
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
