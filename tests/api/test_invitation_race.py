"""A KOL's two answers to one invitation at the same moment: one wins, the rest conflict."""

from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask

from marketplace.extensions import db
from marketplace.models import BriefInvitation, Notification
from marketplace.services.accounts import users
from tests import factories
from tests.api.test_concurrent_requests import RACERS, _at_once, on_postgresql, on_sqlite
from tests.factories.brands import make_brief, make_invitation

pytestmark = pytest.mark.live_db


def _racing_declines(app: Flask) -> None:
    with app.app_context():
        brand = factories.make_brand()
        kol = factories.make_kol()
        invitation_id = make_invitation(make_brief(brand), kol).id
        token = users.issue_token(kol)
        db.session.commit()
        db.session.remove()

    def decline(i: int) -> int:
        return (
            app.test_client()
            .post(
                f"/api/v1/kol/invitations/{invitation_id}/decline",
                json={"reason": f"Reason {i}"},
                headers={"Authorization": f"Bearer {token}"},
            )
            .status_code
        )

    assert _at_once(app, decline) == Counter({200: 1, 409: RACERS - 1})
    with app.app_context():
        assert db.session.get(BriefInvitation, invitation_id).status == "declined"
        assert db.session.query(Notification).count() == 1


@pytest.mark.postgres
@on_postgresql
def test_racing_declines_on_postgresql(app, committed_db):
    _racing_declines(app)


@on_sqlite
def test_racing_declines_on_sqlite(app, committed_db):
    _racing_declines(app)
