"""Every error code segdsl reports: its title, what it means and how to fix it, and a minimal
example that triggers it.

Code that reports a problem names its code through this module (`errors.E210`), so a code
cannot be used without being registered here. docs/errors.md is generated from this table
(`catalogue_markdown`; `REGENERATE` is the command), and tests/test_errors.py runs every example
through the real pipeline and checks that it reports exactly its code. Lint rule codes (SEG…)
live in segdsl/lint/rules.py.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentCode:
    """A condition, or a segment file (with `segment` or `partition` lines), checked against the
    example shop (examples/shop/schema.yaml, with examples/shop/segments.seg in scope)."""

    text: str


@dataclass(frozen=True)
class SchemaFile:
    """A whole schema file."""

    text: str


@dataclass(frozen=True)
class Command:
    """A `segdsl` command run at the repository root, after writing `files` (name, text) there."""

    line: str
    files: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PythonCode:
    """A script run at the repository root; it raises `SegdslError`."""

    text: str


@dataclass(frozen=True)
class Internal:
    """A check that guards against a bug in segdsl itself: no known input triggers it."""


Example = SegmentCode | SchemaFile | Command | PythonCode | Internal


@dataclass(frozen=True)
class ErrorCode:
    code: str
    title: str
    explanation: str
    example: Example


REGISTRY: dict[str, ErrorCode] = {}

SECTIONS = {
    "1": "Syntax and input limits",
    "2": "Names and types",
    "3": "Schema files and databases",
    "4": "Segment files",
    "6": "Files, projects and commands",
}


def _register(code: str, title: str, explanation: str, example: Example) -> str:
    if code in REGISTRY:
        raise ValueError(f"{code} is registered twice")
    if code[1] not in SECTIONS:
        raise ValueError(f"{code} is in no section of the catalogue")
    REGISTRY[code] = ErrorCode(code, title, " ".join(explanation.split()), example)
    return code


_SHOP_HEAD = """\
entity: customer
table: customers
key: customer_id
"""


def _schema(body: str) -> SchemaFile:
    """The example shop's first lines, then `body`."""
    return SchemaFile(_SHOP_HEAD + textwrap.dedent(body))


def _report(conversion: str) -> SchemaFile:
    """A schema with an event stream and a report, its conversion `{click: count(orders), …}`."""
    measures = "".join(f"  {m}: count(orders)\n" for m in ("sends", "opens", "clicks", "orders"))
    return _schema(
        "events:\n  orders: {table: orders, time: created_at, fields: {amount: decimal}}\n"
        f"report:\n{measures}  revenue: sum(orders.amount)\n"
        f"  conversion: {{click: count(orders), {conversion}}}\n"
    )


_CHAIN = """\
segment buyers = purchases > 0
segment recent_buyers = buyers and last_order < 30d
segment recent_german_buyers = recent_buyers and country = "DE"
"""

_CUSTOMERS_CSV = "customer_id,country\n1,DE\n2,PL\n"
_CSV_SCHEMA_HEAD = "entity: customer\ntable: customers.csv\nkey: customer_id\nattributes:\n"

# --- syntax ------------------------------------------------------------------------------------

E101 = _register(
    "E101",
    "Unexpected character",
    """A character that no word, number, string or operator of the language starts with, such
    as `&&`, `||` or `!`. Conditions are joined with `and`, `or` and `not`; strings are quoted
    with `"` or `'`.""",
    SegmentCode("purchases >= 2 && last_open < 30d"),
)
E102 = _register(
    "E102",
    "Syntax error",
    """The words are in an order the language does not allow: a missing or extra operator, `==`
    instead of `=`, two conditions without `and`/`or` between them, an upper-case keyword, or
    the input ends in the middle of a condition. The message says what was expected where; the
    grammar is in [the language reference](language.md).""",
    SegmentCode("purchases == 2"),
)
E103 = _register(
    "E103",
    "Unknown duration unit",
    """A number followed by letters is a duration, and the letters must be one of its units:
    `h` (hours), `d` (days), `w` (weeks), `mo` (calendar months) or `y` (calendar years). Write
    `30d`, not `30days` or `30 days`.""",
    SegmentCode("last_order < 30days"),
)
E104 = _register(
    "E104",
    "Invalid escape sequence in a string",
    """A backslash in a string starts an escape: `\\n`, `\\t`, `\\r`, `\\\\`, `\\"`, `\\'`,
    `\\uXXXX` or `\\UXXXXXXXX`. Any other character after it is an error (write `\\\\` for a
    backslash itself), and so is an escape that names no character: past U+10FFFF, or half of
    a surrogate pair (write `\\uD83D\\uDE00` or `\\U0001F600`, or the character itself).""",
    SegmentCode('email ends with "\\shop.com"'),
)
E105 = _register(
    "E105",
    "Invalid date or timestamp",
    """A date or timestamp literal has the right shape but names no real day or time, such as
    February 30th or hour 25. Dates are written `2024-01-31`, timestamps
    `2024-01-31T10:00:00` (UTC).""",
    SegmentCode("signup_at > 2025-02-30"),
)
E106 = _register(
    "E106",
    "The NUL character in a string",
    """A string cannot hold the character U+0000 (written `\\0`, `\\u0000` or as itself): no
    engine compares it reliably (PostgreSQL cannot store it, SQLite cuts a string at it).""",
    SegmentCode('email = "a\\0b"'),
)
E107 = _register(
    "E107",
    "Unclosed string",
    """A string's opening quote has no closing quote on the same line. Strings cannot span
    lines; add the closing quote (`"` or `'`, the same as the opening one).""",
    SegmentCode('country = "DE'),
)
E110 = _register(
    "E110",
    "Input longer than the limit",
    """A segment file, `-e` expression or schema file is longer than `source_size` characters
    (1,000,000 unless changed). Split it into several files, or raise the limit in `[limits]`
    of segdsl.toml (see Limits in [the language reference](language.md#limits)).""",
    PythonCode(
        'import segdsl\n\nsegdsl.parse("purchases >= 2 and last_open < 30d", '
        "limits=segdsl.Limits(source_size=20))\n"
    ),
)
E111 = _register(
    "E111",
    "Nesting deeper than the limit",
    """A condition nests deeper than `depth` levels (100 unless changed), counting parentheses,
    operators, function calls and the segments and metrics it refers to. Flatten it (`and` and
    `or` chains are one level however long), or raise `depth` in `[limits]` of segdsl.toml.""",
    PythonCode(
        'import segdsl\n\nschema = segdsl.load_schema("examples/shop/schema.yaml")\n'
        'segdsl.check("-(-(-purchases)) > 1", schema, limits=segdsl.Limits(depth=3))\n'
    ),
)
E112 = _register(
    "E112",
    "A list longer than the limit",
    """A list has more than `list_items` items (1,000 unless changed). Long lists belong in a
    named set of the schema, or a table; or raise `list_items` in `[limits]` of segdsl.toml.""",
    PythonCode(
        'import segdsl\n\nschema = segdsl.load_schema("examples/shop/schema.yaml")\n'
        'segdsl.check(\'country in ["PL", "DE", "FR"]\', schema, '
        "limits=segdsl.Limits(list_items=2))\n"
    ),
)
E113 = _register(
    "E113",
    "More definitions than the limit",
    """A segment file defines more than `definitions` segments and partitions (10,000 unless
    changed). Split it into several files, or raise `definitions` in `[limits]` of
    segdsl.toml.""",
    Command(
        "segdsl check chain.seg",
        (
            ("segdsl.toml", 'schema = "examples/shop/schema.yaml"\n\n[limits]\ndefinitions = 2\n'),
            ("chain.seg", _CHAIN),
        ),
    ),
)
E114 = _register(
    "E114",
    "A chain of references longer than the limit",
    """A segment refers to a segment that refers to another, and so on (metrics and partitions
    count too), through more than `reference_depth` definitions (25 unless changed). Shorten the
    chain, or raise `reference_depth` in `[limits]` of segdsl.toml.""",
    Command(
        "segdsl check chain.seg",
        (
            (
                "segdsl.toml",
                'schema = "examples/shop/schema.yaml"\n\n[limits]\nreference_depth = 2\n',
            ),
            ("chain.seg", _CHAIN),
        ),
    ),
)

# --- names and types ---------------------------------------------------------------------------

E201 = _register(
    "E201",
    "A value where a condition is needed",
    """A segment, a partition arm and each side of `and`/`or` must be true or false for every
    customer; a number, string or date on its own is not. Compare the value: `purchases > 0`,
    `last_order < 30d`.""",
    SegmentCode("email or purchases > 1"),
)
E202 = _register(
    "E202",
    "Values of different types compared",
    """Both sides of a comparison, every item of an `in` list and the values of a named set
    must have the operand's type: a number with a number, a string with a string, a date or
    timestamp with a date or timestamp. Quote strings (`"42"`) and leave numbers unquoted.""",
    SegmentCode('purchases >= "2"'),
)
E203 = _register(
    "E203",
    "An age compared with = or !=",
    """`last_order < 30d` compares the time since a date with a duration. An age is never
    exactly equal to a duration, so only `<`, `<=`, `>` and `>=` are allowed; for a range
    of ages use `between`: `last_order between 30d and 60d`.""",
    SegmentCode("last_order = 30d"),
)
E204 = _register(
    "E204",
    "Ordering values that have no order",
    """`<`, `<=`, `>`, `>=` and `top`/`bottom N% by` need values with an order: numbers, dates,
    timestamps, durations. Strings, enums and booleans only support `=` and `!=` (databases
    order strings differently, so segdsl does not).""",
    SegmentCode('country > "PL"'),
)
E205 = _register(
    "E205",
    "Not a value of the enum",
    """An enum attribute or field (declared `type: enum` with `values:` in the schema) can only
    be compared with one of its values, spelled exactly as in the schema. A named set used with
    an enum must hold only its values.""",
    SegmentCode('gender = "Female"'),
)
E206 = _register(
    "E206",
    "A calendar duration in arithmetic",
    """Months (`mo`) and years (`y`) are calendar units without a fixed length, so they can
    only move a timestamp (`now - 1mo`) or bound an age (`last_order < 6mo`). In arithmetic on
    durations, or anywhere else, use days or weeks (`180d`).""",
    SegmentCode("now - last_order > 1mo"),
)
E207 = _register(
    "E207",
    "A list outside 'in'",
    """A list `[…]` is only the right-hand side of `in` or `not in`. To compare with one value,
    leave out the brackets.""",
    SegmentCode('country = ["PL"]'),
)
E208 = _register(
    "E208",
    "A named set outside 'in'",
    """A named set (`EU`, `EEA`, or one of the schema's `sets:`) is only the right-hand side of
    `in` or `not in`: `country in EU`.""",
    SegmentCode("country = EU"),
)
E209 = _register(
    "E209",
    "An invalid percentage",
    """`top N% by …` and `bottom N% by …` take a number above 0 and at most 100.""",
    SegmentCode("top 120% by total_spent"),
)
E210 = _register(
    "E210",
    "Unknown name",
    """The name is not an attribute, metric, set, segment or partition, or not a field of the
    event stream it is looked up in. Names are case-sensitive; the message suggests close
    matches, and the schema lists what exists.""",
    SegmentCode("purchase >= 2"),
)
E212 = _register(
    "E212",
    "A ranking inside an aggregate",
    """`top N% by …` ranks all customers; it cannot be a filter of an aggregate over one
    customer's events. Rank by an aggregate instead: `top 10% by sum(orders.amount where …)`.""",
    SegmentCode("count(orders where top 10% by amount) > 0"),
)
E213 = _register(
    "E213",
    "An event field outside its aggregate",
    """A field of an event stream (`orders.amount`) has one value per event, not per customer,
    so it can only be used inside an aggregate over that stream: `max(orders.amount) > 100`,
    `count(orders where amount > 100) > 0`.""",
    SegmentCode("orders.amount > 1"),
)
E214 = _register(
    "E214",
    "An event stream used as a value",
    """An event stream is many events per customer; aggregate it to get one value:
    `count(orders) > 0`, `max(orders.created_at) < 30d`.""",
    SegmentCode("orders > 0"),
)
E215 = _register(
    "E215",
    "Unknown function",
    """The name before `(` is not a function or an aggregate of the language. The functions are
    `lower`, `upper`, `length` and `abs`; the aggregates `count`, `sum`, `avg`, `min` and
    `max`.""",
    SegmentCode("lenght(email) > 3"),
)
E216 = _register(
    "E216",
    "Wrong number of arguments",
    """Every function and aggregate takes exactly one argument: `length(email)`,
    `sum(orders.amount)`. Filter an aggregate with `where` instead of a second argument.""",
    SegmentCode("sum(orders.amount, orders.order_id) > 1"),
)
E217 = _register(
    "E217",
    "Nested aggregates",
    """An aggregate over a customer's events cannot contain another aggregate: inside
    `count(orders where …)` only the fields of one order are known. Compare the inner
    aggregate outside: `count(orders where amount > 100) > 0 and avg(orders.amount) > 50`.""",
    SegmentCode("count(orders where amount > avg(orders.amount)) > 0"),
)
E218 = _register(
    "E218",
    "An aggregate of something that is not an event stream",
    """An aggregate over a customer's events names an event stream of the schema, or one of its
    fields (`count(orders)`, `sum(orders.amount)`); `count` also counts the customers
    themselves (`count(customers where …)`). Check the stream's spelling.""",
    SegmentCode("count(order) > 0"),
)
E219 = _register(
    "E219",
    "An aggregate over all customers that contains another",
    """An aggregate over all customers (`avg(total_spent)`, `count(customers where …)`) is one
    number for the whole population; it cannot contain another such aggregate or a
    `top`/`bottom N%` ranking. Define the inner one as its own comparison.""",
    SegmentCode("total_spent > avg(total_spent where total_spent > avg(total_spent))"),
)
E220 = _register(
    "E220",
    "A number beyond what every engine computes exactly",
    """Integers are 64-bit in every engine (at most 9,223,372,036,854,775,807) and decimals hold
    at most 38 digits; a literal beyond that, or arithmetic on literals whose result is, would
    be rounded or overflow in some engine.""",
    SegmentCode("purchases > 99999999999999999999"),
)
E221 = _register(
    "E221",
    "An empty range in 'between'",
    """`x between a and b` means `x >= a and x <= b`, so with `a` above `b` no customer matches.
    Write the lower bound first. (Ages are the exception: `last_order between 60d and 30d` and
    `between 30d and 60d` mean the same.)""",
    SegmentCode("purchases between 5 and 2"),
)
E225 = _register(
    "E225",
    "A date outside the years 1 to 9999",
    """Engines hold dates from the year 1 to the year 9999. A duration longer than that range,
    or one that moves the as-of instant out of it, has no date to compare with.""",
    SegmentCode("last_order < 20000y"),
)
E230 = _register(
    "E230",
    "A list item that is not a literal value",
    """The items of an `in […]` list are literal values written out (`"PL"`, `3`,
    `2024-01-01`), not names or expressions. To compare two attributes, use `=`.""",
    SegmentCode('country in ["PL", email]'),
)
E231 = _register(
    "E231",
    "'in' without a list or a named set",
    """The right-hand side of `in` is a list (`["PL", "DE"]`) or a named set (`EU`, `EEA`, or
    one of the schema's `sets:`). A single value is compared with `=`.""",
    SegmentCode('country in "PL"'),
)
E232 = _register(
    "E232",
    "A customer's value inside an aggregate's filter",
    """The filter of an aggregate over a stream (`count(orders where …)`) is evaluated per
    event, so it can only use that stream's fields. Move a condition on the customer out of the
    aggregate: `country = "DE" and count(orders where amount > 100) > 0`.""",
    SegmentCode('count(orders where country = "DE") > 0'),
)
E233 = _register(
    "E233",
    "A function used without a call",
    """`lower`, `upper`, `length` and `abs` are functions: give them their argument in
    parentheses, `length(email) > 3`.""",
    SegmentCode("length > 3"),
)
E234 = _register(
    "E234",
    "'where' on a function that is not an aggregate",
    """`where` filters the events an aggregate counts or sums (`count(orders where amount >
    100)`); a function of one value (`lower`, `upper`, `length`, `abs`) has nothing to
    filter.""",
    SegmentCode('lower(email where email is present) = "a@b.c"'),
)
E235 = _register(
    "E235",
    "An aggregate of a whole event stream that needs a field",
    """Only `count` counts the events of a stream itself; `sum`, `avg`, `min` and `max`
    aggregate one of its fields: `sum(orders.amount)`, `max(orders.created_at)`.""",
    SegmentCode("sum(orders) > 100"),
)
E236 = _register(
    "E236",
    "An aggregate of all customers that needs a value",
    """Over all customers, `count(customers)` counts them, but `sum`, `avg`, `min` and `max`
    aggregate one of their values: `avg(total_spent)`, `max(purchases where country = "DE")`.""",
    SegmentCode("purchases > avg(customers)"),
)
E237 = _register(
    "E237",
    "count() of a value",
    """`count` counts events (`count(orders)`) or customers (`count(customers where …)`), not
    the values of a metric or attribute. To count the customers with a value, filter:
    `count(customers where total_spent > 100)`.""",
    SegmentCode("count(total_spent) > 0"),
)
E238 = _register(
    "E238",
    "'in' on a duration",
    """`in` tests whether one value (a number, string, date, enum, …) is in a list or set. A
    duration (`now - last_order`) is not tested this way: compare it with `<`, `>` or
    `between`.""",
    SegmentCode("now - last_order in [1d, 2d]"),
)
E239 = _register(
    "E239",
    "A text test on a value that is not text",
    """`contains`, `starts with` and `ends with` test strings, and both sides must be strings.
    Compare numbers and dates with `=`, `<`, `>`.""",
    SegmentCode('purchases contains "1"'),
)
E240 = _register(
    "E240",
    "Negating a value that is not a number",
    """A minus sign in front of a value negates a number or a duration. A string, date or
    boolean cannot be negated; to negate a condition, use `not`.""",
    SegmentCode('-country = "PL"'),
)
E241 = _register(
    "E241",
    "A function argument of the wrong type",
    """`lower`, `upper` and `length` take a string; `abs` takes a number.""",
    SegmentCode("length(purchases) > 1"),
)
E242 = _register(
    "E242",
    "An aggregate of values it cannot aggregate",
    """`sum` and `avg` need numbers; `min` and `max` need numbers, dates or timestamps. Strings,
    enums and booleans cannot be aggregated; count the events that have a value instead:
    `count(orders where category = "shoes")`.""",
    SegmentCode("avg(orders.category) > 1"),
)
E243 = _register(
    "E243",
    "Arithmetic on values of the wrong types",
    """`+`, `-`, `*` and `/` combine numbers; a duration can be added to or taken from a date or
    timestamp (`now - 30d`), and two timestamps or dates subtracted to a duration. Strings,
    enums and booleans take no part in arithmetic.""",
    SegmentCode('country + 1 = "PL1"'),
)
E244 = _register(
    "E244",
    "Hours added to a date",
    """A date has no time of day, so only days, weeks, months and years can be added to or
    taken from it. Use a timestamp for hours, or a whole number of days.""",
    SegmentCode("birth_date + 1h > now"),
)

# --- schema files ------------------------------------------------------------------------------

E300 = _register(
    "E300",
    "The schema is not valid YAML",
    """The schema file could not be read as YAML: look at the indentation, a missing `:` after
    a key, or an unclosed quote or bracket near the position given.""",
    _schema("attributes:\n  country: [string\n"),
)
E301 = _register(
    "E301",
    "A schema value of the wrong kind",
    """Each place of the schema holds one kind of YAML value: a mapping of `key: value` lines
    (`attributes`, `events`, `metrics`), a list like `[DE, AT]` (a set, an enum's `values`), a
    single value (a type, a table, a name) or `true`/`false` (`pii`, `nullable`,
    `deprecated`). [The schema reference](schema.md) shows each.""",
    _schema("attributes: [email, country]\n"),
)
E302 = _register(
    "E302",
    "Unknown key in the schema",
    """The key is not one the schema format has at this place; the message lists those it
    has. Check its spelling, and its indentation (a key indented under the wrong parent is
    unknown there).""",
    _schema("attributes:\n  country: {type: string, nulable: false}\n"),
)
E303 = _register(
    "E303",
    "A required key is missing from the schema",
    """The schema needs `entity`, `table` and `key`; an attribute or field written as a mapping
    needs `type`, an enum `values`, a metric written as a mapping `expr`, and an event stream
    `table` and `time`.""",
    _schema("attributes:\n  country: {pii: true}\n"),
)
E304 = _register(
    "E304",
    "Defined or listed twice in the schema",
    """A key appears twice in the same mapping, or a value twice in the same list (an enum's
    `values`, a set). Remove one of them; YAML would otherwise keep only the last.""",
    _schema("sets:\n  DACH: [DE, AT, CH, DE]\n"),
)
E310 = _register(
    "E310",
    "The schema file cannot be read",
    """The schema file named by `--schema` or by the project file (segdsl.toml) does not exist
    or cannot be read. Paths in segdsl.toml are relative to that file.""",
    Command("segdsl check -e 'purchases >= 2' --schema examples/shop/schema.yml"),
)
E311 = _register(
    "E311",
    "A report measure is missing",
    """`report:` in the schema defines every measure of `segdsl report`: `sends`, `opens`,
    `clicks`, `orders` and `revenue`, and a `conversion` has `click` and `order`
    ([analytics](analytics.md)).""",
    _schema(
        """\
        report:
          sends: count(orders)
        """
    ),
)
E312 = _register(
    "E312",
    "A conversion event that is not a count",
    """`report.conversion.click` and `report.conversion.order` name the events to match, as
    `count(stream where …)`; another kind of value does not name events.""",
    _report("order: sum(orders.amount)"),
)
E320 = _register(
    "E320",
    "A table of the schema that the database cannot read",
    """Before the first query, segdsl checks the database against the schema. A table the schema
    names (the customers' `table`, an event stream's `table`) does not exist in the database,
    cannot be read, or is a file (`orders.csv`) on an engine other than DuckDB, which is the only
    one that reads files. Check the table's name, or the `--db` the command connects to.""",
    Command(
        "segdsl run -e 'country = \"DE\"' --schema schema.yaml --db :memory:",
        (("schema.yaml", _SHOP_HEAD + "attributes:\n  country: string\n"),),
    ),
)
E321 = _register(
    "E321",
    "A column of the schema missing from its table",
    """The table has no column for an attribute, the key, or an event stream's key, time or
    field. Check the spelling, or map the entry to the column's real name with `column:`.""",
    Command(
        "segdsl run -e 'gender = \"female\"' --schema schema.yaml --db :memory:",
        (
            ("customers.csv", _CUSTOMERS_CSV),
            ("schema.yaml", _CSV_SCHEMA_HEAD + "  gender: string\n"),
        ),
    ),
)
E322 = _register(
    "E322",
    "A column whose type cannot hold the schema's type",
    """The column exists, but its type in the database cannot hold the values of the type the
    schema declares (a `bool` attribute in a text column, a `timestamp` in an integer column).
    Declare the type the column has, or convert the column in a view; [the schema
    reference](schema.md#checking-the-database) lists which column types hold which type.""",
    Command(
        "segdsl run -e 'country' --schema schema.yaml --db :memory:",
        (
            ("customers.csv", _CUSTOMERS_CSV),
            ("schema.yaml", _CSV_SCHEMA_HEAD + "  country: bool\n"),
        ),
    ),
)
E330 = _register(
    "E330",
    "Not a valid name",
    """Names of attributes, fields, metrics, sets, event streams, the entity, the key and
    columns are letters, digits and `_`, not starting with a digit, so that conditions can
    use them. Map a column with another name through `column:`.""",
    _schema("attributes:\n  home-country: string\n"),
)
E331 = _register(
    "E331",
    "An empty value in the schema",
    """A table name must not be blank, and an enum needs at least one value.""",
    _schema("attributes:\n  tier: {type: enum, values: []}\n"),
)
E332 = _register(
    "E332",
    "'values' on a type that is not an enum",
    """Only `type: enum` has a list of `values`. Remove `values`, or make the type `enum`.""",
    _schema("attributes:\n  country: {type: string, values: [DE, PL]}\n"),
)
E333 = _register(
    "E333",
    "Unknown type",
    """Attribute and field types are `int`, `decimal`, `string`, `bool`, `date`, `timestamp` and
    `enum` (with `values`).""",
    _schema("attributes:\n  age: integr\n"),
)
E334 = _register(
    "E334",
    "The schema file is empty",
    """The schema file holds no YAML (only blanks or comments). A schema has at least `entity`,
    `table` and `key` ([the schema reference](schema.md)).""",
    SchemaFile("# the shop's customers\n"),
)
E335 = _register(
    "E335",
    "An event stream's time field that is not a timestamp",
    """An event stream's `time` names the field that says when each event happened; declared
    among its `fields`, it must be a `timestamp` (ages like `created_at < 30d` are measured
    from it).""",
    _schema("events:\n  orders: {table: orders, time: created_at, fields: {created_at: date}}\n"),
)
E336 = _register(
    "E336",
    "A name defined twice in the schema",
    """Attributes, metrics and sets (and the key) share one namespace, since a condition refers
    to each by its name alone. Rename one of them.""",
    _schema("attributes:\n  tier: string\nmetrics:\n  tier: count(orders)\n"),
)
E337 = _register(
    "E337",
    "A reserved name in the schema",
    """The names of built-in sets (`EU`, `EEA`), keywords (`and`, `in`, `now`, …) and
    functions (`lower`, `length`, …) cannot be defined by the schema: conditions could not
    refer to them.""",
    _schema("sets:\n  EU: [DE, FR]\n"),
)
E338 = _register(
    "E338",
    "A conversion window that is not a duration",
    """`report.conversion.within` is how long after a click an order counts as converted, a
    duration like `7d`, `48h` or `2w`.""",
    _report("order: count(orders), within: 7 days"),
)
E339 = _register(
    "E339",
    "A table name with a quote or a control character",
    """Table names and file paths in the schema cannot contain `"`, `'`, a backtick or control
    characters: segdsl quotes names itself in the SQL it writes, and a quote inside a name
    would end it.""",
    _schema('events:\n  orders: {table: "order\'s", time: created_at}\n'),
)

# --- segment files -----------------------------------------------------------------------------

E401 = _register(
    "E401",
    "A segment defined twice",
    """Two segments or partitions of a file have the same name; each must have its own.""",
    SegmentCode("segment buyers = purchases > 0\nsegment buyers = purchases > 1"),
)
E402 = _register(
    "E402",
    "A definition that depends on itself",
    """A segment or partition refers to itself, directly or through others; the message shows
    the cycle. One of the definitions must be written without the reference.""",
    SegmentCode("segment a = b and purchases > 0\nsegment b = a or purchases > 5"),
)
E403 = _register(
    "E403",
    "A partition label used twice",
    """Each arm of a partition, and its `otherwise`, names a different group: a label may appear
    only once.""",
    SegmentCode(
        'partition value =\n  "high" when total_spent > 1000\n  "high" when total_spent > 500\n'
        '  otherwise "low"'
    ),
)
E404 = _register(
    "E404",
    "A segment named like a schema name",
    """A segment or partition cannot take the name of an attribute, metric or set of the
    schema: a condition using the name would be ambiguous. Choose another name.""",
    SegmentCode("segment purchases = count(orders) > 2"),
)

# --- files, projects and commands --------------------------------------------------------------

E600 = _register(
    "E600",
    "A file cannot be read or written",
    """A segment file given on the command line (or to `parse_file`) does not exist or is not
    readable UTF-8 text, or a file cannot be written back (`segdsl fmt`, `segdsl lint --fix`).
    The message gives the system's reason.""",
    Command("segdsl check examples/shop/segmnts.seg --schema examples/shop/schema.yaml"),
)
E601 = _register(
    "E601",
    "Unknown dialect",
    """The SQL dialect asked of the Python API or the REPL's `.dialect` is not one segdsl
    compiles to; `segdsl dialects` lists them.""",
    PythonCode(
        'import segdsl\n\nschema = segdsl.load_schema("examples/shop/schema.yaml")\n'
        'segdsl.compile_sql("purchases >= 2", schema, dialect="oracle")\n'
    ),
)
E602 = _register(
    "E602",
    "The project file cannot be read",
    """segdsl.toml (or pyproject.toml with a `[tool.segdsl]` table), found in the current
    folder or above, is not readable or not valid TOML. Strings are quoted in TOML.""",
    Command(
        "segdsl check -e 'purchases >= 2'",
        (("segdsl.toml", "schema = examples/shop/schema.yaml\n"),),
    ),
)
E603 = _register(
    "E603",
    "No schema given",
    """Commands that check conditions need the schema: pass `--schema schema.yaml`, or add
    `schema = "schema.yaml"` to a segdsl.toml in the current folder or above.""",
    Command("segdsl check -e 'purchases >= 2'"),
)
E604 = _register(
    "E604",
    "No such segment in the file",
    """`--segment NAME` names a segment (or, for the analytics commands, a partition) that the
    file does not define. The message lists those it does.""",
    Command(
        "segdsl compile examples/shop/segments.seg --segment vips "
        "--schema examples/shop/schema.yaml"
    ),
)
E605 = _register(
    "E605",
    "The formatter would change a file's meaning",
    """`segdsl fmt` parses its own output and compares it with the input; when they differ, the
    file is left as it is and this error is reported. Please report it with the file: it is a
    bug in segdsl.""",
    Internal(),
)
E606 = _register(
    "E606",
    "Membership columns that differ only in case",
    """`segdsl run FILE --out` writes one column per segment and partition, named after them.
    Many engines and file readers treat names that differ only in case (`vip`, `Vip`) as one
    column, so one would silently hold the other's members. Rename one, or write one at a time
    with `--segment NAME`.""",
    Command(
        "segdsl run cases.seg --schema examples/shop/schema.yaml --db :memory: "
        "--out membership.csv",
        (("cases.seg", "segment vip = purchases > 10\nsegment Vip = total_spent > 1000\n"),),
    ),
)
E610 = _register(
    "E610",
    "Unknown setting in the project file",
    """segdsl.toml (or `[tool.segdsl]`) has `schema`, `db`, `dialect` and a `[lint]`
    table, whose settings are `select`, `ignore`, `severity` and `max-in-items`
    ([the command line](cli.md), [the linter](lint.md)).""",
    Command(
        "segdsl check -e 'purchases >= 2'",
        (("segdsl.toml", 'schema = "examples/shop/schema.yaml"\ndatabase = "shop.duckdb"\n'),),
    ),
)
E611 = _register(
    "E611",
    "A setting with a value of the wrong kind",
    """A setting of the project file or of the linter has a value of the wrong kind: `schema`,
    `db` and `dialect` are strings, `[lint]` and its `severity` are tables, `select` and
    `ignore` lists of rule codes, a severity `error`, `warning` or `info`, and `max-in-items` a
    whole number above 0.""",
    Command(
        "segdsl check -e 'purchases >= 2'",
        (("segdsl.toml", 'schema = ["examples/shop/schema.yaml"]\n'),),
    ),
)
E612 = _register(
    "E612",
    "Unknown lint rule",
    """A lint rule code in `--select`, `--ignore` or the `[lint]` settings is not a rule's code
    or the start of one; [the linter's page](lint.md) lists
    the rules.""",
    Command("segdsl lint examples/shop/segments.seg --select SEG999"),
)


# --- the catalogue -----------------------------------------------------------------------------


def _example_markdown(entry: ErrorCode) -> list[str]:
    example = entry.example
    match example:
        case SegmentCode(text=text):
            return [f"<!-- test: expect-error {entry.code} -->", "```seg", text, "```"]
        case SchemaFile(text=text):
            return [f"<!-- test: expect-error {entry.code} -->", "```yaml", text.rstrip(), "```"]
        case Command(line=line, files=()):
            return ["<!-- test: expect-error -->", "```sh", line, "```"]
        case Command(line=line, files=files):
            lines: list[str] = []
            for name, text in files:
                suffix = name.rsplit(".", 1)[-1]
                language = {"toml": "toml", "seg": "seg", "yaml": "yaml", "csv": "text"}[suffix]
                lines += [f"With this `{name}` in the current folder:", "", f"```{language}"]
                lines += [text.rstrip(), "```", ""]
            reason = "needs the file above; tests/test_errors.py runs it"
            return [*lines, f"<!-- test: not-run: {reason} -->", "```sh", line, "```"]
        case PythonCode(text=text):
            reason = f"raises SegdslError {entry.code}; tests/test_errors.py runs it"
            return [f"<!-- test: not-run: {reason} -->", "```python", text.rstrip(), "```"]
        case Internal():
            return ["No input is known to cause this error."]


REGENERATE = (
    "python -c 'from segdsl.errors import catalogue_markdown as page; print(page(), end=\"\")' "
    "> docs/errors.md"
)


def catalogue_markdown() -> str:
    """docs/errors.md (tests/test_errors.py keeps the committed page in step with this)."""
    out = [
        "# Error codes",
        "",
        "<!-- Generated from segdsl/errors.py; edit the registry there, then run",
        REGENERATE,
        "-->",
        "",
        "Every problem segdsl reports has a code, shown in brackets:",
        "`<expr>:1:1: error[E210]: unknown name 'purchase'`, and as `code` in JSON output. This",
        "page explains each code and shows a small example that causes it. Segment examples are",
        "checked against the example shop (`examples/shop/schema.yaml`, with",
        "`examples/shop/segments.seg` in scope); commands run at the root of the repository.",
        "Schema examples start with the shop's `entity`, `table` and `key`.",
        "",
        "The linter's findings have codes of their own (`SEG001`, …): see",
        "[the linter's rules](lint.md).",
        "",
    ]
    for digit, section in SECTIONS.items():
        entries = [e for e in REGISTRY.values() if e.code[1] == digit]
        out += [f"## {section}", "", "| code | problem |", "| --- | --- |"]
        out += [f"| [{e.code}](#{e.code.lower()}) | {e.title} |" for e in entries]
        out.append("")
        for entry in entries:
            out += [f"### {entry.code}: {entry.title} {{#{entry.code.lower()}}}", ""]
            out += [*textwrap.wrap(entry.explanation, 96, break_on_hyphens=False), ""]
            out += [*_example_markdown(entry), ""]
    return "\n".join(out).rstrip("\n") + "\n"
