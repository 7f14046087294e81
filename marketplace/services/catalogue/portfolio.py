"""A KOL's portfolio: sample posts as uploaded images or links to posts on a platform.

Images go through `services/images.py` exactly like avatars (decoded, bounded, re-encoded
without metadata, stored under a random name); links must be https and on one of the
platform's hosts (`domain/platform_hosts.py`). A KOL keeps at most MAX_ITEMS samples.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import IO, Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import safe_join

from marketplace.domain.errors import Conflict, NotFound
from marketplace.domain.platform_hosts import hosts_for
from marketplace.domain.taxonomy import PLATFORMS
from marketplace.extensions import db
from marketplace.models import KolProfile, PortfolioItem, User
from marketplace.services import images
from marketplace.services.catalogue.kol_profiles import require_kol
from marketplace.services.unit_of_work import after_commit, after_rollback, use_case
from marketplace.services.validation import Validator

MAX_ITEMS = 12
CAPTION_MAX = 200
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1200
IMAGE_FIELD = "image"
DIRECTIONS = ("up", "down")


def portfolio_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "portfolio"


def _remove(name: str | None) -> None:
    path = safe_join(str(portfolio_folder()), name) if name else None
    if path:
        Path(path).unlink(missing_ok=True)


def _locked_kol(actor: User) -> KolProfile:
    """The actor's profile, row-locked so two uploads at once cannot pass the limit."""
    profile = require_kol(actor)
    db.session.execute(
        select(KolProfile.user_id).where(KolProfile.user_id == profile.user_id).with_for_update()
    )
    return profile


def _items(kol_id: int) -> list[PortfolioItem]:
    return list(
        db.session.scalars(
            select(PortfolioItem)
            .where(PortfolioItem.kol_id == kol_id)
            .order_by(PortfolioItem.position, PortfolioItem.id)
        )
    )


def _check_room(kol_id: int) -> int:
    """The next free position; Conflict once the portfolio is full."""
    count, last = db.session.execute(
        select(func.count(PortfolioItem.id), func.max(PortfolioItem.position)).where(
            PortfolioItem.kol_id == kol_id
        )
    ).one()
    if count >= MAX_ITEMS:
        raise Conflict(str(_l("Your portfolio holds at most %(n)d samples.", n=MAX_ITEMS)))
    return (last or 0) + 1


def _caption(v: Validator, caption: Any) -> str:
    return v.string("caption", caption, required=False, max_len=CAPTION_MAX) or ""


def check_post_link(v: Validator, field: str, platform: str | None, url: Any) -> str | None:
    """An https address on one of the platform's hosts, normalised; errors on `field`."""
    clean = v.url(field, url, required=True, hosts=hosts_for(platform))
    if clean is not None and not clean.startswith("https://"):
        v.add(field, _l("Use a secure link that starts with https://."))
        return None
    return clean


@use_case
def add_image(actor: User, stream: IO[bytes] | None, caption: Any = "") -> PortfolioItem:
    """Add an uploaded sample image; the file is removed again if the change is rolled back."""
    profile = _locked_kol(actor)
    v = Validator()
    clean_caption = _caption(v, caption)
    v.check()
    position = _check_room(profile.user_id)
    data = images.read_upload(stream, IMAGE_FIELD, MAX_BYTES, _l("The image must be at most 5 MB."))
    image, extension = images.clean_image(data, IMAGE_FIELD, MAX_SIDE)
    path = images.save_new(image, extension, portfolio_folder())
    after_rollback(functools.partial(path.unlink, missing_ok=True))
    item = PortfolioItem(
        kol_id=profile.user_id,
        kind="image",
        image_path=path.name,
        caption=clean_caption,
        position=position,
    )
    db.session.add(item)
    db.session.flush()
    return item


@use_case
def add_link(actor: User, platform: Any, url: Any, caption: Any = "") -> PortfolioItem:
    """Add a link to a post; it must be on the chosen platform's domains."""
    profile = _locked_kol(actor)
    v = Validator()
    clean_platform = v.choice("platform", platform, PLATFORMS)
    clean_url = check_post_link(v, "url", clean_platform, url) if clean_platform else None
    clean_caption = _caption(v, caption)
    v.check()
    item = PortfolioItem(
        kol_id=profile.user_id,
        kind="link",
        url=clean_url,
        platform=clean_platform,
        caption=clean_caption,
        position=_check_room(profile.user_id),
    )
    db.session.add(item)
    db.session.flush()
    return item


def _own_item(profile: KolProfile, item_id: Any) -> PortfolioItem:
    """The KOL's own item; anyone else's (or a missing one) is simply not found."""
    item = db.session.get(PortfolioItem, item_id) if isinstance(item_id, int) else None
    if item is None or item.kol_id != profile.user_id:
        raise NotFound(str(_l("Portfolio item not found.")))
    return item


@use_case
def move_item(actor: User, item_id: Any, direction: Any) -> list[PortfolioItem]:
    """Swap the item with its neighbour; positions are renumbered 1..n on the way."""
    profile = _locked_kol(actor)
    item = _own_item(profile, item_id)
    v = Validator()
    clean_direction = v.choice("direction", direction, DIRECTIONS)
    v.check()
    items = _items(profile.user_id)
    index = items.index(item)
    other = index - 1 if clean_direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        each.position = position
    db.session.flush()
    return items


@use_case
def delete_item(actor: User, item_id: Any) -> None:
    """Delete the item; its image file goes once the deletion is committed."""
    profile = _locked_kol(actor)
    item = _own_item(profile, item_id)
    if item.image_path:
        after_commit(functools.partial(_remove, item.image_path))
    db.session.delete(item)
    db.session.flush()


def own_portfolio(actor: User) -> list[PortfolioItem]:
    return _items(require_kol(actor).user_id)


def public_portfolio(kol_id: int) -> list[PortfolioItem]:
    """The samples shown on the public page (the page itself hides suspended KOLs)."""
    return _items(kol_id)


def image_file(item_id: int) -> tuple[str, str]:
    """(folder, file name) of a visible KOL's portfolio image, for send_from_directory."""
    row = db.session.execute(
        select(PortfolioItem.image_path)
        .join(User, User.id == PortfolioItem.kol_id)
        .where(PortfolioItem.id == item_id, User.is_suspended.is_(False))
    ).first()
    if row is None or not row.image_path:
        raise NotFound(str(_l("No such image.")))
    return str(portfolio_folder()), row.image_path
