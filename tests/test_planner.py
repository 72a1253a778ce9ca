"""The planner's oracle: the rewritten member query (segdsl/shapes.py, `Lowering.members`), the
plain one (`rewrites=False`: one aggregate per event table, the condition in WHERE) and the
reference evaluator agree on every executed engine, for generated segment files weighted toward
what the rewrites touch (tests/generators.py `planner_file`). For each file, the whole-file
paths of the CLI agree with the single-segment ones: the sizes of `segdsl run FILE` (one query),
the columns of `run FILE --out` (the membership table), and the members of `run FILE --segment
X` and `compile FILE --segment X`.

Examples per engine follow the Hypothesis profile (`thorough` for long runs:
`python -m pytest tests/test_planner.py --hypothesis-profile=thorough`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from sqlglot import exp

import segdsl
from segdsl import ir
from segdsl.analytics import measures_of, membership_query, sizes
from segdsl.cli import sample_attributes
from segdsl.compiler import members_query
from segdsl.dialects import DIALECTS
from segdsl.engines import Database, QueryResult
from segdsl.reference import Dataset, Evaluator
from segdsl.syntax import parse_module

from .backends import EXECUTED, Backend
from .generators import AS_OFS, planner_file, varied_datasets

ROOT = Path(__file__).parent.parent
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
# What `run FILE --segment X` selects besides the key (any extra column turns off the
# ranking-only shortcut, so this is a plan of its own).
SAMPLE_COLUMNS = tuple(SCHEMA.attributes[name].column for name in sample_attributes(SCHEMA))

# A file is several segments, each run four ways plus two whole-file queries: a share of the
# profile's examples, fewer where loading a dataset and running a query are slow.
SHARE = {
    "duckdb": 0.2,
    "sqlite": 0.2,
    "clickhouse": 0.1,
    "postgres": 0.1,
    "mysql": 0.1,
    "spark": 0.005,
}


class BackendDatabase(Database):
    """A test engine behind segdsl's database interface, for the analytics functions the CLI
    calls (`analytics.sizes`)."""

    def __init__(self, backend: Backend) -> None:
        super().__init__(None)
        self.backend = backend
        self.dialect = backend.name
        self.display_name = backend.name

    def _execute(self, sql: str) -> QueryResult:
        return QueryResult([], iter([self.backend.rows(sql)]))

    def close(self) -> None:
        """The backend fixture owns the connection."""


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


def check_file_on(backend: Backend, data: Dataset, text: str, as_of: dt.datetime) -> None:
    """Every plan of every segment and partition label of the file gives the reference's
    members, and the whole-file queries give the same counts and flags."""
    backend.load(data)
    evaluator = Evaluator(SCHEMA, data, as_of)
    everyone = {row["customer_id"] for row in data.customers}
    dialect = DIALECTS[backend.name]
    checked = segdsl.check_file(parse_module(text, "generated.seg"), SCHEMA)
    measures = measures_of(checked)
    found: dict[str, set[int]] = {}  # by SQL text: plans often coincide

    def members(tree: exp.Select) -> set[int]:
        sql = dialect.sql(tree, copy=False)
        if sql not in found:
            note(sql)
            found[sql] = backend.members(sql)
        return found[sql]

    expected: dict[str, set[int]] = {}
    for measure in measures:
        cond = measure.condition
        expected[measure.name] = want = evaluator.members(cond)
        plain = members_query(cond, SCHEMA, dialect, as_of, rewrites=False)
        assert members(plain) == want, (measure.name, "plain")
        assert members(members_query(cond, SCHEMA, dialect, as_of)) == want, measure.name
        negated = members_query(ir.Not(cond), SCHEMA, dialect, as_of)
        assert members(negated) == everyone - want, (measure.name, "negated")
        sampled = members_query(cond, SCHEMA, dialect, as_of, SAMPLE_COLUMNS)
        assert members(sampled) == want, (measure.name, "with the sample's columns")
    counted = sizes(BackendDatabase(backend), SCHEMA, measures, as_of)
    assert counted.total == len(everyone)
    assert counted.counts == {name: len(members) for name, members in expected.items()}
    query = membership_query(checked, SCHEMA, dialect, as_of)
    table = backend.rows(dialect.sql(query, copy=False))
    assert sorted(row[0] for row in table) == sorted(everyone)
    for index, name in enumerate(checked.segments, start=1):
        flagged = {row[0] for row in table if int(row[index]) == 1}
        assert flagged == expected[name], (name, "membership table")
    for index, partition in enumerate(checked.partitions.values(), start=1 + len(checked.segments)):
        labels = {row[0]: row[index] for row in table}
        assert labels == evaluator.partition(partition.value), (partition.name, "labels")


def test_generated_files_every_plan_agrees(backend: Backend) -> None:
    examples = max(2, int(settings().max_examples * SHARE[backend.name]))

    @settings(max_examples=examples, deadline=None)
    @given(data=st.data(), text=planner_file())
    def run(data: st.DataObject, text: str) -> None:
        note(text)
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        shop = data.draw(varied_datasets(as_of), label="dataset")
        check_file_on(backend, shop, text, as_of)

    run()
