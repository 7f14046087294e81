"""Each worker remembers recent search totals for a few seconds.

Counting a broad filter walks every matching listing up to COUNT_CAP: most of a browse
page's database time on a large catalogue. The total under a page barely moves, and
visitors page and re-sort the same filters, so a worker keeps each count for
SEARCH_COUNT_TTL_S seconds (0 turns this off): a new, paused or suspended KOL's listing
moves the "N KOLs found" line within that time, while the page's rows are always fresh.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

from flask import current_app

from marketplace.services.discovery.search_filters import ListingFilters

MAX_ENTRIES = 4096


class CountMemory:
    """Counts by filter, each until its expiry; the oldest go first when full."""

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[ListingFilters, tuple[float, int]] = {}

    def count(self, filters: ListingFilters, counter: Callable[[ListingFilters], int]) -> int:
        if self.ttl_s <= 0:
            return counter(filters)
        # Paging and sorting do not change the total.
        key = replace(filters, sort="relevance", page=1, per_page=0)
        now = self._clock()
        with self._lock:
            remembered = self._counts.get(key)
        if remembered is not None and remembered[0] > now:
            return remembered[1]
        total = counter(filters)
        with self._lock:
            if len(self._counts) >= MAX_ENTRIES:
                self._counts = {k: v for k, v in self._counts.items() if v[0] > now}
                while len(self._counts) >= MAX_ENTRIES:
                    del self._counts[next(iter(self._counts))]
            self._counts[key] = (now + self.ttl_s, total)
        return total


def remembered_count(filters: ListingFilters, counter: Callable[[ListingFilters], int]) -> int:
    """`counter(filters)`, or this worker's answer to the same filters seconds ago."""
    memory = current_app.extensions.get("search_counts")
    if memory is None:
        memory = CountMemory(float(current_app.config.get("SEARCH_COUNT_TTL_S", 0)))
        current_app.extensions["search_counts"] = memory
    return memory.count(filters, counter)
