"""The Python API as a typed embedder uses it (mypy checks this file: .ci/run): segment files
from text, compile_module, every kind of database, schemas built in code, analyze, lint and
format, and as-of instants with a time zone. Results are compared with the reference evaluator
and with the CLI's answers."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import segdsl
from segdsl.cli import main
from segdsl.semantics.reference import Dataset, Evaluator
from segdsl.syntax import ast
from tests.support.backends import DBAPIBackend, MariaDBBackend, PostgresBackend, SQLiteBackend
from tests.support.shop_fixture import AS_OF as ANCHOR

ROOT = Path(__file__).parent.parent
SCHEMA_PATH = ROOT / "examples/shop/schema.yaml"
SEGMENTS_PATH = ROOT / "examples/shop/segments.seg"
SCHEMA: segdsl.Schema = segdsl.load_schema(SCHEMA_PATH)
CHECKED: segdsl.CheckedModule = segdsl.check_file(SEGMENTS_PATH, SCHEMA)
MODULE: ast.Module = segdsl.parse_file(SEGMENTS_PATH)


@pytest.fixture(scope="module")
def evaluator(dataset: Dataset) -> Evaluator:
    return Evaluator(SCHEMA, dataset, ANCHOR)


def _expected_sizes(evaluator: Evaluator) -> dict[str, int]:
    """Every segment's and partition label's member count, from the reference evaluator."""
    from segdsl.runtime.analytics import measures_of

    return {m.name: len(evaluator.members(m.condition)) for m in measures_of(CHECKED)}


def _cli_sizes(database: str) -> dict[str, int]:
    """`segdsl run FILE --format json`: the CLI's answer for every segment and label."""
    result = CliRunner().invoke(
        main,
        [
            "run",
            str(SEGMENTS_PATH),
            "--schema",
            str(SCHEMA_PATH),
            "--db",
            database,
            "--as-of",
            ANCHOR.isoformat(),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    return {row["segment"]: row["members"] for row in json.loads(result.stdout)}


def _rows(connection: Any, sql: str) -> list[tuple[Any, ...]]:
    cursor = connection.execute(sql)
    return [tuple(row) for row in cursor.fetchall()]


def _compiled_sizes(connection: Any, compiled: segdsl.CompiledModule) -> dict[str, int]:
    """Every segment's and partition label's count from compile_module's queries; the
    membership table must agree with both."""
    counts: dict[str, int] = {}
    for name, sql in compiled.segments.items():
        keys = [row[0] for row in _rows(connection, sql)]
        assert len(keys) == len(set(keys)), f"{name}: a member appears twice"
        counts[name] = len(keys)
    for name, sql in compiled.partitions.items():
        labels = Counter(row[1] for row in _rows(connection, sql))
        counts.update({f'{name} = "{label}"': count for label, count in labels.items()})
    table = _rows(connection, compiled.membership)
    names = [*CHECKED.segments, *CHECKED.partitions]
    for index, name in enumerate(names, start=1):
        if name in CHECKED.segments:
            assert sum(int(row[index]) for row in table) == counts[name], name
        else:
            labels = Counter(row[index] for row in table)
            assert {f'{name} = "{k}"': v for k, v in labels.items()} == {
                k: v for k, v in counts.items() if k.startswith(f"{name} = ")
            }
    return counts


def test_compile_module_on_duckdb_matches_the_cli_and_the_reference(
    duckdb_file: Path, evaluator: Evaluator
) -> None:
    compiled = segdsl.compile_module(CHECKED, SCHEMA, dialect="duckdb", as_of=ANCHOR)
    assert set(compiled.segments) == set(CHECKED.segments)
    assert set(compiled.partitions) == set(CHECKED.partitions)
    with duckdb.connect(str(duckdb_file), read_only=True) as con:
        counts = _compiled_sizes(con, compiled)
    expected = _expected_sizes(evaluator)
    # Labels nobody carries have no rows in a partition's query.
    assert counts == {name: n for name, n in expected.items() if n or " = " not in name}
    assert _cli_sizes(str(duckdb_file)) == expected


def test_compile_module_on_sqlite_matches_the_cli(sqlite_url: str, evaluator: Evaluator) -> None:
    text = SEGMENTS_PATH.read_text(encoding="utf-8")
    compiled = segdsl.compile_module(text, SCHEMA, dialect="sqlite", as_of=ANCHOR)
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        counts = _compiled_sizes(con, compiled)
    cli = _cli_sizes(sqlite_url)
    assert counts == {name: n for name, n in cli.items() if n or " = " not in name}
    assert cli == _expected_sizes(evaluator)


def test_compile_command_prints_partitions_and_the_membership_table(duckdb_file: Path) -> None:
    compiled = segdsl.compile_module(CHECKED, SCHEMA, as_of=ANCHOR, pretty=True)
    runner = CliRunner()
    common = ["compile", str(SEGMENTS_PATH), "--schema", str(SCHEMA_PATH), "--as-of", "2026-11-01"]
    partition = runner.invoke(main, [*common, "--segment", "lifecycle"])
    assert partition.exit_code == 0, partition.output
    assert partition.stdout == compiled.partitions["lifecycle"] + "\n"
    membership = runner.invoke(main, [*common, "--membership"])
    assert membership.exit_code == 0, membership.output
    assert membership.stdout == compiled.membership + "\n"
    with duckdb.connect(str(duckdb_file), read_only=True) as con:
        columns = [d[0] for d in con.execute(membership.stdout).description]
    assert columns == [SCHEMA.key, *CHECKED.segments, *CHECKED.partitions]
    both = runner.invoke(main, [*common, "--membership", "--segment", "vip"])
    assert both.exit_code == 2 and "either --segment NAME or --membership" in both.output
    unknown = runner.invoke(main, [*common, "--segment", "lifecycl"])
    assert unknown.exit_code == 1 and "did you mean 'lifecycle'" in unknown.stderr


# --- any database ----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite3", "psycopg", "pymysql"])
def dbapi_connection(request: pytest.FixtureRequest, dataset: Dataset) -> Iterator[Any]:
    backends: dict[str, type[DBAPIBackend]] = {
        "sqlite3": SQLiteBackend,
        "psycopg": PostgresBackend,
        "pymysql": MariaDBBackend,
    }
    backend = backends[request.param]()
    backend.load(dataset)
    yield backend.connection
    backend.close()


CONDITIONS = {
    "repeat": "purchases > 2 and country in EU",
    "recent": "last_order < 30d or last_open < 7d",
    "vip": "vip",
}


def test_run_and_sizes_on_a_dbapi_connection(dbapi_connection: Any, evaluator: Evaluator) -> None:
    for text in CONDITIONS.values():
        members = segdsl.run(text, SCHEMA, dbapi_connection, as_of=ANCHOR, module=MODULE)
        expected = evaluator.members(segdsl.check(text, SCHEMA, module=MODULE))
        assert set(members) == expected and len(members) == len(expected), text
    sizes: segdsl.Sizes = segdsl.sizes(CHECKED, SCHEMA, dbapi_connection, as_of=ANCHOR)
    assert sizes.counts == _expected_sizes(evaluator)
    # The caller's connection stays open and usable.
    cursor = dbapi_connection.cursor()
    cursor.execute("SELECT 1")
    assert cursor.fetchall()[0][0] == 1


def test_why_on_a_dbapi_connection(dbapi_connection: Any, evaluator: Evaluator) -> None:
    for key in (customer["customer_id"] for customer in evaluator.customers):
        found: segdsl.Why = segdsl.why(
            CONDITIONS["vip"], SCHEMA, dbapi_connection, customer=key, as_of=ANCHOR, module=MODULE
        )
        assert found.member is (key in evaluator.members(CHECKED.segments["vip"].condition))
        reason: segdsl.Reason | None = found.reason
        assert reason is not None and reason.segment == "vip"
        operand: segdsl.Operand = reason.reasons[0].operands[0]
        assert operand.expression == "spend_365d"
    lifecycle = CHECKED.partitions["lifecycle"]
    label = segdsl.why(lifecycle, SCHEMA, dbapi_connection, customer=1, as_of=ANCHOR)
    assert label.label == evaluator.partition(lifecycle.value)[1]


def test_analytics_on_a_duckdb_connection_a_path_and_a_url(
    duckdb_file: Path, sqlite_url: str, evaluator: Evaluator
) -> None:
    with duckdb.connect(str(duckdb_file), read_only=True) as con:
        overlap: segdsl.Overlap = segdsl.overlap(
            CONDITIONS, SCHEMA, con, as_of=ANCHOR, module=MODULE
        )
        against: segdsl.Overlap = segdsl.overlap(
            CONDITIONS, SCHEMA, con, as_of=ANCHOR, against=["vip"], module=MODULE
        )
    assert against.pairs == [("vip", "repeat"), ("vip", "recent")]
    assert all(against.count(a, b) == overlap.count(a, b) for a, b in against.pairs)
    for target in (duckdb_file, sqlite_url):
        members: segdsl.Members = segdsl.run(
            CONDITIONS["repeat"], SCHEMA, target, as_of=ANCHOR, module=MODULE
        )
        assert set(members) == evaluator.members(segdsl.check(CONDITIONS["repeat"], SCHEMA))
    recent = evaluator.members(segdsl.check(CONDITIONS["recent"], SCHEMA))
    repeat = evaluator.members(segdsl.check(CONDITIONS["repeat"], SCHEMA))
    assert overlap.count("repeat", "recent") == len(recent & repeat)
    series: list[segdsl.Sizes] = segdsl.history(
        {"repeat": CONDITIONS["repeat"]},
        SCHEMA,
        str(duckdb_file),
        at=[ANCHOR - dt.timedelta(days=90), ANCHOR],
    )
    assert [point.counts["repeat"] for point in series][-1] == len(repeat)
    performance: dict[str, segdsl.Performance] = segdsl.report(
        {"repeat": CONDITIONS["repeat"]}, SCHEMA, duckdb_file, as_of=ANCHOR
    )
    assert performance["repeat"].members == len(repeat)


def test_a_connection_is_checked_against_the_schema() -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE customers (id INTEGER)")
    schema = segdsl.schema_from_mapping(
        {"entity": "customer", "table": "customers", "key": "id", "attributes": {"tier": "int"}}
    )
    with pytest.raises(segdsl.SegdslError) as raised:
        segdsl.run("tier > 1", schema, connection)
    assert "tier" in str(raised.value)


def test_an_unknown_connection_is_refused() -> None:
    with pytest.raises(segdsl.EngineError, match="cannot run on a"):
        segdsl.run("true", SCHEMA, object())


# --- as-of instants with a time zone --------------------------------------------------------


def test_an_aware_as_of_is_the_same_instant_in_utc(
    duckdb_file: Path, dataset: Dataset, evaluator: Evaluator
) -> None:
    """Regression: +02:00 midnight used to be written as '2026-11-01 00:00:00+02:00', which
    engines read as midnight UTC."""
    aware = dt.datetime(2026, 11, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    sql = segdsl.compile_sql("last_order < 1d", SCHEMA, dialect="postgres", as_of=aware)
    assert "'2026-10-30 22:00:00'" in sql and "+02:00" not in sql
    as_utc = dt.datetime(2026, 10, 31, 22)
    # The fixture's cart add at 21:00 UTC is within 2h of 22:00 UTC, not of midnight UTC.
    condition = "last_cart_add < 2h"
    with duckdb.connect(str(duckdb_file), read_only=True) as con:
        members = segdsl.run(condition, SCHEMA, con, as_of=aware)
    at_utc = Evaluator(SCHEMA, dataset, as_utc).members(segdsl.check(condition, SCHEMA))
    at_midnight_utc = evaluator.members(segdsl.check(condition, SCHEMA))
    assert set(members) == at_utc != at_midnight_utc


@given(
    instant=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1)),
    minutes=st.integers(min_value=-14 * 60, max_value=14 * 60),
    dialect=st.sampled_from(segdsl.dialects()),
)
def test_every_aware_as_of_compiles_as_its_utc_instant(
    instant: dt.datetime, minutes: int, dialect: str
) -> None:
    zone = dt.timezone(dt.timedelta(minutes=minutes))
    aware = instant.replace(tzinfo=dt.UTC).astimezone(zone)
    condition = "last_order < 30d and signup_at > now - 1mo and birth_date < 2000-01-01"
    assert segdsl.compile_sql(condition, SCHEMA, dialect=dialect, as_of=aware) == (
        segdsl.compile_sql(condition, SCHEMA, dialect=dialect, as_of=instant)
    )


def test_a_whole_file_compiles_as_of_the_utc_instant() -> None:
    aware = dt.datetime(2026, 11, 1, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    as_utc = dt.datetime(2026, 11, 1, 6, 30)
    for dialect in ("duckdb", "mysql"):
        module = segdsl.compile_module(CHECKED, SCHEMA, dialect=dialect, as_of=aware)
        assert module == segdsl.compile_module(CHECKED, SCHEMA, dialect=dialect, as_of=as_utc)


# --- segment files from text, schemas in code, editors -------------------------------------


def test_a_segment_file_from_text() -> None:
    text = 'segment big = purchases > 5\npartition size = "big" when big otherwise "small"\n'
    module: segdsl.Module = segdsl.parse_module(text, name="mine.seg")
    assert [d.name for d in module.definitions] == ["big", "size"]
    checked = segdsl.check_module(text, SCHEMA, name="mine.seg")
    assert list(checked.segments) == ["big"] and list(checked.partitions) == ["size"]
    with pytest.raises(segdsl.SegdslError) as raised:
        segdsl.check_module("segment x = purchases >", SCHEMA, name="mine.seg")
    span = raised.value.diagnostics[0].span
    assert span is not None and span.source.name == "mine.seg"


def test_a_schema_built_in_code_means_what_its_file_means() -> None:
    built = segdsl.schema_from_mapping(
        {
            "entity": "customer",
            "table": "customers",
            "key": "customer_id",
            "attributes": {"country": "string", "tier": {"type": "enum", "values": ["a", "b"]}},
            "events": {
                "orders": {"table": "orders", "time": "created_at", "fields": {"amount": "decimal"}}
            },
            "metrics": {"purchases": "count(orders)", "spent": {"expr": "sum(orders.amount)"}},
            "sets": {"NORDIC": ["NO", "SE"], "CODES": [1, 2]},
        }
    )
    assert built.source is None and built.attributes["country"].span is None
    assert built.sets["NORDIC"].values == ("NO", "SE") and built.sets["CODES"].values == (1, 2)
    condition = "purchases > 2 and country in NORDIC and spent > 10"
    same = segdsl.schema_from_text(
        "entity: customer\ntable: customers\nkey: customer_id\n"
        "attributes:\n  country: string\n  tier: {type: enum, values: [a, b]}\n"
        "events:\n  orders: {table: orders, time: created_at, fields: {amount: decimal}}\n"
        "metrics:\n  purchases: count(orders)\n  spent: sum(orders.amount)\n"
        'sets:\n  NORDIC: ["NO", SE]\n  CODES: [1, 2]\n'
    )
    assert segdsl.compile_sql(condition, built, as_of=ANCHOR) == segdsl.compile_sql(
        condition, same, as_of=ANCHOR
    )


def test_a_schema_built_in_code_reports_problems_without_a_location() -> None:
    with pytest.raises(segdsl.SegdslError) as raised:
        segdsl.schema_from_mapping(
            {"entity": "customer", "tabel": "t", "key": "id", "metrics": {"m": "count(("}}
        )
    found = {d.code: d for d in raised.value.diagnostics}
    assert found["E302"].span is None and "did you mean 'table'?" in found["E302"].hints
    metric = found["E102"].span
    assert metric is not None and metric.source.text == "count(("


def test_analyze_returns_every_diagnostic_without_raising() -> None:
    broken = segdsl.analyze("segment a = purchases >\nsegment b = purchase > 1\n", SCHEMA)
    assert broken.checked is None and not broken.ok
    assert broken.diagnostics and all(d.span is not None for d in broken.diagnostics)
    mistyped = segdsl.analyze("segment a = purchase > 1\nsegment b = country > 1\n", SCHEMA)
    assert mistyped.checked is None
    assert {d.span.line for d in mistyped.diagnostics if d.span is not None} == {1, 2}
    linted = segdsl.analyze("segment a = purchases > 2 and purchases > 1\n", SCHEMA)
    assert linted.checked is not None and linted.ok
    assert [d.severity for d in linted.diagnostics] == [segdsl.Severity.WARNING]
    assert linted.diagnostics[0].code.startswith("SEG")


def test_lint_and_format_at_the_top_level() -> None:
    findings: list[segdsl.Finding] = segdsl.lint(
        "segment a = purchases > 2 and purchases > 1\n",
        SCHEMA,
        config=segdsl.LintConfig(),
    )
    assert [f.span.line for f in findings] == [1]
    assert segdsl.format("segment  a=purchases>2") == "segment a = purchases > 2\n"


def test_dialects_version_and_exports() -> None:
    assert segdsl.dialects()[0] == "duckdb" and "sqlite" in segdsl.dialects()
    assert segdsl.__version__ == version("segdsl")
    for name in segdsl.__all__:
        assert getattr(segdsl, name) is not None, name
    assert callable(segdsl.lint) and callable(segdsl.format)
