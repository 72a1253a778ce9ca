"""Real engines for the differential tests: load a dataset (the shop's four tables) into each,
run compiled SQL, return the member keys.

DuckDB, SQLite and ClickHouse (chdb) run in-process; PostgreSQL and MariaDB are the servers on
127.0.0.1 (each test run works in its own schema / database and drops it afterwards); Spark runs
in local mode, bound to loopback. A server that is absent skips its tests with the reason, or
fails them when SEGDSL_REQUIRE_SERVICES=1 (as in CI).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NoReturn

import pytest

from segdsl.demo.shop import SHOP_TABLES
from segdsl.runtime.engines import (
    Database,
    QueryResult,
    prepare_duckdb_session,
    register_sqlite_functions,
)
from segdsl.semantics.reference import Dataset

Tables = Mapping[str, Mapping[str, str]]
# The shop's tables, the customers with their own time zone (tests/support/zones_fixture.py;
# NULL, the project's zone, in every other dataset).
TEST_TABLES: Tables = {
    **SHOP_TABLES,
    "customers": {**SHOP_TABLES["customers"], "time_zone": "TEXT"},
}

# The attribute history of the tests' schemas (tests/support/history_fixture.py), loaded with a
# dataset that has one.
HISTORY_TABLE = "customer_history"
HISTORY_COLUMNS = {
    "customer_id": "BIGINT",
    "valid_from": "TIMESTAMP",
    "valid_to": "TIMESTAMP",
    "country": "TEXT",
    "consent_email": "BOOLEAN",
}


def require_service(reason: str) -> NoReturn:
    """Skip (or, in CI, fail) a test whose engine is not available here."""
    if os.environ.get("SEGDSL_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


def _rows(dataset: Dataset, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    source = dataset.customers if table == "customers" else dataset.events.get(table, ())
    if table == HISTORY_TABLE:
        source = dataset.history or ()
    return [tuple(row.get(c) for c in columns) for row in source]


class Backend:
    """One engine holding one dataset at a time."""

    name: str  # the segdsl dialect
    tables: Tables = TEST_TABLES

    def load(self, dataset: Dataset) -> None:
        raise NotImplementedError

    def tables_of(self, dataset: Dataset) -> Tables:
        """The tables to load: the shop's, and the history table when the dataset has one."""
        if dataset.history is None:
            return self.tables
        return {**self.tables, HISTORY_TABLE: HISTORY_COLUMNS}

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def keys(self, sql: str) -> list[Any]:
        return [row[0] for row in self.rows(sql)]

    def as_database(self) -> Database:
        """This engine behind segdsl's `Database` interface, for the analytics functions."""
        return _BackendDatabase(self)

    def members(self, sql: str) -> set[Any]:
        found = self.keys(sql)
        assert len(found) == len(set(found)), f"{self.name}: a member appears more than once"
        return set(found)

    def close(self) -> None:
        """Release the engine (drop what the tests created)."""

    def recover(self) -> None:
        """Make the session usable again after a failed query."""


class DBAPIBackend(Backend):
    """Engines reached through a DB-API connection: create, insert, query."""

    placeholder = "?"
    connection: Any

    def column_type(self, sql_type: str) -> str:
        return sql_type

    def convert(self, value: Any, sql_type: str) -> Any:
        return value

    def create(self, table: str, columns: Mapping[str, str]) -> None:
        body = ", ".join(f"{c} {self.column_type(t)}" for c, t in columns.items())
        self.execute(f"DROP TABLE IF EXISTS {table}")
        self.execute(f"CREATE TABLE {table} ({body})")

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> None:
        cursor = self.connection.cursor()
        cursor.execute(sql, parameters)
        cursor.close()

    def load(self, dataset: Dataset) -> None:
        for table, columns in self.tables_of(dataset).items():
            self.create(table, columns)
            rows = [
                tuple(self.convert(v, t) for v, t in zip(row, columns.values(), strict=True))
                for row in _rows(dataset, table, list(columns))
            ]
            if rows:
                marks = ", ".join([self.placeholder] * len(columns))
                cursor = self.connection.cursor()
                cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
                cursor.close()
        self.connection.commit()

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        cursor = self.connection.cursor()
        cursor.execute(sql)
        found = [tuple(row) for row in cursor.fetchall()]
        cursor.close()
        return found


class DuckDBBackend(DBAPIBackend):
    name = "duckdb"

    def __init__(self) -> None:
        import duckdb

        self.connection = duckdb.connect()
        prepare_duckdb_session(self.connection)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.connection.execute(sql).fetchall()]

    def close(self) -> None:
        self.connection.close()


class SQLiteBackend(DBAPIBackend):
    """Timestamps as ISO text with six fractional digits, decimals as REAL, booleans 0/1
    (the storage the sqlite dialect documents)."""

    name = "sqlite"

    def __init__(self) -> None:
        self.connection = sqlite3.connect(":memory:")
        register_sqlite_functions(self.connection)

    def column_type(self, sql_type: str) -> str:
        return {"BIGINT": "INTEGER", "BOOLEAN": "INTEGER", "DOUBLE": "REAL"}.get(
            sql_type, "REAL" if sql_type.startswith("DECIMAL") else "TEXT"
        )

    def convert(self, value: Any, sql_type: str) -> Any:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ", timespec="microseconds")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, bool):
            return int(value)
        return value

    def close(self) -> None:
        self.connection.close()


class PostgresBackend(DBAPIBackend):
    name = "postgres"
    placeholder = "%s"

    def __init__(self) -> None:
        try:
            import psycopg
        except ImportError:
            require_service("psycopg is not installed (pip install 'segdsl[postgres]')")
        url = os.environ.get("SEGDSL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
        try:
            self.connection = psycopg.connect(url, connect_timeout=5)
        except psycopg.Error as error:
            require_service(f"PostgreSQL is not reachable at {url}: {error}")
        self.schema = f"segdsl_test_{uuid.uuid4().hex[:10]}"
        self.execute(f"CREATE SCHEMA {self.schema}")
        self.execute(f"SET search_path TO {self.schema}")
        # The session time zone must not matter: run in a far-from-UTC zone on purpose.
        self.execute("SET TIME ZONE 'Pacific/Kiritimati'")
        self.connection.commit()

    def recover(self) -> None:
        self.connection.rollback()  # a failed statement aborts the whole transaction

    def close(self) -> None:
        self.connection.rollback()
        self.execute(f"DROP SCHEMA {self.schema} CASCADE")
        self.connection.commit()
        self.connection.close()


class MariaDBBackend(DBAPIBackend):
    """Tables in the server's default (case-insensitive) collation, as users have them."""

    name = "mysql"
    placeholder = "%s"

    def __init__(self) -> None:
        try:
            import pymysql
        except ImportError:
            require_service("PyMySQL is not installed (pip install 'segdsl[mysql]')")
        host = os.environ.get("SEGDSL_TEST_MYSQL_HOST", "127.0.0.1")
        try:
            self.connection = pymysql.connect(
                host=host, port=3306, user="root", password="", connect_timeout=5
            )
        except pymysql.Error as error:
            require_service(f"MariaDB/MySQL is not reachable at {host}:3306: {error}")
        if self.rows("SELECT CONVERT_TZ('2026-01-01', 'UTC', 'Europe/Warsaw') IS NULL") == [(1,)]:
            self.connection.close()
            require_service(
                f"the MariaDB server at {host}:3306 has no time zone tables (load them: "
                "mysql_tzinfo_to_sql /usr/share/zoneinfo | mysql -u root mysql)"
            )
        self.database = f"segdsl_test_{uuid.uuid4().hex[:10]}"
        self.execute(f"CREATE DATABASE {self.database} COLLATE utf8mb4_general_ci")
        self.execute(f"USE {self.database}")
        self.execute("SET time_zone = '+13:00'")

    def column_type(self, sql_type: str) -> str:
        return {"TIMESTAMP": "DATETIME(6)", "TEXT": "VARCHAR(200)"}.get(sql_type, sql_type)

    def close(self) -> None:
        self.execute(f"DROP DATABASE {self.database}")
        self.connection.close()


def _clickhouse_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, dt.datetime):
        return f"'{value.isoformat(sep=' ', timespec='microseconds')}'"
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


_CLICKHOUSE_TYPES = {
    "BIGINT": "Int64",
    "TEXT": "String",
    "TIMESTAMP": "DateTime64(6, 'UTC')",
    "DATE": "Date32",
    "BOOLEAN": "Bool",
    "DECIMAL(12,2)": "Decimal(12, 2)",
}


class ClickHouseBackend(Backend):
    name = "clickhouse"

    def __init__(self) -> None:
        try:
            from chdb import session
        except ImportError:
            require_service("chdb is not installed (pip install 'segdsl[clickhouse]')")
        self.session = session.Session()
        self.database = f"segdsl_test_{uuid.uuid4().hex[:10]}"
        self.session.query(f"CREATE DATABASE {self.database}")
        self.session.query(f"USE {self.database}")

    def load(self, dataset: Dataset) -> None:
        for table, columns in self.tables_of(dataset).items():
            body = ", ".join(f"{c} Nullable({_CLICKHOUSE_TYPES[t]})" for c, t in columns.items())
            self.session.query(f"DROP TABLE IF EXISTS {table}")
            self.session.query(f"CREATE TABLE {table} ({body}) ENGINE = Memory")
            rows = _rows(dataset, table, list(columns))
            for start in range(0, len(rows), 2000):
                values = ", ".join(
                    "(" + ", ".join(_clickhouse_literal(v) for v in row) + ")"
                    for row in rows[start : start + 2000]
                )
                self.session.query(f"INSERT INTO {table} VALUES {values}")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        result = self.session.query(sql, "JSONCompact")
        import json

        text = result.bytes().decode() if hasattr(result, "bytes") else str(result)
        if not text.strip():
            return []
        return [tuple(row) for row in json.loads(text)["data"]]

    def close(self) -> None:
        self.session.query(f"DROP DATABASE IF EXISTS {self.database}")
        self.session.close()


_SPARK: Any = None


def spark_session() -> Any:
    """One local Spark session per test run, bound to loopback, in a non-UTC time zone."""
    global _SPARK
    if _SPARK is None:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            require_service("pyspark is not installed (pip install 'segdsl[spark]')")
        _SPARK = (
            SparkSession.builder.master("local[1]")
            .appName("segdsl-tests")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.sql.session.timeZone", "America/Los_Angeles")
            .getOrCreate()
        )
    return _SPARK


class SparkBackend(Backend):
    name = "spark"

    def __init__(self) -> None:
        self.spark = spark_session()

    def _type(self, sql_type: str) -> Any:
        from pyspark.sql import types as T

        if sql_type.startswith("DECIMAL"):
            return T.DecimalType(12, 2)
        return {
            "BIGINT": T.LongType(),
            "TEXT": T.StringType(),
            "TIMESTAMP": T.TimestampNTZType(),
            "DATE": T.DateType(),
            "BOOLEAN": T.BooleanType(),
        }[sql_type]

    def load(self, dataset: Dataset) -> None:
        from pyspark.sql import types as T

        for table, columns in self.tables_of(dataset).items():
            schema = T.StructType(
                [T.StructField(c, self._type(t), nullable=True) for c, t in columns.items()]
            )
            frame = self.spark.createDataFrame(_rows(dataset, table, list(columns)), schema)
            frame.createOrReplaceTempView(table)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.spark.sql(sql).collect()]


class _BackendDatabase(Database):
    """A test engine as a segdsl `Database`: its rows in one batch (column names unused)."""

    def __init__(self, backend: Backend) -> None:
        super().__init__(None)
        self.backend = backend
        self.dialect = backend.name
        self.display_name = backend.name

    def _execute(self, sql: str) -> QueryResult:
        return QueryResult([], iter([self.backend.rows(sql)]))

    def close(self) -> None:
        """The backend owns the connection and closes it."""


EXECUTED: dict[str, type[Backend]] = {
    "duckdb": DuckDBBackend,
    "sqlite": SQLiteBackend,
    "postgres": PostgresBackend,
    "mysql": MariaDBBackend,
    "clickhouse": ClickHouseBackend,
    "spark": SparkBackend,
}


def dataset_from_rows(
    customers: Iterable[Mapping[str, Any]], events: Mapping[str, Iterable[Mapping[str, Any]]]
) -> Dataset:
    return Dataset(list(customers), {table: list(rows) for table, rows in events.items()})
