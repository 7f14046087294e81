"""Schemas of a contract's thread and reviews, a KOL's public reviews, and notifications."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, create_model

from marketplace.api.schemas.base import Id, In, Out, Paging, Timestamp, enum, page_of
from marketplace.services.contracts import messages, reviews
from marketplace.services.notifications import inbox

Role = enum(("brand", "kol"))


class MessageIn(In):
    body: Annotated[str, Field(min_length=1, max_length=messages.BODY_MAX)] = Field(
        description="Plain text; NUL characters are refused"
    )


class MessageOut(Out):
    id: Id
    contract_id: Id
    author_id: Id | None = Field(description="None once the author's account is deleted")
    body: str
    at: Timestamp


class ReviewIn(In):
    rating: Annotated[int, Field(ge=1, le=5)] = Field(description="A JSON integer from 1 to 5")
    comment: Annotated[str, Field(max_length=reviews.COMMENT_MAX)] | None = ""


class ReviewOut(Out):
    id: Id
    contract_id: Id
    reviewer_id: Id
    reviewee_id: Id
    reviewer_role: Role  # type: ignore[valid-type]
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: str
    at: Timestamp
    revealed: bool = Field(description="Shown to the other party and counted in ratings")
    revealed_at: Timestamp | None


class ContractReviewsOut(Out):
    items: list[ReviewOut] = Field(description="The caller's own review and revealed ones")
    can_review: bool
    other_waiting: bool = Field(description="The other party wrote a review not shown yet")
    reveal_at: Timestamp | None = Field(description="When hidden reviews are shown anyway")


class ReputationOut(Out):
    rating: float | None
    reviews: int
    completed: int
    on_time_rate: float | None
    completion_rate: float | None


MessagePage = page_of(MessageOut, "MessagePage")
KolReviewPage = create_model(
    "KolReviewPage",
    __base__=page_of(ReviewOut, "ReviewPage"),
    reputation=(ReputationOut, ...),
)


class NotificationQuery(Paging):
    unread: enum(("0", "1", "true", "false")) | None = Field(  # type: ignore[valid-type]
        default=None, description="1/true: only unread notifications"
    )


class NotificationOut(Out):
    id: Id
    kind: str = Field(description="contract.<action>, e.g. contract.offer, contract.message")
    contract_id: Id | None
    text: str = Field(description="In the language of the request")
    url: str = Field(description="The page it leads to, e.g. /contracts/12")
    created_at: Timestamp
    read: bool


NotificationPage = create_model(
    "NotificationPage",
    __base__=page_of(NotificationOut, "NotificationItems"),
    unread=(int, Field(ge=0, description="Unread notifications in all")),
)


class MarkReadIn(In):
    ids: (
        Annotated[list[Id], Field(max_length=inbox.MAX_IDS)] | None  # type: ignore[valid-type]
    ) = Field(default=None, description="Notifications to mark read; omitted: all of them")


class MarkReadOut(Out):
    marked: int = Field(ge=0)
    unread: int = Field(ge=0)
