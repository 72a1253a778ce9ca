"""Segment analytics over a database: sizes, overlaps and history, each in one query.

Every function takes an open `engines.Database` and checked conditions ("measures": a segment,
or one label of a partition) and returns plain values; rendering is the CLI's business. The
queries come from segdsl/sql/queries.py: this module runs them and reads their rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlglot import exp

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError
from segdsl.runtime.engines import Database, EngineError
from segdsl.semantics import ir
from segdsl.semantics.schema import Schema
from segdsl.sql import queries
from segdsl.sql.dialects import DIALECTS
from segdsl.sql.history import one_pass_history, one_pass_supported
from segdsl.syntax.lexicon import parse_duration


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
    query = queries.sizes_query([m.condition for m in measures], schema, dialect, as_of)
    row = _one_row(database, query)
    counts = {m.name: int(c or 0) for m, c in zip(measures, row[1:], strict=True)}
    return Sizes(as_of, int(row[0]), counts)


@dataclass(frozen=True)
class Overlap:
    total: int
    sizes: dict[str, int]
    # both[(a, b)] for every pair computed (see `overlap`), in its order
    both: dict[tuple[str, str], int]

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return list(self.both)

    def count(self, a: str, b: str) -> int:
        """Members in both; a KeyError for a pair that was not computed."""
        if a == b:
            return self.sizes[a]
        return self.both[(a, b)] if (a, b) in self.both else self.both[(b, a)]

    def jaccard(self, a: str, b: str) -> float | None:
        """|A ∩ B| / |A ∪ B|; undefined when both are empty."""
        union = self.sizes[a] + self.sizes[b] - self.count(a, b)
        return self.count(a, b) / union if union else None

    def ranked(self) -> list[tuple[str, str]]:
        """The computed pairs, most similar first (ties: more members in both first, then in
        the computed order); pairs of two empty segments last."""
        order = {pair: index for index, pair in enumerate(self.both)}

        def key(pair: tuple[str, str]) -> tuple[float, int, int]:
            similarity = self.jaccard(*pair)
            return (-1.0 if similarity is None else -similarity, -self.both[pair], order[pair])

        return sorted(self.both, key=key)


def overlap(
    database: Database,
    schema: Schema,
    measures: Sequence[Measure],
    as_of: dt.datetime | None = None,
    against: Sequence[str] = (),
) -> Overlap:
    """The pairwise overlap of the measures, from one query (`queries.overlap_query`): every
    pair of measures (a before b in their order); with `against` (names of some of them), only
    the pairs of one of those with one of the others."""
    dialect = DIALECTS[database.dialect]
    pairs = overlap_pairs([m.name for m in measures], against)
    conditions = [m.condition for m in measures]
    row = _one_row(database, queries.overlap_query(conditions, pairs, schema, dialect, as_of))
    counts = [int(c or 0) for c in row[1:]]
    size = {m.name: counts[i] for i, m in enumerate(measures)}
    both = {
        (measures[i].name, measures[j].name): counts[len(measures) + k]
        for k, (i, j) in enumerate(pairs)
    }
    return Overlap(int(row[0]), size, both)


def overlap_pairs(names: Sequence[str], against: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Index pairs of `names`: every i < j; with `against`, each of those names' index with
    each other name's."""
    if not against:
        return [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))]
    group = [i for i, name in enumerate(names) if name in against]
    others = [j for j in range(len(names)) if j not in group]
    return [(i, j) for i in group for j in others]


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
            raise _usage_error(
                errors.E621,
                f"more than {MAX_INSTANTS} instants: choose a longer --every or a shorter range",
            )


def parse_step(every: str) -> ir.DurationConst:
    duration = parse_duration(every.strip())
    if duration is not None and duration[0] > 0:
        return ir.DurationConst(*duration)
    raise _usage_error(
        errors.E620, f"'{every}' is not a step like 1d, 1w, 2w, 1mo or 1y", "use --every 1w"
    )


def _usage_error(code: str, message: str, *hints: str) -> SegdslError:
    """A request the analytics cannot answer as asked: the user's input, not the database."""
    return SegdslError([Diagnostic(code, message, None, hints=hints)])


def history(
    database: Database,
    schema: Schema,
    measures: Sequence[Measure],
    at: Sequence[dt.datetime],
) -> list[Sizes]:
    """Sizes as of each instant, from the event data (later events ignored): the measures
    `history.one_pass_history` answers from one query over all instants, the others from one
    query per batch of instants (see `queries.history_queries`)."""
    return [sizes for sizes, _ in _history(database, schema, measures, at)]


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
    """How many members entered and left each measure between consecutive instants: for the
    measures `history.one_pass_history` answers, counted by its one query; for the others, one
    query per instant returns the key and a 0/1 flag per measure of every customer in any of
    them, and memberships are compared by key."""
    per_instant = [m for m in measures if not one_pass_supported([m.condition], schema)]
    moves = _per_instant_changes(database, schema, per_instant, at)
    out = []
    for index, ((_, one_pass), (entered, left)) in enumerate(
        zip(_history(database, schema, measures, at, changes=True), moves, strict=True)
    ):
        if index == 0:
            out.append(Changes(at[index], None, None))
            continue
        assert one_pass is not None and entered is not None and left is not None
        entered = {**entered, **one_pass[0]}
        left = {**left, **one_pass[1]}
        out.append(
            Changes(
                at[index],
                {m.name: entered[m.name] for m in measures},
                {m.name: left[m.name] for m in measures},
            )
        )
    return out


_Moves = tuple[dict[str, int], dict[str, int]]


def _history(
    database: Database,
    schema: Schema,
    measures: Sequence[Measure],
    at: Sequence[dt.datetime],
    changes: bool = False,
) -> list[tuple[Sizes, _Moves | None]]:
    """Sizes as of each instant and, for the measures answered in one pass, who entered and
    left them (with `changes`; only those are counted, from the same query)."""
    dialect = DIALECTS[database.dialect]
    one_pass = [m for m in measures if one_pass_supported([m.condition], schema)]
    per_instant = [m for m in measures if m not in one_pass]
    counts: list[dict[str, int]] = [{} for _ in at]
    totals: list[int | None] = [None for _ in at]
    moves: list[_Moves | None] = [({}, {}) if changes else None for _ in at]
    if one_pass:
        found = one_pass_history([m.condition for m in one_pass], at, schema, dialect)
        assert found is not None
        by_step: dict[int, tuple[Any, ...]] = {}
        for batch in database.query(dialect.sql(found, copy=False)).batches:
            by_step.update((int(row[0]), tuple(row[1:])) for row in batch)
        running = [0] * (1 + len(one_pass))
        width = len(running)
        for index in range(len(at)):
            row = by_step.get(index, (0,) * (width + 2 * len(one_pass)))
            running = [r + int(change or 0) for r, change in zip(running, row[:width], strict=True)]
            totals[index] = running[0]
            counts[index].update((m.name, n) for m, n in zip(one_pass, running[1:], strict=True))
            step_moves = moves[index]
            if step_moves is not None:
                entered, left = row[width : width + len(one_pass)], row[width + len(one_pass) :]
                step_moves[0].update(
                    (m.name, int(n or 0)) for m, n in zip(one_pass, entered, strict=True)
                )
                step_moves[1].update(
                    (m.name, int(n or 0)) for m, n in zip(one_pass, left, strict=True)
                )
    if per_instant or not one_pass:
        conditions = [m.condition for m in per_instant]
        by_instant: dict[int, tuple[Any, ...]] = {}
        for query in queries.history_queries(conditions, at, schema, dialect):
            for batch in database.query(dialect.sql(query, copy=False)).batches:
                by_instant.update((int(row[-1]), tuple(row)) for row in batch)
        for index in range(len(at)):
            row = by_instant[index]
            totals[index] = int(row[0])
            counts[index].update(
                (m.name, int(c or 0)) for m, c in zip(per_instant, row[1:-1], strict=True)
            )
    return [
        (Sizes(instant, int(total or 0), {m.name: count[m.name] for m in measures}), step_moves)
        for instant, total, count, step_moves in zip(at, totals, counts, moves, strict=True)
    ]


def _per_instant_changes(
    database: Database, schema: Schema, measures: Sequence[Measure], at: Sequence[dt.datetime]
) -> list[_Moves]:
    """Who entered and left each of `measures` since the instant before (nobody at the first):
    one query per instant, memberships compared by key."""
    out: list[_Moves] = []
    if not measures:
        return [({}, {}) for _ in at]
    dialect = DIALECTS[database.dialect]
    conditions = [m.condition for m in measures]
    previous: list[set[Any]] | None = None
    for instant in at:
        query = queries.member_flags_query(conditions, schema, dialect, instant)
        current: list[set[Any]] = [set() for _ in measures]
        for batch in database.query(dialect.sql(query)).batches:
            for row in batch:
                for index, flag in enumerate(row[1:]):
                    if flag:
                        current[index].add(row[0])
        if previous is None:
            out.append(({}, {}))
        else:
            pairs = list(zip(measures, current, previous, strict=True))
            out.append(
                (
                    {m.name: len(c - p) for m, c, p in pairs},
                    {m.name: len(p - c) for m, c, p in pairs},
                )
            )
        previous = current
    return out


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
    """Each measure's performance from the schema's `report:` definitions, in one query
    (`queries.report_query`)."""
    from segdsl.semantics.checker import check_value
    from segdsl.semantics.schema import REPORT_MEASURES

    config = schema.report
    if config is None:
        raise _usage_error(
            errors.E622,
            "the schema has no `report:` section",
            "see docs/analytics.md for what to put there (examples/shop/schema.yaml has one)",
        )
    values = [check_value(config.measures[name].expr, schema) for name in REPORT_MEASURES]
    conversion = _conversion_events(schema) if config.conversion_click else None
    conditions = [m.condition for m in measures]
    dialect = DIALECTS[database.dialect]
    query = queries.report_query(conditions, values, schema, dialect, as_of, conversion)
    row = _one_row(database, query)
    width = len(row) // max(len(measures), 1)
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


def _conversion_events(schema: Schema) -> queries.Conversion:
    """The click and order event definitions (each a `count(stream where …)`) and the window."""
    from segdsl.semantics.checker import check_value

    config = schema.report
    assert config is not None and config.conversion_click and config.conversion_order
    events: list[ir.Agg] = []
    for metric in (config.conversion_click, config.conversion_order):
        value = check_value(metric.expr, schema)
        # load_schema has checked that each is a count (E312).
        assert isinstance(value, ir.Agg) and value.func == "count", metric.name
        events.append(value)
    return queries.Conversion(events[0], events[1], parse_step(config.within))
