"""Each score part moves the way a person judging relevance would expect."""

from __future__ import annotations

from typing import Any

import numpy as np

from matching import Match, MatchIndex, audience, features
from matching.build import build
from matching.columns import KolParser
from tests.matching.helpers import brief, crowd, kol


def rank(kols: list[dict[str, Any]], b: dict[str, Any] | None = None, k: int = 200) -> list[Match]:
    return MatchIndex.from_records(kols).rank(b or brief(), k=k)


def by_id(matches: list[Match]) -> dict[str, Match]:
    return {m.kol_id: m for m in matches}


def test_scores_and_reasons_are_in_unit_interval() -> None:
    for m in rank(crowd(60)):
        assert 0.0 <= m.score <= 1.0
        assert set(m.reasons) >= {"category", "text", "audience", "engagement", "reliability",
                                  "value", "authenticity"}  # fmt: skip
        assert all(0.0 <= v <= 1.0 for v in m.reasons.values())


def test_category_primary_beats_secondary_beats_none() -> None:
    kols = [
        kol("primary", categories=["beauty", "food"]),
        kol("secondary", categories=["food", "beauty"]),
        kol("none", categories=["gaming"]),
    ]
    got = by_id(rank(kols))
    assert got["primary"].reasons["category"] > got["secondary"].reasons["category"] > 0
    assert got["none"].reasons["category"] == 0
    assert [m.kol_id for m in rank(kols)] == ["primary", "secondary", "none"]


def test_text_fit_english_and_chinese() -> None:
    kols = [
        kol("sun", bio="Mineral sunscreen reviews for sensitive skin", tags=["sunscreen"]),
        kol("lip", bio="Lipstick swatches and eyeshadow looks", tags=["makeup"]),
        kol("zh_sun", bio="敏感肌防晒霜真实测评，物理防晒分享", tags=["防晒"]),
        kol("zh_lip", bio="口红试色和眼影教程", tags=["彩妆"]),
    ]
    en = by_id(rank(kols, brief(description="sunscreen for sensitive skin")))
    assert en["sun"].reasons["text"] > en["lip"].reasons["text"]
    zh = by_id(rank(kols, brief(title="防晒新品", description="寻找敏感肌防晒达人")))
    assert zh["zh_sun"].reasons["text"] > 0.3
    assert zh["zh_sun"].reasons["text"] > zh["zh_lip"].reasons["text"]
    assert zh["zh_sun"].score > zh["zh_lip"].score


def test_audience_bhattacharyya_renormalises_and_ignores_unknown_keys() -> None:
    women = {"gender": {"female": 0.9, "male": 0.1}}
    as_percent = {"gender": {"Female": 90, "M": 10, "martians": 50}}
    men = {"gender": {"female": 0.1, "male": 0.9}}
    b = brief(target_audience={"gender": {"female": 0.9, "male": 0.1}})
    got = by_id(rank([kol("w", audience=women), kol("p", audience=as_percent),
                      kol("m", audience=men)], b))  # fmt: skip
    assert got["w"].reasons["audience"] == got["p"].reasons["audience"] == 1.0
    assert got["m"].reasons["audience"] < 0.5
    assert got["w"].details["audience_overlap"] == 1.0


def test_missing_audience_is_neutral() -> None:
    b = brief(target_audience={"gender": {"female": 0.9, "male": 0.1}})
    good = {"gender": {"female": 0.9, "male": 0.1}}
    bad = {"gender": {"female": 0.0, "male": 1.0}}
    got = by_id(rank([kol("good", audience=good), kol("bad", audience=bad),
                      kol("unknown", audience=None)], b))  # fmt: skip
    assert got["good"].reasons["audience"] > got["unknown"].reasons["audience"]
    assert got["unknown"].reasons["audience"] > got["bad"].reasons["audience"]
    assert "no audience data" in got["unknown"].flags
    no_target = by_id(rank([kol("good", audience=good), kol("bad", audience=bad)],
                           brief(target_audience=None)))  # fmt: skip
    assert no_target["good"].reasons["audience"] == no_target["bad"].reasons["audience"]


def test_bhattacharyya_coefficient_value() -> None:
    model, _main = build([kol("x")])
    parser = KolParser(model.vocabs, grow_audience=False)
    parser.add(kol("y", audience={"gender": {"female": 0.5, "male": 0.5}}))
    c = parser.columns()
    layout = model.layout
    aud, has = audience.matrix(1, layout, c, c.au_code)
    t, t_has = audience.target(layout, {"gender": {"female": 0.9, "male": 0.1}})
    bc, known, _ = audience.overlap(aud, has, t, t_has, layout.pop)
    assert known[0]
    assert np.isclose(bc[0], np.sqrt(0.45) + np.sqrt(0.05), atol=1e-6)


def test_engagement_is_relative_to_the_follower_tier() -> None:
    kols = crowd(120)
    small_dull = kol("small_dull", platforms=[
        {"platform": "xiaohongshu", "followers": 5_000, "engagement_rate": 0.03}])  # fmt: skip
    big_lively = kol("big_lively", platforms=[
        {"platform": "xiaohongshu", "followers": 500_000, "engagement_rate": 0.03}])  # fmt: skip
    got = by_id(rank([*kols, small_dull, big_lively], brief(budget=None, min_followers=None)))
    # the same 3% is weak for a small account and strong for a big one
    assert got["big_lively"].reasons["engagement"] > got["small_dull"].reasons["engagement"]
    assert got["big_lively"].details["engagement_ratio"] > 1.0
    assert got["small_dull"].details["engagement_ratio"] < 1.0
    ratio = got["big_lively"].details["engagement_ratio"]
    tier = got["big_lively"].details["tier_median_engagement"]
    assert np.isclose(ratio * tier, 0.03, rtol=1e-2)


def test_bayesian_rating_needs_reviews() -> None:
    got = by_id(rank([
        kol("lucky", rating=5.0, reviews=1, completed=1),
        kol("proven", rating=4.8, reviews=80, completed=90),
    ]))  # fmt: skip
    assert got["proven"].details["bayes_rating"] > got["lucky"].details["bayes_rating"]
    assert got["proven"].reasons["reliability"] > got["lucky"].reasons["reliability"]


def test_reliability_prior_and_on_time() -> None:
    stats = features.Stats(0.0, np.full((1, 1), 0.03), 4.3, np.zeros((0, 1, 2)))
    parser = KolParser(build([kol("x")])[0].vocabs, grow_audience=False)
    for rec in (kol("a", rating=None, reviews=None, on_time_rate=None, completed=None),
                kol("b", on_time_rate=0.5), kol("c", on_time_rate=1.0)):  # fmt: skip
        parser.add(rec)
    part, bayes, ot = features.reliability(parser.columns(), stats)
    assert np.isclose(bayes[0], 4.3)  # no reviews: the prior mean
    assert ot[2] > ot[1] and part[2] > part[1]


def test_value_prefers_cheaper_offers_for_the_same_reach() -> None:
    kols = crowd(80)
    cheap, dear = kol("cheap"), kol("dear")
    cheap["rates"][0]["rate"] = 20_000
    dear["rates"][0]["rate"] = 400_000
    got = by_id(rank([*kols, cheap, dear], brief(budget=None)))
    assert got["cheap"].reasons["value"] > got["dear"].reasons["value"]
    assert got["cheap"].score > got["dear"].score


def test_bought_followers_are_flagged_and_penalised() -> None:
    kols = crowd(150)
    fake = kol("fake", platforms=[
        {"platform": "xiaohongshu", "followers": 900_000, "engagement_rate": 0.0008}],
        verified=False, reviews=0, completed=0)  # fmt: skip
    honest = kol("honest", platforms=[
        {"platform": "xiaohongshu", "followers": 90_000, "engagement_rate": 0.04}])  # fmt: skip
    got = by_id(rank([*kols, fake, honest], brief(budget=None, max_followers=None)))
    assert got["fake"].reasons["authenticity"] < 0.5
    assert any("below tier norm" in f for f in got["fake"].flags)
    assert got["honest"].reasons["authenticity"] > 0.9
    assert not any("tier norm" in f for f in got["honest"].flags)
    assert got["honest"].score > 2 * got["fake"].score


def test_upsert_scores_authenticity_with_the_fitted_forest(monkeypatch) -> None:
    index = MatchIndex.from_records(crowd(150))

    def refit(*_args: object) -> None:
        raise AssertionError("the forest was refitted")

    monkeypatch.setattr("matching.authenticity.fit", refit)
    index.upsert(kol("fake", platforms=[
        {"platform": "xiaohongshu", "followers": 900_000, "engagement_rate": 0.0008}]))  # fmt: skip
    (m,) = [m for m in index.rank(brief(budget=None, max_followers=None), k=500)
            if m.kol_id == "fake"]  # fmt: skip
    assert m.reasons["authenticity"] < 0.5


def test_authenticity_reads_one_kols_score_and_flag_for_admins() -> None:
    fake = kol("fake", platforms=[
        {"platform": "xiaohongshu", "followers": 900_000, "engagement_rate": 0.0008}],
        verified=False, reviews=0, completed=0)  # fmt: skip
    honest = kol("honest", platforms=[
        {"platform": "xiaohongshu", "followers": 90_000, "engagement_rate": 0.04}])  # fmt: skip
    index = MatchIndex.from_records([*crowd(150), fake, honest])
    found = index.authenticity(["fake", "honest", "nobody"])
    assert set(found) == {"fake", "honest"}
    assert found["fake"][0] < 0.5 and found["fake"][1] == "engagement_below_tier"
    assert found["honest"][0] > 0.9 and found["honest"][1] is None
