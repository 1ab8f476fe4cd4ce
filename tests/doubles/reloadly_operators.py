"""The operators of the Reloadly double: the fields of the described operator object
(`AutoDetectAnOperatorResponse200`), and three made-up operators — a RANGE one with local
amounts and a promotion (GB), a FIXED one (US) and a FIXED one with local amounts (HK)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final


@dataclass(frozen=True)
class Operator:
    """One operator as the double describes it (fields of the described operator object)."""

    operator_id: int
    name: str
    country: str
    country_name: str
    prefix: str
    """E.164 digits a detected number starts with (the double's detection rule)."""
    denomination_type: str  # FIXED | RANGE
    destination_currency: str
    fx_rate: Decimal
    """Destination currency units per sender currency unit."""
    fixed_amounts: tuple[Decimal, ...] = ()
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    supports_local_amounts: bool = False
    local_fixed_amounts: tuple[Decimal, ...] = ()
    international_discount: Decimal = Decimal("0")
    promotions: tuple[dict[str, Any], ...] = ()

    def to_json(self, sender_currency: str) -> dict[str, Any]:
        local_min = local_max = None
        if self.denomination_type == "RANGE" and self.supports_local_amounts:
            assert self.min_amount is not None
            assert self.max_amount is not None
            local_min = float(cents(self.min_amount * self.fx_rate))
            local_max = float(cents(self.max_amount * self.fx_rate))
        return {
            "id": self.operator_id,
            "operatorId": self.operator_id,
            "name": self.name,
            "bundle": False,
            "data": False,
            "pin": False,
            "supportsLocalAmounts": self.supports_local_amounts,
            "denominationType": self.denomination_type,
            "senderCurrencyCode": sender_currency,
            "senderCurrencySymbol": "$",
            "destinationCurrencyCode": self.destination_currency,
            "destinationCurrencySymbol": self.destination_currency,
            "commission": float(self.international_discount),
            "internationalDiscount": float(self.international_discount),
            "localDiscount": 0.0,
            "mostPopularAmount": None,
            "minAmount": None if self.min_amount is None else float(self.min_amount),
            "maxAmount": None if self.max_amount is None else float(self.max_amount),
            "localMinAmount": local_min,
            "localMaxAmount": local_max,
            "country": {"isoName": self.country, "name": self.country_name},
            "fx": {"rate": float(self.fx_rate), "currencyCode": self.destination_currency},
            "logoUrls": [],
            "fixedAmounts": [float(a) for a in self.fixed_amounts],
            "fixedAmountsDescriptions": {},
            "localFixedAmounts": [float(a) for a in self.local_fixed_amounts],
            "localFixedAmountsDescriptions": {},
            "suggestedAmounts": [],
            "suggestedAmountsMap": {},
            "promotions": list(self.promotions),
        }


DEFAULT_OPERATORS: Final = (
    Operator(
        operator_id=535,
        name="Double Mobile UK",
        country="GB",
        country_name="United Kingdom",
        prefix="447",
        denomination_type="RANGE",
        destination_currency="GBP",
        fx_rate=Decimal("0.7900"),
        min_amount=Decimal("1.00"),
        max_amount=Decimal("60.00"),
        supports_local_amounts=True,
        international_discount=Decimal("2.00"),
        promotions=(
            {
                "promotionId": 7001,
                "operatorId": 535,
                "title": "Double Mobile UK: 10% extra",
                "title2": "10% extra credit on top-ups of USD 10 and up",
                "description": "For top-ups of USD 10 or more, the recipient gets 10% extra.",
                "startDate": "Mon, 01 Jun 2026 00:00:00 +0000",
                "endDate": "Thu, 31 Dec 2026 23:59:00 +0000",
                "denominations": "USD 10 and up",
                "localDenominations": None,
            },
        ),
    ),
    Operator(
        operator_id=173,
        name="Double Wireless US",
        country="US",
        country_name="United States",
        prefix="1",
        denomination_type="FIXED",
        destination_currency="USD",
        fx_rate=Decimal("1"),
        fixed_amounts=(Decimal("5"), Decimal("10"), Decimal("20"), Decimal("25")),
    ),
    Operator(
        operator_id=612,
        name="Double Telecom HK",
        country="HK",
        country_name="Hong Kong",
        prefix="852",
        denomination_type="FIXED",
        destination_currency="HKD",
        fx_rate=Decimal("7.8000"),
        fixed_amounts=(Decimal("6.41"), Decimal("12.82"), Decimal("38.46")),
        supports_local_amounts=True,
        local_fixed_amounts=(Decimal("50"), Decimal("100"), Decimal("300")),
    ),
)


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
