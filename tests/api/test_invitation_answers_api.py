"""The KOL's invitation answers over the API: decline with a reason; applying accepts."""

from tests.factories.brands import make_brief, make_invitation
from tests.factories.catalogue import make_kol_with_listing


def test_kol_declines_over_the_api_and_sees_the_answer(client, brand, auth_headers):
    kol, _listing = make_kol_with_listing(name="Skin Lab")
    invitation = make_invitation(make_brief(brand), kol)
    url = f"/api/v1/kol/invitations/{invitation.id}/decline"
    too_long = client.post(url, json={"reason": "x" * 501}, headers=auth_headers(kol))
    assert too_long.status_code == 400 and "reason" in too_long.get_json()["error"]["fields"]
    wrong_type = client.post(url, json={"reason": 5}, headers=auth_headers(kol))
    assert wrong_type.status_code == 400
    answer = client.post(url, json={"reason": "Booked"}, headers=auth_headers(kol))
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "declined" and body["decline_reason"] == "Booked"
    assert body["answered_at"] and body["application_id"] is None
    again = client.post(url, json={}, headers=auth_headers(kol))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    [mine] = client.get("/api/v1/kol/invitations", headers=auth_headers(kol)).get_json()["items"]
    assert mine["status"] == "declined" and mine["decline_reason"] == "Booked"


def test_only_the_invited_kol_can_decline(client, brand, auth_headers):
    kol, _listing = make_kol_with_listing(name="Skin Lab")
    other, _ = make_kol_with_listing(name="Other")
    invitation = make_invitation(make_brief(brand), kol)
    url = f"/api/v1/kol/invitations/{invitation.id}/decline"
    assert client.post(url, json={}, headers=auth_headers(other)).status_code == 404
    assert client.post(url, json={}, headers=auth_headers(brand)).status_code == 403
    huge = "/api/v1/kol/invitations/99999999999/decline"
    assert client.post(huge, json={}, headers=auth_headers(kol)).status_code == 404


def test_applying_over_the_api_accepts_the_invitation(client, brand, auth_headers):
    kol, listing = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(brand)
    make_invitation(brief, kol)
    applied = client.post(
        f"/api/v1/briefs/{brief.id}/applications",
        json={"listing_id": listing.id, "price": 200_000, "pitch": "Happy to"},
        headers=auth_headers(kol),
    )
    assert applied.status_code == 201, applied.get_json()
    [mine] = client.get("/api/v1/kol/invitations", headers=auth_headers(kol)).get_json()["items"]
    assert mine["status"] == "accepted" and mine["application_id"] == applied.get_json()["id"]
