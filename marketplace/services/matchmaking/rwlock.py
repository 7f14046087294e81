"""A readers-writer lock: many threads rank at once, an update waits for them and blocks
new ones only while it runs (writers go first, so a stream of rankings cannot starve it).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ReadWriteLock:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._mine = threading.local()  # this thread's read depth

    def reading_here(self) -> bool:
        """True when this thread already holds the lock for reading."""
        return getattr(self._mine, "depth", 0) > 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        depth = getattr(self._mine, "depth", 0)
        if depth == 0:  # a nested read must not queue behind a waiting writer: deadlock
            with self._cond:
                self._cond.wait_for(lambda: not self._writing and not self._writers_waiting)
                self._readers += 1
        self._mine.depth = depth + 1
        try:
            yield
        finally:
            self._mine.depth = depth
            if depth == 0:
                with self._cond:
                    self._readers -= 1
                    self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        if self.reading_here():
            raise RuntimeError("a thread holding the read lock cannot take the write lock")
        with self._cond:
            self._writers_waiting += 1
            try:
                self._cond.wait_for(lambda: not self._writing and self._readers == 0)
            finally:
                self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()
