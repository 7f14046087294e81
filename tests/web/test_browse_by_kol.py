"""Browse by KOL: one card each, honest commission-only prices, actions, compact numbers."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_kol
from tests.factories.brands import make_brief, make_shortlist
from tests.factories.catalogue import add_listing, make_commission_only
from tests.factories.search import make_tagged, unique_tag

pytestmark = pytest.mark.usefixtures("ctx")


def kol_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-testid="kol-card" data-kol-id="(\d+)"', html)]


def result_count(html: str) -> str:
    found = re.search(r'data-testid="result-count">\s*([^<]*?)\s*</p>', html)
    return found.group(1) if found else ""


def card(html: str, kol_id: int) -> str:
    start = html.index(f'data-kol-id="{kol_id}"')
    end = html.find('data-testid="kol-card"', start + 1)
    return html[start : end if end != -1 else len(html)]


def test_a_kol_with_three_listings_shows_once_and_is_counted_once(client):
    tag = unique_tag()
    many, _ = make_tagged(tag, name="Three Offers", rate=500_000)
    add_listing(many, title="Short video", collab_type="short_video", rate=200_000)
    add_listing(many, title="Live stream", collab_type="live_stream", rate=900_000)
    single, _ = make_tagged(tag, name="One Offer")

    html = client.get(f"/browse/?q={tag}").get_data(as_text=True)

    assert sorted(kol_ids(html)) == sorted([many.id, single.id])
    assert result_count(html) == "2 KOLs"
    many_card = card(html, many.id)
    assert "from CN¥2,000" in many_card  # the cheapest of the three, no ".00"
    assert "3 matching offers" in many_card


def test_pages_are_pages_of_kols(client):
    tag = unique_tag()
    kols = []
    for followers in (900_000, 500_000, 100_000):
        user, _ = make_tagged(tag, followers=followers)
        add_listing(user, title="Second offer", rate=100_000)
        kols.append(user.id)
    seen = []
    for page in (1, 2, 3):
        html = client.get(f"/browse/?q={tag}&sort=-followers&per_page=1&page={page}")
        body = html.get_data(as_text=True)
        assert result_count(body) == "3 KOLs"
        seen += kol_ids(body)
    assert seen == kols  # each KOL once, widest reach first


def test_a_filter_narrows_the_offers_a_card_counts_and_prices(client):
    tag = unique_tag()
    user, _ = make_tagged(tag, rate=500_000)
    add_listing(user, title="Cheap video", collab_type="short_video", rate=100_000)
    html = client.get(f"/browse/?q={tag}&collab_type=image_text").get_data(as_text=True)
    assert "from CN¥5,000" in card(html, user.id)
    assert "1 matching offer" in card(html, user.id)


def test_commission_only_reads_as_a_share_never_as_zero(client):
    tag = unique_tag()
    only, first = make_tagged(tag, name="Only Commission")
    first.pricing_model, first.rate, first.commission_bps = "commission", 0, 1500
    mixed, _ = make_tagged(tag, name="Priced Too", rate=250_000)
    make_commission_only(mixed, commission_bps=2000)

    html = client.get(f"/browse/?q={tag}").get_data(as_text=True)

    assert "15% commission" in card(html, only.id)
    assert "from CN¥2,500" in card(html, mixed.id)
    assert "¥0" not in html


def test_lowest_rate_puts_commission_only_after_priced_kols(client):
    tag = unique_tag()
    commission_kol, first = make_tagged(tag)
    first.pricing_model, first.rate, first.commission_bps = "commission", 0, 1000
    dear, _ = make_tagged(tag, rate=900_000)
    cheap, _ = make_tagged(tag, rate=100_000)
    html = client.get(f"/browse/?q={tag}&sort=rate&currency=cny").get_data(as_text=True)
    assert kol_ids(html) == [cheap.id, dear.id, commission_kol.id]


def test_a_rate_filter_leaves_commission_only_offers_out(client):
    tag = unique_tag()
    _commission_kol, first = make_tagged(tag)
    first.pricing_model, first.rate, first.commission_bps = "commission", 0, 1000
    priced, _ = make_tagged(tag, rate=100_000)
    html = client.get(f"/browse/?q={tag}&currency=cny&max_rate=5000").get_data(as_text=True)
    assert kol_ids(html) == [priced.id]
    from_zero = client.get(f"/browse/?q={tag}&currency=cny&min_rate=0").get_data(as_text=True)
    assert kol_ids(from_zero) == [priced.id]


def test_brands_get_shortlist_invite_and_hire_on_cards_and_kol_pages(login_as, brand, client):
    tag = unique_tag()
    user, listing = make_tagged(tag)
    make_shortlist(brand, name="Autumn picks")
    brief = make_brief(brand, title="Sunscreen launch", status="open")
    make_brief(brand, title="Old draft", status="draft")
    login_as(brand)

    for page in (f"/browse/?q={tag}", f"/kol/{user.id}"):
        html = client.get(page).get_data(as_text=True)
        assert f'data-testid="kol-actions-{user.id}"' in html, page
        assert "Autumn picks" in html  # the choice of list
        assert f'action="/brand/briefs/{brief.id}/invite"' in html
        assert "Sunscreen launch" in html and "Old draft" not in html
    browse = client.get(f"/browse/?q={tag}").get_data(as_text=True)
    assert f'href="/contracts/new?listing_id={listing.id}"' in browse


def test_anonymous_visitors_get_a_sign_in_link_and_kols_no_actions(client, login_as):
    tag = unique_tag()
    user, _ = make_tagged(tag)
    html = client.get(f"/browse/?q={tag}").get_data(as_text=True)
    assert 'data-testid="sign-in-to-shortlist"' in html
    assert "kol-actions-" not in html
    login_as(make_kol())
    for page in (f"/browse/?q={tag}", f"/kol/{user.id}"):
        html = client.get(page).get_data(as_text=True)
        assert "kol-actions-" not in html and "sign-in-to-shortlist" not in html


def test_follower_counts_are_compact_in_english_and_chinese(client):
    tag = unique_tag()
    user, _ = make_tagged(tag, followers=3_487_466, categories=("beauty", "fashion", "food"))
    html = client.get(f"/browse/?q={tag}").get_data(as_text=True)
    assert ">3.5M<" in card(html, user.id)
    assert "Beauty, Fashion, and Food" in card(html, user.id)
    client.get("/lang/zh")
    html = client.get(f"/browse/?q={tag}").get_data(as_text=True)
    zh_card = card(html, user.id)
    assert ">348.7万<" in zh_card
    categories = re.search(r'data-testid="kol-categories">\s*([^<]*?)\s*</div>', zh_card).group(1)
    assert "、" in categories and "," not in categories
    profile = client.get(f"/kol/{user.id}").get_data(as_text=True)
    assert "348.7万" in profile and "3,487,466" not in profile


def test_money_drops_cents_only_when_whole(client):
    tag = unique_tag()
    whole, _ = make_tagged(tag, rate=300_000)
    cents, _ = make_tagged(tag, rate=123_450)
    html = client.get(f"/browse/?q={tag}").get_data(as_text=True)
    assert "CN¥3,000<" in card(html, whole.id) or "CN¥3,000\n" in card(html, whole.id)
    assert "CN¥3,000.00" not in html
    assert "CN¥1,234.50" in card(html, cents.id)


def test_comparison_shows_commission_only_as_a_share(login_as, brand, client):
    tag = unique_tag()
    user, first = make_tagged(tag, name="Affiliate Ann")
    first.pricing_model, first.rate, first.commission_bps = "commission", 0, 1200
    shortlist = make_shortlist(brand, kols=(user,))
    login_as(brand)
    html = client.get(f"/brand/shortlists/{shortlist.id}").get_data(as_text=True)
    assert "12% commission" in html
    assert "¥0" not in html


def test_verification_badges_explain_themselves(client):
    tag = unique_tag()
    verified, _ = make_tagged(tag, verification="verified")
    pro, _ = make_tagged(tag, verification="invited_pro")
    html = client.get(f"/browse/?q={tag}").get_data(as_text=True)
    for user in (verified, pro):
        badge = re.search(r'<span class="badge[^>]*verification-badge"[^>]*>', card(html, user.id))
        assert badge and 'data-bs-toggle="tooltip"' in badge[0] and "title=" in badge[0]
    assert "✓ Verified" in card(html, verified.id) and "★ Invited pro" in card(html, pro.id)


def test_a_brief_the_kol_is_already_invited_to_reads_invited(login_as, brand, client):
    tag = unique_tag()
    user, _ = make_tagged(tag)
    brief = make_brief(brand, title="Sunscreen launch", status="open")
    login_as(brand)
    button = f'data-testid="invite-{user.id}-{brief.id}"'
    page = client.get(f"/browse/?q={tag}").get_data(as_text=True)
    assert button in page and f"disabled {button}" not in page
    client.post(f"/brand/briefs/{brief.id}/invite", data={"kol_id": user.id})
    page = client.get(f"/browse/?q={tag}").get_data(as_text=True)
    assert f"disabled {button}" in page and "Sunscreen launch · Invited" in page


@pytest.mark.parametrize(
    "scope",
    [
        "category=auto",  # no range: the index walk with the first-listing test
        "min_followers=1234000&max_followers=1234999",  # a range: grouped in SQL
        "q={tag}",  # text: grouped in SQL
    ],
)
def test_each_kol_once_by_its_best_listing(client, scope):
    tag = unique_tag()
    reach = {"categories": ("auto",), "followers": 1_234_500}
    steady, _ = make_tagged(tag, engagement_rate=0.05, **reach)
    spiky, _ = make_tagged(tag, engagement_rate=0.01, **reach)
    add_listing(spiky, title="Viral video", collab_type="short_video", engagement_rate=0.09)
    html = client.get(f"/browse/?sort=engagement&{scope.format(tag=tag)}").get_data(as_text=True)
    assert kol_ids(html) == [spiky.id, steady.id]
    assert result_count(html) == "2 KOLs"
