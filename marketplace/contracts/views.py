"""Contract pages: the list of one's contracts, one contract, its proof screenshots."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, send_from_directory
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
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
from marketplace.domain.contracts import CONTRACT_STATUSES
from marketplace.labels import label
from marketplace.models import Contract
from marketplace.services.contracts import proofs, queries
from marketplace.web import role_required

# The dashboards' "needs your action" list.
DASHBOARD_SHOWN = 5
# How many contracts of each group the list shows before "Show all".
GROUP_PREVIEW = 10
GROUP_TITLES = {
    queries.ACTION: _l("Needs your action"),
    queries.WAITING: _l("Waiting for the other side"),
    queries.CLOSED: _l("Closed"),
}


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
    return queries.list_contracts(me(), group=queries.ACTION, per_page=DASHBOARD_SHOWN).items


@bp.get("/contracts")
@role_required("brand", "kol", "admin")
def contract_list():
    """All groups, a few contracts each with their totals; or one group, paged in full."""
    status = request.args.get("status") or None
    group = request.args.get("group") or None
    counts = queries.group_counts(me(), status=status)
    if group:
        shown = {
            group: queries.list_contracts(
                me(), status=status, group=group, page=request.args.get("page", 1)
            )
        }
    else:
        shown = {
            name: queries.list_contracts(me(), status=status, group=name, per_page=GROUP_PREVIEW)
            for name in queries.CONTRACT_GROUPS
        }
    return render_template(
        "contracts/list.html",
        shown=shown,
        counts=counts,
        group=group,
        groups=GROUP_TITLES,
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
