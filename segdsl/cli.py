"""The `segdsl` command line (BRIEF §4). Heavy modules (duckdb, drivers) load only when used."""

from __future__ import annotations

import datetime as dt
import functools
import math
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import ast, errors, ir
from .diagnostics import Diagnostic, SegdslError, render_all
from .limits import use_limits
from .project import Project, find_project
from .tables import format_table
from .types import utc_instant

if TYPE_CHECKING:
    from .analytics import Measure
    from .engines import Database
    from .schema import Schema

F = TypeVar("F", bound=Callable[..., Any])


def _color(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


class Terminated(BaseException):
    """A termination signal, raised where the program stands so that `finally` blocks (such as
    the removal of a half-written output file) run before it exits. A BaseException, like
    KeyboardInterrupt, so that no `except Exception` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, _frame: object) -> None:
    raise Terminated(signum)


# SIGINT already raises KeyboardInterrupt; these would otherwise end the process on the spot.
_TERMINATION_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def handle_errors(func: F) -> F:
    """Turn every expected failure into a located message on stderr and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .engines import EngineError

        for number in _TERMINATION_SIGNALS:
            signal.signal(number, _terminate)
        try:
            return func(*args, **kwargs)
        except SegdslError as error:
            click.echo(render_all(error.diagnostics, color=_color(sys.stderr)), err=True)
            count = sum(1 for d in error.diagnostics if d.is_error)
            if count > 1:
                click.echo(f"\n{count} errors", err=True)
            sys.exit(1)
        except EngineError as error:
            click.echo(f"error: {error}", err=True)
            if error.hint:
                click.echo(f"  = help: {error.hint}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(128 + signal.SIGINT)
        except Terminated as stop:
            click.echo(f"stopped by {signal.Signals(stop.signum).name}", err=True)
            sys.exit(128 + stop.signum)
        except RecursionError:
            # Only reachable with limits raised above the defaults (docs/language.md, Limits).
            click.echo(
                "error: this input nests too deeply for segdsl to process; lower `depth` or "
                "`reference_depth` under [limits] in segdsl.toml",
                err=True,
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def parse_as_of(value: str | None) -> dt.datetime | None:
    """`2026-11-01`, `2026-11-01T08:00:00`, `…Z` or `…+02:00` → a naive UTC instant."""
    if value is None:
        return None
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not an ISO date or timestamp (e.g. 2026-11-01T00:00:00)",
            param_hint="'--as-of'",
        ) from None
    return utc_instant(parsed)


@dataclass(frozen=True)
class Target:
    """What a command evaluates: one named (or anonymous) condition."""

    name: str
    condition: ir.Cond
    module: ast.Module | None


def _project() -> Project:
    project = find_project()
    use_limits(project.limits)
    return project


def _schema(option: str | None, project: Project) -> Schema:
    from .api import load_schema

    path = Path(option) if option else project.schema
    if path is None:
        raise SegdslError(
            [
                Diagnostic(
                    errors.E603,
                    "no schema given",
                    None,
                    hints=(
                        'pass --schema schema.yaml, or add `schema = "schema.yaml"` to a '
                        "segdsl.toml in this folder or above",
                    ),
                )
            ]
        )
    return load_schema(path)


def _expression_target(
    expr: str | None, files: Sequence[str], segment: str | None, schema: Schema
) -> Target:
    """The condition of `-e EXPR` (which takes no FILE and no --segment)."""
    from .api import check
    from .syntax import parse_expression

    if expr is not None and files:
        raise click.UsageError("give either -e EXPR or a FILE, not both")
    if expr is None:
        raise click.UsageError("give a condition with -e EXPR or a segment FILE")
    if segment is not None:
        raise click.UsageError("--segment picks a segment of a FILE; it does not apply to -e")
    return Target("<expr>", check(parse_expression(expr, "<expr>"), schema), None)


def _unknown_definition(file: str, name: str, checked: ir.CheckedModule) -> SegdslError:
    from .schema import did_you_mean

    names = [*checked.segments, *checked.partitions]
    return SegdslError(
        [
            Diagnostic(
                errors.E604,
                f"{file} has no segment or partition '{name}'",
                None,
                hints=did_you_mean(name, names) or ("defined: " + ", ".join(names),),
            )
        ]
    )


def _dialect_name(option: str | None, project: Project) -> str:
    from .dialects import DIALECTS

    name = option or project.dialect or "duckdb"
    if name not in DIALECTS:
        raise click.BadParameter(
            f"unknown dialect '{name}' (known: {', '.join(DIALECTS)})", param_hint="'--dialect'"
        )
    return name


schema_option = click.option(
    "--schema", "schema_path", metavar="S", help="Schema file (default: from segdsl.toml)."
)
db_option = click.option(
    "--db", metavar="PATH_OR_URL", help="DuckDB file, postgresql://, mysql://, sqlite:///"
)


def _seconds(_ctx: click.Context, _param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not (math.isfinite(value) and value > 0):
        raise click.BadParameter("must be a positive number of seconds, like 30 or 0.5")
    return value


timeout_option = click.option(
    "--timeout", type=float, metavar="SECONDS", callback=_seconds, help="Statement timeout."
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
expr_option = click.option("-e", "--expr", "expr", metavar="EXPR", help="A condition to use.")
segment_option = click.option("--segment", metavar="NAME", help="Pick one segment of FILE.")
as_of_option = click.option(
    "--as-of",
    "as_of",
    metavar="TS",
    help="Evaluate as of this UTC instant (default: the engine's current time).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="segdsl")
def main() -> None:
    """segdsl: customer segments as a language, compiled to SQL."""


def _warn_for_dialect(dialect: str | None, conditions: Iterable[ir.Node]) -> None:
    """Print the dialect's warnings about running these conditions' SQL elsewhere."""
    if dialect is None:
        return
    from .dialects import DIALECTS

    notes = DIALECTS[dialect].notes(conditions)
    if notes:
        click.echo(render_all(notes, color=_color(sys.stderr)), err=True)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@expr_option
@schema_option
@click.option("--dialect", metavar="D", help="Also warn about what differs on this dialect.")
@handle_errors
def check(
    files: tuple[str, ...], expr: str | None, schema_path: str | None, dialect: str | None
) -> None:
    """Check segments (FILE...) or a condition (-e) against the schema."""
    project = _project()
    schema = _schema(schema_path, project)
    dialect_name = None if dialect is None else _dialect_name(dialect, project)
    if expr is not None or not files:
        target = _expression_target(expr, files, None, schema)
        _warn_for_dialect(dialect_name, [target.condition])
        click.echo("ok")
        return
    from .api import check_file

    failures: list[Diagnostic] = []
    for file in files:
        try:
            checked = check_file(file, schema)
        except SegdslError as error:
            failures.extend(error.diagnostics)
            continue
        _warn_for_dialect(
            dialect_name,
            [
                *(segment.condition for segment in checked.segments.values()),
                *(partition.value for partition in checked.partitions.values()),
            ],
        )
        parts = [f"{len(checked.segments)} segment{'s' * (len(checked.segments) != 1)}"]
        if checked.partitions:
            parts.append(
                f"{len(checked.partitions)} partition{'s' * (len(checked.partitions) != 1)}"
            )
        click.echo(f"{file}: ok ({', '.join(parts)})")
    if failures:
        raise SegdslError(failures)


@main.command(name="compile")
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
) -> None:
    """Print the SQL of a condition or segment (the key of every member, once each), of a
    partition (every customer's key and label), or of a FILE's membership table."""
    from .api import compile_module, compile_sql

    project = _project()
    dialect_name = _dialect_name(dialect, project)
    instant = parse_as_of(as_of)
    schema = _schema(schema_path, project)
    if file is None or expr is not None:
        if membership:
            raise click.UsageError("--membership is the table of a FILE; it does not apply to -e")
        target = _expression_target(expr, (file,) if file else (), segment, schema)
        _warn_for_dialect(dialect_name, [target.condition])
        sql = compile_sql(
            target.condition,
            schema,
            dialect=dialect_name,
            as_of=instant,
            pretty=pretty,
            rewrites=rewrites,
        )
        click.echo(sql)
        return
    if membership and segment is not None:
        raise click.UsageError("give either --segment NAME or --membership")
    checked = _checked_file(file, schema)
    compiled = compile_module(
        checked, schema, dialect=dialect_name, as_of=instant, pretty=pretty, rewrites=rewrites
    )
    definitions: dict[str, ir.Node] = {
        **{name: segment.condition for name, segment in checked.segments.items()},
        **{name: partition.value for name, partition in checked.partitions.items()},
    }
    if membership:
        _warn_for_dialect(dialect_name, definitions.values())
        click.echo(compiled.membership)
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
        raise _unknown_definition(file, segment, checked)
    _warn_for_dialect(dialect_name, [definitions[segment]])
    click.echo(queries[segment])


@main.command()
def dialects() -> None:
    """List the SQL dialects and how each is verified."""
    from .dialects import DIALECTS

    click.echo(
        format_table(
            ("dialect", "engine", "verified"),
            [(d.name, d.description, d.verified) for d in DIALECTS.values()],
        )
    )


def _share(count: int, total: int) -> str:
    return f"{100.0 * count / total:.1f}%" if total else "–"


def _total(database: Database, schema: Schema) -> int:
    from sqlglot import exp

    from .compiler import table_source

    query = exp.select(exp.Count(this=exp.Star())).from_(table_source(schema.table))
    return _scalar(database, database_sql(database, query))


def database_sql(database: Database, tree: Any) -> str:
    from .dialects import DIALECTS

    return DIALECTS[database.dialect].sql(tree)


def _scalar(database: Database, sql: str) -> int:
    result = database.query(sql)
    for batch in result.batches:
        for row in batch:
            return int(row[0])
    return 0


def _rows(database: Database, sql: str) -> Iterator[tuple[Any, ...]]:
    for batch in database.query(sql).batches:
        yield from batch


def _open_database(
    db: str | None, project: Project, timeout: float | None, schema: Schema
) -> Database:
    """The database, whose tables are checked against `schema` before the first query."""
    from .engines import connect

    target = db or project.db
    if target is None:
        raise click.UsageError(
            "no database given: pass --db PATH_OR_URL or set `db` in segdsl.toml "
            "(try `segdsl demo` to build the example shop)"
        )
    return connect(target, statement_timeout=timeout, schema=schema)


@main.command()
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
    "--segment NAME; for a partition, every customer's key and label; for a FILE without "
    "--segment, every customer with a 1/0 column per segment and a label column per partition.",
)
@click.option("--sample", default=10, show_default=True, help="How many members to show.")
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
    sample: int,
    timeout: float | None,
    output_format: str,
) -> None:
    """Evaluate a segment on a database: member count and a sample, or write them to a file.
    With a FILE (and no --segment) or a partition, the size of every segment and partition
    label, from one query."""
    from .analytics import membership_query
    from .compiler import members_query
    from .dialects import DIALECTS
    from .exports import write_rows

    project = _project()
    instant = parse_as_of(as_of)
    schema = _schema(schema_path, project)
    checked = _checked_file(file, schema) if file is not None and expr is None else None
    measures = _measures(expr, file, segment, schema, checked)
    # A whole file, or a partition: every customer is in the answer (a column or a label each).
    every_customer = checked is not None and (segment is None or segment in checked.partitions)
    with _open_database(db, project, timeout, schema) as database:
        dialect = DIALECTS[database.dialect]
        if every_customer and out is not None:
            assert checked is not None
            query = membership_query(checked, schema, dialect, instant, segment)
            written = write_rows(database, query, Path(out))
            if segment is None:
                described = f"{len(query.expressions) - 1} segment columns"
            else:
                described = f"their {segment} label"
            click.echo(f"wrote {written:,} customers with {described} to {out}")
            return
        if every_customer:
            _print_sizes(database, schema, measures, instant, output_format)
            return
        target = measures[0]
        if out is not None:
            query = members_query(target.condition, schema, dialect, instant)
            written = write_rows(database, query, Path(out))
            click.echo(f"wrote {written:,} member{'s' * (written != 1)} to {out}")
            return
        shown = sample_attributes(schema)
        columns = tuple(schema.attributes[n].column for n in shown)
        sql = dialect.sql(members_query(target.condition, schema, dialect, instant, columns))
        result = database.query(sql)
        count = 0
        rows: list[tuple[Any, ...]] = []
        for batch in result.batches:
            for row in batch:
                if count < sample:
                    rows.append(tuple(row))
                count += 1
        total = _total(database, schema)
        click.echo(f"{count:,} members ({_share(count, total)} of {total:,} customers)")
        if rows:
            ordered: list[tuple[Any, ...]] = sorted(rows, key=_sort_key)
            click.echo(format_table((schema.key, *shown), ordered))


def sample_attributes(schema: Schema) -> tuple[str, ...]:
    """The attributes `run --segment` shows for its sample of members: not the key, not PII."""
    return tuple(
        name for name, column in schema.attributes.items() if not column.pii and name != schema.key
    )


def _sort_key(row: tuple[Any, ...]) -> tuple[int, Any]:
    return (0, row[0]) if row[0] is not None else (1, 0)


def _checked_file(file: str, schema: Schema) -> ir.CheckedModule:
    from .api import check_file

    return check_file(file, schema)


def _measures(
    expr: str | None,
    file: str | None,
    segment: str | None,
    schema: Schema,
    checked: ir.CheckedModule | None = None,
) -> list[Measure]:
    """What a command counts: `-e EXPR`, or a FILE's segments and partition labels (one
    segment or partition with --segment NAME). `checked`: the FILE, if already checked."""
    from .analytics import Measure, measures_of

    if file is None:
        target = _expression_target(expr, (), segment, schema)
        return [Measure(target.name, target.condition)]
    if expr is not None:
        raise click.UsageError("give either -e EXPR or a FILE, not both")
    checked = checked or _checked_file(file, schema)
    found = measures_of(checked, segment)
    if not found:
        raise _unknown_definition(file, segment or "", checked)
    return found


def _emit(headers: Sequence[str], rows: Sequence[Sequence[object]], output_format: str) -> None:
    """A result as an aligned table, CSV or JSON (a list of objects)."""
    if output_format == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    elif output_format == "json":
        import json

        records = [dict(zip(headers, row, strict=True)) for row in rows]
        click.echo(json.dumps(records, indent=2, default=str))
    else:
        click.echo(format_table(headers, rows))


def _print_sizes(
    database: Database,
    schema: Schema,
    measures: Sequence[Measure],
    instant: dt.datetime | None,
    output_format: str = "table",
) -> None:
    """Member count and share of every measure, from one query."""
    from .analytics import sizes

    result = sizes(database, schema, measures, instant)
    rows = [
        (
            name,
            count,
            _share(count, result.total)
            if output_format == "table"
            else _ratio(count, result.total),
        )
        for name, count in result.counts.items()
    ]
    _emit(("segment", "members", "share"), rows, output_format)
    if output_format == "table":
        click.echo(f"\n{result.total:,} customers")


def _ratio(count: int, total: int) -> float | None:
    return round(count / total, 6) if total else None


def _instant_text(instant: dt.datetime) -> str:
    """A naive UTC instant as RFC 3339 (`2026-11-01T00:00:00Z`), as JSON and CSV write it."""
    return instant.isoformat(timespec="seconds") + "Z"


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@segment_option
@schema_option
@db_option
@as_of_option
@timeout_option
@format_option
@handle_errors
def overlap(
    file: str,
    segment: str | None,
    schema_path: str | None,
    db: str | None,
    as_of: str | None,
    timeout: float | None,
    output_format: str,
) -> None:
    """The pairwise overlap of a FILE's segments: members in both, and Jaccard similarity."""
    from .analytics import overlap as compute_overlap

    project = _project()
    instant = parse_as_of(as_of)
    schema = _schema(schema_path, project)
    measures = _measures(None, file, segment, schema)
    with _open_database(db, project, timeout, schema) as database:
        result = compute_overlap(database, schema, measures, instant)
    names = [m.name for m in measures]
    if output_format != "table":
        rows = [
            (a, b, result.count(a, b), result.jaccard(a, b))
            for index, a in enumerate(names)
            for b in names[index + 1 :]
        ]
        _emit(("a", "b", "both", "jaccard"), rows, output_format)
        return
    click.echo("members in both (diagonal: segment size)")
    click.echo(
        format_table(("", *names), [(a, *(result.count(a, b) for b in names)) for a in names])
    )
    click.echo("\nJaccard similarity |A ∩ B| / |A ∪ B|")

    def similarity(a: str, b: str) -> str:
        value = result.jaccard(a, b)
        return "–" if value is None else f"{value:.2f}"

    click.echo(format_table(("", *names), [(a, *(similarity(a, b) for b in names)) for a in names]))
    click.echo(f"\n{result.total:,} customers")


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@expr_option
@segment_option
@schema_option
@db_option
@click.option("--from", "start", required=True, metavar="DATE", help="First as-of instant.")
@click.option("--to", "end", metavar="DATE", help="Last as-of instant (default: now).")
@click.option("--every", default="1w", show_default=True, help="Step: 1d, 1w, 2w, 1mo, 1y …")
@click.option(
    "--changes",
    is_flag=True,
    help="Also count the members who entered and left each segment since the previous instant.",
)
@click.option("--chart", type=click.Path(dir_okay=False), help="Write a chart to F.html or F.png.")
@timeout_option
@format_option
@handle_errors
def history(
    file: str | None,
    expr: str | None,
    segment: str | None,
    schema_path: str | None,
    db: str | None,
    start: str,
    end: str | None,
    every: str,
    changes: bool,
    chart: str | None,
    timeout: float | None,
    output_format: str,
) -> None:
    """Segment sizes at a series of as-of instants, from the event data (events after each
    instant ignored)."""
    from .analytics import changes as compute_changes
    from .analytics import history as compute_history
    from .analytics import instants, sparkline

    project = _project()
    first = parse_as_of(start)
    last = parse_as_of(end) or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert first is not None
    if last < first:
        until = f"--to {_instant_text(last)}" if end else f"now ({_instant_text(last)})"
        raise click.UsageError(
            f"--from {_instant_text(first)} is after {until}: the range of instants is empty"
        )
    schema = _schema(schema_path, project)
    measures = _measures(expr, file, segment, schema)
    at = instants(first, last, every)
    with _open_database(db, project, timeout, schema) as database:
        series = compute_history(database, schema, measures, at)
        moves = compute_changes(database, schema, measures, at) if changes else None
    names = [m.name for m in measures]
    table = output_format == "table"
    if table and moves is None:
        # One column per segment, so the instant's column has a name no segment can have.
        click.echo(
            format_table(
                ("as of (UTC)", *names),
                [(point.as_of, *(point.counts[n] for n in names)) for point in series],
            )
        )
    else:
        # One row per instant and segment: segment names are values, never column names.
        headers: tuple[str, ...] = ("as_of", "segment", "members", "share")
        if moves is not None:
            headers += ("entered", "left")
        rows: list[tuple[object, ...]] = []
        for index, (instant, point) in enumerate(zip(at, series, strict=True)):
            for name in names:
                count = point.counts[name]
                row: tuple[object, ...] = (
                    instant if table else _instant_text(instant),
                    name,
                    count,
                    _share(count, point.total) if table else _ratio(count, point.total),
                )
                if moves is not None:
                    move = moves[index]
                    if move.entered is not None and move.left is not None:
                        row += (move.entered[name], move.left[name])
                    else:  # the first instant: nothing to compare with
                        row += ("–", "–") if table else (None, None)
                rows.append(row)
        if table:
            headers = ("as of (UTC)", *headers[1:])
        _emit(headers, rows, output_format)
    if table:
        click.echo("")
        width = max(len(n) for n in names)
        for name in names:
            line = sparkline([point.counts[name] for point in series])
            click.echo(f"{name.ljust(width)}  {line}")
    if chart is not None:
        from .charts import ChartError, write_chart

        title = f"Segment sizes, {at[0].date()} to {at[-1].date()} every {every}"
        try:
            write_chart(Path(chart), title, at, {n: [p.counts[n] for p in series] for n in names})
        except ChartError as error:
            raise click.UsageError(str(error)) from None
        click.echo(f"wrote {chart}", err=True)


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@expr_option
@segment_option
@schema_option
@db_option
@as_of_option
@timeout_option
@format_option
@handle_errors
def report(
    file: str | None,
    expr: str | None,
    segment: str | None,
    schema_path: str | None,
    db: str | None,
    as_of: str | None,
    timeout: float | None,
    output_format: str,
) -> None:
    """Per-segment performance: open rate, click-through rate, conversion rate, revenue per
    member and average order value, as the schema's `report:` section defines them."""
    from .analytics import report as compute_report

    project = _project()
    instant = parse_as_of(as_of)
    schema = _schema(schema_path, project)
    measures = _measures(expr, file, segment, schema)
    with _open_database(db, project, timeout, schema) as database:
        result = compute_report(database, schema, measures, instant)
    table = output_format == "table"

    def rate(value: float | None) -> object:
        if value is None:
            return "–" if table else None
        return f"{100 * value:.1f}%" if table else round(value, 6)

    def money(value: Decimal | None) -> object:
        if value is None:
            return "–" if table else None
        return f"{value:,.2f}" if table else float(round(value, 2))

    headers = (
        "segment",
        "members",
        "open_rate",
        "click_through_rate",
        "conversion_rate",
        "revenue_per_member",
        "average_order_value",
    )
    rows = [
        (
            name,
            p.members,
            rate(p.open_rate),
            rate(p.click_through_rate),
            rate(p.conversion_rate),
            money(p.revenue_per_member),
            money(p.average_order_value),
        )
        for name, p in result.items()
    ]
    _emit(headers, rows, output_format)


@main.command()
@schema_option
@db_option
@click.option("--dialect", metavar="D", help="Dialect for .sql (default: the database's).")
@as_of_option
@click.option("--vi", is_flag=True, help="Vi key bindings (default: Emacs).")
@timeout_option
@handle_errors
def repl(
    schema_path: str | None,
    db: str | None,
    dialect: str | None,
    as_of: str | None,
    vi: bool,
    timeout: float | None,
) -> None:
    """Try conditions interactively: validity, member count, a sample, the SQL. Without a
    terminal, reads statements from stdin and prints one result each."""
    from .engines import connect
    from .repl import ReplSession, interruptible, run_interactive, run_script

    project = _project()
    schema = _schema(schema_path, project)
    target = db or project.db
    database = connect(target, statement_timeout=timeout, schema=schema) if target else None
    try:
        chosen = dialect or project.dialect or (database.dialect if database else "duckdb")
        session = ReplSession(
            schema,
            database,
            dialect=_dialect_name(chosen, project),
            as_of=parse_as_of(as_of),
            runner=interruptible(database),
        )
        if not sys.stdin.isatty():
            sys.exit(run_script(session, sys.stdin, sys.stdout))
        try:
            import prompt_toolkit  # noqa: F401
        except ImportError:
            raise click.UsageError(
                "the interactive REPL needs prompt_toolkit: pip install 'segdsl[repl]'"
            ) from None
        label = database.display_name if database else "none (check and compile only)"
        run_interactive(session, vi, label)
    finally:
        if database is not None:
            database.close()


@main.command()
@click.option("--db", default="shop.duckdb", show_default=True, help="Where to build the shop.")
@click.option("--customers", default=100_000, show_default=True, help="How many customers.")
@click.option("--seed", default=42, show_default=True, help="Seed of the data generator.")
@click.option("--anchor", metavar="DATE", help="The shop's 'today' (default: today, UTC).")
@handle_errors
def demo(db: str, customers: int, seed: int, anchor: str | None) -> None:
    """Build the example shop in a DuckDB file and show the size of every seed segment."""
    from .demo import build_demo_database
    from .engines import connect
    from .resources import data_path

    instant = parse_as_of(anchor) or dt.datetime.now(dt.UTC).replace(
        tzinfo=None, hour=0, minute=0, second=0, microsecond=0
    )
    if customers < 1:
        raise click.BadParameter("must be at least 1", param_hint="'--customers'")
    path = Path(db)
    with click.progressbar(length=100, label="building the example shop", file=sys.stderr) as bar:
        done = 0

        def progress(step: str, finished: int, total: int) -> None:
            nonlocal done
            target = int(100 * finished / max(total, 1))
            bar.label = f"building the example shop: {step}"
            bar.update(max(0, target - done))
            done = max(done, target)

        counts = build_demo_database(
            path, customers=customers, seed=seed, anchor=instant, progress=progress
        )
    click.echo(
        f"built {path}: "
        + ", ".join(f"{table} {count:,}" for table, count in counts.items())
        + f" (as of {instant.isoformat(sep=' ')})\n"
    )
    schema_file = data_path("examples/shop/schema.yaml")
    segments_file = data_path("examples/shop/segments.seg")
    schema = _schema(str(schema_file), Project())
    measures = _measures(None, str(segments_file), None, schema)
    with connect(str(path)) as database:
        _print_sizes(database, schema, measures, instant)
    click.echo(
        "\nnext: segdsl run -e 'purchases >= 2 and last_open < 30d and country in EU' "
        f"--schema {schema_file} --db {path} --as-of {instant.date().isoformat()}"
    )


# --- segdsl fmt ---------------------------------------------------------------------------------


def _fmt_diff(name: str, before: str, after: str) -> str:
    """A unified diff that stays readable when a side has no final newline."""
    import difflib
    import re

    def split(text: str) -> list[str]:
        return re.findall(r"[^\n]*\n|[^\n]+\Z", text)

    lines: list[str] = []
    for line in difflib.unified_diff(
        split(before),
        split(after),
        fromfile=name,
        tofile=f"{name} (formatted)",
    ):
        if line.endswith("\n"):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)


@main.command(name="fmt")
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    metavar="PATH...",
    type=click.Path(exists=True, allow_dash=True),
)
@click.option("--check", is_flag=True, help="Change nothing; list files that would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Change nothing; print what would change.")
@handle_errors
def fmt_command(paths: tuple[str, ...], check: bool, show_diff: bool) -> None:
    """Lay out segment files canonically (and schema metric expressions).

    PATH is a file or a folder (every *.seg file and schema YAML file in it, recursively);
    `-` reads standard input and writes the result to standard output. With --check or
    --diff nothing is written and the exit code is 1 when something would change.
    """
    from .formatter import discover, format_path_text, format_source, write_atomic
    from .syntax import read_file

    _project()  # for its [limits]
    failures: list[Diagnostic] = []
    changed: list[str] = []
    unchanged = 0
    dry = check or show_diff

    def report(name: str, before: str, after: str) -> None:
        changed.append(name)
        if show_diff:
            click.echo(_fmt_diff(name, before, after), nl=False)
        elif check:
            click.echo(f"would reformat {name}")

    if "-" in paths:
        text = sys.stdin.read()
        try:
            formatted = format_source(text, "<stdin>")
        except SegdslError as error:
            failures.extend(error.diagnostics)
        else:
            if not dry:
                click.echo(formatted, nl=False)
            elif formatted != text:
                report("<stdin>", text, formatted)
    files = discover([p for p in paths if p != "-"])
    for file in files:
        try:
            original = read_file(file)
            formatted = format_path_text(file, original)
        except SegdslError as error:
            failures.extend(error.diagnostics)
            continue
        if formatted == original:
            unchanged += 1
            continue
        if dry:
            report(str(file), original, formatted)
            continue
        try:
            write_atomic(file, formatted)
        except OSError as error:
            failures.append(Diagnostic(errors.E600, f"cannot write {file}: {error}", None))
            continue
        changed.append(str(file))
        click.echo(f"reformatted {file}", err=True)
    if files:
        count = len(changed)
        plural = "s" * (count != 1)
        done = f"{count} file{plural} {'would be reformatted' if dry else 'reformatted'}"
        left = f"{unchanged} file{'s' * (unchanged != 1)} already formatted"
        click.echo(f"{done}, {left}", err=True)
    if failures:
        raise SegdslError(failures)
    if dry and changed:
        sys.exit(1)


# --- segdsl lint --------------------------------------------------------------------------------


def _lint_targets(paths: Sequence[str]) -> list[Path]:
    """Files as given; folders searched recursively for *.seg files (sorted, no duplicates)."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found.extend(sorted(path.rglob("*.seg")) if path.is_dir() else [path])
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _lint_exit_errors(diagnostics: Sequence[Diagnostic]) -> None:
    click.echo(render_all(diagnostics, color=_color(sys.stderr)), err=True)
    sys.exit(2)


@main.command(name="lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--format",
    "lint_format",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes, rewriting files atomically.")
@click.option("--explain", "explain_code", metavar="CODE", help="Explain a rule and exit.")
@schema_option
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (or prefixes).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Leave these rules out.")
def lint_command(
    paths: tuple[str, ...],
    lint_format: str,
    fix: bool,
    explain_code: str | None,
    schema_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Find segments that match nobody or everybody, missing-value traps and more.

    PATH is a segment file or a folder (its *.seg files, recursively). Settings come from
    `[lint]` in segdsl.toml (or `[tool.segdsl.lint]` in pyproject.toml). Exit code: 0 when
    clean, 1 when findings (other than info) remain, 2 on usage, parse or type errors.
    """
    from importlib.metadata import PackageNotFoundError, version

    from .lint import config_from_table, explain, find_rule, fix_text, lint_text, write_atomic
    from .lint.findings import FileError, Finding
    from .lint.output import render_github, render_json, render_sarif, render_text, summary
    from .schema import did_you_mean
    from .syntax import read_source

    if explain_code is not None:
        rule = find_rule(explain_code)
        if rule is None:
            from .lint import RULES

            hints = did_you_mean(explain_code.upper(), [r.code for r in RULES])
            raise click.BadParameter(
                f"no rule '{explain_code}'" + (f"; {hints[0]}" if hints else ""),
                param_hint="'--explain'",
            )
        click.echo(explain(rule))
        return
    if not paths:
        raise click.UsageError("give a segment file or folder to lint")
    first = Path(paths[0])
    try:
        project = find_project(first if first.is_dir() else first.parent)
        use_limits(project.limits)
        origin = str(project.path) if project.path else "segdsl.toml"
        config = config_from_table(project.lint, origin).overridden(select, ignore)
        schema = _schema(schema_path, project)
    except SegdslError as error:
        _lint_exit_errors(error.diagnostics)
        return
    failures: list[FileError] = []
    findings: list[Finding] = []
    fixed = 0
    for path in _lint_targets(paths):
        try:
            text = read_source(path)
            if fix:
                result = fix_text(text, str(path), schema, config)
                if result.text != text:
                    write_atomic(path, result.text)
                fixed += result.fixed
                findings.extend(result.findings)
            else:
                findings.extend(lint_text(text, str(path), schema, config))
        except SegdslError as error:
            failures.extend(FileError(str(path), d) for d in error.diagnostics)
        except OSError as error:
            unwritable = Diagnostic(errors.E600, f"cannot write {path}: {error}", None)
            failures.append(FileError(str(path), unwritable))
    if lint_format == "json":
        click.echo(render_json(findings, failures))
    elif lint_format == "sarif":
        try:
            tool_version = version("segdsl")
        except PackageNotFoundError:
            tool_version = "0"
        click.echo(render_sarif(findings, tool_version, failures))
    elif lint_format == "github":
        if findings or failures:
            click.echo(render_github(findings, failures))
    else:
        if findings:
            click.echo(render_text(findings, color=_color(sys.stdout)) + "\n")
        click.echo(summary(findings, fixed, failures))
    if failures:
        _lint_exit_errors([f.diagnostic for f in failures])
    if any(f.severity != "info" for f in findings):
        sys.exit(1)
