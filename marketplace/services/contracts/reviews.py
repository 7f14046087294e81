"""Reviews after a contract: one each, hidden until both are written or the window closes.

Neither side can answer a bad review with a bad one: a review is shown to the other side
(and counts in the KOL's rating) only once both reviews exist, or REVIEW_REVEAL_S after the
contract ended, when the window to write one closes too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select, update

from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.models import Contract, ContractReview, User
from marketplace.models.base import utcnow
from marketplace.services.contracts.messages import party_contract
from marketplace.services.contracts.queries import get_contract
from marketplace.services.contracts.reputation import refresh_kol_reputation
from marketplace.services.contracts.workflow import lock_contract, seconds_setting
from marketplace.services.notifications import notify_contract_event
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

COMMENT_MAX = 2000
REVIEWABLE_STATUSES = frozenset({"completed", "resolved"})
ALREADY_REVIEWED = _l("You have already reviewed this contract.")


def ended_at(contract: Contract) -> datetime | None:
    return contract.completed_at or contract.closed_at


def reveal_at(contract: Contract) -> datetime | None:
    """When hidden reviews of this contract are shown anyway (and writing one closes)."""
    end = ended_at(contract)
    return end + seconds_setting("REVIEW_REVEAL_S") if end is not None else None


def _rating(v: Validator, raw: Any) -> int | None:
    """A whole number from 1 to 5, as a JSON number: not "5", not 4.5, not true."""
    if raw is None:
        v.add("rating", _l("This field is required."))
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 5:
        v.add("rating", _l("Must be a whole number from 1 to 5."))
        return None
    return raw


def _closed_reason(contract: Contract, now: datetime) -> str | None:
    """Why the contract cannot be reviewed now, or None while it can."""
    if contract.status not in REVIEWABLE_STATUSES:
        return str(_l("A contract can be reviewed once it is completed."))
    closes = reveal_at(contract)
    if closes is not None and now >= closes:
        return str(_l("The time to review this contract has passed."))
    return None


def _reviews_of(contract_id: int) -> list[ContractReview]:
    return list(
        db.session.scalars(
            select(ContractReview)
            .where(ContractReview.contract_id == contract_id)
            .order_by(ContractReview.id)
        )
    )


@use_case(conflict=ALREADY_REVIEWED)
def leave_review(actor: User, contract_id: Any, rating: Any, comment: Any = "") -> ContractReview:
    """The actor's one review of the other party; reveals both when it is the second."""
    party_contract(actor, contract_id, _l("Only the parties of a contract can review it."))
    # The row lock orders two parties reviewing at once, so the second one sees the first.
    contract = lock_contract(actor, contract_id)
    role = contract.party_role(actor.id)
    assert role is not None
    now = utcnow()
    closed = _closed_reason(contract, now)
    if closed is not None:
        raise Conflict(closed)
    v = Validator()
    clean_rating = _rating(v, rating)
    clean_comment = v.string("comment", comment, required=False, max_len=COMMENT_MAX) or ""
    v.check()
    assert clean_rating is not None
    existing = _reviews_of(contract.id)
    if any(r.reviewer_id == actor.id for r in existing):
        raise Conflict(str(ALREADY_REVIEWED))
    review = ContractReview(
        contract_id=contract.id,
        reviewer_id=actor.id,
        reviewee_id=contract.kol_id if role == "brand" else contract.brand_id,
        reviewer_role=role,
        rating=clean_rating,
        comment=clean_comment,
        at=now,
    )
    db.session.add(review)
    if existing:
        for written in (*existing, review):
            written.revealed_at = now
        db.session.flush()
        refresh_kol_reputation(contract.kol_id)
        notify_contract_event(contract, "reviews_revealed", actor)
    else:
        notify_contract_event(contract, "review", actor)
    db.session.flush()
    return review


@use_case
def reveal_due_reviews(now: datetime | None = None) -> int:
    """Reveal reviews whose contract ended REVIEW_REVEAL_S before `now`; returns how many.

    Idempotent: already revealed reviews are left alone, so a second run reveals nothing.
    """
    now = now or utcnow()
    cutoff = now - seconds_setting("REVIEW_REVEAL_S")
    due = db.session.execute(
        select(ContractReview.id, Contract.kol_id)
        .join(Contract, Contract.id == ContractReview.contract_id)
        .where(
            ContractReview.revealed_at.is_(None),
            or_(
                Contract.completed_at <= cutoff,
                Contract.completed_at.is_(None) & (Contract.closed_at <= cutoff),
            ),
        )
    ).all()
    if not due:
        return 0
    result = db.session.execute(
        update(ContractReview)
        .where(ContractReview.id.in_([row.id for row in due]), ContractReview.revealed_at.is_(None))
        .values(revealed_at=now)
        .execution_options(synchronize_session=False)
    )
    for kol_id in sorted({row.kol_id for row in due}):
        refresh_kol_reputation(kol_id)
    return int(result.rowcount or 0)


@dataclass(frozen=True)
class ReviewPanel:
    """What the contract page shows of its reviews to one viewer."""

    # The viewer's own review, and every revealed one.
    visible: list[ContractReview]
    can_review: bool
    # The other party wrote a review the viewer cannot see yet.
    other_waiting: bool
    reveal_at: datetime | None


def is_visible(review: ContractReview, viewer: User) -> bool:
    return review.revealed_at is not None or review.reviewer_id == viewer.id


def reviews_for_contract(actor: User, contract_id: Any) -> ReviewPanel:
    """The reviews `actor` may see on the contract page (a party or an admin)."""
    contract = get_contract(actor, contract_id)
    reviews = _reviews_of(contract.id)
    is_party = contract.party_role(actor.id) is not None
    mine = any(r.reviewer_id == actor.id for r in reviews)
    still_open = _closed_reason(contract, utcnow()) is None
    return ReviewPanel(
        visible=[r for r in reviews if is_visible(r, actor)],
        can_review=is_party and not mine and still_open,
        other_waiting=is_party and any(not is_visible(r, actor) for r in reviews),
        reveal_at=reveal_at(contract),
    )


def public_reviews_of_kol(kol_id: Any, page: Any = 1, per_page: Any = 10) -> Pagination:
    """Revealed reviews brands wrote about the KOL, newest first (the public KOL page)."""
    v = Validator()
    clean_kol = v.integer("kol_id", kol_id, minimum=1)
    clean_page, clean_per_page = clean_paging(v, page, per_page, default_per_page=10)
    v.check()
    stmt = (
        select(ContractReview)
        .where(
            ContractReview.reviewee_id == clean_kol,
            ContractReview.reviewer_role == "brand",
            ContractReview.revealed_at.is_not(None),
        )
        .order_by(ContractReview.revealed_at.desc(), ContractReview.id.desc())
    )
    return paginate(stmt, clean_page, clean_per_page)
