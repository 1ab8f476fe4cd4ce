"""Many rows written in one statement each: `insert_rows` and `update_rows` (by primary key).

A sync writes thousands of card and balance rows at once. Through SQLAlchemy's Core
executemany every value still goes through its type's bind processing (for a `UTCDateTime`
three Python calls) and the compiled statement's parameter building: ~60 % of the cost of
storing a page of new cards. On SQLite these helpers build the plain SQL once and hand the
driver tuples converted column by column: a value whose type has no bind processing passes
as it is, a `UTCDateTime` goes through `UTCDateTime.sqlite_text` (the same text SQLAlchemy
stores), any other type through SQLAlchemy's own processor. Other databases take the Core
path (their drivers batch executemany themselves).

Every row of one call has the same keys (as Core's executemany wants too).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import bindparam

from lebwallet.store.models.base import UTCDateTime

Converter = Callable[[Any], Any] | None


def _converter(table: Table, name: str, session: Session) -> Converter:
    column_type = table.c[name].type
    if isinstance(column_type, UTCDateTime):
        return UTCDateTime.sqlite_text
    dialect = session.get_bind().dialect
    processor: Converter = column_type.dialect_impl(dialect).bind_processor(dialect)
    return processor


def _tuples(
    table: Table, names: Sequence[str], rows: Sequence[dict[str, Any]], session: Session
) -> list[tuple[Any, ...]]:
    """The rows' values in the order of `names`, converted for the driver. A time seen
    before in the same column is converted once (a sync stamps every row with one time)."""
    pick = itemgetter(*names)
    converters = [_converter(table, name, session) for name in names]
    converted: list[tuple[int, Callable[[Any], Any], dict[Any, Any] | None]] = [
        (index, convert, {} if convert is UTCDateTime.sqlite_text else None)
        for index, convert in enumerate(converters)
        if convert is not None
    ]
    out: list[tuple[Any, ...]] = []
    for row in rows:
        values = [pick(row)] if len(names) == 1 else list(pick(row))
        for index, convert, seen in converted:
            value = values[index]
            if value is None:
                continue
            if seen is None:
                values[index] = convert(value)
            elif (done := seen.get(value)) is not None:
                values[index] = done
            else:
                values[index] = seen[value] = convert(value)
        out.append(tuple(values))
    return out


def _quoted(session: Session, name: str) -> str:
    return session.get_bind().dialect.identifier_preparer.quote(name)


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT every row of `rows` into `table`."""
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        session.execute(insert(table), list(rows))
        return
    names = list(rows[0])
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        _quoted(session, table.name),
        ", ".join(_quoted(session, name) for name in names),
        ", ".join("?" for _ in names),
    )
    session.connection().exec_driver_sql(sql, _tuples(table, names, rows, session))


def update_rows(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], *, key: str = "id"
) -> None:
    """UPDATE the row of `table` whose `key` is each row's `key`, setting its other values.
    Unlike the ORM's bulk update, nothing in the session is synchronised: call it before
    reading those rows through the ORM, or expire them."""
    if not rows:
        return
    names = [name for name in rows[0] if name != key]
    if session.get_bind().dialect.name != "sqlite":
        # bindparam() may not take a column's own name in SET: every value is renamed.
        statement = (
            update(table)
            .where(table.c[key] == bindparam(f"b_{key}"))
            .values({name: bindparam(f"b_{name}") for name in names})
        )
        session.execute(statement, [{f"b_{k}": v for k, v in row.items()} for row in rows])
        return
    sql = "UPDATE {} SET {} WHERE {} = ?".format(
        _quoted(session, table.name),
        ", ".join(f"{_quoted(session, name)} = ?" for name in names),
        _quoted(session, key),
    )
    session.connection().exec_driver_sql(sql, _tuples(table, [*names, key], rows, session))
