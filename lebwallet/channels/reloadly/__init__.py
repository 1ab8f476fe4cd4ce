"""The Reloadly Airtime channel.

wire     the bodies of the described operations (pydantic, Decimal money)
errors   typed errors: the LEB channel's kinds with Reloadly's errorCode
http     sessions, urllib3 Retry for GETs, timeouts and a deadline per call
client   `ReloadlyClient`: token, balance, operator, FX, exactly-once top-up, status
convert  operators and transactions as domain values (`lebwallet.domain.topup_offers`)
"""
