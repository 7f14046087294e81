"""An admin's resolution of a dispute: plan the exact amounts, then confirm them.

`plan_resolution` turns what the admin chose (release everything, refund everything, a
split as amounts, or as the KOL's percentage) into the exact amounts each side gets,
checking them against the escrow the contract holds now; it changes nothing. The admin
then confirms that plan, and `confirm_resolution` books exactly those amounts through the
contract service's `disputes.resolve_dispute` (one code path for the ledger postings,
the audit entry and the parties' notifications). If the escrow changed in between, the
amounts no longer add up and nothing is booked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.domain.errors import Conflict
from marketplace.domain.fees import BPS_SCALE
from marketplace.extensions import db
from marketplace.models import Dispute, User
from marketplace.services.admin.dispute_queue import dispute_not_found, require_admin
from marketplace.services.contracts import disputes
from marketplace.services.ledger.contract_postings import escrow_balance, fee_split
from marketplace.services.validation import Validator

MODES: tuple[str, ...] = ("release", "refund", "amounts", "percent")
NOTE_MAX = 5000


@dataclass(frozen=True)
class ResolutionPlan:
    """The exact outcome of a resolution, in minor units of `currency`.

    `kol_amount` leaves escrow for the KOL, who receives `kol_net` after the platform's
    `fee` (the fee applies to the KOL's share only); `brand_refund` goes back to the brand.
    """

    dispute_id: int
    currency: str
    held: int
    kol_amount: int
    fee: int
    kol_net: int
    brand_refund: int
    note: str

    @property
    def kol_bps(self) -> int:
        """The KOL's share of the escrow in basis points (rounded), for display."""
        return (self.kol_amount * BPS_SCALE + self.held // 2) // self.held if self.held else 0


def _open_dispute(dispute_id: Any) -> Dispute:
    dispute = db.session.get(Dispute, dispute_id) if isinstance(dispute_id, int) else None
    if dispute is None:
        raise dispute_not_found()
    if dispute.status == "resolved":
        raise Conflict(str(_l("This dispute is already resolved.")))
    if dispute.status != "open":
        raise Conflict(str(_l("This dispute was withdrawn; there is nothing to resolve.")))
    return dispute


def _split(
    v: Validator, mode: str | None, held: int, kol_amount: Any, brand_refund: Any, kol_bps: Any
) -> tuple[int, int] | None:
    """(to the KOL, to the brand) for the chosen mode, or None with errors added to `v`."""
    if mode == "release":
        return held, 0
    if mode == "refund":
        return 0, held
    if mode == "percent":
        bps = v.integer("kol_percent", kol_bps, minimum=None, maximum=None)
        if bps is None:
            return None
        if not 0 <= bps <= BPS_SCALE:
            v.add("kol_percent", _l("Enter a percentage from 0 to 100."))
            return None
        to_kol = (held * bps + BPS_SCALE // 2) // BPS_SCALE
        return to_kol, held - to_kol
    if mode == "amounts":
        to_kol = v.integer("kol_amount", kol_amount, minimum=0, maximum=None)
        to_brand = v.integer("brand_refund", brand_refund, minimum=0, maximum=None)
        if to_kol is None or to_brand is None:
            return None
        if to_kol + to_brand != held:
            message = _l("The two amounts must add up to the escrowed amount.")
            v.add("kol_amount", message)
            v.add("brand_refund", message)
            return None
        return to_kol, to_brand
    return None


def plan_resolution(
    admin: User,
    dispute_id: Any,
    *,
    mode: Any,
    note: Any,
    kol_amount: Any = None,
    brand_refund: Any = None,
    kol_bps: Any = None,
) -> ResolutionPlan:
    """The exact amounts a resolution would book; changes nothing.

    `mode` is one of MODES; "amounts" takes `kol_amount` and `brand_refund` (minor units,
    adding up to the escrow held), "percent" takes `kol_bps` (the KOL's share in basis
    points; the KOL's part rounds half up and the brand gets the rest, so they add up).
    A written reason (`note`) is required. Bad input raises ValidationFailed; a dispute
    that is resolved or withdrawn raises Conflict; someone else's, NotFound.
    """
    require_admin(admin)
    dispute = _open_dispute(dispute_id)
    held = escrow_balance(dispute.contract)
    v = Validator()
    clean_mode = v.choice("outcome", mode, MODES)
    clean_note = v.string("note", note, max_len=NOTE_MAX)
    parts = _split(v, clean_mode, held, kol_amount, brand_refund, kol_bps)
    v.check()
    assert parts is not None and clean_note is not None
    to_kol, to_brand = parts
    fee = fee_split(dispute.contract, to_kol)
    return ResolutionPlan(
        dispute_id=dispute.id,
        currency=dispute.contract.currency,
        held=held,
        kol_amount=to_kol,
        fee=fee.fee,
        kol_net=fee.net,
        brand_refund=to_brand,
        note=clean_note,
    )


def confirm_resolution(
    admin: User, dispute_id: Any, *, kol_amount: Any, brand_refund: Any, note: Any
) -> Dispute:
    """Book a plan the admin confirmed: exactly these amounts, or nothing.

    The plan is checked again (the escrow may have moved since it was shown); the booking
    itself is `disputes.resolve_dispute`, which locks the dispute, so of two admins
    confirming at once one resolves it and the other gets a Conflict.
    """
    plan = plan_resolution(
        admin,
        dispute_id,
        mode="amounts",
        note=note,
        kol_amount=kol_amount,
        brand_refund=brand_refund,
    )
    return disputes.resolve_dispute(
        admin,
        plan.dispute_id,
        kol_amount=plan.kol_amount,
        brand_refund=plan.brand_refund,
        note=plan.note,
    )
