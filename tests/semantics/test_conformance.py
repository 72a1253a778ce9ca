"""The conformance suite (tests/conformance/*.yaml) on the reference evaluator and on every
executed engine: the same members everywhere, and the same located errors for mistakes.

A case runs on the file's dataset as of its instant unless it names its own `dataset`,
`as_of`, and schema `time_zone` and `since` (`since: null`: every customer always exists);
`customer_zones: true` reads each customer's own zone from their `time_zone`
(tests/support/zones_fixture.py); `history: true` reads the country and the consent from the
history table (tests/support/history_fixture.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

import segdsl
from segdsl.diagnostics import SegdslError
from segdsl.semantics.reference import Dataset, Evaluator, load_dataset
from segdsl.semantics.schema import Schema
from segdsl.sql.compiler import members_query
from segdsl.sql.dialects import DIALECTS, Dialect
from segdsl.sql.queries import history_queries, members_table_query, membership_query
from tests.support import (
    anchored_fixture,
    behaviour_fixture,
    calendar_fixture,
    history_fixture,
    regular_fixture,
    shop_fixture,
    zones_fixture,
)
from tests.support.backends import EXECUTED, Backend

HERE = Path(__file__).parents[1]
SCHEMA = segdsl.load_schema(HERE.parent / "examples/shop/schema.yaml")
MEMBERS = yaml.safe_load((HERE / "conformance/members.yaml").read_text(encoding="utf-8"))
ERRORS = yaml.safe_load((HERE / "conformance/errors.yaml").read_text(encoding="utf-8"))
AS_OF: dt.datetime = MEMBERS["as_of"]
CASES: list[dict[str, Any]] = MEMBERS["cases"]
BUILDERS: dict[str, Callable[[Path], Path]] = {
    "fixture_shop": shop_fixture.build,
    "behaviour_shop": behaviour_fixture.build,
    "calendar_shop": calendar_fixture.build,
    "regular_shop": regular_fixture.build,
    "birthday_shop": calendar_fixture.build_birthdays,
    "anchored_shop": anchored_fixture.build,
    "zones_shop": zones_fixture.build,
    "history_shop": history_fixture.build,
}


def _dataset(case: dict[str, Any]) -> str:
    return str(case.get("dataset", MEMBERS["dataset"]))


def _as_of(case: dict[str, Any]) -> dt.datetime:
    return case.get("as_of", AS_OF)  # type: ignore[no-any-return]


def _schema(case: dict[str, Any]) -> Schema:
    changes = {key: case[key] for key in ("time_zone", "since") if key in case}
    schema = dataclasses.replace(SCHEMA, **changes) if changes else SCHEMA
    if case.get("customer_zones"):
        schema = zones_fixture.with_customer_zones(schema)
    return history_fixture.with_history(schema) if case.get("history") else schema


def _name(case: dict[str, Any]) -> str:
    keys = ("as_of", "time_zone", "since", "customer_zones", "history")
    where = [f"{key}={case[key]}" for key in keys if key in case]
    return " ".join([case["expr"], *where])


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    found = {}
    for name, build in BUILDERS.items():
        path = build(tmp_path_factory.mktemp(name) / "shop.duckdb")
        # The history shop's data has its history table.
        schema = history_fixture.with_history(SCHEMA) if name == "history_shop" else SCHEMA
        with duckdb.connect(str(path), read_only=True) as con:
            found[name] = load_dataset(con, schema)
    return found


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


@pytest.mark.parametrize("case", CASES, ids=[_name(c) for c in CASES])
def test_reference_evaluator(datasets: dict[str, Dataset], case: dict[str, Any]) -> None:
    schema = _schema(case)
    evaluator = Evaluator(schema, datasets[_dataset(case)], _as_of(case))
    assert evaluator.members(segdsl.check(case["expr"], schema)) == set(case["members"])


def _on_every_dataset(
    backend: Backend, datasets: dict[str, Dataset], cases: list[dict[str, Any]], sql: Any
) -> None:
    """Each case's members from the SQL `sql(case)` on `backend`, one dataset at a time."""
    wrong = []
    for name, dataset in datasets.items():
        chosen = [case for case in cases if _dataset(case) == name]
        if not chosen:
            continue
        backend.load(dataset)
        for case in chosen:
            got = backend.members(sql(case))
            if got != set(case["members"]):
                wrong.append(f"{_name(case)}: got {sorted(got)}, expected {case['members']}")
    assert not wrong, f"{backend.name}:\n" + "\n".join(wrong)


def _runs_on(backend: Backend, case: dict[str, Any]) -> bool:
    """Whether the engine compiles the case: each customer's own zone needs a dialect that
    reads it from a column (the others refuse: test_customer_zones_refused)."""
    return DIALECTS[backend.name].per_row_zone or not case.get("customer_zones")


def test_every_engine(backend: Backend, datasets: dict[str, Dataset]) -> None:
    def sql(case: dict[str, Any]) -> str:
        return segdsl.compile_sql(
            case["expr"], _schema(case), dialect=backend.name, as_of=_as_of(case)
        )

    cases = [case for case in CASES if _runs_on(backend, case)]
    _on_every_dataset(backend, datasets, cases, sql)


ZONE_CASES = [case for case in CASES if case.get("customer_zones")]


@pytest.mark.parametrize(
    "dialect", [d for d in DIALECTS.values() if not d.per_row_zone], ids=lambda d: d.name
)
def test_customer_zones_refused(dialect: Dialect) -> None:
    """A dialect that reads times only on a zone written into the query refuses every
    calendar question of a customer's own zone, located, before any SQL (E264)."""
    for case in ZONE_CASES:
        schema = _schema(case)
        checked = segdsl.check(case["expr"], schema)
        refused = [d for d in dialect.notes([checked]) if d.code == "E264"]
        assert refused and all(d.span is not None for d in refused), case["expr"]
        with pytest.raises(SegdslError) as raised:
            members_query(checked, schema, dialect, _as_of(case))
        assert {d.code for d in raised.value.diagnostics} == {"E264"}, case["expr"]


def _clock_at(dialect: Dialect, instant: dt.datetime) -> Dialect:
    """The dialect with its clock stopped at `instant`: its SQL for "now" is that instant."""

    class Stopped(type(dialect)):  # type: ignore[misc]
        def now(self) -> Any:
            return self.timestamp_literal(instant)

    values = {field.name: getattr(dialect, field.name) for field in dataclasses.fields(dialect)}
    return Stopped(**values)  # type: ignore[no-any-return]


# The calendar cases again without --as-of: the engine works out today from its own clock.
# An anniversary in a period other than days from today needs --as-of (E263).
CLOCK_CASES = [case for case in CASES if "time_zone" in case and not case.get("needs_as_of")]


def test_every_engine_by_its_clock(backend: Backend, datasets: dict[str, Dataset]) -> None:
    def sql(case: dict[str, Any]) -> str:
        schema = _schema(case)
        dialect = _clock_at(DIALECTS[backend.name], _as_of(case))
        query = members_query(segdsl.check(case["expr"], schema), schema, dialect, None)
        return dialect.sql(query)

    cases = [case for case in CLOCK_CASES if _runs_on(backend, case)]
    _on_every_dataset(backend, datasets, cases, sql)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.get("needs_as_of")], ids=lambda case: _name(case)
)
def test_needs_as_of(case: dict[str, Any]) -> None:
    schema = _schema(case)
    with pytest.raises(SegdslError) as raised:
        members_query(segdsl.check(case["expr"], schema), schema, DIALECTS["duckdb"], None)
    assert [d.code for d in raised.value.diagnostics] == ["E263"]


@pytest.mark.parametrize("case", ERRORS["cases"], ids=[c["expr"] for c in ERRORS["cases"]])
def test_errors(case: dict[str, Any]) -> None:
    expected = case["error"]
    with pytest.raises(SegdslError) as raised:
        segdsl.check(case["expr"], SCHEMA)
    first = raised.value.diagnostics[0]
    assert first.code == expected["code"]
    assert first.span is not None
    assert (first.span.line, first.span.column) == (expected["line"], expected["column"])
    assert expected["message"] in first.message


# A partition labels the customers who exist, ranked among them, and reads anchored windows
# (docs/semantics.md, "Customers in time"): on the anchored shop, customer 4 (not yet signed up,
# with the largest order) gets no label.
PARTITION = """partition spend =
    "big" when top 10% by total_spent
    "early" when count(orders where created_at < signup_at + 30d) >= 1
    otherwise "other"
"""
LABELS = {1: "early", 2: "other", 3: "early", 5: "other", 6: "big"}
LABELS |= {key: "other" for key in range(7, 12)}


def test_partition_labels_on_the_reference(datasets: dict[str, Dataset]) -> None:
    partition = segdsl.check_module(PARTITION, SCHEMA).partitions["spend"]
    evaluator = Evaluator(SCHEMA, datasets["anchored_shop"], anchored_fixture.AS_OF)
    assert evaluator.partition(partition.value) == LABELS


def test_partition_labels_on_every_engine(backend: Backend, datasets: dict[str, Dataset]) -> None:
    checked = segdsl.check_module(PARTITION, SCHEMA)
    dialect = DIALECTS[backend.name]
    query = membership_query(checked, SCHEMA, dialect, anchored_fixture.AS_OF)
    backend.load(datasets["anchored_shop"])
    assert {int(key): label for key, label in backend.rows(dialect.sql(query))} == LABELS


# The history of attributes wherever they are read (docs/semantics.md, "Attributes in time"): a
# partition's labels with the country as a column beside them (`segdsl run FILE --out`), the
# members with their country (`segdsl run -e … --out`), and sizes at several instants (`segdsl
# history`), each instant reading the country as of itself.
MARKET = """partition market =
    "home" when country = "PL" and consent_email
    "dach" when country in DACH
    otherwise "other"
"""
MARKETS = {1: "home", 2: "dach", 3: "home", 4: "other", 5: "dach", 6: "dach", 7: "other"}
MARKETS |= {8: "dach", 9: "other", 10: "other", 11: "other"}
HISTORY_INSTANTS = [history_fixture.AS_OF + history_fixture.MICRO * d for d in (-1, 0, 1)]


def test_history_in_every_reading_on_the_reference(datasets: dict[str, Dataset]) -> None:
    schema = history_fixture.with_history(SCHEMA)
    data = datasets["history_shop"]
    evaluator = Evaluator(schema, data, history_fixture.AS_OF)
    partition = segdsl.check_module(MARKET, schema).partitions["market"]
    assert evaluator.partition(partition.value) == MARKETS
    polish = segdsl.check('country = "PL"', schema)
    sizes = [len(Evaluator(schema, data, at).members(polish)) for at in HISTORY_INSTANTS]
    assert sizes == [2, 3, 4]


def test_history_in_every_reading_on_every_engine(
    backend: Backend, datasets: dict[str, Dataset]
) -> None:
    schema = history_fixture.with_history(SCHEMA)
    dialect = DIALECTS[backend.name]
    data = datasets["history_shop"]
    backend.load(data)
    countries = {
        row[schema.key]: row["country"]
        for row in Evaluator(schema, data, history_fixture.AS_OF).customers
    }
    module = segdsl.check_module(MARKET, schema)
    labels = membership_query(module, schema, dialect, history_fixture.AS_OF, None, ["country"])
    rows = backend.rows(dialect.sql(labels))
    assert {int(key): label for key, label, _ in rows} == MARKETS
    assert {int(key): country for key, _, country in rows} == countries
    consent = segdsl.check("consent_email", schema)
    members = members_table_query(consent, schema, dialect, history_fixture.AS_OF, ["country"])
    found = {int(key): country for key, country in backend.rows(dialect.sql(members))}
    assert found == {1: "PL", 3: "PL", 4: "US", 7: "IT", 8: "DE", 11: "SE"}
    polish = segdsl.check('country = "PL"', schema)
    sizes = {}
    for query in history_queries([polish], HISTORY_INSTANTS, schema, dialect):
        sizes |= {
            int(step): (int(total), int(size))
            for total, size, step in backend.rows(dialect.sql(query))
        }
    assert sizes == {0: (11, 2), 1: (11, 3), 2: (11, 4)}
