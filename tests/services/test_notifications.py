"""Notifications: who hears about what, their words and links, unread counts, marking read."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.domain.errors import ValidationFailed
from marketplace.models import Notification
from marketplace.models.base import utcnow
from marketplace.services.contracts import negotiation, timers
from marketplace.services.notifications import (
    list_notifications,
    mark_read,
    notification_text,
    notification_url,
    notify_contract_event,
    unread_count,
)
from marketplace.services.notifications.contract_events import RECIPIENTS
from marketplace.services.notifications.texts import TEXTS
from marketplace.services.unit_of_work import unit_of_work
from tests.factories import make_admin, make_brand
from tests.factories.contracts import make_contract


def _kinds(user) -> list[str]:
    return [n.kind for n in Notification.query.filter_by(user_id=user.id).order_by("id")]


def test_each_step_tells_the_party_who_acts_next(ctx):
    deal = make_contract("completed")
    assert _kinds(deal.kol) == ["contract.offer", "contract.fund", "contract.approve"]
    assert _kinds(deal.brand) == ["contract.accept", "contract.submit"]


def test_an_offer_reads_well_and_leads_to_the_contract(ctx):
    deal = make_contract("offered", title="Spring sunscreen launch")
    notice = Notification.query.filter_by(user_id=deal.kol.id).one()
    assert notification_text(notice) == (
        f"{deal.brand.name} sent you an offer: Spring sunscreen launch"
    )
    assert notification_url(notice) == f"/contracts/{deal.id}"


def test_a_counter_offer_goes_back_to_the_brand(ctx):
    deal = make_contract("offered")
    negotiation.counter_offer(deal.kol, deal.id, price=350_000, message="A bit more")
    assert _kinds(deal.brand) == ["contract.counter"]


def test_an_expired_offer_is_told_to_the_brand_only(ctx):
    deal = make_contract("offered")
    before = len(_kinds(deal.kol))
    timers.run_due(utcnow() + timedelta(days=30))
    assert _kinds(deal.brand)[-1] == "contract.expire"
    assert len(_kinds(deal.kol)) == before


def test_an_admin_resolution_tells_both_parties(ctx):
    deal = make_contract("resolved")
    assert _kinds(deal.brand)[-2:] == ["contract.resolve", "dispute.resolved"]
    assert _kinds(deal.kol)[-2:] == ["contract.resolve", "dispute.resolved"]
    notice = Notification.query.filter_by(user_id=deal.kol.id, kind="contract.resolve").one()
    assert notice.payload["by"] is None  # the admin's name is not shown
    decision = Notification.query.filter_by(user_id=deal.kol.id, kind="dispute.resolved").one()
    assert notification_text(decision).endswith(": Split")  # the written reason


def test_actions_nobody_needs_to_hear_about_notify_nobody(ctx):
    deal = make_contract("funded")
    before = Notification.query.count()
    notify_contract_event(deal.contract, "commission_accrued", None)
    assert Notification.query.count() == before


def test_the_actor_is_never_notified(ctx):
    deal = make_contract("funded")
    before = _kinds(deal.brand)
    with unit_of_work():
        for action in RECIPIENTS:
            notify_contract_event(deal.contract, action, deal.brand)
    assert _kinds(deal.brand) == before


@pytest.mark.parametrize("action", sorted(set(RECIPIENTS) - {"message"}))
def test_every_notified_action_has_its_own_sentence(ctx, action):
    assert f"contract.{action}" in TEXTS


def test_unread_count_and_marking_all_read(ctx):
    deal = make_contract("submitted")
    assert unread_count(deal.kol) == 2  # offer, funded
    assert mark_read(deal.kol) == 2
    assert unread_count(deal.kol) == 0
    assert unread_count(deal.brand) == 2  # accepted, submitted
    assert mark_read(deal.kol) == 0


def test_marking_some_read_ignores_other_users_ids(ctx):
    deal = make_contract("submitted")
    kol_ids = [n.id for n in Notification.query.filter_by(user_id=deal.kol.id)]
    brand_ids = [n.id for n in Notification.query.filter_by(user_id=deal.brand.id)]
    assert mark_read(deal.kol, [kol_ids[0], *brand_ids, 10**6]) == 1
    assert unread_count(deal.kol) == 1
    assert unread_count(deal.brand) == 2
    assert mark_read(deal.kol, []) == 0


@pytest.mark.parametrize("ids", ["1", 5, ["x"], [0], list(range(1, 102))], ids=repr)
def test_bad_ids_are_refused(ctx, ids):
    user = make_brand()
    with pytest.raises(ValidationFailed):
        mark_read(user, ids)


def test_the_list_is_newest_first_and_paged(ctx):
    deal = make_contract("completed")
    page = list_notifications(deal.kol, 1, 2)
    assert [n.kind for n in page.items] == ["contract.approve", "contract.fund"]
    assert page.total == 3
    mark_read(deal.kol, [page.items[0].id])
    unread = list_notifications(deal.kol, unread_only=True)
    assert [n.kind for n in unread.items] == ["contract.fund", "contract.offer"]
    with pytest.raises(ValidationFailed):
        list_notifications(deal.kol, page="x")


def test_an_admin_has_no_contract_notifications(ctx):
    make_contract("resolved")
    assert unread_count(make_admin()) == 0
