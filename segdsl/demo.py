"""`segdsl demo`: the example shop in an embedded DuckDB file, built atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .engines import EngineError

DEMO_MARKER = "segdsl_demo"


def _is_demo_database(path: Path) -> bool:
    import duckdb

    try:
        with duckdb.connect(str(path), read_only=True) as con:
            found = con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                [DEMO_MARKER],
            ).fetchone()
    except duckdb.Error:
        return False
    return bool(found and found[0])


def build_demo_database(
    path: Path,
    *,
    customers: int,
    seed: int,
    anchor: dt.datetime,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Build the shop into a temporary file next to `path`, then rename it into place. An
    existing file is replaced only if it is itself a segdsl demo database."""
    import duckdb

    from .shopdata import build_shop

    if path.exists() and not _is_demo_database(path):
        raise EngineError(
            f"{path} exists and is not a segdsl demo database; not overwriting it",
            hint="choose another file with --db",
        )
    directory = path.resolve().parent
    if not directory.is_dir():
        raise EngineError(f"folder {directory} does not exist")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(handle)
    temp = Path(temp_name)
    temp.unlink()  # DuckDB must create the file itself
    try:
        with duckdb.connect(str(temp)) as con:
            counts = build_shop(
                con, customers=customers, seed=seed, anchor=anchor, progress=progress
            )
            con.execute(
                f"CREATE TABLE {DEMO_MARKER} (anchor TIMESTAMP, customers BIGINT, seed BIGINT)"
            )
            con.execute(f"INSERT INTO {DEMO_MARKER} VALUES (?, ?, ?)", [anchor, customers, seed])
            con.execute("CHECKPOINT")
        os.replace(temp, path)
    finally:
        for leftover in (temp, temp.with_name(temp.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return counts
