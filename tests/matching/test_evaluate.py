"""Quality on the committed dataset, and the command-line contracts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from matching.eval.evaluate import evaluate
from matching.eval.synth import dataset

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "data" / "matching" / "eval.json"


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return evaluate(json.loads(DATASET.read_text(encoding="utf-8")))


def test_committed_dataset_is_small_and_complete() -> None:
    assert DATASET.stat().st_size < 3_000_000
    data = json.loads(DATASET.read_text(encoding="utf-8"))
    assert len(data["kols"]) >= 2000 and len(data["briefs"]) >= 50
    assert {"ndcg@10", "recall@50", "mrr"} <= set(data["noise_ceiling"])
    assert any("\u4e00" <= ch <= "\u9fff" for k in data["kols"][:50] for ch in k.get("bio", ""))


def test_matcher_reaches_the_noise_ceiling_and_beats_baselines(result: dict[str, Any]) -> None:
    assert result["hard_violations"] == 0
    assert set(result["baseline_hard_violations"].values()) == {0}
    ceiling = result["noise_ceiling"]["ndcg@10"]
    assert result["ndcg@10"] >= 0.8 * ceiling
    base = result["baselines"]
    assert result["ndcg@10"] >= 1.5 * base["category_only"]["ndcg@10"]
    assert result["ndcg@10"] >= base["category_only"]["ndcg@10"] + 0.25
    assert result["ndcg@10"] >= 5 * max(
        base["random"]["ndcg@10"], base["most_followers"]["ndcg@10"]
    )
    assert result["mrr"] > base["category_only"]["mrr"]


def test_synthetic_generator_is_deterministic() -> None:
    a, b = dataset(120, 6, seed=7), dataset(120, 6, seed=7)
    assert a == b
    assert a["judgments"] and all(0 < j["grade"] <= 3 for j in a["judgments"])


def _run(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return out.stdout


def test_evaluate_cli_last_line_is_json(tmp_path: Path) -> None:
    small = tmp_path / "small.json"
    small.write_text(json.dumps(dataset(300, 10, seed=3)), encoding="utf-8")
    lines = _run("matching.evaluate", "--dataset", str(small), "--k", "5").strip().splitlines()
    last = json.loads(lines[-1])
    assert {"ndcg@10", "ndcg@5", "recall@50", "mrr", "briefs", "hard_violations"} <= set(last)
    assert last["briefs"] == 10 and last["hard_violations"] == 0
    assert set(last["baselines"]) == {"random", "most_followers", "category_only"}
    assert any("category_only" in line for line in lines[:-1])  # the readable table


def test_bench_smoke_json_keys() -> None:
    last = json.loads(_run("matching.bench", "--kols", "2000", "--briefs", "5").splitlines()[-1])
    assert {"kols", "build_s", "rank_p50_ms", "rank_p95_ms", "peak_rss_mb"} <= set(last)
    assert last["kols"] == 2000


def test_matching_never_imports_flask_or_a_database() -> None:
    code = (
        "import sys, pkgutil, importlib, matching\n"
        "for m in pkgutil.walk_packages(matching.__path__, 'matching.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'sqlalchemy', 'psycopg', 'marketplace', 'redis')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_matching_tests_never_import_flask() -> None:
    code = (
        "import sys, pathlib, importlib\n"
        "for f in sorted(pathlib.Path('tests/matching').glob('*.py')):\n"
        "    importlib.import_module('tests.matching.' + f.stem)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'marketplace')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
