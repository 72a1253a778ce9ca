"""Read-only connections to the databases segments run on, behind one small interface
(`Database`, in `base`), one module per engine family:

- `embedded`: a DuckDB file path (the default; `duckdb://PATH`, `:memory:`), `sqlite:///PATH`;
- `servers`: `postgresql://…`, `mysql://…` / `mariadb://…`, `redshift://…`;
- `spark`: `sc://host:port` (Spark Connect), `spark+local://` (a local session);
- `clickhouse`: `chdb://PATH` (embedded), `clickhouse://…` / `clickhouses://…` (a server);
- `warehouses`: `trino://…`, `snowflake://…`, `bigquery://…`, `databricks://…`.

Every connection is read-only (a read-only file or session, or only queries sent), runs in UTC,
and can carry a statement timeout. Results stream in batches so that a large segment never has
to fit in memory. A signal (Ctrl-C) that arrives while the engine works stops the statement on
the engine, not only here, where the driver allows (`cancellable`). docs/engines.md lists the
URL forms and the extras that install each driver.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from segdsl.diagnostics import EngineError as EngineError
from segdsl.runtime.engines.base import BATCH_ROWS as BATCH_ROWS
from segdsl.runtime.engines.base import Database as Database
from segdsl.runtime.engines.base import QueryResult as QueryResult
from segdsl.runtime.engines.base import cancellable as cancellable
from segdsl.runtime.engines.base import redacted_url as redacted_url
from segdsl.runtime.engines.clickhouse import ChdbDatabase as ChdbDatabase
from segdsl.runtime.engines.clickhouse import ClickHouseServerDatabase as ClickHouseServerDatabase
from segdsl.runtime.engines.embedded import DuckDBDatabase as DuckDBDatabase
from segdsl.runtime.engines.embedded import SQLiteDatabase as SQLiteDatabase
from segdsl.runtime.engines.embedded import prepare_duckdb_session as prepare_duckdb_session
from segdsl.runtime.engines.embedded import register_sqlite_functions as register_sqlite_functions
from segdsl.runtime.engines.embedded import sqlite_path as sqlite_path
from segdsl.runtime.engines.servers import MySQLDatabase as MySQLDatabase
from segdsl.runtime.engines.servers import PostgresDatabase as PostgresDatabase
from segdsl.runtime.engines.servers import RedshiftDatabase as RedshiftDatabase
from segdsl.runtime.engines.spark import SparkDatabase as SparkDatabase
from segdsl.runtime.engines.warehouses import BigQueryDatabase as BigQueryDatabase
from segdsl.runtime.engines.warehouses import DatabricksDatabase as DatabricksDatabase
from segdsl.runtime.engines.warehouses import SnowflakeDatabase as SnowflakeDatabase
from segdsl.runtime.engines.warehouses import TrinoDatabase as TrinoDatabase

if TYPE_CHECKING:
    from segdsl.semantics.schema import Schema

Opener = Callable[[str, float | None], Database]


def _after_scheme(url: str) -> str:
    """The path of a `duckdb://` or `chdb://` URL: what follows the scheme, three slashes or
    four starting an absolute path."""
    rest = url.partition("://")[2]
    return rest.removeprefix("/") if rest.startswith("//") else rest


# Each URL scheme, and how a URL of it is opened.
SCHEMES: dict[str, Opener] = {
    "duckdb": lambda url, timeout: DuckDBDatabase(_after_scheme(url), timeout),
    "sqlite": lambda url, timeout: SQLiteDatabase(sqlite_path(url), timeout),
    "postgresql": PostgresDatabase,
    "postgres": PostgresDatabase,
    "mysql": MySQLDatabase,
    "mariadb": MySQLDatabase,
    "redshift": RedshiftDatabase,
    "sc": SparkDatabase.connect_remote,
    "spark+local": SparkDatabase.local,
    "chdb": lambda url, timeout: ChdbDatabase(_after_scheme(url), timeout),
    "clickhouse": ClickHouseServerDatabase,
    "clickhouses": ClickHouseServerDatabase,
    "trino": TrinoDatabase,
    "snowflake": SnowflakeDatabase,
    "bigquery": BigQueryDatabase,
    "databricks": DatabricksDatabase,
}


def connect(
    target: str, statement_timeout: float | None = None, schema: Schema | None = None
) -> Database:
    """Open `target` read-only: a DuckDB file path, or a URL of one of `SCHEMES`. With a
    `schema`, its tables and columns are checked before the first query."""
    database = _open(target, statement_timeout)
    database.schema = schema
    return database


def _open(target: str, statement_timeout: float | None) -> Database:
    if statement_timeout is not None and not (
        math.isfinite(statement_timeout) and statement_timeout > 0
    ):
        raise EngineError("the statement timeout must be a positive number of seconds")
    scheme, sep, _rest = target.partition("://")
    if not sep:
        return DuckDBDatabase(target, statement_timeout)
    opener = SCHEMES.get(scheme.lower())
    if opener is None:
        known = ", ".join(["a DuckDB file path", *(f"{s}://" for s in SCHEMES)])
        raise EngineError(f"unknown database URL scheme '{scheme}://'", hint=f"use {known}")
    return opener(target, statement_timeout)


def wrap_connection(connection: Any, schema: Schema | None = None) -> Database:
    """The caller's open connection as a `Database`: DuckDB, sqlite3, psycopg, PyMySQL or a
    SparkSession (classic or Spark Connect), told apart by the package its class comes from.
    segdsl changes none of its settings and never closes it (its queries' meaning does not
    depend on the session time zone). `schema`: as for `connect`."""
    package = type(connection).__module__.partition(".")[0].lstrip("_")
    wrappers: dict[str, Callable[[Any], Database]] = {
        "duckdb": lambda con: DuckDBDatabase(None, connection=con),
        "sqlite3": SQLiteDatabase.wrapping,
        "psycopg": PostgresDatabase.wrapping,
        "pymysql": MySQLDatabase.wrapping,
        "pyspark": SparkDatabase.wrapping,
    }
    wrapper = wrappers.get(package)
    if wrapper is None:
        raise EngineError(
            f"cannot run on a {type(connection).__qualname__} from '{package}'",
            hint="pass a database URL, or a DuckDB, sqlite3, psycopg or PyMySQL connection, "
            "or a SparkSession",
        )
    database = wrapper(connection)
    database.schema = schema
    return database
