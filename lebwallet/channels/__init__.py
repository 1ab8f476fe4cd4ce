"""Top-up channels: one adapter per way to top up a card, each Qt-free, domain values out.

`reloadly` is Reloadly's Airtime API (a real network, built from its public description).
The LEB provider's client still lives in `lebwallet.provider`; the port the services call
(`TopUpChannel`) comes with the refactor that moves the follower and the recharge backend
into services.
"""
