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

from segdsl.diagnostics import Source, Span
from segdsl.syntax import lexicon


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


DurationUnit: TypeAlias = lexicon.DurationUnit


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


ArithOp: TypeAlias = lexicon.ArithOp


@dataclass(frozen=True, slots=True)
class Arith:
    op: ArithOp
    left: Expr
    right: Expr
    span: Span = _span()


CompareOp: TypeAlias = lexicon.CompareOp


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


@dataclass(frozen=True, slots=True)
class Percentage:
    """`10%`, `12.5%`: a share of the customers, compared with a split (the number is a
    literal: the checker says so otherwise)."""

    number: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Distinct:
    """`distinct orders.category`, the argument of `count(distinct …)`: its distinct values."""

    operand: Expr
    span: Span = _span()


PeriodRelation: TypeAlias = Literal["this", "last", "next", "to date", "named"]


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar period after `in`: `this month`, `today` (this day), `yesterday` (last day),
    `last 3 weeks` or `next 7 days` (`count` as written, None for `last week`, `next week`),
    `year to date`, or the named month
    `2026-03` (`start`, its first day). A named year or day is an `In` of a literal."""

    relation: PeriodRelation
    unit: lexicon.CalendarUnit
    count: int | None
    start: dt.date | None
    span: Span = _span()

    @property
    def written(self) -> str:
        """The period as the formatter writes it."""
        if self.start is not None:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.relation == "to date":
            return f"{self.unit} to {lexicon.TO_DATE}"
        if self.unit == "day" and self.count is None:
            return "today" if self.relation == "this" else "yesterday"
        if self.count is None:
            return f"{self.relation} {self.unit}"
        return f"{self.relation} {self.count} {lexicon.unit_words(self.unit, self.count)}"


@dataclass(frozen=True, slots=True)
class InPeriod:
    """`t in this month` / `t not in last 3 weeks`."""

    operand: Expr
    period: Period
    negated: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class RegularPeriods:
    """The periods of regular activity: `last 4 weeks` (the whole calendar periods before the
    current one, `unit`) or `last 4 periods of 7d` (rolling ones back from the as-of instant,
    `length`)."""

    count: int
    unit: lexicon.CalendarUnit | None
    length: DurationLit | None
    span: Span = _span()

    @property
    def written(self) -> str:
        """The periods as the formatter writes them."""
        if self.length is None:
            assert self.unit is not None
            return f"last {self.count} {lexicon.unit_words(self.unit, self.count)}"
        word = lexicon.ROLLING_PERIODS if self.count != 1 else lexicon.ROLLING_PERIODS[:-1]
        return f"last {self.count} {word} of {self.length.amount}{self.length.unit}"


@dataclass(frozen=True, slots=True)
class Regular:
    """`count(orders) >= 1 in 3 of last 4 weeks`: the comparison holds in at least `times` of
    the periods, each period on its own (docs/semantics.md, "Regular activity")."""

    condition: Compare
    times: int
    periods: RegularPeriods
    times_span: Span = _span()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Events:
    """The events of a stream that pass a filter, a part of a sequence: `orders where category =
    "shoes"`; every event of the stream without one (`where` None)."""

    stream: str
    where: Expr | None
    stream_span: Span = _span()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Sequence:
    """`first then [no] then_ within window [without between]` (docs/semantics.md,
    "Sequences"): some first event followed by an event of `then_` within the window, or
    (`negated`) some first event whose whole window has passed without one. `window` None:
    open-ended, `first then no then_ since`: some first event with no event of `then_` at or
    after it."""

    first: Events
    then: Events
    negated: bool
    window: DurationLit | None
    without: Events | None
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
    | Percentage
    | Distinct
    | InPeriod
    | Regular
    | Sequence
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
        case (
            Negate(operand=operand)
            | IsMissing(operand=operand)
            | Not(operand=operand)
            | Distinct(operand=operand)
            | Percentage(number=operand)
            | InPeriod(operand=operand)
        ):
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
        case Regular(condition=condition):
            yield condition
        case Sequence(first=first, then=then, window=window, without=without):
            for events in (first, then, without):
                if events is not None and events.where is not None:
                    yield events.where
            if window is not None:
                yield window
        case _:
            return


def definition_exprs(definition: Definition) -> list[Expr]:
    """The conditions of a definition: a segment's body, a partition's arms."""
    if isinstance(definition, SegmentDef):
        return [definition.body]
    return [arm.condition for arm in definition.arms]
