"""The compiler on DuckDB against a hand-written shop whose answers are known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import sqlglot

import segdsl
from segdsl.semantics import ir
from tests.support.shop_fixture import AS_OF, build

SCHEMA = segdsl.load_schema(Path(__file__).parents[2] / "examples/shop/schema.yaml")
ALL = {1, 2, 3, 4, 5}


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = build(tmp_path_factory.mktemp("shop") / "shop.duckdb")
    return duckdb.connect(str(path), read_only=True)


def members(
    con: duckdb.DuckDBPyConnection, text: str, as_of: dt.datetime | None = AS_OF
) -> set[int]:
    sql = segdsl.compile_sql(text, SCHEMA, as_of=as_of)
    rows = con.sql(sql).fetchall()
    keys = [r[0] for r in rows]
    assert len(keys) == len(set(keys)), "every member exactly once"
    return set(keys)


# Expected members of single conditions live in tests/conformance/members.yaml, checked on
# the reference evaluator and every engine by tests/semantics/test_conformance.py.


@pytest.mark.parametrize(
    "condition",
    [
        "last_open < 30d",
        'country = "PL"',
        "consent_email",
        "total_spent / purchases > 70",
        "country in EU",
        'email contains "ann"',
        "top 40% by total_spent",
        "birth_date >= 25y",
    ],
)
def test_not_is_the_exact_complement(con: duckdb.DuckDBPyConnection, condition: str) -> None:
    yes = members(con, condition)
    no = members(con, f"not ({condition})")
    assert yes | no == ALL
    assert not yes & no


def test_events_after_as_of_do_not_exist(con: duckdb.DuckDBPyConnection) -> None:
    assert 5 not in members(con, "purchases >= 1")
    assert 5 in members(con, "purchases >= 1", AS_OF + dt.timedelta(days=2))
    # Earlier as-of: customer 1's later orders do not exist yet.
    assert members(con, "purchases >= 2", AS_OF - dt.timedelta(days=15)) == set()


def test_now_mode_uses_the_engine_clock(con: duckdb.DuckDBPyConnection) -> None:
    # The fixture's as-of lies in the past relative to the wall clock of any test run after it;
    # everything ordered ever is older than 0 hours.
    assert members(con, "last_order > 0h", None) == {1, 2, 4, 5}


def test_one_preaggregation_per_event_table() -> None:
    """Each event table is aggregated (GROUP BY) at most once; "has an event in the last 30
    days" is answered by a semi-join that reads only those rows, not by another aggregate."""
    sql = segdsl.compile_sql(
        "purchases >= 2 and total_spent > 10 and last_order < 30d "
        'and count(orders where category = "shoes") > 0 and last_open < 30d',
        SCHEMA,
        as_of=AS_OF,
    )
    grouped = [
        select.args["from_"].this.name
        for select in sqlglot.parse_one(sql, read="duckdb").find_all(sqlglot.exp.Select)
        if select.args.get("group")
    ]
    assert sorted(grouped) == ["orders"]  # email is only tested for presence
    assert "email_events" in sql


def test_shared_aggregates_are_computed_once() -> None:
    tree = segdsl.compile_expression("purchases > 1 and purchases < 5", SCHEMA, as_of=AS_OF)
    assert tree.sql("duckdb").count("COUNT(*)") == 1


def test_calendar_months_clamp_to_month_end() -> None:
    month = ir.DurationConst(1, "mo")
    assert ir.shift(dt.datetime(2024, 3, 31, 10), -1, month) == dt.datetime(2024, 2, 29, 10)
    assert ir.shift(dt.datetime(2024, 1, 31), 1, month) == dt.datetime(2024, 2, 29)
    year = ir.DurationConst(1, "y")
    assert ir.shift(dt.datetime(2024, 2, 29), -1, year) == dt.datetime(2023, 2, 28)
    assert ir.shift(dt.datetime(2024, 1, 1), -1, ir.DurationConst(2, "w")) == dt.datetime(
        2023, 12, 18
    )


def test_calendar_arithmetic_matches_duckdb(con: duckdb.DuckDBPyConnection) -> None:
    for when in (dt.datetime(2024, 3, 31, 10), dt.datetime(2023, 5, 31), dt.datetime(2024, 2, 29)):
        for amount, unit, sql_unit in ((1, "mo", "MONTH"), (13, "mo", "MONTH"), (1, "y", "YEAR")):
            ours = ir.shift(when, -1, ir.DurationConst(amount, unit))  # type: ignore[arg-type]
            row = con.execute(
                f"SELECT ?::TIMESTAMP - INTERVAL {amount} {sql_unit}", [when]
            ).fetchone()
            assert row is not None and row[0] == ours


# -- the calendar (docs/semantics.md, "Calendar periods", "Date parts") -----------------------


@pytest.mark.parametrize(
    "text",
    ["signup_at in this month", "birth_date in last 3 weeks", "signup_at in year to date"],
)
def test_periods_as_of_an_instant_are_literal_instants(text: str) -> None:
    """segdsl works out the instants itself: the SQL names no zone, whatever the dialect."""
    for dialect in segdsl.dialects():
        sql = segdsl.compile_sql(text, SCHEMA, dialect=dialect, as_of=AS_OF)
        assert "Warsaw" not in sql, dialect


def test_a_date_part_of_the_as_of_instant_is_a_number() -> None:
    sql = segdsl.compile_sql("hour(now) = 1 and purchases > 0", SCHEMA, as_of=AS_OF)
    assert "1 = 1" in sql and "Warsaw" not in sql  # 2026-11-01 00:00 UTC is 01:00 in Warsaw


@pytest.mark.parametrize(
    ("dialect", "text", "warned"),
    [
        ("sqlite", "hour(signup_at) > 18", True),
        ("sqlite", "signup_at in this month", True),  # without --as-of the engine reads today
        ("sqlite", "signup_at in 2026-03", False),  # a named period: instants in the SQL
        ("sqlite", "month(birth_date) = 3", False),  # a date is never moved into a zone
        ("mysql", "weekday(last_order) >= 6", True),
        ("mysql", "signup_at in 2026", False),
        ("duckdb", "hour(signup_at) > 18", False),
    ],
)
def test_dialects_warn_where_their_sql_reads_the_zone(
    dialect: str, text: str, warned: bool
) -> None:
    from segdsl.sql.dialects import DIALECTS

    notes = DIALECTS[dialect].notes([segdsl.check(text, SCHEMA)])
    assert [n.code for n in notes] == (["W501"] if warned else [])
    assert all("Europe/Warsaw" in n.message for n in notes)


def test_sql_server_refuses_what_needs_a_zone_in_the_sql() -> None:
    for text in ("hour(signup_at) > 18", "signup_at in last month"):
        with pytest.raises(segdsl.SegdslError) as raised:
            segdsl.compile_sql(text, SCHEMA, dialect="tsql")
        (diagnostic,) = raised.value.diagnostics
        assert diagnostic.code == "E262" and diagnostic.span is not None
    assert segdsl.compile_sql("signup_at in last month", SCHEMA, dialect="tsql", as_of=AS_OF)


@pytest.mark.parametrize(
    ("text", "needs_as_of"),
    [
        ("anniversary(birth_date) in today", False),
        ("anniversary(birth_date) in last 365 days", False),
        ("anniversary(birth_date) in 2026-02", False),  # a named period: days in the SQL
        ("anniversary(birth_date) in last 366 days", True),  # may span three years
        ("anniversary(birth_date) in this month", True),
        ("anniversary(signup_at) in next week", True),
        ("anniversary(birth_date) in year to date", True),
    ],
)
def test_without_as_of_an_anniversary_is_asked_of_days(text: str, needs_as_of: bool) -> None:
    assert segdsl.compile_sql(text, SCHEMA, as_of=AS_OF)
    if not needs_as_of:
        assert segdsl.compile_sql(text, SCHEMA)
        return
    with pytest.raises(segdsl.SegdslError) as raised:
        segdsl.compile_sql(text, SCHEMA)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code == "E263" and diagnostic.span is not None


def test_an_anniversary_across_the_year_end_asks_for_two_years() -> None:
    sql = segdsl.compile_sql(
        "anniversary(birth_date) in next 7 days",
        SCHEMA,
        as_of=dt.datetime(2026, 12, 28),
    )
    assert "MONTH(c.birth_date) = 12 AND DAY(c.birth_date) >= 29) AND c.birth_date < CAST(" in sql
    assert "MONTH(c.birth_date) = 1 AND DAY(c.birth_date) < 5) AND c.birth_date < CAST(" in sql


def test_a_day_beyond_the_calendar_on_the_zone_s_clocks_is_an_error() -> None:
    """At 9999-12-31T23:30 UTC it is already the year 10000 in Warsaw."""
    for text in ("signup_at in this year", "hour(now) = 0 and purchases > 0"):
        with pytest.raises(segdsl.SegdslError) as raised:
            segdsl.compile_sql(text, SCHEMA, as_of=dt.datetime(9999, 12, 31, 23, 30))
        (diagnostic,) = raised.value.diagnostics
        assert diagnostic.code == "E225" and diagnostic.span is not None
