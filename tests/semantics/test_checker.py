"""Pass 2, AST → checked program (segdsl.checker): the types of values, the shape of checked
conditions, located type errors with hints, segment references, partitions and cycles.

tests/conformance/errors.yaml already runs one case end to end for E101-E103, E107, E202 (a
few), E204 (strings), E205 (gender), E206, E209 (above 100), E210 (unknown name, unknown field),
E213 (a field outside an aggregate), E230-E232 (anchors in a filter: below), E235, E238, E239
and E242-E244; the cases here are the other codes and variants, and tests/test_errors.py runs one
example of every code."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import segdsl
from segdsl.diagnostics import Diagnostic, SegdslError, Severity
from segdsl.semantics import calendar, ir
from segdsl.semantics import types as t
from segdsl.semantics.checker import Checker, check_module, check_value
from segdsl.semantics.schema import BUILTIN_SETS, Schema
from segdsl.syntax.parser import FUNCTIONS, encode_string, parse_expression, parse_module

SHOP_PATH = Path(__file__).parents[2] / "examples" / "shop" / "schema.yaml"
SHOP = segdsl.load_schema(SHOP_PATH)


def value(text: str, schema: Schema = SHOP) -> ir.Value:
    return check_value(parse_expression(text), schema)


def errors(text: str, schema: Schema = SHOP) -> list[Diagnostic]:
    with pytest.raises(SegdslError) as info:
        segdsl.check(text, schema)
    found = list(info.value.diagnostics)
    assert found
    for diagnostic in found:
        assert diagnostic.severity is Severity.ERROR
        assert diagnostic.span is not None
        assert diagnostic.span.source.text == text
    return found


def only_error(text: str, schema: Schema = SHOP) -> Diagnostic:
    found = errors(text, schema)
    assert len(found) == 1, [(d.code, d.message) for d in found]
    return found[0]


def module_errors(text: str) -> list[Diagnostic]:
    with pytest.raises(SegdslError) as info:
        check_module(parse_module(text, "f.seg"), SHOP)
    found = list(info.value.diagnostics)
    assert found
    for diagnostic in found:
        assert diagnostic.span is not None
        assert diagnostic.span.source.name == "f.seg"
    return found


def located(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    assert diagnostic.span is not None
    span = diagnostic.span
    return diagnostic.code, span.line, span.column, span.text


# -- types of values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now - last_order", t.DURATION),
        ("last_order - first_order", t.DURATION),
        ("now - birth_date", t.DURATION),
        ("2 * (now - last_order)", t.DURATION),
        ("(now - last_order) * 2", t.DURATION),
        ("(now - last_order) / purchases", t.DURATION),
        ("(now - last_order) / (last_order - first_order)", t.DECIMAL),
        ("1d + 24h", t.DURATION),
        ("-(now - last_order)", t.DURATION),
        ("now - 30d", t.TIMESTAMP),
        ("now - 1y", t.TIMESTAMP),
        ("last_cart_add + 1d", t.TIMESTAMP),
        ("birth_date + 1d", t.DATE),
        ("sum(orders.amount)", t.DECIMAL),
        ("sum(orders.order_id)", t.INT),
        ("total_spent", t.DECIMAL),
        ("spend_365d * 2", t.DECIMAL),
        ("avg(orders.amount)", t.DECIMAL),
        ("avg(orders.order_id)", t.DECIMAL),
        ("min(orders.amount)", t.DECIMAL),
        ("max(orders.order_id)", t.INT),
        ("min(orders.created_at)", t.TIMESTAMP),
        ('max(email.ts where type = "open")', t.TIMESTAMP),
        ("count(orders)", t.INT),
        ("count(orders.amount)", t.INT),
        ("purchases", t.INT),
        ("purchases + 1", t.INT),
        ("purchases * 2 - 1", t.INT),
        ("purchases / 2", t.DECIMAL),  # `/` is floating-point division
        ("purchases + 1.5", t.DECIMAL),
        ("-total_spent", t.DECIMAL),
        ("abs(purchases - 5)", t.INT),
        ("abs(total_spent)", t.DECIMAL),
        ("length(email)", t.INT),
        ("lower(email)", t.STRING),
        ("upper(gender)", t.STRING),
        ("gender", t.enum_type(("female", "male", "other"))),
        ("country", t.STRING),
        ("consent_email", t.BOOL),
        ("purchases > 2", t.BOOL),
        ("avg(total_spent where purchases > 0)", t.DECIMAL),
        ("avg(purchases)", t.DECIMAL),
        ("sum(purchases)", t.INT),
        ("min(purchases)", t.INT),
        ("max(signup_at)", t.TIMESTAMP),
        ("avg(now - last_order)", t.DURATION),
        ("count(customers where consent_email)", t.INT),
        ("count(customer)", t.INT),
        ("month(signup_at)", t.INT),
        ("weekday(birth_date) + 1", t.INT),
        ("hour(max(orders.created_at))", t.INT),
        ("signup_at in this month", t.BOOL),
    ],
)
def test_value_types(text: str, expected: t.Type) -> None:
    assert value(text).type == expected


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("signup_at in this week", calendar.Period("week", 0, 1, False, None)),
        ("signup_at in today", calendar.Period("day", 0, 1, False, None)),
        ("signup_at in yesterday", calendar.Period("day", 1, 1, False, None)),
        ("signup_at in last month", calendar.Period("month", 1, 1, False, None)),
        ("signup_at in last 3 quarters", calendar.Period("quarter", 3, 3, False, None)),
        ("signup_at in year to date", calendar.Period("year", 0, 1, True, None)),
        ("signup_at in 2026-03", calendar.Period("month", 0, 1, False, dt.date(2026, 3, 1))),
        ("birth_date in 2026", calendar.Period("year", 0, 1, False, dt.date(2026, 1, 1))),
        ("birth_date in 2026-03-15", calendar.Period("day", 0, 1, False, dt.date(2026, 3, 15))),
        # No more years than the calendar has: the count stays a 64-bit number in the SQL.
        (
            "signup_at in last 99999999999999999999 years",
            calendar.Period("year", 9999, 9999, False, None),
        ),
    ],
)
def test_calendar_periods_in_the_schema_s_zone(text: str, period: calendar.Period) -> None:
    cond = segdsl.check(text, SHOP)
    assert isinstance(cond, ir.InPeriod)
    assert (cond.period, cond.zone) == (period, "Europe/Warsaw")


def test_in_a_number_or_a_date_is_a_period_only_of_a_date_or_timestamp() -> None:
    assert only_error("purchases in 2026").code == "E231"
    hint = only_error("signup_at in purchases").hints
    assert any("calendar period" in h for h in hint)
    negated = segdsl.check("signup_at not in 2026", SHOP)
    assert isinstance(negated, ir.Not) and isinstance(negated.operand, ir.InPeriod)


def test_date_parts_read_the_schema_s_zone() -> None:
    part = value("hour(signup_at)")
    assert isinstance(part, ir.DatePart)
    assert (part.part, part.zone, ir.nullable(part)) == ("hour", "Europe/Warsaw", True)
    assert not ir.nullable(value("month(now)"))


def test_a_metric_is_linked_to_its_definition() -> None:
    purchases = value("purchases")
    assert isinstance(purchases, ir.MetricRef)
    assert purchases.name == "purchases"
    assert purchases.body == ir.Agg("count", "orders", None, None, t.INT)
    last_open = value("last_open")
    assert isinstance(last_open, ir.MetricRef)
    body = last_open.body
    assert isinstance(body, ir.Agg)
    assert body.argument == ir.Field("email", "ts", "ts", t.TIMESTAMP)
    assert isinstance(body.where, ir.Compare)
    assert body.where.left == ir.Field(
        "email", "type", "type", SHOP.events["email"].fields["type"].type
    )
    assert body.where.right == ir.Const("open", t.STRING)


def test_attributes_and_fields_resolve_to_their_columns(tmp_path: Path) -> None:
    schema = segdsl.schema_from_text(
        "entity: c\ntable: t\nkey: id\n"
        "attributes:\n  score: {type: int, column: score_v2, nullable: false}\n"
        "events:\n  e: {table: ev, time: ts, fields: {kind: {type: string, column: k}}}\n",
        "s.yaml",
    )
    score = value("score", schema)
    assert score == ir.Attr("score", "score_v2", t.INT, False)
    agg = value('count(e where kind = "x")', schema)
    assert isinstance(agg, ir.Agg) and isinstance(agg.where, ir.Compare)
    assert agg.where.left == ir.Field("e", "kind", "k", t.STRING)


# -- shapes of checked conditions ------------------------------------------------------------


def test_age_comparison_keeps_the_duration_on_the_right() -> None:
    last_order = value("last_order")
    assert segdsl.check("last_order < 30d", SHOP) == ir.AgeCompare(
        "<", last_order, ir.DurationConst(30, "d")
    )
    assert segdsl.check("30d > last_order", SHOP) == ir.AgeCompare(
        "<", last_order, ir.DurationConst(30, "d")
    )
    assert segdsl.check("6mo <= signup_at", SHOP) == ir.AgeCompare(
        ">=", value("signup_at"), ir.DurationConst(6, "mo")
    )


@settings(max_examples=50)
@given(
    st.sampled_from(["<", "<=", ">", ">="]),
    # Up to 9998: a longer span of years leaves the range of dates (E225).
    st.integers(min_value=0, max_value=9_998),
    st.sampled_from(["h", "d", "w", "mo", "y"]),
    st.sampled_from(["last_order", "signup_at", "birth_date", "max(web.ts)"]),
)
def test_mirrored_age_comparisons_mean_the_same(
    op: str, amount: int, unit: str, timestamp: str
) -> None:
    mirror = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
    written = segdsl.check(f"{timestamp} {op} {amount}{unit}", SHOP)
    flipped = segdsl.check(f"{amount}{unit} {mirror} {timestamp}", SHOP)
    assert written == flipped
    assert isinstance(written, ir.AgeCompare)
    assert written.op == op
    assert written.duration == ir.DurationConst(amount, unit)  # type: ignore[arg-type]


def test_absolute_time_comparisons_are_not_ages() -> None:
    cond = segdsl.check("signup_at >= 2024-01-01", SHOP)
    assert cond == ir.Compare(">=", value("signup_at"), ir.Const(dt.date(2024, 1, 1), t.DATE))
    assert isinstance(segdsl.check("last_order > now - 30d", SHOP), ir.Compare)


def test_between_is_two_comparisons() -> None:
    cond = segdsl.check("purchases between 1 and 5", SHOP)
    purchases = value("purchases")
    assert cond == ir.And(
        (
            ir.Compare(">=", purchases, ir.Const(1, t.INT)),
            ir.Compare("<=", purchases, ir.Const(5, t.INT)),
        )
    )
    ages = segdsl.check("last_order not between 30d and 90d", SHOP)
    assert isinstance(ages, ir.Not)
    assert ages.operand == ir.And(
        (
            ir.AgeCompare(">=", value("last_order"), ir.DurationConst(30, "d")),
            ir.AgeCompare("<=", value("last_order"), ir.DurationConst(90, "d")),
        )
    )


def test_membership() -> None:
    country = value("country")
    assert segdsl.check("country not in EU", SHOP) == ir.Not(
        ir.InSet(country, BUILTIN_SETS["EU"], "EU")
    )
    assert segdsl.check("country in DACH", SHOP) == ir.InSet(country, ("DE", "AT", "CH"), "DACH")
    listed = segdsl.check('country in ["PL", "DE"]', SHOP)
    assert listed == ir.InSet(country, ("PL", "DE"), None)


def test_list_items_take_the_operand_type() -> None:
    decimals = segdsl.check("total_spent in [1, 2.5]", SHOP)
    assert isinstance(decimals, ir.InSet)
    assert decimals.values == (Decimal(1), Decimal("2.5"))
    assert all(type(v) is Decimal for v in decimals.values)
    instants = segdsl.check("signup_at in [2024-01-01, 2024-02-01T10:00]", SHOP)
    assert isinstance(instants, ir.InSet)
    assert instants.values == (dt.datetime(2024, 1, 1), dt.datetime(2024, 2, 1, 10))
    assert all(type(v) is dt.datetime for v in instants.values)


def test_missing_tests_truth_and_literals() -> None:
    email = value("email")
    assert segdsl.check("email is missing", SHOP) == ir.IsMissing(email)
    assert segdsl.check("email is present", SHOP) == ir.Not(ir.IsMissing(email))
    assert segdsl.check("consent_email", SHOP) == ir.Truth(value("consent_email"))
    assert segdsl.check("not consent_email", SHOP) == ir.Not(ir.Truth(value("consent_email")))
    assert segdsl.check("true", SHOP) == ir.Literal_(True)
    assert segdsl.check("(false)", SHOP) == ir.Literal_(False)
    cond = segdsl.check("(purchases > 1) = true", SHOP)
    assert isinstance(cond, ir.Compare)
    assert isinstance(cond.left, ir.CondValue)


def test_string_matching() -> None:
    cond = segdsl.check('lower(email) ends with "@gmail.com"', SHOP)
    assert cond == ir.Match(
        "ends with",
        ir.Func("lower", value("email"), t.STRING),
        ir.Const("@gmail.com", t.STRING),
    )
    assert isinstance(segdsl.check('gender contains "fe"', SHOP), ir.Match)


@pytest.mark.parametrize(
    ("text", "direction", "fraction"),
    [
        ("top 10% by spend_365d", "top", Decimal("0.1")),
        ("bottom 2.5% by last_order", "bottom", Decimal("0.025")),
        ("top 100% by purchases", "top", Decimal(1)),
    ],
)
def test_rankings(text: str, direction: str, fraction: Decimal) -> None:
    cond = segdsl.check(text, SHOP)
    assert isinstance(cond, ir.TopPercent)
    assert cond.direction == direction
    assert cond.fraction == fraction


def test_aggregate_filters_are_checked_against_the_stream() -> None:
    agg = value('count(orders where category = "shoes" and created_at < 90d)')
    assert isinstance(agg, ir.Agg)
    assert agg.stream == "orders"
    orders = SHOP.events["orders"]
    assert agg.where == ir.And(
        (
            ir.Compare(
                "=",
                ir.Field("orders", "category", "category", t.STRING),
                ir.Const("shoes", t.STRING),
            ),
            ir.AgeCompare(
                "<",
                ir.Field("orders", "created_at", "created_at", orders.fields["created_at"].type),
                ir.DurationConst(90, "d"),
            ),
        )
    )


def test_population_aggregates() -> None:
    above = segdsl.check("total_spent > avg(total_spent where purchases > 0)", SHOP)
    assert isinstance(above, ir.Compare)
    population = above.right
    assert isinstance(population, ir.PopulationAgg)
    assert population.func == "avg"
    assert population.argument == value("total_spent")
    assert population.where == segdsl.check("purchases > 0", SHOP)
    counted = value("count(customers where consent_email)")
    assert isinstance(counted, ir.PopulationAgg)
    assert counted.argument is None
    assert counted.where == ir.Truth(value("consent_email"))


def test_checked_nodes_keep_their_spans() -> None:
    text = 'purchases >= 2 and country in ["PL"] and last_open < 30d'
    cond = segdsl.check(text, SHOP)
    assert isinstance(cond, ir.And)
    assert [c.span.text for c in cond.operands] == [  # type: ignore[union-attr]
        "purchases >= 2",
        'country in ["PL"]',
        "last_open < 30d",
    ]
    age = cond.operands[2]
    assert isinstance(age, ir.AgeCompare)
    assert age.duration.span is not None and age.duration.span.text == "30d"


def test_the_checker_reports_no_warnings_on_valid_conditions() -> None:
    for text in [
        "purchases >= 2 and last_open < 30d and country in EU",
        'gender = "female" or device_type in ["mobile", "tablet"]',
        "now - last_order > 2 * (last_order - first_order) / purchases",
        "total_spent > avg(total_spent where purchases > 0)",
        "top 10% by spend_365d and not consent_email",
        "last_order between 30d and 6mo",
    ]:
        checker = Checker(SHOP)
        assert checker.condition(parse_expression(text), None) is not None
        assert checker.diagnostics == [], text


# -- errors ----------------------------------------------------------------------------------

# (condition, code, span text, message fragment, hint fragment or None)
ERRORS: list[tuple[str, str, str, str, str | None]] = [
    # E201: a value where a condition is needed
    ("purchases", "E201", "purchases", "value of type int", "purchases > 0"),
    ("last_order", "E201", "last_order", "of type timestamp", "last_order < 30d"),
    ("email or purchases > 1", "E201", "email", "of type string", 'email = "…"'),
    (
        "count(customers where purchases) > 1",
        "E201",
        "purchases",
        "expected a condition",
        None,
    ),
    # E202: values of different types compared
    ("signup_at > \"2024-01-01\"", "E202", 'signup_at > "2024-01-01"', "timestamp with string",
     "dates are written without quotes"),
    ("country = 2", "E202", "country = 2", "cannot compare string with int", 'strings are quoted'),
    ("now - last_order < 30", "E202", "now - last_order < 30", "duration with int", None),
    ("gender = true", "E202", "gender = true", "cannot compare enum(female, male, other) with bool",
     None),
    # E238-E244: operators, functions and aggregates applied to the wrong type
    ("lower(purchases) = \"a\"", "E241", "purchases", "lower() needs a string, not int", None),
    ("abs(email) > 1", "E241", "email", "abs() needs a number, not string", None),
    ("-email > 1", "E240", "-email", "cannot negate a string value", None),
    ("email contains 1", "E239", "1", "'contains' needs strings, not int", None),
    ("purchases starts with \"1\"", "E239", "purchases", "'starts with' needs strings", None),
    ("signup_at + purchases > now", "E243", "signup_at + purchases",
     "cannot compute timestamp + int", "durations are added to or subtracted from timestamps"),
    ("email + 1 = \"a\"", "E243", "email + 1", "cannot compute string + int", None),
    ("purchases in DACH", "E202", "purchases in DACH", "a int in 'DACH', a set of string", None),
    ("now - last_order in DACH", "E238", "now - last_order in DACH",
     "'in' does not apply to duration values", None),
    ("sum(signup_at) > 1", "E242", "signup_at", "sum() cannot aggregate timestamp values", None),
    ("max(orders.category) = \"a\"", "E242", "orders.category",
     "max() cannot aggregate string values", None),
    ("avg(gender) > 1", "E242", "gender", "avg() cannot aggregate enum", None),
    # E203: an age with = or !=
    ("last_order = 30d", "E203", "last_order = 30d", "an age cannot be compared with '='",
     "last_order < 30d"),
    ("30d != signup_at", "E203", "30d != signup_at", "with '!='", None),
    # E204: ordering what has no order
    ('gender > "male"', "E204", 'gender > "male"', "cannot be compared with '>'",
     "strings are ordered differently"),
    ("consent_email < true", "E204", "consent_email < true", "type bool cannot be compared", None),
    ("top 10% by email", "E204", "email", "customers cannot be ranked by a string value", None),
    # E205: enum values
    ('gender in ["female", "Male"]', "E205", '"Male"', "'Male' is not a value of 'gender'",
     "did you mean 'male'"),
    ('"Female" = gender', "E205", '"Female"', "'Female' is not a value of 'gender'",
     "did you mean 'female'"),
    ('device_type != "phone"', "E205", '"phone"', "'phone' is not a value of 'device_type'",
     "values: desktop, mobile, tablet"),
    ('count(email where type = "opne") > 0', "E205", '"opne"', "not a value of 'type'",
     "did you mean 'open'"),
    # E206: calendar units in duration arithmetic
    ("now - last_order > 2 * 1mo", "E206", "1mo", "no fixed length (calendar months)", "180d"),
    ("last_order - first_order = 1y", "E206", "1y", "(calendar years)", None),
    ("(now - last_order) / 1y > 1", "E206", "1y", "cannot be used in duration arithmetic", None),
    # E207, E230: lists
    ("country in [country]", "E230", "country", "list items must be literal values", None),
    ('country = ["DE"]', "E207", '["DE"]', "a list can only be used after 'in'", None),
    # E208, E231: sets
    ("country in EUU", "E231", "EUU", "needs a list like", "did you mean 'EU'?"),
    ("country in gender", "E231", "gender", "or a named set", None),
    ("country = EU", "E208", "EU", "the set 'EU' can only be used after 'in'", None),
    ("count(orders where EU) > 0", "E208", "EU", "the set 'EU' can only be used after 'in'", None),
    # E209: percentages
    ("top purchases% by total_spent", "E209", "purchases", "must be a number like 10", None),
    ("top 0% by total_spent", "E209", "0", "above 0 and at most 100", None),
    ("bottom 100.5% by total_spent", "E209", "100.5", "at most 100", None),
    # E210: unknown names
    ("Purchases > 1", "E210", "Purchases", "unknown name 'Purchases'", "did you mean 'purchases'?"),
    ("totl_spent > 1", "E210", "totl_spent", "unknown name", "did you mean 'total_spent'?"),
    ("count(orders where nosuch > 1) > 0", "E210", "nosuch", "'orders' has no field 'nosuch'",
     "fields of orders: order_id, amount, category, created_at"),
    ("web.nosuch > 1", "E210", "web.nosuch", "'web' has no field 'nosuch'", "fields of web"),
    ("avg(total_spent where nosuch > 1) > 1", "E210", "nosuch", "unknown name 'nosuch'", None),
    # E212: rankings inside an aggregate
    ("count(orders where top 10% by amount) > 0", "E212", "top 10% by amount",
     "cannot be used inside an aggregate", None),
    # E213, E232: names that do not belong in the place
    ("count(orders where email.ts < 1d) > 0", "E213", "email.ts",
     "inside an aggregate over 'orders'", "max(email.ts)"),
    ("orders.created_at < 30d", "E213", "orders.created_at", "outside an aggregate",
     "max(orders.created_at)"),
    # E214-E219, E233-E237: streams, functions and aggregates
    ("orders > 1", "E214", "orders", "'orders' is an event stream", None),
    ("count > 1", "E233", "count", "'count' is a function; call it", None),
    ("cnt(orders) > 1", "E215", "cnt", "unknown function 'cnt'", "did you mean 'count'?"),
    ("lenght(email) > 1", "E215", "lenght", "unknown function", "did you mean 'length'?"),
    ('lower(email, 1) = "a"', "E216", 'lower(email, 1)', "lower() takes one argument", None),
    ('lower(email where true) = "a"', "E234", "true", "'where' only filters aggregates", None),
    ("count(orders, email) > 0", "E216", "count(orders, email)", "takes one event stream", None),
    ("count() > 0", "E216", "count()", "count() takes one event stream", None),
    ("sum(orders) > 0", "E235", "orders", "sum() needs a field of 'orders'", None),
    ("avg(customers) > 1", "E236", "customers", "avg() of all customers needs a value", None),
    ("count(total_spent) > 1", "E237", "total_spent",
     "count() counts an event stream or the customers", None),
    ("count(orders where count(orders) > 1) > 0", "E217", "count(orders)",
     "aggregates cannot be nested", None),
    ("sum(ordrs.amount) > 0", "E218", "ordrs.amount", "sum() aggregates an event stream",
     "did you mean 'orders'?"),
    ("total_spent > avg(avg(total_spent))", "E219", "avg(avg(total_spent))",
     "cannot contain another one", None),
    ("total_spent > avg(total_spent where top 10% by total_spent)", "E219",
     "avg(total_spent where top 10% by total_spent)", "or a top/bottom N%", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "code", "span_text", "message", "hint"), ERRORS, ids=[e[0] for e in ERRORS]
)
def test_errors_are_located_with_code_and_hint(
    text: str, code: str, span_text: str, message: str, hint: str | None
) -> None:
    diagnostic = only_error(text)
    assert diagnostic.code == code, diagnostic.message
    assert diagnostic.span is not None
    assert diagnostic.span.text == span_text
    assert diagnostic.span.start == text.index(span_text) or text.count(span_text) > 1
    assert message in diagnostic.message
    if hint is not None:
        assert any(hint in h for h in diagnostic.hints), diagnostic.hints


def test_every_mistake_is_reported_once_in_source_order() -> None:
    text = 'purchase >= 2 and gender = "Female" and count(orders where amout > 1) > 0'
    found = errors(text)
    assert [located(d) for d in found] == [
        ("E210", 1, 1, "purchase"),
        ("E205", 1, 28, '"Female"'),
        ("E210", 1, 60, "amout"),
    ]
    assert found[0].hints == ("did you mean 'purchases'?",)


def test_a_failed_operand_does_not_cascade() -> None:
    # The unknown name is the only complaint: no "cannot compare" about the comparison above it.
    (diagnostic,) = errors("nosuch + 1 > now - last_order")
    assert diagnostic.code == "E210"


def test_a_located_error_renders_with_its_hint() -> None:
    (diagnostic,) = errors('device_type = "Mobile"')
    rendered = segdsl.render(diagnostic)
    assert rendered.splitlines()[0] == (
        "<expr>:1:15: error[E205]: 'Mobile' is not a value of 'device_type'"
    )
    assert "  = help: did you mean 'mobile'?" in rendered


# -- hints for common mistakes ---------------------------------------------------------------

_ORDERINGS = ["<", "<=", ">", ">="]
_AGES = ["last_order", "first_order", "signup_at", "birth_date", "now - last_order"]


@pytest.mark.parametrize("op", _ORDERINGS)
@pytest.mark.parametrize("age", _AGES)
@pytest.mark.parametrize("number", [0, 7, 30, 365, 1000])
def test_an_age_compared_with_a_bare_number_says_write_days(op: str, age: str, number: int) -> None:
    for text in (f"{age} {op} {number}", f"{number} {op} {age}"):
        diagnostic = only_error(text)
        assert diagnostic.code == "E202"
        assert diagnostic.hints == (
            f"write {number}d for {number} days (or {number}h, {number}w, {number}mo, {number}y)",
        )
        # What the hint says to write is right.
        segdsl.check(text.replace(str(number), f"{number}d"), SHOP)


@pytest.mark.parametrize("op", _ORDERINGS)
def test_a_date_compared_with_a_year_says_write_the_date(op: str) -> None:
    assert only_error(f"birth_date {op} 1990").hints == ("dates are written in full: 1990-01-01",)
    segdsl.check(f"birth_date {op} 1990-01-01", SHOP)


@pytest.mark.parametrize("text", ["last_order = 30", "last_order != 30", "last_order < -30"])
def test_no_duration_hint_where_a_duration_would_not_do(text: str) -> None:
    # An age is never compared with = (E203), and a negative age is no help.
    assert only_error(text).hints == ()


_STRING_OPERANDS = ["country", "email", "lower(email)", "count(orders where category = shoes) > 0"]


@pytest.mark.parametrize(
    ("text", "span_text", "value"),
    [
        ("country = DE", "DE", "DE"),
        ("DE = country", "DE", "DE"),
        ("country != PL", "PL", "PL"),
        ('country in ["PL", DE]', "DE", "DE"),
        ("country not in [DE]", "DE", "DE"),
        ("lower(email) = shop", "shop", "shop"),
        ("count(orders where category = shoes) > 0", "shoes", "shoes"),
        ("count(email where campaign = spring_sale) > 0", "spring_sale", "spring_sale"),
    ],
)
def test_an_unquoted_string_value_says_quote_it(text: str, span_text: str, value: str) -> None:
    diagnostic = only_error(text)
    assert (diagnostic.code, diagnostic.span and diagnostic.span.text) == ("E210", span_text)
    assert diagnostic.hints[0] == f'quote it: "{value}"'


_ENUM_VALUES = [
    (name, value, spelling(value))
    for name, values in [
        ("gender", ("female", "male", "other")),
        ("device_type", ("desktop", "mobile", "tablet")),
    ]
    for value in values
    for spelling in (str.lower, str.upper, str.title)
]


@pytest.mark.parametrize(("attribute", "value", "written"), _ENUM_VALUES)
def test_an_unquoted_enum_value_says_quote_it_as_the_schema_spells_it(
    attribute: str, value: str, written: str
) -> None:
    for text in (f"{attribute} = {written}", f"{attribute} in [{written}]"):
        # Only that hint: `female` is also close to the attribute `email`.
        assert only_error(text).hints == (f'quote it: "{value}"',)


@pytest.mark.parametrize(
    "text",
    [
        "gender = nosuch",  # not a value of the enum
        "purchases = DE",  # not compared with a string
        "last_order < thirty",
    ],
)
def test_an_unknown_name_that_is_no_value_is_not_to_be_quoted(text: str) -> None:
    assert not any(hint.startswith("quote it") for hint in only_error(text).hints)


def test_a_string_attribute_compared_with_a_misspelt_name_gets_both_hints() -> None:
    assert only_error("email = emial").hints == ('quote it: "emial"', "did you mean 'email'?")


def test_a_parenthesised_value_after_in_says_to_use_square_brackets() -> None:
    diagnostic = only_error('country in ("DE")')
    assert diagnostic.code == "E231"
    assert diagnostic.hints == ('a list is written in square brackets: in ["DE"]',)


@pytest.mark.parametrize(
    "name",
    [
        "year", "date", "now_", "concat", "substr", "trim",
        "round", "floor", "coalesce", "ifnull", "datediff", "if", "sqrt", "mean", "total",
    ],
)  # fmt: skip
def test_an_unknown_function_gets_no_far_off_suggestion(name: str) -> None:
    diagnostic = only_error(f"{name}(purchases) > 1")
    assert diagnostic.code == "E215"
    assert not any("did you mean" in hint for hint in diagnostic.hints), diagnostic.hints
    assert diagnostic.hints[-1] == "functions: " + ", ".join(FUNCTIONS)


@pytest.mark.parametrize("name", ["year", "quarter", "week", "extract"])
def test_a_date_part_function_names_those_there_are(name: str) -> None:
    hints = only_error(f"{name}(birth_date) = 3").hints
    assert (
        "the date parts are month, day, weekday, hour; a year, quarter or week is a calendar "
        "period: birth_date in 1990, signup_at in this quarter"
    ) in hints


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("cnt", "count"), ("coutn", "count"), ("sums", "sum"), ("av", "avg"), ("mx", "max"),
        ("lenght", "length"), ("len", "length"), ("lowr", "lower"), ("Upper", "upper"),
        ("ABS", "abs"),
    ],
)  # fmt: skip
def test_a_misspelt_function_is_named(name: str, meant: str) -> None:
    hints = only_error(f"{name}(email) > 1").hints
    assert hints[0].startswith("did you mean") and f"'{meant}'" in hints[0], hints


_VALUES = ("female", "male", "other")


@settings(max_examples=80)
@given(  # a string never holds NUL (E106) or a lone surrogate (E104): tests/syntax/test_parser.py
    st.one_of(
        st.sampled_from(_VALUES),
        st.text(st.characters(exclude_characters="\0", exclude_categories=("Cs",)), max_size=12),
    )
)
def test_enum_values_are_checked(candidate: str) -> None:
    text = f"gender = {encode_string(candidate)}"
    if candidate in _VALUES:
        assert segdsl.check(text, SHOP) == ir.Compare(
            "=", value("gender"), ir.Const(candidate, t.STRING)
        )
    else:
        diagnostic = only_error(text)
        assert diagnostic.code == "E205"
        assert diagnostic.span is not None
        assert diagnostic.span.start == len("gender = ")
        assert diagnostic.span.end == len(text)
        assert "values: female, male, other" in diagnostic.hints


# -- segment files ---------------------------------------------------------------------------

SEGMENTS = """\
segment buyers "At least one order" = purchases > 0
segment vip = big_spenders and buyers
segment big_spenders = top 10% by total_spent
partition stage "Lifecycle" =
    "new" when purchases = 1
    "vip" when vip
    otherwise "other"
segment staged = stage in ["new", "vip"]
"""


def test_segments_and_partitions_are_linked_in_any_order() -> None:
    module = parse_module(SEGMENTS, "f.seg")
    checked = check_module(module, SHOP)
    assert list(checked.segments) == ["buyers", "vip", "big_spenders", "staged"]
    assert checked.segments["buyers"].description == "At least one order"
    vip = checked.segments["vip"].condition
    assert isinstance(vip, ir.And)
    left, right = vip.operands
    assert isinstance(left, ir.SegmentRef) and left.name == "big_spenders"
    assert isinstance(left.body, ir.TopPercent)
    assert isinstance(right, ir.SegmentRef)
    assert right.body == segdsl.check("purchases > 0", SHOP)
    stage = checked.partitions["stage"].value
    assert stage.type == t.enum_type(("new", "vip", "other"))
    assert [label for label, _ in stage.arms] == ["new", "vip"]
    assert stage.otherwise == "other"
    assert isinstance(stage.arms[1][1], ir.SegmentRef)
    staged = checked.segments["staged"].condition
    assert isinstance(staged, ir.InSet)
    assert isinstance(staged.operand, ir.PartitionRef)


def test_check_with_a_module_resolves_its_segments() -> None:
    module = parse_module(SEGMENTS, "f.seg")
    cond = segdsl.check('vip and stage = "vip"', SHOP, module=module)
    assert isinstance(cond, ir.And)
    assert isinstance(cond.operands[0], ir.SegmentRef)
    (diagnostic,) = errors("vip")  # without the module it is just an unknown name
    assert diagnostic.code == "E210"


def test_segments_may_be_used_in_population_filters() -> None:
    module = parse_module(SEGMENTS + "segment rich = total_spent > avg(total_spent where buyers)\n")
    rich = check_module(module, SHOP).segments["rich"].condition
    assert isinstance(rich, ir.Compare)
    assert isinstance(rich.right, ir.PopulationAgg)
    assert isinstance(rich.right.where, ir.SegmentRef)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "segment a = b\nsegment b = a",
            [("E402", 2, 13, "a", "segment 'a' depends on itself: a → b → a")],
        ),
        ("segment a = a or true", [("E402", 1, 13, "a", "a → a")]),
        (
            "segment a = b and purchases > 1\nsegment b = c\nsegment c = not a",
            [("E402", 3, 17, "a", "a → b → c → a")],
        ),
        (
            'partition p = "x" when p = "x" otherwise "y"',
            [("E402", 1, 24, "p", "partition 'p' depends on itself: p → p")],
        ),
        (
            'segment a = b = "x"\npartition b = "x" when a otherwise "y"',
            [("E402", 2, 24, "a", "a → b → a")],
        ),
        (
            "segment a = purchases > 1\nsegment a = purchases > 2",
            [("E401", 2, 9, "a", "'a' is defined twice in this file")],
        ),
        (
            'segment s = true\npartition s = "x" when true otherwise "y"',
            [("E401", 2, 11, "s", "'s' is defined twice")],
        ),
        (
            "segment purchases = purchases > 1",
            [("E404", 1, 9, "purchases", "already a name in the schema")],
        ),
        ("segment DACH = true", [("E404", 1, 9, "DACH", "already a name in the schema")]),
        (
            'partition p = "x" when purchases > 1 "x" when purchases > 2 otherwise "y"',
            [("E403", 1, 38, '"x"', "label 'x' is used twice")],
        ),
        (
            'partition p = "x" when purchases > 1 otherwise "x"',
            [("E403", 1, 48, '"x"', "label 'x' is used twice")],
        ),
        (
            'partition p = "x" when purchases > 1 otherwise "y"\nsegment s = p = "z"',
            [("E205", 2, 17, '"z"', "'z' is not a value of the partition 'p'")],
        ),
        (
            'partition p = "x" when purchases > 1 otherwise "y"\nsegment s = p in ["x", "q"]',
            [("E205", 2, 24, '"q"', "not a value of the partition 'p'")],
        ),
        (
            'partition p = "x" when purchases > 1 otherwise "y"\nsegment s = p',
            [("E201", 2, 13, "p", "value of type enum(x, y)")],
        ),
        (
            "segment vip = purchases > 1\nsegment s = count(orders where vip) > 0",
            [("E232", 2, 32, "vip", "'vip' is a segment")],
        ),
        (
            "segment a = top 10% by total_spent\n"
            "segment b = total_spent > avg(total_spent where a)",
            [("E219", 2, 27, "avg(total_spent where a)", "cannot contain another one")],
        ),
        (
            "segment lapsed = purchases > 1\nsegment b = lapsd",
            [("E210", 2, 13, "lapsd", "unknown name 'lapsd'")],
        ),
    ],
)
def test_segment_file_errors(text: str, expected: list[tuple[str, int, int, str, str]]) -> None:
    found = module_errors(text)
    assert [located(d) for d in found] == [e[:4] for e in expected]
    for diagnostic, (*_, message) in zip(found, expected, strict=True):
        assert message in diagnostic.message


def test_unknown_segment_name_suggests_a_segment() -> None:
    (diagnostic,) = module_errors("segment lapsed = purchases > 1\nsegment b = lapsd")
    assert diagnostic.hints == ("did you mean 'lapsed'?",)


def test_an_error_in_a_shared_segment_is_reported_once() -> None:
    found = module_errors("segment a = nosuch > 1\nsegment b = a\nsegment c = a and b")
    assert [located(d) for d in found] == [("E210", 1, 13, "nosuch")]


def test_independent_mistakes_in_a_file_are_all_reported() -> None:
    found = module_errors(
        'segment a = gender = "Male"\nsegment b = purchses > 1\nsegment c = a\n'
        'partition p = "x" when b otherwise "x"\n'
    )
    assert [located(d) for d in found] == [
        ("E205", 1, 22, '"Male"'),
        ("E210", 2, 13, "purchses"),
        ("E403", 4, 36, '"x"'),
    ]


# -- known bugs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "now - last_order > -1mo",
        "1y is missing",
        "top 10% by 1mo",
        "avg(1y where purchases > 0) > 1d",
    ],
)
def test_calendar_durations_are_rejected_outside_timestamp_arithmetic(text: str) -> None:
    diagnostic = only_error(text)
    assert diagnostic.code == "E206"


@pytest.mark.parametrize(
    ("text", "stream"), [("count(order) > 1", "orders"), ("count(webb) > 1", "web")]
)
def test_misspelt_stream_in_count_suggests_the_stream(text: str, stream: str) -> None:
    diagnostic = only_error(text)
    assert diagnostic.code in ("E210", "E218")
    assert any(f"'{stream}'" in hint for hint in diagnostic.hints), diagnostic.hints
    assert not any("last_order" in hint for hint in diagnostic.hints)


def _suggested_aggregate(diagnostic: Diagnostic) -> str:
    (hint,) = diagnostic.hints
    match = re.fullmatch(r"aggregate it, e\.g\. (.+)", hint)
    assert match is not None, hint
    return match.group(1)


def test_field_outside_an_aggregate_suggests_a_valid_aggregate() -> None:
    suggestion = _suggested_aggregate(only_error("orders.amount > 1"))
    assert value(suggestion).type == t.DECIMAL


@pytest.mark.parametrize("text", ['email.type = "open"', 'orders.category = "shoes"'])
def test_hint_for_a_text_field_outside_an_aggregate_is_valid(text: str) -> None:
    suggestion = _suggested_aggregate(only_error(text))
    value(suggestion)  # raises SegdslError (E202) today


@pytest.mark.parametrize("text", ["device_type in HANDHELD", "gender in DACH"])
def test_enum_is_checked_against_a_named_set(text: str) -> None:
    schema_text = SHOP_PATH.read_text(encoding="utf-8").replace(
        "  DACH: [DE, AT, CH]\n", "  DACH: [DE, AT, CH]\n  HANDHELD: [mobile, tabelt]\n"
    )
    schema = segdsl.schema_from_text(schema_text, "schema.yaml")
    assert "HANDHELD" in schema.sets
    diagnostic = only_error(text, schema)
    assert diagnostic.code == "E205"


# -- behaviour: distinct counts, value traits, active days, splits ------------------------------


@pytest.mark.parametrize(
    ("text", "code", "shown"),
    [
        ("count(distinct orders) > 1", "E270", "orders"),
        ("count(distinct total_spent) > 1", "E270", "total_spent"),
        ("max(distinct orders.amount) > 1", "E270", "distinct orders.amount"),
        ("lower(distinct email) = 'a'", "E270", "distinct email"),
        ("first(orders.amount, orders.amount) > 1", "E216", "first(orders.amount, orders.amount)"),
        ("most_frequent(total_spent) = 1", "E218", "total_spent"),
        ("active_days(customers) > 1", "E218", "customers"),
        ("last(order.category) = 'a'", "E218", "order.category"),
        ("count(orders where last(orders.category) = 'a') > 0", "E217", "last(orders.category)"),
        ("active_days(web where split('a') < 10%) > 1", "E232", "split('a')"),
        ("split('a', 'b') < 10%", "E216", "split('a', 'b')"),
        ("split('a' where true) < 10%", "E234", "true"),
        ("split('a') < 0.1", "E273", "0.1"),
        ("split('a') < split('b')", "E273", "split('b')"),
        ("split('a') is missing", "E273", "split('a')"),
        ("split('a') in [1, 2]", "E273", "split('a')"),
        ("split('a') < -5%", "E209", "-5"),
        ("split('a') between 10% and 2 * 5%", "E209", "2 * 5"),
    ],
)
def test_behaviour_mistakes(text: str, code: str, shown: str) -> None:
    diagnostic = only_error(text)
    assert (diagnostic.code, diagnostic.span.text if diagnostic.span else None) == (code, shown)


@pytest.mark.parametrize(
    ("text", "code", "shown"),
    [
        ('web where type = "view" then order within 1d', "E218", "order"),
        ('webs where type = "view" then orders within 1d', "E218", "webs"),
        ('web where type = "view" then orders within 1d without mail', "E218", "mail"),
        ("web where amount > 1 then orders within 1d", "E210", "amount"),
        ('web where type = "view" then orders where typo = 1 within 1d', "E210", "typo"),
        ('web where type = "view" then orders within 0d', "E280", "0d"),
        ('web where type = "view" then orders within 10000y', "E225", "10000y"),
        ("web where country = 'DE' then orders within 1d", "E281", "country"),
        (
            "count(orders where (web where type = 'view' then orders within 1d)) > 0",
            "E217",
            "web where type = 'view' then orders within 1d",
        ),
    ],
)
def test_sequence_mistakes(text: str, code: str, shown: str | None) -> None:
    diagnostic = only_error(text)
    assert diagnostic.code == code
    if shown is not None:
        assert diagnostic.span is not None and diagnostic.span.text == shown


def test_a_sequence_is_checked_into_its_parts() -> None:
    checked = segdsl.check(
        'email where type = "click" and ts < 30d then no orders where amount > 10 within 7d '
        'without email where type = "unsubscribe"',
        SHOP,
    )
    assert isinstance(checked, ir.Sequence)
    assert (checked.first.stream, checked.then.stream, checked.negated) == ("email", "orders", True)
    assert checked.window == ir.DurationConst(7, "d")
    assert checked.without is not None and checked.without.stream == "email"


def test_value_traits_have_the_field_s_type() -> None:
    assert only_error('most_frequent(email.type) = "opn"').code == "E205"  # an enum's values
    assert only_error('last(orders.category) < "m"').code == "E204"  # strings have no order
    checked = segdsl.check("first(orders.created_at) < 30d and last(orders.amount) > 1.5", SHOP)
    assert isinstance(checked, ir.And)
    assert [node.type for node in ir.walk(checked) if isinstance(node, ir.Agg)] == [
        t.TIMESTAMP,
        t.DECIMAL,
    ]


def test_a_split_compares_its_place_in_percent() -> None:
    """`10% > split(…)` is `split(…) < 10%`: the place on the left, the percentage a decimal."""
    checked = segdsl.check('10% > split("a")', SHOP)
    assert checked == ir.Compare("<", ir.Split("a"), ir.Const(Decimal(10), t.DECIMAL))
    assert ir.nullable(ir.Split("a")) is False


# -- customer-anchored windows (docs/semantics.md, "Customer-anchored windows") ------------------


@pytest.mark.parametrize(
    ("text", "anchors"),
    [
        ("count(orders where created_at < signup_at + 30d) >= 2", ["signup_at"]),
        ("count(orders where created_at > last_click) > 0", ["last_click"]),
        ("sum(orders.amount where created_at >= signup_at) > 10", ["signup_at"]),
        (
            "count(orders where created_at < last_order and amount > total_spent) > 0",
            ["last_order", "total_spent"],
        ),
        (
            'last(web.category where ts > last_order and country = "DE") = "shoes"',
            ["last_order", "country"],
        ),
    ],
)
def test_a_filter_reads_the_customer_s_attributes_and_metrics(
    text: str, anchors: list[str]
) -> None:
    cond = segdsl.check(text, SHOP)
    outermost = next(n for n in ir.walk(cond) if isinstance(n, ir.Agg))
    assert [a.name for a in ir.anchors(outermost)] == anchors


def test_a_field_hides_an_attribute_of_its_name() -> None:
    schema_text = SHOP_PATH.read_text(encoding="utf-8").replace(
        "  consent_email: bool\n", "  consent_email: bool\n  category: string\n"
    )
    schema = segdsl.schema_from_text(schema_text, "schema.yaml")
    cond = segdsl.check('count(orders where category = "shoes") > 0', schema)
    (agg,) = [n for n in ir.walk(cond) if isinstance(n, ir.Agg)]
    assert ir.anchors(agg) == []


def _with_metrics(metrics: str) -> Schema:
    text = SHOP_PATH.read_text(encoding="utf-8").replace("metrics:\n", f"metrics:\n{metrics}")
    return segdsl.schema_from_text(text, "schema.yaml")


def test_a_metric_whose_filter_reads_itself_is_a_located_cycle() -> None:
    with pytest.raises(SegdslError) as info:
        _with_metrics(
            "  early: count(orders where created_at < first_big)\n"
            "  first_big: min(orders.created_at where early > 1)\n"
        )
    (found,) = info.value.diagnostics
    assert found.code == "E402" and "early → first_big → early" in found.message
    assert found.span is not None and found.span.text == "early"


def test_a_metric_over_all_customers_is_not_an_anchor() -> None:
    schema = _with_metrics("  spend_share: total_spent / sum(total_spent)\n")
    found = only_error("count(orders where amount > spend_share) > 0", schema)
    assert found.code == "E232" and found.span is not None
    assert found.span.text == "spend_share" and "all customers" in found.message


@pytest.mark.parametrize(
    ("text", "code", "shown"),
    [
        ("count(orders where avg(total_spent) > amount) > 0", "E217", "avg(total_spent)"),
        ("count(orders where top 10% by total_spent) > 0", "E212", "top 10% by total_spent"),
        ("count(orders where email.ts > signup_at) > 0", "E213", "email.ts"),
        ("count(orders where created_at = signup_at + 1) > 0", "E243", "signup_at + 1"),
    ],
)
def test_what_a_filter_still_cannot_read(text: str, code: str, shown: str) -> None:
    found = only_error(text)
    assert found.code == code and found.span is not None and found.span.text == shown


def test_a_sequence_cannot_ask_a_customers_own_calendar() -> None:
    """With customer_time_zone, a period in a sequence's filter is a question of the customer's
    zone, which a sequence's filters do not read (E281, at the filter)."""
    zones = segdsl.load_schema(Path(__file__).parents[2] / "examples/zones/schema.yaml")
    text = "orders where created_at in this month then orders within 1d"
    with pytest.raises(SegdslError) as raised:
        segdsl.check(text, zones)
    (found,) = raised.value.diagnostics
    assert found.code == "E281" and "calendar question of the customer's own zone" in found.message
    assert found.span is not None and found.span.text == "orders where created_at in this month"
    assert isinstance(segdsl.check(text, SHOP), ir.Sequence)  # on the project's clocks
