"""Text that no database column can hold, refused the same way on SQLite and PostgreSQL.

PostgreSQL's text type rejects NUL, and psycopg cannot encode lone UTF-16 surrogates
("\\ud800" in JSON); SQLite would store both silently. Every input path refuses them.
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def is_storable_text(text: str) -> bool:
    return _UNSTORABLE.search(text) is None
