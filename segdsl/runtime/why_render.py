"""`segdsl why` results for people (an indented tree with ✓ and ✗) and for programs (nested JSON,
documented in docs/activation.md), shared by the command and the REPL's `.why`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import click

from segdsl.runtime.why import Arm, Bound, Operand, Ranking, Reason, Why
from segdsl.syntax.parser import encode_string

_MICROS = {"d": 86_400_000_000, "h": 3_600_000_000, "m": 60_000_000}


# -- text ------------------------------------------------------------------------------------------


def why_text(why: Why, color: bool = False) -> str:
    """The header line, then the tree: a line per condition (✓ holds, ✗ does not), the values it
    uses indented below it, the conditions below it indented by two."""
    lines = [_header(why)]
    writer = _TextWriter(lines, color)
    if why.not_yet is not None:
        since = _instant_text(why.not_yet.since)
        lines.append(
            f"  {why.not_yet.attribute} is {since} UTC, after the as-of instant: in no segment, "
            "with no label"
        )
    elif why.reason is not None:
        writer.reason(why.reason, 0)
    elif why.partition is not None:
        writer.arms(why.partition.arms, 0)
    return "\n".join(lines)


def _header(why: Why) -> str:
    customer = f"customer {_key_text(why.customer)}"
    as_of = f"(as of {_instant_text(why.as_of)} UTC)"
    if why.not_yet is not None:
        return f"{customer} does not exist yet {as_of}"
    if why.partition is not None:
        return f"{customer} is in {why.name} {encode_string(str(why.label))} {as_of}"
    if why.name == "<expr>":
        verb = "matches the condition" if why.member else "does not match the condition"
        return f"{customer} {verb} {as_of}"
    return f"{customer} is {'in' if why.member else 'not in'} {why.name} {as_of}"


class _TextWriter:
    def __init__(self, lines: list[str], color: bool) -> None:
        self.lines = lines
        self.color = color

    def mark(self, holds: bool) -> str:
        mark = "✓" if holds else "✗"
        return click.style(mark, fg="green" if holds else "red") if self.color else mark

    def reason(self, reason: Reason, indent: int, prefix: str = "") -> None:
        label = {"and": "all of", "or": "any of"}.get(reason.kind, reason.condition)
        self.lines.append(f"{' ' * indent}{self.mark(reason.holds)} {prefix}{label}")
        for operand in reason.operands:
            self.operand(operand, indent + 4)
        if reason.bound is not None:
            self.lines.append(f"{' ' * (indent + 4)}needs {_bound_text(reason.bound)}")
        if reason.ranking is not None:
            key = reason.operands[0].expression if reason.operands else "the value"
            text = _ranking_text(reason.ranking, key)
            self.lines.append(f"{' ' * (indent + 4)}rank: {text}")
        for below in reason.reasons:
            self.reason(below, indent + 2)

    def operand(self, operand: Operand, indent: int) -> None:
        notes = [f"window: {_bound_text(bound)}" for bound in operand.window]
        if operand.population:
            notes.append("over all customers")
        suffix = f" ({'; '.join(notes)})" if notes else ""
        value = _value_text(operand.value)
        self.lines.append(f"{' ' * indent}{operand.expression} = {value}{suffix}")
        for part in operand.operands:
            self.operand(part, indent + 2)
        self.arms(operand.arms, indent + 2)
        if operand.reason is not None:
            self.reason(operand.reason, indent + 2)

    def arms(self, arms: tuple[Arm, ...], indent: int) -> None:
        for arm in arms:
            label = encode_string(arm.label)
            if arm.reason is None:
                self.lines.append(f"{' ' * indent}{self.mark(True)} otherwise {label}")
            else:
                self.reason(arm.reason, indent, prefix=f"{label} when ")


def _key_text(key: int | str) -> str:
    return encode_string(key) if isinstance(key, str) else str(key)


def _bound_text(bound: Bound) -> str:
    return f"{bound.expression} {bound.op} {_instant_text(bound.instant)}"


def _ranking_text(ranking: Ranking, key: str) -> str:
    share = ranking.share
    if ranking.at_or_before is None or share is None:
        return f"not ranked ({key} is missing)"
    within = ranking.within * 100
    side = "above" if ranking.direction == "top" else "below"
    return (
        f"{ranking.at_or_before:,} of {ranking.ranked:,} at or {side} "
        f"({_percent(share, within)}%, needs ≤ {format(within.normalize(), 'f')}%)"
    )


def _percent(share: float, within: Decimal) -> str:
    """The share in percent, with as many decimals as it takes to compare with the limit as the
    share itself does (10.04% is not within 10%, though it rounds to 10.0)."""
    exact = Decimal(share) * 100
    for digits in range(1, 10):
        shown = round(exact, digits)
        if (shown <= within) == (exact <= within):
            return format(shown.normalize(), "f")
    return format(exact, "f")


def _instant_text(instant: dt.datetime) -> str:
    return instant.isoformat(sep=" ")


def _value_text(value: Any) -> str:
    """A value as the language writes it; `missing` when there is none."""
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return encode_string(value)
    if isinstance(value, dt.datetime):
        return _instant_text(value)
    if isinstance(value, dt.timedelta):
        return _duration_text(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _duration_text(delta: dt.timedelta) -> str:
    """`245d 3h 12m 5.5s`: days, hours, minutes and seconds, the zero ones left out."""
    micros = delta // dt.timedelta(microseconds=1)
    parts = []
    rest = abs(micros)
    for unit, size in _MICROS.items():
        whole, rest = divmod(rest, size)
        if whole:
            parts.append(f"{whole}{unit}")
    if rest or not parts:
        seconds = Decimal(rest) / 1_000_000
        parts.append(f"{format(seconds.normalize(), 'f')}s")
    return ("-" if micros < 0 else "") + " ".join(parts)


# -- JSON ------------------------------------------------------------------------------------------


def why_json(why: Why) -> dict[str, Any]:
    """The result as JSON values (docs/activation.md describes the shape)."""
    head: dict[str, Any] = {"customer": why.customer, "as_of": _instant_json(why.as_of)}
    if why.not_yet is not None:
        since = {"attribute": why.not_yet.attribute, "since": _instant_json(why.not_yet.since)}
        return head | {"name": why.name, "member": False, "not_yet": since}
    if why.partition is not None:
        arms = [_arm_json(arm) for arm in why.partition.arms]
        return head | {"partition": why.name, "label": why.label, "arms": arms}
    assert why.reason is not None
    return head | {"segment": why.name, "member": why.member, "reason": _reason_json(why.reason)}


def _reason_json(reason: Reason) -> dict[str, Any]:
    ranking = reason.ranking
    return {
        "condition": reason.condition,
        "kind": reason.kind,
        "holds": reason.holds,
        "operands": [_operand_json(o) for o in reason.operands],
        "reasons": [_reason_json(r) for r in reason.reasons],
        "segment": reason.segment,
        "bound": None if reason.bound is None else _bound_json(reason.bound),
        "ranking": None
        if ranking is None
        else {
            "direction": ranking.direction,
            "within": float(ranking.within),
            "ranked": ranking.ranked,
            "at_or_before": ranking.at_or_before,
            "share": ranking.share,
        },
    }


def _operand_json(operand: Operand) -> dict[str, Any]:
    return {
        "expression": operand.expression,
        "type": str(operand.type),
        "value": _value_json(operand.value),
        "population": operand.population,
        "window": [_bound_json(bound) for bound in operand.window],
        "operands": [_operand_json(o) for o in operand.operands],
        "arms": [_arm_json(arm) for arm in operand.arms],
        "reason": None if operand.reason is None else _reason_json(operand.reason),
    }


def _arm_json(arm: Arm) -> dict[str, Any]:
    reason = None if arm.reason is None else _reason_json(arm.reason)
    return {"label": arm.label, "otherwise": arm.reason is None, "reason": reason}


def _bound_json(bound: Bound) -> dict[str, Any]:
    return {"expression": bound.expression, "op": bound.op, "instant": _instant_json(bound.instant)}


def _instant_json(instant: dt.datetime) -> str:
    """RFC 3339 in UTC, to the microsecond when there is one."""
    return instant.isoformat() + "Z"


def _value_json(value: Any) -> Any:
    """Instants as RFC 3339 text, dates as ISO text, durations in seconds, decimals as
    numbers."""
    if isinstance(value, dt.datetime):
        return _instant_json(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return float(value)
    return value
