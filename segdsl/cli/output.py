"""Results for people and programs: aligned tables, CSV and JSON, shares and instants, in one place
for every command. Every JSON shape has a schema in docs/schemas/ (docs/cli.md, Machine-readable
output)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import click

from segdsl.diagnostics import Diagnostic, render_all
from segdsl.semantics.types import utc_instant
from segdsl.tables import format_table

if TYPE_CHECKING:
    from segdsl.runtime.analytics import Measure
    from segdsl.runtime.engines import Database
    from segdsl.runtime.exports import Export
    from segdsl.semantics.schema import Schema


def share_text(count: int, total: int) -> str:
    return f"{100.0 * count / total:.1f}%" if total else "–"


def print_json(value: object) -> None:
    import json

    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def plain_value(value: object) -> object:
    """A database value as JSON and CSV give it: instants in RFC 3339 (UTC), dates in ISO 8601,
    decimals as numbers."""
    if isinstance(value, dt.datetime):
        return utc_instant(value).isoformat() + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def records(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[dict[str, object]]:
    return [
        {header: plain_value(value) for header, value in zip(headers, row, strict=True)}
        for row in rows
    ]


def emit(headers: Sequence[str], rows: Sequence[Sequence[object]], output_format: str) -> None:
    """A result as an aligned table, CSV or JSON (a list of objects)."""
    if output_format == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([plain_value(value) for value in row] for row in rows)
        click.echo(buffer.getvalue(), nl=False)
    elif output_format == "json":
        print_json(records(headers, rows))
    else:
        click.echo(format_table(headers, rows))


def print_errors(diagnostics: Sequence[Diagnostic], output_format: str | None, color: bool) -> None:
    """A command's errors. With `--format json`, `{"diagnostics": [...]}` on standard output,
    where a program reads the result it asked for; otherwise located text on standard error."""
    if output_format == "json":
        print_json({"diagnostics": [d.to_dict() for d in diagnostics]})
        return
    click.echo(render_all(diagnostics, color=color), err=True)
    count = sum(1 for d in diagnostics if d.is_error)
    if count > 1:
        click.echo(f"\n{count} errors", err=True)


def print_sizes(
    database: Database,
    schema: Schema,
    measures: Sequence[Measure],
    instant: dt.datetime | None,
    output_format: str = "table",
) -> None:
    """Member count and share of every measure, from one query."""
    from segdsl.runtime.analytics import sizes

    result = sizes(database, schema, measures, instant)
    rows = [
        (
            name,
            count,
            share_text(count, result.total)
            if output_format == "table"
            else ratio(count, result.total),
        )
        for name, count in result.counts.items()
    ]
    emit(("segment", "members", "share"), rows, output_format)
    if output_format == "table":
        click.echo(f"\n{result.total:,} customers")


def print_members(
    name: str,
    count: int,
    total: int,
    headers: Sequence[str],
    sample: Sequence[Sequence[object]],
    output_format: str,
) -> None:
    """One condition's or segment's members: the count, the share and a sample (CSV: the sample
    alone)."""
    if output_format == "json":
        print_json(
            {
                "segment": name,
                "members": count,
                "customers": total,
                "share": ratio(count, total),
                "sample": records(headers, sample),
            }
        )
    elif output_format == "csv":
        emit(headers, sample, output_format)
    else:
        click.echo(f"{count:,} members ({share_text(count, total)} of {total:,} customers)")
        if sample:
            click.echo(format_table(headers, sample))


def print_written(summary: str, export: Export, output_format: str) -> None:
    """What `--out` wrote: `summary` for people; for programs the file, its number of rows, its
    record's file, and for a channel how many members its consent rule removed."""
    record = None if export.metadata is None else str(export.metadata)
    values = {
        "file": str(export.file),
        "rows": export.rows,
        "metadata": record,
        "channel": export.channel,
        "removed": export.removed,
        "consent_override": export.consent_override,
    }
    if output_format == "table":
        click.echo(summary)
    elif output_format == "json":
        print_json(values)
    else:
        emit(tuple(values), [tuple(values.values())], output_format)


def ratio(count: int, total: int) -> float | None:
    return round(count / total, 6) if total else None


def instant_text(instant: dt.datetime) -> str:
    """A naive UTC instant as RFC 3339 (`2026-11-01T00:00:00Z`), as JSON and CSV write it."""
    return instant.isoformat(timespec="seconds") + "Z"
