"""Golden SQL per dialect for the example segments, reviewed by hand, so that any change in the
generated SQL shows up as a diff in review. Every statement must also parse back with sqlglot in
its own dialect (the check that compile-only dialects get besides review).

After a deliberate change: `SEGDSL_UPDATE_GOLDEN=1 python -m pytest tests/sql/test_golden.py`, then
read the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import sqlglot

import segdsl
from segdsl.sql.dialects import DIALECTS

ROOT = Path(__file__).parents[2]
GOLDEN = Path(__file__).parents[1] / "golden"
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
CHECKED = segdsl.check_file(ROOT / "examples/shop/segments.seg", SCHEMA)
AS_OF = dt.datetime(2026, 11, 1)
# Segments whose SQL is also kept in "now" mode (no --as-of): the engine's clock and intervals.
NOW_MODE = ("cart_abandoners", "lapsed", "women_25_34", "active_12m")


def _statements(dialect: str) -> list[tuple[str, str]]:
    out = []
    for name, segment in CHECKED.segments.items():
        sql = segdsl.compile_sql(
            segment.condition, SCHEMA, dialect=dialect, as_of=AS_OF, pretty=True
        )
        out.append((f"{name} (as of {AS_OF.isoformat()})", sql))
    for name in NOW_MODE:
        sql = segdsl.compile_sql(
            CHECKED.segments[name].condition, SCHEMA, dialect=dialect, pretty=True
        )
        out.append((f"{name} (now)", sql))
    return out


# Calendar periods and date parts on the shop's clocks (Europe/Warsaw), as of an instant (the
# period's instants written by segdsl) and by the engine's clock (the engine reads the zone).
CALENDAR = (
    "last_order in this month",
    "signup_at in last 3 weeks",
    "birth_date in year to date",
    "signup_at in 2026-03",
    "weekday(last_order) >= 6 and hour(signup_at) < 9",
    "count(orders where created_at in today) > 0",
    "anniversary(birth_date) in next 7 days",
    "anniversary(signup_at) in today",
    "signup_at in next month",
)


# The same questions on each customer's own clocks (examples/zones/schema.yaml: their
# `time_zone`, Europe/Warsaw without one), read by the engine from a column.
ZONES_SCHEMA = segdsl.load_schema(ROOT / "examples/zones/schema.yaml")
CUSTOMER_ZONES = (
    "signup_at in this month",
    "signup_at in 2026-03",
    "birth_date in year to date",
    "hour(signup_at) < 9",
    "count(orders where created_at in today) > 0",
    "anniversary(birth_date) in next 7 days",
    "active_days(orders) >= 2",
    "count(orders) >= 1 in 2 of last 3 weeks",
)


def _calendar_statements(
    dialect: str, texts: tuple[str, ...] = CALENDAR, schema: segdsl.Schema = SCHEMA
) -> list[tuple[str, str]]:
    out = []
    for text in texts:
        for as_of in (AS_OF, None):
            title = f"{text} ({'now' if as_of is None else f'as of {as_of.isoformat()}'})"
            try:
                sql = segdsl.compile_sql(text, schema, dialect=dialect, as_of=as_of, pretty=True)
            except segdsl.SegdslError as error:
                # What a dialect cannot say is an error, kept in the file for review too.
                out.append((title, "-- " + error.diagnostics[0].message))
                continue
            out.append((title, sql))
    return out


def _render(statements: list[tuple[str, str]]) -> str:
    return "".join(f"-- {title}\n{sql};\n\n" for title, sql in statements)


def _compare(path: Path, text: str, dialect: str) -> None:
    if os.environ.get("SEGDSL_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with SEGDSL_UPDATE_GOLDEN=1 and review"
    assert text == path.read_text(encoding="utf-8"), (
        f"the SQL for {dialect} changed: review, then regenerate with SEGDSL_UPDATE_GOLDEN=1"
    )


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_golden_sql(dialect: str) -> None:
    _compare(GOLDEN / f"{dialect}.sql", _render(_statements(dialect)), dialect)


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_calendar_golden_sql(dialect: str) -> None:
    _compare(
        GOLDEN / "calendar" / f"{dialect}.sql", _render(_calendar_statements(dialect)), dialect
    )


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_customer_zones_golden_sql(dialect: str) -> None:
    statements = _calendar_statements(dialect, CUSTOMER_ZONES, ZONES_SCHEMA)
    _compare(GOLDEN / "zones" / f"{dialect}.sql", _render(statements), dialect)


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_sql_parses_back_in_its_dialect(dialect: str) -> None:
    read = DIALECTS[dialect].sqlglot_name
    zones = _calendar_statements(dialect, CUSTOMER_ZONES, ZONES_SCHEMA)
    for title, sql in [*_statements(dialect), *_calendar_statements(dialect), *zones]:
        if sql.startswith("-- "):
            continue
        tree = sqlglot.parse_one(sql, read=read, error_level=sqlglot.ErrorLevel.RAISE)
        assert tree.find(sqlglot.exp.Select) is not None, title
