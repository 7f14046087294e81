"""The sweep on a daemon thread of the web process, when there is no Redis.

The embedded default (`make run`, SQLite, no worker) sets SWEEP_IN_PROCESS so timers
still fire by themselves. `register(app)`, a step of `create_app`, starts the thread on
the first request the process serves rather than in `create_app` itself: every `flask`
command (`db upgrade`, `seed`) and the reloader's watcher process build the app too, and
none of them should sweep; only the process that serves pages does, once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

_EXTENSION = "in_process_sweeper"
_start_lock = threading.Lock()


def wanted(config: Mapping[str, Any]) -> bool:
    """In-process sweeping is on, and no Redis queue (with its own workers) is configured."""
    return bool(config.get("SWEEP_IN_PROCESS")) and not config.get("REDIS_URL")


class InProcessSweeper:
    """Runs `sweep()` in its own app context now and then every `interval_s` seconds."""

    def __init__(self, app: Flask, interval_s: float) -> None:
        self.app = app
        self.interval_s = interval_s
        self.sweeps = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="in-process-sweep", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Stop after the sweep in progress (if any); wait up to `timeout` seconds."""
        self._stopping.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._sweep_once()
            self._stopping.wait(self.interval_s)

    def _sweep_once(self) -> None:
        from marketplace.jobs.sweep import sweep

        try:
            with self.app.app_context():
                sweep()
        except Exception:  # the steps are isolated; this is the database being unreachable
            log.exception("in-process sweep failed")
        self.sweeps += 1


def sweeper_of(app: Flask) -> InProcessSweeper | None:
    return app.extensions.get(_EXTENSION)


def start(app: Flask) -> InProcessSweeper:
    """Start the app's sweeper unless it is already running; returns it."""
    with _start_lock:
        sweeper = sweeper_of(app)
        if sweeper is None:
            sweeper = InProcessSweeper(app, app.config["SWEEP_INTERVAL_S"])
            app.extensions[_EXTENSION] = sweeper
            sweeper.start()
            log.info("in-process sweep every %ss", sweeper.interval_s)
        return sweeper


def register(app: Flask) -> None:
    """Arrange for the first request this process serves to start the sweeper."""
    if not wanted(app.config):
        return

    @app.before_request
    def start_in_process_sweep() -> None:
        if sweeper_of(app) is None:
            start(app)
