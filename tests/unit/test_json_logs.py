"""Logs: one JSON object per line on stderr, with the request's id; one handler per process."""

from __future__ import annotations

import json
import logging
import sys
import types
from collections.abc import Iterator

import pytest

from marketplace.config import ConfigError
from marketplace.observability.logs import CurrentStderrHandler, configure_logging
from marketplace.observability.request_tracking import HEADER


@pytest.fixture
def json_logs() -> Iterator[None]:
    """The process's logging as the factory sets it up (migrations in the suite's set-up
    replace the root handlers with alembic's, so set it up again), restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("INFO", "json")
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if isinstance(h, CurrentStderrHandler)]


def test_building_many_apps_keeps_one_handler(json_logs, app_with):
    app_with()
    app_with(LOG_FORMAT="text")
    configure_logging("INFO", "json")
    assert len(_ours()) == 1


def test_an_access_line_per_request_with_its_id(json_logs, client, capsys):
    client.get("/browse/?q=tea", headers={HEADER: "trace-abcdef-0001"})
    (access,) = [
        line for line in _lines(capsys.readouterr().err) if line["logger"] == "marketplace.access"
    ]
    assert access["request_id"] == "trace-abcdef-0001"
    assert (access["method"], access["path"], access["status"]) == ("GET", "/browse/", 200)
    assert access["endpoint"] == "browse.index"
    assert access["level"] == "INFO" and access["duration_ms"] >= 0
    assert access["time"].endswith("+00:00")


def test_an_unexpected_error_is_logged_with_its_traceback_and_request_id(
    json_logs, app_with, capsys
):
    other = app_with()

    def explode():
        raise RuntimeError("kaboom in a view")

    other.add_url_rule("/exploding", "exploding", explode)
    response = other.test_client().get("/exploding")
    assert response.status_code == 500
    lines = _lines(capsys.readouterr().err)
    (error,) = [line for line in lines if line["level"] == "ERROR"]
    assert error["request_id"] == response.headers[HEADER]
    assert "RuntimeError: kaboom in a view" in error["exception"]
    assert "Traceback" in error["exception"]
    (access,) = [line for line in lines if line["logger"] == "marketplace.access"]
    assert access["status"] == 500 and access["request_id"] == error["request_id"]


def test_lines_outside_a_request_have_no_request_id(json_logs, capsys):
    logging.getLogger("marketplace.jobs").warning("sweep took %s s", 3)
    (line,) = _lines(capsys.readouterr().err)
    assert line["message"] == "sweep took 3 s" and line["logger"] == "marketplace.jobs"
    assert "request_id" not in line and "job_id" not in line


def test_lines_inside_an_rq_job_carry_its_id(json_logs, capsys, monkeypatch):
    running = types.SimpleNamespace(get_current_job=lambda: types.SimpleNamespace(id="job-42"))
    monkeypatch.setitem(sys.modules, "rq.job", running)
    logging.getLogger("marketplace.jobs").info("delivering the outbox")
    (line,) = _lines(capsys.readouterr().err)
    assert line["job_id"] == "job-42"


def test_text_format_and_level_are_settings(json_logs, capsys):
    configure_logging("WARNING", "text")
    logging.getLogger("marketplace.jobs").info("not shown")
    logging.getLogger("marketplace.jobs").warning("shown as text")
    err = capsys.readouterr().err
    assert "not shown" not in err
    assert "WARNING marketplace.jobs [-] shown as text" in err


def test_an_unknown_format_is_refused():
    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        configure_logging("INFO", "xml")


def test_successful_probes_stay_out_of_the_info_log(json_logs, client, capsys):
    client.get("/healthz")
    client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.7"})  # refused: 404
    paths = [line["path"] for line in _lines(capsys.readouterr().err)]
    assert paths == ["/metrics"]
