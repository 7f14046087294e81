"""The contract page's dispute panel: open with evidence, respond, add files, withdraw, outcome."""

from __future__ import annotations

from io import BytesIO

from marketplace.extensions import db
from marketplace.models import Dispute
from marketplace.services.contracts import disputes
from tests import factories
from tests.factories.contracts import make_contract
from tests.factories.disputes import PDF_BYTES, make_dispute
from tests.factories.kols import image_bytes
from tests.web.test_contract_pages import _contract, _text


def _dispute(dispute_id: int) -> Dispute:
    db.session.expire_all()
    dispute = db.session.get(Dispute, dispute_id)
    assert dispute is not None
    return dispute


def test_open_with_evidence_then_the_other_side_responds(client_for):
    deal = make_contract("submitted")
    brand = client_for(deal.brand)
    page = _text(brand.get(f"/contracts/{deal.id}"))
    assert 'enctype="multipart/form-data" data-testid="form-dispute"' in page
    response = brand.post(
        f"/contracts/{deal.id}/dispute",
        data={
            "category": "not_as_agreed",
            "reason": "Wrong product in the post",
            "evidence": [
                (BytesIO(image_bytes("PNG")), "wrong.png"),
                (BytesIO(PDF_BYTES), "brief.pdf"),
            ],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = _text(response)
    assert "Dispute opened." in html and "wrong.png" in html and "brief.pdf" in html
    assert 'data-testid="form-dispute-response"' not in html  # the opener does not respond
    assert 'data-testid="form-dispute-withdraw"' in html
    dispute = disputes.open_dispute_of(_contract(deal.id))
    kol = client_for(deal.kol)
    page = _text(kol.get(f"/contracts/{deal.id}"))
    assert 'data-testid="dispute-deadline"' in page and "has until" in page
    assert 'data-testid="form-dispute-response"' in page
    assert 'data-testid="form-dispute-withdraw"' not in page
    response = kol.post(
        f"/disputes/{dispute.id}/respond",
        data={
            "statement": "It is the product we agreed",
            "evidence": [(BytesIO(image_bytes("JPEG")), "ok.jpg")],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = _text(response)
    assert "Your response is on record." in html
    assert "It is the product we agreed" in html and "ok.jpg" in html
    assert [e.uploaded_by_role for e in _dispute(dispute.id).evidence] == ["brand", "brand", "kol"]


def test_a_disguised_file_shows_the_error_and_changes_nothing(client_for):
    deal, dispute = make_dispute("funded")
    response = client_for(deal.kol).post(
        f"/disputes/{dispute.id}/evidence",
        data={"file": (BytesIO(b"not an image"), "fake.png"), "note": "x"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    html = _text(response)
    assert 'data-testid="form-dispute-evidence"' in html
    assert "Upload an image (PNG, JPEG, WebP) or a PDF." in html
    assert _dispute(dispute.id).evidence == []


def test_a_response_needs_a_statement(client_for):
    deal, dispute = make_dispute("funded")
    response = client_for(deal.kol).post(f"/disputes/{dispute.id}/respond", data={"statement": ""})
    assert response.status_code == 400
    assert "This field is required." in _text(response)
    assert _dispute(dispute.id).responded_at is None


def test_withdrawing_needs_the_confirmation_box(client_for):
    deal, dispute = make_dispute("submitted")
    client = client_for(deal.brand)
    response = client.post(f"/disputes/{dispute.id}/withdraw", data={})
    assert response.status_code == 400 and "Tick the box to confirm." in _text(response)
    assert _dispute(dispute.id).status == "open"
    refused = client_for(deal.kol).post(
        f"/disputes/{dispute.id}/withdraw", data={"confirm": "y"}, follow_redirects=True
    )
    assert _dispute(dispute.id).status == "open"
    assert "Only the party that opened a dispute can withdraw it." in _text(refused)
    response = client.post(
        f"/disputes/{dispute.id}/withdraw", data={"confirm": "y"}, follow_redirects=True
    )
    assert "Dispute withdrawn." in _text(response)
    assert _contract(deal.id).status == "submitted"


def test_both_parties_see_the_outcome_with_the_reason(client_for):
    deal, dispute = make_dispute("submitted", price=300_000)
    disputes.resolve_dispute_percent(
        factories.make_admin(), dispute.id, kol_bps=6000, note="Two of the three posts were live"
    )
    for party in (deal.brand, deal.kol):
        html = _text(client_for(party).get(f"/contracts/{deal.id}"))
        assert 'data-testid="dispute-outcome"' in html
        assert "Decided as a split." in html
        assert "Two of the three posts were live" in html
        assert "CN¥1,800" in html and "CN¥1,620" in html and "CN¥1,200" in html
        assert 'data-testid="form-dispute-evidence"' not in html


def test_evidence_files_are_for_the_parties_and_admins_only(client_for):
    deal, dispute = make_dispute("funded", files=())
    client_for(deal.brand).post(
        f"/disputes/{dispute.id}/evidence",
        data={"file": (BytesIO(PDF_BYTES), "terms.pdf")},
        content_type="multipart/form-data",
    )
    evidence = _dispute(dispute.id).evidence[0]
    url = f"/disputes/evidence/{evidence.token}"
    for user in (deal.brand, deal.kol, factories.make_admin()):
        response = client_for(user).get(url)
        assert response.status_code == 200 and response.data == PDF_BYTES
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response.headers["Content-Disposition"]
    for stranger in (factories.make_brand(), factories.make_kol()):
        assert client_for(stranger).get(url).status_code == 404
        forged = client_for(stranger).post(
            f"/disputes/{dispute.id}/respond", data={"statement": "Hi"}
        )
        assert forged.status_code == 404
    assert _dispute(dispute.id).response is None
