"""A contract's message thread: the two parties write; admins may read it (disputes)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from marketplace.domain.errors import NotAllowed
from marketplace.extensions import db
from marketplace.models import Contract, ContractMessage, User
from marketplace.services.contracts.queries import get_contract
from marketplace.services.notifications import notify_contract_event
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

BODY_MAX = 5000
DEFAULT_PER_PAGE = 50


def party_contract(actor: User, contract_id: Any, refusal: Any) -> Contract:
    """The contract when `actor` is one of its parties.

    Strangers get NotFound (as for reading); an admin, who may read, gets NotAllowed with
    `refusal`, because only the parties speak for themselves on a contract.
    """
    contract = get_contract(actor, contract_id)
    if contract.party_role(actor.id) is None:
        raise NotAllowed(str(refusal))
    return contract


@use_case
def post_message(actor: User, contract_id: Any, body: Any) -> ContractMessage:
    """Add a message to the thread and tell the other party."""
    contract = party_contract(
        actor, contract_id, _l("Only the brand and the KOL of a contract can write in its thread.")
    )
    v = Validator()
    clean_body = v.string("body", body, max_len=BODY_MAX)
    v.check()
    assert clean_body is not None
    message = ContractMessage(contract_id=contract.id, author_id=actor.id, body=clean_body)
    db.session.add(message)
    db.session.flush()
    notify_contract_event(contract, "message", actor)
    return message


def list_messages(
    actor: User, contract_id: Any, page: Any = 1, per_page: Any = DEFAULT_PER_PAGE
) -> Pagination:
    """The thread, oldest first, for a party or an admin; anyone else gets NotFound."""
    contract = get_contract(actor, contract_id)
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page, default_per_page=DEFAULT_PER_PAGE)
    v.check()
    stmt = (
        select(ContractMessage)
        .where(ContractMessage.contract_id == contract.id)
        .order_by(ContractMessage.id)
    )
    return paginate(stmt, clean_page, clean_per_page)
