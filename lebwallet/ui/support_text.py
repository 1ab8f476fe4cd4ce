"""Support's words for a person: topics, request states and why something failed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from lebwallet.domain.support import SupportMessageError, SupportState, SupportTopic
from lebwallet.services.support_values import SupportNotPossible, SupportUnknown


def topic_text(topic: SupportTopic) -> str:
    texts = {
        SupportTopic.NOT_CREDITED: QCoreApplication.translate(
            "SupportText", "Paid but not credited"
        ),
        SupportTopic.WRONG_AMOUNT: QCoreApplication.translate("SupportText", "Wrong amount"),
        SupportTopic.CHARGED_BUT_FAILED: QCoreApplication.translate(
            "SupportText", "Charged, but the order failed"
        ),
        SupportTopic.REFUND: QCoreApplication.translate("SupportText", "Refund"),
        SupportTopic.OTHER: QCoreApplication.translate("SupportText", "Something else"),
    }
    return texts[topic]


def state_text(state: SupportState) -> str:
    texts = {
        SupportState.WAITING_TO_SEND: QCoreApplication.translate(
            "SupportText", "Waiting to be sent"
        ),
        SupportState.OPEN: QCoreApplication.translate("SupportText", "Open"),
        SupportState.ANSWERED: QCoreApplication.translate("SupportText", "Answered"),
        SupportState.CLOSED: QCoreApplication.translate("SupportText", "Closed"),
    }
    return texts[state]


def support_error_text(error: Exception) -> str:
    """Why a support call failed, for a person."""
    from lebwallet.ui.wizard_pages.messages import provider_error_text

    if isinstance(error, SupportNotPossible):
        return QCoreApplication.translate(
            "SupportText",
            "The provider has not confirmed this order yet; ask again once it has.",
        )
    if isinstance(error, SupportUnknown):
        return QCoreApplication.translate("SupportText", "It is not in the wallet any more.")
    if isinstance(error, SupportMessageError):
        return QCoreApplication.translate(
            "SupportText", "Write a few words (up to 4000 characters)."
        )
    return provider_error_text(error)
