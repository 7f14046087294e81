"""Fund a contract's escrow through the payment gateway.

Three steps, because a gateway call must not run inside a database transaction that
holds locks, and its attempt must be on record before it starts:

1. under the contract's lock, check that the brand may fund now, and record (or reuse)
   the charge attempt with its idempotency key; commit;
2. call the gateway with that key, holding no lock;
3. under the lock again, settle the attempt and, on success, move the contract to
   funded and post the ledger entry, in one transaction.

Twenty clicks at once all reuse the one pending attempt and its key, so the provider
charges once and the ledger (keyed per contract) books once. A decline settles the
attempt as failed and leaves the contract as it was; an unanswered call leaves the
attempt pending for a retry with the same key. A charge that succeeds after the
contract was cancelled meanwhile is refunded through the gateway.

With Stripe (`confirms_in_browser`) funding only starts here: `begin_funding` creates the
PaymentIntent (services/payments/stripe_funding.py) and hands back its client secret for
the payment page; the contract is funded when Stripe says the payment succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.domain.errors import InvalidTransition, PaymentFailed
from marketplace.extensions import db
from marketplace.models import Contract, ContractEvent, User
from marketplace.models.base import utcnow
from marketplace.payments import current_gateway
from marketplace.payments.gateway import GatewayDeclined, GatewayResult, GatewayUnavailable
from marketplace.services.contracts.workflow import (
    CONTRACT_WORKFLOW,
    funding_open,
    lock_contract,
    transition,
)
from marketplace.services.ledger.contract_postings import funded_total, post_funding
from marketplace.services.payments import attempts
from marketplace.services.payments.messages import decline_message, unavailable_message
from marketplace.services.payments.refunds import schedule_refund
from marketplace.services.transitions import check_transition
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

PAYMENT_METHOD_MAX = 64


@dataclass(frozen=True)
class _Charge:
    attempt_id: int
    key: str
    amount: int
    currency: str
    payment_method: str


def _clean_method(raw: Any) -> str:
    v = Validator()
    method = v.string("payment_method", raw, max_len=PAYMENT_METHOD_MAX)
    v.check()
    assert method is not None
    return method


@use_case
def _prepare(actor: User, contract_id: int, payment_method: str) -> _Charge:
    """Step 1: the charge attempt to make, new or the one still waiting for an answer.

    A pending attempt keeps its key and payment method: the provider must see the same
    request again, or it could not recognise the retry.
    """
    contract = check_transition(CONTRACT_WORKFLOW, contract_id, actor, action="fund")
    attempt = attempts.pending_charge(contract.id) or attempts.new_charge(
        contract.id,
        funded_total(contract),
        contract.currency,
        payment_method,
        current_gateway().name,
    )
    return _Charge(
        attempt.id,
        attempt.idempotency_key,
        attempt.amount,
        attempt.currency,
        attempt.payment_method or payment_method,
    )


def _funded_with(contract_id: int) -> str | None:
    """The key of the charge that funded the contract, from its "fund" event."""
    payload = db.session.scalar(
        select(ContractEvent.payload).where(
            ContractEvent.contract_id == contract_id, ContractEvent.action == "fund"
        )
    )
    return (payload or {}).get("attempt")


@use_case
def _decline(actor: User, contract_id: int, charge: _Charge, declined: GatewayDeclined) -> None:
    lock_contract(actor, contract_id)
    attempts.record_decline(attempts.lock_attempt(charge.attempt_id), declined)


@use_case
def _complete(
    actor: User, contract_id: int, charge: _Charge, result: GatewayResult
) -> tuple[Contract, bool]:
    """Step 3: settle the attempt; fund the contract if it still waits for the money.

    Returns the contract and whether the money stays with it (False: it is refunded).
    """
    contract = lock_contract(actor, contract_id)
    attempt = attempts.lock_attempt(charge.attempt_id)
    attempts.record_success(attempt, result)
    if contract.status == "accepted" and funding_open(contract):
        contract = transition(
            actor,
            contract_id,
            "fund",
            {"payment_method": charge.payment_method, "attempt": charge.key},
        )
        contract.funded_at = utcnow()
        post_funding(contract, attempt.provider)
        return contract, True
    if _funded_with(contract.id) == attempt.idempotency_key:
        # A concurrent request with the same attempt got here first: one charge, one posting.
        return contract, True
    # The contract moved on (cancelled, or its funding deadline passed) while the card was
    # charged: give the money back.
    schedule_refund(attempt, f"refund:charge:{attempt.id}")
    return contract, False


@dataclass(frozen=True)
class FundingOutcome:
    """The contract after a fund request; `client_secret` when the payer confirms in the browser."""

    contract: Contract
    client_secret: str | None = None
    intent_ref: str | None = None


def begin_funding(actor: User, contract_id: int, payment_method: Any) -> FundingOutcome:
    """Fund at once (sandbox) or start the browser payment (Stripe); see the module doc.

    With Stripe the contract stays `accepted`; PaymentFailed (402) when Stripe could not
    be reached or refused to create the payment.
    """
    if not current_gateway().confirms_in_browser:
        return FundingOutcome(fund(actor, contract_id, payment_method))
    from marketplace.services.payments.stripe_funding import start_funding

    try:
        started = start_funding(actor, contract_id)
    except GatewayDeclined as declined:
        raise PaymentFailed(decline_message(declined.code)) from declined
    except GatewayUnavailable as error:
        raise PaymentFailed(unavailable_message()) from error
    return FundingOutcome(started.contract, started.client_secret, started.intent_ref)


def fund(actor: User, contract_id: int, payment_method: Any) -> Contract:
    """Charge the brand through the gateway and move the contract to funded.

    Raises PaymentFailed (402) when the card is declined or the gateway does not answer;
    the contract and the ledger are then unchanged. InvalidTransition (409) when the
    contract cannot be funded now, or was cancelled while the charge was on its way.
    """
    if current_gateway().confirms_in_browser:
        # Stripe: the payer confirms on the payment page (`begin_funding`), never here.
        raise PaymentFailed(str(_l("Pay for this contract on its payment page.")))
    method = _clean_method(payment_method)
    charge = _prepare(actor, contract_id, method)
    try:
        result = current_gateway().charge(
            amount=charge.amount,
            currency=charge.currency,
            payment_method=charge.payment_method,
            idempotency_key=charge.key,
            description=f"Escrow for contract {contract_id}",
        )
    except GatewayDeclined as declined:
        _decline(actor, contract_id, charge, declined)
        raise PaymentFailed(decline_message(declined.code)) from declined
    except GatewayUnavailable as error:
        raise PaymentFailed(unavailable_message()) from error
    contract, kept = _complete(actor, contract_id, charge, result)
    if not kept:
        raise InvalidTransition(
            str(
                _l(
                    "This contract could no longer be funded when the payment arrived; "
                    "the charge is being refunded."
                )
            )
        )
    return contract
