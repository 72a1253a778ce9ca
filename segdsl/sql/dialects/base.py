"""The generic dialect (standard SQL, PostgreSQL-like) that every engine's class refines, and the
small builders the engines' emitters share."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlglot import exp

from segdsl import errors
from segdsl.diagnostics import Diagnostic
from segdsl.semantics import calendar, ir
from segdsl.semantics import types as t
from segdsl.semantics.ir import DurationConst
from segdsl.sql.dialects.precedence import parenthesised

_UNIT_SQL = {"h": "HOUR", "d": "DAY", "w": "DAY", "mo": "MONTH", "y": "YEAR"}


def interval_parts(duration: DurationConst, sign: int = 1) -> tuple[int, str]:
    """Signed amount and SQL unit; weeks become days (not every engine has a WEEK interval)."""
    amount = duration.amount * 7 if duration.unit == "w" else duration.amount
    return sign * amount, _UNIT_SQL[duration.unit]


_ROWS_PER_UNION = 100


def call(name: str, *args: exp.Expr) -> exp.Expr:
    """A call of the engine's function `name`, spelled as given (sqlglot does not rename it)."""
    return exp.Anonymous(this=name, expressions=list(args))


def number(value: int | str) -> exp.Expr:
    """A numeric literal."""
    return exp.Literal.number(str(value))


def string(value: str) -> exp.Expr:
    """A string literal."""
    return exp.Literal.string(value)


def cast(value: exp.Expr, type_sql: str, dialect: str) -> exp.Expr:
    """`CAST(value AS type_sql)`, the type read in sqlglot's `dialect`."""
    return exp.Cast(this=value, to=exp.DataType.build(type_sql, dialect=dialect))


def cast_to(value: exp.Expr, kind: exp.DType) -> exp.Expr:
    """`CAST(value AS kind)` of a node built for it (sqlglot's `exp.cast` copies it first)."""
    return exp.Cast(this=value, to=exp.DataType(this=kind))


def dateadd(value: exp.Expr, sign: int, duration: DurationConst) -> exp.Expr:
    """`DATEADD(unit, ±amount, value)`: Snowflake's, Redshift's and SQL Server's spelling."""
    amount, unit = interval_parts(duration, sign)
    return call("DATEADD", exp.Var(this=unit), number(amount), value)


def local_time_zone(node: ir.Node) -> str | None:
    """The zone on whose clocks the SQL of `node` may read a time (a date part of a timestamp,
    or a period relative to today when no --as-of is given, or the anniversary of a timestamp;
    with each customer's own zone, every calendar question), if any but UTC."""
    own = customer_zone(node)
    if own is not None:
        zone = cast_zone(node)
        return f"each customer's zone (their '{own.name}', else {zone})"
    match node:
        case ir.DatePart(argument=argument, zone=zone) if argument.type.kind is not t.Kind.DATE:
            return None if zone == calendar.UTC else zone
        case ir.InPeriod(period=period, zone=zone) if period.relative:
            return None if zone == calendar.UTC else zone
        case ir.Anniversary(operand=operand, period=period, zone=zone) if (
            period.relative or operand.type.kind is not t.Kind.DATE
        ):
            return None if zone == calendar.UTC else zone
    return None


def customer_zone(node: ir.Node) -> ir.Attr | None:
    """The attribute holding the customer's zone, if `node` asks a calendar question of it
    (docs/semantics.md, "Per-customer time zones")."""
    match node:
        case ir.DatePart(argument=argument, customer_zone=own) if (
            argument.type.kind is not t.Kind.DATE
        ):
            return own
        case ir.InPeriod(customer_zone=own) | ir.Anniversary(customer_zone=own):
            return own
        case ir.Agg(customer_zone=own) | ir.Regular(customer_zone=own, unit=str()):
            return own
    return None


def cast_zone(node: ir.Node) -> str:
    """The project's zone of a calendar question, which customers without their own use."""
    match node:
        case ir.DatePart(zone=zone) | ir.InPeriod(zone=zone) | ir.Anniversary(zone=zone):
            return zone
    return "the schema's time_zone"


# sqlglot's generator recurses several frames per tree level; a condition nested to the
# `depth` limit (docs/language.md, Limits), in parentheses, needs more than Python's default.
_GENERATOR_FRAMES = 20_000


@contextlib.contextmanager
def _generator_headroom() -> Iterator[None]:
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, _GENERATOR_FRAMES))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def timestamp_text(value: dt.datetime, micros: bool = False) -> str:
    """`YYYY-MM-DD HH:MM:SS`, with six fractional digits when `micros` or when it has some."""
    precise = micros or value.microsecond
    return value.isoformat(sep=" ", timespec="microseconds" if precise else "seconds")


def split_unsupported(dialect: Dialect, node: ir.Split) -> Diagnostic:
    """E275: `split("…")` on a dialect that cannot hash as the other engines do."""
    return Diagnostic(
        errors.E275,
        f"split() cannot be compiled for {dialect.name}: the engine does not hash a key as its "
        "UTF-8 text, as every other engine does (MD5)",
        node.span,
        hints=("compute the split on another engine, or list its members in a table",),
    )


def per_row_zone_unsupported(dialect: Dialect, node: ir.Node) -> Diagnostic:
    """E264: a calendar question of each customer's own zone on a dialect that reads times on
    the clocks of a zone written into the query only."""
    own = customer_zone(node)
    assert own is not None
    return Diagnostic(
        errors.E264,
        f"{dialect.description} cannot read times on the clocks of each customer's own zone "
        f"(the attribute '{own.name}'): it takes only a zone written into the query",
        node.span,
        hints=("compile for another dialect, or drop customer_time_zone from the schema",),
    )


@dataclass(frozen=True)
class Dialect:
    """The generic (PostgreSQL-like, standard SQL) behaviour; engines override what differs."""

    name: str
    sqlglot_name: str
    description: str
    # How the test suite proves the SQL means what the language says (`segdsl dialects`).
    verified: str
    # Aggregates accept `FILTER (WHERE …)`; otherwise `agg(CASE WHEN … THEN x END)`.
    filter_clause: bool = True
    # The engine's `=` on strings is case- or pad-insensitive by default and needs help.
    insensitive_strings: bool = False
    # How "has such an event" is asked: `key IN (SELECT …)` (hash semi-join; DuckDB is slower
    # with correlated subqueries) or a correlated `EXISTS` (PostgreSQL with per-customer
    # indexes: faster than NOT IN and than aggregating).
    semi_join: str = "in"
    # The engine runs a correlated `[NOT] EXISTS` that compares the outer row's time with a
    # range (a sequence's first event probed for a follower in its window), as a join.
    correlated_ranges: bool = True
    # `split("…")` hashes text exactly as every other engine (MD5 of its UTF-8 bytes).
    split_hash: bool = True
    # The engine converts UTC instants to the clocks of an IANA time zone (`local_timestamp`).
    zone_conversion: bool = True
    # ... and takes that zone from a column, one per row (each customer's own zone).
    per_row_zone: bool = True

    def sql(self, tree: exp.Expr, pretty: bool = False, copy: bool = True) -> str:
        """The SQL text; `copy=False` lets `finish` change a tree nobody else holds."""
        with _generator_headroom():
            # sqlglot would copy the tree again before generating: it is ours by now.
            return parenthesised(self.finish(tree.copy() if copy else tree)).sql(
                dialect=self.sqlglot_name, pretty=pretty, copy=False
            )

    def finish(self, tree: exp.Expr) -> exp.Expr:
        """Last touches on a whole query (e.g. session settings the semantics need)."""
        return tree

    def reads_file(self, path: str) -> bool:
        """Whether the engine reads a schema table that is a file (`table: orders.parquet`,
        named by segdsl/sql/sources.py as a string) as this dialect prints it."""
        return False

    def notes(self, conditions: Iterable[ir.Node]) -> list[Diagnostic]:
        """Warnings for whoever runs this dialect's SQL for these conditions outside segdsl,
        and errors for what the dialect cannot compute (E275, E264)."""
        nodes = [node for condition in conditions for node in ir.walk(condition)]
        found: list[Diagnostic] = []
        if not self.split_hash:
            splits = {node.span: node for node in nodes if isinstance(node, ir.Split)}
            found += [split_unsupported(self, node) for node in splits.values()]
        if not self.per_row_zone:
            # A regular activity's periods have no span of their own: it is reported itself.
            zones = {
                node.span: node
                for node in nodes
                if node.span is not None and customer_zone(node) is not None
            }
            found += [per_row_zone_unsupported(self, node) for node in zones.values()]
        return found

    # -- literals and time -----------------------------------------------------------------

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return cast_to(string(timestamp_text(value)), exp.DataType.Type.TIMESTAMP)

    def date_literal(self, value: dt.date) -> exp.Expr:
        return cast_to(string(value.isoformat()), exp.DataType.Type.DATE)

    def now(self) -> exp.Expr:
        """The current instant as a naive UTC timestamp, whatever the session time zone."""
        return exp.AtTimeZone(this=call("NOW"), zone=string("UTC"))

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        """`value ± duration`, calendar months and years clamped at the month's end
        (2024-03-31 − 1mo = 2024-02-29). `date` says whether `value` is a DATE."""
        amount, unit = interval_parts(duration)
        interval = exp.Interval(this=string(str(amount)), unit=exp.Var(this=unit))
        op = exp.Add if sign > 0 else exp.Sub
        return op(this=value, expression=interval)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        """`end - start` in whole microseconds, an exact integer: a duration's SQL value."""
        seconds = exp.Extract(
            this=exp.Var(this="EPOCH"), expression=exp.Sub(this=end, expression=start)
        )
        return cast(
            exp.Mul(this=seconds, expression=number(1_000_000)), "BIGINT", self.sqlglot_name
        )

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        """A DATE as the TIMESTAMP of its midnight."""
        return cast_to(value, exp.DataType.Type.TIMESTAMP)

    # -- the calendar (docs/semantics.md, "Time zone") ------------------------------------

    def local_timestamp(self, value: exp.Expr, zone: exp.Expr) -> exp.Expr:
        """A (naive, UTC) timestamp as the clocks of the IANA zone named by `zone` (a string
        literal, or a column where `per_row_zone`) show it, naive."""
        in_utc = exp.AtTimeZone(this=value, zone=string("UTC"))
        return exp.AtTimeZone(this=in_utc, zone=zone)

    def date_part(self, part: str, value: exp.Expr, date: bool) -> exp.Expr:
        """`year`, `quarter`, `month`, `day`, `weekday` (1 = Monday … 7 = Sunday) or `hour` of
        a local date or timestamp, as an integer."""
        unit = {"weekday": "ISODOW"}.get(part, part.upper())
        extracted = exp.Extract(this=exp.Var(this=unit), expression=value)
        return cast(extracted, "BIGINT", self.sqlglot_name)

    def day_number(self, value: exp.Expr, date: bool) -> exp.Expr:
        """The days from 1970-01-01 to the day of a local date or timestamp."""
        day = value if date else cast_to(value, exp.DataType.Type.DATE)
        return exp.Sub(this=day, expression=self.date_literal(dt.date(1970, 1, 1)))

    def to_float(self, value: exp.Expr) -> exp.Expr:
        return cast_to(value, exp.DataType.Type.DOUBLE)

    def exact_decimal(self, value: exp.Expr) -> exp.Expr:
        """A decimal the engine computes (a SUM, or + − × of decimals): engines without exact
        decimals round it."""
        return value

    def checked_integer(self, arithmetic: exp.Binary) -> exp.Expr:
        """Integer + − ×: a result beyond 64 bits must fail (or be exact), never wrap. Most
        engines raise on overflow by themselves."""
        return arithmetic

    def wide_integer(self, value: exp.Expr) -> exp.Expr:
        """An integer to be summed: engines whose SUM of 64-bit integers wraps widen it."""
        return value

    def split_bucket(self, text: exp.Expr) -> exp.Expr:
        """The first 32 bits of the MD5 digest of `text` (its UTF-8 bytes), big-endian, as a
        non-negative integer: `ir.md5_bucket` (only where `split_hash`)."""
        head = exp.Substring(this=call("MD5", text), start=number(1), length=number(8))
        bits = cast(exp.DPipe(this=string("x"), expression=head), "BIT(32)", "postgres")
        return cast(bits, "BIGINT", "postgres")

    def date_of(self, timestamp: exp.Expr) -> exp.Expr:
        """The date of a timestamp as it is written (its wall-clock day), for `active_days`."""
        return cast_to(timestamp, exp.DataType.Type.DATE)

    def distinct_key(self, value: exp.Expr, type_: t.Type) -> exp.Expr:
        """`value` as the language tells values apart, for `count(distinct …)` and grouping:
        engines whose string equality ignores case or trailing spaces need another value."""
        return value

    def value_order(self, value: exp.Expr, type_: t.Type) -> list[exp.Expr]:
        """Sort keys that order values as the language does: numbers and times by value,
        strings by code point (for the value traits' ties)."""
        return [value]

    def literal_rows(self, names: list[str], rows: list[list[exp.Expr]]) -> exp.Query:
        """A table of literal rows with columns `names`: a UNION ALL of one-row SELECTs in
        groups of 100 (SQLite allows 500 terms in one; DuckDB nests each term a level deeper),
        the groups as derived tables of another UNION ALL."""
        selects: list[exp.Query] = [
            exp.select(*(exp.alias_(v, n) for n, v in zip(names, row, strict=True)), copy=False)
            for row in rows
        ]
        groups: list[exp.Query] = []
        for start in range(0, len(selects), _ROWS_PER_UNION):
            group = selects[start]
            for select in selects[start + 1 : start + _ROWS_PER_UNION]:
                group = exp.union(group, select, distinct=False, copy=False)
            groups.append(group)
        if len(groups) == 1:
            return groups[0]
        union: exp.Query | None = None
        for index, group in enumerate(groups):
            derived = group.subquery(f"rows_{index}", copy=False)
            whole = exp.select(exp.Star(), copy=False).from_(derived, copy=False)
            union = whole if union is None else exp.union(union, whole, distinct=False, copy=False)
        assert union is not None
        return union

    def cume_dist(self) -> exp.Expr:
        """The window function CUME_DIST() (to be given an ORDER BY)."""
        return exp.CumeDist()

    # -- logic -----------------------------------------------------------------------------

    def two_valued(self, cond: exp.Expr) -> exp.Expr:
        """A condition that may be NULL, made false when it is."""
        return exp.Coalesce(this=cond, expressions=[exp.false()])

    def truth(self, value: exp.Expr) -> exp.Expr:
        """A boolean value used as a condition."""
        return value

    def cond_value(self, cond: exp.Expr) -> exp.Expr:
        """A (never NULL) condition used as a boolean value."""
        return cond

    # -- strings ---------------------------------------------------------------------------

    def function(self, name: str, argument: exp.Expr) -> exp.Expr:
        """lower / upper / length (in characters) / abs."""
        classes: dict[str, type[exp.Func]] = {
            "lower": exp.Lower,
            "upper": exp.Upper,
            "length": exp.Length,
            "abs": exp.Abs,
        }
        return classes[name](this=argument)

    def string_equal(self, left: exp.Expr, right: exp.Expr) -> exp.Expr:
        return exp.EQ(this=left, expression=right)

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=exp.StrPosition(this=text, substr=part), expression=number(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return exp.EQ(
            this=exp.Substring(this=text, start=number(1), length=exp.Length(this=prefix)),
            expression=prefix,
        )

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        length = exp.Length(this=suffix)
        start = exp.Add(
            this=exp.Sub(this=exp.Length(this=text), expression=length), expression=number(1)
        )
        # SUBSTRING from a position past the start is empty, so '' ends every (present) string.
        empty = exp.and_(
            exp.EQ(this=length, expression=number(0)),
            exp.not_(exp.Is(this=text.copy(), expression=exp.Null())),
        )
        return exp.or_(
            empty,
            exp.EQ(this=exp.Substring(this=text, start=start, length=length), expression=suffix),
        )
