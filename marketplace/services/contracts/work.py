"""The work: the KOL submits proof of posting; the brand approves or asks for a revision.

Approval (by the brand, or by the system when the review window passes) releases the
escrow in the same transaction: the platform fee to the platform, the rest to the KOL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.domain.platform_hosts import hosts_for
from marketplace.extensions import db
from marketplace.models import Contract, ContractSubmission, User
from marketplace.models.base import utcnow
from marketplace.services.contracts.reputation import refresh_kol_reputation
from marketplace.services.contracts.workflow import (
    CONTRACT_WORKFLOW,
    seconds_setting,
    transition,
)
from marketplace.services.ledger.contract_postings import fee_split, post_release
from marketplace.services.payments.releases import on_release
from marketplace.services.transitions import check_transition
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

MAX_POST_URLS = 5
NOTES_MAX = 5000
REVISION_MESSAGE_MAX = 2000


def _post_urls(v: Validator, raw: Any, platform: str | None) -> list[str]:
    """One to five links, each on the contract's platform (any known platform if none)."""
    if isinstance(raw, str):
        raw = [line for line in raw.splitlines() if line.strip()]
    if not isinstance(raw, list | tuple) or not raw:
        v.add("post_url", _l("Add the link to your post."))
        return []
    if len(raw) > MAX_POST_URLS:
        v.add("post_url", _l("Add at most %(n)d links.", n=MAX_POST_URLS))
        return []
    hosts = hosts_for(platform)
    urls = [v.url("post_url", item, required=True, hosts=hosts) for item in raw]
    return [url for url in urls if url]


@use_case
def submit_proof(
    actor: User,
    contract_id: int,
    *,
    post_urls: Any,
    notes: Any = "",
    screenshots: Sequence[IO[bytes]] = (),
) -> Contract:
    """The KOL hands in the posted work; the brand then has REVIEW_WINDOW_S to answer."""
    contract = transition(actor, contract_id, "submit")
    v = Validator()
    urls = _post_urls(v, post_urls, contract.platform)
    clean_notes = v.string("notes", notes, required=False, max_len=NOTES_MAX) or ""
    v.check()
    stored: list[str] = []
    if screenshots:
        from marketplace.services.contracts.proofs import store_screenshots

        stored = store_screenshots(screenshots)
    rounds = db.session.scalar(
        select(func.count())
        .select_from(ContractSubmission)
        .where(ContractSubmission.contract_id == contract.id)
    )
    db.session.add(
        ContractSubmission(
            contract_id=contract.id,
            round=(rounds or 0) + 1,
            post_urls=urls,
            notes=clean_notes,
            screenshots=stored,
        )
    )
    now = utcnow()
    if contract.first_submitted_at is None:
        contract.first_submitted_at = now
    contract.review_due_at = now + seconds_setting("REVIEW_WINDOW_S")
    return contract


def latest_submission(contract: Contract) -> ContractSubmission | None:
    return db.session.scalar(
        select(ContractSubmission)
        .where(ContractSubmission.contract_id == contract.id)
        .order_by(ContractSubmission.round.desc())
        .limit(1)
    )


@use_case
def request_revision(actor: User, contract_id: int, message: Any) -> Contract:
    """The brand asks for changes, while agreed revisions remain; the KOL resubmits."""
    check_transition(CONTRACT_WORKFLOW, contract_id, actor, action="request_revision")
    v = Validator()
    clean_message = v.string("message", message, max_len=REVISION_MESSAGE_MAX)
    v.check()
    contract = transition(actor, contract_id, "request_revision", {"message": clean_message})
    contract.revisions_used += 1
    contract.review_due_at = None
    submission = latest_submission(contract)
    if submission is not None:
        submission.revision_message = clean_message
    return contract


def complete(actor: User | None, contract_id: int, action: str) -> Contract:
    """Approve (the brand) or auto-approve (the system): complete and release the escrow."""
    contract = transition(actor, contract_id, action)
    now = utcnow()
    contract.completed_at = now
    contract.closed_at = now
    contract.review_due_at = None
    post_release(contract)
    on_release(contract, fee_split(contract, contract.price).net)
    refresh_kol_reputation(contract.kol_id)
    return contract


@use_case
def approve(actor: User, contract_id: int) -> Contract:
    return complete(actor, contract_id, "approve")
