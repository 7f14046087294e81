"""Offers: a brand's offer to a KOL, counter-offers both ways, acceptance, decline, withdrawal.

An offer is a contract in status `offered`; `awaiting` says whose answer it waits for.
Each round of terms is kept as a `ContractOffer`, so the negotiation's history survives.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.domain.contracts import BRAND, KOL
from marketplace.domain.errors import Conflict, NotFound
from marketplace.extensions import db
from marketplace.models import (
    Application,
    Brief,
    Contract,
    ContractEvent,
    ContractOffer,
    Listing,
    User,
)
from marketplace.models.base import utcnow
from marketplace.services.accounts.roles import require_not_suspended, require_role
from marketplace.services.contracts.terms import (
    TITLE_MAX,
    check_commission_terms,
    clean_currency,
    clean_terms,
    today,
)
from marketplace.services.contracts.workflow import seconds_setting
from marketplace.services.notifications import notify_contract_event
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

# Rounds of terms per negotiation (the first offer and its counters).
MAX_ROUNDS = 20
DEFAULT_REVISIONS = 2
DEFAULT_TURNAROUND_DAYS = 14


def _hireable_kol(v: Validator, raw: Any) -> User | None:
    kol_id = v.integer("kol_id", raw)
    if kol_id is None:
        return None
    kol = db.session.get(User, kol_id)
    if kol is None or kol.role != KOL or kol.is_suspended:
        v.add("kol_id", _l("No KOL with this id can be hired."))
        return None
    return kol


def _kol_listing(v: Validator, raw: Any, kol: User | None) -> Listing | None:
    if raw is None:
        return None
    listing_id = v.integer("listing_id", raw)
    if listing_id is None:
        return None
    listing = db.session.get(Listing, listing_id)
    if listing is None or listing.status != "active" or (kol and listing.kol_id != kol.id):
        v.add("listing_id", _l("This KOL has no active listing with this id."))
        return None
    return listing


def _own_brief(v: Validator, raw: Any, brand: User) -> Brief | None:
    if raw is None:
        return None
    brief_id = v.integer("brief_id", raw)
    if brief_id is None:
        return None
    brief = db.session.get(Brief, brief_id)
    if brief is None or brief.brand_id != brand.id:
        v.add("brief_id", _l("You have no brief with this id."))
        return None
    return brief


def _default_title(listing: Listing | None, brief: Brief | None, kol: User) -> str:
    if brief is not None:
        return brief.title[:TITLE_MAX]
    if listing is not None:
        return listing.title[:TITLE_MAX]
    return str(_l("Collaboration with %(name)s", name=kol.name))[:TITLE_MAX]


def offer_defaults(
    actor: User,
    *,
    listing_id: int | None = None,
    kol_id: int | None = None,
    brief_id: int | None = None,
) -> dict[str, Any]:
    """Prefilled terms for a new offer: from the listing when there is one, else blanks.

    An unknown or inactive listing, or someone else's brief, gives NotFound.
    """
    require_role(actor, BRAND)
    values: dict[str, Any] = {
        "kol_id": kol_id,
        "listing_id": None,
        "brief_id": None,
        "title": "",
        "price": None,
        "currency": "cny",
        "deliverables": "",
        "due_date": today() + timedelta(days=DEFAULT_TURNAROUND_DAYS),
        "revisions": DEFAULT_REVISIONS,
        "commission_bps": None,
    }
    if listing_id is not None:
        listing = db.session.get(Listing, listing_id)
        if listing is None or listing.status != "active":
            raise NotFound(str(_l("Listing not found.")))
        values.update(
            kol_id=listing.kol_id,
            listing_id=listing.id,
            title=listing.title,
            price=listing.rate or None,
            currency=listing.currency,
            deliverables=listing.description or listing.title,
            due_date=today() + timedelta(days=listing.turnaround_days),
            revisions=listing.revisions,
            commission_bps=listing.commission_bps,
        )
    if brief_id is not None:
        brief = db.session.get(Brief, brief_id)
        if brief is None or brief.brand_id != actor.id:
            raise NotFound(str(_l("Brief not found.")))
        values.update(brief_id=brief.id, title=brief.title)
        if brief.deadline is not None and brief.deadline >= today():
            values["due_date"] = brief.deadline
    return values


def _start(
    brand: User,
    kol: User,
    terms: dict[str, Any],
    *,
    currency: str,
    title: str,
    listing: Listing | None,
    brief: Brief | None,
    application: Application | None,
) -> Contract:
    now = utcnow()
    contract = Contract(
        brand_id=brand.id,
        kol_id=kol.id,
        listing_id=listing.id if listing else None,
        brief_id=brief.id if brief else None,
        application_id=application.id if application else None,
        status="offered",
        awaiting=KOL,
        title=title,
        platform=listing.platform if listing else None,
        collab_type=listing.collab_type if listing else None,
        currency=currency,
        price=terms["price"],
        fee_bps=int(current_app.config["PLATFORM_FEE_BPS"]),
        commission_bps=terms.get("commission_bps"),
        commission_budget=terms.get("commission_budget") or 0,
        deliverables=terms["deliverables"],
        due_date=terms["due_date"],
        revisions_allowed=terms.get(
            "revisions", listing.revisions if listing else DEFAULT_REVISIONS
        ),
        offer_expires_at=now + seconds_setting("OFFER_TTL_S"),
    )
    db.session.add(contract)
    db.session.flush()
    record_round(contract, brand, BRAND, terms.get("message", ""), terms.get("products") or [])
    db.session.add(
        ContractEvent(
            contract_id=contract.id,
            action="offer",
            from_status="new",
            to_status="offered",
            actor_id=brand.id,
            actor_role=BRAND,
            payload={"price": contract.price, "currency": currency},
        )
    )
    notify_contract_event(contract, "offer", brand)
    return contract


def record_round(
    contract: Contract,
    actor: User,
    role: str,
    message: str,
    products: list[dict[str, Any]] | None = None,
) -> None:
    """Keep the contract's current terms as a new round; `products` None keeps the last
    round's proposed products."""
    if products is None:
        from marketplace.services.tracking.products import latest_offered_products

        products = latest_offered_products(contract)
    rounds = db.session.scalar(
        select(func.count())
        .select_from(ContractOffer)
        .where(ContractOffer.contract_id == contract.id)
    )
    if (rounds or 0) >= MAX_ROUNDS:
        raise Conflict(
            str(_l("This negotiation has had %(n)d rounds; accept or decline it.", n=MAX_ROUNDS))
        )
    db.session.add(
        ContractOffer(
            contract_id=contract.id,
            round=(rounds or 0) + 1,
            by_role=role,
            by_id=actor.id,
            price=contract.price,
            currency=contract.currency,
            commission_bps=contract.commission_bps,
            commission_budget=contract.commission_budget,
            products=products,
            deliverables=contract.deliverables,
            due_date=contract.due_date,
            revisions=contract.revisions_allowed,
            message=message,
        )
    )


@use_case(conflict=_l("This application already has a contract."))
def create_offer(
    actor: User,
    *,
    kol_id: Any,
    price: Any,
    currency: Any,
    deliverables: Any,
    due_date: Any,
    listing_id: Any = None,
    brief_id: Any = None,
    application_id: Any = None,
    revisions: Any = None,
    commission_bps: Any = None,
    commission_budget: Any = None,
    products: Any = None,
    title: Any = None,
    message: Any = "",
) -> Contract:
    """The brand offers the KOL a contract on these terms (prices in minor units)."""
    require_role(actor, BRAND)
    require_not_suspended(actor)
    v = Validator()
    kol = _hireable_kol(v, kol_id)
    listing = _kol_listing(v, listing_id, kol)
    brief = _own_brief(v, brief_id, actor)
    clean_currency_value = clean_currency(v, currency)
    terms = clean_terms(
        v,
        {
            "price": price,
            "deliverables": deliverables,
            "due_date": due_date,
            "revisions": revisions,
            "commission_bps": commission_bps,
            "commission_budget": commission_budget,
            "products": products,
            "message": message,
        },
        clean_currency_value,
    )
    check_commission_terms(
        v,
        terms.get("commission_bps"),
        terms.get("commission_budget") or 0,
        terms.get("products") or [],
    )
    clean_title = v.string("title", title, required=False, max_len=TITLE_MAX)
    application = _application(v, application_id, actor, kol, brief)
    v.check()
    assert kol is not None and clean_currency_value is not None
    return _start(
        actor,
        kol,
        terms,
        currency=clean_currency_value,
        title=clean_title or _default_title(listing, brief, kol),
        listing=listing,
        brief=brief or (application.brief if application else None),
        application=application,
    )


def _application(
    v: Validator, raw: Any, brand: User, kol: User | None, brief: Brief | None
) -> Application | None:
    """The brand's application being hired: accepted now if it was still pending."""
    if raw is None:
        return None
    application_id = v.integer("application_id", raw)
    if application_id is None:
        return None
    application = db.session.get(Application, application_id)
    if (
        application is None
        or application.brief.brand_id != brand.id
        or (kol is not None and application.kol_id != kol.id)
        or (brief is not None and application.brief_id != brief.id)
    ):
        v.add("application_id", _l("No application of this KOL to your briefs has this id."))
        return None
    if application.status in ("pending", "shortlisted"):
        from marketplace.services.briefs import applications

        applications.accept_application(brand, application.id, make_offer=False)
    elif application.status != "accepted":
        v.add("application_id", _l("This application was withdrawn or declined."))
        return None
    return application


def offer_for_application(brand: User, application: Application) -> Contract:
    """The offer that accepting an application makes: its price, the brief's deadline."""
    brief = application.brief
    listing = application.listing if application.listing_id else None
    due = brief.deadline if brief.deadline and brief.deadline >= today() else None
    if due is None:
        turnaround = listing.turnaround_days if listing else DEFAULT_TURNAROUND_DAYS
        due = today() + timedelta(days=turnaround)
    kol = db.session.get(User, application.kol_id)
    assert kol is not None
    terms = {
        "price": application.price,
        "deliverables": brief.description or brief.title,
        "due_date": due,
        "revisions": listing.revisions if listing else DEFAULT_REVISIONS,
        "commission_bps": listing.commission_bps if listing else None,
        "message": "",
    }
    return _start(
        brand,
        kol,
        terms,
        currency=application.currency,
        title=brief.title[:TITLE_MAX],
        listing=listing,
        brief=brief,
        application=application,
    )
