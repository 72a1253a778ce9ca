"""Hypothesis strategies: well-typed conditions over the example shop's schema, and small shop
datasets full of the cases that break SQL (missing values, ties, events exactly on window
boundaries and after the as-of instant, strings differing only in case or trailing spaces)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from hypothesis import strategies as st

from segdsl.semantics import calendar, ir
from segdsl.semantics.reference import Dataset, Evaluator
from segdsl.semantics.schema import EventStream, Schema
from segdsl.syntax.lexicon import CALENDAR_UNITS

# The last one is late on 28 December in UTC and already 29 December in Warsaw: anniversaries
# across the year end.
AS_OFS = [
    dt.datetime(2026, 3, 31, 12, 0),
    dt.datetime(2026, 1, 31),
    dt.datetime(2026, 12, 28, 23, 30),
]
# The schema's time zone for calendar questions: UTC, one ahead of it, one behind.
ZONES = ["UTC", "Europe/Warsaw", "America/Los_Angeles"]
# The customers' own zones: those of the project, and one ahead of UTC by more than a day's
# part (on 1 March at 07:00 when LA is still on 28 February).
CUSTOMER_ZONES = [*ZONES, "Asia/Tokyo"]

# -- conditions ----------------------------------------------------------------------------------

DURATIONS = ["1h", "24h", "1d", "7d", "30d", "2w", "90d", "1mo", "2mo", "1y"]
FIXED_DURATIONS = ["1h", "24h", "1d", "7d", "30d", "2w", "90d"]
COUNTRY_VALUES = ['"DE"', '"de"', '"DE "', '"PL"', '"US"', '""', '"Ö"', '"ö"', '"ÉL"']
TIME_LITERALS = ["2026-03-01", "2026-01-31T00:00:00", "2025-12-31T12:00:00", "2026-03-31T12:00:00"]
PATTERNS = ['"D"', '"e"', '"E "', '""', '"@"']
OPS = ["=", "!=", "<", "<=", ">", ">="]
ORDERED = ["<", "<=", ">", ">="]

TIMESTAMP_VALUES = [
    "signup_at",
    "first_order",
    "last_order",
    "last_open",
    "last_click",
    "last_cart_add",
]
STREAM_FILTERS = {
    "orders": [
        'category = "shoes"',
        'category in ["shoes", "Shoes"]',
        "category is missing",
        "amount > 50",
        "amount is present",
        "created_at < 30d",
        "created_at >= 1mo",
        "created_at > 2026-01-31",
        "created_at in this month",
        "created_at in last 7 days",
        "weekday(created_at) >= 6",
        # Anchored on the customer (docs/semantics.md, "Customer-anchored windows").
        "created_at < signup_at + 30d",
        "created_at >= signup_at",
        "created_at <= signup_at + 1mo",
        "created_at > last_click",
        "created_at < last_order",
    ],
    "email": [
        'type = "open"',
        'type = "click"',
        'type in ["send", "open"]',
        "ts < 24h",
        "ts <= 30d",
        "campaign is missing",
        'campaign starts with "spring"',
        "ts in today",
        "hour(ts) < 12",
        "ts > last_order",
        "ts <= signup_at + 7d",
    ],
    "web": [
        'type = "add_to_cart"',
        'type != "view"',
        "ts < 7d",
        'category = "shoes"',
        "ts >= last_open",
    ],
}
TIME_FIELD = {"orders": "created_at", "email": "ts", "web": "ts"}


def _reads_the_customer(event_filter: str) -> bool:
    return any(re.search(rf"\b{name}\b", event_filter) for name in TIMESTAMP_VALUES)


@st.composite
def event_filter(draw: st.DrawFn, stream: str, anchored: bool = True) -> str:
    """A filter of `stream`'s events; `anchored=False` leaves out those that read the customer's
    values (a sequence's filters cannot, E281)."""
    choices = [f for f in STREAM_FILTERS[stream] if anchored or not _reads_the_customer(f)]
    parts = draw(st.lists(st.sampled_from(choices), min_size=1, max_size=2))
    joiner = draw(st.sampled_from([" and ", " or "]))
    text = joiner.join(parts)
    return f"not ({text})" if draw(st.booleans()) and len(parts) == 1 else text


@st.composite
def aggregate(draw: st.DrawFn, kind: str) -> str:
    """An aggregate over one customer's events of the requested kind (number or timestamp)."""
    stream = draw(st.sampled_from(list(STREAM_FILTERS)))
    where = f" where {draw(event_filter(stream))}" if draw(st.booleans()) else ""
    if kind == "timestamp":
        func = draw(st.sampled_from(["min", "max"]))
        return f"{func}({stream}.{TIME_FIELD[stream]}{where})"
    if stream == "orders" and draw(st.booleans()):
        func = draw(st.sampled_from(["sum", "avg", "min", "max"]))
        return f"{func}(orders.amount{where})"
    return f"count({stream}{where})"


@st.composite
def number(draw: st.DrawFn, depth: int = 0) -> str:
    choice = draw(st.integers(0, 5 if depth < 1 else 3))
    if choice == 0:
        return draw(st.sampled_from(["purchases", "total_spent", "spend_365d"]))
    if choice == 1:
        return draw(aggregate("number"))
    if choice == 2:
        literals = ["0", "1", "2", "3", "100", "99.99", "100.00", "-1", "10.15", "0.3"]
        return draw(st.sampled_from(literals))
    if choice == 3:
        return "length(country)"
    if draw(st.integers(0, 4)) == 0:
        return f"-({draw(number(depth + 1))})"
    op = draw(st.sampled_from(["+", "-", "*", "/"]))
    left = draw(number(depth + 1))
    right = draw(number(depth + 1))
    return f"({left} {op} {right})"


@st.composite
def timestamp(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(st.sampled_from(TIMESTAMP_VALUES))
    if choice == 1:
        return draw(aggregate("timestamp"))
    if choice == 2:
        return "now"
    base = draw(st.sampled_from(TIMESTAMP_VALUES))
    sign = draw(st.sampled_from(["+", "-"]))
    return f"{base} {sign} {draw(st.sampled_from(DURATIONS))}"


@st.composite
def latest_since(draw: st.DrawFn) -> str:
    """A bounded latest event and "no other event since it" (the windowed-latest rewrite):
    `last_cart_add < 24h and (last_order is missing or last_order < last_cart_add)`."""
    latest = draw(st.sampled_from([*TIMESTAMP_VALUES[1:], draw(aggregate("timestamp"))]))
    other = draw(st.sampled_from([*TIMESTAMP_VALUES[1:], draw(aggregate("timestamp"))]))
    bound = f"{latest} {draw(st.sampled_from(['<', '<=']))} {draw(st.sampled_from(DURATIONS))}"
    compare = draw(st.sampled_from(["<", "<=", ">", ">="]))
    since = f"{other} {compare} {latest}" if draw(st.booleans()) else f"{latest} {compare} {other}"
    parts = [f"{other} is missing", since]
    rest = f"({' or '.join(draw(st.permutations(parts)))})" if draw(st.booleans()) else since
    return f"{bound} and {rest}"


@st.composite
def windowed_count(draw: st.DrawFn) -> str:
    """`count(orders where created_at < 30d) >= 2` (the at-least-k-in-a-window test)."""
    stream = draw(st.sampled_from(list(STREAM_FILTERS)))
    window = f"{TIME_FIELD[stream]} {draw(st.sampled_from(['<', '<=']))} "
    window += draw(st.sampled_from(FIXED_DURATIONS))
    extra = f" and {draw(event_filter(stream))}" if draw(st.booleans()) else ""
    op, k = draw(st.sampled_from(ORDERED)), draw(st.integers(0, 3))
    # A count of a field counts the events where it is present.
    counted = "orders.category" if stream == "orders" and draw(st.booleans()) else stream
    return f"count({counted} where {window}{extra}) {op} {k}"


@st.composite
def duration_between(draw: st.DrawFn) -> str:
    """The difference of two times compared with a fixed duration, to the microsecond:
    `signup_at - birth_date < 24h`."""
    later = draw(st.sampled_from(["signup_at", "last_order", "now"]))
    earlier = draw(st.sampled_from(["birth_date", "first_order", "signup_at"]))
    op, bound = draw(st.sampled_from(OPS)), draw(st.sampled_from(FIXED_DURATIONS))
    return f"{later} - {earlier} {op} {bound}"


@st.composite
def condition_as_value(draw: st.DrawFn) -> str:
    """A condition used as a boolean value inside a comparison: `consent_email = (x > 2)`."""
    inner = f"({draw(atom())})"
    other = draw(st.sampled_from(["consent_email", "true", "false", f"({draw(atom())})"]))
    op = draw(st.sampled_from(["=", "!="]))
    return f"{inner} {op} {other}" if draw(st.booleans()) else f"{other} {op} {inner}"


@st.composite
def age_range(draw: st.DrawFn) -> str:
    """`last_order between 90d and 30d`: duration bounds in either order."""
    bounds = draw(st.lists(st.sampled_from(DURATIONS), min_size=2, max_size=2, unique=True))
    negated = draw(st.sampled_from(["between", "not between"]))
    return f"{draw(timestamp())} {negated} {bounds[0]} and {bounds[1]}"


PERIODS = [
    "today",
    "yesterday",
    "this week",
    "this month",
    "this quarter",
    "this year",
    "last week",
    "last month",
    "last 3 months",
    "last 7 days",
    "last 2 quarters",
    "last year",
    "next week",
    "next month",
    "next 7 days",
    "next 2 quarters",
    "week to date",
    "month to date",
    "year to date",
    "2026-03",
    "2026-01",
    "2026",
    "2025",
    "2026-03-31",
    "2026-01-30",
]
# Each date part and the numbers worth comparing it with.
DATE_PARTS = {
    "month": ["1", "2", "3", "12"],
    "day": ["1", "28", "30", "31"],
    "weekday": ["1", "5", "6", "7"],
    "hour": ["0", "1", "11", "12", "23"],
}


@st.composite
def calendar_atom(draw: st.DrawFn) -> str:
    """A calendar period (`signup_at in last month`) or a date part (`weekday(t) >= 6`)."""
    choice = draw(st.integers(0, 2))
    if choice < 2:
        value = draw(st.sampled_from(["birth_date", draw(timestamp())]))
        if choice == 1:
            value = f"anniversary({value})"
        negated = draw(st.sampled_from(["in", "not in"]))
        return f"{value} {negated} {draw(st.sampled_from(PERIODS))}"
    part = draw(st.sampled_from(list(DATE_PARTS)))
    dates = [] if part == "hour" else ["birth_date"]
    value = draw(st.sampled_from([*dates, *TIMESTAMP_VALUES, draw(aggregate("timestamp"))]))
    op, number = draw(st.sampled_from(OPS)), draw(st.sampled_from(DATE_PARTS[part]))
    return f"{part}({value}) {op} {number}"


def calendar_instants(as_of: dt.datetime, *zones: str) -> list[dt.datetime]:
    """The instants at which the periods of PERIODS start and end in each of `zones`, as of
    `as_of`, each also a microsecond before."""
    found: set[dt.datetime] = set()
    for zone in zones:
        today = calendar.local_date(as_of, zone)
        for unit in CALENDAR_UNITS:
            for back in range(3):
                first, after = calendar.Period(unit, back, 1, False, None).days(today)
                for start, end in calendar.instants(first, after, zone):
                    found |= {b for b in (start, end) if b is not None}
    micro = dt.timedelta(microseconds=1)
    return sorted({b + d for b in found for d in (-micro, dt.timedelta(0))})


POPULATION_FILTERS = [
    "purchases > 0",
    "purchases >= 2",
    "last_order < 90d",
    "count(email) > purchases",
    "consent_email",
    "purchases >= 0",
]


@st.composite
def atom(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 24))
    if choice == 24:
        return draw(regular_atom())
    if choice == 22:
        return draw(calendar_atom())
    if choice == 23:
        return draw(behaviour_atom())
    if choice == 16:
        return draw(latest_since())
    if choice == 17:
        return draw(windowed_count())
    if choice == 19:
        return draw(duration_between())
    if choice == 20:
        return draw(condition_as_value())
    if choice == 21:
        return draw(age_range())
    if choice == 0:
        return f"{draw(number())} {draw(st.sampled_from(OPS))} {draw(number())}"
    if choice == 1:
        op, duration = draw(st.sampled_from(ORDERED)), draw(st.sampled_from(DURATIONS))
        return f"{draw(timestamp())} {op} {duration}"
    if choice == 2:
        literal = draw(st.sampled_from(TIME_LITERALS))
        return f"{draw(timestamp())} {draw(st.sampled_from(OPS))} {literal}"
    if choice == 3:
        return f"{draw(timestamp())} {draw(st.sampled_from(OPS))} {draw(timestamp())}"
    if choice == 4:
        left = f"now - ({draw(timestamp())})"
        return f"{left} {draw(st.sampled_from(ORDERED))} {draw(st.sampled_from(FIXED_DURATIONS))}"
    if choice == 5:
        text = draw(st.sampled_from(["country", "lower(country)", "upper(country)"]))
        return (
            f"{text} {draw(st.sampled_from(['=', '!=']))} {draw(st.sampled_from(COUNTRY_VALUES))}"
        )
    if choice == 6:
        values = draw(st.lists(st.sampled_from(COUNTRY_VALUES), min_size=0, max_size=3))
        negated = draw(st.sampled_from(["in", "not in"]))
        return f"country {negated} [{', '.join(values)}]"
    if choice == 7:
        named = draw(st.sampled_from(["EU", "EEA", "DACH"]))
        return f"country {draw(st.sampled_from(['in', 'not in']))} {named}"
    if choice == 8:
        op = draw(st.sampled_from(["contains", "starts with", "ends with"]))
        text = draw(st.sampled_from(["country", "lower(country)", "email"]))
        return f"{text} {op} {draw(st.sampled_from(PATTERNS))}"
    if choice == 9:
        field = draw(st.sampled_from(["gender", "device_type"]))
        values = {
            "gender": ['"female"', '"male"', '"other"'],
            "device_type": ['"mobile"', '"desktop"'],
        }
        return (
            f"{field} {draw(st.sampled_from(['=', '!=']))} {draw(st.sampled_from(values[field]))}"
        )
    if choice == 10:
        return draw(
            st.sampled_from(["consent_email", "consent_email = true", "consent_email != false"])
        )
    if choice == 11:
        value = draw(
            st.sampled_from(
                [*TIMESTAMP_VALUES, "country", "birth_date", "gender", "consent_email", "email"]
            )
            | aggregate("number")
        )
        return f"{value} is {draw(st.sampled_from(['missing', 'present']))}"
    if choice == 12:
        low, high = sorted(
            draw(st.lists(st.sampled_from([0, 1, 2, 50, 100]), min_size=2, max_size=2))
        )
        negated = draw(st.sampled_from(["between", "not between"]))
        return f"{draw(number())} {negated} {low} and {high}"
    if choice == 13:
        direction = draw(st.sampled_from(["top", "bottom"]))
        percent = draw(st.sampled_from(["10", "25", "50", "100", "33.3"]))
        key = draw(st.sampled_from(["total_spent", "purchases", "last_order", "spend_365d"]))
        return f"{direction} {percent}% by {key}"
    if choice == 14:
        age = draw(st.sampled_from(["18y", "30y", "6mo"]))
        return f"birth_date {draw(st.sampled_from(ORDERED))} {age}"
    if choice == 15:
        # Aggregates over the customers with rows of a stream (read from its aggregate alone
        # when its events are of existing customers), or over others.
        op, func = draw(st.sampled_from(ORDERED)), draw(st.sampled_from(["avg", "min", "max"]))
        value = draw(st.sampled_from(["total_spent", "purchases", "spend_365d"]))
        where = draw(st.sampled_from(POPULATION_FILTERS))
        return f"{value} {op} {func}({value} where {where})"
    return draw(st.sampled_from(["true", "false"]))


# Values of the fields the value traits and distinct counts read, equal but for case or a
# trailing space among them.
TRAIT_FIELDS = {
    "orders": {
        "category": ['"shoes"', '"Shoes"', '"shoes "', '"home"'],
        "amount": ["10.00", "10.10", "99.99", "0"],
    },
    "email": {"campaign": ['"spring"', '"Spring"', '"spring-2"'], "type": ['"open"', '"send"']},
    "web": {"category": ['"shoes"', '"home"']},
}
SPLIT_SALTS = ['"spring24"', '"a"', '""', '"ü:1"']
SHARES = ["0%", "10%", "33.3%", "50%", "99.99%", "100%"]


@st.composite
def behaviour_atom(draw: st.DrawFn) -> str:
    """Value traits, distinct counts, active days and splits (docs/semantics.md)."""
    stream = draw(st.sampled_from(list(TRAIT_FIELDS)))
    field = draw(st.sampled_from(list(TRAIT_FIELDS[stream])))
    where = f" where {draw(event_filter(stream))}" if draw(st.booleans()) else ""
    choice = draw(st.integers(0, 5))
    if choice == 5:
        return draw(sequence_atom())
    if choice == 0:
        trait = draw(st.sampled_from(["first", "last", "most_frequent"]))
        value = f"{trait}({stream}.{field}{where})"
        if draw(st.integers(0, 3)) == 0:
            return f"{value} is {draw(st.sampled_from(['missing', 'present']))}"
        ops = OPS if field == "amount" else ["=", "!="]
        compared = draw(st.sampled_from(TRAIT_FIELDS[stream][field]))
        return f"{value} {draw(st.sampled_from(ops))} {compared}"
    if choice == 1:
        trait = draw(st.sampled_from(["first", "last"]))
        op, duration = draw(st.sampled_from(ORDERED)), draw(st.sampled_from(DURATIONS))
        return f"{trait}({stream}.{TIME_FIELD[stream]}{where}) {op} {duration}"
    if choice == 2:
        counted = f"count(distinct {stream}.{field}{where})"
        if draw(st.booleans()):
            counted = f"active_days({stream}{where})"
        other = draw(st.sampled_from(["0", "1", "2", "3", f"count({stream})"]))
        return f"{counted} {draw(st.sampled_from(OPS))} {other}"
    salt = draw(st.sampled_from(SPLIT_SALTS))
    if choice == 3:
        low, high = sorted(
            draw(st.lists(st.sampled_from(SHARES), min_size=2, max_size=2)),
            key=lambda s: Decimal(s[:-1]),
        )
        return f"split({salt}) {draw(st.sampled_from(['between', 'not between']))} {low} and {high}"
    share = draw(st.sampled_from(SHARES))
    if draw(st.booleans()):
        return f"{share} {draw(st.sampled_from(ORDERED))} split({salt})"
    return f"split({salt}) {draw(st.sampled_from(ORDERED))} {share}"


# The lengths of rolling periods, and the calendar units, of regular activity.
REGULAR_LENGTHS = ["24h", "1d", "7d", "2w", "1mo"]
REGULAR_UNITS = ["days", "weeks", "months"]
# A count's threshold: `>= k` with k at least 1, `> k` with k at least 0.
REGULAR_THRESHOLDS = [">= 1", ">= 2", "> 0", "> 1"]


@st.composite
def regular_atom(draw: st.DrawFn) -> str:
    """Regular activity (docs/semantics.md): a count of events, distinct values or active
    days reaching a number in m of the last n calendar or rolling periods."""
    stream = draw(st.sampled_from(list(TRAIT_FIELDS)))
    field = draw(st.sampled_from(list(TRAIT_FIELDS[stream])))
    where = f" where {draw(event_filter(stream))}" if draw(st.booleans()) else ""
    counted = draw(
        st.sampled_from(
            [
                f"count({stream}{where})",
                f"count({stream}.{field}{where})",
                f"count(distinct {stream}.{field}{where})",
                f"active_days({stream}{where})",
            ]
        )
    )
    periods = draw(st.integers(1, 4))
    times = draw(st.integers(1, periods))
    if draw(st.booleans()):
        unit = draw(st.sampled_from(REGULAR_UNITS))
        written = f"last {periods} {unit}"
    else:
        written = f"last {periods} periods of {draw(st.sampled_from(REGULAR_LENGTHS))}"
    return f"{counted} {draw(st.sampled_from(REGULAR_THRESHOLDS))} in {times} of {written}"


# Windows whose ends fall on the instants of `_instants` and `sequence_instants` (24h and 7d
# between as_of - 24h / - 7d and as_of, 23h between as_of - 24h and as_of - 1h, a calendar month).
SEQUENCE_WINDOWS = ["1h", "23h", "24h", "6d", "7d", "2w", "1mo"]


@st.composite
def sequence_atom(draw: st.DrawFn, anchored: bool = False) -> str:
    """`A then [no] B within d [without C]` or the open-ended `A then no B since`
    (docs/semantics.md, "Sequences"): the same stream or another on each side, with and without
    filters; `anchored`: filters may read the customer's values too, which a sequence refuses
    (E281)."""
    streams = list(STREAM_FILTERS)
    first, then = draw(st.sampled_from(streams)), draw(st.sampled_from(streams))
    text = f"{first} where {draw(event_filter(first, anchored=anchored))} then "
    negated = draw(st.booleans())
    text += "no " if negated else ""
    text += then + (
        f" where {draw(event_filter(then, anchored=anchored))}" if draw(st.booleans()) else ""
    )
    if negated and draw(st.integers(0, 2)) == 0:
        return f"{text} since"
    text += f" within {draw(st.sampled_from(SEQUENCE_WINDOWS))}"
    if draw(st.integers(0, 2)) == 0:
        between = draw(st.sampled_from(streams))
        text += f" without {between}"
        if draw(st.booleans()):
            text += f" where ({draw(event_filter(between, anchored=anchored))})"
    return text


def sequence_instants(as_of: dt.datetime) -> list[dt.datetime]:
    """Instants one and two windows before the as-of instant, and a microsecond either side:
    first events whose window ends at the as-of instant, followers exactly at its end."""
    micro = dt.timedelta(microseconds=1)
    found: set[dt.datetime] = set()
    for text in SEQUENCE_WINDOWS:
        amount, unit = int(text.rstrip("hdwmo")), text.lstrip("0123456789")
        window = ir.DurationConst(amount, cast(Any, unit))
        once = ir.shift(as_of, -1, window)
        for moment in (once, ir.shift(once, -1, window)):
            found |= {moment - micro, moment, moment + micro}
    return sorted(found)


def conditions() -> st.SearchStrategy[str]:
    """Conditions combined with and / or / not and parentheses."""
    return combined(atom())


def combined(atoms: st.SearchStrategy[str], max_leaves: int = 4) -> st.SearchStrategy[str]:
    """Atoms combined with and / or / not and parentheses."""
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
                lambda t: f"({t[0]}) {t[1]} ({t[2]})"
            ),
            inner.map(lambda text: f"not ({text})"),
        ),
        max_leaves=max_leaves,
    )


# -- the linter's decided fragment (docs/lint.md) --------------------------------------------------

# One filter per stream at most, so that aggregates of one stream count the same events.
FRAGMENT_FILTERS = {
    "orders": ["", 'category = "shoes"', "created_at < 30d"],
    "email": ["", 'type = "open"', "ts < 24h"],
    "web": ["", 'type = "add_to_cart"', "ts < 7d"],
}
# The schema's metrics are other spellings of some of those aggregates.
FRAGMENT_METRICS = {
    ("orders", ""): {"count": "purchases", "min": "first_order", "max": "last_order"},
    ("email", 'type = "open"'): {"max": "last_open"},
    ("web", 'type = "add_to_cart"'): {"max": "last_cart_add"},
}
# Atoms on one attribute each; a function of it (`lower`, `length`) never next to other values.
ATTRIBUTE_FAMILIES = [
    [
        "country is missing",
        "country is present",
        'country = "DE"',
        'country != "PL"',
        'country in ["DE", "PL"]',
        'country not in ["DE"]',
    ],
    [
        "country is missing",
        "country is present",
        'lower(country) = "de"',
        'not lower(country) = "de"',
    ],
    ["country is missing", "country is present", "length(country) = 2", "length(country) != 2"],
    [
        'gender = "female"',
        'gender != "male"',
        'gender in ["female", "other"]',
        "gender is missing",
        'not gender = "other"',
    ],
]
# Every value the family atoms tell apart, a fresh one, and missing.
ATTRIBUTE_VALUES: dict[str, list[Any]] = {
    "country": [None, "DE", "PL", "NLD"],
    "gender": [None, "female", "male", "other"],
}
FRAGMENT_COUNTS = range(3)  # the constants counts are compared with


@dataclass(frozen=True)
class PresencePlan:
    """The streams (each with its one filter) and the attribute family of one fragment file."""

    filters: dict[str, str]
    family: list[str]

    def spellings(self, stream: str, funcs: Sequence[str], field: str) -> list[str]:
        where = self.filters[stream]
        names = FRAGMENT_METRICS.get((stream, where), {}) if field == TIME_FIELD[stream] else {}
        suffix = f" where {where}" if where else ""
        argument = stream if field == "" else f"{stream}.{field}"
        return [names.get(func, f"{func}({argument}{suffix})") for func in funcs]

    def time_aggregates(self) -> list[str]:
        return [
            text
            for stream in self.filters
            for text in self.spellings(stream, ["min", "max"], TIME_FIELD[stream])
        ]

    def atoms(self) -> st.SearchStrategy[str]:
        """Counts against small constants, presence of min / max / avg / sum, the family."""
        options = [st.sampled_from(self.family)]
        for stream in self.filters:
            (count,) = self.spellings(stream, ["count"], "")
            options.append(
                st.builds(
                    lambda op, k, count=count: f"{count} {op} {k}",
                    st.sampled_from(OPS),
                    st.sampled_from(FRAGMENT_COUNTS),
                )
            )
            present = self.spellings(stream, ["min", "max"], TIME_FIELD[stream])
            if stream == "orders":
                present += self.spellings(stream, ["avg", "min", "max", "sum"], "amount")
            options.append(
                st.builds(
                    lambda value, state: f"{value} is {state}",
                    st.sampled_from(present),
                    st.sampled_from(["missing", "present"]),
                )
            )
        return st.one_of(options)


@st.composite
def presence_plans(draw: st.DrawFn) -> PresencePlan:
    streams = draw(st.lists(st.sampled_from(list(FRAGMENT_FILTERS)), min_size=1, max_size=2))
    filters = {stream: draw(st.sampled_from(FRAGMENT_FILTERS[stream])) for stream in streams}
    return PresencePlan(filters, draw(st.sampled_from(ATTRIBUTE_FAMILIES)))


@st.composite
def presence_files(draw: st.DrawFn) -> str:
    """A segment and a two-arm partition over one plan. The segment sometimes adds a
    comparison of two of the plan's times (a missing-value trap outside the fragment)."""
    plan = draw(presence_plans())
    body = draw(combined(plan.atoms()))
    if draw(st.booleans()):
        left, right = draw(
            st.lists(st.sampled_from(plan.time_aggregates()), min_size=2, max_size=2)
        )
        trap = f"{left} {draw(st.sampled_from(ORDERED))} {right}"
        body = f"({body}) {draw(st.sampled_from(['and', 'or']))} {trap}"
    first, second = draw(combined(plan.atoms(), 3)), draw(combined(plan.atoms(), 3))
    return (
        f"segment s = {body}\n"
        f'partition p =\n    "a" when {first}\n    "b" when {second}\n    otherwise "c"\n'
    )


@st.composite
def segment_files(draw: st.DrawFn) -> str:
    """Two segments (the second may use the first) and a partition, over `conditions()`."""
    first, second, third, fourth = (draw(conditions()) for _ in range(4))
    use = draw(st.sampled_from(["", " and a", " or a", " and not a"]))
    return (
        f"segment a = {first}\nsegment b = ({second}){use}\n"
        f'partition p =\n    "x" when {third}\n    "y" when {fourth}\n    otherwise "z"\n'
    )


# -- datasets ------------------------------------------------------------------------------------


def _instants(as_of: dt.datetime) -> list[dt.datetime]:
    """Times on and around every window the conditions use, and after the as-of instant."""
    month_before = as_of.replace(
        month=as_of.month - 1 if as_of.month > 1 else 12,
        year=as_of.year if as_of.month > 1 else as_of.year - 1,
        day=28,
    )
    return [
        as_of,
        as_of + dt.timedelta(microseconds=1),
        as_of + dt.timedelta(days=2),
        as_of - dt.timedelta(hours=1),
        as_of - dt.timedelta(hours=24),
        as_of - dt.timedelta(days=7),
        as_of - dt.timedelta(days=30),
        as_of - dt.timedelta(days=30, microseconds=-1),
        # Sub-second ages next to the 1h, 24h and 7d bounds (SQLite's strftime rounds .9995
        # up to the next second; MariaDB's division kept 4 decimals).
        as_of - dt.timedelta(hours=24, microseconds=-1),
        as_of - dt.timedelta(hours=1, microseconds=1),
        as_of - dt.timedelta(days=7, microseconds=-500),
        dt.datetime(2026, 1, 30, 23, 59, 59, 999_999),
        as_of - dt.timedelta(days=90),
        month_before,
        as_of.replace(year=as_of.year - 1),
        dt.datetime(2026, 1, 31),
        dt.datetime(2025, 12, 31, 12),
        dt.datetime(2024, 2, 29, 8, 30, 0, 250000),
    ]


def bound_instants(node: ir.Node, as_of: dt.datetime) -> list[dt.datetime]:
    """Every instant a condition's windows and dates put a bound at (relative to `as_of`:
    `last_order < 30d`, `now - 1mo`, `now - t < 7d`, `2026-01-31`), each also 1 µs before and
    after."""
    bounds: set[dt.datetime] = set()
    for current in ir.walk(node):  # also through the metrics, segments and partitions named
        match current:
            case ir.AgeCompare(duration=duration):
                bounds.add(ir.shift(as_of, -1, duration))
            case ir.DurationConst() as duration:  # `now - t < 7d`: t at as_of - 7d
                bounds.add(ir.shift(as_of, -1, duration))
            case ir.Shift(base=ir.Now(), sign=sign, duration=duration):
                bounds.add(ir.shift(as_of, sign, duration))
            case ir.Now():
                bounds.add(as_of)
            case ir.Const(value=dt.datetime() as moment):
                bounds.add(moment)
            case ir.Const(value=dt.date() as day):
                bounds.add(dt.datetime(day.year, day.month, day.day))
            case ir.InPeriod(period=period, zone=zone, customer_zone=own):
                # On each customer's clocks: the bounds in every zone a customer may have.
                for clocks in [zone] if own is None else [zone, *CUSTOMER_ZONES]:
                    first, after = period.days(calendar.local_date(as_of, clocks))
                    for start, end in calendar.instants(first, after, clocks):
                        bounds |= {b for b in (start, end) if b is not None}
    micro = dt.timedelta(microseconds=1)
    return sorted({b + d for b in bounds for d in (-micro, dt.timedelta(0), micro)})


# Events this long after the customer's sign-up, the anchored windows' bounds.
AFTER_SIGNUP = [
    dt.timedelta(0),
    dt.timedelta(days=7),
    dt.timedelta(days=30, microseconds=-1),
    dt.timedelta(days=30),
    dt.timedelta(days=31),  # a month after a sign-up on the last of a 31-day month
]

# Sign-up times a microsecond either side of 24 hours and 7 days after a birth date.
SIGNUPS = [
    dt.datetime(2025, 10, 1, 23, 59, 59, 999_999),
    dt.datetime(2025, 10, 2),
    dt.datetime(2025, 10, 2, 0, 0, 0, 1),
    dt.datetime(2025, 10, 7, 23, 59, 59, 999_500),
    dt.datetime(2025, 10, 8, 0, 0, 0, 1),
]


Pick = Callable[[Sequence[Any]], Any]

# Countries equal but for case, trailing spaces or accents: a history's ties are decided by
# the values' order, which must be the same on every engine.
COUNTRIES = [None, "DE", "de", "DE ", "PL", "US", "AT", "", "Ö", "ö", "él"]


def _shop(
    pick: Pick,
    between: Callable[[int, int], int],
    as_of: dt.datetime,
    size: int,
    around: Sequence[dt.datetime] = (),
    history: bool = False,
) -> Dataset:
    """A shop of `size` customers; every value chosen by `pick` (one of) and `between`.
    `around`: more instants to put events and timestamps at (see `bound_instants`). With
    `history`, the rows of the customers' history table too (tests/support/history_fixture.py):
    periods that overlap, start at one instant, end at or a microsecond either side of the
    as-of instant, or have no start."""
    times = [None, *_instants(as_of), *around]
    signup: dt.datetime | None = None

    def time() -> dt.datetime:
        after = [] if signup is None else [signup + delta for delta in AFTER_SIGNUP]
        return cast(dt.datetime, pick([*times[1:], *after]))

    customers: list[dict[str, Any]] = []
    periods: list[dict[str, Any]] = []
    orders: list[dict[str, Any]] = []
    emails: list[dict[str, Any]] = []
    web: list[dict[str, Any]] = []

    def order(key: int) -> dict[str, Any]:
        # Sometimes at the instant of the customer's previous order: the items of one basket,
        # whose tie the value order decides (docs/semantics.md, "Value traits").
        basket = bool(orders) and orders[-1]["customer_id"] == key and pick([False, True])
        return {
            "order_id": len(orders) + 1,
            "customer_id": key,
            "created_at": orders[-1]["created_at"] if basket else time(),
            # Refunds are negative: a sum of them ranks below the customers without orders.
            "amount": pick(
                [
                    None,
                    Decimal("0.00"),
                    Decimal("10.00"),
                    Decimal("10.10"),
                    Decimal("10.20"),
                    Decimal("0.10"),
                    Decimal("0.20"),
                    Decimal("99.99"),
                    Decimal("100.00"),
                    Decimal("250.50"),
                    Decimal("-10.00"),
                    Decimal("-250.50"),
                ]
            ),
            "category": pick([None, "shoes", "Shoes", "shoes ", "home"]),
        }

    for key in range(1, size + 1):
        signup = pick([*times, *SIGNUPS])
        customers.append(
            {
                "customer_id": key,
                "email": pick([None, f"c{key}@example.com", f"C{key}@Example.COM"]),
                "country": pick(COUNTRIES),
                "signup_at": signup,
                "birth_date": pick(
                    [
                        None,
                        dt.date(2008, 3, 31),
                        dt.date(1996, 3, 31),
                        dt.date(1996, 4, 1),
                        dt.date(2025, 10, 1),
                        # Next to the days, weeks and months of the as-of instants.
                        dt.date(2026, 3, 31),
                        dt.date(2026, 3, 30),
                        dt.date(2026, 3, 1),
                        dt.date(2026, 1, 30),
                        dt.date(2025, 12, 31),
                        # Anniversaries 7 and 8 days after the as-of days, across the year
                        # end, and a leap day (on 28 February in 2026).
                        dt.date(1990, 4, 7),
                        dt.date(1990, 4, 8),
                        dt.date(1990, 2, 7),
                        dt.date(1990, 2, 8),
                        dt.date(1990, 1, 4),
                        dt.date(1990, 1, 5),
                        dt.date(1990, 12, 29),
                        dt.date(2000, 2, 29),
                        dt.date(1999, 2, 28),
                        dt.date(1999, 3, 1),
                    ]
                ),
                "gender": pick([None, "female", "male", "other"]),
                "device_type": pick([None, "mobile", "desktop", "tablet"]),
                "consent_email": pick([None, True, False]),
                # The customer's own zone (tests/support/zones_fixture.py), read only by the
                # schemas of `with_customer_zones`: missing, or one of the generators' zones.
                "time_zone": pick([None, *CUSTOMER_ZONES]),
            }
        )
        for _ in range(between(0, 3) if history else 0):
            bounds = [as_of - dt.timedelta(microseconds=1), *times]
            periods.append(
                {
                    "customer_id": key,
                    "valid_from": pick(bounds),
                    "valid_to": pick(bounds),
                    "country": pick(COUNTRIES),
                    "consent_email": pick([None, True, False]),
                }
            )
        for _ in range(between(0, 4)):
            orders.append(order(key))
        for _ in range(between(0, 4)):
            emails.append(
                {
                    "customer_id": key,
                    "type": pick(["send", "open", "click", "unsubscribe"]),
                    "ts": time(),
                    "campaign": pick([None, "spring", "spring-2", "Spring"]),
                }
            )
        for _ in range(between(0, 3)):
            web.append(
                {
                    "customer_id": key,
                    "type": pick(["view", "add_to_cart", "checkout"]),
                    "ts": time(),
                    "category": pick([None, "shoes", "home"]),
                }
            )
    # Orders of a customer the customer table does not hold (an account deleted since): they
    # are nobody's, and no ranking counts them.
    for _ in range(between(0, 2)):
        orders.append(order(size + 1))
    events = {"orders": orders, "email_events": emails, "web_events": web}
    return Dataset(customers, events, periods if history else None)


def _candidate_events(stream: str, as_of: dt.datetime) -> list[dict[str, Any]]:
    """Rows of every kind a fragment filter tells apart, at instants up to `as_of`."""
    kinds = {
        "orders": [
            {"order_id": 0, "amount": Decimal("10.00"), "category": c}
            for c in ("shoes", "home", None)
        ],
        "email": [{"type": k, "campaign": None} for k in ("open", "click", "send")],
        "web": [{"type": k, "category": None} for k in ("add_to_cart", "view")],
    }[stream]
    times = [t for t in _instants(as_of) if t <= as_of]
    return [{"customer_id": 0, TIME_FIELD[stream]: when} | kind for when in times for kind in kinds]


def presence_dataset(cond: ir.Node, schema: Schema, as_of: dt.datetime) -> Dataset | None:
    """Every customer the decided fragment tells apart (docs/lint.md): per stream 0 to 3
    events passing its filter (with and without `amount`), times every attribute value of
    ATTRIBUTE_VALUES. None when `cond` is not over such a plan (a stream under two filters,
    another attribute, a population aggregate)."""
    filters: dict[str, set[ir.Cond | None]] = {}
    amounts: set[str] = set()
    attributes: set[str] = set()
    for node in ir.walk(cond):
        match node:
            case ir.Agg(stream=stream, where=where, argument=argument):
                filters.setdefault(stream, set()).add(where)
                if argument is not None and argument.name != TIME_FIELD[stream]:
                    amounts.add(stream)
            case ir.Attr(name=name):
                attributes.add(name)
            case ir.PopulationAgg():
                return None
    if any(len(f) > 1 for f in filters.values()) or not attributes <= ATTRIBUTE_VALUES.keys():
        return None
    passes = Evaluator(schema, Dataset([], {}), as_of)
    histories: dict[str, list[list[dict[str, Any]]]] = {}
    for stream, (where,) in filters.items():
        row = next(
            r
            for r in _candidate_events(stream, as_of)
            if where is None or passes.holds(where, {}, r)
        )
        variants = [row] + ([row | {"amount": None}] if stream in amounts else [])
        histories[stream] = [[]] + [[v] * n for v in variants for n in range(1, 4)]
    names = sorted(attributes)
    customers: list[dict[str, Any]] = []
    events: dict[str, list[dict[str, Any]]] = {schema.events[s].table: [] for s in schema.events}
    shapes = itertools.product(
        *(ATTRIBUTE_VALUES[n] for n in names), *(histories[s] for s in filters)
    )
    for key, shape in enumerate(shapes, start=1):
        values = dict(zip(names, shape, strict=False))
        customers.append(
            {column: values.get(column) for column in _CUSTOMER_COLUMNS} | {"customer_id": key}
        )
        for stream, history in zip(filters, shape[len(names) :], strict=True):
            events[schema.events[stream].table].extend(r | {"customer_id": key} for r in history)
    return Dataset(customers, events)


_CUSTOMER_COLUMNS = (
    "email",
    "country",
    "signup_at",
    "birth_date",
    "gender",
    "device_type",
    "consent_email",
)


@st.composite
def datasets(
    draw: st.DrawFn,
    as_of: dt.datetime,
    around: Sequence[dt.datetime] = (),
    history: bool = False,
) -> Dataset:
    """A small shop that shrinks to a minimal one; `around` and `history` as in `_shop`."""

    def pick(values: Sequence[Any]) -> Any:
        return draw(st.sampled_from(values))

    def between(low: int, high: int) -> int:
        return draw(st.integers(low, high))

    return _shop(pick, between, as_of, between(0, 8), around, history)


@st.composite
def varied_datasets(draw: st.DrawFn, as_of: dt.datetime) -> Dataset:
    """A shop of 6 to 16 customers chosen by a seeded generator: varied where `datasets`
    favours repeated simple values (a ranking over customers with equal values, or
    windows nobody's events fall in, hide a wrong plan). Does not shrink; the seed is shown."""
    chooser = random.Random(draw(st.integers(0, 2**32), label="dataset seed"))
    return _shop(chooser.choice, chooser.randint, as_of, chooser.randint(6, 16))


def every_stream_of_existing(schema: Schema) -> Schema:
    """The schema with every event stream promising to be of existing customers."""
    streams = schema.events.items()
    events = {name: dataclasses.replace(stream, of_existing=True) for name, stream in streams}
    return dataclasses.replace(schema, events=events)


def of_existing_customers(data: Dataset, schema: Schema) -> Dataset:
    """The dataset without the events that break the promise of a stream's `of_existing`
    (docs/schema.md): an event whose key is no customer's, or earlier than its customer's
    `since`."""
    since = {
        row[schema.key]: None if schema.since is None else row[schema.since]
        for row in data.customers
    }

    def kept(row: Mapping[str, Any], stream: EventStream) -> bool:
        key, time = row[stream.key], row[stream.time]
        if key not in since:
            return False
        start = since[key]
        if start is None:
            return True
        start = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
        return time is not None and time >= start

    streams = {stream.table: stream for stream in schema.events.values()}
    events = {
        table: [row for row in rows if kept(row, streams[table])]
        for table, rows in data.events.items()
    }
    return dataclasses.replace(data, events=events)


# -- programs for the planner's oracle -----------------------------------------------------------
# Weighted toward what segdsl/sql/planner.py rewrites: a bound on a `max` next to other uses of the
# same `max` (per customer, in rankings, in population aggregates, through segment references
# and partitions, negated), "no event since", at-least-k-in-a-window, and candidates.


# A `max` and, for a metric, its inline spelling (the same aggregate to the planner).
LATEST_TIMES = [
    ("last_order", "max(orders.created_at)"),
    ("last_open", 'max(email.ts where type = "open")'),
    ("last_click", 'max(email.ts where type = "click")'),
    ("last_cart_add", 'max(web.ts where type = "add_to_cart")'),
    (None, "max(orders.created_at where created_at < 90d)"),
    (None, 'max(email.ts where type in ["open", "click"])'),
]
LARGEST_AMOUNTS = ["max(orders.amount)", 'max(orders.amount where category = "shoes")']
AMOUNTS = ["0", "10", "50", "99.99", "100", "140", "250.50"]
SMALL_COUNTS = ["0", "1", "2", "3", "5"]


@st.composite
def bounded_max(draw: st.DrawFn) -> tuple[st.SearchStrategy[str], bool]:
    """A `max` (as a strategy drawing one of its spellings) and whether it is a time."""
    if draw(st.integers(0, 3)) == 0:
        return st.just(draw(st.sampled_from(LARGEST_AMOUNTS))), False
    name, inline = draw(st.sampled_from(LATEST_TIMES))
    return st.sampled_from([inline] if name is None else [name, inline]), True


@st.composite
def max_bound(draw: st.DrawFn, spelling: st.SearchStrategy[str], is_time: bool) -> str:
    """A lower bound on the max (the rewrite's trigger), in every way it can be written."""
    m = draw(spelling)
    if not is_time:
        low, high = sorted(
            draw(st.lists(st.sampled_from(AMOUNTS), min_size=2, max_size=2)), key=Decimal
        )
        return draw(
            st.sampled_from(
                [
                    f"{m} {draw(st.sampled_from(['>', '>=']))} {low}",
                    f"{low} {draw(st.sampled_from(['<', '<=']))} {m}",
                    f"{m} between {low} and {high}",
                ]
            )
        )
    literal = draw(st.sampled_from(TIME_LITERALS))
    first, second = sorted(draw(st.lists(st.sampled_from(TIME_LITERALS), min_size=2, max_size=2)))
    return draw(
        st.sampled_from(
            [
                f"{m} {draw(st.sampled_from(['<', '<=']))} {draw(st.sampled_from(DURATIONS))}",
                f"{m} {draw(st.sampled_from(['>', '>=']))} {literal}",
                f"{literal} {draw(st.sampled_from(['<', '<=']))} {m}",
                f"{m} between {first} and {second}",
                f"{m} between {draw(st.sampled_from(['1d', '24h']))} and "
                f"{draw(st.sampled_from(['7d', '30d', '1mo']))}",
            ]
        )
    )


@st.composite
def max_expression(draw: st.DrawFn, spelling: st.SearchStrategy[str], is_time: bool) -> str:
    """The max itself or an expression of it (a ranking key, a population aggregate's value)."""
    m = draw(spelling)
    if is_time:
        return draw(st.sampled_from([m, f"({m} - first_order)", f"(now - {m})"]))
    return draw(st.sampled_from([m, f"-{m}", f"({m} * 2)", f"(total_spent - {m})"]))


@st.composite
def max_use(
    draw: st.DrawFn, spelling: st.SearchStrategy[str], is_time: bool, per_customer: bool = False
) -> str:
    """Another use of the same max: per customer, in a ranking or in a population aggregate
    (not when `per_customer`: inside a population aggregate)."""
    m = draw(spelling)
    # Rankings (0) and population counts (1) twice as often as the rest.
    choice = draw(st.sampled_from([3, 4, 5] if per_customer else [0, 0, 1, 1, 2, 3, 4, 5]))
    if choice == 0:
        direction = draw(st.sampled_from(["top", "bottom"]))
        percent = draw(st.sampled_from(["25", "50", "80", "100"]))
        return f"{direction} {percent}% by {draw(max_expression(spelling, is_time))}"
    if choice == 1:
        inner = draw(max_use(spelling, is_time, per_customer=True))
        op, k = draw(st.sampled_from(OPS)), draw(st.sampled_from(SMALL_COUNTS))
        return f"count(customers where {inner}) {op} {k}"
    if choice == 2:
        func = draw(st.sampled_from(["min", "max"] if is_time else ["min", "max", "avg", "sum"]))
        where = f" where {draw(max_bound(spelling, is_time))}" if draw(st.booleans()) else ""
        op = draw(st.sampled_from(ORDERED))
        return f"{m} {op} {func}({draw(spelling)}{where})"
    if choice == 3:
        return draw(max_bound(spelling, is_time))  # a second bound, or the same one respelled
    if choice == 4:
        return f"{m} is {draw(st.sampled_from(['missing', 'present']))}"
    if is_time:
        return draw(
            st.sampled_from(
                [
                    f"{m} > {draw(st.sampled_from(DURATIONS))}",
                    f"{m} - first_order {draw(st.sampled_from(ORDERED))} 30d",
                    f"{m} {draw(st.sampled_from(OPS))} {draw(timestamp())}",
                ]
            )
        )
    return f"{m} {draw(st.sampled_from(OPS))} {draw(number())}"


# Windows of one stream's time that overlap (each contains or is contained in another, or is a
# calendar period near today), for conjunctions that one grouped pass answers.
STREAM_WINDOWS = [
    "< 24h",
    "<= 7d",
    "< 7d",
    "< 30d",
    "<= 90d",
    "< 1mo",
    # Long windows: with a condition on the whole stream, one pass over all of it.
    "< 180d",
    "<= 1y",
    "in this month",
    "in last 7 days",
    "in this week",
    "> 2026-01-31",
]
# The calendar periods a latest event is tested in: holding today, or ended before it.
LATEST_PERIODS = [
    "today",
    "this week",
    "this month",
    "month to date",
    "last 7 days",
    "yesterday",
    "last week",
    "last month",
    "last 3 months",
    "last 2 quarters",
]
STREAM_LATEST = {
    "orders": ["last_order", "max(orders.created_at)"],
    "email": ["last_open", 'max(email.ts where type = "open")', "max(email.ts)"],
    "web": ["last_cart_add", "max(web.ts)"],
}


@st.composite
def stream_window_condition(draw: st.DrawFn, stream: str, windowless: bool = False) -> str:
    """A condition on one stream's events in one of a few recent windows: a count, a sum or
    another aggregate, presence of the latest event in a window or a calendar period (implied by
    the others, or not), a distinct count or active days; a count or sum of all its events
    (read with long windows in one pass); a count of events passing a filter without a window;
    or two counts compared (`declining`). `windowless`: only the counts without a window."""
    time = TIME_FIELD[stream]
    where = f"{time} {draw(st.sampled_from(STREAM_WINDOWS))}"
    if draw(st.integers(0, 2)) == 0:
        where += f" and {draw(event_filter(stream, anchored=False))}"
    choice = draw(st.sampled_from([6, 8]) if windowless else st.integers(0, 8))
    if choice == 8:
        # A filter without a time window: tests of the whole stream (one grouped pass where
        # presence is no hash semi-join).
        op, k = draw(st.sampled_from(OPS)), draw(st.integers(0, 2))
        return f"count({stream} where {draw(event_filter(stream, anchored=False))}) {op} {k}"
    if choice == 7:
        near, far = draw(st.sampled_from([("24h", "7d"), ("7d", "30d"), ("90d", "180d")]))
        band = f"{time} >= {near} and {time} < {far}"
        other = draw(st.sampled_from([band, f"{time} {draw(st.sampled_from(STREAM_WINDOWS))}"]))
        counts = [f"count({stream} where {where})", f"active_days({stream} where {other})"]
        counts.append(f"count({stream} where {other})")
        left, right = draw(st.permutations(counts))[:2]
        return f"{left} {draw(st.sampled_from(OPS))} {right}"
    if choice == 0:
        op, k = draw(st.sampled_from(OPS)), draw(st.integers(0, 3))
        return f"count({stream} where {where}) {op} {k}"
    if choice == 6:
        op, k = draw(st.sampled_from(OPS)), draw(st.integers(0, 3))
        if stream == "orders" and draw(st.booleans()):
            return f"sum(orders.amount) {op} {draw(st.sampled_from(AMOUNTS))}"
        return f"count({stream}) {op} {k}"
    if choice == 1 and stream == "orders":
        func = draw(st.sampled_from(["sum", "avg", "min", "max"]))
        op, amount = draw(st.sampled_from(OPS)), draw(st.sampled_from(AMOUNTS))
        return f"{func}(orders.amount where {where}) {op} {amount}"
    if choice == 2:
        latest = draw(st.sampled_from(STREAM_LATEST[stream]))
        return draw(
            st.sampled_from(
                [
                    f"{latest} {draw(st.sampled_from(['<', '<=']))} "
                    f"{draw(st.sampled_from([*FIXED_DURATIONS, '180d', '1y']))}",
                    f"{latest} is present",
                    f"max({stream}.{time} where {where}) is present",
                ]
            )
        )
    if choice == 3:
        latest = draw(st.sampled_from(STREAM_LATEST[stream]))
        return f"{latest} in {draw(st.sampled_from(LATEST_PERIODS))}"
    if choice == 4:
        field = draw(st.sampled_from(list(TRAIT_FIELDS[stream])))
        op, k = draw(st.sampled_from(ORDERED)), draw(st.integers(0, 3))
        return f"count(distinct {stream}.{field} where {where}) {op} {k}"
    op, k = draw(st.sampled_from(ORDERED)), draw(st.integers(0, 3))
    return f"active_days({stream} where {where}) {op} {k}"


@st.composite
def stream_window_conjunction(draw: st.DrawFn) -> str:
    """2 to 4 conditions on one stream's recent windows (or on its rows without a window), some
    negated, sometimes with a condition on the customer: what one grouped pass over the stream
    answers."""
    stream = draw(st.sampled_from(list(STREAM_FILTERS)))
    windowless = draw(st.integers(0, 3)) == 0  # all of the stream's rows, some filtered
    count = draw(st.integers(2, 4))
    parts = [draw(stream_window_condition(stream, windowless)) for _ in range(count)]
    parts = [f"not ({p})" if draw(st.integers(0, 5)) == 0 else f"({p})" for p in parts]
    if draw(st.integers(0, 3)) == 0:
        parts.append(draw(st.sampled_from(['country = "DE"', "consent_email"])))
    return " and ".join(parts)


@st.composite
def conjunction_file(draw: st.DrawFn, conjunctions: st.SearchStrategy[str]) -> str:
    """Two or three segments of `conjunctions`, and one combining the first two."""
    count = draw(st.integers(2, 3))
    lines = [f"segment s{i} = {draw(conjunctions)}" for i in range(count)]
    lines.append(f"segment both = s0 and {draw(st.sampled_from(['s1', 'not s1']))}")
    return "\n".join(lines) + "\n"


def stream_window_file() -> st.SearchStrategy[str]:
    """Segments that are conjunctions on one stream's recent windows, one combining two."""
    return conjunction_file(stream_window_conjunction())


@st.composite
def either_presence(draw: st.DrawFn) -> str:
    """Presence tests or'ed, of one stream or several (`last_order < 12mo or last_open <
    30d`): one semi-join on the keys of all their events."""
    tests = []
    for _ in range(draw(st.integers(2, 3))):
        stream = draw(st.sampled_from(list(STREAM_LATEST)))
        latest = draw(st.sampled_from(STREAM_LATEST[stream]))
        window = draw(st.sampled_from([*FIXED_DURATIONS, "12mo"]))
        tests.append(
            draw(
                st.sampled_from(
                    [
                        f"{latest} {draw(st.sampled_from(['<', '<=']))} {window}",
                        f"{latest} is present",
                        f"count({stream} where {TIME_FIELD[stream]} < {window}) >= 1",
                    ]
                )
            )
        )
    return " or ".join(tests)


@st.composite
def planner_conjunction(draw: st.DrawFn, references: tuple[str, ...] = ()) -> str:
    """A bound on a max and other conjuncts, in any order, some negated: uses of the same max,
    "no event since", windowed counts, regular activity, conditions on the customer
    (candidates), and
    `references` (other segments, `partition = "label"` tests)."""
    spelling, is_time = draw(bounded_max())
    parts = [draw(max_bound(spelling, is_time))]
    others = [
        max_use(spelling, is_time),
        latest_since(),
        windowed_count(),
        regular_atom(),
        atom(),
        either_presence(),
    ]
    if references:
        others.append(st.sampled_from(references))
    uses = [draw(max_use(spelling, is_time))]
    for part in uses + draw(st.lists(st.one_of(others), max_size=2)):
        parts.append(f"not ({part})" if draw(st.integers(0, 4)) == 0 else f"({part})")
    return " and ".join(draw(st.permutations(parts)))


@st.composite
def planner_condition(draw: st.DrawFn, references: tuple[str, ...] = ()) -> str:
    """A planner conjunction, sometimes inside `or` / `not` with another one."""
    if draw(st.integers(0, 3)) == 0:
        first = draw(stream_window_conjunction())
    else:
        first = draw(planner_conjunction(references))
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return f"not ({first})"
    if choice == 1:
        return f"({first}) or ({draw(planner_conjunction(references))})"
    return first


@st.composite
def planner_file(draw: st.DrawFn) -> str:
    """A segment file whose segments and partitions refer to those defined before them."""
    lines: list[str] = []
    references: list[str] = []
    for index in range(draw(st.integers(2, 4))):
        if draw(st.integers(0, 2)) == 0:
            name = f"p{index}"
            spelling, is_time = draw(bounded_max())
            arms = [
                draw(
                    st.one_of(
                        max_use(spelling, is_time),
                        max_bound(spelling, is_time),
                        planner_conjunction(tuple(references)),
                        stream_window_conjunction(),
                    )
                )
                for _ in range(draw(st.integers(1, 3)))
            ]
            body = "\n".join(f'    "{chr(97 + i)}" when {arm}' for i, arm in enumerate(arms))
            lines.append(f'partition {name} =\n{body}\n    otherwise "z"')
            label = draw(st.sampled_from([*["a", "b", "z"][: len(arms)], "z"]))
            references += [f'{name} = "{label}"', f'{name} != "a"', f'{name} in ["a", "z"]']
        else:
            name = f"s{index}"
            lines.append(f"segment {name} = {draw(planner_condition(tuple(references)))}")
            references += [name, f"not {name}"]
    return "\n".join(lines) + "\n"


# Keys a ranking orders by: counts and sums (0 without events), extremes and averages (missing
# without events), of whole streams and filtered ones.
RANKING_KEYS = [
    "purchases",
    "total_spent",
    "last_order",
    "first_order",
    "spend_365d",
    'count(email where type = "open")',
    "max(web.ts)",
    "avg(orders.amount)",
    'sum(orders.amount where category = "shoes")',
]


@st.composite
def ranking_file(draw: st.DrawFn) -> str:
    """Scores of nested fractions of rankings (RFM), and segments over their labels, rankings
    and other conditions: read from one ranking's customers when they are false for the
    others, and the other rankings' tests as membership in them (`Lowering._from_ranking`)."""
    lines: list[str] = []
    references: list[str] = []
    for index in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(RANKING_KEYS))
        direction = draw(st.sampled_from(["top", "top", "bottom"]))
        cuts = sorted(draw(st.sets(st.sampled_from([20, 40, 50, 60, 80, 100]), min_size=1)))
        arms = [
            f'    "{len(cuts) - i}" when {direction} {cut}% by {key}' for i, cut in enumerate(cuts)
        ]
        lines.append(f"partition r{index} =\n" + "\n".join(arms) + '\n    otherwise "0"')
        labels = [str(n) for n in range(len(cuts) + 1)]
        chosen = draw(st.lists(st.sampled_from(labels), min_size=1, max_size=3, unique=True))
        listed = ", ".join(f'"{label}"' for label in chosen)
        references += [f"r{index} in [{listed}]", f'r{index} = "{chosen[0]}"']
        references.append(f'r{index} != "{chosen[0]}"')
    rankings = st.builds(
        "{} {}% by {}".format,
        st.sampled_from(["top", "bottom"]),
        st.sampled_from(["10", "50", "100"]),
        st.sampled_from(RANKING_KEYS),
    )
    parts = st.one_of(st.sampled_from(references), rankings, atom())
    for index in range(draw(st.integers(1, 3))):
        conjuncts = draw(st.lists(parts, min_size=1, max_size=4))
        body = " and ".join(
            f"not ({part})" if draw(st.integers(0, 5)) == 0 else f"({part})" for part in conjuncts
        )
        if draw(st.integers(0, 4)) == 0:
            body = f"({body}) or ({draw(parts)})"
        lines.append(f"segment s{index} = {body}")
    return "\n".join(lines) + "\n"


@st.composite
def narrowed_conjunction(draw: st.DrawFn) -> str:
    """Tests grouped over a stream's rows (value traits, distinct counts, regular activity, at
    least k events) beside a recent window's presence, some negated, sometimes with a condition
    on the customer: the grouped rows are read for the customers with recent events only
    (`Lowering._narrowing`)."""
    stream = draw(st.sampled_from(list(TRAIT_FIELDS)))
    recent = f"{TIME_FIELD[stream]} {draw(st.sampled_from(['<', '<=']))} "
    recent += draw(st.sampled_from(["24h", "7d", "30d"]))
    if draw(st.booleans()):
        recent += f" and {draw(event_filter(stream))}"
    presence = draw(
        st.sampled_from(
            [
                f"count({stream} where {recent}) > 0",
                f"count({stream} where {recent}) >= 1",
                f"max({stream}.{TIME_FIELD[stream]} where {recent}) is present",
                "last_order < 30d",
                "last_open < 7d",
            ]
        )
    )
    grouped = st.one_of(
        behaviour_atom(),
        regular_atom(),
        windowed_count(),
        st.sampled_from(["purchases >= 2", "count(email) >= 3", 'last(orders.category) = "shoes"']),
    )
    parts = [presence, *draw(st.lists(grouped, min_size=1, max_size=2))]
    parts = [f"not ({p})" if draw(st.integers(0, 5)) == 0 else f"({p})" for p in parts]
    if draw(st.integers(0, 3)) == 0:
        parts.append(draw(st.sampled_from(['country = "DE"', "consent_email"])))
    return " and ".join(draw(st.permutations(parts)))


def narrowed_file() -> st.SearchStrategy[str]:
    """Segments of `narrowed_conjunction`s, one combining two."""
    return conjunction_file(narrowed_conjunction())
