"""GET /api/v1/openapi.json: generated from the URL map and each view's @doc facts."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app

from marketplace.api import bp

API_PREFIX = "/api/v1"
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "array"}},
            },
            "required": ["code", "message"],
        }
    },
}


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule[len(API_PREFIX) :])


def _operation(view: Any, method: str, path: str) -> dict[str, Any]:
    facts = getattr(view, "api_doc", None) or {}
    op: dict[str, Any] = {
        "summary": facts.get("summary", ""),
        "operationId": f"{method}_{path}".replace("/", "_").replace("{", "").replace("}", ""),
        "responses": {
            str(code): {"description": text}
            for code, text in (facts.get("responses") or {200: "OK"}).items()
        },
    }
    for code in ("400", "401", "403", "404", "409", "429"):
        op["responses"].setdefault(
            code,
            {
                "description": "Error",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        )
    params = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
        for name in re.findall(r"{([a-z_]+)}", path)
    ]
    params += [
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": text,
        }
        for name, text in (facts.get("query") or {}).items()
    ]
    if params:
        op["parameters"] = params
    if facts.get("body"):
        op["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            name: {"description": str(kind)} for name, kind in facts["body"].items()
                        },
                    }
                }
            },
        }
    if getattr(view, "api_auth", False):
        op["security"] = [{"bearer": []}]
    return op


def build_spec() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.rule.startswith(API_PREFIX + "/"):
            continue
        view = current_app.view_functions[rule.endpoint]
        path = _openapi_path(rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(view, method.lower(), path)
    return {
        "openapi": "3.0.3",
        "info": {"title": "KOL marketplace API", "version": "1.0.0"},
        "servers": [{"url": API_PREFIX}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR_SCHEMA},
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    return build_spec()


openapi_json.api_doc = {  # type: ignore[attr-defined]
    "summary": "This OpenAPI 3 description",
    "body": None,
    "query": {},
    "responses": {200: "OK"},
}
