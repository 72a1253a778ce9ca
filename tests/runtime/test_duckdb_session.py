"""segdsl's DuckDB session settings keep an engine bug out of the answers: DuckDB 2.0's
statistics propagation answered `99.99 >= 610.99` as true in this query (a one-row CTE of a
filtered decimal sum, cross-joined after several LEFT JOINs), found by tests/sql/test_planner.py."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from segdsl.runtime.engines import prepare_duckdb_session

DATA = Path(__file__).parents[1] / "data" / "duckdb_statistics"


def test_the_session_answers_the_comparison_correctly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA.parent)  # EXPORT DATABASE files name each other relatively
    connection = duckdb.connect()
    prepare_duckdb_session(connection)
    connection.execute(f"IMPORT DATABASE '{DATA.name}'")
    rows = dict(connection.execute((DATA / "query.sql").read_text()).fetchall())
    # Customer 1's largest order is 99.99; the population sum is 610.99.
    assert rows[1] is False
    assert rows[3] is False
