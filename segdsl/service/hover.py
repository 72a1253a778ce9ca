"""What hovering over a name tells (its kind, type, description and definition; for a metric
also its SQL) and what a comparison of an age means at the as-of instant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from segdsl.diagnostics import SegdslError, Span
from segdsl.semantics import calendar, ir
from segdsl.semantics import types as t
from segdsl.semantics.checker import Checker
from segdsl.semantics.schema import Column, Schema
from segdsl.service.names import Entity, EntityKind
from segdsl.service.signatures import signatures
from segdsl.syntax import ast

_SHOWN_VALUES = 12
_SHOWN_LINES = 12


def _code(text: str, language: str = "seg") -> str:
    return f"```{language}\n{text}\n```"


def _where(span: Span | None) -> str:
    if span is None:
        return ""
    return f"\n\nDefined in `{span.source.name}`, line {span.line}."


def _values(values: Iterable[object]) -> str:
    shown = [str(v) for v in values]
    more = f", … ({len(shown)} in all)" if len(shown) > _SHOWN_VALUES else ""
    return ", ".join(shown[:_SHOWN_VALUES]) + more


def _column(heading: str, column: Column, history: str | None = None) -> str:
    stored = f" (column `{column.column}`)" if column.column != column.name else ""
    lines = [f"{heading}, `{column.type}`{stored}"]
    if column.description:
        lines.append(column.description)
    if history is not None:
        lines.append(f"As it stood at the as-of instant, from the history table `{history}`.")
    flags = [
        word
        for word, on in (("personal data (pii)", column.pii), ("deprecated", column.deprecated))
        if on
    ]
    if not column.nullable:
        flags.append("never missing")
    if flags:
        lines.append("*" + ", ".join(flags) + "*")
    return "\n\n".join(lines) + _where(column.span)


def schema_hover(entity: Entity, schema: Schema, dialect: str) -> str | None:
    """The hover of an attribute, metric, set, stream or field."""
    match entity.kind:
        case EntityKind.ATTRIBUTE:
            column = schema.attributes[entity.name]
            history = schema.history
            kept = history is not None and entity.name in history.attributes
            table = history.table if history is not None and kept else None
            return _column(f"**{entity.name}**: attribute", column, table)
        case EntityKind.FIELD if entity.owner is not None:
            stream = schema.events[entity.owner]
            column = stream.fields[entity.name]
            heading = f"**{entity.owner}.{entity.name}**: field of the event stream"
            return _column(heading, column)
        case EntityKind.METRIC:
            return _metric(entity.name, schema, dialect)
        case EntityKind.SET:
            named = schema.sets[entity.name]
            text = f"**{entity.name}**: named set of {len(named.values)} {named.element} values"
            text += f"\n\n{_values(named.values)}"
            return text + (_where(named.span) if named.span else "\n\nBuilt in.")
        case EntityKind.STREAM:
            stream = schema.events[entity.name]
            fields = ", ".join(f"`{n}` ({c.type})" for n, c in stream.fields.items())
            text = (
                f"**{entity.name}**: event stream (table `{stream.table}`, time "
                f"`{stream.time}`)\n\nFields: {fields}"
            )
            return text + _where(stream.span)
        case EntityKind.FUNCTION:
            forms = signatures(entity.name)
            return "\n\n".join(f"`{s.label}`: {s.documentation}" for s in forms)
    return None


def _metric(name: str, schema: Schema, dialect: str) -> str:
    metric = schema.metrics[name]
    value = Checker(schema).metric(name, metric.expr.span)
    kind = f"metric, `{value.type}`" if value is not None else "metric"
    parts = [f"**{name}**: {kind}"]
    if metric.description:
        parts.append(metric.description)
    parts.append(_code(" ".join(metric.expr.span.text.split())))
    if value is not None:
        try:
            sql = metric_sql(schema, value, name, dialect)
        except SegdslError:  # a metric the dialect cannot compute (docs/dialects.md)
            sql = None
        if sql is not None:
            parts.append(f"SQL ({dialect}), per customer:\n\n" + _code(sql, "sql"))
    return "\n\n".join(parts) + _where(metric.span)


def metric_sql(schema: Schema, value: ir.Value, name: str, dialect: str) -> str:
    """A metric's value for every customer, as `dialect`'s SQL (the engine's time as now)."""
    from sqlglot import exp

    from segdsl.sql.compiler import Lowering
    from segdsl.sql.dialects import DIALECTS

    target = DIALECTS[dialect]
    query = Lowering(schema, target, None).flags([], [value])
    query.selects[-1].set("alias", exp.to_identifier(name))
    return target.sql(query, pretty=True, copy=False)


def definition_hover(entity: Entity, found: ast.Definition) -> str:
    """The hover of a segment or partition (or one of its labels)."""
    if entity.kind is EntityKind.LABEL and isinstance(found, ast.PartitionDef):
        for arm in found.arms:
            if arm.label == entity.name:
                condition = _excerpt(arm.condition.span.text)
                title = f'**"{entity.name}"**: label of the partition {found.name}, when'
                return f"{title}\n\n{condition}"
        return f'**"{entity.name}"**: label of the partition {found.name}, for everyone else'
    kind = "segment" if isinstance(found, ast.SegmentDef) else "partition"
    parts = [f"**{found.name}**: {kind}"]
    if found.description:
        parts.append(found.description)
    if isinstance(found, ast.PartitionDef):
        labels = ", ".join(f'"{arm.label}"' for arm in found.arms)
        parts.append(f'Labels: {labels}, otherwise "{found.otherwise}"')
    parts.append(_excerpt(found.span.text))
    return "\n\n".join(parts)


def _excerpt(text: str) -> str:
    lines = text.split("\n")
    if len(lines) > _SHOWN_LINES:
        lines = [*lines[:_SHOWN_LINES], "…"]
    return _code("\n".join(lines))


_AGE_WORDS = {"<": "after", "<=": "at or after", ">": "before", ">=": "at or before"}


def age_hover(compare: ir.AgeCompare, as_of: dt.datetime | None) -> str | None:
    """`last_open < 30d`: last_open after 2026-10-02 00:00 UTC (docs/semantics.md, "Time")."""
    instant = as_of or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    try:
        bound = ir.shift(instant, -1, compare.duration)
    except SegdslError:
        return None
    subject = " ".join(compare.value.span.text.split()) if compare.value.span else "it"
    written = " ".join(compare.span.text.split()) if compare.span else subject
    when = "as of now" if as_of is None else f"as of {_instant(instant)}"
    return f"`{written}`: {subject} {_AGE_WORDS[compare.op]} {_instant(bound)} ({when})"


# The periods a hover lists at most.
_SHOWN_PERIODS = 6


def regular_hover(node: ir.Regular, as_of: dt.datetime | None) -> str | None:
    """`purchases >= 1 in 3 of last 4 weeks`: the periods, newest first (docs/semantics.md,
    "Regular activity")."""
    instant = as_of or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    shown = []
    try:
        for number in range(1, min(node.periods, _SHOWN_PERIODS) + 1):
            if node.length is None:
                assert node.unit is not None
                period = calendar.Period(node.unit, number, 1, False, None)
                first, after = period.days(calendar.local_date(instant, node.zone))
                last = first if after is None else after - dt.timedelta(days=1)
                shown.append(f"{first:%Y-%m-%d} to {last:%Y-%m-%d}")
            else:
                length = node.length
                older = ir.DurationConst(length.amount * number, length.unit)
                newer = ir.DurationConst(length.amount * (number - 1), length.unit)
                start, end = ir.shift(instant, -1, older), ir.shift(instant, -1, newer)
                shown.append(f"after {_instant(start)}, up to {_instant(end)}")
    except SegdslError:
        return None
    written = " ".join(node.span.text.split()) if node.span else "regular activity"
    when = "as of now" if as_of is None else f"as of {_instant(instant)}"
    where = f" (days on the clocks of {_clocks(node.zone, node.customer_zone)})"
    where = where if node.length is None else ""
    more = ["…"] if node.periods > _SHOWN_PERIODS else []
    periods = "; ".join([*shown, *more])
    return f"`{written}`: at least {node.times} of these {node.periods}{where}, {when}: {periods}"


def period_hover(node: ir.InPeriod | ir.Anniversary, as_of: dt.datetime | None) -> str | None:
    """`signup_at in this month`: [2026-11-01 00:00, 2026-12-01 00:00) Europe/Warsaw, as of the
    settings' instant or now (docs/semantics.md, "Calendar periods", "Anniversaries")."""
    instant = as_of or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    period, zone = node.period, node.zone
    try:
        today = calendar.local_date(instant, zone)
    except OverflowError:
        return None
    first, after = period.days(today)
    written = " ".join(node.span.text.split()) if node.span else "the period"
    when = "as of now" if as_of is None else f"as of {_instant(instant)}"
    if after is not None and first >= after:
        return f"`{written}`: no days ({when})"
    last = dt.date.max if after is None else after - dt.timedelta(days=1)
    days = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    if isinstance(node, ir.Anniversary):
        clocks = _clocks(zone, node.customer_zone)
        return f"`{written}`: an anniversary on a day from {days} ({when}, {clocks} days)"
    if node.customer_zone is not None:
        # Each customer's own days: today and the instants differ from zone to zone.
        own = node.customer_zone.name
        return (
            f"`{written}`: a day from {days} for a customer on {zone}'s clocks; each customer's "
            f"on the clocks of their {own} ({when})"
        )
    if node.operand.type.kind is t.Kind.DATE:
        return f"`{written}`: a date from {days} ({when})"
    spans = []
    for start, end in calendar.instants(first, after, zone):
        if period.to_date and end is not None and end > instant:
            end = instant
            spans.append(f"[{_local(start, zone)}, {_local(end, zone)}]")
            continue
        spans.append(f"[{_local(start, zone)}, {_local(end, zone)})")
    return f"`{written}`: {' or '.join(spans)} {zone} ({when})"


def _clocks(zone: str, customer_zone: ir.Attr | None) -> str:
    """Whose clocks answer a calendar question: the zone's, or each customer's own."""
    if customer_zone is None:
        return zone
    return f"each customer's zone ({customer_zone.name}; {zone} without one)"


def _local(instant: dt.datetime | None, zone: str) -> str:
    """An instant on the zone's clocks, to the minute (the second when it has one)."""
    if instant is None:
        return "…"
    shown = calendar.local_time(instant, zone)
    pattern = "%Y-%m-%d %H:%M:%S" if shown.second or shown.microsecond else "%Y-%m-%d %H:%M"
    return f"{shown:{pattern}}"


def _instant(instant: dt.datetime) -> str:
    shown = "%Y-%m-%d %H:%M:%S" if instant.second or instant.microsecond else "%Y-%m-%d %H:%M"
    return f"{instant:{shown}} UTC"
