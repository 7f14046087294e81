"""Text normalisation shared by search documents and search queries.

Neither SQLite's FTS5 tokenizers nor PostgreSQL's `simple` parser split Chinese into words,
so we do it ourselves, the same way on both databases: latin (and other spaced) words are
case-folded and stripped of accents; runs of CJK characters become character unigrams and
bigrams. Documents store the tokens as one space-separated string, which each database
then indexes as whole words. A query uses bigrams for CJK runs (unigrams only for a single
character), so the two-character query 防晒 is one exact token that every document
mentioning 防晒 contains.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_CJK_CLASS = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0002ebef"  # CJK extensions B-F
)
_RUN = re.compile(r"[^\W_]+")
_SEGMENT = re.compile(f"([{_CJK_CLASS}]+)")
_CJK = re.compile(f"[{_CJK_CLASS}]")

MAX_WORD = 40  # longer "words" are cut; they are never what people type
MAX_QUERY_TERMS = 12
MIN_PREFIX = 3  # latin query words of this length or more also match longer words


@dataclass(frozen=True)
class Term:
    """One query term; `prefix` terms also match words that start with them."""

    text: str
    prefix: bool = False


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _segments(text: str) -> Iterator[tuple[bool, str]]:
    """(is_cjk, segment) pairs of the normalised text, in order."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    for run in _RUN.findall(folded):
        for part in _SEGMENT.split(run):
            if not part:
                continue
            if _CJK.match(part):
                yield True, part
            else:
                word = _strip_accents(part)
                word = "".join(ch for ch in word if ch.isalnum())[:MAX_WORD]
                if word:
                    yield False, word


def document_tokens(texts: Iterable[str]) -> str:
    """The token string stored for a document made of `texts` (name, bio, tags)."""
    tokens: list[str] = []
    for text in texts:
        for is_cjk, segment in _segments(text):
            if not is_cjk:
                tokens.append(segment)
                continue
            tokens.extend(segment)
            tokens.extend(segment[i : i + 2] for i in range(len(segment) - 1))
    return " ".join(tokens)


def query_terms(query: str | None) -> list[Term]:
    """Terms that must all match; empty when the query has nothing searchable."""
    terms: list[Term] = []
    for is_cjk, segment in _segments(query or ""):
        if not is_cjk:
            terms.append(Term(segment, prefix=len(segment) >= MIN_PREFIX))
        elif len(segment) == 1:
            terms.append(Term(segment))
        else:
            terms.extend(Term(segment[i : i + 2]) for i in range(len(segment) - 1))
    return list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: every term, quoted (tokens hold no quotes)."""
    return " AND ".join(f'"{t.text}"' + ("*" if t.prefix else "") for t in terms)


def tsquery(terms: list[Term]) -> str:
    """A PostgreSQL to_tsquery('simple', ...) expression: every term."""
    return " & ".join(t.text + (":*" if t.prefix else "") for t in terms)
