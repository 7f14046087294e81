"""The marketplace side of the matcher: DB rows to records, ranking, staying in step."""

import pytest

from marketplace.domain.errors import Conflict, NotFound, ValidationFailed
from marketplace.services.accounts import users
from marketplace.services.briefs import invitations
from marketplace.services.catalogue import listings
from marketplace.services.matchmaking import matches
from tests import factories
from tests.factories.brands import make_brief
from tests.factories.catalogue import ListingFactory, make_kol_with_listing

SKINCARE_TARGET = {"gender": {"female": 0.9, "male": 0.1}, "age": {"18-24": 0.5, "25-34": 0.5}}


@pytest.fixture
def market(brand):
    """Three KOLs: a skincare reviewer, a fashion KOL and a car reviewer."""
    skincare, skincare_listing = make_kol_with_listing(name="Skin Lab")
    fashion, _ = make_kol_with_listing(
        name="Street Style",
        categories=("fashion",),
        bio="Street style outfits and sneakers",
        tags=("ootd", "sneakers"),
    )
    cars, _ = make_kol_with_listing(
        name="Torque",
        categories=("auto",),
        bio="EV test drives and car reviews",
        tags=("ev", "cars"),
        audience={"gender": {"female": 0.15, "male": 0.85}, "age": {"25-34": 0.6, "35-44": 0.4}},
    )
    brief = make_brief(
        brand,
        title="Mineral sunscreen launch",
        category="beauty",
        description="Mineral sunscreen for sensitive skin; honest skincare reviewers wanted",
        platforms=["xiaohongshu"],
        collab_types=["image_text"],
        budget=400_000,
        target_audience=SKINCARE_TARGET,
    )
    return {
        "skincare": skincare,
        "listing": skincare_listing,
        "fashion": fashion,
        "cars": cars,
        "brief": brief,
    }


def test_top_matches_rank_the_right_kol_first_with_reasons(brand, market):
    views = matches.top_matches(brand, market["brief"].id, k=10)
    assert views[0].kol_id == market["skincare"].id
    top = views[0]
    assert top.listing_id == market["listing"].id and top.listing.rate == 300_000
    assert top.profile.display_name == "Skin Lab"
    assert 0 < top.score <= 1
    assert {"category", "audience", "engagement"} <= set(top.reasons)
    assert all(0 <= value <= 1 for value in top.reasons.values())
    assert top.details["audience_overlap"] > 0.8
    scores = [v.score for v in views]
    assert scores == sorted(scores, reverse=True)


def test_over_budget_and_wrong_platform_kols_are_never_ranked(brand, market):
    make_kol_with_listing(name="Too Expensive", rate=900_000)
    make_kol_with_listing(name="Wrong Platform", platform="douyin", collab_type="short_video")
    names = {v.profile.display_name for v in matches.top_matches(brand, market["brief"].id)}
    assert "Too Expensive" not in names and "Wrong Platform" not in names


def test_only_the_owner_sees_a_briefs_matches(market):
    other_brand = factories.make_brand()
    with pytest.raises(NotFound):
        matches.top_matches(other_brand, market["brief"].id)
    with pytest.raises(NotFound):
        matches.top_matches(other_brand, 999_999)


def test_suspension_reaches_the_index_without_a_restart(brand, admin, market):
    brief_id = market["brief"].id
    assert matches.top_matches(brand, brief_id)[0].kol_id == market["skincare"].id
    users.set_suspension(admin, market["skincare"].id, True, "fake followers")
    assert market["skincare"].id not in [v.kol_id for v in matches.top_matches(brand, brief_id)]
    users.set_suspension(admin, market["skincare"].id, False)
    assert matches.top_matches(brand, brief_id)[0].kol_id == market["skincare"].id


def test_listing_changes_reach_the_index(brand, market):
    brief_id = market["brief"].id
    skincare = market["skincare"]
    matches.top_matches(brand, brief_id)  # build the index first
    listings.set_listing_status(skincare, market["listing"].id, "paused")
    assert skincare.id not in [v.kol_id for v in matches.top_matches(brand, brief_id)]
    listings.set_listing_status(skincare, market["listing"].id, "active")
    assert matches.top_matches(brand, brief_id)[0].kol_id == skincare.id


def test_a_new_kol_appears_without_a_rebuild(brand, market):
    matches.top_matches(brand, market["brief"].id)
    newcomer, _ = make_kol_with_listing(name="New Sunscreen Fan", rate=100_000)
    ids = [v.kol_id for v in matches.top_matches(brand, market["brief"].id)]
    assert newcomer.id in ids


def test_similar_kols_puts_the_closest_first(market):
    twin, _ = make_kol_with_listing(name="Skin Twin", bio="Sunscreen reviews for oily skin")
    similar = matches.similar_kols(market["skincare"].id, k=3)
    assert similar[0][0].user_id == twin.id
    assert market["skincare"].id not in [p.user_id for p, _ in similar]


@pytest.mark.parametrize("bad", [0, 101, True, 2.5, "many", None])
def test_match_counts_must_be_whole_numbers_from_1_to_100(brand, market, bad):
    with pytest.raises(ValidationFailed) as caught:
        matches.top_matches(brand, market["brief"].id, k=bad)
    assert "k" in caught.value.fields
    with pytest.raises(ValidationFailed):
        matches.similar_kols(market["skincare"].id, k=bad)


def test_similar_kols_for_an_unknown_kol_is_empty(ctx):
    assert matches.similar_kols(123_456) == []


def test_invite_a_matched_kol_once(brand, market):
    invitation = invitations.invite_kol(brand, market["brief"].id, market["skincare"].id, "Hi!")
    assert invitation.id
    with pytest.raises(Conflict):
        invitations.invite_kol(brand, market["brief"].id, market["skincare"].id)
    (mine,) = invitations.invitations_for_kol(market["skincare"])
    assert mine.brief_id == market["brief"].id and mine.message == "Hi!"


def test_invitations_are_checked(brand, market):
    other_brand = factories.make_brand()
    with pytest.raises(NotFound):
        invitations.invite_kol(other_brand, market["brief"].id, market["skincare"].id)
    with pytest.raises(NotFound):
        invitations.invite_kol(brand, market["brief"].id, brand.id)
    draft = make_brief(brand, status="draft")
    with pytest.raises(Conflict):
        invitations.invite_kol(brand, draft.id, market["skincare"].id)


def test_records_carry_only_active_listings(market):
    from marketplace.services.matchmaking.records import kol_records

    ListingFactory(
        kol_id=market["skincare"].id,
        collab_type="short_video",
        title="Paused",
        rate=1,
        status="paused",
    )
    record = kol_records([market["skincare"].id])[market["skincare"].id]
    assert [r["listing_id"] for r in record["rates"]] == [str(market["listing"].id)]
    assert record["categories"] == ["beauty"] and record["suspended"] is False
