"""Background work: the periodic sweep, the outbox, pruning, and the RQ entry points.

- `sweep.py`: one sweep = `run_due(now)`, outbox delivery and pruning, each idempotent and
  safe when two workers run it at once (due rows are taken with SKIP LOCKED).
- `outbox.py`/`email.py`: writing outbox rows inside a use case; delivering them after
  commit with retries and backoff, in the recipient's language.
- `prune.py`: trimming the append-only logs.
- `queue.py`, `worker.py`, `scheduler.py`: RQ on Redis; `in_process.py`: the same sweep on
  a thread of the web process when there is no Redis (the embedded default).
"""
