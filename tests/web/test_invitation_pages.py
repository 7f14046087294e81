"""The KOL's invitation answers on pages, and the brand seeing them on Top matches."""

from __future__ import annotations

from marketplace.extensions import db
from tests.factories.brands import make_brief, make_invitation
from tests.factories.catalogue import ListingFactory, make_kol_with_listing


def setup_invitation(brand, **brief_fields):
    kol, listing = make_kol_with_listing(
        name="Skin Lab", platform="douyin", collab_type="short_video"
    )
    brief = make_brief(
        brand,
        title="Sunscreen launch",
        platforms=["douyin"],
        collab_types=["short_video"],
        budget=400_000,
        **brief_fields,
    )
    invitation = make_invitation(brief, kol)
    db.session.commit()  # a failing use case rolls back to here, not past the rows
    return kol, listing, brief, invitation


def test_kol_accepts_and_the_form_opens_with_the_best_listing(login_as, brand):
    kol, listing, brief, invitation = setup_invitation(brand)
    ListingFactory(kol_id=kol.id, platform="weibo", collab_type="live")
    client = login_as(kol)
    page = client.get("/briefs/").get_data(as_text=True)
    assert f'data-testid="accept-invitation-{invitation.id}"' in page
    response = client.get(f"/briefs/invitations/{invitation.id}/accept")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/briefs/{brief.id}?invitation={invitation.id}#apply"
    )
    form = client.get(f"/briefs/{brief.id}?invitation={invitation.id}").get_data(as_text=True)
    assert f'<option selected value="{listing.id}">' in form
    response = client.post(
        f"/briefs/{brief.id}",
        data={"listing_id": str(listing.id), "price": "2000", "pitch": "Happy to"},
    )
    assert response.status_code == 302
    db.session.refresh(invitation)
    assert invitation.status == "accepted" and invitation.application_id is not None
    page = client.get("/briefs/").get_data(as_text=True)
    assert "Applied" in page and f'data-testid="accept-invitation-{invitation.id}"' not in page


def test_kol_declines_with_a_reason_and_the_brand_sees_it(client, login_as, brand):
    kol, _listing, brief, invitation = setup_invitation(brand)
    kol_client = login_as(kol)
    response = kol_client.post(
        f"/briefs/invitations/{invitation.id}/decline",
        data={"reason": "Booked until August", "next": "/briefs/"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/briefs/"
    again = kol_client.post(f"/briefs/invitations/{invitation.id}/decline", data={"reason": ""})
    assert "already answered" in kol_client.get(again.headers["Location"]).get_data(as_text=True)
    kol_client.post("/auth/logout")
    brand_client = login_as(brand)
    page = brand_client.get(f"/brand/briefs/{brief.id}").get_data(as_text=True)
    assert "Declined: Booked until August" in page
    assert 'data-invitation-status="declined"' in page
    inbox = brand_client.get("/notifications").get_data(as_text=True)
    assert "Skin Lab declined your invitation to Sunscreen launch" in inbox


def test_an_overlong_reason_is_refused_and_changes_nothing(login_as, brand):
    kol, _listing, _brief, invitation = setup_invitation(brand)
    client = login_as(kol)
    response = client.post(
        f"/briefs/invitations/{invitation.id}/decline", data={"reason": "x" * 501}
    )
    assert "500" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.status == "pending"


def test_someone_elses_invitation_is_404(login_as, brand):
    _kol, _listing, _brief, invitation = setup_invitation(brand)
    other, _ = make_kol_with_listing(name="Other")
    client = login_as(other)
    assert client.get(f"/briefs/invitations/{invitation.id}/accept").status_code == 404
    assert client.post(f"/briefs/invitations/{invitation.id}/decline").status_code == 404


def test_a_closed_briefs_invitation_cannot_be_accepted(login_as, brand):
    kol, _listing, brief, invitation = setup_invitation(brand)
    brief.status = "closed"
    db.session.flush()
    client = login_as(kol)
    response = client.get(f"/briefs/invitations/{invitation.id}/accept")
    assert response.status_code == 302
    assert "no longer taking applications" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_the_brand_sees_applied_for_an_accepted_invitation(login_as, brand):
    _kol, _listing, brief, invitation = setup_invitation(brand)
    invitation.status = "accepted"
    db.session.flush()
    page = login_as(brand).get(f"/brand/briefs/{brief.id}").get_data(as_text=True)
    assert 'data-invitation-status="accepted"' in page
