"""What a KOL's earnings page shows in Stripe mode: its account, waiting money, bank payouts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import BankPayout, Contract, PaymentAttempt, User
from marketplace.services.accounts.roles import require_role
from marketplace.services.payments.commission_transfers import waiting_commission
from marketplace.services.payments.connect_accounts import (
    PayoutAccountStatus,
    account_of,
    status_of,
)
from marketplace.services.payments.releases import waiting_releases

RECENT_BANK_PAYOUTS = 20


@dataclass(frozen=True)
class StripePayouts:
    account: PayoutAccountStatus
    # Per currency, released nets not sent to the Stripe account yet (why: `account`).
    waiting: dict[str, int] = field(default_factory=dict)
    # Per currency, transfers to the Stripe account that Stripe has not confirmed yet.
    sending: dict[str, int] = field(default_factory=dict)
    bank_payouts: list[BankPayout] = field(default_factory=list)


def stripe_payouts(actor: User) -> StripePayouts:
    require_role(actor, "kol")
    waiting: dict[str, int] = defaultdict(int)
    for _contract, currency, net in waiting_releases(actor.id) + waiting_commission(actor.id):
        waiting[currency] += net
    sending = db.session.execute(
        select(PaymentAttempt.currency, func.sum(PaymentAttempt.amount))
        .join(Contract, Contract.id == PaymentAttempt.contract_id)
        .where(
            Contract.kol_id == actor.id,
            PaymentAttempt.kind == "transfer",
            PaymentAttempt.status == "pending",
        )
        .group_by(PaymentAttempt.currency)
    )
    payouts = db.session.scalars(
        select(BankPayout)
        .where(BankPayout.kol_id == actor.id)
        .order_by(BankPayout.created_at.desc(), BankPayout.id.desc())
        .limit(RECENT_BANK_PAYOUTS)
    )
    return StripePayouts(
        status_of(account_of(actor.id)),
        dict(waiting),
        {currency: int(amount) for currency, amount in sending},
        list(payouts),
    )
