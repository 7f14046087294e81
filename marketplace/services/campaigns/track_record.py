"""A KOL's sales track record across its completed contracts: orders driven and the
conversion rate of its tracked links, kept on KolProfile for the public profile, browse and
the matcher's records.

Kept current cheaply: `refresh_kol_reputation` (called when a contract completes, is
resolved or cancelled, or reviews are revealed) refreshes it, and so does booking a sale or
a return on a contract that is already completed (sales keep arriving during the
commission window). Only completed contracts count, so a running campaign never shows
half-finished numbers, and no brand's own figures are exposed: only the sums.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, Conversion, KolProfile, LinkClick
from marketplace.services.catalogue.events import kol_reputation_changed


@dataclass(frozen=True)
class TrackRecord:
    orders: int
    conversion_rate: float | None


def compute_track_record(kol_id: int) -> TrackRecord:
    """Orders not fully returned, over unique clicks, on the KOL's completed contracts."""
    completed = select(Contract.id).where(Contract.kol_id == kol_id, Contract.status == "completed")
    orders = db.session.scalar(
        select(func.count(Conversion.id)).where(
            Conversion.contract_id.in_(completed), Conversion.refunded < Conversion.amount
        )
    )
    unique_clicks = db.session.scalar(
        select(func.count(LinkClick.id)).where(
            LinkClick.contract_id.in_(completed),
            LinkClick.kind == "human",
            LinkClick.is_unique.is_(True),
        )
    )
    orders, unique_clicks = int(orders or 0), int(unique_clicks or 0)
    rate = round(min(orders / unique_clicks, 1.0), 4) if unique_clicks else None
    return TrackRecord(orders, rate)


def store_track_record(kol_id: int) -> bool:
    """Write the KOL's track record on its profile; True when it changed."""
    profile = db.session.get(KolProfile, kol_id)
    if profile is None:
        return False
    record = compute_track_record(kol_id)
    if (profile.orders_driven, profile.conversion_rate) == (record.orders, record.conversion_rate):
        return False
    profile.orders_driven = record.orders
    profile.conversion_rate = record.conversion_rate
    db.session.flush()
    return True


def refresh_after_sale(contract: Contract) -> None:
    """After a sale or a return: only a completed contract's sales enter the track record."""
    if contract.status == "completed" and store_track_record(contract.kol_id):
        kol_reputation_changed(contract.kol_id)
