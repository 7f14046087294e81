"""The platform fee: basis points of what is released to the KOL (DESIGN.md, Money)."""

from __future__ import annotations

from dataclasses import dataclass

BPS_SCALE = 10_000


@dataclass(frozen=True)
class FeeSplit:
    """What a released amount becomes: the platform's fee and the KOL's net (minor units)."""

    gross: int
    fee: int
    net: int


def split(gross: int, fee_bps: int) -> FeeSplit:
    """Split `gross` minor units; the fee rounds half up to a whole minor unit.

    fee + net == gross always, and both are within [0, gross].
    """
    if gross < 0:
        raise ValueError("gross must not be negative")
    if not 0 <= fee_bps <= BPS_SCALE:
        raise ValueError("fee_bps must be between 0 and 10000")
    fee = (gross * fee_bps + BPS_SCALE // 2) // BPS_SCALE
    return FeeSplit(gross=gross, fee=fee, net=gross - fee)
