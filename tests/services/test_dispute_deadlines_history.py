"""Response deadlines (default outcome, admins told once) and a user's dispute history."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import AuditEntry, Contract, Notification
from marketplace.models.base import utcnow
from marketplace.services.contracts import dispute_actions, disputes, timers
from marketplace.services.contracts.dispute_deadlines import default_outcome
from marketplace.services.contracts.dispute_history import DisputeHistory, dispute_history
from marketplace.services.matchmaking.records import dispute_adjusted_on_time, kol_records
from tests.factories import make_admin
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.disputes import make_dispute

LATE = timedelta(days=5, minutes=1)


def _alerts(admin_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count()).where(
                Notification.user_id == admin_id,
                Notification.kind == "dispute.response_missed",
            )
        )
        or 0
    )


def test_a_missed_deadline_favours_the_side_that_answered(ctx):
    _, by_brand = make_dispute("funded", opener="brand")
    _, by_kol = make_dispute("funded", opener="kol")
    now = utcnow()
    assert default_outcome(by_brand, now) is None  # still in time
    assert default_outcome(by_brand, now + LATE) == "brand"
    assert default_outcome(by_kol, now + LATE) == "kol"


def test_no_default_outcome_once_answered_or_decided(ctx):
    deal, dispute = make_dispute("funded", opener="brand", price=100_000)
    dispute_actions.respond(deal.kol, dispute.id, "I did post it")
    assert default_outcome(dispute, utcnow() + LATE) is None
    _, other = make_dispute("funded", opener="brand", price=100_000)
    disputes.refund_all(make_admin(), other.id, note="Refund")
    assert default_outcome(other, utcnow() + LATE) is None


def test_the_sweep_tells_the_admins_once_and_moves_nothing(ctx):
    admins = [make_admin(), make_admin()]
    deal, dispute = make_dispute("submitted", opener="brand")
    assert timers.run_due(utcnow() + timedelta(days=4)).as_dict()["disputes_flagged"] == 0
    report = timers.run_due(utcnow() + LATE).as_dict()
    assert report["disputes_flagged"] == 1
    assert [_alerts(admin.id) for admin in admins] == [1, 1]
    assert timers.run_due(utcnow() + LATE * 2).as_dict()["disputes_flagged"] == 0
    assert [_alerts(admin.id) for admin in admins] == [1, 1]
    assert db.session.get(Contract, deal.id).status == "disputed"
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "dispute.response_missed")
    )
    assert entry.subject_id == dispute.id and entry.actor_role == "system"


def test_answered_disputes_are_not_flagged(ctx):
    make_admin()
    deal, dispute = make_dispute("funded")
    dispute_actions.respond(deal.kol, dispute.id, "Posted on time")
    assert timers.run_due(utcnow() + LATE).as_dict()["disputes_flagged"] == 0


def test_the_history_counts_opened_against_won_lost_and_split(ctx):
    admin = make_admin()
    kol, listing = make_kol_with_listing()
    deals = [
        make_dispute("funded", opener="brand", kol=kol, listing=listing, price=100_000)
        for _ in range(4)
    ]
    _, lost = deals[0]
    _, split = deals[1]
    _, won = deals[2]
    disputes.refund_all(admin, lost.id, note="Never posted")
    disputes.resolve_dispute_percent(admin, split.id, kol_bps=5000, note="Half")
    disputes.release_all(admin, won.id, note="Posted as agreed")
    deal, _ = make_dispute("funded", opener="kol", kol=kol, listing=listing)
    assert dispute_history(kol.id) == DisputeHistory(
        opened=1, opened_against=4, lost=1, won=1, split=1
    )
    brand_of_lost = deals[0][0].brand
    assert dispute_history(brand_of_lost.id) == DisputeHistory(opened=1, won=1)
    assert dispute_history(deal.brand.id) == DisputeHistory(opened_against=1)


def test_disputes_lower_the_on_time_rate_matching_sees():
    none = DisputeHistory()
    assert dispute_adjusted_on_time(0.9, 10, none) == 0.9
    assert dispute_adjusted_on_time(None, 0, none) is None
    lost = DisputeHistory(opened_against=1, lost=1)
    assert dispute_adjusted_on_time(1.0, 9, lost) == round(9 / 10.1, 3)
    assert dispute_adjusted_on_time(None, 0, lost) == 0.0
    split = DisputeHistory(opened_against=1, split=1)
    assert dispute_adjusted_on_time(1.0, 9, lost) < dispute_adjusted_on_time(1.0, 9, split) < 1.0


def test_a_lost_dispute_reaches_the_matcher_record(ctx):
    kol, listing = make_kol_with_listing()
    before = kol_records([kol.id])[kol.id]["on_time_rate"]
    _, dispute = make_dispute("funded", kol=kol, listing=listing, price=100_000)
    disputes.refund_all(make_admin(), dispute.id, note="Never posted")
    after = kol_records([kol.id])[kol.id]
    assert after["on_time_rate"] is not None
    assert before is None or after["on_time_rate"] < before
