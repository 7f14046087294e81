"""Contract pages: commission terms on the offer and counter forms, products and links."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract, ContractOffer, ContractProduct
from tests.factories.campaigns import PRODUCT_URL, link_code, make_commission_contract
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract

TMALL_URL = "https://detail.tmall.com/item.htm?id=700000000002"


def _offer_form(kol_id: int, **overrides: str) -> dict[str, str]:
    data = {
        "kol_id": str(kol_id),
        "title": "Sunscreen launch post",
        "price": "3,500",
        "currency": "cny",
        "commission": "12",
        "commission_budget": "800",
        "products": f"Sunscreen | {PRODUCT_URL} | 129\nLip balm | {TMALL_URL}",
        "deliverables": "One image-text post, tagged #ad",
        "due_date": (date.today() + timedelta(days=10)).isoformat(),
        "send": "Send offer",
    }
    data.update(overrides)
    return data


def _products(contract_id: int) -> list[ContractProduct]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(ContractProduct).where(ContractProduct.contract_id == contract_id)
        )
    )


def test_brand_offers_commission_terms_and_the_kol_gets_links_on_accepting(client_for, brand):
    kol, _listing = make_kol_with_listing()
    response = client_for(brand).post("/contracts/new", data=_offer_form(kol.id))
    assert response.status_code == 302, response.get_data(as_text=True)
    contract = db.session.scalar(select(Contract).where(Contract.brand_id == brand.id))
    assert (contract.commission_bps, contract.commission_budget) == (1200, 80_000)
    [round_one] = db.session.scalars(select(ContractOffer).filter_by(contract_id=contract.id))
    assert [(p["name"], p["price"]) for p in round_one.products] == [
        ("Sunscreen", 12_900),
        ("Lip balm", None),
    ]
    kol_client = client_for(kol)
    page = kol_client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert 'data-testid="products"' in page and "made when the offer is accepted" in page
    kol_client.post(f"/contracts/{contract.id}/accept")
    page = kol_client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    codes = [p.link_code for p in _products(contract.id)]
    assert len(codes) == 2
    assert all(f"http://localhost/r/{code}" in page for code in codes)
    assert page.count('data-testid="copy-link"') == 2
    assert "js/copy-link.js" in page
    assert 'data-testid="form-add-product"' not in page  # the KOL never adds products


def test_offer_with_a_bad_product_line_shows_the_line_and_creates_nothing(client_for, brand):
    kol, _listing = make_kol_with_listing()
    bad = _offer_form(kol.id, products=f"Sunscreen | {PRODUCT_URL}\nFake | https://evil.com/x")
    response = client_for(brand).post("/contracts/new", data=bad)
    assert response.status_code == 400
    assert "Line 2:" in response.get_data(as_text=True)
    shapeless = client_for(brand).post("/contracts/new", data=_offer_form(kol.id, products="x"))
    assert shapeless.status_code == 400 and "Line 1:" in shapeless.get_data(as_text=True)
    no_rate = client_for(brand).post("/contracts/new", data=_offer_form(kol.id, commission=""))
    assert no_rate.status_code == 400
    assert "needs a commission rate" in no_rate.get_data(as_text=True)
    assert db.session.scalar(select(Contract).where(Contract.brand_id == brand.id)) is None


def test_kol_counters_the_commission_terms_on_the_page(client_for):
    deal = make_commission_contract("offered")
    kol_client = client_for(deal.kol)
    form = kol_client.get(f"/contracts/{deal.id}").get_data(as_text=True)
    assert PRODUCT_URL in form  # the counter form shows the proposed products
    response = kol_client.post(
        f"/contracts/{deal.id}/counter",
        data={
            "price": "3,000",
            "commission": "15",
            "commission_budget": "1,000",
            "products": f"Serum | {TMALL_URL} | 250",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    contract = db.session.get(Contract, deal.id)
    assert (contract.commission_bps, contract.commission_budget) == (1500, 100_000)
    client_for(deal.brand).post(f"/contracts/{deal.id}/accept")
    assert [(p.name, p.price) for p in _products(deal.id)] == [("Serum", 25_000)]


def test_brand_adds_a_product_on_a_funded_contract_page(client_for):
    deal = make_commission_contract("funded")
    brand_client = client_for(deal.brand)
    page = brand_client.get(f"/contracts/{deal.id}").get_data(as_text=True)
    assert 'data-testid="form-add-product"' in page
    response = brand_client.post(
        f"/contracts/{deal.id}/products",
        data={"name": "Night cream", "url": TMALL_URL, "price": "199"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Product added." in response.get_data(as_text=True)
    assert [p.name for p in _products(deal.id)] == ["Sunscreen SPF50", "Night cream"]
    bad = brand_client.post(
        f"/contracts/{deal.id}/products", data={"name": "X", "url": "https://evil.com/x"}
    )
    assert bad.status_code == 400
    assert "Must be a product page on" in bad.get_data(as_text=True)
    assert len(_products(deal.id)) == 2


def test_adding_products_is_refused_to_the_kol_strangers_and_unfunded_contracts(client_for, brand):
    deal = make_commission_contract("funded")
    data = {"name": "Night cream", "url": TMALL_URL}
    assert client_for(brand).post(f"/contracts/{deal.id}/products", data=data).status_code == 404
    client_for(deal.kol).post(f"/contracts/{deal.id}/products", data=data)
    accepted = make_commission_contract("accepted")
    client_for(accepted.brand).post(f"/contracts/{accepted.id}/products", data=data)
    assert [len(_products(d.id)) for d in (deal, accepted)] == [1, 1]


def test_only_commission_contracts_show_the_products_panel(client_for):
    plain = make_contract("funded")
    assert 'data-testid="products"' not in client_for(plain.brand).get(
        f"/contracts/{plain.id}"
    ).get_data(as_text=True)
    deal = make_commission_contract("completed")
    page = client_for(deal.brand).get(f"/contracts/{deal.id}").get_data(as_text=True)
    assert link_code(deal) in page and 'data-testid="commission-budget"' in page


def test_offer_summary_shows_the_commission_budget_escrowed_with_the_price(client_for, brand):
    kol, _listing = make_kol_with_listing()
    data = _offer_form(kol.id, send="", preview="Update the summary")
    data.pop("send")
    page = client_for(brand).post("/contracts/new", data=data).get_data(as_text=True)
    assert 'data-testid="summary-budget"' in page and "CN¥800" in page
