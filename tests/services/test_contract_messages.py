"""A contract's thread: the parties write, admins read, strangers see nothing."""

from __future__ import annotations

import pytest

from marketplace.domain.errors import NotAllowed, NotFound, ValidationFailed
from marketplace.models import ContractMessage, Notification
from marketplace.services.contracts.messages import BODY_MAX, list_messages, post_message
from marketplace.services.notifications import notification_text
from tests.factories import make_admin, make_brand, make_kol
from tests.factories.contracts import make_contract


def _message_notices(user_id: int) -> list[Notification]:
    return Notification.query.filter_by(user_id=user_id, kind="contract.message").all()


def test_parties_write_and_the_thread_reads_oldest_first(ctx):
    deal = make_contract("funded")
    post_message(deal.brand, deal.id, "  Hi! Please post before Friday.  ")
    post_message(deal.kol, deal.id, "Sure, Thursday evening.")
    for reader in (deal.brand, deal.kol, make_admin()):
        page = list_messages(reader, deal.id)
        assert [m.body for m in page.items] == [
            "Hi! Please post before Friday.",
            "Sure, Thursday evening.",
        ]
        assert [m.author_id for m in page.items] == [deal.brand.id, deal.kol.id]
        assert page.total == 2


def test_a_message_notifies_only_the_other_party(ctx):
    deal = make_contract("offered")
    post_message(deal.kol, deal.id, "Can we do two posts?")
    assert len(_message_notices(deal.brand.id)) == 1
    assert _message_notices(deal.kol.id) == []
    notice = _message_notices(deal.brand.id)[0]
    assert notice.contract_id == deal.id
    assert deal.kol.name in notification_text(notice)


def test_unread_message_notices_fold_into_one_with_a_count(ctx):
    deal = make_contract("funded")
    for body in ("one", "two", "three"):
        post_message(deal.brand, deal.id, body)
    notices = _message_notices(deal.kol.id)
    assert len(notices) == 1
    assert notices[0].payload["count"] == 3
    assert notification_text(notices[0]).startswith("3 new messages")


def test_a_stranger_can_neither_read_nor_write(ctx):
    deal = make_contract("funded")
    for stranger in (make_brand(), make_kol()):
        with pytest.raises(NotFound):
            post_message(stranger, deal.id, "hello")
        with pytest.raises(NotFound):
            list_messages(stranger, deal.id)
    with pytest.raises(NotFound):
        post_message(deal.brand, 10**6, "hello")
    assert ContractMessage.query.count() == 0


def test_an_admin_reads_but_cannot_post(ctx):
    deal = make_contract("disputed")
    with pytest.raises(NotAllowed):
        post_message(make_admin(), deal.id, "I am looking into it")
    assert ContractMessage.query.count() == 0


@pytest.mark.parametrize(
    "body",
    ["", "   ", None, "nul\x00byte", "x" * (BODY_MAX + 1), 42, ["a list"]],
    ids=["empty", "blank", "missing", "nul", "too-long", "number", "list"],
)
def test_bad_bodies_are_refused_and_nothing_is_written(ctx, body):
    deal = make_contract("funded")
    with pytest.raises(ValidationFailed) as error:
        post_message(deal.brand, deal.id, body)
    assert "body" in error.value.fields
    assert ContractMessage.query.count() == 0
    assert _message_notices(deal.kol.id) == []


def test_the_longest_body_is_accepted(ctx):
    deal = make_contract("funded")
    message = post_message(deal.kol, deal.id, "y" * BODY_MAX)
    assert len(message.body) == BODY_MAX


def test_paging_is_validated(ctx):
    deal = make_contract("funded")
    with pytest.raises(ValidationFailed):
        list_messages(deal.brand, deal.id, page=0)
    with pytest.raises(ValidationFailed):
        list_messages(deal.brand, deal.id, per_page=101)
