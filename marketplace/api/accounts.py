from flask import request
from flask_babel import gettext as _

from marketplace.api import bp
from marketplace.api.schemas.accounts import (
    MeOut,
    RegisterIn,
    RegisterOut,
    RevokeOut,
    SessionsEndedOut,
    TokenIn,
    TokenOut,
)
from marketplace.api.serializers import profile_json, user_json
from marketplace.api.support import auth_required, bearer_token, current_api_user, doc, json_body
from marketplace.services.accounts import sessions, users


@bp.post("/auth/register")
@doc(
    "Create a brand or KOL account and return a bearer token",
    body=RegisterIn,
    responses={201: RegisterOut},
)
def register():
    data = json_body()
    user = users.register(
        data.get("email"),
        data.get("password"),
        data.get("role"),
        data.get("name"),
        request.remote_addr or "unknown",
    )
    token = users.issue_token(user, name="register")
    return {"user": user_json(user), "token": token}, 201


@bp.post("/auth/token")
@doc(
    "Exchange email and password for a bearer token",
    body=TokenIn,
    responses={200: TokenOut},
    errors=(401,),
)
def token():
    data = json_body()
    user = users.authenticate(
        data.get("email"), data.get("password"), request.remote_addr or "unknown"
    )
    return {"token": users.issue_token(user, name=str(data.get("name") or "api"))}


@bp.post("/auth/revoke")
@auth_required()
@doc("Revoke the bearer token used for this request", responses={200: RevokeOut})
def revoke():
    users.revoke_token(current_api_user(), bearer_token() or "")
    return {"revoked": True, "message": _("Token revoked.")}


@bp.post("/auth/logout-everywhere")
@auth_required()
@doc(
    "End every browser session of the calling user (bearer tokens stay valid)",
    responses={200: SessionsEndedOut},
)
def logout_everywhere():
    ended = sessions.sign_out_everywhere(current_api_user())
    return {"sessions_ended": ended}


@bp.get("/me")
@auth_required()
@doc("The calling user and its profile", responses={200: MeOut})
def me():
    user = current_api_user()
    return {"user": user_json(user), "profile": profile_json(users.get_profile(user))}
