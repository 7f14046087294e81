"""/metrics: who may read it, and what the request, ledger and outbox series say."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from marketplace.extensions import db
from marketplace.models.outbox import OutboxMessage
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import Line, post
from marketplace.services.unit_of_work import unit_of_work
from tests.factories import make_kol

OUTSIDER = {"REMOTE_ADDR": "203.0.113.7"}
LATENCY = "kol_http_request_duration_seconds"


def _samples(response) -> dict[tuple[str, frozenset], float]:
    """Every sample of a scrape, by name and labels."""
    assert response.status_code == 200, response.status_code
    text = response.get_data(as_text=True)
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _requests_counted(labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(f"{LATENCY}_count", labels) or 0.0


def test_metrics_are_refused_to_other_addresses(client):
    response = client.get("/metrics", environ_base=OUTSIDER)
    assert response.status_code == 404
    assert "kol_" not in response.get_data(as_text=True)


def test_metrics_are_served_to_loopback_in_prometheus_format(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=")
    assert "# TYPE kol_http_request_duration_seconds histogram" in response.get_data(as_text=True)


def test_a_widened_allow_list_lets_the_monitoring_network_in(app_with):
    client = app_with(METRICS_ALLOW=["203.0.113.0/24"]).test_client()
    assert client.get("/metrics", environ_base=OUTSIDER).status_code == 200
    assert client.get("/metrics").status_code == 404  # loopback is no longer listed


def test_behind_a_trusted_proxy_the_client_address_decides(app_with):
    """The proxy connects from loopback; the client it forwards for is an outsider."""
    client = app_with(TRUSTED_PROXIES=1).test_client()
    forwarded = {"X-Forwarded-For": OUTSIDER["REMOTE_ADDR"]}
    assert client.get("/metrics", headers=forwarded).status_code == 404
    assert client.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200


def test_a_request_is_observed_under_its_endpoint_method_and_status_class(client):
    labels = {"endpoint": "main.index", "method": "GET", "status": "2xx"}
    before = _requests_counted(labels)
    assert client.get("/").status_code == 200
    assert _requests_counted(labels) == before + 1
    scraped = _samples(client.get("/metrics"))
    assert scraped[(f"{LATENCY}_count", frozenset(labels.items()))] == before + 1


def test_paths_and_odd_methods_never_become_labels(client):
    unmatched = {"endpoint": "unmatched", "method": "other", "status": "4xx"}
    before = _requests_counted(unmatched)
    assert client.open("/no-such-page-7781", method="BREW").status_code in (404, 405)
    assert _requests_counted(unmatched) == before + 1
    assert "no-such-page-7781" not in client.get("/metrics").get_data(as_text=True)


def test_a_committed_posting_counts_once_and_a_replay_does_not(ctx):
    kol = make_kol()
    lines = [
        Line(accounts.external("sandbox"), "cny", -500),
        Line(accounts.kol_available(kol.id), "cny", 500),
    ]
    before = REGISTRY.get_sample_value("kol_ledger_postings_total")
    post("test:metrics:posting", "test", lines)
    assert REGISTRY.get_sample_value("kol_ledger_postings_total") == before + 1
    post("test:metrics:posting", "test", lines)  # the same key: returns the first entry
    assert REGISTRY.get_sample_value("kol_ledger_postings_total") == before + 1
    with pytest.raises(RuntimeError), unit_of_work():
        post("test:metrics:rolled-back", "test", lines)
        raise RuntimeError("the use case fails after posting")
    assert REGISTRY.get_sample_value("kol_ledger_postings_total") == before + 1


def test_the_outbox_backlog_counts_pending_and_failed_messages(client, ctx):
    kol = make_kol()
    for n, status in enumerate(["pending", "pending", "failed", "sent"]):
        db.session.add(
            OutboxMessage(template="test", user_id=kol.id, dedupe_key=f"metrics:{n}", status=status)
        )
    db.session.commit()
    scraped = _samples(client.get("/metrics"))
    assert scraped[("kol_outbox_messages", frozenset({("status", "pending")}))] == 2
    assert scraped[("kol_outbox_messages", frozenset({("status", "failed")}))] == 1
