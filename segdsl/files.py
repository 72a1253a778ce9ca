"""Writing output files atomically, the one way every writer does it (segment files rewritten by
`segdsl fmt` and `segdsl lint --fix`, the REPL's `.save`, `--out` rows and their record, charts,
the demo database): the file appears complete or not at all, and an existing file is replaced,
keeping its permissions, only once the new one is fully written and flushed to disk. Files
written together (an export and its record) appear together or not at all."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from segdsl.diagnostics import EngineError


class OutputError(EngineError):
    """An output file that cannot be written (missing folder, permissions, …)."""


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A path that does not exist yet, in a fresh hidden folder next to `path`, for the block
    to create its file at (the writer may add files of its own there, as DuckDB adds a
    write-ahead log); renamed onto `path` when the block succeeds. The folder is removed either
    way."""
    with atomic_paths([path]) as (temp,):
        yield temp


@contextlib.contextmanager
def atomic_paths(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """`atomic_path` for several files at once: they are renamed onto `paths` together when the
    block succeeds, so that all of them appear (or replace their old versions) or none does. An
    error in the block is told as one writing the first path."""
    workspaces: list[Path] = []
    try:
        for path in paths:
            # A signal between creating the folder and recording it would leave it behind.
            with _signals_deferred():
                workspaces.append(_workspace(path))
        temps = [workspace / path.name for workspace, path in zip(workspaces, paths, strict=True)]
        yield temps
        for temp, path in zip(temps, paths, strict=True):
            _flush_to_disk(temp)
            with contextlib.suppress(FileNotFoundError):
                temp.chmod(stat.S_IMODE(path.stat().st_mode))
        _rename_together(temps, paths)
    except OSError as error:
        raise OutputError(f"cannot write {paths[0]}: {error.strerror or error}") from None
    finally:
        with _signals_deferred():  # a signal would stop the removal halfway
            for workspace in workspaces:
                shutil.rmtree(workspace, ignore_errors=True)


def _workspace(path: Path) -> Path:
    directory = path.resolve().parent
    if not directory.is_dir():
        raise OutputError(f"cannot write {path}: folder {directory} does not exist")
    try:
        return Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory))
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


# Held back while files are renamed together, so that a stopped command leaves all of them or
# none (segdsl/cli/common.py turns these signals into exceptions).
_DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Signals that arrive during the block are handled after it, by their own handlers.
    Handlers run in the main thread only, so another thread needs nothing held back. (Blocking
    the signals would not do: the engines' own threads would still receive them.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    previous = {
        number: signal.signal(number, lambda signum, _frame: arrived.append(signum))
        for number in _DEFERRED_SIGNALS
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        for signum in arrived:
            signal.raise_signal(signum)


def _rename_together(temps: Sequence[Path], paths: Sequence[Path]) -> None:
    """Rename each temporary file onto its path; if one rename fails, the files already renamed
    are removed again."""
    renamed: list[Path] = []
    with _signals_deferred():
        for temp, path in zip(temps, paths, strict=True):
            try:
                os.replace(temp, path)
            except OSError as error:
                for done in renamed:
                    done.unlink(missing_ok=True)
                raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
            renamed.append(path)


def _flush_to_disk(file: Path) -> None:
    """So that after a crash the renamed file has its content, not nothing."""
    handle = os.open(file, os.O_RDWR)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextlib.contextmanager
def atomic_directory(path: Path) -> Iterator[Path]:
    """A folder for the block to fill, in a fresh hidden folder next to `path`; renamed to
    `path`, which must not exist, when the block succeeds, so that the folder appears with all
    its files or not at all."""
    workspace = _workspace(path)
    try:
        temp = workspace / path.name
        temp.mkdir()
        yield temp
        for file in temp.iterdir():
            _flush_to_disk(file)
        with _signals_deferred():
            os.rename(temp, path)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` as UTF-8, line ends exactly as given."""
    with atomic_path(path) as temp:
        temp.write_text(text, encoding="utf-8", newline="")
