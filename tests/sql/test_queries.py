"""The analytics queries of segdsl/sql/queries.py on their own, on DuckDB against the reference
evaluator: what a caller can ask of them beyond what `segdsl.runtime.analytics` asks (tested in
tests/runtime/test_analytics.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlglot import exp

import segdsl
from segdsl.demo.shop import build_shop
from segdsl.runtime.engines import prepare_duckdb_session
from segdsl.semantics.reference import Evaluator, load_dataset
from segdsl.sql import queries
from segdsl.sql.dialects import DIALECTS

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
ANCHOR = dt.datetime(2026, 11, 1)
CONDITIONS = [
    segdsl.check(text, SCHEMA)
    for text in ("purchases >= 2", 'country = "DE"', "last_open < 30d", "total_spent > 500")
]


@pytest.fixture(scope="module")
def connection() -> Iterator[Any]:
    con = duckdb.connect()
    build_shop(con, customers=300, seed=5, anchor=ANCHOR)
    prepare_duckdb_session(con)
    yield con
    con.close()


@pytest.fixture(scope="module")
def members(connection: Any) -> list[set[object]]:
    evaluator = Evaluator(SCHEMA, load_dataset(connection, SCHEMA), ANCHOR)
    return [evaluator.members(cond) for cond in CONDITIONS]


def _rows(connection: Any, query: exp.Expr) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute(DIALECTS["duckdb"].sql(query)).fetchall()]


def test_overlap_of_chosen_pairs(connection: Any, members: list[set[object]]) -> None:
    """Only the pairs asked for, in their order: one condition against the others."""
    pairs = [(2, 0), (2, 1), (2, 3)]
    query = queries.overlap_query(CONDITIONS, pairs, SCHEMA, DIALECTS["duckdb"], ANCHOR)
    [row] = _rows(connection, query)
    assert len(row) == 1 + len(CONDITIONS) + len(pairs)
    assert list(row[1:5]) == [len(m) for m in members]
    assert list(row[5:]) == [len(members[i] & members[j]) for i, j in pairs]
    assert all(row[5:]) and len({*row[5:]}) > 1  # the data makes the pairs differ


def test_member_flags_of_members_only(connection: Any, members: list[set[object]]) -> None:
    query = queries.member_flags_query(CONDITIONS, SCHEMA, DIALECTS["duckdb"], ANCHOR)
    rows = _rows(connection, query)
    assert {row[0] for row in rows} == set().union(*members)
    for index, expected in enumerate(members):
        assert {row[0] for row in rows if row[1 + index] == 1} == expected


def test_history_batches_answer_every_instant_in_order(connection: Any) -> None:
    """Instants beyond one query's batch go to further queries; each row ends with its step."""
    at = [ANCHOR - dt.timedelta(days=day) for day in range(queries.INSTANTS_PER_QUERY + 5)]
    batches = queries.history_queries(CONDITIONS[:1], at, SCHEMA, DIALECTS["duckdb"])
    assert len(batches) == 2
    steps = [row[-1] for query in batches for row in _rows(connection, query)]
    assert sorted(steps) == list(range(len(at)))
    [sizes] = _rows(
        connection, queries.sizes_query(CONDITIONS[:1], SCHEMA, DIALECTS["duckdb"], at[7])
    )
    [seventh] = [row for row in _rows(connection, batches[0]) if row[-1] == 7]
    assert seventh[:-1] == sizes
