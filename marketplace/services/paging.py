"""The one way to page a list: clean page numbers, then Flask-SQLAlchemy's pagination.

Every list in the pages and the API goes through here, so they share one ceiling (page at
most MAX_PAGE, per_page at most MAX_PER_PAGE; anything else is a validation error naming
the field) and one behaviour past the end: an empty page, never an error. The result is
Flask-SQLAlchemy's `Pagination`, which Bootstrap-Flask's `render_pagination` draws.
"""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from marketplace.extensions import db
from marketplace.services.validation import Validator

MAX_PAGE = 10_000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


def clean_paging(
    v: Validator,
    page: Any,
    per_page: Any,
    *,
    default_per_page: int = DEFAULT_PER_PAGE,
) -> tuple[int, int]:
    """Validated (page, per_page); missing values take the defaults."""
    clean_page = v.integer("page", page, required=False, minimum=1, maximum=MAX_PAGE)
    clean_per_page = v.integer(
        "per_page", per_page, required=False, minimum=1, maximum=MAX_PER_PAGE
    )
    return clean_page or 1, clean_per_page or default_per_page


def paginate(stmt: Select[Any], page: int, per_page: int) -> Pagination:
    """One page of `stmt` (already ordered, ending on a unique key) and the total."""
    return db.paginate(
        stmt, page=page, per_page=per_page, max_per_page=MAX_PER_PAGE, error_out=False
    )


class RowsPagination(Pagination):
    """Pagination over a select of several columns (grouped sums): items are result rows."""

    def _query_items(self) -> list[Any]:
        stmt: Select[Any] = self._query_args["select"]
        return list(db.session.execute(stmt.limit(self.per_page).offset(self._query_offset)))

    def _query_count(self) -> int:
        stmt: Select[Any] = self._query_args["select"]
        counted = select(func.count()).select_from(stmt.order_by(None).subquery())
        return int(db.session.scalar(counted) or 0)


def paginate_rows(stmt: Select[Any], page: int, per_page: int) -> Pagination:
    """One page of `stmt`'s rows (not scalars) and the total."""
    return RowsPagination(
        page=page, per_page=per_page, max_per_page=MAX_PER_PAGE, error_out=False, select=stmt
    )


class ListPagination(Pagination):
    """Pagination over a list already in memory (a ranking): the pager draws it like any other."""

    def _query_items(self) -> list[Any]:
        rows: list[Any] = self._query_args["rows"]
        return rows[self._query_offset : self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["rows"])


def paginate_list(rows: list[Any], page: int, per_page: int) -> Pagination:
    """One page of `rows`; a page past the end is empty, like every other list."""
    return ListPagination(rows=rows, page=page, per_page=per_page, error_out=False)
