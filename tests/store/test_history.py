"""Order history: keyset paging (newest first, ties broken by id) and filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert

from lebwallet.domain.orders import OrderStatus
from lebwallet.store import Store, history_search
from lebwallet.store.history_search import SCAN_WINDOW
from lebwallet.store.models import OrderRow
from lebwallet.store.queries import HistoryCursor, HistoryFilter, history_page
from lebwallet.store.writes import upsert_cards
from tests.store.factories import T0, card_rows, wire_card

STATUSES = [OrderStatus.CREDITED, OrderStatus.FAILED, OrderStatus.PAID]


def _row(i: int, card_id: str, minute: int, status: OrderStatus) -> dict[str, object]:
    at = T0 + timedelta(minutes=minute)
    return {
        "idempotency_key": f"key-{i:06d}-hist",
        "provider_id": f"ord_{i}",
        "card_id": card_id,
        "status": status,
        "payment_method": "alipay" if i % 10 == 0 else "bank_card",
        "failure_code": "insufficient_funds" if status is OrderStatus.FAILED else None,
        "failure_reason": (
            ("余额不足，请换卡" if i % 2 else "Insufficient funds")
            if status is OrderStatus.FAILED
            else None
        ),
        "currency": "GBP",
        "amount_minor": 1000,
        "discount_minor": 0,
        "bonus_minor": 0,
        "credited_minor": 1000,
        "pay_currency": "GBP",
        "fee_minor": 0,
        "total_minor": 1000,
        "created_at": at,
        "updated_at": at,
    }


@pytest.fixture
def history(store: Store) -> Store:
    with store.session() as s:
        upsert_cards(
            s,
            card_rows(
                wire_card("c1", label="Family UK"),
                wire_card("c2", label="HK work", msisdn="+85251234567"),
            ),
            synced_at=T0,
        )
        # 3 orders per minute (ties on created_at), alternating cards and statuses.
        s.execute(
            insert(OrderRow),
            [_row(i, "c1" if i % 2 else "c2", i // 3, STATUSES[i % 3]) for i in range(1, 61)],
        )
    return store


def _all_pages(store: Store, flt: HistoryFilter, limit: int) -> list[list[int]]:
    pages: list[list[int]] = []
    cursor: HistoryCursor | None = None
    with store.session(readonly=True) as s:
        while True:
            page = history_page(s, flt, after=cursor, limit=limit)
            pages.append([r.local_id for r in page.rows])
            if page.next_cursor is None:
                return pages
            cursor = page.next_cursor


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 60, 100])
def test_pages_cover_every_order_once_newest_first(history: Store, limit: int) -> None:
    pages = _all_pages(history, HistoryFilter(), limit)
    flat = [i for page in pages for i in page]
    # Newest minute first; within a minute (a tie) the higher id first.
    assert flat == sorted(range(1, 61), key=lambda i: (i // 3, i), reverse=True)
    assert all(len(p) == limit for p in pages[:-1])
    assert pages[-1]


def test_filters(history: Store) -> None:
    def ids(flt: HistoryFilter) -> list[int]:
        return [i for page in _all_pages(history, flt, 5) for i in page]

    c1 = ids(HistoryFilter(card_id="c1"))
    assert c1
    assert all(i % 2 for i in c1)
    failed = ids(HistoryFilter(statuses=frozenset({OrderStatus.FAILED})))
    assert sorted(failed) == [i for i in range(1, 61) if i % 3 == 1]
    assert ids(HistoryFilter(statuses=frozenset())) == []
    window = ids(HistoryFilter(start=T0 + timedelta(minutes=2), end=T0 + timedelta(minutes=4)))
    assert sorted(window) == [6, 7, 8, 9, 10, 11]
    combined = ids(
        HistoryFilter(
            card_id="c1",
            statuses=frozenset({OrderStatus.CREDITED}),
            start=T0 + timedelta(minutes=5),
        )
    )
    assert combined
    assert all(i % 2 and i % 3 == 0 and i // 3 >= 5 for i in combined)


@pytest.fixture(params=[SCAN_WINDOW, 7, 1], ids=["scan", "window7", "window1"])
def window(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """The bounded scan over every row (`scan`), or over a few rows, the rest coming from the
    trigram indexes (FTS5 / pg_trgm) for texts of three characters or more."""
    monkeypatch.setattr(history_search, "SCAN_WINDOW", request.param)
    if request.param == 1:  # and more candidates than are read as a list: a subquery
        monkeypatch.setattr(history_search, "MAX_CANDIDATE_IDS", 2)
    return int(request.param)


@pytest.mark.parametrize(
    ("text", "methods", "expected"),
    [
        ("insufficient", (), lambda i: i % 3 == 1 and i % 2 == 0),  # failure reason, any case
        ("余额不足", (), lambda i: i % 3 == 1 and i % 2 == 1),  # failure reason in Chinese
        ("余额", (), lambda i: i % 3 == 1 and i % 2 == 1),  # two characters: no trigram
        ("F", (), lambda i: i % 2 == 1 or i % 3 == 1),  # one character: label or reason
        ("支付宝", ("alipay",), lambda i: i % 10 == 0),  # the method's displayed name
        ("ord_1", (), lambda i: str(i).startswith("1")),  # a common order-id prefix
        ("ord_59", (), lambda i: i == 59),
        ("work", (), lambda i: i % 2 == 0),  # card label
        ("#7", (), lambda i: i == 7),  # the local id
        ("0017-H", (), lambda i: i == 17),  # the idempotency key
    ],
)
def test_text_search_finds_every_match_once_newest_first(
    history: Store, window: int, text: str, methods: tuple[str, ...], expected: object
) -> None:
    assert callable(expected)
    flt = HistoryFilter(text=text, payment_methods=frozenset(methods))
    pages = _all_pages(history, flt, 4)
    flat = [i for page in pages for i in page]
    assert flat == sorted((i for i in range(1, 61) if expected(i)), key=lambda i: (i // 3, i))[::-1]
    if len(text) >= 3 or window >= 60:
        assert all(len(p) == 4 for p in pages[:-1])  # full pages unless the text is short


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("family", lambda i: i % 2 == 1),  # card label, any case
        ("5123", lambda i: i % 2 == 0),  # phone number digits of c2
        ("ord_17", lambda i: i == 17),  # provider order id
        ("KEY-000042", lambda i: i == 42),  # idempotency key
        ("#33", lambda i: i == 33),  # local id
        ("100%_", lambda i: False),  # LIKE wildcards are literal
    ],
)
def test_text_search(history: Store, text: str, expected: object) -> None:
    assert callable(expected)
    got = sorted(i for page in _all_pages(history, HistoryFilter(text=text), 50) for i in page)
    assert got == [i for i in range(1, 61) if expected(i)]


def test_page_size_is_bounded(history: Store) -> None:
    with history.session(readonly=True) as s, pytest.raises(ValueError, match="page"):
        history_page(s, HistoryFilter(), limit=0)
