"""A user's dispute record: opened, opened against, and how the decided ones went.

Won, lost and split count resolved disputes from the user's side of the contract: won when
the user got the whole escrow (the KOL everything released, the brand everything
refunded), lost when the other side got all of it, split otherwise. A KOL's record feeds
its reliability signal in matching (`matchmaking/records.py`); a brand's is shown to admins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select

from marketplace.extensions import db
from marketplace.models import Contract, Dispute


@dataclass(frozen=True)
class DisputeHistory:
    opened: int = 0
    opened_against: int = 0
    lost: int = 0
    won: int = 0
    split: int = 0


def _outcome(mine: int, theirs: int) -> str:
    if theirs == 0 and mine > 0:
        return "won"
    if mine == 0 and theirs > 0:
        return "lost"
    return "split"


def histories(user_ids: Sequence[int]) -> dict[int, DisputeHistory]:
    """The dispute history of each user (users with none get an empty history)."""
    ids = list(user_ids)
    counts = {
        user_id: dict.fromkeys(("opened", "against", "lost", "won", "split"), 0) for user_id in ids
    }
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            Contract.brand_id,
            Contract.kol_id,
            Dispute.opened_by_id,
            Dispute.status,
            Dispute.kol_amount,
            Dispute.brand_refund,
        )
        .join(Contract, Contract.id == Dispute.contract_id)
        .where(or_(Contract.brand_id.in_(ids), Contract.kol_id.in_(ids)))
    )
    for row in rows:
        for user_id, is_kol in ((row.brand_id, False), (row.kol_id, True)):
            tally = counts.get(user_id)
            if tally is None:
                continue
            tally["opened" if row.opened_by_id == user_id else "against"] += 1
            if row.status == "resolved":
                to_kol, to_brand = row.kol_amount or 0, row.brand_refund or 0
                mine, theirs = (to_kol, to_brand) if is_kol else (to_brand, to_kol)
                tally[_outcome(mine, theirs)] += 1
    return {
        user_id: DisputeHistory(
            opened=c["opened"],
            opened_against=c["against"],
            lost=c["lost"],
            won=c["won"],
            split=c["split"],
        )
        for user_id, c in counts.items()
    }


def dispute_history(user_id: int) -> DisputeHistory:
    """One user's dispute history."""
    return histories([user_id])[user_id]
