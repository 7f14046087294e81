"""Web addresses read the way browsers read them; redirect targets that stay on the site."""

from __future__ import annotations

import pytest

from marketplace.domain.urls import BadUrl, parse_web_url, safe_redirect_path

STORE_HOSTS = ("taobao.com", "tmall.com")


@pytest.mark.parametrize(
    ("text", "normalised", "on_store_host"),
    [
        ("https://shop123.taobao.com", "https://shop123.taobao.com", True),
        ("https://detail.tmall.com/item.htm?id=1", "https://detail.tmall.com/item.htm?id=1", True),
        ("HTTPS://Shop.TAOBAO.com/x", "https://shop.taobao.com/x", True),
        ("https://taobao.com:443/", "https://taobao.com/", True),
        ("http://taobao.com:80", "http://taobao.com", True),
        # Full-width letters are mapped by browsers (UTS 46) to the same ASCII host.
        ("https://ｔａｏｂａｏ.com/", "https://taobao.com/", True),
        ("https://taobao.com/中文", "https://taobao.com/%E4%B8%AD%E6%96%87", True),
        # A Cyrillic 'а' look-alike is another host, shown in its punycode form.
        ("https://tаobao.com/", "https://xn--tobao-4ve.com/", False),
        ("https://nottaobao.com/", "https://nottaobao.com/", False),
        ("https://taobao.com.evil.com/", "https://taobao.com.evil.com/", False),
    ],
)
def test_unambiguous_addresses_are_normalised(text, normalised, on_store_host):
    url = parse_web_url(text)
    assert url.url == normalised
    assert url.is_on(STORE_HOSTS) is on_store_host


@pytest.mark.parametrize(
    "text",
    [
        "https://taobao.com\\@evil.com",  # browsers: host taobao.com; urllib: evil.com
        "https://evil.com\\@taobao.com",  # browsers: host evil.com; urllib: taobao.com
        "https://taobao.com@evil.com",
        "https://user:pw@taobao.com/",
        "javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,hi",
        "https:evil.com",  # browsers read https://evil.com/
        "https:/evil.com",
        "https:///evil.com",
        "//evil.com",
        "https://taobao.com:8080/",
        "https://taobao.com:99999999999999443/",
        "https://taobao.com:４４３/",
        "https://taobao%2Ecom/",
        "https://127.0.0.1/",
        "https://[::1]/",
        "https://2130706433/",
        "https://taobao.com /x",
        "https://taobao.com/\n",
        " https://taobao.com/",
        "https://taobao.com/\x00",
        "https://taobao.com/\ud800",
        "https://-taobao.com/",
        "https://a..taobao.com/",
        "https://localhost/",
        "https://taobao.com./",
        "https://" + "a" * 300 + ".com/",
    ],
)
def test_ambiguous_or_foreign_addresses_are_refused(text):
    with pytest.raises(BadUrl):
        parse_web_url(text)


@pytest.mark.parametrize(
    "target", ["/", "/briefs", "/browse/?q=summer%20dress&page=2", "/kol/3?next=//x"]
)
def test_same_site_paths_are_kept(target):
    assert safe_redirect_path(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "//evil.com",
        "/\\evil.com",
        "\\/evil.com",
        "\\\\evil.com",
        "/%2F%2Fevil.com",
        "/%2f/evil.com",
        "/%5Cevil.com",
        "/\t/evil.com",
        "https://evil.com",
        "http:/evil.com",
        "evil.com",
        "/%0d%0aSet-Cookie:x=1",
        "/a\x00",
        "javascript:alert(1)",
    ],
)
def test_redirects_never_leave_the_site(target):
    assert safe_redirect_path(target) is None
