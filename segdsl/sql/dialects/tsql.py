"""Microsoft SQL Server and Azure SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlglot import exp

from segdsl.semantics import types as t
from segdsl.semantics.ir import DurationConst
from segdsl.sql.dialects.base import Dialect, call, cast, dateadd, number, string, timestamp_text

_BIN2 = "Latin1_General_BIN2"


def _tsql_length(value: exp.Expr) -> exp.Expr:
    """Characters including trailing spaces (LEN ignores them)."""
    dotted = exp.Add(this=value, expression=string("."))
    return exp.Sub(this=call("LEN", dotted), expression=number(1))


@dataclass(frozen=True)
class TSQL(Dialect):
    """SQL Server. No boolean values (BIT instead), no FILTER clause; string `=` ignores case
    under the default collation and trailing spaces always, hence BIN2 plus a length check."""

    def now(self) -> exp.Expr:
        return call("SYSUTCDATETIME")

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return cast(string(timestamp_text(value)), "DATETIME2", "tsql")

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return cast(value, "DATETIME2", "tsql")

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        return dateadd(value, sign, duration)

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        return call("DATEDIFF_BIG", exp.Var(this="MICROSECOND"), start, end)

    def date_part(self, part: str, value: exp.Expr, date: bool) -> exp.Expr:
        if part == "weekday":
            # DATEPART(weekday) counts from the session's DATEFIRST: make it ISO's.
            shifted = exp.Add(
                this=exp.Add(
                    this=call("DATEPART", exp.Var(this="weekday"), value),
                    expression=exp.Var(this="@@DATEFIRST"),
                ),
                expression=number(5),
            )
            return exp.Add(
                this=exp.Paren(this=exp.Mod(this=shifted, expression=number(7))),
                expression=number(1),
            )
        return call("DATEPART", exp.Var(this=part), value)

    def day_number(self, value: exp.Expr, date: bool) -> exp.Expr:
        epoch = self.date_literal(dt.date(1970, 1, 1))
        return call("DATEDIFF", exp.Var(this="day"), epoch, value)

    def to_float(self, value: exp.Expr) -> exp.Expr:
        return cast(value, "FLOAT", "tsql")

    def two_valued(self, cond: exp.Expr) -> exp.Expr:
        flag = exp.Case().when(cond, number(1), copy=False).else_(number(0), copy=False)
        return exp.EQ(this=flag, expression=number(1))

    def truth(self, value: exp.Expr) -> exp.Expr:
        return exp.EQ(this=value, expression=number(1))

    def cond_value(self, cond: exp.Expr) -> exp.Expr:
        return exp.Case().when(cond, number(1), copy=False).else_(number(0), copy=False)

    def function(self, name: str, argument: exp.Expr) -> exp.Expr:
        if name == "length":
            return _tsql_length(argument)
        return super().function(name, argument)

    def string_equal(self, left: exp.Expr, right: exp.Expr) -> exp.Expr:
        exact = exp.EQ(this=left, expression=exp.Collate(this=right, expression=exp.var(_BIN2)))
        same_length = exp.EQ(this=_tsql_length(left.copy()), expression=_tsql_length(right.copy()))
        return exp.and_(exact, same_length, copy=False)

    def distinct_key(self, value: exp.Expr, type_: t.Type) -> exp.Expr:
        if not type_.is_textual:
            return value
        # BIN2 tells case apart; a mark after the value keeps its trailing spaces.
        marked = exp.Add(this=value, expression=string("."))
        return exp.Collate(this=marked, expression=exp.var(_BIN2))

    def value_order(self, value: exp.Expr, type_: t.Type) -> list[exp.Expr]:
        if not type_.is_textual:
            return [value]
        # BIN2 ignores trailing spaces: of two values equal but for them, the shorter first.
        return [exp.Collate(this=value, expression=exp.var(_BIN2)), _tsql_length(value.copy())]

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        found = call("CHARINDEX", exp.Collate(this=part, expression=exp.var(_BIN2)), text)
        empty = exp.EQ(this=_tsql_length(part.copy()), expression=number(0))
        return exp.or_(exp.GT(this=found, expression=number(0)), empty)

    def starts_with(self, text: exp.Expr, prefix: exp.Expr) -> exp.Expr:
        head = call("LEFT", text, _tsql_length(prefix.copy()))
        return self.string_equal(head, prefix)

    def ends_with(self, text: exp.Expr, suffix: exp.Expr) -> exp.Expr:
        tail = call("RIGHT", text, _tsql_length(suffix.copy()))
        return self.string_equal(tail, suffix)
