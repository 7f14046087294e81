"""The contract's thread and the reviews after it ends (services by the social helpers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.contracts import bp
from marketplace.contracts.forms import MessageForm, ReviewForm
from marketplace.contracts.page import act, me
from marketplace.models import ContractReview
from marketplace.services.contracts import messages, reviews
from marketplace.web import role_required


@bp.post("/contracts/<int:contract_id>/messages")
@role_required("brand", "kol", "admin")
def post_message(contract_id: int):
    form = MessageForm()
    return act(
        contract_id,
        "message",
        form,
        lambda: messages.post_message(me(), contract_id, form.body.data or ""),
        _l("Message sent."),
    )


@bp.post("/contracts/<int:contract_id>/review")
@role_required("brand", "kol", "admin")
def leave_review(contract_id: int):
    form = ReviewForm()
    return act(
        contract_id,
        "review",
        form,
        lambda: reviews.leave_review(me(), contract_id, form.rating.data, form.comment.data or ""),
        _review_posted,
    )


def _review_posted(review: ContractReview) -> object:
    if review.revealed_at is not None:
        return _l("Thank you. Both reviews are now shown.")
    return _l(
        "Thank you. Your review is shown once the other side writes theirs, "
        "or when the time to review ends."
    )
