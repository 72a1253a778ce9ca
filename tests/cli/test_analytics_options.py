"""`segdsl overlap` and `segdsl history` options: choosing segments, one against the others, a
terminal layout that fits, charts, and sparklines from 0 (docs/analytics.md)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import pytest
from click.testing import CliRunner

import segdsl
from segdsl.cli import main
from segdsl.demo.shop import build_shop
from segdsl.runtime import analytics
from segdsl.semantics.reference import Dataset, Evaluator, load_dataset

ROOT = Path(__file__).parents[2]
SCHEMA_PATH = ROOT / "examples/shop/schema.yaml"
SEGMENTS = ROOT / "examples/shop/segments.seg"
SCHEMA = segdsl.load_schema(SCHEMA_PATH)
MEASURES = analytics.measures_of(segdsl.check_file(SEGMENTS, SCHEMA))
ANCHOR = dt.datetime(2026, 11, 1)
LIFECYCLE = [m.name for m in MEASURES if m.name.startswith("lifecycle")]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("analytics-cli") / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        build_shop(con, customers=600, seed=3, anchor=ANCHOR)
    return path


@pytest.fixture(scope="module")
def members(shop: Path) -> dict[str, set[Any]]:
    """Every segment's and partition label's members as of ANCHOR, by the reference evaluator."""
    with duckdb.connect(str(shop), read_only=True) as con:
        dataset: Dataset = load_dataset(con, SCHEMA)
    evaluator = Evaluator(SCHEMA, dataset, ANCHOR)
    return {m.name: evaluator.members(m.condition) for m in MEASURES}


def cli(shop: Path, *args: str, columns: int = 80) -> tuple[int, str]:
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(
        main, [*args, "--schema", str(SCHEMA_PATH), "--db", str(shop)]
    )
    return result.exit_code, result.output


def overlap_json(shop: Path, *args: str) -> list[dict[str, Any]]:
    as_of = ("--as-of", "2026-11-01")
    code, output = cli(shop, "overlap", str(SEGMENTS), *as_of, *args, "--format", "json")
    assert code == 0, output
    records = json.loads(output)
    schema = json.loads((ROOT / "docs/schemas/overlap.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(records)
    return list(records)


def check_counts(records: list[dict[str, Any]], members: dict[str, set[Any]]) -> None:
    for record in records:
        a, b = members[record["a"]], members[record["b"]]
        assert record["both"] == len(a & b), record
        union = len(a | b)
        # Rounded to 6 places, like every share of the machine-readable outputs.
        assert record["jaccard"] == (round(len(a & b) / union, 6) if union else None)


def test_repeated_segments_are_all_kept_in_their_order(
    shop: Path, members: dict[str, set[Any]]
) -> None:
    chosen = ("--segment", "vip", "--segment", "lapsed", "--segment", "loyal", "--segment", "vip")
    records = overlap_json(shop, *chosen)
    assert [(r["a"], r["b"]) for r in records] == [
        ("vip", "lapsed"),
        ("vip", "loyal"),
        ("lapsed", "loyal"),
    ]
    check_counts(records, members)


def test_against_pairs_one_segment_with_every_other(
    shop: Path, members: dict[str, set[Any]]
) -> None:
    records = overlap_json(shop, "--against", "vip")
    assert [r["a"] for r in records] == ["vip"] * (len(MEASURES) - 1)
    assert [r["b"] for r in records] == [m.name for m in MEASURES if m.name != "vip"]
    check_counts(records, members)


def test_against_a_partition_pairs_each_label_with_the_chosen_segments(
    shop: Path, members: dict[str, set[Any]]
) -> None:
    records = overlap_json(shop, "--segment", "vip", "--segment", "loyal", "--against", "lifecycle")
    assert [(r["a"], r["b"]) for r in records] == [
        (label, other) for label in LIFECYCLE for other in ("vip", "loyal")
    ]
    check_counts(records, members)


def test_a_matrix_when_it_fits_the_terminal(shop: Path, members: dict[str, set[Any]]) -> None:
    chosen = ("--segment", "vip", "--segment", "lapsed", "--segment", "lifecycle")
    code, output = cli(shop, "overlap", str(SEGMENTS), "--as-of", "2026-11-01", *chosen)
    assert code == 0, output
    lines = output.splitlines()
    assert max(map(len, lines)) <= 80
    assert lines[0] == "members in both (diagonal: segment size)"
    # columns are numbered like the rows
    assert lines[1].split() == [str(n) for n in range(1, 3 + len(LIFECYCLE))]
    assert lines[3].split() == [
        "1",
        "vip",
        *(str(len(members["vip"] & members[b])) for b in ["vip", "lapsed", *LIFECYCLE]),
    ]
    assert "Jaccard similarity |A ∩ B| / |A ∪ B|" in lines


def test_a_ranked_list_when_a_matrix_is_too_wide(shop: Path) -> None:
    code, output = cli(shop, "overlap", str(SEGMENTS), "--as-of", "2026-11-01")
    assert code == 0, output
    lines = output.splitlines()
    assert max(map(len, lines)) <= 80  # 47 segments: the matrix would be hundreds wide
    assert lines[0].split() == ["a", "b", "both", "jaccard", "of", "a", "of", "b"]
    pairs = lines[2 : 2 + len(MEASURES) * (len(MEASURES) - 1) // 2]
    similarities = [float(m[1]) for line in pairs if (m := re.search(r"  (\d\.\d\d)  ", line))]
    assert similarities == sorted(similarities, reverse=True) and len(similarities) > 100
    two = ("--segment", "vip", "--segment", "lapsed")
    code, wide = cli(shop, "overlap", str(SEGMENTS), "--as-of", "2026-11-01", *two, columns=15)
    assert wide.splitlines()[0].split()[:2] == ["a", "b"]  # 2 × 2 is too wide for 15 columns


def test_against_is_a_ranked_list(shop: Path) -> None:
    code, output = cli(shop, "overlap", str(SEGMENTS), "--as-of", "2026-11-01", "--against", "vip")
    assert code == 0, output
    rows = [line.split() for line in output.splitlines()[2 : len(MEASURES) + 1]]
    assert {row[0] for row in rows} == {"vip"}
    assert output.rstrip().endswith("600 customers")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--segment", "vip"), "compare vip with every other one with --against vip"),
        (("--segment", "vip", "--against", "vip"), "--against vip: there is no other segment"),
        (("--chart", "overlap.svg"), "overlap.svg: a chart is a .html or .png file"),
    ],
)
def test_overlap_usage_errors(shop: Path, args: tuple[str, ...], message: str) -> None:
    code, output = cli(shop, "overlap", str(SEGMENTS), *args)
    assert code == 2 and message in output, output


def test_unknown_against_names_the_segments(shop: Path) -> None:
    code, output = cli(shop, "overlap", str(SEGMENTS), "--against", "vipp")
    assert code == 1 and "E604" in output and "did you mean 'vip'?" in output


def test_a_chart_is_refused_before_any_query(tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    args = ("history", "-e", "purchases > 0", "--from", "2026-01-01", "--chart", "sizes.svg")
    code, output = cli(missing, *args)
    assert code == 2 and "a chart is a .html or .png file" in output
    assert not missing.exists()


def test_overlap_chart(shop: Path, tmp_path: Path) -> None:
    page = tmp_path / "overlap.html"
    args = ("--as-of", "2026-11-01", "--against", "vip", "--chart", str(page))
    code, output = cli(shop, "overlap", str(SEGMENTS), *args)
    assert code == 0, output
    assert f"wrote {page}" in output
    text = page.read_text()
    assert 'class="heatmap"' in text and "<script" not in text
    assert text.count('class="row"') == 1 and text.count('class="column"') == len(MEASURES) - 1


def test_history_sparklines_start_at_zero(shop: Path) -> None:
    # Countries do not change, and these customers all exist from the first instant on: a
    # steady segment draws flat, however large it is.
    bounds = ("--from", "2026-08-01", "--to", "2026-11-01", "--every", "1mo")
    steady = "country in EU and signup_at < 2026-08-01"
    code, output = cli(shop, "history", "-e", steady, *bounds)
    assert code == 0, output
    line = output.splitlines()[-1]
    count = re.search(r"→ ([\d,]+)$", line)
    assert count is not None
    assert line == f"<expr>  ████  {count[1]} → {count[1]}"


def test_history_chart_shows_entered_and_left(shop: Path, tmp_path: Path) -> None:
    page = tmp_path / "sizes.html"
    bounds = ("--from", "2026-08-01", "--to", "2026-11-01", "--every", "1mo", "--changes")
    args = ("history", str(SEGMENTS), "--segment", "lapsed", *bounds)
    code, output = cli(shop, *args, "--chart", str(page))
    assert code == 0, output
    code, output = cli(shop, *args, "--format", "json")
    text = page.read_text()
    assert text.count('class="panel"') == 1
    for record in json.loads(output)[1:]:
        assert f"+{record['entered']:,} −{record['left']:,}" in text
