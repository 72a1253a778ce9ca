"""The engines in this process: DuckDB (files, or `:memory:` for schemas of file tables) and
SQLite. Both open their database read-only and interrupt a query from another thread."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from segdsl.diagnostics import EngineError
from segdsl.runtime.engines.base import Database, Deadline, QueryResult


class _InProcessDatabase(Database):
    """An engine in this process (DuckDB, SQLite): its connection runs, interrupts and closes
    queries the same way."""

    _con: Any
    cancel_on_signal = True

    def _execute(self, sql: str) -> QueryResult:
        deadline = Deadline(self.statement_timeout, self.interrupt)
        try:
            cursor = self._con.execute(sql)
        except Exception:
            deadline.cancel()
            raise
        columns = [d[0] for d in cursor.description or ()]

        def batches() -> Iterator[list[tuple[Any, ...]]]:
            try:
                yield from self._fetch_batches(cursor.fetchmany)
            finally:
                deadline.cancel()

        return QueryResult(columns, batches())

    def interrupt(self) -> None:
        self._con.interrupt()

    def close(self) -> None:
        self._con.close()


class DuckDBDatabase(_InProcessDatabase):
    dialect = "duckdb"
    engine = "DuckDB"
    plan_prefix = "EXPLAIN (FORMAT json) "  # a tree; the text form is a drawing hundreds wide

    def __init__(
        self,
        path: str | None,
        statement_timeout: float | None = None,
        connection: Any | None = None,
    ) -> None:
        import duckdb

        super().__init__(statement_timeout)
        self.display_name = path or "duckdb"
        if connection is not None:
            self._con = connection
            return
        assert path is not None
        # `:memory:` is an empty database: for schemas whose tables are all files DuckDB reads.
        in_memory = path == ":memory:"
        if not in_memory and not Path(path).is_file():
            raise EngineError(
                f"no DuckDB database at {path}",
                hint="build the example shop with `segdsl demo`, pass --db PATH_OR_URL, or "
                "--db :memory: when every table of the schema is a CSV or Parquet file",
            )
        try:
            # Read-only: segdsl never changes the user's data (an in-memory one has none).
            self._con = duckdb.connect(path, read_only=not in_memory)
            prepare_duckdb_session(self._con)
        except duckdb.Error as error:
            raise EngineError(
                f"cannot open {path} as a DuckDB database: {str(error).splitlines()[0]}",
                hint="is it a DuckDB file, and not open for writing by another process?",
            ) from None


def prepare_duckdb_session(connection: Any) -> None:
    """The session settings segdsl's DuckDB SQL relies on: timestamps in UTC, and without the
    optimizer pass that DuckDB 2.0 gets wrong (a one-row CTE of a filtered decimal sum, cross
    joined after several LEFT JOINs, compared true where it is false; docs/dialects.md)."""
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute("SET disabled_optimizers = 'statistics_propagation'")


def register_sqlite_functions(connection: sqlite3.Connection) -> None:
    """Provide the functions segdsl's SQLite SQL calls beyond SQLite's own (Unicode-aware
    lower and upper, the local time in a zone, the MD5 bucket of a split; see
    segdsl/sql/dialects/)."""
    from segdsl.sql.dialects import SQLITE_FUNCTIONS

    for name, function in SQLITE_FUNCTIONS.values():
        connection.create_function(name, -1, _null_passing(function), deterministic=True)


def _null_passing(function: Callable[..., str | int]) -> Callable[..., str | int | None]:
    def call(*texts: str | None) -> str | int | None:
        return None if None in texts else function(*texts)

    return call


class SQLiteDatabase(_InProcessDatabase):
    dialect = "sqlite"
    engine = "SQLite"
    plan_prefix = "EXPLAIN QUERY PLAN "  # plain EXPLAIN lists bytecode

    def __init__(self, path: str, statement_timeout: float | None = None) -> None:
        super().__init__(statement_timeout)
        self.display_name = f"sqlite:///{path}"
        if not Path(path).is_file():
            raise EngineError(f"no SQLite database at {path}")
        try:
            self._con = sqlite3.connect(
                f"file:{Path(path).resolve()}?mode=ro", uri=True, check_same_thread=False
            )
            self._con.execute("PRAGMA schema_version").fetchone()
            register_sqlite_functions(self._con)
        except sqlite3.Error as error:
            raise EngineError(f"cannot open {path} as a SQLite database: {error}") from None

    @classmethod
    def wrapping(cls, connection: sqlite3.Connection) -> SQLiteDatabase:
        """The caller's open sqlite3 connection, as it is."""
        database = cls.__new__(cls)
        Database.__init__(database, None)
        database.display_name = "sqlite3 connection"
        database._con = connection
        # Unless made with check_same_thread=False, it refuses calls from a worker thread.
        database.cancel_on_signal = False
        return database


def sqlite_path(url: str) -> str:
    """The file of a `sqlite:` URL, by SQLAlchemy's convention: after `sqlite://` comes `/` and
    the path, so three slashes start a relative path (sqlite:///shop.db) and four an absolute
    one (sqlite:////var/data/shop.db)."""
    rest = url.partition("://")[2]
    if not rest.startswith("/") or rest == "/":
        raise EngineError(
            f"'{url}' is not a SQLite URL",
            hint="write sqlite:///relative/path.db or sqlite:////absolute/path.db",
        )
    path = rest[1:]
    if not Path(path).is_absolute() and not Path(path).exists() and Path("/" + path).exists():
        raise EngineError(
            f"no SQLite database at {path} (a relative path: {url} has three slashes)",
            hint=f"for the absolute path /{path}, write four slashes: sqlite:////{path}",
        )
    return path
