"""Human labels for the catalogue vocabularies (the stored values stay English keys)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

CATEGORY_LABELS = {
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
}

PLATFORM_LABELS = {
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
}

COLLAB_TYPE_LABELS = {
    "image_text": _l("Image-text post"),
    "short_video": _l("Short video"),
    "live_stream": _l("Live stream"),
    "article": _l("Article"),
    "affiliate": _l("Affiliate"),
}

PRICING_MODEL_LABELS = {
    "fixed": _l("Fixed fee"),
    "pit_fee_commission": _l("Pit fee + commission"),
    "commission": _l("Commission only"),
}

VERIFICATION_LABELS = {
    "unverified": _l("Unverified"),
    "verified": _l("Verified"),
    "invited_pro": _l("Invited pro"),
}

LISTING_STATUS_LABELS = {
    "active": _l("Active"),
    "paused": _l("Paused"),
    "deleted": _l("Deleted"),
}

AUDIENCE_DIMENSION_LABELS = {
    "gender": _l("Gender"),
    "age": _l("Age"),
    "region": _l("Region"),
}

AUDIENCE_KEY_LABELS = {
    "female": _l("Female"),
    "male": _l("Male"),
    "13-17": "13-17",
    "18-24": "18-24",
    "25-34": "25-34",
    "35-44": "35-44",
    "45+": "45+",
    "tier1": _l("Tier 1 cities"),
    "tier2": _l("Tier 2 cities"),
    "tier3": _l("Tier 3 cities"),
    "tier4+": _l("Tier 4 and below"),
    "overseas": _l("Overseas"),
}

LABELS = {
    "category": CATEGORY_LABELS,
    "platform": PLATFORM_LABELS,
    "collab_type": COLLAB_TYPE_LABELS,
    "pricing_model": PRICING_MODEL_LABELS,
    "verification": VERIFICATION_LABELS,
    "status": LISTING_STATUS_LABELS,
    "dimension": AUDIENCE_DIMENSION_LABELS,
    "audience": AUDIENCE_KEY_LABELS,
}


def label(kind: str, value: str | None) -> str:
    """The label for a vocabulary value, or the value itself when there is none."""
    if value is None:
        return ""
    return str(LABELS.get(kind, {}).get(value, value))
