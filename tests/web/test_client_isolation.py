"""The test client gives every request its own application context, as production does."""

from flask import g
from flask_babel import get_locale
from flask_login import current_user


def test_a_request_does_not_inherit_the_tests_locale_user_or_g(client, login_as, brand, ctx):
    assert str(get_locale()) == "en"  # cached in the test's own context
    g.leaked = "from the test"
    page = client.get("/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert 'lang="zh-Hans"' in page
    assert not current_user.is_authenticated  # the test's context has no login
    login_as(brand)
    assert "Log out" in client.get("/dashboard", follow_redirects=True).get_data(as_text=True)
    assert g.leaked == "from the test" and not current_user.is_authenticated
