"""The contract page and the one way its action forms are handled.

Every action is a POST from a form on the contract page. The view parses the form and
calls one service; a field error shows the page again with the form's errors (400), any
other refusal (not allowed now, card declined, ...) is flashed above the unchanged
contract, and a contract the viewer may not see is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from types import FunctionType
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from marketplace.contracts.dispute_panel import PANEL_FORMS, dispute_panel
from marketplace.contracts.dispute_panel import offered as panel_offers
from marketplace.contracts.forms import (
    ConfirmForm,
    CounterForm,
    DisputeForm,
    DisputeResponseForm,
    EvidenceForm,
    FundForm,
    MessageForm,
    ReasonForm,
    ReviewForm,
    RevisionForm,
    SubmitProofForm,
    WithdrawDisputeForm,
)
from marketplace.contracts.product_fields import AddProductForm
from marketplace.domain.errors import DomainError, NotFound, ValidationFailed
from marketplace.models import Contract, User
from marketplace.services.contracts import messages, queries, reviews
from marketplace.services.tracking.products import can_add_product, products_of
from marketplace.web import apply_field_errors

ACTION_LABELS = {
    "offer": _l("Offer sent"),
    "counter": _l("Counter-offer"),
    "accept": _l("Offer accepted"),
    "decline": _l("Offer declined"),
    "withdraw": _l("Offer withdrawn"),
    "expire": _l("Offer expired"),
    "fund": _l("Escrow funded"),
    "cancel": _l("Cancelled"),
    "funding_deadline": _l("Cancelled: not funded in time"),
    "submit": _l("Proof of posting submitted"),
    "request_revision": _l("Revision requested"),
    "approve": _l("Approved; payment released"),
    "auto_approve": _l("Approved automatically after the review window"),
    "request_cancel": _l("Asked to cancel"),
    "confirm_cancel": _l("Cancellation confirmed; brand refunded"),
    "dispute": _l("Dispute opened"),
    "chargeback": _l("Frozen: the card payment was disputed with the bank"),
    "resolve": _l("Dispute resolved"),
    "withdraw_to_funded": _l("Dispute withdrawn"),
    "withdraw_to_submitted": _l("Dispute withdrawn"),
    "withdraw_to_revision_requested": _l("Dispute withdrawn"),
}
ROLE_LABELS = {
    "brand": _l("Brand"),
    "kol": _l("KOL"),
    "admin": _l("Admin"),
    "system": _l("System"),
}
# A party named inside a sentence ("Waiting for the KOL."): lower case but the acronym.
ROLE_NOUNS = {
    "brand": _l("brand"),
    "kol": _l("KOL"),
    "admin": _l("admin"),
    "system": _l("system"),
}
STATUS_STYLES = {
    "offered": "info",
    "accepted": "primary",
    "funded": "primary",
    "submitted": "warning",
    "revision_requested": "warning",
    "completed": "success",
    "disputed": "danger",
    "resolved": "dark",
}
# In order of preference: confirming the other side's request beats asking again.
CANCEL_ACTIONS = ("confirm_cancel", "cancel", "request_cancel")


def me() -> User:
    return current_user._get_current_object()


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def role_label(role: str | None) -> str:
    return str(ROLE_LABELS.get(role or "system", role))


def role_noun(role: str | None) -> str:
    return str(ROLE_NOUNS.get(role or "system", role))


def _forms(contract: Contract) -> dict[str, FlaskForm]:
    counter = CounterForm(contract, formdata=None)
    counter.load(contract)
    return {
        "confirm": ConfirmForm(formdata=None),
        "counter": counter,
        "decline": ReasonForm(formdata=None),
        "cancel": ReasonForm(formdata=None),
        "fund": FundForm(formdata=None),
        "submit": SubmitProofForm(formdata=None),
        "request_revision": RevisionForm(formdata=None),
        "dispute": DisputeForm(formdata=None),
        "dispute_response": DisputeResponseForm(formdata=None),
        "evidence": EvidenceForm(formdata=None),
        "withdraw_dispute": WithdrawDisputeForm(formdata=None),
        "message": MessageForm(formdata=None),
        "review": ReviewForm(formdata=None),
        "add_product": AddProductForm(contract.currency, formdata=None),
    }


def _thread(actor: User, contract: Contract) -> Any:
    """The thread page asked for, or its last page (the newest messages)."""
    asked = request.args.get("messages_page")
    if asked:
        return messages.list_messages(actor, contract.id, asked)
    first = messages.list_messages(actor, contract.id)
    return messages.list_messages(actor, contract.id, first.pages) if first.pages > 1 else first


def _cancel_action(contract: Contract, role: str | None, actions: list[str]) -> str | None:
    """The one cancel button to show; none when the viewer already asked to cancel."""
    action = next((a for a in CANCEL_ACTIONS if a in actions), None)
    if action == "request_cancel" and contract.cancel_requested_by == role:
        return None
    return action


def render_contract(
    contract_id: int, bound: dict[str, FlaskForm] | None = None, status: int = 200
) -> tuple[str, int]:
    """The contract page; `bound` replaces the blank form of an action that failed."""
    actor = me()
    contract = queries.get_contract(actor, contract_id)
    forms = {**_forms(contract), **(bound or {})}
    actions = queries.available_actions(actor, contract)
    role = queries.viewer_role(actor, contract)
    context: dict[str, Any] = {
        "contract": contract,
        "role": role,
        "whose_turn": queries.awaiting(contract),
        "needs_action": queries.needs_action(actor, contract),
        "actions": actions,
        "cancel_action": _cancel_action(contract, role, actions),
        "money": queries.money_view(contract),
        "dispute": dispute_panel(actor, contract),
        "forms": forms,
        "thread": _thread(actor, contract),
        "reviews": reviews.reviews_for_contract(actor, contract.id),
        "products": products_of(contract) if contract.commission_bps is not None else [],
        "can_add_product": can_add_product(actor, contract),
    }
    return render_template("contracts/detail.html", **context), status


def _offered(actor: User, contract_id: int, key: str) -> bool:
    """Whether the page shows the form `key` to this viewer now."""
    contract = queries.get_contract(actor, contract_id)
    if key == "message":
        return contract.party_role(actor.id) is not None
    if key in PANEL_FORMS:
        return panel_offers(actor, contract, key)
    if key == "add_product":
        return can_add_product(actor, contract)
    if key == "review":
        return reviews.reviews_for_contract(actor, contract_id).can_review
    actions = queries.available_actions(actor, contract)
    wanted = CANCEL_ACTIONS if key == "cancel" else (key,)
    return any(action in actions for action in wanted)


def act(
    contract_id: int,
    key: str,
    form: FlaskForm,
    call: Callable[[], Any],
    done: object,
) -> Any:
    """Validate `form`, run `call`; flash `done`, a refusal, or show the form's errors.

    `done` is the success message, or a function of `call`'s result that words it.
    """
    queries.get_contract(me(), contract_id)  # someone else's contract: 404 before anything
    if not form.validate_on_submit():
        return _show_errors(contract_id, key, form)
    try:
        result = call()
    except NotFound:
        raise
    except ValidationFailed as error:
        apply_field_errors(form, error)
        return _show_errors(contract_id, key, form)
    except DomainError as error:
        flash(error.message, "danger")
        return _back(contract_id)
    flash(str(done(result) if isinstance(done, FunctionType) else done), "success")
    return _back(contract_id)


def _back(contract_id: int) -> Any:
    return redirect(url_for("contracts.detail", contract_id=contract_id))


def _show_errors(contract_id: int, key: str, form: FlaskForm) -> Any:
    """The page with the form's errors; a refusal instead if the viewer has no such form."""
    if _offered(me(), contract_id, key):
        return render_contract(contract_id, {key: form}, 400)
    flash(str(_l("That cannot be done on this contract now.")), "danger")
    return _back(contract_id)
