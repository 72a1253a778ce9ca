"""The language's value types."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal


class Kind(enum.StrEnum):
    INT = "int"
    DECIMAL = "decimal"
    STRING = "string"
    BOOL = "bool"
    DATE = "date"
    TIMESTAMP = "timestamp"
    DURATION = "duration"
    ENUM = "enum"


@dataclass(frozen=True)
class Type:
    kind: Kind
    # Closed value set of an enum (or the labels of a partition).
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind is Kind.ENUM:
            return "enum(" + ", ".join(self.values) + ")"
        return self.kind.value

    @property
    def is_numeric(self) -> bool:
        return self.kind in (Kind.INT, Kind.DECIMAL)

    @property
    def is_textual(self) -> bool:
        return self.kind in (Kind.STRING, Kind.ENUM)

    @property
    def is_temporal(self) -> bool:
        return self.kind in (Kind.DATE, Kind.TIMESTAMP)


INT = Type(Kind.INT)
DECIMAL = Type(Kind.DECIMAL)
STRING = Type(Kind.STRING)
BOOL = Type(Kind.BOOL)
DATE = Type(Kind.DATE)
TIMESTAMP = Type(Kind.TIMESTAMP)
DURATION = Type(Kind.DURATION)


def enum_type(values: tuple[str, ...]) -> Type:
    return Type(Kind.ENUM, values=values)


SCALAR_TYPE_NAMES: dict[str, Type] = {
    "int": INT,
    "integer": INT,
    "bigint": INT,
    "decimal": DECIMAL,
    "number": DECIMAL,
    "numeric": DECIMAL,
    "float": DECIMAL,
    "string": STRING,
    "text": STRING,
    "bool": BOOL,
    "boolean": BOOL,
    "date": DATE,
    "timestamp": TIMESTAMP,
    "datetime": TIMESTAMP,
}


def utc_instant(value: dt.datetime) -> dt.datetime:
    """A timestamp value as the language holds it: a naive UTC instant. An aware datetime is
    converted to UTC; a naive one already is UTC (docs/semantics.md, "As of")."""
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def comparable(a: Type, b: Type) -> bool:
    """Whether `a = b` is meaningful (same family of values)."""
    if a.is_numeric and b.is_numeric:
        return True
    if a.is_textual and b.is_textual:
        return True
    if a.is_temporal and b.is_temporal:
        return True
    return a.kind == b.kind and a.kind in (Kind.BOOL, Kind.DURATION)


def ordered(t: Type) -> bool:
    """Whether `<` is meaningful: strings are excluded because engines order them by different
    collations, which would make results engine-dependent."""
    return t.is_numeric or t.is_temporal or t.kind is Kind.DURATION


# Integers are 64-bit on every engine; 18 digits is the widest decimal every engine holds
# exactly next to its own decimal columns (DuckDB's DECIMAL(38, s) leaves 38 - s digits).
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
DECIMAL_DIGITS = 18


def int_in_range(value: int) -> bool:
    return INT_MIN <= value <= INT_MAX


def decimal_digits(value: Decimal) -> int:
    """The digits a decimal needs, before and after the point (0.05 needs 2, 120 needs 3)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int), "literals are finite"
    return max(len(digits) + exponent, 0) + max(-exponent, 0)


def numeric_result(a: Type, b: Type) -> Type:
    return INT if a.kind is Kind.INT and b.kind is Kind.INT else DECIMAL
