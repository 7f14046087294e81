"""KOL onboarding to Connect Express accounts, account.updated and bank payout events.

Against the stand-in (tests/stripe_support): OUR model of Stripe's documented Connect
behaviour (accounts, account links, balances, payouts), not Stripe and not localstripe.
Events are signed like Stripe's and posted to our Connect endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.models import BankPayout, Notification, PaymentAccount, PaymentAttempt
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from marketplace.services.payments import connect_accounts, payouts
from marketplace.services.payments.payout_overview import stripe_payouts
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.stripe import make_stripe_contract, onboard_kol


@pytest.fixture
def sctx(stripe_app: Flask) -> Iterator[None]:
    with stripe_app.test_request_context():
        yield


def _transfers(server) -> list:
    return [r for r in server.requests_to("POST", "/v1/transfers") if "reversals" not in r.path]


def test_account_is_created_once_with_its_key(stripe_server, sctx) -> None:
    kol, _ = make_kol_with_listing()
    first = connect_accounts.ensure_account(kol)
    again = connect_accounts.ensure_account(kol)
    assert first.id == again.id and first.reference.startswith("acct_")
    created = stripe_server.requests_to("POST", "/v1/accounts")
    assert len(created) == 1
    assert created[0].idempotency_key == f"account:{kol.id}"
    assert created[0].params["type"] == "express"
    assert created[0].params["capabilities"] == {"transfers": {"requested": "true"}}
    assert db.session.scalar(select(func.count()).select_from(PaymentAccount)) == 1


def test_each_link_is_fresh_and_points_back_to_our_pages(stripe_server, sctx) -> None:
    kol, _ = make_kol_with_listing()
    one = connect_accounts.onboarding_link(kol, "https://app/refresh", "https://app/return")
    two = connect_accounts.onboarding_link(kol, "https://app/refresh", "https://app/return")
    assert one != two
    links = stripe_server.requests_to("POST", "/v1/account_links")
    assert [r.params["type"] for r in links] == ["account_onboarding"] * 2
    assert links[0].params["refresh_url"] == "https://app/refresh"
    assert links[0].params["return_url"] == "https://app/return"


def test_new_account_is_not_ready_and_says_why(stripe_server, sctx) -> None:
    kol, _ = make_kol_with_listing()
    assert connect_accounts.payout_account_status(kol).state == connect_accounts.NO_ACCOUNT
    connect_accounts.ensure_account(kol)
    status = connect_accounts.refresh_status(kol)
    assert status.state == connect_accounts.ONBOARDING_INCOMPLETE
    assert "external_account" in status.requirements_due


def test_requirements_still_due_keep_the_account_not_ready(stripe_server, sctx) -> None:
    kol, _ = make_kol_with_listing()
    account = onboard_kol(stripe_server, kol, due=("individual.verification.document",))
    assert account.transfers_enabled and not account.ready
    status = connect_accounts.payout_account_status(kol)
    assert status.state == connect_accounts.REQUIREMENTS_DUE
    assert status.requirements_due == ("individual.verification.document",)


def test_account_updated_refetches_the_account(
    stripe_server, stripe_client, send_stripe_event, sctx
) -> None:
    kol, _ = make_kol_with_listing()
    account = connect_accounts.ensure_account(kol)
    stale = stripe_server.account_updated(account.reference)  # still incomplete in the event
    event = {**stale, "data": {"object": dict(stale["data"]["object"])}}
    stripe_server.complete_onboarding(account.reference)  # ...but Stripe has it ready now
    response = send_stripe_event(stripe_client, event, "connect")
    assert response.status_code == 200 and response.json["outcome"] == "handled"
    db.session.refresh(account)
    assert account.ready and account.requirements_due == []


def test_account_updated_for_an_unknown_account_is_ignored(
    stripe_server, stripe_client, send_stripe_event, sctx
) -> None:
    other = stripe_server.connect.create_account({"type": "express"})[1]
    event = stripe_server.account_updated(other["id"])
    response = send_stripe_event(stripe_client, event, "connect")
    assert response.status_code == 200 and response.json["outcome"] == "ignored"
    assert db.session.scalar(select(func.count()).select_from(PaymentAccount)) == 0


def test_release_waits_until_account_ready_then_is_sent(
    stripe_server, stripe_client, send_stripe_event, sctx
) -> None:
    deal = make_stripe_contract(stripe_server, onboarded=False)
    kol = deal.kol
    assert _transfers(stripe_server) == []
    assert balance(accounts.kol_available(kol.id), "usd") == 45_000  # 10% fee
    overview = stripe_payouts(kol)
    assert overview.account.state == connect_accounts.NO_ACCOUNT
    assert overview.waiting == {"usd": 45_000}

    account = connect_accounts.ensure_account(kol)
    stripe_server.complete_onboarding(account.reference, due=("external_account",))
    event = stripe_server.account_updated(account.reference)
    assert send_stripe_event(stripe_client, event, "connect").status_code == 200
    assert _transfers(stripe_server) == []
    assert stripe_payouts(kol).account.state == connect_accounts.REQUIREMENTS_DUE

    stripe_server.complete_onboarding(account.reference)
    event = stripe_server.account_updated(account.reference)
    assert send_stripe_event(stripe_client, event, "connect").status_code == 200
    sent = _transfers(stripe_server)
    assert len(sent) == 1 and sent[0].params["destination"] == account.reference
    assert sent[0].idempotency_key == f"release:{deal.id}"
    assert balance(accounts.kol_available(kol.id), "usd") == 0
    assert balance(accounts.kol_paid_out(kol.id), "usd") == 45_000
    assert stripe_server.balance(account.reference) == 45_000
    assert stripe_payouts(kol).waiting == {}
    # The same event again (a duplicate delivery) sends nothing more.
    assert send_stripe_event(stripe_client, event, "connect").json["outcome"] == "duplicate"
    assert len(_transfers(stripe_server)) == 1


def test_manual_payouts_are_refused_in_stripe_mode(stripe_server, sctx) -> None:
    deal = make_stripe_contract(stripe_server, onboarded=False)
    with pytest.raises(Conflict, match="automatic with Stripe"):
        payouts.request_payout(deal.kol, 100, "usd")
    assert balance(accounts.kol_available(deal.kol.id), "usd") == 45_000
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(PaymentAttempt)
            .where(PaymentAttempt.kind == "transfer")
        )
        == 0
    )


def test_bank_payouts_are_recorded_once_and_a_failure_alerts_the_kol(
    stripe_server, stripe_client, send_stripe_event, sctx
) -> None:
    kol, _ = make_kol_with_listing()
    account = onboard_kol(stripe_server, kol)
    paid = stripe_server.payout_event(account.reference, 12_000)
    assert send_stripe_event(stripe_client, paid, "connect").json["outcome"] == "handled"
    assert send_stripe_event(stripe_client, paid, "connect").json["outcome"] == "duplicate"
    failed = stripe_server.payout_event(account.reference, 3_000, status="failed")
    assert send_stripe_event(stripe_client, failed, "connect").status_code == 200
    rows = {row.reference: row for row in db.session.scalars(select(BankPayout))}
    assert len(rows) == 2
    paid_row = rows[paid["data"]["object"]["id"]]
    assert (paid_row.kol_id, paid_row.amount, paid_row.status) == (kol.id, 12_000, "paid")
    failed_row = rows[failed["data"]["object"]["id"]]
    assert failed_row.status == "failed" and failed_row.failure_code == "account_closed"
    alerts = db.session.scalars(select(Notification).where(Notification.user_id == kol.id)).all()
    assert [n.kind for n in alerts if n.kind.startswith("payments.")] == [
        "payments.bank_payout_failed"
    ]
    # A late payout.paid for the failed payout does not make it paid again.
    late = {**failed, "id": failed["id"] + "_late", "type": "payout.paid"}
    send_stripe_event(stripe_client, late, "connect")
    db.session.refresh(failed_row)
    assert failed_row.status == "failed"
    assert [p.reference for p in stripe_payouts(kol).bank_payouts] != []


def test_payout_on_an_unknown_account_is_ignored(
    stripe_server, stripe_client, send_stripe_event, sctx
) -> None:
    other = stripe_server.connect.create_account({"type": "express"})[1]["id"]
    event = stripe_server.payout_event(other, 500)
    assert send_stripe_event(stripe_client, event, "connect").json["outcome"] == "ignored"
    assert db.session.scalar(select(func.count()).select_from(BankPayout)) == 0


def test_account_updated_while_stripe_is_unreachable_asks_for_redelivery(
    stripe_server, stripe_client, send_stripe_event, sctx
) -> None:
    kol, _ = make_kol_with_listing()
    account = connect_accounts.ensure_account(kol)
    stripe_server.complete_onboarding(account.reference)
    event = stripe_server.account_updated(account.reference)
    stripe_server.fail_next("network", times=3, path="/v1/accounts", method="GET")
    assert send_stripe_event(stripe_client, event, "connect").status_code == 503
    db.session.refresh(account)
    assert not account.ready  # nothing stored from the event itself
    again = send_stripe_event(stripe_client, event, "connect")  # Stripe delivers it again
    assert again.status_code == 200 and again.json["outcome"] == "handled"
    db.session.refresh(account)
    assert account.ready
