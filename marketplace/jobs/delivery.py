"""Outbox delivery (placeholder until the outbox branch lands)."""

from __future__ import annotations

from datetime import datetime


def deliver_due(now: datetime | None = None, limit: int = 100) -> int:
    return 0
