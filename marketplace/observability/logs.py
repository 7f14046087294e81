"""One logging setup per process: JSON lines (or plain text) on stderr, with request ids.

Web workers, the RQ worker and the sweep all build the app, and the factory calls
`configure_logging`; it installs a single handler on the root logger and, when called
again (tests build many apps), only updates that handler's format and level. Libraries
that add their own handler only when none is reachable (Flask's app logger, RQ's worker
logger) then log through this one too.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from flask import g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

from marketplace.config import ConfigError

FORMATS = ("json", "text")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
ACCESS_LOGGER = "marketplace.access"
#: Loggers that say nothing useful at INFO (alembic lists its plugins at every start).
QUIET_LOGGERS = ("alembic.runtime.plugins",)


class CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time, so pytest's capture sees it."""

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """StreamHandler assigns a stream in __init__; the current stderr always wins."""


class ContextFilter(logging.Filter):
    """Adds `request_id` inside a request, and `job_id` inside an RQ job."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and "request_id" in g:
            record.request_id = g.request_id
            record.method = getattr(record, "method", request.method)
            record.path = getattr(record, "path", request.path)
        job_id = _current_job_id()
        if job_id is not None:
            record.job_id = job_id
        return True


def _current_job_id() -> str | None:
    """The running RQ job's id; without importing rq in processes that never loaded it."""
    job_module = sys.modules.get("rq.job")
    job = job_module.get_current_job() if job_module is not None else None
    return job.id if job is not None else None


def json_formatter() -> logging.Formatter:
    return JsonFormatter(
        "{levelname}{name}{message}",
        style="{",
        timestamp="time",
        rename_fields={"levelname": "level", "name": "logger", "exc_info": "exception"},
        json_ensure_ascii=False,
    )


def text_formatter() -> logging.Formatter:
    return logging.Formatter(TEXT_FORMAT, defaults={"request_id": "-"})


def _our_handler(root: logging.Logger) -> CurrentStderrHandler | None:
    return next((h for h in root.handlers if isinstance(h, CurrentStderrHandler)), None)


def configure_logging(level: str = "INFO", log_format: str = "json") -> logging.Handler:
    """Install (or update) the process's one stderr handler; returns it."""
    if log_format not in FORMATS:
        raise ConfigError(f"LOG_FORMAT must be one of {FORMATS}, got {log_format!r}")
    root = logging.getLogger()
    handler = _our_handler(root)
    if handler is None:
        handler = CurrentStderrHandler()
        handler.addFilter(ContextFilter())
        root.addHandler(handler)
    handler.setFormatter(json_formatter() if log_format == "json" else text_formatter())
    root.setLevel(level.upper())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
