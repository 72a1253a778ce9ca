"""Cloud warehouses that segdsl compiles for but does not execute: Snowflake, BigQuery, Trino."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlglot import exp

from segdsl.semantics.ir import DurationConst
from segdsl.sql.dialects.base import (
    Dialect,
    call,
    cast,
    dateadd,
    interval_parts,
    number,
    string,
    timestamp_text,
)


@dataclass(frozen=True)
class Snowflake(Dialect):
    """Timestamps are TIMESTAMP_NTZ holding UTC wall-clock time."""

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return cast(string(timestamp_text(value)), "TIMESTAMP_NTZ", "snowflake")

    def now(self) -> exp.Expr:
        utc = call("CONVERT_TIMEZONE", string("UTC"), call("CURRENT_TIMESTAMP"))
        return cast(utc, "TIMESTAMP_NTZ", "snowflake")

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return cast(value, "TIMESTAMP_NTZ", "snowflake")

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        return dateadd(value, sign, duration)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return call("DATEDIFF", exp.Var(this="MICROSECOND"), start, end)

    def split_bucket(self, text: exp.Expr) -> exp.Expr:
        head = call("UPPER", call("SUBSTR", call("MD5", text), number(1), number(8)))
        return call("TO_NUMBER", head, string("XXXXXXXX"))

    def local_timestamp(self, value: exp.Expr, zone: exp.Expr) -> exp.Expr:
        return call("CONVERT_TIMEZONE", string("UTC"), zone, value)

    def date_part(self, part: str, value: exp.Expr, date: bool) -> exp.Expr:
        names = {"day": "DAYOFMONTH", "weekday": "DAYOFWEEKISO"}
        return call(names.get(part, part.upper()), value)

    def day_number(self, value: exp.Expr, date: bool) -> exp.Expr:
        epoch = self.date_literal(dt.date(1970, 1, 1))
        return call("DATEDIFF", exp.Var(this="DAY"), epoch, value)

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return call("CONTAINS", text, part)

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return call("STARTSWITH", text, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        return call("ENDSWITH", text, suffix)


@dataclass(frozen=True)
class BigQuery(Dialect):
    """Timestamps are TIMESTAMP (absolute instants, shown in UTC). TIMESTAMP_ADD takes no
    month or year units, so calendar shifts go through DATETIME."""

    def now(self) -> exp.Expr:
        return call("CURRENT_TIMESTAMP")

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return call("TIMESTAMP", string(timestamp_text(value) + "+00"))

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return call("TIMESTAMP", value)

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = interval_parts(duration, sign)
        interval = exp.Interval(this=number(amount), unit=exp.Var(this=unit))
        if date:
            return call("DATE_ADD", value, interval)
        if unit in ("HOUR", "DAY"):
            return call("TIMESTAMP_ADD", value, interval)
        return call("TIMESTAMP", call("DATETIME_ADD", call("DATETIME", value), interval))

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return call("TIMESTAMP_DIFF", end, start, exp.Var(this="MICROSECOND"))

    def local_timestamp(self, value: exp.Expr, zone: exp.Expr) -> exp.Expr:
        return call("DATETIME", value, zone)  # a DATETIME: the clocks' reading

    def date_part(self, part: str, value: exp.Expr, date: bool) -> exp.Expr:
        if part == "weekday":
            # DAYOFWEEK counts from Sunday = 1.
            sunday_first = exp.Extract(this=exp.Var(this="DAYOFWEEK"), expression=value)
            monday_first = call("MOD", exp.Add(this=sunday_first, expression=number(5)), number(7))
            return exp.Add(this=monday_first, expression=number(1))
        return exp.Extract(this=exp.Var(this=part.upper()), expression=value)

    def day_number(self, value: exp.Expr, date: bool) -> exp.Expr:
        return call("UNIX_DATE", value if date else call("DATE", value))

    def to_float(self, value: exp.Expr) -> exp.Expr:
        return cast(value, "FLOAT64", "bigquery")

    def split_bucket(self, text: exp.Expr) -> exp.Expr:
        head = call("SUBSTR", call("TO_HEX", call("MD5", text)), number(1), number(8))
        return cast(call("CONCAT", string("0x"), head), "INT64", "bigquery")

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=call("STRPOS", text, part), expression=number(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return call("STARTS_WITH", text, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        return call("ENDS_WITH", text, suffix)


@dataclass(frozen=True)
class Trino(Dialect):
    """Timestamps are TIMESTAMP(6) holding UTC wall-clock time."""

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return cast(string(timestamp_text(value)), "TIMESTAMP(6)", "trino")

    def now(self) -> exp.Expr:
        utc = exp.AtTimeZone(this=exp.CurrentTimestamp(), zone=string("UTC"))
        return cast(utc, "TIMESTAMP(6)", "trino")

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return cast(value, "TIMESTAMP(6)", "trino")

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = interval_parts(duration, sign)
        return call("date_add", string(unit.lower()), number(amount), value)

    def local_timestamp(self, value: exp.Expr, zone: exp.Expr) -> exp.Expr:
        aware = call("at_timezone", call("with_timezone", value, string("UTC")), zone)
        return cast(aware, "TIMESTAMP(6)", "trino")

    def date_part(self, part: str, value: exp.Expr, date: bool) -> exp.Expr:
        return call({"weekday": "day_of_week"}.get(part, part), value)

    def day_number(self, value: exp.Expr, date: bool) -> exp.Expr:
        day = value if date else cast(value, "DATE", "trino")
        return call("date_diff", string("day"), self.date_literal(dt.date(1970, 1, 1)), day)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        # Trino's date_diff stops at milliseconds.
        millis = call("date_diff", string("millisecond"), start, end)
        return exp.Mul(this=millis, expression=number(1000))

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=call("strpos", text, part), expression=number(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return call("starts_with", text, prefix)

    def split_bucket(self, text: exp.Expr) -> exp.Expr:
        digest = call("to_hex", call("md5", call("to_utf8", text)))
        return call("from_base", call("substr", digest, number(1), number(8)), number(16))
