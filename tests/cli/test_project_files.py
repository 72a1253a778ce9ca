"""One rule finds the project file for every command (docs/cli.md, "Project files"): from the
folder of the first FILE or PATH given, else from the current folder, upward. Each command runs
on a copy of examples/shop (with its segdsl.toml and a demo database) from three places: the
root above it, naming a file inside it; inside it; and an unrelated folder, naming the file by
its absolute path. The demo's closing hint follows the same rule."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from segdsl.cli import main
from segdsl.demo.builder import build_demo_database
from segdsl.limits import DEFAULT_LIMITS, use_limits

ROOT = Path(__file__).parents[2]
LOCATIONS = ["root", "inside", "elsewhere"]
# The project's [limits] allow 30 list items: only fmt reads nothing else from it.
LONG_LIST = "segment many = purchases in [" + ", ".join(map(str, range(31))) + "]\n"

# Each command on a file of the project (`@` stands for its folder, as written from where the
# command runs), and what it prints when it has found the project's schema, database and limits.
AS_OF = ["--as-of", "2026-11-01"]
COMMANDS: dict[str, tuple[list[str], str]] = {
    "check": (["check", "@segments.seg"], ": ok ("),
    "compile": (["compile", "@segments.seg", "--segment", "vip", *AS_OF], "SELECT"),
    "run": (["run", "@segments.seg", "--segment", "vip", *AS_OF], " members ("),
    "overlap": (["overlap", "@segments.seg", *AS_OF], "jaccard"),
    "history": (["history", "@segments.seg", "--segment", "vip", "--from", "2026-10-01"], "as of"),
    "report": (["report", "@segments.seg", "--segment", "vip", *AS_OF], "open_rate"),
    "lint": (["lint", "@segments.seg"], "All checks passed!"),
    "fmt": (["fmt", "--check", "@many.seg"], "error[E112]"),
}


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder like the repository: examples/shop with its project file and a demo shop."""
    root = tmp_path_factory.mktemp("repository")
    shop = root / "examples" / "shop"
    shutil.copytree(ROOT / "examples" / "shop", shop, ignore=shutil.ignore_patterns("*.duckdb*"))
    with (shop / "segdsl.toml").open("a") as toml:
        toml.write("\n[limits]\nlist_items = 30\n")
    (shop / "many.seg").write_text(LONG_LIST)
    build_demo_database(
        shop / "shop.duckdb", customers=300, seed=1, anchor=dt.datetime(2026, 11, 1)
    )
    return root


@pytest.fixture(autouse=True)
def default_limits() -> Iterator[None]:
    yield
    use_limits(DEFAULT_LIMITS)  # a command leaves its project's limits in force


def _invoke(
    location: str,
    repository: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    input: str | None = None,
) -> Result:
    """Run `segdsl ARGS` from `location`, `@` in ARGS naming the project's folder as someone
    there would."""
    shop = repository / "examples" / "shop"
    folder, prefix = {
        "root": (repository, "examples/shop/"),
        "inside": (shop, ""),
        "elsewhere": (tmp_path, f"{shop}/"),
    }[location]
    monkeypatch.chdir(folder)
    return CliRunner().invoke(main, [a.replace("@", prefix) for a in args], input=input)


@pytest.mark.parametrize("location", LOCATIONS)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_finds_the_project_of_its_file(
    command: str,
    location: str,
    repository: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args, found = COMMANDS[command]
    result = _invoke(location, repository, tmp_path, monkeypatch, args)
    assert found.lower() in result.output.lower(), result.output


@pytest.mark.parametrize("location", LOCATIONS)
def test_the_repl_finds_the_project_of_the_current_folder(
    location: str, repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The REPL takes no FILE: its project is the current folder's."""
    result = _invoke(location, repository, tmp_path, monkeypatch, ["repl"], "purchases >= 1\n")
    if location == "inside":
        assert " members (" in result.output, result.output
    else:
        assert result.exit_code == 1 and "error[E603]: no schema given" in result.output


@pytest.mark.parametrize("location", ["repository", "inside", "elsewhere"])
def test_the_demo_closes_with_a_command_that_runs_as_printed(
    location: str, repository: Path, tmp_path: Path
) -> None:
    """`next: segdsl run …`: inside the shop's project, without --schema and --db (the project
    names them); elsewhere with them, each path as short as it can be written from there."""
    folder = {"repository": ROOT, "inside": repository / "examples" / "shop", "elsewhere": tmp_path}
    # Built in the project, or in a temporary folder (not in this repository).
    database = "shop.duckdb" if location == "inside" else str(tmp_path / "demo.duckdb")
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }

    def shell(command: str) -> str:
        done = subprocess.run(
            command,
            shell=True,
            cwd=folder[location],
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    built = shell(f"segdsl demo --customers 300 --anchor 2026-11-01 --db {database}")
    command = built.rpartition("next: ")[2].strip()

    def shortest(path: Path) -> str:  # as written from the folder the command runs in
        relative = os.path.relpath(path, folder[location])
        return min(relative, str(path), key=len)

    schema = ROOT / "examples/shop/schema.yaml"
    options = {
        "repository": f"--schema {shortest(schema)} --db {shortest(Path(database))}",
        "inside": "",
        "elsewhere": f"--schema {shortest(schema)} --db demo.duckdb",
    }[location]
    expected = (
        "segdsl run -e 'purchases >= 2 and last_open < 30d and country in EU' "
        f"{options} --as-of 2026-11-01"
    )
    assert command == " ".join(expected.split())
    assert " members (" in shell(command)
