"""Portfolio: sample images handled like avatars, post links on the platform's own domains."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image

from marketplace.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import PlatformAccount, PortfolioItem
from marketplace.services.catalogue import account_links, portfolio
from tests import factories
from tests.factories.kols import image_bytes, with_profile

POST = "https://www.xiaohongshu.com/explore/64f1a2b3"


def _files() -> set[str]:
    folder = portfolio.portfolio_folder()
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def _link_error(kol, platform: str, url: str) -> str:
    with pytest.raises(ValidationFailed) as caught:
        portfolio.add_link(kol, platform, url)
    assert db.session.query(PortfolioItem).count() == 0
    return caught.value.fields["url"][0]


def test_an_uploaded_image_is_re_encoded_under_a_random_name(kol):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    item = portfolio.add_image(
        kol, BytesIO(image_bytes("JPEG", size=(3000, 2000), exif=exif.tobytes())), "Launch"
    )
    assert item.kind == "image" and item.caption == "Launch"
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}\.jpg", item.image_path)
    path = portfolio.portfolio_folder() / item.image_path
    with Image.open(path) as stored:
        assert stored.size == (1200, 800) and not stored.getexif()
    assert b"SecretCam" not in path.read_bytes()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "PNG, JPEG or WebP"),
        (b"\x89PNG\r\n\x1a\n<?php system($_GET['c']); ?>", "PNG, JPEG or WebP"),
        (image_bytes("GIF"), "PNG, JPEG or WebP"),
        (b"", "Choose an image"),
    ],
)
def test_files_that_are_not_safe_images_are_refused(kol, data, message):
    before = _files()
    with pytest.raises(ValidationFailed) as caught:
        portfolio.add_image(kol, BytesIO(data))
    assert message in caught.value.fields["image"][0]
    assert db.session.query(PortfolioItem).count() == 0 and _files() == before


def test_oversized_files_and_pixel_bombs_are_refused(kol):
    with pytest.raises(ValidationFailed) as caught:
        portfolio.add_image(kol, BytesIO(image_bytes() + b"\0" * portfolio.MAX_BYTES))
    assert "5 MB" in caught.value.fields["image"][0]
    bomb = BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")
    with pytest.raises(ValidationFailed) as caught:
        portfolio.add_image(kol, BytesIO(bomb.getvalue()))
    assert "too many pixels" in caught.value.fields["image"][0]


def test_a_refused_caption_stores_no_file(kol):
    before = _files()
    with pytest.raises(ValidationFailed):
        portfolio.add_image(kol, BytesIO(image_bytes()), "x" * (portfolio.CAPTION_MAX + 1))
    assert _files() == before


@pytest.mark.parametrize(
    "platform, url",
    [
        ("xiaohongshu", POST),
        ("xiaohongshu", "https://xhslink.com/a/Ab12"),
        ("douyin", "https://v.douyin.com/iRNBho6/"),
        ("weibo", "https://m.weibo.cn/status/4951"),
        ("bilibili", "https://b23.tv/BV1xx"),
        ("taobao_live", "https://m.tb.cn/h.5abc"),
        ("youtube", "https://youtu.be/dQw4w9WgXcQ"),
    ],
)
def test_links_on_the_platforms_domains_are_kept(kol, platform, url):
    item = portfolio.add_link(kol, platform, url, "")
    assert (item.kind, item.platform, item.url) == ("link", platform, url)


@pytest.mark.parametrize(
    "url",
    [
        "https://xiaohongshu.com.evil.example/explore/1",
        "https://evilxiaohongshu.com/explore/1",
        "https://www.douyin.com/video/1",
        "https://evil.example\\@xiaohongshu.com/",
        "https://user@xiaohongshu.com/",
        "https://xiaohongshu.com\u3002evil.example/",
        "https://xiаohongshu.com/explore/1",  # Cyrillic а
        "javascript:alert(1)//xiaohongshu.com",
    ],
)
def test_lookalike_and_foreign_hosts_are_refused(kol, url):
    assert _link_error(kol, "xiaohongshu", url)


def test_plain_http_links_are_refused(kol):
    assert "https://" in _link_error(kol, "xiaohongshu", "http://www.xiaohongshu.com/explore/1")


def test_at_most_twelve_samples(kol):
    for n in range(portfolio.MAX_ITEMS):
        portfolio.add_link(kol, "xiaohongshu", f"{POST}{n}")
    with pytest.raises(Conflict):
        portfolio.add_link(kol, "xiaohongshu", POST)
    before = _files()
    with pytest.raises(Conflict):
        portfolio.add_image(kol, BytesIO(image_bytes()))
    assert _files() == before
    assert db.session.query(PortfolioItem).count() == portfolio.MAX_ITEMS


def test_reorder_and_delete(kol):
    first = portfolio.add_link(kol, "xiaohongshu", f"{POST}1")
    second = portfolio.add_image(kol, BytesIO(image_bytes()))
    third = portfolio.add_link(kol, "douyin", "https://www.douyin.com/video/3")
    portfolio.move_item(kol, third.id, "up")
    assert [i.id for i in portfolio.own_portfolio(kol)] == [first.id, third.id, second.id]
    portfolio.move_item(kol, first.id, "up")  # already first: nothing moves
    assert [i.id for i in portfolio.own_portfolio(kol)] == [first.id, third.id, second.id]
    with pytest.raises(ValidationFailed):
        portfolio.move_item(kol, first.id, "sideways")
    path = portfolio.portfolio_folder() / second.image_path
    portfolio.delete_item(kol, second.id)
    assert [i.id for i in portfolio.public_portfolio(kol.id)] == [first.id, third.id]
    assert not path.exists()


def test_someone_elses_item_is_not_found(kol):
    item = portfolio.add_link(kol, "xiaohongshu", POST)
    other = factories.make_kol()
    with pytest.raises(NotFound):
        portfolio.delete_item(other, item.id)
    with pytest.raises(NotFound):
        portfolio.move_item(other, item.id, "down")
    assert db.session.get(PortfolioItem, item.id) is not None


def test_only_kols_have_a_portfolio(brand):
    with pytest.raises(NotAllowed):
        portfolio.add_link(brand, "xiaohongshu", POST)


def test_images_of_suspended_kols_are_not_served(kol):
    item = portfolio.add_image(kol, BytesIO(image_bytes()))
    _folder, name = portfolio.image_file(item.id)
    assert name == item.image_path
    kol.is_suspended = True
    db.session.commit()
    with pytest.raises(NotFound):
        portfolio.image_file(item.id)


def test_account_links_are_checked_per_platform(kol):
    with_profile(kol)  # xiaohongshu and douyin accounts
    account_links.set_account_links(
        kol, {"xiaohongshu": "https://www.xiaohongshu.com/user/profile/5f1", "douyin": ""}
    )
    urls = {a.platform: a.url for a in db.session.query(PlatformAccount).filter_by(kol_id=kol.id)}
    assert urls == {"xiaohongshu": "https://www.xiaohongshu.com/user/profile/5f1", "douyin": None}
    with pytest.raises(ValidationFailed) as caught:
        account_links.set_account_links(
            kol,
            {"douyin": "https://www.xiaohongshu.com/user/1", "weibo": "https://weibo.com/u/1"},
        )
    assert set(caught.value.fields) == {"links.douyin", "links.weibo"}
    db.session.expire_all()
    assert db.session.get(PlatformAccount, _account_id(kol, "douyin")).url is None


def test_a_profile_save_keeps_the_account_links(kol):
    with_profile(kol)
    url = "https://www.douyin.com/user/MS4w"
    account_links.set_account_links(kol, {"douyin": url})
    with_profile(kol)
    assert db.session.get(PlatformAccount, _account_id(kol, "douyin")).url == url


def _account_id(kol, platform: str) -> int:
    return db.session.query(PlatformAccount.id).filter_by(kol_id=kol.id, platform=platform).scalar()
