"""Product pages a tracked link may send visitors to: Taobao and Tmall items by default.

A product URL must be an http(s) address with one unambiguous reading (see `domain.urls`:
no userinfo, no backslashes, no control characters or NUL, look-alike IDN hosts are
encoded and never equal an allowed host) on one of `SHOP_HOSTS` or a subdomain of one:
`item.taobao.com`, `detail.tmall.com`, `world.taobao.com`, `detail.tmall.hk`, and the
app's share links `m.tb.cn` / `e.tb.cn`. Other shops are allowed host by host through the
`EXTRA_SHOP_HOSTS` setting.
"""

from __future__ import annotations

from collections.abc import Iterable

from marketplace.domain.urls import BadUrl, parse_web_url

__all__ = ["SHOP_HOSTS", "BadUrl", "NotAShopUrl", "parse_shop_url", "with_tracking"]

SHOP_HOSTS: tuple[str, ...] = ("taobao.com", "tmall.com", "tmall.hk", "tb.cn")
# Taobao item URLs carry long tracking queries; the column holds 2000.
MAX_SHOP_URL_LENGTH = 1000


class NotAShopUrl(ValueError):
    """A well-formed web address, but not on an allowed shop host."""


def allowed_hosts(extra_hosts: Iterable[str] = ()) -> tuple[str, ...]:
    return SHOP_HOSTS + tuple(h.strip().lower().rstrip(".") for h in extra_hosts if h.strip())


def parse_shop_url(text: str, extra_hosts: Iterable[str] = ()) -> str:
    """The normalised product URL; BadUrl when malformed, NotAShopUrl when off the shops."""
    web_url = parse_web_url(text, max_length=MAX_SHOP_URL_LENGTH)
    if not web_url.is_on(allowed_hosts(extra_hosts)):
        raise NotAShopUrl(web_url.host)
    return web_url.url


def with_tracking(url: str, params: dict[str, str]) -> str:
    """`url` with `params` appended to its query (existing parameters kept, in order) and
    before any fragment. Values must already be URL-safe (link codes are)."""
    base, hash_mark, fragment = url.partition("#")
    extra = "&".join(f"{name}={value}" for name, value in params.items())
    joiner = "?" if "?" not in base else "" if base.endswith(("?", "&")) else "&"
    return f"{base}{joiner}{extra}{hash_mark}{fragment}"
