"""What can go wrong between the wallet and an eSIM card, one error per cause.

Every error's message is one plain English sentence for the command line; the window shows
its own translated text by the error's class.
"""

from __future__ import annotations


class EuiccError(Exception):
    """Base of the eSIM card errors."""


class PcscUnavailable(EuiccError):
    """The PC/SC service (pcscd, or the system's smart card service) is not running."""


class NoReader(EuiccError):
    """No card reader is connected, or the named one is gone."""


class NoCard(EuiccError):
    """The reader has no card in it (or the card does not answer)."""


class NotAnEuicc(EuiccError):
    """The card answers but has no ISD-R: a plain SIM or another kind of card."""


class CardRemoved(EuiccError):
    """The card stopped answering in the middle of a command: nothing is reported done.

    `confirmed` is True when the card had answered ok to the change and only the reading
    back of its profiles was cut: the change is probably made, but not shown as done.
    """

    def __init__(self, message: str, *, confirmed: bool = False) -> None:
        super().__init__(message)
        self.confirmed = confirmed


class GarbledResponse(EuiccError):
    """The card answered something that is not the ES10 message expected."""


class CardRefused(EuiccError):
    """The card understood the command and refused it; `reason` is the SGP.22 result name."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class WrongConfirmation(EuiccError):
    """The ICCID typed to confirm a deletion is not the profile's ICCID."""


class InvalidNickname(EuiccError):
    """The nickname is longer than a card stores (64 bytes in UTF-8)."""
