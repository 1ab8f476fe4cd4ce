"""Taking something exactly once when several desktops share one database.

`insert_once` adds a row in its own savepoint and flushes it: a unique key (a primary key, a
`UNIQUE` constraint) decides which desktop, thread or earlier pass has it. Used by autopilot's
runs (one per card and deadline), the journal's merge of a provider order, and the desktops of
a fleet (`lebwallet.store.fleet`, a random id each).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def insert_once(session: Session, row: object) -> bool:
    """Insert `row`; False (and the session as it was) when a unique key says it is taken."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True
