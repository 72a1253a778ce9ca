"""Input limits (docs/language.md, "Limits"): every pass is safe on the deepest and largest
inputs the limits allow, and one step beyond a limit is a located error, never a traceback."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result

import segdsl
from segdsl.cli import main
from segdsl.diagnostics import SegdslError
from segdsl.fmt.formatter import format_source
from segdsl.limits import DEFAULT_LIMITS, Limits, limits_in_effect
from segdsl.lint import lint_text
from segdsl.project import find_project
from segdsl.runtime.engines import EngineError, connect, sqlite_path
from segdsl.semantics.reference import Dataset, Evaluator, load_dataset
from segdsl.sql.dialects import DIALECTS
from segdsl.sql.queries import membership_query
from tests.support import shop_fixture

ROOT = Path(__file__).parent.parent
SCHEMA_FILE = ROOT / "examples/shop/schema.yaml"
SCHEMA = segdsl.load_schema(SCHEMA_FILE)


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shop_fixture.build(tmp_path_factory.mktemp("limits") / "shop.duckdb")


@pytest.fixture(scope="module")
def shop(shop_file: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(shop_file), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def dataset(shop: duckdb.DuckDBPyConnection) -> Dataset:
    return load_dataset(shop, SCHEMA)


def codes(error: pytest.ExceptionInfo[SegdslError]) -> list[str]:
    return [d.code for d in error.value.diagnostics]


# Each shape nests one construct n times around a condition; together they cover every kind of
# node the checker, compiler, formatter, linter and reference evaluator recurse through.
SHAPES: dict[str, Callable[[int], str]] = {
    "parentheses": lambda n: "(" * n + "count(orders) > 1" + ")" * n,
    "not": lambda n: "not " * n + "count(orders) > 1",
    "plus": lambda n: "count(orders)" + " + 1" * n + " > 1",
    "times and minus": lambda n: "(" * n + "count(orders)" + " * 2) - 1" * n + " > 1",
    "unary minus": lambda n: "-" * n + "count(orders) < 1",
    "abs": lambda n: "abs(" * n + "count(orders)" + ")" * n + " > 1",
    "lower": lambda n: "lower(" * n + "country" + ")" * n + ' in ["pl", "de"]',
    "aggregate filter": lambda n: (
        "count(orders where " + "(" * n + "amount > 20)" + ")" * n + " > 0"
    ),
    "population aggregate": lambda n: "avg(" + "abs(" * n + "count(orders)" + ")" * n + ") > 1",
    "condition as value": lambda n: "consent_email = (" * n + "true" + ")" * n,
    "and/or": lambda n: (
        '(length(country) > 1 and (country = "PL" or ' * n + "consent_email" + "))" * n
    ),
    "ranking": lambda n: "top 40% by " + "abs(" * n + "count(orders)" + ")" * n,
    "between": lambda n: "length(country) between 1 and " + "abs(" * n + "2" + ")" * n,
    "durations": lambda n: "now - signup_at > " + "(" * n + "1d" + ")" * n,
    "timestamps": lambda n: "signup_at < " + "(" * n + "now - 1d" + ")" * n,
}


def accepted(text: str) -> bool:
    try:
        segdsl.check(text, SCHEMA)
    except SegdslError as error:
        assert codes_of(error) == ["E111"], error
        return False
    return True


def codes_of(error: SegdslError) -> list[str]:
    return [d.code for d in error.diagnostics]


def deepest(shape: Callable[[int], str]) -> int:
    """The largest n the depth limit accepts (each shape nests monotonically in n)."""
    low, high = 0, DEFAULT_LIMITS.depth + 1
    assert accepted(shape(low)) and not accepted(shape(high))
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if accepted(shape(middle)) else (low, middle)
    return low


def every_pass(text: str, dataset: Dataset, shop: duckdb.DuckDBPyConnection) -> None:
    """Check, compile for every dialect (with and without an instant), evaluate with the
    reference, run on DuckDB, format and lint, all as one segment of a file too."""
    condition = segdsl.check(text, SCHEMA)
    for dialect in DIALECTS:
        for as_of in (shop_fixture.AS_OF, None):
            assert segdsl.compile_sql(condition, SCHEMA, dialect=dialect, as_of=as_of)
    expected = Evaluator(SCHEMA, dataset, shop_fixture.AS_OF).members(condition)
    sql = segdsl.compile_sql(condition, SCHEMA, as_of=shop_fixture.AS_OF)
    assert {row[0] for row in shop.execute(sql).fetchall()} == expected
    file = f"segment deep = {text}\n"
    assert segdsl.check_module(file, SCHEMA).segments
    assert format_source(file)
    lint_text(file, "deep.seg", SCHEMA)


@pytest.mark.parametrize("name", SHAPES)
def test_every_pass_is_safe_at_the_depth_limit(
    name: str, dataset: Dataset, shop: duckdb.DuckDBPyConnection
) -> None:
    shape = SHAPES[name]
    every_pass(shape(deepest(shape)), dataset, shop)


# -- beyond the limits: one located error, never a traceback -------------------------------------


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_error(result: Result, code: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"error[{code}]" in result.output, result.output


DEEP_EXPRESSIONS = {
    "1,000 nested parentheses": "(" * 1000 + "purchases > 1" + ")" * 1000,
    "4,000 not": "not " * 4000 + "purchases > 1",
    "2,000 chained +": "purchases" + " + 1" * 2000 + " > 1",
    "2,000 unary minus": "-" * 2000 + "purchases > 1",
    "1,000 nested abs": "abs(" * 1000 + "purchases" + ")" * 1000 + " > 1",
}


@pytest.mark.parametrize("name", DEEP_EXPRESSIONS)
def test_deep_expressions_are_located_errors(name: str, tmp_path: Path) -> None:
    text = DEEP_EXPRESSIONS[name]
    for command in ("check", "compile"):
        result = cli(command, "-e", text, "--schema", str(SCHEMA_FILE))
        assert_error(result, "E111")
        # The excerpt of a long line is cut around the caret.
        assert max(len(line) for line in result.output.splitlines()) < 200
    file = tmp_path / "deep.seg"
    file.write_text(f"segment deep = {text}\n")
    assert_error(cli("fmt", "--check", str(file)), "E111")
    lint = cli("lint", "--schema", str(SCHEMA_FILE), str(file))
    assert lint.exit_code == 2 and "error[E111]" in lint.output, lint.output


def chain(length: int, reverse: bool = False) -> str:
    """Segments s0 … s{length-1}, each referring to the one before."""
    lines = ["segment s0 = purchases > 1"]
    lines += [f"segment s{i} = s{i - 1}" for i in range(1, length)]
    return "\n".join(reversed(lines) if reverse else lines) + "\n"


@pytest.mark.parametrize("reverse", [False, True], ids=["in order", "in reverse order"])
def test_long_chains_of_segments_are_located_errors(reverse: bool, tmp_path: Path) -> None:
    file = tmp_path / "chain.seg"
    file.write_text(chain(500, reverse))
    assert_error(cli("check", "--schema", str(SCHEMA_FILE), str(file)), "E114")
    compiled = cli("compile", "--schema", str(SCHEMA_FILE), str(file), "--segment", "s499")
    assert_error(compiled, "E114")
    assert compiled.output.count("error[") == 1
    lint = cli("lint", "--schema", str(SCHEMA_FILE), str(file))
    assert lint.exit_code == 2 and "error[E114]" in lint.output, lint.output


def test_a_cycle_of_300_segments_is_a_located_error(tmp_path: Path) -> None:
    file = tmp_path / "cycle.seg"
    file.write_text("".join(f"segment s{i} = s{(i + 1) % 300}\n" for i in range(300)))
    result = cli("check", "--schema", str(SCHEMA_FILE), str(file))
    assert_error(result, "E114")
    short = tmp_path / "short.seg"
    short.write_text("segment a = b\nsegment b = c\nsegment c = a\n")
    assert_error(cli("check", "--schema", str(SCHEMA_FILE), str(short)), "E402")


def test_every_pass_is_safe_at_the_reference_limit(
    dataset: Dataset, shop: duckdb.DuckDBPyConnection
) -> None:
    """The longest chain allowed, each segment also nesting, through check, compile for every
    dialect, the reference, DuckDB, the membership export, fmt and lint."""
    length = DEFAULT_LIMITS.reference_depth
    lines = [f'segment s{i} = not (s{i + 1} and country != "PL")' for i in range(length - 1)]
    text = "\n".join([*lines, f"segment s{length - 1} = count(orders) > 1"]) + "\n"
    module = segdsl.api.parse_module(text)
    checked = segdsl.check_module(module, SCHEMA)
    condition = checked.segments["s0"].condition
    for dialect in DIALECTS:
        assert segdsl.compile_sql(condition, SCHEMA, dialect=dialect, as_of=shop_fixture.AS_OF)
        assert DIALECTS[dialect].sql(
            membership_query(checked, SCHEMA, DIALECTS[dialect], shop_fixture.AS_OF, None)
        )
    expected = Evaluator(SCHEMA, dataset, shop_fixture.AS_OF).members(condition)
    sql = segdsl.compile_sql(condition, SCHEMA, as_of=shop_fixture.AS_OF)
    assert {row[0] for row in shop.execute(sql).fetchall()} == expected
    assert format_source(text).split() == text.split()
    lint_text(text, "chain.seg", SCHEMA)
    with pytest.raises(SegdslError) as error:
        segdsl.check_module(f"segment above = s0\n{text}", SCHEMA)
    assert codes(error) == ["E114"]


def test_depth_counts_what_a_segment_refers_to() -> None:
    """A segment used deep inside another is as deep as its body there, even once it has
    been checked on its own."""
    inner = "(" * 60 + "purchases > 1" + ")" * 60
    outer = "not " * 60 + "inner"
    module = segdsl.api.parse_module(f"segment inner = {inner}\nsegment outer = {outer}\n")
    with pytest.raises(SegdslError) as error:
        segdsl.check_module(module, SCHEMA)
    assert codes(error) == ["E111"]
    assert error.value.diagnostics[0].span is not None
    assert error.value.diagnostics[0].span.text == "inner"


def test_size_list_and_definition_limits() -> None:
    small = Limits(source_size=50, list_items=3, definitions=2)
    with pytest.raises(SegdslError) as error:
        segdsl.parse("country = " + '"x" + ' * 20 + '"x"', limits=small)
    assert codes(error) == ["E110"]
    assert error.value.diagnostics[0].span is not None
    assert error.value.diagnostics[0].span.start == 50
    with pytest.raises(SegdslError) as error:
        segdsl.parse('country in ["a", "b", "c", "d"]', limits=small)
    assert codes(error) == ["E112"]
    assert error.value.diagnostics[0].span is not None
    assert error.value.diagnostics[0].span.text == '"d"'
    with pytest.raises(SegdslError) as error, limits_in_effect(small):
        segdsl.api.parse_module("segment a = true\nsegment b = a\nsegment c = b\n")
    assert codes(error) == ["E113"]
    assert segdsl.parse('country in ["a", "b", "c"]', limits=small)


def test_the_api_keyword_changes_the_limits() -> None:
    text = "not " * 150 + "consent_email"
    with pytest.raises(SegdslError):
        segdsl.check(text, SCHEMA)
    deeper = Limits(depth=160)
    assert segdsl.compile_sql(text, SCHEMA, dialect="postgres", limits=deeper)
    with pytest.raises(SegdslError) as error:
        segdsl.check("consent_email and not consent_email", SCHEMA, limits=Limits(depth=2))
    assert codes(error) == ["E111"]


def test_limits_in_the_project_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "not " * 150 + "consent_email"
    (tmp_path / "segdsl.toml").write_text(
        f'schema = "{SCHEMA_FILE}"\n[limits]\ndepth = 160\nlist_items = 5000\n'
    )
    assert cli("check", "-e", text).exit_code == 0
    (tmp_path / "segdsl.toml").write_text(f'schema = "{SCHEMA_FILE}"\n[limits]\ndepth = 2\n')
    assert_error(cli("check", "-e", "consent_email and not consent_email"), "E111")
    for wrong, code in (
        ("depth = 0", "E611"),
        ("depth = true", "E611"),
        ('depth = "5"', "E611"),
        ("size = 5", "E610"),
    ):
        (tmp_path / "segdsl.toml").write_text(f'schema = "{SCHEMA_FILE}"\n[limits]\n{wrong}\n')
        assert_error(cli("check", "-e", "consent_email"), code)


def test_limits_raised_beyond_what_python_can_recurse_are_an_error_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "segdsl.toml").write_text(f'schema = "{SCHEMA_FILE}"\n[limits]\ndepth = 5000\n')
    result = cli("compile", "-e", "not " * 3000 + "consent_email")
    assert result.exit_code == 1
    assert "nests too deeply" in result.output and "Traceback" not in result.output


# -- dates, timeouts, table names, SQLite URLs, signals ------------------------------------------


@pytest.mark.parametrize(
    "text", ["last_order < 10000y", "now - last_order > 4000000d", "signup_at > 9999-12-31 + 1d"]
)
def test_dates_out_of_range_found_by_check(text: str) -> None:
    assert_error(cli("check", "-e", text, "--schema", str(SCHEMA_FILE)), "E225")


@pytest.mark.parametrize(
    "text", ["last_order < 2026y", "last_order < 1000000d", "now + 9000y > last_order"]
)
def test_dates_out_of_range_at_the_instant_found_by_compile(text: str) -> None:
    assert cli("check", "-e", text, "--schema", str(SCHEMA_FILE)).exit_code == 0
    for dialect in ("duckdb", "sqlite", "tsql"):
        result = cli(
            "compile",
            "-e",
            text,
            "--schema",
            str(SCHEMA_FILE),
            "--as-of",
            "2026-01-01",
            "--dialect",
            dialect,
        )
        assert_error(result, "E225")


def test_run_as_of_the_first_day(shop_file: Path) -> None:
    path = shop_file
    result = cli(
        "run",
        "-e",
        "last_order < 30d",
        "--schema",
        str(SCHEMA_FILE),
        "--db",
        str(path),
        "--as-of",
        "0001-01-01",
    )
    assert_error(result, "E225")


@pytest.mark.parametrize("seconds", ["nan", "inf", "-inf", "0", "-1"])
def test_timeouts_must_be_positive_and_finite(seconds: str, shop_file: Path) -> None:
    path = shop_file
    result = cli(
        "run",
        "-e",
        "purchases > 1",
        "--schema",
        str(SCHEMA_FILE),
        "--db",
        str(path),
        "--timeout",
        seconds,
    )
    assert result.exit_code == 2, result.output
    assert "positive number of seconds" in result.output
    with pytest.raises(EngineError):
        connect(str(path), statement_timeout=float(seconds))


def test_a_quote_in_a_table_name_is_a_schema_error() -> None:
    text = SCHEMA_FILE.read_text().replace("table: orders,", "table: 'ord\"ers',")
    with pytest.raises(SegdslError) as error:
        segdsl.schema_from_text(text)
    assert codes(error) == ["E339"]
    assert error.value.diagnostics[0].span is not None
    assert 'ord"ers' in error.value.diagnostics[0].span.text


def test_a_control_character_in_a_schema_is_a_located_error() -> None:
    with pytest.raises(SegdslError) as error:
        segdsl.schema_from_text("\x1f" + SCHEMA_FILE.read_text())
    assert codes(error) == ["E300"]


def _sqlite_file(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (customer_id INTEGER)")
    return path


def test_sqlite_urls_follow_sqlalchemy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three slashes start a relative path, four an absolute one."""
    folder = tmp_path / "var" / "data"
    folder.mkdir(parents=True)
    database = _sqlite_file(folder / "shop.db")
    monkeypatch.chdir(tmp_path)
    assert sqlite_path("sqlite:///var/data/shop.db") == "var/data/shop.db"
    connect("sqlite:///var/data/shop.db").close()
    assert sqlite_path(f"sqlite:///{database}") == str(database)
    assert f"sqlite:///{database}".startswith("sqlite:////")
    connect(f"sqlite:///{database}").close()
    # A relative path that only exists from the root: the message says how to write it.
    monkeypatch.chdir(folder)
    with pytest.raises(EngineError) as error:
        connect(f"sqlite://{database}")
    assert error.value.hint is not None and f"sqlite:///{database}" in error.value.hint
    # In segdsl.toml, a relative path is relative to the file.
    (tmp_path / "segdsl.toml").write_text('db = "sqlite:///var/data/shop.db"\n')
    assert find_project(tmp_path).db == f"sqlite:///{database}"


def test_termination_signals_remove_the_partial_output(tmp_path: Path) -> None:
    """SIGTERM, SIGHUP and SIGINT during `run --out`: no hidden temporary file is left, the
    exit status is 128 + the signal, and the message is one line."""
    path = tmp_path / "big.duckdb"
    with duckdb.connect(str(path)) as connection:
        # Every table of the schema, or the run stops at its check of them: a signal raced it.
        shop_fixture.create_tables(connection)
        connection.execute(
            "INSERT INTO customers SELECT range, 'x@example.com', 'PL', TIMESTAMP '2020-01-01', "
            "DATE '2000-01-01', 'female', 'mobile', true FROM range(2000000)"
        )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        out = tmp_path / f"members-{number}.csv"
        for _ in range(3):
            status, stderr = _signalled_run(path, out, environment, number)
            if status != 0:
                break
            # The run wrote its 2M rows before the signal came (a loaded machine): again.
            out.unlink()
        assert status == 128 + number
        assert len(stderr.strip().splitlines()) == 1, stderr
        assert not any(tmp_path.glob(f".{out.name}.*")) and not out.exists()


def _signalled_run(
    database: Path, out: Path, environment: dict[str, str], number: int
) -> tuple[int, str]:
    """`segdsl run --out`, sent the signal once its temporary folder exists: its exit status
    and standard error."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "segdsl",
            "run",
            "-e",
            "consent_email",
            "--schema",
            str(SCHEMA_FILE),
            "--db",
            str(database),
            "--out",
            str(out),
        ],
        stderr=subprocess.PIPE,
        env=environment,
    )
    while not any(out.parent.glob(f".{out.name}.*.tmp")):
        if process.poll() is not None:
            pytest.fail(f"the run ended before writing: {process.communicate()[1].decode()}")
        time.sleep(0.05)
    process.send_signal(number)
    _, stderr = process.communicate()
    return process.returncode, stderr.decode()
