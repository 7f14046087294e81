"""Checking bodies against /api/v1/openapi.json with a JSON Schema 2020-12 validator."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    """`schema` may hold `#/components/...` references: resolve them inside the spec."""
    root = {**schema, "components": spec["components"]}
    return Draft202012Validator(root, format_checker=FormatChecker())


def operation(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return spec["paths"][path][method.lower()]


def request_errors(spec: dict[str, Any], method: str, path: str, body: Any) -> set[str]:
    """The top-level fields (or "" for the body itself) the documented body schema rejects."""
    content = operation(spec, method, path)["requestBody"]["content"]["application/json"]
    rejected: set[str] = set()
    for error in _validator(spec, content["schema"]).iter_errors(body):
        if error.absolute_path:
            rejected.add(str(error.absolute_path[0]))
        elif error.validator == "required":
            rejected.update(set(error.validator_value) - set(error.instance))
        else:
            rejected.add("")
    return rejected


def query_errors(spec: dict[str, Any], method: str, path: str, args: dict[str, Any]) -> set[str]:
    """The query parameters whose documented schema rejects the (already typed) value."""
    rejected = set()
    for param in operation(spec, method, path).get("parameters", []):
        if param["in"] == "query" and param["name"] in args:
            validator = _validator(spec, param["schema"])
            if not validator.is_valid(args[param["name"]]):
                rejected.add(param["name"])
    return rejected


def response_errors(
    spec: dict[str, Any], method: str, path: str, status: int, body: Any
) -> list[str]:
    """Why `body` does not match what the operation documents for `status` (empty: it does)."""
    responses = operation(spec, method, path)["responses"]
    if str(status) not in responses:
        return [f"status {status} is not documented"]
    schema = responses[str(status)]["content"]["application/json"]["schema"]
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(spec, schema).iter_errors(body)
    ]
