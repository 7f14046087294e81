"""Hooks that keep derived data (search documents, the match index) in step with the catalogue.

Services call `kol_changed(kol_id)` inside their transaction, before they commit, whenever a
KOL's profile, platforms, listings, verification or suspension change.
"""

from __future__ import annotations


def kol_changed(kol_id: int) -> None:
    """Refresh everything derived from one KOL's catalogue rows."""
    from marketplace.services.discovery import search_index
    from marketplace.services.matchmaking import index_holder

    search_index.refresh_kol(kol_id)
    index_holder.record_change(kol_id)
