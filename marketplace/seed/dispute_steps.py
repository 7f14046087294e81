"""Demo dispute steps: evidence files, the other side's response, a missed deadline.

Every file and statement goes through the dispute services. The one shortcut is age: the
"overdue" dispute is opened now and its clock is set back past its response deadline (as
if opened a week ago), then the deadline sweep alerts the admins as it would have.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import BytesIO

from flask import current_app
from PIL import Image, ImageDraw
from werkzeug.datastructures import FileStorage

from marketplace.extensions import db
from marketplace.models import Dispute
from marketplace.models.base import utcnow
from marketplace.seed import contract_texts as texts
from marketplace.seed.story_steps import Deal
from marketplace.services.contracts import dispute_actions, dispute_evidence, disputes
from marketplace.services.contracts.dispute_deadlines import flag_missed_responses
from marketplace.services.unit_of_work import use_case

# A one-page PDF, enough for a viewer to open.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _screenshot(seed: int, name: str) -> FileStorage:
    """A plain phone-screenshot-like picture (a post card on a coloured background)."""
    colour = (200 - seed * 13 % 120, 90 + seed * 7 % 100, 120 + seed * 11 % 100)
    image = Image.new("RGB", (360, 640), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 96, 336, 456), fill=(250, 250, 250))
    draw.rectangle((40, 112, 320, 352), fill=(230, 230, 230))
    draw.text((40, 372), f"Post #{seed}", fill=(30, 30, 30))
    out = BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return FileStorage(stream=out, filename=name)


def _pdf(name: str) -> FileStorage:
    return FileStorage(stream=BytesIO(DEMO_PDF), filename=name)


def _open(deal: Deal) -> Dispute:
    dispute = disputes.open_dispute_of(deal.contract)
    assert dispute is not None
    return dispute


def _evidence(side: str) -> Callable[[Deal], None]:
    def step(deal: Deal) -> None:
        dispute = _open(deal)
        who = deal.brand if side == "brand" else deal.kol
        dispute_evidence.add_evidence(
            who, dispute.id, _screenshot(deal.id, "screenshot.png"), texts.EVIDENCE_NOTES[side]
        )
        dispute_evidence.add_evidence(who, dispute.id, _pdf("brief.pdf"))

    return step


def _respond(side: str) -> Callable[[Deal], None]:
    def step(deal: Deal) -> None:
        dispute = _open(deal)
        who = deal.brand if side == "brand" else deal.kol
        files = (_screenshot(deal.id + 1, "reply.png"),)
        dispute_actions.respond(who, dispute.id, texts.DISPUTE_RESPONSES[side], files)

    return step


@use_case
def _age(dispute_id: int) -> None:
    dispute = db.session.get(Dispute, dispute_id)
    assert dispute is not None
    back = timedelta(seconds=int(current_app.config["DISPUTE_RESPONSE_S"]), days=2)
    dispute.created_at = utcnow() - back
    assert dispute.response_due_at is not None
    dispute.response_due_at -= back


def _dispute_overdue(deal: Deal) -> None:
    disputes.open_dispute(
        deal.brand,
        deal.id,
        texts.DISPUTE_REASONS["not_delivered"],
        "not_delivered",
        (_screenshot(deal.id, "empty-profile.png"),),
    )
    _age(_open(deal).id)
    flag_missed_responses(utcnow())


DISPUTE_STEPS: dict[str, Callable[[Deal], None]] = {
    "evidence_brand": _evidence("brand"),
    "evidence_kol": _evidence("kol"),
    "respond_brand": _respond("brand"),
    "respond_kol": _respond("kol"),
    "dispute_overdue": _dispute_overdue,
}
