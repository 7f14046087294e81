"""The products a commission contract promotes and their tracked links `/r/<code>`.

An offer round proposes products as plain data (`ContractOffer.products`); accepting the
offer turns the agreed list into `ContractProduct` rows, each with its own link code. The
brand may add products later, from funding on, while the contract can still earn.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.domain.contracts import BRAND
from marketplace.domain.errors import Conflict, NotAllowed
from marketplace.domain.shop_urls import (
    MAX_SHOP_URL_LENGTH,
    SHOP_HOSTS,
    BadUrl,
    NotAShopUrl,
    parse_shop_url,
)
from marketplace.extensions import db
from marketplace.models import Contract, ContractOffer, ContractProduct, User
from marketplace.services.accounts.roles import require_not_suspended
from marketplace.services.contracts.workflow import lock_contract
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

MAX_PRODUCTS = 20
PRODUCT_NAME_MAX = 200
# A product's price is informative (the sale amount comes from the store), capped like a fee.
MAX_PRODUCT_PRICE = 10_000_000
# Statuses in which the brand may add a product: funded onwards, while sales can still earn.
PRODUCT_STATUSES = frozenset({"funded", "submitted", "revision_requested", "disputed", "completed"})
# 6 random bytes: 8 URL-safe characters, 2**48 codes; a collision is retried.
LINK_CODE_BYTES = 6
LINK_CODE_ATTEMPTS = 5


def clean_product(
    v: Validator, prefix: str, raw: Any, currency: str | None
) -> dict[str, Any] | None:
    """One product {name, url, price?}: errors under `<prefix>name`, `<prefix>url`, ..."""
    if not isinstance(raw, dict):
        v.add(prefix.rstrip(".") or "products", _l("Must be an object with a name and a URL."))
        return None
    name = v.string(f"{prefix}name", raw.get("name"), max_len=PRODUCT_NAME_MAX)
    url = clean_shop_url(v, f"{prefix}url", raw.get("url"))
    price = v.amount(
        f"{prefix}price",
        raw.get("price"),
        currency,
        required=False,
        minimum=0,
        maximum_major=MAX_PRODUCT_PRICE,
    )
    if name is None or url is None:
        return None
    return {"name": name.strip(), "url": url, "price": price}


def clean_shop_url(v: Validator, field: str, raw: Any) -> str | None:
    text = v.string(field, raw, max_len=MAX_SHOP_URL_LENGTH)
    if text is None:
        return None
    try:
        return parse_shop_url(text.strip(), current_app.config.get("EXTRA_SHOP_HOSTS", ()))
    except NotAShopUrl:
        hosts = ", ".join((*SHOP_HOSTS, *current_app.config.get("EXTRA_SHOP_HOSTS", ())))
        v.add(field, _l("Must be a product page on %(hosts)s.", hosts=hosts))
    except BadUrl:
        v.add(field, _l("Enter a full web address starting with http:// or https://."))
    return None


def clean_products(v: Validator, raw: Any, currency: str | None) -> list[dict[str, Any]] | None:
    """A list of at most MAX_PRODUCTS products; None when not given."""
    if raw is None:
        return None
    if not isinstance(raw, list | tuple):
        v.add("products", _l("Must be a list of products."))
        return None
    if len(raw) > MAX_PRODUCTS:
        v.add("products", _l("At most %(n)d products.", n=MAX_PRODUCTS))
        return None
    cleaned = [clean_product(v, f"products.{i}.", row, currency) for i, row in enumerate(raw)]
    return [row for row in cleaned if row is not None]


def new_link_code() -> str:
    """A short random code no product has yet (checked; the unique index guards races)."""
    for _attempt in range(LINK_CODE_ATTEMPTS):
        code = secrets.token_urlsafe(LINK_CODE_BYTES)
        taken = db.session.scalar(
            select(ContractProduct.id).where(ContractProduct.link_code == code)
        )
        if taken is None:
            return code
    raise Conflict(str(_l("Could not make a new link. Try again.")))


def _add(contract: Contract, product: dict[str, Any]) -> ContractProduct:
    # Through the relationship, so `contract.products` already holds the new row.
    row = ContractProduct(
        contract=contract,
        name=product["name"],
        url=product["url"],
        price=product.get("price"),
        link_code=new_link_code(),
    )
    db.session.add(row)
    db.session.flush()
    return row


def latest_offered_products(contract: Contract) -> list[dict[str, Any]]:
    """The products the newest offer round proposes."""
    products = db.session.scalar(
        select(ContractOffer.products)
        .where(ContractOffer.contract_id == contract.id)
        .order_by(ContractOffer.round.desc())
        .limit(1)
    )
    return list(products or [])


def create_agreed_products(contract: Contract) -> list[ContractProduct]:
    """On acceptance: the agreed round's products become the contract's tracked products."""
    if contract.commission_bps is None:
        return []
    return [_add(contract, product) for product in latest_offered_products(contract)]


def products_of(contract: Contract) -> list[ContractProduct]:
    """The tracked products; contract lists load them with the page (`list_contracts`)."""
    return list(contract.products)


def products_open(contract: Contract) -> bool:
    """Whether products may be added now: a commission contract, funded, still earning."""
    return (
        contract.commission_bps is not None
        and contract.status in PRODUCT_STATUSES
        and contract.commission_closed_at is None
    )


def can_add_product(actor: User, contract: Contract) -> bool:
    return contract.party_role(actor.id) == BRAND and products_open(contract)


@use_case(conflict=_l("Could not make a new link. Try again."))
def add_product(
    actor: User, contract_id: int, *, name: Any, url: Any, price: Any = None
) -> ContractProduct:
    """The brand adds a product to a funded commission contract; it gets its own link."""
    contract = lock_contract(actor, contract_id)
    if contract.party_role(actor.id) != BRAND:
        raise NotAllowed(str(_l("Only the brand adds products.")))
    require_not_suspended(actor)
    if contract.commission_bps is None:
        raise Conflict(str(_l("Only a commission contract has tracked products.")))
    if not products_open(contract):
        raise Conflict(str(_l("Products can be added once the contract is funded, while it runs.")))
    v = Validator()
    product = clean_product(v, "", {"name": name, "url": url, "price": price}, contract.currency)
    v.check()
    assert product is not None
    if len(products_of(contract)) >= MAX_PRODUCTS:
        raise Conflict(str(_l("A contract has at most %(n)d products.", n=MAX_PRODUCTS)))
    return _add(contract, product)
