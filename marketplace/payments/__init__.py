"""Payment gateways behind one protocol (`gateway.py`); the sandbox is the embedded default."""

from __future__ import annotations

from flask import current_app

from marketplace.payments.gateway import BrowserPaymentGateway, Gateway
from marketplace.payments.sandbox import SandboxGateway


def current_gateway() -> Gateway:
    """The gateway the settings choose (PAYMENTS_PROVIDER)."""
    provider = current_app.config.get("PAYMENTS_PROVIDER", "sandbox")
    if provider == "sandbox":
        return SandboxGateway()
    if provider == "stripe":
        return browser_gateway()
    raise RuntimeError(f"Payments provider {provider!r} is not available in this build.")


def browser_gateway() -> BrowserPaymentGateway:
    """The Stripe gateway, built once per app (its client keeps a connection pool)."""
    gateway = current_app.extensions.get("stripe_gateway")
    if gateway is None:
        from marketplace.payments.stripe_gateway import StripeGateway, StripeSettings

        gateway = StripeGateway(
            StripeSettings(
                secret_key=current_app.config["STRIPE_SECRET_KEY"],
                publishable_key=current_app.config.get("STRIPE_PUBLISHABLE_KEY", ""),
                api_base=current_app.config.get("STRIPE_API_BASE", ""),
            )
        )
        current_app.extensions["stripe_gateway"] = gateway
    return gateway


def uses_stripe() -> bool:
    return current_app.config.get("PAYMENTS_PROVIDER", "sandbox") == "stripe"
