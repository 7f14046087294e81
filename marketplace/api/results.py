"""API endpoints: what a contract and a brief (a campaign) delivered."""

from __future__ import annotations

from typing import Any

from marketplace.api import bp
from marketplace.api.schemas.results import ResultsOut
from marketplace.api.support import auth_required, current_api_user, doc
from marketplace.services.campaigns.results import Results, brief_results, contract_results


def results_json(results: Results) -> dict[str, Any]:
    return {
        "currency": results.currency,
        "contracts": results.contracts,
        "clicks": results.clicks,
        "unique_clicks": results.unique_clicks,
        "orders": results.orders,
        "gmv": results.gmv,
        "gross_gmv": results.gross_gmv,
        "refunded": results.refunded,
        "commission_accrued": results.commission_accrued,
        "commission_paid": results.commission_paid,
        "budget_left": results.budget_left,
        "fees": results.fees,
        "spent": results.spent,
        "posts": results.posts,
        "conversion_rate": results.conversion_rate,
        "cost_per_click": results.cost_per_click,
        "cost_per_order": results.cost_per_order,
        "roi": results.roi,
        "series": [
            {
                "date": point.day.isoformat(),
                "clicks": point.clicks,
                "unique_clicks": point.unique_clicks,
                "orders": point.orders,
                "gmv": point.gmv,
                "commission": point.commission,
            }
            for point in results.series
        ],
    }


@bp.get("/contracts/<int:contract_id>/results")
@auth_required()
@doc(
    "A contract's results: clicks, orders, GMV, commission, spend (party or admin)",
    responses={200: ResultsOut},
)
def get_contract_results(contract_id: int):
    _contract, results = contract_results(current_api_user(), contract_id)
    return results_json(results)


@bp.get("/briefs/<int:brief_id>/results")
@auth_required()
@doc(
    "A brief's results, summed over its contracts (its owner)",
    responses={200: ResultsOut},
)
def get_brief_results(brief_id: int):
    _brief, results = brief_results(current_api_user(), brief_id)
    return results_json(results)
