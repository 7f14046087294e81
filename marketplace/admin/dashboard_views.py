"""The admin dashboard: contracts by status, GMV and fees over time, disputes."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_babel import format_timedelta
from flask_login import current_user

from marketplace.admin import bp
from marketplace.admin.charts import money_columns, status_rows
from marketplace.services.admin import dashboard as figures
from marketplace.services.admin import moderation
from marketplace.web import role_required


@bp.app_context_processor
def admin_template_helpers() -> dict[str, Any]:
    return {"admin_dashboard": lambda: moderation.dashboard_counts(current_user)}


@bp.get("/")
@role_required("admin")
def dashboard():
    board = figures.dashboard(current_user, request.args.get("period"))
    median = board.disputes.median_resolution
    return render_template(
        "admin/dashboard.html",
        board=board,
        counts=moderation.dashboard_counts(current_user),
        median_text=format_timedelta(median, threshold=1.1) if median is not None else None,
        status_rows=status_rows(board.by_status),
        charts={
            currency: money_columns(buckets, board.period)
            for currency, buckets in board.money.items()
        },
    )
