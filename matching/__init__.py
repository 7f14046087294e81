"""KOL matching: rank KOLs for a brief (and briefs for a KOL) with reasons.

A library on numpy / scipy / scikit-learn only: no Flask, no database.  The public
contract is ``specs/matching.md``; weights live in :mod:`matching.weights`.
"""

from matching.index import Eligible, MatchIndex
from matching.results import BriefMatch, Match

__all__ = ["BriefMatch", "Eligible", "Match", "MatchIndex"]
