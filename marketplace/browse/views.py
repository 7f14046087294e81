"""The browse page: anyone, signed in or not, searches active listings with filters."""

from __future__ import annotations

from flask import render_template, request

from marketplace.browse import bp
from marketplace.browse.forms import BrowseForm
from marketplace.domain.errors import ValidationFailed
from marketplace.labels import label
from marketplace.services.discovery import search
from marketplace.web import apply_field_errors

PAGE_WINDOW = 2  # page links shown either side of the current page


def _page_numbers(page: int, last: int) -> list[int | None]:
    """1 … window around the current page … last; None marks a gap."""
    shown = {1, last, *range(max(1, page - PAGE_WINDOW), min(last, page + PAGE_WINDOW) + 1)}
    numbers: list[int | None] = []
    for number in sorted(n for n in shown if n >= 1):
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@bp.get("/")
def index():
    form = BrowseForm(formdata=request.args)
    result = None
    status = 200
    if form.validate():
        try:
            result = search.search_listings(
                **form.filters(),
                page=request.args.get("page"),
                per_page=request.args.get("per_page"),
                display_units=True,
            )
        except ValidationFailed as error:
            apply_field_errors(form, error)
            status = 400
    else:
        status = 400
    last_page = max(1, -(-result.total // result.per_page)) if result else 1
    return render_template(
        "browse/index.html",
        form=form,
        result=result,
        last_page=last_page,
        page_numbers=_page_numbers(result.page, last_page) if result else [],
        args={k: v for k, v in request.args.items() if k != "page" and v != ""},
        label=label,
    ), status
