"""API endpoints: a contract's thread and reviews, a KOL's public reviews, notifications."""

from __future__ import annotations

from typing import Any

from flask import request

from marketplace.api import bp
from marketplace.api.schemas.base import Paging
from marketplace.api.schemas.contract_social import (
    ContractReviewsOut,
    KolReviewPage,
    MarkReadIn,
    MarkReadOut,
    MessageIn,
    MessageOut,
    MessagePage,
    NotificationPage,
    NotificationQuery,
    ReviewIn,
    ReviewOut,
)
from marketplace.api.serializers import iso
from marketplace.api.support import auth_required, current_api_user, doc, json_body, page_of
from marketplace.models import ContractMessage, ContractReview, Notification
from marketplace.services.catalogue import kol_profiles
from marketplace.services.contracts import messages, reputation, reviews
from marketplace.services.notifications import inbox, notification_text, notification_url


def message_json(message: ContractMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "contract_id": message.contract_id,
        "author_id": message.author_id,
        "body": message.body,
        "at": iso(message.at),
    }


def review_json(review: ContractReview) -> dict[str, Any]:
    return {
        "id": review.id,
        "contract_id": review.contract_id,
        "reviewer_id": review.reviewer_id,
        "reviewee_id": review.reviewee_id,
        "reviewer_role": review.reviewer_role,
        "rating": review.rating,
        "comment": review.comment,
        "at": iso(review.at),
        "revealed": review.revealed_at is not None,
        "revealed_at": iso(review.revealed_at),
    }


def notification_json(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.id,
        "kind": notification.kind,
        "contract_id": notification.contract_id,
        "text": notification_text(notification),
        "url": notification_url(notification),
        "created_at": iso(notification.created_at),
        "read": notification.read_at is not None,
    }


@bp.get("/contracts/<int:contract_id>/messages")
@auth_required()
@doc(
    "A contract's message thread, oldest first (parties and admins)",
    query=Paging,
    responses={200: MessagePage},
)
def list_contract_messages(contract_id: int):
    args = request.args
    result = messages.list_messages(
        current_api_user(), contract_id, args.get("page"), args.get("per_page")
    )
    return page_of(
        [message_json(m) for m in result.items], result.total, result.page, result.per_page
    )


@bp.post("/contracts/<int:contract_id>/messages")
@auth_required()
@doc(
    "Write in a contract's thread (parties only; the other party is notified)",
    body=MessageIn,
    responses={201: MessageOut},
    errors=(403,),
)
def post_contract_message(contract_id: int):
    data = json_body()
    message = messages.post_message(current_api_user(), contract_id, data.get("body"))
    return message_json(message), 201


@bp.get("/contracts/<int:contract_id>/reviews")
@auth_required()
@doc(
    "The reviews of a contract the caller may see: its own, and revealed ones",
    responses={200: ContractReviewsOut},
)
def contract_reviews(contract_id: int):
    panel = reviews.reviews_for_contract(current_api_user(), contract_id)
    return {
        "items": [review_json(r) for r in panel.visible],
        "can_review": panel.can_review,
        "other_waiting": panel.other_waiting,
        "reveal_at": iso(panel.reveal_at),
    }


@bp.post("/contracts/<int:contract_id>/review")
@auth_required()
@doc(
    "Review the other party once the contract is completed (once; hidden until both "
    "reviewed or the review period ends)",
    body=ReviewIn,
    responses={201: ReviewOut},
    errors=(403, 409),
)
def leave_contract_review(contract_id: int):
    data = json_body()
    review = reviews.leave_review(
        current_api_user(), contract_id, data.get("rating"), data.get("comment", "")
    )
    return review_json(review), 201


@bp.get("/kols/<int:kol_id>/reviews")
@auth_required()
@doc(
    "A KOL's revealed reviews from brands, newest first, with its reputation figures",
    query=Paging,
    responses={200: KolReviewPage},
)
def kol_reviews(kol_id: int):
    profile = kol_profiles.get_public_profile(kol_id).profile
    args = request.args
    result = reviews.public_reviews_of_kol(kol_id, args.get("page"), args.get("per_page"))
    body = page_of(
        [review_json(r) for r in result.items], result.total, result.page, result.per_page
    )
    live = reputation.compute_reputation(kol_id)
    body["reputation"] = {
        "rating": round(profile.rating_avg, 2) if profile.rating_count else None,
        "reviews": profile.rating_count,
        "completed": profile.completed_count,
        "on_time_rate": profile.on_time_rate,
        "completion_rate": live.completion_rate if live else None,
    }
    return body


@bp.get("/notifications")
@auth_required()
@doc(
    "The caller's notifications, newest first, with the unread count",
    query=NotificationQuery,
    responses={200: NotificationPage},
)
def list_my_notifications():
    user = current_api_user()
    args = request.args
    result = inbox.list_notifications(
        user,
        args.get("page"),
        args.get("per_page"),
        unread_only=args.get("unread") in ("1", "true"),
    )
    body = page_of(
        [notification_json(n) for n in result.items], result.total, result.page, result.per_page
    )
    body["unread"] = inbox.unread_count(user)
    return body


@bp.post("/notifications/read")
@auth_required()
@doc(
    "Mark notifications read: the listed ids, or all of them",
    body=MarkReadIn,
    body_required=False,
    responses={200: MarkReadOut},
)
def mark_notifications_read():
    user = current_api_user()
    data = json_body() if request.get_data(cache=True) else {}
    marked = inbox.mark_read(user, data.get("ids"))
    return {"marked": marked, "unread": inbox.unread_count(user)}
