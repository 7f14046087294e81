"""Bearer authentication, JSON parsing, list format and route documentation for the API."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import g, request
from flask_babel import gettext as _
from pydantic import BaseModel

from marketplace.api.json_input import MAX_JSON_BODY_BYTES, parse_json_object
from marketplace.domain.errors import NotAllowed, Unauthorized, ValidationFailed
from marketplace.models import User
from marketplace.services.accounts import users


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_api_user() -> User:
    return g.api_user


def auth_required(*roles: str) -> Callable:
    """Require a valid bearer token; with `roles`, only those roles may call."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            token = bearer_token()
            user = users.user_for_token(token) if token else None
            if user is None:
                raise Unauthorized(_("A valid bearer token is required."))
            if roles and user.role not in roles:
                raise NotAllowed(_("This action is not available to your account type."))
            g.api_user = user
            return view(*args, **kwargs)

        wrapped.api_roles = roles  # type: ignore[attr-defined]
        wrapped.api_auth = True  # type: ignore[attr-defined]
        return wrapped

    return decorator


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a validation error in the API's format."""
    if not request.is_json:
        raise ValidationFailed(_("The request body must be a JSON object."), {})
    if (request.content_length or 0) > MAX_JSON_BODY_BYTES:
        raise ValidationFailed(
            _("The request body is larger than %(n)d bytes.", n=MAX_JSON_BODY_BYTES), {}
        )
    return parse_json_object(request.get_data(cache=True))


def page_of(items: list[Any], total: int, page: int, per_page: int) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def doc(
    summary: str,
    *,
    description: str = "",
    body: type[BaseModel] | None = None,
    body_media: str = "application/json",
    body_required: bool = True,
    query: type[BaseModel] | None = None,
    responses: Mapping[int, type[BaseModel] | None] | None = None,
    errors: Iterable[int] = (),
) -> Callable:
    """Attach the operation's contract to a view; /openapi.json is built from it.

    `responses` maps success statuses to their body's model (None: no body). `errors` lists
    the error statuses this operation can answer besides those every operation of its kind
    can (401/403 from `auth_required`, 400 for a body or a query, 404 for a path id, 429).
    """

    def decorator(view: Callable) -> Callable:
        view.api_doc = ApiDoc(  # type: ignore[attr-defined]
            summary=summary,
            description=description,
            body=body,
            body_media=body_media,
            body_required=body_required,
            query=query,
            responses=dict(responses or {}),
            errors=frozenset(errors),
        )
        return view

    return decorator


@dataclass(frozen=True)
class ApiDoc:
    """The documented contract of one view (see `doc`)."""

    summary: str
    body: type[BaseModel] | None
    body_media: str
    body_required: bool
    query: type[BaseModel] | None
    responses: dict[int, type[BaseModel] | None]
    errors: frozenset[int] = field(default_factory=frozenset)
    description: str = ""
