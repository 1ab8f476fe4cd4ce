"""The sandbox's card pages: the JSON built straight from the rows (`card_page_json`, what
`GET /v1/cards` sends) is the document the wire models make (`list_cards`), byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lebwallet.provider import wire
from lebwallet.sandbox import db as sandbox_db
from lebwallet.sandbox.cards import card_page_json, list_cards
from lebwallet.sandbox.db import Database, to_us
from lebwallet.sandbox.seed import DEMO_ACCOUNT_ID, seed_demo
from lebwallet.sandbox.seed_bulk import seed_bulk

NOW = datetime(2026, 3, 1, 9, 0, 0, 250_000, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = Database(tmp_path / sandbox_db.DB_FILENAME)
    try:
        seed_demo(opened, NOW)
        seed_bulk(opened, cards=7, now=NOW.replace(microsecond=0))
        with opened.write() as conn:
            # A label in Chinese, a time without a fraction, an amount stored without
            # its minor units ("12" for "12.00"), a suspended card.
            conn.execute(
                "UPDATE cards SET label = '英国副卡 “保号”', minimum_topup = '12', "
                "status = 'suspended', updated_at = ? WHERE id = 'card_demo_uk'",
                (to_us(datetime(2026, 2, 1, tzinfo=UTC)),),
            )
        yield opened
    finally:
        opened.close()


@pytest.mark.parametrize("limit", [1, 3, 500])
def test_every_page_is_the_wire_models_document(database: Database, limit: int) -> None:
    cursor: str | None = None
    seen = 0
    with database.read() as conn:
        while True:
            body = card_page_json(conn, DEMO_ACCOUNT_ID, limit, cursor)
            page = list_cards(conn, DEMO_ACCOUNT_ID, limit, cursor)
            assert body.decode() == page.model_dump_json()
            assert wire.CardPage.model_validate_json(body) == page
            seen += len(page.items)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    assert seen == 10
