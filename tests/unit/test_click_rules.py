"""Click rules: who is a bot, what is a prefetch, the visitor key, referrer and country."""

from __future__ import annotations

import pytest

from marketplace.domain import clicks

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Safari/537.36"
)
WECHAT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0.44"
CUBOT_PHONE = "Mozilla/5.0 (Linux; Android 10; CUBOT P30) AppleWebKit/537.36 Chrome/99 Mobile"
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot/1.0",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "WhatsApp/2.23.20.0",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (compatible; Bytespider)",
    "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (compatible; Applebot/0.1)",
    "curl/8.4.0",
    "python-requests/2.31",
    "",
    None,
]


@pytest.mark.parametrize("agent", BOTS)
def test_crawlers_preview_bots_and_scripts_are_bots(agent):
    assert clicks.click_kind("GET", agent, {}) == clicks.BOT


@pytest.mark.parametrize("agent", [CHROME, WECHAT, CUBOT_PHONE])
def test_browsers_are_human(agent):
    assert clicks.click_kind("GET", agent, {}) == clicks.HUMAN


@pytest.mark.parametrize(
    "headers",
    [{"Purpose": "prefetch"}, {"Sec-Purpose": "prefetch;prerender"}, {"X-Moz": "prefetch"}],
)
def test_prefetches_are_marked(headers):
    assert clicks.click_kind("GET", CHROME, headers) == clicks.PREFETCH


def test_head_requests_are_marked():
    assert clicks.click_kind("HEAD", CHROME, {}) == clicks.HEAD


def test_visitor_key_is_keyed_and_hides_the_address():
    key = clicks.visitor_hash("secret", "203.0.113.9", CHROME)
    assert len(key) == 64 and "203.0.113.9" not in key
    assert key == clicks.visitor_hash("secret", "203.0.113.9", CHROME)
    assert key != clicks.visitor_hash("other secret", "203.0.113.9", CHROME)
    assert key != clicks.visitor_hash("secret", "203.0.113.10", CHROME)
    assert key != clicks.visitor_hash("secret", "203.0.113.9", WECHAT)


@pytest.mark.parametrize(
    ("referer", "platform"),
    [
        ("https://www.xiaohongshu.com/explore/1", "xiaohongshu"),
        ("https://xhslink.com/a/b", "xiaohongshu"),
        ("https://m.weibo.cn/status/1", "weibo"),
        ("https://www.douyin.com/video/1", "douyin"),
        ("https://market.m.taobao.com/app/weitao", "weitao"),
        ("https://www.bilibili.com/video/BV1", "bilibili"),
        ("https://evilxiaohongshu.com/", None),
        ("https://example.com/", None),
        ("not a url [", None),
        (None, None),
    ],
)
def test_referrer_host_maps_to_our_platforms(referer, platform):
    assert clicks.referrer_platform(referer) == platform


@pytest.mark.parametrize(
    ("raw", "country"), [("cn", "CN"), ("US", "US"), ("XX", None), ("T1", None), ("CHN", None)]
)
def test_country_comes_only_as_two_letters(raw, country):
    assert clicks.country_code(raw) == country
