"""What a click on a tracked link is: the visitor's key, its kind, where it came from.

Pure rules, no database: the redirect reads request headers and asks these.

- **Visitor key.** HMAC-SHA256 keyed with the app's secret over the client address and
  the user agent: stable for one visitor, unlinkable to the raw IP without the secret.
- **Kind.** `head` for HEAD requests; `prefetch` when the browser says so (`Purpose:
  prefetch`, `Sec-Purpose: prefetch`, `X-Moz: prefetch`, `X-Purpose: preview`); `bot` for
  known crawlers and link-preview fetchers (and command-line clients and an empty user
  agent, which no real browser sends); else `human`. Only human clicks can be unique.
- **Unique.** A human click is unique unless the same visitor had a unique click on the
  same link in the last 24 hours (so one visitor counts at most once a day per link).
- **Referrer platform.** The Referer's host mapped to our platform codes
  (`domain.platform_hosts`); Weitao wins over Taobao Live, which shares its hosts.
- **Country.** Only from a header a trusted proxy sets (Cloudflare's `CF-IPCountry`);
  `XX` (unknown) and `T1` (Tor) are no country.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlsplit

from marketplace.domain.platform_hosts import PLATFORM_HOSTS

HUMAN, BOT, HEAD, PREFETCH = "human", "bot", "head", "prefetch"
CLICK_KINDS: tuple[str, ...] = (HUMAN, BOT, HEAD, PREFETCH)
UNIQUE_WINDOW = timedelta(hours=24)
# Crawlers, link-preview bots (chat apps unfurling a pasted link) and HTTP libraries.
# "bot" only as its own token or before "/", ";", ")" so a phone model such as CUBOT is
# still a person.
_BOT_AGENT = re.compile(
    r"bot/|bot;|bot\)|\bbot\b|adsbot|mediapartners|google-|crawl|spider|slurp|facebookexternalhit|facebookcatalog|meta-externalagent"
    r"|whatsapp|telegrambot|discordbot|slackbot|linkedinbot|twitterbot|pinterest|embedly"
    r"|skypeuripreview|vkshare|iframely|bytespider|applebot|petalbot|yandex|baiduspider"
    r"|sogou|360spider|yisouspider|headlesschrome|lighthouse|preview|python-|curl/|wget/"
    r"|go-http-client|okhttp|java/|libwww|httpclient|axios/|node-fetch|scrapy",
    re.IGNORECASE,
)
_PREFETCH_HEADERS = ("Purpose", "Sec-Purpose", "X-Moz", "X-Purpose")
_PREFETCH_VALUES = ("prefetch", "preview", "prerender")
_COUNTRY = re.compile(r"[A-Z]{2}")
_NO_COUNTRY = frozenset({"XX", "T1"})
MAX_AGENT_LENGTH = 1000


def visitor_hash(secret: str | bytes, client_ip: str | None, user_agent: str | None) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    message = f"{client_ip or ''}\x00{(user_agent or '')[:MAX_AGENT_LENGTH]}".encode(
        "utf-8", "replace"
    )
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def is_bot(user_agent: str | None) -> bool:
    agent = (user_agent or "").strip()
    return not agent or _BOT_AGENT.search(agent[:MAX_AGENT_LENGTH]) is not None


def is_prefetch(headers: Mapping[str, str]) -> bool:
    return any(
        value in (headers.get(name) or "").lower()
        for name in _PREFETCH_HEADERS
        for value in _PREFETCH_VALUES
    )


def click_kind(method: str, user_agent: str | None, headers: Mapping[str, str]) -> str:
    if method.upper() == "HEAD":
        return HEAD
    if is_prefetch(headers):
        return PREFETCH
    if is_bot(user_agent):
        return BOT
    return HUMAN


def referrer_platform(referer: str | None) -> str | None:
    """Our platform code for the page the visitor came from, or None."""
    if not referer or len(referer) > 2000:
        return None
    try:
        host = (urlsplit(referer.strip()).hostname or "").rstrip(".")
    except ValueError:
        return None
    for platform, hosts in PLATFORM_HOSTS.items():
        if any(host == h or host.endswith("." + h) for h in hosts):
            return platform
    return None


def country_code(raw: str | None) -> str | None:
    code = (raw or "").strip().upper()
    if not _COUNTRY.fullmatch(code) or code in _NO_COUNTRY:
        return None
    return code
