"""The syntax tree: immutable, one node per construct, every node with its source span.

Spans are excluded from equality so that two programs that differ only in layout compare equal
(the formatter's round-trip property relies on this).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, TypeAlias

from .diagnostics import Source, Span


def _span() -> Span:
    return field(compare=False, repr=False)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class IntLit:
    value: int
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class DecimalLit:
    value: Decimal
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class StringLit:
    value: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class BoolLit:
    value: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class DateLit:
    value: dt.date
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TimestampLit:
    value: dt.datetime
    span: Span = _span()


DurationUnit: TypeAlias = Literal["h", "d", "w", "mo", "y"]


@dataclass(frozen=True, slots=True)
class DurationLit:
    amount: int
    unit: DurationUnit
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class NowLit:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ListLit:
    items: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Name:
    """A bare name: attribute, metric, segment, partition, named set or (inside an aggregate's
    `where`) a field of the event stream."""

    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class FieldOf:
    """`stream.field`, e.g. `orders.amount`."""

    stream: str
    name: str
    stream_span: Span = _span()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Call:
    """A function call. Aggregates take an event stream (`count(orders)`) or one of its fields
    (`sum(orders.amount)`) and an optional `where` filter."""

    func: str
    args: tuple[Expr, ...]
    where: Expr | None
    func_span: Span = _span()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Expr
    span: Span = _span()


ArithOp: TypeAlias = Literal["+", "-", "*", "/"]


@dataclass(frozen=True, slots=True)
class Arith:
    op: ArithOp
    left: Expr
    right: Expr
    span: Span = _span()


CompareOp: TypeAlias = Literal["=", "!=", "<", "<=", ">", ">="]


@dataclass(frozen=True, slots=True)
class Compare:
    op: CompareOp
    left: Expr
    right: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class In:
    operand: Expr
    collection: Expr
    negated: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Between:
    operand: Expr
    low: Expr
    high: Expr
    negated: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class IsMissing:
    """`x is missing` (negated: `x is present`)."""

    operand: Expr
    negated: bool
    span: Span = _span()


MatchOp: TypeAlias = Literal["contains", "starts with", "ends with"]


@dataclass(frozen=True, slots=True)
class StringMatch:
    op: MatchOp
    operand: Expr
    pattern: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class BoolOp:
    """`a and b and c` / `a or b`: operands of one operator, flattened."""

    op: Literal["and", "or"]
    operands: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Group:
    """Explicit parentheses, kept so the formatter and linter see what the author wrote."""

    inner: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TopPercent:
    """`top 10% by spend_365d` / `bottom 20% by last_order`: rank among customers whose value is
    present, by cumulative distribution; a tie group is entirely in or entirely out."""

    direction: Literal["top", "bottom"]
    percent: Expr
    key: Expr
    span: Span = _span()


Expr: TypeAlias = (
    IntLit
    | DecimalLit
    | StringLit
    | BoolLit
    | DateLit
    | TimestampLit
    | DurationLit
    | NowLit
    | ListLit
    | Name
    | FieldOf
    | Call
    | Negate
    | Arith
    | Compare
    | In
    | Between
    | IsMissing
    | StringMatch
    | Not
    | BoolOp
    | Group
    | TopPercent
)


@dataclass(frozen=True, slots=True)
class SegmentDef:
    name: str
    description: str | None
    body: Expr
    name_span: Span = _span()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Comment:
    text: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class PartitionArm:
    label: str
    condition: Expr
    label_span: Span = _span()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class PartitionDef:
    """An ordered list of labelled conditions, first match wins; a string-valued field."""

    name: str
    description: str | None
    arms: tuple[PartitionArm, ...]
    otherwise: str
    name_span: Span = _span()
    otherwise_span: Span = _span()
    span: Span = _span()


Definition: TypeAlias = SegmentDef | PartitionDef


@dataclass(frozen=True, slots=True)
class Module:
    """A parsed segment file (or a single `-e` expression wrapped as an anonymous module)."""

    definitions: tuple[Definition, ...]
    comments: tuple[Comment, ...]
    source: Source = field(compare=False, repr=False)


def unwrap(expr: Expr) -> Expr:
    """The expression inside any number of parentheses."""
    while isinstance(expr, Group):
        expr = expr.inner
    return expr


def children(expr: Expr) -> Iterator[Expr]:
    """Direct sub-expressions, for generic walks (limits, linting)."""
    match expr:
        case ListLit(items=items):
            yield from items
        case Call(args=args, where=where):
            yield from args
            if where is not None:
                yield where
        case Negate(operand=operand) | IsMissing(operand=operand) | Not(operand=operand):
            yield operand
        case Arith(left=left, right=right) | Compare(left=left, right=right):
            yield left
            yield right
        case In(operand=operand, collection=collection):
            yield operand
            yield collection
        case Between(operand=operand, low=low, high=high):
            yield operand
            yield low
            yield high
        case StringMatch(operand=operand, pattern=pattern):
            yield operand
            yield pattern
        case BoolOp(operands=operands):
            yield from operands
        case Group(inner=inner):
            yield inner
        case TopPercent(percent=percent, key=key):
            yield percent
            yield key
        case _:
            return


def definition_exprs(definition: Definition) -> list[Expr]:
    """The conditions of a definition: a segment's body, a partition's arms."""
    if isinstance(definition, SegmentDef):
        return [definition.body]
    return [arm.condition for arm in definition.arms]
