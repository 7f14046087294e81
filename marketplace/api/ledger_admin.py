"""API endpoints for admins: the ledger's balances and the reconciliation panel's checks."""

from __future__ import annotations

from dataclasses import asdict

from marketplace.api import bp
from marketplace.api.schemas.admin import ReconciliationOut
from marketplace.api.schemas.contracts import LedgerBalancesOut
from marketplace.api.support import auth_required, current_api_user, doc
from marketplace.services.admin import ledger_review
from marketplace.services.ledger import balances


@bp.get("/admin/ledger/balances")
@auth_required("admin")
@doc(
    "Every ledger account's balance, and the total per currency (0 while the books balance)",
    responses={200: LedgerBalancesOut},
)
def admin_ledger_balances():
    return {
        "accounts": [
            {"account": row.account, "currency": row.currency, "balance": row.balance}
            for row in balances.all_balances()
        ],
        "totals": balances.totals(),
    }


@bp.get("/admin/ledger/reconciliation")
@auth_required("admin")
@doc(
    "The reconciliation: per-currency totals (0), escrow held per contract against its "
    "status, and every anomaly (none while the books are right)",
    responses={200: ReconciliationOut},
)
def admin_ledger_reconciliation():
    check = ledger_review.review(current_api_user())
    return {
        "totals": check.totals,
        "totals_zero": check.totals_zero,
        "ok": check.ok,
        "escrow": [asdict(row) for row in check.escrow],
        "anomalies": [asdict(anomaly) for anomaly in check.anomalies],
    }
