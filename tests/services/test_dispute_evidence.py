"""Evidence files: real images or PDFs only, size-capped, stored by token, shown to the parties."""

from __future__ import annotations

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import DisputeEvidence
from marketplace.services.contracts import dispute_evidence, disputes
from marketplace.services.contracts.dispute_evidence import (
    add_evidence,
    evidence_folder,
    evidence_of,
    open_evidence,
)
from tests.factories import make_admin, make_brand, make_kol
from tests.factories.disputes import PDF_BYTES, make_dispute, pdf_upload, upload
from tests.factories.kols import image_bytes


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(DisputeEvidence)) or 0


def _files() -> set[str]:
    folder = evidence_folder()
    return {path.name for path in folder.glob("*")} if folder.exists() else set()


def test_both_parties_add_images_and_pdfs_while_open(ctx):
    deal, dispute = make_dispute("submitted")
    jpeg = add_evidence(deal.kol, dispute.id, upload(image_bytes("JPEG"), "post.JPG"), "Live")
    pdf = add_evidence(deal.brand, dispute.id, pdf_upload("brief.pdf"))
    assert [e.id for e in evidence_of(dispute)] == [jpeg.id, pdf.id]
    assert (jpeg.kind, jpeg.content_type, jpeg.uploaded_by_role) == ("image", "image/jpeg", "kol")
    assert (pdf.kind, pdf.content_type, pdf.uploaded_by_role) == ("pdf", "application/pdf", "brand")
    assert jpeg.note == "Live" and jpeg.original_name == "post.JPG"
    stored = evidence_folder() / jpeg.token
    assert "static" not in stored.parts
    assert stored.read_bytes() != image_bytes("JPEG")  # re-encoded, not the upload's bytes
    assert (evidence_folder() / pdf.token).read_bytes() == PDF_BYTES


def test_images_lose_their_metadata(ctx):
    deal, dispute = make_dispute("funded")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    data = image_bytes("JPEG", exif=exif.tobytes())
    evidence = add_evidence(deal.brand, dispute.id, upload(data, "photo.jpg"))
    with Image.open(evidence_folder() / evidence.token) as stored:
        assert not stored.getexif()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"just some text, not a picture", "screenshot.png"),  # a PNG-named text file
        (image_bytes("PNG"), "contract.pdf"),  # a PDF-named image
        (PDF_BYTES, "scan.png"),  # a PNG-named PDF
        (b"%PDF-1.4 truncated without an end marker", "scan.pdf"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg"),
        (image_bytes("GIF"), "anim.gif"),
        (image_bytes("PNG"), "no_extension"),
        (b"", "empty.png"),
    ],
)
def test_a_disguised_or_unsupported_file_changes_nothing(ctx, data, name):
    deal, dispute = make_dispute("funded")
    before = (_count(), _files())
    with pytest.raises(ValidationFailed) as refused:
        add_evidence(deal.brand, dispute.id, upload(data, name))
    assert list(refused.value.fields) == ["file"]
    assert refused.value.fields["file"] in (
        ["Upload an image (PNG, JPEG, WebP) or a PDF."],
        ["Choose an image file to upload."],  # the empty file
    )
    assert (_count(), _files()) == before


def test_a_file_too_big_changes_nothing(ctx, monkeypatch):
    monkeypatch.setattr(dispute_evidence, "MAX_BYTES", len(PDF_BYTES) - 1)
    deal, dispute = make_dispute("funded")
    with pytest.raises(ValidationFailed) as refused:
        add_evidence(deal.brand, dispute.id, pdf_upload())
    assert "at most" in refused.value.fields["file"][0]
    assert _count() == 0


def test_the_real_limit_is_ten_megabytes(ctx):
    deal, dispute = make_dispute("funded")
    big = PDF_BYTES[:-6] + b"\0" * (10 * 1024 * 1024) + b"%%EOF\n"
    with pytest.raises(ValidationFailed):
        add_evidence(deal.brand, dispute.id, upload(big, "big.pdf"))
    assert _count() == 0


def test_only_the_parties_add_evidence(ctx):
    _, dispute = make_dispute("funded")
    with pytest.raises(NotFound):
        add_evidence(make_brand(), dispute.id, upload())
    with pytest.raises(NotFound):
        add_evidence(make_kol(), dispute.id, upload())
    with pytest.raises(NotAllowed):
        add_evidence(make_admin(), dispute.id, upload())
    assert _count() == 0


def test_no_evidence_after_the_decision(ctx):
    deal, dispute = make_dispute("funded", price=100_000)
    disputes.refund_all(make_admin(), dispute.id, note="Refund")
    with pytest.raises(Conflict):
        add_evidence(deal.kol, dispute.id, upload())
    assert _count() == 0


def test_a_note_too_long_changes_nothing(ctx):
    deal, dispute = make_dispute("funded")
    before = _files()
    with pytest.raises(ValidationFailed) as refused:
        add_evidence(deal.brand, dispute.id, upload(), "x" * 1001)
    assert "note" in refused.value.fields
    assert (_count(), _files()) == (0, before)


def test_files_are_served_to_the_parties_and_admins_only(ctx):
    deal, dispute = make_dispute("funded")
    evidence = add_evidence(deal.brand, dispute.id, pdf_upload("terms.pdf"))
    for viewer in (deal.brand, deal.kol, make_admin()):
        served = open_evidence(viewer, evidence.token)
        assert served.path.read_bytes() == PDF_BYTES
        assert (served.content_type, served.download_name, served.is_pdf) == (
            "application/pdf",
            "terms.pdf",
            True,
        )
    for stranger in (make_brand(), make_kol()):
        with pytest.raises(NotFound):
            open_evidence(stranger, evidence.token)
    with pytest.raises(NotFound):
        open_evidence(deal.brand, "no-such-token.pdf")
