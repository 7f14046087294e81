"""A KOL's reputation comes from real contracts and revealed reviews, and reaches the matcher."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import KolProfile, MatchIndexChange
from marketplace.services.contracts import cancellation, work
from marketplace.services.contracts.reputation import compute_reputation, refresh_kol_reputation
from marketplace.services.contracts.reviews import leave_review
from marketplace.services.matchmaking.records import kol_records
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import POST_URL, make_contract

SEEDED = {"rating_avg": 4.9, "rating_count": 80, "completed_count": 40, "on_time_rate": 0.5}


def _seeded_kol():
    kol, listing = make_kol_with_listing()
    profile = db.session.get(KolProfile, kol.id)
    for name, value in SEEDED.items():
        setattr(profile, name, value)
    db.session.flush()
    return kol, listing


def _profile(kol) -> KolProfile:
    db.session.expire_all()
    return db.session.get(KolProfile, kol.id)


def _completed(kol, listing, *, brand_rating=None, late=False):
    if late:
        deal = make_contract("funded", kol=kol, listing=listing)
        deal.contract.due_date = date.today() - timedelta(days=1)
        db.session.flush()
        work.submit_proof(kol, deal.id, post_urls=[POST_URL])
        work.approve(deal.brand, deal.id)
    else:
        deal = make_contract("completed", kol=kol, listing=listing)
    if brand_rating is not None:
        leave_review(deal.brand, deal.id, brand_rating, "")
        leave_review(deal.kol, deal.id, 5, "")
    return deal


def test_a_kol_without_real_contracts_keeps_its_stored_values(ctx):
    kol, listing = _seeded_kol()
    make_contract("offered", kol=kol, listing=listing)
    make_contract("cancelled", kol=kol, listing=listing)  # cancelled before funding
    assert compute_reputation(kol.id) is None
    refresh_kol_reputation(kol.id)
    profile = _profile(kol)
    assert {name: getattr(profile, name) for name in SEEDED} == SEEDED


def test_ratings_count_only_revealed_reviews_by_brands(ctx):
    kol, listing = _seeded_kol()
    _completed(kol, listing, brand_rating=4)
    _completed(kol, listing, brand_rating=5)
    hidden = make_contract("completed", kol=kol, listing=listing)
    leave_review(hidden.brand, hidden.id, 1, "not revealed yet")
    refresh_kol_reputation(kol.id)
    profile = _profile(kol)
    assert (profile.rating_avg, profile.rating_count) == (4.5, 2)
    assert profile.completed_count == 3


def test_on_time_share_uses_the_first_submission_against_the_due_date(ctx):
    kol, listing = _seeded_kol()
    _completed(kol, listing)
    _completed(kol, listing, late=True)
    _completed(kol, listing)
    _completed(kol, listing, late=True)
    refresh_kol_reputation(kol.id)
    assert _profile(kol).on_time_rate == 0.5


def test_completion_rate_counts_funded_contracts_that_ended(ctx):
    kol, listing = _seeded_kol()
    _completed(kol, listing)
    make_contract("resolved", kol=kol, listing=listing)  # the factory gives the KOL half
    cancelled = make_contract("funded", kol=kol, listing=listing)
    cancellation.cancel(kol, cancelled.id, "Cannot make it")
    cancellation.cancel(cancelled.brand, cancelled.id, "Agreed")
    make_contract("submitted", kol=kol, listing=listing)  # not ended: not counted
    assert compute_reputation(kol.id).completion_rate == pytest.approx(2 / 3, abs=1e-4)
    refresh_kol_reputation(kol.id)
    profile = _profile(kol)
    assert profile.completed_count == 2
    assert profile.on_time_rate == 1.0


def test_revealing_reviews_refreshes_the_rating_by_itself(ctx):
    kol, listing = _seeded_kol()
    _completed(kol, listing, brand_rating=2)
    profile = _profile(kol)
    assert (profile.rating_avg, profile.rating_count, profile.completed_count) == (2.0, 1, 1)


def test_a_completed_and_reviewed_contract_changes_what_the_matcher_receives(ctx):
    kol, listing = _seeded_kol()
    before = kol_records([kol.id])[kol.id]
    assert (before["rating"], before["reviews"], before["completed"]) == (4.9, 80, 40)
    last_change = db.session.scalar(select(db.func.max(MatchIndexChange.id))) or 0

    _completed(kol, listing, brand_rating=3)

    after = kol_records([kol.id])[kol.id]
    assert (after["rating"], after["reviews"], after["completed"]) == (3.0, 1, 1)
    assert after["on_time_rate"] == 1.0
    logged = db.session.scalars(
        select(MatchIndexChange.kol_id).where(MatchIndexChange.id > last_change)
    ).all()
    assert kol.id in logged  # the workers' match index re-reads this KOL
