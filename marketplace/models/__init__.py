"""Typed models, one module per aggregate; importing this registers them all."""

from marketplace.models.audit import AuditEntry
from marketplace.models.brand import Application, BrandProfile, Brief, Shortlist, ShortlistEntry
from marketplace.models.campaign import (
    CommissionTopUp,
    ContractProduct,
    Conversion,
    ConversionReturn,
    ConversionSecret,
    LinkClick,
    SignedRequest,
)
from marketplace.models.contract import (
    Contract,
    ContractEvent,
    ContractOffer,
    ContractSubmission,
    Dispute,
    DisputeEvidence,
)
from marketplace.models.conversation import ContractMessage, ContractReview, Notification
from marketplace.models.kol import (
    KolCategory,
    KolProfile,
    Listing,
    PlatformAccount,
    PortfolioItem,
)
from marketplace.models.ledger import LedgerEntry, LedgerLine
from marketplace.models.matching import BriefInvitation, MatchIndexChange, MatchIndexSnapshot
from marketplace.models.outbox import OutboxMessage
from marketplace.models.payments import (
    BankPayout,
    PaymentAccount,
    PaymentAttempt,
    PaymentDispute,
    Payout,
    SandboxOperation,
    WebhookEvent,
)
from marketplace.models.status_events import ApplicationEvent, BriefEvent
from marketplace.models.user import ApiToken, LoginFailure, LoginSession, User

__all__ = [
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "AuditEntry",
    "BankPayout",
    "BrandProfile",
    "Brief",
    "BriefEvent",
    "BriefInvitation",
    "CommissionTopUp",
    "Contract",
    "ContractEvent",
    "ContractMessage",
    "ContractOffer",
    "ContractProduct",
    "ContractReview",
    "ContractSubmission",
    "Conversion",
    "ConversionReturn",
    "ConversionSecret",
    "Dispute",
    "DisputeEvidence",
    "KolCategory",
    "KolProfile",
    "LedgerEntry",
    "LedgerLine",
    "LinkClick",
    "Listing",
    "LoginFailure",
    "LoginSession",
    "MatchIndexChange",
    "MatchIndexSnapshot",
    "Notification",
    "OutboxMessage",
    "PaymentAccount",
    "PaymentAttempt",
    "PaymentDispute",
    "Payout",
    "PlatformAccount",
    "PortfolioItem",
    "SandboxOperation",
    "Shortlist",
    "ShortlistEntry",
    "SignedRequest",
    "User",
    "WebhookEvent",
]
