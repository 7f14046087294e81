"""A worker's memory of recent answers: expiry, switching off, and its size bound."""

from __future__ import annotations

from marketplace.services import recent_answers
from marketplace.services.recent_answers import RecentAnswers


class Compute:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return 100 + self.calls


def test_answers_again_after_the_time_to_live():
    clock = [0.0]
    memory, compute = RecentAnswers(5, clock=lambda: clock[0]), Compute()
    assert memory.get("beauty", compute) == 101
    clock[0] = 4.9
    assert memory.get("beauty", compute) == 101
    assert memory.get("food", compute) == 102
    clock[0] = 5.0
    assert memory.get("beauty", compute) == 103
    assert compute.calls == 3


def test_zero_time_to_live_always_computes():
    memory, compute = RecentAnswers(0), Compute()
    for _ in range(3):
        memory.get("douyin", compute)
    assert compute.calls == 3


def test_the_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr(recent_answers, "MAX_ENTRIES", 3)
    memory, compute = RecentAnswers(60, clock=lambda: 0.0), Compute()
    for key in range(10):
        memory.get(key, compute)
    assert len(memory) == 3
    assert memory.get(9, compute) == 110  # the newest is still there
    assert compute.calls == 10
