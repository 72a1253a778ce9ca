"""Schemas whose tables are files DuckDB reads (CSV here): every query that reads a schema table —
members, the member sample, the customer total, report's conversion stream — names the file by
its quoted path, and `--db :memory:` (also from a project file) serves as the empty database."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from segdsl.cli import main

SCHEMA = """\
entity: customer
table: customers.csv
key: customer_id
attributes:
  country: string
events:
  email: {table: email.csv, time: ts, fields: {type: string}}
  orders: {table: orders.csv, time: created_at, fields: {amount: decimal}}
metrics:
  purchases: count(orders)
report:
  sends: 'count(email where type = "send" and ts < 30d)'
  opens: 'count(email where type = "open" and ts < 30d)'
  clicks: 'count(email where type = "click" and ts < 30d)'
  orders: count(orders where created_at < 30d)
  revenue: sum(orders.amount where created_at < 30d)
  conversion:
    click: 'count(email where type = "click" and ts < 30d)'
    order: count(orders)
    within: 7d
"""


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    (tmp_path / "schema.yaml").write_text(SCHEMA)
    (tmp_path / "customers.csv").write_text("customer_id,country\n1,PL\n2,DE\n3,\n")
    (tmp_path / "orders.csv").write_text(
        "customer_id,created_at,amount\n1,2026-10-20 10:00:00,5.00\n1,2026-10-25 10:00:00,7.00\n"
        "2,2026-10-21 10:00:00,3.00\n"
    )
    (tmp_path / "email.csv").write_text("customer_id,ts,type\n1,2026-10-19 10:00:00,click\n")
    (tmp_path / "segments.seg").write_text("segment buyers = purchases >= 1\n")
    (tmp_path / "segdsl.toml").write_text('schema = "schema.yaml"\ndb = ":memory:"\n')
    return tmp_path


def _run(shop: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--as-of", "2026-11-01"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_member_sample_and_total_read_the_files(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(shop)
    output = _run(shop, "run", "-e", "purchases >= 2")
    assert output.startswith("1 members (33.3% of 3 customers)")


def test_one_segment_of_a_file(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(shop)
    output = _run(shop, "run", "segments.seg", "--segment", "buyers")
    assert output.startswith("2 members (66.7% of 3 customers)")


def test_report_reads_event_files(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(shop)
    output = _run(shop, "report", "segments.seg", "--segment", "buyers", "--format", "csv")
    header, row = output.strip().splitlines()[:2]
    values = dict(zip(header.split(","), row.split(","), strict=True))
    # One click, followed by an order within 7 days: converted. 15.00 over 3 orders, 2 members.
    assert values["conversion_rate"] == "1.0"
    assert values["average_order_value"] == "5.0"
    assert values["revenue_per_member"] == "7.5"


def test_memory_database_given_on_the_command_line(shop: Path) -> None:
    output = _run(
        shop,
        "run",
        "-e",
        "purchases = 0",
        "--schema",
        str(shop / "schema.yaml"),
        "--db",
        ":memory:",
    )
    assert output.startswith("1 members (33.3% of 3 customers)")


def test_columns_of_members_read_the_files(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(shop)
    output = _run(shop, "run", "-e", "purchases >= 1", "--columns", "country", "--format", "csv")
    assert output == "customer_id,country\n1,PL\n2,DE\n"
    out = shop / "buyers.parquet"
    _run(shop, "run", "segments.seg", "--segment", "buyers", "--out", str(out), "--columns", "*")
    assert duckdb.sql(f"SELECT * FROM '{out}' ORDER BY 1").fetchall() == [(1, "PL"), (2, "DE")]
