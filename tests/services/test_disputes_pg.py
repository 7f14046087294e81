"""Two admins resolving the same dispute at once on PostgreSQL: one resolution, one posting."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import AuditEntry, Dispute, LedgerEntry, LedgerLine, User
from marketplace.services.contracts import disputes
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_admin
from tests.factories.disputes import make_dispute
from tests.services.test_contracts_pg_concurrency import race

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]


def test_two_admins_resolving_at_once_make_one_resolution(app, committed_db):
    with app.app_context():
        deal, dispute = make_dispute("submitted", price=300_000)
        admins = [make_admin(), make_admin()]
        ids = (deal.id, deal.kol.id, dispute.id, [a.id for a in admins])
        db.session.commit()
        db.session.remove()
    contract_id, kol_id, dispute_id, admin_ids = ids

    def resolver(admin_id: int, kol_amount: int) -> Callable[[], str]:
        def job() -> str:
            admin = db.session.get(User, admin_id)
            disputes.resolve_dispute(
                admin,
                dispute_id,
                kol_amount=kol_amount,
                brand_refund=300_000 - kol_amount,
                note=f"Admin {admin_id}",
            )
            return "resolved"

        return job

    outcomes = race(app, [resolver(admin_ids[0], 180_000), resolver(admin_ids[1], 90_000)])
    assert outcomes == {"resolved": 1, "conflict": 1}, outcomes
    with app.app_context():
        resolved = db.session.get(Dispute, dispute_id)
        assert resolved.status == "resolved"
        winner = resolved.kol_amount
        assert resolved.resolution_note == f"Admin {resolved.resolved_by_id}"
        entries = db.session.scalar(
            select(func.count()).where(
                LedgerEntry.contract_id == contract_id, LedgerEntry.kind == "resolve"
            )
        )
        assert entries == 1
        audits = db.session.scalar(
            select(func.count()).where(AuditEntry.action == "dispute.resolve")
        )
        assert audits == 1
        assert balance(accounts.escrow(contract_id), "cny") == 0
        assert balance(accounts.kol_available(kol_id), "cny") == winner - winner // 10
        totals = db.session.execute(
            select(LedgerLine.currency, func.sum(LedgerLine.amount)).group_by(LedgerLine.currency)
        ).all()
        assert all(total == 0 for _, total in totals)
