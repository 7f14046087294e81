"""JSON views of brand profiles, briefs, applications and shortlists (spec field names)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from marketplace.api.serializers import iso, kol_summary_json
from marketplace.models import Application, BrandProfile, Brief, Shortlist, ShortlistEntry
from marketplace.services.discovery.comparison import KolComparison
from marketplace.services.discovery.shortlists import ShortlistComparison


def brand_profile_json(profile: BrandProfile) -> dict[str, Any]:
    return {
        "brand_id": profile.user_id,
        "company_name": profile.company_name,
        "kind": profile.kind,
        "store_url": profile.store_url,
        "categories": list(profile.categories or []),
        "description": profile.description or "",
        "updated_at": iso(profile.updated_at),
    }


def brief_json(brief: Brief, counts: dict[str, int] | None = None) -> dict[str, Any]:
    """A brief; `counts` (applications by status) is added for the owner's lists."""
    profile = brief.brand_profile
    data: dict[str, Any] = {
        "id": brief.id,
        "brand_id": brief.brand_id,
        "brand_name": profile.company_name if profile is not None else None,
        "title": brief.title,
        "description": brief.description,
        "product_url": brief.product_url,
        "category": brief.category,
        "platforms": list(brief.platforms or []),
        "collab_types": list(brief.collab_types or []),
        "budget": brief.budget,
        "currency": brief.currency,
        "kols_wanted": brief.kols_wanted,
        "target_audience": brief.target_audience or {},
        "min_followers": brief.min_followers,
        "max_followers": brief.max_followers,
        "deadline": iso(brief.deadline),
        "status": brief.status,
        "created_at": iso(brief.created_at),
        "updated_at": iso(brief.updated_at),
    }
    if counts is not None:
        data["applications"] = dict(counts)
    return data


def for_you_json(brief: Brief, score: float, reasons: dict[str, float]) -> dict[str, Any]:
    return {"brief": brief_json(brief), "score": score, "reasons": dict(reasons)}


def application_json(
    application: Application, *, with_kol: bool = False, with_brief: bool = False
) -> dict[str, Any]:
    """An application; the brand's list adds the KOL card, the KOL's list the brief."""
    data: dict[str, Any] = {
        "id": application.id,
        "brief_id": application.brief_id,
        "kol_id": application.kol_id,
        "listing_id": application.listing_id,
        "price": application.price,
        "currency": application.currency,
        "pitch": application.pitch,
        "status": application.status,
        "created_at": iso(application.created_at),
        "decided_at": iso(application.decided_at),
    }
    if with_kol and application.kol_profile is not None:
        data["kol"] = kol_summary_json(application.kol_profile)
    if with_brief:
        brief = application.brief
        data["brief"] = {
            "id": brief.id,
            "title": brief.title,
            "status": brief.status,
            "brand_name": brief.brand_profile.company_name if brief.brand_profile else None,
        }
    return data


def shortlist_json(shortlist: Shortlist, size: int) -> dict[str, Any]:
    return {
        "id": shortlist.id,
        "name": shortlist.name,
        "kols_count": size,
        "created_at": iso(shortlist.created_at),
    }


def shortlist_entry_json(entry: ShortlistEntry) -> dict[str, Any]:
    return {
        "shortlist_id": entry.shortlist_id,
        "kol_id": entry.kol_id,
        "note": entry.note,
        "added_at": iso(entry.added_at),
    }


def comparison_json(row: KolComparison) -> dict[str, Any]:
    return {
        "kol_id": row.kol_id,
        "display_name": row.display_name,
        "verification": row.verification,
        "categories": row.categories,
        "platforms": [asdict(p) for p in row.platforms],
        "audience_majority": row.audience,
        "rating": row.rating,
        "reviews": row.reviews,
        "completed": row.completed,
        "min_rates": row.min_rates,
        "note": row.note,
        "added_at": iso(row.added_at),
    }


def shortlist_detail_json(result: ShortlistComparison) -> dict[str, Any]:
    return {
        **shortlist_json(result.shortlist, len(result.kols)),
        "kols": [comparison_json(row) for row in result.kols],
    }
