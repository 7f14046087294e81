"""Cautions attached to a match: a stable code (for programs and translations) and text.

Codes never change once published; the English text is for logs and library users.
The marketplace translates the codes, never the text.
"""

from __future__ import annotations

LOW_ENGAGEMENT = "engagement_below_tier"
HIGH_ENGAGEMENT = "engagement_above_tier"
CONCENTRATED_AUDIENCE = "audience_concentrated"
UNIFORM_AUDIENCE = "audience_uniform"
UNUSUAL_PROFILE = "unusual_profile"
NO_AUDIENCE_DATA = "no_audience_data"
EXPLORATION_SLOT = "exploration_slot"

FLAG_TEXT: dict[str, str] = {
    LOW_ENGAGEMENT: "engagement far below tier norm (possible bought followers)",
    HIGH_ENGAGEMENT: "engagement implausibly high for tier (possible engagement pods)",
    CONCENTRATED_AUDIENCE: "audience unusually concentrated",
    UNIFORM_AUDIENCE: "audience suspiciously uniform",
    UNUSUAL_PROFILE: "unusual account profile",
    NO_AUDIENCE_DATA: "no audience data",
    EXPLORATION_SLOT: "exploration slot: newer KOL with little history",
}

# The authenticity model stores its flag as a small integer per KOL (saved with the index).
AUTHENTICITY_CODES: dict[int, str] = {
    1: LOW_ENGAGEMENT,
    2: HIGH_ENGAGEMENT,
    3: CONCENTRATED_AUDIENCE,
    4: UNIFORM_AUDIENCE,
    5: UNUSUAL_PROFILE,
}


def texts(codes: list[str]) -> list[str]:
    """The English text of each code, in order."""
    return [FLAG_TEXT[code] for code in codes]
