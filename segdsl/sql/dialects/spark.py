"""Apache Spark and Databricks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlglot import exp

from segdsl.semantics.ir import DurationConst
from segdsl.sql.dialects.base import (
    Dialect,
    call,
    cast,
    interval_parts,
    number,
    string,
    timestamp_text,
)


@dataclass(frozen=True)
class Spark(Dialect):
    """Spark 3.4+ / Databricks. Timestamps are TIMESTAMP_NTZ (wall-clock UTC); `now` converts
    the session's current instant to UTC whatever spark.sql.session.timeZone says."""

    def reads_file(self, path: str) -> bool:
        return path.lower().endswith(".parquet")

    def finish(self, tree: exp.Expr) -> exp.Expr:
        # A Parquet file (or folder) table is read as parquet.`path`.
        for table in tree.find_all(exp.Table):
            path = table.this
            if isinstance(path, exp.Literal) and path.is_string and self.reads_file(path.this):
                table.set("this", exp.to_identifier(path.this, quoted=True))
                table.set("db", exp.to_identifier("parquet"))
        return tree

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return cast(string(timestamp_text(value)), "TIMESTAMP_NTZ", "spark")

    def literal_rows(self, names: list[str], rows: list[list[exp.Expr]]) -> exp.Query:
        # Spark analyses a UNION ALL of a thousand rows as a plan a thousand levels deep, which
        # exhausts a default driver's memory; an inline table is one local relation.
        values = exp.values(
            [exp.Tuple(expressions=row) for row in rows], alias="literal_rows", columns=names
        )
        return exp.select(exp.Star(), copy=False).from_(values, copy=False)

    def now(self) -> exp.Expr:
        utc = call("to_utc_timestamp", call("current_timestamp"), call("current_timezone"))
        return cast(utc, "TIMESTAMP_NTZ", "spark")

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return cast(value, "TIMESTAMP_NTZ", "spark")

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = interval_parts(duration, sign)
        if date and unit == "DAY":
            return call("date_add", value, number(amount))
        if date:
            months = amount * 12 if unit == "YEAR" else amount
            return call("add_months", value, number(months))
        return call("timestampadd", exp.Var(this=unit), number(amount), value)

    def local_timestamp(self, value: exp.Expr, zone: exp.Expr) -> exp.Expr:
        return call("convert_timezone", string("UTC"), zone, value)

    def date_part(self, part: str, value: exp.Expr, date: bool) -> exp.Expr:
        if part == "weekday":
            return exp.Add(this=call("weekday", value), expression=number(1))
        return call({"day": "dayofmonth"}.get(part, part), value)

    def day_number(self, value: exp.Expr, date: bool) -> exp.Expr:
        return call("unix_date", value if date else cast(value, "DATE", "spark"))

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return call("timestampdiff", exp.Var(this="MICROSECOND"), start, end)

    def split_bucket(self, text: exp.Expr) -> exp.Expr:
        head = call("substr", call("md5", text), number(1), number(8))
        return cast(call("conv", head, number(16), number(10)), "BIGINT", "spark")

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return call("contains", text, part)

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        return call("startswith", text, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        return call("endswith", text, suffix)
