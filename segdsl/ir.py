"""The checked program: names resolved, types known, metrics and segments linked.

This is the meeting point of the back ends: the SQL compiler lowers it to sqlglot trees and the
reference evaluator interprets it directly with the brief's semantics. It stays close to the
language (age comparisons stay age comparisons) so that the evaluator does not inherit the
compiler's rewrites. Nodes carry the span of the source they came from; spans do not take part in
equality, so structurally equal aggregates are shared.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Literal, TypeAlias, TypeVar, cast, get_args

from . import errors
from . import types as t
from .diagnostics import Diagnostic, SegdslError, Span


def _span() -> Span | None:
    return field(default=None, compare=False, repr=False)


ConstValue: TypeAlias = int | Decimal | str | bool | dt.date | dt.datetime


@dataclass(frozen=True, slots=True)
class Const:
    value: ConstValue
    type: t.Type
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class DurationConst:
    amount: int
    unit: Literal["h", "d", "w", "mo", "y"]
    span: Span | None = _span()

    type = t.DURATION

    @property
    def is_calendar(self) -> bool:
        return self.unit in ("mo", "y")

    def seconds(self) -> int:
        per = {"h": 3600, "d": 86400, "w": 604800}
        return self.amount * per[self.unit]


# Every date and timestamp lies in the years 1 to 9999 (Python's range, and SQL's).
_LONGEST_SPAN = dt.datetime.max - dt.datetime.min
_Instant = TypeVar("_Instant", dt.date, dt.datetime)


def longer_than_every_date_range(duration: DurationConst) -> bool:
    """Whether `duration` moves every date out of the years 1 to 9999, whatever the instant."""
    if duration.is_calendar:
        return duration.amount * (12 if duration.unit == "y" else 1) >= 9999 * 12
    return duration.seconds() > _LONGEST_SPAN.total_seconds()


def shift(instant: _Instant, sign: int, duration: DurationConst) -> _Instant:
    """Calendar-aware `instant ± duration`: months and years clamp to the end of the month, as
    PostgreSQL and DuckDB do (2024-03-31 − 1mo = 2024-02-29). A result outside the years 1 to
    9999 is an error (E225) located at the duration."""
    try:
        if duration.is_calendar:
            months = duration.amount * (12 if duration.unit == "y" else 1) * sign
            year, month0 = divmod(instant.year * 12 + instant.month - 1 + months, 12)
            day = min(instant.day, calendar.monthrange(year, month0 + 1)[1])
            return instant.replace(year=year, month=month0 + 1, day=day)
        return instant + sign * dt.timedelta(seconds=duration.seconds())
    except (ValueError, OverflowError, calendar.IllegalMonthError):
        raise SegdslError(
            [
                Diagnostic(
                    errors.E225,
                    f"{instant.isoformat()} {'+' if sign > 0 else '-'} "
                    f"{duration.amount}{duration.unit} is outside the range of dates "
                    "(the years 1 to 9999)",
                    duration.span,
                    hints=("use a shorter duration, or another --as-of instant",),
                )
            ]
        ) from None


@dataclass(frozen=True, slots=True)
class Now:
    """The as-of instant."""

    span: Span | None = _span()

    type = t.TIMESTAMP


@dataclass(frozen=True, slots=True)
class Attr:
    """A column of the entity table."""

    name: str
    column: str
    type: t.Type
    nullable: bool = True
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Field:
    """A column of an event table (only inside an aggregate's filter or argument)."""

    stream: str
    name: str
    column: str
    type: t.Type
    span: Span | None = _span()


AggFunc: TypeAlias = Literal["count", "sum", "avg", "min", "max"]


@dataclass(frozen=True, slots=True)
class Agg:
    """An aggregate over one customer's events: `count(orders where …)`, `max(email.ts)`.
    count and sum over no rows are 0; avg, min and max over no rows are missing."""

    func: AggFunc
    stream: str
    argument: Field | None
    where: Cond | None
    type: t.Type
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class PopulationAgg:
    """An aggregate over all customers of a customer-level value: `avg(total_spent)`,
    `count(customers where purchases > 0)`. Like event aggregates, count and sum over no
    customers are 0, and avg, min and max are missing; missing values are ignored."""

    func: AggFunc
    argument: Value | None
    where: Cond | None
    type: t.Type
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Arith:
    op: Literal["+", "-", "*", "/"]
    left: Value
    right: Value
    type: t.Type
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Value
    type: t.Type
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Shift:
    """A timestamp moved by a duration: `now - 30d`, `last_cart_add + 1d` (calendar-aware)."""

    base: Value
    sign: Literal[1, -1]
    duration: DurationConst
    type: t.Type
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Func:
    name: Literal["lower", "upper", "length", "abs"]
    argument: Value
    type: t.Type
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class MetricRef:
    name: str
    body: Value
    type: t.Type
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class PartitionRef:
    """A partition used as a value: the label of the first arm whose condition holds."""

    name: str
    arms: tuple[tuple[str, Cond], ...]
    otherwise: str
    type: t.Type
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class CondValue:
    """A condition used as a bool value (`(a > 1) = true`); never missing."""

    cond: Cond
    span: Span | None = _span()

    type = t.BOOL


Value: TypeAlias = (
    Const
    | DurationConst
    | Now
    | Attr
    | Field
    | Agg
    | PopulationAgg
    | Arith
    | Negate
    | Shift
    | Func
    | MetricRef
    | PartitionRef
    | CondValue
)

CompareOp: TypeAlias = Literal["=", "!=", "<", "<=", ">", ">="]


@dataclass(frozen=True, slots=True)
class Compare:
    """Both sides present and the comparison holds; otherwise false."""

    op: CompareOp
    left: Value
    right: Value
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class AgeCompare:
    """A timestamp compared with a duration compares its age at the as-of instant:
    `t < 30d` ⇔ `t > as_of − 30d` (BRIEF §2)."""

    op: Literal["<", "<=", ">", ">="]
    value: Value
    duration: DurationConst
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class InSet:
    operand: Value
    values: tuple[ConstValue, ...]
    set_name: str | None = None
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class IsMissing:
    operand: Value
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Match:
    op: Literal["contains", "starts with", "ends with"]
    operand: Value
    pattern: Value
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Truth:
    """A bool value used as a condition: true only when the value is present and true."""

    operand: Value
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Not:
    operand: Cond
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Cond, ...]
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Cond, ...]
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Literal_:
    """`true` / `false` as a whole condition."""

    value: bool
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class TopPercent:
    """Among customers whose `key` is present, those whose cumulative distribution (descending
    for top, ascending for bottom) is within `fraction`; a tie group is entirely in or out."""

    direction: Literal["top", "bottom"]
    fraction: Decimal
    key: Value
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class SegmentRef:
    name: str
    body: Cond
    span: Span | None = _span()


Cond: TypeAlias = (
    Compare
    | AgeCompare
    | InSet
    | IsMissing
    | Match
    | Truth
    | Not
    | And
    | Or
    | Literal_
    | TopPercent
    | SegmentRef
)
Node: TypeAlias = Value | Cond
COND_TYPES: tuple[type, ...] = get_args(Cond)
NODE_TYPES: tuple[type, ...] = (*get_args(Value), *COND_TYPES)


def children(node: Node) -> Iterator[Node]:
    """Direct sub-nodes, for generic walks (aggregate collection, linting)."""
    match node:
        case Agg(argument=argument, where=where) | PopulationAgg(argument=argument, where=where):
            if argument is not None:
                yield argument
            if where is not None:
                yield where
        case Arith(left=left, right=right) | Compare(left=left, right=right):
            yield left
            yield right
        case (
            Negate(operand=operand)
            | InSet(operand=operand)
            | IsMissing(operand=operand)
            | Truth(operand=operand)
            | Not(operand=operand)
        ):
            yield operand
        case Shift(base=base):
            yield base
        case Func(argument=argument):
            yield argument
        case MetricRef(body=body):
            yield body
        case PartitionRef(arms=arms):
            for _, cond in arms:
                yield cond
        case CondValue(cond=cond):
            yield cond
        case AgeCompare(value=value):
            yield value
        case Match(operand=operand, pattern=pattern):
            yield operand
            yield pattern
        case And(operands=operands) | Or(operands=operands):
            yield from operands
        case TopPercent(key=key):
            yield key
        case SegmentRef(body=body):
            yield body
        case _:
            return


def substitute(node: Node, replace: Callable[[Node], Node | None]) -> Node:
    """A copy of `node` in which every sub-node for which `replace` returns a node is replaced
    by it (outermost first; a replaced node is not searched further)."""
    found = replace(node)
    if found is not None:
        return found
    changes: dict[str, object] = {}
    for item in fields(node):
        current = getattr(node, item.name)
        updated = _substitute_in(current, replace)
        if updated is not current:
            changes[item.name] = updated
    return dataclasses.replace(node, **changes) if changes else node  # type: ignore[arg-type]


def _substitute_in(value: object, replace: Callable[[Node], Node | None]) -> object:
    if isinstance(value, tuple):
        items = [_substitute_in(item, replace) for item in value]
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return tuple(items) if changed else value
    if isinstance(value, NODE_TYPES):
        return substitute(cast(Node, value), replace)
    return value


def walk(node: Node) -> Iterator[Node]:
    """Pre-order walk of a node and everything below it."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))


def nullable(value: Value) -> bool:
    """Whether a value can be missing for some customer (or event row)."""
    match value:
        case Const() | DurationConst() | Now() | CondValue():
            return False
        case Attr(nullable=n):
            return n
        case Field():
            return True
        case Agg(func=func) | PopulationAgg(func=func):
            return func not in ("count", "sum")
        case Arith(op="/"):
            return True  # division by zero is missing
        case Arith(left=left, right=right):
            return nullable(left) or nullable(right)
        case Negate(operand=operand) | Func(argument=operand) | Shift(base=operand):
            return nullable(operand)
        case MetricRef(body=body):
            return nullable(body)
        case PartitionRef():
            return False
    raise AssertionError(value)


@dataclass(frozen=True)
class CheckedSegment:
    name: str
    description: str | None
    condition: Cond
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CheckedPartition:
    name: str
    description: str | None
    value: PartitionRef
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CheckedModule:
    segments: dict[str, CheckedSegment]
    partitions: dict[str, CheckedPartition]
