"""JSON API v1 (see shared/specs/api-v1.md); CSRF-exempt because it takes no cookies."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from marketplace.api import (  # noqa: E402,F401
    accounts,
    admin,
    admin_disputes,
    admin_payments,
    audit_admin,
    brands,
    briefs,
    commission_budget,
    contract_actions,
    contract_products,
    contract_social,
    contracts,
    conversions,
    disputes,
    kol_money,
    kols,
    ledger_admin,
    listings,
    listings_search,
    matches,
    openapi,
    results,
)
