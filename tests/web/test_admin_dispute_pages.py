"""Admin dispute pages: the queue, one dispute, assigning, the two-step resolve form."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from marketplace.extensions import db
from marketplace.models import AuditEntry, Dispute
from marketplace.models.base import utcnow
from marketplace.services.contracts import dispute_evidence, disputes, messages
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories.contracts import Deal, make_contract
from tests.factories.kols import image_bytes


def _upload(name: str) -> FileStorage:
    return FileStorage(BytesIO(image_bytes()), filename=name, content_type="image/png")


def _text(response) -> str:
    return response.get_data(as_text=True)


def _disputed(status: str = "disputed", **terms) -> tuple[Deal, Dispute]:
    deal = make_contract(status, **terms)
    dispute = db.session.scalar(select(Dispute).where(Dispute.contract_id == deal.id))
    assert dispute is not None
    return deal, dispute


def _fresh(dispute_id: int) -> Dispute:
    db.session.expire_all()
    dispute = db.session.get(Dispute, dispute_id)
    assert dispute is not None
    return dispute


@pytest.fixture
def admin_client(admin, client_for):
    return client_for(admin)


def test_non_admins_and_strangers_get_404_on_every_dispute_page(client_for, client, ctx):
    deal, dispute = _disputed()
    urls = [
        ("get", "/admin/disputes"),
        ("get", f"/admin/disputes/{dispute.id}"),
        ("post", f"/admin/disputes/{dispute.id}/assign"),
        ("post", f"/admin/disputes/{dispute.id}/resolve"),
        ("post", f"/admin/disputes/{dispute.id}/resolve/confirm"),
    ]
    for visitor in (client_for(deal.brand), client_for(deal.kol), client):
        for method, url in urls:
            assert getattr(visitor, method)(url).status_code == 404, (method, url)
    assert _fresh(dispute.id).status == "open"


def test_queue_shows_money_time_left_and_default_eligibility(admin_client, ctx):
    _, waiting = _disputed(price=500_000)
    _, late = _disputed(price=200_000)
    waiting.response_due_at = utcnow() + timedelta(days=2, hours=1)
    late.response_due_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    page = _text(admin_client.get("/admin/disputes"))
    assert page.index(f'dispute-row-{late.id}"') < page.index(f'dispute-row-{waiting.id}"')
    row = page[page.index(f'dispute-row-{waiting.id}"') :]
    assert "CN¥5,000" in row[:2000] and "2 days left" in row[:2000]
    start, end = page.index(f'dispute-row-{late.id}"'), page.index(f'dispute-row-{waiting.id}"')
    late_row = page[start:end]
    assert "Deadline passed" in late_row and 'data-testid="default-eligible"' in late_row
    eligible = _text(admin_client.get("/admin/disputes?eligible=1"))
    assert f'dispute-row-{late.id}"' in eligible and f'dispute-row-{waiting.id}"' not in eligible


def test_bad_filters_are_a_400_with_the_errors(admin_client):
    response = admin_client.get("/admin/disputes?status=lost&page=x")
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in _text(response)


def test_assign_to_me_needs_csrf_and_is_audited(admin_client, admin, request, ctx):
    _, dispute = _disputed()
    request.getfixturevalue("csrf_on")
    page = _text(admin_client.get("/admin/disputes"))
    forms = re.findall(r"<form method=\"post\".*?</form>", page, re.S)
    assert forms and all('name="csrf_token"' in form for form in forms)
    admin_client.post(f"/admin/disputes/{dispute.id}/assign")
    assert _fresh(dispute.id).assigned_to_id is None
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = admin_client.post(f"/admin/disputes/{dispute.id}/assign", data={"csrf_token": token})
    assert response.status_code == 302
    assert _fresh(dispute.id).assigned_to_id == admin.id
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "dispute.assign"))
    mine = _text(admin_client.get("/admin/disputes?assignment=me"))
    assert f'dispute-row-{dispute.id}"' in mine


def test_the_dispute_page_shows_terms_timeline_thread_posts_and_statements(admin_client, ctx):
    deal = make_contract("submitted", price=300_000)
    messages.post_message(deal.brand, deal.id, "Where is the second post?")
    disputes.open_dispute(deal.brand, deal.id, "Only one of two posts", "not_as_agreed")
    dispute = disputes.open_dispute_of(deal.contract)
    dispute_evidence.add_evidence(deal.kol, dispute.id, _upload("kol-shot.png"), "Post 2 queued")
    page = _text(admin_client.get(f"/admin/disputes/{dispute.id}"))
    for testid in ("terms", "timeline", "thread", "submissions", "statements", "money-panel"):
        assert f'data-testid="{testid}"' in page, testid
    assert "Where is the second post?" in page and "Only one of two posts" in page
    assert "xiaohongshu.com/explore" in page
    assert 'data-testid="held-amount">CN¥3,000' in page
    assert "CN¥300" in page  # the fee on the price, in the money panel
    assert 'data-testid="form-resolve"' in page
    evidence = dispute.evidence[0]
    link = f'href="/disputes/evidence/{evidence.token}"'
    assert link in page and "kol-shot.png" in page and "Post 2 queued" in page
    assert admin_client.get(f"/disputes/evidence/{evidence.token}").status_code == 200
    history = page[page.index('data-testid="history-brand"') :]
    assert "Opened 1" in history[:400]
    kol_history = page[page.index('data-testid="history-kol"') :]
    assert "opened against 1" in kol_history[:400]


def test_unknown_dispute_is_404(admin_client):
    assert admin_client.get("/admin/disputes/999999").status_code == 404


def _plan(admin_client, dispute_id: int, **data):
    return admin_client.post(f"/admin/disputes/{dispute_id}/resolve", data=data)


def test_resolve_shows_the_exact_amounts_then_books_them_on_confirmation(admin_client, ctx):
    deal, dispute = _disputed(price=300_000)
    response = _plan(
        admin_client, dispute.id, outcome="percent", kol_percent="60", note="Two of three posts"
    )
    page = _text(response)
    assert response.status_code == 200 and 'data-testid="form-confirm-resolution"' in page
    assert 'data-testid="plan-kol-gross">CN¥1,800' in page
    assert 'data-testid="plan-fee">CN¥180' in page
    assert 'data-testid="plan-kol-net">CN¥1,620' in page
    assert 'data-testid="plan-brand">CN¥1,200' in page
    assert _fresh(dispute.id).status == "open"  # nothing booked yet
    confirm = {"kol_amount": "180000", "brand_refund": "120000", "note": "Two of three posts"}
    unticked = admin_client.post(f"/admin/disputes/{dispute.id}/resolve/confirm", data=confirm)
    assert unticked.status_code == 400 and "Tick the box" in _text(unticked)
    assert _fresh(dispute.id).status == "open"
    done = admin_client.post(
        f"/admin/disputes/{dispute.id}/resolve/confirm", data={**confirm, "confirm": "y"}
    )
    assert done.status_code == 302
    resolved = _fresh(dispute.id)
    assert (resolved.status, resolved.kol_amount, resolved.brand_refund) == (
        "resolved",
        180_000,
        120_000,
    )
    assert resolved.resolution_note == "Two of three posts"
    assert balance(accounts.kol_available(deal.kol.id), "cny") == 162_000
    page = _text(admin_client.get(f"/admin/disputes/{dispute.id}"))
    assert 'data-testid="outcome-reason">Two of three posts' in page
    again = admin_client.post(
        f"/admin/disputes/{dispute.id}/resolve/confirm",
        data={**confirm, "confirm": "y"},
        follow_redirects=True,
    )
    assert "already resolved" in _text(again)
    assert balance(accounts.kol_available(deal.kol.id), "cny") == 162_000


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"outcome": "amounts", "kol_amount": "1000", "brand_refund": "1000", "note": "x"},
            "must add up to the escrowed amount",
        ),
        ({"outcome": "release", "note": ""}, "This field is required."),
        ({"outcome": "percent", "kol_percent": "120", "note": "x"}, "from 0 to 100"),
        ({"outcome": "amounts", "kol_amount": "abc", "note": "x"}, "Enter an amount like"),
    ],
)
def test_bad_resolutions_show_form_errors_and_change_nothing(admin_client, ctx, data, message):
    deal, dispute = _disputed(price=300_000)
    response = _plan(admin_client, dispute.id, **data)
    assert response.status_code == 400
    page = _text(response)
    assert message in page and 'data-testid="form-resolve"' in page
    assert 'data-testid="form-confirm-resolution"' not in page
    assert _fresh(dispute.id).status == "open"
    assert balance(accounts.escrow(deal.id), "cny") == 300_000


def test_tampered_confirmation_amounts_change_nothing(admin_client, ctx):
    deal, dispute = _disputed(price=300_000)
    response = admin_client.post(
        f"/admin/disputes/{dispute.id}/resolve/confirm",
        data={"kol_amount": "300000", "brand_refund": "1", "note": "x", "confirm": "y"},
    )
    assert response.status_code == 400
    assert "must add up to the escrowed amount" in _text(response)
    assert _fresh(dispute.id).status == "open"
    assert balance(accounts.escrow(deal.id), "cny") == 300_000


def test_a_resolved_or_withdrawn_dispute_has_no_resolve_form(admin_client, ctx):
    _, resolved = _disputed("resolved")
    page = _text(admin_client.get(f"/admin/disputes/{resolved.id}"))
    assert 'data-testid="outcome"' in page and 'data-testid="form-resolve"' not in page
    response = _plan(admin_client, resolved.id, outcome="refund", note="x")
    assert response.status_code == 302
    _, withdrawn = _disputed()
    withdrawn.status = "withdrawn"
    db.session.commit()
    refused = _plan(admin_client, withdrawn.id, outcome="refund", note="x")
    assert refused.status_code == 302
    followed = _text(admin_client.get(refused.location))
    assert "withdrawn" in followed and 'data-testid="form-resolve"' not in followed
    assert _fresh(withdrawn.id).status == "withdrawn"


def test_a_missed_deadline_offers_the_default_outcome_for_the_side_that_answered(admin_client, ctx):
    _, dispute = _disputed()  # opened by the brand
    dispute.response_due_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    page = _text(admin_client.get(f"/admin/disputes/{dispute.id}"))
    assert 'data-testid="default-eligible"' in page and "in favour of the brand" in page
    assert re.search(r'<input[^>]*checked[^>]*value="refund"|value="refund"[^>]*checked', page)
    assert _fresh(dispute.id).status == "open"  # an admin still confirms it
