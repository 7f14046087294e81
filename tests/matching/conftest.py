"""The matcher is a library without Flask or a database: its tests need neither.

The project-wide autouse fixture ``db_session`` (tests/conftest.py) builds the Flask app
and a database transaction for every test; overriding it here keeps these tests fast and
independent of the web application.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def db_session() -> Iterator[None]:
    yield
