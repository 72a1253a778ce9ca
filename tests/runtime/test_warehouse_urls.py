"""The warehouses' URLs, where no warehouse can run here: each URL picks its dialect and gives
its driver the right arguments, through the driver's real module (Trino's connects lazily and
Redshift's is psycopg, so theirs are real connections; Snowflake's, BigQuery's and Databricks'
connect at once, so their connect call is recorded instead of reaching the network), and a
missing driver is one line naming the extra to install."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from segdsl.cli import main
from segdsl.runtime.engines import (
    SCHEMES,
    EngineError,
    RedshiftDatabase,
    SparkDatabase,
    TrinoDatabase,
    connect,
)
from segdsl.runtime.engines.warehouses import (
    bigquery_arguments,
    databricks_arguments,
    snowflake_arguments,
    trino_arguments,
)
from segdsl.sql.dialects import DIALECTS

SCHEMA = str(Path(__file__).parents[2] / "examples/shop/schema.yaml")


def _run(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["run", "-e", "purchases >= 1", "--schema", SCHEMA, "--db", url]
    )
    return result.exit_code, result.output


def test_every_scheme_runs_a_known_dialect() -> None:
    for scheme, opener in SCHEMES.items():
        database_class = getattr(opener, "__self__", opener)  # a class, or a classmethod's
        if isinstance(database_class, type):
            assert database_class.dialect in DIALECTS, scheme


def test_trino_url() -> None:
    pytest.importorskip("trino", reason="the trino extra is not installed")
    with connect("trino://ann@127.0.0.1:1/hive/web", statement_timeout=2) as database:
        assert isinstance(database, TrinoDatabase)
        assert database.dialect == "trino"
        found = vars(database.connection)
        assert {key: found[key] for key in ("host", "port", "user", "catalog", "schema")} == {
            "host": "127.0.0.1",
            "port": 1,
            "user": "ann",
            "catalog": "hive",
            "schema": "web",
        }
        assert found["http_scheme"] == "http"
        assert found["session_properties"] == {"query_max_run_time": "2s"}
        with pytest.raises(EngineError, match="segdsl runs only queries on Trino"):
            database.query("DELETE FROM orders")
        # Trino's client connects on the first query: the refusal is the engine's error.
        with pytest.raises(EngineError, match=r"^trino://ann@127\.0\.0\.1:1/hive/web: "):
            list(database.query("SELECT 1").batches)


def test_trino_password_means_https_and_basic_authentication() -> None:
    pytest.importorskip("trino", reason="the trino extra is not installed")
    from trino.auth import BasicAuthentication

    arguments = trino_arguments("trino://ann:s3cret@trino.example.com/hive", None)
    assert (arguments["http_scheme"], arguments["port"]) == ("https", 443)
    assert arguments["auth"] == BasicAuthentication("ann", "s3cret")
    assert arguments["schema"] is None


def test_redshift_url_is_a_postgresql_connection_on_port_5439() -> None:
    assert RedshiftDatabase.conninfo("redshift://ann:pw@cluster.example.com/dev") == (
        "postgresql://ann:pw@cluster.example.com:5439/dev"
    )
    assert RedshiftDatabase.dialect == "redshift"
    code, output = _run("redshift://ann:secret@127.0.0.1:1/dev")
    assert code == 1
    assert output.startswith("error[E608]: cannot connect to redshift://ann:***@127.0.0.1:1/dev")


class _Recorded(Exception):
    """Raised by a recorded connect call, as a driver raises for an unreachable warehouse."""


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    calls: dict[str, Any] = {}

    def record(name: str) -> Any:
        def connect(*args: Any, **kwargs: Any) -> Any:
            calls[name] = kwargs
            raise _Recorded("the network is not reached in this test")

        return connect

    for module, attribute in (
        ("snowflake.connector", "connect"),
        ("databricks.sql", "connect"),
        ("google.cloud.bigquery", "Client"),
    ):
        driver = pytest.importorskip(module, reason=f"{module} is not installed")
        monkeypatch.setattr(driver, attribute, record(module))
    return calls


@pytest.mark.parametrize(
    ("url", "module", "arguments"),
    [
        (
            "snowflake://ann:s3cret@xy12345.eu-central-1/shop/web?warehouse=small&role=analyst",
            "snowflake.connector",
            snowflake_arguments,
        ),
        (
            "databricks://token:dapi123@adb-1.azuredatabricks.net"
            "?http_path=/sql/1.0/warehouses/abc&catalog=main&schema=web",
            "databricks.sql",
            databricks_arguments,
        ),
        ("bigquery://my-project/shop?location=EU", "google.cloud.bigquery", bigquery_arguments),
    ],
    ids=["snowflake", "databricks", "bigquery"],
)
def test_warehouse_drivers_get_the_urls_arguments(
    recorded: dict[str, Any], url: str, module: str, arguments: Any
) -> None:
    with pytest.raises(EngineError, match=r"^cannot connect to \w+://") as raised:
        connect(url, statement_timeout=1.5)
    assert "s3cret" not in str(raised.value) and "dapi123" not in str(raised.value)
    got, expected = recorded[module], arguments(url, 1.5)
    if module == "google.cloud.bigquery":  # a job configuration compares by identity
        for config in (got, expected):
            job = config.pop("default_query_job_config")
            config["job"] = (job.default_dataset.dataset_id, job.job_timeout_ms)
    assert got == expected


def test_warehouse_arguments() -> None:
    snowflake = snowflake_arguments(
        "snowflake://ann:s3cret@xy12345/shop/web?warehouse=small&role=analyst", 1.5
    )
    assert snowflake == {
        "warehouse": "small",
        "role": "analyst",
        "account": "xy12345",
        "user": "ann",
        "password": "s3cret",
        "database": "shop",
        "schema": "web",
        "login_timeout": 10,
        "session_parameters": {"TIMEZONE": "UTC", "STATEMENT_TIMEOUT_IN_SECONDS": 2},
    }
    databricks = databricks_arguments(
        "databricks://token:dapi123@host.example.com?http_path=/sql/1.0/warehouses/abc", None
    )
    assert databricks == {
        "server_hostname": "host.example.com",
        "http_path": "/sql/1.0/warehouses/abc",
        "access_token": "dapi123",
        "catalog": None,
        "schema": None,
        "session_configuration": {"TIMEZONE": "UTC"},
    }


@pytest.mark.parametrize(
    ("url", "module", "needs", "extra"),
    [
        ("trino://ann@127.0.0.1/hive", "trino.dbapi", "Trino needs the trino", "trino"),
        (
            "snowflake://ann@xy1/shop",
            "snowflake.connector",
            "Snowflake needs the snowflake-connector-python",
            "snowflake",
        ),
        (
            "bigquery://project",
            "google.cloud.bigquery.dbapi",
            "BigQuery needs the google-cloud-bigquery",
            "bigquery",
        ),
        (
            "databricks://token:x@host?http_path=/p",
            "databricks.sql",
            "Databricks needs the databricks-sql-connector",
            "databricks",
        ),
        ("redshift://ann@127.0.0.1/dev", "psycopg", "Redshift needs the psycopg", "redshift"),
        (
            "clickhouse://127.0.0.1/shop",
            "clickhouse_connect",
            "ClickHouse needs the clickhouse-connect",
            "clickhouse",
        ),
        ("chdb://data", "chdb.state.sqlitelike", "ClickHouse (chdb) needs the chdb", "clickhouse"),
        ("sc://127.0.0.1:15002", "pyspark.sql", "Spark needs the pyspark", "spark"),
        ("spark+local://", "pyspark.sql", "Spark needs the pyspark", "spark"),
    ],
    ids=lambda value: value if "://" in str(value) else "",
)
def test_a_missing_driver_is_one_line(
    monkeypatch: pytest.MonkeyPatch, url: str, module: str, needs: str, extra: str
) -> None:
    # As if not installed: the very module segdsl imports (its package may be imported
    # already), so that no driver starts to look for a warehouse or credentials.
    monkeypatch.setitem(sys.modules, module, None)
    code, output = _run(url)
    assert (code, output) == (1, f"error[E640]: {needs} driver: pip install 'segdsl[{extra}]'\n")


def test_a_spark_connect_url_without_a_server_is_one_line() -> None:
    assert SparkDatabase.dialect == "spark"
    code, output = _run("sc://127.0.0.1:1/;token=s3cret")
    assert code == 1
    assert output.startswith("error[E608]: cannot connect to sc://127.0.0.1:1: ")
    assert "s3cret" not in output
