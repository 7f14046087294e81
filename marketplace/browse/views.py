"""The browse page: anyone, signed in or not, finds KOLs (one card each) by their listings."""

from __future__ import annotations

from flask import render_template, request

from marketplace.browse import bp
from marketplace.browse.forms import BrowseForm
from marketplace.domain.errors import ValidationFailed
from marketplace.labels import label
from marketplace.services.discovery import kol_search
from marketplace.web import apply_field_errors


@bp.get("/")
def index():
    form = BrowseForm(formdata=request.args)
    result = None
    status = 200
    if form.validate():
        try:
            result = kol_search.search_kols(
                form.filters(),
                page=request.args.get("page"),
                per_page=request.args.get("per_page"),
            )
        except ValidationFailed as error:
            apply_field_errors(form, error)
            status = 400
    else:
        status = 400
    return render_template(
        "browse/index.html",
        form=form,
        result=result,
        args={k: v for k, v in request.args.items() if k != "page" and v != ""},
        label=label,
    ), status
