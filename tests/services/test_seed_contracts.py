"""The demo seed's contracts: every status, real money movements, work waiting for kol0."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.domain.contracts import CONTRACT_STATUSES
from marketplace.domain.platform_hosts import PLATFORM_HOSTS
from marketplace.extensions import db
from marketplace.models import (
    Contract,
    ContractEvent,
    ContractMessage,
    ContractReview,
    ContractSubmission,
    Dispute,
    LedgerLine,
    Notification,
    PaymentAttempt,
    Payout,
    User,
)
from marketplace.models.base import utcnow
from marketplace.seed.campaigns import CAMPAIGNS
from marketplace.seed.contract_texts import proof_url
from marketplace.seed.contracts import STORIES, seed_contracts
from marketplace.seed.write import DEMO_BRAND_EMAIL, kol_email, seed_brands, seed_kols
from marketplace.services.contracts.dispute_deadlines import default_outcome
from marketplace.services.contracts.queries import needs_action
from marketplace.services.payments.earnings import earnings
from marketplace.services.validation import Validator


def _seed_demo() -> int:
    seed_kols(30)
    seed_brands()
    return seed_contracts()


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    assert user is not None
    return user


def test_demo_contracts_cover_every_status_with_real_money(app, ctx):
    assert _seed_demo() == len(STORIES) + len(CAMPAIGNS)
    statuses = dict(
        db.session.execute(select(Contract.status, func.count()).group_by(Contract.status)).all()
    )
    assert set(statuses) == set(CONTRACT_STATUSES)
    events = set(db.session.scalars(select(ContractEvent.action).distinct()))
    # Timers acted (not faked rows), both kinds of cancellation and a countered offer.
    assert {"expire", "funding_deadline", "auto_approve", "cancel", "confirm_cancel"} <= events
    assert {"counter", "request_revision", "resolve"} <= events
    offered = db.session.scalars(select(Contract).where(Contract.status == "offered")).all()
    assert {c.awaiting for c in offered} == {"brand", "kol"}
    sums = db.session.execute(
        select(LedgerLine.currency, func.sum(LedgerLine.amount)).group_by(LedgerLine.currency)
    ).all()
    assert sums and all(total == 0 for _, total in sums)
    attempts = set(db.session.execute(select(PaymentAttempt.kind, PaymentAttempt.status)).all())
    assert {
        ("charge", "succeeded"),
        ("charge", "failed"),
        ("refund", "succeeded"),
        ("transfer", "succeeded"),
    } <= attempts


def test_kol0_and_the_demo_brand_have_contracts_needing_their_action(app, ctx):
    _seed_demo()
    kol0, brand = _user(kol_email(0)), _user(DEMO_BRAND_EMAIL)
    mine = db.session.scalars(select(Contract).where(Contract.kol_id == kol0.id)).all()
    assert len(mine) >= 10
    assert sum(needs_action(kol0, c) for c in mine) >= 3
    theirs = db.session.scalars(select(Contract).where(Contract.brand_id == brand.id)).all()
    assert sum(needs_action(brand, c) for c in theirs) >= 3
    assert {c.status for c in mine} >= {"offered", "funded", "revision_requested", "completed"}
    payouts = db.session.scalars(select(Payout).where(Payout.kol_id == kol0.id)).all()
    assert [p.status for p in payouts] == ["paid"]
    money = earnings(kol0)["cny"]
    assert money.paid_out == payouts[0].amount and money.available > 0 and money.in_escrow > 0


def test_proof_links_are_on_their_platform_and_seeding_twice_adds_nothing(app, ctx):
    _seed_demo()
    for submission in db.session.scalars(select(ContractSubmission)):
        assert submission.post_urls and submission.notes
    for platform, hosts in PLATFORM_HOSTS.items():
        v = Validator()
        assert v.url("post_url", proof_url(platform, 7), required=True, hosts=hosts)
        assert not v.errors, (platform, v.errors)
    before = db.session.scalar(select(func.count(Contract.id)))
    assert seed_contracts() == 0
    assert db.session.scalar(select(func.count(Contract.id))) == before


def test_seed_demo_command_reports_contracts_once(app, ctx):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo", "--kols", "20"])
    assert first.exit_code == 0, first.output
    assert f"Created {len(STORIES) + len(CAMPAIGNS)} contracts in" in first.output
    again = runner.invoke(args=["seed", "demo", "--kols", "20"])
    assert again.exit_code == 0 and "Created 0 contracts in" in again.output
    assert db.session.scalar(select(func.count(Contract.id))) == len(STORIES) + len(CAMPAIGNS)


def test_demo_threads_and_reviews_are_written_by_the_parties(app, ctx):
    _seed_demo()
    contracts = db.session.scalars(select(Contract)).all()
    talked = {m.contract_id: m for m in db.session.scalars(select(ContractMessage))}
    assert len(talked) > len(contracts) // 2
    for contract in contracts:
        if contract.id in talked:
            assert talked[contract.id].author_id in (contract.brand_id, contract.kol_id)
    reviews = db.session.scalars(select(ContractReview)).all()
    by_contract: dict[int, list[ContractReview]] = {}
    for item in reviews:
        by_contract.setdefault(item.contract_id, []).append(item)
    both = [rs for rs in by_contract.values() if len(rs) == 2]
    one = [rs for rs in by_contract.values() if len(rs) == 1]
    assert both and all(r.revealed_at is not None for rs in both for r in rs)
    assert one and all(rs[0].revealed_at is None for rs in one)
    reviewed = {c.status for c in contracts if c.id in by_contract}
    assert reviewed <= {"completed", "resolved"}
    assert "auto_approve" in {
        e.action
        for e in db.session.scalars(
            select(ContractEvent).where(ContractEvent.contract_id.in_(by_contract))
        )
    }


def test_demo_disputes_are_open_answered_overdue_and_resolved(app, ctx):
    _seed_demo()
    rows = db.session.scalars(select(Dispute).order_by(Dispute.id)).all()
    open_ones = [d for d in rows if d.status == "open"]
    answered = [d for d in open_ones if d.response and d.evidence]
    overdue = [d for d in open_ones if default_outcome(d, utcnow()) is not None]
    assert answered and overdue
    assert {e.kind for d in answered for e in d.evidence} == {"image", "pdf"}
    resolved = [d for d in rows if d.status == "resolved"]
    assert resolved and all(d.resolution_note for d in resolved)
    assert any(d.kol_amount and d.brand_refund for d in resolved)  # a split
    assert any(d.response and d.evidence for d in resolved)
    alerts = db.session.scalar(
        select(func.count()).where(Notification.kind == "dispute.response_missed")
    )
    assert alerts
