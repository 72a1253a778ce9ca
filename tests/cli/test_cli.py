"""The command line through click's runner: exit codes, stdout/stderr, located errors."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from segdsl.cli import main
from tests.support.shop_fixture import build

ROOT = Path(__file__).parents[2]
SCHEMA = str(ROOT / "examples/shop/schema.yaml")
SEGMENTS = str(ROOT / "examples/shop/segments.seg")
AS_OF = "2026-11-01T00:00:00"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("cli") / "shop.duckdb")


@pytest.fixture()
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def test_check_expression_ok(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["check", "-e", "purchases >= 2 and country in EU", "--schema", SCHEMA]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "ok"


def test_check_file_reports_counts(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", SEGMENTS, "--schema", SCHEMA])
    assert result.exit_code == 0, result.output
    assert "segments.seg: ok (32 segments, 4 partitions)" in result.output


def test_check_reports_every_error_with_location(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["check", "-e", 'purchase >= 2 and gender = "Female"', "--schema", SCHEMA]
    )
    assert result.exit_code == 1
    assert "<expr>:1:1: error[E210]: unknown name 'purchase'" in result.stderr
    assert "did you mean 'purchases'?" in result.stderr
    assert "<expr>:1:28: error[E205]: 'Female' is not a value of 'gender'" in result.stderr
    assert "2 errors" in result.stderr
    assert "Traceback" not in result.output


def test_syntax_error_has_caret(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "-e", "purchases >= and x", "--schema", SCHEMA])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("<expr>:1:14: error[E102]: expected a condition or value")
    assert lines[2] == "1 | purchases >= and x"
    assert lines[3] == "  |              ^^^"


def test_errors_in_a_file_point_into_it(runner: CliRunner, tmp_path: Path) -> None:
    seg = tmp_path / "bad.seg"
    seg.write_text("segment a = purchases > 1\n\nsegment b = a and lapsd\n")
    result = runner.invoke(main, ["check", str(seg), "--schema", SCHEMA])
    assert result.exit_code == 1
    assert f"{seg}:3:19: error[E210]: unknown name 'lapsd'" in result.stderr


@pytest.mark.parametrize(
    ("expr", "located", "hint"),
    [
        ("last_order < 30", "<expr>:1:1: error[E202]", "write 30d for 30 days"),
        ("last_order < 3 months", "<expr>:1:14: error[E103]", "write 3mo"),
        ("country = DE", "<expr>:1:11: error[E210]", 'quote it: "DE"'),
        ('country in ("DE", "FR")', "<expr>:1:17: error[E102]", 'country in ["DE", "FR"]'),
        ('purchases > 1 adn country = "DE"', "<expr>:1:15: error[E102]", "did you mean 'and'?"),
        ("top 10 by total_spent", "<expr>:1:8: error[E102]", "top 10% by total_spent"),
        ("year(birth_date) = 1990", "<expr>:1:1: error[E215]", "birth_date in 1990"),
    ],
)
def test_check_hints_what_to_write_for_common_mistakes(
    runner: CliRunner, expr: str, located: str, hint: str
) -> None:
    result = runner.invoke(main, ["check", "-e", expr, "--schema", SCHEMA])
    assert result.exit_code == 1
    assert result.stderr.startswith(located)
    hints = [line for line in result.stderr.splitlines() if line.startswith("  = help: ")]
    assert hint in hints[0]
    assert "did you mean 'count'" not in result.stderr


def test_check_hints_the_segment_keyword_a_line_lacks(runner: CliRunner, tmp_path: Path) -> None:
    seg = tmp_path / "vip.seg"
    seg.write_text("segment buyers = purchases > 0\nvip: purchases >= 2\n")
    result = runner.invoke(main, ["check", str(seg), "--schema", SCHEMA])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{seg}:2:1: error[E102]")
    assert "  = help: start the line with 'segment': segment vip = purchases >= 2" in result.stderr


def test_missing_files_and_schema_are_clean_errors(runner: CliRunner, in_tmp: Path) -> None:
    result = runner.invoke(main, ["check", "nope.seg", "--schema", SCHEMA])
    assert result.exit_code == 1
    assert "cannot read nope.seg: not found" in result.stderr
    result = runner.invoke(main, ["check", "-e", "x"])
    assert result.exit_code == 1
    assert "no schema given" in result.stderr
    result = runner.invoke(main, ["check", "-e", "x", "--schema", "missing.yaml"])
    assert result.exit_code == 1
    assert "schema file not found: missing.yaml" in result.stderr


def test_bad_schema_is_located(runner: CliRunner, tmp_path: Path) -> None:
    schema = tmp_path / "schema.yaml"
    schema.write_text("entity: customer\ntable: customers\nkey: id\nattributes:\n  age: integr\n")
    result = runner.invoke(main, ["check", "-e", "age > 1", "--schema", str(schema)])
    assert result.exit_code == 1
    assert f"{schema}:5:8: error[E333]: unknown type 'integr'" in result.stderr
    assert "did you mean 'integer'" in result.stderr


def test_compile_prints_one_statement(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        [
            "compile",
            "-e",
            "purchases >= 2 and last_open < 30d",
            "--schema",
            SCHEMA,
            "--dialect",
            "postgres",
            "--as-of",
            AS_OF,
            "--compact",
        ],
    )
    assert result.exit_code == 0, result.output
    sql = result.output.strip()
    assert sql.startswith("WITH ") and sql.count("\n") == 0
    assert "CAST('2026-10-02 00:00:00' AS TIMESTAMP)" in sql
    assert result.stderr == ""


def test_compile_segment_of_file_runs_on_duckdb(runner: CliRunner, shop: Path) -> None:
    result = runner.invoke(
        main,
        ["compile", SEGMENTS, "--segment", "repeat_buyers", "--schema", SCHEMA, "--as-of", AS_OF],
    )
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(shop), read_only=True) as con:
        assert con.sql(result.output).fetchall() == [(1,)]


def test_compile_file_needs_segment_choice(runner: CliRunner) -> None:
    result = runner.invoke(main, ["compile", SEGMENTS, "--schema", SCHEMA])
    assert result.exit_code == 2
    assert "pick one with --segment NAME" in result.output


def test_compile_unknown_segment_suggests(runner: CliRunner) -> None:
    result = runner.invoke(main, ["compile", SEGMENTS, "--segment", "vipp", "--schema", SCHEMA])
    assert result.exit_code == 1
    assert "has no segment or partition 'vipp'" in result.stderr
    assert "did you mean 'vip'" in result.stderr


def test_bad_options(runner: CliRunner) -> None:
    result = runner.invoke(main, ["compile", "-e", "true", "--schema", SCHEMA, "--as-of", "soon"])
    assert result.exit_code == 2 and "is not an ISO date" in result.output
    result = runner.invoke(main, ["check", "-e", "true", SEGMENTS, SEGMENTS, "--schema", SCHEMA])
    assert result.exit_code == 2 and "-e EXPR takes at most one FILE" in result.output
    result = runner.invoke(
        main, ["run", "-e", "true", SEGMENTS, "--segment", "vip", "--schema", SCHEMA]
    )
    assert result.exit_code == 2 and "--segment picks a segment of a FILE" in result.output


@pytest.mark.parametrize("command", ["check", "compile"])
def test_unknown_dialect_is_e601_as_in_the_api(runner: CliRunner, command: str) -> None:
    import segdsl

    result = runner.invoke(
        main, [command, "-e", "true", "--schema", SCHEMA, "--dialect", "postgress"]
    )
    assert result.exit_code == 1
    with pytest.raises(segdsl.SegdslError) as raised:
        segdsl.compile_sql("true", segdsl.load_schema(SCHEMA), dialect="postgress")
    assert result.stderr.strip() == str(raised.value)
    assert result.stderr.startswith("error[E601]: unknown dialect 'postgress'\n")
    assert "= help: did you mean 'postgres'?" in result.stderr
    assert "Usage:" not in result.output


def test_unknown_dialect_of_the_project_file_names_it(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "segdsl.toml").write_text(f'schema = "{SCHEMA}"\ndialect = "duckdv"\n')
    result = runner.invoke(main, ["compile", "-e", "purchases > 1", "--format", "json"])
    assert result.exit_code == 1
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["code"] == "E601"
    toml = in_tmp.resolve() / "segdsl.toml"
    assert diagnostic["message"] == f"unknown dialect 'duckdv' (the `dialect` of {toml})"
    assert diagnostic["hints"][0] == "did you mean 'duckdb'?"


# --- a condition with a file's segments in scope ------------------------------------------------


FILE_IN_SCOPE = """segment buyers = purchases >= 1
partition tier = "big" when purchases > 2 otherwise "small"
"""


@pytest.fixture()
def in_scope(tmp_path: Path) -> Path:
    file = tmp_path / "scope.seg"
    file.write_text(FILE_IN_SCOPE)
    return file


def test_run_file_with_an_expression_uses_its_segments(
    runner: CliRunner, shop: Path, in_scope: Path
) -> None:
    args = ["run", str(in_scope), "--schema", SCHEMA, "--db", str(shop), "--as-of", AS_OF]
    result = runner.invoke(main, [*args, "-e", 'buyers and tier = "small"', "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert (answer["segment"], answer["members"]) == ("<expr>", 2)  # customers 2 and 4
    assert [member["customer_id"] for member in answer["sample"]] == [2, 4]


@pytest.mark.parametrize("command", ["check", "compile", "run", "history", "report"])
def test_errors_are_located_in_the_expression_or_in_the_file(
    runner: CliRunner, shop: Path, in_scope: Path, tmp_path: Path, command: str
) -> None:
    database = [] if command in ("check", "compile") else ["--db", str(shop)]
    dates = ["--from", "2026-10-01", "--to", AS_OF] if command == "history" else []
    args = [command, "--schema", SCHEMA, *database, *dates]
    result = runner.invoke(main, [*args, str(in_scope), "-e", "buyers and byers"])
    assert result.exit_code == 1
    assert "<expr>:1:12: error[E210]: unknown name 'byers'" in result.stderr
    assert "did you mean 'buyers'?" in result.stderr
    result = runner.invoke(main, [*args, str(in_scope), "-e", "buyers"])
    assert result.exit_code == 0, result.output
    broken = tmp_path / "broken.seg"
    broken.write_text("segment buyers = purchase >= 1\n")
    result = runner.invoke(main, [*args, str(broken), "-e", "buyers"])
    assert result.exit_code == 1
    assert f"{broken}:1:18: error[E210]: unknown name 'purchase'" in result.stderr
    assert "<expr>" not in result.stderr


def test_compile_file_with_an_expression(runner: CliRunner, in_scope: Path) -> None:
    def sql(*args: str) -> str:
        result = runner.invoke(
            main, ["compile", *args, "--schema", SCHEMA, "--as-of", AS_OF, "--compact"]
        )
        assert result.exit_code == 0, result.output
        return result.stdout

    assert sql(str(in_scope), "-e", "buyers") == sql("-e", "purchases >= 1")
    result = runner.invoke(
        main, ["compile", str(in_scope), "-e", "buyers", "--membership", "--schema", SCHEMA]
    )
    assert result.exit_code == 2 and "does not apply to -e" in result.output


def test_as_of_with_offset_is_converted_to_utc(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        [
            "compile",
            "-e",
            "last_order < 1d",
            "--schema",
            SCHEMA,
            "--compact",
            "--as-of",
            "2026-11-01T02:00:00+02:00",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "'2026-10-31 00:00:00'" in result.output


def test_project_file_supplies_defaults(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "segdsl.toml").write_text(f'schema = "{SCHEMA}"\ndialect = "postgres"\n')
    sub = in_tmp / "deeper"
    sub.mkdir()
    os.chdir(sub)
    result = runner.invoke(main, ["compile", "-e", "purchases > 1", "--compact"])
    assert result.exit_code == 0, result.output
    assert "(NOW() AT TIME ZONE 'UTC')" in result.output


def test_project_time_zone_wins_over_the_schemas(runner: CliRunner, in_tmp: Path) -> None:
    # The shop's schema keeps Warsaw's clocks (23:00 UTC is midnight there in winter); the
    # project's zone answers instead, whether the schema comes from --schema or the file.
    (in_tmp / "segdsl.toml").write_text('time_zone = "America/Los_Angeles"\n')
    args = ["compile", "-e", "signup_at in 2026", "--schema", SCHEMA, "--as-of", AS_OF]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "'2026-01-01 08:00:00'" in result.output
    (in_tmp / "segdsl.toml").write_text('time_zone = "Europe/Warsw"\n')
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert "error[E611]" in result.stderr
    assert "unknown time zone 'Europe/Warsw'" in result.stderr
    assert "did you mean 'Europe/Warsaw'" in result.stderr


def test_pyproject_tool_section(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "pyproject.toml").write_text(f'[tool.segdsl]\nschema = "{SCHEMA}"\n')
    result = runner.invoke(main, ["check", "-e", "purchases > 1"])
    assert result.exit_code == 0, result.output


def test_bad_project_file(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "segdsl.toml").write_text("schema = [1\n")
    result = runner.invoke(main, ["check", "-e", "x"])
    assert result.exit_code == 1
    assert "invalid TOML" in result.stderr


def test_run_prints_count_share_and_sample(runner: CliRunner, shop: Path) -> None:
    result = runner.invoke(
        main,
        ["run", "-e", "purchases >= 1", "--schema", SCHEMA, "--db", str(shop), "--as-of", AS_OF],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "3 members (60.0% of 5 customers)"
    assert lines[1].split()[:2] == ["customer_id", "country"]
    assert [line.split()[0] for line in lines[3:]] == ["1", "2", "4"]
    assert "@example.com" not in result.output  # PII attributes are not shown


def test_run_file_prints_sizes(runner: CliRunner, shop: Path) -> None:
    result = runner.invoke(
        main, ["run", SEGMENTS, "--schema", SCHEMA, "--db", str(shop), "--as-of", AS_OF]
    )
    assert result.exit_code == 0, result.output
    rows = {
        line.split()[0]: line.split()[1:]
        for line in result.output.splitlines()[2:]
        if line.strip() and not line.endswith("customers")
    }
    assert rows["repeat_buyers"] == ["1", "20.0%"]
    assert rows["eu_gdpr"] == ["3", "60.0%"]
    assert "5 customers" in result.output


def test_run_out_csv_is_written(runner: CliRunner, shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "members.csv"
    result = runner.invoke(
        main,
        [
            "run",
            "-e",
            "country in EU",
            "--schema",
            SCHEMA,
            "--db",
            str(shop),
            "--out",
            str(out),
            "--as-of",
            AS_OF,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "wrote 3 members" in result.output
    with out.open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["customer_id"]
    assert sorted(int(r[0]) for r in rows[1:]) == [1, 4, 5]


def test_run_file_out_writes_every_segment_as_a_column(
    runner: CliRunner, shop: Path, tmp_path: Path
) -> None:
    out = tmp_path / "membership.csv"
    args = ["run", SEGMENTS, "--schema", SCHEMA, "--db", str(shop), "--as-of", AS_OF]
    result = runner.invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 5 customers with 36 segment columns" in result.output
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(int(r["customer_id"]) for r in rows) == [1, 2, 3, 4, 5]
    members = {name: {int(r["customer_id"]) for r in rows if r[name] == "1"} for name in rows[0]}
    assert members["eu_gdpr"] == {1, 4, 5}
    assert members["repeat_buyers"] == {1}
    # Every column agrees with the segment run on its own.
    for name in ("leads", "lapsed", "vip", "cart_abandoners", "inactive_subscribers"):
        alone = tmp_path / f"{name}.csv"
        single = runner.invoke(main, [*args, "--segment", name, "--out", str(alone)])
        assert single.exit_code == 0, single.output
        with alone.open() as handle:
            assert {int(r["customer_id"]) for r in csv.DictReader(handle)} == members[name], name
    labels = {r["lifecycle"] for r in rows}
    assert labels <= {"lead", "new", "active", "loyal", "lapsed", "other"}


def test_run_out_of_one_segment_or_partition(runner: CliRunner, shop: Path, tmp_path: Path) -> None:
    """`--segment SEGMENT --out` writes its members' keys; `--segment PARTITION --out` every
    customer's key and label; the help says so (and docs/cli.md, README.md)."""
    args = ["run", SEGMENTS, "--schema", SCHEMA, "--db", str(shop), "--as-of", AS_OF]
    keys = tmp_path / "repeat.csv"
    result = runner.invoke(main, [*args, "--segment", "repeat_buyers", "--out", str(keys)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote 1 member to {keys}\n"
    assert keys.read_text() == "customer_id\n1\n"
    labels = tmp_path / "lifecycle.csv"
    result = runner.invoke(main, [*args, "--segment", "lifecycle", "--out", str(labels)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote 5 customers with their lifecycle label to {labels}\n"
    with labels.open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["customer_id", "lifecycle"]
    assert sorted(int(row[0]) for row in rows[1:]) == [1, 2, 3, 4, 5]
    help_text = " ".join(runner.invoke(main, ["run", "--help"]).output.split())
    assert "the members' keys of -e EXPR or --segment NAME (and --columns); for a partition, " in (
        help_text
    )
    assert "customer's key and label; for a FILE without --segment, every customer" in help_text


def test_membership_columns_differing_only_in_case_are_refused(
    runner: CliRunner, shop: Path, tmp_path: Path
) -> None:
    file = tmp_path / "cases.seg"
    file.write_text("segment Vip = purchases > 1\nsegment vip = purchases > 2\n")
    args = ["run", str(file), "--schema", SCHEMA, "--db", str(shop), "--as-of", AS_OF]
    out = tmp_path / "membership.csv"
    result = runner.invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 1
    assert "error[E606]: 'Vip' and 'vip' differ only in case" in result.output
    assert not out.exists()
    result = runner.invoke(main, [*args, "--segment", "vip", "--out", str(out)])
    assert result.exit_code == 0, result.output


def test_run_missing_database_is_not_created(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.duckdb"
    result = runner.invoke(main, ["run", "-e", "true", "--schema", SCHEMA, "--db", str(missing)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not missing.exists()
