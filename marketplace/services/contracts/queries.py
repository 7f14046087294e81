"""Reading contracts: one contract, a party's list, what the viewer may do, the money panel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, case, func, literal, or_, select
from sqlalchemy.orm import selectinload

from marketplace.domain.contracts import (
    BRAND,
    CONTRACT_STATUSES,
    CONTRACT_TRANSITIONS,
    FINAL_STATUSES,
    KOL,
)
from marketplace.extensions import db
from marketplace.models import Contract, User
from marketplace.services.contracts.workflow import CONTRACT_WORKFLOW, contract_not_found
from marketplace.services.ledger.balances import contract_money
from marketplace.services.ledger.contract_postings import fee_split, funded_total
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.transitions import Move
from marketplace.services.validation import Validator

# Who acts next in each status (offers: whoever `awaiting` names).
NEXT_ACTOR = {
    "accepted": BRAND,
    "funded": KOL,
    "revision_requested": KOL,
    "submitted": BRAND,
    "disputed": "admin",
}
# The list's groups: whose move it is for the viewer, or nothing left to do.
ACTION, WAITING, CLOSED = "action", "waiting", "closed"
CONTRACT_GROUPS: tuple[str, ...] = (ACTION, WAITING, CLOSED)


def get_contract(actor: User, contract_id: int) -> Contract:
    """The contract if `actor` is a party or an admin; anyone else gets NotFound."""
    contract = db.session.get(Contract, contract_id) if isinstance(contract_id, int) else None
    if contract is None or (
        actor.role != "admin" and actor.id not in (contract.brand_id, contract.kol_id)
    ):
        raise contract_not_found()
    return contract


def list_contracts(
    actor: User,
    *,
    status: Any = None,
    group: Any = None,
    page: Any = 1,
    per_page: Any = 20,
) -> Pagination:
    """The actor's contracts (all of them for an admin), newest activity first.

    `group` keeps one of CONTRACT_GROUPS, decided in SQL so that paging and totals count
    every contract, not just one page: "action" where `needs_action` holds, "closed" in a
    final status, "waiting" for the rest.
    """
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page)
    clean_status = v.choice("status", status, CONTRACT_STATUSES, required=False)
    clean_group = v.choice("group", group, CONTRACT_GROUPS, required=False)
    v.check()
    stmt = _visible(select(Contract).options(selectinload(Contract.products)), actor, clean_status)
    stmt = stmt.order_by(Contract.updated_at.desc(), Contract.id.desc())
    if clean_group:
        stmt = stmt.where(group_sql(actor) == clean_group)
    return paginate(stmt, clean_page, clean_per_page)


def awaiting_sql() -> ColumnElement[Any]:
    """`awaiting(contract)` as a SQL expression: the same rules in the same order."""
    return case(
        (Contract.status == "offered", Contract.awaiting),
        (
            Contract.cancel_requested_by.is_not(None),
            case((Contract.cancel_requested_by == BRAND, KOL), else_=BRAND),
        ),
        *((Contract.status == status, role) for status, role in NEXT_ACTOR.items()),
        else_=None,
    )


def _role_sql(actor: User) -> ColumnElement[Any]:
    """`viewer_role(actor, contract)` as SQL, for contracts the actor can see."""
    if actor.role == "admin":
        return literal("admin")
    return case((Contract.brand_id == actor.id, BRAND), (Contract.kol_id == actor.id, KOL))


def group_sql(actor: User) -> ColumnElement[str]:
    """Which of CONTRACT_GROUPS a contract is in for `actor`, as a SQL expression.

    "action" is exactly `needs_action`; the rest split by status into "closed" and "waiting".
    """
    return case(
        (awaiting_sql() == _role_sql(actor), ACTION),
        (Contract.status.in_(sorted(FINAL_STATUSES)), CLOSED),
        else_=WAITING,
    )


def group_counts(actor: User, *, status: Any = None) -> dict[str, int]:
    """How many of the actor's contracts (with `status`, if given) are in each group."""
    v = Validator()
    clean_status = v.choice("status", status, CONTRACT_STATUSES, required=False)
    v.check()
    # Grouped through a subquery: PostgreSQL would not match the CASE's bound parameters
    # in GROUP BY with those in the select list.
    grouped = _visible(select(group_sql(actor).label("name")), actor, clean_status).subquery()
    stmt = select(grouped.c.name, func.count()).group_by(grouped.c.name)
    counts = dict.fromkeys(CONTRACT_GROUPS, 0)
    counts.update({name: count for name, count in db.session.execute(stmt).tuples()})
    return counts


def _visible(stmt: Select[Any], actor: User, status: str | None) -> Select[Any]:
    """`stmt` kept to the actor's contracts (all for an admin), and to `status` if given."""
    if actor.role != "admin":
        stmt = stmt.where(or_(Contract.brand_id == actor.id, Contract.kol_id == actor.id))
    if status:
        stmt = stmt.where(Contract.status == status)
    return stmt


def contract_group(actor: User, contract: Contract) -> str:
    """Which of CONTRACT_GROUPS `contract` is in for `actor`: `group_sql` in Python."""
    if needs_action(actor, contract):
        return ACTION
    return CLOSED if contract.status in FINAL_STATUSES else WAITING


def viewer_role(actor: User, contract: Contract) -> str | None:
    return "admin" if actor.role == "admin" else contract.party_role(actor.id)


def awaiting(contract: Contract) -> str | None:
    """Whose move it is: "brand", "kol", "admin", or None once the contract is final."""
    if contract.status == "offered":
        return contract.awaiting
    if contract.cancel_requested_by is not None:
        return KOL if contract.cancel_requested_by == BRAND else BRAND
    return NEXT_ACTOR.get(contract.status)


def needs_action(actor: User, contract: Contract) -> bool:
    role = viewer_role(actor, contract)
    return role is not None and awaiting(contract) == role


def available_actions(actor: User, contract: Contract) -> list[str]:
    """The actions the viewer may take now: the table's rows whose guards pass."""
    role = viewer_role(actor, contract)
    if role is None:
        return []
    allowed = []
    for action in CONTRACT_TRANSITIONS.actions(contract.status, role):
        row = CONTRACT_TRANSITIONS.find(contract.status, action, role)
        assert row is not None
        move = Move(contract, actor, role, row, {})
        if all(CONTRACT_WORKFLOW.guards[name].test(move) for name in row.guards):
            allowed.append(action)
    return allowed


@dataclass(frozen=True)
class MoneyView:
    """The money panel: the terms (price, fee, net) and where the money is now (ledger)."""

    currency: str
    price: int
    fee: int
    kol_net: int
    to_fund: int
    funded: int
    in_escrow: int
    released: int
    refunded: int


def money_view(contract: Contract) -> MoneyView:
    """Price, fee and net from the terms; funded, held, released, refunded from the ledger."""
    booked = contract_money(contract)
    parts = fee_split(contract)
    return MoneyView(
        currency=contract.currency,
        price=contract.price,
        fee=parts.fee,
        kol_net=parts.net,
        to_fund=funded_total(contract),
        funded=booked.funded,
        in_escrow=booked.in_escrow,
        released=booked.released,
        refunded=booked.refunded,
    )


def contract_for_application(actor: User, application_id: int) -> Contract | None:
    """The contract that hiring this application made, when `actor` is one of its parties."""
    contract = db.session.scalar(select(Contract).where(Contract.application_id == application_id))
    if contract is None or viewer_role(actor, contract) is None:
        return None
    return contract


def contracts_for_applications(actor: User, application_ids: list[int]) -> dict[int, Contract]:
    """The contracts hiring these applications made, by application id, in one query.

    Only contracts `actor` may see are returned; the newest wins if an application has two.
    """
    if not application_ids:
        return {}
    stmt = _visible(select(Contract), actor, None).where(
        Contract.application_id.in_(application_ids)
    )
    return {c.application_id: c for c in db.session.scalars(stmt.order_by(Contract.id))}
