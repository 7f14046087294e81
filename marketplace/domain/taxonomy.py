"""Fixed vocabularies shared by the catalogue, the API and the matcher."""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = (
    "beauty",
    "fashion",
    "food",
    "electronics",
    "mother_baby",
    "home",
    "health",
    "sports",
    "travel",
    "pets",
    "education",
    "gaming",
    "auto",
    "finance",
    "lifestyle",
)

PLATFORMS: tuple[str, ...] = (
    "weitao",
    "taobao_live",
    "xiaohongshu",
    "douyin",
    "weibo",
    "bilibili",
    "wechat_channels",
    "kuaishou",
    "instagram",
    "tiktok",
    "youtube",
)

COLLAB_TYPES: tuple[str, ...] = ("image_text", "short_video", "live_stream", "article", "affiliate")

CURRENCIES: tuple[str, ...] = ("cny", "usd")

GENDER_KEYS: tuple[str, ...] = ("female", "male")
AGE_KEYS: tuple[str, ...] = ("13-17", "18-24", "25-34", "35-44", "45+")
REGION_KEYS: tuple[str, ...] = ("tier1", "tier2", "tier3", "tier4+", "overseas")

VERIFICATION_LEVELS: tuple[str, ...] = ("unverified", "verified", "invited_pro")
BRAND_KINDS: tuple[str, ...] = ("brand", "merchant")
BRIEF_STATUSES: tuple[str, ...] = ("draft", "open", "closed")
LISTING_STATUSES: tuple[str, ...] = ("active", "paused", "deleted")
APPLICATION_STATUSES: tuple[str, ...] = (
    "pending",
    "shortlisted",
    "declined",
    "accepted",
    "withdrawn",
)

# Pricing models that fit each collaboration type.
PRICING_MODELS: dict[str, tuple[str, ...]] = {
    "image_text": ("fixed",),
    "short_video": ("fixed",),
    "article": ("fixed",),
    "live_stream": ("fixed", "pit_fee_commission"),
    "affiliate": ("commission",),
}
