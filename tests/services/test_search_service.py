"""Listing search: free text (Chinese and English), filters, sorting, paging, visibility."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from marketplace.domain.errors import ValidationFailed
from marketplace.extensions import db
from marketplace.models import KolProfile
from marketplace.services.catalogue.events import kol_changed
from marketplace.services.discovery.search import search_listings
from marketplace.services.discovery.search_index import refresh_all, search_docs
from tests.factories.search import count_statements, listing_ids, make_tagged, unique_tag

pytestmark = pytest.mark.usefixtures("ctx")

FEMALE_YOUNG = {
    "gender": {"female": 0.7, "male": 0.3},
    "age": {"18-24": 0.6, "25-34": 0.4},
    "region": {"tier1": 0.6, "tier2": 0.4},
}
MALE_OLDER = {
    "gender": {"female": 0.3, "male": 0.7},
    "age": {"25-34": 0.3, "35-44": 0.7},
    "region": {"tier2": 0.3, "tier3": 0.7},
}


def found(**filters) -> list[int]:
    filters.setdefault("per_page", 100)
    return listing_ids(search_listings(**filters))


def test_english_text_matches_name_bio_and_tags_with_word_prefixes():
    tag = unique_tag()
    _, sunscreen = make_tagged(tag, bio="Honest sunscreen reviews for oily skin")
    _, gaming = make_tagged(tag, bio="Esports commentary", name="Lin Gamer", tags=("consoles",))

    assert found(q=f"{tag} sunscreen") == [sunscreen.id]
    assert found(q=f"{tag} SUNSCR") == [sunscreen.id]  # case-folded prefix
    assert found(q=f"{tag} gamer") == [gaming.id]  # display name
    assert found(q=f"{tag} consoles") == [gaming.id]  # tag
    assert found(q=f"{tag} sunscreen esports") == []  # every word must match
    assert sorted(found(q=tag)) == sorted([sunscreen.id, gaming.id])


def test_chinese_text_matches_two_character_words_single_characters_and_names():
    tag = unique_tag()
    _, beauty = make_tagged(tag, bio="护肤心得，防晒测评。", name="小鹿", tags=("口红",))
    _, food = make_tagged(tag, bio="探店美食，烘焙教程。", name="阿橙")

    assert found(q=f"{tag} 防晒") == [beauty.id]
    assert found(q=f"{tag} 防晒测评") == [beauty.id]
    assert found(q=f"{tag} 烘焙") == [food.id]
    assert found(q=f"{tag} 小鹿") == [beauty.id]
    assert found(q=f"{tag} 橙") == [food.id]
    assert found(q=f"{tag} 口红") == [beauty.id]
    assert found(q=f"{tag} 防水") == []  # shares 防 but is a different word
    assert found(q=f"{tag} 晒防") == []  # order matters within a word


def test_mixed_chinese_and_english_query():
    tag = unique_tag()
    _, both = make_tagged(tag, bio="防晒测评 and sunscreen swatches")
    make_tagged(tag, bio="sunscreen only")
    assert found(q=f"{tag} 防晒 sunscreen") == [both.id]


def test_text_relevance_ranks_stronger_matches_first():
    tag = unique_tag()
    _, weak = make_tagged(tag, bio="Travel diaries with one sunscreen tip", followers=900_000)
    _, strong = make_tagged(
        tag, bio="Sunscreen sunscreen sunscreen: sunscreen tests", followers=1_000
    )
    assert found(q=f"{tag} sunscreen", sort="relevance") == [strong.id, weak.id]


def test_document_follows_profile_changes():
    tag = unique_tag()
    user, listing = make_tagged(tag, bio="Cooking at home")
    profile = db.session.get(KolProfile, user.id)
    profile.bio = "Mountain hiking and 徒步旅行"
    kol_changed(user.id)
    db.session.commit()

    assert found(q=f"{tag} cooking") == []
    assert found(q=f"{tag} hiking") == [listing.id]
    assert found(q=f"{tag} 徒步") == [listing.id]


def test_each_filter_narrows_the_results():
    tag = unique_tag()
    _, a = make_tagged(
        tag,
        categories=("beauty", "fashion"),
        platform="xiaohongshu",
        collab_type="image_text",
        rate=300_000,
        currency="cny",
        followers=50_000,
        engagement_rate=0.05,
        audience=FEMALE_YOUNG,
        verification="verified",
    )
    _, b = make_tagged(
        tag,
        categories=("electronics",),
        platform="douyin",
        collab_type="short_video",
        rate=900_000,
        currency="cny",
        followers=2_000_000,
        engagement_rate=0.012,
        audience=MALE_OLDER,
        verification="unverified",
    )
    _, c = make_tagged(
        tag,
        categories=("fashion",),
        platform="instagram",
        collab_type="short_video",
        rate=40_000,
        currency="usd",
        followers=8_000,
        engagement_rate=0.09,
        audience=FEMALE_YOUNG,
        verification="invited_pro",
    )
    cases = [
        ({"category": "fashion"}, {a.id, c.id}),
        ({"category": "electronics"}, {b.id}),
        ({"platform": "douyin"}, {b.id}),
        ({"collab_type": "short_video"}, {b.id, c.id}),
        ({"currency": "usd"}, {c.id}),
        ({"currency": "cny", "min_rate": 500_000}, {b.id}),
        ({"currency": "cny", "max_rate": 300_000}, {a.id}),
        ({"currency": "cny", "min_rate": 300_000, "max_rate": 300_000}, {a.id}),
        ({"min_followers": 10_000}, {a.id, b.id}),
        ({"max_followers": 50_000}, {a.id, c.id}),
        ({"min_followers": 10_000, "max_followers": 100_000}, {a.id}),
        ({"min_engagement": 0.05}, {a.id, c.id}),
        ({"min_engagement": "0.06"}, {c.id}),
        ({"audience_gender": "male"}, {b.id}),
        ({"audience_age": "18-24"}, {a.id, c.id}),
        ({"audience_region": "tier3"}, {b.id}),
        ({"verified": "true"}, {a.id, c.id}),
        ({"verified": "false"}, {a.id, b.id, c.id}),
        ({"category": "fashion", "platform": "instagram", "verified": True}, {c.id}),
    ]
    for filters, expected in cases:
        assert set(found(q=tag, **filters)) == expected, filters


def test_rate_bounds_in_display_units_are_major_units_and_engagement_is_percent():
    tag = unique_tag()
    _, cheap = make_tagged(tag, rate=150_000, engagement_rate=0.02)  # CN¥1,500
    _, dear = make_tagged(tag, rate=800_000, engagement_rate=0.06)  # CN¥8,000
    assert found(q=tag, currency="cny", max_rate="2000", display_units=True) == [cheap.id]
    assert found(q=tag, min_engagement="5", display_units=True) == [dear.id]


def test_suspended_kols_and_paused_or_deleted_listings_are_hidden():
    tag = unique_tag()
    _, visible = make_tagged(tag, followers=2_000_000_000)  # first by default
    suspended_user, _ = make_tagged(tag)
    suspended_user.is_suspended = True
    _, paused = make_tagged(tag)
    paused.status = "paused"
    _, deleted = make_tagged(tag)
    deleted.status = "deleted"
    db.session.commit()

    assert found(q=tag) == [visible.id]
    assert found(per_page=1) == [visible.id]  # also without free text
    assert not {paused.id, deleted.id} & set(found(category="beauty"))


def test_items_carry_the_kol_with_categories():
    tag = unique_tag()
    user, _ = make_tagged(tag, categories=("pets", "home"), name="Cat Person")
    (item,) = search_listings(q=tag).items
    assert item.kol.user_id == user.id
    assert item.kol.display_name == "Cat Person"
    assert item.kol.category_names == ["pets", "home"]


def test_query_without_searchable_words_does_not_filter():
    tag = unique_tag()
    _, listing = make_tagged(tag)
    assert listing.id in found(q="!!! ...")


@pytest.mark.parametrize(
    ("filters", "fields"),
    [
        ({"category": "cooking"}, {"category"}),
        ({"platform": "myspace", "collab_type": "podcast"}, {"platform", "collab_type"}),
        ({"sort": "price"}, {"sort"}),
        ({"min_rate": "-5", "currency": "cny"}, {"min_rate"}),
        ({"min_rate": "abc", "currency": "cny"}, {"min_rate"}),
        ({"min_rate": 100}, {"currency"}),
        ({"currency": "eur"}, {"currency"}),
        ({"min_rate": 500, "max_rate": 100, "currency": "cny"}, {"max_rate"}),
        ({"min_followers": 1000, "max_followers": 10}, {"max_followers"}),
        ({"max_followers": "lots"}, {"max_followers"}),
        ({"min_engagement": "1.5"}, {"min_engagement"}),
        ({"min_engagement": "nan"}, {"min_engagement"}),
        ({"audience_gender": "other", "audience_age": "99+"}, {"audience_gender", "audience_age"}),
        ({"audience_region": "x" * 33}, {"audience_region"}),
        ({"verified": "maybe"}, {"verified"}),
        ({"q": "a" * 101}, {"q"}),
        ({"page": "0", "per_page": "101"}, {"page", "per_page"}),
        ({"page": "two"}, {"page"}),
    ],
)
def test_bad_filters_name_each_field(filters, fields):
    with pytest.raises(ValidationFailed) as error:
        search_listings(**filters)
    assert set(error.value.fields) == fields


def test_one_page_costs_a_constant_number_of_statements():
    tag = unique_tag()
    for i in range(12):
        make_tagged(tag, categories=("beauty", "fashion", "home"), followers=1_000 + i)
    db.session.expunge_all()  # nothing preloaded from the factories

    def statements_for(**filters) -> int:
        with count_statements() as statements:
            result = search_listings(**filters)
            for item in result.items:  # what the page and the API read per item
                assert item.kol.display_name and item.kol.category_names
        db.session.expunge_all()
        return len(statements)

    # The page (with KOL profiles), the KOLs' categories, and the (capped) total.
    assert statements_for(per_page=3, sort="rating") == 3
    assert statements_for(per_page=10, sort="rating") == 3
    # PostgreSQL counts text matches in the ranking query itself.
    text_statements = 2 if db.engine.dialect.name == "postgresql" else 3
    assert statements_for(q=tag, per_page=3, verified="false") == text_statements
    assert statements_for(q=tag, per_page=10, verified="false") == text_statements
    # A short last page tells the total by itself.
    assert statements_for(q=tag, category="home", per_page=50) == 2


def test_refreshing_twice_in_one_transaction_keeps_one_document():
    tag = unique_tag()
    user, listing = make_tagged(tag, bio="first words")
    profile = db.session.get(KolProfile, user.id)
    profile.bio = "second words"
    kol_changed(user.id)
    profile.bio = "third words"
    kol_changed(user.id)
    db.session.commit()
    assert found(q=f"{tag} third") == [listing.id]
    assert found(q=f"{tag} second") == []


def test_refresh_all_rebuilds_missing_documents():
    tag = unique_tag()
    _, listing = make_tagged(tag, bio="rebuilt from scratch")
    db.session.execute(delete(search_docs))
    db.session.commit()
    assert found(q=f"{tag} rebuilt") == []
    assert refresh_all() >= 1
    assert found(q=f"{tag} rebuilt") == [listing.id]


@pytest.mark.parametrize(
    ("query", "total"),
    [
        ('"sun*" OR (a:b) & | ! <->', 0),  # words that the document lacks
        ("NEAR(x y)", 0),
        ("'; DROP TABLE listings; --", 0),
        ("^*: <-> !", 1),  # no words at all: only the tag filters
    ],
)
def test_query_syntax_characters_are_plain_text(query, total):
    tag = unique_tag()
    make_tagged(tag)
    assert search_listings(q=f"{tag} {query}").total == total
