"""The sales track record inside reliability: it moves the ranking, and a newcomer sits at
the prior rather than at the bottom."""

from __future__ import annotations

import numpy as np

from matching import MatchIndex, features, weights
from tests.matching.helpers import brief, kol


def test_better_track_record_ranks_higher_between_otherwise_equal_kols() -> None:
    plain = kol("a-plain", orders=10, conversion_rate=0.01)
    seller = kol("z-seller", orders=400, conversion_rate=0.05)
    matches = MatchIndex.from_records([plain, seller]).rank(brief(), k=10)
    assert [m.kol_id for m in matches] == ["z-seller", "a-plain"]
    assert matches[0].reasons["reliability"] > matches[1].reasons["reliability"]
    # Without the track record the ids decide the tie the other way round.
    tied = MatchIndex.from_records([kol("a-plain"), kol("z-seller")]).rank(brief(), k=10)
    assert [m.kol_id for m in tied] == ["a-plain", "z-seller"]


def test_sales_track_shrinks_little_evidence_towards_the_prior() -> None:
    orders = np.array([np.nan, 0.0, 2.0, 500.0, 500.0])
    conversion = np.array([np.nan, np.nan, 0.5, 0.5, 0.001])
    newcomer, no_sales, lucky, proven, weak = features.sales_track(orders, conversion)
    assert np.isclose(newcomer, weights.SALES_MIX["conversion"] * 0.5)
    assert newcomer == no_sales
    # Two lucky orders at 50% move the rate far less than 500 orders at 50%.
    assert newcomer < lucky < proven
    assert lucky - newcomer < (proven - newcomer) / 2
    # Many orders at a poor rate: the volume helps, the rate counts against it.
    assert weak < proven
    track = features.sales_track(orders, conversion)
    assert np.all((track >= 0.0) & (track <= 1.0))


def test_messy_track_record_fields_do_not_break_ranking() -> None:
    recs = [
        kol("k1", orders="many", conversion_rate=-3),
        kol("k2", orders=None, conversion_rate=250),
        kol("k3", orders=1e30, conversion_rate=float("nan")),
    ]
    assert len(MatchIndex.from_records(recs).rank(brief(), k=10)) == 3
