"""`segdsl fmt`: golden layouts, comment placement, schema metrics, the command line, and
hypothesis properties (meaning kept, idempotent) over random programs."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import stat
import tempfile
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segdsl import parse_file
from segdsl.cli import main
from segdsl.diagnostics import SegdslError, Source, Span
from segdsl.fmt import formatter as fmt
from segdsl.fmt.formatter import (
    format_expression,
    format_module,
    format_schema_metrics,
    format_schema_text,
    format_source,
)
from segdsl.syntax import ast
from segdsl.syntax.parser import (
    FUNCTIONS,
    KEYWORDS,
    parse_expression,
    parse_module,
)
from tests.support.grammar import grammar

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"


def canonical(text: str) -> str:
    """Format, and check the two properties every output must have."""
    out = format_source(text, "<test>")
    assert parse_module(out).definitions == parse_module(text).definitions
    assert format_source(out, "<test>") == out
    return out


def dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).lstrip("\n")


# ---------------------------------------------------------------------------------------------
# Golden layouts: input → expected output.

GOLDEN: list[tuple[str, str, str]] = [
    (
        "short segment stays on one line",
        "segment   repeat_buyers 'More than two orders'=purchases>2\n",
        'segment repeat_buyers "More than two orders" = purchases > 2\n',
    ),
    (
        "a body that does not fit goes on the next line",
        'segment never_openers "Received email, never opened one" = '
        'count(email where type = "send") > 0 and last_open is missing\n',
        dedent(
            """
            segment never_openers "Received email, never opened one" =
                count(email where type = "send") > 0 and last_open is missing
            """
        ),
    ),
    (
        "a chain that does not fit breaks with the operator leading",
        'segment leads = consent_email and count(email where type = "unsubscribe") = 0 and '
        'purchases = 0 and country in EU and device_type = "mobile"\n',
        dedent(
            """
            segment leads =
                consent_email
                and count(email where type = "unsubscribe") = 0
                and purchases = 0
                and country in EU
                and device_type = "mobile"
            """
        ),
    ),
    (
        "an and-chain inside an or-chain is indented further",
        "segment s = a_very_long_condition_name_number_one and a_very_long_condition_name_two "
        "or another_rather_long_condition and yet_another_long_condition_name_here\n",
        dedent(
            """
            segment s =
                a_very_long_condition_name_number_one and a_very_long_condition_name_two
                or another_rather_long_condition and yet_another_long_condition_name_here
            """
        ),
    ),
    (
        "nested chains that do not fit break at every level",
        "segment s = first_condition_with_a_long_name_aaaaaaaaaaaaaaaaaaaa and "
        "second_condition_with_a_long_name_bbbbbbbbbbbbbbbbbbb or "
        "third_condition_with_a_long_name_ccccccccccccccccccccc and "
        "fourth_condition_with_a_long_name_ddddddddddddddddddd\n",
        dedent(
            """
            segment s =
                first_condition_with_a_long_name_aaaaaaaaaaaaaaaaaaaa
                    and second_condition_with_a_long_name_bbbbbbbbbbbbbbbbbbb
                or third_condition_with_a_long_name_ccccccccccccccccccccc
                    and fourth_condition_with_a_long_name_ddddddddddddddddddd
            """
        ),
    ),
    (
        "a parenthesized chain that does not fit opens a block",
        "segment s = last_cart_add < 24h and (last_order is missing or last_order < last_cart_add "
        "or count(orders where created_at < 1d) = 0)\n",
        dedent(
            """
            segment s =
                last_cart_add < 24h
                and (
                    last_order is missing
                    or last_order < last_cart_add
                    or count(orders where created_at < 1d) = 0
                )
            """
        ),
    ),
    (
        "not in front of a block",
        "segment s = consent_email and not (last_open < 30d or last_click < 30d or "
        "count(orders where created_at < 90d) > 0 or country in DACH)\n",
        dedent(
            """
            segment s =
                consent_email
                and not (
                    last_open < 30d
                    or last_click < 30d
                    or count(orders where created_at < 90d) > 0
                    or country in DACH
                )
            """
        ),
    ),
    (
        "a comparison that does not fit breaks before its operator",
        'segment declining "Fewer orders in the last 90 days than in the 90 before" = '
        "count(orders where created_at < 90d) < "
        "count(orders where created_at >= 90d and created_at < 180d)\n",
        dedent(
            """
            segment declining "Fewer orders in the last 90 days than in the 90 before" =
                count(orders where created_at < 90d)
                    < count(orders where created_at >= 90d and created_at < 180d)
            """
        ),
    ),
    (
        "a long in-list packs its items, one indent deeper",
        'segment eea = country in ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", '
        '"DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", '
        '"SI", "ES", "SE", "IS", "LI", "NO"]\n',
        "segment eea =\n"
        "    country in [\n"
        '        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", '
        '"HU", "IE", "IT",\n'
        '        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", '
        '"IS", "LI", "NO",\n'
        "    ]\n",
    ),
    (
        "partitions: one arm per line, otherwise last",
        'partition lifecycle "Lifecycle stage" = "lead" when leads "new" when new_customers '
        "otherwise 'other'\n",
        dedent(
            """
            partition lifecycle "Lifecycle stage" =
                "lead" when leads
                "new" when new_customers
                otherwise "other"
            """
        ),
    ),
    (
        "a long arm condition continues one indent deeper",
        'partition p = "engaged" when count(email where type = "open" and ts < 30d) >= 3 or '
        'count(email where type = "click" and ts < 30d) >= 1 otherwise "cold"\n',
        dedent(
            """
            partition p =
                "engaged" when count(email where type = "open" and ts < 30d) >= 3
                    or count(email where type = "click" and ts < 30d) >= 1
                otherwise "cold"
            """
        ),
    ),
    (
        "one blank line between definitions, none at the end",
        "segment a = x\nsegment b = y\n\n\n\nsegment c = z\n\n\n",
        "segment a = x\n\nsegment b = y\n\nsegment c = z\n",
    ),
    (
        "literals are spelled canonically",
        "segment s = x = 'it\\'s' and n = 007 and d = 1.50 and t < 2024-01-01 10:00 "
        "and u >= 2024-01-01T10:00:00.5Z and m = - 5 and w < 30d and e = '\\u00e9\\t'\n",
        dedent(
            """
            segment s =
                x = "it's"
                and n = 7
                and d = 1.50
                and t < 2024-01-01T10:00:00
                and u >= 2024-01-01T10:00:00.500000
                and m = -5
                and w < 30d
                and e = "é\\t"
            """
        ),
    ),
    (
        "spacing inside calls, fields and lists; trailing commas dropped",
        "segment s = sum( orders . amount where category in [ 'a' , 'b' , ] ) > 10\n",
        'segment s = sum(orders.amount where category in ["a", "b"]) > 10\n',
    ),
    (
        "calendar periods in their one spelling each",
        "segment s = a in this  day or b in last day or c in last 1 day or d in last 2 week "
        "or e in month   to date or f not in  2026-03 or g in 2026 or h in this quarters "
        "or anniversary( i ) in next  1  days or j in next months\n",
        dedent(
            """\
            segment s =
                a in today
                or b in yesterday
                or c in last 1 day
                or d in last 2 weeks
                or e in month to date
                or f not in 2026-03
                or g in 2026
                or h in this quarter
                or anniversary(i) in next 1 day
                or j in next month
            """
        ),
    ),
    (
        "explicit parentheses are kept",
        "segment s = ((a)) and (b or c) and (x + 1) * 2 > (3)\n",
        "segment s = ((a)) and (b or c) and (x + 1) * 2 > (3)\n",
    ),
    (
        "the other predicates",
        "segment s = a not in S and b between 1 and 2 and c not between 1d and 2d and d is present "
        "and e is missing and f starts with 'x' and g ends with 'y' and h contains 'z' "
        "and bottom 20% by m and not not k\n",
        dedent(
            """
            segment s =
                a not in S
                and b between 1 and 2
                and c not between 1d and 2d
                and d is present
                and e is missing
                and f starts with "x"
                and g ends with "y"
                and h contains "z"
                and bottom 20% by m
                and not not k
            """
        ),
    ),
    (
        "a long sequence breaks before then, and before within and without when they do not fit",
        'segment s = email where type = "click" and campaign = "spring_sale_2026" then orders '
        'where amount > 100 and category = "shoes" within 7d without email where type = '
        '"unsubscribe"\n',
        dedent(
            """\
            segment s =
                email where type = "click" and campaign = "spring_sale_2026"
                    then orders where amount > 100 and category = "shoes" within 7d
                    without email where type = "unsubscribe"
            """
        ),
    ),
    (
        "an open-ended sequence keeps since on the line of then while it fits",
        'segment s = web where type = "add_to_cart" and category = "shoes" and ts < 24h then no '
        'orders where category = "shoes" since and consent_email\n',
        dedent(
            """\
            segment s =
                web where type = "add_to_cart" and category = "shoes" and ts < 24h
                    then no orders where category = "shoes" since
                and consent_email
            """
        ),
    ),
]


@pytest.mark.parametrize(
    ("source", "expected"), [g[1:] for g in GOLDEN], ids=[g[0] for g in GOLDEN]
)
def test_golden_layout(source: str, expected: str) -> None:
    assert canonical(source) == expected
    assert canonical(expected) == expected


# ---------------------------------------------------------------------------------------------
# Comments.

COMMENT_GOLDEN: list[tuple[str, str, str]] = [
    (
        "file header, comments before definitions and at the end",
        dedent(
            """
            # The shop's segments.
            # Second header line.


            # Big spenders.
            segment vip = top 10% by spend_365d
            # About lapsed.
            segment lapsed = last_order >= 180d


            # The end.
            """
        ),
        dedent(
            """
            # The shop's segments.
            # Second header line.

            # Big spenders.
            segment vip = top 10% by spend_365d

            # About lapsed.
            segment lapsed = last_order >= 180d

            # The end.
            """
        ),
    ),
    (
        "a comment group separated from the next definition stays separated",
        "segment a = x\n# loose note\n\n# about b\nsegment b = y\n",
        "segment a = x\n\n# loose note\n\n# about b\nsegment b = y\n",
    ),
    (
        "trailing comment on a one-line segment",
        "segment a = x   # why x\nsegment b = y#and y   \n",
        "segment a = x  # why x\n\nsegment b = y  #and y\n",
    ),
    (
        "comments between operands keep a short chain broken",
        dedent(
            """
            segment a =
                consent_email  # must have consented
                # and never bought:
                and purchases = 0
            """
        ),
        dedent(
            """
            segment a =
                consent_email  # must have consented
                # and never bought:
                and purchases = 0
            """
        ),
    ),
    (
        "a comment after `=` keeps the body on the next line",
        "segment a =   # the body is short\n  x and y\n",
        "segment a =  # the body is short\n    x and y\n",
    ),
    (
        "comments inside a parenthesized chain",
        dedent(
            """
            segment a = x and (  # either
              b # this
              or c # or that
            ) # done
            """
        ),
        dedent(
            """
            segment a =
                x
                and (  # either
                    b  # this
                    or c  # or that
                )  # done
            """
        ),
    ),
    (
        "comments in a partition",
        dedent(
            """
            partition p = # stages
              # first the leads
              "lead" when leads # no orders
              "new" when new_customers
              # everyone else
              otherwise "other" # fallback
            """
        ),
        dedent(
            """
            partition p =  # stages
                # first the leads
                "lead" when leads  # no orders
                "new" when new_customers
                # everyone else
                otherwise "other"  # fallback
            """
        ),
    ),
    (
        "comments between list items keep one item per line",
        'segment a = country in ["DE", # Germany\n "AT", "CH"]\n',
        dedent(
            """
            segment a =
                country in [
                    "DE",  # Germany
                    "AT",
                    "CH",
                ]
            """
        ),
    ),
    (
        "a comment where no line break can go moves to the end of its line",
        "segment a = count(orders # all of them\n) > 2\n",
        "segment a = count(orders) > 2  # all of them\n",
    ),
    (
        "a comment on its own line inside a call moves above the line",
        "segment a = count(orders\n  # all of them\n) > 2 and b\n",
        "# all of them\nsegment a = count(orders) > 2 and b\n",
    ),
    (
        "a hash inside a string is not a comment",
        "segment a = name = '# not a comment' # a comment\n",
        'segment a = name = "# not a comment"  # a comment\n',
    ),
    (
        "a comment between the pieces of a sequence keeps them on lines of their own",
        'segment s = web where type = "add_to_cart" # adds\nthen no orders # orders\nsince\n',
        dedent(
            """\
            segment s =
                web where type = "add_to_cart"  # adds
                    then no orders  # orders
                    since
            """
        ),
    ),
    ("only comments", "# one\n\n\n# two\n", "# one\n\n# two\n"),
    ("nothing at all", "\n\n", ""),
]


@pytest.mark.parametrize(
    ("source", "expected"), [g[1:] for g in COMMENT_GOLDEN], ids=[g[0] for g in COMMENT_GOLDEN]
)
def test_comments_stay_in_place(source: str, expected: str) -> None:
    assert canonical(source) == expected
    assert canonical(expected) == expected


def test_call_with_several_arguments() -> None:
    assert canonical("segment a = f( x,y ) > 1\n") == "segment a = f(x, y) > 1\n"


def test_windows_line_endings_become_unix() -> None:
    assert canonical("# note\r\nsegment a = x  # why\r\n") == "# note\nsegment a = x  # why\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # A lone CR ends the comment, as it does for every other tool: `- 10` is code.
        (
            b"segment a = abs(purchases # c\r - 10\n) > 3\n",
            "segment a = abs(purchases - 10) > 3  # c\n",
        ),
        (
            b'segment a = purchases > 1 or # x\r country = "DE" or\n    purchases > 5\n',
            dedent(
                """
                segment a =
                    purchases > 1  # x
                    or country = "DE"
                    or purchases > 5
                """
            ),
        ),
        # Files with lone CRs are formatted (to \n line ends) like any other.
        (b"# note\rsegment a = x\rsegment b = y\r", "# note\nsegment a = x\n\nsegment b = y\n"),
        # A comment after `otherwise` stays on its line, after the own-line comments above.
        (
            b'partition p =\n    "x" when purchases > 5\n    # the rest\n    otherwise # about z\n'
            b'    "z"\n',
            'partition p =\n    "x" when purchases > 5\n    # the rest\n'
            '    otherwise "z"  # about z\n',
        ),
        # Control characters and line and paragraph separators are written as escapes.
        (
            'segment a = name in ["\x0b\x0c\x1f\x7f", "\x85\u2028\u2029", "\\u000b"]\n'.encode(),
            'segment a = name in ["\\u000b\\u000c\\u001f\\u007f", "\\u0085\\u2028\\u2029",'
            ' "\\u000b"]\n',
        ),
        # A surrogate pair is one character (writing the file used to fail).
        (
            b'segment a = name = "\\ud83d\\ude00" or name = "\\U0001F600"\n',
            'segment a = name = "😀" or name = "😀"\n',
        ),
    ],
)
def test_fmt_regressions(runner: CliRunner, tmp_path: Path, source: bytes, expected: str) -> None:
    file = tmp_path / "a.seg"
    file.write_bytes(source)
    before = parse_file(file)
    result = runner.invoke(main, ["fmt", str(file)])
    assert result.exit_code == 0, result.output
    assert file.read_bytes().decode("utf-8") == expected
    assert parse_file(file).definitions == before.definitions


def test_syntax_error_is_a_located_diagnostic() -> None:
    with pytest.raises(SegdslError) as raised:
        format_source("segment a = b and\n", "bad.seg")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "E102"
    assert diagnostic.span is not None and diagnostic.span.source.name == "bad.seg"


def test_shop_segments_are_canonical() -> None:
    text = (EXAMPLES / "shop/segments.seg").read_text(encoding="utf-8")
    assert format_source(text) == text


# ---------------------------------------------------------------------------------------------
# Trees built in code: parentheses only where precedence needs them.

_SRC = Source("<built>", "")


def _span() -> Span:
    return Span(_SRC, 0, 0)


def n(name: str) -> ast.Name:
    return ast.Name(name, _span())


def i(value: int) -> ast.IntLit:
    return ast.IntLit(value, _span())


def both(op: str, *operands: ast.Expr) -> ast.BoolOp:
    assert op in ("and", "or")
    return ast.BoolOp(op, operands, _span())  # type: ignore[arg-type]


def arith(op: ast.ArithOp, left: ast.Expr, right: ast.Expr) -> ast.Arith:
    return ast.Arith(op, left, right, _span())


def compare(op: ast.CompareOp, left: ast.Expr, right: ast.Expr) -> ast.Compare:
    return ast.Compare(op, left, right, _span())


BUILT: list[tuple[ast.Expr, str]] = [
    (both("and", both("or", n("a"), n("b")), n("c")), "(a or b) and c"),
    (both("or", both("and", n("a"), n("b")), n("c")), "a and b or c"),
    (both("or", n("a"), both("or", n("b"), n("c"))), "a or (b or c)"),
    (ast.Not(both("and", n("a"), n("b")), _span()), "not (a and b)"),
    (ast.Not(compare("<", n("a"), n("b")), _span()), "not a < b"),
    (arith("-", n("a"), arith("-", n("b"), n("c"))), "a - (b - c)"),
    (arith("-", arith("-", n("a"), n("b")), n("c")), "a - b - c"),
    (arith("*", arith("+", n("a"), n("b")), n("c")), "(a + b) * c"),
    (arith("+", n("a"), arith("*", n("b"), n("c"))), "a + b * c"),
    (arith("/", n("a"), arith("/", n("b"), n("c"))), "a / (b / c)"),
    (arith("*", n("a"), i(-2)), "a * -2"),
    (ast.Negate(arith("+", n("a"), i(1)), _span()), "-(a + 1)"),
    (ast.Negate(ast.Negate(n("a"), _span()), _span()), "- -a"),
    (compare("=", compare("<", n("a"), n("b")), ast.BoolLit(True, _span())), "(a < b) = true"),
    (
        ast.In(n("x"), ast.ListLit((i(1), both("or", n("a"), n("b"))), _span()), False, _span()),
        "x in [1, a or b]",
    ),
    (
        ast.Call("count", (n("orders"),), both("and", n("a"), n("b")), _span(), _span()),
        "count(orders where a and b)",
    ),
    (
        ast.TopPercent("top", arith("+", i(5), i(5)), n("m"), _span()),
        "top 5 + 5% by m",
    ),
    (ast.DecimalLit(Decimal("1E+2"), _span()), "100.0"),
    (ast.TimestampLit(dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC), _span()), "2024-01-01T12:00:00"),
    (ast.StringLit('say "hi"\n', _span()), '"say \\"hi\\"\\n"'),
    (ast.DurationLit(6, "mo", _span()), "6mo"),
]


@pytest.mark.parametrize(("tree", "expected"), BUILT, ids=[b[1] for b in BUILT])
def test_built_trees_get_minimal_parentheses(tree: ast.Expr, expected: str) -> None:
    text = format_expression(tree)
    assert text == expected
    # The text means the tree: the same once the parentheses the formatter added are dropped.
    assert _strip_groups(parse_expression(text)) == _strip_groups(tree)


def _strip_groups(expr: ast.Expr) -> object:
    import dataclasses

    if isinstance(expr, ast.Group):
        return _strip_groups(expr.inner)
    if isinstance(expr, ast.TimestampLit) and expr.value.tzinfo is not None:
        return ("TimestampLit", expr.value.astimezone(dt.UTC).replace(tzinfo=None))
    if not dataclasses.is_dataclass(expr):
        return expr
    values: list[object] = [type(expr).__name__]
    for f in dataclasses.fields(expr):
        if not f.compare:
            continue
        value = getattr(expr, f.name)
        if isinstance(value, tuple):
            values.append(tuple(_strip_groups(v) for v in value))
        elif dataclasses.is_dataclass(value):
            values.append(_strip_groups(value))  # type: ignore[arg-type]
        else:
            values.append(value)
    return tuple(values)


def test_format_module_of_a_built_module() -> None:
    source = Source("<built>", "")
    body = both("and", both("or", n("a"), n("b")), n("c"))
    definition = ast.SegmentDef("s", "built in code", body, Span(source, 0, 0), Span(source, 0, 0))
    module = ast.Module((definition,), (), source)
    assert format_module(module) == 'segment s "built in code" = (a or b) and c\n'


# ---------------------------------------------------------------------------------------------
# Schema metrics.

SCHEMA = dedent(
    r"""
    # The shop.
    entity: customer
    table: customers
    key: customer_id
    attributes: {country: string}     # flow style stays
    events:
      orders: {table: orders, time: created_at, fields: {amount: decimal, category: string}}
      email: {table: email_events, time: ts, fields: {type: string}}
    metrics:
      purchases:   count( orders )    # spacing
      spend: sum(orders.amount)
      last_open: 'max(email.ts where type = ''open'')'
      last_click: "max(email.ts where type = 'click')"
      described: {expr: "avg( orders.amount )", description: Average order}
      flow: {expr: sum( orders.amount where category = 'a' ), description: Flow style}
      noncharacter: "count(orders where category = \"\\uffff\")"
      block: |
        count( orders )
    sets:
      DACH: [DE, AT, CH]
    """
)


def test_schema_metrics_are_rewritten_in_place() -> None:
    out = format_schema_text(SCHEMA, "schema.yaml")
    expected = (
        SCHEMA.replace("count( orders )    #", "count(orders)    #")
        .replace("'max(email.ts where type = ''open'')'", "'max(email.ts where type = \"open\")'")
        .replace(
            "\"max(email.ts where type = 'click')\"", '"max(email.ts where type = \\"click\\")"'
        )
        .replace('"avg( orders.amount )"', '"avg(orders.amount)"')
        .replace(
            "sum( orders.amount where category = 'a' )",
            'sum(orders.amount where category = "a")',
        )
    )
    assert out == expected
    # Block scalars are left alone, and so are metrics no one-line YAML scalar can hold (the
    # canonical form of this one has a raw U+FFFF, which YAML does not allow).
    assert "block: |\n    count( orders )\n" in out
    assert 'noncharacter: "count(orders where category = \\"\\\\uffff\\")"' in out
    assert format_schema_text(out, "schema.yaml") == out


def test_schema_metrics_still_load(tmp_path: Path) -> None:
    from segdsl.semantics.schema import parse_schema

    out = format_schema_text(SCHEMA, "schema.yaml")
    before = parse_schema(SCHEMA, "schema.yaml")
    after = parse_schema(out, "schema.yaml")
    assert {k: m.expr for k, m in before.metrics.items()} == {
        k: m.expr for k, m in after.metrics.items()
    }


def test_format_schema_metrics_reports_and_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(SCHEMA, encoding="utf-8")
    names = format_schema_metrics(path)
    assert names == ["purchases", "last_open", "last_click", "described", "flow"]
    assert path.read_text(encoding="utf-8") == SCHEMA
    assert format_schema_metrics(path, write=True) == names
    assert format_schema_metrics(path) == []


def test_schema_metric_syntax_error_points_into_the_schema() -> None:
    text = "entity: c\ntable: t\nkey: k\nmetrics:\n  bad: count(orders where)\n"
    with pytest.raises(SegdslError) as raised:
        format_schema_text(text, "s.yaml")
    (diagnostic,) = raised.value.diagnostics
    assert "in metric 'bad'" in diagnostic.message
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.source.name) == (5, "s.yaml")


def test_shop_schema_is_canonical() -> None:
    text = (EXAMPLES / "shop/schema.yaml").read_text(encoding="utf-8")
    assert format_schema_text(text, "schema.yaml") == text


# ---------------------------------------------------------------------------------------------
# The command line.

UGLY = "segment a='x'=b  and(c or d)\nsegment b = y\n"
PRETTY = 'segment a = "x" = b and (c or d)\n\nsegment b = y\n'


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_fmt_rewrites_files(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "a.seg"
    file.write_text(UGLY, encoding="utf-8")
    file.chmod(0o640)
    result = runner.invoke(main, ["fmt", str(file)])
    assert result.exit_code == 0, result.output
    assert file.read_text(encoding="utf-8") == PRETTY
    assert stat.S_IMODE(file.stat().st_mode) == 0o640
    assert f"reformatted {file}" in result.stderr
    assert "1 file reformatted, 0 files already formatted" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.seg"]  # no temporary left


def test_fmt_leaves_canonical_files_untouched(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "a.seg"
    file.write_text(PRETTY, encoding="utf-8")
    os.utime(file, (1_000_000, 1_000_000))
    before = file.stat()
    result = runner.invoke(main, ["fmt", str(file)])
    assert result.exit_code == 0, result.output
    after = file.stat()
    assert (after.st_ino, after.st_mtime) == (before.st_ino, before.st_mtime)
    assert "0 files reformatted, 1 file already formatted" in result.stderr


def test_fmt_writes_atomically_in_the_same_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "a.seg"
    file.write_text(UGLY, encoding="utf-8")
    replaced: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        replaced.append((Path(src), Path(dst)))
        assert Path(src).read_text(encoding="utf-8") == PRETTY
        assert Path(dst).read_text(encoding="utf-8") == UGLY  # untouched until the rename
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    result = runner.invoke(main, ["fmt", str(file)])
    assert result.exit_code == 0, result.output
    ((src, dst),) = replaced
    # Written beside the file (in a temporary folder there): the rename stays on one filesystem.
    assert src.parent.parent == file.parent and dst == file and src != file


def test_fmt_failed_write_keeps_the_original(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "a.seg"
    file.write_text(UGLY, encoding="utf-8")

    def broken(src: str, dst: str) -> None:
        raise PermissionError("read-only folder")

    monkeypatch.setattr(os, "replace", broken)
    result = runner.invoke(main, ["fmt", str(file)])
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.output
    assert file.read_text(encoding="utf-8") == UGLY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.seg"]


def test_fmt_check_lists_files_and_changes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    ugly, pretty = tmp_path / "ugly.seg", tmp_path / "pretty.seg"
    ugly.write_text(UGLY, encoding="utf-8")
    pretty.write_text(PRETTY, encoding="utf-8")
    result = runner.invoke(main, ["fmt", "--check", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout == f"would reformat {ugly}\n"
    assert "1 file would be reformatted, 1 file already formatted" in result.stderr
    assert ugly.read_text(encoding="utf-8") == UGLY

    result = runner.invoke(main, ["fmt", "--check", str(pretty)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_fmt_diff_prints_a_unified_diff(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "a.seg"
    file.write_text(UGLY, encoding="utf-8")
    result = runner.invoke(main, ["fmt", "--diff", str(file)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- {file}\n+++ {file} (formatted)\n@@")
    assert "-segment a='x'=b  and(c or d)\n" in result.stdout
    assert '+segment a = "x" = b and (c or d)\n' in result.stdout
    assert file.read_text(encoding="utf-8") == UGLY

    file.write_text(PRETTY, encoding="utf-8")
    result = runner.invoke(main, ["fmt", "--diff", str(file)])
    assert (result.exit_code, result.stdout) == (0, "")


def test_fmt_diff_marks_a_missing_final_newline(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "a.seg"
    file.write_text("segment a =  b", encoding="utf-8")
    result = runner.invoke(main, ["fmt", "--diff", str(file)])
    assert result.exit_code == 1
    assert "-segment a =  b\n\\ No newline at end of file\n+segment a = b\n" in result.stdout


def test_fmt_stdin_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["fmt", "-"], input=UGLY)
    assert result.exit_code == 0, result.output
    assert result.stdout == PRETTY

    result = runner.invoke(main, ["fmt", "--check", "-"], input=UGLY)
    assert (result.exit_code, result.stdout) == (1, "would reformat <stdin>\n")
    result = runner.invoke(main, ["fmt", "--check", "-"], input=PRETTY)
    assert (result.exit_code, result.stdout) == (0, "")


def test_fmt_syntax_error_is_reported_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.seg", tmp_path / "good.seg"
    bad.write_text("segment a = b and\n", encoding="utf-8")
    good.write_text(UGLY, encoding="utf-8")
    result = runner.invoke(main, ["fmt", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{bad}:1:18: error[E102]" in result.stderr
    assert "^" in result.stderr and "Traceback" not in result.output
    assert good.read_text(encoding="utf-8") == PRETTY  # the other files are still formatted
    assert bad.read_text(encoding="utf-8") == "segment a = b and\n"

    result = runner.invoke(main, ["fmt", "-"], input="segment = x\n")
    assert result.exit_code == 1
    assert "<stdin>:1:9: error[E102]" in result.stderr and result.stdout == ""


def test_fmt_unreadable_file_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "latin1.seg"
    file.write_bytes("segment a = x = 'é'\n".encode("latin-1"))
    result = runner.invoke(main, ["fmt", str(file)])
    assert result.exit_code == 1
    assert "error[E600]: cannot read" in result.stderr and "Traceback" not in result.output


def test_fmt_needs_existing_paths(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["fmt", str(tmp_path / "missing.seg")])
    assert result.exit_code == 2
    result = runner.invoke(main, ["fmt"])
    assert result.exit_code == 2


def test_fmt_folders_are_searched_recursively(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "deep/er").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    deep = tmp_path / "deep/er/x.seg"
    deep.write_text(UGLY, encoding="utf-8")
    hidden = tmp_path / ".hidden/y.seg"
    hidden.write_text(UGLY, encoding="utf-8")
    schema = tmp_path / "deep/schema.yaml"
    schema.write_text(SCHEMA, encoding="utf-8")
    other = tmp_path / "ci.yaml"
    other.write_text("metrics: {a: count( x )}\njobs: [1]\n", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("segment a =  b\n", encoding="utf-8")

    assert fmt.discover([tmp_path]) == [deep, schema]

    result = runner.invoke(main, ["fmt", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert deep.read_text(encoding="utf-8") == PRETTY
    assert schema.read_text(encoding="utf-8") == format_schema_text(SCHEMA)
    assert hidden.read_text(encoding="utf-8") == UGLY
    assert other.read_text(encoding="utf-8") == "metrics: {a: count( x )}\njobs: [1]\n"


def test_fmt_check_examples_is_clean(runner: CliRunner) -> None:
    result = runner.invoke(main, ["fmt", "--check", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert "0 files would be reformatted" in result.stderr


# ---------------------------------------------------------------------------------------------
# Properties over random programs. The generator writes source text directly (so it covers
# spelling variants: quotes, escapes, leading zeros, timestamps with a space or `Z`, spaces
# around `.`, trailing commas) with random line breaks and comments between any two tokens.

_KEYWORDS = set(KEYWORDS)
_FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
NAMES = st.one_of(
    st.builds(
        str.__add__,
        st.sampled_from(_FIRST),
        st.text(alphabet=_FIRST + "0123456789", max_size=6),
    ),
    st.builds(
        str.__add__, st.sampled_from("abc"), st.text(alphabet="xyz_", min_size=18, max_size=40)
    ),
    st.sampled_from(["notable", "in_x", "orders", "AND", "Or", "topx", "bytes"]),
).filter(lambda name: name not in _KEYWORDS)


# Every kind of character a string can hold: quotes and backslash, line ends, other control
# characters, line and paragraph separators, other scripts, combining marks, characters outside
# the Basic Multilingual Plane, and anything else Unicode has (NUL aside: strings cannot hold it).
_STRING_CHARS = st.one_of(
    st.sampled_from(
        [
            *"ab Z#'\"\\\n\r\t\v\f\x1c\x1f\x7f\x85\xa0\u2028\u2029é€_-=%\u0301\u200d",
            *("\U0001f600", "\U00010000", "\U0010ffff"),
        ]
    ),
    st.characters(exclude_categories=["Cs"], exclude_characters="\0"),
)
_SHORT_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "'": "\\'"}


def _written(char: str, quote: str, style: int) -> str:
    """`char` inside a literal quoted with `quote`: as itself (style 0, where it may stand raw),
    a short escape (1), `\\u` escapes (2; a surrogate pair outside the BMP) or `\\U` (3 and the
    fallback)."""
    code = ord(char)
    if style == 0 and char not in ("\\", "\n", "\r", quote):
        return char
    if style == 1 and char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if style == 2 and code <= 0xFFFF:
        return f"\\u{code:04x}"
    if style == 2:
        high, low = divmod(code - 0x10000, 0x400)
        return f"\\u{0xD800 + high:04X}\\u{0xDC00 + low:04x}"
    return f"\\U{code:08x}"


@st.composite
def string_literals(draw: st.DrawFn) -> str:
    quote = draw(st.sampled_from(['"', "'"]))
    if draw(st.integers(0, 4)) == 0:  # long enough to break lines
        return quote + draw(st.text(alphabet="abc ", min_size=30, max_size=70)) + quote
    chars = draw(st.lists(_STRING_CHARS, max_size=12))
    return quote + "".join(_written(c, quote, draw(st.integers(0, 3))) for c in chars) + quote


STRINGS = string_literals()


def _timestamp(value: dt.datetime, sep: str, spec: str, zulu: bool) -> str:
    return value.isoformat(sep=sep, timespec=spec) + ("Z" if zulu else "")


ATOMS = st.one_of(
    st.builds(lambda v, width: str(v).zfill(width), st.integers(0, 10**12), st.integers(0, 4)),
    st.builds(
        lambda whole, frac: f"{whole}.{frac}",
        st.integers(0, 999),
        st.text(alphabet="0123456789", min_size=1, max_size=4),
    ),
    STRINGS,
    st.sampled_from(["true", "false", "now"]),
    st.dates().map(dt.date.isoformat),
    st.builds(
        _timestamp,
        st.datetimes(),
        st.sampled_from(["T", " "]),
        st.sampled_from(["minutes", "seconds", "milliseconds", "microseconds"]),
        st.booleans(),
    ),
    st.builds(
        lambda amount, unit: f"{amount}{unit}",
        st.integers(0, 999),
        st.sampled_from(["h", "d", "w", "mo", "y"]),
    ),
    NAMES,
    st.builds(
        lambda a, b, spaced: f"{a} . {b}" if spaced else f"{a}.{b}", NAMES, NAMES, st.booleans()
    ),
)

# Grammar levels, loosest first: or 1, and 2, not 3, predicate 4, sum 5, product 6, unary 7,
# atom 8. An operand that binds looser than its position allows gets parentheses.
_KINDS = [
    "atom",
    "atom",
    "call",
    "list",
    "group",
    "negate",
    "sum",
    "product",
    "compare",
    "in",
    "between",
    "missing",
    "match",
    "top",
    "sequence",
    "not",
    "and",
    "or",
]


def _joined(parts: list[list[str]], separator: str) -> list[str]:
    tokens: list[str] = []
    for index, part in enumerate(parts):
        if index:
            tokens.append(separator)
        tokens += part
    return tokens


@st.composite
def expressions(draw: st.DrawFn, depth: int = 4, needed: int = 0) -> list[str]:
    """Tokens of a random expression of every node kind, nested up to `depth`."""
    kind = draw(st.sampled_from(_KINDS if depth > 0 else ["atom"]))

    def sub(level: int) -> list[str]:
        return draw(expressions(depth - 1, level))

    tokens: list[str]
    if kind == "atom":
        tokens, level = [draw(ATOMS)], 8
    elif kind == "call":
        args = [sub(0) for _ in range(draw(st.integers(0, 3)))]
        tokens = [draw(st.sampled_from(FUNCTIONS) | NAMES), "(", *_joined(args, ",")]
        if draw(st.booleans()) and args:
            if len(args) > 1 or len(args[-1]) > 1:
                # A name right before `where` at the start of a condition begins the stream
                # and filter of an aggregate or a sequence (grammar/segdsl.lark): a compound
                # argument before `where` is in parentheses.
                tokens = [*tokens[: -len(args[-1])], "(", *args[-1], ")"]
            tokens += ["where", *sub(0)]
        tokens, level = [*tokens, ")"], 8
    elif kind == "list":
        items = [sub(0) for _ in range(draw(st.integers(0, 5)))]
        trailing = [","] if draw(st.booleans()) and items else []
        tokens, level = ["[", *_joined(items, ","), *trailing, "]"], 8
    elif kind == "group":
        tokens, level = ["(", *sub(0), ")"], 8
    elif kind == "negate":
        tokens, level = ["-", *sub(7)], 7
    elif kind == "sum":
        tokens, level = [*sub(5), draw(st.sampled_from(["+", "-"])), *sub(6)], 5
    elif kind == "product":
        tokens, level = [*sub(6), draw(st.sampled_from(["*", "/"])), *sub(7)], 6
    elif kind == "compare":
        op = draw(st.sampled_from(["=", "!=", "<", "<=", ">", ">="]))
        tokens, level = [*sub(5), op, *sub(5)], 4
    elif kind == "in":
        keyword = draw(st.sampled_from([["in"], ["not", "in"]]))
        tokens, level = [*sub(5), *keyword, *sub(5)], 4
    elif kind == "between":
        keyword = draw(st.sampled_from([["between"], ["not", "between"]]))
        tokens, level = [*sub(5), *keyword, *sub(5), "and", *sub(5)], 4
    elif kind == "missing":
        tokens, level = [*sub(5), "is", draw(st.sampled_from(["missing", "present"]))], 4
    elif kind == "match":
        keyword = draw(st.sampled_from([["contains"], ["starts", "with"], ["ends", "with"]]))
        tokens, level = [*sub(5), *keyword, *sub(5)], 4
    elif kind == "top":
        direction = draw(st.sampled_from(["top", "bottom"]))
        tokens, level = [direction, *sub(5), "%", "by", *sub(5)], 4
    elif kind == "sequence":
        tokens = [draw(NAMES), "where", *sub(0), "then"]
        tokens += ["no"] if draw(st.booleans()) else []
        tokens += [draw(NAMES)]
        tokens += ["where", *sub(0)] if draw(st.booleans()) else []
        if draw(st.integers(0, 3)) == 0:
            tokens += ["since"]  # open-ended (`then no` or, an error the checker finds, `then`)
        else:
            unit = draw(st.sampled_from(["h", "d", "mo"]))
            tokens += ["within", f"{draw(st.integers(0, 99))}{unit}"]
            if draw(st.booleans()):
                tokens += ["without", draw(NAMES)]
                # The filter after `without` is one condition (grammar level 3).
                tokens += ["where", *sub(3)] if draw(st.booleans()) else []
        level = 4
    elif kind == "not":
        tokens, level = ["not", *sub(3)], 3
    else:
        operand_level, level = (3, 2) if kind == "and" else (2, 1)
        operands = [sub(operand_level) for _ in range(draw(st.integers(2, 4)))]
        tokens = _joined(operands, kind)
    if level < needed or draw(st.integers(0, 9)) == 0:
        tokens = ["(", *tokens, ")"]
    return tokens


@st.composite
def definitions(draw: st.DrawFn) -> list[str]:
    name = draw(NAMES)
    description = [draw(STRINGS)] if draw(st.booleans()) else []
    if draw(st.integers(0, 3)) == 0:
        tokens = ["partition", name, *description, "="]
        for _ in range(draw(st.integers(1, 3))):
            tokens += [draw(STRINGS), "when", *draw(expressions(3))]
        return [*tokens, "otherwise", draw(STRINGS)]
    return ["segment", name, *description, "=", *draw(expressions(4))]


# Comment bodies hold anything but a line end (tabs, form feeds, separators that are no line
# end, emoji…); each comment starts with a tag `[cN]` so that it can be found after formatting.
_COMMENT_BODIES = st.text(alphabet=list("ab #'\"x-\t\v\f\x1c\x85\u2028é😀"), max_size=10)
# Every line end segdsl reads: `\n`, `\r\n` and a lone `\r`, in a file one kind or mixed.
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def programs(draw: st.DrawFn) -> str:
    """A segment file with random line ends and comments between any two tokens."""
    line_ends = draw(st.sampled_from([st.just("\n"), st.just("\r\n"), st.just("\r"), LINE_ENDS]))
    tags = itertools.count()

    def comment() -> str:
        return f"#[c{next(tags)}]{draw(_COMMENT_BODIES)}"

    def separator() -> str:
        choice = draw(st.integers(0, 12))
        end = draw(line_ends)
        if choice <= 5:
            return " "
        if choice <= 7:
            return draw(st.sampled_from([end, end + "    ", end + end, "  "]))
        return f"  {comment()}{end}    " if choice <= 10 else f"{end}{comment()}{end}"

    tokens = [token for d in draw(st.lists(definitions(), max_size=4)) for token in d]
    parts = [comment() + draw(line_ends)] if draw(st.booleans()) else []
    for index, token in enumerate(tokens):
        if index:
            parts.append(separator())
        parts.append(token)
    if draw(st.booleans()):
        parts.append(" " + comment())
    return "".join(parts) + draw(line_ends)


# Tokens the formatter may drop: a list's trailing comma, and the minus signs of `- -5` and
# `- 0` (the numbers 5 and 0). A minus goes with the operand after it.
_DROPPABLE = {"COMMA", "MINUS", "WS", "COMMENT"}
_TAG = re.compile(r"#\[c\d+\]")


@dataclass(frozen=True)
class _Placed:
    """Where a comment stands: its line, whether it is alone on it, the index of the first kept
    token after it, the kept tokens before it on its line, and its comment token's text."""

    line: int
    own_line: bool
    next_token: int
    before_on_line: frozenset[int]
    text: str


def _placement(text: str) -> tuple[list[str], list[int], dict[str, _Placed]]:
    """The kept tokens' types and lines, and every tagged comment's place, of a segment file
    read with `\n` line ends."""
    types: list[str] = []
    lines: list[int] = []
    minus_lines: list[tuple[int, int]] = []  # (line, index of the operand's first kept token)
    comments: dict[str, _Placed] = {}
    for token in grammar().lex(text, dont_ignore=True):
        start = token.start_pos or 0
        line = text.count("\n", 0, start)
        if token.type == "MINUS":
            minus_lines.append((line, len(types)))
        elif token.type == "COMMENT":
            line_start = text.rfind("\n", 0, start) + 1
            on_line = frozenset(i for i, at in enumerate(lines) if at == line) | {
                operand for at, operand in minus_lines if at == line
            }
            for tag in _TAG.finditer(str(token)):
                place = _Placed(
                    line,
                    not text[line_start:start].strip(),
                    len(types),
                    on_line,
                    str(token)[tag.start() :],
                )
                comments[tag.group()] = place
        elif token.type not in _DROPPABLE:
            types.append(token.type)
            lines.append(line)
    return types, lines, comments


def _outside_comments(text: str) -> str:
    lexed = grammar().lex(text, dont_ignore=True)
    return "".join(str(token) for token in lexed if token.type != "COMMENT")


# The number of examples comes from the Hypothesis profile (tests/conftest.py).
PROPERTY_SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(programs())
def test_formatting_keeps_meaning_and_comment_places(text: str) -> None:
    """`segdsl fmt` on a file, then the file read back as every tool reads it: the same
    definitions, every comment next to the code it stood next to, no raw control character in
    the code, canonical lines, and a second run changes nothing."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "a.seg"
        file.write_bytes(text.encode("utf-8"))
        before = file.read_text(encoding="utf-8")  # universal newlines
        result = runner.invoke(main, ["fmt", str(file)])
        assert result.exit_code == 0, result.output
        formatted = file.read_bytes().decode("utf-8")
        assert parse_file(file).definitions == parse_module(before).definitions
        again = runner.invoke(main, ["fmt", str(file)])
        assert again.exit_code == 0, again.output
        assert file.read_bytes().decode("utf-8") == formatted

    assert "\r" not in formatted
    lines = formatted.split("\n")
    assert formatted == "" or (formatted.endswith("\n") and not formatted.endswith("\n\n"))
    assert all(line == line.rstrip() for line in lines)
    assert "\n\n\n" not in formatted
    assert not formatted.startswith("\n")
    raw = [
        ch
        for ch in _outside_comments(formatted)
        if ch != "\n" and unicodedata.category(ch) in ("Cc", "Zl", "Zp")
    ]
    assert not raw, raw

    types, _, old = _placement(before)
    new_types, new_lines, new = _placement(formatted)
    assert new_types == types
    assert new.keys() == old.keys()
    for tag, was in old.items():
        now = new[tag]
        assert was.text.rstrip() in now.text, tag
        assert now.own_line == was.own_line, tag
        if was.own_line:
            # Stays above the line of the code after it (just above, or above the start of
            # that line where the layout has no break at its place).
            after = was.next_token
            assert now.next_token <= after, tag
            if after < len(types):
                assert now.next_token < len(types), tag
                assert new_lines[now.next_token] == new_lines[after], tag
            else:
                assert now.next_token == len(types), tag
        elif was.before_on_line:
            # Stays at the end of a line that holds code it stood after.
            assert was.before_on_line & {i for i, at in enumerate(new_lines) if at == now.line}


@PROPERTY_SETTINGS
@given(expressions(5))
def test_expressions_round_trip(tokens: list[str]) -> None:
    text = " ".join(tokens)
    expr = parse_expression(text)
    once = format_expression(expr)
    assert parse_expression(once) == expr
    assert format_expression(parse_expression(once)) == once
