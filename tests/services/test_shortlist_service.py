"""Shortlists: naming, adding and removing KOLs, and the comparison data."""

import pytest
from sqlalchemy import event, func, select

from marketplace.domain.errors import NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Shortlist, ShortlistEntry
from marketplace.services.discovery import shortlists
from tests import factories
from tests.factories.brands import make_shortlist
from tests.factories.catalogue import ListingFactory, make_kol_with_listing


def test_create_rename_and_delete(brand):
    shortlist = shortlists.create_shortlist(brand, "  Spring launch ")
    assert shortlist.name == "Spring launch"
    assert shortlists.rename_shortlist(brand, shortlist.id, "Summer").name == "Summer"
    assert shortlists.rename_shortlist(brand, shortlist.id, "Summer").name == "Summer"
    shortlists.delete_shortlist(brand, shortlist.id)
    assert db.session.get(Shortlist, shortlist.id) is None


@pytest.mark.parametrize("name", ["", "x" * 81, None, 42])
def test_bad_names_are_rejected(brand, name):
    with pytest.raises(ValidationFailed) as info:
        shortlists.create_shortlist(brand, name)
    assert "name" in info.value.fields


def test_names_are_unique_per_brand(brand):
    shortlists.create_shortlist(brand, "Favourites")
    with pytest.raises(ValidationFailed):
        shortlists.create_shortlist(brand, "Favourites")
    other = shortlists.create_shortlist(brand, "Other")
    with pytest.raises(ValidationFailed):
        shortlists.rename_shortlist(brand, other.id, "Favourites")
    assert shortlists.create_shortlist(factories.make_brand(), "Favourites").id


def test_add_and_remove_kols(brand):
    kol, _listing = make_kol_with_listing()
    shortlist = shortlists.create_shortlist(brand, "Beauty")
    entry = shortlists.add_to_shortlist(brand, shortlist.id, kol.id, "great reviews")
    assert (entry.kol_id, entry.note) == (kol.id, "great reviews")
    again = shortlists.add_to_shortlist(brand, shortlist.id, str(kol.id), "")
    assert again.note == "great reviews"
    assert db.session.scalar(select(func.count()).select_from(ShortlistEntry)) == 1
    shortlists.remove_from_shortlist(brand, shortlist.id, kol.id)
    with pytest.raises(NotFound):
        shortlists.remove_from_shortlist(brand, shortlist.id, kol.id)


def test_add_into_a_new_list_by_name(brand, kol):
    entry = shortlists.add_to_shortlist(brand, None, kol.id, new_list_name="Quick picks")
    assert entry.shortlist.name == "Quick picks"
    with pytest.raises(ValidationFailed) as info:
        shortlists.add_to_shortlist(brand, None, kol.id)
    assert "name" in info.value.fields


def test_only_active_kols_can_be_added(brand):
    shortlist = shortlists.create_shortlist(brand, "List")
    suspended = factories.make_kol(suspended=True)
    for bad in (factories.make_brand().id, suspended.id, 999_999, "x", None):
        with pytest.raises(ValidationFailed) as info:
            shortlists.add_to_shortlist(brand, shortlist.id, bad)
        assert "kol_id" in info.value.fields
    with pytest.raises(ValidationFailed) as info:
        shortlists.add_to_shortlist(brand, shortlist.id, factories.make_kol().id, "n" * 301)
    assert "note" in info.value.fields
    assert db.session.scalar(select(func.count()).select_from(ShortlistEntry)) == 0


def test_another_brands_shortlist_is_not_found(brand, kol):
    theirs = make_shortlist(factories.make_brand(), kols=(kol,))
    with pytest.raises(NotFound):
        shortlists.get_shortlist_with_comparison(brand, theirs.id)
    with pytest.raises(NotFound):
        shortlists.add_to_shortlist(brand, theirs.id, kol.id)
    with pytest.raises(NotFound):
        shortlists.rename_shortlist(brand, theirs.id, "Mine")
    with pytest.raises(NotFound):
        shortlists.delete_shortlist(brand, theirs.id)
    with pytest.raises(NotFound):
        shortlists.remove_from_shortlist(brand, theirs.id, kol.id)
    assert shortlists.list_shortlists(brand) == []


def test_kols_have_no_shortlists(kol):
    with pytest.raises(NotAllowed):
        shortlists.create_shortlist(kol, "Mine")


def test_list_shortlists_with_sizes(brand, kol):
    make_shortlist(brand, "B list", kols=(kol,))
    make_shortlist(brand, "A list")
    rows = shortlists.list_shortlists(brand)
    assert [(s.name, n) for s, n in rows] == [("A list", 0), ("B list", 1)]


def test_comparison_has_each_kols_data(brand):
    kol, _listing = make_kol_with_listing(
        categories=("beauty", "fashion"), followers=120_000, rate=500_000
    )
    ListingFactory(kol_id=kol.id, collab_type="short_video", title="Video", rate=200_000)
    ListingFactory(
        kol_id=kol.id,
        platform="tiktok",
        collab_type="short_video",
        title="US",
        rate=9_000,
        currency="usd",
    )
    shortlist = make_shortlist(brand, kols=(kol,))
    result = shortlists.get_shortlist_with_comparison(brand, shortlist.id)
    (row,) = result.kols
    assert row.categories == ["beauty", "fashion"]
    assert [(p.platform, p.followers) for p in row.platforms] == [("xiaohongshu", 120_000)]
    assert row.platforms[0].engagement_rate == pytest.approx(0.041)
    assert row.audience == {"gender": "female", "age": "18-24", "region": "tier1"}
    assert row.min_rates == {"cny": 200_000, "usd": 9_000}
    assert row.rating is None


def test_comparison_query_count_does_not_grow_with_kols(app, brand):
    one = make_shortlist(brand, "One", kols=(make_kol_with_listing()[0],))
    many = make_shortlist(brand, "Many", kols=tuple(make_kol_with_listing()[0] for _ in range(6)))

    def queries(shortlist_id: int) -> int:
        db.session.expire_all()
        statements: list[str] = []
        engine = db.session.get_bind()

        def count(*_args):
            statements.append("q")

        event.listen(engine, "before_cursor_execute", count)
        try:
            result = shortlists.get_shortlist_with_comparison(brand, shortlist_id)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert result.kols
        return len(statements)

    baseline = queries(one.id)
    assert 0 < baseline <= 7
    assert queries(many.id) == baseline
