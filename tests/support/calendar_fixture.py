"""A shop of customers on the edges of the calendar, for the calendar conformance cases
(tests/conformance/members.yaml, `dataset: calendar_shop`): each customer signed up at one
instant next to a day, week, month or year boundary in UTC, America/Los_Angeles or
Europe/Warsaw (DST changes included), and some ordered at that instant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from tests.support import shop_fixture

MICRO = dt.timedelta(microseconds=1)


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# id: (signup_at in UTC, birth_date, what the instant is)
SIGNUPS: dict[int, tuple[dt.datetime | None, dt.date | None, str]] = {
    # America/Los_Angeles (UTC-8 in winter), as of 2026-03-01T02:00Z = 28 February 18:00 there.
    1: (_at("2026-03-01T01:00:00"), dt.date(2026, 2, 28), "LA 28 Feb 17:00"),
    2: (_at("2026-02-01T08:00:00") - MICRO, dt.date(2026, 3, 1), "LA 31 Jan 23:59:59.999999"),
    3: (_at("2026-02-01T08:00:00"), None, "LA 1 Feb 00:00"),
    4: (_at("2026-03-01T08:00:00"), dt.date(2025, 12, 31), "LA 1 Mar 00:00"),
    5: (_at("2026-03-01T02:00:00"), dt.date(2026, 1, 1), "exactly the as-of instant"),
    6: (_at("2026-03-01T02:00:00") + MICRO, None, "1 µs after the as-of instant"),
    # Europe/Warsaw, clocks forward on 2026-03-29 at 01:00Z (02:00 CET → 03:00 CEST): 23 hours.
    7: (_at("2026-03-28T23:00:00") - MICRO, None, "Warsaw 28 Mar 23:59:59.999999 CET"),
    8: (_at("2026-03-28T23:00:00"), None, "Warsaw 29 Mar 00:00 CET"),
    9: (_at("2026-03-29T00:59:59"), None, "Warsaw 29 Mar 01:59:59 CET"),
    10: (_at("2026-03-29T01:00:00"), None, "Warsaw 29 Mar 03:00 CEST"),
    11: (_at("2026-03-29T22:00:00") - MICRO, None, "Warsaw 29 Mar 23:59:59.999999 CEST"),
    12: (_at("2026-03-29T22:00:00"), None, "Warsaw 30 Mar 00:00 CEST"),
    # Europe/Warsaw, clocks back on 2026-10-25 at 01:00Z (03:00 CEST → 02:00 CET): 25 hours.
    13: (_at("2026-10-24T22:00:00") - MICRO, None, "Warsaw 24 Oct 23:59:59.999999 CEST"),
    14: (_at("2026-10-24T22:00:00"), None, "Warsaw 25 Oct 00:00 CEST"),
    15: (_at("2026-10-25T00:30:00"), None, "Warsaw 25 Oct 02:30 CEST, the first 02:30"),
    16: (_at("2026-10-25T01:30:00"), None, "Warsaw 25 Oct 02:30 CET, the second 02:30"),
    17: (_at("2026-10-25T23:00:00") - MICRO, None, "Warsaw 25 Oct 23:59:59.999999 CET"),
    18: (_at("2026-10-25T23:00:00"), None, "Warsaw 26 Oct 00:00 CET"),
    # America/Los_Angeles, clocks back on 2026-11-01 at 09:00Z (02:00 PDT → 01:00 PST).
    19: (_at("2026-11-01T07:00:00"), None, "LA 1 Nov 00:00 PDT"),
    20: (_at("2026-11-02T08:00:00") - MICRO, None, "LA 1 Nov 23:59:59.999999 PST"),
    21: (_at("2026-11-02T08:00:00"), None, "LA 2 Nov 00:00 PST"),
    22: (_at("2026-11-01T07:00:00") - MICRO, None, "LA 31 Oct 23:59:59.999999 PDT"),
    # Month ends and leap days, in UTC.
    23: (_at("2026-03-01T00:00:00") - MICRO, dt.date(2024, 2, 29), "28 Feb 23:59:59.999999"),
    24: (_at("2026-02-01T00:00:00") - MICRO, dt.date(2023, 2, 28), "31 Jan 23:59:59.999999"),
    25: (_at("2026-02-01T00:00:00"), dt.date(2024, 3, 1), "1 Feb 00:00"),
    26: (_at("2026-01-31T10:00:00"), None, "31 Jan: a month later is 28 Feb"),
    27: (_at("2028-02-29T00:00:00"), None, "a leap day"),
    # ISO weeks: 2026 has 53; its week 53 is Monday 28 December 2026 to Sunday 3 January 2027,
    # and its week 1 Monday 29 December 2025 to Sunday 4 January 2026.
    28: (_at("2026-12-28T00:00:00"), None, "Monday of week 53 of 2026"),
    29: (_at("2026-12-28T00:00:00") - MICRO, None, "Sunday of week 52 of 2026"),
    30: (_at("2027-01-04T00:00:00") - MICRO, None, "Sunday of week 53 of 2026, in 2027"),
    31: (_at("2027-01-04T00:00:00"), None, "Monday of week 1 of 2027"),
    32: (_at("2025-12-29T00:00:00"), None, "Monday of week 1 of 2026, in 2025"),
    33: (_at("2025-12-29T00:00:00") - MICRO, None, "Sunday of week 52 of 2025"),
    34: (None, None, "never signed up"),
}

# The customers of Warsaw's 29 March and Los Angeles' 1 November order when they sign up.
ORDERED = (7, 8, 9, 10, 11, 12, 19, 20, 21, 22)


def _build(
    path: Path,
    customers: dict[int, tuple[dt.datetime | None, dt.date | None, str]],
    ordered: tuple[int, ...],
) -> Path:
    import duckdb

    empty = path.parent / "empty.duckdb"
    shop_fixture.build(empty)
    with duckdb.connect(str(path)) as con:
        con.execute(f"ATTACH '{empty}' AS template (READ_ONLY)")
        for table in ("customers", "orders", "email_events", "web_events"):
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM template.{table} LIMIT 0")
        con.execute("DETACH template")
        con.executemany(
            "INSERT INTO customers (customer_id, signup_at, birth_date) VALUES (?, ?, ?)",
            [(key, signup, birth) for key, (signup, birth, _) in customers.items()],
        )
        if ordered:
            con.executemany(
                "INSERT INTO orders VALUES (?, ?, ?, ?, ?)",
                [(key, key, customers[key][0], Decimal("10.00"), "shoes") for key in ordered],
            )
    return path


# Birthdays and sign-up anniversaries (docs/semantics.md, "Anniversaries"), for the cases of
# `dataset: birthday_shop`: id: (signup_at in UTC, birth_date, what the day is). The cases ask
# as of 28 December 2026, across the year end, and around 28 February in 2027 (no 29 February)
# and 2028 (a leap year).
BIRTHDAYS: dict[int, tuple[dt.datetime | None, dt.date | None, str]] = {
    101: (None, dt.date(1990, 12, 28), "28 December: today as of 2026-12-28"),
    102: (None, dt.date(1990, 12, 29), "29 December: tomorrow"),
    103: (None, dt.date(1990, 1, 4), "4 January: 7 days after 28 December 2026"),
    104: (None, dt.date(1990, 1, 5), "5 January: 8 days after"),
    105: (None, dt.date(1985, 12, 31), "31 December"),
    106: (None, dt.date(2026, 12, 30), "born in 2026: the first anniversary is in 2027"),
    107: (None, dt.date(2027, 1, 2), "a birth date in the future"),
    108: (None, None, "no birth date"),
    109: (None, dt.date(2000, 2, 29), "a leap day: 28 February in 2027, 29 February in 2028"),
    110: (None, dt.date(1999, 2, 28), "28 February"),
    111: (None, dt.date(1999, 3, 1), "1 March"),
    112: (None, dt.date(1990, 1, 1), "1 January"),
    # Europe/Warsaw is an hour ahead of UTC in winter: 28 December 23:30 UTC is 29 December.
    120: (_at("2025-12-28T23:30:00"), None, "signed up 28 Dec 2025 23:30 UTC, 29 Dec in Warsaw"),
    121: (_at("2026-12-28T10:00:00"), None, "signed up on 28 Dec 2026 itself"),
}


def build_birthdays(path: Path) -> Path:
    """The customers of BIRTHDAYS, without events."""
    return _build(path, BIRTHDAYS, ())


def build(path: Path) -> Path:
    """The customers of SIGNUPS; those of ORDERED order when they sign up."""
    return _build(path, SIGNUPS, ORDERED)
