"""Brand profile: company name, kind (brand or merchant), Taobao/Tmall store and categories."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain.taxonomy import BRAND_KINDS, CATEGORIES
from marketplace.extensions import db
from marketplace.models import BrandProfile, User
from marketplace.services.brand_common import require_role
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
    clean_name = v.string("company_name", company_name, max_len=COMPANY_NAME_MAX)
    clean_kind = v.choice("kind", kind, BRAND_KINDS)
    clean_url = None
    if clean_kind == "merchant" and _blank(store_url):
        v.add("store_url", _l("Merchants need their Taobao or Tmall store link."))
    else:
        clean_url = v.url("store_url", store_url, hosts=STORE_HOSTS)
    clean_categories = v.choices("categories", categories, CATEGORIES, max_items=MAX_CATEGORIES)
    clean_description = v.string(
        "description", description, required=False, max_len=MAX_DESCRIPTION
    )
    v.check()
    profile = db.session.get(BrandProfile, actor.id)
    if profile is None:
        profile = BrandProfile(user_id=actor.id)
        db.session.add(profile)
    profile.company_name = clean_name or ""
    profile.kind = clean_kind or "brand"
    profile.store_url = clean_url
    profile.categories = clean_categories
    profile.description = clean_description or ""
    return profile
