"""Dashboard figures and the verification queue."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.domain.errors import NotAllowed, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Dispute
from marketplace.models.base import utcnow
from marketplace.services.admin import dashboard, moderation, verification
from tests import factories
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract


def test_contracts_by_status_counts_every_status(admin, ctx):
    for status in ("offered", "offered", "funded", "completed"):
        make_contract(status)
    board = dashboard.dashboard(admin)
    assert next(iter(board.by_status)) == "offered"
    assert (board.by_status["offered"], board.by_status["funded"]) == (2, 1)
    assert board.by_status["completed"] == 1 and board.by_status["disputed"] == 0


def test_gmv_and_fees_per_currency_and_period(admin, ctx):
    make_contract("funded")
    make_contract("completed")
    make_contract("funded", currency="usd", price=20_000)
    today = utcnow().date()
    weekly = dashboard.dashboard(admin, "week", today)
    assert set(weekly.money) == {"cny", "usd"}
    cny = weekly.money["cny"]
    assert len(cny) == dashboard.BUCKETS["week"] and cny[-1].start.weekday() == 0
    assert (cny[-1].gmv, cny[-1].fees) == (600_000, 30_000)
    assert all((b.gmv, b.fees) == (0, 0) for b in cny[:-1])
    assert (weekly.money["usd"][-1].gmv, weekly.money["usd"][-1].fees) == (20_000, 0)
    daily = dashboard.dashboard(admin, "day", today)
    assert daily.money["cny"][-1].start == today and daily.money["cny"][-1].gmv == 600_000
    later = dashboard.dashboard(admin, "day", today + timedelta(days=30))
    assert later.money == {}  # nothing moved in that window


def test_dispute_rate_and_median_time_to_resolution(admin, ctx):
    make_contract("funded")
    make_contract("completed")
    make_contract("disputed")
    for hours in (10, 30, 20):
        deal = make_contract("resolved")
        dispute = db.session.scalar(select(Dispute).where(Dispute.contract_id == deal.id))
        dispute.resolved_at = dispute.created_at + timedelta(hours=hours)
    db.session.flush()
    stats = dashboard.dashboard(admin).disputes
    assert (stats.funded, stats.disputed, stats.resolved) == (6, 4, 3)
    assert stats.rate == pytest.approx(4 / 6)
    assert stats.median_resolution == timedelta(hours=20)


def test_an_empty_marketplace_has_no_rate(admin):
    stats = dashboard.dashboard(admin).disputes
    assert stats.rate is None and stats.median_resolution is None


def test_dashboard_rejects_a_bad_period_and_non_admins(admin, kol):
    with pytest.raises(ValidationFailed) as caught:
        dashboard.dashboard(admin, "month")
    assert set(caught.value.fields) == {"period"}
    with pytest.raises(NotAllowed):
        dashboard.dashboard(kol)


def test_queue_lists_unverified_active_kols_with_platforms_and_authenticity(admin, ctx):
    waiting = [make_kol_with_listing(followers=40_000 + i * 1_000)[0] for i in range(20)]
    fake, _ = make_kol_with_listing(name="Fake Reach", followers=900_000,
                                    engagement_rate=0.0008)  # fmt: skip
    done, _ = make_kol_with_listing(verification="verified")
    gone, _ = make_kol_with_listing()
    moderation.suspend_user(admin, gone.id, "spam")
    page = verification.queue(admin, per_page=100)
    ids = [row.user.id for row in page.items]
    assert ids == sorted([k.id for k in waiting] + [fake.id])
    assert done.id not in ids and gone.id not in ids
    rows = {row.user.id: row for row in page.items}
    assert [p.followers for p in rows[fake.id].platforms] == [900_000]
    assert rows[fake.id].platforms[0].handle
    readings = verification.authenticity_of(ids)
    for kol_id, row in rows.items():
        score, code = readings[kol_id]
        assert row.authenticity == score and row.flags == ([code] if code else [])
    assert rows[fake.id].authenticity < rows[waiting[0].id].authenticity
    assert rows[fake.id].flags == ["engagement_below_tier"]
    moderation.verify_kol(admin, fake.id, "verified", "Checked the insights screenshots")
    assert fake.id not in [row.user.id for row in verification.queue(admin, per_page=100).items]


def test_queue_pages_and_checks_the_admin(admin, kol):
    factories.make_kol()
    assert verification.queue(admin, page=2, per_page=1).items[0].user.id == max(
        row.user.id for row in verification.queue(admin).items
    )
    with pytest.raises(ValidationFailed):
        verification.queue(admin, page="two")
    with pytest.raises(NotAllowed):
        verification.queue(kol)
