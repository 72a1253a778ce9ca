"""Hypothesis profiles: `default` keeps CI within its time budget; `thorough` is for long local
runs (`python -m pytest --hypothesis-profile=thorough`); `fuzz` is the long run of the fuzz
suite (`python -m pytest tests/test_fuzz.py --hypothesis-profile=fuzz`). And a demo shop that
the analytics and API tests evaluate on (one per test module)."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, settings

import segdsl
from segdsl.reference import Dataset, load_dataset
from segdsl.shopdata import build_shop

SHOP_ANCHOR = dt.datetime(2026, 11, 1)

for name, examples in (("default", 200), ("thorough", 3000), ("fuzz", 2000)):
    settings.register_profile(
        name,
        max_examples=examples,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
settings.load_profile("default")


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 600-customer demo shop in a DuckDB file, as of SHOP_ANCHOR."""
    path = tmp_path_factory.mktemp("shop") / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        build_shop(con, customers=600, seed=3, anchor=SHOP_ANCHOR)
    return path


@pytest.fixture(scope="module")
def dataset(shop_file: Path) -> Dataset:
    """The shop's rows, for the reference evaluator."""
    schema = segdsl.load_schema(Path(__file__).parent.parent / "examples/shop/schema.yaml")
    with duckdb.connect(str(shop_file), read_only=True) as con:
        return load_dataset(con, schema)
