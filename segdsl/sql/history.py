"""History in one pass: the sizes of conditions at many instants from one query that reads each
event table once, whatever the number of instants (`segdsl history`; the rows are summed by
segdsl/runtime/analytics.py).

A customer's membership can change only at the steps (indexes of the instants) where something
it depends on changes: an event enters at the first instant at or after it, leaves a rolling
window (`created_at < 30d`) at the first instant whose `instant − 30d` is at or after it, an
age comparison of a latest event or of a customer's date flips once, and a customer comes into
existence (`since`). So each event becomes a few rows keyed by (customer, step), the customer's
aggregates at each such step are running sums (and running maxima) of those rows in step order,
the condition is evaluated once per customer and step where something changed, and a member
count changes only where a customer's flag does: the query returns, per step, how much each
count changes. Reading each event table once (plus a range join to the small table of
instants) costs about one instant's query, not N of them.

Exact only where every value is such a running value: conditions of rankings, aggregates over
all customers, calendar periods, sequences, value traits, distinct counts, anchored windows,
rolling minima or maxima, ages in calendar months or years (`instant − 1mo` is not monotonic),
attributes with a history or `now` itself are answered per instant (`queries.history_queries`);
`one_pass_history` then returns None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlglot import exp

from segdsl.semantics import ir
from segdsl.semantics import types as t
from segdsl.semantics.schema import Schema
from segdsl.sql import planner
from segdsl.sql.compiler import InstantColumns, Lowering
from segdsl.sql.dialects import Dialect
from segdsl.sql.sources import table_source

INSTANTS = "history_instants"
RANGES = "history_ranges"
POINTS = "history_points"
RUNNING = "history_running"
FLAGS = "history_flags"
NUMBERS = "history_numbers"
NUMBER = "history_number"
DAY = "history_day"
STEP = "history_step"
AT = "history_at"
TOTAL = "history_total"

# Nodes whose value at an instant depends on more than the customer's own running values.
_PER_INSTANT = (
    ir.TopPercent,
    ir.PopulationAgg,
    ir.Sequence,
    ir.InPeriod,
    ir.Regular,
    ir.Anniversary,
    ir.Now,
    ir.Shift,
    ir.DatePart,
)
_RUNNING = ("count", "sum", "avg", "min", "max")
_EXACT_SUMS = (t.Kind.INT, t.Kind.DECIMAL)
_ORDERED = (t.Kind.INT, t.Kind.DECIMAL, t.Kind.DATE, t.Kind.TIMESTAMP)

_DurationKey = tuple[int, str]


@dataclass(frozen=True)
class _Window:
    """A rolling window of an aggregate's filter: `time < d` (`strict`) or `time <= d`."""

    duration: ir.DurationConst
    strict: bool


@dataclass(frozen=True)
class _Shape:
    """An aggregate as running values: the filter of its rows without the window, and the
    window."""

    where: ir.Cond | None
    window: _Window | None


def _key(duration: ir.DurationConst) -> _DurationKey:
    return (duration.amount, duration.unit)


def _unwrap(value: ir.Value) -> ir.Value:
    while isinstance(value, ir.MetricRef):
        value = value.body
    return value


def _shape(agg: ir.Agg, schema: Schema) -> _Shape | None:
    """The aggregate as running values, or None if it cannot be one."""
    if agg.func not in _RUNNING or ir.anchors(agg):
        return None
    if agg.argument is not None:
        kind = agg.argument.type.kind
        if agg.func in ("sum", "avg") and kind not in _EXACT_SUMS:
            return None
        if agg.func in ("min", "max") and not (kind in _ORDERED or agg.argument.type.is_textual):
            return None
    stream = schema.events[agg.stream]
    window: _Window | None = None
    rest: list[ir.Cond] = []
    for part in planner.conjuncts(agg.where) if agg.where is not None else []:
        match part:
            case ir.AgeCompare(op="<" | "<=" as op, value=ir.Field(column=column), duration=d) if (
                column == stream.time
                and window is None
                and d.amount >= 0
                and not d.is_calendar
                and stream.fields[stream.time].type.kind is t.Kind.TIMESTAMP
            ):
                window = _Window(d, op == "<")
                continue
        if any(isinstance(n, (*_PER_INSTANT, ir.AgeCompare)) for n in ir.walk(part)):
            return None
        rest.append(part)
    if window is not None and agg.func in ("min", "max"):
        return None  # a rolling extreme is no running value
    where = None if not rest else rest[0] if len(rest) == 1 else ir.And(tuple(rest))
    return _Shape(where, window)


def _aged(value: ir.Value, schema: Schema) -> ir.Agg | ir.Attr | None:
    """What an age comparison compares, if its truth flips at most once as instants advance
    while the value stays: a customer's date, or an earliest or latest event."""
    inner = _unwrap(value)
    if isinstance(inner, ir.Attr) and inner.type.kind in (t.Kind.DATE, t.Kind.TIMESTAMP):
        return inner
    if isinstance(inner, ir.Agg) and inner.func in ("min", "max"):
        assert inner.argument is not None
        shape = _shape(inner, schema)
        if shape is not None and inner.argument.type.kind is t.Kind.TIMESTAMP:
            return inner
    return None


def _age_compares(node: ir.Node) -> Iterator[ir.AgeCompare]:
    """The age comparisons of a condition, not those of its aggregates' filters."""
    if isinstance(node, ir.AgeCompare):
        yield node
    if not isinstance(node, ir.Agg):
        for child in ir.children(node):
            yield from _age_compares(child)


def _changing(schema: Schema) -> set[str]:
    """The attributes whose values change over time (the schema's `history`)."""
    return set() if schema.history is None else set(schema.history.attributes)


def _supported(node: ir.Node, schema: Schema) -> bool:
    if isinstance(node, _PER_INSTANT):
        return False
    if isinstance(node, ir.Attr) and node.name in _changing(schema):
        return False  # read as of each instant (`Lowering.read_as_of`)
    if isinstance(node, ir.Agg):
        return _shape(node, schema) is not None
    if isinstance(node, ir.AgeCompare) and (
        node.duration.is_calendar or _aged(node.value, schema) is None
    ):
        # `instant − 1mo` clamps to the month's end keeping the time of day: it can go back as
        # instants advance (Mar 30 08:30 − 1mo = Feb 29 08:30, Mar 31 00:00 − 1mo = Feb 29
        # 00:00), so an age in months may flip more than once.
        return False
    return all(_supported(child, schema) for child in ir.children(node))


def one_pass_supported(conditions: Sequence[ir.Cond], schema: Schema) -> bool:
    """Whether `one_pass_history` answers these conditions (see the module's docstring)."""
    if schema.since is not None and schema.since in _changing(schema):
        return False
    return all(_supported(cond, schema) for cond in conditions)


@dataclass
class _Part:
    """A column of the rows keyed by (customer, step): what an event adds when it enters, what
    it takes away when it leaves its window (None: it never leaves), and how the rows add up
    (`sum`, `min` or `max`)."""

    name: str
    rollup: str
    entry: exp.Expr
    exit: exp.Expr | None
    # In the rows of other tables: no value, of the part's type (a bare NULL in the first rows
    # of a UNION is text to PostgreSQL, which then refuses a timestamp in the next).
    nothing: exp.Expr


_NEVER = exp.EQ(this=exp.Literal.number(1), expression=exp.Literal.number(0))
_ROLLUP: dict[str, type[exp.Func]] = {"sum": exp.Sum, "min": exp.Min, "max": exp.Max}
_H = "h"  # the alias of the instants' ranges where a step is found
# How far below the first bound the first range starts (see `_Plan.flipped`).
_BELOW = dt.timedelta(days=1)


class _Plan:
    """One history query under construction."""

    def __init__(
        self,
        conditions: Sequence[ir.Cond],
        at: Sequence[dt.datetime],
        schema: Schema,
        dialect: Dialect,
    ):
        self.conditions = conditions
        self.at = [t.utc_instant(instant) for instant in at]
        self.schema, self.dialect = schema, dialect
        self.lowering = Lowering(schema, dialect, None)
        self.lowering.plan(conditions)
        self.shapes: dict[ir.Agg, _Shape] = {}
        for agg in self.lowering.agg_plans:
            shape = _shape(agg, schema)
            assert shape is not None
            self.shapes[agg] = shape
        # `instant − duration` per duration: a column of the instants' table each.
        self.durations: dict[_DurationKey, ir.DurationConst] = {}
        for cond in conditions:
            for node in _age_compares(cond):
                self.durations.setdefault(_key(node.duration), node.duration)
        for shape in self.shapes.values():
            if shape.window is not None:
                self.durations.setdefault(_key(shape.window.duration), shape.window.duration)
        self.day_tables: dict[str, str] = {}
        self.lowering.instants = InstantColumns(
            exp.column(AT, table=_H),
            {key: exp.column(self.before(d), table=_H) for key, d in self.durations.items()},
        )

    def before(self, duration: ir.DurationConst) -> str:
        """The column of the instants' table that holds `instant − duration`."""
        return f"history_before_{list(self.durations).index(_key(duration)) + 1}"

    def bounds(self) -> dict[str, list[dt.datetime]]:
        """Each column of the instants' table: its value at each step."""
        columns = {AT: self.at}
        for duration in self.durations.values():
            columns[self.before(duration)] = [ir.shift(i, -1, duration) for i in self.at]
        return columns

    # -- the rows keyed by (customer, step) ------------------------------------------------

    def flipped(
        self,
        rows: exp.Select,
        value: exp.Expr,
        column: str,
        after: bool,
        where: exp.Expr | None,
    ) -> exp.Select:
        """`rows` with the first step whose bound `column` is at or after `value` (`after`:
        strictly after it), found in the instants' ranges; rows whose value is after the last
        bound (or missing) are left out. A value before the first bound is at step 0: clamped
        into the first range."""
        first_values = self.bounds()[column]
        first = self.dialect.timestamp_literal(first_values[0])
        below = self.dialect.timestamp_literal(first_values[0] - _BELOW)
        bound = exp.column(column, table=_H)
        previous = exp.column(f"{column}_previous", table=_H)
        if after:
            clamped = exp.Case().when(exp.LT(this=value, expression=first), below)
            clamped = clamped.else_(value.copy())
            tests: list[exp.Expr] = [
                exp.LTE(this=previous, expression=clamped),
                exp.LT(this=clamped.copy(), expression=bound),
            ]
        else:
            clamped = exp.Case().when(exp.LTE(this=value, expression=first), first.copy())
            clamped = clamped.else_(value.copy())
            tests = [
                exp.LT(this=previous, expression=clamped),
                exp.LTE(this=clamped.copy(), expression=bound),
            ]
        if where is not None:
            tests.insert(0, where)
        # The range is found through the days it spans: an equality a hash join answers (a
        # join on the two inequalities alone compares every row with every range).
        days = self.days_table(column)
        day = exp.EQ(
            this=exp.column(DAY, table=days), expression=self.dialect.day_number(clamped, False)
        )
        rows.append("joins", exp.Join(this=exp.to_table(days), on=day))
        same_step = exp.EQ(this=exp.column(STEP, table=_H), expression=exp.column(STEP, table=days))
        ranges = exp.alias_(exp.to_table(RANGES), _H, table=True)
        rows.append("joins", exp.Join(this=ranges, on=same_step))
        rows = rows.select(exp.alias_(exp.column(STEP, table=_H), STEP), copy=False)
        return rows.where(exp.and_(*tests, copy=False), copy=False)

    def days_table(self, column: str) -> str:
        """The name of the table of (day, step) pairs of the days each range of the bound
        `column` spans (from the day of its previous bound to the day of its bound)."""
        self.day_tables.setdefault(column, f"history_days_{len(self.day_tables) + 1}")
        return self.day_tables[column]

    def days(self, column: str) -> exp.Select:
        previous = exp.column(f"{column}_previous", table=_H)
        first = self.dialect.day_number(previous, False)
        span = exp.Sub(
            this=self.dialect.day_number(exp.column(column, table=_H), False),
            expression=first.copy(),
        )
        number = exp.column(NUMBER, table="n")
        within = exp.LTE(this=number.copy(), expression=span)
        select = exp.select(
            exp.alias_(exp.column(STEP, table=_H), STEP),
            exp.alias_(exp.Add(this=first, expression=number), DAY),
            copy=False,
        ).from_(exp.alias_(exp.to_table(RANGES), _H, table=True), copy=False)
        numbers = exp.alias_(exp.to_table(NUMBERS), "n", table=True)
        select.append("joins", exp.Join(this=numbers, kind="CROSS"))
        return select.where(within, copy=False)

    def numbers(self) -> exp.Query:
        """0, 1, … up to the most days a range spans."""
        spans = [
            (bound.date() - (values[index - 1] if index else bound - _BELOW).date()).days
            for values in self.bounds().values()
            for index, bound in enumerate(values)
        ]
        rows: list[list[exp.Expr]] = [[exp.Literal.number(n)] for n in range(max(spans) + 1)]
        return self.dialect.literal_rows([NUMBER], rows)

    def customers(self) -> exp.Select:
        """The customers' keys, FROM the entity table as the compiler reads it: the one place
        the customers' own values are read (every condition on them is evaluated against it)."""
        key = exp.column(self.schema.key, table=self.lowering.entity_alias)
        return exp.select(exp.alias_(key, self.schema.key), copy=False).from_(
            self.lowering.entity(), copy=False
        )

    def events(self, stream: str) -> exp.Select:
        events = self.schema.events[stream]
        key = exp.alias_(exp.column(events.key), self.schema.key)
        return exp.select(key, copy=False).from_(table_source(events.table), copy=False)

    def parts(self, agg: ir.Agg, name: str) -> list[_Part]:
        """An aggregate's columns of the rows (see `_Part`); `running_value` adds them up."""
        shape = self.shapes[agg]
        where = None
        if shape.where is not None:
            where = self.lowering.cond(shape.where, exact=False, event=True)
        windowed = shape.window is not None

        def part(suffix: str, rollup: str, value: exp.Expr, otherwise: exp.Expr | None) -> _Part:
            """`value` for the rows that pass the filter (`otherwise` for the others), and
            with a window its negation when they leave it."""

            def passing(value: exp.Expr) -> exp.Expr:
                if where is None:
                    return value
                case = exp.Case().when(where.copy(), value)
                return case if otherwise is None else case.else_(otherwise.copy())

            leaving = passing(exp.Neg(this=value.copy())) if windowed else None
            nothing: exp.Expr = exp.Literal.number(0)
            if rollup != "sum":
                nothing = exp.Case().when(_NEVER.copy(), self.example(agg))
            return _Part(name + suffix, rollup, passing(value), leaving, nothing)

        zero = exp.Literal.number(0)
        if agg.argument is None:
            return [part("", "sum", exp.Literal.number(1), zero)]
        argument = self.lowering.value(agg.argument, event=True)
        if agg.func in ("min", "max"):
            return [part("", agg.func, argument, None)]
        present = exp.not_(exp.Is(this=argument.copy(), expression=exp.Null()))
        counted = exp.Case().when(present, exp.Literal.number(1)).else_(zero.copy())
        if agg.func == "count":
            return [part("", "sum", counted, zero)]
        if agg.argument.type.kind is t.Kind.INT:
            argument = self.dialect.wide_integer(argument)
        if agg.func == "sum":
            return [part("", "sum", argument, zero)]
        return [part("__sum", "sum", argument, zero), part("__n", "sum", counted, zero)]

    def example(self, agg: ir.Agg) -> exp.Expr:
        """A value of the type of a `min` or `max`."""
        assert agg.argument is not None
        kind = agg.argument.type.kind
        if kind is t.Kind.TIMESTAMP:
            return self.dialect.timestamp_literal(dt.datetime(2000, 1, 1))
        if kind is t.Kind.DATE:
            return self.dialect.date_literal(dt.date(2000, 1, 1))
        return exp.Literal.string("") if agg.argument.type.is_textual else exp.Literal.number(0)

    def running_value(self, agg: ir.Agg, parts: list[_Part]) -> exp.Expr:
        """The aggregate as of each step: its parts added up over the steps so far, the
        average as the compiler divides it (segdsl/sql/compiler.py, `_aggregate`)."""

        def running(part: _Part) -> exp.Expr:
            # The default frame, RANGE UNBOUNDED PRECEDING: every row of the customer up to and
            # including the step (its other rows at the same step too).
            return exp.Window(
                this=_ROLLUP[part.rollup](this=exp.column(part.name)),
                partition_by=[exp.column(self.schema.key)],
                order=exp.Order(expressions=[exp.Ordered(this=exp.column(STEP), nulls_first=True)]),
            )

        decimal = agg.argument is not None and agg.argument.type.kind is t.Kind.DECIMAL
        total = running(parts[0])
        if agg.func in ("sum", "avg") and decimal:
            total = self.dialect.exact_decimal(total)
        if agg.func != "avg":
            return total
        divisor = exp.Nullif(this=running(parts[1]), expression=exp.Literal.number(0))
        return exp.Div(this=self.dialect.to_float(total), expression=divisor)

    def flags(self) -> exp.Select:
        """Every customer at every step where something of theirs changes: the key, the step,
        whether they exist (TOTAL) and whether each condition holds (`flag_i`), as 1 or 0."""
        lowering = self.lowering
        running = {plan.alias for plan in lowering.streams.values()}

        def from_running(node: exp.Expr) -> exp.Expr:
            if isinstance(node, exp.Column) and node.table in running:
                return exp.column(f"{node.table}__{node.name}", table="r")
            return node

        exists = lowering.existing()

        def flag(cond: exp.Expr | None) -> exp.Expr:
            tests = [*(e.copy() for e in exists), *([] if cond is None else [cond])]
            if not tests:
                return exp.Literal.number(1)
            holds = exp.and_(*tests, copy=False).transform(from_running, copy=False)
            return exp.Case().when(holds, exp.Literal.number(1)).else_(exp.Literal.number(0))

        key = exp.column(self.schema.key, table="r")
        columns = [
            exp.alias_(key, self.schema.key),
            exp.alias_(exp.column(STEP, table="r"), STEP),
            exp.alias_(flag(None), TOTAL),
        ]
        for index, cond in enumerate(self.conditions):
            columns.append(exp.alias_(flag(lowering.cond(cond, exact=False)), f"flag_{index}"))
        entity_key = exp.column(self.schema.key, table=lowering.entity_alias)
        ranges = exp.alias_(exp.to_table(RANGES), _H, table=True)
        return (
            exp.select(*columns, copy=False)
            .from_(exp.alias_(exp.to_table(RUNNING), "r", table=True), copy=False)
            .join(lowering.entity(), on=exp.EQ(this=entity_key, expression=key.copy()), copy=False)
            .join(
                ranges,
                on=exp.EQ(this=exp.column(STEP, table=_H), expression=exp.column(STEP, table="r")),
                copy=False,
            )
        )

    def instants(self) -> exp.Query:
        """The instants' table: the step and each bound, a literal row per instant."""
        bounds = self.bounds()
        rows: list[list[exp.Expr]] = [
            [
                exp.Literal.number(step),
                *(self.dialect.timestamp_literal(values[step]) for values in bounds.values()),
            ]
            for step in range(len(self.at))
        ]
        return self.dialect.literal_rows([STEP, *bounds], rows)

    def ranges(self) -> exp.Select:
        """The instants' table with each bound's value at the step before (at step 0, one just
        below its first value: values before it are clamped to it, see `flipped`)."""
        columns: list[exp.Expr] = [exp.column(STEP)]
        before = _previous_row()
        for name, values in self.bounds().items():
            previous = exp.Window(
                this=exp.Max(this=exp.column(name)),
                order=exp.Order(expressions=[exp.Ordered(this=exp.column(STEP), nulls_first=True)]),
                spec=before,
            )
            below = self.dialect.timestamp_literal(values[0] - _BELOW)
            columns.append(exp.column(name))
            columns.append(
                exp.alias_(exp.Coalesce(this=previous, expressions=[below]), f"{name}_previous")
            )
        return exp.select(*columns, copy=False).from_(INSTANTS, copy=False)

    def query(self) -> exp.Select:
        schema, lowering = self.schema, self.lowering
        parts: dict[ir.Agg, list[_Part]] = {}
        branches: list[tuple[exp.Select, dict[str, exp.Expr]]] = []
        for (stream, _), plan in lowering.streams.items():
            for agg, name in plan.columns.items():
                parts[agg] = self.parts(agg, f"{plan.alias}__{name}")
            time = exp.column(schema.events[stream].time)
            aggs = list(plan.columns)
            entering = {p.name: p.entry for agg in aggs for p in parts[agg]}
            rows = self.flipped(self.events(stream), time, AT, False, self.passing(aggs))
            branches.append((rows, entering))
            windows = dict.fromkeys(self.shapes[a].window for a in aggs if self.shapes[a].window)
            for window in windows:
                assert window is not None
                inside = [a for a in aggs if self.shapes[a].window == window]
                leaving = {p.name: p.exit for a in inside for p in parts[a] if p.exit is not None}
                # `time < d` holds while the bound is before the time: it leaves at the first
                # bound at or after it (`time <= d`: after it).
                rows = self.flipped(
                    self.events(stream),
                    time.copy(),
                    self.before(window.duration),
                    not window.strict,
                    self.passing(inside),
                )
                branches.append((rows, leaving))
        branches.append((self.customers().select(exp.alias_(exp.Literal.number(0), STEP)), {}))
        if schema.since is not None:
            column = schema.attributes[schema.since]
            since = ir.Attr(schema.since, column.column, column.type, column.nullable)
            branches.append(
                (self.flipped(self.customers(), self.timestamp(since), AT, False, None), {})
            )
        branches += [(rows, {}) for rows in self.age_probes()]
        every_part = [p for agg_parts in parts.values() for p in agg_parts]
        union: exp.Query | None = None
        for select, values in branches:
            for part in every_part:
                value = values.get(part.name, part.nothing.copy())
                select.select(exp.alias_(value, part.name), copy=False)
            union = (
                select if union is None else exp.union(union, select, distinct=False, copy=False)
            )
        assert union is not None
        key, step = exp.column(schema.key), exp.column(STEP)
        points = exp.select(exp.Star(), copy=False).from_(
            union.subquery("history_rows", copy=False), copy=False
        )
        running_columns: list[exp.Expr] = [key.copy(), step.copy()]
        for agg, agg_parts in parts.items():
            plan = lowering.agg_plans[agg]
            name = f"{plan.alias}__{plan.columns[agg]}"
            running_columns.append(exp.alias_(self.running_value(agg, agg_parts), name))
        running = exp.select(*running_columns, copy=False).from_(POINTS, copy=False)
        flag_names = [TOTAL, *(f"flag_{i}" for i in range(len(self.conditions)))]
        before = _previous_row()
        changes: list[exp.Expr] = [step.copy()]
        for name in flag_names:
            previous = exp.Window(
                this=exp.Sum(this=exp.column(name)),
                partition_by=[key.copy()],
                order=exp.Order(expressions=[exp.Ordered(this=step.copy(), nulls_first=True)]),
                spec=before.copy(),
            )
            change = exp.Sub(
                this=exp.column(name),
                expression=exp.Coalesce(this=previous, expressions=[exp.Literal.number(0)]),
            )
            changes.append(exp.alias_(change, f"change_{name}"))
        changed = exp.select(*changes, copy=False).from_(FLAGS, copy=False)
        sums: list[exp.Expr] = [exp.Sum(this=exp.column(f"change_{name}")) for name in flag_names]
        for direction in (1, -1):
            # Who entered (the flag went from 0 to 1) and who left, per condition.
            for name in flag_names[1:]:
                moved = exp.EQ(
                    this=exp.column(f"change_{name}"), expression=exp.Literal.number(direction)
                )
                one = exp.Case().when(moved, exp.Literal.number(1)).else_(exp.Literal.number(0))
                sums.append(exp.Sum(this=one))
        result = (
            exp.select(step.copy(), *sums, copy=False)
            .from_(changed.subquery("history_changes", copy=False), copy=False)
            .group_by(step.copy(), copy=False)
        )
        days = [(name, self.days(column)) for column, name in self.day_tables.items()]
        for alias, cte in (
            (INSTANTS, self.instants()),
            (RANGES, self.ranges()),
            (NUMBERS, self.numbers()),
            *days,
            (POINTS, points),
            (RUNNING, running),
            (FLAGS, self.flags()),
        ):
            result = result.with_(
                exp.TableAlias(this=exp.to_identifier(alias)), as_=cte, copy=False
            )
        return result

    def passing(self, aggs: list[ir.Agg]) -> exp.Expr | None:
        """Rows that pass the filter of one of `aggs` (None: every row may)."""
        filters = [self.shapes[agg].where for agg in aggs]
        if any(f is None for f in filters):
            return None
        passing = [
            self.lowering.cond(f, exact=False, event=True) for f in dict.fromkeys(filters) if f
        ]
        return passing[0] if len(passing) == 1 else exp.or_(*passing, copy=False)

    def timestamp(self, attr: ir.Attr) -> exp.Expr:
        value = self.lowering.value(attr)
        return self.dialect.to_timestamp(value) if attr.type.kind is t.Kind.DATE else value

    def age_probes(self) -> list[exp.Select]:
        """A row where each age comparison may flip: for a customer's date, at the flip of
        their date; for a latest or earliest event, at the flip of each event that may be it."""
        probes: dict[tuple[ir.Agg | ir.Attr, _DurationKey, bool], ir.DurationConst] = {}
        for cond in self.conditions:
            for node in _age_compares(cond):
                aged = _aged(node.value, self.schema)
                assert aged is not None
                # `v < d` (v > bound) turns false and `v >= d` (v <= bound) true at the first
                # bound at or after v; `v <= d` and `v > d` at the first bound after it.
                after = node.op in ("<=", ">")
                probes.setdefault((aged, _key(node.duration), after), node.duration)
        rows = []
        for (aged, _, after), duration in probes.items():
            column = self.before(duration)
            if isinstance(aged, ir.Attr):
                rows.append(
                    self.flipped(self.customers(), self.timestamp(aged), column, after, None)
                )
                continue
            assert aged.argument is not None
            where = self.shapes[aged].where
            present = ir.Not(ir.IsMissing(aged.argument))
            where = present if where is None else ir.And((where, present))
            value = self.lowering.value(aged.argument, event=True)
            filter_ = self.lowering.cond(where, exact=False, event=True)
            rows.append(self.flipped(self.events(aged.stream), value, column, after, filter_))
        return rows


def one_pass_history(
    conditions: Sequence[ir.Cond],
    at: Sequence[dt.datetime],
    schema: Schema,
    dialect: Dialect,
) -> exp.Select | None:
    """A row per step at which some count changes: the step (an index into `at`, which is in
    increasing order), how much the number of customers and the member count of each condition
    change there (summed over the steps up to an instant: the sizes as of it; a step without a
    row changes nothing), then the number of customers who entered each condition at the step
    and the number who left it (since the step before). None where it would not be exact (see
    the module's docstring)."""
    if not at or not one_pass_supported(conditions, schema):
        return None
    return _Plan(conditions, at, schema, dialect).query()


def _previous_row() -> exp.WindowSpec:
    """The frame of the row just before (a value at the step before)."""
    return exp.WindowSpec(
        kind="ROWS",
        start=exp.Literal.number(1),
        start_side="PRECEDING",
        end=exp.Literal.number(1),
        end_side="PRECEDING",
    )
