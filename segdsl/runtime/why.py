"""Why one customer is (or is not) in a segment: the segment's condition as a tree, with the truth
of every condition and the value of every operand for that customer at the as-of instant, from
one query (segdsl/sql/why.py). Rendered for people and programs by segdsl/runtime/why_render.py.

Every node means what docs/semantics.md says: a comparison with a missing value is false, and
the value shows as missing (None).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError, Source, Span
from segdsl.runtime.engines import Database
from segdsl.semantics import ir
from segdsl.semantics import types as t
from segdsl.semantics.schema import Schema
from segdsl.semantics.unparse import unparse
from segdsl.sql.dialects import DIALECTS
from segdsl.sql.why import Columns, since_query, why_query
from segdsl.syntax.lexicon import MIRROR

Key = int | str


Target = ir.Cond | ir.PartitionRef

_KINDS: dict[type, str] = {
    ir.And: "and",
    ir.Or: "or",
    ir.Not: "not",
    ir.SegmentRef: "segment",
    ir.Compare: "compare",
    ir.AgeCompare: "age",
    ir.InSet: "in",
    ir.IsMissing: "missing",
    ir.Match: "match",
    ir.Truth: "truth",
    ir.Literal_: "literal",
    ir.TopPercent: "rank",
    ir.InPeriod: "period",
    ir.Regular: "regular",
    ir.Sequence: "sequence",
    ir.Anniversary: "period",
}


@dataclass(frozen=True)
class Bound:
    """A time bound as an instant: `last_open < 30d` as of 2026-11-01 is
    `last_open > 2026-10-02 00:00:00`."""

    expression: str
    op: str
    instant: dt.datetime


@dataclass(frozen=True)
class Ranking:
    """Where the customer stands in a `top N%` / `bottom N%` ranking."""

    direction: str
    """top (ranked by the value descending) or bottom (ascending)."""
    within: Decimal
    """The fraction the condition admits (0.1 for 10%)."""
    ranked: int
    """How many customers are ranked (those whose value is present)."""
    at_or_before: int | None
    """How many ranked customers rank at or before this one, ties included; None: not ranked."""

    @property
    def share(self) -> float | None:
        """The customer's cumulative distribution, which the condition compares with `within`."""
        if self.at_or_before is None or not self.ranked:
            return None
        return self.at_or_before / self.ranked


@dataclass(frozen=True)
class Operand:
    """A value a condition uses, and what it is for this customer."""

    expression: str
    type: t.Type
    value: Any
    """A Python value (int, Decimal, float, str, bool, date, datetime, timedelta); None: missing."""
    node: ir.Value = field(compare=False, repr=False)
    population: bool = False
    """An aggregate over all customers (the same for every customer)."""
    window: tuple[Bound, ...] = ()
    """An aggregate's time window: the bounds its filter puts on the event's time."""
    operands: tuple[Operand, ...] = ()
    """The values this one is computed from."""
    arms: tuple[Arm, ...] = ()
    """A partition: its arms up to the one that matched (or all, then `otherwise`)."""
    reason: Reason | None = None
    """A condition used as a value: why it holds or not."""


@dataclass(frozen=True)
class Arm:
    """One arm of a partition: its label, and why its condition holds or not (None for
    `otherwise`, which matches when no arm does)."""

    label: str
    reason: Reason | None


@dataclass(frozen=True)
class Reason:
    """One node of the condition: whether it holds, and why."""

    condition: str
    holds: bool
    node: ir.Cond = field(compare=False, repr=False)
    operands: tuple[Operand, ...] = ()
    reasons: tuple[Reason, ...] = ()
    """The conditions below this one (of `and`, `or`, `not`, a named segment)."""
    segment: str | None = None
    """A reference to a segment: its name (its condition is the one reason below)."""
    bound: Bound | None = None
    """A comparison of a time with a duration: the instant it compares with."""
    ranking: Ranking | None = None

    @property
    def kind(self) -> str:
        """What the node is: and, or, not, segment, compare, age (a time against a duration),
        in, not in, missing, present, match, truth, literal, rank, period or not in period (a
        calendar period), regular (regular activity, with each period's condition below) or
        sequence."""
        match self.node:
            case ir.Not(operand=ir.InSet()):
                return "not in"
            case ir.Not(operand=ir.IsMissing()):
                return "present"
            case ir.Not(operand=ir.InPeriod() | ir.Anniversary()):
                return "not in period"
        return _KINDS[type(self.node)]


@dataclass(frozen=True)
class NotYet:
    """A customer who does not exist yet: their `since` attribute is after the as-of instant
    (docs/semantics.md, "Customers in time")."""

    attribute: str
    since: dt.datetime


@dataclass(frozen=True)
class Why:
    """Why a customer is or is not in a segment (`reason`), or has a partition's label
    (`partition`)."""

    customer: Key
    as_of: dt.datetime
    name: str
    """The segment or partition; `<expr>` for a condition given as text."""
    reason: Reason | None
    partition: Operand | None
    not_yet: NotYet | None = None
    """Set when the customer does not exist as of the instant (then no reason, no label)."""

    @property
    def member(self) -> bool | None:
        if self.not_yet is not None:
            return False
        return None if self.reason is None else self.reason.holds

    @property
    def label(self) -> str | None:
        return None if self.partition is None else self.partition.value


def explain(
    database: Database,
    schema: Schema,
    target: Target,
    name: str,
    customer: Key,
    as_of: dt.datetime | None = None,
    *,
    given_in: str = "customer",
) -> Why:
    """Why `customer` is or is not in `target` (a condition or a partition), from one query.
    `customer` is read as the key's type (`"42"` is 42 for an integer key); a key no customer
    has (E609) is located in its text, named `given_in` (`--customer`, `.why`)."""
    key_text = Source(given_in, str(customer))
    customer = _parse_key(key_text, schema)
    as_of = None if as_of is None else t.utc_instant(as_of)
    nodes = list(dict.fromkeys(customer_level(target)))
    conditions = [cast(ir.Cond, n) for n in nodes if isinstance(n, ir.COND_TYPES)]
    values = [
        cast(ir.Value, n)
        for n in nodes
        if not isinstance(n, ir.COND_TYPES) and not _constant(cast(ir.Value, n))
    ]
    rankings = [n for n in conditions if isinstance(n, ir.TopPercent)]
    dialect = DIALECTS[database.dialect]
    query, columns = why_query(
        schema, dialect, as_of, customer, conditions, [ir.Now(), *values], rankings
    )
    result = database.query(dialect.sql(query))
    rows = [tuple(row) for batch in result.batches for row in batch]
    if not rows:
        not_yet = _not_yet(database, schema, as_of, customer)
        if not_yet is None:
            raise _unknown_customer(schema, key_text, customer)
        return Why(customer, not_yet[0], name, None, None, not_yet[1])
    answers = _Answers(rows[0], columns)
    instant = as_of if as_of is not None else answers.value(ir.Now())
    builder = _Builder(answers, instant, _customers_word(schema))
    if isinstance(target, ir.PartitionRef):
        return Why(customer, instant, name, None, builder.operand(target))
    return Why(customer, instant, name, builder.reason(target), None)


def _not_yet(
    database: Database, schema: Schema, as_of: dt.datetime | None, customer: Key
) -> tuple[dt.datetime, NotYet] | None:
    """The instant and the customer's `since`, when the customer is in the entity table but does
    not exist yet; None when the table has no such customer."""
    if schema.since is None:
        return None
    dialect = DIALECTS[database.dialect]
    result = database.query(dialect.sql(since_query(schema, dialect, as_of, customer)))
    rows = [tuple(row) for batch in result.batches for row in batch]
    if not rows:
        return None
    since_type = schema.attributes[schema.since].type
    since, instant = engine_value(rows[0][0], since_type), engine_value(rows[0][1], t.TIMESTAMP)
    moment = since if isinstance(since, dt.datetime) else dt.datetime.combine(since, dt.time())
    return instant, NotYet(schema.since, moment)


def customer_level(root: ir.Node) -> Iterator[ir.Node]:
    """The nodes whose value for one customer the explanation shows: all but what an aggregate
    computes per event or over all customers (its argument and filter, a sequence's filters)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ir.Agg | ir.PopulationAgg | ir.Sequence):
            stack.extend(ir.children(node))


def _constant(node: ir.Value) -> bool:
    return isinstance(node, ir.Const | ir.DurationConst | ir.Now)


def _unknown_customer(schema: Schema, key: Source, value: Key, detail: str = "") -> SegdslError:
    return SegdslError(
        [
            Diagnostic(
                errors.E609,
                f"no customer has {schema.key} {value!r} in {schema.table}{detail}",
                Span(key, 0, len(key.text)),
                hints=(f"give the {schema.key} of a row of {schema.table}",),
            )
        ]
    )


def _parse_key(key: Source, schema: Schema) -> Key:
    """The key as the key's type: a whole number for an integer key."""
    if schema.attributes[schema.key].type.kind is t.Kind.INT:
        if re.fullmatch(r"\s*[+-]?\d+\s*", key.text) is None:
            raise _unknown_customer(schema, key, key.text, " (the key is a whole number)")
        return int(key.text)
    return key.text


def _customers_word(schema: Schema) -> str:
    """How `count(customers where …)` names the customers: the table, when it is a name."""
    return schema.table if schema.table.isidentifier() else schema.entity


class _Answers:
    """The row of the query, read as Python values."""

    def __init__(self, row: tuple[Any, ...], columns: Columns) -> None:
        self.row = row
        self.columns = columns

    def holds(self, node: ir.Cond) -> bool:
        return int(self.row[self.columns.conditions[node]]) == 1

    def value(self, node: ir.Value) -> Any:
        return engine_value(self.row[self.columns.values[node]], node.type)

    def ranking(self, node: ir.TopPercent) -> Ranking:
        share = self.row[self.columns.shares[node]]
        ranked = int(self.row[self.columns.ranked[node]])
        # The cumulative distribution is (ranked at or before) / ranked: a whole number apart
        # from the engine's floating point.
        at_or_before = None if share is None else round(float(share) * ranked)
        return Ranking(node.direction, node.fraction, ranked, at_or_before)


class _Builder:
    def __init__(self, answers: _Answers, as_of: dt.datetime, customers: str) -> None:
        self.answers = answers
        self.as_of = as_of
        self.customers = customers

    def text(self, node: ir.Node) -> str:
        return unparse(node, customers=self.customers)

    def reason(self, node: ir.Cond) -> Reason:
        holds = self.answers.holds(node)
        text = self.text(node)
        match node:
            case ir.And(operands=parts) | ir.Or(operands=parts):
                return Reason(text, holds, node, reasons=tuple(self.reason(p) for p in parts))
            case ir.Regular(per_period=per_period):
                reasons = tuple(self.reason(p) for p in per_period)
                return Reason(text, holds, node, reasons=reasons)
            case ir.Not(
                operand=ir.InSet() | ir.IsMissing() | ir.InPeriod() | ir.Anniversary() as inner
            ):
                # `x not in S`, `x is present`: one predicate as written.
                return Reason(text, holds, node, self._operands(inner))
            case ir.Not(operand=inner) | ir.SegmentRef(body=inner):
                segment = node.name if isinstance(node, ir.SegmentRef) else None
                return Reason(text, holds, node, reasons=(self.reason(inner),), segment=segment)
            case ir.AgeCompare():
                bound = self._bound(node)
                return Reason(text, holds, node, self._operands(node), bound=bound)
            case ir.TopPercent():
                ranking = self.answers.ranking(node)
                return Reason(text, holds, node, self._operands(node), ranking=ranking)
        return Reason(text, holds, node, self._operands(node))

    def _bound(self, node: ir.AgeCompare) -> Bound:
        """`t < 30d` ⇔ `t > as_of − 30d` (docs/semantics.md, Time): the sides swapped."""
        instant = ir.shift(self.as_of, -1, node.duration)
        return Bound(self.text(node.value), MIRROR[node.op], instant)

    def _operands(self, node: ir.Node) -> tuple[Operand, ...]:
        return tuple(
            self.operand(cast(ir.Value, child))
            for child in ir.children(node)
            if not isinstance(child, ir.COND_TYPES) and not _constant(cast(ir.Value, child))
        )

    def operand(self, node: ir.Value) -> Operand:
        value = self.answers.value(node)
        text = self.text(node)
        match node:
            case ir.Agg() | ir.MetricRef(body=ir.Agg()):
                aggregate = node if isinstance(node, ir.Agg) else cast(ir.Agg, node.body)
                return Operand(text, node.type, value, node, window=self._window(aggregate))
            case ir.PopulationAgg():
                return Operand(text, node.type, value, node, population=True)
            case ir.MetricRef(body=body):
                return Operand(text, node.type, value, node, operands=self._operands(body))
            case ir.PartitionRef(arms=arms, otherwise=otherwise):
                shown: list[Arm] = []
                for label, cond in arms:
                    reason = self.reason(cond)
                    shown.append(Arm(label, reason))
                    if reason.holds:
                        break
                else:
                    shown.append(Arm(otherwise, None))
                return Operand(text, node.type, value, node, arms=tuple(shown))
            case ir.CondValue(cond=cond):
                return Operand(text, node.type, value, node, reason=self.reason(cond))
        return Operand(text, node.type, value, node, operands=self._operands(node))

    def _window(self, agg: ir.Agg) -> tuple[Bound, ...]:
        """The bounds that the filter's top-level `and` puts on the age of an event's time:
        `sum(orders.amount where created_at < 365d)` sums the orders after as_of − 365d."""
        return tuple(
            self._bound(part) for part in _conjuncts(agg.where) if isinstance(part, ir.AgeCompare)
        )


def _conjuncts(cond: ir.Cond | None) -> list[ir.Cond]:
    match cond:
        case None:
            return []
        case ir.And(operands=operands):
            return [c for operand in operands for c in _conjuncts(operand)]
    return [cond]


def engine_value(raw: Any, type_: t.Type) -> Any:
    """A value as an engine returns it (drivers differ: SQLite has text for times and floats for
    decimals, ClickHouse's JSON has text for 64-bit integers) as the Python value of its type.
    Durations are whole microseconds in SQL (segdsl/sql/compiler.py)."""
    if raw is None:
        return None
    match type_.kind:
        case t.Kind.INT:
            return int(raw)
        case t.Kind.DECIMAL:
            return _number(raw)
        case t.Kind.BOOL:
            return raw.strip().lower() in ("1", "true") if isinstance(raw, str) else bool(raw)
        case t.Kind.STRING | t.Kind.ENUM:
            return str(raw)
        case t.Kind.TIMESTAMP:
            return _instant(raw)
        case t.Kind.DATE:
            if isinstance(raw, dt.datetime):
                return raw.date()
            return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw)[:10])
        case t.Kind.DURATION:
            micros = _number(raw)
            if isinstance(micros, Decimal) and micros == micros.to_integral_value():
                return dt.timedelta(microseconds=int(micros))
            return dt.timedelta(microseconds=float(micros))
    raise AssertionError(type_)


def _number(raw: Any) -> int | Decimal | float:
    if isinstance(raw, float | Decimal):
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return float(raw)


def _instant(raw: Any) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        return t.utc_instant(raw)
    if isinstance(raw, dt.date):
        return dt.datetime.combine(raw, dt.time())
    return t.utc_instant(dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00")))
