"""`flask jobs worker`: an RQ worker on the app's queue.

It is a `SimpleWorker`, which runs each job in this process, rather than the forking
`Worker`, which forks a child per job: the app, its database pool and the imported
services are built once and reused, so a sweep every few seconds costs milliseconds
instead of a fork, fresh connections and (without care) a connection pool shared across
the fork. The jobs are our own short, batched functions; one that hangs is still stopped
by its timeout (SIGALRM, in this main thread), and a crashed worker is restarted by the
process manager. Scale out by running more workers.
"""

from __future__ import annotations

from flask import Flask
from rq import SimpleWorker

from marketplace.jobs.queue import job_queue, use_app


def build_worker(app: Flask, name: str | None = None) -> SimpleWorker:
    """A worker on the app's queue whose jobs run in `app` (see `queue.use_app`)."""
    use_app(app)
    queue = job_queue(app.config)
    return SimpleWorker([queue], connection=queue.connection, name=name)


def run_worker(app: Flask, *, burst: bool = False) -> bool:
    """Work the queue until stopped (SIGTERM: finish the current job, then exit)."""
    worker = build_worker(app)
    return worker.work(burst=burst, logging_level=app.config["LOG_LEVEL"])
