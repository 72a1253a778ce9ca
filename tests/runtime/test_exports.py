"""An export and its record are written together (segdsl/files.py `atomic_paths`): both files
appear or neither, also when a rename fails or a signal arrives while they are renamed."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from segdsl.files import OutputError, atomic_paths


class HungUp(BaseException):
    pass


@pytest.fixture
def hangup_raises() -> Iterator[None]:
    """SIGHUP raises, as the CLI's handler makes it (segdsl/cli/common.py)."""

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise HungUp

    previous = signal.signal(signal.SIGHUP, stop)
    yield
    signal.signal(signal.SIGHUP, previous)


def test_files_appear_together(tmp_path: Path) -> None:
    paths = [tmp_path / "members.csv", tmp_path / "members.csv.meta.json"]
    with atomic_paths(paths) as temps:
        for temp, text in zip(temps, ["customer_id\n1\n", "{}\n"], strict=True):
            temp.write_text(text)
        assert not any(path.exists() for path in paths)
    assert [path.read_text() for path in paths] == ["customer_id\n1\n", "{}\n"]
    assert sorted(tmp_path.iterdir()) == sorted(paths)


def test_a_failed_rename_takes_back_the_files_renamed_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / "members.csv", tmp_path / "members.csv.meta.json"]
    replace = os.replace

    def fail_on_the_record(source: Path, target: Path) -> None:
        if Path(target).name.endswith(".meta.json"):
            raise PermissionError(13, "Permission denied")
        replace(source, target)

    monkeypatch.setattr(os, "replace", fail_on_the_record)
    with (
        pytest.raises(OutputError, match=r"cannot write .*members\.csv\.meta\.json"),
        atomic_paths(paths) as temps,
    ):
        for temp in temps:
            temp.write_text("x")
    assert list(tmp_path.iterdir()) == []


def test_a_signal_during_the_renames_arrives_after_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hangup_raises: None
) -> None:
    paths = [tmp_path / "members.parquet", tmp_path / "members.parquet.meta.json"]
    replace = os.replace

    def hang_up_after_the_first(source: Path, target: Path) -> None:
        replace(source, target)
        if Path(target) == paths[0]:
            os.kill(os.getpid(), signal.SIGHUP)

    monkeypatch.setattr(os, "replace", hang_up_after_the_first)
    with pytest.raises(HungUp), atomic_paths(paths) as temps:
        for temp in temps:
            temp.write_text("x")
    assert all(path.read_text() == "x" for path in paths)
    assert sorted(tmp_path.iterdir()) == sorted(paths)


def test_an_error_while_writing_leaves_nothing(tmp_path: Path) -> None:
    paths = [tmp_path / "members.csv", tmp_path / "members.csv.meta.json"]
    with pytest.raises(KeyboardInterrupt), atomic_paths(paths) as temps:
        temps[0].write_text("customer_id\n")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
