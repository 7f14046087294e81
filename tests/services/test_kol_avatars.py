"""Avatars: only real images, bounded in bytes and pixels, re-encoded small without metadata."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from marketplace.domain.errors import NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import KolProfile
from marketplace.services.catalogue import avatars
from tests import factories
from tests.factories.kols import image_bytes


def _stored(kol) -> Path:
    name = db.session.get(KolProfile, kol.id).avatar_path
    return avatars.avatar_folder() / name


def _rejected(kol, data: bytes) -> str:
    with pytest.raises(ValidationFailed) as caught:
        avatars.save_avatar(kol, BytesIO(data))
    assert db.session.get(KolProfile, kol.id).avatar_path is None
    return caught.value.fields["avatar"][0]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_accepted_formats_are_resized_to_at_most_256(kol, fmt):
    avatars.save_avatar(kol, BytesIO(image_bytes(fmt, size=(1200, 600))))
    path = _stored(kol)
    assert path.parent == avatars.avatar_folder()
    with Image.open(path) as stored:
        assert stored.size == (256, 128)
        assert stored.format in ("PNG", "JPEG")


def test_file_name_is_a_random_token_not_the_upload_name(kol):
    avatars.save_avatar(kol, BytesIO(image_bytes()))
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}\.(png|jpg)", _stored(kol).name)


def test_metadata_is_stripped(kol):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    exif[0x8825] = {2: (1.0, 2.0, 3.0)}  # GPS
    avatars.save_avatar(kol, BytesIO(image_bytes("JPEG", exif=exif.tobytes())))
    with Image.open(_stored(kol)) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info
    assert b"SecretCam" not in _stored(kol).read_bytes()


def test_transparency_is_kept_as_png(kol):
    avatars.save_avatar(kol, BytesIO(image_bytes("PNG", mode="RGBA")))
    with Image.open(_stored(kol)) as stored:
        assert stored.format == "PNG" and stored.mode == "RGBA"


def test_replacing_removes_the_old_file(kol):
    avatars.save_avatar(kol, BytesIO(image_bytes()))
    old = _stored(kol)
    avatars.save_avatar(kol, BytesIO(image_bytes("JPEG")))
    assert not old.exists() and _stored(kol).exists()


def test_text_pretending_to_be_an_image_is_rejected(kol):
    assert "PNG, JPEG or WebP" in _rejected(kol, b"\x89PNG\r\n\x1a\n<?php system($_GET['c']); ?>")
    assert "PNG, JPEG or WebP" in _rejected(kol, b"<svg xmlns='http://www.w3.org/2000/svg'/>")


def test_other_image_formats_are_rejected(kol):
    assert "PNG, JPEG or WebP" in _rejected(kol, image_bytes("GIF"))
    assert "PNG, JPEG or WebP" in _rejected(kol, image_bytes("BMP"))


def test_truncated_image_is_rejected(kol):
    data = image_bytes("PNG", size=(300, 300))
    assert "PNG, JPEG or WebP" in _rejected(kol, data[: len(data) // 2])


def test_empty_and_missing_uploads_are_rejected(kol):
    assert "Choose an image" in _rejected(kol, b"")
    with pytest.raises(ValidationFailed):
        avatars.save_avatar(kol, None)


def test_files_over_2_mb_are_rejected(kol):
    noise = BytesIO()
    Image.frombytes("RGB", (1200, 1200), bytes(range(256)) * 16875).save(noise, "PNG")
    data = noise.getvalue() + b"\0" * (2 * 1024 * 1024)
    assert "2 MB" in _rejected(kol, data)


def test_decompression_bombs_are_rejected(kol):
    bomb = BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")  # tiny file, 144 million pixels
    assert len(bomb.getvalue()) < 2 * 1024 * 1024
    assert "too many pixels" in _rejected(kol, bomb.getvalue())


def test_only_kols_upload(brand):
    with pytest.raises(NotAllowed):
        avatars.save_avatar(brand, BytesIO(image_bytes()))


def test_avatar_file_for_serving(kol, ctx):
    with pytest.raises(NotFound):
        avatars.avatar_file(kol.id)
    avatars.save_avatar(kol, BytesIO(image_bytes()))
    folder, name = avatars.avatar_file(kol.id)
    assert (Path(folder) / name).exists()
    suspended = factories.make_kol(suspended=True)
    with pytest.raises(NotFound):
        avatars.avatar_file(suspended.id)


def test_images_just_over_the_pixel_budget_are_rejected(kol):
    big = BytesIO()
    Image.new("1", (6000, 5000)).save(big, "PNG")  # 30 million pixels, below Pillow's limit
    assert "too many pixels" in _rejected(kol, big.getvalue())
