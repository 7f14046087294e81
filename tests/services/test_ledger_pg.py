"""PostgreSQL guards the ledger itself (migration 0008), whatever code writes to it.

Raw SQL, bypassing the ledger service: an entry whose lines do not sum to zero per
currency is refused at commit (a deferred constraint trigger), and journal rows can be
neither updated nor deleted.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError

from marketplace.extensions import db
from marketplace.models import LedgerEntry, LedgerLine
from tests.conftest import TEST_DATABASE_URL

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]


def _entry(connection: Connection, key: str) -> int:
    return connection.execute(
        text(
            "INSERT INTO ledger_entries (idempotency_key, kind, memo, created_at) "
            "VALUES (:key, 'test', '', now()) RETURNING id"
        ),
        {"key": key},
    ).scalar_one()


def _line(connection: Connection, entry_id: int, account: str, currency: str, amount: int):
    connection.execute(
        text(
            "INSERT INTO ledger_lines (entry_id, account, currency, amount) "
            "VALUES (:entry, :account, :currency, :amount)"
        ),
        {"entry": entry_id, "account": account, "currency": currency, "amount": amount},
    )


def _counts() -> tuple[int, int]:
    with db.engine.connect() as connection:
        return (
            connection.scalar(select(func.count()).select_from(LedgerEntry)),
            connection.scalar(select(func.count()).select_from(LedgerLine)),
        )


@pytest.fixture
def posted(app, committed_db):
    """One balanced entry committed by raw SQL, line by line (the check waits for commit)."""
    with app.app_context():
        with db.engine.begin() as connection:
            entry_id = _entry(connection, "balanced")
            _line(connection, entry_id, "external:sandbox", "cny", -500)
            _line(connection, entry_id, "escrow:contract:1", "cny", 500)
        yield entry_id


def test_a_balanced_entry_written_line_by_line_commits(posted):
    assert _counts() == (1, 2)


@pytest.mark.parametrize(
    "lines",
    [
        [("external:sandbox", "cny", -500), ("escrow:contract:1", "cny", 499)],
        [("external:sandbox", "cny", -500), ("escrow:contract:1", "usd", 500)],
        [("escrow:contract:1", "cny", 500)],
    ],
)
def test_an_unbalanced_entry_is_refused_at_commit(app, committed_db, lines):
    with app.app_context():
        with pytest.raises(DBAPIError) as refused, db.engine.begin() as connection:
            entry_id = _entry(connection, "unbalanced")
            for account, currency, amount in lines:
                _line(connection, entry_id, account, currency, amount)
        assert "ledger entry" in str(refused.value)
        assert _counts() == (0, 0)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_lines SET amount = amount * 2",
        "DELETE FROM ledger_lines",
        "UPDATE ledger_entries SET memo = 'edited'",
        "DELETE FROM ledger_entries",
    ],
)
def test_journal_rows_can_be_neither_updated_nor_deleted(posted, statement):
    with pytest.raises(DBAPIError) as refused, db.engine.begin() as connection:
        connection.execute(text(statement))
    assert "append-only" in str(refused.value)
    assert _counts() == (1, 2)
    with db.engine.connect() as connection:
        amounts = connection.scalars(select(LedgerLine.amount).order_by(LedgerLine.id)).all()
    assert amounts == [-500, 500]
