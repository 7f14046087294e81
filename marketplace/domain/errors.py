"""Typed errors raised by services; views turn them into pages or the API error format."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """Base class; `code` and `status` follow the public API's error format."""

    code = "error"
    status = 400

    def __init__(self, message: str = "", fields: Mapping[str, Sequence[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields: dict[str, list[str]] = {
            k: [str(m) for m in v] for k, v in (fields or {}).items()
        }


class ValidationFailed(DomainError):
    code = "validation_error"
    status = 400


class Unauthorized(DomainError):
    code = "unauthorized"
    status = 401


class PaymentFailed(DomainError):
    code = "payment_failed"
    status = 402


class NotAllowed(DomainError):
    code = "forbidden"
    status = 403


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Conflict(DomainError):
    code = "conflict"
    status = 409


class InvalidTransition(Conflict):
    """An action that the current status does not allow."""


class Throttled(DomainError):
    """Too many attempts; `retry_after_s` is when to try again (the Retry-After header)."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str = "", retry_after_s: int = 60):
        super().__init__(message)
        self.retry_after_s = retry_after_s
