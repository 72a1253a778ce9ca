"""Segment analytics over a database: sizes, overlaps and history, each in one query.

Every function takes an open `engines.Database` and checked conditions ("measures": a segment,
or one label of a partition) and returns plain values; rendering is the CLI's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlglot import exp

from . import errors, ir
from . import types as t
from .compiler import Lowering, table_source
from .diagnostics import Diagnostic, SegdslError
from .dialects import DIALECTS, Dialect
from .engines import Database, EngineError
from .schema import Schema


@dataclass(frozen=True)
class Measure:
    """One counted condition: a segment, or `partition = "label"`."""

    name: str
    condition: ir.Cond


def measures_of(module: ir.CheckedModule, only: str | None = None) -> list[Measure]:
    """The segments of a checked file, and one measure per label of each partition."""
    out: list[Measure] = []
    for name, segment in module.segments.items():
        if only in (None, name):
            out.append(Measure(name, segment.condition))
    for name, partition in module.partitions.items():
        if only in (None, name):
            out.extend(partition_measures(partition.value))
    return out


def partition_measures(partition: ir.PartitionRef) -> list[Measure]:
    labels = [label for label, _ in partition.arms]
    labels += [partition.otherwise] if partition.otherwise not in labels else []
    return [
        Measure(
            f'{partition.name} = "{label}"',
            ir.Compare("=", partition, ir.Const(label, partition.type)),
        )
        for label in labels
    ]


def membership_query(
    module: ir.CheckedModule,
    schema: Schema,
    dialect: Dialect,
    as_of: dt.datetime | None = None,
    only: str | None = None,
) -> exp.Select:
    """One row per customer, from one pass over the event tables: the key, a 1/0 column per
    segment and the label per partition, named after them (`segdsl run FILE --out`)."""
    segments = [(n, s.condition) for n, s in module.segments.items() if only in (None, n)]
    partitions = [(n, p.value) for n, p in module.partitions.items() if only in (None, n)]
    names = [name for name, _ in [*segments, *partitions]]
    _check_column_names([schema.key, *names])
    select = Lowering(schema, dialect, as_of).flags(
        [cond for _, cond in segments], [value for _, value in partitions]
    )
    for column, name in zip(select.expressions[1:], names, strict=True):
        # Quoted: an engine that folds unquoted names (PostgreSQL) would rename `Vip` to `vip`.
        column.set("alias", exp.to_identifier(name, quoted=True))
    return select


def _check_column_names(names: Sequence[str]) -> None:
    """Refuse names that differ only in case: many engines and file readers treat such column
    names as one (DuckDB renames the second `vip` to `vip_1`), so a column would silently
    hold another segment's members."""
    seen: dict[str, str] = {}
    for name in names:
        other = seen.setdefault(name.casefold(), name)
        if other != name:
            raise SegdslError(
                [
                    Diagnostic(
                        errors.E606,
                        f"'{other}' and '{name}' differ only in case: as columns of one "
                        "membership table they would collide",
                        None,
                        hints=("rename one, or write one at a time with --segment NAME",),
                    )
                ]
            )


@dataclass(frozen=True)
class Sizes:
    as_of: dt.datetime | None
    total: int
    counts: dict[str, int]


def _one_row(database: Database, tree: exp.Expr) -> tuple[Any, ...]:
    for batch in database.query(DIALECTS[database.dialect].sql(tree)).batches:
        for row in batch:
            return tuple(row)
    raise EngineError(f"{database.display_name}: the query returned no row")


def sizes(
    database: Database,
    schema: Schema,
    measures: Sequence[Measure],
    as_of: dt.datetime | None = None,
) -> Sizes:
    """Every measure's member count, from one query reading each event table once."""
    dialect = DIALECTS[database.dialect]
    query = Lowering(schema, dialect, as_of).sizes([(m.name, m.condition) for m in measures])
    row = _one_row(database, query)
    counts = {m.name: int(c or 0) for m, c in zip(measures, row[1:], strict=True)}
    return Sizes(as_of, int(row[0]), counts)


@dataclass(frozen=True)
class Overlap:
    total: int
    sizes: dict[str, int]
    # both[(a, b)] for every pair a before b in the measures' order
    both: dict[tuple[str, str], int]

    def count(self, a: str, b: str) -> int:
        if a == b:
            return self.sizes[a]
        return self.both.get((a, b), self.both.get((b, a), 0))

    def jaccard(self, a: str, b: str) -> float | None:
        """|A ∩ B| / |A ∪ B|; undefined when both are empty."""
        union = self.sizes[a] + self.sizes[b] - self.count(a, b)
        return self.count(a, b) / union if union else None


def overlap(
    database: Database,
    schema: Schema,
    measures: Sequence[Measure],
    as_of: dt.datetime | None = None,
) -> Overlap:
    """The pairwise overlap of the measures, from one query: each condition is evaluated once
    per customer as a 0/1 flag, then every pair is a sum of products of flags."""
    dialect = DIALECTS[database.dialect]
    flags = Lowering(schema, dialect, as_of).flags([m.condition for m in measures])

    def flag(index: int) -> exp.Expr:
        return exp.column(f"flag_{index}", table="f")

    pairs = [(i, j) for i in range(len(measures)) for j in range(i + 1, len(measures))]
    columns: list[exp.Expr] = [exp.Count(this=exp.Star())]
    columns += [exp.Sum(this=flag(i)) for i in range(len(measures))]
    columns += [exp.Sum(this=exp.Mul(this=flag(i), expression=flag(j))) for i, j in pairs]
    row = _one_row(database, _over_flags(flags, columns))
    counts = [int(c or 0) for c in row[1:]]
    size = {m.name: counts[i] for i, m in enumerate(measures)}
    both = {
        (measures[i].name, measures[j].name): counts[len(measures) + k]
        for k, (i, j) in enumerate(pairs)
    }
    return Overlap(int(row[0]), size, both)


def _over_flags(flags: exp.Select, columns: Sequence[exp.Expr]) -> exp.Select:
    """`SELECT columns FROM (flags) AS f`, the flags query's CTEs moved to the outer WITH
    (where a caller can add its own)."""
    ctes = flags.args.get("with_")
    flags.set("with_", None)
    query = exp.select(*columns, copy=False).from_(flags.subquery("f", copy=False), copy=False)
    if ctes is not None:
        query.set("with_", ctes)
    return query


MAX_INSTANTS = 1000


def instants(start: dt.datetime, end: dt.datetime, every: str) -> list[dt.datetime]:
    """`start`, `start + every`, … up to and including `end`; `every` like 1d, 2w, 1mo."""

    duration = parse_step(every)
    out: list[dt.datetime] = []
    step = 0
    while True:
        # Calendar steps count from the start (Jan 31 + 1mo, + 2mo …) so they never drift.
        scaled = ir.DurationConst(duration.amount * step, duration.unit)
        current = ir.shift(start, 1, scaled)
        if current > end:
            return out
        out.append(current)
        step += 1
        if len(out) > MAX_INSTANTS:
            raise EngineError(
                f"more than {MAX_INSTANTS} instants: choose a longer --every or a shorter range"
            )


def parse_step(every: str) -> ir.DurationConst:
    text = every.strip()
    for unit in ("mo", "h", "d", "w", "y"):
        number = text.removesuffix(unit)
        if number != text and number.isdigit() and int(number) > 0:
            return ir.DurationConst(int(number), unit)
    raise EngineError(f"'{every}' is not a step like 1d, 1w, 2w, 1mo or 1y", hint="use --every 1w")


# A history query answers several instants at once, but engines bound one statement: SQLite
# allows 500 terms in a UNION, DuckDB an expression depth of 1000 (each UNION ALL nests one
# level), ClickHouse 256 KiB of SQL. So the instants go in batches within these bounds (with
# room to spare).
INSTANTS_PER_QUERY = 100
SQL_CHARS_PER_QUERY = 100_000


def history(
    database: Database,
    schema: Schema,
    measures: Sequence[Measure],
    at: Sequence[dt.datetime],
) -> list[Sizes]:
    """Sizes as of each instant, from the event data (later events ignored); one query per
    batch of instants (see `history_queries`)."""
    dialect = DIALECTS[database.dialect]
    by_step: dict[int, tuple[Any, ...]] = {}
    for query in history_queries(schema, dialect, measures, at):
        for batch in database.query(dialect.sql(query, copy=False)).batches:
            by_step.update((int(row[-1]), tuple(row)) for row in batch)
    out = []
    for index, instant in enumerate(at):
        row = by_step[index]
        counts = {m.name: int(c or 0) for m, c in zip(measures, row[1:-1], strict=True)}
        out.append(Sizes(instant, int(row[0]), counts))
    return out


def history_queries(
    schema: Schema, dialect: Dialect, measures: Sequence[Measure], at: Sequence[dt.datetime]
) -> list[exp.Query]:
    """The queries behind `history`: each answers a batch of consecutive instants with a
    UNION ALL of one sizes query per instant, each row ending with the instant's index in `at`
    (`step`)."""
    terms: list[exp.Select] = []
    for index, instant in enumerate(at):
        sizes = Lowering(schema, dialect, instant).sizes([(m.name, m.condition) for m in measures])
        sizes.select(exp.alias_(exp.Literal.number(index), "step"), copy=False)
        # Each instant keeps its WITH in its own derived table: ClickHouse would copy one WITH
        # over the whole UNION into every term, and MariaDB allows 64 CTEs in one WITH.
        terms.append(
            exp.select(exp.Star(), copy=False).from_(
                sizes.subquery(f"instant_{index}", copy=False), copy=False
            )
        )
    if not terms:
        return []
    # Every instant's query has the same shape: the first one's length stands for all.
    chars = len(dialect.sql(terms[0]))
    size = max(1, min(INSTANTS_PER_QUERY, SQL_CHARS_PER_QUERY // chars))
    queries: list[exp.Query] = []
    for start in range(0, len(terms), size):
        union: exp.Query = terms[start]
        for term in terms[start + 1 : start + size]:
            union = exp.union(union, term, distinct=False, copy=False)
        queries.append(union)
    return queries


@dataclass(frozen=True)
class Changes:
    """Who entered and who left each measure between the previous instant and `as_of`."""

    as_of: dt.datetime
    # None at the first instant: there is nothing to compare with, so nobody entered or left.
    entered: dict[str, int] | None
    left: dict[str, int] | None


def changes(
    database: Database, schema: Schema, measures: Sequence[Measure], at: Sequence[dt.datetime]
) -> list[Changes]:
    """How many members entered and left each measure between consecutive instants: one query
    per instant returns the key and a 0/1 flag per measure of every customer in any of them,
    and memberships are compared by key."""
    dialect = DIALECTS[database.dialect]
    out: list[Changes] = []
    previous: list[set[Any]] | None = None
    for instant in at:
        flags = Lowering(schema, dialect, instant).flags([m.condition for m in measures])
        in_any: exp.Expr = exp.column("flag_0", table="f")
        for index in range(1, len(measures)):
            in_any = exp.Add(this=in_any, expression=exp.column(f"flag_{index}", table="f"))
        query = _over_flags(flags, [exp.Star()]).where(
            exp.GT(this=in_any, expression=exp.Literal.number(0)), copy=False
        )
        current: list[set[Any]] = [set() for _ in measures]
        for batch in database.query(dialect.sql(query)).batches:
            for row in batch:
                for index, flag in enumerate(row[1:]):
                    if flag:
                        current[index].add(row[0])
        if previous is None:
            out.append(Changes(instant, None, None))
        else:
            entered = {
                m.name: len(c - p) for m, c, p in zip(measures, current, previous, strict=True)
            }
            left = {m.name: len(p - c) for m, c, p in zip(measures, current, previous, strict=True)}
            out.append(Changes(instant, entered, left))
        previous = current
    return out


SPARK_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int]) -> str:
    """One bar character per value, scaled between the series' minimum and maximum."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARK_BARS[len(SPARK_BARS) // 2] * len(values)
    scale = (len(SPARK_BARS) - 1) / (high - low)
    return "".join(SPARK_BARS[round((v - low) * scale)] for v in values)


@dataclass(frozen=True)
class Performance:
    """One segment's campaign performance (definitions in docs/analytics.md)."""

    members: int
    sends: int
    opens: int
    clicks: int
    orders: int
    revenue: Decimal
    clickers: int  # members with at least one conversion click
    converted: int  # clickers with an order within the conversion window after a click

    @property
    def open_rate(self) -> float | None:
        return self.opens / self.sends if self.sends else None

    @property
    def click_through_rate(self) -> float | None:
        return self.clicks / self.sends if self.sends else None

    @property
    def conversion_rate(self) -> float | None:
        return self.converted / self.clickers if self.clickers else None

    @property
    def revenue_per_member(self) -> Decimal | None:
        return self.revenue / self.members if self.members else None

    @property
    def average_order_value(self) -> Decimal | None:
        return self.revenue / self.orders if self.orders else None


def report(
    database: Database,
    schema: Schema,
    measures: Sequence[Measure],
    as_of: dt.datetime | None = None,
) -> dict[str, Performance]:
    """Each measure's performance from the schema's `report:` definitions, in one query: a
    0/1 flag per measure and the report's per-customer values, summed per measure."""
    from .checker import check_value
    from .schema import REPORT_MEASURES

    config = schema.report
    if config is None:
        raise EngineError(
            "the schema has no `report:` section",
            hint="see docs/analytics.md for what to put there (examples/shop/schema.yaml has one)",
        )
    values = [check_value(config.measures[name].expr, schema) for name in REPORT_MEASURES]
    conditions = [m.condition for m in measures]
    conversion = _conversion_events(schema) if config.conversion_click else None
    if conversion is not None:
        conditions.append(ir.Compare(">", conversion[0], ir.Const(0, t.INT)))  # clicked
    dialect = DIALECTS[database.dialect]
    lowering = Lowering(schema, dialect, as_of)
    flags = lowering.flags(conditions, values)
    if conversion is not None:
        key = exp.column(schema.key, table=lowering.entity_alias)
        converted_key = exp.column(schema.key, table="converted")
        flags.join(
            exp.to_table("converted"),
            on=exp.EQ(this=converted_key, expression=key),
            join_type="left",
            copy=False,
        )
        present = exp.not_(exp.Is(this=converted_key.copy(), expression=exp.Null()))
        flag = exp.Case().when(present, exp.Literal.number(1)).else_(exp.Literal.number(0))
        flags.select(exp.alias_(flag, "converted"), copy=False)

    def column(name: str) -> exp.Expr:
        return exp.column(name, table="f")

    def total(expression: exp.Expr) -> exp.Expr:
        return exp.Sum(this=expression)

    columns: list[exp.Expr] = []
    for index in range(len(measures)):
        member = column(f"flag_{index}")
        columns.append(total(member))
        columns += [
            total(exp.Mul(this=member.copy(), expression=column(f"value_{j}")))
            for j in range(len(values))
        ]
        if conversion is not None:
            clicked = column(f"flag_{len(measures)}")
            columns.append(total(exp.Mul(this=member.copy(), expression=clicked)))
            converted = exp.Mul(this=member.copy(), expression=column("converted"))
            columns.append(total(converted))
    query = _over_flags(flags, columns)
    if conversion is not None:
        query.with_("converted", as_=_converted(lowering, *conversion), copy=False)
    row = _one_row(database, query)
    width = len(columns) // max(len(measures), 1)
    out: dict[str, Performance] = {}
    for index, measure in enumerate(measures):
        cells = [c or 0 for c in row[index * width : (index + 1) * width]]
        members, sends, opens, clicks, orders, revenue = cells[:6]
        out[measure.name] = Performance(
            int(members),
            int(sends),
            int(opens),
            int(clicks),
            int(orders),
            Decimal(str(revenue)),
            int(cells[6]) if conversion is not None else 0,
            int(cells[7]) if conversion is not None else 0,
        )
    return out


def _conversion_events(schema: Schema) -> tuple[ir.Agg, ir.Agg, ir.DurationConst]:
    """The click and order event definitions (each a `count(stream where …)`) and the window."""
    from .checker import check_value

    config = schema.report
    assert config is not None and config.conversion_click and config.conversion_order
    events: list[ir.Agg] = []
    for metric in (config.conversion_click, config.conversion_order):
        value = check_value(metric.expr, schema)
        # load_schema has checked that each is a count (E312).
        assert isinstance(value, ir.Agg) and value.func == "count", metric.name
        events.append(value)
    return events[0], events[1], parse_step(config.within)


def _converted(
    lowering: Lowering, click: ir.Agg, order: ir.Agg, within: ir.DurationConst
) -> exp.Select:
    """Customers with an order event at or after one of their click events, within the window
    (both as of the query's instant)."""
    schema, dialect = lowering.schema, lowering.dialect

    def events(agg: ir.Agg, time_alias: str) -> exp.Select:
        stream = schema.events[agg.stream]
        time = exp.column(stream.time)
        select = (
            exp.select(
                exp.alias_(exp.column(stream.key), "k"), exp.alias_(time, time_alias), copy=False
            )
            .from_(table_source(stream.table), copy=False)
            .where(exp.LTE(this=time.copy(), expression=lowering.now()), copy=False)
        )
        if agg.where is not None:
            select = select.where(lowering.cond(agg.where, exact=False, event=True), copy=False)
        return select

    click_time = exp.column("click_time", table="k")
    order_time = exp.column("order_time", table="o")
    on = exp.and_(
        exp.EQ(this=exp.column("k", table="o"), expression=exp.column("k", table="k")),
        exp.GTE(this=order_time, expression=click_time),
        exp.LTE(
            this=order_time.copy(),
            expression=dialect.shift(click_time.copy(), 1, within, date=False),
        ),
    )
    return (
        exp.select(exp.alias_(exp.column("k", table="k"), schema.key), copy=False)
        .distinct(copy=False)
        .from_(events(click, "click_time").subquery("k", copy=False), copy=False)
        .join(events(order, "order_time").subquery("o", copy=False), on=on, copy=False)
    )
