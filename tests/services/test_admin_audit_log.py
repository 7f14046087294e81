"""The audit log: filters, paging, CSV export (formula-safe) and append-only rows."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from marketplace.domain.errors import NotAllowed, ValidationFailed
from marketplace.extensions import db
from marketplace.models import AuditEntry
from marketplace.models.audit import AuditLogIsAppendOnly
from marketplace.services import audit
from marketplace.services.admin import audit_log, moderation
from tests import factories
from tests.factories.contracts import make_contract


@pytest.fixture
def history(admin, ctx):
    """A suspension, a verification and the money of a funded contract."""
    brand = factories.make_brand()
    deal = make_contract("funded")
    moderation.suspend_user(admin, brand.id, '=HYPERLINK("http://evil")')
    moderation.verify_kol(admin, deal.kol.id, "verified", "ID checked")
    return {"brand": brand, "deal": deal}


def _actions(admin, **raw) -> list[str]:
    page = audit_log.search(admin, audit_log.parse_filters(raw))
    return [entry.action for entry, _email in page.items]


def test_filters_by_actor_action_subject_and_dates(admin, history):
    deal = history["deal"]
    assert _actions(admin, actor=admin.email.upper()) == ["kol.verify", "user.suspend"]
    assert _actions(admin, actor=str(admin.id)) == ["kol.verify", "user.suspend"]
    assert _actions(admin, actor="system") == ["money.fund"]
    assert _actions(admin, actor="nobody@example.com") == []
    assert _actions(admin, action="user.suspend") == ["user.suspend"]
    assert _actions(admin, action="money.") == ["money.fund"]
    assert _actions(admin, action="user.") == ["user.suspend"]
    assert _actions(admin, subject_type="contract", subject_id=str(deal.id)) == ["money.fund"]
    assert _actions(admin, subject_type="user", subject_id=deal.kol.id) == ["kol.verify"]
    today = datetime.now().date().isoformat()
    assert len(_actions(admin, date_from=today, date_to=today)) == 3
    tomorrow = (datetime.now().date() + timedelta(days=2)).isoformat()
    assert _actions(admin, date_from=tomorrow) == []


def test_entries_page_newest_first_with_the_actor_email(admin, history):
    page = audit_log.search(admin, audit_log.parse_filters({"per_page": "2"}))
    assert page.total == 3 and len(page.items) == 2
    (entry, email), _ = page.items
    assert entry.action == "kol.verify" and email == admin.email
    second = audit_log.search(admin, audit_log.parse_filters({"per_page": "2", "page": "2"}))
    assert [e.action for e, _email in second.items] == ["money.fund"]


@pytest.mark.parametrize(
    ("raw", "fields"),
    [
        ({"date_from": "yesterday"}, {"date_from"}),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, {"date_to"}),
        ({"subject_id": "abc", "page": "0"}, {"subject_id", "page"}),
        ({"action": "x" * 49, "per_page": "1000"}, {"action", "per_page"}),
        ({"subject_id": str(2**40)}, {"subject_id"}),
    ],
)
def test_bad_filters_name_their_fields(raw, fields):
    with pytest.raises(ValidationFailed) as caught:
        audit_log.parse_filters(raw)
    assert set(caught.value.fields) == fields


def test_csv_export_keeps_the_filters_and_defuses_formulas(admin, history):
    text = audit_log.export_csv(admin, audit_log.parse_filters({"actor": admin.email}))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(audit_log.CSV_HEADER)
    assert [row[5] for row in rows[1:]] == ["kol.verify", "user.suspend"]
    suspension = rows[2]
    assert suspension[8] == '\'=HYPERLINK("http://evil")'
    assert suspension[3] == admin.email and suspension[4] == "admin"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_safe_prefixes_formula_starts(cell):
    assert audit_log.csv_safe(cell) == "'" + cell


def test_csv_safe_leaves_plain_text_and_numbers():
    assert [audit_log.csv_safe(v) for v in ("plain", 12, None, "a=b")] == ["plain", "12", "", "a=b"]


def test_audit_rows_cannot_be_changed_or_deleted(admin, ctx):
    entry = audit.record(admin, "user.suspend", "user", 1, "original")
    db.session.commit()
    entry_id = entry.id
    entry.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    kept = db.session.get(AuditEntry, entry_id)
    assert kept is not None and kept.reason == "original"
    db.session.delete(kept)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry_id) is not None


def test_postgresql_refuses_changes_below_the_orm(admin, ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger of migration 0009 exists on PostgreSQL only")
    entry = audit.record(admin, "user.suspend", "user", 1, "original")
    db.session.commit()
    for statement in (
        text("UPDATE audit_log SET reason = 'x' WHERE id = :id"),
        text("DELETE FROM audit_log WHERE id = :id"),
    ):
        with pytest.raises(DBAPIError), db.session.begin_nested():
            db.session.execute(statement, {"id": entry.id})
    assert db.session.scalar(select(AuditEntry.reason).where(AuditEntry.id == entry.id)) == (
        "original"
    )


def test_only_admins_read_the_log(kol, brand):
    filters = audit_log.parse_filters({})
    for actor in (kol, brand):
        with pytest.raises(NotAllowed):
            audit_log.search(actor, filters)
        with pytest.raises(NotAllowed):
            audit_log.export_csv(actor, filters)
