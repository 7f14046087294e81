"""Contracts in any status, reached the way users reach them: through the services.

`make_contract(status="submitted")` has the brand offer, the KOL accept, the brand fund
with the sandbox's `pm_card_visa`, the KOL submit, and so on, so every contract in a test
has the events, ledger entries and payment attempts a real one has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from marketplace.extensions import db
from marketplace.models import Contract, Listing, User
from marketplace.models.base import utcnow
from marketplace.services.contracts import (
    cancellation,
    disputes,
    funding,
    negotiation,
    offers,
    timers,
    work,
)
from tests.factories import make_admin, make_brand
from tests.factories.catalogue import make_kol_with_listing

POST_URL = "https://www.xiaohongshu.com/explore/64f0c0ffee"
# Statuses and the steps after "offered" that reach them.
PATHS: dict[str, tuple[str, ...]] = {
    "offered": (),
    "accepted": ("accept",),
    "declined": ("decline",),
    "withdrawn": ("withdraw",),
    "expired": ("expire",),
    "funded": ("accept", "fund"),
    "submitted": ("accept", "fund", "submit"),
    "revision_requested": ("accept", "fund", "submit", "request_revision"),
    "completed": ("accept", "fund", "submit", "approve"),
    "cancelled": ("accept", "cancel"),
    "disputed": ("accept", "fund", "dispute"),
    "resolved": ("accept", "fund", "dispute", "resolve"),
}


@dataclass
class Deal:
    """A contract with its two parties and the listing it came from."""

    contract: Contract
    brand: User
    kol: User
    listing: Listing | None

    @property
    def id(self) -> int:
        return self.contract.id


def offer_values(kol: User, listing: Listing | None = None, **overrides: Any) -> dict[str, Any]:
    """Arguments for `offers.create_offer` (also the API's POST /contracts body)."""
    values: dict[str, Any] = {
        "kol_id": kol.id,
        "price": 300_000,
        "currency": "cny",
        "deliverables": "One image-text post about the new sunscreen, tagged #ad",
        "due_date": (date.today() + timedelta(days=14)).isoformat(),
    }
    if listing is not None:
        values["listing_id"] = listing.id
    values.update(overrides)
    return values


def _step(deal: Deal, step: str) -> None:
    contract_id = deal.contract.id
    if step == "accept":
        negotiation.accept_offer(deal.kol, contract_id)
    elif step == "decline":
        negotiation.decline_offer(deal.kol, contract_id, "Not my audience")
    elif step == "withdraw":
        negotiation.withdraw_offer(deal.brand, contract_id)
    elif step == "expire":
        timers.run_due(utcnow() + timedelta(days=30))
    elif step == "fund":
        funding.fund(deal.brand, contract_id, "pm_card_visa")
    elif step == "submit":
        work.submit_proof(deal.kol, contract_id, post_urls=[POST_URL], notes="Posted at 8pm")
    elif step == "request_revision":
        work.request_revision(deal.brand, contract_id, "Please tag the brand account")
    elif step == "approve":
        work.approve(deal.brand, contract_id)
    elif step == "cancel":
        cancellation.cancel(deal.brand, contract_id, "Campaign postponed")
    elif step == "dispute":
        disputes.open_dispute(deal.brand, contract_id, "Nothing was posted", "not_delivered")
    elif step == "resolve":
        dispute = disputes.open_dispute_of(deal.contract)
        assert dispute is not None
        half = deal.contract.price // 2
        disputes.resolve_dispute(
            make_admin(),
            dispute.id,
            kol_amount=half,
            brand_refund=deal.contract.price - half,
            note="Split",
        )
    else:
        raise ValueError(step)


def make_contract(
    status: str = "offered",
    *,
    brand: User | None = None,
    kol: User | None = None,
    listing: Listing | None = None,
    **terms: Any,
) -> Deal:
    """A contract in `status`, reached through the real services (see `PATHS`)."""
    if kol is None:
        kol, listing = make_kol_with_listing()
    brand = brand or make_brand()
    values = offer_values(kol, listing, **terms)
    contract = offers.create_offer(brand, **values)
    deal = Deal(contract=contract, brand=brand, kol=kol, listing=listing)
    for step in PATHS[status]:
        _step(deal, step)
    db.session.refresh(contract)
    assert contract.status == status, (contract.status, status)
    return deal
