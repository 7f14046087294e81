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


def test_no_translation_crashes_when_formatted():
    from marketplace.i18n_check import catalog_problems

    assert catalog_problems(ROOT / "translations") == []


def _message(msgid, msgstr, location, flags=()):
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="zh")
    catalog.add(msgid, msgstr, locations=[(location, 1)], flags=flags)
    return catalog


def test_format_check_catches_a_bare_percent_in_a_template_translation():
    from marketplace.i18n_check import format_problems

    broken = _message("Audience in percent", "受众占比（%，选填）", "templates/x.html")
    assert len(list(format_problems(broken))) == 1
    fine = _message("Audience in percent", "受众占比（百分比）", "templates/x.html")
    assert list(format_problems(fine)) == []
    # Python code formats only when it passes variables (flagged python-format).
    plain = _message("Engagement (%)", "互动率（%）", "marketplace/forms.py")
    assert list(format_problems(plain)) == []


def test_format_check_catches_a_renamed_placeholder():
    from marketplace.i18n_check import format_problems

    renamed = _message(
        "At most %(n)d values.", "最多 %(count)d 个值。", "marketplace/x.py", ["python-format"]
    )
    assert list(format_problems(renamed)) != []
