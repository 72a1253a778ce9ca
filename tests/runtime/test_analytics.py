"""Sizes, overlaps and history on DuckDB and PostgreSQL against the reference evaluator, and
the analytics commands through the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import jsonschema
import pytest
from click.testing import CliRunner

import segdsl
from segdsl.cli import main
from segdsl.demo.shop import build_shop
from segdsl.runtime import analytics
from segdsl.runtime.engines import Database, DuckDBDatabase, connect
from segdsl.semantics.reference import Dataset, Evaluator, load_dataset
from segdsl.sql import queries
from segdsl.sql.dialects import DIALECTS
from tests.support import anchored_fixture
from tests.support.backends import EXECUTED, PostgresBackend

ROOT = Path(__file__).parents[2]
SCHEMA_PATH = ROOT / "examples/shop/schema.yaml"
SEGMENTS = ROOT / "examples/shop/segments.seg"
SCHEMA = segdsl.load_schema(SCHEMA_PATH)
CHECKED = segdsl.check_file(SEGMENTS, SCHEMA)
MEASURES = analytics.measures_of(CHECKED)
SEGMENT_MEASURES = [m for m in MEASURES if m.name in CHECKED.segments]
ANCHOR = dt.datetime(2026, 11, 1)


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("analytics") / "shop.duckdb"
    with duckdb.connect(str(path)) as con:
        build_shop(con, customers=600, seed=3, anchor=ANCHOR)
    return path


@pytest.fixture(scope="module")
def dataset(shop_file: Path) -> Dataset:
    with duckdb.connect(str(shop_file), read_only=True) as con:
        return load_dataset(con, SCHEMA)


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
    assert result.total == len(evaluator.customers)  # those who exist
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


def test_overlap_of_some_against_the_others(database: Database, dataset: Dataset) -> None:
    """With `against`, only the pairs of one of those with one of the others are counted."""
    evaluator = Evaluator(SCHEMA, dataset, ANCHOR)
    members = {m.name: evaluator.members(m.condition) for m in SEGMENT_MEASURES}
    group = ["vip", "lapsed"]
    result = analytics.overlap(database, SCHEMA, SEGMENT_MEASURES, ANCHOR, against=group)
    others = [name for name in members if name not in group]
    # in the measures' order: lapsed comes before vip in the file
    assert result.pairs == [(a, b) for a in ("lapsed", "vip") for b in others]
    for a, b in result.pairs:
        assert result.count(a, b) == len(members[a] & members[b]), (a, b)
    assert result.sizes == {name: len(keys) for name, keys in members.items()}
    with pytest.raises(KeyError):
        result.count("vip", "lapsed")  # not computed: never a silent 0


HISTORY_AT = analytics.instants(dt.datetime(2026, 1, 31), ANCHOR, "2mo")
HISTORY_MEASURES = [
    m
    for m in MEASURES
    if m.name in ("vip", "lapsed", "new_customers", "leads") or m.name.startswith("lifecycle")
]


@pytest.fixture(scope="module")
def history_members(dataset: Dataset) -> dict[dt.datetime, dict[str, set[object]]]:
    """The members of HISTORY_MEASURES at each of HISTORY_AT, by the reference evaluator."""
    return {instant: _members(dataset, instant, HISTORY_MEASURES) for instant in HISTORY_AT}


def _members(
    dataset: Dataset, instant: dt.datetime, measures: list[analytics.Measure]
) -> dict[str, set[object]]:
    evaluator = Evaluator(SCHEMA, dataset, instant)
    return {m.name: evaluator.members(m.condition) for m in measures}


def test_history_ignores_later_events(
    database: Database, history_members: dict[dt.datetime, dict[str, set[object]]]
) -> None:
    at, chosen = HISTORY_AT, HISTORY_MEASURES
    assert [a.date().isoformat() for a in at] == [
        "2026-01-31",
        "2026-03-31",
        "2026-05-31",
        "2026-07-31",
        "2026-09-30",
    ]
    members = history_members
    series = analytics.history(database, SCHEMA, chosen, at)
    assert [point.as_of for point in series] == at
    for point in series:
        assert point.counts == {name: len(keys) for name, keys in members[point.as_of].items()}
    # Entered and left per segment and per partition label; nothing to compare at the start.
    moves = analytics.changes(database, SCHEMA, chosen, at)
    assert [move.as_of for move in moves] == at
    assert moves[0].entered is None and moves[0].left is None
    for before, move in zip(at, moves[1:], strict=False):
        then, now = members[before], members[move.as_of]
        assert move.entered == {name: len(now[name] - then[name]) for name in now}
        assert move.left == {name: len(then[name] - now[name]) for name in now}


ACTIVE = analytics.Measure("active", segdsl.check("purchases >= 2 and last_open < 30d", SCHEMA))
# Spark takes seconds per instant of a query, minutes for a batch of 100: there a few instants,
# far apart so that the segment's size changes, show that the query shape works.
INSTANTS = {"spark": 3}
DAYS_APART = {"spark": 90}


@pytest.fixture(scope="module")
def small_shop() -> Iterator[tuple[duckdb.DuckDBPyConnection, Dataset]]:
    """A shop small enough to load into every engine quickly (history's cost is per instant)."""
    with duckdb.connect() as con:
        build_shop(con, customers=80, seed=5, anchor=ANCHOR)
        yield con, load_dataset(con, SCHEMA)


@pytest.fixture(scope="module", params=list(EXECUTED))
def engine(
    request: pytest.FixtureRequest, small_shop: tuple[duckdb.DuckDBPyConnection, Dataset]
) -> Iterator[Database]:
    con, dataset = small_shop
    if request.param == "duckdb":
        yield DuckDBDatabase(None, connection=con)
        return
    backend = EXECUTED[request.param]()
    try:
        backend.load(dataset)
        yield backend.as_database()
    finally:
        backend.close()


@pytest.fixture(scope="module")
def reference_sizes(
    small_shop: tuple[duckdb.DuckDBPyConnection, Dataset],
) -> dict[dt.datetime, int]:
    """The size of ACTIVE as of an instant, by the reference evaluator (cached: it is slow)."""
    dataset = small_shop[1]

    class Sizes(dict[dt.datetime, int]):
        def __missing__(self, instant: dt.datetime) -> int:
            self[instant] = len(Evaluator(SCHEMA, dataset, instant).members(ACTIVE.condition))
            return self[instant]

    return Sizes()


def test_history_at_its_limit_on_every_engine(
    engine: Database, reference_sizes: dict[dt.datetime, int]
) -> None:
    count = INSTANTS.get(engine.dialect, analytics.MAX_INSTANTS)
    days = DAYS_APART.get(engine.dialect, 1)
    at = analytics.instants(ANCHOR - dt.timedelta(days=days * (count - 1)), ANCHOR, f"{days}d")
    assert len(at) == count
    series = analytics.history(engine, SCHEMA, [ACTIVE], at)
    assert [point.as_of for point in series] == at
    # Against the reference at both ends of every batch of instants, and a spread between.
    batch = queries.INSTANTS_PER_QUERY
    checked = {0, count - 1, *range(0, count, 97)}
    checked |= {i for start in range(batch, count, batch) for i in (start - 1, start)}
    for index in sorted(checked):
        point = series[index]
        assert point.counts == {"active": reference_sizes[point.as_of]}, point.as_of
    assert len({series[index].counts["active"] for index in checked}) > 1  # the data varies


def test_history_of_a_whole_file_is_split_into_queries(engine: Database) -> None:
    """Every segment and label of the shop: long SQL per instant, so few instants per query
    (ClickHouse parses at most 256 KiB); each instant as its own sizes query answers it."""
    if engine.dialect == "spark":
        pytest.skip("Spark spends tens of seconds per whole-file instant; see the limit test")
    at = analytics.instants(dt.datetime(2026, 5, 1), ANCHOR, "1mo")
    dialect = DIALECTS[engine.dialect]
    conditions = [m.condition for m in MEASURES]
    assert len(queries.history_queries(conditions, at, SCHEMA, dialect)) > 1
    series = analytics.history(engine, SCHEMA, MEASURES, at)
    for point in series:
        alone = analytics.sizes(engine, SCHEMA, MEASURES, point.as_of)
        assert (point.total, point.counts) == (alone.total, alone.counts), point.as_of


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
    assert output.split()[:4] == ["a", "b", "both", "jaccard"]  # a whole file: the ranked pairs
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


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        (
            ("--from", "2026-11-01", "--to", "2026-01-01"),
            "--from 2026-11-01T00:00:00Z is after --to 2026-01-01T00:00:00Z: the range of "
            "instants is empty",
        ),
        # Without --to the range ends now: the message says so, with the instant.
        (("--from", "2999-01-01"), "--from 2999-01-01T00:00:00Z is after now (20"),
    ],
)
def test_history_names_an_empty_range(
    shop_file: Path, bounds: tuple[str, ...], message: str
) -> None:
    code, output = _cli("history", "-e", "purchases >= 1", "--db", str(shop_file), *bounds)
    assert code == 2
    assert message in output
    assert "Invalid value" not in output


def _json_output(schema_name: str, *args: str) -> list[dict[str, object]]:
    """A command's JSON output, validated against its documented schema (docs/schemas/)."""
    code, output = _cli(*args, "--format", "json")
    assert code == 0, output
    schema = json.loads((ROOT / "docs/schemas" / f"{schema_name}.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    records = json.loads(output)
    jsonschema.Draft202012Validator(schema).validate(records)
    assert records, "the command printed no record"
    return list(records)


# Segment names that are also the keys and column names of the analytics outputs.
CLASHING = """
segment as_of = purchases > 1
segment entered = purchases > 3
segment left = last_order < 60d
segment members = purchases >= 1
segment share = last_open < 30d
segment jaccard = country in EU
"""


def test_segment_names_never_collide_with_output_keys(
    shop_file: Path, dataset: Dataset, tmp_path: Path
) -> None:
    file = tmp_path / "clashing.seg"
    file.write_text(CLASHING)
    measures = analytics.measures_of(segdsl.check_file(file, SCHEMA))
    at = analytics.instants(dt.datetime(2026, 9, 1), ANCHOR, "1mo")
    members = {instant: _members(dataset, instant, measures) for instant in at}
    common = (
        "--db",
        str(shop_file),
        "--from",
        "2026-09-01",
        "--to",
        "2026-11-01",
        "--every",
        "1mo",
    )
    records = _json_output("history", "history", str(file), *common, "--changes")
    assert len(records) == len(at) * len(measures)
    for record in records:
        instant = dt.datetime.fromisoformat(str(record["as_of"]).removesuffix("Z"))
        name = str(record["segment"])
        now = members[instant][name]
        assert record["members"] == len(now)
        existing = len(Evaluator(SCHEMA, dataset, instant).customers)  # who have signed up
        assert record["share"] == pytest.approx(len(now) / existing, abs=1e-6)
        if instant == at[0]:
            assert record["entered"] is None and record["left"] is None
        else:
            then = members[at[at.index(instant) - 1]][name]
            assert (record["entered"], record["left"]) == (len(now - then), len(then - now))
    single = _json_output("history", "history", str(file), "--segment", "entered", *common)
    assert [r["members"] for r in single] == [len(members[i]["entered"]) for i in at]
    # The other analytics outputs name segments in values, never in keys.
    as_of = ("--db", str(shop_file), "--as-of", "2026-11-01")
    sizes = _json_output("run", "run", str(file), *as_of)
    assert {r["segment"]: r["members"] for r in sizes} == {
        name: len(keys) for name, keys in members[ANCHOR].items()
    }
    pairs = _json_output("overlap", "overlap", str(file), *as_of)
    assert len(pairs) == len(measures) * (len(measures) - 1) // 2
    for pair in pairs:
        a, b = members[ANCHOR][str(pair["a"])], members[ANCHOR][str(pair["b"])]
        assert pair["both"] == len(a & b)
    report = _json_output("report", "report", str(file), *as_of)
    assert [r["segment"] for r in report] == [m.name for m in measures]


def test_history_of_a_partition_counts_changes_per_label(shop_file: Path, dataset: Dataset) -> None:
    at = analytics.instants(dt.datetime(2026, 7, 1), ANCHOR, "2mo")
    labels = [m for m in MEASURES if m.name.startswith("lifecycle")]
    code, output = _cli(
        "history",
        str(SEGMENTS),
        "--segment",
        "lifecycle",
        "--changes",
        "--db",
        str(shop_file),
        "--from",
        "2026-07-01",
        "--to",
        "2026-11-01",
        "--every",
        "2mo",
        "--format",
        "csv",
    )
    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO(output)))
    assert len(rows) == len(at) * len(labels)
    for step, instant in enumerate(at):
        evaluator = Evaluator(SCHEMA, dataset, instant)
        before = Evaluator(SCHEMA, dataset, at[step - 1]) if step else None
        for label, row in zip(labels, rows[step * len(labels) :], strict=False):
            now = evaluator.members(label.condition)
            assert row["segment"] == label.name and int(row["members"]) == len(now)
            if before is None:
                assert row["entered"] == row["left"] == ""
                continue
            then = before.members(label.condition)
            assert (int(row["entered"]), int(row["left"])) == (len(now - then), len(then - now))


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
    (record,) = _json_output(
        "report",
        "report",
        str(SEGMENTS),
        "--segment",
        "vip",
        "--db",
        str(shop_file),
        "--as-of",
        "2026-11-01",
    )
    assert record["segment"] == "vip"


def test_sign_ups_enter_in_history(tmp_path: Path) -> None:
    """Customers in time (docs/semantics.md): on the anchored shop, customer 4 signs up on
    6 November 2026 with an order placed before; they enter `purchases >= 1` then, and the
    shop's total grows with them."""
    path = anchored_fixture.build(tmp_path / "shop.duckdb")
    buyers = [analytics.Measure("buyers", segdsl.check("purchases >= 1", SCHEMA))]
    at = [dt.datetime(2026, 11, 1), dt.datetime(2026, 11, 6)]
    with duckdb.connect(str(path), read_only=True) as con:
        database = DuckDBDatabase(None, connection=con)
        series = analytics.history(database, SCHEMA, buyers, at)
        moves = analytics.changes(database, SCHEMA, buyers, at)
    assert [(point.total, point.counts["buyers"]) for point in series] == [(10, 10), (11, 11)]
    assert (moves[1].entered, moves[1].left) == ({"buyers": 1}, {"buyers": 0})
