"""Concurrent requests on PostgreSQL: row locks keep the rules when requests race.

SQLite serialises writers, so these run only with TEST_DATABASE_URL (PostgreSQL); under
CI=true the suite refuses to start without it, so they cannot silently skip there.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.models import Application, ApplicationEvent, User
from marketplace.services.briefs import applications
from tests.conftest import TEST_DATABASE_URL
from tests.factories.brands import make_application, make_brief
from tests.factories.catalogue import make_kol_with_listing

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

RACERS = 6
WANTED = 2


def _race(app, brand_id: int, application_ids: list[int]) -> list[str]:
    barrier = threading.Barrier(len(application_ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(application_id: int) -> None:
        with app.app_context():
            brand = db.session.get(User, brand_id)
            barrier.wait()
            try:
                applications.accept_application(brand, application_id)
                result = "accepted"
            except Conflict:
                db.session.rollback()
                result = "conflict"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(a,)) for a in application_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_concurrent_accepts_never_exceed_the_kols_wanted(app, committed_db):
    with app.app_context():
        from tests import factories

        brand = factories.make_brand()
        brief = make_brief(brand, kols_wanted=WANTED, budget=400_000)
        ids = [make_application(make_kol_with_listing()[0], brief).id for _ in range(RACERS)]
        brand_id, brief_id = brand.id, brief.id
        db.session.remove()
    outcomes = _race(app, brand_id, ids)
    assert sorted(outcomes) == ["accepted"] * WANTED + ["conflict"] * (RACERS - WANTED)
    with app.app_context():
        accepted = db.session.scalar(
            select(func.count()).where(
                Application.brief_id == brief_id, Application.status == "accepted"
            )
        )
        assert accepted == WANTED


def test_racing_decisions_on_one_application_apply_once(app, committed_db):
    """The row lock makes the losers see the winner's status: one move, one event."""
    with app.app_context():
        from tests import factories

        brand = factories.make_brand()
        kol = make_kol_with_listing()[0]
        application_id = make_application(kol, make_brief(brand)).id
        actors = [(brand.id, applications.decline_application)] * (RACERS // 2) + [
            (kol.id, applications.withdraw_application)
        ] * (RACERS // 2)
        db.session.remove()
    barrier = threading.Barrier(len(actors))
    outcomes: list[str] = []
    lock = threading.Lock()

    def decide(user_id: int, action) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                result = action(user, application_id).status
            except Conflict:
                result = "conflict"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=decide, args=pair) for pair in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes).count("conflict") == RACERS - 1
    with app.app_context():
        events = db.session.scalars(
            select(ApplicationEvent).where(ApplicationEvent.application_id == application_id)
        ).all()
        status = db.session.get(Application, application_id).status
        assert [e.to_status for e in events] == [status]
