"""Brand pages for sales: the store integration (postback URL, signing, secret rotation)
and the CSV import of the store's order export."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from marketplace.brands import bp
from marketplace.brands.views import me
from marketplace.domain.errors import ValidationFailed
from marketplace.services.campaigns import conversions, csv_import, postback_auth
from marketplace.services.campaigns.csv_import import ImportReport
from marketplace.web import apply_field_errors, role_required


class RotateSecretForm(FlaskForm):
    """Only the CSRF token: rotating takes no input."""


class SalesImportForm(FlaskForm):
    file = FileField(
        _l("Order export (CSV)"),
        validators=[FileRequired(_l("Choose the CSV file to import."))],
        description=_l(
            "UTF-8 CSV with the columns order_id, link_code, amount (in yuan or dollars, "
            "e.g. 199.00), currency and ordered_at (ISO 8601, UTC unless it says otherwise); "
            "at most 5,000 rows and 2 MB."
        ),
    )


def _page(
    *,
    new_secret: str | None = None,
    import_form: SalesImportForm | None = None,
    report: ImportReport | None = None,
    status: int = 200,
):
    secret = postback_auth.current_secret(me())
    return render_template(
        "brands/sales.html",
        postback_url=url_for("api.report_conversion", _external=True),
        refund_url=url_for("api.refund_conversion", order_id="ORDER_ID", _external=True),
        brand_id=me().id,
        masked_secret=postback_auth.masked(secret) if secret and not new_secret else None,
        new_secret=new_secret,
        grace_hours=int(postback_auth.ROTATION_GRACE.total_seconds() // 3600),
        tolerance_s=postback_auth.tolerance_s(),
        rotate_form=RotateSecretForm(),
        import_form=import_form or SalesImportForm(formdata=None),
        report=report,
        recent=conversions.recent_sales(me()),
    ), status


@bp.get("/sales")
@role_required("brand")
def sales():
    return _page()


@bp.post("/sales/secret")
@role_required("brand")
def rotate_sales_secret():
    """A new secret, shown on this response only; the old one signs for 24 more hours."""
    form = RotateSecretForm()
    if not form.validate_on_submit():
        return _page(status=400)
    secret = postback_auth.rotate_secret(me())
    return _page(new_secret=secret.secret)


@bp.post("/sales/import")
@role_required("brand")
def import_sales():
    form = SalesImportForm()
    if not form.validate_on_submit():
        return _page(import_form=form, status=400)
    raw = form.file.data.stream.read(csv_import.MAX_BYTES + 1)
    try:
        report = csv_import.import_sales(me(), raw)
    except ValidationFailed as error:
        apply_field_errors(form, error)
        return _page(import_form=form, status=400)
    return _page(report=report)
