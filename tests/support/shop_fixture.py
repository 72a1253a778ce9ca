"""A tiny hand-written shop whose segment members are known by construction."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

SHOP_SCHEMA = Path(__file__).parents[2] / "examples/shop/schema.yaml"
AS_OF = dt.datetime(2026, 11, 1)
D = dt.timedelta(days=1)

CUSTOMERS = [
    # id, email, country, signup_at, birth_date, gender, device_type, consent_email
    (1, "ann@example.com", "PL", AS_OF - 400 * D, dt.date(1995, 5, 1), "female", "mobile", True),
    (2, "bob@example.com", "US", AS_OF - 300 * D, dt.date(1980, 1, 1), "male", "desktop", True),
    (3, None, None, AS_OF - 200 * D, None, None, None, None),
    (4, "dee@example.com", "DE", AS_OF - 100 * D, dt.date(2000, 1, 1), "other", "tablet", False),
    (5, "eve@example.com", "FR", AS_OF - 10 * D, dt.date(1990, 6, 1), "female", "mobile", True),
]
ORDERS = [
    # order_id, customer_id, created_at, amount, category
    (1, 1, AS_OF - 20 * D, Decimal("50.00"), "shoes"),
    (2, 1, AS_OF - 10 * D, Decimal("150.00"), "shoes"),
    (3, 1, AS_OF - 5 * D, Decimal("30.00"), None),
    (4, 2, AS_OF - 200 * D, Decimal("500.00"), "home"),
    (5, 4, AS_OF - 30 * D, Decimal("20.00"), "apparel"),  # exactly 30 days before as-of
    (6, 5, AS_OF + 1 * D, Decimal("99.00"), "shoes"),  # after as-of: does not exist yet
]
EMAIL_EVENTS = [
    # customer_id, type, ts, campaign
    (1, "send", AS_OF - 3 * D, "nov"),
    (1, "open", AS_OF - 2 * D, "nov"),
    (2, "send", AS_OF - 3 * D, "nov"),
    (3, "send", AS_OF - 3 * D, None),
    (5, "send", AS_OF - 40 * D, "oct"),
    (5, "open", AS_OF - 40 * D, "oct"),
]
WEB_EVENTS = [
    # customer_id, type, ts, category
    (2, "add_to_cart", AS_OF - dt.timedelta(hours=3), "home"),
    (1, "add_to_cart", AS_OF - 6 * D, "shoes"),
]


def build(path: Path) -> Path:
    import duckdb

    with duckdb.connect(str(path)) as con:
        create_tables(con)
        con.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", CUSTOMERS)
        con.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?)", ORDERS)
        con.executemany("INSERT INTO email_events VALUES (?, ?, ?, ?)", EMAIL_EVENTS)
        con.executemany("INSERT INTO web_events VALUES (?, ?, ?, ?)", WEB_EVENTS)
    return path


def create_tables(con: Any) -> None:
    """The shop's four tables, empty, on a DuckDB connection."""
    con.execute(
        "CREATE TABLE customers (customer_id BIGINT, email TEXT, country TEXT, "
        "signup_at TIMESTAMP, birth_date DATE, gender TEXT, device_type TEXT, "
        "consent_email BOOLEAN)"
    )
    con.execute(
        "CREATE TABLE orders (order_id BIGINT, customer_id BIGINT, created_at TIMESTAMP, "
        "amount DECIMAL(12,2), category TEXT)"
    )
    con.execute(
        "CREATE TABLE email_events (customer_id BIGINT, type TEXT, ts TIMESTAMP, campaign TEXT)"
    )
    con.execute(
        "CREATE TABLE web_events (customer_id BIGINT, type TEXT, ts TIMESTAMP, category TEXT)"
    )


def parquet_shop(database: Path, folder: Path) -> Path:
    """The DuckDB shop's tables as Parquet files in `folder`, and a copy of the example schema
    that names them; returns the schema."""
    import duckdb

    from segdsl.demo.shop import SHOP_TABLES

    with duckdb.connect(str(database), read_only=True) as con:
        for table in SHOP_TABLES:
            target = str(folder / f"{table}.parquet")
            con.execute(f"COPY {table} TO '{target}' (FORMAT parquet)")
    text = re.sub(
        r"table: (\w+)", lambda m: f"table: {folder}/{m[1]}.parquet", SHOP_SCHEMA.read_text()
    )
    schema = folder / "schema.yaml"
    schema.write_text(text, encoding="utf-8")
    return schema
