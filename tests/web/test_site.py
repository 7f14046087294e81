import pytest

from marketplace import create_app
from marketplace.config import ConfigError


def test_landing_page_speaks_to_brands_and_kols(client):
    page = client.get("/").get_data(as_text=True)
    assert "How it works for brands and merchants" in page
    assert "How it works for KOLs and creators" in page
    assert "/bootstrap/static/css/bootstrap.min.css" in page  # served locally, no CDN
    assert "cdn." not in page and "jsdelivr" not in page


def test_bootstrap_assets_are_served_by_the_app(client):
    for path in (
        "/bootstrap/static/css/bootstrap.min.css",
        "/bootstrap/static/umd/popper.min.js",
        "/static/css/app.css",
    ):
        assert client.get(path).status_code == 200, path


def test_test_mode_banner_with_the_sandbox_gateway(client):
    assert 'data-testid="test-mode"' in client.get("/").get_data(as_text=True)


def test_accept_language_picks_chinese(client):
    page = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    assert 'lang="zh-Hans"' in page
    assert "找到合适的达人" in page


def test_english_is_the_default(client):
    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="en"' in page and "Find the right KOLs" in page


def test_language_switcher_overrides_accept_language(client):
    response = client.get("/lang/zh?next=/auth/login", headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.location.endswith("/auth/login")
    page = client.get("/auth/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "登录" in page
    client.get("/lang/en")
    assert "Log in" in client.get("/auth/login").get_data(as_text=True)


def test_language_switcher_ignores_unknown_codes_and_foreign_redirects(client):
    response = client.get("/lang/xx?next=https://evil.example/")
    assert response.status_code == 302 and response.location == "/"


def test_money_is_formatted_by_babel_per_locale(app):
    from marketplace.i18n import format_money

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert format_money(123456, "cny") == "CN¥1,234.56"
        assert format_money(500, "usd") == "$5"  # whole amounts without ".00"
        assert format_money(1_234_567_800, "usd", compact=True) == "$12.3M"
    with app.test_request_context(headers={"Accept-Language": "zh"}):
        assert format_money(123456, "cny") == "¥1,234.56"
        assert format_money(1_234_567_800, "cny", compact=True) == "¥1234.6万"


def test_friendly_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert 'data-testid="error-page"' in response.get_data(as_text=True)


def test_friendly_404_page_in_chinese(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "zh"})
    assert "我们找不到这个页面" in response.get_data(as_text=True)


def test_friendly_500_page(client, monkeypatch):
    import marketplace.main.views as views

    def boom(*args, **kwargs):
        raise RuntimeError("hidden detail")

    monkeypatch.setattr(views, "render_template", boom)
    response = client.get("/")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page and "hidden detail" not in page


def test_dashboard_needs_login(client):
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_role_aware_dashboard(client, login_as, kol):
    page = login_as(kol).get("/dashboard").get_data(as_text=True)
    assert "You are signed in as a KOL." in page


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ConfigError):
        create_app()


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
