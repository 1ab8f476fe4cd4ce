"""Support values: the words a request may carry, the mail draft for a channel without a
support API (facts in plain text, a mailto: URL that survives any words)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.support import (
    OrderFacts,
    StatusChange,
    SupportMessageError,
    SupportTopic,
    check_message,
    mail_draft,
)

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def facts() -> OrderFacts:
    return OrderFacts(
        order_id="ord_1",
        card_id="card_1",
        card_number="+44 •••• 0123",
        carrier="giffgaff",
        status=OrderStatus.FAILED,
        timeline=(
            StatusChange(OrderStatus.AWAITING_PAYMENT, T0),
            StatusChange(OrderStatus.FAILED, T0.replace(minute=5)),
        ),
        payment_method="bank_card",
        amount=Money.of("10.00", "GBP"),
        credited=Money.of("10.00", "GBP"),
        total=Money.of("91.23", "CNY"),
        created_at=T0,
        updated_at=T0.replace(minute=5),
        paid_at=None,
        credited_at=None,
        failure_code="payment_declined",
        failure_reason="Declined",
    )


@pytest.mark.parametrize("words", ["", "   \n", "a" * 4001, "bell\x07"])
def test_words_that_cannot_be_sent(words: str) -> None:
    with pytest.raises(SupportMessageError):
        check_message(words)


def test_words_with_new_lines_and_chinese_are_kept() -> None:
    assert check_message("第一行\n第二行\t!") == "第一行\n第二行\t!"


def test_mail_draft_carries_the_facts_and_the_words() -> None:
    words = "扣款了但失败 & more?\nSecond line"
    draft = mail_draft("support@reloadly.com", facts(), SupportTopic.CHARGED_BUT_FAILED, words)
    parts = urlsplit(draft.url)
    assert parts.scheme == "mailto"
    assert parts.path == "support@reloadly.com"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Order ord_1: charged but the order failed"]
    body = query["body"][0]
    assert body.startswith("扣款了但失败 & more?\r\nSecond line\r\n")
    for fact in ("ord_1", "+44 •••• 0123", "91.23 CNY", "payment_declined", "2026-12-01 12:05"):
        assert fact in body
    assert "\n" not in draft.url
    assert " " not in draft.url
