"""What a collaboration delivered: per contract, per brief (a campaign) and per brand.

Definitions (the API description and the results page say the same):
- clicks: human clicks on the tracked links (bots, HEAD requests and prefetches excluded);
  unique_clicks: those not repeated by the same visitor within 24 hours;
- orders: the sales the brand's store reported; gmv: their amounts less returns (net);
  refunded: the returns;
- commission_accrued: commission earned by sales, less what returns cancelled (held or
  settled); commission_paid: the part already settled to the KOL;
- budget_left: what is left in the prepaid commission budget (the ledger's balance);
- fees: the platform fee the ledger booked on the price and on settled commission (taken
  from the KOL's side, so not part of the brand's spend);
- spent: the price the brand paid (in escrow or released; refunds excluded) plus the
  commission paid; conversion_rate = orders / unique_clicks; cost_per_click = spent /
  clicks; cost_per_order = spent / orders; roi = gmv / spent (None when undefined).
Figures are per currency: a contract and a brief have one, a brand may have several.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from marketplace.domain.errors import NotFound
from marketplace.extensions import db
from marketplace.models import Brief, Contract, User
from marketplace.models.base import utcnow
from marketplace.services.campaigns.results_queries import (
    ContractFacts,
    contract_facts,
    daily_facts,
)
from marketplace.services.contracts.queries import get_contract

# The series covers at most this many days, ending today.
MAX_SERIES_DAYS = 120


@dataclass(frozen=True)
class DayPoint:
    day: date
    clicks: int
    unique_clicks: int
    orders: int
    gmv: int
    commission: int


@dataclass
class Results:
    """Summed figures in one currency (minor units); derived figures are properties."""

    currency: str
    contracts: int = 0
    clicks: int = 0
    unique_clicks: int = 0
    orders: int = 0
    gross_gmv: int = 0
    refunded: int = 0
    commission_accrued: int = 0
    commission_paid: int = 0
    budget_left: int = 0
    fees: int = 0
    price_spent: int = 0
    posts: list[str] = field(default_factory=list)
    series: list[DayPoint] = field(default_factory=list)

    def add(self, facts: ContractFacts) -> None:
        self.contracts += 1
        for name in (
            "clicks",
            "unique_clicks",
            "orders",
            "gross_gmv",
            "refunded",
            "commission_accrued",
            "commission_paid",
            "budget_left",
            "fees",
            "price_spent",
        ):
            setattr(self, name, getattr(self, name) + getattr(facts, name))
        self.posts.extend(facts.posts)

    @property
    def gmv(self) -> int:
        return self.gross_gmv - self.refunded

    @property
    def spent(self) -> int:
        return self.price_spent + self.commission_paid

    @property
    def conversion_rate(self) -> float | None:
        return round(self.orders / self.unique_clicks, 4) if self.unique_clicks else None

    @property
    def cost_per_click(self) -> int | None:
        return round(self.spent / self.clicks) if self.clicks else None

    @property
    def cost_per_order(self) -> int | None:
        return round(self.spent / self.orders) if self.orders else None

    @property
    def roi(self) -> float | None:
        return round(self.gmv / self.spent, 4) if self.spent else None


@dataclass(frozen=True)
class ContractRow:
    contract: Contract
    results: Results


@dataclass(frozen=True)
class BriefRow:
    brief: Brief
    results: Results


@dataclass
class Overview:
    """A brand's (or a KOL's) results: one row per contract, one per brief (a brand's
    campaigns; a KOL sees none) and totals per currency."""

    rows: list[ContractRow]
    totals: dict[str, Results]
    briefs: list[BriefRow] = field(default_factory=list)


def _series(ids: list[int], start: date | None) -> list[DayPoint]:
    """One point per day from the first funding (or fact) to today, gaps filled with 0."""
    days = daily_facts(ids)
    today = utcnow().date()
    first = min([*days.keys(), *([start] if start else []), today])
    first = max(first, today - timedelta(days=MAX_SERIES_DAYS - 1))
    last = max([today, *days.keys()])
    points = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        facts = days.get(day)
        points.append(
            DayPoint(
                day,
                facts.clicks if facts else 0,
                facts.unique_clicks if facts else 0,
                facts.orders if facts else 0,
                facts.gmv if facts else 0,
                facts.commission if facts else 0,
            )
        )
    return points


def _summed(contracts: list[Contract], currency: str) -> Results:
    ids = [c.id for c in contracts]
    results = Results(currency)
    for facts in contract_facts(ids).values():
        results.add(facts)
    funded = [c.funded_at.date() for c in contracts if c.funded_at]
    results.series = _series(ids, min(funded) if funded else None)
    return results


def contract_results(actor: User, contract_id: int) -> tuple[Contract, Results]:
    """One contract's results, for its brand, its KOL or an admin (anyone else: NotFound)."""
    contract = get_contract(actor, contract_id)
    return contract, _summed([contract], contract.currency)


def _brief_not_found() -> NotFound:
    return NotFound(str(_l("Brief not found.")))


def brief_results(actor: User, brief_id: int) -> tuple[Brief, Results]:
    """The brief's contracts summed, for its owner or an admin (anyone else: NotFound)."""
    brief = db.session.get(Brief, brief_id) if isinstance(brief_id, int) else None
    if brief is None or (brief.brand_id != actor.id and not actor.is_admin):
        raise _brief_not_found()
    contracts = _results_contracts(select(Contract).where(Contract.brief_id == brief.id))
    return brief, _summed([c for c in contracts if c.currency == brief.currency], brief.currency)


def _results_contracts(stmt: Select[Any]) -> list[Contract]:
    """Contracts that were funded at some point: the others cannot have results."""
    return list(
        db.session.scalars(stmt.where(Contract.funded_at.is_not(None)).order_by(Contract.id.desc()))
    )


def overview(actor: User) -> Overview:
    """The actor's contracts with their figures: a brand sees all of its own, a KOL only its
    own (never the brand's other contracts), each currency totalled apart."""
    party = Contract.kol_id if actor.role == "kol" else Contract.brand_id
    contracts = _results_contracts(select(Contract).where(party == actor.id))
    facts = contract_facts([c.id for c in contracts])
    rows: list[ContractRow] = []
    totals: dict[str, Results] = {}
    by_brief: dict[tuple[int, str], Results] = {}
    for contract in contracts:
        results = Results(contract.currency)
        results.add(facts[contract.id])
        rows.append(ContractRow(contract, results))
        totals.setdefault(contract.currency, Results(contract.currency)).add(facts[contract.id])
        if contract.brief_id is not None and actor.role != "kol":
            key = (contract.brief_id, contract.currency)
            by_brief.setdefault(key, Results(contract.currency)).add(facts[contract.id])
    briefs = _briefs({brief_id for brief_id, _currency in by_brief})
    brief_rows = [
        BriefRow(briefs[brief_id], results)
        for (brief_id, currency), results in sorted(by_brief.items(), reverse=True)
        if brief_id in briefs and briefs[brief_id].currency == currency
    ]
    return Overview(rows, totals, brief_rows)


def _briefs(ids: set[int]) -> dict[int, Brief]:
    if not ids:
        return {}
    return {brief.id: brief for brief in db.session.scalars(select(Brief).where(Brief.id.in_(ids)))}
