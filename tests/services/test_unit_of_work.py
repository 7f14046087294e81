"""The unit of work: one transaction per use case, however many use cases it calls."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from io import BytesIO

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from marketplace.domain.errors import Conflict, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Brief, BriefInvitation, KolProfile, MatchIndexChange, User
from marketplace.services.admin import moderation
from marketplace.services.briefs import lifecycle
from marketplace.services.catalogue import avatars
from marketplace.services.unit_of_work import (
    RolledBack,
    after_commit,
    after_rollback,
    use_case,
)
from tests import factories
from tests.factories.brands import brief_payload, make_brief
from tests.factories.kols import image_bytes


def _brief_titles(brand: User) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Brief.title).where(Brief.brand_id == brand.id)))


@use_case
def post_two_briefs(brand: User, second_budget: object = 500_000) -> None:
    """Two use cases composed into one."""
    lifecycle.create_brief(brand, **brief_payload(title="First"))
    lifecycle.create_brief(brand, **brief_payload(title="Second", budget=second_budget))


def test_composed_use_cases_save_everything(ctx, brand):
    post_two_briefs(brand)
    assert sorted(_brief_titles(brand)) == ["First", "Second"]


def test_a_failing_inner_step_rolls_back_the_whole_use_case(ctx, brand):
    with pytest.raises(ValidationFailed):
        post_two_briefs(brand, second_budget=-1)
    assert _brief_titles(brand) == []


def test_an_inner_failure_caught_by_the_caller_still_rolls_back_everything(ctx, brand):
    @use_case
    def post_and_swallow() -> None:
        lifecycle.create_brief(brand, **brief_payload(title="Kept?"))
        with suppress(ValidationFailed):
            lifecycle.create_brief(brand, **brief_payload(budget=-1))

    with pytest.raises(RolledBack):
        post_and_swallow()
    assert _brief_titles(brand) == []


def test_after_commit_hooks_run_once_after_the_outermost_commit(ctx, brand):
    ran: list[str] = []

    @use_case
    def inner() -> None:
        lifecycle.create_brief(brand, **brief_payload(title="Inner"))
        after_commit(lambda: ran.append("inner"))

    @use_case
    def outer() -> None:
        inner()
        assert ran == []  # the inner use case only flushed
        after_commit(lambda: ran.append("outer"))

    outer()
    assert ran == ["inner", "outer"]
    assert _brief_titles(brand) == ["Inner"]


def test_hooks_never_run_after_a_rollback(ctx, brand):
    ran: list[str] = []
    undone: list[str] = []

    @use_case
    def fails_at_the_end() -> None:
        lifecycle.create_brief(brand, **brief_payload())
        after_commit(lambda: ran.append("after_commit"))
        after_rollback(lambda: undone.append("after_rollback"))
        raise Conflict("changed my mind")

    with pytest.raises(Conflict):
        fails_at_the_end()
    assert ran == [] and undone == ["after_rollback"]
    assert _brief_titles(brand) == []


def test_a_commit_that_fails_runs_no_after_commit_hook(ctx, brand, kol):
    brief = make_brief(brand)
    db.session.add(BriefInvitation(brief_id=brief.id, kol_id=kol.id))
    db.session.commit()
    ran: list[str] = []

    @use_case(conflict="Already invited.")
    def invite_again() -> None:
        after_commit(lambda: ran.append("after_commit"))
        db.session.add(BriefInvitation(brief_id=brief.id, kol_id=kol.id))  # flushed at commit

    with pytest.raises(Conflict) as caught:
        invite_again()
    assert caught.value.message == "Already invited." and ran == []


def test_only_unique_violations_become_conflicts(ctx):
    @use_case
    def dangling_invitation() -> None:
        db.session.add(BriefInvitation(brief_id=10**8, kol_id=10**8))

    with pytest.raises(IntegrityError):
        dangling_invitation()


def test_hooks_need_a_unit_of_work(ctx):
    with pytest.raises(RuntimeError):
        after_commit(lambda: None)


def test_admin_suspension_and_the_account_change_are_one_transaction(ctx, admin, monkeypatch):
    """The admin use case calls the accounts use case; a failure after it undoes both."""
    kol = factories.make_kol()
    changes_before = db.session.scalar(select(func.count(MatchIndexChange.id)))

    def broken_row(_user: User) -> moderation.UserRow:
        raise RuntimeError("the admin step fails after the account was changed")

    monkeypatch.setattr(moderation, "_row", broken_row)
    with pytest.raises(RuntimeError):
        moderation.suspend_user(admin, kol.id, "spam")
    db.session.expire_all()
    assert db.session.get(User, kol.id).is_suspended is False
    assert db.session.scalar(select(func.count(MatchIndexChange.id))) == changes_before


@contextmanager
def counting_commits() -> Iterator[list[int]]:
    """Counts real COMMITs on the engine (tests marked live_db commit for real)."""
    commits: list[int] = []

    def count(_connection) -> None:
        commits.append(1)

    event.listen(db.engine, "commit", count)
    try:
        yield commits
    finally:
        event.remove(db.engine, "commit", count)


@pytest.mark.live_db
def test_nested_use_cases_commit_once(app, committed_db):
    with app.app_context():
        brand_id = factories.make_brand().id
        admin_id = factories.make_admin().id
        kol_id = factories.make_kol().id
    with app.app_context():
        brand, admin = db.session.get(User, brand_id), db.session.get(User, admin_id)
        db.session.rollback()  # start from no open transaction, as a request's use case does
        with counting_commits() as commits:
            post_two_briefs(brand)
        assert len(commits) == 1
        with counting_commits() as commits:
            moderation.suspend_user(admin, kol_id, "spam")
        assert len(commits) == 1
        with counting_commits() as commits:
            lifecycle.create_brief(brand, **brief_payload())
            lifecycle.create_brief(brand, **brief_payload())
        assert len(commits) == 2  # two use cases side by side are two transactions
        assert db.session.get(User, kol_id).is_suspended is True


def test_files_follow_the_transaction(ctx, kol):
    """An avatar replaced in a use case that then fails: the new file goes, the old stays."""
    avatars.save_avatar(kol, BytesIO(image_bytes("PNG")))
    old = db.session.get(KolProfile, kol.id).avatar_path
    files_before = set(avatars.avatar_folder().iterdir())

    @use_case
    def replace_then_fail() -> None:
        avatars.save_avatar(kol, BytesIO(image_bytes("JPEG")))
        raise Conflict("the rest of the use case failed")

    with pytest.raises(Conflict):
        replace_then_fail()
    db.session.expire_all()
    assert db.session.get(KolProfile, kol.id).avatar_path == old
    assert set(avatars.avatar_folder().iterdir()) == files_before
    assert (avatars.avatar_folder() / old).exists()
