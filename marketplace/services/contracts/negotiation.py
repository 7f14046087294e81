"""Negotiation of an offer: counter-offers both ways, acceptance, decline and withdrawal.

Only the party the offer waits for (`awaiting`) may counter, accept or decline; each
counter is kept as a new round of terms and restarts the offer's expiry clock.
"""

from __future__ import annotations

from typing import Any

from marketplace.domain.contracts import BRAND, KOL
from marketplace.models import Contract, User
from marketplace.models.base import utcnow
from marketplace.services.accounts.roles import require_not_suspended
from marketplace.services.contracts.offers import record_round
from marketplace.services.contracts.terms import check_commission_terms, clean_terms
from marketplace.services.contracts.workflow import seconds_setting, transition
from marketplace.services.tracking.products import (
    create_agreed_products,
    latest_offered_products,
)
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator


@use_case
def counter_offer(
    actor: User,
    contract_id: int,
    *,
    price: Any,
    due_date: Any = None,
    deliverables: Any = None,
    revisions: Any = None,
    commission_bps: Any = None,
    commission_budget: Any = None,
    products: Any = None,
    message: Any = "",
) -> Contract:
    """The awaited party proposes new terms; the offer then waits for the other party.

    Commission terms left out keep their current value; `products` replaces the list.
    """
    require_not_suspended(actor)
    contract = transition(actor, contract_id, "counter")
    v = Validator()
    terms = clean_terms(
        v,
        {
            "price": price,
            "due_date": due_date,
            "deliverables": deliverables,
            "revisions": revisions,
            "commission_bps": commission_bps,
            "commission_budget": commission_budget,
            "products": products,
            "message": message,
        },
        contract.currency,
        partial=True,
    )
    new_products = terms.get("products")
    check_commission_terms(
        v,
        terms.get("commission_bps", contract.commission_bps),
        terms.get("commission_budget", contract.commission_budget),
        latest_offered_products(contract) if new_products is None else new_products,
    )
    v.check()
    contract.price = terms["price"]
    for name in ("due_date", "deliverables", "commission_bps", "commission_budget"):
        if name in terms:
            setattr(contract, name, terms[name])
    if "revisions" in terms:
        contract.revisions_allowed = terms["revisions"]
    role = contract.party_role(actor.id)
    assert role is not None
    contract.awaiting = KOL if role == BRAND else BRAND
    contract.offer_expires_at = utcnow() + seconds_setting("OFFER_TTL_S")
    record_round(contract, actor, role, terms.get("message", ""), new_products)
    return contract


@use_case
def accept_offer(actor: User, contract_id: int) -> Contract:
    """The awaited party accepts the current terms; the brand then has FUNDING_TTL_S to fund."""
    contract = transition(actor, contract_id, "accept")
    now = utcnow()
    contract.accepted_at = now
    contract.offer_expires_at = None
    contract.funding_due_at = now + seconds_setting("FUNDING_TTL_S")
    create_agreed_products(contract)
    return contract


@use_case
def decline_offer(actor: User, contract_id: int, reason: Any = "") -> Contract:
    v = Validator()
    clean_reason = v.string("reason", reason, required=False, max_len=500) or ""
    v.check()
    contract = transition(actor, contract_id, "decline", {"reason": clean_reason})
    contract.closed_at = utcnow()
    contract.offer_expires_at = None
    return contract


@use_case
def withdraw_offer(actor: User, contract_id: int) -> Contract:
    contract = transition(actor, contract_id, "withdraw")
    contract.closed_at = utcnow()
    contract.offer_expires_at = None
    return contract
