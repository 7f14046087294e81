"""The per-worker memory of search totals: expiry, switching off, and its size bound."""

from __future__ import annotations

from marketplace.services.discovery import search_counts
from marketplace.services.discovery.search_counts import CountMemory
from marketplace.services.discovery.search_filters import ListingFilters


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, filters: ListingFilters) -> int:
        self.calls += 1
        return 100 + self.calls


def test_counts_again_after_the_time_to_live():
    clock = [0.0]
    memory, counter = CountMemory(5, clock=lambda: clock[0]), Counter()
    beauty = ListingFilters(category="beauty")
    assert memory.count(beauty, counter) == 101
    clock[0] = 4.9
    assert memory.count(ListingFilters(category="beauty", sort="rate", page=3), counter) == 101
    clock[0] = 5.0
    assert memory.count(beauty, counter) == 102
    assert counter.calls == 2


def test_zero_time_to_live_always_counts():
    memory, counter = CountMemory(0), Counter()
    for _ in range(3):
        memory.count(ListingFilters(platform="douyin"), counter)
    assert counter.calls == 3


def test_the_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr(search_counts, "MAX_ENTRIES", 3)
    memory, counter = CountMemory(60, clock=lambda: 0.0), Counter()
    for floor in range(10):
        memory.count(ListingFilters(min_followers=floor), counter)
    assert len(memory._counts) == 3
    memory.count(ListingFilters(min_followers=9), counter)  # the newest is still there
    assert counter.calls == 10
