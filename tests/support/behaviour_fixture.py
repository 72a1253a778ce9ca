"""A shop of order histories on the edges of the behaviour conditions, for their conformance
cases (tests/conformance/members.yaml, `dataset: behaviour_shop`): orders at the same instant
(first and last break the tie by value), most frequent values tied on count and on their latest
order, categories differing only in case or a trailing space, orders without a category, web
visits a microsecond either side of midnight in UTC and in Warsaw (UTC+1 then), and of the as-of
instant 2026-11-01T00:00:00; email clicks, opens and unsubscribes placed against the orders on
the edges of sequences (an order exactly at the end of a window, before the click, at its
instant; a window still open at the as-of instant; an unsubscribe at either end)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from tests.support import shop_fixture

AS_OF = dt.datetime(2026, 11, 1)
D = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
MICRO = dt.timedelta(microseconds=1)

# id: what the customer is for
CUSTOMERS = {
    1: "two orders at the same instant, the latest: last takes the greater category",
    2: "two orders at the same instant, the earliest: first takes the lesser; a later order "
    "without a category",
    3: "no orders, no visits",
    4: "two categories twice each: the one ordered most recently is the most frequent",
    5: "two categories twice each, both last ordered at the same instant: the greater wins; "
    "an order after the as-of instant",
    6: "categories differing only in a trailing space; visits either side of midnight in Warsaw",
}

# customer, created_at, amount, category
ORDERS = [
    (1, AS_OF - 10 * D, Decimal("10.00"), "home"),
    (1, AS_OF - 10 * D, Decimal("20.00"), "shoes"),
    (1, AS_OF - 30 * D, Decimal("5.00"), "books"),
    (2, AS_OF - 50 * D, Decimal("7.00"), "Shoes"),
    (2, AS_OF - 50 * D, Decimal("8.00"), "shoes"),
    (2, AS_OF - 5 * D, Decimal("9.00"), None),
    (4, AS_OF - 40 * D, Decimal("10.00"), "home"),
    (4, AS_OF - 30 * D, Decimal("10.00"), "shoes"),
    (4, AS_OF - 25 * D, Decimal("10.00"), "shoes"),
    (4, AS_OF - 20 * D, Decimal("10.00"), "home"),
    (5, AS_OF - 70 * D, Decimal("10.00"), "shoes"),
    (5, AS_OF - 60 * D, Decimal("10.00"), "home"),
    (5, AS_OF - 15 * D, Decimal("10.00"), "home"),
    (5, AS_OF - 15 * D, Decimal("10.00"), "shoes"),
    (5, AS_OF + 1 * D, Decimal("10.00"), "toys"),  # after as-of: does not exist yet
    (6, AS_OF - 3 * D, Decimal("10.00"), "shoes"),
    (6, AS_OF - 2 * D, Decimal("10.00"), "shoes "),
]

# customer, ts (type "view", no category)
VISITS = [
    (1, AS_OF - D - MICRO),  # 30 October, the last microsecond
    (1, AS_OF - D),  # 31 October, midnight
    (1, AS_OF - D + 10 * HOUR),
    (2, AS_OF - MICRO),  # 31 October
    (2, AS_OF),  # 1 November, exactly the as-of instant: counts
    (2, AS_OF + MICRO),  # after as-of: does not exist yet
    (4, AS_OF - 40 * D),
    (6, AS_OF - 25 * HOUR - MICRO),  # 30 October 23:59:59.999999 in Warsaw (UTC+1)
    (6, AS_OF - 25 * HOUR),  # 31 October, midnight in Warsaw
]


# customer, ts, type: the edges of sequences against the orders above
EMAILS = [
    (1, AS_OF - 17 * D, "click"),  # an order exactly 7 days later (-10d)
    (1, AS_OF - 30 * D, "click"),  # an order at the same instant
    (2, AS_OF - 4 * D, "click"),  # the last order is before it
    (3, AS_OF - 2 * HOUR, "click"),  # its 24 hours are still running at the as-of instant
    (4, AS_OF - 32 * D, "click"),  # an order 2 days later, an unsubscribe between
    (4, AS_OF - 31 * D, "unsubscribe"),
    (5, AS_OF - 18 * D, "click"),  # an order 3 days later; an unsubscribe at the click's instant
    (5, AS_OF - 18 * D, "unsubscribe"),
    (6, AS_OF - 4 * D, "click"),  # an order exactly 24 hours later, an unsubscribe at its instant
    (6, AS_OF - 3 * D, "unsubscribe"),
    (6, AS_OF - 24 * HOUR, "open"),  # its 24 hours end exactly at the as-of instant
]


def build(path: Path) -> Path:
    import duckdb

    with duckdb.connect(str(path)) as con:
        shop_fixture.create_tables(con)
        con.executemany(
            "INSERT INTO customers (customer_id, signup_at) VALUES (?, ?)",
            [(key, AS_OF - 400 * D) for key in CUSTOMERS],
        )
        con.executemany(
            "INSERT INTO orders VALUES (?, ?, ?, ?, ?)",
            [(number, *order) for number, order in enumerate(ORDERS, start=1)],
        )
        con.executemany(
            "INSERT INTO web_events VALUES (?, 'view', ?, NULL)", [list(v) for v in VISITS]
        )
        con.executemany(
            "INSERT INTO email_events VALUES (?, ?, ?, NULL)",
            [(key, kind, ts) for key, ts, kind in EMAILS],
        )
    return path
