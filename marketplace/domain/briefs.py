"""Status tables of briefs and applications (see `domain/transitions.py`)."""

from __future__ import annotations

from marketplace.domain.taxonomy import APPLICATION_STATUSES, BRIEF_STATUSES
from marketplace.domain.transitions import Transition, TransitionTable

# A brand opens a draft (not past its deadline) and closes a draft or an open brief.
BRIEF_TRANSITIONS = TransitionTable(
    name="brief",
    states=frozenset(BRIEF_STATUSES),
    transitions=(
        Transition("draft", "open", "brand", "open", guards=("deadline_not_passed",)),
        Transition("draft", "close", "brand", "closed"),
        Transition("open", "close", "brand", "closed"),
    ),
)

# The brand decides on a pending or shortlisted application (accepting only while the
# brief wants more KOLs); the KOL may withdraw it until then.
APPLICATION_TRANSITIONS = TransitionTable(
    name="application",
    states=frozenset(APPLICATION_STATUSES),
    transitions=(
        Transition("pending", "shortlist", "brand", "shortlisted"),
        Transition("pending", "decline", "brand", "declined"),
        Transition("shortlisted", "decline", "brand", "declined"),
        Transition("pending", "accept", "brand", "accepted", guards=("capacity_left",)),
        Transition("shortlisted", "accept", "brand", "accepted", guards=("capacity_left",)),
        Transition("pending", "withdraw", "kol", "withdrawn"),
        Transition("shortlisted", "withdraw", "kol", "withdrawn"),
    ),
)
