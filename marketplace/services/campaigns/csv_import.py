"""Importing a store's order export (CSV) as sales, row by row, with a report of every row.

The file is UTF-8 (a byte-order mark is fine), comma-separated, with a header naming the
columns order_id, link_code, amount, currency and ordered_at (any order, extra columns
ignored). Amounts are in yuan or dollars as a store exports them ("199.00"). Each row is
booked by the same service as the API, in its own transaction: a bad row is reported and
books nothing, good rows are booked, and a row already imported with the same content is
skipped, so the same export can be imported again safely.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.domain import money
from marketplace.domain.errors import DomainError, ValidationFailed
from marketplace.models import User
from marketplace.services.campaigns import conversions
from marketplace.services.campaigns.conversion_input import ORDER_ID_MAX
from marketplace.services.money_messages import money_message

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("order_id", "link_code", "amount", "currency", "ordered_at")
BOOKED, SKIPPED, ERROR = "booked", "skipped", "error"


@dataclass(frozen=True)
class RowOutcome:
    row: int  # the line number in the file, the header being line 1
    order_id: str
    outcome: str  # booked, skipped or error
    message: str = ""
    commission: int = 0
    currency: str = ""


@dataclass
class ImportReport:
    rows: list[RowOutcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


def _refuse(message: Any) -> ValidationFailed:
    return ValidationFailed(str(message), {"file": [str(message)]})


def _text(raw: bytes) -> str:
    if not raw:
        raise _refuse(_l("The file is empty."))
    if len(raw) > MAX_BYTES:
        raise _refuse(_l("The file is larger than 2 MB; split it into smaller files."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(_l("The file is not UTF-8 text; export it as CSV (UTF-8).")) from None


def read_rows(raw: bytes) -> list[dict[str, str]]:
    """The file's rows as dicts of the known columns; the whole file is refused when it is
    not a CSV with those columns or has too many rows."""
    try:
        reader = csv.DictReader(io.StringIO(_text(raw), newline=""))
        header = [name.strip().lower() for name in reader.fieldnames or []]
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            raise _refuse(_l("Missing columns: %(names)s.", names=", ".join(missing)))
        reader.fieldnames = header
        rows = []
        for row in reader:
            if len(rows) == MAX_ROWS:
                raise _refuse(_l("More than %(n)d rows; split the file.", n=MAX_ROWS))
            rows.append({name: (row.get(name) or "").strip() for name in COLUMNS})
    except csv.Error as error:
        raise _refuse(_l("The file is not valid CSV: %(reason)s", reason=str(error))) from None
    if not rows:
        raise _refuse(_l("The file has no rows below its header."))
    return rows


def _payload(row: dict[str, str]) -> dict[str, Any]:
    """The row as the API's body: the amount turned from yuan or dollars into minor units."""
    currency = row["currency"].lower()
    if currency not in money.EXPONENTS:
        return dict(row)
    try:
        amount: Any = money.parse(row["amount"], currency)
    except money.MoneyError as error:
        raise ValidationFailed(
            str(_l("Some fields are not valid.")), {"amount": [money_message(error, currency)]}
        ) from None
    return {**row, "amount": amount, "currency": currency}


def _reason(error: DomainError) -> str:
    if error.fields:
        return "; ".join(f"{name}: {' '.join(texts)}" for name, texts in error.fields.items())
    return error.message


def import_sales(brand: User, raw: bytes) -> ImportReport:
    """Book every good row of the export and report on every row."""
    report = ImportReport()
    for line, row in enumerate(read_rows(raw), start=2):
        order_id = row["order_id"][:ORDER_ID_MAX]
        try:
            booking = conversions.record_sale(brand, _payload(row), "csv")
        except DomainError as error:
            report.rows.append(RowOutcome(line, order_id, ERROR, _reason(error)))
            continue
        conversion = booking.conversion
        report.rows.append(
            RowOutcome(
                line,
                order_id,
                BOOKED if booking.created else SKIPPED,
                "" if booking.created else str(_l("Already imported.")),
                conversion.commission,
                conversion.currency,
            )
        )
    return report
