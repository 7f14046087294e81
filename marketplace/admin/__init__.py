from flask import Blueprint

bp = Blueprint("admin", __name__)

from marketplace.admin import (  # noqa: E402,F401
    audit_views,
    dashboard_views,
    dispute_views,
    ledger_views,
    reconcile_views,
    user_views,
    verification_views,
)
