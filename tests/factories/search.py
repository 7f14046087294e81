"""Helpers for search tests: catalogue rows scoped by a unique tag, and statement counting."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from marketplace.extensions import db
from marketplace.models import Listing, User
from marketplace.services.discovery.search import SearchPage
from tests.factories.catalogue import make_kol_with_listing

_tags = itertools.count(1)


def unique_tag() -> str:
    """A made-up word no other test uses; searching for it scopes results to one test."""
    return f"zqtag{next(_tags)}x"


def make_tagged(tag: str, **kwargs: Any) -> tuple[User, Listing]:
    """A KOL with one active listing whose tags include `tag`."""
    tags = (tag, *kwargs.pop("tags", ()))
    return make_kol_with_listing(tags=tags, **kwargs)


def listing_ids(result: SearchPage) -> list[int]:
    return [item.id for item in result.items]


@contextmanager
def count_statements() -> Iterator[list[str]]:
    """Collect the SQL statements sent to the database inside the block.

    Savepoints are left out: the test session opens one per test transaction, which is
    not work the code under test asked for.
    """
    statements: list[str] = []

    def before(_conn, _cursor, statement, _params, _context, _executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
