"""GET /r/<code>: the redirect, and how its clicks are counted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from marketplace.extensions import db
from marketplace.models import LinkClick
from marketplace.services.tracking import clicks as click_service
from tests.factories.campaigns import PRODUCT_URL, link_code, make_commission_contract

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari"
VISITOR_IP = "198.51.100.23"


@pytest.fixture
def code(ctx) -> str:
    return link_code(make_commission_contract("funded"))


def _follow(client, code: str, *, method: str = "GET", agent: str = CHROME, ip=VISITOR_IP, **h):
    headers = {"User-Agent": agent, **h}
    return client.open(
        f"/r/{code}", method=method, headers=headers, environ_base={"REMOTE_ADDR": ip}
    )


def _clicks() -> list[LinkClick]:
    db.session.expire_all()
    return list(db.session.scalars(select(LinkClick).order_by(LinkClick.id)))


def test_redirects_to_the_product_with_the_tracking_parameter(client, code):
    answer = _follow(client, code)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"{PRODUCT_URL}&kol_ref={code}"
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in answer.headers


def test_first_human_click_is_unique_and_a_repeat_within_a_day_is_not(client, code):
    _follow(client, code)
    _follow(client, code)
    _follow(client, code, agent=SAFARI)  # another browser: another visitor
    assert [c.is_unique for c in _clicks()] == [True, False, True]
    assert {c.kind for c in _clicks()} == {"human"}


def test_the_same_visitor_counts_again_after_24_hours(client, code):
    _follow(client, code)
    first = _clicks()[0]
    first.at -= timedelta(hours=24, minutes=1)
    db.session.commit()
    _follow(client, code)
    assert [c.is_unique for c in _clicks()] == [True, True]


@pytest.mark.parametrize(
    ("agent", "method", "headers", "kind"),
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1)", "GET", {}, "bot"),
        ("facebookexternalhit/1.1", "GET", {}, "bot"),
        ("TelegramBot (like TwitterBot)", "GET", {}, "bot"),
        (CHROME, "HEAD", {}, "head"),
        (CHROME, "GET", {"Sec-Purpose": "prefetch"}, "prefetch"),
        (CHROME, "GET", {"Purpose": "prefetch"}, "prefetch"),
    ],
)
def test_bots_heads_and_prefetches_redirect_but_are_never_unique(
    client, code, agent, method, headers, kind
):
    answer = _follow(client, code, method=method, agent=agent, **headers)
    assert answer.status_code == 302
    [click] = _clicks()
    assert (click.kind, click.is_unique) == (kind, False)


def test_a_prefetch_does_not_use_up_the_visitors_unique_click(client, code):
    _follow(client, code, **{"Sec-Purpose": "prefetch"})
    _follow(client, code)
    assert [c.is_unique for c in _clicks()] == [False, True]


def test_the_visitor_is_a_keyed_hash_and_the_ip_is_stored_nowhere(client, code):
    _follow(client, code)
    [click] = _clicks()
    assert len(click.visitor_hash) == 64
    row = db.session.execute(select(LinkClick.__table__).where(LinkClick.id == click.id)).one()
    assert all(VISITOR_IP not in str(value) for value in row)
    _follow(client, code, ip="198.51.100.24")
    assert _clicks()[1].visitor_hash != click.visitor_hash


def test_referrer_platform_and_country_are_recorded(client, code):
    _follow(
        client,
        code,
        Referer="https://www.xiaohongshu.com/explore/64f0",
        **{"CF-IPCountry": "cn"},
    )
    _follow(client, code, agent=SAFARI, Referer="https://example.com/")
    first, second = _clicks()
    assert (first.referrer_platform, first.country) == ("xiaohongshu", "CN")
    assert (second.referrer_platform, second.country) == (None, None)


def test_unknown_code_gets_a_friendly_page_in_the_visitors_language(client, ctx):
    answer = client.get("/r/nosuchcode", headers={"Accept-Language": "en"})
    assert answer.status_code == 404
    assert b'data-testid="link-not-found"' in answer.data
    assert b"This link does not lead anywhere" in answer.data
    chinese = client.get("/r/nosuchcode", headers={"Accept-Language": "zh-CN"})
    assert chinese.status_code == 404
    assert 'lang="zh-Hans"' in chinese.get_data(as_text=True)
    assert "返回首页" in chinese.get_data(as_text=True)
    for odd in ("x" * 40, "%00abc", "abc%20def", "%E6%B5%8B%E8%AF%95", "a'--"):
        assert client.get(f"/r/{odd}").status_code == 404
    assert _clicks() == []


def test_a_failure_to_record_the_click_still_redirects(client, code, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr("marketplace.tracking.views.record_click", broken)
    answer = _follow(client, code)
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"kol_ref={code}")
    assert "Could not record a click" in caplog.text


def test_a_database_error_while_recording_rolls_back_and_still_redirects(client, code, monkeypatch):
    def failing_seen(*args, **kwargs):
        raise OperationalError("select", {}, Exception("disk I/O error"))

    monkeypatch.setattr(click_service, "_seen_today", failing_seen)
    assert _follow(client, code).status_code == 302
    assert _clicks() == []
    monkeypatch.undo()
    assert _follow(client, code).status_code == 302
    assert len(_clicks()) == 1
