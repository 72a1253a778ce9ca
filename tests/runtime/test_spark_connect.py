"""Spark through Spark Connect, end to end: the Spark Connect server that ships with pyspark
(started once per test run, tests/support/spark_connect.py) runs the conformance members and
the example segments through `segdsl run --db sc://127.0.0.1:PORT`, with the shop's tables in
the session catalog and as Parquet paths named in the schema, and gives what the reference
evaluator and DuckDB give. Also: the analytics commands, the statement timeout and Ctrl-C
(both stop the operation on the server), the read-only guard, the schema check, and a local
session (`spark+local://`) reading the same Parquet files."""

from __future__ import annotations

import csv
import datetime as dt
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml
from click.testing import CliRunner

import segdsl
from segdsl.cli import main
from segdsl.demo.shop import SHOP_TABLES, build_shop
from segdsl.runtime.engines import EngineError, connect
from tests.support.shop_fixture import build, parquet_shop

ROOT = Path(__file__).parents[2]
SCHEMA = ROOT / "examples/shop/schema.yaml"
SEGMENTS = ROOT / "examples/shop/segments.seg"
MEMBERS = yaml.safe_load((ROOT / "tests/conformance/members.yaml").read_text(encoding="utf-8"))
ANCHOR = dt.datetime(2026, 3, 31, 12, 0)
SLOW = "SELECT count(*) FROM range(100000000000)"
CONNECT_MARK = "SPARK_CONNECT_MODE_ENABLED"


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module", autouse=True)
def classic_spark_afterwards() -> Iterator[None]:
    """pyspark marks a process that opened a Spark Connect session, and then starts no local
    Spark in it: the mark goes when this module is done, for the tests that run a local Spark
    (tests/support/backends.py) in this process after it."""
    before = os.environ.get(CONNECT_MARK)
    yield
    if before is None:
        os.environ.pop(CONNECT_MARK, None)


@pytest.fixture(scope="module")
def fixture_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five-customer fixture shop (tests/support/shop_fixture.py) as a DuckDB file."""
    return build(tmp_path_factory.mktemp("spark_fixture_shop") / "shop.duckdb")


@pytest.fixture(scope="module")
def catalog_url(spark_connect_url: str, fixture_shop: Path) -> str:
    """The server with the fixture shop's tables in its session catalog."""
    from pyspark.sql import SparkSession

    folder = fixture_shop.parent / "parquet"
    folder.mkdir()
    parquet_shop(fixture_shop, folder)
    session = SparkSession.builder.remote(spark_connect_url).create()
    try:
        for table in SHOP_TABLES:
            frame = session.read.parquet(str(folder / f"{table}.parquet"))
            frame.write.mode("overwrite").saveAsTable(table)
    finally:
        session.stop()
    return spark_connect_url


@pytest.fixture(scope="module")
def generated_shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated shop: its DuckDB file, and a schema naming its tables as Parquet files."""
    folder = tmp_path_factory.mktemp("spark_generated_shop")
    database = folder / "shop.duckdb"
    with duckdb.connect(str(database)) as con:
        build_shop(con, customers=300, seed=11, anchor=ANCHOR)
    return database, parquet_shop(database, folder)


def _membership(path: Path) -> dict[str, set[str]]:
    """Each membership column of a `run FILE --out` file: the keys whose value is 1 (a
    segment) or the label (a partition, as `column=label`)."""
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    found: dict[str, set[str]] = {}
    for row in rows:
        key = row.pop("customer_id")
        for column, value in row.items():
            name = column if value in ("0", "1") else f"{column}={value}"
            if value != "0":
                found.setdefault(name, set()).add(key)
    return found


def test_conformance_members_on_the_session_catalog(catalog_url: str, tmp_path: Path) -> None:
    """Every conformance case on the fixture shop, as one segment of one file: one query on the
    server (tests/semantics/test_conformance.py runs those with a dataset, instant or time zone
    of their own on every engine)."""
    cases = [c for c in MEMBERS["cases"] if not {"dataset", "as_of", "time_zone"} & set(c)]
    file = tmp_path / "cases.seg"
    file.write_text("".join(f"segment case_{i} = {c['expr']}\n" for i, c in enumerate(cases)))
    out = tmp_path / "membership.csv"
    as_of = MEMBERS["as_of"].isoformat()
    args = [str(file), "--schema", str(SCHEMA), "--as-of", as_of, "--out", str(out)]
    _cli("run", *args, "--db", catalog_url)
    got = _membership(out)
    wrong = [
        f"{case['expr']}: got {sorted(got.get(f'case_{i}', set()))}, expected {case['members']}"
        for i, case in enumerate(cases)
        if got.get(f"case_{i}", set()) != {str(key) for key in case["members"]}
    ]
    assert not wrong, "\n".join(wrong)


def test_example_segments_on_parquet_paths_match_duckdb(
    spark_connect_url: str, generated_shop: tuple[Path, Path], tmp_path: Path
) -> None:
    database, parquet_schema = generated_shop
    outputs = {}
    for name, target, schema in (
        ("duckdb", str(database), SCHEMA),
        ("spark", spark_connect_url, parquet_schema),
    ):
        out = tmp_path / f"{name}.csv"
        args = ["--as-of", ANCHOR.isoformat(), "--out", str(out), "--schema", str(schema)]
        _cli("run", str(SEGMENTS), "--db", target, *args)
        outputs[name] = _membership(out)
    assert outputs["spark"] == outputs["duckdb"]
    assert len(outputs["duckdb"]) > 5  # segments and partition labels with members


@pytest.mark.parametrize(
    "command",
    [
        ["overlap", str(SEGMENTS), *("--segment", "vip", "--segment", "lapsed")],
        ["history", "-e", "purchases >= 1", *("--from", "2026-01-01", "--every", "1mo")],
        ["report", str(SEGMENTS), "--segment", "vip"],
    ],
    ids=["overlap", "history", "report"],
)
def test_analytics_commands_match_duckdb(
    spark_connect_url: str, generated_shop: tuple[Path, Path], command: list[str]
) -> None:
    database, parquet_schema = generated_shop
    command = [*command, "--as-of" if command[0] != "history" else "--to", ANCHOR.isoformat()]
    duckdb_output = _cli(
        *command, "--format", "json", "--schema", str(SCHEMA), "--db", str(database)
    )
    spark_output = _cli(
        *command, "--format", "json", "--schema", str(parquet_schema), "--db", spark_connect_url
    )
    assert spark_output == duckdb_output


def test_the_callers_spark_session(catalog_url: str) -> None:
    """A SparkSession of the caller's is a database as it is, and stays open."""
    from pyspark.sql import SparkSession

    session = SparkSession.builder.remote(catalog_url).create()
    try:
        case = MEMBERS["cases"][0]
        schema = segdsl.load_schema(SCHEMA)
        members = segdsl.run(case["expr"], schema, session, as_of=MEMBERS["as_of"])
        assert set(members) == set(case["members"])
        assert session.sql("SELECT 1 AS one").collect()[0].one == 1
    finally:
        session.stop()


def test_statement_timeout_stops_the_operation_on_the_server(catalog_url: str) -> None:
    with (
        connect(catalog_url, statement_timeout=1) as database,
        pytest.raises(EngineError, match=r"longer than 1 s"),
    ):
        list(database.query(SLOW).batches)


def test_ctrl_c_stops_the_operation_on_the_server(catalog_url: str) -> None:
    with connect(catalog_url) as database:
        timer = threading.Timer(2, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                list(database.query(SLOW).batches)
        finally:
            timer.cancel()
        assert list(database.query("SELECT 1 AS one").batches) == [[(1,)]]


def test_only_queries_reach_spark(catalog_url: str) -> None:
    with connect(catalog_url) as database:
        with pytest.raises(EngineError, match="segdsl runs only queries on Spark"):
            database.query("CREATE TABLE segdsl_should_not_exist (a INT)")
        with pytest.raises(EngineError, match="TABLE_OR_VIEW_NOT_FOUND"):
            database.query("SELECT * FROM segdsl_should_not_exist")


def test_the_schema_is_checked_against_the_catalog(catalog_url: str, tmp_path: Path) -> None:
    schema = tmp_path / "schema.yaml"
    schema.write_text(SCHEMA.read_text().replace("table: orders", "table: order"))
    result = CliRunner().invoke(
        main, ["run", "-e", "purchases >= 1", "--schema", str(schema), "--db", catalog_url]
    )
    assert result.exit_code == 1
    assert "error[E320]: table 'order' of event stream 'orders' does not exist" in result.output


def test_an_unreachable_server_is_one_line() -> None:
    result = CliRunner().invoke(
        main, ["run", "-e", "purchases >= 1", "--schema", str(SCHEMA), "--db", "sc://127.0.0.1:1"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("error[E608]: cannot connect to sc://127.0.0.1:1: ")
    assert "Traceback" not in result.output


def test_local_session_reads_parquet_paths(
    spark_connect_url: str, generated_shop: tuple[Path, Path]
) -> None:
    """In a process of its own, as from the command line: pyspark keeps a process that has used
    Spark Connect (this one) from starting a local Spark."""
    database, parquet_schema = generated_shop
    args = ["-e", "purchases >= 2 and country in EU", "--as-of", ANCHOR.isoformat()]
    on_duckdb = _cli("run", *args, "--schema", str(SCHEMA), "--db", str(database))
    url = "spark+local://?spark.master=local[1]&spark.ui.enabled=false"
    command = ["segdsl", "run", *args, "--schema", str(parquet_schema), "--db", url]
    # Without pyspark's mark of this process's Spark Connect sessions, which children inherit.
    env = {k: v for k, v in os.environ.items() if k != CONNECT_MARK}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == on_duckdb.splitlines()[0]


def test_no_local_session_after_spark_connect(spark_connect_url: str) -> None:
    connect(spark_connect_url).close()
    with pytest.raises(EngineError, match="has used Spark Connect"):
        connect("spark+local://")
