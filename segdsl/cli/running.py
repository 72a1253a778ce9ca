"""`segdsl run`: a segment's members on a database, counted, sampled or written to a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from segdsl.cli.common import (
    as_of_option,
    checked_file,
    db_option,
    expr_option,
    format_option,
    handle_errors,
    measures_for,
    open_database,
    parse_as_of,
    project_settings,
    schema_for,
    schema_option,
    segment_option,
    timeout_option,
)
from segdsl.cli.output import print_members, print_sizes, print_written
from segdsl.diagnostics import Source, Span

if TYPE_CHECKING:
    from segdsl.runtime.exports import Export, Subject
    from segdsl.semantics import ir
    from segdsl.semantics.schema import Schema


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@expr_option
@segment_option
@schema_option
@db_option
@as_of_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to F.csv or F.parquet (atomically): the members' keys of -e EXPR or "
    "--segment NAME (and --columns); for a partition, every customer's key and label; for a "
    "FILE without --segment, every customer with a 1/0 column per segment and a label column "
    "per partition.",
)
@click.option(
    "--columns",
    metavar="A,B",
    help="Attributes to show or write with the members' keys, by schema name; `*`: every "
    "attribute that is not PII (default for the sample). PII only when named.",
)
@click.option(
    "--channel",
    metavar="NAME",
    help="Write the members for this channel of the schema: only those who meet its consent "
    "rule; the others are counted and reported.",
)
@click.option(
    "--no-consent-check",
    "consent_check",
    flag_value=False,
    default=True,
    help="Write every member for --channel, consenting or not: warned about on stderr and "
    "recorded in the export's metadata.",
)
@click.option(
    "--no-metadata",
    "metadata",
    flag_value=False,
    default=True,
    help="Write no F.meta.json record with --out (removes one an earlier export left).",
)
@click.option(
    "--sample",
    default=10,
    show_default=True,
    type=click.IntRange(min=0),
    help="How many members to show.",
)
@timeout_option
@format_option
@handle_errors
def run(
    file: str | None,
    expr: str | None,
    segment: str | None,
    schema_path: str | None,
    db: str | None,
    as_of: str | None,
    out: str | None,
    columns: str | None,
    channel: str | None,
    consent_check: bool,
    metadata: bool,
    sample: int,
    timeout: float | None,
    output_format: str,
) -> None:
    """Evaluate a segment on a database: member count and a sample, or write them to a file.
    With a FILE (and no --segment) or a partition, the size of every segment and partition
    label, from one query. With a FILE and -e EXPR, the condition may use FILE's segments."""
    from segdsl.runtime.analytics import sizes
    from segdsl.runtime.exports import (
        Subject,
        channel_consent,
        export_instant,
        export_members,
        public_attributes,
        write_export,
    )
    from segdsl.sql.dialects import DIALECTS
    from segdsl.sql.queries import members_table_query, membership_query

    project = project_settings(file)
    instant = parse_as_of(as_of)
    schema = schema_for(schema_path, project)
    chosen = None if columns is None else chosen_columns(columns, schema)
    checked = checked_file(file, schema) if file is not None and expr is None else None
    measures = measures_for(expr, file, segment, schema, checked)
    # A whole file, or a partition: every customer is in the answer (a column or a label each).
    every_customer = checked is not None and (segment is None or segment in checked.partitions)
    if every_customer and chosen is not None:
        raise click.UsageError(
            "--columns applies to the members of -e EXPR or of --segment SEGMENT, not to the "
            "sizes or the membership table of a file or partition"
        )
    check_export_options(out, every_customer, channel, consent_check, metadata)
    consent = (
        None
        if channel is None
        else channel_consent(schema, channel, checked=consent_check, option="--channel")
    )
    with open_database(db, project, timeout, schema) as database:
        dialect = DIALECTS[database.dialect]
        if every_customer and out is not None:
            assert checked is not None and file is not None
            pinned = export_instant(instant)
            query = membership_query(checked, schema, dialect, pinned, segment)
            subject = Subject("membership" if segment is None else "partition", segment, None, file)
            export = write_export(
                database, schema, query, subject, Path(out), as_of=pinned, metadata=metadata
            )
            if segment is None:
                described = f"{len(query.expressions) - 1} segment columns"
            else:
                described = f"their {segment} label"
            summary = f"wrote {export.rows:,} customers with {described} to {out}"
            print_written(summary, export, output_format)
            return
        if every_customer:
            print_sizes(database, schema, measures, instant, output_format)
            return
        target = measures[0]
        if out is not None:
            if consent is not None and not consent.checked:
                warn_consent_override(consent.channel, out)
            subject = exported_subject(target.name, target.condition, expr, file)
            export = export_members(
                database,
                schema,
                target.condition,
                subject,
                Path(out),
                as_of=export_instant(instant),
                attributes=chosen or (),
                consent=consent,
                metadata=metadata,
            )
            print_written(members_summary(export, out), export, output_format)
            return
        shown = public_attributes(schema) if chosen is None else chosen
        result = sizes(database, schema, [target], instant)
        count = result.counts[target.name]
        rows: list[tuple[object, ...]] = []
        if sample and count:
            query = members_table_query(target.condition, schema, dialect, instant, shown, sample)
            rows = [
                tuple(row) for batch in database.query(dialect.sql(query)).batches for row in batch
            ]
        headers = (schema.key, *shown)
        print_members(target.name, count, result.total, headers, rows, output_format)


def check_export_options(
    out: str | None, every_customer: bool, channel: str | None, consent_check: bool, metadata: bool
) -> None:
    """--channel, --no-consent-check and --no-metadata go with --out; a channel with the
    members of a condition or segment; an override of consent with the record that keeps it."""
    if out is None:
        given = [
            option
            for option, used in (
                ("--channel", channel is not None),
                ("--no-consent-check", not consent_check),
                ("--no-metadata", not metadata),
            )
            if used
        ]
        if given:
            raise click.UsageError(f"{given[0]} applies to an export: add --out F")
    if channel is not None and every_customer:
        raise click.UsageError(
            "--channel applies to the members of -e EXPR or of --segment SEGMENT, not to the "
            "membership table of a file or partition"
        )
    if not consent_check and channel is None:
        raise click.UsageError(
            "--no-consent-check overrides the consent rule of a channel: give --channel NAME"
        )
    if not consent_check and not metadata:
        raise click.UsageError(
            "--no-consent-check is recorded in the export's metadata: it cannot be combined "
            "with --no-metadata"
        )


def warn_consent_override(channel: str, out: str) -> None:
    """The loud line on stderr that --no-consent-check is in force (and on the record, which it
    cannot go without)."""
    from segdsl.cli.common import use_color
    from segdsl.runtime.exports import metadata_path

    record = metadata_path(Path(out))
    text = (
        f"warning: --no-consent-check: the consent rule of channel '{channel}' is NOT applied; "
        f"every member is written to {out}, consenting or not (recorded in {record})"
    )
    color = use_color(sys.stderr)
    click.echo(click.style(text, fg="yellow", bold=True) if color else text, err=True)


def exported_subject(name: str, condition: ir.Cond, expr: str | None, file: str | None) -> Subject:
    """The record's account of what `run --out` exports: the condition of -e EXPR, or the
    segment `name` of FILE with its condition as the file writes it."""
    from segdsl.runtime.exports import Subject

    if expr is not None:
        return Subject("members", None, expr, file)
    return Subject("members", name, None if condition.span is None else condition.span.text, file)


def members_summary(export: Export, out: str) -> str:
    summary = f"wrote {export.rows:,} member{'s' * (export.rows != 1)} to {out}"
    if export.removed is not None:
        return f"{summary} ({export.removed:,} removed: no {export.channel} consent)"
    if export.consent_override:
        return f"{summary} (consent for {export.channel} NOT checked)"
    return summary


def chosen_columns(text: str, schema: Schema) -> tuple[str, ...]:
    """The attributes `--columns` names (`chosen_attributes`), unknown names located in the
    option's text (E607)."""
    from segdsl.runtime.exports import chosen_attributes

    source = Source("--columns", text)
    named: list[tuple[str, Span]] = []
    start = 0
    for part in text.split(","):
        name = part.strip()
        offset = start + len(part) - len(part.lstrip())
        start += len(part) + 1
        if name:
            named.append((name, Span(source, offset, offset + len(name))))
    return chosen_attributes(named, schema)
