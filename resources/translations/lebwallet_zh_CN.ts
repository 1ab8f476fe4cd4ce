<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddCardDialog</name>
    <message>
        <source>An ICCID starts with 89.</source>
        <translation>ICCID 以 89 开头。</translation>
    </message>
    <message numerus="yes">
        <source>An ICCID has 19 or 20 digits; this one has %n.</source>
        <translation>
            <numerusform>ICCID 有 19 或 20 位数字，这个有 %n 位。</numerusform>
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
        <source>Only digits, spaces, &apos;+&apos;, &apos;-&apos; and brackets are allowed.</source>
        <translation>只能输入数字、空格、“+”、“-”和括号。</translation>
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
        <source>Adding the card…</source>
        <translation>正在添加卡片…</translation>
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
        <source>ICCID or phone number:</source>
        <translation>ICCID 或电话号码：</translation>
    </message>
    <message>
        <source>Label (optional):</source>
        <translation>备注名（可选）：</translation>
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
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>ICCID %1</source>
        <translation>ICCID %1</translation>
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
        <translation>激活码（Matching ID）</translation>
    </message>
    <message>
        <source>Activation code</source>
        <translation>激活码</translation>
    </message>
    <message>
        <source>Select a card to see its plan, balance and activation code.</source>
        <translation>选择一张卡以查看其保号规则、余额和激活码。</translation>
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
        <translation>保号截止：</translation>
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
        <translation>激活码（Matching ID）：</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy activation code</source>
        <translation>复制激活码</translation>
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
        <translation>距保号截止还很远</translation>
    </message>
    <message>
        <source>Top up within a month</source>
        <translation>请在一个月内充值</translation>
    </message>
    <message>
        <source>Top up this week or lose the number</source>
        <translation>请在本周内充值，否则号码将被回收</translation>
    </message>
    <message>
        <source>The deadline has passed</source>
        <translation>已过保号截止日期</translation>
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
        <translation>保号截止</translation>
    </message>
    <message>
        <source>Last top-up</source>
        <translation>上次充值</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>(%1 bonus)</source>
        <translation>（赠送 %1）</translation>
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
        <source>Paid</source>
        <translation>实付</translation>
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
            <numerusform>显示 %n 个订单</numerusform>
        </translation>
    </message>
    <message>
        <source>The history could not be read: %1</source>
        <translation>无法读取历史记录：%1</translation>
    </message>
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
        <source>Paid</source>
        <translation>实付</translation>
    </message>
    <message>
        <source>Paid currency</source>
        <translation>实付币种</translation>
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
            <numerusform>已导出 %n 个订单到 %1</numerusform>
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
        <source>LEB Wallet receipt</source>
        <translation>LEB 钱包收据</translation>
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
        <source>Ordered</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>到账时间</translation>
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
        <translation>起始</translation>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The local store could not be read: %1</source>
        <translation>无法读取本地数据：%1</translation>
    </message>
    <message>
        <source>Sync failed: %1</source>
        <translation>同步失败：%1</translation>
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
        <source>The card could not be renamed.</source>
        <translation>无法重命名卡片。</translation>
    </message>
    <message>
        <source>Unbind card</source>
        <translation>解绑卡片</translation>
    </message>
    <message>
        <source>Unbind %1? The wallet stops showing it and its deadline; the number itself is not cancelled.</source>
        <translation>解绑 %1？钱包将不再显示此卡及其保号截止日期；号码本身不会注销。</translation>
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
        <translation>沙盒环境 — 不涉及真实资金</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Recharge…</source>
        <translation>充值…</translation>
    </message>
    <message>
        <source>Top up the selected card</source>
        <translation>为所选卡片充值</translation>
    </message>
    <message>
        <source>Keep alive</source>
        <translation>保号</translation>
    </message>
    <message>
        <source>Top up the smallest amount that moves the deadline</source>
        <translation>充值能延长保号期限的最低金额</translation>
    </message>
    <message>
        <source>Add card…</source>
        <translation>添加卡片…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Unbind…</source>
        <translation>解绑…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
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
        <translation>已过期</translation>
    </message>
</context>
<context>
    <name>PaymentMethod</name>
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
        <translation>离线 — 显示本机保存的卡片</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
</TS>
