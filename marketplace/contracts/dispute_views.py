"""The dispute panel's forms (respond, add evidence, withdraw) and the evidence files.

Like every contract action, each form posts to one service: field errors show the page
again with the form's errors, other refusals are flashed. Evidence files are served to
the two parties and admins only, as attachments for PDFs, never sniffed.
"""

from __future__ import annotations

from typing import Any

from flask import send_file
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from marketplace.contracts import bp
from marketplace.contracts.forms import DisputeResponseForm, EvidenceForm, WithdrawDisputeForm
from marketplace.contracts.page import act, me
from marketplace.services.contracts import dispute_actions, dispute_evidence
from marketplace.services.contracts.dispute_queries import get_dispute
from marketplace.web import role_required

PARTIES = ("brand", "kol")


def _contract_of(dispute_id: int) -> int:
    """The disputed contract's id; NotFound (404) for anyone but its parties and admins."""
    return get_dispute(me(), dispute_id).contract_id


@bp.post("/disputes/<int:dispute_id>/respond")
@role_required(*PARTIES)
def respond_dispute(dispute_id: int):
    form = DisputeResponseForm()
    return act(
        _contract_of(dispute_id),
        "dispute_response",
        form,
        lambda: dispute_actions.respond(me(), dispute_id, form.statement.data or "", form.files()),
        _l("Your response is on record. An admin will look at both sides."),
    )


@bp.post("/disputes/<int:dispute_id>/evidence")
@role_required(*PARTIES)
def add_dispute_evidence(dispute_id: int):
    form = EvidenceForm()
    return act(
        _contract_of(dispute_id),
        "evidence",
        form,
        lambda: dispute_evidence.add_evidence(
            me(), dispute_id, form.file.data, form.note.data or ""
        ),
        _l("The file is added to the dispute."),
    )


@bp.post("/disputes/<int:dispute_id>/withdraw")
@role_required(*PARTIES)
def withdraw_dispute(dispute_id: int):
    form = WithdrawDisputeForm()
    return act(
        _contract_of(dispute_id),
        "withdraw_dispute",
        form,
        lambda: dispute_actions.withdraw(me(), dispute_id),
        _l("Dispute withdrawn. The contract carries on where it was."),
    )


@bp.get("/disputes/evidence/<token>")
@login_required
def dispute_evidence_file(token: str) -> Any:
    served = dispute_evidence.open_evidence(me(), token)
    response = send_file(
        served.path,
        mimetype=served.content_type,
        as_attachment=served.is_pdf,
        download_name=served.download_name,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
