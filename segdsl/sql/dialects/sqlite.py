"""SQLite, whose dates are ISO-8601 text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlglot import exp

from segdsl.diagnostics import Diagnostic, Severity, Span
from segdsl.semantics import calendar, ir
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

# SQLite's lower() and upper() change ASCII letters only, it knows no time zones and has no MD5
# (for `split`). segdsl's own SQLite connections register these functions under names of their
# own, so that another client running the SQL fails on the unknown name instead of answering
# differently.
SQLITE_FUNCTIONS: dict[str, tuple[str, Callable[..., str | int]]] = {
    "lower": ("segdsl_lower", str.lower),
    "upper": ("segdsl_upper", str.upper),
    "local_time": ("segdsl_local_time", lambda text, zone: _local_text(text, zone)),
    "split": ("segdsl_md5_bucket", ir.md5_bucket),
}


def _local_text(text: str, zone: str) -> str:
    """A timestamp's text as the clocks of `zone` show it, in the same form."""
    instant = dt.datetime.fromisoformat(text)
    return timestamp_text(calendar.local_time(instant, zone), micros=True)


def _day(value: exp.Expr) -> exp.Expr:
    """The `YYYY-MM-DD` of a date's or a timestamp's text."""
    return call("substr", value, number(1), number(10))


@dataclass(frozen=True)
class SQLite(Dialect):
    """SQLite has no date types: timestamps are ISO-8601 text with six fractional digits
    (`2026-11-01 08:00:00.000000`) and dates `YYYY-MM-DD`, so that text order is time order.
    Its date functions neither keep microseconds nor clamp months, so shifts are spelled out."""

    def timestamp_literal(self, value: dt.datetime) -> exp.Expr:
        return string(timestamp_text(value, micros=True))

    def date_literal(self, value: dt.date) -> exp.Expr:
        return string(value.isoformat())

    def now(self) -> exp.Expr:
        # 'now' is UTC in SQLite; %f gives milliseconds, padded to the stored six digits.
        return exp.DPipe(
            this=call("strftime", string("%Y-%m-%d %H:%M:%f"), string("now")),
            expression=string("000"),
        )

    def to_timestamp(self, value: exp.Expr) -> exp.Expr:
        return exp.DPipe(this=value, expression=string(" 00:00:00.000000"))

    def to_float(self, value: exp.Expr) -> exp.Expr:
        return cast(value, "REAL", "sqlite")

    def exact_decimal(self, value: exp.Expr) -> exp.Expr:
        # Decimals are stored as REAL: round away the binary noise of sums and differences
        # (100.00000000000001), so that they tie and compare exactly with decimal literals.
        return exp.Round(this=value, decimals=number(9))

    def shift(self, value: exp.Expr, sign: int, duration: DurationConst, date: bool) -> exp.Expr:
        amount, unit = interval_parts(duration, sign)
        if unit in ("HOUR", "DAY"):
            modifier = string(f"{amount:+d} {unit.lower()}s")
            if date:
                return call("date", value, modifier)
            # Shifted without the fraction, which a modifier rounds to milliseconds (.9995 s
            # to the next second), then the fraction's digits appended as they were.
            seconds = call("substr", value, number(1), number(19))
            whole = call("strftime", string("%Y-%m-%d %H:%M:%S"), seconds, modifier)
            return exp.DPipe(this=whole, expression=call("substr", value.copy(), number(20)))
        months = amount * 12 if unit == "YEAR" else amount
        # First of the target month, plus the original day clamped to that month's length.
        last_day = call(
            "strftime",
            string("%d"),
            value,
            string("start of month"),
            string(f"{months + 1:+d} months"),
            string("-1 days"),
        )
        day = call("min", call("strftime", string("%d"), value), last_day)
        offset = exp.DPipe(
            this=exp.DPipe(this=string("+"), expression=exp.Sub(this=day, expression=number(1))),
            expression=string(" days"),
        )
        shifted = call(
            "date", value, string("start of month"), string(f"{months:+d} months"), offset
        )
        if date:
            return shifted
        return exp.DPipe(this=shifted, expression=call("substr", value, number(11)))

    def local_timestamp(self, value: exp.Expr, zone: exp.Expr) -> exp.Expr:
        return call(SQLITE_FUNCTIONS["local_time"][0], value, zone)

    def date_part(self, part: str, value: exp.Expr, date: bool) -> exp.Expr:
        if part == "weekday":
            # strftime's %w counts from Sunday = 0.
            sunday_first = cast(call("strftime", string("%w"), _day(value)), "INTEGER", "sqlite")
            shifted = exp.Mod(
                this=exp.Add(this=sunday_first, expression=number(6)), expression=number(7)
            )
            return exp.Add(this=exp.Paren(this=shifted), expression=number(1))
        if part == "quarter":
            month = self.date_part("month", value, date)
            return exp.IntDiv(this=exp.Add(this=month, expression=number(2)), expression=number(3))
        # The digits where ISO text holds them: `2026-11-01 08:00:00.000000`.
        start, length = {"year": (1, 4), "month": (6, 2), "day": (9, 2), "hour": (12, 2)}[part]
        digits = call("substr", value, number(start), number(length))
        return cast(digits, "INTEGER", "sqlite")

    def day_number(self, value: exp.Expr, date: bool) -> exp.Expr:
        # julianday of a date is a whole number and a half, held exactly.
        return cast(call("julianday", _day(value)), "INTEGER", "sqlite")

    def micros_between(self, start: exp.Expr, end: exp.Expr) -> exp.Expr:
        # Whole seconds from strftime('%s') of the text cut before the fraction (given the
        # fraction, strftime rounds .9995 up to the next second), then the fraction's digits
        # as an integer: padded, so that a value without six fractional digits reads right.
        def whole(value: exp.Expr) -> exp.Expr:
            seconds = call("strftime", string("%s"), call("substr", value, number(1), number(19)))
            return cast(seconds, "INTEGER", "sqlite")

        def fraction(value: exp.Expr) -> exp.Expr:
            digits = call(
                "substr",
                exp.DPipe(this=value.copy(), expression=string("000000")),
                number(21),
                number(6),
            )
            return cast(digits, "INTEGER", "sqlite")

        seconds = exp.Sub(this=whole(end), expression=whole(start))
        return exp.Add(
            this=exp.Mul(this=seconds, expression=number(1_000_000)),
            expression=exp.Sub(this=fraction(end), expression=fraction(start)),
        )

    def function(self, name: str, argument: exp.Expr) -> exp.Expr:
        if name in SQLITE_FUNCTIONS:
            return call(SQLITE_FUNCTIONS[name][0], argument)
        return super().function(name, argument)

    def split_bucket(self, text: exp.Expr) -> exp.Expr:
        return call(SQLITE_FUNCTIONS["split"][0], text)

    def date_of(self, timestamp: exp.Expr) -> exp.Expr:
        return call("substr", timestamp, number(1), number(10))

    def notes(self, conditions: Iterable[ir.Node]) -> list[Diagnostic]:
        reasons: dict[Span | None, str] = {}
        for condition in conditions:
            for node in ir.walk(condition):
                if isinstance(node, ir.Func) and node.name in SQLITE_FUNCTIONS:
                    reasons[node.span] = (
                        f"on SQLite, {node.name}() compiles to {SQLITE_FUNCTIONS[node.name][0]}"
                        "(), which only segdsl's own connections provide (SQLite's own lower() "
                        "and upper() change ASCII letters only)"
                    )
                elif isinstance(node, ir.Split):
                    reasons[node.span] = (
                        f"on SQLite, split() compiles to {SQLITE_FUNCTIONS['split'][0]}(), which "
                        "only segdsl's own connections provide (SQLite has no MD5)"
                    )
                elif (zone := local_time_zone(node)) is not None:
                    name = SQLITE_FUNCTIONS["local_time"][0]
                    reasons[node.span] = (
                        f"on SQLite, the time on the clocks of {zone} is read with {name}(), "
                        "which only segdsl's own connections provide (SQLite knows no time zones)"
                    )
        return [
            Diagnostic(
                "W501",
                reason,
                span,
                Severity.WARNING,
                (
                    "to run this SQL with another SQLite client, register the function there "
                    "(in Python: segdsl.runtime.engines.register_sqlite_functions(connection))",
                ),
            )
            for span, reason in reasons.items()
        ]

    def contains(self, text: exp.Expr, part: exp.Expr) -> exp.Expr:
        # instr() is case-sensitive (LIKE is not) and finds '' at position 1.
        return exp.GT(this=call("instr", text, part), expression=number(0))
