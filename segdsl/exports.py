"""Writing a query's rows to a CSV or Parquet file (`segdsl run --out`), atomically.

DuckDB writes the file itself (`COPY … TO`), so neither format needs pyarrow there; the rows of
every other engine are streamed in batches to the file, Parquet through pyarrow (the `parquet`
extra). Either way the file appears complete or not at all (segdsl/files.py).
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlglot import exp

from .dialects import DIALECTS
from .engines import Database, EngineError, QueryResult
from .files import OutputError, atomic_path

FORMATS = {".csv": "CSV", ".parquet": "PARQUET"}


def write_rows(database: Database, query: exp.Query, path: Path) -> int:
    """Write the rows of `query` to `path` (.csv or .parquet, with a header row / the column
    names); returns the number of rows."""
    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise EngineError(f"cannot write {path}: the file name must end in .csv or .parquet")
    dialect = DIALECTS[database.dialect]
    try:
        with atomic_path(path) as temp:
            if database.dialect == "duckdb":
                return _duckdb_copy(database, query, temp, file_format)
            if file_format == "PARQUET":
                # Checked before the query runs: a missing pyarrow costs no query.
                _require_pyarrow(database.display_name)
                return _stream_parquet(database.query(dialect.sql(query)), temp)
            return _stream_csv(database.query(dialect.sql(query)), temp)
    except OutputError as error:
        raise EngineError(str(error)) from None


def _duckdb_copy(database: Database, query: exp.Query, path: Path, file_format: str) -> int:
    options = [exp.CopyParameter(this=exp.var("FORMAT"), expression=exp.var(file_format))]
    if file_format == "CSV":
        options.append(exp.CopyParameter(this=exp.var("HEADER"), expression=exp.true()))
    copy = exp.Copy(
        this=exp.paren(query, copy=False),
        kind=False,  # COPY … TO
        files=[exp.Literal.string(str(path))],
        params=options,
    )
    # COPY answers with one row: how many rows it wrote.
    rows = [row for batch in database.query(DIALECTS["duckdb"].sql(copy)).batches for row in batch]
    return int(rows[0][0])


def _stream_csv(result: QueryResult, path: Path) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        # Line ends as DuckDB's COPY writes them, so a file does not depend on the engine.
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(result.columns)
        for batch in result.batches:
            writer.writerows(batch)
            count += len(batch)
    return count


def _require_pyarrow(source: str) -> None:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise EngineError(
            f"writing Parquet from {source} needs pyarrow: pip install 'segdsl[parquet]' "
            "(or write .csv)"
        ) from None


def _stream_parquet(result: QueryResult, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    count = 0
    writer = None
    try:
        for batch in result.batches:
            columns = list(zip(*batch, strict=True)) if batch else [()] * len(result.columns)
            table = pa.table(
                {name: list(values) for name, values in zip(result.columns, columns, strict=True)}
            )
            if writer is None:
                writer = pq.ParquetWriter(str(path), table.schema)
            writer.write_table(table)
            count += len(batch)
        if writer is None:
            empty = pa.table({name: pa.array([], pa.int64()) for name in result.columns})
            pq.write_table(empty, str(path))
    finally:
        if writer is not None:
            writer.close()
    return count
