"""The sandbox's support agent: answers every case whose answer is due (`support_delay`
seconds after the customer's latest message) with the reply `support_texts.answer` picks for
its topic and the order's state now, in the case's language; some replies close the case.
`answer_due` runs before every request (like `order_moves.advance_due`)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Final

from lebwallet.provider import wire
from lebwallet.sandbox import orders, support
from lebwallet.sandbox.db import to_us
from lebwallet.sandbox.support_texts import answer

ANSWER_BATCH: Final = 100


def has_due_answers(conn: sqlite3.Connection, now: datetime) -> bool:
    found = conn.execute(
        "SELECT 1 FROM support_cases WHERE answer_due_at <= ? LIMIT 1", (to_us(now),)
    ).fetchone()
    return found is not None


def answer_due(conn: sqlite3.Connection, now: datetime) -> int:
    """Answer every case whose answer is due; returns how many were answered."""
    answered = 0
    while True:
        rows = conn.execute(
            "SELECT * FROM support_cases WHERE answer_due_at <= ? ORDER BY answer_due_at, id "
            "LIMIT ?",
            (to_us(now), ANSWER_BATCH),
        ).fetchall()
        for case in rows:
            order = orders.get_order_row(conn, case["order_id"])
            facts = support.facts_of(conn, order, case["language"])
            said = answer(
                wire.SupportTopic(case["topic"]),
                facts,
                case["language"],
                follow_up=case["answers"] > 0,
            )
            support.add_message(conn, case, wire.SupportAuthor.AGENT, said.body, now)
            conn.execute(
                "UPDATE support_cases SET status = ?, updated_at = ?, answer_due_at = NULL, "
                "answers = answers + 1 WHERE id = ?",
                (wire.SupportCaseStatus.ANSWERED.value, to_us(now), case["id"]),
            )
            if said.closes:
                support.mark_closed(conn, case["id"], now)
        answered += len(rows)
        if len(rows) < ANSWER_BATCH:
            return answered
