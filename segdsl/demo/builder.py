"""`segdsl demo`: the example shop in an embedded DuckDB file, built atomically."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from segdsl.files import atomic_path
from segdsl.runtime.engines import EngineError, cancellable

DEMO_MARKER = "segdsl_demo"


def is_demo_database(path: Path) -> bool:
    """Whether `path` is a DuckDB file `segdsl demo` built."""
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

    from segdsl.demo.shop import build_shop

    if path.exists() and not is_demo_database(path):
        raise EngineError(
            f"{path} exists and is not a segdsl demo database; not overwriting it",
            hint="choose another file with --db",
        )
    with atomic_path(path) as temp, duckdb.connect(str(temp)) as con:

        def build() -> dict[str, int]:
            counts = build_shop(
                con, customers=customers, seed=seed, anchor=anchor, progress=progress
            )
            con.execute(
                f"CREATE TABLE {DEMO_MARKER} (anchor TIMESTAMP, customers BIGINT, seed BIGINT)"
            )
            con.execute(f"INSERT INTO {DEMO_MARKER} VALUES (?, ?, ?)", [anchor, customers, seed])
            con.execute("CHECKPOINT")
            return counts

        # Ctrl-C stops the statement running, and atomic_path leaves no file behind.
        counts = cancellable(build, con.interrupt)
    return counts
