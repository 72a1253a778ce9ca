"""A shop on the edges of customer-anchored windows and of customers in time, for their
conformance cases (tests/conformance/members.yaml, `dataset: anchored_shop`), as of
2026-11-01T00:00:00: orders exactly 30 days after sign-up and a microsecond either side of it, a
customer without a sign-up (who always exists, and whose anchored windows hold no event), one who
signs up exactly at the as-of instant (who exists), and one who signs up after it (who does not,
though the data holds an order of theirs, the largest)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from tests.support import shop_fixture

AS_OF = dt.datetime(2026, 11, 1)
D = dt.timedelta(days=1)
MICRO = dt.timedelta(microseconds=1)

# id: sign-up, what the customer is for
SIGNUPS: dict[int, dt.datetime | None] = {
    1: AS_OF - 100 * D,  # orders at sign-up + 30d - 1µs, + 30d exactly, + 30d + 1µs
    2: None,  # no sign-up: exists; comparisons with the sign-up are false
    3: AS_OF,  # signs up exactly at the as-of instant: exists, with an order at that instant
    4: AS_OF + 5 * D,  # signs up after the as-of instant: does not exist yet
    5: AS_OF - 200 * D,  # a click, then orders before and after it
    6: AS_OF - 300 * D,
    7: AS_OF - 300 * D,
    8: AS_OF - 300 * D,
    9: AS_OF - 300 * D,
    10: AS_OF - 300 * D,
    11: AS_OF - 300 * D,
}

# customer, created_at, amount
ORDERS = [
    (1, AS_OF - 70 * D - MICRO, Decimal("10.00")),
    (1, AS_OF - 70 * D, Decimal("20.00")),  # exactly sign-up + 30d
    (1, AS_OF - 70 * D + MICRO, Decimal("40.00")),
    (2, AS_OF - 50 * D, Decimal("100.00")),
    (3, AS_OF, Decimal("5.00")),
    (4, AS_OF - D, Decimal("1000.00")),  # before its customer exists: the largest
    (5, AS_OF - 20 * D, Decimal("30.00")),
    (5, AS_OF - 5 * D, Decimal("60.00")),
    (6, AS_OF - 200 * D, Decimal("200.00")),  # the largest total of an existing customer
    (7, AS_OF - 200 * D, Decimal("150.00")),
    (8, AS_OF - 200 * D, Decimal("80.00")),
    (9, AS_OF - 200 * D, Decimal("70.00")),
    (10, AS_OF - 200 * D, Decimal("65.00")),
    (11, AS_OF - 200 * D, Decimal("64.00")),
]

# customer, ts (type "click")
CLICKS = [
    (5, AS_OF - 10 * D),
    (1, AS_OF - 70 * D),  # at the same instant as an order: `created_at > last_click` excludes it
]


def build(path: Path) -> Path:
    import duckdb

    with duckdb.connect(str(path)) as con:
        shop_fixture.create_tables(con)
        con.executemany(
            "INSERT INTO customers (customer_id, signup_at) VALUES (?, ?)",
            list(SIGNUPS.items()),
        )
        con.executemany(
            "INSERT INTO orders VALUES (?, ?, ?, ?, NULL)",
            [(number, *order) for number, order in enumerate(ORDERS, start=1)],
        )
        con.executemany(
            "INSERT INTO email_events VALUES (?, 'click', ?, NULL)", [list(c) for c in CLICKS]
        )
    return path
