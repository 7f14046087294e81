"""Evaluation and benchmark of the matcher: synthetic judged datasets, metrics, baselines,
an independent check of the hard constraints, and the synthetic benchmark index.

Not used by the ranking itself.  The command lines stay ``python -m matching.evaluate``
and ``python -m matching.bench`` (see ``specs/matching.md``).
"""
