<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>The folder could not be opened. Its path is %1</source>
        <translation>无法打开该文件夹。路径：%1</translation>
    </message>
    <message>
        <source>About LEB Wallet</source>
        <translation>关于 LEB 钱包</translation>
    </message>
    <message>
        <source>Keeps prepaid SIM and eSIM numbers alive: balances, deadlines and top-ups.</source>
        <translation>帮您保住预付费 SIM 卡和 eSIM 的号码：余额、保号到期日和充值一目了然。</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Licence:</source>
        <translation>许可证：</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <source>Log folder:</source>
        <translation>日志文件夹：</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>ActionsView</name>
    <message>
        <source>Keep-alive log</source>
        <translation>保号记录</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>No keep-alive action logged yet. Log a call, an SMS, data use or a top-up made elsewhere from a card&apos;s details.</source>
        <translation>还没有保号记录。可以在卡片详情中记录通话、短信、流量或在其他渠道的充值。</translation>
    </message>
</context>
<context>
    <name>AddCardDialog</name>
    <message>
        <source>An ICCID starts with 89.</source>
        <translation>ICCID 以 89 开头。</translation>
    </message>
    <message numerus="yes">
        <source>An ICCID has 19 or 20 digits; this one has %n.</source>
        <translation>
            <numerusform>ICCID 应为 19 或 20 位数字，当前为 %n 位。</numerusform>
        </translation>
    </message>
    <message>
        <source>The last digit should be %1 (the Luhn check digit); a digit is probably mistyped.</source>
        <translation>最后一位应为 %1（Luhn 校验位），可能有数字输错了。</translation>
    </message>
    <message>
        <source>Type the ICCID printed on the SIM card, or the phone number with +country code.</source>
        <translation>请输入 SIM 卡上印的 ICCID，或带 + 国家代码的手机号码。</translation>
    </message>
    <message>
        <source>Only digits, spaces, &apos;+&apos;, &apos;-&apos; and brackets are allowed, not %1.</source>
        <translation>只能输入数字、空格、+、- 和括号，不能输入%1。</translation>
    </message>
    <message>
        <source>This is not a valid phone number. Write it with its country code: +44 7400 …</source>
        <translation>这不是有效的电话号码。请带上国家代码，例如：+44 7400 …</translation>
    </message>
    <message>
        <source>This ICCID has no check digit, so a typing mistake cannot be detected. Compare it with the SIM card before adding it.</source>
        <translation>此 ICCID 没有校验位，无法发现输入错误。添加前请与 SIM 卡核对。</translation>
    </message>
    <message>
        <source>ICCID %1 (check digit correct)</source>
        <translation>ICCID %1（校验位正确）</translation>
    </message>
    <message>
        <source>%1 does not look like a mobile number; check it.</source>
        <translation>%1 看起来不像手机号码，请检查。</translation>
    </message>
    <message>
        <source>Phone number %1</source>
        <translation>电话号码 %1</translation>
    </message>
    <message>
        <source>The carrier catalogue could not be read: %1</source>
        <translation>无法读取运营商目录：%1</translation>
    </message>
    <message>
        <source>Adding the card…</source>
        <translation>正在添加卡片…</translation>
    </message>
    <message>
        <source>The provider knows no card with this number. Check it on the SIM card.</source>
        <translation>服务商查不到这个号码对应的卡，请与 SIM 卡核对。</translation>
    </message>
    <message>
        <source>At the &amp;provider</source>
        <translation>在服务商绑定(&amp;P)</translation>
    </message>
    <message>
        <source>Any &amp;carrier (my own card)</source>
        <translation>任意运营商（自己的卡）(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;ICCID or phone number:</source>
        <translation>ICCID 或电话号码(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Label (optional):</source>
        <translation>备注名（可选）(&amp;L)：</translation>
    </message>
    <message>
        <source>The card could not be added: %1</source>
        <translation>无法添加卡片：%1</translation>
    </message>
    <message>
        <source>Add card</source>
        <translation>添加卡片</translation>
    </message>
    <message>
        <source>8944 1100 … or +44 7400 123456</source>
        <translation>8944 1100 … 或 +44 7400 123456</translation>
    </message>
    <message>
        <source>e.g. UK travel SIM</source>
        <translation>例如：英国旅行卡</translation>
    </message>
</context>
<context>
    <name>AmountPage</name>
    <message>
        <source>The price has expired (exchange rate or promotion). Check the new price.</source>
        <translation>价格已过期（汇率或优惠活动）。请查看新价格。</translation>
    </message>
    <message>
        <source>The provider refused the order: %1</source>
        <translation>服务商拒绝了此订单：%1</translation>
    </message>
    <message>
        <source>Loading the prices…</source>
        <translation>正在加载价格…</translation>
    </message>
    <message>
        <source>The prices could not be loaded: %1</source>
        <translation>无法加载价格：%1</translation>
    </message>
    <message>
        <source>Choose or enter an amount.</source>
        <translation>请选择或输入金额。</translation>
    </message>
    <message>
        <source>How much?</source>
        <translation>充值多少？</translation>
    </message>
    <message>
        <source>Choose a preset or enter an amount.</source>
        <translation>请选择预设金额，或手动输入金额。</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Promo code</source>
        <translation>优惠码</translation>
    </message>
    <message>
        <source>Pay in</source>
        <translation>支付币种</translation>
    </message>
    <message>
        <source>Pay with</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>e.g. 20</source>
        <translation>例如 20</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
</context>
<context>
    <name>AutopilotDialog</name>
    <message>
        <source>Enter a monthly budget like 20 or 20.50 in %1, or leave it empty.</source>
        <translation>请输入每月预算（%1），如 20 或 20.50，也可留空。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Keep alive automatically: %1</source>
        <translation>自动保号：%1</translation>
    </message>
    <message>
        <source>Keep this number alive for me</source>
        <translation>帮我自动保号</translation>
    </message>
    <message>
        <source>Days before the deadline</source>
        <translation>保号到期前几天</translation>
    </message>
    <message>
        <source>Monthly budget (%1, optional)</source>
        <translation>每月预算（%1，可不填）</translation>
    </message>
    <message>
        <source>Top up from the Reloadly balance without asking me first</source>
        <translation>直接用 Reloadly 余额充值，不必先问我</translation>
    </message>
    <message>
        <source>Before the deadline the wallet tops this number up with the smallest amount its rule counts, paid from your Reloadly balance: it asks you first, or goes ahead and tells you afterwards. It never makes two for one deadline.</source>
        <translation>保号到期前，钱包会用 Reloadly 余额为此号码充值规则认可的最小金额：先征求您的同意，或直接充值后再告诉您。同一个到期日绝不会充值两次。</translation>
    </message>
    <message>
        <source>Before the deadline the wallet prepares a top-up of the rule&apos;s minimum and asks you to pay it; it never makes two for one deadline. A card whose rule counts calls or texts is only reminded.</source>
        <translation>保号到期前，钱包会按保号规则的最低金额准备一笔充值并提醒您付款；同一个到期日绝不会充值两笔。保号规则要求通话或短信的卡片只会收到提醒。</translation>
    </message>
    <message>
        <source>Deadline reminder: %1</source>
        <translation>保号到期提醒：%1</translation>
    </message>
    <message>
        <source>Remind me before the deadline</source>
        <translation>保号到期前提醒我</translation>
    </message>
    <message>
        <source>This card&apos;s rule counts calls or texts, which only you can make: the wallet reminds you before the deadline and tops nothing up.</source>
        <translation>此卡的保号规则要求通话或短信，只能由您本人完成：钱包会在保号到期前提醒您，不会自动充值。</translation>
    </message>
    <message>
        <source>The wallet has no way to top this card up by itself (a card of your own needs a phone number and a Reloadly account for that): it reminds you before the deadline and tops nothing up.</source>
        <translation>钱包无法自动为此卡充值（自己的卡需要有手机号码并添加 Reloadly 账户才行）：它会在保号到期前提醒您，不会自动充值。</translation>
    </message>
</context>
<context>
    <name>AutopilotScreens</name>
    <message>
        <source>Not topped up: %1</source>
        <translation>未充值：%1</translation>
    </message>
    <message>
        <source>A top-up of %1 from the Reloadly balance keeps this number alive and waits for your yes.</source>
        <translation>用 Reloadly 余额充值 %1 即可为此号码保号，正在等您同意。</translation>
    </message>
    <message>
        <source>Not kept alive automatically.</source>
        <translation>未开启自动保号。</translation>
    </message>
    <message>
        <source>A top-up of %1 for this deadline is ready and waits for your payment.</source>
        <translation>本次到期日的 %1 充值已准备好，正在等您付款。</translation>
    </message>
    <message>
        <source>This deadline&apos;s top-up is paid and on its way.</source>
        <translation>本次到期日的充值已付款，正在到账。</translation>
    </message>
    <message>
        <source>This deadline&apos;s top-up failed: top the card up yourself in time.</source>
        <translation>本次到期日的自动充值失败：请在保号到期前自行充值。</translation>
    </message>
    <message>
        <source>Kept alive automatically; this deadline is taken care of.</source>
        <translation>已开启自动保号，本次到期日已处理。</translation>
    </message>
    <message>
        <source>Kept alive automatically, next on %1.</source>
        <translation>已开启自动保号，下次处理日期：%1。</translation>
    </message>
    <message>
        <source>You were reminded of this deadline: top the card up yourself in time.</source>
        <translation>已提醒您本次到期日：请在保号到期前自行充值。</translation>
    </message>
    <message>
        <source>You were reminded of this deadline: its rule counts calls or texts, which only you can make.</source>
        <translation>已提醒您本次到期日：此卡的保号规则要求通话或短信，只能由您本人完成。</translation>
    </message>
    <message>
        <source>Reminds you on %1: its rule counts calls or texts, which only you can make.</source>
        <translation>将于 %1 提醒您：此卡的保号规则要求通话或短信，只能由您本人完成。</translation>
    </message>
    <message>
        <source>You were reminded of this deadline: the wallet cannot top this card up by itself.</source>
        <translation>已提醒您本次到期日：钱包无法自动为此卡充值。</translation>
    </message>
    <message>
        <source>Reminds you on %1: the wallet cannot top this card up by itself.</source>
        <translation>将于 %1 提醒您：钱包无法自动为此卡充值。</translation>
    </message>
    <message>
        <source>Keep alive automatically…</source>
        <translation>自动保号…</translation>
    </message>
    <message>
        <source>Top up now</source>
        <translation>立即充值</translation>
    </message>
    <message>
        <source>Pay…</source>
        <translation>付款…</translation>
    </message>
</context>
<context>
    <name>BalanceChart</name>
    <message>
        <source>No balance history yet</source>
        <translation>暂无余额记录</translation>
    </message>
    <message>
        <source>Balance over time</source>
        <translation>余额变化</translation>
    </message>
</context>
<context>
    <name>CardDetails</name>
    <message>
        <source>Hide number</source>
        <translation>隐藏号码</translation>
    </message>
    <message>
        <source>Show number</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>Not tracked (a card of your own)</source>
        <translation>不跟踪（自己的卡）</translation>
    </message>
    <message>
        <source>ICCID %1</source>
        <translation>ICCID %1</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>ICCID</source>
        <translation>ICCID</translation>
    </message>
    <message>
        <source>Your own card: its carrier&apos;s rule and your actions are shown beside.</source>
        <translation>自己的卡：运营商的保号规则和您的保号记录显示在旁边。</translation>
    </message>
    <message numerus="yes">
        <source>Top up at least %1 every %n day(s).</source>
        <translation>
            <numerusform>每 %n 天至少充值 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep at least %1 on the balance.</source>
        <translation>余额至少保持 %1。</translation>
    </message>
    <message>
        <source>This is an eSIM.</source>
        <translation>这是一张 eSIM。</translation>
    </message>
    <message>
        <source>SM-DP+ address</source>
        <translation>SM-DP+ 地址</translation>
    </message>
    <message>
        <source>Matching ID</source>
        <translation>匹配 ID（Matching ID）</translation>
    </message>
    <message>
        <source>Activation code</source>
        <translation>激活码</translation>
    </message>
    <message>
        <source>Select a card to see its plan, balance and activation code.</source>
        <translation>请选择一张卡片，查看保号规则、余额和激活码。</translation>
    </message>
    <message>
        <source>Number:</source>
        <translation>号码：</translation>
    </message>
    <message>
        <source>Carrier:</source>
        <translation>运营商：</translation>
    </message>
    <message>
        <source>Balance:</source>
        <translation>余额：</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>保号规则：</translation>
    </message>
    <message>
        <source>Keep alive by:</source>
        <translation>保号到期：</translation>
    </message>
    <message>
        <source>Balance over time</source>
        <translation>余额变化</translation>
    </message>
    <message>
        <source>eSIM activation</source>
        <translation>eSIM 激活</translation>
    </message>
    <message>
        <source>Scan the QR code with the phone (Settings → Add eSIM), or type the values.</source>
        <translation>用手机扫描二维码（设置 → 添加 eSIM），或手动输入以下信息。</translation>
    </message>
    <message>
        <source>SM-DP+ address:</source>
        <translation>SM-DP+ 地址：</translation>
    </message>
    <message>
        <source>Matching ID:</source>
        <translation>匹配 ID（Matching ID）：</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy activation code</source>
        <translation>复制激活码</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>复制号码</translation>
    </message>
    <message>
        <source>eSIM card:</source>
        <translation>所在 eSIM 卡：</translation>
    </message>
</context>
<context>
    <name>CardPage</name>
    <message>
        <source>Loading your cards…</source>
        <translation>正在加载您的卡片…</translation>
    </message>
    <message>
        <source>No card is bound yet. Add a card first.</source>
        <translation>尚未绑定卡片。请先添加卡片。</translation>
    </message>
    <message>
        <source>Your cards could not be loaded: %1</source>
        <translation>无法加载您的卡片：%1</translation>
    </message>
    <message>
        <source>The wallet cannot top up %1: it is a number of your own. Add a Reloadly account in Settings to top it up from here, or top it up at its carrier.</source>
        <translation>钱包无法为%1充值：这是您自己的号码。在“设置”中添加 Reloadly 账户即可在这里充值，或到其运营商处充值。</translation>
    </message>
    <message>
        <source>%1 is recycled and cannot be topped up.</source>
        <translation>%1 已被回收，无法充值。</translation>
    </message>
    <message>
        <source>This card already has an order waiting for payment: %1 by %2, ordered %3. Resume it rather than order twice, or go on for a new top-up.</source>
        <translation>这张卡已有一笔待支付的订单：%1，使用%2支付，下单时间 %3。建议继续完成这笔订单，以免重复充值；也可以发起新的充值。</translation>
    </message>
    <message>
        <source>%1 · via Reloadly</source>
        <translation>%1 · 经 Reloadly</translation>
    </message>
    <message>
        <source>Balance: %1</source>
        <translation>余额：%1</translation>
    </message>
    <message>
        <source>Keep-alive deadline: %1</source>
        <translation>保号到期日：%1</translation>
    </message>
    <message>
        <source>Which card?</source>
        <translation>充值哪张卡？</translation>
    </message>
    <message>
        <source>Choose the card to top up.</source>
        <translation>选择要充值的卡片。</translation>
    </message>
    <message>
        <source>Resume this order</source>
        <translation>继续处理这笔订单</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>卡片</translation>
    </message>
</context>
<context>
    <name>CardsModel</name>
    <message>
        <source>(no label)</source>
        <translation>（无备注名）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Pending activation</source>
        <translation>待激活</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>已停机</translation>
    </message>
    <message>
        <source>Recycled</source>
        <translation>已回收</translation>
    </message>
    <message>
        <source>Keep-alive deadline is far away</source>
        <translation>离保号到期还早</translation>
    </message>
    <message>
        <source>The deadline is near: top up soon</source>
        <translation>保号到期临近，请尽快充值</translation>
    </message>
    <message>
        <source>Top up this week or lose the number</source>
        <translation>请在 7 天内充值，否则号码将被回收</translation>
    </message>
    <message>
        <source>The deadline has passed</source>
        <translation>已过保号到期日</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>备注名</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>运营商</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Keep alive by</source>
        <translation>保号到期</translation>
    </message>
    <message>
        <source>Last qualifying action</source>
        <translation>最近保号操作</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <source>Asking the provider for the exact price…</source>
        <translation>正在向服务商核对准确价格…</translation>
    </message>
    <message>
        <source>none (same currency)</source>
        <translation>无（同一币种）</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 (was %2)</source>
        <translation>%1（原为 %2）</translation>
    </message>
    <message>
        <source>%1 (unchanged: this amount does not keep the number alive)</source>
        <translation>%1（不变：此金额不计入保号）</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Careful: this card already got %1 at %2 (order %3). You can still go on if you mean to top it up twice.</source>
        <translation>注意：此卡已于 %2 充值 %1（订单 %3）。如果确实要再充一次，可以继续。</translation>
    </message>
    <message>
        <source>“%1” applies: %2 off.</source>
        <translation>适用“%1”：减 %2。</translation>
    </message>
    <message>
        <source>“%1” applies: %2 extra credit.</source>
        <translation>适用“%1”：额外到账 %2。</translation>
    </message>
    <message>
        <source>“%1” does not apply: it needs its promo code.</source>
        <translation>“%1”不适用：需要输入对应的优惠码。</translation>
    </message>
    <message>
        <source>“%1” does not apply: it needs a top-up of at least %2.</source>
        <translation>“%1”不适用：充值金额至少 %2。</translation>
    </message>
    <message>
        <source>“%1” does not apply: an order gets one promotion, and the promo code you entered replaces it.</source>
        <translation>“%1”不适用：每笔订单只能享受一项优惠，您输入的优惠码已取代它。</translation>
    </message>
    <message>
        <source>“%1” does not apply: an order gets one promotion, and the one that applies is worth more.</source>
        <translation>“%1”不适用：每笔订单只能享受一项优惠，已选用更优惠的一项。</translation>
    </message>
    <message>
        <source>Check and confirm</source>
        <translation>核对并确认</translation>
    </message>
    <message>
        <source>Go back to change anything; nothing is ordered yet.</source>
        <translation>尚未下单，可返回修改。</translation>
    </message>
    <message>
        <source>Continue to payment</source>
        <translation>继续支付</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation>充值金额</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>折扣</translation>
    </message>
    <message>
        <source>Exchange rate</source>
        <translation>汇率</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Total to pay</source>
        <translation>应付总额</translation>
    </message>
    <message>
        <source>Credited to the card</source>
        <translation>到账金额</translation>
    </message>
    <message>
        <source>Promotion</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>New keep-alive deadline</source>
        <translation>新的保号到期日</translation>
    </message>
    <message>
        <source>Price valid until</source>
        <translation>价格有效期至</translation>
    </message>
</context>
<context>
    <name>DamagedStoreDialog</name>
    <message>
        <source>Local store damaged</source>
        <translation>本地数据已损坏</translation>
    </message>
    <message>
        <source>The wallet&apos;s local store is damaged and cannot be read. The damaged file will be kept aside, not deleted.</source>
        <translation>钱包的本地数据已损坏，无法读取。损坏的文件会另行保留，不会被删除。</translation>
    </message>
    <message>
        <source>Restore the last backup (taken %1): what changed since then comes back with the next sync. Or start a fresh store: your cards and orders are fetched again from the provider.</source>
        <translation>可以恢复最近一次备份（备份于 %1），此后的变动会在下次同步时取回；也可以新建本地数据，你的卡和订单会重新从服务商获取。</translation>
    </message>
    <message>
        <source>Restore the backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>There is no backup to restore. Start a fresh store: your cards and orders are fetched again from the provider.</source>
        <translation>没有可恢复的备份。请新建本地数据，你的卡和订单会重新从服务商获取。</translation>
    </message>
    <message>
        <source>Start a fresh store</source>
        <translation>新建本地数据</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不处理</translation>
    </message>
</context>
<context>
    <name>DamagedStoreRecovery</name>
    <message>
        <source>The backup was restored; the damaged store was kept as %1.</source>
        <translation>已恢复备份，损坏的数据已保留为 %1。</translation>
    </message>
    <message>
        <source>A fresh store was started; the damaged store was kept as %1.</source>
        <translation>已新建本地数据，损坏的数据已保留为 %1。</translation>
    </message>
    <message>
        <source>Local store damaged</source>
        <translation>本地数据已损坏</translation>
    </message>
    <message>
        <source>The damaged store could not be replaced.</source>
        <translation>无法替换已损坏的本地数据。</translation>
    </message>
</context>
<context>
    <name>EuiccPanel</name>
    <message>
        <source>Reading the card readers…</source>
        <translation>正在读取读卡器…</translation>
    </message>
    <message>
        <source>Profile nickname</source>
        <translation>配置文件备注名</translation>
    </message>
    <message>
        <source>Nickname for %1 (at most 64 bytes):</source>
        <translation>为 %1 设置备注名（最多 64 字节）：</translation>
    </message>
    <message>
        <source>Enable %1? The profile enabled now is disabled. A phone with this eSIM card must then refresh (restart it, or turn airplane mode on and off) to use it.</source>
        <translation>启用 %1？当前启用的配置文件会被停用。插着这张 eSIM 卡的手机随后需要刷新（重启，或开关一次飞行模式）才能使用。</translation>
    </message>
    <message>
        <source>Enable profile</source>
        <translation>启用配置文件</translation>
    </message>
    <message>
        <source>Disable %1? Its number stops working until a profile is enabled again. A phone with this eSIM card must then refresh (restart it, or turn airplane mode on and off).</source>
        <translation>停用 %1？在重新启用配置文件之前，这个号码将无法使用。插着这张 eSIM 卡的手机随后需要刷新（重启，或开关一次飞行模式）。</translation>
    </message>
    <message>
        <source>Disable profile</source>
        <translation>停用配置文件</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>删除配置文件</translation>
    </message>
    <message>
        <source>Deleting %1 cannot be undone: its number is lost unless the operator issues it again. Type the profile&apos;s ICCID (%2) to delete it:</source>
        <translation>删除 %1 后无法恢复：除非运营商重新发放，这个号码就丢失了。请输入该配置文件的 ICCID（%2）以确认删除：</translation>
    </message>
    <message>
        <source>Talking to the eSIM card… Do not remove it.</source>
        <translation>正在与 eSIM 卡通信…请勿拔出。</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Press Refresh to read the card readers.</source>
        <translation>点击“刷新”读取读卡器。</translation>
    </message>
    <message>
        <source>No card reader is connected. Plug one in and press Refresh.</source>
        <translation>未连接读卡器。请插上读卡器后点击“刷新”。</translation>
    </message>
    <message>
        <source>EID: %1</source>
        <translation>EID：%1</translation>
    </message>
    <message>
        <source>Sending these notifications needs the operator&apos;s server; the wallet does not send them yet. A phone with this eSIM card sends them when it is online.</source>
        <translation>发送这些通知需要连接运营商的服务器，钱包暂不发送。插着这张 eSIM 卡的手机联网后会自动发送。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Nickname…</source>
        <translation>备注名…</translation>
    </message>
    <message>
        <source>Enable…</source>
        <translation>启用…</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Add as a card…</source>
        <translation>添加为卡片…</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
</context>
<context>
    <name>EuiccProfileTable</name>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Not in the wallet</source>
        <translation>不在钱包中</translation>
    </message>
    <message>
        <source>Operational</source>
        <translation>正式</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Provisioning</source>
        <translation>预配</translation>
    </message>
    <message>
        <source>eSIM profiles</source>
        <translation>eSIM 配置文件</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>运营商</translation>
    </message>
    <message>
        <source>ICCID</source>
        <translation>ICCID</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Wallet card</source>
        <translation>钱包中的卡片</translation>
    </message>
</context>
<context>
    <name>EuiccTexts</name>
    <message>
        <source>The smart card service is not running. On Linux install and start pcscd; then plug in the card reader.</source>
        <translation>智能卡服务未运行。在 Linux 上请安装并启动 pcscd，然后插上读卡器。</translation>
    </message>
    <message>
        <source>The card reader is no longer connected. Press Refresh.</source>
        <translation>读卡器已断开。请点击“刷新”。</translation>
    </message>
    <message>
        <source>There is no card in this reader.</source>
        <translation>此读卡器中没有卡。</translation>
    </message>
    <message>
        <source>The card in this reader is not an eSIM card.</source>
        <translation>此读卡器中的卡不是 eSIM 卡。</translation>
    </message>
    <message>
        <source>The card confirmed the change, then stopped answering before it could be read back (was it removed?). Put it back and press Refresh to see its state.</source>
        <translation>卡片已确认此更改，但在读回结果前停止了响应（是否被拔出？）。请重新插入并点击“刷新”查看其状态。</translation>
    </message>
    <message>
        <source>The card stopped answering (was it removed?). Nothing was confirmed by the card: put it back and press Refresh to see its state.</source>
        <translation>卡片没有响应（是否被拔出？）。卡片未确认任何更改：请重新插入并点击“刷新”查看其状态。</translation>
    </message>
    <message>
        <source>The card&apos;s answer could not be understood. Nothing was changed.</source>
        <translation>无法识别卡片的应答。未做任何更改。</translation>
    </message>
    <message>
        <source>The ICCID typed is not this profile&apos;s. Nothing was deleted.</source>
        <translation>输入的 ICCID 与该配置文件不符。未删除任何内容。</translation>
    </message>
    <message>
        <source>A nickname can have at most 64 bytes. Nothing was changed.</source>
        <translation>备注名最多 64 字节。未做任何更改。</translation>
    </message>
    <message>
        <source>The card refused the change (%1). Nothing was changed.</source>
        <translation>卡片拒绝了此更改（%1）。未做任何更改。</translation>
    </message>
    <message>
        <source>The card could not be read: %1</source>
        <translation>无法读取卡片：%1</translation>
    </message>
    <message>
        <source>%1 was installed; its operator&apos;s server (%2) has not been told yet.</source>
        <translation>%1 已安装，尚未通知其运营商服务器（%2）。</translation>
    </message>
    <message>
        <source>%1 was enabled; its operator&apos;s server (%2) has not been told yet.</source>
        <translation>%1 已启用，尚未通知其运营商服务器（%2）。</translation>
    </message>
    <message>
        <source>%1 was disabled; its operator&apos;s server (%2) has not been told yet.</source>
        <translation>%1 已停用，尚未通知其运营商服务器（%2）。</translation>
    </message>
    <message>
        <source>%1 was deleted; its operator&apos;s server (%2) has not been told yet.</source>
        <translation>%1 已删除，尚未通知其运营商服务器（%2）。</translation>
    </message>
    <message>
        <source>On the eSIM card %1 in %2; its profile is enabled.</source>
        <translation>位于读卡器 %2 中的 eSIM 卡 %1 上，配置文件已启用。</translation>
    </message>
    <message>
        <source>On the eSIM card %1 in %2; its profile is disabled.</source>
        <translation>位于读卡器 %2 中的 eSIM 卡 %1 上，配置文件已停用。</translation>
    </message>
</context>
<context>
    <name>HistoryCsv</name>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Provider reference</source>
        <translation>服务商单号</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>充值金额</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Total currency</source>
        <translation>合计币种</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>付款情况</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Ordered (UTC)</source>
        <translation>下单时间（UTC）</translation>
    </message>
    <message>
        <source>Credited (UTC)</source>
        <translation>到账时间（UTC）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>%1 (%2 bonus)</source>
        <translation>%1（赠送 %2）</translation>
    </message>
    <message>
        <source>Automatic keep-alive top-up</source>
        <translation>自动保号充值</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>充值金额</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>All cards</source>
        <translation>全部卡片</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No orders match these filters.</source>
        <translation>没有符合筛选条件的订单。</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) shown</source>
        <translation>
            <numerusform>显示 %n 笔订单</numerusform>
        </translation>
    </message>
    <message>
        <source>The history could not be read: %1</source>
        <translation>无法读取历史记录：%1</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>导出历史记录</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) exported to %1</source>
        <translation>
            <numerusform>已导出 %n 笔订单到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Save receipt</source>
        <translation>保存收据</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Receipt saved to %1</source>
        <translation>收据已保存到 %1</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>Search order, card or note</source>
        <translation>搜索订单、卡片或备注</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>PDF receipt…</source>
        <translation>PDF 收据…</translation>
    </message>
    <message>
        <source>Card filter</source>
        <translation>按卡片筛选</translation>
    </message>
    <message>
        <source>Shows only the orders of this card</source>
        <translation>只显示这张卡的订单</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <source>Shows only the orders with this status</source>
        <translation>只显示处于此状态的订单</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Shows only the orders of these days</source>
        <translation>只显示这段日期内的订单</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>搜索历史记录</translation>
    </message>
    <message>
        <source>Shows only the orders whose order number, card or note contains the text</source>
        <translation>只显示订单号、卡片或备注中包含此文字的订单</translation>
    </message>
    <message>
        <source>Order history</source>
        <translation>订单历史</translation>
    </message>
</context>
<context>
    <name>KeepAlivePanel</name>
    <message numerus="yes">
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n 个月</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>a top-up of at least %1</source>
        <translation>充值至少 %1</translation>
    </message>
    <message>
        <source>a top-up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>a call</source>
        <translation>打电话</translation>
    </message>
    <message>
        <source>an SMS</source>
        <translation>发短信</translation>
    </message>
    <message>
        <source>mobile data use</source>
        <translation>使用流量</translation>
    </message>
    <message>
        <source>a warning that the number will expire</source>
        <translation>提醒号码即将失效</translation>
    </message>
    <message>
        <source>service restricted (incoming only)</source>
        <translation>限制服务（仅能接听）</translation>
    </message>
    <message>
        <source>account hibernated</source>
        <translation>账户休眠</translation>
    </message>
    <message>
        <source>credit removed</source>
        <translation>余额清零</translation>
    </message>
    <message>
        <source>number disconnected</source>
        <translation>号码停机</translation>
    </message>
    <message>
        <source>number recycled (lost)</source>
        <translation>号码回收（永久失去）</translation>
    </message>
    <message>
        <source>Keeps the number: %1, at least once every %2.</source>
        <translation>保号条件：每 %2内至少一次：%1。</translation>
    </message>
    <message>
        <source>Keeps the number: any one of %1, at least once every %2.</source>
        <translation>保号条件：每 %2内至少有一次以下任一操作：%1。</translation>
    </message>
    <message>
        <source>The provider&apos;s plan: the provider counts the deadline.</source>
        <translation>服务商的套餐规则：到期日由服务商计算。</translation>
    </message>
    <message>
        <source>Your own rule (no source): check it with the carrier.</source>
        <translation>自定义规则（无来源），请向运营商核实。</translation>
    </message>
    <message>
        <source>stated by the carrier</source>
        <translation>运营商明确说明</translation>
    </message>
    <message>
        <source>reported by an older or second-hand source</source>
        <translation>来自较旧或转述的资料</translation>
    </message>
    <message>
        <source>Source: %1 (last checked %2; %3)</source>
        <translation>来源：%1（最近核对：%2；%3）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Topped up in the wallet (order %1)</source>
        <translation>在钱包内充值（订单 %1）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>No qualifying action logged yet: the deadline counts from the day you added the card.</source>
        <translation>还没有记录保号操作：到期日从添加这张卡的那天算起。</translation>
    </message>
    <message>
        <source>Last qualifying action: %1</source>
        <translation>最近一次保号操作：%1</translation>
    </message>
    <message>
        <source>From %1: %2</source>
        <translation>%1 起：%2</translation>
    </message>
    <message>
        <source>Remove action</source>
        <translation>删除记录</translation>
    </message>
    <message>
        <source>Remove %1? The deadline is counted again without it.</source>
        <translation>删除“%1”？到期日将不计这条记录重新计算。</translation>
    </message>
    <message>
        <source>Keep-alive rule and actions</source>
        <translation>保号规则与记录</translation>
    </message>
    <message>
        <source>Log keep-alive action…</source>
        <translation>记录保号操作…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Edit rule…</source>
        <translation>修改规则…</translation>
    </message>
    <message>
        <source>Keep-alive actions of this card</source>
        <translation>这张卡的保号操作</translation>
    </message>
</context>
<context>
    <name>LocalCardForm</name>
    <message>
        <source>The eSIM profile&apos;s operator is %1; the carrier was chosen from it. Check it before adding the card.</source>
        <translation>该 eSIM 配置文件的运营商是 %1，已据此选好运营商。添加前请核对。</translation>
    </message>
    <message>
        <source>The eSIM profile&apos;s operator is %1: choose its carrier below.</source>
        <translation>该 eSIM 配置文件的运营商是 %1，请在下方选择对应的运营商。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Type the phone number or the ICCID.</source>
        <translation>请输入手机号码或 ICCID。</translation>
    </message>
    <message>
        <source>This is not a valid phone number or ICCID. Write the number with its country code (+44 …), or choose the region of a national number.</source>
        <translation>这不是有效的手机号码或 ICCID。请带国家代码填写号码（+44 …），或为本地格式的号码选择地区。</translation>
    </message>
    <message>
        <source>Give the card a label.</source>
        <translation>请为这张卡填写备注名。</translation>
    </message>
    <message>
        <source>Choose the carrier, or write your own rule.</source>
        <translation>请选择运营商，或填写自己的规则。</translation>
    </message>
    <message>
        <source>Write the minimum top-up like 10.00 GBP.</source>
        <translation>最低充值请按“10.00 GBP”的格式填写。</translation>
    </message>
    <message>
        <source>Own rule</source>
        <translation>自定义规则</translation>
    </message>
    <message>
        <source>Phone number or ICCID:</source>
        <translation>手机号码或 ICCID：</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>地区：</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>备注名：</translation>
    </message>
    <message>
        <source>Minimum top-up (optional):</source>
        <translation>最低充值（可选）：</translation>
    </message>
    <message>
        <source>Without a minimum, any call, SMS, data use or top-up keeps the number; with one, only a top-up of at least that amount does.</source>
        <translation>不填最低充值时，通话、短信、流量或充值都能保号；填写后，只有不低于该金额的充值才算保号。</translation>
    </message>
    <message>
        <source>+44 7400 123456, 07400 123456 or 8944 …</source>
        <translation>+44 7400 123456、07400 123456 或 8944 …</translation>
    </message>
    <message>
        <source>International</source>
        <translation>国际格式</translation>
    </message>
    <message>
        <source>e.g. UK giffgaff</source>
        <translation>例如：英国 giffgaff</translation>
    </message>
    <message>
        <source>Carrier from the catalogue</source>
        <translation>从运营商目录中选择</translation>
    </message>
    <message>
        <source>My own rule: keep the number alive every</source>
        <translation>自定义规则：保号周期为每</translation>
    </message>
    <message>
        <source>Search by name or country (GB, HK, …)</source>
        <translation>按名称或国家/地区搜索（GB、HK…）</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>months</source>
        <translation>个月</translation>
    </message>
    <message>
        <source>e.g. 10.00 GBP</source>
        <translation>例如：10.00 GBP</translation>
    </message>
    <message>
        <source>Carrier&apos;s name (optional), e.g. Lebara</source>
        <translation>运营商名称（可选），例如 Lebara</translation>
    </message>
    <message>
        <source>Search the carriers</source>
        <translation>搜索运营商</translation>
    </message>
    <message>
        <source>Carriers</source>
        <translation>运营商</translation>
    </message>
    <message>
        <source>Keep the number alive every</source>
        <translation>保号周期</translation>
    </message>
    <message>
        <source>Days or months</source>
        <translation>天或月</translation>
    </message>
    <message>
        <source>Carrier&apos;s name (optional)</source>
        <translation>运营商名称（可选）</translation>
    </message>
</context>
<context>
    <name>LogActionDialog</name>
    <message>
        <source>Topped up elsewhere</source>
        <translation>在其他渠道充值</translation>
    </message>
    <message>
        <source>Made a call</source>
        <translation>打了电话</translation>
    </message>
    <message>
        <source>Sent an SMS</source>
        <translation>发了短信</translation>
    </message>
    <message>
        <source>Used mobile data</source>
        <translation>用了流量</translation>
    </message>
    <message>
        <source>%1 is after today (%2): log an action you have already done.</source>
        <translation>%1 晚于今天（%2），请记录已经做过的操作。</translation>
    </message>
    <message>
        <source>Type the amount in %1, like 10.00.</source>
        <translation>请以%1填写金额，例如 10.00。</translation>
    </message>
    <message>
        <source>A top-up amount is more than zero.</source>
        <translation>充值金额必须大于零。</translation>
    </message>
    <message>
        <source>The note cannot contain control characters.</source>
        <translation>备注不能包含控制字符。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>The action was not saved: %1</source>
        <translation>记录未保存：%1</translation>
    </message>
    <message>
        <source>Log keep-alive action</source>
        <translation>记录保号操作</translation>
    </message>
    <message>
        <source>Edit action</source>
        <translation>编辑记录</translation>
    </message>
    <message>
        <source>What did you do with %1?</source>
        <translation>您用 %1 做了什么？</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <source>Day (UTC):</source>
        <translation>日期（UTC）：</translation>
    </message>
    <message>
        <source>Amount (%1):</source>
        <translation>金额（%1）：</translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation>备注（可选）：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The local store could not be read: %1</source>
        <translation>无法读取本地数据：%1</translation>
    </message>
    <message numerus="yes">
        <source>The provider sent %n card(s) that cannot be shown (%1); ask the provider to correct them.</source>
        <translation>
            <numerusform>服务商发来 %n 张无法显示的卡（%1），请联系服务商更正。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
    <message>
        <source>The provider cannot be reached: the cards are shown as of the last sync.</source>
        <translation>无法连接服务商，当前显示的是上次同步时的卡片信息。</translation>
    </message>
    <message>
        <source>Your profile is incomplete (%1): complete it before the first recharge.</source>
        <translation>您的资料还缺少%1，请在首次充值前补全。</translation>
    </message>
    <message>
        <source>Complete the profile…</source>
        <translation>补全资料…</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>an e-mail address</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>a phone number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>an e-mail address or phone number</source>
        <translation>电子邮箱或手机号码</translation>
    </message>
    <message>
        <source>a default payment method</source>
        <translation>默认支付方式</translation>
    </message>
    <message>
        <source>The balance history of this card could not be read: %1</source>
        <translation>无法读取这张卡的余额记录：%1</translation>
    </message>
    <message>
        <source>%1 copied to the clipboard</source>
        <translation>%1 已复制到剪贴板</translation>
    </message>
    <message>
        <source>Card %1 added</source>
        <translation>已添加卡片 %1</translation>
    </message>
    <message>
        <source>Rename card</source>
        <translation>重命名卡片</translation>
    </message>
    <message>
        <source>Label for %1 (empty to remove it):</source>
        <translation>%1 的备注名（留空则删除）：</translation>
    </message>
    <message>
        <source>The card was not renamed.</source>
        <translation>卡片未改名。</translation>
    </message>
    <message>
        <source>The card could not be renamed.</source>
        <translation>无法重命名卡片。</translation>
    </message>
    <message>
        <source>Unbind card</source>
        <translation>解绑卡片</translation>
    </message>
    <message>
        <source>Unbind %1? The wallet stops showing it and its deadline; the number itself is not cancelled.</source>
        <translation>解绑 %1？钱包将不再显示此卡及其保号到期日；号码本身不会注销。</translation>
    </message>
    <message>
        <source>The card could not be unbound.</source>
        <translation>无法解绑卡片。</translation>
    </message>
    <message>
        <source>LEB Wallet</source>
        <translation>LEB 钱包</translation>
    </message>
    <message>
        <source>Sandbox — no real money</source>
        <translation>演示模式（不会真实扣款）</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>&amp;Recharge…</source>
        <translation>充值(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Keep alive</source>
        <translation>保号(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Add card…</source>
        <translation>添加卡片(&amp;A)…</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>重命名(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Unbind…</source>
        <translation>解绑(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Log keep-alive action…</source>
        <translation>记录保号操作(&amp;L)…</translation>
    </message>
    <message>
        <source>Record a call, an SMS, data use or a top-up made elsewhere</source>
        <translation>记录通话、短信、流量或在其他渠道的充值</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Back up wallet data…</source>
        <translation>备份钱包数据(&amp;B)…</translation>
    </message>
    <message>
        <source>R&amp;estore wallet data…</source>
        <translation>恢复钱包数据(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;About LEB Wallet</source>
        <translation>关于 LEB Wallet(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Keep-alive log</source>
        <translation>保号记录</translation>
    </message>
    <message>
        <source>eSIM card</source>
        <translation>eSIM 卡</translation>
    </message>
    <message>
        <source>Top up the selected card</source>
        <translation>为所选卡片充值</translation>
    </message>
    <message>
        <source>Top up the smallest amount that moves the deadline</source>
        <translation>按能顺延保号到期日的最低金额充值</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>&amp;Wallet</source>
        <translation>钱包(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Cards</source>
        <translation>卡片(&amp;C)</translation>
    </message>
</context>
<context>
    <name>NoticeRow</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>警报</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Contact support…</source>
        <translation>联系客服…</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Remove this notice from the list</source>
        <translation>从列表中移除这条通知</translation>
    </message>
</context>
<context>
    <name>NoticesDialog</name>
    <message>
        <source>Notices</source>
        <translation>通知</translation>
    </message>
</context>
<context>
    <name>NoticesPanel</name>
    <message>
        <source>No notices.</source>
        <translation>没有通知。</translation>
    </message>
    <message numerus="yes">
        <source>All notices (%n)…</source>
        <translation>
            <numerusform>全部通知（%n）…</numerusform>
        </translation>
    </message>
    <message>
        <source>Dismiss all</source>
        <translation>全部忽略</translation>
    </message>
</context>
<context>
    <name>OfferFacts</name>
    <message>
        <source>Detect the operator again</source>
        <translation>重新识别运营商</translation>
    </message>
    <message>
        <source>The operator takes only these amounts: %1.</source>
        <translation>该运营商只接受以下金额：%1。</translation>
    </message>
    <message>
        <source>%1 to %2, in steps of %3</source>
        <translation>%1 至 %2，以 %3 为单位递增</translation>
    </message>
    <message>
        <source>Left today: %1 (daily cap %2) · left this month: %3 (monthly cap %4)</source>
        <translation>今日剩余额度：%1（每日上限 %2）· 本月剩余额度：%3（每月上限 %4）</translation>
    </message>
    <message>
        <source>Keep-alive: any top-up every %1 days.</source>
        <translation>保号：每 %1 天内任意充值一次即可。</translation>
    </message>
    <message>
        <source>Keep-alive: top up at least %1 every %2 days.</source>
        <translation>保号规则：每 %2 天至少充值 %1。</translation>
    </message>
    <message>
        <source>Top-ups from %1 (marked ✓) keep the number.</source>
        <translation>充值 %1 及以上（标有 ✓）可保住号码。</translation>
    </message>
    <message>
        <source>Exchange rate: 1 %1 = %2 %3, quoted until %4</source>
        <translation>汇率：1 %1 = %2 %3，报价有效至 %4</translation>
    </message>
    <message>
        <source>Operator: %1 (detected from the number)</source>
        <translation>运营商：%1（根据号码识别）</translation>
    </message>
    <message>
        <source>Paid from your Reloadly account balance, now %1.</source>
        <translation>从您的 Reloadly 账户余额支付，当前余额 %1。</translation>
    </message>
    <message>
        <source>• %1</source>
        <translation>• %1</translation>
    </message>
    <message>
        <source>• %1: %2</source>
        <translation>• %1：%2</translation>
    </message>
    <message>
        <source>The operator runs no promotion now.</source>
        <translation>该运营商目前没有优惠活动。</translation>
    </message>
    <message>
        <source>The operator&apos;s promotions (its own words):</source>
        <translation>运营商的优惠活动（运营商原文）：</translation>
    </message>
    <message>
        <source>• %1 (with a promo code)</source>
        <translation>• %1（需优惠码）</translation>
    </message>
    <message>
        <source>Promotions:</source>
        <translation>优惠活动：</translation>
    </message>
    <message>
        <source>No promotion now.</source>
        <translation>当前没有优惠活动。</translation>
    </message>
</context>
<context>
    <name>OrderDetailsDialog</name>
    <message>
        <source>This order is not in the wallet any more.</source>
        <translation>钱包中已没有这笔订单。</translation>
    </message>
    <message>
        <source>The order could not be read: %1</source>
        <translation>无法读取订单：%1</translation>
    </message>
    <message>
        <source>Cancelling the order…</source>
        <translation>正在取消订单…</translation>
    </message>
    <message>
        <source>The order could not be cancelled: %1</source>
        <translation>无法取消订单：%1</translation>
    </message>
    <message>
        <source>Loading the order…</source>
        <translation>正在加载订单…</translation>
    </message>
    <message>
        <source>Top-up of %1 for %2</source>
        <translation>为 %2 充值 %1</translation>
    </message>
    <message>
        <source>provider&apos;s record</source>
        <translation>服务商记录</translation>
    </message>
    <message>
        <source>seen by this wallet</source>
        <translation>本钱包记录</translation>
    </message>
    <message>
        <source>Order details</source>
        <translation>订单详情</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Status timeline</source>
        <translation>状态记录</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <source>Contact support…</source>
        <translation>联系客服…</translation>
    </message>
</context>
<context>
    <name>OrderDetailsTrigger</name>
    <message>
        <source>Order details…</source>
        <translation>订单详情…</translation>
    </message>
</context>
<context>
    <name>OrderFacts</name>
    <message>
        <source>not confirmed by the provider yet</source>
        <translation>服务商尚未确认</translation>
    </message>
    <message>
        <source>The provider&apos;s order does not match what was confirmed; it is not offered for payment.</source>
        <translation>服务商的订单与您确认的内容不符，因此无法付款。</translation>
    </message>
    <message>
        <source>Waiting for payment. Nothing is charged until you pay.</source>
        <translation>等待支付。支付前不会扣款。</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation>充值金额</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Exchange rate</source>
        <translation>汇率</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Credited to the card</source>
        <translation>到账金额</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>Pay by</source>
        <translation>支付截止时间</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>到账时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>OrderMoney</name>
    <message>
        <source>%1 to pay</source>
        <translation>待支付 %1</translation>
    </message>
    <message>
        <source>%1 paid</source>
        <translation>已支付 %1</translation>
    </message>
    <message>
        <source>%1 paid, then refunded</source>
        <translation>已支付 %1，已退款</translation>
    </message>
    <message>
        <source>Nothing charged</source>
        <translation>未扣款</translation>
    </message>
    <message>
        <source>Not credited yet</source>
        <translation>尚未到账</translation>
    </message>
    <message>
        <source>Nothing credited</source>
        <translation>未到账</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>待支付</translation>
    </message>
    <message>
        <source>Paid, not credited</source>
        <translation>已支付，未到账</translation>
    </message>
    <message>
        <source>Paid and credited</source>
        <translation>已支付并到账</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Not charged</source>
        <translation>未扣款</translation>
    </message>
</context>
<context>
    <name>OrderStatus</name>
    <message>
        <source>Awaiting payment</source>
        <translation>待支付</translation>
    </message>
    <message>
        <source>Needs your action</source>
        <translation>需要您操作</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Crediting</source>
        <translation>到账中</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>已到账</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已关闭（未支付）</translation>
    </message>
</context>
<context>
    <name>PayPage</name>
    <message>
        <source>Creating the order…</source>
        <translation>正在创建订单…</translation>
    </message>
    <message>
        <source>the provider did not confirm the order</source>
        <translation>服务商未确认订单</translation>
    </message>
    <message>
        <source>The provider&apos;s order asked %1 and credited %2, not the %3 and %4 you confirmed. It was cancelled and nothing was charged. Check the new price.</source>
        <translation>服务商的订单应付 %1、到账 %2，与您确认的应付 %3、到账 %4 不符。该订单已取消，未扣款。请查看新价格。</translation>
    </message>
    <message>
        <source>The provider&apos;s order asks %1 and credits %2, not the %3 and %4 you confirmed. Do not pay it: cancel it in the history.</source>
        <translation>服务商的订单应付 %1、到账 %2，与您确认的应付 %3、到账 %4 不符。请勿支付，并在历史记录中取消该订单。</translation>
    </message>
    <message>
        <source>The provider&apos;s order does not match what you confirmed (%1). It is not opened for payment: cancel it and start again.</source>
        <translation>服务商的订单与您确认的内容不符（%1）。为安全起见，不会打开支付页面，请取消该订单后重新下单。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>The order could not be confirmed: %1</source>
        <translation>无法确认订单：%1</translation>
    </message>
    <message>
        <source>It is saved and will not be charged twice: try again, or close the wizard and the wallet will finish it.</source>
        <translation>订单已保存，不会重复扣款。请重试，或关闭向导，钱包会在后台完成这笔订单。</translation>
    </message>
    <message>
        <source>Top up now</source>
        <translation>立即充值</translation>
    </message>
    <message>
        <source>The Reloadly account balance pays; nothing is charged to you here.</source>
        <translation>由 Reloadly 账户余额支付，这里不会向您收取任何费用。</translation>
    </message>
    <message>
        <source>Nothing is taken from the balance until you press “Top up now”.</source>
        <translation>在您点击“立即充值”之前，不会从余额中扣款。</translation>
    </message>
    <message>
        <source>Scan the code with the %1 app on your phone, or pay on this computer.</source>
        <translation>请用手机%1扫描二维码，或在本机支付。</translation>
    </message>
    <message>
        <source>Cancelling the order…</source>
        <translation>正在取消订单…</translation>
    </message>
    <message>
        <source>The order could not be cancelled: %1</source>
        <translation>无法取消订单：%1</translation>
    </message>
    <message>
        <source>%1 with %2</source>
        <translation>%1，使用%2</translation>
    </message>
    <message>
        <source>Nothing is charged until you pay.</source>
        <translation>在您支付之前不会扣款。</translation>
    </message>
    <message>
        <source>Finish the verification in your browser.</source>
        <translation>请在浏览器中完成验证。</translation>
    </message>
    <message>
        <source>Pay on the provider&apos;s page in your browser.</source>
        <translation>请在浏览器中的服务商页面完成支付。</translation>
    </message>
    <message>
        <source>Unpaid orders expire at %1.</source>
        <translation>未支付的订单将于 %1 关闭，不会扣款。</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>支付</translation>
    </message>
    <message>
        <source>Payment happens at the provider; the wallet never sees card numbers.</source>
        <translation>支付在服务商处完成；钱包从不接触银行卡号。</translation>
    </message>
    <message>
        <source>Show result</source>
        <translation>查看结果</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消订单</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <source>The payment page was not opened: it is not the provider&apos;s address.</source>
        <translation>未打开付款页面：该地址不属于服务商。</translation>
    </message>
    <message>
        <source>The browser could not be opened. Copy the link and open it in a browser yourself.</source>
        <translation>无法打开浏览器。请复制链接，自行在浏览器中打开。</translation>
    </message>
    <message>
        <source>Link copied. Open it in a browser to pay.</source>
        <translation>链接已复制。请在浏览器中打开并付款。</translation>
    </message>
    <message>
        <source>Pay on this computer</source>
        <translation>在本机付款</translation>
    </message>
    <message>
        <source>Open the provider&apos;s payment page in the browser on this computer.</source>
        <translation>在本机浏览器中打开服务商的付款页面。</translation>
    </message>
    <message>
        <source>Open payment page again</source>
        <translation>再次打开付款页面</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>复制链接</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <source>Enter your e-mail address or phone number.</source>
        <translation>请输入邮箱地址或手机号码。</translation>
    </message>
    <message>
        <source>This e-mail address is too long.</source>
        <translation>邮箱地址太长。</translation>
    </message>
    <message>
        <source>Enter an e-mail address like name@example.com, or a phone number with its country code.</source>
        <translation>请输入邮箱地址（例如 name@example.com），或带国家代码的手机号码。</translation>
    </message>
    <message>
        <source>Enter the phone number with its country code, like +44 7400 123456.</source>
        <translation>请输入带国家代码的手机号码，例如 +44 7400 123456。</translation>
    </message>
    <message numerus="yes">
        <source>The password needs at least %n character(s).</source>
        <translation>
            <numerusform>密码至少需要 %n 个字符。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The password can have at most %n character(s).</source>
        <translation>
            <numerusform>密码最多 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>This password is not accepted.</source>
        <translation>此密码不可用。</translation>
    </message>
    <message numerus="yes">
        <source>The name can have at most %n character(s).</source>
        <translation>
            <numerusform>姓名最多 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter your name.</source>
        <translation>请输入您的姓名。</translation>
    </message>
    <message>
        <source>This name is not accepted.</source>
        <translation>此姓名不可用。</translation>
    </message>
    <message>
        <source>The verification code has 6 digits.</source>
        <translation>验证码为 6 位数字。</translation>
    </message>
    <message numerus="yes">
        <source>A label has at most %n character(s).</source>
        <translation>
            <numerusform>备注名最多 %n 个字符。</numerusform>
        </translation>
    </message>
    <message>
        <source>A label can hold letters, digits, spaces and punctuation only.</source>
        <translation>备注名只能包含文字、数字、空格和标点。</translation>
    </message>
    <message>
        <source>An ICCID has 19 or 20 digits and starts with 89.</source>
        <translation>ICCID 为 19 或 20 位数字，以 89 开头。</translation>
    </message>
    <message>
        <source>Choose one of the payment methods offered.</source>
        <translation>请选择列出的一种支付方式。</translation>
    </message>
    <message>
        <source>This promo code is not valid.</source>
        <translation>此优惠码格式不正确。</translation>
    </message>
    <message>
        <source>Enter an amount like 10 or 12.50.</source>
        <translation>请输入金额，例如 10 或 12.50。</translation>
    </message>
    <message>
        <source>A label cannot contain tabs, line breaks or other control characters.</source>
        <translation>备注名不能包含制表符、换行符等控制字符。</translation>
    </message>
    <message numerus="yes">
        <source>A label has at most %n character(s); this one has %1.</source>
        <translation>
            <numerusform>备注名最多 %n 个字符，现在有 %1 个。</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>”, “</source>
        <translation>”、“</translation>
    </message>
    <message>
        <source>The provider cannot be reached right now. Check the network and try again.</source>
        <translation>暂时无法连接服务商，请检查网络后重试。</translation>
    </message>
    <message>
        <source>The provider asks to slow down; try again in a moment.</source>
        <translation>请求过于频繁，请稍后再试。</translation>
    </message>
    <message>
        <source>The e-mail/phone or the password is wrong.</source>
        <translation>邮箱/手机号或密码错误。</translation>
    </message>
    <message>
        <source>Your session has ended; sign in again.</source>
        <translation>登录已过期，请重新登录。</translation>
    </message>
    <message>
        <source>Something went wrong. Try again; if it happens again, contact support.</source>
        <translation>出了点问题，请重试；如果再次出现，请联系客服。</translation>
    </message>
    <message>
        <source>Some details were not accepted; see the marked fields.</source>
        <translation>部分信息有误，请查看标出的输入项。</translation>
    </message>
    <message>
        <source>An account with this e-mail or phone number already exists; sign in instead.</source>
        <translation>这个邮箱或手机号已注册，请直接登录。</translation>
    </message>
    <message>
        <source>The verification code is wrong or has expired.</source>
        <translation>验证码错误或已失效。</translation>
    </message>
    <message>
        <source>This account is not verified yet: enter the code that was sent.</source>
        <translation>此账户尚未验证，请输入收到的验证码。</translation>
    </message>
    <message>
        <source>This card is already added to an account.</source>
        <translation>这张卡已被添加到某个账户。</translation>
    </message>
    <message>
        <source>The provider does not know this card or order.</source>
        <translation>服务商查不到这张卡或这笔订单。</translation>
    </message>
    <message>
        <source>Complete your profile first: your name and a payment method.</source>
        <translation>请先完善资料：姓名和支付方式。</translation>
    </message>
    <message>
        <source>This card can no longer be topped up.</source>
        <translation>这张卡已无法充值。</translation>
    </message>
    <message>
        <source>The provider does not take this amount for this card; choose another.</source>
        <translation>服务商不接受这张卡的这个金额，请换一个金额。</translation>
    </message>
    <message>
        <source>This top-up goes over the card&apos;s daily or monthly limit.</source>
        <translation>这次充值超出了这张卡的每日或每月限额。</translation>
    </message>
    <message>
        <source>This promo code is not known.</source>
        <translation>此优惠码无效。</translation>
    </message>
    <message>
        <source>This promotion does not apply to this top-up.</source>
        <translation>此优惠不适用于这次充值。</translation>
    </message>
    <message>
        <source>The exchange rate has expired; a new price is needed.</source>
        <translation>汇率已过期，需要重新报价。</translation>
    </message>
    <message>
        <source>This payment method cannot take this currency.</source>
        <translation>此支付方式不支持该币种。</translation>
    </message>
    <message>
        <source>This payment method is not available now.</source>
        <translation>此支付方式目前不可用。</translation>
    </message>
    <message>
        <source>This order can no longer be cancelled.</source>
        <translation>这笔订单已无法取消。</translation>
    </message>
    <message>
        <source>The provider did not accept the request. Try again; if it happens again, contact support.</source>
        <translation>服务商未接受此请求，请重试；如果再次出现，请联系客服。</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>Enter your name.</source>
        <translation>请输入您的姓名。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>The profile was not saved.</source>
        <translation>资料未保存。</translation>
    </message>
    <message>
        <source>The profile was not saved: %1</source>
        <translation>资料未保存：%1</translation>
    </message>
    <message>
        <source>Your profile</source>
        <translation>个人资料</translation>
    </message>
    <message>
        <source>The provider needs your name and a default payment method before the first recharge.</source>
        <translation>首次充值前，服务商需要您的姓名和默认支付方式。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Default payment method</source>
        <translation>默认支付方式</translation>
    </message>
</context>
<context>
    <name>ProviderChoice</name>
    <message>
        <source>Enter the provider&apos;s address, like https://provider.example.com.</source>
        <translation>请输入服务商地址，例如 https://provider.example.com。</translation>
    </message>
    <message>
        <source>LEB Wallet keeps your prepaid numbers alive. Try it with the built-in sandbox (no real money), or connect to your card provider.</source>
        <translation>LEB 钱包帮您为预付费号码保号。可先用内置演示模式试用（不会真实扣款），或连接您的卡服务商。</translation>
    </message>
    <message>
        <source>Sandbox with the demo account — no real money</source>
        <translation>演示账户（演示模式，不会真实扣款）</translation>
    </message>
    <message>
        <source>Another &amp;provider:</source>
        <translation>其他服务商(&amp;P)：</translation>
    </message>
    <message>
        <source>Provider address</source>
        <translation>服务商地址</translation>
    </message>
    <message>
        <source>https://provider.example.com</source>
        <translation>https://provider.example.com</translation>
    </message>
</context>
<context>
    <name>QrCodeWidget</name>
    <message>
        <source>No QR code to show</source>
        <translation>没有可显示的二维码</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>二维码</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>LEB Wallet receipt</source>
        <translation>LEB 钱包收据</translation>
    </message>
    <message>
        <source>Sandbox — no real money. This receipt is not proof of a payment.</source>
        <translation>演示模式（不会真实扣款）。本收据不能作为付款凭证。</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>充值金额</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>手续费</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>实付</translation>
    </message>
    <message>
        <source>Exchange rate</source>
        <translation>汇率</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>到账时间</translation>
    </message>
</context>
<context>
    <name>RechargeWizard</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Top up a card</source>
        <translation>为卡片充值</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>PayPal</source>
        <translation>PayPal</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Reloadly balance</source>
        <translation>Reloadly 余额</translation>
    </message>
    <message>
        <source>%1 (pays in %2)</source>
        <translation>%1（仅支持以%2支付）</translation>
    </message>
    <message>
        <source>%1 (no fee)</source>
        <translation>%1（无手续费）</translation>
    </message>
    <message>
        <source>%1 (fee %2)</source>
        <translation>%1（手续费 %2）</translation>
    </message>
    <message>
        <source>The provider prices the promo code on the next page.</source>
        <translation>优惠码由服务商核价，下一步显示实际价格。</translation>
    </message>
    <message>
        <source>You pay %1; the card gets %2.</source>
        <translation>您支付 %1，卡片到账 %2。</translation>
    </message>
    <message>
        <source>This amount does not reset the keep-alive deadline.</source>
        <translation>此金额不会顺延保号到期日。</translation>
    </message>
    <message>
        <source>This price holds until %1.</source>
        <translation>此价格有效至 %1。</translation>
    </message>
    <message>
        <source>Waiting for your payment</source>
        <translation>等待您支付</translation>
    </message>
    <message>
        <source>Authentication needed: finish the verification in your browser</source>
        <translation>需要验证：请在浏览器中完成验证</translation>
    </message>
    <message>
        <source>Paid; the money is on its way to the card</source>
        <translation>已支付，款项正在充入卡片</translation>
    </message>
    <message>
        <source>Crediting the card</source>
        <translation>正在充入卡片</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>已到账</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Expired: it was not paid in time</source>
        <translation>已关闭：未及时支付，未扣款</translation>
    </message>
    <message>
        <source>The minimum top-up is %1.</source>
        <translation>单次最少充值 %1。</translation>
    </message>
    <message>
        <source>The maximum top-up is %1.</source>
        <translation>单次最多充值 %1。</translation>
    </message>
    <message>
        <source>Amounts go in steps of %1 from %2.</source>
        <translation>金额从 %2 起，以 %1 为单位递增。</translation>
    </message>
    <message>
        <source>Try %1.</source>
        <translation>可以试试 %1。</translation>
    </message>
    <message>
        <source>The operator does not take this amount. Choose %1.</source>
        <translation>该运营商不接受这个金额，请选择 %1。</translation>
    </message>
    <message>
        <source>Only %1 left today (daily cap %2).</source>
        <translation>今日仅剩 %1 额度（每日上限 %2）。</translation>
    </message>
    <message>
        <source>Only %1 left this month (monthly cap %2).</source>
        <translation>本月仅剩 %1 额度（每月上限 %2）。</translation>
    </message>
    <message>
        <source>This promo code is not known.</source>
        <translation>此优惠码无效。</translation>
    </message>
    <message>
        <source>This promotion is not running now.</source>
        <translation>此优惠活动当前未进行。</translation>
    </message>
    <message>
        <source>This promotion does not apply to this amount.</source>
        <translation>此优惠不适用于该金额。</translation>
    </message>
    <message>
        <source>The exchange rate has expired; a new price is needed.</source>
        <translation>汇率已过期，需要重新报价。</translation>
    </message>
    <message>
        <source>Paying in another currency needs an exchange rate; reload the price.</source>
        <translation>以其他币种支付需要汇率，请重新加载价格。</translation>
    </message>
    <message>
        <source>This payment method is not available now.</source>
        <translation>此支付方式目前不可用。</translation>
    </message>
    <message>
        <source>This payment method cannot take this currency.</source>
        <translation>此支付方式不支持该币种。</translation>
    </message>
    <message>
        <source>An amount has only digits and a decimal point, not %1.</source>
        <translation>金额只能包含数字和小数点，不能包含%1。</translation>
    </message>
    <message>
        <source>Enter an amount like 10 or 12.50.</source>
        <translation>请输入金额，例如 10 或 12.50。</translation>
    </message>
    <message>
        <source>Your Reloadly balance (%1) does not cover %2. Add funds to the Reloadly account or choose a smaller amount; nothing was sent.</source>
        <translation>您的 Reloadly 余额（%1）不足以支付 %2。请为 Reloadly 账户充值，或选择更小的金额；未发送任何请求。</translation>
    </message>
    <message>
        <source>The operator&apos;s price changed: it now asks %1 for %2, not the %3 you confirmed. Nothing was sent. Check the new price.</source>
        <translation>运营商的价格已变动：现在充 %2 需支付 %1，而不是您确认的 %3。未发送任何请求，请查看新价格。</translation>
    </message>
    <message>
        <source>A top-up paid from the Reloadly balance cannot be cancelled; it ends by itself.</source>
        <translation>从 Reloadly 余额支付的充值无法取消，它会自行完成。</translation>
    </message>
    <message>
        <source>No top-up channel reaches this card. Add a Reloadly account in Settings to top up numbers of your own.</source>
        <translation>没有可为这张卡充值的渠道。在“设置”中添加 Reloadly 账户，即可为您自己的号码充值。</translation>
    </message>
    <message>
        <source>The operator of this number does not top up in the card&apos;s currency, so the amount cannot be sent exactly.</source>
        <translation>这个号码的运营商不以该卡的币种充值，因此无法准确发送该金额。</translation>
    </message>
    <message>
        <source>The provider cannot be reached right now.</source>
        <translation>暂时无法连接服务商。</translation>
    </message>
    <message>
        <source>The provider asks to slow down; try again in a moment.</source>
        <translation>请求过于频繁，请稍后再试。</translation>
    </message>
    <message>
        <source>Your session has ended; sign in again.</source>
        <translation>登录已过期，请重新登录。</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出错了：%1</translation>
    </message>
    <message>
        <source>The provider does not know this promo code. Go back to change it.</source>
        <translation>服务商无法识别此优惠码，请返回修改。</translation>
    </message>
    <message>
        <source>The provider refused this top-up: %1</source>
        <translation>服务商拒绝了这次充值：%1</translation>
    </message>
    <message>
        <source>The price could not be checked with the provider: %1</source>
        <translation>无法向服务商核对价格：%1</translation>
    </message>
</context>
<context>
    <name>RelativeDate</name>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>昨天</translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation>
            <numerusform>%n 天后</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReloadlyAccountDialog</name>
    <message>
        <source>Enter the client id of your Reloadly account.</source>
        <translation>请填写 Reloadly 账户的客户端 ID。</translation>
    </message>
    <message>
        <source>Enter the client secret of your Reloadly account.</source>
        <translation>请填写 Reloadly 账户的客户端密钥。</translation>
    </message>
    <message>
        <source>A client id has no spaces; copy it again.</source>
        <translation>客户端 ID 中没有空格，请重新复制。</translation>
    </message>
    <message>
        <source>Write each host as https://host.example.com (plain http only for this computer), with no ?query or #fragment.</source>
        <translation>地址请写成 https://host.example.com 的形式（仅本机地址可用 http），不要带“?”后的查询参数或“#”后的片段。</translation>
    </message>
    <message>
        <source>Connecting to Reloadly…</source>
        <translation>正在连接 Reloadly…</translation>
    </message>
    <message>
        <source>Connected. The account balance is %1.</source>
        <translation>连接成功。账户余额为 %1。</translation>
    </message>
    <message>
        <source>The system keyring cannot keep the secret right now; unlock it and try again.</source>
        <translation>系统密钥环暂时无法保存密钥，请解锁后重试。</translation>
    </message>
    <message>
        <source>Reloadly did not accept these details; check them and try again.</source>
        <translation>Reloadly 未接受这些信息，请检查后重试。</translation>
    </message>
    <message>
        <source>Reloadly did not accept this client id and secret.</source>
        <translation>Reloadly 未接受此客户端 ID 和密钥。</translation>
    </message>
    <message>
        <source>Reloadly cannot be reached right now. Check the network and the hosts.</source>
        <translation>暂时无法连接 Reloadly。请检查网络和服务地址。</translation>
    </message>
    <message>
        <source>Reloadly account</source>
        <translation>Reloadly 账户</translation>
    </message>
    <message>
        <source>Client id:</source>
        <translation>客户端 ID：</translation>
    </message>
    <message>
        <source>Client secret:</source>
        <translation>客户端密钥：</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>Auth URL:</source>
        <translation>认证地址：</translation>
    </message>
    <message>
        <source>Airtime API URL:</source>
        <translation>话费充值接口地址：</translation>
    </message>
    <message>
        <source>kept in the system keyring only</source>
        <translation>仅保存在系统密钥环中</translation>
    </message>
    <message>
        <source>Sandbox (test account, no real money)</source>
        <translation>演示模式（测试账户，不会真实扣款）</translation>
    </message>
    <message>
        <source>Live (real top-ups, paid from the account balance)</source>
        <translation>正式模式（真实充值，从账户余额扣款）</translation>
    </message>
    <message>
        <source>Advanced: other hosts (for testing or a proxy)</source>
        <translation>高级：其他服务地址（用于测试或代理）</translation>
    </message>
    <message>
        <source>empty: Reloadly&apos;s own host</source>
        <translation>留空：使用 Reloadly 官方地址</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>客户端 ID</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>客户端密钥</translation>
    </message>
    <message>
        <source>Auth URL</source>
        <translation>认证地址</translation>
    </message>
    <message>
        <source>Airtime API URL</source>
        <translation>话费充值接口地址</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>%1 credited.</source>
        <translation>已到账 %1。</translation>
    </message>
    <message>
        <source>New balance: %1</source>
        <translation>新余额：%1</translation>
    </message>
    <message>
        <source>Keep-alive deadline: %1</source>
        <translation>保号到期日：%1</translation>
    </message>
    <message>
        <source>Still in progress: %1</source>
        <translation>仍在处理中：%1</translation>
    </message>
    <message>
        <source>Crediting can take minutes to hours. You can close this window: the order is in History and the tray will tell you when it is credited.</source>
        <translation>到账可能需要几分钟到几小时。您可以关闭此窗口：订单在“历史记录”中，到账后托盘会通知您。</translation>
    </message>
    <message>
        <source>Refunded: %1 went back to the Reloadly account balance.</source>
        <translation>已退款：%1 已退回 Reloadly 账户余额。</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>未提供</translation>
    </message>
    <message>
        <source>The order was not paid in time. Nothing was charged.</source>
        <translation>订单未及时支付，已关闭，未扣款。</translation>
    </message>
    <message>
        <source>The order was cancelled. Nothing was charged.</source>
        <translation>订单已取消，未扣款。</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Contact support…</source>
        <translation>联系客服…</translation>
    </message>
</context>
<context>
    <name>RetryBar</name>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>Tick at least one action that keeps the number.</source>
        <translation>请至少勾选一项能保号的操作。</translation>
    </message>
    <message>
        <source>Type the minimum top-up in %1, like 10.00.</source>
        <translation>请以 %1 填写最低充值，例如 10.00。</translation>
    </message>
    <message>
        <source>This rule is not consistent; check the period.</source>
        <translation>这条规则不一致，请检查周期。</translation>
    </message>
    <message>
        <source>The rule was not saved: %1</source>
        <translation>规则未保存：%1</translation>
    </message>
    <message>
        <source>Your own keep-alive rule</source>
        <translation>自定义保号规则</translation>
    </message>
    <message>
        <source>Your rule for %1.</source>
        <translation>您为 %1 设定的规则。</translation>
    </message>
    <message>
        <source>Your rule replaces the catalogue&apos;s rule for %1 on every card of yours with this carrier. It has no source: check it with the carrier.</source>
        <translation>您的规则将替换运营商目录中 %1 的规则，适用于您在该运营商的所有卡片。自定义规则没有来源，请向运营商核实。</translation>
    </message>
    <message>
        <source>Keeps the number:</source>
        <translation>保号操作：</translation>
    </message>
    <message>
        <source>At least once every:</source>
        <translation>至少每隔：</translation>
    </message>
    <message>
        <source>Minimum top-up (%1, optional):</source>
        <translation>最低充值（%1，可选）：</translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>months</source>
        <translation>个月</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Provider URL: %1</source>
        <translation>服务商地址：%1</translation>
    </message>
    <message>
        <source>Database URL: not a database URL SQLAlchemy understands.</source>
        <translation>数据库地址：不是 SQLAlchemy 能识别的数据库地址。</translation>
    </message>
    <message>
        <source>use https:// (plain http only for this computer).</source>
        <translation>请使用 https://（仅本机地址可用 http）。</translation>
    </message>
    <message>
        <source>remove the ?query or #fragment.</source>
        <translation>请去掉“?”后的查询参数和“#”后的片段。</translation>
    </message>
    <message>
        <source>write it as https://provider.example.com.</source>
        <translation>请写成 https://provider.example.com 的形式。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>The wallet keeps this iCalendar file current; subscribe to it in your calendar application to see every card&apos;s last day.</source>
        <translation>钱包会持续更新这个 iCalendar 文件；在日历应用中订阅它，即可看到每张卡的保号到期日。</translation>
    </message>
    <message>
        <source>empty: the built-in sandbox (no real money)</source>
        <translation>留空：使用内置演示服务商（演示模式，不会真实扣款）</translation>
    </message>
    <message>
        <source>empty: a SQLite file in the data folder; or postgresql+psycopg://…</source>
        <translation>留空：数据文件夹中的 SQLite 文件；或 postgresql+psycopg://…</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Provider URL:</source>
        <translation>服务商地址(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Database URL:</source>
        <translation>数据库地址(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Refresh every:</source>
        <translation>刷新间隔(&amp;R)：</translation>
    </message>
    <message>
        <source>Deadlines &amp;calendar:</source>
        <translation>保号到期日历(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Start minimised to the tray</source>
        <translation>启动时最小化到托盘(&amp;S)</translation>
    </message>
    <message>
        <source>Check for &amp;updates</source>
        <translation>检查更新(&amp;U)</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Order credited</source>
        <translation>订单已到账</translation>
    </message>
    <message>
        <source>Order failed or expired</source>
        <translation>订单失败或已关闭</translation>
    </message>
    <message>
        <source>Payment needs my action</source>
        <translation>需要我完成支付验证</translation>
    </message>
    <message>
        <source>Low balance</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <source>Keep-alive deadline in 30, 7 and 1 days</source>
        <translation>保号到期前 30 天、7 天、1 天</translation>
    </message>
    <message>
        <source>Update available</source>
        <translation>有可用更新</translation>
    </message>
    <message>
        <source>Support answered my request</source>
        <translation>客服回复了我的工单</translation>
    </message>
    <message>
        <source>What keep-alive autopilot did or needs</source>
        <translation>自动保号的处理结果或需要我操作时</translation>
    </message>
    <message>
        <source>Top-up channels</source>
        <translation>充值渠道</translation>
    </message>
    <message>
        <source>LEB provider: always on. Reloadly: no account added.</source>
        <translation>LEB 服务商：始终可用。Reloadly：尚未添加账户。</translation>
    </message>
    <message>
        <source>Add a Reloadly account…</source>
        <translation>添加 Reloadly 账户…</translation>
    </message>
    <message>
        <source>LEB provider: always on. Reloadly: account %1 (sandbox).</source>
        <translation>LEB 服务商：始终可用。Reloadly：账户 %1（演示模式）。</translation>
    </message>
    <message>
        <source>LEB provider: always on. Reloadly: account %1 (live).</source>
        <translation>LEB 服务商：始终可用。Reloadly：账户 %1（正式模式）。</translation>
    </message>
    <message>
        <source>Change the Reloadly account…</source>
        <translation>更换 Reloadly 账户…</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>SupportDialog</name>
    <message>
        <source>%1 · order %2 · %3</source>
        <translation>%1 · 订单 %2 · %3</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n new)</source>
        <translation>
            <numerusform>%1（%n 条新回复）</numerusform>
        </translation>
    </message>
    <message>
        <source>You · %1 (waiting to be sent)</source>
        <translation>我 · %1（等待发送）</translation>
    </message>
    <message>
        <source>You · %1</source>
        <translation>我 · %1</translation>
    </message>
    <message>
        <source>Support · %1</source>
        <translation>客服 · %1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Send reply</source>
        <translation>发送回复</translation>
    </message>
    <message>
        <source>Close request</source>
        <translation>结束工单</translation>
    </message>
    <message>
        <source>No support requests yet. Ask about an order from its details.</source>
        <translation>还没有客服工单。可在订单详情中就该订单联系客服。</translation>
    </message>
</context>
<context>
    <name>SupportFormDialog</name>
    <message>
        <source>Reading the order…</source>
        <translation>正在读取订单…</translation>
    </message>
    <message>
        <source>Order: %1</source>
        <translation>订单：%1</translation>
    </message>
    <message>
        <source>Card: %1 (%2)</source>
        <translation>卡片：%1（%2）</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Top-up: %1, total: %2</source>
        <translation>充值：%1，合计：%2</translation>
    </message>
    <message>
        <source>Ordered: %1</source>
        <translation>下单时间：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Write a few words about what went wrong (up to 4000 characters).</source>
        <translation>请简单写下遇到的问题（最多 4000 字）。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>This channel has no support desk in the wallet: a mail to %1 with the order&apos;s facts was opened in your mail program.</source>
        <translation>该渠道不支持在钱包内联系客服：已在邮件程序中打开一封发给 %1 的邮件，订单信息已附上。</translation>
    </message>
    <message>
        <source>This channel has no support desk in the wallet, and no mail program could be opened: write to %1.</source>
        <translation>该渠道不支持在钱包内联系客服，也无法打开邮件程序：请写信至 %1。</translation>
    </message>
    <message>
        <source>The provider cannot be reached now: your request waits in the wallet and is sent once, as soon as it can be.</source>
        <translation>暂时无法连接服务商：您的工单已保存在钱包中，恢复连接后会自动发送一次。</translation>
    </message>
    <message>
        <source>Sent. The answer appears under Support and as a notice.</source>
        <translation>已发送。客服回复会显示在“客服”中，并以通知提醒您。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>The order could not be read: %1</source>
        <translation>无法读取订单：%1</translation>
    </message>
    <message>
        <source>Contact support</source>
        <translation>联系客服</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>问题类型</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <source>Sent with your words (you need not repeat them):</source>
        <translation>以下订单信息会随您的描述一并发送（无需重复填写）：</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
</context>
<context>
    <name>SupportScreens</name>
    <message>
        <source>Sign in to the provider first.</source>
        <translation>请先登录服务商。</translation>
    </message>
    <message>
        <source>Support…</source>
        <translation>客服…</translation>
    </message>
    <message>
        <source>Your support requests about orders and their answers</source>
        <translation>您就订单提交的客服工单及回复</translation>
    </message>
</context>
<context>
    <name>SupportText</name>
    <message>
        <source>Paid but not credited</source>
        <translation>已付款但未到账</translation>
    </message>
    <message>
        <source>Wrong amount</source>
        <translation>金额不对</translation>
    </message>
    <message>
        <source>Charged, but the order failed</source>
        <translation>已扣款但订单失败</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>申请退款</translation>
    </message>
    <message>
        <source>Something else</source>
        <translation>其他问题</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回复</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>The provider has not confirmed this order yet; ask again once it has.</source>
        <translation>服务商尚未确认此订单，请在确认后再联系客服。</translation>
    </message>
    <message>
        <source>It is not in the wallet any more.</source>
        <translation>钱包中已没有这条记录。</translation>
    </message>
    <message>
        <source>Write a few words (up to 4000 characters).</source>
        <translation>请写几句话（最多 4000 字）。</translation>
    </message>
</context>
<context>
    <name>Text</name>
    <message>
        <source>pound sterling</source>
        <translation>英镑</translation>
    </message>
    <message>
        <source>US dollar</source>
        <translation>美元</translation>
    </message>
    <message>
        <source>Hong Kong dollar</source>
        <translation>港币</translation>
    </message>
    <message>
        <source>Chinese yuan</source>
        <translation>人民币</translation>
    </message>
    <message>
        <source>euro</source>
        <translation>欧元</translation>
    </message>
    <message>
        <source>Japanese yen</source>
        <translation>日元</translation>
    </message>
    <message>
        <source>Macanese pataca</source>
        <translation>澳门元</translation>
    </message>
    <message>
        <source>New Taiwan dollar</source>
        <translation>新台币</translation>
    </message>
    <message>
        <source>Singapore dollar</source>
        <translation>新加坡元</translation>
    </message>
    <message>
        <source>Australian dollar</source>
        <translation>澳元</translation>
    </message>
    <message>
        <source>Canadian dollar</source>
        <translation>加元</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今天到期</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) left</source>
        <translation>
            <numerusform>还剩 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>已过期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>own rule, no carrier named</source>
        <translation>自定义规则（未填运营商）</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>钥匙串</translation>
    </message>
    <message>
        <source>Credential Manager</source>
        <translation>凭据管理器</translation>
    </message>
    <message>
        <source>system keyring</source>
        <translation>系统密钥环</translation>
    </message>
    <message>
        <source>Questions? Contact support.</source>
        <translation>如有疑问，请联系客服。</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Open LEB Wallet</source>
        <translation>打开 LEB 钱包</translation>
    </message>
    <message>
        <source>Recharge…</source>
        <translation>充值…</translation>
    </message>
    <message>
        <source>I used this card today…</source>
        <translation>我今天用过这张卡…</translation>
    </message>
    <message>
        <source>Notices…</source>
        <translation>通知…</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation>立即刷新</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Top-up credited</source>
        <translation>充值已到账</translation>
    </message>
    <message>
        <source>%1 was credited to your card.</source>
        <translation>%1 已充入您的卡片。</translation>
    </message>
    <message>
        <source>%1 was credited to %2.</source>
        <translation>%1 已充入 %2。</translation>
    </message>
    <message>
        <source>The top-up of %1 failed.</source>
        <translation>%1 的充值失败。</translation>
    </message>
    <message>
        <source>Top-up failed</source>
        <translation>充值失败</translation>
    </message>
    <message>
        <source>Top-up expired</source>
        <translation>充值订单已关闭</translation>
    </message>
    <message>
        <source>The top-up of %1 was not paid in time and has expired.</source>
        <translation>%1 的充值订单未按时支付，已关闭，未扣款。</translation>
    </message>
    <message>
        <source>Payment needs your action</source>
        <translation>支付需要您完成验证</translation>
    </message>
    <message>
        <source>Confirm the payment of %1 with your bank to finish the top-up.</source>
        <translation>请在支付页面完成 %1 的付款验证，以完成充值。</translation>
    </message>
    <message>
        <source>Low balance</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <source>%1 has only %2 left.</source>
        <translation>%1 仅剩 %2。</translation>
    </message>
    <message>
        <source>Do what the keep-alive rule of %1 counts by %3 (%4), then log it, to keep the number.</source>
        <translation>请在 %3 前（%4）按 %1 的保号规则完成一次保号操作，并在钱包中记录，以保住号码。</translation>
    </message>
    <message>
        <source>Keep-alive deadline soon</source>
        <translation>保号即将到期</translation>
    </message>
    <message>
        <source>Top up %1 with at least %2 by %3 (%4) to keep the number.</source>
        <translation>请在 %3 前（%4）为 %1 充值至少 %2，以保住号码。</translation>
    </message>
    <message>
        <source>Support answered</source>
        <translation>客服已回复</translation>
    </message>
    <message>
        <source>Support answered your request about order %1. Open the notice to read it.</source>
        <translation>客服已回复您关于订单 %1 的工单，打开通知即可查看。</translation>
    </message>
    <message>
        <source>Update available</source>
        <translation>有可用更新</translation>
    </message>
    <message>
        <source>LEB Wallet %1 is available. Open the notice for the release notes and the download.</source>
        <translation>LEB 钱包 %1 已发布。打开此通知查看更新说明和下载链接。</translation>
    </message>
    <message>
        <source>Keep-alive top-up ready</source>
        <translation>保号充值已准备好</translation>
    </message>
    <message>
        <source>A top-up of %1 keeps %2 alive past %3. Open the notice to pay it.</source>
        <translation>充值 %1 可让 %2 在 %3 后继续保号。打开通知即可付款。</translation>
    </message>
    <message>
        <source>Keep-alive top-up waits for your yes</source>
        <translation>保号充值等您同意</translation>
    </message>
    <message>
        <source>A top-up of %1 from the Reloadly balance keeps %2 alive past %3. Open the notice and choose Top up now, or let autopilot go ahead without asking.</source>
        <translation>用 Reloadly 余额充值 %1 可让 %2 在 %3 后继续保号。打开通知并选择“立即充值”，或让自动保号不再询问、直接充值。</translation>
    </message>
    <message>
        <source>Kept alive automatically</source>
        <translation>已自动保号</translation>
    </message>
    <message>
        <source>%2 was topped up with %1 before its deadline %3.</source>
        <translation>已在到期日 %3 前为 %2 充值 %1。</translation>
    </message>
    <message>
        <source>Automatic top-up failed</source>
        <translation>自动保号充值失败</translation>
    </message>
    <message>
        <source>The automatic top-up of %2 failed; top it up yourself before %3.</source>
        <translation>%2 的自动保号充值失败，请在 %3 前自行充值。</translation>
    </message>
    <message>
        <source>Keep-alive reminder</source>
        <translation>保号提醒</translation>
    </message>
    <message>
        <source>Use %2 as its rule asks before %3: the wallet cannot call or text.</source>
        <translation>请在 %3 前按保号规则使用 %2：钱包无法代您通话或发短信。</translation>
    </message>
    <message>
        <source>Keep-alive deadline passed</source>
        <translation>保号到期日已过</translation>
    </message>
    <message>
        <source>The deadline %3 of %2 passed while the wallet was not running; check the number with its carrier.</source>
        <translation>钱包未运行期间，%2 的保号到期日 %3 已过，请向运营商确认号码状态。</translation>
    </message>
    <message>
        <source>Keep-alive budget spent</source>
        <translation>保号预算已用完</translation>
    </message>
    <message>
        <source>The monthly budget does not cover the top-up of %1 for %2; raise it or top up yourself before %3.</source>
        <translation>每月预算不足以为 %2 充值 %1，请提高预算，或在 %3 前自行充值。</translation>
    </message>
    <message>
        <source>LEB Wallet keeps following your orders and deadlines in the tray. Choose Quit from its menu to exit.</source>
        <translation>LEB 钱包会在系统托盘中继续跟踪您的订单和保号到期日。从托盘菜单选择“退出”即可关闭。</translation>
    </message>
</context>
<context>
    <name>WalletApp</name>
    <message>
        <source>Sign in to the provider first.</source>
        <translation>请先登录服务商。</translation>
    </message>
    <message>
        <source>Signed out. The %2 could not be cleared, so a remembered sign-in may remain in it: %1</source>
        <translation>已退出登录。无法清理%2，其中可能仍保存着登录信息：%1</translation>
    </message>
    <message>
        <source>Sign-in not remembered</source>
        <translation>无法记住登录状态</translation>
    </message>
    <message>
        <source>The %1 cannot be used, so the wallet cannot keep you signed in; you will be asked to sign in at each start. Secrets are never written to a file instead.</source>
        <translation>无法使用%1，因此钱包无法保持登录状态，每次启动时都需要重新登录。钱包绝不会改为把密钥写入文件。</translation>
    </message>
    <message>
        <source>Updates</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Check once a day whether a new version of LEB Wallet is out? Nothing is installed without you.</source>
        <translation>每天检查一次 LEB 钱包是否有新版本？未经您同意不会安装任何内容。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>The saved settings could not be used; the defaults are in effect.</source>
        <translation>无法使用已保存的设置，现使用默认设置。</translation>
    </message>
    <message numerus="yes">
        <source>Notices (%n)</source>
        <translation>
            <numerusform>通知（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>To top up this card from the wallet, add a Reloadly account in Settings.</source>
        <translation>要在钱包里为这张卡充值，请先在设置中添加 Reloadly 账户。</translation>
    </message>
</context>
<context>
    <name>WalletDataActions</name>
    <message>
        <source>Wallet backups (*.sqlite3);;All files (*)</source>
        <translation>钱包备份 (*.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Back up wallet data</source>
        <translation>备份钱包数据</translation>
    </message>
    <message>
        <source>Restore wallet data</source>
        <translation>恢复钱包数据</translation>
    </message>
    <message>
        <source>Replace the wallet&apos;s data with the backup %1?</source>
        <translation>要用备份“%1”替换当前的钱包数据吗？</translation>
    </message>
    <message>
        <source>The current data is kept in the data folder&apos;s backups folder first.</source>
        <translation>当前数据会先保存到数据文件夹里的 backups 文件夹中。</translation>
    </message>
    <message>
        <source>The wallet&apos;s data was backed up to %1.</source>
        <translation>钱包数据已备份到 %1。</translation>
    </message>
    <message>
        <source>The wallet&apos;s data was restored from %1.</source>
        <translation>已从“%1”恢复钱包数据。</translation>
    </message>
    <message>
        <source>The data it replaced is kept in %1.</source>
        <translation>被替换的数据保存在 %1。</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <source>This file is not a LEB Wallet backup. Nothing was changed.</source>
        <translation>这个文件不是 LEB 钱包的备份，钱包数据没有任何改动。</translation>
    </message>
    <message>
        <source>This file is a database, but not a LEB Wallet backup. Nothing was changed.</source>
        <translation>这个文件是数据库，但不是 LEB 钱包的备份，钱包数据没有任何改动。</translation>
    </message>
    <message>
        <source>This backup is damaged and cannot be restored. Nothing was changed.</source>
        <translation>这个备份已损坏，无法恢复，钱包数据没有任何改动。</translation>
    </message>
    <message>
        <source>This backup was made by a newer version of LEB Wallet. Update the wallet, then restore it. Nothing was changed.</source>
        <translation>这个备份来自更新版本的 LEB 钱包。请先升级钱包再恢复。钱包数据没有任何改动。</translation>
    </message>
    <message>
        <source>The wallet is busy with its data. Nothing was changed; try again in a moment.</source>
        <translation>钱包正在处理数据，未做任何改动，请稍后再试。</translation>
    </message>
    <message>
        <source>The file could not be written or read: %1</source>
        <translation>无法读写该文件：%1</translation>
    </message>
    <message>
        <source>The wallet&apos;s data is in a database server: back it up with the server&apos;s tools.</source>
        <translation>钱包数据保存在数据库服务器上，请用服务器自带的工具备份。</translation>
    </message>
    <message>
        <source>It did not work: %1</source>
        <translation>操作失败：%1</translation>
    </message>
    <message>
        <source>Wallet data</source>
        <translation>钱包数据</translation>
    </message>
</context>
<context>
    <name>WalletStatusBar</name>
    <message>
        <source>never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline — showing the cards stored on this computer</source>
        <translation>离线：正在显示本机保存的卡片</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Enter your e-mail or phone number and your password.</source>
        <translation>请输入邮箱或手机号以及密码。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Choose a password of at least 8 characters and enter your name.</source>
        <translation>请设置至少 8 个字符的密码并填写姓名。</translation>
    </message>
    <message>
        <source>Enter your name.</source>
        <translation>请输入姓名。</translation>
    </message>
    <message>
        <source>Creating the account…</source>
        <translation>正在创建账户…</translation>
    </message>
    <message>
        <source>Enter the verification code.</source>
        <translation>请输入验证码。</translation>
    </message>
    <message>
        <source>Checking the code…</source>
        <translation>正在核对验证码…</translation>
    </message>
    <message>
        <source>A verification code was sent to %1.</source>
        <translation>验证码已发送至 %1。</translation>
    </message>
    <message>
        <source>The provider cannot be reached. Check the address and the network.</source>
        <translation>无法连接服务商。请检查地址和网络。</translation>
    </message>
    <message>
        <source>Welcome to LEB Wallet</source>
        <translation>欢迎使用 LEB 钱包</translation>
    </message>
    <message>
        <source>&amp;E-mail or phone:</source>
        <translation>邮箱或手机号(&amp;E)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>Remember my password (in the %1 only)</source>
        <translation>记住密码（仅保存在%1中）</translation>
    </message>
    <message>
        <source>The %1 cannot be used, so the wallet cannot keep you signed in: you will be asked to sign in at each start. Secrets are never written to a file instead.</source>
        <translation>无法使用%1，因此钱包无法保持登录状态，每次启动时都需要重新登录。钱包绝不会改为把密钥写入文件。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>Verification &amp;code:</source>
        <translation>验证码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>Create &amp;account</source>
        <translation>创建账户(&amp;A)</translation>
    </message>
    <message>
        <source>Create &amp;an account…</source>
        <translation>注册新账户(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>验证(&amp;V)</translation>
    </message>
    <message>
        <source>Sandbox code: %1.</source>
        <translation>演示验证码：%1。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
