"""The commission budget panel of the contract page (templates/contracts/_sales.html)."""

from __future__ import annotations

from marketplace.contracts import bp
from marketplace.models import Contract
from marketplace.services.campaigns.budget_alerts import BudgetStatus, budget_status


@bp.app_template_global("contract_commission_budget")
def contract_commission_budget(contract: Contract) -> BudgetStatus | None:
    """The budget of a funded commission deal shown to its parties, or None."""
    return budget_status(contract)
