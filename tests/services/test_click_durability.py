"""A click commits without an fsync on SQLite; every other transaction keeps full durability."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from marketplace.extensions import db
from marketplace.services.tracking.clicks import ClickFacts, find_link, record_click
from marketplace.services.unit_of_work import unit_of_work
from tests.factories.campaigns import link_code, make_commission_contract

FULL, NORMAL = 2, 1


def _synchronous_inside(block) -> int:
    seen: list[int] = []
    with block():
        seen.append(db.session.scalar(text("PRAGMA synchronous")))
    return seen[0]


@pytest.mark.live_db
def test_only_the_click_transaction_relaxes_durability(committed_db, ctx, monkeypatch):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's PRAGMA synchronous")
    target = find_link(link_code(make_commission_contract("funded")))
    assert target is not None
    seen: list[int] = []
    from marketplace.services.tracking import clicks

    real_seen_today = clicks._seen_today

    def spy(*args, **kwargs):
        seen.append(db.session.scalar(text("PRAGMA synchronous")))
        return real_seen_today(*args, **kwargs)

    monkeypatch.setattr(clicks, "_seen_today", spy)
    facts = ClickFacts(visitor_hash="a" * 64, kind="human", referrer_platform=None, country=None)
    record_click(target, facts)
    assert seen == [NORMAL]
    db.session.commit()
    assert _synchronous_inside(unit_of_work) == FULL
