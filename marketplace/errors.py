"""Error pages for the site and the JSON error format inside /api/v1."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from werkzeug.exceptions import HTTPException

from marketplace.domain.errors import DomainError, Throttled
from marketplace.limits import retry_after_seconds
from marketplace.observability.request_tracking import current_request_id

API_PREFIX = "/api/"
HTTP_CODES = {
    400: "validation_error",
    401: "unauthorized",
    402: "payment_failed",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "validation_error",
    429: "rate_limited",
}


def api_error(status: int, code: str, message: str, fields: dict[str, list[str]] | None = None):
    body: dict[str, object] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    body["request_id"] = current_request_id()
    return {"error": body}, status


def _wants_json() -> bool:
    return request.path.startswith(API_PREFIX)


def _error_page(status: int, message: str | None):
    return render_template("errors/error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        if _wants_json():
            body, status = api_error(error.status, error.code, error.message, error.fields)
        else:
            body, status = _error_page(error.status, error.message)
        if isinstance(error, Throttled):
            return body, status, {"Retry-After": str(error.retry_after_s)}
        return body, status

    @app.errorhandler(RateLimitExceeded)
    def handle_rate_limited(error: RateLimitExceeded):
        message = error.description or ""
        if _wants_json():
            body, status = api_error(429, "rate_limited", message)
        else:
            body, status = _error_page(429, message)
        return body, status, {"Retry-After": str(retry_after_seconds(error))}

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        status = error.code or 500
        if _wants_json():
            return api_error(status, HTTP_CODES.get(status, "error"), error.description or "")
        return render_template("errors/error.html", status=status, message=None), status

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s", request.path)
        from marketplace.extensions import db

        db.session.rollback()
        if _wants_json():
            return api_error(500, "internal_error", _("Something went wrong on our side."))
        return render_template("errors/error.html", status=500, message=None), 500
