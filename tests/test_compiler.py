"""The compiler on DuckDB against a hand-written shop whose answers are known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import sqlglot

import segdsl
from segdsl import ir

from .shop_fixture import AS_OF, build

SCHEMA = segdsl.load_schema(Path(__file__).parent.parent / "examples/shop/schema.yaml")
ALL = {1, 2, 3, 4, 5}


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = build(tmp_path_factory.mktemp("shop") / "shop.duckdb")
    return duckdb.connect(str(path), read_only=True)


def members(
    con: duckdb.DuckDBPyConnection, text: str, as_of: dt.datetime | None = AS_OF
) -> set[int]:
    sql = segdsl.compile_sql(text, SCHEMA, "duckdb", as_of)
    rows = con.sql(sql).fetchall()
    keys = [r[0] for r in rows]
    assert len(keys) == len(set(keys)), "every member exactly once"
    return set(keys)


# Expected members of single conditions live in tests/conformance/members.yaml, checked on
# the reference evaluator and every engine by tests/test_conformance.py.


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
        "duckdb",
        AS_OF,
    )
    grouped = [
        select.args["from_"].this.name
        for select in sqlglot.parse_one(sql, read="duckdb").find_all(sqlglot.exp.Select)
        if select.args.get("group")
    ]
    assert sorted(grouped) == ["orders"]  # email is only tested for presence
    assert "email_events" in sql


def test_shared_aggregates_are_computed_once() -> None:
    tree = segdsl.compile_expression("purchases > 1 and purchases < 5", SCHEMA, "duckdb", AS_OF)
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
