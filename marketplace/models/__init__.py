"""Typed models, one module per aggregate; importing this registers them all."""

from marketplace.models.brand import Application, BrandProfile, Brief, Shortlist, ShortlistEntry
from marketplace.models.contract import (
    Contract,
    ContractEvent,
    ContractOffer,
    ContractSubmission,
    Dispute,
)
from marketplace.models.conversation import ContractMessage, ContractReview, Notification
from marketplace.models.kol import KolCategory, KolProfile, Listing, PlatformAccount
from marketplace.models.ledger import LedgerEntry, LedgerLine
from marketplace.models.matching import BriefInvitation, MatchIndexChange
from marketplace.models.payments import PaymentAttempt, Payout, SandboxOperation
from marketplace.models.status_events import ApplicationEvent, BriefEvent
from marketplace.models.user import ApiToken, LoginFailure, LoginSession, User

__all__ = [
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "BrandProfile",
    "Brief",
    "BriefEvent",
    "BriefInvitation",
    "Contract",
    "ContractEvent",
    "ContractMessage",
    "ContractOffer",
    "ContractReview",
    "ContractSubmission",
    "Dispute",
    "KolCategory",
    "KolProfile",
    "LedgerEntry",
    "LedgerLine",
    "Listing",
    "LoginFailure",
    "LoginSession",
    "MatchIndexChange",
    "Notification",
    "PaymentAttempt",
    "Payout",
    "PlatformAccount",
    "SandboxOperation",
    "Shortlist",
    "ShortlistEntry",
    "User",
]
