"""Cancelling a contract (alone or by agreement) and disputing it, with the money's path."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.domain.errors import (
    Conflict,
    DomainError,
    NotAllowed,
    ValidationFailed,
)
from marketplace.extensions import db
from marketplace.models import (
    Dispute,
    PaymentAttempt,
)
from marketplace.models.base import utcnow
from marketplace.services.contracts import (
    cancellation,
    disputes,
    timers,
    work,
)
from marketplace.services.contracts.queries import money_view
from marketplace.services.contracts.workflow import transition
from marketplace.services.unit_of_work import use_case
from tests.factories import make_admin
from tests.factories.contracts import POST_URL, make_contract
from tests.services.contract_support import (
    events,
    fresh,
    ledger_lines,
    make_overdue,
)


@pytest.mark.parametrize("who", ["brand", "kol"])
def test_either_party_cancels_before_funding(ctx, who):
    deal = make_contract("accepted")
    cancellation.cancel(getattr(deal, who), deal.id, "Plans changed")
    contract = fresh(deal)
    assert contract.status == "cancelled" and contract.closed_at is not None
    assert events(deal)[-1] == ("cancel", who)
    assert ledger_lines(deal) == 0


def test_the_brand_cancels_an_overdue_unsubmitted_contract_with_a_refund(ctx):
    deal = make_contract("funded", price=250_000)
    make_overdue(deal)
    cancellation.cancel(deal.brand, deal.id, "Nothing was posted")
    contract = fresh(deal)
    assert contract.status == "cancelled"
    assert events(deal)[-1] == ("cancel", "brand")
    money = money_view(contract)
    assert (money.funded, money.in_escrow, money.released, money.refunded) == (
        250_000,
        0,
        0,
        250_000,
    )
    refund = db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == deal.id, PaymentAttempt.kind == "refund"
        )
    )
    assert refund.amount == 250_000 and refund.status == "succeeded"


def test_the_kol_alone_cannot_cancel_an_overdue_contract(ctx):
    deal = make_contract("funded")
    make_overdue(deal)
    cancellation.cancel(deal.kol, deal.id, "Cannot make it")
    contract = fresh(deal)
    assert contract.status == "funded" and contract.cancel_requested_by == "kol"
    assert money_view(contract).in_escrow == contract.price


def test_a_funded_cancel_is_a_request_that_the_other_party_confirms(ctx):
    deal = make_contract("funded", price=180_000)
    cancellation.cancel(deal.brand, deal.id, "Budget cut")
    contract = fresh(deal)
    assert contract.status == "funded" and contract.cancel_requested_by == "brand"
    assert contract.cancel_reason == "Budget cut"
    assert money_view(contract).in_escrow == 180_000
    assert events(deal)[-1] == ("request_cancel", "brand")
    cancellation.cancel(deal.kol, deal.id)
    contract = fresh(deal)
    assert contract.status == "cancelled" and contract.cancel_requested_by is None
    assert events(deal)[-1] == ("confirm_cancel", "kol")
    money = money_view(contract)
    assert (money.in_escrow, money.released, money.refunded) == (0, 0, 180_000)


def test_the_requester_cannot_confirm_its_own_request(ctx):
    deal = make_contract("submitted")
    cancellation.cancel(deal.kol, deal.id, "Wrong product")
    cancellation.cancel(deal.kol, deal.id, "Really")
    contract = fresh(deal)
    assert contract.status == "submitted" and contract.cancel_requested_by == "kol"
    assert money_view(contract).refunded == 0

    @use_case
    def confirm_own() -> None:
        transition(deal.kol, deal.id, "confirm_cancel")

    with pytest.raises(Conflict):
        confirm_own()
    assert fresh(deal).status == "submitted"


@pytest.mark.parametrize("status", ["funded", "submitted", "revision_requested"])
@pytest.mark.parametrize("who", ["brand", "kol"])
def test_a_dispute_freezes_the_escrow_and_the_timers(ctx, status, who):
    deal = make_contract(status, price=200_000, revisions=1)
    dispute = disputes.open_dispute(getattr(deal, who), deal.id, "It went wrong", "not_as_agreed")
    assert dispute.prior_status == status and dispute.opened_by_role == who
    contract = fresh(deal)
    assert contract.status == "disputed" and contract.review_due_at is None
    report = timers.run_due(utcnow() + timedelta(days=60)).as_dict()
    # Nothing moves; only the admins hear that the response deadline passed.
    assert report.pop("disputes_flagged") == 1
    assert set(report.values()) == {0}
    attempts = [
        lambda: work.approve(deal.brand, deal.id),
        lambda: work.submit_proof(deal.kol, deal.id, post_urls=[POST_URL]),
        lambda: cancellation.cancel(deal.brand, deal.id),
        lambda: disputes.open_dispute(deal.kol, deal.id, "Again"),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError):
            attempt()
    contract = fresh(deal)
    assert contract.status == "disputed"
    assert money_view(contract).in_escrow == 200_000


@pytest.mark.parametrize(
    ("kol_amount", "brand_refund"),
    [(100_000, 100_001), (100_000, 99_999), (-1, 200_001), ("lots", 0), (200_000, None)],
)
def test_a_resolution_that_does_not_add_up_changes_nothing(ctx, kol_amount, brand_refund):
    deal = make_contract("disputed", price=200_000)
    dispute = disputes.open_dispute_of(deal.contract)
    before = events(deal)
    with pytest.raises(ValidationFailed) as refused:
        disputes.resolve_dispute(
            make_admin(), dispute.id, kol_amount=kol_amount, brand_refund=brand_refund, note="n"
        )
    assert refused.value.status == 400
    contract = fresh(deal)
    assert contract.status == "disputed" and events(deal) == before
    assert db.session.get(Dispute, dispute.id).status == "open"
    assert money_view(contract).in_escrow == 200_000


def test_only_an_admin_resolves(ctx):
    deal = make_contract("disputed", price=200_000)
    dispute = disputes.open_dispute_of(deal.contract)
    with pytest.raises(NotAllowed):
        disputes.resolve_dispute(
            deal.brand, dispute.id, kol_amount=0, brand_refund=200_000, note="n"
        )
    disputes.resolve_dispute(make_admin(), dispute.id, kol_amount=0, brand_refund=200_000, note="n")
    money = money_view(fresh(deal))
    assert (money.released, money.refunded, money.in_escrow) == (0, 200_000, 0)
