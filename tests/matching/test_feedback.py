"""Query feedback: synonyms and the other language are reached through co-occurrence."""

from __future__ import annotations

from matching import feedback, query, weights
from matching.build import build
from matching.index import MatchIndex

from .helpers import brief, crowd, kol

LIPS = {"bio": "Lipstick swatches every week", "tags": ["lipstick", "lip tint", "口红"]}
PERFUME = {"bio": "香水 沙龙香 留香测评", "tags": ["香氛"]}


def _kols() -> list[dict]:
    bilingual = [kol(f"lip{i}", **LIPS) for i in range(6)]
    zh_lips = kol("zh_lips", bio="口红试色 唇釉 日常分享", tags=["口红"])
    zh_perfume = kol("zh_perfume", **PERFUME)
    en_tint = kol("en_tint", bio="Lip tint and gloss reviews", tags=["lip tint"])
    return [*crowd(60), *bilingual, zh_lips, zh_perfume, en_tint]


def _index() -> MatchIndex:
    return MatchIndex.from_records(_kols())


def _text(index: MatchIndex, b: dict, kid: str) -> float:
    return next(m for m in index.rank(b, k=100) if m.kol_id == kid).reasons["text"]


def test_english_brief_reaches_chinese_only_kol_of_the_same_niche() -> None:
    index = _index()
    b = brief(title="New lipstick campaign", description="Lipstick seeding")
    assert _text(index, b, "zh_lips") > _text(index, b, "zh_perfume") + 0.2


def test_synonym_found_through_creators_who_use_both() -> None:
    index = _index()
    b = brief(title="Lipstick launch", description="bold lipstick for the autumn")
    model, main = build(_kols())
    q = query.parse(b, model)
    widened = feedback.expand([main], q)
    assert len(widened.text_cols) > len(q.text_cols)
    assert _text(index, b, "en_tint") > 0.3


def test_feedback_off_and_no_text_leave_the_query_alone(monkeypatch) -> None:
    model, main = build(_kols())
    q = query.parse(brief(title="", description="", category=None), model)
    assert feedback.expand([main], q) is q
    monkeypatch.setattr(weights, "FEEDBACK_DOCS", 0)
    q = query.parse(brief(), model)
    assert feedback.expand([main], q) is q
