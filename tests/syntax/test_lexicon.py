"""The lexicon (segdsl/syntax/lexicon.py) is the one statement of segdsl's words and lexical
rules. grammar/segdsl.lark, the Pygments lexer and REPL completion cannot all import it as
such; these tests prove they say the same."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from lark import Lark
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Token

import segdsl
from segdsl.repl.completion import SegdslCompleter
from segdsl.repl.session import ReplSession
from segdsl.resources import data_text
from segdsl.runtime.analytics import parse_step
from segdsl.semantics.schema import parse_schema
from segdsl.syntax import ast, lexicon
from segdsl.syntax.highlight import SegdslLexer
from segdsl.syntax.parser import parse_expression

ROOT = Path(__file__).parents[2]
SCHEMA_TEXT = (ROOT / "examples/shop/schema.yaml").read_text(encoding="utf-8")
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")

# The grammar as Lark reads it; the basic lexer gives every token, comments and whitespace too.
GRAMMAR = Lark(data_text("grammar/segdsl.lark"), parser="lalr", lexer="basic", start="module")
TERMINALS = {terminal.name: terminal.pattern for terminal in GRAMMAR.terminals}


def _strings_matching(pattern: str, alphabet: str, longest: int) -> set[str]:
    """Every string over `alphabet` of at most `longest` characters that `pattern` matches."""
    candidates = (
        "".join(letters)
        for length in range(1, longest + 1)
        for letters in itertools.product(alphabet, repeat=length)
    )
    return {text for text in candidates if re.fullmatch(pattern, text)}


# -- the grammar ---------------------------------------------------------------------------------


def test_the_grammar_reserves_exactly_the_keywords() -> None:
    keyword_terminals = {
        name: match.group(1)
        for name, pattern in TERMINALS.items()
        if (match := re.fullmatch(r"([a-z]+)\\b", pattern.to_regexp()))
    }
    assert sorted(keyword_terminals.values()) == sorted(lexicon.KEYWORDS)
    # The parser names a keyword in its messages by its terminal's name.
    assert all(name.lstrip("_").lower() == word for name, word in keyword_terminals.items())


@pytest.mark.parametrize(
    ("terminal", "pattern"),
    [
        ("NAME", lexicon.NAME_PATTERN),
        ("STRING", lexicon.STRING_PATTERN),
        ("COMMENT", lexicon.COMMENT_PATTERN),
        ("WS", lexicon.WHITESPACE_PATTERN),
        ("DURATION", lexicon.DURATION_PATTERN + r"\b"),
        ("DATE", lexicon.DATE_PATTERN),
        ("TIMESTAMP", lexicon.TIMESTAMP_PATTERN),
        ("MONTH", lexicon.MONTH_PATTERN),
        ("DECIMAL", lexicon.DECIMAL_PATTERN),
        ("INT", lexicon.INT_PATTERN),
    ],
)
def test_a_terminal_of_the_grammar_is_the_lexicon_s(terminal: str, pattern: str) -> None:
    assert TERMINALS[terminal].to_regexp() == pattern


def test_the_grammar_has_the_lexicon_s_operators() -> None:
    compare = TERMINALS["COMPARE_OP"].to_regexp()
    assert _strings_matching(compare, "<>=!", 3) == set(lexicon.COMPARE_OPS)
    arithmetic = {TERMINALS[name].value for name in ("PLUS", "MINUS", "STAR", "SLASH")}
    assert arithmetic == set(lexicon.ARITH_OPS)


def test_every_unit_is_a_duration_of_the_grammar() -> None:
    for unit in lexicon.DURATION_UNITS:
        written = parse_expression(f"12{unit}")
        assert isinstance(written, ast.DurationLit)
        assert (written.amount, written.unit) == (12, unit)


@pytest.mark.parametrize("unit", lexicon.CALENDAR_UNITS)
def test_every_calendar_unit_is_a_period_of_the_grammar(unit: str) -> None:
    for text, count in [(f"this {unit}", None), (f"last {unit}", None), (f"last 3 {unit}s", 3)]:
        written = parse_expression(f"signup_at in {text}")
        assert isinstance(written, ast.InPeriod)
        assert (written.period.unit, written.period.count) == (unit, count)
        assert written.period.written in (text, "today", "yesterday")
    to_date = parse_expression(f"signup_at in {unit} to {lexicon.TO_DATE}")
    assert isinstance(to_date, ast.InPeriod) and to_date.period.relation == "to date"


def test_the_mirror_swaps_the_sides_of_a_comparison() -> None:
    # `a < b` is `b > a`: the mirror turns the angle round and keeps the rest.
    assert set(lexicon.MIRROR) == set(lexicon.COMPARE_OPS)
    for op in lexicon.COMPARE_OPS:
        assert lexicon.MIRROR[op] == op.translate(str.maketrans("<>", "><"))


# -- durations: one reading for conditions, `--every` and report.conversion.within ------------

DURATION_SAMPLES = ["30d", "2w", "6mo", "1y", "24h", "01d", "0d", "3m", "d", "1.5d", "²d", "5 d"]


@pytest.mark.parametrize("text", DURATION_SAMPLES)
def test_every_reader_of_a_duration_reads_it_as_the_grammar(text: str) -> None:
    try:
        written = parse_expression(text)
    except segdsl.SegdslError:
        written = None
    duration = lexicon.parse_duration(text)
    assert (written is not None and isinstance(written, ast.DurationLit)) == (duration is not None)
    if isinstance(written, ast.DurationLit):
        assert (written.amount, written.unit) == duration
    positive = duration is not None and duration[0] > 0
    try:
        step = parse_step(text)
    except segdsl.SegdslError:
        step = None
    assert (step is not None) == positive
    if step is not None:
        assert (step.amount, step.unit) == duration
    report = SCHEMA_TEXT.replace("within: 7d", f"within: '{text}'")
    try:
        within = parse_schema(report, "<schema>").report.within
    except segdsl.SegdslError:
        within = None
    assert (within == text) == positive


# -- the Pygments lexer --------------------------------------------------------------------------

# What a token is, to the grammar (by terminal) and to the highlighter (by token type).
_KINDS = {
    "STRING": "string",
    "COMMENT": "comment",
    "DURATION": "literal",
    "DATE": "literal",
    "TIMESTAMP": "literal",
    "MONTH": "literal",
    "INT": "number",
    "DECIMAL": "number",
    "NAME": "name",
    "COMPARE_OP": "operator",
    "EQUAL": "operator",
    "PERCENT": "operator",
    **{name: "operator" for name in ("PLUS", "MINUS", "STAR", "SLASH")},
    **{name: "punctuation" for name in ("LPAR", "RPAR", "LSQB", "RSQB", "COMMA", "DOT")},
}
_HIGHLIGHTED = [
    (String, "string"),
    (Comment, "comment"),
    (Number.Other, "literal"),
    (Number, "number"),
    (Keyword, "keyword"),
    (Name, "name"),
    (Operator, "operator"),
    (Punctuation, "punctuation"),
]

SOURCES = [
    'segment a "it\'s # not a comment" = count(orders where amount >= 2.5) <= 3 # "open',
    "segment b = last_order < 6mo or created_at != 2024-01-01 10:00 and x = 'a\\'b' + 1",
    'partition p = "x\\"y" when not country in ["DE", "FR"] otherwise "z" # it\'s',
    'segment c = top 5% by total_spent and email.ts > now - 24h and lower(name) contains "#"',
    "segment d = 2024-02-29T10:00:00.5Z - 1y between 1w and 2w and abs(-3) * 4 / 2 is missing",
    "segment e = t in last 3 months and t not in 2026-03 or t in year to date and hour(t) > 2",
    "segment f = birth_date in today or signup_at in yesterday or month(t) in [1, 12]",
]


def _grammar_tokens(text: str) -> list[tuple[str, str]]:
    tokens = GRAMMAR.lex(text, dont_ignore=True)
    return [
        (_KINDS.get(token.type, "keyword"), str(token)) for token in tokens if token.type != "WS"
    ]


def _highlighted_tokens(text: str) -> list[tuple[str, str]]:
    out = []
    for kind, value in SegdslLexer().get_tokens(text):
        if kind in Token.Text:
            assert not value.strip(), f"{value!r} is not highlighted"
            continue
        out.append((next(name for parent, name in _HIGHLIGHTED if kind in parent), value))
    return out


@pytest.mark.parametrize("text", SOURCES)
def test_the_highlighter_reads_tokens_as_the_grammar(text: str) -> None:
    assert _highlighted_tokens(text) == _grammar_tokens(text)


def test_the_highlighter_knows_every_keyword_and_function() -> None:
    for keyword in lexicon.KEYWORDS:
        ((kind, _),) = [t for t in SegdslLexer().get_tokens(keyword) if t[1].strip()]
        assert kind in (Keyword.Constant if keyword in lexicon.CONSTANTS else Keyword)
    for keyword in lexicon.DEFINITION_KEYWORDS:
        assert (Keyword.Declaration, keyword) in SegdslLexer().get_tokens(f"{keyword} x = 1")
    for function in lexicon.FUNCTIONS:
        assert (Name.Builtin, function) in SegdslLexer().get_tokens(f"{function}(x)")


# -- completion ----------------------------------------------------------------------------------


def _completions(text: str) -> dict[str, str]:
    completer = SegdslCompleter(ReplSession(SCHEMA, None))
    found = completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
    return {c.text: c.display_meta_text for c in found}


def test_completion_offers_every_keyword_and_function() -> None:
    """Each keyword where the grammar takes it (completion offers only those), every function
    where a value starts."""
    where_the_grammar_takes_them = [
        "",  # not, top, bottom, true, false, now
        "purchases ",  # and, or, in, between, is, contains, starts, ends, not
        "purchases is ",  # missing, present
        "signup_at in ",  # this, last, today, yesterday
        "signup_at in year ",  # to
        "email starts ",  # with
        "count(orders ",  # where
        "count(d",  # distinct
        "top 10% ",  # by
        "purchases >= 1 in 3 ",  # of
        'web where type = "view" ',  # then
        'web where type = "view" then ',  # no
        'web where type = "view" then no orders ',  # within, since
        'web where type = "view" then orders within 1d ',  # without
        "segment a = true ",  # segment, partition
        'partition p = "a" ',  # when
        'partition p = "a" when true ',  # otherwise
    ]
    keywords = {
        word
        for text in where_the_grammar_takes_them
        for word, meta in _completions(text).items()
        if meta == "keyword"
    }
    assert keywords == set(lexicon.KEYWORDS)
    offered = _completions("")
    assert {f for f in lexicon.FUNCTIONS if offered.get(f) == "function"} == set(lexicon.FUNCTIONS)


def test_completion_offers_the_calendar_periods_and_units() -> None:
    offered = _completions("signup_at in ")
    assert {"this", "last", "today", "yesterday", "year to date"} <= set(offered)
    assert "this" not in _completions("country in ")
    assert set(_completions("signup_at in this ")) == set(lexicon.CALENDAR_UNITS)
    assert set(_completions("signup_at not in last 3 mo")) == {"months"}


@pytest.mark.parametrize("aggregate", lexicon.AGGREGATES)
def test_completion_offers_the_event_streams_inside_every_aggregate(aggregate: str) -> None:
    assert set(_completions(f"{aggregate}(")) == set(SCHEMA.events)


# -- open strings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ('gender = "fe', 9),
        ("gender = 'fe", 9),
        ('name = "a\\"b', 7),  # an escaped quote does not close the string
        ('"a" and "b', 8),
        ('x = 1 # "a comment', None),
        ('x = "it\'s"', None),
        ('name = "a\nand x', None),  # a string ends at the line end: the text is past it
        ('"a\\\\" and "', 10),
    ],
)
def test_open_string(text: str, start: int | None) -> None:
    assert lexicon.open_string(text) == start
