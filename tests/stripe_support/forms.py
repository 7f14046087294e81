"""Stripe's form encoding (`a[b][0]=c`) back into nested params, for recording and routing."""

from __future__ import annotations

import re
from typing import Any

_PART = re.compile(r"\[([^\]]*)\]")


def unflatten(form: list[tuple[str, str]]) -> dict[str, Any]:
    """`[("metadata[contract_id]", "7")]` -> `{"metadata": {"contract_id": "7"}}`.

    Numbered keys (`items[0][x]`) become lists, as Stripe reads them.
    """
    root: dict[str, Any] = {}
    for key, value in form:
        head = key.split("[", 1)[0]
        names = [head, *_PART.findall(key[len(head) :])]
        node = root
        for name in names[:-1]:
            node = node.setdefault(name, {})
        node[names[-1]] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if node and all(key.isdigit() for key in node):
        return [_lists(node[key]) for key in sorted(node, key=int)]
    return {key: _lists(value) for key, value in node.items()}
