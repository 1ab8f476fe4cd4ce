# ruff: noqa: E501 (a table of sentences: one pair a line reads best)
"""What the sandbox's support agent writes, in English and Simplified Chinese.

`answer(topic, facts, language, follow_up=...)` picks the reply that fits the case's topic and
the order's state now, and says whether the agent closes the case with it. Sentences are whole,
with `{name}` placeholders (order id, amounts, times); their Chinese is in `ZH_SUPPORT`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from lebwallet.domain.orders import OrderStatus
from lebwallet.provider import wire
from lebwallet.sandbox.language import CHINESE, text

NOT_CREDITED_DONE: Final = (
    "We checked order {order}: it was credited at {time} UTC and {credited} reached the card "
    "{card}. We close this case; open a new one if the balance still looks wrong."
)
NOT_CREDITED_WAITING: Final = (
    "We checked order {order}: it is {status} now. A top-up usually reaches the card within a "
    "few minutes; we keep this case open until it does."
)
NOT_CREDITED_FINAL: Final = (
    "We checked order {order}: it is {status}, so nothing was credited and nothing was "
    "charged. Please top up again; we close this case."
)
WRONG_AMOUNT: Final = (
    "We checked order {order}: {amount} was ordered and {credited} was credited (bonus "
    "included); {total} was charged. If the card shows another amount, reply with its "
    "balance before and after the top-up."
)
CHARGED_BUT_FAILED: Final = (
    "We checked order {order}: it is {status}. This is the sandbox, so no real money moved; "
    "with a real provider the bank releases a hold for a failed order within 5 to 10 "
    "working days."
)
REFUND: Final = (
    "We received your refund request for order {order} ({total}). This is the sandbox, so no "
    "real money moved and there is nothing to refund; we close this case."
)
OTHER: Final = (
    "Thank you for writing about order {order}. We have read your message and the order's "
    "details; reply here if you can tell us more."
)
FOLLOW_UP: Final = (
    "Thank you for your reply about order {order}. We consider the matter settled and close "
    "this case; open a new one if you need more help."
)

ZH_SUPPORT: Final[dict[str, str]] = {
    NOT_CREDITED_DONE: "我们查看了订单 {order}：它已于 {time}（UTC）到账，{credited} 已充入卡 {card}。本工单将关闭；如余额仍不对，请新建工单。",
    NOT_CREDITED_WAITING: "我们查看了订单 {order}：当前状态为{status}。充值通常会在几分钟内到账，到账前我们会保留此工单。",
    NOT_CREDITED_FINAL: "我们查看了订单 {order}：状态为{status}，因此没有到账，也没有扣款。请重新充值；本工单将关闭。",
    WRONG_AMOUNT: "我们查看了订单 {order}：下单金额为 {amount}，到账 {credited}（含赠送），扣款 {total}。如卡上显示的金额不同，请回复充值前后的余额。",
    CHARGED_BUT_FAILED: "我们查看了订单 {order}：状态为{status}。这是演示环境，没有真实扣款；在真实服务商处，失败订单的预授权会由银行在 5 到 10 个工作日内解除。",
    REFUND: "我们已收到订单 {order}（{total}）的退款申请。这是演示环境，没有真实扣款，无需退款；本工单将关闭。",
    OTHER: "感谢你就订单 {order} 联系我们。我们已阅读你的留言和订单详情；如有更多信息，请在此回复。",
    FOLLOW_UP: "感谢你就订单 {order} 的回复。我们认为问题已经解决，本工单将关闭；如需更多帮助，请新建工单。",
}


@dataclass(frozen=True, slots=True)
class Answer:
    """The agent's reply and whether it closes the case."""

    body: str
    closes: bool


def _money(money: wire.WireMoney) -> str:
    return f"{money.value} {money.currency}"


def _say(msgid: str, language: str, **values: object) -> str:
    if language == CHINESE:
        return ZH_SUPPORT[msgid].format_map({k: str(v) for k, v in values.items()})
    return msgid.format_map({k: str(v) for k, v in values.items()})


def _time(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "-"


def answer(
    topic: wire.SupportTopic, facts: wire.OrderFacts, language: str, *, follow_up: bool
) -> Answer:
    """The reply to the customer's latest message; `facts` is the order as it is now."""
    status = OrderStatus(facts.status.value)
    values = {
        "order": facts.order_id,
        "status": text(status.value.replace("_", " "), language),
        "amount": _money(facts.amount),
        "credited": _money(facts.credited_amount),
        "total": _money(facts.total),
        "card": facts.card_number,
        "time": _time(facts.credited_at),
    }
    if follow_up:
        return Answer(_say(FOLLOW_UP, language, **values), closes=True)
    if topic is wire.SupportTopic.NOT_CREDITED:
        if status is OrderStatus.CREDITED:
            return Answer(_say(NOT_CREDITED_DONE, language, **values), closes=True)
        if status.is_final:
            return Answer(_say(NOT_CREDITED_FINAL, language, **values), closes=True)
        return Answer(_say(NOT_CREDITED_WAITING, language, **values), closes=False)
    if topic is wire.SupportTopic.WRONG_AMOUNT:
        return Answer(_say(WRONG_AMOUNT, language, **values), closes=False)
    if topic is wire.SupportTopic.CHARGED_BUT_FAILED:
        return Answer(_say(CHARGED_BUT_FAILED, language, **values), closes=False)
    if topic is wire.SupportTopic.REFUND:
        return Answer(_say(REFUND, language, **values), closes=True)
    return Answer(_say(OTHER, language, **values), closes=False)
