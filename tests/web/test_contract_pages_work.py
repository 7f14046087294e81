"""Contract pages after the offer: fund, proof, revision, approve, cancel, dispute, thread,
reviews. Each action by its party; the other party sees no button and a forged POST is
refused with the contract unchanged."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import ContractMessage, ContractReview, PaymentAttempt
from marketplace.models.base import utcnow
from tests import factories
from tests.factories.contracts import POST_URL, make_contract
from tests.factories.kols import image_bytes
from tests.web.test_contract_pages import _contract, _text


def _status(deal) -> str:
    return _contract(deal.id).status


def test_brand_funds_with_the_test_card(client_for):
    deal = make_contract("accepted")
    client = client_for(deal.brand)
    page = _text(client.get(f"/contracts/{deal.id}"))
    assert 'data-testid="test-mode-badge"' in page and "Test mode — no real money moves" in page
    assert 'value="pm_card_chargeDeclined"' in page
    response = client.post(
        f"/contracts/{deal.id}/fund", data={"payment_method": "pm_card_visa"}, follow_redirects=True
    )
    html = _text(response)
    assert "Payment received" in html
    assert _status(deal) == "funded"
    panel = html[html.index('data-testid="money-panel"') :]
    assert 'data-testid="money-escrow">CN¥3,000<' in panel


def test_a_declined_card_says_why_and_changes_nothing(client_for):
    deal = make_contract("accepted")
    response = client_for(deal.brand).post(
        f"/contracts/{deal.id}/fund",
        data={"payment_method": "pm_card_chargeDeclined"},
        follow_redirects=True,
    )
    html = _text(response)
    assert response.status_code == 200
    assert "declined" in html.lower() and 'class="alert alert-danger' in html
    contract = _contract(deal.id)
    assert (contract.status, contract.funded_at) == ("accepted", None)
    assert 'data-testid="action-fund"' in html
    assert 'data-testid="money-escrow">CN¥0<' in html


def test_kol_cannot_fund(client_for):
    deal = make_contract("accepted")
    client = client_for(deal.kol)
    assert 'data-testid="form-fund"' not in _text(client.get(f"/contracts/{deal.id}"))
    response = client.post(
        f"/contracts/{deal.id}/fund", data={"payment_method": "pm_card_visa"}, follow_redirects=True
    )
    assert 'class="alert alert-danger' in _text(response)
    assert _status(deal) == "accepted"
    assert db.session.scalar(select(func.count(PaymentAttempt.id))) == 0


def test_kol_submits_proof_with_screenshots(client_for):
    deal = make_contract("funded")
    client = client_for(deal.kol)
    response = client.post(
        f"/contracts/{deal.id}/submit",
        data={
            "post_urls": POST_URL,
            "notes": "Posted at 8pm",
            "screenshots": [(BytesIO(image_bytes()), "shot.png")],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = _text(response)
    assert "Your proof is submitted." in html
    assert _status(deal) == "submitted"
    assert f'href="{POST_URL}" rel="noopener nofollow ugc" target="_blank"' in html
    [name] = _contract(deal.id).submissions[0].screenshots
    shot = f"/contracts/{deal.id}/screenshots/{name}"
    assert shot in html
    assert client.get(shot).mimetype in ("image/png", "image/jpeg")
    assert client_for(deal.brand).get(shot).status_code == 200
    assert client_for(factories.make_brand()).get(shot).status_code == 404


def test_a_link_off_the_platform_is_shown_as_a_field_error(client_for):
    deal = make_contract("funded")
    response = client_for(deal.kol).post(
        f"/contracts/{deal.id}/submit", data={"post_urls": "https://evil.example/post"}
    )
    assert response.status_code == 400
    html = _text(response)
    start = html.index('data-testid="form-submit"')
    assert "invalid-feedback" in html[start : html.index("</form>", start)]
    assert _status(deal) == "funded"


def test_brand_cannot_submit_proof(client_for):
    deal = make_contract("funded")
    client = client_for(deal.brand)
    assert 'data-testid="form-submit"' not in _text(client.get(f"/contracts/{deal.id}"))
    response = client.post(
        f"/contracts/{deal.id}/submit", data={"post_urls": POST_URL}, follow_redirects=True
    )
    assert 'class="alert alert-danger' in _text(response)
    assert _status(deal) == "funded"


def test_brand_asks_for_a_revision_and_sees_how_many_are_left(client_for):
    deal = make_contract("submitted")
    client = client_for(deal.brand)
    assert "2 revisions left" in _text(client.get(f"/contracts/{deal.id}"))
    response = client.post(
        f"/contracts/{deal.id}/revision", data={"message": "Tag us"}, follow_redirects=True
    )
    assert "Revision requested." in _text(response)
    contract = _contract(deal.id)
    assert (contract.status, contract.revisions_used) == ("revision_requested", 1)


def test_a_revision_needs_a_message(client_for):
    deal = make_contract("submitted")
    response = client_for(deal.brand).post(f"/contracts/{deal.id}/revision", data={"message": ""})
    assert response.status_code == 400
    assert _status(deal) == "submitted"


def test_no_revision_button_once_they_are_used_up(client_for):
    deal = make_contract("submitted", revisions=0)
    client = client_for(deal.brand)
    html = _text(client.get(f"/contracts/{deal.id}"))
    assert 'data-testid="form-revision"' not in html
    assert "All agreed revisions are used" in html
    response = client.post(
        f"/contracts/{deal.id}/revision", data={"message": "Again"}, follow_redirects=True
    )
    assert "revisions have been used" in _text(response)
    assert _status(deal) == "submitted"


def test_brand_approves_and_the_money_is_released(client_for):
    deal = make_contract("submitted")
    response = client_for(deal.brand).post(f"/contracts/{deal.id}/approve", follow_redirects=True)
    html = _text(response)
    assert "Approved. The payment is released to the KOL." in html
    assert _status(deal) == "completed"
    assert 'data-testid="money-released">CN¥3,000<' in html


def test_kol_cannot_approve(client_for):
    deal = make_contract("submitted")
    client = client_for(deal.kol)
    assert 'data-testid="action-approve"' not in _text(client.get(f"/contracts/{deal.id}"))
    response = client.post(f"/contracts/{deal.id}/approve", follow_redirects=True)
    assert 'class="alert alert-danger' in _text(response)
    assert _status(deal) == "submitted"


@pytest.mark.parametrize("party", ["brand", "kol"])
def test_either_side_cancels_before_funding(client_for, party):
    deal = make_contract("accepted")
    client = client_for(getattr(deal, party))
    assert "Nothing has been paid yet" in _text(client.get(f"/contracts/{deal.id}"))
    response = client.post(f"/contracts/{deal.id}/cancel", data={}, follow_redirects=True)
    assert "The contract is cancelled." in _text(response)
    assert _status(deal) == "cancelled"


def test_funded_cancel_needs_both_sides(client_for):
    deal = make_contract("submitted")
    kol_client, brand_client = client_for(deal.kol), client_for(deal.brand)
    assert "cancelling needs both sides" in _text(kol_client.get(f"/contracts/{deal.id}"))
    response = kol_client.post(
        f"/contracts/{deal.id}/cancel", data={"reason": "Cannot post"}, follow_redirects=True
    )
    html = _text(response)
    assert "the other party must confirm it" in html
    assert "You asked to cancel" in html and 'data-testid="action-request_cancel"' not in html
    assert _status(deal) == "submitted"

    page = _text(brand_client.get(f"/contracts/{deal.id}"))
    assert 'data-testid="action-confirm_cancel"' in page and "Cannot post" in page
    response = brand_client.post(f"/contracts/{deal.id}/cancel", data={}, follow_redirects=True)
    html = _text(response)
    assert "The contract is cancelled." in html
    assert _status(deal) == "cancelled"
    assert 'data-testid="money-refunded">CN¥3,000<' in html


def test_brand_cancels_an_overdue_unsubmitted_contract_alone(client_for):
    deal = make_contract("funded")
    contract = _contract(deal.id)
    contract.due_date = utcnow().date() - timedelta(days=1)
    db.session.commit()
    client = client_for(deal.brand)
    assert "The due date has passed" in _text(client.get(f"/contracts/{deal.id}"))
    response = client.post(f"/contracts/{deal.id}/cancel", data={}, follow_redirects=True)
    assert "The contract is cancelled." in _text(response)
    assert _status(deal) == "cancelled"


@pytest.mark.parametrize("party", ["brand", "kol"])
def test_either_side_opens_a_dispute(client_for, party):
    deal = make_contract("submitted")
    response = client_for(getattr(deal, party)).post(
        f"/contracts/{deal.id}/dispute",
        data={"category": "not_as_agreed", "reason": "The post was deleted"},
        follow_redirects=True,
    )
    html = _text(response)
    assert "Dispute opened." in html and "Waiting for an admin" in html
    assert 'data-testid="open-dispute"' in html and "The post was deleted" in html
    assert _status(deal) == "disputed"


def test_a_dispute_needs_a_reason(client_for):
    deal = make_contract("funded")
    response = client_for(deal.brand).post(
        f"/contracts/{deal.id}/dispute", data={"category": "late", "reason": ""}
    )
    assert response.status_code == 400
    assert _status(deal) == "funded"


def test_actions_on_a_closed_contract_are_refused(client_for):
    deal = make_contract("completed")
    client = client_for(deal.brand)
    for action in ("approve", "withdraw", "cancel", "accept"):
        response = client.post(f"/contracts/{deal.id}/{action}", follow_redirects=True)
        assert response.status_code == 200
        assert 'class="alert alert-danger' in _text(response)
    assert _status(deal) == "completed"


def test_the_parties_write_in_the_thread_and_admins_read_it(client_for):
    deal = make_contract("funded")
    response = client_for(deal.kol).post(
        f"/contracts/{deal.id}/messages", data={"body": "Posting tonight"}, follow_redirects=True
    )
    assert "Message sent." in _text(response)
    page = _text(client_for(deal.brand).get(f"/contracts/{deal.id}"))
    assert "Posting tonight" in page and 'data-testid="form-message"' in page
    admin_client = client_for(factories.make_admin())
    admin_page = _text(admin_client.get(f"/contracts/{deal.id}"))
    assert "Posting tonight" in admin_page and 'data-testid="form-message"' not in admin_page
    response = admin_client.post(f"/contracts/{deal.id}/messages", data={"body": "Hi"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(ContractMessage.id))) == 1
    assert client_for(factories.make_kol()).get(f"/contracts/{deal.id}").status_code == 404


def test_an_empty_message_is_a_field_error(client_for):
    deal = make_contract("funded")
    response = client_for(deal.kol).post(f"/contracts/{deal.id}/messages", data={"body": ""})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(ContractMessage.id))) == 0


def test_both_sides_review_and_see_both_reviews(client_for):
    deal = make_contract("completed")
    kol_client, brand_client = client_for(deal.kol), client_for(deal.brand)
    assert 'data-testid="form-review"' in _text(brand_client.get(f"/contracts/{deal.id}"))
    response = brand_client.post(
        f"/contracts/{deal.id}/review",
        data={"rating": "5", "comment": "Great post"},
        follow_redirects=True,
    )
    assert "once the other side writes theirs" in _text(response)
    kol_page = _text(kol_client.get(f"/contracts/{deal.id}"))
    assert "Great post" not in kol_page and 'data-testid="review-waiting"' in kol_page
    response = kol_client.post(
        f"/contracts/{deal.id}/review",
        data={"rating": "4", "comment": "Paid fast"},
        follow_redirects=True,
    )
    html = _text(response)
    assert "Both reviews are now shown." in html
    assert "Great post" in html and "Paid fast" in html
    assert 'data-testid="form-review"' not in html
    assert db.session.scalar(select(func.count(ContractReview.id))) == 2


def test_a_review_needs_a_rating_and_an_open_contract_cannot_be_reviewed(client_for):
    done = make_contract("completed")
    response = client_for(done.brand).post(f"/contracts/{done.id}/review", data={"comment": "x"})
    assert response.status_code == 400
    live = make_contract("funded")
    response = client_for(live.brand).post(
        f"/contracts/{live.id}/review", data={"rating": "5"}, follow_redirects=True
    )
    assert 'class="alert alert-danger' in _text(response)
    assert db.session.scalar(select(func.count(ContractReview.id))) == 0
