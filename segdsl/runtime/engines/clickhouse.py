"""ClickHouse: embedded in this process through chdb (`chdb://PATH`, a chdb data folder), or a
server through clickhouse-connect (`clickhouse://user:password@host:8123/database`, and
`clickhouses://` for HTTPS). The session is read-only (ClickHouse's `readonly = 2`: queries and
settings only) and in UTC; the statement timeout is ClickHouse's own `max_execution_time`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from segdsl.diagnostics import EngineError
from segdsl.runtime.engines.base import (
    BATCH_ROWS,
    Database,
    QueryResult,
    missing_driver,
    redacted_url,
)


def session_settings(statement_timeout: float | None) -> dict[str, Any]:
    """The settings every segdsl session on ClickHouse runs with."""
    settings: dict[str, Any] = {"session_timezone": "UTC"}
    if statement_timeout is not None:
        settings["max_execution_time"] = statement_timeout
    return settings


class ChdbDatabase(Database):
    """chdb's connection to a data folder. chdb opens one folder per process and holds a whole
    result before it is read; a query cannot be interrupted before it ends."""

    dialect = "clickhouse"
    engine = "ClickHouse (chdb)"

    def __init__(self, path: str, statement_timeout: float | None = None) -> None:
        super().__init__(statement_timeout)
        self.display_name = f"chdb://{path}"
        try:
            import chdb.state.sqlitelike as chdb_dbapi
        except ImportError:
            raise missing_driver("ClickHouse (chdb)", "chdb", "clickhouse") from None
        if not Path(path).is_dir():
            # chdb would create an empty data folder there.
            raise EngineError(
                f"no chdb data folder at {path}",
                hint="chdb://PATH names the folder a chdb session stored its tables in",
            )
        settings = {**session_settings(statement_timeout), "readonly": 2}
        try:
            # Settings are parameters of chdb's connection string.
            self._con = chdb_dbapi.connect(f"{path}?{urlencode(settings)}")
        except Exception as error:
            raise EngineError(
                f"cannot open {path} as a chdb data folder: {str(error).strip().splitlines()[0]}",
                hint="chdb opens one data folder per process",
            ) from None

    def _execute(self, sql: str) -> QueryResult:
        # As an Arrow table: chdb's DB-API cursor mistakes an empty result's header for rows.
        table = self._con.query(sql, "ArrowTable")
        batches = iter(table.to_batches(max_chunksize=BATCH_ROWS))

        def rows(_size: int) -> list[tuple[Any, ...]]:
            batch = next(batches, None)
            if batch is None:
                return []
            return [
                tuple(map(_naive_utc, row))
                for row in zip(*(column.to_pylist() for column in batch.columns), strict=True)
            ]

        return QueryResult(list(table.schema.names), self._fetch_batches(rows))

    def interrupt(self) -> None:
        """chdb has no way to stop a running query from another thread."""

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._con.close()


def _naive_utc(value: Any) -> Any:
    """Timestamps as every engine returns them: naive, in UTC (Arrow's carry their zone)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def server_arguments(url: str, statement_timeout: float | None) -> dict[str, Any]:
    """`clickhouse_connect.get_client`'s arguments for a clickhouse:// or clickhouses:// URL;
    its `?key=value` parameters are ClickHouse settings."""
    parts = urlsplit(url)
    secure = parts.scheme.lower() == "clickhouses"
    return {
        "host": parts.hostname or "localhost",
        "port": parts.port or (8443 if secure else 8123),
        "username": unquote(parts.username or "default"),
        "password": unquote(parts.password or ""),
        "database": unquote(parts.path.strip("/")) or None,
        "secure": secure,
        "connect_timeout": 10,
        "settings": {
            **dict(parse_qsl(parts.query)),
            **session_settings(statement_timeout),
            "readonly": 2,
        },
    }


class ClickHouseServerDatabase(Database):
    """A ClickHouse server over HTTP. Each query gets its own id, so that `interrupt` can stop
    it with KILL QUERY from a second client."""

    dialect = "clickhouse"
    engine = "ClickHouse"
    cancel_on_signal = True

    def __init__(self, url: str, statement_timeout: float | None = None) -> None:
        super().__init__(statement_timeout)
        self.display_name = redacted_url(url)
        try:
            import clickhouse_connect
        except ImportError:
            raise missing_driver("ClickHouse", "clickhouse-connect", "clickhouse") from None
        self._arguments = server_arguments(url, statement_timeout)
        self._connect = clickhouse_connect.get_client
        self._query_id: str | None = None
        try:
            self._client = self._connect(**self._arguments)
        except Exception as error:
            raise EngineError(
                f"cannot connect to {self.display_name}: {str(error).strip().splitlines()[0]}",
                hint="check host, port (8123 for HTTP, 8443 for HTTPS), user and database",
            ) from None

    def _execute(self, sql: str) -> QueryResult:
        self._query_id = str(uuid.uuid4())
        stream: Any = self._client.query_row_block_stream(
            sql, settings={"query_id": self._query_id}
        )
        stream.__enter__()
        columns = list(stream.source.column_names)
        blocks = iter(stream)

        def batches() -> Iterator[list[tuple[Any, ...]]]:
            try:
                yield from self._fetch_batches(lambda _size: next(blocks, []))
            finally:
                with contextlib.suppress(Exception):
                    stream.__exit__(None, None, None)

        return QueryResult(columns, batches())

    def interrupt(self) -> None:
        if self._query_id is None:
            return
        killer = self._connect(**{**self._arguments, "settings": {}})
        try:
            killer.command(
                "KILL QUERY WHERE query_id = {id:String}", parameters={"id": self._query_id}
            )
        finally:
            killer.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._client.close()
