"""The work on a contract: fund, submit proof, revision, approve, cancel, dispute."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.contracts import bp
from marketplace.contracts.forms import (
    ConfirmForm,
    DisputeForm,
    FundForm,
    ReasonForm,
    RevisionForm,
    SubmitProofForm,
)
from marketplace.contracts.page import act, me
from marketplace.domain.errors import ValidationFailed
from marketplace.models import Contract
from marketplace.services.contracts import cancellation, disputes, funding, work
from marketplace.web import role_required

PARTIES = ("brand", "kol")


@bp.post("/contracts/<int:contract_id>/fund")
@role_required(*PARTIES)
def fund(contract_id: int):
    form = FundForm()
    return act(
        contract_id,
        "fund",
        form,
        lambda: funding.fund(me(), contract_id, form.payment_method.data),
        _l("Payment received: the money is held in escrow until you approve the work."),
    )


def _submit(form: SubmitProofForm, contract_id: int) -> None:
    """Submit the proof; the service's `post_url` errors belong to the links box."""
    try:
        work.submit_proof(
            me(),
            contract_id,
            post_urls=form.post_urls.data or "",
            notes=form.notes.data or "",
            screenshots=[item.stream for item in form.files()],
        )
    except ValidationFailed as error:
        fields = dict(error.fields)
        if "post_url" in fields:
            fields["post_urls"] = fields.pop("post_url")
        raise ValidationFailed(error.message, fields) from error


@bp.post("/contracts/<int:contract_id>/submit")
@role_required(*PARTIES)
def submit(contract_id: int):
    form = SubmitProofForm()
    return act(
        contract_id,
        "submit",
        form,
        lambda: _submit(form, contract_id),
        _l("Your proof is submitted. The brand will review it."),
    )


@bp.post("/contracts/<int:contract_id>/revision")
@role_required(*PARTIES)
def request_revision(contract_id: int):
    form = RevisionForm()
    return act(
        contract_id,
        "request_revision",
        form,
        lambda: work.request_revision(me(), contract_id, form.message.data or ""),
        _l("Revision requested. The KOL will submit again."),
    )


@bp.post("/contracts/<int:contract_id>/approve")
@role_required(*PARTIES)
def approve(contract_id: int):
    return act(
        contract_id,
        "approve",
        ConfirmForm(),
        lambda: work.approve(me(), contract_id),
        _l("Approved. The payment is released to the KOL."),
    )


def _cancelled_or_requested(contract: Contract) -> object:
    if contract.status == "cancelled":
        return _l("The contract is cancelled.")
    return _l("Your request to cancel is sent; the other party must confirm it.")


@bp.post("/contracts/<int:contract_id>/cancel")
@role_required(*PARTIES)
def cancel(contract_id: int):
    form = ReasonForm()
    return act(
        contract_id,
        "cancel",
        form,
        lambda: cancellation.cancel(me(), contract_id, form.reason.data or ""),
        _cancelled_or_requested,
    )


@bp.post("/contracts/<int:contract_id>/dispute")
@role_required(*PARTIES)
def dispute(contract_id: int):
    form = DisputeForm()
    return act(
        contract_id,
        "dispute",
        form,
        lambda: disputes.open_dispute(
            me(), contract_id, form.reason.data or "", form.category.data, form.files()
        ),
        _l("Dispute opened. The escrow is frozen until an admin resolves it."),
    )
