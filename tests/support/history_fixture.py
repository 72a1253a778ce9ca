"""A shop whose customers' country and e-mail consent have a history (docs/semantics.md,
"Attributes in time"), for the conformance cases (tests/conformance/members.yaml, `dataset:
history_shop`, `history: true`), as of 2026-11-01T00:00:00: a change exactly at the as-of
instant, a microsecond before and after it, an open row, a customer without history, a history
that ended, overlapping rows, two rows from one instant, a row without `valid_from`, a row that
says the country is missing and an empty period."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from segdsl.semantics.schema import AttributeHistory, Schema
from tests.support import shop_fixture
from tests.support.backends import HISTORY_COLUMNS, HISTORY_TABLE

AS_OF = dt.datetime(2026, 11, 1)
D = dt.timedelta(days=1)
MICRO = dt.timedelta(microseconds=1)
HISTORY = AttributeHistory(HISTORY_TABLE, "valid_from", "valid_to", ("country", "consent_email"))

# id: country and consent in the customers table (as they are now)
CUSTOMERS: dict[int, tuple[str | None, bool | None]] = {
    1: ("PL", True),
    2: ("PL", True),
    3: ("PL", True),
    4: ("US", True),
    5: ("DE", True),
    6: ("DE", False),
    7: ("FR", False),
    8: ("US", False),
    9: ("PL", False),
    10: ("DE", True),
    11: ("SE", True),
}

# customer, valid_from, valid_to, country, consent_email; as of AS_OF, the customer's values are
HISTORY_ROWS = [
    # 1: PL and consent, changed exactly at the as-of instant
    (1, AS_OF - 100 * D, AS_OF, "DE", False),
    (1, AS_OF, None, "PL", True),
    # 2: DE without consent, the change is a microsecond later
    (2, AS_OF - 100 * D, AS_OF + MICRO, "DE", False),
    (2, AS_OF + MICRO, None, "PL", True),
    # 3: PL and consent, changed a microsecond before
    (3, AS_OF - 100 * D, AS_OF - MICRO, "DE", False),
    (3, AS_OF - MICRO, None, "PL", True),
    # 4: no history: US and consent, from the customers table
    # 5: AT, consent missing: an open row
    (5, AS_OF - 10 * D, None, "AT", None),
    # 6: DE without consent, from the customers table: the history ended before
    (6, AS_OF - 100 * D, AS_OF - 50 * D, "FR", True),
    # 7: IT and consent: of two valid rows, the later one
    (7, AS_OF - 100 * D, None, "FR", False),
    (7, AS_OF - 20 * D, AS_OF + 10 * D, "IT", True),
    # 8: DE, consent: two rows from one instant, the greater country wins
    (8, AS_OF - 20 * D, None, "AT", False),
    (8, AS_OF - 20 * D, None, "DE", True),
    # 9: PL without consent, from the customers table: a row without valid_from is never valid
    (9, None, None, "FR", True),
    # 10: country missing, no consent: the valid row says so
    (10, AS_OF - 5 * D, None, None, False),
    # 11: SE and consent, from the customers table: an empty period
    (11, AS_OF - 5 * D, AS_OF - 5 * D, "FR", False),
]

# customer, created_at: orders, for a filter that compares them with the country
ORDERS = [(1, AS_OF - 200 * D), (1, AS_OF - D), (2, AS_OF - D), (6, AS_OF - 70 * D)]


def with_history(schema: Schema) -> Schema:
    """`schema` with the history of `country` and `consent_email` in `customer_history`."""
    return dataclasses.replace(schema, history=HISTORY)


def build(path: Path) -> Path:
    import duckdb

    with duckdb.connect(str(path)) as con:
        shop_fixture.create_tables(con)
        columns = ", ".join(f"{c} {t}" for c, t in HISTORY_COLUMNS.items())
        con.execute(f"CREATE TABLE {HISTORY_TABLE} ({columns})")
        con.executemany(
            "INSERT INTO customers (customer_id, country, consent_email, signup_at) "
            "VALUES (?, ?, ?, ?)",
            [(key, *values, AS_OF - 400 * D) for key, values in CUSTOMERS.items()],
        )
        con.executemany(f"INSERT INTO {HISTORY_TABLE} VALUES (?, ?, ?, ?, ?)", HISTORY_ROWS)
        con.executemany(
            "INSERT INTO orders VALUES (?, ?, ?, 10.00, NULL)",
            [(number, *order) for number, order in enumerate(ORDERS, start=1)],
        )
    return path
