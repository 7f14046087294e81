"""KOL avatars: only real PNG, JPEG or WebP images, re-encoded small and stored by token.

The upload goes through `services/images.py` (decoded with Pillow, refused when too large
in bytes or pixels, upright, metadata-free) and is shrunk to at most 256x256.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import safe_join

from marketplace.domain.errors import NotFound
from marketplace.extensions import db
from marketplace.models import KolProfile, User
from marketplace.services import images
from marketplace.services.catalogue.events import kol_changed
from marketplace.services.catalogue.kol_profiles import require_kol
from marketplace.services.unit_of_work import after_commit, after_rollback, use_case

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 256
FIELD = "avatar"


def avatar_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "avatars"


def _remove(name: str | None) -> None:
    path = safe_join(str(avatar_folder()), name) if name else None
    if path:
        Path(path).unlink(missing_ok=True)


@use_case
def save_avatar(actor: User, stream: IO[bytes] | None) -> KolProfile:
    """Replace the KOL's avatar with the uploaded image.

    The old file is removed only once the change is committed, the new one if it is not.
    """
    profile = require_kol(actor)
    data = images.read_upload(stream, FIELD, MAX_BYTES, _l("The image must be at most 2 MB."))
    image, extension = images.clean_image(data, FIELD, MAX_SIDE)
    path = images.save_new(image, extension, avatar_folder())
    after_rollback(functools.partial(path.unlink, missing_ok=True))
    name = path.name
    old = profile.avatar_path
    profile.avatar_path = name
    kol_changed(profile.user_id)
    if old and old != name:
        after_commit(functools.partial(_remove, old))
    return profile


def avatar_file(kol_id: int) -> tuple[str, str]:
    """(folder, file name) of a visible KOL's avatar, for send_from_directory."""
    row = db.session.execute(
        select(KolProfile.avatar_path)
        .join(User, User.id == KolProfile.user_id)
        .where(KolProfile.user_id == kol_id, User.is_suspended.is_(False))
    ).first()
    if row is None or not row.avatar_path:
        raise NotFound(str(_l("No avatar.")))
    return str(avatar_folder()), row.avatar_path
