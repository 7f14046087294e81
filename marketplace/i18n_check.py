"""Find translations that would crash when formatted; `make setup` runs it before compiling.

Babel's own check (`Catalog.check`, also run by `pybabel compile`) only looks at messages
flagged python-format. Jinja's newstyle gettext, which Flask-Babel installs, applies `%` to
every template string even without variables, so a bare `%` in a template translation
raises at render time although no checker flags it. This module checks both.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

PLACEHOLDER = re.compile(r"%\((\w+)\)")


def _is_formatted(message: Message) -> bool:
    """Messages whose text goes through `%` at runtime."""
    return "python-format" in message.flags or any(
        filename.endswith((".html", ".txt")) for filename, _line in message.locations
    )


def _texts(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [text for text in value if text]


def _format_error(text: str, names: set[str]) -> str | None:
    try:
        text % {name: 1 for name in names}
    except (KeyError, ValueError, TypeError) as error:
        return f"{type(error).__name__}: {error}"
    return None


def format_problems(catalog: Catalog) -> Iterator[str]:
    """One line per message whose source or translation cannot be formatted."""
    for message, errors in catalog.check():
        for error in errors:
            yield f"{message.id!r}: {error}"
    for message in catalog:
        if not message.id or not _is_formatted(message):
            continue
        sources = _texts(message.id)
        names = {name for text in sources for name in PLACEHOLDER.findall(text)}
        if message.pluralizable:
            names.add("num")
        for text in sources + _texts(message.string):
            problem = _format_error(text, names)
            if problem:
                yield f"{message.id!r} -> {text!r}: {problem}"


def catalog_problems(translations: Path) -> list[str]:
    problems = []
    for po_file in sorted(translations.glob("*/LC_MESSAGES/*.po")):
        with po_file.open("rb") as handle:
            catalog = read_po(handle)
        problems.extend(f"{po_file}: {line}" for line in format_problems(catalog))
    return problems


def main(argv: list[str]) -> int:
    problems = catalog_problems(Path(argv[1] if len(argv) > 1 else "translations"))
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
