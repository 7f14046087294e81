"""Full-text search documents for KOLs, kept in step with the catalogue.

One row per KOL in `kol_search_docs` (kol_id, tokens, listed, reach), written here inside
the caller's transaction. `listed` (the KOL has an active listing and is not suspended) and
`reach` (the most followers among its active listings, 0 when none) let a text search with
only KOL-level filters read this table alone (search_documents_page). The database
indexes the token string (migration 0002_search):

- SQLite: the FTS5 table `kol_search_fts` uses `kol_search_docs` as external content,
  kept in sync by triggers; rank is bm25.
- PostgreSQL: the generated column `document = to_tsvector('simple', tokens)` with a GIN
  index; rank is ts_rank.

These tables live outside the ORM metadata (migrations/env.py tells autogenerate to
ignore them), because their shape differs per database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    Table,
    Text,
    delete,
    exists,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import CTE

from marketplace.extensions import db
from marketplace.models import KolProfile, Listing, User
from marketplace.services.discovery.search_text import Term, document_tokens, fts5_query, tsquery
from marketplace.services.unit_of_work import unit_of_work

DOCS_TABLE = "kol_search_docs"
FTS_TABLE = "kol_search_fts"
BATCH = 2000

search_docs = Table(
    DOCS_TABLE,
    MetaData(),
    Column("kol_id", Integer, primary_key=True),
    Column("tokens", Text, nullable=False),
    Column("listed", Boolean, nullable=False, default=False),
    Column("reach", BigInteger, nullable=False, default=0),
)


def is_search_table(name: str | None) -> bool:
    """True for the search tables (and FTS5's shadow tables) that autogenerate must skip."""
    return bool(name) and (name == DOCS_TABLE or name.startswith(FTS_TABLE))


def profile_tokens(display_name: str | None, bio: str | None, tags: Sequence[str] | None) -> str:
    """The token string of one KOL's document: display name, bio and tags."""
    return document_tokens([display_name or "", bio or "", *(tags or [])])


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert or replace documents in one statement, so two transactions refreshing the
    same KOL at once cannot collide on the primary key."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    stmt = dialect_insert(search_docs)
    stmt = stmt.on_conflict_do_update(
        index_elements=[search_docs.c.kol_id],
        set_={name: stmt.excluded[name] for name in ("tokens", "listed", "reach")},
    )
    session.execute(stmt, rows)


def refresh_kol(kol_id: int) -> None:
    """Rebuild one KOL's search document inside the caller's transaction (no commit)."""
    profile = db.session.get(KolProfile, kol_id)
    if profile is None:
        db.session.execute(delete(search_docs).where(search_docs.c.kol_id == kol_id))
        return
    tokens = profile_tokens(profile.display_name, profile.bio, profile.tags)
    state = kol_state(db.session, [kol_id]).get(kol_id, (False, 0))
    _upsert(
        db.session, [{"kol_id": kol_id, "tokens": tokens, "listed": state[0], "reach": state[1]}]
    )


def kol_state(session: Session, kol_ids: Sequence[int]) -> dict[int, tuple[bool, int]]:
    """(listed, reach) of the given KOLs that have an active listing; the rest are (False, 0)."""
    suspended = exists().where(User.id == Listing.kol_id, User.is_suspended)
    rows = session.execute(
        select(Listing.kol_id, ~suspended, func.max(Listing.followers))
        .where(Listing.kol_id.in_(kol_ids), Listing.status == "active")
        .group_by(Listing.kol_id)
    ).all()
    return {kol_id: (bool(listed), int(reach or 0)) for kol_id, listed, reach in rows}


def write_documents(
    session: Session,
    rows: Iterable[tuple[int, str, str, Sequence[str]]],
    *,
    replace: bool = True,
) -> int:
    """Bulk-write documents for (kol_id, display_name, bio, tags) rows; returns the count.

    With `replace` existing documents of those KOLs are replaced; the demo seed, which only
    writes new KOLs, uses plain inserts. Used by the seed and `refresh_all`.
    """
    payload = [
        {"kol_id": kol_id, "tokens": profile_tokens(name, bio, tags)}
        for kol_id, name, bio, tags in rows
    ]
    for start in range(0, len(payload), BATCH):
        chunk = payload[start : start + BATCH]
        state = kol_state(session, [row["kol_id"] for row in chunk])
        for row in chunk:
            row["listed"], row["reach"] = state.get(row["kol_id"], (False, 0))
        if replace:
            _upsert(session, chunk)
        else:
            session.execute(insert(search_docs), chunk)
    return len(payload)


def refresh_all() -> int:
    """Rebuild every KOL's document (after a tokenizer change or a bulk import).

    Each batch is its own unit of work, so a large catalogue never holds one long lock.
    """
    last_id = 0
    written = 0
    while True:
        with unit_of_work():
            rows = db.session.execute(
                select(KolProfile.user_id, KolProfile.display_name, KolProfile.bio, KolProfile.tags)
                .where(KolProfile.user_id > last_id)
                .order_by(KolProfile.user_id)
                .limit(BATCH)
            ).all()
            written += write_documents(db.session, [tuple(r) for r in rows])
        if not rows:
            break
        last_id = rows[-1][0]
    return written


def match_subquery(terms: list[Term], *, ranked: bool = True, listed: bool = False) -> CTE:
    """KOLs whose document matches every term, as (kol_id, score); higher score is better.

    A MATERIALIZED common table expression: the text index is always read first and the
    matches joined to listings, instead of the planner walking a sort index and testing
    every listing's document (PostgreSQL picks that when it underestimates how many KOLs
    match, and it is slow when few do); and the rank is computed once per KOL, not once
    per listing (SQLite otherwise folds the CTE into the join and calls bm25 per row).
    Counting needs no rank: with `ranked=False` the score is a constant and costs nothing.
    With `listed` only listed KOLs match and the rows carry their `reach` too, read from
    the same document rows (search_documents_page needs nothing else).
    """
    dialect = db.session.get_bind().dialect.name
    params: dict[str, Any]
    extra = f", {DOCS_TABLE}.reach AS reach" if listed else ""
    only_listed = f" AND {DOCS_TABLE}.listed" if listed else ""
    if dialect == "postgresql":
        score = "ts_rank(document, to_tsquery('simple', :ts_q))" if ranked else "0.0"
        sql = (
            f"SELECT kol_id, {score} AS score{extra} "
            f"FROM {DOCS_TABLE} WHERE document @@ to_tsquery('simple', :ts_q){only_listed}"
        )
        params = {"ts_q": tsquery(terms)}
    else:
        score = f"-bm25({FTS_TABLE})" if ranked else "0.0"
        docs = f" JOIN {DOCS_TABLE} ON {DOCS_TABLE}.kol_id = {FTS_TABLE}.rowid" if listed else ""
        sql = (
            f"SELECT {FTS_TABLE}.rowid AS kol_id, {score} AS score{extra} "
            f"FROM {FTS_TABLE}{docs} WHERE {FTS_TABLE} MATCH :fts_q{only_listed}"
        )
        params = {"fts_q": fts5_query(terms)}
    columns: dict[str, Any] = {"kol_id": Integer, "score": Float}
    if listed:
        columns["reach"] = BigInteger
    cte = text(sql).bindparams(**params).columns(**columns).cte("text_match")
    return cte.prefix_with("MATERIALIZED")


def listing_candidates(match: CTE) -> ColumnElement[bool] | None:
    """An extra condition that steers PostgreSQL to look listings up per matching KOL.

    The planner cannot know how many KOLs a text query matches; above a few thousand it
    merges the matches with all listings' kol_id index instead of probing the covering
    index once per KOL, several times slower. Given the matches as an id array it probes.
    SQLite already drives the join from the FTS5 table, so it needs nothing.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    return text(f"listings.kol_id = ANY(ARRAY(SELECT kol_id FROM {match.name}))")
