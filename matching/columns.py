"""KOL records -> flat columns (one Python pass; everything after it is vectorised).

A KOL becomes one row; each of its platform accounts a *platform entry*; each rate an
*offer* that points at its KOL row and at the platform entry for followers / engagement.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching import records, weights
from matching.strings import Strings, StringsBuilder
from matching.vocab import AUDIENCE_DIMS, Vocabs, scripts


@dataclass
class KolColumns:
    """Parsed KOLs.  Audience is kept as (row, dim * 64 + key code, share) triplets."""

    ids: list[str]
    texts: list[str]
    alive: np.ndarray
    primary: np.ndarray
    catmask: np.ndarray
    rating: np.ndarray
    reviews: np.ndarray
    completed: np.ndarray
    on_time: np.ndarray
    orders: np.ndarray  # orders driven through tracked links (NaN: unknown)
    conversion: np.ndarray  # orders / unique clicks over completed contracts (NaN: unknown)
    verified: np.ndarray
    script: np.ndarray  # int8 bit mask of writing systems in the text (see ``scripts``)
    pf_kol: np.ndarray
    pf_platform: np.ndarray
    pf_followers: np.ndarray
    pf_er: np.ndarray
    of_kol: np.ndarray
    of_pf: np.ndarray
    of_platform: np.ndarray
    of_type: np.ndarray
    of_currency: np.ndarray
    of_rate: np.ndarray
    of_listing: Strings
    au_row: np.ndarray
    au_key: np.ndarray
    au_val: np.ndarray

    @property
    def au_dim(self) -> np.ndarray:
        return self.au_key // 64

    @property
    def au_code(self) -> np.ndarray:
        return self.au_key % 64


_ARRAYS = (
    ("alive", "b"), ("primary", "h"), ("catmask", "Q"), ("rating", "d"), ("reviews", "d"),
    ("completed", "d"), ("on_time", "d"), ("verified", "b"), ("script", "b"), ("pf_kol", "i"),
    ("pf_platform", "h"), ("pf_followers", "d"), ("pf_er", "d"), ("of_kol", "i"),
    ("of_pf", "i"), ("of_platform", "h"), ("of_type", "h"), ("of_currency", "h"),
    ("of_rate", "d"), ("au_row", "i"), ("au_key", "h"), ("au_val", "f"), ("orders", "d"),
    ("conversion", "d"),
)  # fmt: skip
_CACHE_MAX = 50_000


class KolParser:
    """Accumulates records into flat columns.

    ``grow_audience=False`` (upserts) drops audience keys unknown at build.  Normalised
    names and audience keys are memoised: the same few platform names and keys repeat
    across millions of records.  ``take_texts`` hands text over in chunks (build)."""

    def __init__(self, vocabs: Vocabs, grow_audience: bool) -> None:
        self.v = vocabs
        self.grow_audience = grow_audience
        self.id_blob = StringsBuilder()  # ids as UTF-8: no Python object pinned per record
        self.texts: list[str] = []
        self.listing = StringsBuilder()
        self.a: dict[str, array[Any]] = {k: array(t) for k, t in _ARRAYS}
        self._names: dict[str, str] = {}
        self._keys: list[dict[Any, int]] = [{} for _ in AUDIENCE_DIMS]

    def take_texts(self) -> list[str]:
        out, self.texts = self.texts, []
        return out

    def _name(self, x: Any) -> str:
        if type(x) is not str:
            return records.name(x)
        n = self._names.get(x)
        if n is None:
            if len(self._names) > _CACHE_MAX:
                self._names.clear()
            n = self._names[x] = records.name(x)
        return n

    def _akey(self, d: int, key: Any) -> int:
        cache = self._keys[d]
        try:
            code = cache.get(key)
        except TypeError:  # unhashable key
            return -1
        if code is None:
            vocab = self.v.audience[AUDIENCE_DIMS[d]]
            k = records.audience_key(AUDIENCE_DIMS[d], key)
            code = (vocab.code(k) if self.grow_audience else vocab.get(k)) if k else -1
            if code >= 64:
                code = -1
            if len(cache) > _CACHE_MAX:
                cache.clear()
            cache[key] = code
        return code

    def add(self, rec: Any) -> str | None:
        """Parse one record; returns its id, or None when it has no usable id."""
        rid = records.record_id(rec)
        if rid is None:
            return None
        try:
            row = self._parse(rec)
        except Exception:
            row = _EMPTY_ROW
        kol = len(self.id_blob)
        self.id_blob.append(rid)
        self.texts.append(row[0])
        self.a["script"].append(scripts(row[0]))
        a = self.a
        (_, alive, primary, mask, rat, rev, com, ont, ver, pfs, offers, au_k, au_v, odr, cvr) = row
        a["alive"].append(alive)
        a["primary"].append(primary)
        a["catmask"].append(mask)
        a["rating"].append(rat)
        a["reviews"].append(rev)
        a["completed"].append(com)
        a["on_time"].append(ont)
        a["verified"].append(ver)
        a["orders"].append(odr)
        a["conversion"].append(cvr)
        base = len(a["pf_kol"])
        if pfs:
            a["pf_kol"].extend([kol] * len(pfs))
            for plat, fol, er in pfs:
                a["pf_platform"].append(plat)
                a["pf_followers"].append(fol)
                a["pf_er"].append(er)
        if offers:
            a["of_kol"].extend([kol] * len(offers))
            for pf, plat, ctype, cur, rate, lid in offers:
                a["of_pf"].append(base + pf if pf >= 0 else -1)
                a["of_platform"].append(plat)
                a["of_type"].append(ctype)
                a["of_currency"].append(cur)
                a["of_rate"].append(rate)
                self.listing.append(lid)
        if au_k:
            a["au_row"].extend([kol] * len(au_k))
            a["au_key"].extend(au_k)
            a["au_val"].extend(au_v)
        return rid

    def _parse(self, rec: Mapping[str, Any]) -> tuple[Any, ...]:
        v, name, get = self.v, self._name, rec.get
        active, suspended = get("active"), get("suspended")
        alive = (active is None or active is True or records.flag(active, True)) and not (
            suspended is not None and suspended is not False and records.flag(suspended, False)
        )
        cats = get("categories")
        primary, mask = -1, 0
        if cats:
            for i, c in enumerate(records.categories(cats)[:16]):
                code = v.category.code(c)
                if i == 0:
                    primary = code
                if 0 <= code < 64:
                    mask |= 1 << code
        pfs: list[tuple[int, float, float]] = []
        local: dict[str, int] = {}
        for e in records.items(get("platforms")):
            p = name(e.get("platform"))
            if not p:
                continue
            fol, er = records.nonneg(e.get("followers")), records.fraction(e.get("engagement_rate"))
            j = local.get(p)
            if j is None:
                local[p] = len(pfs)
                pfs.append((v.platform.code(p), fol, er))
            elif fol > pfs[j][1] or pfs[j][1] != pfs[j][1]:  # keep the bigger account
                pfs[j] = (pfs[j][0], fol, er)
        offers = []
        for r in records.items(get("rates")):
            rget = r.get
            p, t, cur = name(rget("platform")), name(rget("collab_type")), name(rget("currency"))
            lid = rget("listing_id")
            if type(lid) is not str:
                lid = records.listing_id(lid)
            offers.append(
                (
                    local.get(p, -1),
                    v.platform.code(p) if p else -1,
                    v.ctype.code(t) if t else -1,
                    v.currency.code(cur) if cur else -1,
                    records.nonneg(rget("rate")),
                    lid,
                )
            )
        au_k: list[int] = []
        au_v: list[float] = []
        audience = get("audience")
        if audience and isinstance(audience, Mapping):
            akey = self._akey
            for d, dim in enumerate(AUDIENCE_DIMS):
                split = audience.get(dim)
                if not split or not isinstance(split, Mapping):
                    continue
                for key, val in split.items():
                    share = val if type(val) is float and val > 0.0 else records.nonneg(val)
                    if share > 0.0 and share < 1e12:
                        code = akey(d, key)
                        if code >= 0:
                            au_k.append(d * 64 + code)
                            au_v.append(share)
        bio, tags = get("bio"), get("tags")
        return (
            (bio[:5000] if not tags else records.text(bio, *[tags] * weights.TAG_REPEAT))
            if type(bio) is str
            else records.text(bio, *[tags] * weights.TAG_REPEAT),
            alive,
            primary,
            mask,
            records.rating(get("rating")),
            records.nonneg(get("reviews")),
            records.nonneg(get("completed")),
            records.fraction(get("on_time_rate")),
            records.flag(get("verified"), False),
            pfs,
            offers,
            au_k,
            au_v,
            records.nonneg(get("orders")),
            records.fraction(get("conversion_rate")),
        )

    def __len__(self) -> int:
        return len(self.id_blob)

    def columns(self) -> KolColumns:
        """Zero-copy views of the accumulated arrays (the parser is finished after this)."""
        arrs = {k: np.frombuffer(a, dtype=a.typecode) for k, a in self.a.items()}
        arrs["alive"] = arrs["alive"].astype(bool)
        arrs["verified"] = arrs["verified"].astype(bool)
        arrs["catmask"] = arrs["catmask"].view(np.uint64)
        for k in (
            "reviews",
            "completed",
            "orders",
            "pf_followers",
        ):  # absurd counts: cap, keep finite
            arrs[k] = np.minimum(arrs[k], 1e12)
        return KolColumns(
            ids=self.id_blob.build().tolist(),
            texts=self.texts,
            of_listing=self.listing.build(),
            **arrs,
        )


_NAN = float("nan")
_EMPTY_ROW: tuple[Any, ...] = (
    "", False, -1, 0, _NAN, _NAN, _NAN, _NAN, False, [], [], [], [], _NAN, _NAN
)  # fmt: skip
