"""`segdsl overlap`, `segdsl history` and `segdsl report`: segments measured against each other,
over time and by performance."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
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
from segdsl.cli.output import emit, instant_text, ratio, share_text
from segdsl.runtime.charts import CHART_SUFFIXES
from segdsl.tables import format_table

if TYPE_CHECKING:
    from segdsl.runtime.analytics import Overlap


def _chart_path(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> str | None:
    """Checked before any query: a chart is a .html or a .png file."""
    if value is not None and Path(value).suffix.lower() not in CHART_SUFFIXES:
        raise click.BadParameter(f"{value}: a chart is a .html or .png file")
    return value


chart_option = click.option(
    "--chart",
    type=click.Path(dir_okay=False),
    callback=_chart_path,
    metavar="F.html|F.png",
    help="Also write a chart to F.html (a page) or F.png (needs matplotlib).",
)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--segment",
    "segments",
    metavar="NAME",
    multiple=True,
    help="Only these segments or partitions of FILE (repeat the option for more).",
)
@click.option(
    "--against",
    metavar="NAME",
    help="Only the pairs of NAME (a segment, or a partition's labels) with every other one.",
)
@schema_option
@db_option
@as_of_option
@chart_option
@timeout_option
@format_option
@handle_errors
def overlap(
    file: str,
    segments: tuple[str, ...],
    against: str | None,
    schema_path: str | None,
    db: str | None,
    as_of: str | None,
    chart: str | None,
    timeout: float | None,
    output_format: str,
) -> None:
    """The pairwise overlap of a FILE's segments: members in both, and Jaccard similarity."""
    from segdsl.runtime.analytics import overlap as compute_overlap

    project = project_settings(file)
    instant = parse_as_of(as_of)
    schema = schema_for(schema_path, project)
    checked = checked_file(file, schema)
    measures = [
        measure
        for name in (dict.fromkeys(segments) or [None])
        for measure in measures_for(None, file, name, schema, checked)
    ]
    group = measures_for(None, file, against, schema, checked) if against else []
    chosen = {m.name for m in measures}
    measures += [m for m in group if m.name not in chosen]
    names = [m.name for m in measures]
    rows = [m.name for m in group] or names
    columns = [name for name in names if name not in rows] if group else names
    if group and not columns:
        raise click.UsageError(f"--against {against}: there is no other segment to compare with")
    if len(names) < 2:
        raise click.UsageError(
            "an overlap needs two segments or more: name more with --segment, or compare "
            f"{names[0]} with every other one with --against {names[0]}"
        )
    with open_database(db, project, timeout, schema) as database:
        result = compute_overlap(database, schema, measures, instant, rows if group else ())
    if output_format != "table":
        # Jaccard rounded like every share of the JSON and CSV outputs (6 places).
        records = [
            (a, b, result.count(a, b), None if (j := result.jaccard(a, b)) is None else round(j, 6))
            for a, b in result.pairs
        ]
        emit(("a", "b", "both", "jaccard"), records, output_format)
    else:
        # Every pair as a matrix when it fits the terminal; one against the others, or a
        # matrix too wide, as a list of pairs.
        width = shutil.get_terminal_size().columns
        matrices = None if group else overlap_matrices(result, names, width)
        click.echo(matrices or overlap_list(result))
        click.echo(f"\n{result.total:,} customers")
    if chart is not None:
        from segdsl.runtime.charts import write_overlap_chart

        as_of_text = f" as of {instant_text(instant)}" if instant else ""
        title = f"Overlap of the segments of {Path(file).name}{as_of_text}"
        with chart_errors():
            write_overlap_chart(Path(chart), title, result, rows, columns)
        click.echo(f"wrote {chart}", err=True)


def overlap_matrices(result: Overlap, names: Sequence[str], width: int) -> str | None:
    """Members in both, then the Jaccard similarity, as matrices whose columns are numbered
    like the rows; None when wider than `width`."""
    numbers = [str(index) for index in range(1, len(names) + 1)]

    def similarity(a: str, b: str) -> str:
        value = result.jaccard(a, b)
        return "–" if value is None else f"{value:.2f}"

    def matrix(cell: Callable[[str, str], object]) -> str:
        cells = [(f"{n} {a}", *(cell(a, b) for b in names)) for n, a in enumerate(names, 1)]
        return format_table(("", *numbers), cells)

    both, jaccard = matrix(result.count), matrix(similarity)
    if max(len(line) for line in [*both.splitlines(), *jaccard.splitlines()]) > width:
        return None
    return "\n".join(
        [
            "members in both (diagonal: segment size)",
            both,
            "",
            "Jaccard similarity |A ∩ B| / |A ∪ B|",
            jaccard,
        ]
    )


def overlap_list(result: Overlap) -> str:
    """The pairs, most similar first, with the share of each segment that is in both."""

    def share(a: str, b: str) -> str:
        return share_text(result.count(a, b), result.sizes[a])

    rows = [
        (
            a,
            b,
            result.count(a, b),
            "–" if (j := result.jaccard(a, b)) is None else f"{j:.2f}",
            share(a, b),
            share(b, a),
        )
        for a, b in result.ranked()
    ]
    return format_table(("a", "b", "both", "jaccard", "of a", "of b"), rows)


@click.command()
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
@chart_option
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
    from segdsl.runtime.analytics import changes as compute_changes
    from segdsl.runtime.analytics import history as compute_history
    from segdsl.runtime.analytics import instants
    from segdsl.runtime.charts import sparkline

    project = project_settings(file)
    first = parse_as_of(start)
    last = parse_as_of(end) or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert first is not None
    if last < first:
        until = f"--to {instant_text(last)}" if end else f"now ({instant_text(last)})"
        raise click.UsageError(
            f"--from {instant_text(first)} is after {until}: the range of instants is empty"
        )
    schema = schema_for(schema_path, project)
    measures = measures_for(expr, file, segment, schema)
    at = instants(first, last, every)
    with open_database(db, project, timeout, schema) as database:
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
                    instant if table else instant_text(instant),
                    name,
                    count,
                    share_text(count, point.total) if table else ratio(count, point.total),
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
        emit(headers, rows, output_format)
    if table:
        # From 0 to the largest size: a flat line is a steady segment.
        click.echo("")
        width = max(len(n) for n in names)
        for name in names:
            counts = [point.counts[name] for point in series]
            line = sparkline(counts)
            click.echo(f"{name.ljust(width)}  {line}  {counts[0]:,} → {counts[-1]:,}")
    if chart is not None:
        from segdsl.runtime.charts import series_of, write_chart

        title = f"Segment sizes, {at[0].date()} to {at[-1].date()} every {every}"
        with chart_errors():
            write_chart(Path(chart), title, at, series_of(names, series, moves))
        click.echo(f"wrote {chart}", err=True)


@contextlib.contextmanager
def chart_errors() -> Iterator[None]:
    """A chart that cannot be written (a wrong suffix, no matplotlib) is a usage error."""
    from segdsl.runtime.charts import ChartError

    try:
        yield
    except ChartError as error:
        raise click.UsageError(str(error)) from None


@click.command()
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
    from segdsl.runtime.analytics import report as compute_report

    project = project_settings(file)
    instant = parse_as_of(as_of)
    schema = schema_for(schema_path, project)
    measures = measures_for(expr, file, segment, schema)
    with open_database(db, project, timeout, schema) as database:
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
    emit(headers, rows, output_format)
