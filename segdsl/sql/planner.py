"""Query shape: which conditions of a member query can be answered by testing for the presence
or absence of events instead of aggregating whole event tables.

Measured (docs/performance.md): engines answer "has an open in the last 30 days" far
faster as a semi-join on the recent rows of a time-ordered table than as a max over every row,
and aggregate only the customers that can still match ("candidate-first"). This module finds,
for each top-level conjunct of a segment, an exactly equivalent set of event tests, or event
tests it implies; the compiler turns those into semi- and anti-joins. It works on the checked
program only, and every rewrite here is an equivalence under two-valued logic (docs/semantics.md):
a comparison with a missing aggregate is false.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import cast

from segdsl.semantics import calendar, ir
from segdsl.semantics import types as t
from segdsl.semantics.reasoning import Reasoner
from segdsl.semantics.schema import EventStream, Schema
from segdsl.syntax.lexicon import MIRROR, VALUE_TRAITS, CompareOp


@dataclass(frozen=True)
class EventTest:
    """The customer has (`exists`) or has not at least `at_least` events in `stream` for which
    `where` holds."""

    stream: str
    where: ir.Cond | None
    exists: bool
    at_least: int = 1
    grouped: ir.Cond | None = None
    """With `grouped`: the customer's rows that pass `where`, grouped, decide it: a condition
    on the customer's aggregates of `stream` whose filters all imply `where` (regular activity,
    docs/semantics.md; a distinct count or active days reaching a number; the conditions of one
    pass, see `one_pass_per_window`), taken over the group, which holds only customers with at
    least one such row: the condition must be false for the others."""


def conjuncts(cond: ir.Cond) -> list[ir.Cond]:
    """The top-level `and` operands, looking through segment references and a partition's
    label (`lifecycle = "loyal"`: no earlier arm holds, and the label's arm does)."""
    match cond:
        case ir.And(operands=operands):
            return [c for operand in operands for c in conjuncts(operand)]
        case ir.SegmentRef(body=body):
            return conjuncts(body)
        case ir.Compare(op="=", left=ir.PartitionRef() as partition, right=ir.Const(value=label)):
            arms = _arm_conjuncts(partition, label)
            if arms is not None:
                return arms
    return [cond]


def _arm_conjuncts(partition: ir.PartitionRef, label: object) -> list[ir.Cond] | None:
    """The customers with a label of a partition as conjuncts, when one arm (or only the
    `otherwise`) gives it: the first arm whose condition holds wins."""
    arms = [index for index, (name, _) in enumerate(partition.arms) if name == label]
    if len(arms) > 1 or (label == partition.otherwise) == bool(arms):
        return None
    end = arms[0] if arms else len(partition.arms)
    earlier: list[ir.Cond] = [ir.Not(cond) for _, cond in partition.arms[:end]]
    return earlier + (conjuncts(partition.arms[end][1]) if arms else [])


def uses_events(node: ir.Node) -> bool:
    """Whether evaluating `node` needs event rows or the whole population."""
    return any(
        isinstance(n, ir.Agg | ir.TopPercent | ir.PopulationAgg | ir.Sequence)
        for n in ir.walk(node)
    )


def _unwrap(value: ir.Value) -> ir.Value:
    while isinstance(value, ir.MetricRef):
        value = value.body
    return value


def _testable(value: ir.Value) -> ir.Agg | None:
    """The aggregate a value is, if its events can be tested on their own: not one whose filter
    reads the customer's values (an event test reads events without their customer's row;
    such an aggregate keeps the plain shape)."""
    agg = _unwrap(value)
    if isinstance(agg, ir.Agg) and not ir.anchors(agg):
        return agg
    return None


def _aggregate_first(
    left: ir.Value, op: CompareOp, right: ir.Value
) -> tuple[ir.Value, CompareOp, ir.Value]:
    """The sides of a comparison with the aggregate on the left (when only one side is one)."""
    if isinstance(_unwrap(right), ir.Agg) and not isinstance(_unwrap(left), ir.Agg):
        return right, MIRROR[op], left
    return left, op, right


def _and(*parts: ir.Cond | None) -> ir.Cond | None:
    present = [p for p in parts if p is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else ir.And(tuple(present))


def either_presence(
    cond: ir.Cond, schema: Schema, as_of: dt.datetime | None = None
) -> list[EventTest] | None:
    """For `a or b or …` where each operand is "has such an event" (`last_order < 12mo or
    max(email.ts where …) < 12mo`), those presence tests, of which the customer must pass one;
    else None."""
    if not isinstance(cond, ir.Or):
        return None
    tests = []
    for operand in cond.operands:
        exact = exact_tests(operand, schema, as_of)
        if exact is None or len(exact) != 1:
            return None
        (test,) = exact
        if not test.exists or test.at_least != 1 or test.grouped is not None:
            return None
        tests.append(test)
    return tests


def exact_tests(
    cond: ir.Cond, schema: Schema, as_of: dt.datetime | None = None
) -> list[EventTest] | None:
    """Event tests whose conjunction is equivalent to `cond`, or None. ("The latest event is
    old" is not rewritten as "has one, but none recent": measured, one aggregate of the table
    is faster, by 1.7x on PostgreSQL with per-customer indexes.)"""
    match cond:
        case ir.Not(operand=inner):
            tests = exact_tests(inner, schema, as_of)
            if tests is not None and len(tests) == 1:
                (test,) = tests
                return [dataclasses.replace(test, exists=not test.exists)]
            return None
        case ir.IsMissing(operand=operand):
            agg = _testable(operand)
            if agg is not None and ir.EMPTY_VALUE[agg.func] is None:
                assert agg.argument is not None
                return [EventTest(agg.stream, _and(agg.where, _present(agg.argument)), False)]
            return None
        case ir.Compare(op=op, left=left, right=right):
            left, op, right = _aggregate_first(left, op, right)
            agg = _testable(left)
            if agg is None or not isinstance(right, ir.Const):
                return None
            if agg.func == "count":
                return _count_tests(agg, op, right, schema)
            if agg.func in ("count_distinct", "active_days") and _needs_a_row(agg, cond):
                # At least one distinct value or day: only customers with such rows, grouped.
                grouped = ir.Compare(op, agg, right, cond.span)
                return [EventTest(agg.stream, agg.where, True, grouped=grouped)]
            if agg.func in ("min", "max") and op not in ("=", "!="):
                assert agg.argument is not None
                row_test = ir.Compare(op, agg.argument, right)
                return _extreme_tests(agg, op in (">", ">="), row_test)
            if agg.func in ("first", "last") and op == "=":
                # The value of the first or last row with a value: decided by those rows,
                # grouped, without ranking them (a customer without one has no value).
                grouped = ir.Compare(op, agg, right)
                return [EventTest(agg.stream, trait_rows(agg), True, grouped=grouped)]
            return None
        case ir.Regular(count=count, customer_zone=zone):
            # Anchored on the customer's values (or periods on the customer's own clocks), its
            # per-period counts keep the plain shape.
            testable = _testable(count) is not None and zone is None
            return [_regular_test(cond)] if testable else None
        case ir.AgeCompare(op=op, value=value, duration=duration):
            agg = _testable(value)
            if agg is None or agg.func not in ("min", "max"):
                return None
            assert agg.argument is not None
            # `t < 30d` means t is *later* than the bound: like `t > bound`.
            later = op in ("<", "<=")
            return _extreme_tests(agg, later, ir.AgeCompare(op, agg.argument, duration))
        case ir.InPeriod(operand=operand, period=period, zone=zone, customer_zone=None):
            # On each customer's own clocks the period's instants differ from customer to
            # customer: no one window of rows holds every customer's latest event.
            agg = _testable(operand)
            if agg is None or agg.func != "max" or agg.argument is None:
                return None
            return _latest_in_period(agg, agg.argument, period, zone, schema, as_of)
    return None


def _latest_in_period(
    agg: ir.Agg,
    time: ir.Value,
    period: calendar.Period,
    zone: str,
    schema: Schema,
    as_of: dt.datetime | None,
) -> list[EventTest] | None:
    """`last_order in this month`: the latest event's time in a period counted back from today.
    Events are never after the as-of instant, so in a period that holds today (or ends at it),
    the latest is in it iff some event is. In one that ended before the current one (`in last
    week`), iff the latest of the events since the period's start is in it: one grouped pass over
    the rows from the start of the period, never the whole history."""
    stream = schema.events[agg.stream]
    if (
        not (isinstance(time, ir.Field) and time.name == stream.time and period.relative)
        or period.back < 0
    ):
        return None
    # The rows from the period's start on are also within a reach back from the as-of instant:
    # a bound on the time that engines skip older rows by (the period's days may be read on the
    # clock), and that the reasoning compares with other windows.
    reach = ir.AgeCompare("<=", time, _reach(period, zone, as_of))
    if period.back < period.count:
        where = _and(agg.where, reach, ir.InPeriod(time, period, zone))
        return [EventTest(agg.stream, where, True)]
    since = calendar.Period(period.unit, period.back, period.back + 1, False, None)
    where = _and(agg.where, reach, ir.InPeriod(time, since, zone))
    latest = dataclasses.replace(agg, where=where)
    return [EventTest(agg.stream, where, True, grouped=ir.InPeriod(latest, period, zone))]


# The most days a calendar period of each unit has.
_LONGEST_DAYS: dict[str, int] = {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366}


def _reach(period: calendar.Period, zone: str, as_of: dt.datetime | None) -> ir.DurationConst:
    """A duration back from the as-of instant that holds the start of a period counted back
    from today's: the whole hours since it when the instant is known; else the periods back and
    today's whole one, and a day for the shift of the clocks between UTC and the zone."""
    if as_of is not None:
        try:
            first, after = period.days(calendar.local_time(as_of, zone).date())
            starts = [start for start, _ in calendar.instants(first, after, zone)]
        except OverflowError:
            starts = []  # outside the calendar: the compiler reports it
        if starts and starts[0] is not None:
            hours = math.ceil((as_of - starts[0]) / dt.timedelta(hours=1))
            return ir.DurationConst(max(hours, 1), "h")
    return ir.DurationConst((period.back + 1) * _LONGEST_DAYS[period.unit] + 1, "d")


def trait_rows(trait: ir.Agg) -> ir.Cond:
    """The rows a value trait (`last(orders.category)`) is taken over: those passing its
    filter whose field is present."""
    assert trait.argument is not None
    present = _present(trait.argument)
    return present if trait.where is None else ir.And((trait.where, present))


def _present(value: ir.Value) -> ir.Cond:
    return ir.Not(ir.IsMissing(value))


def _count_tests(agg: ir.Agg, op: str, bound: ir.Const, schema: Schema) -> list[EventTest] | None:
    if not isinstance(bound.value, int) or isinstance(bound.value, bool):
        return None
    k = bound.value
    # `count(orders.category)` counts the events whose field is present.
    where = agg.where if agg.argument is None else _and(agg.where, _present(agg.argument))
    if (op == ">" and k == 0) or (op == ">=" and k == 1) or (op == "!=" and k == 0):
        return [EventTest(agg.stream, where, True)]
    if (op == "=" and k == 0) or (op == "<=" and k == 0) or (op == "<" and k == 1):
        return [EventTest(agg.stream, where, False)]
    # "At least k in a recent window" reads only the window's rows; over a whole history the
    # grouped count would cost as much as the aggregate it replaces, so it stays an aggregate.
    at_least = {">=": k, ">": k + 1, "<": k, "<=": k + 1}.get(op)
    if at_least is None or at_least < 2:
        return None
    test = EventTest(agg.stream, where, op in (">=", ">"), at_least)
    return [test] if windowed(agg.stream, agg.where, schema) else None


def _extreme_tests(agg: ir.Agg, upward: bool, row_test: ir.Cond) -> list[EventTest] | None:
    """`max(x) > b` holds iff some row has x > b (likewise `min(x) < b`). `upward`: the test
    asks for large values."""
    if (agg.func == "max") == upward:
        return [EventTest(agg.stream, _and(agg.where, row_test), True)]
    return None


def implied_tests(cond: ir.Cond, schema: Schema) -> list[EventTest]:
    """Presence tests `cond` implies that look only at a recent window of an event table (cheap
    on time-ordered data, and selective): used to pick candidates before aggregating."""
    return [
        EventTest(agg.stream, agg.where, True)
        for agg in _row_needing_aggregates(cond)
        if windowed(agg.stream, agg.where, schema) and _testable(agg) is not None
    ]


def _regular_test(node: ir.Regular) -> EventTest:
    """Regular activity as a test of the customer's rows in its periods' whole window, grouped:
    a customer without such rows has a count of 0 in every period, which no regular activity
    accepts (it needs at least one event), so the grouped rows decide it exactly."""
    count, time = node.count, node.time
    if node.length is None:
        assert node.unit is not None
        period = calendar.Period(node.unit, node.periods, node.periods, False, None)
        window: ir.Cond = ir.InPeriod(time, period, node.zone)
    else:
        whole = ir.DurationConst(node.length.amount * node.periods, node.length.unit)
        window = ir.AgeCompare("<", time, whole)
    return EventTest(count.stream, _and(count.where, window), True, grouped=node)


def needs_an_event(cond: ir.Cond, streams: set[str]) -> bool:
    """Whether `cond` is false for every customer without events in one of `streams` (so
    that a semi-join to the customers with such events adds nothing)."""
    if isinstance(cond, ir.And):
        return any(needs_an_event(operand, streams) for operand in cond.operands)
    return any(agg.stream in streams for agg in _row_needing_aggregates(cond))


def _row_needing_aggregates(cond: ir.Cond) -> list[ir.Agg]:
    """The aggregates of a comparison that make it false for customers without their events."""
    match cond:
        case ir.Compare(left=left, right=right) | ir.AgeCompare(value=left, duration=right):
            sides = [_unwrap(side) for side in (left, right)]
            direct = [agg for agg in sides if isinstance(agg, ir.Agg) and _needs_a_row(agg, cond)]
            within = [
                a for side in sides if not isinstance(side, ir.Agg) for a in _missing_in(side)
            ]
            return direct + within
    return []


def _missing_in(value: ir.Value) -> list[ir.Agg]:
    """The aggregates missing over no rows that make `value` missing when they are: its
    operands through arithmetic and functions, which keep a missing value missing
    (`now - last_order`)."""
    match _unwrap(value):
        case ir.Agg() as agg:
            return [agg] if ir.EMPTY_VALUE[agg.func] is None else []
        case ir.Arith(left=left, right=right):
            return _missing_in(left) + _missing_in(right)
        case ir.Negate(operand=operand) | ir.Shift(base=operand) | ir.Func(argument=operand):
            return _missing_in(operand)
    return []


def _needs_a_row(agg: ir.Agg, cond: ir.Cond) -> bool:
    """False on customers without a matching event: an aggregate missing over no events is
    then missing; a count must reach at least 1."""
    if ir.EMPTY_VALUE[agg.func] is None:
        return True
    if agg.func not in ir.COUNTS or not isinstance(cond, ir.Compare):
        return False
    op, right = cond.op, _unwrap(cond.right)
    if _unwrap(cond.left) != agg:
        op, right = MIRROR[op], _unwrap(cond.left)
    if isinstance(right, ir.Agg) and right.func in ir.COUNTS:
        # Greater than another count, which is at least 0 (`count(… < 90d) < count(… 90-180d)`).
        return op == ">"
    if not isinstance(right, ir.Const) or not isinstance(right.value, int):
        return False
    # False at 0: `>= 1`, `> 0`, `= 1`, `!= 0`.
    return (
        (op in (">=", "=") and right.value >= 1)
        or (op == ">" and right.value >= 0)
        or (op == "!=" and right.value == 0)
    )


def windowed(stream: str, where: ir.Cond | None, schema: Schema) -> bool:
    """Whether a filter of the stream's rows bounds their time from below (`created_at < 90d`)."""
    if where is None:
        return False
    time = schema.events[stream].time
    for part in conjuncts(where):
        match part:
            case ir.AgeCompare(op="<" | "<=", value=ir.Field(column=column)) if column == time:
                return True
            case ir.Compare(op=">" | ">=", left=ir.Field(column=column), right=ir.Const()) if (
                column == time
            ):
                return True
            case ir.InPeriod(operand=ir.Field(column=column)) if column == time:
                # A relative period starts some periods back from today; a named one on its day.
                return True
    return False


def implied_after(sequence: ir.Sequence, stream: EventStream, schema: Schema) -> ir.Cond | None:
    """A bound on the time of the events of `stream` that may follow (or come between, or
    answer) in `sequence`: they come after a first event (strictly, or at its instant too in an
    open-ended sequence), so after the lower bound of the first events' time when their filter
    has one (`ts < 30d`; with `ts <= 30d` an open-ended sequence reads the bound's instant too):
    only that window of `stream` is read."""
    first = sequence.first
    if first.where is None:
        return None
    first_time = schema.events[first.stream].time
    open_ended = sequence.window is None
    time = stream.fields[stream.time]
    field = ir.Field(stream.name, stream.time, time.column, time.type)
    for part in conjuncts(first.where):
        match part:
            case ir.AgeCompare(
                op="<" | "<=" as op, value=ir.Field(column=column), duration=duration
            ) if column == first_time:
                return ir.AgeCompare(op if open_ended else "<", field, duration)
            case ir.Compare(
                op=">" | ">=" as op, left=ir.Field(column=column), right=ir.Const() as c
            ) if column == first_time:
                return ir.Compare(op if open_ended else ">", field, c)
    return None


# -- windowing the latest event -------------------------------------------------------------------

_RowBound = Callable[[ir.Value], ir.Cond]


def _lower_bound(cond: ir.Cond) -> tuple[ir.Agg, _RowBound] | None:
    """A conjunct that bounds a `max` from below (`last_cart_add < 24h`, `max(x) > c`): the
    aggregate and the same bound as a test of one row's value."""
    match cond:
        case ir.AgeCompare(op="<" | "<=" as op, value=value, duration=duration):
            agg = _unwrap(value)
            if isinstance(agg, ir.Agg) and agg.func == "max":
                return agg, lambda row: ir.AgeCompare(op, row, duration)
        case ir.Compare(op=op, left=left, right=right):
            left, op, right = _aggregate_first(left, op, right)
            agg = _unwrap(left)
            if (
                isinstance(agg, ir.Agg)
                and agg.func == "max"
                and op in (">", ">=")
                and isinstance(right, ir.Const)
            ):
                bound, compare_op = right, op
                return agg, lambda row: ir.Compare(compare_op, row, bound)
    return None


def _restricted(agg: ir.Agg, bound: _RowBound) -> ir.Agg:
    assert agg.argument is not None
    where = _and(agg.where, bound(agg.argument))
    return ir.Agg(agg.func, agg.stream, agg.argument, where, agg.type, agg.span)


def window_latest(parts: list[ir.Cond]) -> list[ir.Cond]:
    """Read only a recent window of history where the conjunction allows it (all exact):

    - a conjunct `max(x) > B` (`last_cart_add < 24h`) makes `max(x)` equal to the max over the
      rows with x > B wherever the conjunction can hold, so every other per-customer use reads
      only those (never a ranking or a population aggregate: they read every customer);
    - `A is missing or A < V` ("no event at or after V"), with A a `max` and V bounded so, needs
      only A's rows after the bound: an older row is before V either way.
    """
    bounds: dict[ir.Agg, tuple[int, _RowBound]] = {}
    for index, part in enumerate(parts):
        found = _lower_bound(part)
        if found is not None and found[0].argument is not None:
            bounds.setdefault(found[0], (index, found[1]))
    if not bounds:
        return parts

    def rewrite(index: int, part: ir.Cond) -> ir.Cond:
        def narrowed(node: ir.Node) -> ir.Node | None:
            if isinstance(node, ir.TopPercent | ir.PopulationAgg):
                # Population-level: ranks and aggregates over every customer, including those
                # for whom the bound does not hold. The narrowed value is equal only where the
                # whole conjunction can hold, so it never enters these.
                return node
            if isinstance(node, ir.Or):
                return _no_event_since(node, bounds, narrowed)
            if isinstance(node, ir.MetricRef | ir.Agg):
                agg = _unwrap(node)
                if isinstance(agg, ir.Agg) and agg in bounds and bounds[agg][0] != index:
                    return _restricted(agg, bounds[agg][1])
            if isinstance(node, ir.Agg):
                # Its filter's anchors are the customer's own values, computed whole.
                return node
            return None

        return cast(ir.Cond, ir.substitute(part, narrowed))

    return [rewrite(index, part) for index, part in enumerate(parts)]


def _no_event_since(
    node: ir.Or,
    bounds: dict[ir.Agg, tuple[int, _RowBound]],
    narrowed: Callable[[ir.Node], ir.Node | None],
) -> ir.Cond | None:
    """`A is missing or A < V` (either order) with V bounded below: A over the same window."""
    if len(node.operands) != 2:
        return None
    for missing, compare in (node.operands, reversed(node.operands)):
        if not isinstance(missing, ir.IsMissing) or not isinstance(compare, ir.Compare):
            continue
        latest = _unwrap(missing.operand)
        left, op, right = compare.left, compare.op, compare.right
        if _unwrap(right) == latest:
            left, right, op = right, left, MIRROR[op]
        since = _unwrap(right)
        if (
            op not in ("<", "<=")
            or _unwrap(left) != latest
            or not isinstance(latest, ir.Agg)
            or latest.func != "max"
            or latest.argument is None
            or not isinstance(since, ir.Agg)
            or since not in bounds
            or since.argument is None
            or since.argument.type != latest.argument.type
        ):
            continue
        recent = _restricted(latest, bounds[since][1])
        limit = cast(ir.Value, ir.substitute(right, narrowed))
        return ir.Or((ir.IsMissing(recent), ir.Compare(op, recent, limit)), node.span)
    return None


# -- each stream and window read once -------------------------------------------------------------


def without_implied(parts: list[ir.Cond], schema: Schema) -> list[ir.Cond]:
    """The conjuncts less those that read events and that the others imply (`purchases >= 1`
    beside `last_order < 30d`; an earlier arm's negation that a later arm implies), proved by
    the linter's reasoning (exact: the conjunction is the same)."""
    reasoner = Reasoner(schema)
    kept = list(parts)
    for part in parts:
        others = [other for other in kept if other is not part]
        if others and uses_events(part) and reasoner.implies(others, part):
            kept.remove(part)
    return kept


def without_implied_tests(
    tests: list[EventTest], rest: list[ir.Cond], schema: Schema
) -> list[EventTest]:
    """The tests, each once, less those the others or a condition imply, reasoning over their
    rows: events of a stream passing a filter exist when events passing a filter that implies it
    do (which every presence test and every grouped test asks for, and so does a condition that
    is false without its events), and none exist when none passing a filter it implies do."""
    reasoner = Reasoner(schema)
    needed = [(agg.stream, agg.where) for cond in rest for agg in _row_needing_aggregates(cond)]
    kept = list(dict.fromkeys(tests))
    for test in list(kept):
        if test.at_least != 1 or test.grouped is not None:
            continue
        others = [other for other in kept if other is not test]
        if test.exists:
            present = [(o.stream, o.where) for o in others if o.exists] + needed
            implied = any(
                stream == test.stream and _rows_imply(reasoner, where, test.where)
                for stream, where in present
            )
        else:
            implied = any(
                _plain_absence(o)
                and o.stream == test.stream
                and _rows_imply(reasoner, test.where, o.where)
                for o in others
            )
        if implied:
            kept.remove(test)
    return kept


def _plain_absence(test: EventTest) -> bool:
    return not test.exists and test.at_least == 1 and test.grouped is None


def _rows_imply(reasoner: Reasoner, premise: ir.Cond | None, conclusion: ir.Cond | None) -> bool:
    if conclusion is None:
        return True
    if premise is None:
        return False
    return reasoner.implies([premise], conclusion)


def one_pass_per_window(
    tests: list[EventTest], rest: list[ir.Cond], schema: Schema, whole_streams: bool = False
) -> tuple[list[EventTest], list[ir.Cond]]:
    """The tests and the remaining conditions, with those that read one stream only in recent
    windows answered together: one grouped test over the rows of the windows (`count(orders
    where created_at < 30d) >= 2 and sum(orders.amount where created_at < 30d) > 100`: the
    orders of the last 30 days grouped by customer, with a condition on the group and one
    FILTER per aggregate). Exact when one of them is false for a customer without rows in the
    windows (the group has none of them); done when it saves a read of the stream: two tests, or
    a condition that would otherwise be aggregated beside a test (`count(…) >= 1 or …` alone
    is one aggregate already). With `whole_streams`, also the tests of a stream none of which
    has a window (`count(email where type = "send") > 0 and last_open is missing`): for engines
    where presence is no hash semi-join, one grouped pass beats a probe per test."""
    reasoner = Reasoner(schema)
    for stream in dict.fromkeys([test.stream for test in tests] + _streams(rest)):
        own = [test for test in tests if test.stream == stream]
        recent = [test for test in own if windowed(stream, test.where, schema)]
        mine = own if whole_streams and not recent else recent
        conditions = [cond for cond in rest if _reads_only(cond, stream, schema, recent=True)]
        # Conditions on the whole stream that are false without rows (`purchases >= 5`) join
        # them when every window is long: then one pass over the whole stream is read.
        whole = [
            cond
            for cond in rest
            if cond not in conditions
            and _reads_only(cond, stream, schema, recent=False)
            and false_without_rows(cond)
        ]
        windows = [test.where for test in mine] + [
            agg.where for cond in conditions for agg in _aggregates(cond)
        ]
        if whole and windows and all(_long(stream, where, schema) for where in windows):
            conditions += whole
        else:
            whole = []
        needs_rows = any(test.exists for test in mine) or any(
            false_without_rows(cond) for cond in conditions
        )
        # The reads of the stream otherwise: each test, the aggregates of the conditions, and
        # the presence tests those imply to pick the candidates.
        reads = (
            len(mine) + bool(conditions) + sum(bool(implied_tests(c, schema)) for c in conditions)
        )
        if not needs_rows or reads < 2:
            continue
        # With the whole stream (or a test of all its rows), all its rows; else the rows of
        # the windows.
        rows = None if whole or None in windows else _widest(stream, windows, reasoner, schema)
        on_rows = [_on_group(test, rows) for test in mine] + conditions
        present = [cond for cond in on_rows if cond is not None]
        grouped = present[0] if len(present) == 1 else ir.And(tuple(present))
        tests = [test for test in tests if test not in mine]
        tests.append(EventTest(stream, rows, True, grouped=grouped))
        rest = [cond for cond in rest if cond not in conditions]
    return tests, rest


def false_without_rows(
    cond: ir.Cond, stream: str | None = None, held: Container[ir.Agg] | None = None
) -> bool:
    """Whether `cond` is false for a customer without the rows its aggregates (of `stream`,
    or any; among `held`, or any) read: one of its conjuncts is, or each of its disjuncts
    (`count(… open …) >= 3 or count(… click …) >= 1`)."""
    match cond:
        case ir.And(operands=operands):
            return any(false_without_rows(operand, stream, held) for operand in operands)
        case ir.Or(operands=operands):
            return all(false_without_rows(operand, stream, held) for operand in operands)
        case ir.SegmentRef(body=body):
            return false_without_rows(body, stream, held)
    return any(
        stream in (None, agg.stream) and (held is None or agg in held)
        for agg in _row_needing_aggregates(cond)
    )


def holds_with_rows(cond: ir.Cond, stream: str, rows: ir.Cond | None, schema: Schema) -> bool:
    """Whether `cond` holds for every customer with an event of `stream` that passes `rows`
    (any event, for None): `purchases > 0` for each row of the orders grouped by customer."""
    events = ir.Agg("count", stream, None, rows, t.INT)
    return Reasoner(schema).implies([ir.Compare(">=", events, ir.Const(1, t.INT))], cond)


def false_when_outside(cond: ir.Cond, outside: Callable[[ir.TopPercent], bool]) -> bool:
    """Whether `cond` is false for a customer for whom every ranking test that `outside`
    names is false (a customer a ranking does not hold): then only the customers it holds can
    be members (`at_risk`: a frequency label of 4 or 5 needs a rank among the buyers)."""
    return _truth(cond, outside) is False


def _truth(cond: ir.Cond, outside: Callable[[ir.TopPercent], bool]) -> bool | None:
    """`cond`'s value for such a customer where it follows from the ranking tests alone, or
    None (conditions are two-valued: docs/semantics.md)."""
    match cond:
        case ir.TopPercent() if outside(cond):
            return False
        case ir.Literal_(value=value):
            return value
        case ir.SegmentRef(body=body):
            return _truth(body, outside)
        case ir.Not(operand=operand):
            negated = _truth(operand, outside)
            return None if negated is None else not negated
        case ir.And(operands=operands) | ir.Or(operands=operands):
            values = [_truth(operand, outside) for operand in operands]
            decisive = isinstance(cond, ir.Or)
            if decisive in values:
                return decisive
            return None if None in values else not decisive
        case ir.InSet(operand=ir.PartitionRef() as partition, values=labels):
            return _label_in(partition, set(labels), outside)
        case ir.Compare(op="=" | "!=" as op, left=ir.PartitionRef() as partition, right=right):
            if isinstance(right, ir.Const):
                equal = _label_in(partition, {right.value}, outside)
                return equal if op == "=" or equal is None else not equal
    return None


def _label_in(
    partition: ir.PartitionRef, labels: set[object], outside: Callable[[ir.TopPercent], bool]
) -> bool | None:
    """Whether the partition's label is one of `labels`, where the arms' values decide it."""
    possible = []
    for label, arm in partition.arms:
        value = _truth(arm, outside)
        if value is not False:
            possible.append(label)
        if value is True:
            break
    else:
        possible.append(partition.otherwise)
    inside = {label in labels for label in possible}
    return inside.pop() if len(inside) == 1 else None


def _streams(conditions: list[ir.Cond]) -> list[str]:
    return [agg.stream for cond in conditions for agg in _aggregates(cond)]


def _aggregates(cond: ir.Cond) -> list[ir.Agg]:
    return [node for node in ir.walk(cond) if isinstance(node, ir.Agg)]


# Windows at least this long are read with the whole stream in one grouped pass rather than
# first as candidates (measured on the benchmark's shop, DuckDB, 1M customers: `purchases >= 5
# and last_order < Nd` one pass 2.2x faster at 365 days, 1.4x at 90, even at 30, and the
# candidates first 1.9x faster at 7).
LONG_WINDOW_DAYS = 90


def _long(stream: str, where: ir.Cond | None, schema: Schema) -> bool:
    """Whether a filter of the stream's rows is only a window of their age of LONG_WINDOW_DAYS
    or more: one that says more (`category = "shoes"`) or a named bound or a period may pick
    few candidates, which are then read first."""
    if where is None:
        return False
    time = schema.events[stream].time
    days = []
    for part in conjuncts(where):
        match part:
            case ir.AgeCompare(op="<" | "<=", value=ir.Field(column=column), duration=d) if (
                column == time
            ):
                days.append(d.months() * 28 if d.is_calendar else d.seconds() / 86400)
            case _:
                return False
    return bool(days) and min(days) >= LONG_WINDOW_DAYS


def _reads_only(cond: ir.Cond, stream: str, schema: Schema, recent: bool) -> bool:
    """Whether `cond` reads only aggregates of `stream` (`recent`: in recent windows), which a
    group of the customer's rows holds (no customer value, ranking, population aggregate,
    value trait)."""
    if any(
        isinstance(node, ir.Attr | ir.TopPercent | ir.PopulationAgg | ir.Sequence | ir.Split)
        for node in ir.walk(cond)
    ):
        return False
    aggregates = _aggregates(cond)
    return bool(aggregates) and all(
        agg.stream == stream
        and agg.func not in VALUE_TRAITS
        and _testable(agg) is not None
        and (not recent or windowed(stream, agg.where, schema))
        for agg in aggregates
    )


def _widest(
    stream: str, filters: list[ir.Cond | None], reasoner: Reasoner, schema: Schema
) -> ir.Cond:
    """A filter that every one of `filters` implies: the conjuncts they all imply when those
    bound the time (one range, which an engine skips older rows by), else the filters that no
    other implies, or'ed."""
    distinct = [f for f in dict.fromkeys(filters) if f is not None]
    common = [
        part
        for part in dict.fromkeys(p for f in distinct for p in (f, *conjuncts(f)))
        if all(f == part or reasoner.implies([f], part) for f in distinct)
    ]
    narrowest = _without_implied_by_others(common, reasoner, implied=True)
    together = _and(*narrowest)
    if together is not None and windowed(stream, together, schema):
        # And, when each filter says more, one of those: the rows no aggregate reads are left
        # out before grouping.
        rest = [[p for p in conjuncts(f) if p not in narrowest] for f in distinct]
        if all(rest):
            either = _without_implied_by_others(
                [cast(ir.Cond, _and(*parts)) for parts in rest], reasoner, implied=False
            )
            one = either[0] if len(either) == 1 else ir.Or(tuple(either))
            return ir.And((*narrowest, one))
        return together
    widest = _without_implied_by_others(distinct, reasoner, implied=False)
    return widest[0] if len(widest) == 1 else ir.Or(tuple(widest))


def _without_implied_by_others(
    conditions: list[ir.Cond], reasoner: Reasoner, implied: bool
) -> list[ir.Cond]:
    """`conditions` less each that another kept one implies (`implied`), or that implies
    another kept one."""
    kept = list(conditions)
    for cond in conditions:
        others = [other for other in kept if other is not cond]
        if any(
            reasoner.implies([other], cond) if implied else reasoner.implies([cond], other)
            for other in others
        ):
            kept.remove(cond)
    return kept


def _on_group(test: EventTest, rows: ir.Cond | None) -> ir.Cond | None:
    """The test as a condition on a group of the customer's rows passing `rows` (which its
    filter implies); None when every such group passes it."""
    if test.grouped is not None:
        holds = test.grouped
    elif test.exists and test.at_least == 1 and test.where == rows:
        return None
    else:
        count = ir.Agg("count", test.stream, None, test.where, t.INT)
        holds = ir.Compare(">=", count, ir.Const(test.at_least, t.INT))
    return holds if test.exists else ir.Not(holds)


# -- the latest event unanswered: one recent stream -----------------------------------------------


def latest_unanswered(parts: list[ir.Cond], schema: Schema) -> list[ir.Cond]:
    """A bound on the latest time of one stream (`last_cart_add < 24h`) beside "no event of
    another stream at or after it" (`last_order is missing or last_order < last_cart_add`) is
    the open-ended sequence `web where type = "add_to_cart" and ts < 24h then no orders since`
    (docs/semantics.md, "Sequences": its latest first event decides, and an event of the other
    stream at that instant answers it, as `<` is strict). The two conjuncts become the sequence,
    whose SQL reads the recent events of both streams as one stream grouped once."""
    bounded: dict[ir.Agg, tuple[int, _RowBound]] = {}
    for index, part in enumerate(parts):
        found = _lower_bound(part)
        if found is not None and _latest_time(found[0], schema):
            bounded.setdefault(found[0], (index, found[1]))
    for index, part in enumerate(parts):
        answered = _none_since(part, bounded, schema)
        if answered is None:
            continue
        latest, other = answered
        bound_at, bound = bounded[latest]
        assert latest.argument is not None
        first = ir.Events(latest.stream, _and(latest.where, bound(latest.argument)))
        then = ir.Events(other.stream, other.where)
        sequence = ir.Sequence(first, then, True, None, None, part.span)
        rest = [p for i, p in enumerate(parts) if i not in (index, bound_at)]
        return latest_unanswered([sequence, *rest], schema)
    return parts


def _latest_time(agg: ir.Agg, schema: Schema) -> bool:
    """Whether `agg` is the latest time of its stream's events that pass a filter reading
    only their fields (a sequence's filter cannot read the customer's values)."""
    return (
        agg.func == "max"
        and isinstance(agg.argument, ir.Field)
        and agg.argument.name == schema.events[agg.stream].time
        and not ir.anchors(agg)
    )


def _none_since(
    cond: ir.Cond, bounded: dict[ir.Agg, tuple[int, _RowBound]], schema: Schema
) -> tuple[ir.Agg, ir.Agg] | None:
    """`B is missing or B < A` (either order, either side), B the latest time of a stream other
    than A's, A a bounded latest time: (A, B)."""
    if not isinstance(cond, ir.Or) or len(cond.operands) != 2:
        return None
    for missing, compare in (cond.operands, reversed(cond.operands)):
        if not isinstance(missing, ir.IsMissing) or not isinstance(compare, ir.Compare):
            continue
        other = _unwrap(missing.operand)
        left, op, right = _unwrap(compare.left), compare.op, _unwrap(compare.right)
        if right == other:
            left, right, op = right, left, MIRROR[op]
        if (
            op == "<"
            and left == other
            and isinstance(other, ir.Agg)
            and isinstance(right, ir.Agg)
            and right in bounded
            and _latest_time(other, schema)
            and other.stream != right.stream
        ):
            return right, other
    return None
