"""ClickHouse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlglot import exp

from segdsl.semantics.ir import DurationConst
from segdsl.sql.dialects.base import Dialect, call, interval_parts, number, string, timestamp_text


@dataclass(frozen=True)
class ClickHouse(Dialect):
    """Timestamps are DateTime64(6, 'UTC'). A LEFT JOIN fills missing rows with defaults (0,
    1970-01-01) unless `join_use_nulls` is on, and `min`/`max`/`sum`/`avg` over no rows give
    0 (or nan) unless `aggregate_functions_null_for_empty` is on: missing values need both."""

    def finish(self, tree: exp.Expr) -> exp.Expr:
        # ClickHouse names a result column `c.customer_id` unless it has an alias.
        if isinstance(tree, exp.Query):
            for projection in tree.selects:
                if isinstance(projection, exp.Column) and projection.table:
                    projection.replace(exp.alias_(projection.copy(), projection.name))
        settings = ("join_use_nulls", "aggregate_functions_null_for_empty")
        tree.set(
            "settings", [exp.EQ(this=exp.var(name), expression=number(1)) for name in settings]
        )
        return tree

    def literal_rows(self, names: list[str], rows: list[list[exp.Expr]]) -> exp.Query:
        # A UNION ALL of a thousand rows exceeds ClickHouse's limit on plan optimizations:
        # one array of tuples, a row each.
        row = exp.column("literal_row")
        # `tuple(…)`: a parenthesised single value would be no tuple.
        tuples = exp.Array(expressions=[call("tuple", *values) for values in rows])
        source = exp.select(exp.alias_(call("arrayJoin", tuples), "literal_row"), copy=False)
        columns = [
            exp.alias_(call("tupleElement", row.copy(), number(index + 1)), name)
            for index, name in enumerate(names)
        ]
        return exp.select(*columns, copy=False).from_(
            source.subquery("literal_rows", copy=False), copy=False
        )

    def cume_dist(self) -> exp.Expr:
        return call("cume_dist")  # the only spelling ClickHouse knows

    def checked_integer(self, arithmetic: exp.Binary) -> exp.Expr:
        # Int64 arithmetic wraps silently; Decimal arithmetic checks overflow, and so does
        # the conversion back to Int64.
        arithmetic.set("this", call("toDecimal128", arithmetic.this, number(0)))
        return call("toInt64", arithmetic)

    def wide_integer(self, value: exp.Expr) -> exp.Expr:
        return call("toInt128", value)  # sum(Int64) wraps; sums of Int128 stay exact

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return call(
            "toDateTime64", string(timestamp_text(value, micros=True)), number(6), string("UTC")
        )

    def date_literal(self, value: dt.date) -> exp.Expr:
        return call("toDate", string(value.isoformat()))

    def now(self) -> exp.Expr:
        return call("now64", number(6), string("UTC"))

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return call("toDateTime64", value, number(6), string("UTC"))

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = interval_parts(duration, sign)
        function = {"HOUR": "addHours", "DAY": "addDays", "MONTH": "addMonths", "YEAR": "addYears"}
        return call(function[unit], value, number(amount))

    def local_timestamp(self, value: exp.Expr, zone: exp.Expr) -> exp.Expr:
        return call("toTimeZone", value, zone)

    def date_part(self, part: str, value: exp.Expr, date: bool) -> exp.Expr:
        functions = {
            "year": "toYear",
            "quarter": "toQuarter",
            "month": "toMonth",
            "day": "toDayOfMonth",
            "weekday": "toDayOfWeek",
            "hour": "toHour",
        }
        # Signed, so that differences of them never wrap round.
        return call("toInt64", call(functions[part], value))

    def day_number(self, value: exp.Expr, date: bool) -> exp.Expr:
        return call("toInt64", call("toRelativeDayNum", value))

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return call("dateDiff", string("microsecond"), start, end)

    def function(self, name: str, argument: exp.Expr) -> exp.Expr:
        # lower/upper/length are byte-wise (ASCII) in ClickHouse; the UTF8 variants are not.
        utf8 = {"lower": "lowerUTF8", "upper": "upperUTF8", "length": "lengthUTF8"}
        if name in utf8:
            return call(utf8[name], argument)
        return super().function(name, argument)

    def split_bucket(self, text: exp.Expr) -> exp.Expr:
        # MD5 is 16 bytes; reinterpretAsUInt32 reads little-endian, hence the reverse.
        head = call("substring", call("MD5", text), number(1), number(4))
        return call("reinterpretAsUInt32", call("reverse", head))

    def date_of(self, timestamp: exp.Expr) -> exp.Expr:
        return call("toDate", timestamp)  # in the value's own time zone

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=call("position", text, part), expression=number(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return call("startsWith", text, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        return call("endsWith", text, suffix)
