"""KOLs' Stripe Connect Express accounts: onboarding by account links, and readiness.

An account is created once per KOL (idempotency key `account:<kol>`, and a unique row per
user) and onboarded through account links: Stripe sends the KOL back to the return URL
when done and to the refresh URL when a link expired, which issues a new one. Money is
transferred only to a ready account: transfers capability active and nothing currently
due, as Stripe says when asked again (events may arrive late or out of order).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.domain.errors import Conflict
from marketplace.extensions import db
from marketplace.models import PaymentAccount, User
from marketplace.payments import browser_gateway, uses_stripe
from marketplace.payments.gateway import AccountState, GatewayDeclined, GatewayUnavailable
from marketplace.services.accounts.roles import require_role
from marketplace.services.unit_of_work import use_case

# Why a KOL's released money waits instead of going to its Stripe account.
NO_ACCOUNT = "no_account"
ONBOARDING_INCOMPLETE = "onboarding_incomplete"
REQUIREMENTS_DUE = "requirements_due"
READY = "ready"


@dataclass(frozen=True)
class PayoutAccountStatus:
    """What the KOL's earnings page says about its Stripe account."""

    state: str  # NO_ACCOUNT, ONBOARDING_INCOMPLETE, REQUIREMENTS_DUE or READY
    requirements_due: tuple[str, ...] = ()
    disabled_reason: str | None = None

    @property
    def ready(self) -> bool:
        return self.state == READY


def _stripe_only() -> None:
    if not uses_stripe():
        raise Conflict(str(_l("Payout accounts are only used with Stripe payments.")))


def account_of(kol_id: int) -> PaymentAccount | None:
    return db.session.scalar(select(PaymentAccount).where(PaymentAccount.user_id == kol_id))


def account_by_reference(reference: str) -> PaymentAccount | None:
    return db.session.scalar(select(PaymentAccount).where(PaymentAccount.reference == reference))


def status_of(account: PaymentAccount | None) -> PayoutAccountStatus:
    if account is None:
        return PayoutAccountStatus(NO_ACCOUNT)
    due = tuple(account.requirements_due or ())
    if account.ready:
        return PayoutAccountStatus(READY)
    if not account.details_submitted:
        return PayoutAccountStatus(ONBOARDING_INCOMPLETE, due, account.disabled_reason)
    return PayoutAccountStatus(REQUIREMENTS_DUE, due, account.disabled_reason)


def payout_account_status(actor: User) -> PayoutAccountStatus:
    """The KOL's account as last stored (from account.updated or the return page)."""
    require_role(actor, "kol")
    return status_of(account_of(actor.id))


@use_case
def _store_new_account(kol_id: int, reference: str) -> None:
    if account_of(kol_id) is None:
        db.session.add(PaymentAccount(user_id=kol_id, provider="stripe", reference=reference))


def ensure_account(actor: User) -> PaymentAccount:
    """The KOL's connected account, created at Stripe the first time.

    The key `account:<kol>` makes a repeated or concurrent first call create one account
    at Stripe, and the unique user id one row here. Raises GatewayUnavailable or
    GatewayDeclined when Stripe does not create it.
    """
    require_role(actor, "kol")
    _stripe_only()
    existing = account_of(actor.id)
    if existing is not None:
        return existing
    reference = browser_gateway().create_account(
        email=actor.email, country=None, idempotency_key=f"account:{actor.id}"
    )
    # A concurrent first call may have stored it: the same account (same key at Stripe).
    with suppress(Conflict):
        _store_new_account(actor.id, reference)
    account = account_of(actor.id)
    assert account is not None
    return account


def onboarding_link(actor: User, refresh_url: str, return_url: str) -> str:
    """A fresh account link to Stripe's onboarding (account links expire; never stored)."""
    account = ensure_account(actor)
    return browser_gateway().account_link(
        account_reference=account.reference, refresh_url=refresh_url, return_url=return_url
    )


def _apply(account: PaymentAccount, state: AccountState) -> bool:
    """Store what Stripe says; True when the account has just become ready."""
    was_ready = account.ready
    account.transfers_enabled = state.transfers_enabled
    account.payouts_enabled = state.payouts_enabled
    account.details_submitted = state.details_submitted
    account.requirements_due = list(state.requirements_due)
    account.disabled_reason = (state.disabled_reason or "")[:120] or None
    return account.ready and not was_ready


@use_case
def store_state(kol_id: int, state: AccountState) -> None:
    """Store a fetched state; an account that became ready gets its waiting releases sent."""
    from marketplace.services.payments.releases import send_waiting_releases

    account = account_of(kol_id)
    if account is None or account.reference != state.reference:
        return
    _apply(account, state)
    if account.ready:
        send_waiting_releases(kol_id)


def refresh_status(actor: User) -> PayoutAccountStatus:
    """Ask Stripe again (the return page): the stored status, up to date if Stripe answered."""
    require_role(actor, "kol")
    _stripe_only()
    account = account_of(actor.id)
    if account is None:
        return status_of(None)
    try:
        state = browser_gateway().account_state(account.reference)
    except (GatewayUnavailable, GatewayDeclined):
        return status_of(account)
    store_state(actor.id, state)
    return status_of(account_of(actor.id))
