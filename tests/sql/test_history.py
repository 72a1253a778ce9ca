"""History in one pass (segdsl/sql/history.py) against the sizes of each instant on its own and
the reference evaluator, on every executed engine, for generated segment files and datasets:
at every instant where an event enters, leaves a window or ages past a bound (and a microsecond
either side), the summed changes equal the per-instant counts, and who entered and left equals
the difference of the reference's member sets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given, note, settings
from hypothesis import strategies as st

import segdsl
from segdsl.runtime import analytics
from segdsl.semantics import ir
from segdsl.semantics.reference import Dataset, Evaluator
from segdsl.sql import queries
from segdsl.sql.dialects import DIALECTS
from segdsl.sql.history import one_pass_history, one_pass_supported
from tests.support.backends import EXECUTED, Backend
from tests.support.generators import AS_OFS, segment_files, varied_datasets

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
# A share of the profile's examples: each runs the history and every batch of instants.
# (5 to 20 s an example on DuckDB: most of it builds and runs the literal tables of instants and
# of day numbers, which span the generated dates' decades.)
SHARE = {
    "duckdb": 0.03,
    "sqlite": 0.03,
    "clickhouse": 0.02,
    "postgres": 0.02,
    "mysql": 0.02,
    "spark": 0.005,
}
MICROSECOND = dt.timedelta(microseconds=1)


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


def flip_instants(data: Dataset, conditions: list[ir.Cond]) -> list[dt.datetime]:
    """Every instant at which a membership may change: each time in the data (events, sign-ups
    and birth dates) and each time plus each duration the conditions use, a microsecond either
    side too; at most the history's limit."""
    times: set[dt.datetime] = set()
    for rows in [data.customers, *data.events.values()]:
        for row in rows:
            for value in row.values():
                if isinstance(value, dt.datetime):
                    times.add(value)
                elif isinstance(value, dt.date):
                    times.add(dt.datetime(value.year, value.month, value.day))
    durations = {
        (duration.amount, duration.unit): duration
        for cond in conditions
        for node in ir.walk(cond)  # also through aggregates' filters
        for duration in [node.duration if isinstance(node, ir.AgeCompare) else node]
        if isinstance(duration, ir.DurationConst)
    }
    shifted = {ir.shift(time, 1, d) for time in times for d in durations.values()}
    near = {t + d for t in times | shifted for d in (-MICROSECOND, dt.timedelta(0), MICROSECOND)}
    return sorted(near)[: analytics.MAX_INSTANTS]


def check_history_on(backend: Backend, data: Dataset, text: str) -> None:
    backend.load(data)
    checked = segdsl.check_module(text, SCHEMA, name="generated.seg")
    measures = analytics.measures_of(checked)
    one_pass = [m for m in measures if one_pass_supported([m.condition], SCHEMA)]
    assume(one_pass)
    note(f"in one pass: {[m.name for m in one_pass]}")
    at = flip_instants(data, [m.condition for m in one_pass])
    database = backend.as_database()
    dialect = DIALECTS[backend.name]
    conditions = [m.condition for m in one_pass]
    query = one_pass_history(conditions, at, SCHEMA, dialect)
    assert query is not None
    note(dialect.sql(query))
    series = analytics.history(database, SCHEMA, one_pass, at)
    moves = analytics.changes(database, SCHEMA, one_pass, at)
    each: dict[int, tuple[object, ...]] = {}
    for batch in queries.history_queries(conditions, at, SCHEMA, dialect):
        for rows in database.query(dialect.sql(batch)).batches:
            each.update((int(row[-1]), tuple(row)) for row in rows)
    previous: dict[str, set[object]] | None = None
    for index, (point, move) in enumerate(zip(series, moves, strict=True)):
        alone = each[index]
        assert point.total == int(alone[0]), point.as_of
        assert point.counts == {
            m.name: int(c or 0) for m, c in zip(one_pass, alone[1:-1], strict=True)
        }, point.as_of
        evaluator = Evaluator(SCHEMA, data, point.as_of)
        members = {m.name: evaluator.members(m.condition) for m in one_pass}
        assert point.counts == {name: len(keys) for name, keys in members.items()}, point.as_of
        if previous is None:
            assert move.entered is None and move.left is None
        else:
            assert move.entered == {n: len(members[n] - previous[n]) for n in members}
            assert move.left == {n: len(previous[n] - members[n]) for n in members}
        previous = members


def test_one_pass_history_agrees_with_each_instant(backend: Backend) -> None:
    examples = max(2, int(settings().max_examples * SHARE[backend.name]))

    @settings(max_examples=examples, deadline=None)
    @given(data=st.data(), text=segment_files())
    def run(data: st.DataObject, text: str) -> None:
        note(text)
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        check_history_on(backend, data.draw(varied_datasets(as_of), label="dataset"), text)

    run()


SEEDS = (ROOT / "benchmarks/seeds.seg").read_text(encoding="utf-8")


def test_what_is_answered_in_one_pass() -> None:
    """Rankings, aggregates over all customers and sequences need more than one customer's
    running values at each instant; counts, sums and latest events do not."""
    checked = segdsl.check_module(SEEDS, SCHEMA, name="seeds.seg")
    supported = {
        name: one_pass_supported([segment.condition], SCHEMA)
        for name, segment in checked.segments.items()
    }
    assert [name for name, yes in supported.items() if not yes] == ["vip", "cart_abandoners"]
    for text in ["count(customers where purchases > 0) > 2", "signup_at in last month"]:
        assert not one_pass_supported([segdsl.check(text, SCHEMA)], SCHEMA)


def test_the_longest_history_runs_on_every_engine(backend: Backend, dataset: Dataset) -> None:
    """The most instants a history allows, in one pass: the table of instants must not exceed
    an engine's limits on query size (Spark's driver ran out of memory on a union of them)."""
    backend.load(dataset)
    condition = segdsl.check("purchases >= 1 and last_order < 90d", SCHEMA)
    assert one_pass_supported([condition], SCHEMA)
    measure = analytics.Measure("buyers", condition)
    start = dt.datetime(2023, 6, 1)
    at = [start + dt.timedelta(days=step) for step in range(analytics.MAX_INSTANTS)]
    series = analytics.history(backend.as_database(), SCHEMA, [measure], at)
    assert len(series) == analytics.MAX_INSTANTS
    for point in (series[0], series[len(series) // 2], series[-1]):
        members = Evaluator(SCHEMA, dataset, point.as_of).members(condition)
        assert point.counts == {"buyers": len(members)}, point.as_of
