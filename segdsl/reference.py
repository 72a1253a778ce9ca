"""The reference evaluator: the language's meaning (BRIEF §2) computed directly over rows in
memory, one customer at a time. It is the oracle the compiled SQL is tested against, so it is
written from the brief, not from the compiler: no SQL, no three-valued logic, no rewrites.

Values are Python values; a missing value is `None`. Numbers are exact (`int`, `Fraction`) except
the result of `/`, which is a float like every engine's division. Durations are `timedelta`s.
A date compared with a timestamp is its midnight.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from . import ir
from . import types as t
from .schema import Schema

Row = Mapping[str, Any]

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class Dataset:
    """The entity rows and every event table's rows, as column-name mappings."""

    customers: Sequence[Row]
    events: Mapping[str, Sequence[Row]]  # by event table name


def load_dataset(connection: Any, schema: Schema) -> Dataset:
    """Read the schema's tables from a DuckDB connection (for tests and small data)."""

    def rows(table: str) -> list[dict[str, Any]]:
        cursor = connection.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    tables = {stream.table for stream in schema.events.values()}
    return Dataset(rows(schema.table), {table: rows(table) for table in sorted(tables)})


def _timedelta(duration: ir.DurationConst) -> dt.timedelta:
    unit = {"h": dt.timedelta(hours=1), "d": dt.timedelta(days=1), "w": dt.timedelta(weeks=1)}
    return duration.amount * unit[duration.unit]


def _instant(value: dt.date | dt.datetime) -> dt.datetime:
    """A date as its midnight; a timestamp as itself."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time())


def _number(value: Any) -> Any:
    return Fraction(value) if isinstance(value, Decimal) else value


def _comparable(left: Any, right: Any) -> tuple[Any, Any]:
    """Bring two present values to a common representation for comparison."""
    if isinstance(left, dt.date) and isinstance(right, dt.date):
        if isinstance(left, dt.datetime) != isinstance(right, dt.datetime):
            return _instant(left), _instant(right)
        return left, right
    numbers = (int, float, Decimal, Fraction)
    floats = isinstance(left, float) or isinstance(right, float)
    if floats and isinstance(left, numbers) and isinstance(right, numbers):
        return float(left), float(right)
    return _number(left), _number(right)


class Evaluator:
    """Evaluates checked conditions for every customer of a dataset as of one instant."""

    def __init__(self, schema: Schema, data: Dataset, as_of: dt.datetime) -> None:
        self.schema = schema
        self.as_of = as_of
        self.customers = list(data.customers)
        self._events: dict[str, dict[Any, list[Row]]] = {}
        for name, stream in schema.events.items():
            by_customer: dict[Any, list[Row]] = defaultdict(list)
            for row in data.events.get(stream.table, ()):
                when = row[stream.time]
                # Events after the as-of instant do not exist for the query.
                if when is not None and _instant(when) <= as_of:
                    by_customer[row[stream.key]].append(row)
            self._events[name] = by_customer
        self._ranks: dict[ir.TopPercent, set[Any]] = {}
        self._population: dict[ir.PopulationAgg, Any] = {}

    # -- public --------------------------------------------------------------------------------

    def members(self, condition: ir.Cond) -> set[Any]:
        """The keys of the customers for whom `condition` is true."""
        key = self.schema.key
        return {row[key] for row in self.customers if self.holds(condition, row, None)}

    def partition(self, value: ir.PartitionRef) -> dict[Any, str]:
        """Each customer's label."""
        key = self.schema.key
        return {row[key]: self.value(value, row, None) for row in self.customers}

    # -- conditions ----------------------------------------------------------------------------

    def holds(self, cond: ir.Cond, customer: Row, event: Row | None) -> bool:
        match cond:
            case ir.Compare(op=op, left=left, right=right):
                lhs = self.value(left, customer, event)
                rhs = self.value(right, customer, event)
                if lhs is None or rhs is None:
                    return False
                return bool(_COMPARE[op](*_comparable(lhs, rhs)))
            case ir.AgeCompare(op=op, value=value, duration=duration):
                when = self.value(value, customer, event)
                if when is None:
                    return False
                age = self.as_of - _instant(when)
                bound = self.as_of - _instant(ir.shift(self.as_of, -1, duration))
                return _COMPARE[op](age, bound)
            case ir.InSet(operand=operand, values=values):
                found = self.value(operand, customer, event)
                if found is None:
                    return False
                return any(_COMPARE["="](*_comparable(found, v)) for v in values)
            case ir.IsMissing(operand=operand):
                return self.value(operand, customer, event) is None
            case ir.Match(op=op, operand=operand, pattern=pattern):
                text = self.value(operand, customer, event)
                part = self.value(pattern, customer, event)
                if text is None or part is None:
                    return False
                if op == "contains":
                    return bool(part in text)
                return bool(text.startswith(part) if op == "starts with" else text.endswith(part))
            case ir.Truth(operand=operand):
                return self.value(operand, customer, event) is True
            case ir.Not(operand=operand):
                return not self.holds(operand, customer, event)
            case ir.And(operands=operands):
                return all(self.holds(o, customer, event) for o in operands)
            case ir.Or(operands=operands):
                return any(self.holds(o, customer, event) for o in operands)
            case ir.Literal_(value=value):
                return value
            case ir.SegmentRef(body=body):
                return self.holds(body, customer, event)
            case ir.TopPercent():
                return customer[self.schema.key] in self._ranked(cond)
        raise AssertionError(cond)

    def _ranked(self, node: ir.TopPercent) -> set[Any]:
        """Customers whose cumulative distribution among present keys is within the fraction:
        the share of customers ranked at or before them (ties share a rank)."""
        if node not in self._ranks:
            key = self.schema.key
            values = [
                (row[key], v)
                for row in self.customers
                if (v := self.value(node.key, row, None)) is not None
            ]
            keys = [_number(v) for _, v in values]
            total = len(keys)
            chosen = set()
            ordered = sorted(keys)
            for (customer, _), mine in zip(values, keys, strict=True):
                if node.direction == "top":
                    at_or_before = total - bisect.bisect_left(ordered, mine)
                else:
                    at_or_before = bisect.bisect_right(ordered, mine)
                if Fraction(at_or_before, total) <= Fraction(node.fraction):
                    chosen.add(customer)
            self._ranks[node] = chosen
        return self._ranks[node]

    # -- values --------------------------------------------------------------------------------

    def value(self, node: ir.Value, customer: Row, event: Row | None) -> Any:
        match node:
            case ir.Const(value=value, type=type_):
                if type_.kind is t.Kind.TIMESTAMP and not isinstance(value, dt.datetime):
                    return _instant(value)  # type: ignore[arg-type]
                return value
            case ir.DurationConst():
                return _timedelta(node)
            case ir.Now():
                return self.as_of
            case ir.Attr(column=column):
                return customer[column]
            case ir.Field(column=column):
                assert event is not None, "an event field outside an aggregate"
                return event[column]
            case ir.Agg():
                return self._aggregate(node, customer)
            case ir.PopulationAgg():
                if node not in self._population:
                    self._population[node] = self._over_population(node)
                return self._population[node]
            case ir.MetricRef(body=body):
                return self.value(body, customer, event)
            case ir.Negate(operand=operand):
                inner = self.value(operand, customer, event)
                return None if inner is None else -inner
            case ir.Arith():
                return self._arith(node, customer, event)
            case ir.Shift(base=base, sign=sign, duration=duration):
                start = self.value(base, customer, event)
                return None if start is None else ir.shift(start, sign, duration)
            case ir.Func(name=name, argument=argument):
                inner = self.value(argument, customer, event)
                if inner is None:
                    return None
                functions: dict[str, Callable[[Any], Any]] = {
                    "lower": str.lower,
                    "upper": str.upper,
                    "length": len,
                    "abs": abs,
                }
                return functions[name](inner)
            case ir.PartitionRef(arms=arms, otherwise=otherwise):
                for label, cond in arms:
                    if self.holds(cond, customer, event):
                        return label
                return otherwise
            case ir.CondValue(cond=cond):
                return self.holds(cond, customer, event)
        raise AssertionError(node)

    def _aggregate(self, agg: ir.Agg, customer: Row) -> Any:
        rows: Iterable[Row] = self._events[agg.stream].get(customer[self.schema.key], ())
        if agg.where is not None:
            where = agg.where
            rows = [r for r in rows if self.holds(where, customer, r)]
        if agg.func == "count":
            return len(list(rows))
        assert agg.argument is not None
        present = [v for r in rows if (v := self.value(agg.argument, customer, r)) is not None]
        return _combine(agg.func, present)

    def _over_population(self, agg: ir.PopulationAgg) -> Any:
        chosen = [c for c in self.customers if agg.where is None or self.holds(agg.where, c, None)]
        if agg.func == "count":
            return len(chosen)
        assert agg.argument is not None
        argument = agg.argument
        present = [v for c in chosen if (v := self.value(argument, c, None)) is not None]
        return _combine(agg.func, present)

    def _arith(self, node: ir.Arith, customer: Row, event: Row | None) -> Any:
        left = self.value(node.left, customer, event)
        right = self.value(node.right, customer, event)
        if left is None or right is None:
            return None
        if isinstance(left, dt.date) and isinstance(right, dt.date):
            return _instant(left) - _instant(right)  # timestamps subtract to a duration
        if isinstance(left, dt.timedelta) or isinstance(right, dt.timedelta):
            return _duration_arith(node.op, left, right)
        left, right = _number(left), _number(right)
        if node.op == "/":
            return None if right == 0 else float(left) / float(right)
        result = {"+": operator.add, "-": operator.sub, "*": operator.mul}[node.op](left, right)
        return result


def _combine(func: str, present: list[Any]) -> Any:
    """sum / avg / min / max of the present values: sum of none is 0, the others missing."""
    if func == "sum":
        if present and isinstance(present[0], dt.timedelta):
            return sum(present, dt.timedelta(0))
        return sum((_number(v) for v in present), 0)
    if not present:
        return None
    if func == "avg":
        if isinstance(present[0], dt.timedelta):
            return sum(present, dt.timedelta(0)) / len(present)
        # The exact sum, as a double, divided by the count (in floating point).
        return float(sum(_number(v) for v in present)) / len(present)
    return min(present) if func == "min" else max(present)


def _duration_arith(op: str, left: Any, right: Any) -> Any:
    """Durations add and subtract, scale by numbers, and divide into a number."""
    if op == "/":
        divisor = right.total_seconds() if isinstance(right, dt.timedelta) else float(right)
        if divisor == 0:
            return None
        dividend = left.total_seconds()
        return dividend / divisor if isinstance(right, dt.timedelta) else left / divisor
    if op == "*":
        duration, factor = (left, right) if isinstance(left, dt.timedelta) else (right, left)
        return duration * float(factor)
    return left + right if op == "+" else left - right
