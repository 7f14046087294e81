"""TF-IDF over word 1-2-grams and CJK character 2-3-grams, hashed.

Chinese has no spaces, so a word tokenizer sees a whole sentence as one token; the
standard remedy (Lucene's CJK analyzer, sklearn's ``char_wb``) is character n-grams.
We apply ``char_wb``-style 2-3-grams to CJK runs only: on Latin text they would add
hundreds of weak features per document (and 5x the memory at a million KOLs) while word
1-2-grams already carry the meaning.  Features are hashed (no vocabulary to store or
grow on upsert); weighting is ``TfidfTransformer(sublinear_tf=True, smooth_idf=True)``
with L2-normalised rows, so a dot product is a cosine.
"""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from matching import weights

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|(?:(?![{_CJK}])[^\W_]){{2,}}")
_IS_CJK = re.compile(rf"[{_CJK}]")
_STOP = frozenset(ENGLISH_STOP_WORDS)


def _s_stem(w: str) -> str:
    """Harman's "S" stemmer: plural forms match singular ones (reviews ~ review)."""
    if len(w) > 4 and w.endswith("ies") and not w.endswith(("eies", "aies")):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("es") and not w.endswith(("aes", "ees", "oes")):
        return w[:-1]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("us", "ss")):
        return w[:-1]
    return w


def analyze(doc: str) -> list[str]:
    """Word unigrams + bigrams (stop words removed, S-stemmed) and CJK char 2-3-grams."""
    grams: list[str] = []
    words: list[str] = []
    for tok in _TOKEN.findall(doc.lower()):
        if _IS_CJK.match(tok):
            p = f" {tok} "
            n = len(p)
            grams.extend([p[i : i + 2] for i in range(n - 1)])
            grams.extend([p[i : i + 3] for i in range(n - 2)])
        elif tok not in _STOP:
            words.append(_s_stem(tok))
    grams.extend(words)
    grams.extend([f"{a} {b}" for a, b in pairwise(words)])
    return grams


_HASHER = HashingVectorizer(
    analyzer=analyze,
    n_features=weights.TEXT_FEATURES,
    alternate_sign=False,
    norm=None,
    dtype=np.float32,
)


def counts(docs: list[str]) -> sp.csr_matrix:
    """Raw hashed term counts, one row per document (float32 CSR)."""
    if not docs:
        return sp.csr_matrix((0, weights.TEXT_FEATURES), dtype=np.float32)
    return _HASHER.transform(docs)


def fit_idf(x: sp.csr_matrix) -> np.ndarray:
    """Smoothed idf, exactly as sklearn's TfidfTransformer(smooth_idf=True)."""
    return idf_from_df(np.bincount(x.indices, minlength=weights.TEXT_FEATURES), x.shape[0])


def idf_from_df(df: np.ndarray, n: int) -> np.ndarray:
    return (np.log((1.0 + n) / (1.0 + df.astype(np.float64))) + 1.0).astype(np.float32)


def weight(x: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """In place: sublinear tf, times idf, L2-normalised rows."""
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    lens = np.diff(x.indptr)
    rows = np.repeat(np.arange(x.shape[0]), lens)
    norms = np.sqrt(np.bincount(rows, weights=x.data * x.data, minlength=x.shape[0]))
    x.data /= np.where(norms > 0, norms, 1.0)[rows].astype(np.float32)
    x.data = x.data.astype(np.float32, copy=False)
    return x


def query(
    doc: str, idf: np.ndarray, keep: int = weights.TEXT_QUERY_TERMS
) -> tuple[np.ndarray, np.ndarray]:
    """The brief's tf-idf vector as (columns, weights), its ``keep`` heaviest terms only."""
    q = weight(counts([doc]), idf)
    cols, vals = q.indices, q.data
    if len(cols) > keep:
        top = np.argsort(-vals, kind="stable")[:keep]
        cols, vals = cols[top], vals[top]
    order = np.argsort(cols)
    return cols[order].astype(np.int32), vals[order].astype(np.float32)


def scores(x: sp.spmatrix, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
    """Cosine of every row of ``x`` with the sparse query; CSC touches only its columns."""
    n = x.shape[0]
    if len(cols) == 0 or n == 0:
        return np.zeros(n, dtype=np.float32)
    if isinstance(x, sp.csc_matrix):
        starts, ends = x.indptr[cols], x.indptr[cols + 1]
        lens = ends - starts
        total = int(lens.sum())
        if total == 0:
            return np.zeros(n, dtype=np.float32)
        # positions of every stored entry in the selected columns, without a Python loop
        offs = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(total)
        w = x.data[offs] * np.repeat(vals, lens)
        return np.bincount(x.indices[offs], weights=w, minlength=n).astype(np.float32)
    q = sp.csc_matrix((vals, cols, [0, len(cols)]), shape=(x.shape[1], 1))
    return np.asarray((x @ q).todense(), dtype=np.float32).ravel()


def row_terms(x: sp.spmatrix, row: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns and weights of one row, for CSC (scan of the index array) or CSR."""
    if isinstance(x, sp.csc_matrix):
        pos = np.flatnonzero(x.indices == row)
        cols = np.searchsorted(x.indptr, pos, side="right") - 1
        return cols.astype(np.int32), x.data[pos]
    r = x.getrow(row)
    return r.indices.astype(np.int32), r.data
