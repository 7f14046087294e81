"""What /metrics serves, and to whom.

Under gunicorn and the RQ worker `PROMETHEUS_MULTIPROC_DIR` is set: every process writes
its counters and histograms to files there, and a scrape (answered by any one worker)
sums them with `MultiProcessCollector`. Without it the process's default registry is
served. Either way the outbox backlog is counted from the database by the scraping
process only, so it appears once, not once per process.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Iterable, Iterator

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from marketplace.config import ConfigError
from marketplace.extensions import db
from marketplace.models.outbox import OutboxMessage

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
BACKLOG_STATUSES = ("pending", "failed")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

log = logging.getLogger(__name__)


def parse_networks(entries: Iterable[str]) -> list[Network]:
    """`METRICS_ALLOW` entries as networks (a bare address is a one-address network)."""
    try:
        return [ipaddress.ip_network(entry, strict=False) for entry in entries]
    except ValueError as error:
        raise ConfigError(f"METRICS_ALLOW: {error}") from error


def is_allowed(remote_addr: str | None, networks: Iterable[Network]) -> bool:
    if not remote_addr:
        return False
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


class OutboxBacklog(Collector):
    """Undelivered outbox messages by status, counted when scraped."""

    def collect(self) -> Iterator[Metric]:
        try:
            rows = db.session.execute(
                select(OutboxMessage.status, func.count())
                .where(OutboxMessage.status.in_(BACKLOG_STATUSES))
                .group_by(OutboxMessage.status)
            ).all()
        except SQLAlchemyError as error:
            log.warning("outbox backlog not counted: %s", error)
            db.session.rollback()
            return
        counts = {status: count for status, count in rows}
        gauge = GaugeMetricFamily(
            "kol_outbox_messages",
            "Outbox messages not yet delivered: pending (to retry) or failed (gave up).",
            labels=["status"],
        )
        for status in BACKLOG_STATUSES:
            gauge.add_metric([status], counts.get(status, 0))
        yield gauge


class _Forward(Collector):
    """Serves another registry's metrics from a per-scrape registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self) -> Iterator[Metric]:
        yield from self.registry.collect()


def is_multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def render_metrics() -> bytes:
    """The Prometheus text exposition of this machine's processes plus the backlog."""
    registry = CollectorRegistry()
    if is_multiprocess():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Forward(REGISTRY))
    registry.register(OutboxBacklog())
    return generate_latest(registry)
