"""Output files are written atomically, through segdsl/files.py only: complete or not at all,
an existing file's permissions kept, nothing temporary left behind, and a file that cannot be
written is a one-line error from every command that writes one."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from segdsl.cli import main
from segdsl.diagnostics import EngineError
from segdsl.files import OutputError, atomic_path, atomic_write_text
from tests.support.shop_fixture import AS_OF

ROOT = Path(__file__).parent.parent
SCHEMA = str(ROOT / "examples/shop/schema.yaml")
SEGMENTS = str(ROOT / "examples/shop/segments.seg")


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "new.seg", "segment a = true\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.seg").stat().st_mode) == 0o644


def test_a_replaced_file_keeps_its_permissions_and_its_line_ends(tmp_path: Path) -> None:
    file = tmp_path / "a.seg"
    file.write_text("old\n", encoding="utf-8")
    file.chmod(0o640)
    atomic_write_text(file, "segment a = true\r\n")
    assert stat.S_IMODE(file.stat().st_mode) == 0o640
    assert file.read_bytes() == b"segment a = true\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.seg"]


def test_a_failed_write_keeps_the_original_and_leaves_nothing(tmp_path: Path) -> None:
    file = tmp_path / "a.seg"
    file.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(file) as temp:
        temp.write_text("half", encoding="utf-8")
        # A writer may keep files of its own beside its output (DuckDB's write-ahead log).
        temp.with_name(temp.name + ".wal").write_text("log", encoding="utf-8")
        raise RuntimeError("the writer failed")
    assert file.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.seg"]


class _Stopped(Exception):
    """What segdsl/cli/common.py makes of a termination signal."""


@pytest.mark.parametrize("when", ["making the folder", "removing it"])
def test_a_signal_while_the_folder_is_made_or_removed_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """A signal that comes as the temporary folder is made or removed stops the command once
    the folder is gone (a test sending SIGTERM as soon as the folder appeared found it left).
    Removed after the rename, the file is whole."""

    def stop(_signum: int, _frame: object) -> None:
        raise _Stopped

    def with_signal(function: Any, after: bool) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            if not after:
                signal.raise_signal(signal.SIGTERM)
            result = function(*args, **kwargs)
            if after:
                signal.raise_signal(signal.SIGTERM)
            return result

        return call

    if when == "making the folder":
        monkeypatch.setattr(tempfile, "mkdtemp", with_signal(tempfile.mkdtemp, after=True))
    else:
        monkeypatch.setattr(shutil, "rmtree", with_signal(shutil.rmtree, after=False))
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(_Stopped), atomic_path(tmp_path / "members.csv") as temp:
            temp.write_text("1\n")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not any(tmp_path.glob(".members.csv.*"))


def test_a_missing_folder_is_an_output_error() -> None:
    with pytest.raises(OutputError, match=r"folder .* does not exist") as raised:
        atomic_write_text(Path("/nonexistent-folder/a.seg"), "")
    assert isinstance(raised.value, EngineError)  # shown as a one-line error by the CLI


@pytest.mark.parametrize(
    ("arguments", "stdin"),
    [
        (["run", "-e", "consent_email", "--out", "{missing}/members.csv"], None),
        (
            [
                *("history", SEGMENTS, "--segment", "vip", "--from", "2026-09-01"),
                *("--to", AS_OF.date().isoformat(), "--every", "1mo"),
                *("--chart", "{missing}/vip.html"),
            ],
            None,
        ),
        (["repl"], "consent_email\n.save mine {missing}/mine.seg\n"),
    ],
    ids=["run --out", "history --chart", "repl .save"],
)
def test_every_command_reports_an_unwritable_file_in_one_line(
    arguments: list[str], stdin: str | None, duckdb_file: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing"
    command = [part.replace("{missing}", str(missing)) for part in arguments]
    lines = stdin.replace("{missing}", str(missing)) if stdin else None
    result = CliRunner().invoke(
        main, [*command, "--schema", SCHEMA, "--db", str(duckdb_file)], input=lines
    )
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert f"cannot write {missing}/" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_demo_reports_an_unwritable_database_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "shop.duckdb"
    result = CliRunner().invoke(main, ["demo", "--customers", "10", "--db", str(target)])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"error[E608]: cannot write {target}: folder {target.parent} does not exist"
    )
