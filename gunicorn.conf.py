"""Gunicorn settings for the web process: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be changed from the environment (see .env.example). The app is loaded once
in the master (`preload_app`) and forked, so workers share its memory copy-on-write; each
worker then drops the database and Redis connections it inherited and loads the match
index on a thread of its own, so a slow first build never trips the worker timeout
(`/readyz` says when it is loaded).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Prometheus picks its multi-process storage when prometheus_client is first imported, and
# writes a file there for each metric without labels as it is defined: the preloaded app
# does both in the master, before any server hook runs.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(ROOT / "instance" / "prometheus"))
METRICS_DIR = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
METRICS_DIR.mkdir(parents=True, exist_ok=True)

bind = os.environ.get("BIND") or f"127.0.0.1:{_int_env('PORT', 8000)}"
# Measured on 2 cores (README, "Production shape"): pages are CPU-bound Python, so
# processes, not threads, add throughput; two threads per worker cover database waits.
workers = _int_env("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1))
threads = _int_env("GUNICORN_THREADS", 2)
worker_class = "gthread"
timeout = _int_env("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int_env("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int_env("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then (slow leaks), not all at once.
max_requests = _int_env("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int_env("GUNICORN_MAX_REQUESTS_JITTER", 200)
preload_app = True
# The heartbeat file on tmpfs: a disk-backed /tmp can stall workers on fchmod.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The app writes one JSON line per request with its request id; gunicorn's own is off.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# X-Forwarded-* are believed only behind TRUSTED_PROXIES (the app's ProxyFix counts the
# hops); with none, gunicorn must not take the scheme from them either.
forwarded_allow_ips = "*" if _int_env("TRUSTED_PROXIES", 0) > 0 else ""
# Several servers share a machine (tests, make prod-local); none needs `gunicornc`.
control_socket_disable = True
proc_name = "kol-web"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale_metric_files(directory: Path) -> list[Path]:
    """Metric files of processes that are gone (`counter_1234.db`, `gauge_livesum_1234.db`).

    The job worker and scheduler share the directory and may start before the web server
    (honcho starts them together): their files stay.
    """
    stale = []
    for path in directory.glob("*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if not pid.isdigit() or not _process_alive(int(pid)):
            stale.append(path)
    return stale


def on_starting(server: Any) -> None:
    """Start from zero: drop the metric files of earlier, finished processes."""
    for path in _stale_metric_files(METRICS_DIR):
        path.unlink(missing_ok=True)


def _flask_app(server: Any) -> Any:
    from flask import Flask

    app = server.app.wsgi()
    return app if isinstance(app, Flask) else None


def _forget_inherited_connections(app: Any) -> None:
    """Connections opened in the master must not be shared by the workers it forks."""
    import redis

    from marketplace.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)  # leave the parent's sockets open, use none of them
    clients = [value for value in app.extensions.values() if isinstance(value, redis.Redis)]
    limiter = app.extensions.get("rate_limiter")
    # A switched-off limiter has no storage (Flask-Limiter asserts on reading it).
    enabled = app.config.get("RATELIMIT_ENABLED", True)
    storage = getattr(getattr(limiter, "storage", None), "storage", None) if enabled else None
    if isinstance(storage, redis.Redis):
        clients.append(storage)
    for client in clients:
        client.connection_pool.reset()


def _warm_match_index(app: Any, log: Any) -> None:
    from marketplace.services.matchmaking import index_holder

    started = time.monotonic()
    try:
        with app.app_context():
            index_holder.warm_up()
    except Exception:  # a broken or missing index must not take the worker down
        log.exception("Match index warm-up failed; the first match request will retry")
        return
    log.info("Match index ready in %.2fs (pid %s)", time.monotonic() - started, os.getpid())


def post_fork(server: Any, worker: Any) -> None:
    app = _flask_app(server)
    if app is None:
        server.log.warning("post_fork: the WSGI app is not the Flask app; nothing to reset")
        return
    _forget_inherited_connections(app)
    threading.Thread(
        target=_warm_match_index, args=(app, server.log), name="match-index-warm-up", daemon=True
    ).start()


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
