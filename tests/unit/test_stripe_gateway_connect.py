"""StripeGateway's Connect calls, against the stand-in only (localstripe has no Connect).

What is proven here is that the gateway speaks Stripe's documented API as the stand-in
models it (tests/stripe_support/connect_model.py), not Stripe itself. The charges used
as `source_transaction` are real localstripe charges.
"""

from __future__ import annotations

import time

import pytest

from marketplace.payments.gateway import GatewayDeclined, GatewayUnavailable
from marketplace.payments.stripe_gateway import StripeGateway
from tests.stripe_support.plugin import StripeServer

pytestmark = pytest.mark.stripe


def paid_charge(gateway: StripeGateway, server: StripeServer, amount: int = 10_000) -> str:
    session = gateway.start_payment(
        amount=amount, currency="usd", contract_id=3, idempotency_key="fund:3", description="c"
    )
    server.pay_intent(session.reference)
    charge = gateway.payment_state(session.reference).charge_reference
    assert charge is not None
    return charge


def onboarded(gateway: StripeGateway, server: StripeServer) -> str:
    account = gateway.create_account(
        email="kol@example.com", country="US", idempotency_key="acct:1"
    )
    server.complete_onboarding(account)
    return account


def pay(
    gateway: StripeGateway,
    account: str,
    charge: str | None,
    amount: int = 8_000,
    key: str = "release:3",
):
    return gateway.transfer(
        destination=account,
        amount=amount,
        currency="usd",
        idempotency_key=key,
        source_transaction=charge,
        transfer_group="contract_3",
    )


def test_new_express_account_is_not_ready(stripe_gateway, stripe_server: StripeServer):
    account = stripe_gateway.create_account(
        email="kol@example.com", country="FR", idempotency_key="account:9"
    )

    state = stripe_gateway.account_state(account)

    assert account.startswith("acct_")
    assert not state.transfers_enabled and state.requirements_due
    [sent] = stripe_server.requests_to("POST", "/v1/accounts")
    assert sent.idempotency_key == "account:9"
    assert sent.params == {
        "type": "express",
        "email": "kol@example.com",
        "country": "FR",
        "capabilities": {"transfers": {"requested": "true"}},
    }


def test_onboarded_account_has_transfers_and_nothing_due(stripe_gateway, stripe_server):
    account = onboarded(stripe_gateway, stripe_server)

    state = stripe_gateway.account_state(account)

    assert state.transfers_enabled and state.requirements_due == ()
    assert state.details_submitted and state.payouts_enabled


def test_account_with_something_still_due(stripe_gateway, stripe_server: StripeServer):
    account = stripe_gateway.create_account(
        email="k@example.com", country=None, idempotency_key="a"
    )
    stripe_server.complete_onboarding(account, due=("individual.verification.document",))

    state = stripe_gateway.account_state(account)

    assert state.transfers_enabled and state.requirements_due == (
        "individual.verification.document",
    )


def test_account_link(stripe_gateway, stripe_server: StripeServer):
    account = onboarded(stripe_gateway, stripe_server)

    url = stripe_gateway.account_link(
        account_reference=account, refresh_url="http://app/refresh", return_url="http://app/done"
    )

    assert url.startswith(stripe_server.url) and account in url
    [sent] = stripe_server.requests_to("POST", "/v1/account_links")
    assert sent.params["type"] == "account_onboarding"
    assert sent.params["refresh_url"] == "http://app/refresh"


def test_unknown_account_is_declined(stripe_gateway):
    with pytest.raises(GatewayDeclined):
        stripe_gateway.account_state("acct_missing")


def test_transfer_from_the_charge(stripe_gateway, stripe_server: StripeServer):
    charge = paid_charge(stripe_gateway, stripe_server)
    account = onboarded(stripe_gateway, stripe_server)

    result = pay(stripe_gateway, account, charge)

    assert result.reference.startswith("tr_")
    [sent] = stripe_server.requests_to("POST", "/v1/transfers")
    assert sent.idempotency_key == "release:3"
    assert sent.params == {
        "amount": "8000",
        "currency": "usd",
        "destination": account,
        "source_transaction": charge,
        "transfer_group": "contract_3",
    }
    assert stripe_gateway.available_balance(account, "usd") == 8_000
    assert stripe_server.requests_to("GET", "/v1/balance")[0].stripe_account == account


def test_transfer_beyond_the_charge_is_declined(stripe_gateway, stripe_server: StripeServer):
    charge = paid_charge(stripe_gateway, stripe_server, amount=5_000)
    account = onboarded(stripe_gateway, stripe_server)

    with pytest.raises(GatewayDeclined):
        pay(stripe_gateway, account, charge, amount=5_001)


def test_transfer_with_the_same_key_pays_once(stripe_gateway, stripe_server: StripeServer):
    charge = paid_charge(stripe_gateway, stripe_server)
    account = onboarded(stripe_gateway, stripe_server)

    first, again = pay(stripe_gateway, account, charge), pay(stripe_gateway, account, charge)

    assert first == again
    assert len(stripe_server.connect.transfers) == 1
    assert stripe_server.balance(account) == 8_000


def test_reversal_within_the_balance(stripe_gateway, stripe_server: StripeServer):
    account = onboarded(stripe_gateway, stripe_server)
    transfer = pay(stripe_gateway, account, paid_charge(stripe_gateway, stripe_server))

    reversal = stripe_gateway.reverse_transfer(
        transfer_reference=transfer.reference, amount=3_000, idempotency_key="reverse:3:1"
    )

    assert reversal.reference.startswith("trr_")
    assert stripe_gateway.available_balance(account, "usd") == 5_000
    assert stripe_server.connect.transfers[transfer.reference]["amount_reversed"] == 3_000


def test_reversal_beyond_the_kols_balance_is_declined(stripe_gateway, stripe_server):
    account = onboarded(stripe_gateway, stripe_server)
    transfer = pay(stripe_gateway, account, paid_charge(stripe_gateway, stripe_server))
    stripe_server.payout_event(account, 6_000)  # the KOL was paid out to the bank

    with pytest.raises(GatewayDeclined) as declined:
        stripe_gateway.reverse_transfer(
            transfer_reference=transfer.reference, amount=3_000, idempotency_key="reverse:3:1"
        )

    assert declined.value.code == "balance_insufficient"
    assert stripe_server.balance(account) == 2_000


def test_list_records_by_creation_time(stripe_gateway, stripe_server: StripeServer):
    charge = paid_charge(stripe_gateway, stripe_server)
    account = onboarded(stripe_gateway, stripe_server)
    transfer = pay(stripe_gateway, account, charge)
    stripe_gateway.reverse_transfer(
        transfer_reference=transfer.reference, amount=1_000, idempotency_key="reverse:3:1"
    )
    stripe_gateway.refund(charge_reference=charge, amount=500, currency="usd", idempotency_key="r")
    now = int(time.time())

    payments = stripe_gateway.list_records("payment", now - 60, now + 60)
    refunds = stripe_gateway.list_records("refund", now - 60, now + 60)
    transfers = stripe_gateway.list_records("transfer", now - 60, now + 60)

    assert [(p.amount, p.status, p.contract_id) for p in payments] == [(10_000, "succeeded", 3)]
    assert [(r.amount, r.currency) for r in refunds] == [(500, "usd")]
    assert [(t.reference, t.amount, t.status) for t in transfers] == [
        (transfer.reference, 7_000, "paid")
    ]
    assert stripe_gateway.list_records("payment", now + 60, now + 120) == []
    with pytest.raises(ValueError):
        stripe_gateway.list_records("dispute", now, now)


@pytest.mark.parametrize("kind", ["network", "500"])
def test_unreachable_stripe_is_unavailable(stripe_gateway, stripe_server: StripeServer, kind):
    charge = paid_charge(stripe_gateway, stripe_server)
    account = onboarded(stripe_gateway, stripe_server)
    stripe_server.fail_next(kind, times=3, path="/v1/transfers")  # stripe-python retries twice

    with pytest.raises(GatewayUnavailable):
        pay(stripe_gateway, account, charge)

    assert stripe_server.connect.transfers == {}
    assert len(stripe_server.requests_to("POST", "/v1/transfers")) == 3
    assert pay(stripe_gateway, account, charge).reference.startswith("tr_")


def test_timeout_after_acting_then_retry_pays_once(stripe_gateway, stripe_server: StripeServer):
    charge = paid_charge(stripe_gateway, stripe_server)
    account = onboarded(stripe_gateway, stripe_server)
    stripe_server.fail_next("timeout_after", times=3, path="/v1/transfers")

    with pytest.raises(GatewayUnavailable):
        pay(stripe_gateway, account, charge)
    [made] = stripe_server.connect.transfers  # Stripe acted, the caller could not know

    again = pay(stripe_gateway, account, charge)

    assert again.reference == made
    assert len(stripe_server.connect.transfers) == 1 and stripe_server.balance(account) == 8_000
    keys = {r.idempotency_key for r in stripe_server.requests_to("POST", "/v1/transfers")}
    assert keys == {"release:3"}
