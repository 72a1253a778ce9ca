"""Database servers over their own protocol: PostgreSQL (and Redshift, which speaks it) through
psycopg, MySQL and MariaDB through PyMySQL. Each cancels a statement on the server."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from segdsl.diagnostics import EngineError
from segdsl.runtime.engines.base import (
    Database,
    QueryResult,
    missing_driver,
    read_only_statement,
    redacted_url,
)

# Every PostgreSQL result gets its own server-side cursor, so that one can stay open (partly
# read) while another query runs.
_CURSOR_NUMBERS = itertools.count()


class PostgresDatabase(Database):
    dialect = "postgres"
    engine = "PostgreSQL"
    extra = "postgres"
    cancel_on_signal = True

    def __init__(self, url: str, statement_timeout: float | None = None) -> None:
        super().__init__(statement_timeout)
        self.display_name = redacted_url(url)
        try:
            import psycopg
        except ImportError:
            raise missing_driver(self.engine, "psycopg", self.extra) from None
        try:
            self._con = psycopg.connect(self.conninfo(url), autocommit=True, connect_timeout=10)
            for statement in self.session_statements(statement_timeout):
                self._con.execute(statement)
        except psycopg.Error as error:
            raise EngineError(
                f"cannot connect to {self.display_name}: {str(error).strip().splitlines()[0]}",
                hint="check host, port, user and database in the URL",
            ) from None

    @classmethod
    def wrapping(cls, connection: Any) -> PostgresDatabase:
        """The caller's open psycopg connection, as it is."""
        database = cls.__new__(cls)
        Database.__init__(database, None)
        database.display_name = "psycopg connection"
        database._con = connection
        return database

    @staticmethod
    def conninfo(url: str) -> str:
        """What psycopg connects to: the URL itself (libpq reads postgresql:// URLs)."""
        return url

    def session_statements(self, statement_timeout: float | None) -> list[str]:
        """UTC, read-only, and the statement timeout, for the whole session."""
        statements = ["SET TIME ZONE 'UTC'", "SET default_transaction_read_only = on"]
        if statement_timeout is not None:
            statements.append(f"SET statement_timeout = {int(statement_timeout * 1000)}")
        return statements

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
                yield from self._fetch_batches(cursor.fetchmany)
            finally:
                with contextlib.suppress(Exception):
                    cursor.close()
                    transaction.__exit__(None, None, None)

        return QueryResult(columns, batches())

    def plan(self, sql: str) -> QueryResult:
        # EXPLAIN cannot run in a server-side cursor; a plan is short enough to fetch at once.
        if not self.read_only_session:
            read_only_statement(sql, self)

        def read() -> tuple[list[str], list[Any]]:
            with self._con.cursor() as cursor:
                rows = cursor.execute(self.plan_prefix + sql).fetchall()
                return [d.name for d in cursor.description or ()], rows

        try:
            columns, rows = self._wait_for(read)
        except Exception as error:
            raise self._explain(error) from None
        return QueryResult(columns, iter([rows]))

    def interrupt(self) -> None:
        self._con.cancel()

    def close(self) -> None:
        self._con.close()


class RedshiftDatabase(PostgresDatabase):
    """Amazon Redshift through psycopg (it speaks PostgreSQL's protocol): `redshift://` URLs are
    PostgreSQL URLs on port 5439 by default. Redshift has no read-only session setting, so
    only queries are sent (`read_only_statement`)."""

    dialect = "redshift"
    engine = "Redshift"
    extra = "redshift"
    read_only_session = False

    @staticmethod
    def conninfo(url: str) -> str:
        parts = urlsplit(url)
        netloc = parts.netloc if parts.port is not None else f"{parts.netloc}:5439"
        return parts._replace(scheme="postgresql", netloc=netloc).geturl()

    def session_statements(self, statement_timeout: float | None) -> list[str]:
        statements = ["SET TIME ZONE 'UTC'"]
        if statement_timeout is not None:
            statements.append(f"SET statement_timeout TO {int(statement_timeout * 1000)}")
        return statements


class MySQLDatabase(Database):
    dialect = "mysql"
    engine = "MySQL"
    cancel_on_signal = True
    _cursor: Any = None  # the latest result's

    def __init__(self, url: str, statement_timeout: float | None = None) -> None:
        super().__init__(statement_timeout)
        self.display_name = redacted_url(url)
        try:
            import pymysql
            import pymysql.cursors
        except ImportError:
            raise missing_driver("MySQL/MariaDB", "PyMySQL", "mysql") from None
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

    @classmethod
    def wrapping(cls, connection: Any) -> MySQLDatabase:
        """The caller's open PyMySQL connection, as it is."""
        import pymysql

        database = cls.__new__(cls)
        Database.__init__(database, None)
        database.display_name = "pymysql connection"
        database._con = connection
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
        return database

    def _explain(self, error: Exception) -> EngineError:
        from segdsl.sql.dialects.mysql import MYSQL_OUT_OF_ZONE_RANGE

        if f"exp({MYSQL_OUT_OF_ZONE_RANGE} " in str(error).lower():
            return EngineError(
                f"{self.display_name}: a timestamp outside 1970-01-01 00:00:01 to 2038-01-19 "
                "03:14:07 (UTC) cannot be read on the schema's time zone: MySQL's CONVERT_TZ "
                "converts only those",
                hint="on another engine, or with the schema's time_zone UTC, it can",
            )
        return super()._explain(error)

    def _timeout_statement(self, seconds: float) -> str:
        if self.engine == "MariaDB":
            return f"SET SESSION max_statement_time = {seconds:g}"
        return f"SET SESSION max_execution_time = {int(seconds * 1000)}"

    def _execute(self, sql: str) -> QueryResult:
        # A result streams from the server until it is read or closed, and the connection holds
        # one at a time: the previous one, if a signal left it unread, is closed here (or by
        # `close`), not read by pymysql later, after the connection is gone.
        self._close_cursor()
        cursor = self._cursor = self._con.cursor()
        cursor.execute(sql)
        columns = [d[0] for d in cursor.description or ()]

        def batches() -> Iterator[list[tuple[Any, ...]]]:
            try:
                yield from self._fetch_batches(cursor.fetchmany)
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

    def _close_cursor(self) -> None:
        if self._cursor is not None:
            with contextlib.suppress(Exception):
                self._cursor.close()
            self._cursor = None

    def close(self) -> None:
        self._close_cursor()
        with contextlib.suppress(Exception):
            self._con.close()


def _text(value: str | bytes | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value
