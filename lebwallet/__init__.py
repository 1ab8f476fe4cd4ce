"""LEB Wallet: keeps prepaid SIM and eSIM numbers alive."""

__version__ = "0.1.0"
APP_NAME = "LEB Wallet"
APP_ID = "lebwallet"
