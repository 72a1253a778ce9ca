"""`segdsl lint`: every rule with a true positive and a near miss, configuration, suppressions,
fixes, the output formats through the command line, and the reasoning checked by brute force."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from segdsl.api import check, load_schema, schema_from_text
from segdsl.cli import main
from segdsl.diagnostics import SegdslError, Severity
from segdsl.lint import (
    RULES,
    LintConfig,
    config_from_table,
    explain,
    find_rule,
    fix_text,
    lint_module,
    lint_text,
)
from segdsl.lint.findings import Edit, Fix, apply_fixes
from segdsl.lint.output import render_github, render_text, sarif_log
from segdsl.lint.rules import catalogue_markdown
from segdsl.semantics.checker import check_module
from segdsl.semantics.reasoning import Interval, IntervalSet, Reasoner, ValueSet
from segdsl.semantics.reference import Dataset, Evaluator, load_dataset
from segdsl.semantics.schema import Schema
from segdsl.syntax.ast import SegmentDef
from segdsl.syntax.parser import parse_module
from tests.support.shop_fixture import AS_OF as FIXTURE_AS_OF
from tests.support.shop_fixture import build

ROOT = Path(__file__).parents[2]
SHOP_SCHEMA = ROOT / "examples/shop/schema.yaml"
SHOP_SEGMENTS = ROOT / "examples/shop/segments.seg"

# The shop schema plus a deprecated attribute and a never-missing enum.
_EXTRA = """  consent_email: bool
  legacy_score: {type: int, deprecated: true, description: "replaced by the rfm partitions"}
  tier: {type: enum, values: [gold, silver], nullable: false}
"""


@pytest.fixture(scope="module")
def schema() -> Schema:
    text = SHOP_SCHEMA.read_text(encoding="utf-8").replace("  consent_email: bool\n", _EXTRA)
    return schema_from_text(text, "schema.yaml")


def codes(text: str, schema: Schema, config: LintConfig | None = None) -> list[str]:
    return [f.code for f in lint_text(text, "t.seg", schema, config)]


def seg(body: str) -> str:
    return f"segment s = {body}\n"


BIG_LIST = "[" + ", ".join(f'"{i:05d}"' for i in range(51)) + "]"
OK_LIST = "[" + ", ".join(f'"{i:05d}"' for i in range(50)) + "]"
TIER_BAD = """partition lifecycle =
    "buyer" when purchases >= 1
    "loyal" when purchases >= 5
    otherwise "lead"
"""
TIER_GOOD = """partition lifecycle =
    "loyal" when purchases >= 5
    "buyer" when purchases >= 1
    otherwise "lead"
"""

# (code, a module the rule must flag, a near miss it must not flag)
CASES: list[tuple[str, str, str]] = [
    # SEG001: contradictions found by interval and set reasoning.
    ("SEG001", seg("purchases > 5 and purchases < 2"), seg("purchases > 5 and purchases < 9")),
    ("SEG001", seg("purchases > 5 and purchases < 6"), seg("purchases > 5 and purchases < 7")),
    # A sequence that holds has its events (`then no`: only the first).
    (
        "SEG001",
        seg('email where type = "click" then orders within 7d and purchases = 0'),
        seg('email where type = "click" then no orders within 7d and purchases = 0'),
    ),
    (
        "SEG001",
        seg("web where ts < 7d then no orders within 1d and count(web where ts < 7d) = 0"),
        seg("web where ts < 7d then no orders within 1d and count(web where ts < 1d) = 0"),
    ),
    # The open-ended sequence has its first event; an order since is not implied.
    (
        "SEG001",
        seg('web where type = "view" then no orders since and count(web where type = "view") = 0'),
        seg('web where type = "view" then no orders since and purchases = 0'),
    ),
    (
        "SEG001",
        seg('country in ["PL"] and country = "DE"'),
        seg('country in ["PL", "DE"] and country = "DE"'),
    ),
    (
        "SEG001",
        seg("last_order < 30d and last_order > 60d"),
        seg("last_order > 30d and last_order < 60d"),
    ),
    (
        "SEG001",
        seg("last_order > now - 7d and last_order >= 14d"),
        seg("last_order > now - 14d and last_order >= 7d"),
    ),
    (
        "SEG001",
        seg("signup_at >= 2025-01-01 and signup_at < 2024-06-01"),
        seg("signup_at >= 2024-01-01 and signup_at < 2024-06-01"),
    ),
    # calendar periods: relative ones by periods back from today, named ones as instants
    (
        "SEG001",
        seg("last_order in this month and last_order in last month"),
        seg("last_order in this month and last_order in last 12 weeks"),
    ),
    (
        "SEG001",
        seg("birth_date in 1990 and birth_date >= 1991-01-01"),
        seg("birth_date in 1990 and birth_date >= 1990-12-31"),
    ),
    ("SEG001", seg("month(signup_at) = 13"), seg("month(signup_at) = 12")),
    ("SEG001", seg("weekday(last_order) > 7"), seg("weekday(last_order) >= 7")),
    (
        "SEG003",
        seg("signup_at in last 3 months and signup_at in last month"),
        seg("signup_at in last 3 months and signup_at in this month"),
    ),
    # through `not`, segment references and the schema's metrics
    ("SEG001", seg("not purchases <= 5 and purchases < 2"), seg("not purchases <= 5")),
    (
        "SEG001",
        "segment big = purchases > 5\nsegment s = big and count(orders) < 2\n",
        "segment big = purchases > 5\nsegment s = big or count(orders) < 2\n",
    ),
    # domain knowledge: counts are never negative and never missing
    ("SEG001", seg("purchases < 0"), seg("total_spent < 0")),
    ("SEG001", seg("purchases is missing"), seg("avg(orders.amount) is missing")),
    # the last order exists exactly when there is an order
    (
        "SEG001",
        seg("purchases = 0 and last_order < 30d"),
        seg("purchases = 0 and last_order is missing"),
    ),
    # the first and the last order exist together (min and max of one stream and filter)
    (
        "SEG001",
        seg("first_order is present and last_order is missing"),
        seg("first_order is present and last_open is missing"),
    ),
    (
        "SEG001",
        seg("avg(orders.amount) > 5 and max(orders.amount) is missing"),
        seg("avg(orders.amount) > 5 and max(orders.amount where amount > 5) is missing"),
    ),
    # a computed value is missing only when a value it reads is (or it divides by zero)
    (
        "SEG001",
        seg("length(country) is missing and country is present"),
        seg("purchases / total_spent is missing and purchases >= 1"),
    ),
    # a filter that no event passes
    (
        "SEG001",
        seg("count(orders where created_at < 30d and created_at > 60d) > 0"),
        seg("count(orders where created_at > 30d and created_at < 60d) > 0"),
    ),
    ("SEG001", seg("consent_email and not consent_email"), seg("consent_email or purchases > 0")),
    # SEG002: tautologies respect missing values
    ("SEG002", seg("purchases > 1 or purchases <= 1"), seg("purchases > 1 or purchases < 1")),
    (
        "SEG002",
        seg("purchases > 1 or purchases <= 1"),
        seg("avg(orders.amount) > 1 or avg(orders.amount) <= 1"),
    ),
    (
        "SEG002",
        seg('tier = "gold" or tier = "silver"'),
        seg('gender = "female" or gender = "male"'),
    ),
    ("SEG002", seg("count(orders) >= 0"), seg("count(orders) >= 1")),
    # the customer being evaluated is one of the customers
    ("SEG002", seg("count(customers) >= 0"), seg("count(customers where purchases > 0) >= 1")),
    ("SEG002", seg("count(customers) >= 1"), seg("count(customers) >= 2")),
    (
        "SEG002",
        seg('gender in ["female", "male", "other"] or gender is missing'),
        seg('gender in ["female", "male", "other"]'),
    ),
    # SEG003: implied / covered operands
    ("SEG003", seg("purchases > 5 and purchases > 2"), seg("purchases > 5 and purchases < 9")),
    (
        "SEG003",
        seg("last_order < 30d or last_order < 90d"),
        seg("last_order < 30d or last_order > 90d"),
    ),
    (
        "SEG003",
        seg('country = "DE" and country in DACH'),
        seg('country = "DE" or country in ["FR"]'),
    ),
    # an explicit presence guard is documentation, not redundancy
    (
        "SEG003",
        seg("purchases >= 2 and purchases >= 1"),
        seg("last_order is present and last_order < last_cart_add"),
    ),
    # SEG004: duplicates
    (
        "SEG004",
        seg('country = "DE" and purchases > 2 and country = "DE"'),
        seg('country = "DE" or purchases > 2 or country = "AT"'),
    ),
    # SEG005: comparisons of two values that may be missing
    (
        "SEG005",
        seg("last_cart_add < 24h and last_order < last_cart_add"),
        seg("last_cart_add < 24h and (last_order is missing or last_order < last_cart_add)"),
    ),
    (
        "SEG005",
        seg("avg(orders.amount) > avg(orders.amount where created_at < 90d)"),
        seg("count(orders where created_at < 90d) < count(orders)"),
    ),
    (
        "SEG005",
        seg("last_cart_add < 24h and last_order < last_cart_add"),
        seg("last_cart_add < 24h and purchases >= 1 and last_order < last_cart_add"),
    ),
    # an order in the last year means there is a last order
    (
        "SEG005",
        seg("last_cart_add < 24h and last_order < last_cart_add"),
        seg("last_cart_add < 24h and first_order < 1y and last_order < last_cart_add"),
    ),
    # SEG006: != and not = on nullable values
    ("SEG006", seg('country != "DE"'), seg('country is present and country != "DE"')),
    # a true comparison needs every value it reads, also through functions
    ("SEG006", seg('country != "DE"'), seg('lower(country) = "de" and country != "DE"')),
    ("SEG006", seg('country != "DE"'), seg('length(country) = 2 and country != "DE"')),
    ("SEG006", seg('not country = "DE"'), seg('not tier = "gold"')),
    ("SEG006", seg("country not in EU"), seg("(country is missing or country not in EU)")),
    ("SEG006", seg('gender != "male"'), seg("not last_open < 30d")),
    # SEG007: unreachable partition arms
    ("SEG007", TIER_BAD, TIER_GOOD),
    (
        "SEG007",
        'partition p =\n    "a" when purchases >= 0\n    otherwise "none"\n',
        'partition p =\n    "a" when purchases >= 1\n    otherwise "none"\n',
    ),
    (
        "SEG007",
        'partition p =\n    "a" when first_order is present\n    "b" when last_order is present\n'
        '    otherwise "none"\n',
        'partition p =\n    "a" when first_order is present\n    "b" when last_open is present\n'
        '    otherwise "none"\n',
    ),
    # SEG008 / SEG009: flagged columns, also through metrics
    ("SEG008", seg('lower(email) ends with "@example.com"'), seg('country = "DE"')),
    ("SEG009", seg("legacy_score > 3"), seg("purchases > 3")),
    # SEG010: long literal lists
    ("SEG010", seg(f"country in {BIG_LIST}"), seg(f"country in {OK_LIST}")),
    # SEG011: and inside or without parentheses
    (
        "SEG011",
        seg("consent_email or purchases > 5 and last_order < 30d"),
        seg("consent_email or (purchases > 5 and last_order < 30d)"),
    ),
    (
        "SEG011",
        seg("purchases > 5 and last_order < 30d or consent_email"),
        seg("purchases > 5 and (last_order < 30d or consent_email)"),
    ),
    # SEG012: suppressions that suppress nothing
    (
        "SEG012",
        "segment s = purchases = 1  # segdsl: ignore[SEG001]\n",
        "segment s = purchases > 5 and purchases < 2  # segdsl: ignore[SEG001]\n",
    ),
    # Behaviour: a value trait is present exactly when the count of its field is at least 1
    (
        "SEG001",
        seg("last(orders.category) is present and count(orders.category) = 0"),
        seg("last(orders.category) is missing and count(orders) >= 1"),
    ),
    (
        "SEG001",
        seg('most_frequent(orders.category) = "shoes" and purchases = 0'),
        seg('most_frequent(orders.category) = "shoes" and purchases = 1'),
    ),
    (
        "SEG001",
        seg("first(orders.created_at) is present and last_order is missing"),
        seg("first(orders.category) is missing and last_order is present"),
    ),
    ("SEG001", seg("count(distinct orders.category) < 0"), seg("active_days(web) < 1")),
    # a split is a bucket: parts of one split that cannot overlap, or the whole of it
    (
        "SEG001",
        seg('split("a") < 10% and split("a") >= 50%'),
        seg('split("a") < 10% and split("b") >= 50%'),
    ),
    ("SEG002", seg('split("a") < 100%'), seg('split("a") < 99.9%')),
    # SEG013: a salt split in two definitions
    (
        "SEG013",
        'segment a = split("s") < 10%\nsegment b = split("s") >= 90%\n',
        'segment a = split("s") < 10%\nsegment b = not a and split("t") < 10%\n',
    ),
    (
        "SEG013",
        'segment a = split("s") < 10%\npartition p =\n    "x" when split("s") < 20%\n'
        '    otherwise "y"\n',
        'partition p =\n    "x" when split("s") < 10%\n    "y" when split("s") < 20%\n'
        '    otherwise "z"\n',
    ),
]


@pytest.mark.parametrize(("code", "positive", "negative"), CASES)
def test_rule_true_positive_and_near_miss(
    code: str, positive: str, negative: str, schema: Schema
) -> None:
    assert code in codes(positive, schema), positive
    assert code not in codes(negative, schema), negative


def test_every_rule_has_cases() -> None:
    assert {rule.code for rule in RULES} == {code for code, _, _ in CASES}


def test_examples_lint_clean() -> None:
    schema = load_schema(SHOP_SCHEMA)
    module = parse_module(SHOP_SEGMENTS.read_text(encoding="utf-8"), str(SHOP_SEGMENTS))
    assert lint_module(module, schema) == []


def test_messages_and_spans(schema: Schema) -> None:
    text = seg("purchases > 5 and purchases < 2")
    (finding,) = lint_text(text, "t.seg", schema)
    assert finding.code == "SEG001"
    assert finding.severity is Severity.ERROR
    assert finding.span.text == "purchases > 5 and purchases < 2"
    assert "`purchases > 5` contradicts `purchases < 2`" in finding.hints
    (trap,) = lint_text(seg("last_cart_add < 24h and last_order < last_cart_add"), "t", schema)
    assert trap.span.text == "last_order < last_cart_add"
    assert "last_order is missing or last_order < last_cart_add" in trap.hints[0]


def test_unsatisfiable_segment_does_not_cascade(schema: Schema) -> None:
    text = "segment empty = purchases < 0\nsegment uses = empty and consent_email\n"
    findings = lint_text(text, "t.seg", schema)
    assert [(f.code, f.span.line) for f in findings] == [("SEG001", 1)]


@pytest.mark.parametrize("where", ["ts < 7d", "ts < 30d", "ts >= 7d or ts < 7d"])
def test_a_regular_counts_period_is_not_the_users_condition(where: str, schema: Schema) -> None:
    """The checker adds each period's test to the count's filter; the lint must not call that
    conjunction a duplicate or a redundancy of what the user wrote."""
    text = seg(f"count(web where {where}) >= 1 in 1 of last 3 periods of 7d")
    assert codes(text, schema) == []


def test_segment_reference_contradiction(schema: Schema) -> None:
    text = "segment lapsed = last_order >= 180d\nsegment s = lapsed and not lapsed\n"
    findings = lint_text(text, "t.seg", schema)
    assert [(f.code, f.span.line) for f in findings] == [("SEG001", 2)]


def test_otherwise_never_used(schema: Schema) -> None:
    text = 'partition p =\n    "some" when purchases >= 1\n    "none" when purchases = 0\n'
    text += '    otherwise "never"\n'
    (finding,) = lint_text(text, "t.seg", schema)
    assert finding.code == "SEG007"
    assert finding.span.text == '"never"'


def test_pii_through_a_metric() -> None:
    text = SHOP_SCHEMA.read_text(encoding="utf-8").replace(
        "  last_cart_add:", '  gmail: lower(email) ends with "@gmail.com"\n  last_cart_add:'
    )
    schema = schema_from_text(text, "schema.yaml")
    (finding,) = lint_text(seg("gmail"), "t.seg", schema)
    assert finding.code == "SEG008"
    assert "through the metric 'gmail'" in finding.message
    assert finding.span.source.name == "t.seg"


def test_type_errors_are_not_linted(schema: Schema) -> None:
    with pytest.raises(SegdslError):
        lint_text(seg('purchases = "x"'), "t.seg", schema)


# -- configuration -------------------------------------------------------------------------------


def test_config_select_ignore_severity(schema: Schema) -> None:
    text = seg('purchases > 5 and purchases > 2 and country != "DE"')
    assert sorted(codes(text, schema)) == ["SEG003", "SEG006"]
    assert codes(text, schema, config_from_table({"select": ["SEG003"]})) == ["SEG003"]
    assert codes(text, schema, config_from_table({"ignore": ["SEG00"]})) == []
    assert codes(text, schema, config_from_table({"select": ["ALL"], "ignore": ["SEG006"]})) == [
        "SEG003"
    ]
    config = config_from_table({"severity": {"SEG003": "error", "seg006": "info"}})
    severities = {f.code: f.severity for f in lint_text(text, "t", schema, config)}
    assert severities == {"SEG003": Severity.ERROR, "SEG006": Severity.INFO}


def test_config_threshold(schema: Schema) -> None:
    text = seg('country in ["A", "B", "C"]')
    assert codes(text, schema, config_from_table({"max-in-items": 2})) == ["SEG010"]
    assert codes(text, schema, config_from_table({"max_in_items": 3})) == []


@pytest.mark.parametrize(
    ("table", "code"),
    [
        ({"selec": ["SEG001"]}, "E610"),
        ({"select": ["SEG999"]}, "E612"),
        ({"ignore": "XYZ"}, "E612"),
        ({"severity": {"SEG001": "fatal"}}, "E611"),
        ({"severity": {"SEG999": "error"}}, "E612"),
        ({"severity": "error"}, "E611"),
        ({"max-in-items": 0}, "E611"),
        ({"select": [1]}, "E611"),
    ],
)
def test_config_errors(table: dict[str, Any], code: str) -> None:
    with pytest.raises(SegdslError) as error:
        config_from_table(table, "segdsl.toml")
    assert error.value.diagnostics[0].code == code


def test_command_line_overrides() -> None:
    config = config_from_table({"select": ["SEG001"], "ignore": ["SEG002"]})
    overridden = config.overridden(["SEG003,SEG004"], ["SEG004"])
    assert [r.code for r in RULES if overridden.enabled(r.code)] == ["SEG003"]
    assert config.overridden().select == ("SEG001",)


# -- suppressions --------------------------------------------------------------------------------


def test_suppression_on_the_line(schema: Schema) -> None:
    text = seg('country != "DE"  # segdsl: ignore[SEG006]')
    assert codes(text, schema) == []


def test_suppression_before_a_definition(schema: Schema) -> None:
    text = (
        "# Customers outside Germany.\n"
        "# segdsl: ignore[SEG006, SEG003]\n"
        "segment s =\n"
        '    country != "DE"\n'
        "    and purchases > 5 and purchases > 2\n"
        'segment t = country != "AT"\n'
    )
    findings = lint_text(text, "t.seg", schema)
    assert [(f.code, f.span.line) for f in findings] == [("SEG006", 6)]


def test_blanket_suppression(schema: Schema) -> None:
    assert codes(seg('country != "DE"  # segdsl: ignore'), schema) == []
    assert codes(seg('country = "DE"  # segdsl: ignore'), schema) == ["SEG012"]


def test_suppression_on_another_line_does_not_apply(schema: Schema) -> None:
    text = 'segment s =\n    # segdsl: ignore[SEG006]\n    country != "DE"\n'
    assert sorted(codes(text, schema)) == ["SEG006", "SEG012"]


def test_unused_and_unknown_codes(schema: Schema) -> None:
    text = seg('country != "DE"  # segdsl: ignore[SEG006, SEG001, SEG999]')
    (finding,) = lint_text(text, "t.seg", schema)
    assert finding.code == "SEG012"
    assert "unused SEG001" in finding.message and "unknown SEG999" in finding.message
    result = fix_text(text, "t.seg", schema)
    assert result.text == seg('country != "DE"  # segdsl: ignore[SEG006]')
    assert result.findings == []


def test_suppression_of_a_disabled_rule_is_not_unused(schema: Schema) -> None:
    text = seg('country = "DE"  # segdsl: ignore[SEG008]')
    assert codes(text, schema, config_from_table({"ignore": ["SEG008"]})) == []


def test_unused_suppression_fix_removes_a_comment_line(schema: Schema) -> None:
    text = "# segdsl: ignore[SEG001]\nsegment s = purchases = 1\n"
    result = fix_text(text, "t.seg", schema)
    assert result.text == "segment s = purchases = 1\n"


def test_suppression_with_prose_is_reported_without_fix(schema: Schema) -> None:
    text = seg("purchases = 1  # legacy, segdsl: ignore[SEG001]")
    (finding,) = lint_text(text, "t.seg", schema)
    assert finding.code == "SEG012" and finding.fix is None


# -- fixes ---------------------------------------------------------------------------------------

FIXES = [
    ("SEG003", seg("purchases > 5 and purchases > 2"), seg("purchases > 5")),
    ("SEG003", seg("purchases > 2 and purchases > 5"), seg("purchases > 5")),
    ("SEG003", seg("last_order < 30d or last_order < 90d"), seg("last_order < 90d")),
    (
        "SEG004",
        seg('country = "DE" and purchases > 2 and country = "DE"'),
        seg('country = "DE" and purchases > 2'),
    ),
    (
        "SEG004",
        seg('(country = "DE" or consent_email) and (country = "DE" or consent_email)'),
        seg('(country = "DE" or consent_email)'),
    ),
    (
        "SEG011",
        seg("consent_email or purchases > 5 and last_order < 30d"),
        seg("consent_email or (purchases > 5 and last_order < 30d)"),
    ),
    (
        "SEG011",
        seg("a and b or c and d"),
        seg("(a and b) or (c and d)"),
    ),
    ("SEG012", seg("purchases = 1  # segdsl: ignore[SEG001]"), seg("purchases = 1")),
]


_NAMED = (
    "segment a = consent_email\nsegment b = purchases > 1\n"
    'segment c = last_order < 30d\nsegment d = gender = "female"\n'
)


def _with_names(text: str) -> str:
    return _NAMED + text if "a and b" in text else text


@pytest.mark.parametrize(("code", "before", "after"), FIXES)
def test_fix(code: str, before: str, after: str, schema: Schema) -> None:
    before, after = _with_names(before), _with_names(after)
    result = fix_text(before, "t.seg", schema)
    assert result.text == after
    assert result.fixed >= 1
    module = parse_module(result.text, "t.seg")
    check_module(module, schema)
    assert code not in [f.code for f in lint_module(module, schema)]


def test_fix_keeps_comments(schema: Schema) -> None:
    text = "segment s =\n    purchases > 5  # the real bound\n    and purchases > 2\n"
    (finding,) = lint_text(text, "t.seg", schema)
    assert finding.code == "SEG003" and finding.fix is None


def test_fix_leaves_unfixable_findings(schema: Schema) -> None:
    result = fix_text(seg('purchases > 5 and purchases > 2 and country != "DE"'), "t", schema)
    assert result.text == seg('purchases > 5 and country != "DE"')
    assert [f.code for f in result.findings] == ["SEG006"]


def test_overlapping_fixes_wait() -> None:
    first = Fix("a", (Edit(0, 4, ""),))
    second = Fix("b", (Edit(2, 6, "x"),))
    third = Fix("c", (Edit(6, 6, "("),))
    text, applied = apply_fixes("abcdefgh", [second, first, third])
    assert (text, applied) == ("ef(gh", 2)


# -- command line ------------------------------------------------------------------------------


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def project(tmp_path: Path) -> Iterator[Path]:
    """A folder with the shop schema and a segdsl.toml naming it; the current folder."""
    (tmp_path / "schema.yaml").write_text(SHOP_SCHEMA.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "segdsl.toml").write_text('schema = "schema.yaml"\n', encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


BAD = seg("purchases > 5 and purchases < 2") + 'segment t = country != "DE"\n'


def test_cli_clean_example(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lint", str(SHOP_SEGMENTS)])
    assert result.exit_code == 0, result.output
    assert "All checks passed!" in result.output


def test_cli_text(runner: CliRunner, project: Path) -> None:
    (project / "a.seg").write_text(BAD, encoding="utf-8")
    result = runner.invoke(main, ["lint", "a.seg"])
    assert result.exit_code == 1
    lines = result.output.split("\n")
    assert lines[0] == (
        "a.seg:1:13: SEG001 `purchases > 5 and purchases < 2` can never be true: "
        "no customer matches it"
    )
    assert lines[2] == "1 | segment s = purchases > 5 and purchases < 2"
    assert lines[3] == "  |             " + "^" * len("purchases > 5 and purchases < 2")
    assert "Found 2 findings (1 error, 1 warning)." in result.output


def test_cli_folder_and_project_config(runner: CliRunner, project: Path) -> None:
    (project / "sub").mkdir()
    (project / "sub" / "a.seg").write_text(BAD, encoding="utf-8")
    (project / "segdsl.toml").write_text(
        'schema = "schema.yaml"\n[lint]\nignore = ["SEG006"]\nseverity = {SEG001 = "info"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(main, ["lint", ".", "--format", "json"])
    assert result.exit_code == 0, result.output  # only an info finding is left
    (finding,) = json.loads(result.output)
    assert finding["code"] == "SEG001" and finding["severity"] == "info"
    assert Path(finding["file"]).name == "a.seg"


def test_cli_pyproject_config(runner: CliRunner, project: Path) -> None:
    (project / "segdsl.toml").unlink()
    (project / "pyproject.toml").write_text(
        '[tool.segdsl]\nschema = "schema.yaml"\n[tool.segdsl.lint]\nselect = ["SEG006"]\n',
        encoding="utf-8",
    )
    (project / "a.seg").write_text(BAD, encoding="utf-8")
    result = runner.invoke(main, ["lint", "a.seg", "--format", "json"])
    assert [f["code"] for f in json.loads(result.output)] == ["SEG006"]
    result = runner.invoke(main, ["lint", "a.seg", "--format", "json", "--select", "SEG001"])
    assert [f["code"] for f in json.loads(result.output)] == ["SEG001"]


def test_cli_json(runner: CliRunner, project: Path) -> None:
    (project / "a.seg").write_text(seg("purchases > 5 and purchases > 2"), encoding="utf-8")
    result = runner.invoke(main, ["lint", "a.seg", "--format", "json"])
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)
    assert finding["code"] == "SEG003"
    assert finding["name"] == "redundant-condition"
    assert finding["start"] == {"line": 1, "column": 31}
    assert finding["end"] == {"line": 1, "column": 44}
    edit = finding["fix"]["edits"][0]
    assert edit == {
        "content": "",
        "start": {"line": 1, "column": 26},
        "end": {"line": 1, "column": 44},
    }


def test_cli_github(runner: CliRunner, project: Path) -> None:
    (project / "a.seg").write_text(BAD, encoding="utf-8")
    result = runner.invoke(main, ["lint", "a.seg", "--format", "github"])
    assert result.exit_code == 1
    lines = result.output.strip().split("\n")
    assert lines[0].startswith(
        "::error file=a.seg,line=1,col=13,endLine=1,endColumn=44,title=SEG001::SEG001 "
    )
    assert lines[1].startswith("::warning file=a.seg,line=2,col=13,")


def test_github_escaping(schema: Schema) -> None:
    findings = lint_text(seg("purchases > 5 and purchases < 2"), "dir,x:y%.seg", schema)
    (line,) = render_github(findings).split("\n")
    assert line.startswith("::error file=dir%2Cx%3Ay%25.seg,line=1,")


def _cli_sarif(runner: CliRunner, project: Path, text: str, exit_code: int) -> dict[str, Any]:
    """`lint a.seg --format sarif` on `text`: the log, its structure checked."""
    (project / "a.seg").write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["lint", "a.seg", "--format", "sarif"])
    assert result.exit_code == exit_code
    log: dict[str, Any] = json.loads(result.stdout)
    _check_sarif_structure(log)
    return log


def test_cli_sarif(runner: CliRunner, project: Path) -> None:
    log = _cli_sarif(runner, project, BAD, 1)
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["SEG001", "SEG006"]
    first = run["results"][0]
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "a.seg"
    assert location["region"] == {"startLine": 1, "startColumn": 13, "endLine": 1, "endColumn": 44}


def test_cli_fix(runner: CliRunner, project: Path) -> None:
    path = project / "a.seg"
    path.write_text(seg("purchases > 5 and purchases > 2"), encoding="utf-8")
    result = runner.invoke(main, ["lint", "a.seg", "--fix"])
    assert result.exit_code == 0, result.output
    assert "Fixed 1 finding." in result.output
    assert path.read_text(encoding="utf-8") == seg("purchases > 5")
    assert [p.name for p in project.iterdir() if p.name.startswith(".a.seg")] == []


def test_cli_fix_with_remaining_findings(runner: CliRunner, project: Path) -> None:
    path = project / "a.seg"
    path.write_text(seg('purchases > 5 and purchases > 2 and country != "DE"'), encoding="utf-8")
    result = runner.invoke(main, ["lint", "a.seg", "--fix"])
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == seg('purchases > 5 and country != "DE"')


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({"a.seg": "segment s = purchases >"}, ["a.seg"], "a.seg:1:"),
        ({"a.seg": seg('purchases = "x"')}, ["a.seg"], "E202"),
        ({}, ["missing.seg"], "does not exist"),
        ({}, [], "give a segment file"),
        ({"a.seg": seg("purchases > 1")}, ["a.seg", "--format", "xml"], "xml"),
        (
            {"a.seg": seg("purchases > 1"), "segdsl.toml": '[lint]\nselect = ["X1"]\n'},
            ["a.seg", "--schema", "schema.yaml"],
            "unknown lint rule 'X1'",
        ),
        ({"a.seg": seg("purchases > 1"), "segdsl.toml": ""}, ["a.seg"], "no schema given"),
    ],
)
def test_cli_usage_and_parse_errors_exit_2(
    runner: CliRunner, project: Path, files: dict[str, str], args: list[str], message: str
) -> None:
    for name, text in files.items():
        (project / name).write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["lint", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_parse_error_in_one_file_still_lints_the_others(
    runner: CliRunner, project: Path
) -> None:
    (project / "a.seg").write_text("segment s = purchases >", encoding="utf-8")
    (project / "b.seg").write_text(BAD, encoding="utf-8")
    result = runner.invoke(main, ["lint", "a.seg", "b.seg"])
    assert result.exit_code == 2
    assert "b.seg:1:13: SEG001" in result.output


NOT_CHECKED = seg("top 0% by purchases")  # E209: a percentage must be above 0


def test_cli_a_file_that_does_not_check_has_not_passed(runner: CliRunner, project: Path) -> None:
    (project / "a.seg").write_text(NOT_CHECKED, encoding="utf-8")
    result = runner.invoke(main, ["lint", "a.seg"])
    assert result.exit_code == 2
    assert "All checks passed!" not in result.stdout
    assert result.stdout.strip() == "1 file could not be checked (1 error)."
    assert "a.seg:1:17: error[E209]" in result.stderr


def test_cli_json_lists_errors_like_findings(runner: CliRunner, project: Path) -> None:
    (project / "a.seg").write_text(NOT_CHECKED, encoding="utf-8")
    (project / "b.seg").write_text(BAD, encoding="utf-8")
    result = runner.invoke(main, ["lint", "a.seg", "b.seg", "--format", "json"])
    assert result.exit_code == 2
    records = json.loads(result.stdout)
    finding = next(r for r in records if r["code"] == "SEG001")
    error = next(r for r in records if r["code"] == "E209")
    assert error.keys() == finding.keys()
    assert error["file"] == "a.seg" and error["severity"] == "error"
    assert error["start"] == {"line": 1, "column": 17}
    assert error["name"] is None and error["fix"] is None


def test_cli_sarif_and_github_list_errors(runner: CliRunner, project: Path) -> None:
    import jsonschema

    log = _cli_sarif(runner, project, NOT_CHECKED, 2)
    assert list(jsonschema.Draft7Validator(SARIF_SUBSET).iter_errors(log)) == []
    (result,) = log["runs"][0]["results"]
    assert (result["ruleId"], result["level"]) == ("E209", "error")
    github = runner.invoke(main, ["lint", "a.seg", "--format", "github"])
    assert github.stdout.startswith("::error file=a.seg,line=1,col=17,")


def test_cli_an_unreadable_file_is_reported(runner: CliRunner, project: Path) -> None:
    (project / "a.seg").write_bytes(b"segment s = \xff\n")
    result = runner.invoke(main, ["lint", "a.seg", "--format", "json"])
    assert result.exit_code == 2
    (error,) = json.loads(result.stdout)
    assert (error["code"], error["file"], error["start"]) == ("E600", "a.seg", None)


def test_cli_explain(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lint", "--explain", "SEG005"])
    assert result.exit_code == 0
    assert result.output.startswith("SEG005 (missing-value-comparison)")
    assert "last_order is missing or last_order < last_cart_add" in result.output
    by_name = runner.invoke(main, ["lint", "--explain", "tautology"])
    assert by_name.output.startswith("SEG002")
    unknown = runner.invoke(main, ["lint", "--explain", "SEG9"])
    assert unknown.exit_code == 2
    assert "did you mean 'SEG009'?" in unknown.output


def test_explain_every_rule() -> None:
    for rule in RULES:
        page = explain(rule)
        assert page.startswith(f"{rule.code} ({rule.name})")
        assert rule.example.split("\n")[0] in page
        assert find_rule(rule.code.lower()) is rule


def test_text_rendering_marks_fixable(schema: Schema) -> None:
    findings = lint_text(seg("purchases > 5 and purchases > 2"), "t.seg", schema)
    assert render_text(findings).startswith("t.seg:1:31: SEG003 [*] ")


# -- SARIF -----------------------------------------------------------------------------------

# The parts of the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json) that a segdsl log uses,
# transcribed with their required properties, enums and additionalProperties: false, so that a
# misspelt or misplaced property fails validation.
_MESSAGE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}},
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
}
_MULTIFORMAT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}},
    "required": ["text"],
}
_REGION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "startLine": {"type": "integer", "minimum": 1},
        "startColumn": {"type": "integer", "minimum": 1},
        "endLine": {"type": "integer", "minimum": 1},
        "endColumn": {"type": "integer", "minimum": 1},
    },
}
_ARTIFACT_LOCATION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"uri": {"type": "string", "format": "uri-reference"}},
}
SARIF_SUBSET: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["tool"],
                "properties": {
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "tool": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "uniqueItems": True,
                                        "items": {
                                            "type": "object",
                                            "additionalProperties": False,
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                                "shortDescription": _MULTIFORMAT,
                                                "fullDescription": _MULTIFORMAT,
                                                "help": _MULTIFORMAT,
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "additionalProperties": False,
                                                    "properties": {
                                                        "level": {
                                                            "enum": [
                                                                "none",
                                                                "note",
                                                                "warning",
                                                                "error",
                                                            ]
                                                        }
                                                    },
                                                },
                                                "properties": {"type": "object"},
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["message"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": -1},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": _MESSAGE,
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "additionalProperties": False,
                                                "properties": {
                                                    "artifactLocation": _ARTIFACT_LOCATION,
                                                    "region": _REGION,
                                                },
                                                "anyOf": [
                                                    {"required": ["address"]},
                                                    {"required": ["artifactLocation"]},
                                                ],
                                            }
                                        },
                                    },
                                },
                                "fixes": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "required": ["artifactChanges"],
                                        "properties": {
                                            "description": _MESSAGE,
                                            "artifactChanges": {
                                                "type": "array",
                                                "minItems": 1,
                                                "items": {
                                                    "type": "object",
                                                    "additionalProperties": False,
                                                    "required": [
                                                        "artifactLocation",
                                                        "replacements",
                                                    ],
                                                    "properties": {
                                                        "artifactLocation": _ARTIFACT_LOCATION,
                                                        "replacements": {
                                                            "type": "array",
                                                            "minItems": 1,
                                                            "items": {
                                                                "type": "object",
                                                                "additionalProperties": False,
                                                                "required": ["deletedRegion"],
                                                                "properties": {
                                                                    "deletedRegion": _REGION,
                                                                    "insertedContent": {
                                                                        "type": "object",
                                                                        "properties": {
                                                                            "text": {
                                                                                "type": "string"
                                                                            }
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def _check_sarif_structure(log: dict[str, Any]) -> None:
    """The SARIF 2.1.0 properties code-scanning consumers rely on (no jsonschema needed)."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "segdsl"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids == [r.code for r in RULES]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
    for result in run["results"]:
        if result["ruleId"].startswith("E"):  # a file that could not be checked
            assert "ruleIndex" not in result and result["level"] == "error"
        else:
            assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("note", "warning", "error")
        assert result["message"]["text"]
        for location in result["locations"]:
            physical = location["physicalLocation"]
            assert physical["artifactLocation"]["uri"]
            region = physical["region"]
            assert region["startLine"] >= 1 and region["startColumn"] >= 1
            assert (region["endLine"], region["endColumn"]) >= (
                region["startLine"],
                region["startColumn"],
            )


def _all_rules_log(schema: Schema) -> dict[str, Any]:
    findings = [f for code, positive, _ in CASES for f in lint_text(positive, "t.seg", schema)]
    assert {f.code for f in findings} == {r.code for r in RULES}
    return sarif_log(findings, "0.1.0")


def test_sarif_structure_for_every_rule(schema: Schema) -> None:
    log = _all_rules_log(schema)
    _check_sarif_structure(log)
    fixable = [r for r in log["runs"][0]["results"] if "fixes" in r]
    assert {r["ruleId"] for r in fixable} >= {"SEG003", "SEG004", "SEG011", "SEG012"}


def test_sarif_validates_against_the_schema(schema: Schema) -> None:
    import jsonschema  # a test dependency (pyproject's `test` extra)

    log = _all_rules_log(schema)
    validator = jsonschema.Draft7Validator(SARIF_SUBSET)
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == []
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(log))


# -- docs ----------------------------------------------------------------------------------------


def test_docs_catalogue_is_generated_from_the_rule_table() -> None:
    text = (ROOT / "docs/lint.md").read_text(encoding="utf-8")
    assert catalogue_markdown() in text, "regenerate with segdsl.lint.rules.catalogue_markdown()"


def test_pre_commit_hooks() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load(text)}
    assert hooks["segdsl-lint"]["entry"] == "segdsl lint"
    assert hooks["segdsl-fmt"]["entry"] == "segdsl fmt"
    assert all(hook["files"] == r"\.seg$" for hook in hooks.values())


# -- reasoning -----------------------------------------------------------------------------------


def test_intervals() -> None:
    whole = IntervalSet((Interval(None, False, None, False),), True)
    above_five = IntervalSet.of([Interval(Decimal(5), False, None, False)], True)
    assert above_five.parts == (Interval(Decimal(6), True, None, False),)
    below_six = above_five.complement(whole)
    assert below_six.parts == (Interval(None, False, Decimal(5), True),)
    assert above_five.intersect(below_six).empty
    reals = IntervalSet((Interval(None, False, None, False),))
    half_open = IntervalSet.of([Interval(Decimal(1), True, Decimal(2), False)])
    assert half_open.contains(Decimal(1)) and not half_open.contains(Decimal(2))
    assert half_open.complement(reals).contains(Decimal(2))


def test_value_sets() -> None:
    universe = ValueSet(frozenset({"a", "b", "c"}))
    not_a = ValueSet(frozenset({"a"}), True)
    assert not_a.intersect(universe) == ValueSet(frozenset({"b", "c"}))
    assert ValueSet(frozenset({"a"})).complement(universe) == ValueSet(frozenset({"b", "c"}))
    assert ValueSet(frozenset({"a"})).intersect(ValueSet(frozenset({"b"}))).empty
    assert not ValueSet(frozenset(), True).empty


# Brute force: random and/or/not conditions over a count (never missing, whole numbers) and an
# average (missing without orders), decided by the reasoner and by evaluating every assignment.
_OPS = ("<", "<=", ">", ">=", "=", "!=")


def _atom() -> st.SearchStrategy[tuple[Any, ...]]:
    return st.tuples(
        st.just("atom"),
        st.sampled_from(("purchases", "avg(orders.amount)")),
        st.sampled_from(_OPS),
        st.integers(0, 4),
    )


_CONDITIONS = st.recursive(
    _atom(),
    lambda inner: st.one_of(
        st.tuples(st.just("not"), inner),
        st.tuples(st.sampled_from(("and", "or")), inner, inner),
    ),
    max_leaves=6,
)


def _text(node: tuple[Any, ...]) -> str:
    if node[0] == "atom":
        return f"{node[1]} {node[2]} {node[3]}"
    if node[0] == "not":
        return f"not ({_text(node[1])})"
    return f"({_text(node[1])}) {node[0]} ({_text(node[2])})"


def _holds(node: tuple[Any, ...], env: dict[str, Decimal | None]) -> bool:
    if node[0] == "atom":
        value = env[node[1]]
        if value is None:
            return False
        k = Decimal(node[3])
        return {
            "<": value < k,
            "<=": value <= k,
            ">": value > k,
            ">=": value >= k,
            "=": value == k,
            "!=": value != k,
        }[node[2]]
    if node[0] == "not":
        return not _holds(node[1], env)
    left, right = _holds(node[1], env), _holds(node[2], env)
    return left and right if node[0] == "and" else left or right


def _environments() -> Iterator[dict[str, Decimal | None]]:
    averages: list[Decimal | None] = [None] + [Decimal(n) / 2 for n in range(-2, 12)]
    for purchases in range(0, 7):
        for average in averages:
            if purchases == 0 and average is not None:
                continue  # no orders, no average order value
            yield {"purchases": Decimal(purchases), "avg(orders.amount)": average}


@settings(max_examples=150, deadline=None)
@given(_CONDITIONS)
def test_reasoning_agrees_with_brute_force(node: tuple[Any, ...]) -> None:
    schema = load_schema(SHOP_SCHEMA)
    cond = check(_text(node), schema)
    reasoner = Reasoner(schema)
    truths = {_holds(node, env) for env in _environments()}
    # Intervals of one variable are decided exactly, and the only tie between the two is that
    # an average needs an order: the reasoner must be sound and complete here.
    assert reasoner.satisfiable(cond) is (True in truths)
    assert reasoner.satisfiable(cond, False) is (False in truths)


# -- findings and fixes against the reference evaluator ----------------------------------------


@pytest.fixture(scope="module")
def shop() -> Schema:
    return load_schema(SHOP_SCHEMA)


@pytest.fixture(scope="module")
def evaluator(tmp_path_factory: pytest.TempPathFactory, shop: Schema) -> Evaluator:
    path = build(tmp_path_factory.mktemp("lint") / "shop.duckdb")
    with duckdb.connect(str(path), read_only=True) as con:
        data: Dataset = load_dataset(con, shop)
    return Evaluator(shop, data, FIXTURE_AS_OF)


def _members(text: str, schema: Schema, evaluator: Evaluator) -> dict[str, set[Any]]:
    checked = check_module(parse_module(text, "t.seg"), schema)
    return {name: evaluator.members(s.condition) for name, s in checked.segments.items()}


def _shop_only(text: str) -> bool:
    return "tier" not in text and "legacy_score" not in text


def test_findings_hold_on_data(shop: Schema, evaluator: Evaluator) -> None:
    everybody = evaluator.members(check("true", shop))
    checked_any = 0
    for text in [t for _, pos, neg in CASES for t in (pos, neg) if _shop_only(t)]:
        module = parse_module(text, "t.seg")
        checked = check_module(module, shop)
        bodies = {
            (d.body.span.start, d.body.span.end): d.name
            for d in module.definitions
            if isinstance(d, SegmentDef)
        }
        for finding in lint_module(module, shop):
            name = bodies.get((finding.span.start, finding.span.end))
            if name is None or finding.code not in ("SEG001", "SEG002"):
                continue
            members = evaluator.members(checked.segments[name].condition)
            assert members == (set() if finding.code == "SEG001" else everybody), text
            checked_any += 1
    assert checked_any >= 10


@pytest.mark.parametrize(("code", "before", "after"), [f for f in FIXES if _shop_only(f[1])])
def test_fixes_keep_the_members(
    code: str, before: str, after: str, shop: Schema, evaluator: Evaluator
) -> None:
    before = _with_names(before)
    fixed = fix_text(before, "t.seg", shop).text
    assert _members(fixed, shop, evaluator) == _members(before, shop, evaluator)


_SHOP_ATOMS = (
    "purchases >= 1",
    "purchases = 0",
    "purchases > 2",
    "purchases <= 2",
    "last_order < 30d",
    "last_order >= 90d",
    "last_order is missing",
    "last_order < last_cart_add",
    "country in EU",
    'country = "DE"',
    'country != "PL"',
    "country is missing",
    "consent_email",
    "avg(orders.amount) > 50",
    "avg(orders.amount) <= 50",
    "last_open < 30d",
    "signup_at >= 2026-01-01",
    "top 40% by total_spent",
    'count(orders where category = "shoes") >= 1',
)

_SHOP_CONDITIONS = st.recursive(
    st.sampled_from(_SHOP_ATOMS),
    lambda inner: st.one_of(
        st.builds(lambda a: f"not ({a})", inner),
        st.builds(lambda a, b: f"({a}) and ({b})", inner, inner),
        st.builds(lambda a, b: f"({a}) or ({b})", inner, inner),
        st.builds(lambda a, b: f"{a} and {b}", inner, inner),
        st.builds(lambda a, b: f"{a} or {b}", inner, inner),
    ),
    max_leaves=5,
)


@settings(max_examples=120, deadline=None)
@given(text=_SHOP_CONDITIONS)
def test_lint_is_sound_on_data(text: str, shop: Schema, evaluator: Evaluator) -> None:
    """Whatever the linter proves or rewrites holds on the fixture shop's customers."""
    cond = check(text, shop)
    reasoner = Reasoner(shop)
    members = evaluator.members(cond)
    if reasoner.satisfiable(cond) is False:
        assert members == set()
    if reasoner.satisfiable(cond, False) is False:
        assert members == evaluator.members(check("true", shop))
    source = seg(text)
    result = fix_text(source, "t.seg", shop)
    assert _members(result.text, shop, evaluator) == _members(source, shop, evaluator)
