"""Links to a KOL's platform accounts, each checked against its platform's domains."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.extensions import db
from marketplace.models import PlatformAccount, User
from marketplace.services.catalogue.kol_profiles import require_kol
from marketplace.services.catalogue.portfolio import check_post_link
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator


@use_case
def set_account_links(actor: User, links: Any) -> list[PlatformAccount]:
    """Set (or, with an empty value, clear) the URL of each of the KOL's platform accounts.

    `links` maps a platform code to an address; a platform the KOL has no account on is an
    error, so a link can never float free of an account.
    """
    profile = require_kol(actor)
    v = Validator()
    if not isinstance(links, dict):
        v.add("links", _l("Must be a mapping of platform to link."))
        v.check()
    accounts = {account.platform: account for account in profile.platforms}
    clean: dict[str, str | None] = {}
    for platform, url in links.items():
        field = f"links.{platform}"
        if platform not in accounts:
            v.add(field, _l("Add this platform account to your profile first."))
            continue
        if url is None or (isinstance(url, str) and not url.strip()):
            clean[platform] = None
            continue
        checked = check_post_link(v, field, platform, url)
        if checked is not None:
            clean[platform] = checked
    v.check()
    for platform, url in clean.items():
        accounts[platform].url = url
    db.session.flush()
    return list(profile.platforms)
