"""The factory_boy base: every row is made on the per-test session (tests/conftest.py)."""

from __future__ import annotations

from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy.orm import scoped_session

from marketplace.extensions import db


def _test_session() -> scoped_session:
    """Read at each use: the `db_session` fixture swaps `db.session` for every test."""
    return db.session


class SessionFactory(SQLAlchemyModelFactory):
    """Commits like a service does; inside a test that only releases a savepoint."""

    class Meta:
        abstract = True
        sqlalchemy_session_factory = _test_session
        sqlalchemy_session_persistence = "commit"
