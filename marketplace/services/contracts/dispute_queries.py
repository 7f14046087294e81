"""Reading disputes: one dispute for its parties and admins, the admins' list, the row lock.

A dispute is visible to the two parties of its contract and to admins; anyone else gets
NotFound, so nobody learns that someone else's dispute exists. The list is admin-only and
answers NotFound to everyone else, like every admin thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from marketplace.domain.errors import NotFound
from marketplace.extensions import db
from marketplace.models import Contract, ContractMessage, Dispute, User
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.validation import Validator

DISPUTE_STATUSES: tuple[str, ...] = ("open", "resolved", "withdrawn")


def dispute_not_found() -> NotFound:
    return NotFound(str(_l("Dispute not found.")))


def _visible(dispute: Dispute | None, actor: User) -> bool:
    if dispute is None:
        return False
    contract = dispute.contract
    return actor.role == "admin" or actor.id in (contract.brand_id, contract.kol_id)


def get_dispute(actor: User, dispute_id: Any) -> Dispute:
    """The dispute if `actor` is a party of its contract or an admin; else NotFound."""
    dispute = db.session.get(Dispute, dispute_id) if isinstance(dispute_id, int) else None
    if dispute is None or not _visible(dispute, actor):
        raise dispute_not_found()
    return dispute


def lock_dispute(actor: User, dispute_id: Any) -> Dispute:
    """The dispute, row-locked and freshly read, if `actor` may see it; else NotFound.

    Every use case that changes a dispute takes this lock first (then the contract's), so
    two admins resolving at once, or a resolution racing a withdrawal, queue up.
    """
    if not isinstance(dispute_id, int):
        raise dispute_not_found()
    dispute = db.session.scalar(
        select(Dispute)
        .where(Dispute.id == dispute_id)
        .with_for_update(of=Dispute)
        .execution_options(populate_existing=True)
    )
    if dispute is None or not _visible(dispute, actor):
        raise dispute_not_found()
    return dispute


def party_role(actor: User, dispute: Dispute) -> str | None:
    """ "brand" or "kol" when `actor` is a party of the disputed contract, else None."""
    return dispute.contract.party_role(actor.id)


def latest_dispute(contract: Contract) -> Dispute | None:
    """The contract's most recent dispute (open, resolved or withdrawn), if any."""
    return db.session.scalar(
        select(Dispute)
        .where(Dispute.contract_id == contract.id)
        .order_by(Dispute.id.desc())
        .limit(1)
    )


def list_disputes(admin: User, status: Any = None, page: Any = 1, per_page: Any = 20) -> Pagination:
    """Every dispute (admins only; NotFound for anyone else), newest first, by `status`."""
    if admin.role != "admin":
        raise dispute_not_found()
    v = Validator()
    clean_status = v.choice("status", status, DISPUTE_STATUSES, required=False)
    page_no, size = clean_paging(v, page, per_page)
    v.check()
    stmt = select(Dispute).order_by(Dispute.created_at.desc(), Dispute.id.desc())
    if clean_status is not None:
        stmt = stmt.where(Dispute.status == clean_status)
    return paginate(stmt, page_no, size)


def outcome(dispute: Dispute) -> str | None:
    """Who a resolution favoured: "kol" (all released), "brand" (all refunded) or "split"."""
    if dispute.status != "resolved":
        return None
    to_kol, to_brand = dispute.kol_amount or 0, dispute.brand_refund or 0
    if to_brand == 0 and to_kol > 0:
        return "kol"
    if to_kol == 0 and to_brand > 0:
        return "brand"
    return "split"


@dataclass(frozen=True)
class DisputeCase:
    """Everything an admin weighs: the dispute, its contract and the whole message thread."""

    dispute: Dispute
    contract: Contract
    messages: list[ContractMessage]


def dispute_case(admin: User, dispute_id: Any) -> DisputeCase:
    """The admin's view of one dispute (NotFound for anyone but an admin)."""
    if admin.role != "admin":
        raise dispute_not_found()
    dispute = get_dispute(admin, dispute_id)
    messages = db.session.scalars(
        select(ContractMessage)
        .where(ContractMessage.contract_id == dispute.contract_id)
        .order_by(ContractMessage.id)
    ).all()
    return DisputeCase(dispute=dispute, contract=dispute.contract, messages=list(messages))
