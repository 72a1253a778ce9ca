"""The reference evaluator: the language's meaning (docs/semantics.md) computed directly over
rows in memory, one customer at a time. It is the oracle the compiled SQL is tested against, so
it is written from the semantics, not from the compiler: no SQL, no three-valued logic, no rewrites.

Values are Python values; a missing value is `None`. Numbers are exact (`int`, `Fraction`) except
the result of `/`, which is a float like every engine's division. Durations are `timedelta`s.
A date compared with a timestamp is its midnight.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from segdsl.semantics import calendar, ir
from segdsl.semantics import types as t
from segdsl.semantics.schema import Schema

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
    # The rows of the schema's history table (docs/semantics.md, "Attributes in time"); None
    # when the data has no such table.
    history: Sequence[Row] | None = None


def load_dataset(connection: Any, schema: Schema) -> Dataset:
    """Read the schema's tables from a DuckDB connection (for tests and small data)."""

    def rows(table: str) -> list[dict[str, Any]]:
        cursor = connection.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    tables = {stream.table for stream in schema.events.values()}
    history = None if schema.history is None else rows(schema.history.table)
    events = {table: rows(table) for table in sorted(tables)}
    return Dataset(rows(schema.table), events, history)


def _instant(value: dt.date | dt.datetime) -> dt.datetime:
    """A date as its midnight; a timestamp as itself."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time())


def _calendar_value(value: dt.date, type_: t.Type) -> dt.date:
    """A timestamp as its instant, a date as its day (docs/semantics.md, "Time zone")."""
    if type_.kind is t.Kind.TIMESTAMP:
        return _instant(value)
    return value.date() if isinstance(value, dt.datetime) else value


def _zone(project: str, customer_zone: ir.Attr | None, customer: Row) -> str:
    """The zone whose clocks answer a calendar question about the customer: their own where
    the schema names one and their row holds it, else the project's (docs/semantics.md,
    "Per-customer time zones")."""
    own = None if customer_zone is None else customer[customer_zone.column]
    if own is None:
        return project
    if calendar.zone(own) is None:
        raise ValueError(f"the customer's time zone {own!r} is not an IANA zone name")
    return str(own)


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
        # Customers whose `since` is after the as-of instant do not exist yet; a missing
        # `since` means always (docs/semantics.md, "Customers in time").
        self.customers = [row for row in data.customers if self.exists(row)]
        if schema.history is not None:
            self.customers = self._attributes_as_of(self.customers, data.history or ())
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

    def exists(self, customer: Row) -> bool:
        """Whether the customer exists as of the instant: `since` missing or not after it."""
        if self.schema.since is None:
            return True
        since = customer[self.schema.attributes[self.schema.since].column]
        return since is None or _instant(since) <= self.as_of

    def _attributes_as_of(self, customers: Sequence[Row], history: Sequence[Row]) -> list[Row]:
        """The customers with the attributes of the schema's `history` as they stood at the
        as-of instant: from the history row valid then (`valid_from` at or before it, `valid_to`
        missing or after it), the latest `valid_from` winning, then the greatest values in the
        listed order, a present value before a missing one; with no valid row, the entity
        table's."""
        spec = self.schema.history
        assert spec is not None
        columns = [self.schema.attributes[name].column for name in spec.attributes]

        def valid(row: Row) -> bool:
            start, end = row[spec.valid_from], row[spec.valid_to]
            started = start is not None and _instant(start) <= self.as_of
            return started and (end is None or self.as_of < _instant(end))

        def precedence(row: Row) -> tuple[Any, ...]:
            values = [(0,) if row[c] is None else (1, row[c]) for c in columns]
            return (_instant(row[spec.valid_from]), *values)

        rows: dict[Any, list[Row]] = defaultdict(list)
        for row in history:
            if valid(row):
                rows[row[self.schema.key]].append(row)
        as_of = []
        for customer in customers:
            candidates = rows.get(customer[self.schema.key])
            if candidates:
                winner = max(candidates, key=precedence)
                customer = {**customer, **{c: winner[c] for c in columns}}
            as_of.append(customer)
        return as_of

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
            case ir.InPeriod(operand=operand, period=period):
                found = self.value(operand, customer, event)
                if found is None:
                    return False
                zone = _zone(cond.zone, cond.customer_zone, customer)
                moment = _calendar_value(found, operand.type)
                day = calendar.local_date(moment, zone)
                first, after = period.days(calendar.local_date(self.as_of, zone))
                if period.to_date and isinstance(moment, dt.datetime) and moment > self.as_of:
                    return False
                return first <= day and (after is None or day < after)
            case ir.Regular():
                return self._regular(cond, customer)
            case ir.Sequence():
                return self._sequence(cond, customer)
            case ir.Anniversary(operand=operand, period=period):
                found = self.value(operand, customer, event)
                if found is None:
                    return False
                zone = _zone(cond.zone, cond.customer_zone, customer)
                day = calendar.local_date(_calendar_value(found, operand.type), zone)
                first, after = period.days(calendar.local_date(self.as_of, zone))
                return calendar.has_anniversary(day, first, after)
        raise AssertionError(cond)

    def _regular(self, node: ir.Regular, customer: Row) -> bool:
        """Each of the customer's events in its period (docs/semantics.md, "Regular
        activity"), the count per period, and the periods in which it reaches `at_least`."""
        count = node.count
        rows: Iterable[Row] = self._events[count.stream].get(customer[self.schema.key], ())
        if count.where is not None:
            where = count.where
            rows = [r for r in rows if self.holds(where, customer, r)]
        in_period: dict[int, list[Row]] = defaultdict(list)
        for row in rows:
            number = self._period_of(node, customer, _instant(row[node.time.column]))
            if number is not None and 1 <= number <= node.periods:
                in_period[number].append(row)
        reached = sum(
            1
            for found in in_period.values()
            if self._aggregate_rows(count, customer, found) >= node.at_least
        )
        return reached >= node.times

    def _period_of(self, node: ir.Regular, customer: Row, when: dt.datetime) -> int | None:
        """The number of the period holding the instant `when` (1: the newest), or None."""
        if node.length is None:
            assert node.unit is not None
            zone = _zone(node.zone, node.customer_zone, customer)
            day = calendar.local_date(when, zone)
            today = calendar.local_date(self.as_of, zone)
            unit = node.unit
            return calendar.period_index(today, unit) - calendar.period_index(day, unit)
        length = node.length
        for number in range(1, node.periods + 1):
            # Period i: as_of − i·d < when <= as_of − (i − 1)·d, each bound from the as-of
            # instant (so that calendar lengths clamp as `t < 3mo` does).
            older = ir.DurationConst(length.amount * number, length.unit)
            if when > ir.shift(self.as_of, -1, older):
                return number
        return None

    def _times(self, events: ir.Events, customer: Row) -> list[dt.datetime]:
        """The instants of the customer's events of a part of a sequence, in order."""
        time = self.schema.events[events.stream].time
        rows = self._events[events.stream].get(customer[self.schema.key], ())
        where = events.where
        chosen = [r for r in rows if where is None or self.holds(where, customer, r)]
        return sorted(_instant(r[time]) for r in chosen)

    def _sequence(self, node: ir.Sequence, customer: Row) -> bool:
        """Some first event followed within its window (docs/semantics.md, "Sequences"), or,
        negated, some first event with a closed window and none; open-ended, some first event
        with none at or after it."""
        then = self._times(node.then, customer)
        if node.window is None:
            # Open-ended: some first event with no event of `then` at or after it (of its own
            # stream, after it: events at its instant are its moment).
            answers = operator.lt if node.first.stream == node.then.stream else operator.le
            firsts = self._times(node.first, customer)
            return any(not any(answers(first, b) for b in then) for first in firsts)
        between = [] if node.without is None else self._times(node.without, customer)

        def followed(first: dt.datetime, end: dt.datetime) -> bool:
            return any(first < b < end and not any(first < c < b for c in between) for b in then)

        for first in self._times(node.first, customer):
            end = ir.shift(first, 1, node.window)
            if not node.negated and followed(first, end):
                return True
            if node.negated and end <= self.as_of and not followed(first, end):
                return True
        return False

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
                return dt.timedelta(seconds=node.seconds())
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
            case ir.Split(salt=salt):
                bucket = ir.split_bucket(salt, customer[self.schema.key])
                return Fraction(bucket * 100, ir.SPLIT_BUCKETS)
            case ir.DatePart(part=part, argument=argument):
                found = self.value(argument, customer, event)
                if found is None:
                    return None
                moment = _calendar_value(found, argument.type)
                if isinstance(moment, dt.datetime):
                    zone = _zone(node.zone, node.customer_zone, customer)
                    moment = calendar.local_time(moment, zone)
                return calendar.date_part(part, moment)
        raise AssertionError(node)

    def _aggregate(self, agg: ir.Agg, customer: Row) -> Any:
        rows: Iterable[Row] = self._events[agg.stream].get(customer[self.schema.key], ())
        if agg.where is not None:
            where = agg.where
            rows = [r for r in rows if self.holds(where, customer, r)]
        return self._aggregate_rows(agg, customer, rows)

    def _aggregate_rows(self, agg: ir.Agg, customer: Row, rows: Iterable[Row]) -> Any:
        """The aggregate over these rows of the customer's events (its filter applied)."""
        if agg.func == "count" and agg.argument is None:
            return len(list(rows))
        assert agg.argument is not None
        argument = agg.argument
        if agg.func in ("first", "last", "most_frequent"):
            time = self.schema.events[agg.stream].time
            events = [
                (_instant(r[time]), v)
                for r in rows
                if (v := self.value(argument, customer, r)) is not None
            ]
            return _trait(agg.func, events)
        present = [v for r in rows if (v := self.value(argument, customer, r)) is not None]
        if agg.func == "count":
            return len(present)
        if agg.func == "count_distinct":
            return len({_number(v) for v in present})
        if agg.func == "active_days":
            zone = _zone(self.schema.time_zone, agg.customer_zone, customer)
            return len({calendar.local_time(_instant(v), zone).date() for v in present})
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


def _trait(func: str, events: list[tuple[dt.datetime, Any]]) -> Any:
    """The value trait of (time, present value) pairs (docs/semantics.md, "Value traits").
    Events are ordered by time, then by value: `first` is the value of the first event, `last`
    of the last; `most_frequent` the value with the most events, then with the latest event,
    then the greatest value. Missing when there are none."""
    if not events:
        return None
    in_order = sorted((when, _number(value)) for when, value in events)
    if func == "first":
        return _value_of(in_order[0][1], events)
    if func == "last":
        return _value_of(in_order[-1][1], events)
    counts = Counter(value for _, value in in_order)
    latest = {value: when for when, value in in_order}  # the later event overwrites
    chosen = max(counts, key=lambda value: (counts[value], latest[value], value))
    return _value_of(chosen, events)


def _value_of(number: Any, events: list[tuple[dt.datetime, Any]]) -> Any:
    """The value as the data holds it (a Decimal, not the Fraction it is compared as)."""
    return next(value for _, value in events if _number(value) == number)


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
