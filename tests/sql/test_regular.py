"""Regular activity on every executed engine (docs/semantics.md, "Regular activity"): "in
every one of the n periods" (m = n) has the members of the hand-expanded conjunction of the n
per-period counts, and "in one of them" (m = 1) those of the disjunction, on the demo shop and
on the regular-activity fixture, in the time zones of the generators; the reference evaluator
agrees."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

import segdsl
from segdsl.demo.shop import build_shop
from segdsl.semantics.reference import Dataset, Evaluator, load_dataset
from tests.support import regular_fixture
from tests.support.backends import EXECUTED, Backend

SCHEMA = segdsl.load_schema(Path(__file__).parents[2] / "examples/shop/schema.yaml")
AS_OF = dt.datetime(2026, 11, 1)
ZONES = ["UTC", "Europe/Warsaw", "America/Los_Angeles"]

# The count, and each period as the language writes it alone (the newest first).
CALENDAR_WEEKS = [
    "created_at in last week",
    "created_at in last 2 weeks and created_at not in last week",
    "created_at in last 3 weeks and created_at not in last 2 weeks",
    "created_at in last 4 weeks and created_at not in last 3 weeks",
]
ROLLING_WEEKS = [
    "created_at < 7d",
    "created_at < 14d and created_at >= 7d",
    "created_at < 21d and created_at >= 14d",
]
CALENDAR_MONTHS = [
    "created_at in last month",
    "created_at in last 2 months and created_at not in last month",
]
CASES = [
    ("count(orders{}) >= 1", "last 4 weeks", CALENDAR_WEEKS),
    ('count(orders where category = "shoes"{}) >= 1', "last 2 months", CALENDAR_MONTHS),
    ("count(orders{}) >= 2", "last 3 periods of 7d", ROLLING_WEEKS),
    ("count(distinct orders.category{}) >= 2", "last 2 months", CALENDAR_MONTHS),
    (
        "active_days(web{}) >= 1",
        "last 3 periods of 7d",
        [p.replace("created_at", "ts") for p in ROLLING_WEEKS],
    ),
]


def _expanded(count: str, periods: list[str], joiner: str) -> str:
    """The per-period conditions joined by `and` or `or`, each period added to the filter."""
    parts = []
    for period in periods:
        where = f" and ({period})" if " where " in count.format("") else f" where {period}"
        parts.append(count.format(where))
    return f" {joiner} ".join(parts)


def _pairs() -> list[tuple[str, str]]:
    """(regular activity, its expansion) for m = n and m = 1."""
    pairs = []
    for count, written, periods in CASES:
        n = len(periods)
        pairs.append((f"{count.format('')} in {n} of {written}", _expanded(count, periods, "and")))
        pairs.append((f"{count.format('')} in 1 of {written}", _expanded(count, periods, "or")))
    return pairs


PAIRS = _pairs()


@pytest.fixture(scope="module")
def shops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    found = {}
    demo = tmp_path_factory.mktemp("demo") / "shop.duckdb"
    with duckdb.connect(str(demo)) as con:
        build_shop(con, customers=400, seed=7, anchor=AS_OF)
        found["demo"] = load_dataset(con, SCHEMA)
    fixture = regular_fixture.build(tmp_path_factory.mktemp("regular") / "shop.duckdb")
    with duckdb.connect(str(fixture), read_only=True) as con:
        found["regular"] = load_dataset(con, SCHEMA)
    return found


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


def test_every_period_is_the_conjunction_on_every_engine(
    backend: Backend, shops: dict[str, Dataset]
) -> None:
    wrong = []
    for name, shop in shops.items():
        backend.load(shop)
        for zone in ZONES:
            schema = dataclasses.replace(SCHEMA, time_zone=zone)
            evaluator = Evaluator(schema, shop, AS_OF)
            for regular, expanded in PAIRS:
                expected = evaluator.members(segdsl.check(expanded, schema))
                for text in (regular, expanded):
                    sql = segdsl.compile_sql(text, schema, dialect=backend.name, as_of=AS_OF)
                    got = backend.members(sql)
                    if got != expected:
                        wrong.append(
                            f"{name} {zone} {text}: {len(got)} members, not {len(expected)}"
                        )
                assert evaluator.members(segdsl.check(regular, schema)) == expected, regular
    assert not wrong, f"{backend.name}:\n" + "\n".join(wrong)


def test_the_shops_have_members() -> None:
    """Each pair is decided on some customers both ways (a test on empty results proves little):
    checked on the demo shop with the reference evaluator."""
    with duckdb.connect() as con:
        build_shop(con, customers=400, seed=7, anchor=AS_OF)
        shop = load_dataset(con, SCHEMA)
    evaluator = Evaluator(SCHEMA, shop, AS_OF)
    for regular, _ in PAIRS:
        found = evaluator.members(segdsl.check(regular, SCHEMA))
        assert 0 < len(found) < len(shop.customers), regular
