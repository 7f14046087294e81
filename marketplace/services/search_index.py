"""Full-text search documents for KOLs (implemented by the search work)."""

from __future__ import annotations


def refresh_kol(kol_id: int) -> None:
    """Rebuild one KOL's search document inside the caller's transaction."""
