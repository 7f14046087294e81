"""Every `flask` command creates the app: it must not pay for the matcher's imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sklearn", "scipy", "matching")

CREATE_APP = f"""
import json, sys
from marketplace import create_app
create_app({{"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "start-up-test"}})
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})))
"""


def test_creating_the_app_does_not_import_the_matcher_or_scikit_learn():
    out = subprocess.run(
        [sys.executable, "-c", CREATE_APP], cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
