"""Lenient parsing of raw records into plain values.

Real rows are messy: numbers arrive as strings ("48k", "3.2万", "4.1%"), shares as
percentages, lists as single strings, and anything but ``id`` can be missing.  These
helpers never raise; what cannot be understood becomes NaN / empty and is handled
downstream as "unknown".
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

NAN = float("nan")
_SUFFIX = {"k": 1e3, "m": 1e6, "w": 1e4, "万": 1e4, "亿": 1e8, "b": 1e9}
_NUM_RE = re.compile(r"^([-+]?\d*\.?\d+(?:e[-+]?\d+)?)\s*(k|m|w|b|万|亿|%)?$")
_NAME_RE = re.compile(r"[\s\-/]+")
_DASHES = re.compile(r"[\u2010-\u2015~\uff5e]|(?<=\d)to(?=\d)")
_REGION = {
    "一线": "tier1", "新一线": "tier1", "二线": "tier2", "三线": "tier3", "四线": "tier4+",
    "四线及以下": "tier4+", "五线": "tier4+", "tier4": "tier4+", "tier5": "tier4+",
}  # fmt: skip
# taxonomy: beauty, fashion, food, electronics, mother_baby, home, health, sports, travel,
# pets, education, gaming, auto, finance, lifestyle - Chinese names and common variants
_CATEGORY = {
    "美妆": "beauty", "美容": "beauty", "美妆护肤": "beauty", "时尚": "fashion",
    "穿搭": "fashion", "服饰": "fashion", "美食": "food", "食品": "food",
    "数码": "electronics", "3c数码": "electronics", "tech": "electronics",
    "technology": "electronics", "母婴": "mother_baby", "mother_&_baby": "mother_baby",
    "mother_and_baby": "mother_baby", "mom_&_baby": "mother_baby", "家居": "home",
    "健康": "health", "运动": "sports", "sport": "sports", "旅行": "travel", "旅游": "travel",
    "宠物": "pets", "pet": "pets", "教育": "education", "游戏": "gaming", "games": "gaming",
    "汽车": "auto", "automotive": "auto", "cars": "auto", "理财": "finance", "财经": "finance",
    "生活": "lifestyle", "生活方式": "lifestyle",
}  # fmt: skip
_FALSE = {"false", "0", "no", "n", "off", ""}
_GENDER = {
    "f": "female",
    "women": "female",
    "woman": "female",
    "女": "female",
    "女性": "female",
    "m": "male",
    "men": "male",
    "man": "male",
    "男": "male",
    "男性": "male",
}


def num(x: Any) -> float:
    """A finite float, or NaN.  Accepts ints, floats, numeric strings with k/m/w/万/% ."""
    t = type(x)
    if t is float:
        return x if math.isfinite(x) else NAN
    if t is int:
        return float(x) if -1e18 < x < 1e18 else NAN
    if t is str:
        return _num_str(x)
    if t is bool or x is None:
        return NAN
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):
        return NAN
    return v if math.isfinite(v) else NAN


def _num_str(s: str) -> float:
    m = _NUM_RE.match(s.strip().lower().replace(",", "").replace("_", ""))
    if m is None:
        return NAN
    try:
        v = float(m.group(1))
    except (ValueError, OverflowError):
        return NAN
    suffix = m.group(2)
    if suffix == "%":
        v /= 100.0
    elif suffix:
        v *= _SUFFIX[suffix]
    return v if math.isfinite(v) else NAN


def nonneg(x: Any) -> float:
    """``num`` that also maps negative values to NaN (followers, rates, counts)."""
    v = num(x)
    return v if v >= 0.0 else NAN


def fraction(x: Any) -> float:
    """A share in [0, 1]; values in (1, 100] are read as percentages."""
    v = num(x)
    if not v >= 0.0:
        return NAN
    if v > 1.0:
        v = v / 100.0 if v <= 100.0 else NAN
    return v


def rating(x: Any) -> float:
    """A 0-5 star rating; 0-100 scores are mapped onto it."""
    v = num(x)
    if not v >= 0.0:
        return NAN
    if v > 5.0:
        v = v / 20.0 if v <= 100.0 else NAN
    return v


def flag(x: Any, default: bool) -> bool:
    """Truthiness that understands "false", "no", 0 ... ; None means ``default``."""
    if x is None:
        return default
    if isinstance(x, str):
        return x.strip().lower() not in _FALSE
    if isinstance(x, float) and math.isnan(x):
        return default
    try:
        return bool(x)
    except Exception:
        return default


def name(x: Any) -> str:
    """Normalised identifier-like name: "Short Video" -> "short_video"; junk -> ""."""
    if not isinstance(x, str):
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            x = str(x)
        else:
            return ""
    return _NAME_RE.sub("_", x.strip().lower())[:64]


def names(x: Any) -> list[str]:
    """A list of names from a list, tuple, set or a single comma-separated string."""
    if isinstance(x, str):
        items: Any = x.split(",")
    elif isinstance(x, (list, tuple, set, frozenset)):
        items = sorted(x, key=str) if isinstance(x, (set, frozenset)) else x
    else:
        return []
    out = []
    for item in items:
        n = name(item)
        if n and n not in out:
            out.append(n)
    return out


def categories(x: Any) -> list[str]:
    """Category names mapped onto the marketplace taxonomy where an alias is known."""
    out: list[str] = []
    for n in names(x):
        n = _CATEGORY.get(n, n)
        if n not in out:
            out.append(n)
    return out


def audience_key(dim: str, key: Any) -> str:
    """Normalise an audience key: "Female" / "女" -> "female", " 18 – 24 " -> "18-24",
    "Tier 1" / "tier_1" / "一线" -> "tier1"."""
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        return ""
    k = _DASHES.sub("-", str(key).strip().lower().replace(" ", ""))
    if dim == "gender":
        k = _GENDER.get(k, k)
    elif dim == "region":
        k = _REGION.get(k, k.replace("-", "").replace("_", "") if k.startswith("tier") else k)
    return k[:32]


def text(*parts: Any) -> str:
    """Concatenate free text from strings and lists of strings (tags)."""
    out: list[str] = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
        elif isinstance(p, (list, tuple)):
            out.extend(s for s in p if isinstance(s, str))
    return " ".join(out)[:5000]


def mapping(x: Any) -> Mapping[str, Any]:
    return x if isinstance(x, Mapping) else {}


def items(x: Any, limit: int = 64) -> list[Mapping[str, Any]]:
    """List of dict entries; a dict keyed by name becomes entries with that name."""
    if type(x) is list:
        return [e for e in x[:limit] if type(e) is dict or isinstance(e, Mapping)]
    if isinstance(x, Mapping):
        out = []
        for k, v in list(x.items())[:limit]:
            if isinstance(v, Mapping):
                out.append({"platform": k, **v})
        return out
    if isinstance(x, tuple):
        return [e for e in x[:limit] if isinstance(e, Mapping)]
    return []


def listing_id(x: Any) -> str:
    """A rate's listing id as a string ("" when missing)."""
    if type(x) is str:
        return x
    return "" if x is None or isinstance(x, bool) else str(x)


def record_id(rec: Any) -> str | None:
    """The record id as a non-empty string, or None when the record is unusable."""
    if not isinstance(rec, Mapping):
        return None
    rid = rec.get("id")
    if rid is None or isinstance(rid, bool):
        return None
    if isinstance(rid, float) and not math.isfinite(rid):
        return None
    rid = str(rid)
    return rid if rid else None
