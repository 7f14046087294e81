"""Every caution the matcher can raise has a translatable caption."""

from __future__ import annotations

from marketplace.match_labels import FLAG_LABELS
from matching import flags


def test_every_matcher_flag_code_has_a_caption():
    assert set(FLAG_LABELS) == set(flags.FLAG_TEXT)
