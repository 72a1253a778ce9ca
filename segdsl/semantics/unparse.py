"""Checked nodes written back as the language: `segdsl why` names every node it explains by its
text. Spans cannot do this: a node that one construct stands for (each half of `between`) has
the span of the whole construct, and a metric's aggregate points into the schema file.

The text reads back as an equal node (tests/semantics/test_unparse.py): operators in the
language's precedence, parentheses only where the grammar needs them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from segdsl.semantics import calendar, ir
from segdsl.syntax.lexicon import ANNIVERSARY, ROLLING_PERIODS, TO_DATE, unit_words
from segdsl.syntax.parser import encode_string

# How tightly the arithmetic operators bind (the grammar's `sum`, `product` and `unary`).
_BINDING = {"+": 1, "-": 1, "*": 2, "/": 2}
_NEGATE = 3


def literal(value: ir.ConstValue) -> str:
    """A constant as the language writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return encode_string(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def unparse(node: ir.Node, *, customers: str = "customers") -> str:
    """The text of a checked condition or value. `customers`: how `count(customers where …)`
    names the customers (the schema's entity or table)."""
    return _Writer(customers).node(node)


class _Writer:
    def __init__(self, customers: str) -> None:
        self.customers = customers

    def node(self, node: ir.Node) -> str:
        if isinstance(node, ir.COND_TYPES):
            return self.cond(node)  # type: ignore[arg-type]
        return self.value(node)  # type: ignore[arg-type]

    # -- values ------------------------------------------------------------------------------

    def value(self, node: ir.Value, stream: str | None = None) -> str:
        """`stream`: the event stream whose field an aggregate's argument names."""
        match node:
            case ir.Const(value=value):
                return literal(value)
            case ir.DurationConst(amount=amount, unit=unit):
                return f"{amount}{unit}"
            case ir.Now():
                return "now"
            case ir.Attr(name=name) | ir.MetricRef(name=name) | ir.PartitionRef(name=name):
                return name
            case ir.Field(name=name):
                return f"{stream}.{name}" if stream else name
            case ir.Agg(func="count_distinct", stream=agg_stream, argument=argument, where=where):
                assert argument is not None
                inner = self.value(argument, agg_stream)
                return f"count(distinct {inner}{self._where(where)})"
            case ir.Agg(func="active_days", stream=agg_stream, where=where):
                return f"active_days({agg_stream}{self._where(where)})"
            case ir.Agg(func=func, stream=agg_stream, argument=argument, where=where):
                inner = agg_stream if argument is None else self.value(argument, agg_stream)
                return f"{func}({inner}{self._where(where)})"
            case ir.PopulationAgg(func=func, argument=argument, where=where):
                inner = self.customers if argument is None else self.value(argument)
                return f"{func}({inner}{self._where(where)})"
            case ir.Arith(op=op, left=left, right=right):
                binding = _BINDING[op]
                # Operators group from the left: a right operand as tight needs parentheses.
                lhs = self._operand(left, binding)
                rhs = self._operand(right, binding + 1)
                return f"{lhs} {op} {rhs}"
            case ir.Shift(base=base, sign=sign, duration=duration):
                written = self.value(duration)
                return f"{self._operand(base, 1)} {'+' if sign > 0 else '-'} {written}"
            case ir.Negate(operand=ir.Const() as constant):
                # `-1` is the literal minus one; the negation of the literal one is `-(1)`.
                return f"-({self.value(constant)})"
            case ir.Negate(operand=operand):
                return f"-{self._operand(operand, _NEGATE)}"
            case ir.DatePart(part=part, argument=argument):
                return f"{part}({self.value(argument, stream)})"
            case ir.Func(name=name, argument=argument):
                return f"{name}({self.value(argument)})"
            case ir.CondValue(cond=cond):
                return f"({self.cond(cond)})"
            case ir.Split(salt=salt):
                return f"split({encode_string(salt)})"
        raise AssertionError(node)

    def _operand(self, node: ir.Value, binding: int) -> str:
        text = self.value(node)
        return f"({text})" if _binding(node) < binding else text

    def _where(self, where: ir.Cond | None) -> str:
        return "" if where is None else f" where {self.cond(where)}"

    # -- conditions --------------------------------------------------------------------------

    def cond(self, node: ir.Cond) -> str:
        match node:
            case ir.Compare(op=op, left=ir.Split() as split, right=ir.Const(value=percent)):
                return f"{self.value(split)} {op} {literal(percent)}%"
            case ir.Compare(op=op, left=left, right=right):
                return f"{self.value(left)} {op} {self.value(right)}"
            case ir.AgeCompare(op=op, value=value, duration=duration):
                return f"{self.value(value)} {op} {self.value(duration)}"
            case ir.InSet(operand=operand):
                return f"{self.value(operand)} in {self._set(node)}"
            case ir.IsMissing(operand=operand):
                return f"{self.value(operand)} is missing"
            case ir.Match(op=op, operand=operand, pattern=pattern):
                return f"{self.value(operand)} {op} {self.value(pattern)}"
            case ir.Truth(operand=operand):
                return self.value(operand)
            case ir.Not(operand=ir.InSet(operand=operand) as inner):
                return f"{self.value(operand)} not in {self._set(inner)}"
            case ir.Not(operand=ir.IsMissing(operand=operand)):
                return f"{self.value(operand)} is present"
            case ir.InPeriod(operand=operand, period=period) if _earlier(period):
                # A period of regular activity before the latest: no phrase names it alone.
                newer_back = period.back - period.count
                newer = calendar.Period(period.unit, newer_back, newer_back, False, None)
                older = calendar.Period(period.unit, period.back, period.back, False, None)
                moment = self.value(operand)
                return f"({moment} in {_period(older)} and {moment} not in {_period(newer)})"
            case ir.InPeriod(operand=operand, period=period):
                return f"{self.value(operand)} in {_period(period)}"
            case ir.Not(operand=ir.InPeriod(operand=operand, period=period)):
                return f"{self.value(operand)} not in {_period(period)}"
            case ir.Anniversary(operand=operand, period=period):
                return f"{ANNIVERSARY}({self.value(operand)}) in {_period(period)}"
            case ir.Not(operand=ir.Anniversary(operand=operand, period=period)):
                return f"{ANNIVERSARY}({self.value(operand)}) not in {_period(period)}"
            case ir.Not(operand=operand):
                return f"not {self._grouped(operand, ir.Not)}"
            case ir.And(operands=operands):
                return " and ".join(self._grouped(o, ir.And) for o in operands)
            case ir.Or(operands=operands):
                return " or ".join(self._grouped(o, ir.Or) for o in operands)
            case ir.Literal_(value=value):
                return literal(value)
            case ir.TopPercent(direction=direction, fraction=fraction, key=key):
                percent = format((fraction * 100).normalize(), "f")
                return f"{direction} {percent}% by {self.value(key)}"
            case ir.SegmentRef(name=name):
                return name
            case ir.Regular(count=count, at_least=at_least, times=times):
                return f"{self.value(count)} >= {at_least} in {times} of {_periods(node)}"
            case ir.Sequence(first=first, then=then, negated=negated, window=window):
                text = f"{self._events(first)} then {'no ' if negated else ''}"
                text += f"{self._events(then)} " + (
                    "since" if window is None else f"within {self.value(window)}"
                )
                if node.without is not None:
                    text += f" without {self._events(node.without, alone=True)}"
                return text
        raise AssertionError(node)

    def _events(self, events: ir.Events, alone: bool = False) -> str:
        """A part of a sequence; `alone`: its filter is one condition (after `without`)."""
        if events.where is None:
            return events.stream
        where = self.cond(events.where)
        if alone and isinstance(events.where, ir.And | ir.Or):
            where = f"({where})"
        return f"{events.stream} where {where}"

    def _set(self, node: ir.InSet) -> str:
        if node.set_name is not None:
            return node.set_name
        return "[" + ", ".join(literal(v) for v in node.values) + "]"

    def _grouped(self, node: ir.Cond, parent: type) -> str:
        """`node` as an operand of `not`, `and` or `or`: in parentheses where it binds more
        loosely (`not` binds tighter than `and`, `and` than `or`), where it is a chain of its
        own (`a and (b and c)` is not `a and b and c`), and after `not` where it reads as one
        predicate (`not (x not in S)`)."""
        text = self.cond(node)
        grouped = {ir.Not: (ir.And, ir.Or), ir.And: (ir.And, ir.Or), ir.Or: (ir.Or,)}[parent]
        negated = parent is ir.Not and isinstance(node, ir.Not)
        return f"({text})" if isinstance(node, grouped) or negated else text


def _earlier(period: calendar.Period) -> bool:
    """Whether a relative period ends before the current period's predecessor."""
    return period.start is None and not period.to_date and period.count < period.back


def _periods(node: ir.Regular) -> str:
    """The periods of regular activity as the language writes them."""
    if node.length is None:
        assert node.unit is not None
        return f"last {node.periods} {unit_words(node.unit, node.periods)}"
    word = ROLLING_PERIODS if node.periods != 1 else ROLLING_PERIODS.removesuffix("s")
    return f"last {node.periods} {word} of {node.length.amount}{node.length.unit}"


def _period(period: calendar.Period) -> str:
    """A calendar period as the language writes it (docs/language.md, "Calendar periods")."""
    unit = period.unit
    if period.start is not None:
        day = period.start
        return {"day": day.isoformat(), "month": f"{day:%Y-%m}", "year": f"{day.year:04d}"}[unit]
    if period.to_date:
        return f"{unit} to {TO_DATE}"
    if period.back == 0:
        return "today" if unit == "day" else f"this {unit}"
    if period.back < 0:
        return f"next {unit}" if period.count == 1 else f"next {period.count} {unit}s"
    if period.count == 1:
        return "yesterday" if unit == "day" else f"last {unit}"
    return f"last {period.count} {unit_words(unit, period.count)}"


def _binding(node: ir.Value) -> int:
    match node:
        case ir.Arith(op=op):
            return _BINDING[op]
        case ir.Shift():
            return 1
        case ir.Negate():
            return _NEGATE
    return _NEGATE + 1
