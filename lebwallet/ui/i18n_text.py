"""Text that depends on the user's language beyond a translation: how sentences, lists and
percentages join, a deadline's time left, a currency named in words, the keyring's name.

Messages are whole translatable sentences with placeholders; these helpers are the one place
that knows how such sentences and items are put side by side in each language:

- `sentences("充值失败。", "请联系客服。")` -> ``充值失败。请联系客服。`` (English: one space);
- `join_list(["短信", "通话"])` -> ``短信、通话`` (English: ``SMS, call``); ``or`` lists end in
  ``或`` / ``or``;
- `format_percent(Decimal("3.4"))` -> ``3.4%`` (no space in Chinese or English);
- `time_left(5)` -> ``还剩 5 天`` / ``5 days left``, `time_left(0)` -> ``今天到期`` / ``due
  today``, `time_left(-3)` -> ``已过期 3 天`` / ``3 days overdue``;
- `currency_name("GBP")` -> ``英镑`` / ``pound sterling``;
- `carrier_name(card)` -> the card's carrier, or for a card of your own with none named
  ``自定义规则（未填运营商）`` / ``own rule, no carrier named``;
- `support_line()` -> ``如有疑问，请联系客服。`` (every failure a user sees ends with it);
- `keyring_name()` -> ``钥匙串`` on macOS, ``凭据管理器`` on Windows, ``系统密钥环`` on Linux.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QCoreApplication, QLocale

from lebwallet.ui.money_format import format_date, format_decimal

if TYPE_CHECKING:  # the window frame's first paint imports no domain (test_app)
    from lebwallet.domain.cards import Card

_CONTEXT: Final = "Text"


def _tr(source: str, n: int = -1) -> str:
    return QCoreApplication.translate(_CONTEXT, source, None, n)


def is_chinese(locale: QLocale | None = None) -> bool:
    """Whether text for `locale` (default: the current one) is written in Chinese."""
    loc = QLocale() if locale is None else locale
    return loc.language() == QLocale.Language.Chinese


_FULL_STOPS: Final = ("。", "！", "？", "；", "：")


def sentences(*parts: str) -> str:
    """Whole sentences one after the other: no space after a full-width stop (Chinese), one
    space after a Latin one (English, or a provider's own English text)."""
    joined = ""
    for part in parts:
        part = part.strip() if part else ""
        if not part:
            continue
        if joined and not joined.endswith(_FULL_STOPS):
            joined += " "
        joined += part
    return joined


def _is_cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def join_list(items: Iterable[str], *, last: str = "") -> str:
    """Items in a list: ``a、b、c`` in Chinese, ``a, b, c`` in English. `last` is ``"or"``
    for a choice: ``短信、通话或流量`` / ``£10.00 或 £15.00`` (a space between 或 and Latin
    text or digits, as Chinese sets it) / ``a, b or c``."""
    values = [item for item in items if item]
    chinese = is_chinese()
    if last != "or" or len(values) < 2:
        return ("、" if chinese else ", ").join(values)
    head, tail = join_list(values[:-1]), values[-1]
    if not chinese:
        return f"{head} or {tail}"
    before = "" if _is_cjk(head[-1]) else " "
    after = "" if _is_cjk(tail[0]) else " "
    return f"{head}{before}或{after}{tail}"


def format_percent(value: Decimal, locale: QLocale | None = None) -> str:
    """A percentage with the locale's digits and no space before the sign: ``3.4%``."""
    return format_decimal(value.normalize(), locale) + "%"


def time_left(days: int) -> str:
    """A deadline's time left: ``还剩 5 天`` / ``今天到期`` / ``已过期 3 天``."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"time_left() takes an int, not {type(days).__name__}")
    if days == 0:
        return _tr("due today")
    if days > 0:
        return _tr("%n day(s) left", days)
    return _tr("%n day(s) overdue", -days)


def deadline_text(last_day: date, days: int) -> str:
    """A deadline and its time left: ``2026/12/10（还剩 5 天）`` / ``12/10/26 (5 days left)``."""
    return _tr("%1 (%2)").replace("%1", format_date(last_day)).replace("%2", time_left(days))


_CURRENCY_NAMES: Final = {
    "GBP": "pound sterling",
    "USD": "US dollar",
    "HKD": "Hong Kong dollar",
    "CNY": "Chinese yuan",
    "EUR": "euro",
    "JPY": "Japanese yen",
    "MOP": "Macanese pataca",
    "TWD": "New Taiwan dollar",
    "SGD": "Singapore dollar",
    "AUD": "Australian dollar",
    "CAD": "Canadian dollar",
}


def currency_name(code: str) -> str:
    """A currency named in words in the user's language (``英镑``), else its ISO code."""
    name = _CURRENCY_NAMES.get(code)
    return code if name is None else _tr(name)


def carrier_name(card: Card) -> str:
    """The card's carrier as shown: a card of your own with no carrier's name says so in the
    user's language (the store keeps a marker)."""
    from lebwallet.domain.cards import CardSource
    from lebwallet.services.keepalive_values import UNNAMED_CARRIER

    if card.source is CardSource.LOCAL and card.carrier == UNNAMED_CARRIER:
        return _tr("own rule, no carrier named")
    return card.carrier


def keyring_name(platform: str | None = None) -> str:
    """The platform's own name for where secrets are kept."""
    where = sys.platform if platform is None else platform
    if where == "darwin":
        return _tr("Keychain")
    if where.startswith("win"):
        return _tr("Credential Manager")
    return _tr("system keyring")


def support_line() -> str:
    """The sentence every failure a user sees ends with: where to ask."""
    return _tr("Questions? Contact support.")


def _register_translations() -> None:  # pragma: no cover - read by lupdate only
    QCoreApplication.translate("Text", "pound sterling")
    QCoreApplication.translate("Text", "US dollar")
    QCoreApplication.translate("Text", "Hong Kong dollar")
    QCoreApplication.translate("Text", "Chinese yuan")
    QCoreApplication.translate("Text", "euro")
    QCoreApplication.translate("Text", "Japanese yen")
    QCoreApplication.translate("Text", "Macanese pataca")
    QCoreApplication.translate("Text", "New Taiwan dollar")
    QCoreApplication.translate("Text", "Singapore dollar")
    QCoreApplication.translate("Text", "Australian dollar")
    QCoreApplication.translate("Text", "Canadian dollar")
    QCoreApplication.translate("Text", "due today")
    QCoreApplication.translate("Text", "%n day(s) left", None, 1)
    QCoreApplication.translate("Text", "%n day(s) overdue", None, 1)
    QCoreApplication.translate("Text", "%1 (%2)")
    QCoreApplication.translate("Text", "own rule, no carrier named")
    QCoreApplication.translate("Text", "Keychain")
    QCoreApplication.translate("Text", "Credential Manager")
    QCoreApplication.translate("Text", "system keyring")
    QCoreApplication.translate("Text", "Questions? Contact support.")
