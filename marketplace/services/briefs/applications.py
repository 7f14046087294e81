"""Applications: a KOL pitches for an open brief; the brand shortlists, declines or accepts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.domain.errors import Conflict, NotFound
from marketplace.domain.taxonomy import APPLICATION_STATUSES
from marketplace.extensions import db
from marketplace.models import Application, Brief, KolProfile, Listing, User
from marketplace.models.base import utcnow
from marketplace.services.accounts.roles import require_role
from marketplace.services.briefs.invitations import mark_accepted
from marketplace.services.briefs.queries import accepting_applications, has_applied
from marketplace.services.briefs.workflows import APPLICATION_WORKFLOW
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.transitions import apply_transition
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

MAX_PITCH = 2000
# A proposed price per KOL, in major units (yuan, dollars): the same ceiling as a budget.
MAX_PRICE = 10_000_000


@use_case(conflict=_l("You have already applied to this brief."))
def apply_to_brief(
    kol: User, brief_id: int, listing_id: object, price: object, pitch: object
) -> Application:
    """Apply once to an open brief, at a price in the brief's currency."""
    require_role(kol, "kol")
    brief = db.session.get(Brief, brief_id)
    if brief is None or brief.status == "draft":
        raise NotFound(str(_l("Brief not found.")))
    accepting = db.session.scalar(
        select(func.count()).where(Brief.id == brief.id, accepting_applications())
    )
    if not accepting:
        raise Conflict(str(_l("This brief is no longer taking applications.")))
    if has_applied(kol, brief.id):
        raise Conflict(str(_l("You have already applied to this brief.")))
    v = Validator()
    clean_price = v.amount("price", price, brief.currency, minimum=1, maximum_major=MAX_PRICE)
    clean_pitch = v.string("pitch", pitch, max_len=MAX_PITCH)
    clean_listing = v.integer("listing_id", listing_id, required=False, minimum=1)
    if clean_listing is not None:
        own = db.session.scalar(
            select(Listing.id).where(
                Listing.id == clean_listing, Listing.kol_id == kol.id, Listing.status == "active"
            )
        )
        if own is None:
            v.add("listing_id", _l("Choose one of your active listings."))
    v.check()
    application = Application(
        brief_id=brief.id,
        kol_id=kol.id,
        listing_id=clean_listing,
        price=clean_price,
        currency=brief.currency,
        pitch=clean_pitch,
        status="pending",
    )
    db.session.add(application)
    mark_accepted(application)
    return application


def list_applications(
    brand: User, brief_id: int, status: object = None, page: object = 1, per_page: object = 100
) -> Pagination:
    """Applications to the brand's own brief, with each KOL's card and listing loaded."""
    require_role(brand, "brand")
    owner = db.session.scalar(select(Brief.brand_id).where(Brief.id == brief_id))
    if owner != brand.id:
        raise NotFound(str(_l("Brief not found.")))
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page)
    clean_status = v.choice("status", status, APPLICATION_STATUSES, required=False)
    v.check()
    stmt = (
        select(Application)
        .where(Application.brief_id == brief_id)
        .options(
            selectinload(Application.kol_profile).selectinload(KolProfile.categories),
            selectinload(Application.listing),
        )
        .order_by(Application.id)
    )
    if clean_status:
        stmt = stmt.where(Application.status == clean_status)
    return paginate(stmt, clean_page, clean_per_page)


def list_my_applications(
    kol: User, status: object = None, page: object = 1, per_page: object = 20
) -> Pagination:
    """The KOL's own applications, newest first, with their briefs."""
    require_role(kol, "kol")
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page)
    clean_status = v.choice("status", status, APPLICATION_STATUSES, required=False)
    v.check()
    stmt = (
        select(Application)
        .where(Application.kol_id == kol.id)
        .options(selectinload(Application.brief).selectinload(Brief.brand_profile))
        .order_by(Application.id.desc())
    )
    if clean_status:
        stmt = stmt.where(Application.status == clean_status)
    return paginate(stmt, clean_page, clean_per_page)


def _decide(actor: User, application_id: int, action: str) -> Application:
    """Move an application by its workflow; another party's application is NotFound."""
    application = apply_transition(APPLICATION_WORKFLOW, application_id, actor, action=action)
    application.decided_at = utcnow()
    return application


@use_case
def shortlist_application(brand: User, application_id: int) -> Application:
    return _decide(brand, application_id, "shortlist")


@use_case
def decline_application(brand: User, application_id: int) -> Application:
    return _decide(brand, application_id, "decline")


@use_case
def accept_application(brand: User, application_id: int, *, make_offer: bool = True) -> Application:
    """Hire the KOL who applied: the application is accepted and, in the same transaction,
    the KOL receives an offer at the application's price (see `contracts.offers`).

    `make_offer=False` is for the offer service itself, which accepts an application while
    making an offer with the brand's own terms.
    """
    application = _decide(brand, application_id, "accept")
    if make_offer:
        from marketplace.services.contracts.offers import offer_for_application

        offer_for_application(brand, application)
    return application


@use_case
def withdraw_application(kol: User, application_id: int) -> Application:
    return _decide(kol, application_id, "withdraw")
