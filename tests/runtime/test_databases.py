"""`segdsl run --db` on every kind of database URL: the same members everywhere, read-only
connections, statement timeouts, atomic output files, and clear errors for bad targets."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from segdsl.cli import main
from segdsl.runtime.engines import EngineError, connect
from tests.support.shop_fixture import AS_OF

ROOT = Path(__file__).parents[2]
SCHEMA = str(ROOT / "examples/shop/schema.yaml")
CONDITION = "purchases >= 1 and country in EU"  # customers 1 and 4 in the fixture shop


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["run", "--schema", SCHEMA, *args])
    return result.exit_code, result.output


def test_run_gives_the_same_members_on_every_database(url: str, tmp_path: Path) -> None:
    code, output = _run("-e", CONDITION, "--db", url, "--as-of", AS_OF.isoformat())
    assert code == 0, output
    assert output.startswith("2 members (40.0% of 5 customers)")
    assert "ann@example.com" not in output  # PII is not shown in samples
    out = tmp_path / "members.csv"
    code, output = _run(
        "-e", CONDITION, "--db", url, "--as-of", AS_OF.isoformat(), "--out", str(out)
    )
    assert code == 0, output
    with out.open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["customer_id"]
    assert sorted(int(r[0]) for r in rows[1:]) == [1, 4]
    # The file and its metadata record (docs/exports.md), no temporary file left.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["members.csv", "members.csv.meta.json"]


def test_connections_are_read_only(url: str) -> None:
    with connect(url) as database, pytest.raises(EngineError):
        list(database.query("CREATE TABLE segdsl_should_not_exist (a INTEGER)").batches)


SLOW = {
    "duckdb": "SELECT count(*) FROM range(100000000000)",
    "sqlite": (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    ),
    "postgres": "SELECT pg_sleep(30)",
    "mysql": "SELECT SLEEP(30)",
}


def test_statement_timeout_stops_a_long_query(url: str) -> None:
    with (
        connect(url, statement_timeout=0.5) as database,
        pytest.raises(EngineError, match=r"longer than 0\.5 s"),
    ):
        list(database.query(SLOW[database.dialect]).batches)


def test_parquet_output(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB writes Parquet itself; the other engines' rows go through pyarrow, and without
    it the error is one line naming the extra to install."""
    out = tmp_path / "members.parquet"
    args = ("-e", CONDITION, "--db", url, "--as-of", "2026-11-01", "--out", str(out))
    code, output = _run(*args)
    assert code == 0, output
    assert duckdb.sql(f"SELECT customer_id FROM '{out}' ORDER BY 1").fetchall() == [(1,), (4,)]
    out.unlink()
    out.with_name(out.name + ".meta.json").unlink()
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    code, output = _run(*args)
    if "://" not in url:  # a DuckDB file
        assert code == 0, output
        assert duckdb.sql(f"SELECT count(*) FROM '{out}'").fetchall() == [(2,)]
        return
    assert code == 1
    assert output.splitlines() == [
        f"error[E608]: writing Parquet from {connect(url).display_name} needs pyarrow: "
        "pip install 'segdsl[parquet]' (or write .csv)"
    ]
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left


NAMED = """
segment Repeat = purchases > 1
segment order = purchases >= 1
partition Tier = "a" when purchases > 1 otherwise "b"
"""


def test_membership_columns_are_named_as_written(url: str, tmp_path: Path) -> None:
    """Not folded to lower case (PostgreSQL), and SQL keywords such as `order` are names too."""
    file = tmp_path / "named.seg"
    file.write_text(NAMED)
    out = tmp_path / "membership.csv"
    code, output = _run(str(file), "--db", url, "--as-of", AS_OF.isoformat(), "--out", str(out))
    assert code == 0, output
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["customer_id", "Repeat", "order", "Tier"]
    by_key = {int(row["customer_id"]): row for row in rows}
    assert {k for k, row in by_key.items() if row["Repeat"] == "1"} == {1}
    assert {k for k, row in by_key.items() if row["order"] == "1"} == {1, 2, 4}
    assert {k for k, row in by_key.items() if row["Tier"] == "a"} == {1}


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing.duckdb", "no DuckDB database at missing.duckdb"),
        ("oracle://x", "unknown database URL scheme 'oracle://'"),
        ("sqlite://relative.db", "is not a SQLite URL"),
        ("postgresql://nobody@127.0.0.1:1/none", "cannot connect to postgresql://"),
        ("mysql://root:secret@127.0.0.1:1/none", "cannot connect to mysql://root:***@"),
    ],
)
def test_bad_database_targets_are_explained(target: str, message: str) -> None:
    code, output = _run("-e", CONDITION, "--db", target)
    assert code == 1
    assert message in output
    assert "Traceback" not in output
    assert "secret" not in output


def test_output_file_is_not_touched_when_the_query_fails(duckdb_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "members.csv"
    out.write_text("keep me\n")
    code, _ = _run("-e", "purchases >= 1", "--db", str(duckdb_file), "--out", str(out / "x.csv"))
    assert code != 0
    assert out.read_text() == "keep me\n"
