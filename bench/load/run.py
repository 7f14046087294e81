"""Load test: the marketplace on gunicorn + PostgreSQL + Redis against a hello-world ceiling.

    .venv/bin/python bench/load/run.py                       # find the saturating users, measure
    .venv/bin/python bench/load/run.py --users 24 --time 60s # measure at a given concurrency
    .venv/bin/python bench/load/run.py --sweep 4,8,16,32     # only look for the knee

1. Prepares the PostgreSQL database (`kol_load` by default; created when missing): migrates
   it, seeds the demo data with `--kols` KOLs when it has fewer (minutes, once; later runs
   reuse it), makes the admin, and builds the match index when it was seeded or is missing.
2. Serves the app with gunicorn (`gunicorn.conf.py` when the repository has one, else an
   equivalent command line) with APP_ENV=production, REDIS_URL and rate limits off.
3. Without `--users`, sweeps the concurrency (short runs at each user count) and takes the
   smallest count whose throughput is within 5% of the best: where 2 cores saturate.
4. Runs Locust headless (bench/load/locustfile.py, one process, `nice`d so the server gets
   the CPU first) against the app, then against bench/load/hello.py on the same gunicorn
   settings, and prints a Markdown table per endpoint (requests/s, p50, p95, p99, errors),
   the totals, the throughput ratio ours/hello and the targets: no errors, browse and
   search p95 <= 150 ms, Top matches p95 <= 250 ms. The report is also written to
   instance/load/report-<time>.md, with Locust's CSV files beside it.

Locust shares the machine's cores with the server: the report says how much CPU it took
and the load average before and after, so a busy machine shows in the figures.
Exit status: 0 when every target is met, 1 when one is missed, 2 when the run failed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from load_report import Result, cpu_note, read_failures, read_rows, table, targets

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
OUT = ROOT / "instance" / "load"
DEFAULT_DB = "postgresql://postgres@127.0.0.1/kol_load"
PASSWORD = "demo-pass-123"
SATURATED = 0.95  # a user count within 5% of the best throughput counts as saturating
# Without a gunicorn.conf.py, the same shape on the command line: 2 x cores processes of
# 2 threads each (pages are CPU-bound Python; threads only cover database waits).
FALLBACK_GUNICORN = ["--workers", "4", "--worker-class", "gthread", "--threads", "2"]


def log(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


def seconds(text: str) -> int:
    """Locust's duration syntax: 90, 90s, 2m, 1h30m."""
    total, number = 0, ""
    for char in text.strip():
        if char.isdigit():
            number += char
        elif char in "hms" and number:
            total += int(number) * {"h": 3600, "m": 60, "s": 1}[char]
            number = ""
        else:
            raise argparse.ArgumentTypeError(f"not a duration: {text!r}")
    return total + int(number or 0)


# --- the database -------------------------------------------------------------------------


def flask(env: dict[str, str], *args: str) -> None:
    log("flask " + " ".join(args))
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True)


def ensure_database(url: str) -> None:
    admin_url, _, name = url.rpartition("/")
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def demo_kols(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM users WHERE role = 'kol' AND email LIKE 'kol%@demo.example'"
        ).fetchone()
    return int(row[0]) if row else 0


def prepare_data(env: dict[str, str], url: str, kols: int, rebuild: bool) -> None:
    ensure_database(url)
    flask(env, "db", "upgrade")
    seeded = demo_kols(url) < kols
    if seeded:
        log(f"seeding {kols} KOLs (takes minutes, once)")
        flask(env, "seed", "demo", "--kols", str(kols))
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    published = Path(env["MATCH_INDEX_PATH"]) / "current"  # the machine's current snapshot
    if seeded or rebuild or not published.exists():
        flask(env, "matching", "rebuild")
    flask(env, "users", "create-admin", "admin@demo.example", "--password", PASSWORD)


# --- the server -------------------------------------------------------------------------


GUNICORN_CONF = ROOT / "gunicorn.conf.py"


def gunicorn_args() -> list[str]:
    return ["-c", str(GUNICORN_CONF)] if GUNICORN_CONF.exists() else FALLBACK_GUNICORN


def gunicorn_settings() -> str:
    return " ".join(gunicorn_args())


class Server:
    """gunicorn serving `app_spec` on 127.0.0.1:port until stopped."""

    def __init__(self, app_spec: str, port: int, env: dict[str, str], chdir: Path) -> None:
        settings = gunicorn_args()
        self.url = f"http://127.0.0.1:{port}"
        command = [str(BIN / "gunicorn"), *settings, "--bind", f"127.0.0.1:{port}"]
        command += ["--chdir", str(chdir), app_spec]
        self.log_path = OUT / f"gunicorn-{port}.log"
        self.log_file = self.log_path.open("w")
        log(f"starting gunicorn {gunicorn_settings()} {app_spec} on {self.url}")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT
        )

    def wait_ready(self, path: str, timeout_s: float = 180.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=30) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"{self.url}{path} not ready after {timeout_s:.0f}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


# --- Locust -------------------------------------------------------------------------------


def run_locust(host: str, target: str, users: int, duration_s: int, args, tag: str) -> Result:
    prefix = OUT / tag
    think = args.hello_think if target == "hello" else args.think
    env = {**os.environ, "LOAD_TARGET": target, "LOAD_KOLS": str(args.kols), "LOAD_THINK_S": think}
    command = [str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless"]
    command += ["--host", host, "-u", str(users), "-r", str(args.spawn_rate or users)]
    command += ["-t", f"{duration_s}s", "--csv", str(prefix), "--reset-stats", "--only-summary"]
    command += ["--stop-timeout", "10", "--loglevel", "WARNING"]
    if args.nice:
        command = [shutil.which("nice") or "nice", "-n", str(args.nice), *command]
    log(f"locust {target}: {users} users for {duration_s}s against {host}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with (OUT / f"{tag}.log").open("w") as out:
        finished = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust failed (exit {finished.returncode}); see {OUT / tag}.log")
    rows = read_rows(stats)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Result(
        rows=[r for r in rows if r.name != "Aggregated"],
        total=next(r for r in rows if r.name == "Aggregated"),
        locust_cpu_s=cpu,
        wall_s=wall,
        failures=read_failures(Path(f"{prefix}_failures.csv")),
    )


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


# --- the sweep ----------------------------------------------------------------------------


def sweep(host: str, levels: list[int], duration_s: int, args) -> tuple[int, list[str]]:
    """Throughput per user count; the smallest count within 5% of the best saturates."""
    seen: list[tuple[int, float, float]] = []
    for users in levels:
        result = run_locust(host, "app", users, duration_s, args, f"sweep-{users}")
        seen.append((users, result.total.rps, result.total.p95))
        log(f"  {users} users: {result.total.rps:.1f} req/s, p95 {result.total.p95:.0f} ms")
    best = max(rps for _, rps, _ in seen)
    chosen = next(users for users, rps, _ in seen if rps >= SATURATED * best)
    lines = ["| users | req/s | p95 ms |", "|---:|---:|---:|"]
    lines += [f"| {u} | {rps:.1f} | {p95:.0f} |" for u, rps, p95 in seen]
    lines.append("")
    lines.append(f"Saturation: {chosen} users (the fewest within 5% of the best throughput).")
    return chosen, lines


# --- main -------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, help="concurrent users (default: find by sweep)")
    parser.add_argument("--time", type=seconds, default=60, help="each measured run (60s)")
    parser.add_argument("--kols", type=int, default=100_000, help="KOLs seeded (100000)")
    parser.add_argument(
        "--sweep", default="4,8,16,32,64", help="user counts tried without --users (4,8,16,32,64)"
    )
    parser.add_argument("--warmup", type=seconds, default=20, help="unmeasured first run (20s)")
    parser.add_argument("--sweep-time", type=seconds, default=30, help="each sweep step (30s)")
    parser.add_argument("--spawn-rate", type=float, help="users started per second (all at once)")
    parser.add_argument(
        "--think", default="0.1,0.5", help="'min,max' seconds a user waits between tasks (0.1,0.5)"
    )
    parser.add_argument(
        "--hello-think", default="0,0", help="the ceiling's wait: 0 = as fast as it answers (0,0)"
    )
    parser.add_argument("--nice", type=int, default=10, help="Locust's niceness; 0 = off (10)")
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--port", type=int, default=8700, help="the app's port (8700)")
    parser.add_argument("--hello-port", type=int, default=8701, help="the ceiling's port (8701)")
    parser.add_argument(
        "--gunicorn-conf",
        type=Path,
        default=GUNICORN_CONF,
        help="gunicorn settings file (the repository's gunicorn.conf.py); "
        "without one, " + " ".join(FALLBACK_GUNICORN),
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the match index first")
    parser.add_argument("--skip-hello", action="store_true", help="no ceiling run")
    return parser.parse_args()


def server_env(args: argparse.Namespace) -> dict[str, str]:
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-only-secret"),
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "RATELIMIT_ENABLED": "0",
        # Plain HTTP on 127.0.0.1: secure-only cookies would never come back.
        "SESSION_COOKIE_SECURE": "0",
        "MATCH_INDEX_PATH": str(OUT / "match_index"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.pop("FLASK_APP", None)
    return env


def measure(args: argparse.Namespace, env: dict[str, str], report: list[str]) -> bool:
    app = Server("wsgi:app", args.port, env, ROOT)
    try:
        app.wait_ready("/browse/")
        if args.warmup:
            # Every worker loads its match index and fills its caches before the clock runs.
            first = args.users or int(args.sweep.split(",")[0])
            run_locust(app.url, "app", max(first, 4), args.warmup, args, "warmup")
        users = args.users
        if users is None:
            levels = [int(level) for level in args.sweep.split(",")]
            report += ["## Concurrency sweep", ""]
            users, lines = sweep(app.url, levels, args.sweep_time, args)
            report += [*lines, ""]
        ours = run_locust(app.url, "app", users, args.time, args, f"app-{users}")
    finally:
        app.stop()
    report += [f"## Marketplace, {users} users, {args.time} s", "", *table(ours), ""]
    report += [cpu_note(ours) + ".", ""]
    if ours.failures:
        report += ["Failures:", "", *[f"- {f}" for f in ours.failures[:15]], ""]
    if not args.skip_hello:
        hello = Server("hello:app", args.hello_port, env, HERE)
        try:
            hello.wait_ready("/")
            ceiling = run_locust(hello.url, "hello", users, args.time, args, f"hello-{users}")
        finally:
            hello.stop()
        ratio = ours.total.rps / ceiling.total.rps if ceiling.total.rps else 0.0
        report += [f"## Hello-world ceiling, {users} users, wait {args.hello_think} s", ""]
        report += [*table(ceiling), "", cpu_note(ceiling) + ".", ""]
        report += [
            f"Throughput ours/hello: {ours.total.rps:.1f} / {ceiling.total.rps:.1f} "
            f"req/s = **{ratio:.1%}**",
            "",
        ]
    checks = targets(ours)
    report += ["## Targets", ""]
    report += [f"- {'PASS' if ok else 'FAIL'} {text}" for text, ok in checks]
    return all(ok for _, ok in checks)


def main() -> int:
    global GUNICORN_CONF
    args = parse_args()
    GUNICORN_CONF = args.gunicorn_conf.resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    env = server_env(args)
    prepare_data(env, args.database_url, args.kols, args.rebuild)
    started = datetime.now(UTC)
    report = [
        f"# Load test {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"{os.cpu_count()} cores; load average before: {load_average()}; database "
        f"{args.database_url.rpartition('/')[2]} ({args.kols} KOLs); "
        f"gunicorn `{gunicorn_settings()}`; "
        f"Locust: one process, nice {args.nice}, on the same machine; think time {args.think} s.",
        "",
    ]
    try:
        met = measure(args, env, report)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        log(f"run failed: {error}")
        return 2
    report += ["", f"Load average after: {load_average()}."]
    text = "\n".join(report) + "\n"
    path = OUT / f"report-{started:%Y%m%d-%H%M%S}.md"
    path.write_text(text)
    print(text)
    log(f"report written to {path}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
