"""Suspension's effects: search, matching, offers, flagged contracts, alerts, audit rows."""

import pytest
from sqlalchemy import select

from marketplace.domain.errors import NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import AuditEntry, Contract, Notification
from marketplace.services.admin import flags, moderation
from marketplace.services.contracts import negotiation, offers
from marketplace.services.discovery.search import search_listings
from marketplace.services.matchmaking import matches
from tests import factories
from tests.factories.brands import make_brief
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract, offer_values


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_suspended_kol_vanishes_from_search_and_matching(admin, brand):
    kol, listing = make_kol_with_listing(name="Glow Lab", tags=("glowlab",))
    brief = make_brief(brand, category="beauty", platforms=["xiaohongshu"],
                       collab_types=["image_text"], budget=400_000)  # fmt: skip
    assert listing.id in [item.id for item in search_listings(q="glowlab").items]
    assert kol.id in [view.kol_id for view in matches.top_matches(brand, brief.id, k=20)]
    moderation.suspend_user(admin, kol.id, "Bought followers")
    assert listing.id not in [item.id for item in search_listings(q="glowlab").items]
    assert kol.id not in [view.kol_id for view in matches.top_matches(brand, brief.id, k=20)]
    moderation.unsuspend_user(admin, kol.id, "Appeal upheld")
    assert listing.id in [item.id for item in search_listings(q="glowlab").items]
    assert kol.id in [view.kol_id for view in matches.top_matches(brand, brief.id, k=20)]


def test_a_suspended_brand_cannot_make_or_counter_offers(admin, brand):
    kol, listing = make_kol_with_listing()
    open_offer = offers.create_offer(brand, **offer_values(kol, listing))
    negotiation.counter_offer(kol, open_offer.id, price=350_000)
    moderation.suspend_user(admin, brand.id, "Fake store")  # the services check, not only logins
    with pytest.raises(NotAllowed, match="suspended"):
        offers.create_offer(brand, **offer_values(kol, listing))
    with pytest.raises(NotAllowed, match="suspended"):
        negotiation.counter_offer(brand, open_offer.id, price=320_000)
    assert db.session.scalar(select(Contract.price).where(Contract.id == open_offer.id)) == 350_000
    assert db.session.scalar(select(db.func.count(Contract.id))) == 1


def test_suspending_flags_open_contracts_alerts_admins_and_audits(admin, ctx):
    other_admin = factories.make_admin()
    offered = make_contract("offered")
    brand = offered.brand
    funded = make_contract("funded", brand=brand)
    done = make_contract("completed", brand=brand)
    unrelated = make_contract("funded")
    moderation.suspend_user(admin, brand.id, "Chargeback fraud")
    for deal in (offered, funded):
        db.session.refresh(deal.contract)
        assert deal.contract.flagged_at is not None
        assert "Chargeback fraud" in deal.contract.flag_reason
    for deal in (done, unrelated):
        db.session.refresh(deal.contract)
        assert deal.contract.flagged_at is None
    alerts = db.session.scalars(
        select(Notification).where(Notification.kind == flags.ALERT_KIND)
    ).all()
    assert {(n.user_id, n.contract_id) for n in alerts} == {
        (a.id, c.id) for a in (admin, other_admin) for c in (offered, funded)
    }
    (suspension,) = _audit("user.suspend")
    assert (suspension.actor_id, suspension.subject_id, suspension.reason) == (
        admin.id, brand.id, "Chargeback fraud",
    )  # fmt: skip
    assert suspension.data["flagged_contracts"] == [offered.id, funded.id]
    assert {e.subject_id for e in _audit("contract.flag")} == {offered.id, funded.id}
    listed = flags.list_flagged(admin)
    assert [c.id for c in listed.items] == sorted([offered.id, funded.id], reverse=True)


def test_a_second_suspension_does_not_flag_twice(admin, ctx):
    deal = make_contract("funded")
    moderation.suspend_user(admin, deal.brand.id, "first")
    moderation.unsuspend_user(admin, deal.brand.id, "mistake")
    moderation.suspend_user(admin, deal.brand.id, "second")
    assert len(_audit("contract.flag")) == 1
    assert [e.action for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.subject_type == "user").order_by(AuditEntry.id))] == [
        "user.suspend", "user.unsuspend", "user.suspend"]  # fmt: skip


def test_clearing_a_flag_needs_a_reason_and_is_audited(admin, ctx):
    deal = make_contract("funded")
    moderation.suspend_user(admin, deal.kol.id, "Fake reach")
    with pytest.raises(ValidationFailed) as caught:
        flags.clear_flag(admin, deal.id, " ")
    assert set(caught.value.fields) == {"reason"}
    with pytest.raises(NotFound):
        flags.clear_flag(admin, 999_999, "checked")
    flags.clear_flag(admin, deal.id, "Work was delivered; let it run")
    db.session.refresh(deal.contract)
    assert deal.contract.flagged_at is None and deal.contract.flag_reason is None
    (entry,) = _audit("contract.unflag")
    assert entry.reason == "Work was delivered; let it run"
    with pytest.raises(NotFound):
        flags.clear_flag(admin, deal.id, "again")


def test_a_failed_suspension_changes_nothing(admin, ctx):
    deal = make_contract("funded")
    with pytest.raises(ValidationFailed):
        moderation.suspend_user(admin, deal.brand.id, "")
    db.session.refresh(deal.contract)
    assert deal.contract.flagged_at is None and not deal.brand.is_suspended
    assert _audit("user.suspend") == [] and _audit("contract.flag") == []


def test_non_admins_cannot_see_or_clear_flags(kol, brand):
    for actor in (kol, brand):
        with pytest.raises(NotAllowed):
            flags.list_flagged(actor)
        with pytest.raises(NotAllowed):
            flags.clear_flag(actor, 1, "x")


def test_verification_is_audited_with_its_note(admin, kol):
    moderation.verify_kol(admin, kol.id, "invited_pro", "Met at the agency; ID checked")
    (entry,) = _audit("kol.verify")
    assert (entry.subject_id, entry.reason, entry.data) == (
        kol.id, "Met at the agency; ID checked", {"level": "invited_pro"},
    )  # fmt: skip
