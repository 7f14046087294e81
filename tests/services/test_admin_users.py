"""Admin account use cases: search, verification, suspension; only admins may use them."""

import pytest

from marketplace.domain.errors import NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import KolProfile, User
from marketplace.services.accounts import users
from marketplace.services.admin import moderation
from tests import factories


def test_list_users_finds_exact_email_or_name_prefix_and_filters_role(admin, ctx):
    mei = factories.make_kol(name="Mei Lin", email="mei@example.com")
    acme = factories.make_brand(name="Acme Tea", email="sales@acme.example")
    found = moderation.list_users(admin, q="MEI")
    assert (found.total, [r.user.id for r in found.items]) == (1, [mei.id])
    assert found.items[0].kol is not None and found.items[0].kol.verification == "unverified"
    found = moderation.list_users(admin, q="acme")
    assert found.total == 1 and found.items[0].kol is None
    # a name is matched from its start, an email only whole
    assert moderation.list_users(admin, q="Lin").total == 0
    assert moderation.list_users(admin, q="mei@example").total == 0
    assert moderation.list_users(admin, q="tea").total == 0
    found = moderation.list_users(admin, q=" Sales@ACME.example ")
    assert [r.user.id for r in found.items] == [acme.id]
    found = moderation.list_users(admin, role="kol")
    assert {r.user.role for r in found.items} == {"kol"} and found.total == 1


def test_search_treats_wildcards_literally(admin, ctx):
    factories.make_brand(name="100% Cotton")
    factories.make_brand(name="1000 Plain")
    factories.make_brand(name="A_b")
    factories.make_brand(name="Axb")
    assert moderation.list_users(admin, q="100%").total == 1
    assert moderation.list_users(admin, q="%").total == 0
    assert moderation.list_users(admin, q="a_").total == 1


def test_list_users_paginates_newest_first(admin, ctx):
    made = [factories.make_brand() for _ in range(3)]
    found = moderation.list_users(admin, role="brand", page=2, per_page=2)
    assert found.total == 3 and [r.user.id for r in found.items] == [made[0].id]
    assert moderation.list_users(admin, role="brand", page=3, per_page=2).items == []


def test_list_users_page_numbers_have_a_ceiling(admin):
    with pytest.raises(ValidationFailed) as caught:
        moderation.list_users(admin, page=10_001, per_page=101)
    assert set(caught.value.fields) == {"page", "per_page"}


def test_list_users_rejects_unknown_role_and_long_query(admin):
    with pytest.raises(ValidationFailed) as caught:
        moderation.list_users(admin, q="x" * 101, role="owner")
    assert set(caught.value.fields) == {"q", "role"}


def test_non_admins_cannot_use_admin_services(kol, brand):
    for actor in (kol, brand):
        for call in (
            lambda a=actor: moderation.list_users(a),
            lambda a=actor: moderation.suspend_user(a, brand.id, "spam"),
            lambda a=actor: moderation.unsuspend_user(a, brand.id, "appeal"),
            lambda a=actor: moderation.verify_kol(a, kol.id, "verified", "ok"),
            lambda a=actor: moderation.get_user(a, kol.id),
            lambda a=actor: moderation.dashboard_counts(a),
        ):
            with pytest.raises(NotAllowed):
                call()
    assert not db.session.get(User, brand.id).is_suspended


def test_suspend_and_unsuspend_need_a_reason(admin, brand):
    with pytest.raises(ValidationFailed) as caught:
        moderation.suspend_user(admin, brand.id, " ")
    assert "reason" in caught.value.fields
    assert not db.session.get(User, brand.id).is_suspended
    row = moderation.suspend_user(admin, brand.id, "Fake store")
    assert (row.user.is_suspended, row.user.suspended_reason) == (True, "Fake store")
    with pytest.raises(ValidationFailed):
        moderation.unsuspend_user(admin, brand.id, None)
    assert db.session.get(User, brand.id).is_suspended
    row = moderation.unsuspend_user(admin, brand.id, "Appeal upheld")
    assert (row.user.is_suspended, row.user.suspended_reason) == (False, None)


def test_suspension_stops_tokens(admin, kol, ctx):
    token = users.issue_token(kol)
    moderation.suspend_user(admin, kol.id, "fraud")
    assert users.user_for_token(token) is None


def test_unknown_users_and_admins_are_not_found(admin, ctx):
    other_admin = factories.make_admin()
    for user_id in (999_999, other_admin.id):
        with pytest.raises(NotFound):
            moderation.suspend_user(admin, user_id, "reason")
    with pytest.raises(NotFound):
        moderation.verify_kol(admin, 999_999, "verified", "checked")


def test_verify_needs_a_note(admin, kol):
    with pytest.raises(ValidationFailed) as caught:
        moderation.verify_kol(admin, kol.id, "verified", "  ")
    assert set(caught.value.fields) == {"reason"}
    assert db.session.get(KolProfile, kol.id).verification == "unverified"


def test_verify_defaults_to_verified(admin, kol):
    row = moderation.verify_kol(admin, kol.id, None, "Checked ID")
    assert row.kol.verification == "verified" and row.user.id == kol.id


def test_dashboard_counts(admin, kol, brand):
    moderation.suspend_user(admin, brand.id, "spam")
    counts = moderation.dashboard_counts(admin)
    assert (counts.suspended, counts.unverified_kols) == (1, 1)
