"""The payments reconciliation page: the ledger against the provider, for a range of days."""

from __future__ import annotations

from datetime import timedelta

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField

from marketplace.admin import bp
from marketplace.domain.errors import ValidationFailed
from marketplace.models.base import utcnow
from marketplace.payments.gateway import GatewayDeclined, GatewayUnavailable
from marketplace.services.payments import reconcile
from marketplace.web import role_required

DEFAULT_DAYS = 7


class ReconcileForm(FlaskForm):
    """GET form: it only reads (no CSRF, like the other search forms)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), name="from")
    end = DateField(_l("To"), name="to")


@bp.get("/payments/reconcile")
@role_required("admin")
def payments_reconcile():
    start, end = request.args.get("from"), request.args.get("to")
    report, errors, status = None, [], 200
    if start is None and end is None:
        today = utcnow().date()
        defaults = {"start": today - timedelta(days=DEFAULT_DAYS - 1), "end": today}
        form = ReconcileForm(formdata=None, data=defaults)
    else:
        form = ReconcileForm(formdata=request.args)
        try:
            report = reconcile.reconcile_for_admin(current_user, start, end)
        except ValidationFailed as error:
            errors = [m for messages in error.fields.values() for m in messages]
            status = 400
        except (GatewayUnavailable, GatewayDeclined):
            errors = [_("The payment provider could not be reached. Try again in a moment.")]
            status = 503
    return render_template("admin/reconcile.html", form=form, report=report, errors=errors), status
