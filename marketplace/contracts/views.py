"""Contract pages: the list of one's contracts, one contract, its proof screenshots."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, send_from_directory
from flask_babel import format_datetime
from flask_login import current_user

from marketplace.contracts import bp
from marketplace.contracts.page import (
    STATUS_STYLES,
    action_label,
    me,
    render_contract,
    role_label,
    role_noun,
)
from marketplace.domain.contracts import CONTRACT_STATUSES, FINAL_STATUSES
from marketplace.labels import label
from marketplace.models import Contract
from marketplace.services.contracts import proofs, queries
from marketplace.web import role_required

# Contracts the dashboards look through for the ones waiting for the viewer.
DASHBOARD_WINDOW = 50
DASHBOARD_SHOWN = 5


@bp.app_context_processor
def contract_template_helpers() -> dict[str, Any]:
    """Labels and badges for contract pages, and the dashboards' "needs your action" list."""
    return {
        "contract_label": label,
        "contract_action_label": action_label,
        "contract_role_label": role_label,
        "contract_role_noun": role_noun,
        "contract_status_style": lambda status: STATUS_STYLES.get(status, "secondary"),
        "contract_when": lambda moment: format_datetime(moment, "short") if moment else "",
        "contracts_needing_action": _needing_action,
    }


def _needing_action() -> list[Contract]:
    if not current_user.is_authenticated or current_user.role not in ("brand", "kol"):
        return []
    recent = queries.list_contracts(me(), per_page=DASHBOARD_WINDOW).items
    return [c for c in recent if queries.needs_action(me(), c)][:DASHBOARD_SHOWN]


def _group(contracts: list[Contract]) -> dict[str, list[Contract]]:
    """The page's contracts by what they wait for: the viewer, the other side, nothing."""
    groups: dict[str, list[Contract]] = {"mine": [], "theirs": [], "closed": []}
    for contract in contracts:
        if contract.status in FINAL_STATUSES:
            groups["closed"].append(contract)
        elif queries.needs_action(me(), contract):
            groups["mine"].append(contract)
        else:
            groups["theirs"].append(contract)
    return groups


@bp.get("/contracts")
@role_required("brand", "kol", "admin")
def contract_list():
    status = request.args.get("status") or None
    page = queries.list_contracts(me(), status=status, page=request.args.get("page", 1))
    return render_template(
        "contracts/list.html",
        page=page,
        groups=_group(page.items),
        status=status,
        statuses=CONTRACT_STATUSES,
    )


@bp.get("/contracts/<int:contract_id>")
@role_required("brand", "kol", "admin")
def detail(contract_id: int):
    return render_contract(contract_id)


@bp.get("/contracts/<int:contract_id>/screenshots/<name>")
@role_required("brand", "kol", "admin")
def screenshot(contract_id: int, name: str):
    folder, filename = proofs.screenshot_file(me(), contract_id, name)
    response = send_from_directory(folder, filename, max_age=300)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
