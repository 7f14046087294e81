"""Schemas of contracts: offers, negotiation, funding, work, cancellation and disputes."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api.schemas.base import Day, Id, In, Out, Paging, Timestamp, enum, page_of
from marketplace.api.schemas.catalogue import (
    CollabType,
    CommissionBps,
    Currency,
    Platform,
    Revisions,
)
from marketplace.api.schemas.tracking import CommissionBudget, ProductList, ProductOut
from marketplace.domain.contracts import CONTRACT_STATUSES, DISPUTE_CATEGORIES
from marketplace.domain.money import minor_ceiling
from marketplace.domain.urls import MAX_URL_LENGTH
from marketplace.services.contracts import cancellation, disputes, funding, queries, terms, work
from marketplace.services.payments import payouts

Price = Annotated[
    int,
    Field(ge=1, le=minor_ceiling(terms.MAX_CONTRACT_PRICE), description="Smallest currency unit"),
]
Minor = Annotated[int, Field(description="Smallest currency unit")]
Role = enum(("brand", "kol"))
ActorRole = enum(("brand", "kol", "admin", "system"))
Awaiting = enum(("brand", "kol", "admin"))
Status = enum(CONTRACT_STATUSES)
Category = enum(DISPUTE_CATEGORIES)
Group = enum(queries.CONTRACT_GROUPS)
# The action endpoints, POST /contracts/{id}/<action>, in the order the lifecycle meets them.
ACTIONS: tuple[str, ...] = (
    "accept",
    "counter",
    "decline",
    "withdraw",
    "fund",
    "submit",
    "request-revision",
    "approve",
    "cancel",
    "dispute",
)
Deliverables = Annotated[str, Field(min_length=1, max_length=terms.DELIVERABLES_MAX)]
Message = Annotated[str, Field(max_length=terms.MESSAGE_MAX)]
PostUrl = Annotated[str, Field(min_length=1, max_length=MAX_URL_LENGTH)]


class OfferIn(In):
    kol_id: Id
    price: Price
    currency: Currency  # type: ignore[valid-type]
    deliverables: Deliverables
    due_date: Day = Field(description="Today or later, within a year")
    listing_id: Id | None = None
    brief_id: Id | None = None
    application_id: Id | None = Field(
        default=None, description="Hire this application (accepted in the same transaction)"
    )
    revisions: Revisions | None = None
    commission_bps: CommissionBps | None = None
    commission_budget: CommissionBudget | None = None
    products: ProductList | None = None
    title: Annotated[str, Field(max_length=terms.TITLE_MAX)] | None = None
    message: Message | None = None


class CounterIn(In):
    price: Price
    due_date: Day | None = None
    deliverables: Deliverables | None = None
    revisions: Revisions | None = None
    commission_bps: CommissionBps | None = None
    commission_budget: CommissionBudget | None = None
    products: ProductList | None = Field(
        default=None, description="Replaces the proposed products; left out keeps them"
    )
    message: Message | None = None


Reason = Annotated[str, Field(max_length=cancellation.REASON_MAX)]


class DeclineIn(In):
    reason: Reason | None = None


class FundIn(In):
    payment_method: Annotated[str, Field(min_length=1, max_length=funding.PAYMENT_METHOD_MAX)] = (
        Field(
            description="Sandbox: pm_card_visa succeeds, pm_card_chargeDeclined is declined (402)"
        )
    )


class SubmitIn(In):
    post_url: PostUrl | Annotated[list[PostUrl], Field(min_length=1, max_length=work.MAX_POST_URLS)]
    notes: Annotated[str, Field(max_length=work.NOTES_MAX)] | None = None


class RevisionIn(In):
    message: Annotated[str, Field(min_length=1, max_length=work.REVISION_MESSAGE_MAX)]


class CancelIn(In):
    reason: Reason | None = None


class DisputeIn(In):
    reason: Annotated[str, Field(min_length=1, max_length=disputes.REASON_MAX)]
    category: Category | None = "other"  # type: ignore[valid-type]


class ContractListQuery(Paging):
    status: Status | None = None  # type: ignore[valid-type]
    group: Group | None = Field(  # type: ignore[valid-type]
        None,
        description="action: waiting for you; waiting: for the other side; closed: final",
    )


class ContractOut(Out):
    id: Id
    status: Status  # type: ignore[valid-type]
    brand_id: Id
    kol_id: Id
    listing_id: Id | None
    brief_id: Id | None
    application_id: Id | None
    title: str
    platform: Platform | None  # type: ignore[valid-type]
    collab_type: CollabType | None  # type: ignore[valid-type]
    price: Minor
    fee: Minor = Field(description="The platform fee on the price")
    kol_net: Minor = Field(description="What the KOL receives: price minus fee")
    fee_bps: int
    currency: Currency  # type: ignore[valid-type]
    commission_bps: int | None
    commission_budget: Minor
    products: list[ProductOut] = Field(description="Commission deals: the tracked products")
    deliverables: str
    due_date: Day
    revisions_allowed: int
    revisions_left: int
    awaiting: Awaiting | None = Field(description="Whose move it is; null once final")  # type: ignore[valid-type]
    cancel_requested_by: Role | None = Field(  # type: ignore[valid-type]
        description="The party that asked to cancel; the other confirms with POST cancel"
    )
    cancel_reason: str | None
    offer_expires_at: Timestamp | None
    funding_due_at: Timestamp | None
    review_due_at: Timestamp | None
    accepted_at: Timestamp | None
    funded_at: Timestamp | None
    completed_at: Timestamp | None
    closed_at: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp


class EventOut(Out):
    at: Timestamp
    type: str = Field(description="The action: offer, counter, accept, fund, submit, ...")
    actor: ActorRole  # type: ignore[valid-type]
    actor_id: Id | None
    from_status: str
    to_status: str


class OfferRoundOut(Out):
    round: int
    by: Role  # type: ignore[valid-type]
    by_id: Id | None
    price: Minor
    currency: Currency  # type: ignore[valid-type]
    commission_bps: int | None
    commission_budget: Minor
    products: list[ProductOut]
    deliverables: str
    due_date: Day
    revisions: int
    message: str
    at: Timestamp


class SubmissionOut(Out):
    round: int
    post_urls: list[str]
    notes: str
    screenshot_count: int
    revision_message: str | None
    at: Timestamp


class MoneyOut(Out):
    currency: Currency  # type: ignore[valid-type]
    price: Minor
    fee: Minor
    kol_net: Minor
    to_fund: Minor = Field(description="What funding charges")
    funded: Minor
    in_escrow: Minor
    released: Minor = Field(description="Paid out of escrow to the KOL and the platform fee")
    refunded: Minor


class EvidenceOut(Out):
    id: Id
    dispute_id: Id
    kind: enum(("image", "pdf"))  # type: ignore[valid-type]
    content_type: str
    name: str = Field(description="The uploaded file's name, as given")
    size_bytes: int
    note: str
    uploaded_by: Role  # type: ignore[valid-type]
    uploaded_by_id: Id | None
    url: str = Field(description="The file on the web app, for the parties and admins signed in")
    created_at: Timestamp


class DisputeOut(Out):
    id: Id
    contract_id: Id
    status: enum(("open", "resolved", "withdrawn"))  # type: ignore[valid-type]
    category: Category  # type: ignore[valid-type]
    reason: str = Field(description="The opener's statement")
    opened_by: Role  # type: ignore[valid-type]
    opened_by_id: Id | None
    prior_status: Status  # type: ignore[valid-type]
    response: str | None = Field(description="The other party's statement, once given")
    response_due_at: Timestamp | None = Field(description="The other party's deadline")
    responded_at: Timestamp | None
    default_outcome: Role | None = Field(  # type: ignore[valid-type]
        description="Set once the deadline passed unanswered: the side an admin may rule for"
    )
    evidence: list[EvidenceOut]
    outcome: enum(("kol", "brand", "split")) | None = Field(  # type: ignore[valid-type]
        description="Who the resolution favoured: kol (all released), brand (all refunded)"
    )
    kol_amount: Minor | None = Field(description="Released to the KOL, before the fee")
    kol_net: Minor | None = Field(description="What the KOL earned: kol_amount less the fee")
    brand_refund: Minor | None
    resolution_note: str | None = Field(description="The admin's written reason")
    created_at: Timestamp
    resolved_at: Timestamp | None
    withdrawn_at: Timestamp | None


class ContractDetailOut(ContractOut):
    events: list[EventOut]
    offers: list[OfferRoundOut]
    submissions: list[SubmissionOut]
    money: MoneyOut
    actions: list[enum(ACTIONS)] = Field(  # type: ignore[valid-type]
        description="What the caller may do now: POST /contracts/{id}/<action>"
    )
    dispute: DisputeOut | None = Field(description="The latest dispute, if any")


class PaymentStartedOut(Out):
    client_secret: str = Field(description="Confirm it with Stripe's Payment Element")
    intent: str = Field(description="The PaymentIntent's id")


class FundStartedOut(ContractDetailOut):
    """Stripe: the contract (still accepted) and the payment the brand confirms in the browser."""

    payment: PaymentStartedOut


class OpenedDisputeOut(DisputeOut):
    contract: ContractDetailOut


ContractPage = page_of(ContractOut, "ContractPage")


class EarningsRow(Out):
    in_escrow: Minor = Field(description="Your net of what escrow holds for live contracts")
    available: Minor = Field(description="Earned and free to pay out")
    pending_payout: Minor = Field(description="Set aside for payouts not yet confirmed")
    paid_out: Minor
    commission_held: Minor = Field(
        description="Your net of sales commission still in its hold (returns may cancel it)"
    )
    commission_settled: Minor = Field(
        description="Your net of sales commission settled into your earnings so far"
    )


class EarningsOut(Out):
    balances: dict[Currency, EarningsRow]  # type: ignore[valid-type]


class PayoutIn(In):
    amount: Annotated[
        int, Field(ge=1, le=minor_ceiling(payouts.MAX_PAYOUT), description="Smallest currency unit")
    ]
    currency: Currency  # type: ignore[valid-type]


class PayoutOut(Out):
    id: Id
    amount: Minor
    currency: Currency  # type: ignore[valid-type]
    status: enum(("pending", "paid", "failed"))  # type: ignore[valid-type]
    failure_message: str | None
    created_at: Timestamp
    paid_at: Timestamp | None


class PayoutListQuery(Paging):
    pass


class AccountBalanceOut(Out):
    account: str = Field(description="escrow:contract:<id>, kol:<id>:available, platform:fees, ...")
    currency: Currency  # type: ignore[valid-type]
    balance: int = Field(description="Held money positive; external accounts mirror it negatively")


class LedgerBalancesOut(Out):
    accounts: list[AccountBalanceOut]
    totals: dict[Currency, int] = Field(description="0 for every currency")  # type: ignore[valid-type]


PayoutPage = page_of(PayoutOut, "PayoutPage")
