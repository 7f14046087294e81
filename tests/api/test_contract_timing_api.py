"""How long one whole contract lifecycle takes through the API on PostgreSQL.

Offer, counter, accept, fund (sandbox), submit, request a revision, resubmit, approve: eight
requests, each committing for real (row locks, ledger postings, gateway bookkeeping). The
median of a few runs is printed for the closing note; the bound only catches a collapse.
"""

from __future__ import annotations

import statistics
import time

import pytest

from marketplace.extensions import db
from marketplace.services.accounts import users
from tests import factories
from tests.conftest import TEST_DATABASE_URL
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import POST_URL, offer_values

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

RUNS = 5
CEILING_MS = 5000


def _lifecycle(client, brand_headers, kol_headers, body) -> str:
    created = client.post("/api/v1/contracts", json=body, headers=brand_headers)
    assert created.status_code == 201, created.get_json()
    url = f"/api/v1/contracts/{created.get_json()['id']}"
    steps = [
        (kol_headers, "counter", {"price": body["price"] + 10_000}),
        (brand_headers, "accept", None),
        (brand_headers, "fund", {"payment_method": "pm_card_visa"}),
        (kol_headers, "submit", {"post_url": POST_URL, "notes": "Live"}),
        (brand_headers, "request-revision", {"message": "Tag the brand"}),
        (kol_headers, "submit", {"post_url": POST_URL, "notes": "Tagged"}),
        (brand_headers, "approve", None),
    ]
    for headers, action, payload in steps:
        response = client.post(f"{url}/{action}", json=payload, headers=headers)
        assert response.status_code == 200, (action, response.get_json())
    return response.get_json()["status"]


def test_one_lifecycle_through_the_api_on_postgresql(app, client, committed_db, capsys):
    with app.app_context():
        brand = factories.make_brand()
        kol, listing = make_kol_with_listing()
        brand_headers = {"Authorization": f"Bearer {users.issue_token(brand)}"}
        kol_headers = {"Authorization": f"Bearer {users.issue_token(kol)}"}
        body = offer_values(kol, listing, revisions=1)
        db.session.remove()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        assert _lifecycle(client, brand_headers, kol_headers, body) == "completed"
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    with capsys.disabled():
        print(
            f"\ncontract lifecycle through the API on PostgreSQL (8 requests): "
            f"median {median:.0f} ms, min {min(timings):.0f} ms, max {max(timings):.0f} ms"
        )
    assert median < CEILING_MS
