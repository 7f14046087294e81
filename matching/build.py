"""Building the main segment from an iterable of KOL records (streamed, never held).

Records are parsed in one pass into flat columns.  Text hashing, the costliest step at a
million KOLs, runs in a helper process on chunks while the parse continues, so both
cores work; small builds hash inline.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import sys
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import numpy as np
import scipy.sparse as sp

from matching import audience, authenticity, features, text, weights
from matching.columns import KolParser
from matching.segment import Model, Segment, make_segment
from matching.vocab import Vocabs

CHUNK = 50_000  # texts per hashing job
PARALLEL_FROM = 2  # chunks seen before a helper process is worth starting


def _context() -> mp.context.BaseContext:
    """``fork``: starts instantly, never re-runs the caller's ``__main__`` (``spawn`` would),
    and happens early in the build while the process is still small.  The helper only
    hashes strings (no BLAS threads involved)."""
    if sys.platform != "linux":
        raise NotImplementedError("parallel hashing is only used on Linux")
    return mp.get_context("fork")


class _Hasher:
    """Hash text chunks inline or in one helper process, keeping both cores busy."""

    def __init__(self, parallel: bool) -> None:
        self.parallel = parallel
        self.pool: ProcessPoolExecutor | None = None
        self.jobs: list[tuple[list[str], Future[sp.csr_matrix] | None, sp.csr_matrix | None]] = []

    def submit(self, texts: list[str]) -> None:
        if self.parallel and self.pool is None and len(self.jobs) + 1 >= PARALLEL_FROM:
            with contextlib.suppress(OSError, ValueError, NotImplementedError):  # stay inline
                self.pool = ProcessPoolExecutor(1, mp_context=_context())
        self._collect(block=False)
        in_helper = sum(f is not None for _, f, _ in self.jobs)
        if self.pool is not None and 2 * in_helper <= len(self.jobs):
            self.jobs.append((texts, self.pool.submit(text.counts, texts), None))
        else:
            self.jobs.append(([], None, text.counts(texts)))

    def _collect(self, block: bool) -> None:
        """Move finished helper results in; their texts are released."""
        for i, (texts, fut, mat) in enumerate(self.jobs):
            if fut is None or not (block or fut.done()):
                continue
            try:
                mat = fut.result()
            except Exception:
                mat = text.counts(texts)
            self.jobs[i] = ([], None, mat)

    def result(self) -> list[sp.csr_matrix]:
        self._collect(block=True)
        if self.pool is not None:
            self.pool.shutdown()
        out = [m for _, _, m in self.jobs if m is not None]
        self.jobs = []
        return out


def text_index(chunks: list[sp.csr_matrix]) -> tuple[np.ndarray, sp.csc_matrix]:
    """idf over all chunks, then weight and convert chunk by chunk (bounded temporaries)."""
    if not chunks:
        chunks = [text.counts([])]
    df = np.zeros(weights.TEXT_FEATURES, dtype=np.int64)
    for ch in chunks:
        df += np.bincount(ch.indices, minlength=weights.TEXT_FEATURES)
    idf = text.idf_from_df(df, sum(ch.shape[0] for ch in chunks))
    for i, ch in enumerate(chunks):
        chunks[i] = text.weight(ch, idf).tocsc()
    x = sp.vstack(chunks, format="csc", dtype=np.float32)
    chunks.clear()
    return idf, x


def build(records: Iterable[Any], parallel: bool = True) -> tuple[Model, Segment]:
    vocabs = Vocabs.new()
    parser = KolParser(vocabs, grow_audience=True)
    hasher = _Hasher(parallel)
    was_enabled = gc.isenabled()
    gc.disable()  # the parse makes no reference cycles; the cyclic GC only slows it
    try:
        for rec in records:
            parser.add(rec)
            if len(parser.texts) >= CHUNK:
                hasher.submit(parser.take_texts())
    finally:
        if was_enabled:
            gc.enable()
    hasher.submit(parser.take_texts())
    c = parser.columns()
    layout, keys = audience.select_keys(c, vocabs.audience)
    vocabs.audience = layout.vocabs
    stats = features.fit_stats(c, len(vocabs.platform), len(vocabs.currency), len(vocabs.ctype))
    idf, x = text_index(hasher.result())
    placeholder = authenticity.AuthModel(None, np.zeros(0), np.zeros(0), np.zeros(0))
    model = Model(vocabs, layout, stats, idf, placeholder)
    seg = make_segment(c, model, keys, x=x, fit_auth=True)
    layout.pop = audience.population(seg.aud, seg.aud_has, layout)
    loc = dict(zip(c.ids, range(len(c.ids)), strict=True))
    if len(loc) < len(c.ids):  # duplicate ids: the last record wins
        for row, rid in enumerate(c.ids):
            if loc[rid] != row:
                seg.kill(row)
    return model, seg
