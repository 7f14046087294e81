"""The Prometheus metrics that code outside the web layer updates.

prometheus_client picks its multi-process storage when it is first imported, from
`PROMETHEUS_MULTIPROC_DIR`; gunicorn.conf.py and the Procfile set it before anything
imports this module, so every web and job process on a machine writes to one place.
"""

from __future__ import annotations

import os
from pathlib import Path

# A counter without labels writes its file as it is defined: a configured directory that
# does not exist yet (a fresh machine, `flask db upgrade` first) must not crash the import.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)

from prometheus_client import Counter

JOB_RUNS = Counter("kol_job_runs_total", "Background job runs, by job.", ["job"])
JOB_FAILURES = Counter(
    "kol_job_failures_total", "Background job runs that failed, by job.", ["job"]
)
LEDGER_POSTINGS = Counter("kol_ledger_postings_total", "Ledger postings committed.")
EMAILS_SENT = Counter("kol_emails_sent_total", "Emails handed to the mail server.")
