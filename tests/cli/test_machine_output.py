"""Every command honours `--format`: its JSON validated against the schema docs/cli.md documents
(docs/schemas/), CSV with the same fields, and errors as diagnostics in their one JSON form."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from referencing import Registry, Resource

from segdsl.cli import main
from tests.support.shop_fixture import build

ROOT = Path(__file__).parents[2]
SCHEMAS = ROOT / "docs/schemas"
SCHEMA = str(ROOT / "examples/shop/schema.yaml")
SEGMENTS = str(ROOT / "examples/shop/segments.seg")
AS_OF = "2026-11-01"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("machine") / "shop.duckdb")


def validate(schema_name: str, value: object) -> None:
    """`value` against docs/schemas/<schema_name>.json, whose `$ref`s name the other files."""
    registry: Registry[Any] = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8"))))
        for path in SCHEMAS.glob("*.json")
    )
    schema = json.loads((SCHEMAS / f"{schema_name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, registry=registry).validate(value)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def commands(shop: Path, tmp_path: Path) -> dict[str, tuple[str, list[str]]]:
    """Each command that takes --format, by its JSON schema's name, with arguments that work."""
    database = ["--schema", SCHEMA, "--db", str(shop)]
    return {
        "run": ("run", ["run", SEGMENTS, *database, "--as-of", AS_OF]),
        "run-members": ("run-members", ["run", "-e", "purchases >= 1", *database]),
        "run-segment": (
            "run-members",
            ["run", SEGMENTS, "--segment", "eu_gdpr", *database, "--columns", "email,country"],
        ),
        "run-out": (
            "run-out",
            ["run", "-e", "purchases >= 1", *database, "--out", str(tmp_path / "m.csv")],
        ),
        "overlap": ("overlap", ["overlap", SEGMENTS, "--segment", "lifecycle", *database]),
        "history": (
            "history",
            ["history", "-e", "purchases >= 1", *database, "--from", "2026-09-01", "--to", AS_OF],
        ),
        "report": ("report", ["report", SEGMENTS, "--segment", "vip", *database]),
        "check": ("check", ["check", SEGMENTS, "--schema", SCHEMA, "--dialect", "mysql"]),
        "compile": ("compile", ["compile", "-e", "purchases >= 2", "--schema", SCHEMA]),
        "dialects": ("dialects", ["dialects"]),
        "why": ("why", ["why", SEGMENTS, "--segment", "lifecycle", "--customer", "1", *database]),
    }


COMMANDS = [
    "run",
    "run-members",
    "run-segment",
    "run-out",
    "overlap",
    "history",
    "report",
    "check",
    "compile",
    "dialects",
    "why",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_json_output_has_its_documented_shape(
    command: str, shop: Path, tmp_path: Path
) -> None:
    schema_name, args = commands(shop, tmp_path)[command]
    code, stdout, stderr = invoke(*args, "--format", "json")
    assert code == 0, stdout + stderr
    assert stderr == ""  # warnings, too, are in the JSON
    value = json.loads(stdout)
    validate(schema_name, value)
    assert value, "the command printed an empty answer"


@pytest.mark.parametrize("command", ["run", "overlap", "history", "report", "dialects"])
def test_csv_has_the_fields_of_the_json(command: str, shop: Path, tmp_path: Path) -> None:
    _, args = commands(shop, tmp_path)[command]
    as_json = json.loads(invoke(*args, "--format", "json")[1])
    code, stdout, _ = invoke(*args, "--format", "csv")
    assert code == 0, stdout
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert [list(row) for row in rows] == [list(record) for record in as_json]


def test_run_of_a_condition_in_json(shop: Path) -> None:
    code, stdout, _ = invoke(
        "run", "-e", "purchases >= 1", "--schema", SCHEMA, "--db", str(shop), "--as-of", AS_OF
    )
    assert code == 0 and stdout.startswith("3 members (60.0% of 5 customers)")
    code, stdout, _ = invoke(
        *("run", "-e", "purchases >= 1", "--schema", SCHEMA, "--db", str(shop)),
        *("--as-of", AS_OF, "--sample", "2", "--format", "json"),
    )
    assert code == 0, stdout
    answer = json.loads(stdout)
    validate("run-members", answer)
    assert {k: v for k, v in answer.items() if k != "sample"} == {
        "segment": "<expr>",
        "members": 3,
        "customers": 5,
        "share": 0.6,
    }
    # The two smallest keys, every attribute that is not PII, values as JSON has them.
    assert answer["sample"][0] == {
        "customer_id": 1,
        "country": "PL",
        "signup_at": "2025-09-27T00:00:00Z",
        "birth_date": "1995-05-01",
        "gender": "female",
        "device_type": "mobile",
        "consent_email": True,
    }
    assert [member["customer_id"] for member in answer["sample"]] == [1, 2]


def test_run_of_a_segment_in_csv_is_its_sample(shop: Path) -> None:
    code, stdout, _ = invoke(
        *("run", SEGMENTS, "--segment", "eu_gdpr", "--schema", SCHEMA, "--db", str(shop)),
        *("--as-of", AS_OF, "--columns", "email,country", "--format", "csv"),
    )
    assert code == 0, stdout
    assert stdout.splitlines() == [
        "customer_id,email,country",
        "1,ann@example.com,PL",
        "4,dee@example.com,DE",
        "5,eve@example.com,FR",
    ]


def test_run_out_tells_programs_what_it_wrote(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "members.csv"
    args = ("run", "-e", "country in EU", "--schema", SCHEMA, "--db", str(shop), "--out", str(out))
    code, stdout, _ = invoke(*args, "--format", "json")
    assert code == 0, stdout
    assert json.loads(stdout) == {
        "file": str(out),
        "rows": 3,
        "metadata": f"{out}.meta.json",
        "channel": None,
        "removed": None,
        "consent_override": False,
    }
    code, stdout, _ = invoke(*args, "--format", "csv")
    assert stdout == (
        f"file,rows,metadata,channel,removed,consent_override\n{out},3,{out}.meta.json,,,False\n"
    )


def test_dialects_as_data() -> None:
    from segdsl.sql.dialects import DIALECTS

    code, stdout, _ = invoke("dialects", "--format", "json")
    assert code == 0
    assert [record["dialect"] for record in json.loads(stdout)] == list(DIALECTS)


def test_compile_in_json_carries_the_dialects_warnings() -> None:
    code, stdout, stderr = invoke(
        *("compile", "-e", 'lower(country) = "de"', "--schema", SCHEMA, "--dialect", "sqlite"),
        *("--format", "json"),
    )
    assert code == 0, stdout + stderr
    answer = json.loads(stdout)
    validate("compile", answer)
    assert answer["dialect"] == "sqlite" and answer["sql"].startswith("SELECT")
    assert [d["code"] for d in answer["diagnostics"]] == ["W501"]
    assert answer["diagnostics"][0]["severity"] == "warning"
    assert stderr == ""
    # In text, the same warning goes to stderr and the SQL alone to stdout.
    code, stdout, stderr = invoke(
        "compile", "-e", 'lower(country) = "de"', "--schema", SCHEMA, "--dialect", "sqlite"
    )
    assert code == 0 and stdout.startswith("SELECT") and "warning[W501]" in stderr


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "-e", "purchase >= 1"],
        ["compile", "-e", "purchase >= 1"],
        ["run", "-e", "purchase >= 1"],
        ["history", "-e", "purchase >= 1", "--from", "2026-10-01", "--to", AS_OF],
        ["report", "-e", "purchase >= 1"],
    ],
    ids=lambda args: args[0],
)
def test_errors_in_json_are_diagnostics_on_stdout(args: list[str], shop: Path) -> None:
    database = [] if args[0] in ("check", "compile") else ["--db", str(shop)]
    code, stdout, stderr = invoke(*args, "--schema", SCHEMA, *database, "--format", "json")
    assert code == 1
    assert stderr == ""
    answer = json.loads(stdout)
    validate("errors", answer)
    assert answer == {
        "diagnostics": [
            {
                "code": "E210",
                "severity": "error",
                "message": "unknown name 'purchase'",
                "file": "<expr>",
                "start": {"line": 1, "column": 1},
                "end": {"line": 1, "column": 9},
                "hints": ["did you mean 'purchases'?"],
            }
        ]
    }


def test_overlap_errors_in_json(shop: Path, tmp_path: Path) -> None:
    file = tmp_path / "bad.seg"
    file.write_text("segment a = purchases > 1\nsegment b = lapsd\n")
    code, stdout, _ = invoke(
        "overlap", str(file), "--schema", SCHEMA, "--db", str(shop), "--format", "json"
    )
    assert code == 1
    (diagnostic,) = json.loads(stdout)["diagnostics"]
    assert (diagnostic["file"], diagnostic["start"]) == (str(file), {"line": 2, "column": 13})


def test_database_errors_have_a_code(tmp_path: Path) -> None:
    missing = tmp_path / "nope.duckdb"
    args = ("run", "-e", "purchases >= 1", "--schema", SCHEMA, "--db", str(missing))
    code, stdout, stderr = invoke(*args)
    assert code == 1
    assert stderr.startswith(f"error[E608]: no DuckDB database at {missing}\n  = help: build")
    code, stdout, stderr = invoke(*args, "--format", "json")
    assert code == 1 and stderr == ""
    (diagnostic,) = json.loads(stdout)["diagnostics"]
    assert diagnostic["code"] == "E608" and diagnostic["file"] is None
    assert diagnostic["start"] is None and diagnostic["hints"][0].startswith("build")


def test_check_in_json_reports_files_and_errors_in_one_document(tmp_path: Path) -> None:
    good = tmp_path / "good.seg"
    good.write_text('segment a = purchases > 1\npartition p = "x" when a otherwise "y"\n')
    bad = tmp_path / "bad.seg"
    bad.write_text("segment b = lapsd\n")
    args = ("check", str(good), str(bad), "--schema", SCHEMA, "--format", "json")
    code, stdout, stderr = invoke(*args)
    assert code == 1 and stderr == ""
    answer = json.loads(stdout)
    validate("check", answer)
    assert answer["files"] == [{"file": str(good), "segments": ["a"], "partitions": ["p"]}]
    assert [(d["code"], d["file"]) for d in answer["diagnostics"]] == [("E210", str(bad))]


def test_lint_findings_and_errors_share_the_diagnostic_shape(tmp_path: Path) -> None:
    (tmp_path / "a.seg").write_text("segment a = purchases > 5 and purchases > 2\n")
    (tmp_path / "b.seg").write_text("segment b = lapsd\n")
    args = ["lint", str(tmp_path / "a.seg"), str(tmp_path / "b.seg"), "--schema", SCHEMA]
    code, stdout, _ = invoke(*args, "--format", "json")
    assert code == 2
    records = json.loads(stdout)
    validate("lint", records)
    finding = next(r for r in records if r["code"] == "SEG003")
    error = next(r for r in records if r["code"] == "E210")
    assert finding["name"] == "redundant-condition"
    assert finding["start"] == {"line": 1, "column": 31}
    assert finding["fix"]["edits"] == [
        {"content": "", "start": {"line": 1, "column": 26}, "end": {"line": 1, "column": 44}}
    ]
    assert (error["name"], error["fix"]) == (None, None)
    # Without the lint-only fields, a finding is a diagnostic as every command reports it.
    validate("diagnostic", {k: v for k, v in finding.items() if k not in ("name", "fix")})


def test_a_dialect_that_cannot_split_is_an_error_of_check_and_compile(tmp_path: Path) -> None:
    """SQL Server hashes text in its code page: `check --dialect tsql` and `compile` refuse a
    split (E275), in text and in JSON; SQLite only warns (W501: segdsl provides the hash)."""
    split = 'split("spring24") < 10%'
    code, stdout, stderr = invoke("check", "-e", split, "--schema", SCHEMA, "--dialect", "tsql")
    assert (code, stdout) == (1, "") and "error[E275]" in stderr
    code, stdout, _ = invoke(
        *("check", "-e", split, "--schema", SCHEMA, "--dialect", "tsql", "--format", "json")
    )
    answer = json.loads(stdout)
    validate("check", answer)
    assert code == 1 and [d["code"] for d in answer["diagnostics"]] == ["E275"]
    (tmp_path / "test.seg").write_text(f"segment holdout = {split}\n", encoding="utf-8")
    code, stdout, stderr = invoke(
        "check", str(tmp_path / "test.seg"), "--schema", SCHEMA, "--dialect", "tsql"
    )
    assert (code, stdout) == (1, "") and "error[E275]" in stderr
    code, stdout, stderr = invoke("compile", "-e", split, "--schema", SCHEMA, "--dialect", "tsql")
    assert (code, stdout) == (1, "") and "error[E275]" in stderr
    code, stdout, stderr = invoke("check", "-e", split, "--schema", SCHEMA, "--dialect", "sqlite")
    assert code == 0 and stdout == "ok\n" and "warning[W501]" in stderr
    assert "segdsl_md5_bucket" in stderr and "SQLite has no MD5" in stderr
