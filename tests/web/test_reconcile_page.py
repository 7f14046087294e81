"""/admin/payments/reconcile: a date range form and the mismatches table; admins only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.extensions import db
from marketplace.models import SandboxOperation
from marketplace.models.base import utcnow
from marketplace.payments.gateway import GatewayUnavailable
from marketplace.payments.sandbox import SandboxGateway
from marketplace.services.unit_of_work import unit_of_work
from tests.factories.contracts import make_contract

URL = "/admin/payments/reconcile"


@pytest.fixture
def admin_client(admin, login_as):
    return login_as(admin)


def _today() -> str:
    return utcnow().date().isoformat()


def test_the_page_offers_the_last_week_and_runs_nothing_yet(admin_client, ctx):
    response = admin_client.get(URL)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    week_ago = (utcnow().date() - timedelta(days=6)).isoformat()
    assert 'data-testid="reconcile-form"' in page
    assert f'name="from" required type="date" value="{week_ago}"' in page
    assert f'name="to" required type="date" value="{_today()}"' in page
    assert 'data-testid="reconcile-report"' not in page
    assert 'data-testid="nav-admin-reconcile"' in page


def test_a_clean_range_says_so(admin_client, ctx):
    make_contract("completed")
    page = admin_client.get(URL, query_string={"from": _today(), "to": _today()})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-ok="true"' in text and 'data-testid="reconcile-ok"' in text
    assert "Compared: 1 payments, 0 refunds, 0 transfers." in text


def test_mismatches_are_listed_with_both_sides(admin_client, ctx):
    make_contract("funded", price=300_000)
    with unit_of_work():
        db.session.add(
            SandboxOperation(
                idempotency_key="dashboard:page",
                kind="refund",
                amount=2_500,
                currency="cny",
                outcome="succeeded",
                reference="re_sandbox_page",
                payment_method="ch_sandbox_elsewhere",
            )
        )
    text = admin_client.get(URL, query_string={"from": _today(), "to": _today()}).get_data(
        as_text=True
    )
    assert 'data-ok="false"' in text
    assert 'data-testid="mismatch-re_sandbox_page" data-problem="missing_in_ledger"' in text
    row = text.split('data-testid="mismatch-re_sandbox_page"')[1].split("</tr>")[0]
    assert "At the provider, not in the ledger" in row
    assert "CN¥25 " in row and "&mdash;" in row


def test_bad_ranges_are_form_errors(admin_client, ctx):
    response = admin_client.get(URL, query_string={"from": "2026-03-05", "to": "2026-03-01"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert 'data-testid="form-errors"' in text and "Must not be below the minimum." in text
    assert 'value="2026-03-05"' in text
    response = admin_client.get(URL, query_string={"from": "someday"})
    assert response.status_code == 400
    assert "Must be a date (YYYY-MM-DD)." in response.get_data(as_text=True)


def test_an_unreachable_provider_is_a_message_not_a_500(admin_client, ctx, monkeypatch):
    def away(self, kind, created_from, created_to):
        raise GatewayUnavailable("connection refused")

    monkeypatch.setattr(SandboxGateway, "list_records", away)
    response = admin_client.get(URL, query_string={"from": _today(), "to": _today()})
    assert response.status_code == 503
    assert "could not be reached" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["brand", "kol", None])
def test_everyone_else_gets_a_404(client, login_as, brand, kol, role):
    if role is not None:
        login_as(brand if role == "brand" else kol)
    assert client.get(URL, query_string={"from": _today(), "to": _today()}).status_code == 404
