"""MySQL and MariaDB."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlglot import exp

from segdsl.diagnostics import Diagnostic, Severity
from segdsl.semantics import ir
from segdsl.semantics import types as t
from segdsl.semantics.ir import DurationConst
from segdsl.sql.dialects.base import (
    Dialect,
    call,
    cast,
    interval_parts,
    local_time_zone,
    number,
    string,
    timestamp_text,
)

MYSQL_OUT_OF_ZONE_RANGE = 710
"""EXP(710) is beyond a DOUBLE: what the SQL computes, and fails on, for an instant that
CONVERT_TZ cannot convert (segdsl.runtime.engines names the cause)."""


def _binary(value: exp.Expr) -> exp.Expr:
    return cast(value, "BINARY", "mysql")


@dataclass(frozen=True)
class MySQL(Dialect):
    """MySQL 8 / MariaDB 10.5+. String comparisons go through BINARY: the default collations
    ignore case and trailing spaces. No FILTER clause; no AT TIME ZONE."""

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return cast(string(timestamp_text(value, micros=True)), "DATETIME(6)", "mysql")

    def now(self) -> exp.Expr:
        return call("UTC_TIMESTAMP", number(6))

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return cast(value, "DATETIME(6)", "mysql")

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = interval_parts(duration, sign)
        return call("DATE_ADD", value, exp.Interval(this=number(amount), unit=exp.Var(this=unit)))

    def local_timestamp(self, value: exp.Expr, zone: exp.Expr) -> exp.Expr:
        # CONVERT_TZ needs the server's time zone tables (segdsl checks them before a query;
        # docs/dialects.md) and converts only instants in the range of TIMESTAMP, returning any
        # other unchanged. Outside it the query stops on an overflow of EXP(710) instead.
        low, high = dt.datetime(1970, 1, 1, 0, 0, 1), dt.datetime(2038, 1, 19, 3, 14, 8)
        convertible = exp.and_(
            exp.GTE(this=value, expression=self.timestamp_literal(low)),
            exp.LT(this=value.copy(), expression=self.timestamp_literal(high)),
        )
        failure = exp.Add(
            this=number(MYSQL_OUT_OF_ZONE_RANGE),
            expression=exp.Mul(this=number(0), expression=call("YEAR", value.copy())),
        )
        checked = (
            exp.Case()
            .when(convertible, value.copy(), copy=False)
            .else_(cast(call("EXP", failure), "DATETIME(6)", "mysql"), copy=False)
        )
        return call("CONVERT_TZ", checked, string("+00:00"), zone)

    def notes(self, conditions: Iterable[ir.Node]) -> list[Diagnostic]:
        zones = {
            node.span: zone
            for condition in conditions
            for node in ir.walk(condition)
            if (zone := local_time_zone(node)) is not None
        }
        return [
            Diagnostic(
                "W501",
                f"on MySQL and MariaDB, a time on the clocks of {zone} is read with "
                "CONVERT_TZ, which needs the server's time zone tables and converts timestamps "
                "from 1970 to 2038 only (the query stops on others)",
                span,
                Severity.WARNING,
                ("load the tables: mysql_tzinfo_to_sql /usr/share/zoneinfo | mysql -u root mysql",),
            )
            for span, zone in zones.items()
        ]

    def date_part(self, part: str, value: exp.Expr, date: bool) -> exp.Expr:
        if part == "weekday":
            return exp.Add(this=call("WEEKDAY", value), expression=number(1))
        return call({"day": "DAYOFMONTH"}.get(part, part.upper()), value)

    def day_number(self, value: exp.Expr, date: bool) -> exp.Expr:
        return call("TO_DAYS", value)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return call("TIMESTAMPDIFF", exp.Var(this="MICROSECOND"), start, end)

    def function(self, name: str, argument: exp.Expr) -> exp.Expr:
        if name == "length":
            return call("CHAR_LENGTH", argument)
        return super().function(name, argument)

    def string_equal(self, left: exp.Expr, right: exp.Expr) -> exp.Expr:
        return exp.EQ(this=_binary(left), expression=_binary(right))

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        return exp.GT(this=call("LOCATE", _binary(part), _binary(text)), expression=number(0))

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        head = call("LEFT", _binary(text), exp.Length(this=_binary(prefix)))
        return exp.EQ(this=head, expression=_binary(prefix))

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        tail = call("RIGHT", _binary(text), exp.Length(this=_binary(suffix)))
        return exp.EQ(this=tail, expression=_binary(suffix))

    def split_bucket(self, text: exp.Expr) -> exp.Expr:
        head = call("SUBSTR", call("MD5", text), number(1), number(8))
        return cast(call("CONV", head, number(16), number(10)), "UNSIGNED", "mysql")

    def distinct_key(self, value: exp.Expr, type_: t.Type) -> exp.Expr:
        return _binary(value) if type_.is_textual else value

    def value_order(self, value: exp.Expr, type_: t.Type) -> list[exp.Expr]:
        return [self.distinct_key(value, type_)]
