"""History text search: what a typed text matches, and the trigram indexes that find it fast.

A text matches an order when it is found (case-insensitively, as a substring) in the card's
label, in the card's ICCID or phone number (digits only, when the text is a number), in the
provider's order id, the idempotency key or the failure reason, when it is the local order
id (`42` or `#42`), or when the order's payment method is one of `methods`: the caller maps
the text to the codes of the methods whose *displayed* name contains it (the store knows no
translations). `text_condition` is that rule as SQL; it decides every row shown.

Finding the first page fast at a million orders takes two steps (see `queries.history_page`):

1. A bounded scan: the newest `SCAN_WINDOW` orders that pass the other filters (after the
   cursor) are checked row by row along the `(created_at, id)` index. A text that matches
   often (an order-id prefix, a common method, a card with many orders) fills the page here.
2. Otherwise the match is rare, and the candidates come from indexes: the trigram index of
   the order's text columns (SQLite: the FTS5 table `orders_fts` with the `trigram`
   tokenizer, kept by triggers; PostgreSQL: `pg_trgm` GIN indexes serving `ILIKE`), the
   `(card_id, …)` index for the matching cards and the `(payment_method, …)` index for the
   matching methods. Only candidates older than the scanned window are read, checked with
   `text_condition` and sorted; their number is what the step costs.

A text of one or two characters has no trigram. Then only step 1 runs, window after window:
a page holds the matches among the next `SCAN_WINDOW` orders and its cursor is the last order
scanned, so each page costs one bounded scan (a page may hold fewer rows than asked, even
none, while `next_cursor` is set) and paging on walks the whole history.

SQLite's `orders_fts` is an external-content FTS5 table over `orders` (no copy of the text):
triggers add, replace and remove its entries on INSERT, UPDATE of the three columns and
DELETE. A later migration that rebuilds `orders` (a batch "move and copy") drops those
triggers with the old table: it must run `sqlite_search_ddl()` again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import (
    Column,
    ColumnElement,
    CompoundSelect,
    Integer,
    MetaData,
    Select,
    Table,
    Text,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session

from lebwallet.store.models import CardRow, OrderRow

MIN_TRIGRAM_TEXT: Final = 3
"""Texts shorter than this have no trigram: only the bounded scan serves them."""
SCAN_WINDOW: Final = 10_000
"""Orders checked row by row before the indexes are asked (and per page of a short text)."""

MAX_CANDIDATE_IDS: Final = 10_000
"""Up to this many candidates are read and looked up by primary key; more stay a subquery."""

FTS_TABLE: Final = "orders_fts"
_FTS_COLUMNS: Final = ("provider_id", "idempotency_key", "failure_reason")
_PG_TRIGRAM_INDEXES: Final = {f"ix_orders_{name}_trgm": name for name in _FTS_COLUMNS}

SEARCH_SCHEMA_NAMES: Final = frozenset(
    {FTS_TABLE}
    | {f"{FTS_TABLE}_{shadow}" for shadow in ("data", "idx", "docsize", "config")}
    | set(_PG_TRIGRAM_INDEXES)
)
"""Tables and indexes of the search that the models do not declare (schema comparisons
leave them out)."""

# Only for building queries: not part of `Base.metadata`, so never created from the models.
_fts = Table(FTS_TABLE, MetaData(), Column("rowid", Integer), Column(FTS_TABLE, Text))


# --- schema (used by the migration) -------------------------------------------------------------


def sqlite_search_ddl() -> list[str]:
    """The FTS5 table and the triggers that keep it current (then `rebuild` fills it)."""
    cols = ", ".join(_FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in _FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in _FTS_COLUMNS)
    delete_old = (
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    )
    insert_new = f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES (new.id, {new});"
    create = (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({cols}, "
        "content='orders', content_rowid='id', tokenize='trigram')"
    )
    trigger = f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}"
    return [
        create,
        f"{trigger}_ai AFTER INSERT ON orders BEGIN {insert_new} END",
        f"{trigger}_ad AFTER DELETE ON orders BEGIN {delete_old} END",
        f"{trigger}_au AFTER UPDATE OF {cols} ON orders BEGIN {delete_old} {insert_new} END",
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    ]


def sqlite_search_drop_ddl() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{t}" for t in ("ai", "ad", "au")] + [
        f"DROP TABLE IF EXISTS {FTS_TABLE}"
    ]


def postgresql_search_ddl() -> list[str]:
    """`pg_trgm` (a trusted extension: the database owner may create it) and its indexes."""
    return ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
        f"CREATE INDEX IF NOT EXISTS {name} ON orders USING gin ({column} gin_trgm_ops)"
        for name, column in _PG_TRIGRAM_INDEXES.items()
    ]


def postgresql_search_drop_ddl() -> list[str]:
    # The extension stays: other objects of the database may use it.
    return [f"DROP INDEX IF EXISTS {name}" for name in _PG_TRIGRAM_INDEXES]


def search_ddl(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return sqlite_search_ddl()
    if dialect == "postgresql":
        return postgresql_search_ddl()
    return []


def search_drop_ddl(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return sqlite_search_drop_ddl()
    if dialect == "postgresql":
        return postgresql_search_drop_ddl()
    return []


# --- queries ------------------------------------------------------------------------------------


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _is_number(text: str) -> bool:
    return bool(text) and all(
        (c.isascii() and c.isdigit()) or c.isspace() or c in "+().-" for c in text
    )


def _local_id(text: str) -> int | None:
    stripped = text.strip().lstrip("#")
    if stripped.isascii() and stripped.isdigit() and len(stripped) < 18:
        return int(stripped)
    return None


def _contains(column: ColumnElement[Any], pattern: str, dialect: str) -> ColumnElement[bool]:
    # SQLite's LIKE ignores ASCII case by itself (as its lower() does, ASCII only): skipping
    # lower() halves the cost of the bounded scan. Elsewhere ILIKE (served by pg_trgm).
    if dialect == "sqlite":
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")


@dataclass(frozen=True, slots=True)
class TextSearch:
    """A typed text ready to query: `prepare_search` reads the matching cards once."""

    text: str
    methods: tuple[str, ...]
    dialect: str
    card_ids: Sequence[str] | Select[str]
    """The cards whose label or number matches (a subquery when there are very many)."""

    @property
    def pattern(self) -> str:
        return f"%{_escape_like(self.text)}%"


def _matching_cards(text: str, dialect: str) -> Select[str]:
    pattern = f"%{_escape_like(text)}%"
    label = CardRow.__table__.c.label
    conditions: list[ColumnElement[bool]] = [_contains(label, pattern, dialect)]
    digits = "".join(c for c in text if c.isascii() and c.isdigit())
    if digits and _is_number(text):
        digit_pattern = f"%{digits}%"
        conditions += [CardRow.iccid.like(digit_pattern), CardRow.msisdn.like(digit_pattern)]
    return select(CardRow.id).where(or_(*conditions))


def prepare_search(session: Session, text: str, methods: Sequence[str] = ()) -> TextSearch:
    """`text` (stripped) and the method codes it names, with the matching cards read."""
    dialect = session.get_bind().dialect.name
    cards = _matching_cards(text, dialect)
    found = session.scalars(cards.limit(MAX_CANDIDATE_IDS + 1)).all()
    card_ids = cards if len(found) > MAX_CANDIDATE_IDS else found
    return TextSearch(text, tuple(sorted(methods)), dialect, card_ids)


def text_condition(search: TextSearch) -> ColumnElement[bool]:
    """Whether an order matches the search (see the module docstring)."""
    pattern = search.pattern
    conditions: list[ColumnElement[bool]] = [OrderRow.card_id.in_(search.card_ids)]
    conditions += [
        _contains(OrderRow.__table__.c[c], pattern, search.dialect) for c in _FTS_COLUMNS
    ]
    if search.methods:
        conditions.append(OrderRow.payment_method.in_(search.methods))
    local_id = _local_id(search.text)
    if local_id is not None:
        conditions.append(OrderRow.id == local_id)
    return or_(*conditions)


def uses_trigrams(text: str) -> bool:
    return len(text) >= MIN_TRIGRAM_TEXT


def _fts_query(text: str) -> str:
    """One FTS5 phrase: with the trigram tokenizer, a substring match of the whole text."""
    return '"' + text.replace('"', '""') + '"'


def candidate_ids(search: TextSearch) -> CompoundSelect[int]:
    """Ids of a superset of the orders matching the search, each part served by an index.

    Only for texts of at least `MIN_TRIGRAM_TEXT` characters (shorter ones have no trigram).
    """
    if search.dialect == "sqlite":
        text_ids: Select[int] = select(_fts.c.rowid).where(
            _fts.c[FTS_TABLE].op("MATCH")(_fts_query(search.text))
        )
    else:  # PostgreSQL: a BitmapOr over the pg_trgm indexes (any other database: a scan)
        text_ids = select(OrderRow.id).where(
            or_(*(OrderRow.__table__.c[c].ilike(search.pattern, escape="\\") for c in _FTS_COLUMNS))
        )
    parts: list[Select[int]] = [
        text_ids,
        select(OrderRow.id).where(OrderRow.card_id.in_(search.card_ids)),
    ]
    if search.methods:
        parts.append(select(OrderRow.id).where(OrderRow.payment_method.in_(search.methods)))
    local_id = _local_id(search.text)
    if local_id is not None:
        parts.append(select(literal(local_id, Integer)))
    return union(*parts)
