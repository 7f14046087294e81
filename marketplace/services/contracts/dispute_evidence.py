"""Evidence files of a dispute: images or PDFs, checked by content, stored outside static/.

Nothing about an upload is trusted. Its kind is decided from its bytes: an image is
decoded and re-encoded with Pillow (`services/images.py`, which drops metadata); a PDF
must start with the PDF signature and end with its end-of-file marker. The name's
extension must agree with the content, so a PNG-named text file or a PDF-named image is
refused as a disguised type. Files are stored under a random token in
UPLOAD_FOLDER/evidence and served only to the two parties and admins.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Dispute, DisputeEvidence, User
from marketplace.services import images
from marketplace.services.contracts.dispute_queries import (
    get_dispute,
    lock_dispute,
    party_role,
)
from marketplace.services.unit_of_work import after_rollback, use_case
from marketplace.services.validation import Validator

FIELD = "file"
MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 20  # per dispute, both sides together
MAX_SIDE = 2560
NOTE_MAX = 1000
NAME_MAX = 200
IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "webp"})
PDF_MAGIC = b"%PDF-"
PDF_END = b"%%EOF"


@dataclass(frozen=True)
class EvidenceFile:
    """What serving one evidence file needs."""

    path: Path
    content_type: str
    download_name: str
    is_pdf: bool


def evidence_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "evidence"


def _bad_type() -> Any:
    return images.reject(FIELD, _l("Upload an image (PNG, JPEG, WebP) or a PDF."))


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_pdf(data: bytes) -> bool:
    return data.startswith(PDF_MAGIC) and PDF_END in data[-1024:]


def _clean_image(data: bytes) -> tuple[Image.Image, str]:
    """The re-encoded image; a file that is no image is told that PDFs are welcome too."""
    try:
        return images.clean_image(data, FIELD, MAX_SIDE)
    except ValidationFailed as error:
        if str(_l("Upload a PNG, JPEG or WebP image.")) in error.fields.get(FIELD, []):
            raise _bad_type() from error
        raise


def _store(data: bytes, name: str) -> tuple[str, str, str]:
    """Check and write the file; returns (kind, content type, token)."""
    extension = _extension(name)
    if _is_pdf(data):
        if extension != "pdf":
            raise _bad_type()
        folder = evidence_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{secrets.token_urlsafe(16)}.pdf"
        path.write_bytes(data)
        kind, content_type = "pdf", "application/pdf"
    else:
        if extension not in IMAGE_EXTENSIONS:
            raise _bad_type()
        image, saved_as = _clean_image(data)
        path = images.save_new(image, saved_as, evidence_folder())
        kind = "image"
        content_type = "image/png" if saved_as == "png" else "image/jpeg"
    after_rollback(functools.partial(path.unlink, missing_ok=True))
    return kind, content_type, path.name


def _filename(upload: Any) -> str:
    name = getattr(upload, "filename", None) or getattr(upload, "name", None) or ""
    return Path(str(name)).name[:NAME_MAX]


def attach(
    dispute: Dispute, actor: User, role: str, upload: IO[bytes] | Any, note: str = ""
) -> DisputeEvidence:
    """Check and store one file for a dispute the caller has locked and checked."""
    count = db.session.scalar(select(func.count()).where(DisputeEvidence.dispute_id == dispute.id))
    if (count or 0) >= MAX_FILES:
        raise images.reject(FIELD, _l("A dispute holds at most %(n)d files.", n=MAX_FILES))
    stream = getattr(upload, "stream", upload)
    too_big = _l("Each file must be at most %(n)d MB.", n=MAX_BYTES // (1024 * 1024))
    data = images.read_upload(stream, FIELD, MAX_BYTES, too_big)
    name = _filename(upload)
    kind, content_type, token = _store(data, name)
    size = Path(evidence_folder() / token).stat().st_size
    evidence = DisputeEvidence(
        dispute_id=dispute.id,
        uploaded_by_id=actor.id,
        uploaded_by_role=role,
        kind=kind,
        content_type=content_type,
        token=token,
        original_name=name,
        size_bytes=size,
        note=note,
    )
    db.session.add(evidence)
    db.session.flush()
    return evidence


@use_case
def add_evidence(
    actor: User, dispute_id: int, file_storage: IO[bytes] | Any, note: Any = ""
) -> DisputeEvidence:
    """A party adds one file (and a short note) while the dispute is open."""
    dispute = lock_dispute(actor, dispute_id)
    role = party_role(actor, dispute)
    if role is None:
        raise NotAllowed(str(_l("Only the parties of a dispute can add evidence.")))
    if dispute.status != "open":
        raise Conflict(str(_l("Evidence can be added only while the dispute is open.")))
    v = Validator()
    clean_note = v.string("note", note, required=False, max_len=NOTE_MAX) or ""
    v.check()
    return attach(dispute, actor, role, file_storage, clean_note)


def evidence_of(dispute: Dispute) -> list[DisputeEvidence]:
    """The dispute's files, oldest first."""
    return list(
        db.session.scalars(
            select(DisputeEvidence)
            .where(DisputeEvidence.dispute_id == dispute.id)
            .order_by(DisputeEvidence.id)
        )
    )


def open_evidence(actor: User, token: Any) -> EvidenceFile:
    """The stored file behind `token`, for the dispute's parties and admins; else NotFound."""
    evidence = (
        db.session.scalar(select(DisputeEvidence).where(DisputeEvidence.token == token))
        if isinstance(token, str)
        else None
    )
    if evidence is None:
        raise NotFound(str(_l("No such file.")))
    get_dispute(actor, evidence.dispute_id)
    path = evidence_folder() / evidence.token
    if not path.is_file():
        raise NotFound(str(_l("No such file.")))
    return EvidenceFile(
        path=path,
        content_type=evidence.content_type,
        download_name=evidence.original_name or evidence.token,
        is_pdf=evidence.kind == "pdf",
    )
