"""The smoke script's steps, run against localstripe and the stand-in instead of Stripe.

Proves the script's own logic (the services it drives, in order) works end to end. The
fakes stand in for Stripe test mode here: the card is confirmed with the test helper
(localstripe cannot confirm with a payment_method argument), no webhook reaches a running
app (so funding goes through the return page's retrieve), and the connected account is
the stand-in's. The real thing is `scripts/stripe_smoke.py` run by hand.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from marketplace.payments import browser_gateway

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "stripe_smoke.py"


def _script():
    spec = importlib.util.spec_from_file_location("stripe_smoke", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_smoke_steps_pass_against_the_fakes(stripe_app, stripe_server):
    with stripe_app.app_context():
        account = browser_gateway().create_account(
            email="smoke@example.com", country="US", idempotency_key="account:smoke"
        )
    stripe_server.complete_onboarding(account)
    lines: list[str] = []

    ok = _script().run(stripe_app, account, 0, stripe_server.pay_intent, lines.append)

    assert ok, lines
    text = "\n".join(lines)
    assert f"KOL's connected account {account} is ready" in text
    assert "retrieving the PaymentIntent, as the return page does" in text
    assert "released: transfer tr_" in text
    assert "refunded: re_" in text and ":1)" in text
    assert lines[-1].endswith("compared {'payment': 2, 'refund': 1, 'transfer': 1}")
    [transfer] = stripe_server.requests_to("POST", "/v1/transfers")
    assert transfer.idempotency_key.startswith("release:")
    assert transfer.params["source_transaction"].startswith("ch_")
