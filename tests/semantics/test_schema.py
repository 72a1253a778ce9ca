"""Schema files (segdsl.load_schema, segdsl.schema): the example shop, every option of a column,
stream, metric, set and report, and malformed files as located diagnostics (never a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

import segdsl
from segdsl.diagnostics import Diagnostic, SegdslError, Severity, did_you_mean
from segdsl.semantics import types as t
from segdsl.semantics.schema import BUILTIN_SETS, Schema, parse_schema
from segdsl.syntax import ast

SHOP = Path(__file__).parents[2] / "examples" / "shop" / "schema.yaml"

HEAD = "entity: customer\ntable: customers\nkey: customer_id\n"
ORDERS = "events:\n  orders: {table: orders, time: created_at, fields: {amount: decimal}}\n"


def write(tmp_path: Path, text: str, name: str = "schema.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str) -> Schema:
    return segdsl.load_schema(write(tmp_path, text))


def errors(tmp_path: Path, text: str) -> list[Diagnostic]:
    """The diagnostics of a schema file that must not load; each points into that file."""
    path = write(tmp_path, text)
    with pytest.raises(SegdslError) as info:
        segdsl.load_schema(path)
    found = list(info.value.diagnostics)
    assert found
    for diagnostic in found:
        assert diagnostic.severity is Severity.ERROR
        assert diagnostic.span is not None, diagnostic
        assert diagnostic.span.source.name == str(path)
        assert str(path) in segdsl.render(diagnostic)
    return found


def only_error(tmp_path: Path, text: str) -> Diagnostic:
    found = errors(tmp_path, text)
    assert len(found) == 1, [(d.code, d.message) for d in found]
    return found[0]


def where(diagnostic: Diagnostic) -> tuple[str, int, int]:
    assert diagnostic.span is not None
    return diagnostic.code, diagnostic.span.line, diagnostic.span.column


# -- the example shop ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop() -> Schema:
    return segdsl.load_schema(SHOP)


def test_shop_entity(shop: Schema) -> None:
    assert (shop.entity, shop.table, shop.key) == ("customer", "customers", "customer_id")
    assert shop.path == SHOP
    assert not shop.table_is_file


def test_shop_attributes(shop: Schema) -> None:
    types = {name: column.type for name, column in shop.attributes.items()}
    assert types == {
        "email": t.STRING,
        "country": t.STRING,
        "signup_at": t.TIMESTAMP,
        "birth_date": t.DATE,
        "gender": t.enum_type(("female", "male", "other")),
        "device_type": t.enum_type(("desktop", "mobile", "tablet")),
        "consent_email": t.BOOL,
        "customer_id": t.INT,  # the key, added as a never-missing int
    }
    assert shop.attributes["email"].pii
    assert not shop.attributes["country"].pii
    assert not shop.attributes["customer_id"].nullable
    assert shop.attributes["country"].nullable
    assert all(c.column == name for name, c in shop.attributes.items())
    assert shop.attributes["gender"].span.line == 10


def test_shop_event_streams(shop: Schema) -> None:
    assert list(shop.events) == ["orders", "email", "web"]
    orders, email, web = shop.events.values()
    assert (orders.table, orders.time, orders.key) == ("orders", "created_at", "customer_id")
    assert {n: c.type for n, c in orders.fields.items()} == {
        "order_id": t.INT,
        "amount": t.DECIMAL,
        "category": t.STRING,
        "created_at": t.TIMESTAMP,  # the time column is a field too
    }
    assert (email.table, email.time) == ("email_events", "ts")
    assert email.fields["type"].type == t.enum_type(("send", "open", "click", "unsubscribe"))
    assert email.fields["ts"].type == t.TIMESTAMP
    assert web.table == "web_events"
    assert web.fields["type"].type.values == ("view", "add_to_cart", "checkout")
    assert not orders.is_file


def test_shop_metrics_are_parsed_with_spans_into_the_file(shop: Schema) -> None:
    assert list(shop.metrics) == [
        "purchases",
        "total_spent",
        "spend_365d",
        "first_order",
        "last_order",
        "last_open",
        "last_click",
        "last_cart_add",
    ]
    text = SHOP.read_text(encoding="utf-8")
    for metric in shop.metrics.values():
        span = metric.expr.span
        assert span.source.name == str(SHOP)
        assert span.source.text == text
        line = text.splitlines()[span.line - 1]
        assert line.startswith(f"  {metric.name}: ")
        assert line[span.column - 1 :].rstrip() == span.text
    purchases = shop.metrics["purchases"].expr
    assert isinstance(purchases, ast.Call)
    assert purchases.func == "count"
    assert purchases.func_span.text == "count"
    last_open = shop.metrics["last_open"].expr
    assert last_open.span.text == 'max(email.ts where type = "open")'
    assert (last_open.span.line, last_open.span.column) == (26, 14)


def test_shop_sets(shop: Schema) -> None:
    assert shop.sets["DACH"].values == ("DE", "AT", "CH")
    assert shop.sets["DACH"].element == t.STRING
    assert len(shop.sets["EU"].values) == 27
    assert set(shop.sets["EU"].values) == set(BUILTIN_SETS["EU"])
    assert "GR" in shop.sets["EU"].values and "EL" not in shop.sets["EU"].values
    assert set(shop.sets["EEA"].values) == set(BUILTIN_SETS["EU"]) | {"IS", "LI", "NO"}
    assert shop.all_names()[:8] == list(shop.attributes)


def test_shop_report(shop: Schema) -> None:
    report = shop.report
    assert report is not None
    assert list(report.measures) == ["sends", "opens", "clicks", "orders", "revenue"]
    assert report.measures["sends"].expr.span.text == (
        'count(email where type = "send" and ts < 30d)'
    )
    assert report.conversion_click is not None and report.conversion_order is not None
    assert report.conversion_order.expr.span.text == "count(orders)"
    assert report.within == "7d"


# -- what a schema can say -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("int", t.INT),
        ("integer", t.INT),
        ("bigint", t.INT),
        ("decimal", t.DECIMAL),
        ("number", t.DECIMAL),
        ("numeric", t.DECIMAL),
        ("float", t.DECIMAL),
        ("string", t.STRING),
        ("text", t.STRING),
        ("bool", t.BOOL),
        ("boolean", t.BOOL),
        ("date", t.DATE),
        ("timestamp", t.TIMESTAMP),
        ("datetime", t.TIMESTAMP),
        ("Integer", t.INT),
        ("TEXT", t.STRING),
    ],
)
def test_type_names(tmp_path: Path, written: str, expected: t.Type) -> None:
    schema = load(tmp_path, HEAD + f"attributes:\n  a: {written}\n  b: {{type: {written}}}\n")
    assert schema.attributes["a"].type == expected
    assert schema.attributes["b"].type == expected


def test_column_options(tmp_path: Path) -> None:
    schema = load(
        tmp_path,
        HEAD
        + "attributes:\n"
        + "  score:\n"
        + "    type: decimal\n"
        + "    column: score_v2\n"
        + "    description: Lifetime score\n"
        + "    pii: yes\n"
        + "    deprecated: true\n"
        + "    nullable: false\n"
        + "  plain: string\n",
    )
    score = schema.attributes["score"]
    assert (score.name, score.column, score.type) == ("score", "score_v2", t.DECIMAL)
    assert score.description == "Lifetime score"
    assert score.pii and score.deprecated and not score.nullable
    plain = schema.attributes["plain"]
    assert (plain.pii, plain.deprecated, plain.nullable, plain.description) == (
        False,
        False,
        True,
        None,
    )


def test_yaml_booleans_stay_strings_in_enums_and_sets(tmp_path: Path) -> None:
    schema = load(
        tmp_path,
        HEAD
        + "attributes:\n  answer: {type: enum, values: [yes, no, 'off']}\n"
        + "sets:\n  NORDIC: [NO, SE, DK, FI, IS]\n",
    )
    assert schema.attributes["answer"].type.values == ("yes", "no", "off")
    assert schema.sets["NORDIC"].values == ("NO", "SE", "DK", "FI", "IS")


@pytest.mark.parametrize(
    ("written", "values", "element"),
    [
        ("[1, 2, 30]", (1, 2, 30), t.INT),
        ("[-1, 0]", (-1, 0), t.INT),
        ("['1', '2']", ("1", "2"), t.STRING),
        ("[1, '2', NO]", ("1", "2", "NO"), t.STRING),
        ("[1.5, 2]", ("1.5", "2"), t.STRING),
    ],
)
def test_int_and_string_sets(
    tmp_path: Path, written: str, values: tuple[object, ...], element: t.Type
) -> None:
    schema = load(tmp_path, HEAD + f"sets:\n  S: {written}\n")
    assert schema.sets["S"].values == values
    assert schema.sets["S"].element == element


def test_event_stream_options(tmp_path: Path) -> None:
    schema = load(
        tmp_path,
        HEAD
        + "events:\n"
        + "  visits:\n"
        + "    table: analytics.visits\n"
        + "    time: at\n"
        + "    key: visitor\n"
        + "    description: page views\n"
        + "    fields: {at: timestamp, page: {type: string, column: url}}\n"
        + "  pings: {table: pings, time: ts}\n",
    )
    visits = schema.events["visits"]
    assert (visits.table, visits.time, visits.key) == ("analytics.visits", "at", "visitor")
    assert visits.fields["page"].column == "url"
    assert visits.fields["at"].type == t.TIMESTAMP
    pings = schema.events["pings"]
    assert pings.key == "customer_id"  # joined by the entity's key unless told otherwise
    assert list(pings.fields) == ["ts"]
    assert pings.fields["ts"].type == t.TIMESTAMP


def test_file_tables_are_relative_to_the_schema(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    schema = segdsl.load_schema(
        write(
            folder,
            "entity: customer\ntable: data/customers.csv.gz\nkey: id\n"
            + "events:\n  e: {table: e.parquet, time: ts}\n  d: {table: db_table, time: ts}\n",
        )
    )
    assert schema.table == str((folder / "data" / "customers.csv.gz").resolve())
    assert schema.table_is_file
    assert schema.events["e"].table == str((folder / "e.parquet").resolve())
    assert schema.events["e"].is_file
    assert schema.events["d"].table == "db_table"
    assert not schema.events["d"].is_file


def test_file_tables_named_by_uri_are_kept_as_written(tmp_path: Path) -> None:
    """A URI names a file the engine reads (Spark: `s3a://…`), not one beside the schema."""
    schema = segdsl.load_schema(
        write(
            tmp_path,
            "entity: customer\ntable: s3a://shop/customers.parquet\nkey: id\n"
            + "events:\n  e: {table: 'gs://shop/e.parquet', time: ts}\n",
        )
    )
    assert schema.table == "s3a://shop/customers.parquet"
    assert schema.events["e"].table == "gs://shop/e.parquet"
    assert schema.table_is_file and schema.events["e"].is_file


def test_key_may_be_declared_with_its_own_type(tmp_path: Path) -> None:
    schema = load(tmp_path, HEAD + "attributes:\n  customer_id: string\n")
    assert schema.attributes["customer_id"].type == t.STRING


def test_metric_with_description_and_quoted_expression(tmp_path: Path) -> None:
    text = (
        HEAD
        + ORDERS
        + "metrics:\n"
        + "  buyers: {expr: 'count(orders where amount > 10)', description: Big orders}\n"
        + '  spent: "sum(orders.amount)"\n'
    )
    schema = load(tmp_path, text)
    buyers = schema.metrics["buyers"]
    assert buyers.description == "Big orders"
    assert buyers.expr.span.text == "count(orders where amount > 10)"
    assert (buyers.expr.span.line, buyers.expr.span.column) == (7, 19)
    spent = schema.metrics["spent"]
    assert spent.expr.span.text == "sum(orders.amount)"
    assert (spent.expr.span.line, spent.expr.span.column) == (8, 11)


def test_metrics_may_use_attributes_and_other_metrics_in_any_order(tmp_path: Path) -> None:
    schema = load(
        tmp_path,
        HEAD
        + ORDERS
        + "metrics:\n  average: spent / buyers\n  spent: sum(orders.amount)\n"
        + "  buyers: count(orders)\n",
    )
    assert list(schema.metrics) == ["average", "spent", "buyers"]
    cond = segdsl.check("average > 10", schema)
    assert cond.left.type == t.DECIMAL  # type: ignore[union-attr]


def test_a_stream_may_share_a_name_with_an_attribute(tmp_path: Path) -> None:
    schema = load(
        tmp_path,
        HEAD + "attributes:\n  email: string\nevents:\n  email: {table: email_events, time: ts}\n",
    )
    assert schema.attributes["email"].type == t.STRING
    assert schema.events["email"].table == "email_events"
    assert segdsl.check('email = "a" and count(email) > 0', schema) is not None


def test_schema_from_text_and_parse_schema(tmp_path: Path) -> None:
    text = HEAD + "description: my shop\nattributes:\n  x: int\n"
    schema = segdsl.schema_from_text(text, "inline.yaml")
    assert schema.source.name == "inline.yaml"
    assert schema.path is None
    assert parse_schema(text, "inline.yaml") == schema


def test_did_you_mean() -> None:
    assert did_you_mean("atributes", ["attributes", "events"]) == ("did you mean 'attributes'?",)
    assert did_you_mean("PURCHASES", ["purchases"]) == ("did you mean 'purchases'?",)
    assert did_you_mean("zzz", ["attributes"]) == ()


# -- malformed files -------------------------------------------------------------------------

MALFORMED: list[tuple[str, str, str, int, int, str, str | None]] = [
    # (id, text, code, line, column, message fragment, hint fragment)
    ("bad-yaml-flow", HEAD + "attributes: {a: [\n", "E300", 5, 1, "not valid YAML", None),
    ("bad-yaml-mapping", HEAD + "attributes:\n  a: b: c\n", "E300", 5, 7, "not valid YAML", None),
    ("tab-indent", HEAD + "attributes:\n\ta: int\n", "E300", 5, 1, "'\\t'", None),
    ("empty-file", "", "E334", 1, 1, "the schema file is empty", None),
    ("root-list", "- a\n- b\n", "E301", 1, 1, "the schema must be a mapping", None),
    ("root-scalar", "hello\n", "E301", 1, 1, "the schema must be a mapping", None),
    ("no-key", "entity: c\ntable: t\n", "E303", 1, 1, "the schema has no `key`", None),
    ("unknown-top-key", HEAD + "atributes: {a: int}\n", "E302", 4, 1, "'atributes'", "attributes"),
    (
        "unknown-column-key",
        HEAD + "attributes:\n  a: {type: int, nulable: false}\n",
        "E302",
        5,
        18,
        "unknown key 'nulable' in 'a'",
        "did you mean 'nullable'?",
    ),
    (
        "unknown-type",
        HEAD + "attributes:\n  a: strin\n",
        "E333",
        5,
        6,
        "unknown type 'strin'",
        "did you mean 'string'?",
    ),
    (
        "unknown-type-in-mapping",
        HEAD + "attributes:\n  a: {type: varchar}\n",
        "E333",
        5,
        13,
        "unknown type 'varchar'",
        "types: int, decimal",
    ),
    ("null-type", HEAD + "attributes:\n  a: null\n", "E333", 5, 6, "unknown type 'null'", None),
    ("no-type", HEAD + "attributes:\n  a: {pii: true}\n", "E303", 5, 6, "'a' has no type", None),
    (
        "enum-without-values",
        HEAD + "attributes:\n  a: {type: enum}\n",
        "E303",
        5,
        13,
        "an enum needs `values",
        None,
    ),
    (
        "enum-empty",
        HEAD + "attributes:\n  a: {type: enum, values: []}\n",
        "E331",
        5,
        27,
        "at least one value",
        None,
    ),
    (
        "enum-duplicate",
        HEAD + "attributes:\n  a: {type: enum, values: [x, y, x]}\n",
        "E304",
        5,
        34,
        "'x' is listed twice in enum values",
        None,
    ),
    (
        "values-without-enum",
        HEAD + "attributes:\n  a: {type: string, values: [x]}\n",
        "E332",
        5,
        29,
        "`values` is only allowed with `type: enum`",
        None,
    ),
    (
        "flag-not-bool",
        HEAD + "attributes:\n  a: {type: string, pii: maybe}\n",
        "E301",
        5,
        26,
        "pii must be true or false",
        None,
    ),
    (
        "duplicate-attribute",
        HEAD + "attributes:\n  a: int\n  a: string\n",
        "E304",
        6,
        3,
        "'a' is defined twice in attributes",
        None,
    ),
    ("duplicate-top-key", HEAD + "table: other\n", "E304", 4, 1, "'table' is defined twice", None),
    (
        "attribute-name-with-space",
        HEAD + "attributes:\n  'my attr': int\n",
        "E330",
        5,
        3,
        "'my attr' is not a valid name",
        None,
    ),
    (
        "attribute-name-number",
        HEAD + "attributes:\n  1: int\n",
        "E330",
        5,
        3,
        "attribute name '1' is not a valid name",
        None,
    ),
    (
        "attribute-named-like-a-keyword",
        HEAD + "attributes:\n  between: int\n",
        "E337",
        5,
        3,
        "'between' is a keyword of the language",
        None,
    ),
    (
        "attribute-named-like-a-function",
        HEAD + "attributes:\n  count: int\n",
        "E337",
        5,
        3,
        "'count' is a keyword",
        None,
    ),
    (
        "non-scalar-key",
        HEAD + "attributes:\n  ? [a]\n  : int\n",
        "E301",
        5,
        5,
        "keys in attributes must be plain names",
        None,
    ),
    (
        "attributes-not-a-mapping",
        HEAD + "attributes: [a, b]\n",
        "E301",
        4,
        13,
        "attributes must be a mapping",
        None,
    ),
    ("entity-with-space", "entity: 'a b'\ntable: t\nkey: k\n", "E330", 1, 9, "'a b'", None),
    ("key-is-a-list", "entity: c\ntable: t\nkey: [a]\n", "E301", 3, 6, "key must be", None),
    (
        "column-not-a-name",
        HEAD + "attributes:\n  a: {type: int, column: 'x y'}\n",
        "E330",
        5,
        26,
        "column 'x y' is not a valid name",
        None,
    ),
    (
        "metric-clashes-with-attribute",
        HEAD + "attributes:\n  a: int\n" + ORDERS + "metrics:\n  a: count(orders)\n",
        "E336",
        9,
        3,
        "'a' is already defined as an attribute (line 5)",
        None,
    ),
    (
        "set-clashes-with-attribute",
        HEAD + "attributes:\n  S: int\nsets:\n  S: [a]\n",
        "E336",
        7,
        3,
        "'S' is already defined as an attribute",
        None,
    ),
    (
        "redefined-builtin-set",
        HEAD + "sets:\n  EU: [PL]\n",
        "E337",
        5,
        3,
        "'EU' is a built-in set",
        None,
    ),
    ("empty-set", HEAD + "sets:\n  S: []\n", "E301", 5, 6, "non-empty list", None),
    ("scalar-set", HEAD + "sets:\n  S: PL\n", "E301", 5, 6, "non-empty list", None),
    (
        "nested-set",
        HEAD + "sets:\n  S: [[a]]\n",
        "E301",
        5,
        7,
        "an item of set 'S' must be a single value",
        None,
    ),
    (
        "duplicate-set-member",
        HEAD + "sets:\n  S: [PL, DE, PL]\n",
        "E304",
        5,
        15,
        "'PL' is listed twice in set 'S'",
        None,
    ),
    ("stream-without-table", HEAD + "events:\n  o: {time: t}\n", "E303", 5, 6, "no `table`", None),
    ("stream-without-time", HEAD + "events:\n  o: {table: o}\n", "E303", 5, 6, "no `time`", None),
    (
        "stream-unknown-key",
        HEAD + "events:\n  o: {table: o, time: t, feilds: {a: int}}\n",
        "E302",
        5,
        26,
        "unknown key 'feilds' in event stream 'o'",
        "did you mean 'fields'?",
    ),
    (
        "time-field-not-a-timestamp",
        HEAD + "events:\n  o: {table: o, time: t, fields: {t: int}}\n",
        "E335",
        5,
        23,
        "the time field 't' must be a timestamp",
        None,
    ),
    (
        "fields-not-a-mapping",
        HEAD + "events:\n  o: {table: o, time: t, fields: [a, b]}\n",
        "E301",
        5,
        34,
        "fields of 'o' must be a mapping",
        None,
    ),
    (
        "duplicate-field",
        HEAD
        + "events:\n  o:\n    table: o\n    time: t\n    fields:\n      a: int\n      a: int\n",
        "E304",
        10,
        7,
        "'a' is defined twice in fields of 'o'",
        None,
    ),
    (
        "unknown-field-type",
        HEAD + "events:\n  o: {table: o, time: t, fields: {a: money}}\n",
        "E333",
        5,
        38,
        "unknown type 'money'",
        None,
    ),
    (
        "metric-without-expr",
        HEAD + "metrics:\n  a: {description: x}\n",
        "E303",
        5,
        6,
        "metric 'a' has no `expr`",
        None,
    ),
    (
        "metric-unknown-key",
        HEAD + "metrics:\n  a: {expr: '1', descr: x}\n",
        "E302",
        5,
        18,
        "unknown key 'descr' in metric 'a'",
        "did you mean 'description'?",
    ),
    ("metric-empty", HEAD + "metrics:\n  a:\n", "E301", 5, 5, "metric 'a' must be", None),
    (
        "metric-syntax-error",
        HEAD + ORDERS + "metrics:\n  m: count(orders where)\n",
        "E102",
        7,
        24,
        "in metric 'm': expected a condition or value",
        None,
    ),
    (
        "quoted-metric-syntax-error",
        HEAD + ORDERS + "metrics:\n  m: 'count(orders where)'\n",
        "E102",
        7,
        25,
        "in metric 'm'",
        None,
    ),
    (
        "metric-bad-duration",
        HEAD + ORDERS + "metrics:\n  m: count(orders where created_at < 30days)\n",
        "E103",
        7,
        38,
        "unknown duration unit 'days'",
        None,
    ),
    (
        "metric-unknown-field",
        HEAD + ORDERS + "metrics:\n  m: sum(orders.amout)\n",
        "E210",
        7,
        10,
        "'orders' has no field 'amout'",
        "did you mean 'amount'?",
    ),
    (
        "metric-unknown-stream",
        HEAD + ORDERS + "metrics:\n  m: sum(ordrs.amount)\n",
        "E218",
        7,
        10,
        "sum() aggregates an event stream (orders)",
        "did you mean 'orders'?",
    ),
    (
        "metric-filter-unknown-field",
        HEAD + ORDERS + "metrics:\n  m: count(orders where amout > 1)\n",
        "E210",
        7,
        25,
        "'orders' has no field 'amout'",
        "did you mean 'amount'?",
    ),
    (
        "metric-filter-wrong-type",
        HEAD + ORDERS + "metrics:\n  m: 'count(orders where amount = \"x\")'\n",
        "E202",
        7,
        26,
        "cannot compare decimal with string",
        "numbers are written without quotes",
    ),
    (
        "metric-type-error",
        HEAD + "attributes:\n  s: string\nmetrics:\n  a: s + 1\n",
        "E243",
        7,
        6,
        "cannot compute string + int",
        None,
    ),
    (
        "metric-unknown-name",
        HEAD + "attributes:\n  score: int\nmetrics:\n  a: scor * 2\n",
        "E210",
        7,
        6,
        "unknown name 'scor'",
        "did you mean 'score'?",
    ),
    (
        "metric-cycle",
        HEAD + "metrics:\n  a: b + 1\n  b: a + 1\n",
        "E402",
        6,
        6,
        "metric 'a' depends on itself: a → b → a",
        None,
    ),
    (
        "metric-self-reference",
        HEAD + "metrics:\n  a: a + 1\n",
        "E402",
        5,
        6,
        "metric 'a' depends on itself: a → a",
        None,
    ),
    (
        "report-unknown-measure",
        HEAD
        + ORDERS
        + "report:\n  sends: count(orders)\n  opens: count(orders)\n  clicks: count(orders)\n"
        + "  orders: count(orders)\n  revenue: sum(orders.amount)\n  bounces: count(orders)\n",
        "E302",
        12,
        3,
        "unknown key 'bounces' in report",
        "allowed: sends, opens, clicks, orders, revenue, conversion",
    ),
    (
        "report-conversion-without-order",
        HEAD
        + ORDERS
        + "report:\n  sends: count(orders)\n  opens: count(orders)\n  clicks: count(orders)\n"
        + "  orders: count(orders)\n  revenue: sum(orders.amount)\n"
        + "  conversion: {click: count(orders)}\n",
        "E311",
        12,
        15,
        "report.conversion has no `order`",
        None,
    ),
    (
        "report-conversion-unknown-key",
        HEAD
        + ORDERS
        + "report:\n  sends: count(orders)\n  opens: count(orders)\n  clicks: count(orders)\n"
        + "  orders: count(orders)\n  revenue: sum(orders.amount)\n"
        + "  conversion: {click: count(orders), order: count(orders), windw: 7d}\n",
        "E302",
        12,
        60,
        "unknown key 'windw' in report.conversion",
        None,
    ),
    (
        "report-measure-syntax-error",
        HEAD
        + ORDERS
        + "report:\n  sends: count(orders\n  opens: count(orders)\n  clicks: count(orders)\n"
        + "  orders: count(orders)\n  revenue: sum(orders.amount)\n",
        "E102",
        7,
        22,
        "in metric 'report.sends'",
        None,
    ),
    (
        "report-measure-unknown-stream",
        HEAD
        + ORDERS
        + "report:\n  sends: count(nosuch)\n  opens: count(orders)\n  clicks: count(orders)\n"
        + "  orders: count(orders)\n  revenue: sum(orders.amount)\n",
        "E218",
        7,
        16,
        "count() counts an event stream or the customers (orders, customers)",
        None,
    ),
    (
        "report-conversion-not-a-count",
        HEAD
        + ORDERS
        + "report:\n  sends: count(orders)\n  opens: count(orders)\n  clicks: count(orders)\n"
        + "  orders: count(orders)\n  revenue: sum(orders.amount)\n"
        + "  conversion: {click: sum(orders.amount), order: count(orders)}\n",
        "E312",
        12,
        23,
        "report.conversion.click must name events as count(stream where …)",
        None,
    ),
    (
        "report-conversion-anchored",
        HEAD
        + "attributes: {signup_at: timestamp}\n"
        + ORDERS
        + "report:\n  sends: count(orders)\n  opens: count(orders)\n  clicks: count(orders)\n"
        + "  orders: count(orders)\n  revenue: sum(orders.amount)\n"
        + "  conversion: {click: count(orders),"
        + " order: count(orders where created_at > signup_at)}\n",
        "E312",
        13,
        45,
        "report.conversion.order names events by their own fields, not the customer's values",
        None,
    ),
    (
        "report-conversion-within-not-a-duration",
        HEAD
        + ORDERS
        + "report:\n  sends: count(orders)\n  opens: count(orders)\n  clicks: count(orders)\n"
        + "  orders: count(orders)\n  revenue: sum(orders.amount)\n"
        + "  conversion: {click: count(orders), order: count(orders), within: banana}\n",
        "E338",
        12,
        68,
        "report.conversion.within 'banana' is not a duration like 7d",
        None,
    ),
]


# A value of the wrong shape is reported first; what the loader then cannot find is reported
# after it (on the same node).
CASCADING: list[tuple[str, str, str, int, int, str, str | None]] = [
    (
        "enum-values-not-a-list",
        HEAD + "attributes:\n  a: {type: enum, values: x}\n",
        "E301",
        5,
        27,
        "enum values must be a list",
        None,
    ),
    (
        "type-is-a-list",
        HEAD + "attributes:\n  a: {type: [int]}\n",
        "E301",
        5,
        13,
        "type must be a single value",
        None,
    ),
    (
        "report-not-a-mapping",
        HEAD + "report:\n  - sends\n",
        "E301",
        5,
        3,
        "report must be a mapping",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "message", "hint"),
    [case[1:] for case in CASCADING],
    ids=[case[0] for case in CASCADING],
)
def test_wrong_shape_is_reported_first(
    tmp_path: Path, text: str, code: str, line: int, column: int, message: str, hint: str | None
) -> None:
    first, *rest = errors(tmp_path, text)
    assert where(first) == (code, line, column), first.message
    assert message in first.message
    assert all(d.span == first.span for d in rest)


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "message", "hint"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_schema_is_located(
    tmp_path: Path, text: str, code: str, line: int, column: int, message: str, hint: str | None
) -> None:
    diagnostic = only_error(tmp_path, text)
    assert where(diagnostic) == (code, line, column), diagnostic.message
    assert message in diagnostic.message
    if hint is not None:
        assert any(hint in h for h in diagnostic.hints), diagnostic.hints


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    found = errors(
        tmp_path,
        HEAD
        + "attributes:\n  a: strin\n  b: {type: int, pi: true}\n"
        + "sets:\n  EU: [PL]\n  S: [x, x]\n",
    )
    assert [where(d) for d in found] == [
        ("E333", 5, 6),
        ("E302", 6, 18),
        ("E337", 8, 3),
        ("E304", 9, 10),
    ]


def test_missing_report_measures_are_each_named(tmp_path: Path) -> None:
    found = errors(tmp_path, HEAD + ORDERS + "report:\n  sends: count(orders)\n")
    assert [d.code for d in found] == ["E311"] * 4
    assert [d.message for d in found] == [
        f"report has no `{name}`" for name in ("opens", "clicks", "orders", "revenue")
    ]
    assert all(d.span is not None and d.span.line == 7 for d in found)


def test_missing_entity_table_and_key_are_each_reported(tmp_path: Path) -> None:
    found = errors(tmp_path, "attributes:\n  a: int\n")
    assert [(d.code, d.message) for d in found] == [
        ("E303", "the schema has no `entity`"),
        ("E303", "the schema has no `table`"),
        ("E303", "the schema has no `key`"),
    ]


def test_yaml_error_renders_with_a_caret(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "attributes:\n  a: b: c\n")
    with pytest.raises(SegdslError) as info:
        segdsl.load_schema(path)
    rendered = segdsl.render(info.value.diagnostics[0])
    assert rendered.startswith(f"{path}:5:7: error[E300]: ")
    assert "5 |   a: b: c" in rendered


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(SegdslError) as info:
        segdsl.load_schema(path)
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == "E310"
    assert diagnostic.message == f"schema file not found: {path}"


def test_unreadable_files(tmp_path: Path) -> None:
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"entity: \xff\xfe\n")
    for path in (binary, tmp_path):  # not UTF-8; a folder
        with pytest.raises(SegdslError) as info:
            segdsl.load_schema(path)
        (diagnostic,) = info.value.diagnostics
        assert diagnostic.code == "E310"
        assert f"cannot read schema {path}" in diagnostic.message


def test_errors_in_a_metric_do_not_hide_structural_errors(tmp_path: Path) -> None:
    found = errors(
        tmp_path,
        HEAD + ORDERS + "metrics:\n  m: count(orders where)\n  n: {expr: '1', x: 2}\n",
    )
    assert [where(d) for d in found] == [("E102", 7, 24), ("E302", 8, 18)]


@pytest.mark.parametrize(
    "metric",
    [
        "  m: |\n    count(orders) + s\n",
        "  m: >\n    count(orders)\n    + s\n",
        "  m: count(orders)\n    + s\n",
    ],
    ids=["literal-block", "folded-block", "multi-line-plain"],
)
def test_errors_in_multi_line_metrics_point_at_the_metric(tmp_path: Path, metric: str) -> None:
    text = HEAD + "attributes:\n  s: string\n" + ORDERS + "metrics:\n" + metric
    diagnostic = only_error(tmp_path, text)
    assert diagnostic.code == "E243"
    assert diagnostic.span is not None
    assert diagnostic.span.line >= 9  # where the metric stands, not line 1
    assert diagnostic.span.source.text == text
    located = text[diagnostic.span.start : diagnostic.span.end]
    assert located.split() == ["count(orders)", "+", "s"]


@pytest.mark.parametrize(
    "text",
    [
        'entity: c\ntable: ""\nkey: id\n',
        "entity: c\ntable: t\nkey: id\nevents:\n  e: {table: '', time: ts}\n",
    ],
    ids=["entity-table", "stream-table"],
)
def test_empty_table_name_is_rejected(tmp_path: Path, text: str) -> None:
    diagnostic = only_error(tmp_path, text)
    assert diagnostic.code == "E331"
    assert "table" in diagnostic.message


def test_duplicate_member_of_an_int_set_is_reported(tmp_path: Path) -> None:
    diagnostic = only_error(tmp_path, HEAD + "sets:\n  S: [1, 2, 1]\n")
    assert where(diagnostic) == ("E304", 5, 13)
    assert "'1' is listed twice in set 'S'" in diagnostic.message


def test_since_names_a_date_or_timestamp_attribute(shop: Schema) -> None:
    assert shop.since == "signup_at"
    head = "entity: customer\ntable: customers\nkey: customer_id\n"
    head += "attributes:\n  signup_at: timestamp\n  joined: date\n  tier: string\n"
    assert parse_schema(head + "since: joined\n").since == "joined"
    assert parse_schema(head).since is None
    for since, message in [
        ("tier", "a string attribute, not a date or timestamp"),
        ("signup", "not an attribute of the entity"),
        ("customer_id", "not an attribute of the entity"),
    ]:
        with pytest.raises(SegdslError) as info:
            parse_schema(head + f"since: {since}\n", "schema.yaml")
        (found,) = info.value.diagnostics
        assert found.code == "E341" and message in found.message
        assert found.span is not None and found.span.text == since


def test_customer_time_zone_names_a_string_attribute() -> None:
    """docs/schema.md, "Time zone": the attribute holding each customer's own zone."""
    head = "entity: customer\ntable: customers\nkey: customer_id\n"
    head += "attributes:\n  signup_at: timestamp\n  tz: string\n"
    head += "  zone: {type: enum, values: [Europe/Warsaw, Asia/Tokyo]}\n"
    schema = parse_schema(head + "time_zone: Europe/Warsaw\ncustomer_time_zone: tz\n")
    assert (schema.time_zone, schema.customer_time_zone) == ("Europe/Warsaw", "tz")
    assert parse_schema(head + "customer_time_zone: zone\n").customer_time_zone == "zone"
    assert parse_schema(head).customer_time_zone is None
    for name, message in [
        ("signup_at", "a timestamp attribute, not a string"),
        ("t", "not an attribute of the entity"),
    ]:
        with pytest.raises(SegdslError) as info:
            parse_schema(head + f"customer_time_zone: {name}\n", "schema.yaml")
        (found,) = info.value.diagnostics
        assert found.code == "E345" and message in found.message
        assert found.span is not None and found.span.text == name
    with pytest.raises(SegdslError) as info:
        parse_schema(head + "customer_time_zone: t\n", "schema.yaml")
    assert info.value.diagnostics[0].hints == ("did you mean 'tz'?",)


HISTORY_HEAD = (
    "entity: customer\ntable: customers\nkey: customer_id\n"
    "attributes:\n  country: string\n  signup_at: timestamp\n  consent_email: bool\n"
    "since: signup_at\n"
)


def _history(body: str) -> str:
    return HISTORY_HEAD + "history:\n" + "".join(f"  {line}\n" for line in body.splitlines())


def test_a_history_names_its_table_validity_and_attributes() -> None:
    schema = parse_schema(
        _history(
            "table: customer_history\nvalid_from: valid_from\nvalid_to: valid_to\n"
            "attributes: [country, consent_email]"
        )
    )
    assert schema.history is not None
    assert schema.history.table == "customer_history"
    assert (schema.history.valid_from, schema.history.valid_to) == ("valid_from", "valid_to")
    assert schema.history.attributes == ("country", "consent_email")
    assert parse_schema(HISTORY_HEAD).history is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("attributes: [contry]", ("E347", "'contry', which is not an attribute", "contry")),
        ("attributes: [customer_id]", ("E347", "'customer_id', the key", "customer_id")),
        ("attributes: [signup_at]", ("E347", "'signup_at', `since`", "signup_at")),
        ("attributes: []", ("E331", "at least one attribute", None)),
        ("attributes: [country, country]", ("E304", "listed twice", "country")),
        ("attributes: country", ("E301", "must be a list", "country")),
        ("valid_to: country\nattributes: [country]", ("E348", "the attribute 'country'", None)),
        ("valid_from: customer_id\nattributes: [country]", ("E348", "the key", None)),
        ("valid_from: valid_to\nattributes: [country]", ("E348", "as valid_from does", None)),
        ("valid_from: 'a b'\nattributes: [country]", ("E330", "not a valid name", None)),
    ],
)
def test_a_history_is_checked_with_located_errors(
    body: str, expected: tuple[str, str, str | None]
) -> None:
    lines = {"table": "customer_history", "valid_from": "valid_from", "valid_to": "valid_to"}
    for line in body.splitlines():
        lines[line.split(":")[0]] = line.split(":", 1)[1].strip()
    text = _history("\n".join(f"{key}: {value}" for key, value in lines.items()))
    with pytest.raises(SegdslError) as info:
        parse_schema(text, "schema.yaml")
    (found,) = info.value.diagnostics
    code, message, spanned = expected
    assert found.code == code and message in found.message, found.message
    assert found.span is not None and found.span.line > HISTORY_HEAD.count("\n")
    if spanned is not None:
        assert spanned in found.span.text


def test_a_history_needs_every_key_and_no_other() -> None:
    with pytest.raises(SegdslError) as info:
        parse_schema(_history("table: customer_history\nvalid_form: valid_from"), "schema.yaml")
    found = [(d.code, d.message) for d in info.value.diagnostics]
    assert ("E302", "unknown key 'valid_form' in history") in found
    assert {m for c, m in found if c == "E303"} == {
        "history has no `valid_from`",
        "history has no `valid_to`",
        "history has no `attributes`",
    }
