"""The notifications page, opening a notification, marking all read, and the nav badge."""

from __future__ import annotations

import re

from marketplace.models import Notification
from tests.factories.contracts import make_contract


def _badge(page: str) -> str | None:
    match = re.search(r'data-testid="unread-count">.*?</span>(\d+\+?)</span>', page, re.S)
    return match.group(1) if match else None


def _unread(user) -> int:
    return Notification.query.filter_by(user_id=user.id, read_at=None).count()


def test_the_nav_shows_the_unread_count(login_as):
    deal = make_contract("submitted")
    browser = login_as(deal.brand)
    page = browser.get("/dashboard").get_data(as_text=True)
    assert 'data-testid="nav-notifications"' in page
    assert _badge(page) == "2"


def test_no_badge_without_unread_notifications(login_as, brand):
    page = login_as(brand).get("/dashboard").get_data(as_text=True)
    assert 'data-testid="nav-notifications"' in page and _badge(page) is None


def test_signed_out_visitors_see_no_notifications_link(client):
    assert "nav-notifications" not in client.get("/").get_data(as_text=True)
    response = client.get("/notifications")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_page_lists_notifications_newest_first(login_as):
    deal = make_contract("completed", title="Autumn lipstick review")
    page = login_as(deal.kol).get("/notifications").get_data(as_text=True)
    texts = re.findall(r'data-testid="notification-text">([^<]+)</button>', page)
    assert texts == [
        f"{deal.brand.name} approved Autumn lipstick review; the payment is released",
        f"{deal.brand.name} funded the escrow for Autumn lipstick review; you can start the work",
        f"{deal.brand.name} sent you an offer: Autumn lipstick review",
    ]
    assert page.count('data-unread="1"') == 3


def test_opening_a_notification_marks_it_read_and_goes_to_the_contract(login_as):
    deal = make_contract("offered")
    notice = Notification.query.filter_by(user_id=deal.kol.id).one()
    response = login_as(deal.kol).post(f"/notifications/{notice.id}/open")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contracts/{deal.id}"
    assert _unread(deal.kol) == 0


def test_someone_elses_notification_is_not_opened(login_as):
    deal = make_contract("accepted")
    notice = Notification.query.filter_by(user_id=deal.brand.id).one()
    response = login_as(deal.kol).post(f"/notifications/{notice.id}/open")
    assert response.headers["Location"].endswith("/notifications")
    assert _unread(deal.brand) == 1


def test_mark_all_read_clears_the_badge(login_as):
    deal = make_contract("completed")
    browser = login_as(deal.kol)
    assert 'data-testid="mark-all-read"' in browser.get("/notifications").get_data(as_text=True)
    page = browser.post("/notifications/read", follow_redirects=True).get_data(as_text=True)
    assert _unread(deal.kol) == 0
    assert _badge(page) is None and 'data-unread="1"' not in page
    assert _unread(deal.brand) == 2


def test_the_forms_need_a_csrf_token(app, login_as):
    deal = make_contract("funded")
    browser = login_as(deal.kol)
    notice = Notification.query.filter_by(user_id=deal.kol.id).first()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert browser.post("/notifications/read").status_code == 400
        assert browser.post(f"/notifications/{notice.id}/open").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert _unread(deal.kol) == 2


def test_an_empty_list_says_so(login_as, brand):
    page = login_as(brand).get("/notifications").get_data(as_text=True)
    assert 'data-testid="no-notifications"' in page
