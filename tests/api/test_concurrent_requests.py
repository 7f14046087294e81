"""Identical and parallel requests at the same moment, through the API, on committed data.

Real threads, each request with its own app context, session and connection. On SQLite
(a file database) writers wait for each other instead of failing "database is locked";
on PostgreSQL the unique constraint decides the race. Either way: no 500.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import BriefInvitation, Shortlist
from marketplace.services.accounts import users
from tests import factories
from tests.conftest import TEST_DATABASE_URL
from tests.factories.brands import make_brief

RACERS = 16

pytestmark = pytest.mark.live_db
on_postgresql = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"
)
on_sqlite = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="SQLite only (PostgreSQL has its own test)"
)


def _at_once(app: Flask, request: Callable[[int], int]) -> Counter[int]:
    """Run request(i) for every racer at the same moment; count the status codes."""
    barrier = threading.Barrier(RACERS)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        try:
            status = request(i)
        except Exception:  # a crash in the test client would otherwise vanish with the thread
            status = -1
        with lock:
            statuses[status] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _brand_with_open_brief(app: Flask) -> tuple[str, int, int]:
    with app.app_context():
        brand = factories.make_brand()
        brief_id = make_brief(brand).id
        kol_id = factories.make_kol().id
        token = users.issue_token(brand)
        db.session.remove()
    return token, brief_id, kol_id


def _identical_invitations(app: Flask) -> None:
    token, brief_id, kol_id = _brand_with_open_brief(app)

    def invite(_i: int) -> int:
        response = app.test_client().post(
            f"/api/v1/briefs/{brief_id}/invitations",
            json={"kol_id": kol_id, "message": "Join us"},
            headers={"Authorization": f"Bearer {token}"},
        )
        if response.status_code == 409:
            assert response.get_json()["error"]["code"] == "conflict"
        return response.status_code

    statuses = _at_once(app, invite)
    assert statuses == Counter({201: 1, 409: RACERS - 1})
    with app.app_context():
        stored = db.session.scalar(
            select(func.count(BriefInvitation.id)).where(BriefInvitation.brief_id == brief_id)
        )
        assert stored == 1


@pytest.mark.postgres
@on_postgresql
def test_identical_invitations_on_postgresql_one_created_the_rest_conflict(app, committed_db):
    _identical_invitations(app)


@on_sqlite
def test_identical_invitations_on_sqlite_one_created_the_rest_conflict(app, committed_db):
    _identical_invitations(app)


@on_sqlite
def test_parallel_writers_on_sqlite_wait_their_turn(app, committed_db):
    """Sixteen different writes at once all succeed: none is refused as "database is locked"."""
    token, _brief_id, _kol_id = _brand_with_open_brief(app)

    def create_shortlist(i: int) -> int:
        return (
            app.test_client()
            .post(
                "/api/v1/shortlists",
                json={"name": f"List {i}"},
                headers={"Authorization": f"Bearer {token}"},
            )
            .status_code
        )

    assert _at_once(app, create_shortlist) == Counter({201: RACERS})
    with app.app_context():
        assert db.session.scalar(select(func.count(Shortlist.id))) == RACERS
