"""Translatable labels for the vocabulary words shown on brief, application and brand pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain.taxonomy import (
    AGE_KEYS,
    BRAND_KINDS,
    CATEGORIES,
    COLLAB_TYPES,
    CURRENCIES,
    GENDER_KEYS,
    PLATFORMS,
    REGION_KEYS,
)

LABELS: dict[str, dict[str, object]] = {
    "category": {
        "beauty": _l("Beauty"),
        "fashion": _l("Fashion"),
        "food": _l("Food"),
        "electronics": _l("Electronics"),
        "mother_baby": _l("Mother & baby"),
        "home": _l("Home"),
        "health": _l("Health"),
        "sports": _l("Sports"),
        "travel": _l("Travel"),
        "pets": _l("Pets"),
        "education": _l("Education"),
        "gaming": _l("Gaming"),
        "auto": _l("Auto"),
        "finance": _l("Finance"),
        "lifestyle": _l("Lifestyle"),
    },
    "platform": {
        "weitao": _l("Weitao"),
        "taobao_live": _l("Taobao Live"),
        "xiaohongshu": _l("Xiaohongshu"),
        "douyin": _l("Douyin"),
        "weibo": _l("Weibo"),
        "bilibili": _l("Bilibili"),
        "wechat_channels": _l("WeChat Channels"),
        "kuaishou": _l("Kuaishou"),
        "instagram": _l("Instagram"),
        "tiktok": _l("TikTok"),
        "youtube": _l("YouTube"),
    },
    "collab_type": {
        "image_text": _l("Image and text post"),
        "short_video": _l("Short video"),
        "live_stream": _l("Live stream"),
        "article": _l("Article"),
        "affiliate": _l("Affiliate"),
    },
    "brief_status": {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")},
    "application_status": {
        "pending": _l("Pending"),
        "shortlisted": _l("Shortlisted"),
        "declined": _l("Declined"),
        "accepted": _l("Accepted"),
        "withdrawn": _l("Withdrawn"),
    },
    "brand_kind": {"brand": _l("Brand"), "merchant": _l("Merchant (Taobao/Tmall shop)")},
    "currency": {"cny": _l("CNY (yuan)"), "usd": _l("USD (dollars)")},
    "audience_dimension": {"gender": _l("Gender"), "age": _l("Age"), "region": _l("Region")},
    "gender": {"female": _l("Female"), "male": _l("Male")},
    "age": {key: key for key in AGE_KEYS},
    "region": {
        "tier1": _l("Tier-1 cities"),
        "tier2": _l("Tier-2 cities"),
        "tier3": _l("Tier-3 cities"),
        "tier4+": _l("Tier-4 and smaller"),
        "overseas": _l("Overseas"),
    },
    "verification": {
        "unverified": _l("Unverified"),
        "verified": _l("Verified"),
        "invited_pro": _l("Invited pro"),
    },
}

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES,
    "platform": PLATFORMS,
    "collab_type": COLLAB_TYPES,
    "brand_kind": BRAND_KINDS,
    "currency": CURRENCIES,
    "gender": GENDER_KEYS,
    "age": AGE_KEYS,
    "region": REGION_KEYS,
}


def label(kind: str, key: str | None) -> str:
    """The translated label of a vocabulary word (the word itself when unknown)."""
    if key is None:
        return ""
    return str(LABELS.get(kind, {}).get(key, key))


def choices(kind: str) -> list[tuple[str, object]]:
    """(value, label) pairs for a form field, in the vocabulary's order."""
    return [(key, LABELS[kind].get(key, key)) for key in VOCABULARIES[kind]]
