"""Demo contracts in every status, made the way users make them: through the services.

Each `Story` is one contract between a demo brand and a demo KOL, and the steps the
parties (and the admin) took. Stories marked `aged` are played first; then one timer
sweep runs at a moment past every window (`timers.run_due(now=...)`), so their unanswered
offer expires, their unfunded contract is cancelled and their unreviewed work is
auto-approved, exactly as the real timers would; the other stories are played after it
and stay open. The demo KOL kol0@demo.example is in many of them, several waiting for
their answer.

Idempotent: nothing is made when the database has any contract (a sweep at a future
moment must never touch real contracts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from marketplace.domain.contracts import BRAND
from marketplace.extensions import db
from marketplace.models import Application, Brief, Contract, Listing, User
from marketplace.models.base import utcnow
from marketplace.seed import contract_texts as texts
from marketplace.seed.campaigns import seed_campaigns
from marketplace.seed.conversation import chat, review
from marketplace.seed.dispute_steps import DISPUTE_STEPS
from marketplace.seed.story_steps import STEPS, Deal
from marketplace.seed.write import DEMO_BRAND_EMAIL, DEMO_PASSWORD, kol_email
from marketplace.services.accounts.users import create_admin
from marketplace.services.briefs.applications import accept_application
from marketplace.services.contracts import offers, timers
from marketplace.services.payments.earnings import earnings
from marketplace.services.payments.payouts import request_payout

ADMIN_EMAIL = "admin@demo.example"
# Partner KOLs besides kol0 that stories hire (fewer when the demo is smaller).
PARTNERS = 10
USD = -1
# Share of kol0's earnings from the aged contracts that it has already paid out.
PAYOUT_PERCENT = 60
# Every QUIET_EVERY-th contract has no opening exchange in its thread.
QUIET_EVERY = 4


@dataclass(frozen=True)
class Story:
    """One demo contract: who, on which listing, and what happened (see `story_steps`)."""

    brand: int
    kol: int  # 0 is kol0, n > 0 the n-th partner KOL, USD a KOL with a dollar listing
    steps: tuple[str, ...] = ()
    aged: bool = False
    listing: int = 0
    from_application: bool = False


STORIES: tuple[Story, ...] = (
    # Aged: played before the timer sweep.
    Story(1, 0, (), aged=True),
    Story(0, 1, ("counter_kol",), aged=True),
    Story(2, 2, ("accept",), aged=True),
    Story(0, 0, ("accept", "fund", "submit"), aged=True),
    Story(3, 0, ("counter_kol", "accept", "fund", "submit"), aged=True, listing=1),
    Story(0, 3, ("accept", "fund", "submit"), aged=True),
    Story(0, 0, ("accept", "fund", "submit", "revise", "submit", "approve"), aged=True, listing=2),
    Story(4, USD, ("accept", "fund", "submit", "approve"), aged=True),
    Story(0, 5, ("accept", "fund", "submit", "dispute_brand", "resolve"), aged=True),
    Story(5, 6, ("accept", "fund", "ask_cancel_kol", "cancel_brand"), aged=True),
    # Current: played after the sweep, so they are still open.
    Story(0, 0, (), listing=1),
    Story(6, 0, ("counter_kol", "counter_brand")),
    Story(0, 0, ("counter_kol",), listing=2),
    Story(0, 4, (), from_application=True),
    Story(0, 7, ("accept", "declined_card")),
    Story(7, 0, ("accept",)),
    Story(2, 0, ("decline",)),
    Story(0, 8, ("decline",)),
    Story(0, 9, ("withdraw",)),
    Story(1, 0, ("accept", "fund"), listing=1),
    Story(0, 10, ("accept", "fund")),
    Story(0, 0, ("accept", "fund", "ask_cancel_brand")),
    Story(0, 0, ("accept", "fund", "submit"), listing=2),
    Story(0, 2, ("accept", "fund", "submit")),
    Story(0, 0, ("accept", "fund", "submit", "revise")),
    Story(0, 0, ("accept", "fund", "submit", "approve"), listing=1),
    Story(3, 3, ("accept", "fund", "submit", "approve")),
    Story(4, 0, ("accept", "cancel_kol")),
    Story(0, 0, ("accept", "fund", "submit", "ask_cancel_brand", "cancel_kol"), listing=2),
    Story(
        0, 0, ("accept", "fund", "submit", "revise", "dispute_kol", "evidence_kol", "respond_brand")
    ),
    Story(5, 5, ("accept", "fund", "dispute_overdue")),
    Story(
        6,
        0,
        ("accept", "fund", "submit", "dispute_brand", "evidence_brand", "respond_kol", "resolve"),
        listing=1,
    ),
    Story(USD, USD, ("accept", "fund", "submit")),
)


@dataclass
class Party:
    user: User
    listings: list[Listing] = field(default_factory=list)


@dataclass
class Cast:
    """The demo people the stories are about."""

    brands: list[User]
    kol0: Party
    partners: list[Party]
    usd: Party | None
    admin: User

    def brand(self, index: int) -> User:
        return self.brands[max(index, 0) % len(self.brands)]

    def kol(self, index: int) -> Party:
        if index == USD and self.usd is not None:
            return self.usd
        if index == 0 or not self.partners:
            return self.kol0
        return self.partners[(index - 1) % len(self.partners)]


def _fixed_listings(currency: str | None = None):
    query = select(Listing).where(
        Listing.status == "active", Listing.pricing_model == "fixed", Listing.rate > 0
    )
    if currency:
        query = query.where(Listing.currency == currency)
    return query


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    assert user is not None
    return user


def _partners(kol0: User) -> list[Party]:
    listings = db.session.scalars(
        _fixed_listings("cny")
        .join(User, User.id == Listing.kol_id)
        .where(User.email.like("kol%@demo.example"), User.id != kol0.id)
        .order_by(Listing.kol_id, Listing.id)
        .limit(PARTNERS * 6)
    )
    parties: dict[int, Party] = {}
    for listing in listings:
        party = parties.setdefault(listing.kol_id, Party(_user(listing.kol_id)))
        party.listings.append(listing)
    return list(parties.values())[:PARTNERS]


def _usd_party(kol0: User) -> Party | None:
    listing = db.session.scalar(
        _fixed_listings("usd")
        .join(User, User.id == Listing.kol_id)
        .where(User.email.like("kol%@demo.example"), User.id != kol0.id)
        .order_by(Listing.id)
        .limit(1)
    )
    return Party(_user(listing.kol_id), [listing]) if listing else None


def _admin() -> User:
    admin = db.session.scalar(select(User).where(User.role == "admin").order_by(User.id))
    if admin is None:
        admin = create_admin(ADMIN_EMAIL, DEMO_PASSWORD, name="Demo admin")
        db.session.commit()
    return admin


def _cast() -> Cast | None:
    """The demo brands, kol0 with its listings and partner KOLs; None without them."""
    kol0 = db.session.scalar(select(User).where(User.email == kol_email(0)))
    brands = list(
        db.session.scalars(
            select(User)
            .where(User.role == BRAND, User.email.like("brand%@demo.example"))
            .order_by(User.id)
        )
    )
    brands.sort(key=lambda user: user.email != DEMO_BRAND_EMAIL)
    if kol0 is None or not brands:
        return None
    own = list(db.session.scalars(_fixed_listings().where(Listing.kol_id == kol0.id)))
    return Cast(brands, Party(kol0, own), _partners(kol0), _usd_party(kol0), _admin())


def _from_application(brand: User) -> Contract | None:
    """Hire a KOL who applied to one of the brand's briefs (the offer comes with it)."""
    application = db.session.scalar(
        select(Application)
        .join(Brief, Brief.id == Application.brief_id)
        .where(Brief.brand_id == brand.id, Application.status == "pending")
        .order_by(Application.id)
        .limit(1)
    )
    if application is None:
        return None
    accept_application(brand, application.id)
    return db.session.scalar(select(Contract).where(Contract.application_id == application.id))


def _offer(cast: Cast, story: Story, number: int) -> Deal:
    brand = cast.brand(story.brand)
    if story.from_application and (contract := _from_application(brand)) is not None:
        return Deal(contract.id, brand, contract.kol, cast.admin)
    party = cast.kol(story.kol)
    listing = party.listings[story.listing % len(party.listings)] if party.listings else None
    turnaround = listing.turnaround_days if listing else offers.DEFAULT_TURNAROUND_DAYS
    contract = offers.create_offer(
        brand,
        kol_id=party.user.id,
        listing_id=listing.id if listing else None,
        price=listing.rate if listing else 200_000,
        currency=listing.currency if listing else "cny",
        deliverables=texts.deliverables_for(listing and listing.collab_type, brand.name),
        due_date=(utcnow().date() + timedelta(days=turnaround)).isoformat(),
        revisions=max(listing.revisions if listing else 2, 2),
        message=texts.OFFER_MESSAGES[number % len(texts.OFFER_MESSAGES)],
    )
    return Deal(contract.id, brand, party.user, cast.admin)


def _play(cast: Cast, story: Story, number: int) -> Deal:
    """The offer, a first exchange in its thread (on most), the steps, then a last word."""
    deal = _offer(cast, story, number)
    if number % QUIET_EVERY:
        chat(deal, number)
    for step in story.steps:
        (STEPS.get(step) or DISPUTE_STEPS[step])(deal)
    if story.steps:
        chat(deal, number + 1)
    return deal


def _pay_out(kol: User) -> None:
    """The KOL takes part of what it earned so far out; the rest stays available."""
    for currency, figures in earnings(kol).items():
        amount = figures.available * PAYOUT_PERCENT // 100 // 100 * 100
        if amount > 0:
            request_payout(kol, amount, currency)


def _sweep_moment() -> datetime:
    """A moment past the offer, funding and review windows of everything made so far."""
    config = current_app.config
    longest = max(int(config[name]) for name in ("OFFER_TTL_S", "FUNDING_TTL_S", "REVIEW_WINDOW_S"))
    return utcnow() + timedelta(seconds=longest, hours=1)


def seed_contracts(
    progress: Callable[[Iterable[Story]], Iterator[Story]] | None = None,
) -> int:
    """Play every story (see the module docstring); returns how many contracts were made."""
    if db.session.scalar(select(Contract.id).limit(1)) is not None:
        return 0
    cast = _cast()
    if cast is None:
        return 0
    aged: list[tuple[Deal, int]] = []
    for number, story in enumerate(progress(STORIES) if progress else STORIES):
        if story.aged:
            aged.append((_play(cast, story, number), number))
            continue
        if aged:
            # Reviews of aged contracts wait for the sweep, which ends some of them.
            timers.run_due(now=_sweep_moment())
            for deal, aged_number in aged:
                review(deal, aged_number)
            aged = []
            _pay_out(cast.kol0.user)
        review(_play(cast, story, number), number)
    kols = [cast.kol0.user, *(party.user for party in cast.partners[:2])]
    return len(STORIES) + seed_campaigns(cast.brands[0], kols, cast.admin)
