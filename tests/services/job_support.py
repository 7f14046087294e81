"""Helpers for the tests of the RQ worker and scheduler: a real Redis, a queue of their own."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import redis
from rq import Queue

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
ON_CI = os.environ.get("CI", "").lower() == "true"


def redis_or_skip() -> str:
    """The test Redis URL; skipped without a Redis locally, a failure on CI."""
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if ON_CI:
            pytest.fail(f"CI needs Redis at {REDIS_TEST_URL}")
        pytest.skip(f"Redis is not running at {REDIS_TEST_URL}")
    return REDIS_TEST_URL


@contextmanager
def private_queue() -> Iterator[str]:
    """A queue name no other test process or helper uses; its keys are removed afterwards."""
    name = f"kol-test-{uuid.uuid4().hex[:12]}"
    try:
        yield name
    finally:
        connection = redis.Redis.from_url(REDIS_TEST_URL)
        queue = Queue(name, connection=connection)
        job_ids = {
            *queue.job_ids,
            *queue.finished_job_registry.get_job_ids(),
            *queue.failed_job_registry.get_job_ids(),
        }
        keys = list(connection.scan_iter(match=f"*{name}*"))
        keys += [key for job_id in job_ids for key in (f"rq:job:{job_id}", f"rq:results:{job_id}")]
        if keys:
            connection.delete(*keys)


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False
