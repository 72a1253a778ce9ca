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

from dataclasses import dataclass

from . import ir
from .schema import Schema

_FLIP_SIDES = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


@dataclass(frozen=True)
class EventTest:
    """The customer has (`exists`) or has no event in `stream` for which `where` holds."""

    stream: str
    where: ir.Cond | None
    exists: bool


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


def _and(*parts: ir.Cond | None) -> ir.Cond | None:
    present = [p for p in parts if p is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else ir.And(tuple(present))


def exact_tests(cond: ir.Cond, pairs: bool = True) -> list[EventTest] | None:
    """Event tests whose conjunction is equivalent to `cond`, or None. `pairs`: also rewrite
    "the latest event is old" as "has one, but none recent" (a semi- plus an anti-join, which
    wins on PostgreSQL; on DuckDB one aggregate of the table is faster)."""
    match cond:
        case ir.Not(operand=inner):
            tests = exact_tests(inner, pairs)
            if tests is not None and len(tests) == 1:
                (test,) = tests
                return [EventTest(test.stream, test.where, not test.exists)]
            return None
        case ir.IsMissing(operand=operand):
            agg = _unwrap(operand)
            if isinstance(agg, ir.Agg) and agg.func in ("avg", "min", "max"):
                assert agg.argument is not None
                return [EventTest(agg.stream, _and(agg.where, _present(agg.argument)), False)]
            return None
        case ir.Compare(op=op, left=left, right=right):
            if isinstance(_unwrap(right), ir.Agg) and not isinstance(_unwrap(left), ir.Agg):
                left, right, op = right, left, _FLIP_SIDES[op]  # type: ignore[assignment]
            agg = _unwrap(left)
            if not isinstance(agg, ir.Agg) or not isinstance(right, ir.Const):
                return None
            if agg.func == "count":
                return _count_tests(agg, op, right)
            if agg.func in ("min", "max") and op not in ("=", "!="):
                assert agg.argument is not None
                row_test = ir.Compare(op, agg.argument, right)
                return _extreme_tests(agg, op in (">", ">="), row_test, pairs)
            return None
        case ir.AgeCompare(op=op, value=value, duration=duration):
            agg = _unwrap(value)
            if not isinstance(agg, ir.Agg) or agg.func not in ("min", "max"):
                return None
            assert agg.argument is not None
            # `t < 30d` means t is *later* than the bound: like `t > bound`.
            later = op in ("<", "<=")
            return _extreme_tests(agg, later, ir.AgeCompare(op, agg.argument, duration), pairs)
    return None


def _present(value: ir.Value) -> ir.Cond:
    return ir.Not(ir.IsMissing(value))


def _count_tests(agg: ir.Agg, op: str, bound: ir.Const) -> list[EventTest] | None:
    if not isinstance(bound.value, int) or isinstance(bound.value, bool):
        return None
    k = bound.value
    if (op == ">" and k == 0) or (op == ">=" and k == 1) or (op == "!=" and k == 0):
        return [EventTest(agg.stream, agg.where, True)]
    if (op == "=" and k == 0) or (op == "<=" and k == 0) or (op == "<" and k == 1):
        return [EventTest(agg.stream, agg.where, False)]
    return None


def _extreme_tests(
    agg: ir.Agg, upward: bool, row_test: ir.Cond, pairs: bool
) -> list[EventTest] | None:
    """`max(x) > b` holds iff some row has x > b; `max(x) < b` iff some row has x and no row has
    x >= b (likewise for min, mirrored). `upward`: the test asks for large values."""
    assert agg.argument is not None
    if (agg.func == "max") == upward:
        return [EventTest(agg.stream, _and(agg.where, row_test), True)]
    if not pairs:
        return None
    present = _and(agg.where, _present(agg.argument))
    return [
        EventTest(agg.stream, present, True),
        EventTest(agg.stream, _and(present, ir.Not(row_test)), False),
    ]


def implied_tests(cond: ir.Cond, schema: Schema) -> list[EventTest]:
    """Presence tests `cond` implies that look only at a recent window of an event table (cheap
    on time-ordered data, and selective): used to pick candidates before aggregating."""
    found: list[EventTest] = []
    match cond:
        case ir.Compare(left=left, right=right) | ir.AgeCompare(value=left, duration=right):
            for side in (left, right):
                agg = _unwrap(side)
                if isinstance(agg, ir.Agg) and _needs_a_row(agg, cond):
                    found.append(EventTest(agg.stream, agg.where, True))
    return [test for test in found if _windowed(test, schema)]


def _needs_a_row(agg: ir.Agg, cond: ir.Cond) -> bool:
    """False on customers without a matching event: min/max/avg are then missing; a count must
    reach at least 1."""
    if agg.func in ("avg", "min", "max"):
        return True
    if agg.func != "count" or not isinstance(cond, ir.Compare):
        return False
    left, op, right = cond.left, cond.op, cond.right
    if _unwrap(right) is agg:
        left, right, op = right, left, _FLIP_SIDES[op]  # type: ignore[assignment]
    if not isinstance(right, ir.Const) or not isinstance(right.value, int):
        return False
    return (op == ">=" and right.value >= 1) or (op == ">" and right.value >= 0)


def _windowed(test: EventTest, schema: Schema) -> bool:
    """Whether the test's filter bounds the stream's time from below (`created_at < 90d`)."""
    if test.where is None:
        return False
    time = schema.events[test.stream].time
    for part in conjuncts(test.where):
        match part:
            case ir.AgeCompare(op="<" | "<=", value=ir.Field(column=column)) if column == time:
                return True
            case ir.Compare(op=">" | ">=", left=ir.Field(column=column), right=ir.Const()) if (
                column == time
            ):
                return True
    return False
