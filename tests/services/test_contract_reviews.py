"""Reviews: one per party after completion, hidden from the other side until both are in."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from marketplace.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import ContractReview, KolProfile, Notification, User
from marketplace.services.contracts.reviews import (
    COMMENT_MAX,
    leave_review,
    public_reviews_of_kol,
    reveal_due_reviews,
    reviews_for_contract,
)
from marketplace.services.unit_of_work import unit_of_work
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_admin, make_brand
from tests.factories.contracts import make_contract

REVEAL = timedelta(days=14)


def _visible_ratings(viewer, deal) -> dict[str, int]:
    panel = reviews_for_contract(viewer, deal.id)
    return {review.reviewer_role: review.rating for review in panel.visible}


def test_a_single_review_is_hidden_from_the_other_side(ctx):
    deal = make_contract("completed")
    review = leave_review(deal.brand, deal.id, 5, "Great post, on time")
    assert review.revealed_at is None and review.reviewee_id == deal.kol.id
    assert _visible_ratings(deal.brand, deal) == {"brand": 5}
    kol_panel = reviews_for_contract(deal.kol, deal.id)
    assert kol_panel.visible == [] and kol_panel.other_waiting and kol_panel.can_review
    assert _visible_ratings(make_admin(), deal) == {}
    assert public_reviews_of_kol(deal.kol.id).total == 0


def test_the_other_party_is_told_a_review_waits(ctx):
    deal = make_contract("completed")
    leave_review(deal.kol, deal.id, 4, "Clear brief")
    notices = Notification.query.filter_by(user_id=deal.brand.id, kind="contract.review").all()
    assert len(notices) == 1 and notices[0].contract_id == deal.id
    assert Notification.query.filter_by(user_id=deal.kol.id, kind="contract.review").count() == 0


def test_the_second_review_reveals_both(ctx):
    deal = make_contract("completed")
    first = leave_review(deal.brand, deal.id, 4, "Good")
    second = leave_review(deal.kol, deal.id, 5, "Paid fast")
    assert first.revealed_at is not None and first.revealed_at == second.revealed_at
    assert _visible_ratings(deal.kol, deal) == {"brand": 4, "kol": 5}
    assert _visible_ratings(deal.brand, deal) == {"brand": 4, "kol": 5}
    assert not reviews_for_contract(deal.kol, deal.id).can_review
    told = Notification.query.filter_by(user_id=deal.brand.id, kind="contract.reviews_revealed")
    assert told.count() == 1
    public = public_reviews_of_kol(deal.kol.id)
    assert [(r.rating, r.comment) for r in public.items] == [(4, "Good")]


def test_reviews_are_revealed_when_the_window_passes(ctx):
    deal = make_contract("completed")
    leave_review(deal.brand, deal.id, 3, "Late but fine")
    completed_at = deal.contract.completed_at
    assert reveal_due_reviews(completed_at + REVEAL - timedelta(minutes=1)) == 0
    assert _visible_ratings(deal.kol, deal) == {}
    assert reveal_due_reviews(completed_at + REVEAL) == 1
    assert reveal_due_reviews(completed_at + REVEAL + timedelta(days=1)) == 0
    db.session.expire_all()
    assert _visible_ratings(deal.kol, deal) == {"brand": 3}
    assert db.session.get(KolProfile, deal.kol.id).rating_count == 1


def test_the_reveal_window_follows_the_setting(app, ctx):
    deal = make_contract("completed")
    leave_review(deal.kol, deal.id, 5, "")
    app.config["REVIEW_REVEAL_S"] = 3600
    try:
        assert reveal_due_reviews(deal.contract.completed_at + timedelta(hours=1)) == 1
    finally:
        app.config["REVIEW_REVEAL_S"] = 14 * 24 * 3600


def test_no_review_once_the_window_has_closed(ctx):
    deal = make_contract("completed")
    with unit_of_work():
        deal.contract.completed_at -= REVEAL + timedelta(seconds=1)
    with pytest.raises(Conflict):
        leave_review(deal.brand, deal.id, 5, "")
    assert not reviews_for_contract(deal.brand, deal.id).can_review


@pytest.mark.parametrize("status", ["offered", "funded", "submitted", "cancelled", "disputed"])
def test_only_completed_contracts_are_reviewed(ctx, status):
    deal = make_contract(status)
    with pytest.raises(Conflict):
        leave_review(deal.brand, deal.id, 5, "")
    assert ContractReview.query.count() == 0


def test_a_resolved_contract_can_be_reviewed(ctx):
    deal = make_contract("resolved")
    review = leave_review(deal.kol, deal.id, 2, "Slow to answer")
    assert review.reviewer_role == "kol" and review.reviewee_id == deal.brand.id


def test_each_party_reviews_once(ctx):
    deal = make_contract("completed")
    leave_review(deal.brand, deal.id, 5, "")
    with pytest.raises(Conflict):
        leave_review(deal.brand, deal.id, 1, "Changed my mind")
    assert [r.rating for r in ContractReview.query.all()] == [5]


def test_strangers_get_not_found_and_admins_may_not_review(ctx):
    deal = make_contract("completed")
    with pytest.raises(NotFound):
        leave_review(make_brand(), deal.id, 5, "")
    with pytest.raises(NotFound):
        reviews_for_contract(make_brand(), deal.id)
    with pytest.raises(NotAllowed):
        leave_review(make_admin(), deal.id, 5, "")
    assert ContractReview.query.count() == 0


@pytest.mark.parametrize("rating", [0, 6, -1, "5", 4.5, 5.0, True, None, [5]], ids=repr)
def test_ratings_are_whole_numbers_from_one_to_five(ctx, rating):
    deal = make_contract("completed")
    with pytest.raises(ValidationFailed) as error:
        leave_review(deal.brand, deal.id, rating, "")
    assert set(error.value.fields) == {"rating"}
    assert ContractReview.query.count() == 0


@pytest.mark.parametrize("comment", ["x" * (COMMENT_MAX + 1), "nul\x00", 7], ids=repr)
def test_bad_comments_are_refused(ctx, comment):
    deal = make_contract("completed")
    with pytest.raises(ValidationFailed) as error:
        leave_review(deal.kol, deal.id, 5, comment)
    assert "comment" in error.value.fields
    assert ContractReview.query.count() == 0


@pytest.mark.parametrize("rating", [1, 5])
def test_the_bounds_and_an_empty_comment_are_accepted(ctx, rating):
    deal = make_contract("completed")
    assert leave_review(deal.kol, deal.id, rating, None).comment == ""


@pytest.mark.live_db
@pytest.mark.postgres
@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_racing_reviews_are_written_once_each_and_both_revealed(app, committed_db):
    with app.app_context():
        deal = make_contract("completed")
        contract_id, racers = deal.id, [deal.brand.id, deal.brand.id, deal.kol.id]
        db.session.remove()
    barrier = threading.Barrier(len(racers))
    outcomes: list[str] = []

    def review(user_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                leave_review(user, contract_id, 4, "")
                outcomes.append("written")
            except Conflict:
                outcomes.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=review, args=(user_id,)) for user_id in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "written", "written"]
    with app.app_context():
        written = ContractReview.query.filter_by(contract_id=contract_id).all()
        assert len(written) == 2 and all(r.revealed_at is not None for r in written)
