"""Pass 1: text → AST. Lark LALR with the contextual lexer; the transformer builds AST nodes
directly during parsing. Syntax errors become located diagnostics in a marketer's words."""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from . import ast, errors
from .diagnostics import Diagnostic, SegdslError, Source, Span
from .limits import current_limits
from .resources import data_text

# Keywords of segment files only: no tokens of a lone expression.
FILE_KEYWORDS = ("segment", "partition", "when", "otherwise")

KEYWORDS = [
    *FILE_KEYWORDS,
    "and",
    "or",
    "not",
    "in",
    "between",
    "is",
    "missing",
    "present",
    "contains",
    "starts",
    "ends",
    "with",
    "where",
    "true",
    "false",
    "now",
    "top",
    "bottom",
    "by",
]

FUNCTIONS = ("count", "sum", "avg", "min", "max", "lower", "upper", "length", "abs")

# What a terminal means to someone writing segments (shown in "expected …" messages).
_TERMINAL_WORDS = {
    "NAME": "a name",
    "INT": "a number",
    "DECIMAL": "a number",
    "STRING": "a string",
    "DATE": "a date",
    "TIMESTAMP": "a timestamp",
    "DURATION": "a duration like 30d",
    "COMPARE_OP": "a comparison (=, !=, <, <=, >, >=)",
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
_NUMBER_TERMINALS = {"INT", "DECIMAL"}


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


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}
_HEX_ESCAPE = re.compile(r"u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})")
_KNOWN_ESCAPES = "known escapes: \\n \\t \\r \\\\ \\\" \\' \\uXXXX \\UXXXXXXXX"


def _hex_escape(body: str, at: int) -> tuple[int, int] | None:
    """The code point of a `\\uXXXX` or `\\UXXXXXXXX` escape at `body[at]`, and where it ends."""
    match = _HEX_ESCAPE.match(body, at + 1) if body.startswith("\\", at) else None
    if match is None:
        return None
    return int(match.group(1) or match.group(2), 16), match.end()


def decode_string(token: Token) -> str:
    """The value of a string literal. A surrogate pair written as two `\\u` escapes (the JSON
    way) is one character; a lone surrogate, a code point past U+10FFFF and NUL are errors."""
    body = token[1:-1]
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
        elif body[i + 1] in _ESCAPES:
            char, i = _ESCAPES[body[i + 1]], i + 2
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


def _bad_literal(token: Token, what: str, exc: ValueError) -> ParseFailure:
    return ParseFailure(
        Diagnostic(errors.E105, f"invalid {what} '{token}': {exc}", _token_span(token))
    )


_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


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


@v_args(inline=True)
class _Builder(Transformer[Token, Any]):
    """Builds AST nodes; called by the LALR parser as rules reduce. Spans run from the first to
    the last child, so rules keep their delimiting tokens (parentheses, leading keywords)."""

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
        match = re.fullmatch(r"(\d+)(mo|h|d|w|y)", str(token))
        assert match is not None  # the DURATION terminal guarantees the shape
        unit = cast(ast.DurationUnit, match.group(2))
        return ast.DurationLit(int(match.group(1)), unit, _token_span(token))

    def bad_duration(self, token: Token) -> ast.Expr:
        unit = re.sub(r"^\d+", "", str(token))
        raise ParseFailure(
            Diagnostic(
                errors.E103,
                f"unknown duration unit '{unit}' in '{token}'",
                _token_span(token),
                hints=(
                    "durations are written like 24h, 30d, 2w, 6mo or 1y "
                    "(hours, days, weeks, calendar months, calendar years)",
                ),
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
        *exprs, where = items
        # The commas between arguments are kept tokens (the rule keeps tokens for its spans).
        return tuple(e for e in exprs if e is not None and not isinstance(e, Token)), where

    def group(self, lpar: Token, inner: ast.Expr, rpar: Token) -> ast.Group:
        return ast.Group(inner, _cover(lpar, rpar))

    def list_lit(self, lsqb: Token, *rest: Any) -> ast.ListLit:
        *items, rsqb = rest
        exprs = tuple(i for i in items if i is not None and not isinstance(i, Token))
        return ast.ListLit(exprs, _cover(lsqb, rsqb))


def _lark(start: str, **options: Any) -> Lark:
    """The LALR parser for `start`; its tables are cached on disk by Lark (`cache=True`)."""
    return Lark(
        _grammar_text(),
        parser="lalr",
        lexer="contextual",
        start=start,
        propagate_positions=True,
        maybe_placeholders=True,
        cache=True,
        **options,
    )


@functools.cache
def _parser(start: str) -> Lark:
    return _lark(start, transformer=_Builder())


@functools.cache
def interactive_parser(start: str = "single_expr") -> Lark:
    """A parser without the AST builder, for completion (`parse_interactive(...).accepts()`)."""
    return _lark(start)


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "the end of the input"
    if token.type.startswith("_") or str(token) in KEYWORDS:
        return f"the keyword '{token}'"
    return f"'{token}'"


_OPERAND_STARTS = {"TRUE", "FALSE", "NOW", "BAD_DURATION", "LPAR", "LSQB", "MINUS", "NOT", "TOP"}
_OPERAND_STARTS |= {"BOTTOM"}
_OPERATORS = {"COMPARE_OP", "PLUS", "MINUS", "STAR", "SLASH", "_AND", "_OR", "_IN", "_BETWEEN"}
_OPERATORS |= {"_IS", "_CONTAINS", "_STARTS", "_ENDS", "NOT", "DOT", "LPAR", "PERCENT"}


def _describe_expected(expected: set[str]) -> str:
    words: list[str] = []
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
        token = error.token
        expected = set(error.accepts or error.expected)
        start = token.start_pos if token.start_pos is not None else len(source.text)
        end = token.end_pos if token.end_pos is not None else start
        if token.type == "$END":
            start = end = len(source.text.rstrip())
        hints = ()
        if str(token) in ("==",) or (token.type == "COMPARE_OP" and "COMPARE_OP" not in expected):
            hints = ("one comparison per condition: join conditions with 'and' / 'or'",)
        elif token.type == "NAME" and str(token).lower() in KEYWORDS:
            hints = (f"keywords are lower case: write '{str(token).lower()}'",)
        elif token.type == "NAME" and "COMPARE_OP" in expected:
            hints = ("join conditions with 'and' or 'or'",)
        return Diagnostic(
            errors.E102,
            f"expected {_describe_expected(expected)}, found {_describe_token(token)}",
            Span(source, start, max(end, start + 1) if token.type != "$END" else end),
            hints=hints,
        )
    assert isinstance(error, UnexpectedEOF)
    end = len(source.text.rstrip())
    return Diagnostic(
        errors.E102,
        f"unexpected end of input; expected {_describe_expected(set(error.expected))}",
        Span(source, end, end),
    )


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
        stack.extend((child, depth + 1) for child in reversed(list(ast.children(node))))


def _parse(source: Source, start: str) -> Any:
    check_size(source)
    token = _current_source.set(source)
    try:
        return _parser(start).parse(source.text)
    except UnexpectedInput as error:
        raise SegdslError([_syntax_diagnostic(error, source)]) from None
    except VisitError as error:
        if isinstance(error.orig_exc, ParseFailure):
            raise SegdslError([error.orig_exc.diagnostic]) from None
        raise
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
    limit = current_limits().definitions
    if len(definitions) > limit:
        raise _limit_error(
            errors.E113,
            f"this file defines more than {limit:,} segments and partitions, the limit",
            definitions[limit].name_span,
            "definitions",
            "split it into several files",
        )
    check_shape(e for d in definitions for e in ast.definition_exprs(d))
    return ast.Module(definitions, tuple(_comments(source)), source)


def parse_expression_source(source: Source) -> ast.Expr:
    expr = cast(ast.Expr, _parse(source, "single_expr"))
    check_shape([expr])
    return expr


@functools.cache
def terminal_pattern(name: str) -> re.Pattern[str]:
    """A terminal of grammar/segdsl.lark as a regular expression, for scanners that must read
    text exactly as the lexer does."""
    (terminal,) = (t for t in _parser("module").terminals if t.name == name)
    return re.compile(terminal.pattern.to_regexp())


def _comments(source: Source) -> list[ast.Comment]:
    """`#` comments outside strings (the formatter keeps them)."""
    found: list[ast.Comment] = []
    pos = 0
    text = source.text
    while pos < len(text):
        string = terminal_pattern("STRING").search(text, pos)
        comment = terminal_pattern("COMMENT").search(text, pos)
        if comment is None:
            break
        if string is not None and string.start() < comment.start():
            pos = string.end()
            continue
        found.append(ast.Comment(comment.group(), Span(source, comment.start(), comment.end())))
        pos = comment.end()
    return found
