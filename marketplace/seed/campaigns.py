"""Demo commission campaigns: tracked products, clicks, orders and returns over six weeks.

The contracts are made through the services (offer with commission terms and products,
accept, fund, proof, approval), and every sale and return goes through the conversions
service, so accruals and cancellations are in the ledger exactly as a store's postback
would book them. Two shortcuts, both about time: the contract's funding is dated six
weeks back (as `dispute_steps` sets a dispute's clock back) so older sales may accrue, and
the clicks are inserted as the redirect records them, spread over those weeks.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Brief, ContractProduct, LinkClick, User
from marketplace.models.base import utcnow
from marketplace.seed import contract_texts as texts
from marketplace.seed.story_steps import STEPS, Deal
from marketplace.services.campaigns import conversions
from marketplace.services.contracts import offers
from marketplace.services.unit_of_work import use_case

WEEKS = 6
REFERRERS = ("weitao", "xiaohongshu", "douyin", "weibo", None)
RETURN_EVERY = 6  # about one order in six comes back


@dataclass(frozen=True)
class Campaign:
    """One demo commission deal: its products, how popular it is, and how far it got."""

    title: str
    products: tuple[tuple[str, int], ...]
    daily_clicks: int
    conversion: float
    steps: tuple[str, ...]
    in_brief: bool = True


CAMPAIGNS = (
    Campaign(
        "Mineral sunscreen launch: Weitao review and tracked links",
        (("Mineral sunscreen SPF50 50ml", 12_900), ("Sunscreen travel duo", 19_900)),
        daily_clicks=60,
        conversion=0.06,
        steps=("accept", "fund", "submit"),
    ),
    Campaign(
        "Summer skincare live stream: pit fee plus commission",
        (("Hydrating toner 200ml", 8_900),),
        daily_clicks=35,
        conversion=0.05,
        steps=("accept", "fund", "submit", "approve"),
    ),
    Campaign(
        "Affiliate: cooling body mist",
        (("Cooling body mist 150ml", 5_900),),
        daily_clicks=20,
        conversion=0.04,
        steps=("accept", "fund"),
        in_brief=False,
    ),
)


def _item_url(seed: int) -> str:
    return f"https://item.taobao.com/item.htm?id={680_000_000_000 + seed}"


def _brief_of(brand: User) -> Brief | None:
    return db.session.scalar(
        select(Brief)
        .where(Brief.brand_id == brand.id, Brief.currency == "cny")
        .order_by(Brief.id)
        .limit(1)
    )


def _offer(brand: User, kol: User, admin: User, campaign: Campaign, number: int) -> Deal:
    brief = _brief_of(brand) if campaign.in_brief else None
    products = [
        {"name": name, "url": _item_url(number * 10 + i), "price": price}
        for i, (name, price) in enumerate(campaign.products)
    ]
    contract = offers.create_offer(
        brand,
        kol_id=kol.id,
        price=150_000 + number * 50_000,
        currency="cny",
        deliverables=texts.deliverables_for("image_text", brand.name),
        due_date=(utcnow().date() + timedelta(days=10)).isoformat(),
        brief_id=brief.id if brief else None,
        title=campaign.title,
        commission_bps=1000 + number * 200,
        commission_budget=300_000,
        products=products,
    )
    return Deal(contract.id, brand, kol, admin)


@use_case
def _date_back(deal: Deal, start: datetime) -> None:
    """The time shortcut: the contract was accepted and funded `WEEKS` weeks ago."""
    contract = deal.contract
    contract.created_at = contract.accepted_at = start - timedelta(hours=2)
    contract.funded_at = start


@use_case
def _clicks(deal: Deal, campaign: Campaign, start: datetime, rng: random.Random) -> list:
    """Clicks per day rising after the post and fading; returns (product, day, uniques)."""
    products = list(
        db.session.scalars(select(ContractProduct).where(ContractProduct.contract_id == deal.id))
    )
    days = WEEKS * 7
    plan = []
    for day in range(days):
        curve = min(1.0, (day + 1) / 5) * (1.25 - day / days / 1.6)
        for index, product in enumerate(products):
            share = 1.0 if index == 0 else 0.45
            count = max(0, round(rng.gauss(campaign.daily_clicks * curve * share, 4)))
            at = start + timedelta(days=day)
            rows = [
                LinkClick(
                    product_id=product.id,
                    contract_id=deal.id,
                    at=at + timedelta(minutes=rng.randrange(24 * 60)),
                    visitor_hash=hashlib.sha256(f"{deal.id}:{day}:{i}".encode()).hexdigest(),
                    kind="human" if rng.random() > 0.08 else "bot",
                    is_unique=False,
                    referrer_platform=rng.choice(REFERRERS),
                )
                for i in range(count)
            ]
            for row in rows:
                row.is_unique = row.kind == "human" and rng.random() > 0.15
            db.session.add_all(rows)
            plan.append((product, at, sum(row.is_unique for row in rows)))
    return plan


def _sales(deal: Deal, campaign: Campaign, plan: list, rng: random.Random) -> int:
    """Orders from each day's unique clicks, through the conversions service; a few
    returns within the hold cancel their share of commission."""
    booked = 0
    for product, day, uniques in plan:
        for _ in range(sum(rng.random() < campaign.conversion for _ in range(uniques))):
            booked += 1
            order_id = f"TB{deal.id:04d}{booked:05d}"
            amount = int(product.price * rng.choice((1, 1, 1, 2, 3)))
            at = day + timedelta(minutes=rng.randrange(24 * 60))
            payload = {
                "order_id": order_id,
                "link_code": product.link_code,
                "amount": amount,
                "currency": "cny",
                "ordered_at": min(at, utcnow()).isoformat() + "Z",
            }
            conversions.record_sale(deal.brand, payload, "csv" if booked % 4 == 0 else "api")
            if booked % RETURN_EVERY == 0:
                returned = amount if booked % (RETURN_EVERY * 2) == 0 else amount // 2
                conversions.record_return(deal.brand, order_id, {"amount": returned})
    return booked


def seed_campaigns(brand: User, kols: list[User], admin: User, seed: int = 11) -> int:
    """Play every demo campaign between `brand` and `kols`; returns how many were made."""
    rng = random.Random(seed)
    start = utcnow().replace(microsecond=0) - timedelta(weeks=WEEKS)
    made = 0
    for number, campaign in enumerate(CAMPAIGNS):
        if not kols:
            break
        deal = _offer(brand, kols[number % len(kols)], admin, campaign, number)
        for step in campaign.steps[:2]:
            STEPS[step](deal)
        _date_back(deal, start)
        plan = _clicks(deal, campaign, start, rng)
        _sales(deal, campaign, plan, rng)
        for step in campaign.steps[2:]:
            STEPS[step](deal)
        made += 1
    return made
