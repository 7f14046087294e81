"""A worker's memory of recent answers to expensive read-only questions, for a few seconds.

Used where an answer barely moves and is asked for again and again (a search's total, a
brief's ranking): each worker keeps it for a configured time to live, 0 turning it off.
Workers do not share it, so the time to live bounds how stale an answer can be.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from flask import current_app

T = TypeVar("T")
MAX_ENTRIES = 4096


class RecentAnswers(Generic[T]):
    """Answers by key, each until its expiry; the oldest go first when full."""

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._answers: dict[Hashable, tuple[float, T]] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self.ttl_s <= 0:
            return compute()
        now = self._clock()
        with self._lock:
            remembered = self._answers.get(key)
        if remembered is not None and remembered[0] > now:
            return remembered[1]
        answer = compute()
        with self._lock:
            if len(self._answers) >= MAX_ENTRIES:
                self._answers = {k: v for k, v in self._answers.items() if v[0] > now}
                while len(self._answers) >= MAX_ENTRIES:
                    del self._answers[next(iter(self._answers))]
            self._answers[key] = (now + self.ttl_s, answer)
        return answer

    def __len__(self) -> int:
        return len(self._answers)


def recent_answers(name: str, ttl_setting: str) -> RecentAnswers:
    """This app's memory called `name`, made on first use with the `ttl_setting` seconds."""
    memory = current_app.extensions.get(name)
    if memory is None:
        memory = RecentAnswers(float(current_app.config.get(ttl_setting, 0)))
        current_app.extensions[name] = memory
    return memory
