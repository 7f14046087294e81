"""Applications: a KOL pitches for an open brief; the brand shortlists, declines or accepts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from marketplace.domain.errors import Conflict, NotFound
from marketplace.domain.taxonomy import APPLICATION_STATUSES
from marketplace.extensions import db
from marketplace.models import Application, Brief, KolProfile, Listing, User
from marketplace.models.base import utcnow
from marketplace.services.brand_common import MAX_AMOUNT, Page, clean_paging, paginate, require_role
from marketplace.services.briefs.queries import accepting_applications, has_applied
from marketplace.services.validation import Validator

MAX_PITCH = 2000

# action -> (statuses it may start from, resulting status, role that may take it)
ACTIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "shortlist": (("pending",), "shortlisted", "brand"),
    "decline": (("pending", "shortlisted"), "declined", "brand"),
    "accept": (("pending", "shortlisted"), "accepted", "brand"),
    "withdraw": (("pending", "shortlisted"), "withdrawn", "kol"),
}


def _not_found() -> NotFound:
    return NotFound(str(_l("Application not found.")))


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
    clean_price = v.integer("price", price, minimum=1, maximum=MAX_AMOUNT)
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
    try:
        db.session.commit()
    except IntegrityError as error:  # a concurrent second application
        db.session.rollback()
        raise Conflict(str(_l("You have already applied to this brief."))) from error
    return application


def list_applications(
    brand: User, brief_id: int, status: object = None, page: object = 1, per_page: object = 100
) -> Page[Application]:
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
) -> Page[Application]:
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
    """Move an application by the ACTIONS table; another party's application is NotFound."""
    starts, result, role = ACTIONS[action]
    require_role(actor, role)
    stmt = select(Application).where(Application.id == application_id)
    if role == "brand":
        stmt = stmt.join(Brief, Brief.id == Application.brief_id).where(Brief.brand_id == actor.id)
    else:
        stmt = stmt.where(Application.kol_id == actor.id)
    application = db.session.scalar(stmt.with_for_update(of=Application))
    if application is None:
        raise _not_found()
    if application.status not in starts:
        raise Conflict(
            str(
                _l(
                    "An application that is %(status)s cannot be %(result)s.",
                    status=_status_label("application_status", application.status),
                    result=_status_label("application_status", result),
                )
            )
        )
    if action == "accept":
        _check_capacity(application)
    application.status = result
    application.decided_at = utcnow()
    return application


def _check_capacity(application: Application) -> None:
    """At most `kols_wanted` acceptances; the brief row lock serialises concurrent accepts."""
    brief = application.brief
    db.session.execute(select(Brief.id).where(Brief.id == brief.id).with_for_update())
    accepted = db.session.scalar(
        select(func.count()).where(
            Application.brief_id == brief.id, Application.status == "accepted"
        )
    )
    if (accepted or 0) >= brief.kols_wanted:
        raise Conflict(
            str(_l("This brief already has the %(n)d KOLs it wanted.", n=brief.kols_wanted))
        )


def shortlist_application(brand: User, application_id: int) -> Application:
    application = _decide(brand, application_id, "shortlist")
    db.session.commit()
    return application


def decline_application(brand: User, application_id: int) -> Application:
    application = _decide(brand, application_id, "decline")
    db.session.commit()
    return application


def accept_application(brand: User, application_id: int) -> Application:
    """Record the brand's decision to hire this KOL.

    The contracts work hands off from here (an offer to the KOL at the application's
    price), inside this same transaction, before the commit.
    """
    application = _decide(brand, application_id, "accept")
    db.session.commit()
    return application


def withdraw_application(kol: User, application_id: int) -> Application:
    application = _decide(kol, application_id, "withdraw")
    db.session.commit()
    return application


def _status_label(kind: str, status: str) -> str:
    """The translated status word (imported late: the labels live with the pages)."""
    from marketplace.labels import label

    return label(kind, status).lower()
