"""The steps of a demo contract's story, each one call of a real contract service.

So a seeded contract has the events, rounds, submissions, ledger entries and payment
attempts that a contract made by people has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from marketplace.domain.contracts import BRAND
from marketplace.domain.errors import PaymentFailed
from marketplace.extensions import db
from marketplace.models import Contract, User
from marketplace.seed import contract_texts as texts
from marketplace.services.contracts import cancellation, disputes, funding, negotiation, work
from marketplace.services.ledger.contract_postings import escrow_balance

DECLINED_CARD = "pm_card_chargeDeclined"
CARD = "pm_card_visa"
# Share of a disputed escrow the demo admin releases to the KOL, in percent.
KOL_SHARE = 70


@dataclass
class Deal:
    """A contract being played, with its parties and the admin who resolves disputes."""

    id: int
    brand: User
    kol: User
    admin: User
    said: int = 0

    @property
    def contract(self) -> Contract:
        contract = db.session.get(Contract, self.id)
        assert contract is not None
        return contract

    def line(self, choices: tuple[str, ...]) -> str:
        """The next of some texts, so parties of one contract do not repeat themselves."""
        self.said += 1
        return choices[(self.id + self.said) % len(choices)]


def _round_price(price: int, percent: int) -> int:
    return max(100, price * percent // 100 // 100 * 100)


def _accept(deal: Deal) -> None:
    actor = deal.brand if deal.contract.awaiting == BRAND else deal.kol
    negotiation.accept_offer(actor, deal.id)


def _counter_kol(deal: Deal) -> None:
    contract = deal.contract
    negotiation.counter_offer(
        deal.kol,
        deal.id,
        price=_round_price(contract.price, 115),
        message=deal.line(texts.COUNTER_KOL),
    )


def _counter_brand(deal: Deal) -> None:
    contract = deal.contract
    negotiation.counter_offer(
        deal.brand,
        deal.id,
        price=_round_price(contract.price, 95),
        due_date=(contract.due_date + timedelta(days=3)).isoformat(),
        message=deal.line(texts.COUNTER_BRAND),
    )


def _decline(deal: Deal) -> None:
    negotiation.decline_offer(deal.kol, deal.id, deal.line(texts.DECLINE_REASONS))


def _withdraw(deal: Deal) -> None:
    negotiation.withdraw_offer(deal.brand, deal.id)


def _declined_card(deal: Deal) -> None:
    """A card the bank declines: the attempt stays on record, the contract unfunded."""
    try:
        funding.fund(deal.brand, deal.id, DECLINED_CARD)
    except PaymentFailed:
        return
    raise AssertionError(f"{DECLINED_CARD} was not declined")


def _fund(deal: Deal) -> None:
    funding.fund(deal.brand, deal.id, CARD)


def _submit(deal: Deal) -> None:
    contract = deal.contract
    link = texts.proof_url(contract.platform, deal.id * 10 + len(contract.submissions))
    work.submit_proof(deal.kol, deal.id, post_urls=[link], notes=deal.line(texts.SUBMISSION_NOTES))


def _revise(deal: Deal) -> None:
    work.request_revision(deal.brand, deal.id, deal.line(texts.REVISION_MESSAGES))


def _approve(deal: Deal) -> None:
    work.approve(deal.brand, deal.id)


def _cancel(side: str) -> Callable[[Deal], None]:
    def step(deal: Deal) -> None:
        actor = deal.brand if side == BRAND else deal.kol
        cancellation.cancel(actor, deal.id, deal.line(texts.CANCEL_REASONS))

    return step


def _dispute_brand(deal: Deal) -> None:
    category = "not_as_agreed" if deal.contract.first_submitted_at else "not_delivered"
    disputes.open_dispute(deal.brand, deal.id, texts.DISPUTE_REASONS[category], category)


def _dispute_kol(deal: Deal) -> None:
    disputes.open_dispute(deal.kol, deal.id, texts.DISPUTE_REASONS["other"], "other")


def _resolve(deal: Deal) -> None:
    contract = deal.contract
    dispute = disputes.open_dispute_of(contract)
    assert dispute is not None
    held = escrow_balance(contract)
    to_kol = held * KOL_SHARE // 100
    disputes.resolve_dispute(
        deal.admin,
        dispute.id,
        kol_amount=to_kol,
        brand_refund=held - to_kol,
        note=texts.RESOLUTION_NOTE,
    )


STEPS: dict[str, Callable[[Deal], None]] = {
    "accept": _accept,
    "counter_kol": _counter_kol,
    "counter_brand": _counter_brand,
    "decline": _decline,
    "withdraw": _withdraw,
    "declined_card": _declined_card,
    "fund": _fund,
    "submit": _submit,
    "revise": _revise,
    "approve": _approve,
    "cancel_kol": _cancel("kol"),
    "cancel_brand": _cancel(BRAND),
    "ask_cancel_kol": _cancel("kol"),
    "ask_cancel_brand": _cancel(BRAND),
    "dispute_brand": _dispute_brand,
    "dispute_kol": _dispute_kol,
    "resolve": _resolve,
}
