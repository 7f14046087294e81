"""Index behaviour: determinism, incremental updates, persistence, extras."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching import BriefMatch, MatchIndex
from matching.eval.bench import KolStream, briefs
from tests.matching.helpers import brief, crowd, kol


@pytest.fixture(scope="module")
def stream_kols() -> list[dict]:
    return list(KolStream(3000, seed=5))


@pytest.fixture(scope="module")
def queries() -> list[dict]:
    return briefs(12, seed=3)


def test_rank_is_deterministic(stream_kols: list[dict], queries: list[dict]) -> None:
    a, b = MatchIndex.from_records(stream_kols), MatchIndex.from_records(stream_kols)
    for q in queries:
        first = a.rank(q, k=20)
        assert first == a.rank(q, k=20) == b.rank(q, k=20)
        scores = [m.score for m in first]
        assert scores == sorted(scores, reverse=True)


def test_ties_are_broken_by_kol_id() -> None:
    twins = [kol(k) for k in ("k3", "k1", "k2")]
    assert [m.kol_id for m in MatchIndex.from_records(twins).rank(brief())] == ["k1", "k2", "k3"]


def test_duplicate_ids_last_record_wins() -> None:
    index = MatchIndex.from_records([kol("a"), kol("a", categories=["food"])])
    (m,) = index.rank(brief())
    assert len(index) == 1 and m.reasons["category"] == 0


def test_upsert_and_remove_without_rebuild(
    stream_kols: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    index = MatchIndex.from_records(stream_kols)

    def no_rebuild(*_: object, **__: object) -> None:
        raise AssertionError("full rebuild")

    monkeypatch.setattr("matching.index.build", no_rebuild)
    monkeypatch.setattr("matching.authenticity.fit", no_rebuild)
    monkeypatch.setattr("matching.features.fit_stats", no_rebuild)
    b = brief(platforms=None, collab_types=None, budget=None, min_followers=None,
              max_followers=None)  # fmt: skip
    star = kol("star", bio="sunscreen skincare honest reviews", rating=5.0, reviews=200,
               completed=250)  # fmt: skip
    main_rows = index.segment_sizes[0]
    assert "star" not in index
    assert index.upsert(star)
    assert index.segment_sizes == (main_rows, 1)  # appended to the delta
    assert index.rank(b, k=1)[0].kol_id == "star"
    assert index.upsert({**star, "categories": ["gaming"], "bio": "", "tags": []})
    assert index.rank(b, k=1)[0].kol_id != "star"  # replaced, not duplicated
    assert sum(m.kol_id == "star" for m in index.rank(b, k=5000)) == 1
    assert index.remove("star") and not index.remove("star")
    assert all(m.kol_id != "star" for m in index.rank(b, k=5000))
    gone = stream_kols[0]["id"]
    assert index.remove(gone)
    assert all(m.kol_id != gone for m in index.rank(b, k=5000))
    assert not index.upsert({"bio": "no id"})
    assert index.segment_sizes[0] == main_rows and len(index) == len(stream_kols) - 1  # -gone


def test_compaction_keeps_results(stream_kols: list[dict], queries: list[dict]) -> None:
    index = MatchIndex.from_records(stream_kols[:2000])
    index.upsert_many(stream_kols[2000:2300])
    for k in stream_kols[:50]:
        index.remove(k["id"])
    assert len(index.segment_sizes) == 2
    before = [index.rank(q, k=30) for q in queries]
    index.compact()
    assert index.segment_sizes == (2250,) and len(index) == 2250
    assert [index.rank(q, k=30) for q in queries] == before


def test_delta_folds_in_when_it_grows(stream_kols: list[dict]) -> None:
    index = MatchIndex.from_records(stream_kols[:1000])
    for rec in stream_kols[1000:1600]:
        index.upsert(rec)
    assert len(index) == 1600 and index.segment_sizes[0] >= 1000


def test_save_load_round_trip(tmp_path: Path, stream_kols: list[dict], queries: list[dict]) -> None:
    index = MatchIndex.from_records(stream_kols)
    index.upsert(kol("late"))
    index.remove(stream_kols[1]["id"])
    index.save(tmp_path / "idx")
    loaded = MatchIndex.load(tmp_path / "idx")
    for q in [*queries, brief()]:
        assert loaded.rank(q, k=25) == index.rank(q, k=25)
    assert loaded.similar("late", 5) == index.similar("late", 5)
    extra = kol("later", bio="lipstick")
    loaded.upsert(extra)
    index.upsert(extra)
    assert loaded.rank(brief(), k=25) == index.rank(brief(), k=25)
    assert sorted(p.name for p in (tmp_path / "idx").iterdir()) == [
        "arrays", "forest.joblib", "meta.json"]  # fmt: skip


def test_similar_excludes_itself_and_finds_twins() -> None:
    twin = {"bio": "Mineral sunscreen for acne prone skin", "tags": ["acne"]}
    kols = [*crowd(40), kol("sun1", **twin), kol("sun2", **twin),
            kol("game", categories=["gaming"], bio="moba ranked esports", tags=["esports"],
                audience={"gender": {"male": 0.9, "female": 0.1}})]  # fmt: skip
    index = MatchIndex.from_records(kols)
    sims = index.similar("sun1", k=5)
    assert sims[0].kol_id == "sun2" and all(s.kol_id != "sun1" for s in sims)
    assert index.similar("nobody") == []
    assert set(sims[0].reasons) == {"text", "audience", "category"}


def test_reverse_ranking_applies_eligibility() -> None:
    k = kol("me")
    briefs_ = [
        brief(id="fit"),
        brief(id="food", category="food", description="hotpot tasting"),
        brief(id="too_cheap", budget=1000),
        brief(id="wrong_platform", platforms=["douyin"]),
    ]
    index = MatchIndex.from_records([*crowd(50), k])
    got = index.rank_briefs(k, briefs_, k=10)  # a record, scored without being added
    assert [g.brief_id for g in got] == ["fit", "food"]
    assert isinstance(got[0], BriefMatch) and got[0].listing_id == "me-L"
    forward = next(m for m in index.rank(brief(id="fit"), k=100) if m.kol_id == "me")
    assert got[0].score == forward.score and got[0].reasons == forward.reasons
    assert [g.brief_id for g in index.rank_briefs("me", briefs_)] == ["fit", "food"]
    alone = MatchIndex.from_records([k]).rank_briefs("me", briefs_)  # no population
    assert [g.brief_id for g in alone] == ["fit", "food"]
    assert index.rank_briefs("nobody", briefs_) == []


def test_exploration_is_seeded_and_bounded(stream_kols: list[dict], queries: list[dict]) -> None:
    index = MatchIndex.from_records(stream_kols)
    for rec in stream_kols[:400]:  # many newcomers close to the top
        index.upsert({**rec, "id": rec["id"] + "-new", "reviews": 0, "completed": 0})
    moved = 0
    for q in queries:
        plain, explored = index.rank(q, k=10), index.rank(q, k=10, explore=True)
        assert explored == index.rank(q, k=10, explore=True)
        slots = [m for m in explored if "exploration_slot" in m.flag_codes]
        assert all(len(m.flags) == len(m.flag_codes) for m in explored)
        assert len(slots) <= 2
        assert {m.kol_id for m in explored} - {m.kol_id for m in plain} == {
            m.kol_id for m in slots}  # fmt: skip
        moved += len(slots)
    assert moved > 0


def test_diversify_breaks_up_identical_audiences() -> None:
    same = {"gender": {"female": 1.0}, "age": {"18-24": 1.0}, "region": {"tier1": 1.0}}
    clones = [kol(f"clone{i}", audience=same, rating=5.0, reviews=100) for i in range(6)]
    other = {"gender": {"female": 0.6, "male": 0.4}, "age": {"25-34": 0.7, "35-44": 0.3},
             "region": {"tier2": 1.0}}  # fmt: skip
    varied = [kol(f"other{i}", audience=other) for i in range(3)]
    index = MatchIndex.from_records([*crowd(30), *clones, *varied])
    b = brief(target_audience=None)
    plain = [m.kol_id for m in index.rank(b, k=4)]
    diverse = [m.kol_id for m in index.rank(b, k=4, diversify=True)]
    assert all(x.startswith("clone") for x in plain)
    assert any(x.startswith("other") for x in diverse)
    assert diverse == [m.kol_id for m in index.rank(b, k=4, diversify=True)]
