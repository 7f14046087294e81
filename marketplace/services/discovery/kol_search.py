"""The browse page's search: one card per KOL, with the listing that fits the filters best."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import KolProfile, Listing, PlatformAccount
from marketplace.services.discovery.search import SearchPage, own_conditions
from marketplace.services.discovery.search_filters import ListingFilters, parse_filters


@dataclass(frozen=True)
class KolCard:
    """A KOL found by browse and its listings that match the filters."""

    kol: KolProfile
    listings: list[Listing]

    @property
    def best(self) -> Listing:
        """The cheapest priced listing ("from ¥X"); a commission-only one only if no other.

        A commission-only listing has no price (its stored rate of 0 is not one), so it is
        never the "from" price when the KOL also sells at a price.
        """
        priced = [item for item in self.listings if item.pricing_model != "commission"]
        candidates = priced or self.listings
        return min(candidates, key=lambda item: (item.currency, item.rate, item.id))

    @property
    def platforms(self) -> list[PlatformAccount]:
        """The KOL's accounts, widest reach first."""
        return sorted(self.kol.platforms, key=lambda account: -account.followers)


class KolSearchPage(SearchPage):
    """A SearchPage whose items are KolCards; `total` counts KOLs."""

    def _query_items(self) -> list[KolCard]:  # type: ignore[override]
        leaders = super()._query_items()
        kol_ids = [listing.kol_id for listing in leaders]
        matching: dict[int, list[Listing]] = {kol_id: [] for kol_id in kol_ids}
        if kol_ids:
            f: ListingFilters = self._query_args["filters"]
            rows = db.session.scalars(
                select(Listing)
                .where(Listing.kol_id.in_(kol_ids), *own_conditions(f))
                .order_by(Listing.id)
            )
            for listing in rows:
                matching[listing.kol_id].append(listing)
        return [KolCard(kol=leader.kol, listings=matching[leader.kol_id]) for leader in leaders]


def search_kols(
    criteria: dict[str, Any], *, page: Any = None, per_page: Any = None
) -> KolSearchPage:
    """KOLs with at least one active listing matching every filter, one page of them.

    `criteria` are the browse form's raw filter values (rates in yuan or dollars, engagement
    in percent); the order is the listing search's, each KOL placed by its first listing.
    """
    raw = {**criteria, "page": page, "per_page": per_page}
    filters = replace(parse_filters(raw, display_units=True), by_kol=True)
    return KolSearchPage(
        page=filters.page,
        per_page=filters.per_page,
        max_per_page=None,
        error_out=False,
        filters=filters,
    )
