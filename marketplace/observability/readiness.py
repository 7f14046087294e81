"""Readiness: can this worker serve traffic now? The database, Redis, the match index.

Each check answers a short word (details go to the log, not to the unauthenticated
caller). A worker whose index is not loaded starts loading it on a background thread at
the first probe and reports "loading" until it is in memory, so a load balancer keeps
traffic away from a cold worker without any request waiting for the build.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

import redis
from flask import Flask, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db
from marketplace.services.matchmaking.index_holder import index_loaded, warm_up

OK = "ok"
FAILED = "failed"
LOADING = "loading"
WAITING = "waiting_for_database"
REDIS_TIMEOUT_S = 0.5
WARM_UP_KEY = "index_warm_up"

log = logging.getLogger(__name__)


@dataclass
class IndexWarmUp:
    """The background load of one app's match index (at most one at a time)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    thread: threading.Thread | None = None

    def start(self, app: Flask) -> None:
        with self.lock:
            if self.thread is not None and self.thread.is_alive():
                return
            self.thread = threading.Thread(
                target=_warm_up, args=(app,), name="match-index-warm-up", daemon=True
            )
            self.thread.start()

    def wait(self, timeout_s: float | None = None) -> None:
        thread = self.thread
        if thread is not None:
            thread.join(timeout_s)


def _warm_up(app: Flask) -> None:
    with app.app_context():
        try:
            warm_up()
        except Exception:
            log.exception("loading the match index failed; the next readiness probe retries")


def warm_up_state(app: Flask) -> IndexWarmUp:
    return app.extensions.setdefault(WARM_UP_KEY, IndexWarmUp())


def check_database() -> str:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        log.warning("readiness: database check failed: %s", error)
        return FAILED
    return OK


def check_redis(url: str) -> str:
    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_S, socket_timeout=REDIS_TIMEOUT_S
    )
    try:
        client.ping()
    except (redis.RedisError, OSError) as error:
        log.warning("readiness: redis check failed: %s", error)
        return FAILED
    finally:
        client.close()
    return OK


def check_match_index(database_ok: bool) -> str:
    if index_loaded():
        return OK
    if not database_ok:
        return WAITING  # the index is built from the database: no point trying now
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    warm_up_state(app).start(app)
    return LOADING


def readiness() -> dict[str, str]:
    """Each check's result by name; Redis only when `REDIS_URL` is set."""
    checks = {"database": check_database()}
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        checks["redis"] = check_redis(redis_url)
    checks["match_index"] = check_match_index(checks["database"] == OK)
    return checks
