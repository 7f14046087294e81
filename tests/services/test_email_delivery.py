"""Delivering the outbox to a real local SMTP server: once each, retried, in the right language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from email.message import EmailMessage

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.jobs import delivery
from marketplace.jobs.delivery import deliver_due, retry_delay
from marketplace.jobs.email import message_id
from marketplace.models import Notification, OutboxMessage
from marketplace.models.base import utcnow
from marketplace.observability.metrics import EMAILS_SENT
from marketplace.services.contracts import negotiation
from marketplace.services.notifications import notification_text
from tests.factories.contracts import make_contract
from tests.smtp_support import MailServer, _free_port


def _subject(email: EmailMessage) -> str:
    """The subject as a mail client shows it (a folded header may keep the fold's space)."""
    return str(email["Subject"]).strip()


def _outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _notice(email: OutboxMessage) -> Notification:
    notice = db.session.get(Notification, email.notification_id)
    assert notice is not None
    return notice


@contextmanager
def settings(app: Flask, **values: object) -> Iterator[None]:
    saved = {key: app.config[key] for key in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(saved)


def test_a_transition_emails_each_recipient_once(app, ctx, smtp_server: MailServer):
    deal = make_contract("offered", title="Spring sunscreen launch")
    negotiation.accept_offer(deal.kol, deal.id)
    sent_before = EMAILS_SENT._value.get()

    assert deliver_due() == 2
    assert deliver_due() == 0  # nothing is sent twice
    assert EMAILS_SENT._value.get() == sent_before + 2

    [to_kol] = smtp_server.messages_to(deal.kol.email)
    [to_brand] = smtp_server.messages_to(deal.brand.email)
    assert len(smtp_server.received) == 2
    offer, accept = _outbox()
    assert _subject(to_kol) == notification_text(_notice(offer))
    assert _subject(to_brand) == notification_text(_notice(accept))
    assert "Spring sunscreen launch" in _subject(to_brand)
    for email, row in ((to_kol, offer), (to_brand, accept)):
        assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
        assert row.sent_at is not None
        assert email["Message-ID"] == message_id(row)
        assert email["From"] == app.config["MAIL_FROM"]
        assert email["Auto-Submitted"] == "auto-generated"
    link = f"{app.config['PUBLIC_BASE_URL']}/contracts/{deal.id}"
    plain = to_brand.get_body(("plain",)).get_content()
    html = to_brand.get_body(("html",)).get_content()
    assert link in plain and f'href="{link}"' in html
    assert _subject(to_brand) in plain


def test_every_party_of_a_resolved_dispute_gets_each_email_once(ctx, smtp_server: MailServer):
    deal = make_contract("resolved")
    rows = _outbox()
    assert deliver_due() == len(rows)
    ids = Counter(item.message["Message-ID"] for item in smtp_server.received)
    assert sorted(ids) == sorted(message_id(row) for row in rows)
    assert set(ids.values()) == {1}
    parties = {deal.brand.email, deal.kol.email}
    assert {r for item in smtp_server.received for r in item.rcpt_tos} >= parties


def test_a_busy_server_is_retried_with_backoff_until_it_accepts(app, ctx, smtp_server: MailServer):
    make_contract("offered")
    smtp_server.handler.temporary_failures = 2
    start = utcnow() + timedelta(seconds=1)
    base = timedelta(seconds=app.config["OUTBOX_RETRY_BASE_S"])

    assert deliver_due(start) == 0
    [row] = _outbox()
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at == start + base
    assert row.last_error is not None and row.last_error.startswith("451")

    assert deliver_due(start + base - timedelta(seconds=1)) == 0  # not due yet
    assert _outbox()[0].attempts == 1

    assert deliver_due(start + base) == 0
    [row] = _outbox()
    assert row.attempts == 2
    assert row.next_attempt_at == start + base + 2 * base

    assert deliver_due(start + 3 * base) == 1
    [row] = _outbox()
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)
    assert row.sent_at == start + 3 * base
    assert len(smtp_server.received) == 1
    assert smtp_server.handler.refused == 2


def test_the_backoff_doubles_and_is_capped(app, ctx):
    base = app.config["OUTBOX_RETRY_BASE_S"]
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [
        base,
        2 * base,
        4 * base,
        8 * base,
    ]
    assert retry_delay(40) == timedelta(days=1)


def test_a_message_that_keeps_failing_ends_failed(app, ctx, smtp_server: MailServer):
    make_contract("offered")
    smtp_server.handler.temporary_failures = 1000
    attempts = app.config["OUTBOX_MAX_ATTEMPTS"]
    for _ in range(attempts):
        [row] = _outbox()
        assert row.status == "pending"
        assert deliver_due(row.next_attempt_at) == 0
    [row] = _outbox()
    assert (row.status, row.attempts) == ("failed", attempts)
    assert row.last_error is not None and "451" in row.last_error
    assert deliver_due(utcnow() + timedelta(days=30)) == 0
    assert smtp_server.handler.refused == attempts
    assert smtp_server.received == []


def test_an_unknown_recipient_fails_at_once_and_the_batch_goes_on(ctx, smtp_server: MailServer):
    deal = make_contract("accepted")  # an email to the KOL (offer), one to the brand (accept)
    smtp_server.handler.unknown_recipients.add(deal.kol.email)
    assert deliver_due() == 1
    offer, accept = _outbox()
    assert (offer.status, offer.attempts) == ("failed", 1)
    assert offer.last_error is not None and offer.last_error.startswith("550")
    assert accept.status == "sent"
    assert [item.rcpt_tos for item in smtp_server.received] == [[deal.brand.email]]


def test_an_unreachable_server_stops_the_batch_and_loses_nothing(app, ctx):
    make_contract("accepted")
    with settings(app, MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port()):
        assert deliver_due() == 0
    first, second = _outbox()
    assert (first.status, first.attempts) == ("pending", 1)
    assert first.last_error is not None and "Connection" in first.last_error
    assert (second.status, second.attempts) == ("pending", 0)  # left for the next sweep


def test_a_crash_after_sending_resends_under_the_same_message_id(
    app, ctx, smtp_server: MailServer, monkeypatch
):
    make_contract("offered")
    start = utcnow() + timedelta(seconds=1)

    def worker_dies(*_args: object) -> None:
        raise SystemExit("the worker stopped before recording the send")

    monkeypatch.setattr(delivery, "_record_sent", worker_dies)
    with pytest.raises(SystemExit):
        deliver_due(start)
    monkeypatch.undo()
    [row] = _outbox()
    assert (row.status, row.attempts) == ("pending", 1)
    lease = row.next_attempt_at - start
    assert lease >= timedelta(seconds=app.config["MAIL_TIMEOUT_S"])

    assert deliver_due(start + lease - timedelta(seconds=1)) == 0  # still leased
    assert deliver_due(start + lease) == 1
    first, second = (item.message for item in smtp_server.received)
    assert first["Message-ID"] == second["Message-ID"] == message_id(row)
    assert _outbox()[0].status == "sent"


def test_a_recipient_suspended_before_delivery_is_not_emailed(ctx, smtp_server: MailServer):
    deal = make_contract("offered")
    deal.kol.is_suspended = True
    db.session.commit()
    assert deliver_due() == 0
    [row] = _outbox()
    assert row.status == "failed" and "suspended" in (row.last_error or "")
    assert smtp_server.received == []


def test_a_chinese_reader_gets_the_email_in_chinese(ctx, smtp_server: MailServer):
    deal = make_contract("offered", title="春季防晒新品")
    deal.kol.locale = "zh"
    db.session.commit()
    assert deliver_due() == 1
    [email] = smtp_server.messages_to(deal.kol.email)
    notice = _notice(_outbox()[0])
    with force_locale("zh"):
        chinese = notification_text(notice)
    with force_locale("en"):
        english = notification_text(notice)
    assert chinese != english  # the sentence is in the catalogue already
    assert email["Content-Language"] == "zh"
    assert _subject(email) == chinese
    assert chinese in email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    assert '<html lang="zh">' in html and chinese in html


def test_a_reader_without_a_language_gets_english(ctx, smtp_server: MailServer):
    deal = make_contract("offered")
    deal.kol.locale = None
    db.session.commit()
    deliver_due()
    [email] = smtp_server.messages_to(deal.kol.email)
    assert email["Content-Language"] == "en"
    assert _subject(email).endswith("sent you an offer: " + deal.contract.title)


def test_without_a_mail_server_emails_are_printed(app, ctx, capsys):
    deal = make_contract("offered", title="Autumn lipstick")
    assert app.config["MAIL_SERVER"] == ""
    assert deliver_due() == 1
    printed = capsys.readouterr().err
    [row] = _outbox()
    assert row.status == "sent"
    assert f"To: {deal.kol.name} <{deal.kol.email}>" in printed
    assert "Subject: " in printed and "Autumn lipstick" in printed
    assert f"/contracts/{deal.id}" in printed
    assert message_id(row) in printed


def test_a_lease_runs_from_the_real_time_even_late_in_a_long_sweep(
    app, ctx, smtp_server: MailServer, monkeypatch
):
    make_contract("offered")
    sweep_started = utcnow() - timedelta(hours=1)  # a sweep that has been sending for an hour
    monkeypatch.setattr(delivery, "_record_sent", lambda *_args: None)  # keep it claimed
    before = utcnow()
    deliver_due(sweep_started)
    [row] = _outbox()
    assert row.attempts == 1
    assert row.next_attempt_at >= before + timedelta(seconds=app.config["MAIL_TIMEOUT_S"])
    assert deliver_due() == 0  # another worker now finds it leased, not due
    assert len(smtp_server.received) == 1
