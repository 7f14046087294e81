"""Two outbox deliverers racing on PostgreSQL: SKIP LOCKED and the lease send each email once.

Runs only with TEST_DATABASE_URL (PostgreSQL); under CI=true the suite refuses to start
without it, so this cannot silently skip there.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.jobs.delivery import deliver_due
from marketplace.jobs.email import message_id
from marketplace.models import OutboxMessage
from marketplace.services.notifications.admin_alerts import notify_user
from marketplace.services.unit_of_work import unit_of_work
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_kol
from tests.smtp_support import MailServer

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

EMAILS = 40
WORKERS = 3


def _race(app) -> list[int]:
    barrier = threading.Barrier(WORKERS)
    counts: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def deliver() -> None:
        with app.app_context():
            barrier.wait()
            try:
                sent = deliver_due(limit=EMAILS)
            except BaseException as error:  # reported by the test, not lost in the thread
                with lock:
                    errors.append(error)
                return
            finally:
                db.session.remove()
            with lock:
                counts.append(sent)

    threads = [threading.Thread(target=deliver) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return counts


def test_racing_deliverers_send_each_email_once(app, committed_db, smtp_server: MailServer):
    with app.app_context():
        kol_ids = [make_kol().id for _ in range(4)]
        with unit_of_work():
            for n in range(EMAILS):
                notify_user(kol_ids[n % 4], "dispute.withdrawn", None, title=f"Deal {n}", by="B")
        db.session.remove()

    counts = _race(app)

    assert sum(counts) == EMAILS
    received = Counter(item.message["Message-ID"] for item in smtp_server.received)
    assert len(smtp_server.received) == EMAILS
    assert set(received.values()) == {1}
    with app.app_context():
        rows = list(db.session.scalars(select(OutboxMessage)))
        assert sorted(received) == sorted(message_id(row) for row in rows)
        assert {(row.status, row.attempts) for row in rows} == {("sent", 1)}
