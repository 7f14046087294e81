"""Contract paths beyond the happy one: decline, withdrawal, timers, cards, counters, revisions.

Each test walks one path through the services and checks what the parties rely on: the
status, the timeline, and where the money is (derived from the ledger).
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from marketplace.domain.errors import (
    Conflict,
    InvalidTransition,
    NotAllowed,
    PaymentFailed,
    ValidationFailed,
)
from marketplace.extensions import db
from marketplace.models import (
    Application,
    Contract,
    ContractOffer,
    PaymentAttempt,
)
from marketplace.models.base import utcnow
from marketplace.services.briefs import applications
from marketplace.services.contracts import (
    funding,
    negotiation,
    offers,
    timers,
    work,
)
from marketplace.services.contracts.queries import available_actions, money_view
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories.brands import make_application, make_brief
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import POST_URL, make_contract
from tests.services.contract_support import (
    MINUTE,
    TTL,
    events,
    fresh,
    ledger_lines,
)


def test_the_kol_declines_and_nothing_is_owed(ctx):
    deal = make_contract("offered")
    with pytest.raises(Conflict):
        negotiation.decline_offer(deal.brand, deal.id, "Changed my mind")
    negotiation.decline_offer(deal.kol, deal.id, "Not my audience")
    contract = fresh(deal)
    assert contract.status == "declined" and contract.closed_at is not None
    assert contract.offer_expires_at is None
    assert events(deal)[-1] == ("decline", "kol")
    assert ledger_lines(deal) == 0
    with pytest.raises(InvalidTransition):
        negotiation.accept_offer(deal.kol, deal.id)


def test_the_brand_withdraws_and_the_kol_cannot(ctx):
    deal = make_contract("offered")
    with pytest.raises(NotAllowed):
        negotiation.withdraw_offer(deal.kol, deal.id)
    negotiation.withdraw_offer(deal.brand, deal.id)
    assert fresh(deal).status == "withdrawn"
    assert events(deal)[-1] == ("withdraw", "brand")
    with pytest.raises(InvalidTransition):
        negotiation.withdraw_offer(deal.brand, deal.id)


def test_an_unanswered_offer_expires_through_run_due(ctx):
    deal = make_contract("offered")
    early = timers.run_due(utcnow() + TTL - MINUTE)
    assert early.expired == 0 and fresh(deal).status == "offered"
    report = timers.run_due(utcnow() + TTL + MINUTE)
    assert report.expired == 1
    contract = fresh(deal)
    assert contract.status == "expired" and contract.offer_expires_at is None
    assert events(deal)[-1] == ("expire", "system")
    with pytest.raises(InvalidTransition):
        negotiation.accept_offer(deal.kol, deal.id)


def test_an_unfunded_contract_is_cancelled_at_the_funding_deadline(ctx):
    deal = make_contract("accepted")
    assert timers.run_due(utcnow() + TTL - MINUTE).funding_cancelled == 0
    report = timers.run_due(utcnow() + TTL + MINUTE)
    assert report.funding_cancelled == 1
    contract = fresh(deal)
    assert contract.status == "cancelled" and contract.funding_due_at is None
    assert events(deal)[-1] == ("funding_deadline", "system")
    with pytest.raises(InvalidTransition):
        funding.fund(deal.brand, deal.id, "pm_card_visa")
    charges = select(func.count()).where(PaymentAttempt.contract_id == deal.id)
    assert db.session.scalar(charges) == 0
    assert ledger_lines(deal) == 0


def test_auto_approval_through_the_jobs_command(app, ctx):
    deal = make_contract("submitted", price=300_000)
    review_due = fresh(deal).review_due_at
    assert review_due is not None
    runner = app.test_cli_runner()
    early = runner.invoke(args=["jobs", "run-due", "--now", (review_due - MINUTE).isoformat()])
    assert early.exit_code == 0, early.output
    assert "auto_approved=0" in early.output and fresh(deal).status == "submitted"
    late = (review_due + MINUTE).isoformat() + "Z"
    result = runner.invoke(args=["jobs", "run-due", "--now", late])
    assert result.exit_code == 0, result.output
    assert "auto_approved=1" in result.output
    contract = fresh(deal)
    assert contract.status == "completed" and contract.completed_at is not None
    assert events(deal)[-1] == ("auto_approve", "system")
    assert balance(accounts.kol_available(deal.kol.id), "cny") == 270_000
    money = money_view(contract)
    assert (money.in_escrow, money.released, money.refunded) == (0, 300_000, 0)
    again = runner.invoke(args=["jobs", "run-due", "--now", late])
    assert "auto_approved=0" in again.output
    assert balance(accounts.kol_available(deal.kol.id), "cny") == 270_000


def test_the_jobs_command_refuses_a_bad_time(app, ctx):
    result = app.test_cli_runner().invoke(args=["jobs", "run-due", "--now", "next tuesday"])
    assert result.exit_code == 2 and "ISO 8601" in result.output


def test_a_declined_card_leaves_the_contract_as_it_was_and_says_why(ctx):
    deal = make_contract("accepted", price=120_000)
    before = events(deal)
    with pytest.raises(PaymentFailed) as declined:
        funding.fund(deal.brand, deal.id, "pm_card_chargeDeclined")
    assert "declined" in declined.value.message.lower()
    contract = fresh(deal)
    assert contract.status == "accepted" and contract.funded_at is None
    assert events(deal) == before and ledger_lines(deal) == 0
    attempt = db.session.scalar(select(PaymentAttempt).where(PaymentAttempt.contract_id == deal.id))
    assert attempt.status == "failed" and attempt.error_code == "card_declined"
    funding.fund(deal.brand, deal.id, "pm_card_visa")
    assert fresh(deal).status == "funded"
    assert money_view(fresh(deal)).in_escrow == 120_000


def test_counters_go_back_and_forth_and_the_history_is_kept(ctx):
    deal = make_contract("offered", price=300_000)
    turns = [("kol", 400_000), ("brand", 340_000), ("kol", 370_000), ("brand", 360_000)]
    for who, price in turns:
        other = deal.brand if who == "kol" else deal.kol
        with pytest.raises(Conflict):
            negotiation.counter_offer(other, deal.id, price=price)
        with pytest.raises(Conflict):
            negotiation.accept_offer(other, deal.id)
        negotiation.counter_offer(getattr(deal, who), deal.id, price=price, message=f"{price}?")
        contract = fresh(deal)
        assert contract.awaiting == ("brand" if who == "kol" else "kol")
        assert contract.price == price
    rounds = db.session.scalars(
        select(ContractOffer).where(ContractOffer.contract_id == deal.id).order_by("round")
    ).all()
    assert [(r.round, r.by_role, r.price) for r in rounds] == [
        (1, "brand", 300_000),
        (2, "kol", 400_000),
        (3, "brand", 340_000),
        (4, "kol", 370_000),
        (5, "brand", 360_000),
    ]
    negotiation.accept_offer(deal.kol, deal.id)
    contract = fresh(deal)
    assert contract.status == "accepted" and contract.price == 360_000
    assert contract.awaiting is None
    funding.fund(deal.brand, deal.id, "pm_card_visa")
    assert money_view(fresh(deal)).in_escrow == 360_000


def test_a_bad_counter_changes_nothing(ctx):
    deal = make_contract("offered", price=300_000)
    with pytest.raises(ValidationFailed):
        negotiation.counter_offer(deal.kol, deal.id, price=0)
    contract = fresh(deal)
    assert (contract.price, contract.awaiting) == (300_000, "kol")
    assert len(events(deal)) == 1


def test_revisions_are_limited_to_the_agreed_number(ctx):
    deal = make_contract("submitted", revisions=1)
    work.request_revision(deal.brand, deal.id, "Tag the brand account")
    work.submit_proof(deal.kol, deal.id, post_urls=[POST_URL], notes="Tagged")
    with pytest.raises(Conflict) as used_up:
        work.request_revision(deal.brand, deal.id, "One more change")
    assert "revisions" in used_up.value.message
    contract = fresh(deal)
    assert contract.status == "submitted" and contract.revisions_used == 1
    work.approve(deal.brand, deal.id)
    assert fresh(deal).status == "completed"


def _application_deal():
    from tests import factories

    brand = factories.make_brand()
    kol, listing = make_kol_with_listing()
    brief = make_brief(brand, budget=500_000)
    application = make_application(kol, brief, price=280_000, listing_id=listing.id)
    return brand, kol, application


def test_an_accepted_application_carries_an_offer(ctx):
    brand, kol, application = _application_deal()
    applications.accept_application(brand, application.id)
    contract = db.session.scalar(select(Contract).where(Contract.application_id == application.id))
    assert contract is not None
    assert (contract.status, contract.awaiting, contract.price) == ("offered", "kol", 280_000)
    assert contract.brand_id == brand.id and contract.kol_id == kol.id
    assert db.session.get(Application, application.id).status == "accepted"


def test_an_offer_that_fails_rolls_the_acceptance_back(ctx, monkeypatch):
    brand, _, application = _application_deal()

    def broken(*args, **kwargs):
        raise RuntimeError("the offer could not be written")

    monkeypatch.setattr(offers, "notify_contract_event", broken)
    with pytest.raises(RuntimeError):
        applications.accept_application(brand, application.id)
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "pending"
    assert (
        db.session.scalar(select(Contract).where(Contract.application_id == application.id)) is None
    )


def test_a_revision_cannot_be_asked_once_the_review_window_has_passed(ctx):
    """Like an expired offer: once the window passed the work is approved, even before the
    sweep has run; the brand may still approve it (the same outcome) but not reopen it."""
    deal = make_contract("submitted", price=300_000, revisions=2)
    db.session.execute(
        update(Contract).where(Contract.id == deal.id).values(review_due_at=utcnow() - MINUTE)
    )
    db.session.commit()
    with pytest.raises(Conflict) as late:
        work.request_revision(deal.brand, deal.id, "One more change")
    assert "review" in late.value.message
    assert fresh(deal).status == "submitted" and fresh(deal).revisions_used == 0
    assert "request_revision" not in available_actions(deal.brand, fresh(deal))
    assert timers.run_due().auto_approved == 1
    assert fresh(deal).status == "completed"


def test_a_negotiation_ends_after_its_last_round(ctx):
    deal = make_contract("offered", price=300_000)
    for turn in range(offers.MAX_ROUNDS - 1):
        who = deal.kol if turn % 2 == 0 else deal.brand
        negotiation.counter_offer(who, deal.id, price=300_000 + turn + 1)
    last = deal.kol if (offers.MAX_ROUNDS - 1) % 2 == 0 else deal.brand
    before = (fresh(deal).price, len(events(deal)))
    with pytest.raises(Conflict) as refused:
        negotiation.counter_offer(last, deal.id, price=999_999)
    assert "rounds" in refused.value.message
    assert (fresh(deal).price, len(events(deal))) == before
    negotiation.accept_offer(last, deal.id)
    assert fresh(deal).status == "accepted"
