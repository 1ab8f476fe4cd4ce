"""The eSIM card panel's sentences about errors and pending notifications, in the user's
language (context "EuiccTexts"): one whole sentence per cause, never the English message of
the error (that one is for the command line and the logs).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from lebwallet.euicc import errors
from lebwallet.euicc.matching import Residence
from lebwallet.euicc.profiles import NotificationEvent

# Every call below is QCoreApplication.translate with literal context and text, so that
# pyside6-lupdate extracts it.


def euicc_error_text(error: Exception | None) -> str:
    """What went wrong with the card reader or the eSIM card, and what to do."""
    if isinstance(error, errors.PcscUnavailable):
        return QCoreApplication.translate(
            "EuiccTexts",
            "The smart card service is not running. On Linux install and start pcscd; then "
            "plug in the card reader.",
        )
    if isinstance(error, errors.NoReader):
        return QCoreApplication.translate(
            "EuiccTexts", "The card reader is no longer connected. Press Refresh."
        )
    if isinstance(error, errors.NoCard):
        return QCoreApplication.translate("EuiccTexts", "There is no card in this reader.")
    if isinstance(error, errors.NotAnEuicc):
        return QCoreApplication.translate(
            "EuiccTexts", "The card in this reader is not an eSIM card."
        )
    if isinstance(error, errors.CardRemoved) and error.confirmed:
        return QCoreApplication.translate(
            "EuiccTexts",
            "The card confirmed the change, then stopped answering before it could be read "
            "back (was it removed?). Put it back and press Refresh to see its state.",
        )
    if isinstance(error, errors.CardRemoved):
        return QCoreApplication.translate(
            "EuiccTexts",
            "The card stopped answering (was it removed?). Nothing was confirmed by the card: "
            "put it back and press Refresh to see its state.",
        )
    if isinstance(error, errors.GarbledResponse):
        return QCoreApplication.translate(
            "EuiccTexts", "The card's answer could not be understood. Nothing was changed."
        )
    if isinstance(error, errors.WrongConfirmation):
        return QCoreApplication.translate(
            "EuiccTexts", "The ICCID typed is not this profile's. Nothing was deleted."
        )
    if isinstance(error, errors.InvalidNickname):
        return QCoreApplication.translate(
            "EuiccTexts", "A nickname can have at most 64 bytes. Nothing was changed."
        )
    if isinstance(error, errors.CardRefused):
        return QCoreApplication.translate(
            "EuiccTexts", "The card refused the change (%1). Nothing was changed."
        ).replace("%1", error.reason)
    return QCoreApplication.translate("EuiccTexts", "The card could not be read: %1").replace(
        "%1", str(error)
    )


def notification_text(event: NotificationEvent, profile: str, server: str) -> str:
    """What a pending notification means: the operator's server has not been told yet."""
    if event is NotificationEvent.INSTALL:
        text = QCoreApplication.translate(
            "EuiccTexts", "%1 was installed; its operator's server (%2) has not been told yet."
        )
    elif event is NotificationEvent.ENABLE:
        text = QCoreApplication.translate(
            "EuiccTexts", "%1 was enabled; its operator's server (%2) has not been told yet."
        )
    elif event is NotificationEvent.DISABLE:
        text = QCoreApplication.translate(
            "EuiccTexts", "%1 was disabled; its operator's server (%2) has not been told yet."
        )
    else:
        text = QCoreApplication.translate(
            "EuiccTexts", "%1 was deleted; its operator's server (%2) has not been told yet."
        )
    return text.replace("%1", profile).replace("%2", server)


def residence_text(residence: Residence) -> str:
    """Where a wallet card's profile lives, for the card's details."""
    if residence.profile.enabled:
        text = QCoreApplication.translate(
            "EuiccTexts", "On the eSIM card %1 in %2; its profile is enabled."
        )
    else:
        text = QCoreApplication.translate(
            "EuiccTexts", "On the eSIM card %1 in %2; its profile is disabled."
        )
    return text.replace("%1", residence.euicc.eid.masked).replace("%2", residence.reader)
