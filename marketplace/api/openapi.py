"""GET /api/v1/openapi.json: built from the URL map and each view's `@doc` contract.

Paths and methods come from the routes themselves, so no route can be left out; bodies,
query parameters and responses come from the pydantic models in `api/schemas`, whose limits
and vocabularies are the services' own constants.
"""

from __future__ import annotations

import re
from functools import cache
from http import HTTPStatus
from typing import Any

from flask import current_app
from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import models_json_schema

from marketplace.admin.guard import is_admin_path
from marketplace.api import bp
from marketplace.api.schemas.base import MAX_ID, Error, Out
from marketplace.api.support import ApiDoc, doc

API_PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"
ERROR_TEXT = {
    400: "Validation error: `fields` names each bad field",
    401: "A valid bearer token is required",
    403: "Not available to this account type",
    404: "Not found, or not the caller's",
    409: "Not allowed in the current state",
    413: "The body is larger than the MAX_CONTENT_LENGTH setting",
    429: "Too many requests; retry later",
}
PATH_PARAM = re.compile(r"<(?:([a-z]+):)?([a-z_]+)>")


class OpenApiDocument(Out):
    """This document (OpenAPI 3.1); its own schema is the OpenAPI specification."""

    model_config = ConfigDict(extra="allow")


def _openapi_path(rule: str) -> str:
    return PATH_PARAM.sub(r"{\2}", rule[len(API_PREFIX) :])


def _path_parameters(rule: str) -> list[dict[str, Any]]:
    params = []
    for converter, name in PATH_PARAM.findall(rule):
        schema: dict[str, Any] = (
            {"type": "integer", "minimum": 1, "maximum": MAX_ID}
            if converter == "int"
            else {"type": "string"}
        )
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return params


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query value is a string or absent, never null: drop pydantic's `| None` branch."""
    options = schema.get("anyOf")
    if options:
        kept = [s for s in options if s.get("type") != "null"]
        if len(kept) == 1:
            rest = {k: v for k, v in schema.items() if k != "anyOf"}
            return {**rest, **kept[0]}
    return schema


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=REF)
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema["properties"].items():
        prop = _without_null(prop)
        description = prop.pop("description", None)
        prop.pop("title", None)
        param: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": prop,
        }
        if description:
            param["description"] = description
        params.append(param)
    return params


def _content(model: type[BaseModel], media: str = "application/json") -> dict[str, Any]:
    return {media: {"schema": {"$ref": REF.format(model=model.__name__)}}}


def _error_statuses(facts: ApiDoc, view: Any, rule: str) -> set[int]:
    statuses = set(facts.errors) | {429}
    if is_admin_path(rule):  # the admin guard answers 404 to everyone but admins
        statuses.add(404)
    elif getattr(view, "api_auth", False):
        statuses.add(401)
        if getattr(view, "api_roles", ()):
            statuses.add(403)
    if facts.body is not None or facts.query is not None:
        statuses.add(400)
    if facts.body is not None:
        statuses.add(413)
    if PATH_PARAM.search(rule):
        statuses.add(404)
    return statuses


def _operation(view: Any, method: str, rule: str) -> dict[str, Any]:
    facts: ApiDoc = view.api_doc
    op: dict[str, Any] = {
        "summary": facts.summary,
        "operationId": view.__name__,
        "responses": {},
    }
    if facts.description:
        op["description"] = facts.description
    for status, model in sorted(facts.responses.items()):
        answer: dict[str, Any] = {"description": HTTPStatus(status).phrase}
        if model is not None:
            answer["content"] = _content(model)
        op["responses"][str(status)] = answer
    for status in sorted(_error_statuses(facts, view, rule)):
        op["responses"][str(status)] = {
            "description": ERROR_TEXT.get(status, "Error"),
            "content": _content(Error),
        }
    params = _path_parameters(rule)
    if facts.query is not None:
        params += _query_parameters(facts.query)
    if params:
        op["parameters"] = params
    if facts.body is not None:
        op["requestBody"] = {
            "required": facts.body_required,
            "content": _content(facts.body, facts.body_media),
        }
    if getattr(view, "api_auth", False):
        op["security"] = [{"bearer": []}]
    return op


def _drop_null_defaults(node: Any) -> Any:
    """`default: null` only says "may be left out"; OpenAPI readers take it as a value."""
    if isinstance(node, dict):
        return {
            k: _drop_null_defaults(v) for k, v in node.items() if not (k == "default" and v is None)
        }
    if isinstance(node, list):
        return [_drop_null_defaults(v) for v in node]
    return node


def _components(docs: list[ApiDoc]) -> dict[str, Any]:
    models: dict[str, tuple[type[BaseModel], str]] = {"Error": (Error, "serialization")}
    for facts in docs:
        if facts.body is not None:
            models[facts.body.__name__] = (facts.body, "validation")
        for model in facts.responses.values():
            if model is not None:
                models[model.__name__] = (model, "serialization")
    _keys, schema = models_json_schema(list(models.values()), ref_template=REF)  # type: ignore[arg-type]
    return schema.get("$defs", {})


@cache
def _build_spec(rules: tuple[tuple[str, str, str], ...]) -> dict[str, Any]:
    view_functions = current_app.view_functions
    paths: dict[str, dict[str, Any]] = {}
    for rule, endpoint, method in rules:
        view = view_functions[endpoint]
        paths.setdefault(_openapi_path(rule), {})[method] = _operation(view, method, rule)
    docs = [view_functions[endpoint].api_doc for _rule, endpoint, _method in rules]
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "KOL marketplace API", "version": "1.0.0"},
        "servers": [{"url": API_PREFIX}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": _components(docs),
        },
    }
    return _drop_null_defaults(spec)


def api_rules() -> tuple[tuple[str, str, str], ...]:
    """(rule, endpoint, method) of every /api/v1 route, in a stable order."""
    found = []
    for rule in current_app.url_map.iter_rules():
        if rule.rule.startswith(API_PREFIX + "/"):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((rule.rule, rule.endpoint, method.lower()))
    return tuple(sorted(found))


def build_spec() -> dict[str, Any]:
    return _build_spec(api_rules())


@bp.get("/openapi.json")
@doc("This OpenAPI 3.1 description of the API", responses={200: OpenApiDocument})
def openapi_json():
    return build_spec()
