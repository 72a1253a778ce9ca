"""A shop of order histories on the edges of regular activity, for its conformance cases
(tests/conformance/members.yaml, `dataset: regular_shop`), as of Sunday 2026-11-01T00:00:00
UTC: the current week (26 October to 1 November) is not one of the `last 4 weeks` (19 to 25
October, 12 to 18, 5 to 11, 28 September to 4 October). Orders exactly at a Monday's midnight
in UTC (in Warsaw, two hours ahead until 25 October, still Monday's small hours), a
microsecond before it, exactly at the as-of instant and exactly 7, 14 and 28 days before it
(the edges of rolling periods of 7d), and after it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from tests.support import shop_fixture

AS_OF = dt.datetime(2026, 11, 1)
D = dt.timedelta(days=1)
MICRO = dt.timedelta(microseconds=1)


def _noon(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 12)


# id: what the customer is for
CUSTOMERS = {
    1: "an order on the Tuesday of each of the last 4 weeks",
    2: "orders in the current week and the 3 weeks before it",
    3: "orders at Monday midnight UTC (this week's and last week's) and a microsecond before",
    4: "orders at the as-of instant and exactly 7, 14 and 28 days before it, and one after it",
    5: "two orders on two days of last week, one the week before",
    6: "no orders",
}

# customer, created_at, category
ORDERS = [
    (1, _noon(10, 20), "books"),
    (1, _noon(10, 13), "books"),
    (1, _noon(10, 6), "books"),
    (1, _noon(9, 29), "books"),
    (2, _noon(10, 27), "books"),
    (2, _noon(10, 20), "books"),
    (2, _noon(10, 13), "books"),
    (2, _noon(10, 6), "books"),
    (3, dt.datetime(2026, 10, 26), "toys"),
    (3, dt.datetime(2026, 10, 19), "shoes"),
    (3, dt.datetime(2026, 10, 19) - MICRO, "home"),
    (4, AS_OF, "books"),
    (4, AS_OF - 7 * D, "books"),
    (4, AS_OF - 14 * D, "books"),
    (4, AS_OF - 28 * D, "books"),
    (4, AS_OF + MICRO, "books"),  # after as-of: does not exist yet
    (5, dt.datetime(2026, 10, 20, 10), "shoes"),
    (5, dt.datetime(2026, 10, 21, 10), "shoes"),
    (5, dt.datetime(2026, 10, 14, 10), "home"),
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
            [
                (number, customer, when, Decimal("10.00"), category)
                for number, (customer, when, category) in enumerate(ORDERS, start=1)
            ],
        )
    return path
