"""Every difference between SQL engines that segdsl cares about, in one place.

A dialect is a few capability flags plus emitters for the constructs sqlglot does not transpile
correctly on its own (see ANCHORS.md): "now" as a UTC instant, calendar-aware interval
arithmetic, exact seconds between instants, FILTER clauses, exact (case- and pad-sensitive)
string comparison, booleans where the engine has none. The compiler asks the dialect; it never
branches on names. Each class says how the engine's timestamps are expected to be stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlglot import exp

from . import ir
from .diagnostics import Diagnostic, Severity
from .ir import DurationConst

_UNIT_SQL = {"h": "HOUR", "d": "DAY", "w": "DAY", "mo": "MONTH", "y": "YEAR"}


def _interval_parts(duration: DurationConst, sign: int = 1) -> tuple[int, str]:
    """Signed amount and SQL unit; weeks become days (not every engine has a WEEK interval)."""
    amount = duration.amount * 7 if duration.unit == "w" else duration.amount
    return sign * amount, _UNIT_SQL[duration.unit]


# SQLite's lower() and upper() change ASCII letters only. segdsl's own SQLite connections
# register these Unicode-aware functions under names of their own, so that another client
# running the SQL fails on the unknown name instead of answering differently.
SQLITE_FUNCTIONS: dict[str, tuple[str, Callable[[str], str]]] = {
    "lower": ("segdsl_lower", str.lower),
    "upper": ("segdsl_upper", str.upper),
}


def _fn(name: str, *args: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this=name, expressions=list(args))


def _num(value: int | str) -> exp.Expr:
    return exp.Literal.number(str(value))


def _str(value: str) -> exp.Expr:
    return exp.Literal.string(value)


def _cast(value: exp.Expr, type_sql: str, dialect: str) -> exp.Expr:
    return exp.Cast(this=value, to=exp.DataType.build(type_sql, dialect=dialect))


# How tightly the operators segdsl emits bind, loosest first: the order every dialect agrees on.
# NOT sits with the comparisons because MySQL's HIGH_NOT_PRECEDENCE mode binds it tighter.
_BINDING: tuple[tuple[type[exp.Expr], ...], ...] = (
    (exp.Or,),
    (exp.And,),
    (exp.Not, exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT, exp.GTE, exp.Is, exp.In, exp.Like),
    (exp.Add, exp.Sub),
    (exp.Mul, exp.Div, exp.Mod),
    (exp.Neg,),
)
# Operators whose rank among the others differs between engines (`||` binds tightest in SQLite,
# below `+` in PostgreSQL): parenthesised on both sides.
_UNRANKED: tuple[type[exp.Expr], ...] = (exp.DPipe, exp.AtTimeZone)
# Chains that mean the same however they are grouped.
_ASSOCIATIVE: tuple[type[exp.Expr], ...] = (exp.And, exp.Or, exp.DPipe)


def _rank(node: exp.Expr) -> int | None:
    if isinstance(node, _UNRANKED):
        return -1
    return next((i for i, level in enumerate(_BINDING) if isinstance(node, level)), None)


def _needs_parens(parent: exp.Expr, rank: int, child: exp.Expr, right: bool) -> bool:
    child_rank = _rank(child)
    if child_rank is None:
        return False
    if type(child) is type(parent) and isinstance(parent, _ASSOCIATIVE):
        return False
    if rank == -1 or child_rank == -1 or child_rank < rank:
        return True
    # Equal rank: arithmetic groups from the left; comparisons do not chain at all.
    return child_rank == rank and (right or rank <= 2)


def parenthesised(tree: exp.Expr) -> exp.Expr:
    """The tree with every operand that binds more loosely than its operator in parentheses:
    sqlglot prints trees as built, without regard to precedence."""
    for node in list(tree.walk()):
        rank = _rank(node)
        if rank is None:
            continue
        for key in ("this", "expression"):
            child = node.args.get(key)
            if isinstance(child, exp.Expr) and _needs_parens(node, rank, child, key != "this"):
                node.set(key, exp.Paren(this=child))
    return tree


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


def _timestamp_text(value: dt.datetime, micros: bool = False) -> str:
    precise = micros or value.microsecond
    return value.isoformat(sep=" ", timespec="microseconds" if precise else "seconds")


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

    def notes(self, conditions: Iterable[ir.Node]) -> list[Diagnostic]:
        """Warnings for whoever runs this dialect's SQL for these conditions outside segdsl."""
        return []

    # -- literals and time -----------------------------------------------------------------

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return exp.cast(_str(_timestamp_text(value)), exp.DataType.Type.TIMESTAMP)

    def date_literal(self, value: dt.date) -> exp.Expr:
        return exp.cast(_str(value.isoformat()), exp.DataType.Type.DATE)

    def now(self) -> exp.Expr:
        """The current instant as a naive UTC timestamp, whatever the session time zone."""
        return exp.AtTimeZone(this=_fn("NOW"), zone=_str("UTC"))

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        """`value ± duration`, calendar months and years clamped at the month's end
        (2024-03-31 − 1mo = 2024-02-29). `date` says whether `value` is a DATE."""
        amount, unit = _interval_parts(duration)
        interval = exp.Interval(this=_str(str(amount)), unit=exp.Var(this=unit))
        op = exp.Add if sign > 0 else exp.Sub
        return op(this=value, expression=interval)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        """`end - start` in whole microseconds, an exact integer: a duration's SQL value."""
        seconds = exp.Extract(
            this=exp.Var(this="EPOCH"), expression=exp.Sub(this=end, expression=start)
        )
        return _cast(exp.Mul(this=seconds, expression=_num(1_000_000)), "BIGINT", self.sqlglot_name)

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        """A DATE as the TIMESTAMP of its midnight."""
        return exp.cast(value, exp.DataType.Type.TIMESTAMP)

    def to_float(self, value: exp.Expr) -> exp.Expr:
        return exp.cast(value, exp.DataType.Type.DOUBLE)

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
        return exp.GT(this=exp.StrPosition(this=text, substr=part), expression=_num(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return exp.EQ(
            this=exp.Substring(this=text, start=_num(1), length=exp.Length(this=prefix)),
            expression=prefix,
        )

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        length = exp.Length(this=suffix)
        start = exp.Add(
            this=exp.Sub(this=exp.Length(this=text), expression=length), expression=_num(1)
        )
        # SUBSTRING from a position past the start is empty, so '' ends every (present) string.
        empty = exp.and_(
            exp.EQ(this=length, expression=_num(0)),
            exp.not_(exp.Is(this=text.copy(), expression=exp.Null())),
        )
        return exp.or_(
            empty,
            exp.EQ(this=exp.Substring(this=text, start=start, length=length), expression=suffix),
        )


@dataclass(frozen=True)
class DuckDB(Dialect):
    def now(self) -> exp.Expr:
        return _fn("timezone", _str("UTC"), _fn("now"))

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return _fn("date_diff", _str("microsecond"), start, end)

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return _fn("contains", text, part)

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return _fn("starts_with", text, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        return _fn("ends_with", text, suffix)


@dataclass(frozen=True)
class Postgres(Dialect):
    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=_fn("STRPOS", text, part), expression=_num(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return _fn("STARTS_WITH", text, prefix)


@dataclass(frozen=True)
class SQLite(Dialect):
    """SQLite has no date types: timestamps are ISO-8601 text with six fractional digits
    (`2026-11-01 08:00:00.000000`) and dates `YYYY-MM-DD`, so that text order is time order.
    Its date functions neither keep microseconds nor clamp months, so shifts are spelled out."""

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return _str(_timestamp_text(value, micros=True))

    def date_literal(self, value: dt.date) -> exp.Expr:
        return _str(value.isoformat())

    def now(self) -> exp.Expr:
        # 'now' is UTC in SQLite; %f gives milliseconds, padded to the stored six digits.
        return exp.DPipe(
            this=_fn("strftime", _str("%Y-%m-%d %H:%M:%f"), _str("now")), expression=_str("000")
        )

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return exp.DPipe(this=value, expression=_str(" 00:00:00.000000"))

    def to_float(self, value: exp.Expr) -> exp.Expr:
        return _cast(value, "REAL", "sqlite")

    def exact_decimal(self, value: exp.Expr) -> exp.Expr:
        # Decimals are stored as REAL: round away the binary noise of sums and differences
        # (100.00000000000001), so that they tie and compare exactly with decimal literals.
        return exp.Round(this=value, decimals=_num(9))

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = _interval_parts(duration, sign)
        if unit in ("HOUR", "DAY"):
            modifier = _str(f"{amount:+d} {unit.lower()}s")
            if date:
                return _fn("date", value, modifier)
            whole = _fn("strftime", _str("%Y-%m-%d %H:%M:%S"), value, modifier)
            return exp.DPipe(this=whole, expression=_fn("substr", value, _num(20)))
        months = amount * 12 if unit == "YEAR" else amount
        # First of the target month, plus the original day clamped to that month's length.
        last_day = _fn(
            "strftime",
            _str("%d"),
            value,
            _str("start of month"),
            _str(f"{months + 1:+d} months"),
            _str("-1 days"),
        )
        day = _fn("min", _fn("strftime", _str("%d"), value), last_day)
        offset = exp.DPipe(
            this=exp.DPipe(this=_str("+"), expression=exp.Sub(this=day, expression=_num(1))),
            expression=_str(" days"),
        )
        shifted = _fn("date", value, _str("start of month"), _str(f"{months:+d} months"), offset)
        if date:
            return shifted
        return exp.DPipe(this=shifted, expression=_fn("substr", value, _num(11)))

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        # Whole seconds from strftime('%s') of the text cut before the fraction (given the
        # fraction, strftime rounds .9995 up to the next second), then the fraction's digits
        # as an integer: padded, so that a value without six fractional digits reads right.
        def whole(value: exp.Expr) -> exp.Expr:
            seconds = _fn("strftime", _str("%s"), _fn("substr", value, _num(1), _num(19)))
            return _cast(seconds, "INTEGER", "sqlite")

        def fraction(value: exp.Expr) -> exp.Expr:
            digits = _fn(
                "substr", exp.DPipe(this=value.copy(), expression=_str("000000")), _num(21), _num(6)
            )
            return _cast(digits, "INTEGER", "sqlite")

        seconds = exp.Sub(this=whole(end), expression=whole(start))
        return exp.Add(
            this=exp.Mul(this=seconds, expression=_num(1_000_000)),
            expression=exp.Sub(this=fraction(end), expression=fraction(start)),
        )

    def function(self, name: str, argument: exp.Expr) -> exp.Expr:
        if name in SQLITE_FUNCTIONS:
            return _fn(SQLITE_FUNCTIONS[name][0], argument)
        return super().function(name, argument)

    def notes(self, conditions: Iterable[ir.Node]) -> list[Diagnostic]:
        spans = {
            node.span: node.name
            for condition in conditions
            for node in ir.walk(condition)
            if isinstance(node, ir.Func) and node.name in SQLITE_FUNCTIONS
        }
        return [
            Diagnostic(
                "W501",
                f"on SQLite, {name}() compiles to {SQLITE_FUNCTIONS[name][0]}(), which only "
                "segdsl's own connections provide (SQLite's own lower() and upper() change ASCII "
                "letters only)",
                span,
                Severity.WARNING,
                (
                    "to run this SQL with another SQLite client, register the function there "
                    "(in Python: segdsl.engines.register_sqlite_functions(connection))",
                ),
            )
            for span, name in spans.items()
        ]

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        # instr() is case-sensitive (LIKE is not) and finds '' at position 1.
        return exp.GT(this=_fn("instr", text, part), expression=_num(0))


def _binary(value: exp.Expr) -> exp.Expr:
    return _cast(value, "BINARY", "mysql")


@dataclass(frozen=True)
class MySQL(Dialect):
    """MySQL 8 / MariaDB 10.5+. String comparisons go through BINARY: the default collations
    ignore case and trailing spaces. No FILTER clause; no AT TIME ZONE."""

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return _cast(_str(_timestamp_text(value, micros=True)), "DATETIME(6)", "mysql")

    def now(self) -> exp.Expr:
        return _fn("UTC_TIMESTAMP", _num(6))

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return _cast(value, "DATETIME(6)", "mysql")

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = _interval_parts(duration, sign)
        return _fn("DATE_ADD", value, exp.Interval(this=_num(amount), unit=exp.Var(this=unit)))

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return _fn("TIMESTAMPDIFF", exp.Var(this="MICROSECOND"), start, end)

    def function(self, name: str, argument: exp.Expr) -> exp.Expr:
        if name == "length":
            return _fn("CHAR_LENGTH", argument)
        return super().function(name, argument)

    def string_equal(self, left: exp.Expr, right: exp.Expr) -> exp.Expr:
        return exp.EQ(this=_binary(left), expression=_binary(right))

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=_fn("LOCATE", _binary(part), _binary(text)), expression=_num(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        head = _fn("LEFT", _binary(text), exp.Length(this=_binary(prefix)))
        return exp.EQ(this=head, expression=_binary(prefix))

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        tail = _fn("RIGHT", _binary(text), exp.Length(this=_binary(suffix)))
        return exp.EQ(this=tail, expression=_binary(suffix))


@dataclass(frozen=True)
class ClickHouse(Dialect):
    """Timestamps are DateTime64(6, 'UTC'). A LEFT JOIN fills missing rows with defaults (0,
    1970-01-01) unless `join_use_nulls` is on, and `min`/`max`/`sum`/`avg` over no rows give
    0 (or nan) unless `aggregate_functions_null_for_empty` is on: missing values need both."""

    def finish(self, tree: exp.Expr) -> exp.Expr:
        settings = ("join_use_nulls", "aggregate_functions_null_for_empty")
        tree.set("settings", [exp.EQ(this=exp.var(name), expression=_num(1)) for name in settings])
        return tree

    def cume_dist(self) -> exp.Expr:
        return _fn("cume_dist")  # the only spelling ClickHouse knows

    def checked_integer(self, arithmetic: exp.Binary) -> exp.Expr:
        # Int64 arithmetic wraps silently; Decimal arithmetic checks overflow, and so does
        # the conversion back to Int64.
        arithmetic.set("this", _fn("toDecimal128", arithmetic.this, _num(0)))
        return _fn("toInt64", arithmetic)

    def wide_integer(self, value: exp.Expr) -> exp.Expr:
        return _fn("toInt128", value)  # sum(Int64) wraps; sums of Int128 stay exact

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return _fn("toDateTime64", _str(_timestamp_text(value, micros=True)), _num(6), _str("UTC"))

    def date_literal(self, value: dt.date) -> exp.Expr:
        return _fn("toDate", _str(value.isoformat()))

    def now(self) -> exp.Expr:
        return _fn("now64", _num(6), _str("UTC"))

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return _fn("toDateTime64", value, _num(6), _str("UTC"))

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = _interval_parts(duration, sign)
        function = {"HOUR": "addHours", "DAY": "addDays", "MONTH": "addMonths", "YEAR": "addYears"}
        return _fn(function[unit], value, _num(amount))

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return _fn("dateDiff", _str("microsecond"), start, end)

    def function(self, name: str, argument: exp.Expr) -> exp.Expr:
        # lower/upper/length are byte-wise (ASCII) in ClickHouse; the UTF8 variants are not.
        utf8 = {"lower": "lowerUTF8", "upper": "upperUTF8", "length": "lengthUTF8"}
        if name in utf8:
            return _fn(utf8[name], argument)
        return super().function(name, argument)

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=_fn("position", text, part), expression=_num(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return _fn("startsWith", text, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        return _fn("endsWith", text, suffix)


@dataclass(frozen=True)
class Spark(Dialect):
    """Spark 3.4+ / Databricks. Timestamps are TIMESTAMP_NTZ (wall-clock UTC); `now` converts
    the session's current instant to UTC whatever spark.sql.session.timeZone says."""

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return _cast(_str(_timestamp_text(value)), "TIMESTAMP_NTZ", "spark")

    def now(self) -> exp.Expr:
        utc = _fn("to_utc_timestamp", _fn("current_timestamp"), _fn("current_timezone"))
        return _cast(utc, "TIMESTAMP_NTZ", "spark")

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return _cast(value, "TIMESTAMP_NTZ", "spark")

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = _interval_parts(duration, sign)
        if date and unit == "DAY":
            return _fn("date_add", value, _num(amount))
        if date:
            months = amount * 12 if unit == "YEAR" else amount
            return _fn("add_months", value, _num(months))
        return _fn("timestampadd", exp.Var(this=unit), _num(amount), value)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return _fn("timestampdiff", exp.Var(this="MICROSECOND"), start, end)

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return _fn("contains", text, part)

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return _fn("startswith", text, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        return _fn("endswith", text, suffix)


@dataclass(frozen=True)
class Snowflake(Dialect):
    """Timestamps are TIMESTAMP_NTZ holding UTC wall-clock time."""

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return _cast(_str(_timestamp_text(value)), "TIMESTAMP_NTZ", "snowflake")

    def now(self) -> exp.Expr:
        utc = _fn("CONVERT_TIMEZONE", _str("UTC"), _fn("CURRENT_TIMESTAMP"))
        return _cast(utc, "TIMESTAMP_NTZ", "snowflake")

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return _cast(value, "TIMESTAMP_NTZ", "snowflake")

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = _interval_parts(duration, sign)
        return _fn("DATEADD", exp.Var(this=unit), _num(amount), value)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return _fn("DATEDIFF", exp.Var(this="MICROSECOND"), start, end)

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return _fn("CONTAINS", text, part)

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return _fn("STARTSWITH", text, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        return _fn("ENDSWITH", text, suffix)


@dataclass(frozen=True)
class BigQuery(Dialect):
    """Timestamps are TIMESTAMP (absolute instants, shown in UTC). TIMESTAMP_ADD takes no
    month or year units, so calendar shifts go through DATETIME."""

    def now(self) -> exp.Expr:
        return _fn("CURRENT_TIMESTAMP")

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return _fn("TIMESTAMP", _str(_timestamp_text(value) + "+00"))

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return _fn("TIMESTAMP", value)

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = _interval_parts(duration, sign)
        interval = exp.Interval(this=_num(amount), unit=exp.Var(this=unit))
        if date:
            return _fn("DATE_ADD", value, interval)
        if unit in ("HOUR", "DAY"):
            return _fn("TIMESTAMP_ADD", value, interval)
        return _fn("TIMESTAMP", _fn("DATETIME_ADD", _fn("DATETIME", value), interval))

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return _fn("TIMESTAMP_DIFF", end, start, exp.Var(this="MICROSECOND"))

    def to_float(self, value: exp.Expr) -> exp.Expr:
        return _cast(value, "FLOAT64", "bigquery")

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=_fn("STRPOS", text, part), expression=_num(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return _fn("STARTS_WITH", text, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        return _fn("ENDS_WITH", text, suffix)


@dataclass(frozen=True)
class Redshift(Dialect):
    """Redshift ignores trailing blanks when comparing VARCHARs; equality also compares
    OCTET_LENGTH. No FILTER clause. GETDATE() is in the session time zone."""

    def now(self) -> exp.Expr:
        return _fn("CONVERT_TIMEZONE", _str("UTC"), _fn("GETDATE"))

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = _interval_parts(duration, sign)
        return _fn("DATEADD", exp.Var(this=unit), _num(amount), value)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return _fn("DATEDIFF", exp.Var(this="MICROSECOND"), start, end)

    def string_equal(self, left: exp.Expr, right: exp.Expr) -> exp.Expr:
        return exp.and_(
            exp.EQ(this=left, expression=right),
            exp.EQ(this=_fn("OCTET_LENGTH", left), expression=_fn("OCTET_LENGTH", right.copy())),
        )

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=_fn("STRPOS", text, part), expression=_num(0))


@dataclass(frozen=True)
class Trino(Dialect):
    """Timestamps are TIMESTAMP(6) holding UTC wall-clock time."""

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return _cast(_str(_timestamp_text(value)), "TIMESTAMP(6)", "trino")

    def now(self) -> exp.Expr:
        utc = exp.AtTimeZone(this=exp.CurrentTimestamp(), zone=_str("UTC"))
        return _cast(utc, "TIMESTAMP(6)", "trino")

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return _cast(value, "TIMESTAMP(6)", "trino")

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = _interval_parts(duration, sign)
        return _fn("date_add", _str(unit.lower()), _num(amount), value)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        # Trino's date_diff stops at milliseconds.
        millis = _fn("date_diff", _str("millisecond"), start, end)
        return exp.Mul(this=millis, expression=_num(1000))

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=_fn("strpos", text, part), expression=_num(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return _fn("starts_with", text, prefix)


_BIN2 = "Latin1_General_BIN2"


def _tsql_length(value: exp.Expr) -> exp.Expr:
    """Characters including trailing spaces (LEN ignores them)."""
    dotted = exp.Add(this=value, expression=_str("."))
    return exp.Sub(this=_fn("LEN", dotted), expression=_num(1))


@dataclass(frozen=True)
class TSQL(Dialect):
    """SQL Server. No boolean values (BIT instead), no FILTER clause; string `=` ignores case
    under the default collation and trailing spaces always, hence BIN2 plus a length check."""

    def now(self) -> exp.Expr:
        return _fn("SYSUTCDATETIME")

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return _cast(_str(_timestamp_text(value)), "DATETIME2", "tsql")

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return _cast(value, "DATETIME2", "tsql")

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = _interval_parts(duration, sign)
        return _fn("DATEADD", exp.Var(this=unit), _num(amount), value)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return _fn("DATEDIFF_BIG", exp.Var(this="MICROSECOND"), start, end)

    def to_float(self, value: exp.Expr) -> exp.Expr:
        return _cast(value, "FLOAT", "tsql")

    def two_valued(self, cond: exp.Expr) -> exp.Expr:
        flag = exp.Case().when(cond, _num(1), copy=False).else_(_num(0), copy=False)
        return exp.EQ(this=flag, expression=_num(1))

    def truth(self, value: exp.Expr) -> exp.Expr:
        return exp.EQ(this=value, expression=_num(1))

    def cond_value(self, cond: exp.Expr) -> exp.Expr:
        return exp.Case().when(cond, _num(1), copy=False).else_(_num(0), copy=False)

    def function(self, name: str, argument: exp.Expr) -> exp.Expr:
        if name == "length":
            return _tsql_length(argument)
        return super().function(name, argument)

    def string_equal(self, left: exp.Expr, right: exp.Expr) -> exp.Expr:
        exact = exp.EQ(this=left, expression=exp.Collate(this=right, expression=exp.var(_BIN2)))
        same_length = exp.EQ(this=_tsql_length(left.copy()), expression=_tsql_length(right.copy()))
        return exp.and_(exact, same_length, copy=False)

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        found = _fn("CHARINDEX", exp.Collate(this=part, expression=exp.var(_BIN2)), text)
        empty = exp.EQ(this=_tsql_length(part.copy()), expression=_num(0))
        return exp.or_(exp.GT(this=found, expression=_num(0)), empty)

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        head = _fn("LEFT", text, _tsql_length(prefix.copy()))
        return self.string_equal(head, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        tail = _fn("RIGHT", text, _tsql_length(suffix.copy()))
        return self.string_equal(tail, suffix)


_EXECUTED = "executed in the test suite against the reference evaluator"
_COMPILED = "compile-only: output parsed back by sqlglot and kept as reviewed golden snapshots"

DIALECTS: dict[str, Dialect] = {
    d.name: d
    for d in (
        DuckDB("duckdb", "duckdb", "DuckDB 1.1+ (the embedded default)", f"{_EXECUTED} (DuckDB)"),
        Postgres(
            "postgres",
            "postgres",
            "PostgreSQL 13+",
            f"{_EXECUTED} (PostgreSQL 15)",
            semi_join="exists",
        ),
        SQLite("sqlite", "sqlite", "SQLite 3.30+", f"{_EXECUTED} (SQLite, in-process)"),
        MySQL(
            "mysql",
            "mysql",
            "MySQL 8 / MariaDB 10.5+",
            f"{_EXECUTED} (MariaDB 10.11)",
            filter_clause=False,
            insensitive_strings=True,
        ),
        ClickHouse(
            "clickhouse", "clickhouse", "ClickHouse 23+", f"{_EXECUTED} (ClickHouse via chdb)"
        ),
        Spark("spark", "spark", "Apache Spark 3.4+", f"{_EXECUTED} (pyspark, local mode)"),
        Spark(
            "databricks",
            "databricks",
            "Databricks SQL",
            "compile-only: same emitters as spark, which is executed; output parsed back",
        ),
        Snowflake("snowflake", "snowflake", "Snowflake", _COMPILED, filter_clause=False),
        BigQuery("bigquery", "bigquery", "Google BigQuery", _COMPILED, filter_clause=False),
        Redshift("redshift", "redshift", "Amazon Redshift", _COMPILED, filter_clause=False),
        Trino("trino", "trino", "Trino / Presto", _COMPILED),
        TSQL(
            "tsql",
            "tsql",
            "Microsoft SQL Server 2017+ / Azure SQL",
            _COMPILED,
            filter_clause=False,
            insensitive_strings=True,
        ),
    )
}


def get_dialect(name: str) -> Dialect:
    return DIALECTS[name]
