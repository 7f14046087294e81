"""Matching endpoints: a brief's ranked KOLs, invitations, similar KOLs."""

from flask import request

from marketplace.api import bp
from marketplace.api.schemas.matching import (
    DeclineIn,
    InvitationIn,
    InvitationOut,
    MatchList,
    MatchQuery,
    ReceivedInvitation,
    ReceivedInvitationList,
    SimilarList,
    SimilarQuery,
)
from marketplace.api.serializers import iso, kol_summary_json, listing_json
from marketplace.api.support import auth_required, current_api_user, doc, json_body
from marketplace.models import BriefInvitation
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


def received_json(invitation: BriefInvitation) -> dict:
    return {
        "id": invitation.id,
        "brief_id": invitation.brief_id,
        "brief_title": invitation.brief.title,
        "message": invitation.message,
        "created_at": iso(invitation.created_at),
        "status": invitation.status,
        "decline_reason": invitation.decline_reason,
        "answered_at": iso(invitation.answered_at) if invitation.answered_at else None,
        "application_id": invitation.application_id,
    }


@bp.get("/kol/invitations")
@auth_required("kol")
@doc("Your invitations to open briefs, newest first", responses={200: ReceivedInvitationList})
def my_invitations():
    items = invitations.invitations_for_kol(current_api_user())
    return {"items": [received_json(i) for i in items], "total": len(items)}


@bp.post("/kol/invitations/<int:invitation_id>/decline")
@auth_required("kol")
@doc(
    "Decline an invitation, with an optional reason the brand sees (accept by applying)",
    body=DeclineIn,
    responses={200: ReceivedInvitation},
    errors=(409,),
)
def decline_invitation(invitation_id: int):
    data = json_body()
    invitation = invitations.decline_invitation(
        current_api_user(), invitation_id, data.get("reason")
    )
    return received_json(invitation)


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
