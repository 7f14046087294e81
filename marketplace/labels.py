"""Translated labels for the vocabularies (stored values stay English keys), for every page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain.contracts import CONTRACT_STATUSES, DISPUTE_CATEGORIES
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
    "tier1": _l("Tier-1 cities"),
    "tier2": _l("Tier-2 cities"),
    "tier3": _l("Tier-3 cities"),
    "tier4+": _l("Tier-4 and smaller"),
    "overseas": _l("Overseas"),
}

BRIEF_STATUS_LABELS = {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")}

APPLICATION_STATUS_LABELS = {
    "pending": _l("Pending"),
    "shortlisted": _l("Shortlisted"),
    "declined": _l("Declined"),
    "accepted": _l("Accepted"),
    "withdrawn": _l("Withdrawn"),
}

CONTRACT_STATUS_LABELS = {
    "offered": _l("Offered"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
    "expired": _l("Expired"),
    "funded": _l("Funded"),
    "submitted": _l("Submitted"),
    "revision_requested": _l("Revision requested"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
    "disputed": _l("Disputed"),
    "resolved": _l("Resolved"),
}

DISPUTE_CATEGORY_LABELS = {
    "not_delivered": _l("Not delivered"),
    "not_as_agreed": _l("Not as agreed"),
    "late": _l("Late"),
    "unresponsive": _l("Unresponsive"),
    "other": _l("Other"),
}

BRAND_KIND_LABELS = {"brand": _l("Brand"), "merchant": _l("Merchant (Taobao/Tmall shop)")}
CURRENCY_LABELS = {"cny": _l("CNY (yuan)"), "usd": _l("USD (dollars)")}

LABELS: dict[str, dict[str, object]] = {
    "category": CATEGORY_LABELS,
    "platform": PLATFORM_LABELS,
    "collab_type": COLLAB_TYPE_LABELS,
    "pricing_model": PRICING_MODEL_LABELS,
    "verification": VERIFICATION_LABELS,
    "status": LISTING_STATUS_LABELS,
    "dimension": AUDIENCE_DIMENSION_LABELS,
    "audience_dimension": AUDIENCE_DIMENSION_LABELS,
    "audience": AUDIENCE_KEY_LABELS,
    "gender": {key: AUDIENCE_KEY_LABELS[key] for key in GENDER_KEYS},
    "age": {key: AUDIENCE_KEY_LABELS[key] for key in AGE_KEYS},
    "region": {key: AUDIENCE_KEY_LABELS[key] for key in REGION_KEYS},
    "brief_status": BRIEF_STATUS_LABELS,
    "application_status": APPLICATION_STATUS_LABELS,
    "contract_status": CONTRACT_STATUS_LABELS,
    "dispute_category": DISPUTE_CATEGORY_LABELS,
    "brand_kind": BRAND_KIND_LABELS,
    "currency": CURRENCY_LABELS,
}

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES,
    "platform": PLATFORMS,
    "collab_type": COLLAB_TYPES,
    "contract_status": CONTRACT_STATUSES,
    "dispute_category": DISPUTE_CATEGORIES,
    "brand_kind": BRAND_KINDS,
    "currency": CURRENCIES,
    "gender": GENDER_KEYS,
    "age": AGE_KEYS,
    "region": REGION_KEYS,
}


def label(kind: str, value: str | None) -> str:
    """The translated label of a vocabulary value (the value itself when unknown)."""
    if value is None:
        return ""
    return str(LABELS.get(kind, {}).get(value, value))


def choices(kind: str) -> list[tuple[str, object]]:
    """(value, label) pairs for a form field, in the vocabulary's order."""
    return [(key, LABELS[kind].get(key, key)) for key in VOCABULARIES[kind]]
