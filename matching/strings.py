"""A compact column of strings: one UTF-8 blob plus offsets.

Millions of listing ids as Python ``str`` objects cost ~60 bytes each and fragment the
heap; here they cost their UTF-8 length plus 8 bytes, and save as two plain arrays.
"""

from __future__ import annotations

from array import array
from itertools import pairwise
from typing import overload

import numpy as np


class Strings:
    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        self.blob = blob  # uint8
        self.offsets = offsets  # int64, len(items) + 1

    @classmethod
    def from_list(cls, items: list[str]) -> Strings:
        b = StringsBuilder()
        for s in items:
            b.append(s)
        return b.build()

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, i: int | np.integer) -> str: ...
    @overload
    def __getitem__(self, i: slice | np.ndarray) -> Strings: ...
    def __getitem__(self, i: int | np.integer | slice | np.ndarray) -> str | Strings:
        if isinstance(i, (int, np.integer)):
            a, b = self.offsets[i], self.offsets[i + 1]
            return self.blob[a:b].tobytes().decode("utf-8")
        idx = np.arange(len(self))[i] if isinstance(i, slice) else np.asarray(i)
        if idx.dtype == bool:
            idx = np.flatnonzero(idx)
        return self.take(idx)

    def take(self, idx: np.ndarray) -> Strings:
        starts, ends = self.offsets[idx], self.offsets[np.asarray(idx) + 1]
        lens = ends - starts
        offsets = np.zeros(len(lens) + 1, dtype=np.int64)
        np.cumsum(lens, out=offsets[1:])
        pos = np.repeat(starts - offsets[:-1], lens) + np.arange(offsets[-1])
        return Strings(self.blob[pos], offsets)

    def tolist(self) -> list[str]:
        raw, off = self.blob.tobytes(), self.offsets.tolist()
        return [raw[a:b].decode("utf-8") for a, b in pairwise(off)]

    @staticmethod
    def concat(parts: list[Strings]) -> Strings:
        blobs, offs, base = [], [np.zeros(1, dtype=np.int64)], 0
        for p in parts:
            blobs.append(p.blob)
            offs.append(p.offsets[1:] + base)
            base += int(p.offsets[-1])
        blob = np.concatenate(blobs) if blobs else np.zeros(0, dtype=np.uint8)
        return Strings(blob.astype(np.uint8), np.concatenate(offs))


class StringsBuilder:
    def __init__(self) -> None:
        self.blob = bytearray()
        self.offsets = array("q", [0])

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def append(self, s: str) -> None:
        self.blob += s.encode("utf-8", "replace")
        self.offsets.append(len(self.blob))

    def build(self) -> Strings:
        blob = np.frombuffer(bytes(self.blob), dtype=np.uint8)
        return Strings(blob, np.frombuffer(self.offsets, dtype=np.int64).copy())
