"""The calendar on a zone's clocks (segdsl/semantics/calendar.py): the instants whose local date
is a day of a period are exactly the intervals `instants` gives, in zones whose clocks jump at
midnight, skip a whole day or go back across midnight; and periods are counted as
docs/semantics.md says."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segdsl.semantics import calendar
from segdsl.syntax.lexicon import CALENDAR_UNITS

MICRO = dt.timedelta(microseconds=1)

# Days on which clocks do something unusual, and the zone.
EDGES = [
    ("Europe/Warsaw", dt.date(2026, 3, 29)),  # forward at 02:00: 23 hours
    ("Europe/Warsaw", dt.date(2026, 10, 25)),  # back at 03:00: 25 hours
    ("America/Los_Angeles", dt.date(2026, 3, 8)),
    ("America/Los_Angeles", dt.date(2026, 11, 1)),
    ("America/Sao_Paulo", dt.date(2018, 11, 4)),  # forward at midnight: starts at 01:00
    ("America/Sao_Paulo", dt.date(2019, 2, 16)),  # back at 24:00 to 23:00: 25 hours
    ("Pacific/Apia", dt.date(2011, 12, 30)),  # skipped: the clocks went from the 29th to the 31st
    ("Pacific/Apia", dt.date(2011, 12, 31)),
    ("Asia/Tehran", dt.date(2021, 9, 21)),  # back at 24:00 to 23:00
    ("Asia/Tehran", dt.date(2021, 9, 22)),
    ("America/Havana", dt.date(2026, 11, 1)),  # back at 01:00 to 00:00: midnight twice
    ("Australia/Lord_Howe", dt.date(2026, 4, 5)),  # back half an hour
    ("UTC", dt.date(2026, 1, 1)),
]


def _inside(instant: dt.datetime, start: dt.date, end: dt.date | None, zone: str) -> bool:
    day = calendar.local_date(instant, zone)
    return start <= day and (end is None or day < end)


def _member(
    intervals: list[tuple[dt.datetime | None, dt.datetime | None]], at: dt.datetime
) -> bool:
    return any((a is None or a <= at) and (b is None or at < b) for a, b in intervals)


def _check(start: dt.date, end: dt.date | None, zone: str) -> None:
    intervals = calendar.instants(start, end, zone)
    # Every boundary is exact to the microsecond, and the intervals are in order and apart.
    for a, b in intervals:
        if a is not None:
            assert _inside(a, start, end, zone) and not _inside(a - MICRO, start, end, zone)
        if b is not None:
            assert not _inside(b, start, end, zone) and _inside(b - MICRO, start, end, zone)
    bounds = [x for pair in intervals for x in pair if x is not None]
    assert bounds == sorted(bounds) and len(set(bounds)) == len(bounds)
    # Between them, membership is the local date's, checked every seven minutes.
    around = dt.datetime.combine(start, dt.time()) - dt.timedelta(days=2)
    last = dt.datetime.combine(end or start, dt.time()) + dt.timedelta(days=2)
    while around < last:
        assert _member(intervals, around) == _inside(around, start, end, zone), around
        around += dt.timedelta(minutes=7)


@pytest.mark.parametrize(("zone", "day"), EDGES, ids=[f"{z} {d}" for z, d in EDGES])
def test_the_instants_of_a_day_are_those_of_its_local_date(zone: str, day: dt.date) -> None:
    _check(day, day + dt.timedelta(days=1), zone)
    _check(day, day + dt.timedelta(days=7), zone)


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        ("Europe/Warsaw", dt.date(2026, 3, 29), 23),
        ("Europe/Warsaw", dt.date(2026, 10, 25), 25),
        ("America/Sao_Paulo", dt.date(2018, 11, 4), 23),  # from 01:00, midnight never came
        ("America/Sao_Paulo", dt.date(2019, 2, 16), 25),
        ("Asia/Tehran", dt.date(2021, 9, 21), 25),
        ("Australia/Lord_Howe", dt.date(2026, 4, 5), 24.5),
    ],
)
def test_a_day_lasts_as_long_as_its_clocks_run(zone: str, day: dt.date, hours: float) -> None:
    ((start, end),) = calendar.instants(day, day + dt.timedelta(days=1), zone)
    assert start is not None and end is not None
    assert (end - start) / dt.timedelta(hours=1) == hours


def test_a_skipped_day_has_no_instant() -> None:
    assert calendar.instants(dt.date(2011, 12, 30), dt.date(2011, 12, 31), "Pacific/Apia") == []


ZONES = ["Europe/Warsaw", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "UTC"]


@given(
    zone=st.sampled_from(ZONES),
    start=st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    days=st.integers(1, 40),
)
@settings(max_examples=60, deadline=None)
def test_the_instants_of_any_days_are_those_of_their_local_dates(
    zone: str, start: dt.date, days: int
) -> None:
    _check(start, start + dt.timedelta(days=days), zone)


def test_the_calendar_has_no_days_outside_the_years_1_to_9999() -> None:
    assert calendar.instants(dt.date.min, None, "UTC") == [(None, None)]
    first, after = calendar.Period("year", 5000, 5000, False, None).days(dt.date(2026, 3, 1))
    assert (first, after) == (dt.date.min, dt.date(2026, 1, 1))
    assert calendar.Period("year", 0, 1, False, None).days(dt.date(9999, 6, 1)) == (
        dt.date(9999, 1, 1),
        None,
    )


@pytest.mark.parametrize("unit", CALENDAR_UNITS)
def test_each_period_is_one_more_than_the_one_before(unit: str) -> None:
    day = dt.date(2026, 1, 1)
    while day < dt.date(2028, 1, 1):
        index = calendar.period_index(day, unit)  # type: ignore[arg-type]
        start = calendar.period_start(index, unit)  # type: ignore[arg-type]
        after = calendar.period_start(index + 1, unit)  # type: ignore[arg-type]
        assert start is not None and after is not None and start <= day < after
        day += dt.timedelta(days=1)


def test_weeks_start_on_monday_and_quarters_in_january_april_july_october() -> None:
    today = dt.date(2027, 1, 2)  # a Saturday of ISO week 53 of 2026
    assert calendar.Period("week", 0, 1, False, None).days(today) == (
        dt.date(2026, 12, 28),
        dt.date(2027, 1, 4),
    )
    assert calendar.Period("quarter", 1, 1, False, None).days(today) == (
        dt.date(2026, 10, 1),
        dt.date(2027, 1, 1),
    )
    assert calendar.Period("month", 0, 1, True, None).days(today) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 3),
    )


@pytest.mark.parametrize("zone", ["Europe/Warsaw", "America/Los_Angeles", "Asia/Manila"])
def test_the_first_and_last_days_of_the_calendar(zone: str) -> None:
    ((start, end),) = calendar.instants(dt.date(1, 1, 2), dt.date(1, 1, 3), zone)
    assert start is not None and end is not None
    assert calendar.local_date(start, zone) == dt.date(1, 1, 2)
    assert calendar.local_date(start - MICRO, zone) == dt.date(1, 1, 1)
    assert calendar.local_date(end, zone) == dt.date(1, 1, 3)
    ((start, end),) = calendar.instants(dt.date(9999, 12, 31), None, zone)
    assert start is not None and end is None
    assert calendar.local_date(start, zone) == dt.date(9999, 12, 31)
    assert calendar.local_date(start - MICRO, zone) == dt.date(9999, 12, 30)
