"""`segdsl dbt`: models for the demo shop that `dbt build` (dbt-duckdb, a subprocess) runs, whose
rows are those of `segdsl run --out` at the same instant; regeneration that leaves the folder as
it was, and files no longer generated reported (deleted only with --prune)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from segdsl.cli import main
from segdsl.demo.builder import build_demo_database
from segdsl.sql.dbt import AS_OF_VAR
from tests.support.backends import require_service

ROOT = Path(__file__).parents[2]
SCHEMA = str(ROOT / "examples/shop/schema.yaml")
SEGMENTS = ROOT / "examples/shop/segments.seg"
ANCHOR = dt.datetime(2026, 11, 1)
AS_OF = "2026-10-15T00:00:00"
# dbt in this environment, or on the PATH (CI installs it in an environment of its own).
DBT = shutil.which("dbt", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")

PROJECT = """\
name: shop
version: "1.0"
profile: shop
model-paths: ["models"]
"""
# segdsl's DuckDB session settings (segdsl/runtime/engines.py), as dbt-duckdb sets them.
PROFILES = """\
shop:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: {path}
      threads: 1
      settings:
        TimeZone: UTC
        disabled_optimizers: statistics_propagation
"""


def _invoke(*arguments: str) -> str:
    result = CliRunner().invoke(main, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output


def _csv_rows(path: Path) -> tuple[list[str], set[tuple[str, ...]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], {tuple(row) for row in rows[1:]}


def test_the_models_build_in_dbt_with_the_rows_of_segdsl_run(tmp_path: Path) -> None:
    if DBT is None:
        require_service("dbt is not installed (pip install 'segdsl[dbt]')")
    shop = tmp_path / "shop.duckdb"
    build_demo_database(shop, customers=400, seed=3, anchor=ANCHOR)
    membership = tmp_path / "membership.csv"
    _invoke(
        "run",
        str(SEGMENTS),
        "--schema",
        SCHEMA,
        "--db",
        str(shop),
        "--as-of",
        AS_OF,
        "--out",
        str(membership),
    )
    # dbt writes its views into the database it builds in: a copy of the shop.
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    warehouse = project / "warehouse.duckdb"
    shutil.copy(shop, warehouse)
    (project / "dbt_project.yml").write_text(PROJECT, encoding="utf-8")
    (project / "profiles.yml").write_text(PROFILES.format(path=warehouse), encoding="utf-8")
    _invoke(
        "dbt",
        str(SEGMENTS),
        "--schema",
        SCHEMA,
        "--out",
        str(project / "models/segments"),
        "--name",
        "shop",
    )
    variables = f'{{"{AS_OF_VAR}": "{AS_OF.replace("T", " ")}"}}'
    environment = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    built = subprocess.run(
        [
            DBT,
            "build",
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
            "--vars",
            variables,
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    header, expected = _csv_rows(membership)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        result = con.execute("SELECT * FROM shop")
        columns = [d[0] for d in result.description]
        rows = {tuple("" if v is None else str(v) for v in row) for row in result.fetchall()}
        assert columns == header
        assert rows == expected
        for index, name in enumerate(header[1:], start=1):
            if name in ("lifecycle", "rfm_recency", "rfm_frequency", "rfm_monetary"):
                continue  # partitions have no model of their own
            members = {row[0] for row in expected if row[index] == "1"}
            found = con.execute(f'SELECT customer_id FROM "shop_{name}"').fetchall()
            assert {str(key) for (key,) in found} == members, name
            assert len(found) == len(members), f"{name}: a key twice"


def test_regenerating_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "models"
    first = _invoke("dbt", str(SEGMENTS), "--schema", SCHEMA, "--out", str(out))
    assert first.startswith(f"34 files in {out}: 34 written, 0 unchanged")
    contents = {path.name: path.read_bytes() for path in out.iterdir()}
    times = {path.name: path.stat().st_mtime_ns for path in out.iterdir()}
    again = _invoke("dbt", str(SEGMENTS), "--schema", SCHEMA, "--out", str(out))
    assert again == f"34 files in {out}: 0 written, 34 unchanged\n"
    assert {path.name: path.read_bytes() for path in out.iterdir()} == contents
    assert {path.name: path.stat().st_mtime_ns for path in out.iterdir()} == times
    assert "segments.sql" in contents and "segments_vip.sql" in contents


def test_models_no_longer_generated_are_reported_then_pruned(tmp_path: Path) -> None:
    out = tmp_path / "models"
    segments = tmp_path / "shop.seg"
    segments.write_text("segment buyers = purchases > 0\nsegment big = total_spent > 500\n")
    _invoke("dbt", str(segments), "--schema", SCHEMA, "--out", str(out))
    (out / "mine.sql").write_text("select 1\n")  # not generated: never touched
    segments.write_text("segment buyers = purchases > 0\n")
    output = _invoke("dbt", str(segments), "--schema", SCHEMA, "--out", str(out))
    assert f"no longer generated: {out / 'shop_big.sql'} (delete it, or pass --prune)" in output
    assert (out / "shop_big.sql").is_file()
    output = _invoke("dbt", str(segments), "--schema", SCHEMA, "--out", str(out), "--prune")
    assert f"deleted {out / 'shop_big.sql'}: no longer generated" in output
    assert sorted(p.name for p in out.iterdir()) == [
        "mine.sql",
        "shop.sql",
        "shop.yml",
        "shop_buyers.sql",
    ]


def test_names_that_dbt_cannot_take_are_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["dbt", str(SEGMENTS), "--schema", SCHEMA, "--out", str(tmp_path), "--name", "a-b"]
    )
    assert result.exit_code == 2
    assert "'a-b' is not a dbt name" in result.output
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("dialect", ["postgres", "snowflake", "sqlite"])
def test_models_for_other_adapters(tmp_path: Path, dialect: str) -> None:
    _invoke("dbt", str(SEGMENTS), "--schema", SCHEMA, "--out", str(tmp_path), "--dialect", dialect)
    text = (tmp_path / "segments_new_customers.sql").read_text()
    assert "{{ segdsl_as_of }}" in text and "{{ source('segdsl', 'orders') }}" in text
