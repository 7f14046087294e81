"""The outbox: every new notification queues exactly one email, in the same transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.jobs.outbox import queue_email
from marketplace.models import Notification, OutboxMessage
from marketplace.services.contracts import messages, negotiation
from marketplace.services.notifications import mark_read
from marketplace.services.notifications.admin_alerts import notify_admins
from marketplace.services.unit_of_work import unit_of_work
from tests.factories import make_admin
from tests.factories.contracts import make_contract


def _outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _notifications() -> list[Notification]:
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


def test_an_offer_queues_one_email_for_the_kol_linked_to_its_notification(ctx):
    deal = make_contract("offered", title="Spring sunscreen launch")
    [email] = _outbox()
    [notice] = _notifications()
    assert (email.user_id, email.template, email.notification_id) == (
        deal.kol.id,
        "contract.offer",
        notice.id,
    )
    assert email.channel == "email"
    assert email.status == "pending" and email.attempts == 0
    assert email.payload == {"contract_id": deal.id, "notice": notice.payload}
    assert email.payload["notice"]["title"] == "Spring sunscreen launch"


def test_every_notification_of_a_whole_contract_has_exactly_one_email(ctx):
    deal = make_contract("resolved")  # offer .. dispute, resolved by an admin
    notices = _notifications()
    emails = _outbox()
    assert len(notices) >= 6
    assert sorted((e.notification_id, e.user_id, e.template) for e in emails) == sorted(
        (n.id, n.user_id, n.kind) for n in notices
    )
    resolve = [e.user_id for e in emails if e.template == "contract.resolve"]
    assert sorted(resolve) == sorted([deal.brand.id, deal.kol.id])


def test_a_rolled_back_use_case_leaves_no_email(ctx):
    deal = make_contract("offered")
    before = len(_outbox())
    with pytest.raises(RuntimeError, match="after the accept"), unit_of_work():
        negotiation.accept_offer(deal.kol, deal.id)
        assert len(_outbox()) == before + 1  # written, but not committed
        raise RuntimeError("something failed after the accept")
    db.session.expire_all()
    assert len(_outbox()) == before
    assert deal.contract.status == "offered"


def test_a_message_thread_folds_into_one_notice_and_one_email(ctx):
    deal = make_contract("funded")
    before = len(_outbox())
    for body in ("First question", "Second question", "Third question"):
        messages.post_message(deal.brand, deal.id, body)
    new = _outbox()[before:]
    assert [(e.user_id, e.template) for e in new] == [(deal.kol.id, "contract.message")]
    notice = db.session.get(Notification, new[0].notification_id)
    assert notice is not None and notice.payload["count"] == 3

    mark_read(deal.kol)
    messages.post_message(deal.brand, deal.id, "After you read the others")
    assert len(_outbox()) == before + 2  # a new notice, so a new email


def test_a_suspended_recipient_gets_the_notice_but_no_email(ctx):
    deal = make_contract("offered")
    deal.kol.is_suspended = True
    db.session.commit()
    before = len(_outbox())
    negotiation.withdraw_offer(deal.brand, deal.id)
    assert _notifications()[-1].user_id == deal.kol.id
    assert len(_outbox()) == before


def test_a_recipient_without_an_address_gets_no_email(ctx):
    deal = make_contract("offered")
    deal.brand.email = ""
    db.session.commit()
    negotiation.accept_offer(deal.kol, deal.id)
    assert _notifications()[-1].user_id == deal.brand.id
    assert [e.user_id for e in _outbox()] == [deal.kol.id]  # only the offer's


def test_admin_alerts_email_each_active_admin(ctx):
    first, second = make_admin(), make_admin()
    make_admin(suspended=True)
    with unit_of_work():
        assert notify_admins("payments.amount_mismatch", None, title="Launch") == 2
    assert sorted(e.user_id for e in _outbox()) == sorted([first.id, second.id])


def test_one_notification_can_never_produce_two_emails(ctx):
    make_contract("offered")
    [notice] = _notifications()
    with pytest.raises(Conflict), unit_of_work():
        queue_email(notice)
    assert len(_outbox()) == 1


def test_queueing_outside_a_unit_of_work_is_refused(ctx):
    make_contract("offered")
    [notice] = _notifications()
    with pytest.raises(RuntimeError, match="unit of work"):
        queue_email(notice)
