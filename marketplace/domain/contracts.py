"""The contract's status table (see `domain/transitions.py` and DESIGN.md's lifecycle).

Rows name guards that the contract workflow binds to predicates:
- `awaiting_actor`: an offer is answered (accepted, declined, countered) only by the
  party it waits for;
- `offer_open` / `funding_open`: an offer past its expiry, or an acceptance past its
  funding deadline, can no longer be taken up even before the timer sweep has run;
- `revisions_left`: a revision may be asked only while the agreed number remains;
- `review_open`: and only while the review window is open: once it has passed the work
  counts as approved, even before the timer sweep has run;
- `overdue_unsubmitted`: the brand may cancel a funded contract on its own only when the
  due date has passed with nothing submitted;
- `cancel_agreed`: otherwise money in escrow goes back only when the other party asked
  first (`request_cancel`), so both agree;
- `cancel_agreed` also means the party confirming is not the one that asked;
- `dispute_opener`: a dispute is withdrawn only by the party that opened it, and only back
  to the status it froze (`withdraw_to_<status>`, one row per disputable status).
"""

from __future__ import annotations

from marketplace.domain.transitions import SYSTEM, Transition, TransitionTable

BRAND = "brand"
KOL = "kol"
ADMIN = "admin"
PARTIES = (BRAND, KOL)

CONTRACT_STATUSES: tuple[str, ...] = (
    "offered",
    "accepted",
    "declined",
    "withdrawn",
    "expired",
    "funded",
    "submitted",
    "revision_requested",
    "completed",
    "cancelled",
    "disputed",
    "resolved",
)
FINAL_STATUSES = frozenset(
    {"declined", "withdrawn", "expired", "completed", "cancelled", "resolved"}
)
# Money is in escrow in these statuses (and nowhere else).
ESCROW_STATUSES = frozenset({"funded", "submitted", "revision_requested", "disputed"})
DISPUTABLE_STATUSES: tuple[str, ...] = ("funded", "submitted", "revision_requested")
DISPUTE_CATEGORIES: tuple[str, ...] = (
    "not_delivered",
    "not_as_agreed",
    "late",
    "unresponsive",
    "other",
)


def withdraw_action(status: str) -> str:
    """The action that withdraws a dispute and returns the contract to `status`."""
    return f"withdraw_to_{status}"


WITHDRAW_ACTIONS: frozenset[str] = frozenset(withdraw_action(s) for s in DISPUTABLE_STATUSES)


def _both(source: str, action: str, target: str, *guards: str) -> tuple[Transition, ...]:
    return tuple(Transition(source, action, role, target, guards) for role in PARTIES)


CONTRACT_TRANSITIONS = TransitionTable(
    name="contract",
    states=frozenset(CONTRACT_STATUSES),
    transitions=(
        # Negotiation: whoever the offer waits for answers it; the brand may withdraw.
        *_both("offered", "accept", "accepted", "awaiting_actor", "offer_open"),
        *_both("offered", "counter", "offered", "awaiting_actor", "offer_open"),
        *_both("offered", "decline", "declined", "awaiting_actor"),
        Transition("offered", "withdraw", BRAND, "withdrawn"),
        Transition("offered", "expire", SYSTEM, "expired"),
        # Funding, or cancelling before any money moved.
        Transition("accepted", "fund", BRAND, "funded", ("funding_open",)),
        *_both("accepted", "cancel", "cancelled"),
        Transition("accepted", "funding_deadline", SYSTEM, "cancelled"),
        # Work and review.
        Transition("funded", "submit", KOL, "submitted"),
        Transition("revision_requested", "submit", KOL, "submitted"),
        Transition(
            "submitted",
            "request_revision",
            BRAND,
            "revision_requested",
            ("revisions_left", "review_open"),
        ),
        Transition("submitted", "approve", BRAND, "completed"),
        Transition("submitted", "auto_approve", SYSTEM, "completed"),
        # Cancelling a funded contract: the brand alone once it is overdue and unsubmitted,
        # otherwise by agreement (one side asks, the other confirms).
        Transition("funded", "cancel", BRAND, "cancelled", ("overdue_unsubmitted",)),
        *(
            transition
            for status in DISPUTABLE_STATUSES
            for transition in (
                *_both(status, "request_cancel", status),
                *_both(status, "confirm_cancel", "cancelled", "cancel_agreed"),
                *_both(status, "dispute", "disputed"),
            )
        ),
        # Disputes: an admin resolves (release, refund or a split), or the opener withdraws.
        Transition("disputed", "resolve", ADMIN, "resolved"),
        *(
            transition
            for status in DISPUTABLE_STATUSES
            for transition in _both("disputed", withdraw_action(status), status, "dispute_opener")
        ),
    ),
)
