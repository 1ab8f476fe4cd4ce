"""The text helpers: sentences, lists, percentages, time left, currency and keyring names,
in English and in 简体中文."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from lebwallet.ui.i18n import install_language
from lebwallet.ui.i18n_text import (
    currency_name,
    deadline_text,
    format_percent,
    join_list,
    keyring_name,
    sentences,
    support_line,
    time_left,
)
from tests.ui.wallet_support import english, wallet_qm_dir  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def chinese(
    english: QApplication,  # noqa: F811 (the fixture: English first, then Chinese over it)
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    install_language(english, "zh_CN", wallet_qm_dir(tmp_path_factory))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    yield
    install_language(english, "en", wallet_qm_dir(tmp_path_factory))


def test_english() -> None:
    assert sentences("The top-up failed.", "", "Card declined.") == (
        "The top-up failed. Card declined."
    )
    assert join_list(["SMS", "call", "data"]) == "SMS, call, data"
    assert join_list(["£10.00", "£15.00"], last="or") == "£10.00 or £15.00"
    assert format_percent(Decimal("3.40")) == "3.4%"
    assert format_percent(Decimal("10")) == "10%"
    assert [time_left(d) for d in (5, 1, 0, -3)] == [
        "5 days left",
        "1 day left",
        "due today",
        "3 days overdue",
    ]
    assert currency_name("GBP") == "pound sterling"
    assert currency_name("XAF") == "XAF"
    assert support_line() == "Questions? Contact support."
    assert keyring_name("darwin") == "Keychain"
    assert keyring_name("win32") == "Credential Manager"
    assert keyring_name("linux") == "system keyring"


@pytest.mark.usefixtures("chinese")
def test_chinese() -> None:
    assert sentences("£10.00 的充值失败。", "银行拒绝了这笔付款。", support_line()) == (
        "£10.00 的充值失败。银行拒绝了这笔付款。如有疑问，请联系客服。"
    )
    assert join_list(["短信", "通话", "流量"]) == "短信、通话、流量"
    assert join_list(["£10.00", "£15.00", "£20.00"], last="or") == "£10.00、£15.00 或 £20.00"
    assert join_list(["充值", "打电话", "发短信"], last="or") == "充值、打电话或发短信"
    assert format_percent(Decimal("3.4")) == "3.4%"
    assert [time_left(d) for d in (5, 0, -3)] == ["还剩 5 天", "今天到期", "已过期 3 天"]
    assert deadline_text(date(2026, 12, 10), 5) == "2026/12/10（还剩 5 天）"
    assert [currency_name(c) for c in ("GBP", "USD", "HKD", "CNY", "EUR")] == [
        "英镑",
        "美元",
        "港币",
        "人民币",
        "欧元",
    ]
    assert [keyring_name(p) for p in ("darwin", "win32", "linux")] == [
        "钥匙串",
        "凭据管理器",
        "系统密钥环",
    ]
