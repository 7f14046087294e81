"""Briefs: a brand's request for KOLs, moving draft -> open -> closed.

Reading and listing briefs lives in `brief_queries`, "briefs for you" in
`brief_recommendations`; both are re-exported here so callers have one entry point.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from marketplace.domain.errors import Conflict, NotFound
from marketplace.domain.taxonomy import (
    BRIEF_STATUSES,
    CATEGORIES,
    COLLAB_TYPES,
    CURRENCIES,
    PLATFORMS,
)
from marketplace.extensions import db
from marketplace.models import Application, Brief, User
from marketplace.models.base import utcnow
from marketplace.services.accounts.roles import require_role
from marketplace.services.briefs.queries import (  # noqa: F401  (re-exported)
    brand_dashboard,
    brief_for_kol,
    brief_for_owner,
    get_brief,
    list_brand_briefs,
    list_open_briefs,
)
from marketplace.services.briefs.workflows import BRIEF_WORKFLOW
from marketplace.services.catalogue.audience import validate_audience
from marketplace.services.transitions import apply_transition
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

MAX_TITLE = 160
MAX_DESCRIPTION = 5000
MAX_KOLS_WANTED = 100
# Budget per KOL, in major units (yuan, dollars): a business ceiling, not a column limit.
MAX_BUDGET = 10_000_000
EDITABLE = (
    "title",
    "description",
    "product_url",
    "category",
    "platforms",
    "collab_types",
    "budget",
    "currency",
    "kols_wanted",
    "target_audience",
    "min_followers",
    "max_followers",
    "deadline",
)


def today() -> date:
    return utcnow().date()


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _clean_fields(v: Validator, data: Mapping[str, Any], *, check_deadline: bool) -> dict[str, Any]:
    """Validate every editable field; `check_deadline` rejects a deadline in the past."""
    currency = v.choice("currency", _lower(data.get("currency")), CURRENCIES)
    out: dict[str, Any] = {
        "title": v.string("title", data.get("title"), max_len=MAX_TITLE),
        "description": v.string(
            "description", data.get("description"), required=False, max_len=MAX_DESCRIPTION
        )
        or "",
        "product_url": v.url("product_url", data.get("product_url")),
        "category": v.choice("category", _lower(data.get("category")), CATEGORIES),
        "platforms": v.choices(
            "platforms", data.get("platforms"), PLATFORMS, required=True, max_items=len(PLATFORMS)
        ),
        "collab_types": v.choices(
            "collab_types",
            data.get("collab_types"),
            COLLAB_TYPES,
            required=True,
            max_items=len(COLLAB_TYPES),
        ),
        "budget": v.amount(
            "budget", data.get("budget"), currency, minimum=1, maximum_major=MAX_BUDGET
        ),
        "currency": currency,
        "kols_wanted": v.integer(
            "kols_wanted",
            data.get("kols_wanted"),
            required=False,
            minimum=1,
            maximum=MAX_KOLS_WANTED,
        )
        or 1,
        "target_audience": validate_audience(
            v, "target_audience", data.get("target_audience"), partial_ok=True
        ),
    }
    out["min_followers"], out["max_followers"] = v.follower_range(
        data.get("min_followers"), data.get("max_followers")
    )
    deadline = v.iso_date("deadline", data.get("deadline"))
    if isinstance(deadline, datetime):
        deadline = deadline.date()
    if deadline is not None and check_deadline and deadline < today():
        v.add("deadline", _l("The deadline cannot be in the past."))
    out["deadline"] = deadline
    return out


def _owned(actor: User, brief_id: int, *, lock: bool = False) -> Brief:
    """The acting brand's brief; anyone else's brief is NotFound, never a hint it exists."""
    require_role(actor, "brand")
    stmt = select(Brief).where(Brief.id == brief_id, Brief.brand_id == actor.id)
    if lock:
        stmt = stmt.with_for_update()
    brief = db.session.scalar(stmt)
    if brief is None:
        raise NotFound(str(_l("Brief not found.")))
    return brief


@use_case
def create_brief(
    actor: User,
    title: object,
    description: object = None,
    product_url: object = None,
    category: object = None,
    platforms: object = None,
    collab_types: object = None,
    budget: object = None,
    currency: object = None,
    kols_wanted: object = None,
    target_audience: object = None,
    min_followers: object = None,
    max_followers: object = None,
    deadline: object = None,
    status: object = "draft",
) -> Brief:
    """Post a brief as a draft (only the brand sees it) or open (KOLs can apply)."""
    require_role(actor, "brand")
    v = Validator()
    data = {
        "title": title,
        "description": description,
        "product_url": product_url,
        "category": category,
        "platforms": platforms,
        "collab_types": collab_types,
        "budget": budget,
        "currency": currency,
        "kols_wanted": kols_wanted,
        "target_audience": target_audience,
        "min_followers": min_followers,
        "max_followers": max_followers,
        "deadline": deadline,
    }
    fields = _clean_fields(v, data, check_deadline=True)
    clean_status = v.choice("status", _lower(status) or "draft", ("draft", "open"))
    v.check()
    brief = Brief(brand_id=actor.id, status=clean_status, **fields)
    db.session.add(brief)
    return brief


@use_case
def update_brief(actor: User, brief_id: int, changes: Mapping[str, Any]) -> Brief:
    """Change some fields (keys of EDITABLE; others are ignored) and optionally `status`.

    The result is validated as a whole, so e.g. a new minimum is checked against the
    stored maximum. A deadline is only checked against today when it changes.
    """
    brief = _owned(actor, brief_id, lock=True)
    if brief.status == "closed":
        raise Conflict(str(_l("A closed brief cannot be edited.")))
    v = Validator()
    fields, new_status = _validated_changes(v, brief, changes)
    v.check()
    for name, value in fields.items():
        setattr(brief, name, value)
    if new_status != brief.status:
        apply_transition(BRIEF_WORKFLOW, brief.id, actor, to=new_status)
    return brief


def _validated_changes(
    v: Validator, brief: Brief, changes: Mapping[str, Any]
) -> tuple[dict[str, Any], str]:
    """The brief's fields after `changes`, checked as a whole, and the requested status."""
    merged = {name: getattr(brief, name) for name in EDITABLE}
    merged.update({name: changes[name] for name in EDITABLE if name in changes})
    new_deadline = Validator().iso_date("deadline", merged["deadline"])
    fields = _clean_fields(v, merged, check_deadline=new_deadline != brief.deadline)
    new_status = brief.status
    if "status" in changes:
        new_status = v.choice("status", _lower(changes["status"]), BRIEF_STATUSES) or brief.status
    if fields["currency"] and fields["currency"] != brief.currency and _has_applications(brief):
        v.add("currency", _l("The currency cannot change once KOLs have applied."))
    return fields, new_status


def check_brief(actor: User, brief_id: int | None, values: Mapping[str, Any]) -> None:
    """Validate a new brief (`brief_id` None) or changes to one, saving nothing.

    Pages call this when their form could not parse some fields, so the person sees
    every field's error in one round rather than the service's only after fixing those.
    """
    v = Validator()
    if brief_id is None:
        require_role(actor, "brand")
        _clean_fields(v, values, check_deadline=True)
    else:
        _validated_changes(v, _owned(actor, brief_id), values)
    v.check()


def _has_applications(brief: Brief) -> bool:
    return bool(db.session.scalar(select(exists().where(Application.brief_id == brief.id))))


@use_case
def set_brief_status(actor: User, brief_id: int, status: object) -> Brief:
    """Open a draft (deadline not passed), or close a draft or an open brief."""
    require_role(actor, "brand")
    v = Validator()
    clean_status = v.choice("status", _lower(status), BRIEF_STATUSES)
    v.check()
    assert clean_status is not None
    return apply_transition(BRIEF_WORKFLOW, brief_id, actor, to=clean_status)
