"""Customers in different time zones, for the conformance cases of per-customer time zones
(tests/conformance/members.yaml, `dataset: zones_shop`, `customer_zones: true`;
docs/semantics.md, "Per-customer time zones"). The shop's customers table gains a `time_zone`
column (TEXT, IANA names, NULL for the project's zone), which `with_customer_zones` adds to a
schema as the attribute `customer_time_zone` names."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

from segdsl.semantics import types as t
from segdsl.semantics.schema import Column, Schema
from tests.support import shop_fixture

ZONE = "time_zone"  # the customers' column and attribute

LA, WARSAW, TOKYO = "America/Los_Angeles", "Europe/Warsaw", "Asia/Tokyo"
EVENING = dt.datetime(2026, 2, 28, 22)  # LA 14:00 on 28 Feb, Warsaw 23:00, Tokyo 07:00 on 1 Mar

# id: (zone, signup_at in UTC, birth_date, what the customer is for)
CUSTOMERS: dict[int, tuple[str | None, dt.datetime | None, dt.date | None, str]] = {
    # As of 2026-03-01T02:00Z: still 28 February (18:00) in LA, 1 March in Warsaw and Tokyo.
    201: (LA, EVENING, dt.date(1990, 2, 28), "LA: signed up on 28 Feb, born on 28 Feb"),
    202: (WARSAW, EVENING, dt.date(1990, 3, 1), "Warsaw: 28 Feb 23:00, born on 1 Mar"),
    203: (None, EVENING, dt.date(1990, 2, 28), "no zone: the project's (Warsaw)"),
    204: ("UTC", EVENING, dt.date(1990, 3, 1), "UTC: 28 Feb 22:00"),
    205: (TOKYO, EVENING, dt.date(1990, 3, 1), "Tokyo: 1 Mar 07:00"),
    206: (LA, dt.datetime(2026, 3, 1, 1), None, "LA: 28 Feb 17:00, on 1 Mar in UTC"),
    # Warsaw's clocks go forward on 2026-03-29 at 01:00Z; LA's went on 8 March.
    207: (WARSAW, dt.datetime(2026, 3, 29, 0, 30), None, "Warsaw 29 Mar 01:30 CET"),
    208: (LA, dt.datetime(2026, 3, 29, 0, 30), None, "LA 28 Mar 17:30 PDT"),
    209: (None, dt.datetime(2026, 3, 29, 22, 30), None, "no zone: Warsaw 30 Mar 00:30 CEST"),
    210: (WARSAW, None, None, "never signed up"),
}

# Two orders each, on one day in LA (28 Feb) and on two in Warsaw (28 Feb and 1 Mar).
ORDERED = (201, 202)
ORDER_TIMES = (EVENING, dt.datetime(2026, 3, 1, 1))


def with_customer_zones(schema: Schema) -> Schema:
    """The schema with the `time_zone` attribute holding each customer's zone."""
    column = Column(ZONE, t.STRING, ZONE, None)
    attributes = {**schema.attributes, ZONE: column}
    return dataclasses.replace(schema, attributes=attributes, customer_time_zone=ZONE)


def build(path: Path) -> Path:
    """The shop's tables, the customers with their `time_zone`, and the orders of ORDERED."""
    import duckdb

    with duckdb.connect(str(path)) as con:
        shop_fixture.create_tables(con)
        con.execute(f"ALTER TABLE customers ADD COLUMN {ZONE} TEXT")
        con.executemany(
            f"INSERT INTO customers (customer_id, signup_at, birth_date, {ZONE}) "
            "VALUES (?, ?, ?, ?)",
            [(key, signup, birth, zone) for key, (zone, signup, birth, _) in CUSTOMERS.items()],
        )
        con.executemany(
            "INSERT INTO orders VALUES (?, ?, ?, ?, ?)",
            [
                (10 * key + number, key, at, Decimal("10.00"), "shoes")
                for key in ORDERED
                for number, at in enumerate(ORDER_TIMES)
            ],
        )
    return path
