"""Sparse rankings (docs/semantics.md, "Population-relative conditions") when no customer has
the metric's events: every customer then has the value 0 and the ranking is over them alone.
The count of those at or after 0 is a count over no rows, 0 on every engine, never NULL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import segdsl
from segdsl.semantics.reference import Evaluator
from tests.support.backends import EXECUTED, Backend, dataset_from_rows

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
AS_OF = dt.datetime(2026, 3, 31, 12)
# All tied at 0, every customer's cumulative share is 1: in the top 100% and not the top 10%.
RANKINGS = {
    "top 100% by total_spent": {1, 2, 3},
    "top 10% by total_spent": set(),
    "bottom 100% by purchases": {1, 2, 3},
}


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


def test_a_ranking_over_customers_without_events(backend: Backend) -> None:
    data = dataset_from_rows([{"customer_id": key, "signup_at": None} for key in (1, 2, 3)], {})
    backend.load(data)
    evaluator = Evaluator(SCHEMA, data, AS_OF)
    for text, expected in RANKINGS.items():
        condition = segdsl.check(text, SCHEMA)
        sql = segdsl.compile_sql(condition, SCHEMA, dialect=backend.name, as_of=AS_OF)
        assert evaluator.members(condition) == expected, text
        assert backend.members(sql) == expected, text
