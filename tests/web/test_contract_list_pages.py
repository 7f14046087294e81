"""Finding contracts: the list's groups across all contracts, and links from other pages."""

from __future__ import annotations

import re

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract
from marketplace.services.briefs import applications
from marketplace.services.contracts import queries
from tests import factories
from tests.factories.brands import make_application, make_brief
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract


def _text(response) -> str:
    return response.get_data(as_text=True)


def _section(page: str, name: str) -> str:
    start = page.index(f'data-testid="group-{name}"')
    return page[start : page.index("</section>", start)]


def test_contract_list_groups_by_whose_turn(client_for, brand):
    waiting_for_kol = make_contract("offered", brand=brand)
    needs_brand = make_contract("accepted", brand=brand)
    closed = make_contract("declined", brand=brand)
    page = _text(client_for(brand).get("/contracts"))
    assert f"contract-{needs_brand.id}" in _section(page, "action")
    assert f"contract-{waiting_for_kol.id}" in _section(page, "waiting")
    assert f"contract-{closed.id}" in _section(page, "closed")
    filtered = _text(client_for(brand).get("/contracts?status=declined"))
    assert f"contract-{closed.id}" in filtered and f"contract-{needs_brand.id}" not in filtered


def test_contract_list_groups_count_every_contract_not_one_page(client_for, brand):
    kol, listing = make_kol_with_listing()
    needs_brand = make_contract("submitted", brand=brand, kol=kol, listing=listing)
    offers = [make_contract("offered", brand=brand, kol=kol, listing=listing) for _ in range(21)]
    client = client_for(brand)
    page = _text(client.get("/contracts"))
    # The oldest contract is the one waiting for the brand: it still heads the page.
    assert f"contract-{needs_brand.id}" in _section(page, "action")
    assert re.search(r'data-testid="count-action">1<', page)
    assert re.search(r'data-testid="count-waiting">21<', page)
    assert re.search(r'data-testid="count-closed">0<', page)
    waiting = _section(page, "waiting")
    assert waiting.count('data-testid="contract-') == 10
    assert 'href="/contracts?group=waiting"' in waiting and "Show all 21" in waiting
    first = _text(client.get("/contracts?group=waiting"))
    assert first.count('data-testid="contract-') == 20 and 'data-testid="pager"' in first
    assert "group=waiting" in first[first.index('data-testid="pager"') :]
    second = _text(client.get("/contracts?group=waiting&page=2"))
    assert second.count('data-testid="contract-') == 1
    assert f"contract-{offers[0].id}" in second
    assert client.get("/contracts?group=nope").status_code == 400


def test_accepted_applications_link_to_their_contract(client_for, brand):
    brief = make_brief(brand)
    hired, _listing = make_kol_with_listing()
    waiting, _other = make_kol_with_listing()
    accepted = make_application(hired, brief)
    pending = make_application(waiting, brief)
    applications.accept_application(brand, accepted.id)
    contract = db.session.scalar(select(Contract).where(Contract.application_id == accepted.id))
    link = f'href="/contracts/{contract.id}" data-testid="contract-link-{accepted.id}"'
    brief_page = _text(client_for(brand).get(f"/brand/briefs/{brief.id}"))
    assert link in brief_page and "View contract" in brief_page
    assert f"contract-link-{pending.id}" not in brief_page
    assert link in _text(client_for(hired).get("/briefs/applications"))
    assert "contract-link-" not in _text(client_for(waiting).get("/briefs/applications"))


def test_contracts_for_applications_only_shows_ones_own_contracts(ctx, brand):
    kol, _listing = make_kol_with_listing()
    application = make_application(kol, make_brief(brand))
    applications.accept_application(brand, application.id)
    assert set(queries.contracts_for_applications(kol, [application.id])) == {application.id}
    assert queries.contracts_for_applications(factories.make_brand(), [application.id]) == {}
    assert queries.contracts_for_applications(brand, []) == {}
