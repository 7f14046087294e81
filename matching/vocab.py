"""Vocabularies: names (platforms, collab types, currencies, categories, audience keys)
to small integer codes, and the writing-system detector used for text comparability."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]{2}")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
AUDIENCE_DIMS: tuple[str, ...] = ("gender", "age", "region")
CANONICAL_KEYS: dict[str, tuple[str, ...]] = {
    "gender": ("female", "male"),
    "age": ("13-17", "18-24", "25-34", "35-44", "45+"),
    "region": ("tier1", "tier2", "tier3", "tier4+"),
}
MAX_CODES = 30_000  # distinct names per vocabulary (codes are int16)


def scripts(text: str) -> int:
    """1: the text has Latin words, 2: it has CJK characters (3: both; 0: neither)."""
    return (1 if _LATIN.search(text) else 0) | (2 if _CJK.search(text) else 0)


class Vocab:
    """Name <-> small integer code.  Grows on ``code``; ``get`` never grows (-1 unknown)."""

    def __init__(self, names: tuple[str, ...] | list[str] = ()) -> None:
        self.names: list[str] = []
        self.codes: dict[str, int] = {}
        for n in names:
            self.code(n)

    def code(self, n: str) -> int:
        c = self.codes.get(n)
        if c is None:
            if len(self.names) >= MAX_CODES:  # junk names beyond this are "unknown"
                return -1
            c = self.codes[n] = len(self.names)
            self.names.append(n)
        return c

    def get(self, n: str) -> int:
        return self.codes.get(n, -1)

    def __len__(self) -> int:
        return len(self.names)


@dataclass
class Vocabs:
    platform: Vocab
    ctype: Vocab
    currency: Vocab
    category: Vocab
    audience: dict[str, Vocab]

    @classmethod
    def new(cls) -> Vocabs:
        aud = {d: Vocab(CANONICAL_KEYS[d]) for d in AUDIENCE_DIMS}
        return cls(Vocab(), Vocab(), Vocab(), Vocab(), aud)
