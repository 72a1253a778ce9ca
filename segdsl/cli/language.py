"""`segdsl check`, `segdsl compile` and `segdsl dialects`: the language without a database."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

import click

from segdsl.cli.common import (
    as_of_option,
    checked_file,
    expr_option,
    expression_target,
    format_option,
    handle_errors,
    open_database,
    parse_as_of,
    project_settings,
    resolve_dialect,
    schema_for,
    schema_option,
    unknown_definition,
    use_color,
)
from segdsl.cli.output import emit, print_json
from segdsl.diagnostics import Diagnostic, SegdslError, render_all
from segdsl.project import Project
from segdsl.semantics import ir
from segdsl.semantics.schema import Schema

text_format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format (json: errors and warnings as diagnostics, on stdout).",
)


def dialect_notes(dialect: str | None, conditions: Iterable[ir.Node]) -> list[Diagnostic]:
    """The dialect's warnings about running these conditions' SQL elsewhere (W501), and its
    errors for what it cannot compile (E275)."""
    if dialect is None:
        return []
    from segdsl.sql.dialects import DIALECTS

    return list(DIALECTS[dialect].notes(conditions))


def warn(notes: Sequence[Diagnostic]) -> None:
    if notes:
        click.echo(render_all(notes, color=use_color(sys.stderr)), err=True)


def definitions_of(checked: ir.CheckedModule) -> dict[str, ir.Node]:
    return {
        **{name: segment.condition for name, segment in checked.segments.items()},
        **{name: partition.value for name, partition in checked.partitions.items()},
    }


def file_record(file: str, checked: ir.CheckedModule) -> dict[str, object]:
    return {"file": file, "segments": [*checked.segments], "partitions": [*checked.partitions]}


def database_check(db: str | None, project: Project, schema: Schema) -> list[Diagnostic]:
    """With --db, the database against the schema: its tables and columns, and the events
    that break a stream's promise `of_existing` (docs/schema.md)."""
    if db is None:
        return []
    from segdsl.runtime.dbcheck import broken_promises, schema_problems

    with open_database(db, project, None, schema) as database:
        problems = list(schema_problems(database, schema))
        return problems or list(broken_promises(database, schema))


def database_ok(db: str | None, schema: Schema) -> None:
    if db is None:
        return
    promised = [name for name, stream in schema.events.items() if stream.of_existing]
    parts = ["tables and columns as the schema says"]
    if promised:
        parts.append(f"every event of {', '.join(promised)} is of an existing customer")
    click.echo(f"{db}: ok ({'; '.join(parts)})")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@expr_option
@schema_option
@click.option("--dialect", metavar="D", help="Also warn about what differs on this dialect.")
@click.option(
    "--db",
    metavar="PATH_OR_URL",
    help="Also check this database against the schema, and the promises of `of_existing`.",
)
@text_format_option
@handle_errors
def check(
    files: tuple[str, ...],
    expr: str | None,
    schema_path: str | None,
    dialect: str | None,
    db: str | None,
    output_format: str,
) -> None:
    """Check segments (FILE...) or a condition (-e) against the schema; with a FILE and -e, the
    condition may use FILE's segments and partitions; with --db, the database too."""
    project = project_settings(*files)
    schema = schema_for(schema_path, project)
    dialect_name = None if dialect is None else resolve_dialect(dialect, project)
    json = output_format == "json"
    if expr is not None or not files:
        if len(files) > 1:
            raise click.UsageError("-e EXPR takes at most one FILE, whose segments it may use")
        # `--db` alone checks the database only.
        database_only = db is not None and expr is None
        target = (
            None
            if database_only
            else expression_target(expr, files[0] if files else None, None, schema)
        )
        warnings = [] if target is None else dialect_notes(dialect_name, [target.condition])
        warnings += database_check(db, project, schema)
        if json:
            checked = None if target is None else target.checked
            passed = [] if checked is None else [file_record(files[0], checked)]
            print_json({"files": passed, "diagnostics": [d.to_dict() for d in warnings]})
            if any(note.is_error for note in warnings):
                sys.exit(1)
            return
        if any(note.is_error for note in warnings):
            raise SegdslError(warnings)
        warn(warnings)
        if target is not None:
            click.echo("ok")
        database_ok(db, schema)
        return
    records: list[dict[str, object]] = []
    notes: list[Diagnostic] = []
    failures: list[Diagnostic] = []
    for file in files:
        try:
            checked = checked_file(file, schema)
        except SegdslError as error:
            failures.extend(error.diagnostics)
            continue
        found = dialect_notes(dialect_name, definitions_of(checked).values())
        if any(note.is_error for note in found):
            failures.extend(found)
            continue
        records.append(file_record(file, checked))
        notes.extend(found)
        if json:
            continue
        warn(found)
        parts = [f"{len(checked.segments)} segment{'s' * (len(checked.segments) != 1)}"]
        if checked.partitions:
            parts.append(
                f"{len(checked.partitions)} partition{'s' * (len(checked.partitions) != 1)}"
            )
        click.echo(f"{file}: ok ({', '.join(parts)})")
    failures += database_check(db, project, schema)
    if json:
        # One document: the files that passed, and every error and warning.
        diagnostics = [d.to_dict() for d in [*failures, *notes]]
        print_json({"files": records, "diagnostics": diagnostics})
        if failures:
            sys.exit(1)
    elif failures:
        raise SegdslError(failures)
    else:
        database_ok(db, schema)


@click.command(name="compile")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@expr_option
@click.option("--segment", metavar="NAME", help="Pick one segment or partition of FILE.")
@click.option(
    "--membership",
    is_flag=True,
    help="The membership table of FILE: every customer's key, a 1/0 column per segment and a "
    "label column per partition.",
)
@schema_option
@click.option("--dialect", metavar="D", help="Target SQL dialect (default: duckdb).")
@as_of_option
@click.option("--pretty/--compact", default=True, help="Lay the SQL out over lines.")
@click.option(
    "--rewrites/--no-rewrites",
    default=True,
    help="Plan the query (default), or print the plain one-aggregate-per-table query.",
)
@text_format_option
@handle_errors
def compile_command(
    file: str | None,
    expr: str | None,
    segment: str | None,
    membership: bool,
    schema_path: str | None,
    dialect: str | None,
    as_of: str | None,
    pretty: bool,
    rewrites: bool,
    output_format: str,
) -> None:
    """Print the SQL of a condition or segment (the key of every member, once each), of a
    partition (every customer's key and label), or of a FILE's membership table. With a FILE
    and -e, the condition may use FILE's segments and partitions."""
    from segdsl.api import compile_module, compile_sql

    project = project_settings(file)
    dialect_name = resolve_dialect(dialect, project)
    instant = parse_as_of(as_of)
    schema = schema_for(schema_path, project)
    if expr is not None or file is None:
        if membership:
            raise click.UsageError("--membership is the table of a FILE; it does not apply to -e")
        target = expression_target(expr, file, segment, schema)
        sql = compile_sql(
            target.condition,
            schema,
            dialect=dialect_name,
            as_of=instant,
            pretty=pretty,
            rewrites=rewrites,
        )
        print_sql(sql, dialect_name, [target.condition], output_format)
        return
    if membership and segment is not None:
        raise click.UsageError("give either --segment NAME or --membership")
    checked = checked_file(file, schema)
    compiled = compile_module(
        checked, schema, dialect=dialect_name, as_of=instant, pretty=pretty, rewrites=rewrites
    )
    definitions = definitions_of(checked)
    if membership:
        print_sql(compiled.membership, dialect_name, definitions.values(), output_format)
        return
    queries = {**compiled.segments, **compiled.partitions}
    if segment is None:
        if len(queries) != 1:
            raise click.UsageError(
                f"{file} defines {len(queries)} segments and partitions; pick one with "
                f"--segment NAME (e.g. {next(iter(queries))}), or all of them with --membership"
            )
        segment = next(iter(queries))
    if segment not in queries:
        raise unknown_definition(file, segment, checked)
    print_sql(queries[segment], dialect_name, [definitions[segment]], output_format)


def print_sql(sql: str, dialect: str, conditions: Iterable[ir.Node], output_format: str) -> None:
    """The statement on stdout and the dialect's warnings on stderr; in JSON, one object."""
    notes = dialect_notes(dialect, conditions)
    if output_format == "json":
        print_json({"dialect": dialect, "sql": sql, "diagnostics": [d.to_dict() for d in notes]})
        return
    warn(notes)
    click.echo(sql)


@click.command()
@format_option
@handle_errors
def dialects(output_format: str) -> None:
    """List the SQL dialects and how each is verified."""
    from segdsl.sql.dialects import DIALECTS

    emit(
        ("dialect", "engine", "verified"),
        [(d.name, d.description, d.verified) for d in DIALECTS.values()],
        output_format,
    )
