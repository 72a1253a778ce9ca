"""Anniversaries on every executed engine against the reference evaluator, exhaustively: a
customer born on each day of a leap year and of a common year, and on the days around each
as-of instant, asked for each period at instants around month, year and leap-day ends
(segdsl/sql/compiler.py tests a period's days by month and day within a month, and a year by
comparing the date with the year's first day)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import segdsl
from segdsl.semantics.reference import Dataset, Evaluator
from tests.support.backends import EXECUTED, Backend

SCHEMA = dataclasses.replace(
    segdsl.load_schema(Path(__file__).parents[2] / "examples/shop/schema.yaml"),
    time_zone="UTC",
)
AS_OFS = [
    dt.datetime(2024, 2, 28, 12),
    dt.datetime(2024, 2, 29, 12),
    dt.datetime(2026, 1, 31, 12),
    dt.datetime(2026, 3, 1, 12),
    dt.datetime(2026, 11, 1, 12),
    dt.datetime(2026, 12, 28, 12),
]
PERIODS = [
    "today",
    "next 7 days",
    "last 7 days",
    "this month",
    "next month",
    "last 2 quarters",
    "year to date",
    "last 3 years",
]


def _days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range(count)]


def _customers() -> list[dict[str, object]]:
    born = _days(dt.date(1996, 1, 1), 366) + _days(dt.date(1999, 1, 1), 365)
    for as_of in AS_OFS:
        born += _days(as_of.date() - dt.timedelta(days=8), 17)  # born around the as-of day
    return [
        {
            "customer_id": key,
            "email": None,
            "country": "PL",
            "signup_at": None,
            "birth_date": day,
            "gender": None,
            "device_type": None,
            "consent_email": None,
        }
        for key, day in enumerate(sorted(set(born)), start=1)
    ]


DATA = Dataset(_customers(), {"orders": [], "email_events": [], "web_events": []})


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    engine.load(DATA)
    yield engine
    engine.close()


@pytest.mark.parametrize("as_of", AS_OFS, ids=str)
def test_anniversaries_of_every_day(backend: Backend, as_of: dt.datetime) -> None:
    evaluator = Evaluator(SCHEMA, DATA, as_of)
    for period in PERIODS:
        condition = segdsl.check(f"anniversary(birth_date) in {period}", SCHEMA)
        expected = evaluator.members(condition)
        sql = segdsl.compile_sql(condition, SCHEMA, dialect=backend.name, as_of=as_of)
        assert backend.members(sql) == expected, period
