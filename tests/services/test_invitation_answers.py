"""A KOL answers a brand's invitation: accept by applying, or decline with a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.domain.errors import Conflict, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Notification
from marketplace.services.briefs import applications, invitations
from tests.factories.brands import make_brief, make_invitation
from tests.factories.catalogue import make_kol_with_listing


@pytest.fixture
def invited(ctx, brand):
    kol, listing = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(brand, title="Sunscreen launch")
    invitation = make_invitation(brief, kol)
    db.session.commit()  # a failing use case rolls back to here, not past the rows
    return kol, listing, brief, invitation


def brand_notifications(brand) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == brand.id)))


def test_decline_records_the_reason_and_tells_the_brand(invited, brand):
    kol, _listing, brief, invitation = invited
    invitations.decline_invitation(kol, invitation.id, "  Booked until August  ")
    db.session.refresh(invitation)
    assert invitation.status == "declined" and invitation.answered_at is not None
    assert invitation.decline_reason == "Booked until August"
    [note] = brand_notifications(brand)
    assert note.kind == "invitation.declined" and note.payload["brief_id"] == brief.id
    assert invitations.invitations_by_kol(brand, brief.id)[kol.id].status == "declined"


def test_decline_without_a_reason(invited):
    kol, _listing, _brief, invitation = invited
    invitations.decline_invitation(kol, invitation.id, "")
    db.session.refresh(invitation)
    assert invitation.status == "declined" and invitation.decline_reason is None


def test_a_reason_over_500_characters_is_refused_and_changes_nothing(invited):
    kol, _listing, _brief, invitation = invited
    with pytest.raises(ValidationFailed) as error:
        invitations.decline_invitation(kol, invitation.id, "x" * 501)
    assert "reason" in error.value.fields
    db.session.refresh(invitation)
    assert invitation.status == "pending"


def test_answering_twice_is_a_clear_conflict(invited):
    kol, _listing, _brief, invitation = invited
    invitations.decline_invitation(kol, invitation.id, "")
    with pytest.raises(Conflict, match="already answered"):
        invitations.decline_invitation(kol, invitation.id, "again")
    with pytest.raises(Conflict, match="already answered"):
        invitations.check_can_accept(kol, invitation.id)


def test_only_the_invited_kol_can_answer(invited, brand):
    _kol, _listing, _brief, invitation = invited
    other, _ = make_kol_with_listing(name="Other")
    for actor in (other, brand):
        with pytest.raises(NotFound):
            invitations.decline_invitation(actor, invitation.id, "")
    with pytest.raises(NotFound):
        invitations.check_can_accept(other, invitation.id)
    with pytest.raises(NotFound):
        invitations.decline_invitation(other, 2**40, "")


def test_applying_accepts_the_invitation_and_links_the_application(invited, brand):
    kol, listing, brief, invitation = invited
    application = applications.apply_to_brief(kol, brief.id, listing.id, 200_000, "Happy to")
    db.session.refresh(invitation)
    assert invitation.status == "accepted" and invitation.application_id == application.id
    assert [n.kind for n in brand_notifications(brand)] == ["invitation.accepted"]


def test_an_invitation_to_a_closed_brief_cannot_be_accepted(invited):
    kol, _listing, brief, invitation = invited
    brief.status = "closed"
    db.session.flush()
    with pytest.raises(Conflict, match="no longer taking applications"):
        invitations.check_can_accept(kol, invitation.id)


def test_applying_without_an_invitation_notifies_nobody(ctx, brand):
    kol, listing = make_kol_with_listing()
    brief = make_brief(brand)
    applications.apply_to_brief(kol, brief.id, listing.id, 200_000, "Hello")
    assert brand_notifications(brand) == []


def test_answered_invitations_stay_on_the_kols_list(invited):
    kol, _listing, _brief, invitation = invited
    invitations.decline_invitation(kol, invitation.id, "")
    assert [i.status for i in invitations.invitations_for_kol(kol)] == ["declined"]
