"""Query shape: which conditions of a member query can be answered by testing for the presence
or absence of events instead of aggregating whole event tables.

Measured (issue 7, docs/performance.md): engines answer "has an open in the last 30 days" far
faster as a semi-join on the recent rows of a time-ordered table than as a max over every row,
and aggregate only the customers that can still match ("candidate-first"). This module finds,
for each top-level conjunct of a segment, an exactly equivalent set of event tests, or event
tests it implies; the compiler turns those into semi- and anti-joins. It works on the checked
program only, and every rewrite here is an equivalence under the brief's two-valued semantics:
a comparison with a missing aggregate is false.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from . import ir
from .schema import Schema

_FLIP_SIDES = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


@dataclass(frozen=True)
class EventTest:
    """The customer has (`exists`) or has not at least `at_least` events in `stream` for which
    `where` holds."""

    stream: str
    where: ir.Cond | None
    exists: bool
    at_least: int = 1


def conjuncts(cond: ir.Cond) -> list[ir.Cond]:
    """The top-level `and` operands, looking through segment references."""
    match cond:
        case ir.And(operands=operands):
            return [c for operand in operands for c in conjuncts(operand)]
        case ir.SegmentRef(body=body):
            return conjuncts(body)
    return [cond]


def uses_events(node: ir.Node) -> bool:
    """Whether evaluating `node` needs event rows or the whole population."""
    return any(isinstance(n, ir.Agg | ir.TopPercent | ir.PopulationAgg) for n in ir.walk(node))


def _unwrap(value: ir.Value) -> ir.Value:
    while isinstance(value, ir.MetricRef):
        value = value.body
    return value


def _aggregate_first(left: ir.Value, op: str, right: ir.Value) -> tuple[ir.Value, str, ir.Value]:
    """The sides of a comparison with the aggregate on the left (when only one side is one)."""
    if isinstance(_unwrap(right), ir.Agg) and not isinstance(_unwrap(left), ir.Agg):
        return right, _FLIP_SIDES[op], left
    return left, op, right


def _and(*parts: ir.Cond | None) -> ir.Cond | None:
    present = [p for p in parts if p is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else ir.And(tuple(present))


def exact_tests(cond: ir.Cond, schema: Schema) -> list[EventTest] | None:
    """Event tests whose conjunction is equivalent to `cond`, or None. ("The latest event is
    old" is not rewritten as "has one, but none recent": measured, one aggregate of the table
    is faster, by 1.7x on PostgreSQL with per-customer indexes.)"""
    match cond:
        case ir.Not(operand=inner):
            tests = exact_tests(inner, schema)
            if tests is not None and len(tests) == 1:
                (test,) = tests
                return [EventTest(test.stream, test.where, not test.exists, test.at_least)]
            return None
        case ir.IsMissing(operand=operand):
            agg = _unwrap(operand)
            if isinstance(agg, ir.Agg) and agg.func in ("avg", "min", "max"):
                assert agg.argument is not None
                return [EventTest(agg.stream, _and(agg.where, _present(agg.argument)), False)]
            return None
        case ir.Compare(op=op, left=left, right=right):
            left, op, right = _aggregate_first(left, op, right)  # type: ignore[assignment]
            agg = _unwrap(left)
            if not isinstance(agg, ir.Agg) or not isinstance(right, ir.Const):
                return None
            if agg.func == "count":
                return _count_tests(agg, op, right, schema)
            if agg.func in ("min", "max") and op not in ("=", "!="):
                assert agg.argument is not None
                row_test = ir.Compare(op, agg.argument, right)
                return _extreme_tests(agg, op in (">", ">="), row_test)
            return None
        case ir.AgeCompare(op=op, value=value, duration=duration):
            agg = _unwrap(value)
            if not isinstance(agg, ir.Agg) or agg.func not in ("min", "max"):
                return None
            assert agg.argument is not None
            # `t < 30d` means t is *later* than the bound: like `t > bound`.
            later = op in ("<", "<=")
            return _extreme_tests(agg, later, ir.AgeCompare(op, agg.argument, duration))
    return None


def _present(value: ir.Value) -> ir.Cond:
    return ir.Not(ir.IsMissing(value))


def _count_tests(agg: ir.Agg, op: str, bound: ir.Const, schema: Schema) -> list[EventTest] | None:
    if not isinstance(bound.value, int) or isinstance(bound.value, bool):
        return None
    k = bound.value
    if (op == ">" and k == 0) or (op == ">=" and k == 1) or (op == "!=" and k == 0):
        return [EventTest(agg.stream, agg.where, True)]
    if (op == "=" and k == 0) or (op == "<=" and k == 0) or (op == "<" and k == 1):
        return [EventTest(agg.stream, agg.where, False)]
    # "At least k in a recent window" reads only the window's rows; over a whole history the
    # grouped count would cost as much as the aggregate it replaces, so it stays an aggregate.
    at_least = {">=": k, ">": k + 1, "<": k, "<=": k + 1}.get(op)
    if at_least is None or at_least < 2:
        return None
    test = EventTest(agg.stream, agg.where, op in (">=", ">"), at_least)
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
        if windowed(agg.stream, agg.where, schema)
    ]


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
            return [agg for agg in sides if isinstance(agg, ir.Agg) and _needs_a_row(agg, cond)]
    return []


def _needs_a_row(agg: ir.Agg, cond: ir.Cond) -> bool:
    """False on customers without a matching event: min/max/avg are then missing; a count must
    reach at least 1."""
    if agg.func in ("avg", "min", "max"):
        return True
    if agg.func != "count" or not isinstance(cond, ir.Compare):
        return False
    _, op, right = _aggregate_first(cond.left, cond.op, cond.right)
    if not isinstance(right, ir.Const) or not isinstance(right.value, int):
        return False
    return (op == ">=" and right.value >= 1) or (op == ">" and right.value >= 0)


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
    return False


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
            left, op, right = _aggregate_first(left, op, right)  # type: ignore[assignment]
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
            left, right, op = right, left, _FLIP_SIDES[op]  # type: ignore[assignment]
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
