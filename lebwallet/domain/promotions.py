"""Promotions and promo codes (`lebwallet.domain.recharge`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.recharge_errors import (
    PromotionError,
    PromotionExpired,
    PromotionNotApplicable,
    UnknownPromoCode,
)
from lebwallet.domain.recharge_math import (
    HUNDRED,
    ID_PATTERN,
    MAX_PERCENT,
    PROMO_CODE_MAX_LENGTH,
    PROMO_CODE_PATTERN,
    aware,
    check_percent,
    percent_of,
    same_currency,
)
from lebwallet.domain.text import normalize_typed


class PromotionKind(StrEnum):
    BONUS = "bonus"
    """Extra credit on the card."""
    DISCOUNT = "discount"
    """A lower price."""


# --- promotions --------------------------------------------------------------------------------


def normalise_promo_code(code: str) -> str:
    """Promo codes compare without surrounding space, without case and without an input
    method's full-width forms (NFKC): ``" summer10 "`` and ``"ＳＵＭＭＥＲ１０"`` are
    ``"SUMMER10"``. Raise `UnknownPromoCode` for text that cannot be a code."""
    cleaned = normalize_typed(code).upper()
    if not PROMO_CODE_PATTERN.fullmatch(cleaned):
        if not cleaned:
            raise UnknownPromoCode("the promo code is empty")
        if len(cleaned) > PROMO_CODE_MAX_LENGTH:
            raise UnknownPromoCode(f"a promo code has at most {PROMO_CODE_MAX_LENGTH} characters")
        raise UnknownPromoCode("a promo code has only letters, digits and punctuation, no spaces")
    return cleaned


@dataclass(frozen=True, slots=True)
class Promotion:
    """A bonus or a discount: a fixed `value` or a `percent` of the amount (exactly one).

    Valid from `valid_from` (inclusive) until `valid_until` (exclusive; None: open-ended),
    for amounts of at least `min_amount`. A `code_required` promotion applies only when its
    code is entered; `code` is known to the provider (the sandbox) and None on the wallet,
    which learns only that a code exists.
    """

    id: str
    title: str
    kind: PromotionKind
    value: Money | None
    percent: Decimal | None
    valid_from: datetime
    valid_until: datetime | None = None
    min_amount: Money | None = None
    code_required: bool = False
    code: str | None = None

    def __post_init__(self) -> None:
        if not ID_PATTERN.fullmatch(self.id):
            raise ValueError(f"a promotion id is 1 to 64 letters, digits, '_' or '-': {self.id!r}")
        if not self.title.strip():
            raise ValueError(f"promotion {self.id} has no title")
        if (self.value is None) == (self.percent is None):
            raise ValueError(f"promotion {self.id} needs exactly one of a value and a percent")
        if self.value is not None and not self.value.is_positive:
            raise MoneyError(f"promotion {self.id}'s value must be above zero")
        if self.percent is not None:
            ceiling = HUNDRED if self.kind is PromotionKind.DISCOUNT else MAX_PERCENT
            check_percent(self.percent, f"promotion {self.id}'s percent", ceiling)
            if self.percent == 0:
                raise MoneyError(f"promotion {self.id}'s percent must be above zero")
        if self.value is not None and self.min_amount is not None:
            same_currency(self.value.currency, "the promotion's min_amount", self.min_amount)
        object.__setattr__(self, "valid_from", aware(self.valid_from, "valid_from"))
        if self.valid_until is not None:
            until = aware(self.valid_until, "valid_until")
            if until <= self.valid_from:
                raise ValueError(f"promotion {self.id} ends before it starts")
            object.__setattr__(self, "valid_until", until)
        if self.code is not None:
            if not self.code_required:
                raise ValueError(f"promotion {self.id} has a code but does not require one")
            object.__setattr__(self, "code", normalise_promo_code(self.code))

    @property
    def currency(self) -> str | None:
        """The currency of a fixed-value promotion (None for a percentage)."""
        if self.value is not None:
            return self.value.currency
        return self.min_amount.currency if self.min_amount is not None else None

    def is_active(self, now: datetime) -> bool:
        now = aware(now, "now")
        return self.valid_from <= now and (self.valid_until is None or now < self.valid_until)

    def matches_code(self, code: str) -> bool:
        return self.code is not None and self.code == normalise_promo_code(code)

    def benefit(self, amount: Money) -> Money:
        """The bonus or discount this promotion gives on `amount` (a discount at most the
        amount); rules of use are not checked here (see `check_applies`)."""
        if self.currency is not None:
            same_currency(self.currency, "the amount", amount)
        if self.value is not None:
            value = self.value
        else:
            assert self.percent is not None  # exactly one is set
            value = percent_of(amount, self.percent)
        if self.kind is PromotionKind.DISCOUNT:
            return min(value, amount)
        return value

    def check_applies(self, amount: Money, now: datetime) -> None:
        """Raise `PromotionExpired` / `PromotionNotApplicable` when it cannot be used."""
        now = aware(now, "now")
        if now < self.valid_from:
            raise PromotionExpired(
                f"the promotion {self.title!r} starts on {self.valid_from:%Y-%m-%d %H:%M} UTC"
            )
        if self.valid_until is not None and now >= self.valid_until:
            raise PromotionExpired(
                f"the promotion {self.title!r} ended on {self.valid_until:%Y-%m-%d %H:%M} UTC"
            )
        if self.currency is not None and amount.currency != self.currency:
            raise PromotionNotApplicable(
                f"the promotion {self.title!r} is for top-ups in {self.currency}"
            )
        if self.min_amount is not None and amount < self.min_amount:
            raise PromotionNotApplicable(
                f"the promotion {self.title!r} needs a top-up of at least "
                f"{self.min_amount.display()}"
            )


@dataclass(frozen=True, slots=True)
class PromotionChoice:
    """Which promotion a top-up gets. `unverified_code` is set when a code was entered that
    only the provider can check (the wallet does not know promotion codes): no promotion is
    applied locally and the provider's price is the one that counts."""

    promotion: Promotion | None
    promo_code: str | None = None
    unverified_code: bool = False


def choose_promotion(
    promotions: Iterable[Promotion],
    amount: Money,
    now: datetime,
    promo_code: str | None = None,
) -> PromotionChoice:
    """Pick the one promotion an order gets (an order has at most one).

    With a code: the code's promotion, or an error saying why it does not apply
    (`UnknownPromoCode`, `PromotionExpired`, `PromotionNotApplicable`); an entered code wins
    over automatic promotions. Without a code: of the promotions that need no code and
    apply, the one worth most on this amount (ties: the smallest id); None when none applies.
    """
    promotions = tuple(promotions)
    if promo_code is not None:
        code = normalise_promo_code(promo_code)
        matching = [p for p in promotions if p.matches_code(code)]
        if not matching:
            if any(p.code_required and p.code is None for p in promotions):
                return PromotionChoice(None, code, unverified_code=True)
            raise UnknownPromoCode(f"no promotion has the code {code!r}")
        first_error: PromotionError | None = None
        usable: list[Promotion] = []
        for promotion in matching:
            try:
                promotion.check_applies(amount, now)
            except PromotionError as exc:
                first_error = first_error or exc
            else:
                usable.append(promotion)
        if not usable:
            assert first_error is not None
            raise first_error
        return PromotionChoice(_best(usable, amount), code)
    automatic = []
    for promotion in promotions:
        if promotion.code_required:
            continue
        try:
            promotion.check_applies(amount, now)
        except PromotionError:
            continue
        automatic.append(promotion)
    return PromotionChoice(_best(automatic, amount) if automatic else None)


def _best(promotions: Sequence[Promotion], amount: Money) -> Promotion:
    return min(promotions, key=lambda p: (-p.benefit(amount).amount, p.id))
