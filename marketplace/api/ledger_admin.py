"""API endpoint: the ledger's balances for admins (every account, and the totals that are 0)."""

from __future__ import annotations

from marketplace.api import bp
from marketplace.api.schemas.contracts import LedgerBalancesOut
from marketplace.api.support import auth_required, doc
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
