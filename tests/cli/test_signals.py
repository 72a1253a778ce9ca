"""Ctrl-C, pressed in a pseudo-terminal while a command works: the engine's query is cancelled
(on a server: it no longer runs there), nothing partial is left behind, the message is one line,
`interrupted`, and the exit status is 130 (docs/cli.md, "Interrupting a command"). Each test
waits for signs that the command is at work (a progress bar, a temporary output file, the
database file open, the engine computing, the query waiting on the server), never for a fixed
time."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner

from segdsl.cli import main
from segdsl.semantics.reference import Dataset
from tests.support.waiting import WaitingShop, computing, has_open, wait_until, waiting_shop

ROOT = Path(__file__).parents[2]
SCHEMA = str(ROOT / "examples/shop/schema.yaml")
ENGINES = ["duckdb", "sqlite", "postgres", "mysql"]


@pytest.fixture(params=ENGINES)
def shop(request: pytest.FixtureRequest, dataset: Dataset, tmp_path: Path) -> Iterator[WaitingShop]:
    waiting = waiting_shop(request.param, dataset, tmp_path)
    yield waiting
    waiting.close()


def _spawn(*args: str, cwd: Path) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "segdsl", *args],
        cwd=str(cwd),
        env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm"},
        timeout=120,
        encoding="utf-8",
        dimensions=(24, 200),
    )


def _ctrl_c(child: pexpect.spawn) -> list[str]:
    """Press Ctrl-C; the lines the program printed until it ended (without terminal controls
    and the `^C` the terminal echoes)."""
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before).replace("^C", "")
    assert "Traceback" not in text, text
    return [line.strip() for line in text.splitlines() if line.strip()]


def _at_work(shop: WaitingShop, child: pexpect.spawn, sign: Callable[[], bool]) -> None:
    """Wait until the command runs its query: on a server, the query waits there; in this
    process, after `sign`, the engine computes."""

    def started() -> bool:
        if shop.kind in ("postgres", "mysql"):
            return shop.sleeping() == 1
        return sign() and computing(child.pid)

    wait_until(lambda: started() or not child.isalive(), "the command runs its query")
    assert child.isalive(), child.read()


def _database_file(shop: WaitingShop) -> Path:
    return Path(shop.url.removeprefix("sqlite:///"))


def test_history_of_many_instants(shop: WaitingShop, tmp_path: Path) -> None:
    child = _spawn(
        "history",
        "-e",
        "purchases >= 1",
        "--from",
        "2025-01-01",
        "--to",
        "2026-11-01",
        "--every",
        "1d",
        "--schema",
        SCHEMA,
        "--db",
        shop.url,
        cwd=tmp_path,
    )
    _at_work(shop, child, lambda: has_open(child.pid, _database_file(shop)))
    assert _ctrl_c(child) == ["interrupted"]
    assert shop.sleeping() == 0  # cancelled on the server, not only abandoned


def test_run_out_leaves_no_file(shop: WaitingShop, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    child = _spawn(
        "run",
        "-e",
        "consent_email",
        "--schema",
        SCHEMA,
        "--db",
        shop.url,
        "--out",
        str(folder / "members.csv"),
        cwd=tmp_path,
    )
    _at_work(shop, child, lambda: any(folder.iterdir()))  # the temporary output file
    assert _ctrl_c(child) == ["interrupted"]
    assert shop.sleeping() == 0
    assert list(folder.iterdir()) == []  # neither the file nor its temporary


def test_demo_leaves_no_half_built_database(tmp_path: Path) -> None:
    child = _spawn("demo", "--customers", "2000000", "--db", "shop.duckdb", cwd=tmp_path)
    child.expect("building the example shop: ")  # a first step is done, the next one runs
    wait_until(lambda: computing(child.pid), "DuckDB builds the next table")
    progress_bar = re.compile(r"\[[#-]+\]\s+\d+%")
    lines = _ctrl_c(child)
    assert [line for line in lines if not progress_bar.search(line)] == ["interrupted"]
    assert list(tmp_path.iterdir()) == []  # no database, no temporary file, no write-ahead log


# Every command that reads a project file, as far as its search for it.
EVERY_COMMAND = {
    "check": ["check", "-e", "consent_email"],
    "compile": ["compile", "-e", "consent_email"],
    "run": ["run", "-e", "consent_email"],
    "overlap": ["overlap", "segments.seg"],
    "history": ["history", "-e", "consent_email", "--from", "2026-01-01"],
    "report": ["report", "-e", "consent_email"],
    "repl": ["repl"],
    "fmt": ["fmt", "-"],
    "lint": ["lint", "."],
}


@pytest.mark.parametrize("args", EVERY_COMMAND.values(), ids=list(EVERY_COMMAND))
def test_every_command_ends_in_one_line(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wherever Ctrl-C finds a command (here: looking for its project file), the same end."""

    def ctrl_c(_paths: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("segdsl.cli.common.project_for", ctrl_c)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.output) == (130, "interrupted\n")
