"""Matching endpoints: a brief's ranked KOLs, invitations, similar KOLs."""

from flask import request

from marketplace.api import bp
from marketplace.api.schemas.matching import (
    InvitationIn,
    InvitationOut,
    MatchList,
    MatchQuery,
    ReceivedInvitationList,
    SimilarList,
    SimilarQuery,
)
from marketplace.api.serializers import iso, kol_summary_json, listing_json
from marketplace.api.support import auth_required, current_api_user, doc, json_body
from marketplace.services.briefs import invitations
from marketplace.services.matchmaking import matches


def _k(default: int = 20) -> int:
    """The `k` query parameter, parsed by the shared field validator (400 names `k`)."""
    return matches.checked_k(request.args.get("k", str(default)))


def match_json(view: matches.MatchView) -> dict:
    return {
        "kol_id": view.kol_id,
        "listing_id": view.listing_id,
        "score": view.score,
        "reasons": view.reasons,
        "details": view.details,
        "flags": view.flags,
        "flag_codes": view.flag_codes,
        "kol": kol_summary_json(view.profile) if view.profile else None,
        "listing": listing_json(view.listing) if view.listing else None,
    }


@bp.get("/briefs/<int:brief_id>/matches")
@auth_required("brand", "admin")
@doc(
    "KOLs ranked for the brief, best first, each with its reasons",
    query=MatchQuery,
    responses={200: MatchList},
)
def brief_matches(brief_id: int):
    views = matches.top_matches(current_api_user(), brief_id, _k())
    return {"items": [match_json(v) for v in views], "total": len(views)}


@bp.post("/briefs/<int:brief_id>/invitations")
@auth_required("brand")
@doc(
    "Invite a KOL to apply to your open brief",
    body=InvitationIn,
    responses={201: InvitationOut},
    errors=(409,),
)
def invite(brief_id: int):
    data = json_body()
    invitation = invitations.invite_kol(
        current_api_user(), brief_id, data.get("kol_id"), data.get("message", "")
    )
    return {
        "id": invitation.id,
        "brief_id": invitation.brief_id,
        "kol_id": invitation.kol_id,
        "message": invitation.message,
        "created_at": iso(invitation.created_at),
    }, 201


@bp.get("/kol/invitations")
@auth_required("kol")
@doc("Your invitations to open briefs, newest first", responses={200: ReceivedInvitationList})
def my_invitations():
    items = invitations.invitations_for_kol(current_api_user())
    return {
        "items": [
            {
                "id": i.id,
                "brief_id": i.brief_id,
                "brief_title": i.brief.title,
                "message": i.message,
                "created_at": iso(i.created_at),
            }
            for i in items
        ],
        "total": len(items),
    }


@bp.get("/kols/<int:kol_id>/similar")
@auth_required()
@doc(
    "KOLs nearest to this one on content and audience",
    query=SimilarQuery,
    responses={200: SimilarList},
)
def similar(kol_id: int):
    pairs = matches.similar_kols(kol_id, _k(6))
    return {
        "items": [{"kol": kol_summary_json(p), "similarity": round(s, 4)} for p, s in pairs],
        "total": len(pairs),
    }
