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

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlglot import exp

from . import ir, shapes
from . import types as t
from .dialects import Dialect
from .schema import EventStream, Schema

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
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
_AGG = {"count": exp.Count, "sum": exp.Sum, "avg": exp.Avg, "min": exp.Min, "max": exp.Max}


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


def _cte_table(name: str) -> exp.Table:
    """A table named by a plain identifier (a CTE), built directly: parsing is slow."""
    return exp.Table(this=exp.to_identifier(name))


@functools.cache
def _parsed_table(name: str) -> exp.Table:
    """A user's table name, possibly qualified (`analytics.orders`); parsed once."""
    return exp.to_table(name)


def table_source(table: str) -> exp.Expr:
    """The schema's `table:` as a FROM source: a file DuckDB reads by its quoted path, or a
    (possibly qualified) table name. Every query that reads a schema table goes through here."""
    if re.search(r"\.(csv|tsv|parquet|json|ndjson)(\.gz)?$", table, re.IGNORECASE):
        return exp.Table(this=exp.Literal.string(table))
    return _parsed_table(table).copy()


def _without_unused_joins(select: exp.Select) -> exp.Select:
    """Drop LEFT JOINs of CTEs the query does not read (an aggregate only a ranking uses):
    a left join on a unique key adds no rows, so dropping it changes nothing but the cost."""
    joins = select.args.get("joins") or []
    kept = []
    for join in joins:
        name = join.this.alias_or_name
        others = [node for node in [*select.expressions, select.args.get("where")] if node]
        others += [j for j in joins if j is not join]
        used = any(column.table == name for node in others for column in node.find_all(exp.Column))
        if used or join.side != "LEFT":
            kept.append(join)
    select.set("joins", kept)
    return select


@dataclass
class _StreamPlan:
    stream: EventStream
    alias: str
    columns: dict[ir.Agg, str] = field(default_factory=dict)


def _rank_key(node: ir.TopPercent) -> tuple[str, ir.Value]:
    return (node.direction, node.key)


@dataclass
class _RankPlan:
    node: ir.TopPercent
    alias: str


class Lowering:
    """Builds the SQL for one query; collects the aggregates and rankings it needs."""

    def __init__(self, schema: Schema, dialect: Dialect, as_of: dt.datetime | None):
        self.schema = schema
        # Streams whose aggregation is limited to the candidates CTE (member queries only).
        self.candidates: set[str] = set()
        self.dialect = dialect
        self.as_of = as_of
        self.entity_alias = "c"
        self.streams: dict[str, _StreamPlan] = {}
        # One CUME_DIST per (direction, key): `top 20% by x` and `top 40% by x` share it.
        self.ranks: dict[tuple[str, ir.Value], _RankPlan] = {}
        # Aggregates over all customers, computed once in a one-row CTE joined to every row.
        self.population: dict[ir.PopulationAgg, str] = {}

    # -- planning ----------------------------------------------------------------------------

    def plan(self, nodes: Sequence[ir.Node]) -> None:
        """Register every aggregate and ranking below `nodes`, naming columns after metrics."""
        for node in nodes:
            self._collect(node, None)

    def _collect(self, node: ir.Node, metric_name: str | None) -> None:
        if isinstance(node, ir.Agg):
            self._register(node, metric_name)
            return  # an aggregate's filter runs inside its own CTE
        if isinstance(node, ir.PopulationAgg) and node not in self.population:
            self.population[node] = f"population_{len(self.population) + 1}"
        if isinstance(node, ir.TopPercent) and _rank_key(node) not in self.ranks:
            alias = f"rank_{len(self.ranks) + 1}"
            self.ranks[_rank_key(node)] = _RankPlan(node, alias)
        for child in ir.children(node):
            name = node.name if isinstance(node, ir.MetricRef) else None
            self._collect(child, name)

    def _register(self, agg: ir.Agg, metric_name: str | None) -> None:
        plan = self.streams.get(agg.stream)
        if plan is None:
            plan = _StreamPlan(self.schema.events[agg.stream], f"{agg.stream}_agg")
            self.streams[agg.stream] = plan
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
            case ir.Attr(column=column):
                return exp.column(column, table=self.entity_alias)
            case ir.Field(column=column):
                return exp.column(column)
            case ir.Agg(func=func):
                plan = self.streams[node.stream]
                ref = exp.column(plan.columns[node], table=plan.alias)
                if func in ("count", "sum"):
                    return exp.Coalesce(this=ref, expressions=[exp.Literal.number(0)])
                return ref
            case ir.PopulationAgg(func=func):
                ref = exp.column(self.population[node], table=POPULATION)
                if func in ("count", "sum"):
                    return exp.Coalesce(this=ref, expressions=[exp.Literal.number(0)])
                return ref
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
        raise AssertionError(node)

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
                rank = exp.column("cume_dist", table=self.ranks[_rank_key(node)].alias)
                sql = exp.LTE(this=rank, expression=exp.Literal.number(str(fraction)))
                return self.dialect.two_valued(sql) if exact else sql
        raise AssertionError(node)

    def _age(self, op: str, value: ir.Value, duration: ir.DurationConst, event: bool) -> exp.Expr:
        """`t < 30d` ⇔ `t > as_of − 30d` and likewise for the other operators (BRIEF §2)."""
        flipped = _FLIP[op]
        target = self.value(value, event)
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

    # -- the query ---------------------------------------------------------------------------

    def _stream_cte(self, plan: _StreamPlan) -> exp.Select:
        stream = plan.stream
        key_column: exp.Expr = exp.column(stream.key)
        if stream.key != self.schema.key:
            key_column = exp.alias_(key_column, self.schema.key, copy=False)
        projections = [key_column]
        for agg, name in plan.columns.items():
            projections.append(exp.alias_(self._aggregate(agg), name, copy=False))
        time = exp.column(stream.time)
        where: exp.Expr = exp.LTE(this=time, expression=self.now())
        filters = [agg.where for agg in plan.columns]
        if filters and all(f is not None for f in filters):
            # Rows that pass no aggregate's filter change no aggregate: skip them in the scan
            # (with a time window, a time-ordered table is read only in that window).
            passing = [self.cond(f, exact=False, event=True) for f in dict.fromkeys(filters) if f]
            where = exp.and_(
                where, exp.or_(*passing) if len(passing) > 1 else passing[0], copy=False
            )
        if stream.name in self.candidates:
            chosen = exp.select(exp.column(self.schema.key), copy=False).from_(
                _cte_table(CANDIDATES), copy=False
            )
            where = exp.and_(
                where,
                exp.In(this=exp.column(stream.key), query=chosen.subquery(copy=False)),
                copy=False,
            )
        return (
            exp.select(*projections, copy=False)
            .from_(table_source(stream.table), copy=False)
            .where(where, copy=False)
            .group_by(exp.column(stream.key), copy=False)
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
        return self._filtered(_AGG[agg.func], argument, where, decimal and agg.func == "sum")

    def _filtered(
        self, func: type[exp.Func], argument: exp.Expr, where: exp.Expr | None, decimal_sum: bool
    ) -> exp.Expr:
        """`func(argument)` over the rows where `where` holds (all rows without it)."""
        if where is None:
            sql: exp.Expr = func(this=argument)
        elif self.dialect.filter_clause:
            sql = exp.Filter(this=func(this=argument), expression=exp.Where(this=where))
        else:
            value = exp.Literal.number(1) if isinstance(argument, exp.Star) else argument
            sql = func(this=exp.Case().when(where, value, copy=False))
        return self.dialect.exact_decimal(sql) if decimal_sum else sql

    def _population_cte(self) -> exp.Select:
        columns = [
            exp.alias_(self._aggregate(agg), name, copy=False)
            for agg, name in self.population.items()
        ]
        return self._joined_entity(exp.select(*columns, copy=False), population=False)

    def _joined_entity(self, select: exp.Select, population: bool = True) -> exp.Select:
        entity = exp.alias_(
            table_source(self.schema.table), self.entity_alias, table=True, copy=False
        )
        select = select.from_(entity, copy=False)
        for plan in self.streams.values():
            select = self._left_join(select, plan.alias)
        if population and self.population:
            cross = exp.Join(this=_cte_table(POPULATION), kind="CROSS")
            select.append("joins", cross)
        return select

    def _left_join(self, select: exp.Select, alias: str) -> exp.Select:
        """`select LEFT JOIN alias ON alias.key = c.key`, built without parsing or copying."""
        key = exp.column(self.schema.key, table=self.entity_alias)
        on = exp.EQ(this=exp.column(self.schema.key, table=alias), expression=key)
        select.append("joins", exp.Join(this=_cte_table(alias), side="LEFT", on=on))
        return select

    def _rank_cte(self, rank: _RankPlan) -> exp.Select:
        key_value = self.value(rank.node.key)
        order = exp.Ordered(this=key_value, desc=rank.node.direction == "top", nulls_first=False)
        window = exp.Window(this=self.dialect.cume_dist(), order=exp.Order(expressions=[order]))
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

    def members(
        self, cond: ir.Cond, extra_columns: tuple[str, ...] = (), *, rewrites: bool = True
    ) -> exp.Select:
        """SELECT the entity key of every customer for whom `cond` holds, once each.

        Candidate-first: top-level conditions on the customer's own attributes, and conditions
        that amount to "has (no) such event" (answered by semi- and anti-joins that read only
        the matching rows), pick the candidates; only the remaining conditions aggregate event
        tables, and only for those candidates. Without `rewrites`, the plain query: the
        reference the rewritten one is tested against (docs/performance.md)."""
        columns = [exp.column(self.schema.key, table=self.entity_alias)]
        columns += [exp.column(c, table=self.entity_alias) for c in extra_columns]
        if not rewrites:
            return self._plain_members(cond, columns)
        entity: list[ir.Cond] = []
        tests: list[shapes.EventTest] = []
        rest: list[ir.Cond] = []
        parts = shapes.window_latest(shapes.conjuncts(cond))
        for part in parts:
            exact = shapes.exact_tests(part, self.schema)
            if exact is not None:
                tests.extend(exact)
            elif not shapes.uses_events(part):
                entity.append(part)
            else:
                rest.append(part)
                tests.extend(shapes.implied_tests(part, self.schema))
        if len(parts) == 1 and isinstance(parts[0], ir.TopPercent) and not extra_columns:
            # The ranking has one row per ranked customer: read the members from it alone.
            self.plan(parts)
            rank = self.ranks[_rank_key(parts[0])].alias
            ranked = exp.select(exp.column(self.schema.key, table=rank), copy=False)
            ranked = ranked.from_(_cte_table(rank), copy=False)
            ranked = ranked.where(self.cond(parts[0], exact=False), copy=False)
            return self._with_ctes(ranked)
        if not tests and not (entity and rest):
            cond = parts[0] if len(parts) == 1 else ir.And(tuple(parts), cond.span)
            return self._plain_members(cond, columns)
        unique_tests = list(dict.fromkeys(tests))
        filters = [self.cond(part, exact=False) for part in entity]
        filters += [self._event_test(test) for test in unique_tests]
        if not rest:
            entity_table = exp.alias_(
                table_source(self.schema.table), self.entity_alias, table=True, copy=False
            )
            select = exp.select(*columns, copy=False).from_(entity_table, copy=False)
            return select.where(exp.and_(*filters, copy=False), copy=False)
        self.plan(rest)
        self.candidates = self._restrictable_streams(rest)
        key = exp.column(self.schema.key, table=self.entity_alias)
        source: exp.Expr = exp.alias_(
            table_source(self.schema.table), self.entity_alias, table=True, copy=False
        )
        first = next((test for test in unique_tests if test.exists), None)
        if not entity and first is not None:
            # Only event conditions: start from the keys of the matching events (few, and read
            # from a time window) rather than from every customer.
            source = self._event_keys(first).subquery(self.entity_alias, copy=False)
            filters = [self._event_test(test) for test in unique_tests if test is not first]
        candidates = exp.select(key.copy(), copy=False).from_(source, copy=False)
        if filters:
            candidates = candidates.where(exp.and_(*filters, copy=False), copy=False)
        conditions = [self.cond(part, exact=False) for part in rest]
        if not any(shapes.needs_an_event(part, self.candidates) for part in rest):
            # Otherwise a stream aggregated for the candidates only already keeps the others
            # out; one reference fewer to the candidates lets PostgreSQL inline them.
            chosen = (
                exp.select(exp.column(self.schema.key), copy=False)
                .from_(_cte_table(CANDIDATES), copy=False)
                .subquery(copy=False)
            )
            conditions.insert(0, exp.In(this=key, query=chosen))
        select = self._join_ranks(self._joined_entity(exp.select(*columns, copy=False)))
        where = exp.and_(*conditions, copy=False)
        query = self._with_ctes(select.where(where, copy=False))
        with_ = query.args["with_"]
        with_.set(
            "expressions",
            [
                exp.CTE(this=candidates, alias=exp.TableAlias(this=exp.to_identifier(CANDIDATES))),
                *with_.expressions,
            ],
        )
        return query

    def _plain_members(self, cond: ir.Cond, columns: Sequence[exp.Expr]) -> exp.Select:
        """Every customer joined to one aggregate row per event table (and the rankings it
        needs), with the whole condition in WHERE."""
        self.plan([cond])
        select = self._join_ranks(self._joined_entity(exp.select(*columns, copy=False)))
        return self._with_ctes(select.where(self.cond(cond, exact=False), copy=False))

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
        for name, plan in self.streams.items():
            if all(shapes.windowed(name, agg.where, self.schema) for agg in plan.columns):
                whole.add(name)
        return set(self.streams) - whole

    def _event_keys(self, test: shapes.EventTest) -> exp.Select:
        """The distinct keys of the customers with enough events matching the test."""
        stream = self.schema.events[test.stream]
        key = exp.alias_(exp.column(stream.key), self.schema.key, copy=False)
        select = (
            exp.select(key, copy=False)
            .from_(table_source(stream.table), copy=False)
            .where(exp.and_(*self._test_rows(test), copy=False), copy=False)
        )
        if test.at_least == 1:
            return select.distinct(copy=False)
        return self._grouped(select, stream.key, test.at_least)

    def _test_rows(self, test: shapes.EventTest) -> list[exp.Expr]:
        stream = self.schema.events[test.stream]
        conditions: list[exp.Expr] = [exp.LTE(this=exp.column(stream.time), expression=self.now())]
        if test.where is not None:
            conditions.append(self.cond(test.where, exact=False, event=True))
        return conditions

    @staticmethod
    def _grouped(select: exp.Select, key: str, at_least: int) -> exp.Select:
        at_least_sql = exp.GTE(
            this=exp.Count(this=exp.Star()), expression=exp.Literal.number(at_least)
        )
        return select.group_by(exp.column(key), copy=False).having(at_least_sql, copy=False)

    def _event_test(self, test: shapes.EventTest) -> exp.Expr:
        """`has (no) event in the stream matching the filter`, as of the query's instant: an
        IN / NOT IN on the non-null key, or a correlated EXISTS where the engine prefers it.
        "At least k events" is an IN / NOT IN on the keys grouped with a HAVING on every
        engine (a correlated count is slow everywhere)."""
        stream = self.schema.events[test.stream]
        conditions = self._test_rows(test)
        entity_key = exp.column(self.schema.key, table=self.entity_alias)
        if self.dialect.semi_join == "exists" and test.at_least == 1:
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
            if test.at_least > 1:
                inner = self._grouped(inner, stream.key, test.at_least)
            found = exp.In(this=entity_key, query=inner.subquery(copy=False))
        return found if test.exists else exp.not_(found, copy=False)

    def sizes(self, conditions: list[tuple[str, ir.Cond]]) -> exp.Select:
        """One row: the number of customers (`total`) and the member count of every condition,
        all from one pass (each event table aggregated once)."""
        self.plan([cond for _, cond in conditions])
        columns: list[exp.Expr] = [exp.alias_(exp.Count(this=exp.Star()), "total")]
        for index, (_, cond) in enumerate(conditions):
            columns.append(
                exp.alias_(
                    self._count_if(self.cond(cond, exact=False)), f"size_{index}", copy=False
                )
            )
        return self._with_ctes(
            self._join_ranks(self._joined_entity(exp.select(*columns, copy=False)))
        )

    def flags(self, conditions: list[ir.Cond], values: Sequence[ir.Value] = ()) -> exp.Select:
        """One row per customer: the key, per condition `flag_i` = 1 if it holds, else 0, and
        per value `value_j`."""
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
        return self._with_ctes(
            self._join_ranks(self._joined_entity(exp.select(*columns, copy=False)))
        )

    def _join_ranks(self, select: exp.Select) -> exp.Select:
        for rank in self.ranks.values():
            select = self._left_join(select, rank.alias)
        return select

    def _count_if(self, cond: exp.Expr) -> exp.Expr:
        if self.dialect.filter_clause:
            return exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=cond))
        return exp.Sum(
            this=exp.Case()
            .when(cond, exp.Literal.number(1), copy=False)
            .else_(exp.Literal.number(0), copy=False)
        )

    def _with_ctes(self, select: exp.Select) -> exp.Select:
        select = _without_unused_joins(select)
        for plan in self.streams.values():
            select = select.with_(plan.alias, as_=self._stream_cte(plan), copy=False)
        if self.population:
            select = select.with_(POPULATION, as_=self._population_cte(), copy=False)
        for rank in self.ranks.values():
            select = select.with_(rank.alias, as_=self._rank_cte(rank), copy=False)
        return select


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


def sizes_query(
    conditions: list[tuple[str, ir.Cond]],
    schema: Schema,
    dialect: Dialect,
    as_of: dt.datetime | None = None,
) -> exp.Select:
    """`SELECT total, size_0, size_1, …`: every condition's member count in one query."""
    return Lowering(schema, dialect, as_of).sizes(conditions)
