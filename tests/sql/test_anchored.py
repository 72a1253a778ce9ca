"""Anchors that are themselves anchored (docs/semantics.md, "Customer-anchored windows"): a
metric whose filter reads the sign-up, read by the filter of another metric and of conditions,
computed one level after the other, on every executed engine against the reference evaluator,
on the anchored shop (tests/support/anchored_fixture.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

import segdsl
from segdsl.semantics import ir
from segdsl.semantics.reference import Dataset, Evaluator, load_dataset
from tests.support import anchored_fixture
from tests.support.backends import EXECUTED, Backend

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.schema_from_text(
    (ROOT / "examples/shop/schema.yaml")
    .read_text(encoding="utf-8")
    .replace(
        "metrics:\n",
        "metrics:\n"
        "  early: count(orders where created_at < signup_at + 30d)\n"
        "  first_late: min(orders.created_at where early >= 1 and created_at >= signup_at + 30d)\n",
    ),
    "schema.yaml",
)
# condition, members
CASES = [
    ("count(orders where amount > early) >= 2", [1, 5]),
    ("count(orders where created_at <= first_late) = 2", [1]),
    ("last(orders.amount where created_at > first_late) = 40", [1]),
    ("top 20% by count(orders where created_at >= first_late)", [1]),
    ("not count(orders where created_at < first_late) = 1", [2, 3, 5, 6, 7, 8, 9, 10, 11]),
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    path = anchored_fixture.build(tmp_path_factory.mktemp("anchored") / "shop.duckdb")
    with duckdb.connect(str(path), read_only=True) as con:
        return load_dataset(con, SCHEMA)


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest, dataset: Dataset) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    engine.load(dataset)
    yield engine
    engine.close()


def test_the_reference_computes_anchors_of_anchors(dataset: Dataset) -> None:
    evaluator = Evaluator(SCHEMA, dataset, anchored_fixture.AS_OF)
    for text, members in CASES:
        assert evaluator.members(segdsl.check(text, SCHEMA)) == set(members), text


def test_anchors_of_anchors_on_every_engine(backend: Backend) -> None:
    for text, members in CASES:
        condition = segdsl.check(text, SCHEMA)
        outer = next(n for n in ir.walk(condition) if isinstance(n, ir.Agg))
        assert any(isinstance(n, ir.Agg) for a in ir.anchors(outer) for n in ir.walk(a))
        sql = segdsl.compile_sql(
            condition, SCHEMA, dialect=backend.name, as_of=anchored_fixture.AS_OF
        )
        assert "anchors_2" in sql, text  # the first level's metric, then the second's
        assert backend.members(sql) == set(members), (backend.name, text)
