"""Pass 3: checked program → SQL plan → sqlglot tree.

The plan: every aggregate the condition needs is computed once, in one pre-aggregation per event
table (`<stream>_agg`, one row per customer, filtered aggregates side by side, events after the
as-of instant excluded); rankings (`top N% by …`) in one window CTE; then one SELECT over the
entity table with LEFT JOINs and the condition in WHERE.

Two-valued logic: a condition compiled in a *positive* position (not under NOT) may yield NULL,
because WHERE, FILTER and CASE WHEN treat NULL as false and AND/OR are monotone, so NULL-as-false
gives the same answer. Under NOT (and where a condition is used as a value) every nullable
comparison is wrapped in COALESCE(…, FALSE), so `not P` is the exact complement of `P`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import cast

from sqlglot import exp

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError
from segdsl.semantics import calendar, ir
from segdsl.semantics import types as t
from segdsl.semantics.schema import EventStream, Schema
from segdsl.sql import planner
from segdsl.sql.dialects import Dialect, per_row_zone_unsupported, split_unsupported
from segdsl.sql.dialects.base import cast_to
from segdsl.sql.sources import entity_as_of, table_source
from segdsl.syntax import lexicon
from segdsl.syntax.lexicon import MIRROR, VALUE_TRAITS, OrderOp

_COMPARE = {
    "=": exp.EQ,
    "!=": exp.NEQ,
    "<": exp.LT,
    "<=": exp.LTE,
    ">": exp.GT,
    ">=": exp.GTE,
}
POPULATION = "population"
CANDIDATES = "candidates"
RECENT_KEYS = "recent_keys"  # the keys of a recent window's events, when they drive a query
# An anchored aggregate's CTE reads its events as EVENTS joined to the customers' anchor values
# (`anchors_<level>`, a row per customer) as ANCHOR, keyed by ANCHOR_KEY.
EVENTS = "e"
ANCHOR = "anchor"
ANCHOR_KEY = "anchor_key"
_AGG = {"count": exp.Count, "sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max}
# The value column of a value trait's CTE (one row per customer with a value).
TRAIT_VALUE = "trait_value"
RANK_VALUE = "rank_value"  # the value a sparse ranking orders its customers by


def _empty_as_value(agg: ir.Agg | ir.PopulationAgg, column: exp.Expr) -> exp.Expr:
    """An aggregate's column: NULL where there were no rows (a LEFT JOIN, or SQL's aggregate
    of nothing), which is the aggregate's value over no rows (ir.EMPTY_VALUE)."""
    empty = ir.EMPTY_VALUE[agg.func]
    if empty is None:
        return column
    return exp.Coalesce(this=column, expressions=[exp.Literal.number(empty)])


def _date_bound(op: str, bound: dt.datetime) -> tuple[str, dt.date]:
    """Rewrite `date op bound-instant` as an exact comparison between dates (a date is its
    midnight): e.g. d >= 2000-01-01 10:00 ⇔ d > 2000-01-01."""
    day = bound.date()
    midnight = bound.time() == dt.time(0)
    if op in (">", "<="):
        return op, day
    if midnight:
        return op, day
    return (">" if op == ">=" else "<="), day


_DAYS_IN_YEAR = 365


def _key(day: dt.date) -> int:
    """A day's place in its year: 100 × month + day (docs/semantics.md, "Anniversaries")."""
    return 100 * day.month + day.day


def _day_key(month: exp.Expr, day: exp.Expr) -> exp.Expr:
    """The key 100 × month + day of a date's month and day, in SQL."""
    return exp.Add(this=exp.Mul(this=exp.Literal.number(100), expression=month), expression=day)


@dataclass(frozen=True)
class _Anniversary:
    """The year, month and day of a local date in SQL, and the tests of its anniversaries."""

    year: exp.Expr
    month: exp.Expr
    day: exp.Expr
    # For a date, the test that it falls before a year, which reads no part of it (a local
    # time is tested by its year: each engine compares local times with literals its own way).
    before: Callable[[int], exp.Expr] | None

    @property
    def key(self) -> exp.Expr:
        return _day_key(self.month.copy(), self.day.copy())

    def after_start(self, year: exp.Expr, key: exp.Expr) -> exp.Expr:
        """Its anniversary in the year `year` is on or after the day with key `key`."""
        return exp.and_(
            exp.GTE(this=self.key, expression=key),
            exp.LT(this=self.year.copy(), expression=year),
            copy=False,
        )

    def before_end(self, year: exp.Expr, key: exp.Expr) -> exp.Expr:
        """Its anniversary in the year `year` is before the day with key `key`."""
        return exp.and_(
            exp.LT(this=self.key, expression=key),
            exp.LT(this=self.year.copy(), expression=year),
            copy=False,
        )

    def before_year(self, year: int) -> exp.Expr:
        """The date is in a year before `year`."""
        if self.before is None:
            return exp.LT(this=self.year.copy(), expression=exp.Literal.number(year))
        return self.before(year)

    def in_keys(self, first: int, end: int) -> exp.Expr:
        """The key is in [first, end): within one month, a test of the month and the day."""
        month, day = divmod(first, 100)
        number = exp.Literal.number
        same_month: list[exp.Expr] = [exp.EQ(this=self.month.copy(), expression=number(month))]
        if day > 1:
            same_month.append(exp.GTE(this=self.day.copy(), expression=number(day)))
        if end // 100 == month:
            same_month.append(exp.LT(this=self.day.copy(), expression=number(end % 100)))
            return exp.and_(*same_month, copy=False)
        if end in (100 * (month + 1) + 1, _END_KEY if month == 12 else None):
            return exp.and_(*same_month, copy=False)
        bounds: list[exp.Expr] = []
        if first != _FIRST_KEY:
            bounds.append(exp.GTE(this=self.key, expression=number(first)))
        if end != _END_KEY:
            bounds.append(exp.LT(this=self.key, expression=number(end)))
        return exp.and_(*bounds, copy=False) if bounds else exp.true()

    def between_keys(self, first: tuple[int, int], end: tuple[int, int]) -> exp.Expr:
        """An anniversary is in the days from `first` to before `end` (each a year and key),
        written with the tests that can hold only."""
        (first_year, first_key), (end_year, end_key) = first, end
        tests: list[exp.Expr] = []
        if first_year == end_year:
            tests.append(
                exp.and_(self.in_keys(first_key, end_key), self.before_year(first_year), copy=False)
            )
        else:
            if first_key == _FIRST_KEY:
                # All of the first year: a year before it is enough, which the years between
                # (or the last one) also ask, so the first year joins them.
                first_year -= 1
            else:
                tests.append(
                    exp.and_(
                        self.in_keys(first_key, _END_KEY),
                        self.before_year(first_year),
                        copy=False,
                    )
                )
            if end_year - first_year >= 2:
                # Every year strictly between holds an anniversary of every earlier day.
                tests.append(self.before_year(end_year - 1))
            if end_key != _FIRST_KEY:
                tests.append(
                    exp.and_(
                        self.in_keys(_FIRST_KEY, end_key), self.before_year(end_year), copy=False
                    )
                )
        if not tests:
            return exp.false()
        return tests[0] if len(tests) == 1 else exp.or_(*tests, copy=False)


_FIRST_KEY = 101
"""The key of 1 January."""
_END_KEY = 1300
"""A key after every day's (31 December is 1231)."""


def _anniversary_in(mine: _Anniversary, first: dt.date, after: dt.date | None) -> exp.Expr:
    """An anniversary of the day `mine` falls in the days [first, after)."""
    if after is not None and first >= after:
        return exp.false()
    end = (10000, 101) if after is None else (after.year, _key(after))
    return mine.between_keys((first.year, _key(first)), end)


def _all_of(bounds: list[exp.Expr], target: exp.Expr) -> exp.Expr:
    """Every bound holds; with none, the value is present (a period without end)."""
    if not bounds:
        return exp.not_(exp.Is(this=target.copy(), expression=exp.Null()), copy=False)
    return exp.and_(*bounds, copy=False)


def _at_least_of(tests: Sequence[exp.Expr], times: int) -> exp.Expr:
    """At least `times` of `tests` hold (none of them NULL): all, any, or a count of them."""
    if times == len(tests):
        return exp.and_(*tests, copy=False)
    if times == 1:
        return exp.or_(*tests, copy=False)
    one, none = exp.Literal.number(1), exp.Literal.number(0)
    hits = [exp.If(this=test, true=one.copy(), false=none.copy()) for test in tests]
    total: exp.Expr = hits[0]
    for hit in hits[1:]:
        total = exp.Add(this=total, expression=hit)
    return exp.GTE(this=exp.paren(total, copy=False), expression=exp.Literal.number(times))


def _cte_table(name: str) -> exp.Table:
    """A table named by a plain identifier (a CTE), built directly: parsing is slow."""
    return exp.Table(this=exp.to_identifier(name))


def _keys_only(conditions: Sequence[ir.Cond], columns: Sequence[exp.Expr]) -> bool:
    """Whether a member query selects the key alone and `conditions` read no customer value:
    then it needs no customer row."""
    return len(columns) == 1 and not any(
        isinstance(node, ir.Attr) for cond in conditions for node in ir.walk(cond)
    )


def _not_passed(cond: ir.Cond | None, passed: list[ir.Cond]) -> ir.Cond | None:
    """The conjuncts of `cond` but those in `passed` (which every row of a group passes)."""
    if cond is None:
        return None
    left = [part for part in planner.conjuncts(cond) if part not in passed]
    return None if not left else left[0] if len(left) == 1 else ir.And(tuple(left))


def _beyond(keys: list[exp.Expr], bounds: list[exp.Expr], after: bool) -> exp.Expr:
    """Sort keys (`Dialect.value_order`) after (or before) the bound's, in their order."""
    compare = exp.GT if after else exp.LT
    tests = []
    for index, (key, bound) in enumerate(zip(keys, bounds, strict=True)):
        same = [
            exp.EQ(this=k.copy(), expression=b.copy())
            for k, b in zip(keys[:index], bounds[:index], strict=True)
        ]
        tests.append(exp.and_(*same, compare(this=key.copy(), expression=bound.copy())))
    return tests[0] if len(tests) == 1 else exp.or_(*tests, copy=False)


def _without_unused_joins(select: exp.Select, one_row: Container[str] = ()) -> exp.Select:
    """Drop LEFT JOINs of CTEs the query does not read (an aggregate only a ranking uses), and
    CROSS JOINs of those of `one_row`: a left join on a unique key, or a cross join with one
    row, adds no rows, so dropping it changes nothing but the cost."""
    joins = select.args.get("joins") or []
    kept = []
    for join in joins:
        name = join.this.alias_or_name
        others = [node for node in [*select.expressions, select.args.get("where")] if node]
        others += [j for j in joins if j is not join]
        used = any(column.table == name for node in others for column in node.find_all(exp.Column))
        if used or not (join.side == "LEFT" or (join.kind == "CROSS" and name in one_row)):
            kept.append(join)
    select.set("joins", kept)
    return select


# The SQL types of a missing value of each kind an aggregate has (durations have none: each
# dialect represents them its own way).
_NULL_TYPES: dict[t.Kind, exp.DType] = {
    t.Kind.INT: exp.DataType.Type.BIGINT,
    t.Kind.DECIMAL: exp.DataType.Type.DOUBLE,
    t.Kind.STRING: exp.DataType.Type.VARCHAR,
    t.Kind.ENUM: exp.DataType.Type.VARCHAR,
    t.Kind.BOOL: exp.DataType.Type.BOOLEAN,
    t.Kind.DATE: exp.DataType.Type.DATE,
    t.Kind.TIMESTAMP: exp.DataType.Type.TIMESTAMP,
}


@dataclass(frozen=True)
class _Narrowing:
    """A test of presence in a recent window (`recent`) and the grouped tests (`grouped`) whose
    rows are read for the customers it finds only, which makes it hold wherever they do."""

    recent: planner.EventTest
    grouped: list[planner.EventTest]


@dataclass
class _StreamPlan:
    stream: EventStream
    alias: str
    # 0, or for aggregates whose filters read the customer's own values, one more than the
    # level of the aggregates those values need (see `Lowering.level`).
    level: int = 0
    columns: dict[ir.Agg, str] = field(default_factory=dict)


def _row_filters(plan: _StreamPlan) -> tuple[ir.Cond, ...]:
    """The distinct filters of the aggregates in the CTE of `plan` when each has one: its rows
    are the events that pass one of them; none when an aggregate reads every event."""
    filters = [agg.where for agg in plan.columns]
    if any(f is None for f in filters):
        return ()
    return tuple(dict.fromkeys(f for f in filters if f is not None))


def _shared_conjuncts(filters: Sequence[ir.Cond]) -> list[ir.Cond]:
    """The conjuncts that every one of `filters` has."""
    if not filters:
        return []
    first, *others = (planner.conjuncts(f) for f in filters)
    return [c for c in dict.fromkeys(first) if all(c in other for other in others)]


def _without_conjuncts(cond: ir.Cond, dropped: Sequence[ir.Cond]) -> ir.Cond | None:
    """`cond` without the conjuncts `dropped`: None when nothing is left."""
    rest = [c for c in planner.conjuncts(cond) if c not in dropped]
    return None if not rest else rest[0] if len(rest) == 1 else ir.And(tuple(rest))


def _rank_key(node: ir.TopPercent) -> tuple[str, ir.Value]:
    return (node.direction, node.key)


@dataclass
class _RankPlan:
    node: ir.TopPercent
    alias: str
    # The aggregate ranked sparsely (see `_rank_plan`), or None: every customer ranked.
    sparse: ir.Agg | None
    # The aggregate the ranking orders by when it is missing without events (a `max`, `min` or
    # `avg`), or None: only the customers with its events are ranked, from its rows.
    present: ir.Agg | None

    @property
    def rest(self) -> str:
        """The one-row CTE that counts the customers a sparse ranking does not rank."""
        return f"{self.alias}_rest"

    @property
    def rows(self) -> str:
        """The CTE of the customers a sparse ranking ranks, with their values."""
        return f"{self.alias}_rows"


def _outside(rank: _RankPlan, node: ir.TopPercent) -> bool:
    """Whether the test `node` is false for every customer that `rank` leaves out of its CTE:
    it is a test of that ranking, which leaves out the customers whose value is missing, and
    by a sparse ranking those without events, whose share in a top fraction by a count is 1
    (every count is at least 0) and so never within a fraction below 1."""
    if _rank_key(node) != _rank_key(rank.node):
        return False
    if rank.sparse is None:
        return True
    return rank.sparse.func in ir.COUNTS and node.direction == "top" and node.fraction < 1


def _rank_plan(node: ir.TopPercent, alias: str) -> _RankPlan:
    """Only the customers with events are sorted when a ranking orders by an aggregate of a
    stream: without events, the value is missing (unranked) or, for a count or sum, 0 for all
    of them (counted, not ranked)."""
    key = node.key
    while isinstance(key, ir.MetricRef):
        key = key.body
    if not isinstance(key, ir.Agg) or key.func in VALUE_TRAITS:
        return _RankPlan(node, alias, None, None)
    if ir.EMPTY_VALUE[key.func] == 0:
        return _RankPlan(node, alias, key, None)
    return _RankPlan(node, alias, None, key)


@dataclass(frozen=True)
class InstantColumns:
    """Where one query answers many instants (segdsl/sql/history.py): the instant of the row
    being evaluated and, for each duration an age is compared with (by amount and unit), the
    instant minus it, as columns of a table of instants."""

    now: exp.Column
    before: dict[tuple[int, str], exp.Column]


class Lowering:
    """Builds the SQL for one query; collects the aggregates and rankings it needs."""

    def __init__(self, schema: Schema, dialect: Dialect, as_of: dt.datetime | None):
        self.schema = schema
        # Streams whose aggregation is limited to the candidates CTE (member queries only).
        self.candidates: set[str] = set()
        self.dialect = dialect
        # An aware instant is written as its UTC wall time: engines read timestamp literals
        # without their offset.
        self.as_of = None if as_of is None else t.utc_instant(as_of)
        # Set instead of `as_of` by a history query: the instant is a column.
        self.instants: InstantColumns | None = None
        self.entity_alias = "c"
        # One pre-aggregation per event table and level; each aggregate's plan.
        self.streams: dict[tuple[str, int], _StreamPlan] = {}
        self.agg_plans: dict[ir.Agg, _StreamPlan] = {}
        self._levels: dict[ir.Agg, int] = {}
        # The customers' values that anchored filters compare events with (`signup_at` in
        # `count(orders where created_at < signup_at + 30d)`): a column of `anchors_<level>`
        # each, computed per customer before the events of that level are aggregated.
        self.anchors: dict[int, list[ir.Attr | ir.MetricRef]] = {}
        self.anchor_columns: dict[ir.Attr | ir.MetricRef, str] = {}
        # Set while an anchored CTE is built: its event columns are qualified by EVENTS.
        self._event_table: str | None = None
        # Set while a condition on a group of one customer's rows is built (`_in_group`): the
        # conjuncts every row of the group passes; its aggregates are computed in the group.
        self._group_rows: list[ir.Cond] | None = None
        # One CUME_DIST per (direction, key): `top 20% by x` and `top 40% by x` share it.
        self.ranks: dict[tuple[str, ir.Value], _RankPlan] = {}
        # Aggregates over all customers, computed once in a one-row CTE joined to every row.
        self.population: dict[ir.PopulationAgg, str] = {}
        # Value traits (`last(orders.category)`): one CTE each, one row per customer with a
        # value, since each picks one event (or one value) per customer.
        self.traits: dict[ir.Agg, str] = {}
        # Sequences: one CTE each of the keys of the customers for whom it holds.
        self.sequences: dict[ir.Sequence, str] = {}
        # Whether the query reads an attribute of the schema's `history`: then the entity
        # table is read with those attributes as of the instant (`read_as_of`).
        self.attributes_as_of = False

    def read_as_of(self, nodes: Sequence[ir.Node], columns: Sequence[str] = ()) -> None:
        """Read the entity with its attributes as of the instant (`entity`) if `nodes` or the
        entity's `columns` read an attribute of the schema's `history`; called with everything
        a query reads before its SQL is built, as the entity is read in several of its parts."""
        history = self.schema.history
        if history is None:
            return
        changing = {self.schema.attributes[name].column for name in history.attributes}
        self.attributes_as_of = (
            self.attributes_as_of
            or bool(changing & set(columns))
            or any(
                isinstance(found, ir.Attr) and found.name in history.attributes
                for node in nodes
                for found in ir.walk(node)
            )
        )

    # -- planning ----------------------------------------------------------------------------

    def plan(self, nodes: Sequence[ir.Node]) -> None:
        """Register every aggregate and ranking below `nodes`, naming columns after metrics."""
        for node in nodes:
            self._collect(node, None)

    def level(self, agg: ir.Agg) -> int:
        """0 for an aggregate whose filter reads only its events; otherwise one more than the
        greatest level of the aggregates its anchor values need (a metric's), so that those
        are computed first. The checker rejects cycles, so this ends."""
        if agg not in self._levels:
            anchors = ir.anchors(agg)
            below = [n for a in anchors for n in ir.walk(a) if isinstance(n, ir.Agg)]
            deepest = max((self.level(n) for n in below), default=0)
            self._levels[agg] = deepest + 1 if anchors else 0
        return self._levels[agg]

    def _collect(self, node: ir.Node, metric_name: str | None) -> None:
        if isinstance(node, ir.Agg):
            if node.func in VALUE_TRAITS:
                if node not in self.traits:
                    self.traits[node] = f"{node.stream}_{node.func}_{len(self.traits) + 1}"
            else:
                self._register(node, metric_name)
            # Its filter runs inside its own CTE; the customer values it reads come before.
            level = self.level(node)
            for anchor in ir.anchors(node):
                if anchor not in self.anchor_columns:
                    self.anchor_columns[anchor] = f"anchor_{len(self.anchor_columns) + 1}"
                if anchor not in self.anchors.setdefault(level, []):
                    self.anchors[level].append(anchor)
                    self._collect(anchor, None)
            return
        if isinstance(node, ir.Sequence):
            if node not in self.sequences:
                self.sequences[node] = f"sequence_{len(self.sequences) + 1}"
            return  # its filters run inside its own CTEs
        if isinstance(node, ir.PopulationAgg) and node not in self.population:
            self.population[node] = f"population_{len(self.population) + 1}"
        if isinstance(node, ir.TopPercent) and _rank_key(node) not in self.ranks:
            alias = f"rank_{len(self.ranks) + 1}"
            self.ranks[_rank_key(node)] = _rank_plan(node, alias)
        for child in ir.children(node):
            name = node.name if isinstance(node, ir.MetricRef) else None
            self._collect(child, name)

    def _register(self, agg: ir.Agg, metric_name: str | None) -> None:
        level = self.level(agg)
        plan = self.streams.get((agg.stream, level))
        if plan is None:
            alias = f"{agg.stream}_agg" + (f"_{level}" if level else "")
            plan = _StreamPlan(self.schema.events[agg.stream], alias, level)
            self.streams[agg.stream, level] = plan
        self.agg_plans[agg] = plan
        if agg in plan.columns:
            return
        if metric_name and metric_name not in plan.columns.values():
            name = metric_name
        else:
            parts = [agg.func, agg.argument.name if agg.argument else agg.stream]
            name = "_".join(parts) + f"_{len(plan.columns) + 1}"
        plan.columns[agg] = re.sub(r"\W", "_", name)

    # -- values ------------------------------------------------------------------------------

    def now(self) -> exp.Expr:
        if self.instants is not None:
            return self.instants.now.copy()
        if self.as_of is not None:
            return self.dialect.timestamp_literal(self.as_of)
        return self.dialect.now()

    def const(self, value: ir.ConstValue, type_: t.Type) -> exp.Expr:
        if isinstance(value, bool):
            return exp.Boolean(this=value)
        if isinstance(value, int | Decimal):
            return exp.Literal.number(str(value))
        if isinstance(value, dt.datetime):
            return self.dialect.timestamp_literal(value)
        if isinstance(value, dt.date):
            if type_.kind is t.Kind.TIMESTAMP:
                return self.dialect.timestamp_literal(dt.datetime.combine(value, dt.time()))
            return self.dialect.date_literal(value)
        return exp.Literal.string(value)

    def value(self, node: ir.Value, event: bool = False) -> exp.Expr:
        match node:
            case ir.Const(value=value, type=type_):
                return self.const(value, type_)
            case ir.DurationConst():
                # Durations are whole microseconds in SQL: exact integers on every engine.
                return exp.Literal.number(str(node.seconds() * 1_000_000))
            case ir.Now():
                return self.now()
            case ir.Attr() | ir.MetricRef() if event:
                # In an event filter: the customer's value, joined to each event.
                return exp.column(self.anchor_columns[node], table=ANCHOR)
            case ir.Attr(column=column):
                return exp.column(column, table=self.entity_alias)
            case ir.Field(column=column):
                return exp.column(column, table=self._event_table)
            case ir.Agg() if self._group_rows is not None:
                return self._group_aggregate(node, self._group_rows)
            case ir.Agg() if node in self.traits:
                return exp.column(TRAIT_VALUE, table=self.traits[node])
            case ir.Agg():
                plan = self.agg_plans[node]
                aggregated = exp.column(plan.columns[node], table=plan.alias)
                if plan.alias == self.entity_alias and node.func in ir.COUNTS:
                    return aggregated  # read from its own rows (`_from_stream`): never NULL
                return _empty_as_value(node, aggregated)
            case ir.PopulationAgg():
                return _empty_as_value(node, exp.column(self.population[node], table=POPULATION))
            case ir.MetricRef(body=body):
                return self.value(body, event)
            case ir.Negate(operand=operand):
                return exp.Neg(this=self.value(operand, event))
            case ir.Arith():
                return self._arith(node, event)
            case ir.Shift(base=base, sign=sign, duration=duration):
                if isinstance(base, ir.Now) and self.as_of is not None:
                    return self.dialect.timestamp_literal(ir.shift(self.as_of, sign, duration))
                is_date = base.type.kind is t.Kind.DATE
                return self.dialect.shift(self.value(base, event), sign, duration, is_date)
            case ir.Func(name=name, argument=argument):
                return self.dialect.function(name, self.value(argument, event))
            case ir.PartitionRef(arms=arms, otherwise=otherwise):
                case = exp.Case()
                for label, cond in arms:
                    case = case.when(
                        self.cond(cond, exact=False, event=event),
                        exp.Literal.string(label),
                        copy=False,
                    )
                return case.else_(exp.Literal.string(otherwise), copy=False)
            case ir.CondValue(cond=cond):
                return self.dialect.cond_value(self.cond(cond, exact=True, event=event))
            case ir.Split():
                percent = exp.Mul(
                    this=self.dialect.to_float(self._bucket(node)),
                    expression=exp.Literal.number(100),
                )
                return exp.Div(this=percent, expression=exp.Literal.number(ir.SPLIT_BUCKETS))
            case ir.DatePart(part=part, argument=argument):
                return self._date_part(part, argument, node, event)
        raise AssertionError(node)

    def _bucket(self, node: ir.Split) -> exp.Expr:
        """The customer's bucket: MD5 of `salt:key` (ir.split_bucket), where the dialect can."""
        key = exp.column(self.schema.key, table=self.entity_alias)
        text = exp.Concat(
            expressions=[
                exp.Literal.string(f"{node.salt}:"),
                exp.cast(key, exp.DataType.Type.VARCHAR),
            ]
        )
        if not self.dialect.split_hash:
            raise SegdslError([split_unsupported(self.dialect, node)])
        return self.dialect.split_bucket(text)

    def _arith(self, node: ir.Arith, event: bool) -> exp.Expr:
        left, right = node.left, node.right
        if node.type.kind is t.Kind.DURATION and left.type.is_temporal:
            return self.dialect.micros_between(
                self._as_timestamp(right, event), self._as_timestamp(left, event)
            )
        lhs, rhs = self.value(left, event), self.value(right, event)
        if node.op == "/":
            # True division (never integer division), and x / 0 is missing.
            divisor = exp.Nullif(this=rhs, expression=exp.Literal.number(0))
            return exp.Div(this=self.dialect.to_float(lhs), expression=divisor)
        op_class = {"+": exp.Add, "-": exp.Sub, "*": exp.Mul}[node.op]
        sql = op_class(this=lhs, expression=rhs)
        if node.type.kind is t.Kind.DECIMAL:
            return self.dialect.exact_decimal(sql)
        return self.dialect.checked_integer(sql) if node.type.kind is t.Kind.INT else sql

    def _as_timestamp(self, node: ir.Value, event: bool) -> exp.Expr:
        sql = self.value(node, event)
        return self.dialect.to_timestamp(sql) if node.type.kind is t.Kind.DATE else sql

    # -- conditions --------------------------------------------------------------------------

    def _two_valued(self, sql: exp.Expr, operands: list[ir.Value], exact: bool) -> exp.Expr:
        if exact and any(ir.nullable(o) for o in operands):
            return self.dialect.two_valued(sql)
        return sql

    def cond(self, node: ir.Cond, exact: bool, event: bool = False) -> exp.Expr:
        match node:
            case ir.Compare(op=op, left=ir.Split() as split, right=ir.Const(value=percent)):
                # A whole bucket is below the exact bound `percent` × buckets / 100 when it is
                # below its ceiling, at most it when at most its floor (never missing).
                bound = Fraction(cast(Decimal, percent)) * ir.SPLIT_BUCKETS / 100
                whole = math.ceil(bound) if op in ("<", ">=") else math.floor(bound)
                return _COMPARE[op](this=self._bucket(split), expression=exp.Literal.number(whole))
            case ir.Compare(
                op="=", left=ir.Agg(func="first" | "last") as trait, right=ir.Const() as value
            ) if self._group_rows is not None:
                return self._trait_in_group(trait, value, self._group_rows)
            case ir.Compare(op=op, left=left, right=right):
                lhs, rhs = self.value(left, event), self.value(right, event)
                if left.type.kind is t.Kind.DATE and right.type.kind is t.Kind.TIMESTAMP:
                    lhs = self.dialect.to_timestamp(lhs)
                if right.type.kind is t.Kind.DATE and left.type.kind is t.Kind.TIMESTAMP:
                    rhs = self.dialect.to_timestamp(rhs)
                if op in ("=", "!=") and left.type.is_textual:
                    sql = self.dialect.string_equal(lhs, rhs)
                    if op == "!=":
                        sql = exp.not_(sql, copy=False)
                else:
                    sql = _COMPARE[op](this=lhs, expression=rhs)
                return self._two_valued(sql, [left, right], exact)
            case ir.AgeCompare(op=op, value=value, duration=duration):
                return self._two_valued(self._age(op, value, duration, event), [value], exact)
            case ir.InSet(operand=operand, values=values):
                if not values:
                    return exp.false()
                items = [self.const(v, operand.type) for v in values]
                target = self.value(operand, event)
                if operand.type.is_textual and self.dialect.insensitive_strings:
                    sql = exp.or_(
                        *(self.dialect.string_equal(target.copy(), i) for i in items), copy=False
                    )
                else:
                    sql = exp.In(this=target, expressions=items)
                return self._two_valued(sql, [operand], exact)
            case ir.IsMissing(operand=operand):
                return exp.Is(this=self.value(operand, event), expression=exp.Null())
            case ir.Match(op=op, operand=operand, pattern=pattern):
                text, part = self.value(operand, event), self.value(pattern, event)
                emit = {
                    "contains": self.dialect.contains,
                    "starts with": self.dialect.starts_with,
                    "ends with": self.dialect.ends_with,
                }[op]
                return self._two_valued(emit(text, part), [operand, pattern], exact)
            case ir.Truth(operand=operand):
                truth = self.dialect.truth(self.value(operand, event))
                return self._two_valued(truth, [operand], exact)
            case ir.Not(operand=operand):
                return exp.not_(self.cond(operand, exact=True, event=event), copy=False)
            case ir.And(operands=operands):
                return exp.and_(*(self.cond(o, exact, event) for o in operands), copy=False)
            case ir.Or(operands=operands):
                return exp.or_(*(self.cond(o, exact, event) for o in operands), copy=False)
            case ir.Literal_(value=value):
                return exp.Boolean(this=value)
            case ir.SegmentRef(body=body):
                return self.cond(body, exact, event)
            case ir.TopPercent(fraction=fraction):
                rank = self.cume_dist(node)
                sql = exp.LTE(this=rank, expression=exp.Literal.number(str(fraction)))
                return self.dialect.two_valued(sql) if exact else sql
            case ir.InPeriod(operand=operand):
                return self._two_valued(self._in_period(node, event), [operand], exact)
            case ir.Regular(times=times, per_period=per_period):
                # Each per-period count is a column of the stream's aggregation, never NULL.
                return _at_least_of([self.cond(c, exact, event) for c in per_period], times)
            case ir.Sequence():
                # Never NULL: the CTE's keys are present, and the entity key is.
                members = exp.select(exp.column(self.schema.key), copy=False).from_(
                    _cte_table(self.sequences[node]), copy=False
                )
                key = exp.column(self.schema.key, table=self.entity_alias)
                return exp.In(this=key, query=members.subquery(copy=False))
            case ir.Anniversary(operand=operand):
                return self._two_valued(self._anniversary(node, event), [operand], exact)
        raise AssertionError(node)

    def cume_dist(self, node: ir.TopPercent) -> exp.Expr:
        """The customer's cumulative distribution in the ranking of `node` (NULL if unranked);
        in a sparse ranking, that of the value 0 for the customers without events."""
        rank = self.ranks[_rank_key(node)]
        column = exp.column("cume_dist", table=rank.alias)
        if rank.sparse is None:
            return column
        return exp.Coalesce(this=column, expressions=[exp.column("zero_cume", table=rank.rest)])

    def _age(
        self, op: OrderOp, value: ir.Value, duration: ir.DurationConst, event: bool
    ) -> exp.Expr:
        """`t < 30d` ⇔ `t > as_of − 30d`, and likewise for the other operators
        (docs/semantics.md)."""
        flipped: str = MIRROR[op]
        target = self.value(value, event)
        if self.instants is not None:
            before = self.instants.before[duration.amount, duration.unit].copy()
            if value.type.kind is t.Kind.DATE:
                target = self.dialect.to_timestamp(target)
            return _COMPARE[flipped](this=target, expression=before)
        if self.as_of is not None:
            bound = ir.shift(self.as_of, -1, duration)
            if value.type.kind is t.Kind.DATE:
                flipped, day = _date_bound(flipped, bound)
                return _COMPARE[flipped](this=target, expression=self.dialect.date_literal(day))
            return _COMPARE[flipped](this=target, expression=self.dialect.timestamp_literal(bound))
        bound_sql = self.dialect.shift(self.dialect.now(), -1, duration, date=False)
        if value.type.kind is t.Kind.DATE:
            target = self.dialect.to_timestamp(target)
        return _COMPARE[flipped](this=target, expression=bound_sql)

    # -- the calendar (docs/semantics.md, "Calendar periods", "Date parts") -------------------

    def _row_zone(
        self, zone: str, customer_zone: ir.Attr | None, node: ir.Node, event: bool
    ) -> exp.Expr | None:
        """The zone of a calendar question about each customer as SQL: their own, the project's
        where it is missing (docs/semantics.md, "Per-customer time zones"); None when every
        customer's is the project's."""
        if customer_zone is None:
            return None
        if not self.dialect.per_row_zone:
            raise SegdslError([per_row_zone_unsupported(self.dialect, node)])
        own = self.value(customer_zone, event)
        return exp.Coalesce(this=own, expressions=[exp.Literal.string(zone)])

    def _local(
        self, value: exp.Expr, zone: str, node: ir.Node, row_zone: exp.Expr | None = None
    ) -> exp.Expr:
        """A UTC timestamp as the zone's clocks show it (`row_zone`'s, each row's, if given)."""
        if zone == calendar.UTC and row_zone is None:
            return value
        if not self.dialect.zone_conversion:
            clocks = zone if row_zone is None else f"each customer's zone ({zone} without one)"
            hint = "a date part of a timestamp needs a dialect that knows the zone"
            if isinstance(node, ir.InPeriod):
                hint = "give --as-of: then segdsl writes the period's instants into the SQL"
            elif isinstance(node, ir.Agg):
                hint = "the days of active_days() are the zone's: the dialect must know it"
            raise SegdslError(
                [
                    Diagnostic(
                        errors.E262,
                        f"{self.dialect.description} cannot read a time on the clocks of "
                        f"{clocks}: it knows no IANA time zones",
                        node.span,
                        hints=(hint,),
                    )
                ]
            )
        named = exp.Literal.string(zone) if row_zone is None else row_zone.copy()
        return self.dialect.local_timestamp(value, named)

    @staticmethod
    def _local_time(instant: dt.datetime, zone: str, node: ir.Node) -> dt.datetime:
        """What the zone's clocks show at a known instant, which must be in the calendar."""
        try:
            return calendar.local_time(instant, zone)
        except OverflowError:
            raise SegdslError(
                [
                    Diagnostic(
                        errors.E225,
                        f"at {instant.isoformat()} the clocks of {zone} show a day outside the "
                        "years 1 to 9999",
                        node.span,
                        hints=("use another --as-of instant",),
                    )
                ]
            ) from None

    def _date_part(
        self, part: lexicon.DatePart, argument: ir.Value, node: ir.DatePart, event: bool
    ) -> exp.Expr:
        is_date = argument.type.kind is t.Kind.DATE
        zone = node.zone
        fixed = self.as_of if isinstance(argument, ir.Now) else None
        if isinstance(argument, ir.Const):
            fixed = cast(dt.datetime, argument.value)
        if fixed is not None and (is_date or node.customer_zone is None):
            # Known before any row is read: the number itself.
            moment = fixed if is_date else self._local_time(fixed, zone, node)
            return exp.Literal.number(calendar.date_part(part, moment))
        value = self.value(argument, event)
        if not is_date:
            row_zone = self._row_zone(zone, node.customer_zone, node, event)
            value = self._local(value, zone, node, row_zone)
        return self.dialect.date_part(part, value, is_date)

    def _period_index(self, value: exp.Expr, unit: lexicon.CalendarUnit, is_date: bool) -> exp.Expr:
        """The number of the period of `unit` holding a local date or time, one more for each
        next period (a week: the number of its Monday, seven more for the next)."""
        part = self.dialect.date_part

        def times(factor: int, value: exp.Expr) -> exp.Expr:
            return exp.Mul(this=exp.Literal.number(factor), expression=value)

        if unit == "day":
            return self.dialect.day_number(value, is_date)
        if unit == "week":
            monday = exp.Sub(
                this=self.dialect.day_number(value, is_date),
                expression=part("weekday", value.copy(), is_date),
            )
            return exp.Add(this=monday, expression=exp.Literal.number(1))
        year = part("year", value, is_date)
        if unit == "year":
            return year
        within = "month" if unit == "month" else "quarter"
        count = 12 if unit == "month" else 4
        return exp.Add(this=times(count, year), expression=part(within, value.copy(), is_date))

    def _in_period(self, node: ir.InPeriod, event: bool) -> exp.Expr:
        operand, period, zone = node.operand, node.period, node.zone
        is_date = operand.type.kind is t.Kind.DATE
        target = self.value(operand, event)
        row_zone = self._row_zone(zone, node.customer_zone, node, event)
        if period.relative and self.as_of is None:
            return self._in_period_by_clock(node, target, is_date, row_zone)
        if row_zone is not None:
            return self._in_period_per_customer(node, target, is_date, row_zone)
        if self.as_of is None:
            today = dt.date.min  # a named period, whose days do not depend on today
        else:
            today = self._local_time(self.as_of, zone, node).date()
        first, after = period.days(today)
        if is_date:
            bounds: list[exp.Expr] = []
            if first > dt.date.min:
                bounds.append(exp.GTE(this=target, expression=self.dialect.date_literal(first)))
            if after is not None:
                bounds.append(
                    exp.LT(this=target.copy(), expression=self.dialect.date_literal(after))
                )
            return _all_of(bounds, target)
        if period.to_date:
            assert self.as_of is not None  # a relative period
        ranges = []
        for start, end in calendar.instants(first, after, zone):
            if period.to_date and start is not None and start > cast(dt.datetime, self.as_of):
                continue
            bounds = []
            if start is not None:
                literal = self.dialect.timestamp_literal(start)
                bounds.append(exp.GTE(this=target.copy(), expression=literal))
            if period.to_date:
                # `to date` ends at the as-of instant, which is included.
                now = self.dialect.timestamp_literal(cast(dt.datetime, self.as_of))
                if end is None or end > cast(dt.datetime, self.as_of):
                    bounds.append(exp.LTE(this=target.copy(), expression=now))
                    ranges.append(_all_of(bounds, target))
                    continue
            if end is not None:
                literal = self.dialect.timestamp_literal(end)
                bounds.append(exp.LT(this=target.copy(), expression=literal))
            ranges.append(_all_of(bounds, target))
        if not ranges:
            return exp.false()
        return ranges[0] if len(ranges) == 1 else exp.or_(*ranges, copy=False)

    def _in_period_per_customer(
        self, node: ir.InPeriod, target: exp.Expr, is_date: bool, row_zone: exp.Expr
    ) -> exp.Expr:
        """A period on the clocks of each customer's zone with --as-of (or a named one): the
        value's local date between the period's first day and the day after its last. Today
        is one of the few days the as-of instant is somewhere (`calendar.possible_today`): for
        each, the days the period has when today is that day."""
        period = node.period
        mine = target
        if not is_date:
            mine = self.dialect.date_of(self._local(target, node.zone, node, row_zone))

        def days(first: dt.date, after: dt.date | None) -> list[exp.Expr]:
            bounds: list[exp.Expr] = []
            if first > dt.date.min:
                literal = self.dialect.date_literal(first)
                bounds.append(exp.GTE(this=mine.copy(), expression=literal))
            if after is not None:
                literal = self.dialect.date_literal(after)
                bounds.append(exp.LT(this=mine.copy(), expression=literal))
            if period.to_date and not is_date:
                # `to date` ends at the as-of instant, which is included.
                bounds.append(exp.LTE(this=target.copy(), expression=self.now()))
            return bounds

        if not period.relative:
            spans = [period.days(dt.date.min)]
            exact = _all_of(days(*spans[0]), target)
        else:
            assert self.as_of is not None
            todays = calendar.possible_today(self.as_of)
            spans = [period.days(day) for day in todays]
            exact = exp.or_(
                *(
                    exp.and_(self._today_is(day, node, row_zone), *days(*span), copy=False)
                    for day, span in zip(todays, spans, strict=True)
                ),
                copy=False,
            )
        if is_date:
            return exact
        # The instants of the days on every customer's clocks, as literals: a time-ordered
        # table is read only there, before each row's zone is applied.
        first = min(span[0] for span in spans)
        ends = [span[1] for span in spans]
        start, end = calendar.anywhere(
            first, None if None in ends else max(cast(dt.date, e) for e in ends)
        )
        window: list[exp.Expr] = []
        if start is not None:
            window.append(
                exp.GTE(this=target.copy(), expression=self.dialect.timestamp_literal(start))
            )
        if end is not None:
            window.append(
                exp.LT(this=target.copy(), expression=self.dialect.timestamp_literal(end))
            )
        return exp.and_(*window, exact, copy=False)

    def _today_is(
        self, day: dt.date, node: ir.InPeriod | ir.Anniversary, row_zone: exp.Expr
    ) -> exp.Expr:
        """Whether the as-of instant is on `day` on each customer's clocks."""
        today = self.dialect.date_of(self._local(self.now(), node.zone, node, row_zone))
        return exp.EQ(this=today, expression=self.dialect.date_literal(day))

    def _in_period_by_clock(
        self, node: ir.InPeriod, target: exp.Expr, is_date: bool, row_zone: exp.Expr | None
    ) -> exp.Expr:
        """A relative period without --as-of: today on the engine's clock in the zone, and each
        value's period compared with today's by their numbers."""
        period, zone = node.period, node.zone
        local = target if is_date else self._local(target, zone, node, row_zone)
        today = self._local(self.dialect.now(), zone, node, row_zone)
        step = 7 if period.unit == "week" else 1
        mine = self._period_index(local, period.unit, is_date)
        current = self._period_index(today, period.unit, False)

        def periods_back(count: int) -> exp.Expr:
            if count == 0:
                return current.copy()
            if count < 0:  # periods ahead: `next month`
                return exp.Add(this=current.copy(), expression=exp.Literal.number(-count * step))
            return exp.Sub(this=current.copy(), expression=exp.Literal.number(count * step))

        first, last = period.back, period.back - period.count + 1
        if first == last:
            tests: list[exp.Expr] = [exp.EQ(this=mine, expression=periods_back(first))]
        else:
            tests = [
                exp.GTE(this=mine, expression=periods_back(first)),
                exp.LTE(this=mine.copy(), expression=periods_back(last)),
            ]
        if period.to_date:
            if is_date:
                day = self.dialect.day_number(target.copy(), True)
                up_to = self.dialect.day_number(today.copy(), False)
                tests.append(exp.LTE(this=day, expression=up_to))
            else:
                tests.append(exp.LTE(this=target.copy(), expression=self.dialect.now()))
        return exp.and_(*tests, copy=False)

    # -- anniversaries (docs/semantics.md, "Anniversaries") ---------------------------------

    def _anniversary(self, node: ir.Anniversary, event: bool) -> exp.Expr:
        """Whether an anniversary of the value's local date falls in the period's days.

        A day is compared by its key, 100 × month + day, and its year. The days [A, E) hold
        an anniversary of a day d (key k, year y) when, within A's year, k ≥ key(A) and
        y < year(A); within E's year, k < key(E) and y < year(E); or in a year between, y is
        before it. 29 February needs no case of its own: in a year without it, 28 February
        is in [A, E) exactly when the key 229 is (no such A or E has the key 229)."""
        operand, period, zone = node.operand, node.period, node.zone
        is_date = operand.type.kind is t.Kind.DATE
        local = self.value(operand, event)
        row_zone = self._row_zone(zone, node.customer_zone, node, event)
        if not is_date:
            local = self._local(local, zone, node, row_zone)

        def before(year: int) -> exp.Expr:
            first_day = self.dialect.date_literal(dt.date(year, 1, 1))
            return exp.LT(this=local.copy(), expression=first_day)

        part = self.dialect.date_part
        mine = _Anniversary(
            part("year", local, is_date),
            part("month", local.copy(), is_date),
            part("day", local.copy(), is_date),
            before if is_date else None,
        )
        if period.relative and self.as_of is None:
            return self._anniversary_by_clock(node, mine, row_zone)
        if period.relative and row_zone is not None:
            # Today is one of a few days on the customers' clocks: the days of each.
            return exp.or_(
                *(
                    exp.and_(
                        self._today_is(day, node, row_zone),
                        _anniversary_in(mine, *period.days(day)),
                        copy=False,
                    )
                    for day in calendar.possible_today(cast(dt.datetime, self.as_of))
                ),
                copy=False,
            )
        today = dt.date.min
        if self.as_of is not None:
            today = self._local_time(self.as_of, zone, node).date()
        return _anniversary_in(mine, *period.days(today))

    def _anniversary_by_clock(
        self, node: ir.Anniversary, mine: _Anniversary, row_zone: exp.Expr | None
    ) -> exp.Expr:
        """Without --as-of: the period's first day and the day after its last, from today on
        the engine's clock; days only, at most a year of them, so that they span two years at
        most."""
        period = node.period
        if period.unit != "day" or period.count > _DAYS_IN_YEAR:
            raise SegdslError(
                [
                    Diagnostic(
                        errors.E263,
                        "without --as-of an anniversary is asked of days from today (today, "
                        "next 7 days, last 30 days, …), at most a year of them",
                        node.span,
                        hints=("give --as-of: then segdsl writes the period's days into the SQL",),
                    )
                ]
            )
        today = self._local(self.dialect.now(), node.zone, node, row_zone)

        def day(offset: int) -> tuple[exp.Expr, exp.Expr]:
            shifted = today.copy()
            if offset:
                days = ir.DurationConst(abs(offset), "d")
                shifted = self.dialect.shift(shifted, 1 if offset > 0 else -1, days, date=False)
            part = self.dialect.date_part
            key = _day_key(part("month", shifted.copy(), False), part("day", shifted.copy(), False))
            return part("year", shifted, False), key

        (first_year, first_key), (end_year, end_key) = (
            day(-period.back),
            day(period.count - period.back),
        )
        one_year = exp.and_(
            exp.EQ(this=first_year, expression=end_year),
            exp.GTE(this=mine.key, expression=first_key),
            exp.LT(this=mine.key, expression=end_key),
            exp.LT(this=mine.year.copy(), expression=first_year.copy()),
            copy=False,
        )
        two_years = exp.and_(
            exp.LT(this=first_year.copy(), expression=end_year.copy()),
            exp.or_(
                mine.after_start(first_year.copy(), first_key.copy()),
                mine.before_end(end_year.copy(), end_key.copy()),
                copy=False,
            ),
            copy=False,
        )
        return exp.or_(one_year, two_years, copy=False)

    # -- the query ---------------------------------------------------------------------------

    def _stream_cte(self, plan: _StreamPlan) -> exp.Select:
        stream = plan.stream
        self._event_table = EVENTS if plan.level else None
        try:
            key = exp.column(stream.key, table=self._event_table)
            key_column: exp.Expr = key.copy()
            if stream.key != self.schema.key or plan.level:
                key_column = exp.alias_(key_column, self.schema.key, copy=False)
            filters = _row_filters(plan)
            # Conjuncts of every filter (a window's bound) are tested once, in WHERE.
            shared = _shared_conjuncts(filters)
            projections = [key_column]
            for agg, name in plan.columns.items():
                if shared and agg.where is not None:
                    agg = dataclasses.replace(agg, where=_without_conjuncts(agg.where, shared))
                projections.append(exp.alias_(self._aggregate(agg), name, copy=False))
            time = exp.column(stream.time, table=self._event_table)
            tests: list[exp.Expr] = [exp.LTE(this=time, expression=self.now())]
            tests += [self.cond(c, exact=False, event=True) for c in shared]
            rests = [rest for f in filters if (rest := _without_conjuncts(f, shared))]
            if rests and len(rests) == len(filters):
                # Rows that pass no aggregate's filter change no aggregate: skip them in the
                # scan (with a time window, a time-ordered table is read only in that window).
                passing = [self.cond(r, exact=False, event=True) for r in dict.fromkeys(rests)]
                tests.append(exp.or_(*passing) if len(passing) > 1 else passing[0])
            where = exp.and_(*tests, copy=False)
            if stream.name in self.candidates:
                chosen = exp.select(exp.column(self.schema.key), copy=False).from_(
                    _cte_table(CANDIDATES), copy=False
                )
                where = exp.and_(
                    where,
                    exp.In(this=key.copy(), query=chosen.subquery(copy=False)),
                    copy=False,
                )
            select = self._events_from(exp.select(*projections, copy=False), stream, plan.level)
            return select.where(where, copy=False).group_by(key, copy=False)
        finally:
            self._event_table = None

    def _events_from(self, select: exp.Select, stream: EventStream, level: int) -> exp.Select:
        """`select` FROM the stream's table; at a level above 0, as EVENTS joined to each
        customer's anchor values (only events of customers in the entity table remain, and
        only they can be members)."""
        if not level:
            return select.from_(table_source(stream.table), copy=False)
        events = exp.alias_(table_source(stream.table), EVENTS, table=True, copy=False)
        anchors = exp.alias_(_cte_table(f"anchors_{level}"), ANCHOR, table=True, copy=False)
        on = exp.EQ(
            this=exp.column(ANCHOR_KEY, table=ANCHOR),
            expression=exp.column(stream.key, table=EVENTS),
        )
        select = select.from_(events, copy=False)
        select.append("joins", exp.Join(this=anchors, on=on))
        return select

    def _anchors_cte(self, level: int) -> exp.Select:
        """A row per customer: the key (ANCHOR_KEY) and each anchor value the aggregates of
        `level` read, from the aggregates of the levels below."""
        key = exp.column(self.schema.key, table=self.entity_alias)
        columns = [exp.alias_(key, ANCHOR_KEY, copy=False)]
        columns += [
            exp.alias_(self.value(anchor), self.anchor_columns[anchor], copy=False)
            for anchor in self.anchors[level]
        ]
        select = exp.select(*columns, copy=False)
        return _without_unused_joins(self._joined_entity(select, population=False, below=level))

    def _trait_cte(self, agg: ir.Agg) -> exp.Select:
        """One row per customer with a value: the value of the event that comes first or last
        in event order (time, then value), or the value with the most events (then the latest
        event, then the greatest value) (docs/semantics.md, "Value traits")."""
        level = self.level(agg)
        self._event_table = EVENTS if level else None
        try:
            return self._trait_select(agg, level)
        finally:
            self._event_table = None

    def _trait_select(self, agg: ir.Agg, level: int) -> exp.Select:
        stream = self.schema.events[agg.stream]
        assert agg.argument is not None
        field = exp.column(agg.argument.column, table=self._event_table)
        time = exp.column(stream.time, table=self._event_table)
        stream_key = exp.column(stream.key, table=self._event_table)
        conditions: list[exp.Expr] = [
            exp.LTE(this=time.copy(), expression=self.now()),
            exp.not_(exp.Is(this=field.copy(), expression=exp.Null()), copy=False),
        ]
        if agg.where is not None:
            conditions.append(self.cond(agg.where, exact=False, event=True))
        if stream.name in self.candidates:
            chosen = exp.select(exp.column(self.schema.key), copy=False).from_(
                _cte_table(CANDIDATES), copy=False
            )
            conditions.append(exp.In(this=stream_key.copy(), query=chosen.subquery(copy=False)))
        key: exp.Expr = stream_key.copy()
        if stream.key != self.schema.key or level:
            key = exp.alias_(key, self.schema.key, copy=False)
        value = exp.alias_(field.copy(), TRAIT_VALUE, copy=False)
        rows = self._events_from(exp.select(key, value, copy=False), stream, level)
        rows = rows.where(exp.and_(*conditions, copy=False), copy=False)
        values = self.dialect.value_order(exp.column(TRAIT_VALUE), agg.argument.type)
        if agg.func == "most_frequent":
            events, latest = exp.column("trait_events"), exp.column("trait_latest")
            groups: list[exp.Expr] = [stream_key.copy(), field.copy()]
            grouping = self.dialect.distinct_key(field.copy(), agg.argument.type)
            if grouping != field:
                groups.append(grouping)  # values equal to the engine but not to the language
            rows = rows.select(
                exp.alias_(exp.Count(this=exp.Star()), "trait_events", copy=False),
                exp.alias_(exp.Max(this=time.copy()), "trait_latest", copy=False),
                copy=False,
            ).group_by(*groups, copy=False)
            order = [events, latest, *values]
        else:
            rows = rows.select(exp.alias_(time.copy(), "trait_latest", copy=False), copy=False)
            order = [exp.column("trait_latest"), *values]
        # `first` is the least in event order, `last` and `most_frequent` the greatest.
        descending = agg.func != "first"
        window = exp.Window(
            this=exp.RowNumber(),
            partition_by=[exp.column(self.schema.key)],
            order=exp.Order(
                expressions=[exp.Ordered(this=o, desc=descending, nulls_first=False) for o in order]
            ),
        )
        ranked = exp.select(
            exp.column(self.schema.key),
            exp.column(TRAIT_VALUE),
            exp.alias_(window, "trait_rank", copy=False),
            copy=False,
        ).from_(rows.subquery("trait_rows", copy=False), copy=False)
        return (
            exp.select(exp.column(self.schema.key), exp.column(TRAIT_VALUE), copy=False)
            .from_(ranked.subquery("ranked", copy=False), copy=False)
            .where(exp.EQ(this=exp.column("trait_rank"), expression=exp.Literal.number(1)))
        )

    # -- sequences (docs/semantics.md, "Sequences") -----------------------------------------

    def _event_time(self, stream: EventStream, table: str) -> exp.Expr:
        """The time of an event of `stream` (a row of `table`) as a timestamp."""
        time = exp.column(stream.fields[stream.time].column, table=table)
        is_date = stream.fields[stream.time].type.kind is t.Kind.DATE
        return self.dialect.to_timestamp(time) if is_date else time

    def _event_rows(
        self, events: ir.Events, table: str, after: ir.Cond | None, probed: bool = False
    ) -> list[exp.Expr]:
        """The conditions on a row (`table`) of the events: not after the as-of instant, a
        key, its filter, and `after`, a bound on its time the first events imply (planner).
        `probed`: the key is compared with a first event's, so it is not NULL (saying so
        again keeps DuckDB from decorrelating the probe: 20x slower, measured)."""
        stream = self.schema.events[events.stream]
        conditions: list[exp.Expr] = [
            exp.LTE(this=exp.column(stream.time), expression=self.now()),
        ]
        if not probed:
            conditions.append(
                exp.not_(exp.Is(this=exp.column(stream.key), expression=exp.Null()), copy=False)
            )
        for where in (events.where, after):
            if where is not None:
                conditions.append(self.cond(where, exact=False, event=True))
        for condition in conditions:
            for column in condition.find_all(exp.Column):
                if not column.table:
                    column.set("table", exp.to_identifier(table))
        return conditions

    def _sequence_firsts(self, node: ir.Sequence) -> exp.Select:
        """The distinct (customer, instant) of the first events."""
        stream = self.schema.events[node.first.stream]
        columns = [
            exp.alias_(exp.column(stream.key, table="e"), self.schema.key, copy=False),
            exp.alias_(self._event_time(stream, "e"), "first_at", copy=False),
        ]
        events = exp.alias_(table_source(stream.table), "e", table=True, copy=False)
        where = exp.and_(*self._first_rows(node), copy=False)
        return exp.select(*columns, copy=False).from_(events, copy=False).where(where).distinct()

    def _first_rows(self, node: ir.Sequence) -> list[exp.Expr]:
        """The conditions on a first event (a row `e`), and with `then no`, that its window
        has closed (measured: filtering them before the followers are read is 1.3x faster on
        DuckDB than after)."""
        stream = self.schema.events[node.first.stream]
        conditions = self._event_rows(node.first, "e", None)
        assert node.window is not None, "an open-ended sequence has no first events' rows"
        if node.negated:
            first = self._event_time(stream, "e")
            if node.window.is_calendar:  # `a + 1mo <= as_of` is not `a <= as_of - 1mo`
                end = self.dialect.shift(first, 1, node.window, date=False)
                conditions.append(exp.LTE(this=end, expression=self.now()))
            else:  # the time itself bounded: engines skip the rows outside it
                latest = self.dialect.shift(self.now(), -1, node.window, date=False)
                conditions.append(exp.LTE(this=first, expression=latest))
        return conditions

    def _probe_bound(self, node: ir.Sequence, then: EventStream) -> ir.Cond | None:
        """The first events' bound on the followers' time (planner.implied_after) where each
        customer's presence is probed by index (PostgreSQL): with it the engine hashes the
        window's rows instead of probing per first event, 2x faster; DuckDB's own anti-join
        is 2x slower with it (both measured)."""
        if self.dialect.semi_join != "exists":
            return None
        return planner.implied_after(node, then, self.schema)

    def _sequence_probe(self, node: ir.Sequence) -> exp.Select:
        """Without `without`: the keys of the customers with a first event that is followed
        (negated: that is not, among those whose window has closed), each first event probed
        by a correlated `[NOT] EXISTS` for an event in its window, which the engines run as
        a semi- or anti-join with a range condition (measured: 2x faster on DuckDB than the
        followers grouped by first event, `_sequence_cte`)."""
        stream = self.schema.events[node.first.stream]
        then = self.schema.events[node.then.stream]
        first, time = self._event_time(stream, "e"), self._event_time(then, "n")
        assert node.window is not None, "an open-ended sequence has no window"
        end = self.dialect.shift(first.copy(), 1, node.window, date=False)
        key = exp.column(stream.key, table="e")
        probe = [
            exp.EQ(this=exp.column(then.key, table="n"), expression=key.copy()),
            exp.GT(this=time, expression=first),
            exp.LT(this=time.copy(), expression=end),
            *self._event_rows(node.then, "n", self._probe_bound(node, then), probed=True),
        ]
        table = exp.alias_(table_source(then.table), "n", table=True, copy=False)
        followers = (
            exp.select(exp.Literal.number(1), copy=False)
            .from_(table, copy=False)
            .where(exp.and_(*probe, copy=False), copy=False)
        )
        followed: exp.Expr = exp.Exists(this=followers)
        if node.negated:
            followed = exp.not_(followed, copy=False)
        events = exp.alias_(table_source(stream.table), "e", table=True, copy=False)
        where = exp.and_(*self._first_rows(node), followed, copy=False)
        column = exp.alias_(key, self.schema.key, copy=False)
        return exp.select(column, copy=False).from_(events, copy=False).where(where).distinct()

    def _sequence_next(self, node: ir.Sequence, events: ir.Events, firsts: str) -> exp.Select:
        """For each first event, the instant of the first of `events` in its window (none:
        no row)."""
        stream = self.schema.events[events.stream]
        key, first = exp.column(self.schema.key, table="f"), exp.column("first_at", table="f")
        time = self._event_time(stream, "e")
        assert node.window is not None, "an open-ended sequence has no window"
        end = self.dialect.shift(first.copy(), 1, node.window, date=False)
        after = planner.implied_after(node, stream, self.schema)
        # Only the key in ON: ClickHouse joins on equalities.
        on = exp.EQ(this=exp.column(stream.key, table="e"), expression=key.copy())
        rows = [
            exp.GT(this=time, expression=first.copy()),
            exp.LT(this=time.copy(), expression=end),
            *self._event_rows(events, "e", after),
        ]
        table = exp.alias_(table_source(stream.table), "e", table=True, copy=False)
        select = exp.select(
            # Named explicitly: ClickHouse names them `f.customer_id`, `f.first_at`.
            exp.alias_(key.copy(), self.schema.key, copy=False),
            exp.alias_(first.copy(), "first_at", copy=False),
            exp.alias_(exp.Min(this=time.copy()), "next_at", copy=False),
            copy=False,
        ).from_(exp.alias_(_cte_table(firsts), "f", table=True, copy=False), copy=False)
        select.append("joins", exp.Join(this=table, on=on, kind="INNER"))
        return select.where(exp.and_(*rows, copy=False), copy=False).group_by(
            key.copy(), first.copy(), copy=False
        )

    def _sequence_cte(self, node: ir.Sequence, alias: str) -> exp.Select:
        """The keys of the customers with a first event that is followed (or, negated, one
        that is not, among those whose window has closed: `_sequence_firsts`): the first event
        of each part in its window decides, since an earlier follower has fewer events
        between."""
        firsts = f"{alias}_first"
        key, first = exp.column(self.schema.key, table="f"), exp.column("first_at", table="f")
        select = exp.select(exp.alias_(key.copy(), self.schema.key, copy=False), copy=False)
        select = select.distinct(copy=False)
        select = select.from_(exp.alias_(_cte_table(firsts), "f", table=True, copy=False))
        nexts = []
        for events, name in ((node.then, "followed"), (node.without, "crossed")):
            if events is None:
                continue
            joined = self._sequence_next(node, events, firsts).subquery(name, copy=False)
            on = exp.and_(
                exp.EQ(this=exp.column(self.schema.key, table=name), expression=key.copy()),
                exp.EQ(this=exp.column("first_at", table=name), expression=first.copy()),
                copy=False,
            )
            select.append("joins", exp.Join(this=joined, on=on, side="LEFT"))
            nexts.append(exp.column("next_at", table=name))
        followed, crossed = nexts[0], nexts[1] if len(nexts) > 1 else None
        no_follower = exp.Is(this=followed.copy(), expression=exp.Null())
        holds: exp.Expr
        if crossed is None:
            holds = exp.not_(no_follower, copy=False) if not node.negated else no_follower
        elif not node.negated:
            clear = exp.or_(
                exp.Is(this=crossed.copy(), expression=exp.Null()),
                exp.GTE(this=crossed.copy(), expression=followed.copy()),
                copy=False,
            )
            holds = exp.and_(exp.not_(no_follower, copy=False), clear, copy=False)
        else:
            holds = exp.or_(no_follower, exp.LT(this=crossed, expression=followed), copy=False)
        return select.where(holds, copy=False)

    def _open_sequence_cte(self, node: ir.Sequence) -> exp.Select:
        """The keys of the customers whose latest first event no event of `then` answers (an
        open-ended sequence, docs/semantics.md): the first events and the others as one stream
        of (customer, instant, part), grouped once. The others are read only from the first
        events' window of time (planner.implied_after): one before every first event answers
        none."""
        parts = []
        for part, events in ((1, node.first), (0, node.then)):
            stream = self.schema.events[events.stream]
            after = None if part else planner.implied_after(node, stream, self.schema)
            columns = [
                exp.alias_(exp.column(stream.key, table="e"), self.schema.key, copy=False),
                exp.alias_(self._event_time(stream, "e"), "event_at", copy=False),
                exp.alias_(exp.Literal.number(part), "is_first", copy=False),
            ]
            table = exp.alias_(table_source(stream.table), "e", table=True, copy=False)
            rows = exp.and_(*self._event_rows(events, "e", after), copy=False)
            parts.append(exp.select(*columns, copy=False).from_(table, copy=False).where(rows))
        both = exp.union(*parts, distinct=False, copy=False).subquery("s", copy=False)
        at = exp.column("event_at", table="s")

        def latest(part: int) -> exp.Expr:
            is_part = exp.EQ(
                this=exp.column("is_first", table="s"), expression=exp.Literal.number(part)
            )
            return self._filtered(exp.Max, at.copy(), is_part, decimal_sum=False)

        key = exp.column(self.schema.key, table="s")
        latest_events = (
            exp.select(
                exp.alias_(key, self.schema.key, copy=False),
                exp.alias_(latest(1), "latest_first", copy=False),
                exp.alias_(latest(0), "latest_then", copy=False),
                copy=False,
            )
            .from_(both, copy=False)
            .group_by(key.copy(), copy=False)
        )
        first, then = exp.column("latest_first"), exp.column("latest_then")
        # Of one stream, an event at the instant of the latest first event is of its moment
        # (one basket) and answers it only when later; of another stream, at its instant.
        unanswered = exp.LTE if node.first.stream == node.then.stream else exp.LT
        holds = exp.and_(
            exp.not_(exp.Is(this=first, expression=exp.Null()), copy=False),
            exp.or_(
                exp.Is(this=then, expression=exp.Null()),
                unanswered(this=then.copy(), expression=first.copy()),
                copy=False,
            ),
            copy=False,
        )
        # Tested outside the grouping, not by HAVING: MariaDB 10.11 rejects a query whose
        # aggregates test twice a CTE filtered by HAVING ("Invalid use of group function").
        return (
            exp.select(exp.column(self.schema.key), copy=False)
            .from_(latest_events.subquery("latest", copy=False), copy=False)
            .where(holds, copy=False)
        )

    def _aggregate(self, agg: ir.Agg | ir.PopulationAgg) -> exp.Expr:
        """`func(argument) FILTER (WHERE where)`: over one customer's events (an Agg, inside
        its stream's CTE) or over all customers (a PopulationAgg)."""
        event = isinstance(agg, ir.Agg)
        argument: exp.Expr = (
            exp.Star() if agg.argument is None else self.value(agg.argument, event=event)
        )
        where = None if agg.where is None else self.cond(agg.where, exact=False, event=event)
        decimal = agg.argument is not None and agg.argument.type.kind is t.Kind.DECIMAL
        if agg.func == "avg":
            # Engines average in decimals of differing scales or in floating point from
            # differing sums: the exact sum as a double divided by the count is one answer.
            total = self._filtered(exp.Sum, argument, where, decimal_sum=decimal)
            again = None if where is None else where.copy()
            count = self._filtered(exp.Count, argument.copy(), again, decimal_sum=False)
            divisor = exp.Nullif(this=count, expression=exp.Literal.number(0))
            return exp.Div(this=self.dialect.to_float(total), expression=divisor)
        if agg.func == "sum" and agg.argument is not None and agg.argument.type.kind is t.Kind.INT:
            argument = self.dialect.wide_integer(argument)
        if agg.func in ("count_distinct", "active_days"):
            assert agg.argument is not None
            if agg.func == "active_days":
                # Days on the clocks of the schema's time zone, or of the customer's own.
                zone = self.schema.time_zone
                row_zone = self._row_zone(zone, agg.customer_zone, agg, event)
                local = self._local(argument, zone, agg, row_zone)
                argument = self.dialect.date_of(local)
            else:
                argument = self.dialect.distinct_key(argument, agg.argument.type)
            return self._filtered(exp.Count, argument, where, decimal_sum=False, distinct=True)
        func = _AGG[cast(ir.AggFunc, agg.func)]
        return self._filtered(func, argument, where, decimal and agg.func == "sum")

    def _filtered(
        self,
        func: type[exp.Func],
        argument: exp.Expr,
        where: exp.Expr | None,
        decimal_sum: bool,
        distinct: bool = False,
    ) -> exp.Expr:
        """`func(argument)` over the rows where `where` holds (all rows without it); with
        `distinct`, over the distinct values of `argument`."""

        def applied(value: exp.Expr) -> exp.Expr:
            return func(this=exp.Distinct(expressions=[value]) if distinct else value)

        if where is None:
            sql: exp.Expr = applied(argument)
        elif self.dialect.filter_clause:
            sql = exp.Filter(this=applied(argument), expression=exp.Where(this=where))
        else:
            value = exp.Literal.number(1) if isinstance(argument, exp.Star) else argument
            sql = applied(exp.Case().when(where, value, copy=False))
        return self.dialect.exact_decimal(sql) if decimal_sum else sql

    def _population_cte(self) -> exp.Select:
        alone = self._population_stream()
        columns = []
        for agg, name in self.population.items():
            if (
                alone is not None
                and agg.where is not None
                and self._holds_for_rows(agg.where, alone)
            ):
                # Over the stream's rows, a filter each row passes (`where purchases > 0`) is
                # not tested, nor its aggregate computed: 10% of above_average_spenders's
                # time on DuckDB.
                agg = dataclasses.replace(agg, where=None)
            columns.append(exp.alias_(self._aggregate(agg), name, copy=False))
        select = exp.select(*columns, copy=False)
        if alone is not None:
            return select.from_(_cte_table(alone.alias), copy=False)
        return self._joined_entity(select, population=False)

    def _holds_for_rows(self, cond: ir.Cond, plan: _StreamPlan) -> bool:
        """Whether `cond` holds for every customer with a row in the CTE of `plan`."""
        filters = _row_filters(plan)
        rows = None if not filters else filters[0] if len(filters) == 1 else ir.Or(filters)
        return planner.holds_with_rows(cond, plan.stream.name, rows, self.schema)

    def _population_stream(self) -> _StreamPlan | None:
        """The aggregate of a stream, if the population aggregates are taken over its rows
        alone: each one's filter holds only for customers with its rows (`avg(total_spent where
        purchases > 0)`, `_driving_stream`; not `max(orders.amount) is missing` beside it), and
        they read nothing else (no customer value, no other aggregate)."""
        key = exp.column(self.schema.key, table=self.entity_alias)
        drivers = [
            None if population.where is None else self._driving_stream([population.where], [key])
            for population in self.population
        ]
        driver = drivers[0]
        if driver is None or any(other is not driver for other in drivers):
            return None
        if any(
            isinstance(node, ir.Attr) or (isinstance(node, ir.Agg) and node not in driver.columns)
            for population in self.population
            for node in ir.walk(population)
        ):
            return None
        return driver

    def _joined_entity(
        self,
        select: exp.Select,
        population: bool = True,
        below: int | None = None,
        keys: tuple[exp.Expr, exp.Expr] | None = None,
        held: exp.Expr | None = None,
    ) -> exp.Select:
        """`select` FROM the customers joined to the aggregates (of the levels `below`, or
        all) and, with `population`, to the aggregates over all customers; with `keys` (a table
        of distinct keys and the join condition), only those customers; with `held` (a table
        of the keys of existing customers, as `c`: `_keys_alone`), from those keys alone."""
        if held is not None:
            select = select.from_(held, copy=False)
        else:
            select = self._entity_from(select, keys)
            for exists in self.existing():
                select = select.where(exists, copy=False)
        for plan in self.streams.values():
            # (A stream's aggregate that is itself the source, `_plain_members`, is not joined.)
            if (below is None or plan.level < below) and plan.alias != self.entity_alias:
                select = self._left_join(select, plan.alias)
        for agg, alias in self.traits.items():
            if below is None or self.level(agg) < below:
                select = self._left_join(select, alias)
        if population and self.population:
            cross = exp.Join(this=_cte_table(POPULATION), kind="CROSS")
            select.append("joins", cross)
        return select

    def _entity_from(
        self, select: exp.Select, keys: tuple[exp.Expr, exp.Expr] | None
    ) -> exp.Select:
        """`select` FROM the customers, or with `keys` (a table of distinct keys and the join
        condition) from those keys joined to their customers."""
        if keys is None:
            return select.from_(self.entity(), copy=False)
        held, on = keys
        select = select.from_(held, copy=False)
        select.append("joins", exp.Join(this=self.entity(), on=on, kind="INNER"))
        return select

    def entity(self) -> exp.Expr:
        """The entity table as `c`; with `attributes_as_of`, its attributes as of the instant
        (docs/semantics.md, "Attributes in time")."""
        if self.attributes_as_of:
            return entity_as_of(self.schema, self.dialect, self.now(), self.entity_alias)
        return exp.alias_(
            table_source(self.schema.table), self.entity_alias, table=True, copy=False
        )

    def _as_entity(self, table: exp.Table) -> exp.Table:
        """A table of customer keys (a CTE's) under the entity's alias `c`."""
        alias = exp.TableAlias(this=exp.to_identifier(self.entity_alias))
        return exp.Table(this=table.this, alias=alias)

    def _keys_alone(
        self, stream: str, conditions: Sequence[ir.Cond], columns: Sequence[exp.Expr]
    ) -> bool:
        """Whether members that all have events of `stream` are read from those events' keys
        alone, without the customer table: the stream's events are of existing customers
        (`of_existing`, docs/semantics.md, "Events of existing customers"), and neither the
        columns nor `conditions` read a customer's own value (`_keys_only`)."""
        return self.schema.events[stream].of_existing and _keys_only(conditions, columns)

    def existing(self) -> list[exp.Expr]:
        """With the schema's `since`, the test that the customer `c` exists as of the instant:
        `since` missing or not after it (docs/semantics.md, "Customers in time"). Every
        population is formed of the customers who pass it."""
        if self.schema.since is None:
            return []
        column = self.schema.attributes[self.schema.since]
        since = ir.Attr(self.schema.since, column.column, column.type, column.nullable)
        exists = ir.Or((ir.IsMissing(since), ir.Compare("<=", since, ir.Now())))
        return [self.cond(exists, exact=False)]

    def _left_join(self, select: exp.Select, alias: str) -> exp.Select:
        """`select LEFT JOIN alias ON alias.key = c.key`, built without parsing or copying."""
        key = exp.column(self.schema.key, table=self.entity_alias)
        on = exp.EQ(this=exp.column(self.schema.key, table=alias), expression=key)
        select.append("joins", exp.Join(this=_cte_table(alias), side="LEFT", on=on))
        return select

    def _rank_cte(self, rank: _RankPlan) -> exp.Select:
        if rank.sparse is not None:
            return self._sparse_rank_cte(rank)
        key_value = self.value(rank.node.key)
        order = exp.Ordered(this=key_value, desc=rank.node.direction == "top", nulls_first=False)
        window = exp.Window(this=self.dialect.cume_dist(), order=exp.Order(expressions=[order]))
        if rank.present is not None:
            # Measured: 1.29× the hand-written query for `at_risk` on DuckDB (1.70× on
            # PostgreSQL) when every customer was joined to the events' aggregate and sorted.
            select = self._with_events(rank, rank.present, window)
        else:
            key = exp.column(self.schema.key, table=self.entity_alias)
            select = exp.select(
                # Named explicitly: ClickHouse names it `c.customer_id` next to a CROSS JOIN.
                exp.alias_(key, self.schema.key, copy=False),
                exp.alias_(window, "cume_dist", copy=False),
                copy=False,
            )
            select = self._joined_entity(select)
        if not ir.nullable(rank.node.key):
            return select
        # Rank only customers whose value is present; the rest are never in a top/bottom N%.
        return select.where(
            exp.not_(exp.Is(this=key_value.copy(), expression=exp.Null())), copy=False
        )

    def _sparse_rank_cte(self, rank: _RankPlan) -> exp.Select:
        """The cumulative distribution of each customer with events: the customers with events
        ranked at or before them (ties included), plus those without events (all at 0) when 0
        ranks at or before their value, over all customers. The same numbers as CUME_DIST over
        every customer, divided the same way (docs/semantics.md, "Population-relative
        conditions")."""
        top = rank.node.direction == "top"
        value = exp.column(RANK_VALUE, table=rank.rows)
        order = exp.Ordered(this=value, desc=top, nulls_first=False)
        at_or_before = exp.Window(
            this=exp.Count(this=exp.Star()), order=exp.Order(expressions=[order])
        )
        zero_before = (exp.LTE if top else exp.GTE)(
            this=value.copy(), expression=exp.Literal.number(0)
        )
        unranked = (
            exp.Case()
            .when(zero_before, exp.column("unranked", table=rank.rest), copy=False)
            .else_(exp.Literal.number(0), copy=False)
        )
        cume = exp.Div(
            this=self.dialect.to_float(exp.Add(this=at_or_before, expression=unranked)),
            expression=exp.column("total", table=rank.rest),
        )
        key = exp.column(self.schema.key, table=rank.rows)
        select = exp.select(
            # Named explicitly: ClickHouse names it `…_rows.customer_id` next to a CROSS JOIN.
            exp.alias_(key, self.schema.key, copy=False),
            exp.alias_(cume, "cume_dist", copy=False),
            copy=False,
        ).from_(_cte_table(rank.rows), copy=False)
        select.append("joins", exp.Join(this=_cte_table(rank.rest), kind="CROSS"))
        return select

    def _rank_rows_cte(self, rank: _RankPlan, agg: ir.Agg) -> exp.Select:
        """The customers with a row in the CTE of `agg`'s stream and their values, read once
        for the ranking, its counts and its members (measured: 13% faster for `vip` on DuckDB
        than joining the events to the customers for each)."""
        value = self.value(rank.node.key)
        rows = self._with_events(rank, agg, value.copy(), RANK_VALUE)
        events = ir.Agg("count", agg.stream, None, agg.where, t.INT)
        has_events = ir.Compare(">=", events, ir.Const(1, t.INT))
        if self._holds_for_rows(has_events, self.agg_plans[agg]):
            return rows
        # The CTE also holds the rows of other filters (`lapsed_vips_outside_eu`: the last
        # order ever beside the spend over 365 days), so customers without the ranking's own
        # events: they have the value 0, as the customers without rows, and are counted with
        # them, not sorted. Where every row passes the filter, this test alone cost up to 7%.
        return rows.where(exp.NEQ(this=value, expression=exp.Literal.number(0)), copy=False)

    def _with_events(
        self, rank: _RankPlan, agg: ir.Agg, value: exp.Expr, name: str = "cume_dist"
    ) -> exp.Select:
        """The key and `value` AS `name` of each customer with a row in the CTE of `agg`'s
        stream. Events whose customer is not in the customer table rank nobody, unless its
        stream promises `of_existing`: then the customers are not read."""
        alias = self.agg_plans[agg].alias
        if self._keys_alone(agg.stream, [rank.node], [exp.column(self.schema.key)]):
            return exp.select(
                exp.alias_(exp.column(self.schema.key, table=alias), self.schema.key),
                exp.alias_(value, name, copy=False),
                copy=False,
            ).from_(_cte_table(alias), copy=False)
        key = exp.column(self.schema.key, table=self.entity_alias)
        on = exp.EQ(this=exp.column(self.schema.key, table=alias), expression=key.copy())
        select = exp.select(
            exp.alias_(key, self.schema.key, copy=False),
            exp.alias_(value, name, copy=False),
            copy=False,
        ).from_(self.entity(), copy=False)
        select.append("joins", exp.Join(this=_cte_table(alias), on=on))
        for exists in self.existing():
            select = select.where(exists, copy=False)
        return select

    def _rank_rest_cte(self, rank: _RankPlan) -> exp.Select:
        """One row: the number of customers (`total`), of those without events (`unranked`),
        and the cumulative distribution of the value 0 they all have (`zero_cume`)."""
        zero_after = (exp.GTE if rank.node.direction == "top" else exp.LTE)(
            this=exp.column(RANK_VALUE), expression=exp.Literal.number(0)
        )
        ranked = exp.select(
            exp.alias_(exp.Count(this=exp.Star()), "ranked", copy=False),
            exp.alias_(self._count_if(zero_after), "at_zero", copy=False),
            copy=False,
        ).from_(_cte_table(rank.rows), copy=False)
        everyone = exp.select(
            exp.alias_(exp.Count(this=exp.Star()), "total", copy=False), copy=False
        ).from_(self.entity(), copy=False)
        for exists in self.existing():
            everyone = everyone.where(exists, copy=False)
        total, with_events = exp.column("total", table="t"), exp.column("ranked", table="e")
        unranked = exp.Sub(this=total, expression=with_events)
        at_zero = exp.Add(this=exp.column("at_zero", table="e"), expression=unranked.copy())
        zero_cume = exp.Div(
            this=self.dialect.to_float(at_zero),
            expression=exp.Nullif(this=total.copy(), expression=exp.Literal.number(0)),
        )
        select = exp.select(
            exp.alias_(total.copy(), "total", copy=False),
            exp.alias_(unranked, "unranked", copy=False),
            exp.alias_(zero_cume, "zero_cume", copy=False),
            copy=False,
        ).from_(everyone.subquery("t", copy=False), copy=False)
        select.append("joins", exp.Join(this=ranked.subquery("e", copy=False), kind="CROSS"))
        return select

    def members(
        self, cond: ir.Cond, extra_columns: tuple[str, ...] = (), *, rewrites: bool = True
    ) -> exp.Select:
        """SELECT the entity key of every customer for whom `cond` holds, once each.

        Candidate-first: top-level conditions on the customer's own attributes, and conditions
        that amount to "has (no) such event" (answered by semi- and anti-joins that read only
        the matching rows), pick the candidates; only the remaining conditions aggregate event
        tables, and only for those candidates. Without `rewrites`, the plain query: the
        reference the rewritten one is tested against (docs/performance.md)."""
        self.read_as_of([cond], extra_columns)
        columns = [exp.column(self.schema.key, table=self.entity_alias)]
        columns += [exp.column(c, table=self.entity_alias) for c in extra_columns]
        if not rewrites:
            return self._plain_members(cond, columns)
        entity: list[ir.Cond] = []
        tests: list[planner.EventTest] = []
        # Conjuncts that are one of several presence tests: each a filter on the customers.
        either: list[list[planner.EventTest]] = []
        rest: list[ir.Cond] = []
        parts = planner.latest_unanswered(planner.conjuncts(cond), self.schema)
        parts = planner.without_implied(planner.window_latest(parts), self.schema)
        sole = len(parts) == 1 and not extra_columns
        for part in parts:
            exact = planner.exact_tests(part, self.schema, self.as_of)
            alternatives = self._either_presence(part, sole) if exact is None else None
            if exact is not None:
                tests.extend(exact)
            elif alternatives is not None:
                either.append(alternatives)
            elif not planner.uses_events(part):
                entity.append(part)
            else:
                rest.append(part)
        # Each stream and window read once: no test that another condition implies, and the
        # conditions on one stream's recent windows in one grouped pass.
        tests = planner.without_implied_tests(tests, rest, self.schema)
        whole_streams = self.dialect.semi_join != "in"
        tests, rest = planner.one_pass_per_window(tests, rest, self.schema, whole_streams)
        for part in rest:
            tests.extend(planner.implied_tests(part, self.schema))
        if len(parts) == 1 and isinstance(parts[0], ir.TopPercent) and not extra_columns:
            # The ranking has one row per ranked customer: read the members from it alone.
            self.plan(parts)
            return self._with_ctes(self._ranking_members(self.ranks[_rank_key(parts[0])]))
        sequence = next((part for part in parts if isinstance(part, ir.Sequence)), None)
        if not tests and sequence is not None:
            others = [part for part in parts if part is not sequence]
            return self._sequence_members(sequence, others, columns)
        if not tests and not either and not (entity and rest):
            cond = parts[0] if len(parts) == 1 else ir.And(tuple(parts), cond.span)
            return self._plain_members(cond, columns, rewrites=True)
        unique_tests = list(dict.fromkeys(tests))
        filters = [self.cond(part, exact=False) for part in entity]
        if not rest:
            return self._tested_members(unique_tests, filters, columns, not entity, either)
        any_event = [self._any_event(alternatives) for alternatives in either]
        filters = [
            *self.existing(),
            *filters,
            *any_event,
            *(self._event_test(t) for t in unique_tests),
        ]
        self.plan(rest)
        self.candidates = self._restrictable_streams(rest)
        key = exp.column(self.schema.key, table=self.entity_alias)
        source: exp.Expr = self.entity()
        first = next((test for test in unique_tests if test.exists), None)
        alone = False
        if not entity and first is not None:
            # Only event conditions: start from the keys of the matching events (few, and read
            # from a time window) rather than from every customer.
            source = self._event_keys(first).subquery(self.entity_alias, copy=False)
            filters = [self._event_test(test) for test in unique_tests if test is not first]
            filters += any_event
            alone = self._keys_alone(first.stream, rest, columns)
        candidates = exp.select(key.copy(), copy=False).from_(source, copy=False)
        if filters:
            candidates = candidates.where(exp.and_(*filters, copy=False), copy=False)
        # Every member in the aggregate of a stream read for the candidates only: from it.
        driver = self._driving_stream(rest, columns, self.candidates) if alone else None
        if driver is not None:
            select = self._from_stream(driver, rest)
        else:
            conditions = [self.cond(part, exact=False) for part in rest]
            held = None
            if alone:
                # The candidates are the customers: they exist (their stream says so).
                held = self._as_entity(_cte_table(CANDIDATES))
            elif not any(planner.needs_an_event(part, self.candidates) for part in rest):
                # Otherwise a stream aggregated for the candidates only already keeps the
                # others out; one reference fewer to the candidates lets PostgreSQL inline them.
                chosen = (
                    exp.select(exp.column(self.schema.key), copy=False)
                    .from_(_cte_table(CANDIDATES), copy=False)
                    .subquery(copy=False)
                )
                conditions.insert(0, exp.In(this=key, query=chosen))
            select = exp.select(*columns, copy=False)
            select = self._join_ranks(self._joined_entity(select, held=held))
            select = select.where(exp.and_(*conditions, copy=False), copy=False)
        query = self._with_ctes(select)
        with_ = query.args["with_"]
        with_.set(
            "expressions",
            [
                exp.CTE(this=candidates, alias=exp.TableAlias(this=exp.to_identifier(CANDIDATES))),
                *with_.expressions,
            ],
        )
        return query

    def _ranking_members(self, rank: _RankPlan) -> exp.Select:
        """The members of a ranking alone: its ranked customers within the fraction; in a sparse
        ranking, then the customers without events, when the value 0 is within it."""
        ranked = self._within(rank, rank.node.fraction)
        if rank.sparse is None:
            return ranked
        zero_within = exp.LTE(
            this=exp.column("zero_cume", table=rank.rest),
            expression=exp.Literal.number(str(rank.node.fraction)),
        )
        return self._and_customers_without(ranked, rank.rows, zero_within, [rank.rest], "ranking")

    def _within(self, rank: _RankPlan, fraction: Decimal) -> exp.Select:
        """The keys of the customers `rank` ranks within `fraction`. (Its columns unqualified: a
        query that reads it only here does not join it, `_without_unused_joins`.)"""
        within = exp.LTE(this=exp.column("cume_dist"), expression=exp.Literal.number(str(fraction)))
        return (
            exp.select(exp.column(self.schema.key), copy=False)
            .from_(_cte_table(rank.alias), copy=False)
            .where(within, copy=False)
        )

    def _and_customers_without(
        self, found: exp.Select, rows: str, gate: exp.Expr, one_row: list[str], name: str
    ) -> exp.Select:
        """The keys of `found` and, where `gate` holds (reading only the one-row CTEs
        `one_row`), of the existing customers without a row in the CTE `rows`."""
        key = exp.column(self.schema.key, table=self.entity_alias)
        # Without a NULL key among them, or NOT IN holds for no one.
        present = exp.not_(exp.Is(this=exp.column(self.schema.key), expression=exp.Null()))
        keys = (
            exp.select(exp.column(self.schema.key), copy=False)
            .from_(_cte_table(rows), copy=False)
            .where(present, copy=False)
        )
        without = exp.or_(
            exp.Is(this=key.copy(), expression=exp.Null()),
            exp.not_(exp.In(this=key.copy(), query=keys.subquery(copy=False))),
            copy=False,
        )
        others = exp.select(key, copy=False).from_(self.entity(), copy=False)
        for table in one_row:
            others.append("joins", exp.Join(this=_cte_table(table), kind="CROSS"))
        conditions = [*self.existing(), gate, without]
        others = others.where(exp.and_(*conditions, copy=False), copy=False)
        both = exp.union(found, others, distinct=False, copy=False)
        return exp.select(exp.column(self.schema.key), copy=False).from_(
            both.subquery(f"{name}_members", copy=False), copy=False
        )

    def _plain_members(
        self, cond: ir.Cond, columns: Sequence[exp.Expr], rewrites: bool = False
    ) -> exp.Select:
        """Every customer joined to one aggregate row per event table (and the rankings it
        needs), with the whole condition in WHERE; or, when the condition is false without
        rows of a stream of existing customers (`_keys_alone`), that stream's aggregate rows
        in place of the customers; with `rewrites`, or a ranking's customers
        (`_driving_ranking`)."""
        self.plan([cond])
        driver = self._driving_stream([cond], columns)
        if driver is not None:
            return self._with_ctes(self._from_stream(driver, [cond]))
        ranking = self._driving_ranking(cond, columns) if rewrites else None
        if ranking is not None:
            return self._with_ctes(self._from_ranking(ranking, cond))
        gated = self._gated_stream(cond, columns) if rewrites else None
        if gated is not None:
            return self._with_ctes(self._from_stream_and_gate(*gated, cond))
        select = self._join_ranks(self._joined_entity(exp.select(*columns, copy=False)))
        return self._with_ctes(select.where(self.cond(cond, exact=False), copy=False))

    def _driving_stream(
        self,
        conditions: Sequence[ir.Cond],
        columns: Sequence[exp.Expr],
        candidates: set[str] | None = None,
    ) -> _StreamPlan | None:
        """The aggregate of a stream whose rows hold every member: `conditions` are false for a
        customer without its rows, and read no customer value. Its rows are of existing
        customers when its stream promises so (`of_existing`), or when it is one of the
        `candidates`' streams, read only for candidates who are."""
        everything = ir.And(tuple(conditions))
        return next(
            (
                plan
                for plan in self.streams.values()
                if plan.level == 0
                and (
                    plan.stream.of_existing
                    if candidates is None
                    else plan.stream.name in candidates
                )
                and _keys_only(conditions, columns)
                # Its rows hold those of each aggregate it computes, and no others'.
                and planner.false_without_rows(everything, plan.stream.name, plan.columns)
            ),
            None,
        )

    def _gated_stream(
        self, cond: ir.Cond, columns: Sequence[exp.Expr]
    ) -> tuple[_StreamPlan, exp.Expr] | None:
        """A stream of existing customers whose aggregate rows hold every member with its
        events, and the test of the others: `cond` with the stream's values missing, as the
        customers without its rows have them, when it then reads only values over all customers
        (`above_average_spenders`: 0 above the buyers' average). Measured on DuckDB: 227
        against 277 ms from every customer joined to the spend."""
        if not _keys_only([cond], columns):
            return None
        for plan in self.streams.values():
            if plan.level != 0 or not plan.stream.of_existing:
                continue
            gate = self.cond(cond, exact=False)
            types = {name: agg.type.kind for agg, name in plan.columns.items()}
            for column in list(gate.find_all(exp.Column)):
                if column.table == plan.alias:
                    # Typed: a bare NULL leaves overloads unresolved (DuckDB: `month(NULL)`).
                    kind = types.get(column.name)
                    null_type = None if kind is None else _NULL_TYPES.get(kind)
                    if null_type is None:
                        return None
                    column.replace(cast_to(exp.Null(), null_type))
            if all(column.table == POPULATION for column in gate.find_all(exp.Column)):
                return plan, gate
        return None

    def _from_stream_and_gate(
        self, driver: _StreamPlan, gate: exp.Expr, cond: ir.Cond
    ) -> exp.Select:
        """The members among the aggregate rows of `driver` and, when `gate` holds, the existing
        customers without such a row (`_gated_stream`)."""
        with_rows = _without_unused_joins(self._from_stream(driver, [cond]), self._one_row())
        # Named explicitly: ClickHouse names it `…_agg.customer_id` next to a CROSS JOIN.
        named = exp.alias_(with_rows.expressions[0], self.schema.key, copy=False)
        with_rows.set("expressions", [named])
        one_row = [POPULATION] if self.population else []
        return self._and_customers_without(with_rows, driver.alias, gate, one_row, "stream")

    def _from_stream(self, driver: _StreamPlan, conditions: Sequence[ir.Cond]) -> exp.Select:
        """The members among the aggregate rows of `driver` (`_driving_stream`), in place of
        the customers: its key is theirs, and it is not joined to itself."""
        entity_alias, self.entity_alias = self.entity_alias, driver.alias
        try:
            key = exp.column(self.schema.key, table=driver.alias)
            select = self._joined_entity(exp.select(key), held=_cte_table(driver.alias))
            where = exp.and_(*(self.cond(part, exact=False) for part in conditions))
            return self._join_ranks(select).where(where, copy=False)
        finally:
            self.entity_alias = entity_alias

    def _driving_ranking(self, cond: ir.Cond, columns: Sequence[exp.Expr]) -> _RankPlan | None:
        """A ranking whose CTE holds every member: `cond` reads no customer value and is false
        for a customer the ranking leaves out (`_outside`). Measured on DuckDB, `at_risk`: 413
        against 553 ms from every customer."""
        if not _keys_only([cond], columns):
            return None
        return next(
            (
                rank
                for rank in self.ranks.values()
                if planner.false_when_outside(cond, functools.partial(_outside, rank))
            ),
            None,
        )

    def _from_ranking(self, rank: _RankPlan, cond: ir.Cond) -> exp.Select:
        """The members among the customers `rank` ranks (`_driving_ranking`), in place of all
        customers: they exist (the ranking keeps only those), and it is not joined to itself.
        A conjunct that is a test of another ranking that leaves the customer out is
        membership in that ranking's CTE: PostgreSQL estimates a join of two CTEs as the
        product of their rows over 200 keys, and with a third ranking, so many rows that it
        compiled the query first (JIT: `champions` 2.2 s, 0.73 s without)."""
        entity_alias, self.entity_alias = self.entity_alias, rank.alias
        try:
            key = exp.column(self.schema.key, table=rank.alias)
            select = self._joined_entity(exp.select(key), held=_cte_table(rank.alias))
            tests: list[exp.Expr] = []
            for part in planner.conjuncts(cond):
                if (
                    isinstance(part, ir.TopPercent)
                    and (other := self.ranks[_rank_key(part)]) is not rank
                    and _outside(other, part)
                ):
                    ranked = self._within(other, part.fraction).subquery(copy=False)
                    tests.append(exp.In(this=key.copy(), query=ranked))
                else:
                    tests.append(self.cond(part, exact=False))
            return self._join_ranks(select).where(exp.and_(*tests, copy=False), copy=False)
        finally:
            self.entity_alias = entity_alias

    def _tested_members(
        self,
        tests: list[planner.EventTest],
        filters: list[exp.Expr],
        columns: Sequence[exp.Expr],
        keys_first: bool,
        either: Sequence[list[planner.EventTest]] = (),
    ) -> exp.Select:
        """The customers who pass `filters`, every event test and one of each of the groups of
        presence tests `either`. Where presence is a hash
        semi-join and, with `keys_first`, no condition on the customer's own columns narrows
        them first, a test of a recent window (few keys) drives the query: its keys joined to
        the customers, not every customer tested against them, which made DuckDB hash every
        customer (measured on DuckDB: 3x slower for `last_open < 30d`, 3.3x for `last_order in
        this month`; with `country = "DE"` beside it the customers first were faster)."""
        recent = next(
            (
                test
                for test in tests
                if keys_first
                and test.exists
                and self.dialect.semi_join == "in"
                and planner.windowed(test.stream, test.where, self.schema)
            ),
            None,
        )
        alone = next(
            (
                test
                for test in sorted(tests, key=lambda test: recent is not test)
                if keys_first
                and test.exists
                and self._keys_alone(test.stream, [], columns)
                # Where presence is not a hash semi-join, the distinct keys of a whole stream
                # cost more than a probe per customer (PostgreSQL: 2.2x for never_openers);
                # grouped keys are distinct anyway.
                and (
                    self.dialect.semi_join == "in"
                    or planner.windowed(test.stream, test.where, self.schema)
                    or self._having(test) is not None
                )
            ),
            None,
        )
        # Or, one of several presence tests of streams of existing customers: the keys of all
        # their events, once each.
        source = None
        if alone is None and keys_first:
            source = next(
                (
                    group
                    for group in either
                    if all(self._keys_alone(test.stream, [], columns) for test in group)
                ),
                None,
            )
        filters = filters + [self._any_event(group) for group in either if group is not source]
        select = exp.select(*columns, copy=False)
        # Grouped tests read the rows of the customers with events in a recent window only,
        # unless those customers' keys are the source.
        narrowing = self._narrowing(tests) if recent is None else None
        if narrowing is not None and alone is narrowing.recent:
            narrowing = None

        def within(test: planner.EventTest) -> planner.EventTest | None:
            if narrowing is not None and test in narrowing.grouped:
                return narrowing.recent
            return None

        if alone is not None:
            # Their keys are the members: no customer table at all.
            found = self._event_keys(alone, within=within(alone))
            select = select.from_(found.subquery(self.entity_alias, copy=False), copy=False)
            recent = alone
        elif source is not None:
            every = [self._event_keys(test, distinct=False) for test in source]
            keys = exp.union(*every, distinct=True, copy=False)
            select = select.from_(keys.subquery(self.entity_alias, copy=False), copy=False)
        elif recent is not None:
            held = self._event_keys(recent).subquery(RECENT_KEYS, copy=False)
            on = exp.EQ(
                this=exp.column(self.schema.key, table=self.entity_alias),
                expression=exp.column(self.schema.key, table=RECENT_KEYS),
            )
            select = self._entity_from(select, (held, on))
        else:
            select = self._entity_from(select, None)
        if alone is None and source is None:
            filters = [*self.existing(), *filters]
        for test in tests:
            # (The tests it narrows hold only where the recent window's presence does.)
            if test is not recent and (narrowing is None or test is not narrowing.recent):
                filters.append(self._event_test(test, within(test)))
        if not filters:
            return select
        return select.where(exp.and_(*filters, copy=False), copy=False)

    def _sequence_members(
        self, sequence: ir.Sequence, others: list[ir.Cond], columns: Sequence[exp.Expr]
    ) -> exp.Select:
        """The customers from the keys of a sequence that holds (each once), joined to the
        customers, with the other conditions in WHERE: the keys are few, and testing every
        customer against them instead made DuckDB hash all the customers (measured: 2x slower
        for cart_abandoners)."""
        self.plan([sequence, *others])
        key = exp.column(self.schema.key, table=self.entity_alias)
        alias = self.sequences[sequence]
        select = exp.select(*columns, copy=False)
        if self._keys_alone(sequence.first.stream, others, columns):
            # Every member has a first event, which is of an existing customer.
            select = self._joined_entity(select, held=self._as_entity(_cte_table(alias)))
        else:
            on = exp.EQ(this=key, expression=exp.column(self.schema.key, table=alias))
            select = self._joined_entity(select, keys=(_cte_table(alias), on))
        select = self._join_ranks(select)
        if others:
            conditions = [self.cond(part, exact=False) for part in others]
            select = select.where(exp.and_(*conditions, copy=False), copy=False)
        return self._with_ctes(select)

    def _restrictable_streams(self, conditions: list[ir.Cond]) -> set[str]:
        """Streams whose aggregation may skip non-candidates: not those a ranking or a
        population aggregate needs for every customer, and not those read only in a recent
        window (few rows: aggregating them all beats probing them per candidate, which is
        what PostgreSQL does with the restriction)."""
        whole: set[str] = set()
        for cond in conditions:
            for node in ir.walk(cond):
                if isinstance(node, ir.TopPercent | ir.PopulationAgg):
                    whole |= {n.stream for n in ir.walk(node) if isinstance(n, ir.Agg)}
        streams = {name for name, _ in self.streams}
        for name in streams:
            plans = [plan for (each, _), plan in self.streams.items() if each == name]
            if all(
                planner.windowed(name, agg.where, self.schema)
                for plan in plans
                for agg in plan.columns
            ):
                whole.add(name)
        return streams - whole

    def _event_keys(
        self,
        test: planner.EventTest,
        distinct: bool = True,
        within: planner.EventTest | None = None,
    ) -> exp.Select:
        """The keys of the customers with enough events matching the test, once each unless
        not `distinct` (a semi-join's build side: the engine hashes them anyway); with
        `within`, of the customers it finds only (`_test_rows`)."""
        stream = self.schema.events[test.stream]
        key = exp.alias_(exp.column(stream.key), self.schema.key, copy=False)
        select = (
            exp.select(key, copy=False)
            .from_(table_source(stream.table), copy=False)
            .where(exp.and_(*self._test_rows(test, within), copy=False), copy=False)
        )
        having = self._having(test)
        if having is None:
            return select.distinct(copy=False) if distinct else select
        return select.group_by(exp.column(stream.key), copy=False).having(having, copy=False)

    def _test_rows(
        self, test: planner.EventTest, within: planner.EventTest | None = None
    ) -> list[exp.Expr]:
        """The rows a test reads; `within`, a test of presence, narrows them to those of the
        customers it finds, whole: a grouped test then holds only where both do."""
        stream = self.schema.events[test.stream]
        conditions: list[exp.Expr] = [exp.LTE(this=exp.column(stream.time), expression=self.now())]
        if test.where is not None:
            conditions.append(self.cond(test.where, exact=False, event=True))
        if within is not None:
            keys = self._event_keys(within, distinct=False).subquery(copy=False)
            conditions.append(exp.In(this=exp.column(stream.key), query=keys))
        return conditions

    def _in_group(self, cond: ir.Cond, rows: ir.Cond | None) -> exp.Expr:
        """A condition on one customer's aggregates, over the rows of one group (which pass
        `rows`)."""
        self._group_rows = [] if rows is None else planner.conjuncts(rows)
        try:
            return self.cond(cond, exact=False)
        finally:
            self._group_rows = None

    def _group_aggregate(self, agg: ir.Agg, passed: list[ir.Cond]) -> exp.Expr:
        """An aggregate over the rows of a group that pass its filter (less the conjuncts
        every row of the group passes: a FILTER slows DuckDB down)."""
        if agg.where is not None:
            agg = dataclasses.replace(agg, where=_not_passed(agg.where, passed))
        aggregate = self._aggregate(agg)
        if agg.func in ir.COUNTS:
            return aggregate  # a count is never NULL
        return _empty_as_value(agg, aggregate)

    def _trait_in_group(self, trait: ir.Agg, value: ir.Const, passed: list[ir.Cond]) -> exp.Expr:
        """`last(f) = v` (or `first`) over the rows of a group, without ranking them: the
        latest (earliest) time of a row with `f` present is that of a row with the value `v`,
        and no row at that time has a value after (before) `v` in event order, which decides a
        tie (docs/semantics.md, "Value traits")."""
        assert trait.argument is not None
        stream = self.schema.events[trait.stream]
        rows = _not_passed(planner.trait_rows(trait), passed)
        within = None if rows is None else self.cond(rows, exact=False, event=True)
        time = exp.column(stream.time, table=self._event_table)
        extreme = exp.Max if trait.func == "last" else exp.Min

        def time_of(condition: exp.Expr | None) -> exp.Expr:
            parts = [part for part in (within, condition) if part is not None]
            where = exp.and_(*(part.copy() for part in parts), copy=False) if parts else None
            return self._filtered(extreme, time.copy(), where, decimal_sum=False)

        field_type = trait.argument.type
        keys = self.dialect.value_order(self.value(trait.argument, event=True), field_type)
        bounds = self.dialect.value_order(self.const(value.value, field_type), field_type)
        equal = self.cond(ir.Compare("=", trait.argument, value), exact=False, event=True)
        at_value = time_of(equal)
        beaten = time_of(_beyond(keys, bounds, after=trait.func == "last"))
        earlier = exp.LT if trait.func == "last" else exp.GT
        return exp.and_(
            exp.EQ(this=at_value, expression=time_of(None)),
            exp.or_(
                exp.Is(this=beaten, expression=exp.Null()),
                earlier(this=beaten.copy(), expression=at_value.copy()),
                copy=False,
            ),
            copy=False,
        )

    def _having(self, test: planner.EventTest) -> exp.Expr | None:
        """What a customer's rows passing the test must satisfy together, if more than to
        exist: at least k of them, or the test's condition on the group."""
        if test.grouped is not None:
            return self._in_group(test.grouped, test.where)
        if test.at_least > 1:
            at_least = exp.Literal.number(test.at_least)
            return exp.GTE(this=exp.Count(this=exp.Star()), expression=at_least)
        return None

    def _either_presence(self, part: ir.Cond, sole: bool) -> list[planner.EventTest] | None:
        """The presence tests of which `part` needs one (planner.either_presence), where
        presence is a hash semi-join, or where `part` is the `sole` condition and its events
        are of existing customers: their keys are the members. (Otherwise, on PostgreSQL, one
        aggregate per stream stays faster: measured 1.4x against one IN on the keys of both, 2x
        against an EXISTS for each; the keys alone 1.8x faster than the aggregates.)"""
        tests = planner.either_presence(part, self.schema, self.as_of)
        if self.dialect.semi_join == "in" or tests is None:
            return tests
        if sole and all(self.schema.events[test.stream].of_existing for test in tests):
            return tests
        return None

    def _any_event(self, tests: list[planner.EventTest]) -> exp.Expr:
        """Has an event passing one of the presence tests: one IN on the keys of all their
        events (one semi-join; measured 2.5x faster on DuckDB than aggregating each stream)."""
        every = [self._event_keys(test, distinct=False) for test in tests]
        keys = exp.union(*every, distinct=False, copy=False)
        entity_key = exp.column(self.schema.key, table=self.entity_alias)
        return exp.In(this=entity_key, query=keys.subquery(copy=False))

    def _narrowing(self, tests: list[planner.EventTest]) -> _Narrowing | None:
        """A test of the presence of events in a recent window, and the tests grouped over the
        rows of a stream that the customers it finds narrow (`_event_test`): measured on
        PostgreSQL, `recent_shoe_buyers` 390 against 790 ms with a probe of the window per
        customer beside the grouping of all their orders."""
        recent = next(
            (
                test
                for test in tests
                if test.exists
                and self._having(test) is None
                and planner.windowed(test.stream, test.where, self.schema)
            ),
            None,
        )
        grouped = [
            test
            for test in tests
            if test is not recent and test.exists and self._having(test) is not None
        ]
        return _Narrowing(recent, grouped) if recent is not None and grouped else None

    def _event_test(
        self, test: planner.EventTest, within: planner.EventTest | None = None
    ) -> exp.Expr:
        """`has (no) event in the stream matching the filter`, as of the query's instant: an
        IN / NOT IN on the non-null key, or a correlated EXISTS where the engine prefers it.
        "At least k events" is an IN / NOT IN on the keys grouped with a HAVING on every
        engine (a correlated count is slow everywhere). `within`: see `_test_rows`."""
        stream = self.schema.events[test.stream]
        conditions = self._test_rows(test, within)
        entity_key = exp.column(self.schema.key, table=self.entity_alias)
        having = self._having(test)
        if self.dialect.semi_join == "exists" and having is None:
            events = exp.alias_(table_source(stream.table), "e", table=True, copy=False)
            correlated = exp.EQ(this=exp.column(stream.key, table="e"), expression=entity_key)
            inner = (
                exp.select(exp.Literal.number(1), copy=False)
                .from_(events, copy=False)
                .where(exp.and_(correlated, *conditions, copy=False), copy=False)
            )
            found: exp.Expr = exp.Exists(this=inner)
        else:
            not_null = exp.not_(
                exp.Is(this=exp.column(stream.key), expression=exp.Null()), copy=False
            )
            inner = (
                exp.select(exp.column(stream.key), copy=False)
                .from_(table_source(stream.table), copy=False)
                .where(exp.and_(*conditions, not_null, copy=False), copy=False)
            )
            if having is not None:
                inner = inner.group_by(exp.column(stream.key), copy=False)
                inner = inner.having(having, copy=False)
            found = exp.In(this=entity_key, query=inner.subquery(copy=False))
        return found if test.exists else exp.not_(found, copy=False)

    def sizes(self, conditions: Sequence[ir.Cond]) -> exp.Select:
        """One row: the number of customers (`total`) and the member count of every condition
        (`size_i`), all from one pass (each event table aggregated once)."""
        self.read_as_of(conditions)
        self.plan(conditions)
        columns: list[exp.Expr] = [exp.alias_(exp.Count(this=exp.Star()), "total")]
        for index, cond in enumerate(conditions):
            columns.append(
                exp.alias_(
                    self._count_if(self.cond(cond, exact=False)), f"size_{index}", copy=False
                )
            )
        return self._with_ctes(
            self._join_ranks(self._joined_entity(exp.select(*columns, copy=False)))
        )

    def flags(
        self,
        conditions: Sequence[ir.Cond],
        values: Sequence[ir.Value] = (),
        extra_columns: Sequence[str] = (),
    ) -> exp.Select:
        """One row per customer: the key, per condition `flag_i` = 1 if it holds, else 0, per
        value `value_j`, then the entity's `extra_columns`."""
        self.read_as_of([*conditions, *values], extra_columns)
        self.plan([*conditions, *values])
        columns: list[exp.Expr] = [exp.column(self.schema.key, table=self.entity_alias)]
        for index, cond in enumerate(conditions):
            flag = (
                exp.Case()
                .when(self.cond(cond, exact=False), exp.Literal.number(1), copy=False)
                .else_(exp.Literal.number(0), copy=False)
            )
            columns.append(exp.alias_(flag, f"flag_{index}", copy=False))
        for index, value in enumerate(values):
            columns.append(exp.alias_(self.value(value), f"value_{index}", copy=False))
        columns += [exp.column(column, table=self.entity_alias) for column in extra_columns]
        return self._with_ctes(
            self._join_ranks(self._joined_entity(exp.select(*columns, copy=False)))
        )

    def _join_ranks(self, select: exp.Select) -> exp.Select:
        for rank in self.ranks.values():
            # (A ranking that is itself the source, `_from_ranking`, is not joined.)
            if rank.alias != self.entity_alias:
                select = self._left_join(select, rank.alias)
            if rank.sparse is not None:
                select.append("joins", exp.Join(this=_cte_table(rank.rest), kind="CROSS"))
        return select

    def _count_if(self, cond: exp.Expr) -> exp.Expr:
        if self.dialect.filter_clause:
            return exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=cond))
        # A count, so 0 over no rows, where SUM gives NULL.
        total = exp.Sum(
            this=exp.Case()
            .when(cond, exp.Literal.number(1), copy=False)
            .else_(exp.Literal.number(0), copy=False)
        )
        return exp.Coalesce(this=total, expressions=[exp.Literal.number(0)])

    def _one_row(self) -> set[str]:
        """The CTEs of one row each: the aggregates over all customers, a ranking's counts."""
        return {POPULATION, *(rank.rest for rank in self.ranks.values())}

    def _with_ctes(self, select: exp.Select) -> exp.Select:
        select = _without_unused_joins(select, self._one_row())
        levels = sorted({0, *self.anchors})
        for level in levels:
            # Each level's anchor values, then its aggregates, which read them.
            if level:
                select = _with_cte(select, f"anchors_{level}", self._anchors_cte(level))
            for plan in self.streams.values():
                if plan.level == level:
                    select = _with_cte(select, plan.alias, self._stream_cte(plan))
            for agg, alias in self.traits.items():
                if self.level(agg) == level:
                    select = _with_cte(select, alias, self._trait_cte(agg))
        for sequence, alias in self.sequences.items():
            if sequence.window is None:
                select = _with_cte(select, alias, self._open_sequence_cte(sequence))
                continue
            if sequence.without is None and self.dialect.correlated_ranges:
                select = _with_cte(select, alias, self._sequence_probe(sequence))
                continue
            select = _with_cte(select, f"{alias}_first", self._sequence_firsts(sequence))
            select = _with_cte(select, alias, self._sequence_cte(sequence, alias))
        if self.population:
            select = _with_cte(select, POPULATION, self._population_cte())
        for rank in self.ranks.values():
            if rank.sparse is not None:
                select = _with_cte(select, rank.rows, self._rank_rows_cte(rank, rank.sparse))
                select = _with_cte(select, rank.rest, self._rank_rest_cte(rank))
            select = _with_cte(select, rank.alias, self._rank_cte(rank))
        if self.population:
            # An aggregate only a filter of the population's read (`_population_cte`).
            read = {(column.table, column.name) for column in select.find_all(exp.Column)}
            for plan in self.streams.values():
                _without_unread_columns(select, plan.alias, read)
        return select


def _without_unread_columns(
    select: exp.Select, alias: str, read: Container[tuple[str, str]]
) -> None:
    """Drop the columns of the CTE `alias` but its first (the key) that `select` reads
    nowhere: not by that alias, nor unqualified."""
    with_ = select.args.get("with_")
    cte = next((c for c in with_.expressions if c.alias == alias), None) if with_ else None
    if cte is None:
        return
    first, *others = cte.this.expressions
    kept = [p for p in others if (alias, p.alias) in read or ("", p.alias) in read]
    cte.this.set("expressions", [first, *kept])


def _with_cte(select: exp.Select, alias: str, query: exp.Select) -> exp.Select:
    """`select` with the common table expression `alias AS (query)`; the alias as a tree, which
    sqlglot would otherwise parse from its text on every compile."""
    return select.with_(exp.TableAlias(this=exp.to_identifier(alias)), as_=query, copy=False)


def members_query(
    cond: ir.Cond,
    schema: Schema,
    dialect: Dialect,
    as_of: dt.datetime | None = None,
    extra_columns: tuple[str, ...] = (),
    *,
    rewrites: bool = True,
) -> exp.Select:
    """The member query; `rewrites=False` gives the plain one (see `Lowering.members`)."""
    return Lowering(schema, dialect, as_of).members(cond, extra_columns, rewrites=rewrites)
