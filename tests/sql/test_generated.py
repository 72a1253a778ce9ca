"""Generated programs on every executed engine (SQLancer-style oracle testing): for random
well-typed conditions over random small shops, the members from the compiled SQL equal those of
the reference evaluator, and P and `not P` partition the customers (each member once).

Examples per engine are set by the Hypothesis profile: `default` for CI (a few hundred in-process,
fewer on servers and Spark), `thorough` for long local runs:
`python -m pytest tests/sql/test_generated.py --hypothesis-profile=thorough`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import segdsl
from segdsl.semantics import ir
from segdsl.semantics.reference import Dataset, Evaluator
from segdsl.semantics.schema import Schema
from segdsl.sql.dialects import DIALECTS
from tests.support import history_fixture
from tests.support.backends import EXECUTED, Backend
from tests.support.generators import (
    AS_OFS,
    CUSTOMER_ZONES,
    ZONES,
    atom,
    behaviour_atom,
    bound_instants,
    calendar_atom,
    calendar_instants,
    combined,
    conditions,
    datasets,
    every_stream_of_existing,
    of_existing_customers,
    regular_atom,
    sequence_atom,
    sequence_instants,
)
from tests.support.zones_fixture import with_customer_zones

SCHEMA = segdsl.load_schema(Path(__file__).parents[2] / "examples/shop/schema.yaml")

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


def check_on(
    backend: Backend, data: Dataset, texts: list[str], as_of: dt.datetime, schema: Schema
) -> None:
    backend.load(data)
    evaluator = Evaluator(schema, data, as_of)
    everyone = {row["customer_id"] for row in evaluator.customers}  # those who exist
    for text in texts:
        note(f"condition: {text}")
        condition = segdsl.check(text, schema)
        expected = evaluator.members(condition)
        sql = segdsl.compile_sql(condition, schema, dialect=backend.name, as_of=as_of)
        note(f"sql: {sql}")
        assert backend.members(sql) == expected, text
        negated = segdsl.compile_sql(ir.Not(condition), schema, dialect=backend.name, as_of=as_of)
        assert backend.members(negated) == everyone - expected, f"not ({text})"


def test_generated_conditions_match_the_reference(backend: Backend) -> None:
    @settings(max_examples=_examples(backend.name), deadline=None)
    @given(data=st.data(), texts=st.lists(conditions(), min_size=1, max_size=4))
    def run(data: st.DataObject, texts: list[str]) -> None:
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        zone = data.draw(st.sampled_from(ZONES), label="time zone")
        shop = data.draw(datasets(as_of, calendar_instants(as_of, zone)), label="dataset")
        check_on(backend, shop, texts, as_of, dataclasses.replace(SCHEMA, time_zone=zone))

    run()


def test_generated_behaviour_conditions_match_the_reference(backend: Backend) -> None:
    """Value traits, distinct counts, active days and splits, mostly among themselves: the
    ties of equal instants and equal counts, strings equal but for case or trailing spaces,
    days either side of midnight on the zone's clocks."""
    behaviour = combined(st.one_of(behaviour_atom(), behaviour_atom(), atom()))

    @settings(max_examples=_examples(backend.name), deadline=None)
    @given(data=st.data(), texts=st.lists(behaviour, min_size=1, max_size=4))
    def run(data: st.DataObject, texts: list[str]) -> None:
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        zone = data.draw(st.sampled_from(ZONES), label="time zone")
        shop = data.draw(datasets(as_of, calendar_instants(as_of, zone)), label="dataset")
        check_on(backend, shop, texts, as_of, dataclasses.replace(SCHEMA, time_zone=zone))

    run()


def test_generated_regular_activity_matches_the_reference(backend: Backend) -> None:
    """Regular activity: events on the edges of every period (each period's bounds, a
    microsecond either side), in every zone of the generators."""
    regular = combined(st.one_of(regular_atom(), regular_atom(), atom()), max_leaves=3)

    @settings(max_examples=_examples(backend.name), deadline=None)
    @given(data=st.data(), texts=st.lists(regular, min_size=1, max_size=3))
    def run(data: st.DataObject, texts: list[str]) -> None:
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        zone = data.draw(st.sampled_from(ZONES), label="time zone")
        schema = dataclasses.replace(SCHEMA, time_zone=zone)
        edges = {b for text in texts for b in bound_instants(segdsl.check(text, schema), as_of)}
        shop = data.draw(datasets(as_of, sorted(edges)), label="dataset")
        check_on(backend, shop, texts, as_of, schema)

    run()


def test_generated_sequences_match_the_reference(backend: Backend) -> None:
    """Sequences over shops whose events lie one and two windows before the as-of instant
    and a microsecond either side: followers exactly at a window's end, at the first event's
    instant, windows closing at the as-of instant, events of `without` at either end."""
    sequences = combined(st.one_of(sequence_atom(), sequence_atom(), atom()))

    @settings(max_examples=_examples(backend.name), deadline=None)
    @given(data=st.data(), texts=st.lists(sequences, min_size=1, max_size=4))
    def run(data: st.DataObject, texts: list[str]) -> None:
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        shop = data.draw(datasets(as_of, sequence_instants(as_of)), label="dataset")
        # Sequences compare instants only: the zone's calendar is the other tests' matter.
        check_on(backend, shop, texts, as_of, dataclasses.replace(SCHEMA, time_zone="UTC"))

    run()


def test_generated_events_of_existing_customers_match_the_reference(backend: Backend) -> None:
    """With every stream declared `of_existing` (docs/schema.md), on data that keeps the
    promise: members read from events' keys without the customer table, sequences among them."""
    declared = every_stream_of_existing(dataclasses.replace(SCHEMA, time_zone="UTC"))
    mixed = combined(st.one_of(sequence_atom(), behaviour_atom(), atom(), atom()))

    @settings(max_examples=_examples(backend.name), deadline=None)
    @given(data=st.data(), texts=st.lists(mixed, min_size=1, max_size=4))
    def run(data: st.DataObject, texts: list[str]) -> None:
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        shop = data.draw(datasets(as_of, sequence_instants(as_of)), label="dataset")
        check_on(backend, of_existing_customers(shop, declared), texts, as_of, declared)

    run()


def test_generated_attribute_history_matches_the_reference(backend: Backend) -> None:
    """Conditions over customers whose country and consent have a history: periods that
    overlap, start together, end at the as-of instant or a microsecond either side, have no
    start; read wherever attributes are (partitions' arms, rankings, aggregates over all
    customers, anchored filters)."""

    @settings(max_examples=_examples(backend.name), deadline=None)
    @given(data=st.data(), texts=st.lists(conditions(), min_size=1, max_size=4))
    def run(data: st.DataObject, texts: list[str]) -> None:
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        shop = data.draw(datasets(as_of, history=True), label="dataset")
        check_on(backend, shop, texts, as_of, history_fixture.with_history(SCHEMA))

    run()


def test_generated_calendar_conditions_match_the_reference(backend: Backend) -> None:
    """Calendar periods, anniversaries and date parts among themselves: the days either side
    of a period's ends on the zone's clocks, anniversaries across the year end and on
    29 February."""
    calendar = combined(st.one_of(calendar_atom(), calendar_atom(), atom()))

    @settings(max_examples=_examples(backend.name), deadline=None)
    @given(data=st.data(), texts=st.lists(calendar, min_size=1, max_size=4))
    def run(data: st.DataObject, texts: list[str]) -> None:
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        zone = data.draw(st.sampled_from(ZONES), label="time zone")
        shop = data.draw(datasets(as_of, calendar_instants(as_of, zone)), label="dataset")
        check_on(backend, shop, texts, as_of, dataclasses.replace(SCHEMA, time_zone=zone))

    run()


def test_generated_customer_zones_match_the_reference(backend: Backend) -> None:
    """Calendar periods, anniversaries, date parts, active days and regular activity on each
    customer's own clocks (docs/semantics.md, "Per-customer time zones"): customers in every
    zone of the generators or in none (the project's), the days either side of each zone's
    period ends. The dialects that cannot read a zone per row refuse these (E264; conformance
    tests)."""
    if not DIALECTS[backend.name].per_row_zone:
        pytest.skip(f"{backend.name} refuses each customer's own zone (E264)")
    atoms = st.one_of(calendar_atom(), regular_atom(), behaviour_atom(), atom())
    # A sequence's filter cannot ask a customer's calendar (E281).
    calendar = combined(atoms, max_leaves=3).filter(lambda text: " then " not in text)

    @settings(max_examples=_examples(backend.name), deadline=None)
    @given(data=st.data(), texts=st.lists(calendar, min_size=1, max_size=3))
    def run(data: st.DataObject, texts: list[str]) -> None:
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        zone = data.draw(st.sampled_from(ZONES), label="project's time zone")
        schema = with_customer_zones(dataclasses.replace(SCHEMA, time_zone=zone))
        edges = {b for text in texts for b in bound_instants(segdsl.check(text, schema), as_of)}
        around = sorted({*calendar_instants(as_of, *CUSTOMER_ZONES), *edges})
        shop = data.draw(datasets(as_of, around), label="dataset")
        check_on(backend, shop, texts, as_of, schema)

    run()


@given(data=st.data(), text=conditions())
@settings(deadline=None)
def test_generated_conditions_type_check(data: st.DataObject, text: str) -> None:
    """The generator writes only well-typed programs, and each compiles for every dialect, but
    for what `check --dialect` says the dialect cannot compile (E275)."""
    condition = segdsl.check(text, SCHEMA)
    as_of = data.draw(st.sampled_from([*AS_OFS, None]))
    for name, dialect in DIALECTS.items():
        refused = any(note.is_error for note in dialect.notes([condition]))
        try:
            assert segdsl.compile_sql(condition, SCHEMA, dialect=name, as_of=as_of)
            assert not refused, f"{name}: `check --dialect` refuses what compiles"
        except segdsl.SegdslError as error:
            # SQL Server knows no IANA zone (E262) and hashes no UTF-8 text (E275, which
            # `check --dialect` reports too): SQL that needs either is refused.
            allowed = set() if dialect.zone_conversion else {"E262"}
            allowed |= {"E275"} if refused else set()
            # Without --as-of, an anniversary is asked of days from today only (E263).
            allowed |= {"E263"} if as_of is None else set()
            assert {d.code for d in error.diagnostics} <= allowed, error
