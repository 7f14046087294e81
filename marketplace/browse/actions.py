"""Template helpers: KOL actions (shortlist, invite, hire) on cards and pages; the landing data."""

from __future__ import annotations

from flask import g
from flask_login import current_user

from marketplace.browse import bp
from marketplace.labels import label
from marketplace.services.briefs.invite_targets import invited_pairs, open_brief_choices
from marketplace.services.discovery import landing


@bp.app_template_global("brand_open_briefs")
def brand_open_briefs() -> list[tuple[int, str]]:
    """The signed-in brand's open briefs, read once per request however many cards ask."""
    if not (current_user.is_authenticated and current_user.is_brand):
        return []
    if "brand_open_briefs" not in g:
        g.brand_open_briefs = open_brief_choices(current_user._get_current_object())
    return g.brand_open_briefs


@bp.app_template_global("brand_invited")
def brand_invited(brief_id: int, kol_id: int) -> bool:
    """Whether the signed-in brand already invited this KOL to this brief (one read a page)."""
    if not (current_user.is_authenticated and current_user.is_brand):
        return False
    if "brand_invited_pairs" not in g:
        g.brand_invited_pairs = invited_pairs(current_user._get_current_object())
    return (brief_id, kol_id) in g.brand_invited_pairs


@bp.app_template_filter("vocab")
def vocab(value: str, kind: str) -> str:
    """`names|map('vocab', 'category')`: each value's translated label, for join_list."""
    return label(kind, value)


@bp.app_template_global("landing_overview")
def landing_overview() -> landing.Overview:
    """Counts and featured KOLs for templates/main/index.html."""
    return landing.overview()
