"""Racing additions on PostgreSQL: the profile row lock keeps the portfolio at MAX_ITEMS."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.models import PortfolioItem, User
from marketplace.services.catalogue import portfolio
from tests.conftest import TEST_DATABASE_URL
from tests.factories.catalogue import make_kol_with_listing

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

RACERS = 5
POST = "https://www.xiaohongshu.com/explore/"


def test_racing_additions_never_pass_the_limit(app, committed_db):
    with app.app_context():
        kol, _listing = make_kol_with_listing()
        for n in range(portfolio.MAX_ITEMS - 2):
            portfolio.add_link(kol, "xiaohongshu", f"{POST}{n}")
        kol_id = kol.id
        db.session.remove()
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def add(n: int) -> None:
        with app.app_context():
            actor = db.session.get(User, kol_id)
            barrier.wait()
            try:
                portfolio.add_link(actor, "xiaohongshu", f"{POST}race{n}")
                result = "added"
            except Conflict:
                db.session.rollback()
                result = "full"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["added"] * 2 + ["full"] * (RACERS - 2)
    with app.app_context():
        count = db.session.scalar(select(func.count()).where(PortfolioItem.kol_id == kol_id))
        assert count == portfolio.MAX_ITEMS
