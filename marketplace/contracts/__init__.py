from flask import Blueprint

bp = Blueprint("contracts", __name__)

from marketplace.contracts import (  # noqa: E402,F401
    commission_views,
    dispute_views,
    earnings_views,
    offer_views,
    payment_views,
    payout_account_views,
    product_views,
    results_views,
    sales_panel,
    social_views,
    views,
    work_views,
)
