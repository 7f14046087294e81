"""Reading Locust's CSV files and writing the load test's Markdown report and targets."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

BROWSE_P95_MS = 150.0
MATCHES_P95_MS = 250.0


@dataclass
class Row:
    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float

    @property
    def error_rate(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


@dataclass
class Result:
    rows: list[Row]
    total: Row
    locust_cpu_s: float
    wall_s: float
    failures: list[str]


def read_rows(path: Path) -> list[Row]:
    with path.open() as file:
        return [
            Row(
                name=(f"{line['Type']} {line['Name']}" if line["Type"] else line["Name"]),
                requests=int(line["Request Count"]),
                failures=int(line["Failure Count"]),
                rps=float(line["Requests/s"]),
                p50=float(line["50%"] if line["50%"] != "N/A" else 0),
                p95=float(line["95%"] if line["95%"] != "N/A" else 0),
                p99=float(line["99%"] if line["99%"] != "N/A" else 0),
            )
            for line in csv.DictReader(file)
        ]


def read_failures(path: Path) -> list[str]:
    if not path.exists():
        return []
    with path.open() as file:
        return [
            f"{line['Occurrences']} x {line['Method']} {line['Name']}: {line['Error'][:160]}"
            for line in csv.DictReader(file)
        ]


def table(result: Result) -> list[str]:
    lines = [
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in [*sorted(result.rows, key=lambda r: -r.requests), result.total]:
        name = "**total**" if row is result.total else f"`{row.name}`"
        lines.append(
            f"| {name} | {row.requests} | {row.rps:.1f} | {row.p50:.0f} | {row.p95:.0f} "
            f"| {row.p99:.0f} | {row.error_rate:.2%} |"
        )
    return lines


def targets(result: Result) -> list[tuple[str, bool]]:
    checks = [
        (f"requests answered ({result.total.requests})", result.total.requests > 0),
        (f"zero errors ({result.total.failures} failed)", result.total.failures == 0),
    ]
    for row in result.rows:
        if "/browse/" in row.name:
            checks.append(
                (
                    f"`{row.name}` p95 {row.p95:.0f} <= {BROWSE_P95_MS:.0f} ms",
                    row.p95 <= BROWSE_P95_MS,
                )
            )
        if row.name.endswith("/matches"):
            checks.append(
                (
                    f"`{row.name}` p95 {row.p95:.0f} <= {MATCHES_P95_MS:.0f} ms",
                    row.p95 <= MATCHES_P95_MS,
                )
            )
    return checks


def cpu_note(result: Result) -> str:
    share = result.locust_cpu_s / result.wall_s if result.wall_s else 0.0
    used = f"{result.locust_cpu_s:.0f} CPU-s in {result.wall_s:.0f} s"
    return f"Locust used {used} ({share:.0%} of one core)"
