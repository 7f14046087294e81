"""Reading briefs: one brief, a brand's briefs, KOLs' browsing, and the brand dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import String, cast, exists, func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from marketplace.domain.errors import NotFound
from marketplace.domain.taxonomy import BRIEF_STATUSES, CATEGORIES, COLLAB_TYPES, PLATFORMS
from marketplace.extensions import db
from marketplace.models import Application, Brief, KolProfile, Listing, Shortlist, User
from marketplace.models.base import utcnow
from marketplace.services.accounts.roles import require_role
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.validation import Validator

DASHBOARD_PENDING = 5


@dataclass
class BriefSummary:
    """A brand's brief with its applications counted by status."""

    brief: Brief
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def pending(self) -> int:
        return self.counts.get("pending", 0)


@dataclass
class OwnerBrief:
    brief: Brief
    applications: list[Application]

    @property
    def accepted(self) -> int:
        return sum(1 for a in self.applications if a.status == "accepted")


@dataclass
class KolBrief:
    """What a KOL sees on a brief: its own active listings and its application, if any."""

    brief: Brief
    listings: list[Listing]
    application: Application | None
    accepting: bool


@dataclass
class BrandDashboard:
    by_status: dict[str, int]
    pending_total: int
    pending: list[Application]
    shortlists: list[tuple[Shortlist, int]]


def json_list_has(column: Any, word: str) -> ColumnElement[bool]:
    """Membership in a JSON list of vocabulary words, the same way on SQLite and PostgreSQL.

    The stored JSON text contains the quoted word; `autoescape` keeps `_` literal.
    """
    return cast(column, String).contains(f'"{word}"', autoescape=True)


def accepting_applications() -> ColumnElement[bool]:
    """Open and not past its deadline."""
    today = utcnow().date()
    return (Brief.status == "open") & or_(Brief.deadline.is_(None), Brief.deadline >= today)


def has_applied(kol: User, brief_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(exists().where(Application.brief_id == brief_id, Application.kol_id == kol.id))
        )
    )


def get_brief(actor: User, brief_id: int) -> Brief:
    """The owner and admins see any brief; KOLs see open ones and those they applied to."""
    brief = db.session.scalar(
        select(Brief).where(Brief.id == brief_id).options(selectinload(Brief.brand_profile))
    )
    if brief is None:
        raise NotFound(str(_l("Brief not found.")))
    if brief.brand_id == actor.id or actor.is_admin:
        return brief
    if actor.is_kol and (brief.status == "open" or has_applied(actor, brief.id)):
        return brief
    raise NotFound(str(_l("Brief not found.")))


def _counts_by_brief(brief_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {i: {} for i in brief_ids}
    if brief_ids:
        rows = db.session.execute(
            select(Application.brief_id, Application.status, func.count())
            .where(Application.brief_id.in_(brief_ids))
            .group_by(Application.brief_id, Application.status)
        )
        for brief_id, status, n in rows:
            counts[brief_id][status] = n
    return counts


def list_brand_briefs(
    actor: User, page: object = 1, per_page: object = 20, status: object = None
) -> Pagination:
    """The acting brand's own briefs, newest first, optionally of one status."""
    require_role(actor, "brand")
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page)
    clean_status = v.choice("status", status, BRIEF_STATUSES, required=False)
    v.check()
    stmt = (
        select(Brief)
        .where(Brief.brand_id == actor.id)
        .options(selectinload(Brief.brand_profile))
        .order_by(Brief.id.desc())
    )
    if clean_status:
        stmt = stmt.where(Brief.status == clean_status)
    result = paginate(stmt, clean_page, clean_per_page)
    counts = _counts_by_brief([b.id for b in result.items])
    result.items = [BriefSummary(b, counts[b.id]) for b in result.items]
    return result


def list_open_briefs(
    kol: User,
    category: object = None,
    platform: object = None,
    collab_type: object = None,
    page: object = 1,
    per_page: object = 20,
) -> Pagination:
    """Briefs KOLs can apply to, newest first, filtered by category, platform and type."""
    require_role(kol, "kol")
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page)
    clean_category = v.choice("category", category, CATEGORIES, required=False)
    clean_platform = v.choice("platform", platform, PLATFORMS, required=False)
    clean_type = v.choice("collab_type", collab_type, COLLAB_TYPES, required=False)
    v.check()
    stmt = (
        select(Brief)
        .where(accepting_applications())
        .options(selectinload(Brief.brand_profile))
        .order_by(Brief.created_at.desc(), Brief.id.desc())
    )
    if clean_category:
        stmt = stmt.where(Brief.category == clean_category)
    if clean_platform:
        stmt = stmt.where(json_list_has(Brief.platforms, clean_platform))
    if clean_type:
        stmt = stmt.where(json_list_has(Brief.collab_types, clean_type))
    return paginate(stmt, clean_page, clean_per_page)


def brief_for_owner(actor: User, brief_id: int) -> OwnerBrief:
    """A brand's own brief with every application and the applying KOLs' cards."""
    require_role(actor, "brand")
    brief = db.session.scalar(select(Brief).where(Brief.id == brief_id, Brief.brand_id == actor.id))
    if brief is None:
        raise NotFound(str(_l("Brief not found.")))
    applications = db.session.scalars(
        select(Application)
        .where(Application.brief_id == brief.id)
        .options(
            selectinload(Application.kol_profile).selectinload(KolProfile.categories),
            selectinload(Application.listing),
        )
        .order_by(Application.id)
    ).all()
    return OwnerBrief(brief, list(applications))


def brief_for_kol(kol: User, brief_id: int) -> KolBrief:
    """A brief as the KOL sees it, with what the apply form needs."""
    require_role(kol, "kol")
    brief = get_brief(kol, brief_id)
    listings = db.session.scalars(
        select(Listing)
        .where(Listing.kol_id == kol.id, Listing.status == "active")
        .order_by(Listing.id)
    ).all()
    application = db.session.scalar(
        select(Application).where(Application.brief_id == brief.id, Application.kol_id == kol.id)
    )
    accepting = db.session.scalar(
        select(exists().where(Brief.id == brief.id, accepting_applications()))
    )
    return KolBrief(brief, list(listings), application, bool(accepting))


def brand_dashboard(actor: User) -> BrandDashboard:
    """Briefs by status, the newest pending applications and the brand's shortlists."""
    from marketplace.services.discovery.shortlists import list_shortlists

    require_role(actor, "brand")
    by_status = dict.fromkeys(BRIEF_STATUSES, 0)
    for status, n in db.session.execute(
        select(Brief.status, func.count()).where(Brief.brand_id == actor.id).group_by(Brief.status)
    ):
        by_status[status] = n
    pending_stmt = (
        select(Application)
        .join(Brief, Brief.id == Application.brief_id)
        .where(Brief.brand_id == actor.id, Application.status == "pending")
    )
    pending_total = db.session.scalar(select(func.count()).select_from(pending_stmt.subquery()))
    pending = db.session.scalars(
        pending_stmt.options(selectinload(Application.brief), selectinload(Application.kol_profile))
        .order_by(Application.id.desc())
        .limit(DASHBOARD_PENDING)
    ).all()
    return BrandDashboard(by_status, pending_total or 0, list(pending), list_shortlists(actor))
