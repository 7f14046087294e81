"""Each worker remembers recent search totals for a few seconds.

Counting a broad filter walks every matching listing up to COUNT_CAP: most of a browse
page's database time on a large catalogue. The total under a page barely moves, and
visitors page and re-sort the same filters, so a worker keeps each count for
SEARCH_COUNT_TTL_S seconds (0 turns this off): a new, paused or suspended KOL's listing
moves the "N KOLs found" line within that time, while the page's rows are always fresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from marketplace.services.discovery.search_filters import ListingFilters
from marketplace.services.recent_answers import recent_answers


def remembered_count(filters: ListingFilters, counter: Callable[[ListingFilters], int]) -> int:
    """`counter(filters)`, or this worker's answer to the same filters seconds ago."""
    key = replace(filters, sort="relevance", page=1, per_page=0)  # paging keeps the total
    memory = recent_answers("search_counts", "SEARCH_COUNT_TTL_S")
    return memory.get(key, lambda: counter(filters))
