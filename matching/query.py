"""Brief records -> a ``Query`` in the index's codes (the brief side of every ranking).

Missing (or empty, or unreadable) platforms / collab types / budget / currency / follower
bounds switch that filter off.  A brief that names only platforms, types or a currency
the index has never seen matches nothing, which is the honest answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching import audience, records, text, weights
from matching.segment import Model
from matching.vocab import scripts


@dataclass
class Query:
    id: str
    platforms: np.ndarray | None  # bool lookup over platform codes (+1 slot for -1)
    types: np.ndarray | None
    currency: int | None
    budget: float | None
    min_followers: float | None
    max_followers: float | None
    category: int | None  # None: no category; -2: a category no KOL has
    adjacent: int  # bitmask of adjacent category codes
    text_cols: np.ndarray
    text_vals: np.ndarray
    script: int  # writing systems of the brief's text (see ``columns.scripts``)
    target: np.ndarray
    target_has: np.ndarray

    @property
    def seed(self) -> int:
        """Stable across processes (unlike ``hash``): drives exploration."""
        return int.from_bytes(hashlib.sha256(self.id.encode()).digest()[:8], "little")


def _lookup(raw: Any, vocab_get: Any, size: int) -> np.ndarray | None:
    wanted = records.names(raw)
    if not wanted:
        return None
    lut = np.zeros(size + 1, dtype=bool)  # index -1 (unknown) hits the last, False slot
    for n in wanted:
        code = vocab_get(n)
        if 0 <= code < size:
            lut[code] = True
    return lut


def _known(code: int) -> int:
    """A currency the index never saw must match nothing, not offers lacking a currency."""
    return code if code >= 0 else -2


def _bound(x: Any) -> float | None:
    v = records.nonneg(x)
    return v if v == v else None


def parse(brief: Any, model: Model) -> Query:
    b: Mapping[str, Any] = brief if isinstance(brief, Mapping) else {}
    v = model.vocabs
    bid = records.record_id(b) or ""
    cur_name = records.name(b.get("currency"))
    cat_name = next(iter(records.categories(b.get("category"))), "")
    category, adjacent = None, 0
    if cat_name:
        category = v.category.get(cat_name)
        category = category if category >= 0 else -2
        for a, c in weights.ADJACENT_CATEGORIES:
            other = c if a == cat_name else a if c == cat_name else None
            code = v.category.get(other) if other else -1
            if 0 <= code < 64:
                adjacent |= 1 << code
    doc = records.text(b.get("category"), b.get("title"), b.get("description"))
    cols, vals = text.query(doc, model.idf)
    target, has = audience.target(model.layout, b.get("target_audience"))
    return Query(
        id=bid,
        platforms=_lookup(b.get("platforms"), v.platform.get, len(v.platform)),
        types=_lookup(b.get("collab_types"), v.ctype.get, len(v.ctype)),
        currency=(_known(v.currency.get(cur_name)) if cur_name else None),
        budget=_bound(b.get("budget")),
        min_followers=_bound(b.get("min_followers")),
        max_followers=_bound(b.get("max_followers")),
        category=category,
        adjacent=adjacent,
        text_cols=cols,
        text_vals=vals,
        # the category name is taxonomy (always Latin), not the language the brief is in
        script=scripts(records.text(b.get("title"), b.get("description"))) or scripts(doc),
        target=target,
        target_has=has,
    )
