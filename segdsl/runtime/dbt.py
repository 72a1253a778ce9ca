"""Writing the dbt models of `segdsl dbt` (segdsl/sql/dbt.py makes their text) into a folder:
each file atomically and only when its text changed, so that regenerating from the same input
leaves the folder as it was. A file an earlier run generated for the same model set and this
run no longer does (a segment removed) is reported, and deleted only when asked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from segdsl.diagnostics import EngineError
from segdsl.files import atomic_write_text
from segdsl.sql.dbt import is_generated


@dataclass(frozen=True)
class WrittenModels:
    written: tuple[str, ...]  # new or changed
    unchanged: tuple[str, ...]
    stale: tuple[str, ...]  # generated earlier, not any more; kept
    deleted: tuple[str, ...]  # generated earlier, not any more; deleted (`prune`)


def write_models(directory: Path, files: dict[str, str], name: str, prune: bool) -> WrittenModels:
    """Write `files` (name → text) into `directory` (created if missing)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise EngineError(f"cannot create {directory}: {error.strerror or error}") from None
    written: list[str] = []
    unchanged: list[str] = []
    for file_name, text in files.items():
        path = directory / file_name
        if path.is_file() and path.read_bytes() == text.encode():
            unchanged.append(file_name)
            continue
        atomic_write_text(path, text)
        written.append(file_name)
    stale = sorted(
        path.name
        for path in directory.iterdir()
        if path.is_file() and path.name not in files and _generated(path, name)
    )
    if prune:
        for file_name in stale:
            (directory / file_name).unlink()
    return WrittenModels(
        tuple(written),
        tuple(unchanged),
        () if prune else tuple(stale),
        tuple(stale) if prune else (),
    )


def _generated(path: Path, name: str) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            return is_generated(handle.readline(), name)
    except (OSError, UnicodeDecodeError):
        return False
