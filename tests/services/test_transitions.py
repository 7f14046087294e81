"""Applying a transition: who may, from which status, guards, and the event it leaves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.domain.errors import (
    Conflict,
    InvalidTransition,
    NotAllowed,
    NotFound,
    ValidationFailed,
)
from marketplace.domain.transitions import SYSTEM, Transition, TransitionTable
from marketplace.extensions import db
from marketplace.models import Application, ApplicationEvent, Brief, BriefEvent
from marketplace.models.base import utcnow
from marketplace.services.briefs import applications, lifecycle
from marketplace.services.briefs.workflows import APPLICATION_WORKFLOW, BRIEF_WORKFLOW
from marketplace.services.transitions import Guard, Workflow, apply_transition
from marketplace.services.unit_of_work import use_case
from tests import factories
from tests.factories.brands import make_application, make_brief


def _events(model, subject_id: int) -> list:
    db.session.expire_all()
    column = getattr(model, model.subject_key)
    return list(db.session.scalars(select(model).where(column == subject_id).order_by(model.id)))


def test_an_accepted_application_records_who_what_and_when(ctx, brand, kol):
    application = make_application(kol, make_brief(brand))
    before = utcnow()
    applications.accept_application(brand, application.id)
    [event] = _events(ApplicationEvent, application.id)
    assert (event.action, event.from_status, event.to_status) == ("accept", "pending", "accepted")
    assert (event.actor_id, event.actor_role) == (brand.id, "brand")
    assert event.at >= before.replace(microsecond=0) - timedelta(seconds=1)
    assert db.session.get(Application, application.id).status == "accepted"


def test_every_step_of_a_brief_is_logged_in_order(ctx, brand):
    brief = make_brief(brand, status="draft")
    lifecycle.set_brief_status(brand, brief.id, "open")
    lifecycle.update_brief(brand, brief.id, {"status": "closed", "title": "Done"})
    events = _events(BriefEvent, brief.id)
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("open", "draft", "open"),
        ("close", "open", "closed"),
    ]


def test_a_move_the_table_does_not_allow_is_invalid_and_changes_nothing(ctx, brand, kol):
    application = make_application(kol, make_brief(brand), status="declined")
    with pytest.raises(InvalidTransition) as caught:
        applications.accept_application(brand, application.id)
    assert caught.value.status == 409 and caught.value.code == "conflict"
    assert "cannot be accepted" in caught.value.message
    assert db.session.get(Application, application.id).status == "declined"
    assert _events(ApplicationEvent, application.id) == []


def test_the_wrong_kind_of_actor_is_not_allowed_and_another_party_is_not_found(ctx, brand, kol):
    application = make_application(kol, make_brief(brand))
    with pytest.raises(NotAllowed):
        apply_transition(APPLICATION_WORKFLOW, application.id, kol, action="accept")
    with pytest.raises(NotFound):
        apply_transition(
            APPLICATION_WORKFLOW, application.id, factories.make_brand(), action="accept"
        )
    with pytest.raises(NotFound):
        apply_transition(BRIEF_WORKFLOW, application.brief_id, factories.make_brand(), to="closed")


def test_a_failing_guard_refuses_with_its_own_error(ctx, brand):
    brief = make_brief(brand, kols_wanted=1)
    first, second = (make_application(factories.make_kol(), brief) for _ in range(2))
    applications.accept_application(brand, first.id)
    with pytest.raises(Conflict, match="already has the 1 KOLs"):
        applications.accept_application(brand, second.id)
    assert _events(ApplicationEvent, second.id) == []

    past = make_brief(brand, status="draft", deadline=(utcnow().date() - timedelta(days=1)))
    with pytest.raises(ValidationFailed) as caught:
        lifecycle.set_brief_status(brand, past.id, "open")
    assert "deadline" in caught.value.fields
    assert db.session.get(Brief, past.id).status == "draft"


def test_asking_for_a_status_no_row_leads_to_is_invalid(ctx, brand):
    brief = make_brief(brand)
    with pytest.raises(InvalidTransition, match="cannot become draft"):
        lifecycle.set_brief_status(brand, brief.id, "draft")


def test_exactly_one_of_action_or_status(ctx, brand):
    brief = make_brief(brand)
    with pytest.raises(TypeError):
        apply_transition(BRIEF_WORKFLOW, brief.id, brand)
    with pytest.raises(TypeError):
        apply_transition(BRIEF_WORKFLOW, brief.id, brand, action="close", to="closed")


# A table of the kind contracts will declare: a timer (the system) acts, with a guard
# that reads the payload, through the same mechanism and the same kind of event row.
EXPIRY = TransitionTable(
    name="brief expiry",
    states=frozenset({"draft", "open", "closed"}),
    transitions=(Transition("open", "expire", SYSTEM, "closed", guards=("past_due",)),),
)
EXPIRY_WORKFLOW = Workflow(
    table=EXPIRY,
    model=Brief,
    event_model=BriefEvent,
    scope=BRIEF_WORKFLOW.scope,
    not_found=BRIEF_WORKFLOW.not_found,
    refusal=lambda brief, wanted: f"{brief.status} cannot become {wanted}",
    guards={
        "past_due": Guard(
            test=lambda move: move.subject.deadline.isoformat() < move.payload["today"],
            refusal=lambda move: Conflict("not due yet"),
        )
    },
)


@use_case
def expire_brief(brief_id: int, today: date) -> Brief:
    payload = {"today": today.isoformat()}
    return apply_transition(EXPIRY_WORKFLOW, brief_id, None, action="expire", payload=payload)


def test_the_system_acts_through_a_table_of_its_own(ctx, brand):
    brief = make_brief(brand, deadline=utcnow().date() + timedelta(days=3))
    with pytest.raises(Conflict, match="not due yet"):
        expire_brief(brief.id, utcnow().date())
    later = utcnow().date() + timedelta(days=4)
    assert expire_brief(brief.id, later).status == "closed"
    [event] = _events(BriefEvent, brief.id)
    assert (event.actor_id, event.actor_role, event.action) == (None, SYSTEM, "expire")
    assert event.payload == {"today": later.isoformat()}
    with pytest.raises(NotAllowed):
        apply_transition(EXPIRY_WORKFLOW, brief.id, brand, action="expire")


def test_a_workflow_needs_a_predicate_for_every_guard_its_table_names():
    with pytest.raises(ValueError, match="past_due"):
        Workflow(
            table=EXPIRY,
            model=Brief,
            event_model=BriefEvent,
            scope=BRIEF_WORKFLOW.scope,
            not_found=BRIEF_WORKFLOW.not_found,
            refusal=BRIEF_WORKFLOW.refusal,
        )
