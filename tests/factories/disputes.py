"""Disputes and evidence files, reached through the services like everything else.

`make_dispute("submitted", opener="brand")` builds a contract in that status and has the
opener dispute it; `upload(data, name)` wraps bytes the way Flask hands a file over.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from werkzeug.datastructures import FileStorage

from marketplace.models import Dispute
from marketplace.services.contracts import disputes
from tests.factories.contracts import Deal, make_contract
from tests.factories.kols import image_bytes

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def upload(data: bytes | None = None, name: str = "evidence.png") -> FileStorage:
    """A file as a form post delivers it (default: a real PNG)."""
    content = image_bytes("PNG", (300, 200)) if data is None else data
    return FileStorage(stream=BytesIO(content), filename=name)


def pdf_upload(name: str = "invoice.pdf") -> FileStorage:
    return upload(PDF_BYTES, name)


def make_dispute(
    status: str = "submitted",
    *,
    opener: str = "brand",
    category: str = "not_as_agreed",
    files: tuple[FileStorage, ...] = (),
    **terms: Any,
) -> tuple[Deal, Dispute]:
    """A contract in `status` that `opener` ("brand" or "kol") disputes."""
    deal = make_contract(status, **terms)
    who = deal.brand if opener == "brand" else deal.kol
    dispute = disputes.open_dispute(who, deal.id, "The post was not as agreed", category, files)
    return deal, dispute
