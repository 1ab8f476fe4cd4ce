"""A provider's refusal in the user's language: one sentence per refused field, one for the
refusal as a whole. The provider's own text (English, for logs) is never shown.

`field_problem_text(problem)` words a `FieldProblem` ("The password needs at least 8
characters."), `problem_text(info)` the whole failure ("An account with this e-mail or phone
number already exists; sign in instead."), `error_text(error)` both for an exception.
Every text is a whole translatable sentence (context "Problems").
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from lebwallet.domain.cards import LABEL_MAX_LENGTH, LabelError
from lebwallet.services.problems import (
    FieldKind,
    FieldProblem,
    ProblemClass,
    ProblemInfo,
    describe_problem,
)
from lebwallet.ui.i18n_text import sentences

# Every call below is QCoreApplication.translate with literal context and text, so that
# pyside6-lupdate extracts it.


def field_problem_text(problem: FieldProblem) -> str | None:
    """What is wrong with a known request member, or None for a member no form shows."""
    kind, leaf = problem.kind, problem.leaf
    if leaf in ("email", "login"):
        if kind is FieldKind.REQUIRED:
            return QCoreApplication.translate(
                "Problems", "Enter your e-mail address or phone number."
            )
        if kind is FieldKind.TOO_LONG:
            return QCoreApplication.translate("Problems", "This e-mail address is too long.")
        return QCoreApplication.translate(
            "Problems",
            "Enter an e-mail address like name@example.com, or a phone number with its "
            "country code.",
        )
    if leaf in ("phone", "msisdn"):
        return QCoreApplication.translate(
            "Problems", "Enter the phone number with its country code, like +44 7400 123456."
        )
    if leaf == "password":
        if kind is FieldKind.TOO_SHORT:
            return QCoreApplication.translate(
                "Problems", "The password needs at least %n character(s).", None, problem.limit or 8
            )
        if kind is FieldKind.TOO_LONG and problem.limit is not None:
            return QCoreApplication.translate(
                "Problems", "The password can have at most %n character(s).", None, problem.limit
            )
        if kind is FieldKind.REQUIRED:
            return QCoreApplication.translate("Problems", "Enter your password.")
        return QCoreApplication.translate("Problems", "This password is not accepted.")
    if leaf == "name":
        if kind is FieldKind.TOO_LONG and problem.limit is not None:
            return QCoreApplication.translate(
                "Problems", "The name can have at most %n character(s).", None, problem.limit
            )
        if kind in (FieldKind.REQUIRED, FieldKind.TOO_SHORT):
            return QCoreApplication.translate("Problems", "Enter your name.")
        return QCoreApplication.translate("Problems", "This name is not accepted.")
    if leaf == "code":
        return QCoreApplication.translate("Problems", "The verification code has 6 digits.")
    if leaf == "label":
        if kind is FieldKind.TOO_LONG and problem.limit is not None:
            return QCoreApplication.translate(
                "Problems", "A label has at most %n character(s).", None, problem.limit
            )
        return QCoreApplication.translate(
            "Problems", "A label can hold letters, digits, spaces and punctuation only."
        )
    if leaf == "iccid":
        return QCoreApplication.translate(
            "Problems", "An ICCID has 19 or 20 digits and starts with 89."
        )
    if leaf == "default_payment_method" or leaf == "payment_method":
        return QCoreApplication.translate("Problems", "Choose one of the payment methods offered.")
    if leaf == "promo_code":
        return QCoreApplication.translate("Problems", "This promo code is not valid.")
    if leaf in ("amount", "value"):
        return QCoreApplication.translate("Problems", "Enter an amount like 10 or 12.50.")
    return None


def label_problem_text(error: LabelError) -> str:
    """Why a label the user typed is refused (it is never cut or cleaned silently)."""
    if error.refused:
        return QCoreApplication.translate(
            "Problems", "A label cannot contain tabs, line breaks or other control characters."
        )
    return QCoreApplication.translate(
        "Problems", "A label has at most %n character(s); this one has %1.", None, LABEL_MAX_LENGTH
    ).replace("%1", str(error.length))


def refused_text(refused: str) -> str:
    """The refused characters, quoted for a sentence: “x”, “y”."""
    return QCoreApplication.translate("Problems", "“%1”").replace(
        "%1", QCoreApplication.translate("Problems", "”, “").join(refused)
    )


def problem_text(info: ProblemInfo) -> str:
    """The failure as a whole, in one or two sentences."""
    match info.problem_class:
        case ProblemClass.UNREACHABLE:
            return QCoreApplication.translate(
                "Problems",
                "The provider cannot be reached right now. Check the network and try again.",
            )
        case ProblemClass.SLOW_DOWN:
            return QCoreApplication.translate(
                "Problems", "The provider asks to slow down; try again in a moment."
            )
        case ProblemClass.WRONG_CREDENTIALS:
            return QCoreApplication.translate(
                "Problems", "The e-mail/phone or the password is wrong."
            )
        case ProblemClass.SIGNED_OUT:
            return QCoreApplication.translate("Problems", "Your session has ended; sign in again.")
        case ProblemClass.UNEXPECTED:
            return QCoreApplication.translate(
                "Problems",
                "Something went wrong. Try again; if it happens again, contact support.",
            )
    return _refusal_text(info)


def _refusal_text(info: ProblemInfo) -> str:
    code = info.code
    if code == "validation_error" and any(field_problem_text(p) for p in info.fields):
        return QCoreApplication.translate(
            "Problems", "Some details were not accepted; see the marked fields."
        )
    if code == "account_exists":
        return QCoreApplication.translate(
            "Problems",
            "An account with this e-mail or phone number already exists; sign in instead.",
        )
    if code == "invalid_verification_code":
        return QCoreApplication.translate(
            "Problems", "The verification code is wrong or has expired."
        )
    if code == "verification_required":
        return QCoreApplication.translate(
            "Problems", "This account is not verified yet: enter the code that was sent."
        )
    if code == "card_already_bound":
        return QCoreApplication.translate("Problems", "This card is already added to an account.")
    if code == "not_found":
        return QCoreApplication.translate(
            "Problems", "The provider does not know this card or order."
        )
    if code == "profile_incomplete":
        return QCoreApplication.translate(
            "Problems", "Complete your profile first: your name and a payment method."
        )
    if code == "card_not_rechargeable":
        return QCoreApplication.translate("Problems", "This card can no longer be topped up.")
    if code in ("amount_below_minimum", "amount_above_maximum", "amount_not_on_step"):
        return QCoreApplication.translate(
            "Problems", "The provider does not take this amount for this card; choose another."
        )
    if code in ("daily_cap_exceeded", "monthly_cap_exceeded"):
        return QCoreApplication.translate(
            "Problems", "This top-up goes over the card's daily or monthly limit."
        )
    if code == "unknown_promo_code":
        return QCoreApplication.translate("Problems", "This promo code is not known.")
    if code == "promotion_not_applicable":
        return QCoreApplication.translate(
            "Problems", "This promotion does not apply to this top-up."
        )
    if code == "fx_quote_expired":
        return QCoreApplication.translate(
            "Problems", "The exchange rate has expired; a new price is needed."
        )
    if code == "unsupported_currency":
        return QCoreApplication.translate(
            "Problems", "This payment method cannot take this currency."
        )
    if code == "payment_method_unavailable":
        return QCoreApplication.translate("Problems", "This payment method is not available now.")
    if code == "order_not_cancellable":
        return QCoreApplication.translate("Problems", "This order can no longer be cancelled.")
    return QCoreApplication.translate(
        "Problems",
        "The provider did not accept the request. Try again; if it happens again, contact support.",
    )


def error_text(error: BaseException) -> str:
    """`problem_text` of an exception, followed by the sentence of every refused field."""
    info = describe_problem(error)
    texts = [problem_text(info)]
    for problem in info.fields:
        text = field_problem_text(problem)
        if text is not None and text not in texts:
            texts.append(text)
    if len(texts) > 1 and info.code == "validation_error":
        texts.pop(0)
    return join_sentences(texts)


def join_sentences(texts: list[str]) -> str:
    """Whole sentences one after the other (see `lebwallet.ui.i18n_text.sentences`)."""
    return sentences(*texts)
