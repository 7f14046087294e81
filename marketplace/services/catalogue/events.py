"""Hooks that keep derived data (search documents, the match index) in step with the catalogue.

Services call `kol_changed(kol_id)` inside their transaction, before they commit, whenever a
KOL's profile, platforms, listings, verification or suspension change, and
`kol_reputation_changed(kol_id)` when only its ratings or track record moved.
"""

from __future__ import annotations


def kol_changed(kol_id: int) -> None:
    """Refresh everything derived from one KOL's catalogue rows."""
    from marketplace.services.discovery import search_index
    from marketplace.services.matchmaking import index_holder

    search_index.refresh_kol(kol_id)
    index_holder.record_change(kol_id)


def kol_reputation_changed(kol_id: int) -> None:
    """Refresh the match index for a KOL whose ratings or track record changed.

    Search documents hold no reputation, and a brief's remembered ranking may stay until
    it expires (MATCH_RANKING_TTL_S): a completed contract nudges a score, it does not
    decide who can be hired.
    """
    from marketplace.services.matchmaking import index_holder

    index_holder.record_change(kol_id, kind="reputation")
