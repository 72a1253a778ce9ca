"""Cloud warehouses through their standard Python drivers' DB-API connections: Trino, Snowflake,
BigQuery and Databricks SQL (Redshift speaks PostgreSQL's protocol: segdsl/runtime/engines/
servers.py). None has a read-only session, so only queries are sent (`read_only_statement`);
each runs in UTC with the warehouse's own statement timeout, and stops a statement on Ctrl-C
where its driver can (all but BigQuery's).

Each URL's driver arguments come from a function of the URL alone (`trino_arguments`, …), so
that what segdsl asks of a driver can be read and tested without a warehouse.
"""

from __future__ import annotations

import contextlib
import importlib
import math
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from segdsl.diagnostics import EngineError
from segdsl.runtime.engines.base import Database, QueryResult, missing_driver, redacted_url


def _parameters(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def _path_parts(url: str) -> list[str]:
    return [unquote(part) for part in urlsplit(url).path.split("/") if part]


def _whole_seconds(seconds: float) -> int:
    return max(1, math.ceil(seconds))


def trino_arguments(url: str, statement_timeout: float | None) -> dict[str, Any]:
    """`trino.dbapi.connect`'s arguments for `trino://user[:password]@host[:port]/catalog
    [/schema][?http_scheme=https]`; a password means HTTPS with basic authentication."""
    parts = urlsplit(url)
    parameters = _parameters(url)
    path = _path_parts(url)
    scheme = parameters.get("http_scheme", "https" if parts.password else "http")
    arguments: dict[str, Any] = {
        "host": parts.hostname or "localhost",
        "port": parts.port or (443 if scheme == "https" else 8080),
        "user": unquote(parts.username or "segdsl"),
        "catalog": path[0] if path else None,
        "schema": path[1] if len(path) > 1 else None,
        "http_scheme": scheme,
        "timezone": "UTC",
        "request_timeout": 30,
        "session_properties": {},
    }
    if statement_timeout is not None:
        arguments["session_properties"]["query_max_run_time"] = f"{statement_timeout:g}s"
    if parts.password:
        from trino.auth import BasicAuthentication

        arguments["auth"] = BasicAuthentication(arguments["user"], unquote(parts.password))
    return arguments


def snowflake_arguments(url: str, statement_timeout: float | None) -> dict[str, Any]:
    """`snowflake.connector.connect`'s arguments for `snowflake://user:password@account/
    database[/schema][?warehouse=W&role=R]` (other parameters are passed on as they are)."""
    parts = urlsplit(url)
    path = _path_parts(url)
    session: dict[str, Any] = {"TIMEZONE": "UTC"}
    if statement_timeout is not None:
        session["STATEMENT_TIMEOUT_IN_SECONDS"] = _whole_seconds(statement_timeout)
    return {
        **_parameters(url),
        "account": parts.hostname,
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "database": path[0] if path else None,
        "schema": path[1] if len(path) > 1 else None,
        "login_timeout": 10,
        "session_parameters": session,
    }


def bigquery_arguments(url: str, statement_timeout: float | None) -> dict[str, Any]:
    """`google.cloud.bigquery.Client`'s arguments for `bigquery://project[/dataset]
    [?location=EU]`: the project, its location, and the dataset unqualified tables are in."""
    from google.cloud import bigquery

    project = urlsplit(url).hostname
    path = _path_parts(url)
    job = bigquery.QueryJobConfig()
    if path:
        job.default_dataset = f"{project}.{path[0]}"
    if statement_timeout is not None:
        job.job_timeout_ms = int(statement_timeout * 1000)
    return {
        "project": project,
        "location": _parameters(url).get("location"),
        "default_query_job_config": job,
    }


def databricks_arguments(url: str, statement_timeout: float | None) -> dict[str, Any]:
    """`databricks.sql.connect`'s arguments for `databricks://token:TOKEN@host?http_path=P
    [&catalog=C&schema=S]`, the URL form of Databricks' SQLAlchemy dialect."""
    parts = urlsplit(url)
    parameters = _parameters(url)
    session: dict[str, Any] = {"TIMEZONE": "UTC"}
    if statement_timeout is not None:
        session["STATEMENT_TIMEOUT"] = _whole_seconds(statement_timeout)
    return {
        "server_hostname": parts.hostname,
        "http_path": parameters.get("http_path"),
        "access_token": unquote(parts.password or ""),
        "catalog": parameters.get("catalog"),
        "schema": parameters.get("schema"),
        "session_configuration": session,
    }


class WarehouseDatabase(Database):
    """A warehouse's DB-API connection, opened with its driver's arguments for the URL."""

    read_only_session = False
    cancel_on_signal = True
    module: str  # the driver's module, imported on connect
    package: str  # the driver's package, for the message when it is missing
    extra: str
    arguments: Callable[[str, float | None], dict[str, Any]]
    hint: str  # what to check when the connection fails

    def __init__(self, url: str, statement_timeout: float | None = None) -> None:
        super().__init__(statement_timeout)
        self.display_name = redacted_url(url)
        try:
            driver = importlib.import_module(self.module)
        except ImportError:
            raise missing_driver(self.engine, self.package, self.extra) from None
        self._cursor: Any = None
        try:
            self.connection = self.open(driver, type(self).arguments(url, statement_timeout))
        except Exception as error:
            message = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise EngineError(
                f"cannot connect to {self.display_name}: {message or type(error).__name__}",
                hint=self.hint,
            ) from None

    def open(self, driver: Any, arguments: dict[str, Any]) -> Any:
        return driver.connect(**arguments)

    def _execute(self, sql: str) -> QueryResult:
        cursor = self._cursor = self.connection.cursor()
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
        if self._cursor is not None:
            self._cursor.cancel()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()


class TrinoDatabase(WarehouseDatabase):
    dialect = "trino"
    engine = "Trino"
    module = "trino.dbapi"
    package = "trino"
    extra = "trino"
    arguments = staticmethod(trino_arguments)
    hint = "check host, port, user, catalog and schema in the URL"


class SnowflakeDatabase(WarehouseDatabase):
    dialect = "snowflake"
    engine = "Snowflake"
    module = "snowflake.connector"
    package = "snowflake-connector-python"
    extra = "snowflake"
    arguments = staticmethod(snowflake_arguments)
    hint = "check the account, user, password, database and ?warehouse= in the URL"

    def interrupt(self) -> None:
        if self._cursor is not None and self._cursor.sfqid:
            self._cursor.abort_query(self._cursor.sfqid)


class BigQueryDatabase(WarehouseDatabase):
    """BigQuery's DB-API connection over a client for the project. A job cannot be stopped
    through it; the statement timeout is the job's own."""

    dialect = "bigquery"
    engine = "BigQuery"
    module = "google.cloud.bigquery.dbapi"
    package = "google-cloud-bigquery"
    extra = "bigquery"
    arguments = staticmethod(bigquery_arguments)
    hint = "check the project in the URL and your Google Cloud credentials"
    cancel_on_signal = False
    plan_prefix = ""  # BigQuery has no EXPLAIN

    def open(self, driver: Any, arguments: dict[str, Any]) -> Any:
        from google.cloud import bigquery

        return driver.connect(client=bigquery.Client(**arguments))

    def plan(self, sql: str) -> QueryResult:
        raise EngineError("BigQuery shows no query plan (it has no EXPLAIN)")

    def interrupt(self) -> None:
        """BigQuery's DB-API cursor cannot stop a running job."""


class DatabricksDatabase(WarehouseDatabase):
    dialect = "databricks"
    engine = "Databricks"
    module = "databricks.sql"
    package = "databricks-sql-connector"
    extra = "databricks"
    arguments = staticmethod(databricks_arguments)
    hint = "check the host, the token and ?http_path= (the SQL warehouse's) in the URL"
