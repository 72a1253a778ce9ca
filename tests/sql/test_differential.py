"""Every example segment's members from the compiled SQL on DuckDB equal those of the reference
evaluator, on generated shop data, at the shop's "today" and at a past instant (when later
events must be ignored), with extra events placed exactly on window boundaries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

import segdsl
from segdsl.demo.shop import build_shop
from segdsl.semantics import ir
from segdsl.semantics.reference import Evaluator, load_dataset

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
MODULE = segdsl.parse_file(ROOT / "examples/shop/segments.seg")
CHECKED = segdsl.check_module(MODULE, SCHEMA)
ANCHOR = dt.datetime(2026, 11, 1)
AS_OFS = [ANCHOR, dt.datetime(2026, 5, 17, 13, 30)]
CUSTOMERS = 1500
BOUNDARY_CUSTOMER = CUSTOMERS + 1


def _boundary_rows(con: duckdb.DuckDBPyConnection) -> None:
    """One customer whose events sit exactly on the windows the example segments use, at both
    as-of instants: 24h, 30d, 90d, 180d, 12 months and 1 year before, and exactly at the
    instant (which counts) and just after it (which does not exist yet)."""
    key = BOUNDARY_CUSTOMER
    con.execute(
        "INSERT INTO customers VALUES (?, NULL, 'PL', ?, DATE '2000-11-01', 'female', "
        "'mobile', TRUE)",
        [key, dt.datetime(2020, 1, 1)],
    )
    order_id = 10_000_000
    for as_of in AS_OFS:
        offsets = [
            dt.timedelta(hours=24),
            dt.timedelta(days=30),
            dt.timedelta(days=90),
            dt.timedelta(days=180),
            as_of - as_of.replace(year=as_of.year - 1),
            dt.timedelta(0),
            -dt.timedelta(microseconds=1),
        ]
        for offset in offsets:
            when = as_of - offset
            order_id += 1
            con.execute(
                "INSERT INTO orders VALUES (?, ?, ?, 120.00, 'shoes')", [order_id, key, when]
            )
            con.execute("INSERT INTO email_events VALUES (?, 'open', ?, 'edge')", [key, when])
            con.execute("INSERT INTO web_events VALUES (?, 'add_to_cart', ?, 'shoes')", [key, when])


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("differential") / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        build_shop(con, customers=CUSTOMERS, seed=7, anchor=ANCHOR)
        _boundary_rows(con)
    return duckdb.connect(str(path), read_only=True)


@pytest.fixture(scope="module")
def evaluators(shop: duckdb.DuckDBPyConnection) -> dict[dt.datetime, Evaluator]:
    data = load_dataset(shop, SCHEMA)
    return {as_of: Evaluator(SCHEMA, data, as_of) for as_of in AS_OFS}


def _sql_members(con: duckdb.DuckDBPyConnection, cond: ir.Cond, as_of: dt.datetime) -> set[int]:
    keys = [row[0] for row in con.execute(segdsl.compile_sql(cond, SCHEMA, as_of=as_of)).fetchall()]
    assert len(keys) == len(set(keys)), "every member exactly once"
    return set(keys)


@pytest.mark.parametrize("as_of", AS_OFS, ids=lambda a: a.isoformat())
@pytest.mark.parametrize("name", list(CHECKED.segments))
def test_example_segment_matches_reference(
    shop: duckdb.DuckDBPyConnection,
    evaluators: dict[dt.datetime, Evaluator],
    name: str,
    as_of: dt.datetime,
) -> None:
    condition = CHECKED.segments[name].condition
    expected = evaluators[as_of].members(condition)
    assert _sql_members(shop, condition, as_of) == expected
    # two-valued logic: the segment and its negation partition the customers
    everyone = {row[SCHEMA.key] for row in evaluators[as_of].customers}
    assert _sql_members(shop, ir.Not(condition), as_of) == everyone - expected


@pytest.mark.parametrize("as_of", AS_OFS, ids=lambda a: a.isoformat())
@pytest.mark.parametrize("name", list(CHECKED.partitions))
def test_example_partition_matches_reference(
    shop: duckdb.DuckDBPyConnection,
    evaluators: dict[dt.datetime, Evaluator],
    name: str,
    as_of: dt.datetime,
) -> None:
    partition = CHECKED.partitions[name].value
    labels = evaluators[as_of].partition(partition)
    for label in [*(arm for arm, _ in partition.arms), partition.otherwise]:
        condition = segdsl.check(f'{name} = "{label}"', SCHEMA, module=MODULE)
        expected = {key for key, got in labels.items() if got == label}
        assert _sql_members(shop, condition, as_of) == expected, label


def test_generated_data_exercises_the_segments(evaluators: dict[dt.datetime, Evaluator]) -> None:
    """A differential test on data where every segment is empty would prove nothing."""
    evaluator = evaluators[ANCHOR]
    sizes = {name: len(evaluator.members(s.condition)) for name, s in CHECKED.segments.items()}
    empty = [name for name, size in sizes.items() if size == 0]
    assert not empty, f"segments with no members in the generated shop: {empty}"
    full = [name for name, size in sizes.items() if size == len(evaluator.customers)]
    assert not full, f"segments matching everyone: {full}"


def test_boundary_customer_is_in_the_windows(evaluators: dict[dt.datetime, Evaluator]) -> None:
    """The boundary events count: an event exactly at the as-of instant exists, one a
    microsecond later does not, and an order exactly 180 days ago is not 'within 180 days'."""
    evaluator = evaluators[ANCHOR]
    for text, expected in [
        ("last_order = now", True),
        ("last_order > now", False),
        ("count(orders where created_at >= 180d) > 0", True),
        ("count(orders where created_at < 24h) = 1", True),  # only the order at the instant
    ]:
        condition = segdsl.check(text, SCHEMA)
        assert (BOUNDARY_CUSTOMER in evaluator.members(condition)) is expected, text
