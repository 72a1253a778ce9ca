"""Read-only connections to the databases segments run on, behind one small interface.

`connect(target)` takes a DuckDB file path (the default), or a URL: `postgresql://…`,
`mysql://…` / `mariadb://…`, `sqlite:///path`. Every connection is read-only (a read-only DuckDB
file, a read-only transaction, SQLite's `mode=ro`), runs in UTC, and can carry a statement
timeout. Results stream in batches so that a large segment never has to fit in memory.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic, SegdslError
from .diagnostics import EngineError as EngineError

if TYPE_CHECKING:
    from .schema import Schema

BATCH_ROWS = 10_000


@dataclass
class QueryResult:
    """Column names and an iterator of row batches (consumed once)."""

    columns: list[str]
    batches: Iterator[list[tuple[Any, ...]]]


class Database:
    """One open, read-only connection. Subclasses implement `_execute`, `interrupt`, `close`."""

    dialect: str
    display_name: str
    engine: str  # the product, for people: "DuckDB", "MariaDB", …
    # The statement that asks this engine for its plan of a query, in its most readable form.
    plan_prefix = "EXPLAIN "

    def __init__(self, statement_timeout: float | None) -> None:
        self.statement_timeout = statement_timeout
        # The schema the tables are checked against before the first query (segdsl/dbcheck.py),
        # and what that check found: checked once per connection.
        self.schema: Schema | None = None
        self._schema_problems: tuple[Diagnostic, ...] | None = None

    def query(self, sql: str) -> QueryResult:
        """Run `sql`; first, once, check the tables and columns of `schema` if one is set."""
        if self.schema is not None:
            if self._schema_problems is None:
                from .dbcheck import schema_problems

                self._schema_problems = schema_problems(self, self.schema)
            if self._schema_problems:
                raise SegdslError(self._schema_problems)
        return self.query_unchecked(sql)

    def query_unchecked(self, sql: str) -> QueryResult:
        """Run `sql` without the schema check (the check's own catalog queries)."""
        try:
            return self._execute(sql)
        except EngineError:
            raise
        except Exception as error:
            raise self._explain(error) from None

    def plan(self, sql: str) -> QueryResult:
        """The engine's plan for the query `sql` (the rows of its EXPLAIN)."""
        return self.query(self.plan_prefix + sql)

    def _execute(self, sql: str) -> QueryResult:
        raise NotImplementedError

    def _explain(self, error: Exception) -> EngineError:
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if self.statement_timeout is not None and _looks_like_timeout(message):
            return EngineError(
                f"{self.display_name}: the query ran longer than {self.statement_timeout:g} s",
                hint="raise --timeout, or narrow the segment",
            )
        return EngineError(f"{self.display_name}: {message}")

    def interrupt(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _looks_like_timeout(message: str) -> bool:
    lowered = message.lower()
    return any(
        word in lowered for word in ("timeout", "interrupt", "canceling statement", "max_statement")
    )


def _stream(
    fetch: Callable[[int], Sequence[Sequence[Any]]], on_error: Callable[[Exception], EngineError]
) -> Iterator[list[tuple[Any, ...]]]:
    while True:
        try:
            rows = fetch(BATCH_ROWS)
        except Exception as error:
            raise on_error(error) from None
        if not rows:
            return
        yield [tuple(row) for row in rows]


class _Deadline:
    """Calls `interrupt` once `seconds` have passed (engines without a native statement timeout)."""

    def __init__(self, seconds: float | None, interrupt: Callable[[], None]) -> None:
        self._timer = threading.Timer(seconds, interrupt) if seconds else None
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


class _InProcessDatabase(Database):
    """An engine in this process (DuckDB, SQLite): its connection runs, interrupts and closes
    queries the same way."""

    _con: Any

    def _execute(self, sql: str) -> QueryResult:
        deadline = _Deadline(self.statement_timeout, self.interrupt)
        try:
            cursor = self._con.execute(sql)
        except Exception:
            deadline.cancel()
            raise
        columns = [d[0] for d in cursor.description or ()]

        def batches() -> Iterator[list[tuple[Any, ...]]]:
            try:
                yield from _stream(cursor.fetchmany, self._explain)
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
    lower and upper; see segdsl/dialects.py)."""
    from .dialects import SQLITE_FUNCTIONS

    for name, function in SQLITE_FUNCTIONS.values():
        connection.create_function(name, 1, _null_passing(function), deterministic=True)


def _null_passing(function: Callable[[str], str]) -> Callable[[str | None], str | None]:
    def call(text: str | None) -> str | None:
        return None if text is None else function(text)

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


# Every PostgreSQL result gets its own server-side cursor, so that one can stay open (partly
# read) while another query runs.
_CURSOR_NUMBERS = itertools.count()


class PostgresDatabase(Database):
    dialect = "postgres"
    engine = "PostgreSQL"

    def __init__(self, url: str, statement_timeout: float | None = None) -> None:
        super().__init__(statement_timeout)
        self.display_name = _redact(url)
        try:
            import psycopg
        except ImportError:
            raise EngineError(
                "PostgreSQL needs the psycopg driver", hint="pip install 'segdsl[postgres]'"
            ) from None
        try:
            self._con = psycopg.connect(url, autocommit=True, connect_timeout=10)
            self._con.execute("SET TIME ZONE 'UTC'")
            self._con.execute("SET default_transaction_read_only = on")
            if statement_timeout is not None:
                self._con.execute(f"SET statement_timeout = {int(statement_timeout * 1000)}")
        except psycopg.Error as error:
            raise EngineError(
                f"cannot connect to {self.display_name}: {str(error).strip().splitlines()[0]}",
                hint="check host, port, user and database in the URL",
            ) from None

    def _execute(self, sql: str) -> QueryResult:
        # A server-side cursor streams rows; it needs a (read-only) transaction around it.
        transaction = self._con.transaction()
        transaction.__enter__()
        cursor = self._con.cursor(name=f"segdsl_result_{next(_CURSOR_NUMBERS)}")
        try:
            cursor.execute(sql)
        except Exception as error:
            with contextlib.suppress(Exception):
                transaction.__exit__(type(error), error, None)
            raise
        columns = [d.name for d in cursor.description or ()]

        def batches() -> Iterator[list[tuple[Any, ...]]]:
            try:
                yield from _stream(cursor.fetchmany, self._explain)
            finally:
                with contextlib.suppress(Exception):
                    cursor.close()
                    transaction.__exit__(None, None, None)

        return QueryResult(columns, batches())

    def plan(self, sql: str) -> QueryResult:
        # EXPLAIN cannot run in a server-side cursor; a plan is short enough to fetch at once.
        try:
            with self._con.cursor() as cursor:
                rows = cursor.execute(self.plan_prefix + sql).fetchall()
                columns = [d.name for d in cursor.description or ()]
        except Exception as error:
            raise self._explain(error) from None
        return QueryResult(columns, iter([rows]))

    def interrupt(self) -> None:
        self._con.cancel()

    def close(self) -> None:
        self._con.close()


class MySQLDatabase(Database):
    dialect = "mysql"
    engine = "MySQL"

    def __init__(self, url: str, statement_timeout: float | None = None) -> None:
        super().__init__(statement_timeout)
        self.display_name = _redact(url)
        try:
            import pymysql
            import pymysql.cursors
        except ImportError:
            raise EngineError(
                "MySQL/MariaDB needs the PyMySQL driver", hint="pip install 'segdsl[mysql]'"
            ) from None
        parts = urlsplit(url)
        self._params: dict[str, Any] = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 3306,
            "user": unquote(parts.username or "root"),
            "password": unquote(parts.password or ""),
            "database": unquote(parts.path.lstrip("/")) or None,
            "charset": "utf8mb4",
            "connect_timeout": 10,
            # Each statement in its own transaction: one left open would hold its tables'
            # metadata locks and keep reading the snapshot of its first statement.
            "autocommit": True,
        }
        try:
            self._con = pymysql.connect(**self._params, cursorclass=pymysql.cursors.SSCursor)
            with self._con.cursor() as cursor:
                cursor.execute("SET time_zone = '+00:00'")
                cursor.execute("SET SESSION TRANSACTION READ ONLY")
                cursor.execute("SELECT VERSION()")
                if "mariadb" in str(cursor.fetchone()[0]).lower():
                    self.engine = "MariaDB"
                if statement_timeout is not None:
                    cursor.execute(self._timeout_statement(statement_timeout))
        except pymysql.Error as error:
            raise EngineError(
                f"cannot connect to {self.display_name}: {error}",
                hint="check host, port, user and database in the URL",
            ) from None
        self._pymysql = pymysql

    def _timeout_statement(self, seconds: float) -> str:
        if self.engine == "MariaDB":
            return f"SET SESSION max_statement_time = {seconds:g}"
        return f"SET SESSION max_execution_time = {int(seconds * 1000)}"

    def _execute(self, sql: str) -> QueryResult:
        cursor = self._con.cursor()
        cursor.execute(sql)
        columns = [d[0] for d in cursor.description or ()]

        def batches() -> Iterator[list[tuple[Any, ...]]]:
            try:
                yield from _stream(cursor.fetchmany, self._explain)
            finally:
                with contextlib.suppress(Exception):
                    cursor.close()

        return QueryResult(columns, batches())

    def interrupt(self) -> None:
        # MySQL cancels a statement only from another connection: KILL QUERY <thread id>.
        killer = self._pymysql.connect(**self._params)
        try:
            with killer.cursor() as cursor:
                cursor.execute(f"KILL QUERY {int(self._con.thread_id())}")
        finally:
            killer.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._con.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


SCHEMES = {
    "postgresql": PostgresDatabase,
    "postgres": PostgresDatabase,
    "mysql": MySQLDatabase,
    "mariadb": MySQLDatabase,
}


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


def connect(
    target: str, statement_timeout: float | None = None, schema: Schema | None = None
) -> Database:
    """Open `target` read-only: a DuckDB file path, or a postgresql://, mysql://, sqlite:/// URL.
    With a `schema`, its tables and columns are checked before the first query."""
    database = _open(target, statement_timeout)
    database.schema = schema
    return database


def _open(target: str, statement_timeout: float | None) -> Database:
    if statement_timeout is not None and not (
        math.isfinite(statement_timeout) and statement_timeout > 0
    ):
        raise EngineError("the statement timeout must be a positive number of seconds")
    scheme, sep, rest = target.partition("://")
    if not sep:
        return DuckDBDatabase(target, statement_timeout)
    scheme = scheme.lower()
    if scheme == "duckdb":
        return DuckDBDatabase(
            rest.removeprefix("/") if rest.startswith("//") else rest, statement_timeout
        )
    if scheme == "sqlite":
        return SQLiteDatabase(sqlite_path(target), statement_timeout)
    database_class = SCHEMES.get(scheme)
    if database_class is None:
        known = ", ".join(["a DuckDB file path", *(f"{s}://" for s in SCHEMES), "sqlite:///"])
        raise EngineError(f"unknown database URL scheme '{scheme}://'", hint=f"use {known}")
    return database_class(target, statement_timeout)


def wrap_connection(connection: Any, schema: Schema | None = None) -> Database:
    """The caller's open connection as a `Database`: DuckDB, sqlite3, psycopg or PyMySQL, told
    apart by the package its class comes from. segdsl changes none of its settings and never
    closes it (its queries' meaning does not depend on the session time zone). `schema`: as
    for `connect`."""
    package = type(connection).__module__.partition(".")[0].lstrip("_")
    if package == "duckdb":
        duckdb_database = DuckDBDatabase(None, connection=connection)
        duckdb_database.schema = schema
        return duckdb_database
    database: SQLiteDatabase | PostgresDatabase | MySQLDatabase
    if package == "sqlite3":
        database = SQLiteDatabase.__new__(SQLiteDatabase)
    elif package == "psycopg":
        database = PostgresDatabase.__new__(PostgresDatabase)
    elif package == "pymysql":
        import pymysql

        database = MySQLDatabase.__new__(MySQLDatabase)
        # KILL QUERY (`interrupt`) needs a second connection with the same credentials.
        database._params = {
            "host": connection.host,
            "port": connection.port,
            "user": _text(connection.user),
            "password": _text(connection.password),
            "database": _text(connection.db),
            "charset": connection.charset,
        }
        database._pymysql = pymysql
    else:
        raise EngineError(
            f"cannot run on a {type(connection).__qualname__} from '{package}'",
            hint="pass a database URL, or a DuckDB, sqlite3, psycopg or PyMySQL connection",
        )
    # The classes' constructors open their own connection; this one is already open.
    Database.__init__(database, None)
    database.display_name = f"{package} connection"
    database._con = connection
    database.schema = schema
    return database


def _text(value: str | bytes | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value
