"""The verification queue: KOLs waiting to be verified, with what an admin checks.

Each row carries the KOL's platform accounts (handle, followers, engagement) and the
matcher's audience-authenticity reading of it (a score in [0, 1] and a flag code from
`matching.flags`, such as `engagement_below_tier` for likely bought followers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.models import KolProfile, PlatformAccount, User
from marketplace.services.accounts.roles import require_role
from marketplace.services.matchmaking.index_holder import current_index
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.validation import Validator


@dataclass
class QueueRow:
    profile: KolProfile
    user: User
    platforms: list[PlatformAccount]
    authenticity: float | None = None
    flags: list[str] = field(default_factory=list)


def authenticity_of(kol_ids: list[int]) -> dict[int, tuple[float, str | None]]:
    """The matcher's authenticity score and flag code of each indexed KOL."""
    if not kol_ids:
        return {}
    with current_index() as index:
        found = index.authenticity(str(kol_id) for kol_id in kol_ids)
    return {int(kol_id): value for kol_id, value in found.items()}


def queue(admin: User, page: Any = None, per_page: Any = 25) -> Pagination:
    """Unverified KOLs who are not suspended, longest waiting first; items are QueueRow."""
    require_role(admin, "admin")
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page, default_per_page=25)
    v.check()
    result = paginate(
        select(KolProfile)
        .join(User, User.id == KolProfile.user_id)
        .where(KolProfile.verification == "unverified", User.is_suspended.is_(False))
        .options(selectinload(KolProfile.platforms), selectinload(KolProfile.user))
        .order_by(KolProfile.user_id),
        clean_page,
        clean_per_page,
    )
    readings = authenticity_of([p.user_id for p in result.items])
    rows = []
    for profile in result.items:
        score, code = readings.get(profile.user_id, (None, None))
        rows.append(
            QueueRow(
                profile=profile,
                user=profile.user,
                platforms=sorted(profile.platforms, key=lambda p: -p.followers),
                authenticity=score,
                flags=[code] if code else [],
            )
        )
    result.items = rows
    return result
