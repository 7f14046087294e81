"""KOL avatars: only real PNG, JPEG or WebP images, re-encoded small and stored by token.

The upload is decoded with Pillow (never trusting its name or content type), refused when
it is too large in bytes or pixels (decompression bombs), turned upright, shrunk to at most
256x256 and saved as a fresh image, which drops EXIF and every other piece of metadata.
"""

from __future__ import annotations

import functools
import secrets
import warnings
from io import BytesIO
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from werkzeug.security import safe_join

from marketplace.domain.errors import NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import KolProfile, User
from marketplace.services.catalogue.events import kol_changed
from marketplace.services.catalogue.kol_profiles import require_kol
from marketplace.services.unit_of_work import after_commit, after_rollback, use_case

MAX_BYTES = 2 * 1024 * 1024
# An avatar never needs more; a small file that decodes to more pixels is a bomb.
MAX_PIXELS = 25_000_000
MAX_SIDE = 256
FORMATS = ("PNG", "JPEG", "WEBP")
FIELD = "avatar"


def _reject(message: object) -> ValidationFailed:
    return ValidationFailed(str(_l("Some fields are not valid.")), {FIELD: [str(message)]})


def avatar_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "avatars"


def _read(stream: IO[bytes] | None) -> bytes:
    data = stream.read(MAX_BYTES + 1) if stream is not None else b""
    if not data:
        raise _reject(_l("Choose an image file to upload."))
    if len(data) > MAX_BYTES:
        raise _reject(_l("The image must be at most 2 MB."))
    return data


def _decode(data: bytes) -> Image.Image:
    bad_file = _reject(_l("Upload a PNG, JPEG or WebP image."))
    bomb = _reject(_l("The image has too many pixels; use a smaller picture."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(BytesIO(data), formats=FORMATS)
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise bomb
            probe.verify()
            image = Image.open(BytesIO(data), formats=FORMATS)
            if image.format == "JPEG":
                image.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))
            image.load()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise bomb from exc
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as exc:
        raise bad_file from exc
    return image


def _normalise(image: Image.Image) -> tuple[Image.Image, str]:
    """Upright, at most 256x256, metadata-free; PNG when it has transparency, else JPEG."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    fresh = Image.frombytes(image.mode, image.size, image.tobytes())
    return fresh, "png" if has_alpha else "jpg"


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
    data = _read(stream)
    try:
        image, extension = _normalise(_decode(data))
    except (OSError, ValueError) as exc:  # unusual modes Pillow cannot convert
        raise _reject(_l("Upload a PNG, JPEG or WebP image.")) from exc
    folder = avatar_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(16)}.{extension}"
    path = folder / name
    after_rollback(functools.partial(path.unlink, missing_ok=True))
    if extension == "png":
        image.save(path, format="PNG", optimize=True)
    else:
        image.save(path, format="JPEG", quality=85, optimize=True)
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
