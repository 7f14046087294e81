"""Contract pages: the offer form, the contract page, negotiation, the list and dashboards."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, ContractOffer
from tests import factories
from tests.factories.brands import make_application, make_brief
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract


def _contract(contract_id: int) -> Contract:
    db.session.expire_all()
    return db.session.get(Contract, contract_id)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _offer_form(**overrides):
    data = {
        "title": "Sunscreen launch post",
        "price": "3,500",
        "currency": "cny",
        "deliverables": "One image-text post, tagged #ad",
        "due_date": (date.today() + timedelta(days=10)).isoformat(),
        "revisions": "2",
        "message": "Looking forward to it",
        "send": "Send offer",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_offer_form_is_prefilled_from_the_listing_and_shows_fee_and_net(client_for, brand):
    kol, listing = make_kol_with_listing(name="Mia Glow", rate=300_000)
    page = client_for(brand).get(f"/contracts/new?listing_id={listing.id}")
    html = _text(page)
    assert page.status_code == 200
    assert "Make an offer to Mia Glow" in html
    assert 'value="3000.00"' in html or 'value="3,000.00"' in html or 'value="3000"' in html
    assert f'name="kol_id" type="hidden" value="{kol.id}"' in html
    # 10% platform fee on CN¥3,000: the KOL nets CN¥2,700
    summary = html[html.index('data-testid="offer-summary"') :]
    assert "CN¥3,000" in summary and "CN¥300" in summary and "CN¥2,700" in summary


def test_brand_sends_an_offer_and_lands_on_the_contract_page(client_for, brand):
    kol, listing = make_kol_with_listing()
    client = client_for(brand)
    response = client.post(
        "/contracts/new", data=_offer_form(kol_id=str(kol.id), listing_id=str(listing.id))
    )
    assert response.status_code == 302
    contract = db.session.scalar(select(Contract).where(Contract.brand_id == brand.id))
    assert response.location.endswith(f"/contracts/{contract.id}")
    assert (contract.price, contract.status, contract.awaiting) == (350_000, "offered", "kol")
    page = _text(client.get(response.location))
    assert "Your offer is sent." in page
    assert "CN¥3,500" in page and "CN¥350" in page and "CN¥3,150" in page
    assert 'data-testid="action-withdraw"' in page
    assert 'data-testid="action-accept"' not in page


def test_offer_errors_are_shown_and_nothing_is_created(client_for, brand):
    kol, _listing = make_kol_with_listing()
    response = client_for(brand).post(
        "/contracts/new",
        data=_offer_form(kol_id=str(kol.id), price="1e9", due_date="2000-01-01"),
    )
    assert response.status_code == 400
    assert "Enter an amount like 3000.50." in _text(response)
    assert db.session.scalar(select(func.count(Contract.id))) == 0


def test_preview_recomputes_the_summary_without_sending(client_for, brand):
    kol, _listing = make_kol_with_listing()
    data = _offer_form(kol_id=str(kol.id), price="1000", preview="Update", send=None)
    response = client_for(brand).post("/contracts/new", data=data)
    assert response.status_code == 200
    assert "CN¥900" in _text(response)
    assert db.session.scalar(select(func.count(Contract.id))) == 0


def test_kol_and_anonymous_cannot_open_the_offer_form(client_for, kol, client):
    assert client_for(kol).get("/contracts/new").status_code == 403
    assert client.get("/contracts/new").status_code == 302


def test_unknown_listing_is_404_on_the_offer_form(client_for, brand):
    client = client_for(brand)
    assert client.get("/contracts/new?listing_id=999999").status_code == 404
    assert client.get("/contracts/new?listing_id=99999999999").status_code == 404


def test_kol_counters_and_brand_accepts_with_history(client_for):
    deal = make_contract("offered")
    kol_client, brand_client = client_for(deal.kol), client_for(deal.brand)
    page = _text(kol_client.get(f"/contracts/{deal.id}"))
    assert "Your turn." in page
    for action in ("accept", "counter", "decline"):
        assert f'data-testid="action-{action}"' in page
    assert 'data-testid="action-withdraw"' not in page

    response = kol_client.post(
        f"/contracts/{deal.id}/counter",
        data={"price": "4000", "message": "My rate went up"},
        follow_redirects=True,
    )
    assert "Your counter-offer is sent." in _text(response)
    contract = _contract(deal.id)
    assert (contract.price, contract.awaiting) == (400_000, "brand")

    page = _text(brand_client.get(f"/contracts/{deal.id}"))
    assert 'data-testid="offer-round-2"' in page and "My rate went up" in page
    response = brand_client.post(f"/contracts/{deal.id}/accept", follow_redirects=True)
    assert "Offer accepted." in _text(response)
    assert _contract(deal.id).status == "accepted"


def test_counter_with_a_bad_price_shows_the_error_and_changes_nothing(client_for):
    deal = make_contract("offered")
    response = client_for(deal.kol).post(f"/contracts/{deal.id}/counter", data={"price": "-5"})
    assert response.status_code == 400
    assert "Must not be negative." in _text(response)
    contract = _contract(deal.id)
    assert (contract.price, contract.awaiting) == (300_000, "kol")
    assert db.session.scalar(select(func.count(ContractOffer.id))) == 1


def test_kol_declines(client_for):
    deal = make_contract("offered")
    response = client_for(deal.kol).post(
        f"/contracts/{deal.id}/decline", data={"reason": "Busy"}, follow_redirects=True
    )
    assert "Offer declined." in _text(response)
    assert _contract(deal.id).status == "declined"


def test_brand_withdraws(client_for):
    deal = make_contract("offered")
    response = client_for(deal.brand).post(f"/contracts/{deal.id}/withdraw", follow_redirects=True)
    assert "Offer withdrawn." in _text(response)
    assert _contract(deal.id).status == "withdrawn"


def test_brand_cannot_accept_its_own_offer_by_a_forged_post(client_for):
    deal = make_contract("offered")
    client = client_for(deal.brand)
    assert 'data-testid="action-accept"' not in _text(client.get(f"/contracts/{deal.id}"))
    response = client.post(f"/contracts/{deal.id}/accept", follow_redirects=True)
    assert response.status_code == 200
    assert "The offer is waiting for the other party&#39;s answer." in _text(response)
    assert _contract(deal.id).status == "offered"


def test_kol_cannot_withdraw_by_a_forged_post(client_for):
    deal = make_contract("offered")
    response = client_for(deal.kol).post(f"/contracts/{deal.id}/withdraw", follow_redirects=True)
    assert response.status_code == 200
    assert 'role="alert"' in _text(response)
    assert _contract(deal.id).status == "offered"


def test_strangers_get_404_and_admins_can_look(client_for):
    deal = make_contract("offered")
    stranger_brand, stranger_kol = factories.make_brand(), factories.make_kol()
    for user in (stranger_brand, stranger_kol):
        client = client_for(user)
        assert client.get(f"/contracts/{deal.id}").status_code == 404
        assert client.post(f"/contracts/{deal.id}/withdraw").status_code == 404
        assert client.post(f"/contracts/{deal.id}/accept").status_code == 404
    assert _contract(deal.id).status == "offered"
    page = client_for(factories.make_admin()).get(f"/contracts/{deal.id}")
    assert page.status_code == 200
    assert 'data-testid="no-actions"' in _text(page)


def test_the_page_shows_the_timeline_and_money(client_for):
    deal = make_contract("completed")
    page = _text(client_for(deal.kol).get(f"/contracts/{deal.id}"))
    for action in ("offer", "accept", "fund", "submit", "approve"):
        assert f'data-action="{action}"' in page
    assert "Approved; payment released" in page
    panel = page[page.index('data-testid="money-panel"') :]
    released = re.search(r'data-testid="money-released">([^<]+)<', panel).group(1)
    assert released == "CN¥3,000"
    assert re.search(r'data-testid="money-escrow">([^<]+)<', panel).group(1) == "CN¥0"
    assert 'rel="noopener nofollow ugc"' in page and 'target="_blank"' in page


def test_dashboards_list_contracts_that_need_action(client_for):
    deal = make_contract("offered")
    kol_dashboard = _text(client_for(deal.kol).get("/dashboard"))
    assert f'data-testid="contract-{deal.id}"' in kol_dashboard
    brand_dashboard = _text(client_for(deal.brand).get("/dashboard"))
    section = brand_dashboard[brand_dashboard.index('data-testid="contracts-needing-action"') :]
    assert f'data-testid="contract-{deal.id}"' not in section


def test_hire_buttons_lead_to_the_offer_form(client_for, brand):
    kol, listing = make_kol_with_listing()
    client = client_for(brand)
    profile = _text(client.get(f"/kol/{kol.id}"))
    assert f"/contracts/new?listing_id={listing.id}" in profile
    assert f"/contracts/new?listing_id={listing.id}" in _text(client.get("/browse/"))
    assert "/contracts/new" not in _text(client_for(kol).get(f"/kol/{kol.id}"))


def test_hire_from_a_top_match_carries_the_brief(client_for, brand):
    kol, listing = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(
        brand,
        title="Sunscreen summer",
        category="beauty",
        platforms=["xiaohongshu"],
        collab_types=["image_text"],
        budget=400_000,
    )
    client = client_for(brand)
    page = _text(client.get(f"/brand/briefs/{brief.id}"))
    link = f"/contracts/new?brief_id={brief.id}&amp;listing_id={listing.id}"
    assert f'href="{link}" data-testid="hire-{kol.id}"' in page
    form = _text(client.get(link.replace("&amp;", "&")))
    assert 'value="Sunscreen summer"' in form
    response = client.post(
        "/contracts/new",
        data=_offer_form(
            kol_id=str(kol.id), listing_id=str(listing.id), brief_id=str(brief.id), title=""
        ),
    )
    assert response.status_code == 302
    contract = db.session.scalar(select(Contract).where(Contract.brand_id == brand.id))
    assert (contract.brief_id, contract.listing_id, contract.title) == (
        brief.id,
        listing.id,
        "Sunscreen summer",
    )


def test_accepting_an_application_leads_to_its_offer(client_for, brand):
    kol, _listing = make_kol_with_listing()
    application = make_application(kol, make_brief(brand))
    response = client_for(brand).post(f"/brand/applications/{application.id}/accept")
    contract = db.session.scalar(select(Contract).where(Contract.application_id == application.id))
    assert response.status_code == 302
    assert response.location.endswith(f"/contracts/{contract.id}")


@pytest.mark.parametrize("status", ["offered", "accepted", "funded", "submitted", "completed"])
def test_every_form_carries_a_csrf_token(client_for, request, status):
    deal = make_contract(status)
    kol_client, brand_client = client_for(deal.kol), client_for(deal.brand)
    request.getfixturevalue("csrf_on")
    pages = [kol_client.get(f"/contracts/{deal.id}"), brand_client.get(f"/contracts/{deal.id}")]
    pages.append(brand_client.get(f"/contracts/new?listing_id={deal.listing.id}"))
    for page in pages:
        forms = re.findall(r"<form method=\"post\".*?</form>", _text(page), re.S)
        assert len(forms) >= 2  # log out and at least one action
        assert all('name="csrf_token"' in form for form in forms)
    assert kol_client.post(f"/contracts/{deal.id}/dispute", data={"reason": "x"}).status_code == 400
    assert _contract(deal.id).status == status


@pytest.mark.parametrize("status", ["offered", "accepted", "submitted", "disputed", "completed"])
def test_contract_pages_render_in_chinese(client_for, status):
    deal = make_contract(status)
    for user in (deal.brand, deal.kol):
        client = client_for(user)
        client.get("/lang/zh")
        for url in (f"/contracts/{deal.id}", "/contracts", "/dashboard"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert 'lang="zh-Hans"' in _text(response)
