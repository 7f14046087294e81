"""Applying to briefs and deciding on applications."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Application
from marketplace.models.base import utcnow
from marketplace.services.briefs import applications
from tests import factories
from tests.factories.brands import make_application, make_brief
from tests.factories.catalogue import make_kol_with_listing


def _count() -> int:
    return db.session.scalar(select(func.count(Application.id)))


def test_kol_applies_with_own_listing_in_the_brief_currency(brand):
    kol, listing = make_kol_with_listing()
    brief = make_brief(brand, currency="usd")
    application = applications.apply_to_brief(kol, brief.id, listing.id, "250000", " Hi! ")
    assert application.status == "pending"
    assert (application.price, application.currency) == (250_000, "usd")
    assert application.listing_id == listing.id and application.pitch == "Hi!"


def test_listing_is_optional(brand, kol):
    brief = make_brief(brand)
    assert applications.apply_to_brief(kol, brief.id, None, 1000, "pitch").listing_id is None


def test_second_application_conflicts(brand, kol):
    brief = make_brief(brand)
    applications.apply_to_brief(kol, brief.id, None, 1000, "first")
    with pytest.raises(Conflict):
        applications.apply_to_brief(kol, brief.id, None, 2000, "second")
    assert _count() == 1


def test_applying_to_a_closed_brief_conflicts(brand, kol):
    brief = make_brief(brand, status="closed")
    with pytest.raises(Conflict):
        applications.apply_to_brief(kol, brief.id, None, 1000, "pitch")
    assert _count() == 0


def test_applying_after_the_deadline_conflicts(brand, kol):
    brief = make_brief(brand, deadline=utcnow().date() - timedelta(days=1))
    with pytest.raises(Conflict):
        applications.apply_to_brief(kol, brief.id, None, 1000, "pitch")


def test_applying_to_a_draft_or_missing_brief_is_not_found(brand, kol):
    brief = make_brief(brand, status="draft")
    with pytest.raises(NotFound):
        applications.apply_to_brief(kol, brief.id, None, 1000, "pitch")
    with pytest.raises(NotFound):
        applications.apply_to_brief(kol, 999_999, None, 1000, "pitch")
    assert _count() == 0


def test_a_brand_cannot_apply(brand):
    brief = make_brief(factories.make_brand())
    with pytest.raises(NotAllowed):
        applications.apply_to_brief(brand, brief.id, None, 1000, "pitch")


@pytest.mark.parametrize(
    "price,pitch,field",
    [
        (0, "pitch", "price"),
        (-5, "pitch", "price"),
        ("12.50", "pitch", "price"),
        (10**12, "pitch", "price"),
        (1000, "", "pitch"),
        (1000, "x" * 2001, "pitch"),
    ],
)
def test_bad_price_or_pitch_is_rejected(brand, kol, price, pitch, field):
    brief = make_brief(brand)
    with pytest.raises(ValidationFailed) as info:
        applications.apply_to_brief(kol, brief.id, None, price, pitch)
    assert field in info.value.fields
    assert _count() == 0


def test_listing_must_be_the_kols_own_active_listing(brand):
    kol, listing = make_kol_with_listing()
    _other, others_listing = make_kol_with_listing()
    brief = make_brief(brand)
    with pytest.raises(ValidationFailed) as info:
        applications.apply_to_brief(kol, brief.id, others_listing.id, 1000, "pitch")
    assert "listing_id" in info.value.fields
    listing.status = "paused"
    db.session.commit()
    with pytest.raises(ValidationFailed):
        applications.apply_to_brief(kol, brief.id, listing.id, 1000, "pitch")
    with pytest.raises(ValidationFailed):
        applications.apply_to_brief(kol, brief.id, "abc", 1000, "pitch")
    assert _count() == 0


def test_brand_shortlists_then_accepts(brand, kol):
    application = make_application(kol, make_brief(brand))
    assert applications.shortlist_application(brand, application.id).status == "shortlisted"
    accepted = applications.accept_application(brand, application.id)
    assert accepted.status == "accepted" and accepted.decided_at is not None


def test_brand_declines(brand, kol):
    application = make_application(kol, make_brief(brand))
    assert applications.decline_application(brand, application.id).status == "declined"
    with pytest.raises(Conflict):
        applications.accept_application(brand, application.id)
    with pytest.raises(Conflict):
        applications.shortlist_application(brand, application.id)


def test_accepting_stops_at_the_number_of_kols_wanted(brand):
    brief = make_brief(brand, kols_wanted=1)
    first = make_application(factories.make_kol(), brief)
    second = make_application(factories.make_kol(), brief)
    applications.accept_application(brand, first.id)
    with pytest.raises(Conflict):
        applications.accept_application(brand, second.id)
    db.session.expire_all()
    assert db.session.get(Application, second.id).status == "pending"


def test_another_brands_applications_are_not_found(brand, kol):
    application = make_application(kol, make_brief(factories.make_brand()))
    for action in (
        applications.shortlist_application,
        applications.decline_application,
        applications.accept_application,
    ):
        with pytest.raises(NotFound):
            action(brand, application.id)
    with pytest.raises(NotFound):
        applications.list_applications(brand, application.brief_id)


def test_kol_cannot_decide_and_brand_cannot_withdraw(brand, kol):
    application = make_application(kol, make_brief(brand))
    with pytest.raises(NotAllowed):
        applications.accept_application(kol, application.id)
    with pytest.raises(NotAllowed):
        applications.withdraw_application(brand, application.id)


def test_kol_withdraws_own_application_only(brand, kol):
    application = make_application(kol, make_brief(brand))
    with pytest.raises(NotFound):
        applications.withdraw_application(factories.make_kol(), application.id)
    assert applications.withdraw_application(kol, application.id).status == "withdrawn"
    with pytest.raises(Conflict):
        applications.withdraw_application(kol, application.id)
    with pytest.raises(Conflict):
        applications.accept_application(brand, application.id)


def test_list_applications_for_the_owner_with_status_filter(brand):
    brief = make_brief(brand)
    kols = [make_kol_with_listing()[0] for _ in range(3)]
    apps = [make_application(k, brief) for k in kols]
    applications.decline_application(brand, apps[0].id)
    page = applications.list_applications(brand, brief.id)
    assert [a.id for a in page.items] == [a.id for a in apps] and page.total == 3
    assert page.items[1].kol_profile.category_names == ["beauty"]
    pending = applications.list_applications(brand, brief.id, status="pending")
    assert pending.total == 2
    with pytest.raises(ValidationFailed):
        applications.list_applications(brand, brief.id, status="maybe")


def test_list_my_applications_newest_first(brand, kol):
    first = make_application(kol, make_brief(brand))
    second = make_application(kol, make_brief(brand, title="Second"))
    make_application(factories.make_kol(), make_brief(brand))
    page = applications.list_my_applications(kol)
    assert [a.id for a in page.items] == [second.id, first.id]
    assert page.items[0].brief.title == "Second"
