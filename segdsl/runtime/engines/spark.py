"""Apache Spark: a cluster through Spark Connect (`sc://host:port`), a local session in this
process (`spark+local://`), or the caller's own SparkSession (`wrap_connection`).

Tables are the session catalog's (qualified as `database.table` where needed) or Parquet paths
named in the schema, which the engine reads (on a cluster: paths the cluster sees). Spark has no
read-only session: only queries are sent (`read_only_statement`). The session runs in UTC; a
statement timeout or Ctrl-C interrupts the session's running operations.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from segdsl.diagnostics import EngineError
from segdsl.runtime.engines.base import (
    Database,
    Deadline,
    QueryResult,
    missing_driver,
    redacted_url,
)

# Spark Connect's default port (the server's spark.connect.grpc.binding.port).
CONNECT_PORT = 15002


class SparkDatabase(Database):
    dialect = "spark"
    engine = "Spark"
    cancel_on_signal = True
    read_only_session = False

    def __init__(
        self,
        session: Any,
        display_name: str,
        statement_timeout: float | None,
        owned: bool,
    ) -> None:
        super().__init__(statement_timeout)
        self.display_name = display_name
        self._session = session
        # A session segdsl opened on a Spark Connect server is released on `close`; a local
        # one shares the process's Spark, which lives on, and the caller's own is left alone.
        self._owned = owned
        self._remote = type(session).__module__.startswith("pyspark.sql.connect")

    @classmethod
    def connect_remote(cls, url: str, statement_timeout: float | None) -> SparkDatabase:
        """A new session on the Spark Connect server of an `sc://host:port/;params` URL."""
        SparkSession = _spark_session_class()
        parts = urlsplit(url)
        display_name = redacted_url(url.split("/;", 1)[0])
        address = (parts.hostname or "localhost", parts.port or CONNECT_PORT)
        # The client retries an unreachable server for minutes; a refused connection is
        # reported at once instead.
        try:
            socket.create_connection(address, timeout=10).close()
        except OSError as error:
            raise EngineError(
                f"cannot connect to {display_name}: {error.strerror or error}",
                hint="is the Spark Connect server running (sbin/start-connect-server.sh), and "
                "is its port in the URL?",
            ) from None
        try:
            session = SparkSession.builder.remote(url).create()
        except ImportError:  # pyspark without its Spark Connect packages (grpcio, pandas, …)
            raise missing_driver("Spark Connect", "pyspark[connect]", "spark") from None
        except Exception as error:
            raise EngineError(f"cannot connect to {display_name}: {_first_line(error)}") from None
        database = cls(session, display_name, statement_timeout, owned=True)
        database._start()
        return database

    @classmethod
    def local(cls, url: str, statement_timeout: float | None) -> SparkDatabase:
        """A session of this process's local Spark (started if need be; `?key=value` parameters
        are the settings it starts with, `spark.master` by default `local[*]`). Its own
        session: the settings segdsl makes do not reach the process's other sessions."""
        SparkSession = _spark_session_class()
        if "SPARK_CONNECT_MODE_ENABLED" in os.environ:  # pyspark's mark, and its rule
            raise EngineError(
                "cannot start a local Spark session in a process that has used Spark Connect",
                hint="run spark+local:// in a process of its own",
            )
        # Spark's log lines (WARN and up by default) would drown segdsl's own messages.
        settings = {"spark.log.level": "ERROR", **dict(parse_qsl(urlsplit(url).query))}
        builder = SparkSession.builder.master(settings.pop("spark.master", "local[*]"))
        for key, value in settings.items():
            builder = builder.config(key, value)
        try:
            session = builder.appName("segdsl").getOrCreate().newSession()
        except Exception as error:
            raise EngineError(
                f"cannot start a local Spark session: {_first_line(error)}",
                hint="Spark needs Java 17 or later (JAVA_HOME)",
            ) from None
        database = cls(session, "spark+local://", statement_timeout, owned=False)
        database._start()
        return database

    @classmethod
    def wrapping(cls, session: Any) -> SparkDatabase:
        """The caller's SparkSession (classic or Spark Connect), its settings unchanged."""
        return cls(session, "SparkSession", None, owned=False)

    def _start(self) -> None:
        try:
            self._session.conf.set("spark.sql.session.timeZone", "UTC")
        except Exception as error:
            raise EngineError(
                f"cannot connect to {self.display_name}: {_first_line(error)}"
            ) from None

    def _execute(self, sql: str) -> QueryResult:
        deadline = Deadline(self.statement_timeout, self.interrupt)
        try:
            frame = self._session.sql(sql)
            columns = list(frame.columns)
            rows = frame.toLocalIterator()
        except Exception:
            deadline.cancel()
            raise

        def batches() -> Iterator[list[tuple[Any, ...]]]:
            try:
                yield from self._fetch_batches(lambda size: list(itertools.islice(rows, size)))
            finally:
                deadline.cancel()
                with contextlib.suppress(Exception):  # a result left unread ends here
                    rows.close()

        return QueryResult(columns, batches())

    def interrupt(self) -> None:
        if self._remote:
            self._session.interruptAll()
        else:
            self._session.sparkContext.cancelAllJobs()

    def close(self) -> None:
        if self._owned:
            with contextlib.suppress(Exception):
                self._session.stop()


def _spark_session_class() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise missing_driver("Spark", "pyspark", "spark") from None
    return SparkSession


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
