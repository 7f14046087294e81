"""Contracts flagged for an admin's review: a party was suspended while they were open.

`flag_open_contracts` runs inside the suspension's unit of work, so the flags, the admins'
alerts and the audit rows commit with the suspension or not at all.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select

from marketplace.domain.contracts import FINAL_STATUSES
from marketplace.domain.errors import NotFound
from marketplace.extensions import db
from marketplace.models import Contract, User
from marketplace.models.base import utcnow
from marketplace.services import audit
from marketplace.services.accounts.roles import require_role
from marketplace.services.notifications.admin_alerts import notify_admins
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

FLAG_REASON_MAX = 500
ALERT_KIND = "admin.contract_flagged"


def flag_open_contracts(admin: User, user: User, reason: str) -> list[int]:
    """Flag every open contract of `user` (not yet flagged) and alert every admin."""
    contracts = db.session.scalars(
        select(Contract)
        .where(
            or_(Contract.brand_id == user.id, Contract.kol_id == user.id),
            Contract.status.not_in(FINAL_STATUSES),
            Contract.flagged_at.is_(None),
        )
        .order_by(Contract.id)
        .with_for_update()
    ).all()
    text = str(_l("Party suspended: %(name)s (%(reason)s)", name=user.name, reason=reason))
    now = utcnow()
    for contract in contracts:
        contract.flagged_at = now
        contract.flag_reason = text[:FLAG_REASON_MAX]
        notify_admins(ALERT_KIND, contract.id, title=contract.title, by=user.name)
        audit.record(admin, "contract.flag", "contract", contract.id, reason, user_id=user.id)
    return [c.id for c in contracts]


def list_flagged(admin: User, page: Any = None, per_page: Any = 25) -> Pagination:
    """Flagged contracts, most recently flagged first."""
    require_role(admin, "admin")
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page, default_per_page=25)
    v.check()
    return paginate(
        select(Contract)
        .where(Contract.flagged_at.is_not(None))
        .order_by(Contract.flagged_at.desc(), Contract.id.desc()),
        clean_page,
        clean_per_page,
    )


@use_case
def clear_flag(admin: User, contract_id: int, reason: Any) -> Contract:
    """An admin has reviewed a flagged contract; the note says what they found."""
    require_role(admin, "admin")
    v = Validator()
    note = v.string("reason", reason, max_len=FLAG_REASON_MAX)
    v.check()
    contract = db.session.get(Contract, contract_id, with_for_update=True)
    if contract is None or contract.flagged_at is None:
        raise NotFound(str(_l("No flagged contract with this id.")))
    contract.flagged_at = None
    contract.flag_reason = None
    audit.record(admin, "contract.unflag", "contract", contract.id, note or "")
    return contract
