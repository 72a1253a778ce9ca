"""Hypothesis strategies: well-typed conditions over the example shop's schema, and small shop
datasets full of the cases that break SQL (missing values, ties, events exactly on window
boundaries and after the as-of instant, strings differing only in case or trailing spaces)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, cast

from hypothesis import strategies as st

from segdsl.reference import Dataset

AS_OFS = [dt.datetime(2026, 3, 31, 12, 0), dt.datetime(2026, 1, 31)]

# -- conditions ----------------------------------------------------------------------------------

DURATIONS = ["1h", "24h", "1d", "7d", "30d", "2w", "90d", "1mo", "2mo", "1y"]
FIXED_DURATIONS = ["1h", "24h", "1d", "7d", "30d", "2w", "90d"]
COUNTRY_VALUES = ['"DE"', '"de"', '"DE "', '"PL"', '"US"', '""']
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
    ],
    "email": [
        'type = "open"',
        'type = "click"',
        'type in ["send", "open"]',
        "ts < 24h",
        "ts <= 30d",
        "campaign is missing",
        'campaign starts with "spring"',
    ],
    "web": [
        'type = "add_to_cart"',
        'type != "view"',
        "ts < 7d",
        'category = "shoes"',
    ],
}
TIME_FIELD = {"orders": "created_at", "email": "ts", "web": "ts"}


@st.composite
def event_filter(draw: st.DrawFn, stream: str) -> str:
    parts = draw(st.lists(st.sampled_from(STREAM_FILTERS[stream]), min_size=1, max_size=2))
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
        return draw(st.sampled_from(["0", "1", "2", "3", "100", "99.99", "100.00", "-1"]))
    if choice == 3:
        return "length(country)"
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
    return f"count({stream} where {window}{extra}) {op} {k}"


@st.composite
def atom(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 18))
    if choice == 16:
        return draw(latest_since())
    if choice == 17:
        return draw(windowed_count())
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
        return (
            f"country {draw(st.sampled_from(['=', '!=']))} {draw(st.sampled_from(COUNTRY_VALUES))}"
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
        op = draw(st.sampled_from(ORDERED))
        return f"total_spent {op} avg(total_spent where purchases > 0)"
    return draw(st.sampled_from(["true", "false"]))


def conditions() -> st.SearchStrategy[str]:
    """Conditions combined with and / or / not and parentheses."""
    return st.recursive(
        atom(),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
                lambda t: f"({t[0]}) {t[1]} ({t[2]})"
            ),
            inner.map(lambda text: f"not ({text})"),
        ),
        max_leaves=4,
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
        as_of - dt.timedelta(days=90),
        month_before,
        as_of.replace(year=as_of.year - 1),
        dt.datetime(2026, 1, 31),
        dt.datetime(2025, 12, 31, 12),
        dt.datetime(2024, 2, 29, 8, 30, 0, 250000),
    ]


Pick = Callable[[Sequence[Any]], Any]


def _shop(pick: Pick, between: Callable[[int, int], int], as_of: dt.datetime, size: int) -> Dataset:
    """A shop of `size` customers; every value chosen by `pick` (one of) and `between`."""
    times = [None, *_instants(as_of)]

    def time() -> dt.datetime:
        return cast(dt.datetime, pick(times[1:]))

    customers: list[dict[str, Any]] = []
    orders: list[dict[str, Any]] = []
    emails: list[dict[str, Any]] = []
    web: list[dict[str, Any]] = []
    for key in range(1, size + 1):
        customers.append(
            {
                "customer_id": key,
                "email": pick([None, f"c{key}@example.com", f"C{key}@Example.COM"]),
                "country": pick([None, "DE", "de", "DE ", "PL", "US", "AT", ""]),
                "signup_at": pick(times),
                "birth_date": pick(
                    [
                        None,
                        dt.date(2008, 3, 31),
                        dt.date(1996, 3, 31),
                        dt.date(1996, 4, 1),
                        dt.date(2025, 10, 1),
                    ]
                ),
                "gender": pick([None, "female", "male", "other"]),
                "device_type": pick([None, "mobile", "desktop", "tablet"]),
                "consent_email": pick([None, True, False]),
            }
        )
        for _ in range(between(0, 4)):
            orders.append(
                {
                    "order_id": len(orders) + 1,
                    "customer_id": key,
                    "created_at": time(),
                    "amount": pick(
                        [
                            None,
                            Decimal("0.00"),
                            Decimal("10.00"),
                            Decimal("99.99"),
                            Decimal("100.00"),
                            Decimal("250.50"),
                        ]
                    ),
                    "category": pick([None, "shoes", "Shoes", "home"]),
                }
            )
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
    return Dataset(customers, {"orders": orders, "email_events": emails, "web_events": web})


@st.composite
def datasets(draw: st.DrawFn, as_of: dt.datetime) -> Dataset:
    """A small shop that shrinks to a minimal one."""

    def pick(values: Sequence[Any]) -> Any:
        return draw(st.sampled_from(values))

    def between(low: int, high: int) -> int:
        return draw(st.integers(low, high))

    return _shop(pick, between, as_of, between(0, 8))


@st.composite
def varied_datasets(draw: st.DrawFn, as_of: dt.datetime) -> Dataset:
    """A shop of 6 to 16 customers chosen by a seeded generator: varied where `datasets`
    favours repeated simple values (a ranking over customers with equal values, or
    windows nobody's events fall in, hide a wrong plan). Does not shrink; the seed is shown."""
    chooser = random.Random(draw(st.integers(0, 2**32), label="dataset seed"))
    return _shop(chooser.choice, chooser.randint, as_of, chooser.randint(6, 16))


# -- programs for the planner's oracle -----------------------------------------------------------
# Weighted toward what segdsl/shapes.py rewrites: a bound on a `max` next to other uses of the
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


@st.composite
def planner_conjunction(draw: st.DrawFn, references: tuple[str, ...] = ()) -> str:
    """A bound on a max and other conjuncts, in any order, some negated: uses of the same max,
    "no event since", windowed counts, conditions on the customer (candidates), and
    `references` (other segments, `partition = "label"` tests)."""
    spelling, is_time = draw(bounded_max())
    parts = [draw(max_bound(spelling, is_time))]
    others = [max_use(spelling, is_time), latest_since(), windowed_count(), atom()]
    if references:
        others.append(st.sampled_from(references))
    uses = [draw(max_use(spelling, is_time))]
    for part in uses + draw(st.lists(st.one_of(others), max_size=2)):
        parts.append(f"not ({part})" if draw(st.integers(0, 4)) == 0 else f"({part})")
    return " and ".join(draw(st.permutations(parts)))


@st.composite
def planner_condition(draw: st.DrawFn, references: tuple[str, ...] = ()) -> str:
    """A planner conjunction, sometimes inside `or` / `not` with another one."""
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
