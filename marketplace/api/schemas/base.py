"""Building blocks of the API's schemas: strict response models, ids, times, pages, errors.

Request models describe what a service accepts (the services still validate and phrase the
errors); response models forbid undeclared keys, so a serializer cannot drift from its
documented shape without the contract tests noticing.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from marketplace.domain.numbers import INT32_MAX
from marketplace.services.paging import MAX_PAGE, MAX_PER_PAGE

# Ids live in 32-bit integer columns: anything larger cannot exist.
MAX_ID = INT32_MAX
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Day = Annotated[str, Field(json_schema_extra={"format": "date"})]
Share = Annotated[float, Field(ge=0, le=1)]


class In(BaseModel):
    """A request body or query: unknown keys are ignored by the services, so allowed here."""

    model_config = ConfigDict(extra="allow")


class Paging(In):
    page: Annotated[int, Field(ge=1, le=MAX_PAGE)] | None = 1
    per_page: Annotated[int, Field(ge=1, le=MAX_PER_PAGE)] | None = 20


class Out(BaseModel):
    """A response body: every key the API sends is declared, and only those."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Out):
    code: str = Field(
        description="validation_error, unauthorized, payment_failed, forbidden, not_found, "
        "method_not_allowed, conflict or rate_limited"
    )
    message: str
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages per field (`platforms.0.handle` for rows)"
    )
    request_id: str = Field(
        description="This request's id (also the X-Request-ID header): quote it to support"
    )


class Error(Out):
    error: ErrorDetail


def page_of(item: type[BaseModel], name: str) -> type[Out]:
    """The list envelope `{items, total, page, per_page}` around `item`."""
    return create_model(
        name,
        __base__=Out,
        items=(list[item], ...),  # type: ignore[valid-type]
        total=(int, Field(ge=0)),
        page=(int, Field(ge=1)),
        per_page=(int, Field(ge=1)),
    )


def enum(values: tuple[str, ...]) -> Any:
    """A string restricted to `values` (a taxonomy tuple or a service's constant)."""
    return Literal[values]
