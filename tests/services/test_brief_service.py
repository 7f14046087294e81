"""Creating and editing briefs: every field's validation, ownership and status moves."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Brief
from marketplace.models.base import utcnow
from marketplace.services.briefs import lifecycle
from tests import factories
from tests.factories.brands import brief_payload, make_application, make_brief


def _count() -> int:
    return db.session.scalar(select(func.count(Brief.id)))


def _errors(brand, **overrides) -> dict[str, list[str]]:
    before = _count()
    with pytest.raises(ValidationFailed) as info:
        lifecycle.create_brief(brand, **brief_payload(**overrides))
    assert _count() == before
    return info.value.fields


def test_create_brief_saves_every_field(brand):
    brief = lifecycle.create_brief(brand, **brief_payload(currency="CNY", category="Beauty"))
    assert brief.id and brief.brand_id == brand.id
    assert brief.status == "open"
    assert brief.budget == 500_000 and brief.currency == "cny" and brief.category == "beauty"
    assert brief.platforms == ["xiaohongshu", "douyin"]
    assert brief.collab_types == ["image_text", "short_video"]
    assert brief.target_audience == {"gender": {"female": 0.8, "male": 0.2}}
    assert (brief.min_followers, brief.max_followers, brief.kols_wanted) == (10_000, 500_000, 3)
    assert brief.deadline > utcnow().date()


def test_create_brief_defaults_to_draft_and_optional_fields_may_be_empty(brand):
    data = brief_payload(
        description=None,
        product_url="",
        kols_wanted=None,
        target_audience=None,
        min_followers=None,
        max_followers=None,
        deadline=None,
    )
    del data["status"]
    brief = lifecycle.create_brief(brand, **data)
    assert brief.status == "draft"
    assert brief.kols_wanted == 1 and brief.target_audience == {} and brief.deadline is None
    assert brief.product_url is None and brief.description == ""


@pytest.mark.parametrize("budget", [0, -100, "abc", 1.5, None, 10**12, True])
def test_budget_must_be_a_positive_whole_amount(brand, budget):
    assert "budget" in _errors(brand, budget=budget)


def test_min_followers_above_max_is_rejected(brand):
    assert "max_followers" in _errors(brand, min_followers=50_000, max_followers=1_000)


@pytest.mark.parametrize(
    "field,value",
    [
        ("category", "cars"),
        ("platforms", ["myspace"]),
        ("platforms", "douyin"),
        ("platforms", []),
        ("collab_types", ["unboxing"]),
        ("collab_types", []),
        ("currency", "eur"),
        ("status", "closed"),
        ("status", "published"),
    ],
)
def test_unknown_enums_are_rejected(brand, field, value):
    assert field in _errors(brand, **{field: value})


def test_deadline_in_the_past_or_malformed_is_rejected(brand):
    yesterday = (utcnow().date() - timedelta(days=1)).isoformat()
    assert "deadline" in _errors(brand, deadline=yesterday)
    assert "deadline" in _errors(brand, deadline="next friday")


def test_today_is_an_allowed_deadline(brand):
    brief = lifecycle.create_brief(brand, **brief_payload(deadline=utcnow().date().isoformat()))
    assert brief.deadline == utcnow().date()


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", "x" * 161),
        ("title", ""),
        ("description", "x" * 5001),
        ("product_url", "https://" + "a" * 300 + ".com"),
        ("product_url", "javascript:alert(1)"),
        ("product_url", "ftp://example.com/item"),
    ],
)
def test_oversized_or_bad_text_is_rejected(brand, field, value):
    assert field in _errors(brand, **{field: value})


@pytest.mark.parametrize("wanted", [0, 101, -1, "many"])
def test_kols_wanted_is_between_1_and_100(brand, wanted):
    assert "kols_wanted" in _errors(brand, kols_wanted=wanted)


def test_target_audience_may_be_partial_but_not_over_100_percent(brand):
    brief = lifecycle.create_brief(
        brand, **brief_payload(target_audience={"age": {"18-24": 0.5}, "region": {"tier1": 0.3}})
    )
    assert brief.target_audience["age"] == {"18-24": 0.5}
    errors = _errors(brand, target_audience={"gender": {"female": 0.9, "male": 0.5}})
    assert "target_audience.gender" in errors
    assert "target_audience.age" in _errors(brand, target_audience={"age": {"99+": 0.2}})
    assert "target_audience" in _errors(brand, target_audience=[1, 2])


def test_a_kol_cannot_create_a_brief(kol):
    with pytest.raises(NotAllowed):
        lifecycle.create_brief(kol, **brief_payload())


def test_update_changes_fields_and_validates_the_whole(brand):
    brief = make_brief(brand, status="draft")
    updated = lifecycle.update_brief(brand, brief.id, {"title": "New title", "budget": 700_000})
    assert (updated.title, updated.budget) == ("New title", 700_000)
    with pytest.raises(ValidationFailed) as info:
        lifecycle.update_brief(brand, brief.id, {"min_followers": 900_000})
    assert "max_followers" in info.value.fields
    db.session.expire_all()
    assert db.session.get(Brief, brief.id).min_followers == 10_000


def test_update_keeps_a_passed_deadline_unless_it_changes(brand):
    past = utcnow().date() - timedelta(days=3)
    brief = make_brief(brand, status="draft", deadline=past)
    assert lifecycle.update_brief(brand, brief.id, {"title": "Still fine"}).deadline == past
    with pytest.raises(ValidationFailed):
        lifecycle.update_brief(
            brand, brief.id, {"deadline": (past - timedelta(days=1)).isoformat()}
        )


def test_update_of_another_brands_brief_is_not_found(brand):
    other = factories.make_brand()
    brief = make_brief(other)
    with pytest.raises(NotFound):
        lifecycle.update_brief(brand, brief.id, {"title": "Mine now"})
    with pytest.raises(NotFound):
        lifecycle.set_brief_status(brand, brief.id, "closed")


def test_closed_brief_cannot_be_edited(brand):
    brief = make_brief(brand, status="closed")
    with pytest.raises(Conflict):
        lifecycle.update_brief(brand, brief.id, {"title": "Reopen?"})


def test_currency_is_fixed_once_kols_applied(brand, kol):
    brief = make_brief(brand)
    make_application(kol, brief)
    with pytest.raises(ValidationFailed) as info:
        lifecycle.update_brief(brand, brief.id, {"currency": "usd"})
    assert "currency" in info.value.fields


@pytest.mark.parametrize(
    "start,target", [("draft", "open"), ("open", "closed"), ("draft", "closed")]
)
def test_allowed_status_moves(brand, start, target):
    brief = make_brief(brand, status=start)
    assert lifecycle.set_brief_status(brand, brief.id, target).status == target


@pytest.mark.parametrize(
    "start,target",
    [("open", "draft"), ("closed", "open"), ("closed", "draft"), ("open", "open")],
)
def test_other_status_moves_conflict_and_change_nothing(brand, start, target):
    brief = make_brief(brand, status=start)
    with pytest.raises(Conflict):
        lifecycle.set_brief_status(brand, brief.id, target)
    db.session.expire_all()
    assert db.session.get(Brief, brief.id).status == start


def test_unknown_status_is_a_validation_error(brand):
    brief = make_brief(brand, status="draft")
    with pytest.raises(ValidationFailed):
        lifecycle.set_brief_status(brand, brief.id, "archived")


def test_opening_needs_a_deadline_not_in_the_past(brand):
    brief = make_brief(brand, status="draft", deadline=utcnow().date() - timedelta(days=1))
    with pytest.raises(ValidationFailed) as info:
        lifecycle.set_brief_status(brand, brief.id, "open")
    assert "deadline" in info.value.fields


def test_update_can_move_status_with_fields(brand):
    brief = make_brief(brand, status="draft")
    updated = lifecycle.update_brief(brand, brief.id, {"status": "open", "kols_wanted": 5})
    assert (updated.status, updated.kols_wanted) == ("open", 5)
    with pytest.raises(Conflict):
        lifecycle.update_brief(brand, brief.id, {"status": "draft", "title": "Back"})
    db.session.expire_all()
    assert db.session.get(Brief, brief.id).title == brief_payload()["title"]


def test_get_brief_visibility(brand, kol):
    other = factories.make_brand()
    draft = make_brief(brand, status="draft")
    opened = make_brief(brand, status="open")
    closed = make_brief(brand, status="closed")
    assert lifecycle.get_brief(brand, draft.id) is not None
    assert lifecycle.get_brief(kol, opened.id).id == opened.id
    for actor, brief in ((kol, draft), (kol, closed), (other, draft), (other, opened)):
        with pytest.raises(NotFound):
            lifecycle.get_brief(actor, brief.id)
    with pytest.raises(NotFound):
        lifecycle.get_brief(brand, 999_999)


def test_a_kol_still_sees_a_closed_brief_it_applied_to(brand, kol):
    brief = make_brief(brand, status="closed")
    make_application(kol, brief)
    assert lifecycle.get_brief(kol, brief.id).id == brief.id
