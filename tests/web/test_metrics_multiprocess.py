"""Under gunicorn, /metrics sums every worker's series (PROMETHEUS_MULTIPROC_DIR).

Starts real gunicorn with two sync workers on a migrated SQLite file, spreads requests
over both (concurrent requests: a sync worker answers one at a time), then checks that the
scrape, answered by one worker, counts the requests both workers served.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HEALTHZ = {"endpoint": "ops.healthz", "method": "GET", "status": "2xx"}
COUNT = "kol_http_request_duration_seconds_count"
# What gunicorn.conf.py must do for these metrics: forget a dead worker's live gauges.
GUNICORN_CONF = """
from prometheus_client import multiprocess

def child_exit(server, worker):
    multiprocess.mark_process_dead(worker.pid)
"""

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _wait_until_up(url: str, server: subprocess.Popen, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited"
        try:
            if _get(url)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer in time")


def _healthz_count(samples) -> float:
    return sum(
        sample.value
        for sample in samples
        if sample.name == COUNT and all(sample.labels.get(k) == v for k, v in HEALTHZ.items())
    )


def _per_worker_healthz(multiproc_dir: Path) -> dict[str, float]:
    """Each worker's own count, read from its histogram file."""
    counts = {}
    for path in multiproc_dir.glob("histogram_*.db"):
        merged = MultiProcessCollector.merge([str(path)], accumulate=True)
        counts[path.stem] = _healthz_count(s for metric in merged for s in metric.samples)
    return counts


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    multiproc_dir = tmp_path / "prometheus"
    multiproc_dir.mkdir()
    conf = tmp_path / "gunicorn_test.conf.py"
    conf.write_text(GUNICORN_CONF)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "TEST_DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'marketplace.sqlite3'}",
        SECRET_KEY="multiprocess-test",
        MATCH_INDEX_PATH=str(tmp_path / "match_index"),
        RATELIMIT_STORAGE_URI="memory://",
        LOG_LEVEL="WARNING",
    )
    subprocess.run(
        [BIN / "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    env["PROMETHEUS_MULTIPROC_DIR"] = str(multiproc_dir)
    server = subprocess.Popen(
        [BIN / "gunicorn", "-c", conf, "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/healthz", server)
        yield base, multiproc_dir
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_metrics_add_up_the_requests_of_both_workers(gunicorn):
    base, multiproc_dir = gunicorn
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _round in range(20):
            statuses = list(pool.map(_get, [base + "/healthz"] * 40))
            assert all(status == 200 for status, _body in statuses)
            per_worker = _per_worker_healthz(multiproc_dir)
            if sum(1 for count in per_worker.values() if count > 0) >= 2:
                break
    assert len([count for count in per_worker.values() if count > 0]) == 2, per_worker
    status, text = _get(base + "/metrics")
    assert status == 200
    families = list(text_string_to_metric_families(text))
    assert _healthz_count(s for family in families for s in family.samples) == sum(
        per_worker.values()
    )
    (backlog,) = [family for family in families if family.name == "kol_outbox_messages"]
    assert sorted((s.labels["status"], s.value) for s in backlog.samples) == [
        ("failed", 0.0),
        ("pending", 0.0),
    ]  # counted once by the scraping worker, not once per process
