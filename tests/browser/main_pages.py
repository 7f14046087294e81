"""The main pages of the site and a world that fills them, for the phone walk and axe.

One KOL has a 300-character unbroken word in its bio and in a review, a portfolio and an
account link; one brand has a brief, an application, a shortlist and a completed contract
with both reviews (which also leaves notifications); an admin sees the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

from flask import Flask
from playwright.sync_api import Browser, Page

from marketplace.extensions import db
from marketplace.services.catalogue import account_links, portfolio
from marketplace.services.contracts.reviews import leave_review
from tests import factories
from tests.browser.test_content_security_policy import sign_in
from tests.factories.brands import make_application, make_brief, make_shortlist
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract
from tests.factories.kols import image_bytes

LONG_WORD = "Supercalifragilistic" * 15  # 300 characters, no break opportunity
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LOCALES = {"en": "en-US", "zh": "zh-CN"}


@dataclass(frozen=True)
class World:
    emails: dict[str, str]
    # role ("anonymous", "brand", "kol", "admin") -> the paths that role visits
    pages: dict[str, list[str]]


def seed_main_pages(app: Flask) -> World:
    with app.test_request_context():
        kol, listing = make_kol_with_listing(
            name="Mia Glow", bio=f"Skincare notes {LONG_WORD} and sunscreen tests"
        )
        portfolio.add_link(kol, "xiaohongshu", "https://www.xiaohongshu.com/explore/64f1a2b3")
        portfolio.add_image(kol, BytesIO(image_bytes()), f"Launch {LONG_WORD[:180]}")
        account_links.set_account_links(
            kol, {"xiaohongshu": "https://www.xiaohongshu.com/user/profile/5f1"}
        )
        brand = factories.make_brand(name="Lumi Skin")
        brief = make_brief(brand, title="Summer sunscreen launch")
        make_application(kol, brief)
        shortlist = make_shortlist(brand, "Sunscreen Q3", (kol,))
        make_kol_with_listing(name="Lin Sun")  # not applied: shows under Top matches
        deal = make_contract("completed", brand=brand, kol=kol, listing=listing)
        leave_review(brand, deal.id, 5, f"Great work {LONG_WORD}")
        leave_review(kol, deal.id, 5, "Clear brief")
        admin = factories.make_admin(email="ops@example.com")
        db.session.commit()
        return World(
            emails={"brand": brand.email, "kol": kol.email, "admin": admin.email},
            pages={
                "anonymous": ["/", "/browse/", f"/kol/{kol.id}", "/auth/login", "/auth/signup"],
                "brand": [
                    "/brand/profile",
                    "/brand/briefs/new",
                    "/brand/briefs",
                    f"/brand/briefs/{brief.id}",
                    f"/brand/briefs/{brief.id}/matches",
                    "/brand/shortlists",
                    f"/brand/shortlists/{shortlist.id}",
                    "/contracts",
                    f"/contracts/{deal.id}",
                    "/notifications",
                ],
                "kol": [
                    "/briefs/",
                    f"/briefs/{brief.id}",
                    "/kol/profile",
                    "/kol/portfolio",
                    "/kol/listings",
                    "/kol/listings/new?platform=xiaohongshu",
                    "/contracts",
                    "/kol/earnings",
                    "/notifications",
                ],
                "admin": ["/admin/", "/admin/users"],
            },
        )


@contextmanager
def visitor(
    browser: Browser,
    live_server: str,
    world: World,
    role: str,
    lang: str,
    size: dict[str, int],
    *,
    bypass_csp: bool = False,
) -> Iterator[Page]:
    """A signed-in (or anonymous) page in its own context, at `size`, in `lang`.

    `bypass_csp` lets a test inject its own script (axe); the app's pages stay as they are.
    """
    context = browser.new_context(
        base_url=live_server,
        locale=LOCALES[lang],
        viewport=size,
        is_mobile=size == PHONE,
        bypass_csp=bypass_csp,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        if role != "anonymous":
            page.goto("/lang/en?next=/auth/login")  # sign_in reads the English labels
            sign_in(page, world.emails[role])
        page.goto(f"/lang/{lang}?next=/")
        yield page
    finally:
        context.close()
