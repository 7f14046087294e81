"""Manual smoke test of the Stripe integration in Stripe TEST mode. Never run in CI.

It drives the app's own services against Stripe's test mode, printing each step:

1. a brand, a KOL and an accepted contract (USD);
2. funding: the PaymentIntent the payment page would get (`fund:<contract>`), confirmed
   with the test card `pm_card_visa`, as Stripe.js would in the browser;
3. the contract funded by the `payment_intent.succeeded` webhook (polled for `--wait`
   seconds), or else by retrieving the PaymentIntent, as the return page does;
4. the KOL's test connected account (`--account acct_...`, onboarded and able to take
   transfers) gets the release: proof submitted, approved, `Transfer` with
   `source_transaction` (`release:<contract>`);
5. a second contract funded the same way and cancelled by both sides: its PaymentIntent
   refunded in full (`refund:<contract>:1`);
6. reconciliation of today with Stripe's lists.

It refuses to run without a `sk_test_` key. For step 3 to see the webhook, point it at the
database of a running app that receives Stripe's events (`stripe listen --forward-to
localhost:5000/stripe/webhook`) with `--database-url`; by default it uses a throwaway
SQLite file, where only the retrieve path can fund.

    STRIPE_SECRET_KEY=sk_test_... .venv/bin/python scripts/stripe_smoke.py --account acct_...
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TEST_KEY_PREFIX = "sk_test_"
PASSWORD = "smoke-test-pass-1"
PRICE = 5_000  # $50.00
Say = Callable[[str], None]


class SmokeFailed(RuntimeError):
    """A step did not end as Stripe test mode should make it end."""


def check_key(key: str | None) -> str:
    """The key, if it is a Stripe TEST secret key; anything else stops the script."""
    if not key:
        raise SystemExit("STRIPE_SECRET_KEY is not set: this smoke test needs a sk_test_ key.")
    if not key.startswith(TEST_KEY_PREFIX):
        raise SystemExit(
            "Refusing to run: STRIPE_SECRET_KEY is not a test-mode secret key (sk_test_...). "
            "This script moves money; never point it at live mode."
        )
    return key


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--account", help="a test connected account (acct_...) ready for transfers")
    parser.add_argument("--database-url", help="the app's database (default: a temporary SQLite)")
    parser.add_argument("--wait", type=int, default=30, help="seconds to wait for the webhook")
    return parser.parse_args(argv)


def make_app(key: str, database_url: str | None) -> Any:
    from flask_migrate import upgrade

    from marketplace import create_app

    if database_url is None:
        folder = tempfile.mkdtemp(prefix="stripe-smoke-")
        database_url = f"sqlite:///{folder}/smoke.sqlite3"
    app = create_app(
        {
            "PAYMENTS_PROVIDER": "stripe",
            "STRIPE_SECRET_KEY": key,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": "localhost:5000",
        }
    )
    with app.app_context():
        upgrade()
    return app


def confirm_with_test_card(intent_ref: str) -> None:
    """What Stripe.js does in the brand's browser: confirm with the test card."""
    from marketplace.payments import browser_gateway

    gateway: Any = browser_gateway()
    gateway.client.v1.payment_intents.confirm(
        intent_ref,
        {"payment_method": "pm_card_visa", "return_url": "https://localhost/smoke/return"},
    )


def _people(say: Say) -> tuple[Any, Any]:
    from marketplace.services.accounts import users

    stamp = int(time.time())
    brand = users.register(f"smoke-brand-{stamp}@example.com", PASSWORD, "brand", "Smoke", "::1")
    kol = users.register(f"smoke-kol-{stamp}@example.com", PASSWORD, "kol", "Smoke KOL", "::1")
    say(f"brand #{brand.id} and KOL #{kol.id} signed up")
    return brand, kol


def _contract(brand: Any, kol: Any, say: Say) -> Any:
    from marketplace.services.contracts import negotiation, offers

    contract = offers.create_offer(
        brand,
        kol_id=kol.id,
        price=PRICE,
        currency="usd",
        deliverables="Smoke test post",
        due_date=(date.today() + timedelta(days=14)).isoformat(),
    )
    negotiation.accept_offer(kol, contract.id)
    say(f"contract #{contract.id} offered and accepted ({PRICE} usd minor units)")
    return contract


def _status(contract_id: int) -> str:
    from marketplace.extensions import db
    from marketplace.models import Contract

    return db.session.get_one(Contract, contract_id, populate_existing=True).status


def fund(
    brand: Any, contract_id: int, wait_s: int, confirm: Callable[[str], None], say: Say
) -> None:
    from marketplace.services.contracts import funding
    from marketplace.services.payments.stripe_funding import refresh_payment

    started = funding.begin_funding(brand, contract_id, None)
    assert started.intent_ref is not None
    say(f"PaymentIntent {started.intent_ref} created (client secret handed to the page)")
    confirm(started.intent_ref)
    say("confirmed with pm_card_visa, as Stripe.js would")
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and _status(contract_id) != "funded":
        time.sleep(1)
    if _status(contract_id) == "funded":
        say("funded by the payment_intent.succeeded webhook")
        return
    say(f"no webhook within {wait_s}s: retrieving the PaymentIntent, as the return page does")
    state = refresh_payment(started.intent_ref)
    if _status(contract_id) != "funded":
        raise SmokeFailed(f"contract #{contract_id} not funded; PaymentIntent is {state.status}")
    say(f"funded (PaymentIntent {state.status}, charge {state.charge_reference})")


def _attempt(contract_id: int, kind: str) -> Any:
    from sqlalchemy import select

    from marketplace.extensions import db
    from marketplace.models import PaymentAttempt

    return db.session.scalars(
        select(PaymentAttempt)
        .where(PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == kind)
        .order_by(PaymentAttempt.id.desc())
        .execution_options(populate_existing=True)
    ).first()


def connect(kol: Any, account: str, say: Say) -> None:
    from marketplace.extensions import db
    from marketplace.models import PaymentAccount
    from marketplace.services.payments import connect_accounts
    from marketplace.services.unit_of_work import unit_of_work

    with unit_of_work():
        db.session.add(PaymentAccount(user_id=kol.id, provider="stripe", reference=account))
    status = connect_accounts.refresh_status(kol)
    stored = connect_accounts.account_of(kol.id)
    if stored is None or not stored.ready:
        raise SmokeFailed(f"{account} cannot take transfers yet: {status}")
    say(f"KOL's connected account {account} is ready for transfers")


def release(brand: Any, kol: Any, contract_id: int, say: Say) -> None:
    from marketplace.services.contracts import work

    work.submit_proof(kol, contract_id, post_urls=["https://www.xiaohongshu.com/explore/smoke"])
    work.approve(brand, contract_id)
    transfer = _attempt(contract_id, "transfer")
    if transfer is None or transfer.status != "succeeded":
        state = transfer.status if transfer is not None else "no transfer"
        raise SmokeFailed(f"release of #{contract_id} not transferred: {state}")
    key = transfer.idempotency_key
    say(f"released: transfer {transfer.provider_ref} of {transfer.amount} ({key})")


def refund(brand: Any, kol: Any, contract_id: int, say: Say) -> None:
    from marketplace.services.contracts import cancellation

    cancellation.cancel(brand, contract_id, "Smoke test")
    cancellation.cancel(kol, contract_id, "Smoke test")
    attempt = _attempt(contract_id, "refund")
    if attempt is None or attempt.status != "succeeded":
        state = attempt.status if attempt is not None else "no refund"
        raise SmokeFailed(f"refund of #{contract_id} did not succeed: {state}")
    say(f"refunded: {attempt.provider_ref} of {attempt.amount} ({attempt.idempotency_key})")


def reconcile_today(say: Say) -> bool:
    from marketplace.models.base import utcnow
    from marketplace.services.payments.reconcile import reconcile

    today = utcnow().date()
    report = reconcile(today, today)
    say(f"reconciliation of {today}: compared {report.compared}")
    for m in report.mismatches:
        say(f"  MISMATCH {m.kind} {m.problem} {m.reference} (contract {m.contract_id})")
    return report.ok


def run(app: Any, account: str, wait_s: int, confirm: Callable[[str], None], say: Say) -> bool:
    """Every step in order; raises SmokeFailed at the first that goes wrong."""
    steps = iter(range(1, 100))

    def step(message: str) -> None:
        say(f"[{next(steps)}] {message}")

    with app.test_request_context():
        brand, kol = _people(step)
        connect(kol, account, step)
        released = _contract(brand, kol, step)
        fund(brand, released.id, wait_s, confirm, step)
        release(brand, kol, released.id, step)
        refunded = _contract(brand, kol, step)
        fund(brand, refunded.id, wait_s, confirm, step)
        refund(brand, kol, refunded.id, step)
        return reconcile_today(step)


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    key = check_key(os.environ.get("STRIPE_SECRET_KEY"))
    if not args.account:
        raise SystemExit("Pass --account acct_...: a test connected account ready for transfers.")
    app = make_app(key, args.database_url)
    try:
        ok = run(app, args.account, args.wait, confirm_with_test_card, print)
    except SmokeFailed as failure:
        print(f"FAILED: {failure}")
        return 1
    print("Smoke test passed." if ok else "Smoke test finished with reconciliation mismatches.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
