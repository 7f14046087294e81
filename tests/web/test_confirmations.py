"""Destructive forms carry `data-confirm`, which static/js/confirm.js turns into a modal."""

from __future__ import annotations

import re

from tests.factories.brands import make_application, make_brief, make_shortlist
from tests.factories.catalogue import make_kol_with_listing


def confirmed_actions(html: str) -> list[str]:
    """The action of every <form> that asks first (or holds a button that does)."""
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, re.S)
    return [
        re.search(r'action="([^"]*)"', form).group(1)
        for form in forms
        if "data-confirm=" in form and 'action="' in form
    ]


def test_brand_pages_ask_before_deleting_closing_removing_or_declining(login_as, brand):
    kol, _ = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(brand)
    application = make_application(kol, brief)
    shortlist = make_shortlist(brand, name="Summer", kols=(kol,))
    client = login_as(brand)
    brief_page = confirmed_actions(client.get(f"/brand/briefs/{brief.id}").get_data(as_text=True))
    assert f"/brand/briefs/{brief.id}/status" in brief_page
    assert any(f"/applications/{application.id}/decline" in a for a in brief_page)
    list_page = confirmed_actions(
        client.get(f"/brand/shortlists/{shortlist.id}").get_data(as_text=True)
    )
    assert f"/brand/shortlists/{shortlist.id}/delete" in list_page
    assert f"/brand/shortlists/{shortlist.id}/kols/{kol.id}/remove" in list_page


def test_kol_pages_ask_before_deleting_or_withdrawing(login_as, brand):
    kol, listing = make_kol_with_listing(name="Skin Lab")
    make_application(kol, make_brief(brand))
    client = login_as(kol)
    listings = confirmed_actions(client.get("/kol/listings").get_data(as_text=True))
    assert any(f"/listings/{listing.id}/delete" in a for a in listings)
    applications = confirmed_actions(client.get("/briefs/applications").get_data(as_text=True))
    assert any(a.endswith("/withdraw") for a in applications)
