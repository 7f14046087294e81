"""Top matches as a compact, paged list whose actions answer JSON for the page's script."""

from __future__ import annotations

import re

from tests.factories.brands import make_brief, make_shortlist
from tests.factories.catalogue import make_kol_with_listing

JSON = {"Accept": "application/json"}


def test_shortlist_answers_json_and_says_when_the_kol_is_already_there(login_as, brand):
    kol, _ = make_kol_with_listing(name="Skin Lab")
    shortlist = make_shortlist(brand, name="Summer")
    client = login_as(brand)
    form = {"kol_id": str(kol.id), "shortlist_id": str(shortlist.id)}
    first = client.post("/brand/shortlists/add", data=form, headers=JSON)
    assert first.status_code == 200
    assert first.json == {"ok": True, "label": "Shortlisted ✓", "message": "Saved to Summer."}
    again = client.post("/brand/shortlists/add", data=form, headers=JSON)
    assert again.json["ok"] and again.json["message"] == "Already in Summer."
    bad = client.post("/brand/shortlists/add", data={"kol_id": "x"}, headers=JSON)
    assert bad.status_code == 400 and bad.json["ok"] is False and bad.json["message"]


def test_without_javascript_the_same_post_redirects_back_to_the_row(login_as, brand):
    kol, _ = make_kol_with_listing(name="Skin Lab")
    shortlist = make_shortlist(brand, name="Summer", kols=(kol,))
    client = login_as(brand)
    back = f"/brand/briefs/1/matches?page=1#kol-{kol.id}"
    response = client.post(
        "/brand/shortlists/add",
        data={"kol_id": str(kol.id), "shortlist_id": str(shortlist.id), "next": back},
    )
    assert response.status_code == 302 and response.headers["Location"] == back


def test_invite_answers_json_and_the_row_then_reads_invited(login_as, brand):
    kol, _ = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(brand, budget=400_000)
    client = login_as(brand)
    answer = client.post(f"/brand/briefs/{brief.id}/invite", data={"kol_id": kol.id}, headers=JSON)
    assert answer.status_code == 200 and answer.json["ok"] and answer.json["label"] == "Invited"
    again = client.post(f"/brand/briefs/{brief.id}/invite", data={"kol_id": kol.id}, headers=JSON)
    assert again.status_code == 409 and again.json["ok"] is False
    page = client.get(f"/brand/briefs/{brief.id}").get_data(as_text=True)
    assert (
        f'data-testid="invited-{kol.id}"' in page and f'data-testid="invite-{kol.id}"' not in page
    )


def test_a_shortlisted_kol_renders_as_shortlisted(login_as, brand):
    kol, _ = make_kol_with_listing(name="Skin Lab")
    make_shortlist(brand, name="Summer", kols=(kol,))
    brief = make_brief(brand, budget=400_000)
    page = login_as(brand).get(f"/brand/briefs/{brief.id}").get_data(as_text=True)
    assert f'data-testid="shortlisted-{kol.id}"' in page and "Shortlisted ✓" in page


def test_rows_show_three_reasons_inline_and_all_on_expand(login_as, brand):
    kol, _ = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(brand, budget=400_000)
    page = login_as(brand).get(f"/brand/briefs/{brief.id}/matches").get_data(as_text=True)
    row = page[page.index(f'data-testid="match-{kol.id}"') :]
    inline = re.search(r'data-testid="match-top-reasons">(.*?)</div>', row, re.S).group(1)
    assert inline.count('<span class="me-2">') == 3
    details = row[row.index("<details") : row.index("</details>")]
    assert details.count("share-bar-fill") >= 5 and "All reasons" in details


def test_matches_page_shows_20_a_page_with_a_working_pager(login_as, brand):
    kols = [make_kol_with_listing(name=f"Skin {i}")[0] for i in range(23)]
    brief = make_brief(brand, budget=400_000)
    client = login_as(brand)
    first = client.get(f"/brand/briefs/{brief.id}/matches").get_data(as_text=True)
    second = client.get(f"/brand/briefs/{brief.id}/matches?page=2").get_data(as_text=True)
    rows = re.findall(r'data-testid="match-(\d+)"', first + second)
    assert len(re.findall(r'data-testid="match-\d+"', first)) == 20
    assert sorted(map(int, rows)) == sorted(k.id for k in kols)
    assert f"/brand/briefs/{brief.id}/matches?page=2" in first and "page=0" not in first
    assert 'start="21"' in second and "matches?page=3" not in second
    assert client.get(f"/brand/briefs/{brief.id}/matches?page=0").status_code == 400


def test_pager_never_links_to_page_0_or_past_the_last(login_as, brand):
    for i in range(23):
        make_kol_with_listing(name=f"Skin {i}")
    brief = make_brief(brand, budget=400_000)
    client = login_as(brand)
    last = client.get(f"/brand/briefs/{brief.id}/matches?page=2").get_data(as_text=True)
    pager = last[
        last.index('data-testid="pager"') : last.index("</ul>", last.index('data-testid="pager"'))
    ]
    assert 'aria-disabled="true">Next' in pager and "page=3" not in pager
    first = client.get(f"/brand/briefs/{brief.id}/matches").get_data(as_text=True)
    assert "page=0" not in first and 'aria-disabled="true">‹ Previous' in first
    beyond = client.get(f"/brand/briefs/{brief.id}/matches?page=9").get_data(as_text=True)
    assert "matches?page=2" in beyond and "page=10" not in beyond


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"
