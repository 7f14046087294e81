"""The one shape of every status table: (state, action, actor role) -> new state.

A table is plain data, readable and testable on its own. Each row may name guards,
conditions that must also hold ("capacity_left"); the service layer binds each name to
a predicate, because most of them read the database. Briefs and applications declare
their tables in `domain/briefs.py`; contracts declare theirs the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

# The role of timers and jobs, which act without a signed-in user.
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    """One allowed move: `role` may take `action` on a subject in `source`, giving `target`."""

    source: str
    action: str
    role: str
    target: str
    guards: tuple[str, ...] = ()


@dataclass(frozen=True)
class TransitionTable:
    """A subject's states and every move between them; anything not listed is refused."""

    name: str
    states: frozenset[str]
    transitions: tuple[Transition, ...]

    def __post_init__(self) -> None:
        seen: set[tuple[str, str, str]] = set()
        for row in self.transitions:
            unknown = {row.source, row.target} - self.states
            if unknown:
                raise ValueError(f"{self.name}: unknown states {sorted(unknown)} in {row}")
            key = (row.source, row.action, row.role)
            if key in seen:
                raise ValueError(f"{self.name}: two rows for {key}")
            seen.add(key)

    def find(self, state: str, action: str, role: str) -> Transition | None:
        """The row that lets `role` take `action` from `state`, if any."""
        return next(
            (
                row
                for row in self.transitions
                if (row.source, row.action, row.role) == (state, action, role)
            ),
            None,
        )

    def toward(self, state: str, target: str, role: str) -> Transition | None:
        """The row that lets `role` move a subject from `state` to `target`, if any.

        For callers that ask for a status rather than an action (a PATCH of `status`).
        """
        return next(
            (
                row
                for row in self.transitions
                if (row.source, row.target, row.role) == (state, target, role)
            ),
            None,
        )

    def roles_for(self, *, action: str | None = None, target: str | None = None) -> frozenset[str]:
        """Roles that some row allows to take `action` (or to reach `target`) from any state."""
        return frozenset(
            row.role
            for row in self.transitions
            if (action is None or row.action == action) and (target is None or row.target == target)
        )

    def actions(self, state: str, role: str) -> tuple[str, ...]:
        """The actions `role` may take from `state` (before guards), in table order."""
        return tuple(
            dict.fromkeys(
                row.action for row in self.transitions if (row.source, row.role) == (state, role)
            )
        )

    def target_of(self, action: str) -> str | None:
        """The state `action` leads to, when every row of it agrees (for messages)."""
        targets = {row.target for row in self.transitions if row.action == action}
        return targets.pop() if len(targets) == 1 else None

    @property
    def guard_names(self) -> frozenset[str]:
        return frozenset(name for row in self.transitions for name in row.guards)
