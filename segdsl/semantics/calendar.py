"""The calendar on a time zone's clocks (docs/semantics.md, "Time zone", "Calendar periods",
"Date parts"): the local date and time of an instant, the days of a calendar period, and the
instants whose local date is one of those days.

Instants are naive UTC datetimes, as everywhere in segdsl; a local date or time is a naive
datetime of the zone's clocks. Periods are counted by an index that grows by one from a
period to the next (`period_index`), the way the SQL counts them too.
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from segdsl.syntax.lexicon import CalendarUnit

UTC = "UTC"


@functools.cache
def zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone of an IANA name, or None when Python's zone database has none of that name."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def zone_names() -> set[str]:
    return zoneinfo.available_timezones()


def _zone(name: str) -> zoneinfo.ZoneInfo:
    found = zone(name)
    assert found is not None, f"the schema's zone {name} was checked when it was read"
    return found


def local_time(instant: dt.datetime, zone_name: str) -> dt.datetime:
    """What the zone's clocks show at `instant`."""
    if zone_name == UTC:
        return instant
    aware = instant.replace(tzinfo=dt.UTC).astimezone(_zone(zone_name))
    return aware.replace(tzinfo=None)


def local_date(value: dt.date, zone_name: str) -> dt.date:
    """The day of a value on the zone's clocks: a timestamp's in the zone, a date's itself."""
    if isinstance(value, dt.datetime):
        return local_time(value, zone_name).date()
    return value


def date_part(part: str, moment: dt.date) -> int:
    """`month`, `day`, `weekday` (1 = Monday … 7 = Sunday) or `hour` of a local date or time."""
    if part == "month":
        return moment.month
    if part == "day":
        return moment.day
    if part == "weekday":
        return moment.isoweekday()
    assert isinstance(moment, dt.datetime), "a date has no hour"
    return moment.hour


# -- periods ---------------------------------------------------------------------------------

_QUARTER_MONTHS = 3
# 0001-01-01, day 1 of Python's ordinals, is a Monday: weeks counted from it start on Mondays.
_WEEKDAYS = 7


def period_index(day: dt.date, unit: CalendarUnit) -> int:
    """The number of the period of `unit` holding `day`; the next period's is one more."""
    if unit == "day":
        return day.toordinal()
    if unit == "week":
        return (day.toordinal() - 1) // _WEEKDAYS
    if unit == "month":
        return day.year * 12 + day.month - 1
    if unit == "quarter":
        return day.year * 4 + (day.month - 1) // _QUARTER_MONTHS
    return day.year


def period_start(index: int, unit: CalendarUnit) -> dt.date | None:
    """The first day of the period numbered `index`; None past 9999-12-31."""
    try:
        if unit == "day":
            return dt.date.fromordinal(index)
        if unit == "week":
            return dt.date.fromordinal(index * _WEEKDAYS + 1)
        if unit == "month":
            return dt.date(index // 12, index % 12 + 1, 1)
        if unit == "quarter":
            return dt.date(index // 4, index % 4 * _QUARTER_MONTHS + 1, 1)
        return dt.date(index, 1, 1)
    except (ValueError, OverflowError):
        if index > period_index(dt.date.max, unit):
            return None
        return dt.date.min


def period_days(
    unit: CalendarUnit, first: int, count: int, until: dt.date | None = None
) -> tuple[dt.date, dt.date | None]:
    """The days of `count` periods of `unit` from the period numbered `first`, as the first
    day and the day after the last (None: to the end of the calendar). Days outside the years 1
    to 9999 do not exist, so periods beyond them are cut off (periods wholly after 9999-12-31
    are the empty days from 9999-12-31 to itself). `until` ends them after that day."""
    start = period_start(max(first, period_index(dt.date.min, unit)), unit)
    if start is None:
        return dt.date.max, dt.date.max
    end = period_start(first + count, unit)
    if until is not None and until < dt.date.max:
        after = until + dt.timedelta(days=1)
        end = after if end is None else min(end, after)
    return start, end


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar period (docs/semantics.md): `count` periods of `unit` from `back` periods
    before the one holding today (`this month`: back 0, count 1; `last 3 months`: back 3,
    count 3; `next 7 days`: back -1, count 7), cut after today when `to_date`; or, with a
    `start`, the named period from that day (`2026-03`: a month from 2026-03-01)."""

    unit: CalendarUnit
    back: int
    count: int
    to_date: bool
    start: dt.date | None

    @property
    def relative(self) -> bool:
        """Whether its days depend on today."""
        return self.start is None

    def days(self, today: dt.date) -> tuple[dt.date, dt.date | None]:
        """Its first day and the day after its last (None: to the end of the calendar)."""
        if self.start is not None:
            return period_days(self.unit, period_index(self.start, self.unit), 1)
        first = period_index(today, self.unit) - self.back
        return period_days(self.unit, first, self.count, today if self.to_date else None)


# -- anniversaries ---------------------------------------------------------------------------

LEAP_DAY = (2, 29)


def anniversary(day: dt.date, year: int) -> dt.date:
    """The anniversary of `day` in `year`: its month and day, and 29 February on 28 February
    in a year without one (docs/semantics.md, "Anniversaries")."""
    if (day.month, day.day) == LEAP_DAY and not calendar_module.isleap(year):
        return dt.date(year, 2, 28)
    return dt.date(year, day.month, day.day)


def has_anniversary(day: dt.date, first: dt.date, after: dt.date | None) -> bool:
    """Whether an anniversary of `day` (in a year after its own) is one of the days from
    `first` to the day before `after` (None: to the end of the calendar)."""
    last = dt.date.max if after is None else after - dt.timedelta(days=1)
    low = max(day.year + 1, first.year)
    # When the years run on for three or more, the middle one lies wholly inside the days.
    for year in range(low, min(last.year, low + 2) + 1):
        if first <= anniversary(day, year) <= last:
            return True
    return False


# -- the instants of days ----------------------------------------------------------------------

_STEP = dt.timedelta(minutes=30)  # zones never change their offset twice within half an hour
_MICRO = dt.timedelta(microseconds=1)
_AROUND = dt.timedelta(days=2)  # every zone's midnight is less than a day from UTC's
# No zone's clocks were ever 16 hours from UTC: instants this far inside the years 1 to 9999
# are inside them on every zone's clocks too.
_EDGE = dt.timedelta(hours=16)


def _offset(instant: dt.datetime, zone_: zoneinfo.ZoneInfo) -> dt.timedelta:
    offset = instant.replace(tzinfo=dt.UTC).astimezone(zone_).utcoffset()
    assert offset is not None
    return offset


def _transitions(
    start: dt.datetime, end: dt.datetime, zone_: zoneinfo.ZoneInfo
) -> list[tuple[dt.datetime, dt.timedelta, dt.timedelta]]:
    """Each instant in [start, end) at which the zone's offset changes, with the offsets before
    and after, found to the microsecond."""
    found = []
    before, offset = start, _offset(start, zone_)
    while before < end:
        after = min(before + _STEP, end)
        changed = _offset(after, zone_)
        if changed != offset:
            low, high = before, after  # offset(low) is the old one, offset(high) the new
            while high - low > _MICRO:
                middle = low + (high - low) // 2
                if _offset(middle, zone_) == offset:
                    low = middle
                else:
                    high = middle
            found.append((high, offset, changed))
        before, offset = after, changed
    return found


def _crossings(day: dt.date, zone_: zoneinfo.ZoneInfo) -> list[tuple[dt.datetime, bool]]:
    """The instants at which the zone's local date becomes `day` or later (True) or earlier
    again (False), in order: one as a rule, three where clocks go back across midnight."""
    midnight = dt.datetime.combine(day, dt.time())
    near_first = midnight - dt.datetime.min <= _AROUND + _EDGE
    near_last = dt.datetime.max - midnight <= _AROUND + _EDGE
    start = dt.datetime.min + _EDGE if near_first else midnight - _AROUND
    end = dt.datetime.max - _EDGE if near_last else midnight + _AROUND
    changes = _transitions(start, end, zone_)
    found: list[tuple[dt.datetime, bool]] = []
    segment_start, offset = start, _offset(start, zone_)
    for at, before, after in [*changes, (end, offset, offset)]:
        # Within a stretch of one offset, clocks reach midnight at midnight - offset; before
        # the first change and after the last the offset holds beyond the window too.
        reached = midnight - offset
        after_start = segment_start == start or reached > segment_start
        if after_start and (at == end or reached < at):
            found.append((reached, True))
        if at < end:
            # A change of offset jumps the clocks from at + before to at + after.
            if at + before <= midnight <= at + after:
                found.append((at, True))
            elif at + after < midnight < at + before:
                found.append((at, False))
        segment_start, offset = at, after
    return found


def instants(
    start: dt.date, end: dt.date | None, zone_name: str
) -> list[tuple[dt.datetime | None, dt.datetime | None]]:
    """The instants whose local date is in [start, end), as half-open intervals [a, b) in
    order (None: unbounded); one interval unless clocks go back across midnight."""
    if zone_name == UTC:
        low = None if start == dt.date.min else dt.datetime.combine(start, dt.time())
        high = None if end is None else dt.datetime.combine(end, dt.time())
        return [(low, high)]
    zone_ = _zone(zone_name)
    # The state of "local date >= start" and "local date >= end" along the instants.
    events = [] if start == dt.date.min else [(at, 0, up) for at, up in _crossings(start, zone_)]
    if end is not None:
        events += [(at, 1, up) for at, up in _crossings(end, zone_)]
    after_start, after_end = start == dt.date.min, False
    intervals: list[tuple[dt.datetime | None, dt.datetime | None]] = []
    opened: dt.datetime | None = None
    inside = after_start
    for at, which, up in sorted(events):
        if which == 0:
            after_start = up
        else:
            after_end = up
        now_inside = after_start and not after_end
        if now_inside and not inside:
            opened = at
        elif inside and not now_inside and (opened is None or opened < at):
            intervals.append((opened, at))
        inside = now_inside
    if inside:
        intervals.append((opened, None))
    return intervals


def possible_today(instant: dt.datetime) -> list[dt.date]:
    """Every day that some zone's clocks may show at `instant` (two or three days), in the
    years 1 to 9999: a customer's today, whatever their zone."""
    days = []
    for shift in (-_EDGE, dt.timedelta(0), _EDGE):  # 16 hours apart: no day is skipped
        try:
            day = (instant + shift).date()
        except OverflowError:
            continue
        if day not in days:
            days.append(day)
    return days


def anywhere(
    first: dt.date, after: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Instants before and after which no zone's clocks show a day of [first, after): the
    bounds of the days on everyone's clocks (None: no bound, the edge of the calendar)."""
    start = end = None
    try:
        if first > dt.date.min:
            start = dt.datetime.combine(first, dt.time()) - _EDGE
    except OverflowError:
        start = None
    try:
        if after is not None:
            end = dt.datetime.combine(after, dt.time()) + _EDGE
    except OverflowError:
        end = None
    return start, end
