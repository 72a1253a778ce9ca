"""A deterministic synthetic example shop, generated inside DuckDB.

Every random choice is a hash of (seed, row identity, purpose), so the same seed, size and anchor
give the same shop on every run of the same DuckDB version. The data has the skew of a real shop:
about half the customers never order, order counts follow a power law, engagement varies a lot
between customers, optional columns hold NULLs, and event tables are written in time order like
an event log. Nothing happens after the anchor instant (the shop's "now").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

# The example shop's tables (docs/schema.md), in the types other engines get too.
SHOP_TABLES: dict[str, dict[str, str]] = {
    "customers": {
        "customer_id": "BIGINT",
        "email": "TEXT",
        "country": "TEXT",
        "signup_at": "TIMESTAMP",
        "birth_date": "DATE",
        "gender": "TEXT",
        "device_type": "TEXT",
        "consent_email": "BOOLEAN",
    },
    "orders": {
        "order_id": "BIGINT",
        "customer_id": "BIGINT",
        "created_at": "TIMESTAMP",
        "amount": "DECIMAL(12,2)",
        "category": "TEXT",
    },
    "email_events": {
        "customer_id": "BIGINT",
        "type": "TEXT",
        "ts": "TIMESTAMP",
        "campaign": "TEXT",
    },
    "web_events": {
        "customer_id": "BIGINT",
        "type": "TEXT",
        "ts": "TIMESTAMP",
        "category": "TEXT",
    },
}

# Weighted choices: (value, weight); None is a missing value.
COUNTRIES = [
    ("US", 24),
    ("DE", 10),
    ("GB", 8),
    ("FR", 7),
    ("PL", 6),
    ("CA", 5),
    ("NL", 4),
    ("ES", 4),
    ("IT", 4),
    ("SE", 2),
    ("AT", 2),
    ("CH", 2),
    ("BE", 2),
    ("DK", 1),
    ("IE", 1),
    ("PT", 1),
    ("CZ", 1),
    ("NO", 1),
    ("BR", 3),
    ("AU", 3),
    ("JP", 2),
    ("IN", 3),
    ("MX", 2),
    (None, 2),
]
GENDERS = [("female", 48), ("male", 44), ("other", 2), (None, 6)]
DEVICES = [("mobile", 55), ("desktop", 35), ("tablet", 7), (None, 3)]
CATEGORIES = [
    ("apparel", 25),
    ("shoes", 15),
    ("accessories", 15),
    ("home", 14),
    ("electronics", 10),
    ("beauty", 10),
    ("sports", 9),
    (None, 2),
]

Progress = Callable[[str, int, int], None]


def _literal(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def _choice(options: list[tuple[str | None, int]], uniform: str) -> str:
    """A CASE that maps a uniform [0, 1) expression onto weighted options."""
    total = sum(weight for _, weight in options)
    arms, running = [], 0
    for value, weight in options[:-1]:
        running += weight
        arms.append(f"WHEN {uniform} < {running / total!r} THEN {_literal(value)}")
    return f"CASE {' '.join(arms)} ELSE {_literal(options[-1][0])} END"


def _uniform(*parts: str) -> str:
    """A deterministic uniform [0, 1) from the seed and the given SQL expressions."""
    # One string per draw: DuckDB's multi-argument hash() combines its arguments too weakly
    # (draws with different purposes came out correlated).
    key = " || ':' || ".join(["$seed", *parts])
    return f"((hash({key}) >> 11)::DOUBLE / 9007199254740992.0)"


def _steps(customers: int, order_scale: float, email_scale: float) -> list[tuple[str, str]]:
    """(progress label, CREATE statement) in build order. `$seed` and `$anchor` are
    parameters; `_people` is a scratch table of per-customer traits that drive the events.
    `order_scale` multiplies buyers' order counts, `email_scale` the share of weekly sends."""
    u = _uniform
    people = f"""
CREATE TEMP TABLE _people AS
SELECT
    id AS customer_id,
    $anchor::TIMESTAMP - to_microseconds(
        CAST({u("id", "'signup'")} ** 1.3 * 5 * 365 * 86400e6 AS BIGINT)) AS signup_at,
    -- about half never order; buyers' order counts follow a power law (1 … 500)
    CASE WHEN {u("id", "'buyer'")} < 0.5 THEN 0
         ELSE least(500, floor(
             1.5 * {order_scale!r} * pow(1 - {u("id", "'orders'")}, -1 / 1.25))::BIGINT)
    END AS orders,
    -- a quarter of buyers have churned some time before the anchor
    CASE WHEN {u("id", "'churn'")} < 0.25
         THEN {u("id", "'churned'")} * 900 + 60 ELSE 0 END AS churn_days,
    {u("id", "'consent'")} AS consent_draw,
    CASE WHEN {u("id", "'reader'")} < 0.3 THEN 0.0
         ELSE {u("id", "'open_rate'")} ** 2 * 0.7 END AS open_rate,
    floor({u("id", "'browsing'")} ** 3 * 40)::BIGINT AS views
FROM range(1, {customers} + 1) AS t(id)
"""
    customers_sql = f"""
CREATE TABLE customers AS
SELECT
    p.customer_id,
    CASE WHEN {u("p.customer_id", "'email'")} < 0.03 THEN NULL
         ELSE 'customer' || p.customer_id || '@example.com' END AS email,
    {_choice(COUNTRIES, u("p.customer_id", "'country'"))} AS country,
    p.signup_at,
    CASE WHEN {u("p.customer_id", "'birth?'")} < 0.15 THEN NULL
         ELSE ($anchor::DATE - CAST(
             (18 + 62 * {u("p.customer_id", "'age'")} ** 1.8) * 365.25 AS INTEGER))::DATE
    END AS birth_date,
    {_choice(GENDERS, u("p.customer_id", "'gender'"))} AS gender,
    {_choice(DEVICES, u("p.customer_id", "'device'"))} AS device_type,
    CASE WHEN p.consent_draw < 0.6 THEN TRUE WHEN p.consent_draw < 0.95 THEN FALSE END
        AS consent_email
FROM _people AS p
ORDER BY p.customer_id
"""
    orders_sql = f"""
CREATE TABLE orders AS
WITH placed AS (
    SELECT
        p.customer_id,
        k,
        p.signup_at + (
            ($anchor::TIMESTAMP - to_days(CAST(p.churn_days AS INTEGER))) - p.signup_at
        ) * {u("p.customer_id", "k", "'when'")} AS created_at,
        {u("p.customer_id", "k", "'amount'")} AS a1,
        {u("p.customer_id", "k", "'amount2'")} AS a2,
        {u("p.customer_id", "k", "'category'")} AS c
    FROM _people AS p, LATERAL (SELECT unnest(range(p.orders)) AS k)
    WHERE p.orders > 0
)
SELECT
    row_number() OVER (ORDER BY created_at, customer_id, k) AS order_id,
    customer_id,
    created_at,
    CASE WHEN {u("customer_id", "k", "'amount?'")} < 0.005 THEN NULL
         ELSE CAST(exp(3.6 + 0.8 * sqrt(-2 * ln(1 - a1)) * cos(2 * pi() * a2)) AS DECIMAL(12, 2))
    END AS amount,
    {_choice(CATEGORIES, "c")} AS category
FROM placed
WHERE created_at <= $anchor::TIMESTAMP
ORDER BY created_at, customer_id
"""
    # Weekly campaigns over the last two years to consenting customers; opens and clicks follow
    # a send within two days; some customers unsubscribe.
    email_sql = f"""
CREATE TABLE email_events AS
WITH sends AS (
    SELECT
        p.customer_id,
        p.open_rate,
        w,
        $anchor::TIMESTAMP - to_days(CAST(7 * w AS INTEGER))
            + to_microseconds(CAST({u("p.customer_id", "w", "'send'")} * 86400e6 AS BIGINT))
            - to_days(1) AS ts
    FROM _people AS p, LATERAL (SELECT unnest(range(104)) AS w)
    WHERE p.consent_draw < 0.6
      AND {u("p.customer_id", "w", "'sent?'")} < {0.3 * email_scale!r}
),
events AS (
    SELECT customer_id, 'send' AS type, ts, w FROM sends
    UNION ALL
    SELECT customer_id, 'open', ts + to_microseconds(
        CAST({u("customer_id", "w", "'open_at'")} * 172800e6 AS BIGINT)), w
    FROM sends WHERE {u("customer_id", "w", "'open?'")} < open_rate
    UNION ALL
    SELECT customer_id, 'click', ts + to_microseconds(
        CAST({u("customer_id", "w", "'click_at'")} * 172800e6 AS BIGINT)), w
    FROM sends WHERE {u("customer_id", "w", "'open?'")} < open_rate * 0.2
    UNION ALL
    SELECT customer_id, 'unsubscribe', ts + to_hours(3), w
    FROM sends WHERE {u("customer_id", "w", "'unsubscribe?'")} < 0.002
)
SELECT
    customer_id,
    type,
    ts,
    CASE WHEN {u("customer_id", "w", "'campaign?'")} < 0.01 THEN NULL
         ELSE 'weekly-' || strftime($anchor::TIMESTAMP - to_days(CAST(7 * w AS INTEGER)),
                                    '%G-W%V') END AS campaign
FROM events
WHERE ts <= $anchor::TIMESTAMP
ORDER BY ts, customer_id
"""
    web_sql = f"""
CREATE TABLE web_events AS
WITH views AS (
    SELECT
        p.customer_id,
        v,
        $anchor::TIMESTAMP - to_microseconds(
            CAST({u("p.customer_id", "v", "'view_at'")} * 180 * 86400e6 AS BIGINT)) AS ts,
        {u("p.customer_id", "v", "'view_category'")} AS c
    FROM _people AS p, LATERAL (SELECT unnest(range(p.views)) AS v)
),
events AS (
    SELECT customer_id, 'view' AS type, ts, c, v FROM views
    UNION ALL
    SELECT customer_id, 'add_to_cart', ts + to_minutes(2), c, v FROM views
    WHERE {u("customer_id", "v", "'cart?'")} < 0.2
    UNION ALL
    SELECT customer_id, 'checkout', ts + to_minutes(9), c, v FROM views
    WHERE {u("customer_id", "v", "'cart?'")} < 0.06
)
SELECT
    customer_id,
    type,
    ts,
    CASE WHEN type = 'checkout' THEN NULL ELSE {_choice(CATEGORIES, "c")} END AS category
FROM events
WHERE ts <= $anchor::TIMESTAMP
ORDER BY ts, customer_id
"""
    return [
        ("customers' traits", people),
        ("customers", customers_sql),
        ("orders", orders_sql),
        ("email events", email_sql),
        ("web events", web_sql),
    ]


def build_shop(
    con: Any,
    *,
    customers: int,
    seed: int,
    anchor: dt.datetime,
    progress: Progress | None = None,
    order_scale: float = 1.0,
    email_scale: float = 1.0,
) -> dict[str, int]:
    """Create the shop's four tables on the DuckDB connection `con`; returns their row counts.
    The defaults give about 2.7 orders, 22 email events and 12 web events per customer; the
    benchmarks scale orders and emails up to a busier shop's ~10 and ~28."""
    if order_scale <= 0 or not 0 < email_scale <= 1 / 0.3:
        raise ValueError("order_scale must be positive and email_scale in (0, 3.33]")
    steps = _steps(customers, order_scale, email_scale)
    parameters = {"seed": seed, "anchor": anchor}
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    for done, (label, statement) in enumerate(steps):
        if progress is not None:
            progress(label, done, len(steps))
        used = {name: value for name, value in parameters.items() if f"${name}" in statement}
        con.execute(statement, used)
    con.execute("DROP TABLE _people")
    counts = {}
    for table in SHOP_TABLES:
        _cast_columns(con, table)
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    if progress is not None:
        progress("done", len(steps), len(steps))
    return counts


def _cast_columns(con: Any, table: str) -> None:
    """Give every column exactly the type of SHOP_TABLES (DuckDB infers e.g. BIGINT for ids)."""
    for column, sql_type in SHOP_TABLES[table].items():
        target = "VARCHAR" if sql_type == "TEXT" else sql_type
        con.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET DATA TYPE {target}")
