"""ClickHouse embedded (chdb://PATH, executed: the conformance members through `segdsl run`,
read-only, the statement timeout) and a ClickHouse server (clickhouse://, none here: the
arguments clickhouse-connect gets, and a one-line error when it is unreachable)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from segdsl.cli import main
from segdsl.runtime.engines import EngineError, connect
from segdsl.runtime.engines.clickhouse import server_arguments
from tests.support.shop_fixture import SHOP_SCHEMA, build, parquet_shop

ROOT = Path(__file__).parents[2]
SERVER_URL = "clickhouse://ann:secret@127.0.0.1:1/shop"
MEMBERS = yaml.safe_load((ROOT / "tests/conformance/members.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def chdb_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A chdb data folder with the fixture shop's tables (MergeTree, from Parquet files)."""
    chdb = pytest.importorskip("chdb.session", reason="chdb is not installed")
    work = tmp_path_factory.mktemp("chdb_shop")
    parquet_shop(build(work / "shop.duckdb"), work)
    folder = work / "data"
    session = chdb.Session(str(folder))
    try:
        for table in ("customers", "orders", "email_events", "web_events"):
            session.query(
                f"CREATE TABLE {table} ENGINE = MergeTree ORDER BY tuple() "
                f"AS SELECT * FROM file('{work / table}.parquet', Parquet)"
            )
    finally:
        session.close()
    return folder


def test_conformance_members_on_chdb(chdb_folder: Path, tmp_path: Path) -> None:
    # The cases on the fixture shop as of the file's instant (tests/semantics/test_conformance.py
    # runs those with a dataset, instant or time zone of their own on every engine).
    cases = [c for c in MEMBERS["cases"] if not {"dataset", "as_of", "time_zone"} & set(c)]
    file = tmp_path / "cases.seg"
    file.write_text("".join(f"segment case_{i} = {c['expr']}\n" for i, c in enumerate(cases)))
    out = tmp_path / "membership.csv"
    args = ["run", str(file), "--schema", str(SHOP_SCHEMA), "--db", f"chdb://{chdb_folder}"]
    result = CliRunner().invoke(
        main, [*args, "--as-of", MEMBERS["as_of"].isoformat(), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    wrong = []
    for i, case in enumerate(cases):
        got = {int(row["customer_id"]) for row in rows if row[f"case_{i}"] == "1"}
        if got != set(case["members"]):
            wrong.append(f"{case['expr']}: got {sorted(got)}, expected {case['members']}")
    assert not wrong, "\n".join(wrong)


def test_chdb_is_read_only_and_stops_at_the_timeout(chdb_folder: Path) -> None:
    with connect(f"chdb://{chdb_folder}", statement_timeout=0.5) as database:
        assert database.dialect == "clickhouse"
        with pytest.raises(EngineError, match="readonly"):
            list(database.query("CREATE TABLE segdsl_should_not_exist (a Int64) ENGINE = Memory"))
        with pytest.raises(EngineError, match=r"longer than 0\.5 s"):
            list(database.query("SELECT count() FROM numbers(100000000000)").batches)
        empty = database.query("SELECT customer_id FROM customers WHERE customer_id < 0")
        assert (empty.columns, list(empty.batches)) == (["customer_id"], [])


def test_no_chdb_folder_is_made_up(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="no chdb data folder at"):
        connect(f"chdb://{tmp_path / 'missing'}")
    assert not (tmp_path / "missing").exists()


def test_clickhouse_server_arguments() -> None:
    assert server_arguments(
        "clickhouses://ann:s%40cret@ch.example.com/shop?max_threads=4", 2.5
    ) == {
        "host": "ch.example.com",
        "port": 8443,
        "username": "ann",
        "password": "s@cret",
        "database": "shop",
        "secure": True,
        "connect_timeout": 10,
        "settings": {
            "max_threads": "4",
            "session_timezone": "UTC",
            "max_execution_time": 2.5,
            "readonly": 2,
        },
    }
    assert server_arguments("clickhouse://127.0.0.1", None)["port"] == 8123


def test_an_unreachable_clickhouse_server_is_one_line() -> None:
    pytest.importorskip("clickhouse_connect", reason="clickhouse-connect is not installed")
    result = CliRunner().invoke(
        main,
        ["run", "-e", "purchases >= 1", "--schema", str(SHOP_SCHEMA), "--db", SERVER_URL],
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        "error[E608]: cannot connect to clickhouse://ann:***@127.0.0.1:1/shop: "
    )
    assert "secret" not in result.output
