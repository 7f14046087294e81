"""Typed models, one module per aggregate; importing this registers them all."""

from marketplace.models.brand import Application, BrandProfile, Brief, Shortlist, ShortlistEntry
from marketplace.models.kol import KolCategory, KolProfile, Listing, PlatformAccount
from marketplace.models.matching import BriefInvitation, MatchIndexChange
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
    "KolCategory",
    "KolProfile",
    "Listing",
    "LoginFailure",
    "LoginSession",
    "MatchIndexChange",
    "PlatformAccount",
    "Shortlist",
    "ShortlistEntry",
    "User",
]
