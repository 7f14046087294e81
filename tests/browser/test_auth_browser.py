"""Sign-up, logout and login in a real Chromium against a live server."""

from playwright.sync_api import expect


def test_brand_signs_up_logs_out_and_logs_in(page):
    page.goto("/")
    page.get_by_role("link", name="I am a brand").click()
    page.get_by_label("Name").fill("Lumi Skin")
    page.get_by_label("Email").fill("lumi@example.com")
    page.get_by_label("Password", exact=True).fill("long-enough-1")
    page.get_by_label("Repeat password").fill("long-enough-1")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_test_id("role")).to_contain_text("You are signed in as a brand.")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("lumi@example.com")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("Invalid email or password.")

    page.get_by_label("Password").fill("long-enough-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Hello, Lumi Skin")).to_be_visible()


def test_signup_form_errors_show_in_the_page(page):
    page.goto("/auth/signup")
    page.get_by_label("Name").fill("X")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat password").fill("different")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert page.url.endswith("/auth/signup")


def test_language_switcher_in_the_browser(page):
    page.goto("/")
    page.get_by_test_id("lang-menu").click()
    page.locator("a.dropdown-item[lang=zh]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
