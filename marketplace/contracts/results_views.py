"""Results pages: a brand's (or KOL's) overview, one contract's and one brief's results,
with SVG charts and CSV exports of the same figures."""

from __future__ import annotations

from flask import Response, render_template
from flask_babel import lazy_gettext as _l

from marketplace.contracts import bp
from marketplace.contracts.page import me
from marketplace.contracts.results_charts import results_charts
from marketplace.models.base import utcnow
from marketplace.services.campaigns import results_export
from marketplace.services.campaigns.results import (
    Results,
    brief_results,
    contract_results,
    overview,
)
from marketplace.web import role_required

# The charts' series names, for each column's tooltip.
SERIES_LABELS = {
    "clicks": _l("Clicks"),
    "unique_clicks": _l("Unique clicks"),
    "orders": _l("Orders"),
    "gmv": _l("GMV"),
}


def _csv(body: str, stem: str) -> Response:
    name = f"{stem}-{utcnow():%Y%m%d}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _results_page(results: Results, **context) -> str:
    return render_template(
        "contracts/results.html",
        results=results,
        charts=results_charts(results.series),
        result_labels=SERIES_LABELS,
        **context,
    )


@bp.get("/results")
@role_required("brand", "kol")
def results_overview():
    return render_template("contracts/results_overview.html", overview=overview(me()))


@bp.get("/results.csv")
@role_required("brand", "kol")
def results_overview_csv():
    return _csv(results_export.overview_csv(overview(me())), "campaign-results")


@bp.get("/contracts/<int:contract_id>/results")
@role_required("brand", "kol", "admin")
def contract_results_page(contract_id: int):
    contract, results = contract_results(me(), contract_id)
    return _results_page(results, contract=contract, brief=None)


@bp.get("/contracts/<int:contract_id>/results.csv")
@role_required("brand", "kol", "admin")
def contract_results_csv(contract_id: int):
    _contract, results = contract_results(me(), contract_id)
    return _csv(results_export.series_csv(results), f"contract-{contract_id}-results")


@bp.get("/brand/briefs/<int:brief_id>/results")
@role_required("brand", "admin")
def brief_results_page(brief_id: int):
    brief, results = brief_results(me(), brief_id)
    return _results_page(results, contract=None, brief=brief)


@bp.get("/brand/briefs/<int:brief_id>/results.csv")
@role_required("brand", "admin")
def brief_results_csv(brief_id: int):
    _brief, results = brief_results(me(), brief_id)
    return _csv(results_export.series_csv(results), f"brief-{brief_id}-results")
