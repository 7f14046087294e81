"""The browse page of a text search read from the search documents (search_documents_page)
returns what the grouped listing query returns, and the documents' listed/reach stay current."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import User
from marketplace.services.accounts.users import set_suspension
from marketplace.services.catalogue import listings
from marketplace.services.catalogue.kol_profiles import update_kol_profile
from marketplace.services.discovery import search_documents_page
from marketplace.services.discovery.search import run_search
from marketplace.services.discovery.search_filters import parse_filters
from marketplace.services.discovery.search_index import search_docs
from tests.factories import make_admin
from tests.factories.catalogue import add_listing
from tests.factories.kols import platform_row, profile_payload
from tests.factories.search import make_tagged, unique_tag

pytestmark = pytest.mark.usefixtures("ctx")

VERIFIED_FEMALE = {"verification": "verified", "categories": ("beauty", "food")}


def page(monkeypatch: pytest.MonkeyPatch, fast: bool, **raw: Any) -> tuple[list[int], int]:
    """(leader listing ids, total) of one browse page, by the documents or the listings."""
    filters = replace(parse_filters(raw, display_units=True), by_kol=True)
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(search_documents_page, "applies", lambda *_args: False)
        else:
            used = search_documents_page.applies(filters, 1)
            assert used, "the fast path must apply to these filters"
        result = run_search(filters)
        return [item.id for item in result.items], result.total or 0


def varied_catalogue(tag: str) -> None:
    """KOLs sharing `tag` with varied rank, reach, listings, status and profile."""
    admin = make_admin()
    for _twin in range(4):  # identical documents and reach: ties broken by KOL id
        make_tagged(tag, name="Twin Kol", bio="same bio", followers=10_000)
    strong, _ = make_tagged(
        tag, tags=(tag, tag), bio=f"{tag} {tag} reviews", followers=5_000, verification="verified"
    )
    add_listing(strong, followers=900_000, platform="douyin")
    several, _ = make_tagged(tag, followers=70_000, **VERIFIED_FEMALE)
    add_listing(several, followers=70_000)  # equal reach: the higher id leads
    paused_best, _ = make_tagged(tag, followers=20_000)
    best = add_listing(paused_best, followers=3_000_000)
    listings.set_listing_status(paused_best, best.id, "paused")
    all_paused, only = make_tagged(tag, followers=8_000_000)
    listings.set_listing_status(all_paused, only.id, "paused")
    deleted_kol, gone = make_tagged(tag, followers=9_000_000, categories=("food",))
    add_listing(deleted_kol, followers=1_000)
    listings.delete_listing(deleted_kol, gone.id)
    suspended, _ = make_tagged(tag, followers=7_000_000, **VERIFIED_FEMALE)
    set_suspension(admin, suspended.id, True)
    reinstated, _ = make_tagged(tag, followers=40_000, categories=("food",))
    set_suspension(admin, reinstated.id, True)
    set_suspension(admin, reinstated.id, False)
    for index in range(6):
        make_tagged(tag, followers=1_000 * (index + 1), bio=f"home cooking {tag} {index}")
    db.session.commit()


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"per_page": 3},
        {"per_page": 3, "page": 2},
        {"per_page": 4, "page": 4},
        {"category": "food"},
        {"verified": "y"},
        {"audience_gender": "female"},
        {"category": "beauty", "verified": "y", "per_page": 1, "page": 2},
        {"extra": "home cooking"},
    ],
)
def test_documents_page_matches_the_listing_query(monkeypatch, filters):
    tag = unique_tag()
    varied_catalogue(tag)
    raw = {**filters}
    raw["q"] = f"{raw.pop('extra', '')} {tag}".strip()
    raw.setdefault("per_page", 50)
    fast = page(monkeypatch, True, **raw)
    slow = page(monkeypatch, False, **raw)
    assert fast == slow
    assert fast[0], "the query must find something to compare"


def test_every_small_page_matches_the_listing_query(monkeypatch):
    """Pages of one or two KOLs split the ties (same score and reach) between pages."""
    tag = unique_tag()
    varied_catalogue(tag)
    for per_page in (1, 2):
        shown: list[int] = []
        for number in range(1, 17 // per_page + 2):
            fast = page(monkeypatch, True, q=tag, per_page=per_page, page=number)
            assert fast == page(monkeypatch, False, q=tag, per_page=per_page, page=number)
            shown += fast[0]
        assert len(shown) == len(set(shown)) == 15


def test_listing_filters_and_other_sorts_keep_the_listing_query():
    for raw in (
        {"q": "x", "platform": "douyin"},
        {"q": "x", "min_followers": "10"},
        {"q": "x", "sort": "-followers"},
        {"category": "food"},
    ):
        filters = replace(parse_filters(raw, display_units=True), by_kol=True)
        own = 1 + sum(raw.get(k) is not None for k in ("platform", "min_followers"))
        assert not search_documents_page.applies(filters, own)


def state(kol: User) -> tuple[bool, int]:
    row = db.session.execute(
        select(search_docs.c.listed, search_docs.c.reach).where(search_docs.c.kol_id == kol.id)
    ).one()
    return bool(row.listed), int(row.reach)


def test_listed_and_reach_follow_listing_status_and_deletion():
    kol, first = make_tagged(unique_tag(), followers=30_000)
    second = add_listing(kol, followers=90_000)
    assert state(kol) == (True, 90_000)
    listings.set_listing_status(kol, second.id, "paused")
    assert state(kol) == (True, 30_000)
    listings.delete_listing(kol, first.id)
    assert state(kol) == (False, 0)
    listings.set_listing_status(kol, second.id, "active")
    assert state(kol) == (True, 90_000)


def test_listed_and_reach_follow_follower_changes_and_suspension():
    kol, _ = make_tagged(unique_tag(), platform="xiaohongshu", followers=30_000)
    update_kol_profile(
        kol, **profile_payload(platforms=[platform_row("xiaohongshu", followers=75_000)])
    )
    assert state(kol) == (True, 75_000)
    admin = make_admin()
    set_suspension(admin, kol.id, True)
    assert state(kol) == (False, 75_000)
    set_suspension(admin, kol.id, False)
    assert state(kol) == (True, 75_000)
