"""Fixtures of the page tests."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import login


@pytest.fixture
def client_for(app, ctx):
    """A fresh signed-in client per user, so two parties can take turns in one test."""

    def _client(user) -> FlaskClient:
        client = app.test_client()
        assert login(client, user).status_code == 302
        return client

    return _client
