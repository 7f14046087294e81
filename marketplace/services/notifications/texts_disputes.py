"""Notification sentences for disputes kinds (merged into texts.TEXTS); payload keys as in texts."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, Any] = {}
