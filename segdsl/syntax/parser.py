"""Pass 1: text → AST. Lark LALR with the contextual lexer, its tables run by a lean loop of
this module; the builder makes AST nodes directly during parsing. Syntax errors, found again
by Lark's own parser, become located diagnostics in a marketer's words."""

from __future__ import annotations

import contextvars
import datetime as dt
import difflib
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, cast

from lark import Lark, Token
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)
from lark.parse_tree_builder import ExpandSingleChild
from lark.parsers.lalr_analysis import Shift

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError, Source, Span, close_names, did_you_mean
from segdsl.limits import current_limits
from segdsl.resources import data_text
from segdsl.syntax import ast, lexicon
from segdsl.syntax.lexicon import (
    COMMENT_PATTERN,
    COMPARE_OPS,
    ESCAPES,
    FILE_KEYWORDS,
    HEX_ESCAPE,
    KEYWORDS,
    STRING_PATTERN,
    TO_DATE,
    DurationUnit,
    parse_duration,
)

# The lexicon's functions, still importable from here.
from segdsl.syntax.lexicon import FUNCTIONS as FUNCTIONS

# What a terminal means to someone writing segments (shown in "expected …" messages).
_TERMINAL_WORDS = {
    "NAME": "a name",
    "INT": "a number",
    "DECIMAL": "a number",
    "STRING": "a string",
    "DATE": "a date",
    "TIMESTAMP": "a timestamp",
    "MONTH": "a month like 2026-03",
    "DURATION": "a duration like 30d",
    "COMPARE_OP": f"a comparison ({', '.join(COMPARE_OPS)})",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'*'",
    "SLASH": "'/'",
    "LPAR": "'('",
    "RPAR": "')'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COMMA": "','",
    "DOT": "'.'",
    "EQUAL": "'='",
    "PERCENT": "'%'",
    "$END": "the end of the input",
}
_VALUE_TERMINALS = {"NAME", "INT", "DECIMAL", "STRING", "DATE", "TIMESTAMP", "DURATION"}


# Words for the units of a duration (DURATION_UNITS of the lexicon): `30 days` is 30d.
_UNIT_WORDS: dict[str, DurationUnit] = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "h"),
    **dict.fromkeys(("d", "day", "days"), "d"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "w"),
    **dict.fromkeys(("mo", "mos", "mon", "mons", "mth", "mths", "month", "months"), "mo"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "y"),
}
# Units shorter than an hour, which durations do not have.
_SHORTER_UNIT_WORDS = ("min", "mins", "minute", "minutes", "s", "sec", "secs", "second", "seconds")
_DURATION_SPELLING = (
    "durations are written like 24h, 30d, 2w, 6mo or 1y "
    "(hours, days, weeks, calendar months, calendar years)"
)


def _is_unit(word: str) -> bool:
    return word.lower() in _UNIT_WORDS or word.lower() in _SHORTER_UNIT_WORDS


def _duration_hints(amount: str, unit: str) -> tuple[str, ...]:
    """What to write for a number and a unit word (`30days`, `30 days`)."""
    if unit.lower() in _UNIT_WORDS:
        return (f"write {amount}{_UNIT_WORDS[unit.lower()]}",)
    if unit.lower() in _SHORTER_UNIT_WORDS:
        return ("the shortest unit of a duration is the hour (h)", _DURATION_SPELLING)
    return (_DURATION_SPELLING,)


def _grammar_text() -> str:
    return data_text("grammar/segdsl.lark")


_current_source: contextvars.ContextVar[Source] = contextvars.ContextVar("segdsl_source")


class ParseFailure(Exception):
    """Raised inside the transformer for problems that only show once a token is built."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


def _token_span(token: Token) -> Span:
    start = token.start_pos or 0
    return Span(_current_source.get(), start, token.end_pos if token.end_pos is not None else start)


def _cover(first: Token | Any, last: Token | Any) -> Span:
    """The span from the start of `first` to the end of `last` (tokens or AST nodes)."""
    a = _token_span(first) if isinstance(first, Token) else first.span
    b = _token_span(last) if isinstance(last, Token) else last.span
    return Span(a.source, a.start, b.end)


_HEX_ESCAPE = re.compile(HEX_ESCAPE)
_KNOWN_ESCAPES = "known escapes: \\n \\t \\r \\\\ \\\" \\' \\uXXXX \\UXXXXXXXX"


def _hex_escape(body: str, at: int) -> tuple[int, int] | None:
    """The code point of a `\\uXXXX` or `\\UXXXXXXXX` escape at `body[at]`, and where it ends."""
    match = _HEX_ESCAPE.match(body, at + 1) if body.startswith("\\", at) else None
    if match is None:
        return None
    return int(match.group(1) or match.group(2), 16), match.end()


# A string literal's body that is its own value: no escape, lone surrogate or NUL to read.
_PLAIN_STRING_BODY = re.compile(r"[^\\\ud800-\udfff\x00]*")


def decode_string(token: Token) -> str:
    """The value of a string literal. A surrogate pair written as two `\\u` escapes (the JSON
    way) is one character; a lone surrogate, a code point past U+10FFFF and NUL are errors."""
    body = token[1:-1]
    if _PLAIN_STRING_BODY.fullmatch(body):
        return body
    span = _token_span(token)

    def failure(code: str, message: str, start: int, end: int, hint: str) -> ParseFailure:
        at = Span(span.source, span.start + 1 + start, span.start + 1 + end)
        return ParseFailure(Diagnostic(code, message, at, hints=(hint,)))

    out: list[str] = []
    i = 0
    while i < len(body):
        start = i
        if body[i] != "\\":
            char, i = body[i], i + 1
        elif body[i + 1] in ESCAPES:
            char, i = ESCAPES[body[i + 1]], i + 2
        else:
            escape = _hex_escape(body, i)
            if escape is None:
                message = f"unknown escape sequence '\\{body[i + 1]}' in a string"
                hint = f"use \\\\ for a backslash; {_KNOWN_ESCAPES}"
                raise failure(errors.E104, message, i, i + 2, hint)
            code, i = escape
            low = _hex_escape(body, i) if 0xD800 <= code < 0xDC00 else None
            if low is not None and 0xDC00 <= low[0] < 0xE000:
                code, i = 0x10000 + (code - 0xD800) * 0x400 + (low[0] - 0xDC00), low[1]
            if code > 0x10FFFF:
                message = f"'{body[start:i]}' is past U+10FFFF, the last Unicode character"
                raise failure(errors.E104, message, start, i, _KNOWN_ESCAPES)
            char = chr(code)
        if 0xD800 <= ord(char) < 0xE000:
            message = f"a lone surrogate (U+{ord(char):04X}) is not a character"
            hint = (
                "write a character outside the Basic Multilingual Plane as itself, as a "
                "surrogate pair (\\uD83D\\uDE00) or as \\U0001F600"
            )
            raise failure(errors.E104, message, start, i, hint)
        if char == "\0":
            message = "a string cannot hold the NUL character (U+0000)"
            hint = "no engine compares it reliably: PostgreSQL cannot store it, SQLite cuts at it"
            raise failure(errors.E106, message, start, i, hint)
        out.append(char)
    return "".join(out)


def _calendar_unit(token: Token) -> lexicon.CalendarUnit:
    """The calendar unit a name after `this` / `last` (or before `to date`) spells."""
    unit = lexicon.calendar_unit(str(token))
    if unit is not None:
        return unit
    units = ", ".join(lexicon.CALENDAR_UNITS)
    words = [*lexicon.CALENDAR_UNITS, *(unit + "s" for unit in lexicon.CALENDAR_UNITS)]
    close = difflib.get_close_matches(str(token), words)
    hints = (f"did you mean '{close[0]}'?",) if close else ()
    raise ParseFailure(
        Diagnostic(
            errors.E120,
            f"'{token}' is not a calendar period",
            _token_span(token),
            hints=(*hints, f"periods: {units} (or days, weeks, …); today, yesterday"),
        )
    )


def _unexpected_word(word: Token, expected: str, hint: str) -> ParseFailure:
    """A word the grammar takes as a name where a keyword of a period belongs (E120)."""
    return ParseFailure(
        Diagnostic(
            errors.E120, f"expected {expected}, found '{word}'", _token_span(word), hints=(hint,)
        )
    )


def _periods(
    relation: Literal["last", "next"], keyword: Token, count: Token, unit: Token
) -> ast.Period:
    """`last 3 weeks`, `next 7 days`: at least one period."""
    if int(count) < 1:
        raise ParseFailure(
            Diagnostic(
                errors.E121,
                f"'{relation} {count} {unit}' is no period: the number of periods is at least 1",
                _token_span(count),
                hints=(f"write {relation} 1 " + unit.removesuffix("s") + ", or leave it out",),
            )
        )
    return ast.Period(relation, _calendar_unit(unit), int(count), None, _cover(keyword, unit))


def _bad_literal(token: Token, what: str, exc: ValueError) -> ParseFailure:
    return ParseFailure(
        Diagnostic(errors.E105, f"invalid {what} '{token}': {exc}", _token_span(token))
    )


# Written with a letter: a double quote needs no escape for ', NUL is written \u0000 (and refused
# when read back, with its own message).
_SHORT_ESCAPES = {char: "\\" + letter for letter, char in ESCAPES.items() if char not in "'\0"}


def _written(char: str) -> str:
    """`char` inside a double-quoted literal: control characters and line and paragraph
    separators as escapes (a file never holds them raw), everything else as itself."""
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
        return f"\\u{ord(char):04x}"
    return char


def encode_string(value: str) -> str:
    """A double-quoted literal that reads back as `value` (used by the formatter and REPL)."""
    return '"' + "".join(_written(char) for char in value) + '"'


class _Builder:
    """Builds AST nodes; called by the LALR parser as rules reduce (through `_Reductions`), one
    method per rule with the rule's children as arguments. Spans run from the first to the last
    child, so rules keep their delimiting tokens (parentheses, leading keywords)."""

    def module(self, *defs: ast.Definition) -> tuple[ast.Definition, ...]:
        return defs

    def single_expr(self, expr: ast.Expr) -> ast.Expr:
        return expr

    def segment_def(self, keyword: Token, name: Token, *rest: Any) -> ast.SegmentDef:
        description = decode_string(rest[0]) if rest[0] is not None else None
        body: ast.Expr = rest[-1]
        return ast.SegmentDef(
            str(name), description, body, _token_span(name), _cover(keyword, body)
        )

    def partition_def(self, keyword: Token, name: Token, *rest: Any) -> ast.PartitionDef:
        description_token, *arms, otherwise = rest
        description = decode_string(description_token) if description_token is not None else None
        return ast.PartitionDef(
            str(name),
            description,
            tuple(arms),
            decode_string(otherwise),
            _token_span(name),
            _token_span(otherwise),
            _cover(keyword, otherwise),
        )

    def partition_arm(self, label: Token, condition: ast.Expr) -> ast.PartitionArm:
        return ast.PartitionArm(
            decode_string(label), condition, _token_span(label), _cover(label, condition)
        )

    def or_expr(self, *operands: ast.Expr) -> ast.BoolOp:
        return ast.BoolOp("or", operands, _cover(operands[0], operands[-1]))

    def and_expr(self, *operands: ast.Expr) -> ast.BoolOp:
        return ast.BoolOp("and", operands, _cover(operands[0], operands[-1]))

    def not_(self, keyword: Token, operand: ast.Expr) -> ast.Not:
        return ast.Not(operand, _cover(keyword, operand))

    def compare(self, left: ast.Expr, op: Token, right: ast.Expr) -> ast.Compare:
        return ast.Compare(cast(ast.CompareOp, str(op)), left, right, _cover(left, right))

    def in_(self, operand: ast.Expr, collection: ast.Expr) -> ast.In:
        return ast.In(operand, collection, False, _cover(operand, collection))

    def not_in(self, operand: ast.Expr, _not: Token, collection: ast.Expr) -> ast.In:
        return ast.In(operand, collection, True, _cover(operand, collection))

    def between(self, operand: ast.Expr, low: ast.Expr, high: ast.Expr) -> ast.Between:
        return ast.Between(operand, low, high, False, _cover(operand, high))

    def not_between(
        self, operand: ast.Expr, _not: Token, low: ast.Expr, high: ast.Expr
    ) -> ast.Between:
        return ast.Between(operand, low, high, True, _cover(operand, high))

    def is_missing(self, operand: ast.Expr, keyword: Token) -> ast.IsMissing:
        return ast.IsMissing(operand, False, _cover(operand, keyword))

    def is_present(self, operand: ast.Expr, keyword: Token) -> ast.IsMissing:
        return ast.IsMissing(operand, True, _cover(operand, keyword))

    def contains(self, operand: ast.Expr, pattern: ast.Expr) -> ast.StringMatch:
        return ast.StringMatch("contains", operand, pattern, _cover(operand, pattern))

    def starts_with(self, operand: ast.Expr, pattern: ast.Expr) -> ast.StringMatch:
        return ast.StringMatch("starts with", operand, pattern, _cover(operand, pattern))

    def ends_with(self, operand: ast.Expr, pattern: ast.Expr) -> ast.StringMatch:
        return ast.StringMatch("ends with", operand, pattern, _cover(operand, pattern))

    def top_percent(self, keyword: Token, percent: ast.Expr, key: ast.Expr) -> ast.TopPercent:
        return ast.TopPercent("top", percent, key, _cover(keyword, key))

    def bottom_percent(self, keyword: Token, percent: ast.Expr, key: ast.Expr) -> ast.TopPercent:
        return ast.TopPercent("bottom", percent, key, _cover(keyword, key))

    def percentage(self, number: ast.Expr, sign: Token) -> ast.Percentage:
        return ast.Percentage(number, _cover(number, sign))

    # -- calendar periods ------------------------------------------------------------------

    def in_period(self, operand: ast.Expr, period: ast.Period) -> ast.InPeriod:
        return ast.InPeriod(operand, period, False, _cover(operand, period))

    def not_in_period(self, operand: ast.Expr, _not: Token, period: ast.Period) -> ast.InPeriod:
        return ast.InPeriod(operand, period, True, _cover(operand, period))

    def this_period(self, keyword: Token, unit: Token) -> ast.Period:
        return ast.Period("this", _calendar_unit(unit), None, None, _cover(keyword, unit))

    def last_period(self, keyword: Token, unit: Token) -> ast.Period:
        return ast.Period("last", _calendar_unit(unit), None, None, _cover(keyword, unit))

    def last_periods(self, keyword: Token, count: Token, unit: Token) -> ast.Period:
        return _periods("last", keyword, count, unit)

    def next_period(self, keyword: Token, unit: Token) -> ast.Period:
        return ast.Period("next", _calendar_unit(unit), None, None, _cover(keyword, unit))

    def next_periods(self, keyword: Token, count: Token, unit: Token) -> ast.Period:
        return _periods("next", keyword, count, unit)

    def to_date(self, unit: Token, word: Token) -> ast.Period:
        if str(word) != TO_DATE:
            raise _unexpected_word(
                word,
                f"'{TO_DATE}' after '{unit} to'",
                f"a period up to today is written {unit} to date",
            )
        return ast.Period("to date", _calendar_unit(unit), None, None, _cover(unit, word))

    def today(self, keyword: Token) -> ast.Period:
        return ast.Period("this", "day", None, None, _token_span(keyword))

    def yesterday(self, keyword: Token) -> ast.Period:
        return ast.Period("last", "day", None, None, _token_span(keyword))

    def named_month(self, token: Token) -> ast.Period:
        year, month = (int(part) for part in str(token).split("-"))
        try:
            start = dt.date(year, month, 1)
        except ValueError as exc:
            raise _bad_literal(token, "month", exc) from None
        return ast.Period("named", "month", None, start, _token_span(token))

    # -- regular activity ------------------------------------------------------------------

    def regular(
        self, left: ast.Expr, op: Token, right: ast.Expr, times: Token, periods: ast.RegularPeriods
    ) -> ast.Regular:
        condition = self.compare(left, op, right)
        return ast.Regular(
            condition, int(times), periods, _token_span(times), _cover(left, periods)
        )

    def calendar_periods(self, keyword: Token, count: Token, unit: Token) -> ast.RegularPeriods:
        return ast.RegularPeriods(int(count), _calendar_unit(unit), None, _cover(keyword, unit))

    def rolling_periods(
        self, keyword: Token, count: Token, word: Token, length: Token
    ) -> ast.RegularPeriods:
        if str(word).removesuffix("s") != lexicon.ROLLING_PERIODS.removesuffix("s"):
            raise _unexpected_word(
                word,
                f"'{lexicon.ROLLING_PERIODS}' before 'of {length}'",
                f"rolling periods are written last {count} periods of {length}",
            )
        duration = self.duration_lit(length)
        return ast.RegularPeriods(int(count), None, duration, _cover(keyword, length))

    # -- sequences -------------------------------------------------------------------------

    def first_events(self, stream: Token, where: ast.Expr) -> ast.Events:
        return ast.Events(str(stream), where, _token_span(stream), _cover(stream, where))

    def sequence(
        self,
        first: ast.Events,
        no: Token | None,
        then: Token,
        then_where: ast.Expr | None,
        window: ast.DurationLit,
        without: Token | None,
        without_where: ast.Expr | None,
    ) -> ast.Sequence:
        between = None if without is None else _events(without, without_where)
        last = between if between is not None else window
        return ast.Sequence(
            first,
            _events(then, then_where),
            no is not None,
            window,
            between,
            _cover(first, last),
        )

    def open_sequence(
        self,
        first: ast.Events,
        no: Token | None,
        then: Token,
        then_where: ast.Expr | None,
        since: Token,
    ) -> ast.Sequence:
        events = _events(then, then_where)
        return ast.Sequence(first, events, no is not None, None, None, _cover(first, since))

    def arith(self, left: ast.Expr, op: Token, right: ast.Expr) -> ast.Arith:
        return ast.Arith(cast(ast.ArithOp, str(op)), left, right, _cover(left, right))

    def negate(self, minus: Token, operand: ast.Expr) -> ast.Expr:
        span = _cover(minus, operand)
        # Fold `-5` into a literal so that formatting and constant reasoning see a number.
        if isinstance(operand, ast.IntLit):
            return ast.IntLit(-operand.value, span)
        if isinstance(operand, ast.DecimalLit):
            return ast.DecimalLit(-operand.value, span)
        return ast.Negate(operand, span)

    def int_lit(self, token: Token) -> ast.IntLit:
        return ast.IntLit(int(token), _token_span(token))

    def decimal_lit(self, token: Token) -> ast.DecimalLit:
        return ast.DecimalLit(Decimal(str(token)), _token_span(token))

    def string_lit(self, token: Token) -> ast.StringLit:
        return ast.StringLit(decode_string(token), _token_span(token))

    def true_lit(self, token: Token) -> ast.BoolLit:
        return ast.BoolLit(True, _token_span(token))

    def false_lit(self, token: Token) -> ast.BoolLit:
        return ast.BoolLit(False, _token_span(token))

    def now_lit(self, token: Token) -> ast.NowLit:
        return ast.NowLit(_token_span(token))

    def distinct(self, keyword: Token, operand: ast.Expr) -> ast.Distinct:
        return ast.Distinct(operand, _cover(keyword, operand))

    def date_lit(self, token: Token) -> ast.DateLit:
        try:
            return ast.DateLit(dt.date.fromisoformat(str(token)), _token_span(token))
        except ValueError as exc:
            raise _bad_literal(token, "date", exc) from None

    def timestamp_lit(self, token: Token) -> ast.TimestampLit:
        text = str(token).removesuffix("Z")
        try:
            return ast.TimestampLit(dt.datetime.fromisoformat(text), _token_span(token))
        except ValueError as exc:
            raise _bad_literal(token, "timestamp", exc) from None

    def duration_lit(self, token: Token) -> ast.DurationLit:
        duration = parse_duration(str(token))
        assert duration is not None  # the DURATION terminal guarantees the shape
        return ast.DurationLit(*duration, _token_span(token))

    def bad_duration(self, token: Token) -> ast.Expr:
        unit = str(token).lstrip("0123456789")
        amount = str(token).removesuffix(unit)
        raise ParseFailure(
            Diagnostic(
                errors.E103,
                f"unknown duration unit '{unit}' in '{token}'",
                _token_span(token),
                hints=_duration_hints(amount, unit),
            )
        )

    def name(self, token: Token) -> ast.Name:
        return ast.Name(str(token), _token_span(token))

    def field_of(self, stream: Token, name: Token) -> ast.FieldOf:
        return ast.FieldOf(str(stream), str(name), _token_span(stream), _cover(stream, name))

    def call(self, func: Token, _lpar: Token, args: Any, rpar: Token) -> ast.Call:
        exprs, where = args if args is not None else ((), None)
        return ast.Call(str(func), exprs, where, _token_span(func), _cover(func, rpar))

    def call_args(self, *items: Any) -> tuple[tuple[ast.Expr, ...], Any]:
        if len(items) == 1 and isinstance(items[0], ast.Events):
            # `count(orders where …)`: read as the first events of a sequence are.
            (events,) = items
            return (ast.Name(events.stream, events.stream_span),), events.where
        *exprs, where = items
        # The commas between arguments are kept tokens (the rule keeps tokens for its spans).
        return tuple(e for e in exprs if e is not None and not isinstance(e, Token)), where

    def group(self, lpar: Token, inner: ast.Expr, rpar: Token) -> ast.Group:
        return ast.Group(inner, _cover(lpar, rpar))

    def list_lit(self, lsqb: Token, *rest: Any) -> ast.ListLit:
        *items, rsqb = rest
        exprs = tuple(i for i in items if i is not None and not isinstance(i, Token))
        return ast.ListLit(exprs, _cover(lsqb, rsqb))


def _events(stream: Token, where: ast.Expr | None) -> ast.Events:
    span = _token_span(stream) if where is None else _cover(stream, where)
    return ast.Events(str(stream), where, _token_span(stream), span)


class _Reductions:
    """What Lark calls as a rule reduces: the `_Builder` method of the rule applied to its
    children. One call per reduction, where a Lark `Transformer` with `v_args(inline=True)`
    makes four; a rule without a method (none reaches the AST) raises AttributeError, on which
    Lark builds a tree."""

    def __init__(self, builder: _Builder) -> None:
        self.builder = builder

    def __getattr__(self, rule: str) -> Callable[[list[Any]], Any]:
        method = getattr(self.builder, rule)
        return lambda children: method(*children)


def _lark(start: str, **options: Any) -> Lark:
    """The LALR parser for `start`; its tables are cached on disk by Lark (`cache=True`)."""
    return Lark(
        _grammar_text(),
        parser="lalr",
        lexer="contextual",
        start=start,
        maybe_placeholders=True,
        cache=True,
        **options,
    )


@functools.cache
def _parser(start: str) -> Lark:
    # No positions for Lark's trees: the builder makes spans from the tokens' own.
    return _lark(start, transformer=_Reductions(_Builder()), propagate_positions=False)


class _Unparsable(Exception):
    """The lean parser met a syntax error: Lark's parser, run again, reports it."""


# A reduction of the lean parser: the rule's number of children, its callback (None for a rule
# that passes its one child on) and its nonterminal. Before a token it shifts to a state (an int)
# or reduces.
_Reduce = tuple[int, Callable[[list[Any]], Any] | None, str]
_Lexer = tuple[Callable[[str, int], re.Match[str] | None], dict[str, Callable[[Token], Token]]]
# Lark's constructor of a token, without its check for a deprecated keyword argument.
_new_token: Callable[[str, str, int, None, None, None, None, int], Token] = Token._future_new


def _reduction(rule: Any, callback: Callable[[list[Any]], Any]) -> _Reduce:
    size = len(rule.expansion)
    # A rule of one child that Lark reduces to the child (`?rule`): only the state changes (the
    # chains from a condition down to a value).
    passes_child = size == 1 and type(callback) is ExpandSingleChild
    return size, None if passes_child else callback, rule.origin.name


class _Lexers(dict[int, _Lexer]):
    """Per parser state, its contextual lexer: the terminals the state takes (in Lark's order of
    preference) as one pattern, and the callbacks that retype a token. Each is made the first
    time a parse reaches its state, as Lark makes its own. What the grammar ignores (blanks,
    comments) begins with characters no token begins with: it is skipped in the same match,
    ahead of the token."""

    def __init__(self, lark: Lark) -> None:
        super().__init__()
        self.lark_lexers = lark.parser.lexer.lexers
        self.conf = lark.lexer_conf
        # As Lark's lexer skips it, each blank or comment as long as it goes: an atomic group,
        # which never gives back a character of a comment for a token to match.
        ignored = (
            self.conf.terminals_by_name[name].pattern.to_regexp() for name in self.conf.ignore
        )
        self.skipped = f"(?>(?:{'|'.join(ignored)})*)"
        # Whether the text after the last token is only what the grammar ignores.
        self.skip_all = re.compile(self.skipped, self.conf.g_regex_flags).fullmatch
        self.by_lark_lexer: dict[int, _Lexer] = {}

    def __missing__(self, state: int) -> _Lexer:
        lexer = self.lark_lexers[state]
        if id(lexer) not in self.by_lark_lexer:
            terminals = [t for t in lexer.scanner.terminals if t.name not in self.conf.ignore]
            tokens = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)
            pattern = re.compile(f"{self.skipped}(?:{tokens})", self.conf.g_regex_flags)
            self.by_lark_lexer[id(lexer)] = (pattern.match, lexer.callback)
        self[state] = self.by_lark_lexer[id(lexer)]
        return self[state]


class _LeanParser:
    """The tables of Lark's LALR parser and of its contextual lexer, run by a loop that does
    only what a correct input needs: Lark's own loop also keeps lines and columns (nothing
    reads them), matches blanks and comments as tokens of their own, looks each rule up in a
    dictionary whose keys hash and compare in Python, and calls a function for each rule that
    only passes its one child on. It makes the same tokens and calls the same reductions in the
    same order, so the result and any `ParseFailure` are Lark's; at a syntax error it gives up
    (`_Unparsable`) and `_parse` lets Lark parse the text again to report the error with its
    parser's state."""

    def __init__(self, lark: Lark, start: str) -> None:
        parser = lark.parser.parser.parser
        table = parser.parse_table
        reductions: dict[Any, _Reduce] = {}
        # Per state: what to do before each terminal, and the state after each nonterminal.
        self.actions: dict[int, dict[str, int | _Reduce]] = {}
        self.gotos: dict[int, dict[str, int]] = {}
        for state, actions in table.states.items():
            self.actions[state], self.gotos[state] = {}, {}
            for symbol, (action, arg) in actions.items():
                if action is not Shift:
                    if arg not in reductions:
                        reductions[arg] = _reduction(arg, parser.callbacks[arg])
                    self.actions[state][symbol] = reductions[arg]
                elif symbol.isupper():  # a terminal (Lark names terminals in capitals)
                    self.actions[state][symbol] = arg
                else:
                    self.gotos[state][symbol] = arg
        self.start_state = table.start_states[start]
        self.end_state = table.end_states[start]
        # Where a chain of rules that pass their child on ends: (the state below the child, the
        # child's state, the next terminal) -> the child's state after them.
        self.passed: dict[tuple[int, int, str], int] = {}
        self.lexers = _Lexers(lark)

    def parse(self, text: str) -> Any:
        actions, gotos, lexers, passed = self.actions, self.gotos, self.lexers, self.passed
        states = [self.start_state]
        values: list[Any] = []
        pos = 0
        while True:
            match, callbacks = lexers[states[-1]]
            found = match(text, pos)
            token: Token | None
            if found is not None:
                kind: str = found.lastgroup  # type: ignore[assignment]  # the token's group
                start, pos = found.span(kind)
                token = _new_token(kind, found.group(kind), start, None, None, None, None, pos)
                if kind in callbacks:
                    token = callbacks[kind](token)
                    kind = token.type
            elif lexers.skip_all(text, pos):
                token, kind = None, "$END"
            else:
                raise _Unparsable  # a character no token of this state begins with
            while True:
                action = actions[states[-1]].get(kind)
                if action is None:
                    raise _Unparsable
                if isinstance(action, int):
                    if token is None:
                        raise _Unparsable  # Lark refuses to shift the end of the input
                    states.append(action)
                    values.append(token)
                    break
                size, callback, origin = action
                if callback is None:
                    chain = (states[-2], states[-1], kind)
                    if chain not in passed:
                        passed[chain] = self._pass_on(*chain)
                    states[-1] = passed[chain]
                else:
                    children = values[-size:] if size else []
                    del states[len(states) - size :], values[len(values) - size :]
                    states.append(gotos[states[-1]][origin])
                    values.append(callback(children))
                if token is None and states[-1] == self.end_state:
                    return values[-1]

    def _pass_on(self, below: int, state: int, terminal: str) -> int:
        """The state after the rules that pass a child on reduce, from `state` above `below`,
        before a `terminal` (one rule at least: as many as the table says)."""
        while True:
            action = self.actions[state].get(terminal)
            if isinstance(action, int) or action is None or action[1] is not None:
                return state
            state = self.gotos[below][action[2]]
            if terminal == "$END" and state == self.end_state:
                return state


@functools.cache
def _lean_parser(start: str) -> _LeanParser:
    return _LeanParser(_parser(start), start)


@functools.cache
def interactive_parser(start: str = "single_expr") -> Lark:
    """The same parser without the AST builder, for the language service's completion: fed the
    tokens before the cursor (`parse_interactive(text)`), it tells what it `accepts()` next."""
    return _lark(start, propagate_positions=True)


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "the end of the input"
    if token.type.startswith("_") or str(token) in KEYWORDS:
        return f"the keyword '{token}'"
    return f"'{token}'"


_OPERAND_STARTS = {"TRUE", "FALSE", "NOW", "BAD_DURATION", "LPAR", "LSQB", "MINUS", "NOT", "TOP"}
_OPERAND_STARTS |= {"BOTTOM", "DISTINCT", "LAST"}
_OPERATORS = {"COMPARE_OP", "PLUS", "MINUS", "STAR", "SLASH", "_AND", "_OR", "_IN", "_BETWEEN"}
_OPERATORS |= {"_IS", "_CONTAINS", "_STARTS", "_ENDS", "NOT", "DOT", "LPAR", "PERCENT"}


_PERIOD_STARTS = {"THIS", "LAST", "NEXT", "TODAY", "YESTERDAY", "MONTH"}


def _describe_expected(expected: set[str]) -> str:
    words: list[str] = []
    # `last` also starts a call (`last(orders.category)`): the other words tell a period.
    if expected & (_PERIOD_STARTS - {"LAST"}):
        words.append("a calendar period (this month, last 3 weeks, today, 2026-03, …)")
        expected = expected - _PERIOD_STARTS
    if expected & _VALUE_TERMINALS:
        words.append("a condition or value (a name, number, string, date or duration)")
        expected = expected - _VALUE_TERMINALS - _OPERAND_STARTS
    if len(expected & _OPERATORS) >= 3:
        words.append("an operator (and, or, =, <, in, is missing, …)")
        expected = expected - _OPERATORS
    for term in sorted(expected, key=lambda t: (t != "$END", t)):
        if term.lstrip("_").lower() in KEYWORDS:
            word = f"'{term.lstrip('_').lower()}'"
        else:
            word = _TERMINAL_WORDS.get(term, term.lower())
        if word not in words:
            words.append(word)
    if not words:
        return "something else"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


_FILE_KEYWORD = re.compile(rf"({'|'.join(FILE_KEYWORDS)})\b")


def _syntax_diagnostic(error: UnexpectedInput, source: Source) -> Diagnostic:
    if isinstance(error, UnexpectedCharacters):
        start = error.pos_in_stream or 0
        char = source.text[start] if start < len(source.text) else ""
        # A segment file's keyword in a lone expression: name it as a keyword anyway.
        word = _FILE_KEYWORD.match(source.text, start)
        if word is not None:
            wanted = _describe_expected(set(error.allowed or ()))
            return Diagnostic(
                errors.E102,
                f"expected {wanted}, found the keyword '{word.group()}'",
                Span(source, start, word.end()),
            )
        hints: tuple[str, ...] = ()
        if char == "&":
            hints = ("write 'and' instead of '&&'",)
        elif char == "|":
            hints = ("write 'or' instead of '||'",)
        elif char == "!":
            hints = ("write 'not' or '!='",)
        elif char == "`":
            hints = ("strings are quoted with \" or '",)
        elif char in "\"'":
            return Diagnostic(
                errors.E107,
                f"this string is not closed: add the closing {char} on the same line",
                Span(source, start, start + 1),
            )
        return Diagnostic(
            errors.E101,
            f"unexpected character '{char}'",
            Span(source, start, start + 1),
            hints=hints,
        )
    if isinstance(error, UnexpectedToken):
        return _unexpected_token(error, source)
    assert isinstance(error, UnexpectedEOF)
    end = len(source.text.rstrip())
    return Diagnostic(
        errors.E102,
        f"unexpected end of input; expected {_describe_expected(set(error.expected))}",
        Span(source, end, end),
    )


def _unexpected_token(error: UnexpectedToken, source: Source) -> Diagnostic:
    token = error.token
    expected = set(error.accepts or error.expected)
    start = token.start_pos if token.start_pos is not None else len(source.text)
    end = token.end_pos if token.end_pos is not None else start
    if token.type == "$END":
        start = end = len(source.text.rstrip())
    # What the parser holds: the values of the constructs it is inside of, and the tokens it
    # took but could not combine yet (the one before the error among them).
    stack: list[Any] = error.interactive_parser.parser_state.value_stack
    previous = stack[-1] if stack and isinstance(stack[-1], Token) else None
    if (
        previous is not None
        and previous.type == "INT"
        and token.type == "NAME"
        and _is_unit(str(token))
    ):
        return Diagnostic(
            errors.E103,
            f"'{previous} {token}' is not a duration: write the number and its unit together",
            Span(source, _start(previous), end),
            hints=_duration_hints(str(previous), str(token)),
        )
    if token.type == "INT" and "DURATION" in expected and "INT" not in expected:
        # `within 24 hours`: a window is a duration.
        return Diagnostic(
            errors.E103,
            f"expected a duration like 24h, found the number {token}",
            Span(source, start, end),
            hints=(_DURATION_SPELLING,),
        )
    hints: tuple[str, ...] = ()
    if str(token) in ("==",) or (token.type == "COMPARE_OP" and "COMPARE_OP" not in expected):
        hints = ("one comparison per condition: join conditions with 'and' / 'or'",)
    elif token.type == "NAME" and str(token).lower() in KEYWORDS:
        hints = (f"keywords are lower case: write '{str(token).lower()}'",)
    else:
        hint = (
            _ranking_hint(source, stack, token, expected)
            or _parenthesised_list_hint(source, stack, token)
            or _definition_hint(source, token, expected)
            or _keyword_typo_hint(source, error, previous)
        )
        if hint is not None:
            hints = (hint,)
        elif token.type == "NAME" and "COMPARE_OP" in expected:
            hints = ("join conditions with 'and' or 'or'",)
    return Diagnostic(
        errors.E102,
        f"expected {_describe_expected(expected)}, found {_describe_token(token)}",
        Span(source, start, max(end, start + 1) if token.type != "$END" else end),
        hints=hints,
    )


def _start(token: Token) -> int:
    return token.start_pos or 0


def _end(token: Token) -> int:
    return token.end_pos or 0


def _tokens_of(stack: list[Any], *types: str) -> list[tuple[int, Token]]:
    """The tokens of these types on the parser's stack, with their places on it."""
    return [(i, v) for i, v in enumerate(stack) if isinstance(v, Token) and v.type in types]


def _ranking_hint(source: Source, stack: list[Any], token: Token, expected: set[str]) -> str | None:
    """`top 10 by total_spent`: a ranking takes a percentage."""
    rankings = _tokens_of(stack, "TOP", "BOTTOM")
    # `%` is also expected after a value a percentage is made of (`split("a") < 10%`).
    if token.type != "_BY" or "PERCENT" not in expected or not rankings:
        return None
    _, keyword = rankings[-1]
    amount = source.text[_end(keyword) : _start(token)].strip()
    key = _RANKING_KEY.match(source.text, _end(token))
    shown = key.group(1) if key is not None else "…"
    return f"a ranking takes a percentage of the customers: {keyword} {amount}% by {shown}"


# The key of a ranking when it is a plain name (not a call or a stream's field), to show it.
_RANKING_KEY = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*[.(])")


def _parenthesised_list_hint(source: Source, stack: list[Any], token: Token) -> str | None:
    """`country in ("DE", "FR")`: a list is written in square brackets."""
    brackets = _tokens_of(stack, "LPAR", "RPAR", "LSQB", "RSQB")
    if token.type != "COMMA" or not brackets or brackets[-1][1].type != "LPAR":
        return None
    at, lpar = brackets[-1]
    # `in (` or `not in (`, after the operand.
    keywords = [v for v in stack[max(0, at - 2) : at] if isinstance(v, Token)]
    if [k.type for k in keywords] not in (["_IN"], ["NOT", "_IN"]):
        return None
    operand = stack[at - 1 - len(keywords)] if at > len(keywords) else None
    shown = f"{operand.name} " if isinstance(operand, ast.Name) else ""
    shown += source.text[_start(keywords[0]) : _end(keywords[-1])]
    rpar = _closing_parenthesis(source.text, _end(lpar))
    items = source.text[_end(lpar) : rpar].strip() if rpar is not None else "…"
    return f"a list is written in square brackets: {shown} [{items}]"


_STRING_OR_PARENTHESIS = re.compile(rf"{STRING_PATTERN}|[()\n]")


def _closing_parenthesis(text: str, start: int) -> int | None:
    """The offset of the `)` that closes a `(` ending at `start`, on the same line; strings
    hold no parenthesis."""
    depth = 1
    for match in _STRING_OR_PARENTHESIS.finditer(text, start):
        depth += {"(": 1, ")": -1}.get(match.group(), 0)
        if match.group() == "\n":
            return None
        if depth == 0:
            return match.start()
    return None


# What follows the name of a definition written without `segment`: `vip = …`, `vip: …`,
# `vip "VIPs" = …`; and the start of a partition's first arm.
_DEFINITION_REST = re.compile(
    rf"[ \t]*(?P<description>{STRING_PATTERN})?[ \t]*(?P<sign>:=|=|:)[ \t]*(?P<body>[^\n]*)"
)
_FIRST_ARM = re.compile(rf"(?:{STRING_PATTERN})\s+when\b")


def _definition_hint(source: Source, token: Token, expected: set[str]) -> str | None:
    """`vip = purchases >= 2` or `vip: …` where a definition may start: `segment` is missing.
    An indented `name = …` is more likely a condition that continues the one above."""
    if token.type != "NAME" or "SEGMENT" not in expected:
        return None
    rest = _DEFINITION_REST.match(source.text, _end(token))
    if rest is None:
        return None
    at_line_start = source.text.rfind("\n", 0, _start(token)) + 1 == _start(token)
    if rest["sign"] == "=" and not at_line_start:
        return None
    body = rest["body"].strip() or "…"
    keyword = "partition" if _FIRST_ARM.match(body) else "segment"
    description = f" {rest['description']}" if rest["description"] else ""
    return f"start the line with '{keyword}': {keyword} {token}{description} = {body}"


# Blanks and comments up to the next token.
_NEXT_TOKEN = re.compile(r"(?:\s|#[^\n]*)*")


def _keyword_typo_hint(
    source: Source, error: UnexpectedToken, previous: Token | None
) -> str | None:
    """`adn`, `ro`, `nad`: a name one typo away from a keyword, at the error or just before
    it. A keyword is suggested only if with it the parse gets past the error and the token after
    it (or to the end of the line), and only the keywords that get it furthest."""
    token = error.token
    if token.type == "$END":
        return None
    past = _NEXT_TOKEN.match(source.text, _end(token))
    assert past is not None  # the pattern matches the empty string
    line_end = source.text.find("\n", past.end())
    if line_end < 0:
        line_end = len(source.text)
    typos = [t for t in (token, previous) if t is not None and t.type == "NAME"]
    reached: list[tuple[int, Token, str]] = []
    expected = set(error.accepts or error.expected)
    for typo in typos:
        # In place of the token at the error, only a keyword the parser takes there can be meant.
        pool = [k for k in KEYWORDS if typo is not token or _keyword_terminals().get(k) in expected]
        for keyword in close_names(str(typo), pool):
            offset = _reach_with(error, typo, keyword, line_end)
            if offset > past.end() or offset == line_end:
                reached.append((offset, typo, keyword))
    if not reached:
        return None
    furthest = max(offset for offset, _, _ in reached)
    typo = next(typo for offset, typo, _ in reached if offset == furthest)
    keywords = [k for offset, t, k in reached if offset == furthest and t is typo]
    (hint,) = did_you_mean(str(typo), keywords)
    return hint if typo is token else f"'{typo}' is read as a name: {hint}"


def _reach_with(error: UnexpectedToken, typo: Token, keyword: str, line_end: int) -> int:
    """How far the parse gets, up to `line_end`, with `keyword` in place of `typo`: the token
    at the error, or the one the parser took just before it (which it then gives back)."""
    # The values on the stack are immutable: a shallow copy of it is a separate parser.
    parser = error.interactive_parser.copy(deepcopy_values=False)  # type: ignore[no-untyped-call]
    if typo is not error.token:
        parser.parser_state.state_stack.pop()
        parser.parser_state.value_stack.pop()
    try:
        parser.feed_token(Token.new_borrow_pos(_keyword_terminals()[keyword], keyword, typo))
        if typo is not error.token:
            parser.feed_token(error.token)
        for token in parser.iter_parse():
            if _start(token) >= line_end:
                break
    except UnexpectedToken as later:
        return _start(later.token)
    except UnexpectedCharacters as later:
        return later.pos_in_stream or 0
    except ParseFailure as later:
        # A literal that is wrong in itself (a date, an escape): the syntax got that far.
        return cast(Span, later.diagnostic.span).start
    return line_end


@functools.cache
def _keyword_terminals() -> dict[str, str]:
    """The terminal of grammar/segdsl.lark of each keyword (`and` is `_AND`)."""
    names = [terminal.name for terminal in _parser("module").terminals]
    return {
        name.lstrip("_").lower(): name for name in names if name.lstrip("_").lower() in KEYWORDS
    }


_LIMITS_HINT = "raise `{name}` under [limits] in segdsl.toml (see Limits in docs/language.md)"


def _limit_error(code: str, message: str, span: Span, name: str, *hints: str) -> SegdslError:
    return SegdslError(
        [Diagnostic(code, message, span, hints=(*hints, _LIMITS_HINT.format(name=name)))]
    )


def check_size(source: Source) -> None:
    """Refuse an input larger than the limit before parsing it: parsing and checking time grow
    with its size."""
    limit = current_limits().source_size
    if len(source.text) > limit:
        raise _limit_error(
            errors.E110,
            f"this input is longer than {limit:,} characters, the limit",
            Span(source, limit, limit + 1),
            "source_size",
            "split it into several files",
        )


def check_shape(roots: Iterable[ast.Expr]) -> None:
    """Refuse expressions nested deeper than the limit, or with lists longer than it. Every
    later pass recurses over the tree, so this walk is the one that must not: it keeps its own
    stack."""
    limits = current_limits()
    stack = [(root, 1) for root in reversed(list(roots))]
    while stack:
        node, depth = stack.pop()
        if depth > limits.depth:
            raise _limit_error(
                errors.E111,
                f"this expression nests deeper than {limits.depth} levels, the limit",
                node.span,
                "depth",
                "every parenthesis, operator and function call is a level: a long chain "
                "a + b + c + … nests one level per operator",
            )
        if isinstance(node, ast.ListLit) and len(node.items) > limits.list_items:
            raise _limit_error(
                errors.E112,
                f"this list has more than {limits.list_items:,} items, the limit",
                node.items[limits.list_items].span,
                "list_items",
                "put long lists in a named set of the schema, or in a table of the database",
            )
        below = [*ast.children(node)]
        if below:
            below.reverse()
            stack += zip(below, itertools.repeat(depth + 1))


def _parse(source: Source, start: str) -> Any:
    check_size(source)
    token = _current_source.set(source)
    try:
        try:
            return _lean_parser(start).parse(source.text)
        except _Unparsable:
            return _parser(start).parse(source.text)
    except UnexpectedInput as error:
        raise SegdslError([_syntax_diagnostic(error, source)]) from None
    except ParseFailure as failure:
        raise SegdslError([failure.diagnostic]) from None
    finally:
        _current_source.reset(token)


def normalize_line_ends(text: str) -> str:
    """`text` with every line end written as `\\n`. A line end is `\\n`, `\\r\\n` or a lone `\\r`
    (what Python's universal newlines read): the one idea of a line end of every segdsl tool."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_file(path: Path) -> str:
    """A file's exact text (UTF-8, line ends as stored), or an E600 error."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "not found" if isinstance(error, FileNotFoundError) else str(error)
        raise SegdslError(
            [Diagnostic(errors.E600, f"cannot read {path}: {reason}", None)]
        ) from None


def read_source(path: Path) -> str:
    """A segment file's text as every tool reads it: UTF-8, line ends as `\\n`."""
    return normalize_line_ends(read_file(path))


def parse_expression(text: str, name: str = "<expr>") -> ast.Expr:
    """Parse one condition or value expression. Raises `SegdslError` on a syntax error."""
    return parse_expression_source(Source(name, normalize_line_ends(text)))


def parse_module(text: str, name: str = "<segments>") -> ast.Module:
    """Parse a segment file: named segments and partitions, with `#` comments. Spans point into
    the text with its line ends as `\\n` (`module.source.text`)."""
    source = Source(name, normalize_line_ends(text))
    definitions = cast(tuple[ast.Definition, ...], _parse(source, "module"))
    check_definition_count(definitions)
    check_shape(e for d in definitions for e in ast.definition_exprs(d))
    return ast.Module(definitions, tuple(_comments(source)), source)


def check_definition_count(definitions: Sequence[ast.Definition]) -> None:
    """Refuse a file with more definitions than the limit."""
    limit = current_limits().definitions
    if len(definitions) > limit:
        raise _limit_error(
            errors.E113,
            f"this file defines more than {limit:,} segments and partitions, the limit",
            definitions[limit].name_span,
            "definitions",
            "split it into several files",
        )


def parse_expression_source(source: Source) -> ast.Expr:
    expr = cast(ast.Expr, _parse(source, "single_expr"))
    check_shape([expr])
    return expr


# A string or a comment, whichever starts first: a `#` inside a string starts no comment.
_STRING_OR_COMMENT = re.compile(f"{STRING_PATTERN}|(?P<comment>{COMMENT_PATTERN})")


def _comments(source: Source) -> list[ast.Comment]:
    """`#` comments outside strings (the formatter keeps them)."""
    return [
        ast.Comment(found.group(), Span(source, found.start(), found.end()))
        for found in _STRING_OR_COMMENT.finditer(source.text)
        if found["comment"] is not None
    ]
