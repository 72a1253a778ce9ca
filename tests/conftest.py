"""Hypothesis profiles: `default` keeps CI within its time budget; `thorough` is for long local
runs (`python -m pytest --hypothesis-profile=thorough`); `fuzz` is the long run of the fuzz
suite (`python -m pytest tests/test_fuzz.py --hypothesis-profile=fuzz`). Also the fixture shop
on every engine `segdsl run --db` connects to (`url`: a DuckDB file, SQLite, PostgreSQL and
MariaDB URLs), and a Spark Connect server for the whole run (`spark_connect_url`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, settings

from segdsl.semantics.reference import Dataset, load_dataset
from tests.support.backends import (
    MariaDBBackend,
    PostgresBackend,
    SQLiteBackend,
    require_service,
)
from tests.support.shop_fixture import build
from tests.support.spark_connect import start_server

SHOP_SCHEMA = str(Path(__file__).parent.parent / "examples/shop/schema.yaml")

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
def duckdb_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("db") / "shop.duckdb")


@pytest.fixture(scope="module")
def dataset(duckdb_file: Path) -> Dataset:
    import segdsl

    with duckdb.connect(str(duckdb_file), read_only=True) as con:
        return load_dataset(con, segdsl.load_schema(SHOP_SCHEMA))


@pytest.fixture(scope="module")
def sqlite_url(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("sqlite") / "shop.sqlite"
    backend = SQLiteBackend()
    backend.connection = sqlite3.connect(path)
    backend.load(dataset)
    backend.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def postgres_url(dataset: Dataset) -> Iterator[str]:
    backend = PostgresBackend()
    backend.load(dataset)
    yield f"postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{backend.schema}"
    backend.close()


@pytest.fixture(scope="module")
def mysql_url(dataset: Dataset) -> Iterator[str]:
    backend = MariaDBBackend()
    backend.load(dataset)
    yield f"mysql://root@127.0.0.1:3306/{backend.database}"
    backend.close()


@pytest.fixture(params=["duckdb", "sqlite", "postgres", "mysql"])
def url(request: pytest.FixtureRequest, duckdb_file: Path) -> str:
    if request.param == "duckdb":
        return str(duckdb_file)
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture(scope="session")
def spark_connect_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`sc://127.0.0.1:PORT` of a Spark Connect server started once per test run."""
    server = start_server(tmp_path_factory.mktemp("spark_connect"))
    if isinstance(server, str):
        require_service(server)
    yield server.url
    server.stop()
