"""Memory of gunicorn workers sharing one memory-mapped match index.

    nice .venv/bin/python bench/index_rss.py [--kols 1000000] [--dir /tmp/kol-index-bench]
                                             [--workers 1 2 4] [--in-memory 1 2]

Builds a synthetic snapshot of ``--kols`` KOLs under ``<dir>/index`` (reused when it is
there; the build time is remembered in ``<dir>/build.json``), migrates a SQLite database
for the app, then starts gunicorn on the real app with 1, 2 and 4 workers. Each worker,
once it has loaded the app (``post_worker_init``), maps the index through
``index_holder.warm_up()`` and ranks a brief, timing both: the first request of a fresh
worker. With every worker ready, it reads /proc/<pid>/smaps_rollup and prints RSS, PSS
and private memory per worker and in total. ``--in-memory`` does the same with the old
private load (``MatchIndex.load(mmap=False)``) for comparison. The last line is JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BRIEF = {
    "id": "bench",
    "category": "beauty",
    "title": "Mineral sunscreen launch",
    "description": "Looking for honest skincare reviewers",
    "platforms": ["xiaohongshu", "douyin"],
    "collab_types": ["image_text", "short_video"],
    "budget": 5_000_000,
    "currency": "cny",
}
_held: list[Any] = []  # the in-memory mode's index, kept alive in the worker


def make_app():
    """The WSGI app gunicorn serves (the marketplace itself)."""
    from marketplace import create_app

    return create_app({"MATCH_INDEX_PATH": os.environ["MATCH_INDEX_PATH"]})


def post_worker_init(worker) -> None:
    """gunicorn hook: load the index the way the mode says, rank once, report."""
    began = time.perf_counter()
    import matching.index
    import matching.persist  # noqa: F401 - numpy, scipy, scikit-learn: timed apart

    imported = time.perf_counter()
    if os.environ["BENCH_MODE"] == "mmap":
        from marketplace.services.matchmaking import index_holder

        with worker.wsgi.app_context():
            index_holder.warm_up()
            loaded = time.perf_counter()
            with index_holder.current_index() as index:
                found = len(index.rank(BRIEF, k=20))
    else:
        from marketplace.services.matchmaking.snapshot_files import current_snapshot
        from matching import MatchIndex

        index = MatchIndex.load(current_snapshot(Path(os.environ["MATCH_INDEX_PATH"])), mmap=False)
        loaded = time.perf_counter()
        found = len(index.rank(BRIEF, k=20))
        _held.append(index)
    ranked = time.perf_counter()
    report = {
        "import_s": imported - began,
        "load_s": loaded - imported,
        "rank_s": ranked - loaded,
        "found": found,
    }
    (Path(os.environ["BENCH_READY"]) / str(os.getpid())).write_text(json.dumps(report))


def _ensure_snapshot(root: Path, kols: int, state: Path) -> float:
    """Build the synthetic snapshot unless it exists; returns the build time."""
    from marketplace.services.matchmaking import snapshot_files

    if snapshot_files.current_snapshot(root) is not None and state.exists():
        return float(json.loads(state.read_text())["build_s"])
    from matching import MatchIndex
    from matching.eval.bench import KolStream

    started = time.perf_counter()
    index = MatchIndex.from_records(KolStream(kols, seed=1))
    build_s = time.perf_counter() - started
    snapshot_files.point_current_to(root, snapshot_files.write_snapshot(index, 0, root))
    state.write_text(json.dumps({"build_s": build_s, "kols": kols}))
    del index
    gc.collect()
    return build_s


def _migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=REPO, env=env, check=True, capture_output=True,
    )  # fmt: skip


def _memory(pid: int) -> dict[str, int]:
    """Rss, Pss and Private (clean + dirty) of a process, in MiB."""
    kib: dict[str, int] = {"Rss": 0, "Pss": 0, "Private": 0}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        key = "Private" if key.startswith("Private_") else key
        if key in kib:
            kib[key] += int(rest.split()[0])
    return {k: v // 1024 for k, v in kib.items()}


def _run(mode: str, workers: int, env: dict[str, str], ready: Path, port: int) -> dict[str, Any]:
    for f in ready.iterdir():
        f.unlink()
    cmd = [
        sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
        "--timeout", "600", "-c", "python:bench.index_rss", "bench.index_rss:make_app()",
    ]  # fmt: skip
    master = subprocess.Popen(cmd, cwd=REPO, env={**env, "BENCH_MODE": mode})
    try:
        deadline = time.monotonic() + 900
        while len(list(ready.iterdir())) < workers:
            if master.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn ({mode}, {workers} workers) did not get ready")
            time.sleep(0.5)
        pids = sorted(int(f.name) for f in ready.iterdir())
        per = [{"pid": pid, **_memory(pid), **json.loads((ready / str(pid)).read_text())}
               for pid in pids]  # fmt: skip
    finally:
        master.terminate()
        master.wait(60)
    total = {k: sum(w[k] for w in per) for k in ("Rss", "Pss", "Private")}
    return {"mode": mode, "workers": workers, "per_worker": per, "total_mib": total}


def _print(result: dict[str, Any]) -> None:
    t = result["total_mib"]
    print(
        f"{result['mode']:>6} {result['workers']} workers: total RSS {t['Rss']} MiB, "
        f"PSS {t['Pss']} MiB, private {t['Private']} MiB"
    )
    for w in result["per_worker"]:
        print(
            f"    pid {w['pid']}: RSS {w['Rss']} PSS {w['Pss']} private {w['Private']} MiB; "
            f"first request: imports {w['import_s'] * 1000:.0f} ms, "
            f"load {w['load_s'] * 1000:.0f} ms, rank {w['rank_s'] * 1000:.0f} ms"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kols", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/kol-index-bench"))
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--in-memory", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--port", type=int, default=18931)
    args = parser.parse_args(argv)
    work = args.dir.resolve()
    root, ready = work / "index", work / "ready"
    ready.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "MATCH_INDEX_PATH": str(root),
        "BENCH_READY": str(ready),
        "PYTHONPATH": str(REPO),
    }
    os.environ.update(env)
    build_s = _ensure_snapshot(root, args.kols, work / "build.json")
    size = sum(f.stat().st_size for f in root.rglob("*.npy")) // 2**20
    print(f"snapshot: {args.kols} KOLs, {size} MiB of arrays, build {build_s:.1f} s")
    _migrate(env)
    results = []
    for mode, counts in (("mmap", args.workers), ("memory", args.in_memory)):
        for n in counts:
            results.append(_run(mode, n, env, ready, args.port))
            _print(results[-1])
    print(json.dumps({"kols": args.kols, "snapshot_mib": size, "build_s": build_s,
                      "runs": results}))  # fmt: skip


if __name__ == "__main__":
    main()
