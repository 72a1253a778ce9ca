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
    """A `segdsl` command run at the repository root, after writing `files` (name, text) there,
    and `without` the named modules, as a reader would run it who has not installed them."""

    line: str
    files: tuple[tuple[str, str], ...] = ()
    without: tuple[str, ...] = ()


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


def is_syntax(code: str) -> bool:
    """Whether `code` is in section 1 of the catalogue: syntax and input limits."""
    return code[1:2] == "1"


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
    instead of `=`, two conditions without `and`/`or` between them, an upper-case or misspelt
    keyword (`adn`), a list in parentheses (`in ("DE", "FR")` instead of `in ["DE", "FR"]`), a
    ranking without its `%` (`top 10 by …`), a definition without `segment` in front, or the
    input ends in the middle of a condition. The message says what was expected where, and a
    hint what to write for these common slips; the grammar is in
    [the language reference](language.md).""",
    SegmentCode("purchases == 2"),
)
E103 = _register(
    "E103",
    "Unknown duration unit",
    """A number followed by letters is a duration, and the letters must be one of its units:
    `h` (hours), `d` (days), `w` (weeks), `mo` (calendar months) or `y` (calendar years), with
    no space after the number: write `30d`, not `30days`, `30 days` or `30 d`. There is no unit
    shorter than an hour.""",
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

E120 = _register(
    "E120",
    "An unknown calendar period",
    """After `this` and `last` (and before `to date`) comes a calendar unit: `day`, `week`,
    `month`, `quarter` or `year`, or its plural (`last 3 months`); `today` and `yesterday` are
    days. `to` is followed by `date`: `year to date`.""",
    SegmentCode("last_order in this mnth"),
)
E121 = _register(
    "E121",
    "A number of periods below 1",
    """`last N months` is the N whole months before this one (`next N months` the N after
    it), so N is at least 1; `last month` is one.""",
    SegmentCode("last_order in last 0 months"),
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
    timestamp with a date or timestamp. Quote strings (`"42"`) and leave numbers unquoted. A
    bare number is not an age or a date: write `last_order < 30d` (30 days), `birth_date <
    1990-01-01`.""",
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
    """`top N% by …` and `bottom N% by …` take a number above 0 and at most 100; a split is
    compared with a percentage from 0% to 100% (`split("spring24") < 10%`).""",
    SegmentCode("top 120% by total_spent"),
)
E210 = _register(
    "E210",
    "Unknown name",
    """The name is not an attribute, metric, set, segment or partition, or not a field of the
    event stream it is looked up in. Names are case-sensitive; the message suggests close
    matches, and the schema lists what exists. A string value is quoted (`country = "DE"`):
    unquoted, it is read as a name.""",
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
    `lower`, `upper`, `length`, `abs` and `split`; the aggregates `count`, `sum`, `avg`, `min`
    and `max`, and over events only `first`, `last`, `most_frequent` and `active_days`; the
    date parts `month`, `day`, `weekday` and `hour`. A year, a quarter or a week is a calendar
    period: `birth_date in 1990`, `signup_at in this quarter`.""",
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
    """The right-hand side of `in` is a list in square brackets (`["PL", "DE"]`, not
    parentheses) or a named set (`EU`, `EEA`, or one of the schema's `sets:`). A single value is
    compared with `=`.""",
    SegmentCode('country in "PL"'),
)
E232 = _register(
    "E232",
    "A segment, partition or ranking inside an aggregate's filter",
    """The filter of an aggregate over a stream (`count(orders where …)`) is evaluated per
    event: it uses that stream's fields and the customer's own attributes and metrics
    (`count(orders where created_at < signup_at + 30d)`), but not a segment, a partition, a
    split, or a metric over all customers. Move such a condition out of the aggregate:
    `vip and count(orders where amount > 100) > 0`.""",
    SegmentCode('segment de = country = "DE"\nsegment de_buyers = count(orders where de) > 0'),
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
    """`lower`, `upper` and `length` take a string; `abs` takes a number; `month`, `day` and
    `weekday` take a date or a timestamp, and `hour` a timestamp (a date has no hour).""",
    SegmentCode("length(purchases) > 1"),
)
E242 = _register(
    "E242",
    "An aggregate of values it cannot aggregate",
    """`sum` and `avg` need numbers; `min` and `max` need numbers, dates or timestamps. Strings,
    enums and booleans cannot be summed or averaged; count the events that have a value instead
    (`count(orders where category = "shoes")`), or take one of them with `first`, `last` or
    `most_frequent`.""",
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
E260 = _register(
    "E260",
    "A calendar period of a value that is not a date or timestamp",
    """`t in this month`, `t in 2026-03` and the other calendar periods ask for the local date
    of `t` (docs/semantics.md, "Calendar periods"), so `t` is a date or a timestamp.""",
    SegmentCode("purchases in this month"),
)
E261 = _register(
    "E261",
    "anniversary() outside a calendar period",
    """`anniversary(t)` stands for every anniversary of `t` at once, so it is only asked whether
    one of them falls in a calendar period: `anniversary(birth_date) in next 7 days`
    (docs/semantics.md, "Anniversaries"). Its argument is one date or timestamp.""",
    SegmentCode("anniversary(birth_date) > 2026-01-01"),
)
E262 = _register(
    "E262",
    "A time zone the dialect cannot read",
    """The schema's time zone is an IANA name (`Europe/Warsaw`), and SQL Server knows only
    Windows zone names, so T-SQL cannot read a timestamp on that zone's clocks: date parts of
    timestamps, the days of `active_days`, and calendar periods relative to today without
    `--as-of`. With `--as-of`,
    segdsl works out each period's instants itself and needs no zone in the SQL.""",
    Command(
        "segdsl compile -e 'hour(signup_at) >= 18' --schema examples/shop/schema.yaml "
        "--dialect tsql"
    ),
)
E263 = _register(
    "E263",
    "An anniversary in a period of weeks, months, quarters or years without --as-of",
    """Without `--as-of` the engine works out today itself, and segdsl writes an anniversary's
    period as days from today: `today`, `yesterday`, `next 7 days`, `last 30 days` (up to a
    year of days). The other periods (`this month`, `next week`, `year to date`) need a known
    today: give `--as-of`, and segdsl writes their days into the SQL.""",
    Command(
        "segdsl compile -e 'anniversary(birth_date) in this month' "
        "--schema examples/shop/schema.yaml"
    ),
)

E264 = _register(
    "E264",
    "Each customer's own time zone on a dialect that reads only a fixed one",
    """With `customer_time_zone:` in the schema, a calendar question about a customer (a
    period, a date part, an anniversary, `active_days`) reads times on the clocks of the zone in
    that customer's row, so the SQL names the zone by a column. Some engines take only a zone
    written into the query: Amazon Redshift's `CONVERT_TIMEZONE` names its zones as
    constants. segdsl does not compile such questions for them (`segdsl check --dialect
    redshift` reports this too); the questions without a calendar compile as usual.""",
    Command(
        "segdsl check -e 'signup_at in this month' --schema zones.yaml --dialect redshift",
        files=(
            (
                "zones.yaml",
                _SHOP_HEAD + "attributes:\n  signup_at: timestamp\n  tz: string\n"
                "customer_time_zone: tz\n",
            ),
        ),
    ),
)

E270 = _register(
    "E270",
    "'distinct' outside count(distinct …) of an event field",
    """`count(distinct orders.category)` counts the distinct present values of a field of an
    event stream (`where` filters the events as in any aggregate). `distinct` is written only
    there: other aggregates do not change with it, and a customer-level value has one value
    per customer.""",
    SegmentCode("count(distinct country) > 1"),
)
E271 = _register(
    "E271",
    "active_days() of a field",
    """`active_days(web)` counts the days (on the clocks of the schema's time zone) on which
    the customer has events of a stream; it takes the stream, not one of its fields. To count
    the days with events that have a value, filter: `active_days(orders where category is
    present)`.""",
    SegmentCode("active_days(orders.category) > 2"),
)
E272 = _register(
    "E272",
    "A split whose salt is not a string",
    """`split("spring24")` names a random split of the customers by its salt, a string written
    out: the same salt always gives every customer the same place, so it is part of the
    segment's text, not a value read from the data.""",
    SegmentCode("split(country) < 10%"),
)
E273 = _register(
    "E273",
    "A split or a percentage used otherwise than compared with each other",
    """`split("spring24")` is a customer's place in a random split, from 0% to 100%; it is only
    compared with a percentage, with `<`, `<=`, `>`, `>=` or `between`: `split("spring24") <
    10%` is a 10% holdout, `split("spring24") between 10% and 20%` another tenth. A percentage
    (`10%`) is only compared with a split.""",
    SegmentCode("purchases > 10%"),
)
E275 = _register(
    "E275",
    "A split on a dialect that cannot compute it",
    """A split hashes each customer's key with MD5 in the database, identically on every engine,
    so that a customer is in the same part of the split everywhere. SQL Server hashes a string's
    bytes in its column's code page, not UTF-8, so segdsl does not compile splits for it
    (`segdsl check --dialect tsql` reports this too).""",
    Command(
        "segdsl check -e 'split(\"spring24\") < 10%' --schema examples/shop/schema.yaml "
        "--dialect tsql"
    ),
)
E280 = _register(
    "E280",
    "A sequence with an empty window",
    """In `A then B within d` the window is the time after each first event in which `B` must
    come (docs/semantics.md, "Sequences"); `within 0h` holds no time at all, so nothing could
    follow. Write a window of at least an hour: `within 24h`.""",
    SegmentCode('web where type = "add_to_cart" then orders within 0h'),
)
E281 = _register(
    "E281",
    "A customer's value inside a sequence's filter",
    """The filters of a sequence's events (`A then B within d without C`) use only their own
    stream's fields (docs/semantics.md, "Sequences"); unlike an aggregate's filter, they cannot
    compare events with the customer's attributes or metrics. Write the customer's condition
    beside the sequence: `signup_at > 30d and web where type = "add_to_cart" then orders within
    24h`.""",
    SegmentCode('web where type = "add_to_cart" and ts > signup_at then orders within 24h'),
)
E282 = _register(
    "E282",
    "An open-ended sequence that is not negated",
    """`A then no B since` is open-ended: no `B` from the first event up to the as-of instant
    (docs/semantics.md, "Sequences"). Without `no` it would only say that the latest `B` is not
    before the earliest `A`, which is not "then": a `B` that follows a first event is `A then B
    within d`, and "no B since" is `A then no B since`.""",
    SegmentCode('web where type = "add_to_cart" then orders since'),
)
E290 = _register(
    "E290",
    "Regular activity of something other than a count reaching a number",
    """`C in 3 of last 4 weeks` asks in how many periods the customer was active, so `C` is a
    count of one stream's events (`count(s where …)`, `count(distinct s.f where …)`,
    `active_days(s where …)`, or a metric that is one) that reaches a whole number: `>= k` with
    k at least 1, or `> k` with k at least 0 (docs/semantics.md, "Regular activity").""",
    SegmentCode("count(orders) >= 0 in 3 of last 4 weeks"),
)
E291 = _register(
    "E291",
    "A number of periods of regular activity out of range",
    """In `C in m of last n weeks`, m periods are among the n: 1 <= m <= n. At most 366
    periods are looked at (a year of days), since each is computed on its own.""",
    SegmentCode("count(orders) >= 1 in 5 of last 4 weeks"),
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
    `count(stream where …)` with a filter on the stream's fields; another kind of value, or a
    filter reading the customer's attributes or metrics, does not name events.""",
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
E323 = _register(
    "E323",
    "A time zone the database cannot read",
    """The schema's `time_zone:` names a zone whose clocks the database must read, for date
    parts and for calendar periods without `--as-of`, and the database does not know it. A
    MySQL or MariaDB server knows zone names only once its time zone tables are loaded:
    `mysql_tzinfo_to_sql /usr/share/zoneinfo | mysql -u root mysql`. On SQLite, segdsl reads
    local times with a function its own connections provide: register it on a connection of
    your own with `segdsl.runtime.engines.register_sqlite_functions(connection)`.""",
    PythonCode(
        "import sqlite3\n\nimport segdsl\n\n"
        'schema = segdsl.schema_from_mapping({"entity": "customer", "table": "customers", '
        '"key": "customer_id", "attributes": {"signup_at": "timestamp"}, '
        '"time_zone": "Europe/Warsaw"})\n'
        'connection = sqlite3.connect(":memory:")\n'
        'connection.execute("CREATE TABLE customers (customer_id INTEGER, signup_at TEXT)")\n'
        'segdsl.run("hour(signup_at) >= 18", schema, connection)\n'
    ),
)
E324 = _register(
    "E324",
    "Events that break the promise of `of_existing`",
    """An event stream of the schema says `of_existing: true`: each of its events is of a
    customer in the entity table who exists at the event's time (with `since:`, at or after
    the customer's `since`). `segdsl check --db` counted events that are not: their key is no
    customer's, or they come before the customer's `since`. Queries that read members from the
    keys of such events alone would name them, so remove `of_existing` from the stream, or
    correct the data ([the schema reference](schema.md#event-streams)).""",
    Command(
        "segdsl check --schema schema.yaml --db :memory:",
        (
            ("customers.csv", _CUSTOMERS_CSV),
            (
                "orders.csv",
                "customer_id,created_at\n1,2026-10-01 12:00:00\n3,2026-10-02 09:30:00\n",
            ),
            (
                "schema.yaml",
                _CSV_SCHEMA_HEAD
                + "  country: string\nevents:\n  orders: {table: orders.csv, time: created_at,"
                " of_existing: true}\n",
            ),
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
E340 = _register(
    "E340",
    "An unknown time zone",
    """`time_zone:` names the zone whose clocks answer calendar questions, as an IANA name
    such as `Europe/Warsaw` or `America/Los_Angeles` (UTC when absent). Abbreviations like
    `CET` or `PST` and offsets like `+01:00` are not zones: they do not change with the
    seasons.""",
    _schema("time_zone: Europe/Warsow\n"),
)
E341 = _register(
    "E341",
    "A `since` that is not a date or timestamp attribute",
    """`since:` names the attribute from which each customer exists (its sign-up), a `date` or
    `timestamp` attribute of the entity: before that instant the customer is in no segment and
    no population ([the schema reference](schema.md#customers-in-time)).""",
    _schema("attributes:\n  signup_at: string\nsince: signup_at\n"),
)
E347 = _register(
    "E347",
    "A history of an attribute that has none",
    """`history.attributes` lists the attributes read from the history table as they stood at
    the as-of instant ([the schema reference](schema.md#attribute-history)): attributes of the
    entity, but not the key, which names the customer, nor the `since` attribute, which says
    from when the customer exists.""",
    _schema(
        "attributes:\n  country: string\nhistory:\n  table: customer_history\n"
        "  valid_from: valid_from\n  valid_to: valid_to\n  attributes: [contry]\n"
    ),
)
E348 = _register(
    "E348",
    "A validity column that holds something else",
    """`history.valid_from` and `history.valid_to` name the two columns of the history table
    that bound each row's validity: two columns of their own, not the key's nor an attribute's
    column, and not the same one twice.""",
    _schema(
        "attributes:\n  country: string\nhistory:\n  table: customer_history\n"
        "  valid_from: valid_from\n  valid_to: country\n  attributes: [country]\n"
    ),
)

E345 = _register(
    "E345",
    "A `customer_time_zone` that is not a string attribute",
    """`customer_time_zone:` names the attribute holding each customer's own time zone, an IANA
    name such as `America/Los_Angeles` in a `string` (or `enum`) attribute of the entity: the
    calendar questions about a customer are answered on the clocks of their zone, and on those
    of `time_zone` where it is missing ([the schema reference](schema.md#time-zone)).""",
    _schema("attributes:\n  tz: int\ncustomer_time_zone: tz\n"),
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
    """segdsl.toml (or pyproject.toml with a `[tool.segdsl]` table), found in the folder of the
    command's first file (else the current folder) or above, is not readable or not valid TOML.
    Strings are quoted in TOML.""",
    Command(
        "segdsl check -e 'purchases >= 2'",
        (("segdsl.toml", "schema = examples/shop/schema.yaml\n"),),
    ),
)
E603 = _register(
    "E603",
    "No schema given",
    """Commands that check conditions need the schema: pass `--schema schema.yaml`, or add
    `schema = "schema.yaml"` to a segdsl.toml in the folder of the first FILE (else the current
    folder) or above.""",
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
E607 = _register(
    "E607",
    "Unknown column for --columns",
    """`segdsl run --columns` names attributes of the schema, by their names in the schema file
    (not their columns in the table), separated by commas; `*` stands for every attribute that
    is not `pii: true`. Metrics and event fields are not columns of the customer table.""",
    Command(
        "segdsl run -e 'purchases >= 2' --schema examples/shop/schema.yaml --db :memory: "
        "--columns email,contry"
    ),
)
E608 = _register(
    "E608",
    "The database or an output file failed",
    """A command could not open or query the database (no such DuckDB or SQLite file, a
    refused connection, a missing driver, a statement that ran longer than `--timeout`, an
    error the engine reported), or could not write its output file. The message says which, and
    the hint what to do.""",
    Command("segdsl run -e 'purchases >= 2' --schema examples/shop/schema.yaml --db nope.duckdb"),
)
E609 = _register(
    "E609",
    "No such customer",
    """`segdsl why --customer KEY` (the REPL's `.why KEY`, the API's `why(customer=…)`) names
    a key that no row of the entity table has, or, for an integer key, a key that is not a
    whole number. `segdsl run` shows members' keys.""",
    Command(
        "segdsl why -e 'country = \"DE\"' --customer 3 --schema schema.yaml --db :memory:",
        (
            ("customers.csv", _CUSTOMERS_CSV),
            ("schema.yaml", _CSV_SCHEMA_HEAD + "  country: string\n"),
        ),
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
    `db`, `dialect` and `time_zone` are strings (a time zone an IANA name Python knows, like
    `Europe/Warsaw`), `[lint]` and its `severity` are tables, `select` and
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

E613 = _register(
    "E613",
    "Unknown channel",
    """`segdsl run --out F --channel NAME` (and `channel=` in the Python API) exports a
    segment's members for a channel that the schema's `channels:` section defines, applying its
    consent rule ([the schema file](schema.md#channels-and-consent)). The name is not one of
    them, or the schema defines no channels.""",
    Command(
        "segdsl run -e 'purchases >= 2' --schema examples/shop/schema.yaml --db :memory: "
        "--out members.csv --channel emial"
    ),
)


E620 = _register(
    "E620",
    "Not a step of time",
    """`--every` (of `segdsl history`, or `.history` in the REPL) takes a positive duration
    written as in conditions: `1d`, `1w`, `2w`, `1mo`, `1y`.""",
    Command(
        "segdsl history -e 'purchases >= 2' --from 2026-01-01 --every 3x "
        "--schema examples/shop/schema.yaml --db shop.duckdb"
    ),
)
E621 = _register(
    "E621",
    "Too many instants",
    """A size history has at most 1,000 instants: from `--from` to `--to` (or now) every
    `--every`. Choose a longer step or a shorter range.""",
    Command(
        "segdsl history -e 'purchases >= 2' --from 2020-01-01 --to 2026-01-01 --every 1d "
        "--schema examples/shop/schema.yaml --db shop.duckdb"
    ),
)
E622 = _register(
    "E622",
    "The schema has no report section",
    """`segdsl report` (and `segdsl.report`) computes the measures that the schema's `report:`
    section defines; [the analytics page](analytics.md) shows what to put there.""",
    PythonCode(
        "import duckdb, segdsl\n\n"
        'schema = segdsl.schema_from_text("entity: customer\\ntable: customers\\nkey: id\\n'
        'attributes:\\n  country: string\\n", "schema.yaml")\n'
        'segdsl.report({"everyone": "country is present"}, schema, duckdb.connect())\n'
    ),
)
E630 = _register(
    "E630",
    "The sync state cannot be used",
    """`segdsl sync --state` names where the last delivered membership is kept: a DuckDB file,
    `sqlite:///PATH` or a `postgresql://` URL, in tables of segdsl's own (`segdsl_sync_*`).
    The database has `segdsl_sync_*` tables that segdsl did not create, or a state of another
    version; or the state would be the DuckDB file the segments are read from, which DuckDB
    cannot open for reading and for writing at once. Give another `--state`.""",
    Command(
        "segdsl sync examples/shop/segments.seg --schema examples/shop/schema.yaml "
        "--db shop.duckdb --state shop.duckdb --to-dir ."
    ),
)
E631 = _register(
    "E631",
    "The webhook did not accept a page",
    """`segdsl sync --webhook` posts the changes in pages. A page was refused (an HTTP status
    other than 2xx that is not worth retrying, such as 400 or 404), or every attempt failed
    (no connection, no answer within `--request-timeout`, 5xx, 429) after `--retries`
    retries. The pages accepted before are recorded in the state: run the same sync again to
    deliver the rest.""",
    Command(
        "segdsl sync germans.seg --schema schema.yaml --db :memory: --state state.duckdb "
        "--webhook http://127.0.0.1:9/segments --retries 0",
        (
            ("customers.csv", _CUSTOMERS_CSV),
            ("schema.yaml", _CSV_SCHEMA_HEAD + "  country: string\n"),
            ("germans.seg", 'segment germans = country = "DE"\n'),
        ),
    ),
)
E632 = _register(
    "E632",
    "A table dbt cannot declare as a source",
    """`segdsl dbt` writes models that read the schema's tables as dbt sources. A table of the
    schema is a file (`customers.csv`), which DuckDB reads but a dbt source cannot name: load
    it into a table (a dbt seed, for one) and name that table in the schema.""",
    Command(
        "segdsl dbt germans.seg --schema schema.yaml --out models",
        (
            ("customers.csv", _CUSTOMERS_CSV),
            ("schema.yaml", _CSV_SCHEMA_HEAD + "  country: string\n"),
            ("germans.seg", 'segment germans = country = "DE"\n'),
        ),
    ),
)


# --- engines -------------------------------------------------------------------------------------

E640 = _register(
    "E640",
    "The engine's driver is not installed",
    """A database URL names an engine whose Python driver is an optional extra that is not
    installed: `pip install 'segdsl[trino]'` for `trino://`, and likewise `postgres`, `mysql`,
    `redshift`, `spark` (`sc://`, `spark+local://`), `clickhouse` (`chdb://`,
    `clickhouse://`), `snowflake`, `bigquery` and `databricks`. The message names the extra;
    [the engines page](engines.md) lists every URL form.""",
    Command(
        "segdsl run -e 'purchases >= 2' --schema examples/shop/schema.yaml "
        "--db trino://alice@127.0.0.1:8080/hive/shop",
        without=("trino.dbapi",),
    ),
)

# --- the catalogue -----------------------------------------------------------------------------


def _example_markdown(entry: ErrorCode) -> list[str]:
    example = entry.example
    match example:
        case SegmentCode(text=text):
            return [f"<!-- test: expect-error {entry.code} -->", "```seg", text, "```"]
        case SchemaFile(text=text):
            return [f"<!-- test: expect-error {entry.code} -->", "```yaml", text.rstrip(), "```"]
        case Command(line=line, without=(module, *_)):
            reason = f"without {module}, as tests/test_errors.py runs it"
            return [f"<!-- test: not-run: {reason} -->", "```sh", line, "```"]
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
