"""Completion driven by the grammar: what the parser accepts at the cursor decides what is
offered, the schema and the definitions in scope fill it in. A stream's fields inside
`count(orders where …)` (and there the customer's attributes and metrics) and after `orders.`;
event streams as an aggregate's argument; an enum's
values (a partition's labels) after `=` and in a list after `in`; after `in`, a list or the
named sets that fit, or a date's or timestamp's calendar periods (and after `this` and `last`,
the calendar units); units after a number compared with a date or timestamp; the keywords the
grammar takes next; elsewhere the customer-level names: attributes, metrics, segments and
partitions, and the functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from lark import Token, Tree

from segdsl.diagnostics import SegdslError
from segdsl.semantics import types as t
from segdsl.semantics.checker import Checker
from segdsl.semantics.schema import EventStream, Schema
from segdsl.service.grammar import Prefix, extent, feed, strings_of
from segdsl.service.values import CompletionItem, CompletionKind, Range
from segdsl.syntax import ast
from segdsl.syntax.lexicon import (
    AGGREGATES,
    CALENDAR_UNITS,
    DURATION_UNITS,
    FUNCTIONS,
    KEYWORDS,
    ROLLING_PERIODS,
    STREAM_AGGREGATES,
    TO_DATE,
    open_string,
    unit_words,
)
from segdsl.syntax.parser import encode_string, parse_expression

_WORD_AT_END = re.compile(r"[A-Za-z0-9_]*\Z")
_UNITS = {
    "h": "hours",
    "d": "days",
    "w": "weeks",
    "mo": "calendar months",
    "y": "calendar years",
}
assert set(_UNITS) == set(DURATION_UNITS)


@dataclass(frozen=True)
class Scope:
    """The names a document can use: the schema's, and the segments and partitions defined in
    the document (or, for a lone condition, in the workspace), all of them in `module`."""

    schema: Schema
    definitions: Mapping[str, ast.Definition]
    module: ast.Module


def describe(kind: str, description: str | None) -> str:
    return f"{kind} — {description}" if description else kind


@dataclass(frozen=True)
class Candidate:
    label: str
    kind: CompletionKind
    detail: str
    filter_text: str | None = None
    """What the typed text is matched against, when not the label (a value's unquoted text)."""


class Completer:
    """Completions at `cursor` in `text` (a segment file's chunk or a condition), parsed from
    the grammar's `start` rule; `to_range` places offsets of `text` in the document."""

    def __init__(
        self,
        text: str,
        cursor: int,
        start: str,
        scope: Scope,
        to_range: Callable[[int, int], Range],
    ) -> None:
        self.text = text
        self.cursor = cursor
        self.start = start
        self.scope = scope
        self.schema = scope.schema
        self.to_range = to_range

    def items(self) -> list[CompletionItem]:
        before = self.text[: self.cursor]
        quote = open_string(before)
        if quote is not None:
            return self._in_string(before, quote)
        word = _WORD_AT_END.search(before)
        typed = word.group() if word else ""
        prefix = feed(before[: len(before) - len(typed)], self.start)
        replace = self.to_range(self.cursor - len(typed), self.cursor)
        if prefix is None:
            # A syntax error before the cursor: what the grammar wants is unknown.
            candidates = [*self._customer_names(None), *self._functions(True)]
            return self._matching(typed, replace, candidates)
        if typed[:1].isdigit():
            return self._matching(typed, replace, self._units(prefix, typed))
        return self._matching(typed, replace, self._at(prefix, typed))

    # -- where the cursor stands -------------------------------------------------------------

    def _at(self, prefix: Prefix, typed: str) -> Iterator[Candidate]:
        stream_scope = self._filtered_stream(prefix)
        if prefix.top_is("DOT") and prefix.top_is("NAME", depth=2):
            stream = self.schema.events.get(str(prefix.top(2)))
            if stream is not None:
                yield from self._fields(stream)
            return
        aggregate = prefix.aggregate_argument_expected()
        if aggregate is not None:
            # An event stream, or (once a name is typed) a customer-level value, which the
            # aggregate takes over all customers: `avg(total_spent)`.
            yield from self._streams()
            if aggregate in AGGREGATES and aggregate != "count" and typed:
                yield from self._customer_names(None)
            if aggregate == "count" and typed:
                yield from self._keywords(prefix.accepts & {"DISTINCT"})
            return
        if prefix.top_is("_THEN", "NO", "_WITHOUT"):
            # A sequence's next events: `then no orders`, `without email where …`.
            yield from self._streams()
            if prefix.top_is("_THEN"):
                yield from self._keywords(prefix.accepts & {"NO"})
            return
        if prefix.top_is("THIS", "LAST", "NEXT") or (
            prefix.top_is("INT") and prefix.top_is("LAST", "NEXT", depth=2)
        ):
            count = int(str(prefix.top())) if prefix.top_is("INT") else None
            for unit in CALENDAR_UNITS:
                yield Candidate(unit_words(unit, count), CompletionKind.UNIT, "calendar period")
            if prefix.top_is("_OF", depth=3):
                # Regular activity: `in 3 of last 4 periods of 7d`.
                yield Candidate(ROLLING_PERIODS, CompletionKind.UNIT, "rolling periods")
            return
        if prefix.accepts <= {"INT"}:
            return  # a number: `count(orders) >= 1 in 3 of last 4 weeks`
        collection = prefix.collection_operand()
        if collection is not None:
            yield from self._collections(collection, stream_scope)
            return
        in_list = prefix.list_operand()
        if in_list is not None:
            operand, listed = in_list
            chosen = strings_of(listed)
            values = self._values(operand, stream_scope)
            yield from (self._quoted(v, operand) for v in values if v not in chosen)
            if not typed:
                return
        elif prefix.top_is("COMPARE_OP") and str(prefix.top()) in ("=", "!="):
            compared = prefix.top(2)
            values = self._values(compared, stream_scope) if compared is not None else []
            yield from (self._quoted(v, compared) for v in values)
            if values and not typed:
                return
        if "NAME" in prefix.accepts and not prefix.top_is("SEGMENT", "PARTITION"):
            if stream_scope is not None:
                yield from self._fields(stream_scope)
                yield from self._anchors(stream_scope)
            else:
                yield from self._customer_names(prefix.definition_name())
            yield from self._functions(stream_scope is None)
        accepts = prefix.accepts
        if prefix.in_positive_sequence():
            accepts -= {"SINCE"}  # only `then no B since` is open-ended
        yield from self._keywords(accepts)

    def _filtered_stream(self, prefix: Prefix) -> EventStream | None:
        """The stream whose `where` filter the cursor is in (its fields are the names there)."""
        argument = prefix.where_of_open_aggregate()
        if isinstance(argument, Tree) and argument.data == "distinct":
            argument = argument.children[-1]  # count(distinct orders.category where …)
        expr = self._expression(argument) if argument is not None else None
        if isinstance(expr, ast.Name):
            return self.schema.events.get(expr.name)
        if isinstance(expr, ast.FieldOf):
            return self.schema.events.get(expr.stream)
        return None

    # -- candidates --------------------------------------------------------------------------

    def _customer_names(self, current: str | None) -> Iterator[Candidate]:
        for name, column in self.schema.attributes.items():
            yield Candidate(
                name, CompletionKind.ATTRIBUTE, describe(str(column.type), column.description)
            )
        for name, metric in self.schema.metrics.items():
            yield Candidate(name, CompletionKind.METRIC, describe("metric", metric.description))
        for name, definition in self.scope.definitions.items():
            if name == current:
                continue  # a definition cannot refer to itself
            if isinstance(definition, ast.SegmentDef):
                yield Candidate(
                    name, CompletionKind.SEGMENT, describe("segment", definition.description)
                )
            else:
                yield Candidate(
                    name, CompletionKind.PARTITION, describe("partition", definition.description)
                )

    def _fields(self, stream: EventStream) -> Iterator[Candidate]:
        for name, column in stream.fields.items():
            yield Candidate(name, CompletionKind.FIELD, f"{stream.name}: {column.type}")

    def _anchors(self, stream: EventStream) -> Iterator[Candidate]:
        """In a stream's filter, the customer's attributes and metrics that no field of the
        stream hides (docs/semantics.md, "Customer-anchored windows")."""
        for candidate in self._customer_names(None):
            if candidate.kind in (CompletionKind.ATTRIBUTE, CompletionKind.METRIC) and (
                candidate.label not in stream.fields
            ):
                yield candidate

    def _streams(self) -> Iterator[Candidate]:
        for name, stream in self.schema.events.items():
            yield Candidate(name, CompletionKind.STREAM, f"events in {stream.table}")

    def _functions(self, aggregates: bool) -> Iterator[Candidate]:
        for function in FUNCTIONS:
            if function in STREAM_AGGREGATES:
                if aggregates:
                    yield Candidate(function, CompletionKind.AGGREGATE, "function")
            else:
                yield Candidate(function, CompletionKind.FUNCTION, "function")

    def _keywords(self, accepts: Iterable[str]) -> Iterator[Candidate]:
        for terminal in sorted(accepts):
            word = terminal.lstrip("_").lower()
            if word in KEYWORDS:
                yield Candidate(word, CompletionKind.KEYWORD, "keyword")

    def _collections(
        self, operand: Token | Tree[Token], stream: EventStream | None
    ) -> Iterator[Candidate]:
        """What may follow `x in`: a list, a list starting with one of x's values, a named set
        that fits x."""
        yield Candidate("[", CompletionKind.LIST, "a list of values")
        values = self._values(operand, stream)
        shown = self._shown(operand)
        for value in values:
            yield Candidate(f"[{encode_string(value)}", CompletionKind.VALUE, f"value of {shown}")
        kind = self._type(operand, stream)
        if kind is None or kind.is_temporal:
            # A calendar period: `this month`, `last 3 weeks`, `today`, `year to date`.
            for word in ("this", "last", "next", "today", "yesterday"):
                yield Candidate(word, CompletionKind.KEYWORD, "keyword")
            for unit in CALENDAR_UNITS:
                yield Candidate(f"{unit} to {TO_DATE}", CompletionKind.KEYWORD, "calendar period")
        for name, named in self.schema.sets.items():
            fits = kind is None or (
                t.comparable(kind, named.element)
                and (not values or set(named.values) <= set(values))
            )
            if fits:
                yield Candidate(name, CompletionKind.SET, f"set of {len(named.values)}")

    def _units(self, prefix: Prefix, typed: str) -> Iterator[Candidate]:
        """`last_order < 30` → 30d, 30w, 30mo …: only where a duration fits."""
        if "DURATION" not in prefix.accepts:
            return
        operand = prefix.compared_operand()
        kind = self._type(operand, self._filtered_stream(prefix)) if operand is not None else None
        if kind is None or not (kind.is_temporal or kind.kind is t.Kind.DURATION):
            return
        digits = re.match(r"\d+", typed)
        assert digits is not None
        for unit, meaning in _UNITS.items():
            yield Candidate(f"{digits.group()}{unit}", CompletionKind.UNIT, meaning)

    def _in_string(self, before: str, quote: int) -> list[CompletionItem]:
        """Inside a string: the values of the enum (or partition) it is compared with."""
        prefix = feed(before[:quote], self.start)
        if prefix is None or "STRING" not in prefix.accepts:
            return []
        stream = self._filtered_stream(prefix)
        in_list = prefix.list_operand()
        operand = in_list[0] if in_list is not None else prefix.compared_operand()
        if operand is None:
            return []
        mark = before[quote]
        shown = self._shown(operand)
        candidates = [
            Candidate(_escaped(value, mark), CompletionKind.VALUE, f"value of {shown}", value)
            for value in self._values(operand, stream)
        ]
        replace = self.to_range(quote + 1, self.cursor)
        return self._matching(before[quote + 1 :], replace, candidates)

    # -- the operand being compared ----------------------------------------------------------

    def _expression(self, item: Token | Tree[Token]) -> ast.Expr | None:
        where = extent(item)
        if where is None:
            return None
        try:
            return parse_expression(self.text[where[0] : where[1]])
        except SegdslError:
            return None

    def _type(self, item: Token | Tree[Token], stream: EventStream | None) -> t.Type | None:
        expr = self._expression(item)
        if expr is None:
            return None
        value = Checker(self.schema, self.scope.module).value(expr, stream)
        return None if value is None else value.type

    def _values(self, item: Token | Tree[Token], stream: EventStream | None) -> list[str]:
        """The values of an enum operand (a partition's labels), if it is one."""
        kind = self._type(item, stream)
        if kind is None or kind.kind is not t.Kind.ENUM:
            return []
        return list(kind.values)

    def _shown(self, item: Token | Tree[Token]) -> str:
        where = extent(item)
        return " ".join(self.text[where[0] : where[1]].split()) if where else "it"

    def _quoted(self, value: str, operand: Token | Tree[Token] | None) -> Candidate:
        shown = self._shown(operand) if operand is not None else "it"
        return Candidate(encode_string(value), CompletionKind.VALUE, f"value of {shown}", value)

    # -- output ------------------------------------------------------------------------------

    def _matching(
        self, typed: str, replace: Range, candidates: Iterable[Candidate]
    ) -> list[CompletionItem]:
        """The candidates that start with what is typed (a value: its unquoted text), once
        each, in the order given."""
        found: list[CompletionItem] = []
        seen: set[str] = set()
        for candidate in candidates:
            label = candidate.label
            filter_text = candidate.filter_text or label
            if label in seen or not (filter_text.startswith(typed) or label.startswith(typed)):
                continue
            seen.add(label)
            found.append(
                CompletionItem(label, candidate.kind, candidate.detail, replace, label, filter_text)
            )
        return found


def _escaped(value: str, quote: str) -> str:
    """`value` as the inside of a string literal between `quote`s."""
    inside = encode_string(value)[1:-1]
    return inside if quote == '"' else inside.replace('\\"', '"').replace("'", "\\'")
