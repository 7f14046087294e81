"""Product URLs: Taobao and Tmall items (plus configured shops), and nothing that could
send a visitor somewhere else."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.domain.shop_urls import (
    MAX_SHOP_URL_LENGTH,
    BadUrl,
    NotAShopUrl,
    allowed_hosts,
    parse_shop_url,
    with_tracking,
)

ACCEPTED = [
    "https://item.taobao.com/item.htm?id=680000000001",
    "https://detail.tmall.com/item.htm?id=1&skuId=2",
    "http://world.taobao.com/item/1.htm",
    "https://detail.tmall.hk/hk/item.htm?id=3",
    "https://m.tb.cn/h.5abcDEF",
    "HTTPS://ITEM.TAOBAO.COM/item.htm?id=1",
]
REFUSED_SHAPE = [
    "ftp://item.taobao.com/x",
    "javascript:alert(1)//item.taobao.com",
    "https://user:pass@item.taobao.com/x",
    "https://evil.com\\@item.taobao.com/x",
    "https://item.taobao.com\x00.evil.com/",
    "https://item.taobao.com./x",
    "https:item.taobao.com/x",
    "https://item.taobao.com:8443/x",
    "https://127.0.0.1/x",
    "https://item.taobao.com/" + "a" * MAX_SHOP_URL_LENGTH,
    "https://item.taobao.com/ x",
]
REFUSED_HOST = [
    "https://taobao.com.evil.com/item.htm",
    "https://eviltaobao.com/item.htm",
    "https://item.tаobao.com/x",  # Cyrillic а
    "https://tmall.com-shop.cn/x",
    "https://shop.example.com/p/1",
]


@pytest.mark.parametrize("url", ACCEPTED)
def test_taobao_and_tmall_items_are_accepted(url):
    host = urlsplit(parse_shop_url(url)).hostname
    assert host is not None and host.endswith(allowed_hosts())


@pytest.mark.parametrize("url", REFUSED_SHAPE)
def test_ambiguous_or_malformed_addresses_are_refused(url):
    with pytest.raises(BadUrl):
        parse_shop_url(url)


@pytest.mark.parametrize("url", REFUSED_HOST)
def test_other_hosts_are_refused(url):
    with pytest.raises(NotAShopUrl):
        parse_shop_url(url)


def test_extra_shop_hosts_are_allowed_with_their_subdomains():
    assert parse_shop_url("https://www.shop.example.com/p/1", ["shop.example.com"]).startswith(
        "https://www.shop.example.com/"
    )
    with pytest.raises(NotAShopUrl):
        parse_shop_url("https://example.com/p/1", ["shop.example.com"])


HOSTILE_PIECES = st.sampled_from(
    [
        "https://",
        "http://",
        "item.taobao.com",
        "evil.com",
        "@",
        "\\",
        ":",
        "//",
        "/",
        "?",
        "#",
        "%2F",
        "%00",
        "\x00",
        "\t",
        ".",
        "xn--",
        "tаobao",
        "javascript:",
        "１",
        "[::1]",
    ]
)


@given(st.lists(HOSTILE_PIECES | st.text(max_size=8), max_size=12).map("".join))
def test_whatever_is_accepted_leads_to_an_allowed_shop_host(text):
    try:
        url = parse_shop_url(text)
    except (BadUrl, NotAShopUrl):
        return
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https")
    assert "@" not in parts.netloc and "\\" not in url and "\x00" not in url
    assert parts.hostname is not None
    assert any(parts.hostname == h or parts.hostname.endswith("." + h) for h in allowed_hosts())
    assert len(text) <= MAX_SHOP_URL_LENGTH


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://item.taobao.com/item.htm", "https://item.taobao.com/item.htm?kol_ref=c0de"),
        ("https://item.taobao.com/i?id=1", "https://item.taobao.com/i?id=1&kol_ref=c0de"),
        ("https://item.taobao.com/i?", "https://item.taobao.com/i?kol_ref=c0de"),
        ("https://item.taobao.com/i?id=1#sku", "https://item.taobao.com/i?id=1&kol_ref=c0de#sku"),
    ],
)
def test_tracking_parameter_is_added_keeping_the_query_and_fragment(url, expected):
    assert with_tracking(url, {"kol_ref": "c0de"}) == expected
