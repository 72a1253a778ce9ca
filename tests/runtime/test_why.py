"""`why` (segdsl/runtime/why.py, segdsl/sql/why.py): for generated segment files and datasets, on
every executed engine, every node of the explanation holds exactly when the reference evaluator
says it does, every operand has the reference's value, and the root is membership as `run`
finds it. Then the facts shown on the hand-written shop, whose values are known."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import segdsl
from segdsl.runtime.engines import Database, DuckDBDatabase
from segdsl.runtime.why import Operand, Reason, Why, explain
from segdsl.semantics.reference import Dataset, Evaluator, Row
from tests.support import shop_fixture
from tests.support.backends import EXECUTED, Backend
from tests.support.generators import (
    AS_OFS,
    bound_instants,
    datasets,
    segment_files,
    varied_datasets,
)

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")

# Share of the profile's examples per engine: each example loads a dataset and runs one query
# per customer and segment.
SHARE = {
    "duckdb": 0.5,
    "sqlite": 0.1,
    "clickhouse": 0.05,
    "postgres": 0.05,
    "mysql": 0.05,
    "spark": 0.005,
}
QUICK = ("duckdb", "sqlite")


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


def reasons(why: Why) -> Iterator[Reason]:
    """Every reason of the explanation, those of partition arms and of conditions used as
    values included."""
    found = [why.reason] if why.reason is not None else []
    operands = [why.partition] if why.partition is not None else []
    while found or operands:
        if found:
            reason = found.pop()
            yield reason
            found.extend(reason.reasons)
            operands.extend(reason.operands)
        else:
            operand = operands.pop()
            operands.extend(operand.operands)
            found.extend(arm.reason for arm in operand.arms if arm.reason is not None)
            if operand.reason is not None:
                found.append(operand.reason)


def all_operands(why: Why) -> Iterator[Operand]:
    for reason in reasons(why):
        stack = list(reason.operands)
        while stack:
            operand = stack.pop()
            yield operand
            stack.extend(operand.operands)
    if why.partition is not None:
        yield why.partition


def same_value(found: Any, expected: Any) -> bool:
    """An engine's value and the reference's: exact, but for floating point (division and
    averages) and SQLite's binary decimals, to 9 significant digits."""
    if found is None or expected is None:
        return found is None and expected is None
    if isinstance(expected, dt.timedelta):
        return abs(found - expected) <= dt.timedelta(microseconds=1)
    if isinstance(expected, int | float | Fraction | Decimal) and not isinstance(expected, bool):
        tolerance = 1e-9 * max(1.0, abs(float(expected)))
        return abs(float(found) - float(expected)) <= tolerance
    return bool(found == expected)


def check_explanation(
    why: Why, evaluator: Evaluator, customer: Row, members: set[Any] | None
) -> None:
    # A customer who does not exist yet is explained as such, and only as such.
    assert (why.not_yet is None) is evaluator.exists(customer), why
    if why.not_yet is not None:
        assert why.member is False and why.reason is None and why.partition is None
        return
    for reason in reasons(why):
        expected = evaluator.holds(reason.node, customer, None)
        assert reason.holds is expected, (reason.condition, reason.holds)
    for operand in all_operands(why):
        expected = evaluator.value(operand.node, customer, None)
        assert same_value(operand.value, expected), (operand.expression, operand.value, expected)
    if members is not None:
        assert why.member is (customer["customer_id"] in members)


def check_file_on(backend: Backend, data: Dataset, text: str, as_of: dt.datetime) -> None:
    backend.load(data)
    database = backend.as_database()
    evaluator = Evaluator(SCHEMA, data, as_of)
    checked = segdsl.check_module(text, SCHEMA, name="generated.seg")
    for name, segment in checked.segments.items():
        members = set(segdsl.run(segment.condition, SCHEMA, database, as_of=as_of))
        for customer in data.customers:
            key = customer["customer_id"]
            why = explain(database, SCHEMA, segment.condition, name, key, as_of)
            check_explanation(why, evaluator, customer, members)
    for name, partition in checked.partitions.items():
        labels = evaluator.partition(partition.value)
        for customer in data.customers:
            key = customer["customer_id"]
            why = explain(database, SCHEMA, partition.value, name, key, as_of)
            check_explanation(why, evaluator, customer, None)
            if why.not_yet is not None:
                assert key not in labels
                continue
            assert why.label == labels[key] and why.partition is not None
            *earlier, matched = why.partition.arms
            assert matched.label == why.label
            assert matched.reason is None or matched.reason.holds
            assert not any(arm.reason is None or arm.reason.holds for arm in earlier)


def test_every_node_is_the_reference_value(backend: Backend) -> None:
    examples = max(2, int(settings().max_examples * SHARE[backend.name]))

    @settings(max_examples=examples, deadline=None)
    @given(data=st.data(), text=segment_files())
    def run(data: st.DataObject, text: str) -> None:
        note(text)
        as_of = data.draw(st.sampled_from(AS_OFS), label="as_of")
        checked = segdsl.check_module(text, SCHEMA, name="generated.seg")
        around = [
            instant
            for segment in checked.segments.values()
            for instant in bound_instants(segment.condition, as_of)
        ]
        # Where loading data is slow, few examples: each a shop of several customers.
        shops = datasets(as_of, around) if backend.name in QUICK else varied_datasets(as_of)
        shop = data.draw(shops, label="dataset")
        check_file_on(backend, shop, text, as_of)

    run()


# -- the facts on the hand-written shop (tests/support/shop_fixture.py) ----------------------------

AS_OF = shop_fixture.AS_OF
DAY = dt.timedelta(days=1)
MODULE = segdsl.parse_file(ROOT / "examples/shop/segments.seg")


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = shop_fixture.build(tmp_path_factory.mktemp("why") / "shop.duckdb")
    with DuckDBDatabase(str(path)) as database:
        yield database


def why(database: Database, text: str, customer: int, as_of: dt.datetime = AS_OF) -> Why:
    return segdsl.why(text, SCHEMA, database, customer=customer, as_of=as_of, module=MODULE)


def test_an_age_shows_the_value_and_the_instant_it_is_compared_with(shop: Database) -> None:
    # Customer 4's only order is exactly 30 days old: not less than 30 days old.
    reason = why(shop, "last_order < 30d", 4).reason
    assert reason is not None and reason.kind == "age" and not reason.holds
    assert [(o.expression, o.value) for o in reason.operands] == [("last_order", AS_OF - 30 * DAY)]
    assert reason.bound is not None
    assert (reason.bound.op, reason.bound.instant) == (">", AS_OF - 30 * DAY)
    assert why(shop, "last_order <= 30d", 4).member is True


def test_a_missing_aggregate_is_missing_and_its_comparison_false(shop: Database) -> None:
    # Customer 3 has no orders: no average, so neither `> 100` nor its negation's operand.
    reason = why(shop, "avg(orders.amount) > 100", 3).reason
    assert reason is not None and not reason.holds
    assert reason.operands[0].value is None
    assert why(shop, "not avg(orders.amount) > 100", 3).member is True


def test_windows_and_population_values_are_shown(shop: Database) -> None:
    reason = why(shop, "spend_365d > avg(total_spent where purchases > 0)", 2).reason
    assert reason is not None and reason.holds
    spend, average = reason.operands
    assert spend.value == Decimal("500.00")
    assert [(b.expression, b.op, b.instant) for b in spend.window] == [
        ("created_at", ">", AS_OF - 365 * DAY)
    ]
    # Buyers 1, 2 and 4 spent 230, 500 and 20.
    assert average.population and average.value == pytest.approx(250.0)
    assert not spend.population


def test_a_ranking_shows_where_the_customer_stands(shop: Database) -> None:
    # Totals: 230 (1), 500 (2), 0 (3, 5: no orders yet), 20 (4).
    reason = why(shop, "top 40% by total_spent", 1).reason
    assert reason is not None and reason.holds and reason.ranking is not None
    ranking = reason.ranking
    assert (ranking.ranked, ranking.at_or_before, ranking.share) == (5, 2, 0.4)
    last = why(shop, "bottom 20% by last_order", 3).reason
    assert last is not None and last.ranking is not None and not last.holds
    assert (last.ranking.ranked, last.ranking.at_or_before) == (3, None)


def test_a_partition_shows_the_arm_that_matched_and_the_earlier_ones(shop: Database) -> None:
    checked = segdsl.check_module(
        'partition buyer =\n    "big" when total_spent > 300\n    "some" when purchases > 0\n'
        '    "other" when true\n    otherwise "never"\n',
        SCHEMA,
    )
    found = segdsl.why(checked.partitions["buyer"], SCHEMA, shop, customer=1, as_of=AS_OF)
    assert found.label == "some" and found.member is None and found.partition is not None
    assert [(arm.label, arm.reason and arm.reason.holds) for arm in found.partition.arms] == [
        ("big", False),
        ("some", True),
    ]
    nobody = segdsl.why(checked.partitions["buyer"], SCHEMA, shop, customer=3, as_of=AS_OF)
    assert nobody.label == "other"


def test_segments_are_explained_by_name(shop: Database) -> None:
    checked = segdsl.check_file(ROOT / "examples/shop/segments.seg", SCHEMA)
    found = segdsl.why(checked.segments["lapsed"], SCHEMA, shop, customer=2, as_of=AS_OF)
    assert found.name == "lapsed" and found.member is True
    referenced = why(shop, 'lapsed and country = "US"', 2).reason
    assert referenced is not None
    assert [r.segment for r in referenced.reasons] == ["lapsed", None]
    assert referenced.reasons[0].reasons[0].condition == "last_order >= 180d"


def test_events_after_the_as_of_instant_do_not_exist(shop: Database) -> None:
    # Customer 5's order is a day after AS_OF; as of two days later it counts.
    before = why(shop, "purchases = 0", 5).reason
    after = why(shop, "purchases = 0", 5, AS_OF + 2 * DAY).reason
    assert before is not None and after is not None
    assert (before.operands[0].value, after.operands[0].value) == (0, 1)


def test_an_unknown_customer_is_an_error(shop: Database) -> None:
    with pytest.raises(segdsl.SegdslError) as raised:
        why(shop, "purchases > 0", 99)
    assert [d.code for d in raised.value.diagnostics] == ["E609"]
    assert "customer_id 99" in raised.value.diagnostics[0].message


def test_without_an_instant_the_engine_clock_is_the_as_of(shop: Database) -> None:
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    found = segdsl.why("last_order < 30d", SCHEMA, shop, customer=1)
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert before - dt.timedelta(seconds=1) <= found.as_of <= after
    assert found.reason is not None and found.reason.bound is not None
    assert found.reason.bound.instant == found.as_of - 30 * DAY


def test_string_keys(tmp_path: Path) -> None:
    schema = segdsl.schema_from_mapping(
        {
            "entity": "customer",
            "table": "customers",
            "key": "id",
            "attributes": {"id": "string", "country": "string"},
        }
    )
    with duckdb.connect() as connection:
        connection.execute("CREATE TABLE customers (id TEXT, country TEXT)")
        connection.execute("INSERT INTO customers VALUES ('a-1', 'DE'), ('A-1', 'PL')")
        found = segdsl.why('country = "DE"', schema, connection, customer="a-1")
        assert found.customer == "a-1" and found.member is True
        assert segdsl.why('country = "DE"', schema, connection, customer="A-1").member is False


def test_one_query_per_explanation(shop: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    queries: list[str] = []
    original = shop.query

    def counted(sql: str) -> Any:
        queries.append(sql)
        return original(sql)

    monkeypatch.setattr(shop, "query", counted)
    found = why(shop, 'lapsed_vips_outside_eu or rfm_recency = "5" or high_aov', 1)
    assert found.reason is not None and len(queries) == 1


def test_a_calendar_period_is_explained_as_written(shop: Database) -> None:
    # Customer 1 ordered 5 days before 2026-11-01T00:00Z: in October on Warsaw's clocks.
    reason = why(shop, "last_order in last month", 1).reason
    assert reason is not None and reason.kind == "period" and reason.holds
    assert reason.condition == "last_order in last month"
    negated = why(shop, "last_order not in this month", 1).reason
    assert negated is not None and negated.kind == "not in period" and negated.holds
