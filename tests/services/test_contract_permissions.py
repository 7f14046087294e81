"""Every contract action x every role: only its party may take it; a stranger gets 404.

For each action, from a status where it is allowed, each of the brand, the KOL, an admin,
a stranger brand and a stranger KOL tries it. The party the action belongs to succeeds;
the other party is refused (403 when the action is not for its kind of account, 409 when
the offer waits for someone else); a stranger of the right kind gets 404, so nobody learns
that someone else's contract exists; nothing changes on a refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict, NotAllowed, NotFound
from marketplace.extensions import db
from marketplace.models import Contract, ContractEvent, User
from marketplace.services.contracts import (
    cancellation,
    dispute_actions,
    disputes,
    funding,
    negotiation,
    work,
)
from tests import factories
from tests.factories.contracts import POST_URL, Deal, make_contract

ROLES = ("brand", "kol", "admin", "stranger_brand", "stranger_kol")

Call = Callable[[User, Deal], Any]


def _resolve(user: User, deal: Deal) -> Any:
    dispute = disputes.open_dispute_of(deal.contract)
    assert dispute is not None
    return disputes.resolve_dispute(
        user, dispute.id, kol_amount=0, brand_refund=deal.contract.price, note="Refund"
    )


def _withdraw(user: User, deal: Deal) -> Any:
    dispute = disputes.open_dispute_of(deal.contract)
    assert dispute is not None
    return dispute_actions.withdraw(user, dispute.id)


# action: (the status it is taken from, the call, who may take it, what the other party gets)
ACTIONS: dict[str, tuple[str, Call, set[str], type[Exception]]] = {
    "accept": ("offered", lambda u, d: negotiation.accept_offer(u, d.id), {"kol"}, Conflict),
    "counter": (
        "offered",
        lambda u, d: negotiation.counter_offer(u, d.id, price=350_000),
        {"kol"},
        Conflict,
    ),
    "decline": ("offered", lambda u, d: negotiation.decline_offer(u, d.id), {"kol"}, Conflict),
    "withdraw": (
        "offered",
        lambda u, d: negotiation.withdraw_offer(u, d.id),
        {"brand"},
        NotAllowed,
    ),
    "fund": (
        "accepted",
        lambda u, d: funding.fund(u, d.id, "pm_card_visa"),
        {"brand"},
        NotAllowed,
    ),
    "cancel": ("accepted", lambda u, d: cancellation.cancel(u, d.id), {"brand", "kol"}, Conflict),
    "request_cancel": (
        "funded",
        lambda u, d: cancellation.cancel(u, d.id),
        {"brand", "kol"},
        Conflict,
    ),
    "submit": (
        "funded",
        lambda u, d: work.submit_proof(u, d.id, post_urls=[POST_URL]),
        {"kol"},
        NotAllowed,
    ),
    "request_revision": (
        "submitted",
        lambda u, d: work.request_revision(u, d.id, "Tag the brand"),
        {"brand"},
        NotAllowed,
    ),
    "approve": ("submitted", lambda u, d: work.approve(u, d.id), {"brand"}, NotAllowed),
    "dispute": (
        "submitted",
        lambda u, d: disputes.open_dispute(u, d.id, "Not as agreed"),
        {"brand", "kol"},
        Conflict,
    ),
    "resolve": ("disputed", _resolve, {"admin"}, NotAllowed),
    # The factory's dispute is the brand's, opened on a funded contract.
    "withdraw_to_funded": ("disputed", _withdraw, {"brand"}, NotAllowed),
}


def _user(role: str, deal: Deal) -> User:
    makers = {
        "brand": lambda: deal.brand,
        "kol": lambda: deal.kol,
        "admin": factories.make_admin,
        "stranger_brand": factories.make_brand,
        "stranger_kol": factories.make_kol,
    }
    return makers[role]()


# Offers are answered by whoever they wait for: either kind of party may take these.
# A dispute is withdrawn by whichever party opened it.
EITHER_PARTY_ANSWERS = {"accept", "counter", "decline", "withdraw_to_funded"}


def _expected_refusal(action: str, role: str, allowed: set[str], other_party: type) -> type:
    if role in ("brand", "kol"):
        return other_party
    kinds = {"brand", "kol"} if action in EITHER_PARTY_ANSWERS else allowed
    if role.startswith("stranger_") and role.removeprefix("stranger_") in kinds:
        return NotFound
    return NotAllowed


def _footprint(deal: Deal) -> tuple[str, int]:
    db.session.expire_all()
    contract = db.session.get(Contract, deal.id)
    assert contract is not None
    events = db.session.scalar(select(func.count()).where(ContractEvent.contract_id == deal.id))
    return contract.status, events


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_is_allowed_only_to_its_party(ctx, action, role):
    status, call, allowed, other_party = ACTIONS[action]
    deal = make_contract(status)
    user = _user(role, deal)
    before = _footprint(deal)
    if role in allowed:
        call(user, deal)
        assert _footprint(deal) != before
        return
    with pytest.raises(_expected_refusal(action, role, allowed, other_party)):
        call(user, deal)
    assert _footprint(deal) == before


def test_every_action_of_the_table_is_walked():
    from marketplace.domain.contracts import CONTRACT_TRANSITIONS

    people = {row.action for row in CONTRACT_TRANSITIONS.transitions if row.role != "system"}
    # confirm_cancel is `cancel` after the other party's request (test_contract_paths);
    # withdrawing to the other statuses is walked in test_dispute_actions.
    walked_elsewhere = {"confirm_cancel", "withdraw_to_submitted", "withdraw_to_revision_requested"}
    assert people - walked_elsewhere == set(ACTIONS)
