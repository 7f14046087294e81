"""Uploaded images: decoded with Pillow, refused unless real PNG, JPEG or WebP, re-encoded.

Nothing about an upload is trusted, neither its name nor its content type: the bytes are
decoded, refused when they hold too many pixels (decompression bombs), turned upright,
shrunk to a bounded size and saved as a fresh image, which drops EXIF and every other
piece of metadata. Avatars and proof-of-posting screenshots both go through here.
"""

from __future__ import annotations

import secrets
import warnings
from io import BytesIO
from pathlib import Path
from typing import IO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from marketplace.domain.errors import ValidationFailed

FORMATS = ("PNG", "JPEG", "WEBP")
# No upload needs more; a small file that decodes to more pixels is a bomb.
MAX_PIXELS = 25_000_000


def reject(field: str, message: object) -> ValidationFailed:
    return ValidationFailed(str(_l("Some fields are not valid.")), {field: [str(message)]})


def read_upload(stream: IO[bytes] | None, field: str, max_bytes: int, too_big: object) -> bytes:
    """The upload's bytes, at most `max_bytes` (else `too_big` on `field`)."""
    data = stream.read(max_bytes + 1) if stream is not None else b""
    if not data:
        raise reject(field, _l("Choose an image file to upload."))
    if len(data) > max_bytes:
        raise reject(field, too_big)
    return data


def decode(data: bytes, field: str, max_side: int) -> Image.Image:
    """The image in `data`, fully loaded; ValidationFailed on `field` when it is not one."""
    bad_file = reject(field, _l("Upload a PNG, JPEG or WebP image."))
    bomb = reject(field, _l("The image has too many pixels; use a smaller picture."))
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
                image.draft("RGB", (max_side * 2, max_side * 2))
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


def normalise(image: Image.Image, max_side: int) -> tuple[Image.Image, str]:
    """Upright, at most `max_side` square, metadata-free; PNG when transparent, else JPEG."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    fresh = Image.frombytes(image.mode, image.size, image.tobytes())
    return fresh, "png" if has_alpha else "jpg"


def clean_image(data: bytes, field: str, max_side: int) -> tuple[Image.Image, str]:
    """Decode and normalise; modes Pillow cannot convert are refused like any bad file."""
    try:
        return normalise(decode(data, field, max_side), max_side)
    except (OSError, ValueError) as exc:
        raise reject(field, _l("Upload a PNG, JPEG or WebP image.")) from exc


def save_new(image: Image.Image, extension: str, folder: Path) -> Path:
    """Write the image under a fresh random name in `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_urlsafe(16)}.{extension}"
    try:
        if extension == "png":
            image.save(path, format="PNG", optimize=True)
        else:
            image.save(path, format="JPEG", quality=85, optimize=True)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
