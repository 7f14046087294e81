"""Every user-facing string is extracted, and the Chinese catalog translates all of them."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "translations" / "zh" / "LC_MESSAGES" / "messages.po"


def _extract(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(handle)
            if message.id
        }


def _catalog() -> dict[str, object]:
    with PO.open("rb") as handle:
        return {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(handle) if m.id}


def test_chinese_catalog_covers_every_extracted_string(tmp_path):
    catalog = _catalog()
    missing = sorted(_extract(tmp_path) - set(catalog))
    assert missing == [], f"run `make translations-update` and translate: {missing[:10]}"


def test_every_chinese_string_is_translated():
    untranslated = [
        key
        for key, message in _catalog().items()
        if not (message.string if isinstance(message.string, str) else all(message.string))
        or message.fuzzy
    ]
    assert untranslated == [], f"{len(untranslated)} untranslated, e.g. {untranslated[:10]}"


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for key, message in _catalog().items():
        if isinstance(message.string, str) and message.string:
            assert sorted(pattern.findall(key)) == sorted(pattern.findall(message.string)), key
