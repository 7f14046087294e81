"""API test hooks: the schemathesis run's figures at the end of the terminal report."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.api.test_schemathesis import summary_lines

    lines = summary_lines()
    if lines:
        terminalreporter.section("schemathesis")
        for line in lines:
            terminalreporter.write_line(line)
