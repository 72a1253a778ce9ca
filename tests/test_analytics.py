"""Sizes, overlaps and history on DuckDB and PostgreSQL against the reference evaluator, and
the analytics commands through the CLI."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import segdsl
from segdsl import analytics
from segdsl.cli import main
from segdsl.engines import Database, DuckDBDatabase, connect
from segdsl.reference import Dataset, Evaluator

from .backends import PostgresBackend
from .conftest import SHOP_ANCHOR

ROOT = Path(__file__).parent.parent
SCHEMA_PATH = ROOT / "examples/shop/schema.yaml"
SEGMENTS = ROOT / "examples/shop/segments.seg"
SCHEMA = segdsl.load_schema(SCHEMA_PATH)
CHECKED = segdsl.check_file(SEGMENTS, SCHEMA)
MEASURES = analytics.measures_of(CHECKED)
SEGMENT_MEASURES = [m for m in MEASURES if m.name in CHECKED.segments]
ANCHOR = SHOP_ANCHOR


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def database(
    request: pytest.FixtureRequest, shop_file: Path, dataset: Dataset
) -> Iterator[Database]:
    if request.param == "duckdb":
        con = duckdb.connect(str(shop_file), read_only=True)
        yield DuckDBDatabase(None, connection=con)
        con.close()
        return
    backend = PostgresBackend()
    backend.load(dataset)
    url = f"postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{backend.schema}"
    with connect(url) as db:
        yield db
    backend.close()


def test_sizes_of_every_segment_and_partition_label(database: Database, dataset: Dataset) -> None:
    evaluator = Evaluator(SCHEMA, dataset, ANCHOR)
    result = analytics.sizes(database, SCHEMA, MEASURES, ANCHOR)
    assert result.total == len(dataset.customers)
    expected = {m.name: len(evaluator.members(m.condition)) for m in MEASURES}
    assert result.counts == expected
    # a partition's labels split the customers exactly
    lifecycle = [count for name, count in result.counts.items() if name.startswith("lifecycle")]
    assert sum(lifecycle) == result.total


def test_overlap_matrix(database: Database, dataset: Dataset) -> None:
    evaluator = Evaluator(SCHEMA, dataset, ANCHOR)
    members = {m.name: evaluator.members(m.condition) for m in SEGMENT_MEASURES}
    result = analytics.overlap(database, SCHEMA, SEGMENT_MEASURES, ANCHOR)
    for a in members:
        for b in members:
            assert result.count(a, b) == len(members[a] & members[b]), (a, b)
    union = len(members["lapsed"] | members["vip"])
    assert result.jaccard("lapsed", "vip") == pytest.approx(
        len(members["lapsed"] & members["vip"]) / union
    )


def test_history_ignores_later_events(database: Database, dataset: Dataset) -> None:
    at = analytics.instants(dt.datetime(2026, 1, 31), ANCHOR, "2mo")
    assert [a.date().isoformat() for a in at] == [
        "2026-01-31",
        "2026-03-31",
        "2026-05-31",
        "2026-07-31",
        "2026-09-30",
    ]
    chosen = [m for m in MEASURES if m.name in ("vip", "lapsed", "new_customers", "leads")]
    series = analytics.history(database, SCHEMA, chosen, at)
    for point in series:
        assert point.as_of is not None
        evaluator = Evaluator(SCHEMA, dataset, point.as_of)
        assert point.counts == {m.name: len(evaluator.members(m.condition)) for m in chosen}
    moves = analytics.changes(database, SCHEMA, chosen[0], at)
    before: set[object] = set()
    for move in moves:
        now = Evaluator(SCHEMA, dataset, move.as_of).members(chosen[0].condition)
        assert (move.size, move.entered, move.left) == (
            len(now),
            len(now - before),
            len(before - now),
        )
        before = now


def test_sparkline() -> None:
    assert analytics.sparkline([0, 7, 14]) == "▁▅█"
    assert analytics.sparkline([3, 3]) == "▅▅"
    assert analytics.sparkline([]) == ""


@pytest.mark.parametrize("every", ["0d", "week", "1x", "-1d"])
def test_bad_steps_are_explained(every: str, shop_file: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "history",
            "-e",
            "purchases > 0",
            "--schema",
            str(SCHEMA_PATH),
            "--db",
            str(shop_file),
            "--from",
            "2026-01-01",
            "--to",
            "2026-02-01",
            "--every",
            every,
        ],
    )
    assert result.exit_code == 1
    assert "is not a step like 1d" in result.output
    assert "Traceback" not in result.output


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--schema", str(SCHEMA_PATH)])
    return result.exit_code, result.output


def test_run_file_prints_sizes_in_every_format(shop_file: Path, dataset: Dataset) -> None:
    evaluator = Evaluator(SCHEMA, dataset, ANCHOR)
    code, output = _cli("run", str(SEGMENTS), "--db", str(shop_file), "--as-of", "2026-11-01")
    assert code == 0, output
    assert 'lifecycle = "lead"' in output and "600 customers" in output
    code, output = _cli(
        "run", str(SEGMENTS), "--db", str(shop_file), "--as-of", "2026-11-01", "--format", "json"
    )
    records = {r["segment"]: r for r in json.loads(output)}
    vip = len(evaluator.members(CHECKED.segments["vip"].condition))
    assert records["vip"]["members"] == vip
    assert records["vip"]["share"] == pytest.approx(vip / 600, abs=1e-6)
    code, output = _cli(
        "run",
        str(SEGMENTS),
        "--segment",
        "lifecycle",
        "--db",
        str(shop_file),
        "--as-of",
        "2026-11-01",
        "--format",
        "csv",
    )
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "segment,members,share"
    assert len(lines) == 1 + 6  # one row per lifecycle label


def test_overlap_and_history_commands(shop_file: Path, tmp_path: Path) -> None:
    code, output = _cli("overlap", str(SEGMENTS), "--db", str(shop_file), "--as-of", "2026-11-01")
    assert code == 0, output
    assert "Jaccard" in output
    chart = tmp_path / "vip.html"
    code, output = _cli(
        "history",
        str(SEGMENTS),
        "--segment",
        "vip",
        "--db",
        str(shop_file),
        "--from",
        "2026-08-01",
        "--to",
        "2026-11-01",
        "--every",
        "1mo",
        "--changes",
        "--chart",
        str(chart),
    )
    assert code == 0, output
    assert "entered" in output and "2026-11-01 00:00:00" in output
    page = chart.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page
    png = tmp_path / "vip.png"
    code, output = _cli(
        "history",
        "-e",
        "purchases >= 1",
        "--db",
        str(shop_file),
        "--from",
        "2026-10-01",
        "--to",
        "2026-11-01",
        "--every",
        "1w",
        "--chart",
        str(png),
    )
    assert code == 0, output
    assert png.read_bytes().startswith(b"\x89PNG")


def test_history_rejects_a_backwards_range(shop_file: Path) -> None:
    code, output = _cli(
        "history",
        "-e",
        "purchases >= 1",
        "--db",
        str(shop_file),
        "--from",
        "2026-11-01",
        "--to",
        "2026-01-01",
    )
    assert code == 2
    assert "must not be before --from" in output


def _expected_performance(dataset: Dataset, members: set[object]) -> dict[str, object]:
    """The report's definitions computed by hand from the rows (docs/analytics.md)."""
    window = ANCHOR - dt.timedelta(days=30)
    emails = [e for e in dataset.events["email_events"] if e["customer_id"] in members]
    recent = [e for e in emails if window < e["ts"] <= ANCHOR]
    sends = sum(1 for e in recent if e["type"] == "send")
    opens = sum(1 for e in recent if e["type"] == "open")
    clicks = [e for e in recent if e["type"] == "click"]
    orders = [o for o in dataset.events["orders"] if o["customer_id"] in members]
    recent_orders = [o for o in orders if window < o["created_at"] <= ANCHOR]
    revenue = sum((o["amount"] for o in recent_orders if o["amount"] is not None), Decimal(0))
    clickers = {e["customer_id"] for e in clicks}
    converted = {
        e["customer_id"]
        for e in clicks
        for o in orders
        if o["customer_id"] == e["customer_id"]
        and e["ts"] <= o["created_at"] <= min(e["ts"] + dt.timedelta(days=7), ANCHOR)
    }
    return {
        "members": len(members),
        "sends": sends,
        "opens": opens,
        "clicks": len(clicks),
        "orders": len(recent_orders),
        "revenue": revenue,
        "clickers": len(clickers),
        "converted": len(converted),
    }


def test_report_matches_hand_computed_definitions(database: Database, dataset: Dataset) -> None:
    evaluator = Evaluator(SCHEMA, dataset, ANCHOR)
    chosen = [m for m in MEASURES if m.name in ("active_12m", "vip", "leads", "engaged")]
    result = analytics.report(database, SCHEMA, chosen, ANCHOR)
    for measure in chosen:
        got = result[measure.name]
        expected = _expected_performance(dataset, evaluator.members(measure.condition))
        assert {key: getattr(got, key) for key in expected} == expected, measure.name
    active = result["active_12m"]
    assert active.clickers > 0 and active.orders > 0  # the data exercises every measure
    assert active.open_rate == active.opens / active.sends


def test_report_command(shop_file: Path) -> None:
    code, output = _cli(
        "report",
        str(SEGMENTS),
        "--segment",
        "vip",
        "--db",
        str(shop_file),
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
    )
    assert code == 0, output
    (record,) = json.loads(output)
    assert set(record) >= {"open_rate", "click_through_rate", "conversion_rate"}
