"""The parties' moves on an open dispute: respond once, withdraw back to the prior status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from marketplace.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Contract, Dispute, Notification
from marketplace.models.base import utcnow
from marketplace.services.contracts import dispute_actions, disputes, work
from marketplace.services.contracts.dispute_queries import get_dispute, list_disputes
from marketplace.services.contracts.queries import available_actions
from tests.factories import make_admin, make_brand, make_kol
from tests.factories.contracts import POST_URL
from tests.factories.disputes import make_dispute, upload


def _fresh(dispute_id: int) -> Dispute:
    db.session.expire_all()
    dispute = db.session.get(Dispute, dispute_id)
    assert dispute is not None
    return dispute


def test_the_other_party_responds_once_with_evidence(ctx):
    deal, dispute = make_dispute("submitted", opener="brand")
    dispute_actions.respond(
        deal.kol, dispute.id, "The post is live, see the screenshot", (upload(),)
    )
    answered = _fresh(dispute.id)
    assert answered.response == "The post is live, see the screenshot"
    assert answered.responded_at is not None
    assert [(e.kind, e.uploaded_by_role) for e in answered.evidence] == [("image", "kol")]
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == deal.brand.id)
    ).all()
    assert "dispute.responded" in kinds
    with pytest.raises(Conflict, match="already responded"):
        dispute_actions.respond(deal.kol, dispute.id, "Another go")
    assert _fresh(dispute.id).response == "The post is live, see the screenshot"


def test_the_opener_cannot_respond_and_strangers_do_not_see_it(ctx):
    deal, dispute = make_dispute("funded", opener="kol")
    with pytest.raises(NotAllowed):
        dispute_actions.respond(deal.kol, dispute.id, "Me again")
    with pytest.raises(NotAllowed):
        dispute_actions.respond(make_admin(), dispute.id, "Admin says")
    for stranger in (make_brand(), make_kol()):
        with pytest.raises(NotFound):
            dispute_actions.respond(stranger, dispute.id, "Hello")
        with pytest.raises(NotFound):
            dispute_actions.withdraw(stranger, dispute.id)
        with pytest.raises(NotFound):
            get_dispute(stranger, dispute.id)
    assert _fresh(dispute.id).response is None


@pytest.mark.parametrize("statement", [None, "", "  ", "x" * 5001, 42])
def test_a_bad_statement_changes_nothing(ctx, statement):
    deal, dispute = make_dispute("funded")
    with pytest.raises(ValidationFailed) as refused:
        dispute_actions.respond(deal.kol, dispute.id, statement, (upload(),))
    assert "statement" in refused.value.fields
    answered = _fresh(dispute.id)
    assert answered.responded_at is None and answered.evidence == []


def test_no_response_after_the_decision(ctx):
    deal, dispute = make_dispute("funded", price=100_000)
    disputes.refund_all(make_admin(), dispute.id, note="Refund")
    with pytest.raises(Conflict):
        dispute_actions.respond(deal.kol, dispute.id, "Too late")


@pytest.mark.parametrize("status", ["funded", "submitted", "revision_requested"])
@pytest.mark.parametrize("opener", ["brand", "kol"])
def test_withdrawing_returns_the_contract_to_its_prior_status(ctx, status, opener):
    deal, dispute = make_dispute(status, opener=opener, revisions=1)
    who = deal.brand if opener == "brand" else deal.kol
    other = deal.kol if opener == "brand" else deal.brand
    assert f"withdraw_to_{status}" in available_actions(who, deal.contract)
    assert not [a for a in available_actions(other, deal.contract) if a.startswith("withdraw")]
    with pytest.raises(NotAllowed):
        dispute_actions.withdraw(other, dispute.id)
    with pytest.raises(NotAllowed):
        dispute_actions.withdraw(make_admin(), dispute.id)
    assert _fresh(dispute.id).status == "open"
    dispute_actions.withdraw(who, dispute.id)
    withdrawn = _fresh(dispute.id)
    contract = db.session.get(Contract, deal.id)
    assert (withdrawn.status, contract.status) == ("withdrawn", status)
    assert withdrawn.withdrawn_at is not None and contract.disputed_from is None
    assert contract.events[-1].action == f"withdraw_to_{status}"
    notice = db.session.scalar(
        select(Notification)
        .where(Notification.user_id == other.id)
        .order_by(Notification.id.desc())
        .limit(1)
    )
    assert notice.kind == "dispute.withdrawn"
    with pytest.raises(Conflict):
        dispute_actions.withdraw(who, dispute.id)


def test_withdrawing_a_submitted_contract_restarts_the_review_window(ctx):
    deal, dispute = make_dispute("submitted")
    assert db.session.get(Contract, deal.id).review_due_at is None
    dispute_actions.withdraw(deal.brand, dispute.id)
    contract = db.session.get(Contract, deal.id)
    window = timedelta(seconds=current_app.config["REVIEW_WINDOW_S"])
    assert abs(contract.review_due_at - (utcnow() + window)) < timedelta(minutes=1)
    work.approve(deal.brand, deal.id)  # the review carries on where it was


def test_after_withdrawing_the_work_and_a_new_dispute_go_on(ctx):
    deal, dispute = make_dispute("funded", opener="kol")
    dispute_actions.withdraw(deal.kol, dispute.id)
    work.submit_proof(deal.kol, deal.id, post_urls=[POST_URL])
    again = disputes.open_dispute(deal.brand, deal.id, "Wrong product shown", "not_as_agreed")
    assert again.id != dispute.id and again.prior_status == "submitted"


def test_withdrawing_after_resolution_is_a_conflict(ctx):
    deal, dispute = make_dispute("funded", price=100_000)
    disputes.refund_all(make_admin(), dispute.id, note="Refund")
    with pytest.raises(Conflict):
        dispute_actions.withdraw(deal.brand, dispute.id)
    assert db.session.get(Contract, deal.id).status == "resolved"


def test_admins_list_disputes_by_status_and_nobody_else_does(ctx):
    admin = make_admin()
    deal, open_one = make_dispute("funded")
    _, withdrawn = make_dispute("funded")
    dispute_actions.withdraw(withdrawn.contract.brand, withdrawn.id)
    page = list_disputes(admin, status="open")
    assert [d.id for d in page.items] == [open_one.id]
    assert list_disputes(admin).total == 2
    with pytest.raises(ValidationFailed):
        list_disputes(admin, status="closed")
    for user in (deal.brand, deal.kol):
        with pytest.raises(NotFound):
            list_disputes(user)
