"""Every weight and tuning constant of the matcher, in one place.

How a score is made
-------------------
Each eligible (KOL, offer) pair gets interpretable parts in [0, 1] (reported in
``Match.reasons``) and the score is their *weighted geometric mean* times an authenticity
penalty::

    score = penalty(authenticity) * prod_i (FLOOR + (1 - FLOOR) * part_i) ** PART_WEIGHTS[i]

A geometric mean is a soft AND: a KOL in the wrong category, or with an audience that
misses the target, cannot buy its way back with cheap rates or high engagement, which is
how a person judging relevance behaves.  ``FLOOR`` keeps one bad part from zeroing
everything, so KOLs stay ordered by their other parts.

``PART_WEIGHTS`` (exponents, they sum to 1):

- ``fit``: topical fit, ``CATEGORY_SHARE * category + (1 - CATEGORY_SHARE) * text``.  The
  largest weight: topic is what makes a KOL relevant at all.  The taxonomy only says
  "beauty"; whether a beauty KOL does sunscreen or perfume is in the text, so once the
  text is read well (brief words widened by feedback, see ``FEEDBACK_*``) it carries the
  larger share.  With ``CATEGORY_SHARE`` 0.4 a same-category KOL without a text match
  keeps 0.4 of the fit, one with a strong match gets about 1.
- ``audience``: 1 - Hellinger distance between the brief's target and the KOL audience,
  from the Bhattacharyya coefficient of the joint (gender x age x region) distribution.
  A dimension the KOL does not report counts as the population's average audience, so
  an unknown audience ranks below a good match and above a bad one.
- ``engagement``: logistic of ln(engagement rate / median of the follower tier on that
  platform), the offer's platform weighted ``ENGAGEMENT_OWN`` against the KOL's other
  accounts.  1x the tier median scores 0.5, 2x about 0.8, 0.5x about 0.2: small accounts
  do not win for being small, nor huge dead ones for being huge.
- ``reliability``: Bayesian-average rating, on-time rate, completed jobs, verification and
  the sales track record (``sales_track``): the conversion rate of its tracked links,
  shrunk towards ``CONVERSION_PRIOR`` with the orders driven as the evidence, and the
  orders driven themselves.  A KOL with no sales history sits at the prior, so a newcomer
  is not crushed; the share stays small because most KOLs have no history yet.
- ``value``: expected targeted engagements per unit of price,
  ``followers * engagement_rate * audience_overlap / rate``, log-scaled and squashed
  against the offers in the same currency and collaboration type (median -> 0.5).

``authenticity`` is not a geometric part but a multiplier:
``1 - AUTH_PENALTY * (1 - authenticity)``, so a likely bought-follower account loses most
of its score whatever its other parts say.
"""

from __future__ import annotations

PART_WEIGHTS: dict[str, float] = {
    "fit": 0.40,
    "audience": 0.20,
    "engagement": 0.20,
    "reliability": 0.10,
    "value": 0.10,
}
FLOOR = 0.05  # floor inside the geometric mean (see module docstring)
AUTH_PENALTY = 0.8  # share of the score an account flagged as surely fake loses

# --- category and text fit -------------------------------------------------------------
CATEGORY_SHARE = 0.4  # share of the taxonomy match in `fit` (the rest is text similarity)
CATEGORY_PRIMARY = 1.0  # brief category is the KOL's first category
CATEGORY_SECONDARY = 0.6  # brief category is one of the KOL's other categories
CATEGORY_ADJACENT = 0.2  # neighbouring categories (see ADJACENT_CATEGORIES)
CATEGORY_UNKNOWN = 0.3  # KOL lists no category: judged on text alone
TEXT_SCALE = 0.10  # text = 1 - exp(-cosine / TEXT_SCALE): cosine 0.05 -> 0.39, 0.15 -> 0.78
NEUTRAL_FIT = 0.5  # brief with neither category nor text: every KOL fits the same
TEXT_UNKNOWN = 0.2  # text part when the KOL's text cannot be compared (other script, none)
TAG_REPEAT = 2  # a KOL's tags count this often in its text: curated topic labels, unlike
# the bio's filler; with sublinear tf, twice weighs 1 + ln 2 = 1.7x (field boost by repeat)
TEXT_QUERY_TERMS = 48  # query terms kept (highest tf-idf) when scoring: bounds latency
TEXT_FEATURES = 2**20  # hashed feature space (word 1-2-grams + CJK char 2-3-grams)
# pseudo-relevance feedback (matching.feedback): the brief's words are widened with the
# words its best text matches share (synonyms, the other language via bilingual tags)
FEEDBACK_DOCS = 20  # best text matches whose words widen the query (0: off)
FEEDBACK_MIN_DOCS = 3  # fewer matches than this: no feedback
FEEDBACK_WEIGHT = 0.5  # share of the widened query taken from those matches (Rocchio beta)
FEEDBACK_TERMS = 24  # terms of the matches' centroid added
FEEDBACK_OFF_CATEGORY = 0.3  # weight of a match outside the brief's category
FEEDBACK_CROSS_SCRIPT = 0.3  # share of the cross-language round (KOLs in other scripts)

ADJACENT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("beauty", "fashion"),
    ("beauty", "health"),
    ("mother_baby", "health"),
    ("mother_baby", "home"),
    ("electronics", "gaming"),
    ("sports", "health"),
    ("travel", "lifestyle"),
    ("food", "lifestyle"),
    ("home", "lifestyle"),
    ("fashion", "lifestyle"),
    ("finance", "education"),
    ("auto", "electronics"),
)

# --- audience ----------------------------------------------------------------------------
NEUTRAL_AUDIENCE = 0.5  # audience part of everyone when the brief has no target
AUDIENCE_KEYS_PER_DIM = 32  # distinct keys kept per dimension at build (most frequent)
AUDIENCE_KEY_MIN_KOLS = 5  # a non-canonical key must appear for this many KOLs ...
AUDIENCE_KEY_MIN_SHARE = 0.01  # ... and this share of those reporting the dimension

# --- engagement ------------------------------------------------------------------------
ENGAGEMENT_SLOPE = 2.0  # logistic slope on ln(engagement / tier median)
ENGAGEMENT_OWN = 0.5  # weight of the offer's platform vs the KOL's mean over platforms
NEUTRAL_ENGAGEMENT = 0.4  # engagement unknown: a little below a typical account
TIER_STEP = 0.5  # tiers are half-decades of followers (log10 steps)
TIER_MIN_COUNT = 20  # fewer accounts in a (platform, tier): fall back to all platforms
DEFAULT_ENGAGEMENT = 0.03  # tier median when the index has no usable data at all

# --- reliability -------------------------------------------------------------------------
RATING_PRIOR_WEIGHT = 5.0  # pseudo-reviews at the prior mean (Bayesian average)
RATING_PRIOR_MEAN = 4.3  # prior mean when the index has too few rated KOLs
RATING_FLOOR, RATING_TOP = 2.5, 5.0  # Bayesian rating mapped linearly onto [0, 1]
ONTIME_PRIOR, ONTIME_PRIOR_WEIGHT = 0.85, 5.0  # on-time rate, Bayesian-averaged
EXPERIENCE_SCALE = 10.0  # experience = 1 - exp(-completed / scale)
RELIABILITY_MIX = {
    "rating": 0.45,
    "on_time": 0.18,
    "experience": 0.18,
    "verified": 0.09,
    "sales": 0.10,
}
# sales track record (see ``features.sales_track``)
CONVERSION_PRIOR = 0.02  # orders per unique click of a typical e-commerce link
CONVERSION_PRIOR_WEIGHT = 20.0  # pseudo-orders at the prior conversion rate
ORDERS_SCALE = 50.0  # volume = 1 - exp(-orders / scale)
SALES_MIX = {"conversion": 0.6, "volume": 0.4}

# --- value -------------------------------------------------------------------------------
VALUE_MIN_SCALE = 0.35  # floor on the robust spread of ln(value) per currency
VALUE_MIN_COUNT = 20  # offers needed for a (currency, collab type) reference
NEUTRAL_VALUE = 0.5  # price or reach unknown

# --- authenticity (IsolationForest + directional evidence) ---------------------------------
IFOREST_TREES = 100
IFOREST_SEED = 0
IFOREST_FIT_ROWS = 50_000  # rows sampled (fixed seed) to fit the forest at build
ANOMALY_Z_START, ANOMALY_Z_RANGE = 2.0, 2.0  # forest anomaly robust z 2 -> 0, 4 -> full severity
BENIGN_ANOMALY = 0.25  # severity multiplier when no deviation points to fraud
LOW_ENGAGEMENT_RATIO = 0.35  # below this x tier median engagement is suspicious ...
FAKE_ENGAGEMENT_RATIO = 0.12  # ... and at or below this, as suspicious as it gets
LOW_ENGAGEMENT_PENALTY = 0.7  # penalty from low engagement alone (forest unsure)
HIGH_ENGAGEMENT_RATIO = 6.0  # above: engagement pods / bought likes
HIGH_ENGAGEMENT_EVIDENCE = 0.8  # how suspicious that is (scales the forest's severity)
AUDIENCE_ODD_Z = 3.0  # audience entropy / top share this many robust SDs from the norm ...
AUDIENCE_ODD_EVIDENCE = 0.5  # ... is this suspicious
FLAG_THRESHOLD = 0.5  # authenticity below this adds a human-readable flag

# --- fairness ----------------------------------------------------------------------------
EXPLORE_TOP = 10  # exploration only rearranges this many places
EXPLORE_SLOTS = 2  # at most this many of them go to newcomers
EXPLORE_HISTORY = 3  # reviews + completed below this: "little history"
EXPLORE_MARGIN = 0.9  # newcomer score must reach this share of the 10th score
MMR_LAMBDA = 0.75  # relevance share in maximal marginal relevance
MMR_DUPLICATE_FROM = 0.9  # audience overlap above which two KOLs count as near-duplicates
MMR_POOL = 50  # candidates the diversity pass looks at

# --- similar KOLs ------------------------------------------------------------------------
SIMILAR_MIX = {"text": 0.5, "audience": 0.3, "category": 0.2}
