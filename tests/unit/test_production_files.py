"""The production files agree with the code: .env.example, the Procfile, gunicorn.conf.py."""

from __future__ import annotations

import ast
import os
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from honcho.environ import parse as parse_env_file

from marketplace.config import load_config

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / ".env.example"
SETTING_LINE = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$")
ENV_READERS = {"get", "setdefault", "_env_int", "_env_bool", "_int_env"}


def _environment_keys(source: Path) -> set[str]:
    """Names read from the environment: os.environ.get/setdefault("X"), os.environ["X"],
    "X" in os.environ, and the files' own _env_*("X") helpers."""
    keys = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            environ = not isinstance(func, ast.Attribute) or ast.unparse(func.value) == "os.environ"
            first = node.args[0]
            if name in ENV_READERS and environ and isinstance(first, ast.Constant):
                keys.add(first.value)
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            if isinstance(node.slice, ast.Constant):
                keys.add(node.slice.value)
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Constant)
            and any(ast.unparse(c) == "os.environ" for c in node.comparators)
        ):
            keys.add(node.left.value)
    return keys


def _example_lines() -> list[str]:
    return ENV_EXAMPLE.read_text().splitlines()


def _example_settings(include_optional: bool) -> dict[str, str]:
    """The example as honcho reads it; optional (`# KEY=`) lines too when asked."""
    lines = [
        line[2:]
        if include_optional and line.startswith("# ") and SETTING_LINE.match(line)
        else line
        for line in _example_lines()
    ]
    return parse_env_file("\n".join(lines))


def _example_keys() -> list[str]:
    return [m.group(1) for line in _example_lines() if (m := SETTING_LINE.match(line))]


def test_every_setting_the_code_reads_is_in_the_example() -> None:
    read = _environment_keys(ROOT / "marketplace" / "config.py")
    read |= _environment_keys(ROOT / "gunicorn.conf.py")
    assert {"DATABASE_URL", "MAIL_SERVER", "WEB_CONCURRENCY", "PROMETHEUS_MULTIPROC_DIR"} <= read

    keys = _example_keys()
    assert sorted(read - set(keys)) == []
    assert sorted(set(keys) - read) == [], "the example lists settings nothing reads"
    assert len(keys) == len(set(keys)), "a setting is listed twice"


def test_every_setting_in_the_example_has_a_comment_above_it() -> None:
    lines = _example_lines()
    for number, line in enumerate(lines):
        if SETTING_LINE.match(line):
            above = lines[number - 1]
            assert above.startswith("# ") and not SETTING_LINE.match(above), line


def test_the_example_values_load_even_with_every_optional_line_switched_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _example_settings(include_optional=True)
    assert set(_example_keys()) - set(settings) == {"SECRET_KEY"}  # no example of a secret
    settings["SECRET_KEY"] = "a-real-secret"
    for key in settings:
        monkeypatch.delenv(key, raising=False)
    for key, value in settings.items():
        monkeypatch.setenv(key, value)

    config = load_config(tmp_path)

    assert config["APP_ENV"] == "production"
    assert config["RATELIMIT_API"] == "1200 per minute"
    assert config["MAIL_FROM"] == "KOL Marketplace <no-reply@kol.localhost>"
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_the_example_as_shipped_refuses_to_start_without_a_secret_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in _example_keys():
        monkeypatch.delenv(key, raising=False)
    for key, value in _example_settings(include_optional=False).items():
        monkeypatch.setenv(key, value)

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        load_config(tmp_path)


def _procfile() -> dict[str, list[str]]:
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = shlex.split(command)
    return entries


def test_the_procfile_runs_gunicorn_on_the_wsgi_app_with_its_config() -> None:
    entries = _procfile()
    assert list(entries) == ["web", "worker", "scheduler"]
    assert entries["web"] == ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    assert (ROOT / "gunicorn.conf.py").is_file()
    check = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": "check", "PROMETHEUS_MULTIPROC_DIR": "/tmp/kol-check"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("process", ["worker", "scheduler"])
def test_the_procfile_job_processes_are_flask_commands_of_the_app(process: str, app: Flask) -> None:
    command = _procfile()[process]
    assert command[:3] == ["flask", "--app", "wsgi"]
    group = app.cli
    for name in command[3:]:
        commands = getattr(group, "commands", {})
        assert name in commands, f"`{' '.join(command)}`: no command {name!r}"
        group = commands[name]


def _gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, object]:
    for key in ("BIND", "PORT", "WEB_CONCURRENCY", "TRUSTED_PROXIES", "GUNICORN_THREADS"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", env.pop("PROMETHEUS_MULTIPROC_DIR", "/tmp/x"))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_defaults_to_localhost_and_two_workers_per_core(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = _gunicorn_settings(monkeypatch)
    assert settings["bind"] == "127.0.0.1:8000"
    assert settings["workers"] == 2 * (os.cpu_count() or 1)
    assert settings["preload_app"] is True
    assert settings["accesslog"] is None
    assert settings["forwarded_allow_ips"] == ""  # no proxies trusted: no forwarded scheme
    assert 0 < settings["max_requests_jitter"] < settings["max_requests"]


def test_gunicorn_settings_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _gunicorn_settings(monkeypatch, PORT="9001", WEB_CONCURRENCY="3")
    assert (settings["bind"], settings["workers"]) == ("127.0.0.1:9001", 3)

    settings = _gunicorn_settings(monkeypatch, BIND="0.0.0.0:8080", TRUSTED_PROXIES="1")
    assert settings["bind"] == "0.0.0.0:8080"
    assert settings["forwarded_allow_ips"] == "*"  # the app's ProxyFix counts the hops


def test_gunicorn_start_clears_metric_files_of_dead_processes_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    metrics = tmp_path / "metrics"
    settings = _gunicorn_settings(monkeypatch, PROMETHEUS_MULTIPROC_DIR=str(metrics))
    assert metrics.is_dir()  # before the preloaded app defines its metrics

    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead_pid = int(finished.stdout)
    live = [metrics / f"counter_{os.getpid()}.db", metrics / f"gauge_livesum_{os.getpid()}.db"]
    dead = [metrics / f"counter_{dead_pid}.db", metrics / f"histogram_{dead_pid}.db"]
    for path in live + dead:
        path.write_bytes(b"\0" * 8)

    settings["on_starting"](None)

    assert sorted(metrics.iterdir()) == sorted(live)
