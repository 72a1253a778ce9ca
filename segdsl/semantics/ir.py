"""The checked program: names resolved, types known, metrics and segments linked.

This is the meeting point of the back ends: the SQL compiler lowers it to sqlglot trees and the
reference evaluator interprets it directly (docs/semantics.md). It stays close to the
language (age comparisons stay age comparisons) so that the evaluator does not inherit the
compiler's rewrites. Nodes carry the span of the source they came from; spans do not take part in
equality, so structurally equal aggregates are shared.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Literal, TypeAlias, TypeVar, cast, get_args

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError, Span
from segdsl.semantics import types as t
from segdsl.semantics.calendar import Period
from segdsl.syntax import lexicon


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
    unit: lexicon.DurationUnit
    span: Span | None = _span()

    type = t.DURATION

    @property
    def is_calendar(self) -> bool:
        return self.unit in lexicon.MONTHS_PER_UNIT

    def seconds(self) -> int:
        """The length of a duration of fixed length."""
        return self.amount * lexicon.SECONDS_PER_UNIT[self.unit]

    def months(self) -> int:
        """The length of a calendar duration, in months."""
        return self.amount * lexicon.MONTHS_PER_UNIT[self.unit]


# Every date and timestamp lies in the years 1 to 9999 (Python's range, and SQL's).
_LONGEST_SPAN = dt.datetime.max - dt.datetime.min
_Instant = TypeVar("_Instant", dt.date, dt.datetime)


def longer_than_every_date_range(duration: DurationConst) -> bool:
    """Whether `duration` moves every date out of the years 1 to 9999, whatever the instant."""
    if duration.is_calendar:
        return duration.months() >= 9999 * 12
    return duration.seconds() > _LONGEST_SPAN.total_seconds()


def shift(instant: _Instant, sign: int, duration: DurationConst) -> _Instant:
    """Calendar-aware `instant ± duration`: months and years clamp to the end of the month, as
    PostgreSQL and DuckDB do (2024-03-31 − 1mo = 2024-02-29). A result outside the years 1 to
    9999 is an error (E225) located at the duration."""
    try:
        if duration.is_calendar:
            months = duration.months() * sign
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


AggFunc: TypeAlias = lexicon.Aggregate
EventAggFunc: TypeAlias = Literal[AggFunc, lexicon.EventAggregate, "count_distinct"]
"""The aggregates over one customer's events; `count(distinct …)` is "count_distinct"."""

EMPTY_VALUE: dict[EventAggFunc, int | None] = {
    "count": 0,
    "sum": 0,
    "avg": None,
    "min": None,
    "max": None,
    "count_distinct": 0,
    "active_days": 0,
    "first": None,
    "last": None,
    "most_frequent": None,
}
"""Each aggregate's value over no rows (no events, no customers): the counts and sum are 0;
avg, min, max and the value traits (first, last, most_frequent) are missing."""
COUNTS: tuple[EventAggFunc, ...] = ("count", "count_distinct", "active_days")
"""The aggregates that count rows, days or values: 0 over none, never negative."""


@dataclass(frozen=True, slots=True)
class Agg:
    """An aggregate over one customer's events: `count(orders where …)`, `max(email.ts)`,
    `last(orders.category)`; over none, EMPTY_VALUE. `active_days` has the stream's time field
    as its argument and counts days on the clocks of `customer_zone`, the attribute holding the
    customer's own zone, where the schema has one (the schema's zone where it is missing)."""

    func: EventAggFunc
    stream: str
    argument: Field | None
    where: Cond | None
    type: t.Type
    span: Span | None = _span()
    customer_zone: Attr | None = None


@dataclass(frozen=True, slots=True)
class PopulationAgg:
    """An aggregate over all customers of a customer-level value: `avg(total_spent)`,
    `count(customers where purchases > 0)`; over no customers, EMPTY_VALUE. Missing values
    are ignored."""

    func: AggFunc
    argument: Value | None
    where: Cond | None
    type: t.Type
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Arith:
    op: lexicon.ArithOp
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
    name: lexicon.ScalarFunction
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


SPLIT_BUCKETS = 2**32
"""A split has this many buckets: a customer's bucket is the first 32 bits of a digest."""


def split_bucket(salt: str, key: object) -> int:
    """The bucket of the customer with this key in the split named `salt`: the first 8 hex
    digits of the MD5 digest of `salt:key` (UTF-8, an integer key in decimal), as an integer
    (docs/semantics.md, "Random splits")."""
    return md5_bucket(f"{salt}:{key}")


def md5_bucket(text: str) -> int:
    """The first 32 bits of the MD5 digest of `text` (UTF-8), big-endian."""
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:4], "big")


@dataclass(frozen=True, slots=True)
class Split:
    """`split("spring24")`: the customer's place in the split, in percent: the bucket
    (`split_bucket`) × 100 / SPLIT_BUCKETS, from 0 up to (not including) 100. The checker lets
    it be compared with a percentage (a decimal constant) only."""

    salt: str
    span: Span | None = _span()

    type = t.DECIMAL


@dataclass(frozen=True, slots=True)
class CondValue:
    """A condition used as a bool value (`(a > 1) = true`); never missing."""

    cond: Cond
    span: Span | None = _span()

    type = t.BOOL


@dataclass(frozen=True, slots=True)
class DatePart:
    """`month(t)`, `day(t)`, `weekday(t)` (1 = Monday), `hour(t)`: a part of the local date or
    time of `t` in `zone` (docs/semantics.md, "Date parts")."""

    part: lexicon.DatePart
    argument: Value
    zone: str
    span: Span | None = _span()
    customer_zone: Attr | None = None  # the customer's own zone, `zone` where it is missing

    type = t.INT


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
    | Split
    | DatePart
)

CompareOp: TypeAlias = lexicon.CompareOp


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
    `t < 30d` ⇔ `t > as_of − 30d` (docs/semantics.md)."""

    op: lexicon.OrderOp
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


@dataclass(frozen=True, slots=True)
class InPeriod:
    """`t in this month`: `t` is present and its local date in `zone` is a day of the period
    (and, for `to date`, `t` is not after the as-of instant)."""

    operand: Value
    period: Period
    zone: str
    span: Span | None = _span()
    customer_zone: Attr | None = None  # the customer's own zone, `zone` where it is missing


@dataclass(frozen=True, slots=True)
class Regular:
    """`count(orders) >= 1 in 3 of last 4 weeks`: `count` (over every period) reaches
    `at_least` in at least `times` of `periods` periods, each on its own (docs/semantics.md,
    "Regular activity"): calendar periods of `unit` before the current one on the clocks of
    `zone`, or rolling ones of `length` back from the as-of instant. `per_period` is the same
    condition in each period, the newest first: `count` with the stream's `time` in the period
    added to its filter."""

    count: Agg
    at_least: int
    times: int
    periods: int
    unit: lexicon.CalendarUnit | None
    length: DurationConst | None
    zone: str
    time: Field
    per_period: tuple[Compare, ...]
    span: Span | None = _span()
    customer_zone: Attr | None = None  # the customer's own zone, `zone` where it is missing


@dataclass(frozen=True, slots=True)
class Events:
    """The events of a stream for which `where` holds (all of them without it): a part of a
    sequence."""

    stream: str
    where: Cond | None
    span: Span | None = _span()


@dataclass(frozen=True, slots=True)
class Sequence:
    """`first then [no] then_ within window [without between]` (docs/semantics.md,
    "Sequences"). A first event `a` is followed when an event of `then` lies strictly after it
    and strictly before `a + window`, with no event of `without` strictly between the two.
    Holds when some first event is followed; `negated`: when some first event whose window
    has closed (`a + window <= as_of`) is not. `window` None: open-ended (`first then no then
    since`, always negated), when some first event has no event of `then` at or after it up to
    the as-of instant, that is when the latest first event has none."""

    first: Events
    then: Events
    negated: bool
    window: DurationConst | None
    without: Events | None
    span: Span | None = _span()

    @property
    def parts(self) -> tuple[Events, ...]:
        """The first events, the following ones and those that may not come between."""
        return (
            (self.first, self.then)
            if self.without is None
            else (
                self.first,
                self.then,
                self.without,
            )
        )


@dataclass(frozen=True, slots=True)
class Anniversary:
    """`anniversary(t) in next 7 days`: `t` is present and an anniversary of its local date in
    `zone` (its month and day in a later year, 29 February on 28 February in a year without
    one) is a day of the period."""

    operand: Value
    period: Period
    zone: str
    span: Span | None = _span()
    customer_zone: Attr | None = None  # the customer's own zone, `zone` where it is missing


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
    | InPeriod
    | Regular
    | Sequence
    | Anniversary
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
            if isinstance(node, Agg) and node.customer_zone is not None:
                yield node.customer_zone
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
        case DatePart(argument=argument, customer_zone=zone):
            yield argument
            if zone is not None:
                yield zone
        case (
            InPeriod(operand=operand, customer_zone=zone)
            | Anniversary(operand=operand, customer_zone=zone)
        ):
            yield operand
            if zone is not None:
                yield zone
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
        case Regular(per_period=per_period):
            # The conditions the SQL computes; `count` is their description.
            yield from per_period
        case SegmentRef(body=body):
            yield body
        case Sequence():
            for events in node.parts:
                if events.where is not None:
                    yield events.where
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


def anchors(agg: Agg) -> list[Attr | MetricRef]:
    """The customer's own values an aggregate's filter compares its events with (`signup_at`
    in `count(orders where created_at < signup_at + 30d)`), each once, outermost first: one
    value per customer, the same for every event (docs/semantics.md, "Customer-anchored
    windows"), and the attribute holding the customer's zone when `active_days` counts days on
    its clocks."""
    found = customer_values(agg.where)
    if agg.customer_zone is not None and agg.customer_zone not in found:
        found.append(agg.customer_zone)
    return found


def customer_values(where: Cond | None) -> list[Attr | MetricRef]:
    """The customer's attributes and metrics that an event filter reads, each once, outermost
    first."""
    found: dict[Attr | MetricRef, None] = {}
    stack: list[Node] = [] if where is None else [where]
    while stack:
        current = stack.pop()
        if isinstance(current, Attr | MetricRef):
            found.setdefault(current)
            continue
        stack.extend(reversed(list(children(current))))
    return list(found)


def nullable(value: Value) -> bool:
    """Whether a value can be missing for some customer (or event row)."""
    match value:
        case Const() | DurationConst() | Now() | CondValue() | Split():
            return False
        case Attr(nullable=n):
            return n
        case Field():
            return True
        case Agg(func=func) | PopulationAgg(func=func):
            return EMPTY_VALUE[func] is None
        case Arith(op="/"):
            return True  # division by zero is missing
        case Arith(left=left, right=right):
            return nullable(left) or nullable(right)
        case (
            Negate(operand=operand)
            | Func(argument=operand)
            | Shift(base=operand)
            | DatePart(argument=operand)
        ):
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
