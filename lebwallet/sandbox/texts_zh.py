# ruff: noqa: E501 (a table of sentences: one pair a line reads best)
"""The sandbox's Simplified Chinese, keyed by its English (see `lebwallet.sandbox.language`).

- `ZH_TEXT`: whole sentences and names of the pages, promotion titles, failure reasons, and
  the values that appear inside API messages.
- `ZH_TITLES`: the problem titles, by error code.
- `ZH_DETAILS`: API messages as English templates with `{name}` placeholders, and their
  Chinese.
"""

from __future__ import annotations

from typing import Final

from lebwallet.provider.wire import ErrorCode

ZH_TEXT: Final[dict[str, str]] = {
    # promotion titles (by the English title the catalogue gives)
    "Sandbox bonus: +10% credit on top-ups of £20 or more": "演示赠送：充值 £20 或以上多送 10%",
    "Sandbox bonus: HK$20 extra on top-ups of HK$200 or more": "演示赠送：充值 HK$200 或以上多送 HK$20",
    "KEEPALIVE5: 5% off any top-up": "KEEPALIVE5：任意充值立减 5%",
    # failure reasons
    "The bank declined the payment (sandbox test card).": "银行拒绝了这笔付款（演示测试卡）。",
    "Insufficient funds on the card (sandbox test card).": "银行卡余额不足（演示测试卡）。",
    "The authentication step was not passed.": "未通过付款验证。",
    "The carrier refused the top-up: the number is recycled.": "运营商拒绝了这次充值：该号码已被回收。",
    # checkout pages
    "Checkout": "收银台",
    "LEB Wallet Sandbox": "LEB Wallet 演示环境",
    "Sandbox — no real money": "演示模式（不会真实扣款）",
    "LEB Wallet sandbox provider · test pages only": "LEB Wallet 演示服务商 · 仅供测试的页面",
    "Pay order": "支付订单",
    "Pay order {order}": "支付订单 {order}",
    "Pay with {method}": "使用{method}支付",
    "Order {order}": "订单 {order}",
    "Order {order} is {status}.": "订单 {order}：{status}。",
    "Order {status}": "订单{status}",
    "This payment waits for the authentication step.": "这笔付款正在等待验证。",
    "Continue to the authentication step": "继续验证",
    "This order is {status}; there is nothing left to pay.": "此订单{status}，无需再付款。",
    "This order is {status}; no authentication is needed.": "此订单{status}，无需验证。",
    "This order is {status}.": "此订单{status}。",
    "Card number": "卡号",
    "Expiry": "有效期",
    "CVC": "安全码",
    "Pay {total}": "支付 {total}",
    "You are signed in to SandboxPal as a test buyer.": "你已作为测试买家登录 SandboxPal。",
    "Approve and pay {total}": "确认并支付 {total}",
    "Scan this code with the {method} app on your phone.": "请用手机上的{method}扫描此二维码。",
    "In the sandbox no phone is needed: simulate the scan and approval.": "演示模式下不需要手机：可以模拟扫码并确认付款。",
    "Simulate scan and pay": "模拟扫码并付款",
    "Open the phone page": "打开手机付款页",
    "Total": "合计",
    "The card receives {credited}.": "卡上将到账 {credited}。",
    "Top-up": "充值金额",
    "Discount": "优惠",
    "Bonus credit": "赠送金额",
    "Exchange rate": "汇率",
    "Fee": "手续费",
    "Bank card": "银行卡",
    "SandboxPal (PayPal-like)": "SandboxPal（类似 PayPal）",
    "Alipay (sandbox)": "支付宝（演示）",
    "WeChat Pay (sandbox)": "微信支付（演示）",
    "succeeds": "付款成功",
    "is declined": "被拒绝",
    "fails: insufficient funds": "失败：余额不足",
    "needs the authentication step": "需要付款验证",
    "Confirm payment": "确认付款",
    "Confirm it is you": "确认是你本人",
    "Your bank asks for a one-time code for order {order}.": "你的银行要求为订单 {order} 输入一次性验证码。",
    "Sandbox code:": "演示验证码：",
    "One-time code": "一次性验证码",
    "Confirm": "确认",
    "Fail authentication": "验证失败",
    "Decline": "拒绝",
    "Payment result": "付款结果",
    "Top-up credited": "充值已到账",
    "Paid — crediting the card": "已付款，正在充入卡中",
    "Payment failed": "付款失败",
    "Authentication needed": "需要验证",
    "You can close this window and return to LEB Wallet.": "你可以关闭此窗口，回到 LEB Wallet。",
    "This page updates by itself.": "此页面会自动刷新。",
    "Not understood": "无法识别",
    "Not found": "未找到",
    "Cannot be paid": "无法付款",
    "Refused": "已拒绝",
    "This form can only be sent from the sandbox's own page.": "此表单只能从沙盒自己的页面提交。",
    "This form is out of date. Open the payment page again.": "此表单已过期，请重新打开付款页面。",
    "Error": "出错了",
    "There is no order {order}.": "没有订单 {order}。",
    "There is no such page.": "没有这个页面。",
    "This order is {status}; it cannot be paid this way any more.": "此订单{status}，不能再用这种方式付款。",
    "This is not a sandbox test card. Use one of the numbers listed below.": "这不是演示测试卡。请使用下面列出的卡号。",
    "The code is wrong. Type the code shown above.": "验证码不正确。请输入上面显示的验证码。",
    "Choose approve or fail.": "请选择确认或验证失败。",
    "Choose approve or decline.": "请选择确认或拒绝。",
    # order statuses, as the pages name them
    "awaiting payment": "待付款",
    "requires action": "待验证",
    "paid": "已付款",
    "crediting": "正在充值",
    "credited": "已到账",
    "failed": "失败",
    "cancelled": "已取消",
    "expired": "已关闭（未扣款）",
    # values inside API messages
    "card": "卡",
    "order": "订单",
    "this account": "本账户",
    "another account": "其他账户",
    "ICCID": "ICCID",
    "phone number": "手机号码",
    "support case": "客服工单",
}

ZH_TITLES: Final[dict[ErrorCode, str]] = {
    ErrorCode.VALIDATION_ERROR: "请求无效",
    ErrorCode.MALFORMED_JSON: "请求内容不是有效的 JSON",
    ErrorCode.BODY_TOO_LARGE: "请求内容过大",
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: "请求内容必须是 application/json",
    ErrorCode.METHOD_NOT_ALLOWED: "不允许此方法",
    ErrorCode.UNAUTHORIZED: "需要登录",
    ErrorCode.TOKEN_EXPIRED: "登录凭证已过期",
    ErrorCode.INVALID_CREDENTIALS: "账号或密码错误",
    ErrorCode.VERIFICATION_REQUIRED: "账户尚未验证",
    ErrorCode.INVALID_VERIFICATION_CODE: "验证码错误或已失效",
    ErrorCode.ACCOUNT_EXISTS: "该账号已注册",
    ErrorCode.PROFILE_INCOMPLETE: "请先完善个人资料",
    ErrorCode.NOT_FOUND: "未找到",
    ErrorCode.CARD_ALREADY_BOUND: "这张卡已绑定",
    ErrorCode.CARD_NOT_RECHARGEABLE: "这张卡无法充值",
    ErrorCode.AMOUNT_BELOW_MINIMUM: "金额低于最低充值额",
    ErrorCode.AMOUNT_ABOVE_MAXIMUM: "金额高于最高充值额",
    ErrorCode.AMOUNT_NOT_ON_STEP: "金额不符合充值档位",
    ErrorCode.DAILY_CAP_EXCEEDED: "超出每日充值上限",
    ErrorCode.MONTHLY_CAP_EXCEEDED: "超出每月充值上限",
    ErrorCode.UNKNOWN_PROMO_CODE: "优惠码无效",
    ErrorCode.PROMOTION_NOT_APPLICABLE: "此优惠不适用",
    ErrorCode.FX_QUOTE_EXPIRED: "汇率报价已过期",
    ErrorCode.UNSUPPORTED_CURRENCY: "不支持此币种",
    ErrorCode.PAYMENT_METHOD_UNAVAILABLE: "此付款方式不可用",
    ErrorCode.IDEMPOTENCY_KEY_REQUIRED: "需要有效的 Idempotency-Key 请求头",
    ErrorCode.IDEMPOTENCY_MISMATCH: "该 Idempotency-Key 已用于其他请求",
    ErrorCode.ORDER_NOT_CANCELLABLE: "订单已无法取消",
    ErrorCode.SUPPORT_CASE_CLOSED: "该客服工单已关闭",
    ErrorCode.RATE_LIMITED: "请求过于频繁",
    ErrorCode.INTERNAL_ERROR: "服务器内部错误",
    ErrorCode.SERVICE_UNAVAILABLE: "服务暂时不可用",
}

ZH_DETAILS: Final[tuple[tuple[str, str], ...]] = (
    # auth
    ("send Authorization: Bearer <access token>", "请登录：发送 Authorization: Bearer <访问令牌>"),
    (
        "the Authorization header must be 'Bearer <token>'",
        "Authorization 请求头必须是“Bearer <令牌>”",
    ),
    ("the access token is not valid", "访问令牌无效"),
    (
        "the access token expired at {time} UTC; refresh it",
        "访问令牌已于 {time}（UTC）过期，请刷新",
    ),
    ("the refresh token is not valid", "刷新令牌无效"),
    ("the refresh token was used already; sign in again", "刷新令牌已用过，请重新登录"),
    ("the refresh token has expired; sign in again", "刷新令牌已过期，请重新登录"),
    (
        "an account with this e-mail address or phone number exists; sign in instead",
        "该邮箱或手机号码已注册，请直接登录",
    ),
    ("no such verification; register or sign in again", "找不到这次验证，请重新注册或登录"),
    (
        "this code can no longer be used; register or sign in again to get a new one",
        "此验证码已失效，请重新注册或登录以获取新的验证码",
    ),
    ("too many failed sign-ins; try again in {wait} s", "登录失败次数过多，请在 {wait} 秒后重试"),
    ("the verification code is wrong; try again", "验证码不正确，请重试"),
    ("the login or the password is wrong", "账号或密码错误"),
    (
        "verify the account first: a new code was sent to {destination}",
        "请先验证账户：新的验证码已发送到 {destination}",
    ),
    ("phone: {reason}", "手机号码：{reason}"),
    # cards
    ("no card {card} on this account", "本账户没有卡 {card}"),
    ("the provider knows no card with this {what}", "服务商找不到这个{what}对应的卡"),
    ("the card is already bound to {whose}", "这张卡已绑定到{whose}"),
    ("a label cannot contain control characters", "备注名不能包含控制字符"),
    (
        "return_url: must be the wallet's own return address on this computer",
        "return_url：只能是本机钱包自己的返回地址",
    ),
    ("label: a label cannot contain control characters", "备注名：不能包含控制字符"),
    # paging and queries
    ("not a cursor from this list; start again without one", "分页游标无效，请从第一页重新开始"),
    (
        "cursor: not a cursor from this list; start again without one",
        "分页游标无效，请从第一页重新开始",
    ),
    ("no {what} {value}", "没有{what} {value}"),
    (
        "limit is a whole number from 1 to {maximum}, not {value}",
        "limit 须为 1 到 {maximum} 的整数，而不是 {value}",
    ),
    (
        "ids is 1 to {count} order ids separated by commas",
        "ids 须为 1 到 {count} 个以逗号分隔的订单号",
    ),
    (
        "ids cannot be combined with updated_since or cursor",
        "ids 不能与 updated_since 或 cursor 同时使用",
    ),
    ("give platform=linux, windows or macos", "请提供 platform=linux、windows 或 macos"),
    (
        "platform is linux, windows or macos, not {value}",
        "platform 须为 linux、windows 或 macos，而不是 {value}",
    ),
    ("a currency is an ISO 4217 code like GBP", "币种须为 ISO 4217 代码，例如 GBP"),
    ("missing or malformed", "缺失或格式不正确"),
    # orders and rules
    ("no order {order} on this account", "本账户没有订单 {order}"),
    (
        "complete the profile before the first recharge; missing: {missing}",
        "首次充值前请先完善个人资料，缺少：{missing}",
    ),
    ("the number is recycled; it cannot be topped up", "该号码已被回收，无法充值"),
    ("the minimum is {amount}", "最低充值额为 {amount}"),
    ("the maximum is {amount}", "最高充值额为 {amount}"),
    (
        "amounts go in steps of {step} from {minimum}; try {near}",
        "金额须从 {minimum} 起按 {step} 递增，可以试试 {near}",
    ),
    ("amounts go in steps of {step} from {minimum}", "金额须从 {minimum} 起按 {step} 递增"),
    ("{left} left today (daily cap {cap})", "今天还可充值 {left}（每日上限 {cap}）"),
    ("{left} left this month (monthly cap {cap})", "本月还可充值 {left}（每月上限 {cap}）"),
    ("no promotion has the code {code}", "没有优惠码为 {code} 的优惠"),
    ("the promo code is empty", "优惠码为空"),
    ("a promo code has at most {count} characters", "优惠码最多 {count} 个字符"),
    (
        "a promo code has only letters, digits and punctuation, no spaces",
        "优惠码只能包含字母、数字和标点，不能有空格",
    ),
    ("the promotion {title} is for top-ups in {currency}", "优惠“{title}”仅适用于 {currency} 充值"),
    (
        "the promotion {title} needs a top-up of at least {amount}",
        "优惠“{title}”要求充值至少 {amount}",
    ),
    (
        "the exchange rate quoted until {time} UTC has expired; get a new price",
        "有效期至 {time}（UTC）的汇率报价已过期，请重新获取价格",
    ),
    (
        "no exchange-rate quote {quote} on this account; get the recharge options again",
        "本账户没有汇率报价 {quote}，请重新获取充值选项",
    ),
    ("{method} is not available now", "{method} 暂不可用"),
    ("{method} is not offered for this card", "这张卡不支持 {method}"),
    (
        "{method} cannot take {currency}; it takes {accepted}",
        "{method} 不支持 {currency}，仅支持 {accepted}",
    ),
    ("cannot pay for a {card} top-up in {pay}", "无法用 {pay} 支付 {card} 充值"),
    (
        "a {card} top-up can be paid in {accepted}, not in {pay}",
        "{card} 充值可以用 {accepted} 支付，不能用 {pay}",
    ),
    ("the sandbox does not recharge {currency} cards", "演示环境不支持 {currency} 卡充值"),
    ("the sandbox does not recharge cards in {currency}", "演示环境不支持 {currency} 卡充值"),
    (
        "amount.currency: the card is in {currency}; give the amount in it",
        "金额币种：这张卡的币种是 {currency}，请用该币种填写金额",
    ),
    (
        "the card is in {currency}; give the amount in it",
        "这张卡的币种是 {currency}，请用该币种填写金额",
    ),
    (
        "fx_quote_id: paying a {card} top-up in {pay} needs the fx_quote_id of the recharge options",
        "汇率报价：用 {pay} 支付 {card} 充值需要充值选项中的 fx_quote_id",
    ),
    (
        "paying a {card} top-up in {pay} needs the fx_quote_id of the recharge options",
        "用 {pay} 支付 {card} 充值需要充值选项中的 fx_quote_id",
    ),
    (
        "fx_quote_id: paying in {currency} needs no exchange-rate quote",
        "汇率报价：用 {currency} 支付不需要汇率报价",
    ),
    ("paying in {currency} needs no exchange-rate quote", "用 {currency} 支付不需要汇率报价"),
    (
        "the order is {status}; only an unpaid order can be cancelled",
        "订单{status}，只有未付款的订单可以取消",
    ),
    (
        "this Idempotency-Key was used for another order request; use a new key for a new order",
        "该 Idempotency-Key 已用于另一个下单请求，新订单请使用新的 Key",
    ),
    (
        (
            "send an Idempotency-Key header: 8 to 255 visible ASCII characters (a UUID4), "
            "the same for every retry of this order"
        ),
        "请发送 Idempotency-Key 请求头：8 到 255 个可见 ASCII 字符（如 UUID4），重试同一订单时保持不变",
    ),
    # support
    ("no support case {case} on this account", "本账户没有客服工单 {case}"),
    (
        "this Idempotency-Key was used for another support request; use a new key for a new message",
        "该 Idempotency-Key 已用于另一个客服请求，新留言请使用新的 Key",
    ),
    (
        "the support case is closed; open a new one about the order",
        "该客服工单已关闭，请就此订单新建工单",
    ),
    ("the message is empty", "留言为空"),
    ("the message cannot contain control characters", "留言不能包含控制字符"),
    ("no message {message} in this case", "此工单中没有留言 {message}"),
    (
        (
            "send an Idempotency-Key header: 8 to 255 visible ASCII characters (a UUID4), "
            "the same for every retry of this message"
        ),
        "请发送 Idempotency-Key 请求头：8 到 255 个可见 ASCII 字符（如 UUID4），重试同一留言时保持不变",
    ),
    # transport
    ("too many requests; try again in {wait} s", "请求过于频繁，请在 {wait} 秒后重试"),
    ("the request could not be read", "无法读取请求"),
    ("no such resource: {path}", "没有这个资源：{path}"),
    ("{method} is not allowed on {path}", "{path} 不允许 {method} 请求"),
    ("the body is larger than {size} bytes", "请求内容超过 {size} 字节"),
    ("the body is not valid JSON: {reason}", "请求内容不是有效的 JSON：{reason}"),
    ("the body's JSON is nested too deeply", "请求内容的 JSON 嵌套层级过深"),
    (
        "send the body as application/json, not {type}",
        "请求内容请使用 application/json，而不是 {type}",
    ),
    ("send UTF-8 JSON, not {charset}", "请使用 UTF-8 编码的 JSON，而不是 {charset}"),
    ("unexpected {error}", "服务器意外出错（{error}）"),
)
