"""Saving and loading an index: ``.npy``/``.npz`` arrays, ``meta.json``, and joblib only
for the fitted IsolationForest.  Loading is a read of arrays, not a rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp

from matching import audience, authenticity, features
from matching.segment import PER_OFFER, PER_ROW, Model, Segment, derive
from matching.strings import Strings
from matching.vocab import AUDIENCE_DIMS, Vocab, Vocabs

FORMAT = 1


def save(model: Model, seg: Segment, path: Path) -> None:
    """Write one compacted segment (no tombstones, no delta) and its fitted model."""
    path.mkdir(parents=True, exist_ok=True)
    arrays = {k: getattr(seg, k) for k in PER_ROW + PER_OFFER + ("of_start",)}
    arrays["ids"] = np.array([str(s) for s in seg.ids] + [""], dtype=str)[:-1]
    listing = arrays.pop("of_listing")
    arrays["of_listing_blob"], arrays["of_listing_offsets"] = listing.blob, listing.offsets
    np.savez(path / "segment.npz", **arrays)
    sp.save_npz(path / "text.npz", seg.text.tocsc(), compressed=False)
    st, au = model.stats, model.auth
    np.savez(
        path / "model.npz",
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
    joblib.dump(au.forest, path / "forest.joblib")
    v = model.vocabs
    meta = {
        "format": FORMAT,
        "platform": v.platform.names,
        "ctype": v.ctype.names,
        "currency": v.currency.names,
        "category": v.category.names,
        "audience": {d: model.layout.vocabs[d].names for d in AUDIENCE_DIMS},
    }
    (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def load(path: Path) -> tuple[Model, Segment]:
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError(f"unsupported index format {meta.get('format')!r} in {path}")
    aud = {d: Vocab(meta["audience"][d]) for d in AUDIENCE_DIMS}
    vocabs = Vocabs(
        Vocab(meta["platform"]), Vocab(meta["ctype"]), Vocab(meta["currency"]),
        Vocab(meta["category"]), aud,
    )  # fmt: skip
    with np.load(path / "model.npz", allow_pickle=False) as m:
        stats = features.Stats(
            float(m["scalars"][0]), m["tier_median"], float(m["scalars"][1]), m["value_ref"]
        )
        pop = m["audience_pop"]
        layout = audience.AudienceLayout(aud, m["offsets"], pop if len(pop) else None)
        forest = joblib.load(path / "forest.joblib")
        sc = m["scalars"]
        auth = authenticity.AuthModel(
            forest, m["auth_fill"], m["auth_centre"], m["auth_spread"], float(sc[2]), float(sc[3])
        )
        model = Model(vocabs, layout, stats, m["idf"], auth)
    with np.load(path / "segment.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["ids"] = arrays["ids"].astype(object)
    blob, offsets = arrays.pop("of_listing_blob"), arrays.pop("of_listing_offsets")
    arrays["of_listing"] = Strings(blob, offsets)
    text = sp.load_npz(path / "text.npz").tocsc()
    return model, derive(Segment(text=text, **arrays), model)
