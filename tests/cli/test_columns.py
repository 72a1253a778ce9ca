"""`segdsl run --columns`: attributes by schema name with the members' keys, in the sample and in
`--out` files (CSV and Parquet) on every engine; personal data only when named."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result

from segdsl.cli import main
from tests.support.shop_fixture import AS_OF

ROOT = Path(__file__).parents[2]
SCHEMA = str(ROOT / "examples/shop/schema.yaml")
SEGMENTS = str(ROOT / "examples/shop/segments.seg")
CONDITION = "purchases >= 1 and country in EU"  # customers 1 and 4 in the fixture shop


def _run(*args: str) -> Result:
    return CliRunner().invoke(
        main, ["run", "--schema", SCHEMA, "--as-of", AS_OF.isoformat(), *args]
    )


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_out_writes_the_named_columns_on_every_engine(
    url: str, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"members{suffix}"
    result = _run("-e", CONDITION, "--db", url, "--out", str(out), "--columns", "email,country")
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote 2 members to {out}\n"
    rows = duckdb.sql(f"SELECT * FROM '{out}' ORDER BY customer_id")
    assert rows.columns == ["customer_id", "email", "country"]
    assert rows.fetchall() == [(1, "ann@example.com", "PL"), (4, "dee@example.com", "DE")]


def test_attributes_are_named_as_in_the_schema(duckdb_file: Path, tmp_path: Path) -> None:
    """An attribute whose column is named otherwise in the table is written under its name."""
    schema = tmp_path / "schema.yaml"
    text = Path(SCHEMA).read_text(encoding="utf-8")
    schema.write_text(text.replace("  country: string", "  land: {type: string, column: country}"))
    out = tmp_path / "members.csv"
    args = ["-e", 'land = "PL"', "--db", str(duckdb_file), "--out", str(out), "--columns", "land"]
    result = CliRunner().invoke(main, ["run", "--schema", str(schema), *args])
    assert result.exit_code == 0, result.output
    assert out.read_text() == "customer_id,land\n1,PL\n"


def test_personal_data_only_when_named(duckdb_file: Path) -> None:
    def header(*columns: str) -> str:
        result = _run(
            *("-e", "purchases >= 1", "--db", str(duckdb_file), "--format", "csv", *columns)
        )
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()[0]

    every = "country,signup_at,birth_date,gender,device_type,consent_email"
    assert header() == f"customer_id,{every}"  # the default sample: no PII
    assert header("--columns", "*") == f"customer_id,{every}"
    assert header("--columns", "email,*") == f"customer_id,email,{every}"
    # In the order named, once each; the key is always the first column.
    assert header("--columns", "gender, country,gender,customer_id") == (
        "customer_id,gender,country"
    )
    assert header("--columns", "") == "customer_id"


def test_the_sample_table_shows_the_named_columns(duckdb_file: Path) -> None:
    result = _run("-e", CONDITION, "--db", str(duckdb_file), "--columns", "email")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2 members (40.0% of 5 customers)"
    assert lines[1].split() == ["customer_id", "email"]
    assert [line.split() for line in lines[3:]] == [
        ["1", "ann@example.com"],
        ["4", "dee@example.com"],
    ]


def test_unknown_columns_are_located_with_a_suggestion(tmp_path: Path) -> None:
    # Checked before the database is opened: no database is needed to find the mistake.
    result = _run(
        "-e",
        CONDITION,
        "--db",
        str(tmp_path / "none.duckdb"),
        "--columns",
        "email,contry,purchases",
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:5] == [
        "--columns:1:7: error[E607]: unknown column 'contry'",
        "  |",
        "1 | email,contry,purchases",
        "  |       ^^^^^^",
        "  = help: did you mean 'country'?",
    ]
    assert "--columns:1:14: error[E607]: unknown column 'purchases'" in result.stderr
    assert "'purchases' is a metric" in result.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_columns_are_for_members_not_for_sizes(duckdb_file: Path) -> None:
    for args in ([SEGMENTS], [SEGMENTS, "--segment", "lifecycle"]):
        result = _run(*args, "--db", str(duckdb_file), "--columns", "country")
        assert result.exit_code == 2
        assert "--columns applies to the members of -e EXPR or of --segment SEGMENT" in (
            result.output
        )
    result = _run(SEGMENTS, "--segment", "vip", "--db", str(duckdb_file), "--columns", "country")
    assert result.exit_code == 0, result.output
