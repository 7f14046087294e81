"""Proof screenshots: real images only, at most three of 5 MB, re-encoded, parties only."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from marketplace.domain.errors import NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.services.contracts import proofs, work
from marketplace.services.unit_of_work import unit_of_work
from tests import factories
from tests.factories.contracts import POST_URL, make_contract
from tests.factories.kols import image_bytes


def _files(*blobs: bytes) -> list[BytesIO]:
    return [BytesIO(blob) for blob in blobs]


def _folder_files() -> set[str]:
    folder = proofs.proof_folder()
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_each_format_is_stored_re_encoded_under_a_random_name(ctx, fmt):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    save = {"exif": exif.tobytes()} if fmt != "PNG" else {}
    [name] = proofs.store_screenshots(_files(image_bytes(fmt, size=(3000, 1500), **save)))
    path = proofs.proof_folder() / name
    assert path.suffix in (".jpg", ".png") and len(path.stem) >= 20
    with Image.open(path) as stored:
        assert max(stored.size) == proofs.MAX_SIDE
        assert "exif" not in stored.info
    assert b"SecretCam" not in path.read_bytes()


def test_at_most_three_files(ctx):
    before = _folder_files()
    with pytest.raises(ValidationFailed) as caught:
        proofs.store_screenshots(_files(*[image_bytes()] * 4))
    assert "at most 3" in caught.value.fields["screenshots"][0]
    assert _folder_files() == before


def test_a_file_over_5_mb_is_refused(ctx):
    with pytest.raises(ValidationFailed) as caught:
        proofs.store_screenshots(_files(b"\x89PNG" + b"0" * (5 * 1024 * 1024)))
    assert caught.value.fields["screenshots"] == ["Each screenshot must be at most 5 MB."]


@pytest.mark.parametrize(
    "blob", [b"GIF89a" + b"0" * 100, b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"%PDF-1.4"]
)
def test_anything_but_png_jpeg_webp_is_refused_and_nothing_is_kept(ctx, blob):
    before = _folder_files()
    with pytest.raises(ValidationFailed) as caught:
        proofs.store_screenshots(_files(image_bytes(), blob))
    assert caught.value.fields["screenshots"] == ["Upload a PNG, JPEG or WebP image."]
    assert _folder_files() == before


def test_files_are_removed_when_the_unit_of_work_rolls_back(ctx):
    before = _folder_files()
    with pytest.raises(RuntimeError), unit_of_work():
        proofs.store_screenshots(_files(image_bytes(), image_bytes("JPEG")))
        assert len(_folder_files() - before) == 2
        raise RuntimeError("boom")
    assert _folder_files() == before


def test_screenshots_are_served_to_the_parties_and_admins_only(ctx):
    deal = make_contract("funded")
    work.submit_proof(deal.kol, deal.id, post_urls=[POST_URL], screenshots=_files(image_bytes()))
    db.session.refresh(deal.contract)
    [name] = deal.contract.submissions[0].screenshots
    for viewer in (deal.brand, deal.kol, factories.make_admin()):
        _folder, found = proofs.screenshot_file(viewer, deal.id, name)
        assert found == name and (proofs.proof_folder() / name).exists()
    with pytest.raises(NotFound):
        proofs.screenshot_file(factories.make_brand(), deal.id, name)
    with pytest.raises(NotFound):
        proofs.screenshot_file(deal.brand, deal.id, "../avatars/x.png")
    other = make_contract("offered", brand=deal.brand)
    with pytest.raises(NotFound):
        proofs.screenshot_file(deal.brand, other.id, name)


@pytest.mark.parametrize(
    ("urls", "blobs"),
    [(["https://evil.example/x"], [image_bytes()]), ([POST_URL], [image_bytes(), b"%PDF-1.4"])],
)
def test_a_refused_proof_keeps_no_file_and_no_status_change(ctx, urls, blobs):
    deal = make_contract("funded")
    before = _folder_files()
    with pytest.raises(ValidationFailed):
        work.submit_proof(deal.kol, deal.id, post_urls=urls, screenshots=_files(*blobs))
    assert _folder_files() == before
    db.session.refresh(deal.contract)
    assert deal.contract.status == "funded" and deal.contract.submissions == []
