"""KOL id -> row of the main segment, without a Python object per KOL.

A dict of a million ids costs ~150 MB in every worker; a fixed-width id array, a sorted
copy and the permutation between them are three flat arrays that a saved index maps and
the workers of one machine share.  A lookup is a binary search.
"""

from __future__ import annotations

import numpy as np


class IdLookup:
    def __init__(self, ids: np.ndarray, sorted_ids: np.ndarray, order: np.ndarray) -> None:
        self.ids = ids  # fixed-width str, by row
        self.sorted_ids = sorted_ids  # the same ids, sorted
        self.order = order  # int64: row of sorted_ids[i]

    @classmethod
    def build(cls, ids: np.ndarray, tomb: np.ndarray) -> IdLookup:
        """The lookup of a segment's rows; tombstoned rows are left out, so of duplicate
        ids only the live row (the last record, see ``build``) is found."""
        fixed = np.array([*ids.tolist(), ""], dtype=str)[:-1]
        rows = np.flatnonzero(~tomb)
        order = rows[np.argsort(fixed[rows], kind="stable")].astype(np.int64)
        return cls(fixed, fixed[order], order)

    def find(self, kol_id: str) -> int | None:
        """The row of ``kol_id``, or None when it is not in the segment."""
        i = int(np.searchsorted(self.sorted_ids, kol_id))
        if i < len(self.sorted_ids) and self.sorted_ids[i] == kol_id:
            return int(self.order[i])
        return None
