"""Delivering the outbox after commit: each email at most once per successful attempt.

One message at a time: a short transaction claims the next due row (`FOR UPDATE SKIP
LOCKED` on PostgreSQL, so concurrent workers take different rows; on SQLite the unit of
work holds the write lock), counts the attempt and pushes `next_attempt_at` forward as a
lease, and commits. Only then is the email sent, outside any transaction; a second short
transaction marks it `sent`, or schedules the retry with exponential backoff, or gives up
(`failed`) once `OUTBOX_MAX_ATTEMPTS` are used. A `sent` row is never claimed again.

A worker that stops between the server's acceptance and the `sent` mark leaves the row
pending; when its lease runs out, another worker sends it again under the same
Message-ID (`email.message_id`), which lets the receiving side drop the duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select, update

from marketplace.extensions import db
from marketplace.jobs.email import Failure, Mailer, SendError, open_mailer, render_email
from marketplace.jobs.outbox import EMAIL, can_receive_email
from marketplace.models import OutboxMessage, User
from marketplace.models.base import utcnow
from marketplace.observability.metrics import EMAILS_SENT
from marketplace.services.unit_of_work import unit_of_work

log = logging.getLogger(__name__)

PENDING, SENT, FAILED = "pending", "sent", "failed"
# A claim outlives the slowest send: every SMTP step may take up to MAIL_TIMEOUT_S.
LEASE_MIN_S = 60
LEASE_TIMEOUTS = 10
# However many attempts are allowed, retries are at most a day apart.
BACKOFF_MAX_S = 24 * 3600
ERROR_MAX = 200


@dataclass(frozen=True)
class Claim:
    """A row this worker holds: its id, the attempt it is on, and the email to send."""

    message_id: int
    attempt: int
    email: EmailMessage | None


def retry_delay(attempt: int) -> timedelta:
    """The wait after failed attempt number `attempt` (1, 2, ...): base × 2^(attempt-1)."""
    base = current_app.config["OUTBOX_RETRY_BASE_S"]
    return timedelta(seconds=min(base * 2 ** (attempt - 1), BACKOFF_MAX_S))


def _lease() -> timedelta:
    return timedelta(
        seconds=max(LEASE_MIN_S, LEASE_TIMEOUTS * current_app.config["MAIL_TIMEOUT_S"])
    )


def _short(reason: str) -> str:
    return reason if len(reason) <= ERROR_MAX else reason[: ERROR_MAX - 1] + "…"


def _give_up(message: OutboxMessage, reason: str) -> None:
    message.status = FAILED
    message.last_error = _short(reason)
    log.warning("outbox message %s failed: %s", message.id, reason)


def _claim_next(now: datetime) -> Claim | None:
    """Take the next due email in a transaction of its own; None when nothing is due."""
    with unit_of_work():
        message = db.session.scalar(
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == EMAIL,
                OutboxMessage.status == PENDING,
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if message is None:
            return None
        recipient = db.session.get(User, message.user_id) if message.user_id else None
        if message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
            # The last attempt's worker stopped before recording its outcome.
            _give_up(message, f"no outcome recorded for attempt {message.attempts}")
            return Claim(message.id, message.attempts, None)
        if not can_receive_email(recipient):
            _give_up(message, "the recipient has no address or is suspended")
            return Claim(message.id, message.attempts, None)
        message.attempts += 1
        message.next_attempt_at = now + _lease()
        try:
            email = render_email(message, recipient, now)
        except Exception as error:
            log.exception("outbox message %s could not be rendered", message.id)
            _fail_attempt(message, f"rendering: {type(error).__name__}: {error}", now)
            return Claim(message.id, message.attempts, None)
        return Claim(message.id, message.attempts, email)


def _fail_attempt(message: OutboxMessage, reason: str, now: datetime) -> None:
    if message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        _give_up(message, reason)
        return
    message.last_error = _short(reason)
    message.next_attempt_at = now + retry_delay(message.attempts)
    log.info("outbox message %s: attempt %s failed: %s", message.id, message.attempts, reason)


def _record_sent(claim: Claim, now: datetime) -> None:
    with unit_of_work():
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == claim.message_id, OutboxMessage.status == PENDING)
            .values(status=SENT, sent_at=now, last_error=None)
            .execution_options(synchronize_session=False)
        )
    EMAILS_SENT.inc()
    log.info("outbox message %s sent (attempt %s)", claim.message_id, claim.attempt)


def _record_failure(claim: Claim, error: SendError, now: datetime) -> None:
    """Schedule the retry or give up, unless another worker has taken the row since."""
    with unit_of_work():
        message = db.session.scalar(
            select(OutboxMessage)
            .where(
                OutboxMessage.id == claim.message_id,
                OutboxMessage.status == PENDING,
                OutboxMessage.attempts == claim.attempt,
            )
            .with_for_update()
        )
        if message is None:
            return
        if error.failure is Failure.REJECTED:
            _give_up(message, error.reason)
        else:
            _fail_attempt(message, error.reason, now)


def _send(mailer: Mailer, claim: Claim, email: EmailMessage) -> SendError | None:
    try:
        mailer.send(email)
    except SendError as error:
        return error
    except Exception as error:
        log.exception("outbox message %s: unexpected error while sending", claim.message_id)
        return SendError(Failure.RETRY, f"{type(error).__name__}: {error}")
    return None


def deliver_due(now: datetime | None = None, limit: int = 100) -> int:
    """Send up to `limit` due emails; returns how many the mail server accepted.

    Stops early when the server itself is the problem (unreachable, refusing our login
    or sender), leaving the other messages for the next sweep.
    """
    # A sweep passes the moment it started; a long batch must not lease from the past.
    clock: Callable[[], datetime] = (lambda: max(now, utcnow())) if now is not None else utcnow
    sent = 0
    with open_mailer() as mailer:
        for _ in range(limit):
            claim = _claim_next(clock())
            if claim is None:
                break
            if claim.email is None:
                continue  # settled while claiming
            error = _send(mailer, claim, claim.email)
            if error is None:
                _record_sent(claim, clock())
                sent += 1
                continue
            _record_failure(claim, error, clock())
            if error.failure is Failure.SERVER:
                break
    return sent
