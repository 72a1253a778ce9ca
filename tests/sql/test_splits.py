"""Random splits on the demo shop at 100,000 customers in DuckDB (docs/semantics.md, "Random
splits"): every part of a split is within half a percentage point of its share, and the SQL puts
every customer exactly where the definition of the hash (ir.split_bucket) does, on every
executed engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

import segdsl
from segdsl.demo.shop import build_shop
from segdsl.runtime.engines import prepare_duckdb_session
from segdsl.semantics import ir
from tests.support.backends import EXECUTED, Backend, dataset_from_rows

ROOT = Path(__file__).parents[2]
SCHEMA = segdsl.load_schema(ROOT / "examples/shop/schema.yaml")
CUSTOMERS = 100_000
# A partition into a holdout and two variants, with one salt (docs/language.md).
PARTS = """partition test =
    "holdout" when split("{salt}") < 10%
    "a" when split("{salt}") < 55%
    otherwise "b"
"""
SHARES = {"holdout": Fraction(10, 100), "a": Fraction(45, 100), "b": Fraction(45, 100)}


@pytest.fixture(scope="module")
def shop() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    # The customers are what a split reads: few events suffice.
    build_shop(
        con,
        customers=CUSTOMERS,
        seed=42,
        anchor=dt.datetime(2026, 11, 1),
        order_scale=0.01,
        email_scale=0.01,
    )
    prepare_duckdb_session(con)
    yield con
    con.close()


def _members(
    con: duckdb.DuckDBPyConnection, text: str, module: segdsl.Module | None = None
) -> set[int]:
    condition = segdsl.check(text, SCHEMA, module=module)
    return {row[0] for row in con.execute(segdsl.compile_sql(condition, SCHEMA)).fetchall()}


@pytest.mark.parametrize("salt", ["spring24", "summer25", "holdout", "ü"])
def test_every_part_is_within_half_a_point_of_its_share(
    shop: duckdb.DuckDBPyConnection, salt: str
) -> None:
    module = segdsl.parse_module(PARTS.format(salt=salt))
    parts = {label: _members(shop, f'test = "{label}"', module) for label in SHARES}
    assert sum(len(members) for members in parts.values()) == CUSTOMERS
    for label, share in SHARES.items():
        measured = Fraction(len(parts[label]), CUSTOMERS)
        assert abs(measured - share) <= Fraction(5, 1000), (label, float(measured))


def test_the_sql_places_every_customer_as_the_hash_does(shop: duckdb.DuckDBPyConnection) -> None:
    keys = [row[0] for row in shop.execute("SELECT customer_id FROM customers").fetchall()]
    for share in ("10%", "33.3%", "50%"):
        expected = {
            key
            for key in keys
            if Fraction(ir.split_bucket("spring24", key) * 100, ir.SPLIT_BUCKETS)
            < Fraction(share[:-1])
        }
        assert _members(shop, f'split("spring24") < {share}') == expected, share


def test_salts_split_independently(shop: duckdb.DuckDBPyConnection) -> None:
    """Two 50% splits with different salts share about a quarter of the customers."""
    both = _members(shop, 'split("spring24") < 50% and split("summer25") < 50%')
    assert abs(Fraction(len(both), CUSTOMERS) - Fraction(1, 4)) <= Fraction(5, 1000)


# -- every executed engine -------------------------------------------------------------------------

# Keys of a few thousand customers, and keys whose text is long or far from the others.
ENGINE_KEYS = [*range(1, 3001), 10**9, 2**62, 9_223_372_036_854_775_807]


@pytest.fixture(scope="module", params=list(EXECUTED))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = EXECUTED[request.param]()
    yield engine
    engine.close()


def test_every_engine_places_every_customer_as_the_hash_does(backend: Backend) -> None:
    """The same key lands in the same bucket on every engine: each part of a split has exactly
    the customers the definition of the hash puts there, so a share measured on one engine (the
    100,000 customers above, and benchmarks/run.py) is the share on all of them."""
    backend.load(dataset_from_rows(({"customer_id": key} for key in ENGINE_KEYS), {}))
    wrong = []
    for salt in ("spring24", "ü"):
        buckets = {key: ir.split_bucket(salt, key) for key in ENGINE_KEYS}
        for low, high in (("0%", "10%"), ("10%", "55%"), ("55%", "99.99%")):
            expected = {
                key
                for key, bucket in buckets.items()
                if Fraction(low[:-1]) <= Fraction(bucket * 100, ir.SPLIT_BUCKETS)
                and Fraction(bucket * 100, ir.SPLIT_BUCKETS) <= Fraction(high[:-1])
            }
            text = f'split("{salt}") between {low} and {high}'
            got = backend.members(segdsl.compile_sql(text, SCHEMA, dialect=backend.name))
            if got != expected:
                wrong.append(f"{text}: {len(got ^ expected)} customers placed otherwise")
    assert not wrong, f"{backend.name}:\n" + "\n".join(wrong)
