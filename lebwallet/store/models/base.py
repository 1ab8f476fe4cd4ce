"""What every table of the store is built on: the declarative `Base` with its naming
convention, `UTCDateTime`, the integer primary key, money in minor units (`money`,
`to_minor`), the order status column, and the predicate of the non-final orders."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import BigInteger, Dialect, Enum, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import DateTime, TypeDecorator

from lebwallet.domain.money import Money
from lebwallet.domain.orders import NON_FINAL_STATUSES, OrderStatus

NAMING_CONVENTION: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# An integer primary key that is a ROWID alias on SQLite and BIGINT elsewhere.
BigIntPk = BigInteger().with_variant(Integer(), "sqlite")


class NaiveDateTimeError(ValueError):
    """A naive datetime was about to be stored."""


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    Binding refuses naive values and converts aware ones to UTC; SQLite keeps them as
    ISO text without an offset (sortable), PostgreSQL as `timestamptz`. Results are always
    aware datetimes in UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDateTimeError(f"refusing to store naive datetime {value.isoformat()}")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    @staticmethod
    def sqlite_text(value: datetime) -> str:
        """What `process_bind_param` and SQLite's DATETIME processing store for `value`, in
        one step (`store.bulk` writes thousands of rows with it)."""
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, not {type(value).__name__}")
        offset = value.utcoffset()
        if offset is None:
            raise NaiveDateTimeError(f"refusing to store naive datetime {value.isoformat()}")
        if offset:
            value -= offset  # what astimezone(UTC) does, without a new aware datetime
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def to_minor(money: Money) -> int:
    """`money` as an integer count of its currency's minor units."""
    return money.in_minor_units


def money(minor: int, currency: str) -> Money:
    """The Money for `minor` units of `currency` (`Money.of_minor_units`)."""
    return Money.of_minor_units(minor, currency)


def status_enum() -> Enum:
    return Enum(
        OrderStatus,
        name="order_status",
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda statuses: [s.value for s in statuses],
        validate_strings=True,
    )


NON_FINAL_VALUES: Final = tuple(sorted(s.value for s in NON_FINAL_STATUSES))
NON_FINAL_PREDICATE: Final = "status IN ({})".format(", ".join(f"'{v}'" for v in NON_FINAL_VALUES))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012 - SQLAlchemy API
