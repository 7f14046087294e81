"""Reading the audit log: filter by actor, action, subject and dates; page; export as CSV.

The log itself is append-only (see `models/audit.py`): nothing here, or anywhere, changes
or removes a row. The CSV export neutralises spreadsheet formulas: a cell that begins with
`=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a quote (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, select

from marketplace.extensions import db
from marketplace.models import AuditEntry, User
from marketplace.services.accounts.roles import require_role
from marketplace.services.paging import clean_paging, paginate_rows
from marketplace.services.validation import Validator

EXPORT_MAX = 100_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = ("id", "at", "actor_id", "actor_email", "actor_role", "action", "subject_type",
              "subject_id", "reason", "data")  # fmt: skip
SYSTEM = "system"


@dataclass(frozen=True)
class AuditFilters:
    """Clean filters; `action` ending in "." matches every action with that prefix."""

    actor: str | None = None
    action: str | None = None
    subject_type: str | None = None
    subject_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    per_page: int = 50

    def query_args(self) -> dict[str, Any]:
        """The filters as query-string values (for page links and the CSV link)."""
        values = {
            "actor": self.actor,
            "action": self.action,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }
        return {key: value for key, value in values.items() if value is not None}


def parse_filters(raw: Mapping[str, Any]) -> AuditFilters:
    """Filters from a query string or JSON; any bad value is a ValidationFailed naming it."""
    v = Validator()
    actor = v.string("actor", raw.get("actor"), required=False, max_len=254)
    action = v.string("action", raw.get("action"), required=False, max_len=48)
    subject_type = v.string("subject_type", raw.get("subject_type"), required=False, max_len=24)
    subject_id = v.integer(
        "subject_id", raw.get("subject_id"), required=False, minimum=1, maximum=2**31 - 1
    )
    date_from = v.iso_date("date_from", raw.get("date_from"))
    date_to = v.iso_date("date_to", raw.get("date_to"))
    if date_from and date_to and date_from > date_to:
        v.add("date_to", _l("Must be on or after the start date."))
    page, per_page = clean_paging(v, raw.get("page"), raw.get("per_page"), default_per_page=50)
    v.check()
    return AuditFilters(
        actor=actor.lower() if actor else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        date_from=date_from,
        date_to=date_to,
        page=page,
        per_page=per_page,
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _actor_condition(actor: str) -> ColumnElement[bool]:
    if actor == SYSTEM:
        return AuditEntry.actor_id.is_(None)
    if actor.isdigit() and int(actor) < 2**31:
        return AuditEntry.actor_id == int(actor)
    return AuditEntry.actor_id.in_(select(User.id).where(User.email == actor))


def _conditions(f: AuditFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.actor:
        conditions.append(_actor_condition(f.actor))
    if f.action and f.action.endswith("."):
        conditions.append(AuditEntry.action.startswith(f.action, autoescape=True))
    elif f.action:
        conditions.append(AuditEntry.action == f.action)
    if f.subject_type:
        conditions.append(AuditEntry.subject_type == f.subject_type)
    if f.subject_id is not None:
        conditions.append(AuditEntry.subject_id == f.subject_id)
    if f.date_from:
        conditions.append(AuditEntry.at >= _start_of(f.date_from))
    if f.date_to:
        conditions.append(AuditEntry.at < _start_of(f.date_to + timedelta(days=1)))
    return conditions


def _select(f: AuditFilters) -> Select[Any]:
    return (
        select(AuditEntry, User.email)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(*_conditions(f))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )


def search(admin: User, filters: AuditFilters) -> Pagination:
    """One page of entries, newest first; items are rows of (AuditEntry, actor email)."""
    require_role(admin, "admin")
    return paginate_rows(_select(filters), filters.page, filters.per_page)


def csv_safe(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_csv(admin: User, filters: AuditFilters) -> str:
    """The filtered log as CSV (header first), newest first, at most EXPORT_MAX rows."""
    require_role(admin, "admin")
    stmt = _select(filters).limit(EXPORT_MAX).execution_options(yield_per=1000)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for entry, email in db.session.execute(stmt):
        cells = (
            entry.id,
            entry.at.isoformat(),
            entry.actor_id,
            email,
            entry.actor_role,
            entry.action,
            entry.subject_type,
            entry.subject_id,
            entry.reason,
            json.dumps(entry.data or {}, ensure_ascii=False, sort_keys=True),
        )
        writer.writerow([csv_safe(cell) for cell in cells])
    return buffer.getvalue()
