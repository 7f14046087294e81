"""Which of a KOL's listings best fits a brief (prefilled when accepting an invitation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class ListingLike(Protocol):
    id: int
    platform: str
    collab_type: str
    followers: int


def best_listing(
    listings: Sequence[ListingLike], platforms: Sequence[str], collab_types: Sequence[str]
) -> ListingLike | None:
    """The listing on one of the brief's platforms and collaboration types, then on one of
    them, then any; among equals the one with most followers, then the oldest.

    An empty list on the brief means "any", so every listing fits that part.
    """
    if not listings:
        return None

    def fit(listing: ListingLike) -> tuple[int, int, int]:
        on_platform = not platforms or listing.platform in platforms
        of_type = not collab_types or listing.collab_type in collab_types
        return (int(on_platform) + int(of_type), listing.followers or 0, -listing.id)

    return max(listings, key=fit)
