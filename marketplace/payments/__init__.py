"""Payment gateways behind one protocol (`gateway.py`); the sandbox is the embedded default."""

from __future__ import annotations

from flask import current_app

from marketplace.payments.gateway import Gateway
from marketplace.payments.sandbox import SandboxGateway


def current_gateway() -> Gateway:
    """The gateway the settings choose (PAYMENTS_PROVIDER)."""
    provider = current_app.config.get("PAYMENTS_PROVIDER", "sandbox")
    if provider == "sandbox":
        return SandboxGateway()
    raise RuntimeError(f"Payments provider {provider!r} is not available in this build.")
