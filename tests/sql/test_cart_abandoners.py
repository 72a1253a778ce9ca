"""`cart_abandoners` of examples/shop/segments.seg, an open-ended sequence, has exactly the
members of its former spelling "the latest cart add is in the last 24 hours and the latest order,
if any, is before it" (docs/semantics.md, "Sequences"), on every executed engine: on the demo
shop and on generated shops whose events lie on the edges (24 hours before the as-of instant,
at it, a microsecond either side, at one instant on both streams)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import segdsl
from segdsl.demo.shop import build_shop
from segdsl.runtime.analytics import measures_of, sizes
from segdsl.semantics import ir
from segdsl.semantics.reference import Dataset, Evaluator, load_dataset
from tests.support.backends import EXECUTED, Backend
from tests.support.generators import AS_OFS, datasets

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
CHECKED = segdsl.check_module(segdsl.parse_file(ROOT / "examples/shop/segments.seg"), SCHEMA)
FORMER = segdsl.check(
    "last_cart_add < 24h and (last_order is missing or last_order < last_cart_add)", SCHEMA
)
SEQUENCE = CHECKED.segments["cart_abandoners"].condition
DEMO_AS_OF = dt.datetime(2026, 11, 1)
# Loading a generated shop costs far more on a server or Spark than in-process.
EXAMPLES = {"duckdb": 60, "sqlite": 60, "clickhouse": 25, "postgres": 25, "mysql": 25, "spark": 8}


def test_cart_abandoners_is_the_open_ended_sequence() -> None:
    assert isinstance(SEQUENCE, ir.Sequence)
    assert SEQUENCE.negated and SEQUENCE.window is None


@pytest.fixture(scope="module")
def demo_shop(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    path = tmp_path_factory.mktemp("cart_abandoners") / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        build_shop(con, customers=200, seed=11, anchor=DEMO_AS_OF)
    with duckdb.connect(str(path), read_only=True) as con:
        return load_dataset(con, SCHEMA)


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


def _both(backend: Backend, data: Dataset, as_of: dt.datetime) -> set[object]:
    """The members of both spellings on `backend`, after checking that they are the same and
    those of the reference evaluator."""
    backend.load(data)
    expected = Evaluator(SCHEMA, data, as_of).members(FORMER)
    for condition in (SEQUENCE, FORMER):
        sql = segdsl.compile_sql(condition, SCHEMA, dialect=backend.name, as_of=as_of)
        assert backend.members(sql) == expected, sql
    return expected


def test_on_the_demo_shop(backend: Backend, demo_shop: Dataset) -> None:
    members = _both(backend, demo_shop, DEMO_AS_OF)
    assert members, "a demo shop with no cart abandoners would prove nothing"


def _edges(as_of: dt.datetime) -> list[dt.datetime]:
    micro, day = dt.timedelta(microseconds=1), dt.timedelta(hours=24)
    return sorted(
        {as_of + k * micro for k in (-1, 0, 1)} | {as_of - day + k * micro for k in (-1, 0, 1)}
    )


def test_on_generated_shops(backend: Backend) -> None:
    @settings(max_examples=EXAMPLES[backend.name], deadline=None)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        _both(backend, data.draw(datasets(as_of, _edges(as_of)), label="dataset"), as_of)

    run()


def test_in_several_segments_of_one_file(backend: Backend, demo_shop: Dataset) -> None:
    """The whole-file count tests the sequence once per segment that reads it: MariaDB refused
    a query whose aggregates test twice a CTE filtered by HAVING."""
    sequence = 'web where type = "add_to_cart" and ts < 24h then no orders since'
    text = (
        f"segment abandoners = {sequence}\n"
        f'segment abandoners_outside_de = {sequence} and country != "DE"\n'
    )
    module = segdsl.check_module(text, SCHEMA, name="file.seg")
    backend.load(demo_shop)
    reference = Evaluator(SCHEMA, demo_shop, DEMO_AS_OF)
    measures = measures_of(module)
    counted = sizes(backend.as_database(), SCHEMA, measures, DEMO_AS_OF)
    assert counted.counts == {m.name: len(reference.members(m.condition)) for m in measures}
    assert counted.counts["abandoners_outside_de"] > 0
