"""A worker reuses a brief's ranking for a few seconds, but never past a catalogue change."""

from __future__ import annotations

import pytest

from marketplace.services.briefs import lifecycle
from marketplace.services.catalogue import listings
from marketplace.services.catalogue.events import kol_reputation_changed
from marketplace.services.matchmaking import matches
from marketplace.services.recent_answers import RecentAnswers
from marketplace.services.unit_of_work import unit_of_work
from tests.factories.brands import make_brief
from tests.factories.catalogue import make_kol_with_listing


@pytest.fixture
def rankings(app, monkeypatch):
    """The ranking memory switched on, with a clock the test moves, counting real ranks."""
    clock = [0.0]
    monkeypatch.setitem(app.extensions, "match_rankings", RecentAnswers(10, lambda: clock[0]))
    ranked = []
    real_rank = matches._rank

    def counting_rank(record, k):
        ranked.append(record["id"])
        return real_rank(record, k)

    monkeypatch.setattr(matches, "_rank", counting_rank)
    return clock, ranked


def test_paging_and_returning_reuse_the_ranking_until_it_expires(brand, rankings):
    clock, ranked = rankings
    kol, _ = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(brand, category="beauty", platforms=["xiaohongshu"])
    first = matches.ranked_matches(brand, brief.id, 100)
    assert [v.kol_id for v in first] == [kol.id]
    first[0].reasons.clear()  # a caller's changes never reach the remembered copy
    clock[0] = 9.0
    again = matches.top_matches(brand, brief.id, 100)
    assert ([v.kol_id for v in again], ranked) == ([kol.id], [str(brief.id)])
    assert again[0].reasons and again[0].profile.display_name == "Skin Lab"
    assert matches.top_matches(brand, brief.id, 10) and len(ranked) == 2  # another k
    clock[0] = 10.5
    matches.top_matches(brand, brief.id, 100)
    assert len(ranked) == 3


def test_catalogue_and_brief_changes_show_at_once(brand, rankings):
    _clock, ranked = rankings
    kol, listing = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(brand, category="beauty", platforms=["xiaohongshu"])
    assert [v.kol_id for v in matches.top_matches(brand, brief.id)] == [kol.id]

    listings.set_listing_status(kol, listing.id, "paused")
    assert matches.top_matches(brand, brief.id) == []
    newcomer, _ = make_kol_with_listing(name="Sunscreen Fan")
    assert [v.kol_id for v in matches.top_matches(brand, brief.id)] == [newcomer.id]

    lifecycle.update_brief(brand, brief.id, {"platforms": ["douyin"]})
    assert matches.top_matches(brand, brief.id) == []
    assert len(ranked) == 4


def test_a_reputation_change_keeps_the_ranking_until_it_expires(brand, rankings):
    clock, ranked = rankings
    kol, _ = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(brand, category="beauty", platforms=["xiaohongshu"])
    matches.top_matches(brand, brief.id)
    with unit_of_work():
        kol_reputation_changed(kol.id)
    matches.top_matches(brand, brief.id)
    assert len(ranked) == 1
    clock[0] = 10.5
    matches.top_matches(brand, brief.id)
    assert len(ranked) == 2
