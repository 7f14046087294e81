"""A KOL's reputation from real contracts: rating, completed work, on-time and completion rates.

The figures live on KolProfile (rating_avg, rating_count, completed_count, on_time_rate) so
browse can sort on them and the matcher's records carry them; the completion rate is computed
when asked (`compute_reputation`). A KOL without any real contract that was funded and ended
keeps the values stored (the demo seed's).
Call `refresh_kol_reputation` whenever one of the inputs changes: a contract completed,
resolved or cancelled after funding, or reviews revealed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, ContractReview, Dispute, KolProfile
from marketplace.services.campaigns.track_record import store_track_record
from marketplace.services.catalogue.events import kol_reputation_changed
from marketplace.services.unit_of_work import use_case

# Funded contracts that ended: completed, settled by an admin, or cancelled with a refund.
ENDED_AFTER_FUNDING = ("completed", "resolved", "cancelled")


@dataclass(frozen=True)
class Reputation:
    rating_avg: float
    rating_count: int
    completed_count: int
    on_time_rate: float | None
    completion_rate: float | None


def _paid_resolutions(contract_ids: list[int]) -> int:
    """Resolved contracts where the admin gave the KOL some of the escrow."""
    if not contract_ids:
        return 0
    return (
        db.session.scalar(
            select(func.count(func.distinct(Dispute.contract_id))).where(
                Dispute.contract_id.in_(contract_ids),
                Dispute.status == "resolved",
                Dispute.kol_amount > 0,
            )
        )
        or 0
    )


def compute_reputation(kol_id: int) -> Reputation | None:
    """The KOL's figures from contracts and revealed reviews; None without real contracts."""
    ended = db.session.execute(
        select(Contract.id, Contract.status, Contract.due_date, Contract.first_submitted_at).where(
            Contract.kol_id == kol_id,
            Contract.funded_at.is_not(None),
            Contract.status.in_(ENDED_AFTER_FUNDING),
        )
    ).all()
    if not ended:
        return None
    completed = [row for row in ended if row.status == "completed"]
    on_time = sum(
        1
        for row in completed
        if row.first_submitted_at is not None and row.first_submitted_at.date() <= row.due_date
    )
    finished = len(completed) + _paid_resolutions(
        [row.id for row in ended if row.status == "resolved"]
    )
    average, count = db.session.execute(
        select(func.avg(ContractReview.rating), func.count(ContractReview.id)).where(
            ContractReview.reviewee_id == kol_id,
            ContractReview.reviewer_role == "brand",
            ContractReview.revealed_at.is_not(None),
        )
    ).one()
    return Reputation(
        rating_avg=round(float(average), 4) if count else 0.0,
        rating_count=int(count),
        completed_count=finished,
        on_time_rate=round(on_time / len(completed), 4) if completed else None,
        completion_rate=round(finished / len(ended), 4),
    )


@use_case
def refresh_kol_reputation(kol_id: int) -> None:
    """Recompute and store the KOL's reputation, then log it for the match index."""
    profile = db.session.get(KolProfile, kol_id)
    reputation = compute_reputation(kol_id) if profile is not None else None
    if profile is None or reputation is None:
        return
    profile.rating_avg = reputation.rating_avg
    profile.rating_count = reputation.rating_count
    profile.completed_count = reputation.completed_count
    profile.on_time_rate = reputation.on_time_rate
    store_track_record(kol_id)
    db.session.flush()
    kol_reputation_changed(kol_id)
