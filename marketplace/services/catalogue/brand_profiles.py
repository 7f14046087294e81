"""Brand profile: company name, kind (brand or merchant), Taobao/Tmall store and categories."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.domain.taxonomy import BRAND_KINDS, CATEGORIES
from marketplace.extensions import db
from marketplace.models import BrandProfile, User
from marketplace.services.accounts.roles import require_role
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

STORE_HOSTS = ("taobao.com", "tmall.com")
MAX_CATEGORIES = 10
COMPANY_NAME_MAX = 120
MAX_DESCRIPTION = 2000


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def get_brand_profile(actor: User) -> BrandProfile:
    """The acting brand's profile (an empty one if it was never saved)."""
    require_role(actor, "brand")
    profile = db.session.get(BrandProfile, actor.id)
    return profile or BrandProfile(user_id=actor.id, company_name=actor.name, kind="brand")


def _validated_profile(
    v: Validator,
    company_name: object,
    kind: object,
    store_url: object,
    categories: object,
    description: object,
) -> dict[str, Any]:
    clean_kind = v.choice("kind", kind, BRAND_KINDS)
    clean_url = None
    if clean_kind == "merchant" and _blank(store_url):
        v.add("store_url", _l("Merchants need their Taobao or Tmall store link."))
    else:
        clean_url = v.url("store_url", store_url, hosts=STORE_HOSTS)
    return {
        "company_name": v.string("company_name", company_name, max_len=COMPANY_NAME_MAX),
        "kind": clean_kind,
        "store_url": clean_url,
        "categories": v.choices("categories", categories, CATEGORIES, max_items=MAX_CATEGORIES),
        "description": v.string(
            "description", description, required=False, max_len=MAX_DESCRIPTION
        ),
    }


def check_brand_profile(
    actor: User,
    company_name: object,
    kind: object,
    store_url: object = None,
    categories: object = None,
    description: object = None,
) -> None:
    """Validate a brand profile without saving it (pages show every error in one round)."""
    require_role(actor, "brand")
    v = Validator()
    _validated_profile(v, company_name, kind, store_url, categories, description)
    v.check()


@use_case
def update_brand_profile(
    actor: User,
    company_name: object,
    kind: object,
    store_url: object = None,
    categories: object = None,
    description: object = None,
) -> BrandProfile:
    """Save the brand's profile. A merchant (a Taobao/Tmall shop) must give its store link."""
    require_role(actor, "brand")
    v = Validator()
    clean = _validated_profile(v, company_name, kind, store_url, categories, description)
    v.check()
    profile = db.session.get(BrandProfile, actor.id)
    if profile is None:
        profile = BrandProfile(user_id=actor.id)
        db.session.add(profile)
    profile.company_name = clean["company_name"] or ""
    profile.kind = clean["kind"] or "brand"
    profile.store_url = clean["store_url"]
    profile.categories = clean["categories"]
    profile.description = clean["description"] or ""
    return profile
