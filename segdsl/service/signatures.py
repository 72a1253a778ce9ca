"""The signatures of the functions and aggregates (docs/language.md, "Arithmetic" and
"Aggregates over events"), for signature help and hover."""

from __future__ import annotations

from lark import Token, Tree

from segdsl.service.grammar import Prefix
from segdsl.service.values import Parameter, Signature, SignatureHelp
from segdsl.syntax.lexicon import (
    AGGREGATES,
    ANNIVERSARY,
    DATE_PARTS,
    EVENT_AGGREGATES,
    FUNCTIONS,
    SCALAR_FUNCTIONS,
    SPLIT,
)

_WHERE = Parameter("where condition", "keeps only the rows for which the condition holds")

_OVER_EVENTS = {
    "count": (
        "stream",
        "the number of the customer's events in the stream (0 when none)",
    ),
    "sum": ("stream.field", "the sum of the field over the customer's events (0 when none)"),
    "avg": ("stream.field", "the average of the field's present values (missing when none)"),
    "min": ("stream.field", "the smallest value of the field (missing when none)"),
    "max": ("stream.field", "the largest value of the field (missing when none)"),
}
_OVER_CUSTOMERS = {
    "count": ("customers", "the number of customers (name the entity table)"),
    "sum": ("value", "the sum of a customer-level value over all customers"),
    "avg": ("value", "the average of a customer-level value over all customers"),
    "min": ("value", "the smallest customer-level value among all customers"),
    "max": ("value", "the largest customer-level value among all customers"),
}
_COUNT_DISTINCT = (
    "distinct stream.field",
    "the number of distinct present values of the field (0 when none)",
)
_EVENTS_ONLY = {
    "first": (
        "stream.field",
        "the field's value at the customer's first event with one; events at the same instant "
        "in value order (missing when none)",
    ),
    "last": (
        "stream.field",
        "the field's value at the customer's last event with one; events at the same instant "
        "in value order (missing when none)",
    ),
    "most_frequent": (
        "stream.field",
        "the field's value on most of the customer's events; on a tie the one with the latest "
        "event, then the greatest (missing when none)",
    ),
    "active_days": (
        "stream",
        "the number of days (on the shop's clocks) with the customer's events (0 when none)",
    ),
}
_SCALAR = {
    "lower": ("s", "the string in lower case"),
    "upper": ("s", "the string in upper case"),
    "length": ("s", "the number of characters of the string"),
    "abs": ("n", "the absolute value of the number"),
    SPLIT: (
        '"salt"',
        "the customer's place in the random split named by the salt, from 0% to 100%; "
        'compared with a percentage: split("spring24") < 10%',
    ),
    # The date parts, read on the clocks of the schema's time zone (docs/semantics.md).
    "month": ("t", "the month of the date or timestamp, 1 to 12, on the shop's clocks"),
    "day": ("t", "the day of the month of the date or timestamp, 1 to 31, on the shop's clocks"),
    "weekday": ("t", "the day of the week, 1 (Monday) to 7 (Sunday), on the shop's clocks"),
    "hour": ("t", "the hour of the timestamp, 0 to 23, on the shop's clocks"),
    ANNIVERSARY: (
        "t",
        "the days with the month and day of the date or timestamp in a later year (29 February "
        "on 28 February without one), asked of a period: anniversary(birth_date) in next 7 days",
    ),
}
assert set(_OVER_EVENTS) == set(AGGREGATES) and set(_EVENTS_ONLY) == set(EVENT_AGGREGATES)
assert {*SCALAR_FUNCTIONS, SPLIT, *DATE_PARTS, ANNIVERSARY} == set(_SCALAR)
assert {*AGGREGATES, *EVENT_AGGREGATES, *_SCALAR} == set(FUNCTIONS)


def _signature(function: str, argument: str, documentation: str, where: bool) -> Signature:
    parameters = (Parameter(argument, documentation),)
    if where:
        label = f"{function}({argument} [where condition])"
        return Signature(label, documentation, (*parameters, _WHERE))
    return Signature(f"{function}({argument})", documentation, parameters)


def signatures(function: str) -> tuple[Signature, ...]:
    """The forms of a function: an aggregate over a customer's events, then over all
    customers (then `count(distinct …)`); an aggregate over events only, or a scalar
    function: its one form."""
    if function in _SCALAR:
        return (_signature(function, *_SCALAR[function], where=False),)
    if function in _EVENTS_ONLY:
        return (_signature(function, *_EVENTS_ONLY[function], where=True),)
    distinct = (_signature(function, *_COUNT_DISTINCT, where=True),) if function == "count" else ()
    return (
        _signature(function, *_OVER_EVENTS[function], where=True),
        _signature(function, *_OVER_CUSTOMERS[function], where=True),
        *distinct,
    )


def signature_help(prefix: Prefix, streams: set[str]) -> SignatureHelp | None:
    """The signature of the innermost open call: the form its argument picks (a stream, or a
    customer-level value), the `where` parameter once written."""
    lpar = prefix.open_call()
    if lpar is None:
        return None
    function = str(prefix.stack[lpar - 1])
    forms = signatures(function)
    after = prefix.stack[lpar + 1 :]
    in_where = any(isinstance(item, Token) and item.type == "_WHERE" for item in after)
    active = 0
    if len(forms) > 2 and _written_distinct(after):
        active = 2
    elif len(forms) > 1 and after:
        active = 0 if _first_name(after[0]) in streams else 1
    return SignatureHelp(forms, active, 1 if in_where else 0)


def _written_distinct(after: tuple[Token | Tree[Token], ...]) -> bool:
    """Whether the call's argument starts with `distinct`."""
    first = after[0] if after else None
    if isinstance(first, Tree):
        first = next(iter(first.scan_values(lambda v: isinstance(v, Token))), None)
    return isinstance(first, Token) and first.type == "DISTINCT"


def _first_name(item: Token | Tree[Token]) -> str | None:
    if isinstance(item, Token):
        return str(item) if item.type == "NAME" else None
    for token in item.scan_values(lambda v: isinstance(v, Token) and v.type == "NAME"):
        return str(token)
    return None
