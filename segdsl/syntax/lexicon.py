"""The words and lexical rules of segdsl, each written once: keywords, functions and aggregates,
duration units, operators, and how names, numbers, dates, durations, strings and comments are
written. The parser, checker, compiler, planner, linter, formatter, highlighter and REPL read them
here. grammar/segdsl.lark is a text file that cannot read them: tests/syntax/test_lexicon.py
proves that its keywords and terminals are these."""

from __future__ import annotations

import re
from typing import Literal, TypeAlias, cast, get_args

# --------------------------------------------------------------------------------------------
# Keywords (reserved: no name is spelt like one).

DEFINITION_KEYWORDS = ("segment", "partition")
"""The keywords a definition starts with: a statement starting with one defines something."""

FILE_KEYWORDS = (*DEFINITION_KEYWORDS, "when", "otherwise")
"""Keywords of segment files only: no tokens of a lone expression."""

CONSTANTS = ("true", "false", "now")

BEHAVIOUR_KEYWORDS = ("distinct",)
"""`count(distinct orders.category)`: the number of distinct values (docs/semantics.md,
"Distinct counts")."""
SEQUENCE_KEYWORDS = ("then", "no", "within", "without", "since")
"""The words of sequences: `web where type = "add_to_cart" then no orders within 24h`,
`… then orders within 7d without email where type = "unsubscribe"`, `… then no orders since`
(docs/semantics.md, "Sequences")."""
PERIOD_KEYWORDS = ("this", "last", "next", "today", "yesterday", "to")
"""The words of calendar periods: `in this month`, `in last 3 weeks`, `in next 7 days`, `in
today`, `in year to date` (docs/semantics.md, "Calendar periods")."""
REGULAR_KEYWORDS = ("of",)
"""`count(orders) >= 1 in 3 of last 4 weeks`: a count condition in some of the last periods
(docs/semantics.md, "Regular activity")."""

KEYWORDS = (
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
    *CONSTANTS,
    "top",
    "bottom",
    "by",
    *BEHAVIOUR_KEYWORDS,
    *SEQUENCE_KEYWORDS,
    *PERIOD_KEYWORDS,
    *REGULAR_KEYWORDS,
)

# --------------------------------------------------------------------------------------------
# Functions. The aggregates take one customer's events (`count(orders)`, `max(orders.amount)`)
# or all customers (`avg(total_spent)`, `count(customers where …)`); what they return over no
# rows is ir.EMPTY_VALUE (segdsl/semantics/ir.py).

Aggregate: TypeAlias = Literal["count", "sum", "avg", "min", "max"]
AGGREGATES: tuple[Aggregate, ...] = get_args(Aggregate)

TextFunction: TypeAlias = Literal["lower", "upper", "length"]
"""The functions of a string."""
ScalarFunction: TypeAlias = Literal[TextFunction, "abs"]
SCALAR_FUNCTIONS: tuple[ScalarFunction, ...] = get_args(ScalarFunction)
TEXT_FUNCTIONS: tuple[TextFunction, ...] = get_args(TextFunction)

EventAggregate: TypeAlias = Literal["first", "last", "most_frequent", "active_days"]
"""Aggregates over one customer's events only: the value of a field at the first or last event,
its most frequent value, and the number of days with events (docs/semantics.md, "Value traits"
and "Distinct counts")."""
EVENT_AGGREGATES: tuple[EventAggregate, ...] = get_args(EventAggregate)
ValueTrait: TypeAlias = Literal["first", "last", "most_frequent"]
"""The event aggregates whose value is one of the field's values."""
VALUE_TRAITS: tuple[ValueTrait, ...] = get_args(ValueTrait)

STREAM_AGGREGATES: tuple[str, ...] = (*AGGREGATES, *EVENT_AGGREGATES)
"""The functions that aggregate a customer's events (`count(orders where …)`)."""

SPLIT = "split"
"""`split("spring24") < 10%`: the customer's place in a deterministic random split of all
customers, from a salt and the customer's key (docs/semantics.md, "Random splits")."""

DatePart: TypeAlias = Literal["month", "day", "weekday", "hour"]
"""The functions reading a part of a local date or time (docs/semantics.md, "Date parts")."""
DATE_PARTS: tuple[DatePart, ...] = get_args(DatePart)

ANNIVERSARY = "anniversary"
"""`anniversary(birth_date) in next 7 days`: a day with the month and day of a date in a later
year, asked of a calendar period only (docs/semantics.md, "Anniversaries")."""

FUNCTIONS: tuple[str, ...] = (
    *AGGREGATES,
    *EVENT_AGGREGATES,
    *SCALAR_FUNCTIONS,
    SPLIT,
    *DATE_PARTS,
    ANNIVERSARY,
)

# --------------------------------------------------------------------------------------------
# Operators.

CompareOp: TypeAlias = Literal["=", "!=", "<", "<=", ">", ">="]
COMPARE_OPS: tuple[CompareOp, ...] = get_args(CompareOp)
OrderOp: TypeAlias = Literal["<", "<=", ">", ">="]
"""The comparisons that order (an age is compared with these only)."""

MIRROR: dict[CompareOp, CompareOp] = {
    "<": ">",
    "<=": ">=",
    ">": "<",
    ">=": "<=",
    "=": "=",
    "!=": "!=",
}
"""`a op b` holds exactly when `b MIRROR[op] a` does: the operator with its sides swapped."""

ArithOp: TypeAlias = Literal["+", "-", "*", "/"]
ARITH_OPS: tuple[ArithOp, ...] = get_args(ArithOp)

# --------------------------------------------------------------------------------------------
# Durations: `24h`, `30d`, `2w` have a fixed length; `6mo` and `1y` are calendar months.

DurationUnit: TypeAlias = Literal["h", "d", "w", "mo", "y"]
DURATION_UNITS: tuple[DurationUnit, ...] = get_args(DurationUnit)

SECONDS_PER_UNIT: dict[DurationUnit, int] = {"h": 3600, "d": 86400, "w": 604800}
"""The units of a fixed length."""

MONTHS_PER_UNIT: dict[DurationUnit, int] = {"mo": 1, "y": 12}
"""The calendar units: whole months, which have no fixed length."""

DURATION_PATTERN = r"\d+(" + "|".join(DURATION_UNITS) + ")"


def parse_duration(text: str) -> tuple[int, DurationUnit] | None:
    """`30d` as (30, "d"), read as the grammar reads a duration; None for anything else."""
    match = re.fullmatch(DURATION_PATTERN, text)
    if match is None:
        return None
    return int(text[: match.start(1)]), cast(DurationUnit, match.group(1))


# --------------------------------------------------------------------------------------------
# Calendar periods: the unit after `this`, `last` and `last N` or before `to date` is a name
# (so that `month` and `year` stay usable as names elsewhere), singular or plural.

CalendarUnit: TypeAlias = Literal["day", "week", "month", "quarter", "year"]
CALENDAR_UNITS: tuple[CalendarUnit, ...] = get_args(CalendarUnit)
TO_DATE = "date"
"""The word after `to` in `year to date`."""


ROLLING_PERIODS = "periods"
"""The word of rolling periods: `in 3 of last 4 periods of 7d` (singular after 1)."""
MOST_REGULAR_PERIODS = 366
"""The most periods regular activity looks at (a year of days): each is a column of SQL."""


def calendar_unit(word: str) -> CalendarUnit | None:
    """`month` or `months` as the unit "month"; None for any other word."""
    singular = word.removesuffix("s")
    return singular if singular in CALENDAR_UNITS else None


def unit_words(unit: CalendarUnit, count: int | None) -> str:
    """The unit as written after a number of periods: `1 month`, `3 months`."""
    return unit if count in (None, 1) else unit + "s"


# --------------------------------------------------------------------------------------------
# Names, numbers, dates.

IDENTIFIER_PATTERN = r"[A-Za-z_][A-Za-z0-9_]*"
NAME_PATTERN = rf"(?!({'|'.join(KEYWORDS)})\b){IDENTIFIER_PATTERN}"
"""An identifier that is not a keyword."""

INT_PATTERN = r"\d+"
DECIMAL_PATTERN = r"\d+\.\d+"
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
TIMESTAMP_PATTERN = DATE_PATTERN + r"[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?Z?"
MONTH_PATTERN = r"\d{4}-\d{2}(?![-\d])"
"""A named month, `2026-03`: only after `in` (elsewhere `2026-03` is a subtraction)."""

# --------------------------------------------------------------------------------------------
# Strings, comments, whitespace. A line end is \n, \r\n or a lone \r
# (segdsl.syntax.parser.normalize_line_ends): neither a string nor a comment runs past one. These
# patterns hold the line-end characters themselves, as Lark's patterns of the grammar do.

LINE_END_CHARACTERS = "\r\n"
QUOTES = ('"', "'")
STRING_PATTERNS = {
    quote: f"{quote}(?:[^{quote}\\\\{LINE_END_CHARACTERS}]|\\\\[^{LINE_END_CHARACTERS}])*{quote}"
    for quote in QUOTES
}
"""A string between each kind of quote; a backslash escapes the character after it."""
STRING_PATTERN = "|".join(STRING_PATTERNS.values())

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}
"""The character each `\\x` escape of a string stands for."""
HEX_ESCAPE = r"u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})"
"""A code point after the backslash: `\\uXXXX` or `\\UXXXXXXXX`."""

COMMENT_START = "#"
COMMENT_PATTERN = f"{COMMENT_START}[^{LINE_END_CHARACTERS}]*"
WHITESPACE_PATTERN = "(?:[ \t\f\r\n])+"

_OPEN_STRING = f"(?P<open>[{''.join(QUOTES)}][^{LINE_END_CHARACTERS}]*)"
_LEXEMES = re.compile(f"{STRING_PATTERN}|{COMMENT_PATTERN}|{_OPEN_STRING}")


def open_string(text: str) -> int | None:
    """Where the string `text` ends inside begins (a quote not closed before the end), or None
    when `text` does not end inside a string: quotes in comments and escaped ones count as the
    lexer counts them."""
    for lexeme in _LEXEMES.finditer(text):
        if lexeme.group("open") is not None and lexeme.end() == len(text):
            return lexeme.start()
    return None
