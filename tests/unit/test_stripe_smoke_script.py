"""scripts/stripe_smoke.py refuses anything but a Stripe test-mode secret key, before acting."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "stripe_smoke.py"


def _script():
    spec = importlib.util.spec_from_file_location("stripe_smoke", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "key", ["sk_live_51Habc", "rk_live_51Habc", "pk_test_51Habc", "rk_test_51Habc", "whsec_x"]
)
def test_anything_but_a_test_secret_key_is_refused(key):
    with pytest.raises(SystemExit) as refused:
        _script().check_key(key)
    assert "Refusing to run" in str(refused.value.code)


@pytest.mark.parametrize("key", [None, ""])
def test_no_key_is_refused(key):
    with pytest.raises(SystemExit) as refused:
        _script().check_key(key)
    assert "needs a sk_test_ key" in str(refused.value.code)


def test_a_test_key_passes():
    assert _script().check_key("sk_test_51Habc") == "sk_test_51Habc"


def test_run_as_a_script_with_a_live_key_it_stops_before_anything(tmp_path):
    env = {**os.environ, "STRIPE_SECRET_KEY": "sk_live_51Habc", "STRIPE_API_BASE": ""}
    database = tmp_path / "never.sqlite3"
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--account",
            "acct_1",
            "--database-url",
            f"sqlite:///{database}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Refusing to run" in result.stderr
    assert not database.exists()
