"""Saving and loading an index: one ``.npy`` file per array, ``meta.json``, and joblib only
for the fitted IsolationForest.

Format 2 is made to be memory-mapped: every array (the text matrices as their CSC and
CSR ``data``/``indices``/``indptr``, the derived arrays, the KOL ids as a fixed-width
array with a sorted copy for lookups) is a plain ``.npy`` file that ``np.load(...,
mmap_mode="r")`` maps, so the worker processes of one machine share one copy of the index
through the page cache.  Only the two arrays that tombstones write (``tomb``, ``of_live``)
are mapped copy-on-write, so a tombstone costs the writing process one private page.
"""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp

from matching import audience, authenticity, features
from matching.lookup import IdLookup
from matching.segment import DERIVED, PER_OFFER, PER_ROW, Model, Segment
from matching.strings import Strings
from matching.vocab import AUDIENCE_DIMS, Vocab, Vocabs

FORMAT = 2
WRITTEN_BY_TOMBSTONES = ("tomb", "of_live")


class UnsupportedFormat(ValueError):
    """The directory holds an index of another format (or none): rebuild it."""


def save(model: Model, seg: Segment, lookup: IdLookup, path: Path) -> None:
    """Write one compacted segment (no tombstones, no delta) and its fitted model."""
    arrays_dir = path / "arrays"
    arrays_dir.mkdir(parents=True, exist_ok=True)
    arrays = {k: getattr(seg, k) for k in (*PER_ROW, *PER_OFFER, *DERIVED, "of_start")}
    arrays["ids"] = lookup.ids
    arrays["ids_sorted"], arrays["ids_order"] = lookup.sorted_ids, lookup.order
    listing = arrays.pop("of_listing")
    arrays["of_listing_blob"], arrays["of_listing_offsets"] = listing.blob, listing.offsets
    _put_matrix(arrays, "text", seg.text.tocsc())
    _put_matrix(arrays, "text_rows", seg.text.tocsr())
    st, au = model.stats, model.auth
    arrays.update(
        idf=model.idf,
        tier_median=st.tier_median,
        value_ref=st.value_ref,
        scalars=np.array([st.tier_lo, st.rating_prior, au.anomaly_centre, au.anomaly_spread]),
        offsets=model.layout.offsets,
        audience_pop=model.layout.pop if model.layout.pop is not None else np.zeros(0),
        auth_fill=au.fill,
        auth_centre=au.centre,
        auth_spread=au.spread,
    )
    for name, array in arrays.items():
        np.save(arrays_dir / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
    joblib.dump(au.forest, path / "forest.joblib")
    v = model.vocabs
    meta = {
        "format": FORMAT,
        "kols": int(seg.n),
        "text_shape": list(seg.text.shape),
        "platform": v.platform.names,
        "ctype": v.ctype.names,
        "currency": v.currency.names,
        "category": v.category.names,
        "audience": {d: model.layout.vocabs[d].names for d in AUDIENCE_DIMS},
    }
    (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def _put_matrix(arrays: dict[str, np.ndarray], name: str, x: sp.spmatrix) -> None:
    """The matrix's buffers, in the dtypes scipy keeps when it wraps them again."""
    x.sort_indices()
    arrays[f"{name}_data"] = x.data.astype(np.float32, copy=False)
    arrays[f"{name}_indices"], arrays[f"{name}_indptr"] = x.indices, x.indptr


def read_meta(path: Path) -> dict:
    """The snapshot's ``meta.json``; raises UnsupportedFormat unless it is format 2."""
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UnsupportedFormat(f"no readable index in {path}: {exc}") from exc
    if meta.get("format") != FORMAT:
        raise UnsupportedFormat(
            f"index format {meta.get('format')!r} in {path} is not supported "
            f"(this version reads format {FORMAT}); rebuild the index"
        )
    return meta


def load(path: Path, mmap: bool = True) -> tuple[Model, Segment, IdLookup]:
    """Map (or, with ``mmap=False``, read into private memory) a saved index."""
    meta = read_meta(path)

    def arr(name: str) -> np.ndarray:
        mode = ("c" if name in WRITTEN_BY_TOMBSTONES else "r") if mmap else None
        a = np.load(path / "arrays" / f"{name}.npy", mmap_mode=mode, allow_pickle=False)
        return np.asarray(a)  # a plain ndarray view of the map: results are not memmaps

    aud = {d: Vocab(meta["audience"][d]) for d in AUDIENCE_DIMS}
    vocabs = Vocabs(
        Vocab(meta["platform"]), Vocab(meta["ctype"]), Vocab(meta["currency"]),
        Vocab(meta["category"]), aud,
    )  # fmt: skip
    sc = arr("scalars")
    stats = features.Stats(float(sc[0]), arr("tier_median"), float(sc[1]), arr("value_ref"))
    pop = arr("audience_pop")
    layout = audience.AudienceLayout(aud, arr("offsets"), pop if len(pop) else None)
    auth = authenticity.AuthModel(
        joblib.load(path / "forest.joblib"),
        arr("auth_fill"), arr("auth_centre"), arr("auth_spread"), float(sc[2]), float(sc[3]),
    )  # fmt: skip
    model = Model(vocabs, layout, stats, arr("idf"), auth)
    shape = tuple(meta["text_shape"])
    fields = {k: arr(k) for k in (*PER_ROW, *PER_OFFER, *DERIVED, "of_start") if k != "of_listing"}
    fields["of_listing"] = Strings(arr("of_listing_blob"), arr("of_listing_offsets"))
    seg = Segment(text=_matrix(arr, "text", sp.csc_matrix, shape), **fields)
    seg.text_rows = _matrix(arr, "text_rows", sp.csr_matrix, shape)
    return model, seg, IdLookup(seg.ids, arr("ids_sorted"), arr("ids_order"))


def _matrix(arr, name: str, kind: type, shape: tuple[int, ...]) -> sp.spmatrix:
    parts = (arr(f"{name}_data"), arr(f"{name}_indices"), arr(f"{name}_indptr"))
    x = kind(parts, shape=shape, copy=False)
    x.has_sorted_indices = True  # saved sorted; scipy must not try to sort a read-only map
    return x
