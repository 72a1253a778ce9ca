"""Pass 2: AST → checked program (ir). Resolves names, checks types, links metrics and segments.

Every error is collected (not just the first) and reported before any SQL is made. A failed
sub-expression yields None and its parents stay quiet, so one mistake gives one message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeVar, cast

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError, Span, did_you_mean
from segdsl.limits import current_limits
from segdsl.semantics import calendar, ir
from segdsl.semantics import types as t
from segdsl.semantics.schema import EventStream, Report, Schema
from segdsl.syntax import ast
from segdsl.syntax.lexicon import (
    AGGREGATES,
    ANNIVERSARY,
    CALENDAR_UNITS,
    DATE_PARTS,
    EVENT_AGGREGATES,
    FUNCTIONS,
    MIRROR,
    MOST_REGULAR_PERIODS,
    SPLIT,
    TEXT_FUNCTIONS,
    DatePart,
    OrderOp,
)
from segdsl.syntax.parser import encode_string

# Date parts that other languages have functions for and segdsl writes otherwise:
# `year(birth_date) = 1990` is `birth_date in 1990`.
_OTHER_DATE_PARTS = ("year", "quarter", "week", "date_part", "extract")
_DATE_PARTS_HINT = (
    f"the date parts are {', '.join(DATE_PARTS)}; a year, quarter or week is a calendar "
    "period: birth_date in 1990, signup_at in this quarter"
)
_Checked = TypeVar("_Checked")


class Checker:
    """Checks expressions against a schema and (optionally) the definitions of a segment file."""

    def __init__(self, schema: Schema, module: ast.Module | None = None):
        self.schema = schema
        self.diagnostics: list[Diagnostic] = []
        self._segment_defs: dict[str, ast.SegmentDef] = {}
        self._partition_defs: dict[str, ast.PartitionDef] = {}
        self._segments: dict[str, ir.Cond | None] = {}
        self._partitions: dict[str, ir.PartitionRef | None] = {}
        self._metrics: dict[str, ir.Value | None] = {}
        # Names being resolved right now, in order: a repeat is a cycle.
        self._resolving: list[str] = []
        # Nesting levels of the expression being checked, the definitions it refers to
        # included (the depth of the checked tree at this point), and the deepest reached.
        self.limits = current_limits()
        self._depth = 0
        self._deepest = 0
        self._limits_reported: set[str] = set()
        # Per checked definition: levels and references below a reference to it, so that a
        # later reference from deeper down is measured without checking it again.
        self._heights: dict[str, tuple[int, int]] = {}
        self._longest_chain = 0
        # Calendar durations (1mo, 1y) met, and those that move a timestamp or bound an age
        # (by id): any other is an error (E206).
        self.calendar: list[ir.DurationConst] = []
        self.placed_calendar: set[int] = set()
        if module is not None:
            self._index(module)

    # -- errors ------------------------------------------------------------------------------

    def error(self, code: str, message: str, span: Span | None, hints: Sequence[str] = ()) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hints=tuple(hints)))

    def _index(self, module: ast.Module) -> None:
        taken = set(self.schema.attributes) | set(self.schema.metrics) | set(self.schema.sets)
        for definition in module.definitions:
            name = definition.name
            if name in self._segment_defs or name in self._partition_defs:
                self.error(
                    errors.E401, f"'{name}' is defined twice in this file", definition.name_span
                )
                continue
            if name in taken:
                self.error(
                    errors.E404,
                    f"'{name}' is already a name in the schema; choose another name",
                    definition.name_span,
                )
                continue
            if isinstance(definition, ast.SegmentDef):
                self._segment_defs[name] = definition
            else:
                self._partition_defs[name] = definition

    # -- definitions -------------------------------------------------------------------------

    def _enter(self, name: str, span: Span, kind: str) -> bool:
        if name in self._resolving:
            cycle = " → ".join([*self._resolving[self._resolving.index(name) :], name])
            self.error(errors.E402, f"{kind} '{name}' depends on itself: {cycle}", span)
            return False
        if len(self._resolving) >= self.limits.reference_depth:
            self._chain_too_long(name, span, len(self._resolving) + 1)
            return False
        self._resolving.append(name)
        return True

    def _chain_too_long(self, name: str, span: Span, length: int) -> None:
        """E114, once: a chain too long from one definition is too long from those above it."""
        if errors.E114 in self._limits_reported:
            return
        self._limits_reported.add(errors.E114)
        chain = [*self._resolving, name]
        shown = chain if len(chain) <= 4 else [*chain[:2], "…", *chain[-2:]]
        if length > len(chain):
            shown.append("…")
        self.error(
            errors.E114,
            f"this reference makes a chain of {length} definitions, longer than the limit of "
            f"{self.limits.reference_depth}: "
            + " → ".join(shown)
            + (" → …" * (length > len(chain))),
            span,
            [
                "raise `reference_depth` under [limits] in segdsl.toml (see Limits in "
                "docs/language.md)"
            ],
        )

    def _definition(
        self,
        name: str,
        span: Span,
        kind: str,
        cache: dict[str, _Checked],
        check: Callable[[], _Checked],
    ) -> _Checked | None:
        """A definition checked once (cached), with the levels and the chain of references
        below it measured from where this reference stands."""
        if name not in cache:
            if not self._enter(name, span, kind):
                return None
            depth, deepest, longest = self._depth, self._deepest, self._longest_chain
            self._deepest, self._longest_chain = depth, len(self._resolving)
            cache[name] = check()
            self._heights[name] = (
                self._deepest - depth,
                self._longest_chain - len(self._resolving) + 1,
            )
            self._deepest = max(deepest, self._deepest)
            self._longest_chain = max(longest, self._longest_chain)
            self._resolving.pop()
            return cache[name]
        if cache[name] is None:
            return None
        levels, references = self._heights[name]
        if len(self._resolving) + references > self.limits.reference_depth:
            self._chain_too_long(name, span, len(self._resolving) + references)
            return None
        if self._depth + levels > self.limits.depth:
            self._nested_too_deep(span)
            return None
        self._deepest = max(self._deepest, self._depth + levels)
        self._longest_chain = max(self._longest_chain, len(self._resolving) + references)
        return cache[name]

    def metric(self, name: str, span: Span) -> ir.Value | None:
        body = self._definition(
            name,
            span,
            "metric",
            self._metrics,
            lambda: self.value(self.schema.metrics[name].expr, None),
        )
        return None if body is None else ir.MetricRef(name, body, body.type, span)

    def segment(self, name: str, span: Span) -> ir.Cond | None:
        body = self._definition(
            name,
            span,
            "segment",
            self._segments,
            lambda: self.condition(self._segment_defs[name].body, None),
        )
        return None if body is None else ir.SegmentRef(name, body, span)

    def partition(self, name: str, span: Span) -> ir.PartitionRef | None:
        found = self._definition(
            name,
            span,
            "partition",
            self._partitions,
            lambda: self._check_partition(self._partition_defs[name]),
        )
        return (
            None
            if found is None
            else ir.PartitionRef(found.name, found.arms, found.otherwise, found.type, span)
        )

    def _check_partition(self, definition: ast.PartitionDef) -> ir.PartitionRef | None:
        arms: list[tuple[str, ir.Cond]] = []
        labels: list[str] = []
        ok = True
        for arm in definition.arms:
            if arm.label in labels:
                self.error(errors.E403, f"label '{arm.label}' is used twice", arm.label_span)
                ok = False
            labels.append(arm.label)
            cond = self.condition(arm.condition, None)
            if cond is None:
                ok = False
            else:
                arms.append((arm.label, cond))
        if definition.otherwise in labels:
            self.error(
                errors.E403,
                f"label '{definition.otherwise}' is used twice",
                definition.otherwise_span,
            )
            ok = False
        if not ok:
            return None
        values = (*labels, definition.otherwise)
        return ir.PartitionRef(
            definition.name, tuple(arms), definition.otherwise, t.enum_type(values), definition.span
        )

    # -- depth -------------------------------------------------------------------------------

    def _descend(self, expr: ast.Expr) -> bool:
        """One more level of nesting; False (after one error) beyond the limit. The parser
        bounds each expression; this also counts the definitions it refers to."""
        if self._depth >= self.limits.depth:
            self._nested_too_deep(expr.span)
            return False
        self._depth += 1
        self._deepest = max(self._deepest, self._depth)
        return True

    def _nested_too_deep(self, span: Span) -> None:
        if errors.E111 in self._limits_reported:
            return
        self._limits_reported.add(errors.E111)
        through = f" through {' → '.join(self._resolving)}" if self._resolving else ""
        self.error(
            errors.E111,
            f"this expression nests deeper than {self.limits.depth} levels, the limit, counting "
            f"the segments and metrics it refers to{through}",
            span,
            ["raise `depth` under [limits] in segdsl.toml (see Limits in docs/language.md)"],
        )

    # -- conditions --------------------------------------------------------------------------

    def condition(self, expr: ast.Expr, scope: EventStream | None) -> ir.Cond | None:
        if not self._descend(expr):
            return None
        try:
            return self._condition_of(expr, scope)
        finally:
            self._depth -= 1

    def _condition_of(self, expr: ast.Expr, scope: EventStream | None) -> ir.Cond | None:
        match expr:
            case ast.Group(inner=inner):
                return self.condition(inner, scope)
            case ast.BoolOp(op=op, operands=operands):
                parts = [self.condition(o, scope) for o in operands]
                if any(p is None for p in parts):
                    return None
                conds = tuple(cast(list[ir.Cond], parts))
                return ir.And(conds, expr.span) if op == "and" else ir.Or(conds, expr.span)
            case ast.Not(operand=operand):
                inner_cond = self.condition(operand, scope)
                return None if inner_cond is None else ir.Not(inner_cond, expr.span)
            case ast.BoolLit(value=flag):
                return ir.Literal_(flag, expr.span)
            case ast.Compare():
                return self._compare(expr, scope)
            case ast.In():
                return self._in(expr, scope)
            case ast.Between():
                return self._between(expr, scope)
            case ast.IsMissing(operand=operand, negated=negated):
                value = self.value(operand, scope)
                if value is None:
                    return None
                missing = ir.IsMissing(value, expr.span)
                return ir.Not(missing, expr.span) if negated else missing
            case ast.StringMatch():
                return self._match(expr, scope)
            case ast.TopPercent():
                return self._top_percent(expr, scope)
            case ast.InPeriod():
                return self._in_period(expr, scope)
            case ast.Regular():
                return self._regular(expr, scope)
            case ast.Sequence():
                return self._sequence(expr, scope)
            case ast.Name(name=name) if scope is None and name in self._segment_defs:
                return self.segment(name, expr.span)
        value = self._value_of(expr, scope)
        if value is None:
            return None
        if isinstance(value, ir.CondValue):
            return value.cond
        if value.type.kind is t.Kind.BOOL:
            return ir.Truth(value, expr.span)
        hint = _condition_hint(expr, value.type)
        self.error(
            errors.E201,
            f"expected a condition, but this is a value of type {value.type}",
            expr.span,
            [hint] if hint else [],
        )
        return None

    def _compare(self, expr: ast.Compare, scope: EventStream | None) -> ir.Cond | None:
        if any(_is_split_part(side) for side in (expr.left, expr.right)):
            return self._split_compare(expr, scope)
        left = self.value(expr.left, scope)
        right = self.value(expr.right, scope)
        self._unquoted_value(expr.left, right)
        self._unquoted_value(expr.right, left)
        if left is None or right is None:
            return None
        op = expr.op
        # `30d > t` reads as `t < 30d`: keep the duration on the right.
        if isinstance(left, ir.DurationConst) and right.type.is_temporal:
            left, right, op = right, left, MIRROR[op]
        if isinstance(right, ir.DurationConst) and left.type.is_temporal:
            if op in ("=", "!="):
                self.error(
                    errors.E203,
                    f"an age cannot be compared with '{op}'",
                    expr.span,
                    ["compare the age with <, <=, > or >=, e.g. last_order < 30d"],
                )
                return None
            age_op = cast(OrderOp, op)
            self.placed_calendar.add(id(right))
            return ir.AgeCompare(age_op, left, right, expr.span)
        if not self._comparable(left, right, expr.span, op):
            return None
        if op not in ("=", "!=") and not t.ordered(left.type):
            extra = (
                ["strings are ordered differently by each database, so only = and != are allowed"]
                if left.type.is_textual
                else []
            )
            self.error(
                errors.E204,
                f"values of type {left.type} cannot be compared with '{op}'",
                expr.span,
                extra,
            )
            return None
        return ir.Compare(op, left, right, expr.span)

    def _comparable(
        self, left: ir.Value, right: ir.Value, span: Span, op: ast.CompareOp | None = None
    ) -> bool:
        """Whether two values can be compared (with `op`, or as an `in` list item)."""
        for value, other in ((left, right), (right, left)):
            if (
                isinstance(value, ir.DurationConst)
                and value.is_calendar
                and other.type.kind is t.Kind.DURATION
            ):
                self._calendar_error(value)
                return False
        if not t.comparable(left.type, right.type):
            self.error(
                errors.E202,
                f"cannot compare {left.type} with {right.type}",
                span,
                _type_mismatch_hints(left, right, op),
            )
            return False
        for value, other in ((left, right), (right, left)):
            if (
                other.type.kind is t.Kind.ENUM
                and isinstance(value, ir.Const)
                and not self._enum_member(value, other.type, _label(other))
            ):
                return False
        return True

    def _enum_member(self, const: ir.Const, enum: t.Type, what: str) -> bool:
        if const.value in enum.values:
            return True
        self.error(
            errors.E205,
            f"'{const.value}' is not a value of {what}",
            const.span,
            [*did_you_mean(str(const.value), enum.values), "values: " + ", ".join(enum.values)],
        )
        return False

    def _unquoted_value(self, expr: ast.Expr, other: ir.Value | None) -> None:
        """`country = DE`: a name that names nothing, compared with a string or enum, is a value
        whose quotes are missing; its unknown-name error (E210) says to quote it."""
        if not isinstance(expr, ast.Name) or other is None:
            return
        value = _value_named(expr.name, other.type)
        if value is None:
            return
        for index, found in enumerate(self.diagnostics):
            if found.code == errors.E210 and found.span == expr.span:
                # A name that is a value of the enum is that value, whatever else it is close to.
                others = found.hints if other.type.kind is t.Kind.STRING else ()
                hints = (f"quote it: {encode_string(value)}", *others)
                self.diagnostics[index] = dataclasses.replace(found, hints=hints)

    def _calendar_error(self, value: ir.DurationConst) -> None:
        self.error(
            errors.E206,
            f"'{value.amount}{value.unit}' has no fixed length (calendar "
            f"{'months' if value.unit == 'mo' else 'years'}), so it cannot be used in duration "
            "arithmetic",
            value.span,
            ["compare the timestamp itself (last_order < 6mo), or use days (180d)"],
        )

    def _in(self, expr: ast.In, scope: EventStream | None) -> ir.Cond | None:
        collection = ast.unwrap(expr.collection)
        of_anniversary = None
        if isinstance(collection, ast.IntLit | ast.DateLit):
            of_anniversary = self._anniversary_argument(expr.operand)
        operand = self.value(of_anniversary or expr.operand, scope)
        if operand is None:
            return None
        if operand.type.kind is t.Kind.DURATION:
            self.error(errors.E238, f"'in' does not apply to {operand.type} values", expr.span)
            return None
        if operand.type.is_temporal and isinstance(collection, ast.IntLit | ast.DateLit):
            period = self._named_period(collection)
            if period is None:
                return None
            return self._period_cond(operand, period, of_anniversary is not None, expr)
        result: ir.Cond | None = None
        if isinstance(collection, ast.ListLit):
            values: list[ir.ConstValue] = []
            ok = True
            for item in collection.items:
                item_value = self.value(item, scope)
                if item_value is None:
                    self._unquoted_value(item, operand)
                    ok = False
                    continue
                if not isinstance(item_value, ir.Const):
                    self.error(errors.E230, "list items must be literal values", item.span)
                    ok = False
                    continue
                if not self._comparable(operand, item_value, item.span):
                    ok = False
                    continue
                values.append(_coerce(item_value.value, operand.type))
            if not ok:
                return None
            result = ir.InSet(operand, tuple(values), None, expr.span)
        elif isinstance(collection, ast.Name) and collection.name in self.schema.sets:
            named = self.schema.sets[collection.name]
            if not t.comparable(operand.type, named.element):
                self.error(
                    errors.E202,
                    f"cannot look for a {operand.type} in '{named.name}', a set of "
                    f"{named.element} values",
                    expr.span,
                )
                return None
            enum = operand.type.kind is t.Kind.ENUM
            strays = [str(v) for v in named.values if enum and v not in operand.type.values]
            if strays:
                self.error(
                    errors.E205,
                    f"set '{named.name}' holds values that are not values of {operand.type}: "
                    + ", ".join(strays),
                    expr.collection.span,
                    ["values: " + ", ".join(operand.type.values)],
                )
                return None
            result = ir.InSet(operand, named.values, named.name, expr.span)
        else:
            if isinstance(expr.collection, ast.Group):
                inside = collection.span.text
                hints = [f"a list is written in square brackets: in [{inside}]"]
            elif isinstance(collection, ast.Name):
                hints = list(did_you_mean(collection.name, list(self.schema.sets)))
            else:
                hints = ["named sets: " + ", ".join(self.schema.sets)]
            if operand.type.is_temporal:
                hints.append("or a calendar period: this month, last 3 weeks, 2026-03, 2026")
            self.error(
                errors.E231,
                '\'in\' needs a list like ["PL", "DE"] or a named set',
                expr.collection.span,
                hints,
            )
            return None
        return ir.Not(result, expr.span) if expr.negated else result

    def _between(self, expr: ast.Between, scope: EventStream | None) -> ir.Cond | None:
        low_bound, high_bound = expr.low, expr.high
        bounds = self._reversed_bounds(expr)
        if bounds is None:
            return None
        if bounds:
            # Two durations bound a range by their lengths, written in either order:
            # `between 90d and 30d` (90 days ago to 30 days ago) is the 30-to-90-day range.
            low_bound, high_bound = high_bound, low_bound
        low_span, high_span = low_bound.span, high_bound.span
        low = ast.Compare(">=", expr.operand, low_bound, expr.operand.span.cover(low_span))
        high = ast.Compare("<=", expr.operand, high_bound, expr.operand.span.cover(high_span))
        lower = self._compare(low, scope)
        upper = self._compare(high, scope)
        if lower is None or upper is None:
            return None
        both = ir.And((lower, upper), expr.span)
        return ir.Not(both, expr.span) if expr.negated else both

    def _sequence(self, expr: ast.Sequence, scope: EventStream | None) -> ir.Cond | None:
        """`A then [no] B within d [without C]` or `A then no B since` (docs/semantics.md,
        "Sequences")."""
        if scope is not None:
            self.error(
                errors.E217,
                f"a sequence is a condition on the customer and cannot be inside a filter of "
                f"'{scope.name}'",
                expr.span,
                ["join the two with 'and' outside the aggregate"],
            )
            return None
        parts = [
            self._events(events) if events is not None else None
            for events in (expr.first, expr.then, expr.without)
        ]
        window = None if expr.window is None else self._window(expr.window)
        if expr.window is None and not expr.negated:
            self.error(
                errors.E282,
                f"'then {expr.then.stream} since' has no window: only 'then no "
                f"{expr.then.stream} since' is open-ended",
                Span(expr.span.source, expr.then.span.start, expr.span.end),
                [
                    f"'then no {expr.then.stream} since': none from the latest first event up "
                    "to now",
                    f"'then {expr.then.stream} within 7d': one within 7 days after a first event",
                ],
            )
            return None
        if expr.window is not None and window is None:
            return None
        first, then, without = parts
        if first is None or then is None or (expr.without is not None and without is None):
            return None
        for events, written in zip(parts, (expr.first, expr.then, expr.without), strict=True):
            if events is None or written is None:
                continue
            read = ir.customer_values(events.where)
            if read:
                # Only the customer's zone, which a calendar question reads, has no span.
                reads = (
                    f"reads the customer's '{read[0].name}'"
                    if read[0].span is not None
                    else f"asks a calendar question of the customer's own zone ('{read[0].name}')"
                )
                self.error(
                    errors.E281,
                    f"the filter of '{events.stream}' in a sequence {reads}: a sequence's "
                    "filters use only their stream's fields",
                    read[0].span or written.span,
                    ["state the customer's condition beside the sequence, joined with 'and'"],
                )
                return None
        return ir.Sequence(first, then, expr.negated, window, without, expr.span)

    def _window(self, written: ast.DurationLit) -> ir.DurationConst | None:
        """The window of a closed sequence: a duration of at least an hour."""
        window = self.value(written, None)
        if not isinstance(window, ir.DurationConst):
            return None
        self.placed_calendar.add(id(window))
        if window.amount == 0:
            self.error(
                errors.E280,
                f"'within {window.amount}{window.unit}' is an empty window: nothing follows "
                "within no time",
                written.span,
                ["a window is at least 1h"],
            )
            return None
        return window

    def _events(self, events: ast.Events) -> ir.Events | None:
        """A stream of the schema and its filter, checked on its fields."""
        stream = self.schema.events.get(events.stream)
        if stream is None:
            self.error(
                errors.E218,
                f"a sequence is made of events of a stream ({', '.join(self.schema.events)}), "
                f"and '{events.stream}' is none",
                events.stream_span,
                did_you_mean(events.stream, list(self.schema.events)),
            )
            return None
        where = None
        if events.where is not None:
            where = self.condition(events.where, stream)
            if where is None:
                return None
        return ir.Events(stream.name, where, events.span)

    def _in_period(self, expr: ast.InPeriod, scope: EventStream | None) -> ir.Cond | None:
        of_anniversary = self._anniversary_argument(expr.operand)
        operand = self.value(of_anniversary or expr.operand, scope)
        if operand is None:
            return None
        if not operand.type.is_temporal:
            self.error(
                errors.E260,
                f"a calendar period holds dates and timestamps, not {operand.type} values",
                (of_anniversary or expr.operand).span,
            )
            return None
        period = expr.period
        if period.start is not None:
            found = calendar.Period(period.unit, 0, 1, False, period.start)
        elif period.relation in ("last", "next"):
            # Past the whole calendar a longer count adds no days (and stays a 64-bit number).
            count = min(period.count or 1, _PERIODS_IN_CALENDAR[period.unit])
            back = count if period.relation == "last" else -1
            found = calendar.Period(period.unit, back, count, False, None)
        else:
            found = calendar.Period(period.unit, 0, 1, period.relation == "to date", None)
        return self._period_cond(operand, found, of_anniversary is not None, expr)

    def _period_cond(
        self,
        operand: ir.Value,
        period: calendar.Period,
        anniversary: bool,
        expr: ast.InPeriod | ast.In,
    ) -> ir.Cond:
        """`t in P`, or `anniversary(t) in P`, negated as written."""
        zone, customer_zone = self.schema.time_zone, self._customer_zone()
        result: ir.Cond
        if anniversary:
            result = ir.Anniversary(operand, period, zone, expr.span, customer_zone)
        else:
            result = ir.InPeriod(operand, period, zone, expr.span, customer_zone)
        return ir.Not(result, expr.span) if expr.negated else result

    def _regular(self, expr: ast.Regular, scope: EventStream | None) -> ir.Cond | None:
        """`count(orders) >= 1 in 3 of last 4 weeks` (docs/semantics.md, "Regular activity")."""
        compare = expr.condition
        count = self.value(compare.left, scope)
        bound = self.value(compare.right, scope)
        if count is None or bound is None:
            return None
        while isinstance(count, ir.MetricRef):
            count = count.body
        k = _int_constant(bound)
        at_least = None
        if isinstance(count, ir.Agg) and count.func in ir.COUNTS and k is not None:
            at_least = {">=": k, ">": k + 1}.get(compare.op)
        if not isinstance(count, ir.Agg) or at_least is None or at_least < 1:
            example = next(iter(self.schema.events), "orders")
            self.error(
                errors.E290,
                "regular activity counts events in each period: a count that reaches a whole "
                "number of at least 1",
                compare.span,
                [f"e.g. count({example}) >= 1 in 3 of last 4 weeks"],
            )
            return None
        periods = expr.periods
        if not 1 <= periods.count <= MOST_REGULAR_PERIODS:
            self.error(
                errors.E291,
                f"regular activity looks at 1 to {MOST_REGULAR_PERIODS} periods, not "
                f"{periods.count}",
                periods.span,
            )
            return None
        if not 1 <= expr.times <= periods.count:
            self.error(
                errors.E291,
                f"'{expr.times} of last {periods.count}': the number of periods is 1 to "
                f"{periods.count}",
                expr.times_span,
                [f"in every period: {periods.count} of {periods.written}"],
            )
            return None
        stream = self.schema.events[count.stream]
        time_column = stream.fields[stream.time]
        time = ir.Field(stream.name, stream.time, time_column.column, time_column.type)
        length = None
        if periods.length is not None:
            written = periods.length
            length = ir.DurationConst(written.amount, written.unit, written.span)
            whole = ir.DurationConst(written.amount * periods.count, written.unit, written.span)
            if written.amount < 1 or ir.longer_than_every_date_range(whole):
                self.error(
                    errors.E291,
                    f"{periods.count} periods of {written.amount}{written.unit} are "
                    + ("no time" if written.amount < 1 else "longer than the range of dates"),
                    periods.span,
                )
                return None
        per_period = tuple(
            ir.Compare(
                ">=",
                dataclasses.replace(
                    count, where=_and_also(count.where, self._period_test(time, periods, i))
                ),
                ir.Const(at_least, t.INT),
                expr.span,
            )
            for i in range(1, periods.count + 1)
        )
        return ir.Regular(
            count,
            at_least,
            expr.times,
            periods.count,
            periods.unit,
            length,
            self.schema.time_zone,
            time,
            per_period,
            expr.span,
            self._customer_zone(),
        )

    def _period_test(self, time: ir.Field, periods: ast.RegularPeriods, i: int) -> ir.Cond:
        """Period `i` (1: the newest) of regular activity as a test of an event's time."""
        if periods.length is None:
            assert periods.unit is not None
            period = calendar.Period(periods.unit, i, 1, False, None)
            return ir.InPeriod(
                time, period, self.schema.time_zone, customer_zone=self._customer_zone()
            )
        amount, unit = periods.length.amount, periods.length.unit
        younger = ir.AgeCompare("<", time, ir.DurationConst(amount * i, unit))
        if i == 1:
            return younger
        return ir.And(
            (younger, ir.AgeCompare(">=", time, ir.DurationConst(amount * (i - 1), unit)))
        )

    def _anniversary_argument(self, expr: ast.Expr) -> ast.Expr | None:
        """The argument of `anniversary(t)` before a period, which must be one value; None when
        `expr` is no call of anniversary() (an ill-formed call is reported as any call is)."""
        call = ast.unwrap(expr)
        if not isinstance(call, ast.Call) or call.func != ANNIVERSARY:
            return None
        if call.where is not None or len(call.args) != 1:
            return None
        return call.args[0]

    def _named_period(self, literal: ast.IntLit | ast.DateLit) -> calendar.Period | None:
        """The year of `in 2026`, the day of `in 2026-03-15`."""
        if isinstance(literal, ast.DateLit):
            return calendar.Period("day", 0, 1, False, literal.value)
        written = literal.span.text
        if not (written.isdigit() and len(written) == 4 and literal.value >= 1):
            self.error(
                errors.E105,
                f"'{written}' is not a year: a year is written with four digits, like 2026",
                literal.span,
            )
            return None
        return calendar.Period("year", 0, 1, False, dt.date(literal.value, 1, 1))

    def _reversed_bounds(self, expr: ast.Between) -> bool | None:
        """Whether two literal durations come longest first (then they are swapped); None
        (and an error) when other literal bounds make the range empty."""
        low, high = _literal_extent(expr.low), _literal_extent(expr.high)
        if low is None or high is None or low[0] != high[0] or not low[1] > high[2]:
            return False
        if low[0] == "duration":
            return True
        self.error(
            errors.E221,
            f"this range is empty: {expr.low.span.text} is above {expr.high.span.text}",
            expr.span,
            [f"write the lower bound first: between {expr.high.span.text} and …"],
        )
        return None

    def _integer_fits(self, op: str, left: ir.Value, right: ir.Value, span: Span) -> bool:
        """Integer + - * of two literals must stay in the 64-bit range (engines fail on it)."""
        first, second = _int_constant(left), _int_constant(right)
        if first is None or second is None:
            return True
        result = {"+": first + second, "-": first - second, "*": first * second}[op]
        if t.int_in_range(result):
            return True
        self._beyond_64_bits(f"this computes {result:,}", span)
        return False

    def _beyond_64_bits(self, what: str, span: Span) -> None:
        self.error(
            errors.E220,
            f"{what}, outside the 64-bit range every engine computes in",
            span,
            [f"integers are at most {t.INT_MAX:,} in size"],
        )

    def _match(self, expr: ast.StringMatch, scope: EventStream | None) -> ir.Cond | None:
        operand = self.value(expr.operand, scope)
        pattern = self.value(expr.pattern, scope)
        if operand is None or pattern is None:
            return None
        for value, span in ((operand, expr.operand.span), (pattern, expr.pattern.span)):
            if not value.type.is_textual:
                self.error(errors.E239, f"'{expr.op}' needs strings, not {value.type}", span)
                return None
        return ir.Match(expr.op, operand, pattern, expr.span)

    def _top_percent(self, expr: ast.TopPercent, scope: EventStream | None) -> ir.Cond | None:
        if scope is not None:
            self.error(
                errors.E212, f"'{expr.direction} …%' cannot be used inside an aggregate", expr.span
            )
            return None
        percent = self.value(expr.percent, scope)
        key = self.value(expr.key, scope)
        if percent is None or key is None:
            return None
        if not (isinstance(percent, ir.Const) and percent.type.is_numeric):
            self.error(errors.E209, "the percentage must be a number like 10", expr.percent.span)
            return None
        fraction = Decimal(cast(int | Decimal, percent.value)) / 100
        if not 0 < fraction <= 1:
            self.error(
                errors.E209, "the percentage must be above 0 and at most 100", expr.percent.span
            )
            return None
        if not t.ordered(key.type):
            self.error(
                errors.E204, f"customers cannot be ranked by a {key.type} value", expr.key.span
            )
            return None
        return ir.TopPercent(expr.direction, fraction, key, expr.span)

    # -- values ------------------------------------------------------------------------------

    def value(self, expr: ast.Expr, scope: EventStream | None) -> ir.Value | None:
        if not self._descend(expr):
            return None
        try:
            return self._value_of(expr, scope)
        finally:
            self._depth -= 1

    def _value_of(self, expr: ast.Expr, scope: EventStream | None) -> ir.Value | None:
        match expr:
            case ast.Group(inner=inner):
                return self.value(inner, scope)
            case ast.IntLit(value=v):
                if not t.int_in_range(v):
                    self._beyond_64_bits("this integer is too large", expr.span)
                    return None
                return ir.Const(v, t.INT, expr.span)
            case ast.DecimalLit(value=v):
                if t.decimal_digits(v) > t.DECIMAL_DIGITS:
                    self.error(
                        errors.E220,
                        f"this number has more than {t.DECIMAL_DIGITS} digits, more than every "
                        "engine holds exactly",
                        expr.span,
                        [f"at most {t.DECIMAL_DIGITS} digits, before and after the point together"],
                    )
                    return None
                return ir.Const(v, t.DECIMAL, expr.span)
            case ast.StringLit(value=v):
                return ir.Const(v, t.STRING, expr.span)
            case ast.BoolLit(value=v):
                return ir.Const(v, t.BOOL, expr.span)
            case ast.DateLit(value=v):
                return ir.Const(v, t.DATE, expr.span)
            case ast.TimestampLit(value=v):
                return ir.Const(v, t.TIMESTAMP, expr.span)
            case ast.DurationLit(amount=amount, unit=unit):
                duration = ir.DurationConst(amount, unit, expr.span)
                if ir.longer_than_every_date_range(duration):
                    self.error(
                        errors.E225,
                        f"'{amount}{unit}' is longer than the whole range of dates (the years "
                        "1 to 9999)",
                        expr.span,
                    )
                    return None
                if duration.is_calendar:
                    self.calendar.append(duration)
                return duration
            case ast.NowLit():
                return ir.Now(expr.span)
            case ast.Percentage():
                self.error(
                    errors.E273,
                    "a percentage is compared with a split",
                    expr.span,
                    [_SPLIT_EXAMPLE],
                )
                return None
            case ast.Distinct():
                self.error(
                    errors.E270,
                    "'distinct' is written in count(distinct …) only",
                    expr.span,
                    ["count the distinct values of a field: count(distinct orders.category)"],
                )
                return None
            case ast.ListLit():
                self.error(errors.E207, "a list can only be used after 'in'", expr.span)
                return None
            case ast.Name():
                return self._name(expr, scope)
            case ast.FieldOf():
                return self._field_of(expr, scope)
            case ast.Call():
                return self._call(expr, scope)
            case ast.Negate(operand=operand):
                negated = self.value(operand, scope)
                if negated is None:
                    return None
                if not (negated.type.is_numeric or negated.type.kind is t.Kind.DURATION):
                    self.error(errors.E240, f"cannot negate a {negated.type} value", expr.span)
                    return None
                return ir.Negate(negated, negated.type, expr.span)
            case ast.Arith():
                return self._arith(expr, scope)
        cond = self._condition_of(expr, scope)
        return None if cond is None else ir.CondValue(cond, expr.span)

    def _name(self, expr: ast.Name, scope: EventStream | None) -> ir.Value | None:
        name = expr.name
        if scope is not None:
            if name in scope.fields:
                column = scope.fields[name]
                return ir.Field(scope.name, name, column.column, column.type, expr.span)
            if name in self.schema.sets:
                self.error(errors.E208, f"the set '{name}' can only be used after 'in'", expr.span)
                return None
            if name in self.schema.attributes or name in self.schema.metrics:
                return self._anchor(expr, scope)
            what = self._kind_of(name)
            if what is not None:
                self.error(
                    errors.E232,
                    f"inside an aggregate over '{scope.name}' only its fields and the "
                    f"customer's attributes and metrics can be used, and '{name}' is {what}",
                    expr.span,
                    ["fields of " + scope.name + ": " + ", ".join(scope.fields)],
                )
                return None
            self.error(
                errors.E210,
                f"'{scope.name}' has no field '{name}'",
                expr.span,
                [
                    *did_you_mean(name, list(scope.fields)),
                    "fields of " + scope.name + ": " + ", ".join(scope.fields),
                ],
            )
            return None
        if name in self.schema.attributes:
            column = self.schema.attributes[name]
            return ir.Attr(name, column.column, column.type, column.nullable, expr.span)
        if name in self.schema.metrics:
            return self.metric(name, expr.span)
        if name in self._segment_defs:
            cond = self.segment(name, expr.span)
            return None if cond is None else ir.CondValue(cond, expr.span)
        if name in self._partition_defs:
            return self.partition(name, expr.span)
        if name in self.schema.sets:
            self.error(errors.E208, f"the set '{name}' can only be used after 'in'", expr.span)
            return None
        if name in self.schema.events:
            self.error(
                errors.E214,
                f"'{name}' is an event stream; aggregate it, e.g. count({name})",
                expr.span,
            )
            return None
        if name in FUNCTIONS:
            self.error(errors.E233, f"'{name}' is a function; call it: {name}(…)", expr.span)
            return None
        candidates = [
            *self.schema.attributes,
            *self.schema.metrics,
            *self._segment_defs,
            *self._partition_defs,
        ]
        self.error(errors.E210, f"unknown name '{name}'", expr.span, did_you_mean(name, candidates))
        return None

    def _anchor(self, expr: ast.Name, scope: EventStream) -> ir.Value | None:
        """A customer's attribute or metric inside the filter of an aggregate over `scope`: one
        value per customer that each event is compared with (docs/semantics.md,
        "Customer-anchored windows"). A metric over all customers would make every customer's
        events depend on every other customer: not in a filter."""
        value = self._name(expr, None)
        if value is None:
            return None
        if any(isinstance(n, ir.PopulationAgg | ir.TopPercent) for n in ir.walk(value)):
            self.error(
                errors.E232,
                f"inside an aggregate over '{scope.name}' the metric '{expr.name}' cannot be "
                "used: it ranks or aggregates all customers",
                expr.span,
                ["compare outside the aggregate, or use a metric of the customer's own events"],
            )
            return None
        return value

    def _kind_of(self, name: str) -> str | None:
        if name in self.schema.attributes:
            return "a customer attribute"
        if name in self.schema.metrics:
            return "a metric"
        if name in self._segment_defs:
            return "a segment"
        if name in self._partition_defs:
            return "a partition"
        return None

    def _field_of(self, expr: ast.FieldOf, scope: EventStream | None) -> ir.Value | None:
        stream = self.schema.events.get(expr.stream)
        if stream is None:
            self.error(
                errors.E210,
                f"unknown event stream '{expr.stream}'",
                expr.stream_span,
                did_you_mean(expr.stream, list(self.schema.events)),
            )
            return None
        if expr.name not in stream.fields:
            self.error(
                errors.E210,
                f"'{stream.name}' has no field '{expr.name}'",
                expr.span,
                [
                    *did_you_mean(expr.name, list(stream.fields)),
                    "fields of " + stream.name + ": " + ", ".join(stream.fields),
                ],
            )
            return None
        if scope is None or scope.name != stream.name:
            where = "outside an aggregate" if scope is None else "inside an aggregate over "
            where += "" if scope is None else f"'{scope.name}'"
            field_type = stream.fields[expr.name].type
            example = (
                f"max({expr.stream}.{expr.name})"
                if _aggregatable("max", field_type)
                else f"count({expr.stream} where {expr.name} is present)"
            )
            self.error(
                errors.E213,
                f"'{expr.stream}.{expr.name}' is one value per event and cannot be used {where}",
                expr.span,
                [f"aggregate it, e.g. {example}"],
            )
            return None
        column = stream.fields[expr.name]
        return ir.Field(stream.name, expr.name, column.column, column.type, expr.span)

    def _call(self, expr: ast.Call, scope: EventStream | None) -> ir.Value | None:
        func = expr.func
        if func in AGGREGATES:
            return self._aggregate(expr, scope)
        if func in EVENT_AGGREGATES:
            return self._event_aggregate(expr, scope)
        if func == SPLIT:
            self.error(
                errors.E273, "split() is compared with a percentage", expr.span, [_SPLIT_EXAMPLE]
            )
            return None
        if func == ANNIVERSARY:
            if expr.where is None and len(expr.args) == 1:
                message = "anniversary() is asked of a calendar period"
            else:
                message = "anniversary() takes one date or timestamp, and is asked of a period"
            self.error(errors.E261, message, expr.span, [_ANNIVERSARY_EXAMPLE])
            return None
        if func not in FUNCTIONS:
            self.error(
                errors.E215,
                f"unknown function '{func}'",
                expr.func_span,
                [
                    *did_you_mean(func, list(FUNCTIONS)),
                    *([_DATE_PARTS_HINT] if func.lower() in _OTHER_DATE_PARTS else []),
                    "functions: " + ", ".join(FUNCTIONS),
                ],
            )
            return None
        if expr.where is not None:
            self.error(
                errors.E234, f"'where' only filters aggregates, not {func}()", expr.where.span
            )
            return None
        if len(expr.args) != 1:
            self.error(errors.E216, f"{func}() takes one argument", expr.span)
            return None
        argument = self.value(expr.args[0], scope)
        if argument is None:
            return None
        if func in DATE_PARTS:
            return self._date_part(func, argument, expr)
        if func in TEXT_FUNCTIONS:
            if not argument.type.is_textual:
                self.error(
                    errors.E241, f"{func}() needs a string, not {argument.type}", expr.args[0].span
                )
                return None
            result = t.INT if func == "length" else t.STRING
            return ir.Func(func, argument, result, expr.span)
        if not argument.type.is_numeric:
            self.error(errors.E241, f"abs() needs a number, not {argument.type}", expr.args[0].span)
            return None
        return ir.Func("abs", argument, argument.type, expr.span)

    def _date_part(self, part: DatePart, argument: ir.Value, expr: ast.Call) -> ir.Value | None:
        wanted = t.TIMESTAMP.kind if part == "hour" else None
        if not argument.type.is_temporal or (wanted and argument.type.kind is not wanted):
            needs = "a timestamp (a date has no hour)" if wanted else "a date or a timestamp"
            self.error(
                errors.E241, f"{part}() needs {needs}, not {argument.type}", expr.args[0].span
            )
            return None
        return ir.DatePart(part, argument, self.schema.time_zone, expr.span, self._customer_zone())

    def _customer_zone(self) -> ir.Attr | None:
        """The attribute holding each customer's own zone, if the schema has one
        (docs/semantics.md, "Per-customer time zones")."""
        name = self.schema.customer_time_zone
        if name is None:
            return None
        column = self.schema.attributes[name]
        return ir.Attr(name, column.column, column.type, column.nullable)

    def _aggregate(self, expr: ast.Call, scope: EventStream | None) -> ir.Value | None:
        func = cast(ir.AggFunc, expr.func)
        if scope is not None:
            self.error(errors.E217, "aggregates cannot be nested", expr.span)
            return None
        if len(expr.args) != 1:
            self.error(
                errors.E216,
                f"{func}() takes one event stream or field, e.g. "
                + ("count(orders)" if func == "count" else f"{func}(orders.amount)"),
                expr.span,
            )
            return None
        arg = ast.unwrap(expr.args[0])
        if isinstance(arg, ast.Distinct):
            return self._count_distinct(expr, arg)
        stream: EventStream | None = None
        argument: ir.Field | None = None
        if isinstance(arg, ast.Name) and arg.name in self.schema.events:
            stream = self.schema.events[arg.name]
            if func != "count":
                fields = [n for n, c in stream.fields.items() if _aggregatable(func, c.type)]
                self.error(
                    errors.E235,
                    f"{func}() needs a field of '{stream.name}', e.g. "
                    f"{func}({stream.name}.{fields[0] if fields else 'field'})",
                    arg.span,
                )
                return None
        elif isinstance(arg, ast.FieldOf) and arg.stream in self.schema.events:
            stream = self.schema.events[arg.stream]
            field_value = self._field_of(arg, stream)
            if field_value is None:
                return None
            argument = cast(ir.Field, field_value)
            if not _aggregatable(func, argument.type):
                self.error(
                    errors.E242, f"{func}() cannot aggregate {argument.type} values", arg.span
                )
                return None
        elif not isinstance(arg, ast.FieldOf):
            return self._population_aggregate(expr, arg)
        else:
            name = arg.stream
            self.error(
                errors.E218,
                f"{func}() aggregates an event stream ({', '.join(self.schema.events)})",
                arg.span,
                did_you_mean(name, list(self.schema.events)) if name else (),
            )
            return None
        checked, where = self._filter(expr.where, stream)
        if not checked:
            return None
        if func == "count":
            result = t.INT
        elif func == "avg":
            result = t.DECIMAL
        else:
            assert argument is not None
            result = argument.type
        return ir.Agg(func, stream.name, argument, where, result, expr.span)

    def _count_distinct(self, expr: ast.Call, arg: ast.Distinct) -> ir.Value | None:
        """`count(distinct orders.category where …)`: the number of distinct present values."""
        if expr.func != "count":
            self.error(
                errors.E270,
                f"'distinct' is written in count(distinct …) only, not in {expr.func}()",
                arg.span,
                [f"{expr.func}() of the distinct values is {expr.func}() of the values"],
            )
            return None
        operand = ast.unwrap(arg.operand)
        if not (isinstance(operand, ast.FieldOf) and operand.stream in self.schema.events):
            example = next(iter(self.schema.events), "orders")
            self.error(
                errors.E270,
                "count(distinct …) counts the distinct values of a field of an event stream",
                arg.operand.span,
                [f"name a field: count(distinct {example}.field)"],
            )
            return None
        stream = self.schema.events[operand.stream]
        field_value = self._field_of(operand, stream)
        if field_value is None:
            return None
        checked, where = self._filter(expr.where, stream)
        if not checked:
            return None
        argument = cast(ir.Field, field_value)
        return ir.Agg("count_distinct", stream.name, argument, where, t.INT, expr.span)

    def _event_aggregate(self, expr: ast.Call, scope: EventStream | None) -> ir.Value | None:
        """`first`, `last` and `most_frequent` of a field of an event stream, `active_days`
        of a stream: aggregates over one customer's events only."""
        func = cast(ir.EventAggFunc, expr.func)
        days = func == "active_days"
        if scope is not None:
            self.error(errors.E217, "aggregates cannot be nested", expr.span)
            return None
        example = next(iter(self.schema.events), "orders")
        if len(expr.args) != 1:
            shown = f"{func}({example})" if days else f"{func}({example}.field)"
            self.error(errors.E216, f"{func}() takes one argument, e.g. {shown}", expr.span)
            return None
        arg = ast.unwrap(expr.args[0])
        if days and isinstance(arg, ast.Name) and arg.name in self.schema.events:
            stream = self.schema.events[arg.name]
            time = stream.fields[stream.time]
            argument = ir.Field(stream.name, stream.time, time.column, time.type, arg.span)
        elif not days and isinstance(arg, ast.FieldOf) and arg.stream in self.schema.events:
            stream = self.schema.events[arg.stream]
            field_value = self._field_of(arg, stream)
            if field_value is None:
                return None
            argument = cast(ir.Field, field_value)
        elif days and isinstance(arg, ast.FieldOf) and arg.stream in self.schema.events:
            self.error(
                errors.E271,
                f"active_days() counts the days with events of a stream, not of a field: "
                f"active_days({arg.stream})",
                arg.span,
                [f"filter the events: active_days({arg.stream} where {arg.name} is present)"],
            )
            return None
        elif not days and isinstance(arg, ast.Name) and arg.name in self.schema.events:
            self.error(
                errors.E235,
                f"{func}() needs a field of '{arg.name}', e.g. {func}({arg.name}.field)",
                arg.span,
                ["fields of " + arg.name + ": " + ", ".join(self.schema.events[arg.name].fields)],
            )
            return None
        else:
            name = arg.stream if isinstance(arg, ast.FieldOf) else getattr(arg, "name", "")
            what = "an event stream" if days else "a field of an event stream"
            self.error(
                errors.E218,
                f"{func}() aggregates {what} ({', '.join(self.schema.events)})",
                arg.span,
                did_you_mean(name, list(self.schema.events)) if name else (),
            )
            return None
        checked, where = self._filter(expr.where, stream)
        if not checked:
            return None
        result = t.INT if days else argument.type
        zone = self._customer_zone() if days else None
        return ir.Agg(func, stream.name, argument, where, result, expr.span, zone)

    def _filter(
        self, where: ast.Expr | None, scope: EventStream | None
    ) -> tuple[bool, ir.Cond | None]:
        """An aggregate's optional filter: whether it checked, and its condition (None without
        one)."""
        if where is None:
            return True, None
        cond = self.condition(where, scope)
        return cond is not None, cond

    # -- splits ------------------------------------------------------------------------------

    def _split_compare(self, expr: ast.Compare, scope: EventStream | None) -> ir.Cond | None:
        """`split("spring24") < 10%` (either way round): the customer's bucket compared with
        the bucket number at that share, rounded so that the comparison is exact."""
        split_side, share_side, op = expr.left, expr.right, expr.op
        if isinstance(ast.unwrap(split_side), ast.Percentage):
            split_side, share_side, op = share_side, split_side, MIRROR[op]
        share = ast.unwrap(share_side)
        split = self._split(split_side, scope)
        if split is None:
            return None
        if not isinstance(share, ast.Percentage):
            self.error(
                errors.E273,
                "a split is compared with a percentage",
                share_side.span,
                [_SPLIT_EXAMPLE],
            )
            return None
        if op in ("=", "!="):
            self.error(
                errors.E273,
                f"a split is compared with <, <=, > or >=, not '{op}'",
                expr.span,
                ['a range of the split: split("spring24") between 10% and 20%'],
            )
            return None
        number = ast.unwrap(share.number)
        if not isinstance(number, ast.IntLit | ast.DecimalLit) or not 0 <= number.value <= 100:
            self.error(
                errors.E209, "the percentage must be a number from 0 to 100", share.number.span
            )
            return None
        percent = ir.Const(Decimal(number.value), t.DECIMAL, share.span)
        return ir.Compare(op, split, percent, expr.span)

    def _split(self, expr: ast.Expr, scope: EventStream | None) -> ir.Split | None:
        call = ast.unwrap(expr)
        if not (isinstance(call, ast.Call) and call.func == SPLIT):
            value = self.value(expr, scope)
            if value is not None:
                self.error(
                    errors.E273,
                    "a percentage is compared with a split",
                    expr.span,
                    [_SPLIT_EXAMPLE],
                )
            return None
        if scope is not None:
            self.error(
                errors.E232,
                f"inside an aggregate over '{scope.name}' a split cannot be used: it picks "
                "customers, not events",
                call.span,
                ['move the split out of the aggregate: split("spring24") < 10% and …'],
            )
            return None
        if call.where is not None:
            self.error(errors.E234, "'where' only filters aggregates, not split()", call.where.span)
            return None
        if len(call.args) != 1:
            self.error(errors.E216, f"split() takes one argument: {_SPLIT_EXAMPLE}", call.span)
            return None
        salt = ast.unwrap(call.args[0])
        if not isinstance(salt, ast.StringLit):
            self.error(
                errors.E272,
                "the salt of a split is a string written out",
                call.args[0].span,
                ['name the split: split("spring24")'],
            )
            return None
        return ir.Split(salt.value, call.span)

    def _population_aggregate(self, expr: ast.Call, arg: ast.Expr) -> ir.Value | None:
        """`avg(total_spent where purchases > 0)`: an aggregate over all customers of a
        customer-level value; `count(customers where …)` counts them."""
        func = cast(ir.AggFunc, expr.func)
        argument: ir.Value | None = None
        if isinstance(arg, ast.Name) and arg.name in (self.schema.entity, self.schema.table):
            if func != "count":
                self.error(
                    errors.E236,
                    f"{func}() of all customers needs a value, e.g. {func}(total_spent)",
                    arg.span,
                )
                return None
        else:
            known = {*self.schema.attributes, *self.schema.metrics}
            if func == "count" and isinstance(arg, ast.Name) and arg.name not in known:
                # `count(order)`: a misspelt stream, not a misspelt metric.
                countable = [*self.schema.events, self.schema.table]
                self.error(
                    errors.E218,
                    f"count() counts an event stream or the customers ({', '.join(countable)})",
                    arg.span,
                    did_you_mean(arg.name, countable),
                )
                return None
            argument = self.value(arg, None)
            if argument is None:
                return None
            if func == "count":
                self.error(
                    errors.E237,
                    f"count() counts an event stream or the customers, e.g. count(orders) or "
                    f"count({self.schema.table} where …)",
                    arg.span,
                )
                return None
            if not _population_aggregatable(func, argument.type):
                self.error(
                    errors.E242, f"{func}() cannot aggregate {argument.type} values", arg.span
                )
                return None
        checked, where = self._filter(expr.where, None)
        if not checked:
            return None
        parts: list[ir.Node] = [n for n in (argument, where) if n is not None]
        if any(isinstance(n, ir.PopulationAgg | ir.TopPercent) for p in parts for n in ir.walk(p)):
            self.error(
                errors.E219,
                "an aggregate over all customers cannot contain another one, or a top/bottom N%",
                expr.span,
            )
            return None
        if func == "count":
            result = t.INT
        elif func == "avg" and argument is not None and argument.type.is_numeric:
            result = t.DECIMAL
        else:
            assert argument is not None
            result = argument.type
        return ir.PopulationAgg(func, argument, where, result, expr.span)

    def _arith(self, expr: ast.Arith, scope: EventStream | None) -> ir.Value | None:
        left = self.value(expr.left, scope)
        right = self.value(expr.right, scope)
        if left is None or right is None:
            return None
        op = expr.op
        lk, rk = left.type.kind, right.type.kind
        dur = t.Kind.DURATION
        if left.type.is_numeric and right.type.is_numeric:
            result = t.DECIMAL if op == "/" else t.numeric_result(left.type, right.type)
            if result.kind is t.Kind.INT and not self._integer_fits(op, left, right, expr.span):
                return None
            return ir.Arith(op, left, right, result, expr.span)
        if left.type.is_temporal and isinstance(right, ir.DurationConst) and op in "+-":
            if left.type.kind is t.Kind.DATE and right.unit == "h":
                self.error(errors.E244, "hours cannot be added to a date", expr.span)
                return None
            sign: Literal[1, -1] = 1 if op == "+" else -1
            self.placed_calendar.add(id(right))
            if isinstance(left, ir.Const):
                # A fixed date moved out of the range of dates is known before any instant.
                try:
                    ir.shift(cast(dt.date, left.value), sign, right)
                except SegdslError as error:
                    self.diagnostics.extend(error.diagnostics)
                    return None
            return ir.Shift(left, sign, right, left.type, expr.span)
        if left.type.is_temporal and right.type.is_temporal and op == "-":
            return ir.Arith("-", left, right, t.DURATION, expr.span)
        calendar = [v for v in (left, right) if isinstance(v, ir.DurationConst) and v.is_calendar]
        if (lk is dur or rk is dur) and calendar:
            self._calendar_error(calendar[0])
            return None
        if lk is dur and rk is dur and op in "+-":
            return ir.Arith(op, left, right, t.DURATION, expr.span)
        if lk is dur and rk is dur and op == "/":
            return ir.Arith(op, left, right, t.DECIMAL, expr.span)
        if (lk is dur and right.type.is_numeric and op in "*/") or (
            left.type.is_numeric and rk is dur and op == "*"
        ):
            return ir.Arith(op, left, right, t.DURATION, expr.span)
        self.error(
            errors.E243,
            f"cannot compute {left.type} {op} {right.type}",
            expr.span,
            [
                "durations are added to or subtracted from timestamps (now - 30d); timestamps "
                "subtract to durations (now - last_order)"
            ]
            if lk is dur or rk is dur or left.type.is_temporal
            else [],
        )
        return None


_ANNIVERSARY_EXAMPLE = (
    "ask whether an anniversary falls in a period: anniversary(birth_date) in next 7 days"
)
_SPLIT_EXAMPLE = 'compare the split with a percentage: split("spring24") < 10%'


def _is_split_part(expr: ast.Expr) -> bool:
    """A split or a percentage: a comparison with either compares a split with a share."""
    inner = ast.unwrap(expr)
    return isinstance(inner, ast.Percentage) or (
        isinstance(inner, ast.Call) and inner.func == SPLIT
    )


def _and_also(where: ir.Cond | None, test: ir.Cond) -> ir.Cond:
    return test if where is None else ir.And((where, test))


def _int_constant(value: ir.Value) -> int | None:
    if isinstance(value, ir.Const) and type(value.value) is int:
        return value.value
    return None


# How many periods of each unit the years 1 to 9999 hold (a count beyond adds no days).
_PERIODS_IN_CALENDAR = {
    unit: calendar.period_index(dt.date.max, unit) - calendar.period_index(dt.date.min, unit) + 1
    for unit in CALENDAR_UNITS
}

# The shortest and longest a calendar unit can be.
_CALENDAR_DAYS = {"mo": (28, 31), "y": (365, 366)}


def _literal_extent(expr: ast.Expr) -> tuple[str, Any, Any] | None:
    """A literal's family and the least and greatest value it can stand for (a month is
    28 to 31 days), or None for anything else."""
    match ast.unwrap(expr):
        case ast.IntLit(value=number) | ast.DecimalLit(value=number):
            return "number", number, number
        case ast.DateLit(value=day):
            midnight = dt.datetime.combine(day, dt.time())
            return "time", midnight, midnight
        case ast.TimestampLit(value=instant):
            return "time", instant, instant
        case ast.DurationLit(amount=amount, unit=unit) if unit in _CALENDAR_DAYS:
            shortest, longest = _CALENDAR_DAYS[unit]
            return "duration", amount * dt.timedelta(shortest), amount * dt.timedelta(longest)
        case ast.DurationLit(amount=amount, unit=unit):
            length = dt.timedelta(seconds=ir.DurationConst(amount, unit).seconds())
            return "duration", length, length
    return None


def _population_aggregatable(func: str, type_: t.Type) -> bool:
    if func in ("sum", "avg"):
        return type_.is_numeric or type_.kind is t.Kind.DURATION
    return type_.is_numeric or type_.is_temporal or type_.kind is t.Kind.DURATION


def _aggregatable(func: str, type_: t.Type) -> bool:
    if func in ("sum", "avg"):
        return type_.is_numeric
    if func in ("min", "max"):
        return type_.is_numeric or type_.is_temporal
    return True


def _label(value: ir.Value) -> str:
    match value:
        case ir.Attr(name=name) | ir.Field(name=name) | ir.MetricRef(name=name):
            return f"'{name}'"
        case ir.PartitionRef(name=name):
            return f"the partition '{name}'"
    return "this enum"


def _coerce(value: ir.ConstValue, target: t.Type) -> ir.ConstValue:
    """List items take the operand's family: an int literal compared with a decimal stays exact."""
    if target.kind is t.Kind.DECIMAL and isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if target.kind is t.Kind.TIMESTAMP and type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def _type_mismatch_hints(
    left: ir.Value, right: ir.Value, op: ast.CompareOp | None = None
) -> list[str]:
    for a, b in ((left, right), (right, left)):
        number = _int_constant(b)
        if number is not None and number >= 0 and op is not None and op not in ("=", "!="):
            # A number that reads as a recent year is a year, not so many days ago.
            if a.type.is_temporal and 1900 <= number <= 2100:
                return [f"dates are written in full: {number}-01-01"]
            if a.type.is_temporal or a.type.kind is t.Kind.DURATION:
                return [
                    f"write {number}d for {number} days (or {number}h, {number}w, "
                    f"{number}mo, {number}y)"
                ]
        if a.type.is_temporal and isinstance(b, ir.Const) and b.type.kind is t.Kind.STRING:
            return ["dates are written without quotes: 2024-01-01"]
        if a.type.is_numeric and isinstance(b, ir.Const) and b.type.kind is t.Kind.STRING:
            return ["numbers are written without quotes"]
        if a.type.is_textual and isinstance(b, ir.Const) and b.type.is_numeric:
            return ['strings are quoted: "42"']
    return []


def _value_named(name: str, type_: t.Type) -> str | None:
    """The string or enum value an unquoted `name` stands for, if it looks like one: any name
    compared with a string, a value of the enum (in any case) compared with an enum."""
    if type_.kind is t.Kind.STRING:
        return name
    if type_.kind is t.Kind.ENUM:
        return next((v for v in type_.values if v.lower() == name.lower()), None)
    return None


def _condition_hint(expr: ast.Expr, type_: t.Type) -> str | None:
    shown = expr.span.text
    if type_.is_numeric:
        return f"compare it, e.g. {shown} > 0"
    if type_.is_temporal:
        return f"compare it with a date or an age, e.g. {shown} < 30d"
    if type_.is_textual:
        return f'compare it, e.g. {shown} = "…"'
    return None


def _stray_calendar_durations(checker: Checker) -> None:
    """Calendar months and years have no length in seconds: they may only move a timestamp
    (`now - 1mo`) or bound an age (`last_order < 6mo`). Anything else (`-1mo`, `top 10% by
    1y`, `1y is missing`) is E206, wherever in the tree it hides. Only asked once all else
    checked: a duration whose comparison failed for another reason was never placed."""
    if checker.diagnostics:
        return
    reported: set[Span | None] = set()
    for duration in checker.calendar:
        if id(duration) not in checker.placed_calendar and duration.span not in reported:
            checker._calendar_error(duration)
            reported.add(duration.span)


def _check_report(checker: Checker, report: Report) -> None:
    """The report's measures are customer-level values; the conversion events are counts."""
    for measure in report.measures.values():
        checker.value(measure.expr, None)
    for event in (report.conversion_click, report.conversion_order):
        if event is None:
            continue
        value = checker.value(event.expr, None)
        if value is not None and not (isinstance(value, ir.Agg) and value.func == "count"):
            checker.error(
                errors.E312, f"{event.name} must name events as count(stream where …)", event.span
            )
        elif isinstance(value, ir.Agg) and ir.anchors(value):
            # Clicks and orders are matched event to event, without their customer's row.
            checker.error(
                errors.E312,
                f"{event.name} names events by their own fields, not the customer's values",
                event.span,
            )


def check_schema(schema: Schema) -> None:
    """Type-check every metric, report measure and channel's consent rule of a schema; raises
    SegdslError with all problems."""
    checker = Checker(schema)
    for name, metric in schema.metrics.items():
        checker.metric(name, metric.expr.span)
    if schema.report is not None:
        _check_report(checker, schema.report)
    for channel in schema.channels.values():
        checker.condition(channel.rule, None)
    _stray_calendar_durations(checker)
    if checker.diagnostics:
        raise SegdslError(checker.diagnostics)


def check_condition(expr: ast.Expr, schema: Schema, module: ast.Module | None = None) -> ir.Cond:
    """Check one condition (a `-e` expression), optionally with a file's segments in scope."""
    checker = Checker(schema, module)
    cond = checker.condition(expr, None)
    _stray_calendar_durations(checker)
    if checker.diagnostics or cond is None:
        raise SegdslError(checker.diagnostics)
    return cond


def check_value(expr: ast.Expr, schema: Schema) -> ir.Value:
    """Check one customer-level value (a report measure, a metric outside the schema)."""
    checker = Checker(schema)
    value = checker.value(expr, None)
    _stray_calendar_durations(checker)
    if checker.diagnostics or value is None:
        raise SegdslError(checker.diagnostics)
    return value


def check_module(module: ast.Module, schema: Schema) -> ir.CheckedModule:
    """Check every definition of a segment file."""
    checked, diagnostics = check_definitions(module, schema)
    if diagnostics:
        raise SegdslError(diagnostics)
    return checked


def check_definitions(
    module: ast.Module, schema: Schema, names: Collection[str] | None = None
) -> tuple[ir.CheckedModule, list[Diagnostic]]:
    """Check the definitions called `names` (default: all) of a segment file, and those they
    refer to, without raising: the checked ones without errors, and every problem found. The
    file's other definitions are in scope by name (an editor re-checks only what an edit
    touches)."""
    checker = Checker(schema, module)
    segments: dict[str, ir.CheckedSegment] = {}
    partitions: dict[str, ir.CheckedPartition] = {}
    for definition in module.definitions:
        if names is not None and definition.name not in names:
            continue
        if isinstance(definition, ast.SegmentDef):
            if checker._segment_defs.get(definition.name) is not definition:
                continue
            cond = checker.segment(definition.name, definition.name_span)
            if isinstance(cond, ir.SegmentRef):
                segments[definition.name] = ir.CheckedSegment(
                    definition.name, definition.description, cond.body, definition.span
                )
        else:
            if checker._partition_defs.get(definition.name) is not definition:
                continue
            value = checker.partition(definition.name, definition.name_span)
            if value is not None:
                partitions[definition.name] = ir.CheckedPartition(
                    definition.name, definition.description, value, definition.span
                )
    _stray_calendar_durations(checker)
    return ir.CheckedModule(segments, partitions), _unique(checker.diagnostics)


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, str, int | None]] = set()
    out = []
    for d in diagnostics:
        key = (d.code, d.message, d.span.start if d.span else None)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
