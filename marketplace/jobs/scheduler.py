"""`flask jobs scheduler`: RQ's cron scheduler queueing one sweep every SWEEP_INTERVAL_S.

`rq.cron.CronScheduler` has no coordination of its own: two running schedulers would
both queue every sweep. Ours enqueues only while it holds a leader lock in Redis (renewed
on every tick, released on a clean stop); a second scheduler is a standby that takes over
once the lock expires. Should both ever queue anyway (a leader paused past its lock), the
sweep is idempotent and its steps take rows with SKIP LOCKED, so a duplicate only costs a
few queries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from redis import Redis
from redis.exceptions import LockError
from redis.lock import Lock
from rq.cron import CronJob, CronScheduler

from marketplace.jobs.queue import redis_connection, run_sweep, sweep_job_options

#: CronScheduler ticks at least once a minute, so a live leader renews well within this.
MAX_TICK_S = 60


class LeaderCronScheduler(CronScheduler):
    """A CronScheduler that enqueues only while it holds `lock_name` in Redis."""

    def __init__(self, connection: Redis, lock_name: str, lock_ttl_s: int, **options: Any):
        super().__init__(connection, **options)
        self.lead: Lock = connection.lock(lock_name, timeout=lock_ttl_s, thread_local=False)

    def holds_lead(self) -> bool:
        """Renew the lead if this scheduler has it, else try to take it (never waits)."""
        try:
            if self.lead.owned():
                self.lead.reacquire()
                return True
            return bool(self.lead.acquire(blocking=False))
        except LockError:  # lost between the check and the renewal
            return False

    def enqueue_jobs(self) -> list[CronJob]:
        if not self.holds_lead():
            return []
        return super().enqueue_jobs()

    def register_death(self, pipeline: Any = None) -> None:
        """Hand the lead over at once on a clean stop, rather than after it expires."""
        try:
            if self.lead.owned():
                self.lead.release()
        except LockError:
            pass
        super().register_death(pipeline)


def lock_ttl_s(interval_s: int) -> int:
    """Long enough for two missed ticks of a live leader; a dead one is replaced soon after."""
    return 2 * min(interval_s, MAX_TICK_S) + 30


def build_scheduler(config: Mapping[str, Any]) -> LeaderCronScheduler:
    """A scheduler queueing `run_sweep` on RQ_QUEUE every SWEEP_INTERVAL_S seconds."""
    interval = int(config["SWEEP_INTERVAL_S"])
    if interval < 1:
        raise ValueError(f"SWEEP_INTERVAL_S must be at least 1, got {interval}")
    queue_name = config["RQ_QUEUE"]
    scheduler = LeaderCronScheduler(
        redis_connection(config),
        lock_name=f"kol:{queue_name}:scheduler-lead",
        lock_ttl_s=lock_ttl_s(interval),
        logging_level=config["LOG_LEVEL"],
    )
    scheduler.register(
        run_sweep,
        queue_name,
        interval=interval,
        name=f"kol:{queue_name}:sweep",
        **sweep_job_options(config),
    )
    return scheduler
