"""The Stripe gateway type-checks against stripe's shipped types ([tool.mypy]), and a
misspelt parameter, field or request option would fail that check.

mypy cannot see an idempotency key put inside the params (the params TypedDicts accept
`idempotency_key`); the gateway tests check the recorded requests for that instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GATEWAY = ROOT / "marketplace" / "payments" / "stripe_gateway.py"
TYPOS = {
    # a params key Stripe does not have
    '"capture_method": "automatic"': '"capture_methd": "automatic"',
    # a field a PaymentIntent does not have
    "intent.client_secret or": "intent.client_secrt or",
    # a request option that does not exist: the key would silently not be sent
    'return {"idempotency_key": idempotency_key}': 'return {"idempotency_ky": idempotency_key}',
}


def mypy(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            *map(str, files),
        ],
        cwd=ROOT,
        env={**os.environ, "MYPYPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_gateway_type_checks_against_stripes_types():
    result = mypy(GATEWAY)
    assert result.returncode == 0, result.stdout + result.stderr


def test_misspellings_fail_the_check(tmp_path: Path):
    source = GATEWAY.read_text()
    for right, wrong in TYPOS.items():
        assert right in source, right
        source = source.replace(right, wrong, 1)
    copy = tmp_path / "stripe_gateway_typos.py"
    copy.write_text(source)

    result = mypy(copy)

    assert result.returncode == 1, result.stdout + result.stderr
    assert '"capture_methd"' in result.stdout
    assert '"client_secrt"' in result.stdout
    assert '"idempotency_ky"' in result.stdout
    assert result.stdout.count("error:") == len(TYPOS), result.stdout


def test_only_the_gateway_imports_stripe():
    importing = re.compile(r"^\s*(import stripe\b|from stripe\b)", re.MULTILINE)
    importers = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "marketplace").rglob("*.py")
        if importing.search(path.read_text())
    ]
    assert importers == ["marketplace/payments/stripe_gateway.py"]
