"""Exports (`segdsl run --out`, `segdsl.export`): a query's rows written to a CSV or Parquet file
with a record of what the file holds and how it was made; and a segment's members exported for a
channel, every one of whom meets the channel's consent rule (docs/exports.md).

DuckDB writes the file itself (`COPY … TO`), so neither format needs pyarrow there; the rows of
every other engine are streamed in batches to the file, Parquet through pyarrow (the `parquet`
extra). Either way the file and its record appear complete, together, or not at all
(segdsl/files.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlglot import exp

from segdsl import errors
from segdsl.diagnostics import Diagnostic, SegdslError, Source, Span, did_you_mean
from segdsl.files import atomic_paths
from segdsl.runtime.engines import Database, EngineError, QueryResult
from segdsl.semantics import ir
from segdsl.semantics.checker import check_condition
from segdsl.semantics.schema import Schema
from segdsl.semantics.types import utc_instant
from segdsl.sql.dialects import DIALECTS

FORMATS = {".csv": "CSV", ".parquet": "PARQUET"}
# The key under which a Parquet file's key-value metadata holds the export's record.
METADATA_KEY = "segdsl"

Record = Callable[[int], dict[str, object]]
"""An export's record (docs/schemas/export-metadata.json), given the number of rows written."""


def metadata_path(path: Path) -> Path:
    """Where the record of the export `path` is written: `F.meta.json` next to `F`."""
    return path.with_name(path.name + ".meta.json")


def public_attributes(schema: Schema) -> tuple[str, ...]:
    """The attributes `run` shows with its sample of members, and `--columns '*'` names: not the
    key, not PII."""
    return tuple(
        name for name, column in schema.attributes.items() if not column.pii and name != schema.key
    )


def chosen_attributes(named: Sequence[tuple[str, Span | None]], schema: Schema) -> tuple[str, ...]:
    """The attributes named (each with where it is written, for messages), in their order and
    once each; `*` stands for every one that is not PII, so personal data is written only when
    named. The key, always the first column, may be named too. An unknown name is E607."""
    known = [name for name in schema.attributes if name != schema.key]
    chosen: list[str] = []
    problems: list[Diagnostic] = []
    for name, span in named:
        if name == "*":
            chosen.extend(public_attributes(schema))
        elif name in known:
            chosen.append(name)
        elif name != schema.key:
            hints = did_you_mean(name, known) or ("attributes: " + ", ".join(known),)
            if name in schema.metrics:
                hints = (f"'{name}' is a metric; the columns are attributes of the customer table",)
            problems.append(Diagnostic(errors.E607, f"unknown column '{name}'", span, hints=hints))
    if problems:
        raise SegdslError(problems)
    return tuple(dict.fromkeys(chosen))


@dataclass(frozen=True)
class Consent:
    """A channel's consent rule, checked against the schema, and whether an export applies it:
    `checked=False` is `--no-consent-check`, which the export's record keeps."""

    channel: str
    rule: ir.Cond
    text: str  # the rule as the schema writes it
    checked: bool = True

    def applied_to(self, condition: ir.Cond) -> ir.Cond:
        """The members of `condition` who meet the rule, as one condition: its query reads each
        event table once for both."""
        return ir.And((condition, self.rule))


def channel_consent(
    schema: Schema, name: str, *, checked: bool = True, option: str | None = None
) -> Consent:
    """The consent rule of the schema's channel `name`. An unknown channel is E613, located in
    the text of the command-line `option` (`--channel`) when it was given there."""
    channel = schema.channels.get(name)
    if channel is None:
        known = list(schema.channels)
        hints = did_you_mean(name, known) or (
            ("channels: " + ", ".join(known),)
            if known
            else ("the schema defines no channels: add a `channels:` section (docs/schema.md)",)
        )
        span = None if option is None else Span(Source(option, name), 0, len(name))
        message = f"unknown channel '{name}'"
        raise SegdslError([Diagnostic(errors.E613, message, span, hints=hints)])
    return Consent(name, check_condition(channel.rule, schema), channel.rule.span.text, checked)


@dataclass(frozen=True)
class Subject:
    """What an export holds, as its record tells it: the members of a segment or condition
    (`members`), every customer's label of a partition, or a segment file's membership table."""

    kind: Literal["members", "partition", "membership"]
    segment: str | None = None  # the segment's or partition's name; None for -e EXPR
    condition: str | None = None  # the condition's text, for members
    file: str | None = None  # the segment file it comes from


@dataclass(frozen=True)
class Export:
    """What an export wrote."""

    file: Path
    rows: int
    """The rows of the file, under its header."""
    metadata: Path | None
    """The record's file, `F.meta.json`; None when none was written."""
    channel: str | None
    removed: int | None
    """How many members the channel's consent rule kept out of the file; None without a
    channel, or when the check was overridden."""
    consent_override: bool
    """The channel's consent rule was not applied (`consent_check=False`)."""


def export_instant(as_of: dt.datetime | None) -> dt.datetime:
    """The instant an export is evaluated as of: `as_of`, else now (UTC, whole seconds). Every
    query of one export uses it, so its counts agree, and its record tells it."""
    if as_of is not None:
        return utc_instant(as_of)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def export_members(
    database: Database,
    schema: Schema,
    condition: ir.Cond,
    subject: Subject,
    path: Path,
    *,
    as_of: dt.datetime,
    attributes: Sequence[str] = (),
    consent: Consent | None = None,
    metadata: bool = True,
) -> Export:
    """Write the members of `condition` (their keys and `attributes`) to `path`. With a
    `consent` that is checked, only the members who meet its rule, and the others are counted
    first (one query for both counts)."""
    from segdsl.runtime.analytics import Measure, sizes
    from segdsl.sql.queries import members_table_query

    exported, removed = condition, None
    if consent is not None and consent.checked:
        exported = consent.applied_to(condition)
        measures = [Measure("members", condition), Measure("consenting", exported)]
        counts = sizes(database, schema, measures, as_of).counts
        removed = counts["members"] - counts["consenting"]
    dialect = DIALECTS[database.dialect]
    query = members_table_query(exported, schema, dialect, as_of, attributes)
    return write_export(
        database,
        schema,
        query,
        subject,
        path,
        as_of=as_of,
        consent=consent,
        removed=removed,
        metadata=metadata,
    )


def write_export(
    database: Database,
    schema: Schema,
    query: exp.Query,
    subject: Subject,
    path: Path,
    *,
    as_of: dt.datetime,
    consent: Consent | None = None,
    removed: int | None = None,
    metadata: bool = True,
) -> Export:
    """Write the rows of `query` to `path`, and unless `metadata` is off its record to
    `F.meta.json` (and into a Parquet file's key-value metadata). Without a record, a
    `F.meta.json` left by an earlier export is removed: it would tell of another file."""
    from segdsl.resources import installed_version

    created_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    override = consent is not None and not consent.checked

    def record(rows: int) -> dict[str, object]:
        return {
            "kind": subject.kind,
            "segment": subject.segment,
            "condition": subject.condition,
            "segment_file": subject.file,
            "schema_file": None if schema.path is None else str(schema.path),
            "schema_sha256": schema.digest,
            "as_of": _instant(as_of),
            "engine": database.engine,
            "dialect": database.dialect,
            "rows": rows,
            "channel": None if consent is None else consent.channel,
            "consent_rule": None if consent is None else consent.text,
            "consent_override": override,
            "removed_by_consent": removed,
            "segdsl_version": installed_version(),
            "created_at": _instant(created_at),
        }

    rows = write_rows(database, query, path, record if metadata else None)
    if not metadata:
        try:
            metadata_path(path).unlink(missing_ok=True)
        except OSError as error:
            raise EngineError(
                f"wrote {path}, but cannot remove the outdated {metadata_path(path)}: "
                f"{error.strerror or error}"
            ) from None
    return Export(
        path,
        rows,
        metadata_path(path) if metadata else None,
        None if consent is None else consent.channel,
        removed,
        override,
    )


def _instant(value: dt.datetime) -> str:
    return utc_instant(value).isoformat() + "Z"


def record_text(record: dict[str, object]) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def write_rows(
    database: Database, query: exp.Query, path: Path, record: Record | None = None
) -> int:
    """Write the rows of `query` to `path` (.csv or .parquet, with a header row / the column
    names); returns the number of rows. With `record`, its record for that number of rows goes
    to `F.meta.json` and, in a Parquet file, into its key-value metadata under `segdsl`: the two
    files appear together or neither does."""
    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise EngineError(f"cannot write {path}: the file name must end in .csv or .parquet")
    dialect = DIALECTS[database.dialect]
    paths = [path] if record is None else [path, metadata_path(path)]
    with atomic_paths(paths) as temps:
        if database.dialect == "duckdb":
            rows = _duckdb_copy(database, query, temps, file_format, record)
        elif file_format == "PARQUET":
            # Checked before the query runs: a missing pyarrow costs no query.
            require_pyarrow(database.display_name)
            rows = _stream_parquet(database.query(dialect.sql(query)), temps[0], record)
        else:
            rows = _stream_csv(database.query(dialect.sql(query)), temps[0])
        if record is not None:
            temps[1].write_text(record_text(record(rows)), encoding="utf-8")
        return rows


def _duckdb_copy(
    database: Database,
    query: exp.Query,
    temps: Sequence[Path],
    file_format: str,
    record: Record | None,
) -> int:
    if file_format != "PARQUET" or record is None:
        return _copy(database, query, temps[0], file_format)
    # COPY takes the key-value metadata before it writes, but the record holds the number of
    # rows: the rows go to the record's temporary file first, then are copied with the record.
    rows = _copy(database, query, temps[1], file_format)
    written = exp.func("read_parquet", exp.Literal.string(str(temps[1])))
    staged = exp.select(exp.Star()).from_(written)
    kv = exp.Struct(
        expressions=[
            exp.PropertyEQ(
                this=exp.to_identifier(METADATA_KEY),
                expression=exp.Literal.string(record_text(record(rows))),
            )
        ]
    )
    _copy(database, staged, temps[0], file_format, kv)
    return rows


def _copy(
    database: Database,
    query: exp.Query,
    path: Path,
    file_format: str,
    kv_metadata: exp.Struct | None = None,
) -> int:
    options = [exp.CopyParameter(this=exp.var("FORMAT"), expression=exp.var(file_format))]
    if file_format == "CSV":
        options.append(exp.CopyParameter(this=exp.var("HEADER"), expression=exp.true()))
    if kv_metadata is not None:
        options.append(exp.CopyParameter(this=exp.var("KV_METADATA"), expression=kv_metadata))
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


def require_pyarrow(source: str) -> None:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise EngineError(
            f"writing Parquet from {source} needs pyarrow: pip install 'segdsl[parquet]' "
            "(or write .csv)"
        ) from None


def _stream_parquet(result: QueryResult, path: Path, record: Record | None) -> int:
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
            writer = pq.ParquetWriter(str(path), empty.schema)
            writer.write_table(empty)
        if record is not None:
            writer.add_key_value_metadata({METADATA_KEY: record_text(record(count))})
    finally:
        if writer is not None:
            writer.close()
    return count
