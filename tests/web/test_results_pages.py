"""Results pages: the contract, brief and brand views, their charts and CSV exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from marketplace.extensions import db
from marketplace.models import KolProfile
from marketplace.models.base import utcnow
from marketplace.services.campaigns import conversions
from tests.factories import make_brand, make_kol
from tests.factories.brands import make_brief
from tests.factories.contracts import _step
from tests.factories.results import make_clicks
from tests.factories.sales import link_code, make_commission_deal, make_conversion


def _deal(**terms):
    deal = make_commission_deal(bps=1000, budget=50_000, **terms)
    deal.contract.funded_at = utcnow() - timedelta(days=5)
    make_clicks(deal, 12, unique=10)
    make_conversion(deal, amount=40_000, ordered_at=utcnow() - timedelta(days=1))
    sale = make_conversion(deal, amount=10_000)
    conversions.record_return(deal.brand, sale.order_id, {"amount": 2_500})
    return deal


def test_contract_page_links_to_results_with_figures_and_charts(client_for):
    deal = _deal()
    brand = client_for(deal.brand)
    detail = brand.get(f"/contracts/{deal.id}").get_data(as_text=True)
    assert f"/contracts/{deal.id}/results" in detail
    page = brand.get(f"/contracts/{deal.id}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-testid="figure-clicks">12<' in html
    assert 'data-testid="figure-orders">2<' in html
    assert 'data-testid="figure-gmv">CN¥475<' in html  # 400 + 100 - 25 yuan
    assert 'data-testid="chart-traffic"' in html and 'data-testid="chart-gmv"' in html
    assert 'data-series="gmv" data-value="40000"' in html
    assert '<title id="chart-gmv-title">' in html and 'data-testid="results-series"' in html


def test_kol_sees_its_contract_results_and_commission_but_not_other_contracts(client_for):
    deal = _deal()
    other = _deal(brand=deal.brand)
    kol = client_for(deal.kol)
    assert kol.get(f"/contracts/{deal.id}/results").status_code == 200
    assert kol.get(f"/contracts/{other.id}/results").status_code == 404
    html = kol.get("/results").get_data(as_text=True)
    assert f'results-row-{deal.id}"' in html and f'results-row-{other.id}"' not in html
    # 4,000 + 1,000 accrued, 250 cancelled by the return: 47.50 yuan.
    assert "47.50" in html.split('data-testid="kol-commission-cny"')[1][:40]


def test_brand_overview_lists_all_its_contracts_and_exports_csv(client_for):
    deal = _deal()
    second = make_commission_deal(brand=deal.brand, title='=HYPERLINK("http://x")')
    brand = client_for(deal.brand)
    html = brand.get("/results").get_data(as_text=True)
    assert f'results-row-{deal.id}"' in html and f'results-row-{second.id}"' in html
    assert 'data-testid="nav-results"' in html
    response = brand.get("/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by_id = {row["contract_id"]: row for row in rows}
    assert by_id[str(deal.id)]["clicks"] == "12" and by_id[str(deal.id)]["gmv"] == "475.00"
    assert by_id[str(second.id)]["title"].startswith("'=")


def test_series_csv_has_one_row_per_day(client_for):
    deal = _deal()
    response = client_for(deal.brand).get(f"/contracts/{deal.id}/results.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    yesterday = (utcnow().date() - timedelta(days=1)).isoformat()
    row = next(r for r in rows if r["date"] == yesterday)
    assert (row["orders"], row["gmv"], row["commission"], row["currency"]) == (
        "1",
        "400.00",
        "40.00",
        "cny",
    )
    assert len(rows) == 6  # funded five days ago, through today


def test_brief_results_page_for_its_owner_only(client_for):
    brand = make_brand()
    brief = make_brief(brand)
    _deal(brand=brand, brief_id=brief.id)
    owner = client_for(brand)
    assert f"/brand/briefs/{brief.id}/results" in owner.get(f"/brand/briefs/{brief.id}").get_data(
        as_text=True
    )
    page = owner.get(f"/brand/briefs/{brief.id}/results")
    assert page.status_code == 200 and 'data-testid="figure-clicks">12<' in page.get_data(
        as_text=True
    )
    assert owner.get(f"/brand/briefs/{brief.id}/results.csv").status_code == 200
    assert f'brief-row-{brief.id}"' in owner.get("/results").get_data(as_text=True)
    assert client_for(make_brand()).get(f"/brand/briefs/{brief.id}/results").status_code == 404
    assert client_for(make_kol()).get(f"/brand/briefs/{brief.id}/results").status_code == 403


def test_public_profile_shows_the_aggregate_track_record_only(client, ctx):

    deal = make_commission_deal("submitted")
    make_clicks(deal, 40, unique=40)
    for _ in range(3):
        make_conversion(deal, amount=12_345)
    _step(deal, "approve")
    assert db.session.get(KolProfile, deal.kol.id).orders_driven == 3
    html = client.get(f"/kol/{deal.kol.id}").get_data(as_text=True)
    track = html.split('data-testid="track-record"')[1].split("</section>")[0]
    assert 'data-testid="track-orders">3<' in track
    assert 'data-testid="track-completed">1<' in track
    # No one brand's figures: not its GMV, not its clicks.
    assert "123.45" not in html and "370" not in track


def test_clicks_through_the_redirect_count_people_not_bots(client, client_for):
    deal = make_commission_deal()
    code = link_code(deal)
    human = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"}
    for _ in range(2):
        assert client.get(f"/r/{code}", headers=human).status_code == 302
    client.get(f"/r/{code}", headers={"User-Agent": "Googlebot/2.1"})
    client.head(f"/r/{code}", headers=human)
    html = client_for(deal.brand).get(f"/contracts/{deal.id}/results").get_data(as_text=True)
    assert 'data-testid="figure-clicks">2<' in html
    assert 'data-testid="figure-unique_clicks">1<' in html
