"""Generated programs on every executed engine (SQLancer-style oracle testing): for random
well-typed conditions over random small shops, the members from the compiled SQL equal those of
the reference evaluator, and P and `not P` partition the customers (each member once).

Examples per engine are set by the Hypothesis profile: `default` for CI (a few hundred in-process,
fewer on servers and Spark), `thorough` for long local runs:
`python -m pytest tests/test_generated.py --hypothesis-profile=thorough`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import segdsl
from segdsl import ir
from segdsl.dialects import DIALECTS
from segdsl.reference import Dataset, Evaluator

from .backends import EXECUTED, Backend
from .generators import AS_OFS, conditions, datasets

SCHEMA = segdsl.load_schema(Path(__file__).parent.parent / "examples/shop/schema.yaml")

# Loading a dataset costs far more on a server or Spark than in-process: fewer examples there.
SHARE = {
    "duckdb": 1.0,
    "sqlite": 1.0,
    "clickhouse": 0.5,
    "postgres": 0.5,
    "mysql": 0.5,
    "spark": 0.1,
}


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


def _examples(name: str) -> int:
    return max(10, int(settings().max_examples * SHARE[name]))


def check_on(backend: Backend, data: Dataset, texts: list[str], as_of: dt.datetime) -> None:
    backend.load(data)
    evaluator = Evaluator(SCHEMA, data, as_of)
    everyone = {row["customer_id"] for row in data.customers}
    for text in texts:
        note(f"condition: {text}")
        condition = segdsl.check(text, SCHEMA)
        expected = evaluator.members(condition)
        sql = segdsl.compile_sql(condition, SCHEMA, dialect=backend.name, as_of=as_of)
        note(f"sql: {sql}")
        assert backend.members(sql) == expected, text
        negated = segdsl.compile_sql(ir.Not(condition), SCHEMA, dialect=backend.name, as_of=as_of)
        assert backend.members(negated) == everyone - expected, f"not ({text})"


def test_generated_conditions_match_the_reference(backend: Backend) -> None:
    @settings(max_examples=_examples(backend.name), deadline=None)
    @given(data=st.data(), texts=st.lists(conditions(), min_size=1, max_size=4))
    def run(data: st.DataObject, texts: list[str]) -> None:
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        shop = data.draw(datasets(as_of), label="dataset")
        check_on(backend, shop, texts, as_of)

    run()


@given(data=st.data(), text=conditions())
@settings(deadline=None)
def test_generated_conditions_type_check(data: st.DataObject, text: str) -> None:
    """The generator writes only well-typed programs, and each compiles for every dialect."""
    condition = segdsl.check(text, SCHEMA)
    as_of = data.draw(st.sampled_from([*AS_OFS, None]))
    for dialect in DIALECTS:
        assert segdsl.compile_sql(condition, SCHEMA, dialect=dialect, as_of=as_of)
