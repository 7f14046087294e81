"""The ledger page: balances per account and currency, and the reconciliation panel."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from marketplace.admin import bp
from marketplace.services.admin import ledger_review
from marketplace.web import role_required

ESCROW_ROWS_SHOWN = 200


@bp.get("/ledger")
@role_required("admin")
def ledger():
    balances = ledger_review.balances_page(current_user, request.args.get("page"))
    check = ledger_review.review(current_user)
    return render_template(
        "admin/ledger.html",
        balances=balances,
        check=check,
        escrow_rows=check.escrow[:ESCROW_ROWS_SHOWN],
    )
