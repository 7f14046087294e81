"""Each worker reuses a recent search total for the same filters, for a few seconds."""

from __future__ import annotations

import pytest

from marketplace.services.discovery.search import search_listings
from marketplace.services.recent_answers import RecentAnswers
from tests.factories.catalogue import make_kol_with_listing

pytestmark = pytest.mark.usefixtures("ctx")

FLOOR = 70_000_000  # more followers than any other test's KOLs


def test_a_recent_total_is_reused_for_the_same_filters_until_it_expires(app, monkeypatch):
    clock = [0.0]
    monkeypatch.setitem(app.extensions, "search_counts", RecentAnswers(10, clock=lambda: clock[0]))
    for extra in (1, 2, 3):
        make_kol_with_listing(followers=FLOOR + extra)
    assert search_listings(min_followers=FLOOR, per_page=2).total == 3

    make_kol_with_listing(followers=FLOOR + 4)
    clock[0] = 9.0
    again = search_listings(min_followers=FLOOR, per_page=2, page=2, sort="followers")
    assert (again.total, len(again.items)) == (3, 2)  # paging and sorting keep the total
    assert search_listings(min_followers=FLOOR + 1, per_page=2).total == 4  # other filters

    clock[0] = 10.5
    assert search_listings(min_followers=FLOOR, per_page=2).total == 4
