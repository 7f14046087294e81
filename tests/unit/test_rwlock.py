"""The match index's readers-writer lock: rankings run side by side, updates wait."""

from __future__ import annotations

import threading
import time

import pytest

from marketplace.services.matchmaking.rwlock import ReadWriteLock


def test_readers_share_the_lock() -> None:
    lock, both_inside = ReadWriteLock(), threading.Barrier(2)

    def rank() -> None:
        with lock.reading():
            both_inside.wait(5)  # raises BrokenBarrierError if one reader held the other out

    threads = [threading.Thread(target=rank) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not both_inside.broken


def test_a_writer_waits_for_readers_and_then_goes_before_new_readers() -> None:
    lock, order = ReadWriteLock(), []
    reading, leave = threading.Event(), threading.Event()

    def reader() -> None:
        with lock.reading():
            reading.set()
            leave.wait(5)
            order.append("first reader leaves")

    def writer() -> None:
        with lock.writing():
            order.append("writer")

    def late_reader() -> None:
        with lock.reading():
            order.append("late reader")

    threads = [threading.Thread(target=reader)]
    threads[0].start()
    reading.wait(5)
    threads.append(threading.Thread(target=writer))
    threads[1].start()
    time.sleep(0.1)  # the writer is queued behind the reader
    threads.append(threading.Thread(target=late_reader))
    threads[2].start()
    time.sleep(0.1)
    assert order == []
    leave.set()
    for t in threads:
        t.join(5)
    assert order == ["first reader leaves", "writer", "late reader"]


def test_a_nested_read_does_not_queue_behind_a_waiting_writer() -> None:
    lock, done = ReadWriteLock(), []
    writer_waiting = threading.Event()

    def writer() -> None:
        writer_waiting.set()
        with lock.writing():
            done.append("writer")

    with lock.reading():
        assert lock.reading_here()
        t = threading.Thread(target=writer)
        t.start()
        writer_waiting.wait(5)
        time.sleep(0.1)
        with lock.reading():  # would deadlock if it waited for the writer
            done.append("nested")
        with pytest.raises(RuntimeError), lock.writing():
            pass
    t.join(5)
    assert done == ["nested", "writer"] and not lock.reading_here()
