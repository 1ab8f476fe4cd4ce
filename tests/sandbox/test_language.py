"""The sandbox answers in English or Simplified Chinese (`Accept-Language`, `Content-Language`):
promotion titles, failure reasons, problem titles and details, the checkout pages."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import requests

from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox import catalog, checkout, orders
from lebwallet.sandbox.language import CHINESE, ENGLISH, negotiate, translate_detail
from lebwallet.sandbox.texts_zh import ZH_TEXT, ZH_TITLES
from tests.sandbox.demo_api import TIMEOUT, Api, order_body, wait_for_status
from tests.support.checkout_forms import TOKEN_RE
from tests.support.sandbox import SandboxHandle

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}
_CJK = re.compile(r"[\u4e00-\u9fff]")
DECLINED = "4000 0000 0000 0002"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, ENGLISH),
        ("", ENGLISH),
        ("en-GB,en;q=0.9", ENGLISH),
        ("zh-CN,zh;q=0.9", CHINESE),
        ("zh", CHINESE),
        ("zh-Hans-CN", CHINESE),
        ("zh-TW,zh-HK;q=0.9", ENGLISH),  # Traditional Chinese is not spoken: English
        ("fr-FR,zh;q=0.5", CHINESE),  # French first, but only Chinese is spoken
        ("zh;q=0.4,en;q=0.8", ENGLISH),  # weights, not order
        ("zh;q=0", ENGLISH),  # q=0: not acceptable
        ("*", ENGLISH),
        ("!!nonsense, ;q=x", ENGLISH),
    ],
)
def test_negotiates_the_language(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected


def test_english_by_default_and_says_so(api: Api) -> None:
    response = api.get("/v1/cards")
    assert response.headers["Content-Language"] == "en"
    assert "Accept-Language" in response.headers["Vary"]


def test_problems_in_chinese(sandbox: SandboxHandle) -> None:
    response = requests.post(
        f"{sandbox.url}/v1/auth/login",
        json={"login": sandbox.email, "password": "wrong password"},
        headers=ZH,
        timeout=TIMEOUT,
    )
    assert response.status_code == 401
    assert response.headers["Content-Language"] == "zh-CN"
    problem = response.json()
    assert problem["code"] == "invalid_credentials"  # codes never change
    assert problem["title"] == "账号或密码错误"
    assert problem["detail"] == "账号或密码错误"


def test_rule_details_keep_their_values(api: Api) -> None:
    response = api.post(
        "/v1/orders",
        json=order_body(amount={"value": "1.00", "currency": "GBP"}),
        headers={"Idempotency-Key": str(uuid.uuid4()), **ZH},
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "amount_below_minimum"
    assert problem["title"] == "金额低于最低充值额"
    assert problem["detail"] == "最低充值额为 £5.00"


def test_promotion_titles_in_chinese(api: Api) -> None:
    english = api.get("/v1/cards/card_demo_uk/recharge-options").json()
    chinese = api.get("/v1/cards/card_demo_uk/recharge-options", headers=ZH)
    assert chinese.headers["Content-Language"] == "zh-CN"
    titles = {p["id"]: p["title"] for p in chinese.json()["promotions"]}
    assert titles["promo_keepalive5"] == "KEEPALIVE5：任意充值立减 5%"
    assert all(_CJK.search(title) for title in titles.values())
    assert {p["id"] for p in english["promotions"]} == set(titles)  # the same promotions


def test_failure_reason_and_pages_in_chinese(api: Api) -> None:
    created = api.post(
        "/v1/orders",
        json=order_body(),
        headers={"Idempotency-Key": str(uuid.uuid4()), **ZH},
    )
    assert created.status_code == 201, created.text
    order = created.json()
    assert order["checkout_url"].endswith("?lang=zh-CN")

    with requests.Session() as browser:  # a browser that asks for English
        browser.headers["Accept-Language"] = "en-US"
        page = browser.get(order["checkout_url"], timeout=TIMEOUT)
        assert page.headers["Content-Language"] == "zh-CN"
        assert '<html lang="zh-CN">' in page.text
        assert "演示模式（不会真实扣款）" in page.text
        assert "卡号" in page.text
        assert 'id="card-number"' in page.text  # the ids tests and scripts use stay
        # The form's post and the pages after it stay in Chinese (the cookie).
        token = TOKEN_RE.search(page.text)
        assert token is not None
        paid = browser.post(
            f"{api.url}/checkout/{order['id']}/pay",
            data={"card_number": DECLINED, "token": token.group(1)},
        )
        assert paid.headers["Content-Language"] == "zh-CN"
        assert "付款失败" in paid.text
        assert "银行拒绝了这笔付款（演示测试卡）。" in paid.text

    failed = wait_for_status(api, order["id"], "failed")
    assert failed["failure_reason"] == "The bank declined the payment (sandbox test card)."
    chinese = api.get(f"/v1/orders/{order['id']}", headers=ZH).json()
    assert chinese["failure_code"] == "payment_declined"
    assert chinese["failure_reason"] == "银行拒绝了这笔付款（演示测试卡）。"


def test_checkout_page_follows_the_browser_without_a_lang(api: Api) -> None:
    order = api.create_order().json()
    english = requests.get(order["checkout_url"], timeout=TIMEOUT)
    assert english.headers["Content-Language"] == "en"
    assert "Card number" in english.text
    chinese = requests.get(order["checkout_url"], headers=ZH, timeout=TIMEOUT)
    assert "卡号" in chinese.text
    escaped = requests.get(f"{api.url}/checkout/{order['id']}?lang=<b>", timeout=TIMEOUT)
    assert escaped.status_code == 200
    assert escaped.headers["Content-Language"] == "en"  # an unknown lang is ignored


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("no order ord_123 on this account", "本账户没有订单 ord_123"),
        ("no card 'x!'", "没有卡 x!"),
        (
            "the promotion 'KEEPALIVE5: 5% off any top-up' needs a top-up of at least £5.00",
            "优惠“KEEPALIVE5：任意充值立减 5%”要求充值至少 £5.00",
        ),
        ("£10.00 left today (daily cap £150.00)", "今天还可充值 £10.00（每日上限 £150.00）"),
        ("the card is already bound to another account", "这张卡已绑定到其他账户"),
        (
            "amounts go in steps of £5.00 from £5.00; try £10.00 or £15.00",
            "金额须从 £5.00 起按 £5.00 递增，可以试试 £10.00 或 £15.00",
        ),
        (
            "paypal cannot take CNY; it takes GBP, HKD, USD",
            "paypal 不支持 CNY，仅支持 GBP、HKD、USD",
        ),
        (
            "the order is credited; only an unpaid order can be cancelled",
            "订单已到账，只有未付款的订单可以取消",
        ),
        (
            "ids: ids cannot be combined with updated_since or cursor",
            "ids：ids 不能与 updated_since 或 cursor 同时使用",
        ),
        ("something nobody wrote a template for", "something nobody wrote a template for"),
    ],
)
def test_details_are_matched_whole_with_their_values(english: str, chinese: str) -> None:
    assert translate_detail(english, CHINESE) == chinese
    assert translate_detail(english, ENGLISH) == english


def test_every_page_sentence_and_problem_title_has_its_chinese() -> None:
    templates = Path(checkout.__file__).parent / "templates"
    used = {
        msgid
        for page in templates.glob("*.html")
        for msgid in re.findall(r'_\("([^"]+)"', page.read_text(encoding="utf-8"))
    }
    used |= set(checkout.METHOD_NAMES.values())
    used |= {effect for _number, effect in checkout.TEST_CARDS}
    used |= {promotion.title for promotion in catalog.PROMOTIONS}
    used |= set(orders.FAILURE_REASONS.values())
    assert used - ZH_TEXT.keys() == set()
    assert set(ErrorCode) - ZH_TITLES.keys() == set()
