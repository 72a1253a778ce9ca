"""`segdsl fmt`: one canonical layout for segment files and schema metric expressions.

The formatter prints the AST back as text. It never changes meaning: `format_source` re-parses
its own output and refuses to return text whose definitions differ from the input's (AST nodes
compare without spans, and explicit parentheses are `ast.Group` nodes, so they are kept).

Layout rules (docs/formatter.md):

* one blank line between definitions; comments stay where they stand (a comment line before a
  definition stays before it, a comment at the end of a line stays at the end of that line);
* a segment that fits in 100 columns stays on one line; otherwise its condition goes on the
  next line, indented 4 spaces; an `and`/`or` chain that still does not fit breaks one operand
  per line with the operator leading (`    and …`), nested chains indented further;
* a comparison that does not fit breaks before its operator; a long `in [...]` list puts its
  items on lines of their own, packed up to 100 columns (one per line when comments stand
  between them); a partition puts one arm per line and `otherwise` last;
* parentheses only where the user wrote them (kept) or where precedence needs them (added for
  trees built in code); strings in double quotes; keywords lower case.

Comments force the line breaks they need: a comment between two operands of a chain keeps the
chain broken so that the comment keeps its place. A comment in a spot that has no line break in
the canonical layout (inside a function call, say) moves to the end of its line (or, for a
comment on its own line, just above that line).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import yaml

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError, Source, Span
from segdsl.syntax import ast
from segdsl.syntax.lexicon import COMMENT_PATTERN, STRING_PATTERN, WHITESPACE_PATTERN
from segdsl.syntax.parser import (
    encode_string,
    parse_expression_source,
    parse_module,
    read_file,
)

WIDTH = 100
"""Lines are kept within this many columns where the layout rules allow it."""

INDENT = 4

__all__ = [
    "INDENT",
    "WIDTH",
    "discover",
    "format_expression",
    "format_module",
    "format_path_text",
    "format_schema_metrics",
    "format_schema_text",
    "format_source",
    "is_schema_path",
]

# --------------------------------------------------------------------------------------------
# Precedence (grammar/segdsl.lark): or < and < not < predicate < sum < product < unary < atom.

_OR, _AND, _NOT, _PRED, _SUM, _PRODUCT, _UNARY, _ATOM = range(1, 9)
_ANY = 0

_PREDICATES = (
    ast.Compare,
    ast.In,
    ast.Between,
    ast.IsMissing,
    ast.StringMatch,
    ast.TopPercent,
    ast.InPeriod,
    ast.Regular,
    ast.Sequence,
)


def _level(expr: ast.Expr) -> int:
    """How tightly a node binds: its operands' grammar level."""
    if isinstance(expr, ast.BoolOp):
        return _OR if expr.op == "or" else _AND
    if isinstance(expr, ast.Not):
        return _NOT
    if isinstance(expr, _PREDICATES):
        return _PRED
    if isinstance(expr, ast.Arith):
        return _SUM if expr.op in ("+", "-") else _PRODUCT
    if isinstance(expr, ast.Negate):
        return _UNARY
    if isinstance(expr, ast.IntLit | ast.DecimalLit) and expr.value < 0:
        return _UNARY  # printed with a leading minus
    return _ATOM


def _wrap(expr: ast.Expr, needed: int) -> ast.Expr:
    """`expr` with its own operands parenthesized, and itself parenthesized if it binds less
    tightly than its position needs."""
    expr = _parenthesize(expr)
    if _level(expr) < needed:
        return ast.Group(expr, expr.span)
    return expr


def _parenthesize(expr: ast.Expr) -> ast.Expr:
    """Add the parentheses precedence needs (only trees built in code lack them: the parser
    keeps every pair the author wrote as an `ast.Group`)."""
    replace = dataclasses.replace
    if isinstance(expr, ast.BoolOp):
        needed = _AND if expr.op == "or" else _NOT
        return replace(expr, operands=tuple(_wrap(o, needed) for o in expr.operands))
    if isinstance(expr, ast.Not):
        return replace(expr, operand=_wrap(expr.operand, _NOT))
    if isinstance(expr, ast.Compare):
        return replace(expr, left=_wrap(expr.left, _SUM), right=_wrap(expr.right, _SUM))
    if isinstance(expr, ast.In):
        return replace(
            expr, operand=_wrap(expr.operand, _SUM), collection=_wrap(expr.collection, _SUM)
        )
    if isinstance(expr, ast.Between):
        return replace(
            expr,
            operand=_wrap(expr.operand, _SUM),
            low=_wrap(expr.low, _SUM),
            high=_wrap(expr.high, _SUM),
        )
    if isinstance(expr, ast.IsMissing | ast.InPeriod):
        return replace(expr, operand=_wrap(expr.operand, _SUM))
    if isinstance(expr, ast.StringMatch):
        return replace(expr, operand=_wrap(expr.operand, _SUM), pattern=_wrap(expr.pattern, _SUM))
    if isinstance(expr, ast.TopPercent):
        return replace(expr, percent=_wrap(expr.percent, _SUM), key=_wrap(expr.key, _SUM))
    if isinstance(expr, ast.Regular):
        return replace(expr, condition=_parenthesize(expr.condition))
    if isinstance(expr, ast.Arith):
        if expr.op in ("+", "-"):
            return replace(expr, left=_wrap(expr.left, _SUM), right=_wrap(expr.right, _PRODUCT))
        return replace(expr, left=_wrap(expr.left, _PRODUCT), right=_wrap(expr.right, _UNARY))
    if isinstance(expr, ast.Negate):
        return replace(expr, operand=_wrap(expr.operand, _UNARY))
    if isinstance(expr, ast.Group):
        return replace(expr, inner=_wrap(expr.inner, _ANY))
    if isinstance(expr, ast.ListLit):
        return replace(expr, items=tuple(_wrap(i, _ANY) for i in expr.items))
    if isinstance(expr, ast.Call):
        where = _wrap(expr.where, _ANY) if expr.where is not None else None
        return replace(expr, args=tuple(_wrap(a, _ANY) for a in expr.args), where=where)
    if isinstance(expr, ast.Distinct):
        return replace(expr, operand=_wrap(expr.operand, _ANY))
    if isinstance(expr, ast.Percentage):
        return replace(expr, number=_wrap(expr.number, _SUM))
    if isinstance(expr, ast.Sequence):
        # The filter after `without` is one condition: `and` would end the sequence.
        without = expr.without
        if without is not None and without.where is not None:
            without = replace(without, where=_wrap(without.where, _NOT))
        return replace(
            expr,
            first=_events_wrapped(expr.first),
            then=_events_wrapped(expr.then),
            without=without,
        )
    return expr


def _events_wrapped(events: ast.Events) -> ast.Events:
    if events.where is None:
        return events
    return dataclasses.replace(events, where=_wrap(events.where, _ANY))


# --------------------------------------------------------------------------------------------
# One-line rendering.


def _decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text if "." in text or not value.is_finite() else text + ".0"


def _timestamp(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(sep="T")


def _flat(expr: ast.Expr) -> str:
    """The canonical one-line text of an (already parenthesized) expression."""
    if isinstance(expr, ast.IntLit):
        return str(expr.value)
    if isinstance(expr, ast.DecimalLit):
        return _decimal(expr.value)
    if isinstance(expr, ast.StringLit):
        return encode_string(expr.value)
    if isinstance(expr, ast.BoolLit):
        return "true" if expr.value else "false"
    if isinstance(expr, ast.TimestampLit):
        return _timestamp(expr.value)
    if isinstance(expr, ast.DateLit):
        return expr.value.isoformat()
    if isinstance(expr, ast.DurationLit):
        return f"{expr.amount}{expr.unit}"
    if isinstance(expr, ast.NowLit):
        return "now"
    if isinstance(expr, ast.Percentage):
        return f"{_flat(expr.number)}%"
    if isinstance(expr, ast.Distinct):
        return "distinct " + _flat(expr.operand)
    if isinstance(expr, ast.ListLit):
        return "[" + ", ".join(_flat(i) for i in expr.items) + "]"
    if isinstance(expr, ast.Name):
        return expr.name
    if isinstance(expr, ast.FieldOf):
        return f"{expr.stream}.{expr.name}"
    if isinstance(expr, ast.Call):
        inside = ", ".join(_flat(a) for a in expr.args)
        if expr.where is not None:
            inside += " where " + _flat(expr.where)
        return f"{expr.func}({inside})"
    if isinstance(expr, ast.Negate):
        operand = _flat(expr.operand)
        return ("- " if operand.startswith("-") else "-") + operand
    if isinstance(expr, ast.Arith | ast.Compare):
        return f"{_flat(expr.left)} {expr.op} {_flat(expr.right)}"
    if isinstance(expr, ast.In | ast.Between | ast.IsMissing | ast.StringMatch | ast.InPeriod):
        return f"{_flat(expr.operand)} {_predicate_rest(expr)}"
    if isinstance(expr, ast.Not):
        return "not " + _flat(expr.operand)
    if isinstance(expr, ast.BoolOp):
        return f" {expr.op} ".join(_flat(o) for o in expr.operands)
    if isinstance(expr, ast.Group):
        return f"({_flat(expr.inner)})"
    if isinstance(expr, ast.TopPercent):
        return f"{expr.direction} {_flat(expr.percent)}% by {_flat(expr.key)}"
    if isinstance(expr, ast.Regular):
        return f"{_flat(expr.condition)} in {expr.times} of {expr.periods.written}"
    if isinstance(expr, ast.Sequence):
        return f"{_events(expr.first)} {_sequence_rest(expr)}"
    raise TypeError(f"not an expression node: {expr!r}")


def _predicate_rest(
    expr: ast.In | ast.Between | ast.IsMissing | ast.StringMatch | ast.InPeriod,
) -> str:
    """A predicate without its left operand: `in EU`, `between 1 and 2`, `is missing`, …"""
    if isinstance(expr, ast.In):
        return f"{'not in' if expr.negated else 'in'} {_flat(expr.collection)}"
    if isinstance(expr, ast.InPeriod):
        return f"{'not in' if expr.negated else 'in'} {expr.period.written}"
    if isinstance(expr, ast.Between):
        keyword = "not between" if expr.negated else "between"
        return f"{keyword} {_flat(expr.low)} and {_flat(expr.high)}"
    if isinstance(expr, ast.IsMissing):
        return "is present" if expr.negated else "is missing"
    return f"{expr.op} {_flat(expr.pattern)}"


def _events(events: ast.Events) -> str:
    """`orders where category = "shoes"`, or the stream alone."""
    if events.where is None:
        return events.stream
    return f"{events.stream} where {_flat(events.where)}"


def _sequence_rest(expr: ast.Sequence) -> str:
    """A sequence from `then` on: `then no orders within 24h without …`."""
    return " ".join(text for text, _ in _sequence_pieces(expr)[1:])


def _sequence_pieces(expr: ast.Sequence) -> list[tuple[str, int]]:
    """The pieces a long sequence is broken into, each with the end of its source: the first
    events, `then [no] B`, `within d` or `since`, and `without C`."""
    then = f"then {'no ' if expr.negated else ''}{_events(expr.then)}"
    pieces = [(_events(expr.first), expr.first.span.end), (then, expr.then.span.end)]
    if expr.window is None:
        return [*pieces, ("since", expr.span.end)]
    pieces.append((f"within {_flat(expr.window)}", expr.window.span.end))
    if expr.without is not None:
        pieces.append((f"without {_events(expr.without)}", expr.without.span.end))
    return pieces


def format_expression(expr: ast.Expr) -> str:
    """The canonical one-line text of a condition or value (used for schema metrics and `-e`).
    Explicit parentheses (`ast.Group`) are kept; missing ones are added where precedence needs
    them."""
    return _flat(_parenthesize(expr))


# --------------------------------------------------------------------------------------------
# Multi-line layout.


@dataclass(frozen=True, slots=True)
class _Line:
    """One output line and the source range it stands for (used to place comments)."""

    indent: int
    text: str
    start: int
    end: int
    comment_indent: int


class _Layout:
    """Lays out definitions; knows where the comments are so it can keep lines broken where a
    comment needs a line break to stay in place."""

    def __init__(self, text: str, comment_starts: Sequence[int]):
        self._text = text
        self._starts = sorted(comment_starts)
        self._forced: dict[int, bool] = {}

    def _break(self, before: int, after: int) -> int:
        """The source offset a line broken between two pieces of code stands for: the operator
        between them when it begins its source line (a comment after it stays with it), else
        the piece after it (a comment after a trailing operator stays with the code before)."""
        operator = _next_code(self._text, before, after)
        return operator if operator < after and _own_line(self._text, operator) else after

    def _comment_in(self, low: int, high: int) -> bool:
        i = bisect.bisect_left(self._starts, low)
        return i < len(self._starts) and self._starts[i] < high

    def _gaps(self, expr: ast.Expr) -> Iterator[tuple[int, int]]:
        """Where the broken layout of `expr` puts line breaks: from the end of one line's
        source to the start of the next one's."""
        if isinstance(expr, ast.BoolOp):
            for a, b in pairwise(expr.operands):
                yield a.span.end, self._break(a.span.end, b.span.start)
        elif isinstance(expr, ast.Group):
            yield expr.span.start, expr.inner.span.start
            yield expr.inner.span.end, expr.span.end
        elif _list_in(expr):
            assert isinstance(expr, ast.In) and isinstance(expr.collection, ast.ListLit)
            items = expr.collection.items
            yield expr.collection.span.start, items[0].span.start
            for a, b in pairwise(items):
                yield a.span.end, b.span.start
            yield items[-1].span.end, expr.collection.span.end
        elif isinstance(expr, ast.Sequence):
            for (_, end), (_, next_end) in pairwise(_sequence_pieces(expr)):
                yield end, _next_code(self._text, end, next_end)
        else:
            split = _split(expr)
            if split is not None:
                yield split[1], _next_code(self._text, split[1], split[3])

    def forced(self, expr: ast.Expr) -> bool:
        """Whether a comment needs `expr` (or a condition inside it) laid out over lines."""
        key = id(expr)
        if key not in self._forced:
            result = any(self._comment_in(lo, hi) for lo, hi in self._gaps(expr))
            if not result:
                result = any(self.forced(c) for c in _condition_children(expr))
            self._forced[key] = result
        return self._forced[key]

    def lay(self, expr: ast.Expr, prefix: str, start: int, indent: int, cont: int) -> list[_Line]:
        """Lines for a condition. The first line starts at `indent` with `prefix` (and stands
        for source from `start`); continuation lines of a chain go at `cont`."""
        flat = _flat(expr)
        if not self.forced(expr) and indent + len(prefix) + len(flat) <= WIDTH:
            return [_Line(indent, prefix + flat, start, expr.span.end, indent)]
        if isinstance(expr, ast.BoolOp):
            lines: list[_Line] = []
            for i, operand in enumerate(expr.operands):
                sub = cont + INDENT if isinstance(operand, ast.BoolOp) else cont
                if i == 0:
                    lines += self.lay(operand, prefix, start, indent, sub)
                else:
                    at = self._break(expr.operands[i - 1].span.end, operand.span.start)
                    lines += self.lay(operand, expr.op + " ", at, cont, sub)
            return lines
        if isinstance(expr, ast.Group):
            inner = expr.inner
            deeper = indent + INDENT
            return [
                _Line(indent, prefix + "(", start, expr.span.start + 1, indent),
                *self.lay(inner, "", inner.span.start, deeper, deeper),
                _Line(indent, ")", expr.span.end - 1, expr.span.end, deeper),
            ]
        if isinstance(expr, ast.Not):
            return self.lay(expr.operand, prefix + "not ", start, indent, cont)
        if _list_in(expr):
            assert isinstance(expr, ast.In) and isinstance(expr.collection, ast.ListLit)
            listed = expr.collection
            keyword = "not in" if expr.negated else "in"
            deeper = indent + INDENT
            head = f"{prefix}{_flat(expr.operand)} {keyword} ["
            return [
                _Line(indent, head, start, listed.span.start + 1, indent),
                *self._items(listed.items, deeper),
                _Line(indent, "]", listed.span.end - 1, listed.span.end, deeper),
            ]
        if isinstance(expr, ast.Sequence):
            return self._sequence(expr, prefix, start, indent)
        split = _split(expr)
        if split is not None:
            left, left_end, rest, rest_start = split
            deeper = indent + INDENT
            operator = _next_code(self._text, left_end, rest_start)  # the rest line's source
            return [
                _Line(indent, prefix + left, start, left_end, indent),
                _Line(deeper, rest, operator, expr.span.end, deeper),
            ]
        return [_Line(indent, prefix + flat, start, expr.span.end, indent)]

    def _sequence(self, expr: ast.Sequence, prefix: str, start: int, indent: int) -> list[_Line]:
        """A long sequence: the first events, then the other pieces (`then …`, `within …` or
        `since`, `without …`) packed into lines one indent deeper, each line as long as fits;
        a comment between two pieces keeps them on lines of their own."""
        (first_text, first_end), *rest = _sequence_pieces(expr)
        lines = [_Line(indent, prefix + first_text, start, first_end, indent)]
        deeper = indent + INDENT
        for text, piece_end in rest:
            last = lines[-1]
            # The line stands for the source from the piece's keyword on.
            piece_start = _next_code(self._text, last.end, piece_end)
            joined = f"{last.text} {text}"
            if (
                len(lines) > 1
                and deeper + len(joined) <= WIDTH
                and not self._comment_in(last.end, piece_start)
            ):
                lines[-1] = _Line(deeper, joined, last.start, piece_end, deeper)
            else:
                lines.append(_Line(deeper, text, piece_start, piece_end, deeper))
        return lines

    def _items(self, items: Sequence[ast.Expr], indent: int) -> list[_Line]:
        """List items packed into lines of at most `WIDTH` columns, or one per line when a
        comment stands between two items that would share a line."""
        texts = [_flat(item) + "," for item in items]
        rows: list[list[int]] = []
        width = 0
        for index, text in enumerate(texts):
            if rows and width + 1 + len(text) <= WIDTH - indent:
                rows[-1].append(index)
                width += 1 + len(text)
            else:
                rows.append([index])
                width = len(text)
        if any(
            self._comment_in(items[a].span.end, items[b].span.start)
            for row in rows
            for a, b in pairwise(row)
        ):
            rows = [[index] for index in range(len(items))]
        return [
            _Line(
                indent,
                " ".join(texts[i] for i in row),
                items[row[0]].span.start,
                items[row[-1]].span.end,
                indent,
            )
            for row in rows
        ]

    def definition(self, definition: ast.Definition) -> list[_Line]:
        description = (
            f" {encode_string(definition.description)}"
            if definition.description is not None
            else ""
        )
        start = definition.span.start
        if isinstance(definition, ast.SegmentDef):
            header = f"segment {definition.name}{description} ="
            body = definition.body
            header_end = _next_code(self._text, definition.name_span.end, body.span.start) + 1
            one_line = f"{header} {_flat(body)}"
            forced = self._comment_in(header_end, body.span.start) or self.forced(body)
            if not forced and len(one_line) <= WIDTH:
                return [_Line(0, one_line, start, definition.span.end, 0)]
            return [
                _Line(0, header, start, header_end, 0),
                *self.lay(body, "", body.span.start, INDENT, INDENT),
            ]
        header = f"partition {definition.name}{description} ="
        first = (
            definition.arms[0].span.start if definition.arms else definition.otherwise_span.start
        )
        header_end = _next_code(self._text, definition.name_span.end, first) + 1
        lines = [_Line(0, header, start, header_end, 0)]
        for arm in definition.arms:
            prefix = f"{encode_string(arm.label)} when "
            lines += self.lay(arm.condition, prefix, arm.span.start, INDENT, 2 * INDENT)
        otherwise = f"otherwise {encode_string(definition.otherwise)}"
        # The line stands for the source from the keyword on: a comment after `otherwise`
        # stays on it.
        last = definition.arms[-1].span.end if definition.arms else header_end
        keyword = _next_code(self._text, last, definition.otherwise_span.start)
        lines.append(_Line(INDENT, otherwise, keyword, definition.span.end, INDENT))
        return lines


def _list_in(expr: ast.Expr) -> bool:
    return (
        isinstance(expr, ast.In)
        and isinstance(expr.collection, ast.ListLit)
        and bool(expr.collection.items)
    )


def _split(expr: ast.Expr) -> tuple[str, int, str, int] | None:
    """A predicate broken before its operator: (left text, left end, rest text, rest start)."""
    if isinstance(expr, ast.Compare):
        rest = f"{expr.op} {_flat(expr.right)}"
        return _flat(expr.left), expr.left.span.end, rest, expr.right.span.start
    if isinstance(expr, ast.StringMatch):
        return (
            _flat(expr.operand),
            expr.operand.span.end,
            _predicate_rest(expr),
            expr.pattern.span.start,
        )
    if isinstance(expr, ast.Between):
        return (
            _flat(expr.operand),
            expr.operand.span.end,
            _predicate_rest(expr),
            expr.low.span.start,
        )
    if isinstance(expr, ast.In):
        return (
            _flat(expr.operand),
            expr.operand.span.end,
            _predicate_rest(expr),
            expr.collection.span.start,
        )
    if isinstance(expr, ast.InPeriod):
        return (
            _flat(expr.operand),
            expr.operand.span.end,
            _predicate_rest(expr),
            expr.period.span.start,
        )
    return None


def _condition_children(expr: ast.Expr) -> tuple[ast.Expr, ...]:
    """Children that the layout may put on lines of their own."""
    if isinstance(expr, ast.BoolOp):
        return expr.operands
    if isinstance(expr, ast.Group):
        return (expr.inner,)
    if isinstance(expr, ast.Not):
        return (expr.operand,)
    return ()


_NOT_CODE = re.compile(f"{WHITESPACE_PATTERN}|{COMMENT_PATTERN}|{STRING_PATTERN}")
"""Whitespace, comments and strings, read as the lexer reads them."""


def _next_code(text: str, pos: int, limit: int) -> int:
    """The offset of the first character of `text[pos:limit]` outside whitespace, comments
    and strings (`limit` if there is none): the `=` after a definition's name and
    description, the `otherwise` after the last arm, an operator between two operands."""
    while pos < limit:
        match = _NOT_CODE.match(text, pos)
        if match is None or match.end() == pos:
            return pos
        pos = match.end()
    return limit


# --------------------------------------------------------------------------------------------
# Modules: definitions and the comments around them.


def _own_line(text: str, offset: int) -> bool:
    """Whether only whitespace precedes `offset` on its line."""
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def _render_definition(
    layout: _Layout, definition: ast.Definition, comments: Sequence[ast.Comment], text: str
) -> list[str]:
    lines = layout.definition(definition)
    before: list[list[str]] = [[] for _ in lines]
    after: list[list[str]] = [[] for _ in lines]
    ends = [line.end for line in lines]
    starts = [line.start for line in lines]
    for comment in comments:
        body = comment.text.rstrip()
        at = comment.span.start
        if _own_line(text, at):
            index = min(bisect.bisect_right(ends, at), len(lines) - 1)
            before[index].append(body)
        else:
            index = max(bisect.bisect_left(starts, at) - 1, 0)
            after[index].append(body)
    out: list[str] = []
    for line, leading, trailing in zip(lines, before, after, strict=True):
        out.extend(" " * line.comment_indent + c for c in leading)
        rendered = " " * line.indent + line.text
        if trailing:
            rendered += "  " + "  ".join(trailing)
        out.append(rendered)
    return out


def _comment_groups(comments: Sequence[ast.Comment], text: str) -> list[list[ast.Comment]]:
    """Comment lines split where the source has a blank line (or code) between them."""
    groups: list[list[ast.Comment]] = []
    last_line = -2
    for comment in comments:
        line = _line_of(text, comment.span.start)
        if groups and line == last_line + 1:
            groups[-1].append(comment)
        else:
            groups.append([comment])
        last_line = line
    return groups


def _parenthesize_definition(definition: ast.Definition) -> ast.Definition:
    if isinstance(definition, ast.SegmentDef):
        return dataclasses.replace(definition, body=_wrap(definition.body, _ANY))
    arms = tuple(
        dataclasses.replace(arm, condition=_wrap(arm.condition, _ANY)) for arm in definition.arms
    )
    return dataclasses.replace(definition, arms=arms)


def format_module(module: ast.Module) -> str:
    """The canonical text of a parsed segment file, comments included."""
    text = module.source.text
    # Parenthesized copies (kept alive for the whole module: the layout memoizes by identity).
    definitions = [_parenthesize_definition(d) for d in module.definitions]
    definitions.sort(key=lambda d: d.span.start)
    comments = sorted(module.comments, key=lambda c: c.span.start)
    layout = _Layout(text, [c.span.start for c in comments])

    inside: list[list[ast.Comment]] = [[] for _ in definitions]
    gaps: list[list[ast.Comment]] = [[] for _ in range(len(definitions) + 1)]
    starts = [d.span.start for d in definitions]
    for comment in comments:
        at = comment.span.start
        index = bisect.bisect_right(starts, at) - 1  # the definition starting before it
        if index >= 0:
            owner = definitions[index]
            end = owner.span.end
            if at < end or "\n" not in text[end:at]:
                inside[index].append(comment)
                continue
        gaps[index + 1].append(comment)

    out: list[str] = []
    for index, definition in enumerate(definitions):
        if index > 0:
            out.append("")
        groups = _comment_groups(gaps[index], text)
        def_line = _line_of(text, definition.span.start)
        for number, group in enumerate(groups):
            out.extend(c.text.rstrip() for c in group)
            touching = number == len(groups) - 1 and (
                _line_of(text, group[-1].span.start) + 1 == def_line
            )
            if not touching:
                out.append("")
        out.extend(_render_definition(layout, definition, inside[index], text))
    for number, group in enumerate(_comment_groups(gaps[-1], text)):
        if definitions or number > 0:
            out.append("")
        out.extend(c.text.rstrip() for c in group)
    return "\n".join(out) + "\n" if out else ""


def format_source(text: str, name: str = "<segments>") -> str:
    """Parse a segment file and return its canonical text. Raises `SegdslError` on a syntax
    error, and (E605) instead of returning text that would parse to something else."""
    module = parse_module(text, name)
    formatted = format_module(module)
    again = parse_module(formatted, name)
    if again.definitions != module.definitions:  # pragma: no cover - a formatter bug
        message = f"the formatter would change the meaning of {name}; left as it is"
        hint = "please report this with the file: it is a bug in segdsl fmt"
        raise SegdslError([Diagnostic(errors.E605, message, None, hints=(hint,))])
    return formatted


# --------------------------------------------------------------------------------------------
# Schema files: metric expressions.


@dataclass(frozen=True, slots=True)
class _MetricEdit:
    name: str
    start: int
    end: int
    replacement: str


def _yaml_candidates(canonical: str, style: str | None) -> list[str]:
    """Ways to write `canonical` as a one-line YAML scalar, the author's style first."""
    single = "'" + canonical.replace("'", "''") + "'"
    double = '"' + canonical.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "'":
        return [single, double]
    if style == '"':
        return [double, single]
    return [canonical, double, single]


def _same_tree(old: yaml.Node, new: yaml.Node, target: yaml.Node, value: str) -> bool:
    """Whether `new` is `old` with the scalar `target` now holding `value`."""
    if type(old) is not type(new):
        return False
    if old is target:
        return isinstance(new, yaml.ScalarNode) and new.value == value
    if isinstance(old, yaml.ScalarNode):
        return bool(old.tag == new.tag and old.value == new.value)
    if isinstance(old, yaml.SequenceNode):
        return len(old.value) == len(new.value) and all(
            _same_tree(a, b, target, value) for a, b in zip(old.value, new.value, strict=True)
        )
    if isinstance(old, yaml.MappingNode):
        return len(old.value) == len(new.value) and all(
            _same_tree(ka, kb, target, value) and _same_tree(va, vb, target, value)
            for (ka, va), (kb, vb) in zip(old.value, new.value, strict=True)
        )
    return True


def _compose(text: str, source: Source) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        offset = mark.index if mark is not None else 0
        problem = getattr(error, "problem", None) or getattr(error, "context", None) or error
        raise SegdslError(
            [
                Diagnostic(
                    errors.E300,
                    f"the schema is not valid YAML: {problem}",
                    Span(source, offset, offset + 1),
                )
            ]
        ) from None


def _metric_nodes(root: yaml.Node | None) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """(metric name, expression scalar) of every metric written as a scalar."""
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in root.value:
        if key.value != "metrics" or not isinstance(value, yaml.MappingNode):
            continue
        for name_node, node in value.value:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == "expr"), None)
            if isinstance(node, yaml.ScalarNode):
                yield str(name_node.value), node


def _parse_metric(name: str, node: yaml.ScalarNode, source: Source) -> ast.Expr:
    """Parse a metric's expression; errors point into the schema file."""
    quoted = node.style in ("'", '"')
    start = node.start_mark.index + (1 if quoted else 0)
    text: str = node.value
    in_file = source.text[start : start + len(text)] == text
    try:
        if in_file:
            return parse_expression_source(Source(source.name, " " * start + text))
        return parse_expression_source(Source(source.name, text))
    except SegdslError as error:
        found: list[Diagnostic] = []
        for d in error.diagnostics:
            span = d.span
            if span is not None:
                if in_file:
                    span = Span(source, span.start, span.end)
                else:
                    at = node.start_mark.index
                    span = Span(source, at, node.end_mark.index)
            message = f"in metric '{name}': {d.message}"
            found.append(dataclasses.replace(d, message=message, span=span))
        raise SegdslError(found) from None


def _metric_edits(text: str, name: str) -> tuple[list[_MetricEdit], list[str]]:
    """The rewrites that make every metric canonical, and the metrics left alone (block or
    multi-line scalars, or ones no one-line YAML scalar can hold)."""
    source = Source(name, text)
    root = _compose(text, source)
    edits: list[_MetricEdit] = []
    skipped: list[str] = []
    errors: list[Diagnostic] = []
    for metric, node in _metric_nodes(root):
        try:
            expr = _parse_metric(metric, node, source)
        except SegdslError as error:
            errors.extend(error.diagnostics)
            continue
        canonical = format_expression(expr)
        if canonical == node.value:
            continue
        if node.style not in (None, "'", '"') or node.start_mark.line != node.end_mark.line:
            skipped.append(metric)
            continue
        start, end = node.start_mark.index, node.end_mark.index
        for candidate in _yaml_candidates(canonical, node.style):
            trial = text[:start] + candidate + text[end:]
            try:
                new_root = yaml.compose(trial, Loader=yaml.SafeLoader)
            except yaml.YAMLError:
                continue
            if (
                root is not None
                and new_root is not None
                and _same_tree(root, new_root, node, canonical)
            ):
                edits.append(_MetricEdit(metric, start, end, candidate))
                break
        else:
            skipped.append(metric)
    if errors:
        raise SegdslError(errors)
    return edits, skipped


def format_schema_text(text: str, name: str = "<schema>") -> str:
    """The schema text with every metric expression in canonical form; everything else (keys,
    comments, quoting, other values) byte for byte as it was. Block scalars (`|`, `>`) and
    scalars over several lines are left alone."""
    edits, _ = _metric_edits(text, name)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def format_schema_metrics(path: str | Path, *, write: bool = False) -> list[str]:
    """Names of the metrics in a schema file whose expression text is not canonical (and that
    the formatter can rewrite safely). With `write=True` the file is rewritten atomically."""
    from segdsl.files import atomic_write_text

    file = Path(path)
    text = read_file(file)
    edits, _ = _metric_edits(text, str(file))
    if write and edits:
        atomic_write_text(file, format_schema_text(text, str(file)))
    return [e.name for e in edits]


# --------------------------------------------------------------------------------------------
# Files and folders.

_SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", "site-packages"}


def is_schema_path(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def _looks_like_schema(path: Path) -> bool:
    """A YAML file found in a folder is formatted only if it is a segdsl schema."""
    if path.stem.lower() == "schema":
        return True
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    if not isinstance(root, yaml.MappingNode):
        return False
    keys = {k.value for k, _ in root.value if isinstance(k, yaml.ScalarNode)}
    return {"entity", "metrics"} <= keys


def discover(paths: Sequence[str | Path]) -> list[Path]:
    """Files to format: files as given; in folders, every `*.seg` file and every schema YAML
    file (recursively, skipping hidden folders). Order is stable, no file twice."""
    found: list[Path] = []
    seen: set[Path] = set()

    def add(file: Path) -> None:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            found.append(file)

    for given in paths:
        path = Path(given)
        if not path.is_dir():
            add(path)
            continue
        candidates: list[Path] = []
        for file in path.rglob("*"):
            relative = file.relative_to(path).parts
            if any(part.startswith(".") or part in _SKIPPED_DIRS for part in relative[:-1]):
                continue
            if not file.is_file() or relative[-1].startswith("."):
                continue
            if file.suffix == ".seg" or (is_schema_path(file) and _looks_like_schema(file)):
                candidates.append(file)
        for file in sorted(candidates):
            add(file)
    return found


def format_path_text(path: Path | str, text: str) -> str:
    """The canonical text of a file's contents: schema YAML (metrics only) or a segment file."""
    name = str(path)
    if is_schema_path(Path(path)):
        return format_schema_text(text, name)
    return format_source(text, name)
