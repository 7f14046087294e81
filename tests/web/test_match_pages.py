from tests.factories.brands import make_brief
from tests.factories.catalogue import make_kol_with_listing


def test_brief_page_shows_top_matches_with_reason_bars(login_as, brand):
    kol, _listing = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(
        brand,
        category="beauty",
        platforms=["xiaohongshu"],
        collab_types=["image_text"],
        budget=400_000,
    )
    page = login_as(brand).get(f"/brand/briefs/{brief.id}").get_data(as_text=True)
    assert 'data-testid="top-matches"' in page
    assert f'data-testid="match-{kol.id}"' in page and "Skin Lab" in page
    assert "Audience" in page and "tier median" in page
    assert 'data-testid="shortlist-button"' in page and f'data-testid="invite-{kol.id}"' in page


def test_invite_from_the_brief_page(login_as, brand):
    kol, _listing = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(brand, budget=400_000)
    client = login_as(brand)
    response = client.post(
        f"/brand/briefs/{brief.id}/invite",
        data={"kol_id": kol.id, "next": f"/brand/briefs/{brief.id}"},
    )
    assert response.status_code == 302
    page = client.get(f"/brand/briefs/{brief.id}").get_data(as_text=True)
    assert f'data-testid="invited-{kol.id}"' in page


def test_kol_sees_invitation_and_briefs_for_you(client, login_as, brand):
    kol, _listing = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(brand, title="Sunscreen launch", budget=400_000)
    brand_client = login_as(brand)
    brand_client.post(f"/brand/briefs/{brief.id}/invite", data={"kol_id": kol.id})
    brand_client.post("/auth/logout")
    page = login_as(kol).get("/briefs/").get_data(as_text=True)
    assert 'data-testid="invitations"' in page and "Sunscreen launch" in page
    assert 'data-testid="briefs-for-you"' in page


def test_public_profile_shows_similar_kols(client, ctx):
    kol, _ = make_kol_with_listing(name="Skin Lab")
    make_kol_with_listing(name="Skin Twin")
    page = client.get(f"/kol/{kol.id}").get_data(as_text=True)
    assert 'data-testid="similar-kols"' in page and "Skin Twin" in page


def test_matches_page_of_another_brand_is_404(login_as, brand):
    from tests import factories

    brief = make_brief(brand)
    other = factories.make_brand()
    assert login_as(other).get(f"/brand/briefs/{brief.id}/matches").status_code == 404


def test_match_flags_are_shown_by_code_in_the_readers_language(login_as, brand):
    make_kol_with_listing(name="No Data", audience={})
    brief = make_brief(brand, platforms=["xiaohongshu"], collab_types=["image_text"])
    client = login_as(brand)
    url = f"/brand/briefs/{brief.id}"
    english = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'data-flag-code="no_audience_data"' in english and "No audience data" in english
    chinese = client.get(url, headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "暂无粉丝画像数据" in chinese and "no audience data" not in chinese
