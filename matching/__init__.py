"""KOL matching: rank KOLs for a brief (and briefs for a KOL) with reasons.

A library on numpy / scipy / scikit-learn only: no Flask, no database.  The public
contract is ``specs/matching.md``; weights live in :mod:`matching.weights`.
"""

from matching.index import Eligible, MatchIndex
from matching.results import BriefMatch, Match
from matching.reverse import rank_briefs_for_kol

__all__ = ["BriefMatch", "Eligible", "Match", "MatchIndex", "rank_briefs_for_kol"]
