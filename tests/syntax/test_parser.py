"""Pass 1, text → AST (segdsl.syntax): literals, precedence, aggregates, segment files, source
spans, immutability of the tree, and syntax errors as located diagnostics."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import segdsl
from segdsl.cli import main
from segdsl.diagnostics import Diagnostic, SegdslError, Severity, Source, Span
from segdsl.syntax import ast
from segdsl.syntax.parser import (
    KEYWORDS,
    encode_string,
    parse_expression,
    parse_module,
    read_file,
    read_source,
)
from tests.support.backends import EXECUTED, Backend, dataset_from_rows
from tests.support.generators import conditions
from tests.support.shop_fixture import AS_OF

_BUILT = Span(Source("<built>", ""), 0, 0)
SHOP_SCHEMA = Path(__file__).parents[2] / "examples/shop/schema.yaml"


class _Builder:
    """`A.Compare(">", l, r)`: an AST node with placeholder spans, for expected trees (spans do
    not take part in equality)."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        cls = getattr(ast, name)
        spans = sum(1 for f in dataclasses.fields(cls) if not f.compare and f.name != "source")

        def build(*args: Any) -> Any:
            return cls(*args, *[_BUILT] * spans)

        return build


A = _Builder()
N = A.Name
I = A.IntLit  # noqa: E741
S = A.StringLit


def D(amount: int, unit: ast.DurationUnit) -> Any:
    return A.DurationLit(amount, unit)


def And(*operands: ast.Expr) -> Any:
    return A.BoolOp("and", operands)


def Or(*operands: ast.Expr) -> Any:
    return A.BoolOp("or", operands)


def syntax_error(text: str, *, module: bool = False) -> Diagnostic:
    """The single diagnostic of a text that must not parse."""
    with pytest.raises(SegdslError) as info:
        if module:
            parse_module(text, "f.seg")
        else:
            parse_expression(text)
    assert len(info.value.diagnostics) == 1
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.span is not None
    assert diagnostic.span.source.text == text
    return diagnostic


def subnodes(node: object) -> Iterator[object]:
    """Every AST node below (and including) `node`."""
    if isinstance(node, tuple):
        for item in node:
            yield from subnodes(item)
        return
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return
    if not hasattr(node, "span"):
        return
    yield node
    for field in dataclasses.fields(node):
        yield from subnodes(getattr(node, field.name))


# -- literals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", I(0)),
        ("2", I(2)),
        ("007", I(7)),
        ("-5", I(-5)),
        ("- 5", I(-5)),
        ("99999999999999999999999", I(99999999999999999999999)),
        ("100.50", A.DecimalLit(Decimal("100.50"))),
        ("-1.5", A.DecimalLit(Decimal("-1.5"))),
        ("true", A.BoolLit(True)),
        ("false", A.BoolLit(False)),
        ("now", A.NowLit()),
    ],
)
def test_scalar_literals(text: str, expected: ast.Expr) -> None:
    node = parse_expression(text)
    assert node == expected
    assert type(node) is type(expected)
    if hasattr(expected, "value"):
        # BoolLit(True) == BoolLit(1) as dataclasses: the Python type must match too.
        assert type(node.value) is type(expected.value)  # type: ignore[union-attr]
    assert node.span.text == text.strip()


def test_decimal_keeps_its_exact_digits() -> None:
    node = parse_expression("100.50")
    assert isinstance(node, ast.DecimalLit)
    assert str(node.value) == "100.50"  # not a float, not normalised
    assert isinstance(node.value, Decimal)


def test_negative_literal_is_folded_but_negated_name_is_not() -> None:
    assert parse_expression("x - 5") == A.Arith("-", N("x"), I(5))
    assert parse_expression("5 - -5") == A.Arith("-", I(5), I(-5))
    assert parse_expression("-x") == A.Negate(N("x"))
    assert parse_expression("- -5") == I(5)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('"shoes"', "shoes"),
        ("'PL'", "PL"),
        ('""', ""),
        ('"line\\n"', "line\n"),
        ('"a\\tb\\rc"', "a\tb\rc"),
        ('"back\\\\slash"', "back\\slash"),
        ('"say \\"hi\\""', 'say "hi"'),
        ("'it\\'s'", "it's"),
        ("'say \"hi\"'", 'say "hi"'),
        ('"it\'s"', "it's"),
        ('"caf\\u00e9 \\u00C9"', "café É"),
        ('"# not a comment"', "# not a comment"),
        ('"żółw ☃"', "żółw ☃"),
        ('"\\ud83d\\ude00"', "😀"),  # a surrogate pair, the JSON way: one character
        ("'\\uD83D\\uDE00!'", "😀!"),
        ('"\\U0001F600"', "😀"),
        ('"\\U0010ffff\\U00000041"', "\U0010ffffA"),
        ('"\\u00411"', "A1"),
        ('"\u2028\x85\v\f"', "\u2028\x85\v\f"),  # raw: no line end for segdsl
    ],
)
def test_string_literals_and_escapes(text: str, value: str) -> None:
    assert parse_expression(text) == S(value)


@pytest.mark.parametrize(
    ("text", "code", "span_text", "message"),
    [
        ('x = "\\ud83d"', "E104", "\\ud83d", "lone surrogate (U+D83D)"),
        ('x = "a\\ude00b"', "E104", "\\ude00", "lone surrogate (U+DE00)"),
        ('x = "\\ud83d\\u0041"', "E104", "\\ud83d", "lone surrogate"),
        ('x = "\\ud83d\\ud83d\\ude00"', "E104", "\\ud83d", "lone surrogate"),
        ('x = "\\U0000D800"', "E104", "\\U0000D800", "lone surrogate"),
        ('x = "\ud800"', "E104", "\ud800", "lone surrogate"),  # from the library API
        ('x = "\\U00110000"', "E104", "\\U00110000", "past U+10FFFF"),
        ('x = "\\U0001F60"', "E104", "\\U", "unknown escape sequence '\\U'"),
        ('x = "a\\0b"', "E106", "\\0", "cannot hold the NUL character"),
        ('x = "a\\u0000"', "E106", "\\u0000", "cannot hold the NUL character"),
        ('x = "\\U00000000"', "E106", "\\U00000000", "cannot hold the NUL character"),
        ('x = "raw \0"', "E106", "\0", "cannot hold the NUL character"),
    ],
)
def test_strings_segdsl_cannot_hold_are_located_errors(
    text: str, code: str, span_text: str, message: str
) -> None:
    diagnostic = syntax_error(text)
    assert diagnostic.code == code
    assert diagnostic.span is not None and diagnostic.span.text == span_text
    assert message in diagnostic.message
    assert diagnostic.hints


def test_check_rejects_a_nul_character_with_its_location(tmp_path: Path) -> None:
    file = tmp_path / "a.seg"
    file.write_text('segment a =\n    email = "x\\0"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(file), "--schema", str(SHOP_SCHEMA)])
    assert result.exit_code != 0
    assert f"{file}:2:15: error[E106]: a string cannot hold the NUL character" in result.output


def _control_and_separator_characters() -> list[str]:
    return [
        chr(code)
        for code in range(0x110000)
        if unicodedata.category(chr(code)) in ("Cc", "Zl", "Zp")
    ]


def test_encoded_strings_hold_no_control_or_separator_character() -> None:
    for char in _control_and_separator_characters():
        literal = encode_string(f"a{char}b")
        assert all(c not in literal for c in (char, "\n", "\r")) or char == "\\"
        if char != "\0":
            assert parse_expression(literal) == S(f"a{char}b")
    assert encode_string("\0") == '"\\u0000"'  # refused when read back (E106)
    assert encode_string("\U0001f600 é\u200d") == '"\U0001f600 é\u200d"'


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\0")))
def test_encode_string_round_trips(value: str) -> None:
    assert parse_expression(encode_string(value)) == S(value)


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_every_line_end_ends_a_comment_and_counts_as_a_line(line_end: str) -> None:
    text = f"segment a = abs(x # c{line_end} - 10{line_end}) > 3{line_end}segment b = y z"
    diagnostic = syntax_error(text.replace(line_end, "\n"), module=True)
    with pytest.raises(SegdslError) as raised:
        parse_module(text, "f.seg")
    (same,) = raised.value.diagnostics
    assert same.span is not None and diagnostic.span is not None
    assert (same.span.line, same.span.column) == (diagnostic.span.line, diagnostic.span.column)
    module = parse_module(text.removesuffix(" z"))
    assert module == parse_module(text.removesuffix(" z").replace(line_end, "\n"))
    assert [c.text for c in module.comments] == ["# c"]
    assert module.definitions[0].body == A.Compare(
        ">", A.Call("abs", (A.Arith("-", N("x"), I(10)),), None), I(3)
    )


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_a_string_does_not_run_past_a_line_end(line_end: str) -> None:
    with pytest.raises(SegdslError) as raised:
        parse_expression(f'x = "a{line_end}b"')
    assert [d.code for d in raised.value.diagnostics] == ["E107"]


def test_files_are_read_with_every_line_end_as_newline(tmp_path: Path) -> None:
    file = tmp_path / "a.seg"
    file.write_bytes(b"# c\rsegment a = x\r\nsegment b = y\n")
    assert read_source(file) == "# c\nsegment a = x\nsegment b = y\n"
    assert read_file(file) == "# c\rsegment a = x\r\nsegment b = y\n"
    module = segdsl.parse_file(file)
    assert [d.name for d in module.definitions] == ["a", "b"]
    assert module.definitions[1].span.line == 3


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2024-01-01", dt.date(2024, 1, 1)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_dates(text: str, value: dt.date) -> None:
    node = parse_expression(text)
    assert node == A.DateLit(value)
    assert type(node.value) is dt.date  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("t in this month", A.Period("this", "month", None, None)),
        ("t in this day", A.Period("this", "day", None, None)),
        ("t in today", A.Period("this", "day", None, None)),
        ("t in yesterday", A.Period("last", "day", None, None)),
        ("t in last week", A.Period("last", "week", None, None)),
        ("t in last 3 months", A.Period("last", "month", 3, None)),
        ("t in last 1 year", A.Period("last", "year", 1, None)),
        ("t in next week", A.Period("next", "week", None, None)),
        ("t in next 7 days", A.Period("next", "day", 7, None)),
        ("t in quarter to date", A.Period("to date", "quarter", None, None)),
        ("t in 2026-03", A.Period("named", "month", None, dt.date(2026, 3, 1))),
    ],
)
def test_calendar_periods(text: str, period: ast.Period) -> None:
    node = parse_expression(text)
    assert node == A.InPeriod(N("t"), period, False)
    assert isinstance(node, ast.InPeriod)
    assert node.period.span.text == text.removeprefix("t in ")
    assert parse_expression(text.replace(" in ", " not in ")) == A.InPeriod(N("t"), period, True)


def test_a_named_year_or_day_is_an_in_and_a_month_only_follows_in() -> None:
    assert parse_expression("t in 2026") == A.In(N("t"), I(2026), False)
    assert parse_expression("t in 2026-03-15") == A.In(
        N("t"), A.DateLit(dt.date(2026, 3, 15)), False
    )
    # Elsewhere `2026-03` is still 2026 minus 3.
    assert parse_expression("x = 2026-03") == A.Compare("=", N("x"), A.Arith("-", I(2026), I(3)))


def test_the_units_of_periods_stay_names() -> None:
    assert parse_expression("month = year") == A.Compare("=", N("month"), N("year"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2024-01-01T10:00:00", dt.datetime(2024, 1, 1, 10)),
        ("2024-01-01 10:00", dt.datetime(2024, 1, 1, 10)),
        ("2024-01-01T10:30", dt.datetime(2024, 1, 1, 10, 30)),
        ("2024-01-01T10:00:00Z", dt.datetime(2024, 1, 1, 10)),
        ("2024-01-01T23:59:59.123456", dt.datetime(2024, 1, 1, 23, 59, 59, 123456)),
        ("2024-01-01T10:00:00.5Z", dt.datetime(2024, 1, 1, 10, 0, 0, 500000)),
    ],
)
def test_timestamps_are_naive_utc(text: str, value: dt.datetime) -> None:
    node = parse_expression(text)
    assert node == A.TimestampLit(value)
    assert isinstance(node, ast.TimestampLit)
    assert node.value.tzinfo is None
    assert node.span.text == text


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("24h", 24, "h"),
        ("30d", 30, "d"),
        ("0d", 0, "d"),
        ("2w", 2, "w"),
        ("6mo", 6, "mo"),
        ("1y", 1, "y"),
        ("365d", 365, "d"),
    ],
)
def test_durations(text: str, amount: int, unit: ast.DurationUnit) -> None:
    assert parse_expression(text) == D(amount, unit)
    # Directly followed by an operator: the unit ends at a word boundary.
    assert parse_expression(f"{text}+1d") == A.Arith("+", D(amount, unit), D(1, "d"))


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ('["PL", "DE"]', (S("PL"), S("DE"))),
        ("[1, 2,]", (I(1), I(2))),
        ("[]", ()),
        ("[2024-01-01, 30d, -1]", (A.DateLit(dt.date(2024, 1, 1)), D(30, "d"), I(-1))),
    ],
)
def test_list_literals(text: str, items: tuple[ast.Expr, ...]) -> None:
    node = parse_expression(text)
    assert node == A.ListLit(items)
    assert isinstance(node, ast.ListLit)
    assert isinstance(node.items, tuple)
    assert node.span.text == text


def test_in_with_list_and_named_set() -> None:
    assert parse_expression('country in ["PL", "DE"]') == A.In(
        N("country"), A.ListLit((S("PL"), S("DE"))), False
    )
    assert parse_expression("country not in EU") == A.In(N("country"), N("EU"), True)


def test_names_may_contain_keywords_and_capitals() -> None:
    # Only whole words are keywords: `order`, `index`, `nowhere` and `And` are names.
    assert parse_expression("order") == N("order")
    assert parse_expression("index") == N("index")
    assert parse_expression("nowhere") == N("nowhere")
    assert parse_expression("And") == N("And")
    assert parse_expression("_x9") == N("_x9")


# -- precedence ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a or b and c", Or(N("a"), And(N("b"), N("c")))),
        ("a and b or c", Or(And(N("a"), N("b")), N("c"))),
        ("a and b and c", And(N("a"), N("b"), N("c"))),
        ("a or b or c", Or(N("a"), N("b"), N("c"))),
        ("not a and b", And(A.Not(N("a")), N("b"))),
        ("not a or not b", Or(A.Not(N("a")), A.Not(N("b")))),
        ("not not a", A.Not(A.Not(N("a")))),
        ("not (a and b)", A.Not(A.Group(And(N("a"), N("b"))))),
        ("a and (b or c)", And(N("a"), A.Group(Or(N("b"), N("c"))))),
        ("not a = 1", A.Not(A.Compare("=", N("a"), I(1)))),
        (
            "a = 1 and b != 2 or c <= 3",
            Or(
                And(A.Compare("=", N("a"), I(1)), A.Compare("!=", N("b"), I(2))),
                A.Compare("<=", N("c"), I(3)),
            ),
        ),
        ("1 + 2 * 3", A.Arith("+", I(1), A.Arith("*", I(2), I(3)))),
        ("1 * 2 + 3", A.Arith("+", A.Arith("*", I(1), I(2)), I(3))),
        ("(1 + 2) * 3", A.Arith("*", A.Group(A.Arith("+", I(1), I(2))), I(3))),
        ("1 - 2 - 3", A.Arith("-", A.Arith("-", I(1), I(2)), I(3))),
        ("8 / 4 / 2", A.Arith("/", A.Arith("/", I(8), I(4)), I(2))),
        ("-x * 2", A.Arith("*", A.Negate(N("x")), I(2))),
        ("-2 * 3", A.Arith("*", I(-2), I(3))),
        (
            "a + 1 > b * 2",
            A.Compare(">", A.Arith("+", N("a"), I(1)), A.Arith("*", N("b"), I(2))),
        ),
        (
            "now - last_order > 2 * 1d",
            A.Compare(
                ">",
                A.Arith("-", A.NowLit(), N("last_order")),
                A.Arith("*", I(2), D(1, "d")),
            ),
        ),
        (
            "x between 1 and 5 and y",
            And(A.Between(N("x"), I(1), I(5), False), N("y")),
        ),
        (
            "x not between 1 + 1 and 5",
            A.Between(N("x"), A.Arith("+", I(1), I(1)), I(5), True),
        ),
        ("not x between 1 and 2", A.Not(A.Between(N("x"), I(1), I(2), False))),
        (
            "last_order between 30d and 90d",
            A.Between(N("last_order"), D(30, "d"), D(90, "d"), False),
        ),
        ("x in [1] or y", Or(A.In(N("x"), A.ListLit((I(1),)), False), N("y"))),
        ("not x in EU", A.Not(A.In(N("x"), N("EU"), False))),
        ("x + 1 in [2]", A.In(A.Arith("+", N("x"), I(1)), A.ListLit((I(2),)), False)),
        (
            "x is missing and y is present",
            And(A.IsMissing(N("x"), False), A.IsMissing(N("y"), True)),
        ),
        ("not x is missing", A.Not(A.IsMissing(N("x"), False))),
        ("now - x is present", A.IsMissing(A.Arith("-", A.NowLit(), N("x")), True)),
        (
            's contains "a" or s starts with "b"',
            Or(
                A.StringMatch("contains", N("s"), S("a")),
                A.StringMatch("starts with", N("s"), S("b")),
            ),
        ),
        (
            'lower(email) ends with "@gmail.com"',
            A.StringMatch("ends with", A.Call("lower", (N("email"),), None), S("@gmail.com")),
        ),
        (
            "top 10% by spend_365d and x",
            And(A.TopPercent("top", I(10), N("spend_365d")), N("x")),
        ),
        (
            "bottom 2.5% by now - last_order",
            A.TopPercent(
                "bottom",
                A.DecimalLit(Decimal("2.5")),
                A.Arith("-", A.NowLit(), N("last_order")),
            ),
        ),
        ("x = -5", A.Compare("=", N("x"), I(-5))),
    ],
)
def test_precedence(text: str, expected: ast.Expr) -> None:
    assert parse_expression(text) == expected


@pytest.mark.parametrize("op", ["=", "!=", "<", "<=", ">", ">="])
def test_every_comparison_operator(op: str) -> None:
    assert parse_expression(f"a {op} b") == A.Compare(op, N("a"), N("b"))
    assert parse_expression(f"a{op}b") == A.Compare(op, N("a"), N("b"))


# -- aggregates and calls --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("count(orders)", A.Call("count", (N("orders"),), None)),
        (
            'count(orders where category = "shoes" and created_at < 90d)',
            A.Call(
                "count",
                (N("orders"),),
                And(
                    A.Compare("=", N("category"), S("shoes")),
                    A.Compare("<", N("created_at"), D(90, "d")),
                ),
            ),
        ),
        (
            "count(orders where a or b)",
            A.Call("count", (N("orders"),), Or(N("a"), N("b"))),
        ),
        ("sum(orders.amount)", A.Call("sum", (A.FieldOf("orders", "amount"),), None)),
        (
            "sum(orders.amount where created_at < 365d)",
            A.Call(
                "sum",
                (A.FieldOf("orders", "amount"),),
                A.Compare("<", N("created_at"), D(365, "d")),
            ),
        ),
        (
            'max(email.ts where type = "open")',
            A.Call("max", (A.FieldOf("email", "ts"),), A.Compare("=", N("type"), S("open"))),
        ),
        (
            "avg(total_spent where purchases > 0)",
            A.Call("avg", (N("total_spent"),), A.Compare(">", N("purchases"), I(0))),
        ),
        (
            "avg((last_order - first_order) / (purchases - 1) where purchases >= 2)",
            A.Call(
                "avg",
                (
                    A.Arith(
                        "/",
                        A.Group(A.Arith("-", N("last_order"), N("first_order"))),
                        A.Group(A.Arith("-", N("purchases"), I(1))),
                    ),
                ),
                A.Compare(">=", N("purchases"), I(2)),
            ),
        ),
        ("f()", A.Call("f", (), None)),
        ("f(1, 2, 3)", A.Call("f", (I(1), I(2), I(3)), None)),
    ],
)
def test_calls_and_aggregates(text: str, expected: ast.Call) -> None:
    node = parse_expression(text)
    assert node == expected
    assert isinstance(node, ast.Call)
    assert isinstance(node.args, tuple)


def test_aggregate_in_a_comparison() -> None:
    node = parse_expression("count(orders where amount > 10) >= 2")
    assert node == A.Compare(
        ">=",
        A.Call("count", (N("orders"),), A.Compare(">", N("amount"), I(10))),
        I(2),
    )


# -- segment files ---------------------------------------------------------------------------

MODULE = """\
# Segments of the shop. Don't edit by hand.
segment repeat_buyers "More than two orders" = purchases > 2

segment lapsed 'Ordered before, nothing in the last 180 days' =
    last_order >= 180d   # trailing comment
segment tagged "a \\"#quoted\\" hash" = lapsed and not repeat_buyers

partition lifecycle "Lifecycle stage" =
    "lead" when purchases = 0
    "loyal" when repeat_buyers
    otherwise "other"
partition plain = "x" when lapsed otherwise "y"
"""


def test_segment_file_definitions() -> None:
    module = parse_module(MODULE, "shop.seg")
    assert [d.name for d in module.definitions] == [
        "repeat_buyers",
        "lapsed",
        "tagged",
        "lifecycle",
        "plain",
    ]
    repeat, lapsed, tagged, lifecycle, plain = module.definitions
    assert repeat == A.SegmentDef(
        "repeat_buyers", "More than two orders", A.Compare(">", N("purchases"), I(2))
    )
    assert isinstance(lapsed, ast.SegmentDef)
    assert lapsed.description == "Ordered before, nothing in the last 180 days"
    assert lapsed.body == A.Compare(">=", N("last_order"), D(180, "d"))
    assert isinstance(tagged, ast.SegmentDef)
    assert tagged.description == 'a "#quoted" hash'
    assert tagged.body == And(N("lapsed"), A.Not(N("repeat_buyers")))
    assert lifecycle == A.PartitionDef(
        "lifecycle",
        "Lifecycle stage",
        (
            A.PartitionArm("lead", A.Compare("=", N("purchases"), I(0))),
            A.PartitionArm("loyal", N("repeat_buyers")),
        ),
        "other",
    )
    assert plain == A.PartitionDef("plain", None, (A.PartitionArm("x", N("lapsed")),), "y")
    assert module.source.name == "shop.seg"
    assert module.source.text == MODULE


def test_comments_outside_strings_are_collected_with_spans() -> None:
    module = parse_module(MODULE)
    assert [c.text for c in module.comments] == [
        "# Segments of the shop. Don't edit by hand.",
        "# trailing comment",
    ]
    trailing = module.comments[1]
    assert (trailing.span.line, trailing.span.column) == (5, 26)
    assert trailing.span.text == "# trailing comment"


@pytest.mark.parametrize("text", ["segment a = x in [1, 2  # ]\n", "segment a = abs(x  # )\n"])
def test_a_comment_never_closes_what_is_open(text: str) -> None:
    """A comment is never read as code, not even the bracket the parse is waiting for."""
    with pytest.raises(SegdslError) as raised:
        parse_module(text)
    assert [d.code for d in raised.value.diagnostics] == ["E102"]


def test_empty_and_comment_only_files() -> None:
    assert parse_module("").definitions == ()
    only = parse_module("# nothing here\n\n   # still nothing\n")
    assert only.definitions == ()
    assert [c.text for c in only.comments] == ["# nothing here", "# still nothing"]
    assert only.comments[1].span.line == 3
    assert only.comments[1].span.column == 4


def test_segments_may_share_a_line() -> None:
    module = parse_module("segment a = x segment b = y")
    assert module.definitions == (
        A.SegmentDef("a", None, N("x")),
        A.SegmentDef("b", None, N("y")),
    )


def test_layout_does_not_change_the_tree() -> None:
    one = parse_module("segment a = x and y > 1")
    other = parse_module("# c\nsegment   a =\n   x\n     and y>1   # d\n")
    assert one.definitions == other.definitions
    assert hash(one.definitions) == hash(other.definitions)
    assert one.definitions[0].span != other.definitions[0].span


# -- spans -----------------------------------------------------------------------------------

SPANNED = (
    "# lapsed buyers\n"
    'segment lapsed "No order in 180 days" =\n'
    "    last_order >= 180d and\n"
    '    count(orders where category = "shoes") > 0\n'
    "\n"
    "partition stage =\n"
    '    "new" when purchases = 1\n'
    '    otherwise "other"\n'
)


def test_spans_of_a_segment_point_into_the_file() -> None:
    module = parse_module(SPANNED, "spans.seg")
    segment = module.definitions[0]
    assert isinstance(segment, ast.SegmentDef)

    assert segment.name_span.text == "lapsed"
    assert segment.name_span.start == SPANNED.index("segment lapsed") + len("segment ")
    assert (segment.name_span.line, segment.name_span.column) == (2, 9)
    assert segment.name_span.source.name == "spans.seg"

    assert segment.span.text.startswith("segment lapsed")
    assert segment.span.text.endswith('"shoes") > 0')
    assert (segment.span.line, segment.span.column) == (2, 1)
    assert (segment.span.end_line, segment.span.end_column) == (4, 47)

    body = segment.body
    assert isinstance(body, ast.BoolOp)
    assert body.span.text == (
        'last_order >= 180d and\n    count(orders where category = "shoes") > 0'
    )
    age, count = body.operands
    assert isinstance(age, ast.Compare)
    assert age.span.text == "last_order >= 180d"
    assert (age.span.line, age.span.column) == (3, 5)
    assert age.right.span.text == "180d"
    assert age.right.span.start == SPANNED.index("180d")

    assert isinstance(count, ast.Compare)
    call = count.left
    assert isinstance(call, ast.Call)
    assert call.span.text == 'count(orders where category = "shoes")'
    assert call.func_span.text == "count"
    assert (call.span.line, call.span.column) == (4, 5)
    assert call.where is not None
    assert call.where.span.text == 'category = "shoes"'
    assert isinstance(call.where, ast.Compare)
    assert call.where.right.span.text == '"shoes"'  # the quotes belong to the literal
    assert call.where.right.span.column == 35


def test_spans_of_a_partition() -> None:
    module = parse_module(SPANNED)
    partition = module.definitions[1]
    assert isinstance(partition, ast.PartitionDef)
    assert partition.name_span.text == "stage"
    assert (partition.name_span.line, partition.name_span.column) == (6, 11)
    arm = partition.arms[0]
    assert arm.label_span.text == '"new"'
    assert arm.span.text == '"new" when purchases = 1'
    assert (arm.span.line, arm.span.column) == (7, 5)
    assert arm.condition.span.text == "purchases = 1"
    assert partition.otherwise_span.text == '"other"'
    assert (partition.otherwise_span.line, partition.otherwise_span.column) == (8, 15)
    assert partition.span.text.startswith("partition stage =")
    assert partition.span.text.endswith('otherwise "other"')
    assert module.comments[0].span.text == "# lapsed buyers"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(a)", "(a)"),
        ("not  a", "not  a"),
        ("-5", "-5"),
        ("- x", "- x"),
        ("orders.amount", "orders.amount"),
        ("f( 1 , 2 )", "f( 1 , 2 )"),
        ("[ 1, 2, ]", "[ 1, 2, ]"),
        ("x is  missing", "x is  missing"),
        ("x not in EU", "x not in EU"),
        ("top 5% by x", "top 5% by x"),
        ("a   and b", "a   and b"),
        ("  a = 1  ", "a = 1"),
    ],
)
def test_span_covers_the_whole_construct(text: str, expected: str) -> None:
    assert parse_expression(text).span.text == expected


def test_field_of_has_a_stream_span() -> None:
    node = parse_expression("x + orders.amount")
    assert isinstance(node, ast.Arith)
    assert isinstance(node.right, ast.FieldOf)
    assert node.right.stream_span.text == "orders"
    assert node.right.stream_span.start == 4
    assert node.right.span.text == "orders.amount"


@settings(max_examples=60)
@given(conditions())
def test_every_span_reparses_to_its_node(text: str) -> None:
    """Slicing the source with any node's span gives text that parses to that very node, and
    every child lies within its parent."""
    tree = parse_expression(text)
    for node in subnodes(tree):
        span = node.span  # type: ignore[attr-defined]
        assert 0 <= span.start < span.end <= len(text)
        assert span.source.text == text
        if isinstance(node, ast.Period):
            # A period is no expression: it reparses after `in`.
            reparsed = parse_expression(f"t in {span.text}")
            assert isinstance(reparsed, ast.InPeriod) and reparsed.period == node
            continue
        if isinstance(node, ast.RegularPeriods):
            # Nor are the periods of regular activity: they reparse after `in m of`.
            regular = parse_expression(f"count(s) >= 1 in 1 of {span.text}")
            assert isinstance(regular, ast.Regular) and regular.periods == node
            continue
        if isinstance(node, ast.Distinct):
            # Neither is `distinct x`: it reparses as the argument of count.
            call = parse_expression(f"count({span.text})")
            assert isinstance(call, ast.Call) and call.args == (node,)
            continue
        if isinstance(node, ast.Events):
            # Nor are a sequence's events: they reparse as an aggregate's stream and filter.
            call = parse_expression(f"count({span.text})")
            assert isinstance(call, ast.Call) and call.where == node.where
            assert [getattr(arg, "name", None) for arg in call.args] == [node.stream]
            continue
        if isinstance(node, ast.Percentage):
            # Nor is `10%`: it reparses compared.
            compared = parse_expression(f"x < {span.text}")
            assert isinstance(compared, ast.Compare) and compared.right == node
            continue
        assert parse_expression(span.text) == node
        for child in subnodes(tuple(getattr(node, f.name) for f in dataclasses.fields(node))):
            child_span = child.span  # type: ignore[attr-defined]
            assert span.start <= child_span.start and child_span.end <= span.end


# -- immutability ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "attribute", "value"),
    [
        ("5", "value", 6),
        ('"a"', "value", "b"),
        ("a and b", "operands", ()),
        ("a and b", "op", "or"),
        ("x > 1", "left", N("y")),
        ("count(orders)", "where", N("x")),
        ("count(orders)", "args", ()),
        ("30d", "unit", "h"),
        ("x", "span", None),
        ("x", "name", "y"),
    ],
)
def test_expression_nodes_are_frozen(text: str, attribute: str, value: object) -> None:
    node = parse_expression(text)
    before = repr(node)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(node, attribute, value)
    assert repr(node) == before


def test_definitions_and_modules_are_frozen() -> None:
    module = parse_module(SPANNED)
    segment, partition = module.definitions
    assert isinstance(partition, ast.PartitionDef)
    with pytest.raises(dataclasses.FrozenInstanceError):
        module.definitions = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        segment.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        partition.arms[0].label = "old"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        module.comments[0].text = ""  # type: ignore[misc]
    assert isinstance(module.definitions, tuple)
    assert isinstance(partition.arms, tuple)
    assert isinstance(module.comments, tuple)


def test_every_collection_in_a_tree_is_a_tuple() -> None:
    tree = parse_expression('a and f(1, 2 where b) in [1, 2] or c or x in ["p"]')
    for node in subnodes(tree):
        for field in dataclasses.fields(node):  # type: ignore[arg-type]
            assert not isinstance(getattr(node, field.name), list | dict | set)
    hash(tree)  # frozen all the way down: usable as a dict key


# -- syntax errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "span_text", "column", "message", "hint"),
    [
        ("a || b", "E101", "|", 3, "unexpected character '|'", "write 'or'"),
        ("`shoes`", "E101", "`", 1, "unexpected character '`'", "quoted"),
        ("country = é", "E101", "é", 11, "unexpected character 'é'", None),
        ('country = "PL', "E107", '"', 11, 'this string is not closed: add the closing "', None),
        ("x = 'a\nb'", "E107", "'", 5, "this string is not closed", None),
        ('x = "\\q"', "E104", "\\q", 6, "unknown escape sequence '\\q'", "\\\\"),
        ('x = "ab\\u12"', "E104", "\\u", 8, "unknown escape sequence '\\u'", "\\uXXXX"),
        ("x > 2024-02-30", "E105", "2024-02-30", 5, "invalid date '2024-02-30'", None),
        ("x > 2024-13-01T10:00", "E105", "2024-13-01T10:00", 5, "invalid timestamp", None),
        ("x < 6mon", "E103", "6mon", 5, "unknown duration unit 'mon'", "6mo"),
        ("x < 1e5", "E103", "1e5", 5, "unknown duration unit 'e5'", "30d"),
        ("(a", "E102", "", 3, "expected ')', found the end of the input", None),
        ("a)", "E102", ")", 2, "found ')'", None),
        ("A AND b", "E102", "AND", 3, "found 'AND'", "keywords are lower case: write 'and'"),
        ("a b", "E102", "b", 3, "found 'b'", "join conditions with 'and' or 'or'"),
        ("a < b < c", "E102", "<", 7, "found '<'", "one comparison per condition"),
        ("x is nothing", "E102", "nothing", 6, "expected 'missing' or 'present'", None),
        ('x starts "a"', "E102", '"a"', 10, "expected 'with'", None),
        ("count(orders where)", "E102", ")", 19, "found ')'", None),
        ("x = by", "E102", "by", 5, "found the keyword 'by'", None),
        ("a.b.c", "E102", ".", 4, "found '.'", None),
    ],
)
def test_syntax_errors_are_located(
    text: str, code: str, span_text: str, column: int, message: str, hint: str | None
) -> None:
    diagnostic = syntax_error(text)
    assert diagnostic.code == code
    assert diagnostic.span is not None
    assert diagnostic.span.text == span_text
    assert (diagnostic.span.line, diagnostic.span.column) == (1, column)
    assert message in diagnostic.message
    if hint is not None:
        assert any(hint in h for h in diagnostic.hints), diagnostic.hints


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_input_is_an_error_at_the_start(text: str) -> None:
    diagnostic = syntax_error(text)
    assert diagnostic.code == "E102"
    assert diagnostic.span is not None
    assert (diagnostic.span.start, diagnostic.span.end) == (0, 0)
    assert "found the end of the input" in diagnostic.message
    assert "a condition or value" in diagnostic.message


def test_unexpected_end_points_after_the_last_token_not_at_trailing_space() -> None:
    diagnostic = syntax_error("purchases > 2 and   \n\n")
    assert diagnostic.span is not None
    assert diagnostic.span.start == diagnostic.span.end == len("purchases > 2 and")
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 18)


@pytest.mark.parametrize(
    ("text", "line", "column", "span_text", "message"),
    [
        ("segment a = x\nsegment b = y z", 2, 15, "z", "'segment'"),
        ('segment a "d" x', 1, 15, "x", "expected '='"),
        ("segment = x", 1, 9, "=", "found '='"),
        ("x > 1", 1, 1, "x", "'segment'"),
        ('partition p = "a" when x', 1, 25, "", "'otherwise'"),
        ('partition p = otherwise "x"', 1, 15, "otherwise", "found the keyword 'otherwise'"),
        ('segment a = x\n\nsegment b "\\d" = y', 3, 12, "\\d", "unknown escape sequence"),
        ("segment a = x\n\n\nsegment b = 30q", 4, 13, "30q", "unknown duration unit 'q'"),
    ],
)
def test_segment_file_errors_are_located(
    text: str, line: int, column: int, span_text: str, message: str
) -> None:
    diagnostic = syntax_error(text, module=True)
    assert diagnostic.span is not None
    assert diagnostic.span.source.name == "f.seg"
    assert (diagnostic.span.line, diagnostic.span.column) == (line, column)
    assert diagnostic.span.text == span_text
    assert message in diagnostic.message


def test_a_syntax_error_renders_with_file_line_column_and_caret() -> None:
    diagnostic = syntax_error("purchases >= 2 and\n  country = 'PL' 'DE'")
    text = segdsl.render(diagnostic)
    assert text.splitlines()[0].startswith("<expr>:2:18: error[E102]: ")
    assert text.splitlines()[0].endswith("or the end of the input, found ''DE''")
    assert "2 |   country = 'PL' 'DE'" in text
    assert text.splitlines()[3].endswith(" " * 17 + "^^^^")  # under 'DE'
    as_dict = diagnostic.to_dict()
    assert as_dict["code"] == "E102"
    assert as_dict["file"] == "<expr>"
    assert (as_dict["start"], as_dict["end"]) == (
        {"line": 2, "column": 18},
        {"line": 2, "column": 22},
    )


@pytest.mark.parametrize("keyword", ["segment", "partition", "when", "otherwise"])
def test_reserved_words_in_an_expression_are_reported_as_keywords(keyword: str) -> None:
    text = f"x in {keyword}"
    diagnostic = syntax_error(text)
    assert diagnostic.code == "E102"
    assert diagnostic.span is not None
    assert diagnostic.span.text == keyword
    assert f"the keyword '{keyword}'" in diagnostic.message


# -- hints for common mistakes ---------------------------------------------------------------

# Every way of naming a unit of a duration that a user may write, and the unit it is.
_UNIT_WORDS = [
    *[(word, "h") for word in ("h", "hr", "hrs", "hour", "hours")],
    *[(word, "d") for word in ("d", "day", "days")],
    *[(word, "w") for word in ("w", "wk", "wks", "week", "weeks")],
    *[(word, "mo") for word in ("mo", "mos", "mon", "mons", "mth", "mths", "month", "months")],
    *[(word, "y") for word in ("y", "yr", "yrs", "year", "years")],
]


@pytest.mark.parametrize(("word", "unit"), _UNIT_WORDS)
@pytest.mark.parametrize("spelling", [str.lower, str.upper, str.title])
def test_a_duration_spelt_out_says_how_to_write_it(
    word: str, unit: str, spelling: Callable[[str], str]
) -> None:
    for amount in (f"30 {spelling(word)}", f"30  {spelling(word)}", f"30{spelling(word)}"):
        if amount == f"30{unit}":
            continue  # that is the duration itself
        diagnostic = syntax_error(f"last_order < {amount}")
        assert diagnostic.code == "E103", diagnostic.message
        assert diagnostic.span is not None and diagnostic.span.text == amount
        assert diagnostic.hints[0] == f"write 30{unit}"


@pytest.mark.parametrize("amount", ["30 minutes", "30 min", "5 seconds", "5sec", "10 s"])
def test_a_duration_under_an_hour_says_there_is_none(amount: str) -> None:
    diagnostic = syntax_error(f"last_open < {amount}")
    assert diagnostic.code == "E103"
    assert diagnostic.hints[0] == "the shortest unit of a duration is the hour (h)"


def test_a_number_before_a_word_that_is_no_unit_is_a_plain_syntax_error() -> None:
    diagnostic = syntax_error("purchases > 3 orders")
    assert diagnostic.code == "E102"
    assert diagnostic.hints == ()


def _typos(word: str) -> set[str]:
    """Every word one typo from `word`: a letter added, dropped or changed, or two neighbours
    swapped; keywords (which are no typo) left out."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    found = {word[:i] + word[i + 1 :] for i in range(len(word))}
    found |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters}
    found |= {word[:i] + c + word[i + 1 :] for i in range(len(word)) for c in letters}
    found |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    return found - {word, ""} - set(KEYWORDS)


# After a number, a unit word is read as a duration (`1 hr` is 1h): those are tested above.
_JOIN_TYPOS = [
    (typo, keyword)
    for keyword in ("and", "or")
    for typo in sorted(_typos(keyword) - {word for word, _ in _UNIT_WORDS})
]


@pytest.mark.parametrize(("typo", "keyword"), _JOIN_TYPOS)
def test_a_misspelt_and_or_or_is_named(typo: str, keyword: str) -> None:
    text = f"purchases > 1 {typo} purchases < 5"
    diagnostic = syntax_error(text)
    assert diagnostic.span is not None and diagnostic.span.text == typo
    assert diagnostic.hints == (f"did you mean '{keyword}'?",)


@pytest.mark.parametrize("typo", sorted(_typos("not")))
def test_a_misspelt_not_is_named(typo: str) -> None:
    for text in (f"{typo} purchases > 1", f'purchases > 1 and {typo} country = "DE"'):
        diagnostic = syntax_error(text)
        assert diagnostic.hints == (f"'{typo}' is read as a name: did you mean 'not'?",), text


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("email is mising", "did you mean 'missing'?"),
        ('email contians "a"', "did you mean 'contains'?"),
        ("purchases btween 1 and 3", "did you mean 'between'?"),
        ("count(orders wher amount > 1) > 0", "did you mean 'where'?"),
        ('purchases > 1 adn\ncountry = "DE"', "did you mean 'and'?"),
    ],
)
def test_other_misspelt_keywords_are_named(text: str, hint: str) -> None:
    assert syntax_error(text).hints == (hint,)


def test_a_misspelt_keyword_of_a_segment_file_is_named() -> None:
    diagnostic = syntax_error("segmnet vip = purchases >= 2", module=True)
    assert diagnostic.hints == ("did you mean 'segment'?",)


@pytest.mark.parametrize(
    "text",
    [
        # `top` is one typo from `to`, but `top purchases > 1` does not parse either.
        "to purchases > 1",
        'purchases > 1 country = "DE"',
        "purchases > 1 month < 5",
    ],
)
def test_a_keyword_is_suggested_only_where_it_mends_the_condition(text: str) -> None:
    assert not any("did you mean" in hint for hint in syntax_error(text).hints)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ('country in ("DE","FR")', 'country in ["DE","FR"]'),
        ("country not in ('DE', 'FR') and purchases > 1", "country not in ['DE', 'FR']"),
        ("country in (DE, FR)", "country in [DE, FR]"),
        ('count(orders where category in ("a", "b")) > 0', 'category in ["a", "b"]'),
        ('lower(email) in ("a", ")")', 'in ["a", ")"]'),
        ('country in ("DE",', "country in […]"),
    ],
)
def test_a_list_in_parentheses_says_to_use_square_brackets(text: str, hint: str) -> None:
    diagnostic = syntax_error(text)
    assert diagnostic.code == "E102"
    assert diagnostic.span is not None and diagnostic.span.text == ","
    assert diagnostic.hints == (f"a list is written in square brackets: {hint}",)


def test_a_comma_in_parentheses_elsewhere_gets_no_list_hint() -> None:
    assert syntax_error("(purchases, 1) > 1").hints == ()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("top 10 by total_spent", "top 10% by total_spent"),
        ("bottom 25 by last_order and purchases > 1", "bottom 25% by last_order"),
        ("top 2.5 by spend_365d", "top 2.5% by spend_365d"),
        ("top 10 by sum(orders.amount)", "top 10% by …"),
    ],
)
def test_a_ranking_without_percent_says_where_it_goes(text: str, shown: str) -> None:
    diagnostic = syntax_error(text)
    assert diagnostic.code == "E102"
    assert diagnostic.span is not None and diagnostic.span.text == "by"
    assert diagnostic.hints == (f"a ranking takes a percentage of the customers: {shown}",)


@pytest.mark.parametrize(
    ("text", "line", "shown"),
    [
        ("vip = purchases >= 2", 1, "segment vip = purchases >= 2"),
        ("vip: purchases >= 2", 1, "segment vip = purchases >= 2"),
        ("vip := purchases >= 2", 1, "segment vip = purchases >= 2"),
        ('vip "VIPs" = purchases >= 2', 1, 'segment vip "VIPs" = purchases >= 2'),
        ("vip =\n    purchases >= 2", 1, "segment vip = …"),
        ("segment a = purchases > 1\nvip = purchases >= 2", 2, "segment vip = purchases >= 2"),
        ("segment a = x\n\n  vip: purchases >= 2", 3, "segment vip = purchases >= 2"),
        ('tier = "high" when purchases > 5', 1, 'partition tier = "high" when purchases > 5'),
    ],
)
def test_a_definition_without_its_keyword_says_to_start_with_it(
    text: str, line: int, shown: str
) -> None:
    diagnostic = syntax_error(text, module=True)
    assert diagnostic.span is not None and diagnostic.span.line == line
    keyword = shown.split()[0]
    assert diagnostic.hints == (f"start the line with '{keyword}': {shown}",)


def test_an_indented_comparison_after_a_segment_is_not_taken_for_a_definition() -> None:
    # More likely a condition continued without `and`/`or` than a segment without `segment`.
    diagnostic = syntax_error('segment a = purchases > 1\n  country = "DE"', module=True)
    assert not any("segment" in hint for hint in diagnostic.hints)


_SOUP = st.lists(
    st.sampled_from(
        [
            *"abz09 .-+*/%()[],\"'\\#=<>!&|\n\t:",
            "and ",
            "or ",
            "not ",
            "in ",
            "between ",
            "is ",
            "missing",
            "where ",
            "segment ",
            "partition ",
            "when ",
            "otherwise ",
            "count(",
            "orders",
            "now",
            "30d",
            "6mo",
            "2024-01-01",
            "2024-02-30",
            "T10:00",
            "\\u",
            "top ",
            "by ",
            "é",
        ]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=300)
@given(_SOUP, st.booleans())
def test_any_text_parses_or_gives_located_syntax_errors(text: str, as_module: bool) -> None:
    try:
        if as_module:
            parse_module(text)
        else:
            parse_expression(text)
    except SegdslError as error:
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            assert diagnostic.code in {"E101", "E102", "E103", "E104", "E105", "E106", "E107"}
            assert diagnostic.span is not None
            assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)
            assert diagnostic.message


# -- string literals on the engines ----------------------------------------------------------

# Values a string literal can hold that engines and drivers might mangle: outside the BMP,
# separators that are no line end for segdsl, other control characters, combining marks,
# joiners, quotes and backslashes.
_EXOTIC = [
    "😀",
    "\U0010ffff",
    "a\u2028b\u2029",
    "\x85\x0b\x0c\x1f\x7f",
    "\x01",
    "e\u0301",
    "👩\u200d💻",
    "tab\there",
    "q\"'\\",
]


def _spellings(value: str) -> list[str]:
    """Every way of writing `value` as a literal: canonical, `\\U` escapes, `\\u` escapes
    (surrogate pairs outside the BMP)."""
    wide = "".join(f"\\U{ord(c):08X}" for c in value)
    narrow = value.encode("utf-16-be")
    pairs = "".join(f"\\u{narrow[i]:02x}{narrow[i + 1]:02x}" for i in range(0, len(narrow), 2))
    return [encode_string(value), f'"{wide}"', f"'{pairs}'"]


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


def test_string_literals_reach_every_engine_intact(backend: Backend) -> None:
    schema = segdsl.load_schema(SHOP_SCHEMA)
    customers = [{"customer_id": key, "email": v} for key, v in enumerate(_EXOTIC, start=1)]
    backend.load(dataset_from_rows(customers, {}))
    for key, value in enumerate(_EXOTIC, start=1):
        for literal in _spellings(value):
            sql = segdsl.compile_sql(
                f"email = {literal}", schema, dialect=backend.name, as_of=AS_OF
            )
            assert backend.members(sql) == {key}, (backend.name, literal)


# -- sequences -----------------------------------------------------------------------------------


def test_a_sequence_and_its_parts() -> None:
    parsed = parse_expression(
        'email where type = "click" then no orders within 7d without email where type = "u" '
        'and country = "DE"'
    )
    assert isinstance(parsed, ast.BoolOp) and parsed.op == "and"
    sequence = parsed.operands[0]
    assert isinstance(sequence, ast.Sequence)
    assert sequence.negated and (sequence.window.amount, sequence.window.unit) == (7, "d")
    assert (sequence.first.stream, sequence.then.stream, sequence.then.where) == (
        "email",
        "orders",
        None,
    )
    assert sequence.without is not None and sequence.without.stream == "email"
    # The filter after `without` is one condition: `and` ends the sequence.
    assert sequence.span.text.endswith('type = "u"')
    assert sequence.first.span.text == 'email where type = "click"'


def test_an_open_ended_sequence() -> None:
    parsed = parse_expression(
        'web where type = "add_to_cart" and ts < 24h then no orders where amount > 1 since '
        "and consent_email"
    )
    assert isinstance(parsed, ast.BoolOp) and parsed.op == "and"
    sequence = parsed.operands[0]
    assert isinstance(sequence, ast.Sequence)
    assert sequence.negated and sequence.window is None and sequence.without is None
    assert sequence.then.span.text == "orders where amount > 1"
    assert sequence.span.text.endswith("amount > 1 since")


def test_since_is_reserved() -> None:
    diagnostic = syntax_error("since > 3")
    assert diagnostic.code == "E102" and "since" in diagnostic.message
    # Nor does an open-ended sequence take a window or `without`.
    assert syntax_error('web where type = "view" then no orders since within 1d').code == "E102"
    assert syntax_error('web where type = "view" then no orders since without web').code == "E102"


def test_an_aggregate_s_filter_reads_as_before() -> None:
    call = parse_expression("count(orders where amount > 1)")
    assert isinstance(call, ast.Call) and call.func == "count"
    assert [type(arg) for arg in call.args] == [ast.Name]
    assert call.args[0].span.text == "orders" and call.span.text == "count(orders where amount > 1)"
    assert isinstance(call.where, ast.Compare) and call.where.span.text == "amount > 1"


def test_the_grammar_s_only_conflicts_shift_where() -> None:
    """grammar/segdsl.lark: `where` after a name at the start of a condition begins the stream
    and filter of a sequence or an aggregate; Lark resolves the conflict by shifting, which is
    what both want. No other conflict."""
    import logging

    from lark import Lark, logger

    from segdsl.resources import data_text

    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect()
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        Lark(data_text("grammar/segdsl.lark"), parser="lalr", start=["module", "single_expr"])
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    conflicts = [r for r in records if "conflict" in r]
    assert conflicts
    assert all("Shift/Reduce conflict for terminal _WHERE" in r for r in conflicts)


def test_a_window_takes_a_duration() -> None:
    diagnostic = syntax_error('web where type = "view" then orders within 24 hours')
    assert diagnostic.code == "E103"
