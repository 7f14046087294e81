"""The web process as production runs it: real gunicorn with gunicorn.conf.py, two workers.

The app is preloaded in the master and forked, so the test checks what preloading could
break: concurrent requests hitting the database all succeed (a connection inherited from
the master and used by both workers garbles their queries into 500s), every worker has
database connections of its own, and each warms its match index without dying.
On PostgreSQL when TEST_DATABASE_URL is set (a database of its own beside the suite's),
else on a temporary SQLite file.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, select, text

from marketplace.models import KolProfile

ROOT = Path(__file__).resolve().parents[2]
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
POSTGRES_PORT = 5432
SEED = """
from marketplace import create_app
from marketplace.seed.write import seed_kols
with create_app().app_context():
    seed_kols(12)
"""

pytestmark = pytest.mark.slow


@dataclass
class Server:
    url: str
    master_pid: int
    database_url: str
    log: Path
    workers: list[int]

    def get(self, path: str) -> tuple[int, str]:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            return response.status, response.read().decode()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fresh_database(tmp_path: Path) -> str:
    if not TEST_DATABASE_URL:
        return f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}"
    base = make_url(TEST_DATABASE_URL).set(drivername="postgresql+psycopg")
    name = f"{base.database}_gunicorn"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = base.set(database=name)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    engine.dispose()
    return url.render_as_string(hide_password=False)


def _run_flask_side(env: dict[str, str], *args: str) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)


def _wait_until_serving(server: Server, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{server.log.read_text()}")
        try:
            if server.get("/")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer in 90s:\n{server.log.read_text()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    database_url = _fresh_database(tmp_path)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("REDIS", "RATELIMIT"))},
        "DATABASE_URL": database_url,
        "SECRET_KEY": "gunicorn-test-secret",
        "PORT": str(_free_port()),
        "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "MATCH_INDEX_PATH": str(tmp_path / "match_index"),
    }
    env.pop("BIND", None)
    (tmp_path / "metrics").mkdir()  # every process of the machine writes there, from import on
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    _run_flask_side(env, *flask, "db", "upgrade")
    _run_flask_side(env, sys.executable, "-c", SEED)
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    running = Server(f"http://127.0.0.1:{env['PORT']}", process.pid, database_url, log, [])
    try:
        _wait_until_serving(running, process)
        running.workers = _children(process.pid)
        yield running
    finally:
        process.terminate()
        process.wait(timeout=60)


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return sorted(int(child) for child in children)


def _open_files(pid: int) -> set[str]:
    """What the process's descriptors point at: paths, or `socket:[inode]`."""
    targets = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            targets.add(os.readlink(fd))
        except OSError:  # closed meanwhile
            continue
    return targets


def _postgres_socket_inodes() -> set[str]:
    """Inodes of this machine's TCP sockets connected to PostgreSQL's port."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[2].rsplit(":", 1)[1], 16) == POSTGRES_PORT:
                inodes.add(f"socket:[{fields[9]}]")
    return inodes


def _database_handles(pid: int, server: Server) -> set[str]:
    files = _open_files(pid)
    if TEST_DATABASE_URL:
        return files & _postgres_socket_inodes()
    database_file = make_url(server.database_url).database
    return {path for path in files if path == database_file}


def test_pages_are_served_from_the_database(server: Server) -> None:
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        names = set(conn.scalars(select(KolProfile.display_name)))
    engine.dispose()
    assert len(names) == 12

    status, home = server.get("/")
    assert status == 200
    assert "<html" in home
    status, browse = server.get("/browse/")
    assert status == 200
    assert any(name in browse for name in names)


def test_concurrent_requests_succeed_and_each_worker_has_its_own_connections(
    server: Server,
) -> None:
    workers = server.workers
    assert len(workers) == 2

    paths = ["/browse/", "/", "/browse/?q=beauty", "/browse/?sort=-followers"] * 10
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda path: server.get(path)[0], paths))

    assert statuses == [200] * 40
    # Connections a worker inherited from the master stay open but unused (dispose with
    # close=False); each worker must have opened connections of its own.
    inherited = _database_handles(server.master_pid, server) if TEST_DATABASE_URL else set()
    own = {pid: _database_handles(pid, server) - inherited for pid in workers}
    assert all(own.values()), f"a worker has no database connection of its own: {own}"


def test_every_worker_warms_its_match_index(server: Server) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        ready = server.log.read_text().count("Match index ready in")
        if ready >= 2:
            break
        time.sleep(0.5)
    assert ready >= 2, server.log.read_text()
    assert "Traceback" not in server.log.read_text()
    assert _children(server.master_pid) == server.workers  # none died and was replaced
